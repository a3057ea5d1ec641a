// Hostile files through every `policy` command (issue #17): a located
// diagnostic and exit 1, never an internal error (exit 70), a stack trace or an
// empty `--json`; output bounded. Every command runs in this process through
// the CLI's `main` (spawning ~35 processes would cost minutes); the real binary
// is spawned for one file.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { runHere } from './hostile-run.ts';

const BIN = join(ROOT, 'compiler/bin.js');
const tmp = mkdtempSync(join(tmpdir(), 'policy-hostile-'));
const HEAD = `政策 { 标题：“测试”；文号：“测〔2025〕1号”；施行日期：2025年1月1日；有效期：3年； }
资金 基金 “基金”；
对象 单位 “单位” { 人数：人 “人数”；在我区：是否 “在我区”； }
`;
const policy = (amount: string, cond = '在我区') =>
  HEAD + `待遇 补贴 “补贴” {\n  条款：“一”；\n  对象：单位；\n  资金：基金；\n  条件：${cond}；\n  金额：${amount}；\n}\n`;

function write(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, LANG: 'C' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const facts = write('facts.json', JSON.stringify({ 在我区: true }));

const FILES = [
  { name: 'parens', file: write('parens.policy', policy('('.repeat(1000) + '100元' + ')'.repeat(1000))), code: 'P1006' },
  { name: 'sum', file: write('sum.policy', policy(Array(5000).fill('1元').join(' + '))), code: 'P1006' },
  { name: 'and', file: write('and.policy', policy('100元', Array(5000).fill('在我区').join(' 且 '))), code: 'P1006' },
  { name: 'minus', file: write('minus.policy', policy('-'.repeat(1000) + '100元')), code: 'P1006' },
  { name: 'cr', file: write('cr.policy', policy('100元').replace('“补贴”', '“补\r贴”')), code: 'P1005' },
];

const COMMANDS: { name: string; args: (f: string) => string[] }[] = [
  { name: 'check', args: (f) => ['check', f, '--lang', 'en'] },
  { name: 'check --json', args: (f) => ['check', f, '--json', '--lang', 'en'] },
  { name: 'eval', args: (f) => ['eval', f, '--subject', '单位', '--facts', facts, '--date', '2025-06-01', '--lang', 'en'] },
  { name: 'build', args: (f) => ['build', f, '--out', join(tmp, 'out'), '--lang', 'en'] },
  { name: 'test', args: (f) => ['test', f, '--lang', 'en'] },
  { name: 'fmt --check', args: (f) => ['fmt', '--check', f, '--lang', 'en'] },
  { name: 'summary', args: (f) => ['summary', f, '--lang', 'en'] },
];

function expectLocated(command: string, file: string, code: string, r: { status: number | null; stdout: string; stderr: string }) {
  const all = r.stdout + r.stderr;
  expect({ command, status: r.status }).toEqual({ command, status: 1 });
  expect(all).not.toMatch(/internal error|RangeError|Maximum call stack|\n\s+at /);
  if (command === 'check --json') {
    const json = JSON.parse(r.stdout) as { code: string; line: number; column: number }[];
    const d = json.find((x) => x.code === code);
    expect(d).toBeDefined();
    expect(d!.line).toBeGreaterThan(1);
  } else {
    expect(all).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error ${code}`));
  }
  expect(all.length).toBeLessThan(20000);
}

describe('hostile files through every command', () => {
  it.each(FILES)('$name: every command exits 1 with a located $code', async ({ file, code }) => {
    for (const c of COMMANDS) expectLocated(c.name, file, code, await runHere(c.args(file)));
  }, 120000);

  it('the real binary too (check --json, fmt --check)', async () => {
    const { file, code } = FILES[0]!;
    const [json, fmt] = await Promise.all([run(COMMANDS[1]!.args(file)), run(COMMANDS[5]!.args(file))]);
    expectLocated('check --json', file, code, json);
    expectLocated('fmt --check', file, code, fmt);
  }, 120000);
});
