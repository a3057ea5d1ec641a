// Profiling aid for `evaluate()` with reasons (issue #14): the generated evaluator over N subjects, each result read
// whole (bench/read.ts), as `npm run bench:eval` times it. Run under `node --cpu-prof --import tsx bench/eval-profile.ts
// [N] [FILE]`; prints the CPU µs per subject of the timed loop. `node --import tsx bench/eval-profile.ts summary
// PROFILE.cpuprofile` lists the functions under the timed loop by own and inclusive time (bench/profile.ts).
import { loadGenerated, writeGenerated } from './impls.ts';
import { chunksOf, generateChunk, type Subject } from './population.ts';
import { readDecision } from './read.ts';

if (process.argv[2] === 'summary') {
  const { summarise } = await import('./profile.ts');
  const s = summarise(process.argv[3]!, 'measured', 45);
  for (const x of s.self) process.stdout.write(`self ${(x.share * 100).toFixed(1)}% ${x.name}\n`);
  for (const x of s.inclusive) process.stdout.write(`incl ${(x.share * 100).toFixed(1)}% ${x.name}\n`);
  process.exit(0);
}
const n = Number(process.argv[2] ?? 100_000);
const file = process.argv[3] ?? (await writeGenerated());
const { gen } = await loadGenerated(file);
const subjects: Subject[] = [];
for (const [i, size] of chunksOf(n)) for (const s of generateChunk(i, size)) subjects.push(s);
let sink = 0;
const readWhole = process.env['EVAL_PROFILE_READ'] !== 'total';
function measured(): void {
  if (readWhole) for (let i = 0; i < subjects.length; i++) sink += readDecision(gen(subjects[i]!) as never);
  else for (let i = 0; i < subjects.length; i++) sink += gen(subjects[i]!).total.length;
}
measured();
const runs: number[] = [];
for (let r = 0; r < Number(process.env['EVAL_PROFILE_RUNS'] ?? 3); r++) {
  const c = process.cpuUsage();
  measured();
  const u = process.cpuUsage(c);
  runs.push((u.user + u.system) / subjects.length);
}
process.stdout.write(`µs per subject (CPU): ${runs.map((x) => x.toFixed(3)).join(' ')}; sink ${sink % 1000}\n`);
