// policy demo — what `npm start` runs: check every shipped policy, run its
// examples, and explain one sample subject's decision.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { compileFile, printDiagnostics, type CliArgs } from './common.ts';
import { runExamples } from '../examples.ts';
import { evaluate } from '../evaluate.ts';
import { validateFacts } from '../facts.ts';
import { message } from '../messages.ts';
import { explain } from './eval.ts';

const SAMPLE = {
  subject: '企业',
  facts: { 已备案认定企业: true, 年度自主认定人次: 70, 期满星级: '四星', 直接培养人数: { 高级工: 10, 技师: 4 } },
  asOf: '2025-06-01',
};

export async function run(args: CliArgs): Promise<number> {
  const dir = fileURLToPath(new URL('../../policies/', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.policy')).sort();
  let failures = 0;
  for (const f of files) {
    const path = relative(process.cwd(), join(dir, f)) || join(dir, f);
    const c = compileFile(path, args.lang);
    printDiagnostics(c, path, args.lang, (s) => process.stdout.write(s));
    if (c.hasErrors) {
      failures++;
      continue;
    }
    process.stdout.write(message('cli.noErrors', args.lang, { file: path }) + '\n');
    const results = runExamples(c.model, args.lang);
    const failed = results.filter((r) => !r.passed);
    failures += failed.length;
    for (const r of failed) process.stdout.write(`  ✗ ${r.benefit.id}: ${r.expected} ≠ ${r.actual}\n`);
    process.stdout.write(`  ${message('cli.summary', args.lang, { passed: results.length - failed.length, failed: failed.length })}\n`);
    if (c.model.subjects.has(SAMPLE.subject) && f.startsWith('xiaoshan')) {
      const facts = validateFacts(c.model, SAMPLE.subject, SAMPLE.facts);
      if (!facts.ok) return 1;
      process.stdout.write(`\n$ policy eval ${path} --subject ${SAMPLE.subject} --facts '${JSON.stringify(SAMPLE.facts)}' --date ${SAMPLE.asOf}\n`);
      process.stdout.write(explain(c.model, evaluate(c.model, SAMPLE.subject, facts.facts, { asOf: SAMPLE.asOf, lang: args.lang }), args.lang, false) + '\n');
    }
  }
  return failures ? 1 : 0;
}
