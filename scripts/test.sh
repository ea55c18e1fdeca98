#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets everything up, builds, starts the services the tests need and runs the whole test suite.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
scripts/services.sh start
build_dir=${O2C_BUILD_DIR:-build/dev}

# The keychain tests need a Secret Service: a private D-Bus session with an unlocked keyring.
export QT_QPA_PLATFORM=offscreen
export O2C_TEST_PG=${O2C_TEST_PG:-"host=127.0.0.1 port=5432 dbname=o2c_test user=o2c password=o2c"}
export O2C_TEST_RABBITMQ=${O2C_TEST_RABBITMQ:-"http://guest:guest@127.0.0.1:15672"}
dbus-run-session -- bash -c '
  printf "o2c-test\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
  ctest --test-dir "$0" --output-on-failure --no-tests=error -j2 --timeout 600
' "$build_dir"
