// Canonical forms of IR expressions, so two policies are compared by meaning
// rather than by text: ranges, spelling and order of commutative operands do
// not count; a constant on the left of a comparison is moved to the right;
// `非(x 满 50)` is `x 不满 50`; `x 为 是` is `x`; arithmetic that is linear in
// its facts is compared as a sum of terms with exact coefficients, so
// `3万元 + (x − 50) × 500` equals `500 × x + 5000`.
// Nothing here does IO (the workbench imports compiler/diff in a browser).
import type { CmpOp, IExpr, Type } from '../model.ts';
import * as R from '../rational.ts';

const FLIP: Record<CmpOp, CmpOp> = { ge: 'le', gt: 'lt', le: 'ge', lt: 'gt', eq: 'eq', ne: 'ne' };
const NEGATE: Record<CmpOp, CmpOp> = { ge: 'lt', gt: 'le', le: 'gt', lt: 'ge', eq: 'ne', ne: 'eq' };

const isConst = (e: IExpr): boolean => e.k === 'num' || e.k === 'bool' || e.k === 'date' || e.k === 'text' || e.k === 'level' || e.k === 'enum';

function unitKey(t: Type): string {
  if (t.kind !== 'quantity') return '';
  return Object.keys(t.unit)
    .sort()
    .map((k) => `${k}^${t.unit[k]}`)
    .join('.');
}

const ratKey = (r: R.Rat): string => `${r.n}/${r.d}`;

/** A linear form Σ coefficient × atom + constant, or undefined when the expression is not linear. */
export type Linear = Map<string, R.Rat>;
const CONST = '#';

function addInto(out: Linear, k: string, v: R.Rat) {
  const s = R.add(out.get(k) ?? R.ZERO, v);
  if (s.n === 0n) out.delete(k);
  else out.set(k, s);
}

function scale(l: Linear, c: R.Rat): Linear {
  const out: Linear = new Map();
  if (c.n === 0n) return out;
  for (const [k, v] of l) out.set(k, R.mul(v, c));
  return out;
}

const constOf = (l: Linear): R.Rat | undefined => {
  if (l.size === 0) return R.ZERO;
  return l.size === 1 && l.has(CONST) ? l.get(CONST) : undefined;
};

export function linear(e: IExpr): Linear | undefined {
  switch (e.k) {
    case 'num':
      return e.value.n === 0n ? new Map() : new Map([[CONST, e.value]]);
    case 'neg': {
      const x = linear(e.e);
      return x && scale(x, R.fromInt(-1));
    }
    case 'arith': {
      const l = linear(e.l);
      const r = linear(e.r);
      if (!l || !r) return undefined;
      if (e.op === '+' || e.op === '-') {
        const out: Linear = new Map(l);
        for (const [k, v] of r) addInto(out, k, e.op === '+' ? v : R.neg(v));
        return out;
      }
      if (e.op === '*') {
        const cl = constOf(l);
        const cr = constOf(r);
        if (cl) return scale(r, cl);
        if (cr) return scale(l, cr);
        return undefined;
      }
      const cr = constOf(r);
      return cr && cr.n !== 0n ? scale(l, R.div(R.ONE, cr)) : undefined;
    }
    case 'fact':
    case 'param':
    case 'lookup':
    case 'dot':
      return new Map([[canon(e), R.ONE]]);
    default:
      return undefined;
  }
}

const linearKey = (l: Linear): string =>
  'lin(' +
  [...l]
    .map(([k, v]) => `${k}*${ratKey(v)}`)
    .sort()
    .join(' + ') +
  ')';

/** Flattens nested and/or into their operands. */
export function conjuncts(e: IExpr, op: 'and' | 'or' = 'and'): IExpr[] {
  return e.k === op ? [...conjuncts(e.l, op), ...conjuncts(e.r, op)] : [e];
}

/** A comparison with the fact on the left, negations pushed in, bool tests as facts. */
export function normalise(e: IExpr): IExpr {
  switch (e.k) {
    case 'not': {
      const x = normalise(e.e);
      if (x.k === 'cmp') return { ...x, op: NEGATE[x.op] };
      if (x.k === 'not') return x.e;
      if (x.k === 'bool') return { ...x, value: !x.value };
      return { ...e, e: x };
    }
    case 'cmp': {
      let l = normalise(e.l);
      let r = normalise(e.r);
      let op = e.op;
      if (isConst(l) && !isConst(r)) [l, r, op] = [r, l, FLIP[op]];
      // x 为 是 → x; x 为 否 → 非 x
      if (r.k === 'bool' && l.type.kind === 'bool' && (op === 'eq' || op === 'ne')) {
        const positive = (op === 'eq') === r.value;
        return positive ? l : { k: 'not', e: l, type: e.type, range: e.range };
      }
      return { ...e, l, r, op };
    }
    case 'in': {
      const l = normalise(e.l);
      if (e.values.length === 1) return { k: 'cmp', op: 'eq', l, r: e.values[0]!, type: e.type, range: e.range };
      return { ...e, l };
    }
    case 'and':
    case 'or':
      return { ...e, l: normalise(e.l), r: normalise(e.r) };
    case 'arith':
      return { ...e, l: normalise(e.l), r: normalise(e.r) };
    case 'neg':
      return { ...e, e: normalise(e.e) };
    default:
      return e;
  }
}

/** The canonical text of an expression: equal strings mean equal meaning. */
export function canon(e0: IExpr): string {
  const e = normalise(e0);
  switch (e.k) {
    case 'num':
      return `${ratKey(e.value)}[${unitKey(e.type)}]`;
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'date':
      return `d:${e.iso}`;
    case 'text':
      return `t:${JSON.stringify(e.label.zh)}`;
    case 'fact':
      return `f:${e.name}`;
    case 'param':
      return `p:${e.name}`;
    case 'level':
      return `lv:${e.of}:${e.rank}`;
    case 'enum':
      return `en:${e.of}:${e.name}`;
    case 'arith':
    case 'neg': {
      const lin = linear(e);
      if (lin) return linearKey(lin);
      if (e.k === 'neg') return `neg(${canon(e.e)})`;
      if (e.op === '+' || e.op === '*') {
        const parts = flattenArith(e, e.op).map(canon).sort();
        return `${e.op}(${parts.join(',')})`;
      }
      return `${e.op}(${canon(e.l)},${canon(e.r)})`;
    }
    case 'cmp': {
      const l = linear(e.l);
      const r = linear(e.r);
      // x − 50 ≥ 0 and x ≥ 50 are one condition: move every term to the left.
      if (l && r && (e.l.type.kind === 'quantity' || e.l.type.kind === 'unknown')) {
        const diff: Linear = new Map(l);
        for (const [k, v] of r) addInto(diff, k, R.neg(v));
        const c = diff.get(CONST) ?? R.ZERO;
        diff.delete(CONST);
        return `cmp:${e.op}(${linearKey(diff)},${ratKey(R.neg(c))})`;
      }
      if (e.op === 'eq' || e.op === 'ne') return `cmp:${e.op}(${[canon(e.l), canon(e.r)].sort().join(',')})`;
      return `cmp:${e.op}(${canon(e.l)},${canon(e.r)})`;
    }
    case 'in':
      return `in(${canon(e.l)};${[...new Set(e.values.map(canon))].sort().join(',')})`;
    case 'and':
    case 'or':
      return `${e.k}(${[...new Set(conjuncts(e, e.k).map(canon))].sort().join(',')})`;
    case 'not':
      return `not(${canon(e.e)})`;
    case 'lookup':
    case 'dot':
      return `${e.k}:${e.member ? 'm:' : ''}${e.fact}{${e.entries
        .map((x) => `${x.key}=${canon(x.value)}`)
        .sort()
        .join(',')}}`;
    case 'if':
      return `if(${canon(e.c)};${canon(e.t)};${canon(e.e)})`;
    case 'nostd':
      return `nostd(${canon(e.x)})`;
    case 'min':
    case 'max':
      // The order of the values does not matter, nor does one written twice.
      return `${e.k}(${[...new Set(e.args.map(canon))].sort().join(',')})`;
    case 'elapsed':
      return `${e.k}${e.unit === 'day' ? ':day' : ''}(${canon(e.from)}${e.to ? `;${canon(e.to)}` : ''})`;
    case 'year':
      return `year(${canon(e.of)})`;
    case 'whole':
      return `whole-${e.mode}(${canon(e.e)})`;
    case 'age':
      return `${e.k}(${canon(e.from)}${e.at ? `;${canon(e.at)}` : ''})`;
    case 'asOf':
      return 'asOf';
    case 'sum':
      return `sum:${e.list}(${canon(e.value)}${e.cond ? `;${canon(e.cond)}` : ''})`;
    case 'member':
      return `m:${e.list}.${e.name}`;
    case 'paramAt':
      return `pa:${e.name}(${e.keys.map(canon).join(',')})`;
  }
}

function flattenArith(e: IExpr, op: '+' | '*'): IExpr[] {
  return e.k === 'arith' && e.op === op ? [...flattenArith(e.l, op), ...flattenArith(e.r, op)] : [e];
}

/** The canonical set of a benefit's conditions: the list is a conjunction, so order and nesting do not count. */
export function conditionKeys(exprs: IExpr[]): string[] {
  return [...new Set(exprs.flatMap((e) => conjuncts(normalise(e))).map(canon))].sort();
}

/** A comparison of one fact against a constant: the parts a threshold change is described with. */
export interface Bound {
  fact: string;
  op: CmpOp;
  value: IExpr;
}

export function boundOf(e0: IExpr): Bound | undefined {
  const e = normalise(e0);
  if (e.k !== 'cmp' || e.l.k !== 'fact' || !isConst(e.r)) return undefined;
  return { fact: e.l.name, op: e.op, value: e.r };
}

/** Constants of an expression in a fixed walk order (for “the same formula with other numbers”). */
export function shapeOf(e: IExpr): { shape: string; leaves: IExpr[] } {
  const leaves: IExpr[] = [];
  const walk = (x: IExpr): string => {
    switch (x.k) {
      case 'num':
        leaves.push(x);
        return `#[${unitKey(x.type)}]`;
      case 'arith':
        return `${x.op}(${walk(x.l)},${walk(x.r)})`;
      case 'neg':
        return `neg(${walk(x.e)})`;
      default:
        return canon(x);
    }
  };
  return { shape: walk(e), leaves };
}
