// policy fmt [--check] [--keywords keep|zh|en] [--punctuation auto|full|half] [--print-width N] FILE…
// The same printer as the prettier plugin and the language server.
import { writeFileSync } from 'node:fs';
import { CliError, flag, printDiagnostics, readSource, type CliArgs } from './common.ts';
import { clip } from './args.ts';
import { formatPolicy, type KeywordMode, type PunctuationMode } from '../format/index.ts';
import { compile } from '../index.ts';
import { message } from '../messages.ts';

export async function run(args: CliArgs): Promise<number> {
  const keywords = flag(args, 'keywords') ?? 'keep';
  const punctuation = flag(args, 'punctuation') ?? 'auto';
  const width = flag(args, 'print-width');
  if (width !== undefined && !/^[1-9]\d{0,3}$/.test(width)) {
    throw new CliError(message('cli.badNumber', args.lang, { option: '--print-width', found: clip(width) }));
  }
  const check = args.flags.get('check') === true;
  let status = 0;
  for (const file of args.positional) {
    const text = readSource(file, args.lang);
    const r = await formatPolicy(text, {
      keywords: keywords as KeywordMode,
      punctuation: punctuation as PunctuationMode,
      ...(width !== undefined && { printWidth: Number(width) }),
    });
    if (!r.ok) {
      // Not formatted: show the syntax errors where they are, like `policy check`.
      const c = compile(text);
      printDiagnostics({ ...c, diagnostics: c.diagnostics.filter((d) => d.code.startsWith('P1')) }, file, args.lang);
      status = 1;
      continue;
    }
    if (r.text === text) continue;
    if (check) {
      process.stdout.write(message('cli.notFormatted', args.lang, { file }) + '\n');
      status = 1;
    } else {
      writeFileSync(file, r.text);
      process.stdout.write(message('cli.formatted', args.lang, { file }) + '\n');
    }
  }
  return status;
}
