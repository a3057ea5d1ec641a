// The reference evaluator: it defines what a policy means. Each benefit is lowered to the decision IR
// (compiler/decision: the order of the decision steps, written once), and this module interprets it:
// conditions use three-valued logic (true / false / unknown), so a missing fact makes a benefit undetermined
// and names exactly the facts a 政策计算器 still has to ask for. Money is exact throughout; the ledger rules
// are compiler/ledger.ts. Decisions are made without text (CompactDecision, language-neutral reasons) and
// worded at the edge (renderDecision, compiler/decision/reasons.ts).
import type { Label } from '../grammar/ast.ts';
import type { IExpr, Model, Payment } from './model.ts';
import { isValidIsoDate, keyString, type Facts, type LedgerEntry, type Value } from './facts.ts';
import { message, type Lang } from './messages.ts';
import * as R from './rational.ts';
import { renderValue, labelText, enumLabel } from './render.ts';
import { periodEnd } from './dates.ts';
import * as L from './ledger.ts';
import { lowerPolicy } from './decision/lower.ts';
import { conditionText, renderReason, type Reason, type ReasonContext } from './decision/reasons.ts';
import type { BenefitPlan, ExclusionGroup, LedgerRead, NeutralReason, Step } from './decision/types.ts';

export { childrenOf, factLabel } from './decision/reasons.ts';
export type { Reason } from './decision/reasons.ts';

export type Status = 'eligible' | 'ineligible' | 'undetermined';

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
  /** 付款方: who pays the amount when it is not a public fund (then `fund` is null and the total does not count it). */
  payer?: string;
  /** 金额性质：税前扣除: the amount is a deduction before tax, not money paid (the total does not count it). */
  kind?: 'tax-deduction';
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
  /** Sum of the eligible amounts paid from a fund (not those of a 付款方 or a 税前扣除). */
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
 * a parameter nobody gave (P4010, not “division by zero”), and a table with no standard for a value (P4004).
 */
const divisionOf = (...rs: Res[]): { divByZero?: IExpr; external?: string; noStandard?: { fact: string; value: string } } => {
  const out: { divByZero?: IExpr; external?: string; noStandard?: { fact: string; value: string } } = {};
  for (const r of rs) if (!r.ok && r.divByZero && !out.divByZero) out.divByZero = r.divByZero;
  for (const r of rs) if (!r.ok && r.external && !out.external) out.external = r.external;
  // A table with no entry for the value stays “no standard” (P4004) through comparisons and logic.
  for (const r of rs) if (!r.ok && r.noStandard && !out.noStandard) out.noStandard = r.noStandard;
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
      case 'asOf':
        return { ok: true, v: { t: 'date', v: this.opts.asOf } };
      case 'elapsed':
      case 'age': {
        const from = this.eval(e.from);
        const at = e.k === 'age' && e.at ? this.eval(e.at) : undefined;
        if (at && !at.ok) return from.ok ? at : { ok: false, missing: missingOf(from, at), ...divisionOf(from, at) };
        if (!from.ok || from.v.t !== 'date') return from;
        const on = at?.ok && at.v.t === 'date' ? at.v.v : this.opts.asOf;
        const months = L.completedMonths(from.v.v, on);
        // Elapsed time is the whole months completed plus ½: 2年以内 holds to the second anniversary, 满2年 from the day after.
        if (e.k === 'elapsed') return { ok: true, v: { t: 'num', v: R.rat(2n * BigInt(months) + 1n, 2n) } };
        return { ok: true, v: { t: 'num', v: R.rat(months < 0 ? -1n : BigInt(Math.floor(months / 12))) } };
      }
      case 'nostd': {
        // A value in no bracket of a 分档 table: no standard for it (P4004), as a table without the entry.
        const x = this.eval(e.x);
        if (!x.ok) return x;
        const name = e.x.k === 'fact' || e.x.k === 'param' ? e.x.name : '?';
        const unit = e.x.type.kind === 'quantity' ? e.x.type.unit : undefined;
        return { ok: false, missing: [], noStandard: { fact: name, value: renderValue(x.v, this.lang, unit) } };
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


// ---- the interpreter of the decision IR (compiler/decision) ----

/** A decision before any text: status, amount in fen, language-neutral reasons. */
export interface CompactDecision {
  id: string;
  status: Status;
  /** Eligible amount, fen; null when not eligible or set by other rules. */
  fen: bigint | null;
  /** The ceiling (最高) that cut the amount, fen. */
  ceilingFen: bigint | null;
  outcome: { designation: Label } | { value: Value } | null;
  reasons: NeutralReason[];
  missing: string[];
  annualCap?: L.CapState;
  runningTotal?: L.RunningState;
  trace?: TraceEntry[];
}

/** A step the trace records: plain text, or a condition with its verdict (worded at the edge). */
export type TraceEntry = string | { mark: '✓' | '✗' | '?'; condition: number };

/** What the steps of one benefit's decision share while it runs. */
interface RunState {
  failed: boolean;
  missing: Set<string>;
  /** Conditions that divided by zero (by index). */
  division: number[];
  /** The days the benefit is in force for the subject: the policy period, narrowed by the benefit's 期限. */
  inForce: { start: string; end: string };
  policyStart: string;
  /** 每年限次, evaluated. */
  times?: R.Rat;
  /** 最长享受, evaluated (months). */
  months?: R.Rat;
  key: Record<string, string>;
  values: Map<'amount' | 'outcome', Res>;
  settling?: L.Settling;
  prior?: L.PaidEntry[];
}

class Interpreter {
  readonly ev: Evaluator;

  constructor(
    private model: Model,
    private facts: Facts,
    private opts: EvalOptions,
    private subject: string,
  ) {
    this.ev = new Evaluator(model, facts, opts, subject);
  }

  decide(plan: BenefitPlan): CompactDecision {
    const d: CompactDecision = { id: plan.id, status: 'ineligible', fen: null, ceilingFen: null, outcome: null, reasons: [], missing: [] };
    if (this.opts.trace) d.trace = [];
    // Most benefits are for other subject types: their `subject` guard needs no run state.
    const first = plan.steps[0];
    if (first?.k === 'subject' && this.notFor(first.subjects, d)) return d;
    const st: RunState = {
      failed: false,
      missing: new Set(),
      division: [],
      inForce: { start: '0000-01-01', end: '9999-12-31' },
      policyStart: '0000-01-01',
      key: {},
      values: new Map(),
    };
    this.run(plan, plan.steps, d, st);
    return d;
  }

  /** Runs steps in order; true when one of them decided the benefit. */
  private run(plan: BenefitPlan, steps: readonly Step[], d: CompactDecision, st: RunState): boolean {
    const asOf = this.opts.asOf;
    // No closures here: this runs for every benefit of every subject.
    for (const s of steps) {
      switch (s.k) {
        case 'subject':
          if (this.notFor(s.subjects, d)) return true;
          break;
        case 'validity':
          if (s.effective && asOf < s.effective) return this.exit(d, 'ineligible', 'P4002', { date: asOf, start: s.effective, end: s.end ?? '' });
          if (s.end && asOf > s.end) return this.exit(d, 'ineligible', 'P4025', { date: asOf, start: s.effective ?? '', end: s.end });
          st.policyStart = s.effective ?? '0000-01-01';
          st.inForce = { start: st.policyStart, end: s.end ?? '9999-12-31' };
          break;
        case 'period': {
          const from = s.from ? this.ev.eval(s.from) : undefined;
          if (from && !from.ok) {
            from.missing.forEach((m) => st.missing.add(m));
            break;
          }
          const start = from?.ok && from.v.t === 'date' ? from.v.v : st.policyStart;
          let end = s.until ?? '9999-12-31';
          if (s.lengthMonths !== undefined) {
            const byLength = periodEnd(start, s.lengthMonths);
            if (byLength < end) end = byLength;
          }
          d.trace?.push(`period ${start} .. ${end}`);
          if (start > st.inForce.start) st.inForce.start = start;
          if (end < st.inForce.end) st.inForce.end = end;
          if (asOf < start || asOf > end) {
            d.reasons.push({ code: asOf < start ? 'P4006' : 'P4026', args: { date: asOf, start, end } });
            st.failed = true;
          }
          break;
        }
        case 'condition': {
          const r = this.ev.eval(s.expr);
          if (!r.ok) {
            // Unknown is never taken for true: missing facts, or a value that cannot be computed.
            r.missing.forEach((m) => st.missing.add(m));
            if (r.missing.length === 0) {
              if (r.noStandard) {
                st.failed = true;
                d.reasons.push({ code: 'P4004', args: { fact: { fact: r.noStandard.fact }, value: { keyValue: r.noStandard } } });
              } else if (r.external) return this.exit(d, 'undetermined', 'P4010', { param: { param: r.external } });
              else st.division.push(s.index);
            }
            d.trace?.push({ mark: '?', condition: s.index });
          } else if (r.v.t === 'bool' && !r.v.v) {
            st.failed = true;
            d.reasons.push({ code: 'P4003', args: { condition: { condition: s.index }, values: { values: s.index } } });
            d.trace?.push({ mark: '✗', condition: s.index });
          } else d.trace?.push({ mark: '✓', condition: s.index });
          break;
        }
        case 'fail-if-failed':
          if (st.failed) return this.exit(d, 'ineligible');
          break;
        case 'stop-if-division':
          if (st.missing.size === 0 && st.division.length > 0) {
            for (const i of st.division) d.reasons.push({ code: 'P4013', args: { expr: { condition: i } } });
            return this.exit(d, 'undetermined');
          }
          break;
        case 'if-known':
          if (st.missing.size === 0 && this.run(plan, s.steps, d, st)) return true;
          break;
        case 'times-limit': {
          const limit = this.ev.eval(s.expr);
          if (!limit.ok) {
            // No limit for this value is not "no limit": the benefit cannot be granted.
            if (limit.noStandard) return this.noStandard(d, limit.noStandard);
            if (limit.missing.length) {
              d.missing = limit.missing;
              return this.exit(d, 'undetermined', 'P4012', { facts: { facts: d.missing } });
            }
          } else if (limit.v.t === 'num') st.times = limit.v.v;
          break;
        }
        case 'months-limit': {
          const limit = this.ev.eval(s.expr);
          if (!limit.ok) {
            if (limit.noStandard) return this.noStandard(d, limit.noStandard);
            if (limit.missing.length) {
              d.missing = limit.missing;
              return this.exit(d, 'undetermined', 'P4012', { facts: { facts: d.missing } });
            }
          } else if (limit.v.t === 'num') st.months = limit.v.v;
          break;
        }
        case 'key-facts': {
          const missing: string[] = [];
          for (const f of s.facts) {
            const v = this.facts.get(f);
            if (v) st.key[f] = keyString(v);
            else missing.push(f);
          }
          if (missing.length) {
            d.missing = missing;
            return this.exit(d, 'undetermined', 'P4012', { facts: { facts: missing } });
          }
          break;
        }
        case 'quota': {
          let n: L.NeutralNote | null = null;
          if (s.rule === 'times-per-year') {
            if (st.times) n = L.timesRefusal(this.read(plan, s.read, st).count, st.times, asOf);
          } else if (s.rule === 'months') {
            if (st.months) n = L.monthsRefusal(this.read(plan, s.read, st).count, st.months);
          } else n = L.quotaRefusal(s.rule === 'once-per-year', s.keys, this.read(plan, s.read, st).latest, asOf);
          if (n) return this.exit(d, 'ineligible', n.code, n.args);
          break;
        }
        case 'frequency': {
          const n = L.frequencyRefusal(s.code, s.keys, this.read(plan, s.read, st), asOf);
          if (n) return this.exit(d, 'ineligible', n.code, n.args);
          break;
        }
        case 'value': {
          const r = this.ev.eval(s.expr);
          st.values.set(s.of, r);
          if (!r.ok && r.noStandard) return this.noStandard(d, r.noStandard);
          if (!r.ok) r.missing.forEach((m) => st.missing.add(m));
          if (!r.ok && r.divByZero && r.missing.length === 0) return this.exit(d, 'undetermined', 'P4013', { expr: { word: 'amount' } });
          break;
        }
        case 'stop-if-missing':
          if (st.missing.size > 0) {
            d.missing = [...st.missing];
            return this.exit(d, 'undetermined', 'P4012', { facts: { facts: d.missing } });
          }
          break;
        case 'eligible': {
          d.status = 'eligible';
          if (s.designation) d.outcome = { designation: s.designation };
          const outcome = st.values.get('outcome');
          if (outcome?.ok) d.outcome = { value: outcome.v };
          break;
        }
        case 'round': {
          const amount = st.values.get('amount');
          if (!amount || !amount.ok) return this.exit(d, 'eligible', 'P4010', { param: { param: (amount && !amount.ok && amount.external) || '' } });
          const computed = R.roundTo((amount.v as { v: R.Rat }).v, s.scale, s.mode) * (100n / s.scale);
          d.trace?.push(`amount ${R.fenToString(computed)}`);
          st.settling = L.startSettling(computed);
          break;
        }
        case 'ceiling':
        case 'running-total':
        case 'annual-cap': {
          const m = st.settling!;
          const before = m.notes.length;
          if (s.k === 'ceiling') {
            L.settleCeiling(m, s.fen);
            if (m.ceilingCut !== null) d.ceilingFen = m.ceilingCut;
          } else if (s.k === 'running-total') {
            const read = this.read(plan, s.read, st);
            L.settleRunningTotal(m, read, read.window ?? st.inForce, s.annualCap);
            if (m.runningTotal) d.runningTotal = m.runningTotal;
          } else {
            L.settleAnnualCap(m, s.fen, this.read(plan, s.read, st), asOf);
            if (m.annualCap) d.annualCap = m.annualCap;
          }
          for (let i = before; i < m.notes.length; i++) d.reasons.push({ code: m.notes[i]!.code, args: m.notes[i]!.args });
          if (m.refused) return this.exit(d, 'ineligible', m.refused.code, m.refused.args);
          break;
        }
        case 'positive': {
          const fen = st.settling!.fen;
          if (fen <= 0n) return this.exit(d, 'ineligible', 'P4011', { amount: R.fenToString(fen) });
          d.fen = fen;
          break;
        }
      }
    }
    return false;
  }

  /** The `subject` step: not for this subject type → ineligible, P4001. */
  private notFor(subjects: readonly string[], d: CompactDecision): boolean {
    return !subjects.includes(this.subject) && this.exit(d, 'ineligible', 'P4001', { subjects: { subjects: subjects as string[] }, subject: { subjects: [this.subject] } });
  }

  private exit(d: CompactDecision, status: Status, code?: string, args?: NeutralReason['args']): true {
    d.status = status;
    if (code) d.reasons.push({ code, args: args ?? {} });
    return true;
  }

  private noStandard(d: CompactDecision, ns: { fact: string; value: string }): true {
    return this.exit(d, 'ineligible', 'P4004', { fact: { fact: ns.fact }, value: { keyValue: ns } });
  }

  /** A ledger read over this benefit's earlier payments (compiler/ledger.ts readLedger). */
  private read(plan: BenefitPlan, read: LedgerRead, st: RunState): L.ReadResult {
    st.prior ??= (this.opts.ledger ?? [])
      .filter((e) => e.benefit === plan.id && e.date <= this.opts.asOf)
      .map((e) => ({ date: e.date, fen: R.roundTo(e.amount, 100n, 'half-up'), ...(e.key && { key: e.key }) }));
    const subject = this.model.subjects.get(this.subject);
    return L.readLedger(read, {
      asOf: this.opts.asOf,
      inForce: st.inForce,
      prior: st.prior,
      key: st.key,
      rank: (fact, value) => {
        const t = subject?.facts.get(fact)?.type;
        return t?.kind === 'level' ? levelRank(this.model, t.of, value) : undefined;
      },
    });
  }
}

function levelRank(model: Model, of: string, name: string): number | undefined {
  return model.levels.get(of)?.levels.find((l) => l.name === name || l.aliases.includes(name))?.rank;
}

/** 就高 / 不得重复享受 / 优先 among the eligible members of each group (after every benefit is decided). */
export function applyGroups(groups: readonly ExclusionGroup[], decisions: CompactDecision[]): void {
  if (groups.length === 0) return;
  const byId = new Map(decisions.map((d) => [d.id, d]));
  for (const group of groups) {
    const eligible = group.members.map((m) => byId.get(m)).filter((d): d is CompactDecision => d?.status === 'eligible');
    if (eligible.length < 2) continue;
    let kept = eligible[0]!;
    if (group.mode === 'higher-of') for (const d of eligible) if ((d.fen ?? 0n) > (kept.fen ?? 0n)) kept = d;
    for (const d of eligible) {
      if (d === kept) continue;
      d.status = 'ineligible';
      d.fen = null;
      d.ceilingFen = null;
      d.outcome = null;
      delete d.annualCap;
      delete d.runningTotal;
      d.reasons = d.reasons.filter((r) => !L.MONEY_NOTES.has(r.code));
      d.reasons.push({ code: group.code, args: { other: { benefit: kept.id } } });
    }
  }
}

/** Decides every benefit of the policy for one subject, without any text. */
export function decideCompact(model: Model, subject: string, facts: Facts, opts: EvalOptions): CompactDecision[] {
  if (!isValidIsoDate(opts.asOf)) throw new RangeError(message('P3006', opts.lang ?? 'zh', { field: 'asOf', found: JSON.stringify(opts.asOf) }));
  const program = lowerPolicy(model);
  const it = new Interpreter(model, facts, opts, subject);
  const decisions = program.benefits.map((plan) => it.decide(plan));
  applyGroups(program.groups, decisions);
  return decisions;
}

/** The edge: a compact decision worded in a language. */
export function renderDecision(model: Model, plan: BenefitPlan, c: CompactDecision, cx: ReasonContext): BenefitDecision {
  const { lang } = cx;
  const d: BenefitDecision = {
    id: plan.id,
    clause: plan.clause ?? null,
    title: labelText(plan.label, lang, plan.id),
    status: c.status,
    amount: c.fen === null ? null : R.fenToString(c.fen),
    ceiling: c.ceilingFen === null ? null : R.fenToString(c.ceilingFen),
    fund: plan.fund ? labelText(model.funds.get(plan.fund)?.label, lang, plan.fund) : null,
    ...(plan.payer && { payer: labelText(plan.payer, lang, plan.payer.zh) }),
    ...(plan.kind && { kind: plan.kind }),
    payment: plan.payment ?? null,
    outcome: c.outcome === null ? null : 'designation' in c.outcome ? labelText(c.outcome.designation, lang, c.outcome.designation.zh) : outcomeText(model, c.outcome.value, lang),
    reasons: [],
    missing: [...c.missing],
  };
  // Key order as callers have always seen it: trace, running total, annual cap.
  if (c.trace) d.trace = c.trace.map((t) => (typeof t === 'string' ? t : `${t.mark} ${conditionText(plan, t.condition, lang, model)}`));
  if (c.runningTotal) d.runningTotal = c.runningTotal;
  if (c.annualCap) d.annualCap = c.annualCap;
  // A condition's division by zero is one reason per distinct text.
  let seen: Set<string> | undefined;
  for (const r of c.reasons) {
    const reason = renderReason(cx, plan, r);
    if (r.code === 'P4013') {
      if (seen?.has(reason.message)) continue;
      (seen ??= new Set()).add(reason.message);
    }
    d.reasons.push(reason);
  }
  return d;
}

function outcomeText(model: Model, v: Value, lang: Lang): string {
  if (v.t === 'enum') {
    for (const et of model.enums.values()) if (et.values.some((x) => x.name === v.name)) return enumLabel(model, et.name, v.name, lang);
  }
  return renderValue(v, lang);
}

/** Whether a benefit's amount is a fund payment counted in the total (not a 付款方's, not a 税前扣除). */
export const countsInTotal = (plan: BenefitPlan): boolean => !plan.payer && !plan.kind;

export function evaluate(model: Model, subject: string, facts: Facts, opts: EvalOptions): Decision {
  // A malformed date would compare as a string and silently give a wrong period.
  const compact = decideCompact(model, subject, facts, opts);
  const program = lowerPolicy(model);
  const cx: ReasonContext = { model, subject, facts, lang: opts.lang ?? 'zh' };
  const benefits = compact.map((c, i) => renderDecision(model, program.benefits[i]!, c, cx));
  // Only fund payments count: an amount a 付款方 pays, or a 税前扣除, is not paid from a fund.
  const total = compact.reduce((s, d, i) => s + (d.status === 'eligible' && d.fen !== null && countsInTotal(program.benefits[i]!) ? d.fen : 0n), 0n);
  return { subject, asOf: opts.asOf, benefits, total: R.fenToString(total) };
}
