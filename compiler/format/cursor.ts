// The token cursor. The printer walks the AST in source order and takes every
// source token through this cursor, exactly once and in order; the cursor
// checks the token type, spells the token, and prints the comments anchored
// to it. Every separator between two tokens is resolved here too: when a
// comment has to stand on its own line, the separator becomes a hard line.
import type { IToken } from 'chevrotain';
import { doc, type Doc } from 'prettier';
import type { Comment } from '../../grammar/index.ts';
import type { Anchors, LeadingComment } from './comments.ts';
import { canGlue, isAscii, type Speller } from './spelling.ts';

const { hardline, literalline, lineSuffix, join } = doc.builders;

/** Thrown when the printer and the token stream disagree: a formatter bug, never a user error. */
export class FormatterInvariantError extends Error {
  override name = 'FormatterInvariantError';
}

function commentDoc(c: Comment): Doc {
  if (!c.block) return c.text.trimEnd();
  // Block comments are reproduced verbatim, inner lines included.
  return c.text.includes('\n') ? join(literalline, c.text.split('\n')) : c.text;
}

/** What stands between a comment and the next comment or token. */
function afterComment(lc: LeadingComment): Doc {
  if (lc.breaksAfter >= 2) return [hardline, hardline];
  if (lc.breaksAfter === 1 || !lc.comment.block) return hardline;
  return ' ';
}

export class Cursor {
  private i = 0;
  /** The index of the token before which a line break has already been emitted. */
  private brokenAt = -1;
  /** The index of the token whose leading comments were already printed (block tails). */
  private leadingDone = -1;
  /** The spelled text of the last token taken. */
  last = '';

  constructor(
    private readonly tokens: readonly IToken[],
    private readonly anchors: Anchors,
    private readonly speller: Speller,
  ) {}

  get index(): number {
    return this.i;
  }

  get done(): boolean {
    return this.i === this.tokens.length;
  }

  /** The next token, not yet taken. */
  peek(): IToken | undefined {
    return this.tokens[this.i];
  }

  /** The spelled text of the next token. */
  peekSpelled(): string {
    const t = this.peek();
    return t ? this.speller.spell(t) : '';
  }

  private hasLeading(): boolean {
    return this.leadingDone !== this.i && this.anchors.leading[this.i]!.length > 0;
  }

  private afterLineComment(): boolean {
    const tr = this.i > 0 ? this.anchors.trailing[this.i - 1]! : [];
    return tr.some((c) => !c.block);
  }

  /** Marks the start of the file: no separator before the first token. */
  start(): void {
    this.brokenAt = this.i;
  }

  /**
   * The separator before the next token: `x` normally, a hard line when the
   * next token has comments on their own lines or the previous line ends in a
   * line comment.
   */
  sep(x: Doc): Doc {
    if (this.brokenAt === this.i) return '';
    if (this.hasLeading() || this.afterLineComment()) {
      this.brokenAt = this.i;
      return hardline;
    }
    return x;
  }

  /**
   * The separator before a statement (declaration, field, fact, example):
   * keeps one blank line from the source, and prints the comments on their
   * own lines before the statement here, outside the statement's groups, so
   * that they do not break its layout.
   */
  stmt(x: Doc, allowBlank: boolean): Doc {
    let sep: Doc;
    if (allowBlank && this.brokenAt !== this.i && this.anchors.breaksBefore[this.i]! >= 2) {
      this.brokenAt = this.i;
      sep = [hardline, hardline];
    } else {
      sep = this.sep(x);
    }
    if (!this.hasLeading()) return sep;
    this.brokenAt = this.i;
    this.leadingDone = this.i;
    return [sep, this.leadingDocs(this.anchors.leading[this.i]!)];
  }

  /** A space, or nothing when `glue` is wanted and the two tokens stay apart without one. */
  glue(wanted: boolean): Doc {
    const next = this.peekSpelled();
    return this.sep(wanted && canGlue(this.last, next) ? '' : ' ');
  }

  /** Takes the next token, which must be one of `types`, printed as `text` instead of its spelling (a form's fixed word). */
  takeAs(types: string | readonly string[], text: string, sep: Doc = ''): Doc {
    return this.take(types, sep, text);
  }

  /** Takes the next token, which must be one of `types` (token type names). */
  take(types: string | readonly string[], sep: Doc = '', text?: string): Doc {
    const t = this.tokens[this.i];
    const ok = t && (typeof types === 'string' ? t.tokenType.name === types : types.includes(t.tokenType.name));
    if (!t || !ok) {
      const found = t ? `${t.tokenType.name} "${t.image}" at offset ${t.startOffset}` : 'end of input';
      throw new FormatterInvariantError(`formatter expected ${String(types)}, found ${found}`);
    }
    const s = this.sep(sep);
    const lead = this.hasLeading() ? this.leadingDocs(this.anchors.leading[this.i]!) : '';
    const image = text ?? this.speller.spell(t);
    // A trailing line comment rides at the end of the line (lineSuffix) and
    // does not break the groups around it; the next token's separator becomes
    // a hard line (see sep), which ends the line right after the comment.
    const trail = this.anchors.trailing[this.i]!.map((c): Doc => (c.block ? [' ', commentDoc(c)] : lineSuffix([' ', commentDoc(c)])));
    this.last = image;
    this.i++;
    return [s, lead, image, trail];
  }

  private leadingDocs(list: readonly LeadingComment[]): Doc {
    return list.map((lc) => [commentDoc(lc.comment), afterComment(lc)]);
  }

  /**
   * The leading comments of the next token (a closing brace, or the end of
   * the file) printed as the last lines of the block before it.
   */
  tail(allowBlank: boolean, atFileStart = false): Doc {
    const list = this.anchors.leading[this.i]!;
    if (list.length === 0 || this.leadingDone === this.i) return '';
    this.leadingDone = this.i;
    const parts: Doc[] = [];
    if (!atFileStart) parts.push(allowBlank && this.anchors.breaksBefore[this.i]! >= 2 ? [hardline, hardline] : hardline);
    list.forEach((lc, k) => {
      parts.push(commentDoc(lc.comment));
      if (k < list.length - 1) parts.push(afterComment(lc));
    });
    return parts;
  }

  /** The separator that follows a punctuation token just taken: a space after half-width, nothing after full-width. */
  spaceAfterLast(): string {
    return isAscii(this.last) ? ' ' : '';
  }
}
