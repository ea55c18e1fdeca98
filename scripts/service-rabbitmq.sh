#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Starts (or stops) Debian's rabbitmq-server with the management plugin, on 127.0.0.1 only, for the
# middleware tests. Installs nothing (scripts/setup.sh does). Safe to run twice.
set -uo pipefail
action=${1:-start}
state_dir=${O2C_RABBITMQ_DIR:-/tmp/o2c-rabbitmq}
api=http://127.0.0.1:15672/api/overview

as_rabbit() {
  # The Erlang cookie lives in the rabbitmq user's home: run the server and ctl as that user.
  if [ "$(id -u)" -eq 0 ] && id rabbitmq >/dev/null 2>&1; then
    su -s /bin/sh rabbitmq -c "$*"
  elif [ "$(id -u)" -ne 0 ]; then
    sudo -u rabbitmq sh -c "$*"
  else
    sh -c "$*"
  fi
}

answers() { curl -fsS -m 2 -u guest:guest "$api" >/dev/null 2>&1; }

case "$action" in
start)
  if ! command -v rabbitmq-server >/dev/null; then
    echo "services: rabbitmq-server is not installed (scripts/setup.sh installs it)" >&2
    exit 1
  fi
  if answers; then
    echo "services: RabbitMQ already running on 127.0.0.1:5672 (management 127.0.0.1:15672)"
    exit 0
  fi
  mkdir -p "$state_dir"
  conf="$state_dir/rabbitmq.conf"
  printf '%s\n' 'listeners.tcp.1 = 127.0.0.1:5672' 'management.tcp.ip = 127.0.0.1' \
    'management.tcp.port = 15672' 'loopback_users.guest = true' > "$conf"
  chmod 755 "$state_dir"; chmod 644 "$conf"
  as_rabbit "rabbitmq-plugins enable --offline rabbitmq_management >/dev/null"
  # epmd and the Erlang distribution port listen on loopback too.
  as_rabbit "RABBITMQ_CONFIG_FILE=$conf ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}' \
    rabbitmq-server -detached" 2>/dev/null
  for _ in $(seq 1 120); do
    answers && break
    sleep 0.5
  done
  if ! answers; then
    echo "services: RabbitMQ did not answer on $api within 60 s; see /var/log/rabbitmq" >&2
    exit 1
  fi
  echo "services: RabbitMQ on 127.0.0.1:5672 (management http://127.0.0.1:15672, guest/guest)"
  ;;
stop)
  if command -v rabbitmqctl >/dev/null; then
    as_rabbit "rabbitmqctl stop >/dev/null 2>&1" || true
  fi
  # epmd outlives the broker; ask it to end itself.
  if command -v epmd >/dev/null; then epmd -kill >/dev/null 2>&1 || true; fi
  ;;
*)
  echo "usage: scripts/service-rabbitmq.sh start|stop" >&2
  exit 2
  ;;
esac
