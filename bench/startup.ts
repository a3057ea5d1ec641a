// Start-up of whole processes, as a user meets it: `policy check` on the seed
// policy, and the language server answering `initialize`, each against
// `node -e 0` measured in the same run, interleaved round by round so load
// changes hit all three alike. The ratio (median of per-round ratios) is the
// figure; absolute times depend on the machine and its load.
//
//   node --import tsx bench/startup.ts   # measure and rewrite the start-up section of bench/RESULTS.md
// `npm run bench` runs the same measurement and writes the same section.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED = join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy');

export interface StartupResult {
  rounds: number;
  /** Wall-clock milliseconds per round. */
  node: number[];
  check: number[];
  lsp: number[];
  load: [number, number];
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

function timeProcess(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const t = ms(t0);
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return t;
}

/** Spawns `policy-lsp --stdio`, sends `initialize`, and returns the milliseconds until its answer. */
function timeLspInitialize(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(process.execPath, [join(ROOT, 'lsp/bin.js'), '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'ignore'] });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    p.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    let buf = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      if (/"id":1[,}]/.test(buf) && buf.includes('"result"')) {
        const t = ms(t0);
        p.kill();
        resolve(t);
      }
    });
    p.on('error', reject);
    setTimeout(() => {
      p.kill();
      reject(new Error('the language server did not answer initialize in 60 s'));
    }, 60_000);
  });
}

const loadAvg = (): number => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

export async function measureStartup(rounds = 15): Promise<StartupResult> {
  // A first start builds the bundle if it is missing or stale; that is install time, not start-up.
  timeProcess([join(ROOT, 'compiler/bin.js'), 'check', SEED]);
  const load0 = loadAvg();
  const r: StartupResult = { rounds, node: [], check: [], lsp: [], load: [load0, 0] };
  for (let i = 0; i < rounds; i++) {
    r.node.push(timeProcess(['-e', '0']));
    r.check.push(timeProcess([join(ROOT, 'compiler/bin.js'), 'check', SEED]));
    r.lsp.push(await timeLspInitialize());
  }
  r.load[1] = loadAvg();
  return r;
}

const ratios = (a: number[], b: number[]) => a.map((x, i) => x / b[i]!);
const f = (x: number, d = 2) => x.toFixed(d);

export function startupSection(r: StartupResult): string[] {
  const checkRatio = median(ratios(r.check, r.node));
  const lspRatio = median(ratios(r.lsp, r.node));
  const row = (what: string, xs: number[], ratio?: number) =>
    `| ${what} | ${f(median(xs), 0)} ms (${f(Math.min(...xs), 0)}–${f(Math.max(...xs), 0)}) | ${ratio === undefined ? '1×' : `${f(ratio)}×`} | ${ratio === undefined ? '' : ratio <= 3 ? '✓ ≤ 3×' : '✗ > 3×'} |`;
  return [
    '<!-- startup:begin -->',
    '## Start-up (whole processes)',
    '',
    `Wall time of whole processes started ${r.rounds} times each, interleaved round by round; the ratio is the median of the per-round ratios to \`node -e 0\` (target ≤ 3×). Load average ${f(r.load[0])} → ${f(r.load[1])}. The commands run the bundle that \`npm install\` builds (compiler/load.js: one CommonJS file compiled with a V8 code cache, under a raised interrupt budget); before it, every start transpiled the TypeScript sources with tsx (about 1.9 s of wall and 3.1 s of CPU for \`policy check\`, against 0.12 s for \`node -e 0\`: 16×).`,
    '',
    '| Process | Wall time, median (min–max) | Ratio to node -e 0 | Target |',
    '|---|---|---|---|',
    row('`node -e 0`', r.node),
    row('`policy check` on the seed policy', r.check, checkRatio),
    row('`policy-lsp --stdio` answering `initialize`', r.lsp, lspRatio),
    '',
    'Measured with `node --import tsx bench/startup.ts` (or `npm run bench`).',
    '<!-- startup:end -->',
  ];
}

/** Replaces (or appends) the start-up section of bench/RESULTS.md. */
export function writeStartupSection(r: StartupResult, file = join(ROOT, 'bench/RESULTS.md')): void {
  const section = startupSection(r).join('\n');
  let text = readFileSync(file, 'utf8');
  const a = text.indexOf('<!-- startup:begin -->');
  const b = text.indexOf('<!-- startup:end -->');
  if (a >= 0 && b > a) text = text.slice(0, a) + section + text.slice(b + '<!-- startup:end -->'.length);
  else text = text.trimEnd() + '\n\n' + section + '\n';
  writeFileSync(file, text);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await measureStartup(Number(process.env['STARTUP_ROUNDS'] ?? 15));
  writeStartupSection(r);
  process.stdout.write(startupSection(r).join('\n') + '\n');
}
