// 其中 (the parts of one amount by kind): “一等激励38万元，其中包含28万元购房消费券” is 其中：消费券，28万元；其中：现金，余款；.
// The amount is decided once; an eligible decision reports each part (shares half up to the fen, 余款 exactly the rest, so the
// parts add up to the amount); a voucher part is not cash, so the total leaves it out and says so; a floor (不低于50%) fixes
// no part. The generated evaluator and SQL agree on test/emit/fixtures/composition.policy (differential tests).
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { explain } from '../../compiler/cli/eval.ts';
import { formatPolicy } from '../../compiler/format/index.ts';

const TEXT = `政策 { 标题：“构成” / “Composition”；文号：“示例〔2025〕44号”；施行日期：2025年1月1日；有效期：3年； }
资金 专项资金 “专项资金” / “Special fund”；
对象 人才 “人才” / “Talent” { 投入：元 “研发投入” / “R&D spend”； }
待遇 甲 “甲” / “A” { 条款：“一”；对象：人才；资金：专项资金；发放：一次性；金额：38万元；其中：消费券，28万元；其中：现金，余款； }
待遇 乙 “乙” / “B” { 条款：“二”；对象：人才；资金：专项资金；发放：一次性；金额：投入 × 10%；其中：消费券，60%；其中：现金，余款； }
待遇 丙 “丙” / “C” { 条款：“三”；对象：人才；资金：专项资金；发放：一次性；金额：20万元；其中：“奖励研发团队” / “the R&D team”，不低于50%； }
`;
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '人才', facts);
  if (!v.ok) throw new Error('invalid');
  return evaluate(c.model, '人才', v.facts, { asOf: '2025-06-01', lang });
}

describe('reference semantics', () => {
  it('compiles cleanly', () => expect(c.diagnostics).toEqual([]));
  it('reports each part, adding up to the amount, and leaves vouchers out of the cash total', () => {
    const d = decide({ 投入: '100000.50' });
    expect(d.benefits.map((b) => [b.amount, b.composition?.map((p) => `${p.kind}${p.voucher ? '*' : ''}=${p.amount}`).join(';') ?? null])).toEqual([
      ['380000.00', '消费券*=280000.00;现金=100000.00'],
      // 10000.05 × 60% = 6000.03 (half up to the fen), the rest exactly.
      ['10000.05', '消费券*=6000.03;现金=4000.02'],
      // A floor fixes no part: none reported.
      ['200000.00', null],
    ]);
    // Cash: 100000.00 + 4000.02 + 200000.00.
    expect(d.total).toBe('304000.02');
  });
  it('names the kinds in English', () => {
    expect(decide({ 投入: '100000' }, 'en').benefits[0]!.composition!.map((p) => p.kind)).toEqual(['vouchers', 'cash']);
  });
  it('a part larger than the amount takes what there is', () => {
    const x = compile(TEXT.replace('金额：38万元；', '金额：20万元；'));
    const v = validateFacts(x.model, '人才', { 投入: '1' });
    if (!v.ok) throw new Error('invalid');
    expect(evaluate(x.model, '人才', v.facts, { asOf: '2025-06-01' }).benefits[0]!.composition!.map((p) => p.amount)).toEqual(['200000.00', '0.00']);
  });
  it('policy eval shows the parts and the vouchers beside the total', () => {
    const text = explain(c.model, decide({ 投入: '100000.50' }), 'zh', false);
    expect(text).toContain('其中：消费券280000.00元、现金100000.00元');
    expect(text).toContain('合计：304000.02元（另有消费券286000.03元，不是现金，不计入合计）');
  });
});

describe('checker, formatter and summary', () => {
  it.each([
    ['其中：消费券；', 'P2272'],
    ['其中：投入，28万元；', 'P2272'],
    ['其中：消费券，不超过50%；', 'P2272'],
    ['其中：消费券，28万元；', 'P2273'],
    ['其中：消费券，60%；其中：现金，30%；', 'P2273'],
    ['其中：现金，余款；其中：消费券，28万元；', 'P2274'],
  ])('%s → %s', (fields, code) => {
    const x = compile(TEXT.replace('其中：消费券，28万元；其中：现金，余款；', fields));
    expect(x.diagnostics.map((d) => d.code)).toContain(code);
  });
  it('needs an amount (P2274)', () => {
    const x = compile(TEXT.replace('金额：38万元；其中：消费券，28万元；其中：现金，余款；', '授予：“人才”；其中：消费券，28万元；'));
    expect(x.diagnostics.map((d) => d.code)).toContain('P2274');
  });
  it('English keywords give the same model; the formatter keeps the fields', async () => {
    const en = compile(TEXT.replace(/其中：消费券，/g, 'of-which: voucher, ').replace('其中：现金，余款；', 'of-which: cash, remainder;'));
    expect(en.diagnostics).toEqual([]);
    expect(en.model.benefits[0]!.composition!.map((p) => p.kind)).toEqual(['voucher', 'cash']);
    const f = await formatPolicy(TEXT);
    expect(f.ok && f.text).toContain('其中：消费券，28万元；');
  });
  it('the summary states the parts, and that vouchers are not cash', () => {
    const zh = renderMarkdown(buildSummary(c.model, 'zh'));
    expect(zh).toContain('消费券28万元，其余为现金（消费券不是现金，不计入现金给付合计）');
    expect(zh).toContain('不低于50%用于奖励研发团队');
    expect(renderMarkdown(buildSummary(c.model, 'en'))).toContain('at least 50% for the R&D team');
  });
});
