// Gaps a newcomer found encoding real texts (issue 12): 施行日期：未载明 — the reference, the generated evaluator and
// the summary agree that a policy without a stated start is in force on any date up to its end.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { renderSummary } from '../../compiler/summary/index.ts';
import { loadGenerated } from '../emit/helpers.ts';

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
