// Numbers of every length in the cells of a CSV: DuckDB reads a number of up to 12 integer digits as DECIMAL(18,6) and a
// longer one as DECIMAL(38,6) (compiler/sql/load.ts quantity, the faster reading where it fits). Either way the files are
// the JS engine's, byte for byte: the same amounts, and the same rejects for a value beyond its column type or with too
// many places.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOfficeFiles, ID_COLUMN } from '../../bench/office.ts';
import { AS_OF, PARAMS } from '../../bench/population.ts';
import { runBatch } from '../../compiler/batch/run.ts';
import { runDuckDB } from '../../compiler/sql/run.ts';
import { parseDecimal } from '../../compiler/rational.ts';
import { compiled } from '../emit/helpers.ts';

const POLICY = join(import.meta.dirname, '../../policies/xiaoshan-xinxiaojiang-2025-3.policy');
const params = Object.fromEntries(Object.entries(PARAMS).map(([k, v]) => [k, parseDecimal(v)!]));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-sql-long-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Around the 12 integer digits DuckDB's faster reading holds, and around the column types' limits (BIGINT counts,
// DECIMAL(18,2) money): leading zeros, places, signs.
const MONEY_MAX = '9999999999999999.99';
const NUMBERS = [
  '0',
  '7',
  '150',
  '999999999999',
  '999999999999.5',
  '1000000000000',
  '1234567890123',
  '000000000000000000150',
  '0000000000000000000000000000000000150',
  '99999999999999999999999999999999',
  '9223372036854775808',
  '-0',
  '-1234567890123',
  '12.5',
  '12.000000',
  '12.0000001',
  '3703.00',
  '3703.001',
  '123456789012.34',
  '1234567890123.45',
  MONEY_MAX,
  '10000000000000000.00',
  '0000000000000003703.00',
];

/**
 * Every value, in every cell: both engines refuse a number above 10^12 alike (P3533, compiler/input.ts MAX_NUMBER), so a
 * money fact at DECIMAL(18,2)'s largest value or a count past BIGINT is a reject in both, never a stopped DuckDB run.
 */
describe('policy batch --engine duckdb: numbers of every length', () => {
  it('writes the JS engine bytes for counts and money of up to 37 digits', { timeout: 300_000 }, async () => {
    const { model } = compiled(POLICY);
    const office = join(dir, 'office.csv');
    await writeOfficeFiles(20, office, undefined, 0);
    const [header] = readFileSync(office, 'utf8').split('\n');
    const columns = header!.split(',');
    const row = (id: number, cells: Record<string, string>) => columns.map((c) => (c === ID_COLUMN ? `9133010977${String(id).padStart(8, '0')}` : c === '申请对象' ? '企业' : (cells[c] ?? ''))).join(',');
    // A count (年度自主认定人次), a reviewed amount (比武项目核定经费) and a per-level count (直接培养人数.高级技师), each number in each.
    const lines = NUMBERS.flatMap((n, i) => [row(3 * i, { 年度自主认定人次: n }), row(3 * i + 2, { '直接培养人数.高级技师': n }), row(3 * i + 1, { 比武项目核定经费: n, 比武项目名称: '比武2' })]);
    for (const c of ['年度自主认定人次', '比武项目核定经费', '直接培养人数.高级技师']) expect(columns, c).toContain(c);
    const subjects = join(dir, 'subjects.csv');
    writeFileSync(subjects, [header, ...lines].join('\n') + '\n');
    await runDuckDB(model, { engine: 'duckdb', input: subjects, out: join(dir, 'sql.csv'), asOf: AS_OF, params, id: ID_COLUMN, lang: 'en' });
    const js = await runBatch({ policyText: readFileSync(POLICY, 'utf8'), subjects, out: join(dir, 'js.csv'), id: ID_COLUMN, asOf: AS_OF, params: { ...PARAMS }, jobs: 1, lang: 'en' });
    // Both kinds of outcome are there: rows decided with long numbers, and rows rejected for them.
    expect(js.tally.evaluated).toBeGreaterThan(NUMBERS.length);
    expect(js.tally.rejected).toBeGreaterThan(5);
    for (const f of ['.csv', '.rejects.jsonl', '.summary.json']) expect(readFileSync(join(dir, `sql${f}`), 'utf8'), f).toBe(readFileSync(join(dir, `js${f}`), 'utf8'));
  });
});
