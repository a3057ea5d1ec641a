// The nesting limit. Every later phase (the parser, CST → AST, the checker,
// the evaluator, the emitters, the printer, the summary) walks an expression
// recursively, so an expression's depth must be bounded by design: before the
// parser runs, one linear pass over the tokens measures how deep each token
// sits and cuts out any part of an expression deeper than MAX_NESTING, leaving
// a P1006 diagnostic with the range that was cut and a stand-in operand that
// becomes an Error expression (which no later phase reports again).
//
// What counts as one level is what makes the tree one level deeper: an open
// parenthesis or brace, a sign (`-`) or `非` in front of an operand, and every
// operator of a chain (`a + b + c` is a tree two levels deep). The measure is
// an upper bound of the AST's depth (precedence can only make a chain shallower).
import { createTokenInstance, type IToken, type TokenType, tokenMatcher } from 'chevrotain';
import * as T from './tokens.ts';
import type { Range } from './ast.ts';

/** The deepest an expression may nest (docs/language.md §2, P1006). */
export const MAX_NESTING = 50;

export interface NestingCut {
  range: Range;
}

const kw = (id: string): TokenType => T.KW[id]!;
const OPEN = [T.LParen, T.LBrace];
const CLOSE = [T.RParen, T.RBrace];
/** Tokens that end an operand: after one of these a `-` is a binary minus. */
const OPERAND_END = [
  T.NumberLit,
  T.DateLit,
  T.StringLit,
  T.Identifier,
  T.UnitWord,
  T.ValueWord,
  T.Percent,
  T.RParen,
  T.RBrace,
  T.PostfixCmp,
  kw('Yes'),
  kw('No'),
];
// 若 … 则 … 否则 若 …: each part of a case is one level (a chain of cases nests in its 否则).
const BINARY = [T.Plus, T.Star, T.Divide, T.Slash, T.PrefixCmp, T.PostfixCmp, kw('And'), kw('Or'), kw('In'), kw('Onward'), kw('Until'), kw('If'), kw('Then'), kw('Else')];
/** Where an expression certainly ends (a field, an entry, a declaration). */
const RESET = [T.Comma, T.Semi, T.Colon];
const DECL_START = ['Policy', 'Fund', 'UnitDecl', 'Levels', 'Enum', 'Subject', 'Parameter', 'Benefit', 'Provision', 'HigherOf', 'Exclusive', 'Priority', 'Choice'].map(kw);

const matchesAny = (t: IToken, types: TokenType[]) => {
  for (const ty of types) if (tokenMatcher(t, ty)) return true;
  return false;
};

// What each token type is, worked out once per type (a token's type decides every test below).
const F_OPEN = 1;
const F_CLOSE = 2;
const F_OPERAND_END = 4;
const F_BINARY = 8;
const F_RESET = 16;
const F_DECL_START = 32;
const F_NOT = 64;
const F_MINUS = 128;
const F_SEMI = 256;
const F_LEVELS = 512;
const F_COMMA = 1024;
/** Flags by token type index (`tokenTypeIdx`), worked out on a type's first token. */
const flagsByIdx: number[] = [];
function flagsOf(t: IToken): number {
  let f = flagsByIdx[t.tokenTypeIdx];
  if (f === undefined) {
    f =
      (matchesAny(t, OPEN) ? F_OPEN : 0) |
      (matchesAny(t, CLOSE) ? F_CLOSE : 0) |
      (matchesAny(t, OPERAND_END) ? F_OPERAND_END : 0) |
      (matchesAny(t, BINARY) ? F_BINARY : 0) |
      (matchesAny(t, RESET) ? F_RESET : 0) |
      (matchesAny(t, DECL_START) ? F_DECL_START : 0) |
      (tokenMatcher(t, kw('Not')) ? F_NOT : 0) |
      (tokenMatcher(t, T.Minus) ? F_MINUS : 0) |
      (tokenMatcher(t, T.Semi) ? F_SEMI : 0) |
      (tokenMatcher(t, kw('Levels')) ? F_LEVELS : 0) |
      (tokenMatcher(t, T.Comma) ? F_COMMA : 0);
    flagsByIdx[t.tokenTypeIdx] = f;
  }
  return f;
}

interface Frame {
  /** Depth of the tokens directly inside this bracket (before operators). */
  base: number;
  /** Operators of the chain being read at this level. */
  ops: number;
}

/**
 * Returns the tokens with every too-deep part replaced by one stand-in operand
 * token, and the ranges cut. Linear in the number of tokens; no recursion.
 */
export function limitNesting(tokens: IToken[], limit = MAX_NESTING, typeIdx?: Uint16Array): { tokens: IToken[]; cuts: NestingCut[] } {
  const cuts: NestingCut[] = [];
  let out: IToken[] | undefined; // copied lazily: most files never need a cut
  const stack: Frame[] = [{ base: 0, ops: 0 }];
  let pending = 0; // signs and 非 waiting for their operand
  let prev = false; // a token before this one
  let inLevels = false; // `等级 X：a < b < c；` is a list, not a chain of comparisons
  let prevFlags = 0;
  // The token objects are read only where a token is copied or cut: the flags come from the lexer's type
  // indices when it gave them (one small typed array instead of an object a token).
  const idx = typeIdx && typeIdx.length === tokens.length ? typeIdx : undefined;
  for (let i = 0; i < tokens.length; i++) {
    let f = idx ? flagsByIdx[idx[i]!] : undefined;
    if (f === undefined) f = flagsOf(tokens[i]!);
    const top = stack[stack.length - 1]!;
    if (inLevels) {
      if (out) out.push(tokens[i]!);
      if (f & (F_SEMI | F_DECL_START)) inLevels = (f & F_LEVELS) !== 0;
      prev = true;
      prevFlags = f;
      continue;
    }
    // A sign or 非 in front of an operand nests one level; so does a binary operator (a `-` after an operand).
    const prefix = (f & F_NOT) !== 0 || ((f & F_MINUS) !== 0 && !(prev && prevFlags & F_OPERAND_END));
    const binary = !prefix && (f & (F_MINUS | F_BINARY)) !== 0;
    let depth = top.base + top.ops + pending;
    if (f & F_OPEN || prefix || binary) depth += 1;
    if (depth > limit && !(f & F_DECL_START)) {
      const t = tokens[i]!;
      const end = regionEnd(tokens, i);
      const last = tokens[end - 1]!;
      const range = { start: t.startOffset, end: last.startOffset + last.image.length };
      cuts.push({ range });
      out ??= tokens.slice(0, i);
      // A cut that starts at an operator drops the rest of the chain; otherwise an operand stands in.
      const atOperator = (f & F_BINARY) !== 0 || ((f & F_MINUS) !== 0 && !!prev && (prevFlags & F_OPERAND_END) !== 0);
      if (!atOperator) {
        const stand = createTokenInstance(T.NumberLit, '0', range.start, range.end - 1, NaN, NaN, NaN, NaN);
        stand.payload = { nestingCut: true };
        out.push(stand);
        prev = true;
        prevFlags = flagsOf(stand);
      }
      pending = 0;
      i = end - 1;
      continue;
    }
    if (out) out.push(tokens[i]!);
    if (f & F_OPEN) {
      stack.push({ base: top.base + top.ops + pending + 1, ops: 0 });
      pending = 0;
    } else if (f & F_CLOSE) {
      if (stack.length > 1) stack.pop();
      pending = 0;
    } else if (prefix) {
      pending++;
    } else if (binary) {
      top.ops++;
      pending = 0;
    } else if (f & F_RESET) {
      top.ops = 0;
      pending = 0;
    } else if (f & F_DECL_START) {
      inLevels = (f & F_LEVELS) !== 0;
      stack.length = 1;
      stack[0] = { base: 0, ops: 0 };
      pending = 0;
    } else {
      pending = 0;
    }
    prev = true;
    prevFlags = f;
  }
  return { tokens: out ?? tokens, cuts };
}

/** Where the too-deep part starting at `i` ends (exclusive): the end of the expression it sits in. */
function regionEnd(tokens: IToken[], i: number): number {
  let d = 0;
  let j = i;
  for (; j < tokens.length; j++) {
    const t = tokens[j]!;
    const f = flagsOf(t);
    if (f & F_OPEN) d++;
    else if (f & F_CLOSE) {
      if (d === 0) break;
      d--;
    } else if (f & (F_SEMI | F_DECL_START)) break;
    else if (d === 0 && f & F_COMMA) break;
  }
  return Math.max(j, i + 1);
}
