// Accessibility: axe-core checks every screen a user reaches (the map, the
// table, Compare, the Library, the help and the dialogs) and must find nothing.
// Nothing is filtered: a rule that fails is a defect to fix in the app.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test, expect, fitWhole, openExample } from "./fixtures.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Every axe violation on the page as it is, one line each with where it is. */
async function violations(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}${v.nodes.length > 4 ? ` and ${v.nodes.length - 4} more` : ""}`,
    );
  });
}

/** The incident example at a desktop size, where every panel shows. */
async function openAtDesktopSize(page) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openExample(page);
}

test("the map screen has no accessibility violations", async ({ page }) => {
  await openAtDesktopSize(page);
  expect(await violations(page)).toEqual([]);
  // With a step selected (the inspector's fields and figures) and with a flow selected.
  await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
  await fitWhole(page);
  await page.locator('.canvas .element[data-id="triage"]').click();
  await expect(page.locator(".inspector h2")).toHaveText("process step");
  expect(await violations(page)).toEqual([]);
  await page.locator('.canvas .flow[data-flow="f14"]').focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".inspector h2")).toHaveText("Flow");
  expect(await violations(page)).toEqual([]);
});

test("the table has no accessibility violations", async ({ page }) => {
  await openAtDesktopSize(page);
  await page.getByRole("button", { name: "Table" }).click();
  await expect(page.locator(".flow-table")).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test("Compare has no accessibility violations", async ({ page }) => {
  await openAtDesktopSize(page);
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page.getByRole("heading", { name: "Current state against future state" })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test("the Library has no accessibility violations", async ({ page }) => {
  await openAtDesktopSize(page);
  // A saved map in the list, with its actions.
  await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
  await fitWhole(page);
  await page.locator('.canvas .element[data-id="triage"]').click();
  await page.locator('.inspector input[data-field="name"]').fill("Triage and route");
  await expect(page.locator(".save-badge")).toContainText(/Saved/);
  await page.getByRole("button", { name: "Library" }).click();
  await expect(page.getByRole("heading", { name: "Your maps" })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test("the help and the dialogs have no accessibility violations", async ({ page }) => {
  await openAtDesktopSize(page);
  await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Help" })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Share link" }).click();
  await expect(page.getByRole("textbox", { name: "Share link" })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await fitWhole(page);
  await page.locator('.canvas .element[data-id="verify"]').click();
  await page.keyboard.press("r");
  await expect(page.getByRole("dialog", { name: /Rework from/ })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test("every stop of the keyboard's tab order shows a clear focus ring", async ({ page }) => {
  await openAtDesktopSize(page);
  await page.locator(".canvas").click({ position: { x: 5, y: 5 } });
  await fitWhole(page);
  // From the top of the page through the header, tabs, toolbar, palette, every
  // element and flow of the map, the ladder and the side panel.
  await page.evaluate(() => document.activeElement?.blur());
  const seen = [];
  for (let i = 0; i < 90; i++) {
    await page.keyboard.press("Tab");
    const ring = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const name = (el.getAttribute("aria-label") || el.textContent || el.tagName).trim().slice(0, 40);
      if (el instanceof SVGElement) {
        const shape = el.querySelector(".box, .triangle, .factory, .burst, .line");
        const style = getComputedStyle(shape);
        return { name, svg: true, colour: style.stroke, width: parseFloat(style.strokeWidth) };
      }
      const style = getComputedStyle(el);
      return { name, svg: false, style: style.outlineStyle, colour: style.outlineColor, width: parseFloat(style.outlineWidth) };
    });
    if (!ring) continue;
    seen.push(ring);
    const violet = "rgb(109, 40, 217)";
    if (ring.svg) {
      expect(ring.colour, `focus on "${ring.name}"`).toBe(violet);
      expect(ring.width, `focus on "${ring.name}"`).toBeGreaterThanOrEqual(3);
    } else {
      expect(ring.style, `focus on "${ring.name}"`).not.toBe("none");
      expect(ring.width, `focus on "${ring.name}"`).toBeGreaterThanOrEqual(2);
      expect([violet, "rgb(255, 255, 255)"], `focus on "${ring.name}"`).toContain(ring.colour);
    }
  }
  // The walk went through the map's elements and flows, not only the chrome.
  expect(seen.filter((r) => r.svg).length).toBeGreaterThan(10);
});
