// Incremental re-parsing. A policy is a flat list of top-level declarations,
// each ending in `；` or `｝`, so an edit damages only the declarations it
// touches: the text before them parses as before, the text after them parses
// as before moved by the edit's change in length. reparse() re-lexes and
// re-parses just the damaged stretch (with one declaration of margin on each
// side) and splices it between the kept declarations.
//
// It gives up (undefined: the caller parses the whole text) whenever the
// splice could differ from a full parse: when the previous parse had syntax
// errors outside the stretch (recovery may have run across declaration
// boundaries there) or the re-parsed stretch has any. A property test (test/grammar/incremental.test.ts)
// checks over random edit sequences that the result equals parse(text).
import type { IToken } from 'chevrotain';
import type * as A from './ast.ts';
import { parse, type ParseResult } from './index.ts';

/** The stretch of `prev` an edit replaced: [start, oldEnd) in the old text became [start, newEnd) in the new. */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The one edit that turns `a` into `b`: their common prefix and suffix are kept. */
export function diffEdit(a: string, b: string): TextEdit {
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { start: p, oldEnd: a.length - s, newEnd: b.length - s };
}

/**
 * Which declarations of a re-parsed tree are kept from the previous one: the first `before` are the
 * same objects, the `after` ones following the `added` re-parsed declarations are the previous tree's
 * from index `oldAfter` on, moved by `delta` characters (and `lineDelta` lines). The checker re-uses
 * its results for kept declarations (compiler/check/memo.ts).
 */
export interface Reuse {
  before: number;
  added: number;
  oldAfter: number;
  delta: number;
  /** Non-zero when line breaks were added or removed (later declarations are then on other lines). */
  lineDelta: number;
}

export function reparse(prev: ParseResult, prevText: string, text: string): ParseResult | undefined {
  return reparseWithReuse(prev, prevText, text)?.parse;
}

/** Line-break characters in s[from, to): `\n` and `\r` counted apart (an edit changing either moves later lines). */
const newlines = (s: string, from: number, to: number): [number, number] => {
  let n = 0;
  let r = 0;
  for (let k = from; k < to; k++) {
    const ch = s.charCodeAt(k);
    if (ch === 10) n++;
    else if (ch === 13) r++;
  }
  return [n, r];
};

/** reparse(), also saying which declarations were kept (undefined: parse the whole text). */
export function reparseWithReuse(prev: ParseResult, prevText: string, text: string): { parse: ParseResult; reuse: Reuse } | undefined {
  if (prevText === text) return { parse: prev, reuse: { before: prev.file.decls.length, added: 0, oldAfter: prev.file.decls.length, delta: 0, lineDelta: 0 } };
  const edit = diffEdit(prevText, text);
  const delta = edit.newEnd - edit.oldEnd;
  const decls = prev.file.decls;
  // Damaged: every declaration the edit touches (or abuts), plus one on each side.
  let i = 0;
  while (i < decls.length && decls[i]!.range.end < edit.start) i++;
  let j = i;
  while (j < decls.length && decls[j]!.range.start <= edit.oldEnd) j++;
  i = Math.max(0, i - 1);
  j = Math.min(decls.length, j + 1);
  // The stretch runs from the end of the last kept declaration before it to the start of the first after.
  const from = i > 0 ? decls[i - 1]!.range.end : 0;
  const oldTo = j < decls.length ? decls[j]!.range.start : prevText.length;
  const to = oldTo + delta;
  if (to < edit.newEnd || from > edit.start) return undefined;
  // Errors of the previous parse are allowed only inside the stretch (which is parsed again).
  if (prev.errors.some((e) => e.range.start < from || e.range.end > oldTo)) return undefined;
  const part = parse(text.slice(from, to));
  if (part.errors.length > 0) return undefined;

  const fileDecls: A.Decl[] = decls.slice(0, i);
  for (const d of part.file.decls) fileDecls.push(shift(d, from));
  for (let k = j; k < decls.length; k++) fileDecls.push(delta ? shift(decls[k]!, delta) : decls[k]!);

  const tokens = splice(prev.tokens, from, oldTo, part.tokens, from, delta, shiftToken);
  const comments = splice(prev.comments, from, oldTo, part.comments, from, delta, (c, d) => ({ ...c, range: { start: c.range.start + d, end: c.range.end + d } }));
  const [n1, r1] = newlines(text, from, to);
  const [n0, r0] = newlines(prevText, from, oldTo);
  // Lines move when the count of either line-break character changes (\n, and \r alone or in \r\n).
  const lineDelta = n1 - n0 || r1 - r0;
  return {
    parse: { file: { kind: 'File', decls: fileDecls, range: { start: 0, end: text.length } }, comments, tokens, errors: [] },
    reuse: { before: i, added: part.file.decls.length, oldAfter: j, delta, lineDelta },
  };
}

const startOf = (x: IToken | A.Comment): number => ('range' in x ? x.range.start : x.startOffset);

/** Items before `from` kept, the stretch's items moved to `at`, items from `oldTo` on moved by `delta`. */
function splice<T extends IToken | A.Comment>(
  old: T[],
  from: number,
  oldTo: number,
  middle: T[],
  at: number,
  delta: number,
  move: (x: T, d: number) => T,
): T[] {
  const a = lowerBound(old, from, startOf);
  const b = lowerBound(old, oldTo, startOf);
  const out = old.slice(0, a);
  for (const x of middle) out.push(move(x, at));
  for (let k = b; k < old.length; k++) out.push(delta ? move(old[k]!, delta) : old[k]!);
  return out;
}

/** The first index of a list sorted by `key` whose key is at or after `offset` (the language server's views use it too). */
export function lowerBound<T>(xs: readonly T[], offset: number, key: (x: T) => number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(xs[mid]!) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function shiftToken(t: IToken, d: number): IToken {
  // The lexer's tokens (lex(): offsets only) are copied field by field, much faster than a spread.
  if (t.payload === undefined && !t.isInsertedInRecovery && t.endOffset !== undefined) {
    return { image: t.image, startOffset: t.startOffset + d, tokenTypeIdx: t.tokenTypeIdx, tokenType: t.tokenType, endOffset: t.endOffset + d } as IToken;
  }
  return { ...t, startOffset: t.startOffset + d, endOffset: (t.endOffset ?? t.startOffset) + d };
}

/**
 * A copy of a tree (AST, IR, diagnostics) with every `range`, `keyRange`, `nameRange`… moved by `d`; other
 * values are copied as they are (the tree's depth is bounded by the nesting limit).
 */
export function shift<T>(v: T, d: number): T {
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let k = 0; k < v.length; k++) out[k] = shift(v[k], d);
    return out as T;
  }
  if (v && typeof v === 'object') {
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, shift(x, d)])) as T;
    const out: Record<string, unknown> = {};
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      out[k] =
        (k === 'range' || k.endsWith('Range')) && x && typeof x === 'object'
          ? { start: (x as A.Range).start + d, end: (x as A.Range).end + d }
          : typeof x === 'object'
            ? shift(x, d)
            : x;
    }
    return out as T;
  }
  return v;
}
