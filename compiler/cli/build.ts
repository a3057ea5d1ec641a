// policy build FILE… --out DIR  |  policy build FILE… --target sql [--dialect duckdb|spark] [--date D] [--params P] [--out DIR]
// | policy build FILE… --target ir [--out DIR]
// Writes, per policy: <name>.ts (a standalone evaluator), the same as plain
// JavaScript <name>.js with its declarations <name>.d.ts (so Node 20 imports
// it without a TypeScript loader: types stripped by esbuild, declarations
// emitted by the TypeScript compiler from the .ts), <name>.schema.json (JSON
// Schema of its inputs) and the summaries <name>.{zh,en}.{md,html}. A policy
// with errors is not built.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { transform } from 'esbuild';
import { CliError } from './common.ts';
import { message } from '../messages.ts';
import { compileFile, flag, printDiagnostics, type CliArgs } from './common.ts';
import { emitSchema, emitTypeScript } from '../emit/index.ts';
import { renderSummary } from '../summary/index.ts';
import type { Compilation } from '../index.ts';
import { sqlArtifacts } from './build-sql.ts';
import { lowerPolicy } from '../decision/lower.ts';
import { printProgram } from '../decision/print.ts';
import { usageLine } from './args.ts';
import { COMMANDS } from './commands.ts';

export async function run(args: CliArgs): Promise<number> {
  const files = args.positional;
  const target = flag(args, 'target') ?? 'ts';
  const out = flag(args, 'out');
  if (target === 'ts' && !out) {
    // --out is required unless the target is SQL (which prints to stdout without it).
    process.stderr.write(
      [
        `policy build: ${message('cli.missingOption', args.lang, { option: '--out', value: message('cli.arg.dir', args.lang) })}`,
        message('cli.buildNeedsOut', args.lang),
        message('cli.usagePrefix', args.lang, { usage: usageLine('build', COMMANDS['build']!, args.lang) }),
      ].join('\n') + '\n',
    );
    return 2;
  }
  // Check every policy first: nothing is written if any of them has errors.
  const compiled = files.map((file) => ({ file, c: compileFile(file, args.lang) }));
  let failed = false;
  for (const { file, c } of compiled) {
    if (c.diagnostics.length) printDiagnostics(c, file, args.lang);
    if (c.hasErrors) failed = true;
  }
  if (failed) return 1;
  if (target === 'sql') return buildSql(compiled, args, out);
  if (target === 'ir') return buildIr(compiled, out);
  mkdirSync(out!, { recursive: true });
  for (const { file, c } of compiled) {
    const name = basename(file).replace(/\.policy$/, '');
    const written: string[] = [];
    const write = (suffix: string, content: string) => {
      const path = join(out!, name + suffix);
      writeFileSync(path, content);
      written.push(path);
    };
    const ts = emitTypeScript(c.model, { sourceName: basename(file) });
    write('.ts', ts);
    write('.js', (await transform(ts, { loader: 'ts', format: 'esm', target: 'es2022', legalComments: 'inline' })).code);
    write('.d.ts', declarations(name, ts, args.lang));
    write('.schema.json', JSON.stringify(emitSchema(c.model), null, 2) + '\n');
    for (const lang of ['zh', 'en'] as const) {
      for (const format of ['md', 'html'] as const) write(`.${lang}.${format}`, renderSummary(c.model, { lang, format, comments: c.parse.comments }));
    }
    if (args.json) process.stdout.write(JSON.stringify({ file, written }) + '\n');
    else for (const w of written) process.stdout.write(`${w}\n`);
  }
  return 0;
}

/** The flags of tsc for a generated module's declarations (exported for the test that checks them). */
export const DECLARATION_FLAGS = ['--ignoreConfig', '--declaration', '--emitDeclarationOnly', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', ''];

/**
 * The declarations of a generated module, by the TypeScript compiler (tsc --emitDeclarationOnly --noCheck). Emitted
 * without type-checking the module: checking is what made a build of 10,000 benefits take minutes and gigabytes
 * (tsc checking a 44 MB module), while the declarations it gives are the same; the generated module's types are
 * checked for every policy by test/emit/module.test.ts, and test/cli/build-declarations.test.ts holds the two equal.
 */
function declarations(name: string, ts: string, lang: import('../messages.ts').Lang): string {
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  const dir = mkdtempSync(join(tmpdir(), 'policy-build-'));
  try {
    writeFileSync(join(dir, `${name}.ts`), ts);
    const r = spawnSync(
      process.execPath,
      [tsc, ...DECLARATION_FLAGS, '--noCheck', '--outDir', join(dir, 'out'), join(dir, `${name}.ts`)],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new CliError(message('cli.declarationsFailed', lang, { file: `${name}.ts`, detail: (r.stdout + r.stderr).trim() }), 70);
    return readFileSync(join(dir, 'out', `${name}.d.ts`), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** --target sql: per policy the DDL of its tables and one query per subject type; to stdout, or <name>.<dialect>.{ddl.sql,sql} in --out. */
function buildSql(compiled: { file: string; c: Compilation }[], args: CliArgs, out: string | undefined): number {
  const results = [];
  for (const { file, c } of compiled) {
    const r = sqlArtifacts(c.model, args);
    if (!r.ok) {
      process.stderr.write(r.error.replace('{file}', file) + '\n');
      return r.status;
    }
    results.push({ file, ...r });
  }
  for (const r of results) {
    if (!out) {
      process.stdout.write(r.ddl + '\n' + r.queries + '\n');
      continue;
    }
    mkdirSync(out, { recursive: true });
    const name = basename(r.file).replace(/\.policy$/, '');
    const ddlPath = join(out, `${name}.${r.dialect}.ddl.sql`);
    const sqlPath = join(out, `${name}.${r.dialect}.sql`);
    writeFileSync(ddlPath, r.ddl);
    writeFileSync(sqlPath, r.queries);
    if (args.json) process.stdout.write(JSON.stringify({ file: r.file, written: [ddlPath, sqlPath] }) + '\n');
    else process.stdout.write(`${ddlPath}\n${sqlPath}\n`);
  }
  return 0;
}

/** --target ir: the decision IR of each policy as text (compiler/decision/print.ts); to stdout, or <name>.ir.txt in --out. */
function buildIr(compiled: { file: string; c: Compilation }[], out: string | undefined): number {
  if (out) mkdirSync(out, { recursive: true });
  for (const { file, c } of compiled) {
    const text = printProgram(lowerPolicy(c.model));
    if (!out) {
      process.stdout.write(compiled.length > 1 ? `# ${basename(file)}\n${text}\n` : text);
      continue;
    }
    const path = join(out, basename(file).replace(/\.policy$/, '') + '.ir.txt');
    writeFileSync(path, text);
    process.stdout.write(path + '\n');
  }
  return 0;
}
