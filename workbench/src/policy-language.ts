// The `.policy` language for CodeMirror: highlighting by the project's own
// lexer (grammar/tokens.ts), which reads the bilingual keyword table
// (grammar/keywords.ts), so the page colours exactly the tokens the compiler
// sees: 高级工及以上 is an identifier and a comparison word, 技师工作室 is not
// 技师, and full-width punctuation is punctuation. CodeMirror's stream parser
// runs it a line at a time, lazily and within a time budget, so a 5,000-line
// policy never blocks typing. Block comments that span lines carry state.
import { HighlightStyle, LanguageSupport, StreamLanguage, syntaxHighlighting, type StreamParser } from '@codemirror/language';
import { tags as t, type Tag } from '@lezer/highlight';
import { KEYWORDS, type KeywordCategory } from '../../grammar/keywords.ts';
import { lex } from '../../grammar/tokens.ts';

/** Token style names (CodeMirror's legacy names, mapped to highlight tags below). */
const CATEGORY_STYLE: Record<KeywordCategory, string> = {
  declaration: 'keyword',
  interaction: 'keyword',
  field: 'propertyName',
  payment: 'atom',
  value: 'atom',
  rounding: 'atom',
  logic: 'operatorKeyword',
  comparison: 'operatorKeyword',
  unit: 'unit',
};

const KEYWORD_STYLE = new Map(KEYWORDS.map((k) => [k.id, CATEGORY_STYLE[k.category]]));

function styleOf(tokenType: string): string | null {
  const kw = KEYWORD_STYLE.get(tokenType);
  if (kw) return kw;
  switch (tokenType) {
    case 'StringLiteral':
    case 'String':
      return 'string';
    case 'Number':
    case 'DateLiteral':
    case 'Percent':
      return 'number';
    case 'Identifier':
      return 'variableName';
    case 'LineComment':
    case 'BlockComment':
      return 'comment';
    default:
      return /Eq|Greater|Less|Equals|Plus|Minus|Star|Divide|Slash/.test(tokenType) ? 'operator' : 'punctuation';
  }
}

interface LineState {
  /** Inside a block comment that started on an earlier line. */
  inComment: boolean;
  /** Styled spans of the current line, by column: [from, to, style]. */
  spans: [number, number, string | null][];
  next: number;
}

/** Lexes one line with the real lexer; returns its spans and whether a block comment stays open. */
export function lineSpans(line: string, inComment: boolean): { spans: [number, number, string | null][]; open: boolean } {
  const spans: [number, number, string | null][] = [];
  let start = 0;
  if (inComment) {
    const end = line.indexOf('*/');
    if (end < 0) return { spans: [[0, line.length, 'comment']], open: true };
    spans.push([0, end + 2, 'comment']);
    start = end + 2;
  }
  const rest = line.slice(start);
  const r = lex(rest);
  const all = [...r.tokens, ...r.comments].sort((a, b) => a.startOffset - b.startOffset);
  let open = false;
  // A `/*` not closed on this line lexes as a slash and a star (a closed one would be a BlockComment
  // token): from there the line is a comment, and so are the next lines until `*/`.
  const slash = r.tokens.find((tok) => tok.image === '/' && rest.startsWith('/*', tok.startOffset));
  const unclosed = slash ? slash.startOffset : -1;
  for (const tok of all) {
    if (unclosed >= 0 && tok.startOffset >= unclosed) break;
    spans.push([start + tok.startOffset, start + tok.startOffset + tok.image.length, styleOf(tok.tokenType.name)]);
  }
  if (unclosed >= 0) {
    spans.push([start + unclosed, line.length, 'comment']);
    open = true;
  }
  return { spans, open };
}

const parser: StreamParser<LineState> = {
  name: 'policy',
  startState: () => ({ inComment: false, spans: [], next: 0 }),
  copyState: (s) => ({ inComment: s.inComment, spans: s.spans, next: s.next }),
  token(stream, state) {
    if (stream.sol()) {
      const { spans, open } = lineSpans(stream.string, state.inComment);
      state.spans = spans;
      state.next = 0;
      state.inComment = open;
    }
    const pos = stream.pos;
    while (state.next < state.spans.length && state.spans[state.next]![1] <= pos) state.next++;
    const span = state.spans[state.next];
    if (!span) {
      stream.skipToEnd();
      return null;
    }
    if (span[0] > pos) {
      stream.pos = span[0];
      return null;
    }
    stream.pos = Math.max(span[1], pos + 1);
    state.next++;
    return span[2];
  },
  blankLine(state) {
    state.spans = [];
  },
  languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } },
  tokenTable: { unit: t.unit as Tag },
};

export const policyLanguage = StreamLanguage.define(parser);

const style = HighlightStyle.define([
  { tag: t.keyword, color: '#a61b1b', fontWeight: '600' },
  { tag: t.propertyName, color: '#7a3e9d' },
  { tag: t.atom, color: '#1c6b48' },
  { tag: t.operatorKeyword, color: '#b35900' },
  { tag: t.operator, color: '#b35900' },
  { tag: t.unit, color: '#0b6e99' },
  { tag: t.string, color: '#6b4f00' },
  { tag: t.number, color: '#0b6e99' },
  { tag: t.comment, color: '#777', fontStyle: 'italic' },
  { tag: t.variableName, color: '#1b1b1b' },
  { tag: t.punctuation, color: '#555' },
]);

export function policy(): LanguageSupport {
  return new LanguageSupport(policyLanguage, [syntaxHighlighting(style)]);
}
