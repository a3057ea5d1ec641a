// What newcomer nc12 found confusing in a refusal of 每档一次 (issue #12): P4060 quoted the value the earlier payment
// recorded (“6000000”) instead of the value now, and the verbose trace printed 0-based bracket indices with −1 for none.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';

const TEXT = `政策 { 标题：“商贸”；文号：未载明；施行日期：2023年1月1日；有效期：未载明； }
对象 商贸企业 { 年网络销售额：元 “年网络销售额”； }
待遇 上台阶奖励 { 条款：“第四条”；对象：商贸企业；资金：未载明；
  金额：按 年网络销售额 分档 { 500万元以上：2万元，1000万元以上：5万元，2000万元以上：8万元 }；
  每档一次：逐档； }
`;

function decide(sales: string, trace = false) {
  const m = compile(TEXT).model;
  const v = validateFacts(m, '商贸企业', { 年网络销售额: sales });
  const l = validateLedger(m, [{ benefit: '上台阶奖励', date: '2024-03-01', amount: '20000', key: { 年网络销售额: '6000000' } }], '2025-03-01');
  if (!v.ok || !l.ok) throw new Error('invalid');
  return evaluate(m, '商贸企业', v.facts, { asOf: '2025-03-01', ledger: l.ledger, trace }).benefits[0]!;
}

describe('每档一次 refusals say the value now, and the trace names brackets', () => {
  it('P4060 quotes the current value, not the earlier payment’s', () => {
    const d = decide('9000000');
    expect(d.status).toBe('ineligible');
    const r = d.reasons.find((x) => x.code === 'P4060')!;
    expect(r.message).toContain('“9000000”');
    expect(r.message).not.toContain('6000000');
  });
  it('the trace numbers brackets from 1 with their thresholds', () => {
    const d = decide('12000000', true);
    const lines = (d.trace ?? []).map(String).join('\n');
    expect(lines).toContain('reached bracket 2 of 3 (from 10000000); paid before: bracket 1 of 3 (from 5000000)');
    expect(lines).not.toMatch(/-1/);
  });
});
