// 金额性质：消费券 (“激励以消费券形式发放”): the amount is decided like any other and paid for by its fund (资金 required), but
// it is consumption vouchers, not cash: the decision carries kind voucher and the cash total does not count it, saying so.
// The generated evaluator agrees on test/emit/fixtures/voucher.policy (test/emit/differential.test.ts).
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { explain } from '../../compiler/cli/eval.ts';

const TEXT = `政策 { 标题：“消费券” / “Vouchers”；文号：“示例〔2025〕43号”；施行日期：2025年1月1日；有效期：3年； }
资金 专项资金 “专项资金” / “Special fund”；
对象 购房人 “购房人” / “Buyer” { 价款：元 “购房价款” / “Price”； }
待遇 甲 “甲” / “A” { 条款：“一”；对象：购房人；资金：专项资金；金额性质：消费券；发放：一次性；金额：价款 × 1%； }
待遇 乙 “乙” / “B” { 条款：“二”；对象：购房人；资金：专项资金；发放：一次性；金额：1万元； }
`;
const c = compile(TEXT);

function decide(lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '购房人', { 价款: '2000000' });
  if (!v.ok) throw new Error('invalid');
  return evaluate(c.model, '购房人', v.facts, { asOf: '2025-06-01', lang });
}

describe('金额性质：消费券', () => {
  it('compiles cleanly (a fund pays for the vouchers)', () => {
    expect(c.diagnostics).toEqual([]);
    expect(c.model.benefits[0]!.amountKind).toBe('voucher');
  });
  it('is decided like any amount, marked as vouchers, and left out of the cash total', () => {
    const d = decide();
    expect(d.benefits.map((b) => [b.status, b.amount, b.kind ?? null])).toEqual([
      ['eligible', '20000.00', 'voucher'],
      ['eligible', '10000.00', null],
    ]);
    expect(d.total).toBe('10000.00');
  });
  it('policy eval says the vouchers are beside the total, not in it', () => {
    expect(explain(c.model, decide(), 'zh', false)).toContain('合计：10000.00元（另有消费券20000.00元，不是现金，不计入合计）');
    expect(explain(c.model, decide('en'), 'en', false)).toContain('in consumption vouchers (not cash, not in the cash total): 20000.00 yuan');
  });
  it('needs a fund (P2007); English keyword amount-kind: voucher', () => {
    expect(compile(TEXT.replace('资金：专项资金；金额性质：消费券；', '金额性质：消费券；')).diagnostics.map((d) => d.code)).toContain('P2007');
    const en = compile(TEXT.replace('金额性质：消费券；', 'amount-kind: voucher;'));
    expect(en.diagnostics).toEqual([]);
    expect(en.model.benefits[0]!.amountKind).toBe('voucher');
  });
  it('the summary says what the amount is', () => {
    expect(renderMarkdown(buildSummary(c.model, 'zh'))).toContain('以消费券形式发放，由所列资金支付，不是现金，不计入现金给付合计');
    expect(renderMarkdown(buildSummary(c.model, 'en'))).toContain('given as consumption vouchers');
  });
});
