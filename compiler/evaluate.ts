// The reference evaluator: it defines what a policy means. Each benefit is lowered to the decision IR
// (compiler/decision: the order of the decision steps, written once), and this module interprets it:
// conditions use three-valued logic (true / false / unknown), so a missing fact makes a benefit undetermined
// and names exactly the facts a 政策计算器 still has to ask for. Money is exact throughout; the ledger rules
// are compiler/ledger.ts. Decisions are made without text (CompactDecision, language-neutral reasons) and
// worded at the edge (renderDecision, compiler/decision/reasons.ts).
import type { IExpr, Model } from './model.ts';
import { isValidIsoDate, keyString, type Facts, type LedgerEntry, type Value } from './facts.ts';
import { compareValues, keyedParamName } from './input.ts';
import { message, type Lang } from './messages.ts';
import * as R from './rational.ts';
import { noBracketValue, labelText } from './render.ts';
import * as L from './ledger.ts';
import { lowerPolicy } from './decision/lower.ts';
import { modelNaming, type Reason, type ReasonContext } from './decision/reasons.ts';
import type { BenefitPlan, DecisionProgram, ExclusionGroup, Step } from './decision/types.ts';
import { applyGroups as applyGroupSteps, countedOrder, countedWith, decideCounted, Decider, notCounted, type Decided, type Grant, type Res as StepRes, type StepRun, type TraceEntry } from './decision/steps.ts';
import { wordDecision, type Naming, type WordedDecision } from './decision/words.ts';

export { childrenOf, factLabel } from './decision/reasons.ts';
export type { Reason } from './decision/reasons.ts';

export type { Status } from './decision/steps.ts';

/** One benefit's decision, worded (compiler/decision/words.ts wordDecision). */
export type BenefitDecision = WordedDecision;

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
  /** Inside 合计: the member being summed (its facts, its subject type's derived facts, its path for missing facts). */
  private member: { item: ReadonlyMap<string, Value>; derived: Map<string, IExpr>; path: string } | undefined;

  constructor(
    private model: Model,
    private facts: ReadonlyMap<string, Value>,
    private opts: EvalOptions,
    private subject: string,
  ) {
    this.derived = derivedOf(model, subject);
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
        // Keyed by a member's fact inside 合计: read from the member (missing as `名单[i].事实`).
        const key = e.member ? this.member!.item.get(e.fact) : this.facts.get(e.fact);
        if (!key) return { ok: false, missing: [e.member ? this.member!.path + e.fact : e.fact] };
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
      case 'whole': {
        const x = this.eval(e.e);
        if (!x.ok || x.v.t !== 'num') return x;
        return { ok: true, v: { t: 'num', v: R.rat(R.roundTo(x.v.v, 1n, e.mode)) } };
      }
      case 'year': {
        const of = this.eval(e.of);
        if (!of.ok || of.v.t !== 'date') return of;
        return { ok: true, v: { t: 'num', v: R.rat(BigInt(Number(of.v.v.slice(0, 4)))) } };
      }
      case 'elapsed':
      case 'age': {
        const from = this.eval(e.from);
        const end = e.k === 'age' ? e.at : e.to;
        const at = end ? this.eval(end) : undefined;
        if (at && !at.ok) return from.ok ? at : { ok: false, missing: missingOf(from, at), ...divisionOf(from, at) };
        if (!from.ok || from.v.t !== 'date') return from;
        const on = at?.ok && at.v.t === 'date' ? at.v.v : this.opts.asOf;
        // Elapsed time is the whole months (or days) completed plus ½: 2年以内 holds to the second anniversary, 满2年 from the day after.
        if (e.k === 'elapsed') return { ok: true, v: { t: 'num', v: R.rat(2n * BigInt(e.unit === 'day' ? L.completedDays(from.v.v, on) : L.completedMonths(from.v.v, on)) + 1n, 2n) } };
        const months = L.completedMonths(from.v.v, on);
        return { ok: true, v: { t: 'num', v: R.rat(months < 0 ? -1n : BigInt(Math.floor(months / 12))) } };
      }
      case 'paramAt': {
        // A catalogue entry: the keys' values name it (params hold it as 名称（键，…）); unknown until the caller sets it.
        const ks = e.keys.map((k) => this.eval(k));
        const bad = ks.find((k) => !k.ok);
        if (bad && !bad.ok) return bad.external || bad.noStandard || bad.divByZero ? bad : { ok: false, missing: missingOf(...ks) };
        const entry = keyedParamName(e.name, ks.map((k) => keyString((k as { v: Value }).v)));
        const v = this.opts.params && Object.hasOwn(this.opts.params, entry) ? this.opts.params[entry] : undefined;
        return v ? { ok: true, v: { t: 'num', v } } : { ok: false, missing: [], external: entry };
      }
      case 'member': {
        // A fact of the member being summed: missing as `名单[i].事实`; a derived one is computed from the member's facts.
        const m = this.member!;
        const v = m.item.get(e.name);
        if (v) return { ok: true, v };
        const formula = m.derived.get(e.name);
        if (!formula) return { ok: false, missing: [m.path + e.name] };
        const outer = { facts: this.facts, derived: this.derived, member: this.member };
        this.facts = m.item;
        this.derived = m.derived;
        this.member = undefined;
        try {
          const r = this.eval(formula);
          return r.ok ? r : { ...r, missing: r.missing.map((x) => m.path + x) };
        } finally {
          this.facts = outer.facts;
          this.derived = outer.derived;
          this.member = outer.member;
        }
      }
      case 'sum': {
        // Σ over the members whose condition holds; an unknown member (condition or value) makes the sum unknown.
        const list = this.facts.get(e.list);
        if (!list) return { ok: false, missing: [e.list] };
        if (list.t !== 'list') return { ok: false, missing: [e.list] };
        const derived = derivedOf(this.model, e.of);
        let total = R.ZERO;
        const fails: Res[] = [];
        try {
          for (let i = 0; i < list.items.length; i++) {
            this.member = { item: list.items[i]!, derived, path: `${e.list}[${i}].` };
            if (e.cond) {
              const c = this.eval(e.cond);
              if (!c.ok) {
                fails.push(c);
                continue;
              }
              if (c.v.t === 'bool' && !c.v.v) continue;
            }
            const v = this.eval(e.value);
            if (!v.ok) fails.push(v);
            else total = R.add(total, (v.v as { v: R.Rat }).v);
          }
        } finally {
          this.member = undefined;
        }
        if (fails.length) {
          const why = fails.find((f) => !f.ok && (f.external || f.noStandard || f.divByZero));
          return why ?? { ok: false, missing: missingOf(...fails) };
        }
        return { ok: true, v: { t: 'num', v: total } };
      }
      case 'nostd': {
        // A value in no bracket of a 分档 table: no standard for it (P4004), as a table without the entry.
        const x = this.eval(e.x);
        if (!x.ok) return x;
        const name = e.x.k === 'fact' || e.x.k === 'param' ? e.x.name : '?';
        return { ok: false, missing: [], noStandard: { fact: name, value: noBracketValue(this.model, e.x, x.v, this.lang) } };
      }
      case 'dot': {
        const counts = e.member ? this.member!.item.get(e.fact) : this.facts.get(e.fact);
        if (!counts || counts.t !== 'map') return { ok: false, missing: [e.member ? this.member!.path + e.fact : e.fact] };
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

/** The derived facts (name → formula) of a subject type. */
function derivedOf(model: Model, subject: string): Map<string, IExpr> {
  const out = new Map<string, IExpr>();
  for (const f of model.subjects.get(subject)?.facts.values() ?? []) if (f.derived) out.set(f.name, f.derived);
  return out;
}


// ---- the interpreter of the decision IR (compiler/decision) ----

/** A decision before any text: status, amount in fen, language-neutral reasons (compiler/decision/steps.ts). */
export type CompactDecision = Decided;
export type { TraceEntry };

/** An evaluated expression as the steps take it. */
function stepRes(r: Res): StepRes {
  if (r.ok) return r.v;
  return { t: 'fail', missing: r.missing, ...(r.noStandard && { noStandard: r.noStandard }), ...(r.external && { external: r.external }), ...(r.divByZero && { divByZero: true }) };
}

/**
 * Interprets a benefit's decision IR: evaluates each step's expressions and hands them to the step's one
 * implementation (compiler/decision/steps.ts `Decider`), the same code a generated evaluator's exact path calls.
 */
class Interpreter {
  readonly ev: Evaluator;
  private readonly run0: StepRun;

  constructor(model: Model, facts: Facts, opts: EvalOptions, subject: string) {
    this.ev = new Evaluator(model, facts, opts, subject);
    const s = model.subjects.get(subject);
    this.run0 = {
      asOf: opts.asOf,
      subject,
      facts,
      ledger: opts.ledger ?? [],
      rank: (fact, value) => {
        const t = s?.facts.get(fact)?.type;
        return t?.kind === 'level' ? levelRank(model, t.of, value) : undefined;
      },
      trace: opts.trace === true,
    };
  }

  decide(plan: BenefitPlan, granted?: readonly Grant[]): CompactDecision {
    const r = new Decider(granted ? { ...this.run0, granted } : this.run0, plan.id);
    this.run(plan.steps, r);
    return r.d;
  }

  /** Runs steps in order; true when one of them decided the benefit. No closures here: this runs for every benefit of every subject. */
  private run(steps: readonly Step[], r: Decider): boolean {
    for (const s of steps) {
      switch (s.k) {
        case 'subject':
          if (r.subject(s.subjects)) return true;
          break;
        case 'repeat-unstated':
          if (r.repeatUnstated(s.read)) return true;
          break;
        case 'referral':
          if (r.referral(s.doc, s.index, s.when ? stepRes(this.ev.eval(s.when)) : null)) return true;
          break;
        case 'treated-as':
          r.treatedAs(s.index, stepRes(this.ev.eval(s.a)), stepRes(this.ev.eval(s.b)));
          break;
        case 'clawback':
          r.clawback(s.index, stepRes(this.ev.eval(s.when)), s.share, s.fen, s.clause, s.read);
          break;
        case 'validity':
          if (r.validity(s.effective ?? null, s.end ?? null, s.grant)) return true;
          break;
        case 'period':
          r.period(s.from ? stepRes(this.ev.eval(s.from)) : undefined, s.lengthMonths ?? null, s.until ?? null);
          break;
        case 'condition':
          if (r.condition(s.index, stepRes(this.ev.eval(s.expr)), s.soft)) return true;
          break;
        case 'fail-if-failed':
          if (r.failIfFailed()) return true;
          break;
        case 'stop-if-division':
          if (r.stopIfDivision()) return true;
          break;
        case 'if-known':
          if (r.known && this.run(s.steps, r)) return true;
          break;
        case 'times-limit':
          if (r.timesLimit(stepRes(this.ev.eval(s.expr)))) return true;
          break;
        case 'months-limit':
          if (r.monthsLimit(stepRes(this.ev.eval(s.expr)))) return true;
          break;
        case 'key-facts':
          if (r.keyFacts(s.facts)) return true;
          break;
        case 'quota':
          if (r.quota(s.rule, s.keys, s.read, s.limit, s.unit, s.grant)) return true;
          break;
        case 'frequency':
          if (r.frequency(s.code, s.keys, s.read)) return true;
          break;
        case 'bracket-quota':
          if (r.bracketQuota(s.fact, s.bounds, s.read)) return true;
          break;
        case 'bracket-sum': {
          const values: StepRes[] = [];
          for (const v of s.values) values.push(stepRes(this.ev.eval(v)));
          if (r.bracketSum(values)) return true;
          break;
        }
        case 'value':
          if (r.value(s.of, stepRes(this.ev.eval(s.expr)))) return true;
          break;
        case 'bands': {
          const parts: (readonly [StepRes, StepRes])[] = [];
          for (const p of s.parts) parts.push([stepRes(this.ev.eval(p.part)), stepRes(this.ev.eval(p.value))]);
          if (r.bands(parts, s.bands)) return true;
          break;
        }
        case 'reviewed':
          if (r.reviewed(s.fact, stepRes(this.ev.eval(s.expr)), s.low, s.high, s.computed)) return true;
          break;
        case 'stop-if-missing':
          if (r.stopIfMissing()) return true;
          break;
        case 'eligible':
          r.eligible(s.designation ?? null, s.unstated);
          break;
        case 'round':
          if (r.round(s.scale, s.mode, s.step)) return true;
          break;
        case 'ceiling':
          if (r.ceiling(s.fen, s.inPrinciple)) return true;
          break;
        case 'running-total':
          if (r.runningTotal(s.read, s.annualCap)) return true;
          break;
        case 'annual-cap':
          if (r.annualCap(s.fen, s.read, s.pool, s.expr && stepRes(this.ev.eval(s.expr)), s.doc)) return true;
          break;
        case 'instalments-due': {
          const when: (StepRes | null)[] = [];
          for (const w of s.when) when.push(w ? stepRes(this.ev.eval(w)) : null);
          r.instalmentsDue(when);
          break;
        }
        case 'instalments':
          if (r.instalments(s.stages, s.read, s.yearly)) return true;
          break;
        case 'top-up':
          if (r.topUp(s.read)) return true;
          break;
        case 'cumulative-cap':
          if (r.cumulativeCap(s.fen, s.read, s.pool, s.expr && stepRes(this.ev.eval(s.expr)), s.doc)) return true;
          break;
        case 'positive':
          r.positive();
          return true;
        default:
          throw new Error(`the reference evaluator has no interpretation of the decision step ${(s as { k: string }).k}`);
      }
    }
    return false;
  }
}

function levelRank(model: Model, of: string, name: string): number | undefined {
  return model.levels.get(of)?.levels.find((l) => l.name === name || l.aliases.includes(name))?.rank;
}

/** 就高 / 不得重复享受 / 优先 among the eligible members of each group (after every benefit is decided). */
export function applyGroups(groups: readonly ExclusionGroup[], decisions: CompactDecision[]): void {
  applyGroupSteps(groups, decisions);
}

const counting = new WeakMap<DecisionProgram, Map<string, { own: number[]; order: number[] }> | null>();
/**
 * 合并计算: a subject type's own benefits (indices) and the order they are decided in (countedOrder), or null when no benefit
 * counts another's payments. The same order the generated evaluator computes over the same benefits (emit/runtime/decide.ts).
 */
function countedOrderOf(program: DecisionProgram, subject: string): { own: number[]; order: number[] } | null {
  let bySubject = counting.get(program);
  if (bySubject === undefined) counting.set(program, (bySubject = program.benefits.some((b) => countedWith(b.steps).length) ? new Map() : null));
  if (!bySubject) return null;
  let o = bySubject.get(subject);
  if (!o) {
    const own = program.benefits.flatMap((b, i) => (b.subjects.includes(subject) ? [i] : []));
    const plans = own.map((i) => program.benefits[i]!);
    bySubject.set(subject, (o = { own, order: countedOrder(plans.map((b) => b.id), plans.map((b) => countedWith(b.steps))) }));
  }
  return o;
}

/** Decides every benefit of the policy for one subject, without any text. */
export function decideCompact(model: Model, subject: string, facts: Facts, opts: EvalOptions): CompactDecision[] {
  if (!isValidIsoDate(opts.asOf)) throw new RangeError(message('P3006', opts.lang ?? 'zh', { field: 'asOf', found: JSON.stringify(opts.asOf) }));
  const program = lowerPolicy(model);
  const it = new Interpreter(model, facts, opts, subject);
  // 合并计算: each benefit's limits count what the earlier ones it names grant in this evaluation (decideCounted).
  const counted = countedOrderOf(program, subject);
  if (counted) {
    // The other subject types' benefits are decided alone (not for this subject: nothing granted, no group member eligible).
    const { own, order } = counted;
    const decisions = program.benefits.map((plan) => (plan.subjects.includes(subject) ? null : it.decide(plan)));
    decideCounted(order, (k, granted) => it.decide(program.benefits[own[k]!]!, granted), program.groups).forEach((d, k) => (decisions[own[k]!] = d));
    return decisions as CompactDecision[];
  }
  const decisions = program.benefits.map((plan) => it.decide(plan));
  applyGroups(program.groups, decisions);
  return decisions;
}

/** The edge: a compact decision worded in a language (compiler/decision/words.ts, with the model's names). */
export function renderDecision(model: Model, plan: BenefitPlan, c: CompactDecision, cx: ReasonContext, naming: Naming = modelNaming(cx)): BenefitDecision {
  const { lang } = cx;
  const head = {
    id: plan.id,
    clause: plan.clause ?? null,
    title: labelText(plan.label, lang, plan.id),
    fund: plan.fund ? labelText(model.funds.get(plan.fund)?.label, lang, plan.fund) : null,
    ...(plan.payer && { payer: labelText(plan.payer, lang, plan.payer.zh) }),
    ...(plan.kind && { kind: plan.kind }),
    payment: plan.payment ?? null,
    ...(plan.split && { split: plan.split.map((p) => ({ fund: labelText(model.funds.get(p.fund)?.label, lang, p.fund), size: p.size })) }),
    ...(plan.composition && { composition: plan.composition.map((p) => ({ kind: compositionKind(p.kind, lang), voucher: p.kind === 'voucher', size: p.size })) }),
    ...(plan.obligations && { obligations: plan.obligations.map((o) => ({ text: labelText(o.text, lang, o.text.zh), clawback: o.clawback })) }),
  };
  return wordDecision(c, head, naming);
}

/** A 其中 part's kind in the language: 消费券 / 现金, or the use the text names. */
export const compositionKind = (k: 'voucher' | 'cash' | { zh: string; en?: string }, lang: Lang): string =>
  k === 'voucher' || k === 'cash' ? message(`kind.${k}`, lang) : lang === 'en' ? (k.en ?? k.zh) : k.zh;

/** Whether a benefit's amount is a fund payment counted in the total (not a 付款方's, not a 税前扣除). */
export const countsInTotal = (plan: BenefitPlan): boolean => !plan.payer && !plan.kind;

export function evaluate(model: Model, subject: string, facts: Facts, opts: EvalOptions): Decision {
  // A malformed date would compare as a string and silently give a wrong period.
  const compact = decideCompact(model, subject, facts, opts);
  const program = lowerPolicy(model);
  // A derived fact a reason shows (增速 = 增量 ÷ 上年产值) is shown with its value, computed only when asked for.
  let ev: Evaluator | undefined;
  const derived = derivedOf(model, subject);
  const derivedValue = (name: string): Value | undefined => {
    const formula = derived.get(name);
    if (!formula) return undefined;
    const r = (ev ??= new Evaluator(model, facts, opts, subject)).eval(formula);
    return r.ok ? r.v : undefined;
  };
  const cx: ReasonContext = { model, subject, facts, lang: opts.lang ?? 'zh', derivedValue };
  const naming = modelNaming(cx);
  const benefits = compact.map((c, i) => renderDecision(model, program.benefits[i]!, c, cx, naming));
  // Only fund payments count: an amount a 付款方 pays, or a 税前扣除, is not paid from a fund.
  // 自行选择: of alternatives the applicant chooses between, only the highest is counted.
  const alternatives = notCounted(program.groups, compact);
  // 其中: a voucher part is not cash, and the total is the cash paid (ledger.ts voucherFen).
  const cash = (fen: bigint, i: number) => {
    const parts = program.benefits[i]!.composition;
    return parts ? fen - L.voucherFen(fen, parts.map((p) => ({ voucher: p.kind === 'voucher', size: p.size }))) : fen;
  };
  const total = compact.reduce((s, d, i) => s + (d.status === 'eligible' && d.fen !== null && countsInTotal(program.benefits[i]!) && !alternatives.has(d.id) ? cash(d.fen, i) : 0n), 0n);
  return { subject, asOf: opts.asOf, benefits, total: R.fenToString(total) };
}
