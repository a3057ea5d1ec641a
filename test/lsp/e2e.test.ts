// End to end: the real server spawned over stdio (`node lsp/bin.js --stdio`),
// spoken to in JSON-RPC with vscode-languageserver-protocol, on the real
// policy. Every feature's answer is asserted on its content.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CodeAction,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InitializeResult,
  Location,
  SemanticTokens,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { compile } from '../../compiler/index.ts';
import { POLICY, fileUri, spawnServer, type LspClient } from './client.ts';
import { applyEdits, count, expectedDiagnostics, offsetOf, positionOf, shapes } from './expected.ts';

const original = readFileSync(POLICY, 'utf8');
const uri = fileUri(POLICY);
let client: LspClient & { stderr: () => string };
let init: InitializeResult;
let version = 1;
let text = original;

/** Sends a full-text change and waits for that version's diagnostics. */
async function setText(next: string) {
  version++;
  text = next;
  await client.change(uri, version, [{ text: next }]);
  return client.diagnosticsFor(uri, version);
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

beforeAll(async () => {
  client = spawnServer();
  init = await client.initialize({ locale: 'zh-cn', initializationOptions: { diagnosticsDelay: 20 } });
  await client.open(uri, original, 1);
}, 30000);

afterAll(async () => {
  await client?.shutdown();
});

describe('language server over stdio', { timeout: 60000 }, () => {
  it('announces its capabilities', () => {
    expect(init.serverInfo?.name).toBe('policy-lsp');
    const caps = init.capabilities;
    expect(caps.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    for (const key of [
      'hoverProvider', 'completionProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider',
      'documentFormattingProvider', 'semanticTokensProvider', 'foldingRangeProvider', 'codeActionProvider',
    ]) {
      expect(caps, key).toHaveProperty(key);
    }
  });

  it('publishes no diagnostics for the real policy', async () => {
    const d = await client.diagnosticsFor(uri, 1);
    expect(compile(original).diagnostics).toEqual([]);
    expect(d.diagnostics).toEqual([]);
  });

  it('reports a bad edit at the range compile() gives, in Chinese, with a quick fix', async () => {
    // An incremental edit: the fund of 企业认定奖励 misspelt (人才专项资金 → 人才专项基金).
    const at = original.indexOf('资金：', original.indexOf('待遇 企业认定奖励')) + 3;
    expect(original.slice(at, at + 6)).toBe('人才专项资金');
    const start = positionOf(original, '资金：人才专项资金', count(original.slice(0, at - 3), '资金：人才专项资金'), 3);
    version++;
    await client.change(uri, version, [
      { range: { start: { line: start.line, character: start.character + 4 }, end: { line: start.line, character: start.character + 6 } }, text: '基金' },
    ]);
    text = original.slice(0, at + 4) + '基金' + original.slice(at + 6);
    const d = await client.diagnosticsFor(uri, version);
    expect(shapes(d.diagnostics)).toEqual(expectedDiagnostics(text));
    // (The checker may add a cascading P2007, "no fund"; whatever it says, the server says the same.)
    const diag = d.diagnostics.find((x) => x.code === 'P2006');
    expect(diag!.code).toBe('P2006');
    expect(diag!.severity).toBe(1);
    expect(diag!.source).toBe('policy');
    expect(diag!.range).toEqual({ start, end: { line: start.line, character: start.character + 6 } });
    expect(diag!.message).toBe('未定义的资金“人才专项基金”，是否指“人才专项资金”？');

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diag!.range,
      context: { diagnostics: [diag], only: ['quickfix'] },
    });
    expect(actions.map((a) => a.title)).toEqual(['改为“人才专项资金”']);
    const edits = actions[0]!.edit!.changes![uri]!;
    expect(edits).toEqual([{ range: diag!.range, newText: '人才专项资金' }]);
    const fixed = await setText(applyEdits(text, edits));
    expect(text).toBe(original);
    expect(fixed.diagnostics).toEqual([]);
  });

  it('reports a syntax error exactly where compile() does', async () => {
    const semi = offsetOf(original, '期满星级：星级 “期满星级评估结果” / “Star rating at the end-of-term evaluation”；') + '期满星级：星级 “期满星级评估结果” / “Star rating at the end-of-term evaluation”'.length;
    const broken = original.slice(0, semi) + original.slice(semi + 1);
    const d = await setText(broken);
    expect(d.diagnostics.length).toBeGreaterThan(0);
    expect(shapes(d.diagnostics)).toEqual(expectedDiagnostics(broken));
    expect(d.diagnostics[0]!.code).toBe('P1003');
    expect((await setText(original)).diagnostics).toEqual([]);
  });

  it('hovers a fact with its label and type', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '年度自主认定人次 满 50人次', 0, 2) });
    expect(hoverText(h)).toContain('**事实** 年度自主认定人次（申请对象：企业）');
    expect(hoverText(h)).toContain('本年度自主认定技能人才人次');
    expect(hoverText(h)).toContain('类型：数量（人次）');
    expect(h.range).toEqual({ start: positionOf(text, '年度自主认定人次 满 50人次'), end: positionOf(text, '年度自主认定人次 满 50人次', 0, 8) });
  });

  it('hovers a benefit with its plain-language summary', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '待遇 企业认定奖励', 0, 4) });
    const v = hoverText(h);
    expect(v).toContain('**待遇** 企业认定奖励');
    expect(v).toContain('职业技能等级认定企业自主认定奖励');
    expect(v).toContain('条款：二（三）7');
    expect(v).toContain('对象：企业');
    expect(v).toContain('条件：已备案认定企业；年度自主认定人次满50人次');
    expect(v).toContain('金额：3万元 + （年度自主认定人次 − 50人次） × 500元/人次');
    // Caps and 发放 in the summary's words: the annual cap is per calendar year and counts earlier payments.
    expect(v).toContain('限额：每年累计不超过5万元（按自然年度；当年已发放的计入，只付剩余额度）');
    expect(v).toContain('发放：每年发放一次：每个自然年度（1月1日至12月31日）只享受一次');
    expect(v).toContain('资金：人才专项资金');
  });

  it('hovers a level with its order, a fund with its label, and a keyword with its doc', async () => {
    const level = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '取得证书等级 高级工及以上', 0, 8) });
    expect(hoverText(level)).toContain('**等级** 高级工：“技能等级”中由低到高第 3 级（共 5 级）');
    const fund = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '资金：职业技能提升专账资金', 0, 5) });
    expect(hoverText(fund)).toContain('**资金** 职业技能提升专账资金');
    const kw = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '条件：已备案认定企业', 0, 1) });
    expect(hoverText(kw)).toContain('**关键字** 条件 / conditions');
    expect(hoverText(kw)).toContain('conditions, all of which must hold');
    const nothing = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '“人才专项资金” / “Special Talent Fund”', 0, 3) });
    expect(nothing).toBeNull();
  });

  it('completes the facts of the benefit’s subject inside its conditions', async () => {
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '，年度自主认定人次 满 50人次', 0, 1) });
    const l = labels(items);
    expect(l).toContain('已备案认定企业');
    expect(l).toContain('年度自主认定人次');
    expect(l).toContain('比武项目核定经费');
    expect(l).not.toContain('院校在我区');
    expect(l).toContain('并且');
    expect(l).not.toContain('and');
    const fact = items.find((i) => i.label === '年度自主认定人次')!;
    expect(fact.kind).toBe(5);
    expect(fact.detail).toContain('企业');
  });

  it('completes funds, subjects, payments, table keys and units where they belong', async () => {
    const at = async (needle: string, delta: number, nth = 0) =>
      labels(await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, needle, nth, delta) }));
    expect(await at('资金：人才专项资金；\n  发放：每年；\n  条件：已备案认定企业，', 3)).toEqual(['人才专项资金', '职业技能提升专账资金', '未载明']);
    const subjects = await at('对象：企业；\n  资金：人才专项资金；\n  发放：每年', 3);
    expect(subjects).toContain('企业');
    expect(subjects).toContain('院校学生');
    expect(subjects).toHaveLength(11);
    expect(await at('发放：每年；\n  条件：已备案认定企业，', 3)).toEqual(['一次性', '每年', '每月', '每次']);
    expect(await at('按 期满星级 { 五星', 9)).toEqual(['五星', '四星', '其他星级']);
    const units = await at('最高：30万元', 5);
    expect(units).toContain('万元');
    expect(units).toContain('人次');
    expect(units).not.toContain('企业');
    // Statement start in a benefit: field keywords, spelt as the file spells them.
    const fields = await at('  条款：“二（三）7”；\n  对象：企业；\n  资金', 2, 0);
    expect(fields).toEqual(expect.arrayContaining(['条款', '对象', '资金', '条件', '金额', '示例']));
  });

  it('goes to the definition and finds every reference', async () => {
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, '资金：职业技能提升专账资金', 0, 4) });
    expect(defs).toEqual([{ uri, range: { start: positionOf(text, '资金 职业技能提升专账资金', 0, 3), end: positionOf(text, '资金 职业技能提升专账资金', 0, 13) } }]);
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: positionOf(text, '年度自主认定人次 满 50人次', 0, 1),
      context: { includeDeclaration: true },
    });
    expect(refs).toHaveLength(count(text, '年度自主认定人次'));
    const noDecl = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: positionOf(text, '年度自主认定人次 满 50人次', 0, 1),
      context: { includeDeclaration: false },
    });
    expect(noDecl).toHaveLength(count(text, '年度自主认定人次') - 1);
    // A fact named like its enum type: references of the fact do not include the type.
    const factRefs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: positionOf(text, '按 区级竞赛奖项', 0, 3),
      context: { includeDeclaration: true },
    });
    // The declaration, the table's key fact and three example entries; not the enum type of the same name.
    expect(factRefs).toHaveLength(5);
    const enumDecl = positionOf(text, '枚举 区级竞赛奖项', 0, 3);
    expect(factRefs.some((r) => r.range.start.line === enumDecl.line)).toBe(false);
  });

  it('renames a fact everywhere, and refuses keywords, bad names and taken names', async () => {
    const position = positionOf(text, '年度自主认定人次 满 50人次', 0, 1);
    const prep = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position });
    expect(prep.placeholder).toBe('年度自主认定人次');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: '自主认定人次' });
    const edits = edit.changes![uri]!;
    expect(edits).toHaveLength(count(text, '年度自主认定人次'));
    const renamed = applyEdits(text, edits);
    expect(count(renamed, '年度自主认定人次')).toBe(0);
    expect(compile(renamed).diagnostics).toEqual([]);

    const kwPos = positionOf(text, '条件：已备案认定企业', 0, 1);
    await expect(client.request('textDocument/prepareRename', { textDocument: { uri }, position: kwPos })).rejects.toThrow('“条件”是关键字，不能重命名');
    await expect(client.request('textDocument/rename', { textDocument: { uri }, position: kwPos, newName: 'x' })).rejects.toThrow('关键字');
    await expect(client.request('textDocument/rename', { textDocument: { uri }, position, newName: '已备案认定企业' })).rejects.toThrow('“已备案认定企业”已被定义');
    await expect(client.request('textDocument/rename', { textDocument: { uri }, position, newName: '两个 词' })).rejects.toThrow('不是有效的名称');
    await expect(client.request('textDocument/rename', { textDocument: { uri }, position, newName: '条件' })).rejects.toThrow('不是有效的名称');
  });

  it('formats with the prettier plugin’s printer', async () => {
    const messy = text.replace('资金 人才专项资金 “人才专项资金”', '资金   人才专项资金    “人才专项资金”');
    await setText(messy);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    let format: ((t: string) => Promise<{ ok: boolean; text?: string }>) | undefined;
    try {
      format = ((await import('../../compiler/format/index.ts' as string)) as { formatPolicy?: typeof format }).formatPolicy;
    } catch {
      format = undefined;
    }
    if (!format) {
      expect(edits).toEqual([]);
      return;
    }
    const want = await format(messy);
    expect(want.ok).toBe(true);
    expect(edits.length).toBe(1);
    const formatted = applyEdits(messy, edits);
    expect(formatted).toBe(want.text);
    expect(formatted).not.toContain('资金   人才专项资金');
    expect(compile(formatted).diagnostics).toEqual([]);
    await setText(original);
  });

  it('outlines the document: header, funds, subjects with facts, benefits by clause and title', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols[0]!.name).toBe('关于深化“新萧匠”高技能人才队伍建设的意见');
    expect(symbols[0]!.detail).toBe('萧人社〔2025〕3号');
    const names = symbols.map((s) => s.name);
    expect(names).toContain('人才专项资金');
    expect(names).toContain('二（三）7 职业技能等级认定企业自主认定奖励');
    expect(names).toContain('三（三） 强化舆论宣传');
    const enterprise = symbols.find((s) => s.name === '企业')!;
    expect(enterprise.kind).toBe(5);
    expect(enterprise.children!.map((c) => c.name)).toEqual(['已备案认定企业', '年度自主认定人次', '期满星级', '直接培养人数', '开展新型学徒制', '比武项目核定经费', '比武项目名称', '学徒培训班次']);
    const benefit = symbols.find((s) => s.name === '二（三）7 职业技能等级认定企业自主认定奖励')!;
    expect(benefit.kind).toBe(12);
    expect(benefit.detail).toBe('企业认定奖励');
    expect(benefit.children).toHaveLength(6);
  });

  it('gives semantic tokens and folding ranges', async () => {
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    expect(tokens.data.length % 5).toBe(0);
    // The first token: the comment on line 0; a declaration keyword (政策) opens line 6.
    expect(tokens.data.slice(0, 5)).toEqual([0, 0, original.split('\n')[0]!.length, 3, 0]);
    const legend = (init.capabilities.semanticTokensProvider as { legend: { tokenTypes: string[] } }).legend.tokenTypes;
    let line = 0;
    let char = 0;
    const decoded: { line: number; char: number; len: number; type: string; mods: number }[] = [];
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, len, type, mods] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
      line += dl;
      char = dl ? dc : char + dc;
      decoded.push({ line, char, len, type: legend[type]!, mods });
    }
    const enterpriseDecl = positionOf(original, '对象 企业 ', 0, 3);
    expect(decoded.find((d) => d.line === enterpriseDecl.line && d.char === enterpriseDecl.character)).toMatchObject({ type: 'class', len: 2, mods: 1 });
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    expect(folds).toContainEqual({ startLine: 0, endLine: 4, kind: 'comment' });
    const header = positionOf(original, '政策 {').line;
    const headerEnd = positionOf(original, '\n}', 0, 1).line;
    expect(folds).toContainEqual({ startLine: header, endLine: headerEnd - 1 });
  });

  it('offers punctuation normalisation and the missing fund', async () => {
    const noFund = text.replace('  资金：职业技能提升专账资金；\n  发放：每次；限一次：学徒培训班次；\n  条件：开展新型学徒制；', '  发放：每次；限一次：学徒培训班次；\n  条件：开展新型学徒制；').replace('标题：“关于深化', '标题:“关于深化');
    const d = await setText(noFund);
    const p2007 = d.diagnostics.find((x) => x.code === 'P2007')!;
    expect(p2007).toBeDefined();
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: p2007.range, context: { diagnostics: [p2007] } });
    const add = actions.find((a) => a.kind === 'quickfix')!;
    expect(add.title).toBe('添加“资金：人才专项资金；”');
    const withFund = applyEdits(noFund, add.edit!.changes![uri]!);
    expect(withFund).toContain('  对象：企业；\n  资金：人才专项资金；\n  发放：每次；限一次：学徒培训班次；\n  条件：开展新型学徒制；');
    expect(compile(withFund).diagnostics).toEqual([]);
    const majority = actions.find((a) => a.kind === 'source.normalizePunctuation.majority')!;
    expect(majority).toBeDefined();
    const normalised = applyEdits(noFund, majority.edit!.changes![uri]!);
    expect(normalised).toContain('标题：“关于深化');
    expect(normalised.length).toBe(noFund.length);
    const half = actions.find((a) => a.kind === 'source.normalizePunctuation.half')!;
    const halfText = applyEdits(noFund, half.edit!.changes![uri]!);
    expect(halfText).toContain('标题:“关于深化“新萧匠”高技能人才队伍建设的意见” / “Opinions');
    expect(halfText).toContain('条款:“二（三）7”;');
    expect(compile(halfText).parse.errors).toEqual([]);
    await setText(original);
  });

  it('clears diagnostics on close', async () => {
    await setText(original.replace('资金：人才专项资金', '资金：人才专项基金'));
    expect(client.latest.get(uri)!.diagnostics.length).toBeGreaterThan(0);
    await client.close(uri);
    const cleared = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
    expect(cleared.diagnostics).toEqual([]);
    await expect(client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } })).rejects.toThrow('文档未打开');
    expect(client.stderr()).toBe('');
  });
});
