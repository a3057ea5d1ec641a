// Highlighting for `.policy` in CodeMirror, by the project's own lexer
// (grammar/tokens.ts), which reads the bilingual keyword table
// (grammar/keywords.ts), so the page colours exactly the tokens the compiler
// sees: 高级工及以上 is an identifier and a comparison word, 技师工作室 is not
// 技师, and full-width punctuation is punctuation. Only the visible lines are
// lexed, so the cost of a keystroke does not grow with the length of the
// policy (a stream parser re-tokenises up to 100,000 characters after every
// edit, which in a 5,000-line policy held back the next paint); after a key,
// the marks move with the text and only the edited line is lexed again, unless
// the edit adds or removes a `/` or `*` (then every visible line is). Whether
// a block comment is open at the top of the viewport is found by a backward
// search from there.
import { EditorState, RangeSetBuilder, type Line, type Range, type Text } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { KEYWORDS, type KeywordCategory } from '../../grammar/keywords.ts';
import { lex } from '../../grammar/tokens.ts';
import { stats } from './stats.ts';

/** Token styles, by keyword category (drawn as LOOK says). */
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

/**
 * A line's tokens (`spans`: start, end, style) and the marks drawn for them (`marks`: start, end, CSS class
 * suffix). Every mark is a <span> in each visible line, which the browser lays out, paints and commits in
 * every frame while typing: a style that looks like plain text (identifiers, punctuation) gets no mark,
 * styles that look the same share one, and neighbours of one look (apart only by spaces) are one mark —
 * 2.4 marks per line of a policy instead of 5.2 tokens.
 */
type Spans = { spans: [number, number, string | null][]; marks: [number, number, string][]; open: boolean };

/** How each token style is drawn: the CSS class suffix, or null for plain text. */
const LOOK: Record<string, string | null> = {
  keyword: 'keyword',
  propertyName: 'propertyName',
  atom: 'atom',
  operatorKeyword: 'operator',
  operator: 'operator',
  unit: 'number',
  number: 'number',
  string: 'string',
  comment: 'comment',
  variableName: null,
  punctuation: null,
};

/** The marks of a line's tokens (see Spans). */
export function marksOf(line: string, spans: readonly [number, number, string | null][]): [number, number, string][] {
  const marks: [number, number, string][] = [];
  for (const [a, z, style] of spans) {
    const look = style === null ? null : style in LOOK ? LOOK[style]! : style;
    if (!look || z <= a) continue;
    const last = marks[marks.length - 1];
    if (last && last[2] === look && /^\s*$/.test(line.slice(last[1], a))) last[1] = z;
    else marks.push([a, z, look]);
  }
  return marks;
}

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
  r.marks = marksOf(line, r.spans);
  stats.linesLexed++;
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
    if (end < 0) return { spans: [[0, line.length, 'comment']], marks: [], open: true };
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
  return { spans, marks: [], open };
}

/** Whether `pos` lies inside a block comment opened earlier (the last `/*` before it is not closed). */
function commentOpenAt(doc: Text, pos: number): boolean {
  // Backwards from `pos`, chunk by chunk, to the nearest `/*` or `*/` (no copy of the text before it).
  let tail = '';
  let scanned = 0;
  for (const it = doc.iterRange(pos, 0); !it.next().done; ) {
    const chunk = it.value + tail;
    scanned += it.value.length;
    const open = chunk.lastIndexOf('/*');
    const close = chunk.lastIndexOf('*/');
    if (open >= 0 || close >= 0) {
      stats.commentScanChars += scanned;
      // `/*/` opens; `*/` found after the last `/*` closes.
      return open > close || (open >= 0 && close === open + 1);
    }
    tail = it.value.slice(0, 1);
  }
  stats.commentScanChars += scanned;
  return false;
}

/** Whether an edit can change which text is inside a block comment (it adds or removes a `/` or `*`, or joins two). */
function touchesComments(u: ViewUpdate): boolean {
  let touches = false;
  const doc = u.state.doc;
  u.changes.iterChanges((fromA, toA, fromB, toB, inserted) => {
    if (touches) return;
    if (/[/*]/.test(u.startState.doc.sliceString(fromA, toA)) || /[/*]/.test(inserted.toString())) touches = true;
    else if (/[/*]/.test(doc.sliceString(Math.max(0, fromB - 1), fromB)) && /[/*]/.test(doc.sliceString(toB, Math.min(doc.length, toB + 1)))) touches = true;
  });
  return touches;
}

const MARKS = new Map<string, Decoration>();
const mark = (style: string) => {
  let d = MARKS.get(style);
  if (!d) MARKS.set(style, (d = Decoration.mark({ class: `pl-${style}` })));
  return d;
};

/** The marks of the lines from `line` to the one holding `to`, lexed from the comment state `inComment`. */
function lineMarks(doc: Text, line: Line, to: number, inComment: boolean, add: (from: number, to: number, d: Decoration) => void, seen?: { comment: boolean }): boolean {
  for (;;) {
    const { marks, open } = lineSpans(line.text, inComment);
    if (seen && (open || inComment)) seen.comment = true;
    for (const [a, z, look] of marks) add(line.from + a, line.from + z, mark(look));
    inComment = open;
    if (line.to >= to || line.number >= doc.lines) return inComment;
    line = doc.line(line.number + 1);
  }
}

/** Lines lexed beyond the visible ones on each side, so that a small scroll or a re-measured viewport needs no rebuild. */
const MARGIN_LINES = 60;

const highlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    /** The lines that have marks (line-aligned: from the start of one line to the end of another), and the comment state at its start. */
    private cover = { from: -1, to: -1, open: false };
    /** Whether any covered line starts or ends inside a block comment (if none does, none can after an edit that adds no `/` or `*`). */
    private comments = { comment: false };
    constructor(view: EditorView) {
      this.decorations = this.build(view);
    }
    /** The visible lines and a margin around them, lexed afresh. */
    build(view: EditorView): DecorationSet {
      stats.highlightRebuilds++;
      const doc = view.state.doc;
      const visible = view.visibleRanges;
      if (!visible.length) {
        this.cover = { from: -1, to: -1, open: false };
        return Decoration.none;
      }
      const top = doc.lineAt(visible[0]!.from);
      const bottom = doc.lineAt(visible[visible.length - 1]!.to);
      const from = doc.line(Math.max(1, top.number - MARGIN_LINES));
      const to = doc.line(Math.min(doc.lines, bottom.number + MARGIN_LINES));
      const open = commentOpenAt(doc, from.from);
      this.cover = { from: from.from, to: to.to, open };
      this.comments = { comment: open };
      const b = new RangeSetBuilder<Decoration>();
      lineMarks(doc, from, to.to, open, (a, z, d) => b.add(a, z, d), this.comments);
      return b.finish();
    }
    update(u: ViewUpdate) {
      if (!u.docChanged && !u.viewportChanged) return;
      const doc = u.state.doc;
      if (this.cover.from < 0 || (u.docChanged && touchesComments(u))) {
        // An edit that can change what is inside a comment: every line again.
        this.decorations = this.build(u.view);
        return;
      }
      // The covered lines after the edit; every change must lie inside them.
      let inside = true;
      const from = u.changes.mapPos(this.cover.from, -1);
      const to = u.changes.mapPos(this.cover.to, 1);
      u.changes.iterChangedRanges((fromA, toA) => {
        if (fromA < this.cover.from || toA > this.cover.to) inside = false;
      });
      const visible = u.view.visibleRanges;
      if (!inside || !visible.length || visible[0]!.from < from || visible[visible.length - 1]!.to > to) {
        // Scrolled beyond the margin, or an edit outside it.
        this.decorations = this.build(u.view);
        return;
      }
      if (!u.docChanged) return;
      // An edit inside the covered lines: the marks move with the text and only the edited lines are lexed
      // again (a rebuild would also make the view compare every mark on screen).
      const first = doc.lineAt(from);
      this.cover = { from: first.from, to: doc.lineAt(to).to, open: this.cover.open };
      let deco = this.decorations.map(u.changes);
      u.changes.iterChangedRanges((_fa, _ta, fromB, toB) => {
        const line = doc.lineAt(fromB);
        const end = doc.lineAt(toB);
        // The comment state at the start of the edited line: from the top of the covered lines (lexed lines are cached).
        // (No covered line in a block comment: none is now, the edit added no `/` or `*`.)
        let open = false;
        if (this.comments.comment) {
          open = this.cover.open;
          for (let n = first.number; n < line.number; n++) open = lineSpans(doc.line(n).text, open).open;
        }
        const add: Range<Decoration>[] = [];
        lineMarks(doc, line, end.to, open, (a, z, d) => add.push(d.range(a, z)));
        deco = deco.update({ filter: () => false, filterFrom: line.from, filterTo: end.to, add });
      });
      stats.highlightPatches++;
      this.decorations = deco;
    }
  },
  { decorations: (v) => v.decorations },
);

const theme = EditorView.baseTheme({
  '.pl-keyword': { color: '#a61b1b', fontWeight: '600' },
  '.pl-propertyName': { color: '#7a3e9d' },
  '.pl-atom': { color: '#1c6b48' },
  '.pl-operator': { color: '#b35900' },
  '.pl-number': { color: '#0b6e99' },
  '.pl-string': { color: '#6b4f00' },
  '.pl-comment': { color: '#777', fontStyle: 'italic' },
});

/** The editor support for `.policy`: highlighting and the comment syntax. */
export function policy() {
  return [highlighter, theme, EditorState.languageData.of(() => [{ commentTokens: { line: '//', block: { open: '/*', close: '*/' } } }])];
}
