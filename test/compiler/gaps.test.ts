// Gaps a newcomer found encoding real texts (issue 12): 施行日期：未载明 — the reference, the generated evaluator and
// the summary agree that a policy without a stated start is in force on any date up to its end.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { renderSummary } from '../../compiler/summary/index.ts';
import { loadGenerated } from '../emit/helpers.ts';
import { runExamples } from '../../compiler/examples.ts';

const FILE = join(import.meta.dirname, 'cases/effective-not-stated.policy');
const TEXT = readFileSync(FILE, 'utf8');
const ENDS = TEXT.replace('有效期：3年；', '截止日期：2026年12月31日；');

describe('施行日期：未载明', () => {
  const c = compile(TEXT);
  it('is accepted, with warnings only (P2141, P2142)', () => {
    expect(c.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning P2141', 'warning P2142']);
    expect(c.model.header).toMatchObject({ effectiveNotStated: true });
    expect(c.model.header.effective).toBeUndefined();
    expect(c.model.header.end).toBeUndefined();
  });

  const cases: [string, string, string][] = [
    // No start: never "not yet in force"; 有效期3年 without a start ends nothing.
    [TEXT, '1990-01-01', 'eligible 100.00'],
    [TEXT, '2099-01-01', 'eligible 100.00'],
    // A stated last day still ends it (P4025 the day after).
    [ENDS, '2026-12-31', 'eligible 100.00'],
    [ENDS, '2027-01-01', 'ineligible P4025'],
  ];
  it.each(cases.map(([text, asOf, want]) => ({ text, asOf, want, ends: text === ENDS })))('ends $ends, as of $asOf → $want (reference)', ({ text, asOf, want }) => {
    const m = compile(text).model;
    const b = evaluate(m, '个人', new Map([['已登记失业', { t: 'bool', v: true }]]), { asOf }).benefits[0]!;
    expect(`${b.status} ${b.amount ?? b.reasons[0]!.code}`).toBe(want);
  });

  it('the generated evaluator agrees (fast path and explain)', async () => {
    const G = await loadGenerated(FILE);
    for (const [text, asOf, want] of cases) {
      if (text !== TEXT) continue;
      const b = G.evaluate('个人', { 已登记失业: true }, { asOf }).benefits[0]!;
      expect(`${b.status} ${b.amount ?? b.reasons[0]!.code}`).toBe(want);
      const x = G.context({ asOf });
      const p = G.prepare('个人', { 已登记失业: true });
      expect(p.ok && G.decide(p.subject, x)[0]).toMatchObject({ status: 'eligible', fen: 10000 });
    }
  });

  it('the summary says 原文未载明 for it, in both languages', () => {
    expect(renderSummary(c.model, { lang: 'zh', format: 'md' })).toMatch(/施行日期[^\n]*原文未载明/);
    expect(renderSummary(c.model, { lang: 'en', format: 'md' })).toMatch(/In force from[^\n]*not stated in the text/);
  });
});

describe('examples: a list with no members is 无; `{ }` is not a member', () => {
  const POLICY = `政策 { 标题：“名单”；文号：“示例〔2025〕14号”；施行日期：2025年1月1日；有效期：3年； }
资金 就业资金；
对象 学员 “学员” { 项目费用：元 “项目费用”；取得证书：是否 “取得证书？”； }
对象 机构 “机构” { 学员名单：名单 学员 “学员名单”； }
待遇 培训补贴 “培训补贴” {
  条款：“一”；对象：机构；资金：就业资金；金额：合计（学员名单，项目费用，取得证书）；
  示例 “没有学员” { 学员名单：无；期望：不符合； }
  示例 “写错的期望” { 学员名单：无；期望：100元； }
  示例 “两人” { 学员名单：{ 项目费用：100元，取得证书：是 }，{ 项目费用：50元，取得证书：是 }；期望：150元； }
}
`;
  it('无 is an empty list: its examples run, and a wrong expectation fails', () => {
    const c = compile(POLICY);
    expect(c.diagnostics).toEqual([]);
    expect(c.model.benefits[0]!.examples[0]!.facts).toEqual({ 学员名单: [] });
    expect(runExamples(c.model).map((r) => `${r.example.label?.zh} ${r.passed} ${r.actual}`)).toEqual([
      expect.stringMatching(/^没有学员 true /),
      expect.stringMatching(/^写错的期望 false /),
      expect.stringMatching(/^两人 true /),
    ]);
  });
  it('`{ }` as a member is P2144 (it used to be one member with every fact unknown), 无 beside members P2143', () => {
    const codes = (ex: string) => compile(POLICY.replace('学员名单：无；期望：不符合；', ex)).diagnostics.map((d) => d.code);
    expect(codes('学员名单：{ }；期望：不符合；')).toEqual(['P2144']);
    expect(codes('学员名单：{ 项目费用：1元 }，{ }；期望：不符合；')).toEqual(['P2144']);
    expect(codes('学员名单：无，{ 项目费用：1元 }；期望：不符合；')).toEqual(['P2143']);
    // 无 is only a list's value.
    expect(codes('学员名单：无；期望：无；')).not.toEqual([]);
  });
});

describe('a window with no stated start or end is worded, never shown as a placeholder date', () => {
  const OPEN = join(import.meta.dirname, 'cases/open-window.policy');
  const facts = { 已登记失业: true, 申请编号: 'B-2' };
  const ledger = [{ benefit: '甲', date: '2025-03-01', amount: '5000', key: { 申请编号: 'B-1' } }];
  const want = {
    zh: /施行之日（原文未载明）至政策截止（原文未载明）累计上限8000\.00元/,
    en: /cap for the start \(not stated in the text\) to the end \(not stated in the text\) 8000\.00 yuan/,
  };
  it.each(['zh', 'en'] as const)('the reference and the generated evaluator word the cumulative cap (%s)', async (lang) => {
    const G = await loadGenerated(OPEN);
    const gen = G.evaluate('个人', facts, { asOf: '2025-06-01', ledger, lang }).benefits[0]!;
    const m = compile(readFileSync(OPEN, 'utf8')).model;
    const { validateFacts, validateLedger } = await import('../../compiler/facts.ts');
    const f = validateFacts(m, '个人', facts);
    const l = validateLedger(m, ledger, '2025-06-01');
    if (!f.ok || !l.ok) throw new Error('invalid input');
    const ref = evaluate(m, '个人', f.facts, { asOf: '2025-06-01', ledger: l.ledger, lang }).benefits[0]!;
    for (const b of [ref, gen]) {
      expect(b.amount).toBe('3000.00');
      const text = b.reasons.map((r) => r.message).join('\n');
      expect(text).toMatch(want[lang]);
      expect(text).not.toMatch(/0000-01-01|9999-12-31/);
      // The JSON states the open ends as null, not as placeholder dates.
      expect(b.cumulativeCap).toMatchObject({ from: null, to: null, cap: '8000.00', used: '5000.00', amount: '3000.00' });
      expect(JSON.stringify(b)).not.toMatch(/0000-01-01|9999-12-31/);
    }
  });
});
