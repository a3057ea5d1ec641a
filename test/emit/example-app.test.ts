// The example app in examples/: regenerate its evaluator, type-check the
// server against it, start it and have it answer requests.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExample } from '../../examples/build.ts';
import { ROOT, tempDir } from './helpers.ts';

let child: ChildProcess | undefined;
afterAll(() => {
  if (child?.pid && child.exitCode === null) child.kill('SIGTERM');
});

/** Starts examples/server.ts on a free port; resolves with its base URL. */
function start(): Promise<string> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'examples/server.ts')], { cwd: ROOT, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => (err += String(d)));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

const post = async (base: string, body: unknown) => {
  const r = await fetch(`${base}/evaluate`, { method: 'POST', body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
};

describe('examples/server.ts', () => {
  it('regenerates its evaluator and type-checks against it', () => {
    // The committed generated files are what a reviewer reads beside the policy: they must be current.
    const committed = ['ts', 'schema.json'].map((ext) => {
      try {
        return readFileSync(join(ROOT, `examples/generated/xiaoshan-xinxiaojiang-2025-3.${ext}`), 'utf8');
      } catch {
        return '';
      }
    });
    const [ts, schema] = buildExample();
    if (!process.env['UPDATE_GOLDEN']) {
      expect(readFileSync(ts!, 'utf8') === committed[0] && readFileSync(schema!, 'utf8') === committed[1], 'examples/generated is stale: run `node --import tsx examples/build.ts` and commit').toBe(true);
    }
    expect(readFileSync(ts!, 'utf8')).toContain('function benefit_企业认定奖励(x: Ctx): Steps.Decided {');
    const tsc = join(ROOT, 'node_modules/.bin/tsc');
    const args = ['--strict', '--noEmit', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--allowImportingTsExtensions', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), join(ROOT, 'examples/server.ts')];
    expect(() => execFileSync(tsc, args, { cwd: tempDir(), encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  }, 120_000);

  it('answers a request with the decision, and a bad one with the field errors', async () => {
    const base = await start();
    const ok = await post(base, { subject: '企业', facts: { 已备案认定企业: true, 年度自主认定人次: 70 }, asOf: '2025-06-01' });
    expect(ok.status).toBe(200);
    const benefits = ok.json['benefits'] as { id: string; status: string; amount: string | null }[];
    expect(benefits.find((b) => b.id === '企业认定奖励')).toMatchObject({ status: 'eligible', amount: '40000.00' });
    expect(ok.json['total']).toBe('40000.00');

    const bad = await post(base, { subject: '企业', facts: { 年度自主认定人次: -3 }, lang: 'en' });
    expect(bad.status).toBe(400);
    expect(bad.json['errors']).toEqual([{ field: '年度自主认定人次', code: 'P3003', message: '年度自主认定人次: must not be negative (-3)' }]);

    const policy = (await (await fetch(`${base}/policy`)).json()) as { docNumber: string };
    expect(policy.docNumber).toBe('萧人社〔2025〕3号');
  }, 120_000);
});
