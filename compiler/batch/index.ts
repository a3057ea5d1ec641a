// The batch engine as a library. `runBatch` is what `policy batch` runs (files
// in, files out, worker threads, checkpoints); `evaluateBatch` is the
// in-process API for developers: subjects from an array or an async iterable,
// one decision per subject, in order, streaming.
import type { Model } from '../model.ts';
import { decideSubject, rejectRow, tallyDecided, type BatchEvalOptions, type Decided } from './decide.ts';
import { IdSet } from './ids.ts';
import type { Tally } from './summary.ts';

export { runBatch, BatchError, companionFiles, type BatchRunOptions, type BatchRunResult } from './run.ts';
export { emptyTally, summarize, summaryText, mergeTally, type Tally, type BatchSummary } from './summary.ts';
export { renderReport } from './report.ts';
export { OUT_COLUMNS, type OutRow, type RejectRow, type Decided, type BatchEvalOptions } from './decide.ts';

/** One subject as a developer passes it: its type, its facts as JSON, optionally its id and ledger. */
export interface BatchSubject {
  id?: string;
  subject: string;
  facts: Record<string, unknown>;
  ledger?: unknown[];
}

export type BatchItem = Decided & { row: number };

/**
 * Evaluates subjects one by one, yielding for each either its output rows
 * (one per benefit of its type) or a reject naming every input error. Pass
 * `tally` (from `emptyTally()`) to accumulate the summary as you go.
 */
export async function* evaluateBatch(
  model: Model,
  subjects: Iterable<BatchSubject> | AsyncIterable<BatchSubject>,
  opts: BatchEvalOptions & { tally?: Tally },
): AsyncGenerator<BatchItem> {
  let row = 0;
  // A subject given twice (the same id) is decided once: the later one is a P3508 reject naming the first.
  const ids = new IdSet();
  for await (const s of subjects as AsyncIterable<BatchSubject>) {
    row++;
    const first = s.id !== undefined ? ids.seen(s.id, row) : undefined;
    const d: Decided =
      first !== undefined
        ? { ok: false, reject: rejectRow({ row, id: s.id!, errors: [{ code: 'P3508', field: 'id', args: { id: s.id!, first: String(first), row: String(row) } }] }, opts.lang ?? 'zh') }
        : decideSubject(model, { row, id: s.id ?? String(row), type: s.subject, facts: s.facts, ...(s.ledger && { ledger: s.ledger }) }, opts);
    if (opts.tally) tallyDecided(opts.tally, d);
    yield { ...d, row };
  }
}
