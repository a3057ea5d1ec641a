// The syntax layer's one entry point. Parsing never fails: it returns a tree
// and a list of errors. No IO, no LSP, no message text (codes + arguments only;
// compiler/messages.ts renders them).
import type { IToken } from 'chevrotain';
import { asciiDigits, lex, PostfixCmp, PrefixCmp, UnitWord } from './tokens.ts';
import { tokenMatcher } from 'chevrotain';
import { parseDirect, parseTokens } from './parser.ts';
import { buildFile } from './build.ts';
import { limitNesting, MAX_NESTING } from './depth.ts';
import type { Comment, PolicyFile, Range } from './ast.ts';
import { KEYWORDS, POSTFIX_COMPARISON_IDS } from './keywords.ts';

const POSTFIX_WORDS: ReadonlySet<string> = new Set(POSTFIX_COMPARISON_IDS);

export type * from './ast.ts';
export { KEYWORDS, keywordById, type KeywordSpec } from './keywords.ts';
export { lex, matchIdentifier, nameText, writeName } from './tokens.ts';
export { MAX_NESTING } from './depth.ts';

export interface SyntaxDiagnostic {
  code: string;
  range: Range;
  args: Record<string, string>;
}

export interface ParseResult {
  file: PolicyFile;
  comments: Comment[];
  tokens: IToken[];
  errors: SyntaxDiagnostic[];
  /** Stretches after a keyword used as a name (P1015) whose other errors follow from it and are not reported. */
  quiet?: Range[];
}

const FULL_WIDTH_DIGIT = /[０-９]/;

/** Token type names the parser expected, read from Chevrotain's message. */
function expectedNames(message: string): string[] {
  const names = new Set<string>();
  for (const m of message.matchAll(/-->\s*([A-Za-z]+)\s*<--|\[([A-Za-z, ]+)\]|<([A-Za-z]+)>/g)) {
    const group = m[1] ?? m[2] ?? m[3] ?? '';
    for (const n of group.split(/[ ,]+/)) if (n && n !== 'EOF') names.add(n);
  }
  return [...names];
}

/**
 * How parse() reads the tokens: 'direct' (the default) reads them straight into the AST and, when
 * they have a syntax error, again with the CST parser and its recovery; 'cst' always takes the CST
 * parser (the same result: test/grammar/direct.test.ts).
 */
export type ParsePath = 'direct' | 'cst';

const KEYWORD_IDS: ReadonlySet<string> = new Set(KEYWORDS.map((s) => s.id));

/** The end offset of the `{ … }` that follows `at` in its declaration (before a top-level `；`), or of `at` itself. */
const DASHES = /^[—–～~]$/;

/**
 * The start of the value a mistake at `at` stands in: just after the last `：`, `；` or `{` before it on its line. What the
 * checker says of that value (`条件：年龄 16—24周岁` read by recovery as the bare quantity 年龄: P2010) follows from the
 * mistake, so the quiet range a teaching error leaves begins there.
 */
function valueStart(text: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charAt(i);
    if (c === '\n' || c === '：' || c === ':' || c === '；' || c === ';' || c === '{' || c === '｛') return i;
  }
  return 0;
}

/** The end of the statement (its `；`, or the line) at `from`: what a lexical error's cascade is kept quiet up to. */
function statementEnd(text: string, from: number): number {
  const m = /[;；\n]/.exec(text.slice(from));
  return m ? from + m.index + 1 : text.length;
}

/**
 * Words of the texts in a place the language puts elsewhere, at the token at `at` (a parse error): `2024年1月1日起`
 * (P1048: write 以后), `首次突破 5000万元` (P1049: 首次 is 每档一次, not part of the bound).
 */
function misplacedWord(tokens: IToken[], at: number, text: string): { code: string; range: Range; quietEnd: number; args: Record<string, string> } | undefined {
  const t = tokens[at]!;
  const prev = tokens[at - 1];
  const semi = tokens.findIndex((x, i) => i > at && x.tokenType.name === 'Semi');
  const quietEnd = semi >= 0 ? tokens[semi]!.endOffset! + 1 : t.endOffset! + 1;
  const slice = (a: IToken, b: IToken) => text.slice(a.startOffset, b.endOffset! + 1);
  if (t.tokenType.name === 'Onward' && prev?.tokenType.name === 'DateLiteral') {
    return { code: 'P1048', range: { start: prev.startOffset, end: t.endOffset! + 1 }, quietEnd, args: { found: slice(prev, t), fix: `${prev.image}以后` } };
  }
  if (prev?.tokenType.name === 'Identifier' && prev.image === '首次' && tokenMatcher(t, PrefixCmp)) {
    // The bound after the word: a number and its unit (5000万元).
    const n = tokens[at + 1];
    const u = n?.tokenType.name === 'Number' && tokens[at + 2]?.tokenType.name !== 'Colon' && tokens[at + 2] && tokenMatcher(tokens[at + 2]!, UnitWord) ? tokens[at + 2]! : n;
    const bound = n?.tokenType.name === 'Number' && u ? slice(n, u) : 'B';
    return { code: 'P1049', range: { start: prev.startOffset, end: t.endOffset! + 1 }, quietEnd, args: { found: slice(prev, t), word: t.image, bound } };
  }
  // `首次达 500万元以上`, `首次达到 500万元`: 首次 and the word read as one name before the bound — the same as 首次突破 (P1049).
  for (const i of [at - 1, at]) {
    const w = tokens[i];
    const m = w?.tokenType.name === 'Identifier' ? /^首次(达到|达|超过|突破|达成)$/u.exec(w.image) : null;
    const n = tokens[i + 1];
    if (!m || n?.tokenType.name !== 'Number') continue;
    const u = tokens[i + 2] && tokens[i + 2]!.tokenType.name !== 'Colon' && tokenMatcher(tokens[i + 2]!, UnitWord) ? tokens[i + 2]! : n;
    const word = m[1] === '达' || m[1] === '达成' ? '达到' : m[1]!;
    return { code: 'P1049', range: { start: w!.startOffset, end: w!.endOffset! + 1 }, quietEnd, args: { found: w!.image, word, bound: slice(n, u) } };
  }
  // `金额：最高不超过3万元`: the ceiling written inside the amount — the amount and the ceiling are two fields (P1071).
  if (t.tokenType.name === 'Ceiling' && prev?.tokenType.name === 'Colon' && tokens[at - 2]?.tokenType.name === 'Amount') {
    const end = semi >= 0 ? tokens[semi - 1]! : t;
    const found = slice(t, end);
    const n = tokens.findIndex((x, i) => i > at && x.tokenType.name === 'Number');
    const bound = n >= 0 && n < (semi >= 0 ? semi : tokens.length) ? slice(tokens[n]!, end) : 'X';
    return { code: 'P1071', range: { start: t.startOffset, end: end.endOffset! + 1 }, quietEnd, args: { found, bound } };
  }
  // `3000立方米（以上）`: the texts' bracketed comparison word after a bound — the word is written after the bound
  // without brackets (3000立方米以上, P1086); only 含 / 不含 stand in brackets.
  const next = tokens[at + 1];
  if (prev?.tokenType.name === 'LParen' && tokenMatcher(t, PostfixCmp) && next?.tokenType.name === 'RParen' && tokens[at - 2]) {
    const b = tokens[at - 2]!;
    let n = at - 2;
    while (n > 0 && tokens[n]!.tokenType.name !== 'Number' && at - 2 - n < 2) n--;
    const bound = tokens[n]!.tokenType.name === 'Number' ? slice(tokens[n]!, b) : b.image;
    return { code: 'P1086', range: { start: prev.startOffset, end: next.endOffset! + 1 }, quietEnd, args: { found: `${bound}（${t.image}）`, fix: `${bound}${t.image}`, word: t.image } };
  }
  // `参数 追加比例：% 按 文字；`, `参数 追加比例：2%至10% 按 类别；`: a percentage by key — a keyed parameter's values are amounts
  // in a unit (元, 张 …), so the form is refused with what may be written instead (P1085).
  if (t.tokenType.name === 'By' && prev?.tokenType.name === 'Percent') {
    let c = at - 1;
    while (c > 0 && !['Colon', 'Semi', 'LBrace', 'RBrace'].includes(tokens[c]!.tokenType.name)) c--;
    const decl = tokens[c - 1]?.tokenType.name === 'Identifier' && tokens[c - 2]?.tokenType.name === 'Parameter' ? tokens[c - 1]! : undefined;
    if (tokens[c]?.tokenType.name === 'Colon' && decl) {
      const end = semi >= 0 ? tokens[semi - 1]! : t;
      return { code: 'P1085', range: { start: tokens[c + 1]!.startOffset, end: end.endOffset! + 1 }, quietEnd, args: { name: decl.image, found: slice(tokens[c + 1]!, end), rate: slice(tokens[c + 1]!, prev) } };
    }
  }
  // `排名前5名` (前 read into the name) and `排名 前五名` (a numeral read as a name): a rank as the texts write it (P1090).
  const [p1, p2, p3] = [tokens[at - 1], tokens[at - 2], tokens[at - 3]];
  if (p1?.tokenType.name === 'Rank' && p2?.tokenType.name === 'Number' && p3?.tokenType.name === 'Identifier' && p3.image.length > 1 && p3.image.endsWith('前')) {
    const fix = `${p3.image.slice(0, -1)} 前${p2.image}${p1.image}`;
    return { code: 'P1090', range: { start: p3.startOffset, end: p1.endOffset! + 1 }, quietEnd, args: { found: slice(p3, p1), fix, n: p2.image } };
  }
  const numeral = p1?.tokenType.name === 'Identifier' ? /^前([一二两三四五六七八九十]+)(名|位)$/u.exec(p1.image) : null;
  const n = numeral ? chineseCount(numeral[1]!) : undefined;
  if (numeral && n !== undefined) {
    const left = p2?.tokenType.name === 'Identifier' ? p2 : p1!;
    const fix = `${left === p1 ? '' : `${left.image} `}前${n}名`;
    return { code: 'P1090', range: { start: left.startOffset, end: p1!.endOffset! + 1 }, quietEnd, args: { found: slice(left, p1!), fix, n: String(n) } };
  }
  return undefined;
}

/** 一 … 九十九 written in Chinese numerals, as a number (undefined for anything else). */
function chineseCount(s: string): number | undefined {
  const d = (c: string | undefined) => (c === undefined ? undefined : '一二三四五六七八九'.indexOf(c.replace('两', '二')) + 1 || undefined);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(s);
  if (!m || s === '') return undefined;
  if (!m[2]) return m[3] ? undefined : d(m[1]);
  return (m[1] ? d(m[1])! : 1) * 10 + (m[3] ? d(m[3])! : 0);
}

/**
 * `（含50亿元）` around the token at `at`: an open paren, 含 or 不含, then a value, then the closing paren. The fix is the
 * bound before the paren with the mark alone.
 */
function restatedMark(tokens: IToken[], at: number, text: string): { code?: string; range: Range; quietEnd: number; args: Record<string, string> } | undefined {
  // The mark word, or a name that starts with it (含本数, 不含下同 lex as one name).
  const markOf = (t: IToken | undefined): { incl: boolean; rest: string } | undefined =>
    !t ? undefined
    : t.tokenType.name === 'Incl' || t.tokenType.name === 'Excl' ? { incl: t.tokenType.name === 'Incl', rest: '' }
    : t.tokenType.name === 'Identifier' && /^不?含./u.test(t.image) ? { incl: !t.image.startsWith('不'), rest: t.image.replace(/^不?含/u, '') }
    : undefined;
  let open = -1;
  for (let i = at; i >= Math.max(0, at - 2); i--) if (tokens[i]?.tokenType.name === 'LParen' && markOf(tokens[i + 1])) open = i;
  const m = open < 0 ? undefined : markOf(tokens[open + 1]);
  if (!m || (!m.rest && tokens[open + 2]?.tokenType.name === 'RParen')) return undefined;
  let close = open + 2;
  while (close < tokens.length && close < open + 8 && tokens[close]!.tokenType.name !== 'RParen') close++;
  if (tokens[close]?.tokenType.name !== 'RParen' || (close === open + 2 && !m.rest)) return undefined;
  const incl = m.incl;
  const start = tokens[open]!.startOffset;
  const end = tokens[close]!.endOffset! + 1;
  const restatedText = m.rest + (close > open + 2 ? text.slice(tokens[open + 2]!.startOffset, tokens[close - 1]!.endOffset! + 1) : '');
  // The bound before the paren: a number and its unit (50亿元), or a date or a name (（含本数） restates it too).
  const prev = tokens[open - 1];
  let j = open - 1;
  if (tokens[j] && POSTFIX_WORDS.has(tokens[j]!.tokenType.name)) j--;
  if (tokens[j] && tokens[j]!.tokenType.name !== 'Number' && tokens[j - 1]?.tokenType.name === 'Number') j--;
  const from = tokens[j];
  const bound = prev && from ? text.slice(from.startOffset, prev.endOffset! + 1) : restatedText;
  const semi = tokens.findIndex((x, i) => i > close && x.tokenType.name === 'Semi');
  return {
    range: { start, end },
    quietEnd: semi >= 0 ? tokens[semi]!.endOffset! + 1 : end,
    args: {
      found: text.slice(start, end),
      mark: incl ? '含' : '不含',
      markEn: incl ? 'incl' : 'excl',
      bound: restatedText,
      fix: `${bound}（${incl ? '含' : '不含'}）`,
    },
  };
}

/** Tokens a name written as the texts write it never continues through: marks that separate, strings, braces. */
const RUN_ENDS: ReadonlySet<string> = new Set(['Colon', 'Semi', 'Comma', 'LBrace', 'RBrace', 'String', 'EOF']);

/**
 * A category or name written as the texts write it, at the parse error at `at`: tokens glued together (no space) that a
 * bare name cannot hold — brackets (`优秀（五星）`), a comparison word (`第四家及以后`), a leading digit (`3A级`, `80万（含）至
 * 200万（不含）`) — where a name stands: before `：` (a table key, a fact, an example's fact), after 为 / 不为 / 属于, or
 * among the values of an 枚举 / 等级 declaration. The fix is the whole run in 【】 (P1055).
 */
function textName(tokens: IToken[], at: number, text: string, index: TokenIndex): { range: Range; quietEnd: number; args: Record<string, string>; code?: 'P1070' } | undefined {
  const t = tokens[at];
  if (!t || RUN_ENDS.has(t.tokenType.name)) return undefined;
  const glued = (a: number, b: number) => tokens[a]!.endOffset! + 1 === tokens[b]!.startOffset;
  const inRun = (i: number) => i >= 0 && i < tokens.length && !RUN_ENDS.has(tokens[i]!.tokenType.name);
  let first = at;
  while (inRun(first - 1) && glued(first - 1, first)) first--;
  let last = at;
  while (inRun(last + 1) && glued(last, last + 1)) last++;
  if (last === first) return undefined;
  const run = tokens.slice(first, last + 1);
  const found = text.slice(run[0]!.startOffset, run[run.length - 1]!.endOffset! + 1);
  if (!/\p{L}/u.test(found) || /[“”"「」【】]/.test(found)) return undefined;
  const names = run.map((x) => x.tokenType.name);
  // A quantity with its unit (10亿元（含）至50亿元…) is a bound, whatever else is wrong with it: not a name.
  if (names[0] === 'Number' && run[1] && tokenMatcher(run[1], UnitWord)) return undefined;
  const shaped = names.includes('LParen') || names[0] === 'Number' || run.some((x) => tokenMatcher(x, PostfixCmp) || x.tokenType.name === 'Until');
  if (!shaped) return undefined;
  // Where a name stands.
  const before = tokens[first - 1]?.tokenType.name;
  const after = tokens[last + 1]?.tokenType.name;
  const head = tokens[index.statementStart(first)]?.tokenType.name;
  const inValues = head === 'Enum' || head === 'Levels';
  if (!(after === 'Colon' || before === 'Is' || before === 'IsNot' || before === 'In' || (inValues && (before === 'Colon' || before === 'Comma' || before === 'LParen')))) return undefined;
  const semi = index.semiAfter(last);
  const range = { start: run[0]!.startOffset, end: run[run.length - 1]!.endOffset! + 1 };
  // A key of a 分档 / 分段累进 table is a range of numbers, never a name: say how to write the range (P1070), not 【…】.
  if (after === 'Colon' && index.inBracketTable(first)) return { range, quietEnd: semi >= 0 ? tokens[semi]!.endOffset! + 1 : range.end, args: { found }, code: 'P1070' };
  return { range, quietEnd: semi >= 0 ? tokens[semi]!.endOffset! + 1 : range.end, args: { found, fix: `【${found}】` } };
}

/**
 * Where tokens are and where their statements end, found once per parse: with an error at every token (a
 * megabyte of keywords on one line), looking each up from the start made parsing quadratic.
 */
class TokenIndex {
  private where?: Map<IToken, number>;
  /** For each token: the index of the first `；` or `{` at or after it, or -1. */
  private stop?: Int32Array;
  /** For each `{`: the index of its `}`, or -1. */
  private close?: Int32Array;
  constructor(readonly tokens: readonly IToken[]) {}

  /** For each token: where its statement starts (the token after the last `；`, `{` or `}` before it). */
  private starts?: Int32Array;
  /** For each token: the index of the first `；` after it, or -1. */
  private semis?: Int32Array;
  /** For each token: whether it is inside the braces of `按 X 分档 { … }` / `按 X 分段累进 { … }` (not after a `；` there). */
  private tables?: Uint8Array;

  /** Each of the three found in one pass over the tokens, the first time one is asked for. */
  private scan(): void {
    const { tokens } = this;
    const n = tokens.length;
    this.starts = new Int32Array(n);
    this.semis = new Int32Array(n).fill(-1);
    this.tables = new Uint8Array(n);
    // The braces open before a token, each with whether a `；` came at its own level since it opened.
    const open: number[] = [];
    const semiSeen: boolean[] = [];
    let start = 0;
    for (let i = 0; i < n; i++) {
      this.starts[i] = start;
      const top = open.length - 1;
      if (top >= 0 && !semiSeen[top] && ['Brackets', 'Progressive'].includes(tokens[open[top]! - 1]?.tokenType.name ?? '')) this.tables[i] = 1;
      const name = tokens[i]!.tokenType.name;
      if (name === 'LBrace') {
        open.push(i);
        semiSeen.push(false);
      } else if (name === 'RBrace') {
        open.pop();
        semiSeen.pop();
      } else if (name === 'Semi' && top >= 0) semiSeen[top] = true;
      if (name === 'Semi' || name === 'LBrace' || name === 'RBrace') start = i + 1;
    }
    let next = -1;
    for (let i = n - 1; i >= 0; i--) {
      this.semis[i] = next;
      if (tokens[i]!.tokenType.name === 'Semi') next = i;
    }
  }

  /** The index of the first token of the statement the token at `at` is in. */
  statementStart(at: number): number {
    if (!this.starts) this.scan();
    return this.starts![at] ?? 0;
  }

  /** The index of the first `；` after the token at `at`, or -1. */
  semiAfter(at: number): number {
    if (!this.semis) this.scan();
    return this.semis![at] ?? -1;
  }

  /** Whether the token at `at` is inside the braces of `按 X 分档 { … }` / `按 X 分段累进 { … }`, in the statement opening them. */
  inBracketTable(at: number): boolean {
    if (!this.tables) this.scan();
    return this.tables![at] === 1;
  }

  indexOf(t: IToken): number {
    this.where ??= new Map(this.tokens.map((x, i) => [x, i]));
    return this.where.get(t) ?? -1;
  }

  /** The end of the statement or braces after `at`: its `；`, or the `}` closing the first `{` after it. */
  blockEnd(at: IToken): number {
    const { tokens } = this;
    const i = this.indexOf(at);
    if (i < 0 || i + 1 >= tokens.length) return at.endOffset ?? at.startOffset;
    if (!this.stop) {
      const n = tokens.length;
      this.stop = new Int32Array(n + 1).fill(-1);
      this.close = new Int32Array(n).fill(-1);
      for (let k = n - 1; k >= 0; k--) {
        const name = tokens[k]!.tokenType.name;
        this.stop[k] = name === 'Semi' || name === 'LBrace' ? k : this.stop[k + 1]!;
      }
      const open: number[] = [];
      for (let k = 0; k < n; k++) {
        const name = tokens[k]!.tokenType.name;
        if (name === 'LBrace') open.push(k);
        else if (name === 'RBrace' && open.length) this.close[open.pop()!] = k;
      }
    }
    const k = this.stop[i + 1]!;
    if (k < 0) return at.endOffset ?? at.startOffset;
    if (tokens[k]!.tokenType.name === 'Semi') return tokens[k]!.endOffset!;
    const c = this.close![k]!;
    return c >= 0 ? tokens[c]!.endOffset! : tokens[tokens.length - 1]!.endOffset!;
  }
}

/** Whether the token at `at` starts an entry of a subject's braces (after its `{` or a `；`) and is followed by `：`. */
function inSubject(tokens: IToken[], at: number): boolean {
  const before = tokens[at - 1]?.tokenType.name;
  if (at < 0 || tokens[at + 1]?.tokenType.name !== 'Colon' || (before !== 'LBrace' && before !== 'Semi')) return false;
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const n = tokens[i]!.tokenType.name;
    if (n === 'RBrace') depth++;
    else if (n === 'LBrace' && depth-- === 0) {
      for (let j = i - 1; j >= 0 && j >= i - 4; j--) if (tokens[j]!.tokenType.name === 'Subject') return tokens[j - 1]?.tokenType.name !== 'Colon';
      return false;
    }
  }
  return false;
}

export function parse(text: string, path: ParsePath = 'direct'): ParseResult {
  const lexed = lex(text);
  const errors: SyntaxDiagnostic[] = [];
  /** Parts of the text a lexical error already explains (P1047): the parser's errors there follow from it. */
  const lexQuiet: Range[] = [];
  for (const e of lexed.errors) {
    const range = { start: e.offset, end: Math.min(text.length, e.offset + e.length) };
    if (FULL_WIDTH_DIGIT.test(e.char)) {
      const ascii = asciiDigits(e.char);
      errors.push({ code: 'P1002', range, args: { char: e.char, ascii } });
    } else if (e.char.startsWith('【') || e.char.startsWith('】')) {
      // A 【 without its 】 on the same line (or a 】 alone): the name it opens is read as plain words up to the line's end.
      errors.push({ code: 'P1056', range: { start: range.start, end: range.start + 1 }, args: { char: e.char.charAt(0) } });
      lexQuiet.push({ start: valueStart(text, range.start), end: statementEnd(text, range.start) });
    } else if (e.char === '"' || e.char === '“' || e.char === '「') {
      errors.push({ code: 'P1005', range, args: { char: e.char } });
    } else if (DASHES.test(e.char) && /[0-9]$/.test(text.slice(0, e.offset).trimEnd()) && /^\s*[0-9]/.test(text.slice(e.offset + e.length))) {
      // `16—24周岁`, `3～12个月`: the texts' dash between two numbers is a range, written with 至.
      const low = /[0-9.]+$/.exec(text.slice(0, e.offset).trimEnd())![0];
      const high = /^\s*([0-9.]+[\p{L}]*)/u.exec(text.slice(e.offset + e.length))![1]!;
      errors.push({ code: 'P1047', range, args: { found: `${low}${e.char}${high}`, fix: `${low}至${high}` } });
      lexQuiet.push({ start: valueStart(text, range.start), end: statementEnd(text, range.start) });
    } else {
      errors.push({ code: 'P1001', range, args: { char: e.char } });
    }
  }
  // Too-deep parts of expressions are cut before the (recursive) parser sees them.
  const limited = limitNesting(lexed.tokens, MAX_NESTING, lexed.typeIdx);
  for (const cut of limited.cuts) errors.push({ code: 'P1006', range: cut.range, args: { limit: String(MAX_NESTING) } });
  const decls = path === 'direct' ? parseDirect(limited.tokens) : undefined;
  if (decls) {
    const comments: Comment[] = lexed.comments.map((c) => ({ text: c.image, range: { start: c.startOffset, end: c.endOffset! + 1 }, block: c.tokenType.name === 'BlockComment' }));
    errors.sort((a, b) => a.range.start - b.range.start);
    return { file: { kind: 'File', decls, range: { start: 0, end: text.length } }, comments, tokens: lexed.tokens, errors };
  }
  const { cst, errors: perrs } = parseTokens(limited.tokens);
  const index = new TokenIndex(limited.tokens);
  const namesReported = new Set<string>();
  /** The end of the braces after a keyword used as a name (P1015): errors up to it are not reported. */
  let reservedUntil: number | undefined;
  const quiet: Range[] = [...lexQuiet];
  for (const e of perrs) {
    const t = e.token;
    const atEof = t.tokenType.name === 'EOF' || !Number.isFinite(t.startOffset);
    let range: Range;
    if (atEof) {
      const prev = e.previousToken && Number.isFinite(e.previousToken.startOffset) ? e.previousToken : lexed.tokens[lexed.tokens.length - 1];
      const at = prev ? prev.endOffset! + 1 : text.length;
      range = { start: Math.min(at, text.length), end: Math.min(at, text.length) };
    } else {
      range = { start: t.startOffset, end: t.endOffset! + 1 };
    }
    const expected = expectedNames(e.message).join(',');
    const rule = e.ruleStack[e.ruleStack.length - 1] ?? 'file';
    // A keyword where a name is expected (对象 人, 待遇 贷款): one error saying the word is reserved (P1015), and the
    // errors recovery then reports inside the same braces are dropped (they all follow from the one mistake).
    // A keyword as a fact's name in a subject (对象 企业 { 核定：元；}): the parser wanted the block's end, but the word
    // and its `：` say a fact was meant — the same error as a keyword where a name is expected (P1015).
    const keywordFact = !atEof && KEYWORD_IDS.has(t.tokenType.name) && inSubject(limited.tokens, index.indexOf(t));
    if (!atEof && (expected === 'Identifier' || keywordFact) && KEYWORD_IDS.has(t.tokenType.name)) {
      if (reservedUntil !== undefined && range.start <= reservedUntil) continue;
      const en = KEYWORDS.find((s) => s.id === t.tokenType.name)?.en[0] ?? '';
      errors.push({ code: 'P1015', range, args: { word: t.image, en } });
      reservedUntil = index.blockEnd(t);
      quiet.push({ start: range.start, end: reservedUntil });
      continue;
    }
    if (reservedUntil !== undefined && range.start <= reservedUntil) continue;
    // `（含）` / `（不含）` where no bound stands before it (金额：100万元（含）, 类别 为 甲（含）): say where a mark may stand.
    // The error is reported at the `（` or at the word after it; the errors recovery then reports up to the statement's `；` follow from it.
    const at = atEof ? -1 : index.indexOf(t);
    const open = at < 0 ? -1 : t.tokenType.name === 'LParen' ? at : limited.tokens[at - 1]?.tokenType.name === 'LParen' ? at - 1 : -1;
    const markWord = open >= 0 ? limited.tokens[open + 1]?.tokenType.name : undefined;
    if ((markWord === 'Incl' || markWord === 'Excl') && limited.tokens[open + 2]?.tokenType.name === 'RParen') {
      const start = limited.tokens[open]!.startOffset;
      const semi = limited.tokens.findIndex((x, i) => i > open && x.tokenType.name === 'Semi');
      const end = limited.tokens[open + 2]!.endOffset! + 1;
      errors.push({ code: 'P1040', range: { start, end }, args: { mark: markWord === 'Incl' ? '含' : '不含', markEn: markWord === 'Incl' ? 'incl' : 'excl' } });
      quiet.push({ start, end: semi >= 0 ? limited.tokens[semi]!.endOffset! + 1 : end });
      continue;
    }
    // `优秀（五星）`, `第四家及以后`, `3A级` where a name stands: one error saying to write it in 【】 (P1055), once per name.
    const named = at < 0 || lexQuiet.some((q) => range.start >= q.start && range.start < q.end) ? undefined : textName(limited.tokens, at, text, index);
    if (named) {
      const code = named.code ?? 'P1055';
      // Once per name: the names reported so far, by code and start (a list scanned per error was quadratic).
      const key = `${code}@${named.range.start}`;
      if (!namesReported.has(key)) {
        namesReported.add(key);
        errors.push({ code, range: named.range, args: named.args });
        quiet.push({ start: valueStart(text, named.range.start), end: named.quietEnd });
      }
      continue;
    }
    if (quiet.some((q) => range.start >= q.start && range.start < q.end)) continue;
    // `50亿元（含50亿元）`: the text restates the bound inside the mark; the mark alone says it (P1046 writes `50亿元（含）`).
    const restated = at < 0 ? undefined : (restatedMark(limited.tokens, at, text) ?? misplacedWord(limited.tokens, at, text));
    if (restated) {
      errors.push({ code: restated.code ?? 'P1046', range: restated.range, args: restated.args });
      quiet.push({ start: valueStart(text, restated.range.start), end: restated.quietEnd });
      continue;
    }
    errors.push(
      atEof
        ? { code: 'P1004', range, args: { expected, rule } }
        : { code: 'P1003', range, args: { found: t.image, expected, rule } },
    );
  }
  const file = buildFile(cst, text.length);
  const comments: Comment[] = lexed.comments.map((c) => ({
    text: c.image,
    range: { start: c.startOffset, end: c.endOffset! + 1 },
    block: c.tokenType.name === 'BlockComment',
  }));
  errors.sort((a, b) => a.range.start - b.range.start);
  return { file, comments, tokens: lexed.tokens, errors, ...(quiet.length && { quiet }) };
}
