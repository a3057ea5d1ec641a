// 退还 / 追回 in `policy batch --engine duckdb`: the clawback reported beside each decision (JSON Lines `clawback:
// {status, amount, paid, reason}`) comes from the query's clawback columns, and the files equal the JS engine's byte for
// byte — the same random subjects and ledgers (with malformed cells and bad ledger rows) run through both engines.
// duckdb-differential.test.ts holds the query's clawback columns to the reference evaluator row by row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../../compiler/batch/run.ts';
import { runDuckDB } from '../../compiler/sql/run.ts';
import { compiled, FIXTURES } from '../emit/helpers.ts';
import { csvText, exampleCases, randomCases, rawLedger, rawSubjects } from './harness.ts';

const POLICY = join(FIXTURES, 'clawback.policy');
const AS_OF = '2025-09-01';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-sql-clawback-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy batch --engine duckdb with 退还 / 追回', () => {
  it('writes the clawbacks the JS engine writes, byte for byte', { timeout: 300_000 }, async () => {
    const { model } = compiled(POLICY);
    const cases = [...randomCases(model, 400, 3), ...exampleCases(model)];
    const raw = rawSubjects(model, cases, 5);
    const led = rawLedger(model, cases, 9);
    const subjects = join(dir, 'subjects.csv');
    const ledger = join(dir, 'ledger.csv');
    writeFileSync(subjects, csvText(raw.header, raw.rows));
    writeFileSync(ledger, csvText(led.header, led.rows));
    await runDuckDB(model, { engine: 'duckdb', input: subjects, ledger, out: join(dir, 'sql.jsonl'), asOf: AS_OF });
    await runBatch({ policyText: readFileSync(POLICY, 'utf8'), subjects, ledger, out: join(dir, 'js.jsonl'), asOf: AS_OF, jobs: 1 });
    for (const f of ['.jsonl', '.rejects.jsonl', '.summary.json']) expect(readFileSync(join(dir, `sql${f}`), 'utf8'), f).toBe(readFileSync(join(dir, `js${f}`), 'utf8'));
    // The comparison covers clawbacks due and undetermined.
    const statuses = new Set(
      readFileSync(join(dir, 'js.jsonl'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { clawback?: { status: string } }).clawback?.status)
        .filter((x) => x !== undefined),
    );
    expect([...statuses].sort()).toEqual(['due', 'undetermined']);
  });
});
