// Open documents and their analyses. Text is kept per version (full or
// incremental sync); an analysis is created for a version only when something
// asks for it, and compiles only on first use, so a burst of edits never
// queues up compilations of versions nobody will look at.
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import { compile, type Compilation } from '../compiler/index.ts';
import { Analysis } from './analysis.ts';
import { t, type Lang } from './i18n.ts';

export class DocumentStore {
  private docs = new Map<string, TextDocument>();
  private cache = new Map<string, Analysis>();
  /** How many compilations ran (tests and benchmarks read it). */
  compilations = 0;

  constructor(private readonly compileFn: (text: string) => Compilation = compile) {}

  open(uri: string, languageId: string, version: number, text: string): void {
    this.docs.set(uri, TextDocument.create(uri, languageId, version, text));
    this.cache.delete(uri);
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): boolean {
    const doc = this.docs.get(uri);
    if (!doc) return false;
    this.docs.set(uri, TextDocument.update(doc, changes, version));
    return true;
  }

  close(uri: string): void {
    this.docs.delete(uri);
    this.cache.delete(uri);
  }

  has(uri: string): boolean {
    return this.docs.has(uri);
  }

  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }

  uris(): string[] {
    return [...this.docs.keys()];
  }

  /** The analysis of the document's current version; an unknown document is an InvalidParams error. */
  analysis(uri: string, lang: Lang = 'zh'): Analysis {
    const doc = this.docs.get(uri);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, t('lsp.error.unknownDocument', lang, { uri: String(uri) }));
    const cached = this.cache.get(uri);
    if (cached && cached.version === doc.version) return cached;
    const a = new Analysis(uri, doc.version, doc.getText(), (text) => {
      this.compilations++;
      return this.compileFn(text);
    });
    this.cache.set(uri, a);
    return a;
  }
}
