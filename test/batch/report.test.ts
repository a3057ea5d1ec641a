// The batch report page in headless Chromium: offline (no request leaves the
// page), one bar per benefit / fund / missing fact with the summary's exact
// figures, bars ordered by size where the summary orders them, nothing wider
// than the page, and English text in the English page.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { compile } from '../../compiler/index.ts';
import { parseDecimal } from '../../compiler/rational.ts';
import { evaluateBatch, emptyTally, summarize, renderReport, type BatchSummary } from '../../compiler/batch/index.ts';
import { AS_OF, PARAMS, generateChunk } from '../../bench/population.ts';
import { ROOT, readPolicy } from '../helpers.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SKIP_NOTE = HAVE_CHROMIUM ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
if (!HAVE_CHROMIUM) console.warn(`batch report browser tests${SKIP_NOTE}`);
const OUT = join(ROOT, 'test', 'batch', 'out');

const model = compile(readPolicy()).model;
const params = Object.fromEntries(Object.entries(PARAMS).map(([k, v]) => [k, parseDecimal(v)!]));

async function summaryOf(lang: 'zh' | 'en'): Promise<BatchSummary> {
  const tally = emptyTally();
  const subjects = generateChunk(3, 800).map((s) => ({ subject: s.type, facts: s.facts, ...(s.ledger && { ledger: s.ledger }) }));
  for await (const _ of evaluateBatch(model, subjects, { asOf: AS_OF, params, tally }));
  return summarize(model, tally, AS_OF, lang);
}

describe.skipIf(!HAVE_CHROMIUM)(`batch report in headless Chromium${SKIP_NOTE}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    mkdirSync(OUT, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const lang of ['zh', 'en'] as const) {
    it(`draws the summary (${lang})`, async () => {
      const s = await summaryOf(lang);
      const html = renderReport(s, lang);
      writeFileSync(join(OUT, `report.${lang}.html`), html);
      const page = await browser.newPage({ viewport: { width: 820, height: 1000 } });
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
      });
      await page.setContent(html, { waitUntil: 'load' });
      expect(requests).toEqual([]);
      const bars = (id: string) =>
        page.$$eval(`#${id} g.bar`, (gs) =>
          gs.map((g) => ({ label: g.getAttribute('data-label'), value: g.getAttribute('data-value'), width: Number(g.querySelector('rect')!.getAttribute('width')) })),
        );
      const count = await bars('chart-count');
      const eligible = s.benefits.filter((b) => b.eligible > 0);
      expect(count.map((b) => b.value)).toEqual(eligible.map((b) => String(b.eligible)));
      expect(count.map((b) => b.label)).toEqual(eligible.map((b) => (b.clause ? `${b.clause} ${b.title}` : b.title)));
      // The longest bar is the largest count.
      const maxAt = count.reduce((m, b, i) => (b.width > count[m]!.width ? i : m), 0);
      expect(Number(count[maxAt]!.value)).toBe(Math.max(...eligible.map((b) => b.eligible)));
      const funds = await bars('chart-fund');
      expect(funds.map((b) => b.value)).toEqual(s.funds.map((f) => f.total));
      const missing = await bars('chart-missing');
      expect(missing.map((b) => [b.label, b.value])).toEqual(s.missing.map((m) => [m.label, String(m.count)]));
      if (lang === 'en') expect(missing.filter((b) => /[\u4e00-\u9fff]/.test(b.label ?? '')).map((b) => b.label)).toEqual([]);
      expect(await page.textContent('#total')).toBe(s.total);
      // Nothing wider than the page.
      const wide = await page.evaluate(() => Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > 820.5).length);
      expect(wide).toBe(0);
      if (lang === 'en') {
        const headings = await page.$$eval('h1, h2, th', (hs) => hs.map((h) => h.textContent ?? ''));
        // Headings are English; only the policy's own title and document number (in h1) may be Chinese.
        expect(headings.slice(1).filter((h) => /[\u4e00-\u9fff]/.test(h))).toEqual([]);
      }
      await page.screenshot({ path: join(OUT, `report.${lang}.png`), fullPage: true });
      await page.close();
    }, 60_000);
  }
});
