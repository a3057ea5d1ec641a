// An amount set case by case by the office (核定): `名称：核定 20万元至500万元；` (or `核定 元`) as a fact, read as a
// benefit's whole 金额. Reference semantics (eligibility decided while the amount is pending review, P4051–P4053), the
// range checked at the boundary (P3030), the total, the summary, hover, completion and the formatter. The generated
// evaluator and DuckDB agree with the reference on test/emit/fixtures/reviewed.policy (test/emit/differential.test.ts,
// test/sql/duckdb-differential.test.ts); the checker's messages are the golden case test/compiler/cases/reviewed.policy.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { hover } from '../../lsp/hover.ts';
import { explain } from '../../compiler/cli/eval.ts';

const TEXT = `政策 { 标题：“产值奖励” / “Output awards”；文号：“示例〔2025〕9号”；施行日期：2025年1月1日；有效期：3年； }
资金 专项资金 “专项资金” / “Special fund”；
对象 企业 “企业” / “Firm” {
  年工业产值：元 “年工业产值” / “Yearly output”；
  重点项目：是否 “重点项目？” / “Key project?”；
  产值奖励核定额：核定 20万元至500万元 “评审核定的奖励金额” / “Award set by review”；
  重点项目支持额：核定 元 “一事一议核定的支持金额” / “Support set case by case”；
  技改核定额：核定 20万元至500万元 “技改补助核定额” / “Upgrade grant set by review”；
}
待遇 产值奖励 “产值奖励” / “Output award” { 条款：“一”；对象：企业；资金：专项资金；发放：一次性；条件：年工业产值 突破 10亿元；金额：产值奖励核定额； }
待遇 重点项目支持 “重点项目支持” / “Key project support” { 条款：“二”；对象：企业；资金：专项资金；条件：重点项目；金额：重点项目支持额； }
待遇 技改补助 “技改补助” / “Upgrade grant” { 条款：“三”；对象：企业；资金：专项资金；条件：重点项目；金额：技改核定额；最高：300万元； }
`;
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, ledger: unknown[] = [], lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '企业', facts);
  const l = validateLedger(c.model, ledger, '2025-06-01');
  if (!v.ok || !l.ok) throw new Error('invalid');
  return evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01', ledger: l.ledger, lang });
}
const brief = (facts: Record<string, unknown>, ledger: unknown[] = []) =>
  decide(facts, ledger).benefits.map((b) => `${b.status} ${b.amount ?? '-'} ${b.reasons.map((r) => r.code).join(',')}${b.missing.length ? ` [${b.missing.join('、')}]` : ''}`);

describe('reference semantics', () => {
  it('compiles cleanly', () => expect(c.diagnostics).toEqual([]));
  it.each([
    // Not reviewed yet: eligible, amount pending — P4051 with the text's range, P4053 with none, P4051 narrowed by 最高.
    [{ 年工业产值: '1200000000', 重点项目: true }, ['eligible - P4051', 'eligible - P4053', 'eligible - P4051']],
    // Reviewed: the approved amount is the amount; 最高 still cuts it.
    [
      { 年工业产值: '1200000000', 重点项目: true, 产值奖励核定额: '3000000', 重点项目支持额: '12345.67', 技改核定额: '4000000' },
      ['eligible 3000000.00 ', 'eligible 12345.67 ', 'eligible 3000000.00 P4023'],
    ],
    // A failed condition decides without the review; a missing fact of a condition is the only question asked.
    [{ 年工业产值: '1000000000', 重点项目: false }, ['ineligible - P4003', 'ineligible - P4003', 'ineligible - P4003']],
    [{ 重点项目: true }, ['undetermined - P4012 [年工业产值]', 'eligible - P4053', 'eligible - P4051']],
  ])('%j', (facts, expected) => expect(brief(facts)).toEqual(expected));

  it('the ledger still refuses a second one-off payment while the amount is pending', () => {
    expect(brief({ 年工业产值: '1200000000' }, [{ benefit: '产值奖励', date: '2025-03-01', amount: '1000000' }])[0]).toBe('ineligible - P4016');
  });

  it('the pending reason states the range, narrowed by a constant 最高, in both languages', () => {
    const zh = decide({ 年工业产值: '1200000000', 重点项目: true }).benefits;
    expect(zh.map((b) => b.reasons[0]!.message)).toEqual([
      '金额由主管部门按个案核定，原文规定为200000.00元至5000000.00元；尚未给出核定金额（产值奖励核定额）',
      '金额由主管部门按个案核定，原文未载明金额范围；尚未给出核定金额（重点项目支持额）',
      '金额由主管部门按个案核定，原文规定为200000.00元至3000000.00元；尚未给出核定金额（技改核定额）',
    ]);
    const en = decide({ 年工业产值: '1200000000', 重点项目: true }, [], 'en').benefits;
    expect(en[0]!.reasons[0]!.message).toBe('the amount is set case by case by the office, within 200000.00 to 5000000.00 yuan as the text states; no approved amount (Award set by review) was given yet');
  });

  it('the total counts only amounts known now, and policy eval says how many are still open', () => {
    const d = decide({ 年工业产值: '1200000000', 重点项目: true, 重点项目支持额: '50000' });
    expect(d.total).toBe('50000.00');
    expect(explain(c.model, d, 'zh', false).trim().split('\n').at(-1)).toBe('合计：50000.00元（另有2项符合条件、金额待定，未计入合计）');
    const all = decide({ 年工业产值: '1200000000', 重点项目: true, 重点项目支持额: '50000', 产值奖励核定额: '200000', 技改核定额: '200000' });
    expect(explain(c.model, all, 'en', false).trim().split('\n').at(-1)).toBe('Total: 450000.00 yuan');
  });

  it('an approved amount outside the text’s range is an input error (P3030), never paid', () => {
    for (const v of ['199999.99', '5000000.01']) {
      const r = validateFacts(c.model, '企业', { 产值奖励核定额: v });
      expect(r.ok ? [] : r.errors.map((e) => `${e.code} ${e.field}`)).toEqual(['P3030 产值奖励核定额']);
    }
    for (const v of ['200000', '5000000']) expect(validateFacts(c.model, '企业', { 产值奖励核定额: v }).ok).toBe(true);
    // 核定 元 states no range: any amount in yuan.
    expect(validateFacts(c.model, '企业', { 重点项目支持额: '99999999' }).ok).toBe(true);
  });
});

describe('with 就高不重复', () => {
  const t = compile(TEXT.replace('金额：产值奖励核定额； }', '金额：产值奖励核定额；就高不重复：年工业产值； }'));
  it('compiles cleanly', () => expect(t.diagnostics).toEqual([]));
  it('the comparison with other policies waits for the approved amount (undetermined, naming it)', () => {
    const run = (facts: Record<string, unknown>) => {
      const v = validateFacts(t.model, '企业', facts);
      if (!v.ok) throw new Error('invalid');
      const b = evaluate(t.model, '企业', v.facts, { asOf: '2025-06-01' }).benefits[0]!;
      return `${b.status} ${b.amount ?? '-'} ${b.missing.join('、')}`;
    };
    expect(run({ 年工业产值: '1200000000' })).toBe('undetermined - 产值奖励核定额');
    expect(run({ 年工业产值: '1200000000', 产值奖励核定额: '300000' })).toBe('ineligible - ');
    expect(run({ 年工业产值: '1200000000', 产值奖励核定额: '300000', 重点项目: true }).startsWith('ineligible')).toBe(true);
  });
});

describe('the summary, the editor and the formatter', () => {
  it('the summary says the amount is set case by case, with the range', () => {
    const zh = renderMarkdown(buildSummary(c.model, 'zh')).replace(/\*\*/g, '');
    expect(zh).toContain('补助标准：由主管部门按个案核定，20万元至500万元');
    expect(zh).toContain('由主管部门按个案核定（原文未载明金额范围）');
    const en = renderMarkdown(buildSummary(c.model, 'en')).replace(/\*\*/g, '');
    expect(en).toContain('set case by case by the office, from 200000 yuan to 5000000 yuan');
  });
  it('hover on a reviewed fact says so, with the range', () => {
    const a = new Analysis('file:///reviewed.policy', 1, TEXT, compile);
    const at = TEXT.indexOf('金额：产值奖励核定额') + 4;
    expect(JSON.stringify(hover(a, at, 'zh')!.contents)).toContain('核定金额：由主管部门按个案核定，原文规定的范围：200000元至5000000元');
    const none = TEXT.indexOf('金额：重点项目支持额') + 4;
    expect(JSON.stringify(hover(a, none, 'en')!.contents)).toContain('(the text states no range)');
  });
  it('formats to a fixed point that keeps 核定 and compiles to the same model', async () => {
    const r = await formatPolicy(TEXT.replace('产值奖励核定额：核定 20万元', '产值奖励核定额：核定   20万元'));
    if (!r.ok) throw new Error('syntax');
    expect(r.text).toContain('产值奖励核定额：核定 20万元至500万元');
    expect(await formatPolicy(r.text)).toEqual({ ok: true, text: r.text });
    expect(compile(r.text).diagnostics).toEqual([]);
    const en = await formatPolicy(TEXT, { keywords: 'en' });
    if (!en.ok) throw new Error('syntax');
    expect(en.text).toContain('reviewed 20 wan-yuan until 500 wan-yuan');
    expect(compile(en.text).diagnostics).toEqual([]);
  });
});
