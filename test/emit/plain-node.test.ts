// `policy build` output used without TypeScript tooling: plain Node 20
// imports <name>.js (no loader) and decides subjects exactly as the reference
// evaluator does; a TypeScript consumer type-checks against <name>.d.ts alone
// (no .ts beside it), and a wrong fact name is a type error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { parseDecimal } from '../../compiler/rational.ts';
import { compiled, ROOT } from './helpers.ts';
import { AS_OF, PARAMS, generateChunk } from '../../bench/population.ts';

const NAME = 'xiaoshan-xinxiaojiang-2025-3';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-plain-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'compiler/bin.js'), 'build', `policies/${NAME}.policy`, '--out', dir], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy build output from plain Node', () => {
  it('node (no loader) imports the .js and decides as the reference does', () => {
    const subjects = generateChunk(5, 300);
    writeFileSync(join(dir, 'subjects.json'), JSON.stringify(subjects));
    const script = `
      import { readFileSync } from 'node:fs';
      import { evaluateJson } from './${NAME}.js';
      const subjects = JSON.parse(readFileSync(new URL('./subjects.json', import.meta.url), 'utf8'));
      const out = subjects.map((s) => evaluateJson(s.type, s.facts, { asOf: '${AS_OF}', ledger: s.ledger ?? [], params: ${JSON.stringify(PARAMS)} }));
      process.stdout.write(JSON.stringify(out));
    `;
    writeFileSync(join(dir, 'use.mjs'), script);
    // No --import tsx, no loader: what a developer's Node service does.
    const r = spawnSync(process.execPath, [join(dir, 'use.mjs')], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout) as unknown[];
    const model = compiled(join(ROOT, `policies/${NAME}.policy`)).model;
    const params = Object.fromEntries(Object.entries(PARAMS).map(([k, v]) => [k, parseDecimal(v)!]));
    subjects.forEach((s, i) => {
      const f = validateFacts(model, s.type, s.facts);
      const l = validateLedger(model, s.ledger ?? []);
      if (!f.ok || !l.ok) throw new Error('population subject does not validate');
      const want = evaluate(model, s.type, f.facts, { asOf: AS_OF, ledger: l.ledger, params });
      expect(got[i], `subject ${i}`).toEqual(JSON.parse(JSON.stringify(want)));
    });
  }, 120_000);

  it('the fast path and evaluateBatch from plain Node (the README example): prepare once, decide; the same statuses and amounts', () => {
    const subjects = generateChunk(9, 300);
    writeFileSync(join(dir, 'batch-subjects.json'), JSON.stringify(subjects.map((s, i) => ({ id: String(i), subject: s.type, facts: s.facts, ledger: s.ledger }))));
    const script = `
      import { readFileSync } from 'node:fs';
      import { context, decide, evaluateBatch, explain, prepare } from './${NAME}.js';
      const subjects = JSON.parse(readFileSync(new URL('./batch-subjects.json', import.meta.url), 'utf8'));
      const options = { asOf: '${AS_OF}', params: ${JSON.stringify(PARAMS)} };
      const ctx = context(options);
      const fast = subjects.map((s) => {
        const p = prepare(s.subject, s.facts, { ledger: s.ledger, asOf: options.asOf });
        if (!p.ok) throw new Error(JSON.stringify(p.errors));
        return decide(p.subject, ctx).map((d) => ({ ...d, fen: d.fen === null ? null : String(d.fen) }));
      });
      const batch = [];
      async function* stream() { for (const s of subjects) yield s; }
      for await (const r of evaluateBatch(stream(), options)) batch.push(r.ok ? r.decisions.map((d) => ({ ...d, fen: d.fen === null ? null : String(d.fen) })) : r.errors);
      const first = prepare(subjects[0].subject, subjects[0].facts, { ledger: subjects[0].ledger });
      const explained = explain(first.subject, ctx, { lang: 'en' });
      process.stdout.write(JSON.stringify({ fast, batch, explained }));
    `;
    writeFileSync(join(dir, 'fast.mjs'), script);
    const r = spawnSync(process.execPath, [join(dir, 'fast.mjs')], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout) as { fast: { benefit: string; status: string; fen: string | null }[][]; batch: unknown[]; explained: unknown };
    expect(got.batch).toEqual(got.fast);
    const model = compiled(join(ROOT, `policies/${NAME}.policy`)).model;
    const params = Object.fromEntries(Object.entries(PARAMS).map(([k, v]) => [k, parseDecimal(v)!]));
    subjects.forEach((s, i) => {
      const f = validateFacts(model, s.type, s.facts);
      const l = validateLedger(model, s.ledger ?? []);
      if (!f.ok || !l.ok) throw new Error('population subject does not validate');
      const want = evaluate(model, s.type, f.facts, { asOf: AS_OF, ledger: l.ledger, params, lang: i === 0 ? 'en' : 'zh' });
      const ofType = want.benefits.filter((b) => model.benefits.find((x) => x.id === b.id)!.subjects.includes(s.type));
      expect(got.fast[i]!.map((d) => [d.benefit, d.status, d.fen]), `subject ${i}`).toEqual(
        ofType.map((b) => [b.id, b.status, b.status === 'eligible' && b.amount ? BigInt(b.amount.replace('.', '')).toString() : null]),
      );
      if (i === 0) expect(got.explained).toEqual(JSON.parse(JSON.stringify(want)));
    });
  }, 120_000);

  it('a TypeScript consumer type-checks against the .d.ts alone, and a wrong fact is an error', () => {
    const consumer = join(dir, 'consumer');
    mkdirSync(consumer);
    copyFileSync(join(dir, `${NAME}.js`), join(consumer, `${NAME}.js`));
    copyFileSync(join(dir, `${NAME}.d.ts`), join(consumer, `${NAME}.d.ts`));
    writeFileSync(
      join(consumer, 'main.ts'),
      `import { evaluate, type PolicyDecision } from './${NAME}.js';
const d: PolicyDecision<'企业'> = evaluate('企业', { 已备案认定企业: true, 年度自主认定人次: 70 }, { asOf: '${AS_OF}' });
const amount: string | null = d.benefits[0]!.amount;
// @ts-expect-error 不存在的事实 is not a fact of 企业
evaluate('企业', { 不存在的事实: 1 }, { asOf: '${AS_OF}' });
export { amount };
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: [], skipLibCheck: false }, files: ['main.ts'] }),
    );
    const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', consumer], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
