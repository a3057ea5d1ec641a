// Findings of a review of the semantics added in 6a9d481..533ae85, each decided by the reference (compiler/evaluate.ts),
// the generated module's full evaluate(), its fast path (prepare + decide) and, where the policy translates, the
// DuckDB queries — the same answer, and the answer the text means (hand-computed below). Adapted from the reviewer's
// harness (every engine on one case).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { emitTypeScript } from '../../compiler/emit/index.ts';
import { evaluate, type Decision } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { runExamples } from '../../compiler/examples.ts';
import { FIXTURES, type Generated } from './helpers.ts';

/** The header every reproducer of the review starts with. */
const H = '政策 { 标题：“T”；文号：“测试〔2026〕2号”；施行日期：2021年1月1日；有效期：20年； } 资金 人才资金 “人才资金”；\n';

const dir = mkdtempSync(join(tmpdir(), 'policy-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

interface Case {
  subject: string;
  facts: Record<string, unknown>;
  asOf: string;
  ledger?: { benefit: string; date: string; amount: string; key?: Record<string, string> }[];
  lang?: 'zh' | 'en';
}

/** The decision of each engine; throws when the policy does not compile or the engines disagree. */
async function decided(text: string, k: Case): Promise<Decision> {
  const c = compile(text);
  if (c.hasErrors) throw new Error(c.diagnostics.map((d) => `${d.code} ${JSON.stringify(d.args)}`).join('\n'));
  const file = join(dir, `p${n++}.ts`);
  writeFileSync(file, emitTypeScript(c.model, { sourceName: 'review.policy' }));
  const G = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Generated;
  const vf = validateFacts(c.model, k.subject, k.facts);
  const vl = validateLedger(c.model, k.ledger ?? [], k.asOf);
  if (!vf.ok || !vl.ok) throw new Error('invalid input');
  const ref = evaluate(c.model, k.subject, vf.facts, { asOf: k.asOf, ledger: vl.ledger, lang: k.lang ?? 'zh' });
  const gen = G.evaluate(k.subject, k.facts, { asOf: k.asOf, ledger: k.ledger ?? [], lang: k.lang ?? 'zh' });
  expect(gen).toEqual(ref);
  const p = G.prepare(k.subject, k.facts, { ledger: k.ledger ?? [], asOf: k.asOf });
  if (!p.ok) throw new Error('prepare refused');
  for (const cb of G.decide(p.subject, G.context({ asOf: k.asOf }))) {
    const rb = ref.benefits.find((b) => b.id === cb.benefit)!;
    const fen = rb.status === 'eligible' && rb.amount !== null ? BigInt(rb.amount.replace('.', '')) : null;
    expect([cb.benefit, cb.status, cb.fen === null ? null : BigInt(cb.fen)]).toEqual([rb.id, rb.status, fen]);
  }
  return ref;
}

describe('review: a percentage fact in no bracket (P4004)', () => {
  const text = `${H}对象 企业 “企业” { 增长：% “增长”； }
待遇 增长奖 “增长奖” { 条款：“一”；对象：企业；资金：人才资金；金额：按 增长 分档 { 12%以上18%（不含）以下：10万元，18%以上：20万元 }； }`;
  for (const lang of ['zh', 'en'] as const)
    it(`is shown as the percentage given (${lang})`, async () => {
      const d = await decided(text, { subject: '企业', facts: { 增长: 0.1199 }, asOf: '2024-06-02', lang });
      const b = d.benefits[0]!;
      expect(b.reasons.map((r) => r.code)).toEqual(['P4004']);
      expect(b.reasons[0]!.message).toContain(lang === 'zh' ? '增长为“11.99%”' : '"11.99%"');
    });
});

describe('review: a refused payment carries no note of a payment', () => {
  const yearly = `${H}对象 人才 “人才” { 核定金额：元 “核定金额”； }
待遇 分年 “分年补贴” { 条款：“一”；对象：人才；资金：人才资金；金额：核定金额；分期：3年； }`;
  const paid = (...dates: string[]) => dates.map((date) => ({ benefit: '分年', date, amount: '30000' }));
  it('分N年发放, the next instalment not yet due: P4103 alone, no 本次拨付', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const d = await decided(yearly, { subject: '人才', facts: { 核定金额: '90000' }, asOf: '2021-09-01', ledger: paid('2021-06-01'), lang });
      const b = d.benefits[0]!;
      expect([b.status, b.reasons.map((r) => r.code)]).toEqual(['ineligible', ['P4103']]);
      expect(b.reasons.map((r) => r.message).join('；')).not.toMatch(lang === 'zh' ? /本次拨付/ : /paid now, /);
    }
  });
  it('分N年发放, all paid: P4104 alone', async () => {
    const d = await decided(yearly, { subject: '人才', facts: { 核定金额: '90000' }, asOf: '2024-06-02', ledger: paid('2021-06-01', '2022-06-02', '2023-06-02') });
    expect(d.benefits[0]!.reasons.map((r) => r.code)).toEqual(['P4104']);
  });
  it('the policy-wide 每年累计不超过 refusing after a ceiling cut: no 按最高限额给付 (P4023)', async () => {
    const text = readFileSync(join(FIXTURES, 'pool.policy'), 'utf8');
    const d = await decided(text, {
      subject: '企业',
      facts: { 项目编号: 'R-3', 研发投入: '2000000', 新增就业人数: 0, 获评示范: false },
      asOf: '2025-06-01',
      ledger: [
        { benefit: '研发奖励', date: '2025-02-01', amount: '120000', key: { 项目编号: 'R-0' } },
        { benefit: '就业奖励', date: '2025-03-01', amount: '80000' },
      ],
    });
    const b = d.benefits.find((x) => x.id === '研发奖励')!;
    expect(b.status).toBe('ineligible');
    expect(b.reasons[0]!.code).toBe('P4005');
    expect(b.reasons.map((r) => r.code)).not.toContain('P4023');
  });
});

describe('review: 每年最多 / 最多 with 分期 count grants, not instalments', () => {
  const text = readFileSync(join(FIXTURES, 'staged-quota.policy'), 'utf8');
  it('the fixture examples (computed by hand) all pass', () => {
    const results = runExamples(compile(text).model);
    expect(results.length).toBe(5);
    expect(results.filter((r) => !r.passed).map((r) => `${r.benefit.id} ${r.example.label?.zh}: ${r.actual}`)).toEqual([]);
  });
  it('the remainder of last year’s project A is paid (40000), in every engine', async () => {
    const d = await decided(text, {
      subject: '企业',
      facts: { 项目编号: 'A', 签订任务书: true, 通过验收: true },
      asOf: '2026-06-01',
      ledger: [
        { benefit: '项目资助', date: '2025-06-01', amount: '60000', key: { 项目编号: 'A' } },
        { benefit: '项目资助', date: '2026-02-01', amount: '60000', key: { 项目编号: 'B' } },
        { benefit: '项目资助', date: '2026-03-01', amount: '60000', key: { 项目编号: 'C' } },
      ],
    });
    const b = d.benefits.find((x) => x.id === '项目资助')!;
    expect([b.status, b.amount, b.reasons.map((r) => r.code)]).toEqual(['eligible', '40000.00', ['P4105']]);
  });
});

describe('review: instalments of a grant made in force fall due after the policy ends', () => {
  const yearly = `${H.replace('有效期：20年', '有效期：3年')}对象 人才 “人才” { 核定金额：元 “核定金额”； }
待遇 年补 “年补” { 条款：“一”；对象：人才；资金：人才资金；发放：一次性；金额：核定金额；分期：3年； }`;
  const paid = (...dates: string[]) => dates.map((date) => ({ benefit: '年补', date, amount: '30000' }));
  it('the third yearly instalment after the end is paid, saying why (P4124, zh + en)', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const d = await decided(yearly, { subject: '人才', facts: { 核定金额: '90000' }, asOf: '2024-06-02', ledger: paid('2021-06-01', '2022-06-02'), lang });
      const b = d.benefits[0]!;
      expect([b.status, b.amount, b.reasons.map((r) => r.code)]).toEqual(['eligible', '30000.00', ['P4124', 'P4122', 'P4105']]);
      expect(b.reasons[0]!.message).toContain(lang === 'zh' ? '本政策有效期已于2023-12-31届满' : 'the policy expired on 2023-12-31');
      expect(b.reasons[0]!.message).toContain('2021-06-01');
    }
  });
  it('a first claim after the end is still refused (P4025)', async () => {
    const d = await decided(yearly, { subject: '人才', facts: { 核定金额: '90000' }, asOf: '2024-06-02' });
    expect(d.benefits[0]!.reasons.map((r) => r.code)).toEqual(['P4025']);
  });
  it('staged remainders after the end: the fixture examples (computed by hand) all pass', () => {
    const results = runExamples(compile(readFileSync(join(FIXTURES, 'continued-instalments.policy'), 'utf8')).model);
    expect(results.length).toBe(7);
    expect(results.filter((r) => !r.passed).map((r) => `${r.benefit.id} ${r.example.label?.zh}: ${r.actual}`)).toEqual([]);
  });
  it('the 余款 after the end, in every engine', async () => {
    const d = await decided(readFileSync(join(FIXTURES, 'continued-instalments.policy'), 'utf8'), {
      subject: '企业',
      facts: { 项目编号: 'A', 通过验收: true },
      asOf: '2024-06-01',
      ledger: [{ benefit: '项目资助', date: '2023-06-01', amount: '60000', key: { 项目编号: 'A' } }],
    });
    const b = d.benefits.find((x) => x.id === '项目资助')!;
    expect([b.status, b.amount, b.reasons.map((r) => r.code)]).toEqual(['eligible', '40000.00', ['P4124', 'P4105']]);
  });
});
