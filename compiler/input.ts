// Input validation at the boundary, driven by a schema: JSON facts, ledgers and parameters become typed
// values, or a list of field errors (P3xxx codes with arguments; the caller renders them from the message
// table). compiler/facts.ts builds the schema of a checked model (`inputSchema`) and validates with this
// code; every generated evaluator embeds this file (compiler/emit/bundle.ts) with its schema written out
// as literals, so the reference and the generated code reject the same input with the same errors.
//
// Rules for this file: imports only from other embedded modules (rational.ts, dates.ts), no Node or DOM
// APIs, no JS number ever holds an amount of money, and it type-checks under the strictest flags a
// project may turn on (test/emit/module.test.ts).
import { cmp, fenToString, mul, parseDecimal, rat, ratToString, roundTo, type Rat } from './rational.ts';
import { normaliseDate } from './dates.ts';

/** A label in both languages (English optional). */
export interface TextLabel {
  readonly zh: string;
  readonly en?: string;
}

export type Value =
  | { t: 'bool'; v: boolean }
  | { t: 'num'; v: Rat }
  | { t: 'date'; v: string }
  | { t: 'level'; name: string; rank: number }
  | { t: 'enum'; name: string }
  | { t: 'map'; v: Map<string, Rat> }
  | { t: 'text'; label: TextLabel }
  /** A free-text fact value (文字). */
  | { t: 'str'; v: string }
  /** A list fact (名单): each member's checked facts. */
  | { t: 'list'; items: ReadonlyMap<string, Value>[] };

/** An input error before it is rendered: a P3xxx code, the JSON path of the bad field, the message arguments. */
export interface FieldError<C extends string = string> {
  code: C;
  /** JSON path of the bad field, e.g. `直接培养人数.技师` or `ledger[2].amount`. */
  field: string;
  args: Record<string, string>;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), by character: a Chinese character, a letter
 * and a character outside the BMP are one step each, and 入收 for 收入 is one step, not two.
 */
function distance(a: readonly string[], b: readonly string[]): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** A name as compared: by character, letters in lower case, without the dashes of a flag and the separators of a label. */
function comparable(s: string): string[] {
  return Array.from(s.replace(/^-+/, '').toLowerCase().replace(/[\s_\-·]+/g, ''));
}

/** How many characters two names share at the start and at the end (营业收入 / 年营业收入: 4 at the end), or at the start only. */
function sharedEnds(a: readonly string[], b: readonly string[], startOnly = false): number {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  if (startOnly) return p;
  let q = 0;
  while (q < a.length - p && q < b.length - p && a[a.length - 1 - q] === b[b.length - 1 - q]) q++;
  return p + q;
}

/** Lexicographic order of ranking keys: true when `x` ranks before `y`. */
function before(x: readonly number[], y: readonly number[]): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return false;
}

/**
 * The candidate nearest to `name` when it is near enough to be a misspelling of it: the checker's hints, unknown facts and
 * parameters in the input, CLI commands and flags. Near enough is an edit distance (a transposition is one edit) of at most
 * 1 for names of up to 3 characters, 2 up to 6, 3 beyond — measured on the longer of the two — with at least one character
 * in common; or one name inside the other when the shorter is at least half the longer (收入 / 营业收入); or the same
 * characters in another order (基础研究年度投入 / 年度基础研究投入). Among those the fewest edits for the length win (a name
 * inside the other or reordered counts one edit), then the name of the typed length, then a name inside the other, then
 * more characters shared at the start and end (of two names inside, the one shared at the start). Nothing when nothing is
 * near, or when two names are equally near.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const a = comparable(name);
  const aText = a.join('');
  if (a.length === 0) return undefined;
  let best: string | undefined;
  let bestKey: readonly number[] | undefined;
  let tied = false;
  for (const c of candidates) {
    const b = comparable(c);
    const bText = b.join('');
    if (b.length === 0 || c === name) continue;
    const longer = Math.max(a.length, b.length);
    const shorter = Math.min(a.length, b.length);
    const d = distance(a, b);
    const inside = shorter >= 2 && shorter * 2 >= longer && (aText.includes(bText) || bText.includes(aText));
    const limit = longer <= 3 ? 1 : longer <= 6 ? 2 : 3;
    const common = d < longer && b.some((ch) => a.includes(ch));
    // 基础研究年度投入 for 年度基础研究投入: the same characters, words in another order.
    const reordered = a.length >= 3 && a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
    if (!inside && !reordered && !(d <= limit && common)) continue;
    // Edits per character of the longer name; a name inside the other, or the same characters reordered, is one edit (a
    // block added or moved): 专项资金 is nearer 人才发展专项资金 (1 of 8) than 就业资金 (2 of 4). Then the name of the typed
    // length (subjectx: subjects, not subject), and of two names inside the typed one, the one it starts with (最高金额: 最高).
    const edits = inside || reordered ? Math.min(d, 1) : d;
    const key = [edits / longer, Math.abs(a.length - b.length), inside ? 0 : 1, -sharedEnds(a, b), inside ? -sharedEnds(a, b, true) : 0];
    if (!bestKey || before(key, bestKey)) {
      best = c;
      bestKey = key;
      tied = false;
    } else if (!before(bestKey, key)) tied = true;
  }
  // Two names equally near (特级工: 初级工, 中级工, 高级工): a guess would mislead as often as help.
  return tied ? undefined : best;
}

/**
 * The message an input error is rendered with: its code's, except an unknown key of `params`
 * (P3001 with a `param` argument), which is worded as a missing parameter, with a did-you-mean when one is near, and an
 * unknown fact with a fact near it (P3001 with a `near` argument), which names it.
 */
export function messageIdOf(e: FieldError): string {
  if (e.code !== 'P3001') return e.code;
  if (e.args['param'] === undefined) return e.args['near'] ? 'P3001.near' : e.code;
  return e.args['near'] ? 'P3001.paramNear' : 'P3001.param';
}

/** The arguments an input error's message is rendered with: its field, and the Chinese forms in Chinese. */
export function messageArgs(e: FieldError, lang: 'zh' | 'en'): Record<string, string> {
  const args: Record<string, string> = { ...e.args, field: e.field };
  if (lang === 'zh' && args['expectedZh']) args['expected'] = args['expectedZh'];
  if (lang === 'zh' && args['reasonZh']) args['reason'] = args['reasonZh'];
  return args;
}

/** The expected type of a value, for P3002, in both languages. */
export interface Expected {
  readonly expected: string;
  readonly expectedZh: string;
}

export interface QuantitySpec {
  readonly money: boolean;
  readonly count: boolean;
  readonly rank: boolean;
  readonly expected: Expected;
  /**
   * A parameter's range as the text fixes it (3000元至6000元, 不超过50%, 3000元以上): exact decimal bounds, both or one,
   * included unless marked excluded (超过, 低于), and its text.
   */
  readonly range?: { readonly low?: string; readonly high?: string; readonly lowExcl?: true; readonly highExcl?: true; readonly zh: string; readonly en: string };
}

export type FactSpec =
  | { readonly k: 'bool'; readonly expected: Expected }
  | { readonly k: 'date' }
  | { readonly k: 'quantity'; readonly q: QuantitySpec }
  | { readonly k: 'level'; readonly of: string }
  | { readonly k: 'enum'; readonly of: string }
  | { readonly k: 'perLevel'; readonly of: string; readonly q: QuantitySpec; readonly expected: Expected }
  | { readonly k: 'text'; readonly expected: Expected }
  /** 名单: an array of members, each an object of the facts of the subject type `of`. */
  | { readonly k: 'list'; readonly of: string; readonly expected: Expected }
  /**
   * A keyed parameter (a catalogue of standards): nested objects, one level per key (a level or enum value, or any
   * text), each leaf a quantity; `ranges` are the ranges the text fixes for the entries of one key value.
   */
  | {
      readonly k: 'keyed';
      readonly keys: readonly ({ readonly k: 'level' | 'enum'; readonly of: string } | { readonly k: 'text' })[];
      readonly q: QuantitySpec;
      readonly expected: Expected;
      readonly ranges?: readonly { readonly key: number; readonly value: string; readonly range: NonNullable<QuantitySpec['range']> }[];
    }
  /** Computed from other facts (裁员率 = A ÷ B); supplying it is an error. */
  | { readonly k: 'derived' }
  | { readonly k: 'unknown' };

export interface LevelSpec {
  /** Names and aliases → canonical level; the first level that has a spelling wins. */
  readonly byName: ReadonlyMap<string, { readonly name: string; readonly rank: number; readonly label: { readonly zh: string; readonly en: string } }>;
  /** The level names, joined by 、 (for P3004). */
  readonly allowed: string;
}

export interface EnumSpec {
  /** Value name → its label (the name when it has none). */
  readonly values: ReadonlyMap<string, { readonly zh: string; readonly en: string }>;
  readonly allowed: string;
}

/** Everything validation needs to know about a policy. */
export interface InputSchema {
  readonly subjects: ReadonlyMap<string, ReadonlyMap<string, FactSpec>>;
  readonly levels: ReadonlyMap<string, LevelSpec>;
  readonly enums: ReadonlyMap<string, EnumSpec>;
  readonly params: ReadonlyMap<string, FactSpec>;
  readonly benefits: ReadonlySet<string>;
  /** The facts a ledger entry of each benefit must record (限一次 / 每年限一次), with their types. */
  readonly benefitKeys: ReadonlyMap<string, ReadonlyMap<string, FactSpec>>;
}

export interface LedgerItem {
  benefit: string;
  date: string;
  amount: Rat;
  /** The values of the benefit's 限一次 facts when it was paid, e.g. {职业: "电工", 证书等级: "高级工"}. */
  key?: Record<string, string>;
}

/** A ledger entry in its normalised JSON form (amount as "0.00"). */
export interface LedgerJson {
  benefit: string;
  date: string;
  amount: string;
  key?: Record<string, string>;
}

/**
 * A bad value as it appears in a message: JSON-like, but bounded — at most `max` characters, nesting shown
 * two levels deep, never more than a few entries — so a 50 MB string or a 5,000-deep object gives a short
 * message. Never throws (getters, proxies and cycles are shown as `…`).
 */
export function showValue(v: unknown, max = 80): string {
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

function errorText(e: unknown): string {
  try {
    return showValue(e instanceof Error ? e.message : e, 120);
  } catch {
    return '…';
  }
}

/** A P3020 error: the value at `field` is not plain data. */
function notPlain(errors: FieldError[], field: string, en: string, zh: string): undefined {
  errors.push({ code: 'P3020', field, args: { reason: en, reasonZh: zh } });
  return undefined;
}

/** A P3020 error: reading the value at `field` threw. */
function readThrew(errors: FieldError[], field: string, e: unknown): void {
  errors.push({ code: 'P3020', field, args: { reason: `reading it threw: ${errorText(e)}`, reasonZh: `读取时出错：${errorText(e)}` } });
}

/** The JSON path of an item of `field`. */
const itemPath = (field: string, k: string | number): string => (typeof k === 'number' ? `${field}[${k}]` : field === '' ? k : `${field}.${k}`);

/**
 * A copy of caller-supplied input as plain JSON data, read once. Whatever is not plain data — a getter or
 * Proxy that throws, a cycle, nesting deeper than MAX_DEPTH, a function — becomes a P3020 error at its field
 * path instead of an exception, so validation only ever sees plain values. (No closures and nothing allocated
 * for a primitive: every evaluation and every `prepare` copies its facts through here.)
 */
export function plainData(v: unknown, field: string, errors: FieldError[], depth = 0, seen?: Set<object>): unknown {
  if (typeof v === 'function') return notPlain(errors, field, 'a function', '函数');
  if (v === null || typeof v !== 'object') return v;
  if (depth >= MAX_DEPTH) return notPlain(errors, field, `nested more than ${MAX_DEPTH} levels deep`, `嵌套超过 ${MAX_DEPTH} 层`);
  seen ??= new Set();
  if (seen.has(v)) return notPlain(errors, field, 'it contains itself (a cycle)', '引用了自身（循环）');
  seen.add(v);
  try {
    let keys: string[];
    let isArray: boolean;
    try {
      isArray = Array.isArray(v);
      keys = isArray ? [] : Object.keys(v);
    } catch (e) {
      readThrew(errors, field, e);
      return undefined;
    }
    if (isArray) {
      let length: number;
      try {
        length = (v as unknown[]).length;
      } catch (e) {
        readThrew(errors, field, e);
        return undefined;
      }
      const out: unknown[] = [];
      for (let i = 0; i < length; i++) {
        let item: unknown;
        try {
          item = (v as unknown[])[i];
        } catch (e) {
          readThrew(errors, itemPath(field, i), e);
          continue;
        }
        out.push(plainData(item, itemPath(field, i), errors, depth + 1, seen));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      let item: unknown;
      try {
        item = (v as Record<string, unknown>)[k];
      } catch (e) {
        readThrew(errors, itemPath(field, k), e);
        continue;
      }
      setOwn(out, k, plainData(item, itemPath(field, k), errors, depth + 1, seen));
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

/** Sets an own property even for names such as `__proto__`. */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k !== '__proto__') o[k] = v;
  else Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

const EXACT = /^(-?)(\d+)(?:\.(\d+))?$/;

/** An exact number from JSON: integers, decimal strings, or numbers whose shortest form has ≤ `decimals` places. */
export function exactNumber(v: unknown, decimals: number): Rat | undefined {
  let text: string;
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return { n: BigInt(v), d: 1n };
    if (!Number.isFinite(v)) return undefined;
    text = String(v);
    if (/e/i.test(text)) return undefined;
  } else if (typeof v === 'string') {
    text = v.trim();
  } else return undefined;
  const m = EXACT.exec(text);
  if (!m) return undefined;
  let frac = m[3] ?? '';
  if (frac.length > decimals) return undefined;
  // Trailing zeros change nothing ("1500.00" is 1500): without them a whole amount needs no reduction.
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
  if (end < frac.length) frac = frac.slice(0, end);
  const n = BigInt((m[2] ?? '') + frac);
  return rat(m[1] ? -n : n, TEN_TO[frac.length] ?? 10n ** BigInt(frac.length));
}

/** 10^0 … 10^8, the denominators of the decimals an input may have. */
const TEN_TO: readonly bigint[] = [1n, 10n, 100n, 1000n, 10000n, 100000n, 1000000n, 10000000n, 100000000n];

/** The name a keyed parameter's entry is held under in params: `标准（电工，高级工）`. */
export function keyedParamName(name: string, keys: readonly string[]): string {
  return `${name}（${keys.join('，')}）`;
}

/**
 * How two values compare: the sign orders numbers, levels (by rank) and dates; for the other kinds 0 is equal and 1
 * different, as is any pair of different kinds. The reference evaluator and the generated evaluator's expression
 * helpers (emit/runtime/values.ts) both compare with it.
 */
export function compareValues(a: Value, b: Value): number {
  if (a.t === 'num' && b.t === 'num') return cmp(a.v, b.v);
  if (a.t === 'level' && b.t === 'level') return a.rank - b.rank;
  if (a.t === 'date' && b.t === 'date') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  if (a.t === 'bool' && b.t === 'bool') return a.v === b.v ? 0 : 1;
  if (a.t === 'enum' && b.t === 'enum') return a.name === b.name ? 0 : 1;
  if (a.t === 'text' && b.t === 'text') return a.label.zh === b.label.zh ? 0 : 1;
  if (a.t === 'str' && b.t === 'str') return a.v === b.v ? 0 : 1;
  if (a.t === 'str' && b.t === 'text') return a.v === b.label.zh ? 0 : 1;
  return 1;
}

/** A fact value as a ledger key records it: level and enum names, text, yes/no as true/false, numbers, dates. */
export function keyString(v: Value): string {
  switch (v.t) {
    case 'level':
    case 'enum':
      return v.name;
    case 'str':
    case 'date':
      return v.v;
    case 'text':
      return v.label.zh;
    case 'bool':
      return String(v.v);
    case 'num':
      return ratToString(v.v);
    default:
      return '';
  }
}

/** The normalised JSON form of a number: yuan as "0.00", whole counts as numbers when safe, else a decimal string. */
export function quantityJson(r: Rat, q: QuantitySpec): number | string {
  if (q.money) return fenToString(roundTo(r, 100n, 'half-up'));
  if (r.d === 1n && r.n <= BigInt(Number.MAX_SAFE_INTEGER) && r.n >= -BigInt(Number.MAX_SAFE_INTEGER)) return Number(r.n);
  return ratToString(r, 6);
}

/** The normalised JSON form of a checked value (what validate() returns). */
export function valueJson(v: Value, spec: FactSpec, schema?: InputSchema): unknown {
  switch (v.t) {
    case 'num':
      return spec.k === 'quantity' ? quantityJson(v.v, spec.q) : ratToString(v.v);
    case 'map': {
      const json: Record<string, unknown> = {};
      for (const [k, r] of v.v) setOwn(json, k, spec.k === 'perLevel' ? quantityJson(r, spec.q) : ratToString(r));
      return json;
    }
    case 'bool':
      return v.v;
    case 'date':
    case 'str':
      return v.v;
    case 'level':
    case 'enum':
      return v.name;
    case 'text':
      return v.label.zh;
    case 'list':
      return v.items.map((item) => {
        const json: Record<string, unknown> = {};
        const of = spec.k === 'list' ? schema?.subjects.get(spec.of) : undefined;
        for (const [k, x] of item) {
          const s = of?.get(k);
          if (s) setOwn(json, k, valueJson(x, s, schema));
        }
        return json;
      });
  }
}

/** Records an input error for `raw` at `field`; undefined, for `return bad(…)`. */
function bad(errors: FieldError[], code: string, field: string, raw: unknown, args?: Record<string, string>): undefined {
  errors.push({ code, field, args: args ? { found: showValue(raw), ...args } : { found: showValue(raw) } });
  return undefined;
}

/** Whether `n` is outside the range the text fixes (a missing end bounds nothing; an excluded end is outside). */
function outside(n: Rat, r: NonNullable<QuantitySpec['range']>): boolean {
  if (r.low !== undefined && cmp(n, parseDecimal(r.low)!) < (r.lowExcl ? 1 : 0)) return true;
  return r.high !== undefined && cmp(n, parseDecimal(r.high)!) > (r.highExcl ? -1 : 0);
}

/**
 * The largest number a fact may hold (money in yuan, counts, other quantities): 10^12. Every engine refuses a larger one
 * (P3533) — the JS engine here, the SQL engines in compiler/sql/load.ts — so that no row that passes can overflow the
 * SQL engines' exact decimals: values fit DECIMAL(18,2) / BIGINT / DECIMAL(24,6), and a product of two of them
 * (10^24 yuan, 10^26 fen) fits the DECIMAL(38,0) fen the decision query computes in (docs/sql.md, "Bounds").
 */
export const MAX_NUMBER = 10n ** 12n;
export const MAX_NUMBER_TEXT = '1000000000000';

export function checkQuantity(q: QuantitySpec, raw: unknown, field: string, errors: FieldError[]): Value | undefined {
  const n = exactNumber(raw, q.money ? 2 : 6);
  if (!n) {
    if (q.money) return bad(errors, 'P3007', field, raw);
    // A number with more than 6 decimal places (0.3333333) is a number: say what is wrong with it, not "a quantity expected".
    const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    if (/^-?\d+\.\d{7,}$/.test(text)) return bad(errors, 'P3534', field, raw, { max: '6' });
    return bad(errors, 'P3002', field, raw, { ...q.expected });
  }
  if (n.n < 0n) return bad(errors, 'P3003', field, raw);
  if (n.n > MAX_NUMBER * n.d) return bad(errors, 'P3533', field, raw, { max: MAX_NUMBER_TEXT });
  if (q.count && n.d !== 1n) return bad(errors, 'P3008', field, raw);
  if (q.rank && n.n < 1n) return bad(errors, 'P3012', field, raw);
  if (q.range && outside(n, q.range)) return bad(errors, 'P3030', field, raw, { range: q.range.zh, rangeEn: q.range.en });
  return { t: 'num', v: n };
}

/** Checks one value against its type; errors go to `errors`. */
export function checkValue(schema: InputSchema, type: FactSpec, raw: unknown, field: string, errors: FieldError[]): Value | undefined {
  switch (type.k) {
    case 'bool':
      return typeof raw === 'boolean' ? (raw ? TRUE_VALUE : FALSE_VALUE) : bad(errors, 'P3002', field, raw, { ...type.expected });
    case 'date': {
      const iso = typeof raw === 'string' ? normaliseDate(raw) : undefined;
      return iso ? { t: 'date', v: iso } : bad(errors, 'P3006', field, raw);
    }
    case 'quantity':
      return checkQuantity(type.q, raw, field, errors);
    case 'level': {
      const lt = schema.levels.get(type.of);
      const lv = typeof raw === 'string' ? lt?.byName.get(raw.trim()) : undefined;
      if (!lv) return bad(errors, 'P3004', field, raw, { type: type.of, allowed: lt?.allowed ?? '' });
      return { t: 'level', name: lv.name, rank: lv.rank };
    }
    case 'enum': {
      const et = schema.enums.get(type.of);
      const name = typeof raw === 'string' ? raw.trim() : undefined;
      if (name === undefined || !et || !et.values.has(name)) return bad(errors, 'P3004', field, raw, { type: type.of, allowed: et?.allowed ?? '' });
      return { t: 'enum', name };
    }
    case 'perLevel': {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad(errors, 'P3002', field, raw, { ...type.expected });
      const lt = schema.levels.get(type.of);
      const out = new Map<string, Rat>();
      const before = errors.length;
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        const lv = lt?.byName.get(k);
        const sub = `${field}.${k}`;
        if (!lv) {
          errors.push({ code: 'P3004', field: sub, args: { found: showValue(k), type: type.of, allowed: lt?.allowed ?? '' } });
          continue;
        }
        const n = checkQuantity(type.q, v, sub, errors);
        if (n && n.t === 'num') out.set(lv.name, n.v);
      }
      return errors.length === before ? { t: 'map', v: out } : undefined;
    }
    case 'text': {
      if (typeof raw !== 'string' || raw.trim() === '') return bad(errors, 'P3002', field, raw, { ...type.expected });
      return { t: 'str', v: raw.trim() };
    }
    case 'list': {
      // Each member is checked as the facts of its subject type, its errors at `field[i].fact`.
      const members = schema.subjects.get(type.of);
      if (!Array.isArray(raw) || !members) return bad(errors, 'P3002', field, raw, { ...type.expected });
      const before = errors.length;
      const items: ReadonlyMap<string, Value>[] = [];
      for (let i = 0; i < raw.length; i++) {
        const item = raw[i] as unknown;
        const at = `${field}[${i}]`;
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          errors.push({ code: 'P3010', field: at, args: {} });
          continue;
        }
        items.push(checkFactsInto(schema, members, type.of, item as Record<string, unknown>, `${at}.`, errors));
      }
      return errors.length === before ? { t: 'list', items } : undefined;
    }
    case 'keyed':
      // A catalogue is checked entry by entry (checkParams); as a single value it is the wrong shape.
      return bad(errors, 'P3002', field, raw, { ...type.expected });
    case 'derived':
    case 'unknown':
      // Not a bare "?": the fact's type is unknown because its declaration has an error (derived facts are P3011 earlier).
      return bad(errors, 'P3002', field, raw, { expected: "its declared type (the fact's type declaration has an error; see the checker's errors)", expectedZh: '声明的类型（该事实的类型声明有误，见检查错误）' });
  }
}

/** Yes and no, shared (a checked value is never changed). */
const TRUE_VALUE: Value = { t: 'bool', v: true };
const FALSE_VALUE: Value = { t: 'bool', v: false };

export type FactsCheck = { ok: true; facts: Map<string, Value> } | { ok: false; errors: FieldError[] };

/** Checks the facts of one subject. Absent or null facts are simply unknown. */
export function checkFacts(schema: InputSchema, subjectType: string, raw: unknown): FactsCheck {
  const subject = schema.subjects.get(subjectType);
  if (!subject) {
    return { ok: false, errors: [{ code: 'P3005', field: 'subject', args: { found: typeof subjectType === 'string' ? subjectType : showValue(subjectType), allowed: [...schema.subjects.keys()].join('、') } }] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, errors: [{ code: 'P3010', field: 'facts', args: {} }] };
  const errors: FieldError[] = [];
  const facts = checkFactsInto(schema, subject, subjectType, raw as Record<string, unknown>, '', errors);
  return errors.length ? { ok: false, errors } : { ok: true, facts };
}

/** The facts of one subject (or one member of a list, `prefix` its path `名单[0].`); errors go to `errors`. */
function checkFactsInto(
  schema: InputSchema,
  subject: ReadonlyMap<string, FactSpec>,
  subjectType: string,
  raw: Record<string, unknown>,
  prefix: string,
  errors: FieldError[],
): Map<string, Value> {
  const facts = new Map<string, Value>();
  const keys = Object.keys(raw);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = raw[k];
    const type = subject.get(k);
    const at = prefix + k;
    if (!type) {
      const near = closest(k, [...subject.keys()].filter((f) => subject.get(f)!.k !== 'derived'));
      errors.push({ code: 'P3001', field: at, args: { subject: subjectType, ...(near && { near }) } });
      continue;
    }
    if (type.k === 'derived') {
      errors.push({ code: 'P3011', field: at, args: {} });
      continue;
    }
    if (v === null || v === undefined) continue;
    const value = checkValue(schema, type, v, at, errors);
    if (value) facts.set(k, value);
  }
  return facts;
}

/** Checked facts in their normalised JSON form (what a generated evaluator's validate() returns). */
export function factsJson(schema: InputSchema, subjectType: string, facts: ReadonlyMap<string, Value>): Record<string, unknown> {
  const subject = schema.subjects.get(subjectType);
  const out: Record<string, unknown> = {};
  for (const [k, v] of facts) {
    const spec = subject?.get(k);
    if (spec) setOwn(out, k, valueJson(v, spec, schema));
  }
  return out;
}

export type LedgerCheck = { ok: true; ledger: LedgerItem[] } | { ok: false; errors: FieldError[] };

/**
 * Checks a ledger of earlier payments (an array, or `{ entries: [...] }`). With `asOf`, a payment dated after
 * it is an error (a ledger cannot know the future; ignoring it would hide a data problem). A benefit with
 * 限一次 / 每年限一次 facts needs each of them in the entry's `key`, with a valid value, and nothing else.
 */
export function checkLedger(schema: InputSchema, raw: unknown, asOf?: string): LedgerCheck {
  if (raw === undefined || raw === null) return { ok: true, ledger: [] };
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' ? (raw as { entries?: unknown }).entries : undefined;
  if (!Array.isArray(list)) return { ok: false, errors: [{ code: 'P3002', field: 'ledger', args: { found: showValue(raw), expected: 'an array of {benefit, date, amount}' } }] };
  const errors: FieldError[] = [];
  const ledger: LedgerItem[] = [];
  list.forEach((e: unknown, i: number) => {
    const f = `ledger[${i}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      errors.push({ code: 'P3002', field: f, args: { found: showValue(e), expected: '{benefit, date, amount}' } });
      return;
    }
    const entry = e as Record<string, unknown>;
    const before = errors.length;
    const benefit = entry['benefit'];
    const known = typeof benefit === 'string' && schema.benefits.has(benefit);
    if (!known) errors.push({ code: 'P3009', field: `${f}.benefit`, args: { found: showValue(benefit) } });
    const date = typeof entry['date'] === 'string' ? normaliseDate(entry['date']) : undefined;
    if (!date) errors.push({ code: 'P3006', field: `${f}.date`, args: { found: showValue(entry['date']) } });
    const amount = exactNumber(entry['amount'], 2);
    if (!amount) errors.push({ code: 'P3007', field: `${f}.amount`, args: { found: showValue(entry['amount']) } });
    else if (amount.n < 0n) errors.push({ code: 'P3003', field: `${f}.amount`, args: { found: showValue(entry['amount']) } });
    else if (amount.n > MAX_NUMBER * amount.d) errors.push({ code: 'P3533', field: `${f}.amount`, args: { found: showValue(entry['amount']), max: MAX_NUMBER_TEXT } });
    if (date && asOf && date > asOf) errors.push({ code: 'P3015', field: `${f}.date`, args: { found: date, asOf } });
    let key: Record<string, string> | undefined;
    const keyTypes = known ? (schema.benefitKeys.get(benefit) ?? new Map<string, FactSpec>()) : undefined;
    const rawKey = entry['key'];
    if (rawKey !== undefined) {
      if (
        typeof rawKey !== 'object' ||
        rawKey === null ||
        Array.isArray(rawKey) ||
        Object.values(rawKey).some((v) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      ) {
        errors.push({ code: 'P3002', field: `${f}.key`, args: { found: showValue(rawKey), expected: '{fact: value}', expectedZh: '｛事实：值｝' } });
      } else if (keyTypes) {
        key = {};
        for (const [a, v] of Object.entries(rawKey as Record<string, unknown>)) {
          const type = keyTypes.get(a);
          if (!type) {
            errors.push({ code: 'P3013', field: `${f}.key.${a}`, args: { found: a, benefit: String(benefit), allowed: [...keyTypes.keys()].join('、') || '—' } });
            continue;
          }
          const value = checkValue(schema, type, typeof v === 'number' && type.k !== 'quantity' ? String(v) : v, `${f}.key.${a}`, errors);
          if (value) setOwn(key, a, keyString(value));
        }
      }
    }
    if (keyTypes && keyTypes.size > 0) {
      const absent = [...keyTypes.keys()].filter((a) => !key || !Object.prototype.hasOwnProperty.call(key, a));
      if (absent.length && !errors.some((x) => x.field.startsWith(`${f}.key`)))
        errors.push({ code: 'P3014', field: `${f}.key`, args: { benefit: String(benefit), keys: absent.join('、') } });
    }
    if (errors.length === before && typeof benefit === 'string' && date && amount) ledger.push(key ? { benefit, date, amount, key } : { benefit, date, amount });
  });
  return errors.length ? { ok: false, errors } : { ok: true, ledger };
}

/** A checked ledger in its normalised JSON form. */
export function ledgerJson(ledger: readonly LedgerItem[]): LedgerJson[] {
  return ledger.map((e) => {
    const json: LedgerJson = { benefit: e.benefit, date: e.date, amount: fenToString(roundTo(e.amount, 100n, 'half-up')) };
    if (e.key) json.key = { ...e.key };
    return json;
  });
}

export type ParamsCheck = { ok: true; params: Map<string, Rat> } | { ok: false; errors: FieldError[] };

/**
 * Checks values for external (按规定) parameters: the same rule as facts and ledgers, so a money parameter
 * takes at most two decimals ("12.345" is an error, never rounded).
 */
export function checkParams(schema: InputSchema, raw: unknown): ParamsCheck {
  const params = new Map<string, Rat>();
  if (raw === undefined || raw === null) return { ok: true, params };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, errors: [{ code: 'P3002', field: 'params', args: { found: showValue(raw), expected: 'an object of amounts', expectedZh: '金额对象' } }] };
  const errors: FieldError[] = [];
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const p = schema.params.get(k);
    if (!p) {
      const near = closest(k, schema.params.keys());
      errors.push({ code: 'P3001', field: `params.${k}`, args: { param: k, ...(near && { near }) } });
      continue;
    }
    if (v === undefined || v === null) continue;
    if (p.k === 'keyed') {
      checkKeyed(schema, p, k, v, `params.${k}`, [], errors, params);
      continue;
    }
    const value = checkValue(schema, p, v, `params.${k}`, errors);
    if (value?.t === 'num') params.set(k, value.v);
  }
  return errors.length ? { ok: false, errors } : { ok: true, params };
}

/** One level of a keyed parameter's nested object: each key checked against its type, each leaf as a quantity. */
function checkKeyed(
  schema: InputSchema,
  p: Extract<FactSpec, { k: 'keyed' }>,
  name: string,
  raw: unknown,
  field: string,
  keys: string[],
  errors: FieldError[],
  out: Map<string, Rat>,
): void {
  const depth = keys.length;
  if (depth === p.keys.length) {
    // The range the text fixes for this entry: the first key value that has one.
    const r = p.ranges?.find((x) => keys[x.key] === x.value);
    const value = checkQuantity(r ? { ...p.q, range: r.range } : p.q, raw, field, errors);
    if (value?.t === 'num') out.set(keyedParamName(name, keys), value.v);
    return;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    bad(errors, 'P3002', field, raw, { ...p.expected });
    return;
  }
  const key = p.keys[depth]!;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const at = `${field}.${k}`;
    let canonical = k.trim();
    if (key.k === 'level') {
      const lt = schema.levels.get(key.of);
      const lv = lt?.byName.get(canonical);
      if (!lv) {
        errors.push({ code: 'P3004', field: at, args: { found: showValue(k), type: key.of, allowed: lt?.allowed ?? '' } });
        continue;
      }
      canonical = lv.name;
    } else if (key.k === 'enum') {
      const et = schema.enums.get(key.of);
      if (!et?.values.has(canonical)) {
        errors.push({ code: 'P3004', field: at, args: { found: showValue(k), type: key.of, allowed: et?.allowed ?? '' } });
        continue;
      }
    } else if (canonical === '') {
      bad(errors, 'P3002', at, k, { expected: 'a non-empty key', expectedZh: '非空的键' });
      continue;
    }
    if (v === undefined || v === null) continue;
    checkKeyed(schema, p, name, v, at, [...keys, canonical], errors, out);
  }
}

/**
 * A value as a reason shows it, in the words of `lang`: `yesNo` are the words for 是 / 否, `unit` the unit's
 * text (compiler/render.ts passes them from the keyword and unit tables; generated code from its own tables).
 */
/** English ordinal of a whole number: 1st, 2nd, 3rd, 8th, 11th, 22nd (a rank reads as a place). */
export function ordinal(n: string): string {
  if (!/^\d+$/.test(n)) return n;
  const last2 = Number(n) % 100;
  const last = Number(n) % 10;
  return n + (last2 >= 11 && last2 <= 13 ? 'th' : last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th');
}

/** A value in a reason. `rank`: a quantity in 名, which English shows as a place (“8th place”). */
export function renderValue(v: Value, lang: 'zh' | 'en', yesNo: { readonly yes: string; readonly no: string }, unit?: string, rank = false): string {
  switch (v.t) {
    case 'bool':
      return v.v ? yesNo.yes : yesNo.no;
    case 'num': {
      if (rank && lang === 'en') return `${ordinal(ratToString(v.v))} place`;
      // A rate (a fact declared %, or a ratio of like quantities such as 增速 = 增量 ÷ 上年产值) is shown as a percentage: 20%.
      if (unit === '%') return `${ratToString(mul(v.v, rat(100n)))}%`;
      const u = unit ?? '';
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
      return lang === 'zh' ? v.label.zh : (v.label.en ?? v.label.zh);
    case 'str':
      return v.v;
    case 'list':
      return lang === 'zh' ? `${v.items.length}项` : `${v.items.length} ${v.items.length === 1 ? 'entry' : 'entries'}`;
  }
}
