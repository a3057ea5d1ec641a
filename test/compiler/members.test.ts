// 名单 (list-of) and 合计 (sum-over): one claim for many persons. Reference semantics as a table, input
// validation at member paths, the batch CSV cell, the SQL refusal by name, the summary's words, and the
// editor's hover and completion inside 合计. The generated evaluator agrees with the reference on
// test/emit/fixtures/members.policy and Dalian (test/emit/differential.test.ts, examples.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { cellValue } from '../../compiler/batch/rows.ts';
import { translate } from '../../compiler/sql/translate.ts';
import { duckdb } from '../../compiler/sql/dialect.ts';
import { ddl } from '../../compiler/sql/ddl.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { completion } from '../../lsp/completion.ts';
import { hover } from '../../lsp/hover.ts';

const PATH = join(import.meta.dirname, '../emit/fixtures/members.policy');
const TEXT = readFileSync(PATH, 'utf8');
const c = compile(TEXT);

const decide = (benefit: string, facts: Record<string, unknown>, asOf = '2025-06-01') => {
  const v = validateFacts(c.model, '单位', facts);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const d = evaluate(c.model, '单位', v.facts, { asOf }).benefits.find((b) => b.id === benefit)!;
  return `${d.status} ${d.amount ?? d.missing.join('、') ?? ''}`.trim();
};

describe('reference semantics of 合计', () => {
  it('compiles cleanly', () => expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]));
  it.each([
    ['项目补贴', { 人员: [{ 费用: '800', 在册: true }, { 费用: '450', 在册: true }] }, 'eligible 1050.00'],
    ['项目补贴', { 人员: [{ 费用: '800', 在册: false }, { 费用: '450', 在册: true }] }, 'eligible 450.00'],
    // A member whose condition is false adds nothing, whatever it lacks.
    ['项目补贴', { 人员: [{ 在册: false }, { 费用: '450', 在册: true }] }, 'eligible 450.00'],
    // Unknown condition or value: the sum is unknown, the member's fact named by its place.
    ['项目补贴', { 人员: [{ 费用: '800', 在册: true }, { 费用: '450' }] }, 'undetermined 人员[1].在册'],
    ['项目补贴', { 人员: [{ 在册: true }] }, 'undetermined 人员[0].费用'],
    // The list itself unknown; an empty list adds up to 0 (nothing paid).
    ['项目补贴', {}, 'undetermined 人员'],
    ['项目补贴', { 人员: [] }, 'ineligible'],
    ['吸纳奖补', { 人员: [{ 困难: true }, { 困难: false }, { 困难: true }] }, 'eligible 2000.00'],
    // A member's derived fact (年龄 = 周岁（出生日期）) is computed from the member's facts; missing by its place.
    ['按规模补贴', { 单位规模: '小型', 人员: [{ 费用: '1000.01', 出生日期: '2005-01-01' }] }, 'eligible 800.01'],
    ['按规模补贴', { 单位规模: '大型', 人员: [{ 费用: '1000' }] }, 'undetermined 人员[0].出生日期'],
    // A table keyed by a member's fact: no standard for one member's value decides the claim (P4004).
    ['按类别补贴', { 人员: [{ 类别: '甲类' }, { 类别: '甲类' }] }, 'eligible 200.00'],
    ['按类别补贴', { 人员: [{ 类别: '甲类' }, { 类别: '乙类' }] }, 'ineligible'],
    ['按类别补贴', { 人员: [{ 类别: '甲类' }, {}] }, 'undetermined 人员[1].类别'],
    ['满三人奖励', { 人员: [{ 在册: true }, { 在册: true }, { 在册: true }] }, 'eligible 5000.00'],
  ] as const)('%s %j → %s', (benefit, facts, want) => {
    expect(decide(benefit, facts as Record<string, unknown>)).toBe(want);
  });
  it('the reason of a condition over a sum shows the list by its size', () => {
    const v = validateFacts(c.model, '单位', { 人员: [{ 在册: true }, { 在册: false }] });
    if (!v.ok) throw new Error('invalid');
    const d = evaluate(c.model, '单位', v.facts, { asOf: '2025-06-01' }).benefits.find((b) => b.id === '满三人奖励')!;
    expect(d.reasons[0]!.message).toContain('（人员：2项）');
  });
});

describe('input', () => {
  it('checks each member as the facts of its subject type, at its JSON path', () => {
    const v = validateFacts(c.model, '单位', { 人员: [{ 费用: '-1', 类别: '丙类', 年龄: 3, 无此: 1 }, 5], 单位规模: '大型' });
    expect(v.ok ? [] : v.errors.map((e) => `${e.code} ${e.field}`)).toEqual(['P3003 人员[0].费用', 'P3004 人员[0].类别', 'P3011 人员[0].年龄', 'P3001 人员[0].无此', 'P3010 人员[1]']);
    const notList = validateFacts(c.model, '单位', { 人员: { 费用: 1 } });
    expect(notList.ok ? [] : notList.errors.map((e) => `${e.code} ${e.field}`)).toEqual(['P3002 人员']);
  });
  it('a batch CSV cell holds the JSON array of the members', () => {
    const t = c.model.subjects.get('单位')!.facts.get('人员')!.type;
    expect(cellValue(t, ' [{"费用":"1"}] ')).toEqual([{ 费用: '1' }]);
    expect(cellValue(t, '[not json')).toBe('[not json');
  });
});

describe('backends', () => {
  it('SQL reads the list as a list of structs and sums it member by member (test/sql compares it with the reference)', () => {
    const q = translate(c.model, { dialect: duckdb, asOf: '2025-06-01' }).find((x) => x.subject === '单位')!;
    expect(q.sql).toContain('list_transform("人员"');
    expect(ddl(c.model, duckdb)).toContain('"人员" STRUCT("费用" DECIMAL(18,2), "在册" BOOLEAN, "困难" BOOLEAN, "出生日期" DATE, "类别" VARCHAR)[]');
  });
});

describe('the summary and the editor', () => {
  it.each([
    ['zh', '申请的人员中符合“在册”的每一项分别计算“费用、600元中的较低者”后合计'],
    ['en', 'added up over each entry of Persons claimed for where Registered? — yes: the lower of Cost, 600 yuan'],
  ] as const)('%s summary says “%s”', (lang, words) => {
    expect(renderMarkdown(buildSummary(c.model, lang)).replace(/\*\*/g, '')).toContain(words);
  });
  it('hover on a member fact inside 合计 names the member subject; completion there offers its facts first', () => {
    const a = new Analysis('file:///members.policy', 1, TEXT, compile);
    const at = TEXT.indexOf('较低者（费用') + 4;
    expect(JSON.stringify(hover(a, at, 'zh')!.contents)).toContain('人员');
    const inside = TEXT.indexOf('合计（人员，较低者') + 6;
    const labels = completion(a, inside, 'zh').map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['费用', '在册', '出生日期', '单位规模']));
    expect(labels.indexOf('费用')).toBeLessThan(labels.indexOf('单位规模'));
    expect(JSON.stringify(hover(a, TEXT.indexOf('合计（') + 1, 'en')!.contents)).toContain('sum-over');
  });
});
