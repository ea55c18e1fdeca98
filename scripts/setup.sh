#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what building, testing and running O2C Cockpit needs on Debian 12 or Ubuntu 24.04.
# Only missing packages are installed; run as root or with sudo rights.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev qt6-httpserver-dev
  qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins
  libqt6sql6-sqlite libqt6sql6-psql qtkeychain-qt6-dev libspdlog-dev libxkbcommon-dev
  libgl-dev dpkg-dev file
  xvfb xauth imagemagick x11-apps dbus dbus-x11 gnome-keyring fonts-dejavu-core
)
# The services the test suite talks to; the demo does without them.
test_services=(postgresql postgresql-client rabbitmq-server curl)
if [ "${O2C_SETUP_MINIMAL:-0}" != 1 ]; then
  packages+=("${test_services[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: please run as root or install sudo; missing: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "setup: installing ${missing[*]}"
"${as_root[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
