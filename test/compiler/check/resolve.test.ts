// The one resolver: the checker's IR, the language server and the summary all
// read the same resolution of every name. Before the symbol table was shared,
// `类型 属于 {红}` with 红 both a fact and an enum value lowered to the fact while
// go-to-definition jumped to the enum value; these tests pin them together.
import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import { conditionsText, benefitScope } from '../../../compiler/summary/phrase.ts';
import { SymbolTable } from '../../../compiler/symbols.ts';
import { Analysis } from '../../../lsp/analysis.ts';
import { definition } from '../../../lsp/definition.ts';
import { hover } from '../../../lsp/hover.ts';

const SHADOW = `政策 {
  标题：“测试”；
  文号：“测〔2025〕1号”；
  施行日期：2025年1月1日；
  有效期：3年；
}
资金 专项资金；
枚举 颜色：红 “红色”，蓝 “蓝色”；
对象 企业 {
  红：是否 “是否红名单企业？”；
  类型：颜色；
}
待遇 奖励 {
  条款：“一”；
  对象：企业；
  资金：专项资金；
  条件：类型 属于 {红}，类型 为 蓝；
  金额：1000元；
}
`;

describe('one resolver for checker, language server and summary', () => {
  const c = compile(SHADOW);
  const b = c.model.benefits[0]!;
  const a = new Analysis('file:///t.policy', 1, SHADOW, compile);

  it('lowers 红 in `类型 属于 {红}` to the enum value of the expected type, not the fact of the same name', () => {
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const inExpr = b.conditions[0]!.expr;
    expect(inExpr.k).toBe('in');
    if (inExpr.k !== 'in') return;
    expect(inExpr.values[0]).toMatchObject({ k: 'enum', of: '颜色', name: '红' });
  });

  it('records the same resolution the IR took, so go-to-definition lands on the enum value', () => {
    const use = SHADOW.indexOf('属于 {红') + 4;
    expect(SHADOW[use]).toBe('红');
    const locs = definition(a, use)!;
    expect(locs).toHaveLength(1);
    const enumDecl = SHADOW.indexOf('红 “红色”');
    expect(a.offset(locs[0]!.range.start)).toBe(enumDecl);
    const h = hover(a, use, 'en')!;
    expect(JSON.stringify(h.contents)).toContain('颜色');
  });

  it('the summary reads the enum value’s label (红色), not the fact’s question', () => {
    const text = conditionsText(b, benefitScope(c.model, 'zh', b));
    const joined = Array.isArray(text) ? text.join('；') : text;
    expect(joined).toContain('红色');
    expect(joined).not.toContain('红名单');
  });

  it('a bare 红 where no enum is expected is still the fact', () => {
    const text = SHADOW.replace('条件：类型 属于 {红}，类型 为 蓝；', '条件：红，类型 为 蓝；');
    const c2 = compile(text);
    expect(c2.model.benefits[0]!.conditions[0]!.expr).toMatchObject({ k: 'fact', name: '红' });
    const use = text.indexOf('条件：红') + 3;
    const sym = c2.model.symbols.at(use)!;
    expect(sym.keys).toEqual(['fact:企业/红']);
  });

  it('every name the checker lowered has exactly the symbol the IR names', () => {
    // Walk the IR: each fact / level / enum node's range must carry the matching key in the table.
    const keysAt = (r: { start: number; end: number }) => c.model.symbols.occurrences.filter((o) => o.range.start === r.start && o.range.end === r.end).flatMap((o) => o.keys);
    for (const cond of b.conditions) {
      const visit = (e: any): void => {
        if (e.k === 'fact') expect(keysAt(e.range)).toContain(`fact:企业/${e.name}`);
        if (e.k === 'enum' || e.k === 'level') expect(keysAt(e.range)).toContain(`value:${e.name}`);
        for (const v of Object.values(e)) if (v && typeof v === 'object' && 'k' in (v as object)) visit(v);
        if (e.values) e.values.forEach(visit);
      };
      visit(cond.expr);
    }
  });
});

describe('SymbolTable.resolve', () => {
  const t = new SymbolTable();
  const r = { start: 0, end: 1 };
  t.declare({ key: 'value:红', kind: 'enumValue', name: '红', nameRange: r, range: r, container: '颜色' });
  t.declare({ key: 'fact:企业/红', kind: 'fact', name: '红', nameRange: r, range: r, container: '企业' });
  t.declare({ key: 'fact:个人/红', kind: 'fact', name: '红', nameRange: r, range: r, container: '个人' });
  t.declare({ key: 'top:上限', kind: 'parameter', name: '上限', nameRange: r, range: r });
  const cases: [string, Parameters<SymbolTable['resolve']>[1], ReturnType<SymbolTable['resolve']>][] = [
    ['红', { subjects: ['企业'], expected: { kind: 'enum', of: '颜色' } }, { kind: 'value', key: 'value:红', of: '颜色', valueKind: 'enum' }],
    ['红', { subjects: ['企业', '个人'] }, { kind: 'fact', keys: ['fact:企业/红', 'fact:个人/红'] }],
    ['红', { subjects: ['企业'], expected: { kind: 'enum', of: '其他' } }, { kind: 'fact', keys: ['fact:企业/红'] }],
    ['红', { subjects: ['企业'], literal: true }, { kind: 'value', key: 'value:红', of: '颜色', valueKind: 'enum' }],
    ['红', { subjects: ['企业'], visibleFacts: new Set<string>() }, { kind: 'value', key: 'value:红', of: '颜色', valueKind: 'enum' }],
    ['上限', { subjects: [] }, { kind: 'parameter', key: 'top:上限' }],
    ['上限', { subjects: [], literal: true }, { kind: 'none', near: 'top:上限' }],
    ['无', { subjects: ['企业'] }, { kind: 'none' }],
  ];
  it.each(cases)('%s in %j', (name, scope, expected) => {
    expect(t.resolve(name, scope)).toEqual(expected);
  });
});
