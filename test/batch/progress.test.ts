// Progress output: a bar redrawn in place (terminal), plain lines at an
// interval (piped), nothing (quiet); rate and ETA from a controlled clock.
import { describe, expect, it } from 'vitest';
import { Progress, formatDuration, type ProgressMode } from '../../compiler/batch/progress.ts';

function run(mode: ProgressMode, lang: 'zh' | 'en' = 'en') {
  let t = 0;
  const out: string[] = [];
  const p = new Progress({ mode, lang, sink: { write: (s: string) => out.push(s) }, now: () => t, lineInterval: 5000, barInterval: 100 });
  // 1,000 rows per second; progress measured in bytes, 100 bytes per row, 1,000,000 bytes in all.
  for (let s = 1; s <= 10; s++) {
    t = s * 1000;
    p.update(s * 1000, s * 100_000, 1_000_000);
  }
  p.update(10_000, 1_000_000, 1_000_000, true);
  p.finish();
  return out;
}

describe('Progress', () => {
  it('draws a bar in place with rate and ETA on a terminal', () => {
    const out = run('bar');
    expect(out.length).toBe(12);
    expect(out.slice(0, -1).every((s) => s.startsWith('\r\x1b[2K['))).toBe(true);
    expect(out[4]).toContain('5,000 rows (50.0%), 1,000 rows/s, ETA 0:05');
    expect(out[4]).toContain('█'.repeat(12) + '░'.repeat(12));
    expect(out.at(-1)).toBe('\n');
  });

  it('prints plain lines at the interval when piped, and the last one always', () => {
    const out = run('lines');
    expect(out.every((s) => !s.includes('\r') && s.endsWith('\n'))).toBe(true);
    // t = 1 s (first), 6 s (interval passed), then the forced final line.
    expect(out).toEqual(['1,000 rows (10.0%), 1,000 rows/s, ETA 0:09\n', '6,000 rows (60.0%), 1,000 rows/s, ETA 0:04\n', '10,000 rows (100.0%), 1,000 rows/s, ETA 0:00\n']);
  });

  it('prints nothing when quiet', () => {
    expect(run('quiet')).toEqual([]);
  });

  it('speaks Chinese from the same message table', () => {
    expect(run('lines', 'zh')[0]).toBe('1,000 行（10.0%），每秒 1,000 行，预计还需 0:09\n');
  });

  it('formats durations', () => {
    expect([formatDuration(0), formatDuration(59.6), formatDuration(61), formatDuration(3725), formatDuration(NaN)]).toEqual(['0:00', '1:00', '1:01', '1:02:05', '?']);
  });
});
