// The decision steps, one implementation. What each step of the decision IR (./types.ts, ordered by
// ./lower.ts) does to a benefit's decision — the subject and validity guards, the period, a condition's
// three-valued verdict, the gates, the ledger quotas, the amount, the money steps — is written here once,
// as the methods of `Decider`, and nowhere else. The reference evaluator (compiler/evaluate.ts) interprets
// the IR by evaluating each step's expressions and calling these methods; a generated evaluator's exact path
// (compiler/emit/typescript.ts) is one call of the same method per step, this module being bundled into the
// module's runtime (compiler/emit/bundle.ts). A decision is made without text: status, fen and
// language-neutral reasons (`Decided`); ./words.ts words it at the edge.
//
// To add a decision step: its IR node in ./types.ts, its place in ./lower.ts, its behaviour as a method here,
// then one line each in the reference's interpreter (evaluate.ts `Interpreter.run`), the TypeScript emitter
// (emit/typescript.ts `stepsCode`, and emit/fast.ts or a NotFast there) and compiler/sql/translate.ts (or an
// `Untranslatable` naming it).
//
// A runtime module (compiler/emit/bundle.ts): imports only runtime modules, no Node or DOM APIs, no JS number
// ever holds money, strict-clean.
import { add, div, fenToString, mul, rat, ratToString, roundTo, ZERO, type Rat, type RoundingMode } from '../rational.ts';
import { addDays, addMonths, periodEnd } from '../dates.ts';
import { keyString, type LedgerItem, type TextLabel, type Value } from '../input.ts';
import {
  bracketPaid,
  bracketReached,
  bracketRefusal,
  bracketsDue,
  frequencyRefusal,
  monthsRefusal,
  quotaRefusal,
  distinctRefusal,
  withinRefusal,
  readLedger,
  settleAnnualCap,
  settleCeiling,
  settleCumulativeCap,
  settleInstalments,
  instalmentSizes,
  yearlyDue,
  settleRunningTotal,
  settleTopUp,
  startSettling,
  timesRefusal,
  MONEY_NOTES,
  OPEN_END,
  OPEN_START,
  type BracketBound,
  type CapKind,
  type CapState,
  type CumulativeCapState,
  type InstalmentSize,
  type InstalmentsState,
  type KeyFact,
  type LedgerRead,
  type NeutralNote,
  type NoteArg,
  type QuotaUnit,
  type PaidEntry,
  type ReadResult,
  type RunningState,
  type Settling,
} from '../ledger.ts';

export type Status = 'eligible' | 'ineligible' | 'undetermined';

/**
 * What a `quota` step counts: 每年限次, 最长享受, 限一次, 每年限一次, 自行选择, 限一次：N年内 (`once-within`), 每年最多 / 最多
 * (`distinct-per-year` / `distinct`).
 */
export type QuotaRule = 'times-per-year' | 'months' | 'once' | 'once-per-year' | 'chosen' | 'once-within' | 'distinct' | 'distinct-per-year';

/** A limit on how often a benefit is paid: 每年限次 (times a year) or 最长享受 (months). */
export type LimitKind = 'times-limit' | 'months-limit';

/** An expression that could not be evaluated: facts are missing, a table has no entry, a parameter is unknown, or a division by zero. */
export interface Unknown {
  readonly t: 'fail';
  readonly missing: readonly string[];
  readonly noStandard?: { readonly fact: string; readonly value: string };
  readonly external?: string;
  readonly divByZero?: boolean;
}

/** A value, or why it is unknown: what the steps are given for a step's expressions. */
export type Res = Value | Unknown;

/** An argument of a language-neutral reason. */
/** The bands of a 分段累进 amount as a `bands` step carries them: X, each band's text, the units (see model.ts BandParts). */
export interface BandsInfo {
  readonly by: { readonly fact: string } | { readonly param: string };
  readonly labels: readonly TextLabel[];
  readonly partUnit: TextLabel | null;
  readonly valueUnit: TextLabel | '%' | null;
}

const YUAN: TextLabel = { zh: '元', en: 'yuan' };

export type ReasonArg =
  /** Text that reads the same in every language: a date, an amount in yuan, a count, an id. */
  | string
  /** The fact names, joined by 、 (as P4012 lists them); English names each by its label. */
  | { readonly facts: readonly string[] }
  /** The subject types, joined by 、; English names each by its label. */
  | { readonly subjects: readonly string[] }
  /** One fact, named in the language (English: its label). */
  | { readonly fact: string }
  /** A parameter (参数), named in the language (English: its label). */
  | { readonly param: string }
  /** The text of a benefit's condition (its source rendered in the language). */
  | { readonly condition: number }
  /** The facts a benefit's condition mentions, with the subject's values. */
  | { readonly values: number }
  /** A fact's value as a table key (an enum value by its label). */
  | { readonly keyValue: { readonly fact: string; readonly value: string } }
  /** The amount, a cap computed from the case or a limit (P4013, P4050 on it). */
  | { readonly word: 'amount' | CapKind | LimitKind }
  /** A benefit's title. */
  | { readonly benefit: string }
  /** Text given in both languages (a band of a 分段累进 table as written). */
  | { readonly label: TextLabel }
  /** An exact quantity in a unit named in both languages (`%`: shown as a percentage; null: a plain number). */
  | { readonly quantity: Rat; readonly unit: TextLabel | '%' | null }
  /** Benefits' titles, each quoted, joined by 、 (English: “, ”). */
  | { readonly benefits: readonly string[] }
  /** From the ledger (compiler/ledger.ts NoteArg): an entry's key facts and values, key fact names, a month (YYYY-MM). */
  | Exclude<NoteArg, string>;

export interface NeutralReason {
  code: string;
  args: Record<string, ReasonArg>;
}

/** A step the trace records: plain text, or a condition with its verdict (worded at the edge). */
export type TraceEntry = string | { readonly mark: '✓' | '✗' | '?'; readonly condition: number };

/** A decision before any text: status, amount in fen, language-neutral reasons. */
export interface Decided {
  id: string;
  status: Status;
  /** Eligible amount, fen; null when not eligible or set by other rules. */
  fen: bigint | null;
  /** The ceiling (最高) that cut the amount, fen. */
  ceilingFen: bigint | null;
  outcome: { designation: TextLabel } | { value: Value } | null;
  reasons: NeutralReason[];
  missing: string[];
  annualCap?: CapState;
  runningTotal?: RunningState;
  /** 累计不超过: the window, the cap, what was received in it before, this payment, what remains after it. */
  cumulativeCap?: CumulativeCapState;
  /** 分期: the total of the grant, what was paid towards it, what is due by now, this payment, each instalment. */
  instalments?: InstalmentsState;
  /** 退还 / 追回: what is to be returned of what this benefit paid (present only when something was paid and the condition holds or is unknown). */
  clawback?: Clawback;
  trace?: TraceEntry[];
}

/**
 * 退还 / 追回 (clawback): of `paid` fen this benefit paid up to the as-of date, `fen` are to be returned (`due`, P4086), or
 * whether any is cannot be told yet (`undetermined`, `fen` null: P4087 naming the missing facts, P4088 not computable).
 */
export interface Clawback {
  status: 'due' | 'undetermined';
  fen: bigint | null;
  paid: bigint;
  reasons: NeutralReason[];
  missing: string[];
}

/** What the steps read of one subject's run: the date, the subject and its checked facts, its earlier payments. */
export interface StepRun {
  readonly asOf: string;
  readonly subject: string;
  readonly facts: ReadonlyMap<string, Value>;
  /** Every earlier payment of this subject (each benefit's steps read its own). */
  readonly ledger: readonly LedgerItem[];
  /** The rank of a level value of one of the subject's facts (for 及以上 keys). */
  readonly rank: (fact: string, value: string) => number | undefined;
  readonly trace: boolean;
  /**
   * 合并计算 within one evaluation: what the benefits decided before this one (countedOrder, `decideCounted`)
   * grant the subject now. A read that names one of them counts its grant as a payment on the as-of date.
   */
  readonly granted?: readonly Grant[];
}

/** The subject's values of `keys` (a ledger read's key facts), as ledger entries record them. */
function keyOfFacts(keys: readonly KeyFact[], facts: ReadonlyMap<string, Value>): Record<string, string> {
  const key: Record<string, string> = {};
  for (const k of keys) {
    const v = facts.get(k.fact);
    if (v) key[k.fact] = keyString(v);
  }
  return key;
}

/**
 * A benefit granted in this evaluation, as the later benefits counted with it see it: `fen` paid now (0 for a grant with
 * no amount), or `open` — undetermined, or eligible with an amount not known (a parameter nobody gave, an amount pending
 * review): whether or how much it pays cannot be told.
 */
export interface Grant {
  readonly benefit: string;
  readonly fen: bigint;
  readonly open: boolean;
}

/** What a read that names other benefits (合并计算) found among this evaluation's grants. */
interface SameRun {
  /** Certain grants counted, each with its amount. */
  readonly counted: { readonly benefit: string; readonly fen: bigint }[];
  /** Benefits named whose grant in this evaluation is not known (`Grant.open`). */
  readonly open: string[];
}

/** The policy's shared caps (decision/types.ts PoolScope): what follows their note or refusal. */
export type PoolScope = 'all' | 'fund' | 'document';
const POOL_NOTE: Readonly<Record<'all' | 'fund', NeutralReason>> = Object.freeze({
  all: Object.freeze({ code: 'P4061', args: Object.freeze({}) }) as NeutralReason,
  fund: Object.freeze({ code: 'P4062', args: Object.freeze({}) }) as NeutralReason,
});
/** What follows a shared cap's note or refusal: P4061 / P4062, or for a document's cap P4109 naming the document. */
const poolNote = (pool: PoolScope, doc: string | undefined): NeutralReason => (pool === 'document' ? { code: 'P4109', args: { doc: doc ?? '' } } : POOL_NOTE[pool]);
/** P4107: what a shared cap computed from the case came to for this subject. */
const poolValue = (cap: 'annual-cap' | 'cumulative-cap', fen: bigint): NeutralReason => ({ code: 'P4107', args: { cap: { word: cap }, amount: fenToString(fen) } });

const NO_DAYS: { readonly start: string; readonly end: string } = Object.freeze({ start: OPEN_START, end: OPEN_END });
const NO_KEY: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** P4003 for condition `index`: the same for every subject, so made once per index and shared (frozen). */
const FAILED: NeutralReason[] = [];
export function failedCondition(index: number): NeutralReason {
  return (FAILED[index] ??= Object.freeze({ code: 'P4003', args: Object.freeze({ condition: Object.freeze({ condition: index }), values: Object.freeze({ values: index }) }) }) as NeutralReason);
}

/** The index of the condition whose failure `r` is (failedCondition's reason), or -1 for any other reason. */
export function failedIndex(r: NeutralReason): number {
  if (r.code !== 'P4003') return -1;
  const c = r.args['condition'];
  const i = typeof c === 'object' && 'condition' in c ? c.condition : -1;
  return i >= 0 && FAILED[i] === r ? i : -1;
}

/**
 * One benefit's decision, step by step. Each method is one step of the decision IR; a method returning
 * true has decided the benefit (the caller returns `d`).
 */
export class Decider {
  readonly d: Decided;
  private failed = false;
  /** Facts missing so far, first mention first (made when the first one is). */
  private missing: Set<string> | undefined;
  /** Conditions that divided by zero (by index). */
  private division: number[] | undefined;
  /** Soft conditions (等情形 / 原则上) that do not hold: their reasons, given when nothing else decides (`stopIfMissing`). */
  private soft: NeutralReason[] | undefined;
  /** Parameters nobody gave that a condition needs (each once, in order). */
  private external: string[] | undefined;
  /** 分期: how many instalments are due (all, unless an `instalments-due` step counted them). */
  private due = Number.MAX_SAFE_INTEGER;
  /** The days the benefit is in force for the subject: the policy period, narrowed by the benefit's 期限. */
  private inForce = NO_DAYS;
  private policyStart = NO_DAYS.start;
  /** 分期 after the policy's end: a grant made while it was in force (its end, the grant's first payment), noted P4124. */
  private continued: { readonly end: string; readonly first: string } | undefined;
  /** 每年限次, evaluated. */
  private times: Rat | undefined;
  /** 最长享受, evaluated (months). */
  private months: Rat | undefined;
  /** The values of the ledger key facts. */
  private key: Record<string, string> = NO_KEY;
  private amount: Res | undefined;
  /** 核定: the reviewed amount was not given — the reason the `round` step gives (P4051 / P4052 / P4053). */
  private pending: NeutralReason | undefined;
  private outcome: Res | undefined;
  /** Caps computed from the case (their `value` steps), by kind. */
  private caps: Partial<Record<CapKind, Res>> | undefined;
  /** 分N年发放: the yearly amount the text states (`分期：5年，按 层次 {…}`), evaluated by a `value` step. */
  private yearly: Res | undefined;
  private settling: Settling | undefined;
  /** 每档一次：逐档 with a bracket's amount not computable: each due bracket's known amount or missing facts (P4058 / P4059). */
  private bracketReasons: NeutralReason[] | undefined;
  /** 分段累进: each band's part noted when the amount is paid (P4093, set by `bands`). */
  private bandNotes: NeutralReason[] | undefined;
  /** 每档一次: the bracket reached now and the highest paid (set by `bracketQuota`). */
  private brackets: { reached: number; paid: number } | undefined;
  private prior: PaidEntry[] | undefined;
  /** This benefit's earlier payments and those of the benefits it is counted with (合并计算), by the list of those benefits. */
  private priorWith: Map<string, PaidEntry[]> | undefined;
  /** What the last read found among this evaluation's grants of the benefits it names (合并计算). */
  private sameRun: SameRun | undefined;

  constructor(
    private readonly x: StepRun,
    id: string,
  ) {
    this.d = { id, status: 'ineligible', fen: null, ceilingFen: null, outcome: null, reasons: [], missing: [] };
    if (x.trace) this.d.trace = [];
  }

  private exit(status: Status, code?: string, args?: Record<string, ReasonArg>): true {
    this.d.status = status;
    if (code) this.d.reasons.push({ code, args: args ?? {} });
    return true;
  }

  private noStandard(ns: { readonly fact: string; readonly value: string }): true {
    return this.exit('ineligible', 'P4004', { fact: { fact: ns.fact }, value: { keyValue: { fact: ns.fact, value: ns.value } } });
  }

  private undetermined(missing: readonly string[]): true {
    this.d.missing = [...missing];
    return this.exit('undetermined', 'P4012', { facts: { facts: this.d.missing } });
  }

  /** `subject`: not for this subject type → ineligible, P4001. */
  subject(subjects: readonly string[]): boolean {
    return !subjects.includes(this.x.subject) && this.exit('ineligible', 'P4001', { subjects: { subjects }, subject: { subjects: [this.x.subject] } });
  }

  /**
   * `validity`: outside the policy's period → ineligible, P4002 (not yet) / P4025 (expired). Sets the days in force.
   * `grant` (分期): the 有效期 bounds new grants only — a grant with a payment on record inside the days in force (its first
   * payment fell inside them; matched on the subject's values of the read's keys) keeps its instalments falling due after
   * the end: the days in force then run to the as-of date for its reads, and the grant, when paid, says so (P4124).
   */
  validity(effective: string | null, end: string | null, grant?: LedgerRead): boolean {
    const asOf = this.x.asOf;
    if (effective && asOf < effective) return this.exit('ineligible', 'P4002', { date: asOf, start: effective, end: end ?? '' });
    this.policyStart = effective ?? NO_DAYS.start;
    if (end && asOf > end) {
      let first: string | undefined;
      if (grant) {
        const own = this.key;
        this.key = keyOfFacts(grant.match?.keys ?? [], this.x.facts);
        for (const e of this.read(grant).entries) if (first === undefined || e.date < first) first = e.date;
        this.key = own;
      }
      if (first === undefined) return this.exit('ineligible', 'P4025', { date: asOf, start: effective ?? '', end });
      this.continued = { end, first };
      this.inForce = { start: this.policyStart, end: asOf };
      return false;
    }
    this.inForce = { start: this.policyStart, end: end ?? NO_DAYS.end };
    return false;
  }

  /** `period` (期限): `from` is the start date expression's value, if the period has one. Outside: failed (P4006 / P4026). */
  period(from: Res | undefined, lengthMonths: number | null, until: string | null): void {
    if (from && from.t === 'fail') {
      this.miss(from.missing);
      return;
    }
    const asOf = this.x.asOf;
    const start = from && from.t === 'date' ? from.v : this.policyStart;
    let end = until ?? NO_DAYS.end;
    if (lengthMonths !== null) {
      const byLength = periodEnd(start, lengthMonths);
      if (byLength < end) end = byLength;
    }
    this.d.trace?.push(`period ${start} .. ${end}`);
    if (start > this.inForce.start || end < this.inForce.end)
      this.inForce = { start: start > this.inForce.start ? start : this.inForce.start, end: end < this.inForce.end ? end : this.inForce.end };
    if (asOf < start || asOf > end) {
      this.d.reasons.push({ code: asOf < start ? 'P4006' : 'P4026', args: { date: asOf, start, end } });
      this.failed = true;
    }
  }

  /**
   * `condition` `index`, evaluated to `r`. False: failed, P4003. No standard for a value: failed, P4004. Missing facts,
   * divisions by zero and parameters nobody gave are collected: only what can change the result makes a decision
   * undetermined, so a failed condition (before or after) still makes it ineligible (`fail-if-failed`), and missing
   * facts are still named (`stop-if-missing`); with neither, `stop-if-division` stops it (P4013 / P4010).
   */
  condition(index: number, r: Res, soft?: 'open' | 'in-principle'): boolean {
    if (soft && r.t === 'bool' && !r.v) {
      // 等情形 / 原则上 not holding: not a failure — undetermined unless something else fails (`stopIfMissing`).
      (this.soft ??= []).push({ code: soft === 'open' ? 'P4091' : 'P4092', args: { condition: { condition: index }, values: { values: index } } });
      this.d.trace?.push({ mark: '?', condition: index });
      return false;
    }
    if (r.t === 'fail') {
      // Unknown is never taken for true: missing facts, or a value that cannot be computed.
      this.miss(r.missing);
      if (r.missing.length === 0) {
        if (r.noStandard) {
          this.failed = true;
          this.d.reasons.push({ code: 'P4004', args: { fact: { fact: r.noStandard.fact }, value: { keyValue: { fact: r.noStandard.fact, value: r.noStandard.value } } } });
        } else if (r.external) {
          if (!(this.external ??= []).includes(r.external)) this.external.push(r.external);
        } else (this.division ??= []).push(index);
      }
      this.d.trace?.push({ mark: '?', condition: index });
    } else if (r.t === 'bool' && !r.v) {
      this.failed = true;
      this.d.reasons.push(failedCondition(index));
      this.d.trace?.push({ mark: '✗', condition: index });
    } else this.d.trace?.push({ mark: '✓', condition: index });
    return false;
  }

  /**
   * `clawback` (退还 / 追回): `r` is the condition's value, `index` its place among the condition texts. Nothing paid of this
   * benefit (`read`) or the condition false (or no standard for a value in it): nothing to return. True: all that was paid,
   * `share` of it (half up to the fen) or at most `fen` is due (P4086). Unknown: undetermined, P4087 (missing facts) /
   * P4088 (not computable). Never decides the benefit: the decision goes on.
   */
  clawback(index: number, r: Res, share: { readonly n: bigint; readonly d: bigint } | null, fen: bigint | null, clause: string, read: LedgerRead): false {
    const paid = this.read(read).fen;
    if (paid <= 0n || (r.t === 'bool' && !r.v) || (r.t === 'fail' && r.noStandard && r.missing.length === 0)) return false;
    const shown = fenToString(paid);
    if (r.t === 'fail') {
      const missing = [...r.missing];
      const reason: NeutralReason = missing.length
        ? { code: 'P4087', args: { condition: { condition: index }, paid: shown, facts: { facts: missing } } }
        : { code: 'P4088', args: { condition: { condition: index }, paid: shown } };
      this.d.clawback = { status: 'undetermined', fen: null, paid, reasons: [reason], missing };
      return false;
    }
    let due = paid;
    if (share) due = roundTo({ n: paid * share.n, d: share.d }, 1n, 'half-up');
    else if (fen !== null && fen < paid) due = fen;
    this.d.clawback = { status: 'due', fen: due, paid, reasons: [{ code: 'P4086', args: { condition: { condition: index }, clause, paid: shown, amount: fenToString(due) } }], missing: [] };
    this.d.trace?.push(`clawback ${fenToString(due)} of ${shown}`);
    return false;
  }

  /**
   * `referral` (转按 / 参照执行): the case is handled under another policy, `doc`. `r` is the value of the condition that picks
   * the cases referred (null: every case that meets the conditions). Facts missing so far, or needed by `r`: nothing decided
   * here (`stop-if-missing` names them). Referred: ineligible, P4095 (P4096 naming the condition) — not paid here. Not
   * referred: decided here as usual. No standard for a value in `r`: P4004; a division by zero or a parameter nobody gave:
   * undetermined (P4013 / P4010), never taken as referred or not.
   */
  referral(doc: TextLabel, index: number, r: Res | null): boolean {
    if (r && r.t === 'fail') {
      this.miss(r.missing);
      if (r.missing.length || this.missing) return false;
      if (r.noStandard) return this.noStandard(r.noStandard);
      if (r.external) return this.exit('undetermined', 'P4010', { param: { param: r.external } });
      return this.exit('undetermined', 'P4013', { expr: { condition: index } });
    }
    if (this.missing || (r && !(r.t === 'bool' && r.v))) return false;
    this.d.trace?.push(`referred to ${doc.zh}`);
    return r ? this.exit('ineligible', 'P4096', { doc: { label: doc }, condition: { condition: index } }) : this.exit('ineligible', 'P4095', { doc: { label: doc } });
  }

  /** `repeat-unstated` (限一次：未载明): a payment of this benefit on record → undetermined, P4089 (the authority decides). */
  repeatUnstated(read: LedgerRead): boolean {
    const hit = this.read(read).latest;
    return hit !== undefined && this.exit('undetermined', 'P4089', { date: hit.date, amount: fenToString(hit.fen) });
  }

  /** `treated-as` (视同享受): granted with `a` (the group treated as another) holding and `b` not → noted, P4090. */
  treatedAs(index: number, a: Res, b: Res): false {
    if (a.t === 'bool' && a.v && !(b.t === 'bool' && b.v)) this.d.reasons.push({ code: 'P4090', args: { a: { condition: index }, b: { condition: index + 1 } } });
    return false;
  }

  /** `fail-if-failed`: a period or condition failed → ineligible with the reasons so far. */
  failIfFailed(): boolean {
    return this.failed && this.exit('ineligible');
  }

  /**
   * `stop-if-division`: nothing missing, nothing failed, but a condition could not be computed → undetermined: one
   * P4013 per condition that divided by zero, one P4010 per parameter nobody gave.
   */
  stopIfDivision(): boolean {
    if (this.missing || (!this.division && !this.external)) return false;
    for (const i of this.division ?? []) this.d.reasons.push({ code: 'P4013', args: { expr: { condition: i } } });
    for (const p of this.external ?? []) this.d.reasons.push({ code: 'P4010', args: { param: { param: p } } });
    return this.exit('undetermined');
  }

  /** `if-known`: the ledger steps run only when no fact is missing so far. */
  get known(): boolean {
    return this.missing === undefined;
  }

  private miss(facts: readonly string[]): void {
    if (facts.length === 0) return;
    const m = (this.missing ??= new Set());
    for (const f of facts) m.add(f);
  }

  /**
   * `times-limit` (每年限次) and `months-limit` (最长享受), evaluated: no standard → ineligible P4004; missing facts →
   * undetermined P4012; a parameter nobody gave → undetermined P4050; a division by zero → undetermined P4013. A limit
   * that cannot be known is never taken for "no limit": whether this payment is within it cannot be told.
   */
  private limit(r: Res, word: LimitKind): Rat | undefined | true {
    if (r.t === 'fail') {
      // No limit for this value is not "no limit": the benefit cannot be granted.
      if (r.noStandard) return this.noStandard(r.noStandard);
      if (r.missing.length) return this.undetermined(r.missing);
      if (r.external) return this.exit('undetermined', 'P4050', { what: { word }, param: { param: r.external } });
      return this.exit('undetermined', 'P4013', { expr: { word } });
    }
    return r.t === 'num' ? r.v : undefined;
  }

  timesLimit(r: Res): boolean {
    const l = this.limit(r, 'times-limit');
    if (l === true) return true;
    if (l) this.times = l;
    return false;
  }

  monthsLimit(r: Res): boolean {
    const l = this.limit(r, 'months-limit');
    if (l === true) return true;
    if (l) this.months = l;
    return false;
  }

  /** `key-facts`: the ledger key facts must be known, else undetermined P4012 naming them. */
  keyFacts(facts: readonly string[]): boolean {
    const missing: string[] = [];
    if (this.key === NO_KEY) this.key = {};
    for (const f of facts) {
      const v = this.x.facts.get(f);
      if (v) this.key[f] = keyString(v);
      else missing.push(f);
    }
    return missing.length > 0 && this.undetermined(missing);
  }

  /** A ledger read over this benefit's earlier payments (compiler/ledger.ts readLedger). */
  private read(read: LedgerRead): ReadResult {
    const x = this.x;
    this.sameRun = undefined;
    if (!this.prior) {
      this.prior = [];
      for (const e of x.ledger)
        if (e.benefit === this.d.id && e.date <= x.asOf) this.prior.push({ date: e.date, fen: roundTo(e.amount, 100n, 'half-up'), ...(e.key && { key: e.key }) });
    }
    let prior = this.prior;
    const named = read.with ?? read.others;
    if (named?.length) {
      // 合并计算: the payments of the named benefits too, each tagged with its benefit (readLedger counts them for this read;
      // 自行选择's `others`: only theirs).
      const sig = `${read.others ? '-' : '+'}${named.join('\u0000')}`;
      this.priorWith ??= new Map();
      let list = this.priorWith.get(sig);
      if (!list) {
        list = read.others ? [] : [...this.prior];
        for (const e of x.ledger)
          if (e.benefit !== this.d.id && named.includes(e.benefit) && e.date <= x.asOf)
            list.push({ date: e.date, fen: roundTo(e.amount, 100n, 'half-up'), benefit: e.benefit, ...(e.key && { key: e.key }) });
        this.priorWith.set(sig, list);
      }
      prior = list;
    }
    if (read.with?.length) {
      const g = x.granted;
      if (g?.length) {
        // Grants of this evaluation to the benefits named: paid on the as-of date, with the subject's values of the read's keys.
        let key: Record<string, string> | undefined;
        const same: SameRun = { counted: [], open: [] };
        for (const e of g) {
          // 自行选择: an alternative of this benefit granted now is not also received (the applicant takes one of them).
          if (!read.with.includes(e.benefit) || read.alternatives?.includes(e.benefit)) continue;
          if (e.open) {
            same.open.push(e.benefit);
            continue;
          }
          key ??= keyOfFacts(read.match?.keys ?? [], x.facts);
          if (same.counted.length === 0) prior = [...prior];
          prior.push({ date: x.asOf, fen: e.fen, benefit: e.benefit, key });
          same.counted.push({ benefit: e.benefit, fen: e.fen });
        }
        if (same.counted.length || same.open.length) this.sameRun = same;
      }
    }
    return readLedger(read, { asOf: x.asOf, inForce: this.inForce, prior, key: this.key, rank: x.rank, benefit: this.d.id });
  }

  private refuse(n: NeutralNote | null): boolean {
    return n !== null && this.exit('ineligible', n.code, n.args);
  }

  /**
   * `quota`: 每年限次 (P4014), 最长享受 (P4040), 限一次 (P4015), 每年限一次 (P4020) used up → ineligible; 自行选择: another
   * alternative paid (P4064); 限一次：N年内 (`once-within`): a payment in the window (P4142 / P4143); 每年最多 / 最多
   * (`distinct-per-year` / `distinct`): `limit` other keys already paid in the window (P4140 / P4141).
   */
  quota(rule: QuotaRule, keys: readonly KeyFact[], read: LedgerRead, limit?: number, unit?: QuotaUnit, grant?: LedgerRead): boolean {
    if (rule === 'once-within') {
      const hit = this.read(read).latest;
      return this.refuse(withinRefusal(keys, read.months ?? 0, hit, hit ? addDays(addMonths(hit.date, read.months ?? 0), 1) : ''));
    }
    // 分期: a later instalment of a grant already paid in part is not a new key of 每年最多 / 最多.
    if (rule === 'distinct' || rule === 'distinct-per-year') return !(grant && this.read(grant).latest) && this.refuse(distinctRefusal(rule === 'distinct-per-year', keys, limit ?? 0, this.read(read).entries, { key: this.key, asOf: this.x.asOf }, unit));
    if (rule === 'chosen') {
      const hit = this.read(read).latest;
      return hit !== undefined && this.exit('ineligible', 'P4064', { other: { benefit: hit.benefit ?? '' }, date: hit.date });
    }
    if (rule === 'times-per-year' || rule === 'months') {
      const limit = rule === 'times-per-year' ? this.times : this.months;
      if (!limit) return false;
      const count = this.read(read).count;
      const refusal = (n: number): NeutralNote | null => (rule === 'times-per-year' ? timesRefusal(n, limit, this.x.asOf) : monthsRefusal(n, limit));
      const same = this.sameRun;
      if (this.refuse(refusal(count))) return this.countedNotes(same, 'P4072');
      // A grant of this evaluation that is not known could use the last time left: whether this one is within the limit cannot be told.
      if (same?.open.length && refusal(count + same.open.length)) return this.openShared(same.open);
      return false;
    }
    return this.refuse(quotaRefusal(rule === 'once-per-year', keys, this.read(read).latest, this.x.asOf));
  }

  /** `bracket-quota` (每档一次): every bracket the fact's value reaches was paid already → ineligible, P4060. */
  bracketQuota(fact: string, bounds: readonly BracketBound[], read: LedgerRead): boolean {
    const v = this.x.facts.get(fact);
    if (!v || v.t !== 'num') return false;
    const reached = bracketReached(bounds, v.v);
    const paid = bracketPaid(bounds, fact, this.read(read).entries);
    this.brackets = { reached, paid: paid.index };
    // For an officer: brackets by number from 1 and their thresholds, not 0-based indices with −1 for none.
    const bracket = (i: number) => (i < 0 ? 'none' : `bracket ${i + 1} of ${bounds.length} (from ${ratToString(bounds[i]!.low)}${bounds[i]!.incl ? '' : ', excluded'})`);
    this.d.trace?.push(`${fact} ${ratToString(v.v)}: reached ${bracket(reached)}; paid before: ${bracket(paid.index)}`);
    return this.refuse(bracketRefusal(fact, reached, paid, ratToString(v.v, 20)));
  }

  /**
   * `bracket-sum` (每档一次：逐档): the amount is the sum of the brackets reached and not yet paid. When a bracket's amount
   * cannot be computed for missing facts (the top one's, which is the amount, or a lower one's), the decision is
   * undetermined, and with several brackets due `stopIfMissing` says bracket by bracket which amounts are known (P4058) and
   * what each of the others needs (P4059).
   */
  bracketSum(values: readonly Res[]): boolean {
    const b = this.brackets;
    const a = this.amount;
    if (!b || !a || (a.t === 'fail' && (!a.missing.length || a.noStandard || a.divByZero || a.external))) return false;
    let sum: Rat = ZERO;
    const missing: string[] = [];
    const due = bracketsDue('each', b.reached, b.paid);
    const shown: NeutralReason[] = [];
    for (const i of due) {
      const r = values[i];
      if (!r) continue;
      if (r.t === 'fail') {
        if (!r.missing.length) return a.t === 'fail' ? false : this.value('amount', r);
        for (const m of r.missing) if (!missing.includes(m)) missing.push(m);
        shown.push({ code: 'P4059', args: { n: String(i + 1), facts: { facts: [...r.missing] } } });
        continue;
      }
      if (r.t === 'num') {
        sum = add(sum, r.v);
        shown.push({ code: 'P4058', args: { n: String(i + 1), amount: fenToString(roundTo(r.v, 100n, 'half-up')) } });
      }
    }
    if (a.t === 'fail' || missing.length) {
      if (due.length > 1) this.bracketReasons = shown;
      return a.t === 'fail' ? false : this.value('amount', { t: 'fail', missing });
    }
    this.amount = { t: 'num', v: sum };
    return false;
  }

  /**
   * `bands` (分段累进 as the whole amount): for each band X reaches (its part above zero), a note of the part, the band's
   * value and their product (P4093), shown when the amount is paid (`round`). Nothing when a part is not computable (the
   * amount is not either).
   */
  bands(parts: readonly (readonly [Res, Res])[], info: BandsInfo): boolean {
    const notes: NeutralReason[] = [];
    for (let i = 0; i < parts.length; i++) {
      const [p, v] = parts[i]!;
      if (p.t !== 'num' || v.t !== 'num') return false;
      if (p.v.n <= 0n) continue;
      notes.push({
        code: 'P4093',
        args: { by: info.by, band: { label: info.labels[i]! }, part: { quantity: p.v, unit: info.partUnit }, value: { quantity: v.v, unit: info.valueUnit }, amount: { quantity: mul(p.v, v.v), unit: YUAN } },
      });
    }
    this.bandNotes = notes;
    return false;
  }

  /** `frequency` (发放): paid already in this payment period (and occasion) → ineligible with `code`. */
  frequency(code: string, keys: readonly KeyFact[], read: LedgerRead): boolean {
    return this.refuse(frequencyRefusal(code, keys, this.read(read), this.x.asOf));
  }

  /**
   * `value`: the amount (金额), the equivalence (视同) or a cap computed from the case: no standard → ineligible P4004;
   * missing facts collected; division by zero → undetermined P4013 naming what divided.
   */
  value(of: 'amount' | 'outcome' | 'yearly' | CapKind, r: Res): boolean {
    if (of === 'amount') this.amount = r;
    else if (of === 'outcome') this.outcome = r;
    else if (of === 'yearly') this.yearly = r;
    else (this.caps ??= {})[of] = r;
    if (r.t !== 'fail') return false;
    if (r.noStandard) return this.noStandard(r.noStandard);
    this.miss(r.missing);
    if (r.divByZero && r.missing.length === 0) return this.exit('undetermined', 'P4013', { expr: { word: of === 'outcome' || of === 'yearly' ? 'amount' : of } });
    return false;
  }

  /**
   * `reviewed` (金额 that is a reviewed amount, 核定), evaluated: given, it is the amount (`value`); not given, the amount is
   * pending review — nothing is missing for the decision (the applicant cannot answer it), and `round` grants the
   * benefit without an amount: P4051 (within `low`–`high`), P4052 (at most `high`), P4053 (no range stated); an amount
   * `computed` from it: P4056 (its range stated) / P4057, and the other facts it needs are missing as in `value`.
   */
  reviewed(fact: string, r: Res, low: bigint | null, high: bigint | null, computed = false): boolean {
    if (r.t !== 'fail' || !r.missing.includes(fact)) return this.value('amount', r);
    // Computed from it (核定投资额 × 10%): what else the amount needs is asked for; the reviewed fact never is.
    const others = r.missing.filter((m) => m !== fact);
    if (others.length === 0 && !r.noStandard && !r.external && !r.divByZero) {
      this.amount = r;
      const args: Record<string, ReasonArg> = { fact: { fact } };
      if (high !== null) args['high'] = fenToString(high);
      if (low !== null && high !== null) args['low'] = fenToString(low);
      const ranged = low !== null && high !== null;
      this.pending = { code: computed ? (ranged ? 'P4056' : 'P4057') : ranged ? 'P4051' : high !== null ? 'P4052' : 'P4053', args };
      this.d.trace?.push(`amount pending review (${fact})`);
      return false;
    }
    return this.value('amount', { ...r, missing: others });
  }

  /**
   * The cap of a money step in fen: `fen`, or (null) the cap computed from the case, cut down to the fen so the
   * payment never exceeds it. A parameter nobody gave in it → eligible without an amount, P4010 (true: decided).
   */
  private capFen(of: CapKind, fen: bigint | null): bigint | true {
    if (fen !== null) return fen;
    const r = this.caps?.[of];
    if (r && r.t === 'num') {
      const cap = roundTo(r.v, 100n, 'down');
      if (cap > 0n) return cap;
      // A cap computed from the case that comes out at zero or below (可用留成 = 留成 − 已获补助 < 0): nothing can be paid,
      // said as such (P4085), not as a cut to a negative ceiling; what the money steps before it noted goes.
      clearMoney(this.d);
      return this.exit('ineligible', 'P4085', { cap: { word: of }, amount: fenToString(cap) });
    }
    // No amount can be paid: what the money steps before it noted goes (as when an exclusion group drops a payment).
    clearMoney(this.d);
    return this.exit('eligible', 'P4010', { param: { param: (r && r.t === 'fail' && r.external) || '' } });
  }

  /**
   * The cap of a money step that is the policy's shared cap computed from the case (`expr` on the step), evaluated at the
   * step: false when nothing is left to cut (the step changes nothing), the cap in fen (cut down to the fen), or true when
   * it decided — ineligible P4085 (at or below zero), P4004 (no standard), undetermined P4012 + P4108 (facts it needs are
   * not given: it could cut what is paid), P4013 (a division by zero), eligible without an amount P4010 (a parameter nobody gave).
   */
  private poolCapFen(of: CapKind, r: Res): bigint | boolean {
    const m = this.settling!;
    if (m.refused !== null || m.fen <= 0n) return false;
    if (r.t === 'num') {
      const cap = roundTo(r.v, 100n, 'down');
      if (cap > 0n) return cap;
      clearMoney(this.d);
      return this.exit('ineligible', 'P4085', { cap: { word: of }, amount: fenToString(cap) });
    }
    const d = this.d;
    const amount = fenToString(m.fen);
    clearMoney(d);
    d.fen = null;
    d.outcome = null;
    if (r.t !== 'fail') return this.exit('eligible', 'P4010', { param: { param: '' } });
    if (r.noStandard) return this.noStandard(r.noStandard);
    if (r.missing.length) {
      this.undetermined(r.missing);
      d.reasons.push({ code: 'P4108', args: { cap: { word: of }, amount } });
      return true;
    }
    if (r.divByZero) return this.exit('undetermined', 'P4013', { expr: { word: of } });
    return this.exit('eligible', 'P4010', { param: { param: r.external ?? '' } });
  }

  /**
   * `instalments-due` (分期): each instalment's condition evaluated, in order (null: none). True → due, go on; missing
   * facts → collected (they decide the payment), stop; false or not computable → not due, stop.
   */
  instalmentsDue(when: readonly (Res | null)[]): void {
    let due = 0;
    for (const r of when) {
      if (r === null || (r.t === 'bool' && r.v)) {
        due++;
        continue;
      }
      if (r.t === 'fail') for (const m of r.missing) (this.missing ??= new Set()).add(m);
      break;
    }
    this.due = due;
    this.d.trace?.push(`instalments due ${due}`);
  }

  /** `stop-if-missing`: facts are missing → undetermined, P4012 naming them (first mention first). */
  stopIfMissing(): boolean {
    if (this.missing === undefined) {
      // 等情形 / 原则上 not holding, nothing else failing or missing: the authority decides (P4091 / P4092).
      return this.soft !== undefined && (this.d.reasons.push(...this.soft), this.exit('undetermined'));
    }
    this.undetermined([...this.missing]);
    // 每档一次：逐档: which brackets' amounts are known, and what the others need (bracketSum).
    if (this.bracketReasons) this.d.reasons.push(...this.bracketReasons);
    if (this.soft) this.d.reasons.push(...this.soft);
    return true;
  }

  /**
   * `eligible`: granted; the designation (认定为) or the equivalence's value is the outcome. `unstated` (金额：未载明): the
   * text states no amount — granted without one, said so (P4135); no money step follows.
   */
  eligible(designation: TextLabel | null, unstated = false): void {
    const d = this.d;
    d.status = 'eligible';
    if (unstated) d.reasons.push({ code: 'P4135', args: {} });
    if (this.continued) d.reasons.push({ code: 'P4124', args: { end: this.continued.end, first: this.continued.first } });
    if (designation) d.outcome = { designation };
    const o = this.outcome;
    if (o && o.t !== 'fail') d.outcome = { value: o };
  }

  /**
   * `round`: the amount rounded to 1/scale yuan (or to a multiple of `step` yuan), in fen; an amount set by a parameter
   * nobody gave → eligible without an amount, P4010.
   */
  round(scale: bigint, mode: RoundingMode, step?: bigint): boolean {
    const a = this.amount;
    if (this.pending) return this.exit('eligible', this.pending.code, this.pending.args);
    if (!a || a.t === 'fail') return this.exit('eligible', 'P4010', { param: { param: (a && a.t === 'fail' && a.external) || '' } });
    const v = (a as { v: Rat }).v;
    const computed = step ? roundTo(div(v, rat(step)), 1n, mode) * step * 100n : roundTo(v, scale, mode) * (100n / scale);
    this.d.trace?.push(`amount ${fenToString(computed)}`);
    // 分段累进: how much each band gave, before the money steps' notes.
    if (this.bandNotes) this.d.reasons.push(...this.bandNotes);
    this.settling = startSettling(computed);
    return false;
  }

  /** The notes a money step added, and its refusal; `then` after them when there are any (P4061 / P4062: what cap it was). */
  private noted(before: number, then?: NeutralReason, value?: NeutralReason): boolean {
    const m = this.settling!;
    for (let i = before; i < m.notes.length; i++) this.d.reasons.push({ code: m.notes[i]!.code, args: m.notes[i]!.args });
    // A refused payment carries no note of a payment (this step's or an earlier one's: 按最高限额给付, 本次拨付第1期 …);
    // what explains the refusal (the shared cap's P4061 / P4107, the counted grants' P4070) follows it.
    if (m.refused !== null) this.d.reasons = this.d.reasons.filter((r) => !MONEY_NOTES.has(r.code));
    const refused = m.refused !== null && this.exit('ineligible', m.refused.code, m.refused.args);
    if (then && (refused || m.notes.length > before)) this.d.reasons.push(then);
    // A shared cap computed from the case: what it came to for this subject (P4107), after what it was.
    if (value && (refused || m.notes.length > before)) this.d.reasons.push(value);
    return refused;
  }

  /**
   * A money step that read the benefits it is counted with (合并计算): its notes, then what this evaluation's grants
   * added to what was already received (P4070, one per benefit, after the step's own note). A grant that is not known
   * (undetermined, or its amount not known): unless the limit is used up anyway, this amount cannot be told
   * (undetermined, P4071 naming it).
   */
  private shared(before: number, then?: NeutralReason, value?: NeutralReason): boolean {
    const same = this.sameRun;
    const m = this.settling!;
    if (!same) return this.noted(before, then, value);
    if (m.refused === null && same.open.length) return this.openShared(same.open);
    if (m.notes.length === before && m.refused === null) return false;
    const decided = this.noted(before, then, value);
    this.countedNotes(same, 'P4070');
    return decided;
  }

  /** P4070 / P4072: what a limit counted of this evaluation's grants to the benefits it is counted with. */
  private countedNotes(same: SameRun | undefined, code: 'P4070' | 'P4072'): true {
    for (const c of same?.counted ?? []) this.d.reasons.push({ code, args: code === 'P4070' ? { other: { benefit: c.benefit }, amount: fenToString(c.fen) } : { other: { benefit: c.benefit } } });
    return true;
  }

  /** A shared limit that depends on a grant of this evaluation that is not known: undetermined, P4071 naming each. */
  private openShared(open: readonly string[]): true {
    const d = this.d;
    d.fen = null;
    d.outcome = null;
    clearMoney(d);
    d.reasons.push({ code: 'P4071', args: { others: { benefits: [...open] } } });
    return this.exit('undetermined');
  }

  /**
   * `ceiling` (最高), fen (null: computed from the case): a cut is noted (P4023). `inPrinciple` (原则上最高): the same cut,
   * noted P4120 — the text's rule, exceptions being the authority's — so the decision never presents it as a hard limit.
   */
  ceiling(fen: bigint | null, inPrinciple?: boolean): boolean {
    const cap = this.capFen('ceiling', fen);
    if (cap === true) return true;
    const m = this.settling!;
    const before = m.notes.length;
    settleCeiling(m, cap);
    if (inPrinciple && m.notes.length > before) m.notes[m.notes.length - 1] = { ...m.notes[m.notes.length - 1]!, code: 'P4120' };
    if (m.ceilingCut !== null) this.d.ceilingFen = m.ceilingCut;
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

  /**
   * `annual-cap` (每年累计不超过), fen (null: computed from the case), against this year's payments. `pool`: the policy's
   * shared cap — the same cap over every benefit it adds up; not reported as this benefit's own, P4061 / P4062 after its note.
   */
  annualCap(fen: bigint | null, read: LedgerRead, pool?: PoolScope, computed?: Res, doc?: string): boolean {
    const cap = computed ? this.poolCapFen('annual-cap', computed) : this.capFen('annual-cap', fen);
    if (cap === true) return true;
    if (cap === false) return false;
    const m = this.settling!;
    const before = m.notes.length;
    const own = m.annualCap;
    settleAnnualCap(m, cap, this.read(read), this.x.asOf);
    if (pool) {
      m.annualCap = own;
      return this.shared(before, poolNote(pool, doc), computed && poolValue('annual-cap', cap));
    }
    if (m.annualCap) this.d.annualCap = m.annualCap;
    return this.shared(before, this.perKey(read));
  }

  /** A cap per key (累计不超过：1000万元，项目编号；): its note or refusal is followed by P4094 naming the key's values. */
  private perKey(read: LedgerRead): NeutralReason | undefined {
    const keys = read.match?.keys;
    return keys?.length ? { code: 'P4094', args: { key: { key: { keys, values: this.key } } } } : undefined;
  }

  /** `instalments` (分期): the total paid in instalments: the due ones (all, when `stages` is null: 未载明) less what was paid towards the grant. */
  instalments(stages: readonly InstalmentSize[] | null, read: LedgerRead, yearly?: { readonly years: number }): boolean {
    const m = this.settling!;
    const before = m.notes.length;
    const paid = this.read(read);
    let due = stages ? Math.min(this.due, stages.length) : 0;
    if (yearly && stages) {
      // 分N年发放: the k-th instalment is due once k−1 full years have passed since the grant's first payment (ledger.ts yearlyDue).
      const y = yearlyDue(paid.entries, this.x.asOf, yearly.years);
      due = y.due;
      // Equal shares of the total, the last taking the remainder (100000.01 over 3 years: 33333.34, 33333.34, 33333.33):
      // a reason names the amount of the instalment it speaks of, the first or the last one due.
      const sizes = instalmentSizes(m.fen, stages);
      // The yearly amount the text states: N of it must be the total (“100万元……分5年发放……20万/年”), else the text's two
      // figures disagree for this case and no amount is paid on either (undetermined, P4123).
      const r = this.yearly;
      if (r && r.t === 'num') {
        const stated = roundTo(r.v, 100n, 'half-up');
        if (stated * BigInt(yearly.years) !== m.fen) {
          clearMoney(this.d);
          return this.exit('undetermined', 'P4123', { years: String(yearly.years), yearly: fenToString(stated), total: fenToString(m.fen) });
        }
      }
      // Flat, not nested: this file is embedded in every generated module, whose indentation stays within 12 spaces.
      const years = String(yearly.years);
      const each = fenToString(sizes[y.first === null ? 0 : Math.max(due, 1) - 1] ?? 0n);
      const dueWords = { due: String(due), dueZh: due <= 1 ? '第1期' : `第1至${due}期`, dueEn: due <= 1 ? 'instalment 1 is' : `instalments 1 to ${due} are` };
      if (y.first === null) m.notes.push({ code: 'P4121', args: { years, each } });
      else m.notes.push({ code: 'P4122', args: { years, each, first: y.first, full: String(y.full), ...dueWords } });
    }
    settleInstalments(m, stages, due, paid);
    if (m.instalments) this.d.instalments = m.instalments;
    return this.noted(before);
  }

  /** `cumulative-cap` (累计不超过), fen, against the payments in its window (counting the benefits it is counted with); `pool` as for `annualCap`. */
  cumulativeCap(fen: bigint | null, read: LedgerRead, pool?: PoolScope, computed?: Res, doc?: string): boolean {
    const cap = computed ? this.poolCapFen('cumulative-cap', computed) : this.capFen('cumulative-cap', fen);
    if (cap === true) return true;
    if (cap === false) return false;
    const m = this.settling!;
    const before = m.notes.length;
    const r = this.read(read);
    const own = m.cumulativeCap;
    settleCumulativeCap(m, cap, r, this.x.asOf);
    const then = pool ? poolNote(pool, doc) : this.perKey(read);
    const value: NeutralReason | undefined = computed && poolValue('cumulative-cap', cap);
    if (pool) {
      if (own === undefined) delete m.cumulativeCap;
      else m.cumulativeCap = own;
    } else if (m.cumulativeCap) this.d.cumulativeCap = m.cumulativeCap;
    // A fixed window the as-of date is not in does not apply: nothing is shared.
    const w = r.window;
    if (w && (this.x.asOf < w.start || this.x.asOf > w.end)) return this.noted(before, then, value);
    return this.shared(before, then, value);
  }

  /** `top-up` (补差): the standard now reached less what was paid in the payment period (P4054; nothing left: P4055). */
  topUp(read: LedgerRead): boolean {
    const m = this.settling!;
    const before = m.notes.length;
    settleTopUp(m, this.read(read));
    return this.shared(before);
  }

  /** `positive`: nothing to pay → ineligible P4011; otherwise the amount is paid. */
  positive(): Decided {
    const fen = this.settling!.fen;
    if (fen <= 0n) this.exit('ineligible', 'P4011', { amount: fenToString(fen) });
    else this.d.fen = fen;
    return this.d;
  }
}

/** An exclusion group (就高 / 不得重复享受 / 优先) and the reason its members that are not kept get (P4007 / P4008 / P4009). */
export interface Group {
  readonly mode: 'higher-of' | 'exclusive' | 'priority' | 'choice';
  readonly members: readonly string[];
  readonly code: string;
}

/** 就高 / 不得重复享受 / 优先 among the eligible members of each group (after every benefit is decided). */
export function applyGroups(groups: readonly Group[], decisions: readonly Decided[]): void {
  if (groups.length === 0) return;
  const byId = new Map<string, Decided>();
  for (const d of decisions) byId.set(d.id, d);
  for (const group of groups) {
    const eligible: Decided[] = [];
    for (const m of group.members) {
      const d = byId.get(m);
      if (d?.status === 'eligible') eligible.push(d);
    }
    if (eligible.length < 2) continue;
    if (group.mode === 'choice') {
      // 自行选择: every eligible member stays, marked an alternative of the others (P4063).
      for (const d of eligible) d.reasons.push({ code: 'P4063', args: { others: { benefits: eligible.filter((o) => o !== d).map((o) => o.id) } } });
      continue;
    }
    let kept = eligible[0]!;
    if (group.mode === 'higher-of') for (const d of eligible) if ((d.fen ?? 0n) > (kept.fen ?? 0n)) kept = d;
    for (const d of eligible) {
      if (d === kept) continue;
      d.status = 'ineligible';
      d.fen = null;
      d.outcome = null;
      clearMoney(d);
      d.reasons.push({ code: group.code, args: { other: { benefit: kept.id } } });
    }
  }
}

const NO_GRANTS: readonly Grant[] = Object.freeze([]) as readonly Grant[];
/** Eligible with no amount because the amount is not known (a parameter nobody gave; pending review; not stated in the text). */
export const AMOUNT_OPEN: ReadonlySet<string> = new Set(['P4010', 'P4051', 'P4052', 'P4053', 'P4056', 'P4057', 'P4135']);

/** What a decision grants the benefits decided after it (合并计算 within one evaluation). */
export function grantOf(d: Decided): Grant | null {
  if (d.status === 'ineligible') return null;
  if (d.status === 'undetermined') return { benefit: d.id, fen: 0n, open: true };
  if (d.fen !== null) return { benefit: d.id, fen: d.fen, open: false };
  return { benefit: d.id, fen: 0n, open: d.reasons.some((r) => AMOUNT_OPEN.has(r.code)) };
}

/**
 * The order in which benefits counted with others (合并计算) are decided: a benefit after the benefits it names (so a
 * grant of this evaluation is counted whichever is declared first); among benefits that name each other (a cycle),
 * the one declared first. `withs[i]` are the benefits benefit `ids[i]` names. Indices into `ids`.
 */
export function countedOrder(ids: readonly string[], withs: readonly (readonly string[])[]): number[] {
  const n = ids.length;
  const done: boolean[] = new Array<boolean>(n).fill(false);
  const deps = withs.map((w, i) => ids.flatMap((id, j) => (j !== i && w.includes(id) ? [j] : [])));
  const order: number[] = [];
  while (order.length < n) {
    let next = -1;
    for (let i = 0; i < n && next < 0; i++) if (!done[i] && deps[i]!.every((j) => done[j])) next = i;
    // A cycle (benefits naming each other): the first declared of those left.
    if (next < 0) next = done.indexOf(false);
    done[next] = true;
    order.push(next);
  }
  return order;
}

/**
 * A subject's benefits decided when some are counted with others (合并计算): in `order` (countedOrder), each one's limits
 * counting what the benefits it names decided before it grant in this evaluation (`StepRun.granted`) — a grant is a
 * payment on the as-of date. The exclusion groups (就高 / 不得重复享受 / 优先) choose first, on the decisions made without
 * this evaluation's grants: a member they drop is not counted for later benefits and is dropped again with the same
 * reason. Sharing only cuts, so no group then has two eligible members left. `decide(i, granted)` decides benefit `i`;
 * the decisions come back in declaration order.
 */
export function decideCounted(order: readonly number[], decide: (i: number, granted: readonly Grant[]) => Decided, groups: readonly Group[]): Decided[] {
  const n = order.length;
  const dropped = new Map<string, NeutralReason>();
  if (groups.length) {
    const alone: Decided[] = [];
    for (let i = 0; i < n; i++) alone.push(decide(i, NO_GRANTS));
    const was = alone.map((d) => d.status);
    applyGroups(groups, alone);
    alone.forEach((d, i) => {
      if (was[i] === 'eligible' && d.status !== 'eligible') dropped.set(d.id, d.reasons[d.reasons.length - 1]!);
    });
  }
  let granted: Grant[] = [];
  const out: Decided[] = new Array<Decided>(n);
  const choices = groups.filter((g) => g.mode === 'choice');
  for (const i of order) {
    const d = decide(i, granted.slice());
    const why = dropped.get(d.id);
    if (why && d.status !== 'ineligible') drop(d, why);
    else {
      const g = grantOf(d);
      if (g) granted = choices.length ? withAlternative(choices, granted, g) : [...granted, g];
    }
    out[i] = d;
  }
  // 自行选择 marks the alternatives on the decisions as made (it drops none).
  if (choices.length) applyGroups(choices, out);
  return out;
}

/**
 * 自行选择 within one evaluation: of the alternatives of a choice group granted so far, later benefits count only the one a
 * total counts (the highest amount, the first listed on a tie — notCounted); a grant not known (`open`) is always kept.
 */
function withAlternative(choices: readonly Group[], granted: readonly Grant[], g: Grant): Grant[] {
  if (g.open) return [...granted, g];
  const group = choices.find((c) => c.members.includes(g.benefit));
  if (!group) return [...granted, g];
  const rival = granted.findIndex((x) => !x.open && x.benefit !== g.benefit && group.members.includes(x.benefit));
  if (rival < 0) return [...granted, g];
  const r = granted[rival]!;
  const wins = g.fen > r.fen || (g.fen === r.fen && group.members.indexOf(g.benefit) < group.members.indexOf(r.benefit));
  return wins ? granted.map((x, k) => (k === rival ? g : x)) : [...granted];
}

/**
 * 自行选择: the benefits a total does not count — of each choice group with two or more eligible members, all but the one
 * with the highest amount (the first listed on a tie; no amount counts as 0). The applicant receives at most that one.
 */
export function notCounted(groups: readonly Group[], decisions: readonly { readonly id: string; readonly status: Status; readonly fen: bigint | null }[]): Set<string> {
  const out = new Set<string>();
  for (const g of groups) {
    if (g.mode !== 'choice') continue;
    const eligible = g.members.flatMap((m) => decisions.filter((d) => d.id === m && d.status === 'eligible'));
    if (eligible.length < 2) continue;
    let kept = eligible[0]!;
    for (const d of eligible) if ((d.fen ?? 0n) > (kept.fen ?? 0n)) kept = d;
    for (const d of eligible) if (d !== kept) out.add(d.id);
  }
  return out;
}

/** An eligible member an exclusion group does not keep: ineligible with the group's reason, its money notes gone. */
function drop(d: Decided, why: NeutralReason): void {
  d.status = 'ineligible';
  d.fen = null;
  d.outcome = null;
  d.missing = [];
  clearMoney(d);
  d.reasons = d.reasons.filter((r) => r.code !== 'P4071' && r.code !== 'P4012');
  d.reasons.push(why);
}

/** A decision that pays nothing now: the money notes and the money steps' reports of its amount go. */
function clearMoney(d: Decided): void {
  d.reasons = d.reasons.filter((r) => !MONEY_NOTES.has(r.code));
  d.ceilingFen = null;
  delete d.annualCap;
  delete d.runningTotal;
  delete d.cumulativeCap;
  delete d.instalments;
}

/** The benefits a benefit's steps name in their reads (合并计算), each once; empty: it counts no other benefit. */
export function countedWith(steps: readonly { readonly k: string; readonly steps?: readonly unknown[]; readonly read?: LedgerRead }[], out: string[] = []): string[] {
  for (const s of steps) {
    for (const b of s.read?.with ?? []) if (!out.includes(b)) out.push(b);
    if (s.steps) countedWith(s.steps as never, out);
  }
  return out;
}
