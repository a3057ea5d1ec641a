// policy check FILE… — diagnostics like a compiler's; exit 1 on errors.
import { compileFile, diagnosticsJson, printDiagnostics, type CliArgs } from './common.ts';
import { message } from '../messages.ts';

export async function run(args: CliArgs): Promise<number> {
  if (args.positional.length === 0) {
    process.stderr.write(message('cli.usage', args.lang) + '\n');
    return 2;
  }
  let failed = false;
  const json: unknown[] = [];
  for (const file of args.positional) {
    let c;
    try {
      c = compileFile(file);
    } catch (e) {
      process.stderr.write(`${file}: ${(e as Error).message}\n`);
      failed = true;
      continue;
    }
    if (c.hasErrors) failed = true;
    if (args.json) json.push(...diagnosticsJson(c, file, args.lang));
    else if (c.diagnostics.length) {
      printDiagnostics(c, file, args.lang, (s) => process.stdout.write(s));
      const errors = c.diagnostics.filter((d) => d.severity === 'error').length;
      process.stdout.write(message('cli.errorCount', args.lang, { errors, warnings: c.diagnostics.length - errors }) + '\n');
    } else process.stdout.write(message('cli.noErrors', args.lang, { file }) + '\n');
  }
  if (args.json) process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  return failed ? 1 : 0;
}
