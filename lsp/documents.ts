// Open documents and their analyses. Text is kept per version (full or
// incremental sync); an analysis is created for a version only when something
// asks for it, and compiles only on first use, so a burst of edits never
// queues up compilations of versions nobody will look at.
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import { carried, compile, type Compilation, type CompileOptions } from '../compiler/index.ts';
import { memoryHost, type CompilerHost } from '../compiler/program.ts';
import { Analysis } from './analysis.ts';
import { diffEdit, reparseWithReuse, type TextEdit } from '../grammar/incremental.ts';
import { t, type Lang } from './i18n.ts';

/** How many intermediate texts a document keeps between compilations. */
const HISTORY = 64;

/**
 * The last compilation's parse carried through the intermediate texts, one edit at a time (parsing
 * only), with the checker's records of the declarations no edit touched (compiler/check/memo.ts).
 */
function chain(last: Compilation, texts: string[]): Compilation {
  let parse = last.parse;
  let text = last.text;
  let memo = last.program.memo;
  for (const t of texts) {
    const next = reparseWithReuse(parse, text, t);
    // A version with a syntax error is skipped: the next diff then spans both edits.
    if (next) {
      memo = memo && carried(memo, text, parse.file.decls, t, next.parse.file, next.reuse);
      parse = next.parse;
      text = t;
    }
  }
  if (parse === last.parse) return last;
  const { memo: _old, ...program } = last.program;
  return { ...last, parse, text, program: { ...program, ...(memo && { memo }) } };
}

export class DocumentStore {
  private docs = new Map<string, TextDocument>();
  private cache = new Map<string, Analysis>();
  /** Each document's latest compilation (of whichever version compiled last). */
  private last = new Map<string, Compilation>();
  /**
   * The texts a document went through since its last compilation (at most HISTORY): re-parsing
   * from one to the next touches only each edit's declarations, where one diff from the last
   * compiled text to the current one would span everything between far-apart edits.
   */
  private history = new Map<string, { version: number; text: string }[]>();
  /** How many compilations ran (tests and benchmarks read it). */
  compilations = 0;
  /** Each document's most recently compiled analysis (of whichever version). */
  private compiled = new Map<string, Analysis>();
  /** Bumped by every open, change and close: an analysis of a program of several files is stale once it moves. */
  private generation = 0;

  constructor(
    private readonly compileFn: (text: string, options?: CompileOptions) => Compilation = compile,
    /** Files that are not open (the Node server reads the disk; a browser page has none). */
    private readonly readFile: (path: string) => string | undefined = () => undefined,
  ) {}

  /**
   * The host a document's imports are read through: open documents first
   * (their unsaved text), then `readFile`.
   */
  host(): CompilerHost {
    const open = new Map<string, string>();
    for (const [uri, doc] of this.docs) {
      const path = uriPath(uri);
      if (path) open.set(path, doc.getText());
    }
    const mem = memoryHost(open);
    return { readFile: (path) => mem.readFile(path) ?? this.readFile(path) };
  }

  /** The open documents' texts by path (what a worker compiling a program of several files reads first). */
  openFiles(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [uri, doc] of this.docs) {
      const path = uriPath(uri);
      if (path) out[path] = doc.getText();
    }
    return out;
  }

  open(uri: string, languageId: string, version: number, text: string): void {
    this.docs.set(uri, TextDocument.create(uri, languageId, version, text));
    this.cache.delete(uri);
    this.generation++;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): boolean {
    const doc = this.docs.get(uri);
    if (!doc) return false;
    this.docs.set(uri, TextDocument.update(doc, changes, version));
    this.generation++;
    const h = this.history.get(uri) ?? [];
    if (h.length < HISTORY) h.push({ version, text: this.docs.get(uri)!.getText() });
    this.history.set(uri, h);
    return true;
  }

  close(uri: string): void {
    this.compiled.delete(uri);
    this.docs.delete(uri);
    this.cache.delete(uri);
    this.generation++;
    this.last.delete(uri);
    this.history.delete(uri);
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

  /** The most recently compiled analysis of a document, if it is not the current version's. */
  earlier(uri: string): Analysis | undefined {
    const a = this.compiled.get(uri);
    return a && a.version !== this.docs.get(uri)?.version ? a : undefined;
  }

  /** The analysis of the document's current version; an unknown document is an InvalidParams error. */
  analysis(uri: string, lang: Lang = 'zh'): Analysis {
    const doc = this.docs.get(uri);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, t('lsp.error.unknownDocument', lang, { uri: String(uri) }));
    const cached = this.cache.get(uri);
    // A document importing others is stale once any document moved (it may be one it imports).
    const fresh = (c: Analysis) => c.generation === this.generation || (c.compiled && c.compilation.program.files.length <= 1);
    if (cached && cached.version === doc.version && fresh(cached)) return cached;
    const path = uriPath(uri);
    const version = doc.version; // the store's document is updated in place by later edits
    const a: Analysis = new Analysis(
      uri,
      doc.version,
      doc.getText(),
      (text) => {
        this.compilations++;
        // The last compilation lets compile() re-parse only what the edits since then touched.
        const last = this.last.get(uri);
        const h = this.history.get(uri) ?? [];
        const upTo = h.filter((e) => e.version <= version);
        this.history.set(uri, h.filter((e) => e.version > version));
        const previous = last && chain(last, upTo.map((e) => e.text));
        const c = path ? this.compileFn(text, { path, host: this.host(), previous }) : this.compileFn(text, { previous });
        this.last.set(uri, c);
        if ((this.compiled.get(uri)?.version ?? -Infinity) <= version) this.compiled.set(uri, a);
        return c;
      },
      this.generation,
    );
    this.cache.set(uri, a);
    return a;
  }
}

/**
 * A request about the current version answered from an earlier compiled one: `offset` is the
 * position in the earlier text, and `result` moves the positions of an answer back into the
 * current text. Only for positions in a top-level declaration the edits since did not touch (its
 * text is the same), so the answer is that of the earlier version — at most the edits behind.
 */
export interface StaleView {
  analysis: Analysis;
  offset: number;
  result<T>(r: T): T;
}

/**
 * The edit from an earlier analysed text to a later one. The diff scans both texts (O(document)):
 * it is made once per pair of versions, not once per request, so a hover or a completion answered
 * from the earlier version costs the same in a long document as in a short one.
 */
const edits = new WeakMap<Analysis, { from: Analysis; edit: TextEdit }>();
function editSince(earlier: Analysis, current: Analysis): TextEdit {
  const known = edits.get(current);
  if (known?.from === earlier) return known.edit;
  const edit = diffEdit(earlier.text, current.text);
  edits.set(current, { from: earlier, edit });
  return edit;
}

export function staleView(earlier: Analysis, current: Analysis, offset: number): StaleView | undefined {
  if (earlier.uri !== current.uri || !earlier.compiled) return undefined;
  const edit = editSince(earlier, current);
  const delta = edit.newEnd - edit.oldEnd;
  const old = offset <= edit.start ? offset : offset >= edit.newEnd ? offset - delta : undefined;
  if (old === undefined) return undefined;
  // The declaration around the position must lie wholly outside the edited stretch.
  const decls = earlier.compilation.parse.file.decls;
  let lo = 0;
  let hi = decls.length - 1;
  let inside: { start: number; end: number } | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = decls[mid]!.range;
    if (r.end < old) lo = mid + 1;
    else if (r.start > old) hi = mid - 1;
    else {
      inside = r;
      break;
    }
  }
  if (!inside || (inside.end >= edit.start && inside.start <= edit.oldEnd)) return undefined;
  if (earlier.compilation.parse.errors.length) return undefined;
  const move = (p: { line: number; character: number }) => {
    const o = earlier.doc.offsetAt(p);
    return current.doc.positionAt(o <= edit.start ? o : o >= edit.oldEnd ? o + delta : edit.start);
  };
  // An object met again (every completion item's edit shares one range) is moved once.
  const moved = new Map<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (!v || typeof v !== 'object') return v;
    const again = moved.get(v);
    if (again !== undefined) return again;
    let out: unknown;
    if (Array.isArray(v)) out = v.map(walk);
    else {
      const o = v as Record<string, unknown>;
      if (typeof o['uri'] === 'string' && o['uri'] !== current.uri) out = v;
      else if (typeof o['line'] === 'number' && typeof o['character'] === 'number' && Object.keys(o).length === 2) out = move(o as { line: number; character: number });
      else {
        const copy: Record<string, unknown> = {};
        for (const k in o) copy[k] = walk(o[k]);
        out = copy;
      }
    }
    moved.set(v, out);
    return out;
  };
  return { analysis: earlier, offset: old, result: (r) => { moved.clear(); return walk(r) as typeof r; } };
}

/** The path of a file: URI (`file:///a/b.policy` → `/a/b.policy`); undefined for other schemes. */
export function uriPath(uri: string): string | undefined {
  if (!uri.startsWith('file://')) return undefined;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return undefined;
  }
}

/** The file: URI of a path. */
export function pathUri(path: string): string {
  return new URL('file://' + path.split('/').map(encodeURIComponent).join('/')).href;
}
