// Every string of a generated evaluator's `evaluate()` result is flat: no chain of concatenations (V8's ConsString)
// and no slice of a longer string (SlicedString). A caller that reads every field of many results (bench/read.ts,
// a batch writing them out) reads each string's `.length` at one place in its code; with flat strings that place sees
// the few representations every string has anyway, and stays fast, while one more representation (a ConsString made
// by `a + b` of 13 characters or more) made it megamorphic and the whole read about 2.5× slower (e92a55c). Nothing
// else would notice: the strings are equal either way, so only the speed benchmark would, and only as a number.
//
// How: a child process (./flat-strings-child.mjs) evaluates random requests (the differential test's generator, a
// fixed seed) with the module built to JavaScript, keeps the results and reads V8's own classification of every
// string reachable from them in a heap snapshot. A control probe with one string of each kind, made on purpose,
// shows that the walk sees a ConsString and a SlicedString when there is one.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { emitTypeScript } from '../../compiler/emit/index.ts';
import { XIAOSHAN } from '../helpers.ts';
import { inputArb } from './arbitraries.ts';
import { compiled, nameOf, tempDir, ZOO } from './helpers.ts';

const CHILD = join(import.meta.dirname, 'flat-strings-child.mjs');

interface Report {
  decided: number;
  refused: number;
  results: Record<string, number>;
  offenders: { type: string; text: string; path: string }[];
  control: Record<string, number>;
}

function run(path: string, runs: number): Report {
  const model = compiled(path).model;
  const js = join(tempDir(), `${nameOf(path)}.flat.mjs`);
  writeFileSync(js, transformSync(emitTypeScript(model, { sourceName: nameOf(path) }), { loader: 'ts', format: 'esm', target: 'es2022' }).code);
  // Without a trace: `trace: true` adds the explanation lines, worded for people reading one decision, not for speed.
  const requests = fc.sample(inputArb(model), { numRuns: runs, seed: 14 }).map((r) => ({ ...r, trace: false }));
  const file = join(tempDir(), `${nameOf(path)}.requests.json`);
  writeFileSync(file, JSON.stringify(requests));
  return JSON.parse(execFileSync(process.execPath, [CHILD, js, file], { encoding: 'utf8', maxBuffer: 1 << 24 })) as Report;
}

describe('generated evaluate(): result strings are flat', () => {
  for (const [path, runs] of [
    [XIAOSHAN, 2000],
    [ZOO, 1000],
  ] as const) {
    it(nameOf(path), () => {
      const r = run(path, runs);
      // The walk sees each kind of string when there is one (else this test could not fail).
      expect(r.control).toEqual({ string: 1, 'concatenated string': 1, 'sliced string': 1 });
      expect(r.decided).toBeGreaterThan(runs / 2);
      expect(r.results['string']).toBeGreaterThan(r.decided);
      expect(r.offenders).toEqual([]);
      expect(Object.keys(r.results)).toEqual(['string']);
    });
  }
});
