// `policy build` runs in a child node started with a larger young generation
// (compiler/bin.js): the child path is taken for build only, once, and what
// the user sees — exit code, stdout, stderr, the files written, a signal —
// is what the command gives when run directly.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, XIAOSHAN } from '../helpers.ts';

const BIN = join(ROOT, 'compiler/bin.js');
const tmp = mkdtempSync(join(tmpdir(), 'policy-build-child-'));
// Loaded by every node process of the command (the child gets the parent's execArgv): records
// which process ran with which flags; with HOLD set, the build child waits to be killed.
const PROBE = join(tmp, 'probe.mjs');
writeFileSync(
  PROBE,
  `import { appendFileSync } from 'node:fs';
appendFileSync(process.env.PROBE_LOG, JSON.stringify({ pid: process.pid, child: process.env.POLICY_BUILD_CHILD ?? null, execArgv: process.execArgv }) + '\\n');
if (process.env.HOLD && process.env.POLICY_BUILD_CHILD) { setInterval(() => {}, 1000); await new Promise(() => {}); }
`,
);
type Probe = { pid: number; child: string | null; execArgv: string[] };
let n = 0;
const probed = (args: string[], env: Record<string, string> = {}) => {
  const log = join(tmp, `log-${n++}.jsonl`);
  const r = spawnSync('node', ['--import', PROBE, BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, LANG: 'C', PROBE_LOG: log, ...env } });
  const procs = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Probe);
  return { r, procs };
};
const BAD = join(tmp, 'bad.policy');
writeFileSync(BAD, '政策 { 标题：“x”；文号：“y”；施行日期：2025-01-01；有效期：1年； }\n资金 钱；\n对象 甲 { 数：人； }\n待遇 乙 { 条款：“一”；对象：甲；资金：钱；金额：100元 + 数； }\n');

describe('policy build in a child with a larger young generation', () => {
  it('build runs in exactly one child, started with --max-semi-space-size=64', () => {
    const { r, procs } = probed(['build', BAD, '--out', join(tmp, 'o0'), '--lang', 'en']);
    expect(r.status).toBe(1);
    expect(procs).toHaveLength(2);
    expect(procs[0]!.child).toBeNull();
    expect(procs[0]!.execArgv).not.toContain('--max-semi-space-size=64');
    expect(procs[1]!.child).toBe('1');
    expect(procs[1]!.execArgv).toContain('--max-semi-space-size=64');
  });
  it('check (and other commands) run in one process, as before', () => {
    const { r, procs } = probed(['check', BAD, '--lang', 'en']);
    expect(r.status).toBe(1);
    expect(procs).toHaveLength(1);
    expect(procs[0]!.execArgv).not.toContain('--max-semi-space-size=64');
  });
  it('a policy with errors: exit 1 and the same output as the build run directly', () => {
    const via = probed(['build', BAD, '--out', join(tmp, 'o1'), '--lang', 'en']).r;
    const direct = probed(['build', BAD, '--out', join(tmp, 'o2'), '--lang', 'en'], { POLICY_BUILD_CHILD: '1' }).r;
    expect(via.status).toBe(1);
    expect(via.stdout + via.stderr).toContain('error P2009: unit mismatch');
    expect([via.status, via.stdout, via.stderr]).toEqual([direct.status, direct.stdout, direct.stderr]);
    expect(existsSync(join(tmp, 'o1'))).toBe(false);
  });
  it('a usage error: exit 2 and the same message', () => {
    const via = probed(['build', XIAOSHAN, '--lang', 'en']).r;
    const direct = probed(['build', XIAOSHAN, '--lang', 'en'], { POLICY_BUILD_CHILD: '1' }).r;
    expect(via.status).toBe(2);
    expect(via.stderr).toContain('--out');
    expect([via.status, via.stdout, via.stderr]).toEqual([direct.status, direct.stdout, direct.stderr]);
  });
  it('a good policy: exit 0 and the same files as the build run directly', () => {
    const [a, b] = [join(tmp, 'ok1'), join(tmp, 'ok2')];
    const via = probed(['build', XIAOSHAN, '--out', a]).r;
    const direct = probed(['build', XIAOSHAN, '--out', b], { POLICY_BUILD_CHILD: '1' }).r;
    expect(via.status).toBe(0);
    expect(direct.status).toBe(0);
    const files = readdirSync(a).sort();
    expect(files.length).toBeGreaterThan(0);
    expect(readdirSync(b).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(a, f), 'utf8'), f).toBe(readFileSync(join(b, f), 'utf8'));
  });
  it('SIGTERM to the command reaches the child, and the command ends by the same signal', async () => {
    const log = join(tmp, 'hold.jsonl');
    const p = spawn('node', ['--import', PROBE, BIN, 'build', XIAOSHAN, '--out', join(tmp, 'held')], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, PROBE_LOG: log, HOLD: '1' },
    });
    const ended = new Promise<string | null>((resolve) => p.once('exit', (_code, signal) => resolve(signal)));
    // Wait until the child is up (it holds).
    let procs: Probe[] = [];
    for (let i = 0; i < 400 && procs.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      procs = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Probe) : [];
    }
    expect(procs).toHaveLength(2);
    p.kill('SIGTERM');
    expect(await ended).toBe('SIGTERM');
    const childPid = procs[1]!.pid;
    let alive = true;
    for (let i = 0; i < 100 && alive; i++) {
      try {
        process.kill(childPid, 0);
        await new Promise((r) => setTimeout(r, 50));
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  });
});
