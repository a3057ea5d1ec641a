// lex() (grammar/tokens.ts) against Chevrotain's lexer built from the same token
// definitions: the same tokens (type, image, offsets), the same comments and the
// same errors (offset, length, message), on every character of the BMP, on the
// shipped policies, and on random texts made of the pieces policies are made of.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ILexingError, IToken } from 'chevrotain';
import { chevrotainLexer, identifierEnd, lex, NumberLit } from '../../grammar/tokens.ts';
import { KEYWORDS } from '../../grammar/keywords.ts';
import { policyFiles, readPolicy } from '../helpers.ts';

const reference = chevrotainLexer();
const shape = (t: IToken) => [t.tokenType.name, t.image, t.startOffset, t.startOffset + t.image.length - 1];

/** The first place two lists differ (compared as JSON, which keeps long lists fast), or nothing. */
function sameList(a: unknown[], b: unknown[]): void {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) {
      expect({ at: i, ours: a[i] }).toEqual({ at: i, ours: b[i] });
      return;
    }
  }
}

function expectSame(text: string): void {
  const ours = lex(text);
  const ref = reference.tokenize(text);
  sameList(ours.tokens.map(shape), ref.tokens.map(shape));
  sameList(ours.tokens.map((t) => t.endOffset), ref.tokens.map((t) => t.startOffset + t.image.length - 1));
  sameList(ours.comments.map(shape), ((ref.groups['comments'] as IToken[] | undefined) ?? []).map(shape));
  // lex() adds one error per number written with full-width digits (P1002); the rest are Chevrotain's.
  const errors = ours.errors.filter((e) => e.message !== 'full-width digit');
  sameList(errors.map((e) => [e.offset, e.length, e.message]), ref.errors.map((e: ILexingError) => [e.offset, e.length, e.message]));
  const fullWidth = ref.tokens.filter((t) => t.tokenType === NumberLit && /[０-９]/.test(t.image));
  expect(ours.errors.length - errors.length).toBe(fullWidth.length);
}

describe('identifierEnd', () => {
  // The identifier pattern it reads without the regex for common letters; it must end every match where the regex does.
  const IDENT = /[\p{L}_][\p{L}\p{M}_·]*/uy;
  const byRegex = (text: string, at: number) => {
    IDENT.lastIndex = at;
    return IDENT.test(text) ? IDENT.lastIndex : -1;
  };
  it('ends where the identifier pattern ends, for every BMP character first, after a letter and between letters', () => {
    let checked = 0;
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const text of [ch, `${ch}甲`, `甲${ch}`, `a${ch}b`, `中文${ch}乙`, `x·${ch}`]) {
        for (const at of [0, 1]) {
          if (identifierEnd(text, at) !== byRegex(text, at)) expect({ text, at, ours: identifierEnd(text, at) }).toEqual({ text, at, ours: byRegex(text, at) });
          checked++;
        }
      }
    }
    // Astral letters (surrogate pairs) and marks go through the regex.
    for (const text of ['𠀀𠀁', '甲𠀀乙', 'é', 'é', '甲\u0301乙', '', '甲', '_1', '1甲']) for (let at = 0; at <= text.length; at++) expect(identifierEnd(text, at)).toBe(byRegex(text, at));
    expect(checked).toBe(0x10000 * 12);
  }, 60_000);
});

describe('lex() equals Chevrotain’s lexer on the same definitions', () => {
  // Characters: all below U+3100 (ASCII, Latin, general punctuation, CJK symbols), the full-width forms,
  // every character of a keyword, and one in 61 of the rest of the BMP (npm run test:deep: all of it).
  const DEEP = process.env['FUZZ_RUNS'] !== undefined;
  const chars = new Set<string>();
  for (let c = 0; c < 0x10000; c++) if (DEEP || c < 0x3100 || (c >= 0xff00 && c <= 0xffef) || c % 61 === 0) chars.add(String.fromCharCode(c));
  for (const k of KEYWORDS) for (const s of [...k.zh, ...k.en]) for (const ch of s) chars.add(ch);
  const all = [...chars];

  it('each character alone, and before the second characters of two-character tokens', () => {
    expectSame(all.join(' '));
    const short = all.filter((c) => c.charCodeAt(0) < 0x100 || c.charCodeAt(0) >= 0xff00 || '≥≤≠×÷−“”「」·'.includes(c));
    for (const next of ['=', '＝', '/', '*', '0', '年']) expectSame(short.map((c) => c + next).join(' '));
  }, 60_000);

  it('the shipped policies', () => {
    for (const p of policyFiles()) expectSame(readPolicy(p));
  });

  it('every keyword spelling, alone, run on and cut short', () => {
    const spellings = KEYWORDS.flatMap((k) => [...k.zh, ...k.en]);
    expectSame(spellings.join(' '));
    expectSame(spellings.join(''));
    expectSame(spellings.map((s) => s.slice(0, -1)).join(' '));
    expectSame(spellings.map((s) => s + '甲').join(' '));
  });

  it('random texts of policy pieces, broken strings and comments included', () => {
    const pieces = [
      ...KEYWORDS.flatMap((k) => [...k.zh, ...k.en]),
      '高级工及以上', '人次满50', '3000元至6000元', '名单1', '年龄16至24周岁', '人数30人以上', '1亿元和2亿元', 'level2', 'item_10', '技能等级', 'x', '_', '·',
      '“', '”', '"', '\\', '「', '」', '“a“b”c”', '"a\\"b"', '//', '/*', '*/', '\n', '\r', '\r\n', ' ', '\t', '\u3000', '\ufeff',
      '2025-1-1', '2025年3月1日', '2025年', '12', '１２', '3.5', '３．５', '.', '%', '％', '>=', '＞＝', '≥', '!=', '！', '!', '×', '÷', '−',
      '：', '；', '，', '、', '（', '）', '{', '}', '｛', '｝', '<', '>', '=', '@', '#', '😀', '\ud800', 'é', 'Ⅳ',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => expectSame(parts.join(''))),
      { numRuns: 400, seed: 17 },
    );
  });
});
