// (scratch) A/B of two generated evaluators' evaluate() in one process, interleaved chunk by chunk; plus hw.
import { hw, loadGenerated, writeGenerated } from './impls.ts';
import { generateChunk } from './population.ts';
const N = Number(process.env['N'] ?? 30000);
const A = await loadGenerated(process.env['GEN_A']!);
const B = await loadGenerated(process.env['GEN_B'] ?? (await writeGenerated()));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let sink = 0;
const chunks = Array.from({ length: N / 5000 }, (_, i) => generateChunk(i, 5000));
for (const s of chunks[0]!) { sink += A.gen(s).total.length + B.gen(s).total.length + hw(s).length; }
const ab: number[] = [], ah: number[] = [], bh: number[] = []; let ta = 0, tb = 0, th = 0;
for (let r = 0; r < 3; r++) for (const chunk of chunks) {
  let c = cpu(); for (const s of chunk) sink += hw(s).length; const h = cpu() - c;
  c = cpu(); for (const s of chunk) sink += A.gen(s).total.length; const a = cpu() - c;
  c = cpu(); for (const s of chunk) sink += B.gen(s).total.length; const b = cpu() - c;
  ab.push(a / b); ah.push(h / a); bh.push(h / b); ta += a; tb += b; th += h;
}
const med = (x: number[]) => x.slice().sort((p, q) => p - q)[x.length >> 1]!;
const n = N * 3;
console.log(JSON.stringify({ aUs: (ta * 1000) / n, bUs: (tb * 1000) / n, hwUs: (th * 1000) / n, bFasterThanA: med(ab), aVsHw: med(ah), bVsHw: med(bh), sink: sink % 7 }));
