import { chromium } from "playwright-core";
const [url, out, w, h] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: Number(w ?? 1440), height: Number(h ?? 900) } });
await page.goto(`http://127.0.0.1:4180/${url}`);
await page.locator(".canvas .element").first().waitFor();
await page.waitForTimeout(800);
if (process.argv[6]) { await page.keyboard.press(process.argv[6]); await page.waitForTimeout(800); }
await page.screenshot({ path: out });
await browser.close();
