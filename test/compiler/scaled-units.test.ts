// Units a policy declares as a multiple of another (`计量单位 万美元 = 10000美元`, issue #12): the scale is exact, a fact
// given in a multiple is read as its value times the multiple, no currency conversion is implied. Reference semantics,
// the input boundary, examples, hover, the formatter and English keywords here; the generated evaluator and DuckDB agree
// with the reference on test/emit/fixtures/scaled-units.policy (test/emit/differential.test.ts,
// test/sql/duckdb-differential.test.ts); the checker's messages are the golden case test/compiler/cases/scaled-units.policy.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { inputErrorText, validateFacts } from '../../compiler/facts.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { runExamples } from '../../compiler/examples.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { hover } from '../../lsp/hover.ts';

const TEXT = `政策 { 标题：“出口奖励” / “Export reward”；文号：“示例〔2025〕31号”；施行日期：2025年1月1日；有效期：3年； }
资金 外贸资金 “外贸资金” / “Trade fund”；
计量单位 亿美元 = 10000万美元 “亿美元” / “hundred million US dollars”；
计量单位 美元 “美元” / “US dollars”；
计量单位 万美元 = 10000美元 “万美元” / “ten thousand US dollars”；
对象 企业 “企业” / “Firm” {
  出口额：万美元 “出口额” / “Exports”；
  进口额：美元 “进口额” / “Imports”；
}
待遇 出口奖励 “出口奖励” / “Export reward” { 条款：“一”；对象：企业；资金：外贸资金；条件：出口额 达到 0.01亿美元；金额：0.01元/美元 × 出口额 + 2元/万美元 × 进口额；舍入：分，四舍五入；
  示例 { 出口额：500万美元；进口额：10000美元；期望：50002元； }
  示例 { 出口额：1000000美元；期望：待定； } }
`;
const c = compile(TEXT);

function amount(facts: Record<string, unknown>): string {
  const v = validateFacts(c.model, '企业', facts);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const b = evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01' }).benefits[0]!;
  return `${b.status} ${b.amount ?? '-'}`;
}

describe('a declared multiple of a unit', () => {
  it('compiles cleanly; a multiple may name a unit declared after it', () => expect(c.diagnostics).toEqual([]));
  it('keeps the scale exact, a multiple of a multiple included', () => {
    expect(c.model.units.get('万美元')!.scale).toEqual({ n: 10000n, d: 1n });
    expect(c.model.units.get('亿美元')!.scale).toEqual({ n: 100000000n, d: 1n });
    expect(c.model.units.get('亿美元')!.dim).toBe(c.model.units.get('美元')!.dim);
  });
  it.each([
    // 出口额 is given in 万美元: 123.4567万美元 = 1234567美元 → 12345.67元; the threshold 0.01亿美元 = 100万美元.
    [{ 出口额: '123.4567', 进口额: '0' }, 'eligible 12345.67'],
    [{ 出口额: '100', 进口额: '5000' }, 'eligible 10001.00'],
    [{ 出口额: '99.999999', 进口额: '0' }, 'ineligible -'],
    [{ 出口额: '0.000001', 进口额: '1' }, 'ineligible -'],
    [{ 出口额: '100000', 进口额: '1' }, 'eligible 10000000.00'],
  ])('%j → %s', (facts, expected) => expect(amount(facts)).toBe(expected));
  it('its examples, written in either unit, pass', () => {
    const r = runExamples(c.model);
    expect(r.map((x) => x.passed)).toEqual([true, true]);
  });
  it('asks for the fact in the unit it is given in', () => {
    const v = validateFacts(c.model, '企业', { 出口额: 'abc' });
    if (v.ok) throw new Error('accepted');
    expect(inputErrorText(v.errors[0]!, 'zh')).toContain('数量（万美元）');
    expect(inputErrorText(v.errors[0]!, 'en')).toContain('a quantity (ten thousand US dollars)');
  });
  it('hover shows the multiple and how a fact is given', () => {
    const a = new Analysis('file:///scaled.policy', 1, TEXT, compile);
    const unit = JSON.stringify(hover(a, TEXT.indexOf('0.01元/美元 × 出口额') + 12, 'zh')!.contents);
    expect(unit).toContain('以万美元填报，按美元计算');
    const decl = JSON.stringify(hover(a, TEXT.indexOf('计量单位 万美元') + 6, 'en')!.contents);
    expect(decl).toContain('1 万美元 = 10000 US dollars');
  });
  it('formats to a fixed point, in English keywords too, and compiles to the same model', async () => {
    const r = await formatPolicy(TEXT.replace('计量单位 万美元 = 10000美元', '计量单位 万美元=10000 美元'));
    if (!r.ok) throw new Error('syntax');
    expect(r.text).toContain('计量单位 万美元 = 10000美元 “万美元”');
    expect(await formatPolicy(r.text)).toEqual({ ok: true, text: r.text });
    expect(compile(r.text).diagnostics).toEqual([]);
    const en = await formatPolicy(TEXT, { keywords: 'en' });
    if (!en.ok) throw new Error('syntax');
    expect(en.text).toContain('unit 万美元 = 10000美元');
    const back = compile(en.text);
    expect(back.diagnostics).toEqual([]);
    expect(back.model.units.get('万美元')!.scale).toEqual({ n: 10000n, d: 1n });
  });
});
