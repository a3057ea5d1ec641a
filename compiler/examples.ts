// Runs the examples written next to each benefit: each becomes facts, an
// as-of date and a ledger, goes through the same validation as API input, and
// its expected result is compared with the evaluator's decision.
import type { Benefit, Example, Model } from './model.ts';
import { validateFacts, type LedgerEntry } from './facts.ts';
import { evaluate, type BenefitDecision } from './evaluate.ts';
import * as R from './rational.ts';
import { message, type Lang } from './messages.ts';
import { LineIndex, type PolicyDiagnostic } from './diagnostics.ts';
import { exampleDay } from './check/examples.ts';

export interface ExampleResult {
  benefit: Benefit;
  example: Example;
  passed: boolean;
  expected: string;
  actual: string;
  decision?: BenefitDecision;
  /**
   * Not run (runExamplesChecked): the error that stops it — the first error inside the example, else inside its
   * benefit, else outside every benefit. `passed` is false and `actual` says so.
   */
  blocked?: PolicyDiagnostic;
}

export type Evaluate = typeof evaluate;

export function describeExpectation(e: Example['expect'], lang: Lang, clawback?: Example['expectClawback']): string {
  const main = e.amount
    ? message('cli.money', lang, { amount: R.fenToString(R.roundTo(e.amount, 100n, 'half-up')) })
    : e.outcome
      ? message('cli.exampleEligibleOutcome', lang, { outcome: outcomeWords(e.outcome, lang) })
      : message(`status.${e.status}`, lang);
  return clawback ? message('cli.exampleClawback', lang, { main, clawback: clawbackText(clawback, lang) }) : main;
}

/** An expected outcome as the decision words it in `lang` (its English words, else its Chinese). */
const outcomeWords = (o: NonNullable<Example['expect']['outcome']>, lang: Lang): string => (lang === 'en' ? (o.en ?? o.zh) : o.zh);

/** 期望退还 as text: an amount to return, or undetermined. */
function clawbackText(c: NonNullable<Example['expectClawback']>, lang: Lang): string {
  return 'undetermined' in c ? message('status.undetermined', lang) : message('cli.money', lang, { amount: R.fenToString(R.roundTo(c.amount, 100n, 'half-up')) });
}

/** What the decision's 退还 gives, as 期望退还 reads it: nothing is 0元. */
function actualClawback(d: BenefitDecision): NonNullable<Example['expectClawback']> {
  const c = d.clawback;
  if (!c) return { amount: R.ZERO };
  return c.status === 'undetermined' ? { undetermined: true } : { amount: R.parseDecimal(c.amount ?? '0') ?? R.ZERO };
}

/**
 * What an example got, said so that it never looks like a contradiction: an amount with 元; an eligible benefit
 * whose amount could not be computed says why (a parameter nobody gave); a failure lists the reasons.
 */
function describeActual(d: BenefitDecision, expect: Example['expect'], passed: boolean, lang: Lang): string {
  const reasons = d.reasons.map((r) => r.message).join(lang === 'zh' ? '；' : '; ');
  if (d.status === 'eligible' && d.amount) return message('cli.money', lang, { amount: d.amount });
  if (d.status === 'eligible' && expect.amount) return message('cli.exampleNoAmount', lang, { reasons });
  if (d.status === 'eligible' && d.outcome !== null && expect.outcome) return message('cli.exampleEligibleOutcome', lang, { outcome: d.outcome });
  const status = message(`status.${d.status}`, lang);
  return !passed && reasons ? message('cli.exampleWhy', lang, { status, reasons }) : status;
}

export function runExamples(model: Model, lang: Lang = 'zh', run: Evaluate = evaluate): ExampleResult[] {
  const results: ExampleResult[] = [];
  for (const benefit of model.benefits) for (const example of benefit.examples) results.push(runExample(model, benefit, example, lang, run));
  return results;
}

/** One example of one benefit, decided with the whole model (interactions between benefits included). */
function runExample(model: Model, benefit: Benefit, example: Example, lang: Lang, run: Evaluate): ExampleResult {
  const subject = benefit.subjects[0]!;
  const expected = describeExpectation(example.expect, lang, example.expectClawback);
  const facts = validateFacts(model, subject, example.facts);
  if (!facts.ok) return { benefit, example, passed: false, expected, actual: facts.errors.map((e) => `${e.field}: ${e.code}`).join('; ') };
  const ledger: LedgerEntry[] = example.paid.map((p) => ({ benefit: p.benefit ?? benefit.id, date: p.date, amount: p.amount, ...(p.key && { key: p.key }) }));
  const asOf = example.asOf ?? exampleDay(model.header);
  const decision = run(model, subject, facts.facts, { asOf, ledger, lang, ...(example.params && { params: example.params }) }).benefits.find((d) => d.id === benefit.id)!;
  let passed = decision.status === example.expect.status;
  if (passed && example.expect.amount) passed = decision.amount === R.fenToString(R.roundTo(example.expect.amount, 100n, 'half-up'));
  // 期望：“示范商户” — the outcome the decision grants, in the language it is worded in.
  if (passed && example.expect.outcome) passed = decision.outcome === outcomeWords(example.expect.outcome, lang);
  let actual = describeActual(decision, example.expect, passed, lang);
  if (example.expectClawback) {
    const got = actualClawback(decision);
    if (clawbackText(got, lang) !== clawbackText(example.expectClawback, lang)) passed = false;
    actual = message('cli.exampleClawback', lang, { main: actual, clawback: clawbackText(got, lang) });
  }
  return { benefit, example, passed, expected, actual, decision };
}

const within = (d: PolicyDiagnostic, r: { start: number; end: number }): boolean => d.file === undefined && d.range.start >= r.start && d.range.end <= r.end;

/**
 * The examples of a compilation that may have errors, each on its own: an example with an error in it is not run
 * (its facts, date or expectation are not what was written) and neither is any example of a benefit with an error
 * outside its examples (the benefit is not what was written), but every other example runs and passes or fails
 * as in a clean file. An error outside every benefit (the header, a subject, a fund, another file) stops them all:
 * a model with errors there could judge an example against a half-understood policy. `policy test` and the
 * workbench's examples pane both run this.
 */
export function runExamplesChecked(
  c: { model: Model; diagnostics: readonly PolicyDiagnostic[]; text: string },
  lang: Lang = 'zh',
  run: Evaluate = evaluate,
): ExampleResult[] {
  const errors = c.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return runExamples(c.model, lang, run);
  const model = c.model;
  const lines = new LineIndex(c.text);
  const outside = errors.find((d) => !model.benefits.some((b) => within(d, b.range)));
  // The first error of each benefit outside its examples: what stops the benefit's own examples, and those of the
  // benefits it shares an interaction group (就高, 不得重复享受, 优先) with.
  const broken = new Map<string, PolicyDiagnostic>();
  for (const b of model.benefits) {
    const d = errors.find((x) => within(x, b.range) && !b.examples.some((ex) => within(x, ex.range)));
    if (d) broken.set(b.id, d);
  }
  const inGroup = (b: Benefit) => {
    for (const g of model.interactions) if (g.members.includes(b.id)) for (const m of g.members) if (broken.has(m)) return broken.get(m);
    for (const m of b.countedWith ?? []) if (broken.has(m)) return broken.get(m);
    return undefined;
  };
  const results: ExampleResult[] = [];
  for (const benefit of model.benefits) {
    const inBenefit = broken.get(benefit.id) ?? inGroup(benefit);
    for (const example of benefit.examples) {
      const blocked = errors.find((d) => within(d, example.range)) ?? inBenefit ?? outside;
      if (!blocked) {
        results.push(runExample(model, benefit, example, lang, run));
        continue;
      }
      const where = blocked === outside ? 'cli.exampleNotRun.file' : blocked === inBenefit ? 'cli.exampleNotRun.benefit' : 'cli.exampleNotRun.example';
      results.push({
        benefit,
        example,
        passed: false,
        expected: describeExpectation(example.expect, lang, example.expectClawback),
        actual: message(where, lang, { code: blocked.code, line: blocked.file === undefined ? lines.position(blocked.range.start).line + 1 : 1, file: blocked.file ?? '' }),
        blocked,
      });
    }
  }
  return results;
}
