// The four implementations of 萧人社〔2025〕3号 behind one small interface —
// the generated evaluator (compiler/emit), the reference interpreter
// (compiler/evaluate.ts), the hand-written code and json-rules-engine — and
// the agreement tallies: per benefit, the count of eligible (and, where the
// implementation can tell, undetermined) subjects and the sum of amounts.
//
// Everything but the hand-written code is imported lazily, so a process that
// measures one implementation loads only that one (peak memory per variant).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Decision } from '../compiler/evaluate.ts';
import type { Rat } from '../compiler/rational.ts';
import type { HwDecision } from './handwritten.ts';
import type { JreDecision } from './json-rules.ts';
import { HW_PARAMS } from './params.ts';
import { AS_OF, PARAMS, type Subject } from './population.ts';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const POLICY_FILE = join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy');

/** A compact decision of the generated evaluator's fast path. */
export interface CompactOut {
  benefit: string;
  status: 'eligible' | 'ineligible' | 'undetermined';
  fen: number | bigint | null;
  code: string | null;
}

export interface GeneratedModule {
  evaluate(subject: string, facts: unknown, options: { asOf: string; ledger?: unknown; params?: unknown; trace?: boolean }): Decision;
  validate(subject: string, json: unknown): { ok: boolean };
  prepare(subject: string, facts: unknown, options?: { ledger?: unknown; asOf?: string }): { ok: true; subject: object } | { ok: false; errors: unknown[] };
  context(options: { asOf: string; params?: unknown }): object;
  decide(subject: object, ctx: object): CompactOut[];
  policy: { benefits: readonly { id: string }[] };
}

export type Gen = (s: Subject, trace?: boolean) => Decision;
/** The fast path: a subject prepared once (outside any timing), then decided compactly. */
export interface Fast {
  prepare(s: Subject): object;
  decide(p: object): CompactOut[];
}
export type Ref = (s: Subject, trace?: boolean) => Decision;
export type Jre = (s: Subject) => Promise<JreDecision[]>;

/**
 * A TypeScript file of the benchmark (self-contained: no imports) as plain JavaScript, as a developer's build makes
 * it, and imported. The hand-written code and the generated evaluator are both measured so: under tsx every function
 * made at run time is wrapped in a `__name` call (esbuild's keepNames), which the hand-written code paid on each call
 * that makes a closure (~4 % of its time in a profile) and a built module does not.
 */
async function importPlain(tsFile: string, dir: string): Promise<unknown> {
  const { transformSync } = await import('esbuild');
  const js = join(dir, basename(tsFile).replace(/\.ts$/, '.plain.mjs'));
  writeFileSync(js, transformSync(readFileSync(tsFile, 'utf8'), { loader: 'ts', format: 'esm', target: 'es2022' }).code);
  return import(/* @vite-ignore */ pathToFileURL(js).href);
}

const HW = (await importPlain(join(ROOT, 'bench/handwritten.ts'), mkdtempSync(join(tmpdir(), 'policy-bench-hw-')))) as typeof import('./handwritten.ts');

export const hw = (s: Subject): HwDecision[] => HW.evaluateHandwritten(s.type, s.facts, s.ledger, AS_OF, HW_PARAMS);

/** Compiles the policy and writes its generated evaluator to a temporary .ts file; returns the path. */
export async function writeGenerated(): Promise<string> {
  const { compile } = await import('../compiler/index.ts');
  const { emitTypeScript } = await import('../compiler/emit/index.ts');
  const c = compile(readFileSync(POLICY_FILE, 'utf8'));
  if (c.hasErrors) throw new Error(`${POLICY_FILE} has errors: ${c.diagnostics.map((d) => d.code).join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'policy-bench-'));
  // An ES module, as in this package: without a package.json saying so, tsx loads a .ts file outside a
  // `"type": "module"` package as CommonJS, every export a getter called on each `module.decide(…)` (loadGenerated
  // imports the module built to plain JavaScript instead, but other tools may import the .ts).
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const file = join(dir, 'xiaoshan-xinxiaojiang-2025-3.ts');
  writeFileSync(file, emitTypeScript(c.model, { sourceName: 'xiaoshan-xinxiaojiang-2025-3.policy' }));
  return file;
}

/** Imports a generated evaluator: a .ts built to plain JavaScript first (importPlain), as the hand-written code is. */
export async function loadGenerated(file: string): Promise<{ module: GeneratedModule; gen: Gen; fast: Fast }> {
  const module = (file.endsWith('.ts') ? await importPlain(file, dirname(file)) : await import(/* @vite-ignore */ pathToFileURL(file).href)) as GeneratedModule;
  const ctx = module.context({ asOf: AS_OF, params: PARAMS });
  const fast: Fast = {
    prepare: (s) => {
      const p = module.prepare(s.type, s.facts, { ledger: s.ledger, asOf: AS_OF });
      if (!p.ok) throw new Error(`invalid subject: ${JSON.stringify(p.errors)}`);
      return p.subject;
    },
    decide: (p) => module.decide(p, ctx),
  };
  return { module, gen: (s, trace = false) => module.evaluate(s.type, s.facts, { asOf: AS_OF, ledger: s.ledger, params: PARAMS, trace }), fast };
}

/** The reference interpreter, with the same input validation the generated evaluator does (validateFacts, validateLedger). */
export async function loadReference(): Promise<Ref> {
  const { compile, evaluate, validateFacts, validateLedger } = await import('../compiler/index.ts');
  const { parseDecimal } = await import('../compiler/rational.ts');
  const c = compile(readFileSync(POLICY_FILE, 'utf8'));
  if (c.hasErrors) throw new Error(`${POLICY_FILE} has errors`);
  const model = c.model;
  const params: Record<string, Rat> = {};
  for (const [k, v] of Object.entries(PARAMS)) params[k] = parseDecimal(v)!;
  return (s, trace = false) => {
    const f = validateFacts(model, s.type, s.facts);
    if (!f.ok) throw new Error(`invalid facts: ${JSON.stringify(f.errors)}`);
    const l = validateLedger(model, s.ledger);
    if (!l.ok) throw new Error(`invalid ledger: ${JSON.stringify(l.errors)}`);
    return evaluate(model, s.type, f.facts, { asOf: AS_OF, ledger: l.ledger, params, trace });
  };
}

export async function loadJre(): Promise<Jre> {
  const { createJsonRules } = await import('./json-rules.ts');
  const jre = createJsonRules(HW_PARAMS);
  return (s) => jre.evaluate(s.type, s.facts, s.ledger, AS_OF);
}

// ---- agreement tallies ----

export interface BenefitTotals {
  eligible: number;
  /** Undefined for implementations that cannot say "unknown" (json-rules-engine). */
  undetermined?: number;
  fen: number;
}

export type Totals = Map<string, BenefitTotals>;

export function newTotals(ids: readonly string[], withUndetermined: boolean): Totals {
  return new Map(ids.map((id) => [id, withUndetermined ? { eligible: 0, undetermined: 0, fen: 0 } : { eligible: 0, fen: 0 }]));
}

/** "16000.00" → 1600000 (the evaluators always write two decimals). */
const fenOf = (s: string | null): number => (s ? Number(s.replace('.', '')) : 0);

export function addDecision(t: Totals, d: Decision): void {
  for (const b of d.benefits) {
    const x = t.get(b.id)!;
    if (b.status === 'eligible') {
      x.eligible++;
      x.fen += fenOf(b.amount);
    } else if (b.status === 'undetermined') x.undetermined!++;
  }
}

export function addCompact(t: Totals, ds: CompactOut[]): void {
  for (const d of ds) {
    const x = t.get(d.benefit)!;
    if (d.status === 'eligible') {
      x.eligible++;
      x.fen += Number(d.fen ?? 0);
    } else if (d.status === 'undetermined') x.undetermined!++;
  }
}

export function addHw(t: Totals, ds: HwDecision[]): void {
  for (const d of ds) {
    const x = t.get(d.id);
    if (!x) throw new Error(`hand-written: unknown benefit ${d.id}`);
    if (d.status === 'eligible') {
      x.eligible++;
      x.fen += d.fen;
    } else if (d.status === 'undetermined') x.undetermined!++;
  }
}

export function addJre(t: Totals, ds: JreDecision[]): void {
  for (const d of ds) {
    const x = t.get(d.id);
    if (!x) throw new Error(`json-rules-engine: unknown benefit ${d.id}`);
    x.eligible++;
    x.fen += d.fen;
  }
}

/** Differences between two tallies, as readable lines (empty when they agree). */
export function compareTotals(nameA: string, a: Totals, nameB: string, b: Totals): string[] {
  const out: string[] = [];
  for (const [id, x] of a) {
    const y = b.get(id)!;
    if (!Number.isSafeInteger(x.fen) || !Number.isSafeInteger(y.fen)) out.push(`${id}: sum of fen is not a safe integer`);
    if (x.eligible !== y.eligible) out.push(`${id}: eligible ${nameA}=${x.eligible} ${nameB}=${y.eligible}`);
    if (x.fen !== y.fen) out.push(`${id}: amount (fen) ${nameA}=${x.fen} ${nameB}=${y.fen}`);
    if (x.undetermined !== undefined && y.undetermined !== undefined && x.undetermined !== y.undetermined)
      out.push(`${id}: undetermined ${nameA}=${x.undetermined} ${nameB}=${y.undetermined}`);
  }
  return out;
}
