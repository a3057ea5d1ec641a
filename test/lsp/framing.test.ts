// The stdio transport given broken frames (issue #17): a wrong or missing
// Content-Length, bytes outside any frame. The server logs each problem and
// answers the next valid frame — never a silent hang. Raw bytes over the real
// server's stdin; responses read from its stdout.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, POLICY, ROOT, fileUri } from './client.ts';

const frame = (msg: unknown, length?: number | string, extraHeader = '') => {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  const header = length === undefined ? extraHeader : `Content-Length: ${length}\r\n${extraHeader}`;
  return Buffer.concat([Buffer.from(`${header}\r\n`, 'ascii'), body]);
};
const good = (msg: unknown) => {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
};
const request = (id: number, method: string, params: unknown) => ({ jsonrpc: '2.0', id, method, params });

class RawClient {
  private out = Buffer.alloc(0);
  readonly responses = new Map<number, unknown>();
  stderr = '';
  private waiters: { id: number; resolve: (v: unknown) => void }[] = [];
  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', (d) => (this.stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      this.out = Buffer.concat([this.out, d]);
      for (;;) {
        const end = this.out.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/Content-Length: (\d+)/i.exec(this.out.subarray(0, end).toString())![1]);
        if (this.out.length < end + 4 + len) return;
        const msg = JSON.parse(this.out.subarray(end + 4, end + 4 + len).toString('utf8')) as { id?: number };
        this.out = this.out.subarray(end + 4 + len);
        if (typeof msg.id === 'number') {
          this.responses.set(msg.id, msg);
          this.waiters = this.waiters.filter((w) => (w.id === msg.id ? (w.resolve(msg), false) : true));
        }
      }
    });
  }
  send(b: Buffer) {
    this.child.stdin.write(b);
  }
  response(id: number, timeoutMs = 20000): Promise<unknown> {
    if (this.responses.has(id)) return Promise.resolve(this.responses.get(id));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no response to ${id} in ${timeoutMs} ms; server stderr:\n${this.stderr}`)), timeoutMs);
      this.waiters.push({ id, resolve: (v) => (clearTimeout(t), resolve(v)) });
    });
  }
}

const uri = fileUri(POLICY);
const symbols = (id: number) => request(id, 'textDocument/documentSymbol', { textDocument: { uri } });

describe('stdio framing recovers from broken frames', { timeout: 60000 }, () => {
  let c: RawClient;
  beforeAll(async () => {
    c = new RawClient(spawn(process.execPath, [BIN, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] }));
    c.send(good(request(1, 'initialize', { processId: null, rootUri: null, capabilities: {} })));
    await c.response(1, 30000);
    c.send(good({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    c.send(good({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'policy', version: 1, text: readFileSync(POLICY, 'utf8') } } }));
  }, 40000);
  afterAll(() => c?.child.kill());

  const answered = async (id: number) => {
    const r = (await c.response(id)) as { result?: unknown[] };
    expect(Array.isArray(r.result) && r.result.length > 0).toBe(true);
  };

  it('a frame without Content-Length is skipped and logged; the next frame is answered', async () => {
    c.send(frame(symbols(10), undefined, 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'));
    c.send(good(symbols(11)));
    await answered(11);
    expect(c.responses.has(10)).toBe(false);
    await expect.poll(() => c.stderr, { timeout: 10000 }).toContain('without a valid Content-Length');
  });

  it('a non-numeric Content-Length is skipped and logged', async () => {
    c.send(frame(symbols(20), 'abc'));
    c.send(good(symbols(21)));
    await answered(21);
    expect(c.responses.has(20)).toBe(false);
  });

  it('a Content-Length too large: the frame is used up to the next header, which is answered too', async () => {
    const body = Buffer.byteLength(JSON.stringify(symbols(30)));
    // One write: two writes may reach the server more than its partial-frame timeout apart on a loaded machine,
    // and then the first frame is (rightly) delivered as a partial frame instead.
    c.send(Buffer.concat([frame(symbols(30), body + 500), good(symbols(31))]));
    await answered(31);
    await answered(30);
    await expect.poll(() => c.stderr, { timeout: 10000 }).toContain('runs into the next frame');
  });

  it('a Content-Length too small: the rest is skipped, the next frame is answered', async () => {
    c.send(frame(symbols(40), 20));
    c.send(good(symbols(41)));
    await answered(41);
    expect(c.responses.has(40)).toBe(false);
    await expect.poll(() => c.stderr, { timeout: 10000 }).toContain('skipped');
  });

  it('a Content-Length too large with nothing after it: answered after a pause', async () => {
    const body = Buffer.byteLength(JSON.stringify(symbols(50)));
    c.send(frame(symbols(50), body + 10));
    await answered(50);
    await expect.poll(() => c.stderr, { timeout: 10000 }).toContain('only');
  });

  it('bytes outside any frame are skipped; split chunks still work', async () => {
    c.send(Buffer.from('garbage\r\n{"not":"a frame"}\r\n\r\n'));
    const g = good(symbols(60));
    c.send(g.subarray(0, 7));
    await new Promise((r) => setTimeout(r, 50));
    c.send(g.subarray(7, 30));
    await new Promise((r) => setTimeout(r, 50));
    c.send(g.subarray(30));
    await answered(60);
  });

  it('a body that is not JSON is skipped', async () => {
    const junk = Buffer.from('{ this is not json }');
    c.send(Buffer.concat([Buffer.from(`Content-Length: ${junk.length}\r\n\r\n`), junk]));
    c.send(good(symbols(70)));
    await answered(70);
    await expect.poll(() => c.stderr, { timeout: 10000 }).toContain('not a JSON-RPC message');
  });
});
