// @ts-check
// VS Code client for the policy language server. It is dependency-free on
// purpose (no vscode-languageclient, no bundler): it spawns the server on
// stdio, speaks JSON-RPC with Content-Length framing itself, and maps the LSP
// answers onto VS Code's provider API.
'use strict';

const vscode = require('vscode');
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const LANGUAGE = 'policy';
const selector = [{ language: LANGUAGE }];

// ---------------------------------------------------------------- JSON-RPC

class Rpc {
  /**
   * @param {import('child_process').ChildProcess} child
   * @param {(line: string) => void} log
   * @param {boolean} trace
   */
  constructor(child, log, trace) {
    this.child = child;
    this.log = log;
    this.trace = trace;
    this.nextId = 1;
    /** @type {Map<number, {resolve: (v: any) => void, reject: (e: any) => void}>} */
    this.pending = new Map();
    /** @type {Map<string, (params: any) => any>} */
    this.requestHandlers = new Map();
    /** @type {Map<string, (params: any) => void>} */
    this.notificationHandlers = new Map();
    this.buffer = Buffer.alloc(0);
    this.closed = false;
    child.stdout.on('data', (chunk) => this.receive(chunk));
    child.on('exit', () => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(new Error('the policy language server stopped'));
      this.pending.clear();
    });
  }

  /** @param {Buffer} chunk */
  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length:\s*(\d+)/i.exec(header);
      if (!m) {
        this.buffer = this.buffer.subarray(headerEnd + 4);
        continue;
      }
      const length = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      let message;
      try {
        message = JSON.parse(body);
      } catch (e) {
        this.log(`bad message from the server: ${e}`);
        continue;
      }
      if (this.trace) this.log(`<-- ${body}`);
      this.dispatch(message);
    }
  }

  /** @param {any} message */
  dispatch(message) {
    if ('id' in message && ('result' in message || 'error' in message) && !('method' in message)) {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      if (message.error) {
        const err = new Error(message.error.message);
        // @ts-ignore
        err.code = message.error.code;
        p.reject(err);
      } else p.resolve(message.result);
      return;
    }
    if ('id' in message) {
      const handler = this.requestHandlers.get(message.method);
      Promise.resolve()
        .then(() => (handler ? handler(message.params) : Promise.reject(Object.assign(new Error(`unhandled ${message.method}`), { code: -32601 }))))
        .then(
          (result) => this.send({ jsonrpc: '2.0', id: message.id, result: result === undefined ? null : result }),
          (e) => this.send({ jsonrpc: '2.0', id: message.id, error: { code: e.code ?? -32603, message: String(e.message ?? e) } }),
        );
      return;
    }
    const handler = this.notificationHandlers.get(message.method);
    if (handler) {
      try {
        handler(message.params);
      } catch (e) {
        this.log(`${message.method} handler failed: ${e}`);
      }
    }
  }

  /** @param {any} message */
  send(message) {
    if (this.closed || !this.child.stdin || this.child.stdin.destroyed) return;
    const body = JSON.stringify(message);
    if (this.trace) this.log(`--> ${body}`);
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  }

  /**
   * @param {string} method
   * @param {any} params
   * @param {vscode.CancellationToken} [token]
   * @returns {Promise<any>}
   */
  request(method, params, token) {
    if (this.closed) return Promise.reject(new Error('the policy language server is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
      if (token) {
        token.onCancellationRequested(() => {
          if (this.pending.has(id)) this.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } });
        });
      }
    });
  }

  /** @param {string} method @param {any} params */
  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }
}

// ---------------------------------------------------------- conversions

/** @param {{line: number, character: number}} p */
const toPosition = (p) => new vscode.Position(p.line, p.character);
/** @param {{start: any, end: any}} r */
const toRange = (r) => new vscode.Range(toPosition(r.start), toPosition(r.end));
/** @param {vscode.Position} p */
const fromPosition = (p) => ({ line: p.line, character: p.character });
/** @param {vscode.Range} r */
const fromRange = (r) => ({ start: fromPosition(r.start), end: fromPosition(r.end) });

/** @param {any} contents */
function toMarkdown(contents) {
  if (contents === undefined || contents === null) return undefined;
  if (typeof contents === 'string') return new vscode.MarkdownString(contents);
  if (Array.isArray(contents)) {
    const md = new vscode.MarkdownString();
    for (const c of contents) {
      if (typeof c === 'string') md.appendMarkdown(c + '\n\n');
      else md.appendCodeblock(c.value, c.language);
    }
    return md;
  }
  if (contents.kind === 'markdown') return new vscode.MarkdownString(contents.value);
  if (contents.kind === 'plaintext') return new vscode.MarkdownString().appendText(contents.value);
  return new vscode.MarkdownString().appendCodeblock(contents.value, contents.language);
}

/** @param {any} edit */
function toWorkspaceEdit(edit) {
  const out = new vscode.WorkspaceEdit();
  if (!edit) return out;
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    for (const e of /** @type {any[]} */ (edits)) out.replace(vscode.Uri.parse(uri), toRange(e.range), e.newText);
  }
  for (const change of edit.documentChanges ?? []) {
    if (!change.textDocument) continue;
    for (const e of change.edits) out.replace(vscode.Uri.parse(change.textDocument.uri), toRange(e.range), e.newText);
  }
  return out;
}

/** LSP diagnostics behind VS Code's, for code action requests. */
const lspDiagnosticOf = new WeakMap();

/** @param {any} d */
function toDiagnostic(d) {
  const out = new vscode.Diagnostic(toRange(d.range), d.message, typeof d.severity === 'number' ? d.severity - 1 : vscode.DiagnosticSeverity.Error);
  if (d.code !== undefined) out.code = d.code;
  if (d.source) out.source = d.source;
  lspDiagnosticOf.set(out, d);
  return out;
}

/** @param {vscode.Diagnostic} d */
function fromDiagnostic(d) {
  const known = lspDiagnosticOf.get(d);
  if (known) return known;
  return { range: fromRange(d.range), message: d.message, severity: d.severity + 1, code: d.code, source: d.source };
}

/** @param {any} i */
function toCompletionItem(i) {
  const item = new vscode.CompletionItem(i.label, typeof i.kind === 'number' ? i.kind - 1 : undefined);
  if (i.detail) item.detail = i.detail;
  if (i.documentation) item.documentation = typeof i.documentation === 'string' ? i.documentation : toMarkdown(i.documentation);
  if (i.sortText) item.sortText = i.sortText;
  if (i.filterText) item.filterText = i.filterText;
  if (i.textEdit) {
    item.insertText = i.textEdit.newText;
    item.range = i.textEdit.range ? toRange(i.textEdit.range) : { inserting: toRange(i.textEdit.insert), replacing: toRange(i.textEdit.replace) };
  } else if (i.insertText) item.insertText = i.insertText;
  return item;
}

/** @param {any} s @returns {vscode.DocumentSymbol} */
function toDocumentSymbol(s) {
  const out = new vscode.DocumentSymbol(s.name, s.detail ?? '', s.kind - 1, toRange(s.range), toRange(s.selectionRange));
  out.children = (s.children ?? []).map(toDocumentSymbol);
  return out;
}

/** @param {any} l */
const toLocation = (l) => new vscode.Location(vscode.Uri.parse(l.uri), toRange(l.range));

/** @param {string | undefined} kind */
function toFoldingKind(kind) {
  if (kind === 'comment') return vscode.FoldingRangeKind.Comment;
  if (kind === 'imports') return vscode.FoldingRangeKind.Imports;
  if (kind === 'region') return vscode.FoldingRangeKind.Region;
  return undefined;
}

/** @param {any} a */
function toCodeAction(a) {
  const kind = a.kind ? vscode.CodeActionKind.Empty.append(a.kind) : undefined;
  const out = new vscode.CodeAction(a.title, kind);
  if (a.edit) out.edit = toWorkspaceEdit(a.edit);
  if (a.diagnostics) out.diagnostics = a.diagnostics.map(toDiagnostic);
  if (a.isPreferred) out.isPreferred = true;
  return out;
}

// ------------------------------------------------------------ the server

/** @param {vscode.WorkspaceConfiguration} config */
function serverCommand(config) {
  const custom = config.get('server.command');
  if (Array.isArray(custom) && custom.length > 0) return { command: String(custom[0]), args: custom.slice(1).map(String) };
  const win = process.platform === 'win32';
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = folder.uri.fsPath;
    const bin = path.join(root, 'node_modules', '.bin', win ? 'policy-lsp.cmd' : 'policy-lsp');
    if (fs.existsSync(bin)) return { command: bin, args: ['--stdio'], shell: win };
    const checkout = path.join(root, 'lsp', 'bin.js');
    if (fs.existsSync(checkout) && fs.existsSync(path.join(root, 'grammar', 'keywords.ts'))) return { command: 'node', args: [checkout, '--stdio'] };
  }
  // The extension folder inside a checkout (e.g. the extension development host).
  const sibling = path.join(__dirname, '..', 'bin.js');
  if (fs.existsSync(sibling)) return { command: 'node', args: [sibling, '--stdio'] };
  return { command: 'policy-lsp', args: ['--stdio'], shell: win };
}

function settings() {
  const config = vscode.workspace.getConfiguration('policy');
  return { language: config.get('language', 'auto'), diagnosticsDelay: config.get('diagnosticsDelay', 150) };
}

class PolicyClient {
  /** @param {vscode.ExtensionContext} context */
  constructor(context) {
    this.context = context;
    this.output = vscode.window.createOutputChannel('Policy Language Server');
    this.diagnostics = vscode.languages.createDiagnosticCollection(LANGUAGE);
    /** @type {Rpc | undefined} */
    this.rpc = undefined;
    /** @type {any} */
    this.capabilities = {};
    /** @type {Promise<void> | undefined} */
    this.ready = undefined;
    this.stopping = false;
    /** @type {number[]} */
    this.crashes = [];
    this.semanticTokensChanged = new vscode.EventEmitter();
  }

  /** @param {string} line */
  log(line) {
    this.output.appendLine(line);
  }

  start() {
    this.stopping = false;
    const config = vscode.workspace.getConfiguration('policy');
    const { command, args, shell } = serverCommand(config);
    this.log(`starting: ${command} ${args.join(' ')}`);
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    const child = spawn(command, args, { cwd, shell: !!shell, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr.on('data', (d) => this.output.append(String(d)));
    const rpc = new Rpc(child, (l) => this.log(l), config.get('trace.server', false));
    this.rpc = rpc;
    child.on('error', (e) => this.log(`could not start the server (${command}): ${e.message}. Set "policy.server.command".`));
    child.on('exit', (code, signal) => {
      this.log(`server exited (code ${code}, signal ${signal})`);
      if (this.rpc === rpc) this.rpc = undefined;
      if (this.stopping) return;
      const now = Date.now();
      this.crashes = [...this.crashes.filter((t) => now - t < 180000), now];
      if (this.crashes.length <= 5) this.ready = this.start();
      else vscode.window.showErrorMessage('The policy language server stopped 5 times in 3 minutes and will not be restarted.');
    });

    rpc.notificationHandlers.set('textDocument/publishDiagnostics', (p) => {
      this.diagnostics.set(vscode.Uri.parse(p.uri), p.diagnostics.map(toDiagnostic));
    });
    rpc.notificationHandlers.set('window/logMessage', (p) => this.log(p.message));
    rpc.notificationHandlers.set('window/showMessage', (p) => {
      if (p.type === 1) vscode.window.showErrorMessage(p.message);
      else if (p.type === 2) vscode.window.showWarningMessage(p.message);
      else vscode.window.showInformationMessage(p.message);
    });
    rpc.requestHandlers.set('workspace/configuration', (p) => p.items.map((/** @type {any} */ item) => (item.section === 'policy' || !item.section ? settings() : null)));
    rpc.requestHandlers.set('client/registerCapability', () => null);
    rpc.requestHandlers.set('client/unregisterCapability', () => null);
    rpc.requestHandlers.set('window/workDoneProgress/create', () => null);
    rpc.requestHandlers.set('workspace/applyEdit', async (p) => ({ applied: await vscode.workspace.applyEdit(toWorkspaceEdit(p.edit)) }));

    return rpc
      .request('initialize', {
        processId: process.pid,
        clientInfo: { name: 'policy-vscode', version: '0.1.0' },
        locale: vscode.env.language,
        rootUri: vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? null,
        workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => ({ uri: f.uri.toString(), name: f.name })),
        initializationOptions: settings(),
        capabilities: {
          workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, applyEdit: true },
          textDocument: {
            synchronization: { didSave: false, dynamicRegistration: false },
            publishDiagnostics: { relatedInformation: false, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] } },
            definition: {},
            references: {},
            rename: { prepareSupport: true },
            documentSymbol: { hierarchicalDocumentSymbolSupport: true },
            formatting: {},
            foldingRange: {},
            semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } }, isPreferredSupport: true },
          },
        },
      })
      .then((result) => {
        this.capabilities = result.capabilities ?? {};
        rpc.notify('initialized', {});
        for (const doc of vscode.workspace.textDocuments) this.didOpen(doc);
        this.semanticTokensChanged.fire(undefined);
      });
  }

  async stop() {
    this.stopping = true;
    const rpc = this.rpc;
    this.rpc = undefined;
    if (!rpc || rpc.closed) return;
    const done = new Promise((resolve) => rpc.child.once('exit', resolve));
    try {
      await Promise.race([rpc.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      rpc.notify('exit', null);
    } catch {
      // already gone
    }
    await Promise.race([done, new Promise((r) => setTimeout(r, 2000))]);
    if (!rpc.closed) rpc.child.kill();
  }

  async restart() {
    await this.stop();
    this.diagnostics.clear();
    this.ready = this.start();
    await this.ready;
  }

  /** @param {vscode.TextDocument} doc */
  didOpen(doc) {
    if (doc.languageId !== LANGUAGE || !this.rpc) return;
    this.rpc.notify('textDocument/didOpen', { textDocument: { uri: doc.uri.toString(), languageId: LANGUAGE, version: doc.version, text: doc.getText() } });
  }

  /** @param {vscode.TextDocumentChangeEvent} e */
  didChange(e) {
    if (e.document.languageId !== LANGUAGE || !this.rpc || e.contentChanges.length === 0) return;
    this.rpc.notify('textDocument/didChange', {
      textDocument: { uri: e.document.uri.toString(), version: e.document.version },
      contentChanges: e.contentChanges.map((c) => ({ range: fromRange(c.range), rangeLength: c.rangeLength, text: c.text })),
    });
  }

  /** @param {vscode.TextDocument} doc */
  didClose(doc) {
    if (doc.languageId !== LANGUAGE) return;
    this.diagnostics.delete(doc.uri);
    if (this.rpc) this.rpc.notify('textDocument/didClose', { textDocument: { uri: doc.uri.toString() } });
  }

  /**
   * A request about a document; undefined when the server is not there.
   * @param {string} method
   * @param {vscode.TextDocument} doc
   * @param {any} params
   * @param {vscode.CancellationToken} [token]
   */
  async request(method, doc, params, token) {
    await this.ready;
    if (!this.rpc) return undefined;
    try {
      return await this.rpc.request(method, { textDocument: { uri: doc.uri.toString() }, ...params }, token);
    } catch (e) {
      // @ts-ignore
      if (e && (e.code === -32800 || token?.isCancellationRequested)) return undefined;
      throw e;
    }
  }
}

// -------------------------------------------------------------- activate

/** @type {PolicyClient | undefined} */
let client;

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  const c = new PolicyClient(context);
  client = c;
  const subs = context.subscriptions;
  subs.push(c.output, c.diagnostics);
  subs.push(vscode.workspace.onDidOpenTextDocument((d) => c.didOpen(d)));
  subs.push(vscode.workspace.onDidChangeTextDocument((e) => c.didChange(e)));
  subs.push(vscode.workspace.onDidCloseTextDocument((d) => c.didClose(d)));
  subs.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('policy')) return;
      if (e.affectsConfiguration('policy.server.command')) void c.restart();
      else if (c.rpc) c.rpc.notify('workspace/didChangeConfiguration', { settings: { policy: settings() } });
    }),
  );
  subs.push(vscode.commands.registerCommand('policy.restartServer', () => c.restart()));

  subs.push(
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(doc, position, token) {
        const h = await c.request('textDocument/hover', doc, { position: fromPosition(position) }, token);
        if (!h) return undefined;
        const md = toMarkdown(h.contents);
        return md ? new vscode.Hover(md, h.range ? toRange(h.range) : undefined) : undefined;
      },
    }),
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        async provideCompletionItems(doc, position, token) {
          const r = await c.request('textDocument/completion', doc, { position: fromPosition(position) }, token);
          if (!r) return undefined;
          const items = Array.isArray(r) ? r : r.items;
          return new vscode.CompletionList(items.map(toCompletionItem), Array.isArray(r) ? false : !!r.isIncomplete);
        },
      },
      '：', ':', '，', ',', '、', '｛', '{',
    ),
    vscode.languages.registerDefinitionProvider(selector, {
      async provideDefinition(doc, position, token) {
        const r = await c.request('textDocument/definition', doc, { position: fromPosition(position) }, token);
        if (!r) return undefined;
        return (Array.isArray(r) ? r : [r]).map(toLocation);
      },
    }),
    vscode.languages.registerReferenceProvider(selector, {
      async provideReferences(doc, position, context, token) {
        const r = await c.request('textDocument/references', doc, { position: fromPosition(position), context: { includeDeclaration: context.includeDeclaration } }, token);
        return r ? r.map(toLocation) : undefined;
      },
    }),
    vscode.languages.registerRenameProvider(selector, {
      async prepareRename(doc, position, token) {
        const r = await c.request('textDocument/prepareRename', doc, { position: fromPosition(position) }, token);
        if (!r) return undefined;
        return 'range' in r ? { range: toRange(r.range), placeholder: r.placeholder } : toRange(r);
      },
      async provideRenameEdits(doc, position, newName, token) {
        const r = await c.request('textDocument/rename', doc, { position: fromPosition(position), newName }, token);
        return r ? toWorkspaceEdit(r) : undefined;
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(selector, {
      async provideDocumentSymbols(doc, token) {
        const r = await c.request('textDocument/documentSymbol', doc, {}, token);
        return r ? r.map(toDocumentSymbol) : undefined;
      },
    }),
    vscode.languages.registerDocumentFormattingEditProvider(selector, {
      async provideDocumentFormattingEdits(doc, options, token) {
        const r = await c.request('textDocument/formatting', doc, { options: { tabSize: options.tabSize, insertSpaces: options.insertSpaces } }, token);
        return r ? r.map((/** @type {any} */ e) => vscode.TextEdit.replace(toRange(e.range), e.newText)) : undefined;
      },
    }),
    vscode.languages.registerFoldingRangeProvider(selector, {
      async provideFoldingRanges(doc, _context, token) {
        const r = await c.request('textDocument/foldingRange', doc, {}, token);
        return r ? r.map((/** @type {any} */ f) => new vscode.FoldingRange(f.startLine, f.endLine, toFoldingKind(f.kind))) : undefined;
      },
    }),
    vscode.languages.registerCodeActionsProvider(
      selector,
      {
        async provideCodeActions(doc, range, context, token) {
          const only = context.only ? [context.only.value] : undefined;
          const r = await c.request(
            'textDocument/codeAction',
            doc,
            { range: fromRange(range), context: { diagnostics: context.diagnostics.map(fromDiagnostic), ...(only && { only }) } },
            token,
          );
          return r ? r.filter((/** @type {any} */ a) => !a.command || a.edit).map(toCodeAction) : undefined;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.Source.append('normalizePunctuation')] },
    ),
  );

  // Semantic tokens: the legend is the server's, which is known only after initialize.
  const legendTypes = ['keyword', 'string', 'number', 'comment', 'operator', 'enum', 'enumMember', 'class', 'property', 'variable', 'parameter', 'function', 'namespace', 'type'];
  const legend = new vscode.SemanticTokensLegend(legendTypes, ['declaration', 'readonly']);
  subs.push(
    vscode.languages.registerDocumentSemanticTokensProvider(
      selector,
      {
        onDidChangeSemanticTokens: c.semanticTokensChanged.event,
        async provideDocumentSemanticTokens(doc, token) {
          const r = await c.request('textDocument/semanticTokens/full', doc, {}, token);
          if (!r) return undefined;
          const server = c.capabilities.semanticTokensProvider?.legend;
          const data = remapTokenTypes(r.data, server?.tokenTypes ?? legendTypes, legendTypes);
          return new vscode.SemanticTokens(data, r.resultId);
        },
      },
      legend,
    ),
  );

  c.ready = c.start();
  return { client: c };
}

/**
 * Maps the server's token type indices onto the client's legend (they are equal
 * unless the server changed its legend; unknown types become 'keyword').
 * @param {number[]} data @param {string[]} from @param {string[]} to
 */
function remapTokenTypes(data, from, to) {
  const out = new Uint32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    if (i % 5 === 3) {
      const index = to.indexOf(from[data[i]] ?? '');
      out[i] = index < 0 ? 0 : index;
    } else out[i] = data[i];
  }
  return out;
}

async function deactivate() {
  if (client) await client.stop();
  client = undefined;
}

module.exports = { activate, deactivate, Rpc, serverCommand };
