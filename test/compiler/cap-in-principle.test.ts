// 原则上最高 / 原则上不超过 (“原则上不超过50万元”): a ceiling the text sets “in principle”. It cuts the amount as 最高 does —
// the cap applies — and the cut is noted P4120 (the text's rule; the authority may depart from it), never P4023, so a
// decision never presents it as a hard limit. Below it nothing is noted. The generated evaluator agrees with the reference on
// test/emit/fixtures/cap-in-principle.policy (test/emit/differential.test.ts); SQL refuses it by name.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { formatPolicy } from '../../compiler/format/index.ts';

const TEXT = `政策 { 标题：“原则上上限” / “Cap in principle”；文号：“示例〔2025〕41号”；施行日期：2025年1月1日；有效期：3年； }
资金 专项资金 “专项资金” / “Special fund”；
对象 企业 “企业” / “Firm” { 投入：元 “研发投入” / “R&D spend”； }
待遇 甲 “甲” / “A” { 条款：“一”；对象：企业；资金：专项资金；发放：一次性；条件：投入 满 100万元；金额：投入 × 10%；舍入：元，四舍五入；原则上不超过：50万元； }
`;
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '企业', facts);
  if (!v.ok) throw new Error('invalid');
  return evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01', lang }).benefits[0]!;
}

describe('reference semantics', () => {
  it('compiles cleanly, the ceiling marked as in principle', () => {
    expect(c.diagnostics).toEqual([]);
    expect(c.model.benefits[0]!.ceilingInPrinciple).toBe(true);
    expect(c.model.benefits[0]!.ceiling).toEqual({ n: 500000n, d: 1n });
  });
  it.each([
    // Below the ceiling: paid as computed, nothing noted.
    [{ 投入: '2000000' }, ['eligible', '200000.00', '']],
    // At it: nothing to cut.
    [{ 投入: '5000000' }, ['eligible', '500000.00', '']],
    // Above it: cut to it, noted as the rule in principle (P4120), not as a hard cut (P4023).
    [{ 投入: '8000000.10' }, ['eligible', '500000.00', 'P4120']],
    [{ 投入: '500000' }, ['ineligible', null, 'P4003']],
  ])('%j → %j', (facts, want) => {
    const b = decide(facts);
    expect([b.status, b.amount, b.reasons.map((r) => r.code).join(',')]).toEqual(want);
  });
  it('words the note in both languages, with the amount as computed', () => {
    expect(decide({ 投入: '8000000' }).reasons[0]!.message).toBe('核算金额800000.00元超过原则上不超过的500000.00元，按500000.00元计；原文为“原则上”，例外情形由主管部门认定');
    expect(decide({ 投入: '8000000' }, 'en').reasons[0]!.message).toContain('the text sets "in principle"; exceptions are decided by the authority');
  });
});

describe('checker, formatter and summary', () => {
  it.each([
    ['最高：40万元；原则上不超过：50万元；'],
    ['原则上最高：50万元；最高：40万元；'],
  ])('%s: one of the two only (P2270)', (fields) => {
    const x = compile(TEXT.replace('原则上不超过：50万元；', fields));
    expect(x.diagnostics.map((d) => d.code)).toContain('P2270');
  });
  it('a cap below a fixed amount is still P2011', () => {
    const x = compile(TEXT.replace('金额：投入 × 10%；', '金额：60万元；'));
    expect(x.diagnostics.map((d) => d.code)).toContain('P2011');
  });
  it('English keywords give the same model', () => {
    const en = compile(TEXT.replace('原则上不超过：50万元；', 'ceiling-in-principle: 50万元;'));
    expect(en.diagnostics).toEqual([]);
    expect(en.model.benefits[0]!.ceilingInPrinciple).toBe(true);
  });
  it('the formatter keeps the field, and turns it into English keywords', async () => {
    const zh = await formatPolicy(TEXT);
    expect(zh.ok && zh.text).toContain('原则上不超过：50万元；');
    const en = await formatPolicy(TEXT, { keywords: 'en' });
    expect(en.ok && en.text).toContain('ceiling-in-principle：50 wan-yuan；');
  });
  it('the summary says the cap is the rule in principle, exceptions being the authority\'s', () => {
    expect(renderMarkdown(buildSummary(c.model, 'zh'))).toContain('原则上不超过50万元（每次给付；例外情形由主管部门认定）');
    expect(renderMarkdown(buildSummary(c.model, 'en'))).toContain('in principle at most');
  });
});
