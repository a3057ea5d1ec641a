// What every part of the checker shares: the text, the diagnostics, the model
// being built, the one symbol table (compiler/symbols.ts) and the helpers that
// name things in messages. The checker's modules are functions over this
// context; none keeps state of its own.
import type * as A from '../../grammar/ast.ts';
import { keywordById } from '../../grammar/keywords.ts';
import type { MessageId } from '../messages.ts';
import { message } from '../messages.ts';
import { LineIndex } from '../diagnostics.ts';
import type { CmpOp, Fact, Model, Type, Unit } from '../model.ts';
import { SymbolTable } from '../symbols.ts';
import { typeText } from '../facts.ts';
import { sameUnit, unitText } from '../units.ts';
import { closest } from '../input.ts';
import type { MeetsUse } from './meets.ts';
import type { SameAsUse } from './same-as.ts';

export { closest };

export interface Diagnostic {
  code: MessageId;
  range: A.Range;
  args: Record<string, string>;
  /** A declared name close to an unknown one: the hint and the quick fix. */
  suggestion?: string;
  /** The file of a program the diagnostic is in (absent: the only file). */
  file?: string;
}

/** The facts a position sees: those of a benefit's subjects (the first subject decides), or of a subject before a derived fact. */
export interface Scope {
  facts: ReadonlyMap<string, Fact>;
  subjects: string[];
  /** The benefit being checked, for messages. */
  benefit?: string;
  /** Inside 合计（L，…）: the list fact L and the facts of its members (they shadow the subject's own). */
  member?: { list: string; of: string; facts: Map<string, Fact> };
}

export const EMPTY_SCOPE = (): Scope => ({ facts: new Map(), subjects: [] });

export const UNKNOWN: Type = { kind: 'unknown' };

const CMP_OPS: Record<string, CmpOp> = {
  OrAbove: 'ge',
  AndAbove: 'ge',
  Reaches: 'ge',
  Completes: 'ge',
  NotBelow: 'ge',
  GreaterEq: 'ge',
  Exceeds: 'gt',
  Surpasses: 'gt',
  Beyond: 'gt',
  Above: 'gt',
  Greater: 'gt',
  OrBelow: 'le',
  AndBelow: 'le',
  Within: 'le',
  NotExceeding: 'le',
  NotAbove: 'le',
  LessEq: 'le',
  OnOrAfter: 'ge',
  Later: 'gt',
  Earlier: 'lt',
  OnOrBefore: 'le',
  Under: 'lt',
  Below: 'lt',
  Less: 'lt',
  Is: 'eq',
  Equals: 'eq',
  IsNot: 'ne',
  NotEq: 'ne',
};

export const cmpOpOf = (tokenId: string): CmpOp => CMP_OPS[tokenId] ?? 'eq';

/** Clause references are shown with full-width parentheses: 二(三)7 → 二（三）7. */
export const normaliseClause = (s: string): string => s.replace(/\(/g, '（').replace(/\)/g, '）').replace(/\s+/g, '');

/** A keyword named in both languages, as arguments `key` and `keyEn`. */
export const kwArgs = (key: string, id: string): Record<string, string> => {
  const spec = keywordById(id);
  return { [key]: spec.zh[0]!, [`${key}En`]: spec.en[0]! };
};

export const unitArgs = (key: string, u: Unit): Record<string, string> => ({
  [key]: unitText(u, 'zh'),
  [`${key}En`]: unitText(u, 'en'),
});

/** A word from the message table in both languages, as arguments `key` and `keyEn`. */
export function word(key: string, id: MessageId): Record<string, string> {
  return { [key]: message(id, 'zh'), [`${key}En`]: message(id, 'en') };
}

export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'quantity' && b.kind === 'quantity') return sameUnit(a.unit, b.unit);
  if ('of' in a && 'of' in b) return a.of === b.of;
  return true;
}

export const emptyModel = (symbols: SymbolTable): Model => ({
  header: { issuers: [] },
  funds: new Map(),
  units: new Map(),
  levels: new Map(),
  enums: new Map(),
  subjects: new Map(),
  params: new Map(),
  benefits: [],
  provisions: [],
  interactions: [],
  documents: [],
  symbols,
});

/** 1-based line of an offset, with the line breaks every other layer counts (\n, \r\n, a lone \r: LineIndex). */
function lineIn(text: string, offset: number): number {
  return lineIndexOf(text).position(offset).line + 1;
}

/** The line index of the last texts asked about (a file with many duplicates asks many times: one index each). */
const lineIndexes = new Map<string, LineIndex>();
function lineIndexOf(text: string): LineIndex {
  let index = lineIndexes.get(text);
  if (!index) {
    if (lineIndexes.size >= 4) lineIndexes.delete(lineIndexes.keys().next().value!);
    lineIndexes.set(text, (index = new LineIndex(text)));
  }
  return index;
}

export class CheckContext {
  diags: Diagnostic[] = [];
  readonly symbols: SymbolTable;
  readonly model: Model;
  /** Top-level names and the range of their first definition. */
  readonly names = new Map<string, A.Range>();
  /** The file of each top-level name's first definition (in a program of several files). */
  readonly nameFiles = new Map<string, string | undefined>();
  /** The text of every file of the program, by file (undefined: the only file). */
  readonly texts = new Map<string | undefined, string>();
  /** Funds and parameters some benefit uses. */
  readonly used = new Set<string>();
  /** The uses of `符合 X 的条件` met so far, filled in once every benefit is lowered (meets.ts). */
  meets: MeetsUse[] = [];
  /** The uses of `金额：参照 X；` met so far, filled in once every benefit is lowered (same-as.ts). */
  sameAs: SameAsUse[] = [];
  /** The benefits that contain one of these forms (their memo records are never replayed: what they read may have changed). */
  readonly meetsIn = new Set<string>();
  /** Set while checking a benefit that names no subject. */
  subjectless = false;
  /** While > 0, diagnostics are dropped (a duplicate declaration is still walked for its names). */
  muted = 0;
  /** Set while checking a parameter's type: a range (3000元至6000元) may stand there. */
  rangeAllowed = false;
  /** A fact's type may be a declared multiple of a unit (`出口额：万美元；`). */
  multipleAllowed = false;
  /** Set while checking a benefit's 金额 written as one name: a reviewed amount (核定) may stand there (P2182 elsewhere). */
  reviewedAllowed = false;
  /**
   * While set, the diagnostics reported and the funds and parameters used are also appended here:
   * what one declaration contributed, kept to be replayed while it is unchanged (memo.ts).
   */
  capture: { diags: Diagnostic[]; used: string[] } | undefined;

  constructor(
    /** The text of the file being checked. */
    public text: string,
    symbols?: SymbolTable,
    /** The file being checked, in a program of several (undefined for compile(text)). */
    public file?: string,
  ) {
    this.symbols = symbols ?? new SymbolTable();
    this.model = emptyModel(this.symbols);
    this.texts.set(file, text);
  }

  /** Switches to another file of the program: ranges, lines and recorded names are then that file's. */
  enter(file: string | undefined) {
    this.file = file;
    this.text = this.texts.get(file) ?? '';
  }

  /** P2001 (same file) or P2050 (another file) for a name declared before at `prev`. */
  duplicate(name: A.Name, prev: A.Range, prevFile: string | undefined) {
    if (prevFile === this.file) this.report('P2001', name.range, { name: name.text, line: this.lineOf(prev.start) });
    else this.report('P2050', name.range, { name: name.text, file: prevFile ?? '', line: lineIn(this.texts.get(prevFile) ?? '', prev.start) });
  }

  report(code: MessageId, range: A.Range, args: Record<string, string | number> = {}, suggestion?: string) {
    if (this.muted > 0) return;
    const d: Diagnostic = {
      code,
      range,
      args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)])),
    };
    if (suggestion) d.suggestion = suggestion;
    if (this.file !== undefined) d.file = this.file;
    this.diags.push(d);
    this.capture?.diags.push(d);
  }

  /** A fund or parameter some benefit uses (P2032 reports those nobody uses); nothing while muted. */
  use(name: string) {
    if (this.muted > 0) return;
    this.used.add(name);
    this.capture?.used.push(name);
  }

  lineOf(offset: number): number {
    return lineIn(this.text, offset);
  }

  slice(r: A.Range): string {
    return this.text.slice(r.start, r.end);
  }

  /** Records that a name stands for these symbols (the language server and the summary read it back). */
  refer(range: A.Range, keys: string[]) {
    this.symbols.refer(range, keys, this.file);
  }

  /** A type named in both languages, as message arguments `key` and `keyEn`. */
  typeArgs(key: string, t: Type): Record<string, string> {
    return {
      [key]: typeText(t, this.model, 'zh'),
      [`${key}En`]: typeText(t, this.model, 'en'),
    };
  }

  /** Walks `f` with diagnostics muted. */
  quietly<T>(f: () => T): T {
    this.muted++;
    try {
      return f();
    } finally {
      this.muted--;
    }
  }
}
