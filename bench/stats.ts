// Small statistics helpers and the shared baseline workload.
import { evaluateHandwritten } from './handwritten.ts';
import { HW_PARAMS } from './params.ts';
import { AS_OF, chunksOf, generateChunk, type Subject } from './population.ts';

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1]!;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(xs: readonly number[]): Spread {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

export const now = (): number => performance.now();

/**
 * The baseline workload B, run in every measuring process next to what it
 * measures: the hand-written evaluator over the first 100,000 subjects. Ratios
 * against it cancel much of the machine's load, which moves both alike.
 */
export const BASELINE_SUBJECTS = 100_000;

export function baselinePopulation(): Subject[] {
  const out: Subject[] = [];
  for (const [i, size] of chunksOf(BASELINE_SUBJECTS)) out.push(...generateChunk(i, size));
  return out;
}

/** Runs B once; returns its time in ms. */
export function runBaseline(pop: readonly Subject[]): number {
  let sink = 0;
  const t0 = now();
  for (const s of pop) sink += evaluateHandwritten(s.type, s.facts, s.ledger, AS_OF, HW_PARAMS).length;
  const t = now() - t0;
  if (sink < 0) console.error(sink);
  return t;
}
