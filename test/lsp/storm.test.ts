// Storm: hundreds of random edits sent as fast as the pipe takes them, with
// requests in between, never crash the server; the last diagnostics are
// compile()'s on the final text; and a burst compiles only the versions
// somebody looks at.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { POLICY, fileUri, inProcessClient, spawnServer } from './client.ts';
import { expectedDiagnostics, shapes } from './expected.ts';
import { startInProcessServer } from '../../lsp/stdio.ts';
import { CompileWorker } from '../../lsp/node-worker.ts';
import { compile } from '../../compiler/index.ts';

const original = readFileSync(POLICY, 'utf8');

/** A small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '；', '：', ';', ':', '{', '}', '｛', '｝', '，', '、', '（', '）', '\n', '  ', '“', '”', '"', '/*', '*/', '// 注释\n',
  '金额：', '条件：', '资金：人才专项资金；', '待遇 新待遇 {', '对象：企业；', '年度自主认定人次', '满50人次', '500元/人次', '3万元',
  '高级工及以上', '属于 { 五星，四星 }', '按 期满星级 { 五星：1元 }', '５', '😀', 'conditions: ', 'x', '政策', '示例 “例” { 期望：符合； }',
];

function randomEdit(doc: TextDocument, next: () => number): TextDocumentContentChangeEvent {
  const text = doc.getText();
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const at = Math.floor(next() * (text.length + 1));
  const r = next();
  if (r < 0.45) return { range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: pick(SNIPPETS) };
  const len = 1 + Math.floor(next() * 20);
  const end = Math.min(text.length, at + len);
  if (r < 0.8) return { range: { start: doc.positionAt(at), end: doc.positionAt(end) }, text: '' };
  return { range: { start: doc.positionAt(at), end: doc.positionAt(end) }, text: pick(SNIPPETS) };
}

describe('edit storm', { timeout: 60000 }, () => {
  it('survives 400 fast random edits with requests in between; the last diagnostics equal compile()', async () => {
    const seed = Number(process.env['STORM_SEED'] ?? 20250301);
    const next = rng(seed);
    const client = spawnServer();
    try {
      await client.initialize({ locale: 'zh-cn' });
      const uri = fileUri(POLICY);
      let doc = TextDocument.create(uri, 'policy', 1, original);
      await client.open(uri, original, 1);
      const pending: Promise<unknown>[] = [];
      const methods = ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/documentSymbol', 'textDocument/semanticTokens/full', 'textDocument/foldingRange'];
      for (let v = 2; v <= 401; v++) {
        const change: TextDocumentContentChangeEvent = v % 50 === 0 ? { text: doc.getText() + '\n' } : randomEdit(doc, next);
        doc = TextDocument.update(doc, [change], v);
        void client.change(uri, v, [change]);
        if (v % 7 === 0) {
          const method = methods[v % methods.length]!;
          const position = doc.positionAt(Math.floor(next() * (doc.getText().length + 1)));
          pending.push(client.request(method, { textDocument: { uri }, position }));
        }
      }
      const results = await Promise.allSettled(pending);
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String(r.reason));
      expect(failures, `seed ${seed}`).toEqual([]);
      const final = await client.diagnosticsFor(uri, 401, 30000);
      expect(shapes(final.diagnostics), `seed ${seed}`).toEqual(expectedDiagnostics(doc.getText()));
      // Still serving.
      const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
      expect(Array.isArray(symbols)).toBe(true);
      expect(client.process!.exitCode).toBeNull();
      expect(client.stderr()).not.toMatch(/uncaught|failed|stopped/);
    } finally {
      await client.shutdown();
    }
  }, 120000);

  it('compiles a burst of edits once, not once per edit', async () => {
    const s = startInProcessServer({ log: () => undefined });
    const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-languageserver-protocol/node.js');
    const connection = createProtocolConnection(new StreamMessageReader(s.clientInput), new StreamMessageWriter(s.clientOutput));
    const latest = new Map<number, unknown>();
    connection.onNotification('textDocument/publishDiagnostics', (p: { version?: number }) => latest.set(p.version ?? -1, p));
    connection.listen();
    try {
      await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { diagnosticsDelay: 100 } });
      const uri = 'file:///storm.policy';
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy', version: 1, text: original } });
      let doc = TextDocument.create(uri, 'policy', 1, original);
      const next = rng(7);
      for (let v = 2; v <= 200; v++) {
        const change = randomEdit(doc, next);
        doc = TextDocument.update(doc, [change], v);
        void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
      }
      const deadline = Date.now() + 20000;
      while (!latest.has(200) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(latest.has(200)).toBe(true);
      // The open (published at once) and the end of the burst; a slow machine may add a few, never one per edit.
      expect(s.server.store.compilations).toBeLessThan(20);
    } finally {
      connection.dispose();
      s.dispose();
    }
  }, 60000);

  it('compiles on a worker thread exactly what compile() gives, skipping superseded versions', async () => {
    const logs: string[] = [];
    const worker = new CompileWorker((m) => logs.push(m));
    try {
      const bad = original.replace('资金：人才专项资金', '资金：人才专项基金');
      const jobs = [worker.compile('a', original), worker.compile('a', original + '\n// 1'), worker.compile('a', bad), worker.compile('b', original)];
      const [first, second, third, other] = await Promise.all(jobs);
      // The first job starts at once; the second is superseded by the third before it can start.
      expect(first).toEqual([]);
      expect(second).toBeUndefined();
      expect(third).toEqual(JSON.parse(JSON.stringify(compile(bad).diagnostics)));
      expect(third!.length).toBeGreaterThan(0);
      expect(other).toEqual([]);
      expect(logs).toEqual([]);
    } finally {
      worker.dispose();
    }
  }, 60000);

  it('serves an in-process client too (what a benchmark would use)', async () => {
    const client = inProcessClient();
    try {
      await client.initialize();
      const uri = 'file:///inproc.policy';
      await client.open(uri, original, 1);
      const d = await client.diagnosticsFor(uri, 1);
      expect(d.diagnostics).toEqual([]);
      const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 0 } });
      expect(hover.contents.value).toContain('政策');
    } finally {
      await client.shutdown();
    }
  });
});
