// Expressions (compiler/check/expressions.ts): the type and unit of each
// expression, and the diagnostic when it has none. Each row is an amount or a
// condition put into a benefit; the expected column is the lowered type, or
// the diagnostic code.
import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import { typeText } from '../../../compiler/facts.ts';
import { isMoney } from '../../../compiler/units.ts';
import { benefit } from './helpers.ts';

const amountType = (expr: string) => {
  const c = compile(benefit(`金额：${expr}；\n  舍入：分，四舍五入；`));
  const b = c.model.benefits[0]!;
  const errs = c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  if (errs.length) return errs.join(',');
  const t = b.amount!.type;
  return t.kind === 'quantity' && isMoney(t.unit) ? '元' : typeText(t, c.model, 'zh');
};

const conditionResult = (expr: string) => {
  const c = compile(benefit(`金额：100元；\n  条件：${expr}；`));
  const errs = c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  return errs.length ? errs.join(',') : c.model.benefits[0]!.conditions[0]!.expr.k;
};

describe('amounts: units multiply, divide and must agree to add', () => {
  it.each([
    ['100元', '元'],
    ['1.5万元', '元'],
    ['800元/人 × 职工人数', '元'],
    ['营收 × 10%', '元'],
    ['营收 ÷ 职工人数 × 职工人数', '元'],
    ['人均营收 × 职工人数', '元'],
    ['按 证书等级 { 初级工：100元，中级工：200元，高级工：300元 }', '元'],
    ['按 培养人数 { 初级工：100元/人，高级工：300元/人 }', '元'],
    ['标准 + 100元', '元'],
    ['100元 + 职工人数', 'P2009'],
    ['职工人数', 'P2010'],
    ['营收 ÷ 0', 'P2044'],
    ['按 类型 { 大型：100元，小型：1人 }', 'P2010'],
    ['按 证书等级 { 初级工：100元，特级工：200元 }', 'P2005'],
    ['按 已登记 { 甲：100元 }', 'P2022'],
    ['按 培养人数 { 初级工：是 }', 'P2010'],
    ['不存在 × 100元', 'P2004'],
  ])('%s → %s', (expr, expected) => expect(amountType(expr)).toBe(expected));
});

describe('conditions: comparisons by type', () => {
  it.each([
    ['已登记', 'fact'],
    ['职工人数 满 10人', 'cmp'],
    ['职工人数 满 10元', 'P2009'],
    ['证书等级 中级工及以上', 'cmp'],
    ['证书等级 属于 {初级工，五级}', 'in'],
    ['类型 为 大型', 'cmp'],
    ['类型 高于 大型', 'P2033'],
    ['类型 为 中级工', 'P2005'],
    ['职工人数 属于 {大型}', 'P2010'],
    ['成立日期 低于 2020年1月1日', 'cmp'],
    ['成立日期 低于 2020年2月30日', 'P2025'],
    ['已登记 且 非 职工人数 满 10人', 'and'],
    ['营收', 'P2010'],
  ])('%s → %s', (expr, expected) => expect(conditionResult(expr)).toBe(expected));
});
