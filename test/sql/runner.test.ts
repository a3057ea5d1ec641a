// `runDuckDB` end to end: one CSV of subjects of every type (Chinese column
// names, per-level counts in `fact.level` columns, booleans as 是/否/yes/1,
// dates as 2025年3月1日, aliases, padded cells, about 1% malformed cells) and a
// ledger CSV with a few bad rows. Every subject must come out as the reference
// makes it: rejected with the same input error when a value is bad (or its
// ledger is), else decided with the same status, amount, reasons and missing
// facts for every benefit. Parquet input gives the same result.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { runDuckDB } from '../../compiler/sql/run.ts';
import { openDuckDB } from '../../compiler/sql/duckdb.ts';
import { compiled, nameOf } from '../emit/helpers.ts';
import { asBatchRow, batchRow, csvText, damageLines, exampleCases, firstRejects, randomCases, rawLedger, rawSubjects, sqlRow, referenceRow, sqlPolicies } from './harness.ts';

const RUNS = Number(process.env['SQL_RUNNER_RUNS'] ?? 120);
const AS_OF = '2025-06-30';
// Parquet input is read as text columns like a CSV's, and the decisions after that are the CSV path's: npm test
// reads it for policies that hold between them every kind of fact (levels, per-level counts, dates, texts), a
// 名单, declared units and hostile column names (a second run over the same subjects was about 40 % of this
// file's time); test:deep (SQL_RUNNER_RUNS set) for every policy.
const PARQUET = new Set(['zoo', 'members', 'xiaoshan-xinxiaojiang-2025-3', 'scaled-units', 'sql-hostile']);
const formatsOf = (name: string) => (process.env['SQL_RUNNER_RUNS'] || PARQUET.has(name) ? (['csv', 'parquet'] as const) : (['csv'] as const));

describe.each(sqlPolicies().map((p) => [nameOf(p), p]))('policy batch --engine duckdb equals the reference: %s', (name, path) => {
  it(`${RUNS} subjects from ${formatsOf(name).join(' and from ').replace('csv', 'CSV').replace('parquet', 'Parquet')}`, { timeout: 600_000 }, async () => {
    const { model } = compiled(path);
    const dir = mkdtempSync(join(tmpdir(), 'policy-sqlrun-'));
    try {
      const cases = [...randomCases(model, RUNS, 7), ...exampleCases(model)];
      const raw = rawSubjects(model, cases, 11);
      const led = rawLedger(model, cases, 13);
      const input = join(dir, 'subjects.csv');
      const ledger = join(dir, 'ledger.csv');
      // Rows no subject type takes: an unknown type, a blank type, a blank id — rejected, never dropped.
      const empty = raw.header.map(() => '');
      const stray = [
        ['x-unknown', '外星人', ...empty.slice(2)],
        ['x-blank', ' ', ...empty.slice(2)],
        ['', raw.rows[0]![1]!, ...empty.slice(2)],
      ];
      // Two lines with the wrong number of fields (one short, one long): rejected with their row number (P3502),
      // never read with NULLs for the fields that are not there.
      // (Rows that are otherwise good, so the malformed cells keep their rejects.)
      const good = raw.json.flatMap((j, i) => (validateFacts(model, j.subject, j.facts).ok && validateLedger(model, led.raw.get(j.id) ?? [], AS_OF).ok ? [i] : []));
      const damaged = damageLines(raw.rows, good[0]!, good[1]!);
      writeFileSync(input, csvText(raw.header, [...raw.rows, ...stray]));
      writeFileSync(ledger, csvText(led.header, led.rows));
      // The reference: the same cells read as a batch reads them, validated, evaluated.
      const wantRejected = new Map<string, string>();
      const wantRows = new Map<string, ReturnType<typeof sqlRow>>();
      for (const j of raw.json) {
        if (damaged.some((d) => d.id === j.id)) continue;
        const vf = validateFacts(model, j.subject, j.facts);
        if (!vf.ok) {
          wantRejected.set(j.id, vf.errors[0]!.code);
          continue;
        }
        const vl = validateLedger(model, led.raw.get(j.id) ?? [], AS_OF);
        if (!vl.ok) {
          wantRejected.set(j.id, vl.errors[0]!.code);
          continue;
        }
        const d = evaluate(model, j.subject, vf.facts, { asOf: AS_OF, ledger: vl.ledger });
        for (const b of d.benefits) {
          if (!model.benefits.find((x) => x.id === b.id)!.subjects.includes(j.subject)) continue;
          wantRows.set(`${j.id}\u0000${b.id}`, referenceRow(j.id, b));
        }
      }
      expect(wantRejected.size, 'some rows are malformed').toBeGreaterThan(0);
      const db = await openDuckDB();
      try {
        for (const fmt of formatsOf(name)) {
          let subjects = input;
          let ledgerFile = ledger;
          if (fmt === 'parquet') {
            subjects = join(dir, 'subjects.parquet');
            ledgerFile = join(dir, 'ledger.parquet');
            // A table has no place for a line that is not the header's columns: the damaged lines are not in it.
            await db.run(`COPY (SELECT * FROM read_csv('${input}', header = true, all_varchar = true, ignore_errors = true)) TO '${subjects}' (FORMAT parquet)`);
            await db.run(`COPY (SELECT * FROM read_csv('${ledger}', header = true, all_varchar = true)) TO '${ledgerFile}' (FORMAT parquet)`);
          }
          const out = join(dir, `out-${fmt}.csv`);
          const res = await runDuckDB(model, { engine: 'duckdb', input: subjects, ledger: ledgerFile, out, asOf: AS_OF });
          const rows = await db.all(`SELECT * FROM read_csv('${out}', header = true, all_varchar = true)`);
          // The JS engine's reject rows ({row, id, errors: [{code, field, message}]}); the first error's code and field.
          const rejects = await db.all(firstRejects(res.outputs[1]!));
          // A line with the wrong number of fields is not read, so its reject has no id (as in the JS engine): it names its row.
          const strayCodes = rejects.filter((r) => r['code'] !== 'P3502' && (r['id'] === null || String(r['id']).startsWith('x-'))).map((r) => `${r['id'] ?? ''}:${r['code']}`);
          expect(strayCodes.sort(), `${fmt}: rows no subject type takes`).toEqual([':P3506', 'x-blank:P3505', 'x-unknown:P3005']);
          const gotRejected = new Map(rejects.filter((r) => r['id'] !== null && !String(r['id']).startsWith('x-')).map((r) => [String(r['id']), String(r['code'])]));
          const wantHere = new Map(wantRejected);
          expect(Object.fromEntries(gotRejected), `${fmt}: rejected rows`).toEqual(Object.fromEntries(wantHere));
          if (fmt === 'csv')
            expect(
              rejects.filter((r) => r['code'] === 'P3502').map((r) => r['field']),
              'damaged lines name their row',
            ).toEqual(damaged.map((d) => `row ${d.row}`));
          // The batch's columns (the JS engine's layout): the first reason, not every one (duckdb-differential.test.ts
          // compares the queries' every reason and failed condition), fund names, 分担's parts in their own column.
          // A subject of a type no benefit is for (a 名单's members) has one row of its own, P4001, as in the JS engine.
          for (const r of rows.filter((x) => (x['benefit'] ?? '') === '')) expect([r['status'], r['reason']], `${fmt}: ${String(r['id'])}`).toEqual(['ineligible', 'P4001']);
          const got = new Map(rows.filter((x) => (x['benefit'] ?? '') !== '').map((r) => [`${r['id']}\u0000${r['benefit']}`, batchRow(r)]));
          expect(got.size, `${fmt}: decided rows`).toBe(wantRows.size);
          for (const [k, want] of wantRows) expect(got.get(k), `${fmt} ${k}`).toEqual(asBatchRow(want));
        }
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

