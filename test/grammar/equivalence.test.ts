// The bilingual surface: Chinese, English and mixed keywords, full-width and
// half-width punctuation all parse to the same AST.
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.ts';
import { policyFiles, readPolicy, stripRanges, toEnglishHalfWidth } from '../helpers.ts';

describe.each(policyFiles())('%s', (file) => {
  const text = readPolicy(file);
  const base = parse(text);

  it('parses without errors', () => {
    expect(base.errors).toEqual([]);
  });

  it.each([
    ['half-width punctuation', { keywords: false, punctuation: true }],
    ['English keywords', { keywords: true, punctuation: false }],
    ['English keywords and half-width punctuation', { keywords: true, punctuation: true }],
  ])('with %s gives the same AST', (_name, opts) => {
    const variant = toEnglishHalfWidth(text, opts);
    expect(variant).not.toEqual(text);
    const r = parse(variant);
    expect(r.errors).toEqual([]);
    expect(stripRanges(r.file)).toEqual(stripRanges(base.file));
  });

  it('mixing spellings line by line gives the same AST', () => {
    const english = toEnglishHalfWidth(text, { keywords: true, punctuation: true });
    // Every other declaration block in English: split on blank lines, which both texts share.
    const a = text.split('\n\n');
    const b = english.split('\n\n');
    expect(a.length).toBe(b.length);
    const mixed = a.map((chunk, i) => (i % 2 ? b[i] : chunk)).join('\n\n');
    const r = parse(mixed);
    expect(r.errors).toEqual([]);
    expect(stripRanges(r.file)).toEqual(stripRanges(base.file));
  });
});
