// One process of the "check + build of 10,000 benefits" measurement of bench/frontend.ts: compile() and the
// TypeScript module as `policy build` emits it, under the interrupt budget the CLI sets, with Node's default flags.
// `from: "bundle"` runs the code the command runs — the esbuild bundle compiler/load.js loads (cli.cjs through
// node:vm and its code cache), whose `compile` and `emitTypeScript` exports are the ones compiler/cli/build.ts
// calls; `from: "sources"` runs the TypeScript sources through tsx, for comparison (bench/frontend.ts interleaves
// both). Prints one JSON line: per measured run wall and CPU ms of check and build, and the minor / major
// collections seen.
//
//   node --import tsx bench/build-child.ts '{"benefits":10000,"runs":2,"from":"bundle"}'
import { setFlagsFromString } from 'node:v8';
import { PerformanceObserver, constants } from 'node:perf_hooks';

// As compiler/bin.js sets it for every command, before the compiler is compiled.
setFlagsFromString('--interrupt-budget=1081344');

const { benefits, runs, from } = JSON.parse(process.argv[2] ?? '{}') as { benefits: number; runs: number; from: 'bundle' | 'sources' };
type FrontEnd = { compile: typeof import('../compiler/index.ts').compile; emitTypeScript: typeof import('../compiler/emit/index.ts').emitTypeScript };
const frontEnd = async (): Promise<FrontEnd> => {
  if (from === 'sources') return { ...(await import('../compiler/index.ts')), ...(await import('../compiler/emit/index.ts')) };
  if (from !== 'bundle') throw new Error(`from: "bundle" or "sources", not ${JSON.stringify(from)}`);
  // @ts-expect-error compiler/load.js is JavaScript without declarations
  const { load } = (await import('../compiler/load.js')) as { load(entry: string): Promise<FrontEnd> };
  const cli = await load('cli');
  if (typeof cli.compile !== 'function' || typeof cli.emitTypeScript !== 'function') throw new Error('the bundle does not export compile / emitTypeScript');
  return cli;
};
const { compile, emitTypeScript } = await frontEnd();
const { synthPolicy } = await import('./synth.ts');

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let minor = 0;
let major = 0;
let counting = false;
const obs = new PerformanceObserver((list) => {
  if (!counting) return;
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minor++;
    else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
  }
});
obs.observe({ entryTypes: ['gc'] });

const big = synthPolicy(benefits);
/** The module as `policy build` emits it (compiler/cli/build.ts: the same options). */
const emitModule = (c: ReturnType<typeof compile>) => emitTypeScript(c.model, { sourceName: 'bench.policy' });
emitModule(compile(big));
const out = { checkMs: [] as number[], buildMs: [] as number[], checkCpu: [] as number[], buildCpu: [] as number[], minor: 0, major: 0, runs };
counting = true;
for (let r = 0; r < runs; r++) {
  const c0 = cpuMs();
  const t0 = performance.now();
  const c = compile(big);
  const t1 = performance.now();
  const c1 = cpuMs();
  emitModule(c);
  out.checkMs.push(t1 - t0);
  out.buildMs.push(performance.now() - t1);
  out.checkCpu.push(c1 - c0);
  out.buildCpu.push(cpuMs() - c1);
}
// gc entries are delivered asynchronously: let them arrive before counting.
await new Promise((r) => setTimeout(r, 50));
counting = false;
out.minor = minor;
out.major = major;
obs.disconnect();
process.stdout.write(JSON.stringify(out) + '\n');
