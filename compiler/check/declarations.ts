// Declarations: funds, level and enum types with their values, subjects with
// their facts (derived facts included), parameters and the built-in units.
// Each declaration enters the model and the one symbol table; a duplicate name
// is P2001 with the line of the first definition.
import type * as A from '../../grammar/ast.ts';
import type { Fact, Parameter, ParamKey, Type } from '../model.ts';
import { isInteger } from '../rational.ts';
import { factKey, topKey, unitKey, valueKey, type PolicySymbol, type SymbolKind } from '../symbols.ts';
import { BUILTIN_UNITS, declaredDim, isMoney, sameUnit, unitOf } from '../units.ts';
import type { Unit } from '../model.ts';
import { cmp as ratCmp, mul as ratMul, parseDecimal, ZERO, ONE, type Rat } from '../rational.ts';

const isOne = (r: Rat) => ratCmp(r, ONE) === 0;
import { closest, UNKNOWN, unitArgs, word, type CheckContext } from './context.ts';
import { expr } from './expressions.ts';

const labelOf = (l: A.Label | undefined) => (l ? { label: l } : {});

function symbol(c: CheckContext, key: string, kind: SymbolKind, name: A.Name, range: A.Range, extra: Partial<PolicySymbol> = {}): PolicySymbol {
  return { key, kind, name: name.text, nameRange: name.range, range, ...(c.file !== undefined && { file: c.file }), ...extra };
}

/** Units are symbols too: built in here, so hover and the unit algebra read one table. */
export function declareBuiltinUnits(c: CheckContext) {
  for (const [id, u] of Object.entries(BUILTIN_UNITS)) {
    if (c.symbols.symbols.has(unitKey(id))) continue;
    c.symbols.declare({ key: unitKey(id), kind: 'unit', name: id, nameRange: { start: 0, end: 0 }, range: { start: 0, end: 0 }, builtin: true, container: u.dim });
  }
}

/** A top-level name; false (and P2001) when it is taken. */
export function declareTop(c: CheckContext, name: A.Name): boolean {
  const prev = c.names.get(name.text);
  if (prev) {
    c.duplicate(name, prev, c.nameFiles.get(name.text));
    return false;
  }
  c.names.set(name.text, name.range);
  c.nameFiles.set(name.text, c.file);
  return true;
}

/** The symbols of a declaration, entered whether or not its name was a duplicate (go-to-definition still finds each). */
export function declareSymbols(c: CheckContext, d: A.Decl) {
  const s = c.symbols;
  switch (d.kind) {
    case 'Fund':
      s.declare(symbol(c, topKey(d.name.text), 'fund', d.name, d.range, labelOf(d.label)));
      break;
    case 'UnitDecl':
      s.declare(symbol(c, unitKey(d.name.text), 'unit', d.name, d.range, labelOf(d.label)));
      break;
    case 'Levels':
      // Their values are declared as the checker accepts them (levelsDecl, enumDecl).
      s.declare(symbol(c, topKey(d.name.text), 'levels', d.name, d.range, labelOf(d.label)));
      break;
    case 'Enum':
      s.declare(symbol(c, topKey(d.name.text), 'enum', d.name, d.range, labelOf(d.label)));
      break;
    case 'Subject':
      // Its facts are declared as the checker accepts them (subjectDecl).
      s.declare(symbol(c, topKey(d.name.text), 'subject', d.name, d.range, labelOf(d.label)));
      break;
    case 'Parameter':
      s.declare(symbol(c, topKey(d.name.text), 'parameter', d.name, d.range, labelOf(d.label)));
      break;
    case 'Benefit':
      s.declare(symbol(c, topKey(d.name.text), 'benefit', d.name, d.range, labelOf(d.label)));
      break;
    case 'Provision':
      s.declare(symbol(c, topKey(d.name.text), 'provision', d.name, d.range, labelOf(d.label)));
      break;
    default:
      break;
  }
}

/** `计量单位 天 “天” / “days”；` — a unit of its own dimension; its name shares the top-level namespace. */
export function unitDecl(c: CheckContext, d: A.UnitDecl) {
  if (d.builtin) {
    // `计量单位 天`: 天 (日) is built in since days count elapsed time; the declaration is not needed.
    c.report('P2151', d.name.range, { name: d.name.text });
    return;
  }
  if (declareTop(c, d.name)) c.model.units.set(d.name.text, { name: d.name.text, ...labelOf(d.label), dim: declaredDim(d.name.text, d.label?.en), range: d.range });
}

/**
 * `计量单位 万美元 = 10000美元 “万美元” / “ten thousand US dollars”；` — a multiple of another unit (built in or declared,
 * before or after it): the same dimension, its scale exact. Run after every plain unit is declared (unitDecl), each
 * multiple after the one it names; an unusable multiple stays a unit of its own, so its uses do not cascade.
 */
export function unitMultiples(c: CheckContext, decls: A.UnitDecl[]) {
  const pending = new Map<string, A.UnitDecl>();
  for (const d of decls) if (d.multiple && !d.builtin && c.model.units.get(d.name.text)?.range === d.range) pending.set(d.name.text, d);
  const active = new Set<string>();
  const resolve = (d: A.UnitDecl) => {
    pending.delete(d.name.text);
    active.add(d.name.text);
    const base = d.multiple?.unit?.declared?.num?.text;
    const first = base !== undefined ? pending.get(base) : undefined;
    if (first) resolve(first);
    if (base !== undefined && active.has(base)) c.report('P2222', d.multiple!.range, { name: d.name.text, base });
    else unitMultiple(c, d);
    active.delete(d.name.text);
  };
  while (pending.size) resolve(pending.values().next().value!);
}

function unitMultiple(c: CheckContext, d: A.UnitDecl) {
  const m = d.multiple!;
  const own = c.model.units.get(d.name.text)!;
  if (!m.unit || m.percent || m.unit.den) {
    c.report('P2220', m.range, { name: d.name.text, found: c.slice(m.range) });
    return;
  }
  const u = unitOfRef(c, m.unit);
  if (!u) return;
  const dims = Object.entries(u.unit);
  if (dims.length !== 1 || dims[0]![1] !== 1) {
    c.report('P2220', m.range, { name: d.name.text, found: c.slice(m.range) });
    return;
  }
  const scale = ratMul(parseDecimal(m.value)!, u.scale);
  if (ratCmp(scale, ZERO) <= 0) {
    c.report('P2221', m.range, { name: d.name.text, found: c.slice(m.range) });
    return;
  }
  c.model.units.set(d.name.text, { ...own, dim: dims[0]![0], scale });
}

/** A unit reference, its declared parts looked up (P2075 for a name no 单位 declares): undefined when unusable. */
export function unitOfRef(c: CheckContext, ref: A.UnitRef): { unit: Unit; scale: Rat } | undefined {
  for (const n of [ref.declared?.num, ref.declared?.den]) {
    if (!n) continue;
    if (c.model.units.has(n.text)) {
      c.refer(n.range, [unitKey(n.text)]);
      continue;
    }
    unknownUnit(c, n);
    return undefined;
  }
  return unitOf(ref, (name) => {
    const u = c.model.units.get(name);
    return u ? { dim: u.dim, scale: u.scale ?? '1' } : undefined;
  });
}

/** P2075: “天” is not a unit of this policy; say how to declare it (or, for a fact, how to divide by it). */
export function unknownUnit(c: CheckContext, n: A.Name) {
  const isValue = c.names.has(n.text) || [...c.model.subjects.values()].some((s) => s.facts.has(n.text));
  c.refer(n.range, []);
  // 1亿元和2亿元以上: two thresholds joined by 和 read as one unit — not a unit to declare (P2194 says what to write).
  const joined = /^(.+?)(和|或|及|与)\s*[0-9０-９]/u.exec(n.text);
  if (joined) {
    c.report('P2194', n.range, { name: n.text, unit: joined[1]!, word: joined[2]! });
    return;
  }
  // `条件：3A级企业` — a name that starts with digits, read as the number 3 and the unit A级企业: when the whole is a
  // name of the policy, say to write it in 【】 (P1055).
  let from = n.range.start;
  while (from > 0 && /[0-9.]/.test(c.slice({ start: from - 1, end: from }))) from--;
  const whole = from < n.range.start ? c.slice({ start: from, end: n.range.start }) + n.text : '';
  if (whole && (c.names.has(whole) || c.symbols.resolve(whole, { subjects: [...c.model.subjects.keys()], visibleFacts: new Map() }).kind !== 'none' || [...c.model.subjects.values()].some((x) => x.facts.has(whole)))) {
    c.report('P1055', { start: from, end: n.range.end }, { found: whole, fix: `【${whole}】` });
    return;
  }
  // `400万度` with only 度 declared: a multiple of a declared unit, declared as one (计量单位 万度 = 10000度) so that it
  // compares with 度 — a unit of its own would not.
  const scaled = /^(十|百|千|万|十万|百万|千万|亿)(.+)$/u.exec(n.text);
  const factor = scaled && c.model.units.has(scaled[2]!) ? { 十: '10', 百: '100', 千: '1000', 万: '10000', 十万: '100000', 百万: '1000000', 千万: '10000000', 亿: '100000000' }[scaled[1]!] : undefined;
  c.report('P2075', n.range, {
    name: n.text,
    scaled: factor ? `；若它是“${scaled![2]}”的倍数，请写“计量单位 ${n.text} = ${factor}${scaled![2]}；”，它才能与“${scaled![2]}”相比` : '',
    scaledEn: factor ? `; if it is a multiple of "${scaled![2]}", write "计量单位 ${n.text} = ${factor}${scaled![2]};" so that it compares with "${scaled![2]}"` : '',
    divide: isValue ? `；若要除以“${n.text}”，请写“÷ ${n.text}”` : '',
    divideEn: isValue ? `; to divide by "${n.text}" write "÷ ${n.text}"` : '',
  });
}

export function fundDecl(c: CheckContext, d: A.FundDecl) {
  if (declareTop(c, d.name)) c.model.funds.set(d.name.text, { name: d.name.text, ...labelOf(d.label), range: d.range });
}

/** Level and enum value names share one namespace with the top-level names. */
function declareValue(c: CheckContext, n: A.Name, sym: PolicySymbol, taken: Map<string, A.Range>) {
  if (taken.has(n.text) || c.names.has(n.text)) {
    const prev = c.names.get(n.text);
    const other = c.symbols.symbols.get(valueKey(n.text));
    // A value in two lists (枚举 甲：红，绿；枚举 乙：红，…): name both lists and say how to tell them apart (P2201).
    if (!prev && other?.container && other.container !== sym.container && (other.kind === 'enumValue' || other.kind === 'level'))
      c.report('P2201', n.range, { name: n.text, first: other.container, second: sym.container ?? '', line: c.lineOf((taken.get(n.text) ?? n.range).start) });
    else if (prev) c.duplicate(n, prev, c.nameFiles.get(n.text));
    else c.report('P2001', n.range, { name: n.text, line: c.lineOf((taken.get(n.text) ?? n.range).start) });
    c.symbols.declare(sym, false);
    return;
  }
  taken.set(n.text, n.range);
  c.symbols.declare(sym);
}

export function levelsDecl(c: CheckContext, d: A.LevelsDecl, taken: Map<string, A.Range>) {
  const levelSyms = (l: A.LevelItem) => [
    [l.name, symbol(c, valueKey(l.name.text), 'level', l.name, l.range, { container: d.name.text, ...labelOf(l.label) })] as const,
    ...l.aliases.map((a) => [a, symbol(c, valueKey(a.text), 'level', a, l.range, { container: d.name.text, aliasOf: l.name.text, ...labelOf(l.label) })] as const),
  ];
  if (!declareTop(c, d.name)) {
    for (const l of d.levels) for (const [, sym] of levelSyms(l)) c.symbols.declare(sym, false);
    return;
  }
  const levels = d.levels.map((l, rank) => {
    for (const [n, sym] of levelSyms(l)) declareValue(c, n, sym, taken);
    return { name: l.name.text, ...labelOf(l.label), aliases: l.aliases.map((a) => a.text), rank };
  });
  c.model.levels.set(d.name.text, { name: d.name.text, ...labelOf(d.label), levels, range: d.range });
}

export function enumDecl(c: CheckContext, d: A.EnumDecl, taken: Map<string, A.Range>) {
  const valueSym = (v: A.EnumItem) => symbol(c, valueKey(v.name.text), 'enumValue', v.name, v.range, { container: d.name.text, ...labelOf(v.label) });
  if (!declareTop(c, d.name)) {
    for (const v of d.values) c.symbols.declare(valueSym(v), false);
    return;
  }
  const values = d.values.map((v) => {
    declareValue(c, v.name, valueSym(v), taken);
    return { name: v.name.text, ...labelOf(v.label) };
  });
  c.model.enums.set(d.name.text, { name: d.name.text, ...labelOf(d.label), values, range: d.range });
}

export function typeRef(c: CheckContext, t: A.TypeRef): Type {
  switch (t.kind) {
    case 'BoolType':
      return { kind: 'bool' };
    case 'TextType':
      return { kind: 'text' };
    case 'DateType':
      return { kind: 'date' };
    case 'PercentType':
      return { kind: 'quantity', unit: {}, percent: true };
    case 'KeyedType':
      // A catalogue keyed by several types, by text or with ranges per key is a parameter's (parameterDecl).
      c.report('P2129', t.range);
      return UNKNOWN;
    case 'ListType': {
      // `名单 见习人员`: the members' facts are those of a subject type (declared anywhere in the program).
      const top = c.symbols.top(t.of.text);
      c.refer(t.of.range, top ? [topKey(t.of.text)] : []);
      if (top?.kind !== 'subject') {
        c.report('P2123', t.of.range, { name: t.of.text }, closest(t.of.text, [...c.symbols.symbols.values()].filter((s) => s.kind === 'subject').map((s) => s.name)));
        return UNKNOWN;
      }
      return { kind: 'list', of: t.of.text };
    }
    case 'RangeType':
    case 'BoundType': {
      // A fact's range is a condition, not a type; only a parameter's value is bounded by the text (parameterDecl).
      if (!c.rangeAllowed) {
        c.report('P2076', t.range);
        return UNKNOWN;
      }
      const b = rangeBounds(c, t);
      if (!b) return UNKNOWN;
      return b.type;
    }
    case 'QuantityType':
    case 'PerLevelType': {
      const u = unitOfRef(c, t.unit);
      if (!u) return UNKNOWN;
      const { unit, scale } = u;
      if (!isInteger(scale) || scale.n !== 1n) {
        c.report('P2010', t.unit.range, { ...word('expected', 'word.plainUnit'), found: c.slice(t.unit.range) });
      }
      if (t.kind === 'QuantityType') return { kind: 'quantity', unit };
      if (!c.model.levels.has(t.levels.text)) {
        c.refer(t.levels.range, c.symbols.top(t.levels.text) ? [topKey(t.levels.text)] : []);
        c.report('P2020', t.levels.range, { name: t.levels.text }, closest(t.levels.text, c.model.levels.keys()));
        return UNKNOWN;
      }
      c.refer(t.levels.range, [topKey(t.levels.text)]);
      return { kind: 'perLevel', of: t.levels.text, unit };
    }
    case 'NamedType':
      c.refer(t.name.range, c.symbols.top(t.name.text) ? [topKey(t.name.text)] : []);
      if (c.model.levels.has(t.name.text)) return { kind: 'level', of: t.name.text };
      if (c.model.enums.has(t.name.text)) return { kind: 'enum', of: t.name.text };
      {
        // `培训天数：天；` — a unit the policy declares.
        const u = c.model.units.get(t.name.text);
        if (u) {
          c.refer(t.name.range, [unitKey(t.name.text)]);
          // A multiple (万美元) is a fact's unit only: the fact's references are scaled (subjectDecl); elsewhere P2010.
          if (u.scale && !isOne(u.scale) && !c.multipleAllowed) c.report('P2010', t.name.range, { ...word('expected', 'word.plainUnit'), found: c.slice(t.name.range) });
          return { kind: 'quantity', unit: { [u.dim]: 1 } };
        }
      }
      {
        const near = closest(t.name.text, [...c.model.levels.keys(), ...c.model.enums.keys()]);
        // A short name close to no type is most likely a unit nobody declared (天, 户, 家, 平方米 …).
        if (!near && !c.names.has(t.name.text) && [...t.name.text].length <= 3) unknownUnit(c, t.name);
        else c.report('P2020', t.name.range, { name: t.name.text }, near);
      }
      return UNKNOWN;
  }
}

export function subjectDecl(c: CheckContext, d: A.SubjectDecl) {
  const factSym = (f: A.FactDecl) => symbol(c, factKey(d.name.text, f.name.text), 'fact', f.name, f.range, { container: d.name.text, ...labelOf(f.label) });
  if (!declareTop(c, d.name)) {
    for (const f of d.facts) c.symbols.declare(factSym(f), false);
    // The names in a duplicate's formulas and types still resolve for the editor.
    c.quietly(() => {
      for (const f of d.facts) {
        if (f.type) typeRef(c, f.type);
      }
    });
    return;
  }
  const facts = new Map<string, Fact>();
  for (const f of d.facts) {
    c.symbols.declare(factSym(f), !facts.has(f.name.text));
    if (facts.has(f.name.text)) {
      c.report('P2001', f.name.range, { name: f.name.text, line: c.lineOf(facts.get(f.name.text)!.range.start) });
      continue;
    }
    const fact: Fact = { name: f.name.text, ...labelOf(f.label), type: UNKNOWN, range: f.range };
    // A condition after `：`: a derived fact is written with `=` (declared, of unknown type, so its uses say nothing more).
    if (f.colonFormula) c.report('P1016', f.colonFormula.range, { name: f.name.text, fix: `${f.name.text} = ${c.slice(f.colonFormula.formula)}` });
    else if (f.type && f.reviewed) reviewedFact(c, f, f.type, fact);
    else if (f.type) {
      c.multipleAllowed = true;
      try {
        fact.type = typeRef(c, f.type);
      } finally {
        c.multipleAllowed = false;
      }
      // `出口额：万美元；`: given in a declared multiple; its references are the value times the multiple (expressions.ts ref).
      const u = f.type.kind === 'NamedType' && fact.type.kind === 'quantity' ? c.model.units.get(f.type.name.text) : undefined;
      if (u?.scale && !isOne(u.scale)) fact.givenIn = { unit: u.name, ...(u.label?.en && { en: u.label.en }), scale: u.scale };
    } else if (f.formula) {
      // A derived fact sees the facts declared before it, so definitions cannot loop.
      const derived = expr(c, f.formula, { facts: new Map(facts), subjects: [d.name.text] });
      // A quantity (裁员率 = A ÷ B) or a yes/no condition (规上企业 = 年营业收入 2000万元以上).
      if (derived.type.kind !== 'quantity' && derived.type.kind !== 'bool') {
        if (derived.type.kind !== 'unknown') c.report('P2010', f.formula.range, { ...word('expected', 'word.derivedValue'), ...c.typeArgs('found', derived.type) });
      } else {
        fact.type = derived.type;
        fact.derived = derived;
        fact.derivedSource = f.formula;
      }
    }
    facts.set(f.name.text, fact);
  }
  c.model.subjects.set(d.name.text, { name: d.name.text, ...labelOf(d.label), facts, range: d.range });
}

/**
 * `核定奖励额：核定 20万元至500万元；` — an amount the office sets case by case (核定, 一事一议, tiers the text does not
 * state), within the range the text states (both ends included), or `核定 元` when it states none. Money only (P2181).
 */
function reviewedFact(c: CheckContext, f: A.FactDecl, t: A.TypeRef, fact: Fact) {
  if (t.kind === 'BoundType') {
    // 核定 takes the range the text states (核定 20万元至500万元) or none (核定 元): a cap alone is the benefit's 最高.
    c.report('P2197', t.range, { name: f.name.text, bound: c.slice(t.bound.range) });
    fact.type = UNKNOWN;
    return;
  }
  c.rangeAllowed = true;
  let bounds: { low: Rat; high: Rat } | undefined;
  try {
    fact.type = typeRef(c, t);
    if (t.kind === 'RangeType' && fact.type.kind === 'quantity') bounds = c.quietly(() => rangeBounds(c, t)) as { low: Rat; high: Rat } | undefined;
  } finally {
    c.rangeAllowed = false;
  }
  if (fact.type.kind === 'unknown') return;
  if (fact.type.kind !== 'quantity' || fact.type.percent || !isMoney(fact.type.unit)) {
    c.report('P2181', t.range, { name: f.name.text, ...c.typeArgs('found', fact.type) });
    fact.type = UNKNOWN;
    return;
  }
  if (bounds && ratCmp(bounds.low, bounds.high) > 0) c.report('P2012', t.range, { fact: f.name.text });
  fact.reviewed = bounds ? { low: bounds.low, high: bounds.high } : {};
}

/** A list's members are subjects without lists of their own (P2124): one level of members, no more. */
export function checkLists(c: CheckContext, d: A.SubjectDecl) {
  const s = c.model.subjects.get(d.name.text);
  if (!s || s.range !== d.range) return;
  for (const f of s.facts.values()) {
    if (f.type.kind !== 'list') continue;
    const nested = [...(c.model.subjects.get(f.type.of)?.facts.values() ?? [])].find((x) => x.type.kind === 'list');
    if (nested) c.report('P2124', f.range, { name: nested.name, subject: f.type.of });
  }
}

/** The key of a keyed parameter: a level or enum type, or 文字. */
function paramKey(c: CheckContext, k: A.TypeKey): ParamKey | undefined {
  if (k.kind === 'Text') return { kind: 'text' };
  const n = k.name;
  c.refer(n.range, c.symbols.top(n.text) ? [topKey(n.text)] : []);
  if (c.model.levels.has(n.text)) return { kind: 'level', of: n.text };
  if (c.model.enums.has(n.text)) return { kind: 'enum', of: n.text };
  c.report('P2020', n.range, { name: n.text }, closest(n.text, [...c.model.levels.keys(), ...c.model.enums.keys()]));
  return undefined;
}

const keyNames = (keys: ParamKey[]): string => keys.map((k) => (k.kind === 'text' ? '文字' : k.of)).join('，');

/** `参数 标准：元 按 职业类别，技能等级 { 初级工：1000元至1500元 }；` — a catalogue of standards keyed by values. */
function keyedParameter(c: CheckContext, d: A.ParameterDecl, t: Extract<A.TypeRef, { kind: 'PerLevelType' | 'KeyedType' }>) {
  const u = unitOfRef(c, t.unit);
  const refs: A.TypeKey[] = t.kind === 'PerLevelType' ? [{ kind: 'Name', name: t.levels }] : t.keys;
  const keys = refs.map((k) => paramKey(c, k));
  if (!u) return;
  if (!isInteger(u.scale) || u.scale.n !== 1n) c.report('P2010', t.unit.range, { ...word('expected', 'word.plainUnit'), found: c.slice(t.unit.range) });
  const type: Type = { kind: 'quantity', unit: u.unit };
  const p: Parameter = { name: d.name.text, ...labelOf(d.label), type, range: d.range };
  if (keys.every((k): k is ParamKey => k !== undefined)) p.keys = keys;
  const ranges: NonNullable<Parameter['keyRanges']> = [];
  for (const r of (t.kind === 'KeyedType' && t.ranges) || []) {
    const key = p.keys?.findIndex((k) => k.kind !== 'text' && (k.kind === 'level' ? c.model.levels.get(k.of)?.levels.some((l) => l.name === r.key.text || l.aliases.includes(r.key.text)) : c.model.enums.get(k.of)?.values.some((v) => v.name === r.key.text)));
    if (key === undefined || key < 0) {
      if (p.keys) c.report('P2132', r.key.range, { value: r.key.text, name: d.name.text, keys: keyNames(p.keys) });
      continue;
    }
    const k = p.keys![key]! as { kind: 'level' | 'enum'; of: string };
    const canonical = k.kind === 'level' ? c.model.levels.get(k.of)!.levels.find((l) => l.name === r.key.text || l.aliases.includes(r.key.text))!.name : r.key.text;
    c.refer(r.key.range, [valueKey(r.key.text)]);
    const b = rangeBounds(c, { kind: 'RangeType', low: r.low, high: r.high, range: r.range });
    if (!b || !b.low || !b.high) continue;
    if (b.type.kind === 'quantity' && !sameUnit(b.type.unit, u.unit)) {
      c.report('P2009', r.range, { ...unitArgs('left', u.unit), ...unitArgs('right', b.type.unit), ...word('op', 'word.compare') });
      continue;
    }
    if (ratCmp(b.low, b.high) > 0) c.report('P2012', r.range, { fact: d.name.text });
    ranges.push({ key, value: canonical, low: b.low, high: b.high });
  }
  if (ranges.length) p.keyRanges = ranges;
  c.model.params.set(d.name.text, p);
}

export function parameterDecl(c: CheckContext, d: A.ParameterDecl) {
  c.rangeAllowed = true;
  try {
    if (!declareTop(c, d.name)) {
      if (d.type) c.quietly(() => typeRef(c, d.type!));
      return;
    }
    if (!d.type) {
      // Its type did not parse (P1003 said where): declared, of unknown type, so its uses say nothing more.
      c.model.params.set(d.name.text, { name: d.name.text, ...labelOf(d.label), type: UNKNOWN, range: d.range });
      return;
    }
    if (d.type.kind === 'PerLevelType' || d.type.kind === 'KeyedType') {
      keyedParameter(c, d, d.type);
      return;
    }
    const type = typeRef(c, d.type);
    if (type.kind !== 'quantity' && type.kind !== 'unknown') {
      // A parameter's value is read as a number everywhere (params, examples, generated code, SQL): a yes/no,
      // date, text, level or enum value would be dropped, so such a declaration is refused (docs §4.6).
      c.report('P2140', d.type.range, { name: d.name.text, ...c.typeArgs('found', type) });
      c.model.params.set(d.name.text, { name: d.name.text, ...labelOf(d.label), type: UNKNOWN, range: d.range });
      return;
    }
    const t = d.type;
    const b = (t.kind === 'RangeType' || t.kind === 'BoundType') && type.kind === 'quantity' ? c.quietly(() => rangeBounds(c, t)) : undefined;
    const bounds = b && { ...(b.low && { low: b.low }), ...(b.high && { high: b.high }), ...(b.lowExcl && { lowExcl: true as const }), ...(b.highExcl && { highExcl: true as const }) };
    c.model.params.set(d.name.text, { name: d.name.text, ...labelOf(d.label), type, ...(bounds && { bounds }), range: d.range });
    if (b?.low && b.high && ratCmp(b.low, b.high) > 0) c.report('P2012', d.type.range, { fact: d.name.text });
  } finally {
    c.rangeAllowed = false;
  }
}

/** The side a boundary word bounds a parameter's value on, and whether the bound itself is excluded (民法典 第1259条). */
const BOUND_WORDS: Readonly<Record<string, { side: 'low' | 'high'; excl: boolean }>> = {
  NotExceeding: { side: 'high', excl: false },
  NotAbove: { side: 'high', excl: false },
  Ceiling: { side: 'high', excl: false },
  LessEq: { side: 'high', excl: false },
  OrBelow: { side: 'high', excl: false },
  AndBelow: { side: 'high', excl: false },
  Within: { side: 'high', excl: false },
  Below: { side: 'high', excl: true },
  Under: { side: 'high', excl: true },
  Less: { side: 'high', excl: true },
  NotBelow: { side: 'low', excl: false },
  Reaches: { side: 'low', excl: false },
  GreaterEq: { side: 'low', excl: false },
  OrAbove: { side: 'low', excl: false },
  AndAbove: { side: 'low', excl: false },
  Exceeds: { side: 'low', excl: true },
  Above: { side: 'low', excl: true },
  Surpasses: { side: 'low', excl: true },
  Beyond: { side: 'low', excl: true },
  Greater: { side: 'low', excl: true },
};

/** A parameter's bounds as the text fixes them: both (a range) or one (a boundary word); exact values, the type they give. */
interface Bounds {
  low?: Rat;
  high?: Rat;
  lowExcl?: boolean;
  highExcl?: boolean;
  type: Type;
}

/**
 * `3000元至6000元`, `30%至60%`, `3000至6000元`: the bounds and the quantity type they give (units must agree); `不超过50%`,
 * `最高3000元`, `3000元以上`: one bound, included or excluded as the word says (P2198 for a word that bounds nothing).
 */
function rangeBounds(c: CheckContext, t: Extract<A.TypeRef, { kind: 'RangeType' | 'BoundType' }>): Bounds | undefined {
  if (t.kind === 'BoundType') {
    const b = expr(c, t.bound, { facts: new Map(), subjects: [] });
    if (b.k !== 'num' || b.type.kind !== 'quantity') return undefined;
    const type: Type = { kind: 'quantity', unit: b.type.unit, ...(t.bound.percent && { percent: true }) };
    const w = BOUND_WORDS[t.word];
    if (!w) {
      c.report('P2198', t.wordRange, { word: c.slice(t.wordRange), bound: c.slice(t.bound.range) });
      return { type };
    }
    return w.side === 'low' ? { low: b.value, ...(w.excl && { lowExcl: true }), type } : { high: b.value, ...(w.excl && { highExcl: true }), type };
  }
  const lowSrc: A.NumberExpr = !t.low.unit && !t.low.percent && (t.high.unit || t.high.percent) ? { ...t.low, ...(t.high.unit && { unit: t.high.unit }), ...(t.high.percent && { percent: true }) } : t.low;
  const low = expr(c, lowSrc, { facts: new Map(), subjects: [] });
  const high = expr(c, t.high, { facts: new Map(), subjects: [] });
  if (low.k !== 'num' || high.k !== 'num' || low.type.kind !== 'quantity' || high.type.kind !== 'quantity') return undefined;
  if (!sameUnit(low.type.unit, high.type.unit)) {
    c.report('P2009', t.range, { ...unitArgs('left', low.type.unit), ...unitArgs('right', high.type.unit), ...word('op', 'word.compare') });
    return undefined;
  }
  return { low: low.value, high: high.value, type: { kind: 'quantity', unit: high.type.unit, ...(t.high.percent && { percent: true }) } };
}
