// The server's view of one document version: the compilation (from
// compile(), never re-done here) and its symbol table — every declaration and
// every name that refers to one, with ranges, filled by the checker's one
// resolver (compiler/symbols.ts). Definition, references, rename, hover,
// semantic tokens and document symbols all read this table; the server never
// resolves a name itself.
import type { IToken } from 'chevrotain';
import type * as A from '../grammar/ast.ts';
import { KEYWORDS, type KeywordSpec } from '../grammar/keywords.ts';
import type { Compilation } from '../compiler/index.ts';
import type { SymbolTable } from '../compiler/symbols.ts';
import { TextDocument } from 'vscode-languageserver-textdocument';

export { factKey, topKey, valueKey, type Occurrence, type PolicySymbol, type SymbolKind } from '../compiler/symbols.ts';

const fileUri = (path: string): string => new URL('file://' + path.split('/').map(encodeURIComponent).join('/')).href;

// ---- tokens and keywords ----

const KEYWORD_BY_ID = new Map<string, KeywordSpec>(KEYWORDS.map((k) => [k.id, k]));
export const keywordSpec = (tokenName: string): KeywordSpec | undefined => KEYWORD_BY_ID.get(tokenName);

/** Real tokens only (recovery may insert tokens with no position). */
export function realTokens(tokens: IToken[]): IToken[] {
  return tokens.filter((t) => Number.isFinite(t.startOffset) && !t.isInsertedInRecovery);
}

/** The token covering `offset` (a cursor just after a token counts). */
export function tokenAt(tokens: IToken[], offset: number): IToken | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  let found: IToken | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid]!;
    const end = (t.endOffset ?? t.startOffset) + 1;
    if (end < offset) lo = mid + 1;
    else if (t.startOffset > offset) hi = mid - 1;
    else {
      found = t;
      if (offset < end) return t;
      lo = mid + 1;
    }
  }
  return found;
}

/** Which spelling the file's keywords use: English only when most keyword tokens are English. */
export function keywordLanguage(tokens: IToken[]): 'zh' | 'en' {
  let zh = 0;
  let en = 0;
  for (const t of tokens) {
    const spec = KEYWORD_BY_ID.get(t.tokenType.name);
    if (!spec) continue;
    if (spec.en.includes(t.image)) en++;
    else zh++;
  }
  return en > zh ? 'en' : 'zh';
}

const HALF_PUNCT = /^[:;,(){}]$/;
const FULL_PUNCT = /^[：；，、（）｛｝]$/;
const PUNCT_TOKENS = new Set(['Colon', 'Semi', 'Comma', 'LParen', 'RParen', 'LBrace', 'RBrace']);

/** Whether the file mostly writes structural punctuation full-width (the default) or half-width. */
export function punctuationStyle(tokens: IToken[]): 'full' | 'half' {
  let full = 0;
  let half = 0;
  for (const t of tokens) {
    if (!PUNCT_TOKENS.has(t.tokenType.name)) continue;
    if (HALF_PUNCT.test(t.image)) half++;
    else if (FULL_PUNCT.test(t.image)) full++;
  }
  return half > full ? 'half' : 'full';
}

/**
 * A stretch of a version that a request view (DocumentStore.view) blanked because its top-level
 * declarations do not parse: what the lexer read there is kept, the tree has nothing there.
 */
export interface Blank {
  start: number;
  end: number;
  /** What the lexer read there, at offsets `shift` characters before the text's (a blank moved by later edits keeps them). */
  tokens: IToken[];
  comments: A.Comment[];
  shift: number;
  /** How many syntax errors the parser found there (when it parsed it). */
  errors: number;
}

/** One document version, analysed lazily: the compilation and the index are computed on first use. */
export class Analysis {
  private _compilation: Compilation | undefined;
  private _tokens: IToken[] | undefined;
  private _comments: A.Comment[] | undefined;
  /** In a request view, the stretches with syntax errors left out of its compilation (none otherwise). */
  blanks: readonly Blank[] = [];

  /**
   * A request view of `a`'s version: the same text and positions, answered from `compilation` (of
   * the text with `blanks` blanked), with the blanks' tokens and comments merged into its own.
   */
  static view(a: Analysis, compilation: Compilation, blanks: readonly Blank[], lexed: () => { tokens: IToken[]; comments: A.Comment[] }): Analysis {
    const v = new Analysis(a.uri, a.version, a.text, () => compilation, a.generation);
    v._compilation = compilation;
    v._lexed = lexed;
    v.blanks = blanks;
    return v;
  }
  private _lexed: (() => { tokens: IToken[]; comments: A.Comment[] }) | undefined;
  private lexedNow(): void {
    const l = this._lexed!();
    this._tokens = l.tokens;
    this._comments = l.comments;
    this._lexed = undefined;
  }

  /** A private snapshot: the store's documents are updated in place by later edits. */
  readonly doc: TextDocument;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    private readonly compileFn: (text: string) => Compilation,
    /** The document store's generation when this analysis was made (see DocumentStore.analysis). */
    readonly generation = 0,
  ) {
    this.doc = TextDocument.create(uri, 'policy', version, text);
  }

  private others = new Map<string, TextDocument>();

  /**
   * Where a name is: this document for an occurrence without a file, or an
   * imported file of the program (its URI and its own line/column positions).
   */
  locate(file: string | undefined, r: A.Range): { uri: string; range: ReturnType<Analysis['range']> } {
    if (file === undefined) return { uri: this.uri, range: this.range(r) };
    let doc = this.others.get(file);
    if (!doc) {
      const text = this.compilation.program.files.find((f) => f.path === file)?.text ?? '';
      doc = TextDocument.create(fileUri(file), 'policy', 0, text);
      this.others.set(file, doc);
    }
    return { uri: doc.uri, range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) } };
  }

  get compilation(): Compilation {
    this._compilation ??= this.compileFn(this.text);
    return this._compilation;
  }
  get compiled(): boolean {
    return this._compilation !== undefined;
  }
  /** The compilation's symbol table (the checker's resolutions). */
  get index(): SymbolTable {
    return this.compilation.model.symbols;
  }
  get tokens(): IToken[] {
    if (this._lexed) this.lexedNow();
    this._tokens ??= realTokens(this.compilation.parse.tokens);
    return this._tokens;
  }
  /** The comments (a view's include those of its blanks). */
  get comments(): A.Comment[] {
    if (this._lexed) this.lexedNow();
    return this._comments ?? this.compilation.parse.comments;
  }
  /** Whether the text in `[start, end)` lies in a blank (a view has no tree or names there). */
  blanked(start: number, end = start): boolean {
    return this.blanks.some((b) => b.start <= end && start <= b.end);
  }
  // Both scan every token: computed once per analysed version, not per request.
  private _keywordLang?: 'zh' | 'en';
  private _punctuation?: 'full' | 'half';
  get keywordLang(): 'zh' | 'en' {
    return (this._keywordLang ??= keywordLanguage(this.tokens));
  }
  get punctuation(): 'full' | 'half' {
    return (this._punctuation ??= punctuationStyle(this.tokens));
  }
  /** LSP position and range from UTF-16 offsets (the document's own line breaks: \n, \r\n, \r). */
  position(offset: number): { line: number; character: number } {
    return this.doc.positionAt(offset);
  }
  range(r: A.Range): { start: { line: number; character: number }; end: { line: number; character: number } } {
    return { start: this.doc.positionAt(r.start), end: this.doc.positionAt(r.end) };
  }
  offset(p: { line: number; character: number }): number {
    return this.doc.offsetAt(p);
  }
}
