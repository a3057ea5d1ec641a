// Money over time: what the ledger of earlier payments says is still owed.
//
// This module is the one definition of payment frequency (发放), 限一次 / 每年限一次 / 每年限次,
// running totals (累计), the per-payment ceiling (最高) and the annual cap (每年累计不超过).
// The reference evaluator (evaluate.ts) imports it; every generated evaluator inlines it
// (emit/typescript.ts copies everything below the marker), so the rules exist once.
//
// Rules for this file: imports only from other embedded modules (rational.ts), no Node or DOM APIs, money
// only as bigint fen, and it must type-check under `tsc --strict`. Messages are returned as codes with
// string arguments; the caller renders them from the one message table.
//
// The periods (docs/language.md §8):
//   一次性 once          — the window in which the benefit is in force for the subject: the policy's
//                           period intersected with the benefit's own 期限;
//   每年   annual        — the calendar year of the as-of date (1 January – 31 December);
//   每月   monthly       — the calendar month of the as-of date;
//   每次   per-occasion  — no period: the occasion is identified by the 限一次 facts.
// Without 累计 a benefit is paid at most once per period (and per occasion key, when it names
// one). With 累计 the named facts are running totals over the period, and a payment is what
// the formula gives for the totals now (capped) minus what the ledger shows for the period.

// ---- ledger begins ----
import { daysInMonth } from './dates.ts';
import { fenToString } from './rational.ts';

export type PaymentKind = 'once' | 'annual' | 'monthly' | 'per-occasion';

/**
 * What an amount is when it is not cash paid from a fund (金额性质): a deduction before tax (税前扣除), a loan the subject may
 * borrow (贷款), or consumption vouchers a fund pays for (消费券). Decided like any amount, never counted in the cash total.
 */
export type AmountKind = 'tax-deduction' | 'loan' | 'voucher';

/** The caps a benefit may state: 最高 (per payment), 每年累计不超过 (per calendar year), 累计不超过 (over a window). */
export type CapKind = 'ceiling' | 'annual-cap' | 'cumulative-cap';

/** A fact whose value identifies an occasion (限一次 / 每年限一次). `orAbove`: a higher level paid before counts too. */
export interface KeyFact {
  readonly fact: string;
  readonly orAbove: boolean;
}

/** What a benefit says about money over time. */
export interface LedgerRules {
  readonly payment: PaymentKind | null;
  /** 限一次: once ever for the same values of the facts of each key (each 限一次 line one key, each checked on its own). */
  readonly oncePer: readonly (readonly KeyFact[])[] | null;
  /** 每年限一次: once a calendar year for the same values of the facts of each key. */
  readonly oncePerYear: readonly (readonly KeyFact[])[] | null;
  /** 累计: the amount is computed from running totals over the payment period. */
  readonly runningTotal: boolean;
  /** 最高, fen: per payment (for a running total, per period). */
  readonly ceiling: bigint | null;
  /** 每年累计不超过, fen: per calendar year, over all payments of the benefit. */
  readonly annualCap: bigint | null;
}

/** One earlier payment of this benefit to this subject. */
export interface PaidEntry {
  readonly date: string;
  readonly fen: bigint;
  readonly key?: Readonly<Record<string, string>>;
  /** The benefit paid, when the entries of several benefits are read together (合并计算); absent: this benefit. */
  readonly benefit?: string;
}

export interface LedgerQuery {
  readonly asOf: string;
  /** The days the benefit is in force for this subject: the policy period ∩ the benefit's 期限. */
  readonly inForce: { readonly start: string; readonly end: string };
  /** This benefit's earlier payments (entries after the as-of date are ignored), and those of the benefits it is counted with. */
  readonly prior: readonly PaidEntry[];
  /** This benefit's id: an entry tagged with another benefit counts only for a read that names it (`with`). */
  readonly benefit?: string;
  /** The subject's values of the key facts, as a ledger key records them. */
  readonly key: Readonly<Record<string, string>>;
  /** Rank of a level value of a key fact (for `等级及以上`). */
  readonly rank: (fact: string, value: string) => number | undefined;
  /** 每年限次, evaluated: at most n/d times a calendar year. */
  readonly timesPerYear?: { readonly n: bigint; readonly d: bigint } | null;
  /** 最长享受, evaluated: at most n/d months of payments (a monthly benefit pays one a month). */
  readonly maxMonths?: { readonly n: bigint; readonly d: bigint } | null;
  readonly lang: 'zh' | 'en';
  /** How a key fact is named in this language (its label). */
  readonly factLabel: (fact: string) => string;
  /** How a key fact's value is shown in this language. */
  readonly valueLabel: (fact: string, value: string) => string;
}

/** A reason, as a message code and its arguments. */
export interface Note {
  readonly code: string;
  readonly args: Record<string, string>;
}

/** The annual cap, stated so nobody misreads it: the cap, what was used before, this payment, what remains after. */
export interface CapState {
  year: string;
  cap: string;
  used: string;
  amount: string;
  remaining: string;
  /** True when the cap cut this payment. */
  limited: boolean;
}

/** A running total: the period (an end the text leaves open is null), what the totals give now, what was paid before, this payment. */
export interface RunningState {
  from: string | null;
  to: string | null;
  entitlement: string;
  paid: string;
  amount: string;
}

/**
 * A cumulative cap (累计不超过) over its window (an end the text leaves open — no 施行日期 / 截止日期 stated — is null,
 * never a placeholder date): the cap, what was used in it before, this payment, what remains after.
 */
export interface CumulativeCapState {
  from: string | null;
  to: string | null;
  cap: string;
  used: string;
  amount: string;
  remaining: string;
  /** True when the cap cut this payment. */
  limited: boolean;
}

/** One instalment of a staged payment: its number, its size in this decision, whether it is due and whether it is paid. */
export interface InstalmentState {
  no: number;
  amount: string;
  due: boolean;
  paid: boolean;
}

/**
 * A staged payment (分期): the total of the grant, what the ledger shows paid towards it, what is due by now (the due
 * instalments), and this payment; `stages` null when the text does not state them (分阶段给予, 原文未载明).
 */
export interface InstalmentsState {
  total: string;
  paid: string;
  due: string;
  amount: string;
  stages: InstalmentState[] | null;
}

export interface Settlement {
  /** What is paid now, fen; 0 when `refused`. */
  fen: bigint;
  refused: Note | null;
  /** Informational reasons for a payment (ceiling cut, annual cap, running total). */
  notes: Note[];
  /** The ceiling (最高) that cut the amount, fen. */
  ceilingCut: bigint | null;
  annualCap: CapState | null;
  runningTotal: RunningState | null;
  cumulativeCap?: CumulativeCapState | null;
  instalments?: InstalmentsState | null;
}

/** Codes of the informational notes a payment carries (and P4090, 视同享受's note on the grant); dropped when another rule cancels the payment. */
export const MONEY_NOTES: ReadonlySet<string> = new Set(['P4090', 'P4021', 'P4022', 'P4023', 'P4024', 'P4054', 'P4100', 'P4101', 'P4105', 'P4106', 'P4070', 'P4061', 'P4062', 'P4107', 'P4109', 'P4093', 'P4120', 'P4121', 'P4122', 'P4124']);

/**
 * Whole months completed from `from` to the day `to` (ISO dates), as 民法典 第201–202条 count a period: the
 * start day is not counted, an n-month period ends on the corresponding day of its last month (the month's last
 * day when it has none, so a 2月29日 period of 12 months ends on 2月28日), and it is complete on the day after.
 * 0 when `to` is `from` or within the first month; −1 when `to` is before `from`.
 */
export function completedMonths(from: string, to: string): number {
  if (to < from) return -1;
  const fy = Number(from.slice(0, 4));
  const fm = Number(from.slice(5, 7));
  const fd = Number(from.slice(8, 10));
  /** The last day of the n-month period from `from`. */
  const last = (n: number): string => {
    const total = fy * 12 + (fm - 1) + n;
    const y = Math.floor(total / 12);
    const m = (total % 12) + 1;
    const d = Math.min(fd, daysInMonth(y, m));
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };
  let n = (Number(to.slice(0, 4)) - fy) * 12 + (Number(to.slice(5, 7)) - fm);
  while (n > 0 && !(last(n) < to)) n--;
  return n;
}

/**
 * The whole days completed from `from` to `to` (民法典 第201条: the start day is not counted, a period of N days
 * is complete on the day after its N-th day): 0 on `from` itself and on the next day, N − 1 on `from` + N days;
 * −1 when `to` is before `from`.
 */
export function completedDays(from: string, to: string): number {
  if (to < from) return -1;
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86400000;
  return Math.max(0, day(to) - day(from) - 1);
}

/** The period a payment belongs to, as inclusive ISO dates; null for 每次 (no period). */
export function paymentPeriod(payment: PaymentKind | null, q: Pick<LedgerQuery, 'asOf' | 'inForce'>): { start: string; end: string } | null {
  const y = q.asOf.slice(0, 4);
  switch (payment) {
    case 'once':
      return { start: q.inForce.start, end: q.inForce.end };
    case 'annual':
      return { start: `${y}-01-01`, end: `${y}-12-31` };
    case 'monthly': {
      const m = q.asOf.slice(0, 7);
      return { start: `${m}-01`, end: `${m}-${String(daysInMonth(Number(y), Number(q.asOf.slice(5, 7))))}` };
    }
    default:
      return null;
  }
}

const inPeriod = (e: PaidEntry, p: { start: string; end: string }): boolean => e.date >= p.start && e.date <= p.end;

/** The key facts of a benefit: those of every 限一次 key first, then of every 每年限一次 key, each fact once. */
export function keyFacts(rules: Pick<LedgerRules, 'oncePer' | 'oncePerYear'>): KeyFact[] {
  const out: KeyFact[] = [];
  for (const key of [...(rules.oncePer ?? []), ...(rules.oncePerYear ?? [])]) for (const k of key) if (!out.some((x) => x.fact === k.fact)) out.push(k);
  return out;
}

/** Does an earlier entry have the same occasion key (exactly the same values of every key fact)? */
function sameKey(e: PaidEntry, keys: readonly KeyFact[], q: Pick<LedgerQuery, 'key'>): boolean {
  return keys.every((k) => e.key?.[k.fact] !== undefined && e.key[k.fact] === q.key[k.fact]);
}

/** 限一次 matching: the same values, or for `及以上` a level at least as high. */
function quotaHit(e: PaidEntry, keys: readonly KeyFact[], q: Pick<LedgerQuery, 'key' | 'rank'>): boolean {
  return keys.every((k) => {
    const had = e.key?.[k.fact];
    const now = q.key[k.fact];
    if (had === undefined || now === undefined) return false;
    if (!k.orAbove) return had === now;
    const hadRank = q.rank(k.fact, had);
    const nowRank = q.rank(k.fact, now);
    return hadRank !== undefined && nowRank !== undefined && hadRank >= nowRank;
  });
}

const latest = (entries: readonly PaidEntry[]): PaidEntry | undefined => entries.reduce<PaidEntry | undefined>((a, e) => (!a || e.date >= a.date ? e : a), undefined);

// ---- the steps, one function each (the decision IR, compiler/decision/types.ts, names them in order) ----

/** What a ledger lookup aggregates (see compiler/decision/types.ts `LedgerRead`). */
export interface LedgerRead {
  readonly agg: 'count' | 'sum' | 'latest';
  /**
   * all / the calendar year / the calendar month of the as-of date / the days in force; `rolling`: the `months`
   * up to the as-of date (from the same day `months` earlier, inclusive); `dates`: `from` … `to` (inclusive); `within`: the
   * payments whose `months` are not over by the as-of date, counted forward from each (限一次：3年内; sinceWindow).
   */
  readonly window: 'all' | 'year' | 'month' | 'in-force' | 'rolling' | 'dates' | 'within';
  readonly months?: number;
  readonly from?: string;
  readonly to?: string;
  readonly match: { readonly mode: 'exact' | 'quota'; readonly keys: readonly KeyFact[] } | null;
  /** 合并计算: the payments of these benefits count as this benefit's. */
  readonly with?: readonly string[];
  /** 自行选择: benefits named in `with` that are alternatives of this one: their payments count, their grants in this evaluation do not. */
  readonly alternatives?: readonly string[];
  /** 自行选择: the payments of these benefits only (not this benefit's own); never counts this evaluation's grants. */
  readonly others?: readonly string[];
}

/** The entries a read selects, with its window (null for `all`). */
export interface ReadResult {
  readonly window: { readonly start: string; readonly end: string } | null;
  readonly entries: readonly PaidEntry[];
  readonly count: number;
  readonly fen: bigint;
  readonly latest: PaidEntry | undefined;
}

/** The same day `months` months before `iso` (the month's last day when it has none: 2028-02-29 − 12 months is 2027-02-28). */
export function monthsBefore(iso: string, months: number): string {
  const total = Number(iso.slice(0, 4)) * 12 + (Number(iso.slice(5, 7)) - 1) - months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const d = Math.min(Number(iso.slice(8, 10)), daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * 限一次：N年内 (`within`): the payments made less than `months` before the as-of date, counted forward from each payment as 民法典
 * 第201–202条 count a period — it runs from the next day and ends on the corresponding day `months` later (the month's last
 * day when it has none) — so a payment on `d` still counts on monthsBefore(d, −months) and no longer the day after. As a window
 * of payment dates that is [T, as-of]: T is the same day `months` before the as-of date, or the next day when that day's period
 * ends before the as-of date (a month-end: paid 2023-04-30, 1 month, over on 2023-05-30, so on 2023-05-31 T is 2023-05-01).
 */
export function sinceWindow(asOf: string, months: number): { start: string; end: string } {
  const d0 = monthsBefore(asOf, months);
  if (monthsBefore(d0, -months) >= asOf) return { start: d0, end: asOf };
  const y = Number(d0.slice(0, 4));
  const m = Number(d0.slice(5, 7));
  // d0 is then its month's last day: the next day is the first of the next month.
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  return { start: `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-01`, end: asOf };
}

/** The ends of a window the text leaves open (no 施行日期 / 截止日期 stated): wording shows them in words, not as dates. */
export const OPEN_START = '0000-01-01';
export const OPEN_END = '9999-12-31';

/** A window's end as a decision states it: the date, or null when the text leaves it open (OPEN_START / OPEN_END). */
export const stated = (iso: string): string | null => (iso === OPEN_START || iso === OPEN_END ? null : iso);

/** The window of a read, as inclusive ISO dates; null for every entry. */
export function readWindow(
  window: LedgerRead['window'],
  q: Pick<LedgerQuery, 'asOf' | 'inForce'>,
  read?: Pick<LedgerRead, 'months' | 'from' | 'to'>,
): { start: string; end: string } | null {
  switch (window) {
    case 'rolling':
      return { start: monthsBefore(q.asOf, read?.months ?? 0), end: q.asOf };
    case 'within':
      return sinceWindow(q.asOf, read?.months ?? 0);
    case 'dates':
      return { start: read?.from ?? OPEN_START, end: read?.to ?? OPEN_END };
    case 'all':
      return null;
    case 'year':
      return paymentPeriod('annual', q);
    case 'month':
      return paymentPeriod('monthly', q);
    case 'in-force':
      return { start: q.inForce.start, end: q.inForce.end };
  }
}

/** The window of the payment period (发放) of a benefit, for its frequency and its running total. */
export function paymentWindow(payment: PaymentKind | null): LedgerRead['window'] {
  return payment === 'annual' ? 'year' : payment === 'monthly' ? 'month' : 'in-force';
}

/** Runs a ledger read over the benefit's earlier payments. */
export function readLedger(read: LedgerRead, q: Pick<LedgerQuery, 'asOf' | 'inForce' | 'prior' | 'key' | 'rank' | 'benefit'>): ReadResult {
  const window = readWindow(read.window, q, read);
  const m = read.match;
  const entries = q.prior.filter(
    (e) =>
      e.date <= q.asOf &&
      (read.others !== undefined
        ? e.benefit !== undefined && e.benefit !== q.benefit && read.others.includes(e.benefit)
        : e.benefit === undefined || e.benefit === q.benefit || (read.with !== undefined && read.with.includes(e.benefit))) &&
      (!window || inPeriod(e, window)) &&
      (!m || m.keys.length === 0 || (m.mode === 'exact' ? sameKey(e, m.keys, q) : quotaHit(e, m.keys, q))),
  );
  return { window, entries, count: entries.length, fen: entries.reduce((s, e) => s + e.fen, 0n), latest: latest(entries) };
}

/** A note's argument: plain text, or what the edge renders in a language (key values, key fact names, a month). */
export type NoteArg =
  | string
  | { readonly key: { readonly keys: readonly KeyFact[]; readonly values: Readonly<Record<string, string>> } }
  | { readonly keys: readonly KeyFact[] }
  | { readonly month: string }
  /** A length of time in whole months (限一次：3年内): 3年 / 36个月, 3 years / 36 months. */
  | { readonly span: number }
  /** The values of the key facts of several entries, in order (每年最多): “P-1”、“P-2”. */
  | { readonly keyList: { readonly keys: readonly KeyFact[]; readonly values: readonly Readonly<Record<string, string>>[] } };

/** A reason in no language: a message code and its arguments. */
export interface NeutralNote {
  readonly code: string;
  readonly args: Record<string, NoteArg>;
}

/** The text of a note's arguments in a language. */
export function noteArgs(n: NeutralNote, q: Pick<LedgerQuery, 'lang' | 'factLabel' | 'valueLabel'>): Record<string, string> {
  const zh = q.lang === 'zh';
  const out: Record<string, string> = {};
  for (const [name, a] of Object.entries(n.args)) {
    if (typeof a === 'string') out[name] = a;
    else if ('key' in a) {
      // Every piece joined once: a flat string, not a chain of concatenations (template.ts fillTemplate says why).
      const parts: string[] = [];
      for (const k of a.key.keys) {
        if (parts.length > 0) parts.push(zh ? '、' : ', ');
        parts.push(q.factLabel(k.fact), zh ? '“' : ' "', q.valueLabel(k.fact, a.key.values[k.fact] ?? ''), zh ? '”' : '"');
      }
      out[name] = parts.join('');
    }
    else if ('keys' in a) out[name] = a.keys.map((k) => q.factLabel(k.fact)).join(zh ? '、' : ', ');
    else if ('span' in a) {
      const m = a.span;
      out[name] = m % 12 === 0 ? (zh ? `${m / 12}年` : `${m / 12} year${m === 12 ? '' : 's'}`) : zh ? `${m}个月` : `${m} month${m === 1 ? '' : 's'}`;
    } else if ('keyList' in a) {
      const parts: string[] = [];
      for (const v of a.keyList.values) {
        if (parts.length > 0) parts.push(zh ? '、' : ', ');
        a.keyList.keys.forEach((k, i) => parts.push(i > 0 ? '·' : '', zh ? '“' : '"', q.valueLabel(k.fact, v[k.fact] ?? ''), zh ? '”' : '"'));
      }
      out[name] = parts.join('');
    }
    else out[name] = zh ? `${a.month.slice(0, 4)}年${Number(a.month.slice(5, 7))}月` : a.month;
  }
  return out;
}

const keyArg = (e: PaidEntry, keys: readonly KeyFact[]): NoteArg => ({ key: { keys, values: e.key ?? {} } });

/** 每年限次: `count` payments this calendar year against at most n/d a year (P4014). */
export function timesRefusal(count: number, limit: { readonly n: bigint; readonly d: bigint }, asOf: string): NeutralNote | null {
  if (BigInt(count) * limit.d < limit.n) return null;
  const text = limit.d === 1n ? String(limit.n) : `${limit.n}/${limit.d}`;
  return { code: 'P4014', args: { count: String(count), limit: text, year: asOf.slice(0, 4) } };
}

/** 最长享受 (P4040): `count` months already paid (one payment a month) reached the longest duration. */
export function monthsRefusal(count: number, limit: { readonly n: bigint; readonly d: bigint }): NeutralNote | null {
  if (BigInt(count) * limit.d < limit.n) return null;
  const text = limit.d === 1n ? String(limit.n) : `${limit.n}/${limit.d}`;
  return { code: 'P4040', args: { count: String(count), limit: text } };
}

/** 限一次 (P4015) / 每年限一次 (P4020): `hit` is the latest earlier payment for the occasion, if any. */
export function quotaRefusal(perYear: boolean, keys: readonly KeyFact[], hit: PaidEntry | undefined, asOf: string): NeutralNote | null {
  if (!hit) return null;
  return {
    code: perYear ? 'P4020' : 'P4015',
    args: { date: hit.date, amount: fenToString(hit.fen), key: keyArg(hit, keys), keys: { keys }, year: asOf.slice(0, 4) },
  };
}

/** The count unit a quota over distinct keys is written in (最多：5家 → 家 / firms); without one, 个 and no English word. */
export interface QuotaUnit {
  readonly zh: string;
  readonly en: string;
}

/**
 * 每年最多 / 最多 (P4140 a year / P4141 ever): at most `limit` distinct values of `keys` among `entries` (the payments in the
 * window, any key). The subject's own values (`key`) already paid are not a new one: no refusal. Otherwise, with `limit`
 * distinct values already paid, refused, naming them in the order first paid.
 */
export function distinctRefusal(
  perYear: boolean,
  keys: readonly KeyFact[],
  limit: number,
  entries: readonly PaidEntry[],
  q: Pick<LedgerQuery, 'key' | 'asOf'>,
  unit?: QuotaUnit,
): NeutralNote | null {
  const seen: Readonly<Record<string, string>>[] = [];
  const sigs: string[] = [];
  const byDate = [...entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const e of byDate) {
    if (sameKey(e, keys, q)) return null;
    const sig = keys.map((k) => e.key?.[k.fact] ?? '').join('\u0000');
    if (sigs.includes(sig)) continue;
    sigs.push(sig);
    seen.push(e.key ?? {});
  }
  if (seen.length < limit) return null;
  return {
    code: perYear ? 'P4140' : 'P4141',
    args: { count: String(seen.length), limit: String(limit), unit: unit?.zh ?? '个', unitEn: unit ? ` ${unit.en}` : '', year: q.asOf.slice(0, 4), keys: { keys }, list: { keyList: { keys, values: seen } }, key: { key: { keys, values: q.key } } },
  };
}

/**
 * 限一次：N年内 (P4142 by key / P4143 the subject itself): `hit` is the latest payment in the `months` up to the as-of date
 * (the rolling window, monthsBefore). It may be received again from `next`: the day after the same day `months` later (民法典
 * 第201条: the period runs from the day after the payment and ends on its corresponding day, the month's last day when it has none).
 */
export function withinRefusal(keys: readonly KeyFact[], months: number, hit: PaidEntry | undefined, next: string): NeutralNote | null {
  if (!hit) return null;
  const args: Record<string, NoteArg> = { date: hit.date, amount: fenToString(hit.fen), span: { span: months }, next };
  if (keys.length === 0) return { code: 'P4143', args };
  return { code: 'P4142', args: { ...args, key: keyArg(hit, keys), keys: { keys } } };
}

/** A bracket of 每档一次: its threshold (an exact rational in the fact's base unit) and whether reaching it exactly counts. */
export interface BracketBound {
  readonly low: { readonly n: bigint; readonly d: bigint };
  readonly incl: boolean;
}

/** The highest bracket (index, lowest first) the value n/d reaches; −1 for none. */
export function bracketReached(bounds: readonly BracketBound[], v: { readonly n: bigint; readonly d: bigint }): number {
  let r = -1;
  bounds.forEach((b, i) => {
    const c = v.n * b.low.d - b.low.n * v.d;
    if (c > 0n || (c === 0n && b.incl)) r = i;
  });
  return r;
}

/** A ledger key value ("123.45", "-2", "7/3") as a rational, or undefined. */
function keyNumber(s: string): { n: bigint; d: bigint } | undefined {
  const f = /^(-?)(\d+)\/(\d+)$/.exec(s);
  if (f) return f[3] === '0' ? undefined : { n: BigInt(f[1] + f[2]!), d: BigInt(f[3]!) };
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  return { n: BigInt(m[1] + m[2]! + frac), d: 10n ** BigInt(frac.length) };
}

/**
 * 每档一次: the highest bracket the earlier payments were made for — each entry's key records the value of `fact` it was
 * paid for, and the brackets that value reaches count as paid — with the entry that paid it; index −1 when none.
 */
export function bracketPaid(bounds: readonly BracketBound[], fact: string, entries: readonly PaidEntry[]): { index: number; entry: PaidEntry | undefined } {
  let index = -1;
  let entry: PaidEntry | undefined;
  for (const e of entries) {
    const raw = e.key?.[fact];
    const v = raw === undefined ? undefined : keyNumber(raw);
    if (!v) continue;
    const r = bracketReached(bounds, v);
    if (r > index || (r === index && entry && e.date > entry.date)) {
      index = r;
      entry = e;
    }
  }
  return { index, entry };
}

/** 每档一次 (P4060): every bracket the value reaches (`reached`) was paid already (`paid`). */
export function bracketRefusal(fact: string, reached: number, paid: { index: number; entry: PaidEntry | undefined }, now?: string): NeutralNote | null {
  if (reached < 0 || reached > paid.index || !paid.entry) return null;
  const keys = [{ fact, orAbove: false }];
  // The value now (`now`, what reaches the brackets already paid), not the value the earlier payment recorded.
  const key: NoteArg = now === undefined ? keyArg(paid.entry, keys) : { key: { keys, values: { [fact]: now } } };
  return { code: 'P4060', args: { date: paid.entry.date, amount: fenToString(paid.entry.fen), key, keys: { keys } } };
}

/**
 * 每档一次: the amount for the brackets reached now and not yet paid — `each` (逐档) adds the amounts of brackets
 * paid+1 … reached, `highest` (最高档) is the reached bracket's amount. Returns the indices of the values to add.
 */
export function bracketsDue(mode: 'each' | 'highest', reached: number, paid: number): number[] {
  if (reached <= paid) return [];
  if (mode === 'highest') return [reached];
  const out: number[] = [];
  for (let i = paid + 1; i <= reached; i++) out.push(i);
  return out;
}

/** The reason code of a refusal by the payment frequency (发放). */
export function frequencyCode(payment: PaymentKind, hasKeys: boolean): string {
  return { once: hasKeys ? 'P4015' : 'P4016', annual: hasKeys ? 'P4020' : 'P4017', monthly: 'P4018', 'per-occasion': 'P4015' }[payment];
}

/** 发放: a payment already made in this payment period (window) for this occasion refuses the benefit. */
export function frequencyRefusal(code: string, keys: readonly KeyFact[], read: ReadResult, asOf: string): NeutralNote | null {
  const hit = read.latest;
  if (!hit || !read.window) return null;
  const args: Record<string, NoteArg> = {
    date: hit.date,
    amount: fenToString(hit.fen),
    year: asOf.slice(0, 4),
    month: { month: asOf.slice(0, 7) },
    from: read.window.start,
    to: read.window.end,
  };
  if (keys.length) {
    args['key'] = keyArg(hit, keys);
    args['keys'] = { keys };
  }
  return { code, args };
}

/** A payment being settled: the steps after the amount (ceiling, running total, annual cap) in order. */
export interface Settling extends Settlement {
  /** The formula's result, rounded, fen. */
  readonly computed: bigint;
  /** Set when the annual cap already cut a running total over the calendar year. */
  capCut: boolean;
}

export function startSettling(fen: bigint): Settling {
  return { fen, computed: fen, capCut: false, refused: null, notes: [], ceilingCut: null, annualCap: null, runningTotal: null };
}

/**
 * 补差 (top-up, “已享受…的，按新标准补差”): the amount is the standard now reached; `paid` (read over the payment period,
 * this benefit and those it is counted with) is deducted. Nothing paid before: the standard, no note. Something paid:
 * the difference, noted P4054 (standard, paid, this payment); nothing left: refused P4055 (the latest payment's date).
 */
export function settleTopUp(s: Settling, paid: ReadResult): void {
  if (s.refused || paid.fen === 0n) return;
  const standard = s.fen;
  if (standard <= paid.fen) {
    s.refused = { code: 'P4055', args: { standard: fenToString(standard), paid: fenToString(paid.fen), date: paid.latest?.date ?? '' } };
    s.fen = 0n;
    return;
  }
  s.fen = standard - paid.fen;
  s.notes.push({ code: 'P4054', args: { standard: fenToString(standard), paid: fenToString(paid.fen), amount: fenToString(s.fen) } });
}

/** 最高: at most `ceiling` fen (P4023 when it cuts). */
export function settleCeiling(s: Settling, ceiling: bigint): void {
  if (s.refused || s.fen <= ceiling) return;
  s.ceilingCut = ceiling;
  s.notes.push({ code: 'P4023', args: { computed: fenToString(s.computed), ceiling: fenToString(ceiling) } });
  s.fen = ceiling;
}

/**
 * 累计: the amount is the entitlement for the period (`paid` read over it); pays the difference. `annualCap`
 * (for a running total over the calendar year) cuts the entitlement.
 */
export function settleRunningTotal(s: Settling, paid: ReadResult, period: { start: string; end: string }, annualCap: bigint | null): void {
  if (s.refused) return;
  let entitlement = s.fen;
  if (annualCap !== null && entitlement > annualCap) {
    entitlement = annualCap;
    s.capCut = true;
  }
  const due = entitlement > paid.fen ? entitlement - paid.fen : 0n;
  const args = { from: period.start, to: period.end, entitlement: fenToString(entitlement), paid: fenToString(paid.fen), amount: fenToString(due) };
  s.runningTotal = { from: stated(period.start), to: stated(period.end), entitlement: args.entitlement, paid: args.paid, amount: args.amount };
  if (due === 0n && paid.fen > 0n) {
    s.refused = { code: 'P4019', args: { ...args, date: paid.latest?.date ?? '' } };
    s.fen = 0n;
    return;
  }
  if (paid.fen > 0n) s.notes.push({ code: 'P4024', args });
  s.fen = due;
}

/** 每年累计不超过: at most what is left of `cap` after `used` (this calendar year's payments). */
export function settleAnnualCap(s: Settling, cap: bigint, used: ReadResult, asOf: string): void {
  if (s.refused) return;
  const left = cap > used.fen ? cap - used.fen : 0n;
  const year = asOf.slice(0, 4);
  const capText = fenToString(cap);
  const usedText = fenToString(used.fen);
  if (left === 0n) {
    s.annualCap = { year, cap: capText, used: usedText, amount: '0.00', remaining: '0.00', limited: true };
    s.refused = { code: 'P4005', args: { year, cap: capText, used: usedText, remaining: '0.00' } };
    s.fen = 0n;
    return;
  }
  const fen = s.fen;
  const limited = fen > left || s.capCut;
  const pay = fen > left ? left : fen;
  const amount = fenToString(pay);
  const remaining = fenToString(left - pay);
  s.annualCap = { year, cap: capText, used: usedText, amount, remaining, limited };
  if (pay > 0n)
    s.notes.push({
      code: limited ? 'P4022' : 'P4021',
      // What the cap cut: this payment as computed, or (for a running total) the year's total as computed.
      args: { year, cap: capText, used: usedText, amount, remaining, computed: fenToString(s.capCut ? s.computed : fen) },
    });
  s.fen = pay;
}

/** One instalment as the decision IR states it: a share of the total (n/d), an amount (fen), or the remainder. */
export interface InstalmentSize {
  readonly share?: { readonly n: bigint; readonly d: bigint };
  readonly fen?: bigint;
  readonly remainder?: boolean;
}

/**
 * The fen of each instalment of a total: in order, each is its share of the total rounded half up to the fen (the
 * last share of shares adding up to 100% takes exactly what is left), its amount, or the remainder, never more than
 * what is left of the total.
 */
/**
 * 其中: the fen of `fen` given in vouchers — the sum of the voucher parts' sizes (instalmentSizes) — which a cash total leaves out.
 */
export function voucherFen(fen: bigint, parts: readonly { readonly voucher: boolean; readonly size: InstalmentSize }[]): bigint {
  const sizes = instalmentSizes(fen, parts.map((p) => p.size));
  let out = 0n;
  for (let i = 0; i < parts.length; i++) if (parts[i]!.voucher) out += sizes[i]!;
  return out;
}

export function instalmentSizes(total: bigint, stages: readonly InstalmentSize[]): bigint[] {
  const out: bigint[] = [];
  let left = total;
  let shares = { n: 0n, d: 1n };
  for (const s of stages) if (s.share) shares = { n: shares.n * s.share.d + s.share.n * shares.d, d: shares.d * s.share.d };
  const whole = stages.every((s) => s.share) && shares.n === shares.d;
  stages.forEach((s, i) => {
    let size: bigint;
    if (s.remainder || (whole && i === stages.length - 1)) size = left;
    else if (s.share) {
      // total × n/d, half up to the fen (total ≥ 0).
      const num = total * s.share.n * 2n + s.share.d;
      size = num / (2n * s.share.d);
    } else size = s.fen ?? 0n;
    if (size > left) size = left;
    if (size < 0n) size = 0n;
    out.push(size);
    left -= size;
  });
  return out;
}

/**
 * 分N年发放: how many of `years` yearly instalments are due on `asOf` — the first at once, the k-th once k−1 full years
 * (completedMonths: 民法典 第201–202条, as `至今 满 N年`) have passed since the grant's first payment, the earliest of
 * `entries`; `first` null when none is on record (the first instalment is paid now), `full` the years completed since.
 */
export function yearlyDue(entries: readonly PaidEntry[], asOf: string, years: number): { due: number; first: string | null; full: number } {
  let first: string | null = null;
  for (const e of entries) if (first === null || e.date < first) first = e.date;
  if (first === null) return { due: 1, first: null, full: 0 };
  const full = Math.floor(Math.max(0, completedMonths(first, asOf)) / 12);
  return { due: Math.min(years, 1 + full), first, full };
}

/**
 * 分期: the amount so far is the total of the grant; `due` instalments are due (null: the stages are not stated, so
 * the whole total may be paid by now). Pays what is due minus what `paid` shows for the grant; nothing to pay →
 * refused: P4104 when the total is paid, P4103 when the next instalment is not yet due.
 */
export function settleInstalments(s: Settling, stages: readonly InstalmentSize[] | null, due: number, paid: ReadResult): void {
  if (s.refused) return;
  const total = s.fen;
  const sizes = stages ? instalmentSizes(total, stages) : null;
  let owed = 0n;
  if (sizes) for (let i = 0; i < due && i < sizes.length; i++) owed += sizes[i]!;
  else owed = total;
  const pay = owed > paid.fen ? owed - paid.fen : 0n;
  let cum = 0n;
  const list = sizes?.map((fen, i) => {
    cum += fen;
    return { no: i + 1, amount: fenToString(fen), due: i < due, paid: cum <= paid.fen && fen > 0n };
  });
  s.instalments = { total: fenToString(total), paid: fenToString(paid.fen), due: fenToString(owed), amount: fenToString(pay), stages: list ?? null };
  const args = { total: fenToString(total), paid: fenToString(paid.fen), due: fenToString(owed), amount: fenToString(pay), count: String(sizes?.length ?? 0), first: String(Math.min(due, sizes?.length ?? 0)) };
  if (pay === 0n) {
    s.fen = 0n;
    s.refused =
      paid.fen >= total
        ? { code: 'P4104', args: { ...args, date: paid.latest?.date ?? '' } }
        : { code: 'P4103', args: { ...args, next: String(due + 1) } };
    return;
  }
  s.notes.push({ code: sizes ? 'P4105' : 'P4106', args });
  s.fen = pay;
}

/**
 * 累计不超过 `cap` over `window`: at most what is left of it after `used` (the payments in the window). Outside the
 * window (a fixed period the as-of date is not in) it does not apply. Nothing left: refused P4102; otherwise noted
 * (P4100 within the cap, P4101 cut by it).
 */
export function settleCumulativeCap(s: Settling, cap: bigint, used: ReadResult, asOf: string): void {
  if (s.refused) return;
  const w = used.window ?? { start: '', end: '' };
  if (used.window && (asOf < w.start || asOf > w.end)) return;
  const left = cap > used.fen ? cap - used.fen : 0n;
  const base = { from: w.start, to: w.end, cap: fenToString(cap), used: fenToString(used.fen) };
  const state = { ...base, from: stated(w.start), to: stated(w.end) };
  if (left === 0n) {
    s.cumulativeCap = { ...state, amount: fenToString(0n), remaining: fenToString(0n), limited: true };
    s.refused = { code: 'P4102', args: { ...base, remaining: fenToString(0n) } };
    s.fen = 0n;
    return;
  }
  const fen = s.fen;
  const pay = fen > left ? left : fen;
  s.cumulativeCap = { ...state, amount: fenToString(pay), remaining: fenToString(left - pay), limited: fen > left };
  if (pay > 0n) s.notes.push({ code: fen > left ? 'P4101' : 'P4100', args: { ...base, amount: fenToString(pay), remaining: fenToString(left - pay), computed: fenToString(fen) } });
  s.fen = pay;
}

// ---- the steps composed, for a caller that decides a benefit in one go ----

/**
 * Before the amount: is the benefit refused by the ledger? 每年限次, then 限一次 and 每年限一次, then the payment
 * frequency (not for running totals, which pay the difference instead).
 */
export function ledgerRefusal(rules: LedgerRules, q: LedgerQuery): Note | null {
  const n = ledgerRefusalNeutral(rules, q);
  return n ? { code: n.code, args: noteArgs(n, q) } : null;
}

function ledgerRefusalNeutral(rules: LedgerRules, q: LedgerQuery): NeutralNote | null {
  if (q.timesPerYear) {
    const n = timesRefusal(readLedger({ agg: 'count', window: 'year', match: null }, q).count, q.timesPerYear, q.asOf);
    if (n) return n;
  }
  if (q.maxMonths) {
    const n = monthsRefusal(readLedger({ agg: 'count', window: 'all', match: null }, q).count, q.maxMonths);
    if (n) return n;
  }
  for (const [list, perYear] of [
    [rules.oncePer, false],
    [rules.oncePerYear, true],
  ] as const) {
    // Each key on its own: the first key the ledger shows used refuses, and the reason names it.
    for (const keys of list ?? []) {
      if (keys.length === 0) continue;
      const hit = readLedger({ agg: 'latest', window: perYear ? 'year' : 'all', match: { mode: 'quota', keys } }, q).latest;
      const n = quotaRefusal(perYear, keys, hit, q.asOf);
      if (n) return n;
    }
  }
  if (rules.runningTotal || !rules.payment || rules.payment === 'per-occasion') return null;
  const keys = keyFacts(rules);
  const read = readLedger({ agg: 'latest', window: paymentWindow(rules.payment), match: keys.length ? { mode: 'exact', keys } : null }, q);
  return frequencyRefusal(frequencyCode(rules.payment, keys.length > 0), keys, read, q.asOf);
}

/**
 * After the amount: `fen` is the formula's result, rounded. Applies the ceiling, the running total and the annual
 * cap, in that order, and says what was done.
 */
export function settle(rules: LedgerRules, q: LedgerQuery, fen: bigint): Settlement {
  const s = startSettling(fen);
  if (rules.ceiling !== null) settleCeiling(s, rules.ceiling);
  if (rules.runningTotal) {
    const keys = keyFacts(rules);
    const read = readLedger({ agg: 'sum', window: paymentWindow(rules.payment), match: keys.length ? { mode: 'exact', keys } : null }, q);
    settleRunningTotal(s, read, read.window!, rules.payment === 'annual' ? rules.annualCap : null);
  }
  if (rules.annualCap !== null) settleAnnualCap(s, rules.annualCap, readLedger({ agg: 'sum', window: 'year', match: null }, q), q.asOf);
  return { fen: s.fen, refused: s.refused, notes: s.notes, ceilingCut: s.ceilingCut, annualCap: s.annualCap, runningTotal: s.runningTotal };
}
