// The decision IR's shape, for every shipped policy and backend fixture: the lowering writes the order of the
// decision steps once, and every backend reads that order. These check the order the reference relies on, that
// every reason code a step can give is in the message table, and that a step a backend does not know is a
// build error naming it (never a silently different result).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compile } from '../../compiler/index.ts';
import { lowerPolicy } from '../../compiler/decision/lower.ts';
import type { Step } from '../../compiler/decision/types.ts';
import { MESSAGES } from '../../compiler/messages.ts';
import { translateProgram } from '../../compiler/sql/translate.ts';
import { duckdb } from '../../compiler/sql/dialect.ts';
import { policyFiles, ROOT } from '../helpers.ts';

const FILES = [...policyFiles(), ...['test/emit/fixtures/cases.policy', 'test/emit/fixtures/zoo.policy', 'test/emit/fixtures/time.policy', 'test/emit/fixtures/between.policy'].map((f) => join(ROOT, f))];
const flat = (steps: readonly Step[]): Step[] => steps.flatMap((s) => (s.k === 'if-known' ? [s, ...flat(s.steps)] : [s]));

describe.each(FILES.map((f) => [basename(f), f]))('the decision IR of %s', (_name, file) => {
  const { model } = compile(readFileSync(file, 'utf8'), { path: file });
  const program = lowerPolicy(model);

  it('is lowered once per model', () => {
    expect(lowerPolicy(model)).toBe(program);
    expect(program.benefits.map((b) => b.id)).toEqual(model.benefits.map((b) => b.id));
  });

  it('orders every benefit: guards, period, conditions, gates, ledger, values (and when instalments are due), eligible, money (instalments, running total, caps)', () => {
    const rank: Record<string, number> = {
      subject: 0, validity: 1, period: 2, condition: 3, 'fail-if-failed': 4, 'stop-if-division': 5, 'if-known': 6,
      value: 7, 'instalments-due': 7.5, 'stop-if-missing': 8, eligible: 9, round: 10, ceiling: 11, instalments: 11.5, 'running-total': 12,
      'annual-cap': 13, 'cumulative-cap': 13.5, positive: 14,
    };
    for (const b of program.benefits) {
      const ks = b.steps.map((s) => s.k);
      const ranks = ks.map((k) => rank[k]);
      expect(ranks.every((r) => r !== undefined), `${b.id}: ${ks.join(' ')}`).toBe(true);
      expect([...ranks].sort((x, y) => x! - y!), b.id).toEqual(ranks);
      for (const k of ['subject', 'validity', 'fail-if-failed', 'stop-if-division', 'stop-if-missing', 'eligible']) expect(ks.filter((x) => x === k), `${b.id} ${k}`).toHaveLength(1);
      // Money steps exist exactly when there is an amount, and end with `positive`.
      const hasAmount = b.steps.some((s) => s.k === 'value' && s.of === 'amount');
      expect(ks.includes('round'), b.id).toBe(hasAmount);
      if (hasAmount) expect(ks[ks.length - 1]).toBe('positive');
      // Inside `if-known`: the 每年限次 limit and the key facts before any ledger read.
      const known = b.steps.find((s) => s.k === 'if-known');
      if (known && known.k === 'if-known') {
        const inner = known.steps.map((s) => s.k);
        const firstRead = inner.findIndex((k) => k === 'quota' || k === 'frequency');
        for (const k of ['times-limit', 'key-facts']) if (inner.includes(k as Step['k'])) expect(inner.indexOf(k as Step['k'])).toBeLessThan(firstRead);
      }
    }
  });

  it('reads the ledger only over windows and keys the benefit names', () => {
    for (const [i, b] of program.benefits.entries()) {
      const m = model.benefits[i]!;
      for (const s of flat(b.steps)) {
        if (s.k !== 'quota' && s.k !== 'frequency' && s.k !== 'running-total' && s.k !== 'annual-cap') continue;
        const keys = new Set([...(m.oncePer ?? []), ...(m.oncePerYear ?? [])].flat().map((k) => k.fact));
        for (const k of s.read.match?.keys ?? []) expect(keys.has(k.fact), `${b.id}: ${k.fact}`).toBe(true);
        if (s.k === 'annual-cap') expect(s.read).toEqual({ agg: 'sum', window: 'year', match: null });
        if (s.k === 'frequency') expect(s.read.window).toBe(m.payment === 'annual' ? 'year' : m.payment === 'monthly' ? 'month' : 'in-force');
      }
    }
  });

  it('gives only reason codes the message table has', () => {
    for (const b of program.benefits)
      for (const s of flat(b.steps)) if (s.k === 'frequency') expect(Object.hasOwn(MESSAGES, s.code), s.code).toBe(true);
    for (const g of program.groups) expect(Object.hasOwn(MESSAGES, g.code)).toBe(true);
  });
});

describe('a step a backend does not know', () => {
  it('is a SQL build error naming it', () => {
    const file = policyFiles()[0]!;
    const { model } = compile(readFileSync(file, 'utf8'), { path: file });
    const program = lowerPolicy(model);
    const b = program.benefits[0]!;
    const odd = { ...program, benefits: [{ ...b, steps: [...b.steps.slice(0, 2), { k: 'staged-payment' } as unknown as Step, ...b.steps.slice(2)] }] };
    expect(() => translateProgram(model, odd, { dialect: duckdb, asOf: '2025-06-01' })).toThrow(`cannot translate to SQL: the decision step staged-payment (${b.id})`);
  });
});
