// The one declarative schema of every block's fields: which fields a block
// takes, how many values each takes, whether it may repeat, what its values
// are (for messages and hover) and which keywords may stand as its value (for
// completion). The checker validates against it before lowering a field, the
// language server's completion offers exactly these fields and values, and
// hover shows what a field takes. A new field is added here once.
import type { MessageId } from '../messages.ts';

export type Block = 'policy' | 'benefit' | 'provision' | 'example';

export interface FieldSpec {
  /** The field keyword's id (grammar/keywords.ts); `Fact` in an example is a fact name as the key. */
  readonly key: string;
  /** How many values: exactly one, any number, or up to `max` (P2021 names the range); `free` means the lowering checks the shape itself. */
  readonly arity: 1 | 'many' | { readonly max: number } | 'free';
  /** May appear more than once in a block. */
  readonly repeatable?: boolean;
  /** What the values are, in both languages (word.* in messages.ts): type-mismatch messages and hover say it. */
  readonly takes: MessageId;
  /** Keywords that may stand as a value (completion offers them; the lowering accepts only them). */
  readonly keywords?: readonly string[];
  /** Value names completion offers: declared subjects, funds, or none (expressions and texts). */
  readonly names?: 'subjects' | 'funds' | 'benefits';
  /** Values are expressions over the facts in scope (completion offers facts, parameters, values, operators). */
  readonly expression?: boolean;
  /**
   * Informational (it changes no decision): `未载明` may stand as its whole value — the text does not state it — and the
   * summary says 原文未载明. A field that is not informational and has no `NotStated` among its keywords refuses it (P2199).
   */
  readonly notStated?: true;
  /** Amounts in yuan the field may take as a value (舍入：100元): completion offers them, written as the file writes units. */
  readonly yuanSteps?: readonly bigint[];
}

const f = (key: string, arity: FieldSpec['arity'], takes: MessageId, extra: Partial<FieldSpec> = {}): FieldSpec => ({ key, arity, takes, ...extra });
/** An informational field: `未载明` accepted (and offered by completion). */
const info = (key: string, arity: FieldSpec['arity'], takes: MessageId, extra: Partial<FieldSpec> = {}): FieldSpec =>
  f(key, arity, takes, { ...extra, keywords: [...(extra.keywords ?? []), 'NotStated'], notStated: true });

export const PAYMENT_KEYWORDS = ['Once', 'Annually', 'Monthly', 'PerOccasion'] as const;
export const DELIVERY_KEYWORDS = ['NoApplication', 'OnApplication'] as const;
export const ROUNDING_KEYWORDS = ['Yuan', 'Fen', 'HalfUp', 'Down', 'Up'] as const;
/** The multiples of yuan an amount may be rounded to (舍入：100元，…): 十元, 百元, 千元, 万元. */
export const ROUNDING_STEPS: readonly bigint[] = [10n, 100n, 1000n, 10000n];
export const STATUS_KEYWORDS = ['Eligible', 'Ineligible', 'Undetermined'] as const;

export const FIELDS: Readonly<Record<Block, readonly FieldSpec[]>> = {
  policy: [
    info('Title', 1, 'word.text'),
    f('DocNumber', 1, 'word.text', { keywords: ['NotStated'] }),
    info('Issuers', 'many', 'word.text'),
    info('Published', 1, 'word.date'),
    info('ApplyBy', 1, 'word.date'),
    f('Effective', 1, 'word.date', { keywords: ['NotStated'] }),
    f('Validity', 1, 'word.months', { keywords: ['NotStated'] }),
    f('Ends', 1, 'word.date', { keywords: ['NotStated'] }),
    info('Interpreter', 1, 'word.text'),
    f('Amends', 1, 'word.text'),
    f('Repeals', 'many', 'word.declName'),
    // The policy's shared caps (“各项奖励合计每年不超过200万元”): over every benefit paid (optionally those of one fund).
    f('AnnualCap', { max: 2 }, 'word.poolCap', { names: 'funds', expression: true }),
    f('CumulativeCap', { max: 2 }, 'word.poolCap', { names: 'funds', expression: true }),
    f('CapPeriod', 1, 'word.capPeriod', { expression: true }),
  ],
  benefit: [
    f('Subject', 'many', 'word.subject', { names: 'subjects' }),
    f('Fund', { max: 2 }, 'word.fund', { names: 'funds', keywords: ['NotStated'] }),
    info('Title', 1, 'word.text'),
    info('Clause', 1, 'word.text'),
    f('Condition', 'many', 'word.condition', { repeatable: true, expression: true }),
    f('Amount', 1, 'word.money', { expression: true, keywords: ['NotStated', 'SameAs'] }),
    f('Ceiling', 1, 'word.capAmount', { expression: true }),
    // 原则上最高 / 原则上不超过: a ceiling the text sets “in principle” (docs §6.5): it cuts as 最高 does, a cut noted P4120.
    f('CeilingInPrinciple', 1, 'word.capAmount', { expression: true }),
    f('AnnualCap', { max: 4 }, 'word.capAmountPerKey', { expression: true }),
    f('Payment', 1, 'word.payment', { keywords: PAYMENT_KEYWORDS }),
    f('Period', 1, 'word.period', { expression: true }),
    f('Grants', 1, 'word.grant', { expression: true }),
    f('Equivalent', 1, 'word.outcome', { expression: true }),
    // 舍入：未载明 — the text states no rounding: the default (half-up to the fen) applies, and P2019 does not ask for one.
    info('Rounding', 'free', 'word.rounding', { keywords: ROUNDING_KEYWORDS, yuanSteps: ROUNDING_STEPS }),
    f('TimesPerYear', 1, 'word.times', { expression: true }),
    f('MaxDuration', { max: 2 }, 'word.duration', { expression: true }),
    // Repeatable: each 限一次 / 每年限一次 field is one key, checked on its own.
    f('OncePerYear', 'many', 'word.keyFact', { repeatable: true, expression: true }),
    f('OncePerBracket', 1, 'word.bracketMode', { keywords: ['EachBracket', 'HighestBracket'] }),
    // 限一次：未载明 — the text does not say whether it may be received again (docs §6.10).
    // 限一次：3年内[，项目编号] — once within a rolling window (同一企业3年内只能享受一次), docs §6.10.
    f('OncePer', 'many', 'word.keyFact', { repeatable: true, expression: true, keywords: ['NotStated'] }),
    // 每年最多：2，项目编号 / 最多：5，企业名称 — at most N distinct keys paid (a year / ever), docs §6.10.
    f('DistinctPerYear', 'many', 'word.distinctQuota', { expression: true }),
    f('DistinctKeys', 'many', 'word.distinctQuota', { expression: true }),
    f('RunningTotal', 'many', 'word.runningTotal', { expression: true }),
    info('Delivery', 1, 'word.delivery', { keywords: DELIVERY_KEYWORDS }),
    f('Payer', 1, 'word.payer'),
    f('AmountKind', 1, 'word.amountKind', { keywords: ['TaxDeduction', 'Loan', 'Voucher'] }),
    f('CumulativeCap', { max: 4 }, 'word.capAmountPerKey', { expression: true }),
    f('CapPeriod', 1, 'word.capPeriod', { expression: true }),
    f('HigherThanOther', 1, 'word.money', { expression: true }),
    // Informational (shown in the summary, never changing a decision): what the text says across all applicants.
    info('FundTotal', 1, 'word.fundTotal'),
    info('Recipients', 1, 'word.recipients'),
    f('CountedWith', 'many', 'word.benefitName', { names: 'benefits' }),
    // Soft conditions (docs §6.5): 等情形 (one of a list the text leaves open), 原则上 (a rule with exceptions).
    f('OpenList', 'many', 'word.openList', { repeatable: true, expression: true }),
    f('InPrinciple', 'many', 'word.condition', { repeatable: true, expression: true }),
    // 视同享受：A，B — A satisfies the conditions' B (docs §6.18). Repeatable: one field per equivalence.
    f('TreatedAs', { max: 2 }, 'word.treatedAs', { repeatable: true, expression: true }),
    // 退还：条件[，份额或金额] — what was paid of this benefit is returned when the condition holds (docs §6.17).
    f('Clawback', { max: 2 }, 'word.clawback', { expression: true }),
    // 义务：“文本”[，违反的条件[，份额或金额]] — an ongoing obligation (docs §6.17): informational, or with its consequence, 退还.
    f('Obligation', { max: 3 }, 'word.obligation', { repeatable: true, expression: true }),
    f('Referral', { max: 2 }, 'word.referral', { expression: true }),
    f('TopUp', 1, 'word.yesNo', { keywords: ['Yes', 'No'] }),
    f('Instalment', { max: 2 }, 'word.instalment', { repeatable: true, expression: true, keywords: ['Remainder', 'NotStated'] }),
    // Repeatable: each 分担 field is one fund's part of the one grant (所需资金由市、区按6:4分担).
    // Repeatable: each 其中 field is one part of the amount by kind (其中包含28万元购房消费券).
    f('OfWhich', { max: 2 }, 'word.ofWhich', { repeatable: true, expression: true, keywords: ['Voucher', 'Cash', 'Remainder', 'NotBelow'] }),
    f('Split', { max: 2 }, 'word.split', { repeatable: true, names: 'funds', keywords: ['Remainder', 'NotExceeding'] }),
  ],
  provision: [info('Title', 1, 'word.text'), info('Clause', 1, 'word.text'), info('Content', 1, 'word.text')],
  example: [
    f('Fact', 1, 'word.factValue', { repeatable: true, keywords: ['NoMembers'] }),
    f('Date', 1, 'word.date'),
    f('Paid', 'free', 'word.paid', { repeatable: true }),
    f('Parameter', 'many', 'word.paramValue', { repeatable: true }),
    f('Expect', 1, 'word.expect', { keywords: STATUS_KEYWORDS }),
    f('ExpectClawback', 1, 'word.expectClawback', { keywords: ['Undetermined'] }),
  ],
};

const BY_KEY = new Map<Block, Map<string, FieldSpec>>(
  (Object.keys(FIELDS) as Block[]).map((b) => [b, new Map(FIELDS[b].map((s) => [s.key, s]))]),
);

export function fieldSpec(block: Block, key: string): FieldSpec | undefined {
  return BY_KEY.get(block)!.get(key);
}

/** The blocks a field keyword may stand in. */
export function blocksOf(key: string): Block[] {
  return (Object.keys(FIELDS) as Block[]).filter((b) => BY_KEY.get(b)!.has(key));
}

/** Where-words for P2016 (a field in the wrong block). */
export const BLOCK_WORD: Readonly<Record<Block, MessageId>> = {
  policy: 'word.header',
  benefit: 'word.benefit',
  provision: 'word.provision',
  example: 'word.example',
};
