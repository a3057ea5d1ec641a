// Diagnostics: exactly compile()'s codes and ranges, converted to LSP
// positions, with the message in the session's language. Publishing is
// debounced per document: a burst of edits compiles once, for the last
// version, and where the host offers one (a Node worker thread, see
// node-worker.ts) that compilation runs off the request path.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
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
  return capDiagnostics(a.compilation.diagnostics).map((d) => toLspDiagnostic(a, d, lang));
}

/**
 * The most diagnostics published for one document. A hostile file can have one per token (200,000 on a
 * 1.4 MB line): publishing them all took minutes of conversion and 70 MB of JSON per version, and no editor
 * shows them usefully. Past this many, the first ones by position are published, then one P1091 saying how
 * many more there are.
 */
export const MAX_PUBLISHED = 1000;

const RANK: Record<PolicyDiagnostic['severity'], number> = { info: 0, warning: 1, error: 2 };

/**
 * At most `max` diagnostics, the first by position (the document's own before those of files it imports),
 * plus P1091 at the first one left out, counting them, with the severity of the most severe of them (so an
 * editor still marks the document as having errors). A list within the cap comes back as it is.
 */
export function capDiagnostics(ds: readonly PolicyDiagnostic[], max = MAX_PUBLISHED): PolicyDiagnostic[] {
  if (ds.length <= max) return ds as PolicyDiagnostic[];
  const fileOrder = (x: PolicyDiagnostic, y: PolicyDiagnostic) =>
    x.file === y.file ? 0 : x.file === undefined ? -1 : y.file === undefined ? 1 : x.file < y.file ? -1 : 1;
  const before = (x: PolicyDiagnostic, y: PolicyDiagnostic) => fileOrder(x, y) || x.range.start - y.range.start || x.range.end - y.range.end;
  let sorted = true;
  for (let i = 1; i < ds.length && sorted; i++) if (before(ds[i - 1]!, ds[i]!) > 0) sorted = false;
  const ordered = sorted ? ds : [...ds].sort(before);
  const shown = ordered.slice(0, max);
  let severity: PolicyDiagnostic['severity'] = 'info';
  for (let i = max; i < ordered.length; i++) if (RANK[ordered[i]!.severity] > RANK[severity]) severity = ordered[i]!.severity;
  const first = ordered[max]!;
  const note: PolicyDiagnostic = { code: 'P1091', severity, range: first.range, args: { count: String(ordered.length - max), max: String(max) } };
  if (first.file !== undefined) note.file = first.file;
  shown.push(note);
  return shown;
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
