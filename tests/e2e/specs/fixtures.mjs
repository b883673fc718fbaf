// Every end-to-end test runs on pages that fail it on any console error, uncaught
// page error or Content-Security-Policy violation, with no filter. A test that
// provokes one on purpose says so, by the exact text, with `expectConsoleError`.
import { test as base, expect } from "@playwright/test";

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

/** Watches a context the test made itself (a second browser profile), like the test's own. */
export function watchContext(context) {
  test.info().watchContext(context);
  return context;
}
