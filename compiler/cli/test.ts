// policy test FILE… — runs the examples written next to each benefit.
import { compileFile, printDiagnostics, type CliArgs } from './common.ts';
import { runExamples } from '../examples.ts';
import { message } from '../messages.ts';
import { LineIndex } from '../diagnostics.ts';
import { labelText } from '../render.ts';

export async function run(args: CliArgs): Promise<number> {
  let passed = 0;
  let failed = 0;
  for (const file of args.positional) {
    const c = compileFile(file, args.lang);
    if (c.hasErrors) {
      printDiagnostics(c, file, args.lang);
      failed++;
      continue;
    }
    const index = new LineIndex(c.text);
    for (const r of runExamples(c.model, args.lang)) {
      if (r.passed) {
        passed++;
        continue;
      }
      failed++;
      const pos = index.position(r.example.range.start);
      const name = labelText(r.example.label, args.lang, r.benefit.id);
      process.stdout.write(
        `${file}:${pos.line + 1}:${pos.character + 1}: ${r.benefit.clause ?? ''} ${r.benefit.id}: ` +
          message('cli.exampleFailed', args.lang, { example: name, expected: r.expected, actual: r.actual }) +
          '\n',
      );
    }
  }
  process.stdout.write(message('cli.summary', args.lang, { passed, failed }) + '\n');
  return failed > 0 ? 1 : 0;
}
