// The diagnostics worker: compile() off the main thread, so the debounced
// diagnostics of a version never hold up requests about a newer one. It
// answers with the plain diagnostics (code, severity, range, args,
// suggestion); the main thread turns them into LSP diagnostics.
import { parentPort } from 'node:worker_threads';
import { compile } from '../compiler/index.ts';

export interface CompileJob {
  id: number;
  text: string;
}

parentPort!.on('message', (job: CompileJob) => {
  try {
    const { diagnostics } = compile(job.text);
    parentPort!.postMessage({ id: job.id, diagnostics });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
parentPort!.postMessage({ ready: true });
