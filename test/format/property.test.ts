// Property test: thousands of mutated policies (subsets of declarations of the
// real policies and of the feature fixture, respelled, respaced, with comments
// inserted at random token boundaries; see mutate.ts). For each one that
// parses: formatting succeeds, keeps the AST (ranges ignored) and the comment
// sequence, and is idempotent, for random options and line widths.
// FORMAT_PROPERTY_RUNS overrides the number of runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.ts';
import { formatPolicy, stripRanges } from '../../compiler/format/index.ts';
import { mutate } from './mutate.ts';
import { KEYWORD_MODES, PUNCTUATION_MODES, readSource } from './helpers.ts';

// npm test: 400 random edits; npm run test:deep: 2,000.
const RUNS = Number(process.env['FORMAT_PROPERTY_RUNS'] ?? 400);
const SOURCES = { xiaoshan: readSource('xiaoshan'), national: readSource('national'), features: readSource('features') };

const caseArb = (decls: fc.Arbitrary<number>) =>
  fc.record({
    source: fc.constantFrom<keyof typeof SOURCES>('xiaoshan', 'national', 'features'),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    decls,
    respell: fc.double({ min: 0, max: 1, noNaN: true }),
    respace: fc.double({ min: 0, max: 1, noNaN: true }),
    comment: fc.double({ min: 0, max: 0.6, noNaN: true }),
    keywords: fc.constantFrom(...KEYWORD_MODES),
    punctuation: fc.constantFrom(...PUNCTUATION_MODES),
    printWidth: fc.constantFrom(30, 50, 80, 100, 140),
  });

type Case = ReturnType<typeof caseArb> extends fc.Arbitrary<infer C> ? C : never;

const SEED = process.env['FORMAT_PROPERTY_SEED'];
const seedOption = SEED ? { seed: Number(SEED) } : {};

const stats = { valid: 0, invalid: 0 };

/** The formatter's contract on one mutated policy; throws (with the input) when broken. */
async function check(c: Case): Promise<void> {
  const text = mutate(SOURCES[c.source], c);
  const before = parse(text);
  if (before.errors.length > 0) {
    stats.invalid++;
    return;
  }
  stats.valid++;
  const options = { keywords: c.keywords, punctuation: c.punctuation, printWidth: c.printWidth };
  const context = `input:\n${text}`;
  const first = await formatPolicy(text, options);
  expect(first.ok, context).toBe(true);
  if (!first.ok) return;
  const after = parse(first.text);
  expect(after.errors, `${context}\noutput:\n${first.text}`).toEqual([]);
  expect(stripRanges(after.file), `${context}\noutput:\n${first.text}`).toEqual(stripRanges(before.file));
  expect(
    after.comments.map((x) => x.text.trim()),
    `${context}\noutput:\n${first.text}`,
  ).toEqual(before.comments.map((x) => x.text.trim()));
  const second = await formatPolicy(first.text, options);
  expect(second.ok && second.text, `${context}\noutput:\n${first.text}`).toBe(first.text);
}

describe('formatter properties on mutated policies', () => {
  it(`hold on ${RUNS} mutated subsets of declarations`, async () => {
    await fc.assert(fc.asyncProperty(caseArb(fc.integer({ min: 1, max: 8 })), check), { numRuns: RUNS, ...seedOption });
    // The mutations must mostly stay parseable, or the property says little.
    expect(stats.valid).toBeGreaterThan(stats.invalid * 4);
  }, 120_000);

  it('hold on whole mutated files', async () => {
    const before = { ...stats };
    await fc.assert(fc.asyncProperty(caseArb(fc.constant(Number.MAX_SAFE_INTEGER)), check), { numRuns: Math.max(5, Math.round(RUNS / 40)), ...seedOption });
    expect(stats.valid - before.valid).toBeGreaterThan(stats.invalid - before.invalid);
  }, 120_000);
});
