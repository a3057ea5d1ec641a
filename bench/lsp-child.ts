// The language-server benchmark (spawned by run.ts): the real server
// (`node lsp/bin.js --stdio`) driven over stdio by the JSON-RPC client of the
// LSP tests. For a 500- and a 5,000-line policy:
//   - diagnostics latency: didChange (one digit of an amount) → the
//     publishDiagnostics of that version; the server is initialised with
//     diagnosticsDelay 0, so this is the server's own latency (the default
//     150 ms debounce is added on top by design);
//   - hover and completion round trips on a compiled version, ≥ 100 each per block;
//   - the first hover right after an edit (answered from the last compiled version);
//   - the first hover right after an edit that leaves a syntax error, in the broken benefit
//     (answered from the request view, lsp/documents.ts `view`: the broken declaration blanked,
//     compiled incrementally), next to a full compile() of that text in this process — what the
//     server's main thread did for it before — and the server's count of whole-file compiles.
// Blocks repeat; the baseline B runs in this (driving) process before each block.
import { pathToFileURL } from 'node:url';
import { compile } from '../compiler/index.ts';
import { spawnServer, type LspClient } from '../test/lsp/client.ts';
import { loadAvgNow } from './machine.ts';
import { baselinePopulation, now, runBaseline } from './stats.ts';
import { synthPolicyOfLines } from './synth.ts';

export interface LspDocResult {
  lines: number;
  benefits: number;
  /** Per block: latencies in ms. */
  diagnostics: number[][];
  hover: number[][];
  completion: number[][];
  hoverAfterEdit: number[];
  /** The first hover after an edit that leaves a syntax error, in the broken declaration. */
  hoverAfterBreak: number[];
  /** compile() of the same broken text in this process (what the request cost before). */
  fullCompileBroken: number[];
  /** The server's whole-file compiles on its main thread during the blocks (after the open). */
  wholeFileCompiles: number;
  baselineMs: number[];
}

type Stats = { compilations: number; wholeFileCompiles: number; tolerantViews: number };

const cfg = JSON.parse(process.argv[2] ?? '{}') as { lines: number[]; blocks: number; edits: number; requests: number };
const log = (m: string) => process.stderr.write(`  [lsp] ${m}\n`);

/** LSP position (UTF-16 code units, which is what JS string indices are) of an offset. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}

function offsetsOf(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = now();
  const r = await f();
  return [now() - t0, r];
}

async function runDoc(lines: number, pop: ReturnType<typeof baselinePopulation>): Promise<LspDocResult> {
  const text0 = synthPolicyOfLines(lines);
  const c = compile(text0);
  if (c.hasErrors) throw new Error(`synthetic ${lines}-line policy has errors`);
  let text = text0;
  const uri = pathToFileURL(`/tmp/bench-${lines}.policy`).href;
  const client: LspClient = spawnServer();
  try {
    await client.initialize({ locale: 'zh-CN', initializationOptions: { diagnosticsDelay: 0 } });
    let version = 1;
    await client.open(uri, text, version);
    await client.diagnosticsFor(uri, version, 300_000);

    // Edit sites: the digit "0" at the end of "金额：2000元" (toggled to "1" and back: same length, positions stay).
    const edits = offsetsOf(text, '金额：2000元').map((o) => o + '金额：200'.length);
    // Hover on the first fact name of a condition; complete at the start of a condition.
    const hovers = offsetsOf(text, '条件：').map((o) => positionOf(text, o + 4));
    const completions = offsetsOf(text, '条件：').map((o) => positionOf(text, o + 3));
    if (!edits.length || !hovers.length) throw new Error('no edit or hover sites');
    let editNo = 0;
    const edit = async (): Promise<void> => {
      const at = edits[editNo++ % edits.length]!;
      const ch = text[at] === '0' ? '1' : '0';
      text = text.slice(0, at) + ch + text.slice(at + 1);
      const p = positionOf(text, at);
      version++;
      await client.change(uri, version, [{ range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: ch }]);
    };

    // Sanity: hover and completion answer something here.
    const h0 = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: hovers[0] });
    const c0 = await client.request<unknown[] | { items: unknown[] } | null>('textDocument/completion', {
      textDocument: { uri },
      position: completions[0],
    });
    const count = Array.isArray(c0) ? c0.length : (c0?.items.length ?? 0);
    if (!h0 || count === 0) throw new Error(`hover (${JSON.stringify(h0)?.slice(0, 80)}) or completion (${count} items) answered nothing`);

    // Warm-up: edits and requests (the worker and the main thread both compile a few versions).
    for (let i = 0; i < 3; i++) {
      await edit();
      await client.diagnosticsFor(uri, version, 300_000);
      await client.request('textDocument/hover', { textDocument: { uri }, position: hovers[i % hovers.length] });
    }

    const result: LspDocResult = {
      lines: text.split('\n').length,
      benefits: c.model.benefits.length,
      diagnostics: [],
      hover: [],
      completion: [],
      hoverAfterEdit: [],
      hoverAfterBreak: [],
      fullCompileBroken: [],
      wholeFileCompiles: 0,
      baselineMs: [],
    };
    const stats0 = await client.request<Stats>('policy/stats', {});
    for (let b = 0; b < cfg.blocks; b++) {
      result.baselineMs.push(runBaseline(pop));
      const diag: number[] = [];
      for (let i = 0; i < cfg.edits; i++) {
        const [ms] = await timed(async () => {
          await edit();
          await client.diagnosticsFor(uri, version, 300_000);
        });
        diag.push(ms);
      }
      result.diagnostics.push(diag);
      // The first hover after an edit compiles the new version on the server's main thread.
      {
        await edit();
        const [ms] = await timed(() =>
          client.request('textDocument/hover', { textDocument: { uri }, position: hovers[b % hovers.length] }),
        );
        result.hoverAfterEdit.push(ms);
        await client.diagnosticsFor(uri, version, 300_000);
      }
      // The first hover after an edit that leaves a syntax error: ` +` after an amount (no right
      // operand), the hover on the condition of that benefit; then the edit is undone.
      {
        const site = edits[(b * 7 + 3) % edits.length]! - '金额：200'.length;
        const at = site + '金额：2000元'.length;
        const p = positionOf(text, at);
        version++;
        await client.change(uri, version, [{ range: { start: p, end: p }, text: ' +' }]);
        const broken = text.slice(0, at) + ' +' + text.slice(at);
        const cond = text.lastIndexOf('条件：', site) + 4;
        const [ms, h] = await timed(() => client.request<unknown>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, cond) }));
        result.hoverAfterBreak.push(ms);
        if (h === undefined) throw new Error('no answer to the hover after a breaking edit');
        const d = await client.diagnosticsFor(uri, version, 300_000);
        if (!d.diagnostics.some((x) => x.severity === 1)) throw new Error('the breaking edit left no error');
        const t0 = now();
        const full = compile(broken);
        result.fullCompileBroken.push(now() - t0);
        if (!full.parse.errors.length) throw new Error('the breaking edit parsed');
        version++;
        await client.change(uri, version, [{ range: { start: p, end: positionOf(broken, at + 2) }, text: '' }]);
        await client.diagnosticsFor(uri, version, 300_000);
      }
      const hover: number[] = [];
      const completion: number[] = [];
      for (let i = 0; i < cfg.requests; i++) {
        const [hm] = await timed(() =>
          client.request('textDocument/hover', { textDocument: { uri }, position: hovers[i % hovers.length] }),
        );
        hover.push(hm);
        const [cm] = await timed(() =>
          client.request('textDocument/completion', { textDocument: { uri }, position: completions[i % completions.length] }),
        );
        completion.push(cm);
      }
      result.hover.push(hover);
      result.completion.push(completion);
      log(
        `${lines} lines, block ${b + 1}: B ${result.baselineMs[b]!.toFixed(0)} ms, diagnostics median ${[...diag].sort((x, y) => x - y)[diag.length >> 1]!.toFixed(1)} ms`,
      );
    }
    result.wholeFileCompiles = (await client.request<Stats>('policy/stats', {})).wholeFileCompiles - stats0.wholeFileCompiles;
    return result;
  } finally {
    await client.shutdown();
  }
}

const load0 = loadAvgNow();
const pop = baselinePopulation();
runBaseline(pop);
const docs: LspDocResult[] = [];
for (const lines of cfg.lines) docs.push(await runDoc(lines, pop));
process.stdout.write(JSON.stringify({ docs, load: [load0, loadAvgNow()] }) + '\n');
