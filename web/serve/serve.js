// Page of `pvi preview`: shows the screens the CLI laid out for the device on
// disk and reloads them whenever the server reports a change.

import { renderScreen, installStyle, fromScreenSet } from "./preview.js";

const $ = (id) => document.getElementById(id);
const view = { state: null, stack: [], zoom: 1, version: -1 };
window.__pviPreview = view;

function draw() {
  const screens = view.state?.screens || [];
  if (!screens.length) return;
  if (!view.stack.length || !screens.some((s) => s.file === view.stack[view.stack.length - 1])) view.stack = [screens[0].file];
  const screen = screens.find((s) => s.file === view.stack[view.stack.length - 1]);
  renderScreen($("screen-host"), screen, {
    zoom: view.zoom,
    onOpen: (target) => {
      const base = target.replace(/\.(bob|edl|adl)$/, "");
      const sub = screens.find((s) => s.file === target || s.file.replace(/\.(bob|edl|adl)$/, "") === base);
      if (sub) {
        view.stack.push(sub.file);
        draw();
      } else {
        $("status").textContent = `${target} is another device: run pvi preview on it`;
      }
    },
  });
  $("crumbs").textContent = view.stack.join(" › ");
  $("back").disabled = view.stack.length < 2;
  $("screen-size").textContent = `${screen.width} × ${screen.height} px`;
}

function show(state) {
  const screens = state.ok && state.tree ? fromScreenSet(state.tree) : view.state?.screens || [];
  view.state = { ...state, screens };
  $("path").textContent = state.device;
  const list = $("diagnostics");
  list.innerHTML = "";
  for (const d of state.diagnostics) {
    const li = document.createElement("li");
    li.textContent = d.rendered || d.message;
    list.appendChild(li);
  }
  $("preview").classList.toggle("stale", !state.ok);
  $("status").textContent = state.ok ? `up to date (v${state.version})` : `${state.diagnostics.length} problem(s)`;
  draw();
}

async function poll() {
  for (;;) {
    try {
      const r = await fetch(`api/wait?since=${view.version}`, { cache: "no-store" });
      const { version } = await r.json();
      if (version !== view.version) {
        const s = await (await fetch("api/state", { cache: "no-store" })).json();
        view.version = s.version;
        show(s);
      }
    } catch (e) {
      $("status").textContent = "server gone";
      await new Promise((res) => setTimeout(res, 1000));
    }
  }
}

installStyle();
$("back").onclick = () => {
  if (view.stack.length > 1) view.stack.pop();
  draw();
};
const zoom = (z) => {
  view.zoom = Math.min(4, Math.max(0.25, z));
  $("zoom-level").textContent = `${Math.round(view.zoom * 100)}%`;
  draw();
};
$("zoom-in").onclick = () => zoom(view.zoom * 1.25);
$("zoom-out").onclick = () => zoom(view.zoom / 1.25);
$("zoom-1").onclick = () => zoom(1);
poll();
