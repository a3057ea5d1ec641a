// The formatter's API: the CLI (`policy fmt`) and the language server call
// formatPolicy, which runs prettier with the policy plugin, so every client
// gets the same layout as `npx prettier --plugin ./compiler/format/plugin.js`.
import * as prettier from 'prettier';
import type { SyntaxDiagnostic } from '../../grammar/index.ts';
import { lex } from '../../grammar/tokens.ts';
import { PolicySyntaxError } from './errors.ts';
import plugin from './plugin.ts';
import type { KeywordMode, PunctuationMode } from './spelling.ts';
import { checkSameTokens } from './verify.ts';

export { default as plugin } from './plugin.ts';
export { PolicySyntaxError, describeSyntaxError, syntaxMessage, lineColumn } from './errors.ts';
export { FormatterInvariantError } from './cursor.ts';
export { stripRanges, sameMeaning } from './ast-equal.ts';
export type { KeywordMode, PunctuationMode } from './spelling.ts';

export interface FormatOptions {
  /** Keyword spelling: keep the author's (default), or all Chinese, or all English. */
  keywords?: KeywordMode;
  /** Punctuation width: the file's majority (default), full-width or half-width. */
  punctuation?: PunctuationMode;
  /** Line width; the plugin default (100) when absent. */
  printWidth?: number;
}

export type FormatResult = { ok: true; text: string } | { ok: false; errors: SyntaxDiagnostic[] };

/** The prettier options formatPolicy uses, for callers that run prettier themselves. */
export function prettierOptions(options: FormatOptions = {}): prettier.Options {
  const out: prettier.Options & Record<string, unknown> = {
    parser: 'policy',
    plugins: [plugin],
    policyKeywords: options.keywords ?? 'keep',
    policyPunctuation: options.punctuation ?? 'auto',
  };
  if (options.printWidth !== undefined) out.printWidth = options.printWidth;
  return out;
}

/**
 * Formats a .policy text. A text with syntax errors is not formatted: the
 * result carries its errors instead. The output is checked to lex to the same
 * tokens and comments as the input; a mismatch (a formatter bug) throws.
 */
export async function formatPolicy(text: string, options: FormatOptions = {}): Promise<FormatResult> {
  let out: string;
  try {
    out = await prettier.format(text, prettierOptions(options));
  } catch (e) {
    if (e instanceof PolicySyntaxError) return { ok: false, errors: e.diagnostics };
    throw e;
  }
  checkSameTokens(lex(text), lex(out));
  return { ok: true, text: out };
}
