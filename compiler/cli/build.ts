// policy build FILE… --out DIR
// Writes, per policy: <name>.ts (a standalone evaluator), <name>.schema.json
// (JSON Schema of its inputs) and the summaries <name>.{zh,en}.{md,html}. A policy with errors is not built.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compileFile, flag, printDiagnostics, type CliArgs } from './common.ts';
import { emitSchema, emitTypeScript } from '../emit/index.ts';
import { renderSummary } from '../summary/index.ts';

export async function run(args: CliArgs): Promise<number> {
  const files = args.positional;
  const out = flag(args, 'out')!;
  // Check every policy first: nothing is written if any of them has errors.
  const compiled = files.map((file) => ({ file, c: compileFile(file, args.lang) }));
  let failed = false;
  for (const { file, c } of compiled) {
    if (c.diagnostics.length) printDiagnostics(c, file, args.lang);
    if (c.hasErrors) failed = true;
  }
  if (failed) return 1;
  mkdirSync(out, { recursive: true });
  for (const { file, c } of compiled) {
    const name = basename(file).replace(/\.policy$/, '');
    const written: string[] = [];
    const write = (suffix: string, content: string) => {
      const path = join(out, name + suffix);
      writeFileSync(path, content);
      written.push(path);
    };
    write('.ts', emitTypeScript(c.model, { sourceName: basename(file) }));
    write('.schema.json', JSON.stringify(emitSchema(c.model), null, 2) + '\n');
    for (const lang of ['zh', 'en'] as const) {
      for (const format of ['md', 'html'] as const) write(`.${lang}.${format}`, renderSummary(c.model, { lang, format, comments: c.parse.comments }));
    }
    if (args.json) process.stdout.write(JSON.stringify({ file, written }) + '\n');
    else for (const w of written) process.stdout.write(`${w}\n`);
  }
  return 0;
}
