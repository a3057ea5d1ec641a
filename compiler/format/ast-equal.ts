// Meaning equality of two parses: the trees are compared with every source
// position (`range`, `keyRange`) removed.
import { isDeepStrictEqual } from 'node:util';

const POSITION_KEYS = new Set(['range', 'keyRange']);

/** A deep copy of `value` without `range` and `keyRange` keys. */
export function stripRanges<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => stripRanges(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (!POSITION_KEYS.has(k) && v !== undefined) out[k] = stripRanges(v);
    }
    return out as T;
  }
  return value;
}

/** Whether two ASTs are equal ignoring source positions. */
export function sameMeaning(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(stripRanges(a), stripRanges(b));
}
