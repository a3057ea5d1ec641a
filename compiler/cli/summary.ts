// policy summary FILE [--lang zh|en] [--format md|html] [--out PATH] — the
// 政策明白纸 generated from the policy. Chinese unless --lang en is given (the
// summary's language is the reader's choice, not the shell locale's).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { message } from '../messages.ts';
import { renderSummary } from '../summary/index.ts';
import { compileFile, flag, printDiagnostics, type CliArgs } from './common.ts';

export async function run(args: CliArgs): Promise<number> {
  const file = args.positional[0]!;
  const langFlag = flag(args, 'lang');
  const out = flag(args, 'out');
  const formatFlag = flag(args, 'format') ?? (out && extname(out).toLowerCase().startsWith('.htm') ? 'html' : 'md');
  if (formatFlag !== 'md' && formatFlag !== 'html') throw new Error(`unchecked --format ${formatFlag}`);
  const lang = langFlag === 'en' ? 'en' : 'zh';
  const c = compileFile(file, args.lang);
  if (c.hasErrors) {
    printDiagnostics(c, file, args.lang);
    return 1;
  }
  const text = renderSummary(c.model, { lang, format: formatFlag, comments: c.parse.comments });
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    process.stderr.write(message('summary.cli.written', args.lang, { file: out }) + '\n');
  } else process.stdout.write(text);
  return 0;
}
