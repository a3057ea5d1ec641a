// How many diagnostics the server publishes for one document (lsp/diagnostics.ts, and the compile worker
// before it posts them). No LSP import here: the compile worker loads this and compile() only.
import type { PolicyDiagnostic } from '../compiler/diagnostics.ts';

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
