// A/B of `policy batch --engine duckdb` on an office CSV export (bench/office.ts: Chinese headers, sparse columns, 1 %
// damaged lines, a ledger): the command of checkout A (SQL_AB_A, a git worktree of the commit before a change) and of
// this checkout (B), and B's JS engine on the same files, run in alternation (A, B, JS, then B, JS, A …) so that load
// on a shared machine falls on all three alike. Each run is a process of its own under /usr/bin/time: wall seconds,
// CPU seconds (user + system: DuckDB's threads and the JS engine's workers are threads of the process) and peak RSS;
// the 1-minute load average before each run. Every run's files must equal B's JS engine's, byte for byte.
//
//   SQL_AB_A=/path/to/worktree SQL_AB_N=50000 SQL_AB_RUNS=5 node --import tsx bench/sql-batch-ab.ts
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeOfficeFiles, ID_COLUMN } from './office.ts';
import { AS_OF, PARAMS } from './population.ts';
import { ROOT } from './impls.ts';

const A = process.env['SQL_AB_A'];
const N = Number(process.env['SQL_AB_N'] ?? 50_000);
const RUNS = Number(process.env['SQL_AB_RUNS'] ?? 5);
const dir = process.env['SQL_AB_DIR'] ?? join(tmpdir(), `policy-sql-ab-${N}`);
const POLICY = join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy');

mkdirSync(dir, { recursive: true });
const subjects = join(dir, 'subjects.csv');
const ledger = join(dir, 'ledger.csv');
const params = join(dir, 'params.json');
if (!existsSync(subjects)) await writeOfficeFiles(N, subjects, ledger, 0.01);
writeFileSync(params, JSON.stringify(PARAMS));

interface Run {
  wall: number;
  cpu: number;
  rssMiB: number;
  load: number;
}

function run(root: string, engine: 'duckdb' | 'js', out: string): Run {
  const load = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const args = [join(root, 'compiler/bin.js'), 'batch', POLICY, '--subjects', subjects, '--ledger', ledger, '--id', ID_COLUMN, '--date', AS_OF, '--params', params, '--out', out, '--engine', engine, '--quiet'];
  const r = spawnSync('/usr/bin/time', ['-f', 'AB %e %U %S %M', 'node', ...args], { encoding: 'utf8', cwd: root });
  const m = /AB ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${root} ${engine} failed: ${r.stderr.slice(-2000)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMiB: Math.round(Number(m[4]) / 1024), load };
}

/** R, R.rejects.jsonl and R.summary.json (the companions are named without R's extension) of two runs equal. */
const same = (a: string, b: string) =>
  [(x: string) => x, (x: string) => x.replace(/\.csv$/, '.rejects.jsonl'), (x: string) => x.replace(/\.csv$/, '.summary.json')].every((f) => readFileSync(f(a), 'utf8') === readFileSync(f(b), 'utf8'));
const variants: { name: string; go: () => Run; out: string }[] = [
  ...(A ? [{ name: 'A duckdb', out: join(dir, 'a.csv'), go: () => run(A, 'duckdb', join(dir, 'a.csv')) }] : []),
  { name: 'B duckdb', out: join(dir, 'b.csv'), go: () => run(ROOT, 'duckdb', join(dir, 'b.csv')) },
  { name: 'B js', out: join(dir, 'js.csv'), go: () => run(ROOT, 'js', join(dir, 'js.csv')) },
];
// A first run of each builds the command's bundle (compiler/load.js) if a source changed: not measured.
for (const v of variants) v.go();
const results = new Map<string, Run[]>(variants.map((v) => [v.name, []]));
const differs = new Set<string>();
for (let i = 0; i < RUNS; i++) {
  const order = variants.map((_, k) => variants[(k + i) % variants.length]!);
  for (const v of order) {
    const r = v.go();
    // B must write the JS engine's files; A (an older commit) may not, which is reported.
    if (v.name !== 'B js' && !same(v.out, join(dir, 'js.csv'))) {
      if (v.name.startsWith('B')) throw new Error(`${v.name}: files differ from the JS engine's`);
      differs.add(v.name);
    }
    results.get(v.name)!.push(r);
    console.log(`${v.name}: wall ${r.wall.toFixed(2)} s, cpu ${r.cpu.toFixed(2)} s, rss ${r.rssMiB} MiB, load ${r.load}`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`\n${N} rows, ${RUNS} runs each in alternation, medians (min–max):`);
for (const [name, rs] of results) {
  const f = (k: keyof Run) => `${median(rs.map((r) => r[k])).toFixed(2)} (${Math.min(...rs.map((r) => r[k])).toFixed(2)}–${Math.max(...rs.map((r) => r[k])).toFixed(2)})`;
  console.log(`${name}: wall ${f('wall')} s, cpu ${f('cpu')} s, rss ${median(rs.map((r) => r.rssMiB))} MiB, load ${f('load')}`);
}
console.log(`B's runs wrote the JS engine's files byte for byte${differs.size ? `; ${[...differs].join(', ')} did not` : ''}`);
