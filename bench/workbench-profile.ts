// Where a key's main-thread time goes, page by page: types the same bursts as bench/workbench.ts into the
// plain CodeMirror editor and the workbench (or any page of the benchmark), with a trace (CDP Tracing) and a
// CPU profile (CDP Profiler) of the typing, and prints per key: the main thread's self time by trace event
// (script, style, layout, paint, commit …) and the JavaScript functions with the most self time.
// Not a benchmark (nothing is written to RESULTS.md); the tool the items in workbench/RESULTS.md were found with.
//   node --import tsx bench/workbench-profile.ts [page …]     pages: plain, workbench (default both), textarea
//   WB_ROUNDS (1: the pages typed into in turn, the order rotating), WB_TRACE_OUT (a path prefix: write each trace and profile)
//   WB_LINES (5000), WB_BURSTS (8), WB_TOP (25 functions), WB_CSS (a CSS rule added to each page),
//   WB_ARGS (extra Chromium flags, space-separated)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { buildWorkbench, serveWorkbench } from '../workbench/build.ts';
import { loadAvgNow } from './machine.ts';
import { keyTimings, type KeyTiming } from './workbench.ts';
import { synthPolicyOfLines } from './synth.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const LINES = Number(process.env['WB_LINES'] ?? 5000);
const BURSTS = Number(process.env['WB_BURSTS'] ?? 8);
const TOP = Number(process.env['WB_TOP'] ?? 25);
const CSS = process.env['WB_CSS'];
const ROUNDS = Number(process.env['WB_ROUNDS'] ?? 1);
const TRACE_OUT = process.env['WB_TRACE_OUT'];
const pages = process.argv.slice(2).length ? process.argv.slice(2) : ['plain', 'workbench'];

interface TraceEvent {
  ph: string;
  name: string;
  cat?: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** Self thread time (ms) per trace event name on the page's main thread. */
function selfTimes(events: TraceEvent[]): Map<string, number> {
  const main = events.find(
    (e) =>
      e.ph === 'M' &&
      e.name === 'thread_name' &&
      e.args?.name === 'CrRendererMain' &&
      events.some((x) => x.pid === e.pid && x.name === 'EventTiming'),
  );
  const own = events
    .filter(
      (e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number' && typeof e.tdur === 'number',
    )
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const out = new Map<string, number>();
  const stack: { e: TraceEvent; child: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length && stack[stack.length - 1]!.e.ts + stack[stack.length - 1]!.e.dur! <= upTo) {
      const top = stack.pop()!;
      out.set(top.e.name, (out.get(top.e.name) ?? 0) + (top.e.tdur! - top.child) / 1000);
      if (stack.length) stack[stack.length - 1]!.child += top.e.tdur!;
    }
  };
  for (const e of own) {
    close(e.ts);
    stack.push({ e, child: 0 });
  }
  close(Infinity);
  return out;
}

/** Self time (ms) per JavaScript function of a CPU profile. */
function functionTimes(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]!)!;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const f = n.callFrame;
    const name =
      `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`.trim();
    out.set(name, (out.get(name) ?? 0) + dt);
  }
  return out;
}

/** Event Timing from the trace, unrounded: p50/p95 of the key's duration, p95 less the idle wait for the frame, mean wait. */
function latency(ts: KeyTiming[]): string {
  const q = (xs: number[], p: number) => {
    const v = [...xs].sort((a, b) => a - b);
    return v.length ? v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))]! : NaN;
  };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return `Event Timing (trace) p50 ${q(
    ts.map((t) => t.duration),
    50,
  ).toFixed(1)} p95 ${q(
    ts.map((t) => t.duration),
    95,
  ).toFixed(1)} ms, less the wait p95 ${q(
    ts.map((t) => t.duration - t.wait),
    95,
  ).toFixed(
    1,
  )}, mean wait ${mean(ts.map((t) => t.wait)).toFixed(1)} ms, ≥ 16 ms: ${ts.filter((t) => t.duration >= 16).length}/${ts.length}`;
}

async function typeBursts(page: Page) {
  const words = ['abc ', 'and ', 'x1 ', 'reaches ', 'or ', 'yz '];
  for (let i = 0; i < BURSTS; i++) {
    await page.keyboard.type(words[i % words.length]!.repeat(3), { delay: 45 });
    for (let k = 0; k < 6; k++) await page.keyboard.press('Backspace', { delay: 45 });
    await page.waitForTimeout(i % 2 ? 650 : 250);
  }
  await page.waitForTimeout(1500);
}

async function main() {
  const out = mkdtempSync(join(tmpdir(), 'wb-profile-'));
  await buildWorkbench({ outdir: out, minify: false });
  await esbuild.build({
    entryPoints: [join(import.meta.dirname, 'plain-editor.ts')],
    bundle: true,
    format: 'esm',
    minify: false,
    outfile: join(out, 'plain.js'),
    logLevel: 'silent',
  });
  writeFileSync(join(out, 'plain.html'), readFileSync(join(out, 'index.html'), 'utf8').replace('src="main.js"', 'src="plain.js"'));
  await esbuild.build({
    entryPoints: [join(import.meta.dirname, 'workbench-variants.ts')],
    bundle: true,
    format: 'esm',
    minify: false,
    outfile: join(out, 'variants.js'),
    logLevel: 'silent',
    plugins: [],
  });
  writeFileSync(join(out, 'variants.html'), readFileSync(join(out, 'index.html'), 'utf8').replace('src="main.js"', 'src="variants.js"'));
  writeFileSync(
    join(out, 'textarea.html'),
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>textarea</title><textarea style="width:800px;height:600px;font:14px monospace"></textarea></html>',
  );
  const { server, url } = await serveWorkbench(out, 0);
  const text = synthPolicyOfLines(LINES);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--window-size=1400,900',
      ...(process.env['WB_ARGS']?.split(' ').filter(Boolean) ?? []),
    ],
  });
  try {
    const measure = async (kind: string) => {
      const context = await browser.newContext({ viewport: null });
      const page = await context.newPage();
      page.on('pageerror', (e) => process.stderr.write(`${kind}: ${e.message}\n`));
      // plain, plain?worker=1, workbench, workbench?…, v?ext=a,b&drop=c (bench/workbench-variants.ts)
      const path =
        kind === 'textarea'
          ? 'textarea.html'
          : kind.startsWith('plain')
            ? `plain.html${kind.slice(5)}`
            : kind.startsWith('v?')
              ? `variants.html${kind.slice(1)}`
              : kind.startsWith('workbench')
                ? kind.slice(9)
                : kind;
      await page.goto(url + path);
      if (kind.startsWith('plain') || kind.startsWith('v?'))
        await page.evaluate((t) => (window as unknown as { plain: { open(t: string): void } }).plain.open(t), text);
      else if (kind.startsWith('workbench')) {
        await page.waitForFunction(() => !!(window as unknown as { workbench: { panes?: unknown } }).workbench.panes, null, {
          timeout: 120000,
        });
        await page.setInputFiles('#open-file', { name: 'synthetic.policy', mimeType: 'text/plain', buffer: Buffer.from(text) });
        await page.waitForFunction(
          () =>
            (window as unknown as { workbench: { panes?: { uri: string } } }).workbench.panes?.uri.endsWith('synthetic.policy') &&
            document.querySelector('#panes')?.getAttribute('data-stale') === 'false',
          null,
          { timeout: 300000 },
        );
      }
      if (CSS) await page.addStyleTag({ content: CSS });
      await page.evaluate(
        (p) => {
          const g = window as unknown as { __keys: number; plain?: { view: unknown }; workbench?: { view: unknown } };
          g.__keys = 0;
          document.addEventListener('keydown', () => g.__keys++, true);
          const editor = g.plain ?? g.workbench;
          if (!editor) (document.querySelector('textarea') as HTMLTextAreaElement).focus();
          else {
            const view = editor.view as { dispatch(t: unknown): void; focus(): void };
            view.dispatch({ selection: { anchor: p } });
            view.focus();
          }
        },
        text.indexOf('条件：') + '条件：'.length,
      );
      await page.waitForTimeout(1000);
      const cdp = await context.newCDPSession(page);
      const events: TraceEvent[] = [];
      cdp.on('Tracing.dataCollected', (d) => {
        for (const e of d.value as unknown as TraceEvent[]) events.push(e);
      });
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Tracing.start', {
        categories: 'devtools.timeline,toplevel,blink,cc,disabled-by-default-devtools.timeline',
        transferMode: 'ReportEvents',
      });
      await cdp.send('Profiler.start');
      const load0 = loadAvgNow();
      await typeBursts(page);
      const { profile } = await cdp.send('Profiler.stop');
      const traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.end');
      await traced;
      const keys = await page.evaluate(() => (window as unknown as { __keys: number }).__keys);
      const fns = functionTimes(profile as unknown as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] });
      if (TRACE_OUT) writeFileSync(`${TRACE_OUT}-${kind.replace(/\W/g, '_')}.json`, JSON.stringify({ traceEvents: events }));
      if (TRACE_OUT) writeFileSync(`${TRACE_OUT}-${kind.replace(/\W/g, '_')}.cpuprofile`, JSON.stringify(profile));
      await context.close();
      return { keys, self: selfTimes(events), fns, loads: [load0, loadAvgNow()], timings: keyTimings(events) };
    };
    const sum = new Map<
      string,
      { keys: number; self: Map<string, number>; fns: Map<string, number>; loads: number[]; timings: KeyTiming[] }
    >();
    for (let r = 0; r < ROUNDS; r++) {
      const order = pages.map((_, i) => pages[(i + r) % pages.length]!);
      for (const kind of r % 2 ? order.reverse() : order) {
        const m = await measure(kind);
        const acc = sum.get(kind) ?? {
          keys: 0,
          self: new Map<string, number>(),
          fns: new Map<string, number>(),
          loads: [] as number[],
          timings: [] as KeyTiming[],
        };
        sum.set(kind, acc);
        acc.keys += m.keys;
        acc.loads.push(...m.loads);
        acc.timings.push(...m.timings);
        for (const [k, v] of m.self) acc.self.set(k, (acc.self.get(k) ?? 0) + v);
        for (const [k, v] of m.fns) acc.fns.set(k, (acc.fns.get(k) ?? 0) + v);
        const total = [...m.self.values()].reduce((x, y) => x + y, 0);
        process.stderr.write(
          `  round ${r + 1} ${kind}: ${(total / m.keys).toFixed(2)} ms/key (load ${m.loads.map((x) => x.toFixed(1)).join(' → ')})\n`,
        );
      }
    }
    for (const [kind, acc] of sum) {
      const total = [...acc.self.values()].reduce((x, y) => x + y, 0);
      process.stdout.write(
        `\n== ${kind}: ${acc.keys} keys, main thread ${(total / acc.keys).toFixed(2)} ms/key (load ${Math.min(...acc.loads).toFixed(1)}–${Math.max(...acc.loads).toFixed(1)})\n`,
      );
      for (const [name, ms] of [...acc.self].sort((x, y) => y[1] - x[1]).slice(0, 22))
        process.stdout.write(`  ${(ms / acc.keys).toFixed(3).padStart(7)} ms/key  ${name}\n`);
      process.stdout.write(`  -- JavaScript self time (sampled, ms/key)\n`);
      for (const [name, ms] of [...acc.fns]
        .filter(([n]) => !/^\((idle|program)\)/.test(n))
        .sort((x, y) => y[1] - x[1])
        .slice(0, TOP))
        process.stdout.write(`  ${(ms / acc.keys).toFixed(3).padStart(7)} ms/key  ${name}\n`);
    }
    process.stdout.write(
      `\n${[...sum].map(([kind, acc]) => `${kind}: ${([...acc.self.values()].reduce((x, y) => x + y, 0) / acc.keys).toFixed(2)} ms/key; ${latency(acc.timings)}`).join('\n')}\n`,
    );
  } finally {
    await browser.close();
    server.close();
    rmSync(out, { recursive: true, force: true });
  }
}

await main();
