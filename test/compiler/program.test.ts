// A program of several files: a main document and its 实施细则 import each other
// with 引用, share one symbol table and one model, and are read through a host
// (memory here, the disk for the CLI); the compiler core reads no file itself.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/cli/common.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { compile, createProgram, memoryHost } from '../../compiler/index.ts';
import { normalisePath, resolveImport } from '../../compiler/program.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { DocumentStore, pathUri } from '../../lsp/documents.ts';
import { definition } from '../../lsp/definition.ts';
import { rename } from '../../lsp/rename.ts';
import { PROGRAM_MAIN, PROGRAM_RULES } from '../helpers.ts';

const MAIN = PROGRAM_MAIN;
const RULES = PROGRAM_RULES;

const files = { '/p/main.policy': MAIN, '/p/细则/补贴.policy': RULES };

describe('paths', () => {
  it.each([
    ['/p/main.policy', '细则/补贴.policy', '/p/细则/补贴.policy'],
    ['/p/细则/补贴.policy', '../main.policy', '/p/main.policy'],
    ['a.policy', './b.policy', 'b.policy'],
    ['x/a.policy', '../../b.policy', '../b.policy'],
    ['/a.policy', '/q/./r/../s.policy', '/q/s.policy'],
  ])('%s imports %s → %s', (from, spec, expected) => {
    expect(resolveImport(from, spec)).toBe(expected);
  });
  it('normalises without a file system', () => expect(normalisePath('/a/./b//../c')).toBe('/a/c'));
});

describe('a program of two files', () => {
  const p = createProgram('/p/main.policy', memoryHost(files));

  it('reads each file once, even though they import each other, and checks them as one policy', () => {
    expect(p.files.map((f) => f.path)).toEqual(['/p/main.policy', '/p/细则/补贴.policy']);
    expect(p.diagnostics).toEqual([]);
    expect(p.model.header.docNumber).toBe('测〔2025〕1号');
    expect(p.model.documents.map((d) => [d.file, d.header.docNumber])).toEqual([['/p/细则/补贴.policy', '测〔2025〕2号']]);
    const b = p.model.benefits[0]!;
    expect([b.id, b.file, b.fund]).toEqual(['求职补贴', '/p/细则/补贴.policy', '就业资金']);
  });

  it('evaluates a benefit whose subject and fund are declared in the other file', () => {
    const run = (facts: unknown) => {
      const v = validateFacts(p.model, '个人', facts);
      if (!v.ok) throw new Error(JSON.stringify(v.errors));
      return evaluate(p.model, '个人', v.facts, { asOf: '2025-06-01' });
    };
    expect(run({ 已登记: true, 年龄: '25' }).benefits[0]!.status).toBe('ineligible');
    expect(run({ 已登记: true, 年龄: '24' }).total).toBe('1000.00');
  });

  it('records names across files in the one symbol table', () => {
    const rules = files['/p/细则/补贴.policy'];
    const use = rules.indexOf('资金：就业资金') + 3;
    const occ = p.model.symbols.at(use, '/p/细则/补贴.policy')!;
    const sym = p.model.symbols.symbols.get(occ.keys[0]!)!;
    expect([sym.kind, sym.file, MAIN.slice(sym.nameRange.start, sym.nameRange.end)]).toEqual(['fund', '/p/main.policy', '就业资金']);
  });

  it("the main file's shared cap adds up the imported file's benefits too (a family); an imported header's adds up that document's", () => {
    const capped = MAIN.replace('有效期：3年；', '有效期：3年；\n  每年累计不超过：1500元；');
    const second = RULES.replace('待遇 求职补贴', '待遇 登记补贴 { 条款：“四”；对象：个人；资金：就业资金；条件：已登记；金额：800元； }\n待遇 求职补贴');
    const fam = createProgram('/p/main.policy', memoryHost({ '/p/main.policy': capped, '/p/细则/补贴.policy': second }));
    expect(fam.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const run = (p: typeof fam, facts: unknown, ledger?: unknown) => {
      const v = validateFacts(p.model, '个人', facts);
      if (!v.ok) throw new Error(JSON.stringify(v.errors));
      const l = validateLedger(p.model, ledger ?? [], '2025-06-01');
      if (!l.ok) throw new Error(JSON.stringify(l.errors));
      return evaluate(p.model, '个人', v.facts, { asOf: '2025-06-01', ledger: l.ledger });
    };
    const d = run(fam, { 已登记: true, 年龄: '20' });
    // 登记补贴 (declared first) 800元, then 求职补贴 1000元 cut to the 700元 left of the family's 1500元.
    expect(d.benefits.map((b) => [b.id, b.amount])).toEqual([['登记补贴', '800.00'], ['求职补贴', '700.00']]);
    expect(d.total).toBe('1500.00');
    // “本细则各项补助累计不超过1500元” in the imported document's header: its benefits only, the ledger's payments of them counted.
    const inRules = createProgram('/p/main.policy', memoryHost({ '/p/main.policy': MAIN, '/p/细则/补贴.policy': second.replace('有效期：2年；', '有效期：2年；\n  累计不超过：1500元；') }));
    expect(inRules.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(inRules.model.header.pool).toBeUndefined();
    expect(inRules.model.documents[0]!.header.pool?.cumulative?.cap).toBeDefined();
    const r = run(inRules, { 已登记: true, 年龄: '20' }, [{ benefit: '登记补贴', date: '2025-03-01', amount: '600' }]);
    // 600元 paid before: 登记补贴 800元, then 求职补贴 gets the 100元 left, the note naming the document (P4109).
    expect(r.benefits.map((b) => [b.id, b.amount])).toEqual([['登记补贴', '800.00'], ['求职补贴', '100.00']]);
    const reasons = r.benefits[1]!.reasons.map((x) => x.code);
    expect(reasons).toContain('P4101');
    expect(r.benefits[1]!.reasons.find((x) => x.code === 'P4109')?.message).toBe('该上限为测〔2025〕2号文件各项待遇合计的上限：已享受金额含该文件的其他各项待遇');
  });

  it('names the other file in a duplicate definition', () => {
    const p2 = createProgram('/p/main.policy', memoryHost({ ...files, '/p/细则/补贴.policy': RULES.replace('待遇 求职补贴', '资金 就业资金；\n待遇 求职补贴') }));
    const d = p2.diagnostics.find((x) => x.code === 'P2050')!;
    expect(d).toMatchObject({ file: '/p/细则/补贴.policy', args: { name: '就业资金', file: '/p/main.policy', line: '8' } });
  });

  it('reports an import it cannot read, and one that is not a .policy file, at the path', () => {
    const p3 = createProgram('/p/main.policy', memoryHost({ '/p/main.policy': MAIN.replace('细则/补贴.policy', '细则/缺.policy') + '引用 “说明.txt”；\n' }));
    const codes = p3.diagnostics.filter((d) => d.code.startsWith('P205')).map((d) => [d.code, d.file, d.args['path']]);
    expect(codes).toEqual([
      ['P2051', '/p/main.policy', '细则/缺.policy'],
      ['P2052', '/p/main.policy', '说明.txt'],
    ]);
    const at = p3.diagnostics.find((d) => d.code === 'P2051')!.range;
    expect(p3.files[0]!.text.slice(at.start, at.end)).toBe('“细则/缺.policy”');
  });

  it('compile(text) of a file with an import and no host says the import cannot be read; with a host it is the same program', () => {
    expect(compile(MAIN).diagnostics.map((d) => d.code)).toContain('P2051');
    const c = compile(MAIN, { path: '/p/main.policy', host: memoryHost(files) });
    expect(c.diagnostics).toEqual([]);
    expect(c.model.benefits.map((b) => b.id)).toEqual(['求职补贴']);
    // The text compiled keeps file-less names and diagnostics; the imported file's carry its path.
    expect(c.model.symbols.occurrencesIn(undefined).length).toBeGreaterThan(0);
    expect(c.model.symbols.occurrencesIn('/p/细则/补贴.policy').length).toBeGreaterThan(0);
  });

  it('the formatter keeps an import', async () => {
    const r = await formatPolicy(MAIN.replace('引用 “细则/补贴.policy”；', '引用“细则/补贴.policy” ;'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.text).toContain('引用 “细则/补贴.policy”；');
    expect(compile(r.text, { path: '/p/main.policy', host: memoryHost(files) }).diagnostics).toEqual([]);
  });
});

describe('hosts', () => {
  it('the CLI reads imports from the disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-program-'));
    writeFileSync(join(dir, 'main.policy'), MAIN);
    writeFileSync(join(dir, 'rules.policy'), RULES.replace('../main.policy', 'main.policy'));
    writeFileSync(join(dir, 'main.policy'), MAIN.replace('细则/补贴.policy', 'rules.policy'));
    const c = compileFile(join(dir, 'main.policy'));
    expect(c.diagnostics).toEqual([]);
    expect(c.model.benefits[0]!.file).toBe(join(dir, 'rules.policy'));
  });

  it('the language server resolves imports among open documents, jumps and renames across them', () => {
    const store = new DocumentStore();
    const mainUri = pathUri('/p/main.policy');
    const rulesUri = pathUri('/p/细则/补贴.policy');
    store.open(mainUri, 'policy', 1, MAIN);
    store.open(rulesUri, 'policy', 1, RULES);
    const a = store.analysis(rulesUri);
    expect(a.compilation.diagnostics).toEqual([]);
    const locs = definition(a, RULES.indexOf('资金：就业资金') + 3)!;
    expect(locs[0]!.uri).toBe(mainUri);
    expect(locs[0]!.range.start.line).toBe(7);
    const edit = rename(a, RULES.indexOf('资金：就业资金') + 3, '就业补助资金', 'zh');
    expect(Object.keys(edit.changes!).sort()).toEqual([mainUri, rulesUri].sort());
    // Editing the imported file makes the importer's analysis stale.
    store.change(mainUri, 2, [{ text: MAIN.replace('资金 就业资金；', '资金 其他资金；') }]);
    expect(store.analysis(rulesUri).compilation.diagnostics.map((d) => d.code)).toContain('P2006');
  });
});

describe('the compiler core reads no files', () => {
  // Everything compile() reaches (compiler/index.ts and its imports, transitively) is free of Node built-ins,
  // so the same code runs in the language server, the CLI and a browser page.
  it('nothing compile() imports touches node:', () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('node:')) offenders.push(`${file}: ${spec}`);
        else if (spec.startsWith('.')) visit(join(dirname(file), spec));
      }
    };
    visit(join(import.meta.dirname, '../../compiler/index.ts'));
    expect(seen.size).toBeGreaterThan(15);
    expect(offenders).toEqual([]);
  });
});
