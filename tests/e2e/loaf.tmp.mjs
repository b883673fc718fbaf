import { chromium } from "playwright-core";
const which = process.argv[2] ?? "table";
const blocks = process.argv[3] ?? "200";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(`http://127.0.0.1:4190/?generate=${blocks}`);
await page.locator(".canvas .element").first().waitFor();
await page.waitForTimeout(1500);
const step = await page.evaluate(() => {
    const canvas = document.querySelector(".canvas").getBoundingClientRect();
    const middle = { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 };
    const centres = [...document.querySelectorAll(".canvas .element.process .box")].map((b) => { const r = b.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; });
    const distance = (p) => Math.hypot(p.x - middle.x, p.y - middle.y);
    return centres.sort((a, b) => distance(a) - distance(b))[0];
});
await page.mouse.click(step.x, step.y);
let field = page.locator('.inspector input[data-field="name"]');
if (which === "table") { await page.keyboard.press("Escape"); await page.keyboard.press("t"); field = page.locator('.steps-table input[data-field="name"]').first(); }
await field.waitFor(); await field.focus();
await page.waitForTimeout(500);
await page.evaluate(() => { window.__loaf = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__loaf.push({ d: e.duration, script: e.scripts.reduce((a, s) => a + s.duration, 0), style: e.startTime + e.duration - e.styleAndLayoutStart, block: e.blockingDuration, inv: e.scripts.map(s=>s.invoker+":"+s.duration.toFixed(0)).join(",") }); }).observe({ type: "long-animation-frame", buffered: false }); });
for (const k of ["x", "y", "z", "Backspace", "Backspace", "Backspace"]) { await page.keyboard.press(k); await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)))); }
console.log(JSON.stringify(await page.evaluate(() => window.__loaf), null, 0).replace(/},{/g, "},\n{"));
await browser.close();
