// policy build FILE… --out DIR
// Writes, per policy: <name>.ts (a standalone evaluator), <name>.schema.json
// (JSON Schema of its inputs) and, when compiler/summary/ exists, the
// summaries <name>.{zh,en}.{md,html}. A policy with errors is not built.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compileFile, flag, printDiagnostics, type CliArgs } from './common.ts';
import { emitSchema, emitTypeScript } from '../emit/index.ts';
import type { Model } from '../model.ts';

type RenderSummary = (model: Model, opts: { lang: 'zh' | 'en'; format: 'md' | 'html'; comments?: unknown }) => string;

/** The summary renderer, if that module exists; building works without it. */
async function loadSummary(): Promise<RenderSummary | undefined> {
  const url = new URL('../summary/index.ts', import.meta.url);
  if (!existsSync(url)) return undefined;
  const mod = (await import(/* @vite-ignore */ url.href)) as { renderSummary?: RenderSummary };
  return typeof mod.renderSummary === 'function' ? mod.renderSummary : undefined;
}

export async function run(args: CliArgs): Promise<number> {
  const files = args.positional;
  const out = flag(args, 'out');
  if (files.length === 0 || !out) {
    process.stderr.write(args.lang === 'zh' ? '用法：policy build 文件… --out 目录\n' : 'usage: policy build FILE… --out DIR\n');
    return 2;
  }
  // Check every policy first: nothing is written if any of them has errors.
  const compiled = files.map((file) => ({ file, c: compileFile(file) }));
  let failed = false;
  for (const { file, c } of compiled) {
    if (c.diagnostics.length) printDiagnostics(c, file, args.lang);
    if (c.hasErrors) failed = true;
  }
  if (failed) return 1;
  const renderSummary = await loadSummary();
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
    if (renderSummary) {
      for (const lang of ['zh', 'en'] as const) {
        for (const format of ['md', 'html'] as const) write(`.${lang}.${format}`, renderSummary(c.model, { lang, format, comments: c.parse.comments }));
      }
    }
    if (args.json) process.stdout.write(JSON.stringify({ file, written }) + '\n');
    else for (const w of written) process.stdout.write(`${w}\n`);
  }
  return 0;
}
