// Every request is isolated: a handler that throws (bogus URI, bogus
// position, malformed params, a compiler crash) answers with an error
// response, and the next request is served normally.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import { compile } from '../../compiler/index.ts';
import { POLICY, fileUri, inProcessClient, spawnServer, type LspClient } from './client.ts';

const text = readFileSync(POLICY, 'utf8');
const uri = fileUri(POLICY);

async function errorOf(p: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ResponseError);
    return e as ResponseError<unknown>;
  }
  throw new Error('expected an error response');
}

describe('request isolation over stdio', { timeout: 60000 }, () => {
  let client: LspClient & { stderr: () => string };
  beforeAll(async () => {
    client = spawnServer();
    await client.initialize({ locale: 'en-US' });
    await client.open(uri, text, 1);
    await client.diagnosticsFor(uri, 1);
  }, 30000);
  afterAll(async () => client?.shutdown());

  const hoverWorks = async () => {
    const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 0 } });
    expect(h.contents.value).toContain('**keyword** 政策 / policy');
  };

  it('answers a bogus URI with InvalidParams, then keeps serving', async () => {
    const e = await errorOf(client.request('textDocument/hover', { textDocument: { uri: 'file:///no/such.policy' }, position: { line: 0, character: 0 } }));
    expect(e.code).toBe(ErrorCodes.InvalidParams);
    expect(e.message).toBe('document is not open: file:///no/such.policy');
    await hoverWorks();
  });

  it('answers a bogus position with InvalidParams, then keeps serving', async () => {
    for (const position of [{ line: 100000, character: 0 }, { line: -1, character: 0 }, { line: 0.5, character: 1 }, { line: 3, character: -2 }]) {
      const e = await errorOf(client.request('textDocument/completion', { textDocument: { uri }, position }));
      expect(e.code).toBe(ErrorCodes.InvalidParams);
      expect(e.message).toMatch(/^invalid position/);
    }
    await hoverWorks();
  });

  it('turns an exception inside a handler into RequestFailed, then keeps serving', async () => {
    // Malformed params make the handlers throw TypeErrors; the guard answers them.
    const noPosition = await errorOf(client.request('textDocument/definition', { textDocument: { uri } }));
    expect(noPosition.code).toBe(ErrorCodes.InvalidParams);
    const noContext = await errorOf(client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }));
    expect(noContext.code).toBe(LSPErrorCodes.RequestFailed);
    expect(noContext.message).toMatch(/^language server internal error \(codeAction\)/);
    const noDocument = await errorOf(client.request('textDocument/documentSymbol', {}));
    expect(noDocument.code).toBe(LSPErrorCodes.RequestFailed);
    await hoverWorks();
    expect(client.stderr()).toContain('codeAction failed');
  });

  it('survives unknown methods and notifications for unknown documents', async () => {
    const e = await errorOf(client.request('policy/noSuchMethod', {}));
    expect(e.code).toBe(ErrorCodes.MethodNotFound);
    await client.change('file:///never-opened.policy', 2, [{ text: 'x' }]);
    await client.close('file:///never-opened.policy');
    await hoverWorks();
    expect(client.process!.exitCode).toBeNull();
  });
});

describe('a compiler crash stays inside one request', { timeout: 60000 }, () => {
  it('answers with an error while the text crashes compile(), and recovers when it no longer does', async () => {
    const logs: string[] = [];
    const client = inProcessClient({
      diagnosticsDelay: 10,
      log: (m) => logs.push(m),
      compile: (t) => {
        if (t.includes('💥')) throw new Error('boom');
        return compile(t);
      },
    });
    try {
      await client.initialize({ locale: 'zh-CN' });
      const u = 'file:///crash.policy';
      await client.open(u, text + '\n// 💥\n', 1);
      const e = await errorOf(client.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 6, character: 0 } }));
      expect(e.code).toBe(LSPErrorCodes.RequestFailed);
      expect(e.message).toContain('boom');
      await new Promise((r) => setTimeout(r, 100));
      expect(logs.some((l) => l.includes('boom'))).toBe(true);
      // No diagnostics could be computed for version 1; version 2 is fine again.
      await client.change(u, 2, [{ text }]);
      const d = await client.diagnosticsFor(u, 2);
      expect(d.diagnostics).toEqual([]);
      const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: u }, position: { line: 6, character: 0 } });
      expect(h.contents.value).toContain('政策');
    } finally {
      await client.shutdown();
    }
  });
});
