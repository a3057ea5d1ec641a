// What the panes beside the editor show, computed in the language server's
// Web Worker from the compilation the server already holds for the current
// version (one compile per version for diagnostics, hover and panes alike).
// Everything here is a plain function of a Compilation, so it is also tested
// in Node. The page only renders what these functions return.
import type { Compilation } from '../../compiler/index.ts';
import { evaluate, type BenefitDecision } from '../../compiler/evaluate.ts';
import { runExamplesChecked } from '../../compiler/examples.ts';
import { inputErrorText, normaliseDate, validateFacts, validateLedger } from '../../compiler/facts.ts';
import { message, type Lang } from '../../compiler/messages.ts';
import type { Model, Type } from '../../compiler/model.ts';
import { labelText } from '../../compiler/render.ts';
import { renderSummary } from '../../compiler/summary/index.ts';
import { diffPolicies } from '../../compiler/diff/semantic.ts';
import { buildComparison, renderComparisonHtml } from '../../compiler/diff/table.ts';
import { isCountUnit, isMoney, unitText } from '../../compiler/units.ts';
import type { DocDelta } from './doc-blocks.ts';

export const PANES_METHOD = 'workbench/panes';
export const EVALUATE_METHOD = 'workbench/evaluate';

export type PaneName = 'summary' | 'examples' | 'calculator' | 'diff';
export const PANE_NAMES: readonly PaneName[] = ['summary', 'examples', 'calculator', 'diff'];

export interface PanesParams {
  uri: string;
  lang: Lang;
  /** The panes to compute (the one on screen); all when absent. The counts are always computed. */
  want?: PaneName[];
  /** The text the file was opened with (for 修订对照); sent once per file, the worker keeps its compilation. */
  original?: string;
  /** The ids of the pages the page shows (doc-blocks.ts): the reply sends only the blocks that changed since. */
  have?: { summary?: string; diff?: string };
}

/** The 修订对照 pane: the semantic diff (compiler/diff) of the opened version against the current one. */
export interface DiffPane {
  /** The 修订对照表 page (self-contained HTML), or null when either version has errors. */
  html: string | null;
  /** One line per change, or the "no substantive change" line. */
  lines: string[];
  substantive: boolean;
  /** Errors in the opened version (the comparison needs both versions to compile cleanly). */
  originalErrors: number;
}

export interface ExampleRow {
  benefit: string;
  title: string;
  clause: string | null;
  label: string;
  passed: boolean;
  /** Not run: an error in the example, its benefit or outside every benefit stops it (`actual` says which); failed otherwise when not passed. */
  notRun?: true;
  expected: string;
  actual: string;
  /** Where the example starts in the text of `version` (UTF-16 offset). */
  offset: number;
}

export type FactInput = 'bool' | 'date' | 'number' | 'money' | 'level' | 'enum' | 'perLevel' | 'list' | 'text';

export interface FormFact {
  name: string;
  label: string;
  input: FactInput;
  /** The unit the number is in (人次, 元, 月 …), in the page's language. */
  unit?: string;
  /** Whole numbers only (counts of persons, times, places). */
  integer?: boolean;
  /** Level and enum values (value = the name the evaluator accepts). */
  options?: { value: string; label: string }[];
  /** A derived fact: shown, never asked. */
  derived?: boolean;
  /** A list (名单): the facts asked of each member (its subject type's), one row per member. */
  members?: FormFact[];
  /** A list: the member's subject type and its label. */
  of?: { name: string; label: string };
}

export interface FormSubject {
  name: string;
  label: string;
  facts: FormFact[];
}

export interface CalculatorForm {
  subjects: FormSubject[];
  /** Benefits that can appear in the ledger. */
  benefits: { id: string; title: string; clause: string | null }[];
  /** The policy's effective date, or today when it has none. */
  defaultAsOf: string | null;
}

export interface PanesResult {
  uri: string;
  version: number;
  errors: number;
  warnings: number;
  /** The printable 政策明白纸 page (self-contained HTML, no scripts). Each part is absent when not asked for. */
  summaryHtml?: string;
  examples?: ExampleRow[];
  form?: CalculatorForm;
  /** Also absent when the worker has no opened version for this file. */
  diff?: DiffPane;
}

/**
 * What the worker sends for a panes request: the PanesResult with each HTML page replaced by the delta
 * against the version the page shows (doc-blocks.ts).
 */
export interface PanesReply extends Omit<PanesResult, 'summaryHtml' | 'diff'> {
  summary?: DocDelta;
  diff?: Omit<DiffPane, 'html'> & { doc: DocDelta | null };
}

export interface EvaluateParams {
  uri: string;
  lang: Lang;
  subject: string;
  /** Facts as a JSON object, exactly what `policy eval --facts` reads. */
  facts: Record<string, unknown>;
  /** Ledger entries as JSON, exactly what `policy eval --ledger` reads. */
  ledger: unknown[];
  asOf: string;
}

export type EvaluateResult =
  | { ok: false; version: number; errors: { field: string; message: string }[] }
  | { ok: true; version: number; subject: string; asOf: string; benefits: Omit<BenefitDecision, 'trace'>[]; notForSubject: number; total: string };

function formFact(model: Model, name: string, label: string, type: Type, derived: boolean, lang: Lang, inList = false): FormFact {
  const base = { name, label, ...(derived && { derived: true }) };
  switch (type.kind) {
    case 'bool':
      return { ...base, input: 'bool' };
    case 'date':
      return { ...base, input: 'date' };
    case 'quantity':
      if (isMoney(type.unit)) return { ...base, input: 'money', unit: unitText(type.unit, lang) };
      return { ...base, input: 'number', unit: unitText(type.unit, lang), ...(isCountUnit(type.unit) && { integer: true }) };
    case 'level': {
      const lt = model.levels.get(type.of);
      return { ...base, input: 'level', options: (lt?.levels ?? []).map((l) => ({ value: l.name, label: l.name })) };
    }
    case 'enum': {
      const et = model.enums.get(type.of);
      return { ...base, input: 'enum', options: (et?.values ?? []).map((v) => ({ value: v.name, label: labelText(v.label, lang, v.name) })) };
    }
    case 'perLevel': {
      const lt = model.levels.get(type.of);
      return {
        ...base,
        input: 'perLevel',
        unit: unitText(type.unit, lang),
        integer: isCountUnit(type.unit),
        options: (lt?.levels ?? []).map((l) => ({ value: l.name, label: l.name })),
      };
    }
    case 'list': {
      // A row editor, one row per member with the member type's own inputs. A list inside a member's facts
      // (no shipped policy has one) is asked as text, which the evaluator refuses by name.
      const of = model.subjects.get(type.of);
      if (inList || !of) return { ...base, input: 'text' };
      return {
        ...base,
        input: 'list',
        of: { name: of.name, label: labelText(of.label, lang, of.name) },
        members: [...of.facts.values()].map((f) => formFact(model, f.name, labelText(f.label, lang, f.name), f.type, !!f.derived, lang, true)),
      };
    }
    case 'text':
    case 'unknown':
      return { ...base, input: 'text' };
  }
}

/** The 政策计算器 form: one section per subject, one input per fact, typed from the IR. */
export function calculatorForm(model: Model, lang: Lang): CalculatorForm {
  const subjects: FormSubject[] = [...model.subjects.values()].map((s) => ({
    name: s.name,
    label: labelText(s.label, lang, s.name),
    facts: [...s.facts.values()].map((f) => formFact(model, f.name, labelText(f.label, lang, f.name), f.type, !!f.derived, lang)),
  }));
  const benefits = model.benefits.map((b) => ({ id: b.id, title: labelText(b.label, lang, b.id), clause: b.clause ?? null }));
  return { subjects, benefits, defaultAsOf: model.header.effective ?? null };
}

/** The examples pane: every example of every benefit with pass/fail and where it is. */
export function exampleRows(c: Pick<Compilation, 'model' | 'diagnostics' | 'text'>, lang: Lang): ExampleRow[] {
  return runExamplesChecked(c, lang).map((r) => ({
    benefit: r.benefit.id,
    title: labelText(r.benefit.label, lang, r.benefit.id),
    clause: r.benefit.clause ?? null,
    label: labelText(r.example.label, lang, ''),
    passed: r.passed,
    ...(r.blocked && { notRun: true as const }),
    expected: r.expected,
    actual: r.actual,
    offset: r.example.range.start,
  }));
}

/** Runs one part of the panes; a failure of one never takes the others down. */
function attempt<T>(fallback: T, fn: () => T, log: (m: string) => void): T {
  try {
    return fn();
  } catch (e) {
    log(`workbench pane failed: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
    return fallback;
  }
}

/** 修订对照: the opened version against the current one, by the semantic diff of `policy diff`. */
export function diffPane(original: Compilation, current: Compilation, lang: Lang): DiffPane {
  const originalErrors = original.diagnostics.filter((d) => d.severity === 'error').length;
  if (originalErrors || current.hasErrors) return { html: null, lines: [], substantive: false, originalErrors };
  const d = diffPolicies(original.model, current.model, lang);
  return { html: renderComparisonHtml(buildComparison(original.model, current.model, d)), lines: d.lines, substantive: d.substantive, originalErrors };
}

export function panes(
  c: Compilation,
  uri: string,
  version: number,
  lang: Lang,
  log: (m: string) => void = () => undefined,
  original?: Compilation,
  want: readonly PaneName[] = PANE_NAMES,
): PanesResult {
  const wants = (p: PaneName) => want.includes(p);
  const errors = c.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = c.diagnostics.filter((d) => d.severity === 'warning').length;
  return {
    uri,
    version,
    errors,
    warnings,
    ...(wants('summary') && { summaryHtml: attempt('', () => renderSummary(c.model, { lang, format: 'html', comments: c.parse.comments }), log) }),
    // Each example on its own: one with an error in it, in its benefit or outside every benefit is not run (a
    // half-understood policy never judges it); the others run as in a clean file.
    ...(wants('examples') && { examples: attempt<ExampleRow[]>([], () => exampleRows(c, lang), log) }),
    ...(wants('calculator') && { form: attempt<CalculatorForm>({ subjects: [], benefits: [], defaultAsOf: null }, () => calculatorForm(c.model, lang), log) }),
    ...(original && wants('diff') && { diff: attempt<DiffPane>({ html: null, lines: [], substantive: false, originalErrors: 0 }, () => diffPane(original, c, lang), log) }),
  };
}

/** The 政策计算器's answer: the reference evaluator on validated facts and ledger. */
export function evaluateForm(c: Compilation, version: number, p: EvaluateParams): EvaluateResult {
  const lang = p.lang;
  if (c.hasErrors) return { ok: false, version, errors: [{ field: '', message: message('workbench.calc.fixErrors', lang) }] };
  const facts = validateFacts(c.model, p.subject, p.facts);
  const ledger = validateLedger(c.model, p.ledger);
  const asOf = normaliseDate(p.asOf);
  const inputErrors = [...(facts.ok ? [] : facts.errors), ...(ledger.ok ? [] : ledger.errors)];
  if (!asOf) inputErrors.push({ code: 'P3006', field: 'asOf', args: { found: JSON.stringify(p.asOf) } });
  if (!facts.ok || !ledger.ok || !asOf) {
    return { ok: false, version, errors: inputErrors.map((e) => ({ field: e.field, message: inputErrorText(e, lang) })) };
  }
  const decision = evaluate(c.model, p.subject, facts.facts, { asOf, ledger: ledger.ledger, lang });
  const forSubject = decision.benefits.filter((b) => !b.reasons.some((r) => r.code === 'P4001'));
  return {
    ok: true,
    version,
    subject: decision.subject,
    asOf: decision.asOf,
    benefits: forSubject.map(({ trace: _trace, ...b }) => b),
    notForSubject: decision.benefits.length - forSubject.length,
    total: decision.total,
  };
}
