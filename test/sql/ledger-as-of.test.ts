// A ledger row dated after the as-of date (`--date`) is bad data: `policy eval` refuses it (P3015, docs §8.5), and so
// does `policy batch` — the subject is rejected with P3015 naming the ledger row, never decided as if the payment had
// not been made (which paid it again). The JS engine, `--engine duckdb` and (with SPARK_RUNS set) Spark's SQL agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '../../compiler/index.ts';
import { runBatch } from '../../compiler/batch/run.ts';
import { runDuckDB, runSparkMany, sparkSqlCommand } from '../../compiler/sql/run.ts';

const H = '政策 { 标题：“T”；文号：“测试〔2026〕2号”；施行日期：2021年1月1日；有效期：20年； } 资金 人才资金 “人才资金”；';
const POLICY = `${H} 对象 企业 “企业” { 名称：文字 “名称”；认定：是否 “认定”； } 待遇 补 “补” { 条款：“一”；对象：企业；资金：人才资金；发放：一次性；条件：认定；金额：1000元； }`;
const AS_OF = '2025-06-01';

interface Case {
  name: string;
  /** Ledger rows: id, date. */
  ledger: [string, string][];
  /** Per subject id: the reject code, or the status decided. */
  want: Record<string, string>;
}
const CASES: Case[] = [
  { name: 'after the as-of date', ledger: [['x', '2025-07-01']], want: { x: 'P3015', y: 'eligible' } },
  { name: 'the day after', ledger: [['x', '2025-06-02']], want: { x: 'P3015', y: 'eligible' } },
  { name: 'on the as-of date', ledger: [['x', '2025-06-01']], want: { x: 'ineligible', y: 'eligible' } },
  { name: 'before it', ledger: [['x', '2024-01-01']], want: { x: 'ineligible', y: 'eligible' } },
  { name: 'one good and one future row', ledger: [['x', '2024-01-01'], ['x', '2026-01-01']], want: { x: 'P3015', y: 'eligible' } },
  { name: 'future rows of two subjects', ledger: [['y', '2030-12-31'], ['x', '2025-06-01']], want: { x: 'ineligible', y: 'P3015' } },
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-ledger-asof-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const model = compile(POLICY).model;

function files(c: Case, i: number) {
  const subjects = join(dir, `s${i}.csv`);
  const ledger = join(dir, `l${i}.csv`);
  writeFileSync(subjects, 'id,名称,认定\nx,A,是\ny,B,是\n');
  writeFileSync(ledger, 'id,benefit,date,amount\n' + c.ledger.map(([id, d]) => `${id},补,${d},1000\n`).join(''));
  return { subjects, ledger };
}

/** Per id: the first reject code, or the status of its one benefit. */
function outcome(results: string, rejects: string): Record<string, string> {
  const got: Record<string, string> = {};
  for (const l of results.trimEnd().split('\n').slice(1)) {
    const [, id, , , status] = l.split(',');
    got[id!] = status!;
  }
  for (const l of rejects.split('\n').filter(Boolean)) {
    const r = JSON.parse(l) as { id: string; errors?: { code: string }[]; code?: string };
    got[r.id] = r.errors?.[0]?.code ?? r.code!;
  }
  return got;
}

describe('policy batch: a ledger row after the as-of date is refused (P3015)', () => {
  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s: JS and DuckDB agree', { timeout: 120_000 }, async (_n, c, i) => {
    const { subjects, ledger } = files(c, i);
    const js = join(dir, `js${i}.csv`);
    const sql = join(dir, `sql${i}.csv`);
    await runBatch({ policyText: POLICY, subjects, ledger, out: js, asOf: AS_OF, subject: '企业', jobs: 1 });
    await runDuckDB(model, { engine: 'duckdb', input: subjects, ledger, out: sql, asOf: AS_OF, subject: '企业' });
    const jsRejects = readFileSync(js.replace(/\.csv$/, '.rejects.jsonl'), 'utf8');
    expect(outcome(readFileSync(js, 'utf8'), jsRejects)).toEqual(c.want);
    for (const f of ['.csv', '.rejects.jsonl', '.summary.json']) expect(readFileSync(sql.replace(/\.csv$/, f), 'utf8'), f).toBe(readFileSync(js.replace(/\.csv$/, f), 'utf8'));
    // The reject names the ledger row and the dates.
    for (const [id, w] of Object.entries(c.want))
      if (w === 'P3015') {
        const row = c.ledger.findIndex(([lid, d]) => lid === id && d > AS_OF) + 1;
        expect(jsRejects).toContain(`ledger row ${row}.date`);
        expect(jsRejects).toContain(AS_OF);
      }
  });

  const runs = Number(process.env['SPARK_RUNS'] ?? 0);
  it.skipIf(!runs || !sparkSqlCommand())('Spark SQL rejects the same subjects', { timeout: 600_000 }, async () => {
    // One Spark session for every case (starting Spark costs a minute).
    const outs = CASES.map((c, i) => ({ ...files(c, i), out: join(dir, `spark${i}`) }));
    await runSparkMany(outs.map((f) => ({ model, o: { engine: 'spark' as const, input: f.subjects, ledger: f.ledger, out: f.out, asOf: AS_OF, subject: '企业' }, columns: ['id', '名称', '认定'], ledgerColumns: ['id', 'benefit', 'date', 'amount'] })));
    for (const [i, c] of CASES.entries()) {
      const out = outs[i]!.out;
      const results = readdirSync(out).filter((f) => f.endsWith('.csv')).map((f) => readFileSync(join(out, f), 'utf8')).join('');
      const rejects = readdirSync(`${out}.rejects`).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(`${out}.rejects`, f), 'utf8')).join('');
      const got: Record<string, string> = {};
      for (const l of results.split('\n').filter((x) => x && !x.startsWith('id,'))) got[l.split(',')[0]!] = l.split(',')[3]!;
      for (const l of rejects.split('\n').filter(Boolean)) got[(JSON.parse(l) as { id: string }).id] = (JSON.parse(l) as { code: string }).code;
      expect(got, c.name).toEqual(c.want);
    }
  });
});
