// The browser benchmark (not a test): in headless Chromium, against the release
// build in dist/, it measures
//   - load: time from navigation to an interactive map (all elements drawn and a
//     frame painted after them), for a built-in example and a generated map;
//   - drag: while a step of the generated map is dragged, the interval between
//     frames and the work of each frame (from its animation-frame callbacks to
//     the end of its rendering), and how often the analysis ran per frame.
// Figures are medians and 95th percentiles over several runs; this machine is
// noisy, so compare ratios rather than single numbers.
//
//   node tests/e2e/bench.mjs [--blocks 50] [--runs 5]
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const blocks = Number(args.blocks ?? 50);
const runs = Number(args.runs ?? 5);
const port = 4183;
const base = `http://127.0.0.1:${port}`;
const here = import.meta.dirname;

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const median = (values) => quantile(values, 0.5);
const ms = (value) => `${value.toFixed(1)} ms`;

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return;
    } catch (e) {
      if (i === 99) console.error(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the static server did not start");
}

/** Navigation start to the first frame painted after `count` elements are on the canvas. */
async function timeToInteractive(browser, path, count) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(base + path, { waitUntil: "commit" });
  await page.waitForFunction((n) => document.querySelectorAll(".canvas .element").length >= n, count, { polling: "raf", timeout: 30_000 });
  const interactive = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now())))));
  await page.close();
  return interactive;
}

/** Drags one step across the map, recording every frame while it moves. */
async function dragFrames(browser, path) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(base + path);
  await page.waitForSelector(".canvas .element.process");
  await page.waitForTimeout(300);
  // A step in the middle of the visible canvas (a large map at fit zoom overflows it).
  const start = await page.evaluate(() => {
    const canvas = document.querySelector(".canvas").getBoundingClientRect();
    const middle = { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 };
    const centres = [...document.querySelectorAll(".canvas .element.process .box")].map((b) => {
      const r = b.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    const distance = (p) => Math.hypot(p.x - middle.x, p.y - middle.y);
    return centres.sort((a, b) => distance(a) - distance(b))[0];
  });
  await page.evaluate(() => {
    // Frame work: from the first animation-frame callback to a task queued from it,
    // which runs once the frame's style, layout and paint are done.
    window.__frames = { intervals: [], work: [], last: null, running: true };
    const channel = new MessageChannel();
    let began = 0;
    channel.port1.onmessage = () => window.__frames.work.push(performance.now() - began);
    const tick = (now) => {
      const f = window.__frames;
      if (!f.running) return;
      if (f.last !== null) f.intervals.push(now - f.last);
      f.last = now;
      began = performance.now();
      channel.port2.postMessage(0);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const runsBefore = await page.evaluate(() => window.wasmBindings.analysis_runs());
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 120; i++) {
    await page.mouse.move(start.x + i * 2, start.y + Math.sin(i / 10) * 30);
  }
  await page.mouse.up();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const frames = await page.evaluate(() => {
    window.__frames.running = false;
    return window.__frames;
  });
  const runsAfter = await page.evaluate(() => window.wasmBindings.analysis_runs());
  await page.close();
  return { intervals: frames.intervals, work: frames.work, analyses: runsAfter - runsBefore, frames: frames.intervals.length + 1 };
}

const server = spawn(process.execPath, [resolve(here, "serve.mjs"), resolve(here, "../../dist"), String(port)], { stdio: ["ignore", "ignore", "inherit"] });
try {
  await waitForServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const generated = `/?generate=${blocks}`;
  const elementCount = blocks * 10 + 2;

  const example = [];
  const large = [];
  for (let i = 0; i < runs; i++) {
    example.push(await timeToInteractive(browser, "/?example=incident-resolution", 13));
    large.push(await timeToInteractive(browser, generated, elementCount));
  }
  console.log(`load, navigation to interactive map (median of ${runs}, p95 in brackets):`);
  console.log(`  incident example (13 elements): ${ms(median(example))} (${ms(quantile(example, 0.95))})`);
  console.log(`  generated map (${elementCount} elements): ${ms(median(large))} (${ms(quantile(large, 0.95))})`);

  const intervals = [];
  const work = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const drag = await dragFrames(browser, generated);
    intervals.push(...drag.intervals);
    work.push(...drag.work);
    ratios.push(drag.analyses / drag.frames);
  }
  console.log(`drag on the generated map (${runs} drags, ${intervals.length} frames):`);
  console.log(`  frame interval: median ${ms(median(intervals))}, p95 ${ms(quantile(intervals, 0.95))}`);
  console.log(`  frame work:     median ${ms(median(work))}, p95 ${ms(quantile(work, 0.95))}`);
  console.log(`  analysis runs per frame: max ${Math.max(...ratios).toFixed(2)} (must stay at most 1)`);
  await browser.close();
  if (Math.max(...ratios) > 1) {
    console.error("FAIL: the analysis ran more than once per frame during a drag");
    process.exitCode = 1;
  }
} finally {
  server.kill();
}
