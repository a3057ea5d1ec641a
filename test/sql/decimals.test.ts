// A number with more than 6 decimal places for a fact that is not money (a percentage given as 0.3333333, a quantity) is
// refused naming the problem and the limit (P3534), not as "a quantity (a plain number) expected" (P3002) — in the
// reference's input check, the generated module's and both batch engines, which write the same files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, validateFacts } from '../../compiler/index.ts';
import { inputErrorText } from '../../compiler/facts.ts';
import { runBatch } from '../../compiler/batch/run.ts';
import { runDuckDB } from '../../compiler/sql/run.ts';

const H = '政策 { 标题：“T”；文号：“测试〔2026〕2号”；施行日期：2021年1月1日；有效期：20年； } 资金 人才资金 “人才资金”；';
const POLICY = `${H} 计量单位 平方米 “平方米” / “m²”； 对象 企业 “企业” { 增速：% “增速”；面积：平方米 “面积”；人数：人 “人数”； } 待遇 补 “补” { 条款：“一”；对象：企业；资金：人才资金；发放：一次性；条件：增速 达到 10%，面积 满 1平方米，人数 满 1人；金额：1000元； }`;
const { model } = compile(POLICY);

/** fact, cell, the code of the reject (undefined: accepted). */
const CASES: [string, string, string | undefined][] = [
  ['增速', '0.3333333', 'P3534'],
  ['增速', '0.333333', undefined],
  ['增速', '-0.1234567', 'P3534'],
  ['增速', '0.33a', 'P3002'],
  ['面积', '12.12345678', 'P3534'],
  ['面积', '12.123456', undefined],
  ['人数', '3.1234567', 'P3534'],
  ['人数', '3.5', 'P3008'],
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-decimals-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('more than 6 decimal places (P3534)', () => {
  it.each(CASES)('%s %s → %s (the reference)', (fact, cell, code) => {
    const facts = { 增速: '0.5', 面积: '10', 人数: 3, [fact]: cell };
    const r = validateFacts(model, '企业', facts);
    expect(r.ok ? undefined : r.errors[0]!.code).toBe(code);
    if (!r.ok && code === 'P3534') {
      expect(inputErrorText(r.errors[0]!, 'zh')).toContain('最多 6 位小数');
      expect(inputErrorText(r.errors[0]!, 'en')).toContain('too many decimal places: at most 6');
    }
  });

  it('the JS engine and DuckDB reject the same rows with the same codes', { timeout: 120_000 }, async () => {
    const rows = CASES.map(([fact, cell], i) => {
      const v: Record<string, string> = { 增速: '0.5', 面积: '10', 人数: '3', [fact]: cell };
      return `r${i},${v['增速']},${v['面积']},${v['人数']}`;
    });
    const subjects = join(dir, 's.csv');
    writeFileSync(subjects, `id,增速,面积,人数\n${rows.join('\n')}\n`);
    await runBatch({ policyText: POLICY, subjects, out: join(dir, 'js.csv'), asOf: '2025-06-01', subject: '企业', jobs: 1 });
    await runDuckDB(model, { engine: 'duckdb', input: subjects, out: join(dir, 'sql.csv'), asOf: '2025-06-01', subject: '企业' });
    for (const f of ['.csv', '.rejects.jsonl', '.summary.json']) expect(readFileSync(join(dir, `sql${f}`), 'utf8'), f).toBe(readFileSync(join(dir, `js${f}`), 'utf8'));
    const rejects = readFileSync(join(dir, 'js.rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; errors: { code: string }[] });
    expect(Object.fromEntries(rejects.map((r) => [r.id, r.errors[0]!.code]))).toEqual(Object.fromEntries(CASES.flatMap(([, , code], i) => (code ? [[`r${i}`, code]] : []))));
  });
});
