// 自行选择 (the applicant chooses, no stated winner): computed by hand from the fixture's text — every eligible alternative
// is reported and marked (P4063), the total counts only the highest, a payment of one makes the others not payable
// (P4064), later benefits sharing a cap count only the alternative a total counts, and a batch adds it once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { decideSubject, tallyDecided } from '../../compiler/batch/decide.ts';
import { emptyTally, summarize } from '../../compiler/batch/summary.ts';

const text = readFileSync(fileURLToPath(new URL('../emit/fixtures/choice.policy', import.meta.url)), 'utf8');
const model = compile(text).model;
const facts = { 项目编号: 'A-2', 设备投资: '2000000', 贷款金额: '5000000', 首次认定: true };

function run(ledger: unknown[] = []) {
  const v = validateFacts(model, '企业', facts);
  const l = validateLedger(model, ledger, '2025-06-01');
  if (!v.ok || !l.ok) throw new Error('bad input');
  return evaluate(model, '企业', v.facts, { asOf: '2025-06-01', ledger: l.ledger });
}

describe('自行选择', () => {
  it('reports every eligible alternative, marked; the total counts the highest of each group', () => {
    const d = run();
    expect(d.benefits.map((b) => [b.id, b.status, b.amount, b.reasons.filter((r) => r.code === 'P4063').map((r) => r.args['others'])])).toEqual([
      ['设备补助', 'eligible', '200000.00', ['“项目贷款贴息”']],
      ['贷款贴息', 'eligible', '150000.00', ['“设备投资补助”']],
      // The yearly 25万元 counts 设备补助 only (the alternative a total counts): 50000 left for each of the next pair.
      ['认定奖励', 'eligible', '50000.00', ['“认定配套补贴”']],
      ['认定补贴', 'eligible', '50000.00', ['“首次认定奖励”']],
    ]);
    expect(d.total).toBe('250000.00');
  });
  it('once one alternative was paid for the project, the other is not payable', () => {
    const d = run([{ benefit: '贷款贴息', date: '2025-03-01', amount: '100000', key: { 项目编号: 'A-2' } }]);
    const b = d.benefits.find((x) => x.id === '设备补助')!;
    expect([b.status, b.reasons[0]!.code, b.reasons[0]!.args['other']]).toEqual(['ineligible', 'P4064', '项目贷款贴息']);
  });
  it('a batch adds only the counted alternative to the fund and grand totals', () => {
    const t = emptyTally();
    tallyDecided(t, decideSubject(model, { row: 1, id: '1', type: '企业', facts } as never, { asOf: '2025-06-01' } as never));
    const s = summarize(model, t, '2025-06-01', 'zh');
    expect([s.total, s.funds.map((f) => f.total)]).toEqual(['250000.00', ['250000.00']]);
    expect(s.benefits.map((b) => b.total)).toEqual(['200000.00', '150000.00', '50000.00', '50000.00']);
  });
});
