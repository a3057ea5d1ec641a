// A reviewed amount (核定 20万元至500万元) read by `policy batch --engine duckdb`: a cell outside the range the text
// states is rejected with P3030 as the reference's input check rejects it (compiler/input.ts checkQuantity), both ends
// included; a blank cell is an amount pending review (P4051), never 0. The random subjects of runner.test.ts rarely
// reach the bounds, so the boundary values are written out here.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateFacts } from '../../compiler/facts.ts';
import { runDuckDB } from '../../compiler/sql/run.ts';
import { openDuckDB } from '../../compiler/sql/duckdb.ts';
import { firstRejects } from './harness.ts';
import { compiled, ROOT } from '../emit/helpers.ts';

const CELLS = ['199999.99', '200000', '200000.00', '5000000', '5000000.01', '60000000', '', '3000000'];

describe('policy batch --engine duckdb: a reviewed amount outside its range', () => {
  it('is rejected with P3030 where the reference rejects it, and a blank one is pending review', { timeout: 120_000 }, async () => {
    const { model } = compiled(join(ROOT, 'test/emit/fixtures/reviewed.policy'));
    const dir = mkdtempSync(join(tmpdir(), 'policy-reviewed-'));
    let db: Awaited<ReturnType<typeof openDuckDB>> | undefined;
    try {
      const input = join(dir, 's.csv');
      writeFileSync(input, ['id,申请对象,年工业产值,产值奖励核定额', ...CELLS.map((v, i) => `r${i},企业,1200000000,${v}`)].join('\n') + '\n');
      const want = Object.fromEntries(
        CELLS.flatMap((v, i) => {
          const r = validateFacts(model, '企业', { 年工业产值: '1200000000', ...(v && { 产值奖励核定额: v }) });
          return r.ok ? [] : [[`r${i}`, r.errors[0]!.code]];
        }),
      );
      expect(want).toEqual({ r0: 'P3030', r4: 'P3030', r5: 'P3030' });
      const out = join(dir, 'out.csv');
      const res = await runDuckDB(model, { engine: 'duckdb', input, out, asOf: '2025-06-30' });
      db = await openDuckDB();
      const rejects = await db.all(firstRejects(res.outputs[1]!));
      expect(Object.fromEntries(rejects.map((r) => [String(r['id']), String(r['code'])]))).toEqual(want);
      const rows = await db.all(`SELECT id, status, amount, reason FROM read_csv('${out}', header = true, all_varchar = true) WHERE benefit = '产值奖励' ORDER BY id`);
      expect(rows.map((r) => `${r['id']} ${r['status']} ${r['amount'] ?? '-'} ${r['reason'] ?? ''}`)).toEqual([
        'r1 eligible 200000.00 ',
        'r2 eligible 200000.00 ',
        'r3 eligible 5000000.00 ',
        'r6 eligible - P4051',
        'r7 eligible 3000000.00 ',
      ]);
    } finally {
      db?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an amount computed from a reviewed value (核定投资额 × 10%): the same range check, and a blank cell is pending (P4056)', { timeout: 120_000 }, async () => {
    const { model } = compiled(join(ROOT, 'test/emit/fixtures/reviewed-base.policy'));
    const cells = ['999999.99', '1000000', '500000000', '500000000.01', '', '20000000'];
    const dir = mkdtempSync(join(tmpdir(), 'policy-reviewed-base-'));
    let db: Awaited<ReturnType<typeof openDuckDB>> | undefined;
    try {
      const input = join(dir, 's.csv');
      writeFileSync(input, ['id,申请对象,重点项目,核定投资额', ...cells.map((v, i) => `r${i},企业,true,${v}`)].join('\n') + '\n');
      const want = Object.fromEntries(
        cells.flatMap((v, i) => {
          const r = validateFacts(model, '企业', { 重点项目: true, ...(v && { 核定投资额: v }) });
          return r.ok ? [] : [[`r${i}`, r.errors[0]!.code]];
        }),
      );
      expect(want).toEqual({ r0: 'P3030', r3: 'P3030' });
      const out = join(dir, 'out.csv');
      const res = await runDuckDB(model, { engine: 'duckdb', input, out, asOf: '2025-06-30' });
      db = await openDuckDB();
      const rejects = await db.all(firstRejects(res.outputs[1]!));
      expect(Object.fromEntries(rejects.map((r) => [String(r['id']), String(r['code'])]))).toEqual(want);
      const rows = await db.all(`SELECT id, status, amount, reason FROM read_csv('${out}', header = true, all_varchar = true) WHERE benefit = '投资补助' ORDER BY id`);
      expect(rows.map((r) => `${r['id']} ${r['status']} ${r['amount'] ?? '-'} ${r['reason'] ?? ''}`)).toEqual([
        'r1 eligible 100000.00 ',
        'r2 eligible 5000000.00 P4023',
        'r4 eligible - P4056',
        'r5 eligible 2000000.00 ',
      ]);
    } finally {
      db?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
