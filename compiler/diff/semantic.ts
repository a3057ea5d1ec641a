// The semantic diff of two compiled policies: what changed in meaning, clause
// by clause, in plain words. Benefits and provisions are matched by name (the
// identifier the ledger uses), declarations by name; everything is compared in
// canonical form (canon.ts), so reformatting, comments, keyword spelling,
// punctuation width and the order of declarations, conditions, table entries,
// subjects and issuers change nothing. Every sentence comes from the message
// table. Nothing here does IO.
import type { Lang, MessageId } from '../messages.ts';
import { message } from '../messages.ts';
import type { Benefit, Condition, IExpr, Interaction, Model, Provision, Type } from '../model.ts';
import * as R from '../rational.ts';
import { benefitScope, benefitPeriodText, condition, dateText, durationText, irText, label, moneyOverTime, moneyText, factText, valueText as valueNameText, noun, paymentText, quotaLines, roundingUnitId, scopeFor, type Scope } from '../summary/phrase.ts';
import { boundOf, canon, conditionKeys, conjuncts, normalise, shapeOf, type Bound } from './canon.ts';

export type ChangeKind = 'changed' | 'added' | 'removed' | 'raised' | 'lowered' | 'loosened' | 'tightened';

export interface Change {
  /** What changed: `annualCap`, `condition`, `amount.entry`, `header.validity`, `fact` … */
  field: string;
  kind: ChangeKind;
  /** The change as one phrase in the requested language. */
  text: string;
  before?: string;
  after?: string;
}

export interface ClauseDiff {
  /** The benefit's or provision's name (the identifier the ledger uses). */
  id: string;
  kind: 'benefit' | 'provision';
  clause: string | null;
  title: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  changes: Change[];
  /** The whole clause as one sentence: “二（三）7 …：每年累计上限由5万元提高到8万元；…”. */
  text: string;
}

export interface PolicyDiff {
  lang: Lang;
  /** True when some change alters a decision, a declaration or the header. */
  substantive: boolean;
  header: Change[];
  declarations: Change[];
  clauses: ClauseDiff[];
  interactions: Change[];
  /** Every change as one line each (the header, declarations, clauses, interactions), or 无实质变化. */
  lines: string[];
}

const t = (lang: Lang, id: MessageId, args: Record<string, string | number> = {}) => message(id, lang, args);

interface Ctx {
  a: Model;
  b: Model;
  lang: Lang;
}

// ---- values as text ----

function valueText(e: IExpr, s: Scope): string {
  return irText(e, s);
}

const money = (r: R.Rat | undefined, lang: Lang) => (r ? moneyText(r, lang) : '');

/** raised / lowered / changed for two numbers. */
function direction(a: R.Rat, b: R.Rat): ChangeKind {
  const c = R.cmp(a, b);
  return c < 0 ? 'raised' : c > 0 ? 'lowered' : 'changed';
}

function moneyChange(ctx: Ctx, field: string, what: string, a: R.Rat | undefined, b: R.Rat | undefined): Change[] {
  const { lang } = ctx;
  if (!a && !b) return [];
  if (a && b && R.cmp(a, b) === 0) return [];
  if (!a) return [{ field, kind: 'added', text: t(lang, 'diff.set', { what, after: money(b, lang) }), after: money(b, lang) }];
  if (!b) return [{ field, kind: 'removed', text: t(lang, 'diff.unset', { what, before: money(a, lang) }), before: money(a, lang) }];
  const kind = direction(a, b);
  return [{ field, kind, text: t(lang, kind === 'raised' ? 'diff.raised' : 'diff.lowered', { what, before: money(a, lang), after: money(b, lang) }), before: money(a, lang), after: money(b, lang) }];
}

function textChange(ctx: Ctx, field: string, what: string, before: string | undefined, after: string | undefined): Change[] {
  const { lang } = ctx;
  if ((before ?? '') === (after ?? '')) return [];
  if (!before) return [{ field, kind: 'added', text: t(lang, 'diff.set', { what, after: after! }), after }];
  if (!after) return [{ field, kind: 'removed', text: t(lang, 'diff.unset', { what, before }), before }];
  return [{ field, kind: 'changed', text: t(lang, 'diff.changed', { what, before, after }), before, after }];
}

const sep = (lang: Lang) => t(lang, 'summary.listSep');

// ---- header ----

function headerChanges(ctx: Ctx): Change[] {
  const { a, b, lang } = ctx;
  const ha = a.header;
  const hb = b.header;
  const out: Change[] = [];
  const f = (id: MessageId) => t(lang, id);
  out.push(...textChange(ctx, 'header.title', f('summary.field.originalTitle'), ha.title && label(ha.title, lang, ha.title.zh), hb.title && label(hb.title, lang, hb.title.zh)));
  out.push(...textChange(ctx, 'header.docNumber', f('summary.field.docNumber'), ha.docNumber, hb.docNumber));
  const issuers = (m: Model) => m.header.issuers.map((x) => label(x, lang, x.zh)).sort();
  const ia = issuers(a);
  const ib = issuers(b);
  for (const x of ib.filter((x) => !ia.includes(x))) out.push({ field: 'header.issuer', kind: 'added', text: t(lang, 'diff.issuer.added', { name: x }), after: x });
  for (const x of ia.filter((x) => !ib.includes(x))) out.push({ field: 'header.issuer', kind: 'removed', text: t(lang, 'diff.issuer.removed', { name: x }), before: x });
  const d = (iso?: string) => (iso ? dateText(iso, lang) : undefined);
  out.push(...textChange(ctx, 'header.published', f('summary.field.published'), d(ha.published), d(hb.published)));
  out.push(...textChange(ctx, 'header.effective', f('summary.field.effective'), d(ha.effective), d(hb.effective)));
  if (ha.end !== hb.end) {
    const text = (h: typeof ha) => (h.end ? (h.validityMonths !== undefined ? t(lang, 'diff.validity', { duration: durationText(h.validityMonths, lang), end: dateText(h.end, lang) }) : dateText(h.end, lang)) : t(lang, 'diff.noEnd'));
    const kind: ChangeKind = !ha.end ? 'changed' : !hb.end || hb.end > ha.end ? 'raised' : 'lowered';
    const what = f('summary.field.validity');
    const id = kind === 'raised' ? 'diff.extended' : kind === 'lowered' ? 'diff.shortened' : 'diff.changed';
    out.push({ field: 'header.validity', kind, text: t(lang, id, { what, before: text(ha), after: text(hb) }), before: text(ha), after: text(hb) });
  }
  out.push(...textChange(ctx, 'header.interpreter', f('summary.field.interpreter'), ha.interpreter && label(ha.interpreter, lang, ha.interpreter.zh), hb.interpreter && label(hb.interpreter, lang, hb.interpreter.zh)));
  return out;
}

// ---- declarations ----

function typeKey(t: Type): string {
  switch (t.kind) {
    case 'quantity':
      return `q:${Object.keys(t.unit)
        .sort()
        .map((k) => `${k}^${t.unit[k]}`)
        .join('.')}`;
    case 'level':
    case 'enum':
      return `${t.kind}:${t.of}`;
    case 'perLevel':
      return `perLevel:${t.of}:${Object.keys(t.unit).sort().join('.')}`;
    default:
      return t.kind;
  }
}

function declarationChanges(ctx: Ctx): Change[] {
  const { a, b, lang } = ctx;
  const out: Change[] = [];
  const both = <T,>(ma: Map<string, T>, mb: Map<string, T>) => ({
    added: [...mb.keys()].filter((k) => !ma.has(k)).sort(),
    removed: [...ma.keys()].filter((k) => !mb.has(k)).sort(),
    kept: [...ma.keys()].filter((k) => mb.has(k)).sort(),
  });
  // funds
  const funds = both(a.funds, b.funds);
  for (const k of funds.added) out.push({ field: 'fund', kind: 'added', text: t(lang, 'diff.fund.added', { name: label(b.funds.get(k)!.label, lang, k) }) });
  for (const k of funds.removed) out.push({ field: 'fund', kind: 'removed', text: t(lang, 'diff.fund.removed', { name: label(a.funds.get(k)!.label, lang, k) }) });
  // levels: the order is the meaning
  const levels = both(a.levels, b.levels);
  for (const k of levels.added) out.push({ field: 'levels', kind: 'added', text: t(lang, 'diff.levels.added', { name: label(b.levels.get(k)!.label, lang, k) }) });
  for (const k of levels.removed) out.push({ field: 'levels', kind: 'removed', text: t(lang, 'diff.levels.removed', { name: label(a.levels.get(k)!.label, lang, k) }) });
  for (const k of levels.kept) {
    const la = a.levels.get(k)!.levels.map((l) => l.name);
    const lb = b.levels.get(k)!.levels.map((l) => l.name);
    if (la.join('<') !== lb.join('<')) {
      const name = label(b.levels.get(k)!.label, lang, k);
      out.push({ field: 'levels', kind: 'changed', text: t(lang, 'diff.levels.changed', { name, before: la.join(' < '), after: lb.join(' < ') }), before: la.join(' < '), after: lb.join(' < ') });
    }
  }
  // enums: a set of values
  const enums = both(a.enums, b.enums);
  for (const k of enums.added) out.push({ field: 'enum', kind: 'added', text: t(lang, 'diff.enum.added', { name: label(b.enums.get(k)!.label, lang, k) }) });
  for (const k of enums.removed) out.push({ field: 'enum', kind: 'removed', text: t(lang, 'diff.enum.removed', { name: label(a.enums.get(k)!.label, lang, k) }) });
  for (const k of enums.kept) {
    const ea = a.enums.get(k)!;
    const eb = b.enums.get(k)!;
    const name = label(eb.label, lang, k);
    for (const v of eb.values.filter((v) => !ea.values.some((x) => x.name === v.name)))
      out.push({ field: 'enum.value', kind: 'added', text: t(lang, 'diff.enumValue.added', { name, value: label(v.label, lang, v.name) }), after: label(v.label, lang, v.name) });
    for (const v of ea.values.filter((v) => !eb.values.some((x) => x.name === v.name)))
      out.push({ field: 'enum.value', kind: 'removed', text: t(lang, 'diff.enumValue.removed', { name, value: label(v.label, lang, v.name) }), before: label(v.label, lang, v.name) });
  }
  // subjects and their facts
  const subjects = both(a.subjects, b.subjects);
  for (const k of subjects.added) out.push({ field: 'subject', kind: 'added', text: t(lang, 'diff.subject.added', { name: label(b.subjects.get(k)!.label, lang, k) }) });
  for (const k of subjects.removed) out.push({ field: 'subject', kind: 'removed', text: t(lang, 'diff.subject.removed', { name: label(a.subjects.get(k)!.label, lang, k) }) });
  for (const k of subjects.kept) {
    const sa = a.subjects.get(k)!;
    const sb = b.subjects.get(k)!;
    const subject = label(sb.label, lang, k);
    const facts = both(sa.facts, sb.facts);
    const q = (f: { label?: { zh: string; en?: string }; name: string }) => label(f.label as never, lang, f.name);
    for (const f of facts.added) out.push({ field: 'fact', kind: 'added', text: t(lang, 'diff.fact.added', { subject, fact: q(sb.facts.get(f)!) }) });
    for (const f of facts.removed) out.push({ field: 'fact', kind: 'removed', text: t(lang, 'diff.fact.removed', { subject, fact: q(sa.facts.get(f)!) }) });
    for (const f of facts.kept) {
      const fa = sa.facts.get(f)!;
      const fb = sb.facts.get(f)!;
      const derivedA = fa.derived ? canon(fa.derived) : '';
      const derivedB = fb.derived ? canon(fb.derived) : '';
      if (typeKey(fa.type) !== typeKey(fb.type) || derivedA !== derivedB) out.push({ field: 'fact', kind: 'changed', text: t(lang, 'diff.fact.changed', { subject, fact: q(fb) }) });
    }
  }
  // parameters (按规定)
  const params = both(a.params, b.params);
  for (const k of params.added) out.push({ field: 'param', kind: 'added', text: t(lang, 'diff.param.added', { name: label(b.params.get(k)!.label, lang, k) }) });
  for (const k of params.removed) out.push({ field: 'param', kind: 'removed', text: t(lang, 'diff.param.removed', { name: label(a.params.get(k)!.label, lang, k) }) });
  return out;
}

// ---- one benefit ----

/** “满50人次”: a comparison without its left-hand side, in the policy's words. */
function boundText(c: Condition, s: Scope): string {
  const src = unparenCmp(c.source);
  if (src && src.kind === 'Compare') {
    const blank = { kind: 'Ref', name: { text: '', range: src.range }, range: src.range } as const;
    const text = condition({ ...src, left: blank } as never, s);
    // zh “为高级工及以上” reads “高级工及以上” once the fact is gone; en drops the “: ”.
    return text.replace(/^[:：]\s*/, '').replace(/^为(?=.+(及以上|及以下|以上|以下)$)/, '').trim();
  }
  return condition(c.source, s);
}

function unparenCmp(e: Condition['source']): Condition['source'] | undefined {
  let x = e;
  while (x.kind === 'Paren') x = x.expr;
  return x;
}

interface Cond {
  key: string;
  cond: Condition;
  bound?: Bound;
}

function condList(b: Benefit): Cond[] {
  const out: Cond[] = [];
  for (const c of b.conditions) {
    const parts = conjuncts(normalise(c.expr));
    // A condition written as one conjunction keeps its own text; the key set is what is compared.
    for (const p of parts) out.push({ key: canon(p), cond: parts.length === 1 ? c : { expr: p, source: c.source }, ...(boundOf(p) && { bound: boundOf(p)! }) });
  }
  return out;
}

function conditionChanges(ctx: Ctx, ba: Benefit, bb: Benefit, sa: Scope, sb: Scope, thresholds: { before: string; after: string }[]): Change[] {
  const { lang } = ctx;
  const ka = new Set(conditionKeys(ba.conditions.map((c) => c.expr)));
  const kb = new Set(conditionKeys(bb.conditions.map((c) => c.expr)));
  const removed = condList(ba).filter((c) => !kb.has(c.key));
  const added = condList(bb).filter((c) => !ka.has(c.key));
  const out: Change[] = [];
  // Pair a removed and an added comparison of the same fact: a threshold or a comparison word changed.
  for (const r of [...removed]) {
    if (!r.bound) continue;
    const i = added.findIndex((x) => x.bound?.fact === r.bound!.fact && sameFamily(x.bound.op, r.bound!.op));
    if (i < 0) continue;
    const n = added.splice(i, 1)[0]!;
    removed.splice(removed.indexOf(r), 1);
    const fact = factText(r.bound.fact, sb);
    const before = boundText(r.cond, sa);
    const after = boundText(n.cond, sb);
    const kind = loosening(r.bound, n.bound!);
    const id = kind === 'loosened' ? 'diff.threshold.loosened' : kind === 'tightened' ? 'diff.threshold.tightened' : 'diff.threshold';
    out.push({ field: 'condition', kind, text: t(lang, id, { fact, before, after }), before, after });
    if (r.bound.value.k === 'num' && n.bound!.value.k === 'num') thresholds.push({ before: canon(r.bound.value), after: canon(n.bound!.value) });
  }
  // `属于 {…}` on the same fact: values added or removed.
  for (const r of [...removed]) {
    const re = normalise(r.cond.expr);
    if (re.k !== 'in' && !(re.k === 'cmp' && re.op === 'eq')) continue;
    const left = re.k === 'in' ? re.l : re.l;
    const i = added.findIndex((x) => {
      const ne = normalise(x.cond.expr);
      return (ne.k === 'in' || (ne.k === 'cmp' && ne.op === 'eq')) && canon(ne.l) === canon(left);
    });
    if (i < 0) continue;
    const n = added.splice(i, 1)[0]!;
    removed.splice(removed.indexOf(r), 1);
    const valuesOf = (e: IExpr) => (e.k === 'in' ? e.values : e.k === 'cmp' ? [e.r] : []);
    const va = valuesOf(re);
    const vb = valuesOf(normalise(n.cond.expr));
    const fact = left.k === 'fact' ? factText(left.name, sb) : valueText(left, sb);
    const plus = vb.filter((v) => !va.some((x) => canon(x) === canon(v))).map((v) => valueText(v, sb));
    const minus = va.filter((v) => !vb.some((x) => canon(x) === canon(v))).map((v) => valueText(v, sa));
    if (plus.length) out.push({ field: 'condition.values', kind: 'loosened', text: t(lang, 'diff.values.added', { fact, values: plus.join(sep(lang)) }), after: plus.join(sep(lang)) });
    if (minus.length) out.push({ field: 'condition.values', kind: 'tightened', text: t(lang, 'diff.values.removed', { fact, values: minus.join(sep(lang)) }), before: minus.join(sep(lang)) });
  }
  for (const r of removed) {
    const text = condition(r.cond.source, sa);
    out.push({ field: 'condition', kind: 'removed', text: t(lang, 'diff.condition.removed', { condition: text }), before: text });
  }
  for (const n of added) {
    const text = condition(n.cond.source, sb);
    out.push({ field: 'condition', kind: 'added', text: t(lang, 'diff.condition.added', { condition: text }), after: text });
  }
  return dedupe(out);
}

const dedupe = (cs: Change[]): Change[] => cs.filter((c, i) => cs.findIndex((x) => x.text === c.text) === i);

const sameFamily = (x: string, y: string) => {
  const fam = (o: string) => (o === 'ge' || o === 'gt' ? 'lower' : o === 'le' || o === 'lt' ? 'upper' : o);
  return fam(x) === fam(y);
};

/** Does the new bound admit more subjects (loosened), fewer (tightened), or neither simply? */
function loosening(a: Bound, b: Bound): ChangeKind {
  const va = a.value;
  const vb = b.value;
  const num = (v: IExpr) => (v.k === 'num' ? v.value : v.k === 'level' ? R.fromInt(v.rank) : undefined);
  const x = num(va);
  const y = num(vb);
  if (!x || !y || !(a.op === b.op || sameFamily(a.op, b.op))) return 'changed';
  const c = R.cmp(x, y);
  const strictA = a.op === 'gt' || a.op === 'lt';
  const strictB = b.op === 'gt' || b.op === 'lt';
  if (c === 0) {
    if (strictA === strictB) return 'changed';
    return strictA ? 'loosened' : 'tightened';
  }
  const lower = a.op === 'ge' || a.op === 'gt';
  if (lower) return c > 0 ? 'loosened' : 'tightened';
  if (a.op === 'le' || a.op === 'lt') return c < 0 ? 'loosened' : 'tightened';
  return 'changed';
}

function amountChanges(ctx: Ctx, ba: Benefit, bb: Benefit, sa: Scope, sb: Scope, thresholds: { before: string; after: string }[]): Change[] {
  const { lang } = ctx;
  const ea = ba.amount;
  const eb = bb.amount;
  const what = t(lang, 'diff.what.amount');
  if (!ea && !eb) return [];
  if (ea && eb && canon(ea) === canon(eb)) return [];
  if (!ea || !eb) return textChange(ctx, 'amount', what, ea && valueText(ea, sa), eb && valueText(eb, sb));
  // A fixed amount raised or lowered.
  if (ea.k === 'num' && eb.k === 'num') return moneyChange(ctx, 'amount', what, ea.value, eb.value);
  // A table by level or enum value: entry by entry.
  if ((ea.k === 'lookup' || ea.k === 'dot') && eb.k === ea.k && ea.fact === eb.fact) {
    const out: Change[] = [];
    const by = factText(eb.fact, sb);
    for (const en of eb.entries) {
      const old = ea.entries.find((x) => x.key === en.key);
      const key = valueNameText(en.key, sb);
      if (!old) out.push({ field: 'amount.entry', kind: 'added', text: t(lang, 'diff.entry.added', { by, key, after: valueText(en.value, sb) }), after: valueText(en.value, sb) });
      else if (canon(old.value) !== canon(en.value)) {
        const x = old.value.k === 'num' ? old.value.value : undefined;
        const y = en.value.k === 'num' ? en.value.value : undefined;
        const kind = x && y ? direction(x, y) : 'changed';
        const id = kind === 'raised' ? 'diff.entry.raised' : kind === 'lowered' ? 'diff.entry.lowered' : 'diff.entry.changed';
        out.push({ field: 'amount.entry', kind, text: t(lang, id, { by, key, before: valueText(old.value, sa), after: valueText(en.value, sb) }), before: valueText(old.value, sa), after: valueText(en.value, sb) });
      }
    }
    for (const old of ea.entries.filter((x) => !eb.entries.some((y) => y.key === x.key)))
      out.push({ field: 'amount.entry', kind: 'removed', text: t(lang, 'diff.entry.removed', { by, key: valueNameText(old.key, sa), before: valueText(old.value, sa) }), before: valueText(old.value, sa) });
    return out;
  }
  // The same formula with other numbers: say which numbers; a number that moved with a threshold is that threshold.
  const xa = shapeOf(ea);
  const xb = shapeOf(eb);
  if (xa.shape === xb.shape) {
    const out: Change[] = [];
    const follows: string[] = [];
    xa.leaves.forEach((la, i) => {
      const lb = xb.leaves[i]!;
      if (canon(la) === canon(lb)) return;
      const before = valueText(la, sa);
      const after = valueText(lb, sb);
      if (thresholds.some((th) => th.before === canon(la) && th.after === canon(lb))) follows.push(t(lang, 'diff.arrow', { before, after }));
      else {
        const kind = la.k === 'num' && lb.k === 'num' ? direction(la.value, lb.value) : 'changed';
        out.push({ field: 'amount.number', kind, text: t(lang, kind === 'raised' ? 'diff.formulaNumber.raised' : kind === 'lowered' ? 'diff.formulaNumber.lowered' : 'diff.formulaNumber', { before, after }), before, after });
      }
    });
    if (follows.length) out.push({ field: 'amount.follows', kind: 'changed', text: t(lang, 'diff.formulaFollows', { numbers: follows.join(sep(lang)) }) });
    return out;
  }
  const before = ba.amountSource ? noun(ba.amountSource, sa) : valueText(ea, sa);
  const after = bb.amountSource ? noun(bb.amountSource, sb) : valueText(eb, sb);
  return [{ field: 'amount', kind: 'changed', text: t(lang, 'diff.changed', { what, before, after }), before, after }];
}

function benefitChanges(ctx: Ctx, ba: Benefit, bb: Benefit): Change[] {
  const { a, b, lang } = ctx;
  const sa = benefitScope(a, lang, ba);
  const sb = benefitScope(b, lang, bb);
  const out: Change[] = [];
  const title = (x: Benefit) => label(x.label, lang, x.id);
  out.push(...textChange(ctx, 'title', t(lang, 'diff.what.title'), title(ba), title(bb)));
  out.push(...textChange(ctx, 'clause', t(lang, 'summary.field.clause'), ba.clause, bb.clause));
  const subj = (m: Model, id: string) => label(m.subjects.get(id)?.label, lang, id);
  for (const s of bb.subjects.filter((s) => !ba.subjects.includes(s))) out.push({ field: 'subject', kind: 'added', text: t(lang, 'diff.benefitSubject.added', { name: subj(b, s) }), after: subj(b, s) });
  for (const s of ba.subjects.filter((s) => !bb.subjects.includes(s))) out.push({ field: 'subject', kind: 'removed', text: t(lang, 'diff.benefitSubject.removed', { name: subj(a, s) }), before: subj(a, s) });
  const thresholds: { before: string; after: string }[] = [];
  out.push(...conditionChanges(ctx, ba, bb, sa, sb, thresholds));
  out.push(...amountChanges(ctx, ba, bb, sa, sb, thresholds));
  out.push(...moneyChange(ctx, 'ceiling', t(lang, 'diff.what.ceiling'), ba.ceiling, bb.ceiling));
  out.push(...moneyChange(ctx, 'annualCap', t(lang, 'diff.what.annualCap'), ba.annualCap, bb.annualCap));
  out.push(...moneyChange(ctx, 'cumulativeCap', t(lang, 'diff.what.cumulativeCap'), ba.cumulativeCap, bb.cumulativeCap));
  // A cap computed from the case: a change of its expression, as the summary words it.
  for (const [of, field, what] of [
    ['ceiling', 'ceiling', 'diff.what.ceiling'],
    ['annual-cap', 'annualCap', 'diff.what.annualCap'],
    ['cumulative-cap', 'cumulativeCap', 'diff.what.cumulativeCap'],
  ] as const) {
    const ea = ba.caseCaps?.[of];
    const eb = bb.caseCaps?.[of];
    if ((ea || eb) && (!ea || !eb || canon(ea.expr) !== canon(eb.expr)))
      out.push(...textChange(ctx, field, t(lang, what), ea ? noun(ea.source, sa) : undefined, eb ? noun(eb.source, sb) : undefined));
  }
  // 累计期间, 合并计算 and 分期, as the summary words them (the same text on both sides is no change).
  const limitsText = (x: Benefit, s: typeof sa) => moneyOverTime(x, s).limits.join(t(lang, 'summary.clauseSep'));
  const windowKey = (x: Benefit): string => {
    const p = x.capPeriod;
    if (!p) return '';
    return 'rollingMonths' in p ? `rolling ${p.rollingMonths}` : `${p.from?.k === 'date' ? p.from.iso : ''}|${p.lengthMonths ?? ''}|${p.until ?? ''}`;
  };
  if (ba.cumulativeCap && bb.cumulativeCap && windowKey(ba) !== windowKey(bb))
    out.push(...textChange(ctx, 'cumulativeCapWindow', t(lang, 'diff.what.cumulativeCapWindow'), limitsText(ba, sa), limitsText(bb, sb)));
  out.push(...textChange(ctx, 'countedWith', t(lang, 'diff.what.countedWith'), ba.countedWith?.join(t(lang, 'summary.listSep')), bb.countedWith?.join(t(lang, 'summary.listSep'))));
  out.push(...textChange(ctx, 'instalments', t(lang, 'summary.field.instalments'), moneyOverTime(ba, sa).instalments, moneyOverTime(bb, sb).instalments));
  const fund = (m: Model, id?: string) => (id ? label(m.funds.get(id)?.label, lang, id) : undefined);
  out.push(...textChange(ctx, 'fund', t(lang, 'summary.field.fund'), fund(a, ba.fund), fund(b, bb.fund)));
  out.push(...textChange(ctx, 'fallbackFund', t(lang, 'diff.what.fallbackFund'), fund(a, ba.fallbackFund), fund(b, bb.fallbackFund)));
  out.push(...textChange(ctx, 'payment', t(lang, 'summary.field.payment'), paymentText(ba.payment, lang), paymentText(bb.payment, lang)));
  const delivery = (x: Benefit) => (x.delivery ? t(lang, `summary.delivery.${x.delivery}` as MessageId) : undefined);
  out.push(...textChange(ctx, 'delivery', t(lang, 'summary.field.delivery'), delivery(ba), delivery(bb)));
  const periodKey = (x: Benefit) => (x.period ? `${x.period.from ? canon(x.period.from) : ''}|${x.period.lengthMonths ?? ''}|${x.period.until ?? ''}` : '');
  if (periodKey(ba) !== periodKey(bb)) {
    const pa = benefitPeriodText(ba, sa);
    const pb = benefitPeriodText(bb, sb);
    const la = ba.period?.lengthMonths;
    const lb = bb.period?.lengthMonths;
    const ua = ba.period?.until;
    const ub = bb.period?.until;
    const longer = (la !== undefined && lb !== undefined && lb > la) || (ua && ub && ub > ua);
    const shorter = (la !== undefined && lb !== undefined && lb < la) || (ua && ub && ub < ua);
    const what = t(lang, 'summary.field.period');
    if (pa && pb && (longer || shorter)) out.push({ field: 'period', kind: longer ? 'raised' : 'lowered', text: t(lang, longer ? 'diff.extended' : 'diff.shortened', { what, before: pa, after: pb }), before: pa, after: pb });
    else out.push(...textChange(ctx, 'period', what, pa, pb));
  }
  const quota = (x: Benefit, s: Scope) => quotaLines(x, s).join(t(lang, 'summary.clauseSep')) || undefined;
  const qk = (x: Benefit) =>
    `${x.timesPerYear ? canon(x.timesPerYear) : ''}|${JSON.stringify(x.oncePer ?? null)}|${JSON.stringify(x.oncePerYear ?? null)}|${JSON.stringify(x.oncePerWithin ?? null)}|${JSON.stringify(x.distinct ?? null)}`;
  if (qk(ba) !== qk(bb)) out.push(...textChange(ctx, 'quota', t(lang, 'summary.field.quota'), quota(ba, sa), quota(bb, sb)));
  const outcome = (x: Benefit, s: Scope) =>
    !x.outcome ? undefined : x.outcome.kind === 'designation' ? t(lang, 'summary.designation', { title: label(x.outcome.label, lang, x.outcome.label.zh) }) : t(lang, 'summary.equivalence.single', { value: valueText(x.outcome.expr, s) });
  const ok = (x: Benefit) => (!x.outcome ? '' : x.outcome.kind === 'designation' ? `d:${x.outcome.label.zh}` : `e:${canon(x.outcome.expr)}`);
  if (ok(ba) !== ok(bb)) out.push(...textChange(ctx, 'outcome', t(lang, 'diff.what.outcome'), outcome(ba, sa), outcome(bb, sb)));
  const rounding = (x: Benefit) => t(lang, `summary.rounding.${x.rounding.mode}` as MessageId, { unit: t(lang, roundingUnitId(x.rounding)) });
  if (ba.rounding.scale !== bb.rounding.scale || ba.rounding.step !== bb.rounding.step || ba.rounding.mode !== bb.rounding.mode) out.push(...textChange(ctx, 'rounding', t(lang, 'summary.field.rounding'), rounding(ba), rounding(bb)));
  return out;
}

function provisionChanges(ctx: Ctx, pa: Provision, pb: Provision): Change[] {
  const { lang } = ctx;
  return [
    ...textChange(ctx, 'title', t(lang, 'diff.what.title'), label(pa.label, lang, pa.id), label(pb.label, lang, pb.id)),
    ...textChange(ctx, 'clause', t(lang, 'summary.field.clause'), pa.clause, pb.clause),
    ...(pa.content !== pb.content ? [{ field: 'content', kind: 'changed' as const, text: t(lang, 'diff.content'), before: pa.content ?? '', after: pb.content ?? '' }] : []),
  ];
}

// ---- interactions ----

const interactionKey = (i: Interaction) => `${i.mode}:${i.mode === 'priority' ? i.members.join('>') : [...i.members].sort().join(',')}`;

function interactionChanges(ctx: Ctx): Change[] {
  const { a, b, lang } = ctx;
  const ka = new Map(a.interactions.map((i) => [interactionKey(i), i]));
  const kb = new Map(b.interactions.map((i) => [interactionKey(i), i]));
  const text = (m: Model, i: Interaction) => {
    const names = i.members.map((id) => t(lang, 'summary.quoted', { text: label(m.benefits.find((x) => x.id === id)?.label, lang, id) }));
    return t(lang, `summary.interSection.${i.mode}` as MessageId, { list: names.join(sep(lang)) });
  };
  const out: Change[] = [];
  for (const [k, i] of kb) if (!ka.has(k)) out.push({ field: 'interaction', kind: 'added', text: t(lang, 'diff.interaction.added', { text: text(b, i) }), after: text(b, i) });
  for (const [k, i] of ka) if (!kb.has(k)) out.push({ field: 'interaction', kind: 'removed', text: t(lang, 'diff.interaction.removed', { text: text(a, i) }), before: text(a, i) });
  return out;
}

// ---- the whole policy ----

function clauseLine(lang: Lang, d: Omit<ClauseDiff, 'text'>): string {
  const head = d.clause ? t(lang, 'diff.clauseHead', { clause: d.clause, title: d.title }) : d.title;
  if (d.status === 'added') return t(lang, 'diff.clause.added', { head });
  if (d.status === 'removed') return t(lang, 'diff.clause.removed', { head });
  if (d.status === 'unchanged') return t(lang, 'diff.clause.same', { head });
  return t(lang, 'diff.clause.changed', { head, changes: d.changes.map((c) => c.text).join(t(lang, 'summary.clauseSep')) });
}

export function diffPolicies(a: Model, b: Model, lang: Lang = 'zh'): PolicyDiff {
  const ctx: Ctx = { a, b, lang };
  const header = headerChanges(ctx);
  const declarations = declarationChanges(ctx);
  const clauses: ClauseDiff[] = [];
  const mk = (d: Omit<ClauseDiff, 'text'>): ClauseDiff => ({ ...d, text: clauseLine(lang, d) });
  // Benefits in the new text's order, then those the new text repeals.
  for (const bb of b.benefits) {
    const ba = a.benefits.find((x) => x.id === bb.id);
    const title = label(bb.label, lang, bb.id);
    if (!ba) {
      clauses.push(mk({ id: bb.id, kind: 'benefit', clause: bb.clause ?? null, title, status: 'added', changes: [] }));
      continue;
    }
    const changes = benefitChanges(ctx, ba, bb);
    clauses.push(mk({ id: bb.id, kind: 'benefit', clause: bb.clause ?? null, title, status: changes.length ? 'changed' : 'unchanged', changes }));
  }
  for (const ba of a.benefits)
    if (!b.benefits.some((x) => x.id === ba.id)) clauses.push(mk({ id: ba.id, kind: 'benefit', clause: ba.clause ?? null, title: label(ba.label, lang, ba.id), status: 'removed', changes: [] }));
  for (const pb of b.provisions) {
    const pa = a.provisions.find((x) => x.id === pb.id);
    const title = label(pb.label, lang, pb.id);
    if (!pa) clauses.push(mk({ id: pb.id, kind: 'provision', clause: pb.clause ?? null, title, status: 'added', changes: [] }));
    else {
      const changes = provisionChanges(ctx, pa, pb);
      clauses.push(mk({ id: pb.id, kind: 'provision', clause: pb.clause ?? null, title, status: changes.length ? 'changed' : 'unchanged', changes }));
    }
  }
  for (const pa of a.provisions)
    if (!b.provisions.some((x) => x.id === pa.id)) clauses.push(mk({ id: pa.id, kind: 'provision', clause: pa.clause ?? null, title: label(pa.label, lang, pa.id), status: 'removed', changes: [] }));
  const interactions = interactionChanges(ctx);
  const substantive = header.length + declarations.length + interactions.length > 0 || clauses.some((c) => c.status !== 'unchanged');
  const lines = substantive
    ? [...header.map((c) => c.text), ...declarations.map((c) => c.text), ...clauses.filter((c) => c.status !== 'unchanged').map((c) => c.text), ...interactions.map((c) => c.text)]
    : [t(lang, 'diff.none')];
  return { lang, substantive, header, declarations, clauses, interactions, lines };
}

export { scopeFor };
