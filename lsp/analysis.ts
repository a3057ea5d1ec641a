// The server's view of one document version: the compilation (from
// compile(), never re-done here) plus a symbol index built from the surface
// AST — every declaration and every name that refers to one, with ranges.
// Definition, references, rename, hover, semantic tokens and document
// symbols all read this index.
import type { IToken } from 'chevrotain';
import type * as A from '../grammar/ast.ts';
import { KEYWORDS, type KeywordSpec } from '../grammar/keywords.ts';
import type { Compilation } from '../compiler/index.ts';
import { TextDocument } from 'vscode-languageserver-textdocument';

export type SymbolKind = 'fund' | 'levels' | 'level' | 'enum' | 'enumValue' | 'subject' | 'fact' | 'parameter' | 'benefit' | 'provision';

export interface PolicySymbol {
  /** `top:<name>` for top-level declarations, `fact:<subject>/<name>`, `value:<name>` for level and enum values. */
  key: string;
  kind: SymbolKind;
  name: string;
  nameRange: A.Range;
  /** The whole declaration (for a level or enum value, its item). */
  range: A.Range;
  /** The subject of a fact; the level or enum type of a value. */
  container?: string;
  /** For a level alias (`初级工（五级）`): the level's main name. */
  aliasOf?: string;
  label?: A.Label;
}

export interface Occurrence {
  range: A.Range;
  /** Symbols this name stands for: one, or for a fact used by a benefit with several subjects, one per subject. */
  keys: string[];
  decl: boolean;
}

export const topKey = (name: string): string => `top:${name}`;
export const factKey = (subject: string, name: string): string => `fact:${subject}/${name}`;
export const valueKey = (name: string): string => `value:${name}`;

export class SymbolIndex {
  readonly symbols = new Map<string, PolicySymbol>();
  /** Sorted by start offset. */
  readonly occurrences: Occurrence[] = [];
  readonly subjectFacts = new Map<string, Map<string, PolicySymbol>>();
  private unions = new Map<string, string>();

  /** The occurrence under the cursor; a cursor just after a name still counts. */
  at(offset: number): Occurrence | undefined {
    let lo = 0;
    let hi = this.occurrences.length - 1;
    let found: Occurrence | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = this.occurrences[mid]!;
      if (o.range.end < offset) lo = mid + 1;
      else if (o.range.start > offset) hi = mid - 1;
      else {
        found = o;
        // Prefer an occurrence that strictly contains the offset over one that ends at it.
        if (offset < o.range.end) return o;
        lo = mid + 1;
      }
    }
    return found;
  }

  /** The symbols renamed together with `key`: a fact shared by a multi-subject benefit drags its twins along. */
  linked(key: string): Set<string> {
    const root = this.find(key);
    const out = new Set<string>([key]);
    for (const k of this.symbols.keys()) if (this.find(k) === root) out.add(k);
    return out;
  }

  occurrencesOf(keys: Set<string>): Occurrence[] {
    return this.occurrences.filter((o) => o.keys.some((k) => keys.has(k)));
  }

  /** Every declared name that a new top-level or value name could collide with. */
  globalNames(): Set<string> {
    const out = new Set<string>();
    for (const s of this.symbols.values()) if (s.kind !== 'fact') out.add(s.name);
    return out;
  }

  find(key: string): string {
    let k = key;
    while (this.unions.has(k) && this.unions.get(k) !== k) k = this.unions.get(k)!;
    return k;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.unions.set(ra, rb);
  }
}

interface Scope {
  subjects: string[];
  /** In examples a bare name is a value (技工院校) before it is a fact. */
  valuesFirst: boolean;
}

export function buildIndex(file: A.PolicyFile): SymbolIndex {
  const index = new SymbolIndex();
  const occ = index.occurrences;
  const declare = (sym: PolicySymbol) => {
    if (!index.symbols.has(sym.key)) index.symbols.set(sym.key, sym);
    occ.push({ range: sym.nameRange, keys: [sym.key], decl: true });
  };
  const refer = (range: A.Range, keys: string[]) => {
    if (keys.length === 0) return;
    occ.push({ range, keys, decl: false });
    for (const k of keys.slice(1)) index.union(keys[0]!, k);
  };
  const labelOf = (l: A.Label | undefined) => (l ? { label: l } : {});

  // ---- declarations ----
  for (const d of file.decls) {
    switch (d.kind) {
      case 'Fund':
        declare({ key: topKey(d.name.text), kind: 'fund', name: d.name.text, nameRange: d.name.range, range: d.range, ...labelOf(d.label) });
        break;
      case 'Levels':
        declare({ key: topKey(d.name.text), kind: 'levels', name: d.name.text, nameRange: d.name.range, range: d.range, ...labelOf(d.label) });
        for (const l of d.levels) {
          declare({ key: valueKey(l.name.text), kind: 'level', name: l.name.text, nameRange: l.name.range, range: l.range, container: d.name.text });
          for (const a of l.aliases) {
            declare({ key: valueKey(a.text), kind: 'level', name: a.text, nameRange: a.range, range: l.range, container: d.name.text, aliasOf: l.name.text });
          }
        }
        break;
      case 'Enum':
        declare({ key: topKey(d.name.text), kind: 'enum', name: d.name.text, nameRange: d.name.range, range: d.range, ...labelOf(d.label) });
        for (const v of d.values) {
          declare({ key: valueKey(v.name.text), kind: 'enumValue', name: v.name.text, nameRange: v.name.range, range: v.range, container: d.name.text, ...labelOf(v.label) });
        }
        break;
      case 'Subject': {
        declare({ key: topKey(d.name.text), kind: 'subject', name: d.name.text, nameRange: d.name.range, range: d.range, ...labelOf(d.label) });
        const facts = index.subjectFacts.get(d.name.text) ?? new Map<string, PolicySymbol>();
        index.subjectFacts.set(d.name.text, facts);
        for (const f of d.facts) {
          const sym: PolicySymbol = { key: factKey(d.name.text, f.name.text), kind: 'fact', name: f.name.text, nameRange: f.name.range, range: f.range, container: d.name.text, ...labelOf(f.label) };
          declare(sym);
          if (!facts.has(f.name.text)) facts.set(f.name.text, sym);
        }
        break;
      }
      case 'Parameter':
        declare({ key: topKey(d.name.text), kind: 'parameter', name: d.name.text, nameRange: d.name.range, range: d.range, ...labelOf(d.label) });
        break;
      case 'Benefit':
        declare({ key: topKey(d.name.text), kind: 'benefit', name: d.name.text, nameRange: d.name.range, range: d.range, ...labelOf(d.label) });
        break;
      case 'Provision':
        declare({ key: topKey(d.name.text), kind: 'provision', name: d.name.text, nameRange: d.name.range, range: d.range, ...labelOf(d.label) });
        break;
      default:
        break;
    }
  }

  const has = (key: string) => index.symbols.has(key);
  const factsOf = (subjects: string[], name: string): string[] =>
    subjects.filter((s) => index.subjectFacts.get(s)?.has(name)).map((s) => factKey(s, name));

  const resolve = (n: A.Name, scope: Scope): string[] => {
    if (scope.valuesFirst && has(valueKey(n.text))) return [valueKey(n.text)];
    const facts = factsOf(scope.subjects, n.text);
    if (facts.length) return facts;
    for (const key of [topKey(n.text), valueKey(n.text)]) {
      const s = index.symbols.get(key);
      if (s && (s.kind === 'parameter' || key.startsWith('value:'))) return [key];
    }
    return has(topKey(n.text)) ? [topKey(n.text)] : has(valueKey(n.text)) ? [valueKey(n.text)] : [];
  };

  const typeRef = (t: A.TypeRef) => {
    if (t.kind === 'NamedType') refer(t.name.range, has(topKey(t.name.text)) ? [topKey(t.name.text)] : []);
    if (t.kind === 'PerLevelType') refer(t.levels.range, has(topKey(t.levels.text)) ? [topKey(t.levels.text)] : []);
  };

  const mapKey = (k: A.Name) => refer(k.range, has(valueKey(k.text)) ? [valueKey(k.text)] : []);

  const expr = (e: A.Expr, scope: Scope): void => {
    switch (e.kind) {
      case 'Ref':
        refer(e.name.range, resolve(e.name, scope));
        break;
      case 'Binary':
      case 'Compare':
      case 'Logical':
        expr(e.left, scope);
        expr(e.right, scope);
        break;
      case 'Not':
      case 'Neg':
      case 'Paren':
      case 'Relative':
        expr(e.expr, scope);
        break;
      case 'In':
        expr(e.left, scope);
        for (const v of e.values) expr(v, { ...scope, valuesFirst: true });
        break;
      case 'Map':
        for (const en of e.entries) {
          mapKey(en.key);
          expr(en.value, scope);
        }
        break;
      case 'Table': {
        const facts = factsOf(scope.subjects, e.by.text);
        refer(e.by.range, facts.length ? facts : resolve(e.by, scope));
        for (const en of e.entries) {
          mapKey(en.key);
          expr(en.value, { ...scope, valuesFirst: true });
        }
        break;
      }
      case 'Period':
        for (const x of [e.from, e.length, e.until]) if (x) expr(x, scope);
        break;
      default:
        break;
    }
  };

  // ---- references ----
  for (const d of file.decls) {
    switch (d.kind) {
      case 'Subject':
        for (const f of d.facts) {
          if (f.type) typeRef(f.type);
          // A derived fact's formula reads the other facts of its subject.
          if (f.formula) expr(f.formula, { subjects: [d.name.text], valuesFirst: false });
        }
        break;
      case 'Parameter':
        typeRef(d.type);
        break;
      case 'Policy':
      case 'Provision':
        for (const f of d.fields) for (const v of f.values) expr(v, { subjects: [], valuesFirst: false });
        break;
      case 'Benefit': {
        const subjects: string[] = [];
        for (const f of d.fields) {
          if (f.key !== 'Subject') continue;
          for (const v of f.values) if (v.kind === 'Ref') subjects.push(v.name.text);
        }
        const scope: Scope = { subjects, valuesFirst: false };
        for (const f of d.fields) {
          if (f.key === 'Subject' || f.key === 'Fund') {
            for (const v of f.values) {
              if (v.kind === 'Ref') refer(v.name.range, has(topKey(v.name.text)) ? [topKey(v.name.text)] : []);
              else expr(v, scope);
            }
          } else for (const v of f.values) expr(v, scope);
        }
        for (const ex of d.examples) {
          for (const f of ex.fields) {
            if (f.factName) refer(f.factName.range, factsOf(subjects, f.factName.text));
            for (const v of f.values) expr(v, { subjects, valuesFirst: true });
          }
        }
        break;
      }
      case 'Interaction':
        for (const m of d.members) refer(m.range, has(topKey(m.text)) ? [topKey(m.text)] : []);
        break;
      default:
        break;
    }
  }
  occ.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return index;
}

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

/** One document version, analysed lazily: the compilation and the index are computed on first use. */
export class Analysis {
  private _compilation: Compilation | undefined;
  private _index: SymbolIndex | undefined;
  private _tokens: IToken[] | undefined;

  /** A private snapshot: the store's documents are updated in place by later edits. */
  readonly doc: TextDocument;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    private readonly compileFn: (text: string) => Compilation,
  ) {
    this.doc = TextDocument.create(uri, 'policy', version, text);
  }

  get compilation(): Compilation {
    this._compilation ??= this.compileFn(this.text);
    return this._compilation;
  }
  get compiled(): boolean {
    return this._compilation !== undefined;
  }
  get index(): SymbolIndex {
    this._index ??= buildIndex(this.compilation.parse.file);
    return this._index;
  }
  get tokens(): IToken[] {
    this._tokens ??= realTokens(this.compilation.parse.tokens);
    return this._tokens;
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
