// Completion after `舍入：` offers the rounding steps (10元 … 1万元) beside the unit and mode words, in the file's spelling.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { completion } from '../../lsp/completion.ts';

const HEAD = '政策 { 标题：“x”；文号：“y”；施行日期：2025-01-01；有效期：1年； }\n资金 钱；\n对象 甲 { 数：人； }\n';
const labelsAt = (text: string) => {
  const offset = text.indexOf('|');
  const src = text.replace('|', '');
  return completion(new Analysis('file:///t.policy', 1, src, compile), offset, 'zh').map((i) => i.label);
};

describe('completion of 舍入', () => {
  it('offers 10元, 100元, 1000元 and 1万元 with 元, 分 and the modes', () => {
    const labels = labelsAt(HEAD + '待遇 乙 { 条款：“一”；对象：甲；资金：钱；金额：100元 × 数；舍入：| }\n');
    expect(labels).toEqual(expect.arrayContaining(['元', '分', '四舍五入', '10元', '100元', '1000元', '1万元']));
  });
  it('offers the steps in English spelling in an English file', () => {
    const en = labelsAt(
      'policy { title: "x"; doc-number: "y"; effective: 2025-01-01; validity: 1 years; }\nfund F;\nsubject S { n: persons; }\n' +
        'benefit B { clause: "1"; subject: S; fund: F; amount: 100 yuan; rounding: | }\n',
    );
    expect(en).toEqual(expect.arrayContaining(['100 yuan', '1 wan-yuan', '10 yuan']));
    expect(en).not.toContain('100元');
  });
  it('offers no step where a field takes no amount', () => {
    expect(labelsAt(HEAD + '待遇 乙 { 条款：“一”；对象：甲；资金：钱；金额：100元；发放：| }\n')).not.toContain('100元');
  });
});
