// Hostile documents in the real language server over stdio (issue #17): the
// server publishes located diagnostics (P1006 for nesting beyond the limit)
// and every feature answers, for an open and for an edited document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type LspClient } from './client.ts';

const HEAD = `政策 { 标题：“测试”；文号：“测〔2025〕1号”；施行日期：2025年1月1日；有效期：3年； }
资金 基金 “基金”；
对象 单位 “单位” { 人数：人 “人数”；在我区：是否 “在我区”； }
`;
const policy = (amount: string, cond = '在我区') =>
  HEAD + `待遇 补贴 “补贴” {\n  条款：“一”；\n  对象：单位；\n  资金：基金；\n  条件：${cond}；\n  金额：${amount}；\n}\n`;

const DOCS = [
  { uri: 'file:///hostile/parens.policy', text: policy('('.repeat(1000) + '100元' + ')'.repeat(1000)) },
  { uri: 'file:///hostile/sum.policy', text: policy(Array(5000).fill('1元').join(' + ')) },
  { uri: 'file:///hostile/not.policy', text: policy('100元', '非 '.repeat(1000) + '在我区') },
  { uri: 'file:///hostile/minus.policy', text: policy('-'.repeat(1000) + '100元') },
];

describe('hostile documents in the language server', { timeout: 90000 }, () => {
  let client: LspClient & { stderr: () => string };
  beforeAll(async () => {
    client = spawnServer();
    await client.initialize({ locale: 'en-US', initializationOptions: { diagnosticsDelay: 0 } });
  }, 60000);
  afterAll(async () => client?.shutdown());

  it.each(DOCS)('$uri: P1006 with its range, and features answer', async ({ uri, text }) => {
    await client.open(uri, text, 1);
    const d = await client.diagnosticsFor(uri, 1, 60000);
    const deep = d.diagnostics.find((x) => x.code === 'P1006');
    expect(deep).toBeDefined();
    const lines = text.split('\n');
    expect(deep!.range.start.line).toBeLessThan(lines.length);
    expect(lines[deep!.range.start.line]).toMatch(/^\s*(条件|金额)：/);
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.length).toBeGreaterThan(0);
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: deep!.range.start.line, character: deep!.range.start.character + 1 } });
    await client.request('textDocument/completion', { textDocument: { uri }, position: deep!.range.start });
    await client.request('textDocument/semanticTokens/full', { textDocument: { uri } });
    await client.request('textDocument/foldingRange', { textDocument: { uri } });
    // An edit that keeps it too deep is diagnosed again (the worker path).
    await client.change(uri, 2, [{ text: text + '\n' }]);
    const d2 = await client.diagnosticsFor(uri, 2, 60000);
    expect(d2.diagnostics.some((x) => x.code === 'P1006')).toBe(true);
    expect(client.stderr()).not.toMatch(/RangeError|Maximum call stack/);
  });
});
