// （含）/（不含） after the bound of a prefix comparison word (`超过 100万元（含）`, `达到 40%（含）以上`, `满 B（不含）`), one rule
// for conditions, brackets and progressive bands (docs/language.md §5.3):
//   - a word that already includes its bound (满, 达到, 不低于, 不超过, 不高于, ≥, ≤) with （含） says it twice — taken;
//     with （不含） it contradicts itself — P2242, naming the word that excludes the bound;
//   - a word that excludes its bound (超过, 突破, 高于, 低于, 不满, 早于, 晚于, >, <) with （不含） says it twice — taken;
//     with （含） the text widens the word to include the bound (“超过100万元（含下同）”) — taken: ≥ / ≤;
//   - a word that does not compare sizes (为, 不为, =, ≠) takes no mark — P2243.
// Postfix words (以上, 以下, 以后 …) keep their rule: the mark decides (`5人以上（不含）` is > 5人).
import type * as A from '../../grammar/ast.ts';
import type { CmpOp } from '../model.ts';
import { cmpOpOf, kwArgs, type CheckContext } from './context.ts';

/** The word that excludes the bound, for P2242's fix: `超过` for ≥ words, `低于` for ≤ words. */
const EXCLUDING: Record<string, string> = { ge: '超过', le: '低于' };

/**
 * The comparison a prefix word makes with the mark after its bound, or undefined after reporting P2242 / P2243.
 * `bound` is the bound's text as written, `written` the word's.
 */
export function prefixMarked(c: CheckContext, word: string, mark: 'Incl' | 'Excl', bound: string, range: A.Range, written?: string): CmpOp | undefined {
  // The word as the text wrote it (达到, not 满) in Chinese.
  const wordArgs = (w: string) => ({ ...wordArgsOf(w), ...(written && !SYMBOL_TEXT[w] && { word: written }) });
  const base = cmpOpOf(word);
  if (base === 'eq' || base === 'ne') {
    c.report('P2243', range, { ...kwArgs('mark', mark), ...wordArgs(word) });
    return undefined;
  }
  const inclusive = base === 'ge' || base === 'le';
  if (inclusive && mark === 'Excl') {
    c.report('P2242', range, { ...wordArgs(word), bound, fix: `${EXCLUDING[base]} ${bound}`, fixEn: `${base === 'ge' ? 'exceeds' : 'below'} ${bound}` });
    return undefined;
  }
  if (inclusive) return base;
  const up = base === 'gt';
  return mark === 'Incl' ? (up ? 'ge' : 'le') : base;
}

const SYMBOL_TEXT: Record<string, string> = { GreaterEq: '≥', LessEq: '≤', NotEq: '≠', Greater: '>', Less: '<', Equals: '=' };
const wordArgsOf = (word: string): Record<string, string> => (SYMBOL_TEXT[word] ? { word: SYMBOL_TEXT[word], wordEn: SYMBOL_TEXT[word] } : kwArgs('word', word));
