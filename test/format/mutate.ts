// Token-level mutations of a real policy for the formatter's property test.
// A mutation keeps the token sequence of a chosen subset of declarations and
// rewrites everything around and in it: keyword spellings (any Chinese or
// English spelling), punctuation width (、 included), string quoting, date
// spelling, operator spelling, whitespace and line breaks, and random
// comments at token boundaries. Results are not guaranteed to parse; the
// property test keeps the ones that do.
import type { IToken } from 'chevrotain';
import { KEYWORDS, parse } from '../../grammar/index.ts';
import { KW, DateLit, StringLit } from '../../grammar/tokens.ts';
import { isoDate, stringValue } from '../../grammar/build.ts';
import { canGlue } from '../../compiler/format/spelling.ts';
import { seeded } from '../../compiler/diff/population.ts';

/** A small deterministic PRNG (mulberry32, compiler/diff/population.ts). */
export const rng = seeded;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const SPELLINGS = new Map(KEYWORDS.map((s) => [KW[s.id]!, [...s.zh, ...s.en]]));

const PUNCT: Readonly<Record<string, readonly string[]>> = {
  Colon: [':', '：'],
  Semi: [';', '；'],
  Comma: [',', '，', '、'],
  LParen: ['(', '（'],
  RParen: [')', '）'],
  LBrace: ['{', '｛'],
  RBrace: ['}', '｝'],
  Slash: ['/', '／'],
  Plus: ['+', '＋'],
  Minus: ['-', '－', '−'],
  Star: ['*', '×', '＊'],
  GreaterEq: ['>=', '≥', '＞＝'],
  LessEq: ['<=', '≤', '＜＝'],
  NotEq: ['!=', '≠', '！＝'],
  Greater: ['>', '＞'],
  Less: ['<', '＜'],
  Equals: ['=', '＝'],
  Percent: ['%', '％'],
};

function spellString(r: () => number, image: string): string {
  const v = stringValue(image);
  const forms = [`"${v.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`];
  if (/^(?:[^“”\n]|“[^“”\n]*”)*$/.test(v)) forms.push(`“${v}”`);
  if (!/[」\n]/.test(v)) forms.push(`「${v}」`);
  if (image.startsWith('“')) forms.push(image);
  return pick(r, forms);
}

function spellDate(r: () => number, image: string): string {
  const [y, m, d] = isoDate(image).split('-') as [string, string, string];
  return pick(r, [`${y}-${m}-${d}`, `${y}-${Number(m)}-${Number(d)}`, `${y}年${Number(m)}月${Number(d)}日`, `${y}年${m}月${d}日`]);
}

function respell(r: () => number, t: IToken): string {
  const kw = SPELLINGS.get(t.tokenType);
  if (kw) return pick(r, kw);
  if (t.tokenType === StringLit) return spellString(r, t.image);
  if (t.tokenType === DateLit) return spellDate(r, t.image);
  const p = PUNCT[t.tokenType.name];
  if (p) return pick(r, p);
  return t.image;
}

const SPACES = [' ', ' ', ' ', '\n', '\n  ', '\n\n', '\n\n\n    ', '\t', '\u3000', '  '];

export interface MutationOptions {
  seed: number;
  /** How many declarations to keep (at least 1). */
  decls: number;
  /** Probability of respelling a token. */
  respell: number;
  /** Probability of changing the whitespace between two tokens. */
  respace: number;
  /** Probability of inserting a comment at a token boundary. */
  comment: number;
}

const parsedSources = new Map<string, ReturnType<typeof parse>>();

/** Builds a mutated policy text from `source`. */
export function mutate(source: string, o: MutationOptions): string {
  const r = rng(o.seed);
  let parsed = parsedSources.get(source);
  if (!parsed) {
    parsed = parse(source);
    parsedSources.set(source, parsed);
  }
  const decls = parsed.file.decls;
  // Keep `o.decls` declarations, in order, chosen at random.
  const keep = new Set<number>();
  const want = Math.max(1, Math.min(o.decls, decls.length));
  while (keep.size < want) keep.add(Math.floor(r() * decls.length));
  const chosen = [...keep].sort((a, b) => a - b).map((k) => decls[k]!);
  // The text of each chosen declaration, with the comments just before it.
  const spans = chosen.map((d) => {
    const idx = decls.indexOf(d);
    const prevEnd = idx > 0 ? decls[idx - 1]!.range.end : 0;
    const lead = parsed.comments.filter((c) => c.range.start >= prevEnd && c.range.end <= d.range.start);
    return { start: lead.length > 0 ? lead[0]!.range.start : d.range.start, end: d.range.end };
  });
  const tokens = parsed.tokens;
  const comments = parsed.comments;
  let out = '';
  let serial = 0;
  let prev = '';
  const inserted = (): string => {
    serial++;
    const kind = r();
    if (kind < 0.45) return `// c${serial} ${pick(r, ['note', '注释', '解读：见原文', ''])}`.trimEnd() + '\n';
    if (kind < 0.9) return `/* c${serial} */`;
    return `/* c${serial}\n   ${pick(r, ['more', '续行', '*'])} */`;
  };
  for (const span of spans) {
    out += out === '' ? '' : pick(r, ['\n', '\n\n', ' ', '\n\n\n']);
    prev = '';
    const toks = tokens.filter((t) => t.startOffset >= span.start && t.startOffset < span.end);
    let pos = span.start;
    for (const t of toks) {
      // The gap before t, with its original comments.
      let gap = source.slice(pos, t.startOffset);
      const gapComments = comments.filter((c) => c.range.start >= pos && c.range.end <= t.startOffset);
      if (gapComments.length === 0 && r() < o.respace) gap = pick(r, SPACES);
      if (r() < o.comment) {
        const c = inserted();
        const before = pick(r, [' ', '\n', '', '\n\n']);
        gap = `${gap}${prev.endsWith('/') && before === '' ? ' ' : before}${c}${pick(r, [' ', '\n', ''])}`;
      }
      const image = r() < o.respell ? respell(r, t) : t.image;
      if (gap === '' && prev !== '' && !canGlue(prev, image)) gap = ' ';
      out += gap + image;
      prev = image;
      pos = t.endOffset! + 1;
    }
  }
  if (r() < o.comment) out += '\n' + inserted();
  return out + pick(r, ['\n', '', '\n\n']);
}
