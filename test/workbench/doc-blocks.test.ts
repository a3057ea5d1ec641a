// The pages the workbench's panes show travel as blocks and deltas
// (workbench/src/doc-blocks.ts): cut in the worker, put back together in the
// page. Checked on the real pages of every shipped policy: cutting and joining
// loses nothing, an edit to one benefit sends only that benefit's block, and a
// delta against a version the page does not have is never applied.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { diffPolicies } from '../../compiler/diff/semantic.ts';
import { buildComparison, renderComparisonHtml } from '../../compiler/diff/table.ts';
import { renderSummary } from '../../compiler/summary/index.ts';
import { applyDelta, diffBlocks, DocSender, joinDoc, splitDoc } from '../../workbench/src/doc-blocks.ts';

const DIR = join(process.cwd(), 'policies');
const POLICIES = readdirSync(DIR)
  .filter((f) => f.endsWith('.policy'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(DIR, f), 'utf8') }));
const SECTION = (tag: string) => tag === '<section class="section">';
/** The same page as far as a browser is concerned: whitespace between tags is not content. */
const norm = (html: string) => html.replace(/>\s+</g, '><').trim();

const compiled = new Map<string, ReturnType<typeof compile>>();
function summaryOf(text: string, lang: 'zh' | 'en' = 'zh'): string {
  let c = compiled.get(text);
  if (!c) compiled.set(text, (c = compile(text)));
  return renderSummary(c.model, { lang, format: 'html', comments: c.parse.comments });
}

describe('cutting a page into blocks', () => {
  it.each(POLICIES)('loses nothing of the summary of $name (zh and en), and cuts it per benefit', ({ text }) => {
    for (const lang of ['zh', 'en'] as const) {
      const html = summaryOf(text, lang);
      const d = splitDoc(html, SECTION);
      expect(norm(joinDoc(d))).toBe(norm(html));
      const benefits = (html.match(/<section class="benefit">/g) ?? []).length;
      // Every benefit is a block of its own (the parts 一、二… are cut into their children).
      expect(d.blocks.filter((b) => b.includes('<section class="benefit">')).length).toBe(benefits);
      for (const b of d.blocks) expect((b.match(/<section class="benefit">/g) ?? []).length).toBeLessThanOrEqual(1);
    }
  });

  it('loses nothing of a 修订对照表 page', () => {
    const { text } = POLICIES.find((p) => /每年累计不超过：5万元/.test(p.text)) ?? POLICIES[0]!;
    const amended = text.replace(/每年累计不超过：5万元/, '每年累计不超过：8万元');
    expect(amended).not.toBe(text);
    const a = compile(text).model;
    const b = compile(amended).model;
    const html = renderComparisonHtml(buildComparison(a, b, diffPolicies(a, b, 'zh')));
    const d = splitDoc(html);
    expect(d.blocks.length).toBeGreaterThan(2);
    expect(norm(joinDoc(d))).toBe(norm(html));
  });

  it('keeps anything it cannot read as one block, never a wrong cut', () => {
    const page = (inner: string) => `<!DOCTYPE html><html><head></head><body><main>${inner}</main></body></html>`;
    for (const inner of ['text at the top <p>x</p>', '<p>a</p><!-- c --><p>b</p>', '<div><p>unclosed</div></div>', '<p>a</p> tail']) {
      const d = splitDoc(page(inner));
      expect(d.blocks, inner).toEqual([inner]);
      expect(joinDoc(d).replace(/\n/g, '')).toBe(page(inner));
    }
    expect(splitDoc(page('<p>a</p>\n<hr>\n<table><colgroup><col><col></colgroup></table><br/>')).blocks).toEqual(['<p>a</p>', '<hr>', '<table><colgroup><col><col></colgroup></table>', '<br/>']);
    expect(splitDoc(page('')).blocks).toEqual([]);
    expect(splitDoc('no main here').blocks).toEqual([]);
  });
});

describe('deltas between versions', () => {
  it('finds the common start and end', () => {
    expect(diffBlocks(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual({ head: 1, tail: 1 });
    expect(diffBlocks(['a', 'b'], ['a', 'b'])).toEqual({ head: 2, tail: 0 });
    expect(diffBlocks(['a', 'a'], ['a', 'a', 'a'])).toEqual({ head: 2, tail: 0 });
    expect(diffBlocks([], ['a'])).toEqual({ head: 0, tail: 0 });
    expect(diffBlocks(['a', 'b', 'c'], ['c'])).toEqual({ head: 0, tail: 1 });
  });

  it('sends only the edited benefit after an edit, and the page rebuilds the new version exactly', () => {
    const { text } = POLICIES.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    const sender = new DocSender(SECTION);
    const first = sender.delta(summaryOf(text), undefined);
    expect(first.base).toBeUndefined();
    let shown = applyDelta(undefined, first)!;
    expect(shown.blocks).toEqual(splitDoc(summaryOf(text), SECTION).blocks);
    // Change one amount in the text: one benefit's block changes.
    const m = /(\d+)元/.exec(text.slice(text.indexOf('待遇')))!;
    const at = text.indexOf('待遇') + m.index;
    const edited = text.slice(0, at) + String(Number(m[1]) + 1) + text.slice(at + m[1]!.length);
    const next = sender.delta(summaryOf(edited), shown.id);
    expect(next.base).toBe(shown.id);
    expect(next.prefix).toBeUndefined();
    expect(next.blocks.length).toBeGreaterThanOrEqual(1);
    expect(next.blocks.length).toBeLessThanOrEqual(2);
    expect(next.head + next.tail + next.blocks.length).toBe(splitDoc(summaryOf(edited), SECTION).blocks.length);
    expect(JSON.stringify(next).length).toBeLessThan(JSON.stringify(first).length / 5);
    shown = applyDelta(shown, next)!;
    expect(shown.blocks).toEqual(splitDoc(summaryOf(edited), SECTION).blocks);
    expect(norm(joinDoc(shown))).toBe(norm(summaryOf(edited)));
    // The same text again: nothing to send.
    const same = sender.delta(summaryOf(edited), shown.id);
    expect(same.blocks).toEqual([]);
  });

  it('never applies a delta to a version it was not made against', () => {
    const sender = new DocSender(SECTION);
    const html = summaryOf(POLICIES[0]!.text);
    const a = applyDelta(undefined, sender.delta(html, undefined))!;
    const d = sender.delta(html, a.id);
    expect(applyDelta({ ...a, id: 'other' }, d)).toBeUndefined();
    expect(applyDelta(undefined, d)).toBeUndefined();
    // The worker forgot the version the page names (it keeps a few): the whole page comes again.
    const small = new DocSender(SECTION, 1);
    const v1 = small.delta(html, undefined);
    small.delta(html, undefined);
    const again = small.delta(html, v1.id);
    expect(again.base).toBeUndefined();
    expect(again.prefix).toBeDefined();
  });
});
