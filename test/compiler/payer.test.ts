// 付款方 (payer) and 金额性质：税前扣除 (tax-deduction): amounts that are decided like any amount but are not
// fund payments. The reference decision names them and leaves them out of the total; the generated evaluator
// agrees field by field (test/emit/differential.test.ts runs over the Dalian and 沪府办规〔2025〕5号 policies that
// use them); the summary, the CLI, hover and completion say what they are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { completion } from '../../lsp/completion.ts';
import { hover } from '../../lsp/hover.ts';

const TEXT = `政策 { 标题：“付款方” / “Payer”；文号：“示例〔2025〕9号”；施行日期：2025年1月1日；有效期：3年； }
资金 就业资金 “就业补助资金” / “Employment fund”；
对象 企业 “企业” / “Enterprise” { 支出：元 “支出” / “Spending”；生活费：元 “生活费” / “Allowance”； }
待遇 给付 “给付” / “Grant” { 条款：“一”；对象：企业；资金：就业资金；金额：100元； }
待遇 单位付 “单位付” / “Paid by host” { 条款：“二”；对象：企业；付款方：“见习单位” / “The host”；金额：生活费； }
待遇 扣除 “扣除” / “Deduction” { 条款：“三”；对象：企业；金额性质：税前扣除；金额：支出 × 200%； }
`;

describe('付款方 and 金额性质 in a decision', () => {
  const c = compile(TEXT);
  it('compiles without diagnostics', () => expect(c.diagnostics).toEqual([]));
  const decide = (facts: Record<string, unknown>, lang: 'zh' | 'en' = 'zh') => {
    const v = validateFacts(c.model, '企业', facts);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    return evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01', lang });
  };
  it('the total counts only fund payments', () => {
    const d = decide({ 支出: '1000', 生活费: '1620' });
    expect(d.benefits.map((b) => [b.id, b.status, b.amount, b.fund, b.payer ?? null, b.kind ?? null])).toEqual([
      ['给付', 'eligible', '100.00', '就业补助资金', null, null],
      ['单位付', 'eligible', '1620.00', null, '见习单位', null],
      ['扣除', 'eligible', '2000.00', null, null, 'tax-deduction'],
    ]);
    expect(d.total).toBe('100.00');
  });
  it('names the payer in the requested language', () => {
    expect(decide({ 生活费: '1' }, 'en').benefits[1]!.payer).toBe('The host');
  });
  it('a deduction with a missing fact is undetermined, as any amount', () => {
    expect(decide({ 生活费: '1' }).benefits[2]!.status).toBe('undetermined');
  });
});

describe('the summary and the editor', () => {
  const c = compile(TEXT);
  it.each([
    ['zh', '付款方：见习单位（不是财政资金，不计入资金给付合计）'],
    ['zh', '税前扣除额：'],
    ['zh', '由见习单位支付（不是财政资金）：“单位付”'],
    ['en', 'Paid by: The host (not a public fund; not counted in the total of fund payments)'],
    ['en', 'What the amount is: an amount deducted from taxable income'],
  ] as const)('%s summary says “%s”', (lang, words) => {
    expect(renderMarkdown(buildSummary(c.model, lang)).replace(/\*\*/g, '')).toContain(words);
  });
  it('hover on 付款方 and 金额性质 explains them; completion after 金额性质： offers 税前扣除', () => {
    const a = new Analysis('file:///payer.policy', 1, TEXT, compile);
    expect(JSON.stringify(hover(a, TEXT.indexOf('付款方：“见习') + 1, 'en')!.contents)).toContain('payer');
    expect(JSON.stringify(hover(a, TEXT.indexOf('金额性质：') + 1, 'en')!.contents)).toContain('amount-kind');
    const at = TEXT.indexOf('金额性质：') + 5;
    expect(completion(a, at, 'zh').map((i) => i.label)).toContain('税前扣除');
    const fieldAt = TEXT.indexOf('条款：“三”；') + 7;
    expect(completion(a, fieldAt, 'zh').map((i) => i.label)).toEqual(expect.arrayContaining(['付款方', '金额性质']));
  });
});

describe('the real policies no longer invent a fund for them', () => {
  const dalian = readFileSync(join(import.meta.dirname, '../../policies/dalian-employment-subsidies-2019.policy'), 'utf8');
  const research = readFileSync(join(import.meta.dirname, '../../policies/shanghai-basic-research-2025-5.policy'), 'utf8');
  it('Dalian: the living allowance is paid by the host, with no 见习单位发放 fund', () => {
    expect(dalian).not.toContain('资金 见习单位发放');
    expect(compile(dalian).model.benefits.find((b) => b.id === '见习基本生活费')!.payer?.zh).toBe('见习单位');
  });
  it('沪府办规〔2025〕5号 七: the deduction is a benefit with 金额性质：税前扣除, and no 语言限制 is left', () => {
    expect(research).not.toContain('语言限制：语言只有给付');
    expect(compile(research).model.benefits.find((b) => b.id === '基础研究支出税前扣除')!.amountKind).toBe('tax-deduction');
  });
});
