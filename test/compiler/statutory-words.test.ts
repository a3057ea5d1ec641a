// Bracket keys as the texts write them with statutory boundary words (issue #12, newcomer gaps): “12%以上18%以下”,
// “12%以上不满18%”, “超过12%不超过18%” — each word with its meaning in 民法典 第1259条 (以上、以下 include the number;
// 不满、超过 do not). Checked by hand-computed examples at the bounds; the overlap the texts often leave at a shared
// bound (“12%以上18%以下；18%以上”) is P2211 with its fix, golden in test/compiler/cases/statutory-brackets.policy.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { runExamples } from '../../compiler/examples.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { renderSummary } from '../../compiler/summary/index.ts';

const TEXT = `政策 { 标题：“检查”；文号：“测试〔2025〕3号”；施行日期：2025年3月1日；有效期：3年； }
资金 专项资金；
对象 企业 { 社零同比增长：%；年投入：元； }
待遇 甲 {
  条款：“二”；对象：企业；资金：专项资金；
  金额：按 社零同比增长 分档 { 12%以上不满18%：0.5万元，18%以上：1万元 }；
  示例 “11.99%” { 社零同比增长：11.99%；期望：不符合； }
  示例 “12%” { 社零同比增长：12%；期望：5000元； }
  示例 “17.99%” { 社零同比增长：17.99%；期望：5000元； }
  示例 “18%” { 社零同比增长：18%；期望：10000元； }
}
待遇 乙 {
  条款：“二”；对象：企业；资金：专项资金；
  金额：按 社零同比增长 分档 { 12%以上18%（不含）以下：0.5万元，18%以上：1万元 }；
  示例 “12%” { 社零同比增长：12%；期望：5000元； }
  示例 “18%” { 社零同比增长：18%；期望：10000元； }
}
待遇 丙 {
  条款：“三”；对象：企业；资金：专项资金；
  金额：按 年投入 分档 { 超过1000万元不超过5000万元：100万元，超过5000万元：200万元 }；
  示例 “正好1000万元” { 年投入：1000万元；期望：不符合； }
  示例 “1000万元零1分” { 年投入：10000000.01元；期望：1000000元； }
  示例 “正好5000万元” { 年投入：5000万元；期望：1000000元； }
  示例 “5000万元零1分” { 年投入：50000000.01元；期望：2000000元； }
}
待遇 丁 {
  条款：“四”；对象：企业；资金：专项资金；
  金额：按 年投入 分段累进 { 1000万元以下：1%，1000万元以上不满5000万元：2% }；
  示例 “3000万元” { 年投入：3000万元；期望：500000元； }
}
`;

describe('bracket keys with two statutory boundary words', () => {
  const c = compile(TEXT);
  it('compiles cleanly', () => expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([]));
  it('every hand-computed example passes', () => {
    const results = runExamples(c.model);
    expect(results.length).toBe(11);
    expect(results.filter((r) => !r.passed).map((r) => `${r.benefit.id} ${r.example.label?.zh ?? ''}: ${r.actual}`)).toEqual([]);
  });
  it('the formatter keeps both words where they were written, in either keyword language', async () => {
    const r = await formatPolicy(TEXT);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    for (const s of ['12%以上不满18%：', '12%以上18%（不含）以下：', '超过 1000万元不超过5000万元：', '1000万元以上不满5000万元：']) expect(r.text).toContain(s);
    const en = await formatPolicy(TEXT, { keywords: 'en' });
    if (!en.ok) throw new Error(JSON.stringify(en.errors));
    const back = await formatPolicy(en.text, { keywords: 'zh' });
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.text).toBe(r.text);
  });
  it('the summary keeps the words in Chinese and says which bound is excluded in English', () => {
    const zh = renderSummary(c.model, { lang: 'zh', format: 'md' });
    expect(zh).toContain('12%以上不满18%');
    expect(zh).toContain('超过1000万元不超过5000万元');
    const en = renderSummary(c.model, { lang: 'en', format: 'md' });
    expect(en).toContain('12% to 18% (excluded)');
  });
  it('an overlap at a shared bound names both keys and the value, with the fix for the lower bracket', () => {
    const bad = compile(TEXT.replace('12%以上18%（不含）以下', '12%以上18%以下'));
    const d = bad.diagnostics.find((x) => x.code === 'P2211');
    expect(d?.args).toMatchObject({ a: '12%以上18%以下', b: '18%以上', value: '18%', fix: '12%以上18%（不含）以下' });
    const fixed = compile(TEXT.replace('12%以上18%（不含）以下', d!.args['fix']!));
    expect(fixed.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });
});
