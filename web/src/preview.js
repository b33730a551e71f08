// Screen preview: draws one laid-out screen (from the layout tree JSON) as
// absolutely positioned DOM boxes styled like the Phoebus DLS theme.
//
// Standalone ES module with no imports: the web app bundles it and
// `pvi preview` serves it as is.

/** Widget kinds the renderer knows, by their Phoebus `.bob` type name. */
const PV_KINDS = new Set([
  "textupdate", "textentry", "combo", "checkbox", "slide_button", "led",
  "byte_monitor", "progressbar", "table", "xyplot", "image",
]);

const esc = (s) =>
  String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** The widget type as shown to users (hover), e.g. `TextUpdate`. */
export function displayKind(w) {
  return w.widget || w.type;
}

/** One widget's inner HTML (without its positioned box). */
function body(w) {
  const t = esc(w.text);
  switch (w.type) {
    case "title":
      return `<span>${t}</span>`;
    case "label":
    case "heading":
      return `<span>${t}</span>`;
    case "textupdate":
      return `<span>${esc(w.pv ? "###" : "")}</span>`;
    case "textentry":
      return `<span>${esc(w.pv ? "###" : "")}</span>`;
    case "combo":
      return `<span>${t}</span><i class="caret">▾</i>`;
    case "checkbox":
      return `<i class="box"></i><span>${t}</span>`;
    case "slide_button":
      return `<i class="knob"></i>`;
    case "led":
      return "";
    case "byte_monitor":
      return Array.from({ length: Math.max(1, Math.min(64, w.bits || 8)) }, () => "<i></i>").join("");
    case "progressbar":
      return `<i class="fill"></i>`;
    case "table":
      return (w.columns || []).map((c) => `<span class="th">${esc(c)}</span>`).join("");
    case "xyplot":
      return `<svg viewBox="0 0 100 40" preserveAspectRatio="none"><polyline points="0,30 15,22 30,26 45,12 60,18 75,8 100,14" /></svg>`;
    case "image":
      return `<span>image</span>`;
    default:
      return `<span>${t}</span>`;
  }
}

/** HTML of one widget (groups with their children); `path` identifies it. */
function widgetHtml(w, path) {
  const cls = `w w-${w.type}${w.target ? " nav" : ""}`;
  const style = `left:${w.x}px;top:${w.y}px;width:${w.width}px;height:${w.height ?? 20}px`;
  if (w.type !== "group") return `<div class="${cls}" data-i="${path}" style="${style}">${body(w)}</div>`;
  const kids = (w.children || []).map((c, j) => widgetHtml(c, `${path}.${j}`)).join("");
  return `<div class="${cls}" data-i="${path}" style="${style}"><div class="legend" data-i="${path}">${esc(w.text)}</div><div class="inner">${kids}</div></div>`;
}

/** The widget of `screen` at a `data-i` path ("3" or "3.5"). */
function widgetAtPath(screen, path) {
  let list = screen.widgets || [];
  let w = null;
  for (const k of path.split(".")) {
    w = list[Number(k)];
    if (!w) return null;
    list = w.children || [];
  }
  return w;
}

/**
 * Renders `screen` into `host` and returns a handle.
 * screen: { title, width, height, widgets: [{ type, x, y, width, height, text?, pv?,
 *           tooltip?, widget?, target?, children?, source? }] }
 * opts: { zoom, onOpen(target, widget), onSelect(widget), onHover(widget|null) }
 * A re-render of a screen of the same size replaces only the top-level
 * widgets whose HTML changed (typing usually changes one).
 */
export function renderScreen(host, screen, opts = {}) {
  const zoom = opts.zoom || 1;
  const parts = (screen.widgets || []).map((w, i) => widgetHtml(w, String(i)));
  const key = `${screen.width}x${screen.height}@${zoom}`;
  let st = host.__pvi;
  if (st && st.key === key && st.parts.length === parts.length && st.root.isConnected) {
    const kids = st.root.children;
    for (let i = 0; i < parts.length; i++) {
      if (parts[i] !== st.parts[i]) kids[i].outerHTML = parts[i];
    }
  } else {
    host.innerHTML =
      `<div class="pvi-screen" style="width:${screen.width}px;height:${screen.height}px;transform:scale(${zoom})">${parts.join("")}</div>` +
      `<div class="pvi-tip" hidden></div>`;
    const root = host.firstElementChild;
    root.style.marginRight = `${screen.width * (zoom - 1)}px`;
    root.style.marginBottom = `${screen.height * (zoom - 1)}px`;
    st = host.__pvi = { root, tip: host.lastElementChild };
    attach(host, st);
  }
  Object.assign(st, { key, parts, screen, opts });
  return { element: st.root };
}

/** Hover and click handlers, installed once per screen element. */
function attach(host, st) {
  const { root, tip } = st;
  const widgetAt = (ev) => {
    const el = ev.target.closest("[data-i]");
    return el && root.contains(el) ? widgetAtPath(st.screen, el.dataset.i) : null;
  };
  root.onmousemove = (ev) => {
    const w = widgetAt(ev);
    if (!w) {
      tip.hidden = true;
      st.opts.onHover?.(null);
      return;
    }
    const lines = [`<b>${esc(displayKind(w))}</b>`];
    if (w.pv) lines.push(`PV: ${esc(w.pv)}`);
    if (w.target) lines.push(`opens: ${esc(w.target)}`);
    if (w.text && !w.pv) lines.push(esc(w.text));
    if (w.tooltip) lines.push(`<span class="desc">${esc(w.tooltip)}</span>`);
    tip.innerHTML = lines.join("<br>");
    tip.hidden = false;
    const r = host.getBoundingClientRect();
    tip.style.left = `${ev.clientX - r.left + host.scrollLeft + 14}px`;
    tip.style.top = `${ev.clientY - r.top + host.scrollTop + 14}px`;
    st.opts.onHover?.(w);
  };
  root.onmouseleave = () => {
    tip.hidden = true;
    st.opts.onHover?.(null);
  };
  root.onclick = (ev) => {
    const w = widgetAt(ev);
    if (!w) return;
    if (w.target && st.opts.onOpen) st.opts.onOpen(w.target, w);
    else st.opts.onSelect?.(w);
  };
}

/** CSS of the preview (DLS Phoebus look); injected once by `installStyle`. */
export const PREVIEW_CSS = `
.pvi-screen{position:relative;background:rgb(245,247,250);transform-origin:0 0;font-family:Cantarell,"Liberation Sans",Arial,sans-serif;font-size:14px;color:rgb(15,23,42);box-shadow:0 1px 4px rgba(0,0,0,.25);overflow:hidden}
.pvi-screen .w{position:absolute;box-sizing:border-box;display:flex;align-items:center;overflow:hidden;white-space:nowrap;line-height:1}
.pvi-screen .w>span{overflow:hidden;text-overflow:clip}
.pvi-screen .w:not(.w-group){contain:strict}
.pvi-screen .w-title{justify-content:center;font:bold 22px "Liberation Sans",Arial,sans-serif;color:#000}
.pvi-screen .w-label{justify-content:flex-start}
.pvi-screen .w-heading{justify-content:center;font-weight:bold;font-size:16px;background:rgb(246,247,249)}
.pvi-screen .w-textupdate{justify-content:center;font-weight:bold;background:rgb(245,247,250);border:1px solid rgb(203,213,225);color:rgb(100,116,139)}
.pvi-screen .w-textentry{justify-content:center;background:rgb(229,235,255);border:1px solid rgb(190,200,235);color:rgb(100,116,139)}
.pvi-screen .w-combo{justify-content:space-between;padding:0 4px;background:rgb(229,235,255);border:1px solid rgb(190,200,235)}
.pvi-screen .w-combo .caret{font-style:normal;color:rgb(37,99,235)}
.pvi-screen .w-checkbox .box{width:14px;height:14px;border:1px solid rgb(100,116,139);background:#fff;margin-right:4px;border-radius:2px}
.pvi-screen .w-slide_button{background:rgb(229,235,255);border-radius:10px;justify-content:flex-start;padding:2px}
.pvi-screen .w-slide_button .knob{width:45%;height:100%;border-radius:50%;background:rgb(37,99,235)}
.pvi-screen .w-led{border-radius:50%;background:rgb(128,255,255);border:1px solid rgb(80,160,160)}
.pvi-screen .w-byte_monitor{gap:0;align-items:stretch}
.pvi-screen .w-byte_monitor i{flex:0 0 20px;border:1px solid rgb(80,160,160);background:rgb(128,255,255);border-radius:50%;box-sizing:border-box;height:20px}
.pvi-screen .w-progressbar{background:rgb(229,235,255);border:1px solid rgb(203,213,225)}
.pvi-screen .w-progressbar .fill{width:40%;height:100%;background:rgb(37,99,235)}
.pvi-screen .w-action_button{justify-content:center;background:rgb(37,99,235);color:#fff;border-radius:3px;cursor:pointer}
.pvi-screen .w-open_display,.pvi-screen .w-sub_screen{justify-content:center;background:rgb(241,245,249);color:rgb(37,99,235);font-weight:bold;border:1px solid rgb(203,213,225);border-radius:3px}
.pvi-screen .nav{cursor:pointer}
.pvi-screen .nav:hover{background:rgb(219,234,254)}
.pvi-screen .w-table{align-items:flex-start;background:#fff;border:1px solid rgb(203,213,225)}
.pvi-screen .w-table .th{flex:0 0 100px;box-sizing:border-box;padding:3px;font-size:12px;font-weight:bold;background:rgb(241,245,249);border-right:1px solid rgb(203,213,225)}
.pvi-screen .w-xyplot,.pvi-screen .w-image{justify-content:center;background:#fff;border:1px solid rgb(203,213,225);color:rgb(100,116,139)}
.pvi-screen .w-xyplot svg{width:100%;height:100%}
.pvi-screen .w-xyplot polyline{fill:none;stroke:rgb(37,99,235);stroke-width:1;vector-effect:non-scaling-stroke}
.pvi-screen .w-image{background:linear-gradient(135deg,#222,#777)}
.pvi-screen .w-group{display:block;overflow:visible;border:1px solid rgb(148,163,184);border-radius:2px;background:transparent;margin-top:0}
.pvi-screen .w-group>.legend{position:absolute;left:8px;top:-10px;padding:0 4px;font-size:16px;background:rgb(245,247,250);line-height:18px}
.pvi-screen .w-group>.inner{position:absolute;left:16px;top:16px}
.pvi-screen .w.selected{outline:2px solid rgb(234,88,12);outline-offset:1px}
.pvi-screen .w:not(.w-group):hover{outline:1px dashed rgb(234,88,12)}
.pvi-tip{position:absolute;z-index:10;pointer-events:none;background:#1e293b;color:#f8fafc;font:12px/1.4 system-ui,sans-serif;padding:4px 8px;border-radius:4px;max-width:420px;white-space:normal}
.pvi-tip .desc{color:#cbd5e1}
`;

/** Adds the preview CSS to the document once. */
export function installStyle(doc = document) {
  if (doc.getElementById("pvi-preview-css")) return;
  const s = doc.createElement("style");
  s.id = "pvi-preview-css";
  s.textContent = PREVIEW_CSS;
  doc.head.appendChild(s);
}

/** Phoebus widget type (and display name) per pvi widget model type. */
const BOB_KIND = {
  TextRead: ["textupdate", "TextUpdate"],
  TextWrite: ["textentry", "TextEntry"],
  LED: ["led", "LED"],
  BitField: ["byte_monitor", "BitField"],
  ProgressBar: ["progressbar", "ProgressBar"],
  CheckBox: ["checkbox", "CheckBox"],
  ToggleButton: ["slide_button", "ToggleButton"],
  ComboBox: ["combo", "ComboBox"],
  TableRead: ["table", "Table"],
  TableWrite: ["table", "Table"],
  ArrayTrace: ["xyplot", "ArrayTrace"],
  ImageRead: ["image", "ImageRead"],
  ButtonPanel: ["action_button", "ButtonPanel"],
};

/** Converts one item of the layout tree (pvi-core `Item`) to a renderer widget. */
function fromItem(item, screens) {
  const b = item.bounds;
  const w = { x: b.x, y: b.y, width: b.w, height: b.h, source: item.source };
  const k = item.kind;
  switch (k.type) {
    case "Label":
      return { ...w, type: "label", widget: "Label", text: k.text, tooltip: k.tooltip };
    case "Heading":
      return { ...w, type: "heading", widget: "Heading", text: k.text };
    case "Group":
      return { ...w, type: "group", widget: "Group", text: k.title, children: k.children.map((c) => fromItem(c, screens)) };
    case "Action":
      return { ...w, type: "action_button", widget: "ActionButton (write PV)", text: k.text, pv: k.pv, tooltip: `writes ${k.value}` };
    case "OpenDisplay": {
      const sub = k.screen != null ? screens[k.screen] : null;
      return sub
        ? { ...w, type: "sub_screen", widget: "OpenDisplay (sub-screen)", text: k.text, target: sub.base_name }
        : { ...w, type: "open_display", widget: "OpenDisplay (DeviceRef)", text: k.text, target: k.file, macros: k.macros };
    }
    case "Widget": {
      const model = k.widget.widget;
      const [type, name] = BOB_KIND[model.type] || ["textupdate", model.type];
      const out = { ...w, type, widget: `${name} (${model.type})`, pv: k.pv };
      if (model.type === "ComboBox") out.text = (model.choices && model.choices[0]) || "";
      if (model.type === "BitField") out.bits = model.number_of_bits;
      if (model.type === "TableRead" || model.type === "TableWrite") out.columns = (model.widgets || []).map((c) => c.type);
      return out;
    }
    default:
      return { ...w, type: "label", widget: k.type, text: k.type };
  }
}

/**
 * Converts a layout tree `ScreenSet` (as JSON) into renderer screens:
 * [{ file, title, width, height, widgets }], main screen first; `file` is the
 * screen's base name (sub-screen buttons target it).
 */
export function fromScreenSet(set) {
  const screens = set.screens || [];
  return screens.map((s) => {
    const widgets = [];
    if (s.title_bounds) {
      const t = s.title_bounds;
      widgets.push({ type: "title", widget: "Label (title)", text: s.title, x: t.x, y: t.y, width: t.w, height: t.h });
    }
    for (const it of s.items) widgets.push(fromItem(it, screens));
    return { file: s.base_name, title: s.title, width: s.bounds.w, height: s.bounds.h, widgets };
  });
}
