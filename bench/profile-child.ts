// A workload to profile (run.ts starts it under `node --cpu-prof`):
//   gen FILE   the generated evaluator over 200,000 subjects
//   compile N R  compile() + emitTypeScript() of a synthetic policy of N benefits, R times
import { compile } from '../compiler/index.ts';
import { emitTypeScript } from '../compiler/emit/index.ts';
import { loadGenerated } from './impls.ts';
import { chunksOf, generateChunk } from './population.ts';
import { synthPolicy } from './synth.ts';

const [mode, arg, n] = process.argv.slice(2);
if (mode === 'gen') {
  const { gen } = await loadGenerated(arg!);
  let sink = 0;
  for (const [i, size] of chunksOf(Number(n ?? 200_000))) for (const s of generateChunk(i, size)) sink += gen(s).total.length;
  process.stdout.write(`${sink}\n`);
} else {
  const text = synthPolicy(Number(arg));
  for (let i = 0; i < Number(n ?? 1); i++) emitTypeScript(compile(text).model);
}
