// Why a SQL engine's run stops, in words: every RunError of compiler/sql/run.ts is rendered from the message table
// in the user's language (never its id, as "duckdb 运行失败：sql.noInput path=…" once was). A JSON Lines file, which the
// JS engine reads, is refused by the SQL engines by name (engine and format) before anything is read.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';
import { sparkSqlCommand } from '../../compiler/sql/run.ts';

const BIN = join(ROOT, 'compiler/bin.js');
const dir = mkdtempSync(join(tmpdir(), 'policy-sql-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const H = '政策 { 标题：“T”；文号：“测试〔2026〕2号”；施行日期：2021年1月1日；有效期：20年； } 资金 人才资金 “人才资金”；';
const files: Record<string, string> = {
  'min.policy': `${H} 对象 企业 “企业” { 名称：文字 “名称”；认定：是否 “认定”； } 待遇 补 “补” { 条款：“一”；对象：企业；资金：人才资金；发放：一次性；条件：认定；金额：1000元； }`,
  's.csv': 'id,名称,认定\nx,A,是\n',
  's.jsonl': '{"id":"x","名称":"A","认定":true}\n',
  'l.jsonl': '{"id":"x","benefit":"补","date":"2025-01-01","amount":"1000"}\n',
  'l-short.csv': 'id,benefit\nx,补\n',
};
for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);

/** Arguments after `batch min.policy`, and what the message says in each language. */
const CASES: { name: string; args: string[]; zh: string; en: string; fileCheck?: true }[] = [
  { name: 'subjects in JSON Lines', args: ['--subjects', 's.jsonl', '--subject', '企业'], zh: '引擎只读 .csv 与 .parquet 文件，不能读 s.jsonl', en: 'engine reads .csv and .parquet files only, not s.jsonl', fileCheck: true },
  { name: 'a ledger in JSON Lines', args: ['--subjects', 's.csv', '--subject', '企业', '--ledger', 'l.jsonl'], zh: '不能读 l.jsonl', en: 'not l.jsonl', fileCheck: true },
  { name: 'no such subjects file', args: ['--subjects', 'absent.csv', '--subject', '企业'], zh: '找不到文件 absent.csv', en: 'no such file: absent.csv', fileCheck: true },
  { name: 'no such ledger file', args: ['--subjects', 's.csv', '--subject', '企业', '--ledger', 'absent.csv'], zh: '找不到文件 absent.csv', en: 'no such file: absent.csv', fileCheck: true },
  { name: 'a ledger without date and amount', args: ['--subjects', 's.csv', '--subject', '企业', '--ledger', 'l-short.csv'], zh: '台账文件缺少列：date, amount', en: 'the ledger file lacks the columns date, amount' },
  { name: 'no subject type column', args: ['--subjects', 's.csv'], zh: '没有申请对象类型列', en: 'no subject type column' },
];

describe('policy batch --engine duckdb|spark: a run that stops says why, from the message table', () => {
  // Spark stops before spark-sql runs; without spark-sql installed, only the file checks come before "not installed".
  const engines = (c: (typeof CASES)[number]) => (sparkSqlCommand() || c.fileCheck ? (['duckdb', 'spark'] as const) : (['duckdb'] as const));
  const grid = CASES.flatMap((c) => engines(c).flatMap((engine) => (['zh', 'en'] as const).map((lang) => [c.name, engine, lang, c] as const)));
  it.each(grid)('%s (%s, %s)', { timeout: 60_000 }, (_n, engine, lang, c) => {
    const r = spawnSync('node', [BIN, 'batch', 'min.policy', ...c.args, '--out', 'o.csv', '--engine', engine, '--lang', lang], { encoding: 'utf8', cwd: dir });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(c[lang]);
    expect(r.stderr).toContain(engine);
    // No message id leaks through (sql.format, sql.noInput, …).
    expect(r.stderr).not.toMatch(/\bsql\.[a-zA-Z]/);
  });
});
