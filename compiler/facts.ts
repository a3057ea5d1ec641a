// Input validation at the boundary: JSON facts and ledgers become typed
// values, or a list of field errors. Nothing reaches the evaluator unchecked,
// so bad data can never produce an amount.
import type { Label } from '../grammar/ast.ts';
import type { Benefit, Model, Type } from './model.ts';
import { parseDecimal, fromInt, ratToString, type Rat } from './rational.ts';
import { isCountUnit, isMoney, isRankUnit, unitText } from './units.ts';
import { message, type InputErrorCode } from './messages.ts';

export type Value =
  | { t: 'bool'; v: boolean }
  | { t: 'num'; v: Rat }
  | { t: 'date'; v: string }
  | { t: 'level'; name: string; rank: number }
  | { t: 'enum'; name: string }
  | { t: 'map'; v: Map<string, Rat> }
  | { t: 'text'; label: Label }
  /** A free-text fact value (文字). */
  | { t: 'str'; v: string };

export type Facts = Map<string, Value>;

export interface InputError {
  /** Any P3xxx code of compiler/messages.ts (the type is generated from the table). */
  code: InputErrorCode;
  /** JSON path of the bad field, e.g. `直接培养人数.技师` or `ledger[2].amount`. */
  field: string;
  args: Record<string, string>;
}

/** Input errors of a batch row (compiler/batch): a record that cannot be read as a subject. */
export type BatchInputCode = 'P3501' | 'P3502' | 'P3503' | 'P3504' | 'P3505' | 'P3506' | 'P3507';

export interface LedgerEntry {
  benefit: string;
  date: string;
  amount: Rat;
  /** The values of the benefit's 限一次 facts when it was paid, e.g. {职业: "电工", 证书等级: "高级工"}. */
  key?: Record<string, string>;
}

export function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** Accepts "2025-03-01" and "2025年3月1日"; returns ISO or undefined. */
export function normaliseDate(s: string): string | undefined {
  const m = /^(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})日?$/.exec(s.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : undefined;
}

/**
 * A bad value as it appears in a message: JSON-like, but bounded — at most
 * `max` characters, nesting shown two levels deep, never more than a few
 * entries — so a 50 MB string or a 5,000-deep object gives a short message.
 * Never throws (getters, proxies and cycles are shown as `…`).
 */
export function showValue(v: unknown, max = 80): string {
  const text = preview(v, 2);
  return text.length > max ? Array.from(text.slice(0, max * 2)).slice(0, max - 1).join('') + '…' : text;
}

// The generated evaluator's runtime (emit/runtime.ts) has the same preview, so both show a value alike.
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

const show = (v: unknown): string => showValue(v);

/** An exact number from JSON: integers, decimal strings, or numbers whose shortest form has ≤ `decimals` places. */
function exactNumber(v: unknown, decimals: number): Rat | undefined {
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    text = String(v);
    if (/e/i.test(text)) return Number.isSafeInteger(v) ? fromInt(v) : undefined;
  } else if (typeof v === 'string') {
    text = v.trim();
  } else return undefined;
  const m = /^-?\d+(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  if ((m[1]?.length ?? 0) > decimals) return undefined;
  return parseDecimal(text);
}

export function typeText(type: Type, model: Model, lang: 'zh' | 'en'): string {
  switch (type.kind) {
    case 'bool':
      return lang === 'zh' ? '是/否（true/false）' : 'yes/no (true/false)';
    case 'date':
      return lang === 'zh' ? '日期（YYYY-MM-DD）' : 'a date (YYYY-MM-DD)';
    case 'quantity':
      return isMoney(type.unit)
        ? lang === 'zh'
          ? '金额（元，如 "1500.00"）'
          : 'an amount in yuan (e.g. "1500.00")'
        : lang === 'zh'
          ? `数量（${unitText(type.unit, lang)}）`
          : `a quantity (${unitText(type.unit, lang)})`;
    case 'level':
      return lang === 'zh' ? `等级“${type.of}”` : `a level of "${type.of}"`;
    case 'enum':
      return lang === 'zh' ? `“${type.of}”之一` : `one of "${type.of}"`;
    case 'perLevel':
      return lang === 'zh' ? `按“${type.of}”计的${unitText(type.unit, lang)}数` : `${unitText(type.unit, lang)} per level of "${type.of}"`;
    case 'text':
      return lang === 'zh' ? '文字' : 'text';
    case 'unknown':
      return '?';
  }
}

/** `expected` in both languages; inputErrorText picks one. */
function expectedArgs(type: Type, model: Model): Record<string, string> {
  return { expected: typeText(type, model, 'en'), expectedZh: typeText(type, model, 'zh') };
}

/** The message of an input error in the requested language. */
export function inputErrorText(e: InputError, lang: 'zh' | 'en'): string {
  const args: Record<string, string> = { ...e.args, field: e.field };
  if (lang === 'zh' && args['expectedZh']) args['expected'] = args['expectedZh'];
  return message(e.code, lang, args);
}

export function levelByName(model: Model, type: string, name: string) {
  return model.levels.get(type)?.levels.find((l) => l.name === name || l.aliases.includes(name));
}

export function validateValue(model: Model, type: Type, raw: unknown, field: string, errors: InputError[]): Value | undefined {
  const bad = (code: InputError['code'], args: Record<string, string> = {}) => {
    errors.push({ code, field, args: { found: show(raw), ...args } });
    return undefined;
  };
  switch (type.kind) {
    case 'bool':
      return typeof raw === 'boolean' ? { t: 'bool', v: raw } : bad('P3002', expectedArgs(type, model));
    case 'date': {
      const iso = typeof raw === 'string' ? normaliseDate(raw) : undefined;
      return iso ? { t: 'date', v: iso } : bad('P3006');
    }
    case 'quantity': {
      const money = isMoney(type.unit);
      const n = exactNumber(raw, money ? 2 : 6);
      if (!n) return money ? bad('P3007') : bad('P3002', expectedArgs(type, model));
      if (n.n < 0n) return bad('P3003');
      if (isCountUnit(type.unit) && n.d !== 1n) return bad('P3008');
      if (isRankUnit(type.unit) && n.n < 1n) return bad('P3012');
      return { t: 'num', v: n };
    }
    case 'level': {
      const lt = model.levels.get(type.of);
      const lv = typeof raw === 'string' ? levelByName(model, type.of, raw.trim()) : undefined;
      if (!lv) return bad('P3004', { type: type.of, allowed: lt?.levels.map((l) => l.name).join('、') ?? '' });
      return { t: 'level', name: lv.name, rank: lv.rank };
    }
    case 'enum': {
      const et = model.enums.get(type.of);
      const ok = typeof raw === 'string' && et?.values.some((v) => v.name === raw.trim());
      if (!ok) return bad('P3004', { type: type.of, allowed: et?.values.map((v) => v.name).join('、') ?? '' });
      return { t: 'enum', name: (raw as string).trim() };
    }
    case 'perLevel': {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('P3002', expectedArgs(type, model));
      const out = new Map<string, Rat>();
      const before = errors.length;
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        const lv = levelByName(model, type.of, k);
        const sub = `${field}.${k}`;
        if (!lv) {
          errors.push({ code: 'P3004', field: sub, args: { found: show(k), type: type.of, allowed: model.levels.get(type.of)?.levels.map((l) => l.name).join('、') ?? '' } });
          continue;
        }
        const n = validateValue(model, { kind: 'quantity', unit: type.unit }, v, sub, errors);
        if (n && n.t === 'num') out.set(lv.name, n.v);
      }
      return errors.length === before ? { t: 'map', v: out } : undefined;
    }
    case 'text': {
      if (typeof raw !== 'string' || raw.trim() === '') return bad('P3002', expectedArgs(type, model));
      return { t: 'str', v: raw.trim() };
    }
    case 'unknown':
      return bad('P3002', { expected: '?' });
  }
}

/** Validates the facts of one subject. Absent or null facts are simply unknown. */
export function validateFacts(
  model: Model,
  subjectType: string,
  raw: unknown,
): { ok: true; facts: Facts } | { ok: false; errors: InputError[] } {
  const subject = model.subjects.get(subjectType);
  if (!subject) {
    return { ok: false, errors: [{ code: 'P3005', field: 'subject', args: { found: subjectType, allowed: [...model.subjects.keys()].join('、') } }] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ code: 'P3010', field: 'facts', args: {} }] };
  }
  const errors: InputError[] = [];
  const facts: Facts = new Map();
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const fact = subject.facts.get(k);
    if (!fact) {
      errors.push({ code: 'P3001', field: k, args: { subject: subjectType } });
      continue;
    }
    if (fact.derived) {
      errors.push({ code: 'P3011', field: k, args: {} });
      continue;
    }
    if (v === null || v === undefined) continue;
    const value = validateValue(model, fact.type, v, k, errors);
    if (value) facts.set(k, value);
  }
  return errors.length ? { ok: false, errors } : { ok: true, facts };
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
    case 'bool':
      return String(v.v);
    case 'num':
      return ratToString(v.v);
    default:
      return '';
  }
}

const INDEXES = new WeakMap<Benefit[], { size: number; byId: Map<string, Benefit> }>();

/** The model's benefits by id (the first of an id), kept while the list is unchanged: a ledger per example must not cost a pass over every benefit. */
export function benefitIndex(model: Model): Map<string, Benefit> {
  const cached = INDEXES.get(model.benefits);
  if (cached && cached.size === model.benefits.length) return cached.byId;
  const byId = new Map<string, Benefit>();
  for (const b of model.benefits) if (!byId.has(b.id)) byId.set(b.id, b);
  INDEXES.set(model.benefits, { size: model.benefits.length, byId });
  return byId;
}

/** The facts a ledger entry of this benefit must record (限一次 and 每年限一次), with their types. */
export function ledgerKeyTypes(model: Model, b: Benefit | undefined): Map<string, Type> {
  const out = new Map<string, Type>();
  for (const k of [...(b?.oncePer ?? []), ...(b?.oncePerYear ?? [])]) {
    const fact = b!.subjects.map((s) => model.subjects.get(s)?.facts.get(k.fact)).find((f) => f);
    if (fact) out.set(k.fact, fact.type);
  }
  return out;
}

/**
 * Validates a ledger of earlier payments. With `asOf`, a payment dated after it is an error (a ledger
 * cannot know the future; ignoring it would hide a data problem). A benefit with 限一次 / 每年限一次
 * facts needs each of them in the entry's `key`, with a valid value, and nothing else.
 */
export function validateLedger(model: Model, raw: unknown, asOf?: string): { ok: true; ledger: LedgerEntry[] } | { ok: false; errors: InputError[] } {
  if (raw === undefined || raw === null) return { ok: true, ledger: [] };
  const list = Array.isArray(raw) ? raw : (raw as { entries?: unknown }).entries;
  if (!Array.isArray(list)) return { ok: false, errors: [{ code: 'P3002', field: 'ledger', args: { found: show(raw), expected: 'an array of {benefit, date, amount}' } }] };
  const errors: InputError[] = [];
  const ledger: LedgerEntry[] = [];
  const ids = benefitIndex(model);
  list.forEach((e, i) => {
    const f = `ledger[${i}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      errors.push({ code: 'P3002', field: f, args: { found: show(e), expected: '{benefit, date, amount}' } });
      return;
    }
    const entry = e as Record<string, unknown>;
    const before = errors.length;
    if (typeof entry['benefit'] !== 'string' || !ids.has(entry['benefit'])) errors.push({ code: 'P3009', field: `${f}.benefit`, args: { found: show(entry['benefit']) } });
    const date = typeof entry['date'] === 'string' ? normaliseDate(entry['date']) : undefined;
    if (!date) errors.push({ code: 'P3006', field: `${f}.date`, args: { found: show(entry['date']) } });
    const amount = exactNumber(entry['amount'], 2);
    if (!amount) errors.push({ code: 'P3007', field: `${f}.amount`, args: { found: show(entry['amount']) } });
    else if (amount.n < 0n) errors.push({ code: 'P3003', field: `${f}.amount`, args: { found: show(entry['amount']) } });
    if (date && asOf && date > asOf) errors.push({ code: 'P3015', field: `${f}.date`, args: { found: date, asOf } });
    let key: Record<string, string> | undefined;
    const keyTypes = typeof entry['benefit'] === 'string' && ids.has(entry['benefit']) ? ledgerKeyTypes(model, ids.get(entry['benefit'])) : undefined;
    if (entry['key'] !== undefined) {
      const k = entry['key'];
      if (typeof k !== 'object' || k === null || Array.isArray(k) || Object.values(k).some((v) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) {
        errors.push({ code: 'P3002', field: `${f}.key`, args: { found: show(k), expected: '{fact: value}', expectedZh: '｛事实：值｝' } });
      } else if (keyTypes) {
        key = {};
        for (const [a, v] of Object.entries(k as Record<string, unknown>)) {
          const type = keyTypes.get(a);
          if (!type) {
            errors.push({ code: 'P3013', field: `${f}.key.${a}`, args: { found: a, benefit: entry['benefit'] as string, allowed: [...keyTypes.keys()].join('、') || '—' } });
            continue;
          }
          const value = validateValue(model, type, typeof v === 'number' && type.kind !== 'quantity' ? String(v) : v, `${f}.key.${a}`, errors);
          if (value) key[a] = keyString(value);
        }
      }
    }
    if (keyTypes && keyTypes.size > 0) {
      const absent = [...keyTypes.keys()].filter((a) => !key || !Object.hasOwn(key, a));
      if (absent.length && !errors.some((x) => x.field.startsWith(`${f}.key`)))
        errors.push({ code: 'P3014', field: `${f}.key`, args: { benefit: entry['benefit'] as string, keys: absent.join('、') } });
    }
    if (errors.length === before) ledger.push({ benefit: entry['benefit'] as string, date: date!, amount: amount!, ...(key && { key }) });
  });
  return errors.length ? { ok: false, errors } : { ok: true, ledger };
}

/**
 * Validates values for external (按规定) parameters: the same rule as facts and ledgers, so a money
 * parameter takes at most two decimals ("12.345" is an error, never rounded).
 */
export function validateParams(model: Model, raw: unknown): { ok: true; params: Record<string, Rat> } | { ok: false; errors: InputError[] } {
  if (raw === undefined || raw === null) return { ok: true, params: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: [{ code: 'P3002', field: 'params', args: { found: show(raw), expected: 'an object of amounts', expectedZh: '金额对象' } }] };
  const errors: InputError[] = [];
  const params: Record<string, Rat> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const p = model.params.get(k);
    if (!p) {
      errors.push({ code: 'P3001', field: `params.${k}`, args: { subject: 'params', found: k } });
      continue;
    }
    if (v === undefined || v === null) continue;
    const value = validateValue(model, p.type, v, `params.${k}`, errors);
    if (value?.t === 'num') params[k] = value.v;
  }
  return errors.length ? { ok: false, errors } : { ok: true, params };
}
