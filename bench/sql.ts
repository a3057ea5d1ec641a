// The SQL backend's benchmark (issue #15), written into bench/RESULTS.md
// between the `sql` markers (`npm run bench` runs it last and keeps the
// section): the seed policy's office export (bench/office.ts: Chinese headers,
// 1 % malformed rows, a ledger) as Parquet, decided by embedded DuckDB
// (`policy batch --engine duckdb`: checks in SQL, the generated queries) and by
// the JS batch engine on the same file in the same run, each in a process of
// its own (bench/sql-child.ts) so peak RSS is its own; then Spark local[2]
// through spark-sql on a smaller file when Spark is installed.
//
//   node --import tsx bench/sql.ts
//   BENCH_SQL_ROWS (default 10,000,000), BENCH_SPARK_ROWS (default 1,000,000; 0 = skip Spark)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './impls.ts';
import { loadAvgNow, machine } from './machine.ts';
import type { SqlBenchResult } from './sql-child.ts';
import { sparkSqlCommand } from '../compiler/sql/run.ts';

const N = Number(process.env['BENCH_SQL_ROWS'] ?? 10_000_000);
const N_SPARK = Number(process.env['BENCH_SPARK_ROWS'] ?? 1_000_000);
const say = (s: string) => process.stderr.write(`  [sql] ${s}\n`);

function child(cfg: object): SqlBenchResult | undefined {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/sql-child.ts'), JSON.stringify(cfg)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench/sql-child.ts failed: ${JSON.stringify(cfg)}`);
  const line = r.stdout.trim().split('\n').pop();
  return line ? (JSON.parse(line) as SqlBenchResult) : undefined;
}

const results: SqlBenchResult[] = [];
const load0 = loadAvgNow();
// BENCH_SQL_FROM=results.jsonl writes the section from saved bench/sql-child.ts lines without measuring.
const from = process.env['BENCH_SQL_FROM'];
if (from) results.push(...readFileSync(from, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SqlBenchResult));
if (!from) {
  const dir = mkdtempSync(join(tmpdir(), 'policy-bench-sql-'));
  try {
    say(`writing ${N.toLocaleString('en')} subjects as CSV and Parquet (not timed)…`);
    child({ n: N, write: dir });
    for (const engine of ['duckdb', 'js'] as const) {
      say(`${engine} over ${N.toLocaleString('en')} subjects…`);
      results.push(child({ n: N, dir, engine })!);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (from) say(`results from ${from}`);
else if (N_SPARK > 0 && sparkSqlCommand()) {
  const sdir = mkdtempSync(join(tmpdir(), 'policy-bench-spark-'));
  try {
    say(`spark local[2] over ${N_SPARK.toLocaleString('en')} subjects…`);
    child({ n: N_SPARK, write: sdir });
    results.push(child({ n: N_SPARK, dir: sdir, engine: 'spark' })!);
  } finally {
    rmSync(sdir, { recursive: true, force: true });
  }
} else say(N_SPARK > 0 ? 'spark-sql not installed: Spark skipped (pip install pyspark)' : 'Spark skipped (BENCH_SPARK_ROWS=0)');

const host = machine();
const fmt = (x: number, d = 0) => x.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });
const duck = results.find((r) => r.engine === 'duckdb');
const js = results.find((r) => r.engine === 'js');
const lines = [
  '<!-- sql:start -->',
  '## SQL backend: DuckDB and Spark next to the JS batch (bench/sql.ts)',
  '',
  `${new Date().toISOString()}; ${JSON.stringify(host)}; load average ${from ? results.map((r) => `${r.engine} ${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)}`).join(', ') : `${load0.toFixed(2)} at the start, ${loadAvgNow().toFixed(2)} at the end`}.`,
  '',
  'The seed policy (萧人社〔2025〕3号) over the office export of bench/office.ts (every subject type, Chinese headers, 1 % malformed rows, a ledger), as Parquet. Each engine runs in a process of its own: DuckDB = `policy batch --engine duckdb` (every cell checked in SQL, the generated queries, results to Parquet, rejects to JSON Lines); JS = `policy batch` (worker threads on every core) on the same Parquet file; Spark = `--engine spark` through spark-sql, local[2]. Peak RSS is the Node process\'s maxRSS (DuckDB runs inside it; Spark\'s JVM is a separate process and not included).',
  '',
  '| engine | subjects | seconds | subjects/s | result rows | rejected | peak RSS (MiB) |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.engine} | ${fmt(r.n)} | ${fmt(r.seconds, 1)} | ${fmt(r.subjectsPerSecond)} | ${fmt(r.resultRows)} | ${fmt(r.rejected)} | ${fmt(r.peakRssMiB)} |`),
  '',
  duck && js ? `DuckDB / JS throughput in this run: ${(duck.subjectsPerSecond / js.subjectsPerSecond).toFixed(2)}×; both wrote ${duck.resultRows === js.resultRows && duck.rejected === js.rejected ? 'the same number of result rows and rejects' : `different counts (DuckDB ${duck.resultRows}/${duck.rejected}, JS ${js.resultRows}/${js.rejected})`}.` : '',
  '<!-- sql:end -->',
];
const section = lines.join('\n') + '\n';
const path = join(ROOT, 'bench/RESULTS.md');
const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
const marked = /<!-- sql:start -->[\s\S]*?<!-- sql:end -->\n?/;
writeFileSync(path, marked.test(old) ? old.replace(marked, section) : old.trimEnd() + '\n\n' + section);
process.stdout.write(section);
