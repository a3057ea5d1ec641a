// What the workbench benchmarks share (bench/workbench.ts, the benchmark; bench/workbench-profile.ts, the
// profiling tool): the pages typed into and how they are built, how a page is given the policy and the caret,
// the bursts of typing, and the keystrokes' timings read from the browser's trace.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { buildWorkbench, type BuildResult } from '../workbench/build.ts';
import { percentile } from './stats.ts';

export interface TraceEvent {
  ph: string;
  name: string;
  cat?: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: unknown };
}

/** The q-th percentile (nearest rank) of a list of numbers; NaN when it is empty. */
export const q = (xs: number[], p: number): number => (xs.length ? percentile(xs, p) : NaN);

// ---- pages ----

/**
 * A page script bundled into `out` as <name>.js, with the workbench's own page and CSS around it as
 * <name>.html (so an editor there has the workbench editor's size and font).
 */
export async function bundlePage(out: string, entry: string, name: string, minify: boolean): Promise<void> {
  await esbuild.build({ entryPoints: [join(import.meta.dirname, entry)], bundle: true, format: 'esm', minify, outfile: join(out, `${name}.js`), logLevel: 'silent' });
  writeFileSync(join(out, `${name}.html`), readFileSync(join(out, 'index.html'), 'utf8').replace('src="main.js"', `src="${name}.js"`));
}

/**
 * The pages built into `out`: the workbench (index.html), the plain CodeMirror editor of bench/plain-editor.ts
 * (plain.html, the baseline) and a bare <textarea> (textarea.html: no script, empty — what the browser alone adds
 * to a key).
 */
export async function buildPages(out: string, minify: boolean): Promise<BuildResult> {
  const built = await buildWorkbench({ outdir: out, minify });
  await bundlePage(out, 'plain-editor.ts', 'plain', minify);
  writeFileSync(
    join(out, 'textarea.html'),
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>textarea</title><textarea style="width:800px;height:600px;font:14px monospace"></textarea></html>',
  );
  return built;
}

/**
 * The policy into a loaded page: a plain editor page opens it (`window.plain.open`); the workbench gets it through
 * its file input, and this waits until its panes show that file.
 */
export async function openText(page: Page, editor: 'plain' | 'workbench', text: string): Promise<void> {
  if (editor === 'plain') {
    await page.evaluate((t) => (window as unknown as { plain: { open(t: string): void } }).plain.open(t), text);
    return;
  }
  await page.waitForFunction(() => !!(window as unknown as { workbench: { panes?: unknown } }).workbench.panes, null, { timeout: 120000 });
  await page.setInputFiles('#open-file', { name: 'synthetic.policy', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.waitForFunction(
    () => {
      const w = (window as unknown as { workbench: { panes?: { uri: string } } }).workbench;
      return w.panes?.uri.endsWith('synthetic.policy') && document.querySelector('#panes')?.getAttribute('data-stale') === 'false';
    },
    null,
    { timeout: 300000 },
  );
}

/** The caret into the first benefit's conditions of `text` and the focus in the editor (in the textarea on a page without one). */
export async function placeCaret(page: Page, text: string): Promise<void> {
  // No named inner functions here: the page runs this as text, without tsx's helpers.
  await page.evaluate((p) => {
    const g = window as unknown as { plain?: { view: unknown }; workbench?: { view: unknown } };
    const editor = g.plain ?? g.workbench;
    if (!editor) (document.querySelector('textarea') as HTMLTextAreaElement).focus();
    else {
      const view = editor.view as { dispatch(t: unknown): void; focus(): void };
      view.dispatch({ selection: { anchor: p } });
      view.focus();
    }
  }, text.indexOf('条件：') + '条件：'.length);
}

/**
 * The typing: bursts of a word typed three times and six backspaces, with pauses of 250 ms and 650 ms, so that
 * the server in the worker recompiles (diagnostics 150 ms after the last change reaches it; panes 800 ms after
 * the last key) while typing goes on; then 1.5 s for the last recompile.
 */
export async function typeBursts(page: Page, bursts: number): Promise<void> {
  const words = ['abc ', 'and ', 'x1 ', 'reaches ', 'or ', 'yz '];
  for (let i = 0; i < bursts; i++) {
    await page.keyboard.type(words[i % words.length]!.repeat(3), { delay: 45 });
    for (let k = 0; k < 6; k++) await page.keyboard.press('Backspace', { delay: 45 });
    await page.waitForTimeout(i % 2 ? 650 : 250);
  }
  await page.waitForTimeout(1500);
}

// ---- keystrokes from the trace ----

/**
 * One keystroke as the browser's trace tells it (the EventTiming trace events, which Chromium writes for every
 * event, with the same fields as the Performance API's entries but not rounded to 8 ms and not only ≥ 16 ms).
 * Of the key's interaction (keydown, keypress, keyup) the longest event E, as Event Timing reports it:
 *   duration = from E's timestamp to the presentation of the next frame after its handlers ran
 *            = delay + handlers + busy + wait + present, where
 *   delay    = E.processingStart − E.timeStamp: the key waiting for the page's thread (input delay);
 *   handlers = E.processingEnd − E.processingStart: E's own event handlers;
 *   busy     = the page's thread busy from E.processingEnd to the frame's commit (other events' handlers,
 *              the editor's measuring in requestAnimationFrame, style, layout, paint, commit);
 *   wait     = the page's thread idle in that span: nothing to do until the frame begins (the next tick
 *              of the 60 Hz frame clock, unless a frame begins at once);
 *   present  = from the commit to the frame presented (compositor, raster, draw, display compositor).
 */
export interface KeyTiming {
  duration: number;
  delay: number;
  handlers: number;
  busy: number;
  wait: number;
  present: number;
}

interface EventTimingData {
  type: string;
  interactionId: number;
  timeStamp: number;
  processingStart: number;
  processingEnd: number;
  commitFinishTime?: number;
  duration: number;
}

/** The keystrokes' timings from a trace of the page (see KeyTiming). */
export function keyTimings(events: TraceEvent[]): KeyTiming[] {
  const et = events.filter((e) => e.ph === 'b' && e.name === 'EventTiming' && e.args?.data);
  if (!et.length) return [];
  const { pid, tid } = et[0]!;
  // Trace clock (µs) to the page's clock (ms): an EventTiming event begins at its entry's timestamp.
  const first = et[0]!;
  const origin = first.ts / 1000 - (first.args!.data as EventTimingData).timeStamp;
  const busy: [number, number][] = [];
  const spans = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && typeof e.dur === 'number')
    .map((e) => [e.ts / 1000 - origin, (e.ts + e.dur!) / 1000 - origin] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  for (const [a, b] of spans) {
    const last = busy[busy.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else busy.push([a, b]);
  }
  const idle = (a: number, b: number) => {
    let s = Math.max(0, b - a);
    for (const [x, y] of busy) {
      if (y <= a) continue;
      if (x >= b) break;
      s -= Math.min(b, y) - Math.max(a, x);
    }
    return Math.max(0, s);
  };
  const byInteraction = new Map<number, EventTimingData[]>();
  for (const e of et) {
    const d = e.args!.data as EventTimingData;
    if (!d.interactionId) continue;
    const list = byInteraction.get(d.interactionId) ?? [];
    list.push(d);
    byInteraction.set(d.interactionId, list);
  }
  const out: KeyTiming[] = [];
  for (const list of byInteraction.values()) {
    if (!list.some((d) => d.type === 'keydown')) continue;
    const e = list.reduce((a, b) => (b.duration > a.duration ? b : a));
    // The frame's commit; without one after the handlers (none recorded), the whole rest counts as the frame's work.
    const end = e.timeStamp + e.duration;
    const commit = e.commitFinishTime && e.commitFinishTime >= e.processingEnd ? Math.min(e.commitFinishTime, end) : end;
    const wait = idle(e.processingEnd, commit);
    out.push({
      duration: e.duration,
      delay: e.processingStart - e.timeStamp,
      handlers: e.processingEnd - e.processingStart,
      busy: Math.max(0, commit - e.processingEnd - wait),
      wait,
      present: end - commit,
    });
  }
  return out;
}
