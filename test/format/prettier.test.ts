// The plugin through prettier itself: the API (prettier.format with the
// plugin object) and the real CLI (`npx prettier --plugin compiler/format/plugin.js`)
// on temporary copies of policies.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../compiler/format/plugin.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { PLUGIN_JS, ROOT, fmt, goldenPath, readSource } from './helpers.ts';

const run = promisify(execFile);

describe('prettier API', () => {
  it('formats with the plugin object and the policy parser, like formatPolicy', async () => {
    const source = readSource('xiaoshan');
    const out = await prettier.format(source, { parser: 'policy', plugins: [plugin] });
    expect(out).toBe(await fmt(source));
    expect(out).toBe(readFileSync(goldenPath('xiaoshan', { keywords: 'keep', punctuation: 'auto' }), 'utf8'));
  });

  it('infers the parser from the .policy extension and takes the plugin options', async () => {
    const source = readSource('features');
    const out = await prettier.format(source, {
      filepath: 'policies/x.policy',
      plugins: [plugin],
      policyKeywords: 'en',
      policyPunctuation: 'half',
    } as prettier.Options);
    expect(out).toBe(readFileSync(goldenPath('features', { keywords: 'en', punctuation: 'half' }), 'utf8'));
    expect(await prettier.check(out, { filepath: 'x.policy', plugins: [plugin], policyKeywords: 'en', policyPunctuation: 'half' } as prettier.Options)).toBe(true);
    expect(await prettier.check(source, { filepath: 'x.policy', plugins: [plugin] })).toBe(false);
  });

  it('declares the language and its options to prettier', async () => {
    const info = await prettier.getSupportInfo({ plugins: [plugin] });
    const lang = info.languages.find((l) => l.name === 'Policy');
    expect(lang?.extensions).toEqual(['.policy']);
    const keywords = info.options.find((o) => o.name === 'policyKeywords');
    const punctuation = info.options.find((o) => o.name === 'policyPunctuation');
    expect(keywords && 'choices' in keywords && keywords.choices.map((c) => c.value)).toEqual(['keep', 'zh', 'en']);
    expect(punctuation && 'choices' in punctuation && punctuation.choices.map((c) => c.value)).toEqual(['auto', 'full', 'half']);
  });

  it('uses prettier options: printWidth, tabWidth and useTabs', async () => {
    const text = '待遇 甲 { 金额：按 级别 { 一级：1000元，二级：800元，三级：500元 }； }\n';
    expect(await prettier.format(text, { parser: 'policy', plugins: [plugin], printWidth: 30, useTabs: true })).toBe(
      '待遇 甲 {\n\t金额：按 级别 {\n\t\t一级：1000元，\n\t\t二级：800元，\n\t\t三级：500元\n\t}；\n}\n',
    );
    expect(await prettier.format(text, { parser: 'policy', plugins: [plugin], printWidth: 30, tabWidth: 4 })).toContain('\n    金额：按 级别 {\n        一级');
  });

  it('rejects an unknown option value', async () => {
    await expect(prettier.format('资金 甲；', { parser: 'policy', plugins: [plugin], policyKeywords: 'fr' } as prettier.Options)).rejects.toThrow(/policyKeywords/);
  });
});

describe('prettier CLI', () => {
  let dir = '';
  const cli = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run('npx', ['prettier', '--plugin', PLUGIN_JS, ...args], { cwd: ROOT, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  };

  beforeAll(() => {
    // Outside the repository: prettier skips files that .gitignore lists (tmp/).
    dir = mkdtempSync(join(tmpdir(), 'policy-fmt-'));
    // The shipped policy is formatted; trailing spaces make a copy that is not.
    writeFileSync(join(dir, 'xiaoshan.policy'), readSource('xiaoshan').replaceAll('；\n', '；   \n'));
    writeFileSync(join(dir, 'features.policy'), readSource('features'));
    writeFileSync(join(dir, 'broken.policy'), '资金 甲；\n政策 {\n  标题 “x”；\n}\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--check reports unformatted files, --write formats them as formatPolicy does, then --check passes', async () => {
    const files = [join(dir, 'xiaoshan.policy'), join(dir, 'features.policy')];
    const before = await cli('--check', ...files);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('xiaoshan.policy');
    expect(before.stderr).toContain('features.policy');
    const write = await cli('--write', ...files);
    expect(write.code, write.stderr).toBe(0);
    for (const [file, name] of [
      [files[0]!, 'xiaoshan'],
      [files[1]!, 'features'],
    ] as const) {
      expect(readFileSync(file, 'utf8')).toBe(readFileSync(goldenPath(name, { keywords: 'keep', punctuation: 'auto' }), 'utf8'));
    }
    const after = await cli('--check', ...files);
    expect(after.code, after.stderr).toBe(0);
  }, 120_000);

  it('passes the plugin options on the command line', async () => {
    const out = await cli('--policy-keywords=en', '--policy-punctuation=half', join(dir, 'features.policy'));
    expect(out.code, out.stderr).toBe(0);
    // Declared options: prettier knows them, so no "[warn] Ignored unknown option".
    expect(out.stderr).toBe('');
    const expected = await formatPolicy(readSource('features'), { keywords: 'en', punctuation: 'half' });
    expect(expected.ok && expected.text).toBe(out.stdout);
  }, 120_000);

  it('passes prettier --debug-check (same AST after formatting, ranges ignored)', async () => {
    const out = await cli('--debug-check', join(dir, 'features.policy'), join(dir, 'xiaoshan.policy'));
    expect(out.code, out.stderr).toBe(0);
  }, 120_000);

  it('does not touch a file with a syntax error and reports its place', async () => {
    const file = join(dir, 'broken.policy');
    const before = readFileSync(file, 'utf8');
    const out = await cli('--write', file);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('3:6: unexpected "“x”"; expected ":"');
    expect(readFileSync(file, 'utf8')).toBe(before);
  }, 120_000);
});
