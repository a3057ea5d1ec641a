// The generated Spark SQL on Apache Spark (spark-sql, local[2]) against the
// reference, for every policy the SQL backend is tested on: the same CSV files
// as the DuckDB runner test (malformed cells, bad ledger rows, Chinese column
// names, a short and a long line), every subject rejected or decided as the
// reference does. Starting Spark takes a minute or more on this machine, so all
// policies run in one Spark session (runSparkMany), and only in `npm run
// test:deep` (SPARK_RUNS=10000 subjects per policy); skipped in `npm test`
// (SPARK_RUNS unset), or with a message when spark-sql is not installed
// (`pip install pyspark`; .ci/run installs it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { runSparkMany, sparkSqlCommand } from '../../compiler/sql/run.ts';
import { openDuckDB } from '../../compiler/sql/duckdb.ts';
import type { Model } from '../../compiler/model.ts';
import { compiled, nameOf } from '../emit/helpers.ts';
import { csvText, damageLines, exampleCases, randomCases, rawLedger, rawSubjects, sqlRow, referenceRow, referenceBands, sqlPolicies } from './harness.ts';

const RUNS = Number(process.env['SPARK_RUNS'] ?? 0);
const AS_OF = '2025-06-30';
/** SPARK_POLICIES=members,dalian-employment-subsidies-2019: only these policies (names without .policy). */
const ONLY = process.env['SPARK_POLICIES']?.split(',').filter(Boolean);
const policies = () => sqlPolicies().filter((p) => !ONLY || ONLY.includes(nameOf(p)));
const spark = sparkSqlCommand();
const skip = RUNS === 0 ? 'SPARK_RUNS is not set (npm run test:deep runs Spark)' : !spark ? 'spark-sql is not installed (pip install pyspark)' : undefined;
if (skip) console.log(`Spark differential test skipped: ${skip}`);

interface Prepared {
  name: string;
  model: Model;
  input: string;
  ledger: string;
  out: string;
  header: string[];
  ledgerHeader: string[];
  damaged: { id: string; row: number }[];
  wantRejected: Map<string, string>;
  wantRows: Map<string, ReturnType<typeof sqlRow>>;
}

function prepare(path: string, dir: string): Prepared {
  const { model } = compiled(path);
  const name = nameOf(path);
  // The policy's examples too: random subjects rarely make a 合计 over a 名单 pay.
  const cases = [...randomCases(model, RUNS, 21), ...exampleCases(model)];
  const raw = rawSubjects(model, cases, 23);
  const led = rawLedger(model, cases, 29);
  const input = join(dir, `${name}.subjects.csv`);
  const ledger = join(dir, `${name}.ledger.csv`);
  // Lines with the wrong number of fields — one short and one long subject line, one long ledger line — are
  // rejects (P3502) with their row number, never read with NULLs for the missing fields (Spark's default).
  // (Rows that are otherwise good, so the malformed cells keep their rejects.)
  const good = raw.json.flatMap((j, i) => (validateFacts(model, j.subject, j.facts).ok && validateLedger(model, led.raw.get(j.id) ?? [], AS_OF).ok ? [i] : []));
  const damaged = damageLines(raw.rows, good[0]!, good[1]!);
  // The ledger line damaged belongs to a subject otherwise decided, whose other ledger rows are good.
  const ledgerVictim = raw.json.find((j) => !damaged.some((d) => d.id === j.id) && validateFacts(model, j.subject, j.facts).ok && (led.raw.get(j.id)?.length ?? 0) > 0 && validateLedger(model, led.raw.get(j.id)!, AS_OF).ok)?.id;
  const ledgerLine = led.rows.findIndex((r) => r[0] === ledgerVictim);
  if (ledgerLine >= 0) led.rows[ledgerLine] = [...led.rows[ledgerLine]!, 'extra'];
  writeFileSync(input, csvText(raw.header, raw.rows));
  writeFileSync(ledger, csvText(led.header, led.rows));
  const wantRejected = new Map<string, string>();
  const wantRows = new Map<string, ReturnType<typeof sqlRow>>();
  for (const j of raw.json) {
    if (damaged.some((d) => d.id === j.id) || (ledgerLine >= 0 && j.id === ledgerVictim)) {
      wantRejected.set(j.id, 'P3502');
      continue;
    }
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
    const bands = referenceBands(model, j.subject, vf.facts, { asOf: AS_OF, ledger: vl.ledger });
    for (const b of d.benefits) {
      if (!model.benefits.find((x) => x.id === b.id)!.subjects.includes(j.subject)) continue;
      wantRows.set(`${j.id}\u0000${b.id}`, referenceRow(j.id, b, bands.get(b.id)));
    }
  }
  return { name, model, input, ledger, out: join(dir, `${name}.out`), header: raw.header, ledgerHeader: led.header, damaged, wantRejected, wantRows };
}

describe.skipIf(!!skip)('Spark SQL equals the reference (every policy, one Spark session)', () => {
  // Made in beforeAll: the body of a skipped describe still runs, and its afterAll does not.
  let dir = '';
  const prepared: Prepared[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-spark-test-'));
    for (const p of policies()) prepared.push(prepare(p, dir));
    await runSparkMany(prepared.map((p) => ({ model: p.model, o: { engine: 'spark', input: p.input, ledger: p.ledger, out: p.out, asOf: AS_OF }, columns: p.header, ledgerColumns: p.ledgerHeader })));
  }, 7_200_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(policies().map((p) => [nameOf(p)]))(`%s: ${RUNS} subjects on spark-sql local[2]`, async (name) => {
    const p = prepared.find((x) => x.name === name)!;
    const db = await openDuckDB();
    try {
      const read = async (d: string) => db.all(`SELECT * FROM read_csv('${d}/*.csv', header = true, all_varchar = true, union_by_name = true)`).catch(() => []);
      const rows = await read(p.out);
      const rejects = await db.all(`SELECT * FROM read_json('${p.out}.rejects/*.json', format = 'newline_delimited', columns = {id: 'VARCHAR', subject: 'VARCHAR', code: 'VARCHAR', field: 'VARCHAR'})`).catch(() => []);
      expect(Object.fromEntries(rejects.map((r) => [String(r['id']), String(r['code'])])), 'rejected rows').toEqual(Object.fromEntries(p.wantRejected));
      expect(
        rejects.filter((r) => r['code'] === 'P3502' && r['field'] !== 'ledger').map((r) => [r['id'], r['field']]).sort(),
        'damaged lines name their row',
      ).toEqual(p.damaged.map((d) => [d.id, `row ${d.row}`]).sort());
      const got = new Map(rows.map((r) => [`${r['id']}\u0000${r['benefit']}`, sqlRow({ ...r, reasons: r['reasons'] ?? '', missing: r['missing'] ?? '' })]));
      expect(got.size, 'decided rows').toBe(p.wantRows.size);
      for (const [k, want] of p.wantRows) expect(got.get(k), k).toEqual(want);
    } finally {
      db.close();
    }
  }, 600_000);
});
