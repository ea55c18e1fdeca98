#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets everything up, builds, and launches the cockpit on the embedded Odoo simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
O2C_SETUP_MINIMAL=1 scripts/setup.sh
scripts/build.sh --target o2c-cockpit
exec "${O2C_BUILD_DIR:-build/dev}/app/o2c-cockpit" --demo "$@"
