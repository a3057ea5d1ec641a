// capDiagnostics (lsp/diagnostics.ts): what the server publishes of a document with more diagnostics than
// MAX_PUBLISHED — the most severe first, then the first by position (the document's own before an imported
// file's), then P1091 at the first one left out, counting them, as severe as the most severe of them.
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

  it('keeps errors first, then warnings, each by position, and counts the rest at the first one left out', () => {
    const list = [d(40), d(10, 'info'), d(30, 'warning'), d(20), d(50, 'info'), d(0, 'info', 'b.policy')];
    const out = capDiagnostics(list, 3);
    expect(out.slice(0, 3).map((x) => [x.range.start, x.severity])).toEqual([[20, 'error'], [40, 'error'], [30, 'warning']]);
    expect(out[3]).toEqual({ code: 'P1091', severity: 'info', range: { start: 10, end: 11 }, args: { count: '3', max: '3' } });
  });

  it('never hides an error behind warnings that come before it', () => {
    const warnings = Array.from({ length: 1100 }, (_, i) => d(i * 10, 'warning'));
    const out = capDiagnostics([...warnings, d(99_999)], 1000);
    expect(out[0]).toMatchObject({ severity: 'error', range: { start: 99_999 } });
    expect(out.filter((x) => x.severity === 'error')).toHaveLength(1);
    expect(out.at(-1)).toMatchObject({ code: 'P1091', severity: 'warning', args: { count: '101' } });
  });

  it('is as severe as the most severe left out, and sits in the imported file when that is where the list stops', () => {
    const out = capDiagnostics([d(1), d(2), d(9, 'info', 'b.policy'), d(3, 'warning', 'a.policy')], 2);
    expect(out.map((x) => x.code)).toEqual(['P1003', 'P1003', 'P1091']);
    expect(out[2]).toMatchObject({ severity: 'warning', file: 'a.policy', range: { start: 3 }, args: { count: '2' } });
  });
});
