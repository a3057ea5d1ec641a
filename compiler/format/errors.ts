// Syntax errors as the formatter reports them: the message table text with
// the place (line:column, 1-based) of each error.
import type { SyntaxDiagnostic } from '../../grammar/index.ts';
import { isMessageId, message, type Lang } from '../messages.ts';
import { tokenName } from '../diagnostics.ts';

export interface LineColumn {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export function lineColumn(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let k = 0; k < end; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

const MAX_LISTED = 6;

/** Renders the `expected` argument (a comma list of token type names). */
export function expectedText(expected: string, lang: Lang): string {
  const names = [...new Set(expected.split(',').map((s) => s.trim()).filter(Boolean))];
  if (names.length === 0) return lang === 'zh' ? '其他内容' : 'something else';
  const shown = names.slice(0, MAX_LISTED).map((n) => tokenName(n, lang)) // the one table: compiler/diagnostics.ts;
  const more = names.length > MAX_LISTED;
  if (lang === 'zh') {
    if (more) return `${shown.join('、')}等`;
    if (shown.length === 1) return shown[0]!;
    return `${shown.slice(0, -1).join('、')}或${shown[shown.length - 1]}`;
  }
  if (more) return `one of ${shown.join(', ')}, …`;
  if (shown.length === 1) return shown[0]!;
  if (shown.length === 2) return `${shown[0]} or ${shown[1]}`;
  return `one of ${shown.join(', ')}`;
}

/** The message of one syntax diagnostic, without its place. */
export function syntaxMessage(d: SyntaxDiagnostic, lang: Lang): string {
  if (!isMessageId(d.code)) return d.code;
  const args: Record<string, string> = { ...d.args };
  if (args['expected'] !== undefined) args['expected'] = expectedText(args['expected'], lang);
  return message(d.code, lang, args);
}

/** `12:5: unexpected "；"; expected ":"` (en) or `第12行第5列：此处不应出现“；”，应为“：”` (zh). */
export function describeSyntaxError(d: SyntaxDiagnostic, text: string, lang: Lang): string {
  const { line, column } = lineColumn(text, d.range.start);
  return lang === 'zh' ? `第${line}行第${column}列：${syntaxMessage(d, 'zh')}` : `${line}:${column}: ${syntaxMessage(d, 'en')}`;
}

const MAX_REPORTED = 10;

/**
 * Thrown by the prettier parser when the file has syntax errors: the file is
 * not formatted. `diagnostics` carries the structured errors; `loc` lets
 * prettier print a code frame at the first one.
 */
export class PolicySyntaxError extends SyntaxError {
  override name = 'PolicySyntaxError';
  readonly diagnostics: SyntaxDiagnostic[];
  readonly loc: { start: LineColumn; end: LineColumn };

  constructor(diagnostics: SyntaxDiagnostic[], text: string) {
    const shown = diagnostics.slice(0, MAX_REPORTED);
    const lines = shown.map((d) => `${describeSyntaxError(d, text, 'en')} (${describeSyntaxError(d, text, 'zh')})`);
    if (diagnostics.length > shown.length) lines.push(`… ${diagnostics.length - shown.length} more`);
    const count = diagnostics.length === 1 ? '1 syntax error' : `${diagnostics.length} syntax errors`;
    super(`not formatted: ${count}\n${lines.join('\n')}`);
    this.diagnostics = diagnostics;
    const first = diagnostics[0]!;
    this.loc = { start: lineColumn(text, first.range.start), end: lineColumn(text, Math.max(first.range.start, first.range.end)) };
  }
}
