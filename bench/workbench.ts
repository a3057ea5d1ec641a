// The workbench's targets, measured in headless Chromium (npm run bench:workbench):
//  - input latency while typing in a 5,000-line policy while the language server in the worker
//    recompiles: Event Timing (PerformanceObserver type "event") for real key events sent by
//    playwright-core (CDP Input.dispatchKeyEvent, the browser's own input path), per keystroke the
//    longest event of its interaction, from the key's timestamp to the next frame presented;
//  - the same typing into a plain CodeMirror 6 editor (bench/plain-editor.ts: no language, no server, no
//    panes) of the same size holding the same text, in the same browser, interleaved round by round:
//    the baseline that tells what the workbench adds and what the machine and the browser add;
//  - the same plain editor with the workbench's worker recompiling the text after every pause (as in the
//    workbench): what the worker's CPU alone takes from the page's thread on this machine;
//  - per page, the main thread's CPU time while typing (CDP Tracing, thread time of the renderer's main
//    thread's tasks) divided by the keys: the page's own work per key, which the load barely changes;
//  - for the workbench, its counters (workbench.stats: syncs, pane renders, blocks, highlighting);
//  - JavaScript on first load, gzipped.
// Writes workbench/RESULTS.md. Not part of npm test (timings are not assertions).
//
// The browser window is a real window of the wanted size (--window-size, no viewport emulation). With
// playwright's default emulated viewport (CDP Emulation.setDeviceMetricsOverride) headless Chromium
// presents no frame while keys keep coming when the emulated viewport is smaller than its window, so
// Event Timing reported every key of a typing burst at the end of the burst (seconds), for a plain
// editor as well; that was the 3.2 s p95 measured before, not the page.
//   WB_LINES (5000), WB_BURSTS per round (8), WB_ROUNDS (3), WB_WIDTH×WB_HEIGHT (1400×900)
//   WB_TRACE_DIR: also write each page's trace of the typing, with JavaScript samples, as
//   <dir>/<page>-round<n>.json — open it in Chromium's DevTools (Performance panel) to see what the page's
//   thread did per key (how the items in workbench/RESULTS.md were found).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { kib, serveWorkbench } from '../workbench/build.ts';
import { loadAvgNow, machine } from './machine.ts';
import { synthPolicyOfLines } from './synth.ts';
import { buildPages, keyTimings, openText, placeCaret, q, typeBursts, type KeyTiming, type TraceEvent } from './workbench-common.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const LINES = Number(process.env['WB_LINES'] ?? 5000);
const BURSTS = Number(process.env['WB_BURSTS'] ?? 8);
const ROUNDS = Number(process.env['WB_ROUNDS'] ?? 3);
const WIDTH = Number(process.env['WB_WIDTH'] ?? 1400);
const HEIGHT = Number(process.env['WB_HEIGHT'] ?? 900);
const TRACE_DIR = process.env['WB_TRACE_DIR'];

/**
 * The pages typed into: a bare <textarea> (no script, empty: what the browser alone adds to a key), a plain
 * CodeMirror editor holding the policy (the baseline), the same with the workbench's worker recompiling, and
 * the workbench.
 */
type Kind = 'textarea' | 'plain' | 'plain+worker' | 'workbench';
const KINDS: Kind[] = ['textarea', 'plain', 'plain+worker', 'workbench'];
const KIND_TITLE: Record<Kind, string> = { textarea: 'bare textarea', plain: 'plain CodeMirror (baseline)', 'plain+worker': 'plain + the worker recompiling', workbench: 'workbench' };

/**
 * The browser's flags. 'default': Chromium as it comes, frames at its 60 Hz tick (the stated measure).
 * 'unthrottled': no vsync and no frame-rate limit (--disable-gpu-vsync --disable-frame-rate-limit): a frame
 * begins as soon as one is wanted instead of at the next tick. The plain editor always runs under the same
 * flags as the workbench. WB_FLAGSETS=default,unthrottled (both by default).
 */
type FlagSet = 'default' | 'unthrottled' | 'native-caret';
const FLAGSETS: Record<FlagSet, { args: string[]; kinds: Kind[]; plainQuery?: string; title: string }> = {
  default: { args: [], kinds: KINDS, title: "Default flags: frames at Chromium's 60 Hz tick (the stated measure)" },
  unthrottled: { args: ['--disable-gpu-vsync', '--disable-frame-rate-limit'], kinds: ['textarea', 'plain', 'workbench'], title: 'Unthrottled frames: `--disable-gpu-vsync --disable-frame-rate-limit`' },
  // Default flags, the plain editor also with the browser's own caret (no drawSelection(), as the workbench):
  // nothing animates in either page, so a key's frame begins when it is wanted (see READING), and the plain
  // editor does not measure and draw its caret — the baseline for the page's own work with the same caret.
  'native-caret': { args: [], kinds: ['plain', 'workbench'], plainQuery: 'caret=native', title: "Default flags, the plain editor with the browser's own caret too (as the workbench): nothing animates in either page" },
};
const SETS = (process.env['WB_FLAGSETS'] ?? 'default,unthrottled,native-caret').split(',').filter((x): x is FlagSet => {
  if (x in FLAGSETS) return true;
  process.stderr.write(`WB_FLAGSETS: unknown flag set "${x}" (known: ${Object.keys(FLAGSETS).join(', ')})\n`);
  process.exit(2);
});
const BASE_ARGS = ['--no-sandbox', '--disable-background-networking', `--window-size=${WIDTH},${HEIGHT}`];

interface Measured {
  keys: number;
  /** Per keystroke that took ≥ 16 ms: the longest event of its interaction (ms, 8 ms granularity). Keys under 16 ms are not reported by the browser. */
  durations: number[];
  /** Per reported keystroke: from the key's timestamp to its handlers having run (processingEnd − startTime). */
  processing: number[];
  longTasks: number[];
  load: [number, number];
  /** CPU time (ms) of the page's main thread and of its Web Worker while typing (thread time, CDP Tracing). */
  mainCpu: number;
  workerCpu: number;
  /** CPU time (ms) of the renderer's compositor thread while typing (it runs the frame ticks). */
  compositorCpu: number;
  /** Wall time (ms) the typing was traced. */
  tracedMs: number;
  /** Every keystroke, unrounded, from the browser's own EventTiming trace events (keyTimings). */
  timings: KeyTiming[];
  /** The workbench's counters over the typing (workbench.stats after − before). */
  counters?: Record<string, number>;
}

/** Thread time (ms) of the top-level tasks of the renderer's main thread, of its dedicated worker and of its compositor thread. */
function threadCpu(events: TraceEvent[]): { main: number; worker: number; compositor: number } {
  const cpu = (t: TraceEvent | undefined) => {
    if (!t) return 0;
    const own = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts);
    let end = -1;
    let sum = 0;
    for (const e of own)
      if (e.ts >= end) {
        sum += e.tdur ?? 0;
        end = e.ts + e.dur!;
      }
    return sum / 1000;
  };
  // The page's renderer: the process whose main thread wrote the EventTiming events.
  const pid = events.find((e) => e.name === 'EventTiming')?.pid;
  const thread = (name: string) => events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === name && (pid === undefined || e.pid === pid));
  return { main: cpu(thread('CrRendererMain')), worker: cpu(thread('DedicatedWorker thread')), compositor: cpu(thread('Compositor')) };
}

/** The q-th percentile over all keys, where the keys the browser did not report (< 16 ms) rank lowest. */
function pct(m: { keys: number; durations: number[] }, q: number): number | '< 16' {
  const sorted = [...m.durations].sort((a, b) => a - b);
  const rank = Math.ceil((q / 100) * m.keys); // 1-based rank among all keys
  const unreported = m.keys - sorted.length;
  return rank <= unreported ? '< 16' : sorted[rank - unreported - 1]!;
}

async function typeInto(browser: Browser, url: string, kind: Kind, text: string, round: number, set: FlagSet): Promise<Measured> {
  const context = await browser.newContext({ viewport: null });
  const page = await context.newPage();
  try {
    const plainQuery = [kind === 'plain+worker' && 'worker=1', FLAGSETS[set].plainQuery].filter(Boolean).join('&');
    await page.goto(kind === 'textarea' ? `${url}textarea.html` : kind === 'plain' || kind === 'plain+worker' ? `${url}plain.html${plainQuery ? `?${plainQuery}` : ''}` : url);
    if (kind === 'plain' || kind === 'plain+worker') await openText(page, 'plain', text);
    else if (kind === 'workbench') await openText(page, 'workbench', text);
    // Observers first, then the caret into a benefit's conditions (no named inner functions here: the page
    // runs this as text, without tsx's helpers).
    await page.evaluate(() => {
      const g = window as unknown as { __m: { keys: number; byInteraction: Record<number, [number, number]>; longTasks: number[] } };
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
    });
    await placeCaret(page, text);
    // Settle (the first layout of what was opened), then trace the typing (workbench-common.ts typeBursts).
    await page.waitForTimeout(1000);
    const counters0 = kind === 'workbench' ? await page.evaluate(() => ({ ...(window as unknown as { workbench: { stats: Record<string, number> } }).workbench.stats })) : undefined;
    const cdp = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (d) => {
      for (const e of d.value as unknown as TraceEvent[]) events.push(e);
    });
    const categories = TRACE_DIR ? 'devtools.timeline,toplevel,v8.execute,disabled-by-default-devtools.timeline,disabled-by-default-v8.cpu_profiler' : 'devtools.timeline,toplevel';
    await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
    const load0 = loadAvgNow();
    const t0 = performance.now();
    await typeBursts(page, BURSTS);
    const tracedMs = performance.now() - t0;
    const traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await traced;
    const cpu = threadCpu(events);
    if (TRACE_DIR) {
      mkdirSync(TRACE_DIR, { recursive: true });
      writeFileSync(join(TRACE_DIR, `${set}-${kind}-round${round + 1}.json`), JSON.stringify({ traceEvents: events }));
    }
    const counters1 = kind === 'workbench' ? await page.evaluate(() => ({ ...(window as unknown as { workbench: { stats: Record<string, number> } }).workbench.stats })) : undefined;
    const counters = counters0 && counters1 ? Object.fromEntries(Object.keys(counters1).map((k) => [k, counters1[k]! - (counters0[k] ?? 0)])) : undefined;
    const m = await page.evaluate(() => (window as unknown as { __m: { keys: number; byInteraction: Record<number, [number, number]>; longTasks: number[] } }).__m);
    const reported = Object.values(m.byInteraction);
    return {
      keys: m.keys,
      durations: reported.map((x) => x[0]),
      processing: reported.map((x) => x[1]),
      longTasks: m.longTasks,
      load: [load0, loadAvgNow()],
      mainCpu: cpu.main,
      workerCpu: cpu.worker,
      compositorCpu: cpu.compositor,
      tracedMs,
      timings: keyTimings(events),
      ...(counters && { counters }),
    };
  } finally {
    await context.close();
  }
}

type Pooled = Measured & { loads: number[]; rounds: number };
type Round = { set: FlagSet; kind: Kind; p95: number | '< 16'; load: [number, number]; cpuPerKey: number };

async function main() {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)\n`);
    process.exit(2);
  }
  const out = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  const built = await buildPages(out, true);
  const { server, url } = await serveWorkbench(out, 0);
  const text = synthPolicyOfLines(LINES);
  const empty = (): Pooled => ({ keys: 0, durations: [], processing: [], longTasks: [], load: [0, 0], loads: [], mainCpu: 0, workerCpu: 0, compositorCpu: 0, tracedMs: 0, timings: [], rounds: 0 });
  const pooled = new Map<string, Pooled>();
  const rounds: Round[] = [];
  let version = '?';
  try {
    for (const set of SETS) {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, ...FLAGSETS[set].args] });
      version = browser.version();
      try {
        const kinds = FLAGSETS[set].kinds;
        for (let r = 0; r < ROUNDS; r++) {
          // Each round in another order, so that no page always types first (or last) into a changing load.
          const order = kinds.map((_, i) => kinds[(i + r) % kinds.length]!);
          for (const kind of r % 2 ? order.reverse() : order) {
            const m = await typeInto(browser, url, kind, text, r, set);
            const key = `${set}/${kind}`;
            const p = pooled.get(key) ?? empty();
            pooled.set(key, p);
            p.rounds++;
            p.keys += m.keys;
            p.durations.push(...m.durations);
            p.processing.push(...m.processing);
            p.longTasks.push(...m.longTasks);
            p.loads.push(...m.load);
            p.mainCpu += m.mainCpu;
            p.workerCpu += m.workerCpu;
            p.compositorCpu += m.compositorCpu;
            p.tracedMs += m.tracedMs;
            p.timings.push(...m.timings);
            if (m.counters) {
              p.counters ??= {};
              for (const [k, v] of Object.entries(m.counters)) p.counters[k] = (p.counters[k] ?? 0) + v;
            }
            rounds.push({ set, kind, p95: pct(m, 95), load: m.load, cpuPerKey: m.mainCpu / m.keys });
            process.stderr.write(
              `  [workbench] ${set} round ${r + 1} ${kind}: ${m.keys} keys, p95 ${pct(m, 95)} ms (trace ${q(m.timings.map((t) => t.duration), 95).toFixed(1)}, less the tick wait ${q(m.timings.map(noWait), 95).toFixed(1)}), main thread ${(m.mainCpu / m.keys).toFixed(2)} ms CPU/key, worker ${m.workerCpu.toFixed(0)} ms, load ${m.load[0].toFixed(1)} → ${m.load[1].toFixed(1)}\n`,
            );
          }
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.close();
    rmSync(out, { recursive: true, force: true });
  }
  const result = { lines: text.split('\n').length, pooled, rounds, version, firstLoadJsGzip: built.firstLoadJsGzip, files: built.files };
  writeFileSync(join(process.cwd(), 'workbench/RESULTS.md'), report(result));
  process.stdout.write(
    JSON.stringify(
      Object.fromEntries(
        [...pooled].map(([k, v]) => [
          k,
          {
            keys: v.keys,
            eventTiming: { p50: pct(v, 50), p95: pct(v, 95), max: Math.max(0, ...v.durations) },
            trace: { p50: q(v.timings.map((t) => t.duration), 50), p95: q(v.timings.map((t) => t.duration), 95), p95LessTickWait: q(v.timings.map(noWait), 95), mean: parts(v.timings) },
            cpuPerKey: v.mainCpu / v.keys,
            compositorCpuPerSecond: v.compositorCpu / (v.tracedMs / 1000),
            workerCpu: v.workerCpu,
            loads: v.loads,
            counters: v.counters,
          },
        ]),
      ),
      null,
      1,
    ) + '\nwrote workbench/RESULTS.md\n',
  );
}

/** A key's latency less the time its frame waited, idle, for the frame clock's tick. */
const noWait = (t: KeyTiming) => t.duration - t.wait;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
function parts(ts: KeyTiming[]) {
  return { delay: mean(ts.map((t) => t.delay)), handlers: mean(ts.map((t) => t.handlers)), busy: mean(ts.map((t) => t.busy)), wait: mean(ts.map((t) => t.wait)), present: mean(ts.map((t) => t.present)), duration: mean(ts.map((t) => t.duration)) };
}

function report(r: { lines: number; pooled: Map<string, Pooled>; rounds: Round[]; version: string; firstLoadJsGzip: number; files: { path: string; bytes: number; gzip: number }[] }): string {
  const mc = machine();
  const show = (x: number | '< 16') => (typeof x === 'number' ? x.toFixed(0) : x);
  const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
  const get = (set: FlagSet, kind: Kind) => r.pooled.get(`${set}/${kind}`);
  const over = (m: Measured) => `${m.durations.filter((d) => d >= 16).length} of ${m.keys}`;
  const procP95 = (m: Measured) => {
    const s = [...m.processing].sort((a, b) => a - b);
    return s.length ? s[Math.max(0, Math.ceil(0.95 * s.length) - 1)]!.toFixed(0) : '–';
  };
  const all = [...r.pooled.values()];
  const loads = all.flatMap((m) => m.loads);
  const loadText = `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
  const num = (x: number | '< 16') => (typeof x === 'number' ? x : 16);
  const cpuKey = (m: Measured) => (m.mainCpu / Math.max(1, m.keys)).toFixed(2);
  const table = (set: FlagSet) => {
    const kinds = FLAGSETS[set].kinds.filter((k) => get(set, k));
    const cols = kinds.map((k) => get(set, k)!);
    if (!cols.length) return `(not run: WB_FLAGSETS=${SETS.join(',')})`;
    const row = (label: string, fn: (m: Pooled) => string) => `| ${label} | ${cols.map(fn).join(' | ')} |`;
    const t = (fn: (x: KeyTiming) => number) => (m: Pooled) => f1(mean(m.timings.map(fn)));
    return [
      `| per keystroke | ${kinds.map((k) => KIND_TITLE[k]).join(' | ')} |`,
      `| --- | ${kinds.map(() => '---').join(' | ')} |`,
      row('keys typed (traced)', (m) => `${m.keys} (${m.timings.length})`),
      row('Event Timing p50 (ms, Performance API, 8 ms steps)', (m) => show(pct(m, 50))),
      row('**Event Timing p95 (ms, Performance API)**', (m) => `**${show(pct(m, 95))}**`),
      row('Event Timing max (ms)', (m) => Math.max(0, ...m.durations).toFixed(0)),
      row('keys of 16 ms or more', over),
      row('key to handlers done, p95 of those keys (ms)', procP95),
      row('duration p50 / **p95**, unrounded, every key (ms, trace)', (m) => `${f1(q(m.timings.map((x) => x.duration), 50))} / **${f1(q(m.timings.map((x) => x.duration), 95))}**`),
      row('… mean: input delay (ms)', t((x) => x.delay)),
      row('… mean: handlers of the longest event (ms)', t((x) => x.handlers)),
      row("… mean: page's thread busy until the frame's commit (ms)", t((x) => x.busy)),
      row("… mean: page's thread idle, waiting for the frame (ms)", t((x) => x.wait)),
      row('… mean: commit to presentation (ms)', t((x) => x.present)),
      row('**duration less the wait for the frame, p50 / p95 (ms)**', (m) => `${f1(q(m.timings.map(noWait), 50))} / **${f1(q(m.timings.map(noWait), 95))}**`),
      row('long tasks (> 50 ms) on the main thread while typing', (m) => `${m.longTasks.length} (longest ${Math.max(0, ...m.longTasks).toFixed(0)})`),
      row('**main thread CPU per key (ms)**', (m) => `**${cpuKey(m)}**`),
      row('compositor thread CPU (ms per second of typing)', (m) => (m.compositorCpu / (m.tracedMs / 1000)).toFixed(0)),
      row('worker CPU while typing (ms, all rounds)', (m) => m.workerCpu.toFixed(0)),
    ].join('\n');
  };
  const ratioLine = (set: FlagSet) => {
    const w = get(set, 'workbench');
    const p = get(set, 'plain');
    if (!w || !p) return '';
    const pw = num(pct(w, 95));
    const pp = num(pct(p, 95));
    const tw = q(w.timings.map(noWait), 95);
    const tp = q(p.timings.map(noWait), 95);
    return `Workbench against the plain editor (${set}): Event Timing p95 ${show(pct(w, 95))} / ${show(pct(p, 95))} ms = **${(pw / pp).toFixed(2)}×**; unrounded p95 ${f1(q(w.timings.map((x) => x.duration), 95))} / ${f1(q(p.timings.map((x) => x.duration), 95))} ms; less the wait for the frame ${f1(tw)} / ${f1(tp)} ms = **${(tw / tp).toFixed(2)}×**; main thread CPU per key ${cpuKey(w)} / ${cpuKey(p)} ms = **${(w.mainCpu / w.keys / (p.mainCpu / p.keys)).toFixed(2)}×**.`;
  };
  const wd = get('default', 'workbench');
  const pd = get('default', 'plain');
  const pwd = get('default', 'plain+worker');
  const ta = get('default', 'textarea');
  const wu = get('unthrottled', 'workbench');
  const pu = get('unthrottled', 'plain');
  const ws = get('native-caret', 'workbench');
  const ps = get('native-caret', 'plain');
  const c = wd?.counters ?? wu?.counters ?? {};
  const n = (k: string) => c[k] ?? 0;
  const met = (m: Pooled | undefined) => !!m && num(pct(m, 95)) <= 16;
  const targetRow = wd && pd
    ? `workbench p95 **${show(pct(wd, 95))} ms**, plain CodeMirror in the same browser **${show(pct(pd, 95))} ms** (${(num(pct(wd, 95)) / num(pct(pd, 95))).toFixed(2)}×)${pwd ? `, plain with the worker busy ${show(pct(pwd, 95))} ms` : ''}${ta ? `, a bare textarea ${show(pct(ta, 95))} ms` : ''}; less the wait for the 60 Hz frame: workbench **${f1(q(wd.timings.map(noWait), 95))} ms**, plain ${f1(q(pd.timings.map(noWait), 95))} ms${wu && pu ? `; unthrottled frames: workbench ${show(pct(wu, 95))} ms, plain ${show(pct(pu, 95))} ms` : ''}${ws && ps ? `; against a plain editor with the browser's caret too: workbench ${show(pct(ws, 95))} ms, plain ${show(pct(ps, 95))} ms (CPU per key ${(ws.mainCpu / ws.keys).toFixed(2)} / ${(ps.mainCpu / ps.keys).toFixed(2)} ms)` : ''}; at load ${loadText}: ${met(wd) ? 'met' : met(pd) ? '**not met** (the plain editor meets it)' : '**not met**, and a plain editor does not meet it either'}`
    : '(the default flag set was not run)';
  const wbCounters = wd?.counters
    ? `What the workbench's page did while typing (workbench.stats, default flags, all rounds; the same counters are asserted in
test/workbench/page.test.ts, without timing): ${n('edits')} edits; ${n('syncIncremental')} text syncs to the worker, all as
changed ranges (${n('syncFull')} whole-text; ${n('syncChars')} characters in all); ${n('paneRequests')} pane requests, ${n('paneRenders')} rendered
and ${n('paneRepliesDropped')} dropped because the text had changed since (${n('staleRenders')} stale renders); ${n('blocksReceived')} summary blocks
received and ${n('blocksRendered')} parsed into the page; ${n('saves')} saves to localStorage; highlighting: ${n('highlightPatches')} edits patched
line by line, ${n('highlightRebuilds')} rebuilds of the visible lines, ${n('linesLexed')} lines lexed.`
    : '';
  return `# Workbench: measured targets

Written by \`npm run bench:workbench\` (bench/workbench.ts) at ${mc.commit}; headless Chromium ${r.version} (${CHROMIUM}) through playwright-core,
\`${BASE_ARGS.join(' ')}\` (+ the flag set's own), on ${mc.cpu}, ${mc.cores} cores; **load average (1 min) ${loadText}** during the typing.
Reproduce: \`WB_ROUNDS=3 node --import tsx bench/workbench.ts\` (prints every figure below as JSON as well; the three flag sets take about
three times as long as the default set alone, which \`WB_FLAGSETS=default\` runs).

The machine is shared: on 2 cores a load of L leaves each process group about 2/L of a core. Linux schedules by
session (autogroup), so the browser's processes and threads — the page's main thread, the language server's Web
Worker, the compositor, the GPU process — share one such slice: while the worker compiles, the page's thread gets
about half of what is left. A plain editor has no worker, so one column types into a plain editor while the
workbench's worker recompiles the same text after every pause, as in the workbench.

Typing in a ${r.lines}-line policy (bench/synth.ts): ${ROUNDS} rounds, each the same ${BURSTS} bursts of keystrokes (45 ms apart,
pauses of 250 and 650 ms) into each page in turn (the order rotates from round to round), under each flag set in
a browser of its own. Per keystroke, the Event Timing duration: from the key event's timestamp to the next frame
presented after its handlers ran (the longest event of the key's interaction: keydown, keypress, keyup). The
Performance API reports it in steps of 8 ms and only from 16 ms; Chromium writes the same entries, unrounded and
for every key, into its trace (\`EventTiming\` events, with the commit time of the frame), from which each key's
time is taken apart (bench/workbench-common.ts \`keyTimings\`): input delay, handlers, the page's thread busy until the
frame's commit (other handlers, the editor's measuring, style, layout, paint), the page's thread **idle** until
the frame begins (waiting for the frame clock), and commit to presentation. Main thread CPU: the thread time of
the renderer main thread's tasks while typing (CDP Tracing), divided by the keys — the page's own work per key,
which the load changes much less than it changes latency.

${(['default', 'unthrottled', 'native-caret'] as FlagSet[]).map((set) => `## ${FLAGSETS[set].title}\n\n${table(set)}\n\n${ratioLine(set)}\n`).join('\n')}
Per round (flag set, page: p95 ms, main thread ms CPU/key; load at start → end): ${r.rounds.map((x) => `${x.set} ${x.kind} ${show(x.p95)}, ${x.cpuPerKey.toFixed(2)} (${x.load[0].toFixed(1)} → ${x.load[1].toFixed(1)})`).join('; ')}.

${wbCounters}

| target | result |
| --- | --- |
| typing in a ${r.lines}-line policy: input latency p95 ≤ 16 ms while diagnostics compute in the worker | ${targetRow} |
| first load ≤ 1.5 MB of JavaScript (gzip) | **${kib(r.firstLoadJsGzip)}** (${r.files.filter((x) => x.path.endsWith('.js')).map((x) => `${x.path} ${kib(x.gzip)}`).join(', ')}): ${r.firstLoadJsGzip <= 1.5 * 1024 * 1024 ? 'met' : 'not met'} |

${READING}

${HISTORY}`;
}

/** What the figures are made of, and which one measures the page (kept by hand; the figures are in the tables above). */
const READING = `## What a key's time is made of, and which figure measures the page

How to read the tables: the Performance API reports only keys of 16 ms or more, in steps of 8 ms; the
percentiles rank the unreported keys as the fastest ("< 16"). The trace rows are the same entries, unrounded,
for every key.

**A frame clock, not a floor.** Headless Chromium (156) begins frames on a 60 Hz clock (16.7 ms ticks in the
trace) under the default flags. Whether a key waits for the next tick depends on the page, not the browser:

- The bare textarea animates nothing. When its key wants a frame, Chromium hands the page the clock's latest
  tick at once (a "missed" BeginFrame), so the frame begins as soon as the handlers are done: its thread
  hardly ever sits idle waiting for the frame (that row, about 0–2 ms, against about half a frame for
  CodeMirror), and on a quiet machine its keys take well under 16 ms (p95 10.9 ms at load 14 in a probe).
  So there is no floor of one frame that no page can beat. (Its p95 at a high load is the load's.)
- CodeMirror's drawSelection() (in its basicSetup, and in the plain editor of the first two tables) draws its
  own caret and blinks it with a CSS animation (\`cm-blink\`, 1.2 s, infinite), which keeps the compositor
  asking for every tick; a key's frame then begins at the next tick, 0 to 16.7 ms after the handlers are done
  ("idle, waiting for the frame" in the tables: a mean near half a frame, unless the thread is still busy
  when the tick comes). With that caret, an Event Timing p95 ≤ 16 ms would need the rest of a key to fit in
  the 0.2 ms left at the 95th percentile: no page with CodeMirror's drawn caret can meet the target.
- The workbench uses the browser's own caret (since 5c3f3e3; workbench/src/main.ts): nothing on its page
  animates (test/workbench/page.test.ts asserts \`document.getAnimations()\` is empty while typing), Chromium's
  caret blinks from a timer (one small repaint per blink), and a key's frame begins when the key wants it, as
  for the textarea. This is not a property of headless Chromium only: with a display, too, a frame clock kept
  running by an animation makes a key wait for the next BeginFrame, while an idle one starts the key's frame
  at once (a missed BeginFrame) — the frame is still shown at the display's next refresh, which a real
  screen adds to every page alike and headless Chromium does not have.
- Event Timing per key is the longest event of its interaction, as INP takes it (keydown, keypress, keyup;
  \`beforeinput\`/\`input\` carry no interaction id and end with the same frame). In the traces the keydown is the
  longest for 146 of 147 workbench keys; a keyup needs no frame and reports ~1 ms — it does not stretch to the
  next key's frame, because the next keydown comes 57–120 ms later (p10–p90 of the gaps in a trace:
  playwright-core holds each key 45 ms and sends the next after the keyup, about 12–17 keys a second — a fast
  typist, never faster than frames).

**Unthrottled frames** (\`--disable-gpu-vsync --disable-frame-rate-limit\`) do not take the wait away
honestly: with the caret's animation asking for every frame, the compositor begins frames back to back —
thousands per second (its thread's CPU is in the table; 27,600 ticks in 4.7 s in a probe) — and on 2 cores
that CPU comes out of the page's share, so keys take longer, not shorter (the textarea, which asks for no
frame, is unaffected; the workbench now animates nothing either). Those flags measure the browser spinning,
not the page. (\`--run-all-compositor-stages-before-draw\` makes the frame clock tick at 60 Hz even when nothing
animates, and the key still waits for the tick — so it takes no wait away either; not run.)

**The plain editor with the browser's caret too** (third table; \`plain.html?caret=native\`): the same caret as
the workbench, so neither page animates and neither measures a drawn caret per key — the baseline for what
the workbench's extensions, language server and panes add to a CodeMirror editor, with nothing else different.

**The honest measure** of what the page costs a typing officer is therefore, in the same run and the same
browser as a plain CodeMirror editor:

1. the Event Timing duration as the browser reports it (default flags) — key to frame presented, what the
   officer waits for (a real display adds its own wait for the refresh to every page alike); and, next to it,
2. the same duration **less the time the page's thread sat idle waiting for the tick** ("duration less the
   wait for the frame") — for a page that animates nothing, as the workbench now, that wait is near 0 and (1)
   and (2) agree,
3. the main thread's CPU per key, the page's own work, which the load changes least — workbench against the
   plain editor is the workbench's overhead.

A shared machine changes (1) and (2) a lot from run to run (the load is printed with every figure); the
ratios against the plain editor typed in the same run, and (3), move much less.`;

/** What was found and changed, with the figures measured before and after (kept by hand: earlier runs). */
const HISTORY = `## What the page's thread did per key, and what changed

Found with a CPU profile (CDP \`Profiler\`) and a trace (CDP \`Tracing\`, thread time per event) of the page while
typing, workbench against plain editor:

1. Messages (8f1c9ee): every JSON-RPC message from the worker was structured-cloned, then \`JSON.stringify\`-ed for
   @codemirror/lsp-client, and every message to it parsed and cloned — now the worker sends and reads JSON text.
2. Pane results for an older text (8f1c9ee) are dropped, never laid out in the middle of a burst.
3. The summary pane (this session, 283fcbb…66d4af1) was the largest item: a 5,007-line policy's summary is 146 KB
   of HTML, 430 benefit sections, 7,600 elements, sent whole after every pause, parsed whole (\`DOMParser\`) and
   swapped in whole; with \`content-visibility: auto\` on its sections Chromium ran an IntersectionObserver pass
   over them on every frame of typing (≈ 1 ms of main thread per key), without it the page's layout tree was
   15,000 objects and every frame's layout and paint paid for it. Now the worker cuts the page into its blocks
   (workbench/src/doc-blocks.ts: the children of \`<main>\`, the parts 一、二… cut into their benefits) and sends
   only the blocks changed since the version the page names (one benefit's block after a one-benefit edit), and
   the pane keeps only the blocks within a screen of what is visible in the DOM, with spacers of measured
   heights for the rest (workbench/src/doc-view.ts); the pane's layout tree is ~1,900 objects instead of 15,000.
   The page is rendered when the thread is idle (\`requestIdleCallback\`) and only while its pane is on screen,
   reading no layout (the scroll position and height come from the scroll event and a ResizeObserver).
4. Highlighting rebuilt the marks of every visible line after each key, and CodeMirror then compared them all;
   finding whether a block comment was open at the top of the viewport copied the text before it. Now the marks
   move with the edit and only the edited line is lexed again (unless the edit adds or removes a \`/\` or \`*\`), over
   the visible lines and 60 lines around them, and the comment search goes backwards from the viewport without a copy.
5. Timers and saves: every key cleared and set three timers (save, panes, lsp-client's autoSync) and the text was
   written to localStorage 300 ms after each pause (a few ms for 5,000 lines). Now an edit only records its
   time; one timer per pause does the sync (500 ms), the panes (800 ms: in the pauses between words, 8 of 12
   summaries computed after 400 ms were dropped because typing had resumed) and the save (1 s, when idle; at once
   when the page is hidden or closed, so no edit is lost).
6. Already so before: the text goes to the worker as changed ranges (the server declares incremental sync), and
   diagnostics are few (5 for the synthetic policy, 7 with the typed errors): neither costs per key.

7. Highlighting marks (session 4, f78bbfc): every token was a \`<span>\` — 5.2 per line of a policy, identifiers
   and punctuation included — which every frame of typing laid out, painted and committed. Now only a token that
   looks different gets a mark (identifiers and punctuation look like plain text), numbers and their units share
   one look, as do operator words and operators, and neighbours of one look apart only by spaces are one mark:
   2.4 marks per line. A/B in one browser (the build before, e810888, and after, typed in turn; 3 rounds of 117
   keys each, load ~21, nice 19): main thread CPU per key **13.17 → 12.21 ms** (plain CodeMirror 8.11 ms:
   1.62× → 1.51×); per key, layout 1.16 → 0.94 ms, paint 1.00 → 0.88 ms, JavaScript 3.90 → 3.77 ms. The
   highlighting left costs ~1 ms per key more than none at all (a scratch build without it, in the runs that
   found this): the marks still on screen, and the lexing of the edited line. Where it goes is the next lead:
   in a CPU profile (load ~20) the native \`Selection.collapse\` that CodeMirror calls to set the caret after a
   key takes 3.3 ms per key with highlighting against 0.9 ms without, while the frame's own layout and style
   cost about the same (55 against 51 ms of layout in 57 keys) — Chromium's caret placement over the marked
   line, not the marks' layout, unexplained so far.
8. Not moved off the thread, because nothing per key is left to move: the text syncs, panes, saving and
   diagnostics already run once per pause (5., 6.), the worker does the compiling; per key the page records the
   edit's time, maps the highlighting and diagnostics through the change, and CodeMirror updates one line —
   what is left above the plain editor is the DOM the extensions add (marks, two more gutters, the lint and
   bracket state) and Chromium's work on it.

9. The caret (session 5, 5c3f3e3). Found with bench/workbench-profile.ts, which types the same bursts into any
   of the pages with a trace and a CPU profile and prints the main thread's self time per trace event and per
   JavaScript function, per key; bench/workbench-variants.ts is a plain editor plus any of the workbench's
   editor extensions (\`?ext=highlight,lintGutter&drop=drawSelection\`), which takes a key's cost apart by extension
   without the language server. At load 14–19 (2 rounds of 147 keys per page; the figures move ±1 ms from round
   to round at this load): plain CodeMirror 12.95 ms per key; without drawSelection() 10.10; with the
   workbench's highlighting 17.37 (+4.4), with every workbench extension 19.68 — the same as the workbench
   itself (19.70), so the language server, the panes, saving and syncing cost the keys next to nothing; each
   of the other extensions (active-line gutter, bracket matching, closing brackets, selection matches,
   completion, the lint gutter) adds ≤ 1 ms, within the noise. drawSelection() measures the caret's place after
   every update (\`getClientRects\`, a layout pass) and draws it in a layer of its own whose blink animation keeps
   the frame clock ticking (READING). The workbench now uses the browser's caret: 0.93× a plain editor's main
   thread CPU per key in the profile tool (14.65 / 15.79 ms at load 14, 2 rounds), 1.01× in this benchmark
   (11.30 / 11.19 ms, 1 round at load 13–15), and the idle wait for the frame is gone (mean 0.5 ms, against
   3.7 ms for the plain editor in the same run). Of a key's work in the workbench, the highlighting is still the
   largest part of what the extensions add: its marks make CodeMirror's update of the edited line and
   Chromium's paint of the editor dearer (the scroller's paint 0.54 against 0.33 ms per key without them;
   \`EditorView.update\` 5.4 against 2.7 ms in the profile), its own JavaScript (patching and lexing the line)
   0.5 ms. Tried and not kept, no difference beyond the noise (3 rounds each): no bold or italic faces in the
   marks; each line a paint layer of its own (\`position: relative\`); the content in a layer of its own
   (\`will-change: transform\`).

Before and after, with this benchmark (the same three pages, 147 keys per page and round, 5,007 lines). The
latency percentiles move a lot from run to run at this load (the plain editor's p95 per round: 32–96 ms); the
main thread CPU per key moves much less:

| | before (1553077, 2 rounds, load 19.5–23.5) | after, panes at 400 ms (a45472e, 3 rounds, load 17.2–22.8) | after, panes at 800 ms (fd732ea, 3 rounds, load 19.2–23.9) |
| --- | --- | --- | --- |
| workbench Event Timing p95 / max (ms) | 160 / 616 | 104 / 240 | 176 / 472 |
| plain editor p95 · plain + busy worker p95 (ms) | 32 · 136 | 64 · 88 | 56 · 96 |
| workbench p95 ÷ plain p95 | 5.00× | 1.63× | 3.14× |
| main thread CPU per key: workbench / plain (ms) | 17.67 / 8.94 (1.98×) | 13.12 / 9.09 (1.44×) | 11.83 / 7.77 (1.52×) |
| long tasks while typing: workbench (longest) | 42 (461 ms) | 37 (121 ms) | 93 (393 ms) |
| worker CPU while typing, workbench (ms) | 1438 (2 rounds) | 1774 | 1667 |
| pane requests / dropped as outdated | – | 12 / 8 | 4 / 1 |

Refreshing the panes 800 ms after the last key instead of 400 ms cut the summaries computed for nothing (12
requests, 8 dropped → 4, 1) but not the worker's CPU while typing (diagnostics and completion compile each
version anyway), and the second run's latency is not better than the first's: the difference between these two
runs is within what the load does from run to run.

What was left after session 4: the target is not met, and a plain CodeMirror editor does not meet it on this machine either
(32–96 ms per round). A large part of the latency is the worker's CPU taken from the page's scheduling slice:
the plain editor with the same worker computing has a p95 of 88–96 ms against 56–64 ms without it. The rest is
the page's own work, 1.44–1.52× a plain editor's per key: the editor's extensions (highlighting spans in every
line, the lint and active-line gutters, bracket matching, the completion state and its popup) and the DOM they
add to each line, which Chromium lays out again when CodeMirror sets the caret (\`Selection.collapse\`, the largest
single item in the profile) — in the first run the workbench's p95 was close to the plain editor's with the
worker (104 against 88 ms), in the second it was not (176 against 96, with 93 long tasks against 28).

Not changed: completion while typing (the popup asks the server 400 ms after a word is typed, and while it is
open every key filters its options). One scratch run each (load ~20): with it 14.4 ms main thread CPU per key,
p95 168 ms, 30 long tasks; with \`activateOnTyping: false\` 13.6 ms, 120 ms, 17 — a single pair at this load, so
only an indication; completion on Ctrl-Space is unaffected either way.
`;

// Run when executed.
if (process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename) await main();
