// A small LSP client for tests and benchmarks: the real server spawned over
// stdio (`node lsp/bin.js --stdio`), or the same server in this process over
// in-memory streams. It speaks JSON-RPC through vscode-languageserver-protocol.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeParams,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node.js';
import { startInProcessServer, type ServerOptions } from '../../lsp/stdio.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../lsp/bin.js', import.meta.url));
/**
 * The policy the language-server tests edit and place the cursor in: a frozen
 * copy of 萧人社〔2025〕3号 (test/lsp/fixtures/), so amending the real policy
 * under policies/ never moves a cursor the tests search for.
 */
export const POLICY = fileURLToPath(new URL('./fixtures/xiaoshan.policy', import.meta.url));

type Waiter = { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class LspClient {
  /** Every diagnostics notification, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: Waiter[] = [];

  constructor(
    readonly connection: ProtocolConnection,
    private readonly onDispose: () => Promise<void> | void,
    readonly process?: ChildProcess,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      this.latest.set(p.uri, p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === p.uri && w.pred(p)) {
          w.resolve(p);
          return false;
        }
        return true;
      });
    });
    // Answer server→client requests a real editor would answer.
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
  }

  async initialize(params: Partial<InitializeParams> = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      ...params,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the first diagnostics for `uri` (already received or future) that satisfy `pred`. */
  waitForDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 20000): Promise<PublishDiagnosticsParams> {
    const have = this.latest.get(uri);
    if (have && pred(have)) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms (latest version: ${this.latest.get(uri)?.version})`));
      }, timeoutMs);
      const waiter: Waiter = {
        uri,
        pred,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Waits for the diagnostics of exactly this document version. */
  diagnosticsFor(uri: string, version: number, timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics(uri, (p) => p.version === version, timeoutMs);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy', version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  async shutdown(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      await this.onDispose();
    }
  }
}

/** Spawns `node lsp/bin.js --stdio` (or the given command) and connects to it. */
export function spawnServer(command: string[] = [process.execPath, BIN, '--stdio'], env: NodeJS.ProcessEnv = process.env): LspClient & { stderr: () => string } {
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (stderr += d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = new LspClient(
    connection,
    async () => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    },
    child,
  ) as LspClient & { stderr: () => string };
  client.stderr = () => stderr;
  return client;
}

/** The same server in this process (no spawn, no tsx start-up): for benchmarks. */
export function inProcessClient(options: ServerOptions = {}): LspClient {
  const s = startInProcessServer({ log: () => undefined, ...options });
  const connection = createProtocolConnection(new StreamMessageReader(s.clientInput), new StreamMessageWriter(s.clientOutput));
  return new LspClient(connection, () => {
    connection.dispose();
    s.dispose();
  });
}

export const fileUri = (path: string): string => 'file://' + path.split('/').map(encodeURIComponent).join('/');
