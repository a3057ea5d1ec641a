// Amendments as documents (test/diff/fixtures/amendments, written as an
// officer would write them against 萧人社〔2025〕3号): the text in force on a
// date, decisions before and after each 施行日期 naming the document applied,
// a sequence of amendments of one clause, the ledger across versions, a
// conflict on the same day, and diagnostics placed in the amendment's file.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consolidate, ordered, readAmendment, withBasis, type Amendment } from '../../compiler/amend.ts';
import { buildComparison, diffPolicies, findEdgeCases, renderComparisonMarkdown, renderDiffText } from '../../compiler/diff/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { runExamples } from '../../compiler/examples.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { compile } from '../../compiler/index.ts';
import { readPolicy, XIAOSHAN } from '../helpers.ts';
import { existsSync, writeFileSync } from 'node:fs';
import { applyEdits, DIFF_DIR, EDITS, GOLDEN, UPDATE } from './helpers.ts';

const DIR = join(DIFF_DIR, 'fixtures', 'amendments');
const base = { path: XIAOSHAN, text: readPolicy(XIAOSHAN) };
const load = (path: string): Amendment => {
  const a = readAmendment({ path, text: readFileSync(path, 'utf8') });
  if (!a) throw new Error(`${path} is not an amendment`);
  return a;
};
const AMENDMENTS = readdirSync(DIR).sort().map((f) => load(join(DIR, f)));

function decide(text: ReturnType<typeof consolidate>, facts: Record<string, unknown>, asOf: string, ledger: unknown[] = []) {
  const m = text.compilation.model;
  const f = validateFacts(m, '企业', facts);
  const l = validateLedger(m, ledger);
  if (!f.ok || !l.ok) throw new Error('bad input');
  return withBasis(evaluate(m, '企业', f.facts, { asOf, ledger: l.ledger }), text, 'zh');
}

describe('amendments', () => {
  it('every amendment applied gives the same meaning as the edited text (and checks clean, examples pass)', () => {
    const all = consolidate(base, AMENDMENTS);
    expect(all.problems).toEqual([]);
    expect(all.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const edited = compile(Object.values(EDITS).reduce((s, e) => applyEdits(s, e), readPolicy(XIAOSHAN)));
    expect(diffPolicies(edited.model, all.compilation.model, 'zh').lines).toEqual(['无实质变化']);
    expect(runExamples(all.compilation.model).filter((r) => !r.passed)).toEqual([]);
  });

  it('decides with the text in force on the date, and names the document applied', () => {
    const facts = { 已备案认定企业: true, 年度自主认定人次: 40 };
    const on = (d: string) => decide(consolidate(base, AMENDMENTS, d), facts, d).benefits.find((b) => b.id === '企业认定奖励')!;
    // Before 萧人社〔2026〕8号 (2026-05-01): 40 人次 does not reach 50.
    expect(on('2026-04-30')).toMatchObject({ status: 'ineligible' });
    expect(on('2026-04-30').basis).toBe('依据萧人社〔2026〕5号修订后的二（三）7');
    // From it: 满30人次, 3万 + 10 × 500.
    expect(on('2026-05-01')).toMatchObject({ status: 'eligible', amount: '35000.00', basis: '依据萧人社〔2026〕8号修订后的二（三）7' });
    // Before any amendment the base decides, and names nothing.
    expect(on('2026-02-28').basis).toBeUndefined();
    expect(decide(consolidate(base, AMENDMENTS, '2026-05-01'), facts, '2026-05-01').documents).toEqual(['萧人社〔2025〕3号', '萧人社〔2026〕5号', '萧人社〔2026〕8号']);
  });

  it('the cap raised mid-year counts what the old text paid that year (the ledger carries across versions)', () => {
    const facts = { 已备案认定企业: true, 年度自主认定人次: 150 };
    const ledger = [{ benefit: '企业认定奖励', date: '2026-02-01', amount: '50000.00' }];
    const before = decide(consolidate(base, AMENDMENTS, '2026-02-20'), facts, '2026-02-20', ledger).benefits.find((b) => b.id === '企业认定奖励')!;
    expect(before).toMatchObject({ status: 'ineligible' }); // 5万 reached
    const after = decide(consolidate(base, AMENDMENTS, '2026-03-02'), facts, '2026-03-02', ledger).benefits.find((b) => b.id === '企业认定奖励')!;
    // The year's award at 150 人次 is 80000 (8万 cap) less the 5万 paid.
    expect(after).toMatchObject({ status: 'eligible', amount: '30000.00', annualCap: { cap: '80000.00', used: '50000.00', amount: '30000.00', remaining: '0.00' } });
  });

  it('a repealed clause decides no more from its 施行日期; a period extended decides on', () => {
    const worker = (d: string) => {
      const c = consolidate(base, AMENDMENTS, d);
      const f = validateFacts(c.compilation.model, '企业职工', { 数字职业证书: true, 新获证书等级: '技师' });
      if (!f.ok) throw new Error();
      return evaluate(c.compilation.model, '企业职工', f.facts, { asOf: d }).benefits.find((b) => b.id === '数字技能资助');
    };
    expect(worker('2026-09-30')).toMatchObject({ status: 'eligible', amount: '1000.00' });
    expect(worker('2026-10-01')).toBeUndefined();
    const studio = (d: string) => decide(consolidate(base, AMENDMENTS, d), { 已备案认定企业: true, 年度自主认定人次: 30 }, d).benefits.find((b) => b.id === '企业认定奖励')!;
    expect(studio('2028-02-29').status).toBe('eligible');
    expect(studio('2028-03-01').status).toBe('eligible'); // 萧人社〔2027〕20号: five years
    expect(consolidate(base, AMENDMENTS.slice(0, 5), '2028-03-01').compilation.model.header.end).toBe('2028-02-29');
  });

  it('two amendments of one clause from the same day: P2040', () => {
    const conflict = load(join(DIFF_DIR, 'fixtures', 'conflict.policy'));
    const c = consolidate(base, [...AMENDMENTS, conflict]);
    expect(c.problems.map((p) => [p.code, p.args['name'], p.path.split('/').pop()])).toEqual([['P2040', '企业认定奖励', 'conflict.policy']]);
  });

  it('a repeal of something the text does not have, an amendment of another policy: named', () => {
    const bad = readAmendment({ path: 'x.policy', text: '政策 { 标题：“x”；文号：“萧人社〔2026〕99号”；修订：“萧人社〔2025〕3号”；施行日期：2026年1月1日；废止：没有这一条； }\n' })!;
    const other = readAmendment({ path: 'y.policy', text: '政策 { 标题：“y”；文号：“y号”；修订：“别的文号”；施行日期：2026年1月1日； }\n' })!;
    expect(consolidate(base, [bad, other]).problems.map((p) => p.code).sort()).toEqual(['P2041', 'P2042']);
  });

  it('an amendment without 施行日期: P2043 at its header, and it changes nothing', () => {
    const text = '政策 { 标题：“x”；文号：“萧人社〔2026〕98号”；修订：“萧人社〔2025〕3号”；废止：二（三）7； }\n';
    const a = readAmendment({ path: 'undated.policy', text })!;
    const c = consolidate(base, [a]);
    expect(c.problems.map((p) => [p.code, p.args['doc'], p.path])).toEqual([['P2043', '萧人社〔2026〕98号', 'undated.policy']]);
    const p = c.problems[0]!;
    expect(text.slice(p.range.start, p.range.end)).toContain('萧人社〔2026〕98号');
    expect(c.compilation.model.benefits.map((b) => b.id)).toEqual(consolidate(base, []).compilation.model.benefits.map((b) => b.id));
  });

  it('a mistake inside an amendment is reported in the amendment’s file, at its place', () => {
    const text = readFileSync(join(DIR, '01-raise-cap.policy'), 'utf8').replace('年度自主认定人次 满 50人次', '年度认定人次 满 50人次');
    const a = readAmendment({ path: 'typo.policy', text })!;
    const c = consolidate(base, [a]);
    const err = c.diagnostics.find((d) => d.severity === 'error')!;
    expect(err.path).toBe('typo.policy');
    expect(text.slice(err.range.start, err.range.end)).toBe('年度认定人次');
  });
});

describe('each amendment document: what it changes (goldens a reviewer reads)', () => {
  const order = ordered(AMENDMENTS);
  for (const [i, a] of order.entries()) {
    it(a.path.split('/').pop()!, () => {
      const before = consolidate(base, order.slice(0, i)).compilation.model;
      const after = consolidate(base, order.slice(0, i + 1)).compilation.model;
      const out: string[] = [`# ${a.docNumber}（${a.effective}）`];
      for (const lang of ['zh', 'en'] as const) {
        const d = diffPolicies(before, after, lang);
        expect(d.substantive).toBe(true);
        out.push(renderDiffText(d, findEdgeCases(before, after, d, { lang, at: a.effective, perBenefit: 4 })));
      }
      out.push(renderComparisonMarkdown(buildComparison(before, after, diffPolicies(before, after, 'zh'))));
      const path = join(GOLDEN, `amendment-${a.path.split('/').pop()!.replace('.policy', '')}.txt`);
      const text = out.join('\n');
      if (UPDATE || !existsSync(path)) writeFileSync(path, text);
      expect(text).toBe(readFileSync(path, 'utf8'));
    });
  }
});
