// Numbers written in Chinese numerals, the one table of them: 一 … 九千九百九十九 (两 = 2, 零 between places), and the
// fractions and percentages in words (三分之一, 百分之六十, 百分之一百, 百分之百, 千分之五). The checker reads such a name as
// its exact number (compiler/check/expressions.ts); the summaries render it in English (compiler/summary/phrase.ts).

const DIGITS: Readonly<Record<string, number>> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const PLACES: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/**
 * A whole number in Chinese numerals (一, 十二, 二十, 一百, 百, 一百零五, 一千二百), or undefined when `s` is not one. The first
 * place may stand without a digit before it, counting one (十 = 10, 百 = 100); places go down (一百二十, never 十百); 零 stands only for places
 * skipped before a digit (一百零五).
 */
export function chineseNumber(s: string): number | undefined {
  if (s === '') return undefined;
  let total = 0;
  let digit: number | undefined;
  let lastPlace = Infinity;
  let zero = false;
  for (const ch of s) {
    if (ch in DIGITS) {
      const v = DIGITS[ch]!;
      if (v === 0) {
        // 零 after a place and before a digit only.
        if (digit !== undefined || zero || lastPlace === Infinity) return undefined;
        zero = true;
        continue;
      }
      if (digit !== undefined) return undefined;
      digit = v;
    } else if (ch in PLACES) {
      const p = PLACES[ch]!;
      // Only the first place may stand without its digit (十二, 百); 一百十 is written 一百一十.
      if (p >= lastPlace || zero || (digit === undefined && lastPlace !== Infinity)) return undefined;
      total += (digit ?? 1) * p;
      digit = undefined;
      lastPlace = p;
    } else return undefined;
  }
  if (zero && digit === undefined) return undefined;
  return total + (digit ?? 0);
}

/**
 * `三分之一` → 1/3, `百分之六十` → 60/100, `百分之一百` / `百分之百` → 100/100, `千分之五` → 5/1000: the numerator and the
 * denominator of a fraction in words, or undefined when `s` is not one (or its denominator is zero).
 */
export function fractionWords(s: string): { num: number; den: number } | undefined {
  const at = s.indexOf('分之');
  if (at <= 0) return undefined;
  const den = chineseNumber(s.slice(0, at));
  const num = chineseNumber(s.slice(at + 2));
  return den !== undefined && num !== undefined && den > 0 ? { num, den } : undefined;
}
