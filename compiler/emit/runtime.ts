// The runtime inlined into every generated evaluator (see typescript.ts). It
// is a faithful port of the reference evaluator (compiler/evaluate.ts) and of
// the input validation (compiler/facts.ts), parameterised by the tables the
// emitter writes for one policy. Everything above the "runtime begins" marker
// is dropped when the file is inlined: the `declare const` tables below are
// defined by the generated module itself.
//
// Rules for this file: no imports after the marker (above it, types only), no Node or DOM APIs (it must run unchanged
// in a browser bundle), no JS number ever holds an amount of money, and it
// must type-check under `tsc --strict` on its own.

// The code unions are generated from compiler/messages.ts: the emitter writes
// them into the module (typescript.ts, tablesSection); here they come from the table.
import type { InputErrorCode, ReasonCode } from '../messages.ts';
export type { InputErrorCode, ReasonCode };
import { keyFacts, ledgerRefusal, settle, MONEY_NOTES, type CapState, type KeyFact, type LedgerQuery, type LedgerRules, type Note, type RunningState } from '../ledger.ts';

declare const MESSAGES: Readonly<Record<MessageCode, Text>>;
declare const POLICY_PERIOD: { readonly effective: string | null; readonly end: string | null };
declare const SUBJECTS: ReadonlyMap<string, ReadonlyMap<string, FactType>>;
declare const DERIVED: ReadonlyMap<string, ReadonlyMap<string, (x: Ctx) => Res>>;
declare const LEVELS: ReadonlyMap<string, LevelSpec>;
declare const ENUMS: ReadonlyMap<string, EnumSpec>;
declare const BENEFIT_IDS: ReadonlySet<string>;
declare const PARAMS: ReadonlyMap<string, QuantitySpec>;
declare const BENEFIT_KEYS: ReadonlyMap<string, ReadonlyMap<string, FactType>>;
declare const FACT_DISPLAY: ReadonlyMap<string, FactDisplay>;
declare const ENUM_VALUE_LABELS: ReadonlyMap<string, Text>;
declare const INTERACTIONS: readonly Interaction[];
declare const YES: Text;
declare const NO: Text;

// ---- runtime begins ----

// ==== Runtime: exact rationals, dates, validation, decisions ====
// Ported from compiler/rational.ts, dates.ts, facts.ts and evaluate.ts; the
// differential tests in test/emit keep them equal, field by field.

export type Lang = 'zh' | 'en';
export type Status = 'eligible' | 'ineligible' | 'undetermined';
export type Payment = 'once' | 'annual' | 'monthly' | 'per-occasion';
/** An ISO calendar date, `yyyy-mm-dd` (input may also be written `2025年3月1日`). */
export type IsoDate = string;
/** An amount of yuan as an exact decimal string with at most two decimals, e.g. "1500.00". Never a JS number. */
export type Yuan = string;
/** A quantity that is not money: a JS integer, or an exact decimal string such as "1.5". */
export type Quantity = number | string;
/** Counts for some levels of an ordered level type, e.g. { 高级工: 10, 技师: 2 }. */
export type PerLevel<L extends string, Q> = { [K in L]?: Q };

type MessageCode = ReasonCode | InputErrorCode;

export interface Reason {
  code: ReasonCode;
  message: string;
  args: Record<string, string>;
}

export interface BenefitDecision<B extends string = string> {
  id: B;
  clause: string | null;
  title: string;
  status: Status;
  /** Exact yuan as a decimal string, "16000.00"; null when not eligible or set by other rules. */
  amount: Yuan | null;
  /** The ceiling (最高, per payment) that cut the amount, if it did. */
  ceiling: Yuan | null;
  fund: string | null;
  payment: Payment | null;
  /** A designation or equivalence, for non-monetary benefits. */
  outcome: string | null;
  reasons: Reason[];
  /** Facts whose absence leaves the benefit undetermined. */
  missing: string[];
  /** The explanation, only when `trace: true` was asked for. */
  trace?: string[];
  /** For a benefit with an annual cap (每年累计不超过): the cap, what was received before, this payment, what remains after it. */
  annualCap?: CapState;
  /** For a running total (累计): the period, what the totals give, what was received before, this payment. */
  runningTotal?: RunningState;
}

export interface Decision<S extends string = string, B extends string = string> {
  subject: S;
  asOf: IsoDate;
  benefits: BenefitDecision<B>[];
  /** Sum of the eligible amounts. */
  total: Yuan;
}

export interface InputError {
  code: InputErrorCode;
  /** JSON path of the bad field, e.g. `直接培养人数.技师` or `ledger[2].amount`. */
  field: string;
  message: string;
  args: Record<string, string>;
}

export type Validation<T> = { ok: true; facts: T } | { ok: false; errors: InputError[] };
export type LedgerValidation<E> = { ok: true; ledger: E[] } | { ok: false; errors: InputError[] };

/** Thrown by `evaluate` when facts, ledger, parameters or the date are invalid; `errors` lists every problem. */
export class PolicyInputError extends Error {
  readonly errors: InputError[];
  constructor(errors: InputError[]) {
    super(errors.map((e) => `${e.code} ${e.message}`).join('; '));
    this.name = 'PolicyInputError';
    this.errors = errors;
  }
}

interface Text {
  readonly zh: string;
  readonly en: string;
}

interface Expected {
  readonly expected: string;
  readonly expectedZh: string;
}

interface QuantitySpec {
  readonly money: boolean;
  readonly count: boolean;
  readonly rank: boolean;
  readonly expected: Expected;
}

type FactType =
  | { readonly k: 'bool'; readonly expected: Expected }
  | { readonly k: 'date' }
  | { readonly k: 'quantity'; readonly q: QuantitySpec }
  | { readonly k: 'level'; readonly of: string }
  | { readonly k: 'enum'; readonly of: string }
  | { readonly k: 'perLevel'; readonly of: string; readonly q: QuantitySpec; readonly expected: Expected }
  | { readonly k: 'text'; readonly expected: Expected }
  /** Computed from other facts (裁员率 = A ÷ B); supplying it is an error. */
  | { readonly k: 'derived' }
  | { readonly k: 'unknown' };

interface LevelSpec {
  /** Names and aliases → canonical level; the first declaration of a spelling wins. */
  readonly byName: ReadonlyMap<string, { readonly name: string; readonly rank: number; readonly label?: Text }>;
  readonly allowed: string;
}

interface EnumSpec {
  /** Value name → its label (the name when it has none). */
  readonly values: ReadonlyMap<string, Text>;
  readonly allowed: string;
}

/** How a fact's value is shown in a reason: enum labels, or the unit of a quantity. */
interface FactDisplay {
  /** The fact's label (English output names a fact by it). */
  readonly label?: Text;
  readonly enumLabels?: ReadonlyMap<string, Text>;
  readonly unit?: Text;
}

interface Interaction {
  readonly mode: 'higher-of' | 'exclusive' | 'priority';
  readonly members: readonly string[];
}

/** The static description of one benefit, next to its function in the generated module. */
interface BenefitInfo {
  readonly id: string;
  readonly clause: string | null;
  readonly title: Text;
  readonly subjects: readonly string[];
  readonly fund: Text | null;
  readonly payment: Payment | null;
  readonly period: { readonly until: string | null; readonly months: number | null } | null;
  /** Each condition's text in both languages and the facts its reason shows. */
  readonly conditions: readonly { readonly text: Text; readonly facts: readonly string[] }[];
  readonly rounding: { readonly scale: bigint; readonly mode: RoundingMode };
  /** 最高, in fen. */
  readonly ceiling: bigint | null;
  /** 每年累计不超过, in fen. */
  readonly annualCap: bigint | null;
  readonly designation: Text | null;
  /** 限一次: once for the same values of these facts (`orAbove`: a lower level after a higher one counts too). */
  readonly oncePer: readonly KeyFact[] | null;
  /** 每年限一次: once a calendar year for the same values of these facts. */
  readonly oncePerYear: readonly KeyFact[] | null;
  /** 累计: the amount is computed from running totals over the payment period. */
  readonly runningTotal: boolean;
}

// ---- exact rationals (bigint) ----

interface Rat {
  readonly n: bigint;
  readonly d: bigint;
}

type RoundingMode = 'half-up' | 'down' | 'up';

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

function rat(n: bigint, d: bigint = 1n): Rat {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

function parseDecimal(s: string): Rat | undefined {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const n = BigInt((m[2] ?? '') + frac) * (m[1] ? -1n : 1n);
  return rat(n, 10n ** BigInt(frac.length));
}

const ratAdd = (a: Rat, b: Rat): Rat => rat(a.n * b.d + b.n * a.d, a.d * b.d);
const ratSub = (a: Rat, b: Rat): Rat => rat(a.n * b.d - b.n * a.d, a.d * b.d);
const ratMul = (a: Rat, b: Rat): Rat => rat(a.n * b.n, a.d * b.d);
const ratDiv = (a: Rat, b: Rat): Rat => rat(a.n * b.d, a.d * b.n);
function ratCmp(a: Rat, b: Rat): number {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
}

/** Rounds to a multiple of 1/scale (scale 100 = fen). half-up rounds half away from zero. */
function roundTo(a: Rat, scale: bigint, mode: RoundingMode): bigint {
  const num = a.n * scale;
  const q = num / a.d;
  const r = num % a.d;
  if (r === 0n) return q;
  const sign = num < 0n ? -1n : 1n;
  if (mode === 'down') return q;
  if (mode === 'up') return q + sign;
  const twice = (r < 0n ? -r : r) * 2n;
  return twice >= a.d ? q + sign : q;
}

/** Integer fen as a yuan decimal string: 1600000n → "16000.00". */
function fenToString(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Exact decimal when the rational terminates within `maxDigits`, else a fraction. */
function ratToString(a: Rat, maxDigits = 6): string {
  if (a.d === 1n) return a.n.toString();
  for (let digits = 1; digits <= maxDigits; digits++) {
    const scale = 10n ** BigInt(digits);
    if ((a.n * scale) % a.d === 0n) {
      const v = (a.n * scale) / a.d;
      const sign = v < 0n ? '-' : '';
      const s = (v < 0n ? -v : v).toString().padStart(digits + 1, '0');
      return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
    }
  }
  return `${a.n}/${a.d}`;
}

/** "16000.00" (as written by this module) → 1600000n; null → 0n. */
function fenOf(s: string | null): bigint {
  if (!s) return 0n;
  const r = parseDecimal(s);
  return r ? roundTo(r, 100n, 'half-up') : 0n;
}

// ---- civil dates (yyyy-mm-dd, no time zones) ----

function daysInMonth(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** Accepts "2025-03-01" and "2025年3月1日"; returns ISO or undefined. */
function normaliseDate(s: string): string | undefined {
  const m = /^(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})日?$/.exec(s.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : undefined;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function addMonths(iso: string, months: number): string {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(d, daysInMonth(ny, nm)))}`;
}

function addDays(iso: string, days: number): string {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d) + days * 86400000);
  return `${pad(dt.getUTCFullYear(), 4)}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}


/**
 * The last day (inclusive) of a period of `months` starting on `start`, the start day counting: 2025-03-01 + 36
 * months ends 2028-02-29; when the final month has no corresponding day, it ends on that month's last day.
 */
function periodEnd(start: string, months: number): string {
  const day = Number(start.slice(8, 10));
  const next = addMonths(start, months);
  return Number(next.slice(8, 10)) < day ? next : addDays(next, -1);
}

// ---- messages ----

/** P4001 reasons by benefit, subject type and language. */
const NOT_FOR_SUBJECT = new Map<string, { readonly args: Readonly<Record<string, string>>; readonly message: string }>();

/** Templates split once into literal text (even indices) and argument names (odd indices). */
const TEMPLATE_PARTS = new Map<string, string[]>();

function message(code: MessageCode, lang: Lang, args: Record<string, string>): string {
  const template = MESSAGES[code][lang];
  let parts = TEMPLATE_PARTS.get(template);
  if (!parts) TEMPLATE_PARTS.set(template, (parts = template.split(/\{(\w+)\}/)));
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    out += (Object.prototype.hasOwnProperty.call(args, k) ? String(args[k]) : `{${k}}`) + parts[i + 1]!;
  }
  return out;
}

function inputError(code: InputErrorCode, field: string, args: Record<string, string>, lang: Lang): InputError {
  const margs: Record<string, string> = { ...args, field };
  if (lang === 'zh' && margs['expectedZh']) margs['expected'] = margs['expectedZh'];
  if (lang === 'zh' && margs['reasonZh']) margs['reason'] = margs['reasonZh'];
  return { code, field, message: message(code, lang, margs), args };
}

// ---- input validation (the same codes and fields as compiler/facts.ts) ----

type Val =
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'num'; readonly v: Rat }
  | { readonly t: 'date'; readonly v: string }
  | { readonly t: 'level'; readonly name: string; readonly rank: number }
  | { readonly t: 'enum'; readonly name: string }
  | { readonly t: 'map'; readonly v: ReadonlyMap<string, Rat> }
  | { readonly t: 'text'; readonly zh: string; readonly en: string }
  /** A free-text fact value (文字). */
  | { readonly t: 'str'; readonly v: string };

/** An expression that could not be evaluated: facts are missing, a table has no entry, or a parameter is unknown. */
interface Fail {
  readonly t: 'fail';
  readonly missing: readonly string[];
  readonly noStandard?: { readonly fact: string; readonly value: string };
  readonly external?: string;
  /** A division by zero: the benefit cannot be computed. */
  readonly divByZero?: boolean;
}

type Res = Val | Fail;

interface RawError {
  code: InputErrorCode;
  field: string;
  args: Record<string, string>;
}

/** A bad value as a message shows it: bounded (80 characters, two levels, five entries) and never throwing. */
function show(v: unknown, max = 80): string {
  const text = preview(v, 2);
  return text.length > max ? Array.from(text.slice(0, max * 2)).slice(0, max - 1).join('') + '…' : text;
}

function preview(v: unknown, depth: number): string {
  try {
    if (typeof v === 'string') return JSON.stringify(v.length > 200 ? v.slice(0, 200) + '…' : v);
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null || v === undefined) return String(v);
    if (typeof v !== 'object') return typeof v;
    if (depth <= 0) return Array.isArray(v) ? '[…]' : '{…}';
    const parts: string[] = [];
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && i < 5; i++) parts.push(preview(v[i], depth - 1));
      return `[${parts.join(',')}${v.length > 5 ? ',…' : ''}]`;
    }
    for (const k of Object.keys(v).slice(0, 6)) {
      parts.push(parts.length === 5 ? '…' : `${JSON.stringify(k.length > 40 ? k.slice(0, 40) + '…' : k)}:${preview((v as Record<string, unknown>)[k], depth - 1)}`);
    }
    return `{${parts.join(',')}}`;
  } catch {
    return '…';
  }
}

/** Deeper than this, input is refused: facts, ledgers and parameters are at most three levels deep. */
const MAX_DEPTH = 64;

const errorText = (e: unknown): string => {
  try {
    return show(e instanceof Error ? e.message : e, 120);
  } catch {
    return '…';
  }
};

/**
 * A copy of caller-supplied input as plain JSON data, read once. Whatever is
 * not plain data — a getter or Proxy that throws, a cycle, nesting deeper
 * than MAX_DEPTH, a function — becomes a P3020 error at its field path instead
 * of an exception, so validate() and evaluate() only ever see plain values.
 */
function plain(v: unknown, field: string, errors: RawError[], depth = 0, seen: Set<object> = new Set()): unknown {
  const bad = (en: string, zh: string): undefined => {
    errors.push({ code: 'P3020', field, args: { reason: en, reasonZh: zh } });
    return undefined;
  };
  if (typeof v === 'function') return bad('a function', '函数');
  if (v === null || typeof v !== 'object') return v;
  if (depth >= MAX_DEPTH) return bad(`nested more than ${MAX_DEPTH} levels deep`, `嵌套超过 ${MAX_DEPTH} 层`);
  if (seen.has(v)) return bad('it contains itself (a cycle)', '引用了自身（循环）');
  seen.add(v);
  const at = (k: string | number) => (typeof k === 'number' ? `${field}[${k}]` : field === '' ? k : `${field}.${k}`);
  try {
    let keys: string[];
    let isArray: boolean;
    try {
      isArray = Array.isArray(v);
      keys = isArray ? [] : Object.keys(v);
    } catch (e) {
      return bad(`reading it threw: ${errorText(e)}`, `读取时出错：${errorText(e)}`);
    }
    if (isArray) {
      let length: number;
      try {
        length = (v as unknown[]).length;
      } catch (e) {
        return bad(`reading it threw: ${errorText(e)}`, `读取时出错：${errorText(e)}`);
      }
      const out: unknown[] = [];
      for (let i = 0; i < length; i++) {
        let item: unknown;
        try {
          item = (v as unknown[])[i];
        } catch (e) {
          errors.push({ code: 'P3020', field: at(i), args: { reason: `reading it threw: ${errorText(e)}`, reasonZh: `读取时出错：${errorText(e)}` } });
          continue;
        }
        out.push(plain(item, at(i), errors, depth + 1, seen));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      let item: unknown;
      try {
        item = (v as Record<string, unknown>)[k];
      } catch (e) {
        errors.push({ code: 'P3020', field: at(k), args: { reason: `reading it threw: ${errorText(e)}`, reasonZh: `读取时出错：${errorText(e)}` } });
        continue;
      }
      setOwn(out, k, plain(item, at(k), errors, depth + 1, seen));
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

/** An exact number from JSON: integers, decimal strings, or numbers whose shortest form has ≤ `decimals` places. */
function exactNumber(v: unknown, decimals: number): Rat | undefined {
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    text = String(v);
    if (/e/i.test(text)) return Number.isSafeInteger(v) ? rat(BigInt(v)) : undefined;
  } else if (typeof v === 'string') {
    text = v.trim();
  } else return undefined;
  const m = /^-?\d+(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  if ((m[1]?.length ?? 0) > decimals) return undefined;
  return parseDecimal(text);
}

/** Sets an own property even for names such as `__proto__`. */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k !== '__proto__') o[k] = v;
  else Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** The normalised JSON form of a number: yuan as "0.00", whole counts as numbers when safe, else a decimal string. */
function quantityJson(r: Rat, q: QuantitySpec): number | string {
  if (q.money) return fenToString(roundTo(r, 100n, 'half-up'));
  if (r.d === 1n && r.n <= BigInt(Number.MAX_SAFE_INTEGER) && r.n >= -BigInt(Number.MAX_SAFE_INTEGER)) return Number(r.n);
  return ratToString(r, 6);
}

interface Checked {
  v: Val;
  json: unknown;
}

function checkQuantity(q: QuantitySpec, raw: unknown, field: string, errors: RawError[]): Checked | undefined {
  const n = exactNumber(raw, q.money ? 2 : 6);
  const bad = (code: InputErrorCode, args: Record<string, string> = {}): undefined => {
    errors.push({ code, field, args: { found: show(raw), ...args } });
    return undefined;
  };
  if (!n) return q.money ? bad('P3007') : bad('P3002', { ...q.expected });
  if (n.n < 0n) return bad('P3003');
  if (q.count && n.d !== 1n) return bad('P3008');
  if (q.rank && n.n < 1n) return bad('P3012');
  return { v: { t: 'num', v: n }, json: quantityJson(n, q) };
}

function checkValue(type: FactType, raw: unknown, field: string, errors: RawError[]): Checked | undefined {
  const bad = (code: InputErrorCode, args: Record<string, string> = {}): undefined => {
    errors.push({ code, field, args: { found: show(raw), ...args } });
    return undefined;
  };
  switch (type.k) {
    case 'bool':
      return typeof raw === 'boolean' ? { v: raw ? TRUE : FALSE, json: raw } : bad('P3002', { ...type.expected });
    case 'date': {
      const iso = typeof raw === 'string' ? normaliseDate(raw) : undefined;
      return iso ? { v: { t: 'date', v: iso }, json: iso } : bad('P3006');
    }
    case 'quantity':
      return checkQuantity(type.q, raw, field, errors);
    case 'level': {
      const lt = LEVELS.get(type.of);
      const lv = typeof raw === 'string' ? lt?.byName.get(raw.trim()) : undefined;
      if (!lv) return bad('P3004', { type: type.of, allowed: lt?.allowed ?? '' });
      return { v: { t: 'level', name: lv.name, rank: lv.rank }, json: lv.name };
    }
    case 'enum': {
      const et = ENUMS.get(type.of);
      const name = typeof raw === 'string' ? raw.trim() : undefined;
      if (name === undefined || !et || !et.values.has(name)) return bad('P3004', { type: type.of, allowed: et?.allowed ?? '' });
      return { v: { t: 'enum', name }, json: name };
    }
    case 'perLevel': {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('P3002', { ...type.expected });
      const lt = LEVELS.get(type.of);
      const out = new Map<string, Rat>();
      const before = errors.length;
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        const lv = lt?.byName.get(k);
        const sub = `${field}.${k}`;
        if (!lv) {
          errors.push({ code: 'P3004', field: sub, args: { found: show(k), type: type.of, allowed: lt?.allowed ?? '' } });
          continue;
        }
        const n = checkQuantity(type.q, v, sub, errors);
        if (n && n.v.t === 'num') out.set(lv.name, n.v.v);
      }
      if (errors.length !== before) return undefined;
      const json: Record<string, unknown> = {};
      for (const [k, r] of out) setOwn(json, k, quantityJson(r, type.q));
      return { v: { t: 'map', v: out }, json };
    }
    case 'text': {
      if (typeof raw !== 'string' || raw.trim() === '') return bad('P3002', { ...type.expected });
      const v = raw.trim();
      return { v: { t: 'str', v }, json: v };
    }
    case 'derived':
    case 'unknown':
      return bad('P3002', { expected: '?' });
  }
}

function localise(errors: RawError[], lang: Lang): InputError[] {
  return errors.map((e) => inputError(e.code, e.field, e.args, lang));
}

type FactsCheck = { ok: true; facts: Record<string, unknown>; values: Map<string, Val> } | { ok: false; errors: RawError[] };

/** Checks JSON facts; `json` also builds their normalised form (validate() returns it; evaluate() does not need it). */
function checkFacts(subjectType: string, raw: unknown, json = true): FactsCheck {
  const subject = SUBJECTS.get(subjectType);
  if (!subject) {
    return { ok: false, errors: [{ code: 'P3005', field: 'subject', args: { found: typeof subjectType === 'string' ? subjectType : show(subjectType), allowed: [...SUBJECTS.keys()].join('、') } }] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, errors: [{ code: 'P3010', field: 'facts', args: {} }] };
  const errors: RawError[] = [];
  const values = new Map<string, Val>();
  const facts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const type = subject.get(k);
    if (!type) {
      errors.push({ code: 'P3001', field: k, args: { subject: subjectType } });
      continue;
    }
    if (type.k === 'derived') {
      errors.push({ code: 'P3011', field: k, args: {} });
      continue;
    }
    if (v === null || v === undefined) continue;
    const checked = checkValue(type, v, k, errors);
    if (checked) {
      values.set(k, checked.v);
      if (json) setOwn(facts, k, checked.json);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, facts, values };
}

interface LedgerItem {
  readonly benefit: string;
  readonly date: string;
  readonly amount: Rat;
  /** The values of the benefit's 限一次 / 每年限一次 facts when it was paid. */
  readonly key?: Readonly<Record<string, string>>;
}

interface LedgerJson {
  benefit: string;
  date: string;
  amount: Yuan;
  key?: Record<string, string>;
}

type LedgerCheck = { ok: true; entries: LedgerJson[]; items: LedgerItem[] } | { ok: false; errors: RawError[] };

/** Checks a ledger; with `asOf`, a payment dated after it is an error. Key facts are checked as compiler/facts.ts does. */
function checkLedger(raw: unknown, asOf?: string): LedgerCheck {
  if (raw === undefined || raw === null) return { ok: true, entries: [], items: [] };
  const list = Array.isArray(raw) ? raw : (raw as { entries?: unknown }).entries;
  if (!Array.isArray(list)) return { ok: false, errors: [{ code: 'P3002', field: 'ledger', args: { found: show(raw), expected: 'an array of {benefit, date, amount}' } }] };
  const errors: RawError[] = [];
  const items: LedgerItem[] = [];
  const entries: LedgerJson[] = [];
  list.forEach((e: unknown, i: number) => {
    const f = `ledger[${i}]`;
    if (typeof e !== 'object' || e === null) {
      errors.push({ code: 'P3002', field: f, args: { found: show(e), expected: '{benefit, date, amount}' } });
      return;
    }
    const entry = e as Record<string, unknown>;
    const before = errors.length;
    const benefit = entry['benefit'];
    if (typeof benefit !== 'string' || !BENEFIT_IDS.has(benefit)) errors.push({ code: 'P3009', field: `${f}.benefit`, args: { found: show(benefit) } });
    const date = typeof entry['date'] === 'string' ? normaliseDate(entry['date']) : undefined;
    if (!date) errors.push({ code: 'P3006', field: `${f}.date`, args: { found: show(entry['date']) } });
    const amount = exactNumber(entry['amount'], 2);
    if (!amount) errors.push({ code: 'P3007', field: `${f}.amount`, args: { found: show(entry['amount']) } });
    else if (amount.n < 0n) errors.push({ code: 'P3003', field: `${f}.amount`, args: { found: show(entry['amount']) } });
    if (date && asOf && date > asOf) errors.push({ code: 'P3015', field: `${f}.date`, args: { found: date, asOf } });
    let key: Record<string, string> | undefined;
    const keyTypes = typeof benefit === 'string' && BENEFIT_IDS.has(benefit) ? BENEFIT_KEYS.get(benefit) : undefined;
    const rawKey = entry['key'];
    if (rawKey !== undefined) {
      if (
        typeof rawKey !== 'object' ||
        rawKey === null ||
        Array.isArray(rawKey) ||
        Object.values(rawKey).some((v) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      ) {
        errors.push({ code: 'P3002', field: `${f}.key`, args: { found: show(rawKey), expected: '{fact: value}', expectedZh: '｛事实：值｝' } });
      } else if (typeof benefit === 'string' && BENEFIT_IDS.has(benefit)) {
        key = {};
        for (const [a, v] of Object.entries(rawKey as Record<string, unknown>)) {
          const type = keyTypes?.get(a);
          if (!type) {
            errors.push({ code: 'P3013', field: `${f}.key.${a}`, args: { found: a, benefit, allowed: [...(keyTypes?.keys() ?? [])].join('、') || '—' } });
            continue;
          }
          const checked = checkValue(type, typeof v === 'number' && type.k !== 'quantity' ? String(v) : v, `${f}.key.${a}`, errors);
          if (checked) setOwn(key, a, keyString(checked.v));
        }
      }
    }
    if (keyTypes && keyTypes.size > 0) {
      const absent = [...keyTypes.keys()].filter((a) => !key || !Object.prototype.hasOwnProperty.call(key, a));
      if (absent.length && !errors.some((x) => x.field.startsWith(`${f}.key`)))
        errors.push({ code: 'P3014', field: `${f}.key`, args: { benefit: String(benefit), keys: absent.join('、') } });
    }
    if (errors.length === before && typeof benefit === 'string' && date && amount) {
      const json: LedgerJson = { benefit, date, amount: fenToString(roundTo(amount, 100n, 'half-up')) };
      if (key) json.key = { ...key };
      items.push(key ? { benefit, date, amount, key } : { benefit, date, amount });
      entries.push(json);
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, entries, items };
}

function validateFactsImpl(subjectType: string, raw: unknown, lang: Lang): Validation<Record<string, unknown>> {
  const errors: RawError[] = [];
  const data = plain(raw, '', errors);
  if (errors.length) return { ok: false, errors: localise(errors, lang) };
  const r = checkFacts(subjectType, data);
  return r.ok ? { ok: true, facts: r.facts } : { ok: false, errors: localise(r.errors, lang) };
}

function validateLedgerImpl(raw: unknown, lang: Lang, asOf?: string): LedgerValidation<LedgerJson> {
  const errors: RawError[] = [];
  const data = plain(raw, 'ledger', errors);
  if (errors.length) return { ok: false, errors: localise(errors, lang) };
  const r = checkLedger(data, asOf);
  return r.ok ? { ok: true, ledger: r.entries } : { ok: false, errors: localise(r.errors, lang) };
}

// ---- evaluation context ----

interface Ctx {
  readonly subject: string;
  readonly facts: ReadonlyMap<string, Val>;
  /** The subject's derived facts (裁员率 = A ÷ B), computed when asked for. */
  readonly derived: ReadonlyMap<string, (x: Ctx) => Res>;
  readonly params: ReadonlyMap<string, Rat>;
  readonly asOf: string;
  readonly ledger: readonly LedgerItem[];
  readonly lang: Lang;
  readonly trace: boolean;
}

interface RuntimeOptions {
  asOf: string;
  ledger?: unknown;
  params?: unknown;
  lang?: Lang;
  trace?: boolean;
}

function context(subjectType: string, rawFacts: unknown, rawOptions: RuntimeOptions): Ctx {
  // Everything the caller passed is first read once as plain data (see plain()).
  const errors: RawError[] = [];
  const optionsData = plain(rawOptions, 'options', errors);
  const options: RuntimeOptions =
    typeof optionsData === 'object' && optionsData !== null && !Array.isArray(optionsData) ? (optionsData as RuntimeOptions) : ({ asOf: '' } as RuntimeOptions);
  if (options !== optionsData && !errors.length) {
    errors.push({ code: 'P3002', field: 'options', args: { found: show(optionsData), expected: 'an object { asOf, ledger?, params?, lang? }', expectedZh: '对象 { asOf, ledger?, params?, lang? }' } });
  }
  const lang: Lang = options.lang === 'en' ? 'en' : 'zh';
  if (typeof subjectType !== 'string') {
    errors.push({ code: 'P3005', field: 'subject', args: { found: show(subjectType), allowed: [...SUBJECTS.keys()].join('、') } });
    throw new PolicyInputError(localise(errors, lang));
  }
  const facts = plain(rawFacts, '', errors);
  if (errors.length) throw new PolicyInputError(localise(errors, lang));
  const f = checkFacts(subjectType, facts, false);
  if (!f.ok) for (const e of f.errors) errors.push(e);
  const asOf = typeof options.asOf === 'string' && isValidIsoDate(options.asOf) ? options.asOf : undefined;
  const l = checkLedger(options.ledger, asOf);
  if (!l.ok) for (const e of l.errors) errors.push(e);
  const params = new Map<string, Rat>();
  if (options.params !== undefined && options.params !== null) {
    if (typeof options.params !== 'object' || Array.isArray(options.params)) {
      errors.push({ code: 'P3002', field: 'params', args: { found: show(options.params), expected: 'an object of amounts' } });
    } else {
      for (const [k, v] of Object.entries(options.params as Record<string, unknown>)) {
        if (v === undefined || v === null) continue;
        // The same rule as facts and ledgers: money takes at most two decimals.
        const q = PARAMS.get(k);
        if (!q) {
          errors.push({ code: 'P3001', field: `params.${k}`, args: { subject: 'params', found: k } });
          continue;
        }
        const checked = checkQuantity(q, v, `params.${k}`, errors);
        if (checked && checked.v.t === 'num') params.set(k, checked.v.v);
      }
    }
  }
  if (!asOf) errors.push({ code: 'P3006', field: 'asOf', args: { found: show(options.asOf) } });
  if (errors.length || !f.ok || !l.ok || !asOf) throw new PolicyInputError(localise(errors, lang));
  return { subject: subjectType, facts: f.values, derived: DERIVED.get(subjectType) ?? new Map(), params, asOf, ledger: l.items, lang, trace: options.trace === true };
}

// ---- expressions: three-valued, exactly as the reference evaluator ----

const TRUE: Val = { t: 'bool', v: true };
const FALSE: Val = { t: 'bool', v: false };

const num = (n: bigint, d: bigint = 1n): Res => ({ t: 'num', v: rat(n, d) });
const bool = (v: boolean): Res => (v ? TRUE : FALSE);
const date = (iso: string): Res => ({ t: 'date', v: iso });
const level = (name: string, rank: number): Res => ({ t: 'level', name, rank });
const enumValue = (name: string): Res => ({ t: 'enum', name });
const text = (zh: string, en: string): Res => ({ t: 'text', zh, en });

function missingOf(...rs: Res[]): string[] {
  const out = new Set<string>();
  for (const r of rs) if (r.t === 'fail') for (const m of r.missing) out.add(m);
  return [...out];
}

/** A fact of the subject, computed when it is a derived fact, or "missing". */
function fact(x: Ctx, name: string): Res {
  const v = x.facts.get(name);
  if (v) return v;
  const formula = x.derived.get(name);
  return formula ? formula(x) : { t: 'fail', missing: [name] };
}

/** An external (按规定) parameter: known only when the caller passes it. */
function param(x: Ctx, name: string): Res {
  const v = x.params.get(name);
  return v ? { t: 'num', v } : { t: 'fail', missing: [], external: name };
}

function neg(e: Res): Res {
  return e.t === 'num' ? { t: 'num', v: rat(-e.v.n, e.v.d) } : e;
}

function arith(op: (a: Rat, b: Rat) => Rat, l: Res, r: Res, division = false): Res {
  if (l.t === 'fail') return l.external || l.noStandard || l.divByZero ? l : r.t !== 'fail' ? l : { t: 'fail', missing: missingOf(l, r) };
  if (r.t === 'fail') return r;
  const b = (r as { v: Rat }).v;
  if (division && b.n === 0n) return { t: 'fail', missing: [], divByZero: true };
  return { t: 'num', v: op((l as { v: Rat }).v, b) };
}

const add = (l: Res, r: Res): Res => arith(ratAdd, l, r);
const sub = (l: Res, r: Res): Res => arith(ratSub, l, r);
const isZero = (r: Res): boolean => r.t === 'num' && r.v.n === 0n;
/** A known zero decides a product whatever the other side is (0人 × 未知标准 is 0); a division by zero still fails. */
const mul = (l: Res, r: Res): Res =>
  (isZero(l) && r.t === 'fail' && !r.divByZero) || (isZero(r) && l.t === 'fail' && !l.divByZero) ? { t: 'num', v: rat(0n) } : arith(ratMul, l, r);

/** 若 c 则 t 否则 e: a known condition picks its case; an unknown one decides nothing unless both cases agree. */
function ifThen(c: Res, t: Res, e: Res): Res {
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
const minOf = (args: readonly Res[]): Res => choose(true, args);
const maxOf = (args: readonly Res[]): Res => choose(false, args);
/** Division; by zero it is "cannot compute" (the benefit becomes undetermined). */
const div = (l: Res, r: Res): Res => arith(ratDiv, l, r, true);

function compareValues(a: Val, b: Val): number {
  if (a.t === 'num' && b.t === 'num') return ratCmp(a.v, b.v);
  if (a.t === 'level' && b.t === 'level') return a.rank - b.rank;
  if (a.t === 'date' && b.t === 'date') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  if (a.t === 'bool' && b.t === 'bool') return a.v === b.v ? 0 : 1;
  if (a.t === 'enum' && b.t === 'enum') return a.name === b.name ? 0 : 1;
  if (a.t === 'text' && b.t === 'text') return a.zh === b.zh ? 0 : 1;
  if (a.t === 'str' && b.t === 'str') return a.v === b.v ? 0 : 1;
  if (a.t === 'str' && b.t === 'text') return a.v === b.zh ? 0 : 1;
  return 1;
}

/** Unknown, keeping a division by zero on either side visible. */
/** Why a value could not be computed stays visible around it: division by zero, a missing parameter. */
function unknownOf(l: Res, r: Res): Fail {
  const fails = [l, r].filter((x): x is Fail => x.t === 'fail');
  const divByZero = fails.some((x) => x.divByZero);
  const external = fails.find((x) => x.external)?.external;
  return { t: 'fail', missing: missingOf(l, r), ...(divByZero && { divByZero }), ...(external !== undefined && { external }) };
}

function compare(l: Res, r: Res, test: (c: number) => boolean): Res {
  if (l.t === 'fail' || r.t === 'fail') return unknownOf(l, r);
  return bool(test(compareValues(l, r)));
}

const ge = (l: Res, r: Res): Res => compare(l, r, (c) => c >= 0);
const gt = (l: Res, r: Res): Res => compare(l, r, (c) => c > 0);
const le = (l: Res, r: Res): Res => compare(l, r, (c) => c <= 0);
const lt = (l: Res, r: Res): Res => compare(l, r, (c) => c < 0);
const eq = (l: Res, r: Res): Res => compare(l, r, (c) => c === 0);
const ne = (l: Res, r: Res): Res => compare(l, r, (c) => c !== 0);

/** `x 属于 {a, b}` */
function isIn(l: Res, values: readonly Res[]): Res {
  if (l.t === 'fail') return l;
  return bool(values.some((r) => r.t !== 'fail' && compareValues(l, r) === 0));
}

/** Kleene logic: `and` is false if either side is, `or` true if either side is; otherwise unknown if a side is. */
function logic(dominant: boolean, l: Res, r: Res): Res {
  if ((l.t === 'bool' && l.v === dominant) || (r.t === 'bool' && r.v === dominant)) return bool(dominant);
  if (l.t === 'fail' || r.t === 'fail') return unknownOf(l, r);
  return bool(!dominant);
}

const and = (l: Res, r: Res): Res => logic(false, l, r);
const or = (l: Res, r: Res): Res => logic(true, l, r);

function not(e: Res): Res {
  return e.t === 'bool' ? bool(!e.v) : e;
}

/** `按 fact { key: value, … }`: the entry for the fact's value; no entry means no standard for that value. */
function lookup(x: Ctx, factName: string, entry: (key: string) => Res | undefined): Res {
  const key = x.facts.get(factName);
  if (!key) return { t: 'fail', missing: [factName] };
  const name = key.t === 'level' || key.t === 'enum' ? key.name : '';
  return entry(name) ?? { t: 'fail', missing: [], noStandard: { fact: factName, value: name } };
}

/** `按 counts { level: rate, … }`: Σ count × rate over the table's levels, in table order. */
function dot(x: Ctx, factName: string, entries: readonly (readonly [string, () => Res])[]): Res {
  const counts = x.facts.get(factName);
  if (!counts || counts.t !== 'map') return { t: 'fail', missing: [factName] };
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

// ---- rendering values for reasons ----

const pick = (t: Text, lang: Lang): string => (lang === 'zh' ? t.zh : t.en);

function renderValue(v: Val, lang: Lang, unit?: Text): string {
  switch (v.t) {
    case 'bool':
      return pick(v.v ? YES : NO, lang);
    case 'num': {
      const u = unit ? pick(unit, lang) : '';
      return lang === 'zh' ? `${ratToString(v.v)}${u}` : `${ratToString(v.v)}${u ? ' ' + u : ''}`;
    }
    case 'date':
      return v.v;
    case 'level':
    case 'enum':
      return v.name;
    case 'map':
      return [...v.v].map(([k, n]) => `${k}${lang === 'zh' ? '' : ' '}${ratToString(n)}`).join(lang === 'zh' ? '、' : ', ') || (lang === 'zh' ? '无' : 'none');
    case 'text':
      return lang === 'zh' ? v.zh : v.en;
    case 'str':
      return v.v;
  }
}

/** A fact value as recorded in a ledger entry's key (限一次). */
function keyString(v: Val): string {
  switch (v.t) {
    case 'level':
    case 'enum':
      return v.name;
    case 'str':
    case 'date':
      return v.v;
    case 'bool':
      return String(v.v);
    case 'num':
      return ratToString(v.v);
    default:
      return '';
  }
}

function renderFact(x: Ctx, name: string): string {
  const v = x.facts.get(name);
  if (!v) return '?';
  const display = FACT_DISPLAY.get(name);
  if (v.t === 'enum' && display?.enumLabels) {
    const label = display.enumLabels.get(v.name);
    return label ? pick(label, x.lang) : v.name;
  }
  return renderValue(v, x.lang, display?.unit);
}

function outcomeText(v: Val, lang: Lang): string {
  if (v.t === 'enum') {
    const label = ENUM_VALUE_LABELS.get(v.name);
    if (label) return pick(label, lang);
  }
  return renderValue(v, lang);
}

// ---- deciding one benefit ----

/** Walks one benefit through the reference evaluator's steps: subject, policy period, own period, conditions, amount, caps. */
class Decider {
  readonly d: BenefitDecision;
  /** True when the benefit was decided before its conditions (wrong subject, outside the policy period). */
  closed = false;
  /** True when the period or a condition fails, or a condition decided the benefit. */
  failed = false;
  /** A condition needs a parameter nobody gave: the benefit is undetermined and later conditions are not looked at. */
  private stopped = false;
  private readonly missing = new Set<string>();
  /** Conditions that divided by zero. */
  private readonly divisionErrors = new Set<string>();
  private readonly log: string[] | undefined;

  constructor(
    private readonly x: Ctx,
    private readonly b: BenefitInfo,
  ) {
    this.d = {
      id: b.id,
      clause: b.clause,
      title: pick(b.title, x.lang),
      status: 'ineligible',
      amount: null,
      ceiling: null,
      fund: b.fund ? pick(b.fund, x.lang) : null,
      payment: b.payment,
      outcome: null,
      reasons: [],
      missing: [],
    };
    this.log = x.trace ? (this.d.trace = []) : undefined;
    if (!b.subjects.includes(x.subject)) {
      // Most benefits are for other subject types: their reason is the same text every time.
      const key = `${b.id}\u0000${x.subject}\u0000${x.lang}`;
      let memo = NOT_FOR_SUBJECT.get(key);
      if (!memo) {
        const args = { subjects: b.subjects.join('、'), subject: x.subject };
        NOT_FOR_SUBJECT.set(key, (memo = { args, message: message('P4001', x.lang, args) }));
      }
      this.d.reasons.push({ code: 'P4001', message: memo.message, args: { ...memo.args } });
      this.closed = true;
      return;
    }
    const { effective, end } = POLICY_PERIOD;
    if (effective && x.asOf < effective) {
      this.reason('P4002', { date: x.asOf, start: effective, end: end ?? '' });
      this.closed = true;
    } else if (end && x.asOf > end) {
      this.reason('P4025', { date: x.asOf, start: effective ?? '', end });
      this.closed = true;
    }
    this.inForce = { start: effective ?? '0000-01-01', end: end ?? '9999-12-31' };
  }

  /** The days the benefit is in force for this subject: the policy period, narrowed by the benefit's 期限. */
  private inForce: { start: string; end: string } = { start: '0000-01-01', end: '9999-12-31' };
  /** The ledger's view of this subject, once the conditions have passed. */
  private query: LedgerQuery | undefined;

  reason(code: ReasonCode, args: Record<string, string>): void {
    this.d.reasons.push({ code, message: message(code, this.x.lang, args), args });
  }

  /** P4004: the table has no entry for the subject's value (shown with its label when it is an enum). */
  noStandard(ns: { readonly fact: string; readonly value: string }): void {
    const type = SUBJECTS.get(this.x.subject)?.get(ns.fact);
    const label = type?.k === 'enum' ? ENUMS.get(type.of)?.values.get(ns.value) : undefined;
    this.reason('P4004', { fact: ns.fact, value: label ? pick(label, this.x.lang) : ns.value });
  }

  /** 期限: `from` is the evaluated start date expression, if the period has one. */
  period(from: Res | undefined): void {
    const p = this.b.period;
    if (!p) return;
    if (from && from.t === 'fail') {
      for (const m of from.missing) this.missing.add(m);
      return;
    }
    const start = from && from.t === 'date' ? from.v : (POLICY_PERIOD.effective ?? '0000-01-01');
    let end = p.until ?? '9999-12-31';
    if (p.months !== null) {
      const byLength = periodEnd(start, p.months);
      if (byLength < end) end = byLength;
    }
    this.log?.push(`period ${start} .. ${end}`);
    if (start > this.inForce.start) this.inForce.start = start;
    if (end < this.inForce.end) this.inForce.end = end;
    if (this.x.asOf < start || this.x.asOf > end) {
      this.reason(this.x.asOf < start ? 'P4006' : 'P4026', { date: this.x.asOf, start, end });
      this.failed = true;
    }
  }

  /** The i-th condition of the benefit, evaluated. */
  condition(i: number, r: Res): void {
    if (this.stopped) return;
    const c = this.b.conditions[i];
    if (!c) throw new RangeError(`no condition ${i} in ${this.b.id}`);
    const text = pick(c.text, this.x.lang);
    if (r.t === 'fail') {
      for (const m of r.missing) this.missing.add(m);
      // Unknown is never taken for true: a value that cannot be computed stops the benefit.
      if (r.missing.length === 0) {
        if (r.noStandard) {
          this.failed = true;
          this.noStandard(r.noStandard);
        } else if (r.external) {
          this.d.status = 'undetermined';
          this.reason('P4010', { param: r.external });
          this.failed = this.stopped = true;
          return;
        } else this.divisionErrors.add(text);
      }
      this.log?.push(`? ${text}`);
    } else if (r.t === 'bool' && !r.v) {
      this.failed = true;
      const zh = this.x.lang === 'zh';
      const values = c.facts.map((name) => `${name}${zh ? '：' : ': '}${renderFact(this.x, name)}`).join(zh ? '，' : ', ');
      this.reason('P4003', { condition: text, values });
      this.log?.push(`✗ ${text}`);
    } else this.log?.push(`✓ ${text}`);
  }

  /**
   * After the conditions: a condition that divided by zero, then the ledger quotas — 每年限次 (`timesPerYear`, the
   * evaluated limit) and 限一次 / 每年限一次. True when that decides the benefit.
   */
  refused(timesPerYear?: Res): boolean {
    const { d, b, x } = this;
    if (this.missing.size > 0) return false;
    if (this.divisionErrors.size > 0) {
      d.status = 'undetermined';
      for (const expr of this.divisionErrors) this.reason('P4013', { expr });
      return true;
    }
    let times: Rat | undefined;
    if (timesPerYear) {
      if (timesPerYear.t === 'fail') {
        // No limit for this value is not "no limit": the benefit cannot be granted.
        if (timesPerYear.noStandard) {
          this.noStandard(timesPerYear.noStandard);
          return true;
        }
        if (timesPerYear.missing.length) {
          d.status = 'undetermined';
          d.missing = [...timesPerYear.missing];
          this.reason('P4012', { facts: d.missing.join('、') });
          return true;
        }
      } else if (timesPerYear.t === 'num') times = timesPerYear.v;
    }
    const rules = this.rules();
    const key: Record<string, string> = {};
    const missingKeys: string[] = [];
    for (const k of keyFacts(rules)) {
      const v = x.facts.get(k.fact);
      if (v) setOwn(key, k.fact, keyString(v));
      else missingKeys.push(k.fact);
    }
    if (missingKeys.length) {
      d.status = 'undetermined';
      d.missing = missingKeys;
      this.reason('P4012', { facts: missingKeys.join('、') });
      return true;
    }
    const subject = SUBJECTS.get(x.subject);
    const zh = x.lang === 'zh';
    this.query = {
      asOf: x.asOf,
      inForce: this.inForce,
      prior: x.ledger.filter((e) => e.benefit === b.id && e.date <= x.asOf).map((e) => ({ date: e.date, fen: roundTo(e.amount, 100n, 'half-up'), ...(e.key && { key: e.key }) })),
      key,
      rank: (fact, value) => {
        const type = subject?.get(fact);
        return LEVELS.get(type?.k === 'level' ? type.of : '')?.byName.get(value)?.rank;
      },
      timesPerYear: times ? { n: times.n, d: times.d } : null,
      lang: x.lang,
      factLabel: (fact) => {
        const label = FACT_DISPLAY.get(fact)?.label;
        return zh || !label ? fact : label.en;
      },
      valueLabel: (fact, value) => {
        const type = subject?.get(fact);
        if (type?.k === 'enum') {
          const label = ENUMS.get(type.of)?.values.get(value);
          return label ? pick(label, x.lang) : value;
        }
        if (type?.k === 'level') {
          const label = LEVELS.get(type.of)?.byName.get(value)?.label;
          return label ? pick(label, x.lang) : value;
        }
        return value;
      },
    };
    const refusal = ledgerRefusal(rules, this.query);
    if (refusal) {
      this.note(refusal);
      return true;
    }
    return false;
  }

  private rules(): LedgerRules {
    const b = this.b;
    return { payment: b.payment, oncePer: b.oncePer, oncePerYear: b.oncePerYear, runningTotal: b.runningTotal, ceiling: b.ceiling, annualCap: b.annualCap };
  }

  private note(n: Note): void {
    this.reason(n.code as ReasonCode, n.args);
  }

  /** The amount (金额) and equivalence (视同) results, then caps and the annual ledger. */
  finish(amount: Res | undefined, outcome: Res | undefined): BenefitDecision {
    const { d, b, x } = this;
    for (const r of [amount, outcome]) {
      if (r && r.t === 'fail' && r.noStandard) {
        this.noStandard(r.noStandard);
        return d;
      }
      if (r && r.t === 'fail') for (const m of r.missing) this.missing.add(m);
      if (r && r.t === 'fail' && r.divByZero && r.missing.length === 0) {
        d.status = 'undetermined';
        this.reason('P4013', { expr: x.lang === 'zh' ? '金额' : 'the amount' });
        return d;
      }
    }
    if (this.missing.size > 0) {
      d.status = 'undetermined';
      d.missing = [...this.missing];
      this.reason('P4012', { facts: d.missing.join('、') });
      return d;
    }
    d.status = 'eligible';
    if (b.designation) d.outcome = pick(b.designation, x.lang);
    if (outcome && outcome.t !== 'fail') d.outcome = outcomeText(outcome, x.lang);
    if (!amount) return d;
    if (amount.t === 'fail') {
      this.reason('P4010', { param: amount.external ?? '' });
      return d;
    }
    const computed = roundTo((amount as { v: Rat }).v, b.rounding.scale, b.rounding.mode) * (100n / b.rounding.scale);
    this.log?.push(`amount ${fenToString(computed)}`);
    const st = settle(this.rules(), this.query!, computed);
    if (st.ceilingCut !== null) d.ceiling = fenToString(st.ceilingCut);
    if (st.runningTotal) d.runningTotal = st.runningTotal;
    if (st.annualCap) d.annualCap = st.annualCap;
    for (const n of st.notes) this.note(n);
    if (st.refused) {
      d.status = 'ineligible';
      this.note(st.refused);
      return d;
    }
    const fen = st.fen;
    if (fen <= 0n) {
      d.status = 'ineligible';
      this.reason('P4011', { amount: fenToString(fen) });
      return d;
    }
    d.amount = fenToString(fen);
    return d;
  }
}

/** 就高 / 不得重复享受 / 优先 among the eligible members of each group. */
function applyInteractions(decisions: BenefitDecision[], lang: Lang): void {
  if (INTERACTIONS.length === 0) return;
  const byId = new Map(decisions.map((d) => [d.id, d] as const));
  for (const group of INTERACTIONS) {
    const eligible = group.members.map((m) => byId.get(m)).filter((d): d is BenefitDecision => d?.status === 'eligible');
    const first = eligible[0];
    if (!first || eligible.length < 2) continue;
    let kept = first;
    if (group.mode === 'higher-of') for (const d of eligible) if (fenOf(d.amount) > fenOf(kept.amount)) kept = d;
    for (const d of eligible) {
      if (d === kept) continue;
      const code: ReasonCode = group.mode === 'higher-of' ? 'P4007' : group.mode === 'exclusive' ? 'P4008' : 'P4009';
      d.status = 'ineligible';
      d.amount = null;
      d.ceiling = null;
      d.outcome = null;
      delete d.annualCap;
      delete d.runningTotal;
      d.reasons = d.reasons.filter((r) => !MONEY_NOTES.has(r.code));
      const args = { other: kept.title };
      d.reasons.push({ code, message: message(code, lang, args), args });
    }
  }
}

function evaluateImpl(subjectType: string, facts: unknown, options: RuntimeOptions, rules: readonly ((x: Ctx) => BenefitDecision)[]): Decision {
  const x = context(subjectType, facts, options);
  const benefits = rules.map((rule) => rule(x));
  applyInteractions(benefits, x.lang);
  let total = 0n;
  for (const d of benefits) if (d.status === 'eligible') total += fenOf(d.amount);
  return { subject: subjectType, asOf: x.asOf, benefits, total: fenToString(total) };
}

// Expression helpers a given policy may not use; listed so `noUnusedLocals` stays quiet.
void [num, bool, date, level, enumValue, text, fact, param, neg, add, sub, mul, div, ge, gt, le, lt, eq, ne, isIn, and, or, not, lookup, dot, ifThen, minOf, maxOf];
