// 每档一次：逐档 where a bracket's amount needs another fact (issue #12): when one of the brackets due cannot be computed, the
// decision is undetermined (P4012) and, with several brackets due, its reasons give each one — the amount known (P4058) or
// the facts it needs (P4059) — instead of dropping the brackets already decided. The generated evaluator and DuckDB agree
// with the reference on test/emit/fixtures/bracket-each.policy (the differential tests).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';

const TEXT = readFileSync(new URL('../emit/fixtures/bracket-each.policy', import.meta.url), 'utf8');
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, ledger: unknown[] = [], lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '企业', facts);
  const l = validateLedger(c.model, ledger, '2026-06-01');
  if (!v.ok || !l.ok) throw new Error('invalid');
  return evaluate(c.model, '企业', v.facts, { asOf: '2026-06-01', ledger: l.ledger, lang }).benefits;
}
const codes = (facts: Record<string, unknown>, ledger: unknown[] = []) =>
  decide(facts, ledger).map((b) => `${b.status} ${b.amount ?? '-'} ${b.reasons.map((r) => r.code).join(',')}`);
const PAID_FIRST = [{ benefit: '营收突破奖励', date: '2025-06-01', amount: '500000', key: { 营业收入: '200000000' } }];

describe('每档一次：逐档 with a bracket not computable', () => {
  it('compiles without errors', () => expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]));
  it.each([
    // Three brackets due, two need 研发投入: bracket 1 known, 2 and 3 missing; in the second benefit 1 and 3 are known.
    [{ 营业收入: '1200000000', 高新企业: true }, [], ['undetermined - P4012,P4058,P4059,P4059', 'undetermined - P4012,P4058,P4059,P4058']],
    // Bracket 1 paid: 2 and 3 due, neither computable.
    [{ 营业收入: '1200000000', 高新企业: true }, PAID_FIRST, ['undetermined - P4012,P4059,P4059', 'undetermined - P4012,P4058,P4059,P4058']],
    // One bracket due: nothing to break down; all computable: eligible as before, without these reasons.
    [{ 营业收入: '600000000', 高新企业: true }, PAID_FIRST, ['undetermined - P4012', 'undetermined - P4012,P4058,P4059']],
    [{ 营业收入: '1200000000', 研发投入: '50000000', 高新企业: true }, [], ['eligible 2100000.00 ', 'eligible 3500000.00 ']],
    // A failed condition decides first.
    [{ 营业收入: '1200000000', 高新企业: false }, [], ['ineligible - P4003', 'undetermined - P4012,P4058,P4059,P4058']],
  ])('%j %j', (facts, ledger, expected) => expect(codes(facts, ledger)).toEqual(expected));

  it('words each bracket in both languages', () => {
    const zh = decide({ 营业收入: '1200000000', 高新企业: true })[1]!.reasons.map((r) => r.message);
    expect(zh).toEqual(['缺少事实：研发投入', '逐档给予的第1档：金额200000.00元', '逐档给予的第2档：金额尚不能计算，缺少事实：研发投入', '逐档给予的第3档：金额800000.00元']);
    const en = decide({ 营业收入: '1200000000', 高新企业: true }, [], 'en')[1]!.reasons.map((r) => r.message);
    expect(en.slice(1)).toEqual(['bracket 1 (each bracket paid): 200000.00 yuan', 'bracket 2 (each bracket paid): not computable yet, missing facts: R&D spend', 'bracket 3 (each bracket paid): 800000.00 yuan']);
  });
});
