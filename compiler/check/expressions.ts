// Expressions: types and units, and their lowering to IR expressions. Names are
// resolved by the one resolver (SymbolTable.resolve), and every resolution is
// recorded for the language server and the summary.
import { chineseNumber, fractionWords } from '../number-words.ts';
import type * as A from '../../grammar/ast.ts';
import { levelByName } from '../facts.ts';
import { isValidIsoDate } from '../facts.ts';
import { monthBounds } from '../dates.ts';
import type { CmpOp, Fact, IExpr, Type, Unit } from '../model.ts';
import { add, cmp as ratCmp, div, mul, neg, parseDecimal, rat, sub, type Rat } from '../rational.ts';
import { renderValue } from '../render.ts';
import { SymbolTable, topKey, valueKey } from '../symbols.ts';
import { DIMENSIONLESS, divUnits, MONEY, mulUnits, sameUnit } from '../units.ts';
import { unitOfRef } from './declarations.ts';
import { meets } from './meets.ts';
import { progressive } from './progressive.ts';
import { prefixMarked } from './marks.ts';
import { POSTFIX_COMPARISON_IDS } from '../../grammar/keywords.ts';

const POSTFIX_WORDS = new Set(POSTFIX_COMPARISON_IDS);
import { closest, cmpOpOf, kwArgs, sameType, UNKNOWN, unitArgs, word, type CheckContext, type Scope } from './context.ts';

const bad = (range: A.Range): IExpr => ({ k: 'bool', value: false, type: UNKNOWN, range });

export function expr(c: CheckContext, e: A.Expr, scope: Scope, expected?: Type): IExpr {
  const range = e.range;
  switch (e.kind) {
    case 'Number': {
      let value = parseDecimal(e.value)!;
      let unit: Unit = DIMENSIONLESS;
      if (e.percent) value = div(value, rat(100n));
      if (e.unit) {
        const u = unitOfRef(c, e.unit);
        if (!u) return bad(range);
        value = mul(value, u.scale);
        unit = u.unit;
      }
      return { k: 'num', value, type: { kind: 'quantity', unit }, range };
    }
    case 'Date':
      // A month stands only as a bound of a date condition (compare, rangeCondition): anywhere else, the day (P2216).
      if (e.month) {
        c.report('P2216', range, { found: c.slice(range), first: `${e.iso.slice(0, 4)}年${Number(e.iso.slice(5, 7))}月1日` });
        return bad(range);
      }
      if (!isValidIsoDate(e.iso)) {
        c.report('P2025', range, { date: c.slice(range) });
        return bad(range);
      }
      return { k: 'date', iso: e.iso, type: { kind: 'date' }, range };
    case 'String':
      return { k: 'text', label: e.label, type: { kind: 'text' }, range };
    case 'Bool':
      return { k: 'bool', value: e.value, type: { kind: 'bool' }, range };
    case 'Ref':
      return ref(c, e.name, scope, expected);
    case 'Paren':
      return expr(c, e.expr, scope, expected);
    case 'Neg': {
      const inner = expr(c, e.expr, scope);
      if (inner.type.kind !== 'quantity') {
        if (inner.type.kind !== 'unknown') c.report('P2010', e.range, { ...word('expected', 'word.quantity'), ...c.typeArgs('found', inner.type) });
        return bad(range);
      }
      if (inner.k === 'num') return { ...inner, value: neg(inner.value), range };
      return { k: 'neg', e: inner, type: inner.type, range };
    }
    case 'Binary':
      return binary(c, e, scope);
    case 'Compare':
      return compare(c, e, scope);
    case 'Range':
      return rangeCondition(c, e, scope);
    case 'In': {
      const l = expr(c, e.left, scope);
      if (l.type.kind !== 'enum' && l.type.kind !== 'level') {
        if (l.type.kind !== 'unknown') c.report('P2010', e.left.range, { ...word('expected', 'word.levelOrEnum'), ...c.typeArgs('found', l.type) });
        // The values are still names the editor should find.
        c.quietly(() => e.values.forEach((v) => expr(c, v, scope)));
        return bad(range);
      }
      const values = e.values.map((v) => expr(c, v, scope, l.type));
      return { k: 'in', l, values, type: { kind: 'bool' }, range };
    }
    case 'Logical': {
      const l = expectBool(c, e.left, scope);
      // 类别 为 甲 或 乙: 乙 alone is a value, not a condition — P2196 writes the set form, 类别 属于 { 甲，乙 }.
      if (e.op === 'or' && e.right.kind === 'Ref' && e.left.kind === 'Compare' && e.left.op === 'Is') {
        const v = expr(c, e.right, scope);
        if (v.type.kind === 'enum' || v.type.kind === 'level') {
          const fix = `${c.slice(e.left.left.range)} 属于 { ${c.slice(e.left.right.range)}，${c.slice(e.right.range)} }`;
          c.report('P2196', e.right.range, { found: c.slice(e.range), fix });
          return { k: e.op, l, r: v, type: { kind: 'bool' }, range };
        }
      }
      const r = expectBool(c, e.right, scope);
      return { k: e.op, l, r, type: { kind: 'bool' }, range };
    }
    case 'Not':
      return { k: 'not', e: expectBool(c, e.expr, scope), type: { kind: 'bool' }, range };
    case 'Table':
      return table(c, e, scope);
    case 'Brackets':
      return brackets(c, e, scope);
    case 'If': {
      const cond = expectBool(c, e.cond, scope);
      const t = expr(c, e.then, scope, expected);
      const f = expr(c, e.else, scope, expected ?? t.type);
      if (t.type.kind === 'unknown' || f.type.kind === 'unknown' || cond.type.kind === 'unknown') return bad(range);
      if (!sameType(t.type, f.type)) {
        c.report('P2010', e.else.range, { ...c.typeArgs('expected', t.type), ...c.typeArgs('found', f.type) });
        return bad(range);
      }
      return { k: 'if', c: cond, t, e: f, type: t.type, range };
    }
    case 'Choose': {
      const args = e.args.map((a) => expr(c, a, scope));
      if (e.args.length < 2) {
        c.report('P2021', range, { ...kwArgs('field', e.op === 'min' ? 'LesserOf' : 'GreaterOf'), expected: '2+', found: e.args.length });
        return bad(range);
      }
      if (args.some((a) => a.type.kind === 'unknown')) return bad(range);
      const first = args[0]!.type;
      for (const a of args) {
        if (a.type.kind !== 'quantity') {
          c.report('P2010', a.range, { ...word('expected', 'word.quantity'), ...c.typeArgs('found', a.type) });
          return bad(range);
        }
        if (first.kind === 'quantity' && !sameUnit(first.unit, a.type.unit)) {
          c.report('P2009', range, { ...unitArgs('left', first.unit), ...unitArgs('right', a.type.unit), ...word('op', 'word.compare') });
          return bad(range);
        }
      }
      return { k: e.op, args, type: first, range };
    }
    case 'SumOver':
      return sumOver(c, e, scope);
    case 'Call':
      return paramAt(c, e, scope);
    case 'Elapsed':
      // Elapsed time is only compared with a whole number of months, years or days (see compare()).
      // Two values that are not both dates after 至 are a misplaced 至 (P2152), said first.
      if (e.to && !elapsedDates(c, e, scope)) return bad(range);
      c.report(e.to ? 'P2150' : 'P2062', range, { expr: c.slice(range) });
      c.quietly(() => visitNames(c, e.from, scope));
      return bad(range);
    case 'YearOf': {
      const of = expr(c, e.date, scope);
      if (of.type.kind !== 'date') {
        if (of.type.kind !== 'unknown') c.report('P2010', e.date.range, { ...word('expected', 'word.date'), ...c.typeArgs('found', of.type) });
        return bad(range);
      }
      return { k: 'year', of, type: { kind: 'quantity', unit: DIMENSIONLESS }, range };
    }
    case 'Whole': {
      // 取整（营收增量 ÷ 100万元）: a count of whole units, so a plain number (a quantity divided by its unit).
      const x = expr(c, e.arg, scope);
      if (x.type.kind === 'unknown') return bad(range);
      if (x.type.kind !== 'quantity') {
        c.report('P2010', e.arg.range, { ...word('expected', 'word.quantity'), ...c.typeArgs('found', x.type) });
        return bad(range);
      }
      if (!sameUnit(x.type.unit, DIMENSIONLESS)) {
        c.report('P2167', e.arg.range, { ...kwArgs('fn', e.mode === 'up' ? 'WholeUp' : 'Whole'), found: c.slice(e.arg.range), ...unitArgs('unit', x.type.unit) });
        return bad(range);
      }
      return { k: 'whole', e: x, mode: e.mode, type: { kind: 'quantity', unit: DIMENSIONLESS }, range };
    }
    case 'AgeOf': {
      const from = expr(c, e.birth, scope);
      if (from.type.kind !== 'date') {
        if (from.type.kind !== 'unknown') c.report('P2010', e.birth.range, { ...word('expected', 'word.date'), ...c.typeArgs('found', from.type) });
        return bad(range);
      }
      const at = e.at && expr(c, e.at, scope);
      if (at && at.type.kind !== 'date') {
        if (at.type.kind !== 'unknown') c.report('P2010', e.at!.range, { ...word('expected', 'word.date'), ...c.typeArgs('found', at.type) });
        return bad(range);
      }
      return { k: 'age', from, ...(at && { at }), type: { kind: 'quantity', unit: { age: 1 } }, range };
    }
    case 'Keyword':
      if (e.keyword === 'AsOfDate') return { k: 'asOf', type: { kind: 'date' }, range };
      if (e.keyword === 'NotStated') {
        // `金额：未载明` and the like: only a fund, a validity or a document number can be "not stated".
        c.report('P2061', range);
        return bad(range);
      }
    // falls through
    case 'Unit':
      // `半年` written alone (失业半年以上) is half a year: 6 months.
      if (e.kind === 'Unit' && e.unit.num === 'HalfYear' && !e.unit.den) return { k: 'num', value: rat(6n), type: { kind: 'quantity', unit: { month: 1 } }, range };
    // falls through
    case 'Map':
    case 'Period':
    case 'Relative':
      c.report('P2010', range, { ...word('expected', 'word.expression'), found: c.slice(range) });
      c.quietly(() => visitNames(c, e, scope));
      return bad(range);
    case 'Meets':
      return meets(c, e, scope);
    case 'SameAs':
      // Only as the whole 金额 (lower.ts reads it there); anywhere else it names no value.
      if (!c.symbols.recorded(e.benefit.range, c.file)) c.refer(e.benefit.range, c.symbols.top(e.benefit.text)?.kind === 'benefit' ? [topKey(e.benefit.text)] : []);
      c.report('P2206', range, { name: e.benefit.text });
      return bad(range);
    case 'Error':
      return bad(range);
  }
}

/** What a walk of the names in an expression (`walkNames`) does with each kind of name; a walk may omit kinds. */
export interface NameVisitor {
  /** A fact, parameter or derived fact (`Ref`), or the X of `按 X 分档` (a `Brackets`' `by`). */
  ref?(n: A.Name): void;
  /** The X of a table `按 X { … }` (a `Table`'s `by`). */
  table?(n: A.Name): void;
  /** The key of an entry of a map or table (a level or enum value). */
  key?(n: A.Name): void;
  /** The X of `符合 X 的条件` / `参照 X`. */
  benefit?(n: A.Name): void;
}

/** Every name written in an expression, in source order: the one walk of the tree for every reader of its names. */
export function walkNames(e: A.Expr, v: NameVisitor): void {
  switch (e.kind) {
    case 'Ref':
      v.ref?.(e.name);
      break;
    case 'Binary':
    case 'Compare':
    case 'Logical':
      walkNames(e.left, v);
      walkNames(e.right, v);
      break;
    case 'Not':
    case 'Neg':
    case 'Paren':
    case 'Relative':
      walkNames(e.expr, v);
      break;
    case 'In':
      walkNames(e.left, v);
      e.values.forEach((x) => walkNames(x, v));
      break;
    case 'Map':
      for (const en of e.entries) {
        v.key?.(en.key);
        walkNames(en.value, v);
      }
      break;
    case 'Table':
      v.table?.(e.by);
      for (const en of e.entries) {
        v.key?.(en.key);
        walkNames(en.value, v);
      }
      break;
    case 'Brackets':
      v.ref?.(e.by);
      for (const en of e.entries) for (const x of [en.low?.value, en.high?.value, en.value]) if (x) walkNames(x, v);
      break;
    case 'Period':
      for (const x of [e.from, e.length, e.until]) if (x) walkNames(x, v);
      break;
    case 'If':
      for (const x of [e.cond, e.then, e.else]) walkNames(x, v);
      break;
    case 'Range':
      for (const x of [e.left, e.low, e.high]) walkNames(x, v);
      break;
    case 'Choose':
    case 'SumOver':
    case 'Call':
      e.args.forEach((x) => walkNames(x, v));
      break;
    case 'Elapsed':
      walkNames(e.from, v);
      if (e.to) walkNames(e.to, v);
      break;
    case 'Meets':
    case 'SameAs':
      v.benefit?.(e.benefit);
      break;
    case 'YearOf':
      walkNames(e.date, v);
      break;
    case 'Whole':
      walkNames(e.arg, v);
      break;
    case 'AgeOf':
      walkNames(e.birth, v);
      if (e.at) walkNames(e.at, v);
      break;
    default:
      break;
  }
}

/** Resolves the names inside an expression the checker rejects as a whole, so the editor still finds them. */
export function visitNames(c: CheckContext, e: A.Expr, scope: Scope): void {
  // One visitor for every call (the sweep visits every value of every benefit): the context and scope of the call
  // in progress are read from `visiting`, saved and restored around it (a visit may start another).
  const outer = visiting;
  visiting = { c, scope };
  try {
    walkNames(e, NAME_VISITOR);
  } finally {
    visiting = outer;
  }
}

let visiting: { c: CheckContext; scope: Scope } | undefined;
const fresh = (c: CheckContext, n: A.Name) => !c.symbols.recorded(n.range, c.file);
const NAME_VISITOR: NameVisitor = {
  ref: (n) => {
    const { c, scope } = visiting!;
    if (fresh(c, n)) ref(c, n, scope);
  },
  table: (n) => {
    const { c, scope } = visiting!;
    if (fresh(c, n)) c.refer(n.range, SymbolTable.keysOf(c.symbols.resolve(n.text, { subjects: scope.subjects })));
  },
  key: (n) => {
    const { c } = visiting!;
    if (fresh(c, n)) c.refer(n.range, c.symbols.value(n.text) ? [valueKey(n.text)] : []);
  },
  benefit: (n) => {
    const { c } = visiting!;
    if (fresh(c, n)) c.refer(n.range, c.symbols.top(n.text)?.kind === 'benefit' ? [topKey(n.text)] : []);
  },
};

export function expectBool(c: CheckContext, e: A.Expr, scope: Scope): IExpr {
  const x = expr(c, e, scope);
  if (x.type.kind !== 'bool' && x.type.kind !== 'unknown') c.report('P2010', e.range, { ...word('expected', 'word.condition'), ...c.typeArgs('found', x.type) });
  return x;
}

/** The keys of a keyed parameter, as messages name them. */
export const paramKeysText = (keys: readonly { kind: string; of?: string }[]): string => keys.map((k) => (k.kind === 'text' ? '文字' : k.of)).join('，');

/** `标准（职业类别，证书等级）`: a keyed parameter's entry; each key an expression of its key's type. */
function paramAt(c: CheckContext, e: A.CallExpr, scope: Scope): IExpr {
  const range = e.range;
  const p = c.model.params.get(e.name.text);
  if (p) c.refer(e.name.range, [topKey(e.name.text)]);
  // `评级 为 优秀（五星）`: no parameter of that name, one argument glued to it that names nothing — a name as the texts write
  // it (P1055: 【优秀（五星）】). `培训项目（证书等级）` names a fact in the brackets: a keyed parameter meant (P2131).
  const written = c.slice(range);
  const arg = e.args[0];
  const unknownArg = arg?.kind === 'Number' || (arg?.kind === 'Ref' && c.symbols.resolve(arg.name.text, { subjects: scope.subjects, visibleFacts: scope.facts }).kind === 'none');
  if (!p && e.args.length === 1 && unknownArg && !/\s/u.test(written)) {
    c.report('P1055', range, { found: written, fix: `【${written}】` });
    return bad(range);
  }
  if (!p?.keys) {
    c.report('P2131', e.name.range, { name: e.name.text }, closest(e.name.text, [...c.model.params.values()].filter((x) => x.keys).map((x) => x.name)));
    c.quietly(() => e.args.forEach((x) => visitNames(c, x, scope)));
    return bad(range);
  }
  c.use(e.name.text);
  if (e.args.length !== p.keys.length) {
    c.report('P2133', range, { name: p.name, expected: p.keys.length, keys: paramKeysText(p.keys), found: e.args.length });
    c.quietly(() => e.args.forEach((x) => visitNames(c, x, scope)));
    return bad(range);
  }
  const keys: IExpr[] = [];
  let ok = true;
  p.keys.forEach((k, i) => {
    const want: Type = k.kind === 'text' ? { kind: 'text' } : { kind: k.kind, of: k.of };
    const a = expr(c, e.args[i]!, scope, want);
    if (a.type.kind !== 'unknown' && !sameType(a.type, want)) c.report('P2010', e.args[i]!.range, { ...c.typeArgs('expected', want), ...c.typeArgs('found', a.type) });
    if (a.type.kind === 'unknown' || !sameType(a.type, want)) ok = false;
    keys.push(a);
  });
  if (!ok) return bad(range);
  return { k: 'paramAt', name: p.name, keys, type: p.type, range };
}

/**
 * `合计（L，值，条件）`: L is a list fact of the subject; the value (a quantity) and the condition are checked with
 * the members' facts in scope (they shadow the subject's own facts, which stay visible).
 */
function sumOver(c: CheckContext, e: A.SumOverExpr, scope: Scope): IExpr {
  const range = e.range;
  const [listArg, valueArg, condArg] = e.args;
  if (e.args.length < 2 || e.args.length > 3) {
    c.report('P2127', range, { found: e.args.length });
    c.quietly(() => e.args.forEach((x) => visitNames(c, x, scope)));
    return bad(range);
  }
  if (scope.member) {
    c.report('P2128', range);
    c.quietly(() => e.args.forEach((x) => visitNames(c, x, scope)));
    return bad(range);
  }
  const list = listArg!.kind === 'Ref' ? ref(c, listArg!.name, scope, undefined, true) : expr(c, listArg!, scope);
  if (list.k !== 'fact' || list.type.kind !== 'list') {
    if (list.type.kind !== 'unknown') c.report('P2125', listArg!.range, { name: c.slice(listArg!.range) });
    c.quietly(() => [valueArg!, condArg].forEach((x) => x && visitNames(c, x, scope)));
    return bad(range);
  }
  const of = list.type.of;
  const memberFacts = c.model.subjects.get(of)?.facts ?? new Map();
  const inner: Scope = { ...scope, facts: new Map([...scope.facts, ...memberFacts]), member: { list: list.name, of, facts: memberFacts } };
  const value = expr(c, valueArg!, inner);
  const cond = condArg && expectBool(c, condArg, inner);
  if (value.type.kind === 'unknown' || cond?.type.kind === 'unknown') return bad(range);
  if (value.type.kind !== 'quantity') {
    c.report('P2010', valueArg!.range, { ...word('expected', 'word.quantity'), ...c.typeArgs('found', value.type) });
    return bad(range);
  }
  return { k: 'sum', list: list.name, of, value, ...(cond && { cond }), type: value.type, range };
}

/**
 * A fact given in a declared multiple of a unit (`出口额：万美元；`, `计量单位 万美元 = 10000美元`) is read as its value
 * times the multiple: the IR, and so every backend, computes in the base unit, exactly.
 */
function givenIn(fact: Fact, e: IExpr): IExpr {
  if (!fact.givenIn) return e;
  return { k: 'arith', op: '*', l: e, r: { k: 'num', value: fact.givenIn.scale, type: { kind: 'quantity', unit: DIMENSIONLESS }, range: e.range }, type: e.type, range: e.range };
}

/** A name in an expression: resolved by the one rule, recorded, lowered. */
export function ref(c: CheckContext, n: A.Name, scope: Scope, expected?: Type, listAllowed = false): IExpr {
  const range = n.range;
  const exp = expected && (expected.kind === 'level' || expected.kind === 'enum') ? { kind: expected.kind, of: expected.of } : undefined;
  // Inside 合计: a member's own fact.
  const m = scope.member;
  if (m && m.facts.has(n.text)) {
    const r = c.symbols.resolve(n.text, { subjects: [m.of], visibleFacts: m.facts, ...(exp && { expected: exp }) });
    if (r.kind === 'fact') {
      c.refer(range, r.keys);
      const fact = m.facts.get(n.text)!;
      if (fact.reviewed) c.report('P2182', range, { name: n.text });
      return givenIn(fact, { k: 'member', list: m.list, of: m.of, name: n.text, type: fact.type, range });
    }
  }
  const r = c.symbols.resolve(n.text, { subjects: scope.subjects, visibleFacts: scope.facts, ...(exp && { expected: exp }) });
  switch (r.kind) {
    case 'fact': {
      const fact = scope.facts.get(n.text)!;
      c.refer(range, r.keys);
      for (const s of scope.subjects.slice(1)) {
        const other = c.model.subjects.get(s)?.facts.get(n.text);
        if (!other) c.report('P2027', range, { name: n.text, subject: s, benefit: scope.benefit ?? '' });
        else if (!sameType(other.type, fact.type)) c.report('P2010', range, { ...c.typeArgs('expected', fact.type), ...c.typeArgs('found', other.type) });
      }
      // A reviewed amount (核定) is a benefit's whole 金额: not given, that amount is pending review (docs §6.6).
      if (fact.reviewed && !c.reviewedAllowed) c.report('P2182', range, { name: n.text });
      // A list is read only by 合计 (its members' facts are summed, never the list itself).
      if (fact.type.kind === 'list' && !listAllowed) {
        c.report('P2126', range, { name: n.text });
        return bad(range);
      }
      return givenIn(fact, { k: 'fact', name: n.text, type: fact.type, range });
    }
    case 'parameter': {
      c.use(n.text);
      c.refer(range, [r.key]);
      const p = c.model.params.get(n.text)!;
      // A catalogue has no one value: it is read with its keys, 标准（职业类别，证书等级）.
      if (p.keys) {
        c.report('P2130', range, { name: n.text, keys: paramKeysText(p.keys) });
        return bad(range);
      }
      return { k: 'param', name: n.text, type: p.type, range };
    }
    case 'value':
      // A value of another type where one type is expected: P2005 names the expected type.
      return valueOf(c, n, exp ?? { kind: r.valueKind, of: r.of });
    case 'none':
      c.refer(range, SymbolTable.keysOf(r));
      if (exp) return valueOf(c, n, exp);
      break;
  }
  // Without a subject (already reported) every fact would be unknown: say nothing more.
  if (scope.subjects.length === 0 && scope.facts.size === 0 && c.subjectless) return bad(range);
  // `退役日期至招用日期` written without spaces is one name: when it splits at 至 into two known names, say so.
  const at = n.text.indexOf('至');
  if (at > 0 && at < n.text.length - 1) {
    const [a, b] = [n.text.slice(0, at), n.text.slice(at + 1)];
    const known = (x: string) => scope.facts.has(x) || c.model.params.has(x);
    if (known(a) && known(b)) {
      c.report('P2156', range, { name: n.text, a, b });
      return bad(range);
    }
  }
  // `三分之一`, `百分之六十`, `千分之五`: a fraction or percentage in words is that exact number (1/3 stays 1/3, never
  // 0.33), unless a fact or parameter has the name.
  const fraction = fractionWords(n.text);
  if (fraction && !scope.facts.has(n.text) && !c.model.params.has(n.text)) return { k: 'num', value: rat(BigInt(fraction.num), BigInt(fraction.den)), type: { kind: 'quantity', unit: DIMENSIONLESS }, range };
  // `一年以上`, `三个月`, `两年内`: a duration in Chinese numerals is read as a name; teach the digits (P2174).
  const numeral = /^([一二两三四五六七八九十]+)(个月|月|年|天|日|周岁|岁|人|次|元|万元)$/.exec(n.text);
  const digits = numeral && chineseNumber(numeral[1]!);
  if (numeral && digits !== undefined && !scope.facts.has(n.text)) {
    c.report('P2174', range, { name: n.text, digits: `${digits}${numeral[2]}` });
    return bad(range);
  }
  // `获评日期 为 当年`: 当年 / 当年度 / 本年度 is the year of the as-of date, compared by 所在年度 (P2168).
  if (/^(当年|当年度|本年|本年度|今年)$/.test(n.text) && !scope.facts.has(n.text) && !c.model.params.has(n.text)) {
    c.report('P2168', range, { name: n.text });
    return bad(range);
  }
  const values = [...c.symbols.symbols.values()].filter((s) => s.kind === 'level' || s.kind === 'enumValue').map((s) => s.name);
  const candidates = [...scope.facts.keys(), ...c.model.params.keys(), ...values];
  if (scope.subjects.length === 1 && !c.names.has(n.text)) c.report('P2004', range, { name: n.text, subject: scope.subjects[0]! }, closest(n.text, candidates));
  else c.report('P2002', range, { name: n.text }, closest(n.text, candidates));
  return bad(range);
}

/** A level or enum value of the given type (P2005 when the type has no such value). */
export function valueOf(c: CheckContext, n: A.Name, type: { kind: 'level' | 'enum'; of: string }): IExpr {
  const found = (): IExpr => {
    if (!c.symbols.recorded(n.range, c.file)) c.refer(n.range, c.symbols.value(n.text) ? [valueKey(n.text)] : []);
    return bad(n.range);
  };
  if (type.kind === 'level') {
    const lv = levelByName(c.model, type.of, n.text);
    if (!lv) {
      c.report('P2005', n.range, { type: type.of, name: n.text }, closest(n.text, c.model.levels.get(type.of)?.levels.flatMap((l) => [l.name, ...l.aliases]) ?? []));
      return found();
    }
    c.refer(n.range, [valueKey(n.text)]);
    return { k: 'level', of: type.of, name: lv.name, rank: lv.rank, type: { kind: 'level', of: type.of }, range: n.range };
  }
  const et = c.model.enums.get(type.of);
  if (!et?.values.some((v) => v.name === n.text)) {
    c.report('P2005', n.range, { type: type.of, name: n.text }, closest(n.text, et?.values.map((v) => v.name) ?? []));
    return found();
  }
  c.refer(n.range, [valueKey(n.text)]);
  return { k: 'enum', of: type.of, name: n.text, type: { kind: 'enum', of: type.of }, range: n.range };
}

export function binary(c: CheckContext, e: A.BinaryExpr, scope: Scope): IExpr {
  // `200元/人/月` (每人每月): a rate has one “/”; the period is the payment's (发放：每月), P2176 says so.
  if (e.op === '/' && e.right.kind === 'Unit' && e.left.kind === 'Number' && e.left.unit?.den) {
    c.report('P2176', e.range, { found: c.slice(e.range), rate: c.slice(e.left.range), per: c.slice(e.right.range) });
    return bad(e.range);
  }
  const l = expr(c, e.left, scope);
  const r = expr(c, e.right, scope);
  const range = e.range;
  if (l.type.kind === 'unknown' || r.type.kind === 'unknown') return bad(range);
  if (l.type.kind !== 'quantity' || r.type.kind !== 'quantity') {
    const which = l.type.kind !== 'quantity' ? l : r;
    c.report('P2010', which.range, { ...word('expected', 'word.quantity'), ...c.typeArgs('found', which.type) });
    return bad(range);
  }
  const opWord = ({ '+': 'word.add', '-': 'word.subtract', '*': 'word.multiply', '/': 'word.divide' } as const)[e.op];
  let unit: Unit;
  if (e.op === '+' || e.op === '-') {
    if (!sameUnit(l.type.unit, r.type.unit)) {
      c.report('P2009', range, { ...unitArgs('left', l.type.unit), ...unitArgs('right', r.type.unit), ...word('op', opWord) });
      return bad(range);
    }
    unit = l.type.unit;
  } else if (e.op === '*') unit = mulUnits(l.type.unit, r.type.unit);
  else {
    if (r.k === 'num' && r.value.n === 0n) {
      c.report('P2044', e.right.range);
      return bad(range);
    }
    unit = divUnits(l.type.unit, r.type.unit);
  }
  return { k: 'arith', op: e.op, l, r, type: { kind: 'quantity', unit }, range };
}

/** Which count an elapsed time is compared in: whole months (个月, 年) or whole days (日). */
type ElapsedUnit = 'month' | 'day';

/**
 * The dates of `X 至今` / `X 至 Y`, checked: P2010 (至今) or P2152 (至 between values that are not both dates);
 * undefined when unusable.
 */
function elapsedDates(c: CheckContext, e: A.ElapsedExpr, scope: Scope): { from: IExpr; to?: IExpr } | undefined {
  const from = expr(c, e.from, scope);
  const to = e.to && expr(c, e.to, scope);
  let ok = true;
  for (const [x, src] of [[from, e.from], [to, e.to]] as const) {
    if (!x || !src || x.type.kind === 'date') continue;
    // One misuse is reported once, at the first side that is not a date.
    if (!ok || x.type.kind === 'unknown') {
      ok = false;
      continue;
    }
    ok = false;
    if (e.to) c.report('P2152', src.range, { side: c.slice(src.range), ...c.typeArgs('found', x.type) });
    else c.report('P2010', src.range, { ...word('expected', 'word.date'), ...c.typeArgs('found', x.type) });
  }
  return ok ? { from, ...(to && { to }) } : undefined;
}

/** The elapsed-time node for these dates, counted in `unit`. */
function elapsedNode(d: { from: IExpr; to?: IExpr }, unit: ElapsedUnit, range: A.Range): IExpr {
  return { k: 'elapsed', from: d.from, ...(d.to && { to: d.to }), ...(unit === 'day' && { unit: 'day' as const }), type: { kind: 'quantity', unit: { [unit]: 1 } }, range };
}

/**
 * A bound elapsed time may be compared with: a constant whole number of months (`2年`, `6个月`) or of days
 * (`30日`); P2062 (至今) / P2150 (two dates) otherwise. Returns the count it is in.
 */
function elapsedBound(c: CheckContext, b: IExpr, e: A.ElapsedExpr, whole: A.Range): ElapsedUnit | undefined {
  if (b.type.kind === 'unknown') return undefined;
  if (b.k === 'num' && b.type.kind === 'quantity' && b.value.d === 1n && b.value.n >= 0n) {
    if (sameUnit(b.type.unit, { month: 1 })) return 'month';
    if (sameUnit(b.type.unit, { day: 1 })) return 'day';
  }
  c.report(e.to ? 'P2150' : 'P2062', whole, { expr: c.slice(e.range) });
  return undefined;
}

/**
 * One comparison of elapsed time. The time is counted forward from the first date: when the end date is before it
 * (a future date for 至今), no comparison holds — 以内 and 不满 are guarded by `from ≤ to` (满 and 超过 already fail,
 * the time being less than nothing).
 */
function elapsedCmp(op: CmpOp, l: IExpr & { k: 'elapsed' }, r: IExpr, range: A.Range): IExpr {
  const test: IExpr = { k: 'cmp', op, l, r, type: { kind: 'bool' }, range };
  if (op !== 'le' && op !== 'lt') return test;
  const to: IExpr = l.to ?? { k: 'asOf', type: { kind: 'date' }, range: l.range };
  const forward: IExpr = { k: 'cmp', op: 'le', l: l.from, r: to, type: { kind: 'bool' }, range: l.range };
  return { k: 'and', l: forward, r: test, type: { kind: 'bool' }, range };
}

/** The comparison a postfix word makes with a （含）/（不含） mark: the mark decides whether the bound is included. */
function markedOp(op: CmpOp, mark: 'Incl' | 'Excl' | undefined): CmpOp {
  if (!mark) return op;
  const up = op === 'ge' || op === 'gt';
  return up ? (mark === 'Incl' ? 'ge' : 'gt') : mark === 'Incl' ? 'le' : 'lt';
}

const DATE_WORDS = new Set(['OnOrAfter', 'OnOrBefore', 'Earlier', 'Later']);

/** `满 … 以上` and `不超过 … 以下` say one inclusive bound twice: taken as it; any other pair is P2157. */
export const SAME_TWICE: Record<string, readonly string[]> = {
  Reaches: ['OrAbove', 'AndAbove'],
  Completes: ['OrAbove', 'AndAbove'],
  NotBelow: ['OrAbove', 'AndAbove'],
  NotExceeding: ['OrBelow', 'AndBelow', 'Within'],
  NotAbove: ['OrBelow', 'AndBelow', 'Within'],
};

export function compare(c: CheckContext, e: A.CompareExpr, scope: Scope): IExpr {
  if (e.twice && !SAME_TWICE[e.op]?.includes(e.twice)) {
    // `位 为 第四家及以后`: the value is a name ending in a comparison word, split off by the lexer — write it in 【】 (P1055).
    const written = e.right.kind === 'Ref' ? c.slice({ start: e.right.range.start, end: e.range.end }) : '';
    if (written && !/\s/u.test(written) && c.symbols.resolve(written, { subjects: scope.subjects, visibleFacts: scope.facts }).kind !== 'none') {
      c.report('P1055', { start: e.right.range.start, end: e.range.end }, { found: written, fix: `【${written}】` });
      return bad(e.range);
    }
    c.report('P2157', e.range, { ...kwArgs('a', e.op), ...kwArgs('b', e.twice) });
    c.quietly(() => visitNames(c, e, scope));
    return bad(e.range);
  }
  // A mark after a prefix word's bound (超过 100万元（含）, 达到 40%（含）以上): compiler/check/marks.ts.
  const prefixOp = e.mark && !POSTFIX_WORDS.has(e.op) ? prefixMarked(c, e.op, e.mark, c.slice(e.right.range), e.range, c.slice({ start: e.left.range.end, end: e.right.range.start }).trim()) : undefined;
  if (e.mark && !POSTFIX_WORDS.has(e.op) && !prefixOp) {
    c.quietly(() => visitNames(c, e, scope));
    return bad(e.range);
  }
  const op = prefixOp ?? markedOp(cmpOpOf(e.op), e.mark);
  if (e.left.kind === 'Elapsed') {
    // `毕业日期 至今 不满 2年`, `退役日期 至 招用日期 1年以内`: elapsed time against a whole number of months or days;
    // = and ≠ would hold on no day.
    const d = elapsedDates(c, e.left, scope);
    const r = expr(c, e.right, scope);
    const unit = d && elapsedBound(c, r, e.left, e.range);
    if (!d || !unit) return bad(e.range);
    if (op === 'eq' || op === 'ne') {
      c.report(e.left.to ? 'P2150' : 'P2062', e.range, { expr: c.slice(e.left.range) });
      return bad(e.range);
    }
    return elapsedCmp(op, elapsedNode(d, unit, e.left.range) as IExpr & { k: 'elapsed' }, r, e.range);
  }
  if (e.left.kind === 'Period' || e.right.kind === 'Period') return periodCompared(c, e, scope);
  const l = expr(c, e.left, scope);
  // `引进日期 2017年5月以后`: a month bound, read as its first or last day (monthCompared); not evaluated as a value.
  const monthRight = l.type.kind === 'date' && e.right.kind === 'Date' && e.right.month;
  const r = monthRight ? l : expr(c, e.right, scope, l.type);
  if (DATE_WORDS.has(e.op) && l.type.kind !== 'date' && l.type.kind !== 'unknown') {
    c.report('P2154', e.range, { ...kwArgs('word', e.op), left: c.slice(e.left.range), ...c.typeArgs('found', l.type) });
    return bad(e.range);
  }
  const month = l.type.kind === 'date' && e.right.kind === 'Date' && e.right.month ? monthCompared(c, e, l, op) : undefined;
  if (month) return month;
  const year = l.type.kind === 'date' ? calendarYear(e.right) : undefined;
  if (year !== undefined) return yearCompared(c, e, l, year);
  if (l.type.kind === 'date' && r.type.kind === 'quantity' && (sameUnit(r.type.unit, { month: 1 }) || sameUnit(r.type.unit, { day: 1 }))) {
    // `成立日期 满 1年`: a date is not a length; say how elapsed time is written.
    c.report('P2153', e.range, { left: c.slice(e.left.range), right: c.slice(e.right.range), cmp: c.slice({ start: e.left.range.end, end: e.range.end }).trim() });
    return bad(e.range);
  }
  return comparison(c, l, r, op, e.range, e.right.range);
}

/**
 * `引进日期 2017年5月以后`, `2020年7月前`, `晚于 2017年5月`: a date against a month, the month included by 以后 / 以前 / 前
 * (as they include a day: from its 1st, through its last day) and excluded by （不含）, 晚于, 早于 (after its last day,
 * before its 1st), unless 晚于 / 早于 carry （含） — the mark read as for a day (`op`, from markedOp / prefixMarked).
 * Any other word with a month is P2216.
 */
function monthCompared(c: CheckContext, e: A.CompareExpr, l: IExpr, op: CmpOp): IExpr {
  const right = e.right as A.Expr & { kind: 'Date' };
  const m = Number(right.iso.slice(5, 7));
  if (m < 1 || m > 12) {
    c.report('P2025', right.range, { date: c.slice(right.range) });
    return bad(e.range);
  }
  const { first, last } = monthBounds(right.iso);
  if (!DATE_WORDS.has(e.op)) {
    c.report('P2216', e.range, { found: c.slice(e.range), first: `${right.iso.slice(0, 4)}年${m}月1日` });
    return bad(e.range);
  }
  const after = op === 'ge' || op === 'gt';
  const included = op === 'ge' || op === 'le';
  const iso = after === included ? first : last;
  return comparison(c, l, { k: 'date', iso, type: { kind: 'date' }, range: right.range }, op, e.range, right.range);
}

/** `2018年` after a date: four digits and 年 name a calendar year (a length of 2018 years is never meant). */
function calendarYear(e: A.Expr): number | undefined {
  if (e.kind !== 'Number' || e.percent || e.unit?.num !== 'Years' || e.unit.den || !/^[12][0-9]{3}$/.test(e.value)) return undefined;
  return Number(e.value);
}

/**
 * `成立日期 2018年及以后`, `2018年（含）以后`, `2018年及以前`, `晚于 2018年`: a date against a calendar year, read as a date
 * against the year's first or last day. The bare `2018年以后` does not say whether 2018 itself is in: P2260 shows both
 * forms. Any other word with a year (`满 2018年`, `2018年以上`) is P2261, which shows the year and the day forms.
 */
function yearCompared(c: CheckContext, e: A.CompareExpr, l: IExpr, year: number): IExpr {
  const left = c.slice(e.left.range);
  const written = c.slice({ start: e.right.range.end, end: e.range.end }).trim();
  const after = e.op === 'OnOrAfter' || e.op === 'Later';
  const dateWord = e.op === 'OnOrAfter' || e.op === 'OnOrBefore';
  if (!DATE_WORDS.has(e.op) || (!dateWord && e.mark)) {
    c.report('P2261', e.range, { expr: c.slice(e.range), year, left });
    return bad(e.range);
  }
  // 晚于 / 早于 exclude the year; a postfix word includes it with 及 or （含）, excludes it with （不含）.
  const included = dateWord ? (e.mark ? e.mark === 'Incl' : /^及/.test(written) ? true : undefined) : false;
  if (included === undefined) {
    const w = after ? 'on-or-after' : 'on-or-before';
    const fix = after
      ? { incl: `${left} ${year}年及以后`, inclDay: `自${year}年1月1日起`, excl: `${left} ${year}年以后（不含）`, exclDay: `自${year + 1}年1月1日起` }
      : { incl: `${left} ${year}年及以前`, inclDay: `至${year}年12月31日`, excl: `${left} ${year}年以前（不含）`, exclDay: `至${year - 1}年12月31日` };
    const en = after
      ? { inclEn: `${left} ${year} years (incl) ${w}`, inclDayEn: `from 1 January ${year}`, exclEn: `${left} ${year} years (excl) ${w}`, exclDayEn: `from 1 January ${year + 1}` }
      : { inclEn: `${left} ${year} years (incl) ${w}`, inclDayEn: `through 31 December ${year}`, exclEn: `${left} ${year} years (excl) ${w}`, exclDayEn: `through 31 December ${year - 1}` };
    c.report('P2260', e.range, { expr: c.slice(e.range), year, ...fix, ...en });
    return bad(e.range);
  }
  // After: included → on or after 1 January; excluded → after 31 December. Before: included → on or before
  // 31 December; excluded → before 1 January.
  const iso = `${year}-${after === included ? '01-01' : '12-31'}`;
  const op: CmpOp = after ? (included ? 'ge' : 'gt') : included ? 'le' : 'lt';
  const day: IExpr = { k: 'date', iso, type: { kind: 'date' }, range: e.right.range };
  return comparison(c, l, day, op, e.range, e.right.range);
}

/**
 * `自 登记日期 至 就业日期 6个月以内` or `就业日期 自 登记日期 起 6个月以内`: a period compared with a length. P2155
 * names the form that says it, `登记日期 至 就业日期 6个月以内`.
 */
function periodCompared(c: CheckContext, e: A.CompareExpr, scope: Scope): IExpr {
  const period = (e.left.kind === 'Period' ? e.left : e.right) as A.Expr & { kind: 'Period' };
  const start = period.from ? c.slice(period.from.range) : '…';
  const end = e.left.kind === 'Period' ? (period.until ? c.slice(period.until.range) : '…') : c.slice(e.left.range);
  const bound = e.left.kind === 'Period' ? c.slice({ start: e.left.range.end, end: e.range.end }).trim() : period.length ? `${c.slice(period.length.range)}${c.slice({ start: period.range.end, end: e.range.end }).trim()}` : '…';
  c.report('P2155', e.range, { suggest: `${start} 至 ${end} ${bound}` });
  c.quietly(() => visitNames(c, e, scope));
  return bad(e.range);
}

/** `年龄 16至24周岁`: low ≤ left ≤ high, as two comparisons joined by and (a bare low takes high's unit). */
export function rangeCondition(c: CheckContext, e: A.RangeExpr, scope: Scope): IExpr {
  const lowSrc: A.Expr = e.low.kind === 'Number' && !e.low.unit && !e.low.percent && e.high.kind === 'Number' && e.high.unit ? { ...e.low, unit: e.high.unit } : e.low;
  if (e.left.kind === 'Elapsed') {
    // `成立日期 至今 1至3年`: elapsed time between two whole numbers of months (or days).
    const d = elapsedDates(c, e.left, scope);
    const low = expr(c, lowSrc, scope);
    const high = expr(c, e.high, scope);
    const lu = d && elapsedBound(c, low, e.left, e.range);
    const hu = lu && elapsedBound(c, high, e.left, e.range);
    if (!d || !lu || !hu) return bad(e.range);
    if (lu !== hu) {
      c.report('P2009', e.range, { ...unitArgs('left', low.type.kind === 'quantity' ? low.type.unit : {}), ...unitArgs('right', high.type.kind === 'quantity' ? high.type.unit : {}), ...word('op', 'word.compare') });
      return bad(e.range);
    }
    if (low.k === 'num' && high.k === 'num' && ratCmp(low.value, high.value) > 0) c.report('P2012', e.range, { fact: c.slice(e.left.range) });
    const l = elapsedNode(d, lu, e.left.range) as IExpr & { k: 'elapsed' };
    const ge = elapsedCmp('ge', l, low, e.range);
    const le = elapsedCmp('le', l, high, e.range);
    return { k: 'and', l: ge, r: le, type: { kind: 'bool' }, range: e.range };
  }
  const l = expr(c, e.left, scope);
  // `引进日期 2017年5月至2020年7月24日`: a month as an end is its first day (low) or its last day (high); （不含） the other.
  const monthEnd = (x: A.Expr, low: boolean, mark: 'Incl' | 'Excl' | undefined): A.Expr => {
    if (l.type.kind !== 'date' || x.kind !== 'Date' || !x.month || Number(x.iso.slice(5, 7)) < 1 || Number(x.iso.slice(5, 7)) > 12) return x;
    const { first, last } = monthBounds(x.iso);
    return { kind: 'Date', iso: low === (mark !== 'Excl') ? first : last, range: x.range };
  };
  const high = expr(c, monthEnd(e.high, false, e.highMark), scope, l.type);
  const low = expr(c, monthEnd(lowSrc, true, e.lowMark), scope, l.type);
  const before = c.diags.length;
  // `1亿元（含）至5亿元（不含）`: an end marked （不含） is excluded.
  const ge = comparison(c, l, low, e.lowMark === 'Excl' ? 'gt' : 'ge', e.range, e.low.range);
  const leOp = e.highMark === 'Excl' ? 'lt' : 'le';
  // One mismatch is reported once, not for each bound.
  const le = c.diags.length > before ? c.quietly(() => comparison(c, l, high, leOp, e.range, e.high.range)) : comparison(c, l, high, leOp, e.range, e.high.range);
  // Ends the wrong way round, or equal with one excluded (`12%（不含）至12%`): no value is in the range (P2012).
  const order = low.k === 'num' && high.k === 'num' && low.type.kind === 'quantity' && high.type.kind === 'quantity' && sameUnit(low.type.unit, high.type.unit) ? ratCmp(low.value, high.value) : -1;
  if (order > 0 || (order === 0 && (e.lowMark === 'Excl' || e.highMark === 'Excl'))) c.report('P2012', e.range, { fact: c.slice(e.left.range) });
  return { k: 'and', l: ge, r: le, type: { kind: 'bool' }, range: e.range };
}

/** One comparison, type-checked: P2010 for different types, P2009 for different units, P2033 for an order on an unordered type. */
function comparison(c: CheckContext, l: IExpr, r: IExpr, op: CmpOp, range: A.Range, rightRange: A.Range): IExpr {
  const ok = { k: 'cmp' as const, op, l, r, type: { kind: 'bool' } as Type, range };
  if (l.type.kind === 'unknown' || r.type.kind === 'unknown') return ok;
  const mismatch = () => {
    c.report('P2010', rightRange, { ...c.typeArgs('expected', l.type), ...c.typeArgs('found', r.type) });
    return ok;
  };
  switch (l.type.kind) {
    case 'quantity':
      if (r.type.kind !== 'quantity') return mismatch();
      if (!sameUnit(l.type.unit, r.type.unit)) c.report('P2009', range, { ...unitArgs('left', l.type.unit), ...unitArgs('right', r.type.unit), ...word('op', 'word.compare') });
      return ok;
    case 'level':
      if (r.type.kind !== 'level' || r.type.of !== l.type.of) return mismatch();
      return ok;
    case 'date':
      if (r.type.kind !== 'date') return mismatch();
      return ok;
    case 'enum':
    case 'bool':
    case 'text':
      if (r.type.kind !== l.type.kind || ('of' in r.type && 'of' in l.type && r.type.of !== l.type.of)) return mismatch();
      if (op !== 'eq' && op !== 'ne') c.report('P2033', range, { op: c.slice(range), ...c.typeArgs('type', l.type) });
      return ok;
    default:
      return mismatch();
  }
}

export function table(c: CheckContext, e: A.TableExpr, scope: Scope): IExpr {
  const range = e.range;
  const fact = scope.facts.get(e.by.text);
  // Inside 合计 the table may be keyed by a member's fact (read from the member, not the applicant).
  const member = scope.member?.facts.has(e.by.text) ? ({ member: true } as const) : {};
  const keySubjects = 'member' in member ? [scope.member!.of] : scope.subjects;
  if (!fact || !['level', 'enum', 'perLevel'].includes(fact.type.kind)) {
    if (!fact && !c.names.has(e.by.text)) ref(c, e.by, scope);
    else {
      c.refer(e.by.range, SymbolTable.keysOf(c.symbols.resolve(e.by.text, { subjects: scope.subjects, visibleFacts: scope.facts })));
      c.report('P2022', e.by.range, { name: e.by.text });
    }
    c.quietly(() => {
      for (const en of e.entries) {
        c.refer(en.key.range, c.symbols.value(en.key.text) ? [valueKey(en.key.text)] : []);
        visitNames(c, en.value, scope);
      }
    });
    return bad(range);
  }
  c.refer(e.by.range, SymbolTable.keysOf(c.symbols.resolve(e.by.text, { subjects: keySubjects, visibleFacts: scope.facts })));
  const keyType: { kind: 'level' | 'enum'; of: string } =
    fact.type.kind === 'enum' ? { kind: 'enum', of: fact.type.of } : { kind: 'level', of: (fact.type as { of: string }).of };
  if (e.entries.length === 0) {
    // 按 X { }: no value of X has a standard. Read as an amount table (the usual case), so every value is
    // decided "no standard" (P4004) or, for counts per level, a sum of nothing (0) — never an amount by accident.
    c.report('P2091', range, { name: e.by.text });
    const money: Type = { kind: 'quantity', unit: MONEY };
    if (fact.type.kind === 'perLevel') return { k: 'dot', fact: e.by.text, ...member, entries: [], type: money, range };
    return { k: 'lookup', fact: e.by.text, ...member, entries: [], type: money, range };
  }
  const entries: { key: string; value: IExpr }[] = [];
  let valueType: Type | undefined;
  const seen = new Map<string, A.Range>();
  for (const en of e.entries) {
    const key = valueOf(c, en.key, keyType);
    const value = expr(c, en.value, scope);
    if (key.type.kind === 'unknown') continue;
    const keyName = (key as { name: string }).name;
    const first = seen.get(keyName);
    if (first) c.report('P2001', en.key.range, { name: keyName, line: c.lineOf(first.start) });
    else seen.set(keyName, en.key.range);
    if (value.type.kind === 'unknown') continue;
    if (valueType && !sameType(valueType, value.type)) {
      c.report('P2010', en.value.range, { ...c.typeArgs('expected', valueType), ...c.typeArgs('found', value.type) });
      continue;
    }
    valueType = value.type;
    entries.push({ key: keyName, value });
  }
  if (!valueType) return bad(range);
  if (fact.type.kind === 'perLevel') {
    if (valueType.kind !== 'quantity') {
      c.report('P2010', range, { ...word('expected', 'word.rate'), ...c.typeArgs('found', valueType) });
      return bad(range);
    }
    return { k: 'dot', fact: e.by.text, ...member, entries, type: { kind: 'quantity', unit: mulUnits(fact.type.unit, valueType.unit) }, range };
  }
  return { k: 'lookup', fact: e.by.text, ...member, entries, type: valueType, range };
}

/** One end of a bracket: its exact value and whether the end itself belongs to the bracket. */
interface End {
  v: Rat;
  incl: boolean;
}

/** A bracket as an interval; a missing end is unbounded. */
interface Interval {
  lo?: End;
  hi?: End;
  entry: A.BracketEntry;
  value: IExpr;
}

const INCLUSIVE_WORDS = new Set(['OrAbove', 'AndAbove', 'OrBelow', 'AndBelow', 'Within', 'Reaches', 'Completes', 'NotBelow', 'GreaterEq', 'NotExceeding', 'NotAbove', 'LessEq']);

/** Where two brackets meet, a value both hold for (undefined when they are disjoint). */
function overlap(a: Interval, b: Interval): Rat | undefined {
  const lo = [a.lo, b.lo].filter((x): x is End => !!x).reduce<End | undefined>((m, x) => (!m || ratCmp(x.v, m.v) > 0 || (ratCmp(x.v, m.v) === 0 && !x.incl) ? x : m), undefined);
  const hi = [a.hi, b.hi].filter((x): x is End => !!x).reduce<End | undefined>((m, x) => (!m || ratCmp(x.v, m.v) < 0 || (ratCmp(x.v, m.v) === 0 && !x.incl) ? x : m), undefined);
  if (!lo && !hi) return rat(0n);
  if (!lo) return hi!.incl ? hi!.v : sub(hi!.v, rat(1n));
  if (!hi) return lo.incl ? lo.v : add(lo.v, rat(1n));
  const c = ratCmp(lo.v, hi.v);
  if (c < 0) return lo.incl ? lo.v : hi.incl ? hi.v : div(add(lo.v, hi.v), rat(2n));
  if (c === 0 && lo.incl && hi.incl) return lo.v;
  return undefined;
}

/**
 * The key X of `按 X 分档 { … }` or `按 X 分段累进 { … }` and its unit: null (reported, the entries' names still
 * visited quietly) when X is unknown or not a quantity.
 */
export function bracketKey(c: CheckContext, e: A.BracketsExpr, scope: Scope): { x: IExpr; unit: Unit } | null {
  const x = ref(c, e.by, scope);
  const visitRest = () => c.quietly(() => e.entries.forEach((en) => [en.low?.value, en.high?.value, en.value].forEach((v) => v && visitNames(c, v, scope))));
  if (x.type.kind === 'quantity') return { x, unit: x.type.unit };
  if (x.type.kind !== 'unknown') c.report('P2071', e.by.range, { name: e.by.text });
  visitRest();
  return null;
}

/**
 * `按 X 分档 { 满 1亿元：…，5000万元（含）至1亿元（不含）：… }`: the value of the bracket X falls in. A
 * bracket with only a lower bound (满 B, 超过 B, B以上) reaches up to the next such bound (the highest
 * threshold reached wins); one with only an upper bound (B以下, 不满 B) down to the next such bound; a
 * range is as written. Brackets must not overlap (P2070); a value in none has no standard (P4004).
 * Lowered to a chain of 若 … 则 … over comparisons of X, ending in `nostd`.
 */
/**
 * The most brackets (or bands) one 分档 / 分段累进 table may have (P2294). Each bracket becomes one case of a chain
 * that every later phase walks recursively (evaluator, emitters, SQL), so the count is bounded like an expression's
 * depth (grammar/depth.ts): 5,000 brackets overflowed the stack, 1,000 took 90 s to emit. Policies have a handful.
 */
export const MAX_BRACKETS = 50;

export function brackets(c: CheckContext, e: A.BracketsExpr, scope: Scope): IExpr {
  if (e.entries.length > MAX_BRACKETS) {
    const extra = e.entries[MAX_BRACKETS]!;
    c.report('P2294', { start: extra.keyRange.start, end: e.entries.at(-1)!.value.range.end }, { count: String(e.entries.length), limit: String(MAX_BRACKETS) });
    return bad(e.range);
  }
  if (e.progressive) return progressive(c, e, scope);
  const range = e.range;
  const key = bracketKey(c, e, scope);
  if (!key) return bad(range);
  const { x, unit } = key;
  const bound = (b: A.BracketBound, other?: A.BracketBound): End | undefined => {
    const v = expr(c, boundSource(b, other), scope, x.type);
    if (v.type.kind === 'unknown') return undefined;
    if (v.k !== 'num' || v.type.kind !== 'quantity') {
      c.report('P2072', b.value.range, { bound: c.slice(b.value.range) });
      return undefined;
    }
    if (!sameUnit(v.type.unit, unit)) {
      c.report('P2009', b.value.range, { ...unitArgs('left', unit), ...unitArgs('right', v.type.unit), ...word('op', 'word.compare') });
      return undefined;
    }
    return { v: v.value, incl: b.mark ? b.mark === 'Incl' : true };
  };
  const intervals: Interval[] = [];
  let valueType: Type | undefined;
  let broken = false;
  for (const en of e.entries) {
    const value = expr(c, en.value, scope);
    if (en.bare) {
      c.report('P2073', en.keyRange, { bound: c.slice(en.low!.value.range) });
      broken = true;
      continue;
    }
    if (twiceDisagrees(c, en)) {
      broken = true;
      continue;
    }
    const isRange = !en.op && en.low && en.high;
    const lo = en.low ? bound(en.low, isRange ? en.high : undefined) : undefined;
    const hi = en.high ? bound(en.high) : undefined;
    if ((en.low && !lo) || (en.high && !hi)) {
      broken = true;
      continue;
    }
    // A word decides whether its bound is included (以上, 满: yes; 超过, 不满: no) unless （含）/（不含） says so; after a
    // prefix word the mark follows compiler/check/marks.ts (满 B（不含） contradicts itself, P2242).
    if (!markAgrees(c, en)) {
      broken = true;
      continue;
    }
    const marked = (en.low ?? en.high)!;
    if (en.op && !marked.mark) (lo ?? hi)!.incl = INCLUSIVE_WORDS.has(en.op);
    // `12%以上18%以下` / `12%以上不满18%`: the first word bounds from below, the second from above, each with its
    // statutory meaning (民法典 第1259条: 以上、以下 include the number, 不满、超过 do not) unless （含）/（不含） says so.
    if (en.op2 && hi) {
      const lowOp = cmpOpOf(en.op ?? '');
      const highOp = cmpOpOf(en.op2);
      if ((lowOp !== 'ge' && lowOp !== 'gt') || (highOp !== 'le' && highOp !== 'lt')) {
        c.report('P2210', en.keyRange, { key: c.slice(en.keyRange).trim() });
        broken = true;
        continue;
      }
      if (en.high!.mark && !POSTFIX_WORDS.has(en.op2) && !prefixMarked(c, en.op2, en.high!.mark, c.slice(en.high!.value.range), en.keyRange)) {
        broken = true;
        continue;
      }
      if (!en.high!.mark) hi.incl = INCLUSIVE_WORDS.has(en.op2);
    }
    if (en.op === 'Is' || en.op === 'IsNot' || en.op === 'Equals' || en.op === 'NotEq') {
      c.report('P2073', en.keyRange, { bound: c.slice((en.low ?? en.high)!.value.range) });
      broken = true;
      continue;
    }
    // `18%以上12%以下` holds for no value, nor does `12%以上不满12%` (equal ends, one excluded): P2012.
    if (lo && hi && (ratCmp(lo.v, hi.v) > 0 || (ratCmp(lo.v, hi.v) === 0 && !(lo.incl && hi.incl)))) c.report('P2012', en.keyRange, { fact: e.by.text });
    if (value.type.kind === 'unknown') {
      broken = true;
      continue;
    }
    if (valueType && !sameType(valueType, value.type)) {
      c.report('P2010', en.value.range, { ...c.typeArgs('expected', valueType), ...c.typeArgs('found', value.type) });
      broken = true;
      continue;
    }
    valueType = value.type;
    intervals.push({ ...(lo && { lo }), ...(hi && { hi }), entry: en, value });
  }
  // An open bracket reaches to the nearest bound of another bracket: 满 B up to the next lower bound above B
  // (the highest threshold reached wins), B以下 down to the next upper bound below B.
  const los = intervals.flatMap((i) => (i.lo ? [i.lo] : []));
  const his = intervals.flatMap((i) => (i.hi ? [i.hi] : []));
  for (const i of intervals) {
    if (i.lo && !i.hi) {
      const next = los.filter((b) => ratCmp(b.v, i.lo!.v) > 0).sort((a, b) => ratCmp(a.v, b.v))[0];
      if (next) i.hi = { v: next.v, incl: !next.incl };
    } else if (i.hi && !i.lo) {
      const prev = his.filter((b) => ratCmp(b.v, i.hi!.v) < 0).sort((a, b) => ratCmp(b.v, a.v))[0];
      if (prev) i.lo = { v: prev.v, incl: !prev.incl };
    }
  }
  for (let i = 0; i < intervals.length; i++) {
    for (let j = i + 1; j < intervals.length; j++) {
      const at = overlap(intervals[i]!, intervals[j]!);
      if (at === undefined) continue;
      // Two brackets meeting at a bound both include (12%以上18%以下 and 18%以上 at 18%): the higher bracket takes the
      // bound (a threshold reached is reached), so the fix excludes it from the bracket whose upper bound it is (P2211).
      const lower = [intervals[i]!, intervals[j]!].find((x) => x.entry.high && x.hi && x.hi.incl && ratCmp(x.hi.v, at) === 0);
      // The shared value as the policy wrote the bound (18%), not as a bare number.
      const written = [intervals[i]!, intervals[j]!].flatMap((x) => [x.lo && ratCmp(x.lo.v, at) === 0 && x.entry.low, x.hi && ratCmp(x.hi.v, at) === 0 && x.entry.high]).find((b): b is A.BracketBound => !!b);
      const valueZh = written ? c.slice(written.value.range).trim() : renderQuantity(at, unit, 'zh');
      const valueEn = written ? c.slice(written.value.range).trim() : renderQuantity(at, unit, 'en');
      const fix = lower && excludeHigh(c, lower.entry);
      if (lower && fix) {
        const other = lower === intervals[i] ? intervals[j]! : intervals[i]!;
        c.report('P2211', lower.entry.keyRange, {
          a: c.slice(lower.entry.keyRange).trim(),
          b: c.slice(other.entry.keyRange).trim(),
          value: valueZh,
          valueEn,
          fix,
        });
        broken = true;
        continue;
      }
      c.report('P2070', intervals[j]!.entry.keyRange, {
        a: c.slice(intervals[i]!.entry.keyRange).trim(),
        b: c.slice(intervals[j]!.entry.keyRange).trim(),
        value: valueZh,
        valueEn,
      });
      broken = true;
    }
  }
  if (broken || !valueType) return bad(range);
  // Highest bracket first; the chain's last case is "no standard".
  const order = [...intervals].sort((a, b) => (a.lo && b.lo ? ratCmp(b.lo.v, a.lo.v) : a.lo ? -1 : b.lo ? 1 : ratCmp(b.hi!.v, a.hi!.v)));
  const num = (v: Rat): IExpr => ({ k: 'num', value: v, type: { kind: 'quantity', unit }, range });
  const bool: Type = { kind: 'bool' };
  let chain: IExpr = { k: 'nostd', x, type: valueType, range };
  for (const i of order.reverse()) {
    const tests: IExpr[] = [];
    if (i.lo) tests.push({ k: 'cmp', op: i.lo.incl ? 'ge' : 'gt', l: x, r: num(i.lo.v), type: bool, range: i.entry.keyRange });
    if (i.hi) tests.push({ k: 'cmp', op: i.hi.incl ? 'le' : 'lt', l: x, r: num(i.hi.v), type: bool, range: i.entry.keyRange });
    const cond = tests.length === 2 ? ({ k: 'and', l: tests[0]!, r: tests[1]!, type: bool, range: i.entry.keyRange } as IExpr) : tests[0]!;
    chain = { k: 'if', c: cond, t: i.value, e: chain, type: valueType, range };
  }
  return chain;
}

/** A bracket's bound as an expression: a bare low bound of a range takes the high bound's unit (1000至5000万元). */
export function boundSource(b: A.BracketBound, other?: A.BracketBound): A.Expr {
  return other && b.value.kind === 'Number' && !b.value.unit && !b.value.percent && other.value.kind === 'Number' && other.value.unit ? { ...b.value, unit: other.value.unit } : b.value;
}

/** A mark after a bracket's prefix word follows the one rule of compiler/check/marks.ts: false (reported) when it contradicts the word (满 B（不含）, P2242). */
export function markAgrees(c: CheckContext, en: A.BracketEntry): boolean {
  const marked = (en.low ?? en.high)!;
  if (!en.op || !marked.mark || POSTFIX_WORDS.has(en.op)) return true;
  return !!prefixMarked(c, en.op, marked.mark, c.slice(marked.value.range), en.keyRange, c.slice({ start: en.keyRange.start, end: marked.value.range.start }).trim());
}

/**
 * A bracket's key with its upper bound excluded, as the text would write it: `18%以下` → `18%（不含）以下`,
 * `12%以上18%以下` → `12%以上18%（不含）以下`, `12%以上不超过18%` → `12%以上不满18%`; undefined when the key has no
 * written upper bound or already marks it.
 */
function excludeHigh(c: CheckContext, en: A.BracketEntry): string | undefined {
  const high = en.high;
  if (!high || high.mark) return undefined;
  const word = en.op2 ?? (en.high && !en.low ? en.op : undefined);
  const key = c.slice(en.keyRange);
  const at = (o: number) => o - en.keyRange.start;
  const end = at(high.value.range.end);
  if (word && POSTFIX_WORDS.has(word)) return (key.slice(0, end) + '（不含）' + key.slice(end)).trim();
  if (word && cmpOpOf(word) === 'le') {
    // The word before the bound: 不超过 → 不满.
    const start = at(high.value.range.start);
    const before = key.slice(0, start).trimEnd();
    const w = /(不超过|不高于|不大于|以内|≤)$/u.exec(before);
    if (w) return (before.slice(0, before.length - w[0].length) + '不满' + key.slice(start)).trim();
    return undefined;
  }
  // `12%至18%`: 至 includes its end.
  if (!en.op && en.low) return (key.slice(0, end) + '（不含）' + key.slice(end)).trim();
  return undefined;
}

/** `达到 2亿元以上：…` says one bound twice and is read as 达到; `超过 5人以上：…` does not agree: P2157, as in a condition. */
export function twiceDisagrees(c: CheckContext, en: A.BracketEntry): boolean {
  if (!en.twice || !en.op || SAME_TWICE[en.op]?.includes(en.twice)) return false;
  c.report('P2157', en.keyRange, { ...kwArgs('a', en.op), ...kwArgs('b', en.twice) });
  return true;
}

function renderQuantity(v: Rat, unit: Unit, lang: 'zh' | 'en'): string {
  return renderValue({ t: 'num', v }, lang, unit);
}

