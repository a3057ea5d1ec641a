// Declarations (compiler/check/declarations.ts): what enters the model and the
// one symbol table, and the P2001 / P2020 / P2010 rules on declaring.
import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import { BUILTIN_UNITS } from '../../../compiler/units.ts';
import { benefit, errors, HEADER } from './helpers.ts';

describe('the base policy of these tests', () => {
  it('has no errors', () => expect(errors(benefit('金额：100元；'))).toEqual([]));
});

describe('symbols', () => {
  const c = compile(benefit('金额：100元；'));
  const sym = (key: string) => c.model.symbols.symbols.get(key);
  it.each([
    ['top:专项资金', 'fund', undefined],
    ['top:技能等级', 'levels', undefined],
    ['value:初级工', 'level', '技能等级'],
    ['value:五级', 'level', '技能等级'],
    ['value:大型', 'enumValue', '规模'],
    ['top:企业', 'subject', undefined],
    ['fact:企业/证书等级', 'fact', '企业'],
    ['fact:企业/人均营收', 'fact', '企业'],
    ['top:标准', 'parameter', undefined],
    ['top:奖励', 'benefit', undefined],
  ])('%s is a %s', (key, kind, container) => {
    expect(sym(key)).toMatchObject({ kind, ...(container && { container }) });
  });
  it('an alias names its level', () => expect(sym('value:五级')?.aliasOf).toBe('初级工'));
  it('every built-in unit is a symbol with its dimension', () => {
    for (const [id, u] of Object.entries(BUILTIN_UNITS)) expect(sym(`unit:${id}`)).toMatchObject({ kind: 'unit', container: u.dim, builtin: true });
  });
  it('a declaration is an occurrence at its name', () => {
    const text = benefit('金额：100元；');
    const at = text.indexOf('专项资金');
    expect(c.model.symbols.at(at)).toMatchObject({ keys: ['top:专项资金'], decl: true });
  });
});

describe('declaration rules', () => {
  it.each([
    ['a fund declared twice', HEADER + '资金 专项资金；\n', 'P2001'],
    ['a level value that is also an enum value', HEADER + '枚举 其他：大型；\n', 'P2201'],
    ['a level value named like a fund', HEADER.replace('资金 专项资金；', '资金 高级工；') + '', 'P2001'],
    ['a fact declared twice', HEADER.replace('  已登记：是否；', '  已登记：是否；\n  已登记：是否；'), 'P2001'],
    ['an unknown type', HEADER.replace('  类型：规模；', '  类型：规格；'), 'P2020'],
    ['per-level counts by an unknown level type', HEADER.replace('人 按 技能等级', '人 按 职称'), 'P2020'],
    ['a scaled unit as a fact type', HEADER.replace('  营收：元；', '  营收：万元；'), 'P2010'],
    ['a derived fact that is not a quantity', HEADER.replace('人均营收 = 营收 ÷ 职工人数', '人均营收 = 成立日期'), 'P2010'],
    ['a derived fact reading a later fact', HEADER.replace('  职工人数：人；\n', '  甲 = 职工人数 × 2；\n  职工人数：人；\n'), 'P2004'],
  ])('%s → %s', (_, text, code) => {
    expect(errors(text)).toContain(code);
  });
  it.each([
    ['\n', 'LF'],
    ['\r\n', 'CRLF'],
    ['\r', 'a lone CR'],
  ])('P2001 names the first definition’s line with %j line breaks (%s), as editors count them', (eol) => {
    const text = (HEADER + '资金 专项资金；\n').replace(/\n/g, eol);
    const d = compile(text).diagnostics.find((x) => x.code === 'P2001')!;
    const line = HEADER.split('\n').findIndex((l) => l.startsWith('资金 专项资金')) + 1;
    expect(line).toBeGreaterThan(1);
    expect(d.args['line']).toBe(String(line));
  });
  it('a duplicate subject’s facts are not declared (the first subject’s facts are the ones in scope)', () => {
    const c = compile(HEADER + '对象 企业 {\n  额外：是否；\n}\n');
    expect(c.model.symbols.subjectFacts.get('企业')?.has('额外')).toBe(false);
    expect(errors(HEADER + '对象 企业 {\n  额外：是否；\n}\n')).toContain('P2001');
  });
});
