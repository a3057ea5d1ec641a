// Who gains and who loses: both versions decide every subject of a population,
// one record at a time, and only the totals are kept — counts per category and
// benefit, exact totals per benefit and per fund, a histogram of per-subject
// changes, and a few example subjects per category with the condition that
// made the difference. Memory does not grow with the population. The caller
// reads the records (the CLI streams a JSONL file); nothing here does IO.
import { evaluate, type Decision } from '../evaluate.ts';
import type { LedgerEntry } from '../facts.ts';
import { message, type Lang } from '../messages.ts';
import type { Model } from '../model.ts';
import { fenToString } from '../rational.ts';
import { label } from '../summary/phrase.ts';
import { CATEGORIES, categoryOf, decisionOf, differenceReason, factsFor, fenOf, ledgerFor, outcomeText, type Category } from './compare.ts';

/** One subject of a population, as a line of the JSONL file. */
export interface SubjectRecord {
  id?: string;
  subject: string;
  facts: Record<string, unknown>;
  /** The as-of date for this subject (else the run's). */
  date?: string;
  /** Prior payments to this subject. */
  ledger?: unknown[];
}

export interface ImpactExample {
  id: string;
  subject: string;
  before: string;
  after: string;
  reason: string;
}

export interface BenefitImpact {
  id: string;
  clause: string | null;
  title: string;
  counts: Record<Category, number>;
  /** Exact totals in yuan, decimal strings. */
  before: string;
  after: string;
  change: string;
  examples: Partial<Record<Category, ImpactExample[]>>;
}

export interface FundImpact {
  fund: string;
  before: string;
  after: string;
  change: string;
}

export interface Bucket {
  /** Per-subject change in yuan, lower bound inclusive, upper exclusive (null: unbounded). */
  from: string | null;
  to: string | null;
  count: number;
}

export interface ImpactReport {
  subjects: number;
  rejected: number;
  /** The first rejected records: line number and what was wrong. */
  rejects: { line: number; error: string }[];
  /** Subjects whose total goes up, down, or stays. */
  gainers: number;
  losers: number;
  unchanged: number;
  before: string;
  after: string;
  change: string;
  benefits: BenefitImpact[];
  funds: FundImpact[];
  histogram: Bucket[];
}

export interface ImpactOptions {
  /** The as-of date for records that carry none. */
  asOf: string;
  lang?: Lang;
  /** Examples kept per benefit and category. */
  examples?: number;
  /** Prior payments by subject id (from --ledger). */
  ledgers?: Map<string, unknown[]>;
}

/** Histogram edges in fen: symmetric around 0, the sizes of subsidies. */
const EDGES = [1n, 100000n, 500000n, 1000000n, 2000000n, 5000000n, 10000000n].map((x) => x);

function bucketIndex(fen: bigint): number {
  // Buckets: (-∞,-e6) … [-e0... 0) , [0,0] , (0, e0] …
  if (fen === 0n) return EDGES.length;
  const abs = fen < 0n ? -fen : fen;
  let i = 0;
  while (i < EDGES.length - 1 && abs >= EDGES[i + 1]!) i++;
  return fen < 0n ? EDGES.length - 1 - i : EDGES.length + 1 + i;
}

export class ImpactAccumulator {
  private counts = new Map<string, Record<Category, number>>();
  private totals = new Map<string, { before: bigint; after: bigint }>();
  private fundTotals = new Map<string, { before: bigint; after: bigint }>();
  private examples = new Map<string, Partial<Record<Category, ImpactExample[]>>>();
  private hist: number[] = new Array(EDGES.length * 2 + 1).fill(0);
  private n = 0;
  private rejectedCount = 0;
  private rejectList: { line: number; error: string }[] = [];
  private gain = 0;
  private loss = 0;
  private same = 0;
  private ids: string[];
  private lang: Lang;
  private trimmed = new Map<Model, Map<string, Model>>();

  constructor(
    private a: Model,
    private b: Model,
    private opts: ImpactOptions,
  ) {
    this.lang = opts.lang ?? 'zh';
    this.ids = [...new Set([...b.benefits.map((x) => x.id), ...a.benefits.map((x) => x.id)])];
    for (const id of this.ids) {
      this.counts.set(id, Object.fromEntries([...CATEGORIES, 'same'].map((c) => [c, 0])) as Record<Category, number>);
      this.totals.set(id, { before: 0n, after: 0n });
      this.examples.set(id, {});
    }
  }

  reject(line: number, error: string) {
    this.rejectedCount++;
    if (this.rejectList.length < 20) this.rejectList.push({ line, error });
  }

  /** Decides one subject with both versions. A bad record is rejected with its line, never guessed. */
  add(raw: unknown, line: number): void {
    const rec = raw as SubjectRecord;
    if (!rec || typeof rec !== 'object' || typeof rec.subject !== 'string' || typeof rec.facts !== 'object' || rec.facts === null || Array.isArray(rec.facts)) {
      this.reject(line, message('diff.impact.badRecord', this.lang));
      return;
    }
    if (!this.a.subjects.has(rec.subject) && !this.b.subjects.has(rec.subject)) {
      this.reject(line, message('P3005', this.lang, { found: rec.subject, allowed: [...this.b.subjects.keys()].join('、') }));
      return;
    }
    // Facts the subject type has in neither version are a mistake in the data.
    const known = new Set([...(this.a.subjects.get(rec.subject)?.facts.keys() ?? []), ...(this.b.subjects.get(rec.subject)?.facts.keys() ?? [])]);
    const unknown = Object.keys(rec.facts).filter((k) => !known.has(k));
    if (unknown.length) {
      this.reject(line, message('P3001', this.lang, { field: unknown.join('、'), subject: rec.subject }));
      return;
    }
    const fa = factsFor(this.a, rec.subject, rec.facts);
    const fb = factsFor(this.b, rec.subject, rec.facts);
    if (!fa.ok || !fb.ok) {
      this.reject(line, [...(fa.ok ? [] : fa.errors), ...(fb.ok ? [] : fb.errors)].join('; '));
      return;
    }
    const asOf = rec.date ?? this.opts.asOf;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
      this.reject(line, message('P3006', this.lang, { field: 'date', found: JSON.stringify(asOf) }));
      return;
    }
    const id = rec.id ?? `#${line}`;
    const rawLedger = [...(rec.ledger ?? []), ...(this.opts.ledgers?.get(id) ?? [])];
    const la = ledgerFor(this.a, this.b, rawLedger);
    const lb = ledgerFor(this.b, this.a, rawLedger);
    if (isErrors(la) || isErrors(lb)) {
      this.reject(line, [...(isErrors(la) ? la : []), ...(isErrors(lb) ? lb : [])].join('; '));
      return;
    }
    let da: Decision;
    let db: Decision;
    try {
      da = evaluate(forSubject(this.a, rec.subject, this.trimmed), rec.subject, fa.facts, { asOf, ledger: la, lang: this.lang });
      db = evaluate(forSubject(this.b, rec.subject, this.trimmed), rec.subject, fb.facts, { asOf, ledger: lb, lang: this.lang });
    } catch (e) {
      this.reject(line, (e as Error).message);
      return;
    }
    this.n++;
    let net = 0n;
    for (const bid of this.ids) {
      const x = decisionOf(da, bid);
      const y = decisionOf(db, bid);
      // A benefit the subject type cannot receive in either version says nothing about this subject.
      if (!applies(this.a, bid, rec.subject) && !applies(this.b, bid, rec.subject)) continue;
      const cat = categoryOf(x, y);
      this.counts.get(bid)![cat]++;
      const fx = x?.status === 'eligible' ? fenOf(x.amount) : 0n;
      const fy = y?.status === 'eligible' ? fenOf(y.amount) : 0n;
      const t = this.totals.get(bid)!;
      t.before += fx;
      t.after += fy;
      net += fy - fx;
      if (fx) this.addFund(this.fundOf(this.a, bid), fx, 0n);
      if (fy) this.addFund(this.fundOf(this.b, bid), 0n, fy);
      if (cat !== 'same') {
        const ex = this.examples.get(bid)!;
        const list = (ex[cat] ??= []);
        if (list.length < (this.opts.examples ?? 3))
          list.push({ id, subject: rec.subject, before: outcomeText(x, this.lang, false), after: outcomeText(y, this.lang, !!x && !y && !this.b.benefits.some((z) => z.id === bid)), reason: differenceReason(x, y, this.lang) });
      }
    }
    if (net > 0n) this.gain++;
    else if (net < 0n) this.loss++;
    else this.same++;
    this.hist[bucketIndex(net)]!++;
  }

  private fundOf(m: Model, id: string): string {
    const f = m.benefits.find((x) => x.id === id)?.fund;
    return f ? label(m.funds.get(f)?.label, this.lang, f) : message('diff.impact.noFund', this.lang);
  }

  private addFund(fund: string, before: bigint, after: bigint) {
    const t = this.fundTotals.get(fund) ?? { before: 0n, after: 0n };
    t.before += before;
    t.after += after;
    this.fundTotals.set(fund, t);
  }

  result(): ImpactReport {
    const yuan = (f: bigint) => fenToString(f);
    let before = 0n;
    let after = 0n;
    const benefits: BenefitImpact[] = this.ids.map((id) => {
      const m = this.b.benefits.find((x) => x.id === id) ?? this.a.benefits.find((x) => x.id === id)!;
      const t = this.totals.get(id)!;
      before += t.before;
      after += t.after;
      return { id, clause: m.clause ?? null, title: label(m.label, this.lang, id), counts: this.counts.get(id)!, before: yuan(t.before), after: yuan(t.after), change: yuan(t.after - t.before), examples: this.examples.get(id)! };
    });
    const funds = [...this.fundTotals].map(([fund, t]) => ({ fund, before: yuan(t.before), after: yuan(t.after), change: yuan(t.after - t.before) }));
    const histogram: Bucket[] = this.hist.map((count, i) => {
      const mid = EDGES.length;
      if (i === mid) return { from: '0.00', to: '0.00', count };
      if (i > mid) {
        const k = i - mid - 1;
        return { from: yuan(EDGES[k]!), to: k + 1 < EDGES.length ? yuan(EDGES[k + 1]!) : null, count };
      }
      const k = mid - 1 - i;
      return { from: k + 1 < EDGES.length ? yuan(-EDGES[k + 1]!) : null, to: yuan(-EDGES[k]!), count };
    });
    return {
      subjects: this.n,
      rejected: this.rejectedCount,
      rejects: this.rejectList,
      gainers: this.gain,
      losers: this.loss,
      unchanged: this.same,
      before: yuan(before),
      after: yuan(after),
      change: yuan(after - before),
      benefits,
      funds,
      histogram,
    };
  }
}

/**
 * The model with only the benefits open to this subject type. The others
 * decide "not for this subject" without looking at a fact and never take part
 * in 就高 / 不得重复 / 优先, so every decision the population needs is the same
 * and the evaluator does a fraction of the work.
 */
function forSubject(m: Model, subject: string, cache: Map<Model, Map<string, Model>>): Model {
  let byType = cache.get(m);
  if (!byType) cache.set(m, (byType = new Map()));
  let t = byType.get(subject);
  if (!t) byType.set(subject, (t = { ...m, benefits: m.benefits.filter((b) => b.subjects.includes(subject)) }));
  return t;
}

const isErrors = (x: LedgerEntry[] | string[]): x is string[] => x.length > 0 && typeof x[0] === 'string';

function applies(m: Model, id: string, subject: string): boolean {
  return m.benefits.find((x) => x.id === id)?.subjects.includes(subject) ?? false;
}

/** Parses one JSONL line and adds it; a line that is not JSON is rejected with its number. */
export function addLine(acc: ImpactAccumulator, text: string, line: number, lang: Lang = 'zh'): void {
  if (!text.trim()) return;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    acc.reject(line, message('diff.impact.badJson', lang, { error: (e as Error).message }));
    return;
  }
  acc.add(raw, line);
}
