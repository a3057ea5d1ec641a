// Unit algebra: 元 + 人次 is an error; 元/人 × 人 is 元. The units themselves are
// declared here (the grammar only knows how they are spelt); the checker enters
// each as a symbol of kind `unit` in the one symbol table.
import type { UnitRef } from '../grammar/ast.ts';
import type { Unit } from './model.ts';
import { parseDecimal, div, mul, ONE, type Rat } from './rational.ts';

export const DIMENSIONLESS: Unit = {};

export interface UnitDecl {
  /** The base dimension it measures. */
  readonly dim: string;
  /** How many base units one of it is, as an exact decimal (a declared multiple's as a rational). */
  readonly scale: string | Rat;
}

const scaleOf = (d: UnitDecl): Rat => (typeof d.scale === 'string' ? parseDecimal(d.scale)! : d.scale);

/** The built-in units by keyword id: base dimension and exact scale. */
export const BUILTIN_UNITS: Readonly<Record<string, UnitDecl>> = {
  Yuan: { dim: 'yuan', scale: '1' },
  Fen: { dim: 'yuan', scale: '0.01' },
  WanYuan: { dim: 'yuan', scale: '10000' },
  YiYuan: { dim: 'yuan', scale: '100000000' },
  PersonTimes: { dim: 'person-times', scale: '1' },
  Person: { dim: 'person', scale: '1' },
  Times: { dim: 'times', scale: '1' },
  Months: { dim: 'month', scale: '1' },
  Years: { dim: 'month', scale: '12' },
  Days: { dim: 'day', scale: '1' },
  HalfYear: { dim: 'month', scale: '6' },
  Rank: { dim: 'rank', scale: '1' },
  Age: { dim: 'age', scale: '1' },
};

/** The exact scale of a unit keyword (1 for an unknown one). */
export const unitScale = (id: string): Rat => (BUILTIN_UNITS[id] ? scaleOf(BUILTIN_UNITS[id]!) : ONE);

/**
 * The dimension of a unit a policy declares (`计量单位 天 “天” / “days”；`): its own, named by the unit and its
 * English label, so unitText shows either without a table (`decl:天|days`).
 */
export const declaredDim = (name: string, en?: string): string => `decl:${name}|${en ?? name}`;

/** How the declared units of a policy are found (by name); none for a unit keyword. */
export type DeclaredUnits = (name: string) => UnitDecl | undefined;

export function unitOf(ref: UnitRef, declared?: DeclaredUnits): { unit: Unit; scale: Rat } {
  const part = (id: string, isDeclared: boolean | undefined) => (isDeclared ? declared?.(id) : BUILTIN_UNITS[id]);
  const num = part(ref.num, !!ref.declared?.num);
  const den = ref.den ? part(ref.den, !!ref.declared?.den) : undefined;
  let unit: Unit = num ? { [num.dim]: 1 } : {};
  let scale = num ? scaleOf(num) : ONE;
  if (den) {
    unit = divUnits(unit, { [den.dim]: 1 });
    scale = div(scale, scaleOf(den));
  }
  return { unit, scale };
}

function combine(a: Unit, b: Unit, sign: 1 | -1): Unit {
  const out: Record<string, number> = { ...a };
  for (const [dim, p] of Object.entries(b)) {
    const v = (out[dim] ?? 0) + sign * p;
    if (v === 0) delete out[dim];
    else out[dim] = v;
  }
  return out;
}

export const mulUnits = (a: Unit, b: Unit): Unit => combine(a, b, 1);
export const divUnits = (a: Unit, b: Unit): Unit => combine(a, b, -1);

export function sameUnit(a: Unit, b: Unit): boolean {
  // for…in over plain objects, not Object.keys(): no arrays (asked for every typed operand of a large policy).
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

export const MONEY: Unit = { yuan: 1 };
export const isMoney = (u: Unit): boolean => sameUnit(u, MONEY);
export const isCountUnit = (u: Unit): boolean => {
  const dims = Object.keys(u);
  return dims.length === 1 && u[dims[0]!] === 1 && ['person', 'person-times', 'times', 'rank'].includes(dims[0]!);
};

const DIM_TEXT: Record<string, { zh: string; en: string }> = {
  yuan: { zh: '元', en: 'yuan' },
  person: { zh: '人', en: 'persons' },
  'person-times': { zh: '人次', en: 'person-times' },
  times: { zh: '次', en: 'times' },
  month: { zh: '月', en: 'months' },
  day: { zh: '日', en: 'days' },
  rank: { zh: '名', en: 'places' },
  age: { zh: '岁', en: 'years of age' },
};

/** A declared unit's dimension in words: its name in Chinese, its English label in English. */
function declaredText(dim: string, lang: 'zh' | 'en'): string {
  if (!dim.startsWith('decl:')) return dim;
  const [zh, en] = dim.slice(5).split('|');
  return lang === 'zh' ? zh! : (en ?? zh!);
}

/** 名: a place in a ranking, counted from 1. */
export const isRankUnit = (u: Unit): boolean => sameUnit(u, { rank: 1 });

export function unitText(u: Unit, lang: 'zh' | 'en'): string {
  const num = Object.entries(u).filter(([, p]) => p > 0);
  const den = Object.entries(u).filter(([, p]) => p < 0);
  const part = (list: [string, number][]) =>
    list.map(([d, p]) => (DIM_TEXT[d]?.[lang] ?? declaredText(d, lang)) + (Math.abs(p) > 1 ? `^${Math.abs(p)}` : '')).join('·');
  if (num.length === 0 && den.length === 0) return lang === 'zh' ? '无单位数' : 'a plain number';
  return (num.length ? part(num) : '1') + (den.length ? '/' + part(den) : '');
}

export const scaleValue = (value: Rat, scale: Rat): Rat => mul(value, scale);

/** A rounding step in yuan as the policy writes it (舍入：100元 / 1万元): zh `100元`, en `100 yuan`. */
export const roundingStepText = (step: bigint, lang: 'zh' | 'en' = 'zh'): string =>
  lang === 'en' ? `${step} yuan` : step % 10000n === 0n ? `${step / 10000n}万元` : `${step}元`;
