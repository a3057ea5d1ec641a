// policy check FILE… — diagnostics like a compiler's; exit 1 on errors.
import { CliError, compileFile, diagnosticsJson, printCheckResult, type CliArgs } from './common.ts';

export async function run(args: CliArgs): Promise<number> {
  let failed = false;
  let unreadable = false;
  const json: unknown[] = [];
  for (const file of args.positional) {
    let c;
    try {
      c = compileFile(file, args.lang);
    } catch (e) {
      // An unreadable file is reported and the others are still checked.
      if (!(e instanceof CliError)) throw e;
      process.stderr.write(e.message + '\n');
      unreadable = true;
      continue;
    }
    if (c.hasErrors) failed = true;
    if (args.json) json.push(...diagnosticsJson(c, file, args.lang));
    else printCheckResult(c, file, args.lang);
  }
  if (args.json) process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  return unreadable ? 2 : failed ? 1 : 0;
}
