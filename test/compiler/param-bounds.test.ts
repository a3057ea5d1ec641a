// A parameter whose text fixes one bound (参数 比例：不超过50%；, 最高3000元, 不低于1000元, 2000元以上, 超过0元): the
// reference input check (compiler/input.ts, through validateParams) and the generated evaluator refuse the same values
// (P3030) and accept the same ones; the bound is included or excluded as the word says (民法典 第1259条).
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateParams } from '../../compiler/facts.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { compiled, loadGenerated, tempDir } from '../emit/helpers.ts';

const TEXT = `政策 { 标题：“界限”；文号：“测试〔2025〕9号”；施行日期：2025-03-01；有效期：3年； }
资金 专项资金；
参数 比例：不超过50%；
参数 标准：最高3000元；
参数 下限：不低于1000元；
参数 起点：2000元以上；
参数 增量：超过0元；
参数 上浮：低于20%；
对象 企业 { 投入：元； }
待遇 补贴 {
  条款：“一”；对象：企业；资金：专项资金；
  金额：投入 × 比例 × (1 + 上浮) + 下限 + 起点 + 增量；
  最高：标准；
}
`;

const OK = { 比例: '0.5', 标准: '3000', 下限: '1000', 起点: '2000', 增量: '0.01', 上浮: '0.19' };
// Each row: one parameter changed, and whether the text's bound admits it.
const ROWS: [string, string, boolean][] = [
  ['比例', '0.5', true],
  ['比例', '0.500001', false],
  ['比例', '0', true],
  ['标准', '3000', true],
  ['标准', '3000.01', false],
  ['下限', '1000', true],
  ['下限', '999.99', false],
  ['下限', '1000000', true],
  ['起点', '2000', true],
  ['起点', '1999.99', false],
  ['增量', '0', false],
  ['增量', '0.01', true],
  ['上浮', '0.2', false],
  ['上浮', '0.199999', true],
];

describe('a parameter with one bound the text fixes', () => {
  const path = join(tempDir(), 'bounds.policy');
  writeFileSync(path, TEXT);

  it.each(ROWS)('%s = %s (admitted: %s)', async (name, value, admitted) => {
    const model = compiled(path).model;
    const params = { ...OK, [name]: value };
    const r = validateParams(model, params);
    expect(r.ok ? [] : r.errors.map((e) => `${e.code} ${e.field}`)).toEqual(admitted ? [] : [`P3030 params.${name}`]);
    const G = await loadGenerated(path);
    let thrown: (Error & { errors?: { code: string; field: string }[] }) | undefined;
    let gen: unknown;
    try {
      gen = G.evaluate('企业', { 投入: '1000' }, { asOf: '2025-06-01', params }).benefits.map((b) => `${b.status} ${b.amount}`);
    } catch (e) {
      thrown = e as typeof thrown;
    }
    if (!r.ok) {
      expect(thrown?.errors?.map((e) => `${e.code} ${e.field}`)).toEqual([`P3030 params.${name}`]);
      return;
    }
    expect(thrown).toBeUndefined();
    const ref = evaluate(model, '企业', new Map([['投入', { t: 'num', v: { n: 1000n, d: 1n } }]]), { asOf: '2025-06-01', params: r.params });
    expect(gen).toEqual(ref.benefits.map((b) => `${b.status} ${b.amount}`));
  });
});
