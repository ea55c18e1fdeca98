#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Starts (or stops) the services the tests use, on loopback only:
# PostgreSQL with a role o2c/o2c and a database o2c_test.
set -euo pipefail
action=${1:-start}
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }

pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

case "$action" in
start)
  v=$(pg_version)
  if [ -z "$v" ]; then
    echo "services: PostgreSQL is not installed (scripts/setup.sh installs it)" >&2
    exit 1
  fi
  "${as_root[@]}" pg_ctlcluster "$v" main start 2>/dev/null || true   # exit 2: already running
  for _ in $(seq 1 30); do
    as_postgres "pg_isready -q -h 127.0.0.1" && break
    sleep 0.5
  done
  as_postgres "pg_isready -h 127.0.0.1" >/dev/null
  as_postgres "psql -q -v ON_ERROR_STOP=1 -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='o2c') THEN CREATE ROLE o2c LOGIN PASSWORD 'o2c'; END IF; END \\\$\\\$;\""
  as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='o2c_test'\"" | grep -q 1 \
    || as_postgres "createdb -O o2c o2c_test"
  echo "services: PostgreSQL $v on 127.0.0.1:5432 (database o2c_test, role o2c)"
  # Further services, one script each, started the same way.
  for extra in "$(dirname "$0")"/service-*.sh; do
    if [ -x "$extra" ]; then "$extra" start; fi
  done
  ;;
stop)
  for extra in "$(dirname "$0")"/service-*.sh; do
    if [ -x "$extra" ]; then "$extra" stop || true; fi
  done
  v=$(pg_version)
  [ -n "$v" ] && "${as_root[@]}" pg_ctlcluster "$v" main stop 2>/dev/null || true
  ;;
*)
  echo "usage: scripts/services.sh start|stop" >&2
  exit 2
  ;;
esac
