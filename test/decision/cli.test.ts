// `policy build --target ir`, spawned as a user runs it: the decision IR of a policy, the same text as its golden
// (test/decision/golden), to stdout or into --out; a policy with errors builds nothing.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, XIAOSHAN } from '../helpers.ts';

const BIN = join(ROOT, 'compiler/bin.js');
const run = (...args: string[]) => spawnSync('node', [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, LANG: 'C' }, maxBuffer: 64 << 20 });
const GOLDEN = readFileSync(join(ROOT, 'test/decision/golden/xiaoshan-xinxiaojiang-2025-3.ir.txt'), 'utf8');

describe('policy build --target ir', () => {
  it('prints the decision IR', { timeout: 60_000 }, () => {
    const r = run('build', XIAOSHAN, '--target', 'ir');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(GOLDEN);
  });

  it('writes <name>.ir.txt into --out', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-ir-'));
    const r = run('build', XIAOSHAN, '--target', 'ir', '--out', dir);
    expect(r.status, r.stderr).toBe(0);
    const path = join(dir, 'xiaoshan-xinxiaojiang-2025-3.ir.txt');
    expect(r.stdout.trim()).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe(GOLDEN);
  });

  it('builds nothing from a policy with errors (exit 1)', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-ir-'));
    const bad = join(dir, 'bad.policy');
    writeFileSync(bad, readFileSync(XIAOSHAN, 'utf8').replace('施行日期', '施行日'));
    const r = run('build', bad, '--target', 'ir', '--out', join(dir, 'out'));
    expect(r.status).toBe(1);
    expect(existsSync(join(dir, 'out', 'bad.ir.txt'))).toBe(false);
  });
});
