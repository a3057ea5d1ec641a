// What the server must publish for a text: compile()'s diagnostics, as LSP
// ranges. Tests compare the server's diagnostics with this.
import { TextDocument, type TextEdit } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { compile } from '../../compiler/index.ts';

export interface Shape {
  code: string;
  severity: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

export function expectedDiagnostics(text: string): Shape[] {
  const doc = TextDocument.create('file:///x.policy', 'policy', 0, text);
  return compile(text).diagnostics.map((d) => ({
    code: d.code,
    severity: SEVERITY[d.severity],
    range: { start: doc.positionAt(d.range.start), end: doc.positionAt(d.range.end) },
  }));
}

export function shapes(diags: Diagnostic[]): Shape[] {
  return diags.map((d) => ({ code: String(d.code), severity: d.severity!, range: d.range }));
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.policy', 'policy', 0, text), edits);
}

/** Line and character of the `nth` occurrence of `needle` (0-based), plus `delta` characters. */
export function positionOf(text: string, needle: string, nth = 0, delta = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" #${nth} not found`);
  }
  return TextDocument.create('file:///x.policy', 'policy', 0, text).positionAt(at + delta);
}

export function offsetOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" #${nth} not found`);
  }
  return at;
}

export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
