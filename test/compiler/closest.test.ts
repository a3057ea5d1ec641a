// "Did you mean": compiler/input.ts `closest` on real-looking typos of fact, level, fund and parameter names, CLI commands
// and flags, and English names. Each row says what a reviewer expects (— for no suggestion); the rendered table is the
// golden file test/compiler/closest.golden.txt (UPDATE_GOLDEN=1 rewrites it; read the diff).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closest } from '../../compiler/input.ts';
import { compile } from '../../compiler/index.ts';
import { validateFacts, inputErrorText } from '../../compiler/facts.ts';

const FACTS = ['参保职工总数', '上年度实际缴纳失业保险费', '年度基础研究投入', '仪器共享服务实际支付额', '成立日期', '出生日期', '离校日期', '营业收入', '年营业收入', '营业收入增量', '取得证书等级', '毕业日期', '招用日期', '直接培养人数', '裁员率', '单位类型', '户籍所在地'];
const LEVELS = ['初级工', '中级工', '高级工', '技师', '高级技师'];
const FUNDS = ['就业资金', '失业保险基金', '人才发展专项资金'];
const COMMANDS = ['check', 'test', 'eval', 'fmt', 'build', 'summary', 'explain', 'diff', 'lsp', 'demo', 'batch', 'sql'];
const FLAGS = ['--lang', '--json', '--date', '--facts', '--ledger', '--params', '--format', '--out', '--subject', '--trace', '--print-width', '--keywords', '--punctuation'];
const ENGLISH = ['annual-revenue', 'large', 'small', 'medium-sized', 'Enterprise', 'ResearchSpending', 'headcount'];

/** [what was typed, where it was looked up, what a reviewer expects, why]. */
const ROWS: [string, string[], string | undefined, string][] = [
  ['参保职工人数', FACTS, '参保职工总数', 'one character substituted'],
  ['成立时间', FACTS, '成立日期', '时间 for 日期: two characters, not 出生日期 (four)'],
  ['基础研究年度投入', FACTS, '年度基础研究投入', 'the same words in another order'],
  ['营业收人', FACTS, '营业收入', '人 for 入 (a look-alike)'],
  ['营业入收', FACTS, '营业收入', 'two characters transposed: one edit'],
  ['收入', FACTS, '营业收入', 'inside 营业收入 (half of it), nearer than 年营业收入'],
  ['营收增量', FACTS, '营业收入增量', 'two characters left out'],
  ['离校时间', FACTS, '离校日期', 'shares 离校, not 出生日期'],
  ['毕业日起', FACTS, '毕业日期', '起 for 期 (same sound)'],
  ['招聘日期', FACTS, '招用日期', 'one character substituted'],
  ['直接培训人数', FACTS, '直接培养人数', 'one character substituted'],
  ['裁员比例', FACTS, '裁员率', '比例 for 率'],
  ['户籍地', FACTS, '户籍所在地', 'two characters left out'],
  ['证书等级', FACTS, '取得证书等级', 'inside 取得证书等级'],
  ['人数', FACTS, undefined, 'in two long names, a third of each: nothing is close'],
  ['工资', FACTS, undefined, 'no character in common'],
  ['上年度缴纳失业保险费', FACTS, '上年度实际缴纳失业保险费', '实际 left out of a long name'],
  ['高级技工', LEVELS, '高级技师', '工 for 师, as near as 高级工 (技 added): the name of the typed length'],
  ['技术', LEVELS, '技师', 'one character substituted'],
  ['特级工', LEVELS, undefined, '初级工, 中级工 and 高级工 are equally near: no guess'],
  ['高级技术', LEVELS, '高级技师', 'one character substituted'],
  ['就业补助资金', FUNDS, '就业资金', '补助 added'],
  ['失业保险金', FUNDS, '失业保险基金', '基 left out'],
  ['专项资金', FUNDS, '人才发展专项资金', 'inside 人才发展专项资金: 4 characters added in one block (1 edit of 8), nearer than 就业资金 (2 of 4)'],
  ['资金', FUNDS, '就业资金', 'inside 就业资金 (half of it); the others are longer'],
  ['最高金额', ['最高', '金额', '每年累计不超过', '累计不超过'], '最高', '最高 and 金额 are both inside: the one it starts with'],
  ['六星', ['五星', '四星', '三星'], undefined, 'three equally near: no guess'],
  ['丙', ['甲', '乙'], undefined, 'one character, none in common'],
  ['evla', COMMANDS, 'eval', 'two letters transposed'],
  ['chek', COMMANDS, 'check', 'a letter left out'],
  ['summery', COMMANDS, 'summary', 'one letter substituted'],
  ['tset', COMMANDS, 'test', 'two letters transposed'],
  ['Build', COMMANDS, 'build', 'capitals do not count'],
  ['xyz', COMMANDS, undefined, 'nothing close'],
  ['ls', COMMANDS, 'lsp', 'a letter left out'],
  ['--dat', FLAGS, '--date', 'a letter left out'],
  ['--lnag', FLAGS, '--lang', 'two letters transposed'],
  ['--fromat', FLAGS, '--format', 'two letters transposed'],
  ['--printwidth', FLAGS, '--print-width', 'the dash left out'],
  ['--print_width', FLAGS, '--print-width', 'an underscore for the dash'],
  ['--fact', FLAGS, '--facts', 'a letter left out; not --date'],
  ['--subjectx', ['--subject', '--subjects'], '--subjects', 'as near as --subject (one edit of 8): the name of the typed length'],
  ['--verbose', FLAGS, undefined, 'nothing close'],
  ['Annual Revenue', ENGLISH, 'annual-revenue', 'a space and capitals for the dash'],
  ['enterprise', ENGLISH, 'Enterprise', 'capitals do not count'],
  ['researchspend', ENGLISH, 'ResearchSpending', 'inside ResearchSpending'],
  ['smal', ENGLISH, 'small', 'a letter left out'],
  ['medium size', ENGLISH, 'medium-sized', 'a space for the dash, a letter left out'],
  ['head-count', ENGLISH, 'headcount', 'a dash added'],
  ['size', ENGLISH, undefined, 'nothing close'],
];

const GOLDEN = join(import.meta.dirname, 'closest.golden.txt');

describe('did-you-mean (closest)', () => {
  it.each(ROWS.map(([typed, among, expected, why]) => ({ typed, among, expected, why })))('$typed → $expected ($why)', ({ typed, among, expected }) => {
    expect(closest(typed, among)).toBe(expected);
  });
  it('the golden table says what every row suggests', () => {
    const lines = ['typed | suggested | why', '--- | --- | ---', ...ROWS.map(([typed, among, , why]) => `${typed} | ${closest(typed, among) ?? '—'} | ${why}`)];
    const text = lines.join('\n') + '\n';
    if (process.env['UPDATE_GOLDEN']) writeFileSync(GOLDEN, text);
    expect(existsSync(GOLDEN), 'run UPDATE_GOLDEN=1 and review closest.golden.txt').toBe(true);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });
  it('never suggests the name itself, and nothing from no candidates', () => {
    expect(closest('成立日期', ['成立日期'])).toBeUndefined();
    expect(closest('成立日期', [])).toBeUndefined();
    expect(closest('', FACTS)).toBeUndefined();
  });
  it('an unknown fact in the input names the nearest fact (P3001)', () => {
    const c = compile(`政策 { 标题：“测”；文号：“测〔2025〕1号”；施行日期：2025-01-01；有效期：1年； }
资金 钱；
对象 企业 { 成立日期：日期；营业收入：元； }
待遇 甲 { 条款：“一”；对象：企业；资金：钱；金额：营业收入 × 1%；舍入：分，四舍五入； }
`);
    const v = validateFacts(c.model, '企业', { 成立时间: '2020-01-01', 工资: 1 });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.errors.map((e) => inputErrorText(e, 'zh'))).toEqual(['成立时间：申请对象“企业”没有这个事实，是否指“成立日期”？', '工资：申请对象“企业”没有这个事实']);
    expect(inputErrorText(v.errors[0]!, 'en')).toBe('成立时间: subject "企业" has no such fact; did you mean "成立日期"?');
  });
});
