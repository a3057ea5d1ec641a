// From raw rows to the typed subject tables, in SQL: every cell is read as
// text (CSV, or Parquet cast to text) and checked the way compiler/facts.ts
// validates a JSON value (and the batch reads a CSV cell: an empty cell is a
// missing fact, 是/否/true/false/yes/no/1/0 are booleans, per-level counts come
// in `fact.level` columns). A row with a bad value is rejected with the input
// error code and the column — never decided, never paid.
import type { Fact, Model, Subject } from '../model.ts';
import { isCountUnit, isMoney, isRankUnit } from '../units.ts';
import { ratToString, type Rat } from '../rational.ts';
import type { Dialect } from './dialect.ts';
import { columnType, ledgerKeyFacts } from './ddl.ts';
import { ledgerKeyTypes } from '../facts.ts';
import { Untranslatable } from './expr.ts';
import { MAX_NUMBER_TEXT } from '../input.ts';

const TRUE_WORDS = ['是', 'true', 'yes', 'y', '1', '真'];
const FALSE_WORDS = ['否', 'false', 'no', 'n', '0', '假'];

export interface RawColumns {
  /** Column names of the raw relation, in order. */
  columns: string[];
  id: string;
  /** Column with each row's subject type, unless every row is of `subject`. */
  subjectColumn?: string;
  subject?: string;
  /** A column of the raw relation numbering its rows (kept as `__idx`: the batch writes rows in input order). */
  row?: string;
}

interface Checked {
  /** The typed value (NULL when missing or bad). */
  value: string;
  /** The input error code when the cell is bad, else NULL. */
  error: string;
  field: string;
}

export class RawColumnError extends Error {
  constructor(
    readonly code: 'unknownColumn' | 'noIdColumn',
    readonly column: string,
  ) {
    super(`${code}: ${column}`);
  }
}

/** A SELECT over `raw` giving, for the rows of one subject type, the id, typed facts and __error / __field. */
export function typedSelect(model: Model, subject: Subject, D: Dialect, raw: string, cols: RawColumns): string {
  const q = D.ident;
  if (!cols.columns.includes(cols.id)) throw new RawColumnError('noIdColumn', cols.id);
  const checks: { fact: Fact; c: Checked }[] = [];
  for (const f of subject.facts.values()) {
    if (f.derived) continue;
    if (f.type.kind === 'perLevel') {
      const parts = cols.columns.filter((c) => c.startsWith(`${f.name}.`));
      checks.push({ fact: f, c: perLevel(model, D, f, parts) });
    } else if (cols.columns.includes(f.name)) checks.push({ fact: f, c: cell(model, D, f, `${q(f.name)}`) });
    else checks.push({ fact: f, c: { value: `CAST(NULL AS ${columnType(D, model, f.type, subject.name)})`, error: noText(D), field: noText(D) } });
  }
  // A derived fact cannot be supplied (P3011), and a column that names no fact of this type is refused (P3001).
  const extra = cols.columns.filter((c) => {
    if (c === cols.id || c === cols.subjectColumn) return false;
    const base = c.includes('.') ? c.slice(0, c.indexOf('.')) : c;
    const f = subject.facts.get(c) ?? subject.facts.get(base);
    return !f || f.derived !== undefined;
  });
  const extraChecks = extra.map((c) => ({
    error: `CASE WHEN trim(CAST(${q(c)} AS ${D.text})) <> '' THEN ${D.str(subject.facts.get(c)?.derived ? 'P3011' : 'P3001')} END`,
    field: D.str(c),
  }));
  // Each cell's check is computed once, in an inner SELECT (__e0, __e1, …); the outer one reads it.
  const all = [...checks.map((x) => x.c), ...extraChecks];
  const inner = all.map((x, i) => `${x.error} AS __e${i}`);
  const error = all.length ? `COALESCE(${all.map((_, i) => `__e${i}`).join(', ')})` : noText(D);
  const field = all.length ? `CASE ${all.map((x, i) => `WHEN __e${i} IS NOT NULL THEN ${x.field}`).join(' ')} END` : noText(D);
  // Rows without an id are rejected before any subject type takes them (run.ts).
  const idPresent = `NULLIF(trim(CAST(${q(cols.id)} AS ${D.text})), '') IS NOT NULL`;
  const where = cols.subject !== undefined ? ` WHERE ${idPresent}` : ` WHERE ${idPresent} AND trim(CAST(${q(cols.subjectColumn!)} AS ${D.text})) = ${D.str(subject.name)}`;
  const sel = [
    `trim(CAST(${q(cols.id)} AS ${D.text})) AS ${q('id')}`,
    ...checks.map((x, i) => `CASE WHEN __e${i} IS NULL THEN ${x.c.value} END AS ${q(x.fact.name)}`),
    `${error} AS __error`,
    `${field} AS __field`,
    ...(cols.row !== undefined ? [`${cols.row} AS __idx`] : []),
  ];
  return `SELECT ${sel.join(', ')} FROM (SELECT *${inner.map((e) => `, ${e}`).join('')} FROM ${raw}${where}) __cells`;
}

/**
 * No error code / field: a text NULL, never the bare literal — DuckDB types a bare NULL INTEGER, and a row type whose
 * checks were all bare NULLs (no column of any fact present) could not be united with the rows that have codes.
 */
const noText = (D: Dialect) => `CAST(NULL AS ${D.text})`;

const trimmed = (D: Dialect, col: string) => `NULLIF(trim(CAST(${col} AS ${D.text})), '')`;

function cell(model: Model, D: Dialect, f: Fact, col: string): Checked {
  const t = trimmed(D, col);
  if (f.type.kind === 'list') return memberList(model, D, f, t);
  return cellText(model, D, f, t);
}

/** The checks of one cell whose trimmed text is `t` (NULL: the fact is missing). */
function cellText(model: Model, D: Dialect, f: Fact, t: string): Checked {
  const type = columnType(D, model, f.type, f.name);
  const field = D.str(f.name);
  switch (f.type.kind) {
    case 'bool': {
      const w = `lower(${t})`;
      return {
        value: `CASE WHEN ${w} IN (${TRUE_WORDS.map(D.str).join(', ')}) THEN TRUE WHEN ${w} IN (${FALSE_WORDS.map(D.str).join(', ')}) THEN FALSE END`,
        error: `CASE WHEN ${t} IS NOT NULL AND NOT ${w} IN (${[...TRUE_WORDS, ...FALSE_WORDS].map(D.str).join(', ')}) THEN 'P3002' END`,
        field,
      };
    }
    case 'date': {
      const re = D.str('^([0-9]{4})(-|年)([0-9]{1,2})(-|月)([0-9]{1,2})日?$');
      const g = (i: number) => `regexp_extract(${t}, ${re}, ${i})`;
      const iso = `CASE WHEN ${g(1)} <> '' THEN TRY_CAST(concat(${g(1)}, '-', lpad(${g(3)}, 2, '0'), '-', lpad(${g(5)}, 2, '0')) AS DATE) END`;
      return { value: iso, error: `CASE WHEN ${t} IS NOT NULL AND (${iso}) IS NULL THEN 'P3006' END`, field };
    }
    case 'quantity':
      return quantity(D, f.type.unit, t, type, field, f.reviewed?.low && f.reviewed.high ? { low: f.reviewed.low, high: f.reviewed.high } : undefined);
    case 'level': {
      const lt = model.levels.get(f.type.of)!;
      const canon = `CASE ${lt.levels.flatMap((l) => [l.name, ...l.aliases].map((n) => `WHEN ${t} = ${D.str(n)} THEN ${D.str(l.name)}`)).join(' ')} END`;
      return { value: canon, error: `CASE WHEN ${t} IS NOT NULL AND (${canon}) IS NULL THEN 'P3004' END`, field };
    }
    case 'enum': {
      const et = model.enums.get(f.type.of)!;
      const inSet = `${t} IN (${et.values.map((v) => D.str(v.name)).join(', ')})`;
      return { value: `CASE WHEN ${inSet} THEN ${t} END`, error: `CASE WHEN ${t} IS NOT NULL AND NOT ${inSet} THEN 'P3004' END`, field };
    }
    case 'text':
      return { value: t, error: noText(D), field };
    default:
      return { value: 'NULL', error: `CASE WHEN ${t} IS NOT NULL THEN 'P3002' END`, field };
  }
}

/**
 * A 名单 cell: the JSON array of the members' facts (compiler/batch/rows.ts cellValue), checked as
 * compiler/input.ts checks a list — not an array: P3002 at the fact; a member that is not an object: P3010 at
 * `名单[i]`; then each member's keys in order: a fact the member's type does not have P3001, a derived one P3011,
 * a value of the wrong JSON kind or a bad value the code of its type, at `名单[i].事实`. The first error in that order
 * rejects the row. The value is a list of structs (ddl.ts columnType), a field per stored fact of the member.
 */
function memberList(model: Model, D: Dialect, f: Fact, t: string): Checked {
  if (f.type.kind !== 'list') throw new Error('not a list');
  const of = model.subjects.get(f.type.of);
  if (!of) throw new Untranslatable(`a 名单 of ${f.type.of}`, f.name);
  const stored = [...of.facts.values()].filter((m) => !m.derived);
  const derived = [...of.facts.values()].filter((m) => m.derived);
  for (const m of stored)
    if (m.type.kind === 'perLevel' || m.type.kind === 'list' || /["\\]/.test(m.name)) throw new Untranslatable(`a member fact ${m.name} of ${f.name} read from JSON`, f.name);
  const J = D.json;
  const L = D.list;
  const X = '__lx';
  const K = '__lk';
  const E = '__le';
  /** One member fact's value from the member object x: its error code (NULL: fine or absent) and typed value. */
  // Each member is read once: its JSON text, its position, and the kind and text of each of its facts (fields k0,
  // s0, k1, s1, … of a struct); the checks and the values read those fields.
  const P = '__lp';
  const elements = J.elements(t);
  const read = L.transform(elements, X, '__li', (x, i) =>
    L.struct([['x', x], ['i', i], ...stored.flatMap((m, k): [string, string][] => [[`k${k}`, J.kind(x, m.name)], [`s${k}`, J.text(x, m.name)]])]),
  );
  /** One member fact's value from the read member y: its error code (NULL: fine or absent) and typed value. */
  const factOf = (m: Fact, k: number, y: string): { error: string; value: string } => {
    const kind = `${y}.k${k}`;
    const s = `${y}.s${k}`;
    const present = `(${kind} IS NOT NULL AND ${kind} <> 'null')`;
    if (m.type.kind === 'bool') return { error: `(CASE WHEN ${present} AND ${kind} <> 'boolean' THEN 'P3002' END)`, value: `(CASE WHEN ${kind} = 'boolean' THEN ${s} = 'true' END)` };
    const quantity = m.type.kind === 'quantity';
    const accepted = quantity ? `${kind} IN ('string', 'number')` : `${kind} = 'string'`;
    const wrong = m.type.kind === 'quantity' ? (isMoney(m.type.unit) ? 'P3007' : 'P3002') : m.type.kind === 'date' ? 'P3006' : m.type.kind === 'level' || m.type.kind === 'enum' ? 'P3004' : 'P3002';
    const c = cellText(model, D, m, `trim(${s})`);
    const blank = m.type.kind === 'text' ? ` WHEN trim(${s}) = '' THEN 'P3002'` : '';
    return {
      error: `(CASE WHEN NOT ${present} THEN NULL WHEN NOT (${accepted}) THEN '${wrong}'${blank} ELSE ${c.error} END)`,
      value: `(CASE WHEN ${present} AND ${accepted} THEN ${c.value} END)`,
    };
  };
  const keyError = (y: string, k: string) =>
    `(CASE ${[...stored.map((m, i) => `WHEN ${k} = ${D.str(m.name)} THEN ${factOf(m, i, y).error}`), ...derived.map((m) => `WHEN ${k} = ${D.str(m.name)} THEN 'P3011'`)].join(' ')} ELSE 'P3001' END)`;
  const at = (i: string) => `concat(${D.str(`${f.name}[`)}, CAST(${i} AS ${D.text}), ']')`;
  const memberError = (y: string) =>
    `(CASE WHEN NOT ${J.isObject(`${y}.x`)} THEN ${L.struct([['c', `'P3010'`], ['f', at(`${y}.i`)]])} ELSE ${L.first(
      L.filter(
        L.transform(J.keys(`${y}.x`), K, '__lj', (k) => L.struct([['c', keyError(y, k)], ['f', `concat(${at(`${y}.i`)}, '.', ${k})`]])),
        E,
        (e) => `(${e}.c IS NOT NULL)`,
      ),
    )} END)`;
  const firstError = L.first(L.filter(L.transform(read, P, '__lk2', memberError), E, (e) => `(${e} IS NOT NULL)`));
  const value = L.transform(read, P, '__lk2', (y) => L.struct(stored.map((m, k): [string, string] => [m.name, `CAST(${factOf(m, k, y).value} AS ${columnType(D, model, m.type, f.name)})`])));
  return {
    value: `CAST(${value} AS ${columnType(D, model, f.type, f.name)})`,
    error: `(CASE WHEN ${t} IS NULL THEN NULL WHEN ${elements} IS NULL THEN 'P3002' ELSE (${firstError}).c END)`,
    field: `(CASE WHEN ${elements} IS NULL THEN ${D.str(f.name)} ELSE (${firstError}).f END)`,
  };
}

/** exactNumber() and the quantity rules of validateValue(): digits with at most 2 (money) or 6 places, not negative, whole for counts, ≥ 1 for places. */
function quantity(D: Dialect, unit: import('../model.ts').Unit, t: string, type: string, field: string, bounds?: { low: Rat; high: Rat }): Checked {
  const money = isMoney(unit);
  const places = money ? 2 : 6;
  const shape = D.fullMatch(t, `-?[0-9]+(\\.[0-9]{1,${places}})?`);
  // DuckDB reads text into DECIMAL(38,6) (a 128-bit integer) ~8× slower than into DECIMAL(18,6), and the cell's value is
  // read once per rule below: a number of up to 12 integer digits is read as DECIMAL(18,6), a longer one as DECIMAL(38,6).
  // The value is the same (every value the rules look at has passed `shape`: at most 6 decimal places, read exactly).
  const exact = D.name === 'duckdb' ? `COALESCE(CAST(TRY_CAST(${t} AS DECIMAL(18,6)) AS DECIMAL(38,6)), TRY_CAST(${t} AS DECIMAL(38,6)))` : `TRY_CAST(${t} AS DECIMAL(38,6))`;
  const ok = `(${shape} AND ${exact} IS NOT NULL)`;
  const bad = money ? 'P3007' : 'P3002';
  // Above the one bound every engine shares (compiler/input.ts MAX_NUMBER): P3533, in the JS engine's order.
  // More than 6 decimal places (not money: P3007 says two): P3534, as compiler/input.ts checkQuantity.
  const rules = [...(money ? [] : [`WHEN ${D.fullMatch(t, '-?[0-9]+\\.[0-9]{7,}')} THEN 'P3534'`]), `WHEN NOT ${ok} THEN '${bad}'`, `WHEN ${exact} < 0 THEN 'P3003'`, `WHEN ${exact} > ${MAX_NUMBER_TEXT} THEN 'P3533'`];
  // Whole: no fraction left by `% 1`. (Not `exact <> CAST(exact AS DECIMAL(38,0))`: Spark compares DECIMAL(38,6)
  // with DECIMAL(38,0) in DECIMAL(38,0), rounding 1.5 to 2 on both sides, so a count of 1.5 passed and was read as 1.)
  if (isCountUnit(unit)) rules.push(`WHEN ${exact} % 1 <> 0 THEN 'P3008'`);
  if (isRankUnit(unit)) rules.push(`WHEN ${exact} < 1 THEN 'P3012'`);
  // A reviewed amount (核定) outside the range the text states: P3030, as compiler/input.ts checkQuantity.
  if (bounds) rules.push(`WHEN ${exact} < ${ratToString(bounds.low, 6)} OR ${exact} > ${ratToString(bounds.high, 6)} THEN 'P3030'`);
  // A value beyond the column type is an error (P3002), never a rounded or wrapped number.
  rules.push(`WHEN TRY_CAST(${exact} AS ${type}) IS NULL THEN '${bad}'`);
  const error = `CASE WHEN ${t} IS NULL THEN NULL ${rules.join(' ')} END`;
  return { value: `TRY_CAST(${exact} AS ${type})`, error, field };
}

/** A per-level fact from `fact.level` columns: present when any part is; a later spelling of the same level wins. */
function perLevel(model: Model, D: Dialect, f: Fact, parts: string[]): Checked {
  if (f.type.kind !== 'perLevel') throw new Error('not per-level');
  const lt = model.levels.get(f.type.of)!;
  const unit = f.type.unit;
  const vtype = isMoney(unit) ? D.money : isCountUnit(unit) ? D.count : D.quantity;
  const errors: { error: string; field: string }[] = [];
  const byLevel = new Map<string, string[]>();
  for (const p of parts) {
    const key = p.slice(f.name.length + 1);
    const lv = lt.levels.find((l) => l.name === key || l.aliases.includes(key));
    const t = trimmed(D, D.ident(p));
    if (!lv) {
      errors.push({ error: `CASE WHEN ${t} IS NOT NULL THEN 'P3004' END`, field: D.str(p) });
      continue;
    }
    const c = quantity(D, unit, t, vtype, D.str(p));
    errors.push({ error: c.error, field: c.field });
    byLevel.set(lv.name, [c.value, ...(byLevel.get(lv.name) ?? [])]);
  }
  // The first part's error (each part's check written once: a CASE repeating it evaluated it twice).
  const error = errors.length ? (errors.length === 1 ? errors[0]!.error : `COALESCE(${errors.map((e) => e.error).join(', ')})`) : noText(D);
  const field = errors.length ? `CASE ${errors.map((e) => `WHEN ${e.error} IS NOT NULL THEN ${e.field}`).join(' ')} END` : noText(D);
  const entries = [...byLevel].map(([name, vals]) => ({ key: D.str(name), value: vals.length > 1 ? `COALESCE(${vals.join(', ')})` : vals[0]! }));
  const anyPresent = parts.length ? parts.map((p) => `${trimmed(D, D.ident(p))} IS NOT NULL`).join(' OR ') : 'FALSE';
  // A level whose cell is empty maps to NULL, which the queries read as "not given" (mapGet is NULL either way).
  const map =
    entries.length === 0
      ? `CAST(NULL AS ${D.mapOf(vtype)})`
      : D.name === 'duckdb'
        ? `MAP([${entries.map((e) => e.key).join(', ')}], [${entries.map((e) => `CAST(${e.value} AS ${vtype})`).join(', ')}])`
        : `map(${entries.map((e) => `${e.key}, CAST(${e.value} AS ${vtype})`).join(', ')})`;
  return { value: `CASE WHEN ${anyPresent} THEN ${map} END`, error, field };
}

/** The ledger from raw columns: id, benefit/待遇, date/日期, amount/金额, key.<fact>; bad rows are errors. */
export function ledgerSelect(model: Model, D: Dialect, raw: string, columns: string[], idColumn: string, damaged = false, asOf?: string): { sql: string; missing: string[] } {
  const q = D.ident;
  const pick = (names: string[]) => names.find((n) => columns.includes(n));
  const benefit = pick(['benefit', '待遇']);
  const date = pick(['date', '日期']);
  const amount = pick(['amount', '金额']);
  const missing = [!columns.includes(idColumn) && idColumn, !benefit && 'benefit', !date && 'date', !amount && 'amount'].filter((x): x is string => !!x);
  if (missing.length) return { sql: '', missing };
  const t = (c: string) => trimmed(D, q(c));
  const dateFact: Fact = { name: date!, type: { kind: 'date' }, range: { start: 0, end: 0 } };
  const d = cell(model, D, dateFact, q(date!));
  const a = quantity(D, { yuan: 1 }, t(amount!), D.money, D.str(amount!));
  const ids = model.benefits.map((b) => D.str(b.id)).join(', ');
  const bErr = `CASE WHEN ${t(benefit!)} IS NULL OR NOT ${t(benefit!)} IN (${ids || "''"}) THEN 'P3009' END`;
  // The key facts a ledger row records (facts.ts checkLedger): a key the row's benefit does not take P3013, a bad value
  // the code of its type, one the benefit takes left empty P3014 — in the order of the columns, as the batch reads them.
  // A row with a bad key is a bad row: its subject is rejected (a payment whose key is unknown could be paid again).
  const cellOf = (k: string) => pick([`key.${k}`, k]);
  const byBenefit = model.benefits.map((b) => ({ id: D.str(b.id), types: ledgerKeyTypes(model, b) }));
  const keyFacts = ledgerKeyFacts(model);
  const checkedKeys = keyFacts
    .map((k) => {
      const c = cellOf(k);
      const v = c ? t(c) : `CAST(NULL AS ${D.text})`;
      const takers = byBenefit.filter((b) => b.types.has(k));
      const arms = takers.map((b) => {
        const type = b.types.get(k)!;
        // A key cell is text: a yes/no key is never one (checkValue wants a JSON boolean), as the batch reads it.
        const checked = type.kind === 'bool' ? { value: v, error: `CASE WHEN ${v} IS NOT NULL THEN 'P3002' END` } : cellText(model, D, { name: k, type, range: { start: 0, end: 0 } }, v);
        // The key as the reference stores it (keyString): a date as YYYY-MM-DD, a level by its name.
        const canon = type.kind === 'date' ? `CAST(${checked.value} AS ${D.text})` : type.kind === 'level' ? checked.value : v;
        return { when: `${t(benefit!)} = ${b.id}`, error: checked.error, canon };
      });
      const error = `CASE WHEN ${v} IS NULL THEN NULL ${arms.map((x) => `WHEN ${x.when} THEN ${x.error}`).join(' ')} ELSE 'P3013' END`;
      const value = arms.length ? `CASE ${arms.map((x) => `WHEN ${x.when} THEN ${x.canon}`).join(' ')} ELSE ${v} END` : v;
      return { k, at: c ? columns.indexOf(c) : Number.MAX_SAFE_INTEGER, v, error, value };
    })
    .sort((x, y) => x.at - y.at);
  const absent = byBenefit
    .filter((b) => b.types.size > 0)
    .map((b) => `WHEN ${t(benefit!)} = ${b.id} AND (${[...b.types.keys()].map((k) => `${checkedKeys.find((x) => x.k === k)?.v ?? 'NULL'} IS NULL`).join(' OR ')}) THEN 'P3014'`);
  const keys = checkedKeys.map((x) => `${x.value} AS ${q(`key.${x.k}`)}`);
  const keyErrors = [...checkedKeys.map((x) => x.error), ...(absent.length ? [`CASE ${absent.join(' ')} END`] : [])];
  // `damaged`: raw has a column __damaged with the code of a line that could not be read as the header's columns.
  // A ledger cannot record the future: a payment dated after the as-of date is a bad row (P3015), as facts.ts checkLedger
  // has it — never a payment counted or ignored.
  const future = asOf ? `, CASE WHEN ${d.value} > ${D.date(asOf)} THEN 'P3015' END` : '';
  const error = `COALESCE(${damaged ? '__damaged, ' : ''}${bErr}, ${d.error}, ${a.error}, CASE WHEN ${a.value} IS NULL THEN 'P3007' END${future}${keyErrors.map((e) => `, ${e}`).join('')})`;
  const sql = `SELECT ${t(idColumn)} AS ${q('id')}, ${t(benefit!)} AS ${q('benefit')}, ${d.value} AS ${q('date')}, ${a.value} AS ${q('amount')}${keys.map((k) => `, ${k}`).join('')}, ${error} AS __error FROM ${raw}`;
  return { sql, missing: [] };
}
