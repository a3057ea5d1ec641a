// Issue #12, limits a benefit states by the ledger in more than one way: several independent 限一次 keys in one
// benefit, each checked on its own, the reason naming the key that refused. test/emit/fixtures/keys.policy runs the
// same constructs through the differential tests of the generated evaluator and of SQL.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { lowerPolicy } from '../../compiler/decision/lower.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { explain } from '../../compiler/cli/eval.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { completion } from '../../lsp/completion.ts';
import { hover } from '../../lsp/hover.ts';

const HEAD = `政策 { 标题：“键” / “Keys”；文号：“示例〔2025〕9号”；施行日期：2025年1月1日；有效期：3年； }
资金 就业资金 “就业补助资金” / “Employment fund”；
对象 企业 “企业” / “Firm” { 身份证号：文字 “身份证号” / “ID number”；岗位：文字 “岗位” / “Post”；年度：文字 “年度” / “Year”；实缴出资额：元 “实缴出资额” / “Paid-in capital”；总投资：元 “总投资” / “Total investment”；核定金额：元 “核定金额” / “Approved amount”；人数：人 “人数” / “Persons”； }
`;

function decider(text: string) {
  const c = compile(HEAD + text);
  const errors = c.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(JSON.stringify(errors.map((d) => [d.code, d.args])));
  return (facts: Record<string, unknown>, ledger: unknown[] = [], lang: 'zh' | 'en' = 'zh', asOf = '2025-06-01') => {
    const v = validateFacts(c.model, '企业', facts);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const l = validateLedger(c.model, ledger, asOf);
    if (!l.ok) throw new Error(JSON.stringify(l.errors));
    return evaluate(c.model, '企业', v.facts, { asOf, ledger: l.ledger, lang }).benefits[0]!;
  };
}

describe('several 限一次 keys', () => {
  const TEXT = `待遇 吸纳 “吸纳补贴” / “Hiring subsidy” { 条款：“一”；对象：企业；资金：就业资金；发放：每次；限一次：身份证号；限一次：岗位，年度；金额：1000元； }`;
  const decide = decider(TEXT);
  const paid = [{ benefit: '吸纳', date: '2025-02-01', amount: '1000', key: { 身份证号: 'P1', 岗位: 'J1', 年度: '2025' } }];
  it('lowers to one quota step per key, in the order written', () => {
    const c = compile(HEAD + TEXT);
    const known = lowerPolicy(c.model).benefits[0]!.steps.find((s) => s.k === 'if-known');
    const quotas = known && known.k === 'if-known' ? known.steps.filter((s) => s.k === 'quota') : [];
    expect(quotas.map((s) => (s.k === 'quota' ? s.keys.map((k) => k.fact) : []))).toEqual([['身份证号'], ['岗位', '年度']]);
  });
  it('pays when neither key was used', () => {
    expect(decide({ 身份证号: 'P2', 岗位: 'J2', 年度: '2025' }, paid).amount).toBe('1000.00');
    // The second key is a pair: the same post in another year is another occasion.
    expect(decide({ 身份证号: 'P2', 岗位: 'J1', 年度: '2026' }, paid).amount).toBe('1000.00');
  });
  it('refuses by the person, naming the person key', () => {
    const d = decide({ 身份证号: 'P1', 岗位: 'J2', 年度: '2025' }, paid, 'en');
    expect(d.status).toBe('ineligible');
    expect(d.reasons.map((r) => r.message)).toEqual(['already received on 2025-02-01 for ID number "P1" (1000.00 yuan); paid only once for the same ID number']);
  });
  it('refuses by the post and year, naming that key', () => {
    const d = decide({ 身份证号: 'P2', 岗位: 'J1', 年度: '2025' }, paid);
    expect(d.status).toBe('ineligible');
    expect(d.reasons.map((r) => r.message)).toEqual(['已于2025-02-01就岗位“J1”、年度“2025”享受（1000.00元），同一岗位、年度只能享受一次']);
  });
  it('ledger entries record the facts of every key', () => {
    const c = compile(HEAD + TEXT);
    const l = validateLedger(c.model, [{ benefit: '吸纳', date: '2025-02-01', amount: '1000', key: { 身份证号: 'P1' } }], '2025-06-01');
    expect(l.ok).toBe(false);
  });
});

describe('caps computed from the case', () => {
  const decide = decider(`待遇 项目 “项目补贴” / “Project subsidy” { 条款：“二”；对象：企业；资金：就业资金；发放：每次；限一次：岗位；金额：核定金额；最高：总投资 ÷ 人数 × 1人；累计不超过：实缴出资额； }`);
  it('cuts the payment to the ceiling computed from the facts, down to the fen', () => {
    const d = decide({ 岗位: 'J1', 核定金额: '500', 总投资: '1000', 人数: 3, 实缴出资额: '100000' });
    expect([d.status, d.amount]).toEqual(['eligible', '333.33']);
    expect(d.reasons.map((r) => r.code)).toEqual(['P4023', 'P4100']);
  });
  it('pays only what the cumulative cap computed from the facts leaves', () => {
    const paid = [{ benefit: '项目', date: '2025-02-01', amount: '900', key: { 岗位: 'J0' } }];
    const d = decide({ 岗位: 'J1', 核定金额: '500', 总投资: '100000', 人数: 1, 实缴出资额: '1000' }, paid, 'en');
    expect([d.status, d.amount]).toEqual(['eligible', '100.00']);
    expect(d.cumulativeCap).toMatchObject({ cap: '1000.00', used: '900.00', amount: '100.00', remaining: '0.00', limited: true });
  });
  it('needs the facts of the cap', () => {
    const d = decide({ 岗位: 'J1', 核定金额: '500', 人数: 1 });
    expect([d.status, d.missing]).toEqual(['undetermined', ['总投资', '实缴出资额']]);
  });
  it('a fact in a cap resolves in the editor: hover names it', () => {
    const TEXT = `${HEAD}待遇 项目 { 条款：“二”；对象：企业；资金：就业资金；金额：核定金额；累计不超过：实缴出资额； }\n`;
    const a = new Analysis('file:///cap.policy', 1, TEXT, compile);
    expect(JSON.stringify(hover(a, TEXT.lastIndexOf('实缴出资额') + 1, 'en')!.contents)).toContain('Paid-in capital');
  });
  it('a division by zero in the cap is named as the cap', () => {
    const d = decide({ 岗位: 'J1', 核定金额: '500', 总投资: '1000', 人数: 0, 实缴出资额: '1000' }, [], 'en');
    expect([d.status, d.reasons.map((r) => r.message)]).toEqual(['undetermined', ['cannot compute: division by zero in the ceiling']]);
  });
});

describe('金额性质：贷款 — a loan the subject may borrow', () => {
  const TEXT = `${HEAD}待遇 担保贷款 “创业担保贷款” / “Guaranteed loan” { 条款：“三”；对象：企业；金额性质：贷款；金额：较低者（20万元/人 × 人数，100万元）； }
待遇 补贴 “补贴” / “Grant” { 条款：“四”；对象：企业；资金：就业资金；金额：1000元； }
`;
  const c = compile(TEXT);
  it('compiles without diagnostics', () => expect(c.diagnostics).toEqual([]));
  const decide = (lang: 'zh' | 'en') => {
    const v = validateFacts(c.model, '企业', { 人数: 3 });
    if (!v.ok) throw new Error('facts');
    return evaluate(c.model, '企业', v.facts, { asOf: '2025-06-01', lang });
  };
  it('is decided, named as a loan, and left out of the total', () => {
    const d = decide('zh');
    expect(d.benefits.map((b) => [b.id, b.status, b.amount, b.fund, b.kind ?? null])).toEqual([
      ["担保贷款", "eligible", "600000.00", null, "loan"],
      ['补贴', 'eligible', '1000.00', '就业补助资金', null],
    ]);
    expect(d.total).toBe('1000.00');
  });
  it.each([
    ['zh', '可申请贷款（不计入合计）最高600000.00元'],
    ['en', 'may borrow (not in the total) up to 600000.00 yuan'],
  ] as const)('the CLI says %s: %s', (lang, words) => {
    expect(explain(c.model, decide(lang), lang, false)).toContain(words);
  });
  it.each([
    ['zh', '贷款额度（最高可申请）：'],
    ['zh', '可申请的贷款额度，由贷款经办机构按规定发放，不是资金给付'],
    ['en', 'Loan limit (may borrow up to):'],
  ] as const)('%s summary says “%s”', (lang, words) => {
    expect(renderMarkdown(buildSummary(c.model, lang)).replace(/\*\*/g, '')).toContain(words);
  });
  it('hover on 贷款 explains it; completion after 金额性质： offers it', () => {
    const a = new Analysis('file:///loan.policy', 1, TEXT, compile);
    expect(JSON.stringify(hover(a, TEXT.indexOf('金额性质：贷款') + 6, 'en')!.contents)).toContain('loan');
    expect(completion(a, TEXT.indexOf('金额性质：') + 5, 'zh').map((i) => i.label)).toEqual(expect.arrayContaining(['税前扣除', '贷款']));
  });
});
