// 修订对照 by meaning for the limits across benefits and years and for staged payment: a changed cumulative cap, its
// window, the benefits counted together and the instalments are each one change, worded from the message table.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { diffPolicies } from '../../compiler/diff/semantic.ts';

const a = readFileSync(new URL('../emit/fixtures/across.policy', import.meta.url), 'utf8');
const edit = (from: string, to: string) => {
  if (!a.includes(from)) throw new Error(`${from} not in the fixture`);
  return a.replace(from, to);
};
const texts = (b: string) => JSON.stringify(diffPolicies(compile(a).model, compile(b).model, 'zh'));

describe('semantic diff of 累计不超过, 累计期间, 合并计算 and 分期', () => {
  it('names each change', () => {
    expect(texts(edit('累计不超过：100万元；', '累计不超过：120万元；'))).toContain('累计上限由100万元提高到120万元');
    expect(texts(edit('累计期间：3年；', '累计期间：5年；'))).toContain('改为5年内（自评估日期往前计算）累计不超过50万元');
    expect(texts(edit('每年限次：1次；\n  合并计算：培训补贴甲；', '每年限次：1次；\n  合并计算：培训补贴甲，培训补贴乙；'))).toContain('合并计算的待遇由培训补贴甲改为培训补贴甲、培训补贴乙');
    expect(texts(edit('分期：60%，签订任务书；', '分期：50%，签订任务书；'))).toContain('改为分2期拨付：第1期50%');
  });
  it('reports nothing when nothing changed', () => {
    expect(texts(a)).not.toContain('累计上限');
  });
});
