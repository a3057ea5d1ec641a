// The one symbol table and the one name resolver. The checker fills the table
// while it declares and resolves names, recording every name it resolves as an
// occurrence; the language server (definition, references, rename, hover,
// semantic tokens, completion) and the summary read the same table, so a name
// means one thing everywhere. As TypeScript's binder feeds getSymbolAtLocation,
// the checker's resolution is the only resolution.
import type { Label, Range } from '../grammar/ast.ts';

export type SymbolKind =
  | 'fund'
  | 'levels'
  | 'level'
  | 'enum'
  | 'enumValue'
  | 'subject'
  | 'fact'
  | 'parameter'
  | 'benefit'
  | 'provision'
  | 'unit';

export interface PolicySymbol {
  /** `top:<name>` for top-level declarations, `fact:<subject>/<name>`, `value:<name>` for level and enum values, `unit:<id>` for units. */
  key: string;
  kind: SymbolKind;
  name: string;
  nameRange: Range;
  /** The whole declaration (for a level or enum value, its item). */
  range: Range;
  /** The file that declares it (a program may hold several); absent for built-ins. */
  file?: string;
  /** The subject of a fact; the level or enum type of a value. */
  container?: string;
  /** For a level alias (`初级工（五级）`): the level's main name. */
  aliasOf?: string;
  label?: Label;
  /** Built in (units): no declaration in any file. */
  builtin?: boolean;
}

export interface Occurrence {
  range: Range;
  /** Symbols this name stands for: one, or for a fact used by a benefit with several subjects, one per subject. */
  keys: string[];
  decl: boolean;
  /** The file the occurrence is in. */
  file?: string;
}

export const topKey = (name: string): string => `top:${name}`;
export const factKey = (subject: string, name: string): string => `fact:${subject}/${name}`;
export const valueKey = (name: string): string => `value:${name}`;
export const unitKey = (id: string): string => `unit:${id}`;

/** What a name in an expression stands for. */
export type Resolution =
  /** A fact of the subjects in scope: `keys` has one key per subject declaring it, the first subject's first. */
  | { kind: 'fact'; keys: string[] }
  | { kind: 'parameter'; key: string }
  | { kind: 'value'; key: string; of: string; valueKind: 'level' | 'enum' }
  /** Not a usable name here; `near` is a declaration of that name of another kind (for go-to-definition), if any. */
  | { kind: 'none'; near?: string };

export interface NameScope {
  /** The subjects whose facts are in scope; the first one decides (a benefit with several subjects must agree). */
  subjects: string[];
  /** When set, only these facts of the first subject are visible (a derived fact sees the facts declared before it). */
  visibleFacts?: { has(name: string): boolean };
  /** The level or enum type the position expects (`类型 属于 {…}`, `等级 为 …`): its values come first. */
  expected?: { kind: 'level' | 'enum'; of: string };
  /** A literal position (an example's value): facts and parameters are not visible. */
  literal?: boolean;
}

export class SymbolTable {
  readonly symbols = new Map<string, PolicySymbol>();
  /** Facts by subject, in declaration order (first declaration wins). */
  readonly subjectFacts = new Map<string, Map<string, PolicySymbol>>();
  private occ: Occurrence[] = [];
  /** Ranges recorded, in the text compiled and per other file. */
  private seen = new RangeSet();
  private seenByFile = new Map<string, RangeSet>();
  private sorted = true;
  private unions = new Map<string, string>();

  /** Adds a declaration (the first of a name keeps the key) and its occurrence; `register` false records only the occurrence (a rejected duplicate). */
  declare(sym: PolicySymbol, register = true): void {
    if (register && !this.symbols.has(sym.key)) {
      this.symbols.set(sym.key, sym);
      if (sym.key.startsWith('top:')) this.tops.set(sym.key.slice(4), sym);
      else if (sym.key.startsWith('value:')) this.values.set(sym.key.slice(6), sym);
    }
    if (register && sym.kind === 'fact' && sym.container) {
      const facts = this.subjectFacts.get(sym.container) ?? new Map<string, PolicySymbol>();
      this.subjectFacts.set(sym.container, facts);
      if (!facts.has(sym.name)) facts.set(sym.name, sym);
    }
    // Literals, not a spread of `file` (the same object, made without the spread's copy).
    if (!sym.builtin) this.push(sym.file !== undefined ? { range: sym.nameRange, keys: [sym.key], decl: true, file: sym.file } : { range: sym.nameRange, keys: [sym.key], decl: true });
  }

  /** Records that the name at `range` stands for `keys` (nothing when it stands for nothing). */
  refer(range: Range, keys: string[], file?: string): void {
    if (keys.length === 0) return;
    this.push(file !== undefined ? { range, keys, decl: false, file } : { range, keys, decl: false });
    for (let k = 1; k < keys.length; k++) this.union(keys[0]!, keys[k]!);
  }

  /**
   * While set, every occurrence recorded and every pair of keys linked is also appended here: the
   * checker keeps what each declaration recorded, to replay it when the declaration is unchanged
   * (compiler/check/memo.ts).
   */
  tap: { occ: Occurrence[]; unions: [string, string][] } | undefined;

  /** Records again what a tap saw, in the same order (the table ends as if the names were resolved again). */
  replay(occ: readonly Occurrence[], unions: readonly (readonly [string, string])[]): void {
    for (const o of occ) this.push(o);
    for (const [a, b] of unions) this.union(a, b);
  }

  /** Whether a name at this range has been recorded already. */
  recorded(range: Range, file?: string): boolean {
    return (file === undefined ? this.seen : this.seenByFile.get(file))?.has(range.start, range.end) ?? false;
  }

  private push(o: Occurrence) {
    this.tap?.occ.push(o);
    let seen = o.file === undefined ? this.seen : this.seenByFile.get(o.file);
    if (!seen) this.seenByFile.set(o.file!, (seen = new RangeSet()));
    seen.add(o.range.start, o.range.end);
    const last = this.occ[this.occ.length - 1];
    if (last && (last.range.start > o.range.start || (last.range.start === o.range.start && last.range.end > o.range.end))) this.sorted = false;
    this.occ.push(o);
  }

  /** Every occurrence, sorted by start offset. */
  get occurrences(): Occurrence[] {
    if (!this.sorted) {
      this.occ.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
      this.sorted = true;
    }
    return this.occ;
  }

  private byFile = new Map<string | undefined, Occurrence[]>();
  private byFileCount = -1;

  /** Occurrences in one file (undefined: the text compiled, or the only file), sorted. */
  occurrencesIn(file?: string): Occurrence[] {
    const all = this.occurrences;
    if (this.byFileCount !== all.length) {
      this.byFile.clear();
      for (const o of all) {
        const list = this.byFile.get(o.file) ?? [];
        this.byFile.set(o.file, list);
        list.push(o);
      }
      this.byFileCount = all.length;
    }
    return this.byFile.get(file) ?? [];
  }

  /** The occurrence under the cursor in a file; a cursor just after a name still counts. */
  at(offset: number, file?: string): Occurrence | undefined {
    const list = this.occurrencesIn(file);
    let lo = 0;
    let hi = list.length - 1;
    let found: Occurrence | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = list[mid]!;
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

  /** The symbol the name at exactly this range resolved to (the first, for a fact of several subjects). */
  symbolAt(range: Range, file?: string): PolicySymbol | undefined {
    const o = this.at(range.start, file);
    if (!o || o.range.start !== range.start || o.range.end !== range.end) return undefined;
    return this.symbols.get(o.keys[0]!);
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
    for (const s of this.symbols.values()) if (s.kind !== 'fact' && s.kind !== 'unit') out.add(s.name);
    return out;
  }

  fact(subject: string, name: string): PolicySymbol | undefined {
    return this.subjectFacts.get(subject)?.get(name);
  }

  /** A level (by name or alias) or enum value. */
  value(name: string): PolicySymbol | undefined {
    return this.values.get(name);
  }

  top(name: string): PolicySymbol | undefined {
    return this.tops.get(name);
  }

  /**
   * `symbols` by the name after `top:` and `value:` (the same entries): the resolver looks names up without making
   * and hashing a key string per name.
   */
  private readonly tops = new Map<string, PolicySymbol>();
  private readonly values = new Map<string, PolicySymbol>();

  /**
   * The resolution rule, the only one: in a position expecting a level or enum
   * type, a value of that type; then a fact of the first subject in scope; then
   * a parameter; then any level or enum value.
   */
  resolve(name: string, scope: NameScope): Resolution {
    const value = this.value(name);
    const asValue = (v: PolicySymbol): Resolution => ({ kind: 'value', key: v.key, of: v.container!, valueKind: v.kind === 'level' ? 'level' : 'enum' });
    if (value && scope.expected && value.container === scope.expected.of) return asValue(value);
    if (!scope.literal) {
      const first = scope.subjects[0];
      if (first !== undefined && this.fact(first, name) && (!scope.visibleFacts || scope.visibleFacts.has(name))) {
        return { kind: 'fact', keys: scope.subjects.filter((s) => this.fact(s, name)).map((s) => factKey(s, name)) };
      }
      const top = this.top(name);
      if (top?.kind === 'parameter') return { kind: 'parameter', key: top.key };
    }
    if (value) return asValue(value);
    const facts = scope.subjects.filter((s) => this.fact(s, name)).map((s) => factKey(s, name));
    const near = facts[0] ?? this.top(name)?.key;
    return near ? { kind: 'none', near } : { kind: 'none' };
  }

  /** The keys an occurrence of a resolution records. */
  static keysOf(r: Resolution): string[] {
    switch (r.kind) {
      case 'fact':
        return r.keys;
      case 'parameter':
      case 'value':
        return [r.key];
      case 'none':
        return r.near ? [r.near] : [];
    }
  }

  private find(key: string): string {
    let k = key;
    while (this.unions.has(k) && this.unions.get(k) !== k) k = this.unions.get(k)!;
    return k;
  }

  private union(a: string, b: string): void {
    this.tap?.unions.push([a, b]);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.unions.set(ra, rb);
  }
}

/**
 * A set of ranges of one text, by start offset: the length of the first range recorded at each start in a typed
 * array (one byte per offset, off the collected heap: a Map of hundreds of thousands of entries was a visible part of
 * checking a large policy, and four bytes per offset — the end — cost a page fault per thousand characters), further
 * ranges at the same start, and those longer than a byte holds, in a map.
 */
class RangeSet {
  /** At each start offset, 0 (none) or the first range's length + 1 (at most LONGEST + 1). */
  private lens = new Uint8Array(256);
  private more: Map<number, number[]> | undefined;

  add(start: number, end: number): void {
    const len = end - start;
    if (!(start >= 0 && start <= 0x3fffffff && len >= 0 && len <= LONGEST) || !Number.isInteger(start) || !Number.isInteger(end)) {
      // Not an offset (never made by the parser), or a long range: kept in the map alone.
      this.addMore(start, end);
      return;
    }
    if (start >= this.lens.length) {
      const grown = new Uint8Array(Math.max(start + 1, this.lens.length * 2));
      grown.set(this.lens);
      this.lens = grown;
    }
    const first = this.lens[start]!;
    if (first === 0) this.lens[start] = len + 1;
    else if (first !== len + 1) this.addMore(start, end);
  }

  private addMore(start: number, end: number): void {
    const list = (this.more ??= new Map()).get(start);
    if (!list) this.more.set(start, [end]);
    else if (!list.includes(end)) list.push(end);
  }

  has(start: number, end: number): boolean {
    const first = start >= 0 && start < this.lens.length ? (this.lens[start] ?? 0) : 0;
    return (first !== 0 && first === end - start + 1) || (this.more?.get(start)?.includes(end) ?? false);
  }
}

/** The longest range RangeSet keeps in its byte per offset. */
const LONGEST = 254;
