// Check + build of the 10,000-benefit synthetic policy (bench/frontend.ts section 2), before and
// after: the front end of an earlier commit and of the working tree, each bundled by esbuild into
// one module and loaded into this one process, run alternately, timed in CPU time (what a loaded
// machine inflates least). It says whether both generate the same TypeScript (a pure speed change
// does; commits apart by features do not); the figures are printed, not written anywhere.
//
//   node --import tsx bench/frontend-ab.ts <base-commit> [benefits=10000] [runs=6]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from '../test/lsp/client.ts';
import { synthPolicy } from './synth.ts';

interface FrontEnd {
  parse(text: string): unknown;
  compile(text: string): { model: unknown; hasErrors: boolean };
  emitTypeScript(model: unknown): string;
}

const [baseRef, benefitsArg, runsArg] = process.argv.slice(2);
if (!baseRef) {
  process.stderr.write('usage: node --import tsx bench/frontend-ab.ts <base-commit> [benefits] [runs]\n');
  process.exit(2);
}
const benefits = Number(benefitsArg ?? 10000);
const runs = Number(runsArg ?? 6);
const dir = mkdtempSync(join(tmpdir(), 'frontend-ab-'));
const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
const base = git('rev-parse', '--short', baseRef);
const tree = join(dir, 'base');
git('worktree', 'add', '--quiet', '--detach', tree, base);

/** One module of the front end of the tree at `root` (its own copy of every module it imports). */
async function bundle(root: string, name: string): Promise<FrontEnd> {
  const entry = join(root, `frontend-ab-entry-${process.pid}.ts`);
  writeFileSync(
    entry,
    "export { parse } from './grammar/index.ts';\nexport { compile } from './compiler/index.ts';\nexport { emitTypeScript } from './compiler/emit/index.ts';\n",
  );
  const out = join(dir, `${name}.mjs`);
  try {
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning', nodePaths: [join(ROOT, 'node_modules')] });
  } finally {
    rmSync(entry, { force: true });
  }
  return (await import(pathToFileURL(out).href)) as FrontEnd;
}

try {
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  const A = await bundle(tree, 'base');
  const B = await bundle(ROOT, 'new');
  const text = synthPolicy(benefits);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  // Warm both, and compare what they build.
  const outs = [A, B].map((L) => {
    const c = L.compile(text);
    if (c.hasErrors) throw new Error('the synthetic policy has errors');
    return L.emitTypeScript(c.model);
  });
  const same = outs[0] === outs[1];
  type Row = { parse: number; check: number; build: number };
  const rows: Record<'base' | 'new', Row[]> = { base: [], new: [] };
  const one = (L: FrontEnd): Row => {
    const p0 = cpu();
    L.parse(text);
    const c0 = cpu();
    const c = L.compile(text);
    const c1 = cpu();
    L.emitTypeScript(c.model);
    return { parse: c0 - p0, check: c1 - c0, build: cpu() - c1 };
  };
  for (let r = 0; r < runs; r++) {
    const order: ['base' | 'new', FrontEnd][] = r % 2 ? [['new', B], ['base', A]] : [['base', A], ['new', B]];
    for (const [k, L] of order) rows[k].push(one(L));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const m = (k: 'base' | 'new', f: (r: Row) => number) => med(rows[k].map(f));
  const total = (r: Row) => r.check + r.build;
  const line = (k: 'base' | 'new') =>
    `${k === 'base' ? `base ${base}` : 'working tree'}: check + build ${m(k, total).toFixed(0)} ms CPU (check ${m(k, (r) => r.check).toFixed(0)}, build ${m(k, (r) => r.build).toFixed(0)}); parse() alone ${m(k, (r) => r.parse).toFixed(0)} ms`;
  const ratio = (f: (r: Row) => number) => (m('new', f) / m('base', f)).toFixed(3);
  process.stdout.write(
    `${benefits} benefits, median of ${runs} alternating runs each, load ${(await import('node:os')).loadavg()[0]!.toFixed(1)}\n${line('base')}\n${line('new')}\n` +
      `after / before: check + build ${ratio(total)}×, check ${ratio((r) => r.check)}×, build ${ratio((r) => r.build)}×, parse() ${ratio((r) => r.parse)}×; ${same ? 'generated TypeScript identical' : `generated TypeScript DIFFERS (${outs[0]!.length} against ${outs[1]!.length} characters): the commits differ by more than speed`}\n`,
  );
} finally {
  git('worktree', 'remove', '--force', tree);
  rmSync(dir, { recursive: true, force: true });
}
