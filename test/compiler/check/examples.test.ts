// Example validation (compiler/check/examples.ts): examples become the JSON a
// caller would send and go through the same validation.
import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import { benefit, codes } from './helpers.ts';

const ex = (body: string) => benefit(`金额：100元；\n  示例 “例” {\n    ${body}\n  }`);

describe('examples', () => {
  it('lowers facts to caller JSON, the date, ledger entries and the expectation', () => {
    const c = compile(ex('已登记：是；职工人数：12人；证书等级：五级；类型：大型；成立日期：2020年1月1日；\n    培养人数：{ 初级工：3人 }；\n    日期：2025年6月1日；\n    已领：2025年2月1日，100元；\n    期望：100元；'));
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const e = c.model.benefits[0]!.examples[0]!;
    expect(e.facts).toEqual({ 已登记: true, 职工人数: '12', 证书等级: '五级', 类型: '大型', 成立日期: '2020-01-01', 培养人数: { 初级工: '3' } });
    expect(e.asOf).toBe('2025-06-01');
    expect(e.paid.map((p) => p.date)).toEqual(['2025-02-01']);
    expect(e.expect).toMatchObject({ status: 'eligible' });
  });
  it.each([
    ['no expectation', '已登记：是；', 'P2026'],
    ['an expectation that is neither a status nor money', '期望：3人；', 'P2026'],
    ['an unknown fact', '不存在：是；期望：符合；', 'P2004'],
    ['a value of the wrong unit', '职工人数：12元；期望：符合；', 'P2009'],
    ['a value not in the enum', '类型：中型；期望：符合；', 'P3004'],
    ['a malformed ledger entry', '已领：100元；期望：符合；', 'P2010'],
    ['a field examples do not take', '金额：100元；期望：符合；', 'P2016'],
  ])('%s → %s', (_, body, code) => expect(codes(ex(body))).toContain(code));
  it('a bare name in an example is recorded as the value it names', () => {
    const text = ex('类型：大型；期望：符合；');
    const c = compile(text);
    const at = text.lastIndexOf('大型');
    expect(c.model.symbols.at(at)?.keys).toEqual(['value:大型']);
  });
});
