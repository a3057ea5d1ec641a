// `按 X 分段累进 { … }` — marginal bands (超额累进, “60%（含）以下的增量部分按1%，60%以上的增量部分按1.2%”): each part
// of X that falls in a band is paid at that band's value, and the parts are summed. No IR node of its own: it is
// lowered to the sum of 较高者（较低者（X，上界）− 下界，0）× 值 over the bands, so every backend (reference, generated
// TypeScript, SQL) decides it with the arithmetic it already has, exactly.
//
// The bands are read in the order written. A band's lower end is the one it states (`超过 B`, `B以上`, `B1至B2`),
// else the previous band's upper end, else 0 (the first band of `B（含）以下：…`); its upper end is the one it states
// (`B以下`, `不超过 B`, `B1至B2`), else the next band's lower end, else none (the last band is open). Consecutive
// bands must meet: where both state the shared end it must be the same value (the same constant, or the same
// expression as written) — P2240; constant ends must rise — P2241. An end may be an expression of the case
// (`上年产值 × 60%（含）以下`); if the case makes an end lower than the one before it, that band is empty (each end is
// taken as at least the one before it), so the parts never overlap and their sum is the part of X above the first end.
// （含）/（不含） and the words' own inclusiveness are recorded as written but do not change the amount: a single value
// at a cut carries no part of its own.
import type * as A from '../../grammar/ast.ts';
import type { BandParts, IExpr, Type, Unit } from '../model.ts';
import { renderBracketKey, renderExpr } from '../render.ts';
import { cmp as ratCmp, rat } from '../rational.ts';
import { mulUnits, sameUnit, unitText } from '../units.ts';
import { cmpOpOf, sameType, UNKNOWN, unitArgs, word, type CheckContext, type Scope } from './context.ts';
import { boundSource, bracketKey, expr, markAgrees, twiceDisagrees } from './expressions.ts';

const EXAMPLE = '按 增量 分段累进 { 上年产值 × 60%（含）以下：1%，上年产值 × 60% 以上：1.2% }';

const bad = (range: A.Range): IExpr => ({ k: 'bool', value: false, type: UNKNOWN, range });

/** A band's end: its IR value and the text it was written as (to compare ends written as expressions). */
interface End {
  v: IExpr;
  text: string;
  range: A.Range;
}

interface Band {
  lo?: End;
  hi?: End;
  value: IExpr;
  entry: A.BracketEntry;
}

export function progressive(c: CheckContext, e: A.BracketsExpr, scope: Scope): IExpr {
  const range = e.range;
  const key = bracketKey(c, e, scope);
  if (!key) return bad(range);
  const { x, unit } = key;
  const end = (b: A.BracketBound | undefined, other?: A.BracketBound): End | undefined | null => {
    if (!b) return undefined;
    // A bare low end of a range takes the high end's unit: 1000至5000万元.
    const v = expr(c, boundSource(b, other), scope, x.type);
    if (v.type.kind === 'unknown') return null;
    if (v.type.kind !== 'quantity') {
      c.report('P2010', b.value.range, { ...c.typeArgs('expected', x.type), ...c.typeArgs('found', v.type) });
      return null;
    }
    if (!sameUnit(v.type.unit, unit)) {
      c.report('P2009', b.value.range, { ...unitArgs('left', unit), ...unitArgs('right', v.type.unit), ...word('op', 'word.compare') });
      return null;
    }
    return { v, text: c.slice(b.value.range).replace(/\s+/g, ''), range: b.value.range };
  };
  const bands: Band[] = [];
  let valueType: (Type & { kind: 'quantity' }) | undefined;
  let broken = false;
  for (const en of e.entries) {
    const value = expr(c, en.value, scope);
    if (en.bare || en.op === 'Is' || en.op === 'IsNot' || en.op === 'Equals' || en.op === 'NotEq') {
      c.report('P2073', en.keyRange, { bound: c.slice((en.low ?? en.high)!.value.range) });
      broken = true;
      continue;
    }
    if (twiceDisagrees(c, en)) {
      broken = true;
      continue;
    }
    // A mark after a prefix word follows the one rule (超过 B（含）; 满 B（不含） is P2242), though it changes no amount here.
    if (!markAgrees(c, en)) {
      broken = true;
      continue;
    }
    // 12%以上18%以下: a lower word first, an upper word second (P2210), as for 分档.
    if (en.op2 && (!['ge', 'gt'].includes(cmpOpOf(en.op ?? '')) || !['le', 'lt'].includes(cmpOpOf(en.op2)))) {
      c.report('P2210', en.keyRange, { key: c.slice(en.keyRange).trim() });
      broken = true;
      continue;
    }
    const isRange = !en.op && en.low && en.high;
    const lo = end(en.low, isRange ? en.high : undefined);
    const hi = end(en.high);
    if (lo === null || hi === null || value.type.kind === 'unknown') {
      broken = true;
      continue;
    }
    if (value.type.kind !== 'quantity') {
      c.report('P2010', en.value.range, { ...word('expected', 'word.rate'), ...c.typeArgs('found', value.type) });
      broken = true;
      continue;
    }
    if (valueType && !sameType(valueType, value.type)) {
      c.report('P2010', en.value.range, { ...c.typeArgs('expected', valueType), ...c.typeArgs('found', value.type) });
      broken = true;
      continue;
    }
    valueType = value.type;
    bands.push({ ...(lo && { lo }), ...(hi && { hi }), value, entry: en });
  }
  if (broken || !valueType || bands.length === 0) return bad(range);
  // Consecutive bands meet: the shared end, where both state it, is the same; constant ends rise.
  const constant = (x: End | undefined) => (x?.v.k === 'num' ? x.v.value : undefined);
  for (let i = 1; i < bands.length; i++) {
    const prev = bands[i - 1]!;
    const cur = bands[i]!;
    const a = c.slice(prev.entry.keyRange).trim();
    const b = c.slice(cur.entry.keyRange).trim();
    if (!prev.hi && !cur.lo) {
      // `B以上：…，C以下：…`: the first is open above, the second has no start.
      c.report('P2240', cur.entry.keyRange, { a, b, end: '（未写上界）', endEn: '(no upper end)', start: '（未写下界）', startEn: '(no lower end)', example: EXAMPLE });
      broken = true;
      continue;
    }
    if (prev.hi && cur.lo) {
      const p = constant(prev.hi);
      const q = constant(cur.lo);
      const same = p && q ? ratCmp(p, q) === 0 : prev.hi.text === cur.lo.text;
      if (!same) {
        c.report('P2240', cur.entry.keyRange, { a, b, end: prev.hi.text, endEn: prev.hi.text, start: cur.lo.text, startEn: cur.lo.text, example: EXAMPLE });
        broken = true;
        continue;
      }
    }
  }
  if (broken) return bad(range);
  // Every cut in order (the first band's low end, then each band's upper end); constant ones must rise.
  const zero = (r: A.Range): IExpr => ({ k: 'num', value: rat(0n), type: { kind: 'quantity', unit }, range: r });
  const cuts: End[] = [bands[0]!.lo ?? { v: zero(bands[0]!.entry.keyRange), text: '0', range: bands[0]!.entry.keyRange }];
  bands.forEach((band, i) => {
    const upper = band.hi ?? bands[i + 1]?.lo;
    if (upper) cuts.push(upper);
  });
  for (let i = 1; i < cuts.length; i++) {
    const p = constant(cuts[i - 1]);
    const q = constant(cuts[i]);
    if (p && q && ratCmp(q, p) <= 0) {
      c.report('P2241', cuts[i]!.range, { by: e.by.text, end: cuts[i]!.text, before: cuts[i - 1]!.text });
      broken = true;
    }
  }
  if (broken) return bad(range);
  return lowerBands(x, unit, bands, cuts, valueType, range);
}

/** The bands of each lowered progressive table, by its IR (compiler/check/lower.ts keeps them for a 金额 that is one). */
export const BANDS = new WeakMap<IExpr, BandParts>();

const unitLabel = (u: Unit): { zh: string; en: string } | null => (Object.values(u).every((p) => p === 0) ? null : { zh: unitText(u, 'zh'), en: unitText(u, 'en') });

/** A band in English by its ends, as the bands are read (a missing end is the neighbour's): up to B, from A to B, above A. */
function bandEn(bands: Band[], i: number): string {
  const en = bands[i]!.entry;
  const lo = en.low?.value ?? bands[i - 1]?.entry.high?.value;
  const hi = en.high?.value ?? bands[i + 1]?.entry.low?.value;
  const r = (e: A.Expr) => renderExpr(e, 'en');
  return lo && hi ? `from ${r(lo)} to ${r(hi)}` : hi ? `up to ${r(hi)}` : lo ? `above ${r(lo)}` : '';
}

/** Σ 较高者（较低者（X，k[i+1]）− k[i]，0）× value[i], each cut k taken as at least the one before it. */
function lowerBands(x: IExpr, unit: Unit, bands: Band[], cuts: End[], valueType: Type & { kind: 'quantity' }, range: A.Range): IExpr {
  const q: Type = { kind: 'quantity', unit };
  const out: Type = { kind: 'quantity', unit: mulUnits(unit, valueType.unit) };
  // k[i] = max(cut[i], k[i-1]); constants already rise, so only a cut written as an expression is wrapped.
  const k: IExpr[] = [];
  cuts.forEach((cut, i) => {
    const prev = k[i - 1];
    k.push(!prev || (cut.v.k === 'num' && prev.k === 'num') ? cut.v : { k: 'max', args: [cut.v, prev], type: q, range: cut.range });
  });
  let sum: IExpr | undefined;
  const parts: BandParts['parts'] = [];
  bands.forEach((band, i) => {
    const r = band.entry.range;
    const lo = k[i]!;
    const hi = k[i + 1];
    const top: IExpr = hi ? { k: 'min', args: [x, hi], type: q, range: r } : x;
    const zero: IExpr = { k: 'num', value: rat(0n), type: q, range: r };
    const above: IExpr = lo.k === 'num' && lo.value.n === 0n ? top : { k: 'arith', op: '-', l: top, r: lo, type: q, range: r };
    const part: IExpr = { k: 'max', args: [above, zero], type: q, range: r };
    const paid: IExpr = { k: 'arith', op: '*', l: part, r: band.value, type: out, range: r };
    sum = sum ? { k: 'arith', op: '+', l: sum, r: paid, type: out, range } : paid;
    parts.push({ label: { zh: renderBracketKey(band.entry, 'zh'), en: bandEn(bands, i) }, part, value: band.value });
  });
  if (x.k === 'fact' || x.k === 'param') {
    const plain = Object.values(valueType.unit).every((p) => p === 0);
    BANDS.set(sum!, { by: x.k === 'fact' ? { fact: x.name } : { param: x.name }, parts, partUnit: unitLabel(unit), valueUnit: plain ? '%' : unitLabel(valueType.unit) });
  }
  return sum!;
}
