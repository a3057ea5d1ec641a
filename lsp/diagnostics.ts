// Diagnostics: exactly compile()'s codes and ranges, converted to LSP
// positions, with the message in the session's language. Publishing is
// debounced per document: a burst of edits compiles once, for the last
// version, and where the host offers one (a Node worker thread, see
// node-worker.ts) that compilation runs off the request path.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { messageText, type PolicyDiagnostic } from '../compiler/diagnostics.ts';
import type { Analysis } from './analysis.ts';
import type { Lang } from './i18n.ts';
import { capDiagnostics } from './cap.ts';

export { capDiagnostics, MAX_PUBLISHED } from './cap.ts';

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
  return capDiagnostics(a.compilation.diagnostics).map((d) => toLspDiagnostic(a, d, lang));
}

/** Per-document debounce: `schedule` restarts the timer; `flush` publishes now. */
export class DiagnosticScheduler {
  private timers = new Map<string, ReturnType<typeof setTimeout>>();

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

/**
 * Compiles diagnostics away from the thread that answers requests. The
 * transport-independent server only sees this interface; the stdio entry
 * supplies a Node worker thread (node-worker.ts). In the browser the whole
 * server already runs in a Web Worker, so none is needed there.
 */
export interface WorkerProgram {
  path: string;
  files: Record<string, string>;
}

export interface DiagnosticsWorker {
  readonly available: boolean;
  /**
   * The diagnostics of `text`; undefined when a newer job for `key` superseded it. A text that
   * imports others (`引用`) comes with its path and the open documents' texts (by path), which the
   * worker reads before the disk.
   */
  compile(key: string, text: string, program?: WorkerProgram): Promise<PolicyDiagnostic[] | undefined>;
  dispose(): void;
}
