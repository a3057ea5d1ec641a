// From an input record to a subject: which column is the id, which the
// subject type, and how a CSV cell (always text) becomes the JSON value the
// fact validator expects. Columns are checked once, against the policy,
// before any row is read: a column that names no fact is an error for the
// whole batch, never silently ignored.
import type { Model, Type } from '../model.ts';
import type { InputError } from '../facts.ts';
import type { InputRecord } from './sources.ts';
import { SPREADSHEET_NUMBER_ID } from './ids.ts';
import { showValue } from '../input.ts';

/** Column names accepted for the subject type and the id when no option names them. */
export const SUBJECT_COLUMNS = ['申请对象', 'subject'];
export const DEFAULT_ID_COLUMNS = ['id', 'ID', '编号'];
/** Keys of a JSON Lines / Parquet row that are not facts. */
const LEDGER_KEYS = ['ledger', '台账'];

export interface RowOptions {
  /** Every row is of this subject type. */
  subject?: string;
  /** Column holding the subject type (default: 申请对象 or subject). */
  subjectColumn?: string;
  /** Column holding the subject id (default: id / 编号 if present, else the row number). */
  id?: string;
}

/** A subject ready for validation and evaluation. */
export interface SubjectInput {
  row: number;
  line?: number;
  id: string;
  type: string;
  facts: Record<string, unknown>;
  ledger?: unknown[];
}

export interface RowReject {
  row: number;
  line?: number;
  id?: string;
  errors: InputError[];
}

export class ColumnError extends Error {
  constructor(
    readonly id: 'batch.unknownColumn' | 'batch.noIdColumn' | 'batch.ledgerColumns' | 'batch.noSubject' | 'batch.unknownSubject' | 'batch.duplicateColumn',
    readonly args: Record<string, string>,
  ) {
    super(`${id} ${JSON.stringify(args)}`);
  }
}

const TRUE_WORDS = new Set(['是', 'true', 'yes', 'y', '1', '真']);
const FALSE_WORDS = new Set(['否', 'false', 'no', 'n', '0', '假']);

/** A CSV cell as the JSON value the validator takes for that fact's type. Unrecognised text stays text, so the validator names it. */
export function cellValue(type: Type, cell: string): unknown {
  const t = cell.trim();
  if (type.kind === 'bool') {
    const w = t.toLowerCase();
    if (TRUE_WORDS.has(w)) return true;
    if (FALSE_WORDS.has(w)) return false;
    return cell;
  }
  // A list (名单) in one cell: a JSON array of its members' facts, `[{"类别":"高校毕业生","见习月数":6}, …]`.
  if ((type.kind === 'perLevel' && t.startsWith('{')) || (type.kind === 'list' && t.startsWith('['))) {
    try {
      return JSON.parse(t);
    } catch {
      return cell;
    }
  }
  return cell;
}

/** The fact types by name for one subject type (derived facts included: supplying one is an error the validator names). */
function factOf(model: Model, type: string, name: string) {
  return model.subjects.get(type)?.facts.get(name);
}

export interface Plan {
  idColumn?: string;
  subjectColumn?: string;
  subject?: string;
  /** For each column: [fact, level] for `fact.level` columns, [fact] for plain ones, undefined for id/subject. */
  columns?: ({ fact: string; part?: string } | undefined)[];
  toSubject(rec: InputRecord): SubjectInput | RowReject;
}

/**
 * Plans how rows become subjects. `columns` is the header (CSV, Parquet) or
 * undefined (JSON Lines, where each row names its own keys).
 */
export function planRows(model: Model, columns: string[] | undefined, opts: RowOptions): Plan {
  if (opts.subject !== undefined && !model.subjects.has(opts.subject))
    throw new ColumnError('batch.unknownSubject', { found: opts.subject, allowed: [...model.subjects.keys()].join('、') });
  let idColumn = opts.id;
  if (idColumn !== undefined && columns && !columns.includes(idColumn)) throw new ColumnError('batch.noIdColumn', { column: idColumn, columns: columns.join(', ') });
  if (idColumn === undefined && columns) idColumn = DEFAULT_ID_COLUMNS.find((c) => columns.includes(c));
  let subjectColumn = opts.subjectColumn;
  if (subjectColumn !== undefined && columns && !columns.includes(subjectColumn)) throw new ColumnError('batch.noSubject', { column: subjectColumn });
  if (subjectColumn === undefined) {
    subjectColumn = columns ? SUBJECT_COLUMNS.find((c) => columns.includes(c)) : undefined;
    if (columns && !subjectColumn && opts.subject === undefined) throw new ColumnError('batch.noSubject', { column: SUBJECT_COLUMNS.join(' / ') });
  }
  const types = opts.subject !== undefined ? [opts.subject] : [...model.subjects.keys()];
  let plan: Plan['columns'];
  let unnamed: number[] | undefined;
  if (columns) {
    const seen = new Set<string>();
    plan = columns.map((c, i) => {
      // A column with no name (the trailing empty columns a spreadsheet exports): read only to refuse a row
      // that has a value there (P3532), never taken for a fact.
      if (c === '') {
        (unnamed ??= []).push(i);
        return undefined;
      }
      if (seen.has(c)) throw new ColumnError('batch.duplicateColumn', { column: c });
      seen.add(c);
      if (c === idColumn || c === subjectColumn) return undefined;
      if (LEDGER_KEYS.includes(c)) return undefined;
      const dot = c.indexOf('.');
      const fact = dot > 0 ? c.slice(0, dot) : c;
      const part = dot > 0 ? c.slice(dot + 1) : undefined;
      const ok = types.some((t) => {
        const f = factOf(model, t, fact);
        return f && (part === undefined || f.type.kind === 'perLevel');
      });
      if (!ok) throw new ColumnError('batch.unknownColumn', { column: c, subjects: types.join('、') });
      return part === undefined ? { fact } : { fact, part };
    });
  }
  const textOf = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : typeof v === 'string' ? v.trim() : String(v));

  const toSubject = (rec: InputRecord): SubjectInput | RowReject => {
    const base = { row: rec.row, ...(rec.line !== undefined && { line: rec.line }) };
    if (rec.problem) return { ...base, errors: [{ code: rec.problem.code, field: `row ${rec.row}`, args: rec.problem.args }] };
    // Cells by column name.
    let get: (c: string) => unknown;
    if (rec.cells) {
      const cells = rec.cells;
      if (columns && cells.length !== columns.length)
        return { ...base, errors: [{ code: 'P3502', field: `row ${rec.row}`, args: { found: String(cells.length), expected: String(columns.length) } }] };
      get = (c) => cells[columns!.indexOf(c)];
    } else {
      const o = rec.object!;
      get = (c) => o[c];
    }
    const rawId = idColumn !== undefined ? textOf(get(idColumn)) : String(rec.row);
    const id = rawId ?? '';
    const withId = { ...base, ...(id && { id }) };
    if (!id) return { ...withId, errors: [{ code: 'P3506', field: idColumn ?? 'id', args: { column: idColumn ?? 'id' } }] };
    if (SPREADSHEET_NUMBER_ID.test(id)) return { ...withId, errors: [{ code: 'P3530', field: idColumn ?? 'id', args: { id } }] };
    const col = subjectColumn ?? SUBJECT_COLUMNS.find((c) => rec.object && Object.hasOwn(rec.object, c));
    const stated = col !== undefined ? textOf(get(col)) : undefined;
    const type = opts.subject ?? stated;
    if (!type) return { ...withId, errors: [{ code: 'P3505', field: col ?? SUBJECT_COLUMNS[0]!, args: { column: col ?? SUBJECT_COLUMNS.join(' / ') } }] };
    // With --subject, a row whose own subject column names another type is not silently taken as that type.
    if (!model.subjects.has(type) || (opts.subject !== undefined && stated && stated !== opts.subject))
      return { ...withId, errors: [{ code: 'P3005', field: col ?? 'subject', args: { found: stated ?? type, allowed: opts.subject ?? [...model.subjects.keys()].join('、') } }] };
    const facts: Record<string, unknown> = {};
    const errors: InputError[] = [];
    let ledger: unknown[] | undefined;
    if (rec.cells) {
      const cells = rec.cells;
      for (const i of unnamed ?? []) if (cells[i]!.trim() !== '') errors.push({ code: 'P3532', field: `row ${rec.row}`, args: { column: String(i + 1), found: showValue(cells[i]!) } });
      for (let i = 0; i < cells.length; i++) {
        const p = plan![i];
        const cell = cells[i]!;
        if (!p || cell.trim() === '') continue;
        const fact = factOf(model, type, p.fact);
        if (!fact) {
          errors.push({ code: 'P3001', field: columns![i]!, args: { subject: type } });
          continue;
        }
        if (p.part !== undefined) {
          const m = (facts[p.fact] ??= {}) as Record<string, unknown>;
          if (typeof m === 'object') m[p.part] = cell.trim();
        } else facts[p.fact] = cellValue(fact.type, cell);
      }
    } else {
      const o = rec.object!;
      // {"facts": {...}} or the facts inline.
      const nested = Object.hasOwn(o, 'facts') && !factOf(model, type, 'facts') && typeof o['facts'] === 'object' && o['facts'] !== null;
      const src = nested ? (o['facts'] as Record<string, unknown>) : o;
      for (const [k, v] of Object.entries(src)) {
        if (!nested && (k === idColumn || k === subjectColumn || SUBJECT_COLUMNS.includes(k) || LEDGER_KEYS.includes(k))) continue;
        if (v === null || v === undefined) continue;
        const dot = k.indexOf('.');
        const fact = factOf(model, type, k) ?? (dot > 0 ? factOf(model, type, k.slice(0, dot)) : undefined);
        if (fact && fact.name !== k && fact.type.kind === 'perLevel') {
          const m = (facts[fact.name] ??= {}) as Record<string, unknown>;
          if (typeof m === 'object') m[k.slice(dot + 1)] = v;
        } else facts[k] = fact && typeof v === 'string' ? cellValue(fact.type, v) : v;
      }
      const l = LEDGER_KEYS.map((k) => o[k]).find((v) => v !== undefined && v !== null);
      if (l !== undefined) {
        if (Array.isArray(l)) ledger = l;
        else errors.push({ code: 'P3002', field: 'ledger', args: { found: JSON.stringify(l), expected: 'an array of {benefit, date, amount}', expectedZh: '台账记录数组 [{benefit, date, amount}]' } });
      }
    }
    if (errors.length) return { ...withId, errors };
    return { ...withId, id, type, facts, ...(ledger && { ledger }) };
  };
  return { ...(idColumn !== undefined && { idColumn }), ...(subjectColumn !== undefined && { subjectColumn }), ...(opts.subject !== undefined && { subject: opts.subject }), columns: plan, toSubject };
}

export const isReject = (x: SubjectInput | RowReject): x is RowReject => 'errors' in x;
