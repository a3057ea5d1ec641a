// The benchmark's agreement check in its quick size: the generated evaluator,
// the reference interpreter, the hand-written code (bench/handwritten.ts) and
// json-rules-engine (bench/json-rules.ts) agree on the totals of a small
// synthetic population. No timing here: speed is measured by `npm run bench`,
// never asserted in tests.
import { describe, expect, it } from 'vitest';
import { checkAgreement } from '../../bench/agree.ts';
import { loadGenerated, loadJre, loadReference, writeGenerated } from '../../bench/impls.ts';
import { generateChunk } from '../../bench/population.ts';

describe('bench: agreement of the four implementations', () => {
  it('the population is deterministic', () => {
    expect(JSON.stringify(generateChunk(3, 200))).toBe(JSON.stringify(generateChunk(3, 200)));
    expect(JSON.stringify(generateChunk(3, 100))).toBe(JSON.stringify(generateChunk(3, 200).slice(0, 100)));
  });

  it('generated (evaluate and the fast path), reference, hand-written and json-rules-engine agree on eligible counts and amounts per benefit', async () => {
    const { module, gen, fast } = await loadGenerated(await writeGenerated());
    const ids = module.policy.benefits.map((b) => b.id);
    const a = await checkAgreement(ids, gen, fast, await loadReference(), await loadJre(), 10_000, 2_000, 2_000);
    expect(a.problems).toEqual([]);
    // The population exercises every benefit.
    for (const [id, t] of a.totals) expect(t.eligible, id).toBeGreaterThan(0);
  });
});
