// Workshop-ready screens (issue 10): a projected map readable from its first
// view, a ladder that shows the whole critical path with its totals in view,
// the inspector's derived figures, the title renamed in place, and a tab strip
// that never pushes Compare off-screen.
import { test, expect, engineReport, watchContext, fitWhole } from "./fixtures.mjs";

/** Screen size in px of the text of every `selector` inside the canvas's visible area. */
async function visibleTextSizes(page, selector) {
  return page.locator(".canvas").evaluate((canvas, selector) => {
    const area = canvas.getBoundingClientRect();
    return [...canvas.querySelectorAll(selector)]
      .filter((t) => {
        const r = t.getBoundingClientRect();
        return r.width > 0 && r.left >= area.left && r.right <= area.right && r.top >= area.top && r.bottom <= area.bottom;
      })
      .map((t) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a }));
  }, selector);
}

for (const example of ["incident-resolution", "manufacturing", "software-deployment", "user-onboarding"]) {
  test(`${example} opens readable at 1280x720: names and data-box figures at 11 px or more`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`/?example=${example}`);
    await expect(page.locator(".canvas .element").first()).toBeVisible();
    await expect(page.locator(".canvas")).not.toHaveClass(/far/);
    const names = await visibleTextSizes(page, ".element .name");
    expect(names.length, "step names in view").toBeGreaterThanOrEqual(3);
    for (const name of names) expect(name.px, name.text).toBeGreaterThanOrEqual(11);
    const figures = await visibleTextSizes(page, ".element .data-value");
    expect(figures.length, "data-box figures in view").toBeGreaterThan(0);
    for (const figure of figures) expect(figure.px, figure.text).toBeGreaterThanOrEqual(11);
    // F still shows the whole map, however small.
    const all = await page.locator(".canvas .element").count();
    await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
    await fitWhole(page);
    await expect
      .poll(() =>
        page.locator(".canvas").evaluate((canvas) => {
          const area = canvas.getBoundingClientRect();
          return [...canvas.querySelectorAll(".element")].filter((e) => {
            const r = e.getBoundingClientRect();
            return r.left >= area.left - 1 && r.right <= area.right + 1 && r.top >= area.top - 1 && r.bottom <= area.bottom + 1;
          }).length;
        }),
      )
      .toBe(all);
  });
}

test("a long critical path scrolls in the ladder at full size, its totals always in view, following the map", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/?generate=50");
  const scroller = page.locator(".timeline-scroll");
  await expect(page.locator(".timeline .rung").first()).toBeVisible();
  const report = (await engineReport(page)).maps[0];
  // The ladder is as long as the whole critical path; only the rungs in and
  // near the scroller's view are drawn (a long path has hundreds).
  expect(report.timeline.length).toBeGreaterThan(60);
  await expect(page.locator(".timeline")).toHaveAttribute("width", String(report.timeline.length * 118 + 20));
  const drawnRungs = await page.locator(".timeline .rung").count();
  expect(drawnRungs).toBeGreaterThan(5);
  expect(drawnRungs).toBeLessThan(report.timeline.length);
  const { scrollWidth, clientWidth } = await scroller.evaluate((s) => ({ scrollWidth: s.scrollWidth, clientWidth: s.clientWidth }));
  expect(scrollWidth).toBeGreaterThan(clientWidth * 5);
  // Rung text at its own size, not squeezed into the panel.
  const sizes = await page.locator(".timeline .rung-time").evaluateAll((ts) => ts.slice(0, 5).map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a));
  for (const px of sizes) expect(px).toBeGreaterThanOrEqual(11);
  const panel = await page.locator(".timeline-panel").boundingBox();
  const totalsInView = async () => {
    const totals = await page.locator(".timeline-totals .totals").boundingBox();
    expect(totals.x).toBeGreaterThanOrEqual(panel.x);
    expect(totals.x + totals.width).toBeLessThanOrEqual(panel.x + panel.width + 1);
  };
  await totalsInView();
  await expect(page.locator(".timeline-totals")).toContainText(report.lead_time.text);
  // Panning the map far to the right scrolls the ladder to the critical path in view.
  const canvas = await page.locator(".canvas").boundingBox();
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  for (let i = 0; i < 2; i++) await page.mouse.wheel(1500, 0);
  await expect.poll(() => scroller.evaluate((s) => s.scrollLeft)).toBeGreaterThan(1000);
  // Once the last wheel event is handled: the first rung shown and where its element is.
  // Where each element's left edge is on the map (a large map draws only what is near the view).
  const mapX = Object.fromEntries(JSON.parse(await page.evaluate(() => window.wasmBindings.document_json())).maps[0].elements.map((e) => [e.id, e.x]));
  const firstShown = () =>
    scroller.evaluate((s, mapX) => {
      const left = s.getBoundingClientRect().left;
      const rung = [...s.querySelectorAll(".rung")].find((r) => r.getBoundingClientRect().right > left + 5);
      const toScreen = document.querySelector(".canvas .elements").getScreenCTM();
      const area = document.querySelector(".canvas").getBoundingClientRect();
      const x = toScreen.a * mapX[rung.dataset.id] + toScreen.e;
      return { id: rung.dataset.id, scrolled: s.scrollLeft, inView: x >= area.left - 1 && x < area.right };
    }, mapX);
  let first = await firstShown();
  await expect.poll(async () => { const now = await firstShown(); const same = now.scrolled === first.scrolled; first = now; return same; }).toBe(true);
  expect(first.inView, `${first.id}, first on the ladder, is on screen`).toBe(true);
  await totalsInView();
  // Scrolled to its end, the last rung is drawn, left of the totals.
  await scroller.evaluate((s) => (s.scrollLeft = s.scrollWidth));
  await expect(page.locator(".timeline .rung").last()).toHaveAttribute("data-id", report.timeline.at(-1).id);
  const last = await page.locator(".timeline .rung").last().boundingBox();
  const totals = await page.locator(".timeline-totals .totals").boundingBox();
  expect(last.x + last.width).toBeLessThanOrEqual(totals.x + 1);
  expect(last.x).toBeGreaterThanOrEqual(panel.x);
});


test("on a tablet in landscape the ladder shows three rungs or more beside its totals, and the balance chart its bars", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".timeline .rung").first()).toBeVisible();
  const scroller = await page.locator(".timeline-scroll").boundingBox();
  const totals = await page.locator(".timeline-totals .totals").boundingBox();
  const panel = await page.locator(".timeline-panel").boundingBox();
  // Room for three rungs (118 px each) at full size, the totals whole inside the panel.
  expect(scroller.width).toBeGreaterThanOrEqual(3 * 118);
  expect(totals.x).toBeGreaterThanOrEqual(scroller.x + scroller.width - 1);
  expect(totals.x + totals.width).toBeLessThanOrEqual(panel.x + panel.width + 1);
  // Rungs whose names are inside the scroller's view can be read: not clipped to a sliver.
  const shown = await page.locator(".timeline .rung-name").evaluateAll((ts, right) => ts.filter((t) => t.getBoundingClientRect().right <= right).length, scroller.x + scroller.width);
  expect(shown).toBeGreaterThanOrEqual(3);
  // The balance chart's bars are as wide as on a laptop, not squeezed.
  const bar = await page.locator(".balance .bar rect").first().boundingBox();
  expect(bar.width).toBeGreaterThanOrEqual(45);
});
test("the inspector shows a step's derived figures, as the engine computes them", async ({ page }) => {
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  const report = (await engineReport(page)).maps[0];
  const reworked = report.steps.find((s) => s.visits > 1);
  const offPath = report.steps.find((s) => !s.share_of_lead_time);
  // The whole map in view, to click any step.
  await fitWhole(page);
  // The example has each kind of step: without one, this test would prove less than it says.
  expect(reworked, "a step rework repeats").toBeDefined();
  expect(offPath, "a step off the critical path").toBeDefined();
  expect(report.bottleneck, "a bottleneck").toBeTruthy();
  for (const step of [reworked, report.bottleneck, offPath]) {
    await page.locator(`.canvas .element[data-id="${step.id}"]`).click();
    const figure = (key) => page.locator(`.inspector [data-derived="${key}"] .figure-value`);
    await expect(figure("effective-cycle-time")).toHaveText(step.effective_cycle_time.text);
    await expect(figure("utilisation")).toHaveText(step.utilisation.text);
    await expect(figure("share-of-lead-time")).toHaveText(step.share_of_lead_time?.text ?? "off the critical path");
    await expect(figure("visits")).toHaveText(step.visits > 1 ? /rework repeats it/ : "1 (no rework repeats it)");
    await expect(page.locator('.inspector [data-derived="effective-cycle-time"] .figure-how')).toContainText("uptime");
  }
  expect(reworked, "the example has a step that rework repeats").toBeTruthy();
});

test("a new map opens with its title ready to type; the title is renamed in place and undone", async ({ page }) => {
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  await page.getByRole("button", { name: "Library" }).click();
  await page.getByRole("button", { name: "+ New map" }).click();
  const title = page.getByRole("textbox", { name: "Map title" });
  await expect(title).toBeFocused();
  await page.keyboard.type("Packaging line");
  await page.keyboard.press("Enter");
  await expect(title).not.toBeFocused();
  await expect(title).toHaveValue("Packaging line");
  const titleNow = async () => JSON.parse(await page.evaluate(() => window.wasmBindings.document_json())).title;
  expect(await titleNow()).toBe("Packaging line");
  // Esc keeps the title; a click and typing rename it again, leaving the field commits.
  await title.click();
  await title.fill("Something else");
  await title.press("Escape");
  await expect(title).toHaveValue("Packaging line");
  expect(await titleNow()).toBe("Packaging line");
  await title.fill("Packaging line B");
  await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
  await expect(title).toHaveValue("Packaging line B");
  expect(await titleNow()).toBe("Packaging line B");
  await page.keyboard.press("Control+z");
  await expect(title).toHaveValue("Packaging line");
  expect(await titleNow()).toBe("Packaging line");
});

test("twelve future states scroll in the tab strip and Compare stays on screen", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  const add = page.getByRole("button", { name: "+ Future state" });
  for (let i = 0; i < 12; i++) await add.click();
  await expect(page.locator(".tab")).toHaveCount(2 + 12);
  const compare = await page.getByRole("button", { name: "Compare" }).boundingBox();
  expect(compare.x + compare.width).toBeLessThanOrEqual(1280);
  expect(compare.y).toBeLessThan(200);
  const list = page.locator(".tab-list");
  expect(await list.evaluate((l) => l.scrollWidth > l.clientWidth)).toBe(true);
});

/** The boxes of every element drawn, by id, on screen. */
async function elementBoxes(page) {
  return page.locator(".canvas .element").evaluateAll((els) =>
    Object.fromEntries(els.map((e) => { const r = e.getBoundingClientRect(); return [e.dataset.id, { x: r.x, y: r.y, right: r.right, bottom: r.bottom }]; })),
  );
}
const overlap = (a, b) => a.x < b.right && b.x < a.right && a.y < b.bottom && b.y < a.bottom;

test("palette clicks place each new element in free space beside the last one; quick entry keeps the new step in view", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  const before = Object.keys(await elementBoxes(page));
  const palette = page.locator(".palette");
  for (let i = 0; i < 3; i++) {
    await palette.getByRole("button", { name: /^Process step/i }).click();
    await page.keyboard.press("Escape");
  }
  await palette.getByRole("button", { name: /^Inventory/i }).click();
  const boxes = await elementBoxes(page);
  const added = Object.keys(boxes).filter((id) => !before.includes(id));
  expect(added).toHaveLength(4);
  for (const id of added) {
    for (const other of Object.keys(boxes)) {
      if (other !== id) expect(overlap(boxes[id], boxes[other]), `${id} overlaps ${other}`).toBe(false);
    }
  }
  // Quick entry along a row, from the inventory just added (still selected, its name
  // field focused): every new step is on screen while its name is typed.
  const canvas = await page.locator(".canvas").boundingBox();
  await page.keyboard.press("Escape");
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press(i === 0 ? "n" : "Control+Enter");
    await expect(page.locator('.inspector input[data-field="name"]')).toBeFocused();
    await page.keyboard.type(`Step ${i + 1}`);
    const id = await page.evaluate(() => document.querySelector(".canvas .element.selected")?.dataset.id);
    const box = await page.locator(`.canvas .element[data-id="${id}"]`).boundingBox();
    expect(box.x, `Step ${i + 1} in view`).toBeGreaterThanOrEqual(canvas.x);
    expect(box.x + box.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    expect(box.y).toBeGreaterThanOrEqual(canvas.y);
    expect(box.y + box.height).toBeLessThanOrEqual(canvas.y + canvas.height);
  }
});

test("on a phone every header action is in reach, the toolbar is one row, and a step is edited right under the map", async ({ browser, context: _watched }) => {
  const context = watchContext(await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }));
  const page = await context.newPage();
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  // Nothing sticks out of the screen sideways: the page itself never scrolls horizontally.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const toolbar = await page.locator(".toolbar").boundingBox();
  expect(toolbar.height, "the toolbar is one row").toBeLessThan(56);
  // The header's last action can be reached (its row scrolls) and used.
  const share = page.getByRole("button", { name: "Share link" });
  await share.scrollIntoViewIfNeeded();
  const box = await share.boundingBox();
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await share.tap();
  await expect(page.getByRole("dialog", { name: "Share link" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Share link" })).toHaveCount(0);
  // Tap a step on the map; its fields come right under the map.
  // Pan (a finger drag is a pan on empty space; here, a scroll) until a step is on screen.
  const onScreen = () =>
    page.locator(".canvas").evaluate((canvas) => {
      const area = canvas.getBoundingClientRect();
      const inside = [...canvas.querySelectorAll(".element.process")].find((e) => {
        const r = e.getBoundingClientRect();
        return r.left >= area.left && r.right <= area.right && r.top >= area.top && r.bottom <= area.bottom;
      });
      return inside?.dataset.id ?? null;
    });
  const canvasBox = await page.locator(".canvas").boundingBox();
  for (let i = 0; i < 10 && !(await onScreen()); i++) {
    await page.mouse.move(canvasBox.x + 20, canvasBox.y + 20);
    await page.mouse.wheel(120, 0);
  }
  const id = await onScreen();
  expect(id, "a step on screen").toBeTruthy();
  const step = page.locator(`.canvas .element[data-id="${id}"]`);
  await step.tap();
  const map = await page.locator(".map-view").boundingBox();
  const inspector = await page.locator(".inspector").boundingBox();
  expect(inspector.y).toBeGreaterThanOrEqual(map.y + map.height - 1);
  expect(inspector.y).toBeLessThan(map.y + map.height + 40);
  const field = page.locator('.inspector input[data-field="process_time"]');
  await field.fill("42");
  await field.press("Enter");
  const doc = JSON.parse(await page.evaluate(() => window.wasmBindings.document_json()));
  expect(doc.maps[0].elements.find((e) => e.id === id).kind.process.process_time.value).toBe(42);
  await context.close();
});

test("dialogs take the focus and close on Esc; Enter on a map element selects it and keeps the focus there", async ({ page }) => {
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  const focusedIn = (selector) => page.evaluate((s) => !!document.activeElement?.closest(s), selector);
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Help" })).toBeVisible();
  expect(await focusedIn(".help")).toBe(true);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Help" })).toHaveCount(0);
  await page.getByRole("button", { name: "Share link" }).click();
  await expect(page.getByRole("dialog", { name: "Share link" })).toBeVisible();
  expect(await focusedIn(".dialog.share")).toBe(true);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Share link" })).toHaveCount(0);
  // An element reached by keyboard: Enter selects it, and the focus stays on it.
  const step = page.locator('.canvas .element[data-id="triage"]');
  await step.focus();
  await page.keyboard.press("Enter");
  await expect(step).toHaveClass(/selected/);
  await expect(step).toBeFocused();
  await expect(page.locator(".inspector h2")).toHaveText(/process step/i);
});

test("a flow is reached by keyboard, named by its ends, selected with Enter and edited in the inspector", async ({ page }) => {
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  const rework = page.locator('.canvas .flow[data-flow="f14"]');
  await expect(rework).toHaveAttribute("tabindex", "0");
  await expect(rework).toHaveAttribute("aria-label", /^rework flow from Verify with user to Diagnose/);
  // In the tab order: Tab from one flow reaches another.
  await page.locator(".canvas .flow").first().focus();
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-flow"))).toBe(true);
  await rework.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".inspector h2")).toHaveText("Flow");
  await expect(page.locator(".inspector .flow-ends")).toHaveText("Verify with user \u2192 Diagnose");
  await expect(rework).toBeFocused();
  const field = page.locator('.inspector input[data-field="probability"]');
  await field.focus();
  await page.keyboard.press("Control+a");
  await page.keyboard.type("40");
  await expect(rework.locator(".flow-label")).toHaveText("rework 40%");
  const doc = JSON.parse(await page.evaluate(() => window.wasmBindings.document_json()));
  expect(doc.maps[0].flows.find((f) => f.id === "f14").kind.rework.probability).toBe(0.4);
});

test("a stream with a queue, a parallel approval, rework and the customer is captured by keyboard alone", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  let keys = 0;
  const press = async (key) => {
    keys += 1;
    await page.keyboard.press(key);
  };
  const type = async (text) => {
    keys += text.length;
    await page.keyboard.type(text);
  };
  const name = page.locator('.inspector input[data-field="name"]');
  /** Types the name of the element just added (its name field has the cursor). */
  const named = async (text) => {
    await expect(name).toBeFocused();
    await type(text);
  };
  await page.getByRole("button", { name: "Library" }).focus();
  await press("Enter");
  await page.getByRole("button", { name: "+ New map" }).focus();
  await press("Enter");
  await expect(page.getByRole("textbox", { name: "Map title" })).toBeFocused();
  await type("Change request");
  await press("Enter");
  await expect(page.locator(".canvas-empty, .canvas")).toBeVisible();

  await press("n");
  await named("Log request");
  await press("Control+Enter");
  await named("Triage");
  await press("Escape");
  await press("q");
  await named("Backlog");
  await press("Escape");
  await press("n");
  await named("Build");
  await press("Control+Enter");
  await named("Review");
  await press("Control+Enter");
  await named("Deploy");
  await press("Escape");
  // Back to Review (the element before in the tab order): a parallel approval beside it.
  await press("Shift+Tab");
  await press("Enter");
  await expect(page.locator(".canvas .element.selected .name")).toHaveText("Review");
  await press("b");
  await named("Approve");
  await press("Escape");
  await press("Shift+Tab");
  await press("Enter");
  await expect(page.locator(".canvas .element.selected .name")).toHaveText("Deploy");
  await press("n");
  await named("Verify");
  await press("Escape");
  await press("e");
  await expect(name).toBeFocused();
  await expect(name).toHaveValue("Customer");
  await press("Escape");
  await press("Shift+Tab");
  // Rework from Verify back to Build, R pressed straight after Enter (before the
  // selection's redraw has settled: the chooser must keep the focus it takes).
  await press("Enter");
  await press("r");
  await expect(page.locator(".canvas .element.selected .name")).toHaveText("Verify");
  // The chooser lists the steps upstream, nearest first.
  const chooser = page.getByRole("dialog", { name: /Rework from .Verify. goes back to/ });
  await expect(chooser.locator(".rework-choice")).toHaveText(["Deploy", "Review", "Approve", "Build", "Triage", "Log request", "Verify (itself: redone on the spot)"]);
  await expect(chooser.locator(".rework-choice").first()).toBeFocused();
  for (let i = 0; i < 3; i++) await press("ArrowDown");
  await expect(chooser.locator(".rework-choice", { hasText: "Build" })).toBeFocused();
  await press("Enter");
  await expect(chooser).toHaveCount(0);
  const probability = page.locator('.inspector input[data-field="probability"]');
  await expect(probability).toBeFocused();
  await expect(probability).toHaveValue("10");
  await type("20");
  await press("Enter");

  const map = JSON.parse(await page.evaluate(() => window.wasmBindings.document_json())).maps[0];
  const nameOf = Object.fromEntries(map.elements.map((e) => [e.id, e.name]));
  const kindOf = (kind) => (typeof kind === "string" ? kind : Object.keys(kind)[0]);
  const flows = map.flows.map((f) => `${nameOf[f.from]} -${kindOf(f.kind)}-> ${nameOf[f.to]}`).sort();
  expect(flows).toEqual(
    [
      "Log request -push-> Triage",
      "Triage -push-> Backlog",
      "Backlog -push-> Build",
      "Build -push-> Review",
      "Build -push-> Approve",
      "Review -push-> Deploy",
      "Approve -push-> Deploy",
      "Deploy -push-> Verify",
      "Verify -push-> Customer",
      "Verify -rework-> Build",
    ].sort(),
  );
  expect(map.flows.find((f) => kindOf(f.kind) === "rework").kind.rework.probability).toBeCloseTo(0.2, 9);
  expect(kindOf(map.elements.find((e) => e.name === "Backlog").kind)).toBe("inventory");
  // The engine sees the loop: the steps it repeats are visited 1 / (1 - 0.2) times.
  const report = (await engineReport(page)).maps[0];
  const visits = Object.fromEntries(report.steps.map((s) => [s.name, s.visits]));
  expect(visits.Review).toBeCloseTo(1.25, 9);
  expect(visits.Triage).toBeCloseTo(1, 9);
  // Seven steps, a queue, a parallel approval, rework and the customer without the mouse.
  test.info().annotations.push({ type: "keys", description: `${keys} keys, 0 clicks` });
  expect(keys).toBeLessThan(140);
});

for (const example of ["incident-resolution", "manufacturing", "software-deployment", "user-onboarding"]) {
  test(`${example}: after auto-layout no supermarket, FIFO lane, truck, flow label or name lies on a box`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/?example=${example}`);
    await expect(page.locator(".canvas .element").first()).toBeVisible();
    const tabs = page.locator(".tab");
    for (let i = 0; i < (await tabs.count()); i++) {
      await tabs.nth(i).click();
      await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
      await page.keyboard.press("l");
      const found = await page.locator(".canvas").evaluate(async (canvas) => {
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const box = (e) => e.getBoundingClientRect();
        const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        // Each drawn part of an element (its shape, data box, name), not the box around them all.
        const elements = [...canvas.querySelectorAll(".element > :not(title)")]
          .map((part) => ({ owner: part.closest(".element").dataset.id, id: `${part.closest(".element").dataset.id} (${part.getAttribute("class") ?? part.tagName})`, r: box(part) }))
          .filter((e) => e.r.width > 0 && e.r.height > 0);
        const clutter = [...canvas.querySelectorAll(".flow .supermarket, .flow .fifo-lane, .flow .truck, .flow .flow-label")].map((c) => ({
          what: `${c.getAttribute("class")} "${c.textContent}" of ${c.closest(".flow").dataset.flow}`,
          r: box(c),
        }));
        const overlaps = [];
        for (const c of clutter) for (const e of elements) if (hit(c.r, e.r)) overlaps.push(`${c.what} lies on ${e.id}`);
        // Nor does any part of one element (a long name under a triangle) lie on another's.
        for (const a of elements) for (const b of elements) if (a.owner < b.owner && hit(a.r, b.r)) overlaps.push(`${a.id} lies on ${b.id}`);
        return { overlaps, clutter: clutter.length, elements: elements.length };
      });
      expect(found.elements).toBeGreaterThan(3);
      expect(found.overlaps, `map ${i + 1} of ${example}`).toEqual([]);
    }
    await page.screenshot({ path: `test-results/layout-${example}.png` });
  });
}

test("the table edits every flow parameter: kind, FIFO limit, supermarket quantity, rework probability", async ({ page }) => {
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  await page.getByRole("button", { name: "Table" }).click();
  const row = (id) => page.locator(`.flow-table tr[data-flow="${id}"]`);
  const flowJson = async (id) => JSON.parse(await page.evaluate(() => window.wasmBindings.document_json())).maps[0].flows.find((f) => f.id === id).kind;
  // Triage -> Awaiting assignment becomes a FIFO lane of at most 8.
  await row("f3").getByRole("combobox", { name: "Kind of the flow Triage to Awaiting assignment" }).selectOption("fifo");
  const limit = row("f3").locator('input[data-field="limit"]');
  await limit.fill("8");
  await limit.press("Tab");
  expect(await flowJson("f3")).toEqual({ fifo: { limit: 8 } });
  // Diagnose -> CAB queue becomes a pull from a supermarket of 30.
  await row("f5").locator('select[data-field="flow-kind"]').selectOption("pull");
  const quantity = row("f5").locator('input[data-field="supermarket_quantity"]');
  await quantity.fill("30");
  await quantity.press("Tab");
  expect(await flowJson("f5")).toEqual({ pull: { supermarket_quantity: 30 } });
  // The rework loop's probability, in percent.
  const probability = row("f14").locator('input[data-field="probability"]');
  await expect(probability).toHaveValue("20");
  await probability.fill("35");
  await probability.press("Tab");
  expect((await flowJson("f14")).rework.probability).toBeCloseTo(0.35, 9);
  // A bad value is refused with a message; the flow keeps its last valid value.
  await probability.fill("150");
  await expect(row("f14").locator(".field-error")).toContainText("got 150");
  await probability.press("Tab");
  await expect(probability).toHaveValue("35");
  expect((await flowJson("f14")).rework.probability).toBeCloseTo(0.35, 9);
  // A new flow from the table's last row: its lists of elements fill when used.
  const from = page.getByRole("combobox", { name: "Connect from" });
  await from.focus();
  await from.selectOption("triage");
  const to = page.getByRole("combobox", { name: "Connect to" });
  await to.focus();
  await to.selectOption("verify");
  await page.getByRole("combobox", { name: "Flow kind", exact: true }).selectOption("manual_info");
  await page.locator(".flow-table .new-flow").getByRole("button", { name: "Connect" }).click();
  await expect(page.locator(".flow-table tbody tr[data-flow]")).toHaveCount(16);
  await expect(from).toHaveValue("triage");
  // The map shows what the table set, and each change is one step of undo.
  await page.getByRole("button", { name: "Map", exact: true }).click();
  await expect(page.locator('.flow[data-flow="f3"] .fifo-lane')).toBeVisible();
  await expect(page.locator('.flow[data-flow="f3"] .flow-label')).toHaveText("max 8");
  await expect(page.locator('.flow[data-flow="f5"] .flow-label')).toHaveText("30 in supermarket");
  await expect(page.locator('.flow[data-flow="f14"] .flow-label')).toHaveText("rework 35%");
  await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
  await expect(page.locator(".canvas .flow")).toHaveCount(16);
  await page.keyboard.press("Control+z");
  await expect(page.locator(".canvas .flow")).toHaveCount(15);
  await expect(page.locator('.flow[data-flow="f14"] .flow-label')).toHaveText("rework 35%");
  await page.keyboard.press("Control+z");
  await expect(page.locator('.flow[data-flow="f14"] .flow-label')).toHaveText("rework 20%");
});

test("a long table draws the rows in view only; Enter walks on past them and scrolling shows rows, never a blank", async ({ page }) => {
  await page.goto("/?generate=200");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  await page.getByRole("button", { name: "Table" }).click();
  const table = page.locator(".steps-table");
  const total = Number(await table.getAttribute("aria-rowcount")) - 1;
  expect(total).toBeGreaterThan(500);
  // A screenful of rows is drawn, not hundreds; the scroller is as tall as all of them.
  const drawn = table.locator("tbody tr[data-id]");
  expect(await drawn.count()).toBeLessThan(80);
  const scroller = page.locator(".map-table");
  const scrollHeight = await scroller.evaluate((s) => s.scrollHeight);
  const rowHeight = await drawn.first().evaluate((r) => r.getBoundingClientRect().height);
  expect(scrollHeight).toBeGreaterThan(total * rowHeight);
  // Enter moves down the column, 120 rows, far past the rows drawn at first.
  const first = drawn.first().locator('input[data-field="cycle_time"]');
  await first.focus();
  test.setTimeout(60_000);
  // As fast as keys come: a row below the drawn ones is drawn and focused before the next key is read.
  for (let i = 0; i < 120; i++) await page.keyboard.press("Enter");
  const focused = page.locator('.steps-table input[data-field="cycle_time"]:focus');
  await expect(focused).toHaveCount(1);
  const row = focused.locator("xpath=ancestor::tr");
  await expect(row).toHaveAttribute("aria-rowindex", "122");
  // Typing there edits that row's step, the one the canvas selects.
  const id = await row.getAttribute("data-id");
  await page.keyboard.type("7");
  await page.keyboard.press("Tab");
  const doc = JSON.parse(await page.evaluate(() => window.wasmBindings.document_json()));
  expect(doc.maps[0].elements.find((e) => e.id === id).kind.process.cycle_time.value).toBe(7);
  // And back up: the arrow moves rows above the drawn ones into view, and never steps the number.
  await table.locator(`tr[data-id="${id}"] input[data-field="cycle_time"]`).focus();
  for (let i = 0; i < 100; i++) await page.keyboard.press("ArrowUp");
  await expect(focused.locator("xpath=ancestor::tr")).toHaveAttribute("aria-rowindex", "22");
  const after = JSON.parse(await page.evaluate(() => window.wasmBindings.document_json()));
  expect(after.maps[0].elements.find((e) => e.id === id).kind.process.cycle_time.value).toBe(7);
  // Wherever the scroller is put, its middle shows a drawn row.
  for (const at of [0.25, 0.5, 0.9, 0.99]) {
    await scroller.evaluate((s, at) => (s.scrollTop = at * s.scrollHeight), at);
    await expect
      .poll(() =>
        scroller.evaluate((s) => {
          const r = s.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return hit?.closest("tr")?.matches("tr[data-id], tr[data-flow], tr.new-flow, thead tr, caption") ?? hit?.tagName;
        }),
      )
      .toBe(true);
  }
});

test("on a map drawn only near the view, Tab walks every element in order, each brought into view", async ({ page }) => {
  await page.goto("/?generate=50");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  const map = JSON.parse(await page.evaluate(() => window.wasmBindings.document_json())).maps[0];
  // Fewer drawn than the map holds: the rest are not in the page at all.
  expect(await page.locator(".canvas .element").count()).toBeLessThan(map.elements.length / 2);
  const order = [...map.flows.map((f) => f.id), ...map.elements.map((e) => e.id)];
  // From the first flow drawn, 40 on, far past the first screen.
  const firstDrawn = await page.locator(".canvas .flow").first().getAttribute("data-flow");
  const start = order.indexOf(firstDrawn);
  await page.locator(`.canvas [data-flow="${firstDrawn}"]`).focus();
  const focused = () =>
    page.evaluate(() => {
      const f = document.activeElement;
      const r = f.getBoundingClientRect();
      const area = document.querySelector(".canvas").getBoundingClientRect();
      const onScreen = r.right > area.left && r.left < area.right && r.bottom > area.top && r.top < area.bottom;
      return { id: f.dataset.id ?? f.dataset.flow ?? f.tagName, onScreen };
    });
  for (let k = start + 1; k <= start + 40; k++) {
    await page.keyboard.press("Tab");
    await expect.poll(focused).toEqual({ id: order[k], onScreen: true });
  }
  // Shift+Tab goes back the same way.
  for (let k = start + 39; k >= start + 35; k--) {
    await page.keyboard.press("Shift+Tab");
    await expect.poll(focused).toEqual({ id: order[k], onScreen: true });
  }
  // From the flows into the elements: Shift+Tab on the first element reaches the last flow.
  await page.goto("/?generate=50");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  const firstElement = order.indexOf(await page.locator(".canvas .element").first().getAttribute("data-id"));
  expect(firstElement).toBeGreaterThanOrEqual(map.flows.length);
  await page.locator(`.canvas [data-id="${order[firstElement]}"]`).focus();
  await page.keyboard.press("Shift+Tab");
  await expect.poll(focused).toEqual({ id: order[firstElement - 1], onScreen: true });
  await page.keyboard.press("Tab");
  await expect.poll(focused).toEqual({ id: order[firstElement], onScreen: true });
  // Enter selects the element reached, as on a small map.
  await page.keyboard.press("Enter");
  await expect(page.locator(".canvas .element.selected")).toHaveAttribute("data-id", order[firstElement]);
});
