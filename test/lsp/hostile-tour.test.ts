// Every generated hostile file (test/grammar/hostile-files.ts: depth, width,
// length, encodings) in the real language server over stdio: each document's
// diagnostics arrive, every range lies inside the document, the features
// answer without an error response, an edit is diagnosed again, and the server
// logs no stack trace and stays alive. npm test runs the files small, each with
// a few of the requests in turn; npm run test:deep every request at the sizes
// of the attack campaign.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol';
import { spawnServer, type LspClient } from './client.ts';
import { DEEP, hostileFiles, HOSTILE_SCALE } from '../grammar/hostile-files.ts';

// npm test: every third file, from the second (the command tour takes every second); test:deep: all of them.
const FILES = hostileFiles(HOSTILE_SCALE).map((f, i) => ({ ...f, i })).filter(({ i }) => DEEP || i % 3 === 1);

/** The document's lines as LSP counts them (\n, \r\n and a lone \r end a line). */
const linesOf = (text: string) => text.split(/\r\n|\r|\n/);

function expectInside(lines: string[], r: Range, what: string) {
  const inside = (p: { line: number; character: number }) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!.length;
  expect({ what, range: r, inside: inside(r.start) && inside(r.end) }).toEqual({ what, range: r, inside: true });
  expect(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character)).toBe(true);
}

describe('hostile documents through the language server', () => {
  let client: LspClient & { stderr: () => string };
  beforeAll(async () => {
    client = spawnServer();
    await client.initialize({ locale: 'en-US', initializationOptions: { diagnosticsDelay: 0 } });
  }, 120_000);
  afterAll(async () => client?.shutdown());

  it.each(FILES)('$name', { timeout: DEEP ? 3_600_000 : 60_000 }, async ({ text, i }) => {
    const uri = `file:///hostile-tour/f${i}.policy`;
    const lines = linesOf(text);
    await client.open(uri, text, 1);
    const published = await client.diagnosticsFor(uri, 1, DEEP ? 3_600_000 : 60_000);
    for (const d of published.diagnostics) expectInside(lines, d.range, `diagnostic ${d.code}`);
    // Positions: the start, the middle, the end, and where the first diagnostics are.
    const last = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    const mid = Math.floor(lines.length / 2);
    const positions = [{ line: 0, character: 0 }, { line: mid, character: Math.floor(lines[mid]!.length / 2) }, last, ...published.diagnostics.slice(0, 3).map((d) => d.range.start)];
    const textDocument = { uri };
    const requests: [string, () => Promise<unknown>][] = [
      ['hover', () => Promise.all(positions.map((position) => client.request('textDocument/hover', { textDocument, position })))],
      ['completion', () => Promise.all(positions.map((position) => client.request('textDocument/completion', { textDocument, position })))],
      ['definition', () => Promise.all(positions.map((position) => client.request('textDocument/definition', { textDocument, position })))],
      ['references', () => Promise.all(positions.map((position) => client.request('textDocument/references', { textDocument, position, context: { includeDeclaration: true } })))],
      // Where there is no name to rename the server answers with an error saying so (shown by the editor): allowed, not a crash.
      ['prepareRename', () => Promise.all(positions.map((position) => client.request('textDocument/prepareRename', { textDocument, position }).catch((e: Error) => expect(e.message).toMatch(/rename|keyword|name/))))],
      ['documentSymbol', async () => {
        const symbols = (await client.request<{ range: Range; selectionRange: Range; children?: unknown[] }[] | null>('textDocument/documentSymbol', { textDocument })) ?? [];
        for (const s of symbols) expectInside(lines, s.range, 'symbol');
      }],
      ['semanticTokens', () => client.request('textDocument/semanticTokens/full', { textDocument })],
      ['foldingRange', async () => {
        const folds = (await client.request<{ startLine: number; endLine: number }[] | null>('textDocument/foldingRange', { textDocument })) ?? [];
        for (const f of folds) expect(f.endLine).toBeLessThan(lines.length);
      }],
      ['formatting', async () => {
        const edits = (await client.request<{ range: Range }[] | null>('textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } })) ?? [];
        for (const e of edits) expectInside(lines, e.range, 'formatting edit');
      }],
      ['codeAction', () => Promise.all(published.diagnostics.slice(0, 3).map((d: Diagnostic) => client.request('textDocument/codeAction', { textDocument, range: d.range, context: { diagnostics: [d] } })))],
    ];
    // npm test: two requests per file, in turn; test:deep: every request.
    for (const [, run] of DEEP ? requests : [requests[(2 * i) % requests.length]!, requests[(2 * i + 1) % requests.length]!]) await run();
    // An edit in the middle and one at the end are diagnosed again.
    const edited = text.slice(0, text.length >> 1) + '；' + text.slice(text.length >> 1);
    await client.change(uri, 2, [{ text: edited }]);
    const editedLines = linesOf(edited);
    const end = { line: editedLines.length - 1, character: editedLines[editedLines.length - 1]!.length };
    await client.change(uri, 3, [{ range: { start: end, end }, text: '\n待遇' }]);
    const again = await client.diagnosticsFor(uri, 3, DEEP ? 3_600_000 : 60_000);
    const lines3 = linesOf(edited + '\n待遇');
    for (const d of again.diagnostics) expectInside(lines3, d.range, `diagnostic ${d.code} after edits`);
    await client.close(uri);
    expect(client.stderr()).not.toMatch(/RangeError|Maximum call stack|TypeError|\n\s+at [\w.<]+ \(/);
  });

  it('the server is alive after the tour', async () => {
    const r = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///hostile-tour/none.policy' } }).catch((e: Error) => e);
    // An unknown document is an error response (InvalidParams), not silence.
    expect(r).toBeInstanceOf(Error);
  });
});
