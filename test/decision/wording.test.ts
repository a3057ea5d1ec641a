// Reasons and the summary say what the policy wrote (issue #12): a comparison word in the spelling the text uses
// (达到, 不少于 — not the first spelling 满, 不低于; English keeps its one word), and a sum over a list (合计) in words — never
// "?" — including over an empty list. The generated evaluator words reasons from the same code (compiler/decision/*);
// test/emit/differential.test.ts compares them field by field on test/emit/fixtures (bands.policy, members.policy).
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { renderSummary } from '../../compiler/summary/index.ts';

const TEXT = `政策 { 标题：“措辞” / “Wording”；文号：“测试〔2025〕3号”；施行日期：2025-03-01；有效期：3年； }
资金 专项资金 “专项资金” / “Special fund”；
对象 见习人员 “见习人员” / “Trainee” { 补贴额：元 “补贴额” / “Subsidy”； }
对象 企业 “企业” / “Firm” {
  投资额：元 “投资额” / “Investment”；
  缴费月数：个月 “缴费月数” / “Months paid”；
  学员：名单 见习人员 “学员” / “Trainees”；
  补贴合计 = 合计（学员，补贴额） “补贴合计” / “Total subsidy”；
  大额合计 = 合计（学员，补贴额，补贴额 满 100元） “大额合计” / “Total of large subsidies”；
}
待遇 投资奖励 “投资奖励” / “Investment award” { 条款：“一”；对象：企业；资金：专项资金；条件：投资额 达到 500万元，缴费月数 不少于 6个月；金额：10000元； }
待遇 合计奖励 “合计奖励” / “Total award” { 条款：“二”；对象：企业；资金：专项资金；条件：补贴合计 满 1000元；金额：100元； }
待遇 大额奖励 “大额奖励” / “Large award” { 条款：“三”；对象：企业；资金：专项资金；金额：大额合计；舍入：分，四舍五入； }
待遇 累进奖励 “累进奖励” / “Progressive award” { 条款：“四”；对象：企业；资金：专项资金；
  金额：按 投资额 分段累进 { 100万元以内：5%，超过 100万元至500万元：3%，超过 500万元：1% }；舍入：分，四舍五入；最高：15万元； }
`;
const c = compile(TEXT);

function reasons(facts: Record<string, unknown>, lang: 'zh' | 'en'): string[] {
  const v = validateFacts(c.model, '企业', facts);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01', lang }).benefits.flatMap((b) => b.reasons.map((r) => `${b.id} ${r.code} ${r.message}`));
}

describe('reasons in the words of the text', () => {
  it('compiles cleanly', () => expect(c.diagnostics.map((d) => d.code)).toEqual([]));
  it('达到 and 不少于 are said as written, in Chinese; English says the one word', () => {
    const facts = { 投资额: '4000000', 缴费月数: '3', 学员: [] };
    expect(reasons(facts, 'zh')).toContain('投资奖励 P4003 条件不成立：投资额达到500万元（投资额：4000000元）');
    expect(reasons({ ...facts, 投资额: '5000000' }, 'zh')).toContain('投资奖励 P4003 条件不成立：缴费月数不少于6个月（缴费月数：3月）');
    expect(reasons(facts, 'en')).toContain('投资奖励 P4003 condition not met: Investment reaches 5,000,000 yuan (Investment: 4000000 yuan)');
  });
  it('a sum over an empty list is 0, shown as such', () => {
    const zh = reasons({ 投资额: '5000000', 缴费月数: '6', 学员: [] }, 'zh');
    expect(zh).toContain('合计奖励 P4003 条件不成立：补贴合计满1000元（补贴合计：0元）');
    expect(zh).toContain('大额奖励 P4011 计算结果为0.00元，不予给付');
    expect(zh.join('\n')).not.toContain('?');
    expect(reasons({ 投资额: '5000000', 缴费月数: '6', 学员: [] }, 'en')).toContain('合计奖励 P4003 condition not met: Total subsidy reaches 1000 yuan (Total subsidy: 0 yuan)');
  });
});

describe('分段累进: the part of each band in the reasons', () => {
  it('shows the part, the value and the product of each band reached, then the ceiling (hand-computed)', () => {
    const facts = { 投资额: '6000000', 缴费月数: '6', 学员: [] };
    // 100万 × 5% = 5万; 400万 × 3% = 12万; 100万 × 1% = 1万: 18万, cut to the ceiling of 15万.
    expect(reasons(facts, 'zh').filter((r) => r.startsWith('累进奖励'))).toEqual([
      '累进奖励 P4093 投资额100万元以内的部分：1000000元 × 5% = 50000元',
      '累进奖励 P4093 投资额超过100万元至500万元的部分：4000000元 × 3% = 120000元',
      '累进奖励 P4093 投资额超过500万元的部分：1000000元 × 1% = 10000元',
      '累进奖励 P4023 核算金额180000.00元超过最高限额150000.00元，按最高限额给付',
    ]);
    expect(reasons(facts, 'en').filter((r) => r.startsWith('累进奖励 P4093'))).toEqual([
      '累进奖励 P4093 Investment, the part up to 1,000,000 yuan: 1000000 yuan × 5% = 50000 yuan',
      '累进奖励 P4093 Investment, the part from 1,000,000 yuan to 5,000,000 yuan: 4000000 yuan × 3% = 120000 yuan',
      '累进奖励 P4093 Investment, the part above 5,000,000 yuan: 1000000 yuan × 1% = 10000 yuan',
    ]);
  });
  it('shows only the bands reached; none when nothing is paid', () => {
    expect(reasons({ 投资额: '600000', 缴费月数: '6', 学员: [] }, 'zh').filter((r) => r.startsWith('累进奖励'))).toEqual(['累进奖励 P4093 投资额100万元以内的部分：600000元 × 5% = 30000元']);
    expect(reasons({ 投资额: '0', 缴费月数: '6', 学员: [] }, 'zh').filter((r) => r.startsWith('累进奖励'))).toEqual(['累进奖励 P4011 计算结果为0.00元，不予给付']);
  });
});

describe('the summary', () => {
  it('says how a sum over a list is computed, in both languages (no "?")', () => {
    const zh = renderSummary(c.model, { lang: 'zh', format: 'md' });
    expect(zh).toContain('补贴合计 = 学员中每一项分别计算“补贴额”后合计');
    expect(zh).toContain('大额合计 = 学员中符合“补贴额满100元”的每一项分别计算“补贴额”后合计');
    expect(zh).toContain('投资额达到500万元');
    expect(zh).toContain('缴费月数不少于6个月');
    const en = renderSummary(c.model, { lang: 'en', format: 'md' });
    expect(en).toContain('Total subsidy = added up over each entry of Trainees: Subsidy');
    for (const s of [zh, en]) expect(s).not.toMatch(/= \?/);
  });
});
