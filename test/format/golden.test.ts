// Golden outputs: every option combination (keywords keep/zh/en × punctuation
// auto/full/half) on the real policies and on a fixture that uses every
// construct of the grammar. `UPDATE_GOLDEN=1 npx vitest run test/format`
// rewrites the files under test/format/golden/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lex, parse } from '../../grammar/index.ts';
import { stripRanges } from '../../compiler/format/index.ts';
import { COMBINATIONS, GOLDEN_DIR, SOURCES, commentTexts, expectFormatContract, fmt, goldenPath, readSource, type SourceName } from './helpers.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const NAMES = Object.keys(SOURCES) as SourceName[];

describe.each(NAMES)('golden outputs of %s', (name) => {
  const source = readSource(name);

  it.each(COMBINATIONS)('keywords=$keywords punctuation=$punctuation matches its golden file', async (o) => {
    const out = await fmt(source, o);
    const file = goldenPath(name, o);
    if (UPDATE) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, out);
    }
    expect(existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
    expect(out).toBe(readFileSync(file, 'utf8'));
  }, 60_000);

  it.each(COMBINATIONS)('golden keywords=$keywords punctuation=$punctuation is idempotent and keeps meaning and comments', async (o) => {
    const golden = readFileSync(goldenPath(name, o), 'utf8');
    expect(stripRanges(parse(golden).file)).toEqual(stripRanges(parse(source).file));
    expect(commentTexts(golden)).toEqual(commentTexts(source));
    expect(await expectFormatContract(golden, o)).toBe(golden);
  }, 60_000);

  it('the source itself: format keeps meaning and comments and is idempotent (default options)', async () => {
    await expectFormatContract(source);
  }, 60_000);

  // With explicit spellings the output does not depend on how the input was
  // spelled: every golden of this source formats to the same canonical text.
  it.each(COMBINATIONS.filter((o) => o.keywords !== 'keep' && o.punctuation !== 'auto'))(
    'keywords=$keywords punctuation=$punctuation is canonical whatever the input spelling',
    async (o) => {
      const expected = readFileSync(goldenPath(name, o), 'utf8');
      for (const other of COMBINATIONS) {
        const input = readFileSync(goldenPath(name, other), 'utf8');
        expect(await fmt(input, o), `from ${other.keywords}-${other.punctuation}`).toBe(expected);
      }
    },
    60_000,
  );
});

describe('golden layout of the real policies', () => {
  it('breaks 或 chains before the operator, keeps a table on the operator line, moves a long label of a derived fact', () => {
    const golden = readFileSync(goldenPath('national', { keywords: 'keep', punctuation: 'auto' }), 'utf8');
    expect(golden).toContain(
      [
        '  条件：足额缴纳月数 满 12个月，',
        '        上年度新增领取失业保险金人数 为 0人',
        '          或 裁员率 不高于 5.5%',
        '          或 （参保职工总数 30人以下 且 裁员率 不高于 20%）；',
      ].join('\n'),
    );
    expect(golden).toContain('  金额：上年度实际缴纳失业保险费 × 按 单位类型 {\n    大型企业：30%，\n');
    expect(golden).toContain('  裁员率 = 上年度新增领取失业保险金人数 ÷ 上年度参保缴费月平均人数\n    “上年度裁员率” / “Layoff rate last year”；\n');
    expect(golden).toContain('  限一次：职业，证书等级及以上；\n');
  });

  it('keeps the look of the hand-written file: headers, fields one per line, one-line examples, aligned conditions', () => {
    const golden = readFileSync(goldenPath('xiaoshan', { keywords: 'keep', punctuation: 'auto' }), 'utf8');
    expect(golden).toContain('政策 {\n  标题：“关于深化“新萧匠”高技能人才队伍建设的意见”');
    expect(golden).toContain('  示例 “考核合格” { 认定为区级技师工作室：是；当年考核评估合格：是；期望：30000元； }\n');
    expect(golden).toContain(
      [
        '  条件：院校在我区，',
        '        就读院校类型 属于 { 技工院校，中职院校 }，',
        '        毕业前取得，',
        '        取得证书等级 高级工及以上；',
      ].join('\n'),
    );
    expect(golden).toContain('  金额：按 直接培养人数 { 高级工：800元/人，技师：1000元/人，高级技师：1500元/人 }；\n');
    expect(golden).toContain('  条件：已备案认定企业，年度自主认定人次 满 50人次；\n');
    // A level with a label: one level a line, `<` after the label.
    expect(golden).toContain('  初级工（五级） “初级工（五级）” / “Elementary worker (level 5)” <\n  中级工（四级） “中级工（四级）”');
    // A blank line between declarations is kept, never more than one.
    expect(golden).not.toMatch(/\n\n\n/);
    expect(golden.endsWith('}\n')).toBe(true);
  });

  it('spells everything in English with half-width punctuation when asked', () => {
    const golden = readFileSync(goldenPath('xiaoshan', { keywords: 'en', punctuation: 'half' }), 'utf8');
    expect(golden).toContain('policy {\n  title: "关于深化“新萧匠”高技能人才队伍建设的意见" / ');
    expect(golden).toContain('  published: 2025-01-23;\n');
    expect(golden).toContain('  conditions: 已备案认定企业, 年度自主认定人次 reaches 50 person-times;\n');
    expect(golden).toContain('  amount: 3 wan-yuan + (年度自主认定人次 - 50 person-times) × 500 yuan/person-times;\n');
    expect(golden).toContain('  period: from 培养期开始日期 for 3 years;\n');
    const punctuation = lex(golden).tokens.filter((t) => /^(Colon|Semi|Comma|LParen|RParen|LBrace|RBrace|String)$/.test(t.tokenType.name));
    expect(punctuation.length).toBeGreaterThan(1000);
    for (const t of punctuation) expect(t.image).toMatch(/^[:;,(){}"]/);
  });
});
