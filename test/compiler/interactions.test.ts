// 就高 / 不得重复享受 / 优先 between benefits, on a small policy written here.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';

const source = (mode: string) => `
政策 { 标题：“互斥测试”；文号：“测试〔2025〕9号”；施行日期：2025-01-01；截止日期：2025-12-31； }
资金 专项资金；
对象 个人 { 甲：是否；乙：是否；丙：是否； }
待遇 小额 { 条款：“一”；对象：个人；资金：专项资金；条件：甲；金额：1000元； }
待遇 大额 { 条款：“二”；对象：个人；资金：专项资金；条件：乙；金额：3000元； }
待遇 其他 { 条款：“三”；对象：个人；资金：专项资金；条件：丙；金额：500元； }
${mode}：小额，大额；
`;

function run(mode: string, facts: Record<string, boolean>) {
  const c = compile(source(mode));
  expect(c.diagnostics).toEqual([]);
  const f = validateFacts(c.model, '个人', facts);
  if (!f.ok) throw new Error('bad facts');
  const d = evaluate(c.model, '个人', f.facts, { asOf: '2025-06-01' });
  return Object.fromEntries(d.benefits.map((b) => [b.id, `${b.status} ${b.amount ?? '-'} ${b.reasons.map((r) => r.code).join(',')}`.trim()]));
}

describe('interactions', () => {
  it('就高 pays only the higher amount', () => {
    expect(run('就高', { 甲: true, 乙: true, 丙: true })).toEqual({ 小额: 'ineligible - P4007', 大额: 'eligible 3000.00', 其他: 'eligible 500.00' });
  });
  it('不得重复享受 keeps the first listed', () => {
    expect(run('不得重复享受', { 甲: true, 乙: true, 丙: false })).toEqual({ 小额: 'eligible 1000.00', 大额: 'ineligible - P4008', 其他: 'ineligible - P4003' });
  });
  it('优先 (English: priority) keeps the first listed', () => {
    expect(run('priority', { 甲: true, 乙: true, 丙: false })).toMatchObject({ 小额: 'eligible 1000.00', 大额: 'ineligible - P4009' });
  });
  it('a group with one eligible member changes nothing', () => {
    expect(run('就高', { 甲: false, 乙: true, 丙: false })).toMatchObject({ 大额: 'eligible 3000.00' });
  });
  it('an unknown member is reported', () => {
    const c = compile(source('就高').replace('就高：小额，大额；', '就高：小额，大頟；'));
    expect(c.diagnostics.map((d) => `${d.code} ${d.suggestion}`)).toEqual(['P2024 大额']);
  });
});
