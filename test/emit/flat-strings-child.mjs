// Child process of test/emit/flat-strings.test.ts (plain JavaScript, no imports but Node's own): imports a generated
// evaluator built to JavaScript, evaluates the requests of a JSON file, keeps every result, and reports from a V8 heap
// snapshot how the strings reachable from the results are represented — a flat string ("string" in the snapshot),
// or a chain of concatenations ("concatenated string", V8's ConsString) or a slice of another ("sliced string").
//
//   node flat-strings-child.mjs MODULE.mjs REQUESTS.json
//
// Prints one JSON line: { decided, refused, results: { type: count }, offenders: [{ type, text, path }],
// control: { type: count } }. `control` walks a probe holding one string of each representation made on purpose, so
// the test can tell that the walk sees them (else a broken walk would find nothing and pass).
import { getHeapSnapshot } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';

const [modulePath, requestsPath] = process.argv.slice(2);
const gen = await import(pathToFileURL(modulePath).href);
const requests = JSON.parse(readFileSync(requestsPath, 'utf8'));

/** What the walk starts from, found in the snapshot by its class name. */
class FlatStringsResults {
  constructor(results) {
    this.results = results;
  }
}
class FlatStringsControl {
  constructor(strings) {
    this.strings = strings;
  }
}

const results = [];
let refused = 0;
for (const r of requests) {
  try {
    results.push(gen.evaluate(r.subject, r.facts, { asOf: r.asOf, ledger: r.ledger, params: r.params, lang: r.lang, trace: r.trace }));
  } catch (e) {
    if (!(e instanceof gen.PolicyInputError)) throw e;
    refused++;
  }
}
const random = String(Math.random());
const keep = [
  new FlatStringsResults(results),
  new FlatStringsControl({ flat: ['not a chain of pieces ', random].join(''), cons: 'a chain of two pieces ' + random, sliced: ('a slice of a longer string ' + random).slice(2, 30) }),
];

const text = await new Promise((resolve, reject) => {
  const chunks = [];
  const s = getHeapSnapshot();
  s.setEncoding('utf8');
  s.on('data', (d) => chunks.push(d));
  s.on('end', () => resolve(chunks.join('')));
  s.on('error', reject);
});
const snap = JSON.parse(text);
const meta = snap.snapshot.meta;
const nf = meta.node_fields.length;
const ef = meta.edge_fields.length;
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const T = meta.node_fields.indexOf('type');
const NAME = meta.node_fields.indexOf('name');
const EDGES = meta.node_fields.indexOf('edge_count');
const ET = meta.edge_fields.indexOf('type');
const EN = meta.edge_fields.indexOf('name_or_index');
const TO = meta.edge_fields.indexOf('to_node');
const { nodes, edges, strings } = snap;
const count = nodes.length / nf;
const first = new Uint32Array(count + 1);
for (let i = 0, e = 0; i < count; i++) {
  first[i] = e;
  e += nodes[i * nf + EDGES] * ef;
}
first[count] = edges.length;
const typeOf = (i) => nodeTypes[nodes[i * nf + T]];
const nameOf = (i) => strings[nodes[i * nf + NAME]];

/** Every string reachable from the object of class `cls` through properties and elements of objects and arrays. */
function walk(cls) {
  const roots = [];
  for (let i = 0; i < count; i++) if (typeOf(i) === 'object' && nameOf(i) === cls) roots.push(i);
  if (roots.length !== 1) throw new Error(`${roots.length} objects of class ${cls} in the heap snapshot`);
  const types = {};
  const offenders = [];
  const seen = new Set(roots);
  const stack = roots.map((i) => [i, '']);
  while (stack.length) {
    const [i, path] = stack.pop();
    const t = typeOf(i);
    if (t.includes('string')) {
      types[t] = (types[t] ?? 0) + 1;
      if (t !== 'string' && offenders.length < 200) offenders.push({ type: t, text: nameOf(i), path });
      continue;
    }
    if (t !== 'object' && t !== 'array') continue;
    for (let e = first[i]; e < first[i + 1]; e += ef) {
      const et = edgeTypes[edges[e + ET]];
      if (et !== 'property' && et !== 'element') continue;
      const name = et === 'property' ? strings[edges[e + EN]] : String(edges[e + EN]);
      if (name === '__proto__' || name === 'constructor') continue;
      const to = edges[e + TO] / nf;
      if (seen.has(to)) continue;
      seen.add(to);
      stack.push([to, `${path}.${name}`]);
    }
  }
  return { types, offenders };
}

const r = walk('FlatStringsResults');
const c = walk('FlatStringsControl');
process.stdout.write(`${JSON.stringify({ decided: results.length, refused, results: r.types, offenders: r.offenders, control: c.types, kept: keep.length })}\n`);
