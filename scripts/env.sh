# Sourced by the other scripts: tools installed by setup.sh come first on PATH,
# so Debian's old wasm-opt (if any) is never used.
export PATH="$PWD/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
