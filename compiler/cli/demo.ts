// policy demo — what `npm start` runs: check every shipped policy, run its
// examples, and explain one sample subject's decision.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { compileFile, printCheckResult, type CliArgs } from './common.ts';
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

/** The command the demo shows, exactly as it can be pasted into a shell in the project folder. */
export const SAMPLE_COMMAND = (path: string): string =>
  `npx policy eval ${shellQuote(path)} --subject ${SAMPLE.subject} --facts ${shellQuote(JSON.stringify(SAMPLE.facts))} --date ${SAMPLE.asOf}`;

const shellQuote = (s: string): string => (/^[\w./\-\u4e00-\u9fff]+$/u.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export async function run(args: CliArgs): Promise<number> {
  const dir = fileURLToPath(new URL('../../policies/', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.policy')).sort();
  let failures = 0;
  for (const f of files) {
    const path = relative(process.cwd(), join(dir, f)) || join(dir, f);
    const c = compileFile(path, args.lang);
    // The same report as `policy check`: diagnostics, then their count or "no problems".
    printCheckResult(c, path, args.lang);
    if (c.hasErrors) {
      failures++;
      continue;
    }
    const results = runExamples(c.model, args.lang);
    const failed = results.filter((r) => !r.passed);
    failures += failed.length;
    for (const r of failed) process.stdout.write(`  ✗ ${r.benefit.id}: ${r.expected} ≠ ${r.actual}\n`);
    process.stdout.write(`  ${message('cli.summary', args.lang, { passed: results.length - failed.length, failed: failed.length })}\n`);
    if (c.model.subjects.has(SAMPLE.subject) && f.startsWith('xiaoshan')) {
      const facts = validateFacts(c.model, SAMPLE.subject, SAMPLE.facts);
      if (!facts.ok) return 1;
      process.stdout.write(`\n$ ${SAMPLE_COMMAND(path)}\n`);
      process.stdout.write(explain(c.model, evaluate(c.model, SAMPLE.subject, facts.facts, { asOf: SAMPLE.asOf, lang: args.lang }), args.lang, false) + '\n');
    }
  }
  return failures ? 1 : 0;
}
