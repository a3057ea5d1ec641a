// Shared helpers of the formatter tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parse } from '../../grammar/index.ts';
import { formatPolicy, stripRanges, type FormatOptions } from '../../compiler/format/index.ts';
import type { KeywordMode, PunctuationMode } from '../../compiler/format/spelling.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HERE = fileURLToPath(new URL('.', import.meta.url));
export const GOLDEN_DIR = join(HERE, 'golden');
export const PLUGIN_JS = join(ROOT, 'compiler/format/plugin.js');

export const SOURCES = {
  xiaoshan: join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy'),
  national: join(ROOT, 'policies/national-unemployment-insurance-2025.policy'),
  features: join(HERE, 'fixtures/features.policy'),
} as const;
export type SourceName = keyof typeof SOURCES;
export const readSource = (name: SourceName): string => readFileSync(SOURCES[name], 'utf8');

export const KEYWORD_MODES: readonly KeywordMode[] = ['keep', 'zh', 'en'];
export const PUNCTUATION_MODES: readonly PunctuationMode[] = ['auto', 'full', 'half'];
export const COMBINATIONS = KEYWORD_MODES.flatMap((keywords) => PUNCTUATION_MODES.map((punctuation) => ({ keywords, punctuation })));

export const goldenPath = (name: SourceName, o: { keywords: KeywordMode; punctuation: PunctuationMode }): string =>
  join(GOLDEN_DIR, `${name}.${o.keywords}-${o.punctuation}.policy`);

/** Trimmed comment texts in source order. */
export const commentTexts = (text: string): string[] => parse(text).comments.map((c) => c.text.trim());

/** Formats and fails the test on syntax errors. */
export async function fmt(text: string, options: FormatOptions = {}): Promise<string> {
  const r = await formatPolicy(text, options);
  if (!r.ok) throw new Error(`unexpected syntax errors: ${JSON.stringify(r.errors)}`);
  return r.text;
}

/**
 * The formatter's contract on one input: formats, re-parses to the same AST
 * (ranges ignored) with the same comments in the same order, and formatting
 * the output again changes nothing. Returns the output.
 */
export async function expectFormatContract(input: string, options: FormatOptions = {}): Promise<string> {
  const before = parse(input);
  expect(before.errors).toEqual([]);
  const out = await fmt(input, options);
  const after = parse(out);
  expect(after.errors).toEqual([]);
  expect(stripRanges(after.file)).toEqual(stripRanges(before.file));
  expect(after.comments.map((c) => c.text.trim())).toEqual(before.comments.map((c) => c.text.trim()));
  expect(await fmt(out, options)).toBe(out);
  return out;
}
