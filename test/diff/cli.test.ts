// `policy diff` and `policy population` spawned as an officer runs them:
// two files, a file against its git history, the 对照表 to a file, JSON for
// tools, the impact of a population streamed from JSON Lines with a ledger,
// a progress bar on a terminal and none when piped, and bad input named.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, XIAOSHAN, readPolicy } from '../helpers.ts';
import { applyEdits, EDITS } from './helpers.ts';

const BIN = join(ROOT, 'compiler/bin.js');
const run = (...args: string[]) => spawnSync('node', [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, LANG: 'C', POLICY_LANG: 'zh' } });
const tmp = mkdtempSync(join(tmpdir(), 'policy-diff-'));
const write = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};
const amendedFile = (name: string) => write(`${name}.policy`, applyEdits(readPolicy(XIAOSHAN), EDITS[name]!));

describe('policy diff', () => {
  it('two files: the change in one sentence, then the smallest cases', () => {
    const r = run('diff', XIAOSHAN, amendedFile('raise-cap'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('二（三）7 职业技能等级认定企业自主认定奖励：每年累计上限由5万元提高到8万元');
    expect(r.stdout).toContain('已备案认定企业 是，年度自主认定人次 91人次：50000元 → 50500元');
  });

  it('a reformatted copy: 无实质变化', async () => {
    const fmt = write('fmt.policy', readPolicy(XIAOSHAN));
    expect(run('fmt', fmt, '--keywords', 'en', '--punctuation', 'half').status).toBe(0);
    expect(readFileSync(fmt, 'utf8')).not.toBe(readPolicy(XIAOSHAN));
    const r = run('diff', XIAOSHAN, fmt);
    expect(r.stdout).toBe('无实质变化\n');
  });

  it('--from REV: the file against its git history', () => {
    const repo = mkdtempSync(join(tmpdir(), 'policy-git-'));
    const git = (...a: string[]) => spawnSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { encoding: 'utf8' });
    git('init', '-q');
    const file = join(repo, 'x.policy');
    copyFileSync(XIAOSHAN, file);
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(file, applyEdits(readPolicy(XIAOSHAN), EDITS['extend-period']!));
    git('commit', '-qam', 'extend');
    const r = run('diff', file, '--from', 'HEAD~1', '--edges', '0', '--lang', 'en');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('Validity extended from 3 years (until 2028-02-29) to 5 years (until 2030-02-28)\n');
    const bad = run('diff', file, '--from', 'no-such-rev');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('no-such-rev');
  });

  it('--format md|html --out, and --json', () => {
    const b = amendedFile('add-star-level');
    const md = join(tmp, 'table.md');
    expect(run('diff', XIAOSHAN, b, '--out', md).status).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain('| **标准**：五星：3万元；四星：2万元 | **标准**：五星：3万元；四星：2万元**；三星及以下：1万元** |');
    const html = run('diff', XIAOSHAN, b, '--format', 'html');
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout).toContain('<ins>；三星及以下：1万元</ins>');
    const json = JSON.parse(run('diff', XIAOSHAN, b, '--json').stdout) as { diff: { substantive: boolean }; edges: { text: string }[] };
    expect(json.diff.substantive).toBe(true);
    expect(json.edges.map((e) => e.text)).toEqual(['已备案认定企业 是，期满星级 三星及以下：不符合 → 10000元']);
  });

  it('bad input is named: a policy with errors, a missing file, a stray option', () => {
    const broken = write('broken.policy', '资金 钱；\n');
    const r = run('diff', XIAOSHAN, broken);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('P2018');
    expect(run('diff', XIAOSHAN, join(tmp, 'nope.policy')).stderr).toContain('nope.policy');
    expect(run('diff', XIAOSHAN, XIAOSHAN, '--date', '2025-01-01').status).toBe(2);
    expect(run('diff', XIAOSHAN).status).toBe(2);
  });
});

describe('policy diff --population', () => {
  const b = amendedFile('raise-cap');
  const pop = join(tmp, 'pop.jsonl');

  it('policy population writes a seeded population; the impact is streamed from it', () => {
    const g = run('population', XIAOSHAN, b, '--n', '1000', '--seed', '9', '--out', pop);
    expect(g.status, g.stderr).toBe(0);
    const lines = readFileSync(pop, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1000);
    expect(run('population', XIAOSHAN, '--n', '5', '--seed', '9').stdout).toBe(run('population', XIAOSHAN, '--n', '5', '--seed', '9').stdout);
    const r = run('diff', XIAOSHAN, b, '--population', pop, '--date', '2025-06-01', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr, 'no progress bar when piped').toBe('');
    const impact = (JSON.parse(r.stdout) as { impact: { subjects: number; rejected: number; change: string; benefits: { id: string; change: string }[] } }).impact;
    expect(impact.subjects + impact.rejected).toBe(1000);
    expect(impact.change).toBe(impact.benefits.find((x) => x.id === '企业认定奖励')!.change);
    expect(Number(impact.change)).toBeGreaterThan(0);
  });

  it('a ledger by subject id carries into both versions', () => {
    const subjects = write('two.jsonl', ['{"id":"E1","subject":"企业","facts":{"已备案认定企业":true,"年度自主认定人次":120}}', '{"id":"E2","subject":"企业","facts":{"已备案认定企业":true,"年度自主认定人次":120}}'].join('\n') + '\n');
    const ledger = write('ledger.jsonl', '{"subject":"E1","benefit":"企业认定奖励","date":"2025-04-01","amount":"30000.00"}\n');
    const r = run('diff', XIAOSHAN, b, '--population', subjects, '--ledger', ledger, '--date', '2025-06-01', '--json');
    const bi = (JSON.parse(r.stdout) as { impact: { benefits: { id: string; before: string; after: string }[] } }).impact.benefits.find((x) => x.id === '企业认定奖励')!;
    // E1: 20000 → 35000 (the year's 65000 less the 30000 paid); E2: 50000 → 65000.
    expect([bi.before, bi.after]).toEqual(['70000.00', '100000.00']);
    const bad = write('badledger.jsonl', '{"benefit":"企业认定奖励","date":"2025-04-01","amount":"1"}\n');
    const e = run('diff', XIAOSHAN, b, '--population', subjects, '--ledger', bad, '--date', '2025-06-01');
    expect(e.status).toBe(2);
    expect(e.stderr).toContain('subject');
  });

  it('--format html: the impact page', () => {
    const r = run('diff', XIAOSHAN, b, '--population', pop, '--date', '2025-06-01', '--format', 'html');
    expect(r.stdout).toMatch(/^<!DOCTYPE html>/);
    expect((r.stdout.match(/<svg /g) ?? []).length).toBe(4);
    expect(r.stdout).not.toMatch(/<script|https?:\/\//);
  });

  it('a progress bar on a terminal', () => {
    const cmd = `node ${BIN} diff ${XIAOSHAN} ${b} --population ${pop} --date 2025-06-01 --json > /dev/null`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, LANG: 'C', POLICY_LANG: 'zh' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('█');
    expect(r.stdout).toContain('100.0%');
  });
});

describe('amendments on the command line', () => {
  // The family in one folder, as an office keeps it: the policy and its amendments.
  const dir = mkdtempSync(join(tmpdir(), 'policy-family-'));
  const AMENDMENTS = join(ROOT, 'test/diff/fixtures/amendments');
  copyFileSync(XIAOSHAN, join(dir, 'xiaoshan.policy'));
  for (const f of ['01-raise-cap.policy', '02-lower-threshold.policy', '05-repeal-clause.policy', '06-extend-period.policy']) copyFileSync(join(AMENDMENTS, f), join(dir, f));
  const facts = write('facts40.json', JSON.stringify({ 已备案认定企业: true, 年度自主认定人次: 40 }));

  it('policy eval decides with the text in force on --date and names the document', () => {
    const before = run('eval', join(dir, 'xiaoshan.policy'), '--subject', '企业', '--facts', facts, '--date', '2026-04-30');
    expect(before.stdout).toContain('适用文本：萧人社〔2025〕3号（经萧人社〔2026〕5号修订）');
    expect(before.stdout).toMatch(/✗ 二（三）7 职业技能等级认定企业自主认定奖励 — 不符合：条件不成立：年度自主认定人次满50人次.*依据萧人社〔2026〕5号修订后的二（三）7/);
    const after = run('eval', join(dir, '02-lower-threshold.policy'), '--subject', '企业', '--facts', facts, '--date', '2026-05-01', '--json');
    const b = (JSON.parse(after.stdout) as { benefits: { id: string; amount: string; basis?: string }[] }).benefits.find((x) => x.id === '企业认定奖励')!;
    expect(b).toMatchObject({ amount: '35000.00', basis: '依据萧人社〔2026〕8号修订后的二（三）7' });
  });

  it('policy check an amendment: clean, or P2040 in the conflicting file', () => {
    expect(run('check', join(dir, '02-lower-threshold.policy')).status).toBe(0);
    const other = mkdtempSync(join(tmpdir(), 'policy-conflict-'));
    copyFileSync(XIAOSHAN, join(other, 'xiaoshan.policy'));
    copyFileSync(join(AMENDMENTS, '01-raise-cap.policy'), join(other, '01.policy'));
    copyFileSync(join(ROOT, 'test/diff/fixtures/conflict.policy'), join(other, 'conflict.policy'));
    const r = run('check', join(other, 'conflict.policy'), '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${join(other, 'conflict.policy')}:11:1: error P2040: "企业认定奖励" is amended by both 萧人社〔2026〕5号 and 萧人社〔2026〕6号 from 2026-03-01`);
  });

  it('policy diff AMENDMENT: what it changes against the text in force before it', () => {
    const r = run('diff', join(dir, '05-repeal-clause.policy'), '--edges', '1');
    expect(r.stdout.split('\n').slice(0, 4)).toEqual(['二（四）10 数字高技能人才一次性资助：本条废止', '', '决定不同的最小情形', '  二（四）10 数字高技能人才一次性资助（企业职工，2026-10-01）']);
  });
});
