// One measuring process of the `policy batch` benchmark (spawned by run.ts, so
// its peak memory is its own): writes an office CSV export of n subjects with
// a ledger (bench/office.ts, 1 % malformed rows; not timed), then runs the
// batch engine CSV → CSV on every core and prints one JSON line: rows, time,
// rows per second, peak RSS of the process (worker threads included: they
// are threads of this process), and RSS sampled every 250 ms.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { writeOfficeFiles, ID_COLUMN } from './office.ts';
import { AS_OF, PARAMS } from './population.ts';
import { loadAvgNow } from './machine.ts';
import { runBatch } from '../compiler/batch/run.ts';
import { ROOT } from './impls.ts';

export interface BatchBenchResult {
  n: number;
  jobs: number;
  inputMiB: number;
  outputMiB: number;
  seconds: number;
  rowsPerSecond: number;
  evaluated: number;
  rejected: number;
  results: number;
  /** process.resourceUsage().maxRSS, MiB. */
  peakRssMiB: number;
  /** RSS sampled during the run, MiB: at 10 %, 50 % and 100 % of the rows. */
  rssAt: { at: number; mib: number }[];
  load: [number, number];
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as { n: number; jobs?: number; write?: string };
if (cfg.write) {
  // The files are written by a process of their own, so the peak RSS measured below is the batch's alone.
  await writeOfficeFiles(cfg.n, join(cfg.write, 'subjects.csv'), join(cfg.write, 'ledger.csv'), 0.01);
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'policy-bench-batch-'));
const subjects = join(dir, 'subjects.csv');
const ledger = join(dir, 'ledger.csv');
process.stderr.write(`  [batch] writing ${cfg.n.toLocaleString('en')} rows…\n`);
const w = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify({ n: cfg.n, write: dir })], { stdio: 'inherit' });
if (w.status !== 0) throw new Error('writing the office files failed');
const load0 = loadAvgNow();
const jobs = cfg.jobs ?? availableParallelism();
const samples: { rows: number; mib: number }[] = [];
let rows = 0;
const timer = setInterval(() => samples.push({ rows, mib: process.memoryUsage().rss / 2 ** 20 }), 250);
const result = await runBatch({
  policyText: readFileSync(join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy'), 'utf8'),
  subjects,
  ledger,
  out: join(dir, 'results.csv'),
  id: ID_COLUMN,
  asOf: AS_OF,
  params: { ...PARAMS },
  jobs,
  progress: {
    mode: 'lines',
    lineInterval: 10_000,
    sink: {
      write: (s: string) => {
        rows = Number(/^([\d,]+)/.exec(s)?.[1]?.replaceAll(',', '') ?? rows);
        return process.stderr.write(`  [batch] ${s}`);
      },
    },
  },
});
clearInterval(timer);
const at = (frac: number) => {
  const s = samples.find((x) => x.rows >= frac * cfg.n) ?? samples.at(-1);
  return { at: frac, mib: s ? Math.round(s.mib) : 0 };
};
const out: BatchBenchResult = {
  n: cfg.n,
  jobs,
  inputMiB: statSync(subjects).size / 2 ** 20,
  outputMiB: statSync(join(dir, 'results.csv')).size / 2 ** 20,
  seconds: result.seconds,
  rowsPerSecond: cfg.n / result.seconds,
  evaluated: result.tally.evaluated,
  rejected: result.tally.rejected,
  results: result.tally.results,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  rssAt: [at(0.1), at(0.5), at(1)],
  load: [load0, loadAvgNow()],
};
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify(out) + '\n');
