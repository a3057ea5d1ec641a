// The real `policy` binary, spawned as a user would run it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from '../../grammar/index.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, XIAOSHAN, policyFiles, stripRanges } from '../helpers.ts';

const BIN = join(ROOT, 'compiler/bin.js');
const run = (...args: string[]) => spawnSync('node', [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, LANG: 'C' } });
const tmp = mkdtempSync(join(tmpdir(), 'policy-cli-'));
const write = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

describe('policy check', () => {
  it('passes the shipped policy', () => {
    const r = run('check', XIAOSHAN);
    expect(r.status).toBe(0);
  });
  it('prints file:line:col, code, source line and caret; exit 1', () => {
    const bad = write('bad.policy', '政策 { 标题：“x”；文号：“y”；施行日期：2025-01-01；有效期：1年； }\n资金 钱；\n对象 甲 { 数：人； }\n待遇 乙 { 条款：“一”；对象：甲；资金：钱；金额：100元 + 数； }\n');
    const r = run('check', bad, '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${bad}:4:28: error P2009: unit mismatch: cannot add yuan and persons`);
    expect(r.stdout).toMatch(/\n {3}4 \| 待遇 乙 .*\n {5}\| +~+\n/);
    const zh = run('check', bad, '--lang', 'zh');
    expect(zh.stdout).toContain('错误 P2009: 单位不一致：元 与 人 不能相加');
  });
  it('--json gives structured diagnostics', () => {
    const bad = write('bad2.policy', '资金 钱；\n');
    const r = run('check', bad, '--json', '--lang', 'en');
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as { code: string; line: number; column: number; message: string }[];
    expect(json.map((d) => d.code)).toContain('P2018');
  });
});

describe('policy eval', () => {
  const facts = write('facts.json', JSON.stringify({ 已备案认定企业: true, 年度自主认定人次: 70 }));
  it('--json gives the decision with exact amounts', () => {
    const r = run('eval', XIAOSHAN, '--subject', '企业', '--facts', facts, '--date', '2025-06-01', '--json');
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    const b = d.benefits.find((x: { id: string }) => x.id === '企业认定奖励');
    expect(b).toMatchObject({ clause: '二（三）7', status: 'eligible', amount: '40000.00', ceiling: null, fund: '人才专项资金', missing: [] });
    expect(Object.keys(b)).toEqual(expect.arrayContaining(['id', 'clause', 'title', 'status', 'amount', 'ceiling', 'fund', 'reasons', 'missing']));
    expect(d.total).toBe('40000.00');
  });
  it('explains in text, and uses the ledger: the annual cap stated as cap, used, this payment, remaining', () => {
    const ledger = write('ledger.json', JSON.stringify([{ benefit: '企业认定奖励', date: '2025-03-10', amount: '45000.00' }]));
    const many = write('facts200.json', JSON.stringify({ 已备案认定企业: true, 年度自主认定人次: 200 }));
    const r = run('eval', XIAOSHAN, '--subject', '企业', '--facts', many, '--date', '2025-06-01', '--ledger', ledger, '--lang', 'en');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /✓ 二（三）7 .*— 5000\.00 yuan; .*limited by the annual cap: 105000\.00 yuan computed, only what remains is paid: cap for 2025 50000\.00 yuan; already received 45000\.00 yuan; this payment 5000\.00 yuan; remaining after it 0\.00 yuan/,
    );
    expect(r.stdout).not.toContain('ceiling');
    expect(r.stdout).toContain('Total: 5000.00 yuan');
    const zh = run('eval', XIAOSHAN, '--subject', '企业', '--facts', many, '--date', '2025-06-01', '--ledger', ledger);
    expect(zh.stdout).toContain('2025年度上限50000.00元，已享受45000.00元，本次5000.00元，剩余0.00元');
    expect(zh.stdout).toContain('合计：5000.00元');
  });
  it('a ledger entry after the as-of date, or with a key the benefit does not have, exits 2 naming it', () => {
    const ledger = write(
      'bad-ledger.json',
      JSON.stringify([
        { benefit: '企业认定奖励', date: '2025-07-10', amount: '1000.00' },
        { benefit: '技术比武经费资助', date: '2025-03-10', amount: '1000.00', key: { 比武名称: 'x' } },
        { benefit: '技术比武经费资助', date: '2025-03-10', amount: '1000.00' },
      ]),
    );
    const r = run('eval', XIAOSHAN, '--subject', '企业', '--facts', facts, '--date', '2025-06-01', '--ledger', ledger, '--lang', 'en');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('P3015 ledger[0].date: the payment date 2025-07-10 is after the as-of date 2025-06-01');
    expect(r.stderr).toContain('P3013 ledger[1].key.比武名称');
    expect(r.stderr).toContain('P3014 ledger[2].key: a ledger entry of benefit "技术比武经费资助" must record 比武项目名称');
  });
  it('a parameter with sub-fen money is rejected like a fact, not rounded', () => {
    const params = write('params.json', JSON.stringify({ 企业职业培训补贴标准: '12.345' }));
    const r = run('eval', XIAOSHAN, '--subject', '企业', '--facts', facts, '--date', '2025-06-01', '--params', params);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('P3007 params.企业职业培训补贴标准');
  });
  it('bad facts exit 2 naming each field', () => {
    const bad = write('bad.json', JSON.stringify({ 已备案认定企业: 'yes', 年度自主认定人次: -5, 直接培养人数: { 大师: 1 }, 乱写: 1 }));
    const r = run('eval', XIAOSHAN, '--subject', '企业', '--facts', bad, '--lang', 'en');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    for (const s of ['P3002 已备案认定企业', 'P3003 年度自主认定人次', 'P3004 直接培养人数.大师', 'P3001 乱写']) expect(r.stderr).toContain(s);
  });
  it('an unknown subject type exits 2', () => {
    const r = run('eval', XIAOSHAN, '--subject', '外星人', '--facts', facts);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('P3005');
  });
});

describe('policy test', () => {
  it('runs the examples and ends with a count', () => {
    const r = run('test', XIAOSHAN, '--lang', 'en');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+ passed, 0 failed$/);
  });
  it('reports a failing example with its place; exit 1', () => {
    const p = write('fail.policy', '政策 { 标题：“x”；文号：“y”；施行日期：2025-01-01；有效期：1年； }\n资金 钱；\n对象 甲 { 数：人； }\n待遇 乙 {\n  条款：“一”；对象：甲；资金：钱；金额：100元/人 × 数；\n  示例 “三人” { 数：3人；期望：400元； }\n  示例 “两人” { 数：2人；期望：200元； }\n}\n');
    const r = run('test', p, '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${p}:6:3: 一 乙: example "三人" failed: expected 400.00 yuan, got 300.00 yuan`);
    expect(r.stdout).toContain('1 passed, 1 failed');
  });
  it('runs each example on its own: an error in one example or one benefit stops only those; exit 1', () => {
    const p = write(
      'isolated.policy',
      '政策 { 标题：“x”；文号：“y”；施行日期：2025-01-01；有效期：1年； }\n资金 钱；\n对象 甲 { 数：人； }\n' +
        '待遇 乙 {\n  条款：“一”；对象：甲；资金：钱；金额：100元/人 × 数；\n' +
        '  示例 “三人” { 数：3人；期望：300元； }\n  示例 “无单位” { 数：3；期望：300元； }\n  示例 “两人” { 数：2人；期望：300元； }\n}\n' +
        '待遇 丙 {\n  条款：“二”；对象：甲；资金：钱；金额：50元；总额不超过：1万元；\n  示例 “一” { 数：1人；期望：50元； }\n}\n' +
        '待遇 丁 {\n  条款：“三”；对象：甲；资金：钱；金额：20元；\n  示例 “一” { 数：1人；期望：20元； }\n}\n',
    );
    const r = run('test', p, '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('P2175');
    expect(r.stderr).toContain('P2190');
    expect(r.stdout).toContain(`${p}:7:3: 一 乙: example "无单位" not run: the example has an error (P2175, line 7)`);
    expect(r.stdout).toContain(`${p}:8:3: 一 乙: example "两人" failed: expected 300.00 yuan, got 200.00 yuan`);
    expect(r.stdout).toContain(`${p}:12:3: 二 丙: example "一" not run: its benefit has an error (P2190, line 11); fix it first`);
    expect(r.stdout).toContain('2 passed, 1 failed, 2 not run (errors)');
  });
  const twoExamples =
    '政策 { 标题：“x”；文号：“y”；施行日期：2025-01-01；有效期：1年； }\n资金 钱；\n对象 甲 { 数：人； }\n待遇 乙 {\n  条款：“一”；对象：甲；资金：钱；条件：数 达到 2人；金额：100元/人 × 数；\n' +
    '  示例 “三人” { 数：3人；期望：300元； }\n  示例 “一人” { 数：1人；期望：不符合； }\n  示例 “两人” { 数：2人；期望：300元； }\n}\n';
  it('--verbose lists every example, passed ones too, with the amount computed and the reasons', () => {
    const p = write('verbose.policy', twoExamples);
    const r = run('test', p, '--verbose', '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${p}:6:3: 一 乙: example "三人" passed: 300.00 yuan\n`);
    expect(r.stdout).toMatch(/example "一人" passed: not eligible\n {4}P4003 condition not met: /);
    expect(r.stdout).toContain(`${p}:8:3: 一 乙: example "两人" failed: expected 300.00 yuan, got 200.00 yuan`);
    expect(r.stdout).toContain('2 passed, 1 failed');
    // Without --verbose a passed example prints nothing.
    expect(run('test', p, '--lang', 'en').stdout).not.toContain('"三人" passed');
  });
  it('--verbose shows what a non-monetary benefit grants', () => {
    const r = run('test', join(ROOT, 'test/emit/fixtures/grant-by-case.policy'), '--verbose', '--lang', 'en');
    expect(r.status).toBe(0);
    // An example expecting 符合: the outcome on its own line; one expecting the outcome (期望：2个) says it once.
    expect(r.stdout).toMatch(/example "199.99万元，1个" passed: eligible\n {4}outcome: 1 numbers\n/);
    expect(r.stdout).toMatch(/example "200万元，2个" passed: eligible, outcome: 2 numbers\n {4}✓/);
    expect(r.stdout).toMatch(/example "五星" passed: eligible, outcome: Model merchant\n {4}✓/);
  });
  it('--json gives one row per example with its result, amount and reasons', () => {
    const p = write('json.policy', twoExamples);
    const r = run('test', p, '--json', '--lang', 'en');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { passed: number; failed: number; notRun: number; files: { file: string; diagnostics: unknown[]; examples: { example: string; line: number; result: string; status: string; amount: string | null; reasons: { code: string }[] }[] }[] };
    expect(out).toMatchObject({ passed: 2, failed: 1, notRun: 0 });
    expect(out.files[0]!.file).toBe(p);
    expect(out.files[0]!.examples.map((e) => [e.example, e.line, e.result, e.status, e.amount])).toEqual([
      ['三人', 6, 'passed', 'eligible', '300.00'],
      ['一人', 7, 'passed', 'ineligible', null],
      ['两人', 8, 'failed', 'eligible', '200.00'],
    ]);
    expect(out.files[0]!.examples[1]!.reasons.map((x) => x.code)).toEqual(['P4003']);
  });
  it('--json reports an example that is not run and the diagnostics that stop it, on stdout only', () => {
    const p = write('json-err.policy', twoExamples.replace('示例 “两人” { 数：2人；', '示例 “两人” { 数：2；'));
    const r = run('test', p, '--json', '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { notRun: number; files: { diagnostics: { code: string }[]; examples: { result: string; blockedBy?: { code: string; line: number } }[] }[] };
    expect(out.notRun).toBe(1);
    expect(out.files[0]!.diagnostics.map((d) => d.code)).toEqual(['P2175']);
    expect(out.files[0]!.examples[2]).toMatchObject({ result: 'not-run', blockedBy: { code: 'P2175', line: 8 } });
  });
  it('refuses unknown options and --verbose with --json', () => {
    const r = run('test', XIAOSHAN, '--verbos', '--lang', 'en');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--verbose');
    expect(r.stdout).toBe('');
    const both = run('test', XIAOSHAN, '--verbose', '--json', '--lang', 'en');
    expect(both.status).toBe(2);
    expect(both.stdout).toBe('');
  });
});

describe('npm start', () => {
  it('checks the policies, runs their examples and explains a subject', () => {
    const r = run('demo', '--lang', 'zh');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('0 失败');
    expect(r.stdout).toContain('合计');
  });
});

describe('policy fmt', () => {
  it('the shipped policies are in the canonical layout', () => {
    const r = run('fmt', '--check', ...policyFiles());
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  const messy = '政策{标题:"格式";文号:"测试〔2025〕7号";施行日期:2025-01-01;有效期:1年;}\n资金 钱;\n对象 甲{数:人;}\n待遇 乙{条款:"一";对象:甲;资金:钱;金额:100元/人×数;}\n';
  it('--check reports an unformatted file and exits 1, leaving it alone', () => {
    const p = write('messy.policy', messy);
    const r = run('fmt', '--check', p, '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${p} is not formatted`);
    expect(readFileSync(p, 'utf8')).toBe(messy);
  });
  it('formats in place; the result is stable and means the same', () => {
    const p = write('messy2.policy', messy);
    expect(run('fmt', p).status).toBe(0);
    const once = readFileSync(p, 'utf8');
    expect(once).not.toBe(messy);
    expect(run('fmt', '--check', p).status).toBe(0);
    expect(stripRanges(parse(once).file)).toEqual(stripRanges(parse(messy).file));
  });
  it('--keywords en spells keywords in English', () => {
    const p = write('messy3.policy', messy);
    expect(run('fmt', '--keywords', 'en', '--punctuation', 'half', p).status).toBe(0);
    const out = readFileSync(p, 'utf8');
    expect(out).toContain('policy {');
    expect(out).toContain('benefit 乙 {');
  });
  it('does not format a file with syntax errors and names the place', () => {
    const bad = '政策 { 标题 “x”；}\n';
    const p = write('bad-fmt.policy', bad);
    const r = run('fmt', p, '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${p}:1:9: error P1003`);
    expect(readFileSync(p, 'utf8')).toBe(bad);
  });
});

describe('compiler/cli.ts run as a script is the policy command', () => {
  // `npx tsx compiler/cli.ts check FILE` used to import the module and exit 0 silently, even on a broken file.
  it('reports the errors of a broken file and exits 1', () => {
    const file = write('broken-script.policy', '待遇 {\n');
    const r = spawnSync('node', ['--import', 'tsx', join(ROOT, 'compiler/cli.ts'), 'check', file, '--lang', 'en'], { encoding: 'utf8', cwd: ROOT });
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/error P100\d/);
  }, 60_000);
});
