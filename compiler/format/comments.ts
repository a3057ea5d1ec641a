// Comment placement. Every comment is anchored to a token of the source:
// - a comment that starts on the line where the previous token (or the
//   previous trailing comment) ends is a *trailing* comment of that token;
// - any other comment is a *leading* comment of the next token (or of the end
//   of the file when no token follows).
// The printer emits every token exactly once, in source order, with its
// anchored comments, so no comment can be lost or reordered.
import type { IToken } from 'chevrotain';
import type { Comment } from '../../grammar/index.ts';

export interface LeadingComment {
  comment: Comment;
  /** Line breaks between this comment and the next comment or token (0 = same line). */
  breaksAfter: number;
}

export interface Anchors {
  /** leading[i]: comments on their own lines before token i; leading[tokens.length]: after the last token. */
  leading: LeadingComment[][];
  /** trailing[i]: comments on the line where token i ends. */
  trailing: Comment[][];
  /** Line breaks between token i-1 (with its trailing comments) and token i's first leading comment or token i. */
  breaksBefore: number[];
}

export function countLineBreaks(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (s.charCodeAt(k + 1) === 10) k++;
    }
  }
  return n;
}

export function anchorComments(text: string, tokens: readonly IToken[], comments: readonly Comment[]): Anchors {
  const n = tokens.length;
  const leading: LeadingComment[][] = Array.from({ length: n + 1 }, () => []);
  const trailing: Comment[][] = Array.from({ length: n }, () => []);
  const breaksBefore: number[] = new Array<number>(n + 1).fill(0);
  const sorted = [...comments].sort((a, b) => a.range.start - b.range.start);
  let c = 0;
  for (let i = 0; i <= n; i++) {
    const gapStart = i > 0 ? tokens[i - 1]!.endOffset! + 1 : 0;
    const gapEnd = i < n ? tokens[i]!.startOffset : text.length;
    let pos = gapStart;
    let trailingPhase = i > 0;
    let firstLeading = true;
    while (c < sorted.length && sorted[c]!.range.start < gapEnd) {
      const cm = sorted[c++]!;
      if (cm.range.start < gapStart) throw new Error(`comment at ${cm.range.start} overlaps a token`);
      const breaks = countLineBreaks(text.slice(pos, cm.range.start));
      if (trailingPhase && breaks === 0) {
        trailing[i - 1]!.push(cm);
      } else {
        trailingPhase = false;
        const list = leading[i]!;
        if (firstLeading) {
          breaksBefore[i] = breaks;
          firstLeading = false;
        } else {
          list[list.length - 1]!.breaksAfter = breaks;
        }
        list.push({ comment: cm, breaksAfter: 0 });
      }
      pos = cm.range.end;
    }
    const tail = countLineBreaks(text.slice(pos, gapEnd));
    const list = leading[i]!;
    if (list.length > 0) list[list.length - 1]!.breaksAfter = tail;
    else breaksBefore[i] = tail;
  }
  return { leading, trailing, breaksBefore };
}
