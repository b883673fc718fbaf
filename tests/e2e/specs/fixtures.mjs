// Every end-to-end test runs on pages that fail it on any console error, uncaught
// page error or Content-Security-Policy violation, with no filter. A test that
// provokes one on purpose says so, by the exact text, with `expectConsoleError`.
import { test as base, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../../..");
const takt = process.env.TAKT_BIN ?? resolve(repo, "target/debug/takt");
const scratch = mkdtempSync(join(tmpdir(), "takt-e2e-"));

export const test = base.extend({
  context: async ({ context }, use, testInfo) => {
    const problems = [];
    const allowed = [];
    testInfo.expectConsoleError = (text) => allowed.push(text);
    const watch = (page) => {
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console error on ${page.url()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
    };
    const watchContext = (ctx) => {
      ctx.pages().forEach(watch);
      ctx.on("page", watch);
    };
    testInfo.watchContext = watchContext;
    watchContext(context);
    await use(context);
    const unexpected = problems.filter((p) => !allowed.some((text) => p.includes(text)));
    expect(unexpected, "console errors, page errors or CSP violations").toEqual([]);
  },
});

/** Declares a console error the current test provokes on purpose (matched by `text`). */
export function expectConsoleError(text) {
  test.info().expectConsoleError(text);
}

export { expect };

// The app as a test sees it: one place for the selectors and readings every
// spec uses, so a changed class or attribute is changed once.

/** An element on the canvas, by its id. */
export const element = (page, id) => page.locator(`.canvas .element[data-id="${id}"]`);

/** A field of the inspector, by its data-field. */
export const inspectorField = (page, field) => page.locator(`.inspector input[data-field="${field}"]`);

/** The save status badge ("Saved", "Unsaved changes", …); its data-status says which. */
export const badge = (page) => page.locator(".save-badge");

/** A figure of the metrics panel, by its key. */
export const metric = (page, key) => page.locator(`[data-metric="${key}"]`);

/** The document the app holds now, as its JSON. */
export const documentNow = async (page) => JSON.parse(await page.evaluate(() => window.wasmBindings.document_json()));

/** Opens a built-in example and waits for its map to be drawn. */
export async function openExample(page, key = "incident-resolution") {
  await page.goto(`/?example=${key}`);
  await expect(page.locator(".canvas .element").first()).toBeVisible();
}

/** The centre of a locator's box on screen. */
export async function centre(locator) {
  const box = await locator.boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Watches a context the test made itself (a second browser profile), like the test's own. */
export function watchContext(context) {
  test.info().watchContext(context);
  return context;
}

/**
 * Runs the operation `op` on Takt's IndexedDB library in the page, in one
 * transaction, and returns its result. (The operations are spelled inside the
 * evaluated function: the page's CSP rightly forbids building code from text.)
 */
function inLibrary(page, op, arg) {
  return page.evaluate(
    ([op, arg]) =>
      new Promise((resolve, reject) => {
        const names = ["documents", "entries", "revisions"];
        const operations = {
          copies: [
            "readonly",
            (s, done) => {
              const keys = s.documents.getAllKeys();
              const values = s.documents.getAll();
              values.onsuccess = () => done(Object.fromEntries(keys.result.map((k, i) => [k, values.result[i].body])));
            },
          ],
          overwrite: [
            "readwrite",
            (s) => {
              const get = s.documents.get(arg.id);
              get.onsuccess = () => s.documents.put({ ...get.result, body: arg.body }, arg.id);
            },
          ],
          remove: [
            "readwrite",
            (s) => {
              s.documents.delete(arg);
              s.entries.delete(arg);
            },
          ],
          versions: [
            "readonly",
            (s, done) => {
              const keys = s.revisions.getAllKeys(IDBKeyRange.bound([arg, -Infinity], [arg, Infinity]));
              keys.onsuccess = () => done(keys.result.map((k) => k[1]));
            },
          ],
        };
        const [mode, work] = operations[op];
        const request = indexedDB.open("takt");
        request.onupgradeneeded = () => names.forEach((n) => request.result.createObjectStore(n));
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction(names, mode);
          const stores = Object.fromEntries(names.map((n) => [n, tx.objectStore(n)]));
          let result;
          work(stores, (value) => (result = value));
          tx.oncomplete = () => {
            db.close();
            resolve(result);
          };
          tx.onabort = () => reject(tx.error);
        };
      }),
    [op, arg],
  );
}

/** The saved documents in this browser profile: { id: the document's JSON as stored }. */
export const savedCopies = (page) => inLibrary(page, "copies");

/** The ids of the saved documents. */
export const savedIds = async (page) => Object.keys(await savedCopies(page));

/** Replaces a saved document's JSON as stored (to damage it on purpose). */
export const overwriteSaved = (page, id, body) => inLibrary(page, "overwrite", { id, body });

/** Deletes a saved document behind the app's back (as another tab's Library would). */
export const removeSaved = (page, id) => inLibrary(page, "remove", id);

/** The journals of unsaved changes in localStorage: { key: text }. */
export const journals = (page) =>
  page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith("takt-journal:")).map((k) => [k, localStorage.getItem(k)])));

/**
 * Presses F (fit the whole map) and waits until the canvas has applied that fit
 * (it frames in the next animation frame): what is clicked next is where it is drawn.
 */
export async function fitWhole(page) {
  const canvas = page.locator(".canvas");
  const before = Number(await canvas.getAttribute("data-fits"));
  await page.keyboard.press("f");
  await expect(canvas).toHaveAttribute("data-framing", "whole");
  await expect.poll(async () => Number(await canvas.getAttribute("data-fits"))).toBeGreaterThan(before);
}

/**
 * Hides the page as switching tabs or closing a laptop's lid does. Returns the
 * journals in localStorage right after the event, before anything else ran.
 */
export const hidePage = (page) =>
  page.evaluate(() => {
    Object.defineProperty(document, "hidden", { value: true, configurable: true });
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
    let storage;
    try {
      storage = localStorage;
    } catch {
      return null; // a page the browser denies localStorage
    }
    return Object.fromEntries(Object.keys(storage).filter((k) => k.startsWith("takt-journal:")).map((k) => [k, storage.getItem(k)]));
  });

/** The earlier copies kept of a saved document: [saved time, ...], oldest first. */
export const keptVersions = (page, id) => inLibrary(page, "versions", id);

/**
 * Makes the browser refuse writes to the library as a full disk does (Chromium's
 * quota override does not reach a test profile), or stops that. It refuses the
 * entry, written after the document in the same transaction, so a save that
 * fails must undo its document's write too.
 */
export const refuseWrites = (page, refuse) =>
  page.evaluate((refuse) => {
    if (!window.realPut) {
      window.realPut = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (...args) {
        if (window.storageFull && this.name === "entries") throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        return window.realPut.apply(this, args);
      };
    }
    window.storageFull = refuse;
  }, refuse);

/** The engine's report (`takt analyze --json`) of the document the app holds now. */
export async function engineReport(page, command = ["analyze"]) {
  const json = await page.evaluate(() => window.wasmBindings.document_json());
  const file = join(scratch, `doc-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, json);
  return JSON.parse(execFileSync(takt, [command[0], file, ...command.slice(1), "--json"]).toString());
}

/** Chooses `menuItem` in the Export menu and returns the file it downloads: its name and bytes. */
export async function download(page, menuItem) {
  await page.locator(".menu summary").click();
  const [file] = await Promise.all([page.waitForEvent("download"), page.locator(".menu-items button", { hasText: menuItem }).click()]);
  return { name: file.suggestedFilename(), data: readFileSync(await file.path()) };
}
