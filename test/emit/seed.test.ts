// Cases from 萧人社〔2025〕3号 through the generated evaluate(): the amounts
// the text gives, a failed condition, the policy's end, and the typed
// per-subject functions.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadGenerated, ROOT } from './helpers.ts';

const XIAOSHAN = join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy');
const asOf = '2025-06-01';

async function benefit(subject: string, facts: Record<string, unknown>, id: string, opts: { asOf?: string; lang?: 'zh' | 'en'; ledger?: unknown } = {}) {
  const G = await loadGenerated(XIAOSHAN);
  const d = G.evaluate(subject, facts, { asOf, ...opts });
  return d.benefits.find((b) => b.id === id)!;
}

describe('萧人社〔2025〕3号 through the generated evaluator', () => {
  it('二（三）7: a registered enterprise with 70 self-certifications gets 40000.00', async () => {
    const b = await benefit('企业', { 已备案认定企业: true, 年度自主认定人次: 70 }, '企业认定奖励');
    expect(b).toMatchObject({ status: 'eligible', amount: '40000.00', clause: '二（三）7', fund: '人才专项资金', payment: 'annual', ceiling: null });
    expect(b.annualCap).toEqual({ year: '2025', cap: '50000.00', used: '0.00', amount: '40000.00', remaining: '10000.00', limited: false });
    expect(b.reasons.map((r) => r.message)).toEqual(['2025年度上限50000.00元，已享受0.00元，本次40000.00元，剩余10000.00元']);
  });

  it('二（三）7: 200 self-certifications are capped at 50000.00 a year', async () => {
    const b = await benefit('企业', { 已备案认定企业: true, 年度自主认定人次: 200 }, '企业认定奖励');
    // The annual cap (每年累计不超过) limits it; the ceiling (最高, per payment) is a different rule and did not.
    expect(b).toMatchObject({ status: 'eligible', amount: '50000.00', ceiling: null });
    expect(b.annualCap).toMatchObject({ cap: '50000.00', used: '0.00', amount: '50000.00', remaining: '0.00', limited: true });
    expect(b.reasons.map((r) => r.code)).toEqual(['P4022']);
  });

  it('二（三）7: what was paid this year counts against the annual cap', async () => {
    const b = await benefit('企业', { 已备案认定企业: true, 年度自主认定人次: 90 }, '企业认定奖励', {
      asOf: '2025-11-01',
      ledger: [{ benefit: '企业认定奖励', date: '2025-06-01', amount: '30000.00' }],
    });
    expect(b).toMatchObject({ status: 'eligible', amount: '20000.00' });
    expect(b.annualCap).toMatchObject({ cap: '50000.00', used: '30000.00', amount: '20000.00', remaining: '0.00' });
    expect(b.runningTotal).toEqual({ from: '2025-01-01', to: '2025-12-31', entitlement: '50000.00', paid: '30000.00', amount: '20000.00' });
  });

  it('二（三）7: an unregistered enterprise is ineligible, naming the failed condition and its value', async () => {
    const b = await benefit('企业', { 已备案认定企业: false, 年度自主认定人次: 70 }, '企业认定奖励');
    expect(b.status).toBe('ineligible');
    expect(b.amount).toBeNull();
    expect(b.reasons).toEqual([
      { code: 'P4003', message: '条件不成立：已备案认定企业（已备案认定企业：否）', args: { condition: '已备案认定企业', values: '已备案认定企业：否' } },
    ]);
    const en = await benefit('企业', { 已备案认定企业: false, 年度自主认定人次: 70 }, '企业认定奖励', { lang: 'en' });
    // English names the fact by its English label, a yes/no fact as “question — yes”.
    expect(en.reasons[0]!.message).toBe(
      'condition not met: Registered skill-level certification (pilot) enterprise? — yes (Registered skill-level certification (pilot) enterprise?: no)',
    );
  });

  it('after the policy expires (2028-03-01) every benefit is ineligible', async () => {
    const G = await loadGenerated(XIAOSHAN);
    for (const subject of G.SUBJECT_TYPES) {
      const d = G.evaluate(subject, {}, { asOf: '2028-03-01' });
      expect(d.total).toBe('0.00');
      for (const b of d.benefits) {
        expect(b.status).toBe('ineligible');
        expect(b.reasons.map((r) => r.code)).toEqual([b.reasons[0]!.code === 'P4001' ? 'P4001' : 'P4025']);
      }
      expect(d.benefits.some((b) => b.reasons[0]!.code === 'P4025')).toBe(true);
    }
    const b = await benefit('企业', { 已备案认定企业: true, 年度自主认定人次: 70 }, '企业认定奖励', { asOf: '2028-03-01' });
    expect(b.reasons[0]).toMatchObject({ code: 'P4025', args: { date: '2028-03-01', start: '2025-03-01', end: '2028-02-29' } });
    // Before the policy takes effect is a different reason: not yet in force.
    const early = await benefit('企业', { 已备案认定企业: true, 年度自主认定人次: 70 }, '企业认定奖励', { asOf: '2025-02-28', lang: 'en' });
    expect(early.reasons[0]).toMatchObject({ code: 'P4002', message: 'the policy is not yet in force on 2025-02-28: it takes effect on 2025-03-01' });
  });

  it('二（一）2: a training institution with 高级工 10 and 技师 2 gets 10000.00', async () => {
    const b = await benefit('培训机构', { 直接培养人数: { 高级工: 10, 技师: 2 } }, '培训机构培养资助');
    expect(b).toMatchObject({ status: 'eligible', amount: '10000.00', clause: '二（一）2' });
  });

  it('a missing fact leaves a benefit undetermined and names it', async () => {
    const b = await benefit('企业', { 已备案认定企业: true }, '企业认定奖励');
    expect(b).toMatchObject({ status: 'undetermined', missing: ['年度自主认定人次'] });
  });

  it('the typed per-subject functions and validate() agree with evaluate()', async () => {
    const G = await loadGenerated(XIAOSHAN);
    const evaluateEnterprise = G['evaluate_企业'] as (f: unknown, o: { asOf: string }) => ReturnType<typeof G.evaluate>;
    const facts = { 已备案认定企业: true, 年度自主认定人次: 70 };
    expect(evaluateEnterprise(facts, { asOf })).toEqual(G.evaluate('企业', facts, { asOf }));
    expect(G.validate('企业', { 已备案认定企业: true, 年度自主认定人次: '70' })).toEqual({ ok: true, facts });
    expect(G.validate('企业', { 已备案认定企业: 'yes', 年度自主认定人次: -1, 无此事实: 1 })).toEqual({
      ok: false,
      errors: [
        { code: 'P3002', field: '已备案认定企业', args: { found: '"yes"', expected: 'yes/no (true/false)', expectedZh: '是/否（true/false）' }, message: '已备案认定企业：应为是/否（true/false），实为 "yes"' },
        { code: 'P3003', field: '年度自主认定人次', args: { found: '-1' }, message: '年度自主认定人次：不能为负数（-1）' },
        { code: 'P3001', field: '无此事实', args: { subject: '企业' }, message: '无此事实：申请对象“企业”没有这个事实' },
      ],
    });
  });

  it('evaluate() refuses bad input with every error listed', async () => {
    const G = await loadGenerated(XIAOSHAN);
    let error: unknown;
    try {
      G.evaluate('企业', { 年度自主认定人次: 1.5 }, { asOf: '2025-02-30', ledger: [{ benefit: '无此待遇', date: '2025-01-01', amount: '1' }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(G.PolicyInputError);
    expect((error as { errors: { code: string; field: string }[] }).errors.map((e) => `${e.code} ${e.field}`)).toEqual(['P3008 年度自主认定人次', 'P3009 ledger[0].benefit', 'P3006 asOf']);
  });

  it('an unknown key of params is a parameter the policy does not declare, with a did-you-mean (P3001)', async () => {
    const G = await loadGenerated(XIAOSHAN);
    const errorsOf = (params: unknown, lang: 'zh' | 'en') => {
      try {
        G.evaluate('企业', {}, { asOf, params, lang });
      } catch (e) {
        return (e as { errors: { code: string; message: string }[] }).errors.map((x) => `${x.code} ${x.message}`);
      }
      return [];
    };
    expect(errorsOf({ 浙江工匠资助标注: '1000', 乱写: '1' }, 'zh')).toEqual([
      'P3001 params.浙江工匠资助标注：政策没有名为“浙江工匠资助标注”的参数，是否指“浙江工匠资助标准”？',
      'P3001 params.乱写：政策没有名为“乱写”的参数',
    ]);
    expect(errorsOf({ 乱写: '1' }, 'en')).toEqual(['P3001 params.乱写: the policy has no parameter named "乱写"']);
  });
});
