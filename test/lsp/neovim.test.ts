// A headless Neovim attached to the real server: it receives the diagnostics
// of a bad edit and completions (test/lsp/nvim-init.lua does the editing and
// writes what it saw as JSON). Needs `nvim` (apt-get install -y neovim);
// skipped, with a message, only when it is absent.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { BIN, POLICY } from './client.ts';

function nvimVersion(): string | undefined {
  try {
    return execFileSync('nvim', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

const version = nvimVersion();
if (!version) console.warn('test/lsp/neovim.test.ts: SKIPPED — `nvim` is not installed (apt-get install -y neovim)');

const dir = mkdtempSync(join(tmpdir(), 'policy-nvim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface NvimResult {
  nvim?: string;
  initialized?: boolean;
  got_diagnostics?: boolean;
  diagnostics?: { lnum: number; col: number; end_lnum: number; end_col: number; severity: number; message: string; code?: string }[];
  completions?: string[];
  hover?: string;
  errors: string[];
}

describe.skipIf(!version)(`headless Neovim (${version ?? 'absent'})`, () => {
  it('receives diagnostics and completions from the server', async () => {
    const file = join(dir, 'xiaoshan.policy');
    copyFileSync(POLICY, file);
    const text = readFileSync(POLICY, 'utf8');
    const lines = text.split('\n');
    // The fund line of 企业认定奖励, misspelt.
    const benefitLine = lines.findIndex((l) => l.startsWith('待遇 企业认定奖励'));
    const editLine = lines.findIndex((l, i) => i > benefitLine && l.includes('资金：人才专项资金'));
    const editText = lines[editLine]!.replace('人才专项资金', '人才专项基金');
    const edited = [...lines.slice(0, editLine), editText, ...lines.slice(editLine + 1)].join('\n');
    // Completion at the second condition of that benefit: the facts of 企业.
    const completeLine = lines.findIndex((l, i) => i > benefitLine && l.includes('条件：已备案认定企业，'));
    const completeChar = lines[completeLine]!.indexOf('，') + 1;

    const out = join(dir, 'out.json');
    const init = fileURLToPath(new URL('./nvim-init.lua', import.meta.url));
    const env = {
      ...process.env,
      POLICY_FILE: file,
      POLICY_NODE: process.execPath,
      POLICY_BIN: BIN,
      POLICY_NVIM_OUT: out,
      POLICY_EDIT_LINE: String(editLine),
      POLICY_EDIT_TEXT: editText,
      POLICY_COMPLETE_LINE: String(completeLine),
      POLICY_COMPLETE_CHAR: String(completeChar),
      XDG_STATE_HOME: dir,
      XDG_DATA_HOME: dir,
      XDG_CACHE_HOME: dir,
    };
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('nvim', ['--headless', '--clean', '-u', init], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        if (c !== 0) console.error(stderr);
        resolve(c);
      });
    });
    expect(code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
    expect(result.errors).toEqual([]);
    expect(result.initialized).toBe(true);
    expect(result.got_diagnostics).toBe(true);

    // The same diagnostics as compile(), with Neovim's byte columns.
    const want = compile(edited).diagnostics.map((d) => {
      const before = edited.slice(0, d.range.start);
      const lnum = before.split('\n').length - 1;
      const lineStart = before.lastIndexOf('\n') + 1;
      const endBefore = edited.slice(0, d.range.end);
      const endLnum = endBefore.split('\n').length - 1;
      const endLineStart = endBefore.lastIndexOf('\n') + 1;
      return {
        code: d.code,
        lnum,
        col: Buffer.byteLength(edited.slice(lineStart, d.range.start)),
        end_lnum: endLnum,
        end_col: Buffer.byteLength(edited.slice(endLineStart, d.range.end)),
      };
    });
    const got = result.diagnostics!.map(({ code, lnum, col, end_lnum, end_col }) => ({ code, lnum, col, end_lnum, end_col }));
    expect(got.sort((a, b) => a.lnum - b.lnum)).toEqual(want);
    const p2006 = result.diagnostics!.find((d) => d.code === 'P2006')!;
    expect(p2006.lnum).toBe(editLine);
    expect(p2006.message).toContain('人才专项基金');

    expect(result.completions).toContain('已备案认定企业');
    expect(result.completions).toContain('年度自主认定人次');
    expect(result.completions).not.toContain('院校在我区');
    expect(result.hover).toContain('年度自主认定人次');
  }, 120000);
});
