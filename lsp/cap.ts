// How many diagnostics the server publishes for one document (lsp/diagnostics.ts, and the compile worker
// before it posts them). No LSP import here: the compile worker loads this and compile() only.
import type { PolicyDiagnostic } from '../compiler/diagnostics.ts';

/**
 * The most diagnostics published for one document. A hostile file can have one per token (200,000 on a
 * 1.4 MB line): publishing them all took minutes of conversion and 70 MB of JSON per version, and no editor
 * shows them usefully. Past this many, the first ones by position are published, then one P1091 saying how
 * many more there are. Errors come first, then warnings, then notes, so a real error is never hidden behind
 * a thousand warnings of a large policy (a review found P2009 dropped behind 1,100 P2037 warnings).
 */
export const MAX_PUBLISHED = 1000;

const RANK: Record<PolicyDiagnostic['severity'], number> = { info: 0, warning: 1, error: 2 };

/**
 * At most `max` diagnostics, the most severe first and, within a severity, the first by position (the document's
 * own before those of files it imports), plus P1091 at the first one left out, counting them, with the severity of
 * the most severe of them. A list within the cap comes back as it is.
 */
export function capDiagnostics(ds: readonly PolicyDiagnostic[], max = MAX_PUBLISHED): PolicyDiagnostic[] {
  if (ds.length <= max) return ds as PolicyDiagnostic[];
  const fileOrder = (x: PolicyDiagnostic, y: PolicyDiagnostic) =>
    x.file === y.file ? 0 : x.file === undefined ? -1 : y.file === undefined ? 1 : x.file < y.file ? -1 : 1;
  const before = (x: PolicyDiagnostic, y: PolicyDiagnostic) =>
    RANK[y.severity] - RANK[x.severity] || fileOrder(x, y) || x.range.start - y.range.start || x.range.end - y.range.end;
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
