// Money over time: what the ledger of earlier payments says is still owed.
//
// This module is the one definition of payment frequency (发放), 限一次 / 每年限一次 / 每年限次,
// running totals (累计), the per-payment ceiling (最高) and the annual cap (每年累计不超过).
// The reference evaluator (evaluate.ts) imports it; every generated evaluator inlines it
// (emit/typescript.ts copies everything below the marker), so the rules exist once.
//
// Rules for this file: no imports, no Node or DOM APIs, money only as bigint fen, and it
// must type-check under `tsc --strict` on its own. Messages are returned as codes with
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

export type PaymentKind = 'once' | 'annual' | 'monthly' | 'per-occasion';

/** A fact whose value identifies an occasion (限一次 / 每年限一次). `orAbove`: a higher level paid before counts too. */
export interface KeyFact {
  readonly fact: string;
  readonly orAbove: boolean;
}

/** What a benefit says about money over time. */
export interface LedgerRules {
  readonly payment: PaymentKind | null;
  /** 限一次: once ever for the same values of these facts. */
  readonly oncePer: readonly KeyFact[] | null;
  /** 每年限一次: once a calendar year for the same values of these facts. */
  readonly oncePerYear: readonly KeyFact[] | null;
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
}

export interface LedgerQuery {
  readonly asOf: string;
  /** The days the benefit is in force for this subject: the policy period ∩ the benefit's 期限. */
  readonly inForce: { readonly start: string; readonly end: string };
  /** This benefit's earlier payments (entries after the as-of date are ignored). */
  readonly prior: readonly PaidEntry[];
  /** The subject's values of the key facts, as a ledger key records them. */
  readonly key: Readonly<Record<string, string>>;
  /** Rank of a level value of a key fact (for `等级及以上`). */
  readonly rank: (fact: string, value: string) => number | undefined;
  /** 每年限次, evaluated: at most n/d times a calendar year. */
  readonly timesPerYear?: { readonly n: bigint; readonly d: bigint } | null;
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

/** A running total: the period, what the totals give now, what was paid before, this payment. */
export interface RunningState {
  from: string;
  to: string;
  entitlement: string;
  paid: string;
  amount: string;
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
}

/** Codes of the informational notes a payment carries; dropped when another rule cancels the payment. */
export const MONEY_NOTES: ReadonlySet<string> = new Set(['P4021', 'P4022', 'P4023', 'P4024']);

function fenText(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

function monthEnd(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 31;
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
      return { start: `${m}-01`, end: `${m}-${String(monthEnd(Number(y), Number(q.asOf.slice(5, 7))))}` };
    }
    default:
      return null;
  }
}

const inPeriod = (e: PaidEntry, p: { start: string; end: string }): boolean => e.date >= p.start && e.date <= p.end;

/** The key facts of a benefit: 限一次 first, then 每年限一次, each fact once. */
export function keyFacts(rules: Pick<LedgerRules, 'oncePer' | 'oncePerYear'>): KeyFact[] {
  const out: KeyFact[] = [];
  for (const k of [...(rules.oncePer ?? []), ...(rules.oncePerYear ?? [])]) if (!out.some((x) => x.fact === k.fact)) out.push(k);
  return out;
}

/** Does an earlier entry have the same occasion key (exactly the same values of every key fact)? */
function sameKey(e: PaidEntry, keys: readonly KeyFact[], q: LedgerQuery): boolean {
  return keys.every((k) => e.key?.[k.fact] !== undefined && e.key[k.fact] === q.key[k.fact]);
}

/** 限一次 matching: the same values, or for `及以上` a level at least as high. */
function quotaHit(e: PaidEntry, keys: readonly KeyFact[], q: LedgerQuery): boolean {
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

function keyText(e: PaidEntry, keys: readonly KeyFact[], q: LedgerQuery): string {
  const zh = q.lang === 'zh';
  return keys.map((k) => `${q.factLabel(k.fact)}${zh ? '“' : ' "'}${q.valueLabel(k.fact, e.key?.[k.fact] ?? '')}${zh ? '”' : '"'}`).join(zh ? '、' : ', ');
}

const latest = (entries: readonly PaidEntry[]): PaidEntry | undefined => entries.reduce<PaidEntry | undefined>((a, e) => (!a || e.date >= a.date ? e : a), undefined);

/**
 * Before the amount: is the benefit refused by the ledger? 每年限次, then 限一次 and 每年限一次, then the payment
 * frequency (not for running totals, which pay the difference instead).
 */
export function ledgerRefusal(rules: LedgerRules, q: LedgerQuery): Note | null {
  const prior = q.prior.filter((e) => e.date <= q.asOf);
  const zh = q.lang === 'zh';
  const sep = zh ? '、' : ', ';
  const year = q.asOf.slice(0, 4);
  if (q.timesPerYear) {
    const count = prior.filter((e) => e.date.slice(0, 4) === year).length;
    if (BigInt(count) * q.timesPerYear.d >= q.timesPerYear.n) {
      const limit = q.timesPerYear.d === 1n ? String(q.timesPerYear.n) : `${q.timesPerYear.n}/${q.timesPerYear.d}`;
      return { code: 'P4014', args: { count: String(count), limit, year } };
    }
  }
  for (const [keys, perYear] of [
    [rules.oncePer, false],
    [rules.oncePerYear, true],
  ] as const) {
    if (!keys || keys.length === 0) continue;
    const hit = latest(prior.filter((e) => (!perYear || e.date.slice(0, 4) === year) && quotaHit(e, keys, q)));
    if (hit)
      return {
        code: perYear ? 'P4020' : 'P4015',
        args: { date: hit.date, amount: fenText(hit.fen), key: keyText(hit, keys, q), keys: keys.map((k) => q.factLabel(k.fact)).join(sep), year },
      };
  }
  if (rules.runningTotal) return null;
  const period = paymentPeriod(rules.payment, q);
  if (!period) return null;
  const keys = keyFacts(rules);
  const hit = latest(prior.filter((e) => inPeriod(e, period) && (keys.length === 0 || sameKey(e, keys, q))));
  if (!hit) return null;
  const month = zh ? `${year}年${Number(q.asOf.slice(5, 7))}月` : q.asOf.slice(0, 7);
  const args: Record<string, string> = { date: hit.date, amount: fenText(hit.fen), year, month, from: period.start, to: period.end };
  if (keys.length) {
    args['key'] = keyText(hit, keys, q);
    args['keys'] = keys.map((k) => q.factLabel(k.fact)).join(sep);
  }
  const code = { once: keys.length ? 'P4015' : 'P4016', annual: keys.length ? 'P4020' : 'P4017', monthly: 'P4018', 'per-occasion': 'P4015' }[rules.payment!];
  return { code, args };
}

/**
 * After the amount: `fen` is the formula's result, rounded. Applies the ceiling, the running total and the annual
 * cap, in that order, and says what was done.
 */
export function settle(rules: LedgerRules, q: LedgerQuery, fen: bigint): Settlement {
  const out: Settlement = { fen, refused: null, notes: [], ceilingCut: null, annualCap: null, runningTotal: null };
  const prior = q.prior.filter((e) => e.date <= q.asOf);
  const year = q.asOf.slice(0, 4);
  const computed = fen;
  /** Set when the annual cap already cut a running total over the calendar year. */
  let capCut = false;
  if (rules.ceiling !== null && fen > rules.ceiling) {
    out.ceilingCut = rules.ceiling;
    out.notes.push({ code: 'P4023', args: { computed: fenText(computed), ceiling: fenText(rules.ceiling) } });
    fen = rules.ceiling;
  }
  if (rules.runningTotal) {
    // 每次 has no period of its own: its running total runs over the days in force.
    const period = paymentPeriod(rules.payment, q) ?? { start: q.inForce.start, end: q.inForce.end };
    const keys = keyFacts(rules);
    const before = prior.filter((e) => inPeriod(e, period) && (keys.length === 0 || sameKey(e, keys, q)));
    const paid = before.reduce((s, e) => s + e.fen, 0n);
    // The cap applies to the cumulative amount when the running total is itself over the calendar year.
    let entitlement = fen;
    if (rules.annualCap !== null && rules.payment === 'annual' && entitlement > rules.annualCap) {
      entitlement = rules.annualCap;
      capCut = true;
    }
    const due = entitlement > paid ? entitlement - paid : 0n;
    const args = { from: period.start, to: period.end, entitlement: fenText(entitlement), paid: fenText(paid), amount: fenText(due) };
    out.runningTotal = { from: period.start, to: period.end, entitlement: args.entitlement, paid: args.paid, amount: args.amount };
    if (due === 0n && paid > 0n) {
      out.refused = { code: 'P4019', args: { ...args, date: latest(before)?.date ?? '' } };
      out.fen = 0n;
      return out;
    }
    if (paid > 0n) out.notes.push({ code: 'P4024', args });
    fen = due;
  }
  if (rules.annualCap !== null) {
    const cap = rules.annualCap;
    const used = prior.filter((e) => e.date.slice(0, 4) === year).reduce((s, e) => s + e.fen, 0n);
    const left = cap > used ? cap - used : 0n;
    const base = { year, cap: fenText(cap), used: fenText(used) };
    if (left === 0n) {
      out.annualCap = { ...base, amount: fenText(0n), remaining: fenText(0n), limited: true };
      out.refused = { code: 'P4005', args: { ...base, remaining: fenText(0n) } };
      out.fen = 0n;
      return out;
    }
    const limited = fen > left || capCut;
    const pay = fen > left ? left : fen;
    out.annualCap = { ...base, amount: fenText(pay), remaining: fenText(left - pay), limited };
    if (pay > 0n)
      out.notes.push({
        code: limited ? 'P4022' : 'P4021',
        // What the cap cut: this payment as computed, or (for a running total) the year's total as computed.
        args: { ...base, amount: fenText(pay), remaining: fenText(left - pay), computed: fenText(capCut ? computed : fen) },
      });
    fen = pay;
  }
  out.fen = fen;
  return out;
}
