#!/usr/bin/env bash
# The browser benchmark: installs what is missing, makes a release build and
# measures load and drag frame times in headless Chromium (see tests/e2e/bench.mjs).
# The engine's benchmarks are `cargo bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh all
source scripts/env.sh
trunk build --release
node tests/e2e/bench.mjs "$@"
