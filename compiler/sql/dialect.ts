// What differs between the SQL engines the policy compiles to: how names and
// strings are written, the exact integer type that carries rationals, and a few
// function spellings. Everything a policy contributes to the SQL text (names,
// labels, clause numbers) goes through ident() or str(); nothing else is spliced.

export type DialectName = 'duckdb' | 'spark';

export const DIALECTS: readonly DialectName[] = ['duckdb', 'spark'];

export interface Dialect {
  name: DialectName;
  /** A quoted identifier: any name, Chinese included, can be a column or table name. */
  ident(name: string): string;
  /** A string literal whose value is exactly `s`. */
  str(s: string): string;
  /** The exact integer type numerators and denominators of rationals are computed in. */
  int: string;
  /** An integer literal of that type. */
  intLit(n: bigint): string;
  /** Truncating integer division of two values of `int` (the divisor is positive). */
  idiv(a: string, b: string): string;
  /** A DATE literal from an ISO date. */
  date(iso: string): string;
  /** date + n months, clamped to the month's end (2025-01-31 + 1 month = 2025-02-28). */
  addMonths(d: string, n: number | string): string;
  /** date + n days. */
  addDays(d: string, n: number): string;
  /** The days from date `a` to date `b` (b − a), an integer. */
  daysBetween(a: string, b: string): string;
  dayOf(d: string): string;
  yearOf(d: string): string;
  monthOf(d: string): string;
  /** Money as stored: exact decimal yuan with 2 places. Never DOUBLE. */
  money: string;
  /** Other quantities: exact decimal with up to 6 places (what input validation accepts). */
  quantity: string;
  count: string;
  text: string;
  /** A map from level name to a count or quantity (per-level facts). */
  mapOf(value: string): string;
  /** Whether text `t` matches the regular expression `re` as a whole (NULL when `t` is). */
  fullMatch(t: string, re: string): string;
  /** How a CTE read by every benefit's rows is computed once ('AS MATERIALIZED' where the engine has it). */
  materialized: string;
  /** The value at a key of a map, NULL when the key is absent. */
  mapGet(m: string, key: string): string;
  /** Lists (名单: a list of members, each a struct of its facts) and the list functions 合计 is written with. */
  list: ListFunctions;
  /** Reading a 名单 cell (JSON text) as validateFacts checks it (compiler/sql/load.ts). */
  json: JsonFunctions;
}

/** What the loader needs to check a JSON text of members the way compiler/input.ts checks the parsed value. */
export interface JsonFunctions {
  /** The elements of a JSON array text, each as JSON text; NULL when the text is not a JSON array. */
  elements(t: string): string;
  /** Whether an element (JSON text) is an object. */
  isObject(x: string): string;
  /** The keys of an object (JSON text), in order. */
  keys(x: string): string;
  /** The kind of the value at `key` of an object: 'string', 'number', 'boolean', 'null' or 'other'; NULL when absent. */
  kind(x: string, key: string): string;
  /** The value at `key` as text: a string without its quotes, a number or a boolean as written. */
  text(x: string, key: string): string;
}

/**
 * What 合计 over a 名单 needs from an engine: a list column is a list of structs (one per member, a field per
 * fact), read with lambdas. Lambda parameters are generated names; a lambda may read the row's other columns.
 */
export interface ListFunctions {
  /** The column type of a list of members: `fields` are [name, SQL type]. */
  type(fields: [string, string][]): string;
  /** A struct value of named fields (names are generated ASCII). */
  struct(fields: [string, string][]): string;
  /** Each element `x` (at 0-based position `i` as an integer expression) mapped to `body`. */
  transform(list: string, x: string, i: string, body: (x: string, i: string) => string): string;
  filter(list: string, x: string, body: (x: string) => string): string;
  /** The sum of a list of exact integers (Dialect.int); 0 for an empty list. */
  sumInt(list: string): string;
  size(list: string): string;
  /** The first element, NULL for an empty list. */
  first(list: string): string;
  /** A list of texts from SQL text expressions (an empty one typed). */
  texts(items: string[]): string;
  /** Lists of texts one after another. */
  concat(lists: string[]): string;
  /** A list of lists of texts as one list. */
  flatten(list: string): string;
  /** A list of texts joined by `sep`, each text once (its first place kept). */
  joinDistinct(list: string, sep: string): string;
}

/** Identifiers: double quotes, a quote doubled. A NUL cannot be written and is refused. */
function duckIdent(name: string): string {
  if (name.includes('\0')) throw new SqlNameError(name);
  return `"${name.replaceAll('"', '""')}"`;
}

/** Strings: standard SQL, a quote doubled; no backslash escapes in DuckDB. */
function duckStr(s: string): string {
  if (s.includes('\0')) throw new SqlNameError(s);
  return `'${s.replaceAll("'", "''")}'`;
}

/** Spark identifiers: backquotes, a backquote doubled. */
function sparkIdent(name: string): string {
  if (name.includes('\0')) throw new SqlNameError(name);
  return '`' + name.replaceAll('`', '``') + '`';
}

/**
 * Spark string literals read backslash escapes, and the spark-sql shell splits
 * statements at ';' and substitutes ${…} before parsing. Every ASCII character
 * other than a letter, digit, space or `_.,:()` (and every control or line
 * separator character) is written as \uXXXX, so no character of a policy's text
 * can end the literal, a statement or a line comment, or start a substitution.
 */
function sparkStr(s: string): string {
  let out = "'";
  for (const ch of s) {
    const cp0 = ch.codePointAt(0)!;
    if (/^[A-Za-z0-9 _.,:()]$/.test(ch) || (cp0 > 0x7f && !/^[\u0085\u2028\u2029\p{Cc}\p{Cs}]$/u.test(ch))) out += ch;
    else {
      const cp = ch.codePointAt(0)!;
      if (cp === 0) throw new SqlNameError(s);
      const units = cp > 0xffff ? [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)] : [cp];
      for (const u of units) out += '\\u' + u.toString(16).padStart(4, '0');
    }
  }
  return out + "'";
}

export class SqlNameError extends Error {
  constructor(readonly name: string) {
    super(`a name or text with a NUL character cannot be written in SQL: ${JSON.stringify(name)}`);
  }
}

/** A JSON path to an object's key (a fact name: no quote or backslash, refused before). */
function jsonPath(key: string): string {
  if (/["\\]/.test(key)) throw new SqlNameError(key);
  return `$."${key}"`;
}

const isoOk = (iso: string) => /^\d{4}-\d{2}-\d{2}$/.test(iso);

export const duckdb: Dialect = {
  name: 'duckdb',
  ident: duckIdent,
  str: duckStr,
  int: 'HUGEINT',
  intLit: (n) => (n >= -(2n ** 62n) && n < 2n ** 62n ? `${n}::HUGEINT` : `CAST('${n}' AS HUGEINT)`),
  idiv: (a, b) => `(${a} // ${b})`,
  date: (iso) => {
    if (!isoOk(iso)) throw new RangeError(`not an ISO date: ${iso}`);
    return `DATE '${iso}'`;
  },
  addMonths: (d, n) => `CAST(${d} + to_months(${n}) AS DATE)`,
  addDays: (d, n) => `CAST(${d} + to_days(${n}) AS DATE)`,
  daysBetween: (a, b) => `date_diff('day', ${a}, ${b})`,
  dayOf: (d) => `dayofmonth(${d})`,
  yearOf: (d) => `year(${d})`,
  monthOf: (d) => `month(${d})`,
  money: 'DECIMAL(18,2)',
  quantity: 'DECIMAL(24,6)',
  count: 'BIGINT',
  text: 'VARCHAR',
  mapOf: (v) => `MAP(VARCHAR, ${v})`,
  fullMatch: (t, re) => `regexp_full_match(${t}, ${duckStr(re)})`,
  mapGet: (m, k) => `${m}[${k}]`,
  materialized: 'AS MATERIALIZED',
  json: {
    elements: (t) => `(CASE WHEN json_type(TRY_CAST(${t} AS JSON)) = 'ARRAY' THEN CAST(json_extract(TRY_CAST(${t} AS JSON), '$[*]') AS VARCHAR[]) END)`,
    isObject: (x) => `(json_type(${x}) = 'OBJECT')`,
    keys: (x) => `json_keys(${x})`,
    kind: (x, key) => {
      const t = `json_type(${x}, ${duckStr(jsonPath(key))})`;
      return `(CASE WHEN ${t} IS NULL THEN NULL WHEN ${t} = 'VARCHAR' THEN 'string' WHEN ${t} = 'BOOLEAN' THEN 'boolean' WHEN ${t} = 'NULL' THEN 'null' WHEN ${t} IN ('OBJECT', 'ARRAY', 'JSON') THEN 'other' ELSE 'number' END)`;
    },
    text: (x, key) => `json_extract_string(${x}, ${duckStr(jsonPath(key))})`,
  },
  list: {
    type: (fields) => `STRUCT(${fields.map(([n, t]) => `${duckIdent(n)} ${t}`).join(', ')})[]`,
    struct: (fields) => `struct_pack(${fields.map(([n, v]) => `${duckIdent(n)} := ${v}`).join(', ')})`,
    // DuckDB's positions count from 1.
    transform: (list, x, i, body) => `list_transform(${list}, (${x}, ${i}) -> ${body(x, `(${i} - 1)`)})`,
    filter: (list, x, body) => `list_filter(${list}, (${x}) -> ${body(x)})`,
    sumInt: (list) => `COALESCE(list_sum(${list}), 0::HUGEINT)`,
    size: (list) => `len(${list})`,
    first: (list) => `${list}[1]`,
    texts: (items) => (items.length ? `[${items.join(', ')}]::VARCHAR[]` : `[]::VARCHAR[]`),
    concat: (lists) => (lists.length === 0 ? `[]::VARCHAR[]` : lists.length === 1 ? lists[0]! : `flatten([${lists.join(', ')}])`),
    flatten: (list) => `flatten(${list})`,
    // list_distinct does not keep the order; a list read inside its own lambda must come in through another lambda.
    joinDistinct: (list, sep) =>
      `array_to_string(list_transform([${list}], (__dl) -> list_filter(__dl, (__dx, __di) -> list_position(__dl, __dx) = __di))[1], ${duckStr(sep)})`,
  },
};

export const spark: Dialect = {
  name: 'spark',
  ident: sparkIdent,
  str: sparkStr,
  int: 'DECIMAL(38,0)',
  intLit: (n) => `CAST(${n} AS DECIMAL(38,0))`,
  // `div` returns BIGINT; every quotient taken is an amount in fen (or a smaller unit), far below 2^63.
  idiv: (a, b) => `CAST((${a} div ${b}) AS DECIMAL(38,0))`,
  date: (iso) => {
    if (!isoOk(iso)) throw new RangeError(`not an ISO date: ${iso}`);
    return `DATE '${iso}'`;
  },
  addMonths: (d, n) => `add_months(${d}, ${n})`,
  addDays: (d, n) => `date_add(${d}, ${n})`,
  daysBetween: (a, b) => `datediff(${b}, ${a})`,
  dayOf: (d) => `dayofmonth(${d})`,
  yearOf: (d) => `year(${d})`,
  monthOf: (d) => `month(${d})`,
  money: 'DECIMAL(18,2)',
  quantity: 'DECIMAL(24,6)',
  count: 'BIGINT',
  text: 'STRING',
  mapOf: (v) => `MAP<STRING, ${v}>`,
  // The text Spark has always been given for it (regexp_extract of the anchored expression, not empty).
  fullMatch: (t, re) => `(regexp_extract(${t}, ${sparkStr(`^${re}$`)}, 0) <> '')`,
  mapGet: (m, k) => `try_element_at(${m}, ${k})`,
  // Spark plans a CTE once and reuses the exchange; it has no MATERIALIZED keyword.
  materialized: 'AS',
  json: {
    // json_array_length is NULL for a text that is not a JSON array (but reads past one: '[1] x' is 1; the last
    // character must close the array).
    elements: (t) => `(CASE WHEN json_array_length(${t}) IS NOT NULL AND right(${t}, 1) = ']' THEN from_json(${t}, 'ARRAY<STRING>') END)`,
    isObject: (x) => `(json_object_keys(${x}) IS NOT NULL)`,
    keys: (x) => `json_object_keys(${x})`,
    // Spark has no JSON type test: a value is read as a one-field struct of each kind; the one that reads it names it
    // (a JSON string is not a BOOLEAN, DOUBLE, MAP or ARRAY to from_json).
    kind: (x, key) => {
      const probe = (type: string) => `from_json(${x}, ${sparkStr(`STRUCT<${sparkIdent(key)}: ${type}>`)}).${sparkIdent(key)}`;
      return `(CASE WHEN ${probe('STRING')} IS NULL THEN NULL WHEN ${probe('BOOLEAN')} IS NOT NULL THEN 'boolean' WHEN ${probe('DOUBLE')} IS NOT NULL THEN 'number' WHEN ${probe('MAP<STRING, STRING>')} IS NOT NULL OR ${probe('ARRAY<STRING>')} IS NOT NULL THEN 'other' ELSE 'string' END)`;
    },
    text: (x, key) => `from_json(${x}, ${sparkStr(`STRUCT<${sparkIdent(key)}: STRING>`)}).${sparkIdent(key)}`,
  },
  list: {
    type: (fields) => `ARRAY<STRUCT<${fields.map(([n, t]) => `${sparkIdent(n)}: ${t}`).join(', ')}>>`,
    struct: (fields) => `named_struct(${fields.map(([n, v]) => `${sparkStr(n)}, ${v}`).join(', ')})`,
    transform: (list, x, i, body) => `transform(${list}, (${x}, ${i}) -> ${body(x, i)})`,
    filter: (list, x, body) => `filter(${list}, ${x} -> ${body(x)})`,
    sumInt: (list) => `aggregate(${list}, CAST(0 AS DECIMAL(38,0)), (__sa, __sx) -> CAST(__sa + __sx AS DECIMAL(38,0)))`,
    size: (list) => `size(${list})`,
    first: (list) => `try_element_at(${list}, 1)`,
    texts: (items) => (items.length ? `array(${items.join(', ')})` : `CAST(array() AS ARRAY<STRING>)`),
    concat: (lists) => (lists.length === 0 ? `CAST(array() AS ARRAY<STRING>)` : lists.length === 1 ? lists[0]! : `concat(${lists.join(', ')})`),
    flatten: (list) => `flatten(${list})`,
    // array_distinct keeps each value's first place.
    joinDistinct: (list, sep) => `concat_ws(${sparkStr(sep)}, array_distinct(${list}))`,
  },
};

export function dialectOf(name: string): Dialect | undefined {
  return name === 'duckdb' ? duckdb : name === 'spark' ? spark : undefined;
}
