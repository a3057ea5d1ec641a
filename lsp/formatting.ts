// Formatting: the prettier plugin's printer via formatPolicy
// (compiler/format). It is loaded on first use; when it is not there, or the
// text has syntax errors, formatting returns no edits.
import type { TextEdit } from 'vscode-languageserver';
import type { Analysis } from './analysis.ts';

type FormatResult = { ok: true; text: string } | { ok: false; errors: unknown[] };
type FormatPolicy = (text: string, options?: Record<string, unknown>) => Promise<FormatResult>;

let loaded: Promise<FormatPolicy | undefined> | undefined;

export function loadFormatter(): Promise<FormatPolicy | undefined> {
  loaded ??= import('../compiler/format/index.ts' as string)
    .then((m: { formatPolicy?: FormatPolicy }) => (typeof m.formatPolicy === 'function' ? m.formatPolicy : undefined))
    .catch(() => undefined);
  return loaded;
}

export async function formatting(a: Analysis): Promise<TextEdit[]> {
  const format = await loadFormatter();
  if (!format) return [];
  const result = await format(a.text);
  if (!result.ok || result.text === a.text) return [];
  return [{ range: a.range({ start: 0, end: a.text.length }), newText: result.text }];
}
