// runBatch: a policy over a whole file of subjects. The main thread reads
// records in chunks, joins each subject's ledger rows, hands chunks to worker
// threads (at most two per worker in flight, so memory does not grow with the
// file), and writes the replies in input order. After written chunks it
// records a checkpoint — the input position, the byte length of each output
// file and the tally so far — so an interrupted run leaves complete files up
// to the checkpoint, and `resume` truncates to it and continues.
//
// What is known per id (the ledger rows of each subject, the first row of each
// id) is found before deciding by a pass over the ledger and the subjects that
// spills to partition files (join.ts) and is read back in row order, so
// memory does not grow with the number of rows or the size of the ledger.
import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { closeSync, existsSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { compile } from '../index.ts';
import type { Model } from '../model.ts';
import type { Lang, MessageId } from '../messages.ts';
import { openSource, formatOf, SourceError, type InputRecord, type ReadPosition, type Source } from './sources.ts';
import { planRows, ColumnError, type RowOptions } from './rows.ts';
import { buildJoin, type JoinIndex } from './join.ts';
import { outHeader, OUT_TYPES, type JoinedLedger, type TextFormat } from './decide.ts';
import { emptyTally, mergeTally, summarize, tallyFromJson, tallyToJson, type BatchSummary, type Tally } from './summary.ts';
import { Progress, type ProgressMode, type ProgressSink } from './progress.ts';
import type { WorkerChunk, WorkerInit, WorkerReply } from './worker.ts';

/** A user error: a message id and its arguments, printed by the CLI. */
export class BatchError extends Error {
  constructor(
    readonly id: MessageId,
    readonly args: Record<string, string>,
    readonly details: string[] = [],
  ) {
    super(`${id} ${JSON.stringify(args)}`);
  }
}

export interface BatchRunOptions extends RowOptions {
  policyText: string;
  /** Input file of subjects (.csv, .jsonl, .parquet). */
  subjects: string;
  /** Results file; its extension names the format. */
  out: string;
  ledger?: string;
  asOf: string;
  /** Values for the policy's 按规定 parameters, decimal yuan strings. */
  params?: Record<string, string>;
  lang?: Lang;
  /** Worker threads (default: every core). */
  jobs?: number;
  resume?: boolean;
  /** Draws the summary as an HTML page. */
  report?: string;
  progress?: { mode: ProgressMode; sink: ProgressSink; lineInterval?: number };
  /** Rows per chunk handed to a worker. */
  chunkRows?: number;
  /** Aborting stops reading; the rows in flight are finished and checkpointed. */
  signal?: AbortSignal;
  /** Folder for the id partitions of the join (default: the system's temporary folder, TMPDIR). */
  tempDir?: string;
  /** Number of id partitions (default: from the input's size; tests set it to exercise many). */
  joinPartitions?: number;
}

export interface BatchRunResult {
  interrupted: boolean;
  tally: Tally;
  summary: BatchSummary;
  /** Row up to which output is complete. */
  row: number;
  files: { results: string; rejects: string; summary: string; checkpoint: string; report?: string };
  seconds: number;
}

/** The files a run writes next to its results: R.rejects.jsonl, R.summary.json, R.checkpoint.json. */
export function companionFiles(out: string) {
  const stem = join(dirname(out), basename(out, extname(out)));
  return { rejects: `${stem}.rejects.jsonl`, summary: `${stem}.summary.json`, checkpoint: `${stem}.checkpoint.json`, partial: `${stem}.partial.csv` };
}

interface Checkpoint {
  version: 1;
  fingerprint: Record<string, string>;
  position: ReadPosition;
  resultsBytes: number;
  rejectsBytes: number;
  tally: unknown;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

function fileStamp(path: string): string {
  const st = statSync(path);
  return `${st.size}:${Math.round(st.mtimeMs)}`;
}

function fingerprintOf(o: BatchRunOptions, outFormat: string): Record<string, string> {
  return {
    policy: sha(o.policyText),
    subjects: `${resolve(o.subjects)} ${fileStamp(o.subjects)}`,
    ledger: o.ledger ? `${resolve(o.ledger)} ${fileStamp(o.ledger)}` : '-',
    options: JSON.stringify([o.asOf, o.params ?? {}, o.subject ?? null, o.subjectColumn ?? null, o.id ?? null, outFormat]),
  };
}

/** A DuckDB-free id for a record, for joining the ledger in the main thread. */
function idOf(rec: InputRecord, columns: string[] | undefined, idColumn: string | undefined): string | undefined {
  if (idColumn === undefined) return String(rec.row);
  const v = rec.cells ? rec.cells[columns!.indexOf(idColumn)] : rec.object?.[idColumn];
  return v === undefined || v === null ? undefined : String(v).trim();
}

export async function runBatch(o: BatchRunOptions): Promise<BatchRunResult> {
  const started = performance.now();
  const lang = o.lang ?? 'zh';
  const outFormat = formatOf(o.out);
  if (!outFormat) throw new BatchError('batch.unknownFormat', { file: o.out });
  if (resolve(o.out) === resolve(o.subjects) || (o.ledger && resolve(o.out) === resolve(o.ledger))) throw new BatchError('batch.sameFile', { file: o.out });
  const jobs = o.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new BatchError('batch.badOption', { option: '--jobs', found: String(o.jobs), expected: 'a whole number ≥ 1' });
  const compiled = compile(o.policyText);
  const model: Model = compiled.model;
  const files = companionFiles(o.out);
  const textOut: TextFormat = outFormat === 'jsonl' ? 'jsonl' : 'csv';
  // Parquet output is written as CSV first, then converted once complete.
  const resultsPath = outFormat === 'parquet' ? files.partial : o.out;

  let source: Source;
  let plan: ReturnType<typeof planRows>;
  try {
    source = await openSource(o.subjects);
    plan = planRows(model, source.columns, o);
  } catch (e) {
    if (e instanceof SourceError || e instanceof ColumnError) throw new BatchError(e.id, e.args);
    throw e;
  }

  // Resume or start afresh.
  const fingerprint = fingerprintOf(o, outFormat);
  let position: ReadPosition = source.start;
  let resultsBytes = 0;
  let rejectsBytes = 0;
  const tally = emptyTally();
  if (o.resume) {
    if (!existsSync(files.checkpoint)) throw new BatchError('batch.noCheckpoint', { file: files.checkpoint });
    const cp = JSON.parse(readFileSync(files.checkpoint, 'utf8')) as Checkpoint;
    for (const k of Object.keys(fingerprint)) if (cp.fingerprint[k] !== fingerprint[k]) throw new BatchError('batch.checkpointMismatch', { file: files.checkpoint, what: k });
    position = cp.position;
    resultsBytes = cp.resultsBytes;
    rejectsBytes = cp.rejectsBytes;
    mergeTally(tally, tallyFromJson(cp.tally));
  } else if (existsSync(files.checkpoint)) throw new BatchError('batch.pendingCheckpoint', { file: files.checkpoint });

  const progress = new Progress({ mode: o.progress?.mode ?? 'quiet', sink: o.progress?.sink ?? { write: () => 0 }, lang, ...(o.progress?.lineInterval !== undefined && { lineInterval: o.progress.lineInterval }) }, position.row, source.bytes !== undefined ? (position.offset ?? 0) : position.row);
  const total = source.bytes ?? source.rows;
  const doneOf = (p: ReadPosition) => (source.bytes !== undefined ? (p.offset ?? 0) : p.row);

  // The per-id join: ledger rows by subject row, and rows that repeat an earlier row's id — an id that comes
  // twice would decide (and pay) one subject twice: the later row is rejected, naming the first (P3508). Ids
  // are compared only with an id column; without one the ledger joins on the row number.
  let join: JoinIndex | undefined;
  if (o.ledger || plan.idColumn !== undefined) {
    try {
      join = await buildJoin({
        source,
        idOf: (rec) => idOf(rec, source.columns, plan.idColumn),
        duplicates: plan.idColumn !== undefined,
        ...(o.ledger && { ledger: { path: o.ledger, idColumn: plan.idColumn ?? o.id ?? 'id' } }),
        ...(o.tempDir !== undefined && { tempDir: o.tempDir }),
        ...(o.joinPartitions !== undefined && { partitions: o.joinPartitions }),
        onProgress: (done) => progress.phase('batch.joinProgress', done, total),
        ...(o.signal && { signal: o.signal }),
      });
    } catch (e) {
      await source.close();
      if (e instanceof SourceError || e instanceof ColumnError) throw new BatchError(e.id, e.args);
      throw e;
    }
    if (join.ledgerErrorCount) {
      await source.close();
      throw new BatchError(
        'batch.ledgerInvalid',
        { file: o.ledger!, count: String(join.ledgerErrorCount) },
        join.ledgerErrors!.map((e) => `${e.field}: ${e.code}`),
      );
    }
  }
  const cursor = join?.cursor(position.row);
  let resultsFd: number;
  let rejectsFd: number;
  try {
    resultsFd = openSync(resultsPath, o.resume ? 'r+' : 'w');
    rejectsFd = openSync(files.rejects, o.resume ? 'r+' : 'w');
  } catch (e) {
    cursor?.close();
    join?.close();
    await source.close();
    throw e;
  }
  ftruncateSync(resultsFd, resultsBytes);
  ftruncateSync(rejectsFd, rejectsBytes);
  const write = (fd: number, text: string, at: number): number => {
    if (!text) return 0;
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off, at + off);
    return buf.length;
  };
  if (resultsBytes === 0) resultsBytes += write(resultsFd, outHeader(textOut), 0);

  const saveCheckpoint = () => {
    fdatasyncSync(resultsFd);
    fdatasyncSync(rejectsFd);
    const cp: Checkpoint = { version: 1, fingerprint, position, resultsBytes, rejectsBytes, tally: tallyToJson(tally) };
    writeFileSync(files.checkpoint + '.tmp', JSON.stringify(cp));
    renameSync(files.checkpoint + '.tmp', files.checkpoint);
  };
  saveCheckpoint();

  progress.restart();

  const init: WorkerInit = {
    policyText: o.policyText,
    ...(source.columns && { columns: source.columns }),
    rowOptions: { ...(o.subject !== undefined && { subject: o.subject }), ...(o.subjectColumn !== undefined && { subjectColumn: o.subjectColumn }), ...(o.id !== undefined && { id: o.id }) },
    asOf: o.asOf,
    params: o.params ?? {},
    lang,
    outFormat: textOut,
  };
  const workers: Worker[] = [];
  const load: number[] = [];
  const replies = new Map<number, WorkerReply>();
  const ends = new Map<number, ReadPosition>();
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  for (let i = 0; i < jobs; i++) {
    const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: init });
    w.on('message', (r: WorkerReply) => {
      load[i]!--;
      replies.set(r.seq, r);
      wake?.();
    });
    w.on('error', (e) => {
      failure ??= e;
      wake?.();
    });
    w.on('exit', (code) => {
      if (code !== 0 && !stopped) failure ??= new Error(`batch worker exited with code ${code}`);
      wake?.();
    });
    workers.push(w);
    load.push(0);
  }
  let stopped = false;

  const chunkRows = o.chunkRows ?? 2000;
  const maxInFlight = jobs * 2;
  const it = source.records(position)[Symbol.asyncIterator]();
  let exhausted = false;
  let seq = 0;
  let nextWrite = 0;
  let inFlight = 0;
  let lastCheckpoint = performance.now();
  const interrupted = () => o.signal?.aborted === true;

  const readChunk = async (): Promise<WorkerChunk | undefined> => {
    const records: InputRecord[] = [];
    const ledgers: (JoinedLedger | undefined)[] = [];
    let duplicates: (number | undefined)[] | undefined;
    let end: ReadPosition | undefined;
    while (records.length < chunkRows) {
      const n = await it.next();
      if (n.done) {
        exhausted = true;
        break;
      }
      const rec = n.value;
      records.push(rec);
      const j = cursor?.take(rec.row);
      if (j?.duplicateOf !== undefined) (duplicates ??= [])[records.length - 1] = j.duplicateOf;
      ledgers.push(j?.ledger);
      end = { row: rec.row, ...(rec.end !== undefined && { offset: rec.end }), ...(rec.nextLine !== undefined && { line: rec.nextLine }) };
    }
    if (!records.length) return undefined;
    ends.set(seq, end!);
    return { seq: seq++, records, ledgers, ...(duplicates && { duplicates }) };
  };

  try {
    for (;;) {
      if (failure) throw failure;
      while (!exhausted && !interrupted() && inFlight < maxInFlight) {
        const chunk = await readChunk();
        if (!chunk) break;
        let best = 0;
        for (let i = 1; i < jobs; i++) if (load[i]! < load[best]!) best = i;
        load[best]!++;
        workers[best]!.postMessage(chunk);
        inFlight++;
      }
      // Write every reply that is next in order.
      let wrote = false;
      for (let r = replies.get(nextWrite); r; r = replies.get(nextWrite)) {
        replies.delete(nextWrite);
        resultsBytes += write(resultsFd, r.results, resultsBytes);
        rejectsBytes += write(rejectsFd, r.rejects, rejectsBytes);
        mergeTally(tally, r.tally);
        position = ends.get(nextWrite)!;
        ends.delete(nextWrite);
        nextWrite++;
        inFlight--;
        wrote = true;
      }
      if (wrote) {
        progress.update(tally.rows, doneOf(position), total);
        if (performance.now() - lastCheckpoint > 250) {
          saveCheckpoint();
          lastCheckpoint = performance.now();
        }
      }
      if (inFlight === 0 && (exhausted || interrupted())) break;
      // Wait only for a reply that is coming; with nothing in flight, go back and read (the end of the input may not be seen yet).
      if (inFlight > 0 && !replies.has(nextWrite)) await new Promise<void>((res) => (wake = res));
      wake = undefined;
    }
    saveCheckpoint();
  } finally {
    stopped = true;
    await Promise.all(workers.map((w) => w.terminate()));
    await source.close();
    cursor?.close();
    join?.close();
    closeSync(resultsFd);
    closeSync(rejectsFd);
    progress.finish();
  }
  progress.update(tally.rows, doneOf(position), total, true);
  progress.finish();

  const summary = summarize(model, tally, o.asOf, lang);
  // Payments recorded for ids that no subject row carries: usually ids written differently in the two files,
  // which would leave caps and once-only rules blind to those payments. Reported, never silent.
  if (join?.ledger) summary.ledger = join.ledger;
  const complete = exhausted && inFlight === 0;
  if (complete) {
    if (outFormat === 'parquet') {
      const { csvToParquet } = await import('./parquet.ts');
      await csvToParquet(files.partial, o.out, OUT_TYPES);
      rmSync(files.partial);
    }
    writeFileSync(files.summary, JSON.stringify(summary, null, 2) + '\n');
    if (o.report) {
      const { renderReport } = await import('./report.ts');
      writeFileSync(o.report, renderReport(summary, lang));
    }
    rmSync(files.checkpoint);
  }
  return {
    interrupted: !complete,
    tally,
    summary,
    row: position.row,
    files: { results: o.out, rejects: files.rejects, summary: files.summary, checkpoint: files.checkpoint, ...(o.report && { report: o.report }) },
    seconds: (performance.now() - started) / 1000,
  };
}
