// The subject ids a batch has met, to find an id that comes twice (a subject
// would be decided — and paid — twice). Held as 64-bit fingerprints in an
// open-addressing table of typed arrays: 12 bytes a slot, at most half full,
// so at most 24 bytes per distinct id (24 MB for a million rows), never the id
// strings themselves. Two different ids are taken for one only if both 32-bit
// hashes collide: for a million ids the chance that any pair does is below
// 1e-7, and the cost would be a reject naming the other row, never an amount.
/**
 * An id as a spreadsheet shows a long number it has taken for one (9.13301E+17 for an 18-digit credit code):
 * the digits are gone, so the row can be joined to no ledger and is not told apart from others (P3530).
 * Only Excel's form — a mantissa and an exponent with its sign — is taken for it: real codes have no '+'.
 */
export const SPREADSHEET_NUMBER_ID = /^\d(?:\.\d+)?E\+\d+$/i;

export class IdSet {
  private h1 = new Uint32Array(1 << 12);
  private h2 = new Uint32Array(1 << 12);
  /** Row of the first occurrence, + 1 (0 = empty slot). */
  private rows = new Uint32Array(1 << 12);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Records `id` at `row`; returns the row it was first seen at when it was seen before. */
  seen(id: string, row: number): number | undefined {
    // Two independent 32-bit hashes of the UTF-16 code units: FNV-1a and a multiply-xorshift one.
    let a = 0x811c9dc5;
    let b = 0x9e3779b9 ^ id.length;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a >>>= 0;
    b = (b ^ (b >>> 13)) >>> 0;
    const mask = this.rows.length - 1;
    for (let s = (a ^ Math.imul(b, 0x27d4eb2d)) & mask; ; s = (s + 1) & mask) {
      if (this.rows[s] === 0) {
        this.h1[s] = a;
        this.h2[s] = b;
        this.rows[s] = row + 1;
        if (++this.count * 2 > this.rows.length) this.grow();
        return undefined;
      }
      if (this.h1[s] === a && this.h2[s] === b) return this.rows[s]! - 1;
    }
  }

  private grow(): void {
    const { h1, h2, rows } = this;
    const size = rows.length * 2;
    this.h1 = new Uint32Array(size);
    this.h2 = new Uint32Array(size);
    this.rows = new Uint32Array(size);
    const mask = size - 1;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === 0) continue;
      let s = (h1[i]! ^ Math.imul(h2[i]!, 0x27d4eb2d)) & mask;
      while (this.rows[s] !== 0) s = (s + 1) & mask;
      this.h1[s] = h1[i]!;
      this.h2[s] = h2[i]!;
      this.rows[s] = rows[i]!;
    }
  }
}
