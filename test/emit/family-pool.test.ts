// Shared caps across the documents of a policy family (a program of several files): the main file's header cap over
// every file's benefits, an imported document's header cap over the benefits that document declares (“本细则各项补助累计
// 不超过…”), one of them computed from the case, and 合并计算 naming a benefit of the other file. The differential test
// takes single files; this one compares the generated evaluator of the family with the reference on a grid of cases.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProgram, memoryHost } from '../../compiler/index.ts';
import { emitTypeScript } from '../../compiler/emit/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { tempDir, type Generated } from './helpers.ts';

const MAIN = `政策 { 标题：“主文件”；文号：“测〔2025〕1号”；施行日期：2025年1月1日；有效期：3年；
  每年累计不超过：20万元； }
引用 “细则.policy”；
资金 专项资金；
资金 区级资金；
对象 企业 { 获评：是否；研发投入：元；区级贡献：元； }
待遇 甲 { 条款：“一”；对象：企业；资金：专项资金；发放：每年；条件：获评；金额：10万元；
  累计不超过：15万元；合并计算：乙； }
`;
const RULES = `政策 { 标题：“细则”；文号：“测〔2025〕2号”；施行日期：2025年1月1日；有效期：3年；
  累计不超过：区级贡献； }
待遇 乙 { 条款：“二”；对象：企业；资金：区级资金；发放：每年；条件：研发投入 达到 100万元以上；金额：研发投入 × 5%； }
待遇 丙 { 条款：“三”；对象：企业；资金：区级资金；发放：每年；条件：获评；金额：5万元； }
`;

describe('shared caps across the documents of a family', () => {
  const p = createProgram('/f/main.policy', memoryHost({ '/f/main.policy': MAIN, '/f/细则.policy': RULES }));

  it('compiles, and the generated evaluator decides every case as the reference does', async () => {
    expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const file = join(tempDir(), 'family-pool.ts');
    writeFileSync(file, emitTypeScript(p.model, { sourceName: 'main.policy' }));
    const G = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Generated;
    const ledgers = [
      [],
      [{ benefit: '乙', date: '2025-03-01', amount: '30000' }],
      [{ benefit: '丙', date: '2024-12-01', amount: '50000' }, { benefit: '甲', date: '2025-02-01', amount: '100000' }],
    ];
    let compared = 0;
    const seen = new Set<string>();
    for (const 获评 of [true, false, undefined])
      for (const 研发投入 of ['500000', '2000000', '4000000', undefined])
        for (const 区级贡献 of ['0', '60000', '150000', '1000000', undefined])
          for (const ledger of ledgers)
            for (const lang of ['zh', 'en'] as const) {
              const facts = { ...(获评 !== undefined && { 获评 }), ...(研发投入 && { 研发投入 }), ...(区级贡献 && { 区级贡献 }) };
              const v = validateFacts(p.model, '企业', facts);
              const l = validateLedger(p.model, ledger, '2025-06-01');
              if (!v.ok || !l.ok) throw new Error('bad case');
              const ref = evaluate(p.model, '企业', v.facts, { asOf: '2025-06-01', ledger: l.ledger, lang });
              const gen = G.evaluate('企业', facts, { asOf: '2025-06-01', ledger, lang });
              expect(JSON.stringify(gen), JSON.stringify({ facts, ledger, lang })).toBe(JSON.stringify(ref));
              for (const b of ref.benefits) seen.add(`${b.id}:${b.status}:${b.reasons.map((r) => r.code).join(',')}`);
              compared++;
            }
    expect(compared).toBe(360);
    // The grid reaches the document's cap cutting (P4101 then P4109 and P4107), refusing at zero (P4085) and undetermined (P4108).
    const all = [...seen].join('\n');
    for (const code of ['P4109', 'P4107', 'P4085', 'P4108', 'P4101']) expect(all).toContain(code);
  });

  it("the document's cap counts the ledger's payments of that document's benefits only", () => {
    const v = validateFacts(p.model, '企业', { 获评: true, 研发投入: '2000000', 区级贡献: '150000' });
    const l = validateLedger(p.model, [{ benefit: '乙', date: '2025-06-01', amount: '30000' }, { benefit: '甲', date: '2025-06-01', amount: '40000' }], '2026-06-01');
    if (!v.ok || !l.ok) throw new Error('bad case');
    const d = evaluate(p.model, '企业', v.facts, { asOf: '2026-06-01', ledger: l.ledger });
    // Every benefit shares the family's cap, so they are decided in declaration order (甲 first). 甲: its own 15万元 with 乙
    // less 4万元 + 3万元 paid leaves 8万元 (the family's 20万元 for 2026 has nothing paid). 乙: the document's 15万元 less its
    // 3万元 paid leaves 12万元 ≥ 10万元, the family's less 甲's 8万元 now leaves 12万元. 丙: the document's cap less 乙's 3万元 paid
    // and 10万元 now leaves 2万元 (甲's 4万元 belongs to the main document and is not counted); the family's leaves exactly 2万元 (not a cut: P4021).
    expect(d.benefits.map((b) => [b.id, b.status, b.amount])).toEqual([
      ['甲', 'eligible', '80000.00'],
      ['乙', 'eligible', '100000.00'],
      ['丙', 'eligible', '20000.00'],
    ]);
    expect(d.benefits[2]!.reasons.map((r) => r.code)).toEqual(['P4101', 'P4109', 'P4107', 'P4070', 'P4021', 'P4061', 'P4070', 'P4070']);
  });
});
