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
    // E1: 20000 → 50000 (30000 paid); E2: 50000 → 65000.
    expect([bi.before, bi.after]).toEqual(['70000.00', '115000.00']);
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
