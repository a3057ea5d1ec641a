// Making policy text safe inside generated TypeScript: string literals,
// comments and identifiers. Nothing from a policy file reaches the output
// except through these functions, so a title or a name can never inject code.

const LINE_SEPARATORS = /[\u2028\u2029]/;

/** Characters JSON.stringify escapes (and U+2028/2029, and surrogates, lone or paired): without any, the literal is the text in quotes. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

/** A TypeScript string literal for any string (quotes, backslashes, newlines, U+2028/2029, lone surrogates). */
export function lit(s: string): string {
  // JSON.stringify is slow on two-byte (Chinese) strings; most strings need no escape at all.
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  const json = JSON.stringify(s);
  return LINE_SEPARATORS.test(json) ? json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') : json;
}

/**
 * Text safe inside a `//` line comment or a `/* … *\/` block comment: line
 * terminators become spaces and the comment closer is broken up.
 */
export function commentText(s: string): string {
  if (!COMMENT_UNSAFE.test(s)) return s;
  return s
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/\*\//g, '*\\/')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
}

/** Any character `commentText` changes. */
const COMMENT_UNSAFE = /[\r\n\u2028\u2029\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\*\//;

const ID_PART = /^[\p{ID_Continue}$]$/u;
/** An identifier: an ID_Start (or `$`, `_`) then ID_Continue (or `$`) characters. */
const PLAIN_IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$]*$/u;
/** Any surrogate code unit (no `u` flag): a character outside the BMP, or a lone half. */
const SURROGATE = /[\uD800-\uDFFF]/;

/** Is `name` usable as it stands as an identifier or a bare property name? (BMP characters only.) */
export function isPlainIdentifier(name: string): boolean {
  return !SURROGATE.test(name) && PLAIN_IDENTIFIER.test(name);
}

/**
 * Property keys by name: a module writes the same few keys (fact names, spec fields) thousands of times, and the
 * two Unicode-property tests per key were a visible part of emitting a large policy. Bounded, so a long-lived
 * process (the language server) never grows it without end.
 */
const PROP_KEYS = new Map<string, string>();

/** A property key: bare when it is a plain identifier, else a string literal. */
export function propKey(name: string): string {
  let key = PROP_KEYS.get(name);
  if (key === undefined) {
    key = isPlainIdentifier(name) ? name : lit(name);
    if (PROP_KEYS.size >= 4096) PROP_KEYS.clear();
    PROP_KEYS.set(name, key);
  }
  return key;
}

/** The part of an identifier derived from a policy name: characters that cannot appear in an identifier become `_`. */
export function identPart(name: string): string {
  // Most names are identifiers already (one test of the whole name instead of one per character).
  if (name.length && isPlainIdentifier(name)) return name;
  let out = '';
  for (const c of name) out += c.length === 1 && ID_PART.test(c) ? c : '_';
  return out || '_';
}

/** Allocates unique identifiers `prefix + name`, adding `_2`, `_3` … when two names sanitise to the same text. */
export class Namer {
  private used = new Set<string>();
  /** By prefix, then by name (no key string made and hashed per call: a module asks for ~40,000 names). */
  private byKey = new Map<string, Map<string, string>>();
  /** identPart of each name (a benefit's id is asked for with four prefixes). */
  private parts = new Map<string, string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }

  name(prefix: string, name: string): string {
    let byName = this.byKey.get(prefix);
    if (!byName) this.byKey.set(prefix, (byName = new Map()));
    const known = byName.get(name);
    if (known) return known;
    let part = this.parts.get(name);
    if (part === undefined) this.parts.set(name, (part = identPart(name)));
    const base = prefix + part;
    let id = base;
    for (let i = 2; this.used.has(id); i++) id = `${base}_${i}`;
    this.used.add(id);
    byName.set(name, id);
    return id;
  }
}
