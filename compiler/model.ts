// The lowered, typed IR that the checker produces from the surface AST. The
// reference evaluator, the TypeScript emitter and the summaries all read it.
// Every name here is resolved; every quantity is in base units (元, months…).
import type { Expr, Label, Range } from '../grammar/ast.ts';
import type { Rat, RoundingMode } from './rational.ts';
import type { SymbolTable } from './symbols.ts';
import type { AmountKind, CapKind } from './ledger.ts';
export type { AmountKind, CapKind };

/** Unit as dimension → power, e.g. 元/人 = { yuan: 1, person: -1 }. Empty = dimensionless. */
export type Unit = Readonly<Record<string, number>>;

export type Type =
  | { kind: 'bool' }
  | { kind: 'date' }
  /** `percent`: declared `%` (a plain number, shown and asked for as a percentage). */
  | { kind: 'quantity'; unit: Unit; percent?: boolean }
  | { kind: 'level'; of: string }
  | { kind: 'enum'; of: string }
  | { kind: 'perLevel'; of: string; unit: Unit }
  | { kind: 'text' }
  /** `名单 见习人员`: a list of members, each with the facts of the subject type `of` (read by 合计 only). */
  | { kind: 'list'; of: string }
  | { kind: 'unknown' };

export interface LevelValue {
  name: string;
  label?: Label;
  aliases: string[];
  rank: number;
}

export interface LevelType {
  name: string;
  label?: Label;
  levels: LevelValue[];
  range: Range;
}

export interface EnumType {
  name: string;
  label?: Label;
  values: { name: string; label?: Label }[];
  range: Range;
}

export interface Fact {
  name: string;
  label?: Label;
  type: Type;
  /** A derived fact (`裁员率 = A ÷ B`) is computed, never supplied. */
  derived?: IExpr;
  /** Its formula as written (the summary words a yes/no one as a condition). */
  derivedSource?: Expr;
  /**
   * `核定`: an amount the office sets case by case, within the range the text states (`核定 20万元至500万元`, both ends
   * included; `核定 元`: none stated). Given: checked against the range at the boundary (P3030). Not given: the benefit
   * whose whole 金额 it is stays eligible with the amount pending review (P4051–P4053; P4056–P4057 when the amount is computed from it). Read only in a benefit's 金额 (P2182).
   */
  reviewed?: { low?: Rat; high?: Rat };
  /**
   * `出口额：万美元；` (`计量单位 万美元 = 10000美元`): its values are given in a declared multiple of a unit. Its type is
   * in the base unit; a reference to it is lowered to the value times `scale`, so every backend reads base units.
   */
  givenIn?: { unit: string; en?: string; scale: Rat };
  range: Range;
}

export interface Subject {
  name: string;
  label?: Label;
  facts: Map<string, Fact>;
  range: Range;
}

export interface Fund {
  name: string;
  label?: Label;
  range: Range;
}

/** A unit the policy declares (`计量单位 天 “天” / “days”；`): a dimension of its own. */
export interface DeclaredUnit {
  name: string;
  label?: Label;
  /** Its dimension key in a Unit (units.ts declaredDim); a multiple's is the dimension of the unit it multiplies. */
  dim: string;
  /** `计量单位 万美元 = 10000美元`: how many of the dimension's base unit one of it is (exact); absent: 1. */
  scale?: Rat;
  range: Range;
}

export interface Parameter {
  name: string;
  label?: Label;
  type: Type;
  /**
   * `3000元至6000元`: the range the text fixes, both ends included; `不超过50%` / `3000元以上` one end (`超过`, `低于`: the
   * end excluded). A value outside it is an input error (P3030).
   */
  bounds?: { low?: Rat; high?: Rat; lowExcl?: true; highExcl?: true };
  /**
   * `元 按 职业类别，技能等级`: a catalogue of standards keyed by these types' values (文字: any text, such as an
   * item of a 清单); read as `名称（键，…）`, each entry set by the caller (params), unknown until it is.
   */
  keys?: ParamKey[];
  /** `{ 初级工：1000元至1500元 }`: the range the text fixes for the entries whose key `key` (an index of keys) is `value`. */
  keyRanges?: { key: number; value: string; low: Rat; high: Rat }[];
  range: Range;
}

/** A key of a keyed parameter: a level or enum type, or free text. */
export type ParamKey = { kind: 'level' | 'enum'; of: string } | { kind: 'text' };

export type IExpr = (
  | { k: 'num'; value: Rat }
  | { k: 'bool'; value: boolean }
  | { k: 'date'; iso: string }
  | { k: 'text'; label: Label }
  | { k: 'fact'; name: string }
  | { k: 'param'; name: string }
  | { k: 'level'; of: string; name: string; rank: number }
  | { k: 'enum'; of: string; name: string }
  | { k: 'arith'; op: '+' | '-' | '*' | '/'; l: IExpr; r: IExpr }
  | { k: 'neg'; e: IExpr }
  | { k: 'cmp'; op: CmpOp; l: IExpr; r: IExpr }
  | { k: 'in'; l: IExpr; values: IExpr[] }
  | { k: 'and' | 'or'; l: IExpr; r: IExpr }
  | { k: 'not'; e: IExpr }
  /** lookup by a level/enum fact; a key not in the table means no standard for that value */
  | { k: 'lookup'; fact: string; entries: { key: string; value: IExpr }[]; member?: true }
  /** Σ counts[level] × rate[level] over the table's levels */
  | { k: 'dot'; fact: string; entries: { key: string; value: IExpr }[]; member?: true }
  /** 若 c 则 t 否则 e: a value by case; an unknown condition decides nothing unless both cases agree */
  | { k: 'if'; c: IExpr; t: IExpr; e: IExpr }
  /** 较低者 / 较高者: the lowest or highest of two or more quantities of one unit */
  | { k: 'min' | 'max'; args: IExpr[] }
  /**
   * `X 至今`: months elapsed from date X to the as-of date — the whole months completed (民法典 第201–202条) plus ½,
   * so it is never equal to a whole bound; `X 至 Y` (`to`): to the date Y instead. With `unit: 'day'` the whole days
   * completed plus ½ (`30日以内`). An end before the start gives −½ (the checker guards 以内/不满 with from ≤ to).
   */
  | { k: 'elapsed'; from: IExpr; to?: IExpr; unit?: 'day' }
  /** `周岁（X）`: the age in full years at the as-of date of someone born on X */
  | { k: 'age'; from: IExpr; at?: IExpr }
  /** `取整（X）` / `进位取整（X）`: the whole part of the plain number X (`down`: towards zero; `up`: away from zero) */
  | { k: 'whole'; e: IExpr; mode: 'down' | 'up' }
  /** `所在年度（X）`: the calendar year of date X, a whole number */
  | { k: 'year'; of: IExpr }
  /** `评估日期`: the as-of date of the decision */
  | { k: 'asOf' }
  /**
   * No standard for the value of `x` (按 X 分档 lowers to a chain of 若 … 则 … ending here: a value in no
   * bracket). Unknown while `x` is; otherwise "no standard" for it (P4004), as a table without the entry.
   */
  | { k: 'nostd'; x: IExpr }
  /**
   * `合计（L，值，条件）`: the exact sum over the members of the list fact `list` of `value`, for the members whose
   * `cond` holds (all without it). A member whose condition or value is unknown makes the sum unknown (its facts
   * are missing as `L[i].fact`); an empty list sums to 0.
   */
  | { k: 'sum'; list: string; of: string; value: IExpr; cond?: IExpr }
  /** `标准（键，…）`: a keyed parameter's entry for these key values (unknown, external, until the caller sets it). */
  | { k: 'paramAt'; name: string; keys: IExpr[] }
  /** Inside 合计: a fact of the current member (of subject type `of`); outside the sum it cannot occur. */
  | { k: 'member'; list: string; of: string; name: string }
) & { type: Type; range: Range };

/**
 * The bands of a 分段累进 amount, as the reasons show them (P4093): X (a fact or parameter), and for each band its text,
 * the part of X in it and its value (the amount adds part × value over the bands); the units of the part and the value
 * in both languages (`%`: a rate shown as a percentage, null: a plain number).
 */
export interface BandParts {
  by: { fact: string } | { param: string };
  parts: { label: { zh: string; en: string }; part: IExpr; value: IExpr }[];
  partUnit: { zh: string; en: string } | null;
  valueUnit: { zh: string; en: string } | '%' | null;
}

export type CmpOp = 'ge' | 'gt' | 'le' | 'lt' | 'eq' | 'ne';

export type Payment = 'once' | 'annual' | 'monthly' | 'per-occasion';

/** A fact that identifies an occasion in the ledger (限一次 / 每年限一次). */
export interface KeyFact {
  fact: string;
  orAbove: boolean;
}

export interface Condition {
  expr: IExpr;
  /** The surface expression, for rendering reasons and summaries in either language. */
  source: Expr;
  /** Added by the checker for another field (就高不重复), not written in 条件: `符合 X 的条件` does not take it. */
  implied?: true;
  /**
   * A soft condition: `open` — 等情形 (one of a list the text leaves open, “A、B、C等”), `in-principle` — 原则上. Not holding, it
   * does not fail the benefit: with nothing else failed it is undetermined (P4091 / P4092: the authority decides).
   */
  soft?: 'open' | 'in-principle';
}

export interface Example {
  label?: Label;
  facts: Record<string, unknown>;
  asOf?: string;
  /** Earlier payments: of this benefit, or of `benefit` (one it is counted with, 合并计算). */
  paid: { date: string; amount: Rat; key?: Record<string, string>; benefit?: string }[];
  /** Values of parameters (参数：名称 = 值) the example evaluates with. */
  params?: Record<string, Rat>;
  /** `outcome`: 期望：“示范商户” / 2个 / 本科 — eligible with that outcome (授予 / 视同), its words in both languages. */
  expect: { status: 'eligible' | 'ineligible' | 'undetermined'; amount?: Rat; outcome?: { zh: string; en?: string } };
  /** 期望退还: what the benefit's 退还 gives — an amount (0: nothing to return) or undetermined. */
  expectClawback?: { amount: Rat } | { undetermined: true };
  range: Range;
}

export interface Benefit {
  /** The file of a program that declares it (absent for compile(text)). */
  file?: string;
  id: string;
  label?: Label;
  clause?: string;
  subjects: string[];
  fund?: string;
  /** Paid from this fund when the first cannot pay (e.g. 就业补助资金). */
  fallbackFund?: string;
  /** `资金：未载明` — the text names no fund; the summary says so (informational: it changes no decision). */
  fundNotStated?: boolean;
  /** Informational fields written `未载明` (条款, 标题, 经办, 资金总额, 名额, 舍入): keyword ids; the summary says 原文未载明. */
  notStated?: string[];
  /**
   * `付款方：“见习单位”` — the amount is paid by this party, not by a public fund (no 资金): the decision names
   * it (`payer`) and the total of fund payments does not count it.
   */
  payer?: Label;
  /**
   * `金额性质：税前扣除` — the amount is a deduction before tax (a base the tax office applies), not money paid:
   * the decision says so (`kind`) and the total of fund payments does not count it.
   */
  amountKind?: AmountKind;
  payment?: Payment;
  delivery?: 'no-application' | 'on-application';
  /**
   * `资金总额：2000万元；` / `名额：10家/年；` — what the text says across all applicants (a pool of money, a number of
   * places). Informational: shown in the summary, never read by a decision (one subject's decision cannot know the
   * others'). The source as written: a constant or a string.
   */
  fundTotal?: Expr;
  recipients?: Expr;
  /** 最长享受: at most this many months (个月) of a monthly benefit, counted as the months paid in the ledger. */
  maxDuration?: IExpr;
  maxDurationSource?: Expr;
  /**
   * `最长享受：3年，补贴人员身份证号；` in a per-occasion benefit: the months are counted per value of this 限一次 fact
   * (each payment one month, e.g. one contribution month of one person).
   */
  maxDurationKey?: string;
  /** At most this many times (次) per calendar year, counted in the ledger. */
  timesPerYear?: IExpr;
  /**
   * 限一次: once ever for the same values of the facts of each key — one key per 限一次 field, each checked on its own
   * (“同一人只能享受一次” and “同一企业同一岗位只能享受一次” are two keys); `orAbove` also blocks a lower level after a higher one.
   */
  oncePer?: KeyFact[][];
  /**
   * 每档一次: each bracket of the amount's `按 X 分档` table (thresholds only, lowest first) is paid once in the subject's
   * life, when first reached. Ledger entries record X's value they were paid for (their key): the brackets that value
   * reaches are paid. A subject reaching several unpaid brackets at once is paid `each` of them (逐档) or the
   * `highest` only (最高档).
   */
  perBracket?: { mode: 'each' | 'highest'; fact: string; bounds: { low: Rat; incl: boolean }[]; values: IExpr[] };
  /** 金额 that is a progressive table (分段累进): each band's part and value, for the reasons (P4093). */
  bands?: BandParts;
  /** 每年限一次: once a calendar year for the same values of the facts of each key (one per field). */
  oncePerYear?: KeyFact[][];
  /**
   * 限一次：3年内[，项目编号]: once within the `months` up to the as-of date (a rolling window, ledger.ts monthsBefore) for the
   * same values of `keys` — none: any payment of this benefit to the subject (同一企业3年内只能享受一次). One per field.
   */
  oncePerWithin?: { months: number; keys: KeyFact[] }[];
  /**
   * 每年最多 / 最多: at most `limit` distinct values of `keys` paid (in the as-of calendar year when `perYear`, else ever):
   * “每家企业每年最多申报2个项目” is `每年最多：2，项目编号；`. The subject's own value already paid is not a new one. `unit`: the
   * count unit the limit is written in (`5家`: 家), for the summary's words.
   */
  distinct?: { limit: number; keys: KeyFact[]; perYear: boolean; unit?: string; unitEn?: string }[];
  /** 累计: these facts are running totals over the payment period; a payment is the formula now minus what was paid. */
  runningTotal?: { facts: string[] };
  /**
   * 转按 / 参照执行: cases handled under another policy (“第四家开始按面上政策执行”, “按《…》有关规定执行”): once the conditions hold
   * (and `when`, if the text picks some cases), the case is referred — not paid here, ineligible with a reason naming `doc`
   * (P4095), never silently ineligible.
   */
  referral?: { doc: Label; when?: IExpr; whenSource?: Expr };
  /** 累计不超过: at most this much over the window (累计期间), counting this benefit's payments and those it is counted with. */
  cumulativeCap?: Rat;
  /**
   * 每年累计不超过 / 累计不超过 per key: “单个项目累计不超过1000万元” is `累计不超过：1000万元，项目编号；` — the cap counts only the
   * payments recorded with the same values of these facts (a project funded over several years), not every payment to the
   * subject. Ledger entries of the benefit record them (its key facts, with 限一次's).
   */
  capKeys?: Partial<Record<'annual-cap' | 'cumulative-cap', KeyFact[]>>;
  /**
   * A cap computed from the case (“累计补贴金额不超过其实缴出资额”, “最高不超过项目总投资的30%”): 最高, 每年累计不超过 or
   * 累计不超过 written as an expression of the subject's facts instead of a constant (which stays in `ceiling`,
   * `annualCap`, `cumulativeCap`). Its value, cut down to the fen, is the cap of that step.
   */
  caseCaps?: Partial<Record<CapKind, { expr: IExpr; source: Expr }>>;
  /**
   * The policy's shared caps computed from the case (header 每年累计不超过 / 累计不超过 as an expression, `PoolCap.source`),
   * lowered in this benefit's scope: evaluated at the cap step itself, so an unknown fact in it leaves the benefit
   * undetermined only when the cap is reached with something to cut.
   */
  poolCaps?: Partial<Record<PoolSlot, { expr: IExpr; source: Expr }>>;
  /** 累计期间: the window of 累计不超过 (absent: the days the benefit is in force). */
  capPeriod?: CapPeriod;
  capPeriodSource?: Expr;
  /** 合并计算: other benefits whose payments count as this benefit's for its limits (每年限次, 最长享受, 每年累计不超过, 累计不超过). */
  countedWith?: string[];
  /**
   * 分担: one grant shared by several funds (所需资金由市、区按6:4分担), in the order written: each fund's share, amount, or
   * the remainder. The amount is decided once; the decision reports each fund's part (compiler/ledger.ts splitParts).
   * `atMost`: the text bounds the fund's part (“市级财政承担不超过30%，其余由区级财政承担”) — the split of a grant is then not
   * fixed by the text: no part is reported (decision/lower.ts), the summary states the bound.
   */
  split?: { fund: string; share?: Rat; amount?: Rat; remainder?: boolean; atMost?: true; source: Expr }[];
  /**
   * 其中: the parts of the amount by kind, in the order written (一等激励38万元，其中包含28万元购房消费券): a kind — consumption
   * vouchers, cash, or a use the text names (“奖励研发团队”) — and its share, amount or the remainder; `atLeast`: the text
   * only sets a floor (“50%以上用于…”), so the parts are not fixed and none is reported. A voucher part is not cash.
   */
  composition?: { kind: 'voucher' | 'cash' | Label; share?: Rat; amount?: Rat; remainder?: true; atLeast?: true; source: Expr }[];
  /** 分期: the amount is a total paid in instalments (分期拨付, 分阶段给予); `notStated` when the text gives no stages. */
  instalments?: Instalments;
  conditions: Condition[];
  amount?: IExpr;
  amountSource?: Expr;
  /**
   * `金额：参照 X；` — the amount rule is benefit X's (its 金额, and its 最高 when this one has none), copied into `amount`
   * (check/same-as.ts); the summary says whose standard it is.
   */
  amountFrom?: string;
  /**
   * `金额：未载明` — the text states no amount (提供贷款担保，给予贷款贴息支持): eligibility is decided as usual, a grant
   * has no amount (never 0, never in a total), the decision says the text states none (P4135).
   */
  amountNotStated?: true;
  /** 补差：是: a top-up — the standard now reached minus what was already paid for the same thing in the payment period. */
  topUp?: boolean;
  /**
   * 退还 / 追回 (clawback): when `when` holds, what was paid of this benefit is returned — all of it, a `share` of it, or at
   * most `amount` (docs §6.17). Reported beside the decision (`Decided.clawback`), never as a negative payment.
   */
  clawback?: { when: IExpr; source: Expr; share?: Rat; amount?: Rat; sizeSource?: Expr };
  /**
   * 义务 (an ongoing obligation: “获补企业5年内不得迁出”): the text's words, in order. Informational — listed in the summary and
   * in an eligible decision (`obligations`), never a condition. `clawback`: the field also gave the consequence the text
   * states (a breach condition, optionally a share or amount), which is this benefit's `clawback`.
   */
  obligations?: { text: Label; clawback?: true; source: Expr }[];
  /**
   * 视同享受：A，B (经认定的A，视同B享受本政策): in the conditions every B is read `B 或 A`, and a table by the fact B compares
   * pays A's value as B's; `count` is how many places took it. The decision notes P4090 when A holds and B does not.
   */
  treatedAs?: { a: IExpr; aSource: Expr; b: IExpr; bSource: Expr }[];
  /** 限一次：未载明: the text does not say whether it may be received again — a payment of it on record leaves it undetermined (P4089). */
  repeatNotStated?: true;
  /**
   * `金额：核定奖励额；` where that fact is a reviewed amount (核定): its name and the range the text states; `computed`: the
   * amount is computed from it (`核定投资额 × 10%`), not the fact itself.
   */
  reviewed?: { fact: string; low?: Rat; high?: Rat; computed?: true };
  ceiling?: Rat;
  /**
   * 原则上最高 / 原则上不超过 (“原则上不超过50万元”): the ceiling (`ceiling`, or `caseCaps.ceiling`) is the text's rule “in
   * principle”: it cuts the amount as 最高 does, and a cut is noted P4120 (exceptions are the authority's), not P4023.
   */
  ceilingInPrinciple?: true;
  annualCap?: Rat;
  period?: { from?: IExpr; lengthMonths?: number; until?: string };
  /**
   * A designation (授予：“…”), or a value computed from the case: 视同 (an equivalence), or 授予 by a table or 若…否则 of
   * designations or of counts in a unit (`grant`: the summary says 授予; a count is lowered to its text, 2个).
   */
  outcome?: { kind: 'designation'; label: Label } | { kind: 'equivalence'; expr: IExpr; source: Expr; grant?: true };
  /** `step`: to a multiple of that many yuan (舍入：100元，四舍五入；), scale 1; absent: to 1/scale yuan. */
  rounding: { scale: bigint; mode: RoundingMode; stated: boolean; step?: bigint };
  examples: Example[];
  range: Range;
  nameRange: Range;
}

/**
 * The window of a cumulative cap: `rollingMonths` — the months up to the as-of date (三年内: 36); or a fixed
 * period from a date (a literal or a date fact; the policy's 施行日期 when absent) for `lengthMonths` and/or
 * `until` (inclusive).
 */
export type CapPeriod = { rollingMonths: number } | { from?: IExpr; lengthMonths?: number; until?: string };

/** One instalment: a share of the total, a fixed amount, or the remainder; due when `when` holds (always when absent). */
export interface Instalment {
  share?: Rat;
  amount?: Rat;
  remainder?: boolean;
  when?: IExpr;
  whenSource?: Expr;
  /** The instalment as written (its first value), for summaries. */
  source: Expr;
}

export type Instalments = { notStated: true } | { notStated?: undefined; stages: Instalment[]; yearly?: YearlyInstalments };

/**
 * 分N年发放 (`分期：5年；`): the total in `years` equal yearly instalments (`stages`, each 1/N), the first due at once and the
 * k-th once k−1 full years have passed since the first payment of the grant; a late claim gets every instalment already
 * due. `amount` (`分期：5年，按 层次 {…}；`, the text's “按年度拨付额度…/年”) is the yearly amount the text states: N of
 * it must be the total, else the decision is undetermined (P4123).
 */
export interface YearlyInstalments {
  years: number;
  amount?: IExpr;
  amountSource?: Expr;
}

export interface Provision {
  id: string;
  label?: Label;
  clause?: string;
  content?: string;
  /** Fields written `未载明` (条款, 标题, 内容): keyword ids. */
  notStated?: string[];
  range: Range;
}

export interface Interaction {
  /** 就高 / 不得重复享受 / 优先 choose one member; `choice` (自行选择) keeps every eligible one as an alternative of the group. */
  mode: 'higher-of' | 'exclusive' | 'priority' | 'choice';
  members: string[];
  range: Range;
}

export interface Header {
  /** The `政策 { … }` block (absent when the file has none): a 解读 comment inside it is about the header. */
  range?: Range;
  title?: Label;
  docNumber?: string;
  issuers: Label[];
  published?: string;
  /** 申报截止: the last day to apply, informational (the summary states it; no decision reads it). */
  applyBy?: string;
  effective?: string;
  /** Last day in force, inclusive (from 截止日期, or 施行日期 + 有效期 − 1 day). */
  end?: string;
  validityMonths?: number;
  /** `有效期：未载明` (or `截止日期：未载明`): the text states no end; the policy stays in force from 施行日期 on. */
  validityNotStated?: boolean;
  /**
   * `施行日期：未载明`: the text states no start. The policy counts as in force on any as-of date up to its end (no
   * P4002 ever); an end given as 有效期 N年 has no start to run from, so only a 截止日期 ends it (warnings P2141, P2142).
   */
  effectiveNotStated?: boolean;
  /** `文号：未载明`: the text carries no document number (no P2034). */
  docNumberNotStated?: boolean;
  /** Informational fields written `未载明` (标题, 发文机关, 发布日期, 解释机关): keyword ids; the summary says 原文未载明. */
  notStated?: string[];
  interpreter?: Label;
  /** In an amendment: the 文号 of the policy it amends (compiler/amend.ts applies it; a consolidated text has none). */
  amends?: string;
  /** In an amendment: the benefits and provisions it repeals. */
  repeals?: string[];
  /**
   * The policy's shared caps, in the header (“同一企业每年享受本政策各项奖励合计不超过200万元”): `annual` (每年累计不超过) and
   * `cumulative` (累计不超过, over `period` — 累计期间 — or the days in force) over every benefit that pays money (a 金额 paid
   * by a fund: not 付款方, 税前扣除 or 贷款), or only those paid from `fund`. Lowered (decision/lower.ts) as one more cap
   * step of each such benefit, counting all the others (the 合并计算 machinery).
   */
  pool?: { annual?: PoolCap; cumulative?: PoolCap; period?: CapPeriod };
}

/**
 * The benefits a shared cap of the policy adds up, in declaration order: those that pay an amount of money from a fund
 * (not 付款方, 税前扣除 or 贷款), of `fund` when the cap names one.
 */
/** The benefits an imported document of the program declares (its file), in declaration order. */
export function documentBenefits(model: Pick<Model, 'benefits'>, file: string): Benefit[] {
  return model.benefits.filter((b) => b.file === file);
}

export function poolMembers(benefits: readonly Benefit[], pool: { readonly fund?: string }): string[] {
  return benefits.filter((b) => b.amount && !b.payer && !b.amountKind && (pool.fund === undefined || b.fund === pool.fund)).map((b) => b.id);
}

/** A shared cap of the policy: the amount, and the fund whose benefits it covers (all when absent). */
/**
 * Which shared cap a benefit's `poolCaps` entry is: the policy's (the main file's header, over the whole family) or its
 * document's (an imported file's header, over the benefits that file declares — “本细则各项补助累计不超过…”).
 */
export type PoolSlot = 'annual' | 'cumulative' | 'document-annual' | 'document-cumulative';

export interface PoolCap {
  /** A constant cap (“合计不超过200万元”); absent when it is computed from the case (`source`). */
  cap?: Rat;
  /**
   * A cap computed from the case (“累计不超过企业当年对区级财政贡献”, “不超过其上年度纳税额的50%”): its source, checked in the scope of
   * each benefit it covers (each covered benefit's `poolCaps` holds it lowered for that benefit's subject).
   */
  source?: Expr;
  fund?: string;
  range: Range;
}

export interface Model {
  header: Header;
  funds: Map<string, Fund>;
  /** Units the policy declares (计量单位). */
  units: Map<string, DeclaredUnit>;
  levels: Map<string, LevelType>;
  enums: Map<string, EnumType>;
  subjects: Map<string, Subject>;
  params: Map<string, Parameter>;
  benefits: Benefit[];
  provisions: Provision[];
  interactions: Interaction[];
  /** The headers of the other documents of a program (files it imports that carry their own 政策 header). */
  documents: { file: string; header: Header }[];
  /** The one symbol table: every declaration and every resolved name (read by the language server and the summary). */
  symbols: SymbolTable;
}
