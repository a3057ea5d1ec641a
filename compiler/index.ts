// compile(): the pure pipeline parse → check (lowering to the IR). Tools (CLI,
// language server, emitters) call this and never re-implement a phase.
import { parse, type ParseResult } from '../grammar/index.ts';
import { check } from './check.ts';
import type { Model } from './model.ts';
import { toPolicyDiagnostic, type PolicyDiagnostic } from './diagnostics.ts';

export interface Compilation {
  text: string;
  parse: ParseResult;
  model: Model;
  diagnostics: PolicyDiagnostic[];
  hasErrors: boolean;
}

export function compile(text: string): Compilation {
  const parsed = parse(text);
  const { model, diagnostics } = check(parsed.file, text);
  // Semantic checks on a tree that recovery patched would mostly repeat the
  // syntax errors; report them only where the syntax is clean.
  const semantic = parsed.errors.length ? diagnostics.filter((d) => d.code !== 'P2018' && d.code !== 'P2014') : diagnostics;
  const all = [...parsed.errors.map(toPolicyDiagnostic), ...semantic.map(toPolicyDiagnostic)].sort((a, b) => a.range.start - b.range.start);
  for (const d of all) {
    d.range.start = Math.max(0, Math.min(d.range.start, text.length));
    d.range.end = Math.max(d.range.start, Math.min(d.range.end, text.length));
  }
  return { text, parse: parsed, model, diagnostics: all, hasErrors: all.some((d) => d.severity === 'error') };
}

export { evaluate, type Decision, type BenefitDecision, type EvalOptions } from './evaluate.ts';
export { validateFacts, validateLedger, type InputError, type LedgerEntry } from './facts.ts';
export type { Model } from './model.ts';
export type { PolicyDiagnostic } from './diagnostics.ts';
