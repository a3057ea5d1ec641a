// capDiagnostics (lsp/diagnostics.ts): what the server publishes of a document with more diagnostics than
// MAX_PUBLISHED — the first by position (the document's own before an imported file's), then P1091 at the
// first one left out, counting them, as severe as the most severe of them.
import { describe, expect, it } from 'vitest';
import type { PolicyDiagnostic } from '../../compiler/diagnostics.ts';
import { capDiagnostics } from '../../lsp/diagnostics.ts';

const d = (start: number, severity: PolicyDiagnostic['severity'] = 'error', file?: string): PolicyDiagnostic => ({
  code: 'P1003',
  severity,
  range: { start, end: start + 1 },
  args: {},
  ...(file !== undefined && { file }),
});

describe('capDiagnostics', () => {
  it('returns a list within the cap as it is', () => {
    const list = [d(5), d(1)];
    expect(capDiagnostics(list, 2)).toBe(list);
  });

  it('keeps the first by position and counts the rest at the first one left out', () => {
    const list = [d(40), d(10, 'info'), d(30, 'warning'), d(20), d(50, 'info'), d(0, 'info', 'b.policy')];
    const out = capDiagnostics(list, 3);
    expect(out.slice(0, 3).map((x) => x.range.start)).toEqual([10, 20, 30]);
    expect(out[3]).toEqual({ code: 'P1091', severity: 'error', range: { start: 40, end: 41 }, args: { count: '3', max: '3' } });
  });

  it('is as severe as the most severe left out, and sits in the imported file when that is where the list stops', () => {
    const out = capDiagnostics([d(1), d(2), d(9, 'info', 'b.policy'), d(3, 'warning', 'a.policy')], 2);
    expect(out.map((x) => x.code)).toEqual(['P1003', 'P1003', 'P1091']);
    expect(out[2]).toMatchObject({ severity: 'warning', file: 'a.policy', range: { start: 3 }, args: { count: '2' } });
  });
});
