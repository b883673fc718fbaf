// Quick to capture (issue 10): what a facilitator types is what the map holds.
import { test, expect, engineReport, watchContext, element, documentNow } from "./fixtures.mjs";

const field = (page, name) => page.locator(`.inspector input[data-field="${name}"]`);
const unit = (page, name) => page.locator(`.inspector select[data-field="${name}-unit"]`);
const stored = async (page, id) => (await documentNow(page)).maps[0].elements.find((e) => e.id === id);

test("time fields read what people type: 2h, 90 min, 1:30, 1.5d, 45s", async ({ page }) => {
  await page.goto("/?example=incident-resolution");
  await element(page, "triage").click();
  const time = field(page, "process_time");
  const cases = [
    ["2h", { value: 2, unit: "h" }, "2 h"],
    ["90 min", { value: 90, unit: "min" }, "90 min"],
    ["1:30", { value: 90, unit: "min" }, "90 min"],
    ["1.5d", { value: 1.5, unit: "d" }, "1.5 d"],
    ["45s", { value: 45, unit: "s" }, "45 s"],
    ["12", { value: 12, unit: "s" }, "12 s"], // a bare number keeps the unit shown
  ];
  for (const [typed, expected, onMap] of cases) {
    await time.fill(typed);
    expect((await stored(page, "triage")).kind.process.process_time, typed).toEqual(expected);
    await expect(unit(page, "process_time")).toHaveValue(expected.unit);
    await expect(element(page, "triage").locator(".data-value").first()).toHaveText(onMap);
  }
  // Something that is not a time is explained, and the map keeps its value.
  await time.fill("2 parsecs");
  await expect(page.locator(".inspector .field-error")).toContainText("is not a time (try 45 min, 2 h, 1:30 or 1.5 d)");
  expect((await stored(page, "triage")).kind.process.process_time).toEqual({ value: 12, unit: "s" });
  // Leaving the field shows the value the map holds.
  await time.press("Tab");
  await expect(time).toHaveValue("12");
  await expect(page.locator(".inspector .field-error")).toHaveCount(0);

  // An inventory's wait reads the same way, and its range (1-4-16 h) follows the new unit.
  await element(page, "q-assign").click();
  await field(page, "wait").fill("1:15");
  expect((await stored(page, "q-assign")).kind.inventory.wait).toEqual({
    value: 75,
    unit: "min",
    spread: { range: { min: 60, likely: 240, max: 960 } },
  });
});

test("the ladder says where rework repeats a wait or a step, and its totals are legible", async ({ page }) => {
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".timeline .rung").first()).toBeVisible();
  const report = (await engineReport(page)).maps[0];
  const noted = report.timeline.filter((r) => r.note);
  expect(noted.length).toBeGreaterThan(0);
  // Each longer time has, beside it, what it is made of ("3 d + 45 min rework").
  await expect(page.locator(".timeline .rung-note")).toHaveText(noted.map((r) => r.note));
  for (const rung of noted) {
    const shown = page.locator(`.timeline .rung:has(.rung-note:text-is("${rung.note}"))`);
    await expect(shown.locator(".rung-time")).toHaveText(rung.time.text);
  }
  // The totals' labels never run into their figures.
  const texts = page.locator(".timeline-totals .totals text");
  for (let i = 0; i < 6; i += 2) {
    const [label, value] = [await texts.nth(i).boundingBox(), await texts.nth(i + 1).boundingBox()];
    expect(label.x + label.width, await texts.nth(i).textContent()).toBeLessThan(value.x);
  }
});

test("a metric explains itself on a tap, as well as on hover", async ({ browser, context: _watched }) => {
  const context = watchContext(await browser.newContext({ hasTouch: true, viewport: { width: 1280, height: 720 } }));
  const page = await context.newPage();
  await page.goto("/?example=incident-resolution");
  const lead = page.locator('.metric[data-metric="lead_time"]');
  await expect(lead).toHaveAttribute("title", /expected time from start to customer/);
  await lead.tap();
  await expect(lead).toHaveAttribute("aria-expanded", "true");
  await expect(page.locator(".metric-explained")).toHaveText(/^Lead time: The expected time from start to customer/);
  // Another figure replaces it; tapping the open one again closes it.
  await page.locator('.metric[data-metric="flow_efficiency"]').tap();
  await expect(page.locator(".metric-explained")).toHaveText(/^Flow efficiency: Process time ÷ lead time/);
  await page.locator('.metric[data-metric="flow_efficiency"]').tap();
  await expect(page.locator(".metric-explained")).toHaveCount(0);
  await context.close();
});
