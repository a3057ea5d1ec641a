// A ledger file for a batch (prior payments), in any input format, joined to
// subjects on the id column. Columns: the id, benefit (待遇), date (日期),
// amount (金额), and `key.<fact>` columns (or a `key` object) for 限一次
// benefits. The ledger is held in memory by id (it is the payments already
// made, far smaller than the population); its rows are validated with the
// subject that they belong to, so a bad ledger row rejects that subject
// rather than letting it be paid as if nothing had been paid before.
import { openSource } from './sources.ts';
import { ColumnError } from './rows.ts';
import type { JoinedLedger } from './decide.ts';
import type { InputError } from '../facts.ts';

const NAMES: Record<'benefit' | 'date' | 'amount', string[]> = {
  benefit: ['benefit', '待遇'],
  date: ['date', '日期'],
  amount: ['amount', '金额'],
};

export interface LedgerIndex {
  byId: Map<string, JoinedLedger>;
  rows: number;
  /** Rows that cannot be joined (no id): the batch refuses to start. */
  errors: (InputError & { row: number })[];
}

export async function loadLedger(path: string, idColumn: string): Promise<LedgerIndex> {
  const src = await openSource(path);
  const byId = new Map<string, JoinedLedger>();
  const errors: LedgerIndex['errors'] = [];
  let rows = 0;
  const cols = src.columns;
  const pick = (names: string[]) => (cols ? names.find((n) => cols.includes(n)) : undefined);
  const colOf = { benefit: pick(NAMES.benefit), date: pick(NAMES.date), amount: pick(NAMES.amount) };
  if (cols && !cols.includes(idColumn)) {
    await src.close();
    throw new ColumnError('batch.noIdColumn', { column: idColumn, columns: cols.join(', ') });
  }
  try {
    for await (const rec of src.records(src.start)) {
      rows++;
      if (rec.problem) {
        errors.push({ code: rec.problem.code, field: `ledger row ${rec.row}`, args: rec.problem.args, row: rec.row });
        continue;
      }
      let get: (names: string[], col?: string) => unknown;
      let keys: Record<string, unknown> | undefined;
      if (rec.cells) {
        const cells = rec.cells;
        get = (_n, col) => (col === undefined ? undefined : cells[cols!.indexOf(col)]);
        cols!.forEach((c, i) => {
          if (c.startsWith('key.') && cells[i]!.trim() !== '') (keys ??= {})[c.slice(4)] = cells[i]!.trim();
        });
        const k = cols!.indexOf('key');
        if (k >= 0 && cells[k]!.trim().startsWith('{')) {
          try {
            keys = JSON.parse(cells[k]!) as Record<string, unknown>;
          } catch {
            keys = { '': cells[k] } as Record<string, unknown>;
          }
        }
      } else {
        const o = rec.object!;
        get = (names) => names.map((n) => o[n]).find((v) => v !== undefined && v !== null);
        for (const [k, v] of Object.entries(o)) if (k.startsWith('key.') && v !== null && v !== undefined) (keys ??= {})[k.slice(4)] = v;
        const k = o['key'];
        if (k !== undefined && k !== null) keys = typeof k === 'string' && k.trim().startsWith('{') ? (JSON.parse(k) as Record<string, unknown>) : (k as Record<string, unknown>);
      }
      const idRaw = get([idColumn], idColumn);
      const id = idRaw === undefined || idRaw === null ? '' : String(idRaw).trim();
      if (!id) {
        errors.push({ code: 'P3507', field: `ledger row ${rec.row}`, args: { column: idColumn }, row: rec.row });
        continue;
      }
      const entry: Record<string, unknown> = {
        benefit: typeof get(NAMES.benefit, colOf.benefit) === 'string' ? (get(NAMES.benefit, colOf.benefit) as string).trim() : get(NAMES.benefit, colOf.benefit),
        date: get(NAMES.date, colOf.date),
        amount: get(NAMES.amount, colOf.amount),
        ...(keys && { key: keys }),
      };
      let j = byId.get(id);
      if (!j) byId.set(id, (j = { entries: [], rows: [] }));
      j.entries.push(entry);
      j.rows!.push(rec.row);
    }
  } finally {
    await src.close();
  }
  return { byId, rows, errors };
}
