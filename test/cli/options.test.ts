// The option table (compiler/cli/commands.ts) and its parser, in process:
// every misunderstood command line exits 2 and says why, naming the option;
// help is generated from the same table.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../compiler/cli.ts';
import { COMMANDS, optionsOf } from '../../compiler/cli/commands.ts';
import { XIAOSHAN } from '../helpers.ts';

async function cli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const status = await main(argv);
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

// Messages printed before --lang is understood follow POLICY_LANG.
// Restored after: test files may share a worker process (npm test runs vitest with --no-isolate).
const policyLang = process.env['POLICY_LANG'];
beforeAll(() => void (process.env['POLICY_LANG'] = 'en'));
afterAll(() => (policyLang === undefined ? delete process.env['POLICY_LANG'] : (process.env['POLICY_LANG'] = policyLang)));

const FACTS = '{"已备案认定企业":true,"年度自主认定人次":70}';
const EVAL = ['eval', XIAOSHAN, '--subject', '企业', '--facts', FACTS, '--lang', 'en'];

describe('misunderstood command lines exit 2 with the reason (the cases from issue 18)', () => {
  const cases: [string[], string][] = [
    [[...EVAL, '--ledgr', 'ledger.json'], 'policy eval: unknown option --ledgr; did you mean --ledger?'],
    [[...EVAL, '--data', '2025-06-01'], 'policy eval: unknown option --data; did you mean --date?'],
    [[...EVAL, '--date='], 'policy eval: option --date needs a value (DATE)'],
    [[...EVAL, '--date'], 'policy eval: option --date needs a value (DATE)'],
    [[...EVAL, '--date', '--json'], 'policy eval: option --date needs a value (DATE)'],
    [['eval', XIAOSHAN, '--subject', '企业', '--fact', 'f.json', '--lang', 'en'], 'policy eval: unknown option --fact; did you mean --facts?'],
    [['eval', XIAOSHAN, '--subject', '企业', '--lang', 'en'], 'policy eval: missing the required option --facts JSON'],
    [[...EVAL, '--json=yes'], 'policy eval: option --json takes no value (got "yes")'],
    [[...EVAL, '--date', '2025-06-01', '--date', '2025-01-01'], 'policy eval: option --date is given more than once'],
    [[...EVAL, 'extra.policy'], 'policy eval: unexpected argument "extra.policy"'],
    // A path is named in full however deep the folder it lives in (CI clones into a longer path than ours).
    [[...EVAL, `/${'deep/'.repeat(30)}extra.policy`], `policy eval: unexpected argument "/${'deep/'.repeat(30)}extra.policy"`],
    [['check', '--lang', 'en'], 'policy check: missing argument FILE'],
    [['check', XIAOSHAN, '-x', '--lang', 'en'], 'policy check: unknown option -x'],
    [['fmt', XIAOSHAN, '--keywords', 'fr', '--lang', 'en'], 'policy fmt: option --keywords: "fr" is not one of keep, zh, en'],
    [['build', XIAOSHAN, '--lang', 'en'], 'policy build: missing the required option --out DIR'],
    [['check', XIAOSHAN, '--lang', 'fr'], 'policy check: option --lang: "fr" is not one of zh, en'],
    [['lsp', '--socket', '--lang', 'en'], 'policy lsp: unknown option --socket'],
    [['chek', XIAOSHAN, '--lang', 'en'], 'unknown command "chek"; did you mean check?'],
    [['--lang', 'en', 'check'], 'the command comes before its options (got "--lang")'],
    [['help', 'nope', '--lang', 'en'], 'unknown command "nope"'],
    [['eval', XIAOSHAN, '--subject', '企业', '--fakts', 'f.json', '--lang', 'zh'], 'policy eval: 未知选项 --fakts；是否要写 --facts？'],
  ];
  for (const [argv, expected] of cases) {
    it(argv.slice(2).join(' ') || argv.join(' '), async () => {
      const r = await cli(...argv);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(expected);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }
});

describe('every option of every command', () => {
  for (const [name, def] of Object.entries(COMMANDS)) {
    const options = optionsOf(def);
    it(`policy ${name}: a misspelt option is refused with a suggestion; a missing value is refused`, async () => {
      const file = def.positionals.max === 0 ? [] : [XIAOSHAN];
      for (const [opt, o] of Object.entries(options)) {
        if (opt.length < 3) continue;
        const typo = `--${opt.slice(0, -1)}${opt.at(-1) === 'x' ? 'y' : 'x'}`;
        const r = await cli(name, ...file, typo, '--lang', 'en');
        expect(r.status, typo).toBe(2);
        expect(r.stderr).toContain(`unknown option ${typo}; did you mean --${opt}?`);
        if (o.type === 'string') {
          const m = await cli(name, ...file, `--${opt}`);
          expect(m.status, `--${opt} without value`).toBe(2);
          expect(m.stderr).toMatch(new RegExp(`--${opt} (needs a value|缺少值)`));
        }
      }
    });
    it(`policy ${name} --help lists every option it accepts`, async () => {
      const r = await cli(name, '--help', '--lang', 'en');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: policy ${name}`));
      for (const opt of Object.keys(options)) expect(r.stdout).toContain(`--${opt}`);
    });
  }
  it('policy help lists every command, in both languages', async () => {
    for (const lang of ['en', 'zh']) {
      const r = await cli('help', '--lang', lang);
      expect(r.status).toBe(0);
      for (const name of Object.keys(COMMANDS)) expect(r.stdout).toContain(`policy ${name}`);
    }
  });
});
