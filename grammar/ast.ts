// The surface AST: what the author wrote, in source order, with ranges.
// Keywords are stored as token ids (never as spellings), so Chinese, English
// and mixed files with full- or half-width punctuation give the same tree.
// The compiler lowers this tree to a typed IR; the formatter and summaries
// read it directly.

/** Half-open [start, end) character offsets into the source text. */
export interface Range {
  start: number;
  end: number;
}

export interface Name {
  text: string;
  range: Range;
}

/** A Chinese text with an optional English rendering: “企业” / “Enterprise”. */
export interface Label {
  zh: string;
  en?: string;
  range: Range;
}

export type Decl =
  | PolicyDecl
  | FundDecl
  | LevelsDecl
  | EnumDecl
  | SubjectDecl
  | ParameterDecl
  | BenefitDecl
  | ProvisionDecl
  | InteractionDecl
  | ImportDecl
  | UnitDecl;

/** `引用 “实施细则.policy”；` — another file of the same program, relative to this one. */
export interface ImportDecl {
  kind: 'Import';
  path: string;
  pathRange: Range;
  range: Range;
}

export interface PolicyFile {
  kind: 'File';
  decls: Decl[];
  range: Range;
}

/** `key：value，value；` — the generic field of policy, benefit, provision and example blocks. */
export interface Field {
  kind: 'Field';
  /**
   * Keyword token id (Title, Clause, Condition, …), or `Fact` when the key is a name: in examples a fact, in any
   * other block a field the language does not have (`资金总额：…`, reported by the checker as P2190).
   */
  key: string;
  /** Set when the key is a name rather than a keyword. */
  factName?: Name;
  keyRange: Range;
  values: Expr[];
  range: Range;
}

export interface PolicyDecl {
  kind: 'Policy';
  fields: Field[];
  range: Range;
}

export interface FundDecl {
  kind: 'Fund';
  name: Name;
  label?: Label;
  range: Range;
}

export interface LevelItem {
  name: Name;
  aliases: Name[];
  /** `高级工（三级）“高级工” / “Senior worker”`: how the level is shown (English output uses `en`). */
  label?: Label;
  range: Range;
}

export interface LevelsDecl {
  kind: 'Levels';
  name: Name;
  label?: Label;
  levels: LevelItem[];
  range: Range;
}

export interface EnumItem {
  name: Name;
  label?: Label;
  range: Range;
}

export interface EnumDecl {
  kind: 'Enum';
  name: Name;
  label?: Label;
  values: EnumItem[];
  range: Range;
}

/**
 * A unit such as 元, 万元, 人次, or a rate 元/人. Ids are unit keyword ids (their meaning is in compiler/units.ts),
 * except where `declared` holds the name of a unit the policy declares (`计量单位 天；`): `15天`, `80元/天`.
 */
export interface UnitRef {
  num: string;
  den?: string;
  /** The parts that name a declared unit, with their ranges. */
  declared?: { num?: Name; den?: Name };
  range: Range;
}

/** `计量单位 天 “天” / “days”；` */
export interface UnitDecl {
  kind: 'UnitDecl';
  name: Name;
  /** The name is a built-in unit's (`计量单位 天`): nothing is declared (P2151). */
  builtin?: true;
  /** `计量单位 万美元 = 10000美元`: a multiple of another unit (the number and that unit). */
  multiple?: NumberExpr;
  label?: Label;
  range: Range;
}

export type TypeRef =
  | { kind: 'BoolType'; range: Range }
  | { kind: 'TextType'; range: Range }
  | { kind: 'DateType'; range: Range }
  /** `%`: a percentage (a plain number shown as a percentage; 元 × % is 元). */
  | { kind: 'PercentType'; range: Range }
  /** `3000元至6000元`: a parameter's range as the text fixes it, both ends included (its unit is the type). */
  | { kind: 'RangeType'; low: NumberExpr; high: NumberExpr; range: Range }
  /**
   * `不超过50%`, `最高3000元`, `不低于1000元`, `3000元以上`: one bound of a parameter's value as the text fixes it; `word` is
   * the comparison keyword's id (its boundary rule is the language's), `postfix` when written after the bound.
   */
  | { kind: 'BoundType'; bound: NumberExpr; word: string; wordRange: Range; postfix: boolean; range: Range }
  | { kind: 'QuantityType'; unit: UnitRef; range: Range }
  | { kind: 'NamedType'; name: Name; range: Range }
  /** `名单 见习人员`: a list of members, each with the facts of the subject type `of`. */
  | { kind: 'ListType'; of: Name; range: Range }
  /**
   * `元 按 职业类别，技能等级 { 初级工：1000元至1500元 }`: a parameter keyed by level, enum or text (文字) values —
   * a catalogue of standards an officer sets — with the ranges the text fixes for values of one key.
   */
  | { kind: 'KeyedType'; unit: UnitRef; keys: TypeKey[]; ranges?: KeyRange[]; range: Range }
  /** `人 按 技能等级`: a count for each level. */
  | { kind: 'PerLevelType'; unit: UnitRef; levels: Name; range: Range };

/** A key of a keyed parameter: a level or enum type by name, or 文字 (free text such as an occupation). */
export type TypeKey = { kind: 'Name'; name: Name } | { kind: 'Text'; range: Range };

/** `初级工：1000元至1500元`: the range the text fixes for the standard of one key value. */
export interface KeyRange {
  key: Name;
  low: NumberExpr;
  high: NumberExpr;
  range: Range;
}

export interface FactDecl {
  kind: 'Fact';
  name: Name;
  /** Absent for a derived fact, which has `formula` instead. */
  type?: TypeRef;
  formula?: Expr;
  /** `核定`: an amount the office sets case by case (the range of `核定` is the keyword's). */
  reviewed?: Range;
  /**
   * `规上企业：主营收入 2000万元及以上；`, `大企业：是否 = …；`: a condition written after `：` (P1016 says to write `=`):
   * `range` what follows the colon, `formula` the part that belongs after `=`, `equals` when an `=` follows the type.
   * The fact then has both `type` (what stood after `：`) and `formula` (the rest), as written, for the formatter.
   */
  colonFormula?: { range: Range; formula: Range; equals?: true };
  label?: Label;
  range: Range;
}

export interface SubjectDecl {
  kind: 'Subject';
  name: Name;
  label?: Label;
  facts: FactDecl[];
  range: Range;
}

export interface ParameterDecl {
  kind: 'Parameter';
  name: Name;
  /** Absent when its type did not parse (a syntax error was reported): the name is still declared, of unknown type. */
  type?: TypeRef;
  label?: Label;
  range: Range;
}

export interface BenefitDecl {
  kind: 'Benefit';
  name: Name;
  label?: Label;
  fields: Field[];
  examples: ExampleDecl[];
  range: Range;
}

export interface ExampleDecl {
  kind: 'Example';
  label?: Label;
  /** Fact entries (key = fact name) and keyword entries (Date, Paid, Expect). */
  fields: Field[];
  range: Range;
}

export interface ProvisionDecl {
  kind: 'Provision';
  name: Name;
  label?: Label;
  fields: Field[];
  range: Range;
}

export interface InteractionDecl {
  kind: 'Interaction';
  /** Keyword id: HigherOf | Exclusive | Priority | Choice. */
  mode: string;
  members: Name[];
  range: Range;
}

export type Expr =
  | NumberExpr
  | DateExpr
  | StringExpr
  | BoolExpr
  | RefExpr
  | UnitExpr
  | KeywordExpr
  | BinaryExpr
  | CompareExpr
  | InExpr
  | LogicalExpr
  | NotExpr
  | NegExpr
  | ParenExpr
  | MapExpr
  | TableExpr
  | PeriodExpr
  | RelativeExpr
  | IfExpr
  | ChooseExpr
  | SumOverExpr
  | CallExpr
  | RangeExpr
  | ElapsedExpr
  | AgeExpr
  | YearExpr
  | WholeExpr
  | BracketsExpr
  | MeetsExpr
  | SameAsExpr
  | ErrorExpr;

/**
 * `毕业日期 至今`: the time elapsed from a date to the as-of date; `退役日期 至 招用日期` (`to`): from one date to
 * another. Compared with a whole number of months, years or days.
 */
export interface ElapsedExpr {
  kind: 'Elapsed';
  from: Expr;
  to?: Expr;
  range: Range;
}

/** `周岁（出生日期）`: the age in full years at the as-of date, or `周岁（出生日期，见习开始日期）` on that date. */
/** `年度（认定日期）`: the calendar year of a date, a whole number. */
export interface YearExpr {
  kind: 'YearOf';
  date: Expr;
  range: Range;
}

/** `取整（X）` / `进位取整（X）`: the whole part of a plain number (towards zero), or rounded away from zero. */
export interface WholeExpr {
  kind: 'Whole';
  mode: 'down' | 'up';
  arg: Expr;
  range: Range;
}

export interface AgeExpr {
  kind: 'AgeOf';
  birth: Expr;
  at?: Expr;
  range: Range;
}

/** `若 条件 则 甲 否则 乙`: a value by case. */
export interface IfExpr {
  kind: 'If';
  cond: Expr;
  then: Expr;
  else: Expr;
  range: Range;
}

/** `年龄 16至24周岁`: `left` between `low` and `high`, both included (a bare `low` takes `high`'s unit). */
export interface RangeExpr {
  kind: 'Range';
  left: Expr;
  low: Expr;
  high: Expr;
  /** `1亿元（含）至5亿元（不含）`: the marks written after the ends (unmarked ends are included). */
  lowMark?: 'Incl' | 'Excl';
  highMark?: 'Incl' | 'Excl';
  range: Range;
}

/** `培训补贴标准（职业类别，证书等级）`: a keyed parameter's value for these keys. */
export interface CallExpr {
  kind: 'Call';
  name: Name;
  args: Expr[];
  range: Range;
}

/**
 * `符合 社会保险补贴 的条件` / `eligible 社会保险补贴 conditions`: the conditions of another benefit (same subject
 * type), all of which must hold — its conditions only, not its amount, ledger or period.
 */
export interface MeetsExpr {
  kind: 'Meets';
  benefit: Name;
  /** A word after the name other than 条件 / 的条件 (reported by the checker). */
  tail?: { text: string; range: Range };
  range: Range;
}

/**
 * `金额：参照 标准化养殖场补助；` / `amount: same-as …`: the amount rule of another benefit (same subject type), computed on
 * this benefit's subject. Only the whole value of 金额; the checker replaces it by that benefit's amount (check/same-as.ts).
 */
export interface SameAsExpr {
  kind: 'SameAs';
  benefit: Name;
  range: Range;
}

/** `合计（见习人员，每人金额，每人条件）`: the sum over the members of a list fact; args are the list, the value, the optional condition. */
export interface SumOverExpr {
  kind: 'SumOver';
  args: Expr[];
  range: Range;
}

/** `较低者（甲，乙）` / `较高者（甲，乙）`: the lowest or highest of the values. */
export interface ChooseExpr {
  kind: 'Choose';
  op: 'min' | 'max';
  args: Expr[];
  range: Range;
}

/**
 * `证书等级及以上` without a bound: compared with the value at hand (in 限一次). `prefix`: a field's value with a prefix
 * comparison word before it, `不超过30%` (a bounded share in `分担`).
 */
export interface RelativeExpr {
  kind: 'Relative';
  op: string;
  expr: Expr;
  prefix?: true;
  range: Range;
}

/** `800元`, `1.5万元`, `50%`, `500元/人次`, `3`. The decimal text is kept exactly. */
export interface NumberExpr {
  kind: 'Number';
  value: string;
  unit?: UnitRef;
  percent?: boolean;
  range: Range;
}

export interface DateExpr {
  kind: 'Date';
  /** ISO yyyy-mm-dd, whatever the spelling. */
  iso: string;
  /** `2017年5月`: a month (iso `YYYY-MM`), only a bound of a date condition (compiler/check/expressions.ts monthBound). */
  month?: true;
  range: Range;
}

export interface StringExpr {
  kind: 'String';
  label: Label;
  range: Range;
}

export interface BoolExpr {
  kind: 'Bool';
  value: boolean;
  range: Range;
}

export interface RefExpr {
  kind: 'Ref';
  name: Name;
  range: Range;
}

/** A bare unit, e.g. the 元 in `舍入：元，四舍五入`. */
export interface UnitExpr {
  kind: 'Unit';
  unit: UnitRef;
  range: Range;
}

/** A bare keyword value: payment kinds, statuses, rounding modes. */
export interface KeywordExpr {
  kind: 'Keyword';
  keyword: string;
  range: Range;
}

export interface BinaryExpr {
  kind: 'Binary';
  op: '+' | '-' | '*' | '/';
  left: Expr;
  right: Expr;
  range: Range;
}

/** `op` is the comparison token id (Reaches, OrAbove, GreaterEq, Is, …). */
export interface CompareExpr {
  kind: 'Compare';
  op: string;
  left: Expr;
  right: Expr;
  /** `满 6个月以上`: a postfix word after a prefix comparison's bound (the same ≥ said twice). */
  twice?: string;
  /**
   * `2024年1月1日以后（不含）`, `超过 100万元（含）`, `达到 40%（含）以上`: the bound marked included or excluded (after a
   * prefix word's bound too; the checker decides what a mark means with each word).
   */
  mark?: 'Incl' | 'Excl';
  /** The word as written when it is another Chinese spelling of `op` (达到 for 满): the reasons and the summary say it. */
  spelled?: string;
  /** The same for `twice`. */
  twiceSpelled?: string;
  /** `排名 前5名`: a rank written as the texts do (前N名), op `Within` (≤ N); printed back as written. */
  rank?: true;
  range: Range;
}

export interface InExpr {
  kind: 'In';
  left: Expr;
  values: Expr[];
  range: Range;
}

export interface LogicalExpr {
  kind: 'Logical';
  op: 'and' | 'or';
  left: Expr;
  right: Expr;
  range: Range;
}

export interface NotExpr {
  kind: 'Not';
  expr: Expr;
  range: Range;
}

export interface NegExpr {
  kind: 'Neg';
  expr: Expr;
  range: Range;
}

export interface ParenExpr {
  kind: 'Paren';
  expr: Expr;
  range: Range;
}

export interface MapEntry {
  key: Name;
  value: Expr;
  range: Range;
}

/** `{ 高级工：10人，技师：2人 }` */
export interface MapExpr {
  kind: 'Map';
  entries: MapEntry[];
  range: Range;
}

/** `按 X { k：v，… }`: a lookup by a level/enum fact, or Σ count × rate by per-level counts. */
export interface TableExpr {
  kind: 'Table';
  by: Name;
  entries: MapEntry[];
  range: Range;
}

/** A bound of a bracket, with the `（含）` / `（不含）` written after it, if any. */
export interface BracketBound {
  value: Expr;
  mark?: 'Incl' | 'Excl';
}

/**
 * One bracket: `满 B` / `超过 B` (a prefix comparison word, `op`), `B以上` / `B（含）以下` (a postfix
 * word, `op`), or `B1（含）至 B2（不含）` (a range, no `op`); `low` / `high` are its bounds as written.
 */
export interface BracketEntry {
  op?: string;
  low?: BracketBound;
  high?: BracketBound;
  value: Expr;
  /** A bound written without a word (`1000万元：…`): an error the checker explains (P2063). */
  bare?: boolean;
  /** `达到 2亿元以上`: a postfix word after the prefix word's bound (the same bound said twice, as in conditions). */
  twice?: string;
  /** The words as written when they are other Chinese spellings of `op` / `twice` (达到 for 满). */
  spelled?: string;
  twiceSpelled?: string;
  /**
   * `12%以上18%以下` / `12%以上不满18%`: the word of the second bound (`high`), the first word (`op`) bounding `low`;
   * each word gives its bound's statutory meaning (以上、以下 include it, 不满、超过 do not) unless marked.
   */
  op2?: string;
  spelled2?: string;
  /** The bounds and words before the colon. */
  keyRange: Range;
  range: Range;
}

/** `按 X 分档 { 满 1亿元：1000万元，5000万元（含）至1亿元（不含）：500万元 }`: the value of the bracket X falls in. */
export interface BracketsExpr {
  kind: 'Brackets';
  by: Name;
  /**
   * `按 X 分段累进 { … }` (marginal bands, 超额累进): each part of X that falls in a band is paid at that band's value,
   * summed, instead of the one value of the bracket X falls in.
   */
  progressive?: true;
  entries: BracketEntry[];
  range: Range;
}

/** `自 X 起 36个月`, `自 D 至 D`, `至 D`. */
export interface PeriodExpr {
  kind: 'Period';
  from?: Expr;
  length?: Expr;
  until?: Expr;
  range: Range;
}

/** Stands where recovery could not build an expression. */
export interface ErrorExpr {
  kind: 'Error';
  range: Range;
}

export interface Comment {
  text: string;
  range: Range;
  block: boolean;
}
