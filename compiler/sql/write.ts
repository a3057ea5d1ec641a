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

type Pending<T> = { next(): Promise<T | undefined> };

/** Separators of the fields of one decision and of the decisions of one subject in a `payload` cell (see `rowsOf`). */
const FS = '\u001f';
const RS = '\u001e';
/** The fields of a decision in its payload, in order (the clawback ones only for a policy with 退还). */
const DECISION_FIELDS = ['benefit', 'status', 'amount', 'reason', 'missing'];
const CLAWBACK_FIELDS = ['clawback', 'clawback_amount', 'clawback_paid', 'clawback_reason'];
const REJECT_FIELDS = ['code', 'first', 'field'];

/**
 * The rows of the stream query (`__idx, __kind, id, payload`), one decision or reject at a time, as records of their
 * fields. A subject's decisions come as one row whose payload holds them all, fields joined by FS and decisions by RS
 * (an empty field is NULL): reading one text cell per subject, not a row object of ten cells per decision, was most of
 * the writer's time (the values of a DuckDB row object are decoded and converted one by one).
 */
async function rowsOf(conn: DuckDBConnection, sql: string, decisionFields: readonly string[]): Promise<Pending<Record<string, unknown>>> {
  const result = await conn.stream(sql);
  let batch: Record<string, unknown>[] = [];
  let i = 0;
  const field = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);
  return {
    async next() {
      while (i >= batch.length) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) return undefined;
        const [idxs, kinds, ids, payloads] = [0, 1, 2, 3].map((c) => chunk.getColumnVector(c));
        batch = [];
        i = 0;
        for (let r = 0; r < chunk.rowCount; r++) {
          const __idx = Number(idxs!.getItem(r));
          const __kind = Number(kinds!.getItem(r));
          const id = ids!.getItem(r);
          const payload = String(payloads!.getItem(r) ?? '');
          const names = __kind === 1 ? decisionFields : REJECT_FIELDS;
          for (const one of __kind === 1 ? payload.split(RS) : [payload]) {
            const rec: Record<string, unknown> = { __idx, __kind, id };
            // The last field takes the rest (a reject's field names a column: never split inside it).
            const parts = one.split(FS);
            names.forEach((n, k) => (rec[n] = field(k === names.length - 1 ? parts.slice(k).join(FS) : parts[k])));
            batch.push(rec);
          }
        }
      }
      return batch[i++];
    },
  };
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
  const rows = await rowsOf(
    conn,
    `SELECT __idx, 1 AS __kind, CAST(id AS VARCHAR) AS id, string_agg(concat_ws(chr(31), ${fields.map(text).join(', ')}), chr(30)) AS payload FROM (${o.decisions}) GROUP BY __idx, id ` +
      `UNION ALL SELECT __idx, 0 AS __kind, CAST(id AS VARCHAR), concat_ws(chr(31), ${REJECT_FIELDS.map(text).join(', ')}) FROM (${o.rejects}) ORDER BY __idx, __kind`,
    fields,
  );
  let ahead = await rows.next();
  const take = async (kind: number, idx: number): Promise<Record<string, unknown> | undefined> => {
    if (!ahead || Number(ahead['__idx']) !== idx || Number(ahead['__kind']) !== kind) return undefined;
    const r = ahead;
    ahead = await rows.next();
    return r;
  };
  const index = new Map(model.benefits.map((b, i) => [b.id, i]));
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
      let sqlReject: Record<string, unknown> | undefined;
      for (let r = await take(0, idx); r; r = await take(0, idx)) sqlReject ??= r;
      const mine: Record<string, unknown>[] = [];
      for (let r = await take(1, idx); r; r = await take(1, idx)) mine.push(r);
      if (ahead && Number(ahead['__idx']) <= idx) throw new Misaligned(`row ${rec.row}: DuckDB's rows are out of order`);
      const sqlId = (sqlReject ?? mine[0])?.['id'];
      const recId = s.id;
      if (sqlId !== null && sqlId !== undefined && recId !== undefined && String(sqlId) !== recId) throw new Misaligned(`row ${rec.row}: id ${recId} was read by DuckDB as ${String(sqlId)}`);
      if (isReject(s)) {
        emit({ ok: false, reject: rejectRow(s, o.lang) });
        continue;
      }
      if (sqlReject) {
        // A bad ledger row: the JS engine's check of the subject with its ledger names every error, by ledger row.
        const joined = String(sqlReject['code']) !== 'P3508' ? o.badLedgers?.get(s.id) : undefined;
        const d = joined ? decideSubject(model, s, { asOf: o.asOf, lang: o.lang }, joined) : undefined;
        if (d && !d.ok) emit(d);
        else emit({ ok: false, reject: rejectRow({ ...base, id: s.id, errors: rejectErrors(model, s, sqlReject, rowOfIdx, plan.idColumn ?? o.id) }, o.lang) });
        continue;
      }
      if (mine.some((d) => String(d['id']) !== s.id)) throw new Misaligned(`row ${rec.row}: id ${s.id} was decided as ${String(mine.find((d) => String(d['id']) !== s.id)!['id'])}`);
      const ds: (RowDecision | undefined)[] = new Array<RowDecision | undefined>(model.benefits.length);
      for (const d of mine) {
        const i = index.get(String(d['benefit']));
        if (i === undefined) throw new Misaligned(`row ${rec.row}: a decision of an unknown benefit ${String(d['benefit'])}`);
        const missing = String(d['missing'] ?? '');
        const cb = d['clawback'];
        const outcome = d['outcome'];
        ds[i] = {
          status: String(d['status']) as RowDecision['status'],
          fen: String(d['status']) === 'eligible' ? fen(d['amount']) : null,
          reason: (d['reason'] as string | null) ?? null,
          missing: missing ? missing.split(MISSING_SEP) : [],
          ...(cb !== null && cb !== undefined && {
            clawback: { status: String(cb) as 'due' | 'undetermined', amount: money(d['clawback_amount']), paid: money(d['clawback_paid']) ?? '0.00', reason: String(d['clawback_reason']) },
          }),
          ...(outcome !== null && outcome !== undefined && { outcome: String(outcome) }),
          ...(d['instalments'] !== null && d['instalments'] !== undefined && { instalments: instalmentsCell(String(d['instalments'])) }),
          ...(d['bands'] !== null && d['bands'] !== undefined && { bands: bandsCell(String(d['bands'])) }),
        };
      }
      const own = model.benefits.filter((b) => b.subjects.includes(s.type)).length;
      if (mine.length !== own) throw new Misaligned(`row ${rec.row}: ${mine.length} decisions for ${own} benefits of ${s.type}`);
      emit({ ok: true, rows: outRows(model, { row: rec.row, id: s.id, type: s.type }, ds) });
    }
    if (ahead) throw new Misaligned(`DuckDB has rows past the end of ${o.input}`);
    flush(true);
  } finally {
    closeSync(resultsFd);
    closeSync(rejectsFd);
    await source.close();
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
function rejectErrors(model: Model, s: SubjectInput, r: Record<string, unknown>, rowOfIdx: (idx: number) => number, idColumn: string): InputError[] {
  const code = String(r['code']);
  if (code === 'P3508') return [{ code: 'P3508', field: idColumn, args: { id: s.id, first: String(rowOfIdx(Number(r['first']))), row: String(s.row) } }];
  const v = validateFacts(model, s.type, s.facts);
  if (!v.ok) return v.errors;
  return [{ code: code as InputError['code'], field: String(r['field'] ?? ''), args: {} }];
}
