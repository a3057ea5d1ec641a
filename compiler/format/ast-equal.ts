// Meaning equality of two parses: the trees are compared with every source
// position (`range`, `keyRange`) removed, and which Chinese spelling of a word was written (`spelled`: 达到 / 满,
// lost when keywords are printed in English). No Node built-ins: the formatter also runs in the browser (the workbench).

const POSITION_KEYS = new Set(['range', 'keyRange', 'spelled', 'twiceSpelled']);

/** A deep copy of `value` without `range`, `keyRange` and `spelled` keys. */
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
  return deepEqual(stripRanges(a), stripRanges(b));
}

/** Structural equality of the plain values stripRanges returns (arrays, plain objects, primitives incl. bigint). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
