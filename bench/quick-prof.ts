// (scratch) profile evaluate() only
import { loadGenerated, writeGenerated } from './impls.ts';
import { generateChunk } from './population.ts';
const file = process.env['GEN'] ?? (await writeGenerated());
const { gen } = await loadGenerated(file);
const chunks = [generateChunk(0, 10000), generateChunk(1, 10000)];
let sink = 0;
for (let r = 0; r < 4; r++) for (const c of chunks) for (const s of c) sink += gen(s).total.length;
console.log(sink);
