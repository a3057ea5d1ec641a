// The formatter's behaviour on small inputs: layout, comments, blank lines,
// keyword spelling, punctuation, strings, line width, token gluing, errors.
import { describe, expect, it } from 'vitest';
import * as prettier from 'prettier';
import { KEYWORDS, lex, parse } from '../../grammar/index.ts';
import { formatPolicy, PolicySyntaxError, plugin } from '../../compiler/format/index.ts';
import { canGlue, spellString } from '../../compiler/format/spelling.ts';
import { expectFormatContract, fmt, readSource } from './helpers.ts';

const lines = (...ls: string[]): string => ls.join('\n') + '\n';

const SMALL = lines(
  '// 头部注释',
  '政策 { 标题：“测试”；施行日期：2025年3月1日；有效期：3年； }',
  '资金 专项 “专项资金”；',
  '等级 技能等级：初级工 < 中级工 < 高级工；',
  '对象 企业 { 人数：人 按 技能等级；认定人次：人次； }',
  '待遇 培养资助 “培养资助” {',
  '  条款：“二（一）2”；对象：企业；资金：专项；',
  '  条件：认定人次 满50人次，人数 属于 { 高级工 }；',
  '  金额：按 人数 { 高级工：800元/人，中级工：500元/人 }；',
  '  示例 “一” { 人数：{ 高级工：1人 }；认定人次：50人次；期望：800元； }',
  '}',
);

describe('layout', () => {
  it('prints blocks one field per line, short examples and tables on one line', async () => {
    expect(await expectFormatContract(SMALL)).toBe(
      lines(
        '// 头部注释',
        '政策 {',
        '  标题：“测试”；',
        '  施行日期：2025年3月1日；',
        '  有效期：3年；',
        '}',
        '资金 专项 “专项资金”；',
        '等级 技能等级：初级工 < 中级工 < 高级工；',
        '对象 企业 {',
        '  人数：人 按 技能等级；',
        '  认定人次：人次；',
        '}',
        '待遇 培养资助 “培养资助” {',
        '  条款：“二（一）2”；',
        '  对象：企业；',
        '  资金：专项；',
        '  条件：认定人次 满 50人次，人数 属于 { 高级工 }；',
        '  金额：按 人数 { 高级工：800元/人，中级工：500元/人 }；',
        '  示例 “一” { 人数：{ 高级工：1人 }；认定人次：50人次；期望：800元； }',
        '}',
      ),
    );
  });

  it('breaks long tables, condition lists and examples readably at a narrow width', async () => {
    const out = await expectFormatContract(SMALL, { printWidth: 40 });
    expect(out).toContain(
      lines(
        '  条件：认定人次 满 50人次，',
        '        人数 属于 { 高级工 }；',
        '  金额：按 人数 {',
        '    高级工：800元/人，',
        '    中级工：500元/人',
        '  }；',
        '  示例 “一” {',
        '    人数：{ 高级工：1人 }；',
        '    认定人次：50人次；',
        '    期望：800元；',
        '  }',
      ),
    );
  });

  it('fills fact entries on lines and gives keyword fields of an example their own lines', async () => {
    const text = lines(
      '待遇 甲 {',
      '  示例 “x” { 甲甲甲甲：是；乙乙乙乙：是；丙丙丙丙：是；丁丁丁丁：是；日期：2025年1月1日；期望：100元； }',
      '}',
    );
    expect(await expectFormatContract(text, { printWidth: 50 })).toBe(
      lines(
        '待遇 甲 {',
        '  示例 “x” {',
        '    甲甲甲甲：是；乙乙乙乙：是；丙丙丙丙：是；',
        '    丁丁丁丁：是；',
        '    日期：2025年1月1日；',
        '    期望：100元；',
        '  }',
        '}',
      ),
    );
  });

  it('respects the line width: a longer line holds a string or a comment it cannot break', async () => {
    const source = readSource('xiaoshan');
    for (const printWidth of [60, 80, 100, 120]) {
      const out = await fmt(source, { printWidth });
      for (const l of out.split('\n')) {
        if (prettier.util.getStringWidth(l) <= printWidth) continue;
        const { tokens, comments } = lex(l);
        const unbreakable = comments.length > 0 || tokens.some((t) => t.tokenType.name === 'String');
        expect(unbreakable, `width ${printWidth}: ${l}`).toBe(true);
      }
    }
  }, 60_000);

  it('breaks chains of one operator before the operator, a trailing table in its braces', async () => {
    const text = lines(
      '待遇 甲 {',
      '  条件：甲甲甲甲 为 0人 或 乙乙乙乙乙 不高于 5.5% 或 （丙丙丙 30人以下 且 丁丁丁丁 不高于 20%），戊；',
      '  金额：基数基数基数 × 按 单位类型 { 大型企业：30%，中小微企业：60%，社会团体：60% } + 10元；',
      '  最高：基数基数基数 × 按 单位类型 { 大型企业：30%，中小微企业：60%，社会团体：60% }；',
      '}',
    );
    expect(await expectFormatContract(text, { printWidth: 60 })).toBe(
      lines(
        '待遇 甲 {',
        '  条件：甲甲甲甲 为 0人',
        '          或 乙乙乙乙乙 不高于 5.5%',
        '          或 （丙丙丙 30人以下 且 丁丁丁丁 不高于 20%），',
        '        戊；',
        '  金额：基数基数基数 × 按 单位类型 {',
        '    大型企业：30%，',
        '    中小微企业：60%，',
        '    社会团体：60%',
        '  }',
        '    + 10元；',
        '  最高：基数基数基数 × 按 单位类型 {',
        '    大型企业：30%，',
        '    中小微企业：60%，',
        '    社会团体：60%',
        '  }；',
        '}',
      ),
    );
  });

  it('prints derived facts, text facts and relative comparisons', async () => {
    const text = lines(
      '对象 单位 { 职业：文字；裁员率 = 新增人数 ÷ 平均人数 “上年度裁员率” / “Layoff rate last year”；系数=(a-1元)*2; }',
      '待遇 甲 { 限一次：职业，证书等级 及以上；}',
    );
    expect(await expectFormatContract(text, { printWidth: 60 })).toBe(
      lines(
        '对象 单位 {',
        '  职业：文字；',
        '  裁员率 = 新增人数 ÷ 平均人数',
        '    “上年度裁员率” / “Layoff rate last year”；',
        '  系数 = (a - 1元) * 2；',
        '}',
        '待遇 甲 {',
        '  限一次：职业，证书等级及以上；',
        '}',
      ),
    );
    const en = (zh: string): string => KEYWORDS.find((k) => k.zh.includes(zh))!.en[0]!;
    expect(await fmt(text, { keywords: 'en', printWidth: 60 })).toContain(`  ${en('限一次')}：职业，证书等级 ${en('及以上')}；\n`);
  });

  it('keeps blank lines between declarations and fields, at most one, none at block edges', async () => {
    const text = lines('资金 甲；', '', '', '', '资金 乙；', '政策 {', '', '  标题：“x”；', '', '', '  文号：“y”；', '', '}', '资金 丙；');
    expect(await expectFormatContract(text)).toBe(
      lines('资金 甲；', '', '资金 乙；', '政策 {', '  标题：“x”；', '', '  文号：“y”；', '}', '资金 丙；'),
    );
  });

  it('gives an empty file an empty output and ends every other output with one newline', async () => {
    expect(await fmt('')).toBe('');
    expect(await fmt('   \n\n')).toBe('');
    expect(await fmt('资金 甲；')).toBe('资金 甲；\n');
    expect(await fmt('资金 甲；\n\n\n')).toBe('资金 甲；\n');
  });
});

describe('comments', () => {
  it('keeps own-line, end-of-line and dangling comments where they belong', async () => {
    const text = lines(
      '// before the policy',
      '政策 { // after the brace',
      '  标题：“x”； // end of line',
      '  // before 文号',
      '  文号：“y”；',
      '  // last in block',
      '}',
      '对象 空 {',
      '  // alone in an empty block',
      '}',
      '对象 也空 { /* dangling block */ }',
      '待遇 甲 {',
      '  示例 “空” {',
      '    // nothing yet',
      '  }',
      '}',
      '/* end */',
    );
    expect(await expectFormatContract(text)).toBe(
      lines(
        '// before the policy',
        '政策 { // after the brace',
        '  标题：“x”； // end of line',
        '  // before 文号',
        '  文号：“y”；',
        '  // last in block',
        '}',
        '对象 空 {',
        '  // alone in an empty block',
        '}',
        '对象 也空 { /* dangling block */}',
        '待遇 甲 {',
        '  示例 “空” {',
        '    // nothing yet',
        '  }',
        '}',
        '/* end */',
      ),
    );
  });

  it('keeps a comment after a list comma on that line, breaking the list', async () => {
    const text = '待遇 甲 { 条件：甲， // why 甲\n 乙，丙； }\n';
    expect(await expectFormatContract(text)).toBe(lines('待遇 甲 {', '  条件：甲， // why 甲', '        乙，', '        丙；', '}'));
  });

  it('keeps comments inside expressions, in order', async () => {
    const text = '待遇 甲 { 金额：3万元 /* base */ + // per person\n 人数 × 500元/人 /* rate */； }\n';
    const out = await expectFormatContract(text);
    expect(out).toBe(lines('待遇 甲 {', '  金额：3万元 /* base */', '    + // per person', '    人数 × 500元/人 /* rate */；', '}'));
  });

  it('keeps verbatim a block comment that spans lines', async () => {
    const text = '资金 甲；   /* one\n      two\n   three */\n资金 乙；\n';
    expect(await expectFormatContract(text)).toBe('资金 甲； /* one\n      two\n   three */\n资金 乙；\n');
  });

  it('formats a file of comments only', async () => {
    expect(await expectFormatContract('// a\n\n\n/* b */   // c\n')).toBe('// a\n\n/* b */ // c\n');
  });

  it('never loses, changes or reorders a comment inserted at any token boundary', async () => {
    const base = SMALL;
    const { tokens } = lex(base);
    const cuts = [0, ...tokens.map((t) => t.endOffset! + 1)];
    const kinds = [' // x\n', '/* x */', '\n/* x */\n', '\n// x\n\n'];
    let count = 0;
    for (const cut of cuts) {
      for (const kind of kinds) {
        const text = base.slice(0, cut) + kind + base.slice(cut);
        // `/` followed by `/* x */` would start a line comment: not a boundary test.
        if (kind.startsWith('/') && base[cut - 1] === '/') continue;
        await expectFormatContract(text);
        count++;
      }
    }
    expect(count).toBeGreaterThan(cuts.length * kinds.length - 10);
  }, 60_000);
});

describe('keyword spelling', () => {
  const mixed = lines(
    'policy { 标题: "x"; effective: 2025-03-01; 有效期：3 years; }',
    '待遇 甲 { conditions: 年龄 满 18 岁 且 在职 or 非 退休; amount: 800 yuan + 2 万元; 每年不超过：3个月; }',
  );

  it('keeps the author\'s spelling by default', async () => {
    const out = await expectFormatContract(mixed, { punctuation: 'half' });
    expect(out).toContain('policy {\n  标题: "x";\n  effective: 2025-03-01;\n  有效期: 3 years;\n}');
    expect(out).toContain('  conditions: 年龄 满 18岁 且 在职 or 非 退休;\n  amount: 800 yuan + 2万元;\n  每年不超过: 3个月;\n');
  });

  it('normalises to Chinese: first Chinese spelling, no space before units, Chinese dates', async () => {
    const out = await expectFormatContract(mixed, { keywords: 'zh', punctuation: 'full' });
    expect(out).toBe(
      lines(
        '政策 ｛',
        '  标题：“x”；',
        '  施行日期：2025年3月1日；',
        '  有效期：3年；',
        '｝',
        '待遇 甲 ｛',
        '  条件：年龄 满 18周岁 并且 在职 或者 非 退休；',
        '  金额：800元 + 2万元；',
        '  每年累计不超过：3个月；',
        '｝',
      ),
    );
  });

  it('normalises to English: first English spelling, a space before unit words, ISO dates', async () => {
    const out = await expectFormatContract(mixed, { keywords: 'en', punctuation: 'half' });
    expect(out).toBe(
      lines(
        'policy {',
        '  title: "x";',
        '  effective: 2025-03-01;',
        '  validity: 3 years;',
        '}',
        'benefit 甲 {',
        '  conditions: 年龄 reaches 18 years-old and 在职 or not 退休;',
        '  amount: 800 yuan + 2 wan-yuan;',
        '  annual-cap: 3 months;',
        '}',
      ),
    );
  });

  it('glues Chinese postfix comparison words only where the tokens stay apart', async () => {
    const text = '待遇 甲 { 条件：级别 高级工 及以上，名次 3 名 以内，级别 某及 以上，x ≥ 60，y >= 1，z 不超过 1万元； }\n';
    const out = await expectFormatContract(text, { printWidth: 200 });
    expect(out).toContain('条件：级别 高级工及以上，名次 3名以内，级别 某及 以上，x ≥ 60，y >= 1，z 不超过 1万元；');
    expect(canGlue('高级工', '及以上')).toBe(true);
    expect(canGlue('某及', '以上')).toBe(false);
    expect(canGlue('3', 'yuan')).toBe(true);
    expect(canGlue('在职', 'and')).toBe(false);
  });
});

describe('punctuation', () => {
  it('auto follows the majority of each kind of punctuation (ties go full-width)', async () => {
    const text = '政策 { 标题："a"；文号：“b”；解释机关:"c"; }\n资金 甲；\n';
    // colons 2 full : 1 half → full; semicolons 3 : 1 → full; braces half; strings 2 half : 1 full → half.
    expect(await expectFormatContract(text)).toBe(lines('政策 {', '  标题："a"；', '  文号："b"；', '  解释机关："c"；', '}', '资金 甲；'));
    expect(await fmt('资金 甲 “x”;资金 乙 "y"；\n')).toBe('资金 甲 “x”；\n资金 乙 “y”；\n');
  });

  it('full and half convert every punctuation mark, with spacing to match', async () => {
    const text = '等级 甲：一（x，y），二；待遇 乙 { 条件：a 属于 {b，c}；金额：(1元 + 2元) × 3；}\n';
    expect(await expectFormatContract(text, { punctuation: 'half' })).toBe(
      lines('等级 甲: 一(x, y), 二;', '待遇 乙 {', '  条件: a 属于 { b, c };', '  金额: (1元 + 2元) × 3;', '}'),
    );
    expect(await expectFormatContract(text, { punctuation: 'full' })).toBe(
      lines('等级 甲：一（x，y），二；', '待遇 乙 ｛', '  条件：a 属于 ｛b，c｝；', '  金额：（1元 + 2元） × 3；', '｝'),
    );
  });

  it('treats 、 as a comma: kept by auto, ， in full, , in half', async () => {
    const text = '待遇 甲 { 条件：a 属于 { b、c }；}\n';
    expect(await fmt(text)).toContain('a 属于 { b、c }');
    expect(await fmt(text, { punctuation: 'full' })).toContain('a 属于 ｛b，c｝');
    expect(await fmt(text, { punctuation: 'half' })).toContain('a 属于 { b, c }');
  });

  it('prints full-width operator forms as ASCII in half-width mode, keeps × ÷ ≥', async () => {
    const text = '待遇 甲 { 条件：x ＞＝ 1，y ≥ 2；金额：a ＋ b × c ÷ d －1元；}\n';
    expect(await expectFormatContract(text, { punctuation: 'half' })).toContain('条件: x >= 1, y ≥ 2;\n  金额: a + b × c ÷ d - 1元;');
  });

  it('rewrites strings between quote styles without changing their value', async () => {
    expect(spellString('“关于“新萧匠”的意见”', false)).toBe('"关于“新萧匠”的意见"');
    expect(spellString('"关于“新萧匠”的意见"', true)).toBe('“关于“新萧匠”的意见”');
    expect(spellString('"a\\"b\\\\c"', true)).toBe('“a"b\\c”');
    expect(spellString('“a"b\\c”', false)).toBe('"a\\"b\\\\c"');
    expect(spellString('"line\\nbreak"', true)).toBe('"line\\nbreak"');
    expect(spellString('"only “ one"', true)).toBe('"only “ one"');
    expect(spellString('"\\q"', false)).toBe('"q"');
    expect(spellString('「测试」', true)).toBe('“测试”');
    expect(spellString('「a“b」', true)).toBe('「a“b」');
    expect(spellString('「a“b」', false)).toBe('"a“b"');
    const text = '资金 甲 "a\\"b\\\\c" / "line\\nbreak"；资金 乙 「a“b」 / "x”y"；\n';
    for (const punctuation of ['auto', 'full', 'half'] as const) await expectFormatContract(text, { punctuation });
  });
});

describe('syntax errors', () => {
  it('does not format a file with a syntax error and names the line and column', async () => {
    const text = '资金 甲；\n政策 {\n  标题 “x”；\n}\n';
    const r = await formatPolicy(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]!.code).toBe('P1003');
    expect(r.errors[0]!.range.start).toBe(text.indexOf('“x”'));
    const err = await prettier.format(text, { parser: 'policy', plugins: [plugin] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PolicySyntaxError);
    const message = (err as Error).message;
    expect(message).toContain('3:6: unexpected "“x”"; expected ":"');
    expect(message).toContain('第3行第6列：此处不应出现““x””，应为“：”');
  });

  it('reports lexer errors, unterminated strings and a truncated file with their places', async () => {
    const cases: Array<[string, string, string]> = [
      ['资金 甲 ＃；\n', 'P1001', '1:6: unexpected character "＃"'],
      ['资金 甲 “未闭合；\n', 'P1005', '1:6: unterminated string'],
      ['政策 {\n  标题：“x”；\n', 'P1004', '2:10: unexpected end of file; expected'],
      ['资金 甲 ３；\n', 'P1002', '1:6: full-width digit "３" is not a number; write "3"'],
    ];
    for (const [text, code, place] of cases) {
      const r = await formatPolicy(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.code)).toContain(code);
      const message = await prettier.format(text, { parser: 'policy', plugins: [plugin] }).then(
        () => '',
        (e: Error) => e.message,
      );
      expect(message).toContain(place);
    }
  });
});
