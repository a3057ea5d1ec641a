// 三分之一 / 百分之六十 / 千分之五 written in words in an amount (issue #12, newcomer nc12: 滨海 “按不超过设备投入总额三分之一
// 予以奖补”, written `÷ 3` for want of the word): the exact number — 1/3 stays 1/3, so 100000元 × 三分之一 is 33333.33元
// by the amount's rounding, never 0.33 × 100000. A fact or parameter of that name keeps its meaning.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { runExamples } from '../../compiler/examples.ts';
import { renderSummary } from '../../compiler/summary/index.ts';

const TEXT = `政策 { 标题：“滨海”；文号：未载明；施行日期：2021年1月1日；有效期：未载明； }
对象 主体 “主体” { 设备投入总额：元；核定奖补：核定 元；产值：元； }
待遇 物联网 “物联网示范点奖补” { 条款：“四”；对象：主体；资金：未载明；金额：核定奖补；最高：设备投入总额 × 三分之一；
  示例 { 设备投入总额：100000元；核定奖补：50000元；期望：33333.33元； }
  示例 { 设备投入总额：600000元；核定奖补：150000元；期望：150000元； } }
待遇 补贴 “补贴” { 条款：“五”；对象：主体；资金：未载明；金额：设备投入总额 × 百分之六十；
  示例 { 设备投入总额：100000元；期望：60000元； } }
待遇 奖励 “奖励” { 条款：“六”；对象：主体；资金：未载明；金额：产值 × 千分之五；
  示例 { 产值：3000000元；期望：15000元； } }
`;

describe('fractions and percentages in words', () => {
  const c = compile(TEXT);
  it('compiles cleanly', () => expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([]));
  it('every hand-computed example passes', () => {
    const r = runExamples(c.model);
    expect(r.length).toBe(4);
    expect(r.filter((x) => !x.passed).map((x) => `${x.benefit.id}: ${x.actual}`)).toEqual([]);
  });
  it('the summary keeps the words in Chinese and says the number in English', () => {
    expect(renderSummary(c.model, { lang: 'zh', format: 'md' })).toContain('设备投入总额 × 三分之一');
    const en = renderSummary(c.model, { lang: 'en', format: 'md' });
    expect(en).toContain('× 1/3');
    expect(en).toContain('× 60%');
  });
  it('a fact named like a fraction keeps its meaning', () => {
    const named = compile(TEXT.replace('产值：元；', '产值：元；千分之五：%；').replace('示例 { 产值：3000000元；期望：15000元； }', '示例 { 产值：3000000元；千分之五：1%；期望：30000元； }'));
    const r = runExamples(named.model).find((x) => x.benefit.id === '奖励')!;
    expect(r.passed).toBe(true);
  });
});
