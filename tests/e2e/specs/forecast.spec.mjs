// The lead-time forecast: simulated in the browser between frames, the same
// figures as the engine's `takt simulate` from the same seed, and a range typed
// in the inspector moves it.
import { test, expect, engineReport } from "./fixtures.mjs";

test("the forecast panel shows the engine's distribution, and a step's range moves its p85", async ({ page }) => {
  await page.goto("/?example=incident-resolution");
  const panel = page.locator(".forecast-panel");
  await expect(panel).toHaveAttribute("data-runs", "10000");
  const engine = (await engineReport(page, ["simulate", "--runs", "10000", "--seed", "1"]))[0];
  // The same seed gives the same result natively and in the browser, to the second.
  await expect(panel.locator(".forecast-summary")).toHaveText(engine.summary);
  const p85 = Number(await panel.locator(".forecast-summary").getAttribute("data-p85"));
  expect(p85).toBe(engine.p85.seconds);
  await expect(panel.locator(".forecast-figures")).toContainText(`p95 ${engine.p95.text}`);
  await expect(panel.locator(".forecast-bar")).toHaveCount(engine.histogram.counts.length);
  await expect(panel.locator(".forecast-mark")).toHaveCount(3);
  await expect(panel).toContainText("No time on this map has a spread yet");

  // A range on Triage's process time, typed in the inspector: 10 min is now 5 to 300 min.
  await page.keyboard.press("f");
  await page.locator('.canvas .element[data-id="triage"]').click();
  const range = page.locator('.inspector input[data-field="process_time_spread"]');
  await range.fill("5/10/300");
  await expect(panel).toHaveAttribute("data-runs", "10000");
  await expect.poll(async () => Number(await panel.locator(".forecast-summary").getAttribute("data-p85"))).toBeGreaterThan(p85);
  const doc = JSON.parse(await page.evaluate(() => window.wasmBindings.document_json()));
  const triage = doc.maps[0].elements.find((e) => e.id === "triage");
  expect(triage.kind.process.process_time.spread).toEqual({ range: { min: 5, likely: 10, max: 300 } });
  // The point value is untouched: the analysis's lead time stays.
  expect(triage.kind.process.process_time.value).toBe(10);
  const moved = (await engineReport(page, ["simulate", "--runs", "10000", "--seed", "1"]))[0];
  await expect(panel.locator(".forecast-summary")).toHaveText(moved.summary);
  await expect(panel).not.toContainText("No time on this map has a spread yet");
  // A range out of order is refused, and says why; the stored range stays.
  await range.fill("30/10/5");
  await expect(page.locator('.inspector .field-error')).toContainText("min <= likely <= max");
  const after = JSON.parse(await page.evaluate(() => window.wasmBindings.document_json()));
  expect(after.maps[0].elements.find((e) => e.id === "triage").kind.process.process_time.spread).toEqual({ range: { min: 5, likely: 10, max: 300 } });
});
