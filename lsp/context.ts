// Where the cursor is, read from the tokens rather than the tree: while the
// author types, the text is rarely valid, but braces, colons and semicolons
// still say which block, which field and which table the cursor is in.
import type { IToken } from 'chevrotain';
import type { Comment, Range } from '../grammar/ast.ts';
import { KEYWORDS } from '../grammar/keywords.ts';

export type BlockKind = 'top' | 'policy' | 'subject' | 'benefit' | 'example' | 'provision';

export interface MapContext {
  /** `按 X {…}` (a table), `属于 {…}` (a set) or a plain `{…}` literal. */
  opener: 'table' | 'brackets' | 'in' | 'literal';
  /** The fact a table is keyed by, or the left side of 属于. */
  by?: string;
  position: 'key' | 'value';
  /** Index of the map's `{`. */
  open: number;
}

export interface CursorContext {
  block: BlockKind;
  /** Index (into tokens) of the `{` of the enclosing benefit, when there is one. */
  benefitOpen?: number;
  /** Tokens of the current statement before the word being typed, at any depth. */
  statement: IToken[];
  /** The word being typed (identifier or keyword under the cursor), possibly empty. */
  prefix: Range;
  /** The token just before the prefix. */
  prev?: IToken;
  /** The cursor follows a number directly: `800|` or `800元|`. */
  afterNumber: boolean;
  map?: MapContext;
}

const tokEnd = (t: IToken): number => (t.endOffset ?? t.startOffset) + 1;
const KEYWORD_IDS = new Set(KEYWORDS.map((k) => k.id));
/** A word being typed: an identifier or a keyword (a half-typed name may lex as one). */
const WORD = (t: IToken): boolean => t.tokenType.name === 'Identifier' || KEYWORD_IDS.has(t.tokenType.name);
const BLOCK_OF: Record<string, BlockKind> = { Policy: 'policy', Subject: 'subject', Benefit: 'benefit', Provision: 'provision' };

interface Frame {
  kind: BlockKind | 'map';
  open: number;
  /** For a map: the statement it belongs to. */
  stmtStart: number;
}

/**
 * Undefined when the cursor is inside a string or a comment: nothing to complete there.
 * `from` is a token index where the text is known to be at the top level (the start of a
 * top-level declaration that parsed without error): the scan starts there, so the cost
 * depends on the declaration around the cursor, not on the length of the document.
 */
export function cursorContext(tokens: IToken[], comments: Comment[], offset: number, from = 0): CursorContext | undefined {
  // Comments do not overlap: only the last one starting before the cursor can hold it.
  let clo = 0;
  let chi = comments.length;
  while (clo < chi) {
    const mid = (clo + chi) >> 1;
    if (comments[mid]!.range.start < offset) clo = mid + 1;
    else chi = mid;
  }
  const c = comments[clo - 1];
  if (c && (offset < c.range.end || (!c.block && offset === c.range.end))) return undefined;
  // Tokens wholly before the cursor.
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokEnd(tokens[mid]!) <= offset) lo = mid + 1;
    else hi = mid;
  }
  let k = lo;
  let prefix: Range = { start: offset, end: offset };
  const inside = tokens[k];
  if (inside && inside.startOffset < offset && offset < tokEnd(inside)) {
    if (inside.tokenType.name === 'String') return undefined;
    if (WORD(inside)) prefix = { start: inside.startOffset, end: offset };
  } else if (k > 0 && tokEnd(tokens[k - 1]!) === offset && WORD(tokens[k - 1]!)) {
    k--;
    prefix = { start: tokens[k]!.startOffset, end: offset };
  }

  const start = Math.max(0, Math.min(from, k));
  const stack: Frame[] = [{ kind: 'top', open: -1, stmtStart: start }];
  let stmtStart = start;
  let pending: BlockKind | undefined;
  for (let i = start; i < k; i++) {
    const tk = tokens[i]!;
    const n = tk.tokenType.name;
    const top = stack[stack.length - 1]!;
    if (n === 'LBrace') {
      if (pending) {
        stack.push({ kind: pending, open: i, stmtStart: i + 1 });
        pending = undefined;
        stmtStart = i + 1;
      } else stack.push({ kind: 'map', open: i, stmtStart });
    } else if (n === 'RBrace') {
      if (stack.length > 1) {
        const popped = stack.pop()!;
        stmtStart = popped.kind === 'map' ? popped.stmtStart : i + 1;
      } else stmtStart = i + 1;
    } else if (n === 'Semi') {
      while (stack.length > 1 && stack[stack.length - 1]!.kind === 'map') stack.pop();
      stmtStart = i + 1;
      pending = undefined;
    } else if (i === stmtStart && top.kind !== 'map') {
      if (top.kind === 'top') pending = BLOCK_OF[n];
      else if (top.kind === 'benefit' && n === 'Example') pending = 'example';
    }
  }

  const frames = stack.filter((f) => f.kind !== 'map');
  const block = frames[frames.length - 1]!.kind as BlockKind;
  const benefitOpen = [...frames].reverse().find((f) => f.kind === 'benefit')?.open;

  const ctx: CursorContext = {
    block,
    statement: tokens.slice(stmtStart, k),
    prefix,
    afterNumber: false,
  };
  if (benefitOpen !== undefined) ctx.benefitOpen = benefitOpen;
  const prev = tokens[k - 1];
  if (prev && k > stmtStart) {
    ctx.prev = prev;
    ctx.afterNumber = prev.tokenType.name === 'Number' && tokEnd(prev) === prefix.start;
  }

  const top = stack[stack.length - 1]!;
  if (top.kind === 'map') {
    const before = tokens[top.open - 1];
    const before2 = tokens[top.open - 2];
    let opener: MapContext['opener'] = 'literal';
    let by: string | undefined;
    if (before?.tokenType.name === 'Identifier' && before2?.tokenType.name === 'By') {
      opener = 'table';
      by = before.image;
    } else if ((before?.tokenType.name === 'Brackets' || before?.tokenType.name === 'Progressive') && before2?.tokenType.name === 'Identifier' && tokens[top.open - 3]?.tokenType.name === 'By') {
      opener = 'brackets';
      by = before2.image;
    } else if (before?.tokenType.name === 'In') {
      opener = 'in';
      if (before2?.tokenType.name === 'Identifier') by = before2.image;
    }
    let position: MapContext['position'] = opener === 'in' ? 'value' : 'key';
    if (opener !== 'in') {
      let depth = 0;
      for (let i = top.open + 1; i < k; i++) {
        const n = tokens[i]!.tokenType.name;
        if (n === 'LBrace' || n === 'LParen') depth++;
        else if (n === 'RBrace' || n === 'RParen') depth--;
        else if (depth === 0 && n === 'Colon') position = 'value';
        else if (depth === 0 && n === 'Comma') position = 'key';
      }
    }
    ctx.map = { opener, position, open: top.open, ...(by !== undefined && { by }) };
  }
  return ctx;
}

/** The subjects named in a benefit block (`对象：A，B；`), read from tokens so a half-typed benefit still has a scope. */
export function benefitSubjects(tokens: IToken[], open: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let atStatement = true;
  for (let i = open + 1; i < tokens.length; i++) {
    const n = tokens[i]!.tokenType.name;
    if (n === 'LBrace') depth++;
    else if (n === 'RBrace') {
      if (depth === 0) break;
      depth--;
      atStatement = depth === 0;
      continue;
    }
    if (depth === 0 && atStatement && n === 'Subject' && tokens[i + 1]?.tokenType.name === 'Colon') {
      for (let j = i + 2; j < tokens.length; j++) {
        const m = tokens[j]!.tokenType.name;
        if (m === 'Identifier') out.push(tokens[j]!.image);
        else if (m !== 'Comma') break;
      }
    }
    atStatement = depth === 0 && n === 'Semi';
  }
  return out;
}

/**
 * The token index where the top-level declaration around `offset` starts, when everything
 * before it parsed without error (so the token scan is at the top level there); else 0.
 */
export function topLevelStart(tokens: IToken[], decls: readonly { range: Range }[], errors: readonly { range: Range }[], offset: number): number {
  const limit = Math.min(offset, errors.length ? errors[0]!.range.start : Infinity); // errors are in source order
  let lo = 0;
  let hi = decls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (decls[mid]!.range.start < limit) lo = mid + 1;
    else hi = mid;
  }
  const d = decls[lo - 1];
  if (!d) return 0;
  let tlo = 0;
  let thi = tokens.length;
  while (tlo < thi) {
    const mid = (tlo + thi) >> 1;
    if (tokens[mid]!.startOffset < d.range.start) tlo = mid + 1;
    else thi = mid;
  }
  return tokens[tlo]?.startOffset === d.range.start ? tlo : 0;
}
