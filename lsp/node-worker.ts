// compile() on a Node worker thread (compile-worker.ts), for the stdio
// server: the debounced diagnostics of a version never hold up requests about
// a newer one. Node-only: the browser graph never imports this file.
import { Worker } from 'node:worker_threads';
import type { PolicyDiagnostic } from '../compiler/diagnostics.ts';
import type { DiagnosticsWorker, WorkerProgram } from './diagnostics.ts';

type Job = { text: string; program?: WorkerProgram | undefined; resolve: (d: PolicyDiagnostic[] | undefined) => void; reject: (e: Error) => void };

/**
 * compile() on a worker thread, one job at a time, keeping only the latest
 * waiting job per document: a version that is superseded while it waits is
 * never compiled (its promise resolves to undefined).
 */
export class CompileWorker implements DiagnosticsWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private running: (Job & { id: number }) | undefined;
  private waiting = new Map<string, Job>();
  private broken = false;

  constructor(private readonly log: (m: string) => void) {}

  get available(): boolean {
    return !this.broken;
  }

  compile(key: string, text: string, program?: WorkerProgram): Promise<PolicyDiagnostic[] | undefined> {
    if (this.broken) return Promise.reject(new Error('the compile worker is not available'));
    return new Promise((resolve, reject) => {
      this.waiting.get(key)?.resolve(undefined);
      this.waiting.set(key, { text, program, resolve, reject });
      this.pump();
    });
  }

  private start(): Worker {
    const worker = new Worker(new URL('./compile-worker.js', import.meta.url));
    worker.unref();
    worker.on('message', (m: { id?: number; diagnostics?: PolicyDiagnostic[]; error?: string }) => {
      if (m.id === undefined || !this.running || m.id !== this.running.id) return;
      const job = this.running;
      this.running = undefined;
      if (m.error) job.reject(new Error(m.error));
      else job.resolve(m.diagnostics);
      this.pump();
    });
    const fail = (e: unknown) => {
      if (this.broken) return;
      this.broken = true;
      this.log(`compile worker stopped: ${e instanceof Error ? e.stack : e}`);
      const err = new Error('the compile worker stopped');
      this.running?.reject(err);
      for (const job of this.waiting.values()) job.reject(err);
      this.running = undefined;
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(`exit code ${code}`));
    return worker;
  }

  private pump(): void {
    if (this.running || this.broken) return;
    const next = this.waiting.entries().next();
    if (next.done) return;
    const [key, job] = next.value;
    this.waiting.delete(key);
    try {
      this.worker ??= this.start();
    } catch (e) {
      this.broken = true;
      job.reject(e as Error);
      return;
    }
    const id = this.nextId++;
    this.running = { ...job, id };
    this.worker.postMessage({ id, key, text: job.text, ...(job.program && { program: job.program }) });
  }

  dispose(): void {
    this.broken = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
