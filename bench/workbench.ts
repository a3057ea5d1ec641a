// The workbench's targets, measured in headless Chromium (npm run bench:workbench):
//  - input latency while typing in a 5,000-line policy, with diagnostics and
//    panes computing in the worker (Event Timing API: each keystroke's
//    interaction duration, event to next paint; plus the main thread's own
//    processing time per keystroke, event to the thread being free again);
//  - long tasks on the page's main thread while typing;
//  - JavaScript on first load, gzipped.
// Writes workbench/RESULTS.md. Not part of npm test (timings are not assertions).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildWorkbench, kib, serveWorkbench } from '../workbench/build.ts';
import { loadAvgNow, machine } from './machine.ts';
import { percentile } from './stats.ts';
import { synthPolicyOfLines } from './synth.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const LINES = Number(process.env['WB_LINES'] ?? 5000);
const BURSTS = Number(process.env['WB_BURSTS'] ?? 12);

interface PageMeasure {
  keys: number;
  /** Event Timing: per interaction, the longest event duration (ms, 8 ms granularity); only interactions ≥ 16 ms are reported by the browser. */
  slowInteractions: number[];
  /** Per keystroke: from the event's timestamp to the main thread being free again (ms). */
  processing: number[];
  longTasks: number[];
  diagnosticsRounds: number;
  panesRounds: number;
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)\n`);
    process.exit(2);
  }
  const out = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  const built = await buildWorkbench({ outdir: out });
  const { server, url } = await serveWorkbench(out, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking'] });
  const load0 = loadAvgNow();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.waitForFunction(() => !!(window as unknown as { workbench: { panes?: unknown } }).workbench.panes);
    const policy = synthPolicyOfLines(LINES);
    const lines = policy.split('\n').length;
    const t0 = Date.now();
    await page.setInputFiles('#open-file', { name: 'synthetic-5000.policy', mimeType: 'text/plain', buffer: Buffer.from(policy) });
    await page.waitForFunction(() => {
      const w = (window as unknown as { workbench: { panes?: { uri: string } } }).workbench;
      return w.panes?.uri.includes('synthetic') && document.querySelector('#panes')?.getAttribute('data-stale') === 'false';
    }, undefined, { timeout: 120000 });
    const firstPanesMs = Date.now() - t0;

    // Observers: Event Timing for keystroke interactions, long tasks, and our own per-key processing time.
    await page.evaluate(() => {
      const g = window as unknown as { __m: PageMeasure };
      g.__m = { keys: 0, slowInteractions: [], processing: [], longTasks: [], diagnosticsRounds: 0, panesRounds: 0 };
      const byInteraction = new Map<number, number>();
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { interactionId?: number })[]) {
          if (!e.interactionId) continue;
          byInteraction.set(e.interactionId, Math.max(byInteraction.get(e.interactionId) ?? 0, e.duration));
          g.__m.slowInteractions = [...byInteraction.values()];
        }
      }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) g.__m.longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
      const channel = new MessageChannel();
      const pending: number[] = [];
      channel.port1.onmessage = () => {
        const ts = pending.shift();
        if (ts !== undefined) g.__m.processing.push(performance.now() - ts);
      };
      document.addEventListener(
        'keydown',
        (e) => {
          g.__m.keys++;
          pending.push(e.timeStamp);
          channel.port2.postMessage(0);
        },
        true,
      );
      const panes = document.querySelector('#panes')!;
      new MutationObserver(() => {
        if (panes.getAttribute('data-stale') === 'false') g.__m.panesRounds++;
      }).observe(panes, { attributes: true, attributeFilter: ['data-stale'] });
      new MutationObserver(() => g.__m.diagnosticsRounds++).observe(document.querySelector('#editor')!, { subtree: true, childList: true, attributeFilter: ['class'] });
    });

    // Type at the end of a benefit's condition line, in bursts: typing goes on while the worker
    // recompiles (diagnostics after 150 ms, panes after 400 ms of quiet).
    const at = policy.indexOf('条件：') + '条件：'.length;
    await page.evaluate((p) => {
      const v = (window as unknown as { workbench: { view: { dispatch(t: unknown): void; focus(): void } } }).workbench.view;
      v.dispatch({ selection: { anchor: p } });
      v.focus();
    }, at);
    const words = ['abc ', 'and ', 'x1 ', 'reaches ', 'or ', 'yz '];
    for (let i = 0; i < BURSTS; i++) {
      await page.keyboard.type(words[i % words.length]!.repeat(3), { delay: 45 });
      for (let k = 0; k < 6; k++) await page.keyboard.press('Backspace', { delay: 45 });
      await page.waitForTimeout(i % 2 ? 650 : 250);
    }
    await page.waitForTimeout(1500);
    const m = await page.evaluate(() => (window as unknown as { __m: PageMeasure }).__m);
    const slow = m.slowInteractions.filter((d) => d > 16).sort((a, b) => a - b);
    // Interactions not reported were under 16 ms: the p95 is ≤ 16 ms when fewer than 5% are slow.
    const p95EventTiming = slow.length <= m.keys * 0.05 ? '≤ 16' : String(slow[slow.length - Math.ceil(m.keys * 0.05)]);
    const result = {
      lines,
      keys: m.keys,
      firstPanesMs,
      eventTiming: { over16ms: slow.length, p95: p95EventTiming, max: slow.at(-1) ?? 0 },
      processing: { p50: percentile(m.processing, 0.5), p95: percentile(m.processing, 0.95), max: Math.max(...m.processing) },
      longTasks: { count: m.longTasks.length, max: Math.max(0, ...m.longTasks) },
      panesRounds: m.panesRounds,
      firstLoadJsGzip: built.firstLoadJsGzip,
      files: built.files,
      loadavg: [load0, loadAvgNow()],
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(process.cwd(), 'workbench/RESULTS.md'), report(result));
    process.stdout.write('wrote workbench/RESULTS.md\n');
  } finally {
    await browser.close();
    server.close();
    rmSync(out, { recursive: true, force: true });
  }
}

function report(r: {
  lines: number;
  keys: number;
  firstPanesMs: number;
  eventTiming: { over16ms: number; p95: string; max: number };
  processing: { p50: number; p95: number; max: number };
  longTasks: { count: number; max: number };
  panesRounds: number;
  firstLoadJsGzip: number;
  files: { path: string; bytes: number; gzip: number }[];
  loadavg: number[];
}): string {
  const mc = machine();
  const f = (n: number) => n.toFixed(1);
  return `# Workbench: measured targets

Written by \`npm run bench:workbench\` (bench/workbench.ts) at ${mc.commit}; headless Chromium via playwright-core on
${mc.cpu}, ${mc.cores} cores, ${mc.node}; load average ${f(r.loadavg[0]!)} at the start, ${f(r.loadavg[1]!)} at the end (the
machine is shared, so these are figures under load).

| target | measured | |
| --- | --- | --- |
| input latency p95 ≤ 16 ms while typing in a ${r.lines}-line policy | Event Timing p95 **${r.eventTiming.p95} ms** (${r.eventTiming.over16ms} of ${r.keys} keystrokes over 16 ms, longest ${f(r.eventTiming.max)} ms) | ${r.eventTiming.p95 === '≤ 16' ? 'met' : 'not met'} |
| the page never freezes | main-thread processing per keystroke p50 ${f(r.processing.p50)} ms, p95 **${f(r.processing.p95)} ms**, max ${f(r.processing.max)} ms; ${r.longTasks.count} long task(s) (> 50 ms) while typing, longest ${f(r.longTasks.max)} ms | |
| first load ≤ 1.5 MB of JavaScript (gzip) | **${kib(r.firstLoadJsGzip)}** (${r.files.filter((x) => x.path.endsWith('.js')).map((x) => `${x.path} ${kib(x.gzip)}`).join(', ')}) | ${r.firstLoadJsGzip <= 1.5 * 1024 * 1024 ? 'met' : 'not met'} |

How it is measured: the synthetic policy (bench/synth.ts, ${r.lines} lines) is opened through the page's file input;
after its first check (panes ready ${(r.firstPanesMs / 1000).toFixed(1)} s after opening) the script types ${r.keys} keystrokes at 45 ms intervals
in bursts into a benefit's conditions, pausing 250 ms or 650 ms between bursts, so the language server in the
Web Worker recompiles the document (diagnostics 150 ms after the last key, panes 400 ms after) while typing goes
on; the panes were refreshed ${r.panesRounds} times during the run.

- *Event Timing* (\`PerformanceObserver\` type \`event\`, \`durationThreshold: 16\`): Chromium reports an
  interaction only when it takes 16 ms or more from the key event to the next paint (8 ms granularity), so the
  p95 is "≤ 16" when fewer than 5% of keystrokes were reported.
- *Processing*: a capture-phase \`keydown\` listener posts a \`MessageChannel\` message; the time from the event's
  timestamp to that message being handled is how long the main thread was busy with the key (CodeMirror's
  update, syntax highlighting of the visible lines, lsp-client's change tracking) before it could take the next one.
- *Long tasks*: \`PerformanceObserver\` type \`longtask\` on the page's main thread while typing (panes rendering
  included).
`;
}

await main();
