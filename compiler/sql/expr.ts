// Expressions of the IR as SQL, with the reference evaluator's result shape.
// The reference evaluates an expression to a value or to "not known", and a
// not-known result carries why: the facts that are missing, a value with no
// standard in a table (noStandard), a parameter set by other rules (external),
// or a division by zero. Each of those is a SQL condition here, so the SQL
// decides every case the way compiler/evaluate.ts does, operator by operator
// (the comments name the evaluate.ts rule each piece follows).
//
// Numbers are exact rationals: a numerator as a SQL integer (HUGEINT or
// DECIMAL(38,0)) over a denominator that is a constant when it can be (the
// usual case) or a SQL integer kept positive. Nothing is ever DOUBLE; an
// overflow is an engine error, never a wrong amount.
import type { IExpr, Model, Subject } from '../model.ts';
import type { Rat } from '../rational.ts';
import { isCountUnit, isMoney } from '../units.ts';
import type { Dialect } from './dialect.ts';
import { compileSum } from './members.ts';

/** A SQL condition that is never NULL. */
export type Cond = string;

export const TRUE = 'TRUE';
export const FALSE = 'FALSE';

export function and(...cs: Cond[]): Cond {
  if (cs.includes(FALSE)) return FALSE;
  const rest = [...new Set(cs.filter((c) => c !== TRUE))];
  if (rest.length === 0) return TRUE;
  return rest.length === 1 ? rest[0]! : `(${rest.join(' AND ')})`;
}

export function or(...cs: Cond[]): Cond {
  if (cs.includes(TRUE)) return TRUE;
  const rest = [...new Set(cs.filter((c) => c !== FALSE))];
  if (rest.length === 0) return FALSE;
  return rest.length === 1 ? rest[0]! : `(${rest.join(' OR ')})`;
}

export function not(c: Cond): Cond {
  if (c === TRUE) return FALSE;
  if (c === FALSE) return TRUE;
  return `(NOT ${c})`;
}

/** A possibly-NULL boolean as a condition (NULL is false). */
export const isTrue = (v: string): Cond => (v === TRUE || v === FALSE ? v : `COALESCE(${v}, FALSE)`);

export type Num = { n: string; d: bigint | string };

export type Val =
  | { t: 'bool'; v: string }
  | { t: 'num'; x: Num }
  | { t: 'date'; v: string }
  /** rank: the level's rank; name: its (canonical) name as text. */
  | { t: 'level'; rank: string; name: string }
  | { t: 'enum'; v: string }
  /** Free text and text labels (compared by their Chinese text, as the reference does). */
  | { t: 'str'; v: string }
  | { t: 'none' };

/**
 * A missing fact of a result: a name known when the SQL is generated, or (`list`) a SQL list of names computed per
 * row — the facts of members of a 名单 (`人员[2].费用`), in the reference's order; `name` is then only a key.
 */
export interface Miss {
  name: string;
  when: Cond;
  list?: string;
}

export interface Compiled {
  ok: Cond;
  val: Val;
  /** Missing facts, in the order the reference lists them; each counts when `when` holds (and the result is not ok). */
  miss: Miss[];
  noStandard: Cond;
  external: Cond;
  divByZero: Cond;
}

/** A construct the SQL backend cannot translate: a build error naming it. */
export class Untranslatable extends Error {
  constructor(
    readonly construct: string,
    readonly where: string,
  ) {
    super(`cannot translate to SQL: ${construct} (${where})`);
  }
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};
const lcm = (a: bigint, b: bigint) => (a / gcd(a, b)) * b;

/**
 * Binds SQL expressions to columns computed in layers (one CTE per layer), so
 * that a value used in several places is computed once and the SQL text stays
 * linear in the size of the policy. Column names are generated ASCII.
 */
export class Layers {
  private byExpr = new Map<string, string>();
  private layerOf = new Map<string, number>();
  readonly layers: { col: string; expr: string }[][] = [];
  private next = 0;

  constructor(private prefix: string) {}

  private depth(sql: string): number {
    let d = 0;
    for (const m of sql.matchAll(new RegExp(`\\b${this.prefix}(\\d+)\\b`, 'g'))) d = Math.max(d, this.layerOf.get(m[0]) ?? 0);
    return d;
  }

  /** A column holding `sql` (or `sql` itself when it is already a column or a literal). */
  bind(sql: string): string {
    if (/^(TRUE|FALSE|NULL|-?\d+|[A-Za-z_][A-Za-z0-9_]*|"[^"]*"|`[^`]*`)$/.test(sql)) return sql;
    const known = this.byExpr.get(sql);
    if (known) return known;
    const col = `${this.prefix}${this.next++}`;
    const layer = this.depth(sql) + 1;
    this.layerOf.set(col, layer);
    (this.layers[layer - 1] ??= []).push({ col, expr: sql });
    this.byExpr.set(sql, col);
    return col;
  }

  /** Columns needed after layer `n` is computed, for a later stage. */
  get count(): number {
    return this.layers.length;
  }
}

/** Inside 合计: how a member's facts are read (compiler/sql/members.ts). */
export interface MemberScope {
  /** Compiles an expression over the current member's facts (a `member` node's fact, a member-keyed table). */
  member(e: IExpr): Compiled;
}

export interface ExprContext {
  model: Model;
  subject: Subject;
  dialect: Dialect;
  /** Values of parameters set by other rules (按规定) known when the SQL is generated; others are external. */
  params: Record<string, Rat>;
  /** The SQL reference to a fact's column in the base relation. */
  column(fact: string): string;
  /** Where shared subexpressions are bound (Layers; inside 合计 a binder that keeps a member's expressions inline). */
  layers: Pick<Layers, 'bind'>;
  where: string;
  /** The SQL reference to the as-of date (a DATE) of the row being decided. */
  asOf: string;
  /** Set while compiling the condition and value of a 合计 for one member. */
  members?: MemberScope;
}

const num = (x: Num): Val => ({ t: 'num', x });

export class ExprCompiler {
  constructor(readonly cx: ExprContext) {}

  private get D(): Dialect {
    return this.cx.dialect;
  }

  private bind(sql: string): string {
    return this.cx.layers.bind(sql);
  }

  // ---- exact rationals ----

  lit(r: Rat): Num {
    return { n: this.D.intLit(r.n), d: r.d };
  }

  private mulInt(a: string, k: bigint): string {
    return k === 1n ? a : `(${a} * ${this.D.intLit(k)})`;
  }

  /** The value of an integer literal written by intLit (undefined for any other SQL). */
  private constant(n: string): bigint | undefined {
    const m = /^(-?\d+)::HUGEINT$/.exec(n) ?? /^CAST\('?(-?\d+)'? AS (?:HUGEINT|DECIMAL\(38,0\))\)$/.exec(n);
    return m ? BigInt(m[1]!) : undefined;
  }

  private dSql(d: bigint | string): string {
    return typeof d === 'bigint' ? this.D.intLit(d) : d;
  }

  add(a: Num, b: Num, sign: 1 | -1): Num {
    const op = sign === 1 ? '+' : '-';
    if (typeof a.d === 'bigint' && typeof b.d === 'bigint') {
      const l = lcm(a.d, b.d);
      return { n: `(${this.mulInt(a.n, l / a.d)} ${op} ${this.mulInt(b.n, l / b.d)})`, d: l };
    }
    return { n: `((${a.n} * ${this.dSql(b.d)}) ${op} (${b.n} * ${this.dSql(a.d)}))`, d: this.bind(`(${this.dSql(a.d)} * ${this.dSql(b.d)})`) };
  }

  mul(a: Num, b: Num): Num {
    const d = typeof a.d === 'bigint' && typeof b.d === 'bigint' ? a.d * b.d : this.bind(`(${this.dSql(a.d)} * ${this.dSql(b.d)})`);
    return { n: `(${a.n} * ${b.n})`, d };
  }

  /** a ÷ b for b ≠ 0, keeping the denominator positive. */
  div(a: Num, b: Num): Num {
    const bn = this.bind(b.n);
    const sign = `(CASE WHEN ${bn} < 0 THEN ${this.D.intLit(-1n)} ELSE ${this.D.intLit(1n)} END)`;
    const abs = `(CASE WHEN ${bn} < 0 THEN -${bn} ELSE ${bn} END)`;
    return { n: this.bind(`(${a.n} * ${this.dSql(b.d)} * ${sign})`), d: this.bind(`(${this.dSql(a.d)} * ${abs})`) };
  }

  /** The sign of a − b as an integer expression (-1, 0, 1). */
  cmpNum(a: Num, b: Num): string {
    const l = typeof b.d === 'bigint' ? this.mulInt(a.n, b.d) : `(${a.n} * ${b.d})`;
    const r = typeof a.d === 'bigint' ? this.mulInt(b.n, a.d) : `(${b.n} * ${a.d})`;
    return `(CASE WHEN ${l} < ${r} THEN -1 WHEN ${l} > ${r} THEN 1 ELSE 0 END)`;
  }

  /**
   * roundTo(n/d, scale, mode) of rational.ts: a multiple of 1/scale, half-up
   * away from zero, or down/up (toward / away from zero).
   */
  round(x: Num, scale: bigint, mode: 'half-up' | 'down' | 'up', step?: bigint): string {
    const numr = this.bind(this.mulInt(x.n, scale));
    // To a multiple of `step` yuan (舍入：100元，…): x / step rounded to the whole, with scale 1.
    const d = !step ? this.dSql(x.d) : typeof x.d === 'bigint' ? this.dSql(x.d * step) : this.bind(`(${this.dSql(x.d)} * ${this.D.intLit(step)})`);
    const q = this.bind(this.D.idiv(numr, d));
    const r = this.bind(`(${numr} - ${q} * ${d})`);
    const sign = `(CASE WHEN ${numr} < 0 THEN ${this.D.intLit(-1n)} ELSE ${this.D.intLit(1n)} END)`;
    if (mode === 'down') return q;
    if (mode === 'up') return `(CASE WHEN ${r} = 0 THEN ${q} ELSE ${q} + ${sign} END)`;
    const absR = `(CASE WHEN ${r} < 0 THEN -${r} ELSE ${r} END)`;
    return `(CASE WHEN ${r} <> 0 AND ${absR} * 2 >= ${d} THEN ${q} + ${sign} ELSE ${q} END)`;
  }

  // ---- facts ----

  /** A stored fact's value (NULL when missing), or its formula for a derived fact. */
  private fact(name: string): Compiled {
    const f = this.cx.subject.facts.get(name);
    if (!f) throw new Untranslatable(`fact ${name}`, this.cx.where);
    if (f.derived) return this.compile(f.derived);
    const col = this.cx.column(name);
    const present = `(${col} IS NOT NULL)`;
    return {
      ok: present,
      val: this.columnValue(name, col),
      miss: [{ name, when: `(${col} IS NULL)` }],
      noStandard: FALSE,
      external: FALSE,
      divByZero: FALSE,
    };
  }

  /** How a fact column is read as a value. */
  columnValue(name: string, col: string): Val {
    const f = this.cx.subject.facts.get(name)!;
    const t = f.type;
    switch (t.kind) {
      case 'bool':
        return { t: 'bool', v: col };
      case 'date':
        return { t: 'date', v: col };
      case 'quantity': {
        const scale = scaleOf(t.unit);
        return num({ n: scale === 1n ? `CAST(${col} AS ${this.D.int})` : `CAST(${col} * ${scale} AS ${this.D.int})`, d: scale });
      }
      case 'level': {
        const lt = this.cx.model.levels.get(t.of);
        if (!lt) throw new Untranslatable(`level type ${t.of}`, this.cx.where);
        const rank = `(CASE ${col} ${lt.levels.map((l) => `WHEN ${this.D.str(l.name)} THEN ${l.rank}`).join(' ')} END)`;
        return { t: 'level', rank, name: col };
      }
      case 'enum':
        return { t: 'enum', v: col };
      case 'text':
        return { t: 'str', v: col };
      default:
        throw new Untranslatable(`a fact of type ${t.kind} used as a value`, this.cx.where);
    }
  }

  private ok(val: Val): Compiled {
    return { ok: TRUE, val, miss: [], noStandard: FALSE, external: FALSE, divByZero: FALSE };
  }

  /** Compiles an expression; the result's parts are SQL over the base relation. */
  compile(e: IExpr): Compiled {
    const D = this.D;
    switch (e.k) {
      case 'num':
        return this.ok(num(this.lit(e.value)));
      case 'bool':
        return this.ok({ t: 'bool', v: e.value ? TRUE : FALSE });
      case 'date':
        return this.ok({ t: 'date', v: D.date(e.iso) });
      case 'text':
        return this.ok({ t: 'str', v: D.str(e.label.zh) });
      case 'level':
        return this.ok({ t: 'level', rank: String(e.rank), name: D.str(e.name) });
      case 'enum':
        return this.ok({ t: 'enum', v: D.str(e.name) });
      case 'fact':
        return this.fact(e.name);
      case 'param': {
        // evaluate.ts: a known parameter is a number; an unknown one is "external".
        const v = Object.hasOwn(this.cx.params, e.name) ? this.cx.params[e.name] : undefined;
        if (v) return this.ok(num(this.lit(v)));
        return { ok: FALSE, val: { t: 'none' }, miss: [], noStandard: FALSE, external: TRUE, divByZero: FALSE };
      }
      case 'neg': {
        const x = this.compile(e.e);
        if (x.val.t !== 'num') return x;
        return { ...x, val: num({ n: `(-${x.val.x.n})`, d: x.val.x.d }) };
      }
      case 'arith':
        return this.arith(e);
      case 'cmp': {
        // evaluate.ts: not ok when either side is not; only missing facts and division by zero survive.
        const l = this.compile(e.l);
        const r = this.compile(e.r);
        const c = this.compare(l.val, r.val);
        const test = { ge: `${c} >= 0`, gt: `${c} > 0`, le: `${c} <= 0`, lt: `${c} < 0`, eq: `${c} = 0`, ne: `${c} <> 0` }[e.op];
        return {
          ok: and(l.ok, r.ok),
          val: { t: 'bool', v: `(${test})` },
          miss: [...guard(l.miss, not(l.ok)), ...guard(r.miss, not(r.ok))],
          // evaluate.ts: no standard and a parameter nobody gave stay visible through comparisons and logic.
          noStandard: or(and(not(l.ok), l.noStandard), and(not(r.ok), r.noStandard)),
          external: or(and(not(l.ok), l.external), and(not(r.ok), r.external)),
          divByZero: or(and(not(l.ok), l.divByZero), and(not(r.ok), r.divByZero)),
        };
      }
      case 'in': {
        // evaluate.ts: the left side's result when it is not ok; else true when a value that is ok compares equal.
        const l = this.compile(e.l);
        const hits = e.values.map((x) => {
          const r = this.compile(x);
          return and(r.ok, `(${this.compare(l.val, r.val)} = 0)`);
        });
        return { ...l, val: { t: 'bool', v: or(...hits.map(isTrue)) } };
      }
      case 'and':
      case 'or': {
        // Kleene: `or` is true when a side is true, `and` false when a side is false, whatever the other side.
        const l = this.compile(e.l);
        const r = this.compile(e.r);
        const dom = e.k === 'or';
        const lv = isTrue(boolOf(l.val));
        const rv = isTrue(boolOf(r.val));
        const lDom = and(l.ok, dom ? lv : not(lv));
        const rDom = and(r.ok, dom ? rv : not(rv));
        const anyDom = this.bind(or(lDom, rDom));
        return {
          ok: or(anyDom, and(l.ok, r.ok)),
          val: { t: 'bool', v: dom ? anyDom : not(anyDom) },
          miss: [...guard(l.miss, not(l.ok)), ...guard(r.miss, not(r.ok))],
          // evaluate.ts: no standard and a parameter nobody gave stay visible through comparisons and logic.
          noStandard: or(and(not(l.ok), l.noStandard), and(not(r.ok), r.noStandard)),
          external: or(and(not(l.ok), l.external), and(not(r.ok), r.external)),
          divByZero: or(and(not(l.ok), l.divByZero), and(not(r.ok), r.divByZero)),
        };
      }
      case 'not': {
        const x = this.compile(e.e);
        if (x.val.t !== 'bool') return x;
        return { ...x, val: { t: 'bool', v: not(isTrue(x.val.v)) } };
      }
      case 'lookup':
        return this.lookup(e);
      case 'dot':
        return this.dot(e);
      case 'if':
        return this.ifThen(e);
      case 'min':
      case 'max':
        return this.choose(e);
      case 'asOf':
        return this.ok({ t: 'date', v: this.cx.asOf });
      case 'whole': {
        // `取整（X）` / `进位取整（X）`: rational.ts roundTo(X, 1, mode), a whole number.
        const x = this.compile(e.e);
        if (x.val.t !== 'num') return { ...x, val: { t: 'none' } };
        return { ...x, val: num({ n: this.round(x.val.x, 1n, e.mode), d: 1n }) };
      }
      case 'year': {
        // `所在年度（X）`: the calendar year of the date, a whole number.
        const x = this.compile(e.of);
        if (x.val.t !== 'date') return { ...x, val: { t: 'none' } };
        return { ...x, val: num({ n: `CAST(${this.D.yearOf(x.val.v)} AS ${this.D.int})`, d: 1n }) };
      }
      case 'elapsed':
      case 'age': {
        // ledger.ts completedMonths: the months between the two months, one fewer when the period's last day
        // (the corresponding day, clamped to the month's end) is not before the as-of date; −1 before the start.
        // `X 至 Y` / `周岁（X，Y）`: counted to Y instead of the as-of date.
        const from = this.compile(e.from);
        const end = e.k === 'age' ? e.at : e.to;
        const on = end ? this.compile(end) : undefined;
        const x: Compiled = on ? this.both(from, on) : from;
        if (from.val.t !== 'date' || (on && on.val.t !== 'date')) return { ...x, val: { t: 'none' } };
        const d = from.val.v;
        const a = on && on.val.t === 'date' ? on.val.v : this.cx.asOf;
        if (e.k === 'elapsed' && e.unit === 'day') {
          // ledger.ts completedDays: the days between, less the last (not yet complete), never below 0; −1 before the start.
          const days = this.bind(`CAST((CASE WHEN ${a} < ${d} THEN -1 WHEN ${D.daysBetween(d, a)} > 0 THEN ${D.daysBetween(d, a)} - 1 ELSE 0 END) AS ${D.int})`);
          return { ...x, val: num({ n: `(${days} * ${D.intLit(2n)} + ${D.intLit(1n)})`, d: 2n }) };
        }
        const n0 = this.bind(`CAST(((${D.yearOf(a)} - ${D.yearOf(d)}) * 12 + (${D.monthOf(a)} - ${D.monthOf(d)})) AS INTEGER)`);
        const c = this.bind(`CAST((CASE WHEN ${a} < ${d} THEN -1 WHEN ${n0} > 0 AND ${D.addMonths(d, n0)} >= ${a} THEN ${n0} - 1 ELSE ${n0} END) AS ${D.int})`);
        if (e.k === 'elapsed') return { ...x, val: num({ n: `(${c} * ${D.intLit(2n)} + ${D.intLit(1n)})`, d: 2n }) };
        return { ...x, val: num({ n: `(CASE WHEN ${c} < 0 THEN ${D.intLit(-1n)} ELSE ${D.idiv(c, D.intLit(12n))} END)`, d: 1n }) };
      }
      case 'paramAt':
        return this.paramAt(e);
      case 'sum':
        // compiler/sql/members.ts: the members as a list column, each decided inside a lambda.
        if (this.cx.members) throw new Untranslatable(`合计 (sum-over) inside 合计 over the list ${e.list}`, this.cx.where);
        return compileSum(this, e);
      case 'member':
        if (!this.cx.members) throw new Untranslatable(`a fact of a member of ${e.list} outside 合计`, this.cx.where);
        return this.cx.members.member(e);
      case 'nostd': {
        // evaluate.ts: a value in no bracket of a 分档 table: x's result when it is not ok, else no standard.
        const x = this.compile(e.x);
        return { ok: FALSE, val: { t: 'none' }, miss: guard(x.miss, not(x.ok)), noStandard: x.ok, external: and(not(x.ok), x.external), divByZero: and(not(x.ok), x.divByZero) };
      }
    }
  }

  /** Picks between two values of one kind: `b` where `pickB` holds, else `a` (numbers over a common denominator). */
  pick(pickB: Cond, a: Val, b: Val): Val {
    const when = (x: string, y: string) => (pickB === FALSE ? x : pickB === TRUE ? y : `(CASE WHEN ${pickB} THEN ${y} ELSE ${x} END)`);
    if (a.t === 'num' && b.t === 'num') {
      if (typeof a.x.d === 'bigint' && typeof b.x.d === 'bigint') {
        const l = lcm(a.x.d, b.x.d);
        return num({ n: this.bind(when(this.mulInt(a.x.n, l / a.x.d), this.mulInt(b.x.n, l / b.x.d))), d: l });
      }
      return num({ n: this.bind(when(a.x.n, b.x.n)), d: this.bind(when(this.dSql(a.x.d), this.dSql(b.x.d))) });
    }
    if (a.t === 'level' && b.t === 'level') return { t: 'level', rank: this.bind(when(a.rank, b.rank)), name: this.bind(when(a.name, b.name)) };
    if ((a.t === 'bool' || a.t === 'date' || a.t === 'enum' || a.t === 'str') && a.t === b.t) return { t: a.t, v: this.bind(when(a.v, b.v)) } as Val;
    if (a.t === 'none') return b;
    if (b.t === 'none') return a;
    throw new Untranslatable(`a case of ${a.t} and ${b.t}`, this.cx.where);
  }

  private ifThen(e: Extract<IExpr, { k: 'if' }>): Compiled {
    // evaluate.ts: a known condition gives its case's result; an unknown one gives the then-case when both cases
    // are known and equal, else the condition's reasons with the missing facts of all three.
    const c = this.compile(e.c);
    const t = this.compile(e.t);
    const f = this.compile(e.e);
    const cv = c.val.t === 'bool' ? isTrue(c.val.v) : FALSE;
    const pickT = this.bind(and(c.ok, cv));
    const pickF = this.bind(and(c.ok, not(cv)));
    const unknownC = not(c.ok);
    const agree = t.val.t === f.val.t && t.val.t !== 'none' ? this.bind(and(unknownC, t.ok, f.ok, `(${this.compare(t.val, f.val)} = 0)`)) : FALSE;
    const undecided = and(unknownC, not(agree));
    return {
      ok: this.bind(or(and(pickT, t.ok), and(pickF, f.ok), agree)),
      val: this.pick(pickF, t.val, f.val),
      // The undecided case first: the names are merged in the order of this list (first mention wins), and
      // the reference lists the condition's missing facts before the cases' (a fact both a case and the
      // condition need must come in the condition's place).
      // The three cases exclude each other, so a case's names are listed once under "undecided or picked"
      // (in the undecided row c, t, f; in a picked row that case's alone): listing them once per case doubled
      // the list at each level, and a 分档 table of 40 brackets (nested cases) ran out of memory.
      miss: [
        ...guard(c.miss, undecided),
        ...guard(t.miss, t.miss.length ? this.bind(and(or(undecided, pickT), not(t.ok))) : FALSE),
        ...guard(f.miss, f.miss.length ? this.bind(and(or(undecided, pickF), not(f.ok))) : FALSE),
      ],
      noStandard: or(and(pickT, not(t.ok), t.noStandard), and(pickF, not(f.ok), f.noStandard), and(undecided, c.noStandard)),
      external: or(and(pickT, not(t.ok), t.external), and(pickF, not(f.ok), f.external), and(undecided, c.external)),
      divByZero: or(and(pickT, not(t.ok), t.divByZero), and(pickF, not(f.ok), f.divByZero), and(undecided, c.divByZero)),
    };
  }

  private choose(e: Extract<IExpr, { k: 'min' | 'max' }>): Compiled {
    // evaluate.ts: the first argument that is not ok decides when it has a reason of its own (no standard, external,
    // division by zero); otherwise the missing facts of all, with any division by zero; else the lowest / highest.
    const args = e.args.map((a) => this.compile(a));
    let best = args[0]!.val;
    for (const a of args.slice(1)) {
      if (best.t !== 'num' || a.val.t !== 'num') throw new Untranslatable(`${e.k === 'min' ? '较低者' : '较高者'} of ${a.val.t}`, this.cx.where);
      const c = this.cmpNum(a.val.x, best.x);
      best = this.pick(this.bind(e.k === 'min' ? `(${c} < 0)` : `(${c} > 0)`), best, a.val);
    }
    const firsts = args.map((a, i) => and(not(a.ok), ...args.slice(0, i).map((p) => p.ok)));
    const special = (a: Compiled) => or(a.noStandard, a.external, a.divByZero);
    const firstSpecial = this.bind(or(...args.map((a, i) => and(firsts[i]!, special(a)))));
    const allOk = and(...args.map((a) => a.ok));
    return {
      ok: this.bind(allOk),
      val: best,
      miss: args.flatMap((a, i) => [...guard(a.miss, and(firsts[i]!, firstSpecial)), ...guard(a.miss, and(not(allOk), not(firstSpecial), not(a.ok)))]),
      noStandard: or(...args.map((a, i) => and(firsts[i]!, a.noStandard))),
      external: or(...args.map((a, i) => and(firsts[i]!, not(a.noStandard), a.external))),
      divByZero: or(
        ...args.map((a, i) => and(firsts[i]!, not(a.noStandard), not(a.external), a.divByZero)),
        and(not(allOk), not(firstSpecial), or(...args.map((a) => and(not(a.ok), a.divByZero)))),
      ),
    };
  }

  /**
   * evaluate.ts `paramAt`: a keyed parameter's entry. The entries known when the SQL is generated (params named
   * 名称（键，…）) become one CASE over the keys' text; any other entry is external, as in the reference.
   */
  private paramAt(e: Extract<IExpr, { k: 'paramAt' }>): Compiled {
    const D = this.D;
    const ks = e.keys.map((k) => this.compile(k));
    const texts = ks.map((k) => {
      if (k.val.t === 'level') return k.val.name;
      if (k.val.t === 'enum' || k.val.t === 'str') return k.val.v;
      if (k.val.t === 'none') return 'NULL';
      throw new Untranslatable(`a parameter keyed by a ${k.val.t}`, this.cx.where);
    });
    const prefix = `${e.name}（`;
    const entries = Object.entries(this.cx.params)
      .filter(([n]) => n.startsWith(prefix) && n.endsWith('）'))
      .map(([n, r]) => ({ keys: n.slice(prefix.length, -1).split('，'), r }))
      .filter((x) => x.keys.length === ks.length);
    const keysOk = and(...ks.map((k) => k.ok));
    const arms = entries.map((x) => ({ when: and(...texts.map((t, i) => `${t} = ${D.str(x.keys[i]!)}`)), r: x.r }));
    const matched = arms.length ? or(...arms.map((a) => a.when)) : FALSE;
    const den = arms.reduce((d, a) => lcm(d, a.r.d), 1n);
    const n = arms.length ? `(CASE ${arms.map((a) => `WHEN ${a.when} THEN ${D.intLit(a.r.n * (den / a.r.d))}`).join(' ')} END)` : D.intLit(0n);
    // evaluate.ts: the first key that is not ok decides with its own reasons when it has one (no standard, a
    // parameter nobody gave, ÷ 0); otherwise the missing facts of every key that is not ok, and no other reason.
    const firsts = ks.map((k, i) => and(not(k.ok), ...ks.slice(0, i).map((p) => p.ok)));
    const firstSpecial = this.bind(or(...ks.map((k, i) => and(firsts[i]!, or(k.external, k.noStandard, k.divByZero)))));
    return {
      ok: and(keysOk, matched),
      val: num({ n: this.bind(n), d: den }),
      miss: ks.flatMap((k, i) => [...guard(k.miss, and(firsts[i]!, firstSpecial)), ...guard(k.miss, and(not(firstSpecial), not(k.ok)))]),
      noStandard: or(...ks.map((k, i) => and(firsts[i]!, k.noStandard))),
      external: or(and(keysOk, not(matched)), ...ks.map((k, i) => and(firsts[i]!, k.external))),
      divByZero: or(...ks.map((k, i) => and(firsts[i]!, k.divByZero))),
    };
  }

  /** Both parts must be known (周岁（出生日期，日期）, X 至 Y): the first part's missing facts, then the second's (evaluate.ts). */
  private both(a: Compiled, b: Compiled): Compiled {
    return { ok: and(a.ok, b.ok), val: a.val, miss: [...a.miss, ...b.miss], noStandard: or(a.noStandard, b.noStandard), external: or(a.external, b.external), divByZero: or(a.divByZero, b.divByZero) };
  }

  private arith(e: Extract<IExpr, { k: 'arith' }>): Compiled {
    // evaluate.ts: a left side that is not ok wins (with its reasons; its missing facts plus the right side's
    // when it has no other reason and the right side is not ok either); then the right side; then ÷ 0.
    const l = this.compile(e.l);
    const r = this.compile(e.r);
    if (l.val.t !== 'num' && l.val.t !== 'none') throw new Untranslatable(`arithmetic on ${l.val.t}`, this.cx.where);
    if (r.val.t !== 'num' && r.val.t !== 'none') throw new Untranslatable(`arithmetic on ${r.val.t}`, this.cx.where);
    const lSpecial = or(l.external, l.noStandard, l.divByZero);
    const lx = l.val.t === 'num' ? l.val.x : { n: '0', d: 1n };
    const rx = r.val.t === 'num' ? r.val.x : { n: '0', d: 1n };
    let val: Num;
    let zero: Cond = FALSE;
    switch (e.op) {
      case '+':
        val = this.add(lx, rx, 1);
        break;
      case '-':
        val = this.add(lx, rx, -1);
        break;
      case '*':
        val = this.mul(lx, rx);
        break;
      case '/': {
        // By a constant (÷ 3, ÷ 12个月): the denominator stays a constant (a 合计 adds members over it).
        const k = r.val.t === 'num' && r.ok === TRUE ? this.constant(rx.n) : undefined;
        if (k !== undefined && k !== 0n && typeof lx.d === 'bigint' && typeof rx.d === 'bigint') {
          val = { n: this.mulInt(lx.n, k < 0n ? -rx.d : rx.d), d: lx.d * (k < 0n ? -k : k) };
          break;
        }
        zero = `(${rx.n} = 0)`;
        val = this.div(lx, { n: `(CASE WHEN ${rx.n} = 0 THEN ${this.D.intLit(1n)} ELSE ${rx.n} END)`, d: rx.d });
        break;
      }
    }
    const lrOk = and(l.ok, r.ok);
    // evaluate.ts: a known zero decides a product whatever the other side is, unless that side divides by zero.
    const isZero = (c: Compiled, x: Num) => (c.val.t === 'num' ? and(c.ok, `COALESCE(${x.n} = 0, FALSE)`) : FALSE);
    const shortcut =
      e.op === '*' ? this.bind(or(and(isZero(l, lx), not(r.ok), not(r.divByZero)), and(isZero(r, rx), not(l.ok), not(l.divByZero)))) : FALSE;
    const decided = not(shortcut);
    const n = shortcut === FALSE ? val.n : `(CASE WHEN ${shortcut} THEN ${this.D.intLit(0n)} ELSE ${val.n} END)`;
    return {
      ok: or(shortcut, and(lrOk, not(zero))),
      val: num({ n: this.bind(n), d: typeof val.d === 'bigint' ? val.d : this.bind(val.d) }),
      miss: [...guard(l.miss, and(decided, not(l.ok))), ...guard(r.miss, and(decided, not(r.ok), or(l.ok, not(lSpecial))))],
      noStandard: and(decided, or(and(not(l.ok), l.noStandard), and(l.ok, not(r.ok), r.noStandard))),
      external: and(decided, or(and(not(l.ok), l.external), and(l.ok, not(r.ok), r.external))),
      divByZero: and(decided, or(and(not(l.ok), l.divByZero), and(l.ok, not(r.ok), r.divByZero), and(lrOk, zero))),
    };
  }

  /** Compares two values like compareValues() of input.ts: an integer whose sign orders them (1 = different). */
  compare(a: Val, b: Val): string {
    if (a.t === 'num' && b.t === 'num') return this.cmpNum(a.x, b.x);
    if (a.t === 'level' && b.t === 'level') return `(CASE WHEN ${a.rank} < ${b.rank} THEN -1 WHEN ${a.rank} > ${b.rank} THEN 1 ELSE 0 END)`;
    if (a.t === 'date' && b.t === 'date') return `(CASE WHEN ${a.v} < ${b.v} THEN -1 WHEN ${a.v} > ${b.v} THEN 1 ELSE 0 END)`;
    if ((a.t === 'bool' && b.t === 'bool') || (a.t === 'enum' && b.t === 'enum') || (a.t === 'str' && b.t === 'str'))
      return `(CASE WHEN ${a.v} = ${b.v} THEN 0 ELSE 1 END)`;
    return '1';
  }

  private lookup(e: Extract<IExpr, { k: 'lookup' }>): Compiled {
    if (e.member) {
      if (!this.cx.members) throw new Untranslatable(`a table keyed by a member's ${e.fact} outside 合计`, this.cx.where);
      return this.cx.members.member(e);
    }
    // evaluate.ts: the key fact as stored (never a formula); missing → that fact; a value with no entry → noStandard;
    // else the entry's value, whatever it is.
    const f = this.cx.subject.facts.get(e.fact);
    if (!f || f.derived || (f.type.kind !== 'level' && f.type.kind !== 'enum')) throw new Untranslatable(`table keyed by ${e.fact}`, this.cx.where);
    const col = this.cx.column(e.fact);
    const entries = e.entries.map((x) => ({ key: x.key, is: `(${col} = ${this.D.str(x.key)})`, c: this.compile(x.value) }));
    const known = or(...entries.map((x) => x.is));
    const when = (pick: (c: Compiled) => Cond): Cond => or(...entries.map((x) => and(x.is, pick(x.c))));
    const miss = [{ name: e.fact, when: `(${col} IS NULL)` }, ...entries.flatMap((x) => guard(x.c.miss, and(x.is, not(x.c.ok))))];
    const present = `(${col} IS NOT NULL)`;
    return {
      ok: and(present, when((c) => c.ok)),
      val: this.caseValue(entries.map((x) => ({ when: x.is, val: x.c.val }))),
      miss,
      noStandard: or(and(present, not(known)), when((c) => and(not(c.ok), c.noStandard))),
      external: when((c) => and(not(c.ok), c.external)),
      divByZero: when((c) => and(not(c.ok), c.divByZero)),
    };
  }

  /** One value chosen among several by conditions (the entries of a table). */
  private caseValue(arms: { when: Cond; val: Val }[]): Val {
    const kinds = new Set(arms.map((a) => a.val.t).filter((t) => t !== 'none'));
    if (kinds.size === 0) return { t: 'none' };
    if (kinds.size > 1) throw new Untranslatable(`a table with values of different kinds (${[...kinds].join(', ')})`, this.cx.where);
    const kind = [...kinds][0]!;
    const pick = (f: (v: Val) => string) => `(CASE ${arms.map((a) => `WHEN ${a.when} THEN ${a.val.t === 'none' ? 'NULL' : f(a.val)}`).join(' ')} END)`;
    switch (kind) {
      case 'num': {
        const nums = arms.filter((a) => a.val.t === 'num').map((a) => (a.val as { x: Num }).x);
        if (nums.every((x) => typeof x.d === 'bigint')) {
          const l = nums.reduce((m, x) => lcm(m, x.d as bigint), 1n);
          return num({ n: this.bind(pick((v) => this.mulInt((v as { x: Num }).x.n, l / ((v as { x: Num }).x.d as bigint)))), d: l });
        }
        return num({ n: this.bind(pick((v) => (v as { x: Num }).x.n)), d: this.bind(pick((v) => this.dSql((v as { x: Num }).x.d))) });
      }
      case 'level':
        return { t: 'level', rank: this.bind(pick((v) => (v as { rank: string }).rank)), name: this.bind(pick((v) => (v as { name: string }).name)) };
      case 'bool':
      case 'date':
      case 'enum':
      case 'str':
        return { t: kind, v: this.bind(pick((v) => (v as { v: string }).v)) } as Val;
      default:
        throw new Untranslatable(`a table of ${kind}`, this.cx.where);
    }
  }

  private dot(e: Extract<IExpr, { k: 'dot' }>): Compiled {
    if (e.member) {
      if (!this.cx.members) throw new Untranslatable(`a per-level sum over a member's ${e.fact} outside 合计`, this.cx.where);
      return this.cx.members.member(e);
    }
    // evaluate.ts: Σ counts[level] × rate over the table's levels that the fact has (a count of 0 counts);
    // the first level present whose rate is not ok gives the result.
    const f = this.cx.subject.facts.get(e.fact);
    if (!f || f.derived || f.type.kind !== 'perLevel') throw new Untranslatable(`per-level sum over ${e.fact}`, this.cx.where);
    const col = this.cx.column(e.fact);
    const scale = scaleOf(f.type.unit);
    const present = `(${col} IS NOT NULL)`;
    let sum: Num = { n: this.D.intLit(0n), d: 1n };
    let allOk: Cond = TRUE;
    const failing: { at: Cond; c: Compiled }[] = [];
    for (const x of e.entries) {
      const countSql = this.D.mapGet(col, this.D.str(x.key));
      const has = `(${countSql} IS NOT NULL)`;
      const rate = this.compile(x.value);
      // The first present level with a rate that is not ok decides the result.
      failing.push({ at: and(has, not(rate.ok), allOk), c: rate });
      allOk = and(allOk, or(not(has), rate.ok));
      if (rate.val.t !== 'num') {
        if (rate.val.t === 'none') continue;
        throw new Untranslatable(`a per-level rate of ${rate.val.t}`, this.cx.where);
      }
      const count: Num = { n: `COALESCE(CAST(${scale === 1n ? countSql : `${countSql} * ${scale}`} AS ${this.D.int}), ${this.D.intLit(0n)})`, d: scale };
      sum = this.add(sum, this.mul(count, rate.val.x), 1);
    }
    const fail = (pick: (c: Compiled) => Cond) => or(...failing.map((x) => and(x.at, pick(x.c))));
    return {
      ok: and(present, this.bind(allOk)),
      val: num({ n: this.bind(sum.n), d: sum.d }),
      miss: [{ name: e.fact, when: `(${col} IS NULL)` }, ...failing.flatMap((x) => guard(x.c.miss, x.at))],
      noStandard: fail((c) => c.noStandard),
      external: fail((c) => c.external),
      divByZero: fail((c) => c.divByZero),
    };
  }
}

function boolOf(v: Val): string {
  return v.t === 'bool' ? v.v : FALSE;
}

export function guard(miss: Miss[], c: Cond): Miss[] {
  return miss.map((m) => ({ ...m, when: and(c, m.when) })).filter((m) => m.when !== FALSE);
}

/** Denominator of a stored quantity: fen for money, whole numbers for counts, 6 places for the rest. */
export function scaleOf(unit: import('../model.ts').Unit): bigint {
  if (isMoney(unit)) return 100n;
  if (isCountUnit(unit)) return 1n;
  return 1_000_000n;
}

/** The missing facts of a result (when it is not ok) as one SQL text, names joined by '、' in the reference's order. */
export function missingText(D: Dialect, c: Compiled, bind: (s: string) => string): { any: Cond; parts: Miss[] } {
  // Every mention is kept, in order: which mention of a name comes first is known only per row (orderedMissing).
  const parts = c.miss.map((m) => ({ ...m, when: bind(and(not(c.ok), m.when)) })).filter((m) => m.when !== FALSE);
  void D;
  return { any: or(...parts.map((p) => p.when)), parts };
}

/**
 * Whether merging the mentions by name (first mention first) gives the order of the first mentions that hold in
 * every row: it does unless another name is mentioned between two mentions of one name (then the row decides
 * which comes first, and the list is built per row).
 */
export function staticOrderHolds(miss: readonly Miss[]): boolean {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  miss.forEach((m, i) => {
    if (!first.has(m.name)) first.set(m.name, i);
    last.set(m.name, i);
  });
  for (const [name, a] of first) {
    const b = last.get(name)!;
    for (let k = a + 1; k < b; k++) if (miss[k]!.name !== name) return false;
  }
  return true;
}

/** Missing facts merged by name (first mention first; a name counts when any of its mentions does). */
export function mergeMiss(miss: readonly Miss[]): Miss[] {
  const merged = new Map<string, Miss>();
  for (const m of miss) {
    const known = merged.get(m.name);
    merged.set(m.name, known ? { ...known, when: or(known.when, m.when) } : { ...m });
  }
  return [...merged.values()];
}
