#!/usr/bin/env bash
# Installs what Takt needs, skipping whatever is already there at the right version.
#   scripts/setup.sh build   the wasm target, wasm-bindgen-cli, Trunk, wasm-opt (to build and serve)
#   scripts/setup.sh all     the above, plus Playwright and Debian's Chromium (to test)
# Everything comes from crates.io, npm or apt: nothing is downloaded from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-all}"
TRUNK_VERSION="0.21.14"
# wasm-bindgen-cli must equal the wasm-bindgen crate, which Cargo.toml pins with "=".
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # The registry mirror may lack a version its lock file names; then resolve afresh.
  cargo install --locked --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" \
    || cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing Trunk $TRUNK_VERSION (about 8 minutes on 2 cores)"
  cargo install --locked --force trunk --version "$TRUNK_VERSION" \
    || cargo install --force trunk --version "$TRUNK_VERSION"
fi

# wasm-opt (binaryen 132) and Playwright live in tests/e2e/node_modules, pinned by its lock file.
if ! (cd tests/e2e && [ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/playwright ] \
      && npm ls --depth=0 >/dev/null 2>&1); then
  say "installing npm packages (binaryen, Playwright test runner)"
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

if [ "$what" = "all" ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's Chromium"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi
