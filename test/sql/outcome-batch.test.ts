// 授予 / 视同 in `policy batch`: the `outcome` column (what an eligible benefit grants, its Chinese text) and the summary's
// counts per outcome come from the query's outcome column in `--engine duckdb` and from the reference's decision in the JS
// engine, and the files are equal byte for byte — the same random subjects (with malformed cells) run through both.
// duckdb-differential.test.ts holds the query's outcome column to the reference evaluator row by row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../../compiler/batch/run.ts';
import { runDuckDB } from '../../compiler/sql/run.ts';
import { compiled, FIXTURES } from '../emit/helpers.ts';
import { csvText, exampleCases, randomCases, rawSubjects } from './harness.ts';

const AS_OF = '2025-09-01';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-sql-outcome-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy batch: the outcome column, both engines', () => {
  it.each(['grant-by-case', 'zoo'])('%s: writes the outcomes the JS engine writes, byte for byte', { timeout: 300_000 }, async (name) => {
    const path = join(FIXTURES, `${name}.policy`);
    const { model } = compiled(path);
    const cases = [...randomCases(model, 400, 3), ...exampleCases(model)];
    const raw = rawSubjects(model, cases, 5);
    const subjects = join(dir, `${name}.csv`);
    writeFileSync(subjects, csvText(raw.header, raw.rows));
    for (const ext of ['csv', 'jsonl']) {
      await runDuckDB(model, { engine: 'duckdb', input: subjects, out: join(dir, `${name}-sql.${ext}`), asOf: AS_OF });
      await runBatch({ policyText: readFileSync(path, 'utf8'), subjects, out: join(dir, `${name}-js.${ext}`), asOf: AS_OF, jobs: 1 });
      for (const f of [`.${ext}`, '.rejects.jsonl', '.summary.json']) expect(readFileSync(join(dir, `${name}-sql${f}`), 'utf8'), f).toBe(readFileSync(join(dir, `${name}-js${f}`), 'utf8'));
    }
    // The comparison covers outcomes granted: every benefit that grants one grants it to someone.
    const rows = readFileSync(join(dir, `${name}-js.jsonl`), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { benefit: string; status: string; outcome?: string });
    for (const b of model.benefits.filter((x) => x.outcome)) expect(rows.some((r) => r.benefit === b.id && r.outcome), b.id).toBe(true);
    // Only an eligible decision has an outcome.
    for (const r of rows) if (r.status !== 'eligible') expect(r.outcome, `${r.benefit} ${r.status}`).toBeUndefined();
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
    expect(cols.at(-1)).toBe('outcome');
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
    const summary = JSON.parse(readFileSync(join(dir, 'cases.csv.out.summary.json'), 'utf8')) as { benefits: { id: string; outcomes?: { outcome: string; count: number }[] }[] };
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
});
