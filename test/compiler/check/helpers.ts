// A small policy to put one declaration, field or expression into, for the checker's module tests.
import { compile } from '../../../compiler/index.ts';

export const HEADER = `政策 {
  标题：“测试”；
  文号：“测〔2025〕1号”；
  施行日期：2025年1月1日；
  有效期：3年；
}
资金 专项资金；
等级 技能等级：初级工（五级） < 中级工 < 高级工；
枚举 规模：大型，小型；
参数 标准：元；
对象 企业 {
  职工人数：人；
  证书等级：技能等级；
  类型：规模；
  已登记：是否；
  成立日期：日期；
  培养人数：人 按 技能等级；
  营收：元；
  人均营收 = 营收 ÷ 职工人数；
}
`;

/** A policy whose one benefit has these fields (subject, fund and clause given unless overridden). */
export function benefit(fields: string, extra = ''): string {
  const base: Record<string, string> = { 条款: '条款：“一”；', 对象: '对象：企业；', 资金: '资金：专项资金；' };
  const lines = Object.entries(base)
    .filter(([k]) => !fields.includes(k + '：'))
    .map(([, v]) => v);
  return `${HEADER}待遇 奖励 {\n  ${lines.join('\n  ')}\n  ${fields}\n}\n${extra}`;
}

export const codes = (text: string): string[] => compile(text).diagnostics.map((d) => d.code);
export const errors = (text: string): string[] => compile(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
