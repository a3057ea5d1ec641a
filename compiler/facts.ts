// Input validation at the boundary: JSON facts and ledgers become typed
// values, or a list of field errors. Nothing reaches the evaluator unchecked,
// so bad data can never produce an amount. The checking itself is
// compiler/input.ts, driven by the policy's schema (`inputSchema`, built here
// from the model once); every generated evaluator embeds the same code with
// the schema written out, so both reject the same input alike.
import type { Benefit, Fact, Model, Parameter, Type } from './model.ts';
import { mul, rat, ratToString, type Rat } from './rational.ts';
import { isCountUnit, isMoney, isRankUnit, unitText } from './units.ts';
import { message, type InputErrorCode, type MessageId } from './messages.ts';
import { labelText } from './render.ts';
import {
  renderValue,
  checkFacts,
  checkLedger,
  checkParams,
  checkValue,
  messageArgs,
  messageIdOf,
  type FactSpec,
  type FieldError,
  type InputSchema,
  type LevelSpec,
  type QuantitySpec,
  type Value,
} from './input.ts';
import type { Unit } from './model.ts';

export { daysInMonth, isValidIsoDate, normaliseDate } from './dates.ts';
export { keyString, showValue, type Value } from './input.ts';

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

export function typeText(type: Type, model: Model, lang: 'zh' | 'en'): string {
  switch (type.kind) {
    case 'bool':
      return lang === 'zh' ? '是/否（true/false）' : 'yes/no (true/false)';
    case 'date':
      return lang === 'zh' ? '日期（YYYY-MM-DD）' : 'a date (YYYY-MM-DD)';
    case 'quantity':
      if (type.percent) return lang === 'zh' ? '百分比（小数，如 0.6 即 60%）' : 'a percentage (as a fraction, e.g. 0.6 for 60%)';
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
    case 'list':
      return lang === 'zh' ? `“${type.of}”名单（每名成员一个事实对象）` : `a list of "${type.of}" (an object of facts per member)`;
    case 'unknown':
      // A fact whose declared type has an error (the checker reported it): say so rather than print a bare "?".
      return lang === 'zh' ? '声明的类型（该事实的类型声明有误，见检查错误）' : 'its declared type (the fact\'s type declaration has an error; see the checker\'s errors)';
  }
}

/** The message of an input error in the requested language. */
export function inputErrorText(e: InputError, lang: 'zh' | 'en'): string {
  return message(messageIdOf(e) as MessageId, lang, messageArgs(e, lang));
}

export function levelByName(model: Model, type: string, name: string) {
  return model.levels.get(type)?.levels.find((l) => l.name === name || l.aliases.includes(name));
}

const expectedOf = (type: Type, model: Model) => ({ expected: typeText(type, model, 'en'), expectedZh: typeText(type, model, 'zh') });

function quantitySpec(unit: Unit, model: Model): QuantitySpec {
  return { money: isMoney(unit), count: isCountUnit(unit), rank: isRankUnit(unit), expected: expectedOf({ kind: 'quantity', unit }, model) };
}

/** How input of a type is checked (compiler/input.ts). */
export function factSpec(type: Type, model: Model): FactSpec {
  switch (type.kind) {
    case 'bool':
      return { k: 'bool', expected: expectedOf(type, model) };
    case 'date':
      return { k: 'date' };
    case 'quantity':
      return { k: 'quantity', q: quantitySpec(type.unit, model) };
    case 'level':
      return { k: 'level', of: type.of };
    case 'enum':
      return { k: 'enum', of: type.of };
    case 'perLevel':
      return { k: 'perLevel', of: type.of, q: quantitySpec(type.unit, model), expected: expectedOf(type, model) };
    case 'text':
      return { k: 'text', expected: expectedOf(type, model) };
    case 'list':
      return { k: 'list', of: type.of, expected: expectedOf(type, model) };
    case 'unknown':
      return { k: 'unknown' };
  }
}

const schemas = new WeakMap<Model, InputSchema>();

/** The policy's input schema: what compiler/input.ts checks facts, ledgers and parameters against. Built once per model. */
/** A parameter's spec: its type's, with the range the text fixes (3000元至6000元) checked at the boundary (P3030). */
function paramSpec(p: Parameter, model: Model): FactSpec {
  const spec = factSpec(p.type, model);
  if (p.keys && spec.k === 'quantity' && p.type.kind === 'quantity') {
    const unit = p.type.unit;
    const keyText = (lang: 'zh' | 'en') => p.keys!.map((k) => (k.kind === 'text' ? (lang === 'zh' ? '文字' : 'text') : k.of)).join(lang === 'zh' ? '、' : ', ');
    const ranges = (p.keyRanges ?? []).map((r) => {
      const show = (x: Rat, lang: 'zh' | 'en') => renderValue({ t: 'num', v: x }, lang, { yes: '', no: '' }, unitText(unit, lang));
      return { key: r.key, value: r.value, range: { low: ratToString(r.low, 12), high: ratToString(r.high, 12), zh: `${show(r.low, 'zh')}至${show(r.high, 'zh')}`, en: `${show(r.low, 'en')} to ${show(r.high, 'en')}` } };
    });
    return {
      k: 'keyed',
      keys: p.keys.map((k) => (k.kind === 'text' ? { k: 'text' as const } : { k: k.kind, of: k.of })),
      q: spec.q,
      expected: { expected: `an object keyed by ${keyText('en')} (one level per key), each value ${spec.q.expected.expected}`, expectedZh: `按${keyText('zh')}逐层取键的对象，每项为${spec.q.expected.expectedZh}` },
      ...(ranges.length && { ranges }),
    };
  }
  return bounded(spec, p.type, p.bounds);
}

/**
 * A quantity's spec with the range the text fixes (a parameter's 3000元至6000元 or 不超过50%, a reviewed amount's 核定
 * 20万元至500万元), checked at the boundary (P3030).
 */
function bounded(spec: FactSpec, type: Type, bounds: Parameter['bounds']): FactSpec {
  if (spec.k !== 'quantity' || !bounds || (!bounds.low && !bounds.high) || type.kind !== 'quantity') return spec;
  const unit = type.unit;
  const { low, high } = bounds;
  const text = (lang: 'zh' | 'en') => {
    const show = (r: Rat) => (type.percent ? `${ratToString(mul(r, rat(100n)))}%` : renderValue({ t: 'num', v: r }, lang, { yes: '', no: '' }, unitText(unit, lang)));
    if (low && high) return lang === 'zh' ? `${show(low)}至${show(high)}` : `${show(low)} to ${show(high)}`;
    if (high) return message(bounds.highExcl ? 'range.below' : 'range.atMost', lang, { v: show(high) });
    return message(bounds.lowExcl ? 'range.above' : 'range.atLeast', lang, { v: show(low!) });
  };
  const range = {
    ...(low && { low: ratToString(low, 12) }),
    ...(high && { high: ratToString(high, 12) }),
    ...(bounds.lowExcl && { lowExcl: true as const }),
    ...(bounds.highExcl && { highExcl: true as const }),
    zh: text('zh'),
    en: text('en'),
  };
  return { k: 'quantity', q: { ...spec.q, range } };
}

/** A fact given in a declared multiple (`出口额：万美元；`) is asked for in that unit, not in the base unit. */
function givenInSpec(fact: Fact, spec: FactSpec): FactSpec {
  if (!fact.givenIn || spec.k !== 'quantity') return spec;
  const u = fact.givenIn.unit;
  return { k: 'quantity', q: { ...spec.q, expected: { expected: `a quantity (${fact.givenIn.en ?? u})`, expectedZh: `数量（${u}）` } } };
}

/** A fact's spec: its type's; a reviewed amount's (核定) with the range the text states. */
function factSpecOf(fact: Fact, model: Model): FactSpec {
  const spec = givenInSpec(fact, factSpec(fact.type, model));
  const r = fact.reviewed;
  return r?.low && r.high ? bounded(spec, fact.type, { low: r.low, high: r.high }) : spec;
}

export function inputSchema(model: Model): InputSchema {
  let s = schemas.get(model);
  if (s) return s;
  const levels = new Map<string, LevelSpec>();
  for (const [name, lt] of model.levels) {
    const byName = new Map<string, { name: string; rank: number; label: { zh: string; en: string } }>();
    for (const l of lt.levels)
      for (const spelling of [l.name, ...l.aliases])
        if (!byName.has(spelling)) byName.set(spelling, { name: l.name, rank: l.rank, label: { zh: labelText(l.label, 'zh', l.name), en: labelText(l.label, 'en', l.name) } });
    levels.set(name, { byName, allowed: lt.levels.map((l) => l.name).join('、') });
  }
  const enums = new Map(
    [...model.enums].map(([name, et]) => [
      name,
      { values: new Map(et.values.map((v) => [v.name, { zh: labelText(v.label, 'zh', v.name), en: labelText(v.label, 'en', v.name) }])), allowed: et.values.map((v) => v.name).join('、') },
    ]),
  );
  const subjects = new Map(
    [...model.subjects].map(([name, subj]) => [name, new Map([...subj.facts].map(([f, fact]) => [f, fact.derived ? ({ k: 'derived' } as const) : factSpecOf(fact, model)]))]),
  );
  const benefitKeys = new Map<string, Map<string, FactSpec>>();
  for (const b of model.benefits) {
    const kt = ledgerKeyTypes(model, b);
    if (kt.size) benefitKeys.set(b.id, new Map([...kt].map(([f, t]) => [f, factSpec(t, model)])));
  }
  s = {
    subjects,
    levels,
    enums,
    params: new Map([...model.params].map(([name, p]) => [name, paramSpec(p, model)])),
    benefits: new Set(model.benefits.map((b) => b.id)),
    benefitKeys,
  };
  schemas.set(model, s);
  return s;
}

const asInputErrors = (errors: FieldError[]): InputError[] => errors as InputError[];

export function validateValue(model: Model, type: Type, raw: unknown, field: string, errors: InputError[]): Value | undefined {
  return checkValue(inputSchema(model), factSpec(type, model), raw, field, errors as FieldError[]);
}

/** Validates the facts of one subject. Absent or null facts are simply unknown. */
export function validateFacts(model: Model, subjectType: string, raw: unknown): { ok: true; facts: Facts } | { ok: false; errors: InputError[] } {
  const r = checkFacts(inputSchema(model), subjectType, raw);
  return r.ok ? r : { ok: false, errors: asInputErrors(r.errors) };
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

/** The facts a ledger entry of this benefit must record (限一次, 每年限一次, 限一次：N年内, 每年最多 / 最多 and a cap's per-key facts), with their types. */
export function ledgerKeyTypes(model: Model, b: Benefit | undefined): Map<string, Type> {
  const out = new Map<string, Type>();
  const capKeys = b?.amount ? [...(b.capKeys?.['annual-cap'] ?? []), ...(b.capKeys?.['cumulative-cap'] ?? [])] : [];
  // 限一次：N年内 and 每年最多 / 最多 read their facts from each payment too.
  const quotaKeys = [...(b?.oncePerWithin ?? []).flatMap((w) => w.keys), ...(b?.distinct ?? []).flatMap((d) => d.keys)];
  for (const k of [...(b?.oncePer ?? []), ...(b?.oncePerYear ?? [])].flat().concat(capKeys, quotaKeys)) {
    const fact = b!.subjects.map((s) => model.subjects.get(s)?.facts.get(k.fact)).find((f) => f);
    if (fact) out.set(k.fact, fact.type);
  }
  // 每档一次: each entry records the value of the bracketed fact it was paid for.
  if (b?.perBracket) {
    const fact = b.subjects.map((s) => model.subjects.get(s)?.facts.get(b.perBracket!.fact)).find((f) => f);
    if (fact) out.set(b.perBracket.fact, fact.type);
  }
  return out;
}

/**
 * Validates a ledger of earlier payments. With `asOf`, a payment dated after it is an error (a ledger
 * cannot know the future; ignoring it would hide a data problem). A benefit with 限一次 / 每年限一次
 * facts needs each of them in the entry's `key`, with a valid value, and nothing else.
 */
export function validateLedger(model: Model, raw: unknown, asOf?: string): { ok: true; ledger: LedgerEntry[] } | { ok: false; errors: InputError[] } {
  const r = checkLedger(inputSchema(model), raw, asOf);
  return r.ok ? r : { ok: false, errors: asInputErrors(r.errors) };
}

/**
 * Validates values for external (按规定) parameters: the same rule as facts and ledgers, so a money
 * parameter takes at most two decimals ("12.345" is an error, never rounded).
 */
export function validateParams(model: Model, raw: unknown): { ok: true; params: Record<string, Rat> } | { ok: false; errors: InputError[] } {
  const r = checkParams(inputSchema(model), raw);
  return r.ok ? { ok: true, params: Object.fromEntries(r.params) } : { ok: false, errors: asInputErrors(r.errors) };
}
