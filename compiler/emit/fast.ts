// The fast path of a generated evaluator: a benefit compiled to straight-line code over the typed record
// of one subject type — conditions as plain comparisons on scaled integers, level ranks, enum ordinals and
// ISO dates; tables as conditional chains; money as integer fen in JS numbers, every operation checked to
// stay a safe integer (beyond it the runtime's `Inexact` sends the subject to the exact path). It decides
// a compact decision (status, fen, reason code) in the order of the reference evaluator's steps and
// builds no text.
//
// Unknown values are `undefined` (a fact is missing) or `null` (a table has no entry for the value), and
// conditions are three-valued: 1 true, 0 false, 2 unknown. Only the forms whose unknowns are exactly these
// are compiled; a benefit with anything else (division, 每年限次, a text comparison …) is left to the exact
// path, and so is a subject whose ledger has payments of the benefit.
import type { Benefit, IExpr, Model, Type } from '../model.ts';
import type { Label } from '../../grammar/ast.ts';
import type { Rat } from '../rational.ts';
import type { BenefitPlan, Step } from '../decision/types.ts';
import type { LedgerRead } from '../ledger.ts';
import { isCountUnit, isMoney } from '../units.ts';
import { periodEnd } from '../dates.ts';
import { commentText, lit, propKey } from './names.ts';

/** How a fact sits in the typed record. */
export type FieldKind =
  | { k: 'bool' }
  | { k: 'num'; scale: bigint }
  | { k: 'level'; of: string }
  | { k: 'enum'; of: string }
  | { k: 'date' }
  | { k: 'text' }
  | { k: 'perLevel'; of: string; scale: bigint }
  | { k: 'none' };

/** The integer scale of a quantity of this type in the typed record: fen for money, whole counts, else millionths. */
export function quantityScale(t: Type): bigint {
  if (t.kind !== 'quantity' && t.kind !== 'perLevel') return 1n;
  return isMoney(t.unit) ? 100n : isCountUnit(t.unit) ? 1n : 1000000n;
}

export function fieldKind(t: Type): FieldKind {
  switch (t.kind) {
    case 'bool':
      return { k: 'bool' };
    case 'quantity':
      return { k: 'num', scale: quantityScale(t) };
    case 'level':
      return { k: 'level', of: t.of };
    case 'enum':
      return { k: 'enum', of: t.of };
    case 'date':
      return { k: 'date' };
    case 'text':
      return { k: 'text' };
    case 'perLevel':
      return { k: 'perLevel', of: t.of, scale: quantityScale(t) };
    // A list is read only by 合计, which the fast path leaves to the exact decision.
    case 'list':
    case 'unknown':
      return { k: 'none' };
  }
}

/** The TypeScript type of a field of the typed record. */
export function fieldType(k: FieldKind): string {
  switch (k.k) {
    case 'bool':
      return 'boolean | undefined';
    case 'num':
    case 'level':
    case 'enum':
      return 'number | undefined';
    case 'date':
    case 'text':
      return 'string | undefined';
    case 'perLevel':
      return 'readonly number[] | undefined';
    case 'none':
      return 'undefined';
  }
}

class NotFast extends Error {}
const notFast = (why: string): never => {
  throw new NotFast(why);
};

/** A scaled integer constant: the smallest power of ten (up to 10^8) that makes it whole and safe. */
function scaledConst(r: Rat): { n: bigint; scale: bigint } {
  for (let s = 1n; s <= 100000000n; s *= 10n) {
    if ((r.n * s) % r.d === 0n) {
      const n = (r.n * s) / r.d;
      if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) break;
      return { n, scale: s };
    }
  }
  return notFast('a constant without an exact small decimal form');
}

interface Num {
  /** A JS expression: number, undefined (missing) or null (no standard). */
  code: string;
  scale: bigint;
  /** A compile-time constant value (scaled), when it is one. */
  konst?: bigint;
}

type Ordinal = { code: string; kind: 'level' | 'enum' | 'date' | 'bool'; konst?: string };

export interface FastBenefit {
  /** The function's source lines. */
  lines: string[];
  /** Parameters it reads (the run must have them, else the exact path decides). */
  params: string[];
  /** Its eligible decision has no note and no state beyond status and fen (and `designation`): `evaluate` can take it. */
  plain: boolean;
  /** 最高, fen: an eligible decision is taken only below it (at it, the ceiling may have cut the amount: a note). */
  below: bigint | null;
  /** 授予: the designation an eligible decision gives. */
  designation: Label | undefined;
  /** Some of its lines make a constant decision with the module's `compact()` (typescript.ts writes it when one does). */
  compact: boolean;
}

export class FastCompiler {
  private out: string[] = [];
  private n = 0;
  private params = new Set<string>();
  /**
   * Which of the function's parameters its code reads (an unread one is named with a leading _: noUnusedParameters),
   * noted where the code naming them is written rather than found again in the finished text.
   */
  private reads = { t: false, x: false, p: false };

  constructor(
    private model: Model,
    private subject: string,
    /** Subject facts: name → field kind. */
    private fields: ReadonlyMap<string, FieldKind>,
    /** Enum value name → ordinal, per enum. */
    private enumOrdinal: (of: string, name: string) => number,
    /** The benefit's index in the module's BENEFITS. */
    private index: number,
    /** The typed record variable. */
    private t = 't',
  ) {}

  private tmp(code: string, type?: string): string {
    if (!type && /^v\d+$/.test(code)) return code;
    const v = `v${this.n++}`;
    this.out.push(`  const ${v}${type ? `: ${type}` : ''} = ${code};`);
    return v;
  }

  /** A three-valued result, held as a number (so comparing it with a constant is never a literal-type error). */
  private triTmp(code: string): string {
    return this.tmp(code, 'number');
  }

  /** `v == null` for a value that may be unknown; nothing to test for a constant. */
  private unknownTest(v: Num): string | undefined {
    return v.konst === undefined ? `${v.code} == null` : undefined;
  }

  private safeConst(n: bigint): Num {
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) return notFast('constant out of range');
    return { code: String(n), scale: 1n, konst: n };
  }

  private field(name: string): string {
    // A fact named as the text writes it (【3A级】) is no identifier: read it by its quoted key.
    const key = propKey(name);
    this.reads.t = true;
    return key === name ? `${this.t}.${key}` : `${this.t}[${key}]`;
  }

  private derived(name: string): IExpr | undefined {
    return this.model.subjects.get(this.subject)?.facts.get(name)?.derived;
  }

  /** Brings a numeric value to a larger scale. */
  private align(v: Num, scale: bigint): string {
    if (v.scale === scale) return v.code;
    const k = scale / v.scale;
    if (v.konst !== undefined) {
      const n = v.konst * k;
      if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) return notFast('constant out of range');
      return String(n);
    }
    return `(${v.code} == null ? ${v.code} : R.mulF(${v.code}, ${k}))`;
  }

  num(e: IExpr): Num {
    switch (e.k) {
      case 'num': {
        const c = scaledConst(e.value);
        return { code: String(c.n), scale: c.scale, konst: c.n };
      }
      case 'fact': {
        const d = this.derived(e.name);
        if (d) return this.num(d);
        const f = this.fields.get(e.name);
        if (!f || f.k !== 'num') return notFast(`fact ${e.name} is not a number here`);
        return { code: this.tmp(this.field(e.name)), scale: f.scale };
      }
      case 'param': {
        const p = this.model.params.get(e.name);
        if (!p || p.type.kind !== 'quantity') return notFast('parameter');
        this.params.add(e.name);
        this.reads.x = true;
        // The run's parameters as an array in the schema's order (compiler/emit/runtime/decide.ts RunContext.fen).
        const at = [...this.model.params.keys()].indexOf(e.name);
        return { code: this.tmp(`x.fen[${at}] /* ${commentText(e.name)} */`), scale: quantityScale(p.type) };
      }
      case 'neg': {
        const a = this.num(e.e);
        if (a.konst !== undefined) return { code: String(-a.konst), scale: a.scale, konst: -a.konst };
        return { code: this.tmp(`${a.code} == null ? ${a.code} : -${a.code}`), scale: a.scale };
      }
      case 'arith': {
        if (e.op === '/') return notFast('division');
        const l = this.num(e.l);
        const r = this.num(e.r);
        if (e.op === '*') {
          const scale = l.scale * r.scale;
          if (l.konst !== undefined && r.konst !== undefined) return { ...this.safeConst(l.konst * r.konst), scale };
          // A known zero decides a product whatever the other side is (as the reference evaluator).
          const [k, v] = l.konst !== undefined ? [l, r] : r.konst !== undefined ? [r, l] : [undefined, undefined];
          if (k && v) return k.konst === 0n ? { code: '0', scale, konst: 0n } : { code: this.tmp(`${v.code} == null ? ${v.code} : R.mulF(${v.code}, ${k.code})`), scale };
          return {
            code: this.tmp(
              `${l.code} === 0 && ${r.code} == null ? 0 : ${r.code} === 0 && ${l.code} == null ? 0 : ${l.code} == null ? ${l.code} : ${r.code} == null ? ${r.code} : R.mulF(${l.code}, ${r.code})`,
            ),
            scale,
          };
        }
        const scale = l.scale > r.scale ? l.scale : r.scale;
        if (l.konst !== undefined && r.konst !== undefined) {
          const a = l.konst * (scale / l.scale);
          const b = r.konst * (scale / r.scale);
          return { ...this.safeConst(e.op === '+' ? a + b : a - b), scale };
        }
        const a: Num = l.konst !== undefined ? { code: this.align(l, scale), scale, konst: l.konst * (scale / l.scale) } : { code: this.tmp(this.align(l, scale)), scale };
        const b: Num = r.konst !== undefined ? { code: this.align(r, scale), scale, konst: r.konst * (scale / r.scale) } : { code: this.tmp(this.align(r, scale)), scale };
        const op = `R.${e.op === '+' ? 'addF' : 'subF'}(${a.code}, ${b.code})`;
        let code = op;
        for (const v of [b, a]) {
          const t = this.unknownTest(v);
          if (t) code = `${t} ? ${v.code} : ${code}`;
        }
        return { code: this.tmp(code), scale };
      }
      case 'min':
      case 'max': {
        const args = e.args.map((a) => this.num(a));
        const scale = args.reduce((s, a) => (a.scale > s ? a.scale : s), 1n);
        const vs: Num[] = args.map((a) => (a.konst !== undefined ? { code: this.align(a, scale), scale, konst: a.konst } : { code: this.tmp(this.align(a, scale)), scale }));
        let code = `Math.${e.k}(${vs.map((v) => v.code).join(', ')})`;
        for (let i = vs.length - 1; i >= 0; i--) {
          const t = this.unknownTest(vs[i]!);
          if (t) code = `${t} ? ${vs[i]!.code} : ${code}`;
        }
        return { code: this.tmp(code), scale };
      }
      case 'if': {
        const c = this.tri(e.c);
        const a = this.num(e.t);
        const b = this.num(e.e);
        const scale = a.scale > b.scale ? a.scale : b.scale;
        const t = this.tmp(this.align(a, scale), 'number | null | undefined');
        const f = this.tmp(this.align(b, scale), 'number | null | undefined');
        return { code: this.tmp(`${c} === 1 ? ${t} : ${c} === 0 ? ${f} : ${t} != null && ${f} != null && ${t} === ${f} ? ${t} : undefined`), scale };
      }
      case 'lookup': {
        const f = this.fields.get(e.fact);
        if (!f || (f.k !== 'level' && f.k !== 'enum')) return notFast('table key');
        const entries = e.entries.map((x) => {
          if (x.value.k !== 'num') return notFast('a table entry that is not a constant');
          return { key: this.keyOrdinal(f, x.key), c: scaledConst(x.value.value) };
        });
        const scale = entries.reduce((s, x) => (x.c.scale > s ? x.c.scale : s), 1n);
        const k = this.tmp(this.field(e.fact));
        let chain = 'null';
        for (let i = entries.length - 1; i >= 0; i--) {
          const x = entries[i]!;
          chain = `${k} === ${x.key} ? ${x.c.n * (scale / x.c.scale)} : ${chain}`;
        }
        return { code: this.tmp(`${k} === undefined ? undefined : ${chain}`), scale };
      }
      case 'dot': {
        const f = this.fields.get(e.fact);
        if (!f || f.k !== 'perLevel') return notFast('per-level counts');
        const entries = e.entries.map((x) => {
          if (x.value.k !== 'num') return notFast('a rate that is not a constant');
          return { key: this.keyOrdinal({ k: 'level', of: f.of }, x.key), c: scaledConst(x.value.value) };
        });
        const rateScale = entries.reduce((s, x) => (x.c.scale > s ? x.c.scale : s), 1n);
        const c = this.tmp(this.field(e.fact));
        // Every level has its place in the typed record's array (0 when not given): rank k is element k.
        const terms = entries.map((x) => `R.mulF(${c}[${x.key}]!, ${x.c.n * (rateScale / x.c.scale)})`);
        const sum = terms.length === 0 ? '0' : terms.reduce((a, b) => `R.addF(${a}, ${b})`);
        return { code: this.tmp(`${c} === undefined ? undefined : ${sum}`), scale: f.scale * rateScale };
      }
      default:
        return notFast(`a ${e.k} as a number`);
    }
  }

  private keyOrdinal(f: FieldKind, key: string): number {
    if (f.k === 'level') {
      const l = this.model.levels.get(f.of)?.levels.find((x) => x.name === key || x.aliases.includes(key));
      return l ? l.rank : notFast('unknown level');
    }
    if (f.k === 'enum') {
      const i = this.enumOrdinal(f.of, key);
      return i >= 0 ? i : notFast('a table key that is not a value of the enum');
    }
    return notFast('key');
  }

  /** A level, enum, date or yes/no operand of a comparison. */
  private ordinal(e: IExpr): Ordinal {
    switch (e.k) {
      case 'level':
        return { code: String(e.rank), kind: 'level', konst: String(e.rank) };
      case 'enum': {
        const i = this.enumOrdinal(e.of, e.name);
        if (i < 0) return notFast('an enum value of another enum');
        return { code: String(i), kind: 'enum', konst: String(i) };
      }
      case 'date':
        return { code: lit(e.iso), kind: 'date', konst: lit(e.iso) };
      case 'bool':
        return { code: String(e.value), kind: 'bool', konst: String(e.value) };
      case 'fact': {
        if (this.derived(e.name)) return notFast('derived non-number');
        const f = this.fields.get(e.name);
        if (!f || (f.k !== 'level' && f.k !== 'enum' && f.k !== 'date' && f.k !== 'bool')) return notFast('operand');
        return { code: this.tmp(this.field(e.name)), kind: f.k };
      }
      default:
        return notFast(`a ${e.k} operand`);
    }
  }

  private isNumeric(e: IExpr): boolean {
    return e.type.kind === 'quantity';
  }

  /** A condition: an expression with value 1 (true), 0 (false) or 2 (unknown: facts are missing). */
  tri(e: IExpr): string {
    switch (e.k) {
      case 'bool':
        return this.triTmp(e.value ? '1' : '0');
      case 'fact': {
        if (this.derived(e.name)) return this.tri(this.derived(e.name)!);
        const f = this.fields.get(e.name);
        if (!f || f.k !== 'bool') return notFast('a condition fact that is not yes/no');
        const v = this.tmp(this.field(e.name));
        return this.triTmp(`${v} === undefined ? 2 : ${v} ? 1 : 0`);
      }
      case 'cmp': {
        const op = { ge: '>=', gt: '>', le: '<=', lt: '<', eq: '===', ne: '!==' }[e.op];
        if (this.isNumeric(e.l) && this.isNumeric(e.r)) {
          const l = this.num(e.l);
          const r = this.num(e.r);
          if (this.mayBeNoStandard(e.l) || this.mayBeNoStandard(e.r)) return notFast('a table in a comparison');
          const scale = l.scale > r.scale ? l.scale : r.scale;
          const side = (v: Num): Num => (v.konst !== undefined ? { code: this.align(v, scale), scale, konst: v.konst } : { code: this.tmp(this.align(v, scale)), scale });
          const a = side(l);
          const b = side(r);
          const tests = [a, b].map((v) => this.unknownTest(v)).filter((t): t is string => t !== undefined);
          if (tests.length === 0) return notFast('a comparison of constants');
          return this.triTmp(`${tests.join(' || ')} ? 2 : ${a.code} ${op} ${b.code} ? 1 : 0`);
        }
        const l = this.ordinal(e.l);
        const r = this.ordinal(e.r);
        if (l.kind !== r.kind) return notFast('mixed comparison');
        if ((l.kind === 'enum' || l.kind === 'bool') && e.op !== 'eq' && e.op !== 'ne') return notFast('ordering of unordered values');
        const tests = [l, r].filter((o) => o.konst === undefined).map((o) => `${o.code} === undefined`);
        if (tests.length === 0) return notFast('a comparison of constants');
        return this.triTmp(`${tests.join(' || ')} ? 2 : ${l.code} ${op} ${r.code} ? 1 : 0`);
      }
      case 'in': {
        const l = this.isNumeric(e.l) ? null : this.ordinal(e.l);
        if (!l || l.kind === 'bool') return notFast('in over numbers');
        const values = e.values.map((v) => {
          const o = this.ordinal(v);
          if (o.konst === undefined || o.kind !== l.kind) return notFast('in over non-constants');
          return o.konst;
        });
        if (l.konst !== undefined) return notFast('in over a constant');
        return this.triTmp(`${l.code} === undefined ? 2 : ${values.map((v) => `${l.code} === ${v}`).join(' || ') || 'false'} ? 1 : 0`);
      }
      case 'and':
      case 'or': {
        const a = this.tri(e.l);
        const b = this.tri(e.r);
        const dominant = e.k === 'and' ? 0 : 1;
        return this.triTmp(`${a} === ${dominant} || ${b} === ${dominant} ? ${dominant} : ${a} === 2 || ${b} === 2 ? 2 : ${1 - dominant}`);
      }
      case 'not': {
        const a = this.tri(e.e);
        return this.triTmp(`${a} === 1 ? 0 : ${a} === 0 ? 1 : 2`);
      }
      default:
        return notFast(`a ${e.k} as a condition`);
    }
  }

  /** Can this numeric expression be "no standard" (a table without an entry)? */
  private mayBeNoStandard(e: IExpr): boolean {
    if (e.k === 'lookup') return true;
    if (e.k === 'fact') {
      const d = this.derived(e.name);
      return d ? this.mayBeNoStandard(d) : false;
    }
    const kids: IExpr[] =
      e.k === 'arith' || e.k === 'cmp' || e.k === 'and' || e.k === 'or'
        ? [e.l, e.r]
        : e.k === 'neg' || e.k === 'not'
          ? [e.e]
          : e.k === 'if'
            ? [e.c, e.t, e.e]
            : e.k === 'min' || e.k === 'max'
              ? e.args
              : e.k === 'dot'
                ? e.entries.map((x) => x.value)
                : [];
    return kids.some((k) => this.mayBeNoStandard(k));
  }

  /**
   * The fast function of a benefit for this subject type, or a reason it has none. `name` is the function's
   * name, `T` the typed record's type.
   */
  compile(b: Benefit, plan: BenefitPlan, name: string, T: string, effective: string | undefined): FastBenefit | { none: string } {
    try {
      return this.compileBenefit(b, plan, name, T, effective);
    } catch (e) {
      if (e instanceof NotFast) return { none: e.message };
      throw e;
    }
  }

  private compileBenefit(b: Benefit, plan: BenefitPlan, name: string, T: string, effective: string | undefined): FastBenefit {
    if (b.amount && (b.amount.type.kind !== 'quantity' || !isMoney(b.amount.type.unit))) notFast('an amount that is not money');
    const id = lit(b.id);
    const body = this.out;
    // A decision that is the same for every subject (not eligible, a fixed code) is one frozen object of the module,
    // made once: the fast code allocates only for eligible decisions (and the array of them).
    const constants = new Map<string, string>();
    const readConstants = new Map<string, string>();
    const fixed = (status: 'ineligible' | 'undetermined', code: string): string => {
      const k = `${name}$${code}`;
      constants.set(k, `${id}, '${status}', '${code}'`);
      return k;
    };
    body.push('  let miss = false;', '  let code: ReasonCode | null = null;');
    if (b.conditions.length && b.conditions.length <= 30) body.push('  let fails = 0;');
    // With payments of the benefit on record the ledger steps read them through the runtime (compiler/ledger.ts's
    // step functions); without, they have nothing to find and the money steps are plain arithmetic on fen.
    // 合并计算: a read that counts other benefits' payments needs them, which the fast code's ledger guard does not look at.
    const countsOthers = (list: readonly Step[]): boolean =>
      list.some((s) => (s.k === 'if-known' ? countsOthers(s.steps) : 'read' in s && s.read.with !== undefined && s.read.with.length > 0));
    if (countsOthers(plan.steps)) notFast('合并计算');
    const ledgered = plan.steps.some((s) => s.k === 'if-known' || s.k === 'running-total' || s.k === 'annual-cap');
    // A money step whose read matches keys (累计 per 限一次 key): the runtime settles it when there are payments.
    const keyedMoney = plan.steps.some((s) => (s.k === 'running-total' || s.k === 'annual-cap') && s.read.match !== null && s.read.match.keys.length > 0);
    if (ledgered) {
      this.reads.p = true;
      body.push(`  const paid = p.anyPaid && p.paid.has(${id});`);
      body.push(`  let ps = ${lit(effective ?? '0000-01-01')};`, `  let pe = ${lit(this.model.header.end ?? '9999-12-31')};`);
    }
    let amount: Num | undefined;
    let money = false;
    // A ledger read of the money steps, made once per benefit and block: a running total and an annual cap over the
    // same window (企业认定奖励's 累计 and 每年累计不超过) sum the same payments. The read itself is a constant of the module.
    let block = 0;
    const sums = new Map<string, string>();
    const reads = new Map<string, string>();
    const readConst = (read: LedgerRead): string => {
      const code = readCode(read);
      let r = reads.get(code);
      if (r === undefined) {
        reads.set(code, (r = `${name}$read${reads.size}`));
        readConstants.set(r, code);
      }
      return r;
    };
    const paidSum = (read: LedgerRead, indent: string, at: number): string => {
      const k = `${at}|${readCode(read)}`;
      let v = sums.get(k);
      if (v === undefined) {
        const r = readConst(read);
        sums.set(k, (v = `paid${sums.size}`));
        this.reads.x = this.reads.p = true;
        body.push(`${indent}const ${v} = paid ? R.paidFen(${this.index}, ${r}, p, x, ps, pe) : 0;`);
      }
      return v;
    };
    const steps = (list: readonly Step[], indent: string): void => {
      const at = block++;
      for (const s of list) {
        switch (s.k) {
          case 'subject':
          case 'validity':
            // The subject's own benefits only; the policy's period is checked once per run (decideImpl).
            break;
          case 'period': {
            body.push(`${indent}// 期限`);
            let start: string;
            if (s.from) {
              const from = this.ordinal(s.from);
              if (from.kind !== 'date') notFast('period start');
              start = from.code;
              body.push(`${indent}if (${start} === undefined) miss = true;`, `${indent}else {`);
            } else {
              start = lit(effective ?? '0000-01-01');
              body.push(`${indent}{`);
            }
            body.push(`${indent}  let end = ${lit(s.until ?? '9999-12-31')};`);
            if (s.lengthMonths !== undefined) {
              // From the policy's start the end by length is known when the module is built.
              const byLength = s.from ? `Dates.periodEnd(${start}, ${s.lengthMonths})` : lit(periodEnd(effective ?? '0000-01-01', s.lengthMonths));
              body.push(`${indent}  const byLength = ${byLength};`, `${indent}  if (byLength < end) end = byLength;`);
            }
            if (ledgered) body.push(`${indent}  if (${start} > ps) ps = ${start};`, `${indent}  if (end < pe) pe = end;`);
            this.reads.x = true;
            // The days in force change: a sum read before them is not read again after.
            sums.clear();
            // Outside the period the benefit fails here (and returns before any ledger read); the period's dates are left
            // in R.PERIOD for \`evaluate\`'s reason (P4006 / P4026, as decision/steps.ts Decider.period words it).
            body.push(
              `${indent}  if (x.asOf < ${start} || x.asOf > end) {`,
              `${indent}    code = x.asOf < ${start} ? 'P4006' : 'P4026';`,
              `${indent}    R.PERIOD.start = ${start};`,
              `${indent}    R.PERIOD.end = end;`,
              `${indent}  }`,
              `${indent}}`,
            );
            break;
          }
          case 'condition': {
            if (s.soft) notFast(s.soft === 'open' ? '等情形' : '原则上');
            body.push(`${indent}// 条件 ${s.index + 1}`);
            const v = this.tri(s.expr);
            // Which conditions failed (a bit each, for `evaluate` to give the reasons without deciding again: R.FAILED).
            const bit = s.index < 30 ? ` fails |= ${2 ** s.index};` : '';
            body.push(`${indent}if (${v} === 0) { code ??= 'P4003';${bit} }`, `${indent}else if (${v} === 2) miss = true;`);
            break;
          }
          case 'fail-if-failed':
            // Only a period or a condition can fail a benefit before this step.
            if (b.period || b.conditions.length)
              body.push(
                `${indent}if (code !== null) {`,
                `${indent}  R.FAILED.bits = ${b.conditions.length > 30 ? -1 : b.conditions.length ? 'fails' : 0};`,
                `${indent}  return ${[...(b.conditions.length ? ['P4003'] : []), ...(b.period ? ['P4006', 'P4026'] : [])].reduceRight((rest, c, i, all) => (i === all.length - 1 ? fixed('ineligible', c) : `code === '${c}' ? ${fixed('ineligible', c)} : ${rest}`), '')};`,
                `${indent}}`,
              );
            break;
          case 'stop-if-division':
            // The fast forms never divide (a division makes the benefit take the exact path).
            break;
          case 'if-known':
            body.push(`${indent}if (!miss) {`);
            steps(s.steps, indent + '  ');
            body.push(`${indent}}`);
            break;
          case 'months-limit':
            notFast('最长享受');
          case 'times-limit':
            notFast('每年限次');
            break;
          case 'key-facts': {
            const test = s.facts.map((k) => {
              if (!this.fields.has(k)) notFast('key fact');
              return `${this.field(k)} === undefined`;
            });
            body.push(`${indent}if (${test.join(' || ')}) return ${fixed('undetermined', 'P4012')};`);
            break;
          }
          case 'quota':
            // 自行选择 reads the other alternatives' payments, which the fast code's ledger guard does not look at.
            if (s.rule === 'chosen') return notFast('自行选择');
            // 限一次：N年内 and 每年最多 / 最多 read keys the fast code's ledger view does not hold: the exact path decides them.
            if (s.rule === 'once-within' || s.rule === 'distinct' || s.rule === 'distinct-per-year') return notFast(s.rule);
            this.reads.x = this.reads.p = true;
            body.push(`${indent}if (paid) {`, `${indent}  const refused = R.quotaFast(${this.index}, ${lit(s.rule)}, ${keysCode(s.keys)}, ${readConst(s.read)}, p, x, ps, pe);`);
            body.push(`${indent}  if (refused !== null) return { benefit: ${id}, status: 'ineligible', fen: null, code: refused };`, `${indent}}`);
            break;
          case 'frequency':
            this.reads.x = this.reads.p = true;
            body.push(`${indent}if (paid) {`, `${indent}  const refused = R.frequencyFast(${this.index}, ${lit(s.code)}, ${keysCode(s.keys)}, ${readConst(s.read)}, p, x, ps, pe);`);
            body.push(`${indent}  if (refused !== null) return { benefit: ${id}, status: 'ineligible', fen: null, code: refused };`, `${indent}}`);
            break;
          case 'value': {
            if (s.of !== 'amount' && s.of !== 'outcome') notFast('a cap computed from the case');
            if (s.of === 'amount') {
              body.push(`${indent}// 金额`);
              amount = this.num(s.expr);
              if (amount.konst === undefined) {
                body.push(`${indent}if (${amount.code} === null) return ${fixed('ineligible', 'P4004')};`);
                body.push(`${indent}if (${amount.code} === undefined) miss = true;`);
              }
              break;
            }
            // An equivalence: only whether it can be given matters here (a table of constants by a level or enum fact).
            const e = s.expr;
            const constant = (v: IExpr) => v.k === 'enum' || v.k === 'text' || v.k === 'num' || v.k === 'bool' || v.k === 'level' || v.k === 'date';
            if (e.k === 'lookup' && e.entries.every((v) => constant(v.value))) {
              const f = this.fields.get(e.fact);
              if (!f || (f.k !== 'level' && f.k !== 'enum')) return notFast('an equivalence by a fact that is not a level or enum');
              const k = this.tmp(this.field(e.fact));
              const keys = e.entries.map((v) => this.keyOrdinal(f, v.key));
              body.push(`${indent}// 视同`, `${indent}if (${k} === undefined) miss = true;`);
              body.push(`${indent}else if (${keys.map((i) => `${k} !== ${i}`).join(' && ') || 'true'}) return ${fixed('ineligible', 'P4004')};`);
            } else if (!constant(e)) notFast('an equivalence that is not a constant');
            break;
          }
          case 'reviewed':
            // A reviewed amount (核定) may be pending review: the exact decision words it (P4051–P4053).
            return notFast('an amount set by review (核定)');
          case 'stop-if-missing':
            body.push(`${indent}if (miss) return ${fixed('undetermined', 'P4012')};`);
            break;
          case 'eligible':
            // 金额：未载明: the exact decision words it (P4135).
            if (s.unstated) return notFast('an amount the text does not state (金额：未载明)');
            break;
          case 'round': {
            if (!amount) return notFast('an amount by a parameter');
            const mode = { 'half-up': 0, down: 1, up: 2 }[s.mode];
            const v = amount.konst !== undefined ? amount.code : `${amount.code} as number`;
            const unit = Number(s.scale);
            const scale = Number(amount.scale);
            // Held at a scale that divides the rounding unit (and so 100): nothing to round, the fen are v × 100 / scale.
            // A constant amount is in fen when the module is built.
            // To a multiple of `step` yuan: v / (scale × step) rounded to the whole, times step × 100 fen.
            if (s.step) body.push(`${indent}let fen = R.mulF(R.roundFen(${v}, ${amount.scale * s.step}, 1, ${mode}), ${s.step});`);
            else if (unit % scale === 0 && 100 % scale === 0 && amount.konst !== undefined) body.push(`${indent}let fen = ${this.safeConst(amount.konst * (100n / amount.scale)).code};`);
            else if (unit % scale === 0 && 100 % scale === 0) body.push(`${indent}let fen = ${scale === 100 ? v : `R.mulF(${v}, ${100 / scale})`};`);
            else body.push(`${indent}let fen = R.roundFen(${v}, ${amount.scale}, ${unit}, ${mode});`);
            // A read with keys (累计 of a benefit paid once per key) is settled by the runtime; the others read the ledger below.
            if (ledgered && keyedMoney) this.reads.x = this.reads.p = true;
            if (ledgered && keyedMoney) body.push(`${indent}if (paid) return R.settleFen(${this.index}, p, x, fen, ps, pe);`);
            money = true;
            break;
          }
          case 'ceiling':
            if (s.fen === null) return notFast('a cap computed from the case');
            if (s.inPrinciple) return notFast('原则上最高 (a ceiling in principle, its cut noted P4120)');
            safeFen(s.fen);
            // The amount before a cut, for `evaluate`'s note (Runtime.CUT; quickDecision).
            body.push(`${indent}if (fen > ${s.fen}) { R.CUT.fen = fen; fen = ${s.fen}; } // 最高`);
            break;
          case 'running-total': {
            // 累计: the entitlement (capped by the year's cap for an annual total), less what the period's payments gave.
            const got = keyedMoney ? '' : paidSum(s.read, indent, at);
            body.push(`${indent}{ // 累计`, `${indent}  let due = fen;`);
            if (s.annualCap !== null) body.push(`${indent}  if (due > ${safeFen(s.annualCap)}) due = ${s.annualCap}; // 每年累计不超过`);
            // The entitlement, for `evaluate`'s decision when nothing is due of it (R.DUE: the running total's state, P4011).
            body.push(`${indent}  R.DUE.fen = due;`);
            if (keyedMoney) body.push(`${indent}  fen = due > 0 ? due : 0;`);
            else {
              body.push(`${indent}  const got = ${got};`);
              body.push(`${indent}  fen = due > got ? R.subF(due, got) : 0;`);
              body.push(`${indent}  if (fen === 0 && got > 0) return ${fixed('ineligible', 'P4019')};`);
            }
            body.push(`${indent}}`);
            break;
          }
          case 'annual-cap':
            if (s.fen === null) return notFast('a cap computed from the case');
            if (s.read.match?.keys.length) return notFast('a cap per key (每年累计不超过：…，项目编号)');
            if (s.pool) return notFast("the policy's shared cap");
            if (keyedMoney || !ledgered) {
              if (s.fen <= 0n) body.push(`${indent}return ${fixed('ineligible', 'P4005')};`);
              else body.push(`${indent}if (fen > ${safeFen(s.fen)}) fen = ${s.fen}; // 每年累计不超过`);
            } else {
              // 每年累计不超过: at most what this year's payments left of the cap.
              const used = paidSum(s.read, indent, at);
              body.push(`${indent}{ // 每年累计不超过`, `${indent}  const used = ${used};`);
              body.push(`${indent}  const left = ${safeFen(s.fen)} > used ? R.subF(${s.fen}, used) : 0;`);
              body.push(`${indent}  if (left === 0) return ${fixed('ineligible', 'P4005')};`);
              body.push(`${indent}  if (fen > left) fen = left;`, `${indent}}`);
            }
            break;
          case 'positive':
            body.push(`${indent}return fen > 0 ? { benefit: ${id}, status: 'eligible', fen, code: null } : ${fixed('ineligible', 'P4011')};`);
            break;
          case 'bands':
            // 分段累进: only notes for the reasons (P4093); the amount is the `value` step's.
            break;
          case 'bracket-quota':
          case 'bracket-sum':
            notFast('每档一次');
          case 'repeat-unstated':
            notFast('限一次：未载明');
          case 'treated-as':
            notFast('视同享受');
          case 'clawback':
            notFast('退还');
          case 'referral':
            notFast('转按');
          default:
            notFast(`the step ${(s as { k: string }).k}`);
        }
      }
    };
    steps(plan.steps, '  ');
    if (!money) body.push(`  return { benefit: ${id}, status: 'eligible', fen: null, code: null };`);
    if (!b.period && !b.conditions.length) body.splice(body.indexOf('  let code: ReasonCode | null = null;'), 1);
    // `evaluate` takes this decision as it is (no second decision, reasons from R.FAILED) when each of its steps is one
    // that adds no note and no state to an eligible decision: not a money step after rounding (最高, 累计, 每年累计不超过 …)
    // nor an equivalence value (视同), nor a step added later that this list does not know.
    // A ceiling (最高) notes only a cut: an amount below it is taken too.
    const noted = (list: readonly Step[]): boolean =>
      list.some((s) => (s.k === 'if-known' ? noted(s.steps) : s.k === 'value' ? s.of !== 'amount' : !PLAIN.has(s.k)));
    const ceilings = plan.steps.filter((s): s is Extract<Step, { k: 'ceiling' }> => s.k === 'ceiling');
    const designation = plan.steps.find((s): s is Extract<Step, { k: 'eligible' }> => s.k === 'eligible')?.designation;
    // Parameters the body does not read are named with a leading _ (noUnusedParameters).
    const tName = this.reads.t ? this.t : `_${this.t}`;
    const xName = this.reads.x ? 'x' : '_x';
    const pName = this.reads.p ? 'p' : '_p';
    const lines = [`function ${name}(${pName}: Runtime.PreparedSubject, ${tName}: ${T}, ${xName}: Run): Runtime.Compact {`, ...body, '}'];
    // compact(): the frozen decision { benefit, status, fen: null, code } (typescript.ts), one call a line instead of the object written out.
    for (const [k, v] of constants) lines.push(`const ${k} = compact(${v});`);
    for (const [k, v] of readConstants) lines.push(`const ${k}: Ledger.LedgerRead = ${v};`);
    const below = ceilings.length === 1 ? ceilings[0]!.fen : null;
    return { lines, params: [...this.params], plain: !noted(plan.steps) && ceilings.length === (below === null ? 0 : 1), below, designation, compact: constants.size > 0 };
  }
}

/** The steps that add no note and no state to an eligible decision (FastBenefit.plain); made once. */
const PLAIN = new Set<string>(['subject', 'validity', 'period', 'condition', 'fail-if-failed', 'stop-if-division', 'key-facts', 'quota', 'frequency', 'stop-if-missing', 'eligible', 'round', 'ceiling', 'positive']);

/** A fen amount the fast code can hold exactly in a JS number. */
function safeFen(fen: bigint): bigint {
  return fen > BigInt(Number.MAX_SAFE_INTEGER) ? notFast('an amount beyond the fast range') : fen;
}

/** A ledger read as code (a literal the runtime passes to compiler/ledger.ts readLedger). */
export function readCode(read: LedgerRead): string {
  const m = read.match ? `{ mode: ${lit(read.match.mode)}, keys: ${keysCode(read.match.keys)} }` : 'null';
  const extra = [
    read.months !== undefined ? `, months: ${read.months}` : '',
    read.from !== undefined ? `, from: ${lit(read.from)}` : '',
    read.to !== undefined ? `, to: ${lit(read.to)}` : '',
    read.with?.length ? `, with: [${read.with.map(lit).join(', ')}]` : '',
    read.others?.length ? `, others: [${read.others.map(lit).join(', ')}]` : '',
    read.alternatives?.length ? `, alternatives: [${read.alternatives.map(lit).join(', ')}]` : '',
  ].join('');
  return `{ agg: ${lit(read.agg)}, window: ${lit(read.window)}, match: ${m}${extra} }`;
}

export function keysCode(keys: readonly { fact: string; orAbove: boolean }[]): string {
  return `[${keys.map((k) => `{ fact: ${lit(k.fact)}, orAbove: ${k.orAbove} }`).join(', ')}]`;
}

/**
 * The generated module's `decideTyped` (compiler/emit/runtime/decide.ts `decideImpl` calls it): a prepared subject's
 * compact decisions by a switch on its subject type, each case calling that type's plan function, so each call site
 * sees one function and one shape of typed record (a call through `plan.decide` saw all of them in a mixed batch).
 */
export function dispatchLines(plans: ReadonlyMap<string, string>): string[] {
  return [
    '/** Every benefit of a prepared subject, compactly: its subject type\'s function, by a switch (one call site per type). */',
    'function decideTyped(p: Runtime.PreparedSubject, x: Run): Runtime.Compact[] {',
    '  switch (p.subject) {',
    ...[...plans].map(([s, f]) => `    case ${lit(s)}:\n      return ${f}(p, x);`),
    '  }',
    '  return p.plan.decide(p, x);',
    '}',
    '',
  ];
}
