// A cap per key (累计不超过：1000万元，项目编号；), once per recognition (限一次：认定日期；) and referral (转按：“面上政策”，…；):
// decisions and reasons in both languages, the ledger key they need, the summary's words and the language server's hover.
// The generated evaluator agrees with the reference on test/emit/fixtures/per-key.policy and referral.policy (differential
// test); the checker's messages are the golden case test/compiler/cases/per-key-referral.policy.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { hover } from '../../lsp/hover.ts';

const read = (name: string) => readFileSync(fileURLToPath(new URL(`../emit/fixtures/${name}.policy`, import.meta.url)), 'utf8');
const perKey = compile(read('per-key'));
const referral = compile(read('referral'));

function decide(c: ReturnType<typeof compile>, benefit: string, facts: Record<string, unknown>, ledger: unknown[], asOf: string, lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '企业', facts);
  const l = validateLedger(c.model, ledger, asOf);
  if (!v.ok || !l.ok) throw new Error(JSON.stringify(v.ok ? l : v));
  return evaluate(c.model, '企业', v.facts, { asOf, ledger: l.ledger, lang }).benefits.find((b) => b.id === benefit)!;
}

describe('a cap per key: 累计不超过：1000万元，项目编号；', () => {
  const paid = [{ benefit: '设备补助', date: '2025-06-01', amount: '9000000', key: { 项目编号: 'P-1' } }];
  const facts = (id: string) => ({ 新兴产业项目: true, 设备投资额: '100000000', 项目编号: id });

  it('compiles cleanly', () => expect(perKey.diagnostics.filter((d) => d.severity === 'error')).toEqual([]));
  it('counts only the payments for the same project, and says so (P4094)', () => {
    const same = decide(perKey, '设备补助', facts('P-1'), paid, '2026-06-01');
    expect([same.status, same.amount]).toEqual(['eligible', '1000000.00']);
    expect(same.reasons.map((r) => r.code)).toEqual(['P4101', 'P4094']);
    expect(same.reasons[1]!.message).toBe('该上限按项目编号“P-1”单独计算');
    const other = decide(perKey, '设备补助', facts('P-2'), paid, '2026-06-01');
    expect([other.status, other.amount]).toEqual(['eligible', '8000000.00']);
    expect(decide(perKey, '设备补助', facts('P-1'), paid, '2026-06-01', 'en').reasons[1]!.message).toBe('this cap counts only the payments for 项目编号 "P-1"');
  });
  it('used up for the project: ineligible, P4102 then P4094', () => {
    const full = [...paid, { benefit: '设备补助', date: '2026-06-01', amount: '1000000', key: { 项目编号: 'P-1' } }];
    const d = decide(perKey, '设备补助', facts('P-1'), full, '2027-06-01');
    expect([d.status, d.reasons.map((r) => r.code)]).toEqual(['ineligible', ['P4102', 'P4094']]);
  });
  it('an annual cap per key counts the same project within the year', () => {
    const ledger = [{ benefit: '研发补助', date: '2026-03-01', amount: '300000', key: { 项目编号: 'R-1', 申报批次: '2026-1' } }];
    const f = { 研发投入: '4000000', 项目编号: 'R-1', 申报批次: '2026-2' };
    expect(decide(perKey, '研发补助', f, ledger, '2026-09-01').amount).toBe('200000.00');
    expect(decide(perKey, '研发补助', f, ledger, '2027-09-01').amount).toBe('400000.00');
  });
  it('the project is a ledger key: an entry without it is refused (P3014), an unknown project undetermined (P4012)', () => {
    const r = validateLedger(perKey.model, [{ benefit: '设备补助', date: '2025-06-01', amount: '100' }], '2026-01-01');
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toContain('P3014');
    const d = decide(perKey, '设备补助', { 新兴产业项目: true, 设备投资额: '100000000' }, [], '2026-06-01');
    expect([d.status, d.missing]).toEqual(['undetermined', ['项目编号']]);
  });
  it('once per recognition: 限一次 keyed by the recognition date', () => {
    const ledger = [{ benefit: '高企奖励', date: '2025-05-01', amount: '200000', key: { 认定日期: '2025-03-01' } }];
    expect(decide(perKey, '高企奖励', { 高新技术企业: true, 认定日期: '2028-03-01' }, ledger, '2028-05-01').amount).toBe('200000.00');
    expect(decide(perKey, '高企奖励', { 高新技术企业: true, 认定日期: '2025-03-01' }, ledger, '2025-09-01').status).toBe('ineligible');
  });
  it('the summary says the cap is counted per project', () => {
    expect(renderMarkdown(buildSummary(perKey.model, 'zh'))).toContain('本项有效期内累计不超过1000万元（已发放的计入，只付剩余额度）；按项目编号分别计算');
    expect(renderMarkdown(buildSummary(perKey.model, 'en'))).toContain('counted separately for each 项目编号');
  });
  it('without the key, the cap is the applicant’s over every project', () => {
    const c = compile(read('per-key').replace('  累计不超过：1000万元，项目编号；', '  累计不超过：1000万元；'));
    expect(decide(c, '设备补助', facts('P-2'), paid, '2026-06-01').amount).toBe('1000000.00');
  });
});

describe('referral: 转按', () => {
  it('compiles cleanly: a benefit that refers every case needs no amount', () => expect(referral.diagnostics).toEqual([]));
  it('the cases the condition picks are referred (P4096), the others paid here', () => {
    const fourth = decide(referral, '落户奖励', { 总部企业: true, 落户序号: '4' }, [], '2025-06-01');
    expect([fourth.status, fourth.amount, fourth.reasons.map((r) => r.message)]).toEqual(['ineligible', null, ['落户序号满4家：按面上政策执行（转由其他政策办理），不在本政策给予']]);
    expect(decide(referral, '落户奖励', { 总部企业: true, 落户序号: '4' }, [], '2025-06-01', 'en').reasons[0]!.message).toContain('handled under 面上政策 (referred to another policy)');
    expect(decide(referral, '落户奖励', { 总部企业: true, 落户序号: '3' }, [], '2025-06-01').amount).toBe('1000000.00');
  });
  it('conditions first; the condition unknown: undetermined naming its facts', () => {
    expect(decide(referral, '落户奖励', { 总部企业: false, 落户序号: '4' }, [], '2025-06-01').reasons[0]!.code).toBe('P4003');
    const d = decide(referral, '落户奖励', { 总部企业: true }, [], '2025-06-01');
    expect([d.status, d.missing]).toEqual(['undetermined', ['落户序号']]);
  });
  it('every case referred (P4095)', () => {
    const d = decide(referral, '人才安居', { 引进人才: true }, [], '2025-06-01');
    expect([d.status, d.reasons.map((r) => r.code)]).toEqual(['ineligible', ['P4095']]);
    expect(d.reasons[0]!.message).toBe('按《人才新政》执行（转由其他政策办理），不在本政策给予');
  });
  it('the summary names the other policy', () => {
    const zh = renderMarkdown(buildSummary(referral.model, 'zh'));
    expect(zh).toContain('**转按**：同一园区落户序号（第几家）满4家的，按面上政策执行，不在本政策给予');
    expect(zh).toContain('**转按**：按《人才新政》执行，不在本政策给予');
    expect(renderMarkdown(buildSummary(referral.model, 'en'))).toContain('**Referred to**: handled under 《人才新政》');
  });
  it('referring every case of a benefit with an amount is P2250; a condition that is not yes/no P2010', () => {
    const text = read('referral');
    expect(compile(text.replace('转按：“面上政策”，落户序号 满 4家；', '转按：“面上政策”；')).diagnostics.map((d) => d.code)).toContain('P2250');
    expect(compile(text.replace('落户序号 满 4家；', '落户序号；')).diagnostics.map((d) => d.code)).toContain('P2010');
  });
  it('hover on the keyword says what it takes', () => {
    const text = read('referral');
    const a = new Analysis('file:///t.policy', 1, text, compile);
    const h = hover(a, text.indexOf('转按：“面上政策”') + 1, 'zh')!;
    const value = (h.contents as { value: string }).value;
    expect(value).toContain('转按 / 参照执行 / refer-to');
    expect(value).toContain('另一政策的名称');
  });
});
