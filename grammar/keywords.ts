// The bilingual keyword table. Every keyword has Chinese and English spellings;
// both lex to the same token type, so the AST never knows which was written.
// The formatter, the LSP completion and docs/language.md all read this table.

export type KeywordCategory =
  | 'declaration'
  | 'field'
  | 'payment'
  | 'logic'
  | 'comparison'
  | 'value'
  | 'unit'
  | 'rounding'
  | 'interaction';

export interface KeywordSpec {
  /** Token type name, stable: used by the parser and the formatter. */
  readonly id: string;
  readonly zh: readonly string[];
  readonly en: readonly string[];
  readonly category: KeywordCategory;
  /** One line for the language reference and LSP hover. */
  readonly doc: string;
}

const k = (id: string, zh: string | string[], en: string | string[], category: KeywordCategory, doc: string): KeywordSpec => ({
  id,
  zh: Array.isArray(zh) ? zh : [zh],
  en: Array.isArray(en) ? en : [en],
  category,
  doc,
});

export const KEYWORDS: readonly KeywordSpec[] = [
  // declarations
  k('Policy', '政策', 'policy', 'declaration', 'the policy header block'),
  k('Fund', '资金', 'fund', 'declaration', 'a fund money is paid from'),
  k('Levels', '等级', 'levels', 'declaration', 'an ordered level type, lowest first'),
  k('Enum', '枚举', 'enum', 'declaration', 'an unordered set of named values'),
  k('Subject', '对象', 'subject', 'declaration', 'an applicant type with its facts (also the benefit field naming who may apply)'),
  k('Parameter', '参数', 'parameter', 'declaration', 'an external value set by other rules (按规定): an amount, a rate or a percentage; in an example, 参数：名称 = 值 sets it'),
  k('Benefit', '待遇', 'benefit', 'declaration', 'a benefit: who, conditions, amount, fund, clause'),
  k('Provision', '条文', 'provision', 'declaration', 'a clause that computes nothing'),
  k('HigherOf', '就高', 'higher-of', 'interaction', 'of the listed benefits only the highest amount is paid'),
  k('Exclusive', '不得重复享受', 'exclusive', 'interaction', 'the listed benefits may not be received together; the first eligible one is kept'),
  k('UnitDecl', '计量单位', 'unit', 'declaration', 'a unit the policy counts in (天, 户, 家, 项, 平方米 …): 计量单位 天 “天” / “days”；'),
  k('Import', '引用', 'import', 'declaration', 'another file of the same program (a document of the policy family): its declarations are visible in every file'),
  k('Priority', '优先', 'priority', 'interaction', 'when several apply, the earlier listed is paid and the later excluded'),
  k('Choice', ['自行选择', '任选其一'], 'choose-one', 'interaction', 'the listed benefits may not be received together and the applicant chooses (由申请人自行选择): each eligible one is reported as an alternative, totals count the highest, and once one is paid the others are not'),
  // header fields
  k('Title', '标题', 'title', 'field', 'title'),
  k('DocNumber', '文号', 'doc-number', 'field', 'the document number, e.g. 萧人社〔2025〕3号'),
  k('Issuers', '发文机关', 'issuers', 'field', 'issuing bodies'),
  k('Published', '发布日期', 'published', 'field', 'publication date'),
  k('ApplyBy', ['申报截止', '申报截止时间'], 'apply-by', 'field', 'the last day to apply (申报截止时间), informational: the summary states it; it is not the policy\'s 截止日期 and no decision reads it (an evaluation\'s as-of date is not an application date)'),
  k('Effective', '施行日期', 'effective', 'field', 'effective date (inclusive)'),
  k('Validity', '有效期', 'validity', 'field', 'how long the policy is in force, from the effective date'),
  k('Ends', '截止日期', 'ends', 'field', 'last day in force (inclusive)'),
  k('Interpreter', '解释机关', 'interpreter', 'field', 'the body that interprets the policy'),
  k('Amends', '修订', 'amends', 'field', 'in an amendment (修订/补充通知): the 文号 of the policy it amends; its declarations replace those of the same name from its 施行日期'),
  k('Repeals', '废止', 'repeals', 'field', 'in an amendment: the benefits or provisions it repeals from its 施行日期'),
  // benefit fields
  k('Clause', '条款', 'clause', 'field', 'clause reference, e.g. 二（三）7'),
  k('Condition', '条件', 'conditions', 'field', 'conditions, all of which must hold (comma = and)'),
  k('Amount', '金额', 'amount', 'field', 'the amount formula'),
  k('Ceiling', '最高', 'ceiling', 'field', 'a ceiling: the amount is cut to it (最高N元 in the text)'),
  k('CeilingInPrinciple', ['原则上最高', '原则上不超过'], 'ceiling-in-principle', 'field', 'a ceiling the text sets “in principle” (原则上不超过50万元): the amount is cut to it as by 最高, and a cut is noted as the rule, exceptions being decided by the authority'),
  k('AnnualCap', ['每年累计不超过', '每年不超过'], 'annual-cap', 'field', 'a per-year cap, net of what the ledger shows was paid this year'),
  k('Payment', '发放', 'payment', 'field', 'how it is paid: 一次性 / 每年 / 每月 / 每次'),
  k('Period', '期限', 'period', 'field', 'the benefit\'s own period'),
  k('Grants', '授予', 'grants', 'field', 'a non-monetary outcome: a designation, designations by case (a table, brackets, 若…否则), or a number of things (1个)'),
  k('Equivalent', '视同', 'equivalent', 'field', 'a non-monetary outcome: an equivalence'),
  k('Rounding', '舍入', 'rounding', 'field', 'rounding of the amount: unit and mode'),
  k('TimesPerYear', '每年限次', 'times-per-year', 'field', 'how many times a subject may receive the benefit in a calendar year (counted in the ledger)'),
  k('CumulativeCap', '累计不超过', 'cumulative-cap', 'field', 'a cap over several years (or the days in force), net of what the ledger shows was paid in that window: 同一企业三年内累计不超过100万元 is 累计不超过：100万元；累计期间：3年；'),
  k('CapPeriod', '累计期间', 'cap-period', 'field', 'the window of 累计不超过: a length (3年: the years up to the as-of date) or a period (自 D1 至 D2); without it, the days the benefit is in force'),
  k('CountedWith', '合并计算', 'counted-with', 'field', 'other benefits whose payments count as this one\'s for its limits (每年限次, 最长享受, 每年累计不超过, 累计不超过): 两项合计、已享受X的计入Y的次数'),
  k('Instalment', '分期', 'instalment', 'field', 'one instalment of a staged payment (分期拨付, 分阶段给予): 分期：60%；分期：余款，通过验收；, 分期：未载明；, or the total over N years (分5年发放): 分期：5年；'),
  k('Split', '分担', 'split', 'field', 'one fund\'s part of one grant shared by several funds (所需资金由市、区按6:4分担): 分担：市级资金，60%；分担：区级资金，40%； (or 余款, or an amount); the amount is decided once, the decision reports each fund\'s part'),
  k('OfWhich', '其中', 'of-which', 'field', 'one part of the amount by kind (一等激励38万元，其中包含28万元购房消费券): 其中：消费券，28万元；其中：现金，余款； (a kind — 消费券, 现金 or a use in quotes — then a share, an amount, 余款, or a floor 不低于50%); the decision reports each part, and a voucher part is not in the cash total'),
  k('MaxDuration', '最长享受', 'max-duration', 'field', 'the longest a subject may receive a monthly benefit, counted as the months paid in the ledger: 最长享受：3年 (补贴期限最长不超过3年); may depend on the case'),
  k('OncePerYear', '每年限一次', 'once-per-year', 'field', 'once a year for the same values of the listed facts (counted in the ledger)'),
  k('HigherThanOther', '就高不重复', 'higher-than-other', 'field', 'with other policies for the same matter (从优、就高、不重复): granted only when its amount is higher than what the subject gets elsewhere (a fact); otherwise not paid'),
  k('OncePerBracket', '每档一次', 'once-per-bracket', 'field', 'each bracket of the amount\'s 按 X 分档 table is paid once in the subject\'s life, when first reached (首次突破A、B、C的，分别给予…): 每档一次：逐档 pays every bracket reached and not yet paid, 每档一次：最高档 only the highest; the ledger records X as its key'),
  k('FundTotal', '资金总额', 'fund-total', 'field', 'informational: the total the text sets for the money of this benefit, shared by all applicants (设立2000万元专项资金); shown in the summary, changes no decision'),
  k('Recipients', '名额', 'recipients', 'field', 'informational: how many applicants in all may receive it (每年支持不超过10家: 10家/年; 名额有限，先到先得: the text in quotes); shown in the summary, changes no decision'),
  k('OncePer', '限一次', 'once-per', 'field', 'only once ever for the same values of the listed facts; `等级及以上` also excludes a lower level after a higher one'),
  k('DistinctPerYear', '每年最多', 'at-most-per-year', 'field', 'a quota over distinct keys in a calendar year (每家企业每年最多申报2个项目): 每年最多：2，项目编号； — at most 2 different 项目编号 paid in the as-of year; the same 项目编号 again is not a new one'),
  k('DistinctKeys', '最多', 'at-most', 'field', 'a quota over distinct keys ever (每个园区最多支持5家企业): 最多：5，企业名称； — at most 5 different 企业名称 paid; the same one again is not a new one'),
  k('RunningTotal', '累计', 'running-total', 'field', 'these facts are running totals over the payment period (发放); a payment is the formula now, capped, minus what the ledger shows for the period'),
  k('TopUp', '补差', 'top-up', 'field', 'a top-up to the standard now reached (已享受…的，按新标准补差；累计分别给予): 补差：是； pays the amount minus what this benefit (and those named by 合并计算) already paid in the payment period'),
  k('OpenList', ['等情形', '列举未尽'], 'open-list', 'field', 'a list of cases the text leaves open (符合下列情形之一：A、B、C等): 等情形：A，B，C； — one of them holding meets it; none holding is undetermined, other cases being decided by the authority (never ineligible)'),
  k('InPrinciple', '原则上', 'in-principle', 'field', 'conditions the text sets “in principle” (原则上须在本区注册): 原则上：C； — C holding meets it; C not holding is undetermined, exceptions being decided by the authority (never ineligible)'),
  k('TreatedAs', '视同享受', 'treated-as', 'field', 'a group treated as another for this benefit (经认定的A，视同B享受本政策): 视同享受：A，B； — wherever the benefit\'s conditions require B, A satisfies it (and a table by kind pays A as B); the decision notes 视同'),
  k('Clawback', ['退还', '追回'], 'clawback', 'field', 'money already paid that must be returned when a condition holds (未通过验收的，退还补助资金；弄虚作假的，追回已拨付资金): 退还：未通过验收； returns everything paid of this benefit, 退还：未通过验收，50%； a share, 退还：…，10万元； at most an amount; reported beside the decision, never as a negative payment'),
  k('Obligation', '义务', 'obligation', 'field', 'an ongoing obligation of whoever receives it (享受激励的住房不得撤销网签备案；获补企业5年内不得迁出): 义务：“文本”； is informational — listed in the summary and the decision, never an eligibility condition; 义务：“文本”，违反的条件[，份额或金额]； also states the consequence the text gives, the benefit\'s 退还 (clawback)'),
  k('Referral', ['转按', '参照执行'], 'refer-to', 'field', 'cases handled under another policy (第四家开始按面上政策执行；按《…》有关规定执行): 转按：“面上政策”； refers every case that meets the conditions, 转按：“面上政策”，落户序号 满 4； only those the condition picks; a referred case is not paid here and is decided as referred (不符合, its reason naming the other policy), never silently ineligible'),
  k('Delivery', '经办', 'delivery', 'field', 'how it is delivered: 免申即享 or 依申请'),
  k('Payer', '付款方', 'payer', 'field', 'who pays the amount when it is not a public fund: 付款方：“见习单位” (the host pays it); not counted in the total of fund payments'),
  k('AmountKind', '金额性质', 'amount-kind', 'field', 'what the amount is when it is not money paid: 金额性质：税前扣除 (a deduction base the tax office applies); not counted in the total of fund payments'),
  k('Content', '内容', 'content', 'field', 'the text of a provision'),
  k('Example', '示例', 'example', 'declaration', 'a test case next to the benefit it tests'),
  k('Expect', '期望', 'expect', 'field', 'the expected result of an example'),
  k('ExpectClawback', '期望退还', 'expect-clawback', 'field', 'in an example: what the benefit\'s 退还 gives — the amount to return (0元: nothing), or 待定'),
  k('Date', '日期', 'date', 'field', 'the date fact type; the as-of date of an example'),
  k('Paid', '已领', 'paid', 'field', 'a prior payment of this benefit (ledger entry) in an example'),
  // payment kinds
  k('Once', '一次性', 'once', 'payment', 'paid once'),
  k('Annually', '每年', 'annually', 'payment', 'paid each year'),
  k('Monthly', '每月', 'monthly', 'payment', 'paid each month'),
  k('PerOccasion', '每次', 'per-occasion', 'payment', 'paid per occasion'),
  // delivery modes
  k('NoApplication', '免申即享', 'no-application', 'payment', 'paid without an application (免申即享)'),
  k('OnApplication', '依申请', 'on-application', 'payment', 'paid on application'),
  // statuses (in examples)
  k('Ineligible', '不符合', 'ineligible', 'value', 'status: not eligible'),
  k('Eligible', '符合', 'eligible', 'value', 'status: eligible; before a benefit\'s name, 符合 X 的条件 (eligible X conditions) is every condition of benefit X'),
  k('Undetermined', '待定', 'undetermined', 'value', 'status: facts are missing'),
  // rounding modes
  k('HalfUp', '四舍五入', 'half-up', 'rounding', 'round half away from zero'),
  k('Down', '舍去', 'down', 'rounding', 'truncate towards zero'),
  k('Up', '进位', 'up', 'rounding', 'round away from zero'),
  // logic and expressions
  k('And', ['并且', '且'], 'and', 'logic', 'both hold'),
  k('Or', ['或者', '或'], 'or', 'logic', 'either holds'),
  k('Not', '非', 'not', 'logic', 'does not hold'),
  k('By', '按', 'by', 'logic', 'a table keyed by a level or enum fact (lookup), or by per-level counts (sum of count × rate)'),
  k('Progressive', '分段累进', 'progressive', 'logic', 'marginal bands (超额累进): 按 X 分段累进 { B（含）以下：a%，B以上：b% } pays each part of X that falls in a band at that band\'s rate, summed; a band may start or end at an expression of the case (上年产值 × 60%)'),
  k('Brackets', '分档', 'brackets', 'logic', 'a table keyed by thresholds of a quantity: 按 X 分档 { 满 B：值，… } gives the value of the bracket X falls in (the highest threshold reached)'),
  k('If', ['如果', '若'], 'if', 'logic', 'a value by case: 若 条件 则 甲 否则 乙 (…的，给予甲；其他的，给予乙)'),
  k('Then', '则', 'then', 'logic', 'the value when the 若 condition holds'),
  k('Else', '否则', 'otherwise', 'logic', 'the value when the 若 condition does not hold'),
  k('LesserOf', '较低者', 'lesser-of', 'logic', 'the lowest of the amounts in parentheses: 较低者（甲，乙）'),
  k('SumOver', '合计', 'sum-over', 'logic', 'the sum over the members of a list fact (一个申请中的多名人员): 合计（见习人员，每人金额） or 合计（见习人员，每人金额，每人条件）; each member\'s facts are its own'),
  k('GreaterOf', '较高者', 'greater-of', 'logic', 'the highest of the amounts in parentheses: 较高者（甲，乙）'),
  k('From', '自', 'from', 'logic', 'start of a period'),
  k('Onward', '起', 'for', 'logic', 'length of a period: 自 X 起 36个月'),
  k('Until', '至', 'until', 'logic', 'end of a period (inclusive); between two dates, the time elapsed: 退役日期 至 招用日期 1年以内'),
  k('ToDate', '至今', 'to-date', 'logic', 'the time elapsed from a date to the as-of date (民法典 第201–202条): 毕业日期 至今 不满 2年, 成立日期 至今 满 1年'),
  k('YearOf', '所在年度', 'year-of', 'logic', 'the calendar year of a date, a whole number: 所在年度（评估日期） − 所在年度（认定日期） + 1 is the year since 认定 counted from 1 (认定之年起第几年), 所在年度（评估日期） 为 所在年度（竣工日期） + 1 the year after'),
  k('Whole', '取整', 'whole', 'logic', 'the whole number of units in a quantity, the remainder dropped (每新增100万元奖励5000元，不足100万元部分不计): 取整（营收增量 ÷ 100万元） × 5000元'),
  k('WholeUp', '进位取整', 'whole-up', 'logic', 'the whole number of units, a remainder counted as one more (不足1年的按1年计): 进位取整（服务月数 ÷ 1年）'),
  k('SameAs', '参照', 'same-as', 'logic', 'as a benefit\'s whole 金额, another benefit\'s amount rule (参照X实行补助): 金额：参照 标准化养殖场补助； is X\'s 金额 (and its 最高 unless this benefit writes one), computed on this benefit\'s subject; conditions and ledger stay this benefit\'s own'),
  k('AsOfDate', '评估日期', 'as-of-date', 'value', 'the as-of date of the decision (a date): 评估日期 2019年1月1日至2019年12月31日'),
  k('Yes', '是', ['yes', 'true'], 'value', 'true'),
  k('No', '否', ['no', 'false'], 'value', 'false'),
  k('BoolType', '是否', 'bool', 'value', 'the yes/no fact type'),
  k('TextType', '文字', 'text', 'value', 'the free-text fact type (an occupation, an ID)'),
  k('ListOf', '名单', 'list-of', 'value', 'a fact type: a list of members, each with the facts of a subject type: 见习人员：名单 见习人员 (一家单位为多名人员申请)'),
  k('TaxDeduction', '税前扣除', 'tax-deduction', 'value', 'amount-kind: the amount may be deducted before tax (税前扣除 / 加计扣除); it is not money paid'),
  k('Voucher', '消费券', 'voucher', 'value', 'amount-kind: the amount is given as consumption vouchers (激励以消费券形式发放), paid for by its fund but not cash: shown as such and not counted in the cash total'),
  k('Cash', '现金', 'cash', 'value', 'in 其中: the part of the amount paid in cash'),
  k('Loan', '贷款', 'loan', 'value', 'amount-kind: the amount is a loan the subject may borrow (创业担保贷款 最高可申请20万元), lent by a bank, not money paid from a fund; an interest subsidy (贴息) is a benefit of its own'),
  k('Remainder', '余款', 'remainder', 'value', 'in 分期: the rest of the total after the earlier instalments; in 分担: the rest of the amount after the other funds\' parts'),
  k('EachBracket', '逐档', 'each-bracket', 'value', 'in 每档一次: a subject that reaches several brackets at once is paid each of them (the sum of their amounts)'),
  k('HighestBracket', '最高档', 'highest-bracket', 'value', 'in 每档一次: a subject that reaches several brackets at once is paid the highest only; the lower ones are not paid later'),
  k('NoMembers', '无', 'none', 'value', 'in an example, a list (名单) with no members: `学员：无；`'),
  k('Reviewed', '核定', 'reviewed', 'value', 'a fact type: an amount the office sets case by case (核定, 一事一议, 分档给予 with unstated tiers), within the range the text states: 核定奖励额：核定 20万元至500万元；'),
  k('NotStated', '未载明', 'not-stated', 'value', 'the text states no such thing: `资金：未载明`, `有效期：未载明`, `文号：未载明` (the summary says 原文未载明; nothing is invented)'),
  // statutory comparison words (民法典 第1259条: 以上/以下/以内/届满 include the boundary; 不满/超过/以外 exclude it)
  k('OrAbove', '以上', 'or-more', 'comparison', '≥ (boundary included), postfix: 30人以上'),
  k('AndAbove', '及以上', 'and-above', 'comparison', '≥ (boundary included), postfix: 高级工及以上'),
  k('OrBelow', '以下', 'or-less', 'comparison', '≤ (boundary included), postfix: 30人以下'),
  k('AndBelow', '及以下', 'and-below', 'comparison', '≤ (boundary included), postfix: 三星及以下'),
  k('Within', ['以内', '内'], 'within', 'comparison', '≤ (boundary included), postfix: 3名以内, 2年内'),
  k('Beyond', '以外', 'beyond', 'comparison', '> (boundary excluded), postfix'),
  k('Reaches', ['满', '达到'], 'reaches', 'comparison', '≥ (boundary included), prefix: 满50人次, 达到 500万元'),
  k('Completes', '届满', 'completes', 'comparison', '≥ (boundary included), prefix'),
  k('Under', '不满', 'under', 'comparison', '< (boundary excluded), prefix'),
  k('NotExceeding', ['不超过', '不得超过', '不多于'], 'not-exceeding', 'comparison', '≤ (boundary included), prefix: 补缴月数 不得超过 3个月'),
  k('Exceeds', '超过', 'exceeds', 'comparison', '> (boundary excluded), prefix'),
  k('NotAbove', ['不高于', '不得高于'], 'not-above', 'comparison', '≤, prefix'),
  k('NotBelow', ['不低于', '不少于', '不得低于', '不得少于'], 'not-below', 'comparison', '≥, prefix: 缴费月数 不少于 6个月'),
  k('Above', ['高于', '大于'], 'above', 'comparison', '>, prefix'),
  k('Below', ['低于', '小于'], 'below', 'comparison', '<, prefix'),
  k('Earlier', ['早于', '先于'], 'earlier-than', 'comparison', 'a date before another (the day excluded), prefix: 留用日期 早于 毕业日期'),
  k('Later', ['晚于', '迟于'], 'later-than', 'comparison', 'a date after another (the day excluded), prefix: 招用日期 晚于 2024年1月1日'),
  k('Surpasses', '突破', 'surpasses', 'comparison', '> (boundary excluded), prefix: 首次突破5000万元'),
  k('OnOrAfter', ['以后', '及以后', '之后', '及之后', '后'], 'on-or-after', 'comparison', 'a date on or after the bound (the day included; （不含） excludes it), postfix: 2024年1月1日以后, 2018年及以后 (from 2018年1月1日)'),
  k('OnOrBefore', ['以前', '及以前', '之前', '及之前', '前'], 'on-or-before', 'comparison', 'a date on or before the bound (the day included; （不含） excludes it), postfix: 2023年12月31日前, 2018年及以前 (through 2018年12月31日)'),
  k('Incl', '含', 'incl', 'comparison', 'written （含） after a bound: the bound itself is included'),
  k('Excl', '不含', 'excl', 'comparison', 'written （不含） after a bound: the bound itself is excluded'),
  k('IsNot', '不为', 'is-not', 'comparison', '≠'),
  k('Is', '为', 'is', 'comparison', '='),
  k('In', '属于', 'in', 'comparison', 'is one of {…}'),
  // units
  k('YiYuan', '亿元', 'yi-yuan', 'unit', '100,000,000 yuan'),
  k('WanYuan', '万元', 'wan-yuan', 'unit', '10,000 yuan'),
  k('Yuan', '元', 'yuan', 'unit', 'yuan'),
  k('Fen', '分', 'fen', 'unit', 'fen (0.01 yuan), used in rounding'),
  k('PersonTimes', '人次', 'person-times', 'unit', 'person-times (count of certifications, attendances)'),
  k('Person', '人', 'persons', 'unit', 'persons'),
  k('Times', '次', 'times', 'unit', 'occasions'),
  k('Months', ['个月', '月'], 'months', 'unit', 'months'),
  k('Years', '年', 'years', 'unit', 'years'),
  k('HalfYear', '半年', 'half-year', 'unit', 'half a year, 6 months (a time unit written alone: 失业 半年以上 is 6个月以上)'),
  k('Days', ['日', '天'], 'days', 'unit', 'days (an elapsed time in days: 登记日期 至 申请日期 30日以内)'),
  k('Rank', '名', 'places', 'unit', 'a rank (第N名)'),
  k('Age', ['周岁', '岁'], 'years-old', 'unit', 'age in years; 周岁（出生日期） is the age in full years at the as-of date (民法典 第201–202条)'),
];

/** The comparison words written after their bound (30人以上, 2024年1月1日以后): the lexer's PostfixCmp category, the printers'. */
export const POSTFIX_COMPARISON_IDS: string[] = ['OrAbove', 'AndAbove', 'OrBelow', 'AndBelow', 'Within', 'Beyond', 'OnOrAfter', 'OnOrBefore'];

export function keywordById(id: string): KeywordSpec {
  const spec = KEYWORDS.find((s) => s.id === id);
  if (!spec) throw new Error(`unknown keyword id ${id}`);
  return spec;
}
