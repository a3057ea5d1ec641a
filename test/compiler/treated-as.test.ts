// 视同享受 (经认定的A，视同B享受本政策): A satisfies the benefit's conditions that require B (each B read `B 或 A`), a table by
// the kind B names pays A as B, and the decision notes P4090 when granted through A. Reference semantics and wording here;
// the generated evaluator and DuckDB agree with the reference on test/emit/fixtures/treated-as.policy
// (test/emit/differential.test.ts, test/sql/duckdb-differential.test.ts); the checker's messages are the golden case
// test/compiler/cases/treated-as.policy.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';

const TEXT = `政策 { 标题：“视同” / “Treated as”；文号：“示例〔2025〕32号”；施行日期：2025年1月1日；有效期：3年； }
资金 专项资金 “专项资金” / “Special fund”；
枚举 单位类型 “单位类型” / “Kind”：工作站 “工作站” / “Station”，实践基地 “实践基地” / “Base”，其他 “其他” / “Other”；
对象 单位 “单位” / “Employer” { 类型：单位类型 “类型” / “Kind”；人数：人 “人数” / “Hires”；认定：是否 “经认定？” / “Recognised?”；本市注册：是否 “本市注册？” / “Registered here?”； }
待遇 建站资助 “建站资助” / “Station grant” { 条款：“一”；对象：单位；资金：专项资金；发放：一次性；条件：类型 为 工作站，人数 满 1人；
  金额：按 类型 { 工作站：50万元，其他：1万元 }；视同享受：类型 为 实践基地，类型 为 工作站； }
待遇 引才补贴 “引才补贴” / “Hiring grant” { 条款：“二”；对象：单位；资金：专项资金；发放：一次性；条件：本市注册；金额：2万元；视同享受：认定，本市注册； }
`;
const c = compile(TEXT);

function decide(facts: Record<string, unknown>, lang: 'zh' | 'en' = 'zh') {
  const v = validateFacts(c.model, '单位', facts);
  if (!v.ok) throw new Error('invalid');
  return evaluate(c.model, '单位', v.facts, { asOf: '2025-06-01', lang }).benefits;
}

describe('reference semantics', () => {
  it('compiles cleanly', () => expect(c.diagnostics).toEqual([]));
  it('B itself: granted, no note', () => {
    const [b] = decide({ 类型: '工作站', 人数: 1 });
    expect([b!.status, b!.amount, b!.reasons]).toEqual(['eligible', '500000.00', []]);
  });
  it('A: granted as B, the table pays A as B, with the note', () => {
    const [b] = decide({ 类型: '实践基地', 人数: 1 });
    expect([b!.status, b!.amount]).toEqual(['eligible', '500000.00']);
    expect(b!.reasons.map((r) => [r.code, r.message])).toEqual([['P4090', '类型为实践基地，视同类型为工作站享受']]);
    const [en] = decide({ 类型: '实践基地', 人数: 1 }, 'en');
    expect(en!.reasons[0]!.message).toBe('Kind is Base: treated as Kind is Station');
  });
  it('neither: the condition fails as written; the other conditions still apply to A', () => {
    expect(decide({ 类型: '其他', 人数: 1 })[0]!.status).toBe('ineligible');
    expect(decide({ 类型: '实践基地', 人数: 0 })[0]!.status).toBe('ineligible');
  });
  it('three-valued: A unknown with B false → undetermined; B true → granted without A; A true → granted without B', () => {
    const [, b1] = decide({ 本市注册: false });
    expect([b1!.status, b1!.missing]).toEqual(['undetermined', ['认定']]);
    const [, b2] = decide({ 本市注册: true });
    expect([b2!.status, b2!.reasons]).toEqual(['eligible', []]);
    const [, b3] = decide({ 认定: true });
    expect([b3!.status, b3!.reasons.map((r) => r.code)]).toEqual(['eligible', ['P4090']]);
  });
});

describe('checker', () => {
  it.each([
    ['视同享受：认定，本市注册；', '视同享受：认定，人数 满 2人；', 'P2247'],
    ['视同享受：认定，本市注册；', '视同享受：认定；', 'P2248'],
    ['视同享受：认定，本市注册；', '视同享受：人数，本市注册；', 'P2010'],
  ])('%s → %s: %s', (from, to, code) => {
    const x = compile(TEXT.replace(from, to));
    expect(x.diagnostics.map((d) => d.code)).toContain(code);
  });
  it('a table that already has an entry for A keeps its own', () => {
    const x = compile(TEXT.replace('工作站：50万元，其他：1万元', '工作站：50万元，实践基地：30万元'));
    const v = validateFacts(x.model, '单位', { 类型: '实践基地', 人数: 1 });
    if (!v.ok) throw new Error('invalid');
    expect(evaluate(x.model, '单位', v.facts, { asOf: '2025-06-01' }).benefits[0]!.amount).toBe('300000.00');
  });
});

describe('summary', () => {
  it('says who is treated as whom', () => {
    const zh = renderMarkdown(buildSummary(c.model, 'zh')).replace(/\*\*/g, '');
    expect(zh).toContain('视同：类型为实践基地的，视同类型为工作站享受');
    const en = renderMarkdown(buildSummary(c.model, 'en'));
    expect(en).toContain('treated as');
  });
});
