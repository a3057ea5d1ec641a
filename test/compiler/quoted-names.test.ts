// Names as the texts write them (issue #12): 【优秀（五星）】, 【第四家及以后】, 【3A级企业】 — a name in lenticular brackets holds
// brackets, comparison words and leading digits; the name is the text inside (the input gives that), and it is written in
// 【】 wherever it is used. A bare name of that shape where a name stands is one error saying to bracket it (P1055).
import { describe, expect, it } from 'vitest';
import { lex, parse, writeName } from '../../grammar/index.ts';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { runExamples } from '../../compiler/examples.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { completion } from '../../lsp/completion.ts';
import { codeActions } from '../../lsp/code-actions.ts';
import { rename } from '../../lsp/rename.ts';

const TEXT = `政策 { 标题：“星级奖励” / “Star awards”；文号：“示例〔2025〕3号”；施行日期：2025-01-01；有效期：3年； }
资金 专项资金 “专项资金” / “Special fund”；
枚举 星级 “星级” / “Star rating”：【优秀（五星）】 “优秀（五星）” / “Excellent (five stars)”，【良好（四星）】 “良好（四星）” / “Good (four stars)”，其他 “其他” / “Other”；
枚举 序位 “签约序位” / “Order of signing”：【第一家】 “第一家” / “First”，【第四家及以后】 “第四家及以后” / “Fourth or later”；
对象 企业 “企业” / “Firm” {
  评级：星级 “评级” / “Rating”；
  签约序位：序位 “签约序位” / “Order”；
  【3A级企业】：是否 “是否3A级企业？” / “AAA-rated?”；
}
待遇 星级奖励 “星级奖励” / “Star award” {
  条款：“一”；对象：企业；资金：专项资金；
  条件：【3A级企业】，评级 属于 { 【优秀（五星）】，【良好（四星）】 }；
  金额：按 评级 { 【优秀（五星）】：10万元，【良好（四星）】：5万元 }；
  示例 “五星” { 评级：【优秀（五星）】；【3A级企业】：是；期望：100000元； }
  示例 “四星” { 评级：【良好（四星）】；【3A级企业】：是；期望：50000元； }
  示例 “非3A” { 评级：【优秀（五星）】；【3A级企业】：否；期望：不符合； }
}
待遇 序位奖励 “序位奖励” / “Order award” {
  条款：“二”；对象：企业；资金：专项资金；
  金额：按 签约序位 { 【第一家】：3万元，【第四家及以后】：1万元 }；
  示例 “第四家” { 签约序位：【第四家及以后】；期望：10000元； }
}
`;

describe('names in 【】', () => {
  it('lex as one name token each, whatever they hold', () => {
    const ids = lex('【优秀（五星）】，【80万（含）至200万（不含）】：【3A级】').tokens.filter((t) => t.tokenType.name === 'Identifier').map((t) => t.image);
    expect(ids).toEqual(['【优秀（五星）】', '【80万（含）至200万（不含）】', '【3A级】']);
  });
  it('name the text inside: declarations, table keys, example facts', () => {
    const c = compile(TEXT);
    expect(c.diagnostics).toEqual([]);
    expect(c.model.enums.get('星级')!.values.map((v) => v.name)).toEqual(['优秀（五星）', '良好（四星）', '其他']);
    expect(runExamples(c.model).map((r) => [r.example.label?.zh, r.passed, r.actual])).toEqual([
      ['五星', true, '100000.00元'],
      ['四星', true, '50000.00元'],
      ['非3A', true, '不符合'],
      ['第四家', true, '10000.00元'],
    ]);
  });
  it('the input gives the text inside', () => {
    const c = compile(TEXT);
    const v = validateFacts(c.model, '企业', { 评级: '良好（四星）', 签约序位: '第一家', '3A级企业': true });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    expect(evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01' }).benefits.map((b) => b.amount)).toEqual(['50000.00', '30000.00']);
    const bad = validateFacts(c.model, '企业', { 评级: '【良好（四星）】' });
    expect(bad.ok).toBe(false);
  });
  it('the formatter keeps the brackets (a fixed point)', async () => {
    const r = await formatPolicy(TEXT);
    if (!r.ok) throw new Error('syntax');
    expect(r.text).toContain('金额：按 评级 { 【优秀（五星）】：10万元，【良好（四星）】：5万元 }');
    expect(await formatPolicy(r.text)).toEqual(r.text === TEXT ? { ok: true, text: TEXT } : { ok: true, text: r.text });
    expect(compile(r.text).diagnostics).toEqual([]);
  });
  it('writeName brackets only what the lexer would not read back as the name', () => {
    expect(writeName('优秀（五星）')).toBe('【优秀（五星）】');
    expect(writeName('3A级企业')).toBe('【3A级企业】');
    expect(writeName('第四家及以后')).toBe('【第四家及以后】');
    expect(writeName('高级工')).toBe('高级工');
    expect(writeName('名单1')).toBe('名单1');
  });
  it('rename writes a new name that needs them in 【】, typed with or without them', () => {
    const a = new Analysis('file:///t.policy', 1, TEXT, compile);
    const at = TEXT.indexOf('【第一家】') + 2;
    for (const typed of ['第一、二家', '【第一、二家】']) {
      const edits = rename(a, at, typed, 'zh').changes![a.uri]!;
      expect(edits.length).toBe(2);
      const out = edits.map((e) => e.newText);
      expect(new Set(out)).toEqual(new Set(['【第一、二家】']));
    }
    const plain = rename(a, at, '首家', 'zh').changes![a.uri]!;
    expect(new Set(plain.map((e) => e.newText))).toEqual(new Set(['首家']));
  });
  it('completion inserts a value that needs them in 【】', () => {
    const text = TEXT.replace('示例 “第四家” { 签约序位：【第四家及以后】；', '示例 “第四家” { 签约序位：；');
    const at = text.indexOf('签约序位：；') + '签约序位：'.length;
    const items = completion(new Analysis('file:///t.policy', 1, text, compile), at, 'zh');
    const item = items.find((i) => i.label === '第四家及以后');
    expect((item?.textEdit as { newText: string } | undefined)?.newText).toBe('【第四家及以后】');
  });
});

describe('completion after a typed 【', () => {
  it('replaces the 【 too and writes the whole name in 【】 (a plain name as well)', () => {
    const text = TEXT.replace('示例 “五星” { 评级：【优秀（五星）】；', '示例 “五星” { 评级：【优；');
    const at = text.indexOf('评级：【优；') + '评级：【优'.length;
    const items = completion(new Analysis('file:///t.policy', 1, text, compile), at, 'zh');
    const edit = (label: string) => items.find((i) => i.label === label)?.textEdit as { newText: string; range: { start: { character: number } } } | undefined;
    expect(edit('优秀（五星）')?.newText).toBe('【优秀（五星）】');
    expect(edit('其他')?.newText).toBe('【其他】');
    const line = text.slice(0, at).split('\n').pop()!;
    expect(edit('优秀（五星）')?.range.start.character).toBe(line.length - 2);
    const plain = TEXT.replace('示例 “第四家” { 签约序位：【第四家及以后】；', '示例 “第四家” { 签约序位：【；');
    const at2 = plain.indexOf('签约序位：【；') + '签约序位：【'.length;
    const names = completion(new Analysis('file:///t.policy', 1, plain, compile), at2, 'zh').map((i) => (i.textEdit as { newText: string }).newText);
    expect(names).toEqual(expect.arrayContaining(['【第一家】', '【第四家及以后】']));
  });
});

describe('a bare name of that shape (P1055)', () => {
  const bare = (s: string) => parse(s).errors.map((e) => `${e.code} ${e.args['found'] ?? e.args['char'] ?? ''}`);
  it('is one error per name, saying to write it in 【】, in an enum, a fact, a table key, after 为', () => {
    expect(bare('枚举 星级：优秀（五星），良好（四星），其他；')).toEqual(['P1055 优秀（五星）', 'P1055 良好（四星）']);
    expect(bare('枚举 档次：第一家，第四家及以后；')).toEqual(['P1055 第四家及以后']);
    expect(bare('对象 企业 { 3A级企业：是否；5G应用项目数：人； }')).toEqual(['P1055 3A级企业', 'P1055 5G应用项目数']);
    expect(bare('待遇 甲 { 金额：按 评级 { 优秀（五星）：10万元，良好：5万元 }； }')).toEqual(['P1055 优秀（五星）']);
  });
  it('after 为 the checker says it (the parser reads 优秀（五星） as a keyed parameter\'s entry)', () => {
    const text = TEXT.replace('条件：【3A级企业】，评级 属于 { 【优秀（五星）】，【良好（四星）】 }', '条件：评级 为 优秀（五星）');
    expect(compile(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.args['fix']}`)).toEqual(['P1055 【优秀（五星）】']);
  });
  it('is not said of a quantity after a name (a condition the parser refuses for another reason)', () => {
    expect(bare('待遇 甲 { 条件：收入达到 5000万元（以上）；金额：1元； }').some((x) => x.startsWith('P1055'))).toBe(false);
  });
  it('a 【 without its 】 is P1056, alone', () => {
    expect(bare('枚举 星级：【优秀（五星），良好；')).toEqual(['P1056 【']);
  });
  it('the quick fix writes the brackets', () => {
    const text = TEXT.replace('【第四家及以后】 “第四家及以后”', '第四家及以后 “第四家及以后”');
    const a = new Analysis('file:///t.policy', 1, text, compile);
    const d = a.compilation.diagnostics.find((x) => x.code === 'P1055')!;
    expect(d.args['found']).toBe('第四家及以后');
    const r = a.range(d.range);
    const actions = codeActions(a, { textDocument: { uri: a.uri }, range: r, context: { diagnostics: [] } }, 'en');
    const edit = actions.find((x) => x.title.includes('【第四家及以后】'))?.edit?.changes?.[a.uri]?.[0];
    expect(edit?.newText).toBe('【第四家及以后】');
  });
});
