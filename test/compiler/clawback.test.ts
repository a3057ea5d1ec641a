// 退还 / 追回 (clawback): what a benefit already paid is returned when a condition holds — all of it, a share, or at most
// an amount — reported beside the decision (`clawback`), never netted against the amount or the total. Reference semantics
// and wording here; the generated evaluator agrees with the reference on test/emit/fixtures/clawback.policy
// (test/emit/differential.test.ts); SQL decides it too (its clawback columns, test/sql/duckdb-differential.test.ts); the checker's messages are
// the golden case test/compiler/cases/clawback.policy.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { runExamples } from '../../compiler/examples.ts';

const TEXT = `政策 { 标题：“退还” / “Clawback”；文号：“示例〔2025〕31号”；施行日期：2025年1月1日；有效期：1年； }
资金 专项资金 “专项资金” / “Special fund”；
对象 企业 “企业” / “Firm” { 通过验收：是否 “通过验收？” / “Passed acceptance?”；弄虚作假：是否 “弄虚作假？” / “Fraud?”；投资额：元 “投资额” / “Investment”； }
待遇 项目补助 “项目补助” / “Project grant” { 条款：“一”；对象：企业；资金：专项资金；发放：一次性；金额：投资额 × 10%；舍入：元，四舍五入；退还：非 通过验收 或 弄虚作假； }
待遇 落户奖励 “落户奖励” / “Settling award” { 条款：“二”；对象：企业；资金：专项资金；发放：每年；金额：20万元；退还：弄虚作假，30%； }
待遇 贴息 “贴息” / “Interest subsidy” { 条款：“三”；对象：企业；资金：专项资金；发放：一次性；金额：5万元；退还：弄虚作假，3万元； }
`;
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, ledger: unknown[], asOf = '2025-09-01', lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '企业', facts);
  const l = validateLedger(c.model, ledger, asOf);
  if (!v.ok || !l.ok) throw new Error('invalid');
  return evaluate(c.model, '企业', v.facts, { asOf, ledger: l.ledger, lang });
}
const paid = (benefit: string, amount: string, date = '2025-03-01') => ({ benefit, date, amount });

describe('reference semantics', () => {
  it('compiles cleanly', () => expect(c.diagnostics).toEqual([]));

  it('nothing paid: nothing to return, whatever the condition', () => {
    const d = decide({ 通过验收: false, 弄虚作假: true, 投资额: '1000000' }, []);
    for (const b of d.benefits) expect(b.clawback, b.id).toBeUndefined();
  });

  it('condition holds: everything paid is due, with the clause and the condition; the decision and the total are untouched', () => {
    const d = decide({ 通过验收: false, 弄虚作假: false, 投资额: '1000000' }, [paid('项目补助', '100000'), paid('项目补助', '20000', '2025-05-01')]);
    const b = d.benefits[0]!;
    // 一次性 and paid already: not paid again (the frequency) — and the clawback reported beside it.
    expect(b.status).toBe('ineligible');
    expect(b.clawback).toEqual({
      status: 'due',
      amount: '120000.00',
      paid: '120000.00',
      reasons: [{ code: 'P4086', message: '非通过验收 或者 弄虚作假：依一，应退还已拨付资金120000.00元（已拨付120000.00元）', args: expect.any(Object) }],
      missing: [],
    });
    // The other two benefits are paid; nothing is subtracted for the clawback.
    expect(d.total).toBe('250000.00');
  });

  it('a share, half up to the fen; an amount at most what was paid', () => {
    const d = decide({ 通过验收: true, 弄虚作假: true, 投资额: '1000000' }, [paid('落户奖励', '200000.01'), paid('贴息', '20000')]);
    expect(d.benefits[1]!.clawback).toMatchObject({ status: 'due', amount: '60000.00', paid: '200000.01' });
    // 3万元 stated, 2万元 paid: at most what was paid.
    expect(d.benefits[2]!.clawback).toMatchObject({ status: 'due', amount: '20000.00', paid: '20000.00' });
    const e = decide({ 通过验收: true, 弄虚作假: true, 投资额: '1000000' }, [paid('贴息', '50000')]);
    expect(e.benefits[2]!.clawback).toMatchObject({ status: 'due', amount: '30000.00', paid: '50000.00' });
  });

  it('condition unknown: undetermined, naming the missing facts; condition false: none', () => {
    const d = decide({ 投资额: '1000000' }, [paid('项目补助', '100000')], '2025-09-01', 'en');
    expect(d.benefits[0]!.clawback).toEqual({
      status: 'undetermined',
      amount: null,
      paid: '100000.00',
      reasons: [{ code: 'P4087', message: expect.stringContaining('cannot be told yet: missing Passed acceptance?, Fraud?'), args: expect.any(Object) }],
      missing: ['通过验收', '弄虚作假'],
    });
    // 非 通过验收 is false and 弄虚作假 unknown: still unknown (或).
    expect(decide({ 通过验收: true }, [paid('项目补助', '100000')]).benefits[0]!.clawback?.status).toBe('undetermined');
    // Known true on one side of 或: due without the other fact.
    expect(decide({ 通过验收: false }, [paid('项目补助', '100000')]).benefits[0]!.clawback?.status).toBe('due');
    expect(decide({ 通过验收: true, 弄虚作假: false }, [paid('项目补助', '100000')]).benefits[0]!.clawback).toBeUndefined();
  });

  it('applies after the policy has expired', () => {
    const d = decide({ 通过验收: false, 弄虚作假: false, 投资额: '1000000' }, [paid('项目补助', '100000')], '2026-06-01');
    expect(d.benefits[0]!.status).toBe('ineligible');
    expect(d.benefits[0]!.clawback?.amount).toBe('100000.00');
  });
});

describe('examples: 期望退还', () => {
  const withExamples = (expectText: string) =>
    compile(TEXT.replace('退还：非 通过验收 或 弄虚作假； }', `退还：非 通过验收 或 弄虚作假；示例 { 投资额：100万元；通过验收：否；日期：2025年9月1日；已领：2025年3月1日，10万元；期望：不符合；期望退还：${expectText}； } }`));
  it.each([
    ['100000元', true],
    ['90000元', false],
    ['0元', false],
    ['待定', false],
  ])('期望退还：%s passes: %s', (v, pass) => {
    const x = withExamples(v);
    expect(x.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(runExamples(x.model).map((r) => r.passed)).toEqual([pass]);
  });
  it('期望退还 on a benefit without 退还 is P2246', () => {
    const x = compile(TEXT.replace('退还：弄虚作假，30%； }', '示例 { 弄虚作假：是；期望：200000元；期望退还：0元； } }'));
    expect(x.diagnostics.map((d) => d.code)).toContain('P2246');
  });
});

describe('checker', () => {
  it.each([
    ['退还：投资额；', 'P2010'],
    ['退还：弄虚作假，150%；', 'P2244'],
    ['退还：弄虚作假，投资额；', 'P2244'],
    ['退还：弄虚作假；追回：非 通过验收；', 'P2015'],
  ])('%s → %s', (field, code) => {
    const x = compile(TEXT.replace('退还：弄虚作假，3万元；', field));
    expect(x.diagnostics.map((d) => d.code)).toContain(code);
  });
});

describe('summary and formatter', () => {
  it('the summary states when and how much is returned', () => {
    const zh = renderMarkdown(buildSummary(c.model, 'zh')).replace(/\*\*/g, '');
    expect(zh).toContain('退还：通过验收：否，或者弄虚作假的，退还已拨付的全部资金');
    expect(zh).toContain('退还已拨付资金的30%');
    expect(zh).toContain('退还已拨付资金，至多3万元');
    const en = renderMarkdown(buildSummary(c.model, 'en'));
    expect(en).toMatch(/30% of what was paid is to be returned/);
  });
  it('English keywords give the same tree; the formatter keeps the field', async () => {
    const en = compile(TEXT.replace('退还：弄虚作假，30%；', 'clawback: 弄虚作假, 30%;'));
    expect(en.diagnostics).toEqual([]);
    expect(en.model.benefits[1]!.clawback?.share).toEqual(c.model.benefits[1]!.clawback?.share);
    const f = await formatPolicy(TEXT);
    expect(f.ok && f.text).toContain('退还：弄虚作假，30%；');
    const fe = await formatPolicy(TEXT, { keywords: 'en' });
    expect(fe.ok && fe.text).toContain('clawback：弄虚作假，30%；');
  });
});
