// Quotas over distinct keys (每年最多 / 最多) and once within a window (限一次：3年内): decisions and reasons in both
// languages, the boundary of the window against the rolling window's own rule, the ledger keys they need, and the
// summary's words. The generated evaluator and SQL agree with the reference on test/emit/fixtures/distinct.policy
// (differential tests); the checker's messages are the golden case test/compiler/cases/distinct-quota.policy.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { addDays, addMonths } from '../../compiler/dates.ts';
import { readLedger } from '../../compiler/ledger.ts';
import { buildSummary } from '../../compiler/summary/build.ts';
import { renderMarkdown } from '../../compiler/summary/markdown.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { hover } from '../../lsp/hover.ts';

const text = readFileSync(fileURLToPath(new URL('../emit/fixtures/distinct.policy', import.meta.url)), 'utf8');
const c = compile(text);

function decide(subject: string, benefit: string, facts: Record<string, unknown>, ledger: unknown[], asOf: string, lang: 'zh' | 'en' = 'zh', params: Record<string, string> = { 项目补助标准: '100000', 入驻补助标准: '50000', 认定奖励标准: '200000' }) {
  const v = validateFacts(c.model, subject, facts);
  const l = validateLedger(c.model, ledger, asOf);
  if (!v.ok || !l.ok) throw new Error(JSON.stringify(v.ok ? l : v));
  const p = Object.fromEntries(Object.entries(params).map(([k, x]) => [k, { n: BigInt(x), d: 1n }]));
  return evaluate(c.model, subject, v.facts, { asOf, ledger: l.ledger, lang, params: p }).benefits.find((b) => b.id === benefit)!;
}
const paid = (benefit: string, date: string, key?: Record<string, string>) => ({ benefit, date, amount: '100000', ...(key && { key }) });

describe('每年最多：2，项目编号；', () => {
  const two = [paid('项目补助', '2025-03-01', { 项目编号: 'A-1' }), paid('项目补助', '2025-06-01', { 项目编号: 'A-2' })];
  it('refuses a third distinct key in the year, naming the keys counted in both languages', () => {
    const zh = decide('企业', '项目补助', { 项目编号: 'A-3' }, two, '2025-09-01');
    expect(zh.status).toBe('ineligible');
    expect(zh.reasons[0]).toMatchObject({ code: 'P4140' });
    expect(zh.reasons[0]!.message).toBe('2025年已就2个不同的项目编号享受本待遇（“A-1”、“A-2”），每年最多2个；本次项目编号“A-3”是新的一个');
    const en = decide('企业', '项目补助', { 项目编号: 'A-3' }, two, '2025-09-01', 'en');
    expect(en.reasons[0]!.message).toBe('already received in 2025 for 2 different 项目编号 ("A-1", "A-2"); at most 2 items a year, and 项目编号 "A-3" would be another');
  });
  it('counts only the as-of calendar year', () => {
    expect(decide('企业', '项目补助', { 项目编号: 'A-3' }, two, '2026-01-01').status).toBe('eligible');
  });
  it('does not count the same key again as a new one', () => {
    const ledger = [paid('分类项目补助', '2025-03-01', { 项目编号: 'B-1', 项目类别: '技改' }), paid('分类项目补助', '2025-06-01', { 项目编号: 'B-2', 项目类别: '技改' })];
    expect(decide('企业', '分类项目补助', { 项目编号: 'B-1', 项目类别: '研发' }, ledger, '2025-09-01').status).toBe('eligible');
    expect(decide('企业', '分类项目补助', { 项目编号: 'B-3', 项目类别: '研发' }, ledger, '2025-09-01').reasons[0]!.code).toBe('P4140');
  });
  it('leaves the decision undetermined when the key fact is missing, naming it', () => {
    const d = decide('企业', '项目补助', {}, two, '2025-09-01');
    expect(d.status).toBe('undetermined');
    expect(d.reasons[0]).toMatchObject({ code: 'P4012' });
    expect(d.missing).toEqual(['项目编号']);
  });
  it('needs every ledger entry of the benefit to record its key facts', () => {
    const l = validateLedger(c.model, [{ benefit: '技改项目补助', date: '2025-03-01', amount: '1', key: { 项目编号: 'C-1' } }], '2025-09-01');
    expect(l.ok).toBe(false);
    expect(JSON.stringify(l)).toContain('P3014');
  });
});

describe('最多：5家，企业名称；', () => {
  it('counts every payment, not one year', () => {
    const ledger = ['A', 'B', 'C', 'D', 'E'].map((n, i) => paid('入驻补助', `202${5 + (i >> 1)}-0${i + 1}-01`, { 企业名称: n }));
    const d = decide('园区', '入驻补助', { 企业名称: 'F', 新入驻: true }, ledger, '2028-06-01');
    expect(d.reasons[0]!.code).toBe('P4141');
    // The reason counts in the quota's own unit, as the summary does (最多5家), not 个.
    expect(d.reasons[0]!.message).toContain('最多5家；');
    expect(decide('园区', '入驻补助', { 企业名称: 'F', 新入驻: true }, ledger, '2028-06-01', 'en').reasons[0]!.message).toContain('at most 5 firms in all');
    expect(decide('园区', '入驻补助', { 企业名称: 'F', 新入驻: true }, ledger.slice(0, 4), '2028-06-01').status).toBe('eligible');
  });
});

describe('限一次：3年内；', () => {
  const once = [paid('认定奖励', '2024-03-01')];
  it('refuses within the 3 years and says from when it may be received again', () => {
    const d = decide('企业', '认定奖励', { 通过认定: true }, once, '2027-03-01');
    expect(d.reasons[0]!.message).toBe('已于2024-03-01享受本待遇（100000.00元），3年内只能享受一次，2027-03-02起可再次享受');
    expect(decide('企业', '认定奖励', { 通过认定: true }, once, '2027-03-01', 'en').reasons[0]!.message).toBe(
      'already received on 2024-03-01 (100000.00 yuan); paid only once within 3 years, again from 2027-03-02',
    );
    expect(decide('企业', '认定奖励', { 通过认定: true }, once, '2027-03-02').status).toBe('eligible');
  });
  it('by key: another project is not limited', () => {
    const ledger = [paid('项目认定奖励', '2024-02-29', { 项目编号: 'P-1' })];
    expect(decide('企业', '项目认定奖励', { 通过认定: true, 项目编号: 'P-1' }, ledger, '2027-02-28').reasons[0]!.code).toBe('P4142');
    expect(decide('企业', '项目认定奖励', { 通过认定: true, 项目编号: 'P-1' }, ledger, '2027-03-01').status).toBe('eligible');
    expect(decide('企业', '项目认定奖励', { 通过认定: true, 项目编号: 'P-2' }, ledger, '2027-02-28').status).toBe('eligible');
  });
  it('counts forward from the payment (民法典 第202条): paid on a month-end, the period ends on the corresponding day', () => {
    // Paid 2023-04-30, 1 month: the period ends 2023-05-30 (May's corresponding day), so 2023-05-31 is free again — counted
    // back from the as-of date (累计期间's rolling window) the same payment would still be within a month.
    const ledger = [paid('项目认定奖励', '2023-01-31', { 项目编号: 'P-1' })];
    expect(decide('企业', '项目认定奖励', { 通过认定: true, 项目编号: 'P-1' }, ledger, '2026-01-31').reasons[0]!.code).toBe('P4142');
    expect(decide('企业', '项目认定奖励', { 通过认定: true, 项目编号: 'P-1' }, ledger, '2026-02-01').status).toBe('eligible');
    const read = { agg: 'latest' as const, window: 'within' as const, months: 1, match: null };
    const q = (asOf: string) => ({ asOf, inForce: { start: '2000-01-01', end: '2100-01-01' }, prior: [{ date: '2023-04-30', fen: 1n }], key: {}, rank: () => undefined });
    expect(readLedger(read, q('2023-05-30')).count).toBe(1);
    expect(readLedger(read, q('2023-05-31')).count).toBe(0);
  });
  it('the date it names is the first day the window no longer holds the payment', () => {
    // Every week of 2023–2025 and every month-end as a payment date, windows of 1 to 40 months: the payment counts on the
    // day before `next` and not on `next` (ledger.ts readLedger 'within', which SQL translates per payment).
    const read = (months: number) => ({ agg: 'latest' as const, window: 'within' as const, months, match: null });
    const days: string[] = [];
    for (let day = '2023-01-01'; day < '2026-01-01'; day = addDays(day, 7)) days.push(day);
    for (let m = 0; m < 36; m++) days.push(addDays(addMonths('2023-02-01', m), -1), addDays(addMonths('2023-02-01', m), -2), addDays(addMonths('2023-02-01', m), -3));
    for (const day of days)
      for (const months of [1, 2, 11, 12, 13, 36, 40]) {
        const next = addDays(addMonths(day, months), 1);
        const q = (asOf: string) => ({ asOf, inForce: { start: '2000-01-01', end: '2100-01-01' }, prior: [{ date: day, fen: 1n }], key: {}, rank: () => undefined });
        expect(readLedger(read(months), q(addDays(next, -1))).count, `${day} + ${months}`).toBe(1);
        expect(readLedger(read(months), q(next)).count, `${day} + ${months}`).toBe(0);
      }
  });
});

describe('the summary', () => {
  it('says each rule in both languages', () => {
    expect(renderMarkdown(buildSummary(c.model, 'zh'))).toContain('每年最多2个（按不同的项目编号计；按自然年度，同一项目编号再次享受不另计）');
    expect(renderMarkdown(buildSummary(c.model, 'zh'))).toContain('最多5家（按不同的入驻企业名称计；同一入驻企业名称再次享受不另计）');
    expect(renderMarkdown(buildSummary(c.model, 'en'))).toContain('only once within 3 years (counted from the last payment; it may be received again from the day after 3 years have passed)');
  });
});

describe('the language server', () => {
  it('hover on 每年最多 says what it takes, in both languages', () => {
    const a = new Analysis('file:///t.policy', 1, text, compile);
    const at = text.indexOf('每年最多：2个') + 1;
    const zh = (hover(a, at, 'zh')!.contents as { value: string }).value;
    expect(zh).toContain('每年最多 / at-most-per-year');
    expect(zh).toContain('个数上限（如 2），其后写区分不同对象的事实');
    expect((hover(a, at, 'en')!.contents as { value: string }).value).toContain('a number of distinct keys (such as 2), then the facts that tell them apart');
  });
});
