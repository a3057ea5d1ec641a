// 分N年发放 (`分期：N年`, optionally with the yearly amount by case), as newcomer nc11 needed it for 台州市高层次人才生活
// （租房）补贴 (“按顶尖100万元……发放……分5年发放，按年度拨付额度：全职：顶尖人才20万/年……柔性：顶尖人才10万/年……”),
// which had to be written as five `分期：20%` on an invented start date. Every example is computed by hand from the
// text and the rule in docs/language.md §6.14: the first instalment at once, the k-th once k−1 full years have passed
// since the first payment, a late claim paid every instalment already due.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { runExamples } from '../../compiler/examples.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { renderSummary } from '../../compiler/summary/index.ts';

const TEXT = `政策 { 标题：“台州市高层次人才生活（租房）补贴标准”；文号：未载明；施行日期：未载明；有效期：未载明； }
枚举 人才层次：顶尖人才，领军人才，高端人才，特优人才，高级人才；
枚举 引进方式：全职，柔性；
对象 人才 “高层次人才” {
  层次：人才层次 “人才层次”；
  方式：引进方式 “全职引进还是柔性来台”；
  新引进或新认定：是否 “是否新引进、新认定的高层次人才？”；
}
待遇 全职 “高层次人才生活（租房）补贴（新政后，全职）” {
  条款：“（2）全职”；对象：人才；资金：未载明；
  条件：新引进或新认定，方式 为 全职；
  金额：按 层次 { 顶尖人才：100万元，领军人才：50万元，高端人才：40万元，特优人才：25万元，高级人才：10万元 }；
  分期：5年，按 层次 { 顶尖人才：20万元，领军人才：10万元，高端人才：8万元，特优人才：5万元，高级人才：2万元 }；
  示例 “顶尖，第一年20万元” { 层次：顶尖人才；方式：全职；新引进或新认定：是；日期：2021年6月1日；期望：200000元； }
  示例 “高级，第5期” { 层次：高级人才；方式：全职；新引进或新认定：是；日期：2025年6月2日；
    已领：2021年6月1日，2万元；已领：2022年6月2日，2万元；已领：2023年6月2日，2万元；已领：2024年6月2日，2万元；期望：20000元； }
  示例 “高级，满4年届满当日第5期未到” { 层次：高级人才；方式：全职；新引进或新认定：是；日期：2025年6月1日；
    已领：2021年6月1日，2万元；已领：2022年6月2日，2万元；已领：2023年6月2日，2万元；已领：2024年6月2日，2万元；期望：不符合； }
  示例 “已领满100万元” { 层次：顶尖人才；方式：全职；新引进或新认定：是；日期：2026年6月10日；
    已领：2021年6月1日，20万元；已领：2022年6月2日，20万元；已领：2023年6月2日，20万元；已领：2024年6月2日，20万元；已领：2025年6月2日，20万元；期望：不符合； }
  示例 “当年已领第2期，第3期未到” { 层次：领军人才；方式：全职；新引进或新认定：是；日期：2022年9月1日；
    已领：2021年6月1日，10万元；已领：2022年6月2日，10万元；期望：不符合； }
}
待遇 柔性 “高层次人才生活（租房）补贴（新政后，柔性来台的高端以上人才减半）” {
  条款：“（2）柔性”；对象：人才；资金：未载明；
  条件：新引进或新认定，方式 为 柔性；
  金额：按 层次 { 顶尖人才：100万元，领军人才：50万元，高端人才：40万元 } × 50%；
  分期：5年，按 层次 { 顶尖人才：10万元，领军人才：5万元，高端人才：4万元 }；
  示例 “柔性顶尖，第一期10万元” { 层次：顶尖人才；方式：柔性；新引进或新认定：是；日期：2021年6月1日；期望：100000元； }
  示例 “柔性特优不享受” { 层次：特优人才；方式：柔性；新引进或新认定：是；日期：2021年6月1日；期望：不符合； }
  示例 “柔性领军，满2年未领，补拨第2、3期” { 层次：领军人才；方式：柔性；新引进或新认定：是；日期：2023年6月2日；已领：2021年6月1日，5万元；期望：100000元； }
  示例 “满2年前一日，只到第2期” { 层次：领军人才；方式：柔性；新引进或新认定：是；日期：2023年6月1日；已领：2021年6月1日，5万元；期望：50000元； }
}
`;

function decide(text: string, benefit: string, facts: Record<string, unknown>, asOf: string, ledger: unknown[], lang: 'zh' | 'en' = 'zh') {
  const m = compile(text).model;
  const v = validateFacts(m, '人才', facts);
  const l = validateLedger(m, ledger, asOf);
  if (!v.ok || !l.ok) throw new Error('invalid');
  return evaluate(m, '人才', v.facts, { asOf, ledger: l.ledger, lang }).benefits.find((b) => b.id === benefit)!;
}

describe('分N年发放 (分期：N年)', () => {
  const c = compile(TEXT);
  it('compiles cleanly', () => expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([]));
  it('every hand-computed example passes', () => {
    const results = runExamples(c.model);
    expect(results.length).toBe(9);
    expect(results.filter((r) => !r.passed).map((r) => `${r.benefit.id} ${r.example.label?.zh ?? ''}: ${r.actual}`)).toEqual([]);
  });
  it('says from when the years run and what a late claim gets', () => {
    const r = decide(TEXT, '柔性', { 层次: '领军人才', 方式: '柔性', 新引进或新认定: true }, '2023-06-02', [{ benefit: '柔性', date: '2021-06-01', amount: '50000' }]);
    expect(r.amount).toBe('100000.00');
    expect(r.reasons.map((x) => x.message).join('\n')).toContain('首期于2021-06-01拨付，至今已满2年，第1至3期已到期（第3期50000.00元；逾期未领的各期一并拨付）');
    const first = decide(TEXT, '全职', { 层次: '顶尖人才', 方式: '全职', 新引进或新认定: true }, '2021-06-01', [], 'en');
    expect(first.reasons.map((x) => x.message).join('\n')).toContain('this is instalment 1, 200000.00 yuan; each next one is due when another full year has passed since the first payment');
  });
  it('a yearly figure that is not the total ÷ N is undetermined, naming both figures (P4123)', () => {
    const r = decide(TEXT.replace('高端人才：8万元', '高端人才：9万元'), '全职', { 层次: '高端人才', 方式: '全职', 新引进或新认定: true }, '2021-06-01', []);
    expect(r.status).toBe('undetermined');
    expect(r.reasons.map((x) => x.code)).toContain('P4123');
    expect(r.reasons.map((x) => x.message).join('')).toContain('每年90000.00元×5年与总额400000.00元不符');
  });
  it('the summary says the years, the start and the late claim, in both languages', () => {
    const zh = renderSummary(c.model, { lang: 'zh', format: 'md' });
    expect(zh).toContain('分5年发放（每年按人才层次（顶尖人才：20万元');
    expect(zh).toContain('自首期拨付之日起每满1年拨付下一期；逾期未领的各期一并拨付');
    const en = renderSummary(c.model, { lang: 'en', format: 'md' });
    expect(en).toContain('paid over 5 years');
    expect(en).toContain('instalments not claimed when due are paid together later');
  });
  it('the formatter keeps the form, in either keyword language', async () => {
    const r = await formatPolicy(TEXT);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.text).toContain('分期：5年，按 层次 {');
    const en = await formatPolicy(r.text, { keywords: 'en' });
    if (!en.ok) throw new Error(JSON.stringify(en.errors));
    expect(en.text).toContain('instalment：5 years，');
    const back = await formatPolicy(en.text, { keywords: 'zh' });
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.text).toBe(r.text);
  });
});

// 分3年发放 of 100000.01元: the instalments are 33333.34, 33333.34 and 33333.33 (the last takes the remainder), so a
// reason names the amount of the instalment it speaks of, never "每年33333.34元" for all three.
const UNEVEN = `政策 { 标题：“分年”；文号：未载明；施行日期：未载明；有效期：未载明； }
对象 人才 “人才” { 购房金额：元 “购房金额”； }
待遇 购房 “购房补贴” { 条款：“二”；对象：人才；资金：未载明；金额：购房金额 × 10%；分期：3年； }
`;

describe('分N年发放 with an uneven last instalment', () => {
  const m = compile(UNEVEN).model;
  const run = (asOf: string, ledger: unknown[], lang: 'zh' | 'en') => {
    const v = validateFacts(m, '人才', { 购房金额: '1000000.1' });
    const l = validateLedger(m, ledger, asOf);
    if (!v.ok || !l.ok) throw new Error('invalid');
    return evaluate(m, '人才', v.facts, { asOf, ledger: l.ledger, lang }).benefits.find((b) => b.id === '购房')!.reasons.map((x) => x.message).join('\n');
  };
  const first = [{ benefit: '购房', date: '2021-06-01', amount: '33333.34' }, { benefit: '购房', date: '2022-06-01', amount: '33333.34' }];
  it('names the amount of the instalment due, the last one too', () => {
    expect(run('2021-06-01', [], 'zh')).toContain('分3年发放：本次拨付第1期，33333.34元；');
    expect(run('2023-06-02', first, 'zh')).toContain('第1至3期已到期（第3期33333.33元；');
    expect(run('2023-06-02', first, 'en')).toContain('so instalments 1 to 3 are due (instalment 3: 33333.33 yuan;');
    expect(run('2023-06-02', first, 'zh')).not.toContain('每年33333.34元');
  });
  it('one instalment due is 第1期, not 第1至1期', () => {
    // Part of the first instalment paid: the rest of it is paid now (a refused decision carries no such note, P4103 alone).
    const once = [{ benefit: '购房', date: '2021-06-01', amount: '10000' }];
    expect(run('2021-09-01', once, 'zh')).toContain('至今已满0年，第1期已到期（第1期33333.34元；');
    expect(run('2021-09-01', once, 'en')).toContain('so instalment 1 is due (instalment 1: 33333.34 yuan;');
  });
});
