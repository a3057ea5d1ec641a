// One process of the scale benchmark (bench/scale.ts), so that the peak memory
// of each engine run is its own. Modes (the argument is one JSON object):
//
//   {"mode":"write","n":N,"dir":D}   the office export of N subjects (bench/office.ts: Chinese headers,
//        1 % damaged rows, a ledger) as D/subjects.csv + D/ledger.csv, and D/subjects.parquet read from that
//        CSV by the SQL runner's own CSV reader (lines it cannot split stay out of the Parquet; counted).
//   {"mode":"run","engine":"js"|"duckdb"|"spark","dir":D,"input":"csv"|"parquet","n":N,"out":"csv"|"parquet"}
//        decides the file with one engine, as `policy batch` does; prints time, rows, rejects, RSS samples.
//   {"mode":"reference","n":N,"every":K}   walks the rows the export was written from (no file is read):
//        the reference evaluator (validateFacts + evaluate) on every K-th undamaged subject, and the
//        hand-written evaluator (bench/handwritten.ts) on every undamaged subject: per-benefit totals.
//   {"mode":"totals","file":F,"every":K}   per-benefit totals of an engine's output (CSV, Parquet or a
//        directory of Spark parts), over all rows and over the subjects whose row number is a multiple of K.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { officeRows, writeOfficeFiles, ID_COLUMN } from './office.ts';
import { AS_OF, PARAMS } from './population.ts';
import { loadAvgNow } from './machine.ts';
import { ROOT, hw, loadReference } from './impls.ts';
import { openDuckDB } from '../compiler/sql/duckdb.ts';
import { duckCsv } from '../compiler/sql/run.ts';
import { duckdb } from '../compiler/sql/dialect.ts';

/** Per benefit: eligible subjects, undetermined subjects, the sum of amounts in fen (a decimal string: exact at any size). */
export type Totals = Record<string, { eligible: number; undetermined: number; fen: string }>;

export interface RunResult {
  engine: 'js' | 'duckdb' | 'spark';
  input: 'csv' | 'parquet';
  n: number;
  /** Rows in the input file (the Parquet file lacks the CSV lines its reader could not split). */
  inputRows: number;
  seconds: number;
  rowsPerSecond: number;
  results: number;
  rejected: number;
  /** Subjects decided (JS engine: evaluated rows). */
  decided?: number;
  /** maxRSS of this process, MiB (DuckDB and the JS workers run inside it; the Spark JVM is measured by the parent). */
  ownPeakRssMiB: number;
  /** RSS sampled every 250 ms (JS engine): at 10 %, 50 % and 100 % of the rows. */
  rssAt?: { at: number; mib: number }[];
  outFile: string;
  load: [number, number];
  /** --max-old-space-size of the run (JS engine), when capped. */
  heapCapMiB?: number;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as {
  mode: 'write' | 'run' | 'reference' | 'totals';
  n: number;
  dir: string;
  engine?: 'js' | 'duckdb' | 'spark';
  input?: 'csv' | 'parquet';
  out?: 'csv' | 'parquet';
  every?: number;
  file?: string;
};
const POLICY = join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy');
const say = (s: string) => process.stderr.write(`  [scale] ${s}\n`);
const mib = (p: string) => statSync(p).size / 2 ** 20;

async function write() {
  const csv = join(cfg.dir, 'subjects.csv');
  const w = await writeOfficeFiles(cfg.n, csv, join(cfg.dir, 'ledger.csv'), 0.01);
  const pq = join(cfg.dir, 'subjects.parquet');
  const db = await openDuckDB();
  try {
    // A warehouse's Parquet: every column as exported (text), the bad values included; a line the CSV reader
    // cannot split into the header's columns has no place in a table and is left out (counted here).
    await db.run(`COPY (SELECT * FROM ${duckCsv(csv, true)}) TO ${duckdb.str(pq)} (FORMAT parquet)`);
    const n = await db.all(`SELECT count(*) AS n FROM read_parquet(${duckdb.str(pq)})`);
    return { ...w, parquetRows: Number(n[0]!['n']), csvMiB: mib(csv), parquetMiB: mib(pq), ledgerMiB: mib(join(cfg.dir, 'ledger.csv')) };
  } finally {
    db.close();
  }
}

async function run(): Promise<RunResult> {
  const engine = cfg.engine!;
  const input = join(cfg.dir, `subjects.${cfg.input}`);
  const ext = cfg.out ?? 'csv';
  const out = join(cfg.dir, `results-${engine}-${cfg.input}.${ext}`);
  const ledger = join(cfg.dir, 'ledger.csv');
  const inputRows = cfg.input === 'csv' ? cfg.n : await (async () => {
    const db = await openDuckDB();
    try {
      return Number((await db.all(`SELECT count(*) AS n FROM read_parquet(${duckdb.str(input)})`))[0]!['n']);
    } finally {
      db.close();
    }
  })();
  const load0 = loadAvgNow();
  const t0 = performance.now();
  let results = 0;
  let rejected = 0;
  let decided: number | undefined;
  let rssAt: RunResult['rssAt'];
  if (engine === 'js') {
    const { runBatch } = await import('../compiler/batch/run.ts');
    const samples: { rows: number; mib: number }[] = [];
    let rows = 0;
    const timer = setInterval(() => samples.push({ rows, mib: process.memoryUsage().rss / 2 ** 20 }), 250);
    const r = await runBatch({
      policyText: readFileSync(POLICY, 'utf8'),
      subjects: input,
      ledger,
      out,
      id: ID_COLUMN,
      asOf: AS_OF,
      params: { ...PARAMS },
      jobs: availableParallelism(),
      lang: 'zh',
      progress: {
        mode: 'lines',
        lineInterval: 20_000,
        sink: {
          write: (s: string) => {
            rows = Number(/^([\d,]+)/.exec(s)?.[1]?.replaceAll(',', '') ?? rows);
            return process.stderr.write(`  [js] ${s}`);
          },
        },
      },
    });
    clearInterval(timer);
    const at = (frac: number) => {
      const s = samples.find((x) => x.rows >= frac * inputRows) ?? samples.at(-1);
      return { at: frac, mib: s ? Math.round(s.mib) : 0 };
    };
    rssAt = [at(0.1), at(0.5), at(1)];
    results = r.tally.results;
    rejected = r.tally.rejected;
    decided = r.tally.evaluated;
  } else {
    const { compile } = await import('../compiler/index.ts');
    const { parseDecimal } = await import('../compiler/rational.ts');
    const model = compile(readFileSync(POLICY, 'utf8')).model;
    const params = Object.fromEntries(Object.entries(PARAMS).map(([k, v]) => [k, parseDecimal(v)!]));
    const o = { engine, input, ledger, out, asOf: AS_OF, params, id: ID_COLUMN } as const;
    if (engine === 'duckdb') {
      const { runDuckDB } = await import('../compiler/sql/run.ts');
      const r = await runDuckDB(model, o);
      results = r.rows;
      rejected = r.rejected;
    } else {
      const { runSpark } = await import('../compiler/sql/run.ts');
      const db = await openDuckDB();
      const cols = async (sql: string) => (await db.all(`DESCRIBE SELECT * FROM ${sql}`)).map((r) => String(r['column_name']));
      const columns = await cols(cfg.input === 'csv' ? duckCsv(input) : `read_parquet(${duckdb.str(input)})`);
      const ledgerColumns = await cols(duckCsv(ledger));
      db.close();
      const r = await runSpark(model, o, columns, ledgerColumns);
      results = r.rows;
      rejected = r.rejected;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    engine,
    input: cfg.input!,
    n: cfg.n,
    inputRows,
    seconds,
    rowsPerSecond: inputRows / seconds,
    results,
    rejected,
    ...(decided !== undefined && { decided }),
    ownPeakRssMiB: process.resourceUsage().maxRSS / 1024,
    ...(rssAt && { rssAt }),
    outFile: out,
    load: [load0, loadAvgNow()],
  };
}

const fenOf = (amount: string | null | undefined): bigint => (amount ? BigInt(amount.replace('.', '')) : 0n);

/**
 * The reference totals of a population are the same for every engine run over it: they are cached in the temporary
 * folder, keyed by size, sample and the last commit of what decides a subject (git), so a second section does not decide the same
 * million subjects again.
 */
async function cachedReference() {
  let tree = '';
  try {
    // What decides a subject: the grammar, the checker, the decision IR and the evaluator with its inputs.
    const paths = 'grammar compiler/check compiler/decision compiler/evaluate.ts compiler/facts.ts compiler/ledger.ts compiler/rational.ts compiler/model.ts compiler/index.ts policies bench/population.ts bench/office.ts';
    tree = execSync(`git log -1 --format=%H -- ${paths}`, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (execSync(`git status --porcelain -- ${paths}`, { cwd: ROOT, encoding: 'utf8' }).trim()) tree = '';
  } catch {
    tree = '';
  }
  const file = tree ? join(tmpdir(), `policy-scale-ref-${cfg.n}-${cfg.every ?? 1}-${tree.slice(0, 12)}.json`) : undefined;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Awaited<ReturnType<typeof reference>>;
  const r = await reference();
  if (file) writeFileSync(file, JSON.stringify(r));
  return r;
}

async function reference() {
  const every = cfg.every ?? 1;
  const ref = await loadReference();
  const sample: Record<string, { eligible: number; undetermined: number; fen: bigint }> = {};
  const all: Record<string, { eligible: number; undetermined: number; fen: bigint }> = {};
  const add = (t: typeof sample, id: string, status: string, fen: bigint) => {
    const x = (t[id] ??= { eligible: 0, undetermined: 0, fen: 0n });
    if (status === 'eligible') {
      x.eligible++;
      x.fen += fen;
    } else if (status === 'undetermined') x.undetermined++;
  };
  let sampled = 0;
  let undamaged = 0;
  const t0 = performance.now();
  for (const row of officeRows(cfg.n, 0.01)) {
    if (row.damage) continue;
    undamaged++;
    for (const d of hw(row.subject)) add(all, d.id, d.status, BigInt(d.fen));
    if (row.i % every !== 0) continue;
    sampled++;
    const decision = ref(row.subject);
    // Benefits not for the subject's type are ineligible (P4001): they add nothing to the totals.
    for (const b of decision.benefits) add(sample, b.id, b.status, fenOf(b.amount));
    if (sampled % 100_000 === 0) say(`reference: ${sampled.toLocaleString('en')} subjects, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const str = (t: typeof sample): Totals => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, { ...v, fen: v.fen.toString() }]));
  return { n: cfg.n, every, sampled, undamaged, sample: str(sample), handwritten: str(all), seconds: (performance.now() - t0) / 1000 };
}

async function totals() {
  const every = cfg.every ?? 1;
  const f = cfg.file!;
  const parts = existsSync(f) && statSync(f).isDirectory() ? readdirSync(f).filter((x) => !x.startsWith('.') && !x.startsWith('_')).map((x) => join(f, x)) : [f];
  const isPq = parts[0]!.endsWith('.parquet');
  const src = isPq
    ? `read_parquet([${parts.map((p) => duckdb.str(p)).join(', ')}])`
    : `read_csv([${parts.map((p) => duckdb.str(p)).join(', ')}], header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
  const db = await openDuckDB();
  try {
    const q = (where: string) =>
      db.all(
        `SELECT benefit, count(*) FILTER (WHERE status = 'eligible') AS eligible, count(*) FILTER (WHERE status = 'undetermined') AS undetermined, ` +
          `CAST(coalesce(sum(CAST(amount AS DECIMAL(38,2))) FILTER (WHERE status = 'eligible'), 0) * 100 AS HUGEINT) AS fen, count(DISTINCT id) AS subjects FROM ${src} ${where} GROUP BY benefit`,
      );
    const shape = (rows: Record<string, unknown>[]): Totals => Object.fromEntries(rows.map((r) => [String(r['benefit']), { eligible: Number(r['eligible']), undetermined: Number(r['undetermined']), fen: String(r['fen']) }]));
    const all = await q('');
    const sample = every > 1 ? await q(`WHERE CAST(substr(id, 9) AS BIGINT) % ${every} = 0`) : all;
    const subjects = await db.all(`SELECT count(DISTINCT id) AS n FROM ${src}`);
    return { every, all: shape(all), sample: shape(sample), subjects: Number(subjects[0]!['n']) };
  } finally {
    db.close();
  }
}

const result = cfg.mode === 'write' ? await write() : cfg.mode === 'run' ? await run() : cfg.mode === 'reference' ? await cachedReference() : await totals();
process.stdout.write(JSON.stringify(result) + '\n');
