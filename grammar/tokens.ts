// Token definitions. Chevrotain rebuilds regexes without the `u` flag, so
// everything that needs Unicode classes (identifiers) uses a custom matcher
// with a sticky /…/uy regex. Full-width and half-width punctuation lex to the
// same token type.
import { createToken, Lexer, type TokenType, type ILexingError, type IToken } from 'chevrotain';
import { KEYWORDS, POSTFIX_COMPARISON_IDS } from './keywords.ts';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\u3000\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments', line_breaks: true });

// “…” strings may nest one level of “…” (titles quote names: 关于深化“新萧匠”…).
// A string ends on its line; a line ends at \n, \r\n or a lone \r (as in LSP and editors).
export const StringLit = createToken({
  name: 'String',
  pattern: /"(?:[^"\\\n\r]|\\.)*"|“(?:[^“”\n\r]|“[^“”\n\r]*”)*”|「[^」\n\r]*」/,
});

// A month (`2017年5月`, no day after it) is a date literal too: a bound of a date condition (`2017年5月以后`), never a length.
export const DateLit = createToken({ name: 'DateLiteral', pattern: /\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月(?:\d{1,2}日|(?![0-9０-９日]))/ });
// Full-width digits lex as a number too, so the parse goes on as if they were ASCII; lex() reports each
// such number (P1002), and the tree holds its ASCII value.
export const NumberLit = createToken({ name: 'Number', pattern: /[0-9０-９]+(?:\.[0-9０-９]+)?/ });
const FULL_WIDTH_DIGIT = /[０-９]/;
/** A number's ASCII spelling (full-width digits converted). */
export const asciiDigits = (s: string): string => s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48));

// Identifier: Unicode letters; ASCII digits only after an ASCII letter, digit or
// underscore (so `人次满50` does not swallow the 50). A trailing statutory
// comparison word is split off: `高级工及以上` is 高级工 + 及以上, `人次满` is 人次 + 满,
// and so is 至: `3000元至6000元` is 3000元 + 至 + 6000元.
const IDENT_RE = /[\p{L}_][\p{L}\p{M}_·]*/uy;
const IDENT_REST_RE = /[\p{L}\p{M}_·]*/uy;
/** A character IDENT_RE takes anywhere, decided without it: ASCII letters, `_`, CJK Unified Ideographs (U+4E00–U+9FFF, all \p{L}). */
const isCommonLetter = (c: number): boolean => (c >= 0x4e00 && c <= 0x9fff) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
/**
 * Where IDENT_RE's match at `at` ends, or -1 when it does not match there. The common letters are read without the
 * regex (its Unicode classes were a visible part of lexing); at the first other character above ASCII the regex
 * decides the rest. test/grammar/lexer.test.ts compares it with IDENT_RE.
 */
export function identifierEnd(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (!isCommonLetter(c)) {
    if (c < 0x80 || c !== c /* NaN: end of text */) return -1;
    IDENT_RE.lastIndex = at;
    return IDENT_RE.test(text) ? IDENT_RE.lastIndex : -1;
  }
  let i = at + 1;
  for (;;) {
    const d = text.charCodeAt(i);
    if (isCommonLetter(d)) i++;
    else if (d < 0x80 || d !== d) return i;
    else {
      IDENT_REST_RE.lastIndex = i;
      IDENT_REST_RE.test(text);
      return IDENT_REST_RE.lastIndex;
    }
  }
}
const TAIL_WORDS = ['及以上', '及以下', '及以后', '及以前', '及之后', '及之前', '不超过', '不高于', '不低于', '以上', '以下', '以内', '以外', '不满', '届满', '超过', '突破', '高于', '低于', '并且', '或者', '满', '且', '或', '至今', '至', '以后', '以前', '之后', '之前'];
/** `2年内`, `6个月内`, `30日内`: a unit followed by 内 (within) is split too (a name may end in 内: 园区内 is one name). */
const WITHIN_AFTER_UNIT = /^(?:年|个月|月|日|天|周岁|岁)内$/;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/**
 * Keyword spellings no name continues through digits after: 自2025年 is 自 + a date, 最高5000元 a ceiling, 满6个月 a
 * comparison, 3年6个月 two quantities. The keywords that name a block, a field or a type may begin a name with digits
 * (名单1, 日期2, 条件3甲): in the language they are followed by `：`, `{` or a name, never by a number.
 */
const NAME_LIKE: ReadonlySet<string> = new Set(['declaration', 'field']);
const NAME_LIKE_EXCEPT: ReadonlySet<string> = new Set(['Ceiling', 'CeilingInPrinciple', 'AnnualCap', 'CumulativeCap', 'TimesPerYear', 'MaxDuration', 'RunningTotal', 'OncePer', 'OncePerYear', 'DistinctPerYear', 'DistinctKeys', 'Period']);
const NAME_LIKE_VALUES: ReadonlySet<string> = new Set(['ListOf', 'TextType', 'BoolType', 'Reviewed']);
const NO_DIGITS_AFTER: ReadonlySet<string> = new Set(
  KEYWORDS.filter((s) => !((NAME_LIKE.has(s.category) && !NAME_LIKE_EXCEPT.has(s.id)) || NAME_LIKE_VALUES.has(s.id))).flatMap((s) => s.zh),
);
/** Unit spellings: digits followed by one of them (and nothing else) are a quantity, not part of a name (年龄16至24周岁, 人数30人以上). */
const UNIT_SPELLINGS: ReadonlySet<string> = new Set(KEYWORDS.filter((s) => s.category === 'unit').flatMap((s) => s.zh));
/**
 * Where digits may end a name (名单1：, 人员2，, 合计（名单1，…）, 日期1 早于 …): before a mark no number continues,
 * or before spaces not followed by what a quantity continues with (a unit, 至, a comparison written after its bound).
 */
const AFTER_QUANTITY_FIRST: ReadonlySet<number> = new Set(
  [...UNIT_SPELLINGS, '至', '以', '及', '内', '前', '后'].map((w) => w.charCodeAt(0)),
);
function isNameEnd(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c !== c /* NaN: end of text */) return true;
  if (c === 0xff1a || c === 58 || c === 0xff0c || c === 44 || c === 0x3001 || c === 0xff1b || c === 59 || c === 0xff09 || c === 41 || c === 0xff5d || c === 125) return true;
  if (!(c === 32 || c === 9 || c === 0x3000 || c === 10 || c === 13)) return false;
  let n = at;
  while ((n = n + 1) < text.length && /[ \t\u3000\r\n]/.test(text.charAt(n)));
  const next = text.charCodeAt(n);
  return !(AFTER_QUANTITY_FIRST.has(next) || isDigit(next));
}
const JOINERS: ReadonlySet<number> = new Set([...'和或及与'].map((c) => c.charCodeAt(0)));
const isAsciiWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** The last characters of the tail words (most identifiers end otherwise: no tail to try). */
const TAIL_LAST = new Set(TAIL_WORDS.map((w) => w.charCodeAt(w.length - 1)));

/** `word` without a trailing statutory comparison word (or 内 after a time unit). */
function splitTail(word: string): string {
  if (WITHIN_AFTER_UNIT.test(word)) return word.slice(0, -1);
  if (TAIL_LAST.has(word.charCodeAt(word.length - 1))) {
    for (const tail of TAIL_WORDS)
      if (word.length > tail.length && word.endsWith(tail)) {
        const rest = word.slice(0, word.length - tail.length);
        // Two words in a row after a unit (`1000万元以上不满5000万元`): the unit alone, so it lexes as the unit.
        const unit = splitTail(rest);
        return unit !== rest && UNIT_SPELLINGS.has(unit) ? unit : rest;
      }
  }
  return word;
}

/**
 * A name as source text: bare when the lexer reads it back as that one name (or it is a keyword's spelling, which a
 * suggestion may be), else in 【】 (`优秀（五星）` → `【优秀（五星）】`, `3A级` → `【3A级】`). Completion and quick fixes write names with it.
 */
export function writeName(name: string): string {
  if (name === '' || identifierAt(name, 0) === name || longestKeyword(name, 0)?.text === name || /[【】\s]/u.test(name)) return name;
  return `【${name}】`;
}

export function matchIdentifier(text: string, offset: number): RegExpExecArray | null {
  const word = identifierAt(text, offset);
  if (word === null) return null;
  const result = [word] as unknown as RegExpExecArray;
  result.index = offset;
  result.input = text;
  return result;
}

/**
 * A name in lenticular brackets, as the texts write a category: `【优秀（五星）】`, `【3A级】`, `【80万（含）至200万（不含）】`.
 * Anything but a bracket or white space stands inside; the name is the text inside (`nameText`), the token the whole.
 */
const QUOTED_NAME_RE = /【[^【】\s]+】/uy;
/** The name a token spells: the text inside `【…】`, or the token's image. */
export const nameText = (image: string): string => (image.charCodeAt(0) === 0x3010 && image.endsWith('】') ? image.slice(1, -1) : image);

/** The identifier at `offset` (matchIdentifier's word), null when none: the lexer's form, no match array per identifier. */
function identifierAt(text: string, offset: number): string | null {
  if (text.charCodeAt(offset) === 0x3010) {
    QUOTED_NAME_RE.lastIndex = offset;
    return QUOTED_NAME_RE.test(text) ? text.slice(offset, QUOTED_NAME_RE.lastIndex) : null;
  }
  // test() and lastIndex, not exec(): no match array per identifier.
  let end = identifierEnd(text, offset);
  if (end < 0) return null;
  // ASCII identifiers continue through digits: level2, item_10.
  while (end < text.length && isAsciiWord(text.charCodeAt(end)) && isAsciiWord(text.charCodeAt(end - 1))) {
    end++;
    const more = identifierEnd(text, end);
    if (more >= 0) end = more;
  }
  // Digits inside a name — 近3年营业收入, 第2批 — when they stand between letters, the name before them is not a keyword
  // that takes a number (自2025年… is 自 + a date) and does not end in a comparison word (参保月数满6个月 is 参保月数 + 满 +
  // 6个月); at the end of a name when a mark follows that no number continues (名单1：, 日期2，).
  let beforeDigits = -1;
  while (isDigit(text.charCodeAt(end)) && end > offset && !isAsciiWord(text.charCodeAt(end - 1))) {
    const before = text.slice(offset, end);
    if (NO_DIGITS_AFTER.has(before) || TAIL_WORDS.some((w) => before.endsWith(w))) break;
    let d = end;
    while (isDigit(text.charCodeAt(d))) d++;
    const after = identifierEnd(text, d);
    if (after < 0) {
      if (isNameEnd(text, d)) end = d;
      break;
    }
    beforeDigits = end;
    end = after;
  }
  let word = splitTail(text.slice(offset, end));
  // Digits and a unit (or nothing) left after the split are a quantity after a name: 年龄16至24周岁 is 年龄 + 16 + 至 …,
  // 人数30人以上 is 人数 + 30人 + 以上. After 和/或/及/与 they stay one word (1亿元和2亿元以上: P2194 explains it).
  if (beforeDigits > offset && word.length > beforeDigits - offset && !JOINERS.has(text.charCodeAt(beforeDigits - 1))) {
    let u = beforeDigits - offset;
    while (isDigit(word.charCodeAt(u))) u++;
    const rest = word.slice(u);
    if (rest === '' || UNIT_SPELLINGS.has(rest)) word = splitTail(text.slice(offset, beforeDigits));
  }
  return word;
}

// Which characters may start an identifier, for Chevrotain's first-character
// table. Below 256 the table is exact: `_` and the Latin-1 letters. Above, it
// has one slot per block of 255 character codes (chevrotain's
// charCodeToOptimizedIndex), so one code of every block stands for the whole
// block: every non-ASCII character is a candidate start, and the identifier's
// own regex (which fails at once on punctuation) decides. Listing every BMP
// letter instead took ~30 ms at every start.
function identifierStartChars(): number[] {
  const out: number[] = [95];
  const letter = /\p{L}/u;
  for (let c = 65; c < 256; c++) if (letter.test(String.fromCharCode(c))) out.push(c);
  for (let c = 256; c <= 0xffff; c += 255) out.push(c);
  out.push(0xffff);
  return out;
}

export const Identifier = createToken({
  name: 'Identifier',
  pattern: { exec: matchIdentifier },
  line_breaks: false,
  start_chars_hint: identifierStartChars(),
});

// Keywords: at each offset the longest spelling of any keyword wins (不超过
// over 超过, 是否 over 是, not-exceeding over not), whatever the token order;
// `longer_alt` then lets a longer identifier (技能等级 over 等级) win.
const SPELLINGS = KEYWORDS.flatMap((spec) => [...spec.zh, ...spec.en].map((text) => ({ text, id: spec.id }))).sort(
  (a, b) => b.text.length - a.text.length,
);
let cacheText = '';
let cacheOffset = -1;
let cacheHit: { text: string; id: string } | undefined;

function longestKeyword(text: string, offset: number) {
  if (text !== cacheText || offset !== cacheOffset) {
    cacheText = text;
    cacheOffset = offset;
    cacheHit = SPELLINGS.find((s) => text.startsWith(s.text, offset));
  }
  return cacheHit;
}

// Token categories keep the grammar's alternations small (one CONSUME of a
// category instead of an OR over thirty keywords), which keeps parsing fast.
// 对象 and 资金 are declarations at top level and fields inside a benefit.
export const FIELD_KEYS = [...KEYWORDS.filter((s) => s.category === 'field').map((s) => s.id), 'Subject', 'Fund', 'Parameter'];
export const UNIT_IDS = KEYWORDS.filter((s) => s.category === 'unit').map((s) => s.id);
export const PREFIX_COMPARISONS = ['Reaches', 'Completes', 'Under', 'NotExceeding', 'Exceeds', 'Surpasses', 'NotAbove', 'NotBelow', 'Above', 'Below', 'Earlier', 'Later', 'Is', 'IsNot'];
export const SYMBOL_COMPARISONS = ['GreaterEq', 'LessEq', 'NotEq', 'Greater', 'Less', 'Equals'];
export const POSTFIX_COMPARISONS = POSTFIX_COMPARISON_IDS;
export const VALUE_KEYWORDS = ['Once', 'Annually', 'Monthly', 'PerOccasion', 'NoApplication', 'OnApplication', 'Eligible', 'Ineligible', 'Undetermined', 'HalfUp', 'Down', 'Up', 'NotStated', 'AsOfDate', 'TaxDeduction', 'Loan', 'Voucher', 'Cash', 'Remainder', 'NoMembers', 'EachBracket', 'HighestBracket'];

export const FieldKey = createToken({ name: 'FieldKey', pattern: Lexer.NA });
export const UnitWord = createToken({ name: 'UnitWord', pattern: Lexer.NA });
export const PrefixCmp = createToken({ name: 'PrefixCmp', pattern: Lexer.NA });
export const PostfixCmp = createToken({ name: 'PostfixCmp', pattern: Lexer.NA });
export const ValueWord = createToken({ name: 'ValueWord', pattern: Lexer.NA });

function categoriesOf(id: string): TokenType[] {
  const out: TokenType[] = [];
  if (FIELD_KEYS.includes(id)) out.push(FieldKey);
  if (UNIT_IDS.includes(id)) out.push(UnitWord);
  if (PREFIX_COMPARISONS.includes(id) || SYMBOL_COMPARISONS.includes(id)) out.push(PrefixCmp);
  if (POSTFIX_COMPARISONS.includes(id)) out.push(PostfixCmp);
  if (VALUE_KEYWORDS.includes(id)) out.push(ValueWord);
  return out;
}

function keywordToken(id: string, spellings: string[]): TokenType {
  return createToken({
    categories: categoriesOf(id),
    name: id,
    pattern: {
      exec: (text: string, offset: number) => {
        const hit = longestKeyword(text, offset);
        if (!hit || hit.id !== id) return null;
        const result = [hit.text] as unknown as RegExpExecArray;
        result.index = offset;
        return result;
      },
    },
    line_breaks: false,
    start_chars_hint: [...new Set(spellings.map((s) => s.charCodeAt(0)))],
    longer_alt: Identifier,
  });
}

export const keywordTokens: Record<string, TokenType> = {};
for (const spec of KEYWORDS) {
  keywordTokens[spec.id] = keywordToken(spec.id, [...spec.zh, ...spec.en]);
}
const keywordOrder = KEYWORDS;

export const Colon = createToken({ name: 'Colon', pattern: /[:：]/ });
export const Semi = createToken({ name: 'Semi', pattern: /[;；]/ });
export const Comma = createToken({ name: 'Comma', pattern: /[,，、]/ });
export const LParen = createToken({ name: 'LParen', pattern: /[(（]/ });
export const RParen = createToken({ name: 'RParen', pattern: /[)）]/ });
export const LBrace = createToken({ name: 'LBrace', pattern: /[{｛]/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /[}｝]/ });
export const Slash = createToken({ name: 'Slash', pattern: /[/／]/ });
export const Plus = createToken({ name: 'Plus', pattern: /[+＋]/ });
export const Minus = createToken({ name: 'Minus', pattern: /[-－−]/ });
export const Star = createToken({ name: 'Star', pattern: /[*×＊]/ });
export const Divide = createToken({ name: 'Divide', pattern: /÷/ });
export const GreaterEq = createToken({ name: 'GreaterEq', categories: [PrefixCmp], pattern: />=|≥|＞＝/ });
export const LessEq = createToken({ name: 'LessEq', categories: [PrefixCmp], pattern: /<=|≤|＜＝/ });
export const NotEq = createToken({ name: 'NotEq', categories: [PrefixCmp], pattern: /!=|≠|！＝/ });
export const Greater = createToken({ name: 'Greater', categories: [PrefixCmp], pattern: /[>＞]/ });
export const Less = createToken({ name: 'Less', categories: [PrefixCmp], pattern: /[<＜]/ });
export const Equals = createToken({ name: 'Equals', categories: [PrefixCmp], pattern: /[=＝]/ });
export const Percent = createToken({ name: 'Percent', pattern: /[%％]/ });

export const allTokens: TokenType[] = [
  FieldKey,
  UnitWord,
  PrefixCmp,
  PostfixCmp,
  ValueWord,
  WhiteSpace,
  LineComment,
  BlockComment,
  StringLit,
  DateLit,
  NumberLit,
  ...keywordOrder.map((s) => keywordTokens[s.id]!),
  Identifier,
  Colon,
  Semi,
  Comma,
  LParen,
  RParen,
  LBrace,
  RBrace,
  Slash,
  Plus,
  Minus,
  Star,
  Divide,
  GreaterEq,
  LessEq,
  NotEq,
  Greater,
  Less,
  Equals,
  Percent,
];

export const KW = keywordTokens;

// The scanner. Chevrotain's lexer tries, at each offset, the token types whose
// first-character table admits the character, in `allTokens` order, and the
// first that matches wins (a keyword yields to a longer identifier, its
// `longer_alt`). Its table has one slot per block of 255 character codes above
// U+00FF, so at every Chinese character it called dozens of keyword matchers
// that could not match; that was most of the time lexing took. `lex()` runs the
// same rule over the same token definitions — each pattern is the token type's
// own regex (made sticky, as Chevrotain does) or matcher — with exact
// first-character dispatch: whitespace, comments, strings, numbers, keywords by
// their first character (longest spelling), identifiers, punctuation. Tokens
// carry offsets only (lines come from a LineIndex). test/grammar/lexer.test.ts
// checks it against Chevrotain's lexer built from the same definitions, on
// every character of the BMP and on random texts, errors included.

/** A token type's pattern as a sticky regex (Chevrotain drops every flag but `i` and adds `y`). */
const sticky = (t: TokenType): RegExp => new RegExp((t.PATTERN as RegExp).source, 'y');
const WS_RE = sticky(WhiteSpace);
const LINE_COMMENT_RE = sticky(LineComment);
const BLOCK_COMMENT_RE = sticky(BlockComment);
const STRING_RE = sticky(StringLit);
const DATE_RE = sticky(DateLit);
const NUMBER_RE = sticky(NumberLit);

/** Keyword spellings by first character, longest first (the order `longestKeyword` searches). */
const KEYWORDS_BY_FIRST = new Map<number, { text: string; type: TokenType }[]>();
for (const s of SPELLINGS) {
  const c = s.text.charCodeAt(0);
  let list = KEYWORDS_BY_FIRST.get(c);
  if (!list) KEYWORDS_BY_FIRST.set(c, (list = []));
  list.push({ text: s.text, type: keywordTokens[s.id]! });
}

const PUNCTUATION = [Colon, Semi, Comma, LParen, RParen, LBrace, RBrace, Slash, Plus, Minus, Star, Divide, GreaterEq, LessEq, NotEq, Greater, Less, Equals, Percent];
/**
 * Punctuation by first character, in `allTokens` order. The candidates are every character written in
 * the patterns; a token starts with c when its pattern matches c alone or c followed by one of them.
 */
const PUNCTUATION_BY_FIRST = (() => {
  const out = new Map<number, { type: TokenType; re: RegExp }[]>();
  const chars = new Set<string>();
  for (const t of PUNCTUATION) for (const ch of (t.PATTERN as RegExp).source) chars.add(ch);
  for (const c of chars) {
    const list: { type: TokenType; re: RegExp }[] = [];
    for (const t of PUNCTUATION) {
      const re = sticky(t);
      const starts = [c, ...[...chars].map((d) => c + d)].some((probe) => ((re.lastIndex = 0), re.test(probe) && re.lastIndex > 0));
      if (starts) list.push({ type: t, re });
    }
    if (list.length) out.set(c.charCodeAt(0), list);
  }
  return out;
})();

const isWhiteSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000 || c === 0xa0 || c === 0xfeff;
const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
const isFullWidthDigit = (c: number): boolean => c >= 0xff10 && c <= 0xff19;

/** A token of the lexer's shape (offsets only; endOffset inclusive, as Chevrotain's). */
const token = (image: string, start: number, type: TokenType): IToken =>
  ({ image, startOffset: start, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type, endOffset: start + image.length - 1 }) as IToken;

const stickyAt = (re: RegExp, text: string, offset: number): number => {
  re.lastIndex = offset;
  return re.test(text) ? re.lastIndex - offset : 0;
};

/** The type of the token `scanAt` found last (kept in a variable: no object per token). */
let scanned: TokenType = WhiteSpace;
/**
 * The image of that token when `scanAt` already has it as a string (a keyword's spelling, an identifier's
 * word, a one-character punctuation mark), else undefined: `lex` then slices the text. A keyword or mark
 * shares one string for all its tokens instead of a copy each (fewer objects that live as long as the tree).
 */
let scannedImage: string | undefined;
/** One-character strings by character code, for punctuation images. */
const CHAR_STRINGS = new Map<number, string>();
const charString = (c: number): string => {
  let s = CHAR_STRINGS.get(c);
  if (s === undefined) CHAR_STRINGS.set(c, (s = String.fromCharCode(c)));
  return s;
};

/** The length of the token at `offset` (the first type in `allTokens` order that matches; its type in `scanned`), 0 when none. */
function scanAt(text: string, offset: number): number {
  const c = text.charCodeAt(offset);
  let n: number;
  scannedImage = undefined;
  if (isWhiteSpace(c) && (n = stickyAt(WS_RE, text, offset))) return ((scanned = WhiteSpace), n);
  if (c === 47 /* / */) {
    if ((n = stickyAt(LINE_COMMENT_RE, text, offset))) return ((scanned = LineComment), n);
    if ((n = stickyAt(BLOCK_COMMENT_RE, text, offset))) return ((scanned = BlockComment), n);
  }
  if ((c === 34 || c === 0x201c || c === 0x300c) && (n = stickyAt(STRING_RE, text, offset))) return ((scanned = StringLit), n);
  if (isAsciiDigit(c) && (n = stickyAt(DATE_RE, text, offset))) return ((scanned = DateLit), n);
  if ((isAsciiDigit(c) || isFullWidthDigit(c)) && (n = stickyAt(NUMBER_RE, text, offset))) return ((scanned = NumberLit), n);
  const kws = KEYWORDS_BY_FIRST.get(c);
  if (kws) {
    for (const k of kws) {
      if (!text.startsWith(k.text, offset)) continue;
      const id = identifierAt(text, offset);
      if (id !== null && id.length > k.text.length) {
        scannedImage = id;
        return ((scanned = Identifier), id.length);
      }
      scannedImage = k.text;
      return ((scanned = k.type), k.text.length);
    }
  }
  if (c > 0x7f || c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
    const id = identifierAt(text, offset);
    if (id !== null) {
      scannedImage = id;
      return ((scanned = Identifier), id.length);
    }
  }
  const puns = PUNCTUATION_BY_FIRST.get(c);
  if (puns)
    for (const p of puns)
      if ((n = stickyAt(p.re, text, offset))) {
        if (n === 1) scannedImage = charString(c);
        return ((scanned = p.type), n);
      }
  return 0;
}

/** Chevrotain's lexer built from the same definitions (the reference `lex()` is tested against). */
export const chevrotainLexer = (): Lexer => new Lexer(allTokens, { ensureOptimizations: false, positionTracking: 'onlyOffset', skipValidations: true });

/** A lexer built with Chevrotain's token validations on (throws on a malformed token definition): for tests. */
export const validatedLexer = (): Lexer => new Lexer(allTokens, { ensureOptimizations: false, positionTracking: 'onlyOffset' });

export interface LexResult {
  tokens: IToken[];
  /**
   * The tokenTypeIdx of each of `tokens`, in a typed array (outside the collected heap): limitNesting's pass
   * over every token reads these instead of the token objects (a visible part of parsing a large file).
   */
  typeIdx?: Uint16Array;
  comments: IToken[];
  errors: { offset: number; length: number; message: string; char: string }[];
}

export function lex(text: string): LexResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const errors: LexResult['errors'] = [];
  const end = text.length;
  // At most one token a character.
  const typeIdx = new Uint16Array(end);
  for (let offset = 0; offset < end; ) {
    const length = scanAt(text, offset);
    if (length) {
      const t = scanned;
      if (t !== WhiteSpace) {
        const tok = token(scannedImage ?? text.slice(offset, offset + length), offset, t);
        if (t === LineComment || t === BlockComment) comments.push(tok);
        else {
          typeIdx[tokens.length] = tok.tokenTypeIdx;
          tokens.push(tok);
          if (t === NumberLit && FULL_WIDTH_DIGIT.test(tok.image)) errors.push({ offset, length, message: 'full-width digit', char: tok.image });
        }
      }
      offset += length;
      continue;
    }
    // No token starts here: skip to the next offset where one does (Chevrotain's recovery).
    const from = offset;
    do offset++;
    while (offset < end && !scanAt(text, offset));
    const skipped = offset - from;
    errors.push({
      offset: from,
      length: skipped,
      message: `unexpected character: ->${text.charAt(from)}<- at offset: ${from}, skipped ${skipped} characters.`,
      char: text.slice(from, offset),
    });
  }
  return { tokens, comments, errors, typeIdx: typeIdx.subarray(0, tokens.length) };
}
