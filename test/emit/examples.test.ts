// Every example written in policies/*.policy (and in the fixtures) passes
// through the generated evaluator too, in both languages, and gives the same
// benefit decision as the reference evaluator.
import { describe, expect, it } from 'vitest';
import { runExamples } from '../../compiler/examples.ts';
import { evaluate, type EvalOptions } from '../../compiler/evaluate.ts';
import type { Facts, Value } from '../../compiler/facts.ts';
import type { Model } from '../../compiler/model.ts';
import { fenToString, ratToString, roundTo, type Rat } from '../../compiler/rational.ts';
import { allPolicies, compiled, loadGenerated, nameOf, type Generated } from './helpers.ts';

/** A validated fact value back to the JSON a caller would send. */
function json(v: Value): unknown {
  switch (v.t) {
    case 'bool':
      return v.v;
    case 'num':
      return ratToString(v.v);
    case 'date':
      return v.v;
    case 'level':
    case 'enum':
      return v.name;
    case 'map':
      return Object.fromEntries([...v.v].map(([k, n]) => [k, ratToString(n)]));
    case 'str':
      return v.v;
    case 'text':
      return v.label.zh;
    case 'list':
      return v.items.map((item) => Object.fromEntries([...item].map(([k, x]) => [k, json(x)])));
  }
}

/** Parameters as a caller sends them: a keyed parameter's entries (held as 名称（键，…）) nested by key. */
function nestParams(model: Model, params: Record<string, Rat>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, r] of Object.entries(params)) {
    const p = [...model.params.values()].find((x) => x.keys && k.startsWith(`${x.name}（`) && k.endsWith('）'));
    if (!p) {
      out[k] = ratToString(r);
      continue;
    }
    const keys = k.slice(p.name.length + 1, -1).split('，');
    let o = (out[p.name] ??= {}) as Record<string, unknown>;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) o[key] = ratToString(r);
      else o = (o[key] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

/** runExamples' evaluate, answered by the generated module. */
const through =
  (G: Generated) =>
  (_model: Model, subject: string, facts: Facts, opts: EvalOptions) =>
    G.evaluate(subject, Object.fromEntries([...facts].map(([k, v]) => [k, json(v)])), {
      asOf: opts.asOf,
      ledger: (opts.ledger ?? []).map((e) => ({ benefit: e.benefit, date: e.date, amount: fenToString(roundTo(e.amount, 100n, 'half-up')), ...(e.key && { key: e.key }) })),
      params: nestParams(_model, opts.params ?? {}),
      ...(opts.lang && { lang: opts.lang }),
      ...(opts.trace !== undefined && { trace: opts.trace }),
    });

describe.each(allPolicies().map((p) => [nameOf(p), p]))('examples through the generated evaluator: %s', (_name, path) => {
  for (const lang of ['zh', 'en'] as const) {
    it(`all pass (${lang})`, async () => {
      const { model } = compiled(path);
      const G = await loadGenerated(path);
      const results = runExamples(model, lang, through(G));
      const reference = runExamples(model, lang, (m, s, f, o) => evaluate(m, s, f, o));
      expect(results.length).toBe(model.benefits.reduce((n, b) => n + b.examples.length, 0));
      // The examples pass through the generated code exactly as through the reference.
      expect(results.filter((r) => !r.passed).map((r) => `${r.benefit.id} ${r.example.label?.zh}: ${r.actual}`)).toEqual(
        reference.filter((r) => !r.passed).map((r) => `${r.benefit.id} ${r.example.label?.zh}: ${r.actual}`),
      );
      results.forEach((r, i) => expect(r.decision).toEqual(reference[i]!.decision));
    });
  }
  it('the real policies have examples and they all pass', () => {
    const { model } = compiled(path);
    if (!path.includes('/policies/')) return;
    const results = runExamples(model, 'zh');
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.passed).map((r) => r.benefit.id)).toEqual([]);
  });
});
