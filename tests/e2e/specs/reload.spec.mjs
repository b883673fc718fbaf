// Nothing lost on reload, and a status that tells the truth (issue 26): the badge
// says "Unsaved changes" at the keystroke and "Saved" only once IndexedDB has
// committed the write; changes not yet saved when the page goes away are kept
// in a journal in localStorage and recovered at the next start.
import { test, expect, savedCopies, savedIds, refuseWrites, removeSaved, journals, hidePage, watchContext, element, inspectorField, badge, documentNow, openExample } from "./fixtures.mjs";

// undefined while another map (or none) is open: polled until the right one is.
const stepName = async (page, id) => (await documentNow(page)).maps[0]?.elements.find((e) => e.id === id)?.name;

/** Renames the step `id` in the inspector and leaves the field with Tab, as a facilitator does. */
async function rename(page, id, name) {
  await element(page, id).click();
  await inspectorField(page, "name").fill(name);
  await page.keyboard.press("Tab");
}

test("the status says 'Unsaved changes' at the keystroke, then 'Saving…', and 'Saved' only after the write is committed", async ({ page }) => {
  await openExample(page);
  await expect(badge(page)).toHaveText("Not saved yet");
  // Record every status shown, with how many IndexedDB writes had committed when it was shown.
  await page.evaluate(() => {
    window.__committed = 0;
    window.__shown = [{ status: document.querySelector(".save-badge").dataset.status, committed: 0 }];
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (...args) {
      const tx = transaction.apply(this, args);
      if (tx.mode === "readwrite") tx.addEventListener("complete", () => window.__committed++);
      return tx;
    };
    new MutationObserver(() => {
      const status = document.querySelector(".save-badge")?.dataset.status;
      if (status !== window.__shown.at(-1)?.status) window.__shown.push({ status, committed: window.__committed });
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await element(page, "triage").click();
  await inspectorField(page, "name").press("End");
  await page.keyboard.type("!");
  // Read at once, long before the save's pause of 600 ms is over.
  expect(await badge(page).getAttribute("data-status")).toBe("changed");
  await expect(badge(page)).toHaveText("Unsaved changes");
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  await expect(badge(page)).toHaveAttribute("data-saves", "1");
  const shown = await page.evaluate(() => window.__shown);
  expect(shown.map((s) => s.status)).toEqual(["unsaved", "changed", "saving", "saved"]);
  // "Saved" appeared only once the write had committed, and "Saving…" before it did.
  expect(shown[2].committed).toBe(0);
  expect(shown[3].committed).toBe(1);
  expect(Object.values(await savedCopies(page))[0]).toContain('"name": "Triage!"');
  // A later edit makes it "Unsaved changes" again at once.
  await page.keyboard.type("?");
  expect(await badge(page).getAttribute("data-status")).toBe("changed");
});

for (const delay of [0, 50, 100, 300]) {
  test(`an edit made ${delay} ms before a reload is kept, 20 times out of 20`, async ({ page }) => {
    test.setTimeout(150_000);
    await openExample(page);
    for (let i = 1; i <= 20; i++) {
      const name = `Triage ${delay}/${i}`;
      await rename(page, "triage", name);
      // The user's pause between the edit and the reload (the scenario, not a wait for the app).
      if (delay > 0) await page.evaluate((ms) => new Promise((done) => setTimeout(done, ms)), delay);
      await page.reload();
      await expect(element(page, "triage")).toBeVisible();
      expect(await stepName(page, "triage"), `try ${i}`).toBe(name);
      await expect(page).toHaveURL(/\?doc=/);
    }
    // Everything landed in the library: one map, its journal gone once the save was confirmed.
    await expect(badge(page)).toHaveAttribute("data-status", "saved");
    expect(await savedIds(page)).toHaveLength(1);
    expect(Object.values(await savedCopies(page))[0]).toContain(`"name": "Triage ${delay}/20"`);
    expect(await journals(page)).toEqual({});
  });
}

test("hiding the page writes the journal at once, saves at once, and clears the journal when the save is confirmed", async ({ page }) => {
  await openExample(page);
  await rename(page, "triage", "Triage hidden");
  // Written in the event itself: there before anything else runs.
  const written = Object.values(await hidePage(page));
  expect(written).toHaveLength(1);
  expect(JSON.parse(JSON.parse(written[0]).body).maps[0].elements.find((e) => e.id === "triage").name).toBe("Triage hidden");
  await expect(badge(page)).toHaveAttribute("data-saves", "1");
  expect(Object.values(await savedCopies(page))[0]).toContain('"name": "Triage hidden"');
  await expect.poll(() => journals(page)).toEqual({});
});

test("changes whose save failed are recovered from the journal when Takt opens again", async ({ page, context }) => {
  await openExample(page);
  await rename(page, "triage", "Triage kept");
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  const id = (await savedIds(page))[0];
  const before = await savedCopies(page);
  await refuseWrites(page, true);
  await rename(page, "triage", "Triage after a full disk");
  await expect(badge(page)).toHaveAttribute("data-status", "failed");
  await hidePage(page);
  expect(Object.keys(await journals(page))).toHaveLength(1);
  // The stored copy is the one saved before.
  expect(await savedCopies(page)).toEqual(before);
  await page.close();
  const again = await context.newPage();
  await again.goto(`/?doc=${id}`);
  await expect(again.locator(".notice")).toContainText("Recovered your last changes to");
  await expect.poll(() => stepName(again, "triage")).toBe("Triage after a full disk");
  expect(Object.values(await savedCopies(again))[0]).toContain('"name": "Triage after a full disk"');
  expect(await journals(again)).toEqual({});
});

test("a damaged journal is reported and dropped, and the saved maps stay as they were", async ({ page }) => {
  await openExample(page);
  await rename(page, "triage", "Triage saved");
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  const before = await savedCopies(page);
  await page.evaluate(() => {
    localStorage.setItem("takt-journal:tab-gone", '{"format": "takt-journal", "id": "x", "body"');
    localStorage.setItem("takt-journal:tab-other", JSON.stringify({ format: "takt-journal", id: "y", known_rev: 1, at: 1, body: '{"format": "takt-vsm", "version": 99}' }));
  });
  await page.goto("/");
  await expect(page.locator(".notice.error")).toContainText("Changes kept when Takt last closed could not be read: it is damaged");
  await expect(page.locator(".notice.error")).toContainText("its map is damaged ($.version");
  expect(await savedCopies(page)).toEqual(before);
  expect(await journals(page)).toEqual({});
  await expect.poll(() => stepName(page, "triage")).toBe("Triage saved");
});

test("a journal for a map deleted meanwhile puts the map back with its changes, and says so", async ({ page, context }) => {
  await openExample(page);
  await rename(page, "triage", "Triage before");
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  const id = (await savedIds(page))[0];
  await refuseWrites(page, true);
  await rename(page, "triage", "Triage in the journal");
  await hidePage(page);
  expect(Object.keys(await journals(page))).toHaveLength(1);
  // Another tab opens while this one lives: it leaves the living tab's journal alone.
  const other = await context.newPage();
  await other.goto("/?example=manufacturing");
  await expect(other.locator(".canvas .element").first()).toBeVisible();
  expect(Object.keys(await journals(other))).toHaveLength(1);
  await expect(other.locator(".notice")).toHaveCount(0);
  // It deletes the map; then the first tab closes, and Takt opens again.
  await removeSaved(other, id);
  await page.close();
  await other.goto(`/?doc=${id}`);
  await expect(other.locator(".notice")).toContainText("was deleted after its last changes were made: it is back in your library with them");
  await expect.poll(() => stepName(other, "triage")).toBe("Triage in the journal");
  expect(await savedIds(other)).toEqual([id]);
  expect(await journals(other)).toEqual({});
});

test("a journal older than another tab's save is kept as a copy of its own, and the other tab's save is untouched", async ({ page, context }) => {
  await openExample(page);
  await rename(page, "triage", "Triage first");
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  const address = page.url();
  const other = await context.newPage();
  await other.goto(address);
  await expect(element(other, "triage")).toBeVisible();
  // This tab's save fails and its changes go to the journal; then the other tab saves its own.
  await refuseWrites(page, true);
  await rename(page, "triage", "Triage mine");
  await hidePage(page);
  await rename(other, "triage", "Triage theirs");
  await expect(badge(other)).toHaveAttribute("data-status", "saved");
  const theirs = await savedCopies(other);
  await page.close();
  await other.reload();
  await expect(other.locator(".notice")).toContainText("were kept as \u201cIT incident resolution (recovered)\u201d");
  await expect.poll(() => stepName(other, "triage")).toBe("Triage theirs");
  const copies = await savedCopies(other);
  expect(Object.keys(copies)).toHaveLength(2);
  const [id] = Object.keys(theirs);
  expect(copies[id]).toBe(theirs[id]);
  const recovered = Object.entries(copies).find(([key]) => key !== id)[1];
  expect(JSON.parse(recovered).maps[0].elements.find((e) => e.id === "triage").name).toBe("Triage mine");
});

test("a full localStorage is said when the page is hidden, and the library still saves the changes", async ({ page }) => {
  await openExample(page);
  await page.evaluate(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key.startsWith("takt-journal:")) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return setItem.call(this, key, value);
    };
  });
  await rename(page, "triage", "Triage, storage full");
  await hidePage(page);
  await expect(page.locator(".notice.error")).toContainText("could not be kept for a reload (the browser's local storage is full)");
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  expect(Object.values(await savedCopies(page))[0]).toContain('"name": "Triage, storage full"');
  expect(await journals(page)).toEqual({});
});

test("without localStorage Takt says what that risks, and still saves to the library", async ({ browser, context: ownContext }) => {
  // A profile of its own (the test's own context fixture is what lets it be watched).
  expect(ownContext).toBeTruthy();
  const context = watchContext(await browser.newContext());
  await context.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("The user denied access to storage.", "SecurityError");
      },
    });
  });
  const page = await context.newPage();
  await openExample(page);
  await expect(page.locator(".notice.error")).toContainText("does not allow Takt to use its local storage");
  await rename(page, "triage", "Triage without localStorage");
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  expect(Object.values(await savedCopies(page))[0]).toContain('"name": "Triage without localStorage"');
  expect(await hidePage(page)).toBeNull();
  await context.close();
});

test("two tabs: a reload in one recovers its edit, and the other is told of it", async ({ page, context }) => {
  await openExample(page);
  await rename(page, "triage", "Triage shared");
  await expect(badge(page)).toHaveAttribute("data-status", "saved");
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(element(other, "triage")).toBeVisible();
  await rename(page, "triage", "Triage just before the reload");
  await page.reload();
  await expect(element(page, "triage")).toBeVisible();
  expect(await stepName(page, "triage")).toBe("Triage just before the reload");
  // The other tab had nothing unsaved: it is told the map changed, and loads it.
  const banner = other.locator(".banner.conflict");
  await expect(banner).toBeVisible();
  await banner.locator("button", { hasText: "Load the other tab" }).click();
  await expect(banner).toHaveCount(0);
  await expect(badge(other)).toHaveAttribute("data-status", "saved");
  await expect.poll(() => stepName(other, "triage")).toBe("Triage just before the reload");
  expect(await journals(other)).toEqual({});
});
