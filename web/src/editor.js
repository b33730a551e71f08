// The YAML editor: CodeMirror 6 with line numbers, YAML highlighting and
// diagnostics as in-editor markers (lint gutter + underlines).

import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";

/** Offset in `doc` of a 1-based line and column (clamped to the document). */
export function offsetOf(doc, pos) {
  const line = doc.line(Math.min(Math.max(pos.line, 1), doc.lines));
  return Math.min(line.from + Math.max(pos.column - 1, 0), line.to);
}

/** A fresh editor state for `text`; `onChange(text)` runs on every edit. */
export function makeState(text, onChange) {
  return EditorState.create({
    doc: text,
    extensions: [
      basicSetup,
      yaml(),
      lintGutter(),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) onChange(u.state.doc.toString());
      }),
    ],
  });
}

/** Creates the editor view in `parent`. */
export function makeView(parent, state) {
  return new EditorView({ state, parent });
}

/** Shows located diagnostics (pvi-wasm `Diagnostic`s of this file) as markers. */
export function showDiagnostics(view, diags) {
  const doc = view.state.doc;
  const marks = diags
    .filter((d) => d.start)
    .map((d) => {
      const from = offsetOf(doc, d.start);
      let to = d.end ? offsetOf(doc, d.end) : from;
      if (to <= from) to = Math.min(from + 1, doc.length);
      return { from, to: Math.max(to, from), severity: d.severity, message: d.message + (d.label ? ` (${d.label})` : "") };
    });
  view.dispatch(setDiagnostics(view.state, marks));
}

/** Moves the cursor to a 1-based line (and column) and scrolls it into view. */
export function goToLine(view, line, column = 1) {
  const pos = offsetOf(view.state.doc, { line, column });
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
  view.focus();
}
