// The language server over Node streams: stdin/stdout (what `policy lsp
// --stdio` and `policy-lsp` run) and in-memory streams for tests and
// benchmarks. Everything stdio-specific lives here; the server itself
// (server.ts) only takes a connection. Diagnostics compile on a Node worker
// thread (node-worker.ts) unless the caller passes its own compile function.
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node.js';
import { createConnection as createCommonConnection } from 'vscode-languageserver/lib/common/server.js';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node.js';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FramedMessageReader } from './framing.ts';
import { CompileWorker } from './node-worker.ts';
import type { Neighbour } from './amendment.ts';
import { createPolicyServer, type PolicyServer, type ServerOptions } from './server.ts';

export { createPolicyServer, SERVER_NAME, SERVER_VERSION, type PolicyServer, type ServerOptions } from './server.ts';

const stderrLog = (m: string) => process.stderr.write(`[policy-lsp] ${m}\n`);

/** Options with the Node defaults filled in: stderr logging and a worker thread for diagnostics. */
/** The .policy files in a file: URI's folder, read from disk (for hovers in an amendment). */
function policyFilesBeside(uri: string): Neighbour[] {
  if (!uri.startsWith('file:')) return [];
  try {
    const dir = dirname(fileURLToPath(uri));
    return readdirSync(dir)
      .filter((n) => n.endsWith('.policy'))
      .map((n) => ({ uri: pathToFileURL(join(dir, n)).href, text: readFileSync(join(dir, n), 'utf8') }));
  } catch {
    return [];
  }
}

function nodeOptions(options: ServerOptions): ServerOptions {
  const log = options.log ?? stderrLog;
  const wanted = options.worker ?? !options.compile;
  const worker = typeof wanted === 'object' ? wanted : wanted ? new CompileWorker(log) : undefined;
  return { ...options, log, worker: worker ?? false, neighbours: options.neighbours ?? policyFilesBeside, readFile: options.readFile ?? readDisk };
}

/** A file that is not open in the editor, read from the disk (undefined when it cannot be read). */
function readDisk(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Runs the server on stdin/stdout (what `policy lsp --stdio` and `policy-lsp` do). */
export function startStdioServer(options: ServerOptions = {}): PolicyServer {
  // stdout carries the protocol: anything printed by mistake goes to stderr.
  const toStderr = (...args: unknown[]) => process.stderr.write(args.map(String).join(' ') + '\n');
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  process.on('uncaughtException', (e) => process.stderr.write(`[policy-lsp] uncaught: ${e.stack ?? e}\n`));
  process.on('unhandledRejection', (e) => process.stderr.write(`[policy-lsp] unhandled rejection: ${(e as Error)?.stack ?? e}\n`));
  // The framing reader (framing.ts) re-synchronises after a malformed frame instead of stalling.
  const opts = nodeOptions(options);
  const reader = new FramedMessageReader(process.stdin, { log: opts.log ?? stderrLog });
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
  // With a reader (not streams) the library does not watch stdin: the server ends with its client.
  const onInputEnd = () => process.exit(reader.shutdownSeen ? 0 : 1);
  process.stdin.on('end', onInputEnd);
  process.stdin.on('close', onInputEnd);
  const server = createPolicyServer(connection, opts);
  connection.listen();
  return server;
}

export interface InProcessServer {
  server: PolicyServer;
  /** What the client reads (the server's output). */
  clientInput: Readable;
  /** What the client writes (the server's input). */
  clientOutput: Writable;
  dispose(): void;
}

/** A server in this process over in-memory streams: for benchmarks and tests. `exit` never ends the process. */
export function startInProcessServer(options: ServerOptions = {}): InProcessServer {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let shutdown = false;
  let conn: ReturnType<typeof createProtocolConnection> | undefined;
  const watchDog = {
    initialize: () => undefined,
    get shutdownReceived() {
      return shutdown;
    },
    set shutdownReceived(v: boolean) {
      shutdown = v;
    },
    exit: () => conn?.dispose(),
  };
  const connection = createCommonConnection(
    (logger) => {
      conn = createProtocolConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient), logger);
      return conn;
    },
    watchDog,
    ProposedFeatures.all,
  ) as unknown as Connection;
  const server = createPolicyServer(connection, nodeOptions(options));
  connection.listen();
  return {
    server,
    clientInput: toClient,
    clientOutput: toServer,
    dispose: () => {
      server.dispose();
      connection.dispose();
      toServer.end();
      toClient.end();
    },
  };
}
