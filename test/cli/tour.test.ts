// A scripted tour of every `policy` command as a careless user drives it:
// typos, missing values, hostile JSON, closed pipes. The rules: never exit 0
// on a misunderstanding, never a stack trace, never silence (a non-zero exit
// always says why), and every message names the option or field at fault.
// Most runs go through the CLI's `main` in this process (spawning ~80
// processes would take minutes on a loaded machine); stdin, closed pipes and
// the demo's pasted commands use the real binary.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../compiler/cli.ts';
import { COMMANDS, optionsOf } from '../../compiler/cli/commands.ts';
import { ROOT, XIAOSHAN } from '../helpers.ts';

process.env['POLICY_LANG'] = 'en';
const BIN = join(ROOT, 'compiler/bin.js');
const NATIONAL = join(ROOT, 'policies/national-unemployment-insurance-2025.policy');
const tmp = mkdtempSync(join(tmpdir(), 'policy-tour-'));
const file = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

async function cli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { status: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The rules every run obeys. */
function obeysTheRules(r: { status: number; stdout: string; stderr: string }, names: string) {
  expect(r.stderr + r.stdout, 'no stack trace').not.toMatch(/\n\s+at .+[(:]\d+/);
  expect(r.status, 'no internal error').not.toBe(70);
  if (r.status !== 0) {
    expect(r.stderr.trim(), 'a non-zero exit says why').not.toBe('');
    expect(r.stderr, `names ${names}`).toContain(names);
    expect(r.stderr.length, 'bounded').toBeLessThan(20_000);
  }
}

const FACTS = '{"已备案认定企业":true,"年度自主认定人次":70}';
const EVAL = ['eval', XIAOSHAN, '--subject', '企业', '--facts', FACTS, '--date', '2025-06-01'];

describe('typos and missing values, for every option of every command', () => {
  for (const [name, def] of Object.entries(COMMANDS)) {
    it(`policy ${name}`, async () => {
      const args = def.positionals.max === 0 ? [] : def.positionals.min >= 2 ? [XIAOSHAN, NATIONAL] : [XIAOSHAN];
      for (const [opt, o] of Object.entries(optionsOf(def))) {
        // One letter dropped: never taken for something else.
        const typo = `--${opt.length > 3 ? opt.slice(0, -1) : opt + 'x'}`;
        const t = await cli(name, ...args, typo);
        expect(t.status, `${name} ${typo}`).toBe(2);
        obeysTheRules(t, typo);
        if (o.type === 'string') {
          for (const missing of [[`--${opt}`], [`--${opt}=`], [`--${opt}`, '--help']]) {
            const m = await cli(name, ...args, ...missing);
            expect(m.status, `${name} ${missing.join(' ')}`).toBe(2);
            obeysTheRules(m, `--${opt}`);
          }
        } else {
          const v = await cli(name, ...args, `--${opt}=yes`);
          expect(v.status, `${name} --${opt}=yes`).toBe(2);
          obeysTheRules(v, `--${opt}`);
        }
      }
      const extra = await cli(name, ...args, '-z');
      expect(extra.status).toBe(2);
      obeysTheRules(extra, '-z');
    });
  }
});

describe('hostile JSON to policy eval', () => {
  const deep = (n: number, inner: string) => '{"a":'.repeat(n) + inner + '}'.repeat(n);
  const cases: [string, string[], string][] = [
    ['not JSON', ['--facts', '{"已备案认定企业":tru'], '--facts'],
    ['a missing file', ['--facts', join(tmp, 'nope.json')], 'nope.json'],
    ['a folder', ['--facts', tmp], tmp],
    ['facts that are an array', ['--facts', '[1,2]'], 'facts'],
    ['a wrong type', ['--facts', '{"年度自主认定人次":"seventy"}'], '年度自主认定人次'],
    ['an unknown fact', ['--facts', '{"年度自主认定人数":70}'], '年度自主认定人数'],
    ['5,000 levels deep', ['--facts', file('deep.json', `{"直接培养人数":${deep(5000, '1')}}`)], '直接培养人数'],
    ['200,000 unknown keys', ['--facts', file('many.json', JSON.stringify(Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]))))], 'and 199980 more'],
    ['a 50 MB value', ['--facts', file('big.json', JSON.stringify({ 年度自主认定人次: 'x'.repeat(50_000_000) }))], '年度自主认定人次'],
    ['a ledger amount with three decimals', ['--facts', FACTS, '--ledger', '[{"benefit":"企业认定奖励","date":"2025-01-01","amount":"12.345"}]'], 'ledger[0].amount'],
    ['a ledger nested 5,000 deep', ['--facts', FACTS, '--ledger', '['.repeat(5000) + ']'.repeat(5000)], 'ledger[0]'],
    ['params that are a string', ['--facts', FACTS, '--params', '"100"'], 'params'],
    ['a bad date', ['--facts', FACTS, '--date', '2025-13-01'], '--date'],
  ];
  for (const [what, extra, names] of cases) {
    it(what, async () => {
      const r = await cli('eval', XIAOSHAN, '--subject', '企业', ...extra);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      obeysTheRules(r, names);
      expect(r.stderr).not.toContain('""'); // no doubled quotes
      expect(r.stderr).not.toContain('x'.repeat(1000));
    }, 120_000);
  }
});

describe('files that cannot be read, for every command that reads one', () => {
  for (const name of ['check', 'test', 'fmt', 'summary', 'eval', 'build']) {
    it(`policy ${name} on a missing file`, async () => {
      const missing = join(tmp, 'missing.policy');
      const extra = name === 'eval' ? ['--subject', '企业', '--facts', FACTS] : name === 'build' ? ['--out', join(tmp, 'out')] : [];
      const r = await cli(name, missing, ...extra);
      expect(r.status).toBe(2);
      obeysTheRules(r, 'missing.policy');
    });
  }
});

describe('the real binary', () => {
  it('reads facts from stdin with --facts -', () => {
    const r = spawnSync(process.execPath, [BIN, ...EVAL.slice(0, 4), '--facts', '-', '--date', '2025-06-01', '--json'], { input: FACTS, encoding: 'utf8', cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).total).toBe('40000.00');
  });

  it('two options cannot both read stdin', () => {
    const r = spawnSync(process.execPath, [BIN, ...EVAL.slice(0, 4), '--facts', '-', '--ledger', '-'], { input: FACTS, encoding: 'utf8', cwd: ROOT });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--ledger and --facts cannot both read stdin');
  });

  it('a closed pipe ends quietly, and the work is still done', async () => {
    const out = join(tmp, 'built');
    const p = spawn(process.execPath, [BIN, 'build', XIAOSHAN, NATIONAL, '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += String(d)));
    // Like `| head -1`: read the first chunk, then close the pipe.
    p.stdout.once('data', () => p.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => p.on('exit', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(status).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.schema.json'))).toHaveLength(2);
  }, 120_000);

  it('every command npm start prints works when pasted', () => {
    const demo = spawnSync(process.execPath, [BIN, 'demo', '--lang', 'en'], { encoding: 'utf8', cwd: ROOT });
    expect(demo.status, demo.stderr).toBe(0);
    const commands = demo.stdout.split('\n').filter((l) => l.startsWith('$ ')).map((l) => l.slice(2));
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) {
      const r = spawnSync('sh', ['-c', c], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, POLICY_LANG: 'en' } });
      expect(r.status, `${c}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('Total:');
    }
  }, 180_000);

  it("the demo's verdict agrees with policy check (warnings counted)", () => {
    const demo = spawnSync(process.execPath, [BIN, 'demo', '--lang', 'en'], { encoding: 'utf8', cwd: ROOT }).stdout;
    for (const policy of [XIAOSHAN, NATIONAL]) {
      const check = spawnSync(process.execPath, [BIN, 'check', policy, '--lang', 'en'], { encoding: 'utf8', cwd: ROOT }).stdout;
      const verdict = check.trim().split('\n').at(-1)!;
      expect(demo).toContain(verdict.replace(policy, policy.slice(ROOT.length)));
    }
  }, 120_000);

  it('unknown options of policy-lsp exit 2 with the reason', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'lsp/bin.js'), '--socket=5000'], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, POLICY_LANG: 'en' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --socket');
    expect(existsSync(BIN)).toBe(true);
  });
});
