// The library in IndexedDB (issue 9): maps an earlier Takt kept in localStorage
// move over whole, earlier versions are kept and can be opened or restored, the
// storage used is shown, and a library of 200 large maps saves, reloads and
// survives a refused write.
import { test, expect, watchContext, savedCopies, savedIds, keptVersions, refuseWrites, element, badge, documentNow } from "./fixtures.mjs";
import { readFileSync, writeFileSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const here = import.meta.dirname;
const scratch = mkdtempSync(join(tmpdir(), "takt-library-"));
const triageTime = (page) => element(page, "triage").locator(".data-value").first();
const entries = (page) => page.locator(".library .entry");

/** Triage's process time in each stored copy of the incident map. */
const storedTriage = async (page) =>
  Object.values(await savedCopies(page)).map((text) => JSON.parse(text).maps[0].elements.find((e) => e.id === "triage")?.kind.process.process_time.value);

async function editTriage(page, minutes) {
  await element(page, "triage").click();
  await page.locator('.inspector input[data-field="process_time"]').fill(String(minutes));
  // "Unsaved changes" at the keystroke; "Saved" only once the library holds it.
  await expect(badge(page)).not.toHaveAttribute("data-status", "saved", { timeout: 1 });
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  expect(await storedTriage(page)).toContain(minutes);
}

test("maps an earlier Takt kept in localStorage move over on first start, with nothing lost", async ({ browser, context: _watched }) => {
  // localStorage as the Takt that kept maps there left it (tests/e2e/fixtures, written by that version).
  const fixture = JSON.parse(readFileSync(resolve(here, "../fixtures/legacy-library.json"), "utf8"));
  const context = watchContext(await browser.newContext());
  const page = await context.newPage();
  await page.goto("/takt.schema.json"); // same origin, without the app
  await page.evaluate((items) => Object.entries(items).forEach(([k, v]) => localStorage.setItem(k, v)), fixture.local_storage);
  const legacy = Object.entries(fixture.local_storage).filter(([k]) => k.startsWith("takt:doc:"));
  expect(legacy).toHaveLength(2);

  await page.goto("/");
  await expect(page.locator(".notice")).toContainText("2 saved maps moved to this browser's larger storage");
  // Every map is in the library, its document exactly as it was saved.
  const copies = await savedCopies(page);
  for (const [key, text] of legacy) {
    const id = key.replace("takt:doc:", "");
    expect(JSON.parse(copies[id])).toEqual(JSON.parse(text).document);
  }
  // The old copies are gone from localStorage once the move is committed.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("takt:")))).toEqual([]);
  await page.locator(".header-button", { hasText: "Library" }).click();
  await expect(entries(page)).toHaveCount(2);
  await entries(page).filter({ hasText: "IT incident resolution" }).locator(".entry-open").click();
  await expect(triageTime(page)).toHaveText("17 min");
  // A second start moves nothing again and loses nothing.
  await page.reload();
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  await expect(page.locator(".notice")).toHaveCount(0);
  expect(await savedIds(page)).toHaveLength(2);
  await context.close();
});

test("earlier versions: kept as editing goes on, listed with figures, opened read-only, restored with undo", async ({ page }) => {
  await page.clock.install();
  await page.goto("/?example=incident-resolution");
  await expect(element(page, "triage")).toBeVisible();
  await editTriage(page, 20);
  const [id] = await savedIds(page);
  // The first copy replaced is kept; the next ones only once ten minutes have passed.
  await editTriage(page, 21);
  expect(await keptVersions(page, id)).toHaveLength(1);
  await page.clock.fastForward("05:00");
  await editTriage(page, 22);
  expect(await keptVersions(page, id)).toHaveLength(1);
  await page.clock.fastForward("06:00");
  await editTriage(page, 30);
  await editTriage(page, 31);
  const kept = await keptVersions(page, id);
  expect(kept).toHaveLength(2);
  expect(kept[1] - kept[0]).toBeGreaterThanOrEqual(10 * 60_000);

  await page.locator(".header-button", { hasText: "Library" }).click();
  await entries(page).first().locator("button", { hasText: "History" }).click();
  const history = page.locator(".history");
  await expect(history).toContainText("Takt keeps up to 30 earlier versions of each map, one per 10 minutes of editing, for 30 days");
  const versions = history.locator(".version");
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toContainText(/\d+ elements · lead time [\d.]+ d · flow efficiency [\d.]+%/);
  await expect(versions.first().locator(".thumbnail rect").first()).toBeVisible();

  // Opened read-only: the newest version as it was (triage 30 min), nothing saved.
  await versions.first().locator("button", { hasText: "Open" }).click();
  const banner = page.locator(".banner.earlier");
  await expect(banner).toContainText("An earlier version");
  await expect(triageTime(page)).toHaveText("30 min");
  await expect(page.locator('.toolbar [data-action="undo"]')).toBeDisabled();
  // Printed, it still says it is an earlier version.
  await expect(badge(page)).toHaveAttribute("data-status", "earlier");
  await page.emulateMedia({ media: "print" });
  await expect(badge(page)).toBeVisible();
  await page.emulateMedia({ media: "screen" });
  expect(await storedTriage(page)).toEqual([31]);

  // Restored: the map is 30 min again and saved so; the copy it replaced (31) is kept.
  await banner.locator("button", { hasText: "Restore this version" }).click();
  await expect(banner).toHaveCount(0);
  await expect(triageTime(page)).toHaveText("30 min");
  await expect.poll(() => storedTriage(page)).toEqual([30]);
  expect(await keptVersions(page, id)).toHaveLength(3);
  // Undo takes the restore back, and that is saved too.
  await page.locator('.toolbar [data-action="undo"]').click();
  await expect(triageTime(page)).toHaveText("31 min");
  await expect.poll(() => storedTriage(page)).toEqual([31]);
});

test("the library says how much storage it uses and whether the browser keeps it", async ({ page }) => {
  await page.goto("/?example=incident-resolution");
  await editTriage(page, 12);
  await page.locator(".header-button", { hasText: "Library" }).click();
  const used = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
  expect(used).toBeGreaterThan(0);
  await expect(page.locator(".storage-space")).toContainText(/Storage: [\d.]+ (KB|MB) used of [\d.]+ (MB|GB) available; /);
  await expect(page.locator(".storage-space")).toContainText(/kept by the browser|may clear it/);
});

test("a library of 200 maps of 500 elements (about 30 MB) saves, reloads and survives a refused write", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/?generate=50");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  const generated = await documentNow(page);
  expect(generated.maps[0].elements.length).toBeGreaterThanOrEqual(500);
  // Brought in as a backup of 200 maps, each saved once.
  const now = Date.now();
  const documents = Array.from({ length: 200 }, (_, i) => ({ id: `line${i}`, saved: now - i * 1000, document: { ...generated, title: `Line ${i + 1}` } }));
  const path = join(scratch, "big-library.json");
  writeFileSync(path, JSON.stringify({ format: "takt-library", version: 1, made: now, documents }, null, 1));
  const megabytes = statSync(path).size / 1e6;
  expect(megabytes).toBeGreaterThan(25);
  let started = Date.now();
  await page.locator('[data-testid="import-file"]').setInputFiles(path);
  await expect(page.locator(".notice")).toContainText("200 added, 0 updated, 0 kept", { timeout: 180_000 });
  const restored = Date.now() - started;

  // Reloaded: all 200 are listed and open.
  started = Date.now();
  await page.goto("/");
  await page.locator(".header-button", { hasText: "Library" }).click();
  await expect(entries(page)).toHaveCount(200);
  const listed = Date.now() - started;
  const { usage } = await page.evaluate(() => navigator.storage.estimate());
  console.log(`200 maps x ${generated.maps[0].elements.length} elements (${megabytes.toFixed(1)} MB backup, ${(usage / 1e6).toFixed(1)} MB stored): restored in ${restored} ms, reloaded and listed in ${listed} ms`);
  await expect(page.locator(".storage-space")).toContainText(/Storage: [\d.]+ MB used/);
  await entries(page).filter({ hasText: "Line 117" }).locator(".entry-open").click();
  await expect(page.locator(".doc-title")).toHaveValue("Line 117");
  const id = new URL(page.url()).searchParams.get("doc");
  expect(id).toBe("line116");
  const before = (await savedCopies(page))[id];

  // A refused write (storage full): the banner says so, the stored copy is whole.
  await refuseWrites(page, true);
  await page.locator(".header-button", { hasText: "Library" }).click();
  await entries(page).filter({ hasText: "Line 117" }).locator("button", { hasText: "Rename" }).click();
  await page.locator(".library input.rename").fill("Line 117, reworked");
  await page.locator(".library input.rename").press("Enter");
  await expect(page.locator(".banner.save-failed")).toContainText("storage for Takt is full");
  const copies = await savedCopies(page);
  expect(copies[id]).toBe(before);
  expect(Object.keys(copies)).toHaveLength(200);
  // Space again: "Try again" saves it.
  await refuseWrites(page, false);
  await page.locator(".banner.save-failed button", { hasText: "Try again" }).click();
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  expect((await savedCopies(page))[id]).toContain('"title": "Line 117, reworked"');
});
