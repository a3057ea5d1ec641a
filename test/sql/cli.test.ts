// The SQL backend from the command line, spawned as a user runs it:
// `policy build --target sql` prints DDL and queries that DuckDB executes;
// `policy batch --engine duckdb` gives the same rows as `--engine js` on the
// same CSV; options that mean nothing to a SQL engine are refused; a construct
// that cannot be translated is a build error naming it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, XIAOSHAN } from '../helpers.ts';
import { compiled } from '../emit/helpers.ts';
import { openDuckDB } from '../../compiler/sql/duckdb.ts';
import { csvText, randomCases, rawLedger, rawSubjects } from './harness.ts';

const BIN = join(ROOT, 'compiler/bin.js');
const run = (...args: string[]) => spawnSync('node', [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, LANG: 'C' }, maxBuffer: 64 << 20 });
const tmp = mkdtempSync(join(tmpdir(), 'policy-sqlcli-'));

describe('policy build --target sql', () => {
  it('prints DDL and one query per subject type that DuckDB runs', { timeout: 120_000 }, async () => {
    const r = run('build', XIAOSHAN, '--target', 'sql', '--date', '2025-06-30');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('CREATE TABLE "企业" (');
    expect(r.stdout).toContain('"比武项目核定经费" DECIMAL(18,2)');
    expect(r.stdout).not.toMatch(/DOUBLE|FLOAT|REAL/);
    const db = await openDuckDB();
    try {
      // The DDL creates the tables, each query runs on them (empty: no rows, no error).
      for (const stmt of r.stdout.split(/;\n/).filter((s) => s.trim() && !/^\s*(--[^\n]*\n?)*\s*$/.test(s))) await db.run(stmt);
    } finally {
      db.close();
    }
  });
  it('writes <name>.<dialect>.ddl.sql and .sql with --out, for spark too', () => {
    const r = run('build', XIAOSHAN, '--target', 'sql', '--dialect', 'spark', '--date', '2025-06-30', '--out', tmp);
    expect(r.status, r.stderr).toBe(0);
    const sql = readFileSync(join(tmp, 'xiaoshan-xinxiaojiang-2025-3.spark.sql'), 'utf8');
    expect(sql).toContain('`企业`');
    expect(readFileSync(join(tmp, 'xiaoshan-xinxiaojiang-2025-3.spark.ddl.sql'), 'utf8')).toContain('USING parquet');
  });
  it('refuses a construct it cannot translate, naming it (exit 1)', () => {
    const p = join(tmp, 'untranslatable.policy');
    writeFileSync(
      p,
      'policy { title: "x"; effective: 2025-01-01; ends: 2025-12-31; }\nfund F;\nsubject S { n: persons; }\nbenefit B { clause: "1"; subject: S; fund: F; amount: 1 yuan; once-per: n; }\n',
    );
    expect(run('check', p).status).toBe(0);
    const r = run('build', p, '--target', 'sql', '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot translate to SQL: 限一次 by n');
  });
  it('refuses a 合计 over a 名单 whose value is divided by a member fact, naming it (exit 1)', () => {
    // Each member's value would have its own denominator: the members are added over one fixed when the SQL is written.
    const p = join(tmp, 'members-divided.policy');
    writeFileSync(
      p,
      '政策 { 标题：“x”；文号：“x〔2025〕1号”；施行日期：2025年1月1日；有效期：1年； }\n资金 F “F”；\n对象 人员 “人员” { 费用：元 “费用”；份数：人 “份数”； }\n' +
        '对象 单位 “单位” { 人员：名单 人员 “人员”； }\n待遇 B “B” { 条款：“1”；对象：单位；资金：F；金额：合计（人员，费用 ÷ 份数 × 1人）；舍入：分，四舍五入； }\n',
    );
    expect(run('check', p).status).toBe(0);
    const r = run('build', p, '--target', 'sql', '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot translate to SQL: 合计 over 人员 of a value divided by a fact');
  });
  it('a bad --date is an input error (exit 2)', () => {
    const r = run('build', XIAOSHAN, '--target', 'sql', '--date', '2025-02-30', '--lang', 'en');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('P3006');
  });
});

describe('policy batch --engine duckdb', () => {
  it('gives the rows --engine js gives, on the same files', { timeout: 600_000 }, async () => {
    const { model } = compiled(XIAOSHAN);
    const cases = randomCases(model, 300, 3);
    const raw = rawSubjects(model, cases, 5);
    const led = rawLedger(model, cases, 7);
    const subjects = join(tmp, 'subjects.csv');
    const ledger = join(tmp, 'ledger.csv');
    writeFileSync(subjects, csvText(raw.header, raw.rows));
    writeFileSync(ledger, csvText(led.header, led.rows));
    const js = run('batch', XIAOSHAN, '--subjects', subjects, '--ledger', ledger, '--out', join(tmp, 'js.csv'), '--date', '2025-06-30', '--quiet');
    expect(js.status, js.stderr).toBe(0);
    const sql = run('batch', XIAOSHAN, '--subjects', subjects, '--ledger', ledger, '--out', join(tmp, 'sql.csv'), '--date', '2025-06-30', '--engine', 'duckdb', '--quiet');
    expect(sql.status, sql.stderr).toBe(0);
    const db = await openDuckDB();
    const rows = async (file: string) => {
      const all = await db.all(`SELECT * FROM read_csv('${file}', header = true, all_varchar = true)`);
      const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
      return new Set(all.filter((r) => r['benefit'] && r['reason'] !== 'P4001').map((r) => ['id', 'benefit', 'status', 'amount', 'reason', 'missing'].map((c) => cell(r[c])).join('|')));
    };
    const a = await rows(join(tmp, 'js.csv'));
    const b = await rows(join(tmp, 'sql.csv'));
    db.close();
    expect(b.size).toBeGreaterThan(100);
    expect([...b].filter((x) => !a.has(x))).toEqual([]);
    expect([...a].filter((x) => !b.has(x))).toEqual([]);
    // The same files, byte for byte, and the same summary printed.
    for (const f of ['.csv', '.rejects.jsonl', '.summary.json']) expect(readFileSync(join(tmp, `sql${f}`), 'utf8'), f).toBe(readFileSync(join(tmp, `js${f}`), 'utf8'));
    const summaryOf = (engine: string) => run('batch', XIAOSHAN, '--subjects', subjects, '--ledger', ledger, '--out', join(tmp, `${engine}-p.csv`), '--date', '2025-06-30', '--engine', engine, '--lang', 'en').stdout;
    const printed = summaryOf('js');
    expect(printed).toContain('input rows');
    expect(summaryOf('duckdb')).toBe(printed);
  });
  it('refuses options of the JS engine (exit 2, naming the option)', () => {
    const r = run('batch', XIAOSHAN, '--subjects', join(tmp, 'subjects.csv'), '--out', join(tmp, 'x.csv'), '--engine', 'duckdb', '--jobs', '2', '--lang', 'en');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('option --jobs applies only with --engine js');
  });
});
