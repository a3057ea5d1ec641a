// The VS Code client (lsp/vscode/extension.js) driven through a mock of the
// `vscode` module against the real server: it starts the server, syncs the
// document, and maps diagnostics, hover, completion, rename, code actions,
// symbols, folding, formatting and semantic tokens onto VS Code's API.
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, POLICY, ROOT, fileUri } from './client.ts';
import { createVscodeMock, noCancel, Position, Range, type FakeDocument } from './vscode-mock.ts';

const original = readFileSync(POLICY, 'utf8');
const broken = original.replace('资金：人才专项资金', '资金：人才专项基金');
const uri = fileUri(POLICY);
const mock = createVscodeMock({ 'policy.server.command': [process.execPath, BIN, '--stdio'], 'policy.diagnosticsDelay': 20 });

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };
const originalLoad = moduleInternals._load;

let extension: { activate(ctx: unknown): { client: { ready: Promise<void>; rpc?: { child: { exitCode: number | null; once(e: string, f: () => void): void } } } }; deactivate(): Promise<void> };
let api: ReturnType<typeof extension.activate>;
const doc: FakeDocument = { uri: { toString: () => uri, fsPath: POLICY }, languageId: 'policy', version: 1, getText: () => broken };

function positionOf(text: string, needle: string, delta = 0): Position {
  const at = text.indexOf(needle) + delta;
  const before = text.slice(0, at);
  return new Position(before.split('\n').length - 1, at - before.lastIndexOf('\n') - 1);
}

function diagnosticsOf(u: string, pred: (n: number) => boolean): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const have = mock.diagnostics.get(u);
    if (have && pred(have.length)) return resolve(have);
    const timer = setTimeout(() => reject(new Error('no diagnostics')), 20000);
    const sub = mock.diagnosticsChanged.event((changed) => {
      const list = mock.diagnostics.get(changed);
      if (changed === u && list && pred(list.length)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(list);
      }
    });
  });
}

beforeAll(async () => {
  moduleInternals._load = function (request, parent, isMain) {
    if (request === 'vscode') return mock.vscode;
    return originalLoad.call(this, request, parent, isMain);
  };
  const require = createRequire(import.meta.url);
  extension = require(`${ROOT}lsp/vscode/extension.js`);
  mock.vscode.workspace.textDocuments.push(doc);
  api = extension.activate({ subscriptions: [] });
  await api.client.ready;
}, 30000);

afterAll(async () => {
  const child = api?.client.rpc?.child;
  await extension?.deactivate();
  if (child) expect(child.exitCode).not.toBeNull();
  moduleInternals._load = originalLoad;
});

describe('VS Code client (extension.js) against the real server', { timeout: 60000 }, () => {
  it('shows the diagnostics of the open document', async () => {
    const list = (await diagnosticsOf(uri, (n) => n > 0)) as { code: string; message: string; severity: number; range: Range }[];
    const p2006 = list.find((d) => d.code === 'P2006')!;
    expect(p2006.message).toBe('未定义的资金“人才专项基金”，是否指“人才专项资金”？');
    expect(p2006.severity).toBe(0);
    expect(p2006.range.start).toEqual(positionOf(broken, '人才专项基金'));
  });

  it('offers the quick fix for it', async () => {
    const list = mock.diagnostics.get(uri)! as { code: string; range: Range }[];
    const p2006 = list.find((d) => d.code === 'P2006')!;
    const actions = (await mock.providers['codeActions'].provideCodeActions(doc, p2006.range, { diagnostics: [p2006], only: mock.vscode.CodeActionKind.QuickFix }, noCancel)) as {
      title: string;
      kind: { value: string };
      edit: { edits: { newText: string }[] };
    }[];
    expect(actions.map((a) => a.title)).toEqual(['改为“人才专项资金”']);
    expect(actions[0]!.kind.value).toBe('quickfix');
    expect(actions[0]!.edit.edits[0]!.newText).toBe('人才专项资金');
  });

  it('hovers and completes', async () => {
    const hover = await mock.providers['hover'].provideHover(doc, positionOf(broken, '年度自主认定人次 满 50人次', 1), noCancel);
    expect(hover.contents.value).toContain('**事实** 年度自主认定人次（申请对象：企业）');
    const list = await mock.providers['completion'].provideCompletionItems(doc, positionOf(broken, '，年度自主认定人次 满 50人次', 1), noCancel);
    const labels = list.items.map((i: { label: string }) => i.label);
    expect(labels).toContain('已备案认定企业');
    const item = list.items.find((i: { label: string }) => i.label === '已备案认定企业');
    expect(item.kind).toBe(4); // VS Code's CompletionItemKind.Field
    expect(item.range).toBeInstanceOf(Range);
  });

  it('renames, outlines, folds, formats and highlights', async () => {
    const position = positionOf(broken, '年度自主认定人次 满 50人次', 1);
    const prep = await mock.providers['rename'].prepareRename(doc, position, noCancel);
    expect(prep.placeholder).toBe('年度自主认定人次');
    const edit = await mock.providers['rename'].provideRenameEdits(doc, position, '自主认定人次', noCancel);
    expect(edit.edits.length).toBe(broken.split('年度自主认定人次').length - 1);
    await expect(mock.providers['rename'].prepareRename(doc, positionOf(broken, '条件：已备案认定企业', 1), noCancel)).rejects.toThrow('关键字');

    const symbols = await mock.providers['symbols'].provideDocumentSymbols(doc, noCancel);
    expect(symbols[0].name).toBe('关于深化“新萧匠”高技能人才队伍建设的意见');
    expect(symbols.find((s: { name: string }) => s.name === '企业').children.length).toBeGreaterThan(3);

    const folds = await mock.providers['folding'].provideFoldingRanges(doc, {}, noCancel);
    expect(folds).toContainEqual(expect.objectContaining({ start: 0, end: 4, kind: 1 }));

    const edits = await mock.providers['formatting'].provideDocumentFormattingEdits(doc, { tabSize: 2, insertSpaces: true }, noCancel);
    expect(Array.isArray(edits)).toBe(true);

    const tokens = await mock.providers['semanticTokens'].provideDocumentSemanticTokens(doc, noCancel);
    expect(tokens.data).toBeInstanceOf(Uint32Array);
    expect(tokens.data.length % 5).toBe(0);
    expect(tokens.data[3]).toBe(3); // the first token, line 0's comment: 'comment' in the legend
  });

  it('syncs edits incrementally and clears diagnostics when they are fixed', async () => {
    const at = positionOf(broken, '人才专项基金', 4);
    doc.version = 2;
    doc.getText = () => original;
    mock.changed.fire({ document: doc, contentChanges: [{ range: new Range(at, new Position(at.line, at.character + 2)), rangeLength: 2, text: '资金' }] });
    const list = await diagnosticsOf(uri, (n) => n === 0);
    expect(list).toEqual([]);
    mock.closed.fire(doc);
    expect(mock.diagnostics.has(uri)).toBe(false);
  });
});
