// A long file is parsed a stretch of top-level declarations at a time
// (grammar/index.ts parseChunked); the result must be what one parse of the
// whole file gives. Small stretches here, so every policy is cut many times;
// random edits break some files (then the whole file is parsed at once).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lex, parse, parseChunked } from '../../grammar/index.ts';
import { synthPolicy } from '../../bench/synth.ts';
import { policyFiles, readPolicy } from '../helpers.ts';

const WHOLE = Number.MAX_SAFE_INTEGER;
const view = (text: string, chunk: number) => {
  const p = parse(text, chunk);
  return { file: p.file, comments: p.comments, errors: p.errors, tokens: p.tokens.map((t) => `${t.tokenType.name}@${t.startOffset}:${t.image}`) };
};

describe('parsing a long file a stretch at a time', () => {
  const texts = [...policyFiles().map((p) => readPolicy(p)), synthPolicy(60)];
  it.each([20, 97, 400])('every shipped policy and a synthetic one, stretches of %i tokens', (chunk) => {
    for (const text of texts) {
      // The stretches parse cleanly (so the comparison is of stretched against whole parses).
      expect(parseChunked(lex(text).tokens, chunk)?.length).toBe(parse(text, WHOLE).file.decls.length);
      expect(view(text, chunk)).toEqual(view(text, WHOLE));
    }
  });

  it('random edits (some break the syntax)', () => {
    const edits = fc.record({ which: fc.nat(texts.length - 1), at: fc.double({ min: 0, max: 1, noNaN: true }), ins: fc.constantFrom('；', '}', '{', ' ', '\n', '条件：是；', '待遇 甲 {', 'x'), del: fc.nat(4) });
    fc.assert(
      fc.property(edits, (e) => {
        const t = texts[e.which]!;
        const at = Math.floor(e.at * t.length);
        const text = t.slice(0, at) + e.ins + t.slice(at + e.del);
        expect(view(text, 50)).toEqual(view(text, WHOLE));
      }),
      { numRuns: Number(process.env['INCREMENTAL_RUNS'] ?? 30), seed: 20261204 },
    );
  }, 120000);
});
