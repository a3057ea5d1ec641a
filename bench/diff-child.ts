// The impact of an amendment over a population (compiler/diff/impact.ts, what
// `policy diff --population` runs per line), against a baseline measured in
// this same process and interleaved chunk by chunk: one reference evaluate()
// of the amended policy per subject, facts validated. The impact decides each
// subject twice (old and new text) and also parses the JSON line, validates
// for both versions and tallies, so about 2× the baseline is the floor.
// Prints one JSON line: { n, baselineUs, impactUs, ratio, peakRssMb }.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../compiler/index.ts';
import { evaluate } from '../compiler/evaluate.ts';
import { validateFacts } from '../compiler/facts.ts';
import { addLine, ImpactAccumulator, population } from '../compiler/diff/index.ts';
import { consolidate, readAmendment } from '../compiler/amend.ts';
import { ROOT } from './impls.ts';

export interface DiffBenchResult {
  n: number;
  baselineUs: number;
  impactUs: number;
  ratio: number;
  peakRssMb: number;
}

const { n } = JSON.parse(process.argv[2] ?? '{"n":100000}') as { n: number };
const basePath = join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy');
const base = { path: basePath, text: readFileSync(basePath, 'utf8') };
const amendments = ['01-raise-cap.policy', '02-lower-threshold.policy'].map((f) => {
  const path = join(ROOT, 'test/diff/fixtures/amendments', f);
  return readAmendment({ path, text: readFileSync(path, 'utf8') })!;
});
const a = compile(base.text).model;
const b = consolidate(base, amendments).compilation.model;
const lines = [...population([a, b], { n, seed: 42 })].map((r) => JSON.stringify(r));
const acc = new ImpactAccumulator(a, b, { asOf: '2026-06-01' });
const CHUNK = 1000;
let baseline = 0;
let impact = 0;
for (let i = 0; i < lines.length; i += CHUNK) {
  const chunk = lines.slice(i, i + CHUNK);
  let t = performance.now();
  for (const l of chunk) {
    const r = JSON.parse(l) as { subject: string; facts: Record<string, unknown> };
    const f = validateFacts(b, r.subject, r.facts);
    if (f.ok) evaluate(b, r.subject, f.facts, { asOf: '2026-06-01' });
  }
  baseline += performance.now() - t;
  t = performance.now();
  chunk.forEach((l, k) => addLine(acc, l, i + k + 1));
  impact += performance.now() - t;
}
const result: DiffBenchResult = {
  n,
  baselineUs: (baseline * 1000) / n,
  impactUs: (impact * 1000) / n,
  ratio: impact / baseline,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(JSON.stringify(result) + '\n');
