// A bracket or a range that holds for no value is P2012 (a warning): ends the wrong way round (18%以上12%以下), and —
// reviewer's find — equal ends with one excluded (12%以上不满12%, 12%（不含）至12%), which were silent. Equal ends both
// included (12%以上12%以下: exactly 12%) hold for one value and stay quiet.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';

const policy = (amount: string, condition = '') => `政策 { 标题：“名称”；文号：“示例〔2025〕12号”；施行日期：2025年1月1日；有效期：3年； }
资金 产业资金；
对象 企业 { 增长：%； }
待遇 甲 { 条款：“一”；对象：企业；资金：产业资金；${condition}金额：${amount}； }
`;
const p2012 = (text: string) => compile(text).diagnostics.filter((d) => d.code === 'P2012').length;

describe('a bracket or range that holds for no value', () => {
  it('warns for equal bracket ends with one excluded', () => {
    expect(p2012(policy('按 增长 分档 { 12%以上不满12%：5000元 }'))).toBe(1);
    expect(p2012(policy('按 增长 分档 { 12%（含）至12%（不含）：5000元 }'))).toBe(1);
  });
  it('still warns for ends the wrong way round', () => expect(p2012(policy('按 增长 分档 { 18%以上12%以下：5000元 }'))).toBe(1));
  it('is quiet for equal ends both included, and for a real bracket', () => {
    expect(p2012(policy('按 增长 分档 { 12%以上12%以下：5000元 }'))).toBe(0);
    expect(p2012(policy('按 增长 分档 { 12%以上不满18%：5000元 }'))).toBe(0);
  });
  it('warns for a range condition with equal ends, one excluded', () => {
    expect(p2012(policy('1000元', '条件：增长 12%（不含）至12%；'))).toBe(1);
    expect(p2012(policy('1000元', '条件：增长 12%至12%；'))).toBe(0);
  });
});
