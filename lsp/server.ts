// The policy language server. It wires the LSP requests to one module per
// feature; every analysis comes from compile() (compiler/index.ts), never from
// a parser or checker of its own.
//
// Robustness: every handler is guarded, so an exception becomes an error
// response and the server keeps serving; documents are compiled lazily, once
// per version, when something asks (a request or the debounced diagnostics),
// so no request waits for the compilation of a version that is already stale.
//
// This file is transport-independent: it takes a connection and never touches
// a stream, a process or a Node module, so the same server runs over stdio
// (stdio.ts, with a Node worker thread for diagnostics) and in a browser Web
// Worker (browser.ts, the workbench).
import {
  MarkupKind,
  CodeActionKind,
  DidChangeConfigurationNotification,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver';
import type { Compilation } from '../compiler/index.ts';
import type { Analysis } from './analysis.ts';
import { codeActions, KIND_PUNCTUATION } from './code-actions.ts';
import { completionList } from './completion.ts';
import { definition } from './definition.ts';
import { capDiagnostics, DiagnosticScheduler, type DiagnosticsWorker, lspDiagnostics, toLspDiagnostic } from './diagnostics.ts';
import { DocumentStore, staleView, uriPath } from './documents.ts';
import { foldingRanges } from './folding.ts';
import { formatting } from './formatting.ts';
import { hover } from './hover.ts';
import { amendmentDiagnostics, amendmentHover, type Neighbour } from './amendment.ts';
import { resolveLang, t, type Lang } from './i18n.ts';
import { references } from './references.ts';
import { prepareRename, rename } from './rename.ts';
import { LEGEND, semanticTokens } from './semantic-tokens.ts';
import { documentSymbols } from './symbols.ts';

export const SERVER_NAME = 'policy-lsp';
export const SERVER_VERSION = '0.1.0';

export interface ServerOptions {
  /** Debounce for diagnostics after an edit, in ms (initializationOptions.diagnosticsDelay overrides). */
  diagnosticsDelay?: number;
  /** For tests: a compile function to count or break compilations (diagnostics then compile on the main thread too). */
  compile?: (text: string) => Compilation;
  /**
   * Compile the debounced diagnostics on a worker thread. createPolicyServer
   * takes a worker (the stdio entry builds a Node one); the Node entries also
   * accept `true`/`false` (default: yes, unless `compile` is given).
   */
  worker?: boolean | DiagnosticsWorker;
  /** Where internal errors are logged (the stdio entry: stderr; default: console.error). */
  log?: (message: string) => void;
  /**
   * The .policy files beside a document (the stdio entry reads its folder), so
   * a hover in an amendment can show what it changes; open documents win.
   */
  neighbours?: (uri: string) => Neighbour[];
  /** Reads a file that is not open, for `引用` (the Node entries read the disk; default: none). */
  readFile?: (path: string) => string | undefined;
}

/**
 * Whether a version may be an amendment: it has the `修订：` (`amends:`) field. The regular
 * expression scans the text once per version, not per request; a version that may be one is
 * parsed whole on this thread at each hover and publish (lsp/amendment.ts), so a word 修订 in a
 * label or a comment must not make it one.
 */
const amendsCache = new WeakMap<Analysis, boolean>();
function mayAmend(a: Analysis): boolean {
  let v = amendsCache.get(a);
  if (v === undefined) amendsCache.set(a, (v = /(修订|amends)[ \t\u3000]*[：:]/i.test(a.text)));
  return v;
}

/** Whether a text may have an `引用` (import) declaration. */
const IMPORTS = /(^|[；;}\s])(引用|import)\s*["“「]/;

export interface PolicyServer {
  connection: Connection;
  store: DocumentStore;
  /** The current message language. */
  lang(): Lang;
  /** Stops timers and the worker (the connection is the caller's). */
  dispose(): void;
}

interface Settings {
  language?: string;
  diagnosticsDelay?: number;
}

export function createPolicyServer(connection: Connection, options: ServerOptions = {}): PolicyServer {
  const store = new DocumentStore(options.compile, options.readFile);
  const log = options.log ?? ((m: string) => console.error(`[policy-lsp] ${m}`));
  let locale: string | undefined;
  let settings: Settings = {};
  let canPullConfiguration = false;
  const lang = (): Lang => resolveLang(settings.language, locale);

  const worker = typeof options.worker === 'object' ? options.worker : undefined;

  /** Publishes from the main thread's analysis (compiling it if nobody has yet). */
  /** Documents in the same folder as `uri`: the open ones, then those the host reads. */
  const neighbours = (uri: string): Neighbour[] => {
    const folder = uri.slice(0, uri.lastIndexOf('/') + 1);
    const open = store.uris().filter((u) => u.startsWith(folder) && !u.slice(folder.length).includes('/')).map((u) => ({ uri: u, text: store.get(u)!.getText() }));
    const onDisk = (options.neighbours?.(uri) ?? []).filter((n) => !open.some((o) => o.uri === n.uri));
    return [...open, ...onDisk];
  };
  const publishHere = (uri: string) => {
    const a = store.analysis(uri, lang());
    void connection.sendDiagnostics({ uri, version: a.version, diagnostics: lspDiagnostics(a, lang()) });
  };

  /**
   * Publishes the diagnostics of the document's current version. When a request
   * already compiled that version here, they are reused; otherwise the worker
   * compiles it, and the answer is dropped if the document moved on meanwhile.
   */
  const publish = (uri: string, onMainThread = false) => {
    if (!store.has(uri)) return;
    try {
      const a = store.analysis(uri, lang());
      // An amendment is checked as the text it makes, with the policy beside it (lsp/amendment.ts).
      const amended = mayAmend(a) ? amendmentDiagnostics(uri, a.text, neighbours(uri)) : undefined;
      if (amended) {
        const l = lang();
        void connection.sendDiagnostics({ uri, version: a.version, diagnostics: capDiagnostics(amended).map((d) => toLspDiagnostic(a, d, l)) });
        return;
      }
      if (onMainThread || a.compiled || !worker?.available) return publishHere(uri);
      // A document that imports others goes to the worker with its path and the open documents' texts.
      const path = IMPORTS.test(a.text) ? uriPath(uri) : undefined;
      if (IMPORTS.test(a.text) && !path) return publishHere(uri);
      worker.compile(uri, a.text, path ? { path, files: store.openFiles() } : undefined).then(
        // The worker sends them capped already (compile-worker.ts).
        (diagnostics) => {
          if (!diagnostics || store.get(uri)?.version !== a.version) return;
          const l = lang();
          void connection.sendDiagnostics({ uri, version: a.version, diagnostics: diagnostics.map((d) => toLspDiagnostic(a, d, l)) });
        },
        (e: Error) => {
          log(`worker diagnostics for ${uri} failed: ${e.message}`);
          if (store.get(uri)?.version === a.version) publishHere(uri);
        },
      );
    } catch (e) {
      log(`diagnostics for ${uri} failed: ${(e as Error).stack ?? e}`);
    }
  };
  const scheduler = new DiagnosticScheduler(options.diagnosticsDelay ?? 150, (uri) => publish(uri));
  const republishAll = () => {
    for (const uri of store.uris()) scheduler.schedule(uri, 0);
  };

  /** Wraps a request handler: exceptions become error responses, cancellation is honoured. */
  function guard<P, R>(name: string, fn: (params: P) => R | Promise<R>) {
    return async (params: P, token?: CancellationToken): Promise<R | ResponseError<void>> => {
      try {
        if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        return await fn(params);
      } catch (e) {
        if (e instanceof ResponseError) return e as ResponseError<void>;
        const message = e instanceof Error ? e.message : String(e);
        log(`${name} failed: ${e instanceof Error ? e.stack : e}`);
        return new ResponseError(LSPErrorCodes.RequestFailed, t('lsp.error.internal', lang(), { request: name, message }));
      }
    };
  }

  /** Wraps a notification handler: an exception is logged, never thrown. */
  function guardNotification<P>(name: string, fn: (params: P) => void) {
    return (params: P) => {
      try {
        fn(params);
      } catch (e) {
        log(`${name} failed: ${e instanceof Error ? e.stack : e}`);
      }
    };
  }

  function offsetOf(a: Analysis, p: Position): number {
    const ok = p && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < a.doc.lineCount;
    if (!ok) {
      throw new ResponseError(ErrorCodes.InvalidParams, t('lsp.error.position', lang(), { line: String(p?.line), character: String(p?.character) }));
    }
    return a.offset(p);
  }

  const doc = (params: { textDocument: { uri: string } }): Analysis => store.analysis(params.textDocument.uri, lang());
  /** What a request reads: never a compile of the whole text once a version was compiled (documents.ts `view`). */
  const view = (params: { textDocument: { uri: string } }): Analysis => store.view(params.textDocument.uri, lang());

  /**
   * Hover, completion and definition never wait for a compile of a new version: until the
   * current version is compiled, a position in a top-level declaration no edit since touched is
   * answered from the last compiled version (documents.ts staleView), its positions moved into
   * the current text. A position in an edited declaration is answered from the current version's
   * request view (documents.ts `view`: compiled incrementally, only the edited declarations parsed
   * and checked again, those with syntax errors left out).
   */
  function answer<R>(p: { textDocument: { uri: string }; position: Position }, f: (a: Analysis, offset: number) => R): R {
    const cur = doc(p);
    const offset = offsetOf(cur, p.position);
    if (!cur.compiled) {
      const earlier = store.earlier(p.textDocument.uri);
      const stale = earlier && staleView(earlier, cur, offset);
      if (stale) return stale.result(f(stale.analysis, stale.offset));
    }
    return f(view(p), offset);
  }

  connection.onInitialize(
    guard('initialize', (params: InitializeParams): InitializeResult => {
      locale = params.locale;
      const init = (params.initializationOptions ?? {}) as Settings;
      settings = { ...settings, ...init };
      if (typeof init.diagnosticsDelay === 'number' && init.diagnosticsDelay >= 0) scheduler.setDelay(init.diagnosticsDelay);
      canPullConfiguration = !!params.capabilities.workspace?.configuration;
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          hoverProvider: true,
          completionProvider: { triggerCharacters: ['：', ':', '，', ',', '、', '｛', '{'], resolveProvider: false },
          definitionProvider: true,
          referencesProvider: true,
          renameProvider: { prepareProvider: true },
          documentSymbolProvider: true,
          documentFormattingProvider: true,
          semanticTokensProvider: { legend: LEGEND, full: true },
          foldingRangeProvider: true,
          codeActionProvider: {
            codeActionKinds: [CodeActionKind.QuickFix, KIND_PUNCTUATION],
          },
        },
        serverInfo: { name: SERVER_NAME, version: SERVER_VERSION },
      };
    }) as unknown as Parameters<Connection['onInitialize']>[0],
  );

  const pullConfiguration = async () => {
    if (!canPullConfiguration) return;
    try {
      const conf = (await connection.workspace.getConfiguration('policy')) as Settings | null;
      if (conf && typeof conf === 'object') {
        settings = { ...settings, ...(typeof conf.language === 'string' && { language: conf.language }) };
        if (typeof conf.diagnosticsDelay === 'number') scheduler.setDelay(conf.diagnosticsDelay);
        republishAll();
      }
    } catch (e) {
      log(`workspace/configuration failed: ${e}`);
    }
  };

  connection.onInitialized(() => {
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'policy' }).catch(() => undefined);
      void pullConfiguration();
    }
  });

  connection.onDidChangeConfiguration(
    guardNotification('didChangeConfiguration', (params: { settings?: { policy?: Settings } }) => {
      const pushed = params.settings?.policy;
      if (pushed && typeof pushed === 'object') {
        if (typeof pushed.language === 'string') settings = { ...settings, language: pushed.language };
        if (typeof pushed.diagnosticsDelay === 'number') scheduler.setDelay(pushed.diagnosticsDelay);
        republishAll();
      } else void pullConfiguration();
    }),
  );

  connection.onDidOpenTextDocument(
    guardNotification('didOpen', (p) => {
      store.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
      // An opened document is about to be asked everything (symbols, tokens, folding): compile it here, once.
      scheduler.cancel(p.textDocument.uri);
      setTimeout(() => publish(p.textDocument.uri, true), 0);
    }),
  );
  connection.onDidChangeTextDocument(
    guardNotification('didChange', (p) => {
      if (store.change(p.textDocument.uri, p.textDocument.version ?? 0, p.contentChanges)) scheduler.schedule(p.textDocument.uri);
    }),
  );
  connection.onDidCloseTextDocument(
    guardNotification('didClose', (p) => {
      store.close(p.textDocument.uri);
      scheduler.cancel(p.textDocument.uri);
      void connection.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] });
    }),
  );

  connection.onHover(
    guard('hover', (p) => {
      const a = doc(p);
      const offset = offsetOf(a, p.position);
      const h = answer(p, (x, o) => hover(x, o, lang()));
      const extra = mayAmend(a) ? amendmentHover(p.textDocument.uri, a.text, offset, lang(), neighbours(p.textDocument.uri)) : undefined;
      if (!extra) return h;
      const value = extra.join('\n\n');
      if (!h) return { contents: { kind: MarkupKind.Markdown, value } };
      const contents = h.contents as { kind: string; value: string };
      return { ...h, contents: { kind: MarkupKind.Markdown, value: `${value}\n\n---\n\n${contents.value}` } };
    }),
  );
  connection.onCompletion(guard('completion', (p) => answer(p, (a, offset) => completionList(a, offset, lang()))));
  connection.onDefinition(guard('definition', (p) => answer(p, (a, offset) => definition(a, offset))));
  connection.onReferences(
    guard('references', (p) => { const a = view(p); return references(a, offsetOf(a, p.position), p.context?.includeDeclaration ?? true); }),
  );
  connection.onPrepareRename(guard('prepareRename', (p) => { const a = view(p); return prepareRename(a, offsetOf(a, p.position), lang()); }));
  connection.onRenameRequest(guard('rename', (p) => { const a = view(p); return rename(a, offsetOf(a, p.position), p.newName, lang()); }));
  connection.onDocumentSymbol(guard('documentSymbol', (p) => documentSymbols(view(p), lang())));
  connection.onDocumentFormatting(guard('formatting', (p) => formatting(doc(p))));
  connection.languages.semanticTokens.on(guard('semanticTokens', (p) => semanticTokens(view(p))));
  connection.onFoldingRanges(guard('foldingRange', (p) => foldingRanges(view(p))));
  connection.onCodeAction(guard('codeAction', (p) => codeActions(view(p), p, lang())));
  // What this thread compiled (tests and benchmarks read it): compile() runs, those that parsed and
  // checked a whole text, and request views made with declarations that do not parse left out.
  connection.onRequest(
    'policy/stats',
    guard('policy/stats', () => ({ compilations: store.compilations, wholeFileCompiles: store.wholeFileCompiles, tolerantViews: store.tolerantViews })),
  );
  connection.onShutdown(() => {
    scheduler.dispose();
    worker?.dispose();
  });

  return {
    connection,
    store,
    lang,
    dispose: () => {
      scheduler.dispose();
      worker?.dispose();
    },
  };
}
