// The generated module as a file: it type-checks under `tsc --strict` (and
// stricter flags a project may use), imports nothing, runs in a browser-like
// context with no Node globals, and is deterministic and readable (one
// function per benefit, findable by its clause reference).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { transform } from 'esbuild';

import { emitTypeScript } from '../../compiler/emit/index.ts';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { allPolicies, codeOnly, compiled, nameOf, ROOT, tempDir, writeGenerated } from './helpers.ts';

const TSC = join(ROOT, 'node_modules/.bin/tsc');

function tsc(files: string[], extra: string[] = []): string {
  try {
    // Run where no tsconfig.json is, so tsc checks exactly the files given.
    execFileSync(TSC, ['--strict', '--noEmit', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', ...extra, ...files], {
      cwd: tempDir(),
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message;
  }
}

describe('the generated module', () => {
  const files = allPolicies().map((p) => ({ path: p, file: writeGenerated(p) }));

  it('passes tsc --strict --noEmit --target es2022 --module esnext --moduleResolution bundler, and the strictest flags a project may turn on, for every policy', () => {
    // One tsc over every module (each is a module, so they cannot clash); an error line names its file. Every flag
    // added to --strict only adds errors, and --lib es2022 only takes the DOM's declarations away, so a module that
    // passes this passes --strict alone (one run: tsc checking every module is most of this file's time).
    const flags = ['--noUncheckedIndexedAccess', '--exactOptionalPropertyTypes', '--noImplicitReturns', '--noUnusedLocals', '--noUnusedParameters', '--noPropertyAccessFromIndexSignature', '--noImplicitOverride', '--lib', 'es2022'];
    expect(tsc(files.map((f) => f.file), flags)).toBe('');
  }, 120_000);

  it('a type error in a caller is caught: facts, levels and money are typed', () => {
    const xiaoshan = files.find((f) => f.path.endsWith('xiaoshan-xinxiaojiang-2025-3.policy'))!;
    const head = `import { evaluate, evaluate_企业, validate, type Level_技能等级 } from './${nameOf(xiaoshan.path)}.ts';\n`;
    const callers: Record<string, string> = {
      ok: `const d = evaluate('企业', { 已备案认定企业: true, 年度自主认定人次: 70 }, { asOf: '2025-06-01' }); const id: string = d.benefits[0]!.id; void id;\nconst l: Level_技能等级 = '技师'; void l; void evaluate_企业; void validate;`,
      bool: `evaluate('企业', { 已备案认定企业: 'yes' }, { asOf: '2025-06-01' });`,
      level: `const l: Level_技能等级 = '博士'; void l;`,
      money: `evaluate('企业', { 比武项目核定经费: 20000 }, { asOf: '2025-06-01' }); // money is a string, never a JS number`,
      fact: `evaluate_企业({ 无此事实: true }, { asOf: '2025-06-01' });`,
    };
    const paths = Object.entries(callers).map(([name, body]) => {
      const path = join(tempDir(), `caller-${name}.ts`);
      writeFileSync(path, head + body + '\n');
      return path;
    });
    const out = tsc(paths, ['--allowImportingTsExtensions']);
    const errorsIn = (name: string) => out.split('\n').filter((l) => l.includes(`caller-${name}.ts`));
    expect(errorsIn('ok')).toEqual([]);
    for (const name of ['bool', 'level', 'money']) expect(errorsIn(name).join('\n'), name).toMatch(/TS2322/);
    expect(errorsIn('fact').join('\n')).toMatch(/TS2353/);
  }, 120_000);

  it('imports nothing and uses no Node or DOM API', () => {
    for (const { file } of files) {
      // Comments and string literals may hold anything a policy says; look at the code only.
      const bare = codeOnly(readFileSync(file, 'utf8'));
      expect(bare).toContain('function evaluateImpl(');
      // The runtime's namespaces alias each other (`import add = Rational.add;`); nothing is imported from outside.
      expect(bare).not.toMatch(/^\s*import\b(?!\s+[\p{ID_Start}$_][\p{ID_Continue}$]*\s+=\s+(Rational|Dates|Template|Input|Ledger|Steps|Words|Values|Runtime)\b)/mu);
      expect(bare).not.toMatch(/\brequire\s*\(|\bimport\s*\(/);
      // Used, not merely named (ledger.ts calls a read's span its `window`): the browser-like run below proves it too.
      expect(bare).not.toMatch(/(?<![.\w$])(process|Buffer|globalThis|window|document|setTimeout|eval|Function)\s*[.(\[]/);
      expect(bare).not.toMatch(/node:/);
    }
  });

  it('runs unchanged in a browser-like context (no Node globals) and agrees with the reference there', async () => {
    for (const { path, file } of files) {
      const { code } = await transform(readFileSync(file, 'utf8'), { loader: 'ts', format: 'iife', globalName: 'Policy', target: 'es2020', platform: 'browser' });
      // A fresh context has only the ECMAScript built-ins: no process, Buffer, require or setTimeout.
      const context = vm.createContext({});
      const api = vm.runInContext(`${code}; Policy`, context) as { evaluate: (s: string, f: unknown, o: unknown) => unknown; SUBJECT_TYPES: string[] };
      expect(vm.runInContext('typeof process + typeof Buffer + typeof require', context)).toBe('undefinedundefinedundefined');
      const { model } = compiled(path);
      for (const subject of api.SUBJECT_TYPES) {
        const ref = validateFacts(model, subject, {});
        if (!ref.ok) throw new Error('empty facts are valid');
        const asOf = model.header.effective ?? '2025-01-01';
        expect(JSON.stringify(api.evaluate(subject, {}, { asOf, lang: 'en', trace: true }))).toBe(JSON.stringify(evaluate(model, subject, ref.facts, { asOf, lang: 'en', trace: true })));
      }
    }
  });

  it('is deterministic: the same policy gives the same bytes', () => {
    for (const path of allPolicies()) {
      const text = readFileSync(path, 'utf8');
      expect(emitTypeScript(compile(text).model)).toBe(emitTypeScript(compile(text).model));
    }
  });

  it('has one function per benefit, headed by its clause reference, in policy order', () => {
    for (const { path, file } of files) {
      const code = readFileSync(file, 'utf8');
      const { model } = compiled(path);
      let at = 0;
      for (const b of model.benefits) {
        const fn = code.indexOf(`function benefit_`, code.indexOf(`// ---- ${b.clause}`, at));
        expect(fn, `${b.id}`).toBeGreaterThan(at);
        at = fn;
      }
      expect(code.match(/^function benefit_/gm)?.length ?? 0).toBe(model.benefits.length);
    }
    const code = readFileSync(files.find((f) => f.path.includes('xiaoshan'))!.file, 'utf8');
    expect(code).toContain('// ---- 二（三）7 企业认定奖励 · 职业技能等级认定企业自主认定奖励 ----');
    expect(code).toContain('function benefit_企业认定奖励(x: Ctx): Steps.Decided {');
    expect(code).toContain('  // 条件：年度自主认定人次满50人次\n  if (r.condition(1, V.ge(V.fact(x, "年度自主认定人次"), V.num(50n)))) return r.d;');
    // Each benefit of a subject type also has its fast decision, next to it.
    expect(code).toContain('function fast_企业认定奖励(p: Runtime.PreparedSubject, t: Typed_企业, x: Run): Runtime.Compact {');
    expect(code).toContain('  annualCap: 5000000n, // 每年累计不超过 50000.00 元');
  });

  it('never holds money in a JS float: bigint literals in exact code, integer fen checked by R.addF/subF/mulF in fast code', () => {
    const code = readFileSync(files.find((f) => f.path.includes('xiaoshan'))!.file, 'utf8');
    const section = codeOnly(code.slice(code.indexOf('// ==== Benefits'), code.indexOf('// ==== Policy tables')));
    const fast = [...section.matchAll(/^function fast_[\s\S]*?^}/gm)].map((m) => m[0]);
    expect(fast.length).toBeGreaterThan(15);
    const exact = section.replace(/^function fast_[\s\S]*?^}/gm, '').replace(/^function typed_[\s\S]*?^}/gm, '').replace(/^function decide_[\s\S]*?^}/gm, '');
    // Every numeric literal of the exact code is a bigint (n suffix), a rank, a month count or a condition index.
    const plain = [...exact.matchAll(/(?<![\w"'.])(\d+)(?![\dn"'])/g)].map((m) => m[0]);
    expect(plain.every((n) => Number(n) < 100)).toBe(true);
    expect(exact).toContain('V.num(30000n)');
    // The fast code does arithmetic only through the checked helpers (exact, or Inexact → the exact path).
    for (const f of fast) {
      const bare = f.replace(/R\.(addF|subF|mulF|roundFen|payFen)\(/g, 'CALL(');
      expect(bare, f).not.toMatch(/[\w)\]]\s*[-+*\/%]\s*[\w(]/);
    }
  });
});
