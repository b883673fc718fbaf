// The browser benchmark (not a test): in headless Chromium, against the release
// build in dist/, it measures
//   - load: time from navigation to an interactive map (the elements in view
//     drawn and a frame painted after them), for a built-in example and for
//     generated maps (502 and 2,002 elements by default);
//   - drag: while a step of each generated map is dragged, the interval between
//     frames and the work of each frame (from its animation-frame callbacks to
//     the end of its rendering), and how often the analysis ran per frame;
//   - zoom: the same frame figures while Ctrl+wheel zooms in and out;
//   - keystroke: from a key pressed in the inspector's name field, or in the
//     table's, to the first frame painted once the app has handled it.
// Figures are medians and 95th percentiles over several runs; this machine is
// noisy, so compare ratios rather than single numbers. Each figure is printed
// beside its target (issue 10), and a missed target is said, not hidden.
//
//   node tests/e2e/bench.mjs [--blocks 50,200] [--runs 5] [--measure load,drag,zoom,typing]
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const blockSizes = String(args.blocks ?? "50,200").split(",").map(Number);
const runs = Number(args.runs ?? 5);
const measures = new Set(String(args.measure ?? "load,drag,zoom,typing").split(","));
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

/** Navigation start to the first frame painted after `count` elements are on the canvas
 * (on a large map only those in view are drawn: `count` is what the view shows). */
async function timeToInteractive(browser, path, count) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(base + path, { waitUntil: "commit" });
  await page.waitForFunction((n) => document.querySelectorAll(".canvas .element").length >= n, count, { polling: "raf", timeout: 30_000 });
  const interactive = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now())))));
  await page.close();
  return interactive;
}

/** A page with the map at `path` drawn and settled. */
async function openMap(browser, path) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(base + path);
  await page.waitForSelector(".canvas .element.process");
  await page.waitForTimeout(300);
  return page;
}

/** The centre of the step nearest the middle of the visible canvas (a large map overflows it). */
function stepNearMiddle(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector(".canvas").getBoundingClientRect();
    const middle = { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 };
    const centres = [...document.querySelectorAll(".canvas .element.process .box")].map((b) => {
      const r = b.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    const distance = (p) => Math.hypot(p.x - middle.x, p.y - middle.y);
    return centres.sort((a, b) => distance(a) - distance(b))[0];
  });
}

/** Drags one step across the map, recording every frame while it moves. */
async function dragFrames(browser, path) {
  const page = await openMap(browser, path);
  const start = await stepNearMiddle(page);
  await recordFrames(page);
  const runsBefore = await page.evaluate(() => window.wasmBindings.analysis_runs());
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 120; i++) {
    await page.mouse.move(start.x + i * 2, start.y + Math.sin(i / 10) * 30);
  }
  await page.mouse.up();
  const frames = await stopFrames(page);
  const runsAfter = await page.evaluate(() => window.wasmBindings.analysis_runs());
  await page.close();
  return { intervals: frames.intervals, work: frames.work, analyses: runsAfter - runsBefore, frames: frames.intervals.length + 1 };
}

/** Starts recording frames: the interval between them and the work of each. */
async function recordFrames(page) {
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
}

/** Stops recording frames (after the last one is painted) and returns them. */
async function stopFrames(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => {
    window.__frames.running = false;
    return window.__frames;
  });
}

/** Ctrl+wheel zooms in and out around the middle of the canvas, recording every frame. */
async function zoomFrames(browser, path) {
  const page = await openMap(browser, path);
  const box = await page.locator(".canvas").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await recordFrames(page);
  await page.keyboard.down("Control");
  for (let i = 0; i < 60; i++) {
    await page.mouse.wheel(0, i < 30 ? -60 : 60);
  }
  await page.keyboard.up("Control");
  const frames = await stopFrames(page);
  await page.close();
  return frames;
}

/**
 * Milliseconds from each of `keys` pressed in `field` (an input, focused) to the
 * first frame painted after the app has handled it.
 */
async function keystrokes(page, field, keys) {
  await field.focus();
  await page.evaluate(() => {
    window.__keys = [];
    let down = 0;
    document.addEventListener("keydown", () => (down = performance.now()), { capture: true });
    document.addEventListener("input", () => {
      // This task runs after every input handler; the frame after it shows the result.
      requestAnimationFrame(() => setTimeout(() => window.__keys.push(performance.now() - down)));
    });
  });
  for (let i = 0; i < keys.length; i++) {
    await page.keyboard.press(keys[i]);
    await page.waitForFunction((n) => window.__keys.length >= n, i + 1, { timeout: 60_000 });
  }
  return page.evaluate(() => window.__keys);
}

/** Keystroke latency in the inspector's name field of a step, and in the table's. */
async function typing(browser, path) {
  const page = await openMap(browser, path);
  const step = await stepNearMiddle(page);
  await page.mouse.click(step.x, step.y);
  const name = page.locator('.inspector input[data-field="name"]');
  await name.waitFor();
  const typed = ["x", "y", "z", "Backspace", "Backspace", "Backspace"];
  const inspector = await keystrokes(page, name, typed);
  await page.keyboard.press("Escape");
  await page.keyboard.press("t");
  const cell = page.locator('.steps-table input[data-field="name"]').first();
  await cell.waitFor({ timeout: 60_000 });
  const table = await keystrokes(page, cell, typed);
  await page.close();
  return { inspector, table };
}

const server = spawn(process.execPath, [resolve(here, "serve.mjs"), resolve(here, "../../dist"), String(port)], { stdio: ["ignore", "ignore", "inherit"] });
try {
  await waitForServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const target = (value, limit) => (value <= limit ? `(target ${limit} ms: met)` : `(target ${limit} ms: MISSED)`);
  // Frames come at the display's rate (16.7 ms at 60 Hz, with timer jitter): an
  // interval p95 within 17.5 ms means no frame was dropped.
  const dropped = (p95) => (p95 <= 17.5 ? "(no frame dropped)" : "(frames DROPPED)");
  if (measures.has("load")) {
    const example = [];
    for (let i = 0; i < runs; i++) example.push(await timeToInteractive(browser, "/?example=incident-resolution", 13));
    console.log(`load, navigation to interactive map (median of ${runs}, p95 in brackets):`);
    console.log(`  incident example (13 elements): ${ms(median(example))} (${ms(quantile(example, 0.95))}) ${target(median(example), 300)}`);
  }
  let ratios = [];
  for (const blocks of blockSizes) {
    const generated = `/?generate=${blocks}`;
    const elementCount = blocks * 10 + 2;
    // Up to 200 elements every one is drawn; above, those in view (at least 20 here).
    const drawn = elementCount <= 200 ? elementCount : 20;
    console.log(`generated map, ${elementCount} elements:`);
    if (measures.has("load")) {
      const large = [];
      for (let i = 0; i < runs; i++) large.push(await timeToInteractive(browser, generated, drawn));
      const loadTarget = elementCount <= 600 ? 500 : 1000;
      console.log(`  load: ${ms(median(large))} (${ms(quantile(large, 0.95))}) ${target(median(large), loadTarget)}`);
    }
    if (measures.has("drag")) {
    const intervals = [];
    const work = [];
    for (let i = 0; i < runs; i++) {
      const drag = await dragFrames(browser, generated);
      intervals.push(...drag.intervals);
      work.push(...drag.work);
      ratios.push(drag.analyses / drag.frames);
    }
    console.log(`  drag (${runs} drags, ${intervals.length} frames): frame interval median ${ms(median(intervals))}, p95 ${ms(quantile(intervals, 0.95))} ${dropped(quantile(intervals, 0.95))}`);
    console.log(`    frame work: median ${ms(median(work))}, p95 ${ms(quantile(work, 0.95))} ${target(quantile(work, 0.95), 16.7)}`);
    }
    if (measures.has("zoom")) {
    const zoomIntervals = [];
    const zoomWork = [];
    for (let i = 0; i < runs; i++) {
      const zoom = await zoomFrames(browser, generated);
      zoomIntervals.push(...zoom.intervals);
      zoomWork.push(...zoom.work);
    }
    console.log(`  Ctrl+wheel zoom (${zoomIntervals.length} frames): frame interval median ${ms(median(zoomIntervals))}, p95 ${ms(quantile(zoomIntervals, 0.95))} ${dropped(quantile(zoomIntervals, 0.95))}`);
    console.log(`    frame work: median ${ms(median(zoomWork))}, p95 ${ms(quantile(zoomWork, 0.95))} ${target(quantile(zoomWork, 0.95), 16.7)}`);
    }
    if (measures.has("typing")) {
    const inspector = [];
    const table = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      const typed = await typing(browser, generated);
      inspector.push(...typed.inspector);
      table.push(...typed.table);
    }
    console.log(`  keystroke to frame, inspector: median ${ms(median(inspector))}, p95 ${ms(quantile(inspector, 0.95))} ${target(quantile(inspector, 0.95), 50)}`);
    console.log(`  keystroke to frame, table:     median ${ms(median(table))}, p95 ${ms(quantile(table, 0.95))} ${target(quantile(table, 0.95), 50)}`);
    }
  }
  if (ratios.length) console.log(`analysis runs per drag frame: max ${Math.max(...ratios).toFixed(2)} (must stay at most 1)`);
  await browser.close();
  if (ratios.length && Math.max(...ratios) > 1) {
    console.error("FAIL: the analysis ran more than once per frame during a drag");
    process.exitCode = 1;
  }
} finally {
  server.kill();
}
