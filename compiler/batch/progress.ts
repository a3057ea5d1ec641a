// Progress of a batch: a bar with rate and ETA redrawn in place on a
// terminal, a plain line every few seconds when the output is piped, nothing
// when quiet. Text comes from the message table.
import { message, type Lang } from '../messages.ts';

export interface ProgressSink {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export type ProgressMode = 'bar' | 'lines' | 'quiet';

export interface ProgressOptions {
  mode: ProgressMode;
  sink: ProgressSink;
  lang: Lang;
  /** Milliseconds between plain lines (piped). */
  lineInterval?: number;
  /** Milliseconds between redraws of the bar. */
  barInterval?: number;
  now?: () => number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

const group = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export class Progress {
  private start: number;
  private last = -Infinity;
  private drawn = false;
  private readonly now: () => number;

  constructor(
    private opts: ProgressOptions,
    /** Rows already done before this run (a resumed run). */
    private baseRows = 0,
    private baseDone = 0,
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** `done`/`total` are in the unit progress is measured in (bytes or rows); `rows` is rows written. */
  update(rows: number, done: number, total: number | undefined, force = false): void {
    if (this.opts.mode === 'quiet') return;
    const t = this.now();
    const interval = this.opts.mode === 'bar' ? (this.opts.barInterval ?? 100) : (this.opts.lineInterval ?? 5000);
    if (!force && t - this.last < interval) return;
    this.last = t;
    const secs = Math.max((t - this.start) / 1000, 1e-3);
    const rate = (rows - this.baseRows) / secs;
    const frac = total ? Math.min(1, done / total) : undefined;
    const doneRate = (done - this.baseDone) / secs;
    const eta = total && doneRate > 0 ? (total - done) / doneRate : NaN;
    const text =
      frac === undefined
        ? message('batch.progressNoTotal', this.opts.lang, { rows: group(rows), rate: group(rate) })
        : message('batch.progress', this.opts.lang, { rows: group(rows), pct: `${(frac * 100).toFixed(1)}%`, rate: group(rate), eta: formatDuration(eta) });
    if (this.opts.mode === 'lines') {
      this.opts.sink.write(text + '\n');
      return;
    }
    const width = 24;
    const filled = frac === undefined ? 0 : Math.round(frac * width);
    const bar = frac === undefined ? '' : `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] `;
    this.opts.sink.write(`\r\x1b[2K${bar}${text}`);
    this.drawn = true;
  }

  /** A phase before the rows are decided (reading ids and the ledger): its share of the input done. */
  phase(id: 'batch.joinProgress', done: number, total: number | undefined): void {
    if (this.opts.mode === 'quiet') return;
    const t = this.now();
    if (t - this.last < (this.opts.mode === 'bar' ? (this.opts.barInterval ?? 100) : (this.opts.lineInterval ?? 5000))) return;
    this.last = t;
    const pct = total ? `${Math.min(100, (done / total) * 100).toFixed(1)}%` : group(done);
    const text = message(id, this.opts.lang, { pct });
    if (this.opts.mode === 'lines') this.opts.sink.write(text + '\n');
    else {
      this.opts.sink.write(`\r\x1b[2K${text}`);
      this.drawn = true;
    }
  }

  /** Starts the clock of the rate and ETA again (after a phase). */
  restart(): void {
    this.start = this.now();
  }

  /** Ends the bar's line so later output starts on a fresh line. */
  finish(): void {
    if (this.drawn) this.opts.sink.write('\n');
    this.drawn = false;
  }
}
