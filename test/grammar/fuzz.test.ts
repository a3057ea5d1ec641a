// Random edits of the real policies never throw, and every diagnostic range
// lies inside the file. Parsing never fails: it returns a tree and errors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile } from '../../compiler/index.ts';
import { messageText } from '../../compiler/diagnostics.ts';
import { policyFiles, readPolicy } from '../helpers.ts';

// npm test: 50 random edit sequences per policy (a fixed seed); npm run test:deep: 400.
const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 50);
// Truncations: every 97th offset under test:deep (FUZZ_RUNS set); in npm test a multiple of 97 that
// leaves about 100 cut points per policy (the large policies cost quadratically: 570 compiles of
// growing prefixes for a 55 KB text), from an offset drawn at each run, so runs cut at different places.
const stride = (length: number) => (process.env['FUZZ_RUNS'] ? 97 : 97 * Math.max(1, Math.ceil(length / (97 * 100))));
const phase = (length: number) => (process.env['FUZZ_RUNS'] ? 0 : Math.floor(Math.random() * stride(length)));

const SNIPPETS = ['：', '；', '，', '{', '}', '（', '“', '”', '"', '满', '以上', '按', '待遇', '条件', '元', '50', '３', '/', '//', '/*', '\n', ' ', '高级工', '金额：', '万元', '2025-13-45', '2025年2月30日', 'policy', 'benefit x {', '}}}', '×', '%'];

type Edit = { kind: 'delete' | 'insert' | 'duplicate' | 'swap'; at: number; len: number; snippet: string };

const edit = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'duplicate', 'swap'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 40 }),
  snippet: fc.constantFrom(...SNIPPETS),
}) as fc.Arbitrary<Edit>;

function apply(text: string, edits: Edit[]): string {
  for (const e of edits) {
    const at = e.at % (text.length + 1);
    switch (e.kind) {
      case 'delete':
        text = text.slice(0, at) + text.slice(at + e.len);
        break;
      case 'insert':
        text = text.slice(0, at) + e.snippet + text.slice(at);
        break;
      case 'duplicate':
        text = text.slice(0, at) + text.slice(at, at + e.len) + text.slice(at);
        break;
      case 'swap': {
        const piece = text.slice(at, at + e.len);
        text = text.slice(0, at) + text.slice(at + e.len);
        const to = (at * 7 + e.len) % (text.length + 1);
        text = text.slice(0, to) + piece + text.slice(to);
        break;
      }
    }
  }
  return text;
}

describe.each(policyFiles())('fuzz %s', (file) => {
  const original = readPolicy(file);
  it('random edits give diagnostics inside the file, never an exception', () => {
    let withErrors = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const text = apply(original, edits);
        const c = compile(text);
        if (c.hasErrors) withErrors++;
        for (const d of c.diagnostics) {
          expect(d.range.start).toBeGreaterThanOrEqual(0);
          expect(d.range.end).toBeGreaterThanOrEqual(d.range.start);
          expect(d.range.end).toBeLessThanOrEqual(text.length);
          expect(messageText(d, 'zh')).not.toMatch(/\{\w+\}/);
          expect(messageText(d, 'en')).not.toMatch(/\{\w+\}/);
        }
      }),
      { numRuns: FUZZ_RUNS, seed: 20250301 },
    );
    // The edits must actually break things, or the test proves nothing.
    expect(withErrors).toBeGreaterThan(FUZZ_RUNS / 4);
  }, 120_000);

  it('truncations at every 97th offset (npm test: about 100 of them) never throw', () => {
    for (let i = phase(original.length); i < original.length; i += stride(original.length)) {
      let c: ReturnType<typeof compile>;
      try {
        c = compile(original.slice(0, i));
      } catch (e) {
        throw new Error(`the text cut after ${i} characters: ${(e as Error).stack}`);
      }
      for (const d of c.diagnostics) expect(d.range.end, `the text cut after ${i} characters`).toBeLessThanOrEqual(i);
    }
  }, 120_000);
});
