// The workbench's Web Worker: the project's language server (lsp/browser.ts)
// plus two requests for the panes, answered from the same document store, so
// a version is compiled once for diagnostics, hover, completion and panes.
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import { compile, type Compilation } from '../../compiler/index.ts';
import { startBrowserServer, type WorkerScope } from '../../lsp/browser.ts';
import { DocSender } from './doc-blocks.ts';
import { EVALUATE_METHOD, evaluateForm, PANE_NAMES, PANES_METHOD, panes, type EvaluateParams, type PanesParams, type PanesReply } from './panes.ts';

const log = (m: string) => console.error(`[policy-lsp] ${m}`);
/**
 * JSON-RPC messages cross to the page as JSON text, not as objects: @codemirror/lsp-client speaks text, so
 * the page would otherwise stringify every message the worker sends (a pane's HTML for a 5,000-line policy
 * is megabytes) and parse every one it sends, after the structured clone has copied it — on the thread
 * that handles the keys. Here, in the worker, the text is made and read.
 */
interface Scope {
  postMessage(message: unknown): void;
  addEventListener(type: string, listener: (e: Event) => void): void;
  onmessage: ((e: MessageEvent) => void) | null;
}
const scope = self as unknown as Scope;
const textScope = {
  postMessage: (msg: unknown) => scope.postMessage(JSON.stringify(msg)),
  addEventListener: (type: string, listener: (e: Event) => void) => scope.addEventListener(type, listener),
  set onmessage(listener: (e: MessageEvent) => void) {
    scope.onmessage = (e: MessageEvent) => listener({ data: typeof e.data === 'string' ? JSON.parse(e.data) : e.data } as MessageEvent);
  },
} as unknown as WorkerScope;
const server = startBrowserServer(textScope, { log });

function analysisOf(uri: string) {
  if (!server.store.has(uri)) throw new ResponseError(ErrorCodes.InvalidParams, `document is not open: ${uri}`);
  return server.store.analysis(uri, server.lang());
}

/** The opened version of each file, compiled once (for 修订对照). */
const originals = new Map<string, { text: string; compilation: Compilation }>();

/**
 * The pages last sent, for deltas (one sender per kind of page). The summary's parts (一、二、…) are
 * sections with no box of their own holding many benefits: they are cut into their benefits.
 */
const summaryPages = new DocSender((tag) => tag === '<section class="section">');
const diffPages = new DocSender();

server.connection.onRequest(PANES_METHOD, (p: PanesParams) => {
  const a = analysisOf(p.uri);
  if (typeof p.original === 'string' && originals.get(p.uri)?.text !== p.original) {
    originals.set(p.uri, { text: p.original, compilation: compile(p.original) });
  }
  const want = Array.isArray(p.want) ? PANE_NAMES.filter((n) => p.want!.includes(n)) : PANE_NAMES;
  const { summaryHtml, diff, ...rest } = panes(a.compilation, p.uri, a.version, p.lang, log, originals.get(p.uri)?.compilation, want);
  // The pages go as deltas against what the page shows: after an edit, one benefit's block instead of the
  // whole page (megabytes of JSON for a long policy, parsed and laid out on the page's thread).
  const reply: PanesReply = rest;
  if (summaryHtml !== undefined) reply.summary = summaryPages.delta(summaryHtml, p.have?.summary);
  if (diff) {
    const { html, ...d } = diff;
    reply.diff = { ...d, doc: html === null ? null : diffPages.delta(html, p.have?.diff) };
  }
  return reply;
});

server.connection.onRequest(EVALUATE_METHOD, (p: EvaluateParams) => {
  const a = analysisOf(p.uri);
  return evaluateForm(a.compilation, a.version, p);
});
