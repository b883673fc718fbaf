#!/usr/bin/env bash
# Installs what is missing, builds Takt and serves it at http://127.0.0.1:8080
# with the built-in example map open.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
source scripts/env.sh
exec trunk serve --release "$@"
