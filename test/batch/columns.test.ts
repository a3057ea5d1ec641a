// The columns of a batch result a developer reads the parts of an amount and the choices from (README, "policy batch"):
// `parts` lists each fund's part of a grant shared by funds (分担), adding up to the amount; `choice` and `alternatives`
// mark the benefits of a 自行选择 group the applicant chooses between — the one a total counts and the others. CSV,
// JSON Lines and Parquet carry the same values.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBatch, OUT_COLUMNS } from '../../compiler/batch/index.ts';
import { openDuckDB } from '../../compiler/sql/duckdb.ts';
import { ROOT } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'policy-batch-columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => readFileSync(join(ROOT, 'test/emit/fixtures', name), 'utf8');

/** Parses the CSV the batch writes (no field of these fixtures holds a comma or a quote). */
const table = (text: string) => {
  const [head, ...lines] = text.trimEnd().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
};

describe('policy batch: the parts of an amount and the alternatives of a choice', () => {
  it('has the documented columns, in order', () => {
    expect([...OUT_COLUMNS]).toEqual(['row', 'id', 'subject', 'benefit', 'status', 'amount', 'fund', 'clause', 'reason', 'missing', 'parts', 'choice', 'alternatives', 'composition', 'outcome', 'instalments', 'bands']);
  });

  it('writes each fund’s part of a shared grant (分担), adding up to the amount', async () => {
    const subjects = join(dir, 'split.csv');
    writeFileSync(subjects, 'id,申请对象,项目编号,核定投资,新增就业人数\nA,企业,A-1,1000000,\nB,企业,A-3,1000000.10,10\nC,企业,A-4,,\n');
    await runBatch({ policyText: fixture('split.policy'), subjects, out: join(dir, 'split-out.csv'), asOf: '2025-06-01', jobs: 1, lang: 'en' });
    const rows = table(readFileSync(join(dir, 'split-out.csv'), 'utf8'));
    const a = rows.find((r) => r['id'] === 'A' && r['amount'] === '100000.00')!;
    expect(a['parts']).toBe('市级资金=60000.00;区级资金=40000.00');
    const b = rows.find((r) => r['id'] === 'B' && r['amount'] === '100000.01')!;
    expect(b['parts']).toBe('市级资金=60000.01;区级资金=40000.00');
    // Every eligible row of a shared grant: the parts add up to the amount, to the fen.
    const shared = rows.filter((r) => r['parts']);
    expect(shared.length).toBeGreaterThanOrEqual(3);
    for (const r of shared) {
      const fen = r['parts']!.split(';').reduce((n, p) => n + BigInt(p.split('=')[1]!.replace('.', '')), 0n);
      expect(fen, r['benefit']).toBe(BigInt(r['amount']!.replace('.', '')));
    }
    // Not eligible: no parts.
    for (const r of rows.filter((x) => x['status'] !== 'eligible')) expect(r['parts']).toBe('');
  });

  it('marks the alternatives of 自行选择 in CSV, JSON Lines and Parquet alike', async () => {
    const subjects = join(dir, 'choice.csv');
    writeFileSync(subjects, 'id,申请对象,项目编号,设备投资,贷款金额,首次认定\nboth,企业,A-2,2000000,5000000,否\none,企业,A-1,2000000,0,否\n');
    const text = fixture('choice.policy');
    for (const ext of ['csv', 'jsonl', 'parquet']) await runBatch({ policyText: text, subjects, out: join(dir, `choice-out.${ext}`), asOf: '2025-06-01', jobs: 1, lang: 'en' });
    const rows = table(readFileSync(join(dir, 'choice-out.csv'), 'utf8'));
    const both = rows.filter((r) => r['id'] === 'both' && r['status'] === 'eligible');
    expect(both.map((r) => r['benefit'])).toEqual(['设备补助', '贷款贴息']);
    // 设备补助 200000 > 贷款贴息 150000: the total counts 设备补助, 贷款贴息 is the alternative.
    expect(both.map((r) => [r['choice'], r['alternatives']])).toEqual([
      ['counted', '贷款贴息'],
      ['alternative', '设备补助'],
    ]);
    for (const r of rows.filter((x) => x['id'] === 'one')) expect([r['choice'], r['alternatives']]).toEqual(['', '']);
    const jsonl = readFileSync(join(dir, 'choice-out.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(jsonl.filter((r) => r['id'] === 'both' && r['status'] === 'eligible').map((r) => [r['alternatives'], r['alternative'] ?? false])).toEqual([
      [['贷款贴息'], false],
      [['设备补助'], true],
    ]);
    const db = await openDuckDB();
    try {
      const pq = await db.all(`SELECT benefit, choice, alternatives FROM read_parquet('${join(dir, 'choice-out.parquet')}') WHERE id = 'both' AND status = 'eligible' ORDER BY choice = 'alternative'`);
      expect(pq.map((r) => [r['choice'], r['alternatives']])).toEqual([
        ['counted', '贷款贴息'],
        ['alternative', '设备补助'],
      ]);
    } finally {
      db.close();
    }
  });

  it('writes each part of an amount by kind (其中), adding up to the amount, and leaves vouchers out of the grand total', async () => {
    const subjects = join(dir, 'composition.csv');
    writeFileSync(subjects, 'id,申请对象,层次,研发投入\nA,人才,一等,100000.50\nB,人才,三等,50000\n');
    const text = fixture('composition.policy');
    for (const ext of ['csv', 'jsonl', 'parquet']) await runBatch({ policyText: text, subjects, out: join(dir, `composition-out.${ext}`), asOf: '2025-06-01', jobs: 1, lang: 'en' });
    const rows = table(readFileSync(join(dir, 'composition-out.csv'), 'utf8'));
    expect(rows.map((r) => [r['id'], r['benefit'], r['amount'], r['composition']])).toEqual([
      ['A', '安居激励', '380000.00', 'voucher=280000.00;cash=100000.00'],
      ['A', '研发激励', '10000.05', 'voucher=6000.03;cash=4000.02'],
      ['A', '团队奖励', '', ''],
      ['B', '安居激励', '100000.00', 'voucher=100000.00;cash=0.00'],
      ['B', '研发激励', '', ''],
      ['B', '团队奖励', '', ''],
    ]);
    const jsonl = readFileSync(join(dir, 'composition-out.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(jsonl[0]!['composition']).toEqual([{ kind: 'voucher', amount: '280000.00' }, { kind: 'cash', amount: '100000.00' }]);
    const db = await openDuckDB();
    try {
      const pq = await db.all(`SELECT composition FROM read_parquet('${join(dir, 'composition-out.parquet')}') WHERE id = 'A' ORDER BY benefit = '研发激励' DESC`);
      expect(pq[0]!['composition']).toBe('voucher=6000.03;cash=4000.02');
    } finally {
      db.close();
    }
    // The grand total is cash: 100000.00 + 4000.02 (A) + 0.00 (B).
    const summary = JSON.parse(readFileSync(join(dir, 'composition-out.summary.json'), 'utf8')) as { total: string };
    expect(summary.total).toBe('104000.02');
  });
});
