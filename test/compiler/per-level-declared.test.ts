// A per-level count in a unit the policy declares (`计量单位 张` then `实际使用床位：张 按 失能程度`, issue #12) works as
// one in a built-in unit (`人 按 技能等级`): it checks cleanly, its input is checked per level, the reference evaluator
// sums count × rate, and the text names the unit by its label in both languages. The generated evaluator agrees with
// the reference on test/emit/fixtures/beds.policy (test/emit/differential.test.ts). Also: P3002 for a fact whose type
// declaration failed never says "expected ?".
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { inputErrorText, validateFacts } from '../../compiler/facts.ts';
import { runExamples } from '../../compiler/examples.ts';
import { messageText } from '../../compiler/diagnostics.ts';

const HEAD = `政策 { 标题：“床位补贴” / “Bed subsidy”；文号：未载明；施行日期：2025年1月1日；有效期：未载明； }
资金 养老资金 “养老资金” / “Elderly care fund”；
等级 失能程度 “失能程度” / “Disability”：轻度 “轻度” / “mild” < 中度 “中度” / “moderate” < 重度 “重度” / “severe”；
`;
const TEXT = `${HEAD}计量单位 张 “张” / “beds”；
对象 机构 “养老机构” / “Care home” { 实际使用床位：张 按 失能程度 “实际使用床位” / “Beds in use”； }
待遇 床位补贴 “床位补贴” / “Bed subsidy” { 条款：“一”；对象：机构；资金：养老资金；
  金额：按 实际使用床位 { 轻度：300元/张，中度：400元/张，重度：600元/张 }；
  示例 { 实际使用床位：{ 轻度：10张，中度：2张，重度：1张 }；期望：4400元； } }
`;
const c = compile(TEXT);

describe('a per-level count in a declared unit', () => {
  it('checks cleanly (no P1016 / P1003 / P2022) and its example passes', () => {
    expect(c.diagnostics.map((d) => d.code)).toEqual([]);
    expect(c.model.subjects.get('机构')!.facts.get('实际使用床位')!.type).toEqual({ kind: 'perLevel', of: '失能程度', unit: { 'decl:张|beds': 1 } });
    const r = runExamples(c.model);
    expect(r.map((x) => x.passed)).toEqual([true]);
  });

  it('sums count × rate per level (10×300 + 2×400 + 1×600; 5×600)', () => {
    const amount = (facts: Record<string, unknown>) => {
      const v = validateFacts(c.model, '机构', facts);
      if (!v.ok) throw new Error(JSON.stringify(v.errors));
      return evaluate(c.model, '机构', v.facts, { asOf: '2025-06-01' }).benefits[0]!.amount;
    };
    expect(amount({ 实际使用床位: { 轻度: '10', 中度: '2', 重度: '1' } })).toBe('4400.00');
    expect(amount({ 实际使用床位: { 重度: 5 } })).toBe('3000.00');
  });

  it('names the unit by its label in input errors, zh and en', () => {
    const v = validateFacts(c.model, '机构', { 实际使用床位: { 轻度: 'x' } });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(inputErrorText(v.errors[0]!, 'zh')).toContain('数量（张）');
    expect(inputErrorText(v.errors[0]!, 'en')).toContain('a quantity (beds)');
  });
});

describe('P3002 for a fact whose type has an error', () => {
  it('says what is expected in words, not "?"', () => {
    const bad = compile(`${HEAD}对象 机构 “机构” / “Home” { 床位：不存在的类型 “床位” / “Beds”； }
待遇 补贴 “补贴” / “Subsidy” { 条款：“一”；对象：机构；资金：养老资金；金额：100元；示例 { 床位：{ 轻度：10 }；期望：100元； } }
`);
    const p3002 = bad.diagnostics.filter((d) => d.code === 'P3002');
    expect(p3002.length).toBe(1);
    const zh = messageText(p3002[0]!, 'zh');
    const en = messageText(p3002[0]!, 'en');
    expect(zh).not.toMatch(/应为\?/);
    expect(en).not.toMatch(/expected \?/);
    expect(zh).toContain('类型声明有误');
    expect(en).toContain("type declaration has an error");
  });
});
