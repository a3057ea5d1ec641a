// The prettier printer for .policy files: one print function per AST node
// kind, built from prettier's doc builders. Text comes from the tokens (via the
// cursor, which also places comments); layout comes from the AST.
//
// Canonical layout:
// - two-space indentation; `政策 {`, `待遇 名称 “标签” {` headers with blocks of
//   one field per line (`key：value；`), blank lines kept (at most one);
// - examples on one line when they fit, else fact entries fill lines and
//   日期 / 已领 / 期望 get a line each;
// - field values, interaction members, enum values and level lists break one
//   per line when too long; multi-valued fields align continuation lines under
//   the first value; tables and map literals break one entry per line;
// - chains of 且 / 或 / + - / × ÷ break before the operator, one operand per
//   line; a table as the last operand breaks inside its braces instead;
// - postfix comparison words glue to their bound (高级工及以上, 3名以内),
//   Chinese units to their number (800元); English words stand apart (800 yuan).
import { doc, util, type AstPath, type Doc, type ParserOptions, type Printer } from 'prettier';
import type * as A from '../../grammar/ast.ts';
import { DateLit, POSTFIX_COMPARISONS, SYMBOL_COMPARISONS } from '../../grammar/tokens.ts';
import { stripRanges } from './ast-equal.ts';
import { anchorComments } from './comments.ts';
import { Cursor, FormatterInvariantError } from './cursor.ts';
import { sourceOf } from './source.ts';
import { isAscii, punctuationPlan, Speller, type KeywordMode, type PunctuationMode } from './spelling.ts';

const { group, indent, align, fill, line, softline, hardline } = doc.builders;

export type Node =
  | A.PolicyFile
  | A.Decl
  | A.ExampleDecl
  | A.Field
  | A.FactDecl
  | A.TypeRef
  | A.Expr;

export interface PolicyPrintOptions extends ParserOptions<Node> {
  policyKeywords?: KeywordMode;
  policyPunctuation?: PunctuationMode;
}

type Print = (selector?: string | number | Array<string | number>) => Doc;

const cursors = new WeakMap<A.PolicyFile, Cursor>();

function cursorOf(path: AstPath<Node>): Cursor {
  const cur = cursors.get(path.root as A.PolicyFile);
  if (!cur) throw new FormatterInvariantError('printing a node outside a policy file');
  return cur;
}

const POSTFIX = new Set(POSTFIX_COMPARISONS);
const SYMBOL_OPS = new Set(SYMBOL_COMPARISONS);

// ---------------------------------------------------------------- helpers

/** The separator after a comma or semicolon just taken: a line (space when flat) after half-width, a soft line after full-width. */
function lineAfterLast(cur: Cursor): Doc {
  return isAscii(cur.last) ? line : softline;
}

function printLabel(l: A.Label, cur: Cursor): Doc {
  const zh = cur.take('String');
  if (l.en === undefined) return zh;
  return [zh, cur.sep(' '), cur.take('Slash'), cur.sep(' '), cur.take('String')];
}

function optLabel(l: A.Label | undefined, cur: Cursor): Doc {
  return l ? [cur.sep(' '), printLabel(l, cur)] : '';
}

function printUnitRef(u: A.UnitRef, cur: Cursor): Doc {
  const num = cur.take(u.declared?.num ? 'Identifier' : u.num);
  if (!u.den) return num;
  return [num, cur.take('Slash'), cur.take(u.declared?.den ? 'Identifier' : u.den)];
}

/** `{ a，b }`: a group that breaks one item per line. */
function braced(cur: Cursor, count: number, printItem: (k: number) => Doc): Doc {
  const open = cur.take('LBrace');
  const pad = isAscii(cur.last) ? line : softline;
  if (count === 0) {
    const tail = cur.tail(false);
    return group([open, indent(tail), cur.take('RBrace', tail === '' ? '' : hardline)]);
  }
  const parts: Doc[] = [];
  for (let k = 0; k < count; k++) {
    if (k === 0) parts.push(cur.sep(pad));
    else {
      parts.push(cur.take('Comma'));
      parts.push(cur.sep(lineAfterLast(cur)));
    }
    parts.push(printItem(k));
  }
  const tail = cur.tail(false);
  const close = cur.take('RBrace', pad);
  return group([open, indent([parts, tail]), close]);
}

/** `{` statements `}` always on their own lines (policy, subject, benefit, provision). */
function block(cur: Cursor, count: number, printItem: (k: number) => Doc): Doc {
  const open = cur.take('LBrace', ' ');
  const parts: Doc[] = [];
  for (let k = 0; k < count; k++) {
    parts.push(cur.stmt(hardline, k > 0));
    parts.push(printItem(k));
  }
  const tail = cur.tail(count > 0);
  const close = cur.take('RBrace', count > 0 || tail !== '' ? hardline : '');
  return [open, indent([parts, tail]), close];
}

/**
 * A comma-separated list after a colon (`key：a，b，c`). One item: no
 * alignment, so a table inside indents from the field. Several: continuation
 * lines align under the first item.
 */
function commaList(cur: Cursor, head: string, count: number, printItem: (k: number) => Doc): Doc {
  const space = cur.spaceAfterLast();
  if (count === 1) return [cur.sep(space), printItem(0)];
  const parts: Doc[] = [cur.sep(space)];
  for (let k = 0; k < count; k++) {
    if (k > 0) {
      parts.push(cur.take('Comma'));
      parts.push(cur.sep(lineAfterLast(cur)));
    }
    parts.push(printItem(k));
  }
  return align(util.getStringWidth(head + space), parts);
}

// ---------------------------------------------------------------- declarations

function printFile(path: AstPath<A.PolicyFile>, cur: Cursor, print: Print): Doc {
  const file = path.node;
  cur.start();
  const parts: Doc[] = [];
  file.decls.forEach((_, k) => {
    parts.push(cur.stmt(hardline, k > 0));
    parts.push(print(['decls', k]));
  });
  const atStart = file.decls.length === 0;
  parts.push(cur.tail(true, atStart));
  if (!cur.done) throw new FormatterInvariantError(`formatter stopped at token ${cur.index}`);
  const printed = parts.some((p) => p !== '' && !(Array.isArray(p) && p.length === 0));
  return printed ? [parts, hardline] : '';
}

function printPolicy(path: AstPath<A.PolicyDecl>, cur: Cursor, print: Print): Doc {
  const kw = cur.take('Policy');
  return [kw, block(cur, path.node.fields.length, (k) => print(['fields', k]))];
}

function printFund(node: A.FundDecl, cur: Cursor): Doc {
  return [cur.take('Fund'), cur.take('Identifier', ' '), optLabel(node.label, cur), cur.take('Semi')];
}

function printLevelItem(item: A.LevelItem, cur: Cursor): Doc {
  const name = cur.take('Identifier');
  if (item.aliases.length === 0) return [name, optLabel(item.label, cur)];
  const parts: Doc[] = [name, cur.take('LParen')];
  item.aliases.forEach((_, k) => {
    if (k > 0) {
      parts.push(cur.take('Comma'));
      parts.push(cur.sep(cur.spaceAfterLast()));
    }
    parts.push(cur.take('Identifier'));
  });
  parts.push(cur.take('RParen'));
  parts.push(optLabel(item.label, cur));
  return parts;
}

function printLevels(node: A.LevelsDecl, cur: Cursor): Doc {
  const head = [cur.take('Levels'), cur.take('Identifier', ' '), optLabel(node.label, cur), cur.take('Colon')];
  const first = cur.sep(lineAfterLast(cur));
  const items: Doc[] = [];
  node.levels.forEach((lv, k) => {
    if (k > 0) {
      if (cur.peek()?.tokenType.name === 'Less') {
        // 初级工（五级）< 中级工: full-width brackets carry their own space.
        items.push(cur.take('Less', /[）」]$/.test(cur.last) ? '' : ' '), cur.sep(line));
      } else {
        items.push(cur.take('Comma'), cur.sep(lineAfterLast(cur)));
      }
    }
    items.push(printLevelItem(lv, cur));
  });
  const semi = cur.take('Semi');
  return group([head, indent([first, group(items)]), semi]);
}

function printEnum(node: A.EnumDecl, cur: Cursor): Doc {
  const head = [cur.take('Enum'), cur.take('Identifier', ' '), optLabel(node.label, cur), cur.take('Colon')];
  const first = cur.sep(lineAfterLast(cur));
  const items: Doc[] = [];
  node.values.forEach((v, k) => {
    if (k > 0) items.push(cur.take('Comma'), cur.sep(lineAfterLast(cur)));
    items.push([cur.take('Identifier'), optLabel(v.label, cur)]);
  });
  const semi = cur.take('Semi');
  return group([head, indent([first, items]), semi]);
}

function printSubject(path: AstPath<A.SubjectDecl>, cur: Cursor, print: Print): Doc {
  const node = path.node;
  const head = [cur.take('Subject'), cur.take('Identifier', ' '), optLabel(node.label, cur)];
  return [head, block(cur, node.facts.length, (k) => print(['facts', k]))];
}

function printFact(path: AstPath<A.FactDecl>, cur: Cursor, print: Print): Doc {
  const node = path.node;
  const name = cur.take('Identifier');
  if (node.formula && !node.colonFormula) {
    // A derived fact: `名称 = 算式 “说明”；`
    // When too long, the label goes to the next line before the formula breaks.
    const eq = cur.take('Equals', ' ');
    const formula = [cur.sep(' '), print('formula')];
    const label = node.label ? indent([cur.sep(line), printLabel(node.label, cur)]) : '';
    return group([name, eq, formula, label, cur.take('Semi')]);
  }
  const colon = cur.take('Colon');
  // `核定 20万元至500万元`: a reviewed amount; the keyword and its type are always a space apart.
  const reviewed = node.reviewed ? [cur.sep(cur.spaceAfterLast()), cur.take('Reviewed')] : '';
  const type = [cur.sep(node.reviewed ? ' ' : cur.spaceAfterLast()), print('type')];
  // `规上企业：主营收入 2000万元及以上；` (P1016): printed as written, the rest of the condition after the type.
  const rest = node.colonFormula ? [node.colonFormula.equals ? cur.take('Equals', ' ') : '', cur.sep(' '), print('formula')] : '';
  return [name, colon, reviewed, type, rest, optLabel(node.label, cur), cur.take('Semi')];
}

function printParameter(path: AstPath<A.ParameterDecl>, cur: Cursor, print: Print): Doc {
  const node = path.node;
  const head = [cur.take('Parameter'), cur.take('Identifier', ' '), cur.take('Colon')];
  const type = [cur.sep(cur.spaceAfterLast()), print('type')];
  return [head, type, optLabel(node.label, cur), cur.take('Semi')];
}

function printTypeRef(node: A.TypeRef, cur: Cursor): Doc {
  switch (node.kind) {
    case 'BoolType':
      return cur.take('BoolType');
    case 'TextType':
      return cur.take('TextType');
    case 'DateType':
      return cur.take('Date');
    case 'PercentType':
      return cur.take('Percent');
    case 'RangeType':
      // 3000元至6000元 / 3000 yuan until 6000 yuan
      return [printNumber(node.low, cur), cur.glue(!isAscii(cur.peekSpelled())), cur.take('Until'), cur.glue(!isAscii(cur.last)), printNumber(node.high, cur)];
    case 'BoundType':
      // 不超过50%, 3000元以上 / not-exceeding 50%, 3000 yuan or-more
      return node.postfix
        ? [printNumber(node.bound, cur), cur.glue(!isAscii(cur.peekSpelled())), cur.take(node.word)]
        : [cur.take(node.word), cur.glue(!isAscii(cur.last)), printNumber(node.bound, cur)];
    case 'NamedType':
      return cur.take('Identifier');
    case 'QuantityType':
      return printUnitRef(node.unit, cur);
    case 'PerLevelType':
      return [printUnitRef(node.unit, cur), cur.take('By', ' '), cur.take('Identifier', ' ')];
    case 'ListType':
      // 名单 见习人员
      return [cur.take('ListOf'), cur.take('Identifier', ' ')];
    case 'KeyedType': {
      // 元 按 职业类别，技能等级 { 初级工：1000元至1500元，… }
      const parts: Doc[] = [printUnitRef(node.unit, cur), cur.take('By', ' ')];
      node.keys.forEach((k, i) => {
        if (i > 0) parts.push(cur.take('Comma'));
        parts.push(cur.take(k.kind === 'Text' ? 'TextType' : 'Identifier', i > 0 ? cur.spaceAfterLast() : ' '));
      });
      if (node.ranges) {
        const open = cur.take('LBrace', ' ');
        const entries: Doc[] = [];
        node.ranges.forEach((r, i) => {
          if (i > 0) entries.push(cur.take('Comma'), cur.sep(isAscii(cur.last) ? line : softline));
          else entries.push(cur.sep(line));
          entries.push(cur.take('Identifier'), cur.take('Colon'), cur.sep(cur.spaceAfterLast()), printNumber(r.low, cur), cur.glue(!isAscii(cur.peekSpelled())), cur.take('Until'), cur.glue(!isAscii(cur.last)), printNumber(r.high, cur));
        });
        parts.push(group([open, indent(entries), cur.sep(line), cur.take('RBrace')]));
      }
      return parts;
    }
    default:
      throw new FormatterInvariantError(`no printer for type kind ${(node as { kind: string }).kind}`);
  }
}

function printBenefit(path: AstPath<A.BenefitDecl>, cur: Cursor, print: Print): Doc {
  const node = path.node;
  const head = [cur.take('Benefit'), cur.take('Identifier', ' '), optLabel(node.label, cur)];
  // Fields and examples may interleave; print them in source order.
  const items: Array<[string, number, number]> = [
    ...node.fields.map((f, k): [string, number, number] => ['fields', k, f.range.start]),
    ...node.examples.map((e, k): [string, number, number] => ['examples', k, e.range.start]),
  ].sort((a, b) => a[2] - b[2]);
  return [head, block(cur, items.length, (k) => print([items[k]![0], items[k]![1]]))];
}

function printExample(path: AstPath<A.ExampleDecl>, cur: Cursor, print: Print): Doc {
  const node = path.node;
  const kw = cur.take('Example');
  const label = optLabel(node.label, cur);
  const open = cur.take('LBrace', ' ');
  const pad = isAscii(cur.last) ? line : softline;
  const count = node.fields.length;
  if (count === 0) {
    const tail = cur.tail(false);
    return group([kw, label, open, indent(tail), cur.take('RBrace', tail === '' ? '' : hardline)]);
  }
  // When the example does not fit on one line, consecutive fact entries fill
  // lines and each keyword field (日期, 已领, 期望) gets a line of its own.
  const parts: Doc[] = [];
  let run: Doc[] = [];
  const flush = () => {
    if (run.length > 0) parts.push(fill(run));
    run = [];
  };
  for (let k = 0; k < count; k++) {
    const isFact = node.fields[k]!.key === 'Fact';
    const sep = k === 0 ? cur.sep(pad) : cur.stmt(lineAfterLast(cur), true);
    const field = print(['fields', k]);
    if (isFact && run.length > 0) {
      run.push(sep, field);
      continue;
    }
    flush();
    parts.push(sep);
    if (isFact) run.push(field);
    else parts.push(field);
  }
  flush();
  const tail = cur.tail(true);
  const close = cur.take('RBrace', pad);
  return group([kw, label, open, indent([parts, tail]), close]);
}

function printProvision(path: AstPath<A.ProvisionDecl>, cur: Cursor, print: Print): Doc {
  const node = path.node;
  const head = [cur.take('Provision'), cur.take('Identifier', ' '), optLabel(node.label, cur)];
  return [head, block(cur, node.fields.length, (k) => print(['fields', k]))];
}

function printInteraction(node: A.InteractionDecl, cur: Cursor): Doc {
  const kw = cur.take(node.mode);
  const head = cur.last;
  const colon = cur.take('Colon');
  const list = commaList(cur, head + cur.last, node.members.length, () => cur.take('Identifier'));
  return group([kw, colon, list, cur.take('Semi')]);
}

/** A field key that is a name: an example's fact, or a field the language does not have (总额不超过：, the comparison word split off by the lexer). */
function nameKey(cur: Cursor): Doc {
  const id = cur.take('Identifier');
  const next = cur.peek();
  if (!next || next.tokenType.name === 'Colon') return id;
  return [id, cur.glue(true), cur.take(next.tokenType.name)];
}

function printField(path: AstPath<A.Field>, cur: Cursor, print: Print): Doc {
  const node = path.node;
  const key = node.factName ? nameKey(cur) : cur.take(node.key);
  const head = cur.last;
  const colon = cur.take('Colon');
  const values = commaList(cur, head + cur.last, node.values.length, (k) => print(['values', k]));
  return group([key, colon, values, cur.take('Semi')]);
}

// ---------------------------------------------------------------- expressions

const BINARY_TOKENS: Readonly<Record<A.BinaryExpr['op'], readonly string[]>> = {
  '+': ['Plus'],
  '-': ['Minus'],
  '*': ['Star'],
  '/': ['Slash', 'Divide'],
};

function printNumber(node: A.NumberExpr, cur: Cursor): Doc {
  const parts: Doc[] = [cur.take('Number')];
  if (node.percent) parts.push(cur.take('Percent'));
  if (node.unit) {
    // 800元, 3个月, but 800 yuan.
    parts.push(cur.glue(!isAscii(cur.peekSpelled())));
    parts.push(printUnitRef(node.unit, cur));
  }
  return parts;
}

function printCompare(path: AstPath<A.CompareExpr>, cur: Cursor, print: Print): Doc {
  const node = path.node;
  const left = print('left');
  // 2024年1月1日（含）以后 / 2024年1月1日以后（含） / 超过 100万元（含）: the mark where it was written.
  const mark = (): Doc =>
    node.mark && cur.peek()?.tokenType.name === 'LParen' ? [cur.glue(!isAscii(cur.peekSpelled())), cur.take('LParen'), cur.take(['Incl', 'Excl']), cur.take('RParen')] : '';
  // 排名 前5名: 前 before the bound, as written — the form's own word whatever the keyword spelling (its keyword's
  // other spellings, 以前 / on-or-before, do not make this form).
  if (node.rank) return [left, cur.takeAs('OnOrBefore', '前', ' '), print('right')];
  if (POSTFIX.has(node.op)) {
    // 取得证书等级 高级工及以上, 区级竞赛名次 3名以内
    const right = [cur.sep(' '), print('right')];
    const before = mark();
    return [left, right, before, cur.glue(!isAscii(cur.peekSpelled())), cur.take(node.op), mark()];
  }
  // 基地类型 为 区级公共实训基地, 次数 满 1次, x >= 3
  const op = cur.take(node.op, ' ');
  // 满 6个月以上: the second word stays where the text wrote it.
  const sep = cur.sep(' ');
  const right = print('right');
  const before = mark();
  const twice = node.twice ? [cur.glue(!isAscii(cur.peekSpelled())), cur.take(node.twice), mark()] : [];
  return [left, op, sep, right, before, ...twice];
}

function printIn(path: AstPath<A.InExpr>, cur: Cursor, print: Print): Doc {
  const node = path.node;
  const left = print('left');
  const kw = cur.take('In', ' ');
  const sep = cur.sep(' ');
  return [left, kw, sep, braced(cur, node.values.length, (k) => print(['values', k]))];
}

function printEntries(path: AstPath<A.MapExpr | A.TableExpr>, cur: Cursor, print: Print): Doc {
  return braced(cur, path.node.entries.length, (k) => {
    const key = cur.take('Identifier');
    const colon = cur.take('Colon');
    const sep = cur.sep(cur.spaceAfterLast());
    return [key, colon, sep, print(['entries', k, 'value'])];
  });
}

/** `满 1亿元：…`, `1亿元以上：…`, `5000万元（含）至1亿元（不含）：…`. */
function printBracketEntry(en: A.BracketEntry, k: number, cur: Cursor, print: Print): Doc {
  const at = (side: 'low' | 'high'): Doc => print(['entries', k, side, 'value']);
  // The mark where it was written: `5人（不含）以上` or `5人以上（不含）`.
  const mark = (b: A.BracketBound | undefined): Doc =>
    b?.mark && cur.peek()?.tokenType.name === 'LParen' ? [cur.glue(!isAscii(cur.peekSpelled())), cur.take('LParen'), cur.take(['Incl', 'Excl']), cur.take('RParen')] : '';
  const side: 'low' | 'high' = en.low ? 'low' : 'high';
  const parts: Doc[] = [];
  if (en.op && en.op2 && !POSTFIX.has(en.op)) {
    // 超过12%不超过18%
    parts.push(cur.take(en.op), cur.sep(' '), at('low'), mark(en.low), cur.glue(!isAscii(cur.peekSpelled())), cur.take(en.op2), cur.glue(!isAscii(cur.last)), at('high'), mark(en.high));
  } else if (en.op && !POSTFIX.has(en.op)) {
    parts.push(cur.take(en.op), cur.sep(' '), at(side), mark(en[side]));
    // 达到 2亿元以上: the second word stays where the text wrote it.
    if (en.twice) parts.push(cur.glue(!isAscii(cur.peekSpelled())), cur.take(en.twice), mark(en[side]));
    // 超过 36000元至144000元
    if (en.low && en.high) parts.push(cur.glue(!isAscii(cur.peekSpelled())), cur.take('Until'), cur.glue(!isAscii(cur.last)), at('high'), mark(en.high));
  }
  else if (en.op && en.op2) {
    // 12%以上18%以下, 12%以上不满18%: each bound with its word, where the text wrote them.
    parts.push(at('low'), mark(en.low), cur.glue(!isAscii(cur.peekSpelled())), cur.take(en.op), mark(en.low));
    if (POSTFIX.has(en.op2)) parts.push(cur.glue(!isAscii(cur.last)), at('high'), mark(en.high), cur.glue(!isAscii(cur.peekSpelled())), cur.take(en.op2), mark(en.high));
    else parts.push(cur.glue(!isAscii(cur.last)), cur.take(en.op2), cur.glue(!isAscii(cur.last)), at('high'), mark(en.high));
  } else if (en.op) parts.push(at(side), mark(en[side]), cur.glue(!isAscii(cur.peekSpelled())), cur.take(en.op), mark(en[side]));
  else if (en.low && en.high) parts.push(at('low'), mark(en.low), cur.glue(!isAscii(cur.peekSpelled())), cur.take('Until'), cur.glue(!isAscii(cur.last)), at('high'), mark(en.high));
  else parts.push(at(side), mark(en[side]));
  return [...parts, cur.take('Colon'), cur.sep(cur.spaceAfterLast()), print(['entries', k, 'value'])];
}

function printPeriod(path: AstPath<A.PeriodExpr>, cur: Cursor, print: Print): Doc {
  const node = path.node;
  const parts: Doc[] = [];
  if (node.from) {
    parts.push(cur.take('From'), cur.sep(' '), print('from'));
    if (node.length) parts.push(cur.take('Onward', ' '), cur.sep(' '), print('length'));
    if (node.until) parts.push(cur.take('Until', ' '), cur.sep(' '), print('until'));
  } else if (node.until) {
    parts.push(cur.take('Until'), cur.sep(' '), print('until'));
  }
  return parts;
}

type ChainExpr = A.BinaryExpr | A.LogicalExpr;

/** Operators of one precedence level chain together: 且, 或, + -, × ÷ /. */
function chainKey(e: A.Expr): string | undefined {
  if (e.kind === 'Logical') return e.op;
  if (e.kind === 'Binary') return e.op === '+' || e.op === '-' ? 'additive' : 'multiplicative';
  return undefined;
}

function opTokens(e: ChainExpr): readonly string[] {
  if (e.kind === 'Logical') return [e.op === 'and' ? 'And' : 'Or'];
  return BINARY_TOKENS[e.op];
}

/**
 * `a 或 b 或 c`, `a + b - c`: a left-nested chain of one precedence level,
 * printed flat when it fits, else one operand per line with the operator
 * first. A table or map as the last operand stays on the operator's line and
 * breaks inside its braces instead.
 */
function printChain(path: AstPath<ChainExpr>, cur: Cursor, print: Print): Doc {
  const key = chainKey(path.node);
  const links: ChainExpr[] = [path.node];
  while (chainKey(links[0]!.left) === key) links.unshift(links[0]!.left as ChainExpr);
  // links[0] is the innermost: its left is the first operand, reached by going left links.length times.
  const lefts = (n: number): string[] => Array.from({ length: n }, () => 'left');
  const first = print(lefts(links.length));
  const rest: Doc[] = [];
  let last: Doc = '';
  links.forEach((link, k) => {
    const depth = links.length - 1 - k;
    const isLast = k === links.length - 1;
    const braced = isLast && (link.right.kind === 'Table' || link.right.kind === 'Map');
    const part = [cur.sep(braced ? ' ' : line), cur.take(opTokens(link)), cur.sep(' '), print([...lefts(depth), 'right'])];
    if (braced) last = part;
    else rest.push(part);
  });
  return group([first, indent(rest), last]);
}

function printExpr(path: AstPath<A.Expr>, cur: Cursor, print: Print): Doc {
  const node = path.node;
  switch (node.kind) {
    case 'Number':
      return printNumber(node, cur);
    case 'Date':
      return cur.take(DateLit.name);
    case 'String':
      return printLabel(node.label, cur);
    case 'Bool':
      return cur.take(node.value ? 'Yes' : 'No');
    case 'Ref':
      return cur.take('Identifier');
    case 'Unit':
      return printUnitRef(node.unit, cur);
    case 'Keyword':
      return cur.take(node.keyword);
    case 'Binary':
      return printChain(path as AstPath<A.BinaryExpr>, cur, print);
    case 'Compare':
      return printCompare(path as AstPath<A.CompareExpr>, cur, print);
    case 'In':
      return printIn(path as AstPath<A.InExpr>, cur, print);
    case 'Logical':
      return printChain(path as AstPath<A.LogicalExpr>, cur, print);
    case 'Not':
      return [cur.take('Not'), cur.sep(' '), print('expr')];
    case 'Neg':
      return [cur.take('Minus'), print('expr')];
    case 'Paren':
      return [cur.take('LParen'), print('expr'), cur.take('RParen')];
    case 'Map':
      return printEntries(path as AstPath<A.MapExpr>, cur, print);
    case 'Table':
      return [cur.take('By'), cur.take('Identifier', ' '), cur.sep(' '), printEntries(path as AstPath<A.TableExpr>, cur, print)];
    case 'Brackets':
      return [
        cur.take('By'),
        cur.take('Identifier', ' '),
        cur.take(node.progressive ? 'Progressive' : 'Brackets', ' '),
        cur.sep(' '),
        braced(cur, node.entries.length, (k) => printBracketEntry(node.entries[k]!, k, cur, print)),
      ];
    case 'Period':
      return printPeriod(path as AstPath<A.PeriodExpr>, cur, print);
    case 'Range': {
      // 年龄 16至24周岁 / age 16 until 24 years-old
      const left = print('left');
      // 1亿元（含）至5亿元（不含）: the marks where they were written.
      const mark = (m: A.RangeExpr['lowMark']): Doc =>
        m && cur.peek()?.tokenType.name === 'LParen' ? [cur.glue(!isAscii(cur.peekSpelled())), cur.take('LParen'), cur.take(['Incl', 'Excl']), cur.take('RParen')] : '';
      const low = [cur.sep(' '), print('low'), mark(node.lowMark)];
      const until = [cur.glue(!isAscii(cur.peekSpelled())), cur.take('Until')];
      return [left, low, until, cur.glue(!isAscii(cur.last)), print('high'), mark(node.highMark)];
    }
    case 'If': {
      const head: Doc[] = [cur.take('If'), cur.sep(' '), print('cond')];
      const then: Doc[] = [cur.take('Then', ' '), cur.sep(' '), print('then')];
      const otherwise: Doc[] = [cur.take('Else', ' '), cur.sep(' '), print('else')];
      return [...head, ...then, ...otherwise];
    }
    case 'Call': {
      // 标准（职业类别，证书等级）
      const parts: Doc[] = [cur.take('Identifier'), cur.take('LParen')];
      node.args.forEach((_, k) => {
        if (k > 0) parts.push(cur.take('Comma'), cur.sep(cur.spaceAfterLast()));
        parts.push(print(['args', k]));
      });
      parts.push(cur.take('RParen'));
      return parts;
    }
    case 'SumOver': {
      // 合计（名单，每人的值，每人的条件）: flat when it fits, else one part per line, indented.
      const head: Doc[] = [cur.take('SumOver'), cur.take('LParen')];
      const parts: Doc[] = [cur.sep(softline)];
      node.args.forEach((_, k) => {
        if (k > 0) {
          parts.push(cur.take('Comma'));
          parts.push(cur.sep(isAscii(cur.last) ? line : softline));
        }
        parts.push(print(['args', k]));
      });
      return group([...head, indent(parts), cur.sep(softline), cur.take('RParen')]);
    }
    case 'Choose': {
      const parts: Doc[] = [cur.take(['LesserOf', 'GreaterOf']), cur.take('LParen')];
      node.args.forEach((_, k) => {
        if (k > 0) {
          parts.push(cur.take('Comma'));
          parts.push(cur.sep(cur.spaceAfterLast()));
        }
        parts.push(print(['args', k]));
      });
      parts.push(cur.take('RParen'));
      return parts;
    }
    case 'SameAs':
      // 参照 标准化养殖场补助 (a space, so the name is read alone)
      return [cur.take('SameAs'), cur.sep(' '), cur.take('Identifier')];
    case 'Meets':
      // 符合 社会保险补贴 的条件 (spaces, so the name is read alone; 的条件 is one word, 条件 the keyword)
      return [cur.take('Eligible'), cur.sep(' '), cur.take('Identifier'), cur.sep(' '), cur.take(['Condition', 'Identifier'])];
    case 'Elapsed':
      // 毕业日期 至今 / 退役日期 至 招用日期 (spaces, so 至今 and 至 are never read as part of a name)
      if (node.to) return [print('from'), cur.sep(' '), cur.take('Until'), cur.sep(' '), print('to')];
      return [print('from'), cur.sep(' '), cur.take('ToDate')];
    case 'YearOf':
      // 所在年度（认定日期）
      return [cur.take('YearOf'), cur.take('LParen'), print('date'), cur.take('RParen')];
    case 'Whole':
      // 取整（营收增量 ÷ 100万元）
      return [cur.take(['Whole', 'WholeUp']), cur.take('LParen'), print('arg'), cur.take('RParen')];
    case 'AgeOf':
      // 周岁（出生日期）
      return [
        cur.take('Age'),
        cur.take('LParen'),
        print('birth'),
        ...(node.at ? [cur.take('Comma'), cur.sep(cur.spaceAfterLast()), print('at')] : []),
        cur.take('RParen'),
      ];
    case 'Relative': {
      // 分担：市级资金，不超过 30%: a value with a prefix comparison word before it.
      if (node.prefix) return [cur.take(node.op), cur.sep(' '), print('expr')];
      // 证书等级及以上 (no bound: relative to the value at hand)
      const expr = print('expr');
      return [expr, cur.glue(!isAscii(cur.peekSpelled())), cur.take(node.op)];
    }
    case 'Error':
      throw new FormatterInvariantError('cannot format a file with syntax errors');
    default:
      throw new FormatterInvariantError(`no printer for expression kind ${(node as { kind: string }).kind}`);
  }
}

// ---------------------------------------------------------------- dispatch

function printNode(path: AstPath<Node>, options: PolicyPrintOptions, print: Print): Doc {
  const node = path.node;
  if (node.kind === 'File') {
    const src = sourceOf(node);
    const plan = punctuationPlan(options.policyPunctuation ?? 'auto', src.tokens);
    const speller = new Speller(options.policyKeywords ?? 'keep', options.policyPunctuation ?? 'auto', plan);
    const cur = new Cursor(src.tokens, anchorComments(src.text, src.tokens, src.comments), speller);
    cursors.set(node, cur);
    try {
      return printFile(path as AstPath<A.PolicyFile>, cur, print);
    } finally {
      cursors.delete(node);
    }
  }
  const cur = cursorOf(path);
  switch (node.kind) {
    case 'Policy':
      return printPolicy(path as AstPath<A.PolicyDecl>, cur, print);
    case 'Fund':
      return printFund(node, cur);
    case 'Import':
      return [cur.take('Import'), cur.take('String', ' '), cur.take('Semi')];
    case 'UnitDecl':
      return [
        cur.take('UnitDecl'),
        cur.take('Identifier', ' '),
        node.multiple ? [cur.take('Equals', ' '), cur.sep(' '), printNumber(node.multiple, cur)] : '',
        optLabel(node.label, cur),
        cur.take('Semi'),
      ];
    case 'Levels':
      return printLevels(node, cur);
    case 'Enum':
      return printEnum(node, cur);
    case 'Subject':
      return printSubject(path as AstPath<A.SubjectDecl>, cur, print);
    case 'Fact':
      return printFact(path as AstPath<A.FactDecl>, cur, print);
    case 'Parameter':
      return printParameter(path as AstPath<A.ParameterDecl>, cur, print);
    case 'Benefit':
      return printBenefit(path as AstPath<A.BenefitDecl>, cur, print);
    case 'Example':
      return printExample(path as AstPath<A.ExampleDecl>, cur, print);
    case 'Provision':
      return printProvision(path as AstPath<A.ProvisionDecl>, cur, print);
    case 'Interaction':
      return printInteraction(node, cur);
    case 'Field':
      return printField(path as AstPath<A.Field>, cur, print);
    case 'BoolType':
    case 'TextType':
    case 'DateType':
    case 'PercentType':
    case 'RangeType':
    case 'BoundType':
    case 'QuantityType':
    case 'NamedType':
    case 'PerLevelType':
    case 'ListType':
    case 'KeyedType':
      return printTypeRef(node, cur);
    default:
      return printExpr(path as AstPath<A.Expr>, cur, print);
  }
}

const CHILD_KEYS: Readonly<Record<string, readonly string[]>> = {
  File: ['decls'],
  Policy: ['fields'],
  Subject: ['facts'],
  Fact: ['type', 'formula'],
  Parameter: ['type'],
  Benefit: ['fields', 'examples'],
  Example: ['fields'],
  Provision: ['fields'],
  Field: ['values'],
  Binary: ['left', 'right'],
  Compare: ['left', 'right'],
  In: ['left', 'values'],
  Logical: ['left', 'right'],
  Not: ['expr'],
  Neg: ['expr'],
  Paren: ['expr'],
  Relative: ['expr'],
  Period: ['from', 'length', 'until'],
  If: ['cond', 'then', 'else'],
  Range: ['left', 'low', 'high'],
  Choose: ['args'],
  SumOver: ['args'],
  Call: ['args'],
  Elapsed: ['from', 'to'],
  AgeOf: ['birth', 'at'],
  YearOf: ['date'],
  Whole: ['arg'],
};

export const printer: Printer<Node> = {
  print: printNode as Printer<Node>['print'],
  getVisitorKeys: (node) => (CHILD_KEYS[(node as { kind?: string }).kind ?? ''] ?? []) as string[],
  // For `prettier --debug-check`: compare trees without source positions.
  massageAstNode: (_original: unknown, cloned: unknown) => stripRanges(cloned),
};
