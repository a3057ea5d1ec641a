// A policy family (a program of several files) in SQL: the main file's shared cap over every file's benefits and each
// imported document's shared caps over the benefits that document declares (“本细则各项补助累计不超过…”, P4109) — one
// computed from the case (P4107 / P4108), one a constant — with 合并计算 naming a benefit of another file. The DuckDB
// queries decide the same random subjects and ledgers as the reference, row by row (harness.ts expectDuckDBAgrees).
import { describe, expect, it } from 'vitest';
import { createProgram, memoryHost } from '../../compiler/index.ts';
import { expectDuckDBAgrees } from './harness.ts';

const RUNS = Number(process.env['SQL_RUNS'] ?? 1000);

const MAIN = `政策 { 标题：“主文件”；文号：“测〔2025〕1号”；施行日期：2025年1月1日；有效期：3年；
  每年累计不超过：20万元； }
引用 “细则.policy”；
引用 “通知.policy”；
资金 专项资金；
资金 区级资金；
对象 企业 { 获评：是否；研发投入：元；区级贡献：元；新增人数：人； }
待遇 甲 { 条款：“一”；对象：企业；资金：专项资金；发放：每年；条件：获评；金额：10万元；
  累计不超过：15万元；合并计算：乙； }
`;
const RULES = `政策 { 标题：“细则”；文号：“测〔2025〕2号”；施行日期：2025年1月1日；有效期：3年；
  累计不超过：区级贡献； }
待遇 乙 { 条款：“二”；对象：企业；资金：区级资金；发放：每年；条件：研发投入 达到 100万元以上；金额：研发投入 × 5%； }
待遇 丙 { 条款：“三”；对象：企业；资金：区级资金；发放：每年；条件：获评；金额：5万元； }
`;
const NOTICE = `政策 { 标题：“补充通知”；文号：“测〔2025〕3号”；施行日期：2025年1月1日；有效期：3年；
  每年累计不超过：8万元； }
待遇 丁 { 条款：“一”；对象：企业；资金：专项资金；发放：每年；条件：新增人数 达到 10人以上；金额：新增人数 × 2000元/人； }
待遇 戊 { 条款：“二”；对象：企业；资金：专项资金；发放：每年；条件：获评；金额：3万元； }
`;

describe('SQL on DuckDB equals the reference for a policy family', () => {
  it(`agrees on ${RUNS} random subjects, documents' shared caps included`, { timeout: 600_000 }, async () => {
    const p = createProgram('/f/main.policy', memoryHost({ '/f/main.policy': MAIN, '/f/细则.policy': RULES, '/f/通知.policy': NOTICE }));
    expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { codes } = await expectDuckDBAgrees(p.model, RUNS, 5);
    // The population reaches each document's cap noting (P4109), the computed cap's value (P4107) and its facts missing (P4108),
    // refusals at zero (P4085) and at a used-up cap (P4005, P4102).
    for (const code of ['P4109', 'P4107', 'P4108', 'P4085', 'P4005', 'P4102', 'P4061']) expect([...codes], code).toContain(code);
  });
});
