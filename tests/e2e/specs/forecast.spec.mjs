// The lead-time forecast: simulated in the browser between frames, the same
// figures as the engine's `takt simulate` from the same seed, and a range typed
// in the inspector moves it.
import { test, expect, engineReport, download, fitWhole } from "./fixtures.mjs";

/** Opens a built-in map and waits for its forecast's 10,000 runs (the summary shows only a real map's). */
async function openForecast(page, example = "incident-resolution") {
  await page.goto(`/?example=${example}`);
  await expect(page.locator(".forecast-panel .forecast-summary")).toBeVisible();
  await expect(page.locator(".forecast-panel")).toHaveAttribute("data-runs", "10000");
}

test("the forecast panel shows the engine's distribution, and a step's range moves its p85", async ({ page }) => {
  await openForecast(page);
  const panel = page.locator(".forecast-panel");
  const engine = (await engineReport(page, ["simulate", "--runs", "10000", "--seed", "1"]))[0];
  // The same seed gives the same result natively and in the browser, to the second.
  await expect(panel.locator(".forecast-summary")).toHaveText(engine.summary);
  const p85 = Number(await panel.locator(".forecast-summary").getAttribute("data-p85"));
  expect(p85).toBe(engine.p85.seconds);
  await expect(panel.locator(".forecast-figures")).toContainText(`p95 ${engine.p95.text}`);
  await expect(panel.locator(".forecast-bar")).toHaveCount(engine.histogram.counts.length);
  await expect(panel.locator(".forecast-mark")).toHaveCount(3);
  // The example's own ranges (Diagnose, two queues) are counted, and marked on the map.
  expect(engine.varied).toBe(3);
  await expect(panel.locator(".forecast-varied")).toHaveAttribute("data-varied", "3");
  await expect(panel.locator(".forecast-varied")).toContainText("3 times on this map have a spread");
  await expect(page.locator('.canvas .element[data-id="diagnose"] .data-range')).toContainText("(20\u2013180)");
  await expect(page.locator('.canvas .element[data-id="triage"]')).not.toHaveAttribute("data-spread", "true");

  // A range on Triage's process time, typed in the inspector: 10 min is now 5 to 300 min.
  await fitWhole(page);
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
  await expect(panel.locator(".forecast-varied")).toHaveAttribute("data-varied", "4");
  // The step is marked on the map with its range; its criticality shows on the critical path and in the inspector.
  const triageBox = page.locator('.canvas .element[data-id="triage"]');
  await expect(triageBox).toHaveAttribute("data-spread", "true");
  await expect(triageBox.locator(".data-range")).toContainText("(5\u2013300)");
  await expect(page.locator('.canvas .element[data-id="cab"]')).not.toHaveAttribute("data-spread", "true");
  const critical = moved.criticality.find((c) => c.id === "triage");
  await expect(page.locator('.critical-path li[data-id="triage"] .criticality')).toHaveAttribute("data-share", String(critical.share));
  await expect(page.locator('.critical-path li[data-id="triage"] .criticality')).toContainText(`${critical.text} of runs`);
  await expect(page.locator('.inspector [data-derived="criticality"] .figure-value')).toHaveText(`in ${critical.text} of simulated units`);
  // A range out of order is refused, and says why; the stored range stays.
  await range.fill("30/10/5");
  await expect(page.locator('.inspector .field-error')).toContainText("min <= likely <= max");
  const after = JSON.parse(await page.evaluate(() => window.wasmBindings.document_json()));
  expect(after.maps[0].elements.find((e) => e.id === "triage").kind.process.process_time.spread).toEqual({ range: { min: 5, likely: 10, max: 300 } });
});

test("Compare shows both states' forecasts on one axis, and the change in p85 as well as in the mean", async ({ page }) => {
  await openForecast(page);
  const forecasts = await engineReport(page, ["simulate"]);
  const [comparison] = await engineReport(page, ["compare"]);
  const before = forecasts.find((f) => f.map === comparison.before.id);
  const after = forecasts.find((f) => f.map === comparison.after.id);
  await page.locator(".tab-action", { hasText: "Compare" }).click();
  const rows = page.locator(".comparison .distributions .forecast-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute("data-p85", String(before.p85.seconds));
  await expect(rows.nth(1)).toHaveAttribute("data-p85", String(after.p85.seconds));
  await expect(rows.nth(0).locator(".forecast-bar")).toHaveCount(before.histogram.counts.length);
  await expect(rows.nth(1).locator(".forecast-bar")).toHaveCount(after.histogram.counts.length);
  await expect(rows.nth(1).locator('[data-mark="p85"] text')).toHaveText(`p85 ${after.p85.text}`);
  // One axis: the future state's faster p85 is drawn to the left of the current state's.
  const markX = async (row) => Number(await row.locator('[data-mark="p85"] line').getAttribute("x1"));
  expect(after.p85.seconds).toBeLessThan(before.p85.seconds);
  expect(await markX(rows.nth(1))).toBeLessThan(await markX(rows.nth(0)));
  for (const key of ["forecast_p85", "forecast_mean"]) {
    const metric = comparison.metrics.find((m) => m.key === key);
    const row = page.locator(`.comparison-table tr[data-metric="${key}"]`);
    await expect(row.locator(".before")).toHaveText(metric.before);
    await expect(row.locator(".after")).toHaveText(metric.after);
    await expect(row.locator(".change")).toHaveText(metric.change_text);
    await expect(row).toHaveClass(/better/);
  }
  expect(comparison.metrics.find((m) => m.key === "forecast_p85").before).toBe(before.p85.text);
});

test("the forecast goes out with the exports: its own CSV, each step's criticality, the histogram in the pictures", async ({ page }) => {
  await openForecast(page);
  const engine = (await engineReport(page, ["simulate"]))[0];

  const forecast = await download(page, "Lead-time forecast (CSV)");
  expect(forecast.name).toMatch(/forecast\.csv$/);
  const rows = forecast.data.toString().trim().split("\r\n").map((r) => r.split(","));
  expect(rows[0]).toEqual(["map", "runs", "seed", "figure", "lead_time_s", "lead_time"]);
  expect(rows).toHaveLength(1 + 1 + 21);
  const row = (figure) => rows.find((r) => r[3] === figure);
  expect(Number(row("mean")[4])).toBe(engine.mean.seconds);
  expect(Number(row("p85")[4])).toBe(engine.p85.seconds);
  expect(row("p85").slice(1, 3)).toEqual(["10000", "1"]);
  expect(Number(row("p0")[4])).toBe(engine.min.seconds);
  expect(Number(row("p100")[4])).toBe(engine.max.seconds);

  const steps = await download(page, "Steps (CSV)");
  const lines = steps.data.toString().trim().split("\r\n").map((r) => r.split(","));
  const column = lines[0].indexOf("criticality");
  expect(column).toBeGreaterThan(0);
  for (const step of engine.criticality) {
    expect(Number(lines.find((l) => l[0] === step.id)[column]), step.id).toBe(step.share);
  }

  const svg = await download(page, "Map picture (SVG)");
  const png = await download(page, "Map picture (PNG)");
  // Both read back in a page of their own: the SVG parsed, the PNG decoded.
  const outside = await page.context().newPage();
  const picture = await outside.evaluate(
    async ({ text, bytes }) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      const root = doc.documentElement;
      const histogram = root.querySelector(".forecast-histogram");
      const [vx, vy] = root.getAttribute("viewBox").split(" ").map(Number);
      const box = ["x", "y", "width", "height"].map((a) => Number(histogram.getAttribute(a)));
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: "image/png" }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext("2d");
      context.drawImage(bitmap, 0, 0);
      const scale = bitmap.width / Number(root.getAttribute("width"));
      const [x, y, w, h] = [(box[0] - vx) * scale, (box[1] - vy) * scale, box[2] * scale, box[3] * scale].map(Math.round);
      const pixels = context.getImageData(x, y, w, h).data;
      // The bars' navy, over white: blue well above red.
      let navy = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 2] - pixels[i] > 30 && pixels[i] < 140) navy++;
      // The share of the histogram the SVG's bars cover, in its own units.
      const [, , vw, vh] = histogram.getAttribute("viewBox").split(" ").map(Number);
      const covered = [...histogram.querySelectorAll(".forecast-bar")]
        .map((b) => Number(b.getAttribute("width")) * Number(b.getAttribute("height")))
        .reduce((a, b) => a + b, 0);
      return {
        bars: histogram.querySelectorAll(".forecast-bar").length,
        drawn: covered / (vw * vh),
        marks: [...histogram.querySelectorAll(".forecast-mark text")].map((t) => t.textContent),
        width: box[2],
        navy,
        area: w * h,
      };
    },
    { text: svg.data.toString(), bytes: [...png.data] },
  );
  await outside.close();
  expect(picture.bars).toBe(engine.histogram.counts.length);
  expect(picture.marks).toContain(`p85 ${engine.p85.text}`);
  expect(picture.width).toBeGreaterThan(150);
  // The PNG shows the bars the SVG draws: navy covers (nearly) the share they take.
  expect(picture.drawn).toBeGreaterThan(0.01);
  expect(picture.navy / picture.area).toBeGreaterThan(picture.drawn * 0.8);
  expect(picture.navy / picture.area).toBeLessThan(picture.drawn * 1.25);
});

test("the printed page carries the forecast beside the metrics", async ({ page }) => {
  await page.setViewportSize({ width: 1047, height: 718 });
  await openForecast(page);
  const engine = (await engineReport(page, ["simulate"]))[0];
  await page.emulateMedia({ media: "print" });
  const panel = page.locator(".forecast-panel");
  await expect(panel.locator(".forecast-summary")).toHaveText(engine.summary);
  const box = await panel.locator(".forecast-histogram").boundingBox();
  expect(box.width).toBeGreaterThan(150);
  expect(box.y + box.height).toBeLessThanOrEqual(718);
  const bars = await panel.locator(".forecast-bar").evaluateAll((rects) => rects.filter((r) => r.getBoundingClientRect().height > 0).length);
  expect(bars).toBeGreaterThan(3);
});

test("a map with no ranges says so, and where to give one", async ({ page }) => {
  await openForecast(page, "user-onboarding");
  const engine = (await engineReport(page, ["simulate"]))[0];
  expect(engine.varied).toBe(0);
  const varied = page.locator(".forecast-panel .forecast-varied");
  await expect(varied).toHaveAttribute("data-varied", "0");
  await expect(varied).toContainText("No time on this map has a spread yet");
  await expect(page.locator(".canvas .element[data-spread]")).toHaveCount(0);
});

test("a shipment's transit takes a range: shown on its label, counted and simulated as the engine does", async ({ page }) => {
  await openForecast(page, "manufacturing");
  const panel = page.locator(".forecast-panel");
  await expect(panel.locator(".forecast-varied")).toHaveAttribute("data-varied", "0");
  const before = Number(await panel.locator(".forecast-summary").getAttribute("data-p85"));
  // The steel mill's truck: 1 d in transit, now 1 to 5 d, most likely 1.
  const truck = page.locator('.canvas .flow[data-flow="f1"]');
  await truck.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".inspector h2")).toHaveText("Flow");
  await page.locator('.inspector input[data-field="transit_spread"]').fill("1/1/5");
  await expect(truck.locator(".flow-label")).toHaveText("1 d (1\u20135) in transit");
  await expect(panel.locator(".forecast-varied")).toHaveAttribute("data-varied", "1");
  await expect(panel).toHaveAttribute("data-runs", "10000");
  const engine = (await engineReport(page, ["simulate", "--runs", "10000", "--seed", "1"]))[0];
  await expect(panel.locator(".forecast-summary")).toHaveText(engine.summary);
  expect(engine.p85.seconds).toBeGreaterThan(before);
  const doc = JSON.parse(await page.evaluate(() => window.wasmBindings.document_json()));
  expect(doc.maps[0].flows.find((f) => f.id === "f1").kind.shipment.transit).toEqual({
    value: 1,
    unit: "d",
    spread: { range: { min: 1, likely: 1, max: 5 } },
  });
  // The transit and its range are two undo steps: undo takes the range off, the day stays.
  await page.locator('[data-action="undo"]').click();
  await expect(truck.locator(".flow-label")).toHaveText("1 d in transit");
  await expect(panel.locator(".forecast-varied")).toHaveAttribute("data-varied", "0");
});
