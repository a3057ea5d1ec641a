// The one bound every engine shares (compiler/input.ts MAX_NUMBER, docs/sql.md "Bounds"): a money fact, a count or a
// per-level count above 10^12 is refused as P3533 by the JS engine and by DuckDB alike, at, just below and just above the
// bound; a count at the bound times a standard amount is decided exactly, not a stopped run; and no
// reject message anywhere holds an unfilled {placeholder}.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOfficeFiles, ID_COLUMN } from '../../bench/office.ts';
import { AS_OF, PARAMS } from '../../bench/population.ts';
import { runBatch } from '../../compiler/batch/run.ts';
import { runDuckDB } from '../../compiler/sql/run.ts';
import { parseDecimal } from '../../compiler/rational.ts';
import { MAX_NUMBER, MAX_NUMBER_TEXT } from '../../compiler/input.ts';
import { compiled } from '../emit/helpers.ts';

const POLICY = join(import.meta.dirname, '../../policies/xiaoshan-xinxiaojiang-2025-3.policy');
const params = Object.fromEntries(Object.entries(PARAMS).map(([k, v]) => [k, parseDecimal(v)!]));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-sql-bounds-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AT = MAX_NUMBER_TEXT;
const BELOW = String(MAX_NUMBER - 1n);
const ABOVE = String(MAX_NUMBER + 1n);
const MONEY = { at: `${AT}.00`, below: `${BELOW}.99`, above: `${AT}.01` };

describe('the shared bound on numbers (P3533)', () => {
  it('JS and DuckDB write the same bytes at, just below and just above 10^12', { timeout: 300_000 }, async () => {
    expect(MAX_NUMBER).toBe(10n ** 12n);
    const { model } = compiled(POLICY);
    const office = join(dir, 'office.csv');
    await writeOfficeFiles(5, office, undefined, 0);
    const [header] = readFileSync(office, 'utf8').split('\n');
    const columns = header!.split(',');
    for (const c of ['年度自主认定人次', '比武项目核定经费', '直接培养人数.高级技师']) expect(columns, c).toContain(c);
    const id = (n: number) => `9133010977${String(n).padStart(8, '0')}`;
    const row = (n: number, cells: Record<string, string>) => columns.map((c) => (c === ID_COLUMN ? id(n) : c === '申请对象' ? '企业' : (cells[c] ?? ''))).join(',');
    const lines = [
      row(1, { 年度自主认定人次: AT, 已备案认定企业: '是' }),
      row(2, { 年度自主认定人次: BELOW, 已备案认定企业: '是' }),
      row(3, { 年度自主认定人次: ABOVE }),
      row(4, { '直接培养人数.高级技师': AT }),
      row(5, { '直接培养人数.高级技师': ABOVE }),
      row(6, { 比武项目核定经费: MONEY.at, 比武项目名称: '比武2' }),
      row(7, { 比武项目核定经费: MONEY.below, 比武项目名称: '比武2' }),
      row(8, { 比武项目核定经费: MONEY.above, 比武项目名称: '比武2' }),
      // What stopped DuckDB's run before: a money fact at DECIMAL(18,2)'s largest value, and a 32-digit count.
      row(9, { 比武项目核定经费: '9999999999999999.99', 比武项目名称: '比武2' }),
      row(10, { 年度自主认定人次: '99999999999999999999999999999999' }),
    ];
    const subjects = join(dir, 'subjects.csv');
    writeFileSync(subjects, [header, ...lines].join('\n') + '\n');
    for (const lang of ['en', 'zh'] as const) {
      await runDuckDB(model, { engine: 'duckdb', input: subjects, out: join(dir, `sql-${lang}.csv`), asOf: AS_OF, params, id: ID_COLUMN, lang });
      await runBatch({ policyText: readFileSync(POLICY, 'utf8'), subjects, out: join(dir, `js-${lang}.csv`), id: ID_COLUMN, asOf: AS_OF, params: { ...PARAMS }, jobs: 1, lang });
      for (const f of ['.csv', '.rejects.jsonl', '.summary.json']) expect(readFileSync(join(dir, `sql-${lang}${f}`), 'utf8'), f).toBe(readFileSync(join(dir, `js-${lang}${f}`), 'utf8'));
    }
    const rejects = readFileSync(join(dir, 'js-en.rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const rejected = new Set(rejects.map((r) => JSON.stringify(r)).filter((t) => t.includes('P3533')).map((t) => [3, 5, 8, 9, 10].map(id).find((x) => t.includes(x))));
    expect([...rejected].sort()).toEqual([3, 5, 8, 9, 10].map(id).sort());
    const en = readFileSync(join(dir, 'js-en.rejects.jsonl'), 'utf8');
    expect(en).toContain(`above ${AT}, the largest number`);
    expect(en).toContain('1000000000000.01');
    // Rows at and just below the bound are decided (in the results, not the rejects), with exact amounts.
    const results = readFileSync(join(dir, 'js-en.csv'), 'utf8');
    for (const n of [1, 2, 4, 6, 7]) {
      expect(results, `row ${n}`).toContain(id(n));
      expect(en, `row ${n}`).not.toContain(id(n));
    }
    // A count at the bound times a standard amount passes DECIMAL(18,2) (10^16 yuan): decided all the same.
    // A count at and just below the bound times 500 yuan (5 × 10^14, computed in DECIMAL(38,0) fen) capped at 50,000 yuan.
    for (const n of [1, 2]) expect(results.split('\n').find((l) => l.includes(id(n)) && l.includes('企业认定奖励')), `row ${n}`).toContain(',eligible,50000.00,');
    // No message of any reject, in either language, holds an unfilled placeholder.
    for (const lang of ['en', 'zh']) expect(readFileSync(join(dir, `js-${lang}.rejects.jsonl`), 'utf8')).not.toMatch(/\{[A-Za-z]+\}/);
  });
});
