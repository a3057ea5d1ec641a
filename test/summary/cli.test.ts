// `policy summary`, spawned as a user runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../compiler/cli.ts';
import { compiled, ROOT, summaryOf, XIAOSHAN } from './helpers.ts';

const BIN = join(ROOT, 'compiler/bin.js');
// An English shell locale must not switch the summary's language.
const run = (...args: string[]) => spawnSync('node', [BIN, 'summary', ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, LANG: 'en_US.UTF-8' } });
const tmp = mkdtempSync(join(tmpdir(), 'policy-summary-'));

// Each spawn pays for the tsx loader (seconds on a busy machine).
describe('policy summary', { timeout: 60_000 }, () => {
  const c = compiled(XIAOSHAN);

  it('prints the Chinese Markdown summary by default', () => {
    const r = run(XIAOSHAN);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(summaryOf(c, 'zh', 'md'));
  });

  it('--lang en --format html --out writes the page', () => {
    const out = join(tmp, 'nested', 'summary.html');
    const r = run(XIAOSHAN, '--lang', 'en', '--format', 'html', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(summaryOf(c, 'en', 'html'));
  });

  it('takes the format from an .html --out', () => {
    const out = join(tmp, 'zh.html');
    expect(run(XIAOSHAN, '--out', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(summaryOf(c, 'zh', 'html'));
  });

  it('refuses a policy with errors and prints the diagnostics', () => {
    const bad = join(tmp, 'bad.policy');
    writeFileSync(bad, '政策 { 标题：“x”；文号：“y”；施行日期：2025-01-01；有效期：1年； }\n资金 钱；\n对象 甲 { 数：人； }\n待遇 乙 { 条款：“一”；对象：甲；资金：钱；金额：100元 + 数； }\n');
    const r = run(bad, '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${bad}:4:`);
    expect(r.stderr).toContain('P2009');
  });

  it('rejects bad usage with exit 2 (in process)', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const args of [[], [XIAOSHAN, XIAOSHAN], [XIAOSHAN, '--format', 'pdf'], [XIAOSHAN, '--lang', 'fr'], [XIAOSHAN, '--out']]) {
        expect(await main(['summary', ...args, '--lang=' + (args.includes('fr') ? 'fr' : 'en')]), args.join(' ')).toBe(2);
      }
      const printed = stderr.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toContain('policy summary: missing argument FILE');
      expect(printed).toContain('usage: policy summary FILE');
      expect(printed).toContain('policy summary: option --format: "pdf" is not one of md, html');
      expect(printed).toContain('policy summary: option --out needs a value (PATH)');
    } finally {
      stderr.mockRestore();
    }
  });

  it('reports a missing file', () => {
    const r = run(join(tmp, 'nope.policy'), '--lang', 'en');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot read ${join(tmp, 'nope.policy')}: no such file`);
  });
});
