// The engine in the browser: a map at the size limit, the refusal of a rework
// loop that never ends, and the inspector saying which figure an inventory's
// wait comes from. Figures are checked against `takt analyze --json` on the
// same file.
import { test, expect, fitWhole } from "./fixtures.mjs";
import { execFileSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../../..");
const takt = process.env.TAKT_BIN ?? resolve(repo, "target/debug/takt");
const scratch = mkdtempSync(join(tmpdir(), "takt-engine-"));

test.beforeEach(async ({ page }) => {
  page.on("pageerror", (e) => {
    throw e;
  });
});

/** `steps` steps in series, 1 min each, each sending work back to the previous at 10%. */
function reworkedChain(steps) {
  const id = (i) => `s${String(i).padStart(5, "0")}`;
  const elements = [];
  const flows = [];
  for (let i = 0; i < steps; i++) {
    elements.push({ id: id(i), name: id(i), x: (i % 100) * 150, y: Math.floor(i / 100) * 200, kind: { process: { process_time: { value: 1, unit: "min" } } } });
    if (i > 0) {
      flows.push({ id: `p${i}`, from: id(i - 1), to: id(i), kind: "push" });
      flows.push({ id: `r${i}`, from: id(i), to: id(i - 1), kind: { rework: { probability: 0.1 } } });
    }
  }
  elements.push({ id: "cust", name: "Customer", x: 0, y: -200, kind: "customer" });
  flows.push({ id: "last", from: id(steps - 1), to: "cust", kind: "push" });
  return {
    format: "takt-vsm",
    version: 3,
    title: "A 50,000-element chain",
    maps: [{ id: "current", name: "Current state", state: "current", demand: { quantity: 10, per: "day" }, elements, flows }],
  };
}

test("a 50,000-element chain with rework imports and shows the engine's lead time", async ({ page }) => {
  test.setTimeout(180_000);
  const file = join(scratch, "chain.json");
  writeFileSync(file, JSON.stringify(reworkedChain(49_999)));
  const expected = JSON.parse(execFileSync(takt, ["analyze", file, "--json"], { maxBuffer: 1 << 30 }).toString()).maps[0];
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  await page.locator('[data-testid="import-file"]').setInputFiles(file);
  await expect(page.locator(".doc-title")).toHaveValue("A 50,000-element chain", { timeout: 150_000 });
  const lead = page.locator('.metric[data-metric="lead_time"]');
  await expect(lead.locator(".metric-value")).toHaveText(expected.lead_time.text, { timeout: 60_000 });
  expect(Number(await lead.getAttribute("data-seconds"))).toBeCloseTo(expected.lead_time.seconds, 3);
  await expect(page.locator(".banner.fatal")).toHaveCount(0);
});

test("a step whose default rework would never let go is refused with the reason, and nothing changes", async ({ page }) => {
  await page.goto("/?example=user-onboarding");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  await fitWhole(page);
  const validate = page.locator('.canvas .element[data-id="validate"]');
  await validate.click();
  const field = page.locator('.inspector input[data-field="pct_ca"]');
  await expect(field).toHaveValue("75");
  const before = await page.evaluate(() => window.wasmBindings.document_json());
  await field.fill("0");
  const notice = page.locator(".notice.error");
  await expect(notice).toContainText("never leave");
  await expect(notice).toContainText("\u201cData validation\u201d");
  expect(await page.evaluate(() => window.wasmBindings.document_json())).toEqual(before);
  // Leaving the field shows the value the map still holds.
  await field.press("Tab");
  await expect(field).toHaveValue("75");
});

test("the inspector says which figure an inventory's wait comes from", async ({ page }) => {
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  await fitWhole(page);
  const file = join(scratch, "incident.json");
  writeFileSync(file, await page.evaluate(() => window.wasmBindings.document_json()));
  const expected = JSON.parse(execFileSync(takt, ["analyze", file, "--json"]).toString()).maps[0];
  const queue = expected.inventories[0];
  await page.locator(`.canvas .element[data-id="${queue.id}"]`).click();
  const derived = page.locator('.inspector [data-derived="inventory-wait"]');
  await expect(derived).toHaveText(`Counted wait: ${queue.wait.text} \u2014 ${queue.wait_from}.`);
});
