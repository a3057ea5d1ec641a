// Open documents and their analyses. Text is kept per version (full or
// incremental sync); an analysis is created for a version only when something
// asks for it, and compiles only on first use, so a burst of edits never
// queues up compilations of versions nobody will look at.
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import { carried, compile, type Compilation, type CompileOptions } from '../compiler/index.ts';
import { memoryHost, type CompilerHost } from '../compiler/program.ts';
import { Analysis, type Blank } from './analysis.ts';
import type { IToken } from 'chevrotain';
import type * as A from '../grammar/ast.ts';
import { lex, parse } from '../grammar/index.ts';
import { diffEdit, lowerBound, reparseWithReuse, type TextEdit } from '../grammar/incremental.ts';
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
  /**
   * How many of them parsed and checked the whole text on this thread: compile() with no previous
   * compilation it could re-parse from (the first of a document, or a version with a syntax error
   * in the edited declarations). The server reports it (`policy/stats`); tests assert on it.
   */
  wholeFileCompiles = 0;
  /** Request views made by blanking declarations with syntax errors (see `view`). */
  tolerantViews = 0;
  /** Each document's last request view with blanked declarations (see `view`). */
  private bases = new Map<string, ViewBase>();
  /** Each analysis's request view, once made. */
  private views = new WeakMap<Analysis, Analysis>();
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
    this.bases.delete(uri);
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
        const previous = this.previous(uri, version, text);
        if (previous?.text !== text) this.wholeFileCompiles++;
        const c = this.compileFn(text, { ...this.options(uri), previous });
        this.last.set(uri, c);
        // An exact compilation is a better start for the next view than a view with blanks.
        this.bases.delete(uri);
        if ((this.compiled.get(uri)?.version ?? -Infinity) <= version) this.compiled.set(uri, a);
        return c;
      },
      this.generation,
    );
    this.cache.set(uri, a);
    return a;
  }

  private options(uri: string): CompileOptions {
    const path = uriPath(uri);
    return path ? { path, host: this.host() } : {};
  }

  /**
   * The last compilation carried through the texts since, up to `text` (parsing only): its text is
   * `text` when every step re-parsed just the edited declarations, so that compile() of `text` from
   * it parses nothing again; it stays at the last text that parsed that way otherwise. The result
   * is kept as the next start (compile() reads only its parse, text and checker records).
   */
  private previous(uri: string, version: number, text: string): Compilation | undefined {
    return this.since(uri, version, text).previous;
  }

  /** `previous`, with the texts it went through (the last is `text`). */
  private since(uri: string, version: number, text: string): { previous: Compilation | undefined; texts: string[] } {
    const last = this.last.get(uri);
    const h = this.history.get(uri) ?? [];
    const texts = h.filter((e) => e.version <= version).map((e) => e.text);
    this.history.set(uri, h.filter((e) => e.version > version));
    if (texts[texts.length - 1] !== text) texts.push(text);
    if (!last) return { previous: undefined, texts };
    // grammar/incremental.ts re-parses from a text with syntax errors only a stretch holding them
    // all: when they lie far apart that is a parse of (nearly) the whole text, with recovery at
    // every error — not tried here (a request view blanks them; a compile parses the text once).
    const errors = last.parse.errors;
    if (errors.length > ERROR_LIMIT || (errors.length && errors[errors.length - 1]!.range.end - errors[0]!.range.start > PARSE_LIMIT)) return { previous: last, texts };
    const c = chain(last, texts);
    this.last.set(uri, c);
    return { previous: c, texts };
  }

  /**
   * What requests about the document's current version read, never parsing and checking the whole
   * text on this thread once an earlier version has been compiled: the version's own compilation
   * when it is compiled already or compile() can re-parse it from the last one (only the edited
   * declarations); otherwise — an edit left a syntax error — a view of the text with the top-level
   * declarations that do not parse blanked out (spaces, line breaks kept, so every offset and
   * position is the text's own), compiled from the previous view or compilation, again re-parsing
   * only the edited declarations. Every other declaration is answered as compile() of the text
   * would answer it if the broken ones were not there; the blanked stretches keep their tokens and
   * comments (completion reads where the cursor is from them) but have no tree, names or
   * diagnostics (`Analysis.blanks` lists them).
   */
  view(uri: string, lang: Lang = 'zh'): Analysis {
    const a = this.analysis(uri, lang);
    if (a.compiled) return a;
    const known = this.views.get(a);
    if (known) return known;
    const { previous, texts } = this.since(uri, a.version, a.text);
    if (!previous || previous.text === a.text) {
      void a.compilation;
      return a;
    }
    // From the last view through every text since (each step re-parses only its edit), or from
    // the last text that re-parsed through the texts after it.
    let base = this.bases.get(uri);
    let steps = texts;
    const fresh = !base;
    if (!base) {
      base = baseOf(previous);
      steps = texts.slice(texts.lastIndexOf(previous.text) + 1);
    }
    const made = this.tolerant(uri, a, base, steps, fresh);
    this.views.set(a, made);
    return made;
  }

  /** `fresh`: the base is the last compilation carried through texts (its model is of an older text): compile anyway. */
  private tolerant(uri: string, a: Analysis, base: ViewBase, texts: string[], fresh: boolean): Analysis {
    let next: Step = base;
    const blanked: string[] = [];
    for (const t of texts) {
      next = advance(next, t);
      blanked.push(next.blanked);
    }
    let c = base.compilation;
    if (fresh || next.blanked !== c.text) {
      this.compilations++;
      // From the base, re-parsing only what each step changed (the blanks are carried in place).
      const from = chain(c, blanked);
      if (from.text !== next.blanked) this.wholeFileCompiles++;
      c = this.compileFn(next.blanked, { ...this.options(uri), previous: from });
    }
    this.tolerantViews++;
    this.bases.set(uri, { ...next, compilation: c });
    // The blanks' tokens are put in place only when a request reads the tokens (a hover on a name does not).
    return Analysis.view(a, c, next.blanks, () => mergeBlanks(c.parse.tokens, c.parse.comments, next.blanks));
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

// ---- request views with blanked declarations (DocumentStore.view) ----

/** A text on the way to a view: the text, the text as it is compiled, its blanks and the ranges of its top-level declarations. */
interface Step {
  text: string;
  blanked: string;
  /**
   * The stretches blanked in `blanked`; in the base made from a compilation with syntax errors
   * (`baseOf`), the stretches around its errors, which the first step blanks.
   */
  blanks: Blank[];
  /** The top-level declarations of `blanked` (none in a blank). */
  decls: readonly A.Range[];
}

/** A document's last view, with the compilation of its blanked text. */
interface ViewBase extends Step {
  compilation: Compilation;
}

/**
 * A view blanks a stretch without parsing it when it is longer than this, or when the blanks it
 * takes in held more than ERROR_LIMIT syntax errors: the parser's recovery costs about a quarter of
 * a millisecond per error, so a view never re-parses much of a long or densely broken file (such a
 * stretch stays blanked, its tokens lexed, until compile() parses the text again).
 */
const PARSE_LIMIT = 20_000;
const ERROR_LIMIT = 100;

/** `text` with every blank's characters but line breaks replaced by spaces (offsets and lines kept). */
function blankOut(text: string, blanks: readonly Blank[]): string {
  if (!blanks.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const b of blanks) {
    const seg = text.slice(b.start, b.end);
    parts.push(text.slice(at, b.start), /[\r\n]/.test(seg) ? seg.replace(/[^\r\n]+/g, (m) => ' '.repeat(m.length)) : ' '.repeat(seg.length));
    at = b.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}


const realToken = (t: IToken): boolean => Number.isFinite(t.startOffset) && !t.isInsertedInRecovery;
const moveToken = (t: IToken, d: number): IToken => (d ? { ...t, startOffset: t.startOffset + d, endOffset: (t.endOffset ?? t.startOffset) + d } : t);
const moveComment = (c: A.Comment, d: number): A.Comment => (d ? { ...c, range: { start: c.range.start + d, end: c.range.end + d } } : c);
const moveBlank = (b: Blank, d: number): Blank =>
  d ? { ...b, start: b.start + d, end: b.end + d, shift: b.shift + d } : b;

/**
 * The view base of a compilation: itself, and, when it has syntax errors, the stretches between the
 * declarations around each error, which the first view blanks.
 */
function baseOf(c: Compilation): ViewBase {
  const decls = c.parse.file.decls;
  const spans: { start: number; end: number; errors: number }[] = [];
  for (const e of c.parse.errors) {
    // From the end of the last declaration ending before the error to the start of the first starting after it.
    const lo = lowerBound(decls, e.range.start + 1, (d) => d.range.end);
    const hi = lowerBound(decls, Math.max(e.range.end, e.range.start + 1), (d) => d.range.start);
    const start = Math.min(lo > 0 ? decls[lo - 1]!.range.end : 0, e.range.start);
    const end = Math.max(hi < decls.length ? decls[hi]!.range.start : c.text.length, e.range.end);
    const prev = spans[spans.length - 1];
    if (prev && start <= prev.end) {
      prev.end = Math.max(prev.end, end);
      prev.errors++;
    } else spans.push({ start, end, errors: 1 });
  }
  if (!spans.length) return { text: c.text, blanked: c.text, blanks: [], decls: decls.map((d) => d.range), compilation: c };
  const tokens = c.parse.tokens.filter(realToken);
  const comments = c.parse.comments;
  const blanks = spans.map((s) => ({
    ...s,
    tokens: tokens.slice(lowerBound(tokens, s.start, (t) => t.startOffset), lowerBound(tokens, s.end, (t) => t.startOffset)),
    comments: comments.slice(lowerBound(comments, s.start, (x) => x.range.start), lowerBound(comments, s.end, (x) => x.range.start)),
    shift: 0,
  }));
  return { text: c.text, blanked: c.text, blanks, decls: decls.map((d) => d.range), compilation: c };
}

/**
 * The next view's text and blanks for `text`: the base's blanks away from the edit are kept (moved
 * by it); the top-level declarations of the base the edit touches, with any blank they meet, are
 * parsed again on their own and blanked when they do not parse.
 */
function advance(base: Step, text: string): Step {
  const e = diffEdit(base.text, text);
  const delta = e.newEnd - e.oldEnd;
  const decls = base.decls;
  // As grammar/incremental.ts: the declarations the edit touches or abuts, from the end of the one before to the start of the one after.
  const i = lowerBound(decls, e.start, (d) => d.end);
  const j = Math.max(i, lowerBound(decls, e.oldEnd + 1, (d) => d.start));
  let from = i > 0 ? decls[i - 1]!.end : 0;
  let oldTo = j < decls.length ? decls[j]!.start : base.text.length;
  const touched = (b: Blank) => b.start <= e.oldEnd && b.end >= e.start;
  for (const b of base.blanks) {
    // A blank the edit touches is parsed again with it; one it does not touch stays as it is.
    if (touched(b)) {
      from = Math.min(from, b.start);
      oldTo = Math.max(oldTo, b.end);
    } else if (b.end <= e.start && b.end > from) from = b.end;
    else if (b.start >= e.oldEnd && b.start < oldTo) oldTo = b.start;
  }
  from = Math.min(from, e.start);
  oldTo = Math.max(oldTo, e.oldEnd);
  const to = oldTo + delta;
  const blanks: Blank[] = [];
  let known = 0;
  for (const b of base.blanks) {
    if (b.end <= from) blanks.push(b);
    else if (b.start < oldTo) known += b.errors;
  }
  // The declarations kept: those ending by the stretch's start and those starting at its end or after.
  const out: A.Range[] = decls.slice(0, lowerBound(decls, from + 1, (d) => d.end));
  const after = lowerBound(decls, oldTo, (d) => d.start);
  const stretch = text.slice(from, to);
  if (/\S/.test(stretch)) {
    if (stretch.length > PARSE_LIMIT || known > ERROR_LIMIT) blanks.push({ start: from, end: to, ...lexed(stretch, from), errors: known });
    else {
      const part = parse(stretch);
      if (part.errors.length) {
        blanks.push({ start: from, end: to, tokens: part.tokens.filter(realToken), comments: part.comments, shift: from, errors: part.errors.length });
      } else for (const d of part.file.decls) out.push({ start: d.range.start + from, end: d.range.end + from });
    }
  }
  for (const b of base.blanks) if (b.start >= oldTo) blanks.push(moveBlank(b, delta));
  for (let k = after; k < decls.length; k++) out.push(delta ? { start: decls[k]!.start + delta, end: decls[k]!.end + delta } : decls[k]!);
  return { text, blanked: blankOut(text, blanks), blanks, decls: out };
}

/** The tokens and comments of a long stretch, lexed only (their offsets are the stretch's: the blank's `shift` places them). */
function lexed(stretch: string, at: number): { tokens: IToken[]; comments: A.Comment[]; shift: number } {
  const l = lex(stretch);
  return {
    tokens: l.tokens,
    shift: at,
    comments: l.comments.map((c) => ({ text: c.image, range: { start: c.startOffset, end: (c.endOffset ?? c.startOffset) + 1 }, block: c.tokenType.name === 'BlockComment' })),
  };
}

/** A view's tokens and comments: the compiled text's, with the blanks' put back in order. */
function mergeBlanks(tokens: IToken[], comments: A.Comment[], blanks: readonly Blank[]): { tokens: IToken[]; comments: A.Comment[] } {
  const merge = <T>(xs: T[], key: (x: T) => number, parts: T[][]): T[] => {
    const out: T[] = [];
    let k = 0;
    for (const part of parts) {
      if (!part.length) continue;
      const at = key(part[0]!);
      while (k < xs.length && key(xs[k]!) < at) out.push(xs[k++]!);
      for (const x of part) out.push(x);
    }
    while (k < xs.length) out.push(xs[k++]!);
    return out;
  };
  return {
    tokens: merge(tokens.filter(realToken), (t) => t.startOffset, blanks.map((b) => (b.shift ? b.tokens.map((t) => moveToken(t, b.shift)) : b.tokens))),
    comments: merge(comments, (c) => c.range.start, blanks.map((b) => (b.shift ? b.comments.map((c) => moveComment(c, b.shift)) : b.comments))),
  };
}
