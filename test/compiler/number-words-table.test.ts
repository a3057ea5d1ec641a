// Numbers in words, one table (compiler/number-words.ts): 百分之一百 and 百分之百 are 100% (once "没有事实“百分之一百”"),
// 百分之六十 60%, 三分之一 1/3, 千分之五 5/1000, 一百零五 105; what is not a number in words stays a name. (number-words.test.ts:
// the words in an amount, and the summary.)
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { runExamples } from '../../compiler/examples.ts';
import { chineseNumber, fractionWords } from '../../compiler/number-words.ts';

const H = '政策 { 标题：“T”；文号：“测试〔2026〕2号”；施行日期：2021年1月1日；有效期：20年； } 资金 人才资金 “人才资金”；';

describe('numbers in Chinese numerals', () => {
  it.each([
    ['一', 1], ['十', 10], ['两', 2], ['十二', 12], ['二十', 20], ['九十九', 99], ['百', 100], ['一百', 100], ['一百零五', 105],
    ['一百二十', 120], ['两百', 200], ['一千', 1000], ['一千零一', 1001], ['一千二百三十四', 1234],
    ['', undefined], ['十十', undefined], ['一二', undefined], ['百十', undefined], ['零', undefined], ['一百零', undefined], ['十万', undefined], ['三a', undefined],
  ] as const)('%s → %s', (s, want) => {
    expect(chineseNumber(s)).toBe(want);
  });
  it.each([
    ['百分之一百', 100, 100], ['百分之百', 100, 100], ['百分之六十', 60, 100], ['百分之一百二十', 120, 100], ['三分之一', 1, 3], ['千分之五', 5, 1000], ['十分之三', 3, 10],
  ] as const)('%s → %s/%s', (s, num, den) => {
    expect(fractionWords(s)).toEqual({ num, den });
  });
  it.each(['零分之一', '百分之', '分之一', '百分比'])('%s is not a fraction in words', (s) => {
    expect(fractionWords(s)).toBeUndefined();
  });
});

describe('a percentage in words in a condition', () => {
  // The benefit pays when 增速 reaches the words' percentage: an example at the value passes, one just below is ineligible.
  it.each([
    ['百分之一百', '100%', '99.99%'],
    ['百分之百', '100%', '99.99%'],
    ['百分之六十', '60%', '59.99%'],
    ['百分之一百二十', '120%', '119.99%'],
  ])('%s', (words, at, below) => {
    const text = `${H} 对象 企业 “企业” { 增速：% “增速”； } 待遇 补 “补” { 条款：“一”；对象：企业；资金：人才资金；发放：一次性；条件：增速 达到 ${words}；金额：1000元；
      示例 { 增速：${at}；期望：1000元； } 示例 { 增速：${below}；期望：不符合； } }`;
    const r = compile(text);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${JSON.stringify(d.args)}`)).toEqual([]);
    expect(runExamples(r.model).map((x) => x.passed)).toEqual([true, true]);
  });
});
