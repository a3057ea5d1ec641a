// 分担 (one grant shared by several funds): the parts each decision reports, computed by hand from the fixture's text —
// each share half up to the fen, the last of shares adding up to 100% and 余款 taking exactly what is left — and the
// batch's per-fund totals, which add the parts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { decideSubject, tallyDecided } from '../../compiler/batch/decide.ts';
import { emptyTally } from '../../compiler/batch/summary.ts';

const text = readFileSync(fileURLToPath(new URL('../emit/fixtures/split.policy', import.meta.url)), 'utf8');
const model = compile(text).model;

function parts(facts: Record<string, unknown>) {
  const v = validateFacts(model, '企业', facts);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return evaluate(model, '企业', v.facts, { asOf: '2025-06-01' }).benefits.map((b) => [b.id, b.amount, b.fund, b.parts?.map((p) => `${p.fund} ${p.amount}`) ?? null]);
}

describe('分担', () => {
  it('reports each fund’s part; the last share takes the remainder fen', () => {
    expect(parts({ 项目编号: 'A-3', 核定投资: '1000000.10', 新增就业人数: 10 })).toEqual([
      // 100000.01 × 60% = 60000.006 → 60000.01; 区级 takes the rest.
      ['技改补助', '100000.01', null, ['市级资金 60000.01', '区级资金 40000.00']],
      // 3333.30 × 30% = 999.99; 市级 (余款) 2333.31.
      ['就业奖励', '3333.30', null, ['省级资金 999.99', '市级资金 2333.31']],
      // 6000: 区级 its 1000元, 市级 the rest.
      ['见习补贴', '6000.00', null, ['区级资金 1000.00', '市级资金 5000.00']],
    ]);
  });
  it('a fixed part never exceeds the amount; nothing paid, no parts', () => {
    expect(parts({ 项目编号: 'A-4', 核定投资: '500000', 新增就业人数: 1 })).toEqual([
      ['技改补助', null, null, null],
      ['就业奖励', null, null, null],
      ['见习补贴', '600.00', null, ['区级资金 600.00', '市级资金 0.00']],
    ]);
  });
  it('the batch adds each part to its fund', async () => {
    const t = emptyTally();
    const d = await decideSubject(model, { row: 1, id: '1', type: '企业', facts: { 项目编号: 'A-3', 核定投资: '1000000.10', 新增就业人数: 10 } } as never, { asOf: '2025-06-01' } as never);
    tallyDecided(t, d);
    expect(Object.fromEntries(Object.entries(t.funds).map(([k, f]) => [k, f.fen]))).toEqual({ 市级资金: 6000001n + 233331n + 500000n, 区级资金: 4000000n + 100000n, 省级资金: 99999n });
  });
});
