// Diagnostics as people read them: `file:line:col: error P2004: message`, the
// source line, and a caret under the range. Syntax and semantic diagnostics
// share one shape, so the CLI and the language server print the same thing.
import { KEYWORDS } from '../grammar/keywords.ts';
import type { Range } from '../grammar/ast.ts';
import { message, severityOf, isMessageId, type Lang, type Severity } from './messages.ts';

export interface PolicyDiagnostic {
  code: string;
  severity: Severity;
  range: Range;
  args: Record<string, string>;
  suggestion?: string;
  /** The file of a program it is in; absent for the file compiled (compile(text), or a program's root in the editor). */
  file?: string;
}

/**
 * A token type as a reader would name it (`"{"`, `"benefit"`, `a name`): a
 * keyword's first spelling in the language, else its entry `token.NAME` in the
 * message table. Syntax errors from the compiler and from the prettier plugin
 * (compiler/format/errors.ts) both use it.
 */
export function tokenName(name: string, lang: Lang): string {
  const kw = KEYWORDS.find((k) => k.id === name);
  if (kw) return lang === 'zh' ? `“${kw.zh[0]}”` : `"${kw.en[0]}"`;
  const id = `token.${name}`;
  return isMessageId(id) ? message(id, lang) : name;
}

/** The longest argument a message quotes in full, in UTF-16 units. */
const MAX_ARG = 200;

export function messageText(d: PolicyDiagnostic, lang: Lang): string {
  if (!isMessageId(d.code)) return d.code;
  const args: Record<string, string> = { ...d.args };
  // Arguments may come in both languages: `expected` (Chinese) with `expectedEn`, or `expected` (English) with `expectedZh`.
  for (const [k, v] of Object.entries(d.args)) {
    if (lang === 'en' && k.endsWith('En')) args[k.slice(0, -2)] = v;
    if (lang === 'zh' && k.endsWith('Zh')) args[k.slice(0, -2)] = v;
  }
  if ('expected' in args && (d.code === 'P1003' || d.code === 'P1004')) {
    const names = args['expected']!.split(',').filter(Boolean);
    const shown = names.slice(0, 6).map((n) => tokenName(n, lang));
    const more = names.length > 6 ? (lang === 'zh' ? ' 等' : ' …') : '';
    args['expected'] = shown.length ? shown.join(lang === 'zh' ? '、' : ', ') + more : lang === 'zh' ? '声明' : 'a declaration';
  }
  // A string token already carries its quotes; the template adds its own.
  if (d.code === 'P1003' && args['found'] && /^["“「]/.test(args['found'])) args['found'] = args['found'].slice(1, -1);
  // An argument quoting the source (a name, a token) is shortened: a message stays one readable line.
  // `expected` and `fields` are lists the compiler made (tokens, a block's fields), not source: shown whole.
  for (const [k, v] of Object.entries(args)) if (k !== 'expected' && k !== 'fields' && v.length > MAX_ARG) args[k] = v.slice(0, boundary(v, MAX_ARG)) + '…';
  args['hint'] = d.suggestion ? (lang === 'zh' ? `，是否指“${d.suggestion}”？` : `; did you mean "${d.suggestion}"?`) : '';
  return message(d.code, lang, args);
}

export class LineIndex {
  private starts: number[] = [0];
  constructor(readonly text: string) {
    // A line ends at \n, \r\n or a lone \r, as in LSP and editors.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }
  /** 0-based line and UTF-16 column. */
  position(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
  offset(line: number, character: number): number {
    const start = this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
    return Math.min(this.text.length, start + character);
  }
  /** Offset just past the line's last character (before its line break). */
  lineEnd(line: number): number {
    let end = this.starts[line + 1] !== undefined ? this.starts[line + 1]! - 1 : this.text.length;
    if (end > (this.starts[line] ?? 0) && this.text.charCodeAt(end - 1) === 13 && this.text.charCodeAt(end) === 10) end--;
    return end;
  }
  lineText(line: number): string {
    const start = this.starts[line] ?? this.text.length;
    const end = this.starts[line + 1] !== undefined ? this.starts[line + 1]! - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
}

/** Display width: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

/** How much of a source line a diagnostic shows, in UTF-16 units: a window around the range. */
export const SOURCE_WINDOW = 120;
const WINDOW_BEFORE = 40;

/** A slice boundary that does not split a surrogate pair. */
function boundary(text: string, at: number): number {
  const c = text.charCodeAt(at);
  return at > 0 && c >= 0xdc00 && c <= 0xdfff ? at - 1 : at;
}

/** Compiler-style text: header line, source line (a window of it when long), and `~~~` under the range. */
export function formatDiagnostic(d: PolicyDiagnostic, file: string, index: LineIndex, lang: Lang): string {
  const text = index.text;
  const start = index.position(d.range.start);
  const end = index.position(Math.max(d.range.start, d.range.end));
  const sev = lang === 'zh' ? { error: '错误', warning: '警告', info: '提示' }[d.severity] : d.severity;
  const head = `${file}:${start.line + 1}:${start.character + 1}: ${sev} ${d.code}: ${messageText(d, lang)}`;
  // Offsets of the line in the text, without copying the line (a line may be megabytes long).
  const lineStart = d.range.start - start.character;
  const lineEnd = index.lineEnd(start.line);
  const from = d.range.start;
  const to = Math.min(end.line === start.line ? d.range.start + (end.character - start.character) : lineEnd, lineEnd);
  let winStart = lineStart;
  let winEnd = lineEnd;
  if (lineEnd - lineStart > SOURCE_WINDOW) {
    winStart = boundary(text, Math.max(lineStart, Math.min(from - WINDOW_BEFORE, lineEnd - SOURCE_WINDOW)));
    winEnd = boundary(text, Math.min(lineEnd, winStart + SOURCE_WINDOW));
  }
  const before = winStart > lineStart ? '…' : '';
  const after = winEnd < lineEnd ? '…' : '';
  const shown = text.slice(winStart, winEnd);
  const pad = ' '.repeat(displayWidth(before) + displayWidth(text.slice(winStart, Math.max(winStart, Math.min(from, winEnd)))));
  const marked = text.slice(Math.min(Math.max(from, winStart), winEnd), Math.max(winStart, Math.min(to, winEnd)));
  const marks = '~'.repeat(Math.max(1, displayWidth(marked)));
  const gutter = String(start.line + 1).padStart(4);
  return `${head}\n${gutter} | ${before}${shown}${after}\n${' '.repeat(4)} | ${pad}${marks}`;
}

export function toPolicyDiagnostic(d: { code: string; range: Range; args: Record<string, string>; suggestion?: string }): PolicyDiagnostic {
  const out: PolicyDiagnostic = { code: d.code, severity: severityOf(d.code), range: d.range, args: d.args };
  if (d.suggestion) out.suggestion = d.suggestion;
  return out;
}
