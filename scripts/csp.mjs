// Trunk post-build hook: gives index.html a Content-Security-Policy that lets
// only the app's own script and wasm run. Trunk writes its loader as an inline
// module script, which such a policy forbids, so the loader moves to its own
// file (named by its hash) first.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("csp.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)");
const page = join(dir, "index.html");
let html = readFileSync(page, "utf8");

const inline = /<script type="module">([\s\S]*?)<\/script>/;
const found = html.match(inline);
if (found) {
  const code = found[1].trim() + "\n";
  const name = `loader-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
  writeFileSync(join(dir, name), code);
  html = html.replace(found[0], `<script type="module" src="/${name}"></script>`);
}
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error("an inline script is left in index.html");

export const POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

if (!html.includes("Content-Security-Policy")) {
  html = html.replace(/<meta charset="utf-8" \/>/, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${POLICY}" />`);
}
if (!html.includes("Content-Security-Policy")) throw new Error("no place for the policy in index.html");
writeFileSync(page, html);
