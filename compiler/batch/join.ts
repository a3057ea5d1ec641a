// The per-id state of a batch, kept on disk so that memory does not grow with
// the input: which ledger rows belong to each subject row, and which rows
// repeat an id an earlier row already had (P3508). Both are found exactly
// (ids compared as strings, no fingerprints) by a pass over the ledger and the
// subjects before any row is decided:
//
//  1. Every ledger row and every subject row's id is appended to one of P
//     partition files in a temporary folder, chosen by a hash of the id; the
//     ledger first, so in each file the ledger rows come before the subject
//     rows, and both in file order.
//  2. Each partition is read on its own (at most about PARTITION_ROWS rows of
//     ids and its share of the ledger in memory): the first row of each id,
//     the later rows naming it, the ledger rows joined to each subject row,
//     and the ledger ids no subject row carries. Its output is the rows that
//     have a ledger or repeat an id, in row order.
//  3. While the batch reads the subjects again, a merge of the P sorted
//     outputs (a heap keyed by row) hands each row its join, in order; a
//     resumed run starts the merge past the rows already done.
//
// Memory: a few kilobytes of buffer per partition and one partition at a time.
// The number of partitions follows the size of the input, so a partition's
// share stays about the same whatever the input's size.
import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputRecord, Source } from './sources.ts';
import type { JoinedLedger } from './decide.ts';
import { scanLedger, type LedgerScan } from './ledger.ts';

/** Rows of ids a partition is sized for (its map of ids is what a partition holds in memory). */
export const PARTITION_ROWS = 65_536;
/** Bytes of input assumed per row when the row count is not known in advance (a narrow CSV; wider rows make smaller partitions). */
const BYTES_PER_ROW_GUESS = 32;
const MAX_PARTITIONS = 4096;
/** A partition's buffered lines are appended to its file past this many characters. */
const SPILL_CHARS = 4096;
/** Read buffer of each partition's output during the merge. */
const READ_BYTES = 8192;

export interface RowJoin {
  /** The row that had this row's id first (this row is rejected, P3508). */
  duplicateOf?: number;
  ledger?: JoinedLedger;
}

export interface LedgerReport {
  rows: number;
  unmatchedRows: number;
  /** The first 20 ledger ids (in ledger order) that no subject row carries. */
  unmatchedIds: string[];
}

export interface JoinOptions {
  source: Source;
  /** The id of a record (undefined: the record joins nothing). */
  idOf: (rec: InputRecord) => string | undefined;
  /** Find rows that repeat an earlier row's id. */
  duplicates: boolean;
  ledger?: { path: string; idColumn: string };
  /** Folder for the partition files (default: the system's temporary folder, TMPDIR). */
  tempDir?: string;
  /** Number of partitions (default: from the input's size). */
  partitions?: number;
  /** Called now and then with the bytes (or rows) of the subjects read so far. */
  onProgress?: (done: number) => void;
  /** Aborting stops the pass; the index then joins nothing (the batch reads no row either). */
  signal?: AbortSignal;
}

export interface JoinIndex {
  partitions: number;
  ledger?: LedgerReport;
  /** Ledger rows that cannot be joined: the batch refuses to start. */
  ledgerErrors?: LedgerScan['errors'];
  ledgerErrorCount?: number;
  /** The join of `row`; ask for rows in increasing order. Rows up to `from` are skipped. */
  cursor(from: number): JoinCursor;
  close(): void;
}

export interface JoinCursor {
  take(row: number): RowJoin | undefined;
  close(): void;
}

/** FNV-1a over the UTF-16 code units. */
function hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function partitionCount(o: JoinOptions): number {
  if (o.partitions !== undefined) return Math.max(1, Math.min(MAX_PARTITIONS, Math.floor(o.partitions)));
  const rows = o.source.rows ?? Math.ceil((o.source.bytes ?? 0) / BYTES_PER_ROW_GUESS);
  return Math.max(1, Math.min(MAX_PARTITIONS, Math.ceil(rows / PARTITION_ROWS)));
}

class Spill {
  private buf: string[];
  constructor(
    private dir: string,
    n: number,
  ) {
    this.buf = new Array<string>(n).fill('');
  }
  path(p: number, kind = 'in'): string {
    return join(this.dir, `${kind}-${p}`);
  }
  add(p: number, line: string): void {
    const b = (this.buf[p] += line);
    if (b.length > SPILL_CHARS) {
      appendFileSync(this.path(p), b);
      this.buf[p] = '';
    }
  }
  flush(): void {
    this.buf.forEach((b, p) => {
      appendFileSync(this.path(p), b);
      this.buf[p] = '';
    });
  }
}

/** Reads the lines of a file with a small fixed buffer. */
class LineReader {
  private fd: number;
  private buf = Buffer.alloc(READ_BYTES);
  private at = 0;
  private end = 0;
  private pos = 0;
  private done = false;
  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }
  next(): string | undefined {
    let carry: Buffer[] | undefined;
    for (;;) {
      const lf = this.at < this.end ? this.buf.indexOf(0x0a, this.at) : -1;
      if (lf >= 0 && lf < this.end) {
        const piece = this.buf.subarray(this.at, lf);
        this.at = lf + 1;
        return carry ? Buffer.concat([...carry, piece]).toString('utf8') : piece.toString('utf8');
      }
      if (this.at < this.end) (carry ??= []).push(Buffer.from(this.buf.subarray(this.at, this.end)));
      if (this.done) return carry ? Buffer.concat(carry).toString('utf8') : undefined;
      const n = readSync(this.fd, this.buf, 0, this.buf.length, this.pos);
      this.pos += n;
      this.at = 0;
      this.end = n;
      if (n === 0) this.done = true;
    }
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** Output line of a partition: `row \t duplicateOf \t ledger JSON`. */
const parseJoin = (line: string): { row: number; join: RowJoin } => {
  const a = line.indexOf('\t');
  const b = line.indexOf('\t', a + 1);
  const dup = line.slice(a + 1, b);
  const led = line.slice(b + 1);
  return {
    row: Number(line.slice(0, a)),
    join: { ...(dup !== '' && { duplicateOf: Number(dup) }), ...(led !== '' && { ledger: JSON.parse(led) as JoinedLedger }) },
  };
};

const nothing = (partitions: number): JoinIndex => ({ partitions, cursor: () => ({ take: () => undefined, close() {} }), close() {} });

export async function buildJoin(o: JoinOptions): Promise<JoinIndex> {
  const P = partitionCount(o);
  const dir = mkdtempSync(join(o.tempDir ?? tmpdir(), 'policy-batch-'));
  const close = () => rmSync(dir, { recursive: true, force: true });
  try {
    const spill = new Spill(dir, P);
    for (let p = 0; p < P; p++) writeFileSync(spill.path(p), '');
    let ledgerRows: LedgerScan | undefined;
    if (o.ledger) {
      ledgerRows = await scanLedger(o.ledger.path, o.ledger.idColumn, (id, entry, row) => spill.add(hash(id) % P, `L\t${row}\t${JSON.stringify(id)}\t${JSON.stringify(entry)}\n`));
      if (ledgerRows.errorCount) {
        close();
        return { ...nothing(P), ledgerErrors: ledgerRows.errors, ledgerErrorCount: ledgerRows.errorCount };
      }
    }
    let n = 0;
    for await (const rec of o.source.records(o.source.start)) {
      const id = o.idOf(rec);
      if (id) spill.add(hash(id) % P, `S\t${rec.row}\t${rec.problem ? 1 : 0}\t${JSON.stringify(id)}\n`);
      if ((++n & 0x3fff) === 0) {
        o.onProgress?.(rec.end ?? rec.row);
        if (o.signal?.aborted) break;
      }
    }
    if (o.signal?.aborted) {
      close();
      return nothing(P);
    }
    spill.flush();

    // Each partition on its own.
    let unmatchedRows = 0;
    const unmatched: { row: number; id: string }[] = [];
    for (let p = 0; p < P; p++) {
      const text = readFileSync(spill.path(p), 'utf8');
      rmSync(spill.path(p));
      const ledger = new Map<string, { j: JoinedLedger; first: number; matched: boolean }>();
      const first = new Map<string, number>();
      let out = '';
      let at = 0;
      while (at < text.length) {
        const lf = text.indexOf('\n', at);
        const line = text.slice(at, lf);
        at = lf + 1;
        const t1 = line.indexOf('\t', 2);
        const row = Number(line.slice(2, t1));
        if (line.charCodeAt(0) === 76 /* L */) {
          const t2 = line.indexOf('\t', t1 + 1);
          const id = JSON.parse(line.slice(t1 + 1, t2)) as string;
          const entry = JSON.parse(line.slice(t2 + 1)) as unknown;
          let l = ledger.get(id);
          if (!l) ledger.set(id, (l = { j: { entries: [], rows: [] }, first: row, matched: false }));
          l.j.entries.push(entry);
          l.j.rows!.push(row);
          continue;
        }
        const problem = line.charCodeAt(t1 + 1) === 49; /* 1 */
        const id = JSON.parse(line.slice(t1 + 3)) as string;
        const l = ledger.get(id);
        if (l) l.matched = true;
        let dup: number | undefined;
        if (o.duplicates && !problem) {
          dup = first.get(id);
          if (dup === undefined) first.set(id, row);
        }
        if (dup !== undefined || (l && !problem)) out += `${row}\t${dup ?? ''}\t${l && !problem ? JSON.stringify(l.j) : ''}\n`;
      }
      writeFileSync(spill.path(p, 'out'), out);
      for (const [id, l] of ledger) {
        if (l.matched) continue;
        unmatchedRows += l.j.entries.length;
        // Keep the 20 that come first in the ledger.
        if (unmatched.length < 20 || l.first < unmatched[19]!.row) {
          unmatched.push({ row: l.first, id });
          unmatched.sort((a, b) => a.row - b.row);
          if (unmatched.length > 20) unmatched.pop();
        }
      }
    }
    return {
      partitions: P,
      ...(ledgerRows && { ledger: { rows: ledgerRows.rows, unmatchedRows, unmatchedIds: unmatched.map((u) => u.id) } }),
      cursor: (from) => mergeCursor(
        Array.from({ length: P }, (_, p) => spill.path(p, 'out')),
        from,
      ),
      close,
    };
  } catch (e) {
    close();
    throw e;
  }
}

/** The partitions' outputs merged in row order (a binary heap keyed by each one's next row). */
function mergeCursor(paths: string[], from: number): JoinCursor {
  const readers = paths.map((p) => new LineReader(p));
  const heads: { row: number; join: RowJoin; r: number }[] = [];
  const push = (h: (typeof heads)[number]) => {
    heads.push(h);
    for (let i = heads.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (heads[up]!.row <= heads[i]!.row) break;
      [heads[up], heads[i]] = [heads[i]!, heads[up]!];
      i = up;
    }
  };
  const pop = () => {
    const top = heads[0]!;
    const last = heads.pop()!;
    if (heads.length) {
      heads[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heads.length && heads[l]!.row < heads[m]!.row) m = l;
        if (r < heads.length && heads[r]!.row < heads[m]!.row) m = r;
        if (m === i) break;
        [heads[m], heads[i]] = [heads[i]!, heads[m]!];
        i = m;
      }
    }
    return top;
  };
  const advance = (r: number) => {
    for (let line = readers[r]!.next(); line !== undefined && line !== ''; line = readers[r]!.next()) {
      const x = parseJoin(line);
      if (x.row <= from) continue;
      push({ ...x, r });
      return;
    }
  };
  readers.forEach((_, r) => advance(r));
  return {
    take(row) {
      while (heads.length && heads[0]!.row < row) advance(pop().r);
      if (!heads.length || heads[0]!.row !== row) return undefined;
      const h = pop();
      advance(h.r);
      return h.join;
    },
    close() {
      for (const r of readers) r.close();
    },
  };
}
