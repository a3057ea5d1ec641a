// A month as a date bound (issue #12, newcomer nc11: 台州 “对2017年5月－2020年7月24日期间引进的高层次人才”, “2020年7月前”):
// 以后 / 以前 / 前 include the month, as they include a day (from its 1st, through its last day); （不含）, 晚于, 早于 exclude
// it; a month as an end of a 至 range is its first day (low) or its last day (high). Examples computed by hand at each
// edge; the misuses are the golden case test/compiler/cases/month-bounds.policy (P2216).
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { runExamples } from '../../compiler/examples.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { renderSummary } from '../../compiler/summary/index.ts';

const TEXT = `政策 { 标题：“台州”；文号：未载明；施行日期：2020年1月1日；有效期：未载明； }
对象 人才 “人才” { 引进日期：日期 “引进日期”； }
待遇 甲 “甲” {
  条款：“（1）”；对象：人才；资金：未载明；
  条件：引进日期 2017年5月以后，引进日期 2020年7月前；
  金额：1000元；
  示例 “2017年4月30日” { 引进日期：2017年4月30日；期望：不符合； }
  示例 “2017年5月1日” { 引进日期：2017年5月1日；期望：1000元； }
  示例 “2020年7月31日” { 引进日期：2020年7月31日；期望：1000元； }
  示例 “2020年8月1日” { 引进日期：2020年8月1日；期望：不符合； }
}
待遇 乙 “乙” {
  条款：“（2）”；对象：人才；资金：未载明；
  条件：引进日期 2017年5月至2020年7月24日；
  金额：1000元；
  示例 “2017年4月30日” { 引进日期：2017年4月30日；期望：不符合； }
  示例 “2017年5月1日” { 引进日期：2017年5月1日；期望：1000元； }
  示例 “2020年7月24日” { 引进日期：2020年7月24日；期望：1000元； }
  示例 “2020年7月25日” { 引进日期：2020年7月25日；期望：不符合； }
}
待遇 丙 “丙” {
  条款：“（3）”；对象：人才；资金：未载明；
  条件：引进日期 晚于 2017年5月，引进日期 2020年7月以前（不含）；
  金额：1000元；
  示例 “2017年5月31日” { 引进日期：2017年5月31日；期望：不符合； }
  示例 “2017年6月1日” { 引进日期：2017年6月1日；期望：1000元； }
  示例 “2020年6月30日” { 引进日期：2020年6月30日；期望：1000元； }
  示例 “2020年7月1日” { 引进日期：2020年7月1日；期望：不符合； }
}
`;

// 晚于 / 早于 with （含） include the month, as they include a day (晚于 2017年5月1日（含） is on or after that day).
const MARKED = `政策 { 标题：“台州”；文号：未载明；施行日期：2020年1月1日；有效期：未载明； }
对象 人才 “人才” { 引进日期：日期 “引进日期”； }
待遇 丁 “丁” {
  条款：“（4）”；对象：人才；资金：未载明；
  条件：引进日期 晚于 2017年5月（含），引进日期 早于 2020年7月（含）；
  金额：1000元；
  示例 “2017年4月30日” { 引进日期：2017年4月30日；期望：不符合； }
  示例 “2017年5月1日” { 引进日期：2017年5月1日；期望：1000元； }
  示例 “2020年7月31日” { 引进日期：2020年7月31日；期望：1000元； }
  示例 “2020年8月1日” { 引进日期：2020年8月1日；期望：不符合； }
}
`;

describe('晚于 / 早于 a month with （含）', () => {
  const c = compile(MARKED);
  it('includes the month, as for a day', () => {
    expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([]);
    const results = runExamples(c.model);
    expect(results.length).toBe(4);
    expect(results.filter((r) => !r.passed).map((r) => `${r.example.label?.zh ?? ''}: ${r.actual}`)).toEqual([]);
  });
  it('the summary says the month is included', () => {
    const zh = renderSummary(c.model, { lang: 'zh', format: 'md' });
    expect(zh).toContain('引进日期晚于2017年5月（含该月，自2017年5月1日起）');
    expect(zh).toContain('引进日期早于2020年7月（含该月，至2020年7月31日止）');
    const en = renderSummary(c.model, { lang: 'en', format: 'md' });
    expect(en).toContain('in or after 2017-05 (from 2017-05-01)');
    expect(en).toContain('in or before 2020-07 (through 2020-07-31)');
  });
});

describe('a range with an excluded end', () => {
  const c = compile(MARKED.replace('引进日期 晚于 2017年5月（含），引进日期 早于 2020年7月（含）', '引进日期 2017年5月（不含）至2020年7月（不含）').replace(/  示例[^\n]*\n/g, ''));
  it('the summary says which ends are excluded, not "both included"', () => {
    expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([]);
    const zh = renderSummary(c.model, { lang: 'zh', format: 'md' });
    expect(zh).toContain('引进日期在2017年5月（不含）至2020年7月（不含）之间');
    expect(zh).not.toContain('含两端');
    const en = renderSummary(c.model, { lang: 'en', format: 'md' });
    expect(en).toContain('from 2017-05 (excluded) to 2020-07 (excluded)');
    expect(en).not.toContain('both included');
  });
});

describe('a month as a date bound', () => {
  const c = compile(TEXT);
  it('compiles cleanly', () => expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([]));
  it('every hand-computed example passes', () => {
    const results = runExamples(c.model);
    expect(results.length).toBe(12);
    expect(results.filter((r) => !r.passed).map((r) => `${r.benefit.id} ${r.example.label?.zh ?? ''}: ${r.actual}`)).toEqual([]);
  });
  it('the summary says the day each bound means', () => {
    const zh = renderSummary(c.model, { lang: 'zh', format: 'md' });
    expect(zh).toContain('引进日期在2017年5月以后（含该月，自2017年5月1日起）');
    expect(zh).toContain('引进日期在2020年7月以前（含该月，至2020年7月31日止）');
    expect(zh).toContain('引进日期晚于2017年5月（不含该月，2017年5月31日之后）');
    const en = renderSummary(c.model, { lang: 'en', format: 'md' });
    expect(en).toContain('in or after 2017-05 (from 2017-05-01)');
  });
  it('the formatter keeps the month as written', async () => {
    const r = await formatPolicy(TEXT);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    for (const s of ['2017年5月以后', '2020年7月前', '2017年5月至2020年7月24日', '晚于 2017年5月']) expect(r.text).toContain(s);
  });
  it('a month where a day is meant is an invalid date, never silently its first day', () => {
    const errors = (text: string) => compile(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    // An example's fact: P3006; an example's 日期 and 施行日期: P2025.
    expect(errors(TEXT.replace('示例 “2017年4月30日” { 引进日期：2017年4月30日；', '示例 “2017年4月” { 引进日期：2017年4月；'))).toEqual(['P3006']);
    expect(errors(TEXT.replace('示例 “2017年5月1日” { 引进日期：2017年5月1日；', '示例 “2017年5月1日” { 引进日期：2017年5月1日；日期：2025年5月；'))).toEqual(['P2025']);
    const effective = errors(TEXT.replace('施行日期：2020年1月1日', '施行日期：2020年1月'));
    expect(effective).toContain('P2025');
    expect(effective).not.toContain('P2216');
  });
});
