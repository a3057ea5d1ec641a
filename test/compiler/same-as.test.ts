// Issue #12 forms: `金额：参照 X；` (another benefit's amount rule, on this subject's facts), `金额：未载明` (eligible without
// an amount, P4135), `排名 前5名` (a rank, ≤). Reference semantics here; the generated evaluator agrees with the reference on
// test/emit/fixtures/same-as.policy and unstated-amount.policy (test/emit/differential.test.ts); the checker's messages are
// the golden case test/compiler/cases/same-as.policy.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { lowerPolicy } from '../../compiler/decision/lower.ts';
import { printProgram } from '../../compiler/decision/print.ts';
import { explain } from '../../compiler/cli/eval.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { hover } from '../../lsp/hover.ts';
import { references } from '../../lsp/references.ts';
import { stripRanges } from '../helpers.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';

const HEAD = `政策 { 标题：“参照”；文号：“示例〔2026〕1号”；施行日期：2025年1月1日；有效期：3年； }
资金 专项资金 “专项资金”；
计量单位 头 “头” / “head”；
对象 猪场 “猪场” {
  达到建设标准：是否 “是否达到建设标准？”；
  参与企社联动：是否 “是否参与企社联动？”；
  年出栏：头 “年出栏”；
  排名：名 “排名”；
}
待遇 标准化养殖场补助 “标准化养殖场补助” {
  条款：“六”；对象：猪场；资金：专项资金；发放：一次性；
  条件：达到建设标准；
  金额：按 年出栏 分档 { 300头至499头：10万元，500头以上：25万元 }；
  最高：20万元；
}
`;
const REFER = `${HEAD}待遇 扩繁场补助 “扩繁场补助” { 条款：“二”；对象：猪场；资金：专项资金；发放：一次性；条件：参与企社联动；金额：参照 标准化养殖场补助； }\n`;
const WRITTEN = `${HEAD}待遇 扩繁场补助 “扩繁场补助” { 条款：“二”；对象：猪场；资金：专项资金；发放：一次性；条件：参与企社联动；金额：按 年出栏 分档 { 300头至499头：10万元，500头以上：25万元 }；最高：20万元； }\n`;

function decide(text: string, facts: Record<string, unknown>, ledger: unknown[] = []) {
  const c = compile(text);
  expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const v = validateFacts(c.model, '猪场', facts);
  const l = validateLedger(c.model, ledger, '2025-06-01');
  if (!v.ok || !l.ok) throw new Error('invalid');
  return evaluate(c.model, '猪场', v.facts, { asOf: '2025-06-01', ledger: l.ledger, lang: 'zh' });
}
const brief = (text: string, facts: Record<string, unknown>, ledger: unknown[] = []) =>
  decide(text, facts, ledger).benefits.map((b) => `${b.id} ${b.status} ${b.amount ?? '-'} ${b.reasons.map((r) => r.code).join(',')}`);

describe('金额：参照 X', () => {
  it('decides exactly as the amount and 最高 written out (the decision IR is the same)', () => {
    const a = compile(REFER);
    const b = compile(WRITTEN);
    expect(a.diagnostics).toEqual(b.diagnostics);
    expect(printProgram(lowerPolicy(a.model))).toBe(printProgram(lowerPolicy(b.model)));
    for (const facts of [{ 参与企社联动: true, 达到建设标准: false, 年出栏: 600 }, { 参与企社联动: true, 达到建设标准: true, 年出栏: 350 }, { 参与企社联动: false }, {}])
      expect(brief(REFER, facts)).toEqual(brief(WRITTEN, facts));
  });

  it("uses this benefit's conditions and subject facts, not X's conditions", () => {
    // X needs 达到建设标准 (not met here); the referring benefit does not.
    expect(brief(REFER, { 参与企社联动: true, 达到建设标准: false, 年出栏: 600 })).toEqual(['标准化养殖场补助 ineligible - P4003', '扩繁场补助 eligible 200000.00 P4023']);
  });

  it("keeps this benefit's own 最高 over X's", () => {
    const own = REFER.replace('金额：参照 标准化养殖场补助；', '金额：参照 标准化养殖场补助；最高：15万元；');
    expect(brief(own, { 参与企社联动: true, 达到建设标准: false, 年出栏: 600 })[1]).toBe('扩繁场补助 eligible 150000.00 P4023');
  });

  it('就高不重复 compares the amount it stands for, capped by the 最高 taken over (as written out)', () => {
    const hto = (amount: string) =>
      `${HEAD.replace('  排名：名 “排名”；\n', '  排名：名 “排名”；\n  其他政策支持金额：元 “其他政策支持金额”；\n')}待遇 乙 “乙” { 条款：“二”；对象：猪场；资金：专项资金；发放：一次性；${amount}就高不重复：其他政策支持金额； }\n`;
    const a = hto('金额：参照 标准化养殖场补助；');
    const b = hto('金额：按 年出栏 分档 { 300头至499头：10万元，500头以上：25万元 }；最高：20万元；');
    expect(printProgram(lowerPolicy(compile(a).model))).toBe(printProgram(lowerPolicy(compile(b).model)));
    // 25万元 cut to 20万元 is not above 22万元 from other policies.
    expect(brief(a, { 达到建设标准: false, 年出栏: 600, 其他政策支持金额: 220000 })[1]).toBe('乙 ineligible - P4003');
    expect(brief(a, { 达到建设标准: false, 年出栏: 600, 其他政策支持金额: 150000 })[1]).toBe('乙 eligible 200000.00 P4023');
    // X's amount is resolved again for the comparison: its names are still recorded once each (references, rename).
    const an = new Analysis('file:///hto.policy', 1, a, compile);
    const refs = references(an, a.indexOf('按 年出栏') + 2, true).map((r) => `${r.range.start.line}:${r.range.start.character}`);
    expect(refs.length).toBe(2); // its declaration and X's table
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('re-checks the referring benefit when X changes (incremental check equals a full compile)', () => {
    const prev = compile(REFER);
    const edited = REFER.replace('500头以上：25万元', '500头以上：15万元');
    const inc = compile(edited, { previous: prev });
    const full = compile(edited);
    expect(stripRanges(inc.model.benefits.map((b) => b.amount))).toEqual(stripRanges(full.model.benefits.map((b) => b.amount)));
    expect(inc.diagnostics).toEqual(full.diagnostics);
  });

  it('is printed back as written, and the model names whose standard it is', async () => {
    expect(JSON.stringify(await formatPolicy(REFER.replace('参照 标准化', '参照   标准化')))).toContain('金额：参照 标准化养殖场补助；');
    const m = compile(REFER).model;
    expect(m.benefits.find((b) => b.id === '扩繁场补助')?.amountFrom).toBe('标准化养殖场补助');
    expect(renderMarkdown(buildSummary(m, 'zh')).replace(/\*\*/g, '')).toContain('补助标准：参照“标准化养殖场补助”的标准：按年出栏分档确定');
    expect(renderMarkdown(buildSummary(m, 'en'))).toContain('as for "标准化养殖场补助"');
  });

  it('hover on 参照 explains the form', () => {
    const a = new Analysis('file:///same-as.policy', 1, REFER, compile);
    const at = REFER.indexOf('参照 标准化') + 1;
    expect(JSON.stringify(hover(a, at, 'en')!.contents)).toContain('same-as');
  });
});

describe('金额：未载明', () => {
  const TEXT = `${HEAD}待遇 贷款担保 “贷款担保” { 条款：“十”；对象：猪场；金额性质：贷款；条件：参与企社联动；金额：未载明； }
待遇 贴息 “贴息” { 条款：“十一”；对象：猪场；资金：专项资金；发放：一次性；条件：参与企社联动；金额：未载明； }\n`;

  it('decides eligibility and grants without an amount, never 0, not in the total', () => {
    const d = decide(TEXT, { 参与企社联动: true, 达到建设标准: true, 年出栏: 300 });
    expect(d.benefits.map((b) => `${b.id} ${b.status} ${b.amount ?? '-'} ${b.reasons.map((r) => r.code).join(',')}`)).toEqual([
      '标准化养殖场补助 eligible 100000.00 ',
      '贷款担保 eligible - P4135',
      '贴息 eligible - P4135',
    ]);
    expect(d.total).toBe('100000.00');
    const m = compile(TEXT).model;
    expect(renderMarkdown(buildSummary(m, 'zh'))).toContain('原文未载明金额');
    expect(explain(m, d, 'zh', false).trim().split('\n').at(-1)).toBe('合计：100000.00元（另有2项符合条件、原文未载明金额，未计入合计）');
  });

  it('still fails its conditions and its ledger quotas', () => {
    expect(brief(TEXT, { 参与企社联动: false, 达到建设标准: false })).toEqual(['标准化养殖场补助 ineligible - P4003', '贷款担保 ineligible - P4003', '贴息 ineligible - P4003']);
    const paid = brief(TEXT, { 参与企社联动: true, 达到建设标准: false }, [{ benefit: '贴息', date: '2025-03-01', amount: '1000' }]);
    expect(paid[2]).toMatch(/^贴息 ineligible - P40/);
    expect(brief(TEXT, { 达到建设标准: false })[1]).toBe('贷款担保 undetermined - P4012');
  });
});

describe('排名 前5名', () => {
  const TEXT = `${HEAD}待遇 前五名奖励 “前五名奖励” { 条款：“一”；对象：猪场；资金：专项资金；条件：排名 前5名；金额：1万元； }\n`;
  it('is ≤ 5, the 5th place included, and the same tree as 5名以内 but for the form', () => {
    expect(brief(TEXT, { 达到建设标准: false, 排名: 5 })[1]).toBe('前五名奖励 eligible 10000.00 ');
    expect(brief(TEXT, { 达到建设标准: false, 排名: 6 })[1]).toBe('前五名奖励 ineligible - P4003');
    const a = compile(TEXT);
    const b = compile(TEXT.replace('排名 前5名', '排名 5名以内'));
    expect(printProgram(lowerPolicy(a.model))).toBe(printProgram(lowerPolicy(b.model)));
  });
  it('keeps the text\'s words in the reasons and the formatter', async () => {
    const d = decide(TEXT, { 达到建设标准: false, 排名: 6 });
    expect(d.benefits[1]!.reasons[0]!.message).toContain('前5名');
    expect(renderMarkdown(buildSummary(compile(TEXT).model, 'zh'))).toContain('排名在前5名');
    expect(JSON.stringify(await formatPolicy(TEXT.replace('排名 前5名', '排名   前5名')))).toContain('排名 前5名；');
    expect(JSON.stringify(await formatPolicy(TEXT, { keywords: 'en' }))).toContain('排名 前5 places；');
  });
});
