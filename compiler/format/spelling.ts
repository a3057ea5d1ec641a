// How each source token is spelled in the formatted output: keyword spelling
// (keep / Chinese / English), punctuation width (full / half, or per-class
// majority), string quoting and date spelling. Spelling never changes what a
// token means: the respelled text lexes to the same token type and value.
import type { IToken, TokenType } from 'chevrotain';
import { KEYWORDS, type KeywordSpec } from '../../grammar/keywords.ts';
import { KW, DateLit, StringLit, lex } from '../../grammar/tokens.ts';
import { isoDate, stringValue } from '../../grammar/build.ts';

export type KeywordMode = 'keep' | 'zh' | 'en';
export type PunctuationMode = 'auto' | 'full' | 'half';

/** Punctuation classes whose width the formatter chooses. */
export type PunctClass = 'colon' | 'semi' | 'comma' | 'paren' | 'brace' | 'quote';
export const PUNCT_CLASSES: readonly PunctClass[] = ['colon', 'semi', 'comma', 'paren', 'brace', 'quote'];

/** For each class: true = full-width (：；，（）｛｝“”), false = half-width (: ; , ( ) { } ""). */
export type PunctuationPlan = Record<PunctClass, boolean>;

const CLASS_OF_TOKEN: Readonly<Record<string, PunctClass>> = {
  Colon: 'colon',
  Semi: 'semi',
  Comma: 'comma',
  LParen: 'paren',
  RParen: 'paren',
  LBrace: 'brace',
  RBrace: 'brace',
};

const FULL_FORM: Readonly<Record<string, string>> = {
  Colon: '：',
  Semi: '；',
  Comma: '，',
  LParen: '（',
  RParen: '）',
  LBrace: '｛',
  RBrace: '｝',
};

const HALF_FORM: Readonly<Record<string, string>> = {
  Colon: ':',
  Semi: ';',
  Comma: ',',
  LParen: '(',
  RParen: ')',
  LBrace: '{',
  RBrace: '}',
};

/** Full-width forms of ASCII operators; in half-width mode they print as ASCII. */
const FULLWIDTH_OPERATORS: Readonly<Record<string, string>> = {
  '＋': '+',
  '－': '-',
  '＊': '*',
  '／': '/',
  '＞': '>',
  '＜': '<',
  '＝': '=',
  '％': '%',
  '＞＝': '>=',
  '＜＝': '<=',
  '！＝': '!=',
};

const SPEC_BY_TYPE = new Map<TokenType, KeywordSpec>(KEYWORDS.map((s) => [KW[s.id]!, s]));

export const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

/** The keyword spec when the token is a keyword (never for date literals, which share the name 'Date'). */
export function keywordSpecOf(t: IToken): KeywordSpec | undefined {
  return SPEC_BY_TYPE.get(t.tokenType);
}

function isFullWidthToken(t: IToken): boolean {
  if (t.tokenType === StringLit) return !t.image.startsWith('"');
  return !isAscii(t.image);
}

/** Which width each punctuation class gets. `auto`: the majority of that class in the source; ties go full-width. */
export function punctuationPlan(mode: PunctuationMode, tokens: readonly IToken[]): PunctuationPlan {
  if (mode === 'full' || mode === 'half') {
    const full = mode === 'full';
    return { colon: full, semi: full, comma: full, paren: full, brace: full, quote: full };
  }
  const counts: Record<PunctClass, { full: number; half: number }> = {
    colon: { full: 0, half: 0 },
    semi: { full: 0, half: 0 },
    comma: { full: 0, half: 0 },
    paren: { full: 0, half: 0 },
    brace: { full: 0, half: 0 },
    quote: { full: 0, half: 0 },
  };
  for (const t of tokens) {
    const cls = t.tokenType === StringLit ? 'quote' : CLASS_OF_TOKEN[t.tokenType.name];
    if (!cls) continue;
    if (isFullWidthToken(t)) counts[cls].full++;
    else counts[cls].half++;
  }
  const plan = {} as PunctuationPlan;
  for (const cls of PUNCT_CLASSES) plan[cls] = counts[cls].full >= counts[cls].half;
  return plan;
}

/** A half-width string literal whose value is exactly `value`. */
export function halfWidthString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

/**
 * Values that can be written between “ ”: no newline, and any “ ” inside come
 * in pairs one level deep, as the lexer reads them (关于深化“新萧匠”…).
 */
const FULL_WIDTH_VALUE = /^(?:[^“”\n]|“[^“”\n]*”)*$/;

/** Respells a string literal, keeping its value. */
export function spellString(image: string, full: boolean): string {
  const value = stringValue(image);
  if (!full) return halfWidthString(value);
  if (image.startsWith('“')) return image;
  if (FULL_WIDTH_VALUE.test(value)) return `“${value}”`;
  // Otherwise keep 「…」, or write a canonical "…".
  return image.startsWith('「') ? image : halfWidthString(value);
}

/** Respells a date literal: keep as written, 2025年3月1日 (zh) or 2025-03-01 (en). */
export function spellDate(image: string, mode: KeywordMode): string {
  if (mode === 'keep') return image;
  const iso = isoDate(image);
  if (mode === 'en') return iso;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return image;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

export class Speller {
  constructor(
    readonly keywords: KeywordMode,
    readonly punctuation: PunctuationMode,
    readonly plan: PunctuationPlan,
  ) {}

  spell(t: IToken): string {
    const spec = keywordSpecOf(t);
    if (spec) {
      if (this.keywords === 'zh') return spec.zh[0]!;
      if (this.keywords === 'en') return spec.en[0]!;
      return t.image;
    }
    if (t.tokenType === DateLit) return spellDate(t.image, this.keywords);
    if (t.tokenType === StringLit) return spellString(t.image, this.plan.quote);
    const name = t.tokenType.name;
    const cls = CLASS_OF_TOKEN[name];
    if (cls) {
      if (!this.plan[cls]) return HALF_FORM[name]!;
      // The enumeration comma 、 counts as a full-width comma; `auto` keeps it
      // as written, an explicit `full` writes ，.
      if (name === 'Comma' && t.image === '、' && this.punctuation === 'auto') return t.image;
      return FULL_FORM[name]!;
    }
    if (this.punctuation === 'half') return FULLWIDTH_OPERATORS[t.image] ?? t.image;
    return t.image;
  }
}

const glueCache = new Map<string, boolean>();

function lexTypes(text: string): { names: string[]; images: string[] } | undefined {
  const l = lex(text);
  if (l.errors.length > 0 || l.comments.length > 0) return undefined;
  return { names: l.tokens.map((t) => t.tokenType.name), images: l.tokens.map((t) => t.image) };
}

/**
 * Whether two token texts written with nothing between them still lex as the
 * same two tokens (`3` + `名` does; `高级工及` + `以上` does not).
 */
export function canGlue(left: string, right: string): boolean {
  const key = `${left}\u0000${right}`;
  let ok = glueCache.get(key);
  if (ok === undefined) {
    const a = lexTypes(left);
    const b = lexTypes(right);
    const ab = lexTypes(left + right);
    ok =
      !!a &&
      !!b &&
      !!ab &&
      a.names.length === 1 &&
      b.names.length === 1 &&
      ab.names.length === 2 &&
      ab.images[0] === left &&
      ab.images[1] === right &&
      ab.names[0] === a.names[0] &&
      ab.names[1] === b.names[0];
    glueCache.set(key, ok);
  }
  return ok;
}
