// A batch worker thread: compiles the policy once, then turns chunks of input
// records into output text (results and rejects, already serialized) and a
// tally. The main thread only reads, joins ledgers and writes in order.
import { parentPort, workerData } from 'node:worker_threads';
import { compile } from '../index.ts';
import { parseDecimal, type Rat } from '../rational.ts';
import { planRows, isReject, type RowOptions } from './rows.ts';
import { decideSubject, outText, rejectRow, rejectText, tallyDecided, type Decided, type JoinedLedger, type TextFormat } from './decide.ts';
import { emptyTally } from './summary.ts';
import type { InputRecord } from './sources.ts';
import type { Lang } from '../messages.ts';

export interface WorkerInit {
  policyText: string;
  columns?: string[];
  rowOptions: RowOptions;
  asOf: string;
  params: Record<string, string>;
  lang: Lang;
  outFormat: TextFormat;
}

export interface WorkerChunk {
  seq: number;
  records: InputRecord[];
  ledgers: (JoinedLedger | undefined)[];
  /** For a record whose id an earlier row already had: that row (the record is rejected, P3508). */
  duplicates?: (number | undefined)[];
}

export interface WorkerReply {
  seq: number;
  results: string;
  rejects: string;
  tally: ReturnType<typeof emptyTally>;
}

const init = workerData as WorkerInit;
const { model } = compile(init.policyText);
const plan = planRows(model, init.columns, init.rowOptions);
const params: Record<string, Rat> = {};
for (const [k, v] of Object.entries(init.params)) params[k] = parseDecimal(v)!;
const opts = { asOf: init.asOf, params, lang: init.lang };

parentPort!.on('message', (chunk: WorkerChunk) => {
  const tally = emptyTally();
  let results = '';
  let rejects = '';
  chunk.records.forEach((rec, i) => {
    let d: Decided;
    try {
      const s = plan.toSubject(rec);
      const first = chunk.duplicates?.[i];
      if (first !== undefined && !isReject(s))
        d = { ok: false, reject: rejectRow({ row: s.row, ...(s.line !== undefined && { line: s.line }), id: s.id, errors: [{ code: 'P3508', field: plan.idColumn!, args: { id: s.id, first: String(first), row: String(s.row) } }] }, init.lang) };
      else d = isReject(s) ? { ok: false, reject: rejectRow(s, init.lang) } : decideSubject(model, s, opts, chunk.ledgers[i]);
    } catch (e) {
      // A defect must not lose the row: it is rejected with the error, and the batch goes on.
      d = { ok: false, reject: { row: rec.row, ...(rec.line !== undefined && { line: rec.line }), errors: [{ code: 'internal', field: '', message: String((e as Error).stack ?? e) }] } };
    }
    tallyDecided(tally, d);
    if (d.ok) for (const r of d.rows) results += outText(r, init.outFormat);
    else rejects += rejectText(d.reject);
  });
  parentPort!.postMessage({ seq: chunk.seq, results, rejects, tally } satisfies WorkerReply);
});
