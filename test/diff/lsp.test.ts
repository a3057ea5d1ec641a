// The language server spawned over stdio, as an editor runs it: in an open
// amendment, hovering the benefit it changes shows the amendment, the change
// in meaning, and the old and new text; the policy it amends is read from the
// same folder on disk (not opened), or taken from an open document.
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hover } from 'vscode-languageserver-protocol';
import { fileUri, spawnServer, type LspClient } from '../lsp/client.ts';
import { positionOf } from '../lsp/expected.ts';
import { XIAOSHAN } from '../helpers.ts';
import { DIFF_DIR } from './helpers.ts';

const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
const AMENDMENTS = join(DIFF_DIR, 'fixtures', 'amendments');

describe('hover in an open amendment (stdio server)', () => {
  let client: LspClient;
  const dir = mkdtempSync(join(tmpdir(), 'policy-lsp-amend-'));
  copyFileSync(XIAOSHAN, join(dir, 'xiaoshan.policy'));
  for (const f of ['01-raise-cap.policy', '02-lower-threshold.policy']) copyFileSync(join(AMENDMENTS, f), join(dir, f));
  beforeAll(async () => {
    client = spawnServer();
    await client.initialize({ locale: 'zh-cn', initializationOptions: { diagnosticsDelay: 20 } });
  }, 60_000);
  afterAll(async () => {
    await client?.shutdown();
  });

  it('shows what 萧人社〔2026〕8号 changes in 二（三）7, against the text as amended before it', async () => {
    const path = join(dir, '02-lower-threshold.policy');
    const text = readFileSync(path, 'utf8');
    const uri = fileUri(path);
    await client.open(uri, text);
    const h = hoverText(await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '待遇 企业认定奖励', 0, 4) }));
    expect(h).toContain('**修订** 萧人社〔2026〕8号（自 2026-05-01 起施行）');
    expect(h).toContain('本年度累计自主认定技能人才人次由满50人次改为满30人次（条件放宽）');
    // The old text is the one 萧人社〔2026〕5号 left: 满50人次 with the 8万元 cap.
    expect(h).toMatch(/\*\*原条文\*\*：.*满50人次.*每年累计不超过8万元/);
    expect(h).toMatch(/\*\*修订后\*\*：.*满30人次/);
    // The usual benefit hover follows.
    expect(h).toContain('**待遇** 企业认定奖励');
  }, 60_000);

  it('no hover of this kind outside an amendment', async () => {
    const text = readFileSync(XIAOSHAN, 'utf8');
    const uri = fileUri(join(dir, 'xiaoshan.policy'));
    await client.open(uri, text);
    const h = hoverText(await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '待遇 企业认定奖励', 0, 4) }));
    expect(h).not.toContain('**修订**');
    expect(h).toContain('**待遇** 企业认定奖励');
  }, 60_000);
});

describe('diagnostics of an open amendment (stdio server)', () => {
  let client: LspClient;
  const dir = mkdtempSync(join(tmpdir(), 'policy-lsp-diag-'));
  copyFileSync(XIAOSHAN, join(dir, 'xiaoshan.policy'));
  beforeAll(async () => {
    client = spawnServer();
    await client.initialize({ locale: 'zh-cn', initializationOptions: { diagnosticsDelay: 20 } });
  }, 60_000);
  afterAll(async () => {
    await client?.shutdown();
  });

  it('checks it as the text it makes: clean when right, the typo at its place when not', async () => {
    const path = join(dir, '01-raise-cap.policy');
    const text = readFileSync(join(AMENDMENTS, '01-raise-cap.policy'), 'utf8');
    const uri = fileUri(path);
    await client.open(uri, text);
    const clean = await client.diagnosticsFor(uri, 1);
    expect(clean.diagnostics).toEqual([]);
    const typo = text.replace('年度自主认定人次 满 50人次', '年度认定人次 满 50人次');
    await client.change(uri, 2, [{ text: typo }]);
    const bad = await client.diagnosticsFor(uri, 2);
    expect(bad.diagnostics.map((d) => [d.code, d.range.start])).toEqual([['P2004', positionOf(typo, '年度认定人次')]]);
  }, 60_000);
});
