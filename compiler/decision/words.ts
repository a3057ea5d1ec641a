// The edge: a decision made without text (./steps.ts `Decided`, language-neutral reasons) worded in a
// language. How each kind of reason argument reads is written here once; what a policy calls its facts,
// subjects, parameters, values and conditions comes from a `Naming` — the reference's reads the model
// (./reasons.ts), a generated evaluator's reads the tables the module carries (compiler/emit/runtime/decide.ts).
//
// A runtime module (compiler/emit/bundle.ts): imports only runtime modules, no Node or DOM APIs, strict-clean.
import { fenToString } from '../rational.ts';
import { instalmentSizes, noteArgs, OPEN_END, OPEN_START, type AmountKind, type InstalmentSize, type CapState, type CumulativeCapState, type InstalmentsState, type NeutralNote, type RunningState } from '../ledger.ts';
import { renderValue, type TextLabel, type Value } from '../input.ts';

/** Never read for a quantity (renderValue words yes/no only for a yes/no value). */
const YES_NO = { yes: '', no: '' };
import { failedIndex, type Decided, type ReasonArg, type NeutralReason, type Status } from './steps.ts';

/** How a policy names things in one language, for one subject. */
export interface Naming {
  readonly lang: 'zh' | 'en';
  /** A message of the one table (compiler/messages.ts) with its arguments. */
  message(code: string, args: Readonly<Record<string, string>>): string;
  /** A fact by its name in the language (English: its label). */
  fact(name: string): string;
  /** A subject type by its name in the language. */
  subjectName(name: string): string;
  param(name: string): string;
  /** A value of one of the subject's facts: a level or enum value by its label; anything else as it is. */
  value(fact: string, value: string): string;
  /** A benefit's title. */
  benefit(id: string): string;
  /** The text of condition `i` of a benefit. */
  condition(benefit: string, i: number): string;
  /** The facts condition `i` of a benefit mentions, each with the subject's value shown (`?` when it is missing). */
  values(benefit: string, i: number): readonly (readonly [string, string])[];
  /** The value of an equivalence (视同) as an outcome. */
  outcome(v: Value): string;
  /**
   * Optional: the reason (P4003) of a benefit's condition `i` that failed, worded whole — what wordReason makes of
   * failedCondition(i), made faster by a naming that prepares its parts once.
   */
  failed?(benefit: string, i: number): Reason;
  /** A designation (认定为) in the language. */
  label(l: TextLabel): string;
}

export interface Reason {
  code: string;
  message: string;
  args: Record<string, string>;
}

/** The parts of a benefit's decision that do not depend on the subject, in the language. */
export interface BenefitHead {
  readonly id: string;
  readonly clause: string | null;
  readonly title: string;
  readonly fund: string | null;
  /** 付款方: who pays when it is not a public fund. */
  readonly payer?: string;
  /** 金额性质：税前扣除: a deduction before tax, not money paid. */
  readonly kind?: AmountKind;
  readonly payment: 'once' | 'annual' | 'monthly' | 'per-occasion' | null;
  /** 分担: the funds (named in the language) sharing each grant, with their parts (then `fund` is null). */
  readonly split?: readonly { readonly fund: string; readonly size: InstalmentSize }[];
  /** 其中: the parts of the amount by kind (named in the language; `voucher`: consumption vouchers, not cash), with their sizes. */
  readonly composition?: readonly { readonly kind: string; readonly voucher: boolean; readonly size: InstalmentSize }[];
  /** 义务: the ongoing obligations (in the language), each with whether the text states its consequence (退还). */
  readonly obligations?: readonly Obligation[];
}

/** 义务: an ongoing obligation of whoever receives the benefit, in the text's words; `clawback`: breaking it is the benefit's 退还. */
export interface Obligation {
  readonly text: string;
  readonly clawback: boolean;
}

/** A benefit's decision with its reasons in a language (what `evaluate` returns per benefit). */
export interface WordedDecision {
  id: string;
  clause: string | null;
  title: string;
  status: Status;
  /** Exact yuan as a decimal string, "16000.00"; null when not eligible or set by other rules. */
  amount: string | null;
  /** The ceiling (最高, per payment) that cut the amount, if it did. */
  ceiling: string | null;
  fund: string | null;
  /** 付款方: who pays the amount when it is not a public fund (then `fund` is null and the total does not count it). */
  payer?: string;
  /** 金额性质：税前扣除: the amount is a deduction before tax, not money paid (the total does not count it). */
  kind?: AmountKind;
  payment: BenefitHead['payment'];
  /** A designation or equivalence, for non-monetary benefits. */
  outcome: string | null;
  reasons: Reason[];
  /** Facts whose absence leaves the benefit undetermined. */
  missing: string[];
  trace?: string[];
  /** For a running total (累计): the period, what the totals give, what was received before, this payment. */
  runningTotal?: RunningState;
  /** For a benefit with an annual cap (每年累计不超过): the cap, what was received before, this payment, what remains after it. */
  annualCap?: CapState;
  /** For a cumulative cap (累计不超过): the window, the cap, what was received in it before, this payment, what remains after it. */
  cumulativeCap?: CumulativeCapState;
  /** For a staged payment (分期): the total, what was paid towards it, what is due by now, this payment, each instalment. */
  instalments?: InstalmentsState;
  /**
   * 分担: each fund's part of the amount, in the order written (compiler/ledger.ts instalmentSizes: each share half up to
   * the fen, the last of shares adding up to 100% and 余款 take exactly what is left, so the parts add up to the amount).
   */
  parts?: { fund: string; amount: string }[];
  /**
   * 退还 / 追回: what is to be returned of what this benefit paid — `due` with the amount, or `undetermined` (the condition
   * needs facts) — beside the decision, never subtracted from it or from the total. Absent when nothing was paid or the
   * condition does not hold.
   */
  clawback?: { status: 'due' | 'undetermined'; amount: string | null; paid: string; reasons: Reason[]; missing: string[] };
  /**
   * 义务: what whoever receives it must go on doing or not doing (“获补企业5年内不得迁出”), on an eligible decision: never a
   * condition of it; `clawback` when breaking it is the benefit's 退还 (then `clawback` above reports what is to be returned).
   */
  obligations?: Obligation[];
  /** 其中: each part of the amount by kind, in the order written (the parts add up to the amount; `voucher`: not cash, not in the total). */
  composition?: { kind: string; voucher: boolean; amount: string }[];
}

/** One argument of a reason in the language. */
export function wordArg(a: ReasonArg, n: Naming, benefit: string): string {
  if (typeof a === 'string') return a;
  const zh = n.lang === 'zh';
  // The most frequent first: a failed condition (P4003) names the condition and the values of its facts.
  if ('condition' in a) return n.condition(benefit, a.condition);
  if ('values' in a) {
    // Joined (one flat string, as compiler/template.ts fillTemplate makes), not concatenated.
    const out: string[] = [];
    for (const [k, v] of n.values(benefit, a.values)) out.push(k, zh ? '：' : ': ', v, zh ? '，' : ', ');
    out.pop();
    return out.join('');
  }
  const sep = zh ? '、' : ', ';
  if ('facts' in a) return a.facts.map((f) => n.fact(f)).join(sep);
  if ('subjects' in a) return a.subjects.map((s) => n.subjectName(s)).join(sep);
  if ('fact' in a) return n.fact(a.fact);
  if ('param' in a) return n.param(a.param);
  if ('keyValue' in a) return n.value(a.keyValue.fact, a.keyValue.value);
  if ('word' in a) return n.message(`reason.word.${a.word}`, {});
  if ('benefit' in a) return n.benefit(a.benefit);
  if ('label' in a) return n.label(a.label);
  if ('quantity' in a) {
    // 1000000元, 5%, 50000 yuan (compiler/input.ts renderValue).
    const unit = a.unit === '%' || a.unit === null ? (a.unit ?? undefined) : n.label(a.unit);
    return renderValue({ t: 'num', v: a.quantity }, n.lang, YES_NO, unit);
  }
  if ('benefits' in a) return a.benefits.map((b) => (zh ? `“${n.benefit(b)}”` : `"${n.benefit(b)}"`)).join(sep);
  // The ledger's arguments (key facts and their values, a month): compiler/ledger.ts words them.
  const note: NeutralNote = { code: '', args: { a } };
  return noteArgs(note, { lang: n.lang, factLabel: (f) => n.fact(f), valueLabel: (f, v) => n.value(f, v) })['a']!;
}

/** A neutral reason in the language. */
export function wordReason(r: NeutralReason, n: Naming, benefit: string): Reason {
  const args: Record<string, string> = {};
  for (const k in r.args) args[k] = wordArg(r.args[k]!, n, benefit);
  // A window with no start or end date (the text states none) is worded, never shown as a placeholder date (in the
  // message and in its arguments).
  const shown = args['from'] === OPEN_START || args['to'] === OPEN_END ? { ...args } : args;
  if (shown['from'] === OPEN_START) shown['from'] = n.message('window.openStart', {});
  if (shown['to'] === OPEN_END) shown['to'] = n.message('window.openEnd', {});
  return { code: r.code, message: n.message(r.code, shown), args: shown };
}

/** A decision worded: amounts as exact yuan, the outcome, the reasons (a condition's division by zero once per distinct text), the trace. */
export function wordDecision(c: Decided, head: BenefitHead, n: Naming): WordedDecision {
  const amount = c.fen === null ? null : fenToString(c.fen);
  const ceiling = c.ceilingFen === null ? null : fenToString(c.ceilingFen);
  const outcome = c.outcome === null ? null : 'designation' in c.outcome ? n.label(c.outcome.designation) : n.outcome(c.outcome.value);
  const reasons: Reason[] = [];
  const missing = c.missing.length === 0 ? [] : c.missing.slice();
  // Key order as callers have always seen it (payer and kind only when the benefit has them; then trace, running
  // total, annual cap). One object literal per shape, so the common one is built without spreading.
  const d: WordedDecision =
    head.payer === undefined && head.kind === undefined
      ? { id: head.id, clause: head.clause, title: head.title, status: c.status, amount, ceiling, fund: head.fund, payment: head.payment, outcome, reasons, missing }
      : {
          id: head.id,
          clause: head.clause,
          title: head.title,
          status: c.status,
          amount,
          ceiling,
          fund: head.fund,
          ...(head.payer !== undefined && { payer: head.payer }),
          ...(head.kind !== undefined && { kind: head.kind }),
          payment: head.payment,
          outcome,
          reasons,
          missing,
        };
  if (c.trace) d.trace = c.trace.map((t) => (typeof t === 'string' ? t : `${t.mark} ${n.condition(c.id, t.condition)}`));
  if (c.runningTotal) d.runningTotal = c.runningTotal;
  if (c.annualCap) d.annualCap = c.annualCap;
  if (c.cumulativeCap) d.cumulativeCap = c.cumulativeCap;
  if (c.instalments) d.instalments = c.instalments;
  if (c.clawback) {
    const k = c.clawback;
    d.clawback = { status: k.status, amount: k.fen === null ? null : fenToString(k.fen), paid: fenToString(k.paid), reasons: k.reasons.map((r) => wordReason(r, n, c.id)), missing: k.missing.slice() };
  }
  if (head.composition && c.status === 'eligible' && c.fen !== null) {
    const sizes = instalmentSizes(c.fen, head.composition.map((p) => p.size));
    d.composition = head.composition.map((p, i) => ({ kind: p.kind, voucher: p.voucher, amount: fenToString(sizes[i]!) }));
  }
  if (head.obligations && c.status === 'eligible') d.obligations = head.obligations.map((o) => ({ text: o.text, clawback: o.clawback }));
  if (head.split && c.status === 'eligible' && c.fen !== null) {
    const sizes = instalmentSizes(c.fen, head.split.map((p) => p.size));
    d.parts = head.split.map((p, i) => ({ fund: p.fund, amount: fenToString(sizes[i]!) }));
  }
  let seen: Set<string> | undefined;
  for (let i = 0; i < c.reasons.length; i++) {
    const r = c.reasons[i]!;
    const f = n.failed ? failedIndex(r) : -1;
    const reason = f >= 0 ? n.failed!(c.id, f) : wordReason(r, n, c.id);
    if (r.code === 'P4013') {
      if (seen?.has(reason.message)) continue;
      (seen ??= new Set()).add(reason.message);
    }
    reasons.push(reason);
  }
  return d;
}
