// An amount computed from a reviewed value (核定, issue #12): “按核定投资额的10%给予，最高500万元”. The reviewed fact may be
// read anywhere in a benefit's 金额; not given, the benefit is eligible with the amount pending review (P4056 with the
// range the text states, P4057 without), the other facts the amount needs are asked for as usual and the reviewed one
// never is; given, it is checked against its range at the boundary (P3030) — in facts, examples, the generated
// evaluator and SQL loading (test/sql/reviewed-load.test.ts) — and the amount is computed exactly. The generated evaluator
// and DuckDB agree with the reference on test/emit/fixtures/reviewed-base.policy (the differential tests).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { loadGenerated } from '../emit/helpers.ts';

const TEXT = readFileSync(new URL('../emit/fixtures/reviewed-base.policy', import.meta.url), 'utf8');
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '企业', facts);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01', lang });
}
const brief = (facts: Record<string, unknown>) =>
  decide(facts).benefits.map((b) => `${b.status} ${b.amount ?? '-'} ${b.reasons.map((r) => r.code).join(',')}${b.missing.length ? ` [${b.missing.join('、')}]` : ''}`);

describe('an amount computed from a reviewed value', () => {
  it('compiles without errors', () => expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]));
  it.each([
    // Not reviewed yet: eligible, pending (P4056 with the range, P4057 without); the other facts are still asked for.
    [{ 重点项目: true }, ['eligible - P4056', 'undetermined - P4012 [新购设备、实缴出资额]', 'eligible - P4056']],
    [{ 重点项目: true, 新购设备: 3, 实缴出资额: '1000000' }, ['eligible - P4056', 'eligible - P4057', 'eligible - P4056']],
    // Reviewed: computed exactly, the cap applies, the brackets are those of the approved value.
    [
      { 重点项目: true, 核定投资额: '123456789.01', 核定设备投资额: '500000.05', 新购设备: 3, 实缴出资额: '1000000' },
      ['eligible 5000000.00 P4023', 'eligible 103000.01 ', 'eligible 3000000.00 '],
    ],
    [{ 重点项目: true, 核定投资额: '20000000.05', 核定设备投资额: '500000', 新购设备: 3, 实缴出资额: '80000' }, ['eligible 2000000.01 ', 'eligible 80000.00 ', 'ineligible - P4004']],
    // A failed condition decides without the review.
    [{ 重点项目: false }, ['ineligible - P4003', 'undetermined - P4012 [新购设备、实缴出资额]', 'ineligible - P4003']],
  ])('%j', (facts, expected) => expect(brief(facts)).toEqual(expected));

  it('says what is pending, with the range, in both languages', () => {
    const zh = decide({ 重点项目: true, 新购设备: 3, 实缴出资额: '1000000' }).benefits;
    expect(zh[0]!.reasons[0]!.message).toBe('金额按主管部门核定的核定投资额计算（原文规定核定投资额为1000000.00元至500000000.00元）；尚未给出核定值');
    expect(zh[1]!.reasons[0]!.message).toBe('金额按主管部门核定的核定设备投资额计算；尚未给出核定值');
    const en = decide({ 重点项目: true, 新购设备: 3, 实缴出资额: '1000000' }, 'en').benefits;
    expect(en[0]!.reasons[0]!.message).toBe('the amount is computed from Approved investment, which the office sets case by case (within 1000000.00 to 500000000.00 yuan as the text states); it has not been given yet');
  });

  it('an approved value outside the text’s range is an input error (P3030), in facts and in an example', () => {
    for (const v of ['999999.99', '500000000.01']) {
      const r = validateFacts(c.model, '企业', { 核定投资额: v });
      expect(r.ok ? [] : r.errors.map((e) => `${e.code} ${e.field}`)).toEqual(['P3030 核定投资额']);
    }
    const bad = compile(TEXT.replace('示例 “核定下限100万元” { 重点项目：是；核定投资额：100万元；', '示例 “核定下限100万元” { 重点项目：是；核定投资额：99万元；'));
    expect(bad.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['P3030']);
  });

  it('the generated evaluator refuses the same values (P3030) and pends the same way (P4056)', { timeout: 300_000 }, async () => {
    const G = await loadGenerated(fileURLToPath(new URL('../emit/fixtures/reviewed-base.policy', import.meta.url)));
    for (const v of ['999999.99', '500000000.01']) {
      const r = G.validate('企业', { 核定投资额: v });
      expect(r.ok ? [] : (r as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(['P3030']);
    }
    const d = G.evaluate('企业', { 重点项目: true }, { asOf: '2025-06-01' }) as { benefits: { status: string; amount: string | null; reasons: { code: string }[] }[] };
    expect(d.benefits[0]!.reasons.map((r) => r.code)).toEqual(['P4056']);
    const paid = G.evaluate('企业', { 重点项目: true, 核定投资额: '20000000.05' }, { asOf: '2025-06-01' }) as typeof d;
    expect(paid.benefits[0]!.amount).toBe('2000000.01');
  });

  it('the summary says the base is set case by case', () => {
    const zh = renderMarkdown(buildSummary(c.model, 'zh')).replace(/\*\*/g, '');
    expect(zh).toContain('补助标准：按经核定的项目投资额的10%计发；经核定的项目投资额由主管部门按个案核定，原文规定为100万元至50000万元');
    const en = renderMarkdown(buildSummary(c.model, 'en')).replace(/\*\*/g, '');
    expect(en).toContain('10% of Approved investment; Approved investment is set case by case by the office, from 1000000 yuan to 500000000 yuan');
  });
});
