// (scratch) quick timing of evaluate() and the fast path vs hand-written, CPU time, interleaved chunks.
import { hw, loadGenerated, writeGenerated } from './impls.ts';
import { generateChunk } from './population.ts';
const N = Number(process.env['N'] ?? 40000);
const file = process.env['GEN'] ?? (await writeGenerated());
const { gen, fast } = await loadGenerated(file);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let sink = 0;
const chunks = Array.from({ length: N / 10000 }, (_, i) => generateChunk(i, 10000));
for (const s of chunks[0]!.slice(0, 5000)) { sink += gen(s).total.length + hw(s).length; sink += fast.decide(fast.prepare(s)).length; }
const ratios: number[] = []; let genMs = 0, hwMs = 0, fastMs = 0; const fr: number[] = [];
for (let r = 0; r < 3; r++) for (const chunk of chunks) {
  let c = cpu(); for (const s of chunk) sink += hw(s).length; const h = cpu() - c; hwMs += h;
  c = cpu(); for (const s of chunk) sink += gen(s).total.length; const g = cpu() - c; genMs += g;
  const prepared = chunk.map(fast.prepare);
  c = cpu(); for (const p of prepared) sink += fast.decide(p).length; const f = cpu() - c; fastMs += f;
  ratios.push(h / g); fr.push(h / f);
}
const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
const n = N * 3;
console.log(JSON.stringify({ file, evaluateUs: (genMs * 1000) / n, fastUs: (fastMs * 1000) / n, hwUs: (hwMs * 1000) / n, evalVsHw: med(ratios), fastVsHw: med(fr), sink: sink % 7 }));
