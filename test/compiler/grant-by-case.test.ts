// 授予 by case (issue #12): a count granted by brackets (1个 / 2个 in a declared unit), designations by 若…否则 and by a
// table; the decision's outcome in both languages (hand-computed from test/emit/fixtures/grant-by-case.policy) and the summary.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { runExamples } from '../../compiler/examples.ts';

const TEXT = readFileSync(new URL('../emit/fixtures/grant-by-case.policy', import.meta.url), 'utf8');
const c = compile(TEXT);

function outcomes(facts: Record<string, unknown>, lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '商户', facts);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return evaluate(c.model, '商户', v.facts, { asOf: '2025-06-01', lang }).benefits.map((b) => `${b.id} ${b.status} ${b.outcome ?? '-'}`);
}

describe('授予 by case', () => {
  it('compiles clean', () => expect(c.diagnostics).toEqual([]));
  it('grants the count of the bracket reached, with its unit, and the designation of the case', () => {
    expect(outcomes({ 合同金额: '800000', 星级商户: true, '3A级': true, 评级: '优秀（五星）' })).toEqual([
      '抽券号码 eligible 1个',
      '商户称号 eligible 星级商户',
      '评估认定 eligible 示范商户',
    ]);
    expect(outcomes({ 合同金额: '2000000', 星级商户: false, '3A级': true, 评级: '合格（三星及以下）' }, 'en')).toEqual([
      '抽券号码 eligible 2 numbers',
      '商户称号 eligible Qualified merchant',
      '评估认定 ineligible -',
    ]);
    expect(outcomes({ 合同金额: '1999999.99' })[0]).toBe('抽券号码 eligible 1个');
    expect(outcomes({})).toEqual(['抽券号码 undetermined -', '商户称号 undetermined -', '评估认定 undetermined -']);
  });
  it('the summary says 授予, with a row per bracket', () => {
    const zh = renderMarkdown(buildSummary(c.model, 'zh'));
    expect(zh).toContain('**授予**：按签约合同金额确定（见下表）');
    expect(zh).toContain('| 80万元（含）至200万元（不含） | 1个 |');
    expect(zh).toContain('**授予**：星级商户的，“星级商户”；否则“合格商户”');
    const en = renderMarkdown(buildSummary(c.model, 'en'));
    expect(en).toContain('| at least 2,000,000 yuan | 2 numbers |');
    expect(en).toContain('**Granted**: "Star merchant" if');
  });

  it('examples expect what is granted (期望：1个 / “星级商户” / 符合，“优质商户”), and fail on another outcome', () => {
    const results = runExamples(c.model, 'en');
    expect(results.every((r) => r.passed), JSON.stringify(results.filter((r) => !r.passed).map((r) => [r.example.label?.zh, r.actual]))).toBe(true);
    expect(results.filter((r) => r.example.expect.outcome).map((r) => r.expected)).toEqual([
      'eligible, outcome: 1 numbers',
      'eligible, outcome: 2 numbers',
      'eligible, outcome: Star merchant',
      'eligible, outcome: Qualified merchant',
      'eligible, outcome: Model merchant',
      'eligible, outcome: Quality merchant',
    ]);
    // The same cases expecting the other outcome fail, saying what was granted.
    const swapped = compile(TEXT.replace('期望：1个；', '期望：2个；').replace('期望：“星级商户”；', '期望：“合格商户”；'));
    expect(swapped.diagnostics).toEqual([]);
    const failed = runExamples(swapped.model, 'zh').filter((r) => !r.passed);
    expect(failed.map((r) => [r.example.label?.zh, r.expected, r.actual])).toEqual([
      ['80万元，1个', '符合，结果：2个', '符合，结果：1个'],
      ['星级', '符合，结果：合格商户', '符合，结果：星级商户'],
    ]);
  });
  it('an equivalence (视同) is expected by its value', () => {
    const text = `${TEXT}
枚举 学历 “学历” / “Education”：中专 “中专” / “Secondary”，大专 “大专” / “College”；
待遇 视同学历 “视同学历” / “Education” {
  条款：“四”；
  对象：商户；
  视同：若 星级商户 则 大专 否则 中专；
  示例 “星级” { 星级商户：是；期望：大专； }
  示例 “否” { 星级商户：否；期望：大专； }
}
`;
    const e = compile(text);
    expect(e.diagnostics).toEqual([]);
    const r = runExamples(e.model, 'en').filter((x) => x.benefit.id === '视同学历');
    expect(r.map((x) => [x.passed, x.actual])).toEqual([
      [true, 'eligible, outcome: College'],
      [false, 'eligible, outcome: Secondary'],
    ]);
  });
});
