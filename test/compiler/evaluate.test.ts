// Evaluation cases as data (eval-cases.json): a subject, an as-of date, an
// optional ledger, and the expected fields of each named benefit.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger, validateParams, type Value } from '../../compiler/facts.ts';
import { parseDecimal, type Rat } from '../../compiler/rational.ts';
import { POLICY_DIR } from '../helpers.ts';

interface Case {
  name: string;
  policy: string;
  subject: string;
  asOf: string;
  facts: unknown;
  ledger?: unknown;
  params?: Record<string, unknown>;
  lang?: 'zh' | 'en';
  expect: { total?: string; benefits: Record<string, Record<string, unknown>> };
}

const cases: Case[] = JSON.parse(readFileSync(join(import.meta.dirname, 'eval-cases.json'), 'utf8'));
const compiled = new Map<string, ReturnType<typeof compile>>();
const modelOf = (policy: string) => {
  if (!compiled.has(policy)) compiled.set(policy, compile(readFileSync(join(POLICY_DIR, policy), 'utf8')));
  return compiled.get(policy)!.model;
};

describe('evaluation cases', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const model = modelOf(c.policy);
    const facts = validateFacts(model, c.subject, c.facts);
    if (!facts.ok) throw new Error(JSON.stringify(facts.errors));
    const ledger = validateLedger(model, c.ledger, c.asOf);
    if (!ledger.ok) throw new Error(JSON.stringify(ledger.errors));
    // As a caller sends them (a keyed parameter nested by key), checked as every caller's are.
    const checked = validateParams(model, c.params ?? {});
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const params: Record<string, Rat> = checked.params;
    const decision = evaluate(model, c.subject, facts.facts, { asOf: c.asOf, ledger: ledger.ledger, params, ...(c.lang && { lang: c.lang }) });
    // Every benefit of the policy is reported, whatever the subject.
    expect(decision.benefits.map((b) => b.id)).toEqual(model.benefits.map((b) => b.id));
    if (c.expect.total !== undefined) expect(decision.total).toBe(c.expect.total);
    for (const [id, want] of Object.entries(c.expect.benefits)) {
      const got = decision.benefits.find((b) => b.id === id);
      expect(got, id).toBeDefined();
      const { reasonCodes, reasonIncludes, ...fields } = want;
      for (const [k, v] of Object.entries(fields)) expect((got as unknown as Record<string, unknown>)[k], `${id}.${k}`).toEqual(v);
      if (reasonCodes) expect(got!.reasons.map((r) => r.code)).toEqual(reasonCodes);
      if (reasonIncludes) expect(got!.reasons.map((r) => r.message).join(' ')).toContain(reasonIncludes);
    }
  });
});

describe('input validation', () => {
  const model = modelOf('xiaoshan-xinxiaojiang-2025-3.policy');
  it.each([
    ['unknown fact', { 不存在的事实: 1 }, 'P3001', '不存在的事实'],
    ['wrong type', { 已备案认定企业: 'yes' }, 'P3002', '已备案认定企业'],
    ['negative count', { 年度自主认定人次: -1 }, 'P3003', '年度自主认定人次'],
    ['fractional count', { 年度自主认定人次: 1.5 }, 'P3008', '年度自主认定人次'],
    ['unknown level', { 直接培养人数: { 大师: 1 } }, 'P3004', '直接培养人数.大师'],
    ['unknown enum value', { 期满星级: '六星' }, 'P3004', '期满星级'],
    ['money with three decimals', { 比武项目核定经费: '100.001' }, 'P3007', '比武项目核定经费'],
    ['money as a float that is not a decimal', { 比武项目核定经费: 0.1 + 0.2 }, 'P3007', '比武项目核定经费'],
  ])('%s is rejected naming the field', (_n, facts, code, field) => {
    const r = validateFacts(model, '企业', facts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual(expect.objectContaining({ code, field }));
  });
  it('rejects an unknown subject type', () => {
    const r = validateFacts(model, '外星人', {});
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['P3005']);
  });
  it('rejects a bad ledger entry naming its place', () => {
    const r = validateLedger(model, [{ benefit: '企业认定奖励', date: '2025-02-30', amount: '1.234' }, { benefit: '无此待遇', date: '2025-01-01', amount: '1' }]);
    expect(r.ok ? [] : r.errors.map((e) => `${e.code} ${e.field}`)).toEqual(['P3006 ledger[0].date', 'P3007 ledger[0].amount', 'P3009 ledger[1].benefit']);
  });
  it('accepts money as an exact decimal string or integer', () => {
    const r = validateFacts(model, '企业', { 比武项目核定经费: '29999.99', 比武项目名称: '焊工比武' });
    expect(r.ok).toBe(true);
    const d = evaluate(model, '企业', r.ok ? r.facts : new Map(), { asOf: '2025-06-01' });
    expect(d.benefits.find((b) => b.id === '技术比武经费资助')!.amount).toBe('29999.99');
  });
});

describe('periods', async () => {
  const { periodEnd } = await import('../../compiler/dates.ts');
  it.each([
    ['2025-03-01', 36, '2028-02-29'],
    ['2025-04-01', 36, '2028-03-31'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-01-15', 1, '2025-02-14'],
    ['2025-12-31', 2, '2026-02-28'],
  ])('%s + %i months ends on %s', (start, months, end) => {
    expect(periodEnd(start, months)).toBe(end);
  });
});

describe('evaluate() guards its own arguments', () => {
  const model = modelOf('xiaoshan-xinxiaojiang-2025-3.policy');
  it('rejects a malformed as-of date instead of comparing strings', () => {
    expect(() => evaluate(model, '企业', new Map(), { asOf: '2025/06/01', lang: 'en' })).toThrow(/P3006|invalid date/);
  });
  it('ignores parameters inherited from Object.prototype', () => {
    const d = evaluate(model, '劳动者', new Map<string, Value>([['在我区定点机构培训', { t: 'bool', v: true }], ['取得培训证书', { t: 'bool', v: true }], ['培训证书编号', { t: 'str', v: 'C1' }], ['培训项目', { t: 'str', v: 'x' }]]), {
      asOf: '2025-06-01',
      params: Object.create({ 职业培训补贴标准: { n: 5n, d: 1n }, '职业培训补贴标准（x）': { n: 5n, d: 1n } }) as Record<string, Rat>,
    });
    expect(d.benefits.find((b) => b.id === '职业培训补贴')).toMatchObject({ status: 'eligible', amount: null });
  });
});

describe('places count from 1', () => {
  it('rejects place 0 rather than granting 萧山区技术能手', () => {
    const model = modelOf('xiaoshan-xinxiaojiang-2025-3.policy');
    const r = validateFacts(model, '竞赛选手', { 区级竞赛名次: 0 });
    expect(r.ok ? [] : r.errors.map((e) => `${e.code} ${e.field}`)).toEqual(['P3012 区级竞赛名次']);
  });
});

describe('a parameter nobody gave', () => {
  it('is named as such (P4010), not as a division by zero, when a condition compares it', () => {
    const c = compile(`政策 { 标题：“参数”；文号：“测试〔2025〕1号”；施行日期：2025-01-01；有效期：1年； }
资金 专项资金；
参数 标准：元；
对象 甲 { 收入：元； }
待遇 乙 { 条款：“一”；对象：甲；资金：专项资金；条件：收入 不高于 标准；金额：100元； }
`);
    expect(c.diagnostics.filter((d) => d.code !== 'P2034')).toEqual([]);
    const f = validateFacts(c.model, '甲', { 收入: '10.00' });
    const d = evaluate(c.model, '甲', f.ok ? f.facts : new Map(), { asOf: '2025-06-01' }).benefits[0]!;
    expect(d.status).toBe('undetermined');
    expect(d.reasons.map((r) => r.code)).toEqual(['P4010']);
    expect(d.reasons[0]!.message).toContain('标准');
  });
});
