// A cheap end-to-end check of a formatting result: the output must lex to the
// same tokens (same types, same values; spellings may differ) and the same
// comments, in the same order. Same tokens means the same parse, so this
// catches any formatter bug that would change meaning or drop a comment.
import type { IToken } from 'chevrotain';
import type { LexResult } from '../../grammar/tokens.ts';
import { DateLit, StringLit } from '../../grammar/tokens.ts';
import { isoDate, stringValue } from '../../grammar/build.ts';
import { FormatterInvariantError } from './cursor.ts';

function tokenValue(t: IToken): string {
  if (t.tokenType === StringLit) return stringValue(t.image);
  if (t.tokenType === DateLit) return isoDate(t.image);
  const name = t.tokenType.name;
  if (name === 'Identifier' || name === 'Number') return t.image;
  return '';
}

const commentText = (c: IToken): string => c.image.replace(/\r\n?/g, '\n').trim();

export function checkSameTokens(before: LexResult, after: LexResult): void {
  if (after.errors.length > 0) throw new FormatterInvariantError(`formatted text does not lex: ${after.errors[0]!.message}`);
  const n = Math.max(before.tokens.length, after.tokens.length);
  for (let k = 0; k < n; k++) {
    const a = before.tokens[k];
    const b = after.tokens[k];
    if (!a || !b || a.tokenType !== b.tokenType || tokenValue(a) !== tokenValue(b)) {
      const show = (t: IToken | undefined) => (t ? `${t.tokenType.name} "${t.image}"` : 'nothing');
      throw new FormatterInvariantError(`formatting changed token ${k}: ${show(a)} became ${show(b)}`);
    }
  }
  const ca = before.comments.map(commentText);
  const cb = after.comments.map(commentText);
  if (ca.length !== cb.length || ca.some((c, k) => c !== cb[k])) {
    throw new FormatterInvariantError('formatting lost, changed or reordered a comment');
  }
}
