// Keeping and sharing maps: autosave and reload, the library, files in and out,
// share links, a full storage, two tabs, damaged saved data, and hostile input.
import { test, expect, expectConsoleError, watchContext, savedCopies, savedIds, overwriteSaved, refuseWrites, download, hidePage, element, inspectorField, badge, documentNow, openExample } from "./fixtures.mjs";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../../..");
const scratch = mkdtempSync(join(tmpdir(), "takt-keep-"));
const exampleText = (key) => readFileSync(resolve(repo, `public/examples/${key}.json`), "utf8");


async function editTriage(page, minutes) {
  await element(page, "triage").click();
  await inspectorField(page, "process_time").fill(String(minutes));
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
}

async function importFile(page, name, text) {
  const file = join(scratch, name);
  writeFileSync(file, text);
  await page.locator('[data-testid="import-file"]').setInputFiles(file);
}

test.beforeEach(async ({ page }) => {
  page.on("pageerror", (e) => {
    throw e;
  });
});

test("every edit is saved: reload, and the map is back as it was left", async ({ page }) => {
  await openExample(page);
  await expect(badge(page)).toHaveText("Not saved yet");
  await editTriage(page, 42);
  await expect(page).toHaveURL(/\?doc=/);
  const before = await documentNow(page);
  await page.reload();
  await expect(element(page, "triage")).toBeVisible();
  expect(await documentNow(page)).toEqual(before);
  await expect(element(page, "triage").locator(".data-value").first()).toHaveText("42 min");
  // Opening Takt again without an address opens the newest saved map.
  await page.goto("/");
  await expect(element(page, "triage").locator(".data-value").first()).toHaveText("42 min");
});

test("changes are flushed when the page is hidden, without waiting for the pause", async ({ page }) => {
  await openExample(page);
  await element(page, "triage").click();
  await inspectorField(page, "process_time").fill("17");
  // At once, before the autosave delay: hide the page.
  await hidePage(page);
  // The save began in the event itself, so this read of the library comes after its write.
  const copies = Object.values(await savedCopies(page));
  expect(copies).toHaveLength(1);
  expect(copies[0]).toContain('"value": 17');
  await expect(badge(page)).toHaveAttribute("data-saves", "1");
});

test("export JSON, then import it into a fresh profile: the same document", async ({ page, browser }) => {
  await openExample(page, "manufacturing");
  await element(page, "stamp").click();
  await inspectorField(page, "name").fill("Stamping press 7");
  const exported = await download(page, "Document (JSON)");
  expect(exported.name).toMatch(/\.takt\.json$/);
  const original = await documentNow(page);
  expect(JSON.parse(exported.data.toString())).toEqual(original);

  const fresh = watchContext(await browser.newContext());
  const other = await fresh.newPage();
  await other.goto("/?example=incident-resolution");
  await expect(other.locator(".canvas .element").first()).toBeVisible();
  await importFile(other, "exported.takt.json", exported.data.toString());
  await expect(other.locator(".doc-title")).toHaveValue(original.title);
  expect(await documentNow(other)).toEqual(original);
  // The import is a document of the library now.
  await expect(other.locator(".save-badge")).toHaveAttribute("data-status", "saved");
  await fresh.close();
});

test("dropping a file on the window imports it", async ({ page }) => {
  await openExample(page);
  const text = exampleText("software-deployment");
  const transfer = await page.evaluateHandle((content) => {
    const t = new DataTransfer();
    t.items.add(new File([content], "deploy.json", { type: "application/json" }));
    return t;
  }, text);
  await page.dispatchEvent("body", "dragover", { dataTransfer: transfer });
  await expect(page.locator(".drop-zone")).toBeVisible();
  await page.dispatchEvent("body", "drop", { dataTransfer: transfer });
  await expect(page.locator(".doc-title")).toHaveValue(JSON.parse(text).title);
  await expect(page.locator(".drop-zone")).toHaveCount(0);
});

test("each kind of bad file is refused with its located message, and the open map is untouched", async ({ page }) => {
  await openExample(page);
  await editTriage(page, 33);
  const before = await documentNow(page);
  const good = JSON.parse(exampleText("incident-resolution"));
  const newer = { ...good, version: 99 };
  const outOfRange = structuredClone(good);
  outOfRange.maps[0].elements.find((e) => e.id === "triage").kind.process.pct_ca = 140;
  const dangling = structuredClone(good);
  dangling.maps[0].flows[0].to = "nowhere";
  const cases = [
    ["broken.json", '{"format": "takt-vsm", "version": 2,', "not valid JSON"],
    ["drawio.json", JSON.stringify({ format: "drawio", version: 1 }), "$.format: not a Takt file"],
    ["newer.json", JSON.stringify(newer), "$.version"],
    ["range.json", JSON.stringify(outOfRange), "pct_ca: must be from 0 up to 100, got 140"],
    ["dangling.json", JSON.stringify(dangling), "nowhere"],
  ];
  for (const [name, text, message] of cases) {
    await importFile(page, name, text);
    const notice = page.locator(".notice.error");
    await expect(notice).toContainText(`${name} was not opened`);
    await expect(notice).toContainText(message);
    await notice.locator(".close").click();
    expect(await documentNow(page)).toEqual(before);
  }
  // Too large: refused before it is read.
  await importFile(page, "huge.json", " ".repeat(21 * 1024 * 1024));
  await expect(page.locator(".notice.error")).toContainText("it is 21.0 MB; Takt reads map files up to 20 MB");
  expect(await documentNow(page)).toEqual(before);
});

test("a full storage shows a banner offering the file, and the previous saved copy stays whole", async ({ page }) => {
  await openExample(page);
  await editTriage(page, 21);
  const [id, previous] = Object.entries(await savedCopies(page))[0];
  await refuseWrites(page, true);
  await element(page, "triage").click();
  await inspectorField(page, "process_time").fill("99");
  await page.locator('.inspector textarea[data-field="notes"]').fill("Workshop note: ".repeat(400));
  const banner = page.locator(".banner.save-failed");
  await expect(banner).toContainText("storage for Takt is full");
  await expect(badge(page)).toHaveAttribute("data-status", "failed");
  expect((await savedCopies(page))[id]).toBe(previous);
  // The banner's download has the latest changes.
  const [file] = await Promise.all([page.waitForEvent("download"), banner.locator("button", { hasText: "Download" }).click()]);
  const downloaded = JSON.parse(readFileSync(await file.path(), "utf8"));
  expect(downloaded.maps[0].elements.find((e) => e.id === "triage").kind.process.process_time.value).toBe(99);
  // Space freed: trying again saves.
  await refuseWrites(page, false);
  await banner.locator("button", { hasText: "Try again" }).click();
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  expect((await savedCopies(page))[id]).toContain("Workshop note: Workshop note:");
});

test("with storage disabled, the app still works and says its work is not kept", async ({ browser }) => {
  const context = watchContext(await browser.newContext());
  await context.addInitScript(() => {
    for (const name of ["localStorage", "indexedDB"]) {
      Object.defineProperty(window, name, {
        get() {
          throw new DOMException("The operation is insecure.", "SecurityError");
        },
      });
    }
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => {
    throw e;
  });
  await page.goto("/?example=incident-resolution");
  await element(page, "triage").click();
  await inspectorField(page, "process_time").fill("12");
  await expect(page.locator(".banner.save-failed")).toContainText("does not let Takt use its storage");
  await expect(page.locator('[data-metric="lead_time"]')).toBeVisible();
  await context.close();
});

test("two tabs on one document: the other tab's change is noticed, and the user chooses", async ({ page, context }) => {
  await openExample(page);
  await editTriage(page, 25);
  const address = page.url();
  const other = await context.newPage();
  await other.goto(address);
  await expect(other.locator('.canvas .element[data-id="triage"] .data-value').first()).toHaveText("25 min");
  // The other tab edits and saves.
  await other.locator('.canvas .element[data-id="triage"]').click();
  await other.locator('.inspector input[data-field="process_time"]').fill("55");
  // "Saved" once the stored copy holds 55 (it said "saved" on opening, and "Unsaved changes" at the keystroke).
  await expect(other.locator(".save-badge")).toHaveAttribute("data-status", "saved");
  expect(Object.values(await savedCopies(other)).some((t) => t.includes('"value": 55'))).toBe(true);
  // This tab is told, and nothing is overwritten silently.
  const banner = page.locator(".banner.conflict");
  await expect(banner).toBeVisible();
  await inspectorField(page, "process_time").fill("26");
  // Hiding the page saves at once, unless a save is refused (as here): any write
  // it began would be ordered before this read of the library.
  await hidePage(page);
  const stored = Object.values(await savedCopies(page))[0];
  expect(stored).toContain('"value": 55');
  await expect(badge(page)).toHaveAttribute("data-status", "failed");
  // Load theirs: this tab shows the other tab's version.
  await banner.locator("button", { hasText: "Load the other tab" }).click();
  await expect(element(page, "triage").locator(".data-value").first()).toHaveText("55 min");
  await expect(banner).toHaveCount(0);
  // Then an edit here saves normally, and the other tab is told in turn.
  await editTriage(page, 60);
  await expect(other.locator(".banner.conflict")).toBeVisible();
  await other.locator(".banner.conflict button", { hasText: "Keep mine" }).click();
  await expect(other.locator(".save-badge")).toHaveAttribute("data-status", "saved");
  expect(Object.values(await savedCopies(page))[0]).toContain('"value": 55');
});

test("a saved copy that cannot be read is reported and offered for download, never deleted", async ({ page }) => {
  await openExample(page);
  await editTriage(page, 30);
  const [id] = Object.keys(await savedCopies(page));
  const damaged = '{"format":"takt-vsm","version":3,"title":"x","maps":[';
  await overwriteSaved(page, id, damaged);
  await page.goto(`/?doc=${id}`);
  const banner = page.locator(".banner.unreadable");
  await expect(banner).toContainText("could not be opened");
  const [file] = await Promise.all([page.waitForEvent("download"), banner.locator("button", { hasText: "Download the saved data" }).click()]);
  expect(readFileSync(await file.path(), "utf8")).toBe(damaged);
  // The app still opens something to work on, and the damaged copy is still there.
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  expect((await savedCopies(page))[id]).toBe(damaged);
  // It is listed in the library, where its data can be downloaded too.
  await page.locator(".header-button", { hasText: "Library" }).click();
  await expect(page.locator(`.entry[data-id="${id}"]`)).toContainText("Damaged saved map");
});

test("a title being typed in the Library is kept when the list refreshes under it", async ({ page, context }) => {
  await openExample(page);
  await editTriage(page, 11);
  await page.locator(".header-button", { hasText: "Library" }).click();
  const entries = page.locator(".library .entry");
  await expect(entries).toHaveCount(1);
  await entries.first().locator("button", { hasText: "Rename" }).click();
  const field = page.locator(".library input.rename");
  await field.fill("Incidents, being typed");
  // Another tab saves a map of its own, and this tab reads the library again.
  const refreshes = () => page.evaluate(() => window.wasmBindings.library_refreshes());
  const before = await refreshes();
  const other = await context.newPage();
  await openExample(other);
  await editTriage(other, 12);
  await expect.poll(refreshes).toBeGreaterThan(before);
  // The field being typed in is still there, with what was typed.
  await expect(field).toHaveValue("Incidents, being typed");
  await expect(field).toBeFocused();
  await field.press("Enter");
  await expect(entries.filter({ hasText: "Incidents, being typed" })).toHaveCount(1);
  // Once the title is in, the list shows the other tab's map too.
  await expect(entries).toHaveCount(2);
});

test("the library: new, open, rename, duplicate, delete and undo", async ({ page }) => {
  await openExample(page);
  await editTriage(page, 11);
  await page.locator(".header-button", { hasText: "Library" }).click();
  const entries = page.locator(".library .entry");
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText("IT incident resolution");
  await expect(entries.first().locator(".thumbnail rect").first()).toBeVisible();
  // New map.
  await page.locator(".library button", { hasText: "New map" }).click();
  await expect(page.locator(".doc-title")).toHaveValue("Untitled map");
  await expect(page.locator(".canvas .element")).toHaveCount(0);
  // An empty map says what to do first, until it is done.
  await expect(page.locator(".map-view .empty-hint")).toContainText("This map is empty. Start with a step");
  await page.locator(".palette-item.step").click();
  await expect(page.locator(".map-view .empty-hint")).toHaveCount(0);
  await page.locator(".header-button", { hasText: "Library" }).click();
  await expect(entries).toHaveCount(2);
  // Rename the incident map (not open), then duplicate it.
  const incident = entries.filter({ hasText: "IT incident resolution" });
  await incident.locator("button", { hasText: "Rename" }).click();
  await page.locator(".library input.rename").fill("Incidents, March workshop");
  await page.locator(".library input.rename").press("Enter");
  await expect(entries.filter({ hasText: "Incidents, March workshop" })).toHaveCount(1);
  await entries.filter({ hasText: "Incidents, March workshop" }).locator("button", { hasText: "Duplicate" }).click();
  await expect(entries).toHaveCount(3);
  await expect(entries.filter({ hasText: "Incidents, March workshop (copy)" })).toHaveCount(1);
  // While the Library is open nothing moves under the pointer: the renamed map (newest
  // now) stays second, and its copy comes right after it.
  await expect(page.locator(".library .entry-title")).toHaveText(["Untitled map", "Incidents, March workshop", "Incidents, March workshop (copy)"]);
  // Delete the copy, then undo.
  await entries.filter({ hasText: "(copy)" }).locator("button", { hasText: "Delete" }).click();
  await expect(entries).toHaveCount(2);
  await page.locator(".undo-bar button", { hasText: "Undo" }).click();
  await expect(entries).toHaveCount(3);
  // Open the renamed map: its edit is there.
  const renamed = entries.filter({ has: page.locator(".entry-title", { hasText: /^Incidents, March workshop$/ }) });
  await expect(renamed).toHaveCount(1);
  await renamed.locator(".entry-open").click();
  await expect(page.locator(".doc-title")).toHaveValue("Incidents, March workshop");
  await expect(element(page, "triage").locator(".data-value").first()).toHaveText("11 min");
});

test("a share link opens the map read-only, and it can be saved to the library", async ({ page, browser }) => {
  await openExample(page, "user-onboarding");
  const original = await documentNow(page);
  await page.locator(".header-button", { hasText: "Share link" }).click();
  const link = await page.locator(".share .share-link").inputValue();
  expect(link).toMatch(/#share=[A-Za-z0-9_-]+$/);
  await expect(page.locator(".share .warning-box")).toHaveCount(0);
  // The browser packs it as raw DEFLATE, which the command line's reader (and any zlib) unpacks.
  const payload = Buffer.from(link.split("#share=")[1], "base64url");
  expect(JSON.parse(inflateRawSync(payload).toString("utf8"))).toEqual(original);

  const fresh = watchContext(await browser.newContext());
  const other = await fresh.newPage();
  other.on("pageerror", (e) => {
    throw e;
  });
  // A link packed elsewhere (as the earlier Takt packed them, with its own compressor) opens the same.
  const packedElsewhere = deflateRawSync(JSON.stringify(original), { level: 9 }).toString("base64url");
  await other.goto(`/#share=${packedElsewhere}`);
  await expect(other.locator(".banner.shared")).toBeVisible();
  expect(await documentNow(other)).toEqual(original);
  await other.goto(link);
  await other.reload();
  await expect(other.locator(".banner.shared")).toBeVisible();
  expect(await documentNow(other)).toEqual(original);
  // Read-only: a drag does not move anything, and nothing is stored.
  const first = other.locator(".canvas .element.process").first();
  const at = await first.getAttribute("transform");
  const box = await first.locator(".box").boundingBox();
  await other.mouse.move(box.x + 20, box.y + 20);
  await other.mouse.down();
  await other.mouse.move(box.x + 120, box.y + 90, { steps: 5 });
  await other.mouse.up();
  expect(await first.getAttribute("transform")).toBe(at);
  // ... and records no step of history either.
  await expect(other.locator('.toolbar [data-action="undo"]')).toBeDisabled();
  expect(await savedIds(other)).toEqual([]);
  // Saved to the library: editable, and stored.
  await other.locator(".banner.shared button", { hasText: "Save to my library" }).click();
  await expect(other.locator(".save-badge")).toHaveAttribute("data-status", "saved");
  await expect(other).not.toHaveURL(/#share=/);
  await other.reload();
  await expect(other.locator(".canvas .element").first()).toBeVisible();
  expect(await documentNow(other)).toEqual(original);
  await fresh.close();
});

test("a share link opens on the map that was shown when it was made", async ({ page, browser }) => {
  await openExample(page, "incident-resolution");
  await page.locator(".tab", { hasText: "Future state" }).click();
  await expect(page.locator(".tab.active")).toContainText("Future state");
  await page.locator(".header-button", { hasText: "Share link" }).click();
  const link = await page.locator(".share .share-link").inputValue();
  expect(link).toMatch(/#share=[A-Za-z0-9_-]+&map=1$/);
  const other = await watchContext(await browser.newContext()).newPage();
  await other.goto(link);
  await expect(other.locator(".banner.shared")).toBeVisible();
  await expect(other.locator(".tab.active")).toContainText("Future state");
});

test("a long link is flagged with the file offered instead; a damaged link shows a message", async ({ page }) => {
  await page.goto("/?generate=40");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  await page.locator(".header-button", { hasText: "Share link" }).click();
  await expect(page.locator(".share .warning-box")).toContainText("This link is long");
  await expect(page.locator(".share .warning-box button", { hasText: "Export the file instead" })).toBeVisible();

  await page.goto("/#share=abc$$def");
  await expect(page.locator(".banner.error")).toContainText("This link could not be opened: the link is damaged");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  await page.goto("/#share=AAAAAAAAAA");
  await expect(page.locator(".banner.error")).toContainText("cannot be unpacked");
});

test("exports: SVG parses and shows the map, PNG has the picture's size, CSV has a row per step", async ({ page }) => {
  await openExample(page);
  const original = await documentNow(page);
  const steps = original.maps[0].elements.filter((e) => e.kind.process);

  const svg = await download(page, "Map picture (SVG)");
  expect(svg.name).toMatch(/\.svg$/);
  // Parsed in a page of its own, never in the app's.
  const outside = await page.context().newPage();
  const parsed = await outside.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    return {
      error: doc.querySelector("parsererror")?.textContent ?? null,
      width: Number(root.getAttribute("width")),
      height: Number(root.getAttribute("height")),
      names: [...doc.querySelectorAll(".element .name")].map((t) => t.textContent),
      rungs: doc.querySelectorAll(".timeline .rung").length,
      scripts: doc.querySelectorAll("script").length,
    };
  }, svg.data.toString());
  await outside.close();
  expect(parsed.error).toBeNull();
  for (const step of steps) expect(parsed.names).toContain(step.name);
  expect(parsed.rungs).toBeGreaterThan(0);
  expect(parsed.scripts).toBe(0);

  const png = await download(page, "Map picture (PNG)");
  expect(png.data.subarray(1, 4).toString()).toBe("PNG");
  const width = png.data.readUInt32BE(16);
  const height = png.data.readUInt32BE(20);
  expect(width).toBe(Math.round(parsed.width * 2));
  expect(height).toBe(Math.round(parsed.height * 2));

  const csv = await download(page, "Steps (CSV)");
  const rows = csv.data.toString().trim().split("\r\n");
  expect(rows).toHaveLength(steps.length + 1);
  expect(rows[0].split(",").slice(0, 3)).toEqual(["id", "name", "owner"]);
  expect(rows.slice(1).map((r) => r.split(",")[0]).sort()).toEqual(steps.map((s) => s.id).sort());
});

test("the print layout puts the whole map, its timeline and its metrics on one landscape page", async ({ page }) => {
  // The printable area of A4 landscape with 10 mm margins, in CSS pixels.
  await page.setViewportSize({ width: 1047, height: 718 });
  await openExample(page, "manufacturing");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".toolbar")).toBeHidden();
  await expect(page.locator(".palette")).toBeHidden();
  await expect(page.locator(".metrics-panel")).toBeVisible();
  const inside = (inner, outer) =>
    inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1;
  const pageBox = { x: 0, y: 0, width: 1047, height: 718 };
  const canvas = await page.locator(".canvas").boundingBox();
  expect(canvas.height).toBeGreaterThan(300);
  expect(inside(canvas, pageBox)).toBe(true);
  // Every element of the map is drawn inside the printed map area, at a size that can be seen.
  const boxes = await page.locator(".canvas .element").evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.getAttribute("data-id"), x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  const expected = JSON.parse(await page.evaluate(() => window.wasmBindings.document_json())).maps[0].elements.length;
  expect(boxes).toHaveLength(expected);
  for (const box of boxes) {
    expect(inside(box, canvas), `${box.id} lies inside the printed map`).toBe(true);
    expect(box.width, `${box.id} is visible`).toBeGreaterThan(10);
  }
  // The timeline shows the whole critical path and its totals, not clipped.
  const panel = await page.locator(".timeline-panel").boundingBox();
  const totals = await page.locator(".timeline-totals .totals").boundingBox();
  expect(inside(totals, panel)).toBe(true);
  expect(inside(panel, pageBox)).toBe(true);
  const rungs = await page.locator(".timeline .rung").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
  expect(Math.max(...rungs)).toBeLessThanOrEqual(panel.x + panel.width);
  // The balance chart is on the page too, every bar and its name, none cut off at the foot.
  const balance = await page.locator(".balance-panel").boundingBox();
  expect(inside(balance, pageBox), "the balance chart lies on the page").toBe(true);
  const bars = await page.locator(".balance .bar").evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  expect(bars.length).toBeGreaterThan(2);
  for (const bar of bars) expect(inside(bar, balance), "a bar lies inside the balance chart").toBe(true);
  const pdf = await page.pdf({ landscape: true, format: "A4", preferCSSPageSize: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(1);
});

test("exported pictures carry their map: an SVG or PNG imported or dropped opens it again", async ({ page }) => {
  await openExample(page, "software-deployment");
  const original = await documentNow(page);
  const svg = await download(page, "Map picture (SVG)");
  const png = await download(page, "Map picture (PNG)");
  await openExample(page, "incident-resolution");
  expect((await documentNow(page)).title).not.toBe(original.title);
  await importFile(page, "picture.svg", svg.data);
  await expect(page.locator(".doc-title")).toHaveValue(original.title);
  expect(await documentNow(page)).toEqual(original);

  await openExample(page, "incident-resolution");
  await importFile(page, "picture.png", png.data);
  await expect(page.locator(".doc-title")).toHaveValue(original.title);
  expect(await documentNow(page)).toEqual(original);

  // Dropped on the window, as draw.io's PNGs are.
  await openExample(page, "incident-resolution");
  const transfer = await page.evaluateHandle((bytes) => {
    const t = new DataTransfer();
    t.items.add(new File([new Uint8Array(bytes)], "dropped.png", { type: "image/png" }));
    return t;
  }, [...png.data]);
  await page.dispatchEvent("body", "dragover", { dataTransfer: transfer });
  await page.dispatchEvent("body", "drop", { dataTransfer: transfer });
  await expect(page.locator(".doc-title")).toHaveValue(original.title);

  // A picture Takt did not make is refused, and says why.
  const before = await documentNow(page);
  const stripped = Buffer.concat([png.data.subarray(0, 33), png.data.subarray(png.data.length - 12)]);
  await importFile(page, "other.png", stripped);
  await expect(page.locator(".notice.error")).toContainText("this PNG has no Takt map");
  expect(await documentNow(page)).toEqual(before);
});

test("back up everything, then restore: what was deleted comes back, nothing newer is overwritten", async ({ page }) => {
  await openExample(page);
  await editTriage(page, 31);
  await page.locator(".header-button", { hasText: "Library" }).click();
  await page.locator(".library button", { hasText: "New map" }).click();
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  await page.locator(".header-button", { hasText: "Library" }).click();
  const entries = page.locator(".library .entry");
  await expect(entries).toHaveCount(2);
  const [file] = await Promise.all([page.waitForEvent("download"), page.locator(".library button", { hasText: "Back up everything" }).click()]);
  const backup = readFileSync(await file.path(), "utf8");
  expect(JSON.parse(backup).documents).toHaveLength(2);
  // After the backup: the incident map is edited again (newer), the new map deleted.
  await entries.filter({ hasText: "IT incident resolution" }).locator(".entry-open").click();
  await element(page, "triage").click();
  await inspectorField(page, "process_time").fill("44");
  await expect.poll(async () => Object.values(await savedCopies(page)).some((t) => t.includes('"value": 44'))).toBe(true);
  await page.locator(".header-button", { hasText: "Library" }).click();
  await entries.filter({ hasText: "Untitled" }).locator("button", { hasText: "Delete" }).click();
  await expect(entries).toHaveCount(1);
  // Restore: the deleted map is added back, the newer incident map is kept as it is.
  const path = join(scratch, "backup.json");
  writeFileSync(path, backup);
  await page.locator('[data-testid="import-file"]').setInputFiles(path);
  await expect(page.locator(".notice")).toContainText("1 added, 0 updated, 1 kept");
  await expect(entries).toHaveCount(2);
  await entries.filter({ hasText: "IT incident resolution" }).locator(".entry-open").click();
  await expect(element(page, "triage").locator(".data-value").first()).toHaveText("44 min");
  // A backup with a damaged map is refused whole, saying where.
  const damaged = JSON.parse(backup);
  const withElements = damaged.documents.findIndex((d) => d.document.maps[0].elements.length > 0);
  damaged.documents[withElements].document.maps[0].elements[0].x = "left";
  writeFileSync(path, JSON.stringify(damaged));
  await page.locator(".header-button", { hasText: "Library" }).click();
  await page.locator('[data-testid="import-file"]').setInputFiles(path);
  await expect(page.locator(".notice.error")).toContainText(`$.documents[${withElements}].document.maps[0].elements[0].x`);
  await expect(entries).toHaveCount(2);
});

test("a printed comparison keeps every part, What changed included", async ({ page }) => {
  await page.setViewportSize({ width: 1047, height: 718 });
  await openExample(page);
  await page.locator(".tab-action", { hasText: "Compare" }).click();
  await page.emulateMedia({ media: "print" });
  const changed = page.locator(".comparison h3", { hasText: "What changed" });
  await expect(changed).toBeVisible();
  // Nothing is cut off by the one-page rule of the map: the printed document reaches past the last change.
  const last = await page.locator(".comparison li").last().boundingBox();
  const printed = await page.evaluate(() => document.documentElement.getBoundingClientRect().height);
  expect(last.y + last.height).toBeLessThanOrEqual(printed);
  await expect(page.locator(".comparison button", { hasText: "Back to the map" })).toBeHidden();
});

test("hostile strings are shown as text: nothing runs, nothing is injected", async ({ page }) => {
  await page.addInitScript(() => {
    window.__pwned = 0;
    window.alert = () => (window.__pwned += 1);
  });
  const attacks = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    '"><svg onload="window.__pwned=3">',
    "<svg><script>window.__pwned=4</script></svg>",
    "javascript:window.__pwned=5",
    "</title><script>window.__pwned=6</script>",
  ];
  const doc = JSON.parse(exampleText("incident-resolution"));
  doc.title = attacks[0];
  doc.meta = { ...(doc.meta ?? {}), description: attacks[1], author: attacks[2] };
  doc.maps.forEach((m, i) => (m.name = attacks[(i + 3) % attacks.length]));
  doc.maps[0].elements.forEach((e, i) => {
    e.name = attacks[i % attacks.length];
    e.notes = attacks[(i + 1) % attacks.length];
    if (e.kind.process) e.kind.process.owner = attacks[(i + 2) % attacks.length];
  });
  await page.goto("/?example=incident-resolution");
  await expect(page.locator(".canvas .element").first()).toBeVisible();
  await importFile(page, "hostile.json", JSON.stringify(doc));
  await expect(page.locator(".doc-title")).toHaveValue(attacks[0]);
  // Names show literally (clipped on the canvas, whole in the table and the inspector).
  await page.keyboard.press("t");
  const names = await page.locator('.steps-table input[data-field="name"]').evaluateAll((els) => els.map((e) => e.value));
  for (const name of names) expect(attacks).toContain(name);
  await page.keyboard.press("t");
  await page.locator(".tab").nth(1).click();
  await page.locator(".tab").nth(0).click();
  // Exports carry the strings as text too.
  const svg = await download(page, "Map picture (SVG)");
  // Parsed in a page of its own, never in the app's.
  const outside = await page.context().newPage();
  const scripts = await outside.evaluate((text) => new DOMParser().parseFromString(text, "image/svg+xml").querySelectorAll("script, [onload], [onerror], foreignObject, [style]").length, svg.data.toString());
  await outside.close();
  expect(scripts).toBe(0);
  // Nothing in the page could run later (no element that loads, no handler attribute, no
  // inline script), and nothing has run.
  expect(await page.locator("img, iframe, object, embed, script:not([src]), [onload], [onerror], [onclick], [onmouseover], [onfocus]").count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBe(0);
});

test("the page sends a Content-Security-Policy that allows only the app's own script and wasm", async ({ page }) => {
  const violations = [];
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) violations.push(m.text());
  });
  await openExample(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("default-src 'none'");
  expect(policy).not.toContain("unsafe-inline");
  expect(await page.locator("script:not([src])").count()).toBe(0);
  // An injected inline script is blocked by the policy (Chromium reports the block as a console error).
  expectConsoleError("Executing inline script violates the following Content Security Policy directive");
  const ran = await page.evaluate(() => {
    window.__inline = false;
    const s = document.createElement("script");
    s.textContent = "window.__inline = true";
    document.body.appendChild(s);
    return window.__inline;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.length).toBe(1);
  expect(violations[0]).toContain("Executing inline script violates");
  // The app itself runs under it without a single violation: the injected script's is the only one.
  await editTriage(page, 14);
  await page.keyboard.press("t");
  await page.keyboard.press("t");
  expect(violations).toHaveLength(1);
});
