// Exact rational arithmetic on bigint. Money is never a JS float: amounts are
// rationals while computed and integer fen (分) once rounded.

export interface Rat {
  readonly n: bigint;
  readonly d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
};

export function rat(n: bigint, d: bigint = 1n): Rat {
  // A whole number is already in lowest terms (the common case: counts, fen, integer yuan).
  if (d === 1n) return { n, d };
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

export const ZERO = rat(0n);
export const ONE = rat(1n);

/** Parses an exact decimal string ("1.5", "-20", "0.05"). Returns undefined if malformed. */
export function parseDecimal(s: string): Rat | undefined {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const n = BigInt(m[2]! + frac) * (m[1] ? -1n : 1n);
  return rat(n, 10n ** BigInt(frac.length));
}

export const add = (a: Rat, b: Rat): Rat => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rat, b: Rat): Rat => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rat, b: Rat): Rat => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rat, b: Rat): Rat => rat(a.n * b.d, a.d * b.n);
export const neg = (a: Rat): Rat => rat(-a.n, a.d);
export const cmp = (a: Rat, b: Rat): number => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
export const min = (a: Rat, b: Rat): Rat => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Rat, b: Rat): Rat => (cmp(a, b) >= 0 ? a : b);
export const isInteger = (a: Rat): boolean => a.d === 1n;
export const fromInt = (n: number | bigint): Rat => rat(BigInt(n));

export type RoundingMode = 'half-up' | 'down' | 'up';

/** Rounds to a multiple of 1/scale (scale 100 = fen). half-up rounds half away from zero. */
export function roundTo(a: Rat, scale: bigint, mode: RoundingMode): bigint {
  const num = a.n * scale;
  const q = num / a.d; // truncates toward zero
  const r = num % a.d;
  if (r === 0n) return q;
  const sign = num < 0n ? -1n : 1n;
  if (mode === 'down') return q;
  if (mode === 'up') return q + sign;
  const twice = (r < 0n ? -r : r) * 2n;
  return twice >= a.d ? q + sign : q;
}

/** Formats integer fen as a yuan decimal string: 1600000n → "16000.00". */
export function fenToString(fen: bigint): string {
  // Below 2^53 fen the same digits come from exact JS integer arithmetic, without bigint division.
  if (fen < 9007199254740992n && fen > -9007199254740992n) {
    const f = Number(fen);
    const a = f < 0 ? -f : f;
    const c = a % 100;
    // Up to 12 characters V8 makes a concatenation a flat string; from 13 (1,000,000,000 yuan) a chain of pieces
    // (ConsString), so those are joined: results hold flat strings only (test/emit/flat-strings.test.ts).
    if (a < 1e10) return `${f < 0 ? '-' : ''}${(a - c) / 100}.${c < 10 ? '0' : ''}${c}`;
    return [f < 0 ? '-' : '', (a - c) / 100, c < 10 ? '.0' : '.', c].join('');
  }
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  const yuan = abs / 100n;
  const cents = abs % 100n;
  return [sign, yuan, '.', cents.toString().padStart(2, '0')].join('');
}

/** Exact decimal rendering when the rational terminates within `maxDigits`, else a fraction. */
export function ratToString(a: Rat, maxDigits = 6): string {
  if (a.d === 1n) return a.n.toString();
  for (let digits = 1; digits <= maxDigits; digits++) {
    const scale = 10n ** BigInt(digits);
    if ((a.n * scale) % a.d === 0n) {
      const v = (a.n * scale) / a.d;
      const sign = v < 0n ? '-' : '';
      const abs = v < 0n ? -v : v;
      const s = abs.toString().padStart(digits + 1, '0');
      return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
    }
  }
  return `${a.n}/${a.d}`;
}

/** Renders fen for people: 元 with thousands grouping avoided (officers write 10000元). */
export function fenToYuanText(fen: bigint): string {
  const s = fenToString(fen);
  return s.endsWith('.00') ? s.slice(0, -3) : s;
}
