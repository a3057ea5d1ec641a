// CST → AST. Tolerant of recovery: any child may be missing, and tokens that
// recovery inserted have no position. Nothing here throws on bad input.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.ts';
import { asciiDigits, nameText } from './tokens.ts';
import { KEYWORDS } from './keywords.ts';

/** The Chinese spellings of each comparison word after its first (达到 for 满, 不少于 for 不低于). */
const OTHER_SPELLINGS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  KEYWORDS.filter((k) => k.category === 'comparison' && k.zh.length > 1).map((k) => [k.id, new Set(k.zh.slice(1))]),
);

/**
 * `{ spelled: '达到' }` when a comparison word is written in one of its other Chinese spellings: the reasons and the
 * summary say the word the policy wrote (投资额达到500万元, not 满). English spellings and the first one leave nothing.
 */
export function spelledAs(t: IToken | undefined, key: 'spelled' | 'twiceSpelled' | 'spelled2' = 'spelled'): Record<string, string> | undefined {
  return t && OTHER_SPELLINGS.get(t.tokenType.name)?.has(t.image) ? { [key]: t.image } : undefined;
}

type Ctx = Record<string, CstElement[] | undefined>;

const isToken = (e: CstElement): e is IToken => (e as IToken).image !== undefined;
// A token recovery inserted has no position (Chevrotain creates it with NaN offsets and marks it
// isInsertedInRecovery): testing the offset alone says the same, without looking up a property the
// lexer's tokens never have (a miss on every token of the file).
const realToken = (t: IToken | undefined): t is IToken => !!t && Number.isFinite(t.startOffset);

function allTokens(e: CstElement, out: IToken[] = []): IToken[] {
  if (isToken(e)) {
    if (realToken(e)) out.push(e);
  } else {
    for (const list of Object.values(e.children)) for (const c of list ?? []) allTokens(c, out);
  }
  return out;
}

/** The range a node covers; collapsed at `fallback` when recovery left it empty. */
function rangeOf(e: CstElement | undefined, fallback = 0): A.Range {
  if (!e) return { start: fallback, end: fallback };
  if (!isToken(e) && e.location && Number.isFinite(e.location.startOffset) && Number.isFinite(e.location.endOffset)) {
    return { start: e.location.startOffset, end: e.location.endOffset! + 1 };
  }
  const toks = allTokens(e);
  if (toks.length === 0) return { start: fallback, end: fallback };
  let start = Infinity;
  let end = -Infinity;
  for (const t of toks) {
    start = Math.min(start, t.startOffset);
    end = Math.max(end, (t.endOffset ?? t.startOffset) + 1);
  }
  return { start, end };
}

export const tokRange = (t: IToken): A.Range => ({ start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 });
const ctxOf = (n: CstNode): Ctx => n.children as Ctx;
const tok = (c: Ctx, name: string, i = 0): IToken | undefined => {
  const t = c[name]?.[i] as IToken | undefined;
  return realToken(t) ? t : undefined;
};
const node = (c: Ctx, name: string, i = 0): CstNode | undefined => c[name]?.[i] as CstNode | undefined;
const nodes = (c: Ctx, name: string): CstNode[] => (c[name] ?? []) as CstNode[];

/** Removes quotes; `“a“b”c”` keeps its inner quotes; "a\"b" unescapes. */
export function stringValue(image: string): string {
  if (image.startsWith('"')) return image.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch));
  return image.slice(1, -1);
}

export function name(t: IToken | undefined): A.Name | undefined {
  return t ? { text: nameText(t.image), range: tokRange(t) } : undefined;
}

function label(n: CstNode | undefined): A.Label | undefined {
  if (!n) return undefined;
  const c = ctxOf(n);
  const zh = c['String']?.[0] as IToken | undefined;
  const en = c['String']?.[1] as IToken | undefined;
  if (!realToken(zh)) return undefined;
  const out: A.Label = { zh: stringValue(zh.image), range: rangeOf(n) };
  if (realToken(en)) out.en = stringValue(en.image);
  return out;
}

function firstKeyword(c: Ctx, ids: readonly string[]): IToken | undefined {
  for (const id of ids) {
    const t = tok(c, id);
    if (t) return t;
  }
  return undefined;
}

/** `2017年5月` (a month, no day): `2017-05`, which no date check accepts as a day; undefined for a day. */
export function isoMonth(image: string): string | undefined {
  const m = /^(\d{4})年(\d{1,2})月$/.exec(image);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}` : undefined;
}

/** A date literal's node: a day, or a month (`month`, iso `YYYY-MM`). */
export function dateNode(image: string, range: A.Range): A.Expr {
  const month = isoMonth(image);
  return month ? { kind: 'Date', iso: month, month: true, range } : { kind: 'Date', iso: isoDate(image), range };
}

export function isoDate(image: string): string {
  const m = /^(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})日?$/.exec(image);
  if (!m) return image;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

export function buildFile(cst: CstNode, textLength: number): A.PolicyFile {
  const decls: A.Decl[] = [];
  for (const d of nodes(ctxOf(cst), 'decl')) {
    const built = buildDecl(d);
    if (built) decls.push(built);
  }
  return { kind: 'File', decls, range: { start: 0, end: textLength } };
}

function buildDecl(d: CstNode): A.Decl | undefined {
  const c = ctxOf(d);
  const [key] = Object.keys(c);
  const inner = key ? node(c, key) : undefined;
  if (!inner) return undefined;
  const ic = ctxOf(inner);
  const range = rangeOf(inner);
  switch (inner.name) {
    case 'policyDecl':
      return { kind: 'Policy', fields: fields(ic), range };
    case 'unitDecl': {
      const word = tok(ic, 'UnitWord');
      const n = name(tok(ic, 'Identifier') ?? word);
      if (!n) return undefined;
      const num = node(ic, 'numberLit');
      const multiple = num ? numberLit(num) : undefined;
      return withLabel({ kind: 'UnitDecl', name: n, ...(word && !tok(ic, 'Identifier') && { builtin: true as const }), ...(multiple && { multiple }), range }, label(node(ic, 'label')));
    }
    case 'importDecl': {
      const t = tok(ic, 'String');
      if (!realToken(t)) return undefined;
      return { kind: 'Import', path: stringValue(t.image), pathRange: { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 }, range };
    }
    case 'fundDecl': {
      const n = name(tok(ic, 'Identifier'));
      if (!n) return undefined;
      return withLabel({ kind: 'Fund', name: n, range }, label(node(ic, 'label')));
    }
    case 'levelsDecl': {
      const n = name(tok(ic, 'Identifier'));
      if (!n) return undefined;
      const levels: A.LevelItem[] = [];
      for (const li of nodes(ic, 'levelItem')) {
        const lc = ctxOf(li);
        const ids = (lc['Identifier'] ?? []).filter((t) => realToken(t as IToken)) as IToken[];
        if (ids.length === 0) continue;
        levels.push(withLabel({ name: name(ids[0])!, aliases: ids.slice(1).map((t) => name(t)!), range: rangeOf(li) }, label(node(lc, 'label'))));
      }
      return withLabel({ kind: 'Levels', name: n, levels, range }, label(node(ic, 'label')));
    }
    case 'enumDecl': {
      const n = name(tok(ic, 'Identifier'));
      if (!n) return undefined;
      const values: A.EnumItem[] = [];
      for (const ei of nodes(ic, 'enumItem')) {
        const en = name(tok(ctxOf(ei), 'Identifier'));
        if (en) values.push(withLabel({ name: en, range: rangeOf(ei) }, label(node(ctxOf(ei), 'label'))));
      }
      return withLabel({ kind: 'Enum', name: n, values, range }, label(node(ic, 'label')));
    }
    case 'subjectDecl': {
      const n = name(tok(ic, 'Identifier'));
      if (!n) return undefined;
      const facts: A.FactDecl[] = [];
      for (const f of nodes(ic, 'factDecl')) {
        const fc = ctxOf(f);
        const fn = name(tok(fc, 'Identifier'));
        const ty = typeRef(node(fc, 'typeRef'));
        const formula = node(fc, 'expr');
        const rv = tok(fc, 'Reviewed');
        const tyNode = node(fc, 'typeRef');
        if (fn && ty && formula && tyNode) {
          const after = { start: rangeOf(tyNode).start, end: rangeOf(formula).end };
          const written = tok(fc, 'Equals') && ty.kind === 'BoolType' ? rangeOf(formula) : after;
          const colonFormula = { range: after, formula: written, ...(tok(fc, 'Equals') && { equals: true as const }) };
          facts.push(withLabel({ kind: 'Fact', name: fn, type: ty, formula: expr(formula, after.end), colonFormula, range: rangeOf(f) }, label(node(fc, 'label'))));
        } else if (fn && ty) facts.push(withLabel({ kind: 'Fact', name: fn, type: ty, ...(rv && { reviewed: tokRange(rv) }), range: rangeOf(f) }, label(node(fc, 'label'))));
        else if (fn && formula) facts.push(withLabel({ kind: 'Fact', name: fn, formula: expr(formula, fn.range.end), range: rangeOf(f) }, label(node(fc, 'label'))));
      }
      return withLabel({ kind: 'Subject', name: n, facts, range }, label(node(ic, 'label')));
    }
    case 'parameterDecl': {
      const n = name(tok(ic, 'Identifier'));
      const ty = typeRef(node(ic, 'typeRef'));
      if (!n) return undefined;
      // A type that did not parse (参数 比例：50%左右；) leaves the parameter declared, so its uses are not reported again.
      return withLabel({ kind: 'Parameter', name: n, ...(ty && { type: ty }), range }, label(node(ic, 'label')));
    }
    case 'benefitDecl': {
      const n = name(tok(ic, 'Identifier'));
      if (!n) return undefined;
      const examples = nodes(ic, 'exampleDecl').map((e): A.ExampleDecl => {
        const ec = ctxOf(e);
        const fs = [...fields(ec), ...nodes(ec, 'factEntry').map(factEntry).filter((f): f is A.Field => !!f)];
        fs.sort((a, b) => a.range.start - b.range.start);
        return withLabel({ kind: 'Example', fields: fs, range: rangeOf(e) }, label(node(ec, 'label')));
      });
      return withLabel({ kind: 'Benefit', name: n, fields: fields(ic), examples, range }, label(node(ic, 'label')));
    }
    case 'provisionDecl': {
      const n = name(tok(ic, 'Identifier'));
      if (!n) return undefined;
      return withLabel({ kind: 'Provision', name: n, fields: fields(ic), range }, label(node(ic, 'label')));
    }
    case 'interactionDecl': {
      const mode = firstKeyword(ic, ['HigherOf', 'Exclusive', 'Priority', 'Choice']);
      if (!mode) return undefined;
      const members = ((ic['Identifier'] ?? []) as IToken[]).filter(realToken).map((t) => name(t)!);
      return { kind: 'Interaction', mode: mode.tokenType.name, members, range };
    }
  }
  return undefined;
}

/** Adds the label to a node just built (last, as a spread would: key order is part of the tree's JSON). */
export function withLabel<const T extends object>(o: T, l: A.Label | undefined): T & { label?: A.Label } {
  if (l) (o as T & { label?: A.Label }).label = l;
  return o;
}

function fields(c: Ctx): A.Field[] {
  const out: A.Field[] = [];
  const unknown = nodes(c, 'unknownField');
  for (const f of unknown) {
    // `资金总额：…；` / `总额不超过：…；`: a name (with the comparison word the lexer split off it) where a field
    // keyword belongs; the checker reports it (P2190) and reads nothing else of it.
    const fc = ctxOf(f);
    const id = tok(fc, 'Identifier');
    if (!id) continue;
    const cmp = [...((fc['PrefixCmp'] ?? []) as IToken[]), ...((fc['PostfixCmp'] ?? []) as IToken[])].find(realToken);
    const keyRange = cmp ? { start: id.startOffset, end: tokRange(cmp).end } : tokRange(id);
    out.push({
      kind: 'Field',
      key: 'Fact',
      factName: { text: cmp ? id.image + cmp.image : nameText(id.image), range: keyRange },
      keyRange,
      values: fieldValues(node(fc, 'fieldValues'), keyRange.end),
      range: rangeOf(f),
    });
  }
  for (const f of nodes(c, 'field')) {
    const fc = ctxOf(f);
    const key = tok(fc, 'FieldKey');
    if (!key) continue;
    out.push({
      kind: 'Field',
      key: key.tokenType.name,
      keyRange: tokRange(key),
      values: fieldValues(node(fc, 'fieldValues'), tokRange(key).end),
      range: rangeOf(f),
    });
  }
  if (unknown.length) out.sort((a, b) => a.range.start - b.range.start);
  return out;
}

function factEntry(f: CstNode): A.Field | undefined {
  const fc = ctxOf(f);
  const id = tok(fc, 'Identifier');
  if (!id) return undefined;
  return {
    kind: 'Field',
    key: 'Fact',
    factName: name(id)!,
    keyRange: tokRange(id),
    values: fieldValues(node(fc, 'fieldValues'), tokRange(id).end),
    range: rangeOf(f),
  };
}

/** `不超过30%` as a field's value: the value with the prefix comparison word before it (a `Relative`, `prefix`). */
export function boundedValue(word: IToken, e: A.Expr): A.Expr {
  return { kind: 'Relative', op: word.tokenType.name, expr: e, prefix: true, range: { start: word.startOffset, end: Math.max(e.range.end, tokRange(word).end) } };
}

function fieldValues(n: CstNode | undefined, fallback: number): A.Expr[] {
  if (!n) return [];
  const c = ctxOf(n);
  // `不超过30%`: a prefix comparison word before a value (parser.ts boundedValue), the word just before its expression.
  const words = ((c['PrefixCmp'] ?? []) as IToken[]).filter(realToken);
  return nodes(c, 'expr').map((e, i, all) => {
    const v = expr(e, fallback);
    const start = rangeOf(e).start;
    const prev = i > 0 ? rangeOf(all[i - 1]!).end : -1;
    const word = words.find((w) => w.startOffset < start && w.startOffset >= prev);
    return word ? boundedValue(word, v) : v;
  });
}

function unitRef(n: CstNode | undefined): A.UnitRef | undefined {
  if (!n) return undefined;
  const c = ctxOf(n);
  const word = tok(c, 'UnitWord');
  const own = tok(c, 'Identifier');
  const denNode = node(c, 'unitDen');
  let out: A.UnitRef;
  if (word) out = { num: word.tokenType.name, range: rangeOf(n) };
  else if (own) out = { num: own.image, declared: { num: name(own)! }, range: rangeOf(n) };
  else return undefined;
  if (denNode) {
    const dc = ctxOf(denNode);
    const dw = tok(dc, 'UnitWord');
    const dn = tok(dc, 'Identifier');
    if (dw) out.den = dw.tokenType.name;
    else if (dn) {
      out.den = dn.image;
      out.declared = { ...out.declared, den: name(dn)! };
    }
  }
  return out;
}

function typeRef(n: CstNode | undefined): A.TypeRef | undefined {
  if (!n) return undefined;
  const c = ctxOf(n);
  const range = rangeOf(n);
  if (tok(c, 'BoolType')) return { kind: 'BoolType', range };
  if (tok(c, 'TextType')) return { kind: 'TextType', range };
  if (tok(c, 'Date')) return { kind: 'DateType', range };
  if (tok(c, 'Percent')) return { kind: 'PercentType', range };
  if (tok(c, 'ListOf')) {
    const of = name(tok(c, 'Identifier'));
    return of ? { kind: 'ListType', of, range } : undefined;
  }
  const nums = nodes(c, 'numberLit');
  const cmp = tok(c, 'PrefixCmp') ?? tok(c, 'Ceiling') ?? tok(c, 'PostfixCmp');
  if (cmp && nums.length === 1) {
    const bound = numberLit(nums[0]);
    return bound ? { kind: 'BoundType', bound, word: cmp.tokenType.name, wordRange: tokRange(cmp), postfix: !!tok(c, 'PostfixCmp'), range } : undefined;
  }
  if (nums.length === 2) {
    const [low, high] = nums.map((n) => numberLit(n)) as [A.NumberExpr | undefined, A.NumberExpr | undefined];
    if (low && high) return { kind: 'RangeType', low, high, range };
    return undefined;
  }
  // `张 按 失能程度`: a declared unit (a name) before 按 is the unit of a per-level count or keyed parameter.
  const own = !node(c, 'unitRef') && nodes(c, 'typeKey').length > 0 ? tok(c, 'Identifier') : undefined;
  const u = own ? ({ num: own.image, declared: { num: name(own)! }, range: tokRange(own) } satisfies A.UnitRef) : unitRef(node(c, 'unitRef'));
  if (u) {
    const keys: A.TypeKey[] = [];
    for (const k of nodes(c, 'typeKey')) {
      const kc = ctxOf(k);
      const id = name(tok(kc, 'Identifier'));
      if (id) keys.push({ kind: 'Name', name: id });
      else if (tok(kc, 'TextType')) keys.push({ kind: 'Text', range: rangeOf(k) });
    }
    const table = node(c, 'rangeTable');
    if (keys.length === 0) return { kind: 'QuantityType', unit: u, range };
    if (keys.length === 1 && keys[0]!.kind === 'Name' && !table) return { kind: 'PerLevelType', unit: u, levels: keys[0]!.name, range };
    const ranges: A.KeyRange[] = [];
    for (const en of table ? nodes(ctxOf(table), 'rangeEntry') : []) {
      const ec = ctxOf(en);
      const key = name(tok(ec, 'Identifier'));
      const [low, high] = nodes(ec, 'numberLit').map((x) => numberLit(x));
      if (key && low && high) ranges.push({ key, low, high, range: rangeOf(en) });
    }
    return { kind: 'KeyedType', unit: u, keys, ...(table && { ranges }), range };
  }
  const id = name(tok(c, 'Identifier'));
  return id ? { kind: 'NamedType', name: id, range } : undefined;
}

const err = (at: number): A.ErrorExpr => ({ kind: 'Error', range: { start: at, end: at } });

/**
 * Folds `a op b op c …` where operators of several precedence levels share one
 * CST rule: `levels` lists the operator token names from the loosest binding to
 * the tightest. Left-associative within a level.
 */
function foldLevels(
  n: CstNode,
  operandRule: string,
  levels: string[][],
  make: (op: IToken, l: A.Expr, r: A.Expr) => A.Expr,
  sub: (n: CstNode, fb: number) => A.Expr,
  fb: number,
): A.Expr {
  const c = ctxOf(n);
  const operandNodes = nodes(c, operandRule);
  if (operandNodes.length === 0) return err(fb);
  // Most levels hold one operand and no operator: nothing to fold (the same as climbing below).
  if (operandNodes.length === 1) return sub(operandNodes[0]!, fb);
  const ops = levels.flat().flatMap((o) => (c[o] ?? []) as IToken[]).sort((a, b) => (a.startOffset || 0) - (b.startOffset || 0));
  const operands: A.Expr[] = [sub(operandNodes[0]!, fb)];
  for (let i = 1; i < operandNodes.length && ops[i - 1]; i++) operands.push(sub(operandNodes[i]!, operands[i - 1]!.range.end));
  return fold(operands, ops, levels, make);
}

/**
 * Precedence climbing over operands and the operators between them (operand i sits between
 * ops[i - 1] and ops[i]); `levels` from the loosest binding to the tightest. Shared by both
 * builders (this one and the parser's direct path, grammar/parser.ts).
 */
export function fold(operands: A.Expr[], ops: IToken[], levels: string[][], make: (op: IToken, l: A.Expr, r: A.Expr) => A.Expr): A.Expr {
  const level = (op: IToken) => levels.findIndex((l) => l.includes(op.tokenType.name));
  let i = 0;
  const climb = (min: number): A.Expr => {
    let left = operands[i++]!;
    while (i < operands.length) {
      const op = ops[i - 1]!;
      const l = level(op);
      if (l < min) break;
      left = make(op, left, climb(l + 1));
    }
    return left;
  };
  return climb(0);
}

export const LOGICAL_LEVELS = [['Or'], ['And']];
export const ARITH_LEVELS = [
  ['Plus', 'Minus'],
  ['Star', 'Divide', 'Slash'],
];
export const logical = (op: IToken, l: A.Expr, r: A.Expr): A.Expr => ({ kind: 'Logical', op: op.tokenType.name === 'Or' ? 'or' : 'and', left: l, right: r, range: span(l, r) });
export const binary = (op: IToken, l: A.Expr, r: A.Expr): A.Expr => ({
  kind: 'Binary',
  op: ({ Plus: '+', Minus: '-', Star: '*' } as Record<string, '+' | '-' | '*'>)[op.tokenType.name] ?? '/',
  left: l,
  right: r,
  range: span(l, r),
});

export const span = (a: A.Expr, b: A.Expr): A.Range => ({ start: a.range.start, end: Math.max(a.range.end, b.range.end) });

function expr(n: CstNode, fb: number): A.Expr {
  return foldLevels(n, 'notExpr', LOGICAL_LEVELS, logical, notExpr, fb);
}

function notExpr(n: CstNode, fb: number): A.Expr {
  const c = ctxOf(n);
  const not = tok(c, 'Not');
  const inner = node(c, 'notExpr');
  if (not && inner) {
    const e = notExpr(inner, tokRange(not).end);
    return { kind: 'Not', expr: e, range: { start: not.startOffset, end: Math.max(e.range.end, tokRange(not).end) } };
  }
  const cmp = node(c, 'compareExpr');
  return cmp ? compareExpr(cmp, fb) : err(fb);
}

function compareExpr(n: CstNode, fb: number): A.Expr {
  const c = ctxOf(n);
  const adds = nodes(c, 'additive');
  if (adds.length === 0) return err(fb);
  const first = additive(adds[0]!, fb);
  // `退役日期 至 招用日期 …`: the left side is the time elapsed between the two dates.
  const untilNode = node(c, 'untilDate');
  let left = first;
  if (untilNode) {
    const uc = ctxOf(untilNode);
    const u = tok(uc, 'Until');
    const toNode = node(uc, 'additive');
    const to = toNode ? additive(toNode, tokRange(u!).end) : err(tokRange(u!).end);
    left = { kind: 'Elapsed', from: first, to, range: { start: first.range.start, end: Math.max(to.range.end, tokRange(u!).end) } };
  }
  const inTok = tok(c, 'In');
  if (inTok) {
    const values = nodes(c, 'expr').map((e) => expr(e, tokRange(inTok).end));
    const r = rangeOf(n, left.range.start);
    return { kind: 'In', left, values, range: r };
  }
  const until = tok(c, 'Until');
  const marks = nodes(c, 'boundMark');
  if (until && adds[1]) {
    const high = adds[2] ? additive(adds[2], tokRange(until).end) : err(tokRange(until).end);
    // The marks belong to the end they follow.
    const lowMark = boundMark(marks.find((m) => rangeOf(m).start < until.startOffset));
    const highMark = boundMark(marks.find((m) => rangeOf(m).start > until.startOffset));
    return { kind: 'Range', left, low: additive(adds[1], left.range.end), high, ...(lowMark && { lowMark }), ...(highMark && { highMark }), range: rangeOf(n, left.range.start) };
  }
  const prefix = tok(c, 'PrefixCmp');
  const postfix = tok(c, 'PostfixCmp');
  const op = prefix ?? postfix;
  if (!op) return left;
  if (postfix && !adds[1]) return { kind: 'Relative', op: postfix.tokenType.name, expr: left, range: rangeOf(n, left.range.start) };
  // `排名 前5名`: 前 before the bound — a rank, ≤ (parser.ts compareExpr).
  if (postfix && !prefix && postfix.image === '前' && adds[1] && postfix.startOffset < rangeOf(adds[1]).start)
    return { kind: 'Compare', op: 'Within', left, right: additive(adds[1], tokRange(postfix).end), rank: true, range: rangeOf(n, left.range.start) };
  const right = adds[1] ? additive(adds[1], tokRange(op).end) : err(tokRange(op).end);
  // One mark, before or after the postfix word (`达到 40%（含）以上`, `2024年1月1日以后（不含）`); two is a mark said twice, the first kept.
  const mark = boundMark(marks[0]);
  const twice = prefix && postfix ? postfix.tokenType.name : undefined;
  return { kind: 'Compare', op: op.tokenType.name, left, right, ...(mark && { mark }), ...(twice && { twice }), ...spelledAs(op), ...(twice && spelledAs(postfix, 'twiceSpelled')), range: rangeOf(n, left.range.start) };
}

function additive(n: CstNode, fb: number): A.Expr {
  return foldLevels(n, 'unary', ARITH_LEVELS, binary, unary, fb);
}

function unary(n: CstNode, fb: number): A.Expr {
  const c = ctxOf(n);
  const minus = tok(c, 'Minus');
  const inner = node(c, 'unary');
  if (minus && inner) {
    const e = unary(inner, tokRange(minus).end);
    return { kind: 'Neg', expr: e, range: { start: minus.startOffset, end: Math.max(e.range.end, tokRange(minus).end) } };
  }
  const p = node(c, 'primary');
  if (!p) return err(fb);
  const e = primary(p, fb);
  const since = tok(c, 'ToDate');
  return since ? { kind: 'Elapsed', from: e, range: { start: e.range.start, end: tokRange(since).end } } : e;
}

function mapEntries(n: CstNode | undefined, fb: number): A.MapEntry[] {
  if (!n) return [];
  const out: A.MapEntry[] = [];
  for (const e of nodes(ctxOf(n), 'mapEntry')) {
    const ec = ctxOf(e);
    const k = name(tok(ec, 'Identifier'));
    const v = node(ec, 'additive');
    if (!k) continue;
    out.push({ key: k, value: v ? additive(v, k.range.end) : err(k.range.end), range: rangeOf(e, fb) });
  }
  return out;
}

export const POSTFIX_UPPER = new Set(['OrBelow', 'AndBelow', 'Within']);
export const PREFIX_UPPER = new Set(['Under', 'NotExceeding', 'NotAbove', 'Below', 'LessEq', 'Less']);

function boundMark(n: CstNode | undefined): 'Incl' | 'Excl' | undefined {
  if (!n) return undefined;
  const c = ctxOf(n);
  return tok(c, 'Excl') ? 'Excl' : tok(c, 'Incl') ? 'Incl' : undefined;
}

function bracketEntries(list: CstNode[], fb: number): A.BracketEntry[] {
  const out: A.BracketEntry[] = [];
  for (const e of list) {
    const ec = ctxOf(e);
    const adds = nodes(ec, 'additive');
    const colon = tok(ec, 'Colon');
    if (!colon || adds.length < 2) continue;
    const marks = nodes(ec, 'boundMark');
    const prefix = tok(ec, 'PrefixCmp');
    const postfix = tok(ec, 'PostfixCmp');
    const until = tok(ec, 'Until');
    const at = rangeOf(e, fb);
    const value = additive(adds[adds.length - 1]!, tokRange(colon).end);
    const keyRange = { start: at.start, end: colon.startOffset };
    const first = additive(adds[0]!, at.start);
    const withMark = (v: A.Expr, m: 'Incl' | 'Excl' | undefined): A.BracketBound => (m ? { value: v, mark: m } : { value: v });
    // `12%以上不满18%`: a postfix word first, then a prefix word: the postfix form with a second bound (below).
    const prefixes = ec['PrefixCmp']?.filter(isToken) ?? [];
    if (prefix && prefixes.length >= 2 && adds.length >= 3) {
      // `超过12%不超过18%`: two prefix words, each with its bound.
      const w2 = prefixes[1]!;
      const secondStart = rangeOf(adds[1]!).start;
      const lowMark = marks.find((m) => rangeOf(m).start < secondStart);
      const highMark = marks.find((m) => rangeOf(m).start > secondStart);
      out.push({ op: prefix.tokenType.name, low: withMark(first, boundMark(lowMark)), high: withMark(additive(adds[1]!, tokRange(w2).end), boundMark(highMark)), op2: w2.tokenType.name, ...spelledAs(w2, 'spelled2'), value, ...spelledAs(prefix), keyRange, range: at });
      continue;
    }
    if (prefix && !(postfix && postfix.startOffset < prefix.startOffset)) {
      const op = prefix.tokenType.name;
      const b = withMark(first, boundMark(marks.find((m) => !until || rangeOf(m).start < until.startOffset)));
      // `达到 2亿元以上`: the same bound said twice.
      const twice = postfix && { twice: postfix.tokenType.name, ...spelledAs(postfix, 'twiceSpelled') };
      if (until && adds.length >= 3) {
        // `超过 B1 至 B2`: the word bounds B1, 至 reaches B2 (included unless marked).
        const high = withMark(additive(adds[1]!, tokRange(until).end), boundMark(marks.find((m) => rangeOf(m).start > until.startOffset)));
        out.push({ op, low: b, high, value, ...twice, ...spelledAs(prefix), keyRange, range: at });
      } else out.push({ op, ...(PREFIX_UPPER.has(op) ? { high: b } : { low: b }), value, ...twice, ...spelledAs(prefix), keyRange, range: at });
    } else if (postfix) {
      const op = postfix.tokenType.name;
      const b = withMark(first, boundMark(marks[0]));
      // `12%以上18%以下` / `12%以上不满18%`: a second bound with its own word.
      const words = ec['PostfixCmp']?.filter(isToken) ?? [];
      const word2 = words[1] ?? ec['PrefixCmp']?.filter(isToken)[0];
      if (word2 && adds.length >= 3) {
        const secondStart = rangeOf(adds[1]!).start;
        const lowMark = marks.find((m) => rangeOf(m).start < secondStart);
        const highMark = marks.find((m) => rangeOf(m).start > secondStart);
        out.push({ op, low: withMark(first, boundMark(lowMark)), high: withMark(additive(adds[1]!, tokRange(words[0]!).end), boundMark(highMark)), op2: word2.tokenType.name, ...spelledAs(word2, 'spelled2'), value, ...spelledAs(postfix), keyRange, range: at });
        continue;
      }
      out.push({ op, ...(POSTFIX_UPPER.has(op) ? { high: b } : { low: b }), value, ...spelledAs(postfix), keyRange, range: at });
    } else if (until && adds.length >= 3) {
      // The marks belong to the bound they follow.
      const lowMark = marks.find((m) => (rangeOf(m).start < until.startOffset));
      const highMark = marks.find((m) => (rangeOf(m).start > until.startOffset));
      out.push({ low: withMark(first, boundMark(lowMark)), high: withMark(additive(adds[1]!, tokRange(until).end), boundMark(highMark)), value, keyRange, range: at });
    } else {
      // A bare bound: the checker asks for a word (P2063).
      out.push({ low: withMark(first, boundMark(marks[0])), value, keyRange, range: at, bare: true });
    }
  }
  return out;
}

function numberLit(num: CstNode): A.NumberExpr | undefined {
  const nc = ctxOf(num);
  const t = tok(nc, 'Number');
  if (!t) return undefined;
  const out: A.NumberExpr = { kind: 'Number', value: asciiDigits(t.image), range: rangeOf(num) };
  if (tok(nc, 'Percent')) out.percent = true;
  const u = unitRef(node(nc, 'unitRef') ?? node(nc, 'declaredUnit'));
  if (u) out.unit = u;
  return out;
}

function primary(n: CstNode, fb: number): A.Expr {
  const c = ctxOf(n);
  const range = rangeOf(n, fb);
  const num = node(c, 'numberLit');
  if (num) {
    const t = tok(ctxOf(num), 'Number');
    if (!t) return err(fb);
    // The stand-in for a part cut by the nesting limit (grammar/depth.ts; already reported as P1006).
    if ((t.payload as { nestingCut?: boolean } | undefined)?.nestingCut) return { kind: 'Error', range: tokRange(t) };
    return numberLit(num)!;
  }
  const date = tok(c, 'DateLiteral');
  if (date) return dateNode(date.image, range);
  const l = label(node(c, 'label'));
  if (l) return { kind: 'String', label: l, range };
  if (tok(c, 'Yes')) return { kind: 'Bool', value: true, range };
  if (tok(c, 'No')) return { kind: 'Bool', value: false, range };
  const id = name(tok(c, 'Identifier'));
  if (id) return { kind: 'Ref', name: id, range };
  const u = unitRef(node(c, 'unitRef'));
  if (u) return { kind: 'Unit', unit: u, range };
  const paren = node(c, 'parenExpr');
  if (paren) {
    const inner = node(ctxOf(paren), 'expr');
    return { kind: 'Paren', expr: inner ? expr(inner, range.start + 1) : err(range.start + 1), range };
  }
  const map = node(c, 'mapLit');
  if (map) return { kind: 'Map', entries: mapEntries(map, fb), range };
  const table = node(c, 'tableExpr');
  if (table) {
    const tc = ctxOf(table);
    const by = name(tok(tc, 'Identifier'));
    if (!by) return err(fb);
    if (tok(tc, 'Brackets')) return { kind: 'Brackets', by, entries: bracketEntries(nodes(tc, 'bracketEntry'), fb), range };
    if (tok(tc, 'Progressive')) return { kind: 'Brackets', by, entries: bracketEntries(nodes(tc, 'bracketEntry'), fb), progressive: true, range };
    return { kind: 'Table', by, entries: mapEntries(node(tc, 'mapLit'), fb), range };
  }
  const ifNode = node(c, 'ifExpr');
  if (ifNode) {
    const ic = ctxOf(ifNode);
    const parts = nodes(ic, 'expr');
    const at = (k: number, after: string) => {
      const t = tok(ic, after);
      const fallback = t ? tokRange(t).end : range.end;
      return parts[k] ? expr(parts[k]!, fallback) : err(fallback);
    };
    return { kind: 'If', cond: at(0, 'If'), then: at(1, 'Then'), else: at(2, 'Else'), range };
  }
  const year = node(c, 'yearExpr');
  if (year) {
    const yc = ctxOf(year);
    const open = tok(yc, 'LParen');
    const inner = node(yc, 'expr');
    const at = open ? tokRange(open).end : range.start;
    return { kind: 'YearOf', date: inner ? expr(inner, at) : err(at), range };
  }
  const whole = node(c, 'wholeExpr');
  if (whole) {
    const wc = ctxOf(whole);
    const open = tok(wc, 'LParen');
    const inner = node(wc, 'expr');
    const at = open ? tokRange(open).end : range.start;
    return { kind: 'Whole', mode: tok(wc, 'WholeUp') ? 'up' : 'down', arg: inner ? expr(inner, at) : err(at), range };
  }
  const age = node(c, 'ageExpr');
  if (age) {
    const ac = ctxOf(age);
    const open = tok(ac, 'LParen');
    const [inner, on] = nodes(ac, 'expr');
    const at = open ? tokRange(open).end : range.start;
    const out: A.AgeExpr = { kind: 'AgeOf', birth: inner ? expr(inner, at) : err(at), range };
    if (on) out.at = expr(on, at);
    return out;
  }
  const choose = node(c, 'chooseExpr');
  if (choose) {
    const cc = ctxOf(choose);
    const open = tok(cc, 'LParen');
    const args = nodes(cc, 'expr').map((x) => expr(x, open ? tokRange(open).end : range.start));
    return { kind: 'Choose', op: tok(cc, 'LesserOf') ? 'min' : 'max', args, range };
  }
  const callNode = node(c, 'callExpr');
  if (callNode) {
    const cc = ctxOf(callNode);
    const open = tok(cc, 'LParen');
    const n = name(tok(cc, 'Identifier'));
    const args = nodes(cc, 'expr').map((x) => expr(x, open ? tokRange(open).end : range.start));
    if (n) return { kind: 'Call', name: n, args, range };
  }
  const sum = node(c, 'sumExpr');
  if (sum) {
    const sc = ctxOf(sum);
    const open = tok(sc, 'LParen');
    const args = nodes(sc, 'expr').map((x) => expr(x, open ? tokRange(open).end : range.start));
    return { kind: 'SumOver', args, range };
  }
  const meets = node(c, 'meetsExpr');
  if (meets) {
    const mc = ctxOf(meets);
    const n = name(tok(mc, 'Identifier'));
    if (!n) return err(fb);
    const out: A.MeetsExpr = { kind: 'Meets', benefit: n, range };
    // `的条件` is one identifier: anything else after the name is not this form.
    const tail = tok(mc, 'Identifier', 1);
    if (tail && tail.image !== '的条件') out.tail = { text: tail.image, range: tokRange(tail) };
    return out;
  }
  const sameAs = node(c, 'sameAsExpr');
  if (sameAs) {
    const n = name(tok(ctxOf(sameAs), 'Identifier'));
    return n ? { kind: 'SameAs', benefit: n, range } : err(fb);
  }
  const period = node(c, 'periodExpr');
  if (period) {
    const pc = ctxOf(period);
    const out: A.PeriodExpr = { kind: 'Period', range };
    const adds = nodes(pc, 'additive');
    const fromTok = tok(pc, 'From');
    let i = 0;
    if (fromTok && adds[i]) out.from = additive(adds[i++]!, fb);
    if (tok(pc, 'Onward') && adds[i]) out.length = additive(adds[i++]!, fb);
    if (tok(pc, 'Until') && adds[i]) out.until = additive(adds[i++]!, fb);
    return out;
  }
  for (const [k, list] of Object.entries(c)) {
    const t = list?.[0] as IToken | undefined;
    if (t && realToken(t) && isToken(t)) return { kind: 'Keyword', keyword: t.tokenType.name, range };
  }
  return err(fb);
}
