// A/B of two generated evaluators' `evaluate()` with reasons (issue #14), in one process: chunk by chunk, the same
// subjects through A and B back to back, in alternating order, each result read whole (bench/read.ts), CPU time of
// each side summed; prints B/A per round and the median. For judging a change to the emitter or its runtime on a
// shared machine, where two separate runs differ more than the change does.
//
//   node --import tsx bench/eval-ab.ts A.ts B.ts [N=50000] [ROUNDS=7]
import { loadGenerated } from './impls.ts';
import { chunksOf, generateChunk, type Subject } from './population.ts';
import { median } from './stats.ts';

const [fa, fb] = process.argv.slice(2, 4) as [string, string];
const n = Number(process.argv[4] ?? 50_000);
const rounds = Number(process.argv[5] ?? 7);
const a = (await loadGenerated(fa)).gen;
const b = (await loadGenerated(fb)).gen;
// A reader of its own for each side (a module instance each), so the shapes of one side's results do not make the
// other's reads polymorphic.
type Read = typeof import('./read.ts').readDecision;
const readA = ((await import('./read.ts?a' as string)) as { readDecision: Read }).readDecision;
const readB = ((await import('./read.ts?b' as string)) as { readDecision: Read }).readDecision;
const chunks: Subject[][] = chunksOf(n).map(([i, size]) => generateChunk(i, size));
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
let sink = 0;
const run = (g: typeof a, chunk: Subject[]): number => {
  const read = g === a ? readA : readB;
  const c = cpu();
  for (let i = 0; i < chunk.length; i++) sink += read(g(chunk[i]!) as never);
  return cpu() - c;
};
for (const chunk of chunks) run(a, chunk), run(b, chunk);
const ratios: number[] = [];
for (let r = 0; r < rounds; r++) {
  let ta = 0;
  let tb = 0;
  chunks.forEach((chunk, k) => {
    if ((k + r) % 2 === 0) (ta += run(a, chunk)), (tb += run(b, chunk));
    else (tb += run(b, chunk)), (ta += run(a, chunk));
  });
  ratios.push(tb / ta);
  process.stdout.write(`round ${r + 1}: A ${(ta / n).toFixed(3)} µs, B ${(tb / n).toFixed(3)} µs per subject, B/A ${(tb / ta).toFixed(3)}\n`);
}
process.stdout.write(`median B/A ${median(ratios).toFixed(3)} (sink ${sink % 10})\n`);
