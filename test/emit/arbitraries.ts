// Random inputs for a policy, drawn from its declared types: every subject
// type, facts of every kind (booleans, dates around the policy's dates,
// numbers around the policy's thresholds, levels and their aliases, enums,
// per-level counts), facts left out or null, now and then an invalid value,
// random ledgers and parameters, both languages, with and without a trace.
import { ratToString } from '../../compiler/rational.ts';
import fc from 'fast-check';
import type { IExpr, Model, Type, Unit } from '../../compiler/model.ts';
import { addDays, addMonths } from '../../compiler/dates.ts';
import { keyFacts } from '../../compiler/ledger.ts';
import type { Rat } from '../../compiler/rational.ts';
import { isCountUnit, isMoney } from '../../compiler/units.ts';

export interface Input {
  subject: string;
  facts: Record<string, unknown>;
  asOf: string;
  ledger: unknown;
  params: Record<string, unknown> | undefined;
  lang: 'zh' | 'en';
  trace: boolean;
}

function walk(e: IExpr | undefined, visit: (e: IExpr) => void): void {
  if (!e) return;
  visit(e);
  switch (e.k) {
    case 'arith':
    case 'cmp':
    case 'and':
    case 'or':
      walk(e.l, visit);
      walk(e.r, visit);
      break;
    case 'neg':
    case 'not':
      walk(e.e, visit);
      break;
    case 'in':
      walk(e.l, visit);
      e.values.forEach((v) => walk(v, visit));
      break;
    case 'lookup':
    case 'dot':
      e.entries.forEach((x) => walk(x.value, visit));
      break;
    case 'sum':
      walk(e.value, visit);
      walk(e.cond, visit);
      break;
    case 'if':
      walk(e.c, visit);
      walk(e.t, visit);
      walk(e.e, visit);
      break;
    case 'min':
    case 'max':
      e.args.forEach((x) => walk(x, visit));
      break;
    case 'age':
      walk(e.from, visit);
      walk(e.at, visit);
      break;
    case 'elapsed':
      walk(e.from, visit);
      break;
    default:
      break;
  }
}

/**
 * What a fact is compared with, per fact name: the numbers a quantity fact (or a member's) is compared with, and,
 * for a date fact read as an age (周岁) or a time elapsed (至今), the years or months that age or time is compared
 * with — a date drawn that many years or months before the as-of date lands on both sides of the threshold,
 * where dates around the policy's own dates never would (a birth date near 2025 is never 16 to 24 years old).
 */
interface FactAnchors {
  numbers: Rat[];
  /** Years before the as-of date (周岁) and months before it (至今). */
  years: number[];
  months: number[];
  /**
   * Values that pass the policy's comparisons of this fact, for members drawn to qualify: the bounds a number (or
   * an age, in years) is compared with (`fact ≥ lo`, `fact ≤ hi`), the enum values it is asked to be, a yes/no
   * fact that is a condition by itself (true passes).
   */
  lo?: number;
  hi?: number;
  ageLo?: number;
  ageHi?: number;
  passEnums: string[];
  passTrue?: boolean;
}

interface Anchors {
  numbers: Rat[];
  dates: string[];
  byFact: Map<string, FactAnchors>;
}

/** Numbers and dates that appear in the policy: the thresholds worth probing, overall and per fact. */
function anchors(model: Model): Anchors {
  const numbers: Rat[] = [];
  const dates = new Set<string>();
  const byFact = new Map<string, FactAnchors>();
  const of = (name: string): FactAnchors => {
    let a = byFact.get(name);
    if (!a) byFact.set(name, (a = { numbers: [], years: [], months: [], passEnums: [] }));
    return a;
  };
  // The derived facts of every subject type (年龄 = 周岁（出生日期）), by name: a comparison of one reaches its date.
  const derivedOf = new Map<string, IExpr>();
  for (const s of model.subjects.values()) for (const f of s.facts.values()) if (f.derived) derivedOf.set(f.name, f.derived);
  /** Narrows a pass range by `value op c` (op as read with the value on the left). */
  const bound = (f: FactAnchors, age: boolean, op: string, c: Rat): void => {
    const whole = Number(c.n / c.d);
    if (!Number.isSafeInteger(whole)) return;
    const [lo, hi] = age ? (['ageLo', 'ageHi'] as const) : (['lo', 'hi'] as const);
    const exact = c.n % c.d === 0n;
    if (op === 'ge' || op === 'eq') f[lo] = Math.max(f[lo] ?? -Infinity, exact ? whole : whole + 1);
    if (op === 'gt') f[lo] = Math.max(f[lo] ?? -Infinity, whole + 1);
    if (op === 'le' || op === 'eq') f[hi] = Math.min(f[hi] ?? Infinity, whole);
    if (op === 'lt') f[hi] = Math.min(f[hi] ?? Infinity, exact ? whole - 1 : whole);
  };
  /** Records constant `c` against the fact `e` reads (`e op c`), seeing through derived facts, ages and elapsed times. */
  const against = (e: IExpr, c: Rat, op: string, seen = 0): void => {
    if (seen > 8) return;
    if (e.k === 'fact' || e.k === 'member') {
      const d = derivedOf.get(e.name);
      if (d) against(d, c, op, seen + 1);
      else {
        of(e.name).numbers.push(c);
        bound(of(e.name), false, op, c);
      }
    } else if ((e.k === 'age' || e.k === 'elapsed') && (e.from.k === 'fact' || e.from.k === 'member')) {
      const whole = Number(c.n / c.d);
      if (Number.isSafeInteger(whole) && whole >= 0 && whole <= 150 * (e.k === 'age' ? 1 : 12)) (e.k === 'age' ? of(e.from.name).years : of(e.from.name).months).push(whole);
      if (e.k === 'age') bound(of(e.from.name), true, op, c);
    } else if (e.k === 'arith' && (e.op === '+' || e.op === '-')) {
      // A bound on a sum says little about each side: anchors only.
      against(e.l, c, '', seen + 1);
      against(e.r, c, '', seen + 1);
    }
  };
  const flip: Record<string, string> = { ge: 'le', gt: 'lt', le: 'ge', lt: 'gt', eq: 'eq', ne: 'ne' };
  /** A condition's atoms that pass: yes/no facts asked for by themselves, enum values asked for. */
  const passing = (e: IExpr | undefined): void => {
    if (!e) return;
    if (e.k === 'and' || e.k === 'or') {
      passing(e.l);
      passing(e.r);
    } else if ((e.k === 'fact' || e.k === 'member') && e.type.kind === 'bool' && !derivedOf.has(e.name)) of(e.name).passTrue = true;
    else if (e.k === 'in' && (e.l.k === 'fact' || e.l.k === 'member')) {
      for (const v of e.values) if (v.k === 'enum') of(e.l.name).passEnums.push(v.name);
    } else if (e.k === 'cmp' && e.op === 'eq' && (e.l.k === 'fact' || e.l.k === 'member') && e.r.k === 'enum') of(e.l.name).passEnums.push(e.r.name);
  };
  const h = model.header;
  for (const d of [h.effective, h.end, h.published]) if (d) dates.add(d);
  const visit = (e: IExpr) => {
    if (e.k === 'num') numbers.push(e.value);
    if (e.k === 'date') dates.add(e.iso);
    if (e.k === 'cmp') {
      if (e.r.k === 'num') against(e.l, e.r.value, e.op);
      if (e.l.k === 'num') against(e.r, e.l.value, flip[e.op]!);
    }
    if (e.k === 'sum') passing(e.cond);
    if (e.k === 'if') passing(e.c);
  };
  for (const b of model.benefits) {
    b.conditions.forEach((c) => walk(c.expr, visit));
    b.conditions.forEach((c) => passing(c.expr));
    walk(b.amount, visit);
    if (b.outcome?.kind === 'equivalence') walk(b.outcome.expr, visit);
    walk(b.period?.from, visit);
    if (b.period?.until) dates.add(b.period.until);
    if (b.ceiling) numbers.push(b.ceiling);
    if (b.annualCap) numbers.push(b.annualCap);
  }
  for (const d of derivedOf.values()) walk(d, visit);
  /**
   * A cap (最高, 每年累计不超过, 累计不超过) binds when the amount reaches it: each fact the amount reads gets the value at
   * which it would (the cap divided by what multiplies the fact, through sums, choices and derived facts) and twice that,
   * so the generator draws amounts the cap cuts (核定金额 × 30% above 最高100万元 needs 核定金额 above 333万).
   */
  const towards = (e: IExpr | undefined, t: Rat, depth = 0): void => {
    if (!e || depth > 8 || t.n <= 0n) return;
    switch (e.k) {
      case 'fact':
      case 'member': {
        const d = derivedOf.get(e.name);
        if (d) towards(d, t, depth + 1);
        else of(e.name).numbers.push(t, { n: t.n * 2n, d: t.d });
        break;
      }
      case 'arith': {
        const k = e.op === '*' || e.op === '/' ? (e.r.k === 'num' ? e.r.value : e.op === '*' && e.l.k === 'num' ? e.l.value : undefined) : undefined;
        if (e.op === '+' || e.op === '-') {
          towards(e.l, t, depth + 1);
          towards(e.r, t, depth + 1);
        } else if (k && k.n > 0n) towards(e.op === '/' ? e.l : e.r.k === 'num' ? e.l : e.r, e.op === '/' ? { n: t.n * k.n, d: t.d * k.d } : { n: t.n * k.d, d: t.d * k.n }, depth + 1);
        break;
      }
      case 'min':
      case 'max':
        e.args.forEach((x) => towards(x, t, depth + 1));
        break;
      case 'if':
        towards(e.t, t, depth + 1);
        towards(e.e, t, depth + 1);
        break;
      case 'lookup':
        e.entries.forEach((x) => towards(x.value, t, depth + 1));
        break;
      case 'dot':
        for (const x of e.entries) if (x.value.k === 'num' && x.value.value.n > 0n) of(e.fact).numbers.push({ n: t.n * x.value.value.d, d: t.d * x.value.value.n });
        break;
      default:
        break;
    }
  };
  for (const b of model.benefits) for (const cap of [b.ceiling, b.annualCap, b.cumulativeCap]) if (cap) towards(b.amount, cap);
  for (const d of [...dates]) for (const m of [-36, -12, -6, 6, 12, 36]) dates.add(addMonths(d, m));
  return { numbers: numbers.length ? numbers : [{ n: 1n, d: 1n }], dates: [...dates].sort(), byFact };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function dateArb(dates: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...dates), fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -400, max: 400 })))
    .map(([d, off]) => addDays(d, off));
}

/** Some dates as 2025年3月1日 (accepted and normalised by validation). */
function dateTextArb(dates: string[]): fc.Arbitrary<string> {
  return fc.tuple(dateArb(dates), fc.integer({ min: 0, max: 5 })).map(([iso, style]) => {
    if (style > 0) return iso;
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return `${y}年${m}月${d}日`;
  });
}

/**
 * A non-negative number near the policy's thresholds, or anywhere, as JSON number or string; near the thresholds
 * this fact is compared with (`own`) most often.
 */
function quantityArb(u: Unit, numbers: Rat[], own: Rat[] = []): fc.Arbitrary<unknown> {
  const money = isMoney(u);
  const count = isCountUnit(u);
  const nearOf = (list: Rat[]) =>
    fc.tuple(fc.constantFrom(...list), fc.integer({ min: -2, max: 2 })).map(([r, delta]) => {
      const whole = r.n / r.d + BigInt(delta);
      return whole < 0n ? 0n : whole;
    });
  const near = own.length ? fc.oneof({ arbitrary: nearOf(own), weight: 6 }, { arbitrary: nearOf(numbers), weight: 1 }) : nearOf(numbers);
  const whole = fc.oneof({ arbitrary: near, weight: own.length ? 12 : 1 }, { arbitrary: fc.bigInt({ min: 0n, max: 300n }), weight: 1 }, { arbitrary: fc.bigInt({ min: 0n, max: 2_000_000n }), weight: 1 });
  const decimal = fc
    .tuple(whole, fc.integer({ min: 0, max: money ? 99 : 999_999 }), fc.integer({ min: 1, max: money ? 2 : 6 }))
    .map(([w, f, digits]) => `${w}.${String(f).padStart(6, '0').slice(0, digits)}`);
  const valid: fc.Arbitrary<unknown> = count
    ? fc.oneof({ arbitrary: whole.map((n) => Number(n)), weight: 4 }, { arbitrary: whole.map((n) => ` ${n}`), weight: 1 })
    : fc.oneof(
        { arbitrary: whole.map((n) => (money ? `${n}.00` : String(n))), weight: 3 },
        { arbitrary: whole.map((n) => Number(n)), weight: 2 },
        { arbitrary: decimal, weight: 2 },
        { arbitrary: decimal.map(Number), weight: 1 },
      );
  const invalid = fc.constantFrom<unknown>(-1, '-5', 'abc', '1.2345678', 1.5, '1e3', true, {}, [], 1e21, Number.NaN);
  return fc.oneof({ arbitrary: valid, weight: 100 }, { arbitrary: invalid, weight: 1 });
}

/** A value that passes the policy's comparisons of the fact (`own`), when they say what passes. */
function passArb(t: Type, own: FactAnchors | undefined, asOf: string | undefined): fc.Arbitrary<unknown> | undefined {
  if (!own) return undefined;
  switch (t.kind) {
    case 'bool':
      return own.passTrue ? fc.constant(true) : undefined;
    case 'enum':
      return own.passEnums.length ? fc.constantFrom(...own.passEnums) : undefined;
    case 'quantity': {
      if (own.lo === undefined && own.hi === undefined) return undefined;
      const lo = Math.max(0, own.lo ?? own.hi! - 5);
      const hi = own.hi ?? lo + 5;
      if (lo > hi || !Number.isSafeInteger(hi)) return undefined;
      return fc.integer({ min: lo, max: hi }).map((n) => (isMoney(t.unit) ? `${n}.00` : n));
    }
    case 'date': {
      if (!asOf || (own.ageLo === undefined && own.ageHi === undefined)) return undefined;
      const lo = Math.max(0, own.ageLo ?? own.ageHi! - 5);
      const hi = own.ageHi ?? lo + 5;
      if (lo > hi) return undefined;
      // Born y years and a few days to months before the as-of date: y years old on it.
      return fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: 1, max: 300 })).map(([y, d]) => addDays(addMonths(asOf, -12 * y), -d));
    }
    default:
      return undefined;
  }
}

/**
 * A value of type `t`; `own` and `asOf`: what this fact is compared with, and the request's as-of date; `pass`: a
 * value that passes the comparisons where they say which.
 */
function valueArb(model: Model, t: Type, a: Anchors, own?: FactAnchors, asOf?: string, pass = false): fc.Arbitrary<unknown> {
  const rare = <T>(valid: fc.Arbitrary<T>, invalid: unknown[]) =>
    fc.oneof({ arbitrary: valid as fc.Arbitrary<unknown>, weight: 100 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });
  const passing = pass ? passArb(t, own, asOf) : undefined;
  if (passing) return passing;
  switch (t.kind) {
    case 'bool':
      return rare(fc.boolean(), ['yes', 1, 'true', 0]);
    case 'date': {
      // A birth date for 周岁 (or a start for 至今): the ages or times the policy asks about, before the as-of date.
      const before = asOf && own && own.years.length + own.months.length ? [...own.years.map((y) => 12 * y), ...own.months] : [];
      const dates = before.length
        ? fc.oneof(
            { arbitrary: dateTextArb(a.dates), weight: 1 },
            {
              arbitrary: fc
                .tuple(fc.constantFrom(...before), fc.integer({ min: -13, max: 13 }), fc.integer({ min: -3, max: 3 }))
                .map(([m, dm, dd]) => addDays(addMonths(asOf!, -(m + dm)), dd)),
              weight: 3,
            },
          )
        : dateTextArb(a.dates);
      return rare(dates, ['2025-02-30', '2025/01/01', 20250101, '25-1-1']);
    }
    case 'quantity':
      return quantityArb(t.unit, a.numbers, own?.numbers);
    case 'level': {
      const lt = model.levels.get(t.of)!;
      const spellings = lt.levels.flatMap((l) => [l.name, ...l.aliases]);
      return rare(
        fc.tuple(fc.constantFrom(...spellings), fc.boolean()).map(([s, padded]) => (padded ? ` ${s} ` : s)),
        ['无此等级', 3, ''],
      );
    }
    case 'enum': {
      const et = model.enums.get(t.of)!;
      return rare(
        fc.tuple(fc.constantFrom(...et.values.map((v) => v.name)), fc.integer({ min: 0, max: 9 })).map(([s, p]) => (p === 0 ? ` ${s}` : s)),
        ['无此值', 0, false],
      );
    }
    case 'perLevel': {
      const lt = model.levels.get(t.of)!;
      const spellings = lt.levels.flatMap((l) => [l.name, ...l.aliases]);
      const counts = fc.subarray(spellings).chain((keys) =>
        fc.tuple(...keys.map(() => quantityArb(t.unit, a.numbers, own?.numbers))).map((vals) => {
          const o: Record<string, unknown> = {};
          keys.forEach((k, i) => Object.defineProperty(o, k, { value: vals[i], enumerable: true, writable: true, configurable: true }));
          return o;
        }),
      );
      return rare(counts, [{ 无此等级: 1 }, 5, [1], 'x']);
    }
    case 'text':
      return rare(fc.constantFrom(...TEXTS), ['', '  ', 5]);
    case 'list':
      // The members of a 名单: each a subject's facts (now and then not an object, or the list not an array).
      // Members' facts are rarely left out: one unknown member makes a 合计 unknown, and the list's benefits must be reached.
      return rare(
        fc.oneof({ arbitrary: fc.constant([]), weight: 1 }, { arbitrary: fc.array(factsArb(model, t.of, a, asOf, true), { minLength: 1, maxLength: 3 }), weight: 8 }),
        [{}, 'x', [1], [[]]],
      );
    case 'unknown':
      return fc.constant('text');
  }
}

/** Free-text values: few, so that ledger keys (限一次) match the facts now and then. */
export const TEXTS = ['电工', '焊工', ' 电工 ', 'x"y'];

/** Some key values of each key of a keyed parameter (the first values of a level or enum type, texts the facts take). */
export function keyValues(model: Model, key: { kind: string; of?: string }): string[] {
  if (key.kind === 'level') return (model.levels.get(key.of!)?.levels ?? []).slice(0, 3).map((l) => l.name);
  if (key.kind === 'enum') return (model.enums.get(key.of!)?.values ?? []).slice(0, 3).map((v) => v.name);
  return ['电工', 'x"y'];
}

/** A value as a ledger entry records it for 限一次 (a string, or a number). */
function keyValueArb(model: Model, t: Type | undefined, a: Anchors): fc.Arbitrary<unknown> {
  switch (t?.kind) {
    case 'level': {
      const lt = model.levels.get(t.of)!;
      return fc.constantFrom(...lt.levels.flatMap((l) => [l.name, ...l.aliases]));
    }
    case 'enum':
      return fc.constantFrom(...model.enums.get(t.of)!.values.map((v) => v.name));
    case 'bool':
      return fc.constantFrom('true', 'false');
    case 'date':
      return dateArb(a.dates);
    case 'quantity':
      // Near the policy's thresholds too (每档一次 keys record the value a bracket was paid for).
      return fc.oneof(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }).map(String),
        fc.tuple(fc.constantFrom(...a.numbers), fc.integer({ min: -1, max: 1 })).map(([r, k]) => String(r.n / r.d + BigInt(k))),
      );
    default:
      // Now and then empty (an input error for a text fact): rarely, as a refused ledger refuses the whole request.
      return fc.oneof({ arbitrary: fc.constantFrom(...TEXTS), weight: 12 }, { arbitrary: fc.constant(''), weight: 1 });
  }
}

/**
 * Facts of one subject (or of a member of a 名单): each fact present (mostly valid), null, or absent. A member is
 * drawn one time in three to pass the comparisons of the policy (every fact whose comparisons say what passes takes
 * such a value): members that qualify independently fact by fact are too rare for a 合计's benefit to be reached.
 */
function factsArb(model: Model, subject: string, a: Anchors, asOf: string | undefined, member = false): fc.Arbitrary<Record<string, unknown>> {
  if (member) return fc.oneof({ arbitrary: drawFacts(model, subject, a, asOf, true, false), weight: 2 }, { arbitrary: drawFacts(model, subject, a, asOf, true, true), weight: 1 });
  return drawFacts(model, subject, a, asOf, false, false);
}

function drawFacts(model: Model, subject: string, a: Anchors, asOf: string | undefined, member: boolean, pass: boolean): fc.Arbitrary<Record<string, unknown>> {
  const s = model.subjects.get(subject);
  // Derived facts are computed, never supplied; now and then one is supplied anyway (an error).
  const facts = s ? [...s.facts.values()].filter((f) => !f.derived) : [];
  const derived = s ? [...s.facts.values()].filter((f) => f.derived) : [];
  const entries = facts.map((f) =>
    fc.oneof(
      {
        // A reviewed amount (核定 20万元至500万元) mostly within the range the text states (outside it is refused, P3030).
        arbitrary: (f.reviewed?.low && f.reviewed.high ? boundedArb({ low: f.reviewed.low, high: f.reviewed.high }, valueArb(model, f.type, a, a.byFact.get(f.name), asOf, pass)) : valueArb(model, f.type, a, a.byFact.get(f.name), asOf, pass)).map((v) => ({ present: true as const, v })),
        weight: member ? 80 : 12,
      },
      { arbitrary: fc.constant({ present: true as const, v: null }), weight: 1 },
      { arbitrary: fc.constant({ present: false as const, v: undefined }), weight: member ? 1 : 3 },
    ),
  );
  return fc.tuple(fc.tuple(...entries), fc.integer({ min: 0, max: 199 })).map(([vals, extra]) => {
    const o: Record<string, unknown> = {};
    vals.forEach((x, i) => {
      if (x.present) Object.defineProperty(o, facts[i]!.name, { value: x.v, enumerable: true, writable: true, configurable: true });
    });
    if (extra === 0) o['无此事实'] = true;
    if (extra === 1 && derived[0]) o[derived[0].name] = null;
    return o;
  });
}

/** Payments already made: mostly of the benefits the ledger matters to (annual caps, 每年限次, 限一次) for this subject. */
function ledgerArb(model: Model, a: Anchors, subject: string, asOf: string): fc.Arbitrary<unknown> {
  // Mostly paid earlier in the as-of year (what annual caps and 每年限次 count), sometimes any time.
  // Same day, same month, same year, last year — and now and then after the as-of date (an input error).
  const paidOn = fc.oneof(
    { arbitrary: fc.constant(asOf), weight: 4 },
    { arbitrary: fc.integer({ min: -27, max: 0 }).map((d) => addDays(asOf, d)), weight: 4 },
    { arbitrary: fc.integer({ min: -200, max: 5 }).map((d) => addDays(asOf, d)), weight: 6 },
    { arbitrary: fc.integer({ min: -500, max: -300 }).map((d) => addDays(asOf, d)), weight: 2 },
    // Any date in any spelling: about half are after the as-of date, an input error that refuses the request.
    { arbitrary: dateTextArb(a.dates), weight: 1 },
  );
  const ids = model.benefits.map((b) => b.id);
  if (ids.length === 0) return fc.constant(undefined);
  // The facts a ledger entry of a benefit records: its 限一次 / 每年限一次 keys and the 每档一次 bracketed fact.
  const keysOf = (b: Model['benefits'][number]) => {
    const k = keyFacts({ oncePer: b.oncePer ?? null, oncePerYear: b.oncePerYear ?? null });
    return b.perBracket && !k.some((x) => x.fact === b.perBracket!.fact) ? [...k, { fact: b.perBracket.fact, orAbove: false }] : k;
  };
  const matters = model.benefits.filter((b) => b.annualCap || b.timesPerYear || b.oncePer || b.oncePerYear || b.payment || b.runningTotal || b.perBracket);
  const own = matters.filter((b) => b.subjects.includes(subject));
  // Entries of benefits with key facts are made below, with their keys (without, they are an input error).
  const capped = (own.length ? own : matters).filter((b) => keysOf(b).length === 0).map((b) => b.id);
  const unkeyed = model.benefits.filter((b) => keysOf(b).length === 0).map((b) => b.id);
  const some = capped.length ? capped : unkeyed.length ? unkeyed : ids;
  const benefit = fc.oneof({ arbitrary: fc.constantFrom(...some), weight: 8 }, { arbitrary: fc.constantFrom(...ids), weight: 1 });
  const amount = fc.oneof(
    fc.tuple(fc.constantFrom(...a.numbers), fc.integer({ min: -1, max: 1 })).map(([r, k]) => {
      const whole = r.n / r.d + BigInt(k) * 10000n;
      return `${whole < 0n ? 0n : whole}.00`;
    }),
    fc.integer({ min: 0, max: 60000 }).map((n) => `${n}.${pad2(n % 100)}`),
    fc.integer({ min: 0, max: 60000 }),
  );
  // Entries of benefits paid once per key (限一次) carry the key facts' values.
  const anyKeyed = model.benefits.filter((b) => keysOf(b).length);
  const keyed = anyKeyed.some((b) => b.subjects.includes(subject)) ? anyKeyed.filter((b) => b.subjects.includes(subject)) : anyKeyed;
  const keyedEntry = keyed.length
    ? fc.constantFrom(...keyed).chain((b) => {
        const facts = model.subjects.get(b.subjects[0]!)?.facts;
        const keys = keysOf(b).map((k) => fc.option(keyValueArb(model, facts?.get(k.fact)?.type, a), { freq: 30, nil: undefined }));
        return fc.record({ benefit: fc.constant(b.id), date: paidOn, amount, key: fc.tuple(...keys) }).map((e) => ({
          ...e,
          key: Object.fromEntries(keysOf(b).map((k, i) => [k.fact, e.key[i]]).filter(([, v]) => v !== undefined)),
        }));
      })
    : fc.constant(undefined);
  const entry = fc.oneof(
    // Without a key: an input error for a keyed benefit, so rare when every benefit is keyed.
    { arbitrary: fc.record({ benefit, date: paidOn, amount }) as fc.Arbitrary<unknown>, weight: capped.length || unkeyed.length ? 60 : 2 },
    { arbitrary: keyedEntry as fc.Arbitrary<unknown>, weight: keyed.length ? 40 : 0 },
    { arbitrary: fc.constantFrom<unknown>({ benefit: ids[0], date: '2025-01-01', amount: '1', key: [] }, { benefit: ids[0], date: '2025-01-01', amount: '1', key: { a: true } }), weight: 1 },
    {
      arbitrary: fc.constantFrom<unknown>({ benefit: '无此待遇', date: '2025-01-01', amount: '1' }, { benefit: ids[0], date: 'x', amount: '-1' }, { benefit: ids[0], date: '2025-01-01', amount: '1.234' }, 7, null),
      weight: 1,
    },
  );
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 15 },
    { arbitrary: fc.array(entry, { maxLength: 4 }), weight: 30 },
    { arbitrary: fc.array(entry, { maxLength: 2 }).map((entries) => ({ entries })), weight: 5 },
    { arbitrary: fc.constantFrom<unknown>('ledger', 5), weight: 1 },
  );
}

/**
 * A value within a range the text fixes (3000元至6000元, 核定 20万元至500万元, a catalogue entry's 1000元至1500元): mostly
 * its bounds, its midpoint and one cent inside them (a refused value refuses the whole request), the edges just outside
 * now and then, and `any` now and then.
 */
function boundedArb(b: { low?: Rat; high?: Rat }, any: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const cent = (r: Rat, by: bigint): Rat => ({ n: r.n * 100n + by * r.d, d: r.d * 100n });
  const { low, high } = b;
  // One bound only (不超过50%, 3000元以上): the bound, its neighbours on both sides, and twice or half of it.
  const ends = [low, high].filter((r): r is Rat => r !== undefined);
  const inside = low && high ? [low, high, { n: low.n * high.d + high.n * low.d, d: 2n * low.d * high.d }, cent(low, 1n), cent(high, -1n)] : ends.flatMap((r) => [r, cent(r, 1n), cent(r, -1n), { n: r.n * 2n, d: r.d }, { n: r.n, d: r.d * 2n }]);
  const outside = [...(low ? [cent(low, -1n)] : []), ...(high ? [cent(high, 1n)] : [])];
  const show = (rs: Rat[]) => rs.filter((r) => r.n >= 0n).map((r) => ratToString(r, 6));
  return fc.oneof({ arbitrary: fc.constantFrom(...show(inside)), weight: 30 }, { arbitrary: fc.constantFrom(...show(outside).concat(show(inside).slice(0, 1))), weight: 1 }, { arbitrary: any, weight: 1 });
}

function paramsArb(model: Model): fc.Arbitrary<Record<string, unknown> | undefined> {
  const names = [...model.params.keys()];
  if (names.length === 0) return fc.constant(undefined);
  const value = fc.oneof(fc.constantFrom('0', '0.01', '1500', '1500.50', '30000', '2.5'), fc.integer({ min: 0, max: 100000 }).map(String));
  // A parameter with a range the text fixes (3000元至6000元): its bounds and just outside them, often.
  const valueOf = (name: string): fc.Arbitrary<unknown> => {
    const b = model.params.get(name)?.bounds;
    return b ? boundedArb(b, value) : value;
  };
  // A keyed parameter (a catalogue): nested objects over some of its keys' values, now and then a bad key; an entry
  // whose key has a range the text fixes ({ 严重：1000元至2000元 }) mostly within it (input.ts checkKeyed: the first range
  // whose key the entry has).
  const keyedOf = (name: string): fc.Arbitrary<unknown> => {
    const p = model.params.get(name)!;
    const keys = p.keys!;
    const level = (i: number, path: string[]): fc.Arbitrary<unknown> => {
      if (i === keys.length) {
        const r = p.keyRanges?.find((x) => path[x.key] === x.value);
        return r ? boundedArb(r, value) : valueOf(name);
      }
      const values = keyValues(model, keys[i]!);
      // A key value no level or enum has: now and then (it refuses the whole request).
      const withBad = keys[i]!.kind === 'text' ? values : [...values, '无此值'];
      return fc.oneof({ arbitrary: fc.subarray(values, { minLength: 1 }), weight: 7 }, { arbitrary: fc.subarray(withBad, { minLength: 1 }), weight: 1 }).chain((ks) =>
        fc.tuple(...ks.map((k) => level(i + 1, [...path, k]))).map((vs) => {
          const o: Record<string, unknown> = {};
          ks.forEach((k, j) => Object.defineProperty(o, k, { value: vs[j], enumerable: true, writable: true, configurable: true }));
          return o;
        }),
      );
    };
    return level(0, []);
  };
  return fc.option(
    fc.tuple(...names.map((n) => fc.option(model.params.get(n)?.keys ? keyedOf(n) : valueOf(n), { nil: undefined }))).map((vals) => {
      const o: Record<string, unknown> = {};
      vals.forEach((v, i) => {
        if (v !== undefined) Object.defineProperty(o, names[i]!, { value: v, enumerable: true, writable: true, configurable: true });
      });
      return o;
    }),
    { nil: undefined },
  );
}

/** A whole request: a subject type (now and then an unknown one), its facts, a date, a ledger, parameters, language, trace. */
export function inputArb(model: Model): fc.Arbitrary<Input> {
  const a = anchors(model);
  const subjects = [...model.subjects.keys()];
  const subject = fc.oneof({ arbitrary: fc.constantFrom(...subjects), weight: 200 }, { arbitrary: fc.constant('无此对象'), weight: 1 });
  return fc.tuple(subject, dateArb(a.dates)).chain(([s, asOf]) =>
    fc.record({
      subject: fc.constant(s),
      facts: factsArb(model, s, a, asOf),
      asOf: fc.constant(asOf),
      ledger: ledgerArb(model, a, s, asOf),
      params: paramsArb(model),
      lang: fc.constantFrom<'zh' | 'en'>('zh', 'en'),
      trace: fc.boolean(),
    }),
  );
}

