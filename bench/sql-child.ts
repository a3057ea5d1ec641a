// One measuring process of the SQL benchmark (spawned by run.ts or by hand, so
// its peak memory is its own). With `write`, it writes the office export of n
// subjects (bench/office.ts: Chinese headers, 1 % malformed rows, a ledger) and
// converts it to Parquet (not timed). Otherwise it decides that Parquet file
// with one engine and prints one JSON line: rows, seconds, subjects per second,
// peak RSS of this process (DuckDB's memory is in it; Spark's JVM is a child
// process and is reported from its own maxRSS).
//   node --import tsx bench/sql-child.ts '{"n":1000000,"write":"/tmp/d"}'
//   node --import tsx bench/sql-child.ts '{"n":1000000,"dir":"/tmp/d","engine":"duckdb"}'
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { writeOfficeFiles, ID_COLUMN } from './office.ts';
import { AS_OF, PARAMS } from './population.ts';
import { loadAvgNow } from './machine.ts';
import { ROOT } from './impls.ts';
import { compile } from '../compiler/index.ts';
import { parseDecimal, type Rat } from '../compiler/rational.ts';
import { openDuckDB } from '../compiler/sql/duckdb.ts';

export interface SqlBenchResult {
  engine: 'js' | 'duckdb' | 'spark';
  n: number;
  seconds: number;
  subjectsPerSecond: number;
  resultRows: number;
  rejected: number;
  peakRssMiB: number;
  load: [number, number];
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as { n: number; write?: string; dir?: string; engine?: 'js' | 'duckdb' | 'spark' };
const POLICY = join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy');

if (cfg.write) {
  await writeOfficeFiles(cfg.n, join(cfg.write, 'subjects.csv'), join(cfg.write, 'ledger.csv'), 0.01);
  const db = await openDuckDB();
  try {
    // Parquet as a warehouse holds it: every column as exported (text), malformed rows included.
    await db.run(`COPY (SELECT * FROM read_csv('${join(cfg.write, 'subjects.csv')}', header = true, all_varchar = true, ignore_errors = true)) TO '${join(cfg.write, 'subjects.parquet')}' (FORMAT parquet)`);
  } finally {
    db.close();
  }
  process.exit(0);
}

const dir = cfg.dir!;
const subjects = join(dir, 'subjects.parquet');
const ledger = join(dir, 'ledger.csv');
const policyText = readFileSync(POLICY, 'utf8');
const model = compile(policyText).model;
const params: Record<string, Rat> = Object.fromEntries(Object.entries(PARAMS).map(([k, v]) => [k, parseDecimal(String(v))!]));
const load0 = loadAvgNow();
const t0 = performance.now();
let resultRows = 0;
let rejected = 0;
if (cfg.engine === 'js') {
  const { runBatch } = await import('../compiler/batch/run.ts');
  const r = await runBatch({ policyText, subjects, ledger, out: join(dir, 'results-js.csv'), id: ID_COLUMN, asOf: AS_OF, params: { ...PARAMS }, jobs: availableParallelism(), lang: 'zh' });
  resultRows = r.tally.results;
  rejected = r.tally.rejected;
} else if (cfg.engine === 'duckdb') {
  const { runDuckDB } = await import('../compiler/sql/run.ts');
  const r = await runDuckDB(model, { engine: 'duckdb', input: subjects, ledger, out: join(dir, 'results-duckdb.parquet'), asOf: AS_OF, params, id: ID_COLUMN });
  resultRows = r.rows;
  rejected = r.rejected;
} else {
  const { runSpark } = await import('../compiler/sql/run.ts');
  const db = await openDuckDB();
  const cols = async (sql: string) => (await db.all(`DESCRIBE SELECT * FROM ${sql}`)).map((r) => String(r['column_name']));
  const columns = await cols(`read_parquet('${subjects}')`);
  const ledgerColumns = await cols(`read_csv('${ledger}', header = true, all_varchar = true)`);
  db.close();
  const r = await runSpark(model, { engine: 'spark', input: subjects, ledger, out: join(dir, 'results-spark.parquet'), asOf: AS_OF, params, id: ID_COLUMN }, columns, ledgerColumns);
  resultRows = r.rows;
  rejected = r.rejected;
}
const seconds = (performance.now() - t0) / 1000;
const out: SqlBenchResult = {
  engine: cfg.engine!,
  n: cfg.n,
  seconds,
  subjectsPerSecond: cfg.n / seconds,
  resultRows,
  rejected,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  load: [load0, loadAvgNow()],
};
process.stdout.write(JSON.stringify(out) + '\n');
