// policy test FILE… — runs the examples written next to each benefit. Each example passes, fails or is not run on
// its own: an error in one example (or in another benefit) does not stop the others (examples.ts runExamplesChecked).
// --verbose lists every example, passed ones too, with the amount computed and the decision's reasons; --json prints
// one object per file with a row per example (the same facts, machine-readable) and the diagnostics.
import { compileFile, diagnosticsJson, printDiagnostics, type CliArgs } from './common.ts';
import { runExamplesChecked, type Evaluate, type ExampleResult } from '../examples.ts';
import { evaluate } from '../evaluate.ts';
import { message, type Lang } from '../messages.ts';
import { LineIndex } from '../diagnostics.ts';
import { labelText } from '../render.ts';

/** One example's row in `--json`. */
function exampleJson(r: ExampleResult, index: LineIndex, lang: Lang) {
  const pos = index.position(r.example.range.start);
  const d = r.decision;
  return {
    benefit: r.benefit.id,
    clause: r.benefit.clause ?? null,
    example: labelText(r.example.label, lang, r.benefit.id),
    line: pos.line + 1,
    column: pos.character + 1,
    result: r.passed ? 'passed' : r.blocked ? 'not-run' : 'failed',
    expected: r.expected,
    actual: r.actual,
    status: d?.status ?? null,
    amount: d?.amount ?? null,
    outcome: d?.outcome ?? null,
    reasons: d ? d.reasons.map((x) => ({ code: x.code, message: x.message })) : [],
    trace: d?.trace ?? [],
    ...(r.blocked && { blockedBy: { code: r.blocked.code, line: index.position(r.blocked.range.start).line + 1 } }),
  };
}

/** The reference evaluator with the working written out (--verbose, --json): how each amount was reached. */
const traced: Evaluate = (model, subject, facts, opts) => evaluate(model, subject, facts, { ...opts, trace: true });

export async function run(args: CliArgs): Promise<number> {
  const verbose = args.flags.get('verbose') === true;
  let passed = 0;
  let failed = 0;
  let notRun = 0;
  let errors = false;
  const json: unknown[] = [];
  for (const file of args.positional) {
    const c = compileFile(file, args.lang);
    if (c.hasErrors) {
      if (!args.json) printDiagnostics(c, file, args.lang);
      errors = true;
    }
    const index = new LineIndex(c.text);
    const results = runExamplesChecked(c, args.lang, verbose || args.json ? traced : evaluate);
    if (args.json) json.push({ file, diagnostics: diagnosticsJson(c, file, args.lang), examples: results.map((r) => exampleJson(r, index, args.lang)) });
    for (const r of results) {
      if (r.passed) passed++;
      else if (r.blocked) notRun++;
      else failed++;
      if (args.json || (r.passed && !verbose)) continue;
      const pos = index.position(r.example.range.start);
      const name = labelText(r.example.label, args.lang, r.benefit.id);
      const text = r.passed
        ? message('cli.examplePassed', args.lang, { example: name, actual: r.actual })
        : r.blocked
          ? message('cli.exampleNotRun', args.lang, { example: name, why: r.actual })
          : message('cli.exampleFailed', args.lang, { example: name, expected: r.expected, actual: r.actual });
      process.stdout.write(`${file}:${pos.line + 1}:${pos.character + 1}: ${r.benefit.clause ?? ''} ${r.benefit.id}: ${text}\n`);
      // The reasons of the decision, one a line, under the example (what made the amount, or why it was refused).
      if (verbose && r.decision) {
        // What a non-monetary benefit grants (授予 / 视同): 2个, 星级商户 (said already when the example expects an outcome).
        if (r.decision.outcome !== null && !(r.example.expect.outcome && r.decision.status === 'eligible')) process.stdout.write(`    ${message('cli.exampleOutcome', args.lang, { outcome: r.decision.outcome })}\n`);
        for (const reason of r.decision.reasons) process.stdout.write(`    ${reason.code} ${reason.message}\n`);
        for (const step of r.decision.trace ?? []) process.stdout.write(`    ${step}\n`);
      }
    }
  }
  if (args.json) process.stdout.write(JSON.stringify({ files: json, passed, failed, notRun }, null, 2) + '\n');
  else process.stdout.write(message(notRun ? 'cli.summaryNotRun' : 'cli.summary', args.lang, { passed, failed, notRun }) + '\n');
  return failed > 0 || notRun > 0 || errors ? 1 : 0;
}
