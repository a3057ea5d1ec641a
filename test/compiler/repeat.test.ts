// 限一次：未载明 — the text does not state whether the benefit may be received again: a payment of it on record leaves the
// decision undetermined (P4089: the authority decides) instead of paying again or refusing. Generated evaluator and DuckDB
// agree with the reference on test/emit/fixtures/repeat.policy; the checker's messages are the golden case
// test/compiler/cases/repeat-not-stated.policy.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';

const TEXT = `政策 { 标题：“未载明” / “Not stated”；文号：“示例〔2025〕34号”；施行日期：2025年1月1日；有效期：3年； }
资金 专项资金 “专项资金” / “Special fund”；
对象 个人 “个人” / “Person” { 合格：是否 “合格？” / “Qualified?”； }
待遇 培训补贴 “培训补贴” / “Training subsidy” { 条款：“一”；对象：个人；资金：专项资金；发放：每次；限一次：未载明；条件：合格；金额：1000元； }
`;
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, ledger: unknown[], lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '个人', facts);
  const l = validateLedger(c.model, ledger, '2025-09-01');
  if (!v.ok || !l.ok) throw new Error('invalid');
  return evaluate(c.model, '个人', v.facts, { asOf: '2025-09-01', ledger: l.ledger, lang }).benefits[0]!;
}

describe('限一次：未载明', () => {
  it('compiles cleanly: no P2037 for a per-occasion benefit without a key', () => expect(c.diagnostics).toEqual([]));
  it('nothing paid: decided as usual', () => expect(decide({ 合格: true }, []).amount).toBe('1000.00'));
  it('paid before: undetermined, P4089, in both languages', () => {
    const ledger = [{ benefit: '培训补贴', date: '2025-03-01', amount: '1000' }];
    const d = decide({ 合格: true }, ledger);
    expect([d.status, d.reasons.map((r) => r.message)]).toEqual(['undetermined', ['已于2025-03-01享受本待遇（1000.00元）；原文未载明可否重复享受，由主管部门认定']]);
    expect(decide({ 合格: true }, ledger, 'en').reasons[0]!.message).toContain('the text does not state whether it may be received again');
    // A failed condition still refuses.
    expect(decide({ 合格: false }, ledger).status).toBe('ineligible');
  });
  it('the summary says the text does not state it', () => {
    expect(renderMarkdown(buildSummary(c.model, 'zh'))).toContain('可否重复享受原文未载明');
  });
  it('without it, P2037 still warns', () => {
    expect(compile(TEXT.replace('限一次：未载明；', '')).diagnostics.map((d) => d.code)).toContain('P2037');
  });
});
