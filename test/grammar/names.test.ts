// Where a name ends (grammar/tokens.ts matchIdentifier): a name may begin with a keyword and carry digits
// (名单1, 日期2, 条件3甲); digits after a keyword that takes a number, after a comparison word, or that end in a
// unit are a quantity (最高5000元, 满6个月, 年龄16至24周岁). Each row: the text and its tokens, `image:Type`.
import { describe, expect, it } from 'vitest';
import { lex } from '../../grammar/tokens.ts';
import { compile } from '../../compiler/index.ts';

const CASES: [string, string][] = [
  // names that begin with a keyword
  ['名单1：', '名单1:Identifier ：:Colon'],
  ['日期1：', '日期1:Identifier ：:Colon'],
  ['条件3甲：', '条件3甲:Identifier ：:Colon'],
  ['名单1人数', '名单1人数:Identifier'],
  ['名单甲', '名单甲:Identifier'],
  ['合计（名单1，金额）', '合计:SumOver （:LParen 名单1:Identifier ，:Comma 金额:Amount ）:RParen'],
  ['人员2，人员3；', '人员2:Identifier ，:Comma 人员3:Identifier ；:Semi'],
  ['日期1 早于 日期2', '日期1:Identifier 早于:Earlier 日期2:Identifier'],
  ['条件2 且 名单1', '条件2:Identifier 且:And 名单1:Identifier'],
  // digits between letters
  ['近3年营业收入', '近3年营业收入:Identifier'],
  ['第2批', '第2批:Identifier'],
  // a name followed by a quantity
  ['年龄16至24周岁', '年龄:Identifier 16:Number 至:Until 24:Number 周岁:Age'],
  ['月收入3000元至6000元', '月收入:Identifier 3000:Number 元:Yuan 至:Until 6000:Number 元:Yuan'],
  ['人数30人以上', '人数:Identifier 30:Number 人:Person 以上:OrAbove'],
  ['参保月数满6个月', '参保月数:Identifier 满:Reaches 6:Number 个月:Months'],
  ['人次满50', '人次:PersonTimes 满:Reaches 50:Number'],
  ['人数16 至', '人数:Identifier 16:Number 至:Until'],
  ['人数30 人以上', '人数:Identifier 30:Number 人:Person 以上:OrAbove'],
  ['人数30 以上', '人数:Identifier 30:Number 以上:OrAbove'],
  // keywords that take a number
  ['最高5000元', '最高:Ceiling 5000:Number 元:Yuan'],
  // a year and a month after 自: a month (a date bound, docs/language.md “A date against a month”)
  ['自2025年1月', '自:From 2025年1月:DateLiteral'],
  ['3年6个月', '3:Number 年:Years 6:Number 个月:Months'],
  ['每月500元；', '每月:Monthly 500:Number 元:Yuan ；:Semi'],
  ['满6，', '满:Reaches 6:Number ，:Comma'],
  // 1亿元和2亿元以上 stays one word (P2194 says what to write)
  ['1亿元和2亿元以上', '1:Number 亿元和2亿元:Identifier 以上:OrAbove'],
];

describe('where a name ends', () => {
  it.each(CASES)('%s', (text, tokens) => {
    expect(lex(text).tokens.map((t) => `${t.image}:${t.tokenType.name}`).join(' ')).toBe(tokens);
  });

  it('facts named 名单1, 日期1 declare and resolve with no diagnostic', () => {
    const text = `政策 { 标题：“名称”；文号：“测试〔2025〕3号”；施行日期：2025-03-01；有效期：3年； }
资金 专项资金；
对象 企业 { 名单1：是否；日期1：日期；条件2：是否；年龄：周岁； }
待遇 返还 {
  条款：“一”；对象：企业；资金：专项资金；
  条件：名单1，条件2，日期1 早于 2025年1月1日，年龄16至24周岁；
  金额：100元；
  示例 { 名单1：是；条件2：是；日期1：2024年1月1日；年龄：16周岁；期望：100元； }
}
`;
    expect(compile(text).diagnostics.map((d) => d.code)).toEqual([]);
  });
});
