// Benchmark (not a test): keystroke → updated preview in headless Chromium for
// the largest example (~1,000 signals, four include files). Types into an
// include file while the sub-screen it feeds is shown, one key at a time, and
// reads the page's own timing (keydown → layout done, DOM updated and laid
// out). Prints median/p90 and the .wasm size. Needs web/dist (web/build.sh).
//   node tests/bench.mjs [KEYS=60] [--screenshot FILE]   (PVI_DIST: page folder)

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveDir, launch, openPage } from "./harness.mjs";

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const shotAt = args.indexOf("--screenshot");
const SHOT = shotAt >= 0 ? args.splice(shotAt, 2)[1] : null;
const KEYS = Number(args[0] || 60);
const DIST = process.env.PVI_DIST || path.join(WEB, "dist");

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function typeAndTime(page, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const before = await page.evaluate(() => window.__pvi.timings.length);
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    await page.waitForFunction((b) => window.__pvi.timings.length > b, before);
    out.push(await page.evaluate(() => window.__pvi.timings[window.__pvi.timings.length - 1]));
  }
  return out;
}

const server = await serveDir(DIST);
const browser = await launch();
const { page } = browser;
try {
  await openPage(page, server.url, "vacuum");
  const signals = await page.textContent("#signal-count");
  // show the Gauges sub-screen and edit its file: a signal name gets longer
  await page.click(".pvi-screen .w-sub_screen >> text=Gauges");
  const widgets = await page.evaluate(() => document.querySelectorAll(".pvi-screen .w").length);
  await page.click("#tabs button >> text=Gauges.pvi.device.yaml");
  if (SHOT) {
    // hover a text field so the tooltip (widget type + PV) shows
    const box = await page.locator(".pvi-screen .w-textentry").nth(2).boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(100);
    await page.screenshot({ path: SHOT });
  }
  await page.evaluate(() => {
    const v = window.__pvi.view;
    const doc = v.state.doc;
    for (let n = 1; n <= doc.lines; n++) {
      if (/^\s+name: Pressure\d+$/.test(doc.line(n).text)) {
        v.dispatch({ selection: { anchor: doc.line(n).to } });
        break;
      }
    }
    v.focus();
  });
  await typeAndTime(page, 5); // warm-up
  const t = await typeAndTime(page, KEYS);
  const [raw, gz] = fs.readFileSync(path.join(WEB, "pkg", "size.txt"), "utf8").trim().split(" ").map(Number);
  const result = {
    example: "vacuum",
    signals,
    widgets_on_screen: widgets,
    keys: t.length,
    median_ms: +quantile(t, 0.5).toFixed(2),
    p90_ms: +quantile(t, 0.9).toFixed(2),
    max_ms: +Math.max(...t).toFixed(2),
    wasm_bytes: raw,
    wasm_gzip_bytes: gz,
  };
  console.log(JSON.stringify(result));
  console.log(`keystroke→preview: median ${result.median_ms} ms, p90 ${result.p90_ms} ms over ${t.length} keys (${signals}, ${widgets} widgets shown); .wasm ${raw} B raw, ${gz} B gzipped`);
} finally {
  await browser.close();
  server.close();
}
