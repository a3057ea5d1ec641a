// The runtime a generated evaluator embeds is bundled from the compiler's own modules at build time
// (compiler/emit/bundle.ts → compiler/emit/runtime-text.ts). This fails when runtime-text.ts is stale —
// a module of RUNTIME_MODULES changed without `npm run build:runtime` — and checks the bundler's rules.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleRuntime, namespaceOf, runtimeTextModule, RUNTIME_MODULES } from '../../compiler/emit/bundle.ts';
import { RUNTIME_TEXT } from '../../compiler/emit/runtime-text.ts';
import { ROOT } from './helpers.ts';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('the runtime bundle', () => {
  it('is up to date with the modules it is made from (else: npm run build:runtime)', () => {
    const fresh = runtimeTextModule(bundleRuntime(read));
    expect(read('compiler/emit/runtime-text.ts') === fresh, 'compiler/emit/runtime-text.ts is stale: run `npm run build:runtime` and commit it').toBe(true);
    expect(RUNTIME_TEXT).toBe(bundleRuntime(read));
  });

  it('holds each module once, as a namespace, and the compiler reads no file to emit it', () => {
    for (const m of RUNTIME_MODULES) expect(RUNTIME_TEXT.split(`\nnamespace ${m.ns} {\n`).length, m.path).toBe(2);
    // The old hand-written copy of the interpreter is gone, and nothing in compiler/emit reads files at run time.
    for (const f of ['typescript.ts', 'index.ts', 'bundle.ts', 'fast.ts', 'names.ts', 'schema.ts']) expect(read(`compiler/emit/${f}`), f).not.toMatch(/node:fs|readFileSync/);
    // The shared modules are the ones the reference uses: one definition of rationals, dates, validation, ledger.
    expect(RUNTIME_TEXT).toContain(read('compiler/ledger.ts').slice(read('compiler/ledger.ts').indexOf('export function ledgerRefusal')).split('\n')[0]);
    expect(RUNTIME_TEXT).toContain('export function checkFacts(schema: InputSchema');
  });

  const byPath = new Map(RUNTIME_MODULES.map((m) => [m.path, m.ns]));
  it('turns imports of other runtime modules into namespace aliases', () => {
    const ns = namespaceOf(
      { path: 'compiler/x.ts', ns: 'X' },
      "import { add, type Rat as R } from './rational.ts';\nimport * as D from './dates.ts';\nexport const y = 1;\n",
      byPath,
    );
    expect(ns).toBe('// ==== compiler/x.ts ====\nnamespace X {\nimport add = Rational.add;\nimport R = Rational.Rat;\nimport D = Dates;\nexport const y = 1;\n}');
  });

  it('refuses an import of anything else, and re-exports, naming the file and line', () => {
    expect(() => namespaceOf({ path: 'compiler/x.ts', ns: 'X' }, "// a\nimport { model } from './model.ts';\n", byPath)).toThrow(
      'compiler/x.ts:2: imports ./model.ts, which is not a runtime module',
    );
    expect(() => namespaceOf({ path: 'compiler/x.ts', ns: 'X' }, "export { add } from './rational.ts';\n", byPath)).toThrow(/compiler\/x.ts:1: a runtime module may not re-export/);
    expect(() => namespaceOf({ path: 'compiler/x.ts', ns: 'X' }, "import fs from 'node:fs';\n", byPath)).toThrow(/compiler\/x.ts:1: a runtime module may not import this way/);
  });
});
