// Lints (compiler/check/lints.ts): a policy that compiles but says something suspect.
import { describe, expect, it } from 'vitest';
import { mayNotEnd } from '../../../compiler/check/lints.ts';
import { compile } from '../../../compiler/index.ts';
import { benefit, codes } from './helpers.ts';

describe('lints', () => {
  it.each([
    ['P2011', '金额：1000元；\n  最高：800元；', true],
    ['P2011', '金额：800元；\n  最高：1000元；', false],
    ['P2011', '金额：1000元；\n  每年累计不超过：800元；', true],
    ['P2012', '金额：100元；\n  条件：职工人数 满 10人，职工人数 不满 5人；', true],
    ['P2012', '金额：100元；\n  条件：职工人数 满 10人，职工人数 不满 20人；', false],
    ['P2012', '金额：100元；\n  条件：证书等级 高级工及以上，证书等级 中级工及以下；', true],
    ['P2012', '金额：100元；\n  条件：职工人数 满 10人，职工人数 不超过 10人；', false],
    ['P2019', '金额：营收 × 3%；', false],
    ['P2019', '金额：营收 × 0.125；', false],
    ['P2019', '金额：营收 ÷ 3；', true],
    ['P2019', '金额：营收 ÷ 4；', false],
    ['P2019', '金额：营收 ÷ 职工人数 × 1人；', true],
    ['P2019', '金额：营收 ÷ 3；\n  舍入：元，舍去；', false],
    ['P2019', '金额：800元/人 × 职工人数；', false],
  ])('%s on %j: %s', (code, fields, expected) => {
    expect(codes(benefit(fields)).includes(code)).toBe(expected);
  });
  it('P2032 names a fund or parameter no benefit uses, and not one that is used', () => {
    const unused = compile(benefit('金额：100元；')).diagnostics.filter((d) => d.code === 'P2032').map((d) => d.args['name']);
    expect(unused).toEqual(['标准']);
    expect(codes(benefit('金额：标准；'))).not.toContain('P2032');
  });
  it('mayNotEnd reads the lowered amount', () => {
    const amount = (e: string) => compile(benefit(`金额：${e}；\n  舍入：分，四舍五入；`)).model.benefits[0]!.amount!;
    expect(mayNotEnd(amount('100元'))).toBe(false);
    expect(mayNotEnd(amount('100.005元'))).toBe(false);
    expect(mayNotEnd(amount('营收 ÷ 3'))).toBe(true);
    expect(mayNotEnd(amount('营收 ÷ 2.5'))).toBe(false);
    expect(mayNotEnd(amount('按 证书等级 { 初级工：营收 ÷ 12，中级工：1元 }'))).toBe(true);
    expect(mayNotEnd(amount('按 证书等级 { 初级工：营收 × 0.5%，中级工：1元 }'))).toBe(false);
  });
});
