// The language server in a browser Web Worker: the same server as over stdio
// (server.ts), on vscode-languageserver's browser connection, which carries
// JSON-RPC messages with postMessage. The worker's own thread is off the
// page's main thread, so diagnostics compile right here, never in the way of
// typing. Imports nothing from Node: the workbench bundles this for the browser.
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser.js';
import { createPolicyServer, type PolicyServer, type ServerOptions } from './server.ts';

/** What a dedicated worker's global scope offers for messaging (a subset of DedicatedWorkerGlobalScope). */
export type WorkerScope = ConstructorParameters<typeof BrowserMessageReader>[0];

/** Starts the server on the worker's message port; returns it so the caller can add requests. */
export function startBrowserServer(scope: WorkerScope, options: Omit<ServerOptions, 'worker'> = {}): PolicyServer {
  const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
  const server = createPolicyServer(connection, { ...options, worker: false });
  connection.listen();
  return server;
}
