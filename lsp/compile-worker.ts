// The diagnostics worker: compile() off the main thread (incrementally, from
// the document's previous version), so the debounced
// diagnostics of a version never hold up requests about a newer one. It
// answers with the plain diagnostics (code, severity, range, args,
// suggestion), at most MAX_PUBLISHED and a count of the rest (P1091); the
// main thread turns them into LSP diagnostics.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { compile, type Compilation } from '../compiler/index.ts';
import { capDiagnostics } from './cap.ts';
import type { WorkerProgram } from './diagnostics.ts';

export interface CompileJob {
  id: number;
  /** The document (its URI): the worker keeps each document's last compilation to re-parse incrementally. */
  key?: string;
  text: string;
  /** For a text that imports others: its path and the open documents (read before the disk). */
  program?: WorkerProgram;
}

const last = new Map<string, Compilation>();

function readDisk(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

parentPort!.on('message', (job: CompileJob) => {
  try {
    const previous = job.key === undefined ? undefined : last.get(job.key);
    const p = job.program;
    const c = p
      ? compile(job.text, { previous, path: p.path, host: { readFile: (path) => (Object.hasOwn(p.files, path) ? p.files[path] : readDisk(path)) } })
      : compile(job.text, { previous });
    if (job.key !== undefined) last.set(job.key, c);
    // Capped here, so a file with 200,000 diagnostics does not copy them all to the main thread.
    parentPort!.postMessage({ id: job.id, diagnostics: capDiagnostics(c.diagnostics) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
parentPort!.postMessage({ ready: true });
