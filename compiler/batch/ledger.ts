// A ledger file for a batch (prior payments), in any input format, joined to
// subjects on the id column. Columns: the id, benefit (待遇), date (日期),
// amount (金额), and `key.<fact>` columns (or a `key` object) for 限一次
// benefits. The ledger is read as a stream (compiler/batch/join.ts spills it
// to disk by id, so memory does not grow with it); its rows are validated with
// the subject that they belong to, so a bad ledger row rejects that subject
// rather than letting it be paid as if nothing had been paid before.
import { openSource } from './sources.ts';
import { ColumnError } from './rows.ts';
import { SPREADSHEET_NUMBER_ID } from './ids.ts';
import type { InputError } from '../facts.ts';

const NAMES: Record<'benefit' | 'date' | 'amount', string[]> = {
  benefit: ['benefit', '待遇'],
  date: ['date', '日期'],
  amount: ['amount', '金额'],
};

export interface LedgerScan {
  rows: number;
  /** The first 20 rows that cannot be joined (no id, unreadable): the batch refuses to start. */
  errors: (InputError & { row: number })[];
  errorCount: number;
}

/** Reads a ledger file, calling `visit` with each row's id and entry in file order. */
export async function scanLedger(path: string, idColumn: string, visit: (id: string, entry: Record<string, unknown>, row: number) => void): Promise<LedgerScan> {
  const src = await openSource(path);
  const errors: LedgerScan['errors'] = [];
  let errorCount = 0;
  const fail = (e: LedgerScan['errors'][number]) => {
    if (++errorCount <= 20) errors.push(e);
  };
  let rows = 0;
  const cols = src.columns;
  const colOf = ledgerColumns(cols);
  if (cols && !cols.includes(idColumn)) {
    await src.close();
    throw new ColumnError('batch.noIdColumn', { column: idColumn, columns: cols.join(', ') });
  }
  // A ledger file without the benefit, date or amount column (the subjects file given as --ledger) is refused as a
  // whole, rather than every subject rejected for a ledger entry of benefit "undefined".
  const absent = (['benefit', 'date', 'amount'] as const).filter((k) => cols && colOf[k] === undefined).map((k) => NAMES[k].join(' / '));
  if (absent.length) {
    await src.close();
    throw new ColumnError('batch.ledgerColumns', { missing: absent.join(', '), columns: cols!.join(', ') });
  }
  try {
    for await (const rec of src.records(src.start)) {
      rows++;
      if (rec.problem) {
        fail({ code: rec.problem.code, field: `ledger row ${rec.row}`, args: rec.problem.args, row: rec.row });
        continue;
      }
      let one: { id: string; entry: Record<string, unknown> } | undefined;
      if (rec.cells) one = ledgerCells(cols!, rec.cells, idColumn, colOf);
      else {
        const o = rec.object!;
        let keys: Record<string, unknown> | undefined;
        for (const [k, v] of Object.entries(o)) if (k.startsWith('key.') && v !== null && v !== undefined) (keys ??= {})[k.slice(4)] = v;
        const k = o['key'];
        if (k !== undefined && k !== null) {
          if (typeof k === 'string' && k.trim().startsWith('{')) {
            try {
              keys = JSON.parse(k) as Record<string, unknown>;
            } catch {
              keys = { '': k } as Record<string, unknown>;
            }
          } else keys = k as Record<string, unknown>;
        }
        one = entryOf((names) => names.map((n) => o[n]).find((v) => v !== undefined && v !== null), keys, colOf, idColumn);
      }
      if (!one) {
        fail({ code: 'P3507', field: `ledger row ${rec.row}`, args: { column: idColumn }, row: rec.row });
        continue;
      }
      const { id, entry } = one;
      if (SPREADSHEET_NUMBER_ID.test(id)) {
        fail({ code: 'P3530', field: `ledger row ${rec.row}`, args: { id }, row: rec.row });
        continue;
      }
      visit(id, entry, rec.row);
    }
  } finally {
    await src.close();
  }
  return { rows, errors, errorCount };
}

type ColumnsOf = Record<'benefit' | 'date' | 'amount', string | undefined>;

/** The columns of a ledger's header that hold the benefit, the date and the amount (their English or Chinese names). */
function ledgerColumns(cols: readonly string[] | undefined): ColumnsOf {
  const pick = (names: string[]) => (cols ? names.find((n) => cols.includes(n)) : undefined);
  return { benefit: pick(NAMES.benefit), date: pick(NAMES.date), amount: pick(NAMES.amount) };
}

/** A ledger row's id and entry from its fields (`get`) and key facts, or undefined when it has no id (P3507). */
function entryOf(get: (names: string[], col?: string) => unknown, keys: Record<string, unknown> | undefined, colOf: ColumnsOf, idColumn: string): { id: string; entry: Record<string, unknown> } | undefined {
  const idRaw = get([idColumn], idColumn);
  const id = idRaw === undefined || idRaw === null ? '' : String(idRaw).trim();
  if (!id) return undefined;
  const benefit = get(NAMES.benefit, colOf.benefit);
  const entry: Record<string, unknown> = {
    benefit: typeof benefit === 'string' ? benefit.trim() : benefit,
    date: get(NAMES.date, colOf.date),
    amount: get(NAMES.amount, colOf.amount),
    ...(keys && { key: keys }),
  };
  return { id, entry };
}

/**
 * A ledger row read as text cells (a CSV row; `cols` its header), as the batch joins it: its id and entry, or undefined
 * when it has no id (P3507). `policy batch --engine duckdb` builds the rows of a rejected subject's ledger with it too.
 */
export function ledgerCells(cols: readonly string[], cells: readonly string[], idColumn: string, colOf: ColumnsOf = ledgerColumns(cols)): { id: string; entry: Record<string, unknown> } | undefined {
  let keys: Record<string, unknown> | undefined;
  cols.forEach((c, i) => {
    if (c.startsWith('key.') && cells[i]!.trim() !== '') (keys ??= {})[c.slice(4)] = cells[i]!.trim();
  });
  const k = cols.indexOf('key');
  if (k >= 0 && cells[k]!.trim().startsWith('{')) {
    try {
      keys = JSON.parse(cells[k]!) as Record<string, unknown>;
    } catch {
      keys = { '': cells[k] } as Record<string, unknown>;
    }
  }
  return entryOf((_n, col) => (col === undefined ? undefined : cells[cols.indexOf(col)]), keys, colOf, idColumn);
}
