// The editor as a facilitator drives it: palette, connecting, typing figures,
// undo and redo, box select, quick entry, the table view, bad values, the
// keyboard. Figures on screen are checked against `takt analyze --json` run on
// the document the app holds after the edits, never against hard-coded numbers.
import { test, expect, engineReport, fitWhole, element, inspectorField, metric, documentNow, centre } from "./fixtures.mjs";

/** The app's document as an object. */
const seconds = async (page, key) => Number(await metric(page, key).getAttribute("data-seconds"));
const elements = (page) => page.locator(".canvas .element");
const flows = (page) => page.locator(".canvas .flow");

/** Shows the figures of map `index` of the engine's report, as the panel must. */
async function expectPanelToMatchEngine(page, index = 0) {
  const expected = (await engineReport(page)).maps[index];
  await expect(metric(page, "lead_time").locator(".metric-value")).toHaveText(expected.lead_time.text);
  expect(await seconds(page, "lead_time")).toBeCloseTo(expected.lead_time.seconds, 6);
  await expect(metric(page, "process_time").locator(".metric-value")).toHaveText(expected.process_time.text);
  await expect(page.locator(".timeline .rung .rung-time")).toHaveText(expected.timeline.map((r) => r.time.text));
  return expected;
}

/** A mouse drag in several moves, as a hand does it. */
async function drag(page, from, to, { shift = false, steps = 8 } = {}) {
  if (shift) await page.keyboard.down("Shift");
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
  if (shift) await page.keyboard.up("Shift");
}

/** The screen point halfway along an SVG path (a curve's box centre may miss it). */
async function midpointOf(path) {
  return path.evaluate((el) => {
    const p = el.getPointAtLength(el.getTotalLength() / 2);
    const m = el.getScreenCTM();
    return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
  });
}

async function transformOf(locator) {
  return locator.getAttribute("transform");
}

test.beforeEach(async ({ page }) => {
  page.on("pageerror", (e) => {
    throw e;
  });
  await page.goto("/?example=incident-resolution");
  await expect(elements(page).first()).toBeVisible();
  // The whole map in view (it opens at a readable 100%), so every step can be clicked.
  await fitWhole(page);
});

test("steps added from the palette, by click and by drag, and connected by dragging from a port", async ({ page }) => {
  const before = await elements(page).count();
  await page.locator(".palette-item.step").click();
  await expect(elements(page)).toHaveCount(before + 1);
  const clicked = await documentNow(page).then((d) => d.maps[0].elements.at(-1));
  expect(clicked.kind).toHaveProperty("process");

  // Drag a second step from the palette to an empty spot of the canvas, low on the map.
  const canvas = await page.locator(".canvas").boundingBox();
  const drop = { x: canvas.x + 120, y: canvas.y + canvas.height - 60 };
  await drag(page, await centre(page.locator(".palette-item.step")), drop);
  await expect(elements(page)).toHaveCount(before + 2);
  const dropped = await documentNow(page).then((d) => d.maps[0].elements.at(-1));
  expect(dropped.id).not.toBe(clicked.id);
  // It lands where it was dropped (within the snap grid), not in the middle of the view.
  const landed = await element(page, dropped.id).boundingBox();
  expect(Math.abs(landed.x - drop.x)).toBeLessThan(60);
  expect(Math.abs(landed.y - drop.y)).toBeLessThan(60);

  // Connect the first to the second by dragging from its port.
  const flowsBefore = await flows(page).count();
  await element(page, clicked.id).hover();
  const port = page.locator(`.port[data-port="${clicked.id}"]`);
  await drag(page, await centre(port), await centre(element(page, dropped.id).locator(".box")));
  await expect(flows(page)).toHaveCount(flowsBefore + 1);
  const flow = await documentNow(page).then((d) => d.maps[0].flows.at(-1));
  expect([flow.from, flow.to, flow.kind]).toEqual([clicked.id, dropped.id, "push"]);

  // The kind chosen in the toolbar is the kind of the next connection, made with the keyboard this time.
  await page.locator('select[aria-label="Flow kind for new connections"]').selectOption("fifo");
  await element(page, "verify").click();
  await element(page, clicked.id).click({ modifiers: ["Shift"] });
  await page.keyboard.press("c");
  await expect(flows(page)).toHaveCount(flowsBefore + 2);
  const second = await documentNow(page).then((d) => d.maps[0].flows.at(-1));
  expect([second.from, second.to, second.kind]).toEqual(["verify", clicked.id, { fifo: {} }]);
});

test("typing a process time changes lead time and the timeline, as the engine computes them", async ({ page }) => {
  const before = await expectPanelToMatchEngine(page);
  await element(page, "triage").click();
  const field = inspectorField(page, "process_time");
  await expect(field).toHaveValue("10");
  await field.fill("70");
  const after = await expectPanelToMatchEngine(page);
  expect(after.lead_time.seconds).toBeGreaterThan(before.lead_time.seconds);
  // The data box on the canvas shows the new figure.
  await expect(element(page, "triage").locator(".data-value").first()).toHaveText("70 min");
  // Changing the unit is an edit too: 70 h is far longer than 70 min.
  await page.locator('.inspector select[data-field="process_time-unit"]').selectOption("h");
  const hours = await expectPanelToMatchEngine(page);
  expect(hours.lead_time.seconds).toBeGreaterThan(after.lead_time.seconds);
});

test("undo and redo every edit, from the keyboard and the toolbar", async ({ page }) => {
  const original = await seconds(page, "lead_time");
  await element(page, "diagnose").click();
  await inspectorField(page, "process_time").fill("400");
  const edited = await seconds(page, "lead_time");
  expect(edited).not.toBe(original);
  await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+z");
  await expect.poll(() => seconds(page, "lead_time")).toBe(original);
  await page.keyboard.press("Control+Shift+z");
  await expect.poll(() => seconds(page, "lead_time")).toBe(edited);
  await page.locator('[data-action="undo"]').click();
  await expect.poll(() => seconds(page, "lead_time")).toBe(original);
  await expect(page.locator('[data-action="undo"]')).toBeDisabled();
  await page.locator('[data-action="redo"]').click();
  await expect.poll(() => seconds(page, "lead_time")).toBe(edited);
  await expectPanelToMatchEngine(page);
});

test("a whole drag is one step of history, and moves every selected element", async ({ page }) => {
  const triage = element(page, "triage");
  const queue = element(page, "q-assign");
  const [triageAt, queueAt] = [await transformOf(triage), await transformOf(queue)];
  await triage.click();
  await queue.click({ modifiers: ["Shift"] });
  const from = await centre(triage.locator(".box"));
  await drag(page, from, { x: from.x + 90, y: from.y + 70 }, { steps: 20 });
  await expect.poll(() => transformOf(triage)).not.toBe(triageAt);
  await expect.poll(() => transformOf(queue)).not.toBe(queueAt);
  await page.keyboard.press("Control+z");
  await expect.poll(() => transformOf(triage)).toBe(triageAt);
  await expect.poll(() => transformOf(queue)).toBe(queueAt);
});

test("box select with Shift+drag, then delete removes the elements and their flows", async ({ page }) => {
  const canvas = await page.locator(".canvas").boundingBox();
  const cab = await element(page, "cab").boundingBox();
  const queue = await element(page, "q-cab").boundingBox();
  // From empty space above-left of the CAB queue to below-right of the approval box.
  const from = { x: queue.x - 12, y: Math.min(queue.y, cab.y) - 12 };
  const to = { x: cab.x + cab.width + 12, y: Math.max(queue.y + queue.height, cab.y + cab.height) + 12 };
  expect(from.y).toBeGreaterThan(canvas.y);
  await drag(page, from, to, { shift: true });
  await expect(page.locator(".canvas .element.selected")).toHaveCount(2);
  await expect(page.locator(".inspector h2")).toHaveText("2 selected");
  const [elementsBefore, flowsBefore] = [await elements(page).count(), await flows(page).count()];
  await page.keyboard.press("Delete");
  await expect(elements(page)).toHaveCount(elementsBefore - 2);
  // f5, f6 and f7 ran into, between and out of them.
  await expect(flows(page)).toHaveCount(flowsBefore - 3);
  await expect(element(page, "cab")).toHaveCount(0);
  await expectPanelToMatchEngine(page);
  await page.keyboard.press("Control+z");
  await expect(elements(page)).toHaveCount(elementsBefore);
  await expect(flows(page)).toHaveCount(flowsBefore);
});

test("quick entry: N adds the next step with its name focused, Tab walks the data box", async ({ page }) => {
  const before = await elements(page).count();
  await element(page, "verify").click();
  await page.keyboard.press("n");
  await expect(elements(page)).toHaveCount(before + 1);
  const name = inspectorField(page, "name");
  await expect(name).toBeFocused();
  await page.keyboard.type("Close ticket");
  await page.keyboard.press("Tab");
  await expect(inspectorField(page, "owner")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(inspectorField(page, "process_time")).toBeFocused();
  await page.keyboard.type("5");
  const doc = await documentNow(page);
  const added = doc.maps[0].elements.find((e) => e.name === "Close ticket");
  expect(added.kind.process.process_time).toEqual({ value: 5, unit: "min" });
  // It follows the step it was added after, and the customer now comes after it.
  expect(doc.maps[0].flows.some((f) => f.from === "verify" && f.to === added.id)).toBe(true);
  expect(doc.maps[0].flows.some((f) => f.from === added.id && f.to === "resolved")).toBe(true);
  await expect(element(page, added.id)).toContainText("Close ticket");
  await expectPanelToMatchEngine(page);
  // Esc goes back to the map, where N adds another.
  await page.keyboard.press("Escape");
  await expect(element(page, added.id)).toBeFocused();
  await page.keyboard.press("n");
  await expect(elements(page)).toHaveCount(before + 2);
});

test("the table view edits the same map: a cycle time typed there shows on the canvas", async ({ page }) => {
  await page.locator(".view-switch button", { hasText: "Table" }).click();
  const row = page.locator('.steps-table tr[data-id="fix"]');
  await expect(row.locator('input[data-field="name"]')).toHaveValue("Implement fix");
  await row.locator('input[data-field="cycle_time"]').fill("95");
  await row.locator('input[data-field="name"]').fill("Implement and test fix");
  // Enter moves to the same field of the next row, spreadsheet style.
  await row.locator('input[data-field="cycle_time"]').press("Enter");
  await expect(page.locator('.steps-table tr[data-id="verify"] input[data-field="cycle_time"]')).toBeFocused();
  await page.keyboard.press("Escape");
  await page.keyboard.press("t");
  await expect(element(page, "fix")).toContainText("Implement and test fix");
  await expect(element(page, "fix").locator(".data-value").nth(1)).toHaveText("95 min");
  await expectPanelToMatchEngine(page);
  // One undo takes back the name, the next the cycle time.
  await page.keyboard.press("Control+z");
  await expect(element(page, "fix")).toContainText("Implement fix");
  await page.keyboard.press("Control+z");
  await expect(element(page, "fix").locator(".data-value").nth(1)).toHaveText("70 min");
});

test("a bad value is refused with a message, and the last valid value is kept", async ({ page }) => {
  const before = await seconds(page, "lead_time");
  await element(page, "triage").click();
  const pctCa = inspectorField(page, "pct_ca");
  await pctCa.fill("140");
  await expect(page.locator(".inspector .field-error")).toHaveText("Must be from 0 up to 100, got 140");
  await expect(pctCa).toHaveAttribute("aria-invalid", "true");
  const process = inspectorField(page, "process_time");
  await process.fill("ten");
  await expect(page.locator(".inspector .field-error").last()).toHaveText("\u201cten\u201d is not a time (try 45 min, 2 h, 1:30 or 1.5 d)");
  expect(await seconds(page, "lead_time")).toBe(before);
  const doc = await documentNow(page);
  const triage = doc.maps[0].elements.find((e) => e.id === "triage").kind.process;
  expect([triage.pct_ca, triage.process_time.value]).toEqual([70, 10]);
  await page.locator(".inspector h2").click();
  await expect(process).toHaveValue("10");
  await expect(page.locator(".inspector .field-error")).toHaveCount(0);
  // Map settings refuse an empty demand instead of dropping it.
  await page.keyboard.press("Escape");
  await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
  await page.locator('.inspector input[data-field="demand"]').fill("");
  await expect(page.locator(".inspector .field-error")).toHaveText("A value is needed here");
});

test("map settings: demand and calendar drive takt, as the engine computes it", async ({ page }) => {
  await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
  await expect(page.locator(".inspector h2")).toHaveText("Map settings");
  await page.locator('.inspector input[data-field="demand"]').fill("48");
  await page.locator('.inspector input[data-field="hours_per_day"]').fill("7,5");
  const report = await engineReport(page);
  expect(report.maps[0].takt.seconds).toBeCloseTo((7.5 * 3600) / 48, 6);
  await expect(metric(page, "takt").locator(".metric-value")).toHaveText(report.maps[0].takt.text);
  await expect(page.locator(".balance .takt-line text")).toContainText(report.maps[0].takt.text);
});

test("flows: selecting one opens its kind and parameters; rework probability changes the figures", async ({ page }) => {
  const rework = await midpointOf(page.locator('.canvas .flow[data-flow="f14"] .hit'));
  await page.mouse.click(rework.x, rework.y);
  await expect(page.locator(".inspector h2")).toHaveText("Flow");
  await expect(page.locator(".inspector .flow-ends")).toHaveText("Verify with user \u2192 Diagnose");
  // Entered in percent, like %C&A; kept as a share in the file.
  await inspectorField(page, "probability").fill("30");
  await expect(page.locator('.canvas .flow[data-flow="f14"] .flow-label')).toHaveText("rework 30%");
  expect((await documentNow(page)).maps[0].flows.find((f) => f.id === "f14").kind.rework.probability).toBe(0.3);
  await inspectorField(page, "probability").fill("100");
  await expect(page.locator(".inspector .field-error")).toContainText("100");
  await inspectorField(page, "probability").fill("50");
  await expect(page.locator('.canvas .flow[data-flow="f14"] .flow-label')).toHaveText("rework 50%");
  await expectPanelToMatchEngine(page);
  await page.locator('.inspector select[data-field="flow-kind"]').selectOption("manual_info");
  await expect(page.locator('.canvas .flow[data-flow="f14"]')).toHaveClass(/manual-info/);
});

test("the balance chart shows each step against takt, and warnings select their element", async ({ page }) => {
  const report = (await engineReport(page)).maps[0];
  const bars = report.steps.filter((s) => s.effective_cycle_time);
  await expect(page.locator(".balance .bar")).toHaveCount(bars.length);
  await expect(page.locator(".balance .bar.over")).toHaveCount(bars.filter((s) => s.over_takt).length);
  // An unattached kaizen burst is warned about; clicking the warning selects it.
  await page.locator(".palette-item.kaizen").click();
  const burst = await documentNow(page).then((d) => d.maps[0].elements.at(-1));
  await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
  const warning = page.locator(`.warnings .warning[data-id="${burst.id}"] button`);
  await expect(warning).toBeVisible();
  await warning.click();
  await expect(element(page, burst.id)).toHaveClass(/selected/);
  // Attaching it to a step clears the warning.
  await page.locator('.inspector select[data-field="attached_to"]').selectOption("triage");
  await expect(page.locator(`.warnings .warning[data-id="${burst.id}"]`)).toHaveCount(0);
});

test("keyboard: elements are focusable and announced, Enter selects, ? lists every shortcut", async ({ page }) => {
  const triage = element(page, "triage");
  await expect(triage).toHaveAttribute("aria-label", /Triage.*P\/T 10 min/);
  await triage.focus();
  await page.keyboard.press("Enter");
  await expect(triage).toHaveClass(/selected/);
  await expect(inspectorField(page, "name")).toHaveValue("Triage");
  const at = await transformOf(triage);
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => transformOf(triage)).not.toBe(at);
  await page.keyboard.press("Control+d");
  await expect(page.locator(".canvas .element", { hasText: "Triage" })).toHaveCount(2);
  await page.keyboard.press("?");
  const help = page.locator(".help[role=dialog]");
  await expect(help).toBeVisible();
  for (const keys of ["Ctrl+Z", "N", "C", "Delete or Backspace", "Ctrl+D", "A", "L", "T", "?"]) {
    await expect(help.locator("kbd", { hasText: new RegExp(`^${keys.replace(/[+?]/g, "\\$&")}$`) })).toHaveCount(1);
  }
  await expect(help).toContainText("Flow efficiency");
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);
});

test("auto-layout arranges the map left to right on demand, in one undoable step", async ({ page }) => {
  // Scatter two elements, then lay out.
  await element(page, "fix").click();
  const from = await centre(element(page, "fix").locator(".box"));
  await drag(page, from, { x: from.x - 200, y: from.y + 120 });
  await page.keyboard.press("l");
  const doc = await documentNow(page);
  const x = Object.fromEntries(doc.maps[0].elements.map((e) => [e.id, e.x]));
  for (const [a, b] of [["users", "q-new"], ["q-new", "triage"], ["triage", "diagnose"], ["diagnose", "fix"], ["fix", "verify"], ["verify", "resolved"]]) {
    expect(x[a], `${a} left of ${b}`).toBeLessThan(x[b]);
  }
  expect(x["cab"]).toBe(x["security"]);
});

test("zoom with the buttons and Ctrl+wheel, pan by dragging empty space", async ({ page }) => {
  const zoom = page.locator(".toolbar .zoom");
  const start = await zoom.textContent();
  await page.locator('[data-action="zoom-in"]').click();
  await expect(zoom).not.toHaveText(start);
  const scene = page.locator(".canvas .scene");
  const before = await scene.getAttribute("transform");
  const canvas = await page.locator(".canvas").boundingBox();
  await drag(page, { x: canvas.x + 8, y: canvas.y + 8 }, { x: canvas.x + 108, y: canvas.y + 58 });
  await expect.poll(() => scene.getAttribute("transform")).not.toBe(before);
  const zoomed = await zoom.textContent();
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await page.keyboard.down("Control");
  await page.mouse.wheel(0, -200);
  await page.keyboard.up("Control");
  await expect(zoom).not.toHaveText(zoomed);
  await fitWhole(page);
  await expect(zoom).not.toHaveText(zoomed);
});

test("copy in one map and paste into another", async ({ page }) => {
  await element(page, "triage").click();
  await page.keyboard.press("Control+c");
  await page.locator(".tab", { hasText: "Future state" }).click();
  await expect(page.locator(".tab.active")).toHaveText(/Future state/);
  const before = await documentNow(page).then((d) => d.maps[1].elements.length);
  await page.keyboard.press("Control+v");
  const doc = await documentNow(page);
  expect(doc.maps[1].elements).toHaveLength(before + 1);
  const pasted = doc.maps[1].elements.at(-1);
  expect(pasted.name).toBe("Triage");
  expect(pasted.kind.process.process_time).toEqual(doc.maps[0].elements.find((e) => e.id === "triage").kind.process.process_time);
  await expect(page.locator(`.canvas .element[data-id="${pasted.id}"]`)).toHaveClass(/selected/);
});

test.describe("touch", () => {
  test.use({ hasTouch: true });

  test("a finger drags a step; two fingers pinch to zoom", async ({ page }) => {
    // Real touch input through the DevTools protocol: Chromium turns it into pointer events.
    const cdp = await page.context().newCDPSession(page);
    const touch = (_page, type, points) =>
      cdp.send("Input.dispatchTouchEvent", { type, touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id })) });
    const triage = element(page, "triage");
    const at = await transformOf(triage);
    const from = await centre(triage.locator(".box"));
    await touch(page, "touchStart", [from]);
    for (let i = 1; i <= 6; i++) await touch(page, "touchMove", [{ x: from.x + i * 10, y: from.y + i * 8 }]);
    await touch(page, "touchEnd", []);
    await expect.poll(() => transformOf(triage)).not.toBe(at);
    await expect(triage).toHaveClass(/selected/);

    const zoom = page.locator(".toolbar .zoom");
    const before = await zoom.textContent();
    const canvas = await page.locator(".canvas").boundingBox();
    const c = { x: canvas.x + 60, y: canvas.y + 60 };
    await touch(page, "touchStart", [c, { x: c.x + 40, y: c.y }]);
    for (let i = 1; i <= 6; i++) await touch(page, "touchMove", [c, { x: c.x + 40 + i * 20, y: c.y }]);
    await touch(page, "touchEnd", []);
    await expect(zoom).not.toHaveText(before);
    expect(parseInt(await zoom.textContent())).toBeGreaterThan(parseInt(before));
  });
});

test("align puts the selection on one row, left to right, in one undoable step", async ({ page }) => {
  await element(page, "cab").click();
  await element(page, "security").click({ modifiers: ["Shift"] });
  await element(page, "q-sec").click({ modifiers: ["Shift"] });
  await page.keyboard.press("a");
  const doc = await documentNow(page);
  const at = Object.fromEntries(doc.maps[0].elements.map((e) => [e.id, [e.x, e.y]]));
  expect(new Set(["cab", "security", "q-sec"].map((id) => at[id][1])).size).toBe(1);
  expect(at["q-sec"][0]).toBeLessThan(at["cab"][0]);
  expect(at["cab"][0]).toBeLessThan(at["security"][0]);
  await page.keyboard.press("Control+z");
  const undone = await documentNow(page);
  expect(undone.maps[0].elements.find((e) => e.id === "cab").y).not.toBe(undone.maps[0].elements.find((e) => e.id === "security").y);
});

test("scrolling pans, and so does Space+drag over an element", async ({ page }) => {
  const scene = page.locator(".canvas .scene");
  const canvas = await page.locator(".canvas").boundingBox();
  const before = await scene.getAttribute("transform");
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await page.mouse.wheel(0, 120);
  await expect.poll(() => scene.getAttribute("transform")).not.toBe(before);
  // Space+drag starting on an element pans the view and leaves the element where it was.
  const scrolled = await scene.getAttribute("transform");
  const triage = element(page, "triage");
  const at = await transformOf(triage);
  const from = await centre(triage.locator(".box"));
  await page.keyboard.down(" ");
  await drag(page, from, { x: from.x + 80, y: from.y + 40 });
  await page.keyboard.up(" ");
  await expect.poll(() => scene.getAttribute("transform")).not.toBe(scrolled);
  expect(await transformOf(triage)).toBe(at);
});
