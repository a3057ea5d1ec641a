// CSV (RFC 4180) over bytes, streaming: records are cut from Buffer chunks as
// they arrive, so a file of any size is read in constant memory. Working on
// bytes keeps every record's end offset exact (a checkpoint can seek there)
// and is safe for UTF-8: the bytes we look for (, " \r \n) never occur inside a
// multi-byte character. A malformed record becomes an error record and the
// reader resynchronises at the next line; it never stops the file.

import { isUtf8 } from 'node:buffer';

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** A record longer than this without its closing quote is reported and skipped. */
export const MAX_RECORD_BYTES = 1 << 20;

export type CsvProblem = 'stray-quote' | 'unterminated' | 'not-utf8';

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line where the record starts. */
  line: number;
  /** Byte offset just past the record (and its line break). */
  end: number;
  /** Line number of the next record (set by csvRecords). */
  nextLine?: number;
  problem?: CsvProblem;
}

interface State {
  buf: Buffer;
  pos: number;
  /** Absolute byte offset of buf[0]. */
  base: number;
  line: number;
  eof: boolean;
  /** Position of the next quote at or after the last record start; -1 none in buf; -2 not known. */
  q: number;
}

/** Decodes a quoted field's bytes (between the quotes), turning "" into ". */
function unquote(buf: Buffer, from: number, to: number): string {
  const s = buf.toString('utf8', from, to);
  return s.includes('""') ? s.replaceAll('""', '"') : s;
}

/**
 * Parses one record at st.pos. Returns undefined when the buffer ends before
 * the record does (and more input may come).
 */
function parseRecord(st: State): CsvRecord | undefined {
  const { buf } = st;
  const n = buf.length;
  const start = st.pos;
  const lineEnd = buf.indexOf(LF, start);
  if (lineEnd < 0 && !st.eof) return undefined;
  const stop = lineEnd < 0 ? n : lineEnd;
  // Fast path: a line with no quote is split on commas.
  let q = st.q;
  if (q !== -1 && q < start) q = st.q = buf.indexOf(QUOTE, start);
  if (q < 0 || q >= stop) {
    const textEnd = stop > start && buf[stop - 1] === CR ? stop - 1 : stop;
    const text = buf.toString('utf8', start, textEnd);
    const rec: CsvRecord = { fields: text.split(','), line: st.line, end: st.base + (lineEnd < 0 ? n : lineEnd + 1) };
    if (notUtf8(text, buf, start, textEnd)) notRead(rec);
    st.pos = lineEnd < 0 ? n : lineEnd + 1;
    st.line++;
    return rec;
  }
  // Slow path: field by field.
  const fields: string[] = [];
  let i = start;
  let lines = 0;
  let problem: CsvProblem | undefined;
  for (;;) {
    if (i < n && buf[i] === QUOTE) {
      let j = i + 1;
      let close = -1;
      for (;;) {
        const k = buf.indexOf(QUOTE, j);
        if (k < 0) break;
        if (k + 1 < n && buf[k + 1] === QUOTE) {
          j = k + 2;
          continue;
        }
        if (k + 1 >= n && !st.eof) break; // cannot tell "" from " yet
        close = k;
        break;
      }
      if (close < 0) {
        if (!st.eof && n - start < MAX_RECORD_BYTES) return undefined;
        // Unterminated: report, then skip this physical line.
        return skipLine(st, start, 'unterminated');
      }
      for (let k = i + 1; k < close; k++) if (buf[k] === LF) lines++;
      fields.push(unquote(buf, i + 1, close));
      i = close + 1;
      if (i >= n) break;
      const c = buf[i];
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === LF || (c === CR && buf[i + 1] === LF)) break;
      if (c === CR && i + 1 >= n && !st.eof) return undefined;
      problem = 'stray-quote';
      break;
    }
    // Unquoted field up to the next comma or line break.
    let j = i;
    while (j < n) {
      const c = buf[j]!;
      if (c === COMMA || c === LF) break;
      if (c === QUOTE) {
        problem = 'stray-quote';
        break;
      }
      j++;
    }
    if (problem) break;
    if (j >= n && !st.eof) return undefined;
    const textEnd = j > i && buf[j - 1] === CR && (j >= n || buf[j] === LF) ? j - 1 : j;
    fields.push(buf.toString('utf8', i, textEnd));
    if (j < n && buf[j] === COMMA) {
      i = j + 1;
      continue;
    }
    i = j;
    break;
  }
  if (problem) return skipLine(st, start, problem);
  // i is at the line break (or the end of input).
  if (i < n && buf[i] === CR) i++;
  if (i < n && buf[i] === LF) i++;
  const rec: CsvRecord = { fields, line: st.line, end: st.base + i };
  if (fields.some((f) => f.includes('\uFFFD')) && notUtf8('\uFFFD', buf, start, i)) notRead(rec);
  st.line += lines + 1;
  st.pos = i;
  return rec;
}

/**
 * Whether the bytes decoded as `text` are not UTF-8 (a GBK row pasted into a UTF-8 export): the decoder has
 * put U+FFFD for them, and a value read through it could be a different value. Only a line holding U+FFFD is
 * checked, so well-formed input costs one scan of its text.
 */
function notUtf8(text: string, buf: Buffer, from: number, to: number): boolean {
  return text.includes('\uFFFD') && !isUtf8(buf.subarray(from, to));
}

/** A record whose bytes are not UTF-8: reported, none of its fields read. */
function notRead(rec: CsvRecord): void {
  rec.fields = [];
  rec.problem = 'not-utf8';
}

/** A malformed record: everything up to the next line break (after `from`) is dropped as one error record. */
function skipLine(st: State, start: number, problem: CsvProblem): CsvRecord | undefined {
  const { buf } = st;
  const lf = buf.indexOf(LF, start);
  if (lf < 0 && !st.eof) return undefined;
  const next = lf < 0 ? buf.length : lf + 1;
  const rec: CsvRecord = { fields: [], line: st.line, end: st.base + next, problem };
  st.line++;
  st.pos = next;
  return rec;
}

/**
 * Records of a CSV byte stream. `offset` and `line` say where the stream
 * starts in the file (for a resumed run).
 */
export async function* csvRecords(chunks: AsyncIterable<Buffer>, offset = 0, line = 1): AsyncGenerator<CsvRecord> {
  const st: State = { buf: Buffer.alloc(0), pos: 0, base: offset, line, eof: false, q: -2 };
  let first = offset === 0;
  const drain = function* (): Generator<CsvRecord> {
    for (;;) {
      if (st.pos >= st.buf.length) return;
      // Skip blank lines (they are not records).
      const c = st.buf[st.pos];
      if (c === LF || (c === CR && st.buf[st.pos + 1] === LF)) {
        st.pos += c === LF ? 1 : 2;
        st.line++;
        continue;
      }
      if (c === CR && st.pos + 1 >= st.buf.length && !st.eof) return;
      const rec = parseRecord(st);
      if (!rec) return;
      rec.nextLine = st.line;
      yield rec;
    }
  };
  for await (const chunk of chunks) {
    const rest = st.buf.subarray(st.pos);
    st.base += st.pos;
    st.buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    st.pos = 0;
    st.q = -2;
    if (first) {
      // A UTF-8 byte order mark (Excel writes one) is not part of the first field.
      if (st.buf.length < 3) continue;
      first = false;
      if (st.buf[0] === 0xef && st.buf[1] === 0xbb && st.buf[2] === 0xbf) st.pos = 3;
    }
    yield* drain();
  }
  st.eof = true;
  yield* drain();
}

/** One CSV field as written: quoted when it holds a comma, quote or line break (or leading/trailing space). */
export function csvField(v: string): string {
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export const csvLine = (fields: readonly string[]): string => fields.map(csvField).join(',') + '\n';
