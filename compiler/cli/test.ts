// policy test FILE… — runs the examples written next to each benefit. Each example passes, fails or is not run on
// its own: an error in one example (or in another benefit) does not stop the others (examples.ts runExamplesChecked).
import { compileFile, printDiagnostics, type CliArgs } from './common.ts';
import { runExamplesChecked } from '../examples.ts';
import { message } from '../messages.ts';
import { LineIndex } from '../diagnostics.ts';
import { labelText } from '../render.ts';

export async function run(args: CliArgs): Promise<number> {
  let passed = 0;
  let failed = 0;
  let notRun = 0;
  let errors = false;
  for (const file of args.positional) {
    const c = compileFile(file, args.lang);
    if (c.hasErrors) {
      printDiagnostics(c, file, args.lang);
      errors = true;
    }
    const index = new LineIndex(c.text);
    for (const r of runExamplesChecked(c, args.lang)) {
      if (r.passed) {
        passed++;
        continue;
      }
      const pos = index.position(r.example.range.start);
      const name = labelText(r.example.label, args.lang, r.benefit.id);
      const text = r.blocked
        ? message('cli.exampleNotRun', args.lang, { example: name, why: r.actual })
        : message('cli.exampleFailed', args.lang, { example: name, expected: r.expected, actual: r.actual });
      if (r.blocked) notRun++;
      else failed++;
      process.stdout.write(`${file}:${pos.line + 1}:${pos.character + 1}: ${r.benefit.clause ?? ''} ${r.benefit.id}: ${text}\n`);
    }
  }
  process.stdout.write(message(notRun ? 'cli.summaryNotRun' : 'cli.summary', args.lang, { passed, failed, notRun }) + '\n');
  return failed > 0 || notRun > 0 || errors ? 1 : 0;
}
