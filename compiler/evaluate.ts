// The reference evaluator: a small, direct interpreter of the IR that defines
// what a policy means. Conditions use three-valued logic (true / false /
// unknown), so a missing fact makes a benefit undetermined and names exactly
// the facts a 政策计算器 still has to ask for. Money is exact throughout.
import type { Benefit, IExpr, Model, Payment } from './model.ts';
import { isValidIsoDate, keyString, type Facts, type LedgerEntry, type Value } from './facts.ts';
import { message, type Lang, type MessageId } from './messages.ts';
import * as R from './rational.ts';
import { renderExpr, renderValue, labelText, enumLabel, levelLabel } from './render.ts';
import { periodEnd } from './dates.ts';
import * as L from './ledger.ts';

export type Status = 'eligible' | 'ineligible' | 'undetermined';

export interface Reason {
  code: MessageId;
  message: string;
  args: Record<string, string>;
}

export interface BenefitDecision {
  id: string;
  clause: string | null;
  title: string;
  status: Status;
  /** Exact yuan as a decimal string, "16000.00"; null when not eligible or set by other rules. */
  amount: string | null;
  /** The ceiling (最高, per payment) that cut the amount, if it did. */
  ceiling: string | null;
  fund: string | null;
  payment: Payment | null;
  /** A designation or equivalence, for non-monetary benefits. */
  outcome: string | null;
  reasons: Reason[];
  /** Facts whose absence leaves the benefit undetermined. */
  missing: string[];
  /** For a benefit with an annual cap (每年累计不超过): the cap, what was received before, this payment, what remains after it. */
  annualCap?: L.CapState;
  /** For a running total (累计): the period, what the totals give, what was received before, this payment. */
  runningTotal?: L.RunningState;
  trace?: string[];
}

export interface Decision {
  subject: string;
  asOf: string;
  benefits: BenefitDecision[];
  /** Sum of the eligible amounts. */
  total: string;
}

export interface EvalOptions {
  asOf: string;
  ledger?: LedgerEntry[];
  /** Values for external (按规定) parameters, when the caller knows them. */
  params?: Record<string, R.Rat>;
  lang?: Lang;
  trace?: boolean;
}

type Res =
  | { ok: true; v: Value }
  | {
      ok: false;
      missing: string[];
      noStandard?: { fact: string; value: string };
      external?: string;
      divByZero?: IExpr;
    };

const isZero = (r: Res): boolean => r.ok && r.v.t === 'num' && r.v.v.n === 0n;

const missingOf = (...rs: Res[]): string[] => [...new Set(rs.flatMap((r) => (r.ok ? [] : r.missing)))];

/**
 * Keeps why a value could not be computed visible through the expressions around it: a division by zero,
 * and a parameter nobody gave (P4010, not “division by zero”).
 */
const divisionOf = (...rs: Res[]): { divByZero?: IExpr; external?: string } => {
  const out: { divByZero?: IExpr; external?: string } = {};
  for (const r of rs) if (!r.ok && r.divByZero && !out.divByZero) out.divByZero = r.divByZero;
  for (const r of rs) if (!r.ok && r.external && !out.external) out.external = r.external;
  return out;
};

class Evaluator {
  private derived: Map<string, IExpr>;

  constructor(
    private model: Model,
    private facts: Facts,
    private opts: EvalOptions,
    private subject: string,
  ) {
    this.derived = new Map();
    for (const f of model.subjects.get(subject)?.facts.values() ?? []) if (f.derived) this.derived.set(f.name, f.derived);
  }

  get lang(): Lang {
    return this.opts.lang ?? 'zh';
  }

  eval(e: IExpr): Res {
    switch (e.k) {
      case 'num':
        return { ok: true, v: { t: 'num', v: e.value } };
      case 'bool':
        return { ok: true, v: { t: 'bool', v: e.value } };
      case 'date':
        return { ok: true, v: { t: 'date', v: e.iso } };
      case 'text':
        return { ok: true, v: { t: 'text', label: e.label } };
      case 'level':
        return { ok: true, v: { t: 'level', name: e.name, rank: e.rank } };
      case 'enum':
        return { ok: true, v: { t: 'enum', name: e.name } };
      case 'fact': {
        const v = this.facts.get(e.name);
        if (v) return { ok: true, v };
        const formula = this.derived.get(e.name);
        return formula ? this.eval(formula) : { ok: false, missing: [e.name] };
      }
      case 'param': {
        const v = this.opts.params && Object.hasOwn(this.opts.params, e.name) ? this.opts.params[e.name] : undefined;
        return v ? { ok: true, v: { t: 'num', v } } : { ok: false, missing: [], external: e.name };
      }
      case 'neg': {
        const x = this.eval(e.e);
        return x.ok && x.v.t === 'num' ? { ok: true, v: { t: 'num', v: R.neg(x.v.v) } } : x;
      }
      case 'arith': {
        const l = this.eval(e.l);
        const r = this.eval(e.r);
        // A known zero decides a product whatever the other side is (0人 × 未知标准 is 0); a division by zero still fails.
        if (e.op === '*' && ((isZero(l) && !r.ok && !r.divByZero) || (isZero(r) && !l.ok && !l.divByZero))) return { ok: true, v: { t: 'num', v: R.ZERO } };
        if (!l.ok) return l.external || l.noStandard || l.divByZero ? l : r.ok ? l : { ok: false, missing: missingOf(l, r) };
        if (!r.ok) return r;
        const a = (l.v as { v: R.Rat }).v;
        const b = (r.v as { v: R.Rat }).v;
        if (e.op === '/' && b.n === 0n) return { ok: false, missing: [], divByZero: e };
        const f = { '+': R.add, '-': R.sub, '*': R.mul, '/': R.div }[e.op];
        return { ok: true, v: { t: 'num', v: f(a, b) } };
      }
      case 'cmp': {
        const l = this.eval(e.l);
        const r = this.eval(e.r);
        if (!l.ok || !r.ok) return { ok: false, missing: missingOf(l, r), ...divisionOf(l, r) };
        const c = compareValues(l.v, r.v);
        const v = {
          ge: c >= 0,
          gt: c > 0,
          le: c <= 0,
          lt: c < 0,
          eq: c === 0,
          ne: c !== 0,
        }[e.op];
        return { ok: true, v: { t: 'bool', v } };
      }
      case 'in': {
        const l = this.eval(e.l);
        if (!l.ok) return l;
        const hit = e.values.some((x) => {
          const r = this.eval(x);
          return r.ok && compareValues(l.v, r.v) === 0;
        });
        return { ok: true, v: { t: 'bool', v: hit } };
      }
      case 'and':
      case 'or': {
        const l = this.eval(e.l);
        const r = this.eval(e.r);
        const dominant = e.k === 'or';
        // Kleene logic: `or` is true if either side is; `and` is false if either side is.
        if ((l.ok && l.v.t === 'bool' && l.v.v === dominant) || (r.ok && r.v.t === 'bool' && r.v.v === dominant))
          return { ok: true, v: { t: 'bool', v: dominant } };
        if (!l.ok || !r.ok) return { ok: false, missing: missingOf(l, r), ...divisionOf(l, r) };
        return { ok: true, v: { t: 'bool', v: !dominant } };
      }
      case 'not': {
        const x = this.eval(e.e);
        return x.ok && x.v.t === 'bool' ? { ok: true, v: { t: 'bool', v: !x.v.v } } : x;
      }
      case 'lookup': {
        const key = this.facts.get(e.fact);
        if (!key) return { ok: false, missing: [e.fact] };
        const name = key.t === 'level' || key.t === 'enum' ? key.name : '';
        const entry = e.entries.find((x) => x.key === name);
        if (!entry)
          return {
            ok: false,
            missing: [],
            noStandard: { fact: e.fact, value: name },
          };
        return this.eval(entry.value);
      }
      case 'if': {
        // A known condition picks its case; an unknown one decides nothing unless both cases give the same value.
        const c = this.eval(e.c);
        if (c.ok && c.v.t === 'bool') return this.eval(c.v.v ? e.t : e.e);
        const t = this.eval(e.t);
        const f = this.eval(e.e);
        if (t.ok && f.ok && t.v.t === f.v.t && compareValues(t.v, f.v) === 0) return t;
        return c.ok ? c : { ...c, missing: missingOf(c, t, f) };
      }
      case 'min':
      case 'max': {
        const rs = e.args.map((a) => this.eval(a));
        const failed = rs.find((r) => !r.ok);
        if (failed && !failed.ok) return failed.external || failed.noStandard || failed.divByZero ? failed : { ok: false, missing: missingOf(...rs), ...divisionOf(...rs) };
        const values = rs.map((r) => ((r as { v: { v: R.Rat } }).v.v));
        const best = values.reduce((a, b) => (R.cmp(b, a) * (e.k === 'min' ? -1 : 1) > 0 ? b : a));
        return { ok: true, v: { t: 'num', v: best } };
      }
      case 'dot': {
        const counts = this.facts.get(e.fact);
        if (!counts || counts.t !== 'map') return { ok: false, missing: [e.fact] };
        let sum = R.ZERO;
        for (const entry of e.entries) {
          const n = counts.v.get(entry.key);
          if (!n) continue;
          const rate = this.eval(entry.value);
          if (!rate.ok) return rate;
          sum = R.add(sum, R.mul(n, (rate.v as { v: R.Rat }).v));
        }
        return { ok: true, v: { t: 'num', v: sum } };
      }
    }
  }

  /** The facts a condition mentions, with their values, for the reason text. */
  valuesOf(e: IExpr, out = new Map<string, string>()): Map<string, string> {
    if (e.k === 'fact' || e.k === 'lookup' || e.k === 'dot') {
      const name = e.k === 'fact' ? e.name : e.fact;
      const v = this.facts.get(name);
      const fact = [...this.model.subjects.values()].find((s) => s.facts.has(name))?.facts.get(name);
      const unit = fact?.type.kind === 'quantity' ? fact.type.unit : undefined;
      out.set(
        name,
        v
          ? v.t === 'enum' && fact?.type.kind === 'enum'
            ? enumLabel(this.model, fact.type.of, v.name, this.lang)
            : renderValue(v, this.lang, unit)
          : '?',
      );
    }
    for (const child of childrenOf(e)) this.valuesOf(child, out);
    return out;
  }

  /** The ledger-facing description of a benefit (compiler/ledger.ts decides with it). */
  ledgerRules(b: Benefit): L.LedgerRules {
    const fen = (r: R.Rat | undefined) => (r ? R.roundTo(r, 100n, 'half-up') : null);
    return {
      payment: b.payment ?? null,
      oncePer: b.oncePer ?? null,
      oncePerYear: b.oncePerYear ?? null,
      runningTotal: Boolean(b.runningTotal),
      ceiling: fen(b.ceiling),
      annualCap: fen(b.annualCap),
    };
  }

  /** What the ledger needs to know about this subject now, or the facts it still lacks. */
  ledgerQuery(b: Benefit, inForce: { start: string; end: string }, timesPerYear?: R.Rat): L.LedgerQuery | { missing: string[] } {
    const key: Record<string, string> = {};
    const missing: string[] = [];
    for (const k of L.keyFacts(this.ledgerRules(b))) {
      const v = this.facts.get(k.fact);
      if (v) key[k.fact] = keyString(v);
      else missing.push(k.fact);
    }
    if (missing.length) return { missing };
    const subject = this.model.subjects.get(this.subject);
    return {
      asOf: this.opts.asOf,
      inForce,
      prior: (this.opts.ledger ?? [])
        .filter((e) => e.benefit === b.id && e.date <= this.opts.asOf)
        .map((e) => ({ date: e.date, fen: R.roundTo(e.amount, 100n, 'half-up'), ...(e.key && { key: e.key }) })),
      key,
      rank: (fact, value) => {
        const t = subject?.facts.get(fact)?.type;
        return t?.kind === 'level' ? levelRank(this.model, t.of, value) : undefined;
      },
      timesPerYear: timesPerYear ? { n: timesPerYear.n, d: timesPerYear.d } : null,
      lang: this.lang,
      factLabel: (fact) => factLabel(this.model, this.subject, fact, this.lang),
      valueLabel: (fact, value) => keyValueLabel(this.model, this.subject, fact, value, this.lang),
    };
  }

  note(n: L.Note): Reason {
    return this.reason(n.code as MessageId, n.args);
  }

  noStandardReason(ns: { fact: string; value: string }): Reason {
    const fact = this.model.subjects.get(this.subject)?.facts.get(ns.fact);
    const value = fact?.type.kind === 'enum' ? enumLabel(this.model, fact.type.of, ns.value, this.lang) : ns.value;
    return this.reason('P4004', { fact: ns.fact, value });
  }

  reason(code: MessageId, args: Record<string, string>): Reason {
    return { code, message: message(code, this.lang, args), args };
  }

  decide(b: Benefit, subject: string): BenefitDecision {
    const { header } = this.model;
    const d: BenefitDecision = {
      id: b.id,
      clause: b.clause ?? null,
      title: labelText(b.label, this.lang, b.id),
      status: 'ineligible',
      amount: null,
      ceiling: null,
      fund: b.fund ? labelText(this.model.funds.get(b.fund)?.label, this.lang, b.fund) : null,
      payment: b.payment ?? null,
      outcome: null,
      reasons: [],
      missing: [],
    };
    const trace = this.opts.trace ? (d.trace = [] as string[]) : undefined;
    const asOf = this.opts.asOf;
    if (!b.subjects.includes(subject)) {
      d.reasons.push(this.reason('P4001', { subjects: b.subjects.join('、'), subject }));
      return d;
    }
    if (header.effective && asOf < header.effective) {
      d.reasons.push(this.reason('P4002', { date: asOf, start: header.effective, end: header.end ?? '' }));
      return d;
    }
    if (header.end && asOf > header.end) {
      d.reasons.push(this.reason('P4025', { date: asOf, start: header.effective ?? '', end: header.end }));
      return d;
    }
    // The days the benefit is in force for this subject: the policy period, narrowed by the benefit's 期限.
    const inForce = { start: header.effective ?? '0000-01-01', end: header.end ?? '9999-12-31' };
    const missing = new Set<string>();
    const divisionErrors = new Set<string>();
    let failed = false;
    if (b.period) {
      const from = b.period.from ? this.eval(b.period.from) : undefined;
      if (from && !from.ok) from.missing.forEach((m) => missing.add(m));
      else {
        const start = from?.ok && from.v.t === 'date' ? from.v.v : (header.effective ?? '0000-01-01');
        let end = b.period.until ?? '9999-12-31';
        if (b.period.lengthMonths !== undefined) {
          const byLength = periodEnd(start, b.period.lengthMonths);
          if (byLength < end) end = byLength;
        }
        trace?.push(`period ${start} .. ${end}`);
        if (start > inForce.start) inForce.start = start;
        if (end < inForce.end) inForce.end = end;
        if (asOf < start || asOf > end) {
          d.reasons.push(this.reason(asOf < start ? 'P4006' : 'P4026', { date: asOf, start, end }));
          failed = true;
        }
      }
    }
    for (const c of b.conditions) {
      const r = this.eval(c.expr);
      const text = renderExpr(c.source, this.lang);
      if (!r.ok) {
        // Unknown is never taken for true: missing facts, or a value that cannot be computed.
        r.missing.forEach((m) => missing.add(m));
        if (r.missing.length === 0) {
          if (r.noStandard) {
            failed = true;
            d.reasons.push(this.noStandardReason(r.noStandard));
          } else if (r.external) {
            d.status = 'undetermined';
            d.reasons.push(this.reason('P4010', { param: r.external }));
            return d;
          } else divisionErrors.add(text);
        }
        trace?.push(`? ${text}`);
      } else if (r.v.t === 'bool' && !r.v.v) {
        failed = true;
        const values = [...this.valuesOf(c.expr)]
          .map(([k, v]) => `${k}${this.lang === 'zh' ? '：' : ': '}${v}`)
          .join(this.lang === 'zh' ? '，' : ', ');
        d.reasons.push(this.reason('P4003', { condition: text, values }));
        trace?.push(`✗ ${text}`);
      } else trace?.push(`✓ ${text}`);
    }
    if (failed) return d;
    if (missing.size === 0 && divisionErrors.size > 0) {
      d.status = 'undetermined';
      for (const expr of divisionErrors) d.reasons.push(this.reason('P4013', { expr }));
      return d;
    }
    const rules = this.ledgerRules(b);
    let query: L.LedgerQuery | undefined;
    if (missing.size === 0) {
      // 每年限次 may itself depend on a fact (按 职业类别 {…}).
      let times: R.Rat | undefined;
      if (b.timesPerYear) {
        const limit = this.eval(b.timesPerYear);
        if (!limit.ok) {
          // No limit for this value is not "no limit": the benefit cannot be granted.
          if (limit.noStandard) {
            d.reasons.push(this.noStandardReason(limit.noStandard));
            return d;
          }
          if (limit.missing.length) {
            d.status = 'undetermined';
            d.missing = limit.missing;
            d.reasons.push(this.reason('P4012', { facts: d.missing.join('、') }));
            return d;
          }
        } else if (limit.v.t === 'num') times = limit.v.v;
      }
      const q = this.ledgerQuery(b, inForce, times);
      if ('missing' in q) {
        d.status = 'undetermined';
        d.missing = q.missing;
        d.reasons.push(this.reason('P4012', { facts: q.missing.join('、') }));
        return d;
      }
      query = q;
      const refusal = L.ledgerRefusal(rules, q);
      if (refusal) {
        d.reasons.push(this.note(refusal));
        return d;
      }
    }
    // The amount (or outcome) may itself need facts.
    let amount: Res | undefined;
    if (b.amount) amount = this.eval(b.amount);
    let outcome: Res | undefined;
    if (b.outcome?.kind === 'equivalence') outcome = this.eval(b.outcome.expr);
    for (const r of [amount, outcome]) {
      if (r && !r.ok && r.noStandard) {
        d.reasons.push(this.noStandardReason(r.noStandard));
        return d;
      }
      if (r && !r.ok) r.missing.forEach((m) => missing.add(m));
      if (r && !r.ok && r.divByZero && r.missing.length === 0) {
        d.status = 'undetermined';
        d.reasons.push(
          this.reason('P4013', {
            expr: this.lang === 'zh' ? '金额' : 'the amount',
          }),
        );
        return d;
      }
    }
    if (missing.size > 0) {
      d.status = 'undetermined';
      d.missing = [...missing];
      d.reasons.push(this.reason('P4012', { facts: d.missing.join('、') }));
      return d;
    }
    d.status = 'eligible';
    if (b.outcome?.kind === 'designation') d.outcome = labelText(b.outcome.label, this.lang, b.outcome.label.zh);
    if (outcome?.ok) d.outcome = outcomeText(this.model, outcome.v, this.lang);
    if (!amount) return d;
    if (!amount.ok) {
      d.reasons.push(this.reason('P4010', { param: amount.external ?? '' }));
      return d;
    }
    const computed = R.roundTo((amount.v as { v: R.Rat }).v, b.rounding.scale, b.rounding.mode) * (100n / b.rounding.scale);
    trace?.push(`amount ${R.fenToString(computed)}`);
    const st = L.settle(rules, query!, computed);
    if (st.ceilingCut !== null) d.ceiling = R.fenToString(st.ceilingCut);
    if (st.runningTotal) d.runningTotal = st.runningTotal;
    if (st.annualCap) d.annualCap = st.annualCap;
    for (const n of st.notes) d.reasons.push(this.note(n));
    if (st.refused) {
      d.status = 'ineligible';
      d.reasons.push(this.note(st.refused));
      return d;
    }
    const fen = st.fen;
    if (fen <= 0n) {
      d.status = 'ineligible';
      d.reasons.push(this.reason('P4011', { amount: R.fenToString(fen) }));
      return d;
    }
    d.amount = R.fenToString(fen);
    return d;
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

function levelRank(model: Model, of: string, name: string): number | undefined {
  return model.levels.get(of)?.levels.find((l) => l.name === name || l.aliases.includes(name))?.rank;
}

function outcomeText(model: Model, v: Value, lang: Lang): string {
  if (v.t === 'enum') {
    for (const et of model.enums.values()) if (et.values.some((x) => x.name === v.name)) return enumLabel(model, et.name, v.name, lang);
  }
  return renderValue(v, lang);
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
    default:
      return [];
  }
}

export function compareValues(a: Value, b: Value): number {
  if (a.t === 'num' && b.t === 'num') return R.cmp(a.v, b.v);
  if (a.t === 'level' && b.t === 'level') return a.rank - b.rank;
  if (a.t === 'date' && b.t === 'date') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  if (a.t === 'bool' && b.t === 'bool') return a.v === b.v ? 0 : 1;
  if (a.t === 'enum' && b.t === 'enum') return a.name === b.name ? 0 : 1;
  if (a.t === 'text' && b.t === 'text') return a.label.zh === b.label.zh ? 0 : 1;
  if (a.t === 'str' && b.t === 'str') return a.v === b.v ? 0 : 1;
  if (a.t === 'str' && b.t === 'text') return a.v === b.label.zh ? 0 : 1;
  return 1;
}

const parseFen = (s: string | null): bigint => {
  if (!s) return 0n;
  const r = R.parseDecimal(s)!;
  return R.roundTo(r, 100n, 'half-up');
};

/** Applies 就高 / 不得重复享受 / 优先 among the eligible members of each group. */
function applyInteractions(model: Model, decisions: BenefitDecision[], ev: Evaluator) {
  if (model.interactions.length === 0) return;
  const byId = new Map(decisions.map((d) => [d.id, d]));
  for (const group of model.interactions) {
    const eligible = group.members.map((m) => byId.get(m)).filter((d): d is BenefitDecision => d?.status === 'eligible');
    if (eligible.length < 2) continue;
    let kept = eligible[0]!;
    if (group.mode === 'higher-of') for (const d of eligible) if (parseFen(d.amount) > parseFen(kept.amount)) kept = d;
    for (const d of eligible) {
      if (d === kept) continue;
      const code = group.mode === 'higher-of' ? 'P4007' : group.mode === 'exclusive' ? 'P4008' : 'P4009';
      d.status = 'ineligible';
      d.amount = null;
      d.ceiling = null;
      d.outcome = null;
      delete d.annualCap;
      delete d.runningTotal;
      d.reasons = d.reasons.filter((r) => !L.MONEY_NOTES.has(r.code));
      d.reasons.push(ev.reason(code, { other: kept.title }));
    }
  }
}

export function evaluate(model: Model, subject: string, facts: Facts, opts: EvalOptions): Decision {
  // A malformed date would compare as a string and silently give a wrong period.
  if (!isValidIsoDate(opts.asOf)) throw new RangeError(message('P3006', opts.lang ?? 'zh', { field: 'asOf', found: JSON.stringify(opts.asOf) }));
  const ev = new Evaluator(model, facts, opts, subject);
  const benefits = model.benefits.map((b) => ev.decide(b, subject));
  applyInteractions(model, benefits, ev);
  const total = benefits.reduce((s, d) => s + (d.status === 'eligible' ? parseFen(d.amount) : 0n), 0n);
  return { subject, asOf: opts.asOf, benefits, total: R.fenToString(total) };
}
