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
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
await cdp.send("Profiler.start");
for (const k of ["x", "y", "z", "Backspace", "Backspace", "Backspace"]) { await page.keyboard.press(k); await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r)))); }
const { profile } = await cdp.send("Profiler.stop");
const self = new Map(); const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; let total = 0;
profile.samples.forEach((id, i) => { const n = byId.get(id); const name = n.callFrame.functionName || "(anon)"; self.set(name, (self.get(name) ?? 0) + dt[i] / 1000); total += dt[i] / 1000; });
// inclusive
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
profile.samples.forEach((id, i) => { const seen = new Set(); let cur = id; while (cur !== undefined) { const n = byId.get(cur); const name = n.callFrame.functionName || "(anon)"; if (!seen.has(name)) { incl.set(name, (incl.get(name) ?? 0) + dt[i] / 1000); seen.add(name); } cur = parent.get(cur); } });
console.log("total ms", total.toFixed(1));
console.log("SELF"); [...self].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([n, t]) => console.log(t.toFixed(1), n.slice(0, 140)));
console.log("INCLUSIVE"); [...incl].sort((a, b) => b[1] - a[1]).filter(([n]) => !n.startsWith("(")).slice(0, 70).forEach(([n, t]) => console.log(t.toFixed(1), n.slice(0, 140)));
await browser.close();
