// cursorContext() scans from the start of the top-level declaration around the
// cursor (topLevelStart), so completion costs the same in a long document as
// in a short one; the context must be exactly what a scan from the file start
// gives, at every offset of the real policies and of randomly broken ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.ts';
import { cursorContext, topLevelStart } from '../../lsp/context.ts';
import { policyFiles, readPolicy } from '../helpers.ts';

function same(text: string, offsets: number[]) {
  const p = parse(text);
  const tokens = p.tokens.filter((t) => Number.isFinite(t.startOffset) && !t.isInsertedInRecovery);
  let skipped = 0;
  for (const offset of offsets) {
    const from = topLevelStart(tokens, p.file.decls, p.errors, offset);
    if (from > 0) skipped++;
    expect(cursorContext(tokens, p.comments, offset, from)).toEqual(cursorContext(tokens, p.comments, offset));
  }
  return skipped;
}

describe('cursorContext from the enclosing declaration equals a scan from the start', () => {
  for (const path of policyFiles()) {
    it(`${path.split('/').pop()}: every offset`, () => {
      const text = readPolicy(path);
      const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
      // Most offsets start the scan after the file start (that is the point).
      expect(same(text, offsets)).toBeGreaterThan(text.length * 0.8);
    });
  }
  it('randomly broken policies', () => {
    const text = readPolicy();
    fc.assert(
      fc.property(fc.nat(text.length), fc.constantFrom('{', '}', '；', '“', '待遇 甲 {', '', '按 等级 {'), fc.array(fc.nat(text.length), { minLength: 20, maxLength: 20 }), (at, ins, offsets) => {
        same(text.slice(0, at) + ins + text.slice(at), offsets);
      }),
      { numRuns: Number(process.env['INCREMENTAL_RUNS'] ?? 15) },
    );
  }, 60000);
});
