// A 名单 cell as `policy batch --engine duckdb` reads it, next to what the JS engine makes of the same cell
// (compiler/batch/rows.ts cellValue, then validateFacts and evaluate): one table of hand-picked cells — the
// spellings a data team writes and the ways a cell goes wrong. Every row must be rejected with the reference's
// first error code and field, or decided with the reference's status, amount and missing facts.
// (test/sql/runner.test.ts and test/sql/spark.test.ts do the same over random populations.)
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { cellValue } from '../../compiler/batch/rows.ts';
import { runDuckDB } from '../../compiler/sql/run.ts';
import { openDuckDB } from '../../compiler/sql/duckdb.ts';
import { compiled } from '../emit/helpers.ts';
import { ROOT } from '../helpers.ts';
import { asBatchRow, batchRow, csvText, firstRejects, referenceRow } from './harness.ts';

const { model } = compiled(join(ROOT, 'test/emit/fixtures/members.policy'));
const AS_OF = '2025-06-01';
const dir = mkdtempSync(join(tmpdir(), 'policy-sqlmembers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 人员 cells (单位规模 大型 throughout). */
const CELLS: string[] = [
  '[{"费用":"800","在册":true},{"费用":450,"在册":true},{"费用":"1.00","在册":false}]',
  ' [ ] ',
  '[{"费用":"1000.01","出生日期":"2005年1月1日","类别":"甲类","困难":true}]',
  '[{"费用":1000,"出生日期":"2000-01-01"},{"费用":"1000","出生日期":"2005-1-1","类别":" 乙类 "}]',
  '[{"费用":"800"}]',
  '[{"在册":true},{"费用":"5","在册":null},{}]',
  '[{"费用":1.5,"在册":true,"困难":false}]',
  // Bad cells: each must be rejected as the JS engine rejects it.
  'not json',
  '{"费用":1}',
  '[1',
  '[{"费用":1}] x',
  '[5]',
  '[null]',
  '[[{"费用":1}]]',
  '[{"费用":{"x":1}}]',
  '[{"费用":1},"x"]',
  '[{"无此":1}]',
  '[{"年龄":20}]',
  '[{"费用":"-1"}]',
  '[{"费用":"1.234"}]',
  '[{"费用":true}]',
  '[{"在册":"是"}]',
  '[{"在册":1}]',
  '[{"出生日期":"2025-02-30"}]',
  '[{"出生日期":20250101}]',
  '[{"类别":"丙类"}]',
  '[{"类别":5}]',
  '[{"费用":"1e3"}]',
  '[{"费用":""}]',
  '[{"费用":1},{"费用":"x","类别":"丙类"}]',
  '[{"类别":"丙类","费用":"x"}]',
];

describe('a 名单 cell on DuckDB, against the JS engine', () => {
  it('rejects each bad cell with the reference\'s code and field, decides the others as the reference', { timeout: 120_000 }, async () => {
    const t = model.subjects.get('单位')!.facts.get('人员')!.type;
    const header = ['id', '申请对象', '人员', '单位规模'];
    const rows = CELLS.map((c, i) => [`u${i}`, '单位', c, '大型']);
    const input = join(dir, 'subjects.csv');
    writeFileSync(input, csvText(header, rows));
    const wantRejected = new Map<string, string>();
    const wantRows = new Map<string, ReturnType<typeof referenceRow>>();
    CELLS.forEach((c, i) => {
      const id = `u${i}`;
      const vf = validateFacts(model, '单位', { 人员: cellValue(t, c), 单位规模: '大型' });
      if (!vf.ok) return void wantRejected.set(id, `${vf.errors[0]!.code} ${vf.errors[0]!.field}`);
      for (const b of evaluate(model, '单位', vf.facts, { asOf: AS_OF }).benefits) wantRows.set(`${id}\u0000${b.id}`, referenceRow(id, b));
    });
    expect(wantRejected.size).toBeGreaterThan(15);
    const out = join(dir, 'out.csv');
    const res = await runDuckDB(model, { engine: 'duckdb', input, out, asOf: AS_OF });
    const db = await openDuckDB();
    try {
      const rejects = await db.all(firstRejects(res.outputs[1]!));
      expect(Object.fromEntries(rejects.map((r) => [String(r['id']), `${r['code']} ${r['field']}`]))).toEqual(Object.fromEntries(wantRejected));
      const got = await db.all(`SELECT * FROM read_csv('${out}', header = true, all_varchar = true)`);
      const byKey = new Map(got.filter((r) => (r['benefit'] ?? '') !== '').map((r) => [`${r['id']}\u0000${r['benefit']}`, batchRow(r)]));
      expect(byKey.size).toBe(wantRows.size);
      for (const [k, want] of wantRows) expect(byKey.get(k), k).toEqual(asBatchRow(want));
      // The table reaches what it is for: amounts paid and members' facts named as missing.
      expect([...wantRows.values()].some((r) => r.status === 'eligible' && r.amount !== '0.00')).toBe(true);
      expect([...wantRows.values()].some((r) => r.missing.includes('人员[1].'))).toBe(true);
    } finally {
      db.close();
    }
  });
});
