// Future states: derive one from the current map, improve it, and compare it
// with the current state, figure by figure against `takt compare --json`.
import { test, expect, fitWhole, element, documentNow } from "./fixtures.mjs";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../../..");
const takt = process.env.TAKT_BIN ?? resolve(repo, "target/debug/takt");
const scratch = mkdtempSync(join(tmpdir(), "takt-future-"));


async function engineComparisons(page) {
  const file = join(scratch, `doc-${Date.now()}.json`);
  writeFileSync(file, await page.evaluate(() => window.wasmBindings.document_json()));
  return JSON.parse(execFileSync(takt, ["compare", file, "--json"]).toString());
}

test("create a future state, improve it, and compare it with the current state", async ({ page }) => {
  page.on("pageerror", (e) => {
    throw e;
  });
  await page.goto("/?example=incident-resolution");
  await expect(element(page, "triage")).toBeVisible();
  await page.locator(".tab-action", { hasText: "+ Future state" }).click();
  await expect(page.locator(".tab.active")).toHaveText(/Future state 2/);
  // The whole map in view (a map opens at a readable 100%), so every step can be clicked.
  await fitWhole(page);
  let doc = await documentNow(page);
  const future = doc.maps.at(-1);
  expect(future.state).toBe("future");
  expect(future.derived_from).toBe("current");
  expect(future.elements.every((e) => e.origin === e.id)).toBe(true);

  // Shorten the CAB wait from 3 d to 4 h.
  await element(page, "q-cab").click();
  await page.locator('.inspector input[data-field="wait"]').fill("4");
  await page.locator('.inspector select[data-field="wait-unit"]').selectOption("h");
  // Remove the security review.
  await element(page, "security").click();
  await page.keyboard.press("Delete");
  await expect(element(page, "security")).toHaveCount(0);
  // A kaizen burst on the diagnosis.
  await page.locator(".palette-item.kaizen").click();
  await page.locator('.inspector input[data-field="name"]').fill("Standard diagnosis checklist");
  await page.locator('.inspector input[data-field="target"]').fill("cut diagnose C/T from 50 to 30 min");
  await page.locator('.inspector select[data-field="attached_to"]').selectOption("diagnose");
  const burst = page.locator(".kaizen-list li", { hasText: "Standard diagnosis checklist" });
  await expect(burst).toContainText("on Diagnose");
  await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
  await burst.locator("button").click();
  await expect(element(page, "diagnose")).toHaveClass(/selected/);

  // The fix step becomes the pacemaker: marked on the map.
  await element(page, "fix").click();
  await page.locator('.inspector input[data-field="pacemaker"]').check();
  await expect(element(page, "fix").locator(".pacemaker-tag")).toBeVisible();

  // The comparison shows the engine's figures for this future state.
  await page.locator(".tab-action", { hasText: "Compare" }).click();
  doc = await documentNow(page);
  const expected = (await engineComparisons(page)).find((c) => c.after.id === doc.maps.at(-1).id);
  const rows = page.locator(".comparison-table tbody tr");
  await expect(rows).toHaveCount(expected.metrics.length);
  for (const metric of expected.metrics) {
    const row = page.locator(`.comparison-table tr[data-metric="${metric.key}"]`);
    await expect(row.locator(".before")).toHaveText(metric.before);
    await expect(row.locator(".after")).toHaveText(metric.after);
    await expect(row.locator(".change")).toHaveText(metric.change_text);
    if (metric.relative && metric.before_value !== null && metric.after_value !== null) {
      const sign = metric.relative.value > 0 ? "+" : "";
      await expect(row.locator(".relative")).toHaveText(sign + metric.relative.text);
    }
    if (metric.improved !== null) await expect(row).toHaveClass(metric.improved ? "better" : "worse");
  }
  const lead = expected.metrics.find((m) => m.key === "lead_time");
  expect(lead.improved).toBe(true);
  // Where the lead time goes, both states on one scale.
  await expect(page.locator(".breakdown .bar-total")).toHaveText([lead.before, lead.after]);
  expect(await page.locator(".breakdown .segment.wait").count()).toBeGreaterThan(0);
  expect(await page.locator(".breakdown .segment.work").count()).toBeGreaterThan(0);
  // What changed, matched through the links back to the current map.
  // The flows that went with it are listed too.
  await expect(page.locator(".change-lists .removed li")).toHaveText([
    "Security review (process step)",
    "Security queue \u2192 Security review (push)",
    "Security review \u2192 Implement fix (push)",
  ]);
  await expect(page.locator(".change-lists .added li")).toHaveText(["Standard diagnosis checklist (kaizen burst)"]);
  await expect(page.locator('.change-lists .changed li[data-id="q-cab"]')).toContainText("Wait: 3 d \u2192 4 h");
  await expect(page.locator('.change-lists .changed li[data-id="fix"]')).toContainText("Pacemaker: no \u2192 yes");
  // The other future state can be chosen too.
  await page.locator('select[aria-label="Future state to compare"]').selectOption({ label: "Future state" });
  await expect(page.locator(".comparison-table thead th").nth(2)).toHaveText("Future state");
  await page.screenshot({ path: "test-results/comparison.png", fullPage: true });
  // The comparison is part of the CSV export too: a row per metric, the engine's figures.
  await page.locator(".tab", { hasText: "Future state 2" }).click();
  await page.locator(".menu summary").click();
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.locator(".menu-items button", { hasText: "Comparison with the future state" }).click(),
  ]);
  const csvRows = readFileSync(await file.path(), "utf8").trim().split("\r\n");
  expect(csvRows).toHaveLength(expected.metrics.length + 1);
  const leadRow = csvRows.find((r) => r.startsWith("lead_time,")).split(",");
  expect([leadRow[4], leadRow[5]]).toEqual([lead.before, lead.after]);
  // Every change is written as shown, its sign with no defusing apostrophe.
  for (const metric of expected.metrics.filter((m) => m.change_text)) {
    const cells = csvRows.find((r) => r.startsWith(`${metric.key},`)).split(",");
    expect(cells[9], metric.key).toBe(metric.change_text);
  }
  expect(csvRows.join("\n")).not.toContain(",'");
});

test("a future state can be removed, and undo brings it back", async ({ page }) => {
  await page.goto("/?example=manufacturing");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  const before = (await documentNow(page)).maps.length;
  await page.locator(".tab-wrap", { hasText: "Future state" }).locator(".tab-close").click();
  expect((await documentNow(page)).maps.length).toBe(before - 1);
  await expect(page.locator(".tab")).toHaveCount(before - 1);
  await page.keyboard.press("Control+z");
  expect((await documentNow(page)).maps.length).toBe(before);
});
