// The one message table. Every user-facing string (diagnostics, evaluation
// reasons, input errors, CLI and summary text) has a stable id, a Chinese and
// an English template. Codes: P1xxx syntax, P2xxx semantic, P3xxx input/facts,
// P4xxx evaluation reasons; other ids are plain UI text.

export type Lang = 'zh' | 'en';
export type Severity = 'error' | 'warning' | 'info';

interface Entry {
  severity?: Severity;
  zh: string;
  en: string;
}

export const MESSAGES = {
  // ---- syntax ----
  P1001: { severity: 'error', zh: '无法识别的字符“{char}”', en: 'unexpected character "{char}"' },
  P1002: { severity: 'error', zh: '全角数字“{char}”不是数字，请写作“{ascii}”', en: 'full-width digit "{char}" is not a number; write "{ascii}"' },
  P1003: { severity: 'error', zh: '此处不应出现“{found}”，应为{expected}', en: 'unexpected "{found}"; expected {expected}' },
  P1004: { severity: 'error', zh: '文件意外结束，应为{expected}', en: 'unexpected end of file; expected {expected}' },
  P1005: { severity: 'error', zh: '字符串没有结束引号（引号须在同一行内闭合）', en: 'unterminated string (a string must close on the same line)' },
  // ---- semantic ----
  P2001: { severity: 'error', zh: '重复定义“{name}”（首次定义于第{line}行）', en: 'duplicate definition of "{name}" (first defined on line {line})' },
  P2002: { severity: 'error', zh: '未定义的名称“{name}”{hint}', en: 'unknown name "{name}"{hint}' },
  P2003: { severity: 'error', zh: '未定义的申请对象“{name}”{hint}', en: 'unknown subject "{name}"{hint}' },
  P2004: { severity: 'error', zh: '申请对象“{subject}”没有事实“{name}”{hint}', en: 'subject "{subject}" has no fact "{name}"{hint}' },
  P2005: { severity: 'error', zh: '“{type}”中没有“{name}”{hint}', en: '"{type}" has no value "{name}"{hint}' },
  P2006: { severity: 'error', zh: '未定义的资金“{name}”{hint}', en: 'unknown fund "{name}"{hint}' },
  P2007: { severity: 'error', zh: '待遇“{name}”给付金额，但没有指明资金来源（资金：…）', en: 'benefit "{name}" pays money but names no fund (fund: …)' },
  P2008: { severity: 'error', zh: '“{name}”没有条款引用（条款：…）', en: '"{name}" has no clause reference (clause: …)' },
  P2009: { severity: 'error', zh: '单位不一致：{left} 与 {right} 不能{op}', en: 'unit mismatch: cannot {op} {left} and {right}' },
  P2010: { severity: 'error', zh: '类型不符：应为{expected}，实为{found}', en: 'type mismatch: expected {expected}, found {found}' },
  P2011: { severity: 'error', zh: '上限 {cap} 低于它所限制的固定金额 {amount}', en: 'cap {cap} is lower than the fixed amount {amount} it caps' },
  P2012: { severity: 'warning', zh: '条件永远不能成立：对“{fact}”的限制互相矛盾', en: 'condition can never hold: the bounds on "{fact}" contradict each other' },
  P2013: { severity: 'error', zh: '日期 {date} 不在政策有效期（{start} 至 {end}）内', en: 'date {date} is outside the policy period ({start} to {end})' },
  P2014: { severity: 'error', zh: '政策缺少“{field}”', en: 'the policy has no "{field}"' },
  P2015: { severity: 'error', zh: '“{field}”重复出现', en: '"{field}" appears twice' },
  P2016: { severity: 'error', zh: '“{field}”不能用在{where}中', en: '"{field}" is not allowed in {where}' },
  P2017: { severity: 'error', zh: '待遇“{name}”既没有金额也没有授予或视同结果', en: 'benefit "{name}" has neither an amount nor a designation or equivalence' },
  P2018: { severity: 'error', zh: '没有“政策 {…}”头部', en: 'missing the "policy {…}" header' },
  P2019: { severity: 'warning', zh: '金额可能不是整分，但未规定舍入（舍入：…）；按四舍五入到分处理', en: 'the amount may not be whole fen and no rounding is stated (rounding: …); rounding half-up to fen' },
  P2020: { severity: 'error', zh: '未定义的类型“{name}”{hint}', en: 'unknown type "{name}"{hint}' },
  P2021: { severity: 'error', zh: '“{field}”应有{expected}个值，实有{found}个', en: '"{field}" takes {expected} value(s), found {found}' },
  P2022: { severity: 'error', zh: '“{name}”须是申请对象的事实（等级、枚举或按等级计数）', en: '"{name}" must be a fact of the subject (a level, an enum or counts per level)' },
  P2023: { severity: 'error', zh: '“{mode}”至少要列出两项待遇', en: '"{mode}" must list at least two benefits' },
  P2024: { severity: 'error', zh: '未定义的待遇“{name}”{hint}', en: 'unknown benefit "{name}"{hint}' },
  P2025: { severity: 'error', zh: '日期“{date}”无效', en: 'invalid date "{date}"' },
  P2026: { severity: 'error', zh: '示例的期望应为金额、符合、不符合或待定', en: 'an example expects an amount, eligible, ineligible or undetermined' },
  P2027: { severity: 'error', zh: '事实“{name}”在申请对象“{subject}”中不存在，但待遇“{benefit}”适用于它', en: 'fact "{name}" does not exist in subject "{subject}", to which benefit "{benefit}" applies' },
  P2028: { severity: 'error', zh: '{what}只能是正数', en: '{what} must be positive' },
  P2029: { severity: 'error', zh: '期限应写作“自 日期 起 时长”“自 日期 至 日期”或“至 日期”', en: 'a period is "from DATE for LENGTH", "from DATE until DATE" or "until DATE"' },
  P2030: { severity: 'error', zh: '舍入应写作“舍入：元（或分），四舍五入（或舍去、进位）”', en: 'rounding is "rounding: yuan (or fen), half-up (or down, up)"' },
  P2031: { severity: 'error', zh: '待遇“{name}”没有申请对象（对象：…）', en: 'benefit "{name}" names no subject (subject: …)' },
  P2033: { severity: 'error', zh: '“{op}”：{type}只能用“为”“不为”或“属于”比较', en: '"{op}": {type} can only be compared with is, is-not or in' },
  P2032: { severity: 'warning', zh: '“{name}”未被任何待遇使用', en: '"{name}" is not used by any benefit' },
  // ---- words used inside messages ----
  'word.text': { zh: '“文字”', en: 'a "string"' },
  'word.payment': { zh: '一次性、每年、每月或每次', en: 'once, annually, monthly or per-occasion' },
  'word.plainUnit': { zh: '不带倍数的单位（元、人、人次、次、个月 …）', en: 'a unit without a multiplier (yuan, persons, person-times, times, months …)' },
  'word.rate': { zh: '单价（如 800元/人）', en: 'a rate (e.g. 800 yuan/persons)' },
  'word.paid': { zh: '已领：日期，金额', en: 'paid: DATE, AMOUNT' },
  'word.quantity': { zh: '数量', en: 'a quantity' },
  'word.months': { zh: '整月数', en: 'whole months' },
  'word.date': { zh: '日期', en: 'a date' },
  'word.duration': { zh: '时长（个月、年）', en: 'a duration (months, years)' },
  'word.condition': { zh: '条件（是/否）', en: 'a condition (yes/no)' },
  'word.subject': { zh: '申请对象', en: 'a subject' },
  'word.levelOrEnum': { zh: '等级或枚举', en: 'a level or an enum' },
  'word.expression': { zh: '表达式', en: 'an expression' },
  'word.outcome': { zh: '视同的结果', en: 'an equivalence outcome' },
  'word.fund': { zh: '资金', en: 'a fund' },
  'word.add': { zh: '相加', en: 'add' },
  'word.subtract': { zh: '相减', en: 'subtract' },
  'word.multiply': { zh: '相乘', en: 'multiply' },
  'word.divide': { zh: '相除', en: 'divide' },
  'word.compare': { zh: '比较', en: 'compare' },
  'word.money': { zh: '金额（元）', en: 'an amount (yuan)' },
  // ---- input (facts, ledger) ----
  P3001: { severity: 'error', zh: '{field}：申请对象“{subject}”没有这个事实', en: '{field}: subject "{subject}" has no such fact' },
  P3002: { severity: 'error', zh: '{field}：应为{expected}，实为 {found}', en: '{field}: expected {expected}, found {found}' },
  P3003: { severity: 'error', zh: '{field}：不能为负数（{found}）', en: '{field}: must not be negative ({found})' },
  P3004: { severity: 'error', zh: '{field}：{found} 不是“{type}”的取值（可选：{allowed}）', en: '{field}: {found} is not a value of "{type}" (one of: {allowed})' },
  P3005: { severity: 'error', zh: '未定义的申请对象类型“{found}”（可选：{allowed}）', en: 'unknown subject type "{found}" (one of: {allowed})' },
  P3006: { severity: 'error', zh: '{field}：日期“{found}”无效，应写作 YYYY-MM-DD', en: '{field}: invalid date "{found}"; use YYYY-MM-DD' },
  P3007: { severity: 'error', zh: '{field}：金额“{found}”无效，应为最多两位小数的十进制字符串，如 "1500.00"', en: '{field}: invalid amount "{found}"; use a decimal string with at most two decimals, e.g. "1500.00"' },
  P3008: { severity: 'error', zh: '{field}：应为整数（{found}）', en: '{field}: must be a whole number ({found})' },
  P3009: { severity: 'error', zh: '{field}：台账记录的待遇“{found}”不存在', en: '{field}: the ledger names unknown benefit "{found}"' },
  P3010: { severity: 'error', zh: '{field}：事实必须是一个 JSON 对象', en: '{field}: facts must be a JSON object' },
  // ---- evaluation reasons ----
  P4001: { zh: '本待遇适用于{subjects}，不适用于{subject}', en: 'applies to {subjects}, not to {subject}' },
  P4002: { zh: '评估日期 {date} 不在政策有效期（{start} 至 {end}）内', en: 'as-of date {date} is outside the policy period ({start} to {end})' },
  P4003: { zh: '条件不成立：{condition}（{values}）', en: 'condition not met: {condition} ({values})' },
  P4004: { zh: '{fact}为“{value}”，该项没有对应标准', en: '{fact} is "{value}", for which no standard is set' },
  P4005: { zh: '本年度已领取 {paid}，已达每年累计上限 {cap}', en: '{paid} already paid this year reaches the annual cap {cap}' },
  P4006: { zh: '评估日期 {date} 不在本待遇期限（{start} 至 {end}）内', en: 'as-of date {date} is outside the benefit period ({start} to {end})' },
  P4007: { zh: '与“{other}”就高享受，取金额较高的“{other}”', en: 'higher-of with "{other}": the higher amount, "{other}", is paid' },
  P4008: { zh: '与“{other}”不得重复享受，已享受“{other}”', en: 'may not be received together with "{other}", which applies' },
  P4009: { zh: '“{other}”优先享受', en: '"{other}" takes priority' },
  P4010: { zh: '金额按规定确定（{param}），本文未规定标准', en: 'amount set by other rules ({param}); this text states none' },
  P4011: { zh: '计算结果为 {amount}，不予给付', en: 'the amount works out to {amount}; nothing is paid' },
  P4012: { zh: '缺少事实：{facts}', en: 'missing facts: {facts}' },
  // ---- UI text ----
  'status.eligible': { zh: '符合', en: 'eligible' },
  'status.ineligible': { zh: '不符合', en: 'not eligible' },
  'status.undetermined': { zh: '待定', en: 'undetermined' },
  'cli.summary': { zh: '{passed} 通过，{failed} 失败', en: '{passed} passed, {failed} failed' },
  'cli.noErrors': { zh: '{file}：没有发现问题', en: '{file}: no problems found' },
  'cli.errorCount': { zh: '{errors} 个错误，{warnings} 个警告', en: '{errors} error(s), {warnings} warning(s)' },
  'cli.total': { zh: '合计', en: 'Total' },
  'cli.amount': { zh: '金额', en: 'amount' },
  'cli.ceiling': { zh: '已按上限 {ceiling} 给付', en: 'cut to the ceiling {ceiling}' },
  'cli.fund': { zh: '资金', en: 'fund' },
  'cli.missing': { zh: '需补充', en: 'needs' },
  'cli.headroom': { zh: '本年度剩余额度 {headroom}', en: 'headroom left this year {headroom}' },
  'cli.exampleFailed': { zh: '示例“{example}”失败：期望 {expected}，实得 {actual}', en: 'example "{example}" failed: expected {expected}, got {actual}' },
  'cli.help': {
    zh: "policy — 补贴政策即代码工具\n\n  policy check FILE…            检查政策文件，输出诊断（--json，--lang zh|en）\n  policy eval FILE --subject 对象 --facts facts.json [--date YYYY-MM-DD] [--ledger ledger.json] [--params params.json] [--json] [--trace]\n                                对一个申请对象评估全部待遇\n  policy test FILE…             运行文件中的示例\n  policy fmt [--check] FILE…    格式化（与 prettier 插件同一打印器）\n  policy build FILE… --out DIR  生成 TypeScript 评估器、JSON Schema 与政策解读\n  policy summary FILE [--lang zh|en] [--format md|html] [--out PATH]\n  policy lsp --stdio            启动语言服务器\n  policy demo                   检查内置政策、运行示例并解释一个示例对象（npm start）\n",
    en: "policy — policy-as-code for subsidy policies\n\n  policy check FILE…            check policy files and print diagnostics (--json, --lang zh|en)\n  policy eval FILE --subject TYPE --facts facts.json [--date YYYY-MM-DD] [--ledger ledger.json] [--params params.json] [--json] [--trace]\n                                evaluate every benefit for one subject\n  policy test FILE…             run the examples in the files\n  policy fmt [--check] FILE…    format (the same printer as the prettier plugin)\n  policy build FILE… --out DIR  generate TypeScript evaluators, JSON Schemas and summaries\n  policy summary FILE [--lang zh|en] [--format md|html] [--out PATH]\n  policy lsp --stdio            start the language server\n  policy demo                   check the shipped policies, run their examples, explain a sample subject (npm start)\n",
  },
  'cli.usage': {
    zh: '用法：policy <check|eval|test|fmt|build|summary|lsp|demo> …（policy help 查看说明）',
    en: 'usage: policy <check|eval|test|fmt|build|summary|lsp|demo> … (policy help for details)',
  },
  'cli.inputErrors': { zh: '输入的事实有误：', en: 'the facts are invalid:' },
  'cli.outcome': { zh: '结果', en: 'outcome' },
  'cli.formatted': { zh: '已格式化 {file}', en: 'formatted {file}' },
  'cli.notFormatted': { zh: '{file} 未按规范格式化', en: '{file} is not formatted' },
  // ---- language server (lsp/) ----
  'lsp.hover.fact': { zh: '**事实** {name}（申请对象：{subject}）', en: '**fact** {name} (subject: {subject})' },
  'lsp.hover.type': { zh: '类型：{type}', en: 'type: {type}' },
  'lsp.hover.subject': { zh: '**申请对象** {name}（{count} 项事实）', en: '**subject** {name} ({count} facts)' },
  'lsp.hover.benefit': { zh: '**待遇** {name}', en: '**benefit** {name}' },
  'lsp.hover.provision': { zh: '**条文** {name}', en: '**provision** {name}' },
  'lsp.hover.fund': { zh: '**资金** {name}', en: '**fund** {name}' },
  'lsp.hover.parameter': { zh: '**参数** {name}：金额按其他规定确定', en: '**parameter** {name}: an amount set by other rules' },
  'lsp.hover.levels': { zh: '**等级** {name}（由低到高）：{levels}', en: '**levels** {name} (lowest first): {levels}' },
  'lsp.hover.level': { zh: '**等级** {name}：“{type}”中由低到高第 {rank} 级（共 {count} 级）', en: '**level** {name}: rank {rank} of {count} in "{type}" (lowest first)' },
  'lsp.hover.enum': { zh: '**枚举** {name}：{values}', en: '**enum** {name}: {values}' },
  'lsp.hover.enumValue': { zh: '**枚举值** {name}（{type}）', en: '**enum value** {name} ({type})' },
  'lsp.hover.keyword': { zh: '**关键字** {spellings}', en: '**keyword** {spellings}' },
  'lsp.hover.clause': { zh: '条款：{clause}', en: 'clause: {clause}' },
  'lsp.hover.subjects': { zh: '对象：{subjects}', en: 'subjects: {subjects}' },
  'lsp.hover.conditions': { zh: '条件：{conditions}', en: 'conditions: {conditions}' },
  'lsp.hover.noConditions': { zh: '条件：无', en: 'conditions: none' },
  'lsp.hover.amount': { zh: '金额：{amount}', en: 'amount: {amount}' },
  'lsp.hover.ceiling': { zh: '最高：{value}', en: 'ceiling: {value}' },
  'lsp.hover.annualCap': { zh: '每年累计不超过：{value}', en: 'annual cap: {value}' },
  'lsp.hover.payment': { zh: '发放：{payment}', en: 'payment: {payment}' },
  'lsp.hover.fundOf': { zh: '资金：{fund}', en: 'fund: {fund}' },
  'lsp.hover.noFund': { zh: '资金：未指明', en: 'fund: not stated' },
  'lsp.hover.grants': { zh: '授予：{value}', en: 'grants: {value}' },
  'lsp.hover.equivalent': { zh: '视同：{value}', en: 'equivalent: {value}' },
  'lsp.hover.period': { zh: '期限：{value}', en: 'period: {value}' },
  'lsp.hover.examples': { zh: '示例：{count} 个', en: 'examples: {count}' },
  'lsp.type.bool': { zh: '是否', en: 'yes/no' },
  'lsp.type.date': { zh: '日期', en: 'date' },
  'lsp.type.quantity': { zh: '数量（{unit}）', en: 'quantity ({unit})' },
  'lsp.type.level': { zh: '等级“{of}”', en: 'level of "{of}"' },
  'lsp.type.enum': { zh: '枚举“{of}”', en: 'one of "{of}"' },
  'lsp.type.perLevel': { zh: '按“{of}”分级的{unit}数', en: '{unit} per level of "{of}"' },
  'lsp.type.unknown': { zh: '未知', en: 'unknown' },
  'lsp.fix.replace': { zh: '改为“{name}”', en: 'Change to "{name}"' },
  'lsp.fix.digits': { zh: '改为半角数字“{ascii}”', en: 'Change to ASCII digits "{ascii}"' },
  'lsp.fix.addFund': { zh: '添加“{text}”', en: 'Add "{text}"' },
  'lsp.fix.majority': { zh: '标点统一为本文件多数的写法（全角或半角）', en: 'Normalise punctuation to the width most of this file uses' },
  'lsp.fix.fullWidth': { zh: '标点统一为全角（：；，（）｛｝）', en: 'Normalise punctuation to full width (：；，（）｛｝)' },
  'lsp.fix.halfWidth': { zh: '标点统一为半角（:;,(){}）', en: 'Normalise punctuation to half width (:;,(){})' },
  'lsp.rename.keyword': { zh: '“{name}”是关键字，不能重命名', en: '"{name}" is a keyword and cannot be renamed' },
  'lsp.rename.nothing': { zh: '此处没有可以重命名的名称', en: 'there is no name to rename here' },
  'lsp.rename.invalid': { zh: '“{name}”不是有效的名称', en: '"{name}" is not a valid name' },
  'lsp.rename.exists': { zh: '“{name}”已被定义', en: '"{name}" is already declared' },
  'lsp.error.unknownDocument': { zh: '文档未打开：{uri}', en: 'document is not open: {uri}' },
  'lsp.error.position': { zh: '无效的位置：第 {line} 行第 {character} 列', en: 'invalid position: line {line}, character {character}' },
  'lsp.error.internal': { zh: '语言服务器内部错误（{request}）：{message}', en: 'language server internal error ({request}): {message}' },
} satisfies Record<string, Entry>;

export type MessageId = keyof typeof MESSAGES;

export function message(id: MessageId, lang: Lang, args: Record<string, string | number> = {}): string {
  const entry: Entry = MESSAGES[id];
  return entry[lang].replace(/\{(\w+)\}/g, (_, k: string) => (k in args ? String(args[k]) : `{${k}}`));
}

export function severityOf(id: string): Severity {
  const entry = (MESSAGES as Record<string, Entry>)[id];
  return entry?.severity ?? 'error';
}

export function isMessageId(id: string): id is MessageId {
  return id in MESSAGES;
}
