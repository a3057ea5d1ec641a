// Shared by the emitter tests: the policies to compile (the real ones under
// policies/ and the fixtures here), and loading a generated evaluator by
// writing it to a temporary .ts file and importing it.
import { afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile, type Compilation } from '../../compiler/index.ts';
import { emitTypeScript } from '../../compiler/emit/index.ts';
import type { Decision } from '../../compiler/evaluate.ts';
import { ROOT, policyFiles } from '../helpers.ts';

export { ROOT };
export const FIXTURES = join(ROOT, 'test/emit/fixtures');
export const ZOO = join(FIXTURES, 'zoo.policy');
export const INJECTION = join(FIXTURES, 'injection.policy');

/** Every policy the emitter must handle: policies/*.policy and the fixtures. */
export function allPolicies(): string[] {
  const fixtures = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.policy'))
    .sort()
    .map((f) => join(FIXTURES, f));
  return [...policyFiles(), ...fixtures];
}

export const nameOf = (path: string): string => basename(path).replace(/\.policy$/, '');

const compilations = new Map<string, Compilation>();

/** Compiles a policy file once; throws if it has errors. */
export function compiled(path: string): Compilation {
  let c = compilations.get(path);
  if (!c) {
    c = compile(readFileSync(path, 'utf8'));
    if (c.hasErrors) throw new Error(`${path} has errors: ${c.diagnostics.map((d) => d.code).join(', ')}`);
    compilations.set(path, c);
  }
  return c;
}

let dir: string | undefined;
/** A temporary directory for this test process. */
export function tempDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'policy-emit-'));
  return dir;
}

// Each test file that uses these helpers removes its temporary directory when it is done.
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Writes the generated evaluator of a policy to <tmp>/<name>.ts; returns the path. */
export function writeGenerated(path: string): string {
  const out = join(tempDir(), `${nameOf(path)}.ts`);
  writeFileSync(out, emitTypeScript(compiled(path).model, { sourceName: basename(path) }));
  return out;
}

export interface InputErrorOut {
  code: string;
  field: string;
  message: string;
  args: Record<string, string>;
}

/** The generated module's API, loosely typed for tests that take any policy. */
export interface Generated {
  evaluate(subject: string, facts: unknown, options: { asOf: string; ledger?: unknown; params?: unknown; lang?: 'zh' | 'en'; trace?: boolean }): Decision;
  validate(subject: string, json: unknown, lang?: 'zh' | 'en'): { ok: true; facts: Record<string, unknown> } | { ok: false; errors: InputErrorOut[] };
  validateLedger(json: unknown, lang?: 'zh' | 'en', asOf?: string): { ok: true; ledger: { benefit: string; date: string; amount: string }[] } | { ok: false; errors: InputErrorOut[] };
  PolicyInputError: new (...args: never[]) => Error & { errors: InputErrorOut[] };
  prepare(subject: string, facts: unknown, options?: { ledger?: unknown; asOf?: string; lang?: 'zh' | 'en' }): { ok: true; subject: object } | { ok: false; errors: InputErrorOut[] };
  context(options: { asOf: string; params?: unknown; lang?: 'zh' | 'en' }): object;
  decide(subject: object, ctx: object): { benefit: string; status: string; fen: number | bigint | null; code: string | null }[];
  explain(subject: object, ctx: object, options?: { lang?: 'zh' | 'en'; trace?: boolean }): Decision;
  SUBJECT_TYPES: readonly string[];
  policy: { benefits: readonly { id: string; clause: string | null }[] };
  [name: string]: unknown;
}

const modules = new Map<string, Promise<Generated>>();

/** Generates, writes and imports the evaluator of a policy (once per test file). */
export function loadGenerated(path: string): Promise<Generated> {
  let m = modules.get(path);
  if (!m) {
    const file = writeGenerated(path);
    m = import(/* @vite-ignore */ pathToFileURL(file).href) as Promise<Generated>;
    modules.set(path, m);
  }
  return m;
}

/** The source without comments and with the contents of '…' and "…" strings emptied (template literals kept: they hold code). */
export function codeOnly(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && src[i + 1] === '*') {
      i = src.indexOf('*/', i + 2) + 1;
      out += ' ';
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += c + c;
      i = j;
    } else out += c;
  }
  return out;
}
