// Just enough of the `vscode` module for lsp/vscode/extension.js to run in a
// test: providers and diagnostics are recorded so a test can call them the way
// VS Code would.
/* eslint-disable @typescript-eslint/no-explicit-any */

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  constructor(
    readonly start: Position,
    readonly end: Position,
  ) {}
}

export class MarkdownString {
  constructor(public value = '') {}
  appendMarkdown(s: string) {
    this.value += s;
    return this;
  }
  appendText(s: string) {
    this.value += s;
    return this;
  }
  appendCodeblock(v: string, lang = '') {
    this.value += `\n\`\`\`${lang}\n${v}\n\`\`\`\n`;
    return this;
  }
}

export class Hover {
  constructor(
    readonly contents: MarkdownString,
    readonly range?: Range,
  ) {}
}

export class CompletionItem {
  detail?: string;
  documentation?: unknown;
  sortText?: string;
  filterText?: string;
  insertText?: string;
  range?: unknown;
  constructor(
    readonly label: string,
    readonly kind?: number,
  ) {}
}

export class CompletionList {
  constructor(
    readonly items: CompletionItem[],
    readonly isIncomplete: boolean,
  ) {}
}

export class Location {
  constructor(
    readonly uri: { toString(): string },
    readonly range: Range,
  ) {}
}

export class WorkspaceEdit {
  readonly edits: { uri: string; range: Range; newText: string }[] = [];
  replace(uri: { toString(): string }, range: Range, newText: string) {
    this.edits.push({ uri: uri.toString(), range, newText });
  }
}

export const TextEdit = { replace: (range: Range, newText: string) => ({ range, newText }) };

export class DocumentSymbol {
  children: DocumentSymbol[] = [];
  constructor(
    readonly name: string,
    readonly detail: string,
    readonly kind: number,
    readonly range: Range,
    readonly selectionRange: Range,
  ) {}
}

export class FoldingRange {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly kind?: number,
  ) {}
}
export const FoldingRangeKind = { Comment: 1, Imports: 2, Region: 3 };

export class CodeActionKind {
  static Empty = new CodeActionKind('');
  static QuickFix = new CodeActionKind('quickfix');
  static Source = new CodeActionKind('source');
  constructor(readonly value: string) {}
  append(part: string) {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
}

export class CodeAction {
  edit?: WorkspaceEdit;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  constructor(
    readonly title: string,
    readonly kind?: CodeActionKind,
  ) {}
}

export class Diagnostic {
  code?: string | number;
  source?: string;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: number,
  ) {}
}
export const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 };

export class SemanticTokensLegend {
  constructor(
    readonly tokenTypes: string[],
    readonly tokenModifiers: string[],
  ) {}
}
export class SemanticTokens {
  constructor(
    readonly data: Uint32Array,
    readonly resultId?: string,
  ) {}
}

export class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T) {
    for (const l of this.listeners) l(e);
  }
}

export const Uri = {
  parse: (s: string) => ({ toString: () => s, fsPath: decodeURIComponent(s.replace(/^file:\/\//, '')) }),
};

export interface FakeDocument {
  uri: { toString(): string; fsPath: string };
  languageId: string;
  version: number;
  getText(): string;
}

export function createVscodeMock(config: Record<string, unknown>) {
  const providers: Record<string, any> = {};
  const diagnostics = new Map<string, Diagnostic[]>();
  const diagnosticsChanged = new EventEmitter<string>();
  const opened = new EventEmitter<FakeDocument>();
  const changed = new EventEmitter<{ document: FakeDocument; contentChanges: { range: Range; rangeLength: number; text: string }[] }>();
  const closed = new EventEmitter<FakeDocument>();
  const configChanged = new EventEmitter<{ affectsConfiguration(s: string): boolean }>();
  const output: string[] = [];
  const commands: Record<string, () => unknown> = {};
  const register = (name: string) => (_selector: unknown, provider: unknown, ...rest: unknown[]) => {
    providers[name] = provider;
    providers[name + ':extra'] = rest;
    return { dispose: () => undefined };
  };
  const vscode = {
    Position, Range, MarkdownString, Hover, CompletionItem, CompletionList, Location, WorkspaceEdit, TextEdit, DocumentSymbol,
    FoldingRange, FoldingRangeKind, CodeActionKind, CodeAction, Diagnostic, DiagnosticSeverity, SemanticTokensLegend, SemanticTokens,
    EventEmitter, Uri,
    env: { language: 'zh-cn' },
    languages: {
      registerHoverProvider: register('hover'),
      registerCompletionItemProvider: register('completion'),
      registerDefinitionProvider: register('definition'),
      registerReferenceProvider: register('references'),
      registerRenameProvider: register('rename'),
      registerDocumentSymbolProvider: register('symbols'),
      registerDocumentFormattingEditProvider: register('formatting'),
      registerFoldingRangeProvider: register('folding'),
      registerCodeActionsProvider: register('codeActions'),
      registerDocumentSemanticTokensProvider: register('semanticTokens'),
      createDiagnosticCollection: () => ({
        set: (uri: { toString(): string }, list: Diagnostic[]) => {
          diagnostics.set(uri.toString(), list);
          diagnosticsChanged.fire(uri.toString());
        },
        delete: (uri: { toString(): string }) => diagnostics.delete(uri.toString()),
        clear: () => diagnostics.clear(),
        dispose: () => undefined,
      }),
    },
    workspace: {
      textDocuments: [] as FakeDocument[],
      workspaceFolders: undefined as undefined | { uri: { fsPath: string; toString(): string }; name: string }[],
      getConfiguration: (section: string) => ({
        get: (key: string, fallback?: unknown) => (`${section}.${key}` in config ? config[`${section}.${key}`] : fallback),
      }),
      onDidOpenTextDocument: opened.event,
      onDidChangeTextDocument: changed.event,
      onDidCloseTextDocument: closed.event,
      onDidChangeConfiguration: configChanged.event,
      applyEdit: async () => true,
    },
    window: {
      createOutputChannel: () => ({ appendLine: (l: string) => output.push(l), append: (s: string) => output.push(s), dispose: () => undefined }),
      showErrorMessage: (m: string) => output.push(`error: ${m}`),
      showWarningMessage: (m: string) => output.push(`warning: ${m}`),
      showInformationMessage: (m: string) => output.push(`info: ${m}`),
    },
    commands: {
      registerCommand: (id: string, fn: () => unknown) => {
        commands[id] = fn;
        return { dispose: () => undefined };
      },
    },
  };
  return { vscode, providers, diagnostics, diagnosticsChanged, opened, changed, closed, configChanged, output, commands };
}

/** A cancellation token that is never cancelled. */
export const noCancel = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
