// The scale benchmark (`npm run bench:scale`, issues #14 and #15), written into
// bench/RESULTS.md between the `scale` markers:
//
//  1. `policy batch` (the JS engine, worker threads on every core), CSV → CSV, over office exports of
//     SCALE_BATCH_N rows (default 100,000 and 1,000,000): rows/s, peak RSS, RSS along the run.
//  2. The policy compiled to SQL on embedded DuckDB over SCALE_SQL_N subjects (default 10,000,000), from CSV
//     and from Parquet, next to the JS engine on the same Parquet file when SCALE_SQL_JS=1.
//  3. Spark local[2] through spark-sql over SCALE_SPARK_N subjects (default 1,000,000) from Parquet.
//
// Every run is checked, not only timed: results + rejects = input rows, and the sums per benefit (eligible
// subjects, undetermined subjects, amount to the fen) equal (a) the reference evaluator's over every
// SCALE_EVERY-th undamaged subject (default: all at ≤ 1,000,000, every 10th above), read from the
// subjects the export was written from, not from the file; (b) the hand-written evaluator's over every
// undamaged subject (an independent count); (c) the other engines' on the same file. The report says so.
//
// Each engine runs in a process of its own (bench/scale-child.ts) under /usr/bin/time, so its peak RSS is
// its own: for Spark that is the JVM's (a descendant of the measuring process).
//   SCALE_ONLY=batch,duckdb,spark   the sections to run (default all)
//   SCALE_FROM=results.json         write the section from a saved run without measuring
//   SCALE_SQL_INPUTS=parquet,csv    the inputs DuckDB is run over in the SQL section (default both)
//   SCALE_SQL_JS=1                  the JS engine (`policy batch`) on the SQL section's Parquet file too
//   SCALE_SQL_TOGETHER=1            with SCALE_SQL_JS: DuckDB and the JS engine over the Parquet file at the
//                                   same time (each in its own process, each measured on its own), so both
//                                   meet the same load on a shared machine and the pair takes one run's time
//   SCALE_LOG=file                  every child's stderr (progress lines) appended to this file as it comes
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './impls.ts';
import { loadAvgNow, machine } from './machine.ts';
import type { RunResult, Totals } from './scale-child.ts';
import { sparkSqlCommand } from '../compiler/sql/run.ts';

const env = process.env;
const list = (v: string | undefined, d: string) => (v ?? d).split(',').filter(Boolean).map(Number);
const BATCH_N = list(env['SCALE_BATCH_N'], '100000,1000000');
const SQL_N = Number(env['SCALE_SQL_N'] ?? 10_000_000);
const SPARK_N = Number(env['SCALE_SPARK_N'] ?? 1_000_000);
const SQL_JS = env['SCALE_SQL_JS'] === '1';
const SQL_INPUTS = (env['SCALE_SQL_INPUTS'] ?? 'parquet,csv').split(',').filter(Boolean) as ('csv' | 'parquet')[];
const SQL_TOGETHER = env['SCALE_SQL_TOGETHER'] === '1';
const LOG = env['SCALE_LOG'];
const ONLY = new Set((env['SCALE_ONLY'] ?? 'batch,duckdb,spark').split(','));
const everyFor = (n: number) => Number(env['SCALE_EVERY'] ?? (n > 1_000_000 ? 10 : 1));
const TMP = env['SCALE_TMP'] ?? tmpdir();
/** SCALE_HEAP=128: the JS engine's runs with V8's old space capped (MiB), to show what memory the batch needs rather than what V8 takes when it may. */
const HEAP = env['SCALE_HEAP'] ? Number(env['SCALE_HEAP']) : undefined;
const say = (s: string) => process.stderr.write(`[scale ${new Date().toISOString().slice(11, 19)} load ${loadAvgNow().toFixed(1)}] ${s}\n`);

interface Timed<T> {
  value: T;
  /** Peak RSS of the largest process of the run (the child or a descendant it waited for), MiB. */
  peakRssMiB: number;
  wallSeconds: number;
}

/** Runs bench/scale-child.ts under /usr/bin/time; its last stdout line is the result. */
function child<T>(cfg: object, nodeArgs: string[] = []): Timed<T> {
  const r = spawnSync('/usr/bin/time', ['-f', 'SCALE_TIME %M %e', process.execPath, ...nodeArgs, '--import', 'tsx', join(ROOT, 'bench/scale-child.ts'), JSON.stringify(cfg)], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const err = r.stderr ?? '';
  const m = /SCALE_TIME (\d+) ([\d.]+)/.exec(err);
  process.stderr.write(err.replace(/SCALE_TIME .*\n?/, '').split('\n').filter((l) => l && !/^\s*\[js\] /.test(l)).slice(-20).map((l) => l + '\n').join(''));
  if (LOG) appendFileSync(LOG, err);
  if (r.status !== 0 || !m) throw new Error(`bench/scale-child.ts ${JSON.stringify(cfg)} failed (exit ${r.status})`);
  const line = r.stdout.trim().split('\n').pop()!;
  return { value: JSON.parse(line) as T, peakRssMiB: Number(m[1]) / 1024, wallSeconds: Number(m[2]) };
}

/** The same as child(), without blocking: two engines can be measured at once, each under its own /usr/bin/time. */
function childAsync<T>(cfg: object, nodeArgs: string[] = []): Promise<Timed<T>> {
  return new Promise((resolve, reject) => {
    const p = spawn('/usr/bin/time', ['-f', 'SCALE_TIME %M %e', process.execPath, ...nodeArgs, '--import', 'tsx', join(ROOT, 'bench/scale-child.ts'), JSON.stringify(cfg)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.length > 1 << 22) err = err.slice(-(1 << 20));
      if (LOG) appendFileSync(LOG, d);
    });
    p.on('error', reject);
    p.on('close', (status) => {
      const m = /SCALE_TIME (\d+) ([\d.]+)/.exec(err);
      process.stderr.write(err.replace(/SCALE_TIME .*\n?/, '').split('\n').filter((l) => l && !/^\s*\[js\] /.test(l)).slice(-20).map((l) => l + '\n').join(''));
      if (status !== 0 || !m) return reject(new Error(`bench/scale-child.ts ${JSON.stringify(cfg)} failed (exit ${status})`));
      const line = out.trim().split('\n').pop()!;
      resolve({ value: JSON.parse(line) as T, peakRssMiB: Number(m[1]) / 1024, wallSeconds: Number(m[2]) });
    });
  });
}

interface Written {
  rows: number;
  malformed: number;
  ledgerRows: number;
  parquetRows: number;
  csvMiB: number;
  parquetMiB: number;
  ledgerMiB: number;
}
interface Reference {
  n: number;
  every: number;
  sampled: number;
  undamaged: number;
  sample: Totals;
  handwritten: Totals;
  seconds: number;
}
interface OutTotals {
  every: number;
  all: Totals;
  sample: Totals;
  subjects: number;
}
export interface ScaleRun {
  section: 'batch' | 'duckdb' | 'spark';
  /** When and at which commit this run was measured (runs of several invocations are kept together). */
  date?: string;
  commit?: string;
  run: RunResult;
  peakRssMiB: number;
  /** Problems found by the checks (empty: every check held). */
  problems: string[];
  checks: string[];
  /** Measured at the same time as the other engine's run marked so (SCALE_SQL_TOGETHER). */
  together?: boolean;
}
export interface ScaleData {
  date: string;
  commit: string;
  host: ReturnType<typeof machine>;
  written: Record<number, Written>;
  runs: ScaleRun[];
}

/** Differences between two tallies (benefits in either), as readable lines. */
function compare(nameA: string, a: Totals, nameB: string, b: Totals): string[] {
  const out: string[] = [];
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[id] ?? { eligible: 0, undetermined: 0, fen: '0' };
    const y = b[id] ?? { eligible: 0, undetermined: 0, fen: '0' };
    if (x.eligible !== y.eligible) out.push(`${id}: eligible ${nameA}=${x.eligible} ${nameB}=${y.eligible}`);
    if (x.undetermined !== y.undetermined) out.push(`${id}: undetermined ${nameA}=${x.undetermined} ${nameB}=${y.undetermined}`);
    if (BigInt(x.fen) !== BigInt(y.fen)) out.push(`${id}: fen ${nameA}=${x.fen} ${nameB}=${y.fen}`);
  }
  return out;
}
const sumFen = (t: Totals) => Object.values(t).reduce((s, x) => s + BigInt(x.fen), 0n);
const sumEligible = (t: Totals) => Object.values(t).reduce((s, x) => s + x.eligible, 0);

/** Runs one engine over the files in `dir` and checks it against the reference and the other engines. */
function measure(section: ScaleRun['section'], dir: string, n: number, w: Written, ref: Reference, engine: RunResult['engine'], input: 'csv' | 'parquet', others: Map<string, OutTotals>): ScaleRun {
  const [cfg, args] = runConfig(section, dir, n, engine, input);
  return check(section, n, w, ref, engine, input, others, child<RunResult>(cfg, args));
}

function runConfig(section: ScaleRun['section'], dir: string, n: number, engine: RunResult['engine'], input: 'csv' | 'parquet'): [object, string[]] {
  say(`${section}: ${engine} over ${n.toLocaleString('en')} subjects from ${input}…`);
  const out = engine === 'spark' ? 'parquet' : input === 'csv' && engine === 'js' ? 'csv' : engine === 'duckdb' && input === 'csv' ? 'csv' : 'parquet';
  const heap = engine === 'js' ? HEAP : undefined;
  return [{ mode: 'run', engine, dir, input, n, out }, heap ? [`--max-old-space-size=${heap}`] : []];
}

/** Checks one engine's finished run against the reference and the other engines' runs. */
function check(section: ScaleRun['section'], n: number, w: Written, ref: Reference, engine: RunResult['engine'], input: 'csv' | 'parquet', others: Map<string, OutTotals>, t: Timed<RunResult>): ScaleRun {
  const heap = engine === 'js' ? HEAP : undefined;
  const run = t.value;
  if (heap) run.heapCapMiB = heap;
  say(`  ${run.seconds.toFixed(1)} s, ${Math.round(run.rowsPerSecond).toLocaleString('en')} rows/s, peak RSS ${Math.round(t.peakRssMiB)} MiB; checking…`);
  const tot = child<OutTotals>({ mode: 'totals', file: run.outFile, every: ref.every }).value;
  rmSync(run.outFile, { recursive: true, force: true });
  const problems: string[] = [];
  const checks: string[] = [];
  const expectRows = input === 'csv' ? n : w.parquetRows;
  const undamagedIn = ref.undamaged;
  // Every input row is in the results (as a decided subject) or in the rejects, exactly once.
  if (tot.subjects + run.rejected !== expectRows) problems.push(`decided subjects ${tot.subjects} + rejects ${run.rejected} ≠ input rows ${expectRows}`);
  else checks.push(`decided ${tot.subjects.toLocaleString('en')} + rejected ${run.rejected.toLocaleString('en')} = ${expectRows.toLocaleString('en')} input rows`);
  if (tot.subjects !== undamagedIn) problems.push(`decided ${tot.subjects} subjects, but ${undamagedIn} rows are undamaged`);
  else checks.push('the decided subjects are exactly the undamaged rows');
  const vsRef = compare(engine, tot.sample, 'reference', ref.sample);
  if (vsRef.length) problems.push(...vsRef.slice(0, 10).map((p) => `reference sample: ${p}`));
  else checks.push(`per-benefit totals equal the reference evaluator's over ${ref.sampled.toLocaleString('en')} subjects${ref.every > 1 ? ` (one in ${ref.every})` : ''}`);
  const vsHw = compare(engine, tot.all, 'hand-written', ref.handwritten);
  if (vsHw.length) problems.push(...vsHw.slice(0, 10).map((p) => `hand-written, all rows: ${p}`));
  else checks.push(`per-benefit totals over all ${tot.subjects.toLocaleString('en')} subjects equal the hand-written evaluator's (${sumEligible(tot.all).toLocaleString('en')} eligible, ${(Number(sumFen(tot.all)) / 100).toLocaleString('en', { minimumFractionDigits: 2 })} yuan)`);
  for (const [name, o] of others) {
    const d = compare(`${engine}/${input}`, tot.all, name, o.all);
    if (d.length) problems.push(...d.slice(0, 5).map((p) => `vs ${name}: ${p}`));
    else checks.push(`equal to ${name} on every benefit`);
  }
  others.set(`${engine}/${input}`, tot);
  for (const p of problems) say(`  ✗ ${p}`);
  for (const c of checks) say(`  ✓ ${c}`);
  return { section, run, peakRssMiB: t.peakRssMiB, problems, checks };
}

/** Writes the files of a population and, at the same time (another process), the reference totals of its subjects. */
async function population(n: number, data: ScaleData, refs: Map<number, Reference>): Promise<{ dir: string; w: Written; ref: Reference }> {
  const dir = mkdtempSync(join(TMP, `policy-scale-${n}-`));
  say(`writing the office export of ${n.toLocaleString('en')} subjects (not timed)…`);
  const writing = childAsync<Written>({ mode: 'write', n, dir });
  let ref = refs.get(n);
  if (!ref) {
    say(`reference totals (one subject in ${everyFor(n)}; hand-written over all)…`);
    ref = (await childAsync<Reference>({ mode: 'reference', n, every: everyFor(n) })).value;
    refs.set(n, ref);
    say(`  ${ref.sampled.toLocaleString('en')} subjects by the reference in ${ref.seconds.toFixed(0)} s`);
  }
  const w = (await writing).value;
  data.written[n] = w;
  return { dir, w, ref };
}

async function main() {
  const host = machine();
  const data: ScaleData = { date: new Date().toISOString(), commit: host.commit, host, written: {}, runs: [] };
  // Runs are kept in bench/scale-results.json: a new run replaces the run of the same engine, input and size,
  // so the sections can be measured by separate invocations (SCALE_ONLY) and reported together.
  const store = env['SCALE_DATA'] ?? join(ROOT, 'bench/scale-results.json');
  const kept: ScaleData | undefined = existsSync(store) ? (JSON.parse(readFileSync(store, 'utf8')) as ScaleData) : undefined;
  const merge = (more: ScaleData) => {
    for (const r of more.runs) {
      r.date ??= more.date;
      r.commit ??= more.commit;
    }
    const key = (r: ScaleRun) => `${r.section}/${r.run.engine}/${r.run.input}/${r.run.n}/${r.run.heapCapMiB ?? ''}`;
    const fresh = new Set(more.runs.map(key));
    return { ...more, written: { ...kept?.written, ...more.written }, runs: [...(kept?.runs ?? []).filter((r) => !fresh.has(key(r))), ...more.runs] };
  };
  const from = env['SCALE_FROM'];
  if (from) Object.assign(data, JSON.parse(readFileSync(from, 'utf8')) as ScaleData);
  else {
    const refs = new Map<number, Reference>();
    const save = () => {
      const f = join(TMP, `policy-scale-${data.date.replace(/[:.]/g, '-')}.json`);
      writeFileSync(f, JSON.stringify(data, null, 1));
      return f;
    };
    if (ONLY.has('batch'))
      for (const n of BATCH_N) {
        const { dir, w, ref } = await population(n, data, refs);
        try {
          data.runs.push(measure('batch', dir, n, w, ref, 'js', 'csv', new Map()));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        say(`saved ${save()}`);
      }
    if (ONLY.has('duckdb')) {
      const { dir, w, ref } = await population(SQL_N, data, refs);
      try {
        const others = new Map<string, OutTotals>();
        if (SQL_JS && SQL_TOGETHER && SQL_INPUTS.includes('parquet')) {
          // Both engines over the same Parquet file at the same time, each in its own measured process.
          const [dc, da] = runConfig('duckdb', dir, SQL_N, 'duckdb', 'parquet');
          const [jc, ja] = runConfig('duckdb', dir, SQL_N, 'js', 'parquet');
          const [d, j] = await Promise.all([childAsync<RunResult>(dc, da), childAsync<RunResult>(jc, ja)]);
          data.runs.push(check('duckdb', SQL_N, w, ref, 'duckdb', 'parquet', others, d));
          data.runs.push(check('duckdb', SQL_N, w, ref, 'js', 'parquet', others, j));
          for (const r of data.runs.slice(-2)) r.together = true;
          say(`saved ${save()}`);
        } else if (SQL_INPUTS.includes('parquet')) {
          data.runs.push(measure('duckdb', dir, SQL_N, w, ref, 'duckdb', 'parquet', others));
          say(`saved ${save()}`);
          if (SQL_JS) data.runs.push(measure('duckdb', dir, SQL_N, w, ref, 'js', 'parquet', others));
          say(`saved ${save()}`);
        }
        if (SQL_INPUTS.includes('csv')) data.runs.push(measure('duckdb', dir, SQL_N, w, ref, 'duckdb', 'csv', new Map()));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      say(`saved ${save()}`);
    }
    if (ONLY.has('spark')) {
      if (!sparkSqlCommand()) say('spark-sql not found (pip install pyspark): Spark skipped');
      else {
        const { dir, w, ref } = await population(SPARK_N, data, refs);
        try {
          data.runs.push(measure('spark', dir, SPARK_N, w, ref, 'spark', 'parquet', new Map()));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        say(`saved ${save()}`);
      }
    }
  }
  const all = merge(data);
  writeFileSync(store, JSON.stringify(all, null, 1) + '\n');
  const section = report(all);
  const path = join(ROOT, 'bench/RESULTS.md');
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const marked = /<!-- scale:start -->[\s\S]*?<!-- scale:end -->\n?/;
  writeFileSync(path, marked.test(old) ? old.replace(marked, section) : old.trimEnd() + '\n\n' + section);
  process.stdout.write(section);
  if (data.runs.some((r) => r.problems.length)) process.exitCode = 1;
}

const fmt = (x: number, d = 0) => x.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Where the JS engine's figure next to DuckDB's comes from when it did not run on the same Parquet file. */
function jsNote(data: ScaleData): string {
  const jsSame = data.runs.find((r) => r.section === 'duckdb' && r.run.engine === 'js');
  // Next to the JS engine: DuckDB over the same file (Parquet, same size).
  const duck =
    data.runs.find((r) => r.section === 'duckdb' && r.run.engine === 'duckdb' && (!jsSame || (r.run.input === jsSame.run.input && r.run.n === jsSame.run.n))) ??
    data.runs.find((r) => r.section === 'duckdb' && r.run.engine === 'duckdb');
  const batch = data.runs.filter((r) => r.section === 'batch').at(-1);
  if (!duck || jsSame)
    return jsSame && duck
      ? `DuckDB / JS engine on the same ${fmt(duck.run.n)}-subject Parquet file: ${(duck.run.rowsPerSecond / jsSame.run.rowsPerSecond).toFixed(2)}× the rows/s${duck.together && jsSame.together ? ` (the two started at the same time, each in its own process under \`/usr/bin/time\`, so they met the same load and shared the 2 cores for the first ${fmt(Math.min(duck.run.seconds, jsSame.run.seconds))} s; ${duck.run.seconds < jsSame.run.seconds ? 'the JS engine' : 'DuckDB'} ran on alone for its last ${fmt(Math.abs(duck.run.seconds - jsSame.run.seconds))} s)` : ''}; peak RSS ${fmt(duck.peakRssMiB)} MiB (DuckDB, \`memory_limit\` ${process.env['DUCKDB_MEMORY_LIMIT'] ?? '1GB'}) against ${fmt(jsSame.peakRssMiB)} MiB (JS).`
      : '';
  if (!batch) return '';
  const hours = duck.run.inputRows / batch.run.rowsPerSecond / 3600;
  return `\`policy batch\` with the JS engine was not run on the ${fmt(duck.run.n)}-subject file (\`SCALE_SQL_JS=1\` does): at its rate in the section above (${fmt(batch.run.rowsPerSecond)} rows/s over ${fmt(batch.run.n)} rows, load ${batch.run.load[0].toFixed(0)}–${batch.run.load[1].toFixed(0)}) it would take about ${hours.toFixed(1)} h here. Side by side at comparable load: DuckDB ${fmt(duck.run.rowsPerSecond)} rows/s against the JS engine's ${fmt(batch.run.rowsPerSecond)}: ${(duck.run.rowsPerSecond / batch.run.rowsPerSecond).toFixed(1)}×; DuckDB's checked tables live in a database file of the run's own and its operators spill past \`memory_limit\`, so its peak RSS is bounded by the limit, not by the input.`;
}

export function report(data: ScaleData): string {
  const h = data.host;
  const row = (r: ScaleRun) => {
    const x = r.run;
    const rss = x.rssAt ? ` (${x.rssAt.map((s) => fmt(s.mib)).join(' / ')})` : '';
    return `| ${x.engine === 'js' ? `\`policy batch\` (JS, 2 workers${x.heapCapMiB ? `, \`--max-old-space-size=${x.heapCapMiB}\`` : ''})` : x.engine === 'duckdb' ? 'DuckDB (`--engine duckdb`)' : 'Spark local[2] (`--engine spark`)'} | ${x.input.toUpperCase()} | ${fmt(x.n)} | ${fmt(x.seconds, 1)} | **${fmt(x.rowsPerSecond)}** | ${fmt(x.results)} | ${fmt(x.rejected)} | **${fmt(r.peakRssMiB)}**${rss} | ${x.load[0].toFixed(1)} → ${x.load[1].toFixed(1)} | ${r.commit ?? ''}, ${(r.date ?? '').slice(5, 16).replace('T', ' ')} | ${r.problems.length ? '✗ ' + r.problems.slice(0, 3).join('; ') : '✓'} |`;
  };
  const head = '| engine | input | subjects | seconds | rows/s | result rows | rejected | peak RSS MiB (10 % / 50 % / 100 %) | load (1 min) start → end | commit, date (UTC) | checks |\n|---|---|---:|---:|---:|---:|---:|---:|---|---|---|';
  const sec = (s: ScaleRun['section']) => data.runs.filter((r) => r.section === s);
  const checks = (rs: ScaleRun[]) => rs.map((r) => `- ${r.run.engine}/${r.run.input}, ${fmt(r.run.n)}: ${r.problems.length ? r.problems.join('; ') : r.checks.join('; ')}.`).join('\n');
  const w = (n: number) => data.written[n];
  const wl = (n: number) => (w(n) ? `${fmt(n)} rows: CSV ${fmt(w(n)!.csvMiB)} MiB with ${fmt(w(n)!.malformed)} damaged rows, ledger ${fmt(w(n)!.ledgerRows)} rows; Parquet ${fmt(w(n)!.parquetMiB)} MiB, ${fmt(w(n)!.parquetRows)} rows` : '');
  const batch = sec('batch');
  const ratio = (cap: number | undefined) => {
    const rs = batch.filter((r) => r.run.heapCapMiB === cap).sort((a, b) => a.run.n - b.run.n);
    if (rs.length < 2) return '';
    const [a, b] = [rs[0]!, rs.at(-1)!];
    return `${cap ? `With V8's old space capped at ${cap} MiB` : "With Node's default heap sizing"}, peak RSS at ${fmt(b.run.n)} rows is ${(b.peakRssMiB / a.peakRssMiB).toFixed(2)}× that at ${fmt(a.run.n)} rows (${(b.run.n / a.run.n).toFixed(0)}× the rows).`;
  };
  const caps = [...new Set(batch.map((r) => r.run.heapCapMiB).filter((x): x is number => !!x))];
  const flat = [ratio(undefined), ...caps.map(ratio)].filter(Boolean).join(' ') + (caps.length ? ' V8 grows its heap lazily when memory is there to take; the capped run shows what the batch needs.' : '');
  const sizes = [...new Set(data.runs.map((r) => r.run.n))];
  return `<!-- scale:start -->
## Scale: \`policy batch\` at 1,000,000 rows, DuckDB at 10,000,000, Spark at 1,000,000 (bench/scale.ts)

\`npm run bench:scale\` (each row says when and at which commit it was measured; the runs are kept in bench/scale-results.json); ${h.cpu}, ${h.cores} cores, ${fmt(h.memoryGiB, 1)} GiB, Node ${h.node}. The machine is shared: the load average (1 min) at the start and end of each run is in the table; on 2 cores, a load of L means each process gets about 2/L of a core.

Input: the office export of bench/office.ts — one CSV with Chinese headers (统一社会信用代码, 申请对象, every fact; per-level counts as \`直接培养人数.技师\` columns; 是/否), about 6 % of facts missing, 1 % damaged rows of eight kinds (bad values, too few fields, stray quotes, unknown subject type, no id, a fact of another type), and a ledger CSV joined on 统一社会信用代码. ${sizes.map(wl).filter(Boolean).join('. ')}. The Parquet file is the CSV as a warehouse would hold it, read by the SQL runner's CSV reader: the lines that reader cannot split into the header's columns have no place in a table and are not in it (every other damaged row is).

Each engine runs in a process of its own under \`/usr/bin/time\`; **peak RSS** is that of the largest process of the run (Node with DuckDB or the JS worker threads inside it; for Spark, the JVM). Rows/s = input rows / wall seconds of the whole run (reading, checking every cell, deciding, writing results and rejects).

### \`policy batch\` (issue #14): CSV → CSV, worker threads on every core

${head}
${batch.map(row).join('\n')}

${flat} RSS along a run (sampled every 250 ms) is in parentheses: memory does not grow with the rows read. What is known per id — the ledger rows of each subject and the first row of each id (a later one is a P3508 reject) — is joined through partition files on disk before the rows are decided (compiler/batch/join.ts) and read back in row order, so memory is set by the chunks in flight, not by the population or the ledger.

Checks:
${checks(batch)}

### The policy compiled to SQL (issue #15): DuckDB and Spark

${head}
${[...sec('duckdb'), ...sec('spark')].map(row).join('\n')}

${jsNote(data)}

Checks:
${checks([...sec('duckdb'), ...sec('spark')])}

How the sums are checked: bench/scale-child.ts walks the subjects the export was written from (deterministic: the same rows, without reading the file) and decides every undamaged one with the hand-written evaluator (bench/handwritten.ts, an independent count) and every k-th one with the reference evaluator (compiler/evaluate.ts after validateFacts, as an API caller would send the facts); per benefit, the eligible count, the undetermined count and the sum of amounts in fen (bigint) must equal those DuckDB computes from the engine's output file (\`sum(CAST(amount AS DECIMAL(38,2)))\`, the sample selected by id). Every damaged row must be a reject and every other row a decided subject.
<!-- scale:end -->
`;
}

await main();
