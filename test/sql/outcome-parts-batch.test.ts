// 授予 / 视同, 分期 and 分段累进 in `policy batch`: the `outcome` column (what an eligible benefit grants, its Chinese text)
// with the summary's counts per outcome, the `instalments` column (the grant's total, paid towards it, due by now, each
// instalment) and the `bands` column (each band reached, its part × value) come from the query's columns in
// `--engine duckdb` and from the reference's decision in the JS engine, and the files are equal byte for byte — the same
// random subjects and ledgers (with malformed cells and bad ledger rows) run through both. duckdb-differential.test.ts
// holds the query's columns to the reference evaluator row by row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../../compiler/batch/run.ts';
import { runDuckDB } from '../../compiler/sql/run.ts';
import { summaryText, type BatchSummary } from '../../compiler/batch/summary.ts';
import { renderReport } from '../../compiler/batch/report.ts';
import { compiled, FIXTURES } from '../emit/helpers.ts';
import { csvText, exampleCases, randomCases, rawLedger, rawSubjects } from './harness.ts';

const AS_OF = '2025-09-01';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-sql-outcome-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy batch: the outcome, instalments and bands columns, both engines', () => {
  it.each(['grant-by-case', 'zoo', 'bands', 'across'])('%s: writes the columns the JS engine writes, byte for byte', { timeout: 300_000 }, async (name) => {
    const path = join(FIXTURES, `${name}.policy`);
    const { model } = compiled(path);
    const cases = [...randomCases(model, 400, 3), ...exampleCases(model)];
    const raw = rawSubjects(model, cases, 5);
    const led = rawLedger(model, cases, 9);
    const subjects = join(dir, `${name}.csv`);
    const ledger = join(dir, `${name}.ledger.csv`);
    writeFileSync(subjects, csvText(raw.header, raw.rows));
    writeFileSync(ledger, csvText(led.header, led.rows));
    for (const ext of ['csv', 'jsonl']) {
      await runDuckDB(model, { engine: 'duckdb', input: subjects, ledger, out: join(dir, `${name}-sql.${ext}`), asOf: AS_OF });
      await runBatch({ policyText: readFileSync(path, 'utf8'), subjects, ledger, out: join(dir, `${name}-js.${ext}`), asOf: AS_OF, jobs: 1 });
      for (const f of [`.${ext}`, '.rejects.jsonl', '.summary.json']) expect(readFileSync(join(dir, `${name}-sql${f}`), 'utf8'), f).toBe(readFileSync(join(dir, `${name}-js${f}`), 'utf8'));
    }
    // The comparison covers outcomes granted: every benefit that grants one grants it to someone.
    const rows = readFileSync(join(dir, `${name}-js.jsonl`), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { benefit: string; status: string; outcome?: string; instalments?: unknown; bands?: unknown });
    for (const b of model.benefits.filter((x) => x.outcome)) expect(rows.some((r) => r.benefit === b.id && r.outcome), b.id).toBe(true);
    for (const b of model.benefits.filter((x) => x.instalments && !x.instalments.notStated)) expect(rows.some((r) => r.benefit === b.id && r.instalments), `${b.id} instalments`).toBe(true);
    for (const b of model.benefits.filter((x) => x.bands)) expect(rows.some((r) => r.benefit === b.id && r.bands), `${b.id} bands`).toBe(true);
    // Only an eligible decision has an outcome, instalments or bands.
    for (const r of rows) if (r.status !== 'eligible') expect([r.outcome, r.instalments, r.bands], `${r.benefit} ${r.status}`).toEqual([undefined, undefined, undefined]);
  });

  it('writes what each case grants and counts each outcome in the summary', async () => {
    const path = join(FIXTURES, 'grant-by-case.policy');
    const subjects = join(dir, 'cases.csv');
    writeFileSync(subjects, 'id,申请对象,合同金额,星级商户,评级,3A级\nA,商户,800000,是,优秀（五星）,是\nB,商户,2000000,否,良好（四星）,是\nC,商户,790000,否,合格（三星及以下）,是\nD,商户,2500000,是,优秀（五星）,否\n');
    const text = readFileSync(path, 'utf8');
    await runBatch({ policyText: text, subjects, out: join(dir, 'cases.csv.out.csv'), asOf: AS_OF, jobs: 1, lang: 'en' });
    const [head, ...lines] = readFileSync(join(dir, 'cases.csv.out.csv'), 'utf8').trimEnd().split('\n');
    const cols = head!.split(',');
    const at = (l: string, c: string) => l.split(',')[cols.indexOf(c)];
    expect(cols).toContain('outcome');
    expect(lines.map((l) => [at(l, 'id'), at(l, 'benefit'), at(l, 'status'), at(l, 'outcome')])).toEqual([
      ['A', '抽券号码', 'eligible', '1个'],
      ['A', '商户称号', 'eligible', '星级商户'],
      ['A', '评估认定', 'eligible', '示范商户'],
      ['B', '抽券号码', 'eligible', '2个'],
      ['B', '商户称号', 'eligible', '合格商户'],
      ['B', '评估认定', 'eligible', '优质商户'],
      ['C', '抽券号码', 'ineligible', ''],
      ['C', '商户称号', 'eligible', '合格商户'],
      ['C', '评估认定', 'ineligible', ''],
      ['D', '抽券号码', 'eligible', '2个'],
      ['D', '商户称号', 'eligible', '星级商户'],
      ['D', '评估认定', 'ineligible', ''],
    ]);
    const summaryJson = readFileSync(join(dir, 'cases.csv.out.summary.json'), 'utf8');
    const summary = JSON.parse(summaryJson) as { benefits: { id: string; outcomes?: { outcome: string; count: number }[] }[] };
    // The printed summary and the HTML report show the same counts.
    const printed = summaryText(JSON.parse(summaryJson) as BatchSummary, 'zh');
    expect(printed).toContain('按授予结果');
    expect(printed).toMatch(/Lottery numbers\s+2个\s+2\n/);
    const html = renderReport(JSON.parse(summaryJson) as BatchSummary, 'en');
    expect(html).toContain('<section id="table-outcomes"><h2>By outcome granted</h2>');
    expect(html).toMatch(/<td>示范商户<\/td><td[^>]*>1<\/td>/);
    expect(Object.fromEntries(summary.benefits.map((b) => [b.id, b.outcomes]))).toEqual({
      抽券号码: [
        { outcome: '2个', count: 2 },
        { outcome: '1个', count: 1 },
      ],
      商户称号: [
        { outcome: '合格商户', count: 2 },
        { outcome: '星级商户', count: 2 },
      ],
      评估认定: [
        { outcome: '优质商户', count: 1 },
        { outcome: '示范商户', count: 1 },
      ],
    });
  });

  it('writes the instalments of a staged grant: total, paid towards it, due by now, each instalment', async () => {
    const subjects = join(dir, 'staged.csv');
    const ledger = join(dir, 'staged.ledger.csv');
    // G-1 approved 500000: 60% on signing (300000, paid 2024-06-01), the rest on acceptance (200000, now due).
    writeFileSync(subjects, 'id,申请对象,项目编号,核定金额,签订任务书,通过验收,通过中期评估\nA,企业,G-1,500000,是,是,\nB,企业,G-2,2000000,是,否,否\n');
    writeFileSync(ledger, 'id,待遇,日期,金额,key.项目编号\nA,两期拨付,2024-06-01,300000,G-1\n');
    const text = readFileSync(join(FIXTURES, 'across.policy'), 'utf8');
    for (const engine of ['js', 'duckdb'] as const) {
      const out = join(dir, `staged-${engine}.csv`);
      if (engine === 'js') await runBatch({ policyText: text, subjects, ledger, out, asOf: '2025-06-01', jobs: 1 });
      else await runDuckDB(compiled(join(FIXTURES, 'across.policy')).model, { engine: 'duckdb', input: subjects, ledger, out, asOf: '2025-06-01' });
      const [head, ...lines] = readFileSync(out, 'utf8').trimEnd().split('\n');
      const cols = head!.split(',');
      const at = (l: string, c: string) => l.split(',')[cols.indexOf(c)];
      expect(lines.filter((l) => at(l, 'benefit') === '两期拨付').map((l) => [at(l, 'id'), at(l, 'amount'), at(l, 'instalments')]), engine).toEqual([
        ['A', '200000.00', 'total=500000.00;paid=300000.00;due=500000.00;1=300000.00;2=200000.00'],
        // G-2 approved 2000000, cut to 最高 1000000: 60% (600000) due on signing, nothing paid yet.
        ['B', '600000.00', 'total=1000000.00;paid=0.00;due=600000.00;1=600000.00;2=400000.00'],
      ]);
    }
  });

  it('writes each band reached with its part × value (分段累进)', async () => {
    const subjects = join(dir, 'bands-hand.csv');
    // 1亿元 → 1.6亿元 + 100元: 6000万元 × 1% = 600000.00 in the first band, 100元 × 1.2% = 1.20 above it.
    writeFileSync(subjects, 'id,申请对象,上年产值,本年产值\nA,企业,100000000,160000100\n');
    const text = readFileSync(join(FIXTURES, 'bands.policy'), 'utf8');
    await runBatch({ policyText: text, subjects, out: join(dir, 'bands-hand.jsonl'), asOf: '2021-07-01', jobs: 1 });
    const first = JSON.parse(readFileSync(join(dir, 'bands-hand.jsonl'), 'utf8').split('\n')[0]!) as { benefit: string; amount: string; bands: unknown };
    expect([first.benefit, first.amount, first.bands]).toEqual(['跨越奖励', '600001.20', [{ band: 1, amount: '600000.00' }, { band: 2, amount: '1.20' }]]);
  });
});
