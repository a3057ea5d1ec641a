// The message language: the client's locale, the `policy.language` setting
// (initialization options, pushed with didChangeConfiguration, or pulled with
// workspace/configuration), and the CLI entry `policy lsp --stdio`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY, ROOT, inProcessClient, spawnServer } from './client.ts';

const bad = readFileSync(POLICY, 'utf8').replace('资金：人才专项资金', '资金：人才专项基金');
const uri = 'file:///settings.policy';
const messageOf = (d: { diagnostics: { code?: string | number; message: string }[] }) => d.diagnostics.find((x) => x.code === 'P2006')!.message;
const EN = 'unknown fund "人才专项基金"; did you mean "人才专项资金"?';
const ZH = '未定义的资金“人才专项基金”，是否指“人才专项资金”？';

describe('message language', { timeout: 60000 }, () => {
  it('follows the locale, then a pushed setting', async () => {
    const client = inProcessClient({ diagnosticsDelay: 10 });
    try {
      await client.initialize({ locale: 'en-GB' });
      await client.open(uri, bad, 1);
      expect(messageOf(await client.diagnosticsFor(uri, 1))).toBe(EN);
      const count = client.published.length;
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { policy: { language: 'zh' } } });
      const again = await client.waitForDiagnostics(uri, (p) => client.published.indexOf(p) >= count && p.version === 1);
      expect(messageOf(again)).toBe(ZH);
      const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 0 } });
      expect(hover.contents.value).toContain('**关键字**');
    } finally {
      await client.shutdown();
    }
  });

  it('takes the setting from initialization options over the locale, and defaults to Chinese', async () => {
    const client = inProcessClient({ diagnosticsDelay: 10 });
    try {
      await client.initialize({ locale: 'zh-CN', initializationOptions: { language: 'en' } });
      await client.open(uri, bad, 1);
      expect(messageOf(await client.diagnosticsFor(uri, 1))).toBe(EN);
    } finally {
      await client.shutdown();
    }
    const plain = inProcessClient({ diagnosticsDelay: 10 });
    try {
      await plain.initialize({ locale: 'fr' });
      await plain.open(uri, bad, 1);
      expect(messageOf(await plain.diagnosticsFor(uri, 1))).toBe(ZH);
    } finally {
      await plain.shutdown();
    }
  });

  it('pulls the setting with workspace/configuration when the client supports it', async () => {
    const client = inProcessClient({ diagnosticsDelay: 10 });
    const asked: unknown[] = [];
    client.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      asked.push(p);
      return p.items.map(() => ({ language: 'en' }));
    });
    try {
      await client.initialize({ locale: 'zh-CN', capabilities: { workspace: { configuration: true } } });
      await client.open(uri, bad, 1);
      const d = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((x) => x.message === EN));
      expect(messageOf(d)).toBe(EN);
      expect(asked).toEqual([{ items: [{ section: 'policy' }] }]);
    } finally {
      await client.shutdown();
    }
  });
});

describe('`policy lsp --stdio`', { timeout: 60000 }, () => {
  it('starts the same server through the CLI', async () => {
    const client = spawnServer([process.execPath, join(ROOT, 'compiler', 'bin.js'), 'lsp', '--stdio']);
    try {
      const init = await client.initialize({ locale: 'zh-CN' });
      expect(init.serverInfo?.name).toBe('policy-lsp');
      await client.open(uri, bad, 1);
      expect(messageOf(await client.diagnosticsFor(uri, 1))).toBe(ZH);
    } finally {
      await client.shutdown();
    }
    expect(client.process!.exitCode).toBe(0);
  }, 30000);
});
