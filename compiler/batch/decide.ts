// One subject of a batch: validate its facts and ledger, evaluate it, and
// turn the decision into output rows — one per benefit that applies to the
// subject's type — with language-neutral columns (benefit and fund names,
// status, exact amount, reason code, missing facts). A row that fails
// validation becomes a reject with every named error; it never yields an
// amount.
import type { Model } from '../model.ts';
import { validateFacts, validateLedger, inputErrorText, type InputError, type LedgerEntry } from '../facts.ts';
import { decideCompact } from '../evaluate.ts';
import { lowerPolicy } from '../decision/lower.ts';
import { notCounted } from '../decision/steps.ts';
import { instalmentSizes, type InstalmentSize } from '../ledger.ts';
import type { BenefitPlan, Step } from '../decision/types.ts';
import { outcomeText } from '../decision/reasons.ts';
import type { Decided as CompactDecided, NeutralReason } from '../decision/steps.ts';

/** 其中: each part of `fen` by kind (compiler/ledger.ts instalmentSizes, the rule every decision uses), named language-neutrally. */
function compositionParts(fen: bigint, parts: NonNullable<BenefitPlan['composition']>): { kind: string; amount: string }[] {
  const sizes = instalmentSizes(fen, parts.map((p) => p.size));
  return parts.map((p, i) => ({ kind: typeof p.kind === 'string' ? p.kind : p.kind.zh, amount: fenToString(sizes[i]!) }));
}

/** 分担: each fund's part of `fen` (compiler/ledger.ts instalmentSizes, the rule every decision uses), by fund name. */
function splitParts(fen: bigint, split: readonly { fund: string; size: InstalmentSize }[]): { fund: string; amount: string }[] {
  const sizes = instalmentSizes(fen, split.map((p) => p.size));
  return split.map((p, i) => ({ fund: p.fund, amount: fenToString(sizes[i]!) }));
}
import { fenToString, parseDecimal, roundTo, type Rat } from '../rational.ts';
import type { Lang } from '../messages.ts';
import type { RowReject, SubjectInput } from './rows.ts';
import { tallyDecision, tallyReject, type Tally } from './summary.ts';
import { csvLine } from './csv.ts';

export interface BatchEvalOptions {
  asOf: string;
  params?: Record<string, Rat>;
  /** Language of the reject messages. */
  lang?: Lang;
}

export interface OutRow {
  row: number;
  id: string;
  subject: string;
  benefit: string;
  status: 'eligible' | 'ineligible' | 'undetermined';
  /** Exact yuan, "16000.00"; null unless eligible with an amount. */
  amount: string | null;
  fund: string | null;
  clause: string | null;
  /** The first reason's code (P4xxx), null when eligible without a remark. */
  reason: string | null;
  missing: string[];
  /** 自行选择: an eligible alternative the applicant chooses between that totals do not count (another one is higher). */
  alternative?: true;
  /** 分担: each fund's part of the amount (then `fund` lists the funds, joined by 、); CSV column `parts`. */
  parts?: { fund: string; amount: string }[];
  /** 自行选择: the other eligible benefits of the choice group this one is eligible in; CSV column `alternatives`. */
  alternatives?: string[];
  /** 退还 / 追回: what is to be returned of what this benefit paid (due with the amount, or undetermined), never netted against `amount`; JSON Lines carries it, CSV and Parquet do not. */
  clawback?: { status: 'due' | 'undetermined'; amount: string | null; paid: string; reason: string };
  /** 其中: each part of the amount by kind (`voucher`, `cash`, or the use the text names), adding up to the amount; CSV column `composition`. */
  composition?: { kind: string; amount: string }[];
  /** 授予 / 视同: what an eligible benefit grants, its Chinese text (“示范商户”, “2个”, an equivalence's value); CSV column `outcome`. */
  outcome?: string;
  /**
   * 分期: the total of the grant, what the ledger shows paid towards it, what is due by now (this payment, `amount`, is due −
   * paid), and each instalment the text states (its size, in order); CSV column `instalments`.
   */
  instalments?: { total: string; paid: string; due: string; stages?: string[] };
  /** 分段累进: each band X reaches (1 = the table's first), its part × its value to the fen, before 舍入 and caps; CSV column `bands`. */
  bands?: { band: number; amount: string }[];
}

export interface RejectRow {
  row: number;
  line?: number;
  id?: string;
  errors: { code: string; field: string; message: string }[];
}

/** The columns of a CSV / Parquet result, in this order (README "policy batch": a stable layout; new columns are added at the end). */
export const OUT_COLUMNS = ['row', 'id', 'subject', 'benefit', 'status', 'amount', 'fund', 'clause', 'reason', 'missing', 'parts', 'choice', 'alternatives', 'composition', 'outcome', 'instalments', 'bands'] as const;
/** DuckDB types of the output columns (Parquet output). */
export const OUT_TYPES: Record<(typeof OUT_COLUMNS)[number], string> = {
  row: 'BIGINT',
  id: 'VARCHAR',
  subject: 'VARCHAR',
  benefit: 'VARCHAR',
  status: 'VARCHAR',
  amount: 'DECIMAL(18,2)',
  fund: 'VARCHAR',
  clause: 'VARCHAR',
  reason: 'VARCHAR',
  missing: 'VARCHAR',
  parts: 'VARCHAR',
  choice: 'VARCHAR',
  alternatives: 'VARCHAR',
  composition: 'VARCHAR',
  outcome: 'VARCHAR',
  instalments: 'VARCHAR',
  bands: 'VARCHAR',
};
/** Separator of the missing facts in a CSV cell. */
export const MISSING_SEP = ';';
/** Separator of the items of the `parts` and `alternatives` cells. */
export const LIST_SEP = ';';

/** A subject's ledger rows from a ledger file: entries plus, for bad rows, their errors (named by ledger row). */
export interface JoinedLedger {
  entries: unknown[];
  /** Ledger file row of each entry, for error messages. */
  rows?: number[];
}

export type Decided = { ok: true; rows: OutRow[] } | { ok: false; reject: RejectRow };

function rejectOf(r: RowReject | { row: number; line?: number; id?: string }, errors: InputError[], lang: Lang): RejectRow {
  return {
    row: r.row,
    ...(r.line !== undefined && { line: r.line }),
    ...(r.id !== undefined && { id: r.id }),
    errors: errors.map((e) => ({ code: e.code, field: e.field, message: inputErrorText(e, lang) })),
  };
}

export function rejectRow(r: RowReject, lang: Lang): RejectRow {
  return rejectOf(r, r.errors, lang);
}

/** Validates and evaluates one subject with the reference evaluator. */
export function decideSubject(model: Model, s: SubjectInput, opts: BatchEvalOptions, joined?: JoinedLedger): Decided {
  const lang = opts.lang ?? 'zh';
  const errors: InputError[] = [];
  const facts = validateFacts(model, s.type, s.facts);
  if (!facts.ok) errors.push(...facts.errors);
  let ledger: LedgerEntry[] = [];
  const raw = [...(s.ledger ?? []), ...(joined?.entries ?? [])];
  if (raw.length) {
    // A ledger cannot record the future: an entry after the as-of date is refused (P3015), as `policy eval` does.
    const l = validateLedger(model, raw, opts.asOf);
    if (l.ok) ledger = l.ledger;
    else {
      const inline = s.ledger?.length ?? 0;
      for (const e of l.errors) {
        // ledger[i] of the joined list → the ledger file's row.
        const m = /^ledger\[(\d+)\]/.exec(e.field);
        const i = m ? Number(m[1]) : -1;
        const fileRow = i >= inline ? joined?.rows?.[i - inline] : undefined;
        errors.push(fileRow !== undefined ? { ...e, field: e.field.replace(/^ledger\[\d+\]/, `ledger row ${fileRow}`) } : e);
      }
    }
  }
  if (errors.length || !facts.ok) return { ok: false, reject: rejectOf(s, errors, lang) };
  // The reference's decision without any text: a batch writes codes, amounts and fact names only.
  const d = decideCompact(model, s.type, facts.facts, { asOf: opts.asOf, ledger, params: opts.params, lang });
  const rowOf = (x: (typeof d)[number]): RowDecision => ({
    status: x.status,
    fen: x.status === 'eligible' ? x.fen : null,
    reason: x.reasons[0]?.code ?? null,
    missing: x.missing,
    ...(x.outcome && { outcome: outcomeCell(model, x.outcome) }),
    ...(x.instalments && { instalments: { total: x.instalments.total, paid: x.instalments.paid, due: x.instalments.due, ...(x.instalments.stages && { stages: x.instalments.stages.map((z) => z.amount) }) } }),
    ...(x.status === 'eligible' && bandAmounts(model, x.id, x.reasons)),
    ...(x.clawback && { clawback: { status: x.clawback.status, amount: x.clawback.fen === null ? null : fenToString(x.clawback.fen), paid: fenToString(x.clawback.paid), reason: x.clawback.reasons[0]!.code } }),
  });
  return { ok: true, rows: outRows(model, s, d.map(rowOf)) };
}

/** One benefit's decision as a batch row needs it (the reference's compact decision, or a SQL engine's row). */
export interface RowDecision {
  status: OutRow['status'];
  /** Eligible amount in fen; null when not eligible or eligible without an amount. */
  fen: bigint | null;
  reason: string | null;
  missing: string[];
  /** 退还 / 追回 (the reference's, or a SQL engine's clawback columns). */
  clawback?: OutRow['clawback'];
  /** 授予 / 视同: the outcome's Chinese text (outcomeCell; a SQL engine's `outcome` column). */
  outcome?: string;
  /** 分期: total, paid towards it, due by now, and the instalments' sizes when known (the reference's instalments state; a SQL engine's `instalments` column, sized here). */
  instalments?: { total: string; paid: string; due: string; stages?: string[] };
  /** 分段累进: the bands reached, each its part × value to the fen (bandAmounts; a SQL engine's `bands` column). */
  bands?: { band: number; amount: string }[];
}

/** The first step of kind `k` of a plan (inside `if-known` too). */
function stepOf<K extends Step['k']>(steps: readonly Step[], k: K): Extract<Step, { k: K }> | undefined {
  for (const s of steps) {
    if (s.k === k) return s as Extract<Step, { k: K }>;
    if (s.k === 'if-known') {
      const inner = stepOf(s.steps, k);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * 分段累进: the bands X reaches, from the decision's P4093 notes (one per band whose part is above zero, given when the
 * amount is paid): each band's number in the table (1 = the first) and its part × value, half up to the fen.
 */
export function bandAmounts(model: Model, id: string, reasons: readonly NeutralReason[]): { bands: { band: number; amount: string }[] } | undefined {
  const notes = reasons.filter((r) => r.code === 'P4093');
  if (notes.length === 0) return undefined;
  const plan = lowerPolicy(model).benefits.find((b) => b.id === id);
  const step = plan && stepOf(plan.steps, 'bands');
  if (!step) return undefined;
  const bands = notes.map((r) => {
    const band = r.args['band'] as { label: unknown };
    const amount = r.args['amount'] as { quantity: Rat };
    return { band: step.bands.labels.indexOf(band.label as (typeof step.bands.labels)[number]) + 1, amount: fenToString(roundTo(amount.quantity, 100n, 'half-up')) };
  });
  return { bands };
}

/**
 * What a decision grants, as a batch writes it whatever the language of the run: a designation's Chinese text, an
 * equivalence's or a grant by case's value as the Chinese decision words it (an enum value by its label, a count as
 * “2个”). The SQL engines compute the same text in their `outcome` column (compiler/sql/translate.ts).
 */
export function outcomeCell(model: Model, o: NonNullable<CompactDecided['outcome']>): string {
  return 'designation' in o ? o.designation.zh : outcomeText(model, o.value, 'zh');
}

/**
 * The output rows of a decided subject, one per benefit of its type in declaration order (`decisions[i]` is benefit i's,
 * undefined for the benefits of other types): the one place the JS engine and the SQL engines (compiler/sql/run.ts) turn
 * decisions into rows, so both write the same columns the same way. 分担's parts come from the amount
 * (ledger.ts instalmentSizes), 自行选择's alternatives from the decisions of the group's members (steps.ts notCounted).
 */
export function outRows(model: Model, s: { row: number; id: string; type: string }, decisions: readonly (RowDecision | undefined)[]): OutRow[] {
  const rows: OutRow[] = [];
  const plans = lowerPolicy(model);
  const compact = model.benefits.map((b, i) => ({ id: b.id, status: decisions[i]?.status ?? 'ineligible', fen: decisions[i]?.fen ?? null }));
  const alternatives = notCounted(plans.groups, compact.filter((_, i) => decisions[i] !== undefined));
  for (let i = 0; i < model.benefits.length; i++) {
    const b = model.benefits[i]!;
    if (!b.subjects.includes(s.type)) continue;
    const x = decisions[i]!;
    const others = choiceOthers(plans.groups, b.id, compact, decisions);
    rows.push({
      row: s.row,
      id: s.id,
      subject: s.type,
      benefit: b.id,
      status: x.status,
      amount: x.status === 'eligible' && x.fen !== null ? fenToString(x.fen) : null,
      fund: b.split ? b.split.map((p) => p.fund).join('、') : (b.fund ?? null),
      clause: b.clause ?? null,
      reason: x.reason,
      missing: x.missing,
      // A share the text only bounds (分担：市级资金，不超过30%) fixes no part: the plan has no split, the row no parts.
      ...(plans.benefits[i]!.split && x.status === 'eligible' && x.fen !== null && { parts: splitParts(x.fen, plans.benefits[i]!.split!) }),
      ...(others.length && { alternatives: others }),
      ...(alternatives.has(b.id) && { alternative: true as const }),
      ...(x.clawback && { clawback: x.clawback }),
      ...(x.status === 'eligible' && x.outcome !== undefined && { outcome: x.outcome }),
      // 分期: the total, paid, due by now and the size of each instalment the text states (ledger.ts instalmentSizes).
      ...(x.instalments && x.status === 'eligible' && x.fen !== null && { instalments: instalmentsOf(plans.benefits[i]!, x.instalments) }),
      ...(x.bands && x.status === 'eligible' && x.fen !== null && { bands: x.bands }),
      // 其中: the parts by kind (a floor, 不低于50%, fixes none: the plan has no composition).
      ...(plans.benefits[i]!.composition && x.status === 'eligible' && x.fen !== null && { composition: compositionParts(x.fen, plans.benefits[i]!.composition!) }),
    });
  }
  if (rows.length === 0) {
    // A subject type no benefit applies to still appears once in the results.
    rows.push({ row: s.row, id: s.id, subject: s.type, benefit: '', status: 'ineligible', amount: null, fund: null, clause: null, reason: 'P4001', missing: [] });
  }
  return rows;
}

/** 分期's state as a batch writes it: the instalments the text states sized from the total (ledger.ts instalmentSizes). */
function instalmentsOf(plan: BenefitPlan, st: NonNullable<RowDecision['instalments']>): NonNullable<OutRow['instalments']> {
  if (st.stages) return { total: st.total, paid: st.paid, due: st.due, stages: st.stages };
  const stages = stepOf(plan.steps, 'instalments')?.stages;
  const total = roundTo(parseDecimal(st.total)!, 100n, 'half-up');
  return { total: st.total, paid: st.paid, due: st.due, ...(stages && { stages: instalmentSizes(total, stages).map(fenToString) }) };
}

/** 自行选择: for an eligible member of a choice group with two or more eligible members, the other eligible members (group order). */
function choiceOthers(groups: ReturnType<typeof lowerPolicy>['groups'], id: string, compact: readonly { id: string; status: string }[], decisions: readonly (RowDecision | undefined)[]): string[] {
  const eligible = (m: string) => compact.some((d, i) => d.id === m && decisions[i] !== undefined && d.status === 'eligible');
  if (!eligible(id)) return [];
  for (const g of groups) {
    if (g.mode !== 'choice' || !g.members.includes(id)) continue;
    const others = g.members.filter((m) => m !== id && eligible(m));
    if (others.length) return others;
  }
  return [];
}
const fenOf = (amount: string | null): bigint => (amount ? roundTo(parseDecimal(amount)!, 100n, 'half-up') : 0n);

export function tallyDecided(t: Tally, d: Decided): void {
  if (!d.ok) {
    tallyReject(t, d.reject.errors.map((e) => e.code));
    return;
  }
  t.rows++;
  t.evaluated++;
  // 分担: each fund's total counts its part of the amount.
  // 其中: a voucher part is not cash: the grand total leaves it out (as the decision's total does).
  for (const r of d.rows) {
    const voucher = r.composition ? r.composition.reduce((n, p) => (p.kind === 'voucher' ? n + fenOf(p.amount) : n), 0n) : 0n;
    tallyDecision(t, r.benefit, r.parts ? r.parts.map((p) => [p.fund, fenOf(p.amount)] as const) : r.fund, r.status, fenOf(r.amount), r.missing, r.alternative, voucher, r.outcome);
  }
}

export type TextFormat = 'csv' | 'jsonl';

export function outHeader(format: TextFormat): string {
  return format === 'csv' ? csvLine(OUT_COLUMNS) : '';
}

export function outText(r: OutRow, format: TextFormat): string {
  if (format === 'jsonl') return JSON.stringify(r) + '\n';
  return csvLine([
    String(r.row),
    r.id,
    r.subject,
    r.benefit,
    r.status,
    r.amount ?? '',
    r.fund ?? '',
    r.clause ?? '',
    r.reason ?? '',
    r.missing.join(MISSING_SEP),
    // 分担: `fund=amount` per fund, in the policy's order; the amounts add up to `amount`.
    r.parts ? r.parts.map((p) => `${p.fund}=${p.amount}`).join(LIST_SEP) : '',
    // 自行选择: `counted` for the alternative a total counts, `alternative` for the others (the applicant receives one).
    r.alternatives ? (r.alternative ? 'alternative' : 'counted') : '',
    r.alternatives ? r.alternatives.join(LIST_SEP) : '',
    // 其中: `kind=amount` per part (voucher, cash, or the use the text names), in the policy's order; they add up to `amount`.
    r.composition ? r.composition.map((p) => `${p.kind}=${p.amount}`).join(LIST_SEP) : '',
    // 授予 / 视同: what an eligible benefit grants (its Chinese text).
    r.outcome ?? '',
    // 分期: `total=…;paid=…;due=…` then `N=size` for each instalment the text states.
    r.instalments ? instalmentsText(r.instalments) : '',
    // 分段累进: `N=amount` for each band reached.
    r.bands ? r.bands.map((b) => `${b.band}=${b.amount}`).join(LIST_SEP) : '',
  ]);
}

const instalmentsText = (x: NonNullable<OutRow['instalments']>): string =>
  [`total=${x.total}`, `paid=${x.paid}`, `due=${x.due}`, ...(x.stages ?? []).map((z, i) => `${i + 1}=${z}`)].join(LIST_SEP);

export const rejectText = (r: RejectRow): string => JSON.stringify(r) + '\n';
