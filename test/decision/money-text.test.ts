// Fen as yuan text: rational.ts fenToString (decisions, totals) and the ledger's own copy for its notes take a
// JS-integer path below 2^53 fen and bigint division above; both must give the digits of the bigint formula
// for every amount, including the edges around zero, whole yuan and 2^53.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fenToString } from '../../compiler/rational.ts';
import { startSettling, settleCeiling } from '../../compiler/ledger.ts';

const byBigint = (fen: bigint): string => {
  const abs = fen < 0n ? -fen : fen;
  return `${fen < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};

/** The ledger words its amounts with its own copy (compiler/ledger.ts imports nothing): read it through a ceiling note. */
const ledgerText = (fen: bigint): string => {
  const s = startSettling(fen < 0n ? -fen + 1n : fen + 1n);
  settleCeiling(s, fen < 0n ? -fen : fen);
  const t = String(s.notes[0]!.args['ceiling']);
  return fen < 0n && t !== '0.00' ? `-${t}` : t;
};

const EDGES = [0n, 1n, -1n, 9n, 10n, 99n, 100n, 101n, -99n, -100n, -101n, 12345n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) + 1n, -(2n ** 53n), 10n ** 22n + 5n, -(10n ** 22n) - 7n];

describe('fen as yuan text', () => {
  it('equals the bigint formula at the edges', () => {
    for (const f of EDGES) {
      expect(fenToString(f), String(f)).toBe(byBigint(f));
      if (f >= 0n) expect(ledgerText(f), String(f)).toBe(byBigint(f));
    }
  });

  it('equals the bigint formula on random amounts, small and huge', () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }), fc.bigInt({ min: -100000n, max: 100000n })), (f) => {
        expect(fenToString(f)).toBe(byBigint(f));
        if (f >= 0n) expect(ledgerText(f)).toBe(byBigint(f));
      }),
      { numRuns: 2000 },
    );
  });
});
