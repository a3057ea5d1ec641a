// The generated evaluator against the reference evaluator on random requests
// for every policy: validation gives the same errors, and decisions are equal
// field by field (compared as JSON, so even key order agrees), in both
// languages, with and without a trace. FC_RUNS sets the number of runs per
// policy; FC_SEED replays a failure.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, type Decision } from '../../compiler/evaluate.ts';
import { inputErrorText, validateFacts, validateLedger, type InputError } from '../../compiler/facts.ts';
import { parseDecimal, type Rat } from '../../compiler/rational.ts';
import type { Model } from '../../compiler/model.ts';
import { inputArb, type Input } from './arbitraries.ts';
import { allPolicies, compiled, loadGenerated, nameOf, type Generated, type InputErrorOut } from './helpers.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 20000);
const SEED = process.env['FC_SEED'] ? Number(process.env['FC_SEED']) : undefined;

function sameErrors(gen: InputErrorOut[], ref: InputError[], lang: 'zh' | 'en') {
  expect(gen).toEqual(ref.map((e) => ({ code: e.code, field: e.field, args: e.args, message: inputErrorText(e, lang) })));
}

type Outcome = { kind: 'facts' | 'ledger' } | { kind: 'threw'; error: string } | { kind: 'decided'; decision: Decision };

/** Runs one request through both evaluators and compares everything observable. */
function compare(model: Model, G: Generated, input: Input): Outcome {
  const { subject, facts, asOf, ledger, params, lang, trace } = input;
  const rf = validateFacts(model, subject, facts);
  const gf = G.validate(subject, facts, lang);
  expect(gf.ok).toBe(rf.ok);
  if (!rf.ok || !gf.ok) {
    sameErrors((gf as { errors: InputErrorOut[] }).errors, (rf as { errors: InputError[] }).errors, lang);
    expect(() => G.evaluate(subject, facts, { asOf, lang })).toThrow(G.PolicyInputError);
    return { kind: 'facts' };
  }
  // Normalised facts validate again to themselves.
  expect(G.validate(subject, gf.facts)).toEqual({ ok: true, facts: gf.facts });
  const rl = validateLedger(model, ledger);
  const gl = G.validateLedger(ledger, lang);
  expect(gl.ok).toBe(rl.ok);
  if (!rl.ok || !gl.ok) {
    sameErrors((gl as { errors: InputErrorOut[] }).errors, (rl as { errors: InputError[] }).errors, lang);
    return { kind: 'ledger' };
  }
  const refParams: Record<string, Rat> = {};
  for (const [k, v] of Object.entries(params ?? {})) refParams[k] = parseDecimal(v)!;
  let ref: Decision | undefined;
  let refError: unknown;
  try {
    ref = evaluate(model, subject, rf.facts, { asOf, ledger: rl.ledger, params: refParams, lang, trace });
  } catch (e) {
    refError = e;
  }
  let gen: Decision | undefined;
  let genError: unknown;
  try {
    gen = G.evaluate(subject, gf.facts, { asOf, ledger: gl.ledger, params, lang, trace });
  } catch (e) {
    genError = e;
  }
  if (refError !== undefined) {
    // Division by a fact that is zero: both throw the same RangeError.
    expect(genError).toBeInstanceOf(Error);
    expect(String(genError)).toBe(String(refError));
    return { kind: 'threw', error: String(refError) };
  }
  if (genError !== undefined) throw genError;
  if (JSON.stringify(gen) !== JSON.stringify(ref)) expect(gen).toEqual(ref);
  expect(JSON.stringify(gen)).toBe(JSON.stringify(ref));
  // The raw JSON (not normalised) and the raw ledger give the same decision.
  expect(JSON.stringify(G.evaluate(subject, facts, { asOf, ledger, params, lang, trace }))).toBe(JSON.stringify(ref));
  return { kind: 'decided', decision: ref! };
}

describe.each(allPolicies().map((p) => [nameOf(p), p]))('generated evaluator equals the reference: %s', (_name, path) => {
  it(`agrees on ${RUNS} random requests`, async () => {
    const { model } = compiled(path);
    const G = await loadGenerated(path);
    const seen = new Map<string, Set<string>>(model.benefits.map((b) => [b.id, new Set()]));
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(inputArb(model), (input) => {
        const out = compare(model, G, input);
        kinds.set(out.kind, (kinds.get(out.kind) ?? 0) + 1);
        if (out.kind === 'decided') for (const b of out.decision.benefits) seen.get(b.id)!.add(b.status);
      }),
      { numRuns: RUNS, ...(SEED !== undefined && { seed: SEED }) },
    );
    // The generator must reach every outcome, or the comparison proves little.
    if (RUNS >= 5000) {
      expect(kinds.get('decided') ?? 0).toBeGreaterThan(RUNS * 0.6);
      expect(kinds.get('facts') ?? 0).toBeGreaterThan(0);
      const unreached = [...seen].filter(([, s]) => !s.has('eligible') || !s.has('ineligible')).map(([id, s]) => `${id}: ${[...s].join(',')}`);
      expect(unreached).toEqual([]);
    }
  });
});
