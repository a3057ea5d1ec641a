// 义务 (an ongoing obligation: “获补企业5年内不得迁出”, “享受激励的住房不得撤销或变更网签合同备案”): informational — listed on an
// eligible decision and in the summary, never a condition of the decision; with a breach condition after the text, the
// consequence the text states is the benefit's 退还 (one clawback per benefit: P2271). The generated evaluator agrees with
// the reference on test/emit/fixtures/obligation.policy (test/emit/differential.test.ts).
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, type LedgerEntry } from '../../compiler/facts.ts';
import { rat } from '../../compiler/rational.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { formatPolicy } from '../../compiler/format/index.ts';

const TEXT = `政策 { 标题：“义务” / “Obligations”；文号：“示例〔2025〕42号”；施行日期：2025年1月1日；有效期：3年； }
资金 专项资金 “专项资金” / “Special fund”；
对象 企业 “企业” / “Firm” { 收入：元 “营业收入” / “Revenue”；迁出：是否 “5年内迁出本区？” / “Moved out within 5 years?”； }
待遇 甲 “甲” / “A” { 条款：“一”；对象：企业；资金：专项资金；发放：一次性；条件：收入 满 100万元；金额：1万元；义务：“不得撤销网签备案” / “may not cancel the contract filing”； }
待遇 乙 “乙” / “B” { 条款：“二”；对象：企业；资金：专项资金；发放：一次性；条件：收入 满 100万元；金额：20万元；义务：“5年内不得迁出本区” / “may not move out within 5 years”，迁出，50%； }
`;
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, lang: 'zh' | 'en' = 'zh', ledger: LedgerEntry[] = []) {
  const v = validateFacts(c.model, '企业', facts);
  if (!v.ok) throw new Error('invalid');
  return evaluate(c.model, '企业', v.facts, { asOf: '2026-06-01', lang, ledger }).benefits;
}

describe('reference semantics', () => {
  it('compiles cleanly; the consequence is the clawback', () => {
    expect(c.diagnostics).toEqual([]);
    const [a, b] = c.model.benefits;
    expect(a!.obligations!.map((o) => [o.text.zh, !!o.clawback])).toEqual([['不得撤销网签备案', false]]);
    expect(a!.clawback).toBeUndefined();
    expect(b!.obligations!.map((o) => [o.text.zh, !!o.clawback])).toEqual([['5年内不得迁出本区', true]]);
    expect(b!.clawback?.share).toEqual({ n: 1n, d: 2n });
  });
  it('is listed on an eligible decision, in the language, and is no condition', () => {
    const zh = decide({ 收入: '2000000' });
    expect(zh.map((b) => [b.status, b.obligations])).toEqual([
      ['eligible', [{ text: '不得撤销网签备案', clawback: false }]],
      // 迁出 not given: the obligation is not a condition, so nothing is missing for the grant itself.
      ['eligible', [{ text: '5年内不得迁出本区', clawback: true }]],
    ]);
    expect(decide({ 收入: '2000000' }, 'en')[0]!.obligations).toEqual([{ text: 'may not cancel the contract filing', clawback: false }]);
  });
  it('is not listed on a decision that grants nothing', () => {
    expect(decide({ 收入: '10' }).map((b) => b.obligations)).toEqual([undefined, undefined]);
  });
  it('breaking it with money paid: the clawback is due for the share the text states', () => {
    const b = decide({ 收入: '2000000', 迁出: true }, 'zh', [{ benefit: '乙', date: '2025-03-01', amount: rat(200000n) }])[1]!;
    expect([b.clawback?.status, b.clawback?.amount]).toEqual(['due', '100000.00']);
  });
});

describe('checker, formatter and summary', () => {
  it('the text must be a string (P2010)', () => {
    expect(compile(TEXT.replace('义务：“不得撤销网签备案” / “may not cancel the contract filing”；', '义务：收入；')).diagnostics.map((d) => d.code)).toContain('P2010');
  });
  it.each([
    ['退还：迁出；义务：“5年内不得迁出本区”，迁出，50%；'],
    ['义务：“5年内不得迁出本区”，迁出，50%；退还：迁出；'],
    ['义务：“5年内不得迁出本区”，迁出，50%；义务：“不得转让”，迁出；'],
  ])('%s: one clawback per benefit (P2271)', (fields) => {
    const x = compile(TEXT.replace('义务：“5年内不得迁出本区” / “may not move out within 5 years”，迁出，50%；', fields));
    expect(x.diagnostics.map((d) => d.code)).toEqual(['P2271']);
  });
  it('a breach condition is checked as 退还 is (P2010, P2244)', () => {
    expect(compile(TEXT.replace('，迁出，50%；', '，收入，50%；')).diagnostics.map((d) => d.code)).toContain('P2010');
    expect(compile(TEXT.replace('，迁出，50%；', '，迁出，150%；')).diagnostics.map((d) => d.code)).toContain('P2244');
  });
  it('English keywords give the same model; the formatter keeps it', async () => {
    const en = compile(TEXT.replace(/义务：/g, 'obligation: '));
    expect(en.diagnostics).toEqual([]);
    expect(en.model.benefits.map((b) => b.obligations?.length)).toEqual([1, 1]);
    const f = await formatPolicy(TEXT, { keywords: 'en' });
    expect(f.ok && f.text).toContain('obligation：“5年内不得迁出本区” / “may not move out within 5 years”，迁出，50%；');
  });
  it('the summary lists it, never among the conditions', () => {
    const zh = renderMarkdown(buildSummary(c.model, 'zh'));
    expect(zh).toContain('不得撤销网签备案（享受后须遵守，不是申请条件；原文未载明违反的后果）');
    expect(zh).toContain('5年内不得迁出本区（享受后须遵守，不是申请条件；违反的后果见“退还”）');
    expect(renderMarkdown(buildSummary(c.model, 'en'))).toContain('may not move out within 5 years (to be kept after receiving it, not a condition of it; for breaking it see the clawback)');
  });
});
