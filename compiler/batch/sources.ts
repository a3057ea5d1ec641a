// Input files for `policy batch`: JSON Lines, CSV and Parquet, read as a
// stream of records. CSV and JSON Lines are read here byte by byte (no
// dependency); Parquet goes through DuckDB, loaded only when a Parquet file
// is named. Every record carries its 1-based row number (the header is not a
// row) and, for text formats, the byte offset just past it, so a checkpoint
// can resume a file exactly where it stopped.
import { isUtf8 } from 'node:buffer';
import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { csvRecords, MAX_RECORD_BYTES, type CsvProblem } from './csv.ts';
import { duckdb } from '../sql/dialect.ts';

export type Format = 'csv' | 'jsonl' | 'parquet';

export function formatOf(path: string): Format | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.parquet') return 'parquet';
  return undefined;
}

/** A record as read: cells under a header (CSV), or an object (JSON Lines, Parquet), or a problem. */
export interface InputRecord {
  row: number;
  line?: number;
  /** Byte offset just past this record (text formats), and the line the next record starts on. */
  end?: number;
  nextLine?: number;
  cells?: string[];
  object?: Record<string, unknown>;
  problem?: { code: 'P3501' | 'P3503' | 'P3504' | 'P3531'; args: Record<string, string> };
}

/** Where a resumed read starts. */
export interface ReadPosition {
  /** Rows already read. */
  row: number;
  /** Byte offset of the next record (text formats). */
  offset?: number;
  line?: number;
}

export interface Source {
  path: string;
  format: Format;
  /** Column names (CSV header, Parquet schema); undefined for JSON Lines. */
  columns?: string[];
  /** Byte size of the file (text formats) — progress is measured in bytes read. */
  bytes?: number;
  /** Number of rows, when known in advance (Parquet). */
  rows?: number;
  /** Where the first record starts. */
  start: ReadPosition;
  records(from: ReadPosition): AsyncIterable<InputRecord>;
  close(): Promise<void>;
}

export class SourceError extends Error {
  constructor(
    readonly id: 'batch.notFound' | 'batch.unknownFormat' | 'batch.notUtf8' | 'batch.utf16' | 'batch.notCommaSeparated' | 'batch.emptyCsv' | 'batch.parquetUnavailable' | 'batch.readFailed',
    readonly args: Record<string, string>,
  ) {
    super(`${id} ${JSON.stringify(args)}`);
  }
}

const CHUNK = 1 << 20;

const problemCode = (p: CsvProblem): 'P3503' | 'P3504' | 'P3531' => (p === 'unterminated' ? 'P3504' : p === 'not-utf8' ? 'P3531' : 'P3503');

/** The first bytes must be UTF-8; an office's GBK export is refused by name rather than read as mojibake. */
async function checkUtf8(path: string): Promise<void> {
  const stream = createReadStream(path, { start: 0, end: 65535 });
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  const head = Buffer.concat(parts);
  // Excel's "Unicode text" is UTF-16 with a byte order mark: said by name (the GBK hint would mislead).
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) throw new SourceError('batch.utf16', { file: path });
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    throw new SourceError('batch.notUtf8', { file: path });
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    throw new SourceError('batch.notFound', { file: path });
  }
}

async function openCsv(path: string): Promise<Source> {
  const bytes = sizeOf(path);
  await checkUtf8(path);
  let header: string[] | undefined;
  let start: ReadPosition = { row: 0, offset: bytes, line: 1 };
  const head = createReadStream(path, { highWaterMark: 64 * 1024 });
  for await (const rec of csvRecords(head as AsyncIterable<Buffer>)) {
    header = rec.fields.map((f) => f.trim());
    start = { row: 0, offset: rec.end, line: rec.line + 1 };
    break;
  }
  head.destroy();
  if (!header || header.every((h) => h === '')) throw new SourceError('batch.emptyCsv', { file: path });
  // One column whose name holds tabs or semicolons: a tab- or semicolon-separated export (Excel's "Text" or a
  // European locale's CSV), said by name rather than as a missing id or subject column.
  const sep = header.length === 1 ? (header[0]!.includes('\t') ? 'tab' : header[0]!.includes(';') ? ';' : undefined) : undefined;
  if (sep) throw new SourceError('batch.notCommaSeparated', { file: path, separator: sep });
  return {
    path,
    format: 'csv',
    columns: header,
    bytes,
    start,
    async *records(from) {
      let row = from.row;
      const stream = createReadStream(path, { start: from.offset, highWaterMark: CHUNK });
      try {
        for await (const rec of csvRecords(stream as AsyncIterable<Buffer>, from.offset, from.line)) {
          row++;
          const at = { row, line: rec.line, end: rec.end, nextLine: rec.nextLine ?? rec.line + 1 };
          if (rec.problem) yield { ...at, problem: { code: problemCode(rec.problem), args: { limit: String(MAX_RECORD_BYTES) } } };
          else yield { ...at, cells: rec.fields };
        }
      } finally {
        stream.destroy();
      }
    },
    async close() {},
  };
}

/** Lines of a byte stream with their end offsets; blank lines are skipped. */
async function* jsonLines(path: string, from: ReadPosition): AsyncGenerator<{ text: string; line: number; end: number } | { tooLong: true; line: number; end: number } | { notUtf8: true; line: number; end: number }> {
  const stream = createReadStream(path, { start: from.offset, highWaterMark: CHUNK });
  let buf: Buffer = Buffer.alloc(0);
  let base = from.offset ?? 0;
  let line = from.line ?? 1;
  let skipping = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      let pos = 0;
      for (;;) {
        const lf = buf.indexOf(0x0a, pos);
        if (lf < 0) break;
        if (skipping) skipping = false;
        else {
          const text = buf.toString('utf8', pos, lf);
          if (text.includes('\uFFFD') && !isUtf8(buf.subarray(pos, lf))) yield { notUtf8: true, line, end: base + lf + 1 };
          else if (text.trim() !== '') yield { text, line, end: base + lf + 1 };
        }
        line++;
        pos = lf + 1;
      }
      base += pos;
      buf = buf.subarray(pos);
      if (buf.length > MAX_RECORD_BYTES && !skipping) {
        yield { tooLong: true, line, end: base + buf.length };
        skipping = true;
      }
      if (skipping) {
        base += buf.length;
        buf = Buffer.alloc(0);
      }
    }
    if (!skipping && buf.length) {
      const text = buf.toString('utf8');
      if (text.includes('\uFFFD') && !isUtf8(buf)) yield { notUtf8: true, line, end: base + buf.length };
      else if (text.trim() !== '') yield { text, line, end: base + buf.length };
    }
  } finally {
    stream.destroy();
  }
}

async function openJsonl(path: string): Promise<Source> {
  const bytes = sizeOf(path);
  await checkUtf8(path);
  return {
    path,
    format: 'jsonl',
    bytes,
    start: { row: 0, offset: 0, line: 1 },
    async *records(from): AsyncGenerator<InputRecord> {
      let row = from.row;
      for await (const l of jsonLines(path, from)) {
        row++;
        const at = { row, line: l.line, end: l.end, nextLine: l.line + 1 };
        if ('tooLong' in l) {
          yield { ...at, problem: { code: 'P3504', args: { limit: String(MAX_RECORD_BYTES) } } };
          continue;
        }
        if ('notUtf8' in l) {
          yield { ...at, problem: { code: 'P3531', args: {} } };
          continue;
        }
        let value: unknown;
        try {
          value = JSON.parse(l.text.charCodeAt(0) === 0xfeff ? l.text.slice(1) : l.text);
        } catch (e) {
          yield { ...at, problem: { code: 'P3501', args: { detail: (e as Error).message } } };
          continue;
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          yield { ...at, problem: { code: 'P3501', args: { detail: 'not an object' } } };
        else yield { ...at, object: value as Record<string, unknown> };
      }
    },
    async close() {},
  };
}

/** SQL string literal. */

async function openParquet(path: string): Promise<Source> {
  sizeOf(path);
  const { connectDuckDB } = await import('./parquet.ts');
  const db = await connectDuckDB();
  let columns: string[];
  let rows: number;
  try {
    const schema = await db.connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${duckdb.str(path)})`);
    columns = schema.getRowObjectsJson().map((r) => String(r['column_name']));
    const count = await db.connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${duckdb.str(path)})`);
    rows = Number(count.getRowObjectsJson()[0]!['n']);
  } catch (e) {
    db.close();
    throw new SourceError('batch.readFailed', { file: path, detail: (e as Error).message });
  }
  return {
    path,
    format: 'parquet',
    columns,
    rows,
    start: { row: 0 },
    async *records(from) {
      let row = from.row;
      // Insertion order is preserved, so OFFSET skips exactly the rows already done.
      const result = await db.connection.stream(`SELECT * FROM read_parquet(${duckdb.str(path)}) OFFSET ${from.row}`);
      for await (const batch of result.yieldRowObjectJson()) {
        for (const object of batch) {
          row++;
          yield { row, object: object as Record<string, unknown> };
        }
      }
    },
    async close() {
      db.close();
    },
  };
}

export async function openSource(path: string): Promise<Source> {
  const format = formatOf(path);
  if (!format) throw new SourceError('batch.unknownFormat', { file: path });
  if (format === 'csv') return openCsv(path);
  if (format === 'jsonl') return openJsonl(path);
  return openParquet(path);
}
