// Who gains and who loses: the impact of two officer's amendments on a seeded
// synthetic population matches a count made independently (the clause's rule
// written out by hand here, not the evaluator); the generator is deterministic
// and hits the thresholds; bad records are rejected with their line, never
// counted; the impact page fits A4 in headless Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addLine, diffPolicies, ImpactAccumulator, population, renderImpactHtml, type SubjectRecord } from '../../compiler/diff/index.ts';
import { amended, base } from './helpers.ts';
import { checkPage, HAVE_CHROMIUM, launch, SKIP_NOTE } from './browser.ts';

// npm run test:deep decides a larger population (DIFF_SUBJECTS).
const N = Number(process.env['DIFF_SUBJECTS'] ?? 4000);
const AS_OF = '2025-06-01';

/** 二（三）7 by hand: 满 threshold → 3万 + (n − threshold) × 500, at most cap; Kleene logic for missing facts. */
function byHand(rec: SubjectRecord, threshold: number, cap: number): { status: 'eligible' | 'ineligible' | 'undetermined'; fen: number } {
  if (rec.subject !== '企业') return { status: 'ineligible', fen: 0 };
  const filed = rec.facts['已备案认定企业'] as boolean | undefined;
  const n = rec.facts['年度自主认定人次'] as number | undefined;
  const reaches = n === undefined ? undefined : n >= threshold;
  if (filed === false || reaches === false) return { status: 'ineligible', fen: 0 };
  if (filed === undefined || reaches === undefined) return { status: 'undetermined', fen: 0 };
  return { status: 'eligible', fen: Math.min(30000 + (n! - threshold) * 500, cap) * 100 };
}

function independentCount(recs: SubjectRecord[], before: [number, number], after: [number, number]) {
  const counts = { 'became-eligible': 0, stopped: 0, more: 0, less: 0, 'became-undetermined': 0, 'became-determined': 0 };
  let sumA = 0;
  let sumB = 0;
  for (const r of recs) {
    if (r.subject !== '企业') continue;
    const x = byHand(r, ...before);
    const y = byHand(r, ...after);
    sumA += x.fen;
    sumB += y.fen;
    if (x.status !== 'undetermined' && y.status === 'undetermined') counts['became-undetermined']++;
    else if (x.status === 'undetermined' && y.status !== 'undetermined') counts['became-determined']++;
    else if (x.status !== 'eligible' && y.status === 'eligible') counts['became-eligible']++;
    else if (x.status === 'eligible' && y.status !== 'eligible') counts.stopped++;
    else if (x.status === 'eligible' && y.fen > x.fen) counts.more++;
    else if (x.status === 'eligible' && y.fen < x.fen) counts.less++;
  }
  return { counts, before: (sumA / 100).toFixed(2), after: (sumB / 100).toFixed(2) };
}

function run(name: string, lang: 'zh' | 'en' = 'zh') {
  const a = base().model;
  const b = amended(name).model;
  const recs = [...population([a, b], { n: N, seed: 20260101 })];
  const acc = new ImpactAccumulator(a, b, { asOf: AS_OF, lang });
  recs.forEach((r, i) => addLine(acc, JSON.stringify(r), i + 1));
  return { a, b, recs, report: acc.result() };
}

describe('population impact', () => {
  for (const [name, before, after] of [
    ['lower-threshold', [50, 50000], [30, 50000]],
    ['raise-cap', [50, 50000], [50, 80000]],
  ] as const) {
    it(`${name}: matches an independent count`, () => {
      const { recs, report } = run(name);
      expect(report.subjects + report.rejected).toBe(N);
      expect(report.rejected).toBe(0);
      const want = independentCount(recs, [...before], [...after]);
      const got = report.benefits.find((x) => x.id === '企业认定奖励')!;
      const { same: _same, ...moved } = got.counts;
      expect(moved).toEqual(want.counts);
      expect([got.before, got.after]).toEqual([want.before, want.after]);
      // Nothing else moves.
      for (const other of report.benefits.filter((x) => x.id !== '企业认定奖励')) expect(other.change).toBe('0.00');
      expect(report.change).toBe(got.change);
      // The population reaches the clause's boundaries: both sides of each threshold and cap occur.
      const ns = new Set(recs.filter((r) => r.subject === '企业').map((r) => r.facts['年度自主认定人次']));
      for (const v of [before[0] - 1, before[0], after[0]]) expect(ns.has(v), `n = ${v} drawn`).toBe(true);
      expect(Object.values(want.counts).reduce((s, n) => s + n, 0)).toBeGreaterThan(10);
    });
  }

  it('the same seed gives the same population; another seed another', () => {
    const a = base().model;
    const one = JSON.stringify([...population([a], { n: 200, seed: 5 })]);
    expect(JSON.stringify([...population([a], { n: 200, seed: 5 })])).toBe(one);
    expect(JSON.stringify([...population([a], { n: 200, seed: 6 })])).not.toBe(one);
  });

  it('rejects bad records by line and counts every line once', () => {
    const a = base().model;
    const b = amended('raise-cap').model;
    const acc = new ImpactAccumulator(a, b, { asOf: AS_OF });
    const lines = [
      '{"subject":"企业","facts":{"已备案认定企业":true,"年度自主认定人次":120}}',
      'not json',
      '{"subject":"外星人","facts":{}}',
      '{"subject":"企业","facts":{"年度自主认定人次":-3}}',
      '{"subject":"企业","facts":{"没有这个事实":1}}',
      '{"subject":"企业","facts":{"已备案认定企业":true,"年度自主认定人次":120},"ledger":[{"benefit":"企业认定奖励","date":"2025-04-01","amount":"30000.00"}]}',
      '{"subject":"企业","facts":{},"ledger":[{"benefit":"不存在","date":"2025-04-01","amount":"1"}]}',
    ];
    lines.forEach((l, i) => addLine(acc, l, i + 1));
    const r = acc.result();
    expect(r.subjects).toBe(2);
    expect(r.rejects.map((x) => x.line)).toEqual([2, 3, 4, 5, 7]);
    const b7 = r.benefits.find((x) => x.id === '企业认定奖励')!;
    // 120 人次: the year's award is 65000, capped at 50000 before, 65000 after. With 30000 already paid this year
    // (a running total, 累计) the rest is paid: 20000 → 35000.
    expect([b7.before, b7.after]).toEqual(['70000.00', '100000.00']);
  });
});

describe.skipIf(!HAVE_CHROMIUM)(`impact page in headless Chromium${SKIP_NOTE}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  for (const lang of ['zh', 'en'] as const)
    it(`lower-threshold (${lang}): charts and tables fit A4`, async () => {
      const { a, b, report } = run('lower-threshold', lang);
      const title = lang === 'zh' ? '关于深化“新萧匠”高技能人才队伍建设的意见' : 'New Xiaoshan Craftsmen';
      const html = renderImpactHtml(report, diffPolicies(a, b, lang), { lang, title, asOf: AS_OF });
      const page = await checkPage(browser, html, `impact.${lang}`);
      try {
        expect(await page.locator('svg').count()).toBe(4);
        const text = await page.evaluate(() => document.body.innerText);
        const got = report.benefits.find((x) => x.id === '企业认定奖励')!;
        expect(text).toContain(String(got.counts['became-eligible']));
        // every bar is inside its chart
        const out = await page.locator('svg rect').evaluateAll((rs) =>
          rs.filter((r) => {
            const s = r.closest('svg')!.getBoundingClientRect();
            const b = r.getBoundingClientRect();
            return b.left < s.left - 0.5 || b.right > s.right + 0.5;
          }).length,
        );
        expect(out).toBe(0);
      } finally {
        await page.close();
      }
    }, 60_000);
});
