// The workbench's targets, measured in headless Chromium (npm run bench:workbench):
//  - input latency while typing in a 5,000-line policy while the language server in the worker
//    recompiles: Event Timing (PerformanceObserver type "event") for real key events sent by
//    playwright-core (CDP Input.dispatchKeyEvent, the browser's own input path), per keystroke the
//    longest event of its interaction, from the key's timestamp to the next frame presented;
//  - the same typing into a plain CodeMirror 6 editor (bench/plain-editor.ts: no language, no server, no
//    panes) of the same size holding the same text, in the same browser, interleaved round by round:
//    the baseline that tells what the workbench adds and what the machine and the browser add;
//  - JavaScript on first load, gzipped.
// Writes workbench/RESULTS.md. Not part of npm test (timings are not assertions).
//
// The browser window is a real window of the wanted size (--window-size, no viewport emulation). With
// playwright's default emulated viewport (CDP Emulation.setDeviceMetricsOverride) headless Chromium
// presents no frame while keys keep coming when the emulated viewport is smaller than its window, so
// Event Timing reported every key of a typing burst at the end of the burst (seconds), for a plain
// editor as well; that was the 3.2 s p95 measured before, not the page.
//   WB_LINES (5000), WB_BURSTS per round (8), WB_ROUNDS (3), WB_WIDTH×WB_HEIGHT (1400×900)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { buildWorkbench, kib, serveWorkbench } from '../workbench/build.ts';
import { loadAvgNow, machine } from './machine.ts';
import { synthPolicyOfLines } from './synth.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const LINES = Number(process.env['WB_LINES'] ?? 5000);
const BURSTS = Number(process.env['WB_BURSTS'] ?? 8);
const ROUNDS = Number(process.env['WB_ROUNDS'] ?? 3);
const WIDTH = Number(process.env['WB_WIDTH'] ?? 1400);
const HEIGHT = Number(process.env['WB_HEIGHT'] ?? 900);

type Kind = 'plain' | 'workbench';

interface Measured {
  keys: number;
  /** Per keystroke that took ≥ 16 ms: the longest event of its interaction (ms, 8 ms granularity). Keys under 16 ms are not reported by the browser. */
  durations: number[];
  /** Per reported keystroke: from the key's timestamp to its handlers having run (processingEnd − startTime). */
  processing: number[];
  longTasks: number[];
  load: [number, number];
}

/** The q-th percentile over all keys, where the keys the browser did not report (< 16 ms) rank lowest. */
function pct(m: { keys: number; durations: number[] }, q: number): number | '< 16' {
  const sorted = [...m.durations].sort((a, b) => a - b);
  const rank = Math.ceil((q / 100) * m.keys); // 1-based rank among all keys
  const unreported = m.keys - sorted.length;
  return rank <= unreported ? '< 16' : sorted[rank - unreported - 1]!;
}

async function typeInto(browser: Browser, url: string, kind: Kind, text: string): Promise<Measured> {
  const context = await browser.newContext({ viewport: null });
  const page = await context.newPage();
  try {
    await page.goto(kind === 'plain' ? `${url}plain.html` : url);
    if (kind === 'plain') await page.evaluate((t) => (window as unknown as { plain: { open(t: string): void } }).plain.open(t), text);
    else {
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
    // Observers first, then the caret into a benefit's conditions (no named inner functions here: the page
    // runs this as text, without tsx's helpers).
    await page.evaluate((p) => {
      const g = window as unknown as { __m: { keys: number; byInteraction: Record<number, [number, number]>; longTasks: number[] }; plain?: { view: unknown }; workbench?: { view: unknown } };
      g.__m = { keys: 0, byInteraction: {}, longTasks: [] };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEventTiming & { interactionId?: number })[]) {
          if (!e.interactionId) continue;
          const old = g.__m.byInteraction[e.interactionId];
          if (!old || e.duration > old[0]) g.__m.byInteraction[e.interactionId] = [e.duration, e.processingEnd - e.startTime];
        }
      }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) g.__m.longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
      document.addEventListener('keydown', () => g.__m.keys++, true);
      const view = (g.plain ?? g.workbench)!.view as { dispatch(t: unknown): void; focus(): void };
      view.dispatch({ selection: { anchor: p } });
      view.focus();
    }, text.indexOf('条件：') + '条件：'.length);
    // Bursts of typing with pauses of 250 ms and 650 ms, so that the server in the worker recompiles
    // (diagnostics 150 ms after the last change reaches it; panes 400 ms after the last key) while typing goes on.
    const load0 = loadAvgNow();
    const words = ['abc ', 'and ', 'x1 ', 'reaches ', 'or ', 'yz '];
    for (let i = 0; i < BURSTS; i++) {
      await page.keyboard.type(words[i % words.length]!.repeat(3), { delay: 45 });
      for (let k = 0; k < 6; k++) await page.keyboard.press('Backspace', { delay: 45 });
      await page.waitForTimeout(i % 2 ? 650 : 250);
    }
    await page.waitForTimeout(1500);
    const m = await page.evaluate(() => (window as unknown as { __m: { keys: number; byInteraction: Record<number, [number, number]>; longTasks: number[] } }).__m);
    const reported = Object.values(m.byInteraction);
    return { keys: m.keys, durations: reported.map((x) => x[0]), processing: reported.map((x) => x[1]), longTasks: m.longTasks, load: [load0, loadAvgNow()] };
  } finally {
    await context.close();
  }
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)\n`);
    process.exit(2);
  }
  const out = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  const built = await buildWorkbench({ outdir: out });
  // The baseline page: the workbench's own page and CSS (so the editor has the same size and font), with a
  // plain CodeMirror editor instead of the workbench's script.
  await esbuild.build({ entryPoints: [join(import.meta.dirname, 'plain-editor.ts')], bundle: true, format: 'esm', minify: true, outfile: join(out, 'plain.js'), logLevel: 'silent' });
  writeFileSync(join(out, 'plain.html'), readFileSync(join(out, 'index.html'), 'utf8').replace('src="main.js"', 'src="plain.js"'));
  const { server, url } = await serveWorkbench(out, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', `--window-size=${WIDTH},${HEIGHT}`] });
  const text = synthPolicyOfLines(LINES);
  const pooled: Record<Kind, Measured & { loads: number[] }> = {
    plain: { keys: 0, durations: [], processing: [], longTasks: [], load: [0, 0], loads: [] },
    workbench: { keys: 0, durations: [], processing: [], longTasks: [], load: [0, 0], loads: [] },
  };
  const rounds: { kind: Kind; p95: number | '< 16'; load: [number, number] }[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const kind of (r % 2 ? ['workbench', 'plain'] : ['plain', 'workbench']) as Kind[]) {
        const m = await typeInto(browser, url, kind, text);
        const p = pooled[kind];
        p.keys += m.keys;
        p.durations.push(...m.durations);
        p.processing.push(...m.processing);
        p.longTasks.push(...m.longTasks);
        p.loads.push(...m.load);
        rounds.push({ kind, p95: pct(m, 95), load: m.load });
        process.stderr.write(`  [workbench] round ${r + 1} ${kind}: ${m.keys} keys, p95 ${pct(m, 95)} ms, load ${m.load[0].toFixed(1)} → ${m.load[1].toFixed(1)}\n`);
      }
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(out, { recursive: true, force: true });
  }
  const result = { lines: text.split('\n').length, pooled, rounds, firstLoadJsGzip: built.firstLoadJsGzip, files: built.files };
  writeFileSync(join(process.cwd(), 'workbench/RESULTS.md'), report(result));
  process.stdout.write(JSON.stringify({ ...result, pooled: Object.fromEntries(Object.entries(pooled).map(([k, v]) => [k, { keys: v.keys, p50: pct(v, 50), p95: pct(v, 95), max: Math.max(0, ...v.durations) }])) }, null, 1) + '\nwrote workbench/RESULTS.md\n');
}

function report(r: { lines: number; pooled: Record<Kind, Measured & { loads: number[] }>; rounds: { kind: Kind; p95: number | '< 16'; load: [number, number] }[]; firstLoadJsGzip: number; files: { path: string; bytes: number; gzip: number }[] }): string {
  const mc = machine();
  const show = (x: number | '< 16') => (typeof x === 'number' ? x.toFixed(0) : x);
  const w = r.pooled.workbench;
  const p = r.pooled.plain;
  const over = (m: Measured) => `${m.durations.filter((d) => d > 16).length} of ${m.keys}`;
  const sortedProc = (m: Measured) => [...m.processing].sort((a, b) => a - b);
  const procP95 = (m: Measured) => {
    const s = sortedProc(m);
    return s.length ? s[Math.max(0, Math.ceil(0.95 * s.length) - 1)]!.toFixed(0) : '–';
  };
  const loads = [...w.loads, ...p.loads];
  const wp95 = pct(w, 95);
  const met = wp95 === '< 16' || wp95 <= 16;
  return `# Workbench: measured targets

Written by \`npm run bench:workbench\` (bench/workbench.ts) at ${mc.commit}; headless Chromium (${CHROMIUM}) through playwright-core,
\`--no-sandbox --disable-background-networking --window-size=${WIDTH},${HEIGHT}\`, on ${mc.cpu}, ${mc.cores} cores; **load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}** during the typing
(the machine is shared with other work: on 2 cores a load of L leaves each process about 2/L of a core).

Typing in a ${r.lines}-line policy (bench/synth.ts) while the language server in the Web Worker recompiles it: ${ROUNDS} rounds, each
the same ${BURSTS} bursts of keystrokes (45 ms apart, pauses of 250 and 650 ms) into a plain CodeMirror 6 editor and into the workbench,
alternating which goes first. Per keystroke, the Event Timing duration: from the key event's timestamp to the next frame presented
after its handlers ran (the longest event of the key's interaction: keydown, beforeinput, input, keyup).

| per keystroke | plain CodeMirror (baseline) | workbench | target |
| --- | --- | --- | --- |
| keys typed | ${p.keys} | ${w.keys} | |
| Event Timing p50 (ms) | ${show(pct(p, 50))} | ${show(pct(w, 50))} | |
| **Event Timing p95 (ms)** | **${show(pct(p, 95))}** | **${show(pct(w, 95))}** | ≤ 16: ${met ? '**met**' : '**not met**'} |
| Event Timing max (ms) | ${Math.max(0, ...p.durations).toFixed(0)} | ${Math.max(0, ...w.durations).toFixed(0)} | |
| keys over 16 ms | ${over(p)} | ${over(w)} | |
| key to handlers done, p95 of keys over 16 ms (ms) | ${procP95(p)} | ${procP95(w)} | |
| long tasks (> 50 ms) on the main thread while typing | ${p.longTasks.length} (longest ${Math.max(0, ...p.longTasks).toFixed(0)}) | ${w.longTasks.length} (longest ${Math.max(0, ...w.longTasks).toFixed(0)}) | |

Per round (p95, ms; load at start → end): ${r.rounds.map((x) => `${x.kind} ${show(x.p95)} (${x.load[0].toFixed(1)} → ${x.load[1].toFixed(1)})`).join('; ')}.

| target | result |
| --- | --- |
| typing in a ${r.lines}-line policy: input latency p95 ≤ 16 ms while diagnostics compute in the worker | workbench p95 **${show(wp95)} ms**, plain CodeMirror in the same browser **${show(pct(p, 95))} ms**, at load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}: ${met ? 'met' : 'not met on this machine'} |
| first load ≤ 1.5 MB of JavaScript (gzip) | **${kib(r.firstLoadJsGzip)}** (${r.files.filter((x) => x.path.endsWith('.js')).map((x) => `${x.path} ${kib(x.gzip)}`).join(', ')}): ${r.firstLoadJsGzip <= 1.5 * 1024 * 1024 ? 'met' : 'not met'} |

How to read it: Event Timing reports only keystrokes of 16 ms or more (8 ms granularity); the percentiles rank the
unreported keys as the fastest ("< 16"). The plain editor has no language, server or panes: what it shows is what
the browser and the machine add to any key at this load; the difference between the columns is the workbench's own.

What the earlier measurement (3.2 s p95 under load 16, the same for a plain editor) measured: playwright's emulated
viewport (CDP \`Emulation.setDeviceMetricsOverride\`, its default) on a headless window of another size. With it,
headless Chromium presented no frame while keys kept arriving, so every key of a burst was "presented" when the
burst ended — 2–3 s for the first key of a burst whatever the page did. With a real window of the size wanted
(\`viewport: null\`, \`--window-size\`) the same typing is presented frame by frame. This run uses the real window.

What the workbench did on the page's main thread that a plain editor does not (found with a CPU profile of the
page while typing, CDP \`Profiler\`): (1) every JSON-RPC message from the worker was structured-cloned, then
\`JSON.stringify\`-ed for @codemirror/lsp-client, and every message to it parsed and cloned — now the worker sends
and reads JSON text (workbench/src/worker.ts), so a pane result of hundreds of KB is not re-serialised on the
page's thread; (2) a pane result computed for an older text was laid out even when the officer had typed
since — now it is dropped (a newer refresh is already scheduled), so a summary page is never laid out in the
middle of a burst; (3) the summary of a long policy (7,500 elements for ${r.lines} lines) was styled and laid out
whole — its sections now have \`content-visibility: auto\`, so only what is on screen is laid out. The Selection
API's \`collapse\` (CodeMirror setting the caret), which forces any pending style and layout, took 5× the time it
takes in the plain editor before (3) and remains the largest item.
`;
}

await main();
