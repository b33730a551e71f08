// The pvi web page: editor, live preview, diagnostics and downloads, all
// computed in the browser by pvi-wasm.

import init, * as pvi from "../pkg/pvi_wasm.js";
import { makeState, makeView, showDiagnostics, goToLine } from "./editor.js";
import { renderScreen, installStyle, fromScreenSet } from "./preview.js";
import { makeZip } from "./zip.js";
import { EXAMPLES, countSignals } from "./examples.js";

/**
 * Formatter defaults per output format: pvi-core's format table, asked of
 * pvi-wasm once it is loaded (`pvi.formats()`); template/ophyd have none.
 */
const FORMATS = { template: null, ophyd: null };
const SETTING_KEYS = ["spacing", "title_height", "max_height", "label_width", "widget_width", "widget_height"];

const $ = (id) => document.getElementById(id);

const app = {
  files: new Map(), // name → { text, state }
  device: "", // name of the device file
  current: "", // file shown in the editor
  view: null,
  format: "bob",
  settings: {}, // the formatter of the shown format, set once pvi-wasm is loaded
  zoom: 1,
  screens: [], // laid-out screens of the shown device
  screenStack: [], // navigation: [{ device, screen }]
  diagnostics: [],
  lastKey: 0,
  timings: [],
};
window.__pvi = app; // for tests and the benchmark

/** The device input for pvi-wasm: the device plus every other file as include. */
function inputFor(deviceName) {
  const includes = {};
  for (const [name, f] of app.files) if (name !== deviceName) includes[name] = f.text;
  return { name: deviceName, text: app.files.get(deviceName)?.text ?? "", includes };
}

/** Output file name of the main screen for the current format. */
function outputName(deviceName = app.device) {
  const base = deviceName.replace(/\.pvi\.device\.yaml$/, "");
  if (app.format === "template") return `${base}.template`;
  if (app.format === "ophyd") return `${base}.py`;
  return `${base}.${app.format}`;
}

function formatterSettings() {
  const s = { ...app.settings };
  for (const k of SETTING_KEYS) s[k] = Number(s[k]);
  return s;
}

/**
 * Lays out `deviceName`; returns { ok, screens, diagnostics }. Only the screen
 * named `only` (or the main one) carries its widgets.
 */
function layOut(deviceName, only) {
  if (typeof pvi.layout !== "function") {
    return { ok: false, screens: [], diagnostics: pvi.validate(inputFor(deviceName)), missing: true };
  }
  const template = !FORMATS[app.format]; // template/ophyd: preview as .bob
  const settings = template ? FORMATS.bob : formatterSettings();
  const r = pvi.layout(inputFor(deviceName), settings, template ? "bob" : app.format, only);
  return { ok: r.ok, screens: r.ok ? fromScreenSet(r.tree) : [], diagnostics: r.diagnostics };
}

/** The shown screen: top of the navigation stack. */
const shown = () => app.screenStack[app.screenStack.length - 1];

/** Recomputes diagnostics and the preview; records the time since the last key. */
function refresh() {
  const t0 = app.lastKey && performance.now() - app.lastKey < 1000 ? app.lastKey : performance.now();
  app.lastKey = 0;
  const top = shown();
  const result = layOut(app.device, top && top.device === app.device ? top.screen : undefined);
  app.diagnostics = result.diagnostics;
  if (result.ok) {
    app.screens = result.screens;
    if (top && top.device !== app.device) {
      drawScreen(top); // a DeviceRef screen of another device stays shown
    } else {
      if (!top || !app.screens.some((s) => s.file === top.screen)) app.screenStack = [{ device: app.device, screen: app.screens[0]?.file }];
      drawScreen(shown(), app.screens);
    }
  }
  $("preview").classList.toggle("stale", !result.ok);
  if (result.missing) $("preview-msg").textContent = "Layout is not available in this build.";
  else $("preview-msg").textContent = result.ok ? "" : "Fix the errors to update the preview.";
  showAllDiagnostics();
  void $("screen-host").offsetHeight; // include the browser's style and layout work
  const ms = performance.now() - t0;
  app.timings.push(ms);
  $("timing").textContent = `${ms.toFixed(1)} ms`;
  $("status").dataset.state = result.ok ? "ok" : "error";
}

function showAllDiagnostics() {
  const list = $("diagnostics");
  list.innerHTML = "";
  for (const d of app.diagnostics) {
    const li = document.createElement("li");
    li.className = d.severity;
    const where = d.start ? `${d.file}:${d.start.line}:${d.start.column}` : d.file || "";
    li.innerHTML = `<span class="where"></span> <span class="msg"></span>`;
    li.firstChild.textContent = where;
    li.lastChild.textContent = d.message + (d.label ? ` — ${d.label}` : "");
    li.title = d.rendered;
    li.onclick = () => {
      if (d.file && app.files.has(d.file)) openFile(d.file);
      if (d.start) goToLine(app.view, d.start.line, d.start.column);
    };
    list.appendChild(li);
  }
  $("diag-count").textContent = app.diagnostics.length ? `${app.diagnostics.length} problem(s)` : "no problems";
  showDiagnostics(app.view, app.diagnostics.filter((d) => d.file === app.current));
}

/** Draws one screen of the navigation stack (laying its device out unless `screens` are given). */
function drawScreen(entry, screens) {
  if (!screens) {
    const r = layOut(entry.device, entry.screen);
    if (!r.ok) return;
    screens = r.screens;
  }
  const screen = screens.find((s) => s.file === entry.screen) || screens[0];
  if (!screen) return;
  renderScreen($("screen-host"), screen, {
    zoom: app.zoom,
    onOpen: (target) => openTarget(target, entry, screens),
    onSelect: (w) => selectWidget(w, entry.device),
  });
  $("crumbs").textContent = app.screenStack.map((e) => e.screen).join(" › ");
  $("back").disabled = app.screenStack.length < 2;
  $("screen-size").textContent = `${screen.width} × ${screen.height} px`;
}

/** Follows a sub-screen or DeviceRef button. */
function openTarget(target, from, screens) {
  const base = target.replace(/\.(bob|edl|adl)$/, "");
  const sub = screens.find((s) => s.file === target || s.file === base);
  if (sub) {
    app.screenStack.push({ device: from.device, screen: sub.file });
  } else {
    // a DeviceRef: another device of the project with that base name
    const dev = [...app.files.keys()].find((n) => n.replace(/\.pvi\.device\.yaml$/, "") === base.replace(/\.pvi$/, ""));
    if (!dev) {
      $("preview-msg").textContent = `${target} is not part of this project (drop its .pvi.device.yaml to preview it).`;
      return;
    }
    const r = layOut(dev);
    if (!r.ok || !r.screens.length) {
      $("preview-msg").textContent = `${dev} has errors.`;
      return;
    }
    app.screenStack.push({ device: dev, screen: r.screens[0].file });
  }
  drawScreen(shown());
}

/** Click on a widget: show its YAML line in the editor. */
function selectWidget(w, device) {
  const src = w.source;
  if (!src) return;
  const file = src.file && app.files.has(src.file) ? src.file : device;
  openFile(file);
  goToLine(app.view, src.line, src.column || 1);
  document.querySelectorAll(".pvi-screen .selected").forEach((e) => e.classList.remove("selected"));
}

/** Shows `name` in the editor. */
function openFile(name) {
  if (app.current === name) return;
  app.current = name;
  app.view.setState(app.files.get(name).state);
  renderTabs();
  showDiagnostics(app.view, app.diagnostics.filter((d) => d.file === name));
}

function renderTabs() {
  const tabs = $("tabs");
  tabs.innerHTML = "";
  for (const name of app.files.keys()) {
    const b = document.createElement("button");
    b.textContent = name === app.device ? `★ ${name}` : name;
    b.className = name === app.current ? "active" : "";
    b.title = name === app.device ? "the device" : "included file (or another device)";
    b.onclick = () => openFile(name);
    tabs.appendChild(b);
  }
}

/** Replaces the project with `files` (name → text), `device` being the main file. */
function loadProject(device, files) {
  app.files = new Map();
  for (const [name, text] of Object.entries(files)) {
    const entry = { text, state: null };
    entry.state = makeState(text, (t) => {
      entry.text = t;
      entry.state = app.view.state;
      refresh();
    });
    app.files.set(name, entry);
  }
  app.device = device;
  app.current = "";
  app.screenStack = [];
  openFile(device);
  const texts = [...app.files.values()].map((f) => f.text);
  $("signal-count").textContent = `${countSignals(texts)} signals in ${app.files.size} file(s)`;
  refresh();
}

function loadExample(key) {
  const ex = EXAMPLES[key];
  loadProject(ex.name, { [ex.name]: ex.text, ...ex.includes, ...ex.others });
}

/** Reads dropped or picked files; the device is the file no other file includes. */
async function loadFiles(fileList) {
  const files = {};
  for (const f of fileList) if (f.name.endsWith(".yaml") || f.name.endsWith(".yml")) files[f.name] = await f.text();
  const names = Object.keys(files).filter((n) => n.endsWith(".pvi.device.yaml"));
  if (!names.length) {
    $("preview-msg").textContent = "Drop one or more *.pvi.device.yaml files.";
    return;
  }
  const included = new Set();
  for (const t of Object.values(files)) for (const m of t.matchAll(/file_name:\s*["']?([A-Za-z0-9_]+)/g)) included.add(`${m[1]}.pvi.device.yaml`);
  const device = names.find((n) => !included.has(n)) || names[0];
  loadProject(device, files);
}

function download(name, bytes, type = "application/octet-stream") {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([bytes], { type }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}

/** Writes every output file for the current format. */
function generate() {
  const input = inputFor(app.device);
  if (app.format === "template") return pvi.generateTemplate(input, $("prefix").value, outputName());
  if (app.format === "ophyd") return pvi.ophyd(input, outputName(), false);
  return pvi.format(input, formatterSettings(), outputName());
}

function renderOutputs() {
  const out = generate();
  const list = $("outputs");
  list.innerHTML = "";
  for (const f of out.files) {
    const a = document.createElement("a");
    a.href = "#";
    a.textContent = f.name;
    a.className = "file";
    a.onclick = (e) => {
      e.preventDefault();
      download(f.name, new TextEncoder().encode(f.text), "text/plain");
    };
    list.appendChild(a);
  }
  if (!out.ok) list.textContent = "No output: fix the problems first.";
  return out;
}

function setFormat(fmt) {
  app.format = fmt;
  if (FORMATS[fmt]) app.settings = { ...FORMATS[fmt] };
  for (const k of SETTING_KEYS) $(`set-${k}`).value = app.settings[k] ?? "";
  $("settings").disabled = !FORMATS[fmt];
  $("prefix-row").hidden = fmt !== "template";
  refresh();
  renderOutputs();
}

function setZoom(z) {
  app.zoom = Math.min(4, Math.max(0.25, z));
  $("zoom-level").textContent = `${Math.round(app.zoom * 100)}%`;
  if (app.screenStack.length) drawScreen(shown());
}

async function main() {
  Object.assign(app, { api: pvi, refresh, inputFor, layOut, drawScreen, fromScreenSet });
  installStyle();
  await init({ module_or_path: "pvi_wasm_bg.wasm" });
  const formatSelect = $("format");
  pvi.formats().forEach((f, i) => {
    FORMATS[f.extension] = f.formatter;
    formatSelect.add(new Option(f.title, f.extension), i);
  });
  formatSelect.value = "bob";
  app.settings = { ...FORMATS.bob };
  $("version").textContent = `pvi-rs ${pvi.version()}`;
  app.view = makeView($("editor"), makeState("", () => {}));
  // remember when a key went down, to time keystroke → preview
  $("editor").addEventListener("keydown", () => (app.lastKey = performance.now()), true);
  const sel = $("example");
  for (const [key, ex] of Object.entries(EXAMPLES)) sel.add(new Option(ex.title, key));
  sel.onchange = () => loadExample(sel.value);
  $("format").onchange = (e) => setFormat(e.target.value);
  for (const k of SETTING_KEYS) {
    $(`set-${k}`).oninput = (e) => {
      app.settings[k] = e.target.value;
      refresh();
    };
  }
  $("zoom-in").onclick = () => setZoom(app.zoom * 1.25);
  $("zoom-out").onclick = () => setZoom(app.zoom / 1.25);
  $("zoom-1").onclick = () => setZoom(1);
  $("back").onclick = () => {
    if (app.screenStack.length > 1) app.screenStack.pop();
    drawScreen(shown());
  };
  $("picker").onchange = (e) => loadFiles(e.target.files);
  document.body.addEventListener("dragover", (e) => {
    e.preventDefault();
    document.body.classList.add("dragging");
  });
  document.body.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
  document.body.addEventListener("drop", (e) => {
    e.preventDefault();
    document.body.classList.remove("dragging");
    loadFiles(e.dataTransfer.files);
  });
  $("outputs-refresh").onclick = () => renderOutputs();
  $("download-zip").onclick = () => {
    const out = renderOutputs();
    if (out.ok) download(outputName().replace(/\.[^.]+$/, "") + `-${app.format}.zip`, makeZip(out.files), "application/zip");
  };
  $("download-formatter").onclick = () => {
    const s = formatterSettings();
    const text = [`type: ${s.type}`, ...SETTING_KEYS.map((k) => `${k}: ${s[k]}`)].join("\n") + "\n";
    download(`${app.format}.pvi.formatter.yaml`, new TextEncoder().encode(text), "text/yaml");
  };
  const params = new URLSearchParams(location.search);
  const ex = params.get("example") || "motor";
  sel.value = EXAMPLES[ex] ? ex : "motor";
  setFormat("bob");
  loadExample(sel.value);
  renderOutputs();
  document.body.dataset.ready = "1";
}

main().catch((e) => {
  $("status").dataset.state = "error";
  $("preview-msg").textContent = `Failed to start: ${e}`;
  document.body.dataset.ready = "error";
});
