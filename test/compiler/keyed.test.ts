// Keyed parameters (参数 名称：元 按 文字，技能等级 { … }): a catalogue of standards an officer sets, read as
// 名称（键，…）. Reference semantics, input validation of nested params (keys, ranges per key), examples, the
// summary, hover and the formatter. The generated evaluator and DuckDB agree with the reference on the fixture
// test/emit/fixtures/cases.policy (困难补贴), which uses one (test/emit/differential.test.ts, test/sql/duckdb-differential.test.ts).
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateParams } from '../../compiler/facts.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { hover } from '../../lsp/hover.ts';

const TEXT = `政策 { 标题：“目录” / “Catalogue”；文号：“示例〔2025〕6号”；施行日期：2025年1月1日；有效期：3年； }
资金 专账资金 “专账资金” / “Special account”；
等级 技能等级 “技能等级” / “Level”：初级工（五级） “初级工” / “Elementary” < 中级工 “中级工” / “Intermediate” < 高级工 “高级工” / “Senior”；
对象 劳动者 “劳动者” / “Worker” { 培训项目：文字 “培训项目” / “Item”；证书等级：技能等级 “证书等级” / “Level obtained”；取得证书：是否 “取得证书？” / “Certified?”； }
参数 培训补贴标准：元 按 文字，技能等级 { 五级：1000元至1500元，高级工：2000元至3000元 } “培训补贴标准” / “Training standard”；
待遇 培训补贴 “培训补贴” / “Training subsidy” { 条款：“九”；对象：劳动者；资金：专账资金；金额：培训补贴标准（培训项目，证书等级）； }
待遇 高标准奖励 “高标准奖励” / “Award” { 条款：“十”；对象：劳动者；资金：专账资金；条件：培训补贴标准（培训项目，证书等级） 满 2000元；金额：100元； }
`;
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, params: Record<string, unknown>) {
  const v = validateFacts(c.model, '劳动者', facts);
  const p = validateParams(c.model, params);
  if (!v.ok || !p.ok) throw new Error('invalid');
  return evaluate(c.model, '劳动者', v.facts, { asOf: '2025-06-01', params: p.params }).benefits.map((b) => `${b.status} ${b.amount ?? b.reasons.map((r) => r.code).join(',')}`);
}

describe('reference semantics', () => {
  it('compiles cleanly', () => expect(c.diagnostics).toEqual([]));
  const params = { 培训补贴标准: { 电工: { 高级工: '2500', 五级: '1200' }, ' 焊工 ': { 中级工: '1800.50' } } };
  it.each([
    [{ 培训项目: '电工', 证书等级: '高级工' }, ['eligible 2500.00', 'eligible 100.00']],
    // A level alias names the same entry; text keys are trimmed, as facts are.
    [{ 培训项目: '电工', 证书等级: '初级工' }, ['eligible 1200.00', 'ineligible P4003']],
    [{ 培训项目: '焊工', 证书等级: '中级工' }, ['eligible 1800.50', 'ineligible P4003']],
    // An entry nobody set: eligible without an amount; in a condition, undetermined — never 0.
    [{ 培训项目: '焊工', 证书等级: '高级工' }, ['eligible P4010', 'undetermined P4010']],
    // A key unknown: the facts are missing.
    [{ 培训项目: '电工' }, ['undetermined P4012', 'undetermined P4012']],
  ])('%j → %j', (facts, want) => expect(decide(facts, params)).toEqual(want));
  it('names the missing entry in the reason', () => {
    const v = validateFacts(c.model, '劳动者', { 培训项目: '焊工', 证书等级: '高级工' });
    if (!v.ok) throw new Error('invalid');
    const d = evaluate(c.model, '劳动者', v.facts, { asOf: '2025-06-01', params: {} }).benefits[0]!;
    expect(d.reasons[0]!.message).toContain('培训补贴标准（焊工，高级工）');
  });
});

describe('params input', () => {
  it.each([
    [{ 培训补贴标准: { 电工: { 五级: '1600' } } }, ['P3030 params.培训补贴标准.电工.五级']],
    [{ 培训补贴标准: { 电工: { 高级: '1' } } }, ['P3004 params.培训补贴标准.电工.高级']],
    [{ 培训补贴标准: { 电工: '2500' } }, ['P3002 params.培训补贴标准.电工']],
    [{ 培训补贴标准: '2500' }, ['P3002 params.培训补贴标准']],
    [{ 培训补贴标准: { 电工: { 中级工: '-1' } } }, ['P3003 params.培训补贴标准.电工.中级工']],
  ])('%j → %j', (params, want) => {
    const r = validateParams(c.model, params);
    expect(r.ok ? [] : r.errors.map((e) => `${e.code} ${e.field}`)).toEqual(want);
  });
  it('holds each entry under 名称（键，…）, levels by their canonical name', () => {
    const r = validateParams(c.model, { 培训补贴标准: { 电工: { 五级: '1000' } } });
    expect(r.ok && Object.keys(r.params)).toEqual(['培训补贴标准（电工，初级工）']);
  });
});

describe('the summary, the editor and the formatter', () => {
  it('the summary says it is set per key, with the ranges the text fixes', () => {
    const md = renderMarkdown(buildSummary(c.model, 'zh')).replace(/\*\*/g, '');
    expect(md).toContain('按项目、技能等级分别确定（原文规定的范围：初级工1000元至1500元、高级工2000元至3000元）');
    expect(md).toContain('培训补贴标准中培训项目、证书等级对应的标准');
  });
  it('hover on the keyed parameter where it is read names it', () => {
    const a = new Analysis('file:///keyed.policy', 1, TEXT, compile);
    expect(JSON.stringify(hover(a, TEXT.indexOf('培训补贴标准（培训项目') + 1, 'en')!.contents)).toContain('Training standard');
  });
  it('formats to a fixed point that compiles to the same model', async () => {
    const r = await formatPolicy(TEXT);
    if (!r.ok) throw new Error('syntax');
    const once = r.text;
    expect(await formatPolicy(once)).toEqual({ ok: true, text: once });
    expect(compile(once).diagnostics).toEqual([]);
    expect(once).toContain('金额：培训补贴标准（培训项目，证书等级）；');
  });
});
