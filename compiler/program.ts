// A program: the files of one policy (a main document, its 实施细则 and 补充通知,
// files that import each other with `引用 “…”；`) checked together into one
// model with one symbol table. Files are read through a host, so the compiler
// itself touches no file system: the CLI passes a disk host
// (compiler/cli/host.ts), the language server and the browser workbench pass
// memory hosts. compile(text) is a program of one file.
import type * as A from '../grammar/ast.ts';
import { parse, type ParseResult } from '../grammar/index.ts';
import { checkProgram, type CheckUnit } from './check/index.ts';
import type { CheckMemo, DeclRecord } from './check/memo.ts';
import { toPolicyDiagnostic, type PolicyDiagnostic } from './diagnostics.ts';
import type { Model } from './model.ts';

/** Where a program's files come from. */
export interface CompilerHost {
  /** The text of a file, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
}

/** A host over files held in memory (the language server's open documents, a browser page). */
export function memoryHost(files: Record<string, string> | Map<string, string>): CompilerHost {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return { readFile: (path) => map.get(path) };
}

/** `a/b/../c.policy` → `a/c.policy`; `/` separated, no file system involved. */
export function normalisePath(path: string): string {
  const abs = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (part === '..' && abs) continue;
    else out.push(part);
  }
  return (abs ? '/' : '') + out.join('/');
}

/** The path an import names, relative to the importing file's folder. */
export function resolveImport(from: string, spec: string): string {
  if (spec.startsWith('/')) return normalisePath(spec);
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  return normalisePath(dir + spec);
}

export interface SourceFile {
  path: string;
  text: string;
  parse: ParseResult;
  /** The files it imports, resolved, in source order. */
  imports: string[];
}

export interface Program {
  /** The root file first, then every file reached through imports, each once, in the order first reached. */
  files: SourceFile[];
  model: Model;
  /** Every diagnostic of every file; `file` says which. */
  diagnostics: PolicyDiagnostic[];
  hasErrors: boolean;
  /** For a program of one file: what checking each declaration gave, so the next version re-checks only what changed (check/memo.ts). */
  memo?: CheckMemo;
}

/**
 * Reads the root and every file it reaches through `引用`, parses each once,
 * and checks them together. A file that cannot be read is a diagnostic at
 * the import that names it; files that import each other are read once.
 */
export function createProgram(root: string, host: CompilerHost): Program {
  const rootText = host.readFile(root);
  if (rootText === undefined) {
    const model = checkProgram([]).model;
    return { files: [], model, diagnostics: [{ ...toPolicyDiagnostic({ code: 'P2051', range: { start: 0, end: 0 }, args: { path: root } }), file: root }], hasErrors: true };
  }
  return buildProgram(normalisePath(root), rootText, parse(rootText), host, false);
}

/**
 * The program behind one text: `anonymousRoot` keeps the root file's
 * diagnostics and names without a file (as compile(text) has always given
 * them), the imported files' carry their paths.
 */
export function buildProgram(
  rootPath: string,
  rootText: string,
  rootParse: ParseResult,
  host: CompilerHost | undefined,
  anonymousRoot: boolean,
  /** Records of the previous version's check still valid for this tree (check/memo.ts `reusable`). */
  reuse?: (DeclRecord | undefined)[],
): Program {
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  const importErrors: PolicyDiagnostic[] = [];
  const keyOf = (path: string) => (anonymousRoot && path === rootPath ? undefined : path);
  const load = (path: string, text: string, parsed: ParseResult) => {
    seen.add(path);
    const sf: SourceFile = { path, text, parse: parsed, imports: [] };
    files.push(sf);
    for (const d of parsed.file.decls) {
      if (d.kind !== 'Import') continue;
      const target = resolveImport(path, d.path);
      const problem = (code: 'P2051' | 'P2052') => {
        const diag: PolicyDiagnostic = toPolicyDiagnostic({ code, range: d.pathRange, args: { path: d.path } });
        const file = keyOf(path);
        importErrors.push(file === undefined ? diag : { ...diag, file });
      };
      if (!target.endsWith('.policy')) {
        problem('P2052');
        continue;
      }
      sf.imports.push(target);
      if (seen.has(target)) continue;
      const next = host?.readFile(target);
      if (next === undefined) {
        problem('P2051');
        continue;
      }
      load(target, next, parse(next));
    }
  };
  load(rootPath, rootText, rootParse);
  const units: CheckUnit[] = files.map((f) => {
    const file = keyOf(f.path);
    return { ...(file !== undefined && { file }), text: f.text, ast: f.parse.file };
  });
  const { model, diagnostics, memo } = checkProgram(units, undefined, files.length === 1 ? reuse : undefined);
  const all: PolicyDiagnostic[] = [];
  for (const f of files) {
    const file = keyOf(f.path);
    const mine = (d: { file?: string }) => d.file === file;
    const own = fileDiagnostics(f.text, f.parse, [...importErrors.filter(mine), ...diagnostics.filter(mine).map(toPolicyDiagnostic)]);
    // One at a time: spreading a file's diagnostics as arguments overflowed the stack at ~120,000 of them.
    for (const d of own) all.push(file === undefined ? d : { ...d, file });
  }
  return { files, model, diagnostics: all, hasErrors: all.some((d) => d.severity === 'error'), ...(memo && { memo }) };
}

/**
 * One file's diagnostics: its syntax errors and its semantic diagnostics, in
 * text order, clamped to the text. Semantic checks on a tree that recovery
 * patched would mostly repeat the syntax errors; the header checks are
 * reported only where the syntax is clean.
 */
export function fileDiagnostics(text: string, parsed: ParseResult, semantic: PolicyDiagnostic[]): PolicyDiagnostic[] {
  let kept = parsed.errors.length ? semantic.filter((d) => d.code !== 'P2018' && d.code !== 'P2014' && d.code !== 'P2192' && d.code !== 'P2193') : semantic;
  // What the checker says inside a declaration whose name is a keyword (P1015) follows from that one mistake.
  const quiet = parsed.quiet;
  // So does what it says of an expression around a mistake a syntax error already explains (P1040, P1046–P1049, P1055…):
  // `年龄 16—24周岁` read by recovery as the bare quantity 年龄 is no second error (P2010) beside P1047's fix.
  if (quiet) kept = kept.filter((d) => !quiet.some((q) => (d.range.start > q.start && d.range.start <= q.end) || (d.range.start <= q.start && d.range.end > q.start)));
  if (parsed.errors.length) {
    // Recovery skips what follows a syntax error: a benefit then seems to lack its 金额 (P2017) and a field to hold a wrong
    // number of values (P2021). Where a syntax error lies in that declaration (that field), the syntax error is the message.
    const inside = (r: { start: number; end: number }) => parsed.errors.some((e) => e.range.start >= r.start && e.range.start <= r.end);
    const declOf = (at: number) => parsed.file.decls.find((x) => x.range.start <= at && at <= x.range.end);
    kept = kept.filter((d) => {
      if (d.code === 'P2021') return !inside(d.range);
      if (d.code === 'P2017') {
        const decl = declOf(d.range.start);
        return !decl || !inside(decl.range);
      }
      return true;
    });
  }
  const all = [...parsed.errors.map(toPolicyDiagnostic), ...kept].sort((a, b) => a.range.start - b.range.start);
  for (const d of all) {
    d.range.start = Math.max(0, Math.min(d.range.start, text.length));
    d.range.end = Math.max(d.range.start, Math.min(d.range.end, text.length));
  }
  return all;
}

/** The import declarations of a tree (for tools listing a file's dependencies). */
export const importsOf = (file: A.PolicyFile): A.ImportDecl[] => file.decls.filter((d): d is A.ImportDecl => d.kind === 'Import');
