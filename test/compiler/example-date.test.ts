// The day an example without 日期 is decided on: the policy's 施行日期, else its 发布日期 when the text states no
// 施行日期 (施行日期：未载明), else its 截止日期 — and P2265 (golden in cases/example-date.policy) says which.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { runExamples } from '../../compiler/examples.ts';

/** A youth aged 16 to 24 on the as-of date: born 2005-03-01, 21 in 2026 and 16 only from 2021-03-01. */
function policy(header: string, end = '截止日期：2030年12月31日；'): string {
  return `政策 { 标题：“示例日期”；文号：“示例〔2026〕4号”；${header}${end} }
资金 就业资金；
对象 青年 “青年” { 出生日期：日期 “出生日期”；年龄 = 周岁（出生日期） “年龄”； }
待遇 甲 { 条款：“一”；对象：青年；资金：就业资金；条件：年龄 16至24周岁；金额：500元；
  示例 { 出生日期：2005年3月1日；期望：500元； } }
`;
}

function run(header: string, end?: string) {
  const r = compile(policy(header, end));
  const errors = r.diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'P2141' && d.code !== 'P2142').map((d) => d.code);
  return { errors, results: r.model ? runExamples(r.model) : [] };
}

describe('the date an example without 日期 is decided on', () => {
  it.each([
    ['施行日期 when stated', '施行日期：2026年3月1日；', true],
    ['施行日期 before the 16th birthday', '施行日期：2021年2月28日；', false],
    ['发布日期 when 施行日期 is 未载明', '施行日期：未载明；发布日期：2026年3月1日；', true],
    ['发布日期 before the 16th birthday', '施行日期：未载明；发布日期：2021年2月28日；', false],
  ])('%s', (_name, header, passes) => {
    const { errors, results } = run(header);
    expect(errors).toEqual([]);
    expect(results.map((x) => x.passed)).toEqual([passes]);
  });
  it.each([
    ['截止日期 when the text states neither (P2265 says so): the 24th birthday', '截止日期：2029年3月1日；', true],
    ['截止日期 within the age range', '截止日期：2029年2月28日；', true],
    ['截止日期 the day after the 25th birthday (民法典: an age is reached the day after the birthday)', '截止日期：2030年3月2日；', false],
  ])('%s', (_name, end, passes) => {
    const { errors, results } = run('施行日期：未载明；', end);
    expect(errors).toEqual(['P2265']);
    expect(results.map((x) => x.passed)).toEqual([passes]);
  });
});
