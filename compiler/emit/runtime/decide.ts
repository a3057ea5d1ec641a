// The emit target's small runtime: what every generated evaluator calls around its per-benefit code —
// the public types, input checking (compiler/input.ts with the module's schema), full decisions (each
// benefit's exact code calls the decision steps of compiler/decision/steps.ts, the reference's own, and
// compiler/decision/words.ts words them with this module's names: `naming`), compact decisions and their
// fast-path money steps, and the batch API.
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
/** The policy's days in force; `continued`: the benefits (BENEFITS' indices) whose grants made in force pay instalments after the end. */
declare const POLICY_PERIOD: { readonly effective: string | null; readonly end: string | null; readonly continued: readonly number[] };
declare const DERIVED: ReadonlyMap<string, ReadonlyMap<string, (x: Ctx) => import('./values.ts').Res>>;
declare const FACT_DISPLAY: ReadonlyMap<string, FactDisplay>;
/** How English reasons name subjects and parameters (compiler/render.ts displayName). */
declare const NAMES_EN: ReadonlyMap<string, string>;
declare const ENUM_VALUE_LABELS: ReadonlyMap<string, Text>;
declare const INTERACTIONS: readonly import('../../decision/steps.ts').Group[];
/** 合并计算: per benefit (BENEFITS' order) the benefits it counts with; null when none does (then decideCounted is not needed). */
declare const COUNTED: readonly (readonly string[])[] | null;
declare const YES_NO: { readonly zh: { readonly yes: string; readonly no: string }; readonly en: { readonly yes: string; readonly no: string } };
declare const BENEFITS: readonly BenefitEntry[];
declare const SUBJECT_PLANS: ReadonlyMap<string, SubjectPlan>;
/** Its subject type's `decide` of a prepared subject, by a switch on the type (compiler/emit/fast.ts dispatchLines). */
declare function decideTyped(p: PreparedSubject, x: RunContext): Compact[];

// ---- runtime begins ----
import { fenToString, ratToString, roundTo, type Rat } from '../../rational.ts';
import { isValidIsoDate } from '../../dates.ts';
import { fillTemplate } from '../../template.ts';
import {
  checkFacts,
  checkLedger,
  checkValue,
  checkParams,
  factsJson,
  keyString,
  ledgerJson,
  messageArgs,
  messageIdOf,
  plainData,
  renderValue,
  setOwn,
  showValue,
  type FactsCheck,
  type FieldError,
  type LedgerItem,
  type LedgerJson,
  type Value,
} from '../../input.ts';
import {
  frequencyRefusal,
  keyFacts,
  voucherFen,
  quotaRefusal,
  readLedger,
  settle,
  MONEY_NOTES,
  type AmountKind as LedgerAmountKind,
  type CapState,
  type InstalmentSize,
  type KeyFact,
  type LedgerQuery,
  type LedgerRead,
  type LedgerRules,
  type PaidEntry,
  type RunningState,
} from '../../ledger.ts';
import { applyGroups, countedOrder, decideCounted, Decider, failedCondition, notCounted, type Decided, type NeutralReason } from '../../decision/steps.ts';
import { wordDecision, type BenefitHead, type Naming } from '../../decision/words.ts';
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
  /** 分担: each fund's part of the amount, in the order written (the parts add up to the amount). */
  parts?: { fund: string; amount: Yuan }[];
  /** 其中: each part of the amount by kind (`voucher`: not cash, not in the total). */
  composition?: { kind: string; voucher: boolean; amount: Yuan }[];
  /** 义务: the ongoing obligations of an eligible benefit, in the text's words (never conditions). */
  obligations?: { text: string; clawback: boolean }[];
  /** 退还 / 追回: what is to be returned of what this benefit paid (due, or undetermined), beside the decision; absent when nothing is. */
  clawback?: { status: 'due' | 'undetermined'; amount: Yuan | null; paid: Yuan; reasons: Reason[]; missing: string[] };
}

export interface Decision<S extends string = string, B extends string = string> {
  subject: S;
  asOf: IsoDate;
  benefits: BenefitDecision<B>[];
  /** Sum of the eligible amounts paid from a fund (not those of a 付款方 or a 税前扣除). */
  total: Yuan;
}

/** What an amount is when it is not money paid: 金额性质：税前扣除. */
/** What an amount is when it is not money paid from a fund (compiler/ledger.ts): not counted in the total. */
export type AmountKind = LedgerAmountKind;

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
  /** Each condition's text in both languages and the facts its reason shows. */
  readonly conditions: readonly { readonly text: Text; readonly facts: readonly string[] }[];
  /** 最高, in fen. */
  readonly ceiling: bigint | null;
  /** 每年累计不超过, in fen. */
  readonly annualCap: bigint | null;
  /** 限一次: once for the same values of these facts (`orAbove`: a lower level after a higher one counts too). */
  readonly oncePer: readonly (readonly KeyFact[])[] | null;
  /** 每年限一次: once a calendar year for the same values of these facts. */
  readonly oncePerYear: readonly (readonly KeyFact[])[] | null;
  /** 累计: the amount is computed from running totals over the payment period. */
  readonly runningTotal: boolean;
  /** The parameters (按规定) its code reads: without one, the exact path decides it. */
  readonly params: readonly string[];
  /** 分担: the funds sharing each grant and their parts (then `fund` is null). */
  readonly split?: readonly { readonly fund: Text; readonly size: InstalmentSize }[];
  /** 其中: the parts of the amount by kind (`voucher`: not cash, not in the total) and their sizes. */
  readonly composition?: readonly { readonly kind: Text; readonly voucher: boolean; readonly size: InstalmentSize }[];
  /** 义务: the ongoing obligations, in the text's words (`clawback`: breaking one is the benefit's 退还). */
  readonly obligations?: readonly { readonly text: Text; readonly clawback: boolean }[];
}

/** One benefit of the generated module: its description and its exact decision (the steps of compiler/decision/steps.ts). */
export interface BenefitEntry {
  readonly info: BenefitInfo;
  readonly decide: (x: Ctx) => Decided;
  /**
   * `evaluate` takes its fast decision when that fails conditions, and when it is eligible if no step of it adds a note or
   * a state to an eligible decision (emit/fast.ts FastBenefit.plain).
   */
  readonly plain: boolean;
  /** 最高, fen: an eligible fast decision is taken only below it (at it, the amount may have been cut: a note). */
  readonly below: bigint | null;
  /** 授予: the designation its eligible decision gives. */
  readonly designation: Text | null;
  /**
   * 累计 over the days in force, its only money step (typescript.ts runningWindow): the window its state names. With no
   * payment of it on record, `evaluate` takes an eligible fast decision with that state (nothing paid, all of it due).
   */
  readonly running: { readonly from: string | null; readonly to: string | null } | null;
  /**
   * Its one value step's expression (金额 or 视同) alone, when no step before it can say “no standard” (typescript.ts
   * valueStep): `evaluate` words a fast decision refused for that (P4004) from it, and, `outcome`, takes an eligible one
   * with the 视同 value it gives.
   */
  readonly value: ((x: Ctx) => Res) | null;
  readonly outcome: boolean;
  /**
   * The facts whose absence makes it undetermined, as its exact decision names them (typescript.ts missingCode): each
   * condition's fact in order and the value's; with none of those missing, the key facts. `evaluate` words an undetermined
   * fast decision (P4012) from them. Null: the exact decision names them.
   */
  readonly missing: { readonly conds: readonly string[]; readonly keys: readonly string[]; readonly value: readonly string[] } | null;
}

/** A subject type's compiled plan: its fast decisions and how its typed record is read from checked facts. */
export interface SubjectPlan {
  /** Indices into BENEFITS of the benefits for this subject type, in policy order. */
  readonly benefits: readonly number[];
  /** Its JSON facts checked in one pass (compiled from the schema, compiler/emit/check.ts), or undefined: then input.ts `checkFacts` names the errors. */
  readonly check: (raw: Readonly<Record<string, unknown>>) => Map<string, Value> | undefined;
  /** The typed record of the fast path, from checked facts; null when a value does not fit it exactly. */
  readonly typed: (facts: ReadonlyMap<string, Value>) => object | null;
  /** The fast function of each of `benefits` (null: the exact decision decides it). */
  readonly fast: readonly (((p: PreparedSubject, t: never, x: RunContext) => Compact) | null)[];
  /** Every benefit of the subject type, decided compactly (benefits the fast path cannot decide fall back to `exact`). */
  readonly decide: (p: PreparedSubject, x: RunContext) => Compact[];
}

// ---- messages ----

export function message(code: string, lang: Lang, args: Readonly<Record<string, string>>): string {
  const t = MESSAGES[code];
  return t ? fillTemplate(lang === 'zh' ? t.zh : t.en, args) : code;
}

export function inputErrors(errors: readonly FieldError[], lang: Lang): InputError[] {
  return errors.map((e) => ({ code: e.code as InputErrorCode, field: e.field, message: message(messageIdOf(e), lang, messageArgs(e, lang)), args: e.args }));
}

const pick = (t: Text, lang: Lang): string => (lang === 'zh' ? t.zh : t.en);

/** What wording a value needs of a run: the subject type, its facts, the language. */
type Shown = Pick<Ctx, 'subject' | 'facts' | 'lang'> & {
  /** A derived fact's value (增速 = 增量 ÷ 上年产值), computed when a reason shows it; undefined when it cannot be. */
  readonly derivedValue?: ((name: string) => Value | undefined) | undefined;
};

function renderFact(x: Shown, name: string): string {
  const v = x.facts.get(name) ?? x.derivedValue?.(name);
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
function valueShown(x: Shown, fact: string, value: string): string {
  const type = SCHEMA.subjects.get(x.subject)?.get(fact);
  const label =
    type?.k === 'enum' ? SCHEMA.enums.get(type.of)?.values.get(value) : type?.k === 'level' || type?.k === 'perLevel' ? SCHEMA.levels.get(type.of)?.byName.get(value)?.label : undefined;
  return label ? pick(label, x.lang) : value;
}

function outcomeText(v: Value, lang: Lang): string {
  if (v.t === 'enum') {
    const label = ENUM_VALUE_LABELS.get(v.name);
    if (label) return pick(label, lang);
  }
  return renderValue(v, lang, YES_NO[lang]);
}

// ---- input ----

const SCRATCH: FieldError[] = [];

/**
 * One fact of a compiled check (compiler/emit/check.ts) in a form it leaves to input.ts: checked by `checkValue`, the
 * reference's own code, and put in `facts`; false when it is refused (the caller then runs `checkFacts` for the errors).
 */
export function checkInto(facts: Map<string, Value>, subject: string, k: string, v: unknown): boolean {
  const spec = SCHEMA.subjects.get(subject)?.get(k);
  if (!spec) return false;
  const value = checkValue(SCHEMA, spec, v, k, SCRATCH);
  if (SCRATCH.length !== 0 || !value) {
    SCRATCH.length = 0;
    return false;
  }
  facts.set(k, value);
  return true;
}

/**
 * A plain decimal text (digits, a point and at most `places` digits after it; no sign, no spaces, at most 15 digits)
 * as the exact value input.ts exactNumber makes of it (in lowest terms, trailing zeros dropped), or undefined for any
 * other form, which a compiled check leaves to input.ts (`checkInto`).
 */
export function decimalText(v: string, places: number): Rat | undefined {
  const len = v.length;
  if (len === 0 || len > 16) return undefined;
  let whole = 0;
  let i = 0;
  for (; i < len; i++) {
    const c = v.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return undefined;
    whole = whole * 10 + (c - 48);
  }
  // From 10^12 on (compiler/input.ts MAX_NUMBER): input.ts, which refuses what is above it (P3533).
  if (i === 0 || whole >= 1e12) return undefined;
  if (i === len) return { n: BigInt(whole), d: 1n };
  let frac = 0;
  let n = 0;
  for (i++; i < len; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    frac = frac * 10 + (c - 48);
    n++;
  }
  if (n === 0 || n > places || len - 1 > 15) return undefined;
  while (n > 0 && frac % 10 === 0) (frac /= 10), n--;
  if (n === 0) return { n: BigInt(whole), d: 1n };
  let scale = 10;
  for (let k = 1; k < n; k++) scale *= 10;
  const num = whole * scale + frac;
  let a = num;
  let b = scale;
  while (b !== 0) [a, b] = [b, a % b];
  return { n: BigInt(num / a), d: BigInt(scale / a) };
}

/** Level names (and their aliases) of each level type, to the declared name, for `levelCounts`. */
const LEVEL_NAMES = new Map<string, ReadonlyMap<string, string>>();

/**
 * A per-level count (按等级的数量) whose every key is a level of `of` (by name or alias) and every value a safe whole number
 * at least `low`: the map input.ts checkValue makes of it; undefined for anything else, which the caller leaves to input.ts.
 */
export function levelCounts(raw: unknown, of: string, low: number): Value | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  let names = LEVEL_NAMES.get(of);
  if (!names) {
    const m = new Map<string, string>();
    for (const [k, l] of SCHEMA.levels.get(of)?.byName ?? []) m.set(k, l.name);
    LEVEL_NAMES.set(of, (names = m));
  }
  const out = new Map<string, Rat>();
  const keys = Object.keys(raw);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const name = names.get(k);
    const v = (raw as Record<string, unknown>)[k];
    // Above 10^12 (compiler/input.ts MAX_NUMBER, P3533): input.ts names it.
    if (name === undefined || typeof v !== 'number' || !Number.isSafeInteger(v) || v < low || v > 1e12) return undefined;
    out.set(name, v < WHOLE_SHARED ? wholeValue(v).v : { n: BigInt(v), d: 1n });
  }
  return { t: 'map', v: out };
}

/** Whole numbers below this are shared values (wholeValue). */
export const WHOLE_SHARED = 1024;
const WHOLE_SHARED_N = BigInt(WHOLE_SHARED);

const WHOLES: ({ t: 'num'; v: Rat } | undefined)[] = [];

/**
 * The value of a whole number 0 ≤ v < WHOLE_SHARED, one object per number for every subject (values are never
 * changed): a compiled check allocates no value for a count, and a reason showing it is found by the value
 * (TableNaming.failed).
 */
export function wholeValue(v: number): { t: 'num'; v: Rat } {
  return (WHOLES[v] ??= { t: 'num', v: { n: BigInt(v), d: 1n } });
}

/** Whether a value is one of few shared by many subjects (a boolean, an enum or level value, a small whole number). */
function isShared(v: Value): boolean {
  if (v.t === 'bool' || v.t === 'enum' || v.t === 'level') return true;
  return v.t === 'num' && v.v.d === 1n && v.v.n >= 0n && v.v.n < WHOLE_SHARED_N && WHOLES[Number(v.v.n)] === v;
}

/** A subject's JSON facts, checked: by its type's compiled check, else (for the errors, or an unknown type) by input.ts. */
function factsOf(subjectType: string, raw: unknown, plan: SubjectPlan | undefined = SUBJECT_PLANS.get(subjectType)): FactsCheck {
  if (plan && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const facts = plan.check(raw as Readonly<Record<string, unknown>>);
    if (facts) return { ok: true, facts };
  }
  return checkFacts(SCHEMA, subjectType, raw);
}

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
const PARAMS_SEEN = new WeakMap<object, ParamsSeen>();

type ParamsSeen = { readonly keys: readonly string[]; readonly values: readonly unknown[]; readonly params: ReadonlyMap<string, Rat> };
let lastParams: object | undefined;
let lastSeen: ParamsSeen | undefined;

function paramsOf(raw: unknown): ReadonlyMap<string, Rat> | undefined {
  if (raw === undefined || raw === null) return NO_PARAMS;
  if (typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const keys = Object.keys(raw);
  // The object of the last call first (a batch passes the same one every time): no WeakMap lookup.
  const seen = raw === lastParams ? lastSeen : PARAMS_SEEN.get(raw);
  if (seen && seen.keys.length === keys.length) {
    // The common case: the same object with the same values, compared without copying them.
    let same = true;
    for (let i = 0; same && i < keys.length; i++) same = seen.keys[i] === keys[i] && seen.values[i] === (raw as Record<string, unknown>)[keys[i]!];
    if (same) {
      lastParams = raw;
      lastSeen = seen;
      return seen.params;
    }
  }
  const values = keys.map((k) => (raw as Record<string, unknown>)[k]);
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
  // Each option read once, straight from the caller's object (what a copy of it would hold, without the copy).
  let asOf: unknown;
  let rawLedger: unknown;
  let rawParams: unknown;
  let lang: unknown;
  let trace: unknown;
  const keys = Object.keys(rawOptions);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = (rawOptions as Record<string, unknown>)[k];
    if (typeof v === 'function') return undefined;
    if (k === 'asOf') asOf = v;
    else if (k === 'ledger') rawLedger = v;
    else if (k === 'params') rawParams = v;
    else if (k === 'lang') lang = v;
    else if (k === 'trace') trace = v;
  }
  if (typeof asOf !== 'string') return undefined;
  if (asOf !== lastAsOf) {
    if (!isValidIsoDate(asOf)) return undefined;
    lastAsOf = asOf;
  }
  const ts = typeState(subjectType);
  if (!ts) return undefined;
  const f = factsOf(subjectType, rawFacts, ts.plan);
  if (!f.ok) return undefined;
  const params = paramsOf(rawParams);
  if (!params) return undefined;
  let ledger: readonly LedgerItem[] = [];
  if (rawLedger !== undefined && rawLedger !== null) {
    let data = plainLedger(rawLedger);
    if (data === undefined) {
      const errors: FieldError[] = [];
      data = plainData(rawLedger, 'ledger', errors) as unknown[];
      if (errors.length) return undefined;
    }
    const l = checkLedger(SCHEMA, data, asOf);
    if (!l.ok) return undefined;
    ledger = l.ledger;
  }
  lastType = ts;
  return { subject: subjectType, facts: f.facts, derived: ts.derived, params, asOf, ledger, rank: ts.rank, lang: lang === 'en' ? 'en' : 'zh', trace: trace === true };
}

/**
 * What `evaluate` reads of a subject type on every call — its plan, derived facts, ranks, shared decisions and own
 * benefits —, found by one lookup of the type (each was a lookup of its own).
 */
interface TypeState {
  readonly subject: string;
  readonly plan: SubjectPlan | undefined;
  readonly derived: Ctx['derived'];
  readonly rank: (fact: string, value: string) => number | undefined;
  /** sharedDecisions, per variant (language, trace). */
  readonly shared: (readonly (BenefitDecision | null)[] | undefined)[];
  /** ownOf. */
  own: readonly number[] | undefined;
}

const TYPE_STATES = new Map<string, TypeState>();

/** The subject type's state (undefined for a name that is not one of the policy's subject types). */
function typeState(subject: string): TypeState | undefined {
  let ts = TYPE_STATES.get(subject);
  if (!ts && SCHEMA.subjects.has(subject))
    TYPE_STATES.set(subject, (ts = { subject, plan: SUBJECT_PLANS.get(subject), derived: DERIVED.get(subject), rank: rankOf(subject), shared: notForSubjectList(subject), own: undefined }));
  return ts;
}

/** The type state `quickContext` found last (`evaluate` decides the context it made next). */
let lastType: TypeState | undefined;

/**
 * A ledger that is an array of entries whose values are not objects (and a `key` of such values) copied as input.ts
 * plainData copies it — each value read once —, or undefined for any other form, which plainData then reads.
 */
function plainLedger(raw: unknown): unknown[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const n = raw.length;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const e: unknown = raw[i];
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return undefined;
    const copy: Record<string, unknown> = {};
    const keys = Object.keys(e);
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      const v = (e as Record<string, unknown>)[k];
      if (typeof v === 'function') return undefined;
      if (typeof v === 'object' && v !== null) {
        if (k !== 'key' || Array.isArray(v)) return undefined;
        const key: Record<string, unknown> = {};
        for (const a of Object.keys(v)) {
          const w = (v as Record<string, unknown>)[a];
          if (typeof w === 'function' || (typeof w === 'object' && w !== null)) return undefined;
          setOwn(key, a, w);
        }
        setOwn(copy, k, key);
      } else setOwn(copy, k, v);
    }
    out.push(copy);
  }
  return out;
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
  return { subject: subjectType, facts: f.facts, derived: DERIVED.get(subjectType), params: p.params, asOf, ledger: l.ledger, rank: rankOf(subjectType), lang, trace: options.trace === true };
}

// ---- full decisions: the steps (compiler/decision/steps.ts), worded at the edge (compiler/decision/words.ts) ----

/** Every benefit by id (for the title a P4007–P4009 reason names). */
let BENEFIT_BY_ID: Map<string, BenefitInfo> | undefined;

function benefitInfo(id: string): BenefitInfo | undefined {
  if (!BENEFIT_BY_ID) {
    BENEFIT_BY_ID = new Map();
    for (const e of BENEFITS) BENEFIT_BY_ID.set(e.info.id, e.info);
  }
  return BENEFIT_BY_ID.get(id);
}

/** How this module names things for a subject in a language (compiler/decision/words.ts Naming), from its tables. */
class TableNaming implements Naming {
  constructor(
    readonly subject: string,
    readonly facts: ReadonlyMap<string, Value>,
    readonly lang: Lang,
    readonly derivedValue?: (name: string) => Value | undefined,
  ) {}
  message(code: string, args: Readonly<Record<string, string>>): string {
    return message(code, this.lang, args);
  }
  fact(f: string): string {
    return factShown(f, this.lang);
  }
  subjectName(s: string): string {
    return nameShown(s, this.lang);
  }
  param(p: string): string {
    return nameShown(p, this.lang);
  }
  value(fact: string, value: string): string {
    return valueShown(this, fact, value);
  }
  benefit(id: string): string {
    const b = benefitInfo(id);
    return b ? pick(b.title, this.lang) : id;
  }
  condition(id: string, i: number): string {
    const c = benefitInfo(id)?.conditions[i];
    return c ? pick(c.text, this.lang) : '';
  }
  values(id: string, i: number): (readonly [string, string])[] {
    const out: (readonly [string, string])[] = [];
    for (const name of benefitInfo(id)?.conditions[i]?.facts ?? []) out.push([factShown(name, this.lang), renderFact(this, name)]);
    return out;
  }
  outcome(v: Value): string {
    return outcomeText(v, this.lang);
  }
  label(l: { readonly zh: string; readonly en?: string }): string {
    return this.lang === 'zh' ? l.zh : (l.en ?? l.zh);
  }
  failed(id: string, i: number): Reason {
    const w = failedWording(id, i, this.lang);
    const facts = w.facts;
    // A one-fact condition's value seen before: its reason, found by the value (shared values: compiled checks).
    let one = facts.length === 1 ? this.facts.get(facts[0]!) : undefined;
    if (one !== undefined && !isShared(one)) one = undefined;
    if (one !== undefined) {
      const r = w.byValue.get(one);
      if (r) return r;
    }
    // The values of the condition's facts as shown: the one fact's value alone, else every fact named with its value.
    let key: string;
    if (facts.length === 1) key = renderFact(this, facts[0]!);
    else {
      const parts: string[] = [];
      for (let k = 0; k < facts.length; k++) parts.push(w.shown[k]!, w.colon, renderFact(this, facts[k]!), w.comma);
      parts.pop();
      key = parts.join('');
    }
    const known = w.reasons.get(key);
    if (known) {
      if (one !== undefined && w.byValue.size < FAILED_SHARED) w.byValue.set(one, known);
      return known;
    }
    // Joined, not concatenated: flat strings, as compiler/template.ts fillTemplate makes them.
    const values = facts.length === 1 ? [w.shown[0]!, w.colon, key].join('') : key;
    const r: Reason = Object.freeze({ code: 'P4003', message: w.pieces.join(values), args: Object.freeze({ condition: w.condition, values }) }) as Reason;
    if (w.reasons.size < FAILED_SHARED) {
      w.reasons.set(key, r);
      if (one !== undefined && w.byValue.size < FAILED_SHARED) w.byValue.set(one, r);
    }
    return r;
  }
}

/** A failed condition's reason (P4003) as far as it does not depend on the subject: prepared once per benefit, condition and language. */
interface FailedWording {
  readonly condition: string;
  /** The message's text, the condition in place, around each place of the values. */
  readonly pieces: readonly string[];
  readonly facts: readonly string[];
  /** Each fact named in the language. */
  readonly shown: readonly string[];
  /** The language's separators: between a fact and its value, and between facts. */
  readonly colon: string;
  readonly comma: string;
  /**
   * The reason made for each distinct values text (up to FAILED_SHARED of them), shared by every decision that gives it,
   * frozen as the shared P4001 decisions are: most conditions read a yes/no, an enum or a level, so a few texts recur.
   */
  readonly reasons: Map<string, Reason>;
  /**
   * A one-fact condition's reasons by the fact's value object (up to FAILED_SHARED): the same object shows the same
   * text, and the values a compiled check gives are shared (enum and level values, booleans, small whole numbers), so
   * most reasons are found without showing the value again. (Per benefit, condition and language; a level value is
   * a constant of its subject type's check, so one object is one subject type's value.)
   */
  readonly byValue: Map<Value, Reason>;
}

/** How many reasons of one failed condition are kept for reuse (distinct values of its facts); beyond it each is made anew. */
const FAILED_SHARED = 64;

const FAILED_WORDING: readonly [Map<string, FailedWording[]>, Map<string, FailedWording[]>] = [new Map(), new Map()];

function failedWording(id: string, i: number, lang: Lang): FailedWording {
  const byId = FAILED_WORDING[lang === 'zh' ? 0 : 1];
  let list = byId.get(id);
  if (!list) byId.set(id, (list = []));
  let w = list[i];
  if (w) return w;
  const c = benefitInfo(id)?.conditions[i];
  const condition = c ? pick(c.text, lang) : '';
  const t = MESSAGES['P4003'];
  // The template filled as template.ts fillTemplate fills it, the values left out: an unknown placeholder stays as written.
  const pieces: string[] = [];
  if (!t) pieces.push('P4003');
  else {
    const parts = pick(t, lang).split(/\{(\w+)\}/);
    let at = parts[0] ?? '';
    for (let k = 1; k < parts.length; k += 2) {
      const name = parts[k] ?? '';
      if (name === 'values') {
        pieces.push(at);
        at = '';
      } else at += name === 'condition' ? condition : `{${name}}`;
      at += parts[k + 1] ?? '';
    }
    pieces.push(at);
  }
  const facts = c ? c.facts : [];
  const zh = lang === 'zh';
  return (list[i] = { condition, pieces, facts, shown: facts.map((f) => factShown(f, lang)), colon: zh ? '：' : ': ', comma: zh ? '，' : ', ', reasons: new Map(), byValue: new Map() });
}

function naming(subject: string, facts: ReadonlyMap<string, Value>, lang: Lang, x?: Ctx): Naming {
  return new TableNaming(subject, facts, lang, x && derivedValueOf(x));
}

/** A derived fact's value in a subject's context, for the reasons that show it (the reference's decision/reasons.ts does the same). */
function derivedValueOf(x: Ctx): (name: string) => Value | undefined {
  return (name) => {
    const formula = x.derived?.get(name);
    const r = formula ? formula(x) : undefined;
    return r && r.t !== 'fail' ? r : undefined;
  };
}

/** Each benefit's head in Chinese and in English, by its index in BENEFITS, made once (read, never changed: wordDecision copies its fields). */
const HEADS: [(BenefitHead | undefined)[], (BenefitHead | undefined)[]] = [[], []];

function headAt(i: number, lang: Lang): BenefitHead {
  const cache = HEADS[lang === 'zh' ? 0 : 1];
  return (cache[i] ??= head(BENEFITS[i]!.info, lang));
}

function head(b: BenefitInfo, lang: Lang): BenefitHead {
  return {
    id: b.id,
    clause: b.clause,
    title: pick(b.title, lang),
    fund: b.fund ? pick(b.fund, lang) : null,
    ...(b.payer && { payer: pick(b.payer, lang) }),
    ...(b.kind && { kind: b.kind }),
    payment: b.payment,
    ...(b.split && { split: b.split.map((p) => ({ fund: pick(p.fund, lang), size: p.size })) }),
    ...(b.composition && { composition: b.composition.map((p) => ({ kind: pick(p.kind, lang), voucher: p.voucher, size: p.size })) }),
    ...(b.obligations && { obligations: b.obligations.map((o) => ({ text: pick(o.text, lang), clawback: o.clawback })) }),
  };
}

/**
 * P4001 (“only for …”) decisions of the benefits that are not for a subject type: the same every time, so they are
 * made once per (subject type, language, trace) by the `subject` step and shared, frozen. Per subject type and
 * variant: a list with the shared decision of each benefit that is not the subject's, and null where the benefit is decided.
 */
const NOT_FOR_SUBJECT = new Map<string, (readonly (BenefitDecision | null)[] | undefined)[]>();

function notForSubject(b: BenefitInfo, subject: string, lang: Lang, trace: boolean): BenefitDecision {
  const r = new Decider({ asOf: '', subject, facts: new Map(), ledger: [], rank: () => undefined, trace }, b.id);
  r.subject(b.subjects);
  const d = wordDecision(r.d, head(b, lang), naming(subject, new Map(), lang)) as BenefitDecision;
  for (const reason of d.reasons) Object.freeze(reason.args), Object.freeze(reason);
  Object.freeze(d.reasons);
  Object.freeze(d.missing);
  if (d.trace) Object.freeze(d.trace);
  return Object.freeze(d);
}

/** A subject type's list of shared decisions per variant (made as asked for). */
function notForSubjectList(subject: string): (readonly (BenefitDecision | null)[] | undefined)[] {
  let bySubject = NOT_FOR_SUBJECT.get(subject);
  if (!bySubject) NOT_FOR_SUBJECT.set(subject, (bySubject = []));
  return bySubject;
}

function sharedDecisions(subject: string, lang: Lang, trace: boolean, ts?: TypeState): readonly (BenefitDecision | null)[] {
  const bySubject = ts ? ts.shared : notForSubjectList(subject);
  const variant = (lang === 'zh' ? 0 : 2) + (trace ? 1 : 0);
  let list = bySubject[variant];
  if (!list) bySubject[variant] = list = BENEFITS.map((e) => (e.info.subjects.includes(subject) ? null : notForSubject(e.info, subject, lang, trace)));
  return list;
}

/** The fast decisions of one subject for `evaluate`: its typed record, and the run its fast functions read. */
interface Quick {
  readonly plan: SubjectPlan;
  readonly typed: object;
  readonly run: RunContext;
  /** The subject's ledger: a benefit with a payment in it is decided exactly (its fast function is called as if it had none). */
  readonly ledger: readonly LedgerItem[];
  /** The run of the exact expressions (BenefitEntry.value). */
  readonly x: Ctx;
}

/** What the fast functions read of a prepared subject with no payment on record. */
const UNPAID = { anyPaid: false } as PreparedSubject;

/** The run of the fast functions for `evaluate`'s date and parameters (the parameters checked once: paramsOf). */
let lastRun: RunContext | undefined;

function quickOf(x: Ctx, ts: TypeState | undefined): Quick | undefined {
  // A trace or a policy not in force: the exact decisions say more than a compact one. (Payments on record: quickDecision.)
  if (x.trace) return undefined;
  const plan = ts ? ts.plan : SUBJECT_PLANS.get(x.subject);
  if (!plan) return undefined;
  let run = lastRun;
  if (!run || run.asOf !== x.asOf || run.params !== x.params || run.lang !== x.lang) lastRun = run = runFrom(x.asOf, x.params, x.lang);
  if (run.validity !== null) return undefined;
  try {
    // The record the compiled check built beside these facts, else the reader's.
    const typed = CHECKED.facts === x.facts && CHECKED.typed !== null ? CHECKED.typed : plan.typed(x.facts);
    return typed ? { plan, typed, run, ledger: x.ledger, x } : undefined;
  } catch (e) {
    if (!(e instanceof Inexact)) throw e;
    return undefined;
  }
}

/** The empty list of a fast decision's reasons or missing facts: shared (wordDecision copies it), unless exclusion groups may add to it (applyGroups). */
const NONE = Object.freeze([]) as never[];
const none = (): never[] => (INTERACTIONS.length === 0 ? NONE : []);

/**
 * Benefit `i` (the subject's `j`th) decided for `evaluate` from its fast decision, when that is the whole decision: eligible
 * with its amount (and designation), or ineligible by failed conditions (a P4003 each, from the bits the fast code
 * left in FAILED). Anything else — undetermined, another reason, a note, a value beyond the fast range — undefined:
 * the exact decision decides it.
 */
function quickDecision(i: number, j: number, q: Quick): Decided | undefined {
  const e = BENEFITS[i]!;
  const f = q.plan.fast[j];
  if (!f || (!q.run.allFast && q.run.exactOnly.has(i))) return undefined;
  // Its own payments on record (合并计算, where a read sees others' too, is decided by decideOwn): the exact decision,
  // unless its conditions fail — they come before every step that reads the ledger (decision/lower.ts), and no
  // expression reads it, so a fast decision that failed them is the whole decision with or without payments.
  let paid = false;
  for (let k = 0; k < q.ledger.length && !paid; k++) if (q.ledger[k]!.benefit === e.info.id) paid = true;
  let c: Compact;
  CUT.fen = 0;
  try {
    c = f(UNPAID, q.typed as never, q.run);
  } catch (err) {
    if (!(err instanceof Inexact)) throw err;
    return undefined;
  }
  if (paid && (c.status !== 'ineligible' || c.code !== 'P4003')) return undefined;
  if (c.status === 'eligible' && c.code === null) {
    const outcome = e.designation ? { designation: e.designation } : null;
    if (e.running !== null && c.fen !== null) {
      // 累计 with nothing paid: all of the entitlement is due (compiler/ledger.ts settleRunningTotal).
      const fen = BigInt(c.fen);
      const text = fenToString(fen);
      const runningTotal: RunningState = { from: e.running.from, to: e.running.to, entitlement: text, paid: '0.00', amount: text };
      return { id: e.info.id, status: 'eligible', fen, ceilingFen: null, outcome, reasons: none(), missing: none(), runningTotal };
    }
    if (e.outcome && e.value !== null && c.fen === null) {
      // 视同: the value the equivalence gives (Decider.eligible: it stands for any designation).
      const v = e.value(q.x);
      return v.t === 'fail' ? undefined : { id: e.info.id, status: 'eligible', fen: null, ceilingFen: null, outcome: { value: v }, reasons: none(), missing: none() };
    }
    if (!e.plain) return undefined;
    if (e.below !== null && !(c.fen !== null && c.fen < e.below)) {
      // At the ceiling (最高): cut if the amount was above it (settleCeiling's note, P4023, with the amount as computed).
      if (c.fen === null || CUT.fen <= c.fen || BigInt(c.fen) !== e.below) return undefined;
      const reasons: NeutralReason[] = [{ code: 'P4023', args: { computed: fenToString(BigInt(CUT.fen)), ceiling: fenToString(e.below) } }];
      return { id: e.info.id, status: 'eligible', fen: e.below, ceilingFen: e.below, outcome, reasons, missing: none() };
    }
    return { id: e.info.id, status: 'eligible', fen: c.fen === null ? null : BigInt(c.fen), ceilingFen: null, outcome, reasons: none(), missing: none() };
  }
  if (c.code === 'P4011' && c.status === 'ineligible' && e.running !== null) {
    // 累计 with nothing paid and nothing due: its state (compiler/ledger.ts settleRunningTotal: the entitlement as
    // computed, nothing paid, nothing due), then nothing to pay (Decider.positive).
    const runningTotal: RunningState = { from: e.running.from, to: e.running.to, entitlement: fenToString(BigInt(DUE.fen)), paid: '0.00', amount: '0.00' };
    const reasons: NeutralReason[] = [{ code: 'P4011', args: { amount: '0.00' } }];
    return { id: e.info.id, status: 'ineligible', fen: null, ceilingFen: null, outcome: null, reasons, missing: none(), runningTotal };
  }
  if (c.code === 'P4004' && c.status === 'ineligible' && e.value !== null) {
    // No standard for the value: what the value step says of it (Decider.value).
    const v = e.value(q.x);
    if (v.t !== 'fail' || !v.noStandard) return undefined;
    const ns = v.noStandard;
    const reasons: NeutralReason[] = [{ code: 'P4004', args: { fact: { fact: ns.fact }, value: { keyValue: { fact: ns.fact, value: ns.value } } } }];
    return { id: e.info.id, status: 'ineligible', fen: null, ceilingFen: null, outcome: null, reasons, missing: none() };
  }
  if (c.status === 'undetermined' && c.code === 'P4012' && e.missing !== null) {
    // Missing facts (Decider.stopIfMissing / keyFacts): the conditions' and the value's, else the key facts.
    const m = e.missing;
    const facts = q.x.facts;
    const missing: string[] = [];
    for (let k = 0; k < m.conds.length; k++) if (!facts.has(m.conds[k]!)) missing.push(m.conds[k]!);
    if (missing.length > 0) {
      // The ledger steps are skipped (if-known); the value adds its fact.
      for (let k = 0; k < m.value.length; k++) if (!facts.has(m.value[k]!) && !missing.includes(m.value[k]!)) missing.push(m.value[k]!);
    } else {
      // Key facts missing decide it there (Decider.keyFacts); else the value's fact.
      for (let k = 0; k < m.keys.length; k++) if (!facts.has(m.keys[k]!)) missing.push(m.keys[k]!);
      if (missing.length === 0) for (let k = 0; k < m.value.length; k++) if (!facts.has(m.value[k]!)) missing.push(m.value[k]!);
    }
    if (missing.length === 0) return undefined;
    return { id: e.info.id, status: 'undetermined', fen: null, ceilingFen: null, outcome: null, reasons: [{ code: 'P4012', args: { facts: { facts: missing } } }], missing };
  }
  if (c.status !== 'ineligible' || FAILED.bits < 0) return undefined;
  const reasons: NeutralReason[] = [];
  if (c.code === 'P4006' || c.code === 'P4026') {
    // Outside the period (期限), the step before every condition: its reason (Decider.period), then the conditions that failed.
    reasons.push({ code: c.code, args: { date: q.x.asOf, start: PERIOD.start, end: PERIOD.end } });
  } else if (c.code !== 'P4003' || FAILED.bits === 0) return undefined;
  for (let k = 0, bits = FAILED.bits; bits !== 0; k++, bits >>>= 1) if (bits & 1) reasons.push(failedCondition(k));
  return { id: e.info.id, status: 'ineligible', fen: null, ceilingFen: null, outcome: null, reasons, missing: none() };
}

/** The full decision of every benefit of the policy, with reasons, for a checked context. */
function decideAll(x: Ctx, ts?: TypeState): Decision {
  const shared = sharedDecisions(x.subject, x.lang, x.trace, ts);
  const mine = ts ? (ts.own ??= ownOf(x.subject, shared)) : ownOf(x.subject, shared);
  let own: Decided[] = [];
  if (COUNTED) own = decideOwn(x);
  else {
    const q = quickOf(x, ts);
    for (let j = 0; j < mine.length; j++) {
      const i = mine[j]!;
      own.push((q && quickDecision(i, j, q)) || BENEFITS[i]!.decide(x));
    }
    // Exclusion groups among the subject's own benefits (the others are not eligible).
    applyGroups(INTERACTIONS, own);
  }
  const n = naming(x.subject, x.facts, x.lang, x);
  // The shared decisions in place, the subject's own worded into theirs.
  const benefits = shared.slice() as BenefitDecision[];
  let total = 0n;
  // 自行选择: of alternatives the applicant chooses between, only the highest is counted.
  const alternatives = CHOICES ? notCounted(INTERACTIONS, own) : NO_IDS;
  for (let k = 0; k < mine.length; k++) {
    const i = mine[k]!;
    const c = own[k]!;
    const info = BENEFITS[i]!.info;
    benefits[i] = wordDecision(c, headAt(i, x.lang), n) as BenefitDecision;
    // Only fund payments count: an amount a 付款方 pays, or a 税前扣除, is not paid from a fund.
    // 其中: a voucher part is not cash (ledger.ts voucherFen).
    if (c.status === 'eligible' && c.fen !== null && !info.payer && !info.kind && !alternatives.has(c.id)) total += info.composition ? c.fen - voucherFen(c.fen, info.composition) : c.fen;
  }
  return { subject: x.subject, asOf: x.asOf, benefits, total: fenToString(total) };
}

/** Whether the policy has alternatives the applicant chooses between (自行选择); none: nothing to leave out of the total. */
const CHOICES = INTERACTIONS.some((g) => g.mode === 'choice');
const NO_IDS: ReadonlySet<string> = new Set<string>();

/** Per subject type: the indices in BENEFITS of its own benefits (those without a shared decision), in policy order. */
const OWN = new Map<string, readonly number[]>();

function ownOf(subject: string, shared: readonly (BenefitDecision | null)[]): readonly number[] {
  let mine = OWN.get(subject);
  if (!mine) {
    const list: number[] = [];
    for (let i = 0; i < shared.length; i++) if (!shared[i]) list.push(i);
    OWN.set(subject, (mine = list));
  }
  return mine;
}

export function evaluateImpl(subjectType: string, facts: unknown, options: unknown): Decision {
  const x = context(subjectType, facts, options);
  return decideAll(x, lastType !== undefined && lastType.subject === x.subject ? lastType : typeState(x.subject));
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
  const f = factsOf(subjectType, data);
  if (!f.ok) errors.push(...f.errors);
  const l = checkLedger(SCHEMA, ledgerData, options?.asOf);
  if (!l.ok) errors.push(...l.errors);
  if (!f.ok || !l.ok) return { ok: false, errors: inputErrors(errors, lang) };
  const plan = SUBJECT_PLANS.get(subjectType)!;
  // Without payments on record (most subjects) the empty set and map are shared: a prepared subject stays small.
  const none = l.ledger.length === 0;
  const paid: Set<string> = none ? NO_PAID : new Set<string>();
  const prior: Map<string, PaidEntry[]> = none ? NO_PRIOR : new Map<string, PaidEntry[]>();
  for (const e of l.ledger) {
    paid.add(e.benefit);
    let list = prior.get(e.benefit);
    if (!list) prior.set(e.benefit, (list = []));
    list.push({ date: e.date, fen: roundTo(e.amount, 100n, 'half-up'), ...(e.key && { key: e.key }) });
  }
  let typed: object | null;
  try {
    // The record the compiled check built beside these facts, else the reader's (one site of typed records, not two).
    typed = CHECKED.facts === f.facts && CHECKED.typed !== null ? CHECKED.typed : plan.typed(f.facts);
  } catch (e) {
    if (!(e instanceof Inexact)) throw e;
    typed = null;
  }
  // An object literal with the class's prototype, not `new`: V8 tracks the survival of a literal's objects and, as
  // prepared subjects outlive the young generation, allocates them in the old generation next to their typed records
  // (also literals), where `decide` reads them in order; made by `new` they stayed young among `prepare`'s garbage, and
  // `decide` over a batch of them ran ~1.5× slower. `instanceof PreparedSubject` holds as before.
  const subject = {
    __proto__: PreparedSubject.prototype,
    subject: subjectType,
    facts: f.facts,
    typed,
    ledger: l.ledger,
    paid,
    prior,
    plan,
    anyPaid: paid.size !== 0,
  } as unknown as PreparedSubject;
  return { ok: true, subject };
}

const NO_PAID: Set<string> = new Set<string>();
const NO_PRIOR: Map<string, PaidEntry[]> = new Map<string, PaidEntry[]>();

/**
 * What `prepare` makes. A class, so that `decide` knows its own by one check of the object's map (`instanceof`:
 * a copy or a look-alike is refused, never half-read), and so that what the fast code reads of a subject — its
 * typed record, whether its ledger has payments, its subject type's plan — sits in one object. Made only by
 * `prepareImpl`, as a literal with this prototype (see there); the fields are declared, not initialised.
 */
export class PreparedSubject implements Prepared {
  declare readonly subject: string;
  declare readonly facts: ReadonlyMap<string, Value>;
  declare readonly typed: object | null;
  declare readonly ledger: readonly LedgerItem[];
  declare readonly paid: ReadonlySet<string>;
  declare readonly prior: ReadonlyMap<string, readonly PaidEntry[]>;
  /** The compiled plan of its subject type. */
  declare readonly plan: SubjectPlan;
  /** Has its ledger any payment? Only then does the fast code look at `paid`. */
  declare readonly anyPaid: boolean;
  private constructor() {}
}

/** What `context` makes (a class for the same reason as PreparedSubject). */
export class RunContext implements Run {
  readonly asOf: string;
  readonly params: ReadonlyMap<string, Rat>;
  readonly fenParams: ReadonlyMap<string, number>;
  readonly lang: Lang;
  readonly validity: 'P4002' | 'P4025' | null;
  readonly exactOnly: ReadonlySet<number>;
  /** The parameters as the fast code reads them, in the order of the schema's parameters (undefined: not exact, or not given). */
  readonly fen: readonly (number | undefined)[];
  /** No benefit must take the exact path in this run. */
  readonly allFast: boolean;
  constructor(asOf: string, params: ReadonlyMap<string, Rat>, fenParams: ReadonlyMap<string, number>, lang: Lang, validity: 'P4002' | 'P4025' | null, exactOnly: ReadonlySet<number>) {
    this.asOf = asOf;
    this.params = params;
    this.fenParams = fenParams;
    this.lang = lang;
    this.validity = validity;
    this.exactOnly = exactOnly;
    this.fen = [...SCHEMA.params.keys()].map((k) => fenParams.get(k));
    this.allFast = exactOnly.size === 0;
  }
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
  return runFrom(asOf, p.params, lang);
}

/** The run of a checked date and checked parameters. */
function runFrom(asOf: string, params: ReadonlyMap<string, Rat>, lang: Lang): RunContext {
  const fenParams = new Map<string, number>();
  // A parameter in the fast code is an integer at the scale of its type (fen for money).
  for (const [k, v] of params) {
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
  return new RunContext(asOf, params, fenParams, lang, validity, exactOnly);
}

/** The context of the exact path for a prepared subject. */
function preparedCtx(p: Prepared, x: Run, lang: Lang, trace = false): Ctx {
  return { subject: p.subject, facts: p.facts, derived: DERIVED.get(p.subject), params: x.params, asOf: x.asOf, ledger: p.ledger, rank: rankOf(p.subject), lang, trace };
}

const toFen = (b: bigint): Fen => (b <= MAX_FEN && b >= -MAX_FEN ? Number(b) : b);

/** The compact form of a decision: its status, amount in fen, and deciding reason. */
export function compactOf(d: Decided): Compact {
  let code: ReasonCode | null = null;
  for (const r of d.reasons)
    if (!MONEY_NOTES.has(r.code)) {
      code = r.code as ReasonCode;
      break;
    }
  return { benefit: d.id as string, status: d.status, fen: d.status === 'eligible' && d.fen !== null ? toFen(d.fen) : null, code };
}

/**
 * 合并计算: the subject's own benefits decided on the exact path in countedOrder, each counting what the ones it names
 * decided before it grant in this evaluation, the exclusion groups applied as the reference does (compiler/decision/steps.ts decideCounted).
 */
function decideOwn(x: Ctx): Decided[] {
  let o = COUNTED_ORDER.get(x.subject);
  if (!o) {
    const own: number[] = [];
    BENEFITS.forEach((e, i) => {
      if (e.info.subjects.includes(x.subject)) own.push(i);
    });
    COUNTED_ORDER.set(x.subject, (o = { own, order: countedOrder(own.map((i) => BENEFITS[i]!.info.id), own.map((i) => COUNTED![i]!)) }));
  }
  const { own } = o;
  return decideCounted(o.order, (k, granted) => BENEFITS[own[k]!]!.decide({ ...x, granted }), INTERACTIONS);
}
const COUNTED_ORDER = new Map<string, { readonly own: readonly number[]; readonly order: readonly number[] }>();

/** A benefit the fast code cannot decide for this subject (ledger payments, a value beyond its range, a missing parameter). */
export function exact(i: number, p: Prepared, x: Run): Compact {
  return compactOf(BENEFITS[i]!.decide(preparedCtx(p, x, 'zh')));
}

/** Full decisions of a prepared subject (with reasons): what `explain` and `evaluatePrepared` return. */
export function explainImpl(p: Prepared, x: Run, lang: Lang | undefined, trace: boolean): Decision {
  if (!(p instanceof PreparedSubject) || !(x instanceof RunContext)) checkMade(p, x);
  return decideAll(preparedCtx(p, x, lang ?? x.lang, trace));
}

/** Anything `prepare` and `context` did not make, passed to `decide` or `explain`: refused, naming it. */
function checkMade(p: unknown, x: unknown): never {
  const errors: FieldError[] = [];
  if (!(p instanceof PreparedSubject))
    errors.push({ code: 'P3002', field: 'subject', args: { found: showValue(p), expected: 'a subject from prepare()', expectedZh: 'prepare() 的结果' } });
  if (!(x instanceof RunContext))
    errors.push({ code: 'P3002', field: 'context', args: { found: showValue(x), expected: 'a context from context()', expectedZh: 'context() 的结果' } });
  throw new PolicyInputError(inputErrors(errors, 'zh'));
}

/** Compact decisions of every benefit for a prepared subject: the fast path. */
export function decideImpl(p: Prepared, x: Run): Compact[] {
  if (!(p instanceof PreparedSubject) || !(x instanceof RunContext)) return checkMade(p, x);
  const plan = p.plan;
  if (x.validity !== null) {
    const code = x.validity;
    // 分期 after the end: a grant made while the policy was in force still pays its instalments (decided exactly).
    const continued = code === 'P4025' ? POLICY_PERIOD.continued : [];
    return plan.benefits.map((i) => (continued.includes(i) ? exact(i, p, x) : { benefit: BENEFITS[i]!.info.id, status: 'ineligible', fen: null, code }));
  }
  // 合并计算: one benefit's limits count what another grants in this evaluation — decided together on the exact path.
  if (COUNTED) return decideOwn(preparedCtx(p, x, 'zh')).map(compactOf);
  if (p.typed !== null) {
    try {
      // One call site per subject type (a switch in the generated module), not one call of `plan.decide` that sees
      // every type's function: in a batch of mixed types that call was megamorphic and never inlined.
      return decideTyped(p, x);
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
    // 自行选择: every eligible member stays; its first reason may be the mark (P4063).
    if (group.mode === 'choice') {
      for (const d of eligible) d.code ??= group.code as ReasonCode;
      continue;
    }
    let kept = first;
    if (group.mode === 'higher-of') for (const d of eligible) if (BigInt(d.fen ?? 0) > BigInt(kept.fen ?? 0)) kept = d;
    for (const d of eligible) {
      if (d === kept) continue;
      d.status = 'ineligible';
      d.fen = null;
      d.code ??= group.code as ReasonCode;
    }
  }
  return ds;
}

// ---- fast money: integers at a known scale, exact or refused ----

const MAX = Number.MAX_SAFE_INTEGER;

/** The conditions the last fast decision that failed found false, a bit each (-1: not counted); read by `evaluate`. */
export const FAILED = { bits: 0 };

/** The entitlement of the last fast decision's running total (累计), in fen, before what was paid; read by `evaluate`. */
export const DUE = { fen: 0 };

/** The days of the period (期限) the last fast decision that failed by it (P4006 / P4026) was outside; read by `evaluate`. */
export const PERIOD = { start: '', end: '' };

/**
 * The last facts a compiled check (compiler/emit/check.ts) made, with the typed record it built of them in the same
 * pass — what the subject type's reader (`SubjectPlan.typed`) makes of those facts —, or null when it left the record to
 * the reader. Read by `evaluate` (quickOf) for the facts it checked, found by identity.
 */
export const CHECKED: { facts: ReadonlyMap<string, Value> | null; typed: object | null } = { facts: null, typed: null };

/** What the amount came to before a ceiling (最高) cut it, in fen, left by the fast code's cut (0: no cut); read by `evaluate`. */
export const CUT = { fen: 0 };

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
  return v === undefined || v.t !== 'num' ? undefined : scaledRat(v.v, scale);
}

/** An exact value times `scale` as a safe integer, or Inexact. */
function scaledRat(r: Rat, scale: bigint): number {
  if (r.d === 1n) {
    // A whole number (a count, whole yuan): no division.
    const w = scale === 1n ? r.n : r.n * scale;
    return w > MAX_FEN || w < -MAX_FEN ? inexact() : Number(w);
  }
  const n = r.n * scale;
  if (n % r.d !== 0n) return inexact();
  const q = n / r.d;
  return q > MAX_FEN || q < -MAX_FEN ? inexact() : Number(q);
}

/**
 * A safe whole number `v` times `scale` as the typed record holds it (what `scaled` makes of its value; -0 as 0), or
 * undefined beyond the safe integers, where `scaled` refuses it (Inexact): for a compiled check (compiler/emit/check.ts).
 */
export function wholeScaled(v: number, scale: bigint): number | undefined {
  const r = v * Number(scale);
  return r > MAX || r < -MAX ? undefined : r + 0;
}

/** An exact value times `scale` as the typed record holds it (`scaled`), or undefined where `scaled` refuses it (Inexact). */
export function ratScaled(r: Rat, scale: bigint): number | undefined {
  try {
    return scaledRat(r, scale);
  } catch (e) {
    if (e instanceof Inexact) return undefined;
    throw e;
  }
}

const ORDINALS = new Map<string, ReadonlyMap<string, number>>();

/** An enum value of the typed record: its ordinal in the enum's declaration. */
export function ordinal(v: Value | undefined, of: string): number | undefined {
  if (v === undefined || v.t !== 'enum') return undefined;
  let m = ORDINALS.get(of);
  if (!m) ORDINALS.set(of, (m = new Map([...(SCHEMA.enums.get(of)?.values.keys() ?? [])].map((name, i) => [name, i]))));
  return m.get(v.name);
}

/** Per-level counts of the typed record: an array indexed by level rank, every level of the scale in it (0 when not given). */
export function perLevel(v: Value | undefined, of: string, scale: bigint): number[] | undefined {
  if (v === undefined || v.t !== 'map') return undefined;
  const levels = SCHEMA.levels.get(of);
  // Dense and of one length for the scale (packed small integers): the fast code reads each rank without a hole check.
  let n = LEVEL_COUNT.get(of);
  if (n === undefined) {
    n = 0;
    if (levels) for (const l of levels.byName.values()) if (l.rank >= n) n = l.rank + 1;
    LEVEL_COUNT.set(of, n);
  }
  // Up to 8 levels from a literal cut to length: its elements are allocated with it (where V8 places a prepared
  // subject's record, see prepareImpl), not grown by push into a store of their own in the young generation, which
  // `decide` read as a cache miss of its own (the most sampled line of 企业's fast decisions in a profile).
  const out: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  if (n <= 8) out.length = n;
  else for (let i = 8; i < n; i++) out.push(0);
  for (const [name, r] of v.v) {
    const rank = levels?.byName.get(name)?.rank;
    if (rank !== undefined) out[rank] = scaledRat(r, scale);
  }
  return out;
}

/** How many ranks each level type has (perLevel's length). */
const LEVEL_COUNT = new Map<string, number>();

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


const RULES = new WeakMap<BenefitInfo, LedgerRules>();

const asIs = (fact: string): string => fact;
const valueAsIs = (_fact: string, value: string): string => value;

function rulesOf(b: BenefitInfo): LedgerRules {
  let r = RULES.get(b);
  if (!r) RULES.set(b, (r = { payment: b.payment, oncePer: b.oncePer, oncePerYear: b.oncePerYear, runningTotal: b.runningTotal, ceiling: b.ceiling, annualCap: b.annualCap }));
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

const NO_KEY: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The fast path's ledger read of a running total (累计) or an annual cap (每年累计不超过) of benefit `i`, a read
 * without keys: the fen of its payments in the read's window (compiler/ledger.ts readLedger), exact or Inexact.
 */
export function paidFen(i: number, read: LedgerRead, p: PreparedSubject, x: RunContext, start: string, end: string): number {
  const prior = p.prior.get(BENEFITS[i]!.info.id);
  if (prior === undefined) return 0;
  const r = readLedger(read, { asOf: x.asOf, inForce: { start, end }, prior, key: NO_KEY, rank: rankOf(p.subject) });
  return r.fen <= MAX_FEN && r.fen >= -MAX_FEN ? Number(r.fen) : inexact();
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
