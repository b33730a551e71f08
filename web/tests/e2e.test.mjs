// End-to-end: the page in headless Chromium. Types into the editor and sees
// the preview change, sees a diagnostic at the right line, follows a
// sub-screen button, and downloads a .bob identical to the CLI's output.
// Needs web/dist (web/build.sh) and the pvi binary (PVI_BIN).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { serveDir, launch, openPage } from "./harness.mjs";

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(WEB, "dist");
const PVI = process.env.PVI_BIN || path.join(WEB, "..", "target", "release", "pvi");

let server, browser, page;

before(async () => {
  server = await serveDir(DIST);
  browser = await launch();
  page = browser.page;
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Texts of the widgets on the shown screen. */
const screenTexts = () => page.$$eval(".pvi-screen .w", (els) => els.map((e) => e.textContent));

/** Puts the cursor at the end of a 1-based line of the editor. */
async function cursorToLineEnd(line) {
  await page.evaluate((n) => {
    const v = window.__pvi.view;
    const pos = v.state.doc.line(n).to;
    v.dispatch({ selection: { anchor: pos } });
    v.focus();
  }, line);
}

test("typing changes the preview", async () => {
  await openPage(page, server.url, "motor");
  const title = await page.textContent(".pvi-screen .w-title");
  assert.match(title, /Simple Motor/);
  // line 2 is `label: Simple Motor - $(P)$(M)`
  await cursorToLineEnd(2);
  await page.keyboard.type(" XYZ");
  await page.waitForFunction(() => document.querySelector(".pvi-screen .w-title")?.textContent.endsWith("XYZ"));
  // add a signal: a new label appears
  await cursorToLineEnd(3);
  // (inserted as one input: the editor's auto-indent would reshape typed lines)
  await page.keyboard.insertText("\n  - type: SignalR\n    name: BrandNew\n    read_pv: X");
  await page.waitForFunction(() => [...document.querySelectorAll(".pvi-screen .w-label")].some((e) => e.textContent === "Brand New"));
  const timings = await page.evaluate(() => window.__pvi.timings.length);
  assert.ok(timings > 5);
});

test("broken YAML shows a diagnostic at its line", async () => {
  await openPage(page, server.url, "motor");
  // line 5 is `    name: Position`: make the name invalid
  await cursorToLineEnd(5);
  await page.keyboard.type("_bad");
  await page.waitForSelector("#diagnostics li.error");
  const where = await page.textContent("#diagnostics li .where");
  assert.equal(where.split(":").slice(1, 2)[0], "5", where);
  // the marker sits on line 5 of the editor
  const marked = await page.evaluate(() => {
    const el = document.querySelector(".cm-lintRange-error");
    if (!el) return null;
    const v = window.__pvi.view;
    return v.state.doc.lineAt(v.posAtDOM(el)).number;
  });
  assert.equal(marked, 5);
  assert.equal(await page.getAttribute("#status", "data-state"), "error");
});

test("a sub-screen button opens the sub-screen", async () => {
  await openPage(page, server.url, "motor");
  await page.click(".pvi-screen .w-sub_screen");
  await page.waitForFunction(() => document.querySelector("#crumbs").textContent.includes("›"));
  assert.match(await page.textContent("#crumbs"), /motor_Advanced/);
  const texts = await screenTexts();
  assert.ok(texts.includes("Velocity"), texts.join("|"));
  await page.click("#back");
  assert.doesNotMatch(await page.textContent("#crumbs"), /›/);
});

test("clicking a widget shows its YAML line", async () => {
  await openPage(page, server.url, "motor");
  await page.click(".pvi-screen .w-label >> text=Moving");
  const line = await page.evaluate(() => {
    const v = window.__pvi.view;
    return v.state.doc.lineAt(v.state.selection.main.head).number;
  });
  // the SignalR `Moving` is the list item starting on line 9
  assert.equal(line, 9);
});

test("the downloaded .bob is byte-identical to the CLI's", { skip: !fs.existsSync(PVI) && `no pvi binary at ${PVI}` }, async () => {
  await openPage(page, server.url, "camera");
  await page.click("#outputs-refresh");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#outputs a.file >> text=camera.bob")]);
  const got = fs.readFileSync(await download.path());
  // the same project through the CLI
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pvi-e2e-"));
  const files = await page.evaluate(() => Object.fromEntries([...window.__pvi.files].map(([n, f]) => [n, f.text])));
  for (const [n, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), t);
  const [fdl] = await Promise.all([page.waitForEvent("download"), page.click("#download-formatter")]);
  fs.copyFileSync(await fdl.path(), path.join(dir, "dls.bob.pvi.formatter.yaml"));
  fs.mkdirSync(path.join(dir, "out"));
  const args = ["format", path.join(dir, "out", "camera.bob"), path.join(dir, "camera.pvi.device.yaml"), path.join(dir, "dls.bob.pvi.formatter.yaml"), "--yaml-path", dir];
  execFileSync(PVI, args, { stdio: "inherit", timeout: 30000 });
  const want = fs.readFileSync(path.join(dir, "out", "camera.bob"));
  assert.ok(got.equals(want), "downloaded .bob differs from the CLI's");
  fs.rmSync(dir, { recursive: true, force: true });
});
