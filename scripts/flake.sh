#!/usr/bin/env bash
# Runs the end-to-end suite N times (default 5) with the settings CI uses (the
# release build, two workers, no retries) and prints, per test, how many runs
# passed. Builds once first. Usage: bash scripts/flake.sh [N] [playwright args...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
shift || true
scripts/setup.sh all >/dev/null
source scripts/env.sh
trunk build --release >/dev/null
cargo build --bin takt >/dev/null
out="$(mktemp -d)"
for i in $(seq 1 "$runs"); do
  (cd tests/e2e && npx playwright test --reporter=json "$@" >"$out/run-$i.json" 2>/dev/null) || true
  printf 'run %d of %d done\n' "$i" "$runs" >&2
done
node - "$out" "$runs" <<'JS'
const fs = require("fs");
const [dir, runs] = process.argv.slice(2);
const passed = new Map();
const walk = (suite, file) => {
  for (const spec of suite.specs ?? []) {
    const name = `${file ?? suite.file} › ${spec.title}`;
    const ok = spec.tests.every((t) => t.results.length > 0 && t.results.every((r) => r.status === "passed"));
    passed.set(name, (passed.get(name) ?? 0) + (ok ? 1 : 0));
  }
  for (const child of suite.suites ?? []) walk(child, file ?? suite.file);
};
for (let i = 1; i <= Number(runs); i++) {
  const report = JSON.parse(fs.readFileSync(`${dir}/run-${i}.json`, "utf8"));
  for (const suite of report.suites) walk(suite);
}
const rows = [...passed].sort(([a, x], [b, y]) => x - y || a.localeCompare(b));
const flaky = rows.filter(([, n]) => n < Number(runs));
for (const [name, n] of rows) console.log(`${String(n).padStart(3)}/${runs}  ${name}`);
console.log(`\n${rows.length} tests, ${rows.length - flaky.length} passed every run, ${flaky.length} failed at least once`);
process.exitCode = flaky.length ? 1 : 0;
JS
