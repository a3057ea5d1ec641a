// One measuring process of the evaluator benchmark (spawned by run.ts, so each
// variant's peak memory is its own). Prints one JSON line on stdout.
//
//   agree  {generatedFile, n, jreN, traceN}   the agreement check
//   time   {variant, generatedFile, n, runs}  timing of one variant against the hand-written baseline
//
// Timing: the population is generated chunk by chunk outside the timed
// sections; within each chunk the hand-written baseline and the variant run
// back to back over the same subjects, so both see the same machine load. A
// run is one pass over the n subjects; the ratio of a run is baseline time /
// variant time (the variant's throughput as a fraction of hand-written code).
import { loadAvgNow, memoryNow, type MemoryPeak } from './machine.ts';
import { checkAgreement } from './agree.ts';
import { hw, loadGenerated, loadJre, loadReference } from './impls.ts';
import { chunksOf, generateChunk, type Subject } from './population.ts';
import { now } from './stats.ts';
import { readCompact, readDecision, readHw } from './read.ts';

export type Variant = 'hw' | 'gen-fast' | 'gen' | 'gen-trace' | 'ref' | 'ref-trace' | 'jre';

export interface TimeRun {
  baselineMs: number;
  variantMs: number;
  /** The same sections in CPU time of this process (user + system): less disturbed by other processes on a busy machine. */
  baselineCpuMs?: number;
  variantCpuMs?: number;
  /** json-rules-engine only: the generated evaluator over the same subjects, same run. */
  genMs?: number;
  /** Per chunk: baseline time / variant time over the same subjects, back to back (CPU and wall). */
  chunkRatiosCpu?: number[];
  chunkRatiosWall?: number[];
}

export interface TimeResult {
  variant: Variant;
  n: number;
  runs: TimeRun[];
  memory: MemoryPeak;
  load: [number, number];
}

const cfg = JSON.parse(process.argv[3] ?? '{}') as {
  variant?: Variant;
  generatedFile: string;
  n: number;
  runs?: number;
  jreN?: number;
  traceN?: number;
};
/** CPU time of this process so far, ms. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const log = (m: string) => process.stderr.write(`  [${cfg.variant ?? 'agree'}] ${m}\n`);

async function agree(): Promise<void> {
  const { module, gen, fast } = await loadGenerated(cfg.generatedFile);
  const ref = await loadReference();
  const jre = await loadJre();
  const t0 = now();
  const a = await checkAgreement(
    module.policy.benefits.map((b) => b.id),
    gen,
    fast,
    ref,
    jre,
    cfg.n,
    cfg.jreN ?? 10_000,
    cfg.traceN ?? 10_000,
  );
  process.stdout.write(JSON.stringify({ ...a, totals: [...a.totals], seconds: (now() - t0) / 1000 }) + '\n');
}

type Sync = (s: Subject) => unknown;

async function time(): Promise<void> {
  const variant = cfg.variant!;
  const load0 = loadAvgNow();
  let sync: Sync | undefined;
  /** gen-fast: subjects are prepared (checked once, typed) outside the timed sections, as a caller of the fast path does. */
  let prepare: ((s: Subject) => object) | undefined;
  let decide: ((p: object) => number) | undefined;
  let gen: Sync | undefined;
  let jre: ((s: Subject) => Promise<unknown>) | undefined;
  // The sink keeps every result observed, so no call can be optimised away; every field of every result is read
  // (bench/read.ts), by the hand-written code's caller as by the variant's, so no work can hide behind a field unread.
  let sink = 0;
  if (variant === 'hw') sync = (s) => readHw(hw(s));
  else if (variant === 'gen-fast') {
    const f = (await loadGenerated(cfg.generatedFile)).fast;
    prepare = f.prepare;
    decide = (p) => readCompact(f.decide(p));
  }
  else if (variant === 'gen' || variant === 'gen-trace' || variant === 'jre') {
    const g = (await loadGenerated(cfg.generatedFile)).gen;
    const trace = variant === 'gen-trace';
    sync = (s) => readDecision(g(s, trace));
    if (variant === 'jre') {
      gen = sync;
      sync = undefined;
      const j = await loadJre();
      jre = async (s) => (await j(s)).length;
    }
  } else {
    const r = await loadReference();
    const trace = variant === 'ref-trace';
    sync = (s) => readDecision(r(s, trace));
  }
  const memory = memoryNow();
  const sample = () => memory.sample();

  // Warm-up (untimed): every implementation over the first subjects, each given its input as the timed sections give
  // it: the JSON subjects of a chunk, and for the fast path the chunk prepared first and kept while it is decided (the
  // engine learns from the warm-up which objects outlive the young generation, and a prepared subject thrown away at
  // once would teach it the opposite of what the timed sections do with them).
  const warm = generateChunk(0, Math.min(cfg.n, 10_000));
  const warmPrepared = prepare && decide ? warm.map(prepare) : undefined;
  for (let k = 0; k < 2; k++)
    for (let i = 0; i < warm.length; i++) {
      const s = warm[i]!;
      sink += readHw(hw(s));
      if (sync) sink += sync(s) as number;
      if (warmPrepared && decide) sink += decide(warmPrepared[i]!);
      if (gen) sink += gen(s) as number;
      if (jre) sink += (await jre(s)) as number;
    }
  sample();

  const runs: TimeRun[] = [];
  for (let r = 0; r < (cfg.runs ?? 5); r++) {
    let baselineMs = 0;
    let variantMs = 0;
    let baselineCpuMs = 0;
    let variantCpuMs = 0;
    let genMs = 0;
    const chunkRatiosCpu: number[] = [];
    const chunkRatiosWall: number[] = [];
    let k = 0;
    for (const [index, size] of chunksOf(cfg.n)) {
      const chunk = generateChunk(index, size);
      const prepared = prepare && decide ? chunk.map(prepare) : undefined;
      let hwCpu = 0;
      let hwWall = 0;
      let vCpu = 0;
      let vWall = 0;
      const baseline = () => {
        const c = cpuNow();
        const t = now();
        for (let i = 0; i < chunk.length; i++) sink += readHw(hw(chunk[i]!));
        hwWall = now() - t;
        hwCpu = cpuNow() - c;
      };
      const variantRun = () => {
        const c = cpuNow();
        const t = now();
        if (sync) for (let i = 0; i < chunk.length; i++) sink += sync(chunk[i]!) as number;
        if (prepared && decide) for (let i = 0; i < prepared.length; i++) sink += decide(prepared[i]!);
        vWall = now() - t;
        vCpu = cpuNow() - c;
      };
      // Interleaved, and in alternating order chunk by chunk, so a change of machine load or a warm cache favours neither side.
      if (sync || prepared) {
        if (k++ % 2 === 0) {
          baseline();
          variantRun();
        } else {
          variantRun();
          baseline();
        }
        chunkRatiosCpu.push(hwCpu / vCpu);
        chunkRatiosWall.push(hwWall / vWall);
      } else baseline();
      baselineMs += hwWall;
      baselineCpuMs += hwCpu;
      variantMs += vWall;
      variantCpuMs += vCpu;
      if (gen) {
        const t = now();
        for (let i = 0; i < chunk.length; i++) sink += gen(chunk[i]!) as number;
        genMs += now() - t;
      }
      if (jre) {
        const t = now();
        for (let i = 0; i < chunk.length; i++) sink += (await jre(chunk[i]!)) as number;
        variantMs += now() - t;
      }
      sample();
    }
    runs.push(gen ? { baselineMs, variantMs, genMs } : { baselineMs, variantMs, baselineCpuMs, variantCpuMs, chunkRatiosCpu, chunkRatiosWall });
    log(
      `run ${r + 1}: baseline ${baselineMs.toFixed(0)} ms, ${variant} ${variantMs.toFixed(0)} ms${gen ? `, generated ${genMs.toFixed(0)} ms` : ''}`,
    );
  }
  const result: TimeResult = { variant, n: cfg.n, runs, memory: memory.peak(), load: [load0, loadAvgNow()] };
  process.stdout.write(JSON.stringify({ ...result, sink: sink % 1000 }) + '\n');
}

if (process.argv[2] === 'agree') await agree();
else await time();
