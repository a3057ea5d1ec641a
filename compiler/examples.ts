// Runs the examples written next to each benefit: each becomes facts, an
// as-of date and a ledger, goes through the same validation as API input, and
// its expected result is compared with the evaluator's decision.
import type { Benefit, Example, Model } from './model.ts';
import { validateFacts, type LedgerEntry } from './facts.ts';
import { evaluate, type BenefitDecision } from './evaluate.ts';
import * as R from './rational.ts';
import { message, type Lang } from './messages.ts';

export interface ExampleResult {
  benefit: Benefit;
  example: Example;
  passed: boolean;
  expected: string;
  actual: string;
  decision?: BenefitDecision;
}

export type Evaluate = typeof evaluate;

export function describeExpectation(e: Example['expect'], lang: Lang): string {
  if (e.amount) return message('cli.money', lang, { amount: R.fenToString(R.roundTo(e.amount, 100n, 'half-up')) });
  return message(`status.${e.status}`, lang);
}

/**
 * What an example got, said so that it never looks like a contradiction: an amount with 元; an eligible benefit
 * whose amount could not be computed says why (a parameter nobody gave); a failure lists the reasons.
 */
function describeActual(d: BenefitDecision, expect: Example['expect'], passed: boolean, lang: Lang): string {
  const reasons = d.reasons.map((r) => r.message).join(lang === 'zh' ? '；' : '; ');
  if (d.status === 'eligible' && d.amount) return message('cli.money', lang, { amount: d.amount });
  if (d.status === 'eligible' && expect.amount) return message('cli.exampleNoAmount', lang, { reasons });
  const status = message(`status.${d.status}`, lang);
  return !passed && reasons ? message('cli.exampleWhy', lang, { status, reasons }) : status;
}

export function runExamples(model: Model, lang: Lang = 'zh', run: Evaluate = evaluate): ExampleResult[] {
  const results: ExampleResult[] = [];
  for (const benefit of model.benefits) {
    for (const example of benefit.examples) {
      const subject = benefit.subjects[0]!;
      const expected = describeExpectation(example.expect, lang);
      const facts = validateFacts(model, subject, example.facts);
      if (!facts.ok) {
        results.push({ benefit, example, passed: false, expected, actual: facts.errors.map((e) => `${e.field}: ${e.code}`).join('; ') });
        continue;
      }
      const ledger: LedgerEntry[] = example.paid.map((p) => ({ benefit: p.benefit ?? benefit.id, date: p.date, amount: p.amount, ...(p.key && { key: p.key }) }));
      const asOf = example.asOf ?? model.header.effective ?? '2000-01-01';
      const decision = run(model, subject, facts.facts, { asOf, ledger, lang, ...(example.params && { params: example.params }) }).benefits.find((d) => d.id === benefit.id)!;
      let passed = decision.status === example.expect.status;
      if (passed && example.expect.amount) passed = decision.amount === R.fenToString(R.roundTo(example.expect.amount, 100n, 'half-up'));
      results.push({ benefit, example, passed, expected, actual: describeActual(decision, example.expect, passed, lang), decision });
    }
  }
  return results;
}
