// The results of `policy batch --engine duckdb` written as the JS engine writes them: the same files
// (R, R.rejects.jsonl, R.summary.json), the same columns in the same order, the same rows in input order,
// amounts as the same exact decimal text, the same reject errors and the same summary. DuckDB decides; the
// rows are turned into output by the batch engine's own code (compiler/batch: outRows, outText, rejectRow,
// tallies, summarize), so there is one writer, not two that could drift.
//
// The input is read a second time with the batch engine's reader (compiler/batch/sources.ts), record by record:
// it gives each row its number, line and cells exactly as the JS engine sees them. DuckDB's rows come in
// file order (`__idx`, the row's place among the records DuckDB's reader could read), merged with the records:
// a record DuckDB's reader set aside (its line is in `readerLines`) takes no `__idx`. The id of every decided
// row is checked against the record's: a record and a decision that do not match stop the run (never a row
// written for the wrong subject).
import { closeSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Model } from '../model.ts';
import type { Lang } from '../messages.ts';
import type { InputError } from '../facts.ts';
import { validateFacts } from '../facts.ts';
import { fenToString, parseDecimal, roundTo } from '../rational.ts';
import { formatOf, openSource } from '../batch/sources.ts';
import { isReject, planRows, type SubjectInput } from '../batch/rows.ts';
import { decideSubject, outHeader, outRows, outText, OUT_TYPES, rejectRow, rejectText, tallyDecided, MISSING_SEP, type Decided, type RowDecision, type TextFormat, type JoinedLedger } from '../batch/decide.ts';
import { emptyTally, summarize, type BatchSummary, type Tally } from '../batch/summary.ts';
import { companionFiles } from '../batch/run.ts';
import { lowerPolicy } from '../decision/lower.ts';
import type { Step } from '../decision/types.ts';
import { hasStep } from './translate.ts';

export interface WriteOptions {
  input: string;
  out: string;
  asOf: string;
  lang: Lang;
  subject?: string;
  subjectColumn?: string;
  id: string;
  /** Lines of the input CSV that DuckDB's reader could not split (P3502–P3504), with its code. */
  readerLines: Map<number, string>;
  /** The decisions, ordered by `__idx`: columns __idx, id, benefit, status, amount (text), reason, missing. */
  decisions: string;
  /** The rejects, ordered by `__idx`: __idx, id, code, field, first (the first row's __idx of a P3508). */
  rejects: string;
  /**
   * With a ledger file: its rows and those whose id no subject row carries, made once the rows are read, from the lines the
   * two readers read differently: by `__idx`, the lines DuckDB read and the JS reader could not split (`jsUnread`); the ids
   * of the lines only the JS reader split into cells (`jsOnlyIds`: a line of too few or too many fields).
   */
  ledger?: (differ: { jsUnread: number[]; jsOnlyIds: string[] }) => Promise<NonNullable<BatchSummary['ledger']>>;
  /** The ledger rows (as the JS engine joins them) of the subjects DuckDB rejected for a bad ledger row. */
  badLedgers?: Map<string, JoinedLedger>;
}

export class Misaligned extends Error {}

/** Separators of the fields of one decision and of the decisions of one subject in a `payload` cell (see `streamOf`). */
const FS = '\u001f';
const RS = '\u001e';
/** The fields of a decision in its payload, in order (the clawback ones only for a policy with 退还). */
const DECISION_FIELDS = ['benefit', 'status', 'amount', 'reason', 'missing'];
const CLAWBACK_FIELDS = ['clawback', 'clawback_amount', 'clawback_paid', 'clawback_reason'];
const REJECT_FIELDS = ['code', 'first', 'field'];

/** One row of the stream query: a subject's decisions (kind 1, all in `payload`) or a reject (kind 0) at input place `idx`. */
interface StreamRow {
  idx: number;
  kind: number;
  id: string | null;
  payload: string;
}

/**
 * The rows of the stream query (`__idx, __kind, id, payload`) in order: `head` is the current one (undefined past the
 * end), `advance()` moves on and returns a promise only when a new chunk has to be read. A subject's decisions come as
 * one row whose payload holds them all, fields joined by FS and decisions by RS (an empty field is NULL): one text cell
 * per subject, not a row object of ten cells per decision (the values of a DuckDB row object are decoded and converted
 * one by one). Each chunk is read into arrays column by column, and the next chunk is asked for before the rows of this
 * one are written, so that DuckDB computes it while the writer works.
 */
async function streamOf(conn: DuckDBConnection, sql: string): Promise<{ head: StreamRow | undefined; advance(): Promise<void> | undefined; settle(): Promise<void> }> {
  const result = await conn.stream(sql);
  let rows: StreamRow[] = [];
  let i = 0;
  let ahead: ReturnType<typeof result.fetchChunk> | undefined = result.fetchChunk();
  const fill = async (): Promise<void> => {
    const chunk = ahead ? await ahead : undefined;
    ahead = undefined;
    i = 0;
    rows = [];
    if (chunk && chunk.rowCount > 0) {
      const n = chunk.rowCount;
      const [idxs, kinds, ids, payloads] = [0, 1, 2, 3].map((c) => chunk.getColumnVector(c).toArray());
      ahead = result.fetchChunk();
      rows = new Array<StreamRow>(n);
      for (let r = 0; r < n; r++) {
        const id = ids![r];
        rows[r] = { idx: Number(idxs![r]), kind: Number(kinds![r]), id: id === null || id === undefined ? null : String(id), payload: String(payloads![r] ?? '') };
      }
    }
    s.head = rows[0];
  };
  const s = {
    head: undefined as StreamRow | undefined,
    advance(): Promise<void> | undefined {
      if (++i < rows.length) {
        s.head = rows[i];
        return undefined;
      }
      return fill();
    },
    /** Waits for a chunk still being read (a run stopped before the end): the connection is closed only after it. */
    async settle(): Promise<void> {
      const pending = ahead;
      ahead = undefined;
      if (pending) await pending.catch(() => undefined);
    },
  };
  await fill();
  return s;
}

/** The fields of one decision or reject of a payload, by name (an empty field is null; the last field takes the rest). */
function fieldsOf(one: string, names: readonly string[]): Record<string, string | null> {
  const parts = one.split(FS);
  const rec: Record<string, string | null> = {};
  for (let k = 0; k < names.length; k++) {
    const v = k === names.length - 1 && parts.length > names.length ? parts.slice(k).join(FS) : parts[k];
    rec[names[k]!] = v === undefined || v === '' ? null : v;
  }
  return rec;
}

/** Writes the results, the rejects and the summary of a DuckDB run; returns the tally. */
export async function writeResults(model: Model, conn: DuckDBConnection, o: WriteOptions): Promise<{ tally: Tally; files: ReturnType<typeof companionFiles> }> {
  const files = companionFiles(o.out);
  // The output's format as the JS engine reads it from the name (compiler/batch/run.ts).
  const outFormat = formatOf(o.out);
  const parquet = outFormat === 'parquet';
  const format: TextFormat = outFormat === 'jsonl' ? 'jsonl' : 'csv';
  const resultsPath = parquet ? files.partial : o.out;
  const source = await openSource(o.input);
  const plan = planRows(model, source.columns, { ...(o.subject !== undefined && { subject: o.subject }), ...(o.subjectColumn !== undefined && { subjectColumn: o.subjectColumn }), id: o.id });
  // One stream (a connection reads one result at a time): the decisions and the rejects by row, a reject first.
  // 退还 / 追回 (a policy with one): the clawback columns of the queries, written by outRows into JSON Lines.
  const withClawback = model.benefits.some((b) => b.clawback);
  // 授予 / 视同 (a policy that grants an outcome): the query's outcome column, written by outRows.
  const withOutcome = model.benefits.some((b) => b.outcome);
  // 分期 / 分段累进: the query's instalments and bands columns (translate.ts), parsed back for outRows.
  const plans = lowerPolicy(model).benefits;
  const has = (k: Step['k']) => plans.some((b) => hasStep(b.steps, k));
  const fields = [...DECISION_FIELDS, ...(withClawback ? CLAWBACK_FIELDS : []), ...(withOutcome ? ['outcome'] : []), ...(has('instalments') ? ['instalments'] : []), ...(has('bands') ? ['bands'] : [])];
  const text = (c: string) => `COALESCE(CAST(${c} AS VARCHAR), '')`;
  const rows = await streamOf(
    conn,
    `SELECT __idx, 1 AS __kind, CAST(id AS VARCHAR) AS id, string_agg(concat_ws(chr(31), ${fields.map(text).join(', ')}), chr(30)) AS payload FROM (${o.decisions}) GROUP BY __idx, id ` +
      `UNION ALL SELECT __idx, 0 AS __kind, CAST(id AS VARCHAR), concat_ws(chr(31), ${REJECT_FIELDS.map(text).join(', ')}) FROM (${o.rejects}) ORDER BY __idx, __kind`,
  );
  /** The stream's rows of one kind at input place `idx` (consumed). */
  const take = async (kind: number, idx: number): Promise<StreamRow[]> => {
    const taken: StreamRow[] = [];
    for (let h = rows.head; h && h.idx === idx && h.kind === kind; h = rows.head) {
      taken.push(h);
      const more = rows.advance();
      if (more) await more;
    }
    return taken;
  };
  const index = new Map(model.benefits.map((b, i) => [b.id, i]));
  /** The number of benefits of each subject type (a decided subject has one decision each). */
  const ownCount = new Map<string, number>();
  const tally = emptyTally();
  const resultsFd = openSync(resultsPath, 'w');
  const rejectsFd = openSync(files.rejects, 'w');
  let buf = { results: outHeader(format), rejects: '' };
  const flush = (force = false) => {
    if (!force && buf.results.length + buf.rejects.length < 1 << 20) return;
    if (buf.results) writeSync(resultsFd, buf.results);
    if (buf.rejects) writeSync(rejectsFd, buf.rejects);
    buf = { results: '', rejects: '' };
  };
  const emit = (d: Decided) => {
    tallyDecided(tally, d);
    if (d.ok) for (const r of d.rows) buf.results += outText(r, format);
    else buf.rejects += rejectText(d.reject);
    flush();
  };
  /** The rows DuckDB's reader set aside, in order (their record numbers), to turn an `__idx` into a row number. */
  const setAside: number[] = [];
  const rowOfIdx = (idx: number): number => {
    let row = idx + 1;
    for (const r of setAside) if (r <= row) row++;
    return row;
  };
  let idx = -1;
  const jsUnread: number[] = [];
  const jsOnlyIds: string[] = [];
  // The id column's place among the cells (batch/run.ts idOf), for the lines DuckDB's reader set aside.
  const idAt = source.columns && plan.idColumn !== undefined ? source.columns.indexOf(plan.idColumn) : -1;
  const fen = (amount: unknown): bigint | null => (amount === null || amount === undefined ? null : roundTo(parseDecimal(String(amount))!, 100n, 'half-up'));
  const money = (amount: unknown): string | null => {
    const f = fen(amount);
    return f === null ? null : fenToString(f);
  };
  try {
    for await (const rec of source.records(source.start)) {
      const base = { row: rec.row, ...(rec.line !== undefined && { line: rec.line }) };
      const s = plan.toSubject(rec);
      const setAsideHere = rec.line !== undefined && o.readerLines.has(rec.line);
      if (setAsideHere) {
        setAside.push(rec.row);
        const jsId = rec.cells && idAt >= 0 ? rec.cells[idAt]?.trim() : undefined;
        if (jsId) jsOnlyIds.push(jsId);
        // DuckDB's reader refused the line: the JS engine's reading of it names the errors; if it reads the line, the
        // code DuckDB's reader gave stands.
        emit({ ok: false, reject: isReject(s) ? rejectRow(s, o.lang) : rejectRow({ ...base, ...(s.id && { id: s.id }), errors: [{ code: o.readerLines.get(rec.line!)! as InputError['code'], field: `row ${rec.row}`, args: {} }] }, o.lang) });
        continue;
      }
      idx++;
      if (rec.problem) jsUnread.push(idx);
      const rejected = await take(0, idx);
      const decided = await take(1, idx);
      if (rows.head && rows.head.idx <= idx) throw new Misaligned(`row ${rec.row}: DuckDB's rows are out of order`);
      const sqlReject = rejected.length ? fieldsOf(rejected[0]!.payload, REJECT_FIELDS) : undefined;
      const sqlId = (rejected[0] ?? decided[0])?.id;
      const recId = s.id;
      if (sqlId !== null && sqlId !== undefined && recId !== undefined && sqlId !== recId) throw new Misaligned(`row ${rec.row}: id ${recId} was read by DuckDB as ${sqlId}`);
      if (isReject(s)) {
        emit({ ok: false, reject: rejectRow(s, o.lang) });
        continue;
      }
      if (sqlReject) {
        // A bad ledger row: the JS engine's check of the subject with its ledger names every error, by ledger row.
        const joined = sqlReject['code'] !== 'P3508' ? o.badLedgers?.get(s.id) : undefined;
        const d = joined ? decideSubject(model, s, { asOf: o.asOf, lang: o.lang }, joined) : undefined;
        if (d && !d.ok) emit(d);
        else emit({ ok: false, reject: rejectRow({ ...base, id: s.id, errors: rejectErrors(model, s, sqlReject, rowOfIdx, plan.idColumn ?? o.id) }, o.lang) });
        continue;
      }
      const wrongId = decided.find((d) => d.id !== s.id);
      if (wrongId) throw new Misaligned(`row ${rec.row}: id ${s.id} was decided as ${String(wrongId.id)}`);
      const ds: (RowDecision | undefined)[] = new Array<RowDecision | undefined>(model.benefits.length);
      let count = 0;
      for (const row of decided)
        for (const one of row.payload.split(RS)) {
          const d = fieldsOf(one, fields);
          const i = index.get(String(d['benefit']));
          if (i === undefined) throw new Misaligned(`row ${rec.row}: a decision of an unknown benefit ${String(d['benefit'])}`);
          count++;
          const missing = d['missing'];
          const cb = d['clawback'];
          const outcome = d['outcome'];
          const status = String(d['status']) as RowDecision['status'];
          ds[i] = {
            status,
            fen: status === 'eligible' ? fen(d['amount']) : null,
            reason: d['reason'] ?? null,
            missing: missing ? missing.split(MISSING_SEP) : [],
            ...(cb !== null && cb !== undefined && {
              clawback: { status: cb as 'due' | 'undetermined', amount: money(d['clawback_amount']), paid: money(d['clawback_paid']) ?? '0.00', reason: String(d['clawback_reason']) },
            }),
            ...(outcome !== null && outcome !== undefined && { outcome }),
            ...(d['instalments'] !== null && d['instalments'] !== undefined && { instalments: instalmentsCell(d['instalments']) }),
            ...(d['bands'] !== null && d['bands'] !== undefined && { bands: bandsCell(d['bands']) }),
          };
        }
      let own = ownCount.get(s.type);
      if (own === undefined) ownCount.set(s.type, (own = model.benefits.filter((b) => b.subjects.includes(s.type)).length));
      if (count !== own) throw new Misaligned(`row ${rec.row}: ${count} decisions for ${own} benefits of ${s.type}`);
      emit({ ok: true, rows: outRows(model, { row: rec.row, id: s.id, type: s.type }, ds) });
    }
    if (rows.head) throw new Misaligned(`DuckDB has rows past the end of ${o.input}`);
    flush(true);
  } finally {
    closeSync(resultsFd);
    closeSync(rejectsFd);
    await source.close();
    await rows.settle();
  }
  if (parquet) {
    const { csvToParquet } = await import('../batch/parquet.ts');
    await csvToParquet(files.partial, o.out, OUT_TYPES);
    rmSync(files.partial);
  }
  const summary = summarize(model, tally, o.asOf, o.lang);
  if (o.ledger) summary.ledger = await o.ledger({ jsUnread, jsOnlyIds });
  writeFileSync(files.summary, JSON.stringify(summary, null, 2) + '\n');
  return { tally, files };
}

/** A query's `instalments` cell, `total=…;paid=…;due=…`, as exact yuan texts. */
function instalmentsCell(cell: string): NonNullable<RowDecision['instalments']> {
  const m = Object.fromEntries(cell.split(';').map((kv) => kv.split('=') as [string, string]));
  const y = (k: string) => fenToString(roundTo(parseDecimal(m[k] ?? '')!, 100n, 'half-up'));
  return { total: y('total'), paid: y('paid'), due: y('due') };
}

/** A query's `bands` cell, `1=…;2=…`: each band reached with its amount. */
function bandsCell(cell: string): NonNullable<RowDecision['bands']> {
  return cell.split(';').map((kv) => {
    const [no, amount] = kv.split('=') as [string, string];
    return { band: Number(no), amount: fenToString(roundTo(parseDecimal(amount)!, 100n, 'half-up')) };
  });
}

/**
 * The errors of a row DuckDB rejected, as the JS engine names them: P3508 naming the first row of the id; a bad value
 * as the reference's validation names it (every error, with its arguments); else (a bad ledger row) DuckDB's code.
 */
function rejectErrors(model: Model, s: SubjectInput, r: Record<string, string | null>, rowOfIdx: (idx: number) => number, idColumn: string): InputError[] {
  const code = String(r['code']);
  if (code === 'P3508') return [{ code: 'P3508', field: idColumn, args: { id: s.id, first: String(rowOfIdx(Number(r['first']))), row: String(s.row) } }];
  const v = validateFacts(model, s.type, s.facts);
  if (!v.ok) return v.errors;
  // Unreachable while the engines validate alike; should they ever differ, the message still names the value (never an
  // unfilled {placeholder}).
  const field = String(r['field'] ?? '');
  const raw = (s.facts as Record<string, unknown>)[field];
  const found = raw === undefined || raw === null ? '' : typeof raw === 'string' ? JSON.stringify(raw) : JSON.stringify(raw) ?? '';
  const args = { found, expected: 'a value of its declared type', expectedZh: '声明类型的值', type: field, allowed: '—', max: '—', range: '—', rangeEn: '—' };
  return [{ code: code as InputError['code'], field, args }];
}
