// The running summary of a batch: per benefit and per fund, how many subjects
// are eligible and the exact total (integer fen, bigint); per benefit how many
// are undetermined and which facts they lack; rejected rows by error code.
// Workers tally their chunks; the main thread merges tallies in row order, so
// a checkpoint's summary is exactly that of the rows written before it.
import type { Model } from '../model.ts';
import { fenToString } from '../rational.ts';
import { message, type Lang } from '../messages.ts';
import { labelText } from '../render.ts';

export interface BenefitTally {
  eligible: number;
  ineligible: number;
  undetermined: number;
  /** Exact total of eligible amounts, in fen. */
  fen: bigint;
  /** 自行选择: of `fen`, the amounts of alternatives the applicant chooses between that a total does not count (not the highest). */
  altFen?: bigint;
  /** 其中: of `fen`, the parts given in consumption vouchers (not cash: the grand total leaves them out). */
  voucherFen?: bigint;
  /** Missing fact → number of undetermined decisions of this benefit lacking it. */
  missing: Record<string, number>;
  /** 授予 / 视同: outcome (its Chinese text, as the `outcome` column) → eligible decisions granting it. */
  outcomes?: Record<string, number>;
}

export interface FundTally {
  eligible: number;
  fen: bigint;
}

export interface Tally {
  /** Input rows seen (evaluated + rejected). */
  rows: number;
  evaluated: number;
  rejected: number;
  /** Output rows written (one per subject and applicable benefit). */
  results: number;
  benefits: Record<string, BenefitTally>;
  funds: Record<string, FundTally>;
  /** Missing fact → undetermined decisions lacking it, over all benefits. */
  missing: Record<string, number>;
  /** Error code → rejected rows with at least one error of that code. */
  rejects: Record<string, number>;
}

/** A record keyed by policy names (a benefit may be called toString, a fact __proto__): no prototype to collide with. */
const names = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

export const emptyTally = (): Tally => ({ rows: 0, evaluated: 0, rejected: 0, results: 0, benefits: names(), funds: names(), missing: names(), rejects: names() });

const benefitTally = (t: Tally, id: string): BenefitTally => (t.benefits[id] ??= { eligible: 0, ineligible: 0, undetermined: 0, fen: 0n, missing: names() });

/** Adds one decision (one output row). */
export function tallyDecision(t: Tally, benefit: string, fund: string | null | readonly (readonly [string, bigint])[], status: string, fen: bigint, missing: readonly string[], alternative = false, voucher = 0n, outcome?: string): void {
  t.results++;
  const b = benefitTally(t, benefit);
  if (status === 'eligible') {
    b.eligible++;
    if (outcome !== undefined) {
      const o = (b.outcomes ??= names());
      o[outcome] = (o[outcome] ?? 0) + 1;
    }
    b.fen += fen;
    // 自行选择: an alternative that is not the highest is listed with its benefit, never added to a fund's or the grand total.
    if (alternative) {
      b.altFen = (b.altFen ?? 0n) + fen;
      return;
    }
    // 其中: the part in vouchers, which the grand total (of cash) leaves out.
    if (voucher > 0n) b.voucherFen = (b.voucherFen ?? 0n) + voucher;
    // 分担: one grant shared by several funds adds each fund's part to that fund.
    for (const [name, part] of typeof fund === 'string' ? [[fund, fen] as const] : (fund ?? [])) {
      const f = (t.funds[name] ??= { eligible: 0, fen: 0n });
      f.eligible++;
      f.fen += part;
    }
  } else if (status === 'undetermined') {
    b.undetermined++;
    for (const m of missing) {
      b.missing[m] = (b.missing[m] ?? 0) + 1;
      t.missing[m] = (t.missing[m] ?? 0) + 1;
    }
  } else b.ineligible++;
}

export function tallyReject(t: Tally, codes: readonly string[]): void {
  t.rows++;
  t.rejected++;
  for (const c of new Set(codes)) t.rejects[c] = (t.rejects[c] ?? 0) + 1;
}

const addCounts = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

export function mergeTally(into: Tally, from: Tally): void {
  into.rows += from.rows;
  into.evaluated += from.evaluated;
  into.rejected += from.rejected;
  into.results += from.results;
  for (const [id, b] of Object.entries(from.benefits)) {
    const t = benefitTally(into, id);
    t.eligible += b.eligible;
    t.ineligible += b.ineligible;
    t.undetermined += b.undetermined;
    t.fen += b.fen;
    if (b.altFen) t.altFen = (t.altFen ?? 0n) + b.altFen;
    if (b.voucherFen) t.voucherFen = (t.voucherFen ?? 0n) + b.voucherFen;
    addCounts(t.missing, b.missing);
    if (b.outcomes) addCounts((t.outcomes ??= names()), b.outcomes);
  }
  for (const [id, f] of Object.entries(from.funds)) {
    const t = (into.funds[id] ??= { eligible: 0, fen: 0n });
    t.eligible += f.eligible;
    t.fen += f.fen;
  }
  addCounts(into.missing, from.missing);
  addCounts(into.rejects, from.rejects);
}

/** JSON-safe copy (bigint fen as decimal strings of fen) for checkpoints. */
export function tallyToJson(t: Tally): unknown {
  return JSON.parse(JSON.stringify(t, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
}

export function tallyFromJson(j: unknown): Tally {
  return JSON.parse(JSON.stringify(j), (_k, v: unknown) =>
    typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v && typeof v === 'object' && !Array.isArray(v) ? Object.assign(names(), v) : v,
  ) as Tally;
}

const byCount = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

/** The summary a person reads (and `R.summary.json` holds): labels in the requested language, totals as exact yuan strings. */
export interface BatchSummary {
  asOf: string;
  policy: { title: string; docNumber: string | null };
  rows: number;
  evaluated: number;
  rejected: number;
  results: number;
  total: string;
  /**
   * Per benefit; `total` is exact yuan, or — for a benefit whose text states no amount (金额：未载明, `amountNotStated`) — the
   * words 原文未载明 / not stated in the text: its grants have no amount to add.
   */
  benefits: {
    id: string;
    title: string;
    clause: string | null;
    fund: string | null;
    fundTitle: string | null;
    eligible: number;
    ineligible: number;
    undetermined: number;
    total: string;
    amountNotStated?: true;
    missing: { fact: string; label: string; count: number }[];
    /** 授予 / 视同 (a benefit that grants an outcome): how many eligible decisions granted each outcome, most often first. */
    outcomes?: { outcome: string; count: number }[];
  }[];
  funds: { id: string; title: string; eligible: number; total: string }[];
  /** Missing facts, most often missing first; `label` is the fact's name in Chinese and its English label in English. */
  missing: { fact: string; label: string; count: number }[];
  rejects: { code: string; count: number }[];
  /** With a ledger file: its rows, and those whose id no subject row carries (the first 20 such ids). */
  ledger?: { rows: number; unmatchedRows: number; unmatchedIds: string[] };
}

function factLabel(model: Model, name: string, lang: Lang): string {
  if (lang === 'zh') return name;
  for (const s of model.subjects.values()) {
    const f = s.facts.get(name);
    if (f) return labelText(f.label, lang, name);
  }
  return name;
}

export function summarize(model: Model, t: Tally, asOf: string, lang: Lang): BatchSummary {
  let total = 0n;
  const missingList = (m: Record<string, number>) => byCount(m).map(([fact, count]) => ({ fact, label: factLabel(model, fact, lang), count }));
  const benefits = model.benefits
    .filter((b) => t.benefits[b.id])
    .map((b) => {
      const x = t.benefits[b.id]!;
      // The grand total is of fund payments: an amount a 付款方 pays, or a 税前扣除, is listed but not added.
      // 其中: a voucher part is not cash, as in a decision's total.
      if (!b.payer && !b.amountKind) total += x.fen - (x.altFen ?? 0n) - (x.voucherFen ?? 0n);
      return {
        id: b.id,
        title: labelText(b.label, lang, b.id),
        clause: b.clause ?? null,
        fund: b.split ? b.split.map((p) => p.fund).join('、') : (b.fund ?? null),
        fundTitle: b.split
          ? b.split.map((p) => labelText(model.funds.get(p.fund)?.label, lang, p.fund)).join(lang === 'zh' ? '、' : ', ')
          : b.fund
            ? labelText(model.funds.get(b.fund)?.label, lang, b.fund)
            : null,
        eligible: x.eligible,
        ineligible: x.ineligible,
        undetermined: x.undetermined,
        total: b.amountNotStated ? message('summary.notStated', lang) : fenToString(x.fen),
        ...(b.amountNotStated && { amountNotStated: true as const }),
        missing: missingList(x.missing),
        ...(x.outcomes && { outcomes: byCount(x.outcomes).map(([outcome, count]) => ({ outcome, count })) }),
      };
    });
  const funds = [...model.funds.values()]
    .filter((f) => t.funds[f.name])
    .map((f) => ({ id: f.name, title: labelText(f.label, lang, f.name), eligible: t.funds[f.name]!.eligible, total: fenToString(t.funds[f.name]!.fen) }));
  return {
    asOf,
    policy: { title: labelText(model.header.title, lang, ''), docNumber: model.header.docNumber ?? null },
    rows: t.rows,
    evaluated: t.evaluated,
    rejected: t.rejected,
    results: t.results,
    total: fenToString(total),
    benefits,
    funds,
    missing: missingList(t.missing),
    rejects: byCount(t.rejects).map(([code, count]) => ({ code, count })),
  };
}

/** Pads to a display width, counting CJK characters as two columns. */
function pad(s: string, width: number, right = false): string {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  const fill = ' '.repeat(Math.max(0, width - w));
  return right ? fill + s : s + fill;
}

function table(head: string[], rows: string[][], numeric: boolean[]): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/u.test(ch) ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!, numeric[i])).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** The summary as plain text (printed at the end of `policy batch`). */
export function summaryText(s: BatchSummary, lang: Lang): string {
  const m = (id: Parameters<typeof message>[0], args: Record<string, string | number> = {}) => message(id, lang, args);
  const out: string[] = [];
  out.push(`${s.policy.docNumber ?? ''} ${s.policy.title} — ${m('batch.summary.title')} (${m('batch.summary.asOf', { date: s.asOf })})`.trim());
  out.push(m('batch.summary.rows', { rows: s.rows, evaluated: s.evaluated, rejected: s.rejected }));
  out.push('');
  out.push(`${m('batch.summary.byBenefit')}:`);
  out.push(
    table(
      [m('batch.summary.clause'), m('batch.summary.benefit'), m('batch.summary.eligible'), m('batch.summary.total'), m('batch.summary.undetermined'), m('batch.summary.ineligible')],
      [
        ...s.benefits.map((b) => [b.clause ?? '', b.title, String(b.eligible), b.total, String(b.undetermined), String(b.ineligible)]),
        ['', m('batch.summary.grandTotal'), String(s.benefits.reduce((n, b) => n + b.eligible, 0)), s.total, String(s.benefits.reduce((n, b) => n + b.undetermined, 0)), String(s.benefits.reduce((n, b) => n + b.ineligible, 0))],
      ],
      [false, false, true, true, true, true],
    ),
  );
  out.push('');
  out.push(`${m('batch.summary.byFund')}:`);
  out.push(table([m('batch.summary.fund'), m('batch.summary.eligible'), m('batch.summary.total')], s.funds.map((f) => [f.title, String(f.eligible), f.total]), [false, true, true]));
  const granted = s.benefits.filter((b) => b.outcomes?.length);
  if (granted.length) {
    out.push('');
    out.push(`${m('batch.summary.byOutcome')}:`);
    out.push(
      table(
        [m('batch.summary.benefit'), m('batch.summary.outcome'), m('batch.summary.eligible')],
        granted.flatMap((b) => b.outcomes!.map((o) => [b.title, o.outcome, String(o.count)])),
        [false, false, true],
      ),
    );
  }
  if (s.missing.length) {
    out.push('');
    out.push(`${m('batch.summary.toCollect')}:`);
    out.push(table([m('batch.summary.missingFact'), m('batch.summary.missingCount')], s.missing.map((x) => [x.label, String(x.count)]), [false, true]));
  }
  if (s.ledger) {
    out.push('');
    out.push(m('batch.summary.ledger', { rows: s.ledger.rows, unmatched: s.ledger.unmatchedRows }));
    if (s.ledger.unmatchedRows) out.push(m('batch.summary.ledgerUnmatched', { ids: s.ledger.unmatchedIds.join(', ') }));
  }
  if (s.rejects.length) {
    out.push('');
    out.push(`${m('batch.summary.rejects')}:`);
    out.push(s.rejects.map((r) => `  ${r.code}  ${r.count}`).join('\n'));
  }
  return out.join('\n') + '\n';
}
