// The first screen: a built-in example opens read-only, and the figures it shows
// are the engine's own, as `takt analyze --json` prints them for the same file.
import { test, expect } from "./fixtures.mjs";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../../..");
const takt = process.env.TAKT_BIN ?? resolve(repo, "target/debug/takt");

function analyze(example) {
  const out = execFileSync(takt, ["analyze", resolve(repo, `public/examples/${example}.json`), "--json"]);
  return JSON.parse(out.toString());
}

const TIMES = ["lead_time", "process_time", "rework_lead_time", "rework_work", "work_content", "takt"];
const RATIOS = ["flow_efficiency", "rolled_pct_ca"];

async function expectFiguresOf(page, expected) {
  for (const key of TIMES) {
    const card = page.locator(`[data-metric="${key}"]`);
    await expect(card.locator(".metric-value")).toHaveText(expected[key].text);
    expect(Number(await card.getAttribute("data-seconds"))).toBeCloseTo(expected[key].seconds, 6);
  }
  for (const key of RATIOS) {
    await expect(page.locator(`[data-metric="${key}"] .metric-value`)).toHaveText(expected[key].text);
  }
  await expect(page.locator('[data-metric="bottleneck"] .bottleneck-name')).toHaveText(expected.bottleneck.name);
  await expect(page.locator(".critical-path li .step-name")).toHaveText(expected.critical_path.map((n) => n.name));
  // The critical path is highlighted on the canvas, element by element.
  const highlighted = await page.locator(".canvas .element.critical").evaluateAll((els) => els.map((e) => e.dataset.id));
  expect(highlighted.sort()).toEqual(expected.critical_path.map((n) => n.id).sort());
  // The bottleneck is marked on the canvas.
  await expect(page.locator(".canvas .element.bottleneck")).toHaveAttribute("data-id", expected.bottleneck.id);
}

for (const example of ["incident-resolution", "manufacturing", "software-deployment", "user-onboarding"]) {
  test(`${example}: the metrics shown equal takt analyze --json, for every map`, async ({ page }) => {
    const report = analyze(example);
    await page.goto(`/?example=${example}`);
    await expect(page.locator(".doc-title")).toHaveValue(report.title);
    const tabs = page.locator(".tab");
    await expect(tabs).toHaveCount(report.maps.length);
    for (const [i, map] of report.maps.entries()) {
      await tabs.nth(i).click();
      await expect(tabs.nth(i)).toHaveAttribute("aria-current", "true");
      await expectFiguresOf(page, map);
    }
  });
}

test("choosing another example replaces the map and its figures", async ({ page }) => {
  await page.goto("/");
  const report = analyze("manufacturing");
  await expect(page.locator(".doc-title")).toHaveValue(analyze("incident-resolution").title);
  await page.locator('select[aria-label="Example map"]').selectOption("manufacturing");
  await expect(page.locator(".doc-title")).toHaveValue(report.title);
  await expectFiguresOf(page, report.maps[0]);
});

test("an example chosen while the first map is still loading is the one shown", async ({ page }) => {
  // The map the app opens with arrives late; the user's choice arrives first.
  let releaseFirst;
  const firstHeld = new Promise((resolve) => (releaseFirst = resolve));
  let firstRequested = false;
  await page.route("**/examples/incident-resolution.json", async (route) => {
    firstRequested = true;
    await firstHeld;
    await route.continue();
  });
  await page.goto("/");
  await expect.poll(() => firstRequested).toBe(true);
  await page.locator('select[aria-label="Example map"]').selectOption("manufacturing");
  const report = analyze("manufacturing");
  await expect(page.locator(".doc-title")).toHaveValue(report.title);
  // The late first map must not replace the choice: wait until its request has
  // been answered, then check the choice is still what is shown.
  const answered = page.waitForResponse("**/examples/incident-resolution.json");
  releaseFirst();
  await answered;
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  await expect(page.locator(".doc-title")).toHaveValue(report.title);
  await expectFiguresOf(page, report.maps[0]);
});

test("the timeline ladder shows the critical path with its totals", async ({ page }) => {
  const map = analyze("incident-resolution").maps[0];
  await page.goto("/");
  const rungs = page.locator(".timeline .rung");
  await expect(rungs).toHaveCount(map.timeline.length);
  await expect(page.locator(".timeline .rung .rung-time")).toHaveText(map.timeline.map((r) => r.time.text));
  await expect(page.locator(".timeline-totals .totals")).toContainText(map.lead_time.text);
  await page.screenshot({ path: "test-results/first-screen.png", fullPage: true });
});
