// Forms the texts write that the language spells otherwise (issue #12, nc14): the diagnostic names the form to write,
// and the quick fix for 3000立方米（以上） (P1086) gives text that compiles.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { codeActions } from '../../lsp/code-actions.ts';

const HEAD = `政策 { 标题：“提示”；文号：未载明；施行日期：2024年1月1日；有效期：未载明； }
资金 专项资金 “专项资金”；
计量单位 立方米 “立方米”；
计量单位 度 “度”；
对象 企业 “企业” { 库容：立方米 “库容”；电耗：度 “电耗”；证书日期：日期 “证书日期”； }
`;
const benefit = (cond: string) => `${HEAD}待遇 甲 { 条款：“一”；对象：企业；资金：专项资金；条件：${cond}；金额：1万元； }\n`;
const errors = (text: string) => compile(text).diagnostics.filter((d) => d.severity === 'error');

describe('text forms with a hint', () => {
  it('3000立方米（以上） is P1086, and its quick fix drops the brackets', () => {
    const text = benefit('库容 3000立方米（以上）');
    const a = new Analysis('file:///t.policy', 1, text, compile);
    const d = a.compilation.diagnostics.find((x) => x.code === 'P1086')!;
    expect(d.args['fix']).toBe('3000立方米以上');
    const actions = codeActions(a, { textDocument: { uri: a.uri }, range: a.range(d.range), context: { diagnostics: [] } }, 'en');
    const edit = actions.find((x) => x.title.includes('3000立方米以上'))?.edit?.changes?.[a.uri]?.[0];
    expect(edit).toBeDefined();
    const fixed = text.slice(0, d.range.start) + edit!.newText + text.slice(d.range.end);
    expect(fixed).toContain('库容 3000立方米以上；');
    expect(errors(fixed)).toEqual([]);
  });

  it('400万度 with 度 declared names the scaled unit, and that declaration compiles', () => {
    const d = errors(benefit('电耗 400万度以上')).find((x) => x.code === 'P2075')!;
    expect(d.args['scaled']).toContain('计量单位 万度 = 10000度');
    expect(errors(benefit('电耗 400万度以上').replace('计量单位 度 “度”；', '计量单位 度 “度”；\n计量单位 万度 = 10000度；'))).toEqual([]);
    // A unit that is no multiple of a declared one gets no such hint.
    expect(errors(benefit('电耗 400万吨以上')).find((x) => x.code === 'P2075')!.args['scaled']).toBe('');
  });

  it('a computed once-per key is P2252, a fact named 核定 is P1015', () => {
    const once = `${HEAD}待遇 甲 { 条款：“一”；对象：企业；资金：专项资金；金额：1万元；限一次：所在年度（证书日期）； }\n`;
    expect(errors(once).map((d) => d.code)).toEqual(['P2252']);
    const kw = HEAD.replace('证书日期：日期 “证书日期”；', '证书日期：日期 “证书日期”；核定：元 “核定”；');
    expect(errors(kw).map((d) => [d.code, d.args['word']])).toEqual([['P1015', '核定']]);
  });
});
