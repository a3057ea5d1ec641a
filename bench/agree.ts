// The agreement check run before any timing: over the same subjects, the
// generated evaluator (evaluate with reasons, and its fast path: prepare + decide), the reference interpreter and the hand-written code
// must give the same count of eligible and of undetermined subjects and the
// same sum of amounts per benefit, with and without a trace; json-rules-engine
// (on its smaller sample, the first jreN subjects) the same eligible counts
// and sums.
import { addCompact, addDecision, addHw, addJre, compareTotals, hw, newTotals, type Fast, type Gen, type Jre, type Ref, type Totals } from './impls.ts';
import { chunksOf, generateChunk } from './population.ts';

export interface Agreement {
  n: number;
  jreN: number;
  /** Generated-evaluator totals over the n subjects (for the report). */
  totals: Totals;
  problems: string[];
}

export async function checkAgreement(
  ids: readonly string[],
  gen: Gen,
  fast: Fast,
  ref: Ref,
  jre: Jre,
  n: number,
  jreN: number,
  traceN: number,
): Promise<Agreement> {
  const tGen = newTotals(ids, true);
  const tRef = newTotals(ids, true);
  const tHw = newTotals(ids, true);
  const tFast = newTotals(ids, true);
  const tGenTrace = newTotals(ids, true);
  const tRefTrace = newTotals(ids, true);
  const tGenSmall = newTotals(ids, false);
  const tJre = newTotals(ids, false);
  let seen = 0;
  for (const [index, size] of chunksOf(n)) {
    for (const s of generateChunk(index, size)) {
      const d = gen(s);
      addDecision(tGen, d);
      addDecision(tRef, ref(s));
      addHw(tHw, hw(s));
      addCompact(tFast, fast.decide(fast.prepare(s)));
      if (seen < jreN) {
        addDecision(tGenSmall, d);
        addJre(tJre, await jre(s));
      }
      if (seen < traceN) {
        // A trace must not change any decision.
        addDecision(tGenTrace, gen(s, true));
        addDecision(tRefTrace, ref(s, true));
      }
      seen++;
    }
  }
  const small = `first ${Math.min(jreN, n)}`;
  const traced = `first ${Math.min(traceN, n)}`;
  const problems = [
    ...compareTotals('generated', tGen, 'reference', tRef),
    ...compareTotals('generated', tGen, 'hand-written', tHw),
    ...compareTotals('generated', tGen, 'generated fast path (prepare + decide)', tFast),
    ...compareTotals(`generated (${small})`, tGenSmall, `json-rules-engine (${small})`, tJre),
    ...compareTotals(`generated+trace (${traced})`, tGenTrace, `reference+trace (${traced})`, tRefTrace),
  ];
  if (traceN >= n) problems.push(...compareTotals('generated', tGen, 'generated+trace', tGenTrace));
  // A check that checks nothing is no check: every benefit must be eligible somewhere in a large enough sample.
  if (n >= 10_000)
    for (const [id, t] of tGen)
      if (t.eligible === 0) problems.push(`${id}: no subject is eligible in the population (generator too narrow?)`);
  return { n, jreN: Math.min(jreN, n), totals: tGen, problems };
}
