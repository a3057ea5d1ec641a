// The generated SQL against the reference evaluator on embedded DuckDB: the
// same random subjects (NULLs, boundary values, ledgers) decided both ways,
// for every policy, at several as-of dates, with and without parameter
// values. Every row must agree on status, amount (to the fen), the reason
// codes in order, and the missing facts. SQL_RUNS sets the subjects per policy
// (npm test: 1000; npm run test:deep: 100000).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duckdb } from '../../compiler/sql/dialect.ts';
import { translate } from '../../compiler/sql/translate.ts';
import { openDuckDB } from '../../compiler/sql/duckdb.ts';
import { compiled, nameOf } from '../emit/helpers.ts';
import { duckdbLoad, exampleCases, PARAM_SETS, randomCases, referenceRows, sqlRow, sqlPolicies } from './harness.ts';

const RUNS = Number(process.env['SQL_RUNS'] ?? 1000);
const SEED = Number(process.env['SQL_SEED'] ?? 1);

describe.each(sqlPolicies().map((p) => [nameOf(p), p]))('SQL on DuckDB equals the reference: %s', (_name, path) => {
  it(`agrees on ${RUNS} random subjects`, { timeout: 1_800_000 }, async () => {
    const { model } = compiled(path);
    const dir = mkdtempSync(join(tmpdir(), 'policy-sql-'));
    const db = await openDuckDB();
    try {
      // Random subjects and the policy's own examples (with a member fact taken away where there are 名单).
      // A policy with a 名单 decides every member in lambdas: npm test keeps it to 250 random subjects (test:deep: SQL_RUNS).
      const lists = [...model.subjects.values()].some((x) => [...x.facts.values()].some((f) => f.type.kind === 'list'));
      const runs = lists && !process.env['SQL_RUNS'] ? 250 : RUNS;
      const cases = [...randomCases(model, runs, SEED), ...exampleCases(model)];
      for (const s of duckdbLoad(model, duckdb, cases, dir)) await db.run(s);
      const statuses = new Map<string, number>();
      const paid = new Set<string>();
      let compared = 0;
      // Every subject has its own as-of date (a column); the parameter sets split the population.
      const paramSets = PARAM_SETS(model);
      for (const [pi, params] of paramSets.entries()) {
        const mine = cases.filter((_, i) => i % paramSets.length === pi);
        const ids = new Set(mine.map((c) => c.id));
        const ref = referenceRows(model, mine, params);
        const got = new Map<string, ReturnType<typeof sqlRow>>();
        for (const q of translate(model, { dialect: duckdb, asOf: '2025-01-01', asOfColumn: 'as_of', params })) {
          for (const r of await db.all(q.sql)) {
            const row = sqlRow(r);
            if (ids.has(row.id)) got.set(`${row.id}\u0000${row.benefit}`, row);
          }
        }
        expect(got.size, 'rows').toBe(ref.size);
        const byId = new Map(mine.map((c) => [c.id, c]));
        for (const [k, want] of ref) {
          const have = got.get(k);
          if (JSON.stringify(have) !== JSON.stringify(want)) {
            const c = byId.get(want.id)!;
            expect(have, `${want.id} ${want.benefit} at ${c.asOf} params ${JSON.stringify(Object.keys(params))}\nfacts ${JSON.stringify([...c.facts], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v instanceof Map ? [...v] : v))}\nledger ${JSON.stringify(c.ledger, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`).toEqual(want);
          }
          statuses.set(want.status, (statuses.get(want.status) ?? 0) + 1);
          if (want.status === 'eligible' && want.amount) paid.add(want.benefit);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(0);
      // Every 合计 over a 名单 is compared where it pays (an eligible row with an amount).
      const sums = model.benefits.filter((b) => JSON.stringify(b, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).includes('"k":"sum"'));
      for (const b of sums) expect(paid.has(b.id), `${b.id}: no case made it eligible`).toBe(true);
      // The population reaches every status, or the comparison proves little.
      if (RUNS >= 1000) expect([...statuses.keys()].sort()).toEqual(['eligible', 'ineligible', 'undetermined']);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
