// The workbench in a real browser: headless Chromium through playwright-core
// opens the built page, and an officer's session is played through the real
// editor (CodeMirror), the real language server (in its Web Worker) and the
// panes. Every expected text comes from the compiler run here in Node on the
// same input (diagnostic message, examples count, the calculator's decision,
// the 修订对照 summary), so the page is checked against the reference, not
// against numbers copied into the test. Screenshots of each pane are written
// to workbench/artefacts/ (gitignored).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { messageText } from '../../compiler/diagnostics.ts';
import { diffPolicies } from '../../compiler/diff/semantic.ts';
import { buildComparison } from '../../compiler/diff/table.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { runExamples } from '../../compiler/examples.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { buildWorkbench, serveWorkbench } from '../../workbench/build.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SKIP_NOTE = HAVE_CHROMIUM ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
const ARTEFACTS = join(process.cwd(), 'workbench/artefacts');
const FILE = 'xiaoshan-xinxiaojiang-2025-3.policy';
const SOURCE = readFileSync(join(process.cwd(), 'policies', FILE), 'utf8');

/** The offset of `needle` after `after` (both must be found). */
function offsetOf(text: string, needle: string, after = ''): number {
  const from = after ? text.indexOf(after) : 0;
  expect(from, `"${after}" in the policy`).toBeGreaterThanOrEqual(0);
  const at = text.indexOf(needle, from);
  expect(at, `"${needle}" in the policy`).toBeGreaterThanOrEqual(0);
  return at;
}

interface WB {
  workbench: {
    view: { state: { doc: { toString(): string; length: number; lineAt(p: number): { text: string } }; selection: { main: { head: number } } }; coordsAtPos(p: number): { left: number; top: number; bottom: number } | null; dispatch(t: unknown): void; focus(): void };
    panes?: { uri: string; version: number; errors: number };
  };
}

describe.skipIf(!HAVE_CHROMIUM)(`the workbench in headless Chromium${SKIP_NOTE}`, () => {
  let browser: Browser;
  let page: Page;
  let server: Server;
  let url: string;
  let out: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'wb-page-'));
    await buildWorkbench({ outdir: out });
    ({ server, url } = await serveWorkbench(out, 0));
    mkdirSync(ARTEFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/favicon/.test(msg.text())) pageErrors.push(msg.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  const text = () => page.evaluate(() => (window as unknown as WB).workbench.view.state.doc.toString());
  /** Waits until the panes show the editor's current text. */
  const panesFresh = () =>
    page.waitForFunction(() => {
      const w = (window as unknown as WB).workbench;
      return document.querySelector('#panes')?.getAttribute('data-stale') === 'false' && !!w.panes;
    });
  const select = (from: number, to: number) =>
    page.evaluate(([a, b]) => {
      const v = (window as unknown as WB).workbench.view;
      v.dispatch({ selection: { anchor: a, head: b } });
      v.focus();
    }, [from, to] as const);
  const hoverAt = async (offset: number) => {
    await page.evaluate((p) => (window as unknown as WB).workbench.view.dispatch({ selection: { anchor: p }, scrollIntoView: true }), offset);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const c = await page.evaluate((p) => (window as unknown as WB).workbench.view.coordsAtPos(p), offset);
    expect(c).not.toBeNull();
    await page.mouse.move(0, 0);
    await page.mouse.move(c!.left + 2, (c!.top + c!.bottom) / 2);
  };
  const tab = (name: string) => page.click(`[data-tab="${name}"]`);

  it('opens a shipped policy and renders its summary', async () => {
    await page.goto(url);
    await page.selectOption('#file-select', FILE);
    await page.waitForFunction((f) => (window as unknown as WB).workbench.panes?.uri.endsWith(f), FILE);
    await panesFresh();
    expect(await text()).toBe(SOURCE);
    const title = compile(SOURCE).model.header.title!.zh;
    await expect.poll(() => page.locator('#summary-doc h1').textContent()).toBe(title);
    await page.locator('#panes').screenshot({ path: join(ARTEFACTS, 'summary.png') });
  });

  it('types with incremental syncs, one pane refresh per pause, one summary block re-rendered and no highlighting rebuild (counted, not timed)', async () => {
    type Stats = Record<string, number>;
    const stats = () => page.evaluate(() => ({ ...(window as unknown as { workbench: { stats: Stats } }).workbench.stats }));
    // Real keys: 5万元 → 5000万元 → 50万元, the text valid after every key.
    const at = offsetOf(SOURCE, '每年累计不超过：5万元', '待遇 企业认定奖励') + '每年累计不超过：5'.length;
    // The caret on screen first (typing off screen scrolls there, and a scroll lexes the lines it shows).
    await page.evaluate((p) => {
      const v = (window as unknown as WB).workbench.view;
      v.dispatch({ selection: { anchor: p }, scrollIntoView: true });
      v.focus();
    }, at);
    await panesFresh();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.evaluate(() => ((window as unknown as { workbench: { stats: Stats } }).workbench.stats['syncMaxChars'] = 0));
    try {
      const s0 = await stats();
      await page.keyboard.type('000', { delay: 20 });
      for (let k = 0; k < 2; k++) await page.keyboard.press('Backspace', { delay: 20 });
      const cap50 = SOURCE.slice(0, at) + '0' + SOURCE.slice(at);
      await expect.poll(() => text()).toBe(cap50);
      await panesFresh();
      const s1 = await stats();
      expect(s1['edits']! - s0['edits']!).toBe(5);
      // The text goes to the worker as the changed range, never whole (5,000 lines after every pause).
      expect(s1['syncFull']! - s0['syncFull']!).toBe(0);
      expect(s1['syncIncremental']! - s0['syncIncremental']!).toBeGreaterThan(0);
      expect(s1['syncMaxChars']).toBeLessThan(600);
      // Each key re-lexes its own line, nothing else; the marks on screen are mapped, not rebuilt.
      expect(s1['highlightRebuilds']! - s0['highlightRebuilds']!).toBe(0);
      expect(s1['highlightPatches']! - s0['highlightPatches']!).toBe(5);
      expect(s1['linesLexed']! - s0['linesLexed']!).toBeLessThanOrEqual(5);
      expect(s1['docRebuilds']! - s0['docRebuilds']!).toBe(0);
      expect(s1['staleRenders']).toBe(0);
      // Nothing on the page animates while the officer types (the caret is the browser's own, blinking from a
      // timer): a running animation keeps the frame clock ticking, and every key's frame would wait for its tick.
      expect(await page.evaluate(() => document.getAnimations().map((a) => (a as CSSAnimation).animationName ?? String(a.id)))).toEqual([]);

      // A burst of 31 keys' edits within one task: the debounced work happens once, after it.
      await page.evaluate(
        ([p, n]) => {
          const v = (window as unknown as { workbench: { view: { dispatch(t: unknown): void } } }).workbench.view;
          for (let i = 0; i < n; i++) v.dispatch(i % 2 ? { changes: { from: p, to: p + 1 }, userEvent: 'delete.backward' } : { changes: { from: p, insert: '0' }, userEvent: 'input.type' });
        },
        [at, 31] as const,
      );
      await panesFresh();
      const s2 = await stats();
      expect(s2['edits']! - s1['edits']!).toBe(31);
      expect(s2['paneRequests']! - s1['paneRequests']!).toBe(1);
      expect(s2['paneRenders']! - s1['paneRenders']!).toBe(1);
      expect(s2['syncIncremental']! - s1['syncIncremental']!).toBeLessThanOrEqual(2);
      expect(s2['syncFull']! - s1['syncFull']!).toBe(0);
      expect(s2['saves']! - s1['saves']!).toBeLessThanOrEqual(1);
      // 500万元: the summary changes in one benefit, and only that block travels and is re-rendered.
      expect(s2['blocksReceived']! - s1['blocksReceived']!).toBe(1);
      expect(s2['blocksRendered']! - s1['blocksRendered']!).toBeLessThanOrEqual(1);
      expect(s2['docRebuilds']! - s1['docRebuilds']!).toBe(0);
      expect(s2['staleRenders']).toBe(0);
    } finally {
      await page.evaluate((t) => {
        const v = (window as unknown as WB).workbench.view;
        v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
      }, SOURCE);
    }
    await expect.poll(() => text()).toBe(SOURCE);
    await panesFresh();
  });

  it('shows a squiggle with the Chinese message for an error, and clears it when fixed', async () => {
    // 年度自主认定人次 → 年度自主认定人数: a fact the subject does not have.
    const at = offsetOf(SOURCE, '年度自主认定人次 满', '待遇 企业认定奖励') + '年度自主认定'.length;
    const broken = SOURCE.slice(0, at) + '人数' + SOURCE.slice(at + 2);
    const expected = compile(broken).diagnostics.filter((d) => d.severity === 'error');
    expect(expected.length).toBeGreaterThan(0);
    await select(at, at + 2);
    await page.keyboard.type('人数');
    await page.locator('.cm-lintRange-error').first().waitFor();
    await hoverAt(at);
    const tip = page.locator('.cm-tooltip-lint');
    await tip.waitFor();
    expect(await tip.textContent()).toContain(messageText(expected[0]!, 'zh'));
    await page.locator('#editor').screenshot({ path: join(ARTEFACTS, 'editor-error.png') });
    await page.keyboard.press('Control+z');
    await expect.poll(() => text()).toBe(SOURCE);
    await expect.poll(() => page.locator('.cm-lintRange-error').count(), { timeout: 10000 }).toBe(0);
  });

  it('hovers a fact', async () => {
    const at = offsetOf(SOURCE, '已备案认定企业，', '待遇 企业认定奖励');
    await hoverAt(at + 1);
    const tip = page.locator('.cm-tooltip-hover');
    await tip.waitFor();
    const content = (await tip.textContent()) ?? '';
    expect(content).toContain('事实');
    expect(content).toContain('已备案认定企业');
  });

  it('shows a label carrying HTML as text, never as markup (hover)', async () => {
    const label = '“是否为经人社保部门备案的职业技能等级认定（试点）企业？”';
    expect(SOURCE).toContain(label);
    const hostile = SOURCE.replace(label, '“<img src=x onerror=window.__xss=1><script>window.__xss=2</script>备案？”');
    await page.evaluate((t) => {
      const v = (window as unknown as WB).workbench.view;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
    }, hostile);
    try {
      // Hover answers from the last compiled version: wait until the worker has compiled the hostile text.
      await panesFresh();
      const at = offsetOf(hostile, '已备案认定企业，', '待遇 企业认定奖励');
      await hoverAt(at + 1);
      const tip = page.locator('.cm-tooltip-hover');
      await tip.waitFor();
      await expect.poll(async () => (await tip.textContent()) ?? '').toContain('备案？');
      expect(await tip.locator('img, script').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    } finally {
      await page.mouse.move(0, 0);
      await page.evaluate((t) => {
        const v = (window as unknown as WB).workbench.view;
        v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
      }, SOURCE);
    }
  });

  it('sanitizes what lsp-client renders from Markdown', async () => {
    const cases: [string, string][] = [
      ['<p>ok <strong>b</strong></p>', '<p>ok <strong>b</strong></p>'],
      ['<img src=x onerror="window.__xss=3">text', 'text'],
      ['<script>window.__xss=4</script><p onclick="x()">p</p>', '<p>p</p>'],
      ['<a href="javascript:alert(1)">a</a><a href="https://example.org/">b</a>', '<a>a</a><a href="https://example.org/">b</a>'],
      ['<iframe src="x"></iframe><style>*{}</style><em>e</em>', '<em>e</em>'],
    ];
    for (const [input, expected] of cases) {
      const out = await page.evaluate((h) => (window as unknown as { workbench: { sanitizeHTML(h: string): string } }).workbench.sanitizeHTML(h), input);
      expect(out, input).toBe(expected);
    }
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('goes to the definition of a fact (F12)', async () => {
    const use = offsetOf(SOURCE, '年度自主认定人次 满', '待遇 企业认定奖励');
    const fact = compile(SOURCE).model.subjects.get('企业')!.facts.get('年度自主认定人次')!;
    const declLine = SOURCE.slice(0, fact.range.start).split('\n').length;
    await select(use + 2, use + 2);
    await page.keyboard.press('F12');
    await expect
      .poll(() => page.evaluate(() => {
        const v = (window as unknown as WB).workbench.view;
        return (v.state.doc as unknown as { lineAt(p: number): { number: number } }).lineAt(v.state.selection.main.head).number;
      }))
      .toBe(declLine);
  });

  it('renames a fact everywhere it is used (F2)', async () => {
    const uses = SOURCE.split('已备案认定企业').length - 1;
    expect(uses).toBeGreaterThan(1);
    await select(offsetOf(SOURCE, '已备案认定企业，', '待遇 企业认定奖励') + 1, offsetOf(SOURCE, '已备案认定企业，', '待遇 企业认定奖励') + 1);
    await page.keyboard.press('F2');
    const input = page.locator('.cm-lsp-rename-panel input[name=name]');
    await input.waitFor();
    expect(await page.locator('.cm-lsp-rename-panel').textContent()).toContain('新名称');
    await input.fill('已备案企业');
    await input.press('Enter');
    await expect.poll(async () => (await text()).split('已备案企业').length - 1).toBe(uses);
    expect(await text()).not.toContain('已备案认定企业');
    await page.evaluate((t) => {
      const v = (window as unknown as WB).workbench.view;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
    }, SOURCE);
  });

  it('completes a keyword', async () => {
    const at = offsetOf(SOURCE, '发放：每年；', '待遇 企业认定奖励') + '发放：每年；'.length;
    await select(at, at);
    await page.keyboard.press('Enter');
    await page.keyboard.type('条');
    await page.keyboard.press('Control+Space');
    const option = page.locator('.cm-tooltip-autocomplete li', { hasText: '条件' }).first();
    await option.waitFor();
    await option.click();
    const line = await page.evaluate(() => {
      const v = (window as unknown as WB).workbench.view;
      return v.state.doc.lineAt(v.state.selection.main.head).text;
    });
    expect(line.trim().startsWith('条件')).toBe(true);
    // Back to the shipped text.
    await page.evaluate((t) => {
      const v = (window as unknown as WB).workbench.view;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
    }, SOURCE);
    expect(await text()).toBe(SOURCE);
  });

  it('formats on save (Ctrl-S) with the prettier plugin\'s printer, as formatPolicy does', async () => {
    const at = offsetOf(SOURCE, '对象：企业；', '待遇 企业认定奖励');
    const messy = SOURCE.slice(0, at) + '对象 ：  企业 ；' + SOURCE.slice(at + '对象：企业；'.length);
    const formatted = await formatPolicy(messy);
    expect(formatted.ok).toBe(true);
    expect(formatted.ok && formatted.text).not.toBe(messy);
    await page.evaluate((t) => {
      const v = (window as unknown as WB).workbench.view;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
      v.focus();
    }, messy);
    await page.keyboard.press('Control+s');
    await expect.poll(() => text()).toBe(formatted.ok ? formatted.text : '');
    await page.evaluate((t) => {
      const v = (window as unknown as WB).workbench.view;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
    }, SOURCE);
  });

  it('runs the examples, and a click jumps to one', async () => {
    await panesFresh();
    await tab('examples');
    const results = runExamples(compile(SOURCE).model, 'zh');
    const failed = results.filter((r) => !r.passed).length;
    await expect.poll(() => page.locator('#examples-head').textContent()).toBe(`${results.length - failed} 通过，${failed} 失败`);
    expect(await page.locator('#examples-list li').count()).toBe(results.length);
    await page.locator('#pane-examples').screenshot({ path: join(ARTEFACTS, 'examples.png') });
    await page.locator('#examples-list li', { hasText: '70人次' }).first().click();
    const line = await page.evaluate(() => {
      const v = (window as unknown as WB).workbench.view;
      return v.state.doc.lineAt(v.state.selection.main.head).text;
    });
    expect(line).toContain('示例 “70人次”');
  });

  it('calculates an enterprise with 70 人次 as the reference evaluator does, citing the clause', async () => {
    await tab('calculator');
    await page.selectOption('#calc-subject', '企业');
    await page.selectOption('[data-fact="已备案认定企业"] select', 'true');
    await page.fill('[data-fact="年度自主认定人次"] input', '70');
    const model = compile(SOURCE).model;
    const facts = validateFacts(model, '企业', { 已备案认定企业: true, 年度自主认定人次: '70' });
    expect(facts.ok).toBe(true);
    const asOf = model.header.effective!;
    const reference = evaluate(model, '企业', facts.ok ? facts.facts : new Map(), { asOf, ledger: [], lang: 'zh' }).benefits.find((b) => b.id === '企业认定奖励')!;
    expect(reference.status).toBe('eligible');
    const section = page.locator('section.decision[data-benefit="企业认定奖励"]');
    await expect.poll(() => section.getAttribute('data-amount')).toBe(reference.amount);
    const shown = (await section.textContent()) ?? '';
    expect(shown).toContain(`${reference.amount} 元`);
    expect(shown).toContain(`第${reference.clause}条`);
    expect(reference.clause).toBe('二（三）7');
    await page.locator('#pane-calculator').screenshot({ path: join(ARTEFACTS, 'calculator.png') });
  });

  it('fills a 名单 (member list) row by row with the member facts\' own inputs, as the reference evaluator decides', async () => {
    const DALIAN = 'dalian-employment-subsidies-2019.policy';
    const source = readFileSync(join(process.cwd(), 'policies', DALIAN), 'utf8');
    await page.selectOption('#file-select', DALIAN);
    await page.waitForFunction((f) => (window as unknown as WB).workbench.panes?.uri.endsWith(f), DALIAN);
    await panesFresh();
    await tab('calculator');
    await page.selectOption('#calc-subject', '见习单位');
    const list = page.locator('[data-fact="见习人员"]');
    await expect.poll(() => list.locator('.muted').textContent()).toBe('尚未添加成员（未填）。');
    await page.fill('[data-fact="见习期满人数"] input', '10');
    await page.fill('[data-fact="见习期满留用人数"] input', '6');
    await page.selectOption('[data-fact="地区"] select', '北三市');
    // No member entered: the list is not given, and the decision says so (not a sum over an empty list).
    const section = page.locator('section.decision[data-benefit="企业见习补贴"]');
    await expect.poll(() => section.getAttribute('data-status')).toBe('undetermined');
    expect(await section.locator('.missing').textContent()).toContain('本次申请补贴的见习人员');
    const member = (i: number, fact: string) => list.locator(`tr[data-member="${i}"] td[data-fact="${fact}"]`);
    await list.locator('button.member-add').click();
    await list.locator('button.member-add').click();
    await list.locator('button.member-add').click();
    expect(await list.locator('tr[data-member]').count()).toBe(3);
    // The member type's own inputs: a picker with its enum's values, numbers with their units, dates; derived facts not asked.
    expect(await member(0, '类别').locator('option').allTextContents()).toEqual(['（未填）', '高校毕业生', '中职毕业生', '失业青年', '其他人员']);
    expect(await member(0, '见习月数').locator('.unit').textContent()).toBe('月');
    expect(await member(0, '出生日期').locator('input').getAttribute('type')).toBe('date');
    expect(await member(0, '年龄').count()).toBe(0);
    await member(0, '类别').locator('select').selectOption('高校毕业生');
    await member(0, '离校日期').locator('input').fill('2018-09-01');
    await member(0, '见习开始日期').locator('input').fill('2019-03-01');
    await member(0, '离校后未就业').locator('select').selectOption('true');
    await member(0, '见习月数').locator('input').fill('6');
    await member(1, '类别').locator('select').selectOption('失业青年');
    await member(1, '出生日期').locator('input').fill('1999-01-01');
    await member(1, '见习开始日期').locator('input').fill('2019-06-01');
    await member(1, '见习月数').locator('input').fill('6');
    // A third member is removed again: what was entered in the others stays.
    await member(2, '类别').locator('select').selectOption('其他人员');
    await list.locator('tr[data-member="2"] button.member-remove').click();
    expect(await list.locator('tr[data-member]').count()).toBe(2);
    expect(await member(1, '出生日期').locator('input').inputValue()).toBe('1999-01-01');
    const model = compile(source).model;
    const facts = validateFacts(model, '见习单位', {
      见习期满人数: '10',
      见习期满留用人数: '6',
      地区: '北三市',
      见习人员: [
        { 类别: '高校毕业生', 离校日期: '2018-09-01', 见习开始日期: '2019-03-01', 离校后未就业: true, 见习月数: '6' },
        { 类别: '失业青年', 出生日期: '1999-01-01', 见习开始日期: '2019-06-01', 见习月数: '6' },
      ],
    });
    expect(facts.ok).toBe(true);
    const reference = evaluate(model, '见习单位', facts.ok ? facts.facts : new Map(), { asOf: model.header.effective!, ledger: [], lang: 'zh' }).benefits.find((b) => b.id === '企业见习补贴')!;
    expect(reference.status).toBe('eligible');
    // Two members at 1520 元 × 6 + 500 元 + 100 元 × 6 each (the policy's own example is one such member).
    expect(reference.amount).toBe('20440.00');
    await expect.poll(() => section.getAttribute('data-amount')).toBe(reference.amount);
    await page.locator('#pane-calculator').screenshot({ path: join(ARTEFACTS, 'calculator-members.png') });
    // A bad member value is refused, naming the member.
    await member(1, '见习月数').locator('input').fill('六');
    await expect.poll(() => page.locator('#calc-result .input-errors').textContent()).toContain('见习人员[1].见习月数');
    await member(1, '见习月数').locator('input').fill('6');
    await expect.poll(() => section.getAttribute('data-amount')).toBe(reference.amount);
    await page.selectOption('#file-select', FILE);
    await page.waitForFunction((f) => (window as unknown as WB).workbench.panes?.uri.endsWith(f), FILE);
    await panesFresh();
  });

  it('shows the 修订对照 row when the cap is changed in the editor', async () => {
    const at = offsetOf(SOURCE, '每年累计不超过：5万元', '待遇 企业认定奖励') + '每年累计不超过：'.length;
    const amended = SOURCE.slice(0, at) + '8万元' + SOURCE.slice(at + 3);
    const a = compile(SOURCE).model;
    const b = compile(amended).model;
    const comparison = buildComparison(a, b, diffPolicies(a, b, 'zh'));
    expect(comparison.clauses.map((c) => c.head)).toEqual([expect.stringContaining('二（三）7')]);
    await select(at, at + 3);
    await page.keyboard.type('8万元');
    await tab('diff');
    const doc = page.locator('#diff-doc');
    await expect.poll(() => doc.locator('section.clause h2').first().textContent(), { timeout: 10000 }).toBe(comparison.clauses[0]!.head);
    expect(await doc.locator('section.clause .change').first().textContent()).toContain(comparison.clauses[0]!.summary);
    await page.locator('#panes').screenshot({ path: join(ARTEFACTS, 'diff.png') });
  });

  it('keeps the edit across a reload', async () => {
    const before = await text();
    expect(before).not.toBe(SOURCE);
    await page.reload();
    await page.waitForFunction((f) => (window as unknown as WB).workbench.panes?.uri.endsWith(f), FILE);
    expect(await text()).toBe(before);
  });

  it('opens a local file, and downloads what is in the editor', async () => {
    const other = readFileSync(join(process.cwd(), 'policies/national-unemployment-insurance-2025.policy'), 'utf8');
    await page.setInputFiles('#open-file', { name: 'local.policy', mimeType: 'text/plain', buffer: Buffer.from(other) });
    await page.waitForFunction(() => (window as unknown as WB).workbench.panes?.uri.endsWith('local.policy'));
    expect(await text()).toBe(other);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('local.policy');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(other);
    // The edited shipped policy is still there, with its edit.
    expect(await page.locator('#file-select option', { hasText: `${FILE} *` }).count()).toBe(1);
  });

  it('opens the FILE that `policy workbench FILE` serves', async () => {
    const path = join(process.cwd(), 'policies/national-unemployment-insurance-2025.policy');
    const second = await serveWorkbench(out, 0, path);
    const p2 = await browser.newPage();
    try {
      await p2.goto(second.url);
      await p2.waitForFunction(() => (window as unknown as WB).workbench.panes?.uri.endsWith('national-unemployment-insurance-2025.policy'));
      expect(await p2.evaluate(() => (window as unknown as WB).workbench.view.state.doc.toString())).toBe(readFileSync(path, 'utf8'));
    } finally {
      await p2.close();
      second.server.close();
    }
  });

  it('switches the interface and the diagnostics to English', async () => {
    await page.click('#lang-switch');
    await expect.poll(() => page.title()).toBe('Policy workbench');
    await tab('examples');
    await expect.poll(() => page.locator('#examples-head').textContent()).toMatch(/^\d+ passed, \d+ failed$/);
    await tab('summary');
    await page.screenshot({ path: join(ARTEFACTS, 'english.png') });
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
