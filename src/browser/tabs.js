// Which Takt pages are alive, by the Web Locks API: each page holds a lock named
// after it for as long as it lives, and the browser lets go of it when the page
// is gone. A journal is recovered only once its page is gone.

/** Holds the lock `name` for this page's whole life. */
export function holdTab(name) {
  if (!globalThis.navigator?.locks) return;
  navigator.locks.request(name, () => new Promise(() => {})).catch(() => {});
}

/**
 * True once the page that held `name` is gone (its lock free within `waitMs`:
 * a page that just closed lets go a moment later); false if it still lives.
 * Without Web Locks every page is taken for gone.
 */
export async function tabGone(name, waitMs) {
  if (!globalThis.navigator?.locks) return true;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), waitMs);
  try {
    await navigator.locks.request(name, { signal: controller.signal }, () => {});
    return true;
  } catch (error) {
    return error?.name !== "AbortError";
  } finally {
    clearTimeout(timer);
  }
}
