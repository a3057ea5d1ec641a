// The 修订对照表: golden Markdown for each officer's amendment (zh and en),
// the changed words marked on the right side, and the HTML page in headless
// Chromium at A4 width with nothing overflowing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { diffPolicies } from '../../compiler/diff/semantic.ts';
import { buildComparison, renderComparisonHtml, renderComparisonMarkdown } from '../../compiler/diff/table.ts';
import { wordDiff } from '../../compiler/diff/words.ts';
import { compile } from '../../compiler/index.ts';
import { readPolicy, XIAOSHAN } from '../helpers.ts';
import { amended, applyEdits, base, EDITS, GOLDEN, UPDATE } from './helpers.ts';
import { checkPage, HAVE_CHROMIUM, launch, SKIP_NOTE } from './browser.ts';

function golden(name: string, text: string) {
  const path = join(GOLDEN, name);
  if (UPDATE || !existsSync(path)) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

/** Every amendment at once: the table an officer would publish with a larger revision. */
const all = () => compile(Object.values(EDITS).reduce((s, e) => applyEdits(s, e), readPolicy(XIAOSHAN)));

describe('word diff', () => {
  it('marks numbers as whole tokens and Chinese by character', () => {
    const d = wordDiff('每年累计不超过5万元', '每年累计不超过8万元');
    expect(d.before).toEqual([{ text: '每年累计不超过', mark: 'same' }, { text: '5', mark: 'del' }, { text: '万元', mark: 'same' }]);
    expect(d.after).toEqual([{ text: '每年累计不超过', mark: 'same' }, { text: '8', mark: 'ins' }, { text: '万元', mark: 'same' }]);
    const e = wordDiff('300,000 yuan', '400,000 yuan');
    expect(e.after.find((s) => s.mark === 'ins')?.text).toBe('400,000');
    // Reassembles both texts exactly.
    const f = wordDiff('满50人次的，且未备案', '满30人次的');
    expect(f.before.map((s) => s.text).join('')).toBe('满50人次的，且未备案');
    expect(f.after.map((s) => s.text).join('')).toBe('满30人次的');
  });
});

describe('修订对照表 (Markdown goldens)', () => {
  for (const name of Object.keys(EDITS)) {
    it(name, () => {
      const a = base().model;
      const b = amended(name).model;
      const text = (['zh', 'en'] as const).map((lang) => renderComparisonMarkdown(buildComparison(a, b, diffPolicies(a, b, lang)))).join('\n---\n\n');
      golden(`${name}.table.md`, text);
    });
  }
  it('a reformatted copy has an empty table', () => {
    const a = base().model;
    const doc = buildComparison(a, a, diffPolicies(a, a, 'zh'));
    expect(doc.clauses).toEqual([]);
    expect(renderComparisonMarkdown(doc)).toContain('无实质变化');
  });
});

describe.skipIf(!HAVE_CHROMIUM)(`修订对照表 HTML in headless Chromium${SKIP_NOTE}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  for (const lang of ['zh', 'en'] as const) {
    it(`every amendment at once (${lang}): fits A4, marks the changed words`, async () => {
      const a = base().model;
      const b = all().model;
      const html = renderComparisonHtml(buildComparison(a, b, diffPolicies(a, b, lang)));
      const page = await checkPage(browser, html, `table.${lang}`);
      try {
        const ins = await page.locator('ins').allInnerTexts();
        const del = await page.locator('del').allInnerTexts();
        // the cap 5万 → 8万, 3年 → 5年 (zh 三 → 五), the star level, the new subject
        expect(ins.length).toBeGreaterThan(5);
        expect(del.length).toBeGreaterThan(3);
        if (lang === 'zh') {
          expect(ins).toContain('8');
          expect(del).toContain('5');
          expect(await page.locator('h2').allInnerTexts()).toContain('二（四）10 数字高技能人才一次性资助');
        }
        // each table has two columns of equal width
        const widths = await page.locator('table.compare tr:first-child th').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
        expect(Math.abs(widths[0]! - widths[1]!)).toBeLessThanOrEqual(1);
      } finally {
        await page.close();
      }
    }, 60_000);
  }
});
