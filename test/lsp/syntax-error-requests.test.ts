// Requests after an edit that leaves a syntax error in a 5,000-line policy, through the real
// server over stdio: every request answers, the declarations that parse are answered as a full
// compile() of the text answers them, and the server's main thread never parses and checks the
// whole text again after the open (its `policy/stats` counter; lsp/documents.ts `view`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { definition } from '../../lsp/definition.ts';
import { hover } from '../../lsp/hover.ts';
import { synthPolicyOfLines } from '../../bench/synth.ts';
import { spawnServer, type LspClient } from './client.ts';

type Stats = { compilations: number; wholeFileCompiles: number; tolerantViews: number };
type Pos = { line: number; character: number };

function positionOf(text: string, offset: number): Pos {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** The n-th occurrence of `needle` at or after `from`. */
function find(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`no ${needle} after ${from}`);
  return at;
}

const BIG = synthPolicyOfLines(5000);

/** What a full compile() of the text answers at an offset (the reference). */
function reference(uri: string, text: string) {
  const a = new Analysis(uri, 0, text, (t) => compile(t));
  return { hover: (o: number) => hover(a, o, 'zh'), definition: (o: number) => definition(a, o) };
}

describe('requests after an edit that leaves a syntax error (5,000 lines, real server)', () => {
  let client: LspClient & { stderr: () => string };
  const stats = () => client.request<Stats>('policy/stats', {});

  beforeAll(async () => {
    client = spawnServer();
    await client.initialize({ locale: 'zh-CN', initializationOptions: { diagnosticsDelay: 0 } });
  }, 60000);
  afterAll(async () => {
    await client.shutdown();
  });

  it('a clean policy edited into a syntax error, then edited elsewhere: hover and definition answer without a whole-file compile', async () => {
    const uri = 'file:///tmp/syntax-error-requests/clean.policy';
    let text = BIG;
    expect(compile(text).parse.errors).toEqual([]);
    await client.open(uri, text, 1);
    await client.diagnosticsFor(uri, 1, 120000);
    const s0 = await stats();
    const edit = async (version: number, at: number, end: number, insert: string) => {
      await client.change(uri, version, [{ range: { start: positionOf(text, at), end: positionOf(text, end) }, text: insert }]);
      text = text.slice(0, at) + insert + text.slice(end);
    };

    // v2: an amount in a benefit near the middle loses its right operand.
    const broken = find(text, '金额：2000元；', text.length >> 1) + '金额：2000元'.length;
    await edit(2, broken, broken, ' +');
    const d2 = await client.diagnosticsFor(uri, 2, 120000);
    expect(d2.diagnostics.some((d) => d.severity === 1 && String(d.code).startsWith('P10'))).toBe(true);
    // v3: a digit in a benefit a thousand lines before it (this declaration parses).
    const edited = find(text, '金额：2000元；', text.length >> 2) + '金额：200'.length;
    expect(positionOf(text, broken).line - positionOf(text, edited).line).toBeGreaterThan(1000);
    await edit(3, edited, edited + 1, '5');

    // In the edited benefit (it is not answered from the last compiled version): its condition's fact and the subject.
    const start = text.lastIndexOf('待遇 待遇', edited);
    const fact = find(text, '条件：资格甲', start) + '条件：资格'.length;
    const subject = find(text, '对象：对象', start) + '对象：对'.length;
    const ref = reference(uri, text);
    for (const o of [fact, subject]) {
      const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, o) });
      expect(h).not.toBeNull();
      expect(h).toEqual(ref.hover(o));
      const def = await client.request('textDocument/definition', { textDocument: { uri }, position: positionOf(text, o) });
      expect(def).toEqual(ref.definition(o));
      expect(def).not.toBeNull();
    }
    // A benefit after the broken one.
    const after = find(text, '条件：资格乙', broken) + '条件：资格'.length;
    expect(await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, after) })).toEqual(ref.hover(after));

    // Every other request that reads a compilation answers too.
    const at = { textDocument: { uri }, position: positionOf(text, fact) };
    const refs = await client.request<unknown[]>('textDocument/references', { ...at, context: { includeDeclaration: true } });
    expect(refs.length).toBeGreaterThan(1);
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.length).toBeGreaterThan(400);
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    expect(tokens.data.length).toBeGreaterThan(1000);
    const folds = await client.request<unknown[]>('textDocument/foldingRange', { textDocument: { uri } });
    expect(folds.length).toBeGreaterThan(400);
    const actions = await client.request<unknown[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: at.position, end: at.position }, context: { diagnostics: [] } });
    expect(Array.isArray(actions)).toBe(true);
    const completion = await client.request<unknown[] | { items: unknown[] }>('textDocument/completion', at);
    expect((Array.isArray(completion) ? completion : completion.items).length).toBeGreaterThan(0);
    const prepared = await client.request<{ placeholder: string }>('textDocument/prepareRename', at);
    expect(prepared.placeholder).toMatch(/^资格甲/);

    // The worker still publishes the syntax error of the current version.
    const d3 = await client.diagnosticsFor(uri, 3, 120000);
    expect(d3.diagnostics.some((d) => d.severity === 1 && String(d.code).startsWith('P10'))).toBe(true);
    const s1 = await stats();
    expect(s1.wholeFileCompiles).toBe(s0.wholeFileCompiles);
    expect(s1.tolerantViews).toBeGreaterThan(s0.tolerantViews);
    await client.close(uri);
  }, 180000);

  it('a policy opened with a syntax error, edited elsewhere: answered without compiling it whole again', async () => {
    const uri = 'file:///tmp/syntax-error-requests/broken.policy';
    const broken = find(BIG, '金额：2000元；', 1000) + '金额：2000元'.length;
    let text = BIG.slice(0, broken) + '（' + BIG.slice(broken);
    expect(compile(text).parse.errors.length).toBeGreaterThan(0);
    await client.open(uri, text, 1);
    await client.diagnosticsFor(uri, 1, 120000);
    const s0 = await stats();
    const edited = find(text, '金额：2000元；', text.length >> 1) + '金额：200'.length;
    await client.change(uri, 2, [{ range: { start: positionOf(text, edited), end: positionOf(text, edited + 1) }, text: '7' }]);
    text = text.slice(0, edited) + '7' + text.slice(edited + 1);
    const start = text.lastIndexOf('待遇 待遇', edited);
    const fact = find(text, '条件：资格甲', start) + '条件：资格'.length;
    const h = await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, fact) });
    expect(h).not.toBeNull();
    expect(h).toEqual(reference(uri, text).hover(fact));
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.length).toBeGreaterThan(400);
    const s1 = await stats();
    expect(s1.wholeFileCompiles).toBe(s0.wholeFileCompiles);
    expect(s1.tolerantViews).toBeGreaterThan(s0.tolerantViews);
    await client.close(uri);
  }, 180000);
});
