// One process of the "check + build of 10,000 benefits" measurement of bench/frontend.ts: compile() and the
// TypeScript module as `policy build` emits it, under the interrupt budget the CLI sets. bench/frontend.ts starts it
// with Node's default young generation (as `policy build` runs) and, for comparison, with `--max-semi-space-size=64`,
// interleaved. Prints one JSON line: per measured run wall and CPU ms of check and build, and
// the minor / major collections seen.
//
//   node [--max-semi-space-size=64] --import tsx bench/build-child.ts '{"benefits":10000,"runs":2}'
import { setFlagsFromString } from 'node:v8';
import { PerformanceObserver, constants } from 'node:perf_hooks';

// As compiler/bin.js sets it for every command, before the compiler is compiled.
setFlagsFromString('--interrupt-budget=1081344');

const { benefits, runs } = JSON.parse(process.argv[2] ?? '{}') as { benefits: number; runs: number };
const { compile } = await import('../compiler/index.ts');
const { emitTypeScript } = await import('../compiler/emit/index.ts');
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
