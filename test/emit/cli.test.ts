// `policy build FILE… --out DIR`: the evaluator, its JSON Schema and the
// summaries per policy; a policy with errors is refused and nothing written.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync as mkdtemp, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitTypeScript } from '../../compiler/emit/index.ts';
import { compiled, ROOT } from './helpers.ts';

const XIAOSHAN = 'policies/xiaoshan-xinxiaojiang-2025-3.policy';
const made: string[] = [];
const mkdtempSync = (prefix: string): string => {
  const d = mkdtemp(prefix);
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const policy = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'compiler/bin.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8', POLICY_LANG: 'en' } });

describe('policy build', () => {
  it('writes <name>.ts, <name>.schema.json and the summaries', () => {
    const out = mkdtempSync(join(tmpdir(), 'policy-build-'));
    const r = policy('build', XIAOSHAN, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const name = 'xiaoshan-xinxiaojiang-2025-3';
    const files = readdirSync(out).sort();
    expect(files).toContain(`${name}.ts`);
    expect(files).toContain(`${name}.schema.json`);
    // The summary module exists in this repository, so the summaries are written too.
    if (existsSync(join(ROOT, 'compiler/summary/index.ts'))) {
      for (const s of ['zh.md', 'en.md', 'zh.html', 'en.html']) expect(files).toContain(`${name}.${s}`);
      expect(readFileSync(join(out, `${name}.zh.md`), 'utf8')).toContain('萧人社〔2025〕3号');
    }
    expect(readFileSync(join(out, `${name}.ts`), 'utf8')).toBe(emitTypeScript(compiled(join(ROOT, XIAOSHAN)).model, { sourceName: `${name}.policy` }));
    const schema = JSON.parse(readFileSync(join(out, `${name}.schema.json`), 'utf8')) as { $schema: string; $defs: Record<string, unknown> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.$defs)).toContain('facts.企业');
    expect(r.stdout.trim().split('\n').sort()).toEqual(files.map((f) => join(out, f)));
  }, 60_000);

  it('builds several policies at once', () => {
    const out = mkdtempSync(join(tmpdir(), 'policy-build-'));
    const all = readdirSync(join(ROOT, 'policies')).filter((f) => f.endsWith('.policy'));
    const r = policy('build', ...all.map((f) => `policies/${f}`), '--out', out);
    expect(r.status).toBe(0);
    for (const f of all) expect(existsSync(join(out, f.replace(/\.policy$/, '.ts')))).toBe(true);
  }, 60_000);

  it('refuses a policy with errors: diagnostics on stderr, exit 1, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-build-'));
    const bad = join(dir, 'bad.policy');
    writeFileSync(bad, readFileSync(join(ROOT, XIAOSHAN), 'utf8').replace('对象：企业；\n  资金：人才专项资金；\n  发放：一次性；', '对象：企业；\n  资金：无此资金；\n  发放：一次性；'));
    const out = join(dir, 'out');
    const r = policy('build', XIAOSHAN, bad, '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.policy:\d+:\d+: error P2006/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('without --out names the missing option and exits 2', () => {
    const r = policy('build', XIAOSHAN);
    expect(r.status).toBe(2);
    // --out is optional only for --target sql (which then prints to stdout).
    expect(r.stderr).toContain('policy build: missing the required option --out DIR');
    expect(r.stderr).toMatch(/usage: policy build FILE… \[--out DIR\]/);
  }, 60_000);
});
