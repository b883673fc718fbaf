// Work is never lost or silently changed (issue 9): shortcuts act only on the
// screen that is shown, a mere selection saves nothing, drags are transactions,
// and the editor never makes a document its own loader refuses.
import { test, expect, savedIds, savedCopies, element, badge, documentNow, centre } from "./fixtures.mjs";

const elements = (page) => page.locator(".canvas .element");

/** Presses on an element and moves it by (dx, dy), keeping the button down; returns the start point. */
async function startDrag(page, target, dx, dy) {
  const from = await centre(target.locator(".box"));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx, from.y + dy, { steps: 10 });
  return from;
}

test.beforeEach(async ({ page }) => {
  page.on("pageerror", (e) => {
    throw e;
  });
  await page.goto("/?example=incident-resolution");
  await expect(elements(page).first()).toBeVisible();
});

test("on the Library, Ctrl+A then Delete and typed letters never touch the hidden map", async ({ page }) => {
  await element(page, "triage").click();
  await page.locator('.inspector input[data-field="process_time"]').fill("42");
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  const before = await documentNow(page);
  await page.locator(".header-button", { hasText: "Library" }).click();
  await expect(page.locator(".library .entry")).toHaveCount(1);
  await page.locator(".library h2, .library h1").first().click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  // Rename: the field has the focus, so the letters go into it, not to the map's shortcuts.
  await page.locator(".library button", { hasText: "Rename" }).click();
  await expect(page.locator(".library input.rename")).toBeFocused();
  await page.keyboard.press("Control+a");
  await page.keyboard.type("Change request stream");
  await page.keyboard.press("Enter");
  await expect(page.locator(".library .entry-title")).toHaveText("Change request stream");
  const after = await documentNow(page);
  expect(after.maps).toEqual(before.maps);
  expect(after.title).toBe("Change request stream");
});

test("selecting, a click without a move, and undo with nothing to undo save nothing", async ({ page }) => {
  await expect(badge(page)).toHaveText("Not saved yet");
  const triage = element(page, "triage");
  await triage.click();
  const at = await centre(triage.locator(".box"));
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.up();
  await element(page, "diagnose").click();
  await page.keyboard.press("Control+z");
  // The status turns to "Unsaved changes" at any change of the document and
  // back only once it is as stored again: "Not saved yet" with no write means
  // nothing changed and nothing is waiting to be saved.
  await expect(badge(page)).toHaveAttribute("data-status", "unsaved");
  await expect(badge(page)).toHaveText("Not saved yet");
  await expect(badge(page)).toHaveAttribute("data-saves", "0");
  expect(page.url()).not.toContain("doc=");
  expect(await savedIds(page)).toEqual([]);
});

test("a cancelled drag puts the elements back and records nothing", async ({ page }) => {
  const triage = element(page, "triage");
  const before = await triage.getAttribute("transform");
  await startDrag(page, triage, 120, 60);
  await expect.poll(() => triage.getAttribute("transform")).not.toBe(before);
  // The system takes the pointer (a touch turned into a scroll, a palm, an alert).
  await page.locator(".canvas").dispatchEvent("pointercancel", { pointerId: 1, isPrimary: true, pointerType: "mouse" });
  await expect.poll(() => triage.getAttribute("transform")).toBe(before);
  await page.mouse.up();
  await expect(page.locator('.toolbar [data-action="undo"]')).toBeDisabled();
  // The drag changed the document while it lasted ("Unsaved changes"); put back,
  // the status returns to "Not saved yet" without a write.
  await expect(badge(page)).toHaveAttribute("data-status", "unsaved");
  await expect(badge(page)).toHaveAttribute("data-saves", "0");
  expect(await savedIds(page)).toEqual([]);
});

test("a second finger during a drag keeps the drag as one step and pinches; the editor is not left dragging", async ({ page }) => {
  const triage = element(page, "triage");
  const scene = page.locator(".canvas .scene");
  const before = await triage.getAttribute("transform");
  const from = await startDrag(page, triage, 100, 50);
  await expect.poll(() => triage.getAttribute("transform")).not.toBe(before);
  const zoomBefore = await scene.getAttribute("transform");
  // A second finger lands beside the first and moves away from it: a pinch.
  const canvas = page.locator(".canvas");
  const finger = (x) => ({ pointerId: 7, isPrimary: false, pointerType: "touch", button: 0, clientX: from.x + x, clientY: from.y + 50 });
  await canvas.dispatchEvent("pointerdown", finger(200));
  const moved = await triage.getAttribute("transform");
  await canvas.dispatchEvent("pointermove", finger(400));
  await expect.poll(() => scene.getAttribute("transform")).not.toBe(zoomBefore);
  await canvas.dispatchEvent("pointerup", finger(400));
  // The first finger moving on and lifting moves nothing more.
  await page.mouse.move(from.x + 20, from.y + 20, { steps: 3 });
  await page.mouse.up();
  expect(await triage.getAttribute("transform")).toBe(moved);
  // The drag is one step, undone whole, and edits are taken again.
  await page.keyboard.press("Control+z");
  await expect.poll(() => triage.getAttribute("transform")).toBe(before);
  await expect(page.locator(".notice", { hasText: "Finish moving" })).toHaveCount(0);
  await triage.click();
  await page.locator('.inspector input[data-field="process_time"]').fill("13");
  expect((await documentNow(page)).maps[0].elements.find((e) => e.id === "triage").kind.process.process_time.value).toBe(13);
});

test("undo in the middle of a drag waits for the drag, which is then one step", async ({ page }) => {
  const triage = element(page, "triage");
  const before = await triage.getAttribute("transform");
  const from = await startDrag(page, triage, 100, 50);
  await page.keyboard.press("Control+z");
  await expect(page.locator(".notice")).toContainText("Finish moving");
  await page.mouse.move(from.x + 140, from.y + 70, { steps: 5 });
  await page.mouse.up();
  const moved = await triage.getAttribute("transform");
  expect(moved).not.toBe(before);
  await page.keyboard.press("Control+z");
  await expect.poll(() => triage.getAttribute("transform")).toBe(before);
  await expect(elements(page)).toHaveCount((await documentNow(page)).maps[0].elements.length);
});

test("switching to the table in the middle of a drag leaves no move undo cannot revert", async ({ page }) => {
  const before = (await documentNow(page)).maps[0].elements.find((e) => e.id === "triage");
  await startDrag(page, element(page, "triage"), 100, 50);
  await page.keyboard.press("t");
  await page.mouse.up();
  const now = (await documentNow(page)).maps[0].elements.find((e) => e.id === "triage");
  expect([now.x, now.y]).toEqual([before.x, before.y]);
});

test("the 65th map is refused with the reason, and the saved document still opens", async ({ page }) => {
  const add = page.locator("button", { hasText: "+ Future state" });
  for (let i = 0; i < 64; i++) await add.click();
  await expect(page.locator(".notice.error")).toContainText("1 to 64 maps");
  expect((await documentNow(page)).maps.length).toBe(64);
  // "Saved" only once the last of the 63 additions is written (not an earlier save's).
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  expect(JSON.parse(Object.values(await savedCopies(page))[0]).maps).toHaveLength(64);
  await page.reload();
  await expect(elements(page).first()).toBeVisible();
  expect((await documentNow(page)).maps.length).toBe(64);
  await expect(page.locator(".banner.error")).toHaveCount(0);
});
