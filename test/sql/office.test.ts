// `runDuckDB` over an office export as bench/office.ts writes it: Chinese
// headers, sparse columns (most facts belong to one subject type), and
// damaged lines — too few fields, stray quotes, unknown types, no id, bad
// values. DuckDB's CSV sniffer once read such a file as a single column (the
// run failed with "no id column"), and its reader dropped a line with too few
// fields without a word. Now every line is either decided or rejected, and the
// rows equal the JS engine's on the same file.
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
  it('decides or rejects every line, with the rows of the JS engine', { timeout: 300_000 }, async () => {
    const { model } = compiled(POLICY);
    const subjects = join(dir, 'subjects.csv');
    const ledger = join(dir, 'ledger.csv');
    const sql = await runDuckDB(model, { engine: 'duckdb', input: subjects, ledger, out: join(dir, 'sql.csv'), asOf: AS_OF, params, id: ID_COLUMN });
    const js = await runBatch({ policyText: readFileSync(POLICY, 'utf8'), subjects, ledger, out: join(dir, 'js.csv'), id: ID_COLUMN, asOf: AS_OF, params: { ...PARAMS }, jobs: 1, lang: 'en' });
    expect(written.malformed).toBeGreaterThan(20);
    expect(js.tally.rows).toBe(N);
    // The same rejects (one per rejected line), the same decided rows.
    expect(sql.rejected).toBe(js.tally.rejected);
    expect(sql.rows).toBe(js.tally.results);
    const db = await openDuckDB();
    try {
      const key = (file: string) => `SELECT id, benefit, status, amount, reason FROM ${duckCsv(file)}`;
      const diff = await db.all(`(${key(join(dir, 'sql.csv'))} EXCEPT ALL ${key(join(dir, 'js.csv'))}) UNION ALL (${key(join(dir, 'js.csv'))} EXCEPT ALL ${key(join(dir, 'sql.csv'))})`);
      expect(diff).toEqual([]);
      // Decided subjects + rejected lines = the lines of the file.
      const decided = await db.all(`SELECT count(DISTINCT id) AS n FROM ${duckCsv(join(dir, 'sql.csv'))}`);
      expect(Number(decided[0]!['n']) + sql.rejected).toBe(N);
      // A line with too few fields is a P3502 reject naming its row, as the JS engine names it.
      const short = await db.all(`SELECT * FROM read_json('${join(dir, 'sql.rejects.jsonl')}', format = 'newline_delimited') WHERE code = 'P3502'`);
      expect(short.length).toBeGreaterThan(0);
      for (const r of short) expect(String(r['field'])).toMatch(/^row \d+$/);
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
