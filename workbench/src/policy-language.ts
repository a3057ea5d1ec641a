// Highlighting for `.policy` in CodeMirror, by the project's own lexer
// (grammar/tokens.ts), which reads the bilingual keyword table
// (grammar/keywords.ts), so the page colours exactly the tokens the compiler
// sees: 高级工及以上 is an identifier and a comparison word, 技师工作室 is not
// 技师, and full-width punctuation is punctuation. Only the visible lines are
// lexed, on each update, so the cost of a keystroke does not grow with the
// length of the policy (a stream parser re-tokenises up to 100,000 characters
// after every edit, which in a 5,000-line policy held back the next paint).
// A block comment open at the top of the viewport is found by a text search.
import { EditorState, RangeSetBuilder, type Text } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { KEYWORDS, type KeywordCategory } from '../../grammar/keywords.ts';
import { lex } from '../../grammar/tokens.ts';

/** Token styles (CSS classes `pl-<style>`), by keyword category. */
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

type Spans = { spans: [number, number, string | null][]; open: boolean };

/**
 * Lines already lexed, by text (and whether they start inside a comment).
 * After an edit CodeMirror re-runs the stream parser over the lines after it
 * (up to 100,000 characters past the viewport, in idle time); their text did
 * not change, so they are not lexed again and the re-parse costs next to
 * nothing, which keeps frames coming while typing in a long policy.
 */
const cache = new Map<string, Spans>();
const CACHE_LIMIT = 50_000;

export function lineSpans(line: string, inComment: boolean): Spans {
  const key = (inComment ? '1' : '0') + line;
  const hit = cache.get(key);
  if (hit) return hit;
  const r = lexLine(line, inComment);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, r);
  return r;
}

/** Lexes one line with the real lexer; returns its spans and whether a block comment stays open. */
function lexLine(line: string, inComment: boolean): Spans {
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

/** Whether `pos` lies inside a block comment opened earlier (the last `/*` before it is not closed). */
function commentOpenAt(doc: Text, pos: number): boolean {
  const before = doc.sliceString(0, pos);
  const open = before.lastIndexOf('/*');
  return open >= 0 && before.indexOf('*/', open + 2) < 0;
}

const MARKS = new Map<string, Decoration>();
const mark = (style: string) => {
  let d = MARKS.get(style);
  if (!d) MARKS.set(style, (d = Decoration.mark({ class: `pl-${style}` })));
  return d;
};

function decorations(view: EditorView): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  const doc = view.state.doc;
  for (const { from, to } of view.visibleRanges) {
    let line = doc.lineAt(from);
    let inComment = commentOpenAt(doc, line.from);
    for (;;) {
      const { spans, open } = lineSpans(line.text, inComment);
      for (const [a, z, style] of spans) if (style && z > a) b.add(line.from + a, line.from + z, mark(style));
      inComment = open;
      if (line.to >= to || line.number >= doc.lines) break;
      line = doc.line(line.number + 1);
    }
  }
  return b.finish();
}

const highlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorations(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged || u.viewportChanged) this.decorations = decorations(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);

const theme = EditorView.baseTheme({
  '.pl-keyword': { color: '#a61b1b', fontWeight: '600' },
  '.pl-propertyName': { color: '#7a3e9d' },
  '.pl-atom': { color: '#1c6b48' },
  '.pl-operatorKeyword, .pl-operator': { color: '#b35900' },
  '.pl-unit, .pl-number': { color: '#0b6e99' },
  '.pl-string': { color: '#6b4f00' },
  '.pl-comment': { color: '#777', fontStyle: 'italic' },
  '.pl-punctuation': { color: '#555' },
});

/** The editor support for `.policy`: highlighting and the comment syntax. */
export function policy() {
  return [highlighter, theme, EditorState.languageData.of(() => [{ commentTokens: { line: '//', block: { open: '/*', close: '*/' } } }])];
}
