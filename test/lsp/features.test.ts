// The feature modules on their own (no transport): completion contexts,
// keyword spelling, navigation across shared facts and level aliases, rename
// checks, code actions, and a sweep of every feature over mutated texts that
// must never throw.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CodeActionParams } from 'vscode-languageserver-protocol';
import { compile } from '../../compiler/index.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { codeActions, mostUsedFund } from '../../lsp/code-actions.ts';
import { completion } from '../../lsp/completion.ts';
import { definition } from '../../lsp/definition.ts';
import { lspDiagnostics } from '../../lsp/diagnostics.ts';
import { foldingRanges } from '../../lsp/folding.ts';
import { hover } from '../../lsp/hover.ts';
import { references } from '../../lsp/references.ts';
import { isValidName, prepareRename, rename } from '../../lsp/rename.ts';
import { semanticTokens } from '../../lsp/semantic-tokens.ts';
import { documentSymbols } from '../../lsp/symbols.ts';
import { POLICY } from './client.ts';
import { applyEdits } from './expected.ts';

const original = readFileSync(POLICY, 'utf8');
const analyse = (text: string, version = 1) => new Analysis('file:///t.policy', version, text, compile);
const at = (text: string, needle: string, delta = 0, nth = 0) => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`${needle} not found`);
  return i + delta;
};
const labels = (text: string, offset: number) => completion(analyse(text), offset, 'zh').map((i) => i.label);

const ENGLISH = `policy {
  title: "Test";
  doc-number: "T1";
  effective: 2025-03-01;
  validity: 3 years;
}
fund talent "Talent fund";
levels skill: junior < senior < master;
subject firm "Firm" {
  certified: bool;
  level: skill;
  staff: persons;
}
benefit reward "Reward" {
  clause: "1";
  subject: firm;
  fund: talent;
  payment: once;
  conditions: certified, level senior or-more;
  amount: 1000 yuan;
}
`;

describe('completion contexts', { timeout: 60000 }, () => {
  it('offers declarations at the top level, header fields in the header, benefit fields in a benefit', () => {
    expect(labels(original, at(original, '资金 人才专项资金'))).toEqual(expect.arrayContaining(['政策', '资金', '等级', '枚举', '对象', '参数', '待遇', '条文', '就高']));
    expect(labels(original, at(original, '  文号', 2))).toEqual(expect.arrayContaining(['标题', '文号', '施行日期', '有效期']));
    const text = original.replace('  条款：“二（一）2”；', '  条款：“二（一）2”；\n  ');
    const inBenefit = labels(text, at(text, '  条款：“二（一）2”；\n  ') + '  条款：“二（一）2”；\n  '.length);
    expect(inBenefit).toEqual(expect.arrayContaining(['条件', '金额', '资金', '对象', '最高', '每年累计不超过', '示例']));
    expect(inBenefit).not.toContain('文号');
  });

  it("completes a shared cap in the header: facts of every subject type and parameters, then a fund after the comma", () => {
    const text = original.replace('  有效期：3年；', '  有效期：3年；\n  累计不超过：；\n  每年累计不超过：100万元，；');
    const cap = labels(text, at(text, '累计不超过：；') + '累计不超过：'.length);
    expect(cap).toEqual(expect.arrayContaining(['直接培养人数', '院校在我区', '较低者']));
    expect(cap).not.toContain('人才专项资金');
    const fund = labels(text, at(text, '100万元，；') + '100万元，'.length);
    expect(fund).toEqual(expect.arrayContaining(['人才专项资金', '职业技能提升专账资金']));
    expect(fund).not.toContain('直接培养人数');
  });

  it('completes keywords in English in an English file, with English punctuation', () => {
    expect(compile(ENGLISH).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const text = ENGLISH.replace('  payment: once;', '  payment: once;\n  ');
    const items = completion(analyse(text), at(text, '  payment: once;\n  ') + '  payment: once;\n  '.length, 'en');
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['conditions', 'amount', 'ceiling', 'fund']));
    expect(items.map((i) => i.label)).not.toContain('条件');
    expect(items.find((i) => i.label === 'amount')!.textEdit!.newText).toBe('amount: ');
    const cond = labels(ENGLISH, at(ENGLISH, 'level senior'));
    expect(cond).toEqual(expect.arrayContaining(['certified', 'level', 'staff', 'and', 'or']));
    // After `level `: the levels of skill first.
    const lv = completion(analyse(ENGLISH), at(ENGLISH, 'senior or-more'), 'en');
    expect(lv.slice(0, 3).map((i) => i.label)).toEqual(['junior', 'senior', 'master']);
  });

  it('completes fact names and 期望 at the start of an example entry, and the fact’s values after its colon', () => {
    const text = original.replace('示例 “五星” { 已备案认定企业：是；期满星级：五星；', '示例 “五星” { 已备案认定企业：是；期满星级：五星；  ');
    const start = at(text, '期满星级：五星；  ') + '期满星级：五星；  '.length;
    const l = labels(text, start);
    expect(l).toEqual(expect.arrayContaining(['已备案认定企业', '期满星级', '期望', '日期', '已领']));
    expect(l).not.toContain('院校在我区');
    expect(labels(text, at(text, '期满星级：五星；  ', 5))).toEqual(['五星', '四星', '其他星级']);
    expect(labels(text, at(text, '已备案认定企业：是；期满星级：五星；  ', 8))).toEqual(['是', '否']);
    expect(labels(original, at(original, '期望：不符合', 3))).toEqual(['符合', '不符合', '待定']);
  });

  it('completes table keys, per-level keys, 属于 sets and the facts after 按', () => {
    expect(labels(original, at(original, '按 直接培养人数 { 高级工', 10))).toEqual(['初级工', '五级', '中级工', '四级', '高级工', '三级', '技师', '二级', '高级技师', '一级']);
    expect(labels(original, at(original, '直接培养人数：{ 高级工：10人', 9))).toContain('技师');
    expect(labels(original, at(original, '属于 { 技工院校', 5))).toEqual(['技工院校', '中职院校', '其他院校']);
    const text = original.replace('金额：按 期满星级 { ', '金额：按 ');
    const facts = labels(text, at(text, '金额：按 五星', 5));
    expect(facts).toEqual(expect.arrayContaining(['期满星级', '直接培养人数']));
    expect(facts).not.toContain('已备案认定企业');
  });

  it('completes brackets: 分档 after 按 and a quantity fact, boundary words at the start of a bracket', () => {
    const text = original.replace('金额：按 期满星级 { ', '金额：按 年度自主认定人次 分档 { 满 50人次：1元，');
    const by = labels(text, at(text, '按 年度自主认定人次', 2));
    expect(by).toEqual(expect.arrayContaining(['年度自主认定人次', '期满星级']));
    expect(labels(text, at(text, '年度自主认定人次 分档', 9))).toEqual(['分档', '分段累进']);
    const words = labels(text, at(text, '分档 { 满', 5));
    expect(words).toEqual(expect.arrayContaining(['满', '超过', '突破', '不满', '以上', '至', '含', '不含']));
    // The same words inside marginal bands (分段累进).
    const bands = text.replace('分档 {', '分段累进 {');
    expect(labels(bands, at(bands, '分段累进 { 满', 7))).toEqual(expect.arrayContaining(['满', '超过', '以上', '至', '含', '不含']));
    // Outside brackets the bracket words are not offered.
    expect(labels(original, at(original, '年度自主认定人次 满', 0))).not.toContain('分档');
    expect(labels(original, at(original, '年度自主认定人次 满', 0))).not.toContain('分段累进');
  });

  it('completes types in a subject, benefits after 就高, units after a number, nothing in strings and comments', () => {
    const types = labels(original, at(original, '已备案认定企业：是否', 8));
    expect(types).toEqual(expect.arrayContaining(['是否', '日期', '技能等级', '星级', '元', '人次']));
    const text = original + '\n就高：企业认定奖励，';
    expect(labels(text, text.length)).toEqual(expect.arrayContaining(['企业认定奖励', '企业培养资助']));
    expect(labels(original, at(original, '10万元；', 2))).toEqual(expect.arrayContaining(['万元', '元', '人次', '年']));
    // Half-typed unit after a number: 10万| still offers units.
    expect(labels(original, at(original, '10万元；', 3))).toContain('万元');
    expect(labels(original, at(original, '“人才专项资金” /', 2))).toEqual([]);
    expect(labels(original, at(original, '// ---- 申请对象', 5))).toEqual([]);
  });

  it('replaces the word being typed', () => {
    const text = original.replace('条件：已备案认定企业，年度自主认定人次 满 50人次；', '条件：已备案认定企业，年度自；');
    const items = completion(analyse(text), at(text, '年度自；') + 3, 'zh');
    const item = items.find((i) => i.label === '年度自主认定人次')!;
    const a = analyse(text);
    expect(item.textEdit).toEqual({ range: a.range({ start: at(text, '年度自；'), end: at(text, '年度自；') + 3 }), newText: '年度自主认定人次' });
  });
});

describe('navigation and rename', { timeout: 60000 }, () => {
  it('links a fact used by a benefit with two subjects to both declarations, and renames both', () => {
    const a = analyse(original);
    const use = at(original, '金额：比武项目核定经费', 4);
    const defs = definition(a, use)!;
    expect(defs).toHaveLength(2);
    const edit = rename(a, use, '核定经费', 'zh');
    const renamed = applyEdits(original, edit.changes!['file:///t.policy']!);
    expect(renamed).not.toContain('比武项目核定经费');
    expect(compile(renamed).diagnostics).toEqual([]);
  });

  it('treats a level alias as a name of its level, and a type named like a fact separately', () => {
    const a = analyse(original);
    const h = hover(a, at(original, '（五级）', 1), 'zh')!;
    expect((h.contents as { value: string }).value).toContain('由低到高第 1 级（共 5 级）');
    const typeUse = at(original, '区级竞赛奖项：区级竞赛奖项', 8);
    const defs = definition(a, typeUse)!;
    expect(defs[0]!.range.start.line).toBe(a.position(at(original, '枚举 区级竞赛奖项', 3)).line);
    const refs = references(a, typeUse, true);
    expect(refs).toHaveLength(2);
  });

  it('hovers a level with its label, and a benefit with its caps and 发放 in words (English)', () => {
    const a = analyse(original);
    const level = (hover(a, at(original, '（五级）', 1), 'en')!.contents as { value: string }).value;
    expect(level).toContain('Elementary worker');
    const b = (hover(a, at(original, '待遇 企业认定奖励', 4), 'en')!.contents as { value: string }).value;
    expect(b).toContain('limit: at most 50,000 yuan in total per year (calendar year; payments already made that year count, only what remains is paid)');
    expect(b).toContain('payment: once a year: paid once per calendar year (1 January to 31 December)');
  });

  it('hovers limits across benefits and instalments in words, completes and follows benefit names in 合并计算', () => {
    const text = readFileSync(new URL('../emit/fixtures/across.policy', import.meta.url), 'utf8');
    const a = analyse(text);
    const staged = (hover(a, at(text, '待遇 两期拨付', 4), 'zh')!.contents as { value: string }).value;
    expect(staged).toContain('分期：分2期拨付：第1期60%，已签订项目任务书后拨付；第2期拨付余款，通过验收后拨付');
    expect(staged).toContain('按次给予：每次（每个项目）一个总额，分期拨付');
    const notStated = (hover(a, at(text, '待遇 分阶段支持', 4), 'en')!.contents as { value: string }).value;
    expect(notStated).toContain('instalments: paid in stages: the shares and times of the stages are not stated in the text');
    const capped = (hover(a, at(text, '待遇 三年支持', 4), 'zh')!.contents as { value: string }).value;
    expect(capped).toContain('3年内（自评估日期往前计算）累计不超过50万元（与“项目支持”合并计算，已发放的计入，只付剩余额度）');
    // After 合并计算： the benefits are offered; a name there goes to the benefit's declaration.
    const inserted = text.replace('  合并计算：培训补贴乙；', '  合并计算：');
    expect(labels(inserted, at(inserted, '  合并计算：', 7))).toEqual(expect.arrayContaining(['培训补贴甲', '两期拨付']));
    const use = at(text, '合并计算：项目支持', 6);
    expect(definition(a, use)![0]!.range.start.line).toBe(a.position(at(text, '待遇 项目支持', 3)).line);
  });

  it('completes, follows and hovers the benefit named in 符合 X 的条件', () => {
    const text = readFileSync(new URL('../emit/fixtures/conds.policy', import.meta.url), 'utf8');
    const a = analyse(text);
    const use = at(text, '自主创业，符合 社会保险补贴', 8);
    expect(definition(a, use)![0]!.range.start.line).toBe(a.position(at(text, '待遇 社会保险补贴', 3)).line);
    const shown = (hover(a, use, 'en')!.contents as { value: string }).value;
    expect(shown).toContain('Social insurance subsidy for hiring people with employment difficulties');
    const typing = text.replace('条件：符合 创业社会保险补贴 的条件；', '条件：符合 ');
    expect(labels(typing, at(typing, '条件：符合 ', 6))).toEqual(expect.arrayContaining(['社会保险补贴', '创业社会保险补贴']));
  });

  it('renames a level value everywhere it is used and refuses names that would clash', () => {
    const a = analyse(original);
    const edit = rename(a, at(original, '高级工（三级）'), '高级技工', 'zh');
    const renamed = applyEdits(original, edit.changes!['file:///t.policy']!);
    // Names are renamed; the texts of labels and examples' titles are not names.
    expect(renamed.replace(/“(?:[^“”]|“[^“”]*”)*”/g, '')).not.toMatch(/高级工[^班]/);
    expect(compile(renamed).diagnostics).toEqual([]);
    expect(() => rename(a, at(original, '高级工（三级）'), '技师', 'zh')).toThrow('“技师”已被定义');
    expect(() => rename(a, at(original, '高级工（三级）'), '已备案认定企业', 'zh')).toThrow('已被定义');
    expect(() => rename(a, at(original, '期满星级：星级'), '期满星级 x', 'zh')).toThrow('不是有效的名称');
    expect(() => prepareRename(a, at(original, '“人才专项资金” /', 2), 'zh')).toThrow('没有可以重命名的名称');
    expect(isValidName('level2')).toBe(true);
    expect(isValidName('高级工及以上')).toBe(false);
    expect(isValidName('')).toBe(false);
  });
});

describe('diagnostics, code actions and outline', { timeout: 60000 }, () => {
  it('speaks the requested language', () => {
    const text = original.replace('资金：人才专项资金', '资金：人才专项基金');
    const a = analyse(text);
    expect(lspDiagnostics(a, 'en').find((d) => d.code === 'P2006')!.message).toBe('unknown fund "人才专项基金"; did you mean "人才专项资金"?');
    expect(lspDiagnostics(a, 'zh').find((d) => d.code === 'P2006')!.message).toContain('是否指“人才专项资金”');
  });

  it('fixes full-width digits and picks the most used fund', () => {
    const text = original.replace('金额：2000元；', '金额：２０００元；');
    const a = analyse(text);
    const d = a.compilation.diagnostics.find((x) => x.code === 'P1002')!;
    expect(d).toBeDefined();
    const params = { textDocument: { uri: a.uri }, range: a.range(d.range), context: { diagnostics: [] } } as CodeActionParams;
    const fix = codeActions(a, params, 'zh').find((x) => x.kind === 'quickfix')!;
    expect(fix.title).toBe('改为半角数字“2000”');
    expect(applyEdits(text, fix.edit!.changes![a.uri]!)).toBe(original);
    expect(mostUsedFund(a.compilation.parse.file)).toBe('人才专项资金');
  });

  it('gives the shared bound of two brackets to the higher one (P2211 quick fix)', () => {
    const text = `政策 { 标题：“商贸”；文号：未载明；施行日期：未载明；有效期：未载明； }
对象 企业 { 增长：%； }
待遇 奖励 { 条款：“二”；对象：企业；资金：未载明；金额：按 增长 分档 { 12%以上18%以下：0.5万元，18%以上：1万元 }； }
`;
    const a = analyse(text);
    const d = a.compilation.diagnostics.find((x) => x.code === 'P2211')!;
    expect(d).toBeDefined();
    const params = { textDocument: { uri: a.uri }, range: a.range(d.range), context: { diagnostics: [] } } as CodeActionParams;
    const fix = codeActions(a, params, 'zh').find((x) => x.kind === 'quickfix')!;
    const fixed = applyEdits(text, fix.edit!.changes![a.uri]!);
    expect(fixed).toContain('{ 12%以上18%（不含）以下：0.5万元，18%以上：1万元 }');
    expect(compile(fixed).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('respects the `only` filter', () => {
    const a = analyse(original.replace('标题：', '标题:'));
    const range = a.range({ start: 0, end: 0 });
    const quick = codeActions(a, { textDocument: { uri: a.uri }, range, context: { diagnostics: [], only: ['quickfix'] } }, 'zh');
    expect(quick).toEqual([]);
    const source = codeActions(a, { textDocument: { uri: a.uri }, range, context: { diagnostics: [], only: ['source'] } }, 'zh');
    expect(source.map((x) => x.kind)).toEqual(['source.normalizePunctuation.majority', 'source.normalizePunctuation.full', 'source.normalizePunctuation.half']);
  });

  it('outlines English titles in English', () => {
    const syms = documentSymbols(analyse(original), 'en');
    expect(syms.map((s) => s.name)).toContain('二（三）7 Certification enterprises: reward for self-certification');
  });
});

describe('robustness of every feature on broken text', { timeout: 60000 }, () => {
  it('never throws on mutated versions of the real policy', () => {
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ['{', '}', '；', '：', '，', '“', '”', '/*', '//', '\n', '按', '属于 {', '满', '5', '元', '对象：', '示例 {', '😀', '\r\n'];
    for (let round = 0; round < 12; round++) {
      let text = original;
      for (let k = 0; k < 8; k++) {
        const i = Math.floor(next() * text.length);
        text = next() < 0.5 ? text.slice(0, i) + pieces[Math.floor(next() * pieces.length)] + text.slice(i) : text.slice(0, i) + text.slice(i + 1 + Math.floor(next() * 30));
      }
      const a = analyse(text, round);
      expect(() => {
        lspDiagnostics(a, 'zh');
        documentSymbols(a, 'zh');
        semanticTokens(a);
        foldingRanges(a);
        for (let offset = 0; offset <= text.length; offset += 211) {
          completion(a, offset, 'zh');
          hover(a, offset, 'zh');
          definition(a, offset);
          references(a, offset, true);
          codeActions(a, { textDocument: { uri: a.uri }, range: a.range({ start: offset, end: offset }), context: { diagnostics: [] } }, 'zh');
          try {
            rename(a, offset, '新名称', 'zh');
          } catch (e) {
            expect((e as Error).constructor.name).toBe('ResponseError');
          }
        }
      }, `round ${round}`).not.toThrow();
    }
  }, 120000);
});
