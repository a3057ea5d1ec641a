// 未载明 in informational fields: the summary shows the field with 原文未载明 / "not stated in the text" where its
// value would stand, in both languages, and invents nothing.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { renderSummary } from '../../compiler/summary/index.ts';

const TEXT = `政策 { 标题：未载明；文号：“测试〔2025〕3号”；发文机关：未载明；发布日期：未载明；解释机关：未载明；施行日期：2025-03-01；有效期：3年； }
资金 专项资金；
对象 企业 { 投入：元； }
待遇 补贴 {
  条款：未载明；对象：企业；资金：专项资金；
  金额：投入 × 30%；
  舍入：未载明；经办：未载明；资金总额：未载明；名额：未载明；
}
条文 说明 { 条款：未载明；内容：未载明； }
`;

// Each row: the field's name in the summary, in each language.
const FIELDS: [string, string][] = [
  ['标题', 'Title'],
  ['发文机关', 'Issued by'],
  ['发布日期', 'Published'],
  ['解释机关', 'Interpreted by'],
  ['政策依据', 'Clause'],
  ['资金总额', 'Fund total'],
  ['名额', 'Recipients'],
  ['办理方式', 'How to apply'],
  ['舍入规则', 'Rounding'],
];

describe('未载明 in the summary', () => {
  const c = compile(TEXT);
  it('compiles without errors', () => expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([]));
  const zh = renderSummary(c.model, { lang: 'zh', format: 'md' });
  const en = renderSummary(c.model, { lang: 'en', format: 'md' });
  it.each(FIELDS)('%s / %s reads 原文未载明', (fzh, fen) => {
    expect(zh).toMatch(new RegExp(`${fzh}[^\\n]{0,12}原文未载明`));
    expect(en).toMatch(new RegExp(`${fen}[^\\n]{0,12}not stated in the text`));
  });
});
