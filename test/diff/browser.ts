// Headless Chromium for the diff pages (对照表, impact): A4 width, nothing
// wider than the page on screen or in print, no request leaves the page.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DIFF_DIR } from './helpers.ts';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_NOTE = HAVE_CHROMIUM ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
export const OUT_DIR = join(DIFF_DIR, 'out');
export const A4_WIDTH = 794;

export async function launch(): Promise<Browser> {
  mkdirSync(OUT_DIR, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

/** Elements whose box leaves the A4 width. */
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

/** Opens the page, checks it fits A4 on screen and in print, saves a screenshot and a PDF; returns the page. */
export async function checkPage(browser: Browser, html: string, name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: A4_WIDTH, height: 1123 } });
  const requests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
  });
  await page.setContent(html, { waitUntil: 'load' });
  expect(requests, 'the page is self-contained').toEqual([]);
  for (const media of ['screen', 'print'] as const) {
    await page.emulateMedia({ media });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${media}: scrollWidth`).toBeLessThanOrEqual(A4_WIDTH);
    expect(await overflowing(page), `${media}: elements wider than the page`).toEqual([]);
  }
  await page.emulateMedia({ media: 'screen' });
  await page.screenshot({ path: join(OUT_DIR, `${name}.png`), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(join(OUT_DIR, `${name}.pdf`), pdf);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(await page.locator('script').count()).toBe(0);
  return page;
}
