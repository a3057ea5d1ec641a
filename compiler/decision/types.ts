// The decision IR: each benefit of a checked model (compiler/model.ts) lowered to the ordered steps of its
// decision. The order of the decision steps is written here once (lower.ts); the reference evaluator
// (compiler/evaluate.ts) interprets it, the generated TypeScript module compiles it to straight-line code,
// and compiler/sql translates it to SQL.
//
// Values inside steps are the model's typed expressions (IExpr: facts, tables, 若…则…否则, 较低者/较高者, …),
// which every backend already evaluates three-valued. A step is one of:
//   guards      — `subject`, `validity`: decide the benefit before anything else is looked at;
//   `period`    — 期限: narrows the days in force; outside them the benefit fails (after the conditions);
//   `condition` — one 条件, three-valued: false fails, unknown collects missing facts / stops;
//   gates       — `fail-if-failed`, `stop-if-division`, `stop-if-missing`: the exits after the conditions;
//   `ledger`    — the quota steps, run only when no fact is missing so far: 每年限次 (`times-limit`,
//                  `quota` times-per-year), key facts known, 限一次 / 每年限一次 (`quota`), 发放 (`frequency`);
//   `value`     — the amount (金额) or the equivalence (视同), evaluated; unknowns exit or collect;
//   `eligible`  — from here the benefit is granted (designation / outcome);
//   money       — `round`, `ceiling` (最高), `instalments` (分期), `running-total` (累计), `annual-cap` (每年累计不超过),
//                  `cumulative-cap` (累计不超过), `positive`.
// Every ledger lookup is an explicit `LedgerRead` (what it aggregates, over which window, matching which key
// facts); compiler/ledger.ts `readLedger` is its one definition, and SQL turns each into an aggregate column.
// Exclusion groups (就高 / 不得重复享受 / 优先) run after every benefit is decided.
//
// Reasons are language-neutral: a message code with arguments that are either plain text (dates, amounts,
// ids) or references the edge (decision/reasons.ts) turns into zh/en text from compiler/messages.ts.
import type { Expr, Label } from '../../grammar/ast.ts';
import type { AmountKind, CapKind, IExpr, KeyFact, Payment } from '../model.ts';
import type { RoundingMode } from '../rational.ts';
import type { BracketBound, InstalmentSize, LedgerRead, QuotaUnit } from '../ledger.ts';
import type { BandsInfo, PoolScope, QuotaRule } from './steps.ts';
import type { TextLabel } from '../input.ts';

export interface DecisionProgram {
  /** The policy's period (施行日期 … last day in force, inclusive). */
  validity: { effective?: string; end?: string };
  benefits: BenefitPlan[];
  groups: ExclusionGroup[];
}

export interface BenefitPlan {
  id: string;
  clause?: string;
  label?: Label;
  fund?: string;
  /** 付款方: paid by this party, not a fund; not counted in the total. */
  payer?: Label;
  /** 金额性质：税前扣除: a deduction before tax, not money paid; not counted in the total. */
  kind?: AmountKind;
  payment?: Payment;
  /** 分担: the funds that share each grant and their parts, in the order written (the decision reports each part). */
  split?: { fund: string; size: InstalmentSize }[];
  /** 其中: the parts of the amount by kind, in the order written, when the text fixes them (the decision reports each part; a voucher part is not cash). */
  composition?: { kind: 'voucher' | 'cash' | Label; size: InstalmentSize }[];
  /** 义务: the ongoing obligations of whoever receives it, in the text's words (`clawback`: the text states the consequence, 退还). */
  obligations?: { text: Label; clawback: boolean }[];
  subjects: string[];
  /** The steps of the decision, in order. */
  steps: Step[];
}

/**
 * A ledger lookup over this benefit's earlier payments (dated on or before the as-of date): agg count / sum /
 * latest (the most recent entry, for the reason text); window all / year / month (of the as-of date) /
 * in-force (the days the benefit is in force for the subject, as the `period` step left them); match null
 * (every entry), `exact` (the same value of every key fact) or `quota` (the same, or for a key fact marked
 * 及以上 a level at least as high). compiler/ledger.ts `readLedger` is its one definition.
 */
export type { LedgerRead };

export type Step =
  /** Not for this subject type: ineligible, P4001. */
  | { k: 'subject'; subjects: string[] }
  /** Outside the policy's period: ineligible, P4002 (not yet) / P4025 (expired). Sets the days in force. */
  | { k: 'validity'; effective?: string; end?: string; grant?: LedgerRead }
  /**
   * 期限: starts at `from` (a date expression; the policy's 施行日期 when absent), ends after `lengthMonths`
   * and/or on `until`, whichever is first. Narrows the days in force. Unknown start: its facts are missing.
   * Outside: failed with P4006 (before) / P4026 (after) — decided after the conditions.
   */
  | { k: 'period'; from?: IExpr; lengthMonths?: number; until?: string }
  /**
   * One condition, three-valued. False: failed, P4003 (with the values of the facts it mentions). No standard
   * for a value: failed, P4004. Missing facts, a division by zero and a parameter nobody gave: collected — a failed
   * condition, before or after, still fails the benefit (see `stop-if-division`).
   */
  | { k: 'condition'; index: number; expr: IExpr; source: Expr; soft?: 'open' | 'in-principle' }
  /** A period or condition failed: ineligible with the reasons so far. */
  | { k: 'fail-if-failed' }
  /** Nothing missing, nothing failed, but a condition could not be computed: undetermined, one P4013 per condition that divided by zero, one P4010 per parameter nobody gave. */
  | { k: 'stop-if-division' }
  /** Runs `steps` only when no fact is missing so far (the ledger needs a known subject). */
  | { k: 'if-known'; steps: Step[] }
  /**
   * 每年限次 may depend on a fact: no standard for its value → ineligible P4004; missing facts → undetermined
   * P4012 naming them; otherwise the limit for the `quota` times-per-year step (none if it cannot be computed).
   */
  | { k: 'times-limit'; expr: IExpr }
  /**
   * 最长享受 may depend on the case: no standard for its value → ineligible P4004; missing facts → undetermined
   * P4012; otherwise the limit for the `quota` months step (none if it cannot be computed).
   */
  | { k: 'months-limit'; expr: IExpr }
  /** The ledger key facts must be known: otherwise undetermined, P4012. */
  | { k: 'key-facts'; facts: string[] }
  /**
   * A quota refuses the benefit (ineligible) when the ledger shows it used:
   * times-per-year — `read` (count, year) reached the limit: P4014;
   * months — 最长享受, `read` (count, all) months paid reached the limit: P4040;
   * once — 限一次, `read` (latest, all, quota match) found an entry: P4015;
   * once-per-year — 每年限一次, `read` (latest, year, quota match): P4020;
   * chosen — 自行选择, `read` (latest, all, the other members of the group only — `others` —, exact match on the key
   *   facts they share) found a payment of another alternative: P4064;
   * once-within — 限一次：N年内, `read` (latest, rolling N×12 months, quota match on `keys`, none: any payment) found an
   *   entry: P4142 (by key) / P4143;
   * distinct-per-year / distinct — 每年最多 / 最多, `read` (latest, year / all, no match): `limit` distinct values of `keys`
   *   paid and the subject's own not among them: P4140 / P4141. `grant` (a staged benefit, 分期): the instalments' read of
   *   the subject's grant; a payment towards it on record → a later instalment of a grant already made, not a new key
   *   (the quota does not refuse it).
   */
  | { k: 'quota'; rule: QuotaRule; keys: KeyFact[]; read: LedgerRead; limit?: number; unit?: QuotaUnit; grant?: LedgerRead }
  /**
   * 每档一次: the bracket the fact's value reaches now, and the highest one `read` (latest, all, no key match) shows
   * paid — each entry's key records the value it was paid for. Every bracket reached already paid → ineligible,
   * P4060; a value below the lowest threshold is left to the amount (no standard, P4004).
   */
  | { k: 'bracket-quota'; fact: string; bounds: BracketBound[]; read: LedgerRead }
  /**
   * 每档一次：逐档: the amount is the sum of the values of the brackets reached and not yet paid (each evaluated;
   * missing facts collected). Runs after the amount's `value` step, only when `bracket-quota` ran.
   */
  | { k: 'bracket-sum'; values: IExpr[] }
  /**
   * 分段累进 as the whole amount: each band's part of X and its value, evaluated after the amount's `value` step. When the
   * amount is paid (`round`), each band X reaches is noted with its part, value and product (P4093, a money note).
   */
  | { k: 'bands'; bands: BandsInfo; parts: { part: IExpr; value: IExpr }[] }
  /**
   * 发放: at most one payment per payment period (and occasion key): `read` (latest, the payment's window,
   * exact match) found one → ineligible with `code` (P4015 / P4016 / P4017 / P4018 / P4020).
   */
  | { k: 'frequency'; payment: Payment; keys: KeyFact[]; code: string; read: LedgerRead }
  /**
   * The amount (金额), the equivalence (视同) or a cap computed from the case (最高 / 每年累计不超过 / 累计不超过 as an
   * expression), evaluated: no standard → ineligible P4004; missing facts collected; division by zero with nothing
   * missing → undetermined P4013 (“the amount” / “the ceiling” …). A cap's value is used by its money step.
   */
  | { k: 'value'; of: 'amount' | 'outcome' | 'yearly' | CapKind; expr: IExpr }
  /**
   * 金额 that is a reviewed amount (核定): the fact, evaluated. Given: it is the amount (as a `value` step). Not given: the
   * amount is pending review — the benefit is decided on its conditions and quotas alone and, when granted, is eligible
   * without an amount (`round`: P4051 within `low`–`high` fen, P4052 at most `high`, P4053 no range stated). `high` is the
   * text's range narrowed by a constant 最高. `computed`: the amount is computed from the reviewed fact (`核定投资额 × 10%`):
   * `low`–`high` are the fact's range, and pending review is P4056 (range stated) / P4057; other facts it needs are missing
   * as in a `value` step (the reviewed fact never is: the applicant cannot give it).
   */
  | { k: 'reviewed'; fact: string; expr: IExpr; low: bigint | null; high: bigint | null; computed?: true }
  /**
   * 分期: which instalments are due. Each instalment's condition (`null`: none, always due) is evaluated in order,
   * three-valued: true → due, go on; missing facts → collected (the payment depends on them), stop; false or not
   * computable → not due, stop. The count of due instalments is for the `instalments` money step.
   */
  | { k: 'instalments-due'; when: (IExpr | null)[] }
  /** Facts are missing: undetermined, P4012 naming them (first mention first). */
  | { k: 'stop-if-missing' }
  /**
   * Granted: eligible from here on; the designation (认定为) or the equivalence's value is the outcome. `unstated`: 金额：未载明 —
   * granted without an amount, the text stating none (P4135).
   */
  | { k: 'eligible'; designation?: Label; unstated?: true }
  /**
   * The amount, rounded to `scale` (100 = 分, 10 = 角, 1 = 元) by `mode`, in fen; with `step` (10, 100, 1000, 10000;
   * scale 1) to a multiple of `step` yuan (舍入：100元，…). An amount set by a parameter nobody gave: eligible without
   * an amount, P4010, and the money steps are skipped.
   */
  | { k: 'round'; scale: bigint; mode: RoundingMode; step?: bigint }
  /**
   * 最高: at most `fen` per payment (per period for a running total); a cut is noted (P4023). `fen` null: the cap is
   * computed from the case (its `value` step), cut down to the fen; a parameter nobody gave in it → eligible without
   * an amount, P4010 (as for the amount). The same for `annual-cap` and `cumulative-cap`. `inPrinciple` (原则上最高): the
   * text's rule “in principle” — it cuts the same, the cut noted P4120 (exceptions are the authority's) instead of P4023.
   */
  | { k: 'ceiling'; fen: bigint | null; inPrinciple?: true }
  /**
   * 累计: the amount so far is the entitlement for the period; pay it minus `read` (sum over the payment
   * period, exact key match). `annualCap`: for an annual running total the cap applies to the entitlement.
   * Nothing left after an earlier payment: ineligible P4019; a partial payment is noted (P4024).
   */
  | { k: 'running-total'; read: LedgerRead; annualCap: bigint | null }
  /**
   * 每年累计不超过 `fen`: at most what is left of the cap after `read` (sum, year). Nothing left: ineligible
   * P4005; otherwise noted (P4021 within the cap, P4022 cut by it).
   */
  | { k: 'annual-cap'; fen: bigint | null; read: LedgerRead; pool?: PoolScope; expr?: IExpr; doc?: string }
  /**
   * 分期: the amount so far is the total of the grant; pay the due instalments (`stages` null: not stated — the whole
   * total) minus `read` (sum over the payment period, exact key match): compiler/ledger.ts settleInstalments.
   * Nothing to pay: ineligible, P4104 (all paid) or P4103 (the next instalment is not yet due); otherwise P4105 / P4106.
   */
  | { k: 'instalments'; stages: InstalmentSize[] | null; read: LedgerRead; yearly?: { years: number } }
  /**
   * 累计不超过 `fen` over `read`'s window (the days in force, the months up to the as-of date, or fixed dates), counting
   * the benefits it is counted with: compiler/ledger.ts settleCumulativeCap. Nothing left: ineligible P4102; otherwise
   * noted (P4100 within, P4101 cut). A fixed window the as-of date is not in does not apply.
   */
  | { k: 'cumulative-cap'; fen: bigint | null; read: LedgerRead; pool?: PoolScope; expr?: IExpr; doc?: string }
  /**
   * 补差 (top-up): the amount so far is the standard now reached; pay it minus `read` (sum over the payment period, this
   * benefit and those it is counted with, any key): compiler/ledger.ts settleTopUp. Something paid before: noted (P4054);
   * nothing left: ineligible, P4055.
   */
  | { k: 'top-up'; read: LedgerRead }
  /**
   * 退还 / 追回 (clawback): what this benefit already paid (`read`: sum, all, no key) is to be returned when `when` holds —
   * all of it, `share` of it (half up to the fen) or at most `fen`. Reported as the decision's `clawback` (due, P4086; the
   * condition unknown: undetermined, P4087 / P4088); nothing paid or the condition false: none. It never ends the decision:
   * it runs after the subject guard, before anything else, so a benefit no longer granted still reports it. `index` names
   * the condition in reasons (after the benefit's conditions).
   */
  | { k: 'clawback'; index: number; when: IExpr; source: Expr; share: { n: bigint; d: bigint } | null; fen: bigint | null; clause: string; read: LedgerRead }
  /**
   * 限一次：未载明 (the text does not say whether it may be received again): `read` (latest, all, any key) found a payment of
   * this benefit → undetermined, P4089 (the authority decides), instead of paying again or refusing.
   */
  | { k: 'repeat-unstated'; read: LedgerRead }
  /**
   * 视同享受 (A treated as B): granted with A holding and B not → noted P4090 (“A，视同B享受”); `index` names A in reasons and
   * `index + 1` names B (after the benefit's conditions and 退还's). The conditions already read B as `B 或 A` (the checker).
   */
  | { k: 'treated-as'; index: number; a: IExpr; aSource: Expr; b: IExpr; bSource: Expr }
  /**
   * 转按 / 参照执行: the case is handled under another policy (`doc`). Runs after the conditions' gates: with facts missing so
   * far it only collects the facts `when` needs (undetermined at `stop-if-missing`); otherwise `when` null or true → ineligible,
   * P4095 naming `doc` (not paid here, referred); false → decided here as usual; no standard → P4004; a division by zero or
   * a parameter nobody gave → undetermined, P4013 / P4010. `index` names `when` in reasons (after the conditions, 退还's and 视同享受's).
   */
  | { k: 'referral'; doc: TextLabel; index: number; when: IExpr | null; source: Expr | null }
  /** Nothing to pay: ineligible, P4011. Otherwise the amount is paid. */
  | { k: 'positive' };

export type StepKind = Step['k'];

export type { QuotaRule } from './steps.ts';

/**
 * `pool` on an `annual-cap` / `cumulative-cap` step: the policy's shared cap (header 每年累计不超过 / 累计不超过), over every
 * benefit that pays money (`all`) or those of one fund (`fund`), or an imported document's (`document`: its header's, over
 * the benefits that document declares; `doc` names it, P4109); its read names all the others. The step is the same
 * cap; its state is not reported as the benefit's own (`annualCap` / `cumulativeCap`), and its note or refusal is
 * followed by P4061 (`all`) / P4062 (`fund`). `expr`: the policy's shared cap computed from the case (`fen` null), evaluated
 * at the step itself — an unknown fact in it leaves the benefit undetermined (P4012, P4108) only when the step is reached
 * with something to cut; its value is noted (P4107).
 */
export type { PoolScope } from './steps.ts';

/**
 * 就高 (higher-of: the highest amount, first member on a tie), 不得重复享受 (exclusive), 优先 (priority: the first member);
 * 自行选择 (choice): no member is dropped — with two or more eligible, each is marked an alternative (P4063) and totals
 * count only the highest (steps.ts notCounted).
 */
export interface ExclusionGroup {
  mode: 'higher-of' | 'exclusive' | 'priority' | 'choice';
  members: string[];
  /** The reason given to every eligible member that is not kept: P4007 / P4008 / P4009; to every alternative: P4063. */
  code: 'P4007' | 'P4008' | 'P4009' | 'P4063';
}

// Language-neutral reasons and their arguments are the step implementation's (./steps.ts).
export type { NeutralReason, ReasonArg } from './steps.ts';
