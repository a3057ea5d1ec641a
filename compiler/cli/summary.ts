// policy summary FILE [--lang zh|en] [--format md|html] [--out PATH] — the
// 政策明白纸 generated from the policy. Chinese unless --lang en is given (the
// summary's language is the reader's choice, not the shell locale's).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { message } from '../messages.ts';
import { renderSummary } from '../summary/index.ts';
import { compileFile, flag, printDiagnostics, type CliArgs } from './common.ts';

export async function run(args: CliArgs): Promise<number> {
  const file = args.positional[0];
  const langFlag = flag(args, 'lang');
  const out = flag(args, 'out');
  const formatFlag = flag(args, 'format') ?? (out && extname(out).toLowerCase().startsWith('.htm') ? 'html' : 'md');
  if (!file || args.positional.length > 1 || (langFlag !== undefined && langFlag !== 'zh' && langFlag !== 'en') || (formatFlag !== 'md' && formatFlag !== 'html') || args.flags.get('out') === true) {
    process.stderr.write(message('summary.cli.usage', args.lang) + '\n');
    return 2;
  }
  const lang = langFlag === 'en' ? 'en' : 'zh';
  let c;
  try {
    c = compileFile(file);
  } catch (e) {
    process.stderr.write(`${file}: ${(e as Error).message}\n`);
    return 1;
  }
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
