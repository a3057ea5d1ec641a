// A name the text writes with brackets or digits (`优秀（五星）：`, P1055) or a non-range key of a 分档 table (P1070),
// repeated thousands of times on one line: each reported exactly once, at its own place. The statement, next `；` and
// enclosing table of each are looked up in arrays built once per parse (grammar/index.ts TokenIndex), not by scanning
// the tokens per error: 20,000 such names took 40 s of CPU before, about 1.4 s after (load ~14).
import { describe, expect, it } from 'vitest';
import { EmbeddedActionsParser } from 'chevrotain';
import { parse } from '../../grammar/index.ts';

const N = 3000;

describe('many bracketed names in one file', () => {
  it('reports P1055 once per name inside a subject', () => {
    const text = '对象 单位 “u” { ' + '优秀（五星）：'.repeat(N);
    const errs = parse(text).errors.filter((e) => e.code === 'P1055');
    expect(errs).toHaveLength(N);
    expect(new Set(errs.map((e) => e.range.start)).size).toBe(N);
    expect(errs.map((e) => text.slice(e.range.start, e.range.end))).toEqual(Array(N).fill('优秀（五星）'));
  });

  // Each benefit's bad key ended one re-sync of the file's repetition of declarations; Chevrotain re-entered the
  // repetition recursively per re-sync, and from ~2,500 of them parse() threw "Maximum call stack size exceeded"
  // (grammar/parser.ts tryInRepetitionRecovery now loops).
  it('reports P1070 once per 分档 key in 3,000 benefits, without overflowing the stack', () => {
    const text = Array.from({ length: N }, (_, i) => `待遇 甲${i} { 金额：按 社零同比增长 分档 { 增长12%以上：1元 }； }`).join('\n');
    const errs = parse(text).errors;
    expect(errs.filter((e) => e.code === 'P1070')).toHaveLength(N);
    expect(new Set(errs.map((e) => e.range.start)).size).toBe(N);
    expect(errs.map((e) => text.slice(e.range.start, e.range.end))).toEqual(Array(N).fill('增长12%以上'));
  });

  // Each re-sync scanned forward for a token of the follow set — to the end of the file here, from every error
  // again — and walked the grammar for what may follow: 4,000 such benefits took 97 s (load ~15), 1.7 s now. Counted,
  // not timed: the tokens looked at grow with the file, and the grammar walks do not grow with the errors.
  it('re-syncs in linear work: tokens looked at and grammar walks, for 200 and 800 benefits', () => {
    const text = (n: number) => Array.from({ length: n }, (_, i) => `待遇 甲${i} { 金额：按 社零同比增长 分档 { 增长12%以上：1元 }； }`).join('\n');
    // Counters wrapped around the parser's methods (a spy's call log would itself grow with the quadratic work).
    const proto = EmbeddedActionsParser.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    const counts = { LA: 0, getNextPossibleTokenTypes: 0 };
    const saved = Object.keys(counts).map((name) => [name, Object.getOwnPropertyDescriptor(proto, name)] as const);
    for (const name of Object.keys(counts) as (keyof typeof counts)[]) {
      const original = proto[name]!;
      proto[name] = function (this: unknown, ...a: unknown[]) {
        counts[name]++;
        return original.apply(this, a);
      };
    }
    const work = (n: number) => {
      counts.LA = counts.getNextPossibleTokenTypes = 0;
      expect(parse(text(n)).errors.filter((e) => e.code === 'P1070')).toHaveLength(n);
      return { ...counts };
    };
    try {
      work(20); // the first parse fills what is kept between parses
      const [a, b] = [work(200), work(800)];
      expect(b.LA / a.LA).toBeLessThan(4 * 1.2);
      expect(b.getNextPossibleTokenTypes).toBeLessThanOrEqual(a.getNextPossibleTokenTypes);
    } finally {
      for (const [name, d] of saved) {
        if (d) Object.defineProperty(proto, name, d);
        else delete proto[name];
      }
    }
  });
});
