// 资金总额 and 名额 are informational (docs/language.md §6.15): the summary states them and no decision reads them.
// A policy with them and the same policy without them decide every case alike, in every status and amount, and
// lower to the same decision IR; the summary shows both, in both languages.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { renderSummary } from '../../compiler/summary/index.ts';
import { lowerPolicy } from '../../compiler/decision/lower.ts';
import { printProgram } from '../../compiler/decision/print.ts';

const WITH = `政策 { 标题：“技改奖补” / “Upgrade subsidy”；文号：“示例〔2025〕2号”；施行日期：2025年1月1日；有效期：3年； }
资金 技改资金 “技术改造奖补专项资金” / “Upgrade fund”；
计量单位 家 “家” / “firms”；
对象 企业 “企业” / “Firm” { 设备投资：元 “设备投资额” / “Equipment investment”；获评标杆：是否 “获评标杆” / “Selected as benchmark”； }
待遇 技改奖补 “技改奖补” / “Upgrade subsidy” { 条款：“二”；对象：企业；资金：技改资金；发放：一次性；资金总额：2000万元；名额：10家/年；
  条件：设备投资 500万元以上；金额：设备投资 × 2%；最高：100万元； }
待遇 标杆奖励 “标杆奖励” / “Benchmark reward” { 条款：“三”；对象：企业；资金：技改资金；发放：一次性；资金总额：“不低于30亿元”；名额：“每年评选不多于5个”；
  条件：获评标杆；金额：50万元； }
`;
const WITHOUT = WITH.replace('资金总额：2000万元；名额：10家/年；', '').replace('资金总额：“不低于30亿元”；名额：“每年评选不多于5个”；', '');

describe('informational fields (资金总额, 名额)', () => {
  const a = compile(WITH);
  const b = compile(WITHOUT);
  it('compile without errors, and the fields are really there', () => {
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(WITHOUT).not.toEqual(WITH);
    expect(a.model.benefits.map((x) => [!!x.fundTotal, !!x.recipients])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(b.model.benefits.map((x) => [!!x.fundTotal, !!x.recipients])).toEqual([
      [false, false],
      [false, false],
    ]);
  });
  it('decide every case as the policy without them does', () => {
    const cases = [0, 1, 4999999, 5000000, 5000001, 49999999, 50000000, 1e9].flatMap((fen) =>
      [true, false, undefined].map((flag) => ({ 设备投资: (fen / 100).toFixed(2), ...(flag !== undefined && { 获评标杆: flag }) })),
    );
    for (const facts of cases)
      for (const lang of ['zh', 'en'] as const) {
        const fa = validateFacts(a.model, '企业', facts);
        const fb = validateFacts(b.model, '企业', facts);
        if (!fa.ok || !fb.ok) throw new Error(JSON.stringify(facts));
        const x = evaluate(a.model, '企业', fa.facts, { asOf: '2025-06-01', lang });
        const y = evaluate(b.model, '企业', fb.facts, { asOf: '2025-06-01', lang });
        expect(x).toEqual(y);
      }
  });
  it('lower to the same decision IR', () => {
    expect(printProgram(lowerPolicy(a.model))).toBe(printProgram(lowerPolicy(b.model)));
  });
  it('are shown in the summary, in both languages, saying they change no decision', () => {
    const zh = renderSummary(a.model, { lang: 'zh', format: 'md' });
    expect(zh).toContain('**资金总额**：2000万元（全部申请人合计，仅作说明，不影响单个申请的判定）');
    expect(zh).toContain('**名额**：10家/年（');
    expect(zh).toContain('**名额**：“每年评选不多于5个”（');
    const en = renderSummary(a.model, { lang: 'en', format: 'md' });
    expect(en).toContain('**Fund total**: 20,000,000 yuan (across all applicants; for information, it changes no single decision)');
    expect(renderSummary(b.model, { lang: 'zh', format: 'md' })).not.toContain('资金总额');
  });
});

// 申报截止 (the application deadline of a 申报通知) is informational too: the policy's period is not narrowed by it.
describe('informational header field 申报截止', () => {
  const head = (extra: string) => `政策 { 标题：“跨越发展奖励”；文号：未载明；施行日期：2021年1月1日；有效期：未载明；${extra} }
资金 产业资金；
对象 企业 { 产值：元； }
待遇 甲 { 条款：“一”；对象：企业；资金：产业资金；发放：一次性；条件：产值 1亿元以上；金额：产值 × 1%； }
`;
  const a = compile(head('申报截止时间：2021年7月9日；'));
  const b = compile(head(''));
  it('is read, and decides nothing', () => {
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.model.header.applyBy).toBe('2021-07-09');
    expect(b.model.header.applyBy).toBeUndefined();
    expect(printProgram(lowerPolicy(a.model))).toBe(printProgram(lowerPolicy(b.model)));
    for (const asOf of ['2021-07-09', '2021-07-10', '2030-01-01'])
      for (const 产值 of ['99999999.99', '100000000.00']) {
        const fa = validateFacts(a.model, '企业', { 产值 });
        const fb = validateFacts(b.model, '企业', { 产值 });
        if (!fa.ok || !fb.ok) throw new Error('facts');
        expect(evaluate(a.model, '企业', fa.facts, { asOf })).toEqual(evaluate(b.model, '企业', fb.facts, { asOf }));
      }
  });
  it('is stated in the summary as the deadline to apply, not the end of the policy', () => {
    expect(renderSummary(a.model, { lang: 'zh', format: 'md' })).toContain('**申报截止**：2021年7月9日（申报期限，不是政策的截止日期）');
    expect(renderSummary(a.model, { lang: 'en', format: 'md' })).toContain('(the deadline to apply, not the end of the policy)');
  });
});
