// Soft conditions: 等情形 (“符合下列情形之一：A、B、C等” — the list left open) and 原则上 (a rule with exceptions). Holding: as
// any condition. Not holding: undetermined with the authority's reason (P4091 / P4092), never ineligible by itself; a hard
// condition failing still makes the benefit ineligible; missing facts are still named. The generated evaluator agrees with the
// reference on test/emit/fixtures/soft.policy (test/emit/differential.test.ts); SQL refuses it by name.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';

const TEXT = `政策 { 标题：“软条件” / “Soft”；文号：“示例〔2025〕33号”；施行日期：2025年1月1日；有效期：3年； }
资金 专项资金 “专项资金” / “Special fund”；
对象 企业 “企业” / “Firm” { 高新：是否 “高新技术企业？” / “High-tech?”；专精特新：是否 “专精特新？” / “Specialised?”；本区注册：是否 “本区注册？” / “Registered here?”；人数：人 “人数” / “Staff”； }
待遇 甲 “甲” / “A” { 条款：“一”；对象：企业；资金：专项资金；发放：一次性；条件：人数 满 10人；等情形：高新，专精特新；金额：1万元； }
待遇 乙 “乙” / “B” { 条款：“二”；对象：企业；资金：专项资金；发放：一次性；条件：人数 满 10人；原则上：本区注册；金额：2万元； }
`;
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '企业', facts);
  if (!v.ok) throw new Error('invalid');
  return evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01', lang }).benefits;
}
const brief = (b: { status: string; reasons: { code: string }[]; missing: string[] }) => [b.status, b.reasons.map((r) => r.code).join(','), b.missing.join(',')];

describe('reference semantics', () => {
  it('compiles cleanly', () => expect(c.diagnostics).toEqual([]));
  it.each([
    // 等情形: one listed case holds → as usual.
    [{ 人数: 10, 高新: true }, 0, ['eligible', '', '']],
    // None holds → undetermined, the authority decides (not ineligible).
    [{ 人数: 10, 高新: false, 专精特新: false }, 0, ['undetermined', 'P4091', '']],
    // A hard condition fails → ineligible whatever the list says.
    [{ 人数: 5, 高新: false, 专精特新: false }, 0, ['ineligible', 'P4003', '']],
    // Unknown: the missing fact is asked for.
    [{ 人数: 10, 高新: false }, 0, ['undetermined', 'P4012', '专精特新']],
    // 原则上: holds → as usual; does not hold → undetermined P4092; with a missing fact: P4012 then P4092.
    [{ 人数: 10, 本区注册: true }, 1, ['eligible', '', '']],
    [{ 人数: 10, 本区注册: false }, 1, ['undetermined', 'P4092', '']],
    [{ 本区注册: false }, 1, ['undetermined', 'P4012,P4092', '人数']],
    [{ 人数: 9, 本区注册: false }, 1, ['ineligible', 'P4003', '']],
  ])('%j → benefit %i: %j', (facts, i, want) => {
    expect(brief(decide(facts)[i]!)).toEqual(want);
  });
  it('words the authority reason in both languages', () => {
    expect(decide({ 人数: 10, 本区注册: false })[1]!.reasons[0]!.message).toBe('原则上须本区注册（本区注册：否），本案不符合；例外情形由主管部门认定');
    expect(decide({ 人数: 10, 高新: false, 专精特新: false }, 'en')[0]!.reasons[0]!.message).toContain('the list is not exhaustive ("等"): other cases are decided by the authority');
  });
});

describe('checker and summary', () => {
  it.each(['等情形：人数；', '原则上：人数；'])('%s is P2010', (field) => {
    const x = compile(TEXT.replace('原则上：本区注册；', field));
    expect(x.diagnostics.map((d) => d.code)).toContain('P2010');
  });
  it('English keywords give the same model', () => {
    const en = compile(TEXT.replace('等情形：高新，专精特新；', 'open-list: 高新, 专精特新;').replace('原则上：本区注册；', 'in-principle: 本区注册;'));
    expect(en.diagnostics).toEqual([]);
    expect(en.model.benefits.map((b) => b.conditions.map((x) => x.soft ?? ''))).toEqual([['', 'open'], ['', 'in-principle']]);
  });
  it('the summary says the list is open and the rule has exceptions', () => {
    const zh = renderMarkdown(buildSummary(c.model, 'zh')).replace(/\*\*/g, '');
    expect(zh).toContain('属于下列情形之一：高新技术企业，或者专精特新等（其他情形由主管部门认定）');
    expect(zh).toContain('原则上本区注册（例外情形由主管部门认定）');
  });
});
