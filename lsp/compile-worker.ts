// The diagnostics worker: compile() off the main thread (incrementally, from
// the document's previous version), so the debounced
// diagnostics of a version never hold up requests about a newer one. It
// answers with the plain diagnostics (code, severity, range, args,
// suggestion); the main thread turns them into LSP diagnostics.
import { parentPort } from 'node:worker_threads';
import { compile, type Compilation } from '../compiler/index.ts';

export interface CompileJob {
  id: number;
  /** The document (its URI): the worker keeps each document's last compilation to re-parse incrementally. */
  key?: string;
  text: string;
}

const last = new Map<string, Compilation>();

parentPort!.on('message', (job: CompileJob) => {
  try {
    const previous = job.key === undefined ? undefined : last.get(job.key);
    const c = compile(job.text, { previous });
    if (job.key !== undefined) last.set(job.key, c);
    const { diagnostics } = c;
    parentPort!.postMessage({ id: job.id, diagnostics });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
parentPort!.postMessage({ ready: true });
