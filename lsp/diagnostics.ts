// Diagnostics: exactly compile()'s codes and ranges, converted to LSP
// positions, with the message in the session's language. Publishing is
// debounced per document: a burst of edits compiles once, for the last
// version, and that compilation runs on a worker thread so requests are never
// held up behind it.
import { Worker } from 'node:worker_threads';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node.js';
import { messageText, type PolicyDiagnostic } from '../compiler/diagnostics.ts';
import type { Analysis } from './analysis.ts';
import type { Lang } from './i18n.ts';

const SEVERITY: Record<PolicyDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export interface DiagnosticData {
  suggestion?: string;
  args: Record<string, string>;
}

export function toLspDiagnostic(a: Analysis, d: PolicyDiagnostic, lang: Lang): Diagnostic {
  const data: DiagnosticData = { args: d.args };
  if (d.suggestion) data.suggestion = d.suggestion;
  return {
    range: a.range(d.range),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'policy',
    message: messageText(d, lang),
    data,
  };
}

export function lspDiagnostics(a: Analysis, lang: Lang): Diagnostic[] {
  return a.compilation.diagnostics.map((d) => toLspDiagnostic(a, d, lang));
}

/** Per-document debounce: `schedule` restarts the timer; `flush` publishes now. */
export class DiagnosticScheduler {
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private delayMs: number,
    private readonly publish: (uri: string) => void,
  ) {}

  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  schedule(uri: string, delayMs = this.delayMs): void {
    this.cancel(uri);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      this.publish(uri);
    }, delayMs);
    this.timers.set(uri, timer);
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

type Job = { text: string; resolve: (d: PolicyDiagnostic[] | undefined) => void; reject: (e: Error) => void };

/**
 * compile() on a worker thread, one job at a time, keeping only the latest
 * waiting job per document: a version that is superseded while it waits is
 * never compiled (its promise resolves to undefined).
 */
export class CompileWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private running: (Job & { id: number }) | undefined;
  private waiting = new Map<string, Job>();
  private broken = false;

  constructor(private readonly log: (m: string) => void) {}

  get available(): boolean {
    return !this.broken;
  }

  compile(key: string, text: string): Promise<PolicyDiagnostic[] | undefined> {
    if (this.broken) return Promise.reject(new Error('the compile worker is not available'));
    return new Promise((resolve, reject) => {
      this.waiting.get(key)?.resolve(undefined);
      this.waiting.set(key, { text, resolve, reject });
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
    this.worker.postMessage({ id, text: job.text });
  }

  dispose(): void {
    this.broken = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
