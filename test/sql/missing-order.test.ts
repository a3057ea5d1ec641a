// The order of the missing facts, on DuckDB against the reference, for every pattern of given and missing facts
// of test/sql/fixtures/missing-order.policy: a condition that needs one fact in two places (开始日期 as the end of
// 离校日期 至 开始日期 and in 周岁（出生日期，开始日期）), for the claimant and for the members of a 名单. Which
// mention of 开始日期 decides — and so whether it is named before or after 出生日期 — depends on the row; the random
// populations of duckdb-differential.test.ts met such a row once in 100,000 (大连 就业见习补贴, s42604).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateFacts } from '../../compiler/facts.ts';
import { duckdb } from '../../compiler/sql/dialect.ts';
import { openDuckDB } from '../../compiler/sql/duckdb.ts';
import { translate } from '../../compiler/sql/translate.ts';
import { compiled } from '../emit/helpers.ts';
import { ROOT } from '../helpers.ts';
import { duckdbLoad, referenceRows, sqlRow, type Case } from './harness.ts';

const { model } = compiled(join(ROOT, 'test/sql/fixtures/missing-order.policy'));
const AS_OF = '2025-06-01';
const dir = mkdtempSync(join(tmpdir(), 'policy-sqlorder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each stored fact's values: one that makes its part of the condition hold, one that makes it fail, none. */
const VALUES: Record<string, (string | number | null)[]> = {
  类别: ['毕业生', '失业青年', null],
  离校日期: ['2024-06-01', '2020-01-01', null],
  出生日期: ['2005-01-01', '1990-01-01', null],
  开始日期: ['2025-03-01', null],
  月数: [6, 1, null],
};

/** Every combination of the values above, as raw facts (a missing fact is left out). */
function patterns(): Record<string, string | number>[] {
  let out: Record<string, string | number>[] = [{}];
  for (const [fact, values] of Object.entries(VALUES))
    out = out.flatMap((p) => values.map((v) => (v === null ? { ...p } : { ...p, [fact]: v })));
  return out;
}

function cases(): Case[] {
  const ps = patterns();
  const raw: { subject: string; facts: Record<string, unknown> }[] = [
    // The claimant's own facts.
    ...ps.map((p) => ({ subject: '申请人', facts: p })),
    // One member per claim, then two (each pattern next to another, so members' names interleave).
    ...ps.map((p) => ({ subject: '单位', facts: { 人员: [p] } })),
    ...ps.map((p, i) => ({ subject: '单位', facts: { 人员: [p, ps[(i * 37 + 11) % ps.length]!] } })),
  ];
  return raw.map((r, i) => {
    const v = validateFacts(model, r.subject, r.facts);
    if (!v.ok) throw new Error(`case ${i} is not valid: ${JSON.stringify(r.facts)}`);
    return { id: `c${i}`, asOf: AS_OF, subject: r.subject, facts: v.facts, ledger: [] };
  });
}

describe('missing facts in the order of the reference, whatever is missing', () => {
  it('names the missing facts of the claimant and of each member as the reference does, in its order', { timeout: 120_000 }, async () => {
    const all = cases();
    const db = await openDuckDB();
    try {
      for (const s of duckdbLoad(model, duckdb, all, dir)) await db.run(s);
      const want = referenceRows(model, all, {});
      const got = new Map<string, ReturnType<typeof sqlRow>>();
      for (const q of translate(model, { dialect: duckdb, asOf: AS_OF, asOfColumn: 'as_of', params: {} }))
        for (const r of await db.all(q.sql)) {
          const row = sqlRow(r);
          got.set(`${row.id}\u0000${row.benefit}`, row);
        }
      expect(got.size).toBe(want.size);
      const wrong = [...want].filter(([k, w]) => JSON.stringify(got.get(k)) !== JSON.stringify(w)).map(([k, w]) => ({ want: w, got: got.get(k) }));
      expect(wrong.slice(0, 3)).toEqual([]);
      // The table reaches the rows it is about: a fact named before another in some rows and after it in others.
      const orders = new Set([...want.values()].map((r) => r.missing.replace(/人员\[\d\]\./g, '')).filter((m) => m.includes('出生日期') && m.includes('开始日期')).map((m) => m.indexOf('出生日期') < m.indexOf('开始日期')));
      expect([...orders].sort()).toEqual([false, true]);
    } finally {
      db.close();
    }
  });
});
