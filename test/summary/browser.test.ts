// The printable HTML page in a real browser: headless Chromium at A4 width
// (794 px at 96 dpi). Nothing may be wider than the page, the page must print
// to an A4 PDF, and a title containing <script> must stay text.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { compile } from '../../compiler/index.ts';
import { renderSummary } from '../../compiler/summary/index.ts';
import { compiled, miniPolicy, OUT_DIR, policyFiles, policyName, summaryOf } from './helpers.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const A4_WIDTH = 794;
const SKIP_NOTE = HAVE_CHROMIUM ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
if (!HAVE_CHROMIUM) console.warn(`summary browser tests${SKIP_NOTE}`);

/** Elements whose box leaves the viewport horizontally. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body, body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < -0.5 || r.right > width + 0.5) out.push(`${el.tagName.toLowerCase()} [${Math.round(r.left)}, ${Math.round(r.right)}]: ${(el.textContent ?? '').slice(0, 40)}`);
    }
    return out;
  }, A4_WIDTH);
}

describe.skipIf(!HAVE_CHROMIUM)(`HTML summary in headless Chromium${SKIP_NOTE}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(OUT_DIR, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: A4_WIDTH, height: 1123 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
    });
    await page.setContent(html, { waitUntil: 'load' });
    expect(requests, 'the page is self-contained').toEqual([]);
    return page;
  }

  // Every policy's page is laid out at A4 width on screen and in print; the screenshot and the A4 PDF
  // (a second or two each) are made for the seed policy, and for every policy under npm run test:deep.
  const printAll = process.env['SUMMARY_PDF_ALL'] === '1';
  for (const file of policyFiles()) {
    for (const lang of ['zh', 'en'] as const) {
      const name = `${policyName(file)}.${lang}`;
      const print = printAll || policyName(file) === 'xiaoshan-xinxiaojiang-2025-3';
      it(`${name}: fits an A4 width${print ? ', screenshot, prints to A4 PDF' : ''}`, async () => {
        const html = summaryOf(compiled(file), lang, 'html');
        const page = await open(html);
        try {
          for (const media of ['screen', 'print'] as const) {
            await page.emulateMedia({ media });
            const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
            expect(scrollWidth, `${media}: document.scrollWidth`).toBeLessThanOrEqual(A4_WIDTH);
            expect(await overflowing(page), `${media}: elements wider than the page`).toEqual([]);
          }
          if (!print) return;
          await page.emulateMedia({ media: 'screen' });
          const shot = await page.screenshot({ path: join(OUT_DIR, `${name}.png`), fullPage: true });
          expect(shot.length).toBeGreaterThan(10_000);
          expect(await page.locator('script').count()).toBe(0);
          const pdf = await page.pdf({ format: 'A4', printBackground: true });
          writeFileSync(join(OUT_DIR, `${name}.pdf`), pdf);
          expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
          expect(pdf.length).toBeGreaterThan(10_000);
          // A4 portrait media box: 595 × 842 pt.
          expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 595\.?\d* 841\.?\d*|\/MediaBox\s*\[\s*0 0 595\.?\d* 842/);
        } finally {
          await page.close();
        }
      }, 60_000);
    }
  }

  it('shows a title with <script> and & as text, runs nothing', async () => {
    const title = '关于<script>alert(1)</script>&“新萧匠”的意见';
    const c = compile(miniPolicy(`对象 甲 “甲” { 数：人 “人数”； }\n待遇 乙 “乙补贴<b>” { 条款：“一”；对象：甲；资金：专项资金；发放：一次性；条件：数 满 1人；金额：800元； }\n`, title));
    expect(c.hasErrors).toBe(false);
    for (const lang of ['zh', 'en'] as const) {
      const html = renderSummary(c.model, { lang, format: 'html' });
      expect(html).not.toContain('<script');
      const page = await open(html);
      try {
        const dialogs: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        expect(await page.locator('script').count()).toBe(0);
        expect(await page.locator('b').count()).toBe(0);
        const text = await page.evaluate(() => document.body.innerText);
        if (lang === 'zh') expect(await page.locator('h1').innerText()).toBe(title);
        expect(text).toContain(title);
        expect(text).toContain('乙补贴<b>');
        expect(await page.title()).toBe(lang === 'zh' ? title : 'Test policy');
        expect(dialogs).toEqual([]);
        await page.screenshot({ path: join(OUT_DIR, `escape.${lang}.png`) });
      } finally {
        await page.close();
      }
    }
  }, 60_000);
});
