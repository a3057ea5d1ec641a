// 补差 (top-up): the standard now reached minus what was already paid for the same thing (this benefit and those named by
// 合并计算, in the payment period). Reference semantics and wording, the summary and the formatter. The generated evaluator and
// DuckDB agree with the reference on test/emit/fixtures/top-up.policy (test/emit/differential.test.ts,
// test/sql/duckdb-differential.test.ts); the checker's messages are the golden case test/compiler/cases/top-up.policy.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';

const TEXT = `政策 { 标题：“补差” / “Top-up”；文号：“示例〔2025〕12号”；施行日期：2025年1月1日；有效期：3年； }
资金 专项资金 “专项资金” / “Special fund”；
枚举 冠军类别 “冠军类别” / “Champion kind”：示范企业 “示范企业” / “Model”，培育企业 “培育企业” / “Candidate”；
对象 企业 “企业” / “Firm” { 冠军类别：冠军类别 “冠军类别” / “Champion kind”；列入市级名单：是否 “列入市级名单？” / “On the city list?”； }
待遇 冠军奖励 “冠军奖励” / “Champion award” { 条款：“一”；对象：企业；资金：专项资金；发放：一次性；金额：按 冠军类别 { 示范企业：100万元，培育企业：50万元 }；最高：80万元；补差：是；合并计算：市级奖励； }
待遇 市级奖励 “市级奖励” / “City award” { 条款：“二”；对象：企业；资金：专项资金；发放：一次性；条件：列入市级名单；金额：20万元； }
`;
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, ledger: unknown[], lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '企业', facts);
  const l = validateLedger(c.model, ledger, '2026-03-01');
  if (!v.ok || !l.ok) throw new Error('invalid');
  return evaluate(c.model, '企业', v.facts, { asOf: '2026-03-01', ledger: l.ledger, lang }).benefits[0]!;
}
const paid = (benefit: string, amount: string) => ({ benefit, date: '2025-03-01', amount });

describe('reference semantics', () => {
  it('compiles cleanly', () => expect(c.diagnostics).toEqual([]));
  it.each([
    // Nothing paid: the standard (cut by 最高), no top-up note.
    [{ 冠军类别: '培育企业', 列入市级名单: false }, [], 'eligible 500000.00 '],
    [{ 冠军类别: '示范企业', 列入市级名单: false }, [], 'eligible 800000.00 P4023'],
    // Paid at the lower standard: the difference up to the new one, after 最高.
    [{ 冠军类别: '示范企业', 列入市级名单: false }, [paid('冠军奖励', '500000')], 'eligible 300000.00 P4023,P4054'],
    // 合并计算: the other benefit's payment is deducted too.
    [{ 冠军类别: '培育企业', 列入市级名单: false }, [paid('市级奖励', '200000')], 'eligible 300000.00 P4054'],
    // The standard already received: nothing left (not the frequency's P4016).
    [{ 冠军类别: '培育企业', 列入市级名单: false }, [paid('冠军奖励', '500000')], 'ineligible - P4055'],
    [{ 冠军类别: '培育企业', 列入市级名单: false }, [paid('冠军奖励', '300000'), paid('市级奖励', '200000')], 'ineligible - P4055'],
    // 合并计算 within one evaluation: 市级奖励 (named, so decided first) granted now counts as paid on the as-of date.
    [{ 冠军类别: '培育企业', 列入市级名单: true }, [], 'eligible 300000.00 P4054,P4070'],
    // Whether 市级奖励 is granted now is not known: the top-up cannot be told (P4071), never the full standard.
    [{ 冠军类别: '培育企业' }, [], 'undetermined - P4071'],
  ])('%j with %j', (facts, ledger, expected) => {
    const b = decide(facts, ledger);
    expect(`${b.status} ${b.amount ?? '-'} ${b.reasons.map((r) => r.code).join(',')}`).toBe(expected);
  });

  it('words the top-up and the refusal in both languages', () => {
    expect(decide({ 冠军类别: '示范企业', 列入市级名单: false }, [paid('冠军奖励', '500000')]).reasons[1]!.message).toBe('按新标准补差：标准800000.00元，已享受500000.00元，本次补差300000.00元');
    expect(decide({ 冠军类别: '培育企业', 列入市级名单: false }, [paid('冠军奖励', '500000')], 'en').reasons[0]!.message).toBe(
      'already received 500000.00 yuan (last on 2025-03-01) against the standard of 500000.00 yuan; there is no difference to top up',
    );
  });
});

describe('the summary and the formatter', () => {
  it('the summary says a higher standard pays the difference', () => {
    const zh = renderMarkdown(buildSummary(c.model, 'zh')).replace(/\*\*/g, '');
    expect(zh).toContain('发放方式：按新标准补差：政策施行以来已享受的，达到更高标准时只补发差额（新标准减已享受金额），不重复享受');
    const en = renderMarkdown(buildSummary(c.model, 'en'));
    expect(en).toContain('top-up: what was already received over the time since the benefit came into force is deducted');
  });
  it('formats to a fixed point that keeps 补差, in either spelling', async () => {
    const r = await formatPolicy(TEXT);
    if (!r.ok) throw new Error('syntax');
    expect(r.text).toContain('补差：是；');
    expect(await formatPolicy(r.text)).toEqual({ ok: true, text: r.text });
    const en = await formatPolicy(TEXT, { keywords: 'en' });
    if (!en.ok) throw new Error('syntax');
    expect(en.text).toContain('top-up：yes；');
    expect(compile(en.text).diagnostics).toEqual([]);
  });
});
