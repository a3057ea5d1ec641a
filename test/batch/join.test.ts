// The per-id join of a batch (compiler/batch/join.ts) against a plain in-memory
// join: random ids with repeats, problem rows, a ledger with ids no row carries,
// any number of partitions, and a cursor started part-way (a resumed run).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildJoin, type RowJoin } from '../../compiler/batch/join.ts';
import type { InputRecord, Source } from '../../compiler/batch/sources.ts';
import { Rng } from '../../bench/prng.ts';

const DIR = mkdtempSync(join(tmpdir(), 'join-test-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

function fixture(seed: number, rows: number, ledgerRows: number) {
  const rng = new Rng(seed);
  const rnd = () => rng.next();
  const pick = (n: number) => Math.floor(rnd() * n);
  // Ids with tabs, quotes, newlines and non-BMP characters too; about one row in five repeats an id.
  const idPool = Array.from({ length: Math.ceil(rows * 0.8) }, (_, i) => (i % 17 === 0 ? `id\t"${i}"\n𠀋` : `9133${String(i).padStart(6, '0')}`));
  const records: InputRecord[] = Array.from({ length: rows }, (_, i) => ({ row: i + 1, ...(pick(40) === 0 ? { problem: { code: 'P3503' as const, args: {} } } : {}), cells: [pick(30) === 0 ? '' : idPool[pick(idPool.length)]!] }));
  const ledger = Array.from({ length: ledgerRows }, (_, i) => ({ id: pick(6) === 0 ? `unknown-${pick(50)}` : idPool[pick(idPool.length)]!, benefit: `b${i % 3}`, amount: String(100 + i) }));
  const ledgerFile = join(DIR, `ledger-${seed}.jsonl`);
  writeFileSync(ledgerFile, ledger.map((l) => JSON.stringify({ id: l.id, benefit: l.benefit, date: '2025-01-01', amount: l.amount })).join('\n') + '\n');
  const source: Source = {
    path: 'memory',
    format: 'csv',
    columns: ['id'],
    rows,
    start: { row: 0 },
    async *records(from) {
      for (const r of records) if (r.row > from.row) yield r;
    },
    async close() {},
  };
  return { records, ledger, ledgerFile, source };
}

/** The same join, held in memory the obvious way. */
function expected(records: InputRecord[], ledger: { id: string; benefit: string; amount: string }[]) {
  const byId = new Map<string, { entries: unknown[]; rows: number[] }>();
  ledger.forEach((l, i) => {
    const j = byId.get(l.id) ?? { entries: [], rows: [] };
    j.entries.push({ benefit: l.benefit, date: '2025-01-01', amount: l.amount });
    j.rows.push(i + 1);
    byId.set(l.id, j);
  });
  const first = new Map<string, number>();
  const joined = new Set<string>();
  const out = new Map<number, RowJoin>();
  for (const r of records) {
    const id = r.cells![0]!;
    if (!id) continue;
    if (byId.has(id)) joined.add(id);
    if (r.problem) continue;
    const dup = first.get(id);
    if (dup === undefined) first.set(id, r.row);
    const l = byId.get(id);
    if (dup !== undefined || l) out.set(r.row, { ...(dup !== undefined && { duplicateOf: dup }), ...(l && { ledger: l }) });
  }
  const unmatched = [...byId.entries()].filter(([id]) => !joined.has(id));
  return { out, unmatchedRows: unmatched.reduce((n, [, j]) => n + j.entries.length, 0), unmatchedIds: unmatched.slice(0, 20).map(([id]) => id) };
}

describe('the per-id join on disk', () => {
  for (const [seed, rows, ledgerRows, partitions] of [
    [1, 3000, 400, 1],
    [2, 3000, 400, 7],
    [3, 3000, 900, 64],
    [4, 200, 0, 3],
  ] as const) {
    it(`equals the in-memory join (${rows} rows, ledger ${ledgerRows}, ${partitions} partitions)`, async () => {
      const f = fixture(seed, rows, ledgerRows);
      const idx = await buildJoin({ source: f.source, idOf: (r) => r.cells?.[0], duplicates: true, ledger: { path: f.ledgerFile, idColumn: 'id' }, tempDir: DIR, partitions });
      const want = expected(f.records, f.ledger);
      expect(idx.partitions).toBe(partitions);
      expect(idx.ledger).toEqual({ rows: ledgerRows, unmatchedRows: want.unmatchedRows, unmatchedIds: want.unmatchedIds });
      expect(want.out.size).toBeGreaterThan(0);
      for (const from of [0, Math.floor(rows / 3)]) {
        const c = idx.cursor(from);
        const got = new Map<number, RowJoin>();
        for (const r of f.records) {
          if (r.row <= from) continue;
          const j = c.take(r.row);
          if (j) got.set(r.row, j);
        }
        c.close();
        expect(got).toEqual(new Map([...want.out].filter(([row]) => row > from)));
      }
      idx.close();
    });
  }

  it('sizes partitions from the input and leaves nothing behind', async () => {
    const f = fixture(5, 100, 10);
    const tmp = mkdtempSync(join(DIR, 'own-'));
    const idx = await buildJoin({ source: { ...f.source, rows: 1_000_000 }, idOf: (r) => r.cells?.[0], duplicates: true, tempDir: tmp });
    expect(idx.partitions).toBe(16);
    idx.close();
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(tmp)).toEqual([]);
  });
});
