// Money over time as a property: random sequences of claims over the three years of 萧人社〔2025〕3号,
// each decision replayed into the ledger (what an office does after paying). Whatever the sequence:
// a 一次性 benefit is never paid twice, an annual cap is never exceeded within a calendar year, and the
// running total (二（三）7, 累计) pays in each year exactly the formula at the year's final count, capped.
// LEDGER_RUNS sets the number of sequences (npm test: 150; npm run test:deep: FC_RUNS).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger, type LedgerEntry } from '../../compiler/facts.ts';
import { addDays } from '../../compiler/dates.ts';
import { POLICY_DIR } from '../helpers.ts';

const RUNS = Number(process.env['LEDGER_RUNS'] ?? (process.env['FC_RUNS'] ? Math.min(Number(process.env['FC_RUNS']), 5000) : 150));
const model = compile(readFileSync(join(POLICY_DIR, 'xiaoshan-xinxiaojiang-2025-3.policy'), 'utf8')).model;

/** 二（三）7 at a year's count: 3万 + 500 per certification above 50, at most 5万 a year; nothing below 50. */
const award = (n: number): bigint => (n < 50 ? 0n : BigInt(Math.min(30000 + (n - 50) * 500, 50000)) * 100n);
const fen = (s: string) => BigInt(s.replace('.', ''));

describe('the ledger over three years of claims', () => {
  it(`never pays twice, never exceeds a cap, and pays a running total exactly (${RUNS} sequences)`, () => {
    const claim = fc.record({ day: fc.integer({ min: 0, max: 1095 }), more: fc.integer({ min: 0, max: 60 }), approved: fc.integer({ min: 0, max: 90000 }) });
    fc.assert(
      fc.property(fc.array(claim, { minLength: 1, maxLength: 14 }), (claims) => {
        const sorted = [...claims].sort((a, b) => a.day - b.day);
        const ledger: LedgerEntry[] = [];
        const count = new Map<string, number>(); // the running total of certifications, per calendar year
        const approvedSoFar = new Map<string, number>(); // 公益实训资助: approved so far this year
        const last = new Map<string, number>();
        for (const c of sorted) {
          const asOf = addDays('2025-03-01', c.day);
          const year = asOf.slice(0, 4);
          const n = (count.get(year) ?? 0) + c.more;
          count.set(year, n);
          last.set(year, n);
          const a = (approvedSoFar.get(year) ?? 0) + c.approved;
          approvedSoFar.set(year, a);
          const l = validateLedger(model, ledger.map((e) => ({ benefit: e.benefit, date: e.date, amount: `${e.amount.n}` })), asOf);
          expect(l.ok).toBe(true);
          const decide = (subject: string, raw: Record<string, unknown>) => {
            const f = validateFacts(model, subject, raw);
            if (!f.ok) throw new Error(JSON.stringify(f.errors));
            return evaluate(model, subject, f.facts, { asOf, ledger: l.ok ? l.ledger : [] });
          };
          const pay = (d: ReturnType<typeof decide>) => {
            for (const b of d.benefits) if (b.status === 'eligible' && b.amount) ledger.push({ benefit: b.id, date: asOf, amount: { n: fen(b.amount) / 100n, d: 1n } });
          };
          pay(decide('技师工作室', { 认定为区级技师工作室: true, 当年考核评估合格: true }));
          pay(decide('企业', { 已备案认定企业: true, 年度自主认定人次: n }));
          pay(decide('实训基地', { 提供公益性实训服务: true, 核定实训资助: `${a}` }));
        }
        const paid = (id: string, year?: string) => ledger.filter((e) => e.benefit === id && (!year || e.date.startsWith(year)));
        const sum = (es: LedgerEntry[]) => es.reduce((s, e) => s + e.amount.n * 100n, 0n);
        // 一次性: the start-up grant once; 每年: the running grant once a calendar year.
        expect(paid('技师工作室开办补助').length).toBe(1);
        for (const year of last.keys()) {
          expect(paid('技师工作室运行补助', year).length).toBe(1);
          // Annual caps hold within every calendar year.
          expect(sum(paid('企业认定奖励', year))).toBeLessThanOrEqual(5000000n);
          expect(sum(paid('公益实训资助', year))).toBeLessThanOrEqual(10000000n);
          // The running totals pay the formula at the year's final figures, capped — no more, no less.
          expect(sum(paid('企业认定奖励', year))).toBe(award(last.get(year)!));
          expect(sum(paid('公益实训资助', year))).toBe(BigInt(Math.min(approvedSoFar.get(year)!, 100000)) * 100n);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
