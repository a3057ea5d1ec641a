// Values by case (若 … 则 … 否则 …), 较低者 / 较高者 and the known values that
// decide a result alone: reference semantics as a table, the summary's words,
// the editor's hover and completion. The generated evaluator and SQL agree with
// the reference on test/emit/fixtures/cases.policy (the differential tests).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { parseDecimal } from '../../compiler/rational.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { completion } from '../../lsp/completion.ts';
import { hover } from '../../lsp/hover.ts';
import { benefit } from './check/helpers.ts';

const run = (amount: string, facts: Record<string, unknown>, params: Record<string, string> = {}) => {
  const c = compile(benefit(`金额：${amount}；\n  舍入：分，四舍五入；`));
  const errors = c.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => d.code).join());
  const v = validateFacts(c.model, '企业', facts);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const p = Object.fromEntries(Object.entries(params).map(([k, x]) => [k, parseDecimal(x)!]));
  const d = evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01', params: p }).benefits[0]!;
  return `${d.status} ${d.amount ?? ''}`.trim();
};

describe('reference semantics: only what can change the result makes it unknown', () => {
  it.each([
    ['若 已登记 则 100元 否则 营收', { 已登记: true }, {}, 'eligible 100.00'],
    ['若 已登记 则 营收 否则 100元', { 已登记: false }, {}, 'eligible 100.00'],
    ['若 已登记 则 100元 否则 营收', { 已登记: false }, {}, 'undetermined'],
    ['若 已登记 则 100元 否则 100元', {}, {}, 'eligible 100.00'],
    ['若 已登记 则 100元 否则 200元', {}, {}, 'undetermined'],
    ['若 职工人数 满 10人 则 100元 否则 若 职工人数 满 5人 则 50元 否则 10元', { 职工人数: '7' }, {}, 'eligible 50.00'],
    ['较低者（营收 × 30%，50万元）', { 营收: '100' }, {}, 'eligible 30.00'],
    ['较低者（营收 × 30%，50万元）', { 营收: '10000000' }, {}, 'eligible 500000.00'],
    ['较低者（营收，50万元）', {}, {}, 'undetermined'],
    ['较高者（800元/人 × 职工人数，2000元）', { 职工人数: '1' }, {}, 'eligible 2000.00'],
    ['较高者（800元/人 × 职工人数，2000元，100元）', { 职工人数: '4' }, {}, 'eligible 3200.00'],
    // 0人 × an unknown is 0, on either side; a division by zero on the other side is still not a value.
    ['(职工人数 ÷ 1人) × 营收 + 5元', { 职工人数: '0' }, {}, 'eligible 5.00'],
    ['营收 × (职工人数 ÷ 1人) + 5元', { 职工人数: '0' }, {}, 'eligible 5.00'],
    ['(职工人数 ÷ 1人) × 标准 + 5元', { 职工人数: '0' }, {}, 'eligible 5.00'],
    ['(职工人数 ÷ 1人) × (营收 ÷ (职工人数 ÷ 1人))', { 职工人数: '0', 营收: '1' }, {}, 'undetermined'],
    ['(职工人数 ÷ 1人) × 营收', { 职工人数: '3' }, {}, 'undetermined'],
  ])('%s with %j', (amount, facts, params, expected) => {
    expect(run(amount, facts, params)).toBe(expected);
  });
  it.each([
    ['营收 3000元至6000元', { 营收: '3000' }, 'eligible'],
    ['营收 3000元至6000元', { 营收: '6000' }, 'eligible'],
    ['营收 3000元至6000元', { 营收: '6000.01' }, 'ineligible'],
    ['营收 3000至6000元', { 营收: '2999' }, 'ineligible'],
    ['职工人数 16至24人', { 职工人数: '16' }, 'eligible'],
    ['职工人数 16 至 24人', { 职工人数: '25' }, 'ineligible'],
    ['成立日期 2020年1月1日至2020年12月31日', { 成立日期: '2020-12-31' }, 'eligible'],
    ['证书等级 初级工 至 中级工', { 证书等级: '高级工' }, 'ineligible'],
    ['证书等级 初级工 至 中级工', {}, 'undetermined'],
  ])('range %s with %j', (cond, facts, status) => {
    const c = compile(benefit(`金额：100元；\n  条件：${cond}；`));
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const v = validateFacts(c.model, '企业', facts);
    if (!v.ok) throw new Error('facts');
    expect(evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01' }).benefits[0]!.status).toBe(status);
  });
  it('否 且 unknown is 否: the benefit is decided ineligible without the missing fact', () => {
    const c = compile(benefit('金额：100元；\n  条件：已登记 且 职工人数 满 10人；'));
    const v = validateFacts(c.model, '企业', { 已登记: false });
    if (!v.ok) throw new Error('facts');
    expect(evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01' }).benefits[0]!.status).toBe('ineligible');
  });
});

describe('the summary and the editor', () => {
  const text = readFileSync(join(import.meta.dirname, '../emit/fixtures/cases.policy'), 'utf8');
  const c = compile(text);
  it.each([
    ['zh', '困难家庭的，1500元；否则1000元'],
    ['zh', '困难程度为严重的，3000元；否则困难程度为较重的，2000元；否则0元'],
    ['zh', '研发投入 × 30%、50万元中的较低者'],
    ['en', 'the higher of 800 yuan per person × Persons hired, 2,000 yuan'],
  ] as const)('%s summary says “%s”', (lang, words) => {
    const md = renderMarkdown(buildSummary(c.model, lang));
    expect(md.replace(/\*\*/g, '')).toContain(words);
  });
  it('hover on 较低者 explains it; completion in an amount offers 如果 and 较低者', () => {
    const a = new Analysis('file:///cases.policy', 1, text, compile);
    const at = text.indexOf('金额：较低者') + 3;
    expect(JSON.stringify(hover(a, at + 1, 'en')!.contents)).toContain('lesser-of');
    const amountAt = text.indexOf('金额：较低者') + 3;
    const labels = completion(a, amountAt, 'zh').map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['如果', '较低者', '较高者']));
  });
  it('a chain of 300 cases is cut at the nesting limit (P1006), not a crash', () => {
    const chain = Array.from({ length: 300 }, (_, i) => `若 职工人数 满 ${i}人 则 ${i}元 否则`).join(' ') + ' 0元';
    const codes = compile(benefit(`金额：${chain}；`)).diagnostics.map((d) => d.code);
    expect(codes).toContain('P1006');
  });
});
