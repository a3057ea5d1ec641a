// The exact, three-valued expression helpers of a generated evaluator: what the emitter's exact code for a
// condition, an amount or a derived fact calls (num, fact, add, ge, and, lookup, ifThen, minOf …). Values
// are compiler/input.ts Values; unknown is a Fail that says why (missing facts, no standard for a value, a
// parameter nobody gave, a division by zero), exactly as the reference evaluator (compiler/evaluate.ts)
// carries it. The emitter's fast code (plain comparisons over typed fields, emit/typescript.ts) covers the
// common forms; this is the general case and the source of every reason.
//
// Bundled into every generated module (compiler/emit/bundle.ts): imports only runtime modules, no Node
// or DOM APIs, no JS number ever holds money, strict-clean.
import { add as ratAdd, cmp as ratCmp, div as ratDiv, mul as ratMul, rat, roundTo, sub as ratSub, type Rat } from '../../rational.ts';
import { compareValues, keyedParamName, keyString, renderValue, type LedgerItem, type Value } from '../../input.ts';
import { completedDays, completedMonths } from '../../ledger.ts';
import type { Res as StepRes, StepRun, Unknown } from '../../decision/steps.ts';

export type Lang = 'zh' | 'en';

/** An expression that could not be evaluated (compiler/decision/steps.ts): facts are missing, a table has no entry, a parameter is unknown, a division by zero. */
export type Fail = Unknown;

/** A value, or why it is unknown: what the decision steps take. */
export type Res = StepRes;

/** What an expression reads: the subject's checked facts, its derived facts, the parameters; and what the decision steps read. */
export interface Ctx extends StepRun {
  readonly subject: string;
  readonly facts: ReadonlyMap<string, Value>;
  /** The subject's derived facts (裁员率 = A ÷ B), computed when asked for. */
  readonly derived: ReadonlyMap<string, (x: Ctx) => Res> | undefined;
  readonly params: ReadonlyMap<string, Rat>;
  readonly asOf: string;
  /** Every earlier payment of this subject. */
  readonly ledger: readonly LedgerItem[];
  readonly lang: Lang;
  readonly trace: boolean;
  /** Inside 合计: the member being summed (its facts, its subject type's derived facts, its path `名单[i].`). */
  readonly member?: Member | undefined;
}

export interface Member {
  readonly item: ReadonlyMap<string, Value>;
  readonly derived: ReadonlyMap<string, (x: Ctx) => Res> | undefined;
  readonly path: string;
}

export const TRUE: Value = { t: 'bool', v: true };
export const FALSE: Value = { t: 'bool', v: false };

export const num = (n: bigint, d: bigint = 1n): Res => ({ t: 'num', v: rat(n, d) });
export const bool = (v: boolean): Res => (v ? TRUE : FALSE);
export const date = (iso: string): Res => ({ t: 'date', v: iso });
export const level = (name: string, rank: number): Res => ({ t: 'level', name, rank });
export const enumValue = (name: string): Res => ({ t: 'enum', name });
export const text = (zh: string, en: string): Res => ({ t: 'text', label: { zh, en } });

export function missingOf(...rs: Res[]): string[] {
  const out = new Set<string>();
  for (const r of rs) if (r.t === 'fail') for (const m of r.missing) out.add(m);
  return [...out];
}

/** 评估日期: the as-of date. */
export const asOfDate = (x: Ctx): Res => ({ t: 'date', v: x.asOf });

/** `X 至今` / `X 至 Y` (`to`): the whole months (or, `days`, days) completed plus ½ (the reference's count). */
export function elapsed(x: Ctx, from: Res, to?: Res, days?: boolean): Res {
  if (to && to.t === 'fail') return from.t !== 'fail' ? to : { ...to, missing: missingOf(from, to) };
  if (from.t !== 'date') return from;
  const on = to && to.t === 'date' ? to.v : x.asOf;
  return num(2n * BigInt(days ? completedDays(from.v, on) : completedMonths(from.v, on)) + 1n, 2n);
}

/** `所在年度（X）`: the calendar year of a date. */
export function yearOf(from: Res): Res {
  return from.t !== 'date' ? from : num(BigInt(Number(from.v.slice(0, 4))), 1n);
}

/** `取整（X）` / `进位取整（X）`: the whole part of a plain number, towards zero (`down`) or away from it (`up`). */
export function wholeOf(x: Res, mode: 'down' | 'up'): Res {
  return x.t !== 'num' ? x : num(roundTo(x.v, 1n, mode));
}

/** `周岁（X）`: the age in full years at the as-of date, or `周岁（X，D）` on D (−1 for a birth date after it). */
export function ageOf(x: Ctx, from: Res, at?: Res): Res {
  if (at && at.t === 'fail') return from.t !== 'fail' ? at : { ...at, missing: missingOf(from, at) };
  if (from.t !== 'date') return from;
  const months = completedMonths(from.v, at && at.t === 'date' ? at.v : x.asOf);
  return num(months < 0 ? -1n : BigInt(Math.floor(months / 12)));
}

/** A fact of the subject, computed when it is a derived fact, or "missing". */
export function fact(x: Ctx, name: string): Res {
  const v = x.facts.get(name);
  if (v) return v;
  const formula = x.derived?.get(name);
  return formula ? formula(x) : { t: 'fail', missing: [name] };
}

/** Inside 合计: a fact of the member being summed, missing as `名单[i].事实`; a derived one from the member's facts. */
export function member(x: Ctx, name: string): Res {
  const m = x.member!;
  const v = m.item.get(name);
  if (v) return v;
  const formula = m.derived?.get(name);
  if (!formula) return { t: 'fail', missing: [m.path + name] };
  const r = formula({ ...x, facts: m.item, derived: m.derived, member: undefined });
  return r.t === 'fail' ? { ...r, missing: r.missing.map((f) => m.path + f) } : r;
}

/**
 * `合计（名单，值，条件）`: the exact sum of `value` over the members whose `cond` holds (every member without one).
 * A member whose condition or value is unknown makes the sum unknown, as the reference evaluator.
 */
export function sumOver(x: Ctx, list: string, derived: ReadonlyMap<string, (x: Ctx) => Res> | undefined, value: (x: Ctx) => Res, cond?: (x: Ctx) => Res): Res {
  const l = x.facts.get(list);
  if (!l || l.t !== 'list') return { t: 'fail', missing: [list] };
  let total = rat(0n);
  const fails: Fail[] = [];
  for (let i = 0; i < l.items.length; i++) {
    const y: Ctx = { ...x, member: { item: l.items[i]!, derived, path: `${list}[${i}].` } };
    if (cond) {
      const c = cond(y);
      if (c.t === 'fail') {
        fails.push(c);
        continue;
      }
      if (c.t === 'bool' && !c.v) continue;
    }
    const v = value(y);
    if (v.t === 'fail') fails.push(v);
    else total = ratAdd(total, (v as { v: Rat }).v);
  }
  if (fails.length) return fails.find((f) => f.external || f.noStandard || f.divByZero) ?? { t: 'fail', missing: missingOf(...fails) };
  return { t: 'num', v: total };
}

/** `标准（键，…）`: a keyed parameter's entry (params hold it as 名称（键，…）), as the reference evaluator. */
export function paramAt(x: Ctx, name: string, keys: readonly Res[]): Res {
  const bad = keys.find((k) => k.t === 'fail');
  if (bad) return bad.external || bad.noStandard || bad.divByZero ? bad : { t: 'fail', missing: missingOf(...keys) };
  const entry = keyedParamName(name, keys.map((k) => keyString(k as Value)));
  const v = x.params.get(entry);
  return v ? { t: 'num', v } : { t: 'fail', missing: [], external: entry };
}

/** An external (按规定) parameter: known only when the caller passes it. */
export function param(x: Ctx, name: string): Res {
  const v = x.params.get(name);
  return v ? { t: 'num', v } : { t: 'fail', missing: [], external: name };
}

export function neg(e: Res): Res {
  return e.t === 'num' ? { t: 'num', v: rat(-e.v.n, e.v.d) } : e;
}

function arith(op: (a: Rat, b: Rat) => Rat, l: Res, r: Res, division = false): Res {
  if (l.t === 'fail') return l.external || l.noStandard || l.divByZero ? l : r.t !== 'fail' ? l : { t: 'fail', missing: missingOf(l, r) };
  if (r.t === 'fail') return r;
  const b = (r as { v: Rat }).v;
  if (division && b.n === 0n) return { t: 'fail', missing: [], divByZero: true };
  return { t: 'num', v: op((l as { v: Rat }).v, b) };
}

export const add = (l: Res, r: Res): Res => arith(ratAdd, l, r);
export const sub = (l: Res, r: Res): Res => arith(ratSub, l, r);
const isZero = (r: Res): boolean => r.t === 'num' && r.v.n === 0n;
/** A known zero decides a product whatever the other side is (0人 × 未知标准 is 0); a division by zero still fails. */
export const mul = (l: Res, r: Res): Res =>
  (isZero(l) && r.t === 'fail' && !r.divByZero) || (isZero(r) && l.t === 'fail' && !l.divByZero) ? { t: 'num', v: rat(0n) } : arith(ratMul, l, r);
/** Division; by zero it is "cannot compute" (the benefit becomes undetermined). */
export const div = (l: Res, r: Res): Res => arith(ratDiv, l, r, true);

/** 若 c 则 t 否则 e: a known condition picks its case; an unknown one decides nothing unless both cases agree. */
export function ifThen(c: Res, t: Res, e: Res): Res {
  if (c.t === 'bool') return c.v ? t : e;
  if (t.t !== 'fail' && e.t !== 'fail' && t.t === e.t && compareValues(t, e) === 0) return t;
  return c.t === 'fail' ? { ...c, missing: missingOf(c, t, e) } : c;
}

/** 较低者 / 较高者 over quantities of one unit. */
function choose(lowest: boolean, args: readonly Res[]): Res {
  const failed = args.find((r): r is Fail => r.t === 'fail');
  if (failed) {
    if (failed.external || failed.noStandard || failed.divByZero) return failed;
    const divByZero = args.some((r) => r.t === 'fail' && r.divByZero);
    return divByZero ? { t: 'fail', missing: missingOf(...args), divByZero } : { t: 'fail', missing: missingOf(...args) };
  }
  let best = args[0] as { t: 'num'; v: Rat };
  for (const r of args.slice(1) as { t: 'num'; v: Rat }[]) if (ratCmp(r.v, best.v) * (lowest ? -1 : 1) > 0) best = r;
  return best;
}
export const minOf = (args: readonly Res[]): Res => choose(true, args);
export const maxOf = (args: readonly Res[]): Res => choose(false, args);

/** Why a value could not be computed stays visible around it: division by zero, a missing parameter. */
function unknownOf(l: Res, r: Res): Fail {
  const fails = [l, r].filter((x): x is Fail => x.t === 'fail');
  const divByZero = fails.some((x) => x.divByZero);
  const external = fails.find((x) => x.external)?.external;
  // No standard for a value stays visible too (P4004, as the reference's divisionOf).
  const noStandard = fails.find((x) => x.noStandard)?.noStandard;
  return { t: 'fail', missing: missingOf(l, r), ...(divByZero && { divByZero }), ...(external !== undefined && { external }), ...(noStandard && { noStandard }) };
}

function compare(l: Res, r: Res, test: (c: number) => boolean): Res {
  if (l.t === 'fail' || r.t === 'fail') return unknownOf(l, r);
  return bool(test(compareValues(l, r)));
}

export const ge = (l: Res, r: Res): Res => compare(l, r, (c) => c >= 0);
export const gt = (l: Res, r: Res): Res => compare(l, r, (c) => c > 0);
export const le = (l: Res, r: Res): Res => compare(l, r, (c) => c <= 0);
export const lt = (l: Res, r: Res): Res => compare(l, r, (c) => c < 0);
export const eq = (l: Res, r: Res): Res => compare(l, r, (c) => c === 0);
export const ne = (l: Res, r: Res): Res => compare(l, r, (c) => c !== 0);

/** `x 属于 {a, b}` */
export function isIn(l: Res, values: readonly Res[]): Res {
  if (l.t === 'fail') return l;
  return bool(values.some((r) => r.t !== 'fail' && compareValues(l, r) === 0));
}

/** Kleene logic: `and` is false if either side is, `or` true if either side is; otherwise unknown if a side is. */
function logic(dominant: boolean, l: Res, r: Res): Res {
  if ((l.t === 'bool' && l.v === dominant) || (r.t === 'bool' && r.v === dominant)) return bool(dominant);
  if (l.t === 'fail' || r.t === 'fail') return unknownOf(l, r);
  return bool(!dominant);
}

export const and = (l: Res, r: Res): Res => logic(false, l, r);
export const or = (l: Res, r: Res): Res => logic(true, l, r);

export function not(e: Res): Res {
  return e.t === 'bool' ? bool(!e.v) : e;
}

/** `按 fact { key: value, … }`: the entry for the fact's value; no entry means no standard for that value. */
export function lookup(x: Ctx, factName: string, entry: (key: string) => Res | undefined, member = false): Res {
  // Keyed by a member's fact inside 合计: read from the member (missing as `名单[i].事实`).
  const key = member ? x.member!.item.get(factName) : x.facts.get(factName);
  if (!key) return { t: 'fail', missing: [member ? x.member!.path + factName : factName] };
  const name = key.t === 'level' || key.t === 'enum' ? key.name : '';
  return entry(name) ?? { t: 'fail', missing: [], noStandard: { fact: factName, value: name } };
}


/** A value in no bracket of a 分档 table (the end of its chain of cases): no standard for it (evaluate.ts `nostd`). */
export function noBracket(x: Ctx, v: Res, name: string, unit: { readonly zh: string; readonly en: string } | undefined, rank = false): Res {
  if (v.t === 'fail') return v;
  return { t: 'fail', missing: [], noStandard: { fact: name, value: renderValue(v, x.lang, { yes: '', no: '' }, unit ? unit[x.lang] : undefined, rank) } };
}

/** `按 counts { level: rate, … }`: Σ count × rate over the table's levels, in table order. */
export function dot(x: Ctx, factName: string, entries: readonly (readonly [string, () => Res])[], member = false): Res {
  const counts = member ? x.member!.item.get(factName) : x.facts.get(factName);
  if (!counts || counts.t !== 'map') return { t: 'fail', missing: [member ? x.member!.path + factName : factName] };
  let sum: Rat = { n: 0n, d: 1n };
  for (const [key, value] of entries) {
    const n = counts.v.get(key);
    if (!n) continue;
    const rate = value();
    if (rate.t === 'fail') return rate;
    sum = ratAdd(sum, ratMul(n, (rate as { v: Rat }).v));
  }
  return { t: 'num', v: sum };
}
