// The Neovim set-up in docs/editors.md, exactly as a user pastes it into
// init.lua: the snippet for the installed Neovim (0.7's start_client, or 0.8+'s
// vim.lsp.start) must attach the server and show the diagnostics of a bad file.
// Needs `nvim` (apt-get install -y neovim); skipped, with a message, when absent.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';

function nvimVersion(): [number, number] | undefined {
  try {
    const m = /NVIM v(\d+)\.(\d+)/.exec(execFileSync('nvim', ['--version'], { encoding: 'utf8' }));
    return m ? [Number(m[1]), Number(m[2])] : undefined;
  } catch {
    return undefined;
  }
}

const version = nvimVersion();
if (!version) console.warn('test/lsp/neovim-docs.test.ts: SKIPPED — `nvim` is not installed (apt-get install -y neovim)');

/** The Lua blocks of the Neovim section of docs/editors.md: [0] for 0.8+, [1] for 0.7. */
function snippets(): string[] {
  const doc = readFileSync(join(ROOT, 'docs/editors.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Neovim'), doc.indexOf('\n## ', doc.indexOf('## Neovim') + 1));
  return [...section.matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

const dir = mkdtempSync(join(tmpdir(), 'policy-nvim-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!version)(`docs/editors.md in Neovim ${version?.join('.') ?? '(absent)'}`, () => {
  it('the snippet for this version attaches the server and shows diagnostics', async () => {
    const blocks = snippets();
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const modern = version![0] > 0 || version![1] >= 8;
    const snippet = (modern ? blocks[0]! : blocks[1]!).replaceAll('/path/to/policy-dsl', ROOT.replace(/\/$/, ''));
    const init = join(dir, 'init.lua');
    writeFileSync(init, snippet);
    const file = join(dir, 'bad.policy');
    writeFileSync(file, '政策 { 标题：“x”；文号：“y”；施行日期：2025-01-01；有效期：1年； }\n资金 钱；\n对象 甲 { 数：人； }\n待遇 乙 { 条款：“一”；对象：甲；资金：钱；金额：100元 + 数； }\n');
    const out = join(dir, 'out.json');
    const probe = [
      'lua vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 100)',
      `lua local f = io.open('${out}', 'w'); f:write(vim.fn.json_encode({ ft = vim.bo.filetype, clients = #vim.lsp.buf_get_clients(0), diagnostics = vim.tbl_map(function(d) return d.code or d.message end, vim.diagnostic.get(0)) })); f:close()`,
      'qall!',
    ];
    await new Promise<void>((resolve, reject) => {
      const p = spawn('nvim', ['--headless', '--clean', '-u', init, file, ...probe.flatMap((c) => ['-c', c])], { cwd: dir, stdio: 'ignore' });
      const timer = setTimeout(() => {
        p.kill();
        reject(new Error('nvim did not finish'));
      }, 90_000);
      p.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const result = JSON.parse(readFileSync(out, 'utf8')) as { ft: string; clients: number; diagnostics: string[] };
    expect(result.ft).toBe('policy');
    expect(result.clients).toBeGreaterThan(0);
    expect(result.diagnostics).toContain('P2009');
  }, 120_000);
});
