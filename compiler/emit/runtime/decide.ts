// The emit target's small runtime: what every generated evaluator calls around its per-benefit code —
// the public types, input checking (compiler/input.ts with the module's schema), the steps of a full
// decision with reasons (`Decider`: subject, validity, period, conditions, ledger, amount, money), the
// exclusion groups, compact decisions and their fast-path money steps, and the batch API.
//
// The generated module defines the tables declared below (its schema, message templates, benefits …);
// this file's lines above the marker are dropped when it is bundled (compiler/emit/bundle.ts).
//
// Rules: imports only runtime modules, no Node or DOM APIs (it runs unchanged in a browser bundle), no JS
// number ever holds an amount unless it is an integer count of fen checked to be exact, and it must
// type-check under the strictest flags a project may turn on.
import type { InputErrorCode, ReasonCode } from '../../messages.ts';
import type { InputSchema } from '../../input.ts';

declare const SCHEMA: InputSchema;
declare const MESSAGES: Readonly<Record<string, Text>>;
declare const POLICY_PERIOD: { readonly effective: string | null; readonly end: string | null };
declare const DERIVED: ReadonlyMap<string, ReadonlyMap<string, (x: Ctx) => Res>>;
declare const FACT_DISPLAY: ReadonlyMap<string, FactDisplay>;
/** How English reasons name subjects and parameters (compiler/render.ts displayName). */
declare const NAMES_EN: ReadonlyMap<string, string>;
declare const ENUM_VALUE_LABELS: ReadonlyMap<string, Text>;
declare const INTERACTIONS: readonly Interaction[];
declare const YES_NO: { readonly zh: { readonly yes: string; readonly no: string }; readonly en: { readonly yes: string; readonly no: string } };
declare const BENEFITS: readonly BenefitEntry[];
declare const SUBJECT_PLANS: ReadonlyMap<string, SubjectPlan>;

// ---- runtime begins ----
import { fenToString, parseDecimal, ratToString, roundTo, type Rat, type RoundingMode } from '../../rational.ts';
import { isValidIsoDate, periodEnd } from '../../dates.ts';
import { fillTemplate } from '../../template.ts';
import {
  checkFacts,
  checkLedger,
  checkParams,
  factsJson,
  keyString,
  ledgerJson,
  messageArgs,
  plainData,
  renderValue,
  setOwn,
  showValue,
  type FieldError,
  type LedgerItem,
  type LedgerJson,
  type Value,
} from '../../input.ts';
import {
  frequencyRefusal,
  keyFacts,
  noteArgs,
  quotaRefusal,
  readLedger,
  settle,
  settleAnnualCap,
  settleCeiling,
  settleRunningTotal,
  startSettling,
  monthsRefusal, timesRefusal,
  MONEY_NOTES,
  type CapState,
  type KeyFact,
  type LedgerQuery,
  type LedgerRead,
  type LedgerRules,
  type NeutralNote,
  type PaidEntry,
  type ReadResult,
  type RunningState,
  type Settling,
} from '../../ledger.ts';
import type { Ctx, Lang as ValuesLang, Res } from './values.ts';

export type Lang = ValuesLang;
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
/** An exact amount in fen (分): a JS integer while it is a safe integer, a bigint beyond. */
export type Fen = number | bigint;

export interface Text {
  readonly zh: string;
  readonly en: string;
}

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
  /** 付款方: who pays the amount when it is not a public fund (then `fund` is null and the total does not count it). */
  payer?: string;
  /** 金额性质：税前扣除: the amount is a deduction before tax, not money paid (the total does not count it). */
  kind?: AmountKind;
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
  /** Sum of the eligible amounts paid from a fund (not those of a 付款方 or a 税前扣除). */
  total: Yuan;
}

/** What an amount is when it is not money paid: 金额性质：税前扣除. */
export type AmountKind = 'tax-deduction';

/**
 * A compact decision of one benefit for one subject (the fast path, `decide`): no text is built. `code` is the
 * reason that decided it (the first reason of the full decision that is not a note on the amount), or null;
 * `explain()` gives the full decision with its reasons when they are wanted.
 */
export interface Compact<B extends string = string> {
  benefit: B;
  status: Status;
  /** The amount in fen when eligible with an amount, else null. */
  fen: Fen | null;
  code: ReasonCode | null;
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

/** How a fact's value is shown in a reason: enum labels, or the unit of a quantity. */
export interface FactDisplay {
  /** The fact's label (English output names a fact by it). */
  readonly label?: Text;
  readonly enumLabels?: ReadonlyMap<string, Text>;
  readonly unit?: Text;
  /** A rank (名): English shows it as a place, “8th place”. */
  readonly rank?: boolean;
}

export interface Interaction {
  readonly mode: 'higher-of' | 'exclusive' | 'priority';
  readonly members: readonly string[];
}

/** The static description of one benefit, next to its code in the generated module. */
export interface BenefitInfo {
  readonly id: string;
  readonly clause: string | null;
  readonly title: Text;
  readonly subjects: readonly string[];
  readonly fund: Text | null;
  /** 付款方 (not a public fund). */
  readonly payer: Text | null;
  /** 金额性质 (not money paid). */
  readonly kind: AmountKind | null;
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
  /** The parameters (按规定) its code reads: without one, the exact path decides it. */
  readonly params: readonly string[];
}

/** One benefit of the generated module: its description and its exact decision (with reasons). */
export interface BenefitEntry {
  readonly info: BenefitInfo;
  readonly decide: (x: Ctx) => BenefitDecision;
}

/** A subject type's compiled plan: its fast decisions and how its typed record is read from checked facts. */
export interface SubjectPlan {
  /** Indices into BENEFITS of the benefits for this subject type, in policy order. */
  readonly benefits: readonly number[];
  /** The typed record of the fast path, from checked facts; null when a value does not fit it exactly. */
  readonly typed: (facts: ReadonlyMap<string, Value>) => object | null;
  /** Every benefit of the subject type, decided compactly (benefits the fast path cannot decide fall back to `exact`). */
  readonly decide: (p: Prepared, x: Run) => Compact[];
}

// ---- messages ----

export function message(code: string, lang: Lang, args: Readonly<Record<string, string>>): string {
  const t = MESSAGES[code];
  return t ? fillTemplate(lang === 'zh' ? t.zh : t.en, args) : code;
}

export function inputErrors(errors: readonly FieldError[], lang: Lang): InputError[] {
  return errors.map((e) => ({ code: e.code as InputErrorCode, field: e.field, message: message(e.code, lang, messageArgs(e, lang)), args: e.args }));
}

const pick = (t: Text, lang: Lang): string => (lang === 'zh' ? t.zh : t.en);

function renderFact(x: Ctx, name: string): string {
  const v = x.facts.get(name);
  if (!v) return '?';
  const display = FACT_DISPLAY.get(name);
  if (v.t === 'enum' && display?.enumLabels) {
    const label = display.enumLabels.get(v.name);
    return label ? pick(label, x.lang) : v.name;
  }
  if (v.t === 'level') return valueShown(x, name, v.name);
  return renderValue(v, x.lang, YES_NO[x.lang], display?.unit ? pick(display.unit, x.lang) : undefined, display?.rank ?? false);
}

/** How a language names a fact (docs/language.md §4: the English label, else the Chinese label, else the name). */
function factShown(fact: string, lang: Lang): string {
  const label = FACT_DISPLAY.get(fact)?.label;
  return lang === 'zh' || !label ? fact : label.en;
}

/** A subject or parameter, named in a language. */
const nameShown = (name: string, lang: Lang): string => (lang === 'zh' ? name : (NAMES_EN.get(name) ?? name));

/** A level or enum value of the subject's fact, by its label. */
function valueShown(x: Ctx, fact: string, value: string): string {
  const type = SCHEMA.subjects.get(x.subject)?.get(fact);
  const label =
    type?.k === 'enum' ? SCHEMA.enums.get(type.of)?.values.get(value) : type?.k === 'level' || type?.k === 'perLevel' ? SCHEMA.levels.get(type.of)?.byName.get(value)?.label : undefined;
  return label ? pick(label, x.lang) : value;
}

/** P4012's list of missing facts. */
const missingText = (facts: readonly string[], lang: Lang): string => facts.map((f) => factShown(f, lang)).join(lang === 'zh' ? '、' : ', ');

function outcomeText(v: Value, lang: Lang): string {
  if (v.t === 'enum') {
    const label = ENUM_VALUE_LABELS.get(v.name);
    if (label) return pick(label, lang);
  }
  return renderValue(v, lang, YES_NO[lang]);
}

// ---- input ----

/** Checks JSON facts: normalised facts, or every field error. */
export function validateFactsImpl(subjectType: string, raw: unknown, lang: Lang): Validation<Record<string, unknown>> {
  const errors: FieldError[] = [];
  const data = plainData(raw, '', errors);
  if (errors.length) return { ok: false, errors: inputErrors(errors, lang) };
  const r = checkFacts(SCHEMA, subjectType, data);
  return r.ok ? { ok: true, facts: factsJson(SCHEMA, subjectType, r.facts) } : { ok: false, errors: inputErrors(r.errors, lang) };
}

export function validateLedgerImpl(raw: unknown, lang: Lang, asOf?: string): LedgerValidation<LedgerJson> {
  const errors: FieldError[] = [];
  const data = plainData(raw, 'ledger', errors);
  if (errors.length) return { ok: false, errors: inputErrors(errors, lang) };
  const r = checkLedger(SCHEMA, data, asOf);
  return r.ok ? { ok: true, ledger: ledgerJson(r.ledger) } : { ok: false, errors: inputErrors(r.errors, lang) };
}

export interface RuntimeOptions {
  asOf: string;
  ledger?: unknown;
  params?: unknown;
  lang?: Lang;
  trace?: boolean;
}

/** Options read once as plain data: the object, or an error. */
function readOptions(raw: unknown, errors: FieldError[]): RuntimeOptions {
  const data = plainData(raw, 'options', errors);
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as RuntimeOptions;
  if (!errors.length)
    errors.push({ code: 'P3002', field: 'options', args: { found: showValue(data), expected: 'an object { asOf, ledger?, params?, lang? }', expectedZh: '对象 { asOf, ledger?, params?, lang? }' } });
  return { asOf: '' };
}

/** Parameters checked before, by the object passed: reused while every value is the same (read again, compared with ===). */
const PARAMS_SEEN = new WeakMap<object, { readonly keys: readonly string[]; readonly values: readonly unknown[]; readonly params: ReadonlyMap<string, Rat> }>();

function paramsOf(raw: unknown): ReadonlyMap<string, Rat> | undefined {
  if (raw === undefined || raw === null) return NO_PARAMS;
  if (typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const keys = Object.keys(raw);
  const values = keys.map((k) => (raw as Record<string, unknown>)[k]);
  const seen = PARAMS_SEEN.get(raw);
  if (seen && seen.keys.length === keys.length && seen.keys.every((k, i) => k === keys[i] && seen.values[i] === values[i])) return seen.params;
  const data: Record<string, unknown> = {};
  keys.forEach((k, i) => setOwn(data, k, values[i]));
  const p = checkParams(SCHEMA, data);
  if (!p.ok) return undefined;
  PARAMS_SEEN.set(raw, { keys, values, params: p.params });
  return p.params;
}

const NO_PARAMS: ReadonlyMap<string, Rat> = new Map();

/** The as-of date last found valid (a batch asks for the same date every time). */
let lastAsOf = '';

/**
 * The common case of `context`, without copying the input first: options, facts and parameters read once each,
 * straight from what the caller passed. Anything unusual — an error, a value that is not plain data, a getter that
 * throws — returns undefined, and `context` then reads everything as plain data and reports every problem.
 */
function quickContext(subjectType: unknown, rawFacts: unknown, rawOptions: unknown): Ctx | undefined {
  if (typeof subjectType !== 'string' || typeof rawOptions !== 'object' || rawOptions === null || Array.isArray(rawOptions)) return undefined;
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(rawOptions)) {
    const v = (rawOptions as Record<string, unknown>)[k];
    if (typeof v === 'function') return undefined;
    setOwn(o, k, v);
  }
  const asOf = o['asOf'];
  if (typeof asOf !== 'string') return undefined;
  if (asOf !== lastAsOf) {
    if (!isValidIsoDate(asOf)) return undefined;
    lastAsOf = asOf;
  }
  const f = checkFacts(SCHEMA, subjectType, rawFacts);
  if (!f.ok) return undefined;
  const params = paramsOf(o['params']);
  if (!params) return undefined;
  let ledger: readonly LedgerItem[] = [];
  if (o['ledger'] !== undefined && o['ledger'] !== null) {
    const errors: FieldError[] = [];
    const data = plainData(o['ledger'], 'ledger', errors);
    const l = errors.length ? undefined : checkLedger(SCHEMA, data, asOf);
    if (!l || !l.ok) return undefined;
    ledger = l.ledger;
  }
  return { subject: subjectType, facts: f.facts, derived: DERIVED.get(subjectType), params, asOf, ledger, lang: o['lang'] === 'en' ? 'en' : 'zh', trace: o['trace'] === true };
}

function context(subjectType: string, rawFacts: unknown, rawOptions: unknown): Ctx {
  try {
    const quick = quickContext(subjectType, rawFacts, rawOptions);
    if (quick) return quick;
  } catch {
    // Not plain data: read below, where every problem is reported at its field.
  }
  // Everything the caller passed is first read once as plain data (input.ts plainData).
  const errors: FieldError[] = [];
  const options = readOptions(rawOptions, errors);
  const lang: Lang = options.lang === 'en' ? 'en' : 'zh';
  if (typeof subjectType !== 'string') {
    errors.push({ code: 'P3005', field: 'subject', args: { found: showValue(subjectType), allowed: [...SCHEMA.subjects.keys()].join('、') } });
    throw new PolicyInputError(inputErrors(errors, lang));
  }
  const facts = plainData(rawFacts, '', errors);
  if (errors.length) throw new PolicyInputError(inputErrors(errors, lang));
  const f = checkFacts(SCHEMA, subjectType, facts);
  if (!f.ok) for (const e of f.errors) errors.push(e);
  const asOf = typeof options.asOf === 'string' && isValidIsoDate(options.asOf) ? options.asOf : undefined;
  const l = checkLedger(SCHEMA, options.ledger, asOf);
  if (!l.ok) for (const e of l.errors) errors.push(e);
  const p = checkParams(SCHEMA, options.params);
  if (!p.ok) for (const e of p.errors) errors.push(e);
  if (!asOf) errors.push({ code: 'P3006', field: 'asOf', args: { found: showValue(options.asOf) } });
  if (!f.ok || !l.ok || !p.ok || !asOf || errors.length) throw new PolicyInputError(inputErrors(errors, lang));
  return { subject: subjectType, facts: f.facts, derived: DERIVED.get(subjectType), params: p.params, asOf, ledger: l.ledger, lang, trace: options.trace === true };
}

// ---- deciding one benefit, with reasons ----

/** Walks one benefit through the reference evaluator's steps: subject, policy period, own period, conditions, amount, caps. */
export class Decider {
  readonly d: BenefitDecision;
  /** True when the benefit was decided before its conditions (outside the policy period). */
  closed = false;
  /** True when the period or a condition fails, or a condition decided the benefit. */
  failed = false;
  /** A condition needs a parameter nobody gave: the benefit is undetermined and later conditions are not looked at. */
  private stopped = false;
  private readonly missing = new Set<string>();
  /** Conditions that divided by zero. */
  private readonly divisionErrors = new Set<string>();
  private readonly log: string[] | undefined;
  /** The days the benefit is in force for this subject: the policy period, narrowed by the benefit's 期限. */
  private readonly inForce: { start: string; end: string };
  /** The ledger's view of this subject, made at its first read (after the key facts and the period). */
  private query: LedgerQuery | undefined;
  /** 每年限次, evaluated. */
  private times: Rat | undefined;
  /** 最长享受, evaluated (months). */
  private months: Rat | undefined;
  /** The values of the ledger key facts. */
  private readonly key: Record<string, string> = {};
  private amount: Res | undefined;
  private outcome: Res | undefined;
  /** The money steps' state after `round`. */
  private settling: Settling | undefined;

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
      ...(b.payer && { payer: pick(b.payer, x.lang) }),
      ...(b.kind && { kind: b.kind }),
      payment: b.payment,
      outcome: null,
      reasons: [],
      missing: [],
    };
    this.log = x.trace ? (this.d.trace = []) : undefined;
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

  reason(code: ReasonCode, args: Record<string, string>): void {
    this.d.reasons.push({ code, message: message(code, this.x.lang, args), args });
  }

  /** P4004: the table has no entry for the subject's value (shown with its label when it is an enum). */
  noStandard(ns: { readonly fact: string; readonly value: string }): void {
    this.reason('P4004', { fact: factShown(ns.fact, this.x.lang), value: valueShown(this.x, ns.fact, ns.value) });
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
          this.reason('P4010', { param: nameShown(r.external, this.x.lang) });
          this.failed = this.stopped = true;
          return;
        } else this.divisionErrors.add(text);
      }
      this.log?.push(`? ${text}`);
    } else if (r.t === 'bool' && !r.v) {
      this.failed = true;
      const zh = this.x.lang === 'zh';
      const values = c.facts.map((name) => `${factShown(name, this.x.lang)}${zh ? '：' : ': '}${renderFact(this.x, name)}`).join(zh ? '，' : ', ');
      this.reason('P4003', { condition: text, values });
      this.log?.push(`✗ ${text}`);
    } else this.log?.push(`✓ ${text}`);
  }

  /** `stop-if-division`: nothing missing but a condition divided by zero → undetermined, one P4013 each. */
  divided(): boolean {
    if (this.missing.size > 0 || this.divisionErrors.size === 0) return false;
    this.d.status = 'undetermined';
    for (const expr of this.divisionErrors) this.reason('P4013', { expr });
    return true;
  }

  /** `if-known`: the ledger steps run only when no fact is missing so far. */
  get known(): boolean {
    return this.missing.size === 0;
  }

  /** 每年限次 limit (`times-limit`), evaluated: no standard → ineligible P4004; missing facts → undetermined P4012. */
  timesLimit(limit: Res): boolean {
    if (limit.t === 'fail') {
      // No limit for this value is not "no limit": the benefit cannot be granted.
      if (limit.noStandard) {
        this.noStandard(limit.noStandard);
        return true;
      }
      if (limit.missing.length) {
        this.d.status = 'undetermined';
        this.d.missing = [...limit.missing];
        this.reason('P4012', { facts: missingText(this.d.missing, this.x.lang) });
        return true;
      }
    } else if (limit.t === 'num') this.times = limit.v;
    return false;
  }

  /** 最长享受 limit (`months-limit`), evaluated as 每年限次 is: no standard → ineligible P4004; missing facts → undetermined P4012. */
  monthsLimit(limit: Res): boolean {
    if (limit.t === 'fail') {
      if (limit.noStandard) {
        this.noStandard(limit.noStandard);
        return true;
      }
      if (limit.missing.length) {
        this.d.status = 'undetermined';
        this.d.missing = [...limit.missing];
        this.reason('P4012', { facts: missingText(this.d.missing, this.x.lang) });
        return true;
      }
    } else if (limit.t === 'num') this.months = limit.v;
    return false;
  }

  /** `key-facts`: the ledger key facts must be known, else undetermined P4012 naming them. */
  keyFacts(facts: readonly string[]): boolean {
    const missing: string[] = [];
    for (const f of facts) {
      const v = this.x.facts.get(f);
      if (v) setOwn(this.key, f, keyString(v));
      else missing.push(f);
    }
    if (!missing.length) return false;
    this.d.status = 'undetermined';
    this.d.missing = missing;
    this.reason('P4012', { facts: missingText(missing, this.x.lang) });
    return true;
  }

  /** A ledger read over this benefit's earlier payments (compiler/ledger.ts readLedger). */
  private read(read: LedgerRead): ReadResult {
    this.query ??= ledgerQuery(this.x, this.b.id, this.inForce, this.key, this.times);
    return readLedger(read, this.query);
  }

  private refuse(n: NeutralNote | null): boolean {
    if (!n) return false;
    this.reason(n.code as ReasonCode, noteArgs(n, this.query!));
    return true;
  }

  /** `quota`: 每年限次 (P4014), 限一次 (P4015), 每年限一次 (P4020) used up → ineligible. */
  quota(rule: 'times-per-year' | 'months' | 'once' | 'once-per-year', keys: readonly KeyFact[], read: LedgerRead): boolean {
    if (rule === 'times-per-year') return this.times ? this.refuse(timesRefusal(this.read(read).count, this.times, this.x.asOf)) : false;
    // 最长享受 (P4040): the months paid, one payment a month.
    if (rule === 'months') return this.months ? this.refuse(monthsRefusal(this.read(read).count, this.months)) : false;
    return this.refuse(quotaRefusal(rule === 'once-per-year', keys, this.read(read).latest, this.x.asOf));
  }

  /** `frequency` (发放): paid already in this payment period (and occasion) → ineligible with `code`. */
  frequency(code: string, keys: readonly KeyFact[], read: LedgerRead): boolean {
    return this.refuse(frequencyRefusal(code, keys, this.read(read), this.x.asOf));
  }

  /** `value`: the amount (金额) or the equivalence (视同), evaluated; no standard → ineligible P4004; missing facts collected. */
  value(of: 'amount' | 'outcome', r: Res): boolean {
    if (of === 'amount') this.amount = r;
    else this.outcome = r;
    if (r.t === 'fail' && r.noStandard) {
      this.noStandard(r.noStandard);
      return true;
    }
    if (r.t === 'fail') for (const m of r.missing) this.missing.add(m);
    if (r.t === 'fail' && r.divByZero && r.missing.length === 0) {
      this.d.status = 'undetermined';
      this.reason('P4013', { expr: this.x.lang === 'zh' ? '金额' : 'the amount' });
      return true;
    }
    return false;
  }

  /** `stop-if-missing`: facts are missing → undetermined, P4012 naming them (first mention first). */
  stopIfMissing(): boolean {
    if (this.missing.size === 0) return false;
    this.d.status = 'undetermined';
    this.d.missing = [...this.missing];
    this.reason('P4012', { facts: missingText(this.d.missing, this.x.lang) });
    return true;
  }

  /** `eligible`: granted; the designation or the equivalence's value is the outcome. */
  eligible(): void {
    const { d, b, x } = this;
    d.status = 'eligible';
    if (b.designation) d.outcome = pick(b.designation, x.lang);
    const o = this.outcome;
    if (o && o.t !== 'fail') d.outcome = outcomeText(o, x.lang);
  }

  /** `round`: the amount rounded to 1/scale yuan, in fen; an amount set by a parameter nobody gave → eligible, P4010. */
  round(scale: bigint, mode: RoundingMode): boolean {
    const a = this.amount;
    if (!a || a.t === 'fail') {
      this.reason('P4010', { param: nameShown((a && a.t === 'fail' && a.external) || '', this.x.lang) });
      return true;
    }
    const computed = roundTo((a as { v: Rat }).v, scale, mode) * (100n / scale);
    this.log?.push(`amount ${fenToString(computed)}`);
    this.settling = startSettling(computed);
    return false;
  }

  private noted(before: number): boolean {
    const m = this.settling!;
    for (let i = before; i < m.notes.length; i++) this.reason(m.notes[i]!.code as ReasonCode, m.notes[i]!.args);
    if (!m.refused) return false;
    this.d.status = 'ineligible';
    this.reason(m.refused.code as ReasonCode, m.refused.args);
    return true;
  }

  /** `ceiling` (最高), fen. */
  ceiling(fen: bigint): boolean {
    const m = this.settling!;
    const before = m.notes.length;
    settleCeiling(m, fen);
    if (m.ceilingCut !== null) this.d.ceiling = fenToString(m.ceilingCut);
    return this.noted(before);
  }

  /** `running-total` (累计): what the totals give now, less what the ledger shows for the period. */
  runningTotal(read: LedgerRead, annualCap: bigint | null): boolean {
    const m = this.settling!;
    const before = m.notes.length;
    const r = this.read(read);
    settleRunningTotal(m, r, r.window ?? this.inForce, annualCap);
    if (m.runningTotal) this.d.runningTotal = m.runningTotal;
    return this.noted(before);
  }

  /** `annual-cap` (每年累计不超过), fen, against this year's payments. */
  annualCap(fen: bigint, read: LedgerRead): boolean {
    const m = this.settling!;
    const before = m.notes.length;
    settleAnnualCap(m, fen, this.read(read), this.x.asOf);
    if (m.annualCap) this.d.annualCap = m.annualCap;
    return this.noted(before);
  }

  /** `positive`: nothing to pay → ineligible P4011; otherwise the amount is paid. */
  positive(): BenefitDecision {
    const { d } = this;
    const fen = this.settling!.fen;
    if (fen <= 0n) {
      d.status = 'ineligible';
      this.reason('P4011', { amount: fenToString(fen) });
      return d;
    }
    d.amount = fenToString(fen);
    paidFen = fen;
    return d;
  }
}

/** The fen of the amount the last `positive` step paid (read by decideAll, so the total needs no parsing of the text). */
let paidFen = 0n;

const RULES = new WeakMap<BenefitInfo, LedgerRules>();

const asIs = (fact: string): string => fact;
const valueAsIs = (_fact: string, value: string): string => value;
const noRank = (): undefined => undefined;

function rulesOf(b: BenefitInfo): LedgerRules {
  let r = RULES.get(b);
  if (!r) RULES.set(b, (r = { payment: b.payment, oncePer: b.oncePer, oncePerYear: b.oncePerYear, runningTotal: b.runningTotal, ceiling: b.ceiling, annualCap: b.annualCap }));
  return r;
}

function ledgerQuery(x: Ctx, benefit: string, inForce: { start: string; end: string }, key: Record<string, string>, times: Rat | undefined): LedgerQuery {
  // No payment on record: nothing is matched or worded from the ledger, so no functions need be made for it.
  if (x.ledger.length === 0)
    return { asOf: x.asOf, inForce, prior: [], key, rank: noRank, timesPerYear: times ? { n: times.n, d: times.d } : null, lang: x.lang, factLabel: asIs, valueLabel: valueAsIs };
  const subject = SCHEMA.subjects.get(x.subject);
  return {
    asOf: x.asOf,
    inForce,
    prior: x.ledger.filter((e) => e.benefit === benefit && e.date <= x.asOf).map((e) => ({ date: e.date, fen: roundTo(e.amount, 100n, 'half-up'), ...(e.key && { key: e.key }) })),
    key,
    rank: (fact, value) => {
      const type = subject?.get(fact);
      return SCHEMA.levels.get(type?.k === 'level' ? type.of : '')?.byName.get(value)?.rank;
    },
    timesPerYear: times ? { n: times.n, d: times.d } : null,
    lang: x.lang,
    factLabel: (fact) => factShown(fact, x.lang),
    valueLabel: (fact, value) => {
      const type = subject?.get(fact);
      if (type?.k === 'enum') {
        const label = SCHEMA.enums.get(type.of)?.values.get(value);
        return label ? pick(label, x.lang) : value;
      }
      if (type?.k === 'level') {
        const label = SCHEMA.levels.get(type.of)?.byName.get(value)?.label;
        return label ? pick(label, x.lang) : value;
      }
      return value;
    },
  };
}

/** "16000.00" (as written by this module) → 1600000n; null → 0n. */
function fenOf(s: string | null): bigint {
  if (!s) return 0n;
  const r = parseDecimal(s);
  return r ? roundTo(r, 100n, 'half-up') : 0n;
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

/**
 * P4001 (“only for …”) decisions of the benefits that are not for a subject type: the same every time, so they are
 * built once per (subject type, language, trace) and shared, frozen. Per subject type and variant: a list with the
 * shared decision of each benefit that is not the subject's, and null where the benefit is decided.
 */
const NOT_FOR_SUBJECT = new Map<string, (readonly (BenefitDecision | null)[] | undefined)[]>();

function notForSubject(b: BenefitInfo, subject: string, lang: Lang, trace: boolean): BenefitDecision {
  const args = Object.freeze({ subjects: b.subjects.map((s) => nameShown(s, lang)).join(lang === 'zh' ? '、' : ', '), subject: nameShown(subject, lang) });
  const reason = Object.freeze({ code: 'P4001' as ReasonCode, message: message('P4001', lang, args), args });
  const d: BenefitDecision = {
    id: b.id,
    clause: b.clause,
    title: pick(b.title, lang),
    status: 'ineligible',
    amount: null,
    ceiling: null,
    fund: b.fund ? pick(b.fund, lang) : null,
    ...(b.payer && { payer: pick(b.payer, lang) }),
    ...(b.kind && { kind: b.kind }),
    payment: b.payment,
    outcome: null,
    reasons: Object.freeze([reason]) as unknown as Reason[],
    missing: Object.freeze([]) as unknown as string[],
  };
  if (trace) d.trace = Object.freeze([]) as unknown as string[];
  return Object.freeze(d);
}

function sharedDecisions(subject: string, lang: Lang, trace: boolean): readonly (BenefitDecision | null)[] {
  let bySubject = NOT_FOR_SUBJECT.get(subject);
  if (!bySubject) NOT_FOR_SUBJECT.set(subject, (bySubject = []));
  const variant = (lang === 'zh' ? 0 : 2) + (trace ? 1 : 0);
  let list = bySubject[variant];
  if (!list) bySubject[variant] = list = BENEFITS.map((e) => (e.info.subjects.includes(subject) ? null : notForSubject(e.info, subject, lang, trace)));
  return list;
}

/** The full decision of every benefit of the policy, with reasons, for a checked context. */
function decideAll(x: Ctx): Decision {
  const shared = sharedDecisions(x.subject, x.lang, x.trace);
  const benefits: BenefitDecision[] = new Array<BenefitDecision>(shared.length);
  let total = 0n;
  const fens: bigint[] = [];
  for (let i = 0; i < shared.length; i++) {
    const s = shared[i];
    if (s) benefits[i] = s;
    else {
      paidFen = 0n;
      benefits[i] = BENEFITS[i]!.decide(x);
      fens[i] = paidFen;
    }
  }
  applyInteractions(benefits, x.lang);
  for (let i = 0; i < benefits.length; i++) {
    const d = benefits[i]!;
    // Only fund payments count: an amount a 付款方 pays, or a 税前扣除, is not paid from a fund.
    if (d.status === 'eligible' && d.amount !== null && !BENEFITS[i]!.info.payer && !BENEFITS[i]!.info.kind) total += fens[i] ?? 0n;
  }
  return { subject: x.subject, asOf: x.asOf, benefits, total: fenToString(total) };
}

export function evaluateImpl(subjectType: string, facts: unknown, options: unknown): Decision {
  return decideAll(context(subjectType, facts, options));
}

// ---- the fast path: prepared subjects, compact decisions ----

/** A subject checked once (`prepare`): its facts as exact values and as the typed record the fast code reads. */
export interface Prepared<S extends string = string> {
  readonly subject: S;
  readonly facts: ReadonlyMap<string, Value>;
  /** The typed record (scaled integers, ranks, ordinals); null when a value does not fit it exactly. */
  readonly typed: object | null;
  /** This subject's earlier payments. */
  readonly ledger: readonly LedgerItem[];
  /** The benefits the ledger has payments of (the fast path decides the others without reading it). */
  readonly paid: ReadonlySet<string>;
  /** The payments of each benefit, in fen, as the ledger rules read them. */
  readonly prior: ReadonlyMap<string, readonly PaidEntry[]>;
}

/** What a batch shares: the date, the parameters, the language, checked once (`run`). */
export interface Run {
  readonly asOf: string;
  readonly params: ReadonlyMap<string, Rat>;
  /** Parameters as the fast code reads them: fen when exact, else absent (the benefit takes the exact path). */
  readonly fenParams: ReadonlyMap<string, number>;
  readonly lang: Lang;
  /** 0 in force; else the reason code every benefit gets (P4002 before the policy's start, P4025 after its end). */
  readonly validity: 'P4002' | 'P4025' | null;
  /** Benefit indices that must take the exact path in this run (a parameter they read is not given). */
  readonly exactOnly: ReadonlySet<number>;
}

export type Prepare<S extends string = string> = { ok: true; subject: Prepared<S> } | { ok: false; errors: InputError[] };

export function prepareImpl(subjectType: string, facts: unknown, options: { ledger?: unknown; asOf?: string; lang?: Lang } | undefined): Prepare {
  const errors: FieldError[] = [];
  const lang: Lang = options?.lang === 'en' ? 'en' : 'zh';
  if (typeof subjectType !== 'string' || !SCHEMA.subjects.has(subjectType)) {
    errors.push({ code: 'P3005', field: 'subject', args: { found: typeof subjectType === 'string' ? subjectType : showValue(subjectType), allowed: [...SCHEMA.subjects.keys()].join('、') } });
    return { ok: false, errors: inputErrors(errors, lang) };
  }
  const data = plainData(facts, '', errors);
  const ledgerData = options?.ledger === undefined ? undefined : plainData(options.ledger, 'ledger', errors);
  if (errors.length) return { ok: false, errors: inputErrors(errors, lang) };
  const f = checkFacts(SCHEMA, subjectType, data);
  if (!f.ok) errors.push(...f.errors);
  const l = checkLedger(SCHEMA, ledgerData, options?.asOf);
  if (!l.ok) errors.push(...l.errors);
  if (!f.ok || !l.ok) return { ok: false, errors: inputErrors(errors, lang) };
  const plan = SUBJECT_PLANS.get(subjectType)!;
  const paid = new Set<string>();
  const prior = new Map<string, PaidEntry[]>();
  for (const e of l.ledger) {
    paid.add(e.benefit);
    let list = prior.get(e.benefit);
    if (!list) prior.set(e.benefit, (list = []));
    list.push({ date: e.date, fen: roundTo(e.amount, 100n, 'half-up'), ...(e.key && { key: e.key }) });
  }
  let typed: object | null;
  try {
    typed = plan.typed(f.facts);
  } catch (e) {
    if (!(e instanceof Inexact)) throw e;
    typed = null;
  }
  const subject: Prepared = { subject: subjectType, facts: f.facts, typed, ledger: l.ledger, paid, prior };
  return { ok: true, subject: mark(subject) };
}

const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);

export function runImpl(options: unknown): Run {
  const errors: FieldError[] = [];
  const o = readOptions(options, errors);
  const lang: Lang = o.lang === 'en' ? 'en' : 'zh';
  const asOf = typeof o.asOf === 'string' && isValidIsoDate(o.asOf) ? o.asOf : undefined;
  if (!asOf) errors.push({ code: 'P3006', field: 'asOf', args: { found: showValue(o.asOf) } });
  const p = checkParams(SCHEMA, o.params);
  if (!p.ok) errors.push(...p.errors);
  if (!asOf || !p.ok || errors.length) throw new PolicyInputError(inputErrors(errors, lang));
  const fenParams = new Map<string, number>();
  // A parameter in the fast code is an integer at the scale of its type (fen for money).
  for (const [k, v] of p.params) {
    const spec = SCHEMA.params.get(k);
    const scale = spec?.k === 'quantity' ? (spec.q.money ? 100n : spec.q.count ? 1n : 1000000n) : 1n;
    const n = v.n * scale;
    if (n % v.d === 0n && n / v.d <= MAX_FEN && n / v.d >= -MAX_FEN) fenParams.set(k, Number(n / v.d));
  }
  const exactOnly = new Set<number>();
  BENEFITS.forEach((b, i) => {
    if (b.info.params.some((name) => !fenParams.has(name))) exactOnly.add(i);
  });
  const { effective, end } = POLICY_PERIOD;
  const validity = effective && asOf < effective ? 'P4002' : end && asOf > end ? 'P4025' : null;
  const run: Run = { asOf, params: p.params, fenParams, lang, validity, exactOnly };
  return mark(run);
}

/** The context of the exact path for a prepared subject. */
function preparedCtx(p: Prepared, x: Run, lang: Lang, trace = false): Ctx {
  return { subject: p.subject, facts: p.facts, derived: DERIVED.get(p.subject), params: x.params, asOf: x.asOf, ledger: p.ledger, lang, trace };
}

const toFen = (b: bigint): Fen => (b <= MAX_FEN && b >= -MAX_FEN ? Number(b) : b);

/** The compact form of a full decision: its status, amount in fen, and deciding reason. */
export function compactOf(d: BenefitDecision): Compact {
  let code: ReasonCode | null = null;
  for (const r of d.reasons)
    if (!MONEY_NOTES.has(r.code)) {
      code = r.code;
      break;
    }
  return { benefit: d.id, status: d.status, fen: d.status === 'eligible' && d.amount !== null ? toFen(fenOf(d.amount)) : null, code };
}

/** A benefit the fast code cannot decide for this subject (ledger payments, a value beyond its range, a missing parameter). */
export function exact(i: number, p: Prepared, x: Run): Compact {
  return compactOf(BENEFITS[i]!.decide(preparedCtx(p, x, 'zh')));
}

/** Full decisions of a prepared subject (with reasons): what `explain` and `evaluatePrepared` return. */
export function explainImpl(p: Prepared, x: Run, lang: Lang | undefined, trace: boolean): Decision {
  if ((p as { [MADE]?: boolean } | null)?.[MADE] !== true || (x as { [MADE]?: boolean } | null)?.[MADE] !== true) checkMade(p, x);
  return decideAll(preparedCtx(p, x, lang ?? x.lang, trace));
}

/**
 * What `prepare` and `context` made carry this mark (a non-enumerable property: a copy does not have it), so anything
 * else passed to `decide` or `explain` is refused, never half-read; checking it is one property load.
 */
const MADE: unique symbol = Symbol('made by prepare() or context()');

function mark<T extends object>(o: T): T {
  Object.defineProperty(o, MADE, { value: true });
  return o;
}

const made = (o: unknown): boolean => typeof o === 'object' && o !== null && (o as { [MADE]?: boolean })[MADE] === true;

function checkMade(p: unknown, x: unknown): void {
  const errors: FieldError[] = [];
  if (!made(p))
    errors.push({ code: 'P3002', field: 'subject', args: { found: showValue(p), expected: 'a subject from prepare()', expectedZh: 'prepare() 的结果' } });
  if (!made(x))
    errors.push({ code: 'P3002', field: 'context', args: { found: showValue(x), expected: 'a context from context()', expectedZh: 'context() 的结果' } });
  if (errors.length) throw new PolicyInputError(inputErrors(errors, 'zh'));
}

/** Compact decisions of every benefit for a prepared subject: the fast path. */
export function decideImpl(p: Prepared, x: Run): Compact[] {
  if ((p as { [MADE]?: boolean } | null)?.[MADE] !== true || (x as { [MADE]?: boolean } | null)?.[MADE] !== true) checkMade(p, x);
  const plan = SUBJECT_PLANS.get(p.subject)!;
  if (x.validity !== null) {
    const code = x.validity;
    return plan.benefits.map((i) => ({ benefit: BENEFITS[i]!.info.id, status: 'ineligible', fen: null, code }));
  }
  if (p.typed !== null) {
    try {
      return plan.decide(p, x);
    } catch (e) {
      if (!(e instanceof Inexact)) throw e;
    }
  }
  return compactInteractions(plan.benefits.map((i) => exact(i, p, x)));
}

/** 就高 / 不得重复享受 / 优先 on compact decisions (the same rule as applyInteractions). */
export function compactInteractions(ds: Compact[]): Compact[] {
  if (INTERACTIONS.length === 0) return ds;
  for (const group of INTERACTIONS) {
    const eligible = group.members.map((m) => ds.find((d) => d.benefit === m)).filter((d): d is Compact => d?.status === 'eligible');
    const first = eligible[0];
    if (!first || eligible.length < 2) continue;
    let kept = first;
    if (group.mode === 'higher-of') for (const d of eligible) if (BigInt(d.fen ?? 0) > BigInt(kept.fen ?? 0)) kept = d;
    for (const d of eligible) {
      if (d === kept) continue;
      d.status = 'ineligible';
      d.fen = null;
      d.code ??= group.mode === 'higher-of' ? 'P4007' : group.mode === 'exclusive' ? 'P4008' : 'P4009';
    }
  }
  return ds;
}

// ---- fast money: integers at a known scale, exact or refused ----

const MAX = Number.MAX_SAFE_INTEGER;

/** Thrown by the fast code when an intermediate value leaves the safe integers; the subject is decided exactly instead. */
export class Inexact extends Error {}
const INEXACT = new Inexact('beyond the exact range of the fast path');

export function inexact(): never {
  throw INEXACT;
}

/** a × b, exact or Inexact. */
export function mulF(a: number, b: number): number {
  const r = a * b;
  return r > MAX || r < -MAX ? inexact() : r;
}

/** a + b, exact or Inexact. */
export function addF(a: number, b: number): number {
  const r = a + b;
  return r > MAX || r < -MAX ? inexact() : r;
}

/** a − b, exact or Inexact. */
export function subF(a: number, b: number): number {
  const r = a - b;
  return r > MAX || r < -MAX ? inexact() : r;
}

/**
 * A value held as an integer `v` at scale `scale` (v / scale base units) rounded to 1/`unit` yuan by `mode`
 * (0 half-up, 1 down, 2 up), in fen.
 */
export function roundFen(v: number, scale: number, unit: number, mode: number): number {
  const num = mulF(v, unit);
  const r = num % scale;
  let q = (num - r) / scale;
  if (r !== 0) {
    const sign = num < 0 ? -1 : 1;
    if (mode === 2) q += sign;
    else if (mode === 0 && Math.abs(r) * 2 >= scale) q += sign;
  }
  return mulF(q, 100 / unit);
}

/** A number of the typed record: the value × `scale` when it is a safe integer (else Inexact). */
export function scaled(v: Value | undefined, scale: bigint): number | undefined {
  if (v === undefined || v.t !== 'num') return undefined;
  const n = v.v.n * scale;
  if (n % v.v.d !== 0n) return inexact();
  const q = n / v.v.d;
  return q > MAX_FEN || q < -MAX_FEN ? inexact() : Number(q);
}

const ORDINALS = new Map<string, ReadonlyMap<string, number>>();

/** An enum value of the typed record: its ordinal in the enum's declaration. */
export function ordinal(v: Value | undefined, of: string): number | undefined {
  if (v === undefined || v.t !== 'enum') return undefined;
  let m = ORDINALS.get(of);
  if (!m) ORDINALS.set(of, (m = new Map([...(SCHEMA.enums.get(of)?.values.keys() ?? [])].map((name, i) => [name, i]))));
  return m.get(v.name);
}

/** Per-level counts of the typed record: an array indexed by level rank. */
export function perLevel(v: Value | undefined, of: string, scale: bigint): (number | undefined)[] | undefined {
  if (v === undefined || v.t !== 'map') return undefined;
  const levels = SCHEMA.levels.get(of);
  const out: (number | undefined)[] = [];
  for (const [name, r] of v.v) {
    const rank = levels?.byName.get(name)?.rank;
    if (rank !== undefined) out[rank] = scaled({ t: 'num', v: r }, scale);
  }
  return out;
}

const RANKS = new Map<string, (fact: string, value: string) => number | undefined>();

/** The rank of a level value of a subject type's fact (for 等级及以上), one function per subject type. */
function rankOf(subject: string): (fact: string, value: string) => number | undefined {
  let r = RANKS.get(subject);
  if (!r) {
    const facts = SCHEMA.subjects.get(subject);
    RANKS.set(
      subject,
      (r = (fact, value) => {
        const type = facts?.get(fact);
        return SCHEMA.levels.get(type?.k === 'level' ? type.of : '')?.byName.get(value)?.rank;
      }),
    );
  }
  return r;
}


/** The ledger's view of a prepared subject for benefit `i`, its days in force being `start`…`end` (no wording: codes only). */
function preparedQuery(i: number, p: Prepared, x: Run, start: string, end: string): { rules: LedgerRules; q: LedgerQuery } {
  const info = BENEFITS[i]!.info;
  const rules = rulesOf(info);
  const key: Record<string, string> = {};
  for (const k of keyFacts(rules)) {
    const v = p.facts.get(k.fact);
    if (v) setOwn(key, k.fact, keyString(v));
  }
  const q: LedgerQuery = {
    asOf: x.asOf,
    inForce: { start, end },
    prior: p.prior.get(info.id) ?? [],
    key,
    rank: rankOf(p.subject),
    timesPerYear: null,
    lang: 'zh',
    factLabel: asIs,
    valueLabel: valueAsIs,
  };
  return { rules, q };
}

/** The fast path's `quota` step with payments of benefit `i` on record: the code that refuses it, or null. */
export function quotaFast(i: number, rule: 'times-per-year' | 'once' | 'once-per-year', keys: readonly KeyFact[], read: LedgerRead, p: Prepared, x: Run, start: string, end: string): ReasonCode | null {
  if (rule === 'times-per-year') return null; // 每年限次 takes the exact path (its limit is an expression)
  const { q } = preparedQuery(i, p, x, start, end);
  const n = quotaRefusal(rule === 'once-per-year', keys, readLedger(read, q).latest, x.asOf);
  return n ? (n.code as ReasonCode) : null;
}

/** The fast path's `frequency` step (发放) with payments of benefit `i` on record: the code that refuses it, or null. */
export function frequencyFast(i: number, code: string, keys: readonly KeyFact[], read: LedgerRead, p: Prepared, x: Run, start: string, end: string): ReasonCode | null {
  const { q } = preparedQuery(i, p, x, start, end);
  const n = frequencyRefusal(code, keys, readLedger(read, q), x.asOf);
  return n ? (n.code as ReasonCode) : null;
}

/** The fast path with payments of benefit `i` on record: the money steps (ceiling, running total, annual cap) on `fen`. */
export function settleFen(i: number, p: Prepared, x: Run, fen: number, start: string, end: string): Compact {
  const { rules, q } = preparedQuery(i, p, x, start, end);
  const benefit = BENEFITS[i]!.info.id;
  const st = settle(rules, q, BigInt(fen));
  if (st.refused) return { benefit, status: 'ineligible', fen: null, code: st.refused.code as ReasonCode };
  if (st.fen <= 0n) return { benefit, status: 'ineligible', fen: null, code: 'P4011' };
  return { benefit, status: 'eligible', fen: toFen(st.fen), code: null };
}

// ---- batches ----

/** One subject of a batch: its type, its facts as JSON, optionally its id and its ledger. */
export interface BatchSubject {
  id?: string;
  subject: string;
  facts: unknown;
  ledger?: unknown;
}

export type BatchResult =
  | { row: number; id: string; subject: string; ok: true; decisions: Compact[] }
  | { row: number; id: string; subject: string; ok: false; errors: InputError[] };

export async function* evaluateBatchImpl(subjects: Iterable<BatchSubject> | AsyncIterable<BatchSubject>, options: unknown): AsyncGenerator<BatchResult> {
  const x = runImpl(options);
  let row = 0;
  for await (const s of subjects as AsyncIterable<BatchSubject>) {
    row++;
    const id = typeof s?.id === 'string' ? s.id : String(row);
    const type = typeof s?.subject === 'string' ? s.subject : '';
    const p = prepareImpl(type, s?.facts, { ledger: s?.ledger, asOf: x.asOf, lang: x.lang });
    yield p.ok ? { row, id, subject: type, ok: true, decisions: decideImpl(p.subject, x) } : { row, id, subject: type, ok: false, errors: p.errors };
  }
}

// Used by some policies only; listed so `noUnusedLocals` stays quiet.
void [ratToString, setOwn];
