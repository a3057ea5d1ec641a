// The edge: language-neutral reasons (code + arguments, ./types.ts) turned into zh/en text from the one message
// table (compiler/messages.ts), with the policy's labels. Only a caller that shows reasons pays for this.
import type { Expr } from '../../grammar/ast.ts';
import type { Facts } from '../facts.ts';
import * as L from '../ledger.ts';
import { message, type Lang, type MessageId } from '../messages.ts';
import type { IExpr, Model } from '../model.ts';
import { enumLabel, labelText, levelLabel, renderExpr, renderValue } from '../render.ts';
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

/** The text of one condition of a benefit in a language. */
export function conditionText(plan: BenefitPlan, i: number, lang: Lang): string {
  const c = condition(plan, i);
  return c ? renderExpr(c.source, lang) : '';
}

export function renderArg(cx: ReasonContext, plan: BenefitPlan, a: ReasonArg): string {
  const { model, lang } = cx;
  if (typeof a === 'string') return a;
  if ('facts' in a) return a.facts.join('、');
  if ('subjects' in a) return a.subjects.join('、');
  if ('condition' in a) return conditionText(plan, a.condition, lang);
  if ('values' in a) {
    const c = condition(plan, a.values);
    return [...valuesOf(cx, c ? c.expr : undefined)].map(([k, v]) => `${k}${lang === 'zh' ? '：' : ': '}${v}`).join(lang === 'zh' ? '，' : ', ');
  }
  if ('keyValue' in a) {
    const fact = model.subjects.get(cx.subject)?.facts.get(a.keyValue.fact);
    return fact?.type.kind === 'enum' ? enumLabel(model, fact.type.of, a.keyValue.value, lang) : a.keyValue.value;
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
    out.set(name, v ? (v.t === 'enum' && fact?.type.kind === 'enum' ? enumLabel(model, fact.type.of, v.name, lang) : renderValue(v, lang, unit)) : '?');
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
  if (lang === 'zh') return fact;
  // The first subject that declares the fact names it (as the generated evaluators' FACT_DISPLAY does).
  void subject;
  const f = [...model.subjects.values()].find((s) => s.facts.has(fact))?.facts.get(fact);
  return labelText(f?.label, lang, fact);
}

/** A key value as a ledger records it, shown in the requested language (enum labels). */
function keyValueLabel(model: Model, subject: string, fact: string, value: string, lang: Lang): string {
  const t = model.subjects.get(subject)?.facts.get(fact)?.type;
  if (t?.kind === 'enum') return enumLabel(model, t.of, value, lang);
  if (t?.kind === 'level') return levelLabel(model, t.of, value, lang);
  return value;
}
