// `policy batch` spawned as a user runs it: the summary, the files, plain
// progress lines when piped and nothing with --quiet, refusal of misunderstood
// input, and Ctrl-C (SIGINT) followed by --resume giving exactly the files of
// an uninterrupted run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOfficeFiles, ID_COLUMN } from '../../bench/office.ts';
import { AS_OF, PARAMS } from '../../bench/population.ts';
import { runBatch } from '../../compiler/batch/run.ts';
import { ROOT, XIAOSHAN } from '../helpers.ts';

const BIN = join(ROOT, 'compiler/bin.js');
// A folder of its own: batch.test.ts empties test/batch/out when it starts, which may be while this file runs.
const DIR = mkdtempSync(join(tmpdir(), 'policy-batch-cli-'));
const N = 1200;
const common = (out: string) => [
  'batch',
  XIAOSHAN,
  '--subjects',
  join(DIR, 's.csv'),
  '--ledger',
  join(DIR, 'l.csv'),
  '--id',
  ID_COLUMN,
  '--date',
  AS_OF,
  '--params',
  JSON.stringify(PARAMS),
  '--out',
  join(DIR, out),
];
const run = (...args: string[]) => spawnSync('node', [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, LANG: 'C' }, timeout: 240_000 });

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  await writeOfficeFiles(N, join(DIR, 's.csv'), join(DIR, 'l.csv'), 0.02);
}, 60_000);
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('policy batch (CLI)', () => {
  it('runs, prints the summary, and writes results, rejects and summary files', () => {
    const r = run(...common('r.csv'), '--lang', 'en', '--jobs', '2', '--report', join(DIR, 'r.html'));
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(DIR, 'r.summary.json'), 'utf8'));
    expect(r.stdout).toContain(`${N} input rows = ${summary.evaluated} evaluated + ${summary.rejected} rejected`);
    expect(summary.evaluated + summary.rejected).toBe(N);
    expect(r.stdout).toContain('By benefit');
    // Piped: plain progress lines, no carriage returns.
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).toMatch(/rows \(100\.0%\), [\d,]+ rows\/s, ETA 0:00/);
    expect(existsSync(join(DIR, 'r.html'))).toBe(true);
    expect(existsSync(join(DIR, 'r.checkpoint.json'))).toBe(false);
  }, 180_000);

  it.skipIf(!existsSync('/usr/bin/script'))('draws a progress bar in place on a terminal (a real pty via script(1))', () => {
    const cmd = ['node', BIN, ...common('tty.csv'), '--lang', 'en', '--jobs', '1'].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, LANG: 'C' } });
    expect(r.status).toBe(0);
    // On a terminal the bar is redrawn in place: carriage return, erase line, then the bar with rate and ETA.
    expect(r.stdout).toMatch(/\r\x1b\[2K\[[█░]{24}\] [\d,]+ rows \([\d.]+%\), [\d,]+ rows\/s, ETA \d+:\d\d/);
    expect(r.stdout).toContain('By benefit');
  }, 180_000);

  it('refuses an --id or --subject-column that no JSON Lines row has (exit 2, the rows kept in the rejects file)', () => {
    const rows = ['{"编号":"1","申请对象":"个人","已登记失业":true}', '{"编号":"2","申请对象":"个人","已登记失业":false}'];
    const file = join(DIR, 'few.jsonl');
    writeFileSync(file, rows.join('\n') + '\n');
    const policy = join(ROOT, 'test/compiler/cases/effective-not-stated.policy');
    const base = ['batch', policy, '--subjects', file, '--date', '2025-06-01', '--lang', 'en'];
    const typo = run(...base, '--id', 'NOPE', '--out', join(DIR, 'few-typo.csv'));
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('no row has the id "NOPE" named by --id: all 2 rows were rejected');
    expect(readFileSync(join(DIR, 'few-typo.rejects.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    const col = run(...base, '--subject-column', '类型', '--out', join(DIR, 'few-col.csv'));
    expect(col.status).toBe(2);
    expect(col.stderr).toContain('no row has the column "类型" named by --subject-column');
    const right = run(...base, '--id', '编号', '--out', join(DIR, 'few.csv'));
    expect(right.status).toBe(0);
    expect(readFileSync(join(DIR, 'few.csv'), 'utf8')).toContain('1,1,个人,甲,eligible,100.00');
  }, 180_000);

  it('--quiet prints nothing; --json prints the summary as JSON', () => {
    const r = run(...common('q.csv'), '--quiet', '--json', '--jobs', '1');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).rows).toBe(N);
  }, 180_000);

  it.each([
    [['--jobs', 'zero'], /--jobs/],
    [['--id', '纳税人识别号'], /纳税人识别号/],
    [['--subject', '企业'], /column "院校在我区" is not a fact of 企业/],
    [['--date', '2026-02-30'], /P3006/],
    [['--out', join(DIR, 'bad.xlsx')], /unknown format/],
  ])('refuses %j with a message and status 2', (extra, pattern) => {
    // The given option replaces the default one (an option twice is itself refused).
    const args = common('bad.csv');
    const at = args.indexOf(extra[0]!);
    if (at >= 0) args.splice(at, 2);
    const r = run(...args, '--lang', 'en', ...extra);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toContain('internal error');
  }, 120_000);

  it('Ctrl-C leaves complete files up to the checkpoint, and --resume finishes them exactly', async () => {
    // Big enough that the run is still going when the signal comes (chunks are 2,000 rows).
    const rows = 20_000;
    await writeOfficeFiles(rows, join(DIR, 'big.csv'), join(DIR, 'big-ledger.csv'), 0.02);
    const args = ['batch', XIAOSHAN, '--subjects', join(DIR, 'big.csv'), '--ledger', join(DIR, 'big-ledger.csv'), '--id', ID_COLUMN, '--date', AS_OF, '--params', JSON.stringify(PARAMS), '--out', join(DIR, 'part.csv'), '--jobs', '1', '--lang', 'en'];
    const child = spawn('node', [BIN, ...args], { cwd: ROOT, env: { ...process.env, LANG: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Listen before anything can happen: a child that ends early must not leave the test waiting.
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    let ended = false;
    void exited.then(() => (ended = true));
    const checkpoint = join(DIR, 'part.checkpoint.json');
    for (let i = 0; i < 1200 && !ended; i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        if (JSON.parse(readFileSync(checkpoint, 'utf8')).position.row > 0) break;
      } catch {
        // not written yet
      }
    }
    if (!ended) child.kill('SIGINT');
    const code = await exited;
    // The uninterrupted run to compare with, through the library (the same engine the command runs).
    const whole = await runBatch({
      policyText: readFileSync(XIAOSHAN, 'utf8'),
      subjects: join(DIR, 'big.csv'),
      ledger: join(DIR, 'big-ledger.csv'),
      id: ID_COLUMN,
      asOf: AS_OF,
      params: { ...PARAMS },
      lang: 'en',
      out: join(DIR, 'whole.csv'),
    });
    if (code !== 0) {
      expect(code).toBe(130);
      expect(stderr).toMatch(/interrupted: results are complete up to row \d+; continue with --resume/);
      const row = Number(/up to row (\d+)/.exec(stderr)![1]);
      expect(row).toBeLessThan(rows);
      const lines = readFileSync(join(DIR, 'part.csv'), 'utf8').trim().split('\n').slice(1);
      expect(lines.every((l) => Number(l.split(',')[0]) <= row)).toBe(true);
      // Without --resume the unfinished run is not silently overwritten.
      const again = run(...args);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('--resume');
      const resumed = run(...args, '--resume');
      expect(resumed.stderr).not.toContain('internal error');
      expect(resumed.status).toBe(0);
    } else console.warn('the run ended before the signal: only its files are compared');
    expect(readFileSync(join(DIR, 'part.csv'), 'utf8')).toBe(readFileSync(whole.files.results, 'utf8'));
    expect(readFileSync(join(DIR, 'part.rejects.jsonl'), 'utf8')).toBe(readFileSync(whole.files.rejects, 'utf8'));
    expect(JSON.parse(readFileSync(join(DIR, 'part.summary.json'), 'utf8'))).toEqual(whole.summary);
  }, 600_000);
});
