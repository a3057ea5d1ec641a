// `runDuckDB` over an office export as bench/office.ts writes it: Chinese
// headers, sparse columns (most facts belong to one subject type), and
// damaged lines — too few fields, stray quotes, unknown types, no id, bad
// values. DuckDB's CSV sniffer once read such a file as a single column (the
// run failed with "no id column"), and its reader dropped a line with too few
// fields without a word. Now every line is either decided or rejected, and the
// files equal the JS engine's on the same input, byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOfficeFiles, ID_COLUMN } from '../../bench/office.ts';
import { AS_OF, PARAMS } from '../../bench/population.ts';
import { runBatch } from '../../compiler/batch/run.ts';
import { duckCsv, runDuckDB, RunError } from '../../compiler/sql/run.ts';
import { openDuckDB } from '../../compiler/sql/duckdb.ts';
import { parseDecimal } from '../../compiler/rational.ts';
import { compiled } from '../emit/helpers.ts';

const POLICY = join(import.meta.dirname, '../../policies/xiaoshan-xinxiaojiang-2025-3.policy');
const N = 1500;
let dir: string;
let written: Awaited<ReturnType<typeof writeOfficeFiles>>;
const params = Object.fromEntries(Object.entries(PARAMS).map(([k, v]) => [k, parseDecimal(v)!]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-sql-office-'));
  written = await writeOfficeFiles(N, join(dir, 'subjects.csv'), join(dir, 'ledger.csv'), 0.04);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy batch --engine duckdb on an office CSV export', () => {
  // Both engines on the same office-like files — Chinese headers, sparse columns (missing facts), damaged lines of
  // every kind bench/office.ts makes, plus an id given three times (the later rows P3508, one with a bad value too) —
  // write the same bytes: results (CSV and Parquet), rejects and summary. No normalisation: the DuckDB engine's rows
  // are written by the batch engine's own writer (compiler/sql/write.ts), in input order.
  it('writes the bytes the JS engine writes: results, rejects and summary', { timeout: 300_000 }, async () => {
    const { model } = compiled(POLICY);
    const subjects = join(dir, 'subjects.csv');
    const ledger = join(dir, 'ledger.csv');
    // An id given three times: the later rows are P3508 rejects naming the first, whatever else is wrong with them.
    const lines = readFileSync(subjects, 'utf8').trimEnd().split('\n');
    const twice = lines.find((l, i) => i > 10 && /^9133/.test(l))!;
    appendFileSync(subjects, `${twice}\n${twice.replace(/,[^,]*$/, ',"是否"')}\n`);
    // Ledger rows of two ids that only damaged lines carry: a line of too few fields (the JS reader splits it into cells:
    // its id is carried, its ledger rows are not unmatched) and a line with a stray quote (no cells: its ledger rows are).
    appendFileSync(subjects, `913301099999999901,企业,1\n913301099999999902,x"y,企业${','.repeat(lines[0]!.split(',').length - 3)}\n`);
    appendFileSync(ledger, `913301099999999901,企业认定奖励,2026-03-01,50000.00\n913301099999999902,企业认定奖励,2026-03-01,50000.00\n`);
    const rowsIn = lines.length - 1 + 4;
    const sql = await runDuckDB(model, { engine: 'duckdb', input: subjects, ledger, out: join(dir, 'sql.csv'), asOf: AS_OF, params, id: ID_COLUMN, lang: 'en' });
    const js = await runBatch({ policyText: readFileSync(POLICY, 'utf8'), subjects, ledger, out: join(dir, 'js.csv'), id: ID_COLUMN, asOf: AS_OF, params: { ...PARAMS }, jobs: 1, lang: 'en' });
    expect(written.malformed).toBeGreaterThan(20);
    expect(js.tally.rows).toBe(rowsIn);
    expect(js.tally.rejects['P3508']).toBeGreaterThanOrEqual(1);
    const summary = JSON.parse(readFileSync(join(dir, 'js.summary.json'), 'utf8')) as { ledger: { unmatchedIds: string[] } };
    expect(summary.ledger.unmatchedIds).toContain('913301099999999902');
    expect(summary.ledger.unmatchedIds).not.toContain('913301099999999901');
    for (const f of ['.csv', '.rejects.jsonl', '.summary.json']) expect(readFileSync(join(dir, `sql${f}`), 'utf8'), f).toBe(readFileSync(join(dir, `js${f}`), 'utf8'));
    // Results + rejects = input rows.
    expect(sql.tally!.evaluated + sql.rejected).toBe(rowsIn);
    expect(sql.rows).toBe(js.tally.results);
    // Parquet out: the same table.
    await runDuckDB(model, { engine: 'duckdb', input: subjects, ledger, out: join(dir, 'sql.parquet'), asOf: AS_OF, params, id: ID_COLUMN, lang: 'en' });
    await runBatch({ policyText: readFileSync(POLICY, 'utf8'), subjects, ledger, out: join(dir, 'js.parquet'), id: ID_COLUMN, asOf: AS_OF, params: { ...PARAMS }, jobs: 1, lang: 'en' });
    const db = await openDuckDB();
    try {
      const all = (file: string) => `SELECT * FROM read_parquet('${join(dir, file)}')`;
      const diff = await db.all(`(${all('sql.parquet')} EXCEPT ALL ${all('js.parquet')}) UNION ALL (${all('js.parquet')} EXCEPT ALL ${all('sql.parquet')})`);
      expect(diff).toEqual([]);
      expect(Number((await db.all(`SELECT count(*) AS n FROM ${duckCsv(join(dir, 'sql.csv'))}`))[0]!['n'])).toBe(js.tally.results);
      // The sums per benefit equal the reference's (batch.test.ts holds the JS engine's to the reference evaluator).
      const sums = await db.all(`SELECT benefit, sum(CAST(amount AS DECIMAL(18,2))) AS s FROM ${duckCsv(join(dir, 'sql.csv'))} WHERE status = 'eligible' GROUP BY benefit ORDER BY benefit`);
      const summary = JSON.parse(readFileSync(join(dir, 'js.summary.json'), 'utf8')) as { benefits: { id: string; total: string }[] };
      for (const r of sums) expect(Number(r['s']).toFixed(2), String(r['benefit'])).toBe(summary.benefits.find((b) => b.id === r['benefit'])!.total);
      // A line with too few fields is a P3502 reject naming its row, as the JS engine names it.
      const short = readFileSync(join(dir, 'sql.rejects.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { row: number; errors: { code: string; field: string }[] }).filter((r) => r.errors[0]!.code === 'P3502');
      expect(short.length).toBeGreaterThan(0);
      for (const r of short) expect(r.errors[0]!.field).toBe(`row ${r.row}`);
    } finally {
      db.close();
    }
  });

  it('stops with an error naming the line when a ledger line cannot be read', { timeout: 120_000 }, async () => {
    const { model } = compiled(POLICY);
    const ledger = join(dir, 'bad-ledger.csv');
    writeFileSync(ledger, readFileSync(join(dir, 'ledger.csv'), 'utf8'));
    appendFileSync(ledger, `${'91330109'.padEnd(18, '0')},企业认定奖励\n`);
    const lines = readFileSync(ledger, 'utf8').trimEnd().split('\n').length;
    const err = await runDuckDB(model, { engine: 'duckdb', input: join(dir, 'subjects.csv'), ledger, out: join(dir, 'bad.csv'), asOf: AS_OF, params, id: ID_COLUMN }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunError);
    expect((err as RunError).id).toBe('sql.ledgerUnreadable');
    expect((err as RunError).args['lines']).toBe(`${lines} (P3502)`);
  });
});
