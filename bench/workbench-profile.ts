// Where a key's main-thread time goes, page by page: types the same bursts as bench/workbench.ts into the
// plain CodeMirror editor and the workbench (or any page of the benchmark), with a trace (CDP Tracing) and a
// CPU profile (CDP Profiler) of the typing, and prints per key: the main thread's self time by trace event
// (script, style, layout, paint, commit …) and the JavaScript functions with the most self time.
// Not a benchmark (nothing is written to RESULTS.md); the tool the items in workbench/RESULTS.md were found with.
//   node --import tsx bench/workbench-profile.ts [page …]     pages: plain, workbench (default both), textarea
//   WB_ROUNDS (1: the pages typed into in turn, the order rotating), WB_TRACE_OUT (a path prefix: write each trace and profile)
//   WB_LINES (5000), WB_BURSTS (8), WB_TOP (25 functions), WB_CSS (a CSS rule added to each page),
//   WB_ARGS (extra Chromium flags, space-separated)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveWorkbench } from '../workbench/build.ts';
import { loadAvgNow } from './machine.ts';
import { synthPolicyOfLines } from './synth.ts';
import { buildPages, bundlePage, keyTimings, openText, placeCaret, q, typeBursts, type KeyTiming, type TraceEvent } from './workbench-common.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const LINES = Number(process.env['WB_LINES'] ?? 5000);
const BURSTS = Number(process.env['WB_BURSTS'] ?? 8);
const TOP = Number(process.env['WB_TOP'] ?? 25);
const CSS = process.env['WB_CSS'];
const ROUNDS = Number(process.env['WB_ROUNDS'] ?? 1);
const TRACE_OUT = process.env['WB_TRACE_OUT'];
const pages = process.argv.slice(2).length ? process.argv.slice(2) : ['plain', 'workbench'];

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

async function main() {
  const out = mkdtempSync(join(tmpdir(), 'wb-profile-'));
  await buildPages(out, false);
  await bundlePage(out, 'workbench-variants.ts', 'variants', false);
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
      if (kind.startsWith('plain') || kind.startsWith('v?')) await openText(page, 'plain', text);
      else if (kind.startsWith('workbench')) await openText(page, 'workbench', text);
      if (CSS) await page.addStyleTag({ content: CSS });
      await page.evaluate(() => {
        const g = window as unknown as { __keys: number };
        g.__keys = 0;
        document.addEventListener('keydown', () => g.__keys++, true);
      });
      await placeCaret(page, text);
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
      await typeBursts(page, BURSTS);
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
