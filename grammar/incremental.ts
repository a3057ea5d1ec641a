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

export function reparse(prev: ParseResult, prevText: string, text: string): ParseResult | undefined {
  if (prevText === text) return prev;
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
  return { file: { kind: 'File', decls: fileDecls, range: { start: 0, end: text.length } }, comments, tokens, errors: [] };
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
  const a = lowerBound(old, from);
  const b = lowerBound(old, oldTo);
  const out = old.slice(0, a);
  for (const x of middle) out.push(move(x, at));
  for (let k = b; k < old.length; k++) out.push(delta ? move(old[k]!, delta) : old[k]!);
  return out;
}

/** The first index whose item starts at or after `offset` (items are in source order). */
function lowerBound<T extends IToken | A.Comment>(xs: T[], offset: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(xs[mid]!) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function shiftToken(t: IToken, d: number): IToken {
  return { ...t, startOffset: t.startOffset + d, endOffset: (t.endOffset ?? t.startOffset) + d };
}

/** A copy of an AST node with every range moved by `d` (the tree's depth is bounded by the nesting limit). */
function shift<T>(v: T, d: number): T {
  if (Array.isArray(v)) return v.map((x) => shift(x, d)) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = (k === 'range' || k === 'keyRange') && x ? { start: (x as A.Range).start + d, end: (x as A.Range).end + d } : shift(x, d);
    }
    return out as T;
  }
  return v;
}
