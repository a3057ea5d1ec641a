// The reference's side of the edge: how a model names its facts, subjects, parameters, values and conditions
// (`modelNaming`, a ./words.ts `Naming`), with which ./words.ts words language-neutral reasons (./steps.ts) from
// the one message table (compiler/messages.ts). Only a caller that shows reasons pays for this.
import type { Expr } from '../../grammar/ast.ts';
import type { Facts, Value } from '../facts.ts';
import { message, type Lang, type MessageId } from '../messages.ts';
import type { IExpr, Model } from '../model.ts';
import { displayName, enumLabel, factDisplay, labelText, modelNamer, renderExpr, renderFactValue, renderValue, valueDisplay, type Namer } from '../render.ts';
import type { BenefitPlan } from './types.ts';
import { lowerPolicy } from './lower.ts';
import type { Naming } from './words.ts';

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
  /** A derived fact's value (增速 = 增量 ÷ 上年产值) in this case, for a reason that shows it; undefined when it cannot be computed. */
  derivedValue?: (name: string) => Value | undefined;
}

/** The condition steps of a plan by index (their expression and source). */
const conditionsOf = new WeakMap<BenefitPlan, Map<number, { expr: IExpr; source: Expr }>>();

function condition(plan: BenefitPlan, i: number): { expr: IExpr; source: Expr } | undefined {
  let m = conditionsOf.get(plan);
  if (!m) {
    m = new Map();
    for (const s of plan.steps)
      if (s.k === 'condition') m.set(s.index, { expr: s.expr, source: s.source });
      else if (s.k === 'clawback') m.set(s.index, { expr: s.when, source: s.source }); // 退还's condition, after the conditions
      else if (s.k === 'referral' && s.when && s.source) m.set(s.index, { expr: s.when, source: s.source }); // 转按's, after 视同享受's
      else if (s.k === 'treated-as') {
        // 视同享受's two conditions, after the conditions and 退还's.
        m.set(s.index, { expr: s.a, source: s.aSource });
        m.set(s.index + 1, { expr: s.b, source: s.bSource });
      }
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

/** The benefits of a model by id: their plans (for condition texts) and titles. */
const plansOf = new WeakMap<Model, Map<string, BenefitPlan>>();
function planOf(model: Model, id: string): BenefitPlan | undefined {
  let m = plansOf.get(model);
  if (!m) plansOf.set(model, (m = new Map(lowerPolicy(model).benefits.map((p) => [p.id, p]))));
  return m.get(id);
}

/** How the reference names things (./words.ts `Naming`): from the model, for one subject, in one language. */
export function modelNaming(cx: ReasonContext): Naming {
  const { model, subject, lang } = cx;
  const factType = (fact: string) => model.subjects.get(subject)?.facts.get(fact)?.type;
  return {
    lang,
    message: (code, args) => message(code as MessageId, lang, args),
    fact: (f) => factDisplay(model, f, lang),
    subjectName: (s) => displayName(model.subjects.get(s)?.label, s, lang),
    param: (p) => displayName(model.params.get(p)?.label, p, lang),
    value: (fact, value) => valueDisplay(model, factType(fact), value, lang),
    benefit: (id) => labelText(model.benefits.find((x) => x.id === id)?.label, lang, id),
    condition: (b, i) => {
      const plan = planOf(model, b);
      return plan ? conditionText(plan, i, lang, model) : '';
    },
    values: (b, i) => {
      const plan = planOf(model, b);
      const c = plan ? condition(plan, i) : undefined;
      return [...valuesOf(cx, c ? c.expr : undefined)];
    },
    outcome: (v) => outcomeText(model, v, lang),
    label: (l) => (lang === 'en' ? (l.en ?? l.zh) : l.zh),
  };
}

/** The value of an equivalence (视同) or a grant by case as an outcome: an enum value by its label, else the value's text. */
export function outcomeText(model: Model, v: Value, lang: Lang): string {
  if (v.t === 'enum') {
    for (const et of model.enums.values()) if (et.values.some((x) => x.name === v.name)) return enumLabel(model, et.name, v.name, lang);
  }
  return renderValue(v, lang);
}

/** The facts a condition mentions, with their values, for the reason text. */
function valuesOf(cx: ReasonContext, e: IExpr | undefined, out = new Map<string, string>()): Map<string, string> {
  if (!e) return out;
  const { model, facts, lang } = cx;
  if (e.k === 'fact' || e.k === 'lookup' || e.k === 'dot' || e.k === 'sum') {
    const name = e.k === 'fact' ? e.name : e.k === 'sum' ? e.list : e.fact;
    const v = facts.get(name) ?? (e.k === 'fact' ? cx.derivedValue?.(name) : undefined);
    const fact = [...model.subjects.values()].find((s) => s.facts.has(name))?.facts.get(name);
    const label = v && (v.t === 'enum' || v.t === 'level') && (fact?.type.kind === 'enum' || fact?.type.kind === 'level');
    out.set(factDisplay(model, name, lang), v ? (label ? valueDisplay(model, fact.type, v.name, lang) : renderFactValue(v, lang, fact)) : '?');
    // A sum's value and condition are its members' (the list is what the reason shows).
    if (e.k === 'sum') return out;
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
      return e.to ? [e.from, e.to] : [e.from];
    case 'age':
      return e.at ? [e.from, e.at] : [e.from];
    case 'year':
      return [e.of];
    case 'whole':
      return [e.e];
    case 'nostd':
      return [e.x];
    case 'sum':
      return e.cond ? [e.value, e.cond] : [e.value];
    case 'paramAt':
      return e.keys;
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
