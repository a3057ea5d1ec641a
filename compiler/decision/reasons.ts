// The edge: language-neutral reasons (code + arguments, ./types.ts) turned into zh/en text from the one message
// table (compiler/messages.ts), with the policy's labels. Only a caller that shows reasons pays for this.
import type { Expr } from '../../grammar/ast.ts';
import type { Facts } from '../facts.ts';
import * as L from '../ledger.ts';
import { message, type Lang, type MessageId } from '../messages.ts';
import type { IExpr, Model } from '../model.ts';
import { displayName, factDisplay, labelText, modelNamer, renderExpr, renderValue, valueDisplay, type Namer } from '../render.ts';
import type { BenefitPlan, NeutralReason, ReasonArg } from './types.ts';

export interface Reason {
  code: MessageId;
  message: string;
  args: Record<string, string>;
}

/** What the edge needs to word a benefit's reasons: the policy, the subject and its facts, the language. */
export interface ReasonContext {
  model: Model;
  subject: string;
  facts: Facts;
  lang: Lang;
}

/** The condition steps of a plan by index (their expression and source). */
const conditionsOf = new WeakMap<BenefitPlan, Map<number, { expr: IExpr; source: Expr }>>();

function condition(plan: BenefitPlan, i: number): { expr: IExpr; source: Expr } | undefined {
  let m = conditionsOf.get(plan);
  if (!m) {
    m = new Map();
    for (const s of plan.steps) if (s.k === 'condition') m.set(s.index, { expr: s.expr, source: s.source });
    conditionsOf.set(plan, m);
  }
  return m.get(i);
}

/** English names of a model for conditions (compiler/render.ts modelNamer), built once per model. */
const namers = new WeakMap<Model, Namer>();
function namerOf(model: Model): Namer {
  let n = namers.get(model);
  if (!n) namers.set(model, (n = modelNamer(model)));
  return n;
}

/** The text of one condition of a benefit in a language (English names things by their English labels). */
export function conditionText(plan: BenefitPlan, i: number, lang: Lang, model?: Model): string {
  const c = condition(plan, i);
  return c ? renderExpr(c.source, lang, lang === 'en' && model ? namerOf(model) : undefined) : '';
}

export function renderArg(cx: ReasonContext, plan: BenefitPlan, a: ReasonArg): string {
  const { model, lang } = cx;
  if (typeof a === 'string') return a;
  const sep = lang === 'zh' ? '、' : ', ';
  if ('facts' in a) return a.facts.map((f) => factDisplay(model, f, lang)).join(sep);
  if ('subjects' in a) return a.subjects.map((s) => displayName(model.subjects.get(s)?.label, s, lang)).join(sep);
  if ('fact' in a) return factDisplay(model, a.fact, lang);
  if ('param' in a) return displayName(model.params.get(a.param)?.label, a.param, lang);
  if ('condition' in a) return conditionText(plan, a.condition, lang, model);
  if ('values' in a) {
    const c = condition(plan, a.values);
    return [...valuesOf(cx, c ? c.expr : undefined)].map(([k, v]) => `${k}${lang === 'zh' ? '：' : ': '}${v}`).join(lang === 'zh' ? '，' : ', ');
  }
  if ('keyValue' in a) {
    const fact = model.subjects.get(cx.subject)?.facts.get(a.keyValue.fact);
    return valueDisplay(model, fact?.type, a.keyValue.value, lang);
  }
  if ('word' in a) return lang === 'zh' ? '金额' : 'the amount';
  if ('benefit' in a) {
    const b = model.benefits.find((x) => x.id === a.benefit);
    return labelText(b?.label, lang, a.benefit);
  }
  return L.noteArgs({ code: '', args: { a } }, ledgerLabels(cx))['a']!;
}

/** A neutral reason in a language. */
export function renderReason(cx: ReasonContext, plan: BenefitPlan, r: NeutralReason): Reason {
  const args: Record<string, string> = {};
  for (const k in r.args) args[k] = renderArg(cx, plan, r.args[k]!);
  const code = r.code as MessageId;
  return { code, message: message(code, cx.lang, args), args };
}

/** How the ledger's reasons name key facts and their values in a language. */
export function ledgerLabels(cx: ReasonContext): Pick<L.LedgerQuery, 'lang' | 'factLabel' | 'valueLabel'> {
  return {
    lang: cx.lang,
    factLabel: (fact) => factLabel(cx.model, cx.subject, fact, cx.lang),
    valueLabel: (fact, value) => keyValueLabel(cx.model, cx.subject, fact, value, cx.lang),
  };
}

/** The facts a condition mentions, with their values, for the reason text. */
function valuesOf(cx: ReasonContext, e: IExpr | undefined, out = new Map<string, string>()): Map<string, string> {
  if (!e) return out;
  const { model, facts, lang } = cx;
  if (e.k === 'fact' || e.k === 'lookup' || e.k === 'dot') {
    const name = e.k === 'fact' ? e.name : e.fact;
    const v = facts.get(name);
    const fact = [...model.subjects.values()].find((s) => s.facts.has(name))?.facts.get(name);
    const unit = fact?.type.kind === 'quantity' ? fact.type.unit : undefined;
    const label = v && (v.t === 'enum' || v.t === 'level') && (fact?.type.kind === 'enum' || fact?.type.kind === 'level');
    out.set(factDisplay(model, name, lang), v ? (label ? valueDisplay(model, fact.type, v.name, lang) : renderValue(v, lang, unit)) : '?');
  }
  for (const child of childrenOf(e)) valuesOf(cx, child, out);
  return out;
}

export function childrenOf(e: IExpr): IExpr[] {
  switch (e.k) {
    case 'arith':
    case 'cmp':
    case 'and':
    case 'or':
      return [e.l, e.r];
    case 'neg':
    case 'not':
      return [e.e];
    case 'in':
      return [e.l, ...e.values];
    case 'lookup':
    case 'dot':
      return e.entries.map((x) => x.value);
    case 'if':
      return [e.c, e.t, e.e];
    case 'min':
    case 'max':
      return e.args;
    case 'elapsed':
      return [e.from];
    case 'age':
      return e.at ? [e.from, e.at] : [e.from];
    case 'nostd':
      return [e.x];
    default:
      return [];
  }
}

/** A fact's label in the requested language (its name when it has none). */
export function factLabel(model: Model, subject: string, fact: string, lang: Lang): string {
  // The first subject that declares the fact names it (as the generated evaluators' FACT_DISPLAY does).
  void subject;
  return factDisplay(model, fact, lang);
}

/** A key value as a ledger records it, shown in the requested language (level and enum labels). */
function keyValueLabel(model: Model, subject: string, fact: string, value: string, lang: Lang): string {
  return valueDisplay(model, model.subjects.get(subject)?.facts.get(fact)?.type, value, lang);
}
