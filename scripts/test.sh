#!/usr/bin/env bash
# Installs what is missing and runs every check and test, as CI does.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh all
source scripts/env.sh

# The release wasm budget, gzipped.
BUDGET_KB=496

step() { printf '\n==> %s\n' "$*"; }

step "format"
cargo fmt --check

step "clippy (native)"
cargo clippy --all-targets -- -D warnings

step "clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --lib --bin takt-app -- -D warnings

step "native tests (engine, format, command line, properties, fuzz subset)"
cargo test

step "release build"
trunk build --release

step "wasm size"
wasm="$(ls dist/*_bg.wasm)"
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
printf 'release wasm: %d KB raw, %d KB gzipped (budget %d KB gzipped)\n' $((raw / 1024)) $((gz / 1024)) "$BUDGET_KB"
if [ "$gz" -gt $((BUDGET_KB * 1024)) ]; then
  echo "FAIL: the wasm is over its budget" >&2
  exit 1
fi

step "browser end-to-end tests (Chromium)"
cargo build --bin takt
(cd tests/e2e && npx playwright test)
