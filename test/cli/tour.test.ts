// A scripted tour of every `policy` command as a careless user drives it:
// typos, missing values, hostile JSON, closed pipes. The rules: never exit 0
// on a misunderstanding, never a stack trace, never silence (a non-zero exit
// always says why), and every message names the option or field at fault.
// Most runs go through the CLI's `main` in this process (spawning ~80
// processes would take minutes on a loaded machine); stdin, closed pipes and
// the demo's pasted commands use the real binary.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../compiler/cli.ts';
import { COMMANDS, optionsOf } from '../../compiler/cli/commands.ts';
import { ROOT, XIAOSHAN } from '../helpers.ts';

// Restored after: test files may share a worker process (npm test runs vitest with --no-isolate).
const policyLang = process.env['POLICY_LANG'];
beforeAll(() => void (process.env['POLICY_LANG'] = 'en'));
afterAll(() => (policyLang === undefined ? delete process.env['POLICY_LANG'] : (process.env['POLICY_LANG'] = policyLang)));
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
function obeysTheRules(r: { status: number; stdout: string; stderr: string }, names: string, what = '') {
  expect(r.stderr + r.stdout, `${what}: no stack trace`).not.toMatch(/\n\s+at .+[(:]\d+/);
  expect(r.status, `${what}: no internal error (${r.stderr.slice(0, 300)})`).not.toBe(70);
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

// ---- Every option's values, generated from the option table (compiler/cli/commands.ts) ----

/** A command line each command accepts: the tour breaks one piece of it at a time. */
const subjects = file('subjects.csv', 'id,subject,已备案认定企业,年度自主认定人次\nS1,企业,true,70\n');
const BASE: Record<string, string[]> = {
  check: [XIAOSHAN],
  eval: [XIAOSHAN, '--subject', '企业', '--facts', FACTS],
  test: [XIAOSHAN],
  fmt: [XIAOSHAN, '--check'],
  build: [XIAOSHAN, '--out', join(tmp, 'build')],
  summary: [XIAOSHAN],
  diff: [XIAOSHAN, NATIONAL],
  population: [XIAOSHAN, '--n', '2'],
  batch: [XIAOSHAN, '--subjects', subjects, '--out', join(tmp, 'batch.csv'), '--quiet'],
  lsp: [],
  workbench: [],
  demo: [],
  help: [],
};
/** Options whose value is a path the command writes (the others that take a path read it). */
const WRITES = new Set(['out', 'report']);
const UNDER_A_FILE = join(ROOT, 'package.json', 'x');
const deepJson = '['.repeat(5000) + ']'.repeat(5000);
const manyKeys = file('many-keys.json', JSON.stringify(Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]))));
/** Values a careless user gives, by the kind of value an option takes (its placeholder in the table). */
const BAD: Record<string, string[]> = {
  'cli.arg.date': ['2025-13-01', '2025-02-30', 'tomorrow'],
  'cli.arg.json': ['{"a":', join(tmp, 'no-such.json')],
  'cli.arg.n': ['abc', '-1', '1.5', '1e999'],
  'cli.arg.share': ['2', '-0.5', 'abc'],
  'cli.arg.width': ['0', '-5', 'abc'],
  'cli.arg.port': ['abc', '70000', '-1'],
  'cli.arg.subject': ['没有这种对象'],
  'cli.arg.column': ['没有这一列'],
  'cli.arg.revision': ['no-such-revision'],
  'cli.arg.dir': [UNDER_A_FILE, ROOT + '/package.json'],
};
const badValues = (name: string, value: string | undefined): string[] | undefined =>
  value === 'cli.arg.path'
    ? WRITES.has(name)
      ? [UNDER_A_FILE + '/out.txt', tmp]
      : [join(tmp, 'no-such-file.csv'), tmp]
    : // Parameters, read by eval, build --target sql and batch each: also nested 5,000 deep and 200,000 unknown names
      // (facts and ledgers get those in 'hostile JSON to policy eval' below).
      name === 'params'
      ? [...BAD['cli.arg.json']!, deepJson, manyKeys]
      : value
        ? BAD[value]
        : undefined;
/** Commands whose baseline cannot run in a test process (a server, or Spark): only what is refused before they start. */
const NOT_RUN = new Set(['lsp', 'workbench']);

describe('every value of every option, from the option table', () => {
  for (const [name, def] of Object.entries(COMMANDS)) {
    const options = optionsOf(def);
    it(`policy ${name}`, async () => {
      const base = BASE[name];
      expect(base, `a baseline command line for ${name} (add it to BASE)`).toBeDefined();
      // Every value the option takes: an invalid choice, a missing required option, an option out of its context.
      for (const [opt, o] of Object.entries(options)) {
        const context = o.onlyWith?.values && !o.onlyWith.values.includes(options[o.onlyWith.option]?.default ?? '') ? [`--${o.onlyWith.option}`, o.onlyWith.values[0]!] : [];
        if (o.choices) {
          const r = await cli(name, ...base!, ...context, `--${opt}`, 'bogus');
          expect(r.status, `${name} --${opt} bogus`).toBe(2);
          obeysTheRules(r, `--${opt}`);
          expect(r.stderr).toContain(o.choices.join(', '));
        }
        if (o.required) {
          const without = base!.filter((_, i) => base![i] !== `--${opt}` && base![i - 1] !== `--${opt}`);
          const r = await cli(name, ...without);
          expect(r.status, `${name} without --${opt}`).toBe(2);
          obeysTheRules(r, `--${opt}`);
        }
        if (o.onlyWith) {
          const value = o.type === 'string' ? [o.choices?.[0] ?? '1'] : [];
          const other = o.onlyWith.values ? options[o.onlyWith.option]!.choices!.find((c) => !o.onlyWith!.values!.includes(c)) : undefined;
          const r = await cli(name, ...base!, ...(other ? [`--${o.onlyWith.option}`, other] : []), `--${opt}`, ...value);
          expect(r.status, `${name} --${opt} without ${o.onlyWith.option}`).toBe(2);
          obeysTheRules(r, `--${opt}`);
          expect(r.stderr).toContain(`--${o.onlyWith.option}`);
        }
        for (const other of o.notWith ?? []) {
          const r = await cli(name, ...base!, `--${opt}`, `--${other}`);
          expect(r.status, `${name} --${opt} --${other}`).toBe(2);
          obeysTheRules(r, `--${opt}`);
        }
        // Values of the wrong kind: refused, naming the option (or the value, for a name that is not in the policy).
        if (o.type !== 'string' || o.choices || (NOT_RUN.has(name) && opt !== 'port') || opt === 'master' || opt === 'lang') continue;
        const needs = o.onlyWith && !o.onlyWith.values ? [`--${o.onlyWith.option}`, subjects] : context;
        for (const bad of badValues(opt, o.value) ?? []) {
          const given = base!.includes(`--${opt}`) ? base!.filter((_, i) => base![i] !== `--${opt}` && base![i - 1] !== `--${opt}`) : base!;
          const r = await cli(name, ...given, ...needs, `--${opt}`, bad);
          const shown = bad.length > 100 ? '' : bad;
          expect(r.status, `${name} --${opt} ${shown.slice(0, 40)}`).not.toBe(0);
          expect(r.stdout.length, 'no result printed for a bad value').toBeLessThan(20_000);
          obeysTheRules(r, '', `${name} --${opt} ${shown.slice(0, 60)}`);
          // The option, its value (or the file's name), or the fields at fault (input errors: `P3001 k0: …`).
          const names = [`--${opt}`, shown, shown.split('/').pop()].some((n) => n && r.stderr.includes(n)) || /^ {2}P3\d{3} \S/m.test(r.stderr);
          expect(names, `${name} --${opt} ${shown.slice(0, 40)}: ${r.stderr.slice(0, 500)}`).toBe(true);
        }
      }
      // The number of arguments.
      const { min, max } = def.positionals;
      if (min > 0) {
        const r = await cli(name, ...base!.slice(min));
        expect(r.status, `${name} without its ${min} argument(s)`).toBe(2);
        obeysTheRules(r, '');
      }
      if (max !== undefined) {
        const r = await cli(name, ...base!, ...Array.from({ length: max + 1 }, () => XIAOSHAN));
        expect(r.status, `${name} with more than ${max} argument(s)`).toBe(2);
        obeysTheRules(r, XIAOSHAN);
      }
    }, 120_000);
  }
});

const FULL = !!process.env['HOSTILE_FULL'];
const KEYS = FULL ? 200_000 : 20_000;
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
    // npm test: 20,000 keys and 5 MB; npm run test:deep (HOSTILE_FULL=1): 200,000 and 50 MB.
    [`${KEYS.toLocaleString('en')} unknown keys`, ['--facts', file('many.json', JSON.stringify(Object.fromEntries(Array.from({ length: KEYS }, (_, i) => [`k${i}`, i]))))], `and ${KEYS - 20} more`],
    [`a ${FULL ? 50 : 5} MB value`, ['--facts', file('big.json', JSON.stringify({ 年度自主认定人次: 'x'.repeat(FULL ? 50_000_000 : 5_000_000) }))], '年度自主认定人次'],
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

/** `npm start`'s demo, run once for the tests that read it (it checks every policy and runs their examples). */
let demo: SpawnSyncReturns<string> | undefined;
const demoRun = () => (demo ??= spawnSync(process.execPath, [BIN, 'demo', '--lang', 'en'], { encoding: 'utf8', cwd: ROOT }));

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

  it('every command that prints ends quietly when its reader goes away (| head -1)', async () => {
    const runs: string[][] = [
      ['check', XIAOSHAN, NATIONAL, '--json'],
      ['eval', ...EVAL.slice(1), '--trace'],
      ['test', XIAOSHAN, NATIONAL],
      ['build', XIAOSHAN, '--target', 'sql'],
      ['build', XIAOSHAN, NATIONAL, '--target', 'ir'],
      ['summary', XIAOSHAN],
      ['diff', XIAOSHAN, NATIONAL],
      ['population', XIAOSHAN, '--n', '20000'],
      ['help'],
      ['demo'],
    ];
    expect(new Set(runs.map((r) => r[0])), 'every command that writes to stdout').toEqual(
      new Set(Object.keys(COMMANDS).filter((c) => !['fmt', 'batch', 'lsp', 'workbench'].includes(c))),
    );
    const closed = (argv: string[]) =>
      new Promise<{ argv: string[]; status: number | null; signal: string | null; stderr: string }>((resolve) => {
        const p = spawn(process.execPath, [BIN, ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, POLICY_LANG: 'en' } });
        let stderr = '';
        p.stderr.on('data', (d) => (stderr += String(d)));
        p.stdout.once('data', () => p.stdout.destroy());
        p.on('exit', (status, signal) => resolve({ argv, status, signal, stderr }));
      });
    // Two at a time: the machine has two cores.
    const results = [];
    for (let i = 0; i < runs.length; i += 2) results.push(...(await Promise.all(runs.slice(i, i + 2).map(closed))));
    for (const r of results) {
      const what = `policy ${r.argv.join(' ')} | head -1`;
      expect(r.signal, what).toBeNull();
      expect(r.stderr, what).not.toMatch(/EPIPE|internal error|\n\s+at /);
      expect([0, 1], `${what}: ${r.stderr}`).toContain(r.status);
    }
  }, 180_000);

  it('every command npm start prints works when pasted', () => {
    const demo = demoRun();
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
    const demo = demoRun().stdout;
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
