// Shapes of real texts a newcomer writes as the text says them (issue #12, construct 10): a date against a calendar
// year (“2018年及以后”, “2018年（含）以后”, “2019年及以前”, “晚于 2017年”), and a bracket written with a prefix and a postfix
// word for one bound (“达到 2亿元以上”). Each is checked by the examples it carries, computed by hand, at the boundaries;
// the messages for the forms that are not accepted are the golden case test/compiler/cases/years.policy.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { runExamples } from '../../compiler/examples.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { renderSummary } from '../../compiler/summary/index.ts';

const TEXT = `政策 { 标题：“检查”；文号：“测试〔2025〕2号”；施行日期：2025-03-01；有效期：3年； }
资金 专项资金；
对象 企业 { 成立日期：日期；年投入：元； }
待遇 甲 {
  条款：“一”；对象：企业；资金：专项资金；
  条件：成立日期 2018年及以后；
  金额：1000元；
  示例 “2018年1月1日成立” { 成立日期：2018年1月1日；期望：1000元； }
  示例 “2017年12月31日成立” { 成立日期：2017年12月31日；期望：不符合； }
}
待遇 乙 {
  条款：“二”；对象：企业；资金：专项资金；
  条件：成立日期 2018年（含）以后，成立日期 2020年以前（不含）；
  金额：1000元；
  示例 “2018年1月1日” { 成立日期：2018年1月1日；期望：1000元； }
  示例 “2017年12月31日” { 成立日期：2017年12月31日；期望：不符合； }
  示例 “2019年12月31日” { 成立日期：2019年12月31日；期望：1000元； }
  示例 “2020年1月1日” { 成立日期：2020年1月1日；期望：不符合； }
}
待遇 丙 {
  条款：“三”；对象：企业；资金：专项资金；
  条件：成立日期 晚于 2017年，成立日期 2019年及之前；
  金额：1000元；
  示例 “2017年12月31日” { 成立日期：2017年12月31日；期望：不符合； }
  示例 “2018年1月1日” { 成立日期：2018年1月1日；期望：1000元； }
  示例 “2019年12月31日” { 成立日期：2019年12月31日；期望：1000元； }
  示例 “2020年1月1日” { 成立日期：2020年1月1日；期望：不符合； }
  示例 “未知” { 期望：待定； }
}
待遇 丁 {
  条款：“四”；对象：企业；资金：专项资金；
  条件：成立日期 2018年以后（不含），成立日期 早于 2021年；
  金额：1000元；
  示例 “2018年12月31日” { 成立日期：2018年12月31日；期望：不符合； }
  示例 “2019年1月1日” { 成立日期：2019年1月1日；期望：1000元； }
  示例 “2020年12月31日” { 成立日期：2020年12月31日；期望：1000元； }
  示例 “2021年1月1日” { 成立日期：2021年1月1日；期望：不符合； }
}
待遇 戊 {
  条款：“五”；对象：企业；资金：专项资金；
  金额：按 年投入 分档 { 达到 2亿元以上：1000万元，5000万元（含）至2亿元（不含）：500万元，不低于 1000万元（含）：100万元 }；
  示例 “正好2亿元” { 年投入：200000000元；期望：10000000元； }
  示例 “差1分2亿元” { 年投入：199999999.99元；期望：5000000元； }
  示例 “正好5000万元” { 年投入：50000000元；期望：5000000元； }
  示例 “正好1000万元” { 年投入：10000000元；期望：1000000元； }
  示例 “不足1000万元” { 年投入：9999999.99元；期望：不符合； }
}
`;

describe('years and doubled bracket words, as the texts write them', () => {
  const c = compile(TEXT);
  it('compiles cleanly', () => expect(c.diagnostics.map((d) => d.code)).toEqual([]));
  it('every hand-computed example passes', () => {
    const results = runExamples(c.model);
    expect(results.length).toBe(20);
    expect(results.filter((r) => !r.passed).map((r) => `${r.benefit.id} ${r.example.label?.zh ?? ''}: ${r.actual}`)).toEqual([]);
  });
  it('the formatter keeps the words where they were written', async () => {
    const r = await formatPolicy(TEXT);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const out = r.text;
    for (const s of ['2018年及以后', '2018年（含）以后', '2020年以前（不含）', '2019年及之前', '达到 2亿元以上：']) expect(out).toContain(s);
  });
  it('the summary states the bound as a day', () => {
    const zh = renderSummary(c.model, { lang: 'zh', format: 'md' });
    expect(zh).toContain('成立日期在2018年及以后（自2018年1月1日起）');
    expect(zh).toContain('成立日期在2020年以前（不含2020年，至2019年12月31日）');
    expect(zh).toContain('达到2亿元以上');
    const en = renderSummary(c.model, { lang: 'en', format: 'md' });
    expect(en).toContain('in 2018 or later (from 1 January 2018)');
  });
});
