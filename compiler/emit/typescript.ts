// The TypeScript emitter: one policy → one standalone evaluator module.
//
// The module has no imports. It starts with the public types (facts of each subject, levels, enums,
// ledger, decision), then the API (evaluate, validate, prepare / context / decide for the fast path,
// explain, evaluateBatch), then each benefit in policy order — headed by its clause reference so a
// reviewer can read it beside the text — as its exact decision with reasons and its fast decision over
// the typed record (./fast.ts), then each subject type's typed record and plan, the policy's tables, and
// ends with the runtime: the compiler's own modules bundled at build time (./bundle.ts → ./runtime-text.ts),
// so no file is read here and the emitter runs in a browser too. Every string from the policy goes through
// lit()/commentText()/identPart() (./names.ts).
import type { Expr as SurfaceExpr, Label } from '../../grammar/ast.ts';
import type { InstalmentSize } from '../ledger.ts';
import { keywordById } from '../../grammar/keywords.ts';
import type { Benefit, IExpr, Model, Type, Unit } from '../model.ts';
import { MESSAGES, codesOf } from '../messages.ts';
import { inputSchema } from '../facts.ts';
import { fenToString, ratToString, roundTo, type Rat } from '../rational.ts';
import { factUnitText, labelText, noBracketUnit, modelNamer, renderExpr, type Namer as LabelNamer } from '../render.ts';
import { isCountUnit, isMoney, isRankUnit, roundingStepText, unitText } from '../units.ts';
import { commentText, lit, Namer, propKey } from './names.ts';
import { dispatchLines, FastCompiler, fieldKind, fieldType, keysCode, readCode, type FieldKind } from './fast.ts';
import { lowerPolicy } from '../decision/lower.ts';
import type { BenefitPlan, QuotaRule, Step } from '../decision/types.ts';
import { countedWith } from '../decision/steps.ts';
import { childrenOf } from '../decision/reasons.ts';
import { RUNTIME_MODULES } from './bundle.ts';
import { checkFunction } from './check.ts';
import { RUNTIME_TEXT } from './runtime-text.ts';

export interface EmitOptions {
  /** The policy's file name, for the header comment. */
  sourceName?: string;
}

/** The runtime every generated module ends with (the compiler's modules as namespaces, ./bundle.ts). */
export function runtimeSource(): string {
  return RUNTIME_TEXT;
}

/** Names the module defines whatever the policy; generated names never take them. */
const RESERVED = [
  ...RUNTIME_MODULES.map((m) => m.ns),
  'V',
  'R',
  'evaluate',
  'evaluateJson',
  'isSubjectType',
  'validate',
  'validateLedger',
  'prepare',
  'context',
  'decide',
  'explain',
  'evaluateBatch',
  'policy',
  'SCHEMA',
  'MESSAGES',
  'POLICY_PERIOD',
  'DERIVED',
  'FACT_DISPLAY',
  'NAMES_EN',
  'ENUM_VALUE_LABELS',
  'INTERACTIONS',
  'COUNTED',
  'YES_NO',
  'BENEFITS',
  'SUBJECT_PLANS',
  'SUBJECT_TYPES',
  'PolicyInputError',
  'Ctx',
  'Res',
  'Run',
  'Value',
  'Text',
  'BenefitInfo',
  'InputErrorCode',
  'ReasonCode',
];

// ---- small writers ----

const text = (t: { zh: string; en: string }): string => `{ zh: ${lit(t.zh)}, en: ${lit(t.en)} }`;
const labelPair = (l: Label | undefined, fallback: string) => ({ zh: labelText(l, 'zh', fallback), en: labelText(l, 'en', fallback) });
const kw = (id: string) => ({ zh: keywordById(id).zh[0]!, en: keywordById(id).en[0]! });
const unitPair = (u: Unit) => ({ zh: unitText(u, 'zh'), en: unitText(u, 'en') });

/** `“zh” / “en”` for doc comments. */
function docLabel(l: Label | undefined, name: string): string {
  if (!l) return commentText(name);
  return commentText(l.en && l.en !== l.zh ? `${l.zh} — ${l.en}` : l.zh);
}

function union(values: string[]): string {
  return values.length ? values.map(lit).join(' | ') : 'never';
}

// ---- expression code, laid out to fit the line ----

type Code = (
  | { k: 'atom'; text: string }
  | { k: 'call'; fn: string; args: Code[] }
  | { k: 'array'; items: Code[] }
  | { k: 'thunk'; body: Code; param?: string }
  | { k: 'switch'; head: string; cases: { key: string; value: Code }[] }
) & {
  /** The node's flat text once `flat` has worked it out; null when it has none or it is wider than a line. */
  flat?: string | null;
};

const atom = (t: string): Code => ({ k: 'atom', text: t });
const call = (fn: string, ...args: Code[]): Code => ({ k: 'call', fn: `V.${fn}`, args });
const WIDTH = 120;

/** Flat text of each code node, computed once (layout asks for it at every level) and kept on the node. */
function flat(c: Code): string | undefined {
  if (c.k === 'atom') return c.text;
  const hit = c.flat;
  if (hit !== undefined) return hit ?? undefined;
  const f = flatUncached(c);
  // A text wider than any line is never used flat: remembering "too wide" as null.
  c.flat = f === undefined || f.length > WIDTH ? null : f;
  return c.flat ?? undefined;
}

function flatUncached(c: Code): string | undefined {
  switch (c.k) {
    case 'atom':
      return c.text;
    case 'call': {
      const args = c.args.map(flat);
      return args.some((a) => a === undefined) ? undefined : `${c.fn}(${args.join(', ')})`;
    }
    case 'array': {
      const items = c.items.map(flat);
      return items.some((a) => a === undefined) ? undefined : `[${items.join(', ')}]`;
    }
    case 'thunk': {
      const b = flat(c.body);
      return b === undefined ? undefined : `(${c.param ?? ''}) => ${b}`;
    }
    case 'switch':
      return undefined;
  }
}

function layout(c: Code, indent: string, used = 0): string {
  const f = flat(c);
  if (f !== undefined && indent.length + used + f.length <= WIDTH) return f;
  const inner = indent + '  ';
  switch (c.k) {
    case 'atom':
      return c.text;
    case 'call': {
      // Hug a trailing table: `lookup(x, "f", (key) => {` … `})`.
      const last = c.args[c.args.length - 1];
      const head = c.args.slice(0, -1).map(flat);
      if (last && (last.k === 'switch' || last.k === 'array') && head.every((h) => h !== undefined)) {
        const prefix = `${c.fn}(${head.map((h) => h + ', ').join('')}`;
        if (indent.length + used + prefix.length <= WIDTH) return `${prefix}${layout(last, indent, WIDTH)})`;
      }
      // A left-nested chain `add(add(add(a, b), c), d)` keeps one indentation: `add(add(add(` then one
      // operand per line, so the output grows linearly with the chain, not with its square.
      const spine: Code[] = [c];
      for (let s = c.args[0]; s && s.k === 'call' && s.fn === c.fn && s.args.length === 2 && c.args.length === 2; s = s.args[0]) spine.push(s);
      if (spine.length > 2) {
        const innermost = spine[spine.length - 1] as Extract<Code, { k: 'call' }>;
        const operands = [innermost.args[0]!, ...spine.slice().reverse().map((x) => (x as Extract<Code, { k: 'call' }>).args[1]!)];
        const body = operands.map((a, i) => inner + layout(a, inner) + (i === 0 ? ',' : i === operands.length - 1 ? ',\n' + indent + ')' : '),'));
        return `${`${c.fn}(`.repeat(spine.length)}\n${body.join('\n')}`;
      }
      return `${c.fn}(\n${c.args.map((a) => inner + layout(a, inner)).join(',\n')},\n${indent})`;
    }
    case 'array':
      return `[\n${c.items.map((a) => inner + layout(a, inner)).join(',\n')},\n${indent}]`;
    case 'thunk':
      return `(${c.param ?? ''}) => ${layout(c.body, indent, used + 6 + (c.param?.length ?? 0))}`;
    case 'switch': {
      const cases = c.cases.map((x) => `${inner}  case ${x.key}:\n${inner}    return ${layout(x.value, inner + '    ', 7)};`).join('\n');
      return `${c.head} => {\n${inner}switch (key) {\n${cases}${cases ? '\n' : ''}${inner}}\n${inner}return undefined;\n${indent}}`;
    }
  }
}

function numCode(r: Rat): Code {
  return r.d === 1n ? call('num', atom(`${r.n}n`)) : call('num', atom(`${r.n}n`), atom(`${r.d}n`));
}

const CMP: Record<string, string> = { ge: 'ge', gt: 'gt', le: 'le', lt: 'lt', eq: 'eq', ne: 'ne' };
const ARITH: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' };

/** The model being emitted (set by emitTypeScript for its synchronous run): what a `nostd`'s shown unit is taken from. */
let EMITTING: Model | undefined;

function exprCode(e: IExpr): Code {
  switch (e.k) {
    case 'num':
      return numCode(e.value);
    case 'bool':
      return call('bool', atom(String(e.value)));
    case 'date':
      return call('date', atom(lit(e.iso)));
    case 'text':
      return call('text', atom(lit(e.label.zh)), atom(lit(e.label.en ?? e.label.zh)));
    case 'fact':
      return call('fact', atom('x'), atom(lit(e.name)));
    case 'param':
      return call('param', atom('x'), atom(lit(e.name)));
    case 'level':
      return call('level', atom(lit(e.name)), atom(String(e.rank)));
    case 'enum':
      return call('enumValue', atom(lit(e.name)));
    case 'arith':
      return call(ARITH[e.op]!, exprCode(e.l), exprCode(e.r));
    case 'neg':
      return call('neg', exprCode(e.e));
    case 'cmp':
      return call(CMP[e.op]!, exprCode(e.l), exprCode(e.r));
    case 'in':
      return call('isIn', exprCode(e.l), { k: 'array', items: e.values.map(exprCode) });
    case 'and':
    case 'or':
      return call(e.k, exprCode(e.l), exprCode(e.r));
    case 'not':
      return call('not', exprCode(e.e));
    case 'lookup': {
      const table: Code = { k: 'switch', head: '(key)', cases: e.entries.map((x) => ({ key: lit(x.key), value: exprCode(x.value) })) };
      // Keyed by a member's fact inside 合计: the key is read from the member.
      return e.member ? call('lookup', atom('x'), atom(lit(e.fact)), table, atom('true')) : call('lookup', atom('x'), atom(lit(e.fact)), table);
    }
    case 'if':
      return call('ifThen', exprCode(e.c), exprCode(e.t), exprCode(e.e));
    case 'min':
    case 'max':
      return call(e.k === 'min' ? 'minOf' : 'maxOf', { k: 'array', items: e.args.map(exprCode) });
    case 'asOf':
      return call('asOfDate', atom('x'));
    case 'elapsed':
      return e.to || e.unit ? call('elapsed', atom('x'), exprCode(e.from), e.to ? exprCode(e.to) : atom('undefined'), atom(e.unit === 'day' ? 'true' : 'false')) : call('elapsed', atom('x'), exprCode(e.from));
    case 'year':
      return call('yearOf', exprCode(e.of));
    case 'whole':
      return call('wholeOf', exprCode(e.e), atom(JSON.stringify(e.mode)));
    case 'age':
      return e.at ? call('ageOf', atom('x'), exprCode(e.from), exprCode(e.at)) : call('ageOf', atom('x'), exprCode(e.from));
    case 'nostd': {
      // The unit P4004 shows the value in, as the reference's (compiler/render.ts noBracketUnit: a rate as 11.99%).
      const zh = noBracketUnit(EMITTING!, e.x, 'zh');
      const en = noBracketUnit(EMITTING!, e.x, 'en');
      const unit = zh.unit !== undefined && en.unit !== undefined ? atom(`{ zh: ${lit(zh.unit)}, en: ${lit(en.unit)} }`) : atom('undefined');
      const args = [atom('x'), exprCode(e.x), atom(lit(e.x.k === 'fact' || e.x.k === 'param' ? e.x.name : '?')), unit];
      return call('noBracket', ...(zh.rank ? [...args, atom('true')] : args));
    }
    case 'sum': {
      // Each member's value and condition read the member through `x` (a constant one reads nothing: `_x`).
      const fn = (body: Code): Code => ({ k: 'thunk', param: readsCtx(body) ? 'x' : '_x', body });
      const args: Code[] = [atom('x'), atom(lit(e.list)), atom(`DERIVED.get(${lit(e.of)})`), fn(exprCode(e.value))];
      if (e.cond) args.push(fn(exprCode(e.cond)));
      return call('sumOver', ...args);
    }
    case 'member':
      return call('member', atom('x'), atom(lit(e.name)));
    case 'paramAt':
      return call('paramAt', atom('x'), atom(lit(e.name)), { k: 'array', items: e.keys.map(exprCode) });
    case 'dot':
      return call(
        'dot',
        atom('x'),
        atom(lit(e.fact)),
        { k: 'array', items: e.entries.map((x) => ({ k: 'array', items: [atom(lit(x.key)), { k: 'thunk', body: exprCode(x.value) }] }) as Code) },
        ...(e.member ? [atom('true')] : []),
      );
  }
}

/** Whether generated code reads the context `x`. */
function readsCtx(c: Code): boolean {
  switch (c.k) {
    case 'atom':
      return c.text === 'x';
    case 'call':
      return c.args.some(readsCtx);
    case 'array':
      return c.items.some(readsCtx);
    case 'thunk':
      return readsCtx(c.body);
    case 'switch':
      return c.cases.some((x) => readsCtx(x.value));
  }
}

/** The facts a condition's reason shows, in the reference evaluator's order (pre-order, first occurrence). */
function factsShown(e: IExpr, out: string[] = []): string[] {
  if (e.k === 'fact' || e.k === 'lookup' || e.k === 'dot') {
    const name = e.k === 'fact' ? e.name : e.fact;
    if (!out.includes(name)) out.push(name);
  }
  switch (e.k) {
    case 'arith':
    case 'cmp':
    case 'and':
    case 'or':
      factsShown(e.l, out);
      factsShown(e.r, out);
      break;
    case 'neg':
    case 'not':
      factsShown(e.e, out);
      break;
    case 'in':
      factsShown(e.l, out);
      for (const v of e.values) factsShown(v, out);
      break;
    case 'lookup':
    case 'dot':
      for (const x of e.entries) factsShown(x.value, out);
      break;
    case 'if':
      factsShown(e.c, out);
      factsShown(e.t, out);
      factsShown(e.e, out);
      break;
    case 'min':
    case 'max':
      for (const x of e.args) factsShown(x, out);
      break;
    case 'elapsed':
      factsShown(e.from, out);
      if (e.to) factsShown(e.to, out);
      break;
    case 'year':
      factsShown(e.of, out);
      break;
    case 'whole':
      factsShown(e.e, out);
      break;
    case 'age':
      factsShown(e.from, out);
      if (e.at) factsShown(e.at, out);
      break;
    case 'nostd':
      factsShown(e.x, out);
      break;
    case 'paramAt':
      for (const k of e.keys) factsShown(k, out);
      break;
    case 'sum':
      // The list itself is what a reason shows (its members' facts are not the subject's).
      if (!out.includes(e.list)) out.push(e.list);
      break;
    default:
      break;
  }
  return out;
}

// ---- types of facts ----

function quantityKind(u: Unit): 'money' | 'count' | 'other' {
  return isMoney(u) ? 'money' : isCountUnit(u) ? 'count' : 'other';
}

function factTsType(t: Type, names: Names): string {
  switch (t.kind) {
    case 'bool':
      return 'boolean';
    case 'date':
      return 'IsoDate';
    case 'quantity':
      return isMoney(t.unit) ? 'Yuan' : 'Quantity';
    case 'level':
      return names.level.get(t.of) ?? 'string';
    case 'enum':
      return names.enum.get(t.of) ?? 'string';
    case 'perLevel':
      return `PerLevel<${names.level.get(t.of) ?? 'string'}, ${isMoney(t.unit) ? 'Yuan' : 'Quantity'}>`;
    case 'text':
      return 'string';
    case 'list':
      return `${names.facts.get(t.of) ?? 'Record<string, unknown>'}[]`;
    case 'unknown':
      return 'never';
  }
}

function typeNote(t: Type): string {
  switch (t.kind) {
    case 'quantity':
      return quantityKind(t.unit) === 'money' ? '元, a decimal string' : `${unitText(t.unit, 'zh')}${quantityKind(t.unit) === 'count' ? ', a whole number' : ''}`;
    case 'perLevel':
      return `${unitText(t.unit, 'zh')} per level of ${t.of}`;
    case 'date':
      return 'yyyy-mm-dd';
    default:
      return '';
  }
}

// ---- literals ----

/** A value as TypeScript source: strings, numbers, booleans, bigints, arrays, plain objects, Maps and Sets. */
function literal(v: unknown): string {
  if (typeof v === 'string') return lit(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null || v === undefined) return 'null';
  if (v instanceof Map) return `new Map([${[...v].map(([k, x]) => `[${literal(k)}, ${literal(x)}]`).join(', ')}])`;
  if (v instanceof Set) return `new Set([${[...v].map(literal).join(', ')}])`;
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  return `{ ${Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => `${propKey(k)}: ${literal(x)}`)
    .join(', ')} }`;
}

/** A Map of FactSpecs with its type written out (so TypeScript checks each spec against the union). */
function specMap(m: ReadonlyMap<string, unknown>, indent: string): string {
  if (m.size === 0) return 'new Map<string, Input.FactSpec>()';
  return `new Map<string, Input.FactSpec>([\n${[...m].map(([k, v]) => `${indent}  [${lit(k)}, ${literal(v)}],`).join('\n')}\n${indent}])`;
}

interface Names {
  level: Map<string, string>;
  enum: Map<string, string>;
  facts: Map<string, string>;
  evaluate: Map<string, string>;
  benefit: Map<string, string>;
  info: Map<string, string>;
  /** Per subject type: the typed record type, its reader and its plan. */
  typed: Map<string, string>;
  reader: Map<string, string>;
  /** Per subject type: its compiled input check (compiler/emit/check.ts). */
  check: Map<string, string>;
  plan: Map<string, string>;
  /** Per (benefit, subject): the fast function. */
  fast: Map<string, string>;
  /** Per benefit: its value step's expression alone, when evaluate() may read it (valueStep). */
  value: Map<string, string>;
}

function allocateNames(model: Model): Names {
  const namer = new Namer(RESERVED);
  const n: Names = {
    level: new Map(),
    enum: new Map(),
    facts: new Map(),
    evaluate: new Map(),
    benefit: new Map(),
    info: new Map(),
    typed: new Map(),
    reader: new Map(),
    check: new Map(),
    plan: new Map(),
    fast: new Map(),
    value: new Map(),
  };
  for (const l of model.levels.keys()) n.level.set(l, namer.name('Level_', l));
  for (const e of model.enums.keys()) n.enum.set(e, namer.name('Enum_', e));
  for (const s of model.subjects.keys()) n.facts.set(s, namer.name('Facts_', s));
  for (const s of model.subjects.keys()) n.evaluate.set(s, namer.name('evaluate_', s));
  for (const s of model.subjects.keys()) {
    n.typed.set(s, namer.name('Typed_', s));
    n.reader.set(s, namer.name('typed_', s));
    n.check.set(s, namer.name('check_', s));
    n.plan.set(s, namer.name('decide_', s));
  }
  for (const b of model.benefits) {
    n.benefit.set(b.id, namer.name('benefit_', b.id));
    n.info.set(b.id, namer.name('INFO_', b.id));
    for (const s of b.subjects) n.fast.set(`${b.id}\u0000${s}`, namer.name('fast_', b.subjects.length > 1 ? `${b.id}_${s}` : b.id));
  }
  for (const b of model.benefits) n.value.set(b.id, namer.name('value_', b.id));
  return n;
}

/** 每年限次 for a comment: a number of times, a fact, or a table of them. */
function renderTimes(e: IExpr): string {
  const unit = e.type.kind === 'quantity' ? unitText(e.type.unit, 'zh') : '';
  if (e.k === 'num') return `${ratToString(e.value)}${unit}`;
  if (e.k === 'fact') return e.name;
  if (e.k === 'lookup') return `按${e.fact}｛${e.entries.map((x) => `${x.key}：${renderTimes(x.value)}`).join('，')}｝`;
  return '…';
}

// ---- sections ----

function header(model: Model, opts: EmitOptions): string[] {
  const h = model.header;
  const lines = [
    `// ${commentText([h.docNumber, h.title?.zh].filter(Boolean).join(' '))}`,
    ...(h.title?.en ? [`// ${commentText(h.title.en)}`] : []),
    `// Generated by \`policy build\`${opts.sourceName ? ` from ${commentText(opts.sourceName)}` : ''}. Do not edit: change the policy and rebuild.`,
    `// In force ${h.effective ?? '?'} .. ${h.end ?? '?'}.`,
    '//',
    '// A standalone evaluator: it imports nothing, computes money exactly (integer fen, checked to stay exact,',
    '// and bigint rationals; never a JS float for yuan), and runs unchanged in Node and in a browser bundle.',
    '// Its decisions equal the reference evaluator (compiler/evaluate.ts) field by field.',
    '//',
    '//   evaluate(subjectType, facts, { asOf, ledger?, params?, lang?, trace? }) → Decision, with reasons',
    '//   validate(subjectType, json)   validateLedger(json)',
    '//   prepare(subjectType, facts, { ledger? }) once per subject, context({ asOf, params? }) once per run,',
    '//   then decide(subject, ctx) → compact decisions (status, fen, reason code; no text), fast;',
    '//   explain(subject, ctx) → the full decision with reasons, on demand;   evaluateBatch(subjects, options)',
    '//',
    '// Sections: types · API · benefits (each headed by its clause: its exact decision with reasons, then its',
    '// fast decision) · subject types (typed records, plans) · policy tables · runtime (compiler modules).',
    '',
    '/* eslint-disable */',
    '',
  ];
  return lines;
}

function typesSection(model: Model, names: Names): string[] {
  const out: string[] = ['// ==== Types ====', ''];
  for (const [name, lt] of model.levels) {
    const id = names.level.get(name)!;
    const order = lt.levels.map((l) => (l.aliases.length ? `${l.name}（${l.aliases.join('，')}）` : l.name)).join(' < ');
    out.push(`/** ${docLabel(lt.label, name)}. Lowest first: ${commentText(order)}. */`);
    out.push(`export type ${id} = ${union(lt.levels.map((l) => l.name))};`);
    out.push(`/** The levels of ${commentText(name)} in order, lowest first (the index is the rank). */`);
    out.push(`export const ${id}: readonly ${id}[] = [${lt.levels.map((l) => lit(l.name)).join(', ')}];`);
    out.push('');
  }
  for (const [name, et] of model.enums) {
    const id = names.enum.get(name)!;
    out.push(`/** ${docLabel(et.label, name)} */`);
    out.push(`export type ${id} =`);
    if (et.values.length === 0) out.push('  never;');
    et.values.forEach((v, i) => {
      out.push(`  /** ${docLabel(v.label, v.name)} */`);
      out.push(`  | ${lit(v.name)}${i === et.values.length - 1 ? ';' : ''}`);
    });
    out.push(`export const ${id}: readonly ${id}[] = [${et.values.map((v) => lit(v.name)).join(', ')}];`);
    out.push('');
  }
  for (const [name, s] of model.subjects) {
    const derived = [...s.facts.values()].filter((f) => f.derived);
    out.push(`/**`);
    out.push(` * ${docLabel(s.label, name)}. Absent or null facts are unknown.`);
    for (const f of derived) out.push(` * Derived, computed and never supplied: ${commentText(f.name)}${f.label ? ` (${docLabel(f.label, f.name)})` : ''}.`);
    out.push(` */`);
    out.push(`export interface ${names.facts.get(name)!} {`);
    for (const [fname, f] of s.facts) {
      if (f.derived) continue;
      const note = typeNote(f.type);
      out.push(`  /** ${docLabel(f.label, fname)}${note ? ` (${commentText(note)})` : ''} */`);
      out.push(`  ${propKey(fname)}?: ${factTsType(f.type, names)} | null;`);
    }
    out.push('}', '');
  }
  out.push('/** The facts of each subject type. */');
  out.push('export interface SubjectFacts {');
  for (const name of model.subjects.keys()) out.push(`  ${propKey(name)}: ${names.facts.get(name)!};`);
  out.push('}', '');
  out.push('export type SubjectType = keyof SubjectFacts;');
  out.push(`export const SUBJECT_TYPES: readonly SubjectType[] = [${[...model.subjects.keys()].map(lit).join(', ')}];`);
  out.push('');
  out.push('/** The benefits (待遇) of the policy, in policy order. */');
  out.push(`export type BenefitId = ${union(model.benefits.map((b) => b.id))};`);
  out.push('');
  out.push('/** Amounts set by other rules (按规定); a benefit that needs an absent one is eligible without an amount. */');
  out.push('export interface Params {');
  for (const [name, p] of model.params) {
    out.push(`  /** ${docLabel(p.label, name)} */`);
    out.push(`  ${propKey(name)}?: ${p.type.kind === 'quantity' && isMoney(p.type.unit) ? 'Yuan' : 'Quantity'} | null;`);
  }
  out.push('}', '');
  out.push('/** A payment already made (已领): frequencies (发放), 限一次, running totals (累计) and annual caps count it (docs/language.md §8). */');
  out.push('export interface LedgerEntry {');
  out.push('  benefit: BenefitId;');
  out.push('  date: IsoDate;');
  out.push('  amount: Yuan;');
  out.push('  /** For 限一次 / 每年限一次 (required there): the values of the listed facts when it was paid, e.g. { 职业: "电工" }. */');
  out.push('  key?: Readonly<Record<string, string | number>>;');
  out.push('}', '');
  out.push('export interface EvaluateOptions {');
  out.push('  /** The date the decision is made for, yyyy-mm-dd. */');
  out.push('  asOf: IsoDate;');
  out.push('  ledger?: readonly LedgerEntry[] | null;');
  out.push('  params?: Params | null;');
  out.push("  /** Language of titles, reasons and outcomes; default 'zh'. */");
  out.push('  lang?: Lang;');
  out.push('  /** Adds an explanation trace to every benefit decision. */');
  out.push('  trace?: boolean;');
  out.push('}', '');
  out.push('/** What a run of the fast path shares: the date, the parameters, the language (`context`). */');
  out.push('export interface ContextOptions {');
  out.push('  asOf: IsoDate;');
  out.push('  params?: Params | null;');
  out.push('  lang?: Lang;');
  out.push('}', '');
  out.push('export type PolicyDecision<S extends SubjectType = SubjectType> = Decision<S, BenefitId>;');
  out.push('export type PolicyBenefitDecision = BenefitDecision<BenefitId>;');
  out.push('');
  out.push('// The runtime\'s public types (its namespaces are at the end of the module).');
  const generic: Record<string, string> = {
    Decision: '<S extends string = string, B extends string = string> = Runtime.Decision<S, B>',
    BenefitDecision: '<B extends string = string> = Runtime.BenefitDecision<B>',
    Compact: '<B extends string = BenefitId> = Runtime.Compact<B>',
    Prepared: '<S extends string = SubjectType> = Runtime.Prepared<S>',
    Prepare: '<S extends string = SubjectType> = Runtime.Prepare<S>',
    Validation: '<T> = Runtime.Validation<T>',
    LedgerValidation: '<E> = Runtime.LedgerValidation<E>',
    PerLevel: '<L extends string, Q> = Runtime.PerLevel<L, Q>',
  };
  for (const t of ['Lang', 'Status', 'Payment', 'IsoDate', 'Yuan', 'Quantity', 'Fen', 'Reason', 'InputError', 'BatchSubject', 'BatchResult'])
    out.push(`export type ${t} = Runtime.${t};`);
  for (const [t, rest] of Object.entries(generic)) out.push(`export type ${t}${rest};`);
  out.push('/** A run of the fast path: the date and parameters, checked once (`context`). */');
  out.push('export type Context = Runtime.Run;');
  out.push('type Run = Runtime.RunContext;');
  out.push('type Ctx = Values.Ctx;');
  out.push('type Res = Values.Res;');
  out.push('type Value = Input.Value;');
  out.push('type Text = Runtime.Text;');
  out.push('type BenefitInfo = Runtime.BenefitInfo;');
  out.push('');
  return out;
}

function apiSection(model: Model, names: Names): string[] {
  const h = model.header;
  const out: string[] = ['// ==== API ====', ''];
  out.push('/**');
  out.push(' * Decides every benefit of the policy for one subject, as of a date, with reasons. Facts are checked first (as by');
  out.push(' * `validate`); bad facts, ledger entries, parameters or dates throw a PolicyInputError listing them all.');
  out.push(' */');
  out.push('export function evaluate<S extends SubjectType>(subjectType: S, facts: SubjectFacts[S], options: EvaluateOptions): PolicyDecision<S> {');
  out.push('  return Runtime.evaluateImpl(subjectType, facts, options) as PolicyDecision<S>;');
  out.push('}', '');
  out.push('/**');
  out.push(' * evaluate() for untyped input, such as a request body: the subject type, facts, ledger and parameters are');
  out.push(' * checked at run time and any problem throws a PolicyInputError (use validate() first for a list of errors).');
  out.push(' */');
  out.push('export function evaluateJson(');
  out.push('  subjectType: string,');
  out.push('  facts: unknown,');
  out.push("  options: Omit<EvaluateOptions, 'ledger' | 'params'> & { ledger?: unknown; params?: unknown },");
  out.push('): PolicyDecision {');
  out.push('  return Runtime.evaluateImpl(subjectType, facts, options) as PolicyDecision;');
  out.push('}', '');
  out.push("/** Is this one of the policy's subject types? */");
  out.push('export function isSubjectType(s: unknown): s is SubjectType {');
  out.push("  return typeof s === 'string' && SCHEMA.subjects.has(s);");
  out.push('}', '');
  for (const [name, s] of model.subjects) {
    out.push(`/** ${docLabel(s.label, name)}: decides every benefit for these facts. */`);
    out.push(`export function ${names.evaluate.get(name)!}(facts: ${names.facts.get(name)!}, options: EvaluateOptions): PolicyDecision<${lit(name)}> {`);
    out.push(`  return evaluate(${lit(name)}, facts, options);`);
    out.push('}', '');
  }
  out.push('/** Checks JSON facts for a subject type: typed, normalised facts, or every field error (codes as `policy eval`). */');
  out.push('export function validate<S extends SubjectType>(subjectType: S, json: unknown, lang?: Lang): Validation<SubjectFacts[S]>;');
  out.push('export function validate(subjectType: string, json: unknown, lang?: Lang): Validation<SubjectFacts[SubjectType]>;');
  out.push("export function validate(subjectType: string, json: unknown, lang: Lang = 'zh'): Validation<SubjectFacts[SubjectType]> {");
  out.push('  return Runtime.validateFactsImpl(subjectType, json, lang) as unknown as Validation<SubjectFacts[SubjectType]>;');
  out.push('}', '');
  out.push('/**');
  out.push(' * Checks a JSON ledger (an array, or `{ entries: [...] }`) of payments already made. With `asOf`, a payment');
  out.push(' * dated after it is an error; entries of a benefit with 限一次 / 每年限一次 must record those facts in `key`.');
  out.push(' */');
  out.push("export function validateLedger(json: unknown, lang: Lang = 'zh', asOf?: IsoDate): LedgerValidation<LedgerEntry> {");
  out.push('  return Runtime.validateLedgerImpl(json, lang, asOf) as LedgerValidation<LedgerEntry>;');
  out.push('}', '');
  out.push('/**');
  out.push(' * The fast path, step 1: checks a subject once — its facts and its ledger, as `validate` does — and keeps it as');
  out.push(' * a typed record for `decide`. With `asOf`, ledger payments after it are errors.');
  out.push(' */');
  out.push('export function prepare<S extends SubjectType>(');
  out.push('  subjectType: S,');
  out.push('  facts: SubjectFacts[S] | unknown,');
  out.push('  options?: { ledger?: readonly LedgerEntry[] | unknown; asOf?: IsoDate; lang?: Lang },');
  out.push('): Prepare<S> {');
  out.push('  return Runtime.prepareImpl(subjectType, facts, options) as Prepare<S>;');
  out.push('}', '');
  out.push('/** The fast path, step 2: the date, parameters and language of a run, checked once (a PolicyInputError if bad). */');
  out.push('export function context(options: ContextOptions): Context {');
  out.push('  return Runtime.runImpl(options);');
  out.push('}', '');
  out.push('/**');
  out.push(' * The fast path: the compact decision (status, amount in fen, deciding reason code; no text) of every benefit of');
  out.push(" * the subject's type, in policy order. The same statuses and amounts as `evaluate`; `explain` gives the reasons.");
  out.push(' */');
  out.push('export function decide<S extends SubjectType>(subject: Prepared<S>, ctx: Context): Compact<BenefitId>[] {');
  out.push('  return Runtime.decideImpl(subject, ctx) as Compact<BenefitId>[];');
  out.push('}', '');
  out.push('/** The full decision of a prepared subject, with reasons in the language asked for: what `evaluate` returns. */');
  out.push('export function explain<S extends SubjectType>(subject: Prepared<S>, ctx: Context, options?: { lang?: Lang; trace?: boolean }): PolicyDecision<S> {');
  out.push('  return Runtime.explainImpl(subject, ctx, options?.lang, options?.trace === true) as PolicyDecision<S>;');
  out.push('}', '');
  out.push('/**');
  out.push(' * Subjects from an array or an async iterable, in order: for each, its compact decisions or every input error');
  out.push(' * (a bad subject never stops the batch). `for await (const r of evaluateBatch(subjects, { asOf })) …`');
  out.push(' */');
  out.push('export function evaluateBatch(');
  out.push('  subjects: Iterable<BatchSubject> | AsyncIterable<BatchSubject>,');
  out.push('  options: ContextOptions,');
  out.push('): AsyncGenerator<BatchResult> {');
  out.push('  return Runtime.evaluateBatchImpl(subjects, options);');
  out.push('}', '');
  out.push('/** What the policy is: for headers, forms and links to the text. */');
  out.push('export const policy = {');
  out.push(`  docNumber: ${h.docNumber ? lit(h.docNumber) : 'null'},`);
  out.push(`  title: ${text(labelPair(h.title, ''))},`);
  out.push(`  effective: ${h.effective ? lit(h.effective) : 'null'},`);
  out.push(`  end: ${h.end ? lit(h.end) : 'null'},`);
  out.push('  subjects: [');
  for (const [name, s] of model.subjects) out.push(`    { type: ${lit(name)}, label: ${text(labelPair(s.label, name))} },`);
  out.push('  ],');
  out.push('  benefits: [');
  for (const b of model.benefits) {
    out.push(`    { id: ${lit(b.id)}, clause: ${b.clause ? lit(b.clause) : 'null'}, title: ${text(labelPair(b.label, b.id))}, subjects: [${b.subjects.map(lit).join(', ')}] },`);
  }
  out.push('  ],');
  out.push('} as const;', '');
  return out;
}

function periodComment(b: Benefit): string {
  const p = b.period!;
  const parts: string[] = [];
  if (p.from) parts.push(`自 ${p.from.k === 'fact' ? p.from.name : p.from.k === 'date' ? p.from.iso : '…'}`);
  if (p.lengthMonths !== undefined) parts.push(`起 ${p.lengthMonths}个月`);
  if (p.until) parts.push(`至 ${p.until}`);
  return parts.join(' ');
}

/** The parameters (按规定) a benefit reads anywhere. */
function paramsOf(b: Benefit): string[] {
  const out = new Set<string>();
  const walk = (e: IExpr | undefined): void => {
    if (!e) return;
    if (e.k === 'param' || e.k === 'paramAt') out.add(e.name);
    for (const c of childrenOf(e)) walk(c);
  };
  walk(b.amount);
  walk(b.timesPerYear);
  walk(b.maxDuration);
  walk(b.period?.from);
  if (b.outcome?.kind === 'equivalence') walk(b.outcome.expr);
  for (const c of b.conditions) walk(c.expr);
  return [...out];
}

/** The ordinal of an enum value in its declaration (the fast path's form of an enum value); -1 when it is not one. */
function enumOrdinal(model: Model) {
  return (of: string, name: string): number => {
    return model.enums.get(of)?.values.findIndex((v) => v.name === name) ?? -1;
  };
}

/** Per model, each subject type's fields, worked out once (every benefit's fast function reads them). */
const FIELDS = new WeakMap<Model, Map<string, ReadonlyMap<string, FieldKind>>>();

function fieldsOf(model: Model, subject: string): ReadonlyMap<string, FieldKind> {
  let bySubject = FIELDS.get(model);
  if (!bySubject) FIELDS.set(model, (bySubject = new Map()));
  let fields = bySubject.get(subject);
  if (!fields) bySubject.set(subject, (fields = fieldsUncached(model, subject)));
  return fields;
}

function fieldsUncached(model: Model, subject: string): Map<string, FieldKind> {
  const out = new Map<string, FieldKind>();
  for (const [name, f] of model.subjects.get(subject)?.facts ?? []) if (!f.derived && f.type.kind !== 'list') out.set(name, fieldKind(f.type));
  return out;
}

interface BenefitCode {
  lines: string[];
  /** Per subject type of the benefit: its fast function's name, or null (the exact path decides it). */
  fast: Map<string, string | null>;
  /** What evaluate() needs to take its fast decision (FastBenefit plain, below, designation), as code; null without one. */
  taken: string | null;
  /** Its fast code calls the module's compact() (FastBenefit.compact). */
  usesCompact: boolean;
}

const PAYMENT_WORD: Record<string, string> = { once: '一次性', annual: '每年', monthly: '每月', 'per-occasion': '每次' };

/**
 * The exact decision of a benefit: one statement per step of its decision IR (compiler/decision), in the IR's order —
 * the order is written once, in compiler/decision/lower.ts; each step is a method of compiler/decision/steps.ts's
 * Decider, the same code the reference evaluator runs.
 */
/** A cap's argument: its fen, or null (computed from the case by its `value` step). */
const capCode = (fen: bigint | null): string => (fen === null ? 'null' : `${fen}n`);
const capComment = (fen: bigint | null): string => (fen === null ? '按上文计算' : `${fenToString(fen)} 元`);

/** A condition's Chinese text, rendered once: its benefit's description and its step's comment both show it. */
const ZH_TEXT = new WeakMap<SurfaceExpr, string>();
function zhText(e: SurfaceExpr): string {
  let t = ZH_TEXT.get(e);
  if (t === undefined) ZH_TEXT.set(e, (t = renderExpr(e, 'zh')));
  return t;
}

function stepsCode(b: Benefit, steps: readonly Step[], indent: string): string[] {
  const out: string[] = [];
  const last = steps[steps.length - 1];
  for (const s of steps) {
    switch (s.k) {
      case 'subject':
        out.push(`${indent}// 对象：${commentText(s.subjects.join('、'))}`);
        break;
      case 'repeat-unstated':
        out.push(`${indent}if (r.repeatUnstated(${readCode(s.read)})) return r.d; // 限一次：未载明`);
        break;
      case 'treated-as':
        out.push(`${indent}// 视同享受：${commentText(zhText(s.aSource))}，${commentText(zhText(s.bSource))}`);
        out.push(`${indent}r.treatedAs(${s.index}, ${layout(exprCode(s.a), indent, 15)}, ${layout(exprCode(s.b), indent, 15)});`);
        break;
      case 'referral':
        out.push(`${indent}// 转按：${commentText(s.doc.zh)}${s.source ? `，${commentText(renderExpr(s.source, 'zh'))}` : ''}`);
        out.push(`${indent}if (r.referral({ zh: ${lit(s.doc.zh)}${s.doc.en !== undefined ? `, en: ${lit(s.doc.en)}` : ''} }, ${s.index}, ${s.when ? layout(exprCode(s.when), indent, 15) : 'null'})) return r.d;`);
        break;
      case 'clawback':
        out.push(`${indent}// 退还：${commentText(zhText(s.source))}`);
        out.push(
          `${indent}r.clawback(${s.index}, ${layout(exprCode(s.when), indent, 14)}, ${s.share ? `{ n: ${s.share.n}n, d: ${s.share.d}n }` : 'null'}, ${s.fen === null ? 'null' : `${s.fen}n`}, ${lit(s.clause)}, ${readCode(s.read)});`,
        );
        break;
      case 'validity':
        out.push(`${indent}if (r.validity(${s.effective ? lit(s.effective) : 'null'}, ${s.end ? lit(s.end) : 'null'}${s.grant ? `, ${readCode(s.grant)}` : ''})) return r.d; // 施行`);
        break;
      case 'period': {
        out.push(`${indent}// 期限：${commentText(periodComment(b))}`);
        const tail = `, ${s.lengthMonths ?? 'null'}, ${s.until ? lit(s.until) : 'null'});`;
        out.push(`${indent}r.period(${s.from ? layout(exprCode(s.from), indent, 9) : 'undefined'}${tail}`);
        break;
      }
      case 'condition':
        out.push(`${indent}// 条件：${commentText(zhText(s.source))}`);
        out.push(`${indent}if (r.condition(${s.index}, ${layout(exprCode(s.expr), indent, 20)}${s.soft ? `, ${lit(s.soft)}` : ''})) return r.d;`);
        break;
      case 'fail-if-failed':
        out.push(`${indent}if (r.failIfFailed()) return r.d;`);
        break;
      case 'stop-if-division':
        out.push(`${indent}if (r.stopIfDivision()) return r.d;`);
        break;
      case 'if-known':
        out.push(`${indent}if (r.known) {`, ...stepsCode(b, s.steps, indent + '  '), `${indent}}`);
        break;
      case 'times-limit':
        out.push(`${indent}// 每年限次：${commentText(renderTimes(s.expr))}`);
        out.push(`${indent}if (r.timesLimit(${layout(exprCode(s.expr), indent, 17)})) return r.d;`);
        break;
      case 'months-limit':
        out.push(`${indent}// 最长享受：${commentText(renderTimes(s.expr))}`);
        out.push(`${indent}if (r.monthsLimit(${layout(exprCode(s.expr), indent, 17)})) return r.d;`);
        break;
      case 'key-facts':
        out.push(`${indent}if (r.keyFacts([${s.facts.map(lit).join(', ')}])) return r.d;`);
        break;
      case 'quota':
        out.push(`${indent}// ${QUOTA_WORD[s.rule]}${s.keys.length ? `：${commentText(s.keys.map((k) => `${k.fact}${k.orAbove ? '及以上' : ''}`).join('，'))}` : ''}`);
        const grant = s.grant ? `, ${readCode(s.grant)}` : '';
        out.push(`${indent}if (r.quota(${lit(s.rule)}, ${keysCode(s.keys)}, ${readCode(s.read)}${s.limit !== undefined ? `, ${s.limit}` : grant ? ', undefined' : ''}${s.unit ? `, ${JSON.stringify(s.unit)}` : grant ? ', undefined' : ''}${grant})) return r.d;`);
        break;
      case 'frequency':
        out.push(`${indent}// 发放：${PAYMENT_WORD[s.payment] ?? s.payment}`);
        out.push(`${indent}if (r.frequency(${lit(s.code)}, ${keysCode(s.keys)}, ${readCode(s.read)})) return r.d;`);
        break;
      case 'bracket-quota':
        out.push(`${indent}// 每档一次：${commentText(s.fact)}`);
        out.push(`${indent}if (r.bracketQuota(${lit(s.fact)}, [${s.bounds.map((x) => `{ low: { n: ${x.low.n}n, d: ${x.low.d}n }, incl: ${x.incl} }`).join(', ')}], ${readCode(s.read)})) return r.d;`);
        break;
      case 'bands':
        // 分段累进: each band's part and value, for the reasons (P4093).
        out.push(`${indent}if (r.bands([${s.parts.map((p) => `[${layout(exprCode(p.part), indent, 4)}, ${layout(exprCode(p.value), indent, 4)}]`).join(', ')}], ${literal(s.bands)})) return r.d;`);
        break;
      case 'bracket-sum':
        out.push(`${indent}// 每档一次：逐档`);
        out.push(`${indent}if (r.bracketSum([${s.values.map((v) => layout(exprCode(v), indent, 4)).join(', ')}])) return r.d;`);
        break;
      case 'value': {
        const yearlyOf = b.instalments && !b.instalments.notStated ? b.instalments.yearly : undefined;
        const source = s.of === 'amount' ? b.amountSource : s.of === 'outcome' ? (b.outcome?.kind === 'equivalence' ? b.outcome.source : undefined) : s.of === 'yearly' ? yearlyOf?.amountSource : b.caseCaps?.[s.of]?.source;
        const what = { amount: '金额', outcome: '视同', yearly: '分期（每年）', ceiling: '最高', 'annual-cap': '每年累计不超过', 'cumulative-cap': '累计不超过' }[s.of];
        if (source) out.push(`${indent}// ${what}：${commentText(renderExpr(source, 'zh'))}`);
        out.push(`${indent}if (r.value(${lit(s.of)}, ${layout(exprCode(s.expr), indent, 22)})) return r.d;`);
        break;
      }
      case 'reviewed':
        out.push(`${indent}// 金额：${commentText(s.fact)}（核定）`);
        out.push(`${indent}if (r.reviewed(${lit(s.fact)}, ${layout(exprCode(s.expr), indent, 22)}, ${s.low === null ? 'null' : `${s.low}n`}, ${s.high === null ? 'null' : `${s.high}n`}${s.computed ? ', true' : ''})) return r.d;`);
        break;
      case 'stop-if-missing':
        out.push(`${indent}if (r.stopIfMissing()) return r.d;`);
        break;
      case 'eligible':
        if (s.designation) out.push(`${indent}// 授予：${commentText(s.designation.zh)}`);
        if (s.unstated) out.push(`${indent}// 金额：未载明`);
        out.push(`${indent}r.eligible(${s.designation ? text(labelPair(s.designation, s.designation.zh)) : 'null'}${s.unstated ? ', true' : ''});`);
        break;
      case 'round':
        out.push(`${indent}if (r.round(${s.scale}n, ${lit(s.mode)}${s.step ? `, ${s.step}n` : ''})) return r.d;${b.rounding.stated ? ` // 舍入：${s.step ? roundingStepText(s.step) : s.scale === 1n ? '元' : '分'}，${{ 'half-up': '四舍五入', down: '舍去', up: '进位' }[s.mode]}` : ''}`);
        break;
      case 'ceiling':
        out.push(`${indent}if (r.ceiling(${capCode(s.fen)}${s.inPrinciple ? ', true' : ''})) return r.d; // ${s.inPrinciple ? '原则上最高' : '最高'}：${capComment(s.fen)}`);
        break;
      case 'running-total':
        out.push(`${indent}// 累计：${commentText(b.runningTotal?.facts.join('，') ?? '')}`);
        out.push(`${indent}if (r.runningTotal(${readCode(s.read)}, ${s.annualCap === null ? 'null' : `${s.annualCap}n`})) return r.d;`);
        break;
      case 'annual-cap':
        if (s.expr) out.push(`${indent}// 政策合计每年累计不超过：${commentText(renderExpr((b.poolCaps!['document-annual'] && s.doc !== undefined ? b.poolCaps!['document-annual'] : b.poolCaps!.annual)!.source, 'zh'))}`);
        out.push(`${indent}if (r.annualCap(${capCode(s.fen)}, ${readCode(s.read)}${s.pool ? `, ${lit(s.pool)}` : ''}${s.expr ? `, ${layout(exprCode(s.expr), indent, 22)}` : s.doc !== undefined ? ', undefined' : ''}${s.doc !== undefined ? `, ${lit(s.doc)}` : ''})) return r.d;${s.expr ? '' : ` // ${s.pool ? '政策合计' : ''}每年累计不超过：${capComment(s.fen)}`}`);
        break;
      case 'instalments-due': {
        out.push(`${indent}// 分期：${commentText((b.instalments && !b.instalments.notStated ? b.instalments.stages : []).map((x) => (x.whenSource ? renderExpr(x.whenSource, 'zh') : '—')).join('；'))}`);
        const whens = s.when.map((w) => (w ? layout(exprCode(w), indent, 4) : 'null'));
        out.push(`${indent}r.instalmentsDue([${whens.join(', ')}]);`);
        break;
      }
      case 'instalments': {
        const stages = s.stages
          ? `[${s.stages.map((x) => (x.remainder ? '{ remainder: true }' : x.share ? `{ share: { n: ${x.share.n}n, d: ${x.share.d}n } }` : `{ fen: ${x.fen}n }`)).join(', ')}]`
          : 'null';
        const yearly = s.yearly ? `, { years: ${s.yearly.years} }` : '';
        out.push(`${indent}if (r.instalments(${stages}, ${readCode(s.read)}${yearly})) return r.d; // 分期${s.yearly ? `：分${s.yearly.years}年` : s.stages ? '' : '：未载明'}`);
        break;
      }
      case 'top-up':
        out.push(`${indent}if (r.topUp(${readCode(s.read)})) return r.d; // 补差`);
        break;
      case 'cumulative-cap':
        if (s.expr) out.push(`${indent}// 政策合计累计不超过：${commentText(renderExpr((b.poolCaps!['document-cumulative'] && s.doc !== undefined ? b.poolCaps!['document-cumulative'] : b.poolCaps!.cumulative)!.source, 'zh'))}`);
        out.push(`${indent}if (r.cumulativeCap(${capCode(s.fen)}, ${readCode(s.read)}${s.pool ? `, ${lit(s.pool)}` : ''}${s.expr ? `, ${layout(exprCode(s.expr), indent, 22)}` : s.doc !== undefined ? ', undefined' : ''}${s.doc !== undefined ? `, ${lit(s.doc)}` : ''})) return r.d;${s.expr ? '' : ` // ${s.pool ? '政策合计' : ''}累计不超过：${capComment(s.fen)}`}`);
        break;
      case 'positive':
        out.push(`${indent}return r.positive();`);
        break;
      default:
        throw new Error(`the TypeScript emitter has no code for the decision step ${(s as { k: string }).k}`);
    }
  }
  if (indent === '  ' && last?.k !== 'positive') out.push(`${indent}return r.d;`);
  return out;
}

function benefitSection(model: Model, b: Benefit, index: number, plan: BenefitPlan, names: Names, namer: LabelNamer): BenefitCode {
  const title = labelPair(b.label, b.id);
  const heading = `${b.clause ?? '(no clause)'} ${b.id}${b.label && b.label.zh !== b.id ? ` · ${b.label.zh}` : ''}`;
  const info = names.info.get(b.id)!;
  const fn = names.benefit.get(b.id)!;
  const out: string[] = [`// ---- ${commentText(heading)} ----`, ''];
  const fund = b.fund ? labelPair(model.funds.get(b.fund)?.label, b.fund) : undefined;
  // Only the fields that say something are written; info() gives the others their null, empty or false value.
  out.push(`const ${info}: BenefitInfo = info({`);
  out.push(`  id: ${lit(b.id)},`);
  if (b.clause) out.push(`  clause: ${lit(b.clause)},`);
  out.push(`  title: ${text(title)},`);
  out.push(`  subjects: [${b.subjects.map(lit).join(', ')}],`);
  if (fund) out.push(`  fund: ${text(fund)},`);
  if (b.payer) out.push(`  payer: ${text(labelPair(b.payer, b.payer.zh))},`);
  if (b.amountKind) out.push(`  kind: ${lit(b.amountKind)},`);
  if (b.payment) out.push(`  payment: ${lit(b.payment)},`);
  // 退还's condition is named in its reasons as the one after the benefit's conditions (decision step `clawback`, index).
  const named = [
    ...b.conditions,
    ...(b.clawback ? [{ expr: b.clawback.when, source: b.clawback.source }] : []),
    ...(b.treatedAs ?? []).flatMap((t) => [
      { expr: t.a, source: t.aSource },
      { expr: t.b, source: t.bSource },
    ]),
    ...(b.referral?.when && b.referral.whenSource ? [{ expr: b.referral.when, source: b.referral.whenSource }] : []),
  ];
  if (named.length) {
    out.push('  conditions: [');
    for (const c of named) {
      const t = { zh: zhText(c.source), en: renderExpr(c.source, 'en', namer) };
      out.push(`    { text: ${text(t)}, facts: [${factsShown(c.expr).map(lit).join(', ')}] },`);
    }
    out.push('  ],');
  }
  const capFen = (r: Rat | undefined) => (r ? roundTo(r, 100n, 'half-up') : undefined);
  const ceiling = capFen(b.ceiling);
  const annual = capFen(b.annualCap);
  if (ceiling !== undefined) out.push(`  ceiling: ${ceiling}n, // 最高 ${fenToString(ceiling)} 元`);
  if (annual !== undefined) out.push(`  annualCap: ${annual}n, // 每年累计不超过 ${fenToString(annual)} 元`);
  const keys = (ks: NonNullable<Benefit['oncePer']>) => `[${ks.map((key) => `[${key.map((k) => `{ fact: ${lit(k.fact)}, orAbove: ${k.orAbove} }`).join(', ')}]`).join(', ')}]`;
  if (b.oncePer?.length) out.push(`  oncePer: ${keys(b.oncePer)},`);
  if (b.oncePerYear?.length) out.push(`  oncePerYear: ${keys(b.oncePerYear)},`);
  if (b.runningTotal) out.push(`  runningTotal: true, // 累计：${commentText(b.runningTotal.facts.join('，'))}`);
  const params = paramsOf(b);
  if (params.length) out.push(`  params: [${params.map(lit).join(', ')}],`);
  if (plan.split) {
    const size = (x: InstalmentSize) => (x.remainder ? '{ remainder: true }' : x.share ? `{ share: { n: ${x.share.n}n, d: ${x.share.d}n } }` : `{ fen: ${x.fen}n }`);
    out.push(`  split: [${plan.split.map((p) => `{ fund: ${text(labelPair(model.funds.get(p.fund)?.label, p.fund))}, size: ${size(p.size)} }`).join(', ')}], // 分担`);
  }
  if (plan.composition) {
    const size = (x: InstalmentSize) => (x.remainder ? '{ remainder: true }' : x.share ? `{ share: { n: ${x.share.n}n, d: ${x.share.d}n } }` : `{ fen: ${x.fen}n }`);
    const kind = (k: 'voucher' | 'cash' | Label) => (k === 'voucher' || k === 'cash' ? MESSAGES[`kind.${k}`] : labelPair(k, k.zh));
    out.push(`  composition: [${plan.composition.map((p) => `{ kind: ${text(kind(p.kind))}, voucher: ${p.kind === 'voucher'}, size: ${size(p.size)} }`).join(', ')}], // 其中`);
  }
  if (plan.obligations) out.push(`  obligations: [${plan.obligations.map((o) => `{ text: ${text(labelPair(o.text, o.text.zh))}, clawback: ${o.clawback} }`).join(', ')}], // 义务`);
  out.push('});', '');
  out.push(`/** ${commentText(heading)}${b.label?.en ? ` — ${commentText(b.label.en)}` : ''}: the exact decision. */`);
  out.push(`function ${fn}(x: Ctx): Steps.Decided {`);
  out.push(`  const r = new Steps.Decider(x, ${lit(b.id)});`);
  out.push(...stepsCode(b, plan.steps, '  '));
  out.push('}', '');
  const quickValue = valueStep(model, plan.steps);
  const valueFn = names.value.get(b.id)!;
  // The fast decision, per subject type of the benefit.
  const fast = new Map<string, string | null>();
  let taken: string | null = null;
  let usesCompact = false;
  for (const s of b.subjects) {
    if (!model.subjects.has(s)) continue;
    const name = names.fast.get(`${b.id}\u0000${s}`)!;
    const compiled = new FastCompiler(model, s, fieldsOf(model, s), enumOrdinal(model), index).compile(b, plan, name, names.typed.get(s)!, model.header.effective);
    if ('none' in compiled) {
      out.push(`// Fast path for ${commentText(s)}: none (${commentText(compiled.none)}); the exact decision above decides it.`, '');
      fast.set(s, null);
      continue;
    }
    out.push(`/** ${commentText(b.id)} for ${commentText(s)}, fast. */`);
    out.push(...compiled.lines, '');
    if (compiled.compact) usesCompact = true;
    fast.set(s, name);
    const running = runningWindow(plan.steps);
    // What differs from entry()'s defaults (plain false; below, designation, running, value, missing null; outcome false).
    const missing = missingCode(model, plan.steps);
    const stated = [
      compiled.plain && 'plain: true',
      compiled.below !== null && `below: ${compiled.below}n`,
      compiled.designation && `designation: ${text(labelPair(compiled.designation, compiled.designation.zh))}`,
      running && `running: { from: ${running.from === null ? 'null' : lit(running.from)}, to: ${running.to === null ? 'null' : lit(running.to)} }`,
      quickValue && `value: ${valueFn}`,
      quickValue?.outcome && 'outcome: true',
      missing !== 'null' && `missing: ${missing}`,
    ].filter((x): x is string => typeof x === 'string');
    taken = stated.join(', ');
  }
  // Read only beside a fast decision.
  if (quickValue && taken !== null) {
    out.push(`/** ${commentText(b.id)}: its ${quickValue.step.of === 'amount' ? 'amount' : 'equivalence (视同)'} alone (the reason of a fast decision without a standard, P4004${quickValue.outcome ? ', and the outcome of an eligible one' : ''}). */`);
    const body = layout(exprCode(quickValue.step.expr), '  ', 9);
    // A constant does not read the run (noUnusedParameters).
    const x = /\bx\b/.test(body.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')) ? 'x' : '_x';
    out.push(`function ${valueFn}(${x}: Ctx): Res {`, `  return ${body};`, '}', '');
  }
  return { lines: out, fast, taken, usesCompact };
}

/** The steps that may come before a value step read alone (valueStep): none of them says “no standard” but a condition. */
/** How a quota step's comment names its field. */
const QUOTA_WORD: Readonly<Record<QuotaRule, string>> = {
  'times-per-year': '每年限次',
  months: '最长享受',
  once: '限一次',
  'once-per-year': '每年限一次',
  chosen: '自行选择',
  'once-within': '限一次（期内）',
  distinct: '最多',
  'distinct-per-year': '每年最多',
};

const BEFORE_VALUE = new Set<Step['k']>(['subject', 'validity', 'period', 'condition', 'fail-if-failed', 'stop-if-division', 'key-facts', 'quota', 'frequency']);

/** The names of the model's derived facts (of any subject type), found once per model. */
const derivedFacts = new WeakMap<Model, ReadonlySet<string>>();
function derivedOf(model: Model): ReadonlySet<string> {
  let names = derivedFacts.get(model);
  if (!names) {
    const found = new Set<string>();
    for (const sub of model.subjects.values()) for (const [name, f] of sub.facts) if (f.derived !== undefined) found.add(name);
    derivedFacts.set(model, (names = found));
  }
  return names;
}

/** Can an expression say “no standard” (P4004)? A table (按…｛…｝), the end of 分档, or a derived fact, whatever it computes. */
function mayLackStandard(model: Model, e: unknown): boolean {
  return lacksStandard(derivedOf(model), e);
}

function lacksStandard(derived: ReadonlySet<string>, e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  if (Array.isArray(e)) {
    for (const x of e) if (lacksStandard(derived, x)) return true;
    return false;
  }
  const o = e as Record<string, unknown>;
  if (o['k'] === 'lookup' || o['k'] === 'nostd') return true;
  if (o['k'] === 'fact' && derived.has(o['name'] as string)) return true;
  for (const k in o) if (k !== 'type' && k !== 'range' && lacksStandard(derived, o[k])) return true;
  return false;
}

/** A benefit's steps in order, those under 若已知 (if-known) in place of it. */
function flatSteps(steps: readonly Step[]): Step[] {
  const flat: Step[] = [];
  const walk = (list: readonly Step[]): void => {
    for (const s of list) if (s.k === 'if-known') walk(s.steps);
    else flat.push(s);
  };
  walk(steps);
  return flat;
}

/**
 * The facts whose absence makes a benefit undetermined (P4012), in the order its exact decision names them, when the
 * steps say it plainly (BenefitEntry.missing; `evaluate` then words an undetermined fast decision without deciding it
 * again): before its value step (if it has one) only a period from an input fact (期限), conditions, the ledger steps and
 * key facts; each condition a plain comparison of at most one input fact with constants (a yes/no fact, 比较, 属于); the
 * value (金额 or 视同) an expression of at most one input fact, constants and parameters without a case (若) or a choice
 * (较低者) that could be known without it. Then what the Decider misses is the period's fact and each condition's, in
 * order, and the value's; with none of those, the key facts (if-known) missing.
 * Null for any other benefit: its exact decision names them.
 */
/** The kinds of expression whose facts missingCode names: of a condition, of a value, of a constant value. Made once. */
const MISSING_KINDS = {
  CONDITION: new Set(['fact', 'cmp', 'in', 'not', 'num', 'bool', 'date', 'level', 'enum', 'text']),
  VALUE: new Set(['fact', 'arith', 'neg', 'whole', 'lookup', 'dot', 'num', 'bool', 'date', 'level', 'enum', 'text']),
  // A parameter nobody gave stops an arithmetic before its other operand (values.ts): only in a value with no fact.
  CONSTANT: new Set(['arith', 'neg', 'whole', 'num', 'param']),
} as const;

function missingCode(model: Model, steps: readonly Step[]): string {
  const derived = derivedOf(model);
  const conds: string[] = [];
  const keys: string[] = [];
  let value: string[] | undefined;
  /** The facts of an expression built only of the kinds listed (undefined: another kind). */
  const factsOf = (e: IExpr, kinds: ReadonlySet<string>, out: string[]): boolean => {
    if (!kinds.has(e.k)) return false;
    switch (e.k) {
      case 'fact':
        if (derived.has(e.name)) return false;
        if (!out.includes(e.name)) out.push(e.name);
        return true;
      case 'cmp':
      case 'arith':
        return factsOf(e.l, kinds, out) && factsOf(e.r, kinds, out);
      case 'in':
        return factsOf(e.l, kinds, out) && e.values.every((v) => factsOf(v, kinds, out));
      case 'neg':
      case 'not':
        return factsOf(e.e, kinds, out);
      case 'whole':
        return factsOf(e.e, kinds, out);
      case 'lookup':
      case 'dot':
        if (derived.has(e.fact)) return false;
        if (!out.includes(e.fact)) out.push(e.fact);
        return e.entries.every((x) => factsOf(x.value, kinds, out));
      default:
        return true;
    }
  };
  const { CONDITION, VALUE, CONSTANT } = MISSING_KINDS;
  for (const s of flatSteps(steps)) {
    if (s.k === 'stop-if-missing') {
      // No value step before it (a designation, 授予): nothing but the conditions and key facts can be missing.
      value ??= [];
      return `{ conds: [${conds.map(lit).join(', ')}], keys: [${keys.map(lit).join(', ')}], value: [${value.map(lit).join(', ')}] }`;
    }
    if (value !== undefined) return 'null';
    if (s.k === 'subject' || s.k === 'validity' || s.k === 'fail-if-failed' || s.k === 'stop-if-division' || s.k === 'quota' || s.k === 'frequency') continue;
    if (s.k === 'key-facts') {
      for (const f of s.facts) if (!keys.includes(f)) keys.push(f);
      continue;
    }
    if (s.k === 'period') {
      // 期限 from a fact: missing, it is missing as a condition's fact is (Decider.period), before every condition.
      if (s.from && !(s.from.k === 'fact' && factsOf(s.from, CONDITION, conds))) return 'null';
      continue;
    }
    if (s.k === 'condition') {
      const found: string[] = [];
      if (!factsOf(s.expr, CONDITION, found) || found.length > 1) return 'null';
      for (const f of found) if (!conds.includes(f)) conds.push(f);
      continue;
    }
    if (s.k === 'value' && (s.of === 'amount' || s.of === 'outcome')) {
      const found: string[] = [];
      if (!(factsOf(s.expr, VALUE, found) && found.length <= 1) && !factsOf(s.expr, CONSTANT, [])) return 'null';
      value = found;
      continue;
    }
    return 'null';
  }
  return 'null';
}

/**
 * The one value step (金额 or 视同) of a benefit when evaluate() may read its expression alone (emitted as the benefit's
 * `value_` function): no step before it can say “no standard”, so a fast decision refused for it (P4004) has its reason
 * from that expression; `outcome`: besides, an eligible decision carries nothing but the 视同 value (no amount, no money
 * step, no note). Null otherwise.
 */
function valueStep(model: Model, steps: readonly Step[]): { step: Extract<Step, { k: 'value' }>; outcome: boolean } | null {
  const flat = flatSteps(steps);
  const values = flat.filter((s): s is Extract<Step, { k: 'value' }> => s.k === 'value');
  const step = values[0];
  if (values.length !== 1 || !step || (step.of !== 'amount' && step.of !== 'outcome')) return null;
  const before = flat.slice(0, flat.indexOf(step));
  if (!before.every((s) => BEFORE_VALUE.has(s.k) && !(s.k === 'condition' && mayLackStandard(model, s.expr)))) return null;
  const outcome = step.of === 'outcome' && flat.every((s) => s === step || (RUNNING_PLAIN.has(s.k) && s.k !== 'round'));
  // Not needed when the value can have no standard missing and is no outcome (its code would only be a second copy).
  return outcome || mayLackStandard(model, step.expr) ? { step, outcome } : null;
}

/** The steps after which an eligible decision carries nothing its fast decision does not give, but a running total's state. */
const RUNNING_PLAIN = new Set<Step['k']>(['subject', 'validity', 'condition', 'fail-if-failed', 'stop-if-division', 'key-facts', 'quota', 'frequency', 'stop-if-missing', 'eligible', 'round', 'positive']);

/**
 * What `evaluate` needs to take an eligible fast decision of a benefit whose only money step is a running total (累计)
 * over the days in force, when the subject has no payment of it on record: the window the running total's state names
 * (the policy's period — no 期限 narrows it; null where the text leaves an end open, as compiler/ledger.ts `stated`).
 * Null for any other benefit: a ceiling, a cap, a 期限, a value that is not the amount, … — its exact decision decides.
 */
function runningWindow(steps: readonly Step[]): { from: string | null; to: string | null } | null {
  const flat = flatSteps(steps);
  const totals = flat.filter((s): s is Extract<Step, { k: 'running-total' }> => s.k === 'running-total');
  const t = totals[0];
  if (totals.length !== 1 || !t || t.annualCap !== null || (t.read.window !== 'in-force' && t.read.window !== 'all')) return null;
  if (!flat.every((s) => s.k === 'running-total' || RUNNING_PLAIN.has(s.k) || (s.k === 'value' && s.of === 'amount'))) return null;
  const validity = flat.find((s): s is Extract<Step, { k: 'validity' }> => s.k === 'validity');
  return { from: validity?.effective ?? null, to: validity?.end ?? null };
}

/**
 * Written once before the benefits: the module's helpers that fill in what a benefit's description (INFO_…) and its
 * entry in BENEFITS leave out (the fields that say nothing: null, empty or false), so each benefit states only its own.
 * Each benefit's code is, in order: INFO_… (its description); benefit_… (its exact decision with neutral reasons, the
 * steps in the order of the decision IR; called only for its subject types, the others get the shared P4001 decision);
 * per subject type, fast_… (status, fen and reason code from the typed record, no text) and its constant results; and,
 * where a fast decision may need it, value_… (its value step's expression alone).
 */
const BENEFIT_HELPERS: readonly string[] = [
  '// Each benefit: INFO_… its description; benefit_… its exact decision (neutral reasons, the steps in the order of the',
  '// decision IR), called only for its subject types (the others get the shared P4001 decision); fast_… per subject type:',
  '// status, fen and reason code from the typed record, no text; value_… its value step alone, where a fast decision needs it.',
  '',
  '/** A benefit\'s description from the fields it states; the others are null, empty or false. */',
  "function info(o: Pick<BenefitInfo, 'id' | 'title' | 'subjects'> & Partial<BenefitInfo>): BenefitInfo {",
  '  return {',
  '    id: o.id,',
  '    clause: o.clause ?? null,',
  '    title: o.title,',
  '    subjects: o.subjects,',
  '    fund: o.fund ?? null,',
  '    payer: o.payer ?? null,',
  '    kind: o.kind ?? null,',
  '    payment: o.payment ?? null,',
  '    conditions: o.conditions ?? [],',
  '    ceiling: o.ceiling ?? null,',
  '    annualCap: o.annualCap ?? null,',
  '    oncePer: o.oncePer ?? null,',
  '    oncePerYear: o.oncePerYear ?? null,',
  '    runningTotal: o.runningTotal ?? false,',
  '    params: o.params ?? [],',
  '    ...(o.split && { split: o.split }),',
  '    ...(o.obligations && { obligations: o.obligations }),',
  '    ...(o.composition && { composition: o.composition }),',
  '  };',
  '}',
  '',
  '/** A benefit\'s entry in BENEFITS: its description, its exact decision and what its fast decision states (the rest null or false). */',
  "function entry(info: BenefitInfo, decide: Runtime.BenefitEntry['decide'], o: Partial<Runtime.BenefitEntry> = {}): Runtime.BenefitEntry {",
  '  return {',
  '    info,',
  '    decide,',
  '    plain: o.plain ?? false,',
  '    below: o.below ?? null,',
  '    designation: o.designation ?? null,',
  '    running: o.running ?? null,',
  '    value: o.value ?? null,',
  '    outcome: o.outcome ?? false,',
  '    missing: o.missing ?? null,',
  '  };',
  '}',
  '',
];

/** Written after the benefits when their fast code has constant decisions (fast.ts `fixed`). */
const COMPACT_HELPER: readonly string[] = [
  '/** A fast decision that is the same for every subject (not eligible, a fixed code): one frozen object, made once. */',
  "function compact(benefit: string, status: 'ineligible' | 'undetermined', code: NonNullable<Runtime.Compact['code']>): Runtime.Compact {",
  '  return Object.freeze<Runtime.Compact>({ benefit, status, fen: null, code });',
  '}',
  '',
];

/** About the length of the stretches of benefit code joined into one string (two bytes a character: over V8's 128 KiB for a regular object). */
const CHUNK_CHARS = 80_000;

/**
 * A section's lines, joined a stretch of about CHUNK_CHARS characters at a time as they are written: the stretches
 * joined with newlines are the lines joined with newlines. A string that large is allocated outside the young
 * generation, so the text of the module is not copied from space to space by the collector while the rest is emitted,
 * and the small strings of a stretch die young — a section's lines kept until the section ends outlived two
 * collections and were copied into the old generation (the subject types' 7 M characters at 10,000 benefits).
 */
class Stretches {
  private readonly done: string[] = [];
  private pending: string[] = [];
  private chars = 0;

  constructor(...lines: string[]) {
    this.add(lines);
  }

  push(...lines: string[]): void {
    this.add(lines);
  }

  /** Lines of an array of any length (no spread into arguments). */
  add(lines: readonly string[]): void {
    for (const line of lines) {
      this.pending.push(line);
      this.chars += line.length + 1;
    }
    if (this.chars >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (this.pending.length) this.done.push(this.pending.join('\n'));
    this.pending = [];
    this.chars = 0;
  }

  /** The stretches, in order (none for a section without a line). */
  end(): string[] {
    this.flush();
    return this.done;
  }
}

function benefitsSection(model: Model, names: Names): { lines: string[]; fast: Map<string, Map<string, string | null>> } {
  const out = new Stretches('// ==== Benefits, in policy order ====', '');
  if (model.benefits.length) out.add(BENEFIT_HELPERS);
  const program = lowerPolicy(model);
  const fast = new Map<string, Map<string, string | null>>();
  const taken = new Map<string, string | null>();
  let usesCompact = false;
  // Built once per module: English names of every declaration, for the conditions' English text.
  const namer = modelNamer(model);
  // Provisions (条文) compute nothing; they are listed where they stand so the file reads beside the text.
  const items: { start: number; lines: () => string[] }[] = [
    ...model.benefits.map((b, i) => ({
      start: b.range.start,
      lines: () => {
        const code = benefitSection(model, b, i, program.benefits[i]!, names, namer);
        fast.set(b.id, code.fast);
        taken.set(b.id, code.taken);
        if (code.usesCompact) usesCompact = true;
        return code.lines;
      },
    })),
    ...model.provisions.map((p) => ({
      start: p.range.start,
      lines: () => [`// ---- ${commentText(`${p.clause ?? ''} ${p.id}${p.label && p.label.zh !== p.id ? ` · ${p.label.zh}` : ''}`.trim())} ---- (条文: no computation)`, ''],
    })),
  ].sort((a, b) => a.start - b.start);
  // The benefits' lines go into stretches straight from each benefit's lines (not each benefit's lines joined
  // first: that copied every character once more, 80 MB for 10,000 benefits).
  for (const it of items) out.add(it.lines());
  // A function declaration: the constants above call it while the module loads.
  if (usesCompact) out.add(COMPACT_HELPER);
  out.push('/** Every benefit, in policy order: its description and its decision with reasons. */');
  out.push('const BENEFITS: readonly Runtime.BenefitEntry[] = [');
  // evaluate() takes a fast decision that fails conditions, and (`plain`) one that is eligible below `below` (最高).
  for (const b of model.benefits) {
    const t = taken.get(b.id);
    out.push(`  entry(${names.info.get(b.id)!}, ${names.benefit.get(b.id)!}${t ? `, { ${t} }` : ''}),`);
  }
  out.push('];');
  out.push('');
  return { lines: out.end(), fast };
}

/** Reading a checked value into the typed record. */
function readField(k: FieldKind, v: string): string {
  switch (k.k) {
    case 'bool':
      return `${v} === undefined ? undefined : (${v} as { v: boolean }).v`;
    case 'num':
      return `R.scaled(${v}, ${k.scale}n)`;
    case 'level':
      return `${v} === undefined ? undefined : (${v} as { rank: number }).rank`;
    case 'enum':
      return `R.ordinal(${v}, ${lit(k.of)})`;
    case 'date':
    case 'text':
      return `${v} === undefined ? undefined : (${v} as { v: string }).v`;
    case 'perLevel':
      return `R.perLevel(${v}, ${lit(k.of)}, ${k.scale}n)`;
    case 'none':
      return 'undefined';
  }
}

function subjectsSection(model: Model, names: Names, fast: Map<string, Map<string, string | null>>): string[] {
  const out = new Stretches('// ==== Subject types: the typed records of the fast path, and what decides each subject ====', '');
  // Each subject's benefits (with their index), gathered in one pass: not a pass over every benefit per subject.
  const bySubject = new Map<string, { b: Benefit; i: number }[]>();
  model.benefits.forEach((b, i) => {
    for (const s of new Set(b.subjects)) {
      const list = bySubject.get(s) ?? [];
      bySubject.set(s, list);
      list.push({ b, i });
    }
  });
  const schema = inputSchema(model);
  for (const [s, subj] of model.subjects) {
    const fields = fieldsOf(model, s);
    out.add(checkFunction(names.check.get(s)!, s, schema.subjects.get(s) ?? new Map(), schema, fields));
    const T = names.typed.get(s)!;
    out.push(`/** ${docLabel(subj.label, s)}, as the fast path reads it: money in fen, counts, level ranks, enum ordinals, ISO dates. */`);
    out.push(`interface ${T} {`);
    for (const [f, k] of fields) out.push(`  readonly ${propKey(f)}: ${fieldType(k)};`);
    out.push('}', '');
    out.push(`function ${names.reader.get(s)!}(f: ReadonlyMap<string, Value>): ${T} {`);
    if (fields.size === 0) out.push('  void f;', '  return {};');
    else {
      [...fields.keys()].forEach((f, i) => out.push(`  const f${i} = f.get(${lit(f)});`));
      out.push('  return {');
      [...fields].forEach(([f, k], i) => out.push(`    ${propKey(f)}: ${readField(k, `f${i}`)},`));
      out.push('  };');
    }
    out.push('}', '');
    const benefits = bySubject.get(s) ?? [];
    const call = (b: Benefit, i: number, guarded: boolean): string => {
      const f = fast.get(b.id)?.get(s);
      if (!f) return `R.exact(${i}, p, x)`;
      return guarded ? `x.exactOnly.has(${i}) ? R.exact(${i}, p, x) : ${f}(p, t, x)` : `${f}(p, t, x)`;
    };
    const wrap = (items: string[]) => (model.interactions.length ? `R.compactInteractions([${items.join(', ')}])` : `[${items.join(', ')}]`);
    const usesT = benefits.some(({ b }) => fast.get(b.id)?.get(s));
    out.push(`/** Every benefit of ${commentText(s)}, compactly: the fast function of each, or the exact decision where it has none. */`);
    out.push(`function ${names.plan.get(s)!}(p: Runtime.PreparedSubject, x: Run): Runtime.Compact[] {`);
    if (usesT) out.push(`  const t = p.typed as ${T};`);
    if (benefits.length === 0) out.push('  void p;', '  void x;', '  return [];');
    else {
      out.push(`  if (x.allFast) return ${wrap(benefits.map(({ b, i }) => call(b, i, false)))};`);
      out.push(`  return ${wrap(benefits.map(({ b, i }) => call(b, i, true)))};`);
    }
    out.push('}', '');
  }
  out.push('const SUBJECT_PLANS: ReadonlyMap<string, Runtime.SubjectPlan> = new Map<string, Runtime.SubjectPlan>([');
  for (const s of model.subjects.keys()) {
    const idx = (bySubject.get(s) ?? []).map(({ i }) => i);
    out.push(`  [${lit(s)}, { benefits: [${idx.join(', ')}], fast: [${(bySubject.get(s) ?? []).map(({ b }) => fast.get(b.id)?.get(s) ?? 'null').join(', ')}], check: ${names.check.get(s)!}, typed: ${names.reader.get(s)!}, decide: ${names.plan.get(s)!} }],`);
  }
  out.push(']);', '');
  out.add(dispatchLines(names.plan));
  return out.end();
}

function tablesSection(model: Model): string[] {
  const out = new Stretches('// ==== Policy tables ====', '');
  // Every input error and reason code of compiler/messages.ts, with its zh/en template.
  const inputCodes = codesOf('P3');
  const reasonCodes = codesOf('P4');
  out.push(`export type InputErrorCode = ${inputCodes.map(lit).join(' | ')};`);
  out.push(`export type ReasonCode = ${reasonCodes.map(lit).join(' | ')};`, '');
  out.push('const MESSAGES: Readonly<Record<string, Text>> = {');
  for (const c of [...inputCodes, ...reasonCodes]) out.push(`  ${c}: ${text(MESSAGES[c])},`);
  // The wordings of one code that input.ts `messageIdOf` picks (an unknown parameter is P3001), and the words for a
  // ledger window's open end and what could not be computed (decision/words.ts wordReason, wordArg).
  for (const c of ['P3001.near', 'P3001.param', 'P3001.paramNear', 'window.openStart', 'window.openEnd', 'reason.word.amount', 'reason.word.ceiling', 'reason.word.annual-cap', 'reason.word.cumulative-cap', 'reason.word.times-limit', 'reason.word.months-limit'] as const) out.push(`  ${lit(c)}: ${text(MESSAGES[c])},`);
  out.push('};', '');
  // 分期 after the end: the benefits whose validity step reads a grant made in force (decision/lower.ts).
  const continued = lowerPolicy(model).benefits.flatMap((p, i) => (p.steps.some((s) => s.k === 'validity' && s.grant) ? [i] : []));
  out.push(`const POLICY_PERIOD: { readonly effective: string | null; readonly end: string | null; readonly continued: readonly number[] } = { effective: ${model.header.effective ? lit(model.header.effective) : 'null'}, end: ${model.header.end ? lit(model.header.end) : 'null'}, continued: [${continued.join(', ')}] };`);
  out.push('');
  // The input schema is the one facts.ts builds for the reference, written out.
  const schema = inputSchema(model);
  out.push('/** What input is checked against (compiler/input.ts): facts of each subject type, levels, enums, parameters, ledger keys. */');
  out.push('const SCHEMA: Input.InputSchema = {');
  out.push('  subjects: new Map<string, ReadonlyMap<string, Input.FactSpec>>([');
  for (const [name, facts] of schema.subjects) out.push(`    [${lit(name)}, ${specMap(facts, '    ')}],`);
  out.push('  ]),');
  out.push('  levels: new Map<string, Input.LevelSpec>([');
  for (const [name, l] of schema.levels) out.push(`    [${lit(name)}, ${literal(l)}],`);
  out.push('  ]),');
  out.push('  enums: new Map<string, Input.EnumSpec>([');
  for (const [name, e] of schema.enums) out.push(`    [${lit(name)}, ${literal(e)}],`);
  out.push('  ]),');
  out.push(`  params: ${specMap(schema.params, '  ')},`);
  out.push(`  benefits: new Set<string>([${[...schema.benefits].map(lit).join(', ')}]),`);
  out.push('  benefitKeys: new Map<string, ReadonlyMap<string, Input.FactSpec>>([');
  for (const [name, keys] of schema.benefitKeys) out.push(`    [${lit(name)}, ${specMap(keys, '    ')}],`);
  out.push('  ]),');
  out.push('};', '');
  out.push('/** Derived facts of each subject (名称 = 算式), computed when a benefit asks for them. */');
  out.push('const DERIVED: ReadonlyMap<string, ReadonlyMap<string, (x: Ctx) => Res>> = new Map([');
  for (const [name, s] of model.subjects) {
    const derived = [...s.facts.values()].filter((f) => f.derived);
    if (!derived.length) continue;
    out.push(`  [${lit(name)}, new Map([`);
    for (const f of derived) out.push(`    [${lit(f.name)}, (x: Ctx): Res => ${layout(exprCode(f.derived!), '    ', f.name.length + 20)}],`);
    out.push('  ])],');
  }
  out.push(']);', '');
  // How reasons show a fact: from the first subject that declares a fact of that name, as the reference does.
  out.push('const FACT_DISPLAY: ReadonlyMap<string, Runtime.FactDisplay> = new Map<string, Runtime.FactDisplay>([');
  const seen = new Set<string>();
  for (const s of model.subjects.values()) {
    for (const [fname, f] of s.facts) {
      if (seen.has(fname)) continue;
      seen.add(fname);
      const parts: string[] = [];
      if (f.label) parts.push(`label: ${text(labelPair(f.label, fname))}`);
      // The unit reasons show (compiler/render.ts factUnitText): % for a rate, none for another plain number.
      const shownUnit = { zh: factUnitText(f, 'zh'), en: factUnitText(f, 'en') };
      if (shownUnit.zh !== undefined && shownUnit.en !== undefined) parts.push(`unit: ${text({ zh: shownUnit.zh, en: shownUnit.en })}`);
      if (f.type.kind === 'quantity' && isRankUnit(f.type.unit)) parts.push('rank: true');
      else if (f.type.kind === 'enum') {
        const et = model.enums.get(f.type.of);
        const entries = (et?.values ?? []).map((v) => `[${lit(v.name)}, ${text(labelPair(v.label, v.name))}]`);
        parts.push(`enumLabels: new Map<string, Text>([${entries.join(', ')}])`);
      }
      out.push(`  [${lit(fname)}, ${parts.length ? `{ ${parts.join(', ')} }` : '{}'}],`);
    }
  }
  out.push(']);', '');
  // How English reasons name subjects and parameters (compiler/render.ts displayName).
  out.push('const NAMES_EN: ReadonlyMap<string, string> = new Map([');
  for (const x of [...model.subjects.values(), ...model.params.values()]) out.push(`  [${lit(x.name)}, ${lit(labelText(x.label, 'en', x.name))}],`);
  out.push(']);', '');
  out.push('const ENUM_VALUE_LABELS: ReadonlyMap<string, Text> = new Map([');
  const seenValues = new Set<string>();
  for (const et of model.enums.values()) {
    for (const v of et.values) {
      if (seenValues.has(v.name)) continue;
      seenValues.add(v.name);
      out.push(`  [${lit(v.name)}, ${text(labelPair(v.label, v.name))}],`);
    }
  }
  out.push(']);', '');
  const withs = lowerPolicy(model).benefits.map((b) => countedWith(b.steps));
  out.push(`const COUNTED: readonly (readonly string[])[] | null = ${withs.some((w) => w.length) ? `[${withs.map((w) => `[${w.map(lit).join(', ')}]`).join(', ')}]` : 'null'};`);
  out.push('const INTERACTIONS: readonly Steps.Group[] = [');
  for (const g of lowerPolicy(model).groups) out.push(`  { mode: ${lit(g.mode)}, members: [${g.members.map(lit).join(', ')}], code: ${lit(g.code)} },`);
  out.push('];', '');
  out.push(
    `const YES_NO = { zh: { yes: ${lit(kw('Yes').zh)}, no: ${lit(kw('No').zh)} }, en: { yes: ${lit(kw('Yes').en)}, no: ${lit(kw('No').en)} } };`,
  );
  out.push('');
  return out.end();
}

/** The evaluator module for a policy that compiled without errors. */
export function emitTypeScript(model: Model, options: EmitOptions = {}): string {
  const outer = EMITTING;
  EMITTING = model;
  try {
    return emitWith(model, options);
  } finally {
    EMITTING = outer;
  }
}

function emitWith(model: Model, options: EmitOptions): string {
  const names = allocateNames(model);
  const benefits = benefitsSection(model, names);
  /** A section's lines as one string (none when it has no line): the same text as its lines joined in `parts`. */
  const block = (lines: string[]): string[] => (lines.length ? [lines.join('\n')] : []);
  const parts = [
    ...block(header(model, options)),
    ...block(typesSection(model, names)),
    ...block(apiSection(model, names)),
    // Already stretches of lines: joined once, below.
    ...benefits.lines,
    ...subjectsSection(model, names, benefits.fast),
    ...tablesSection(model),
    '// ==== Runtime: the compiler\'s own modules (compiler/emit/bundle.ts), one namespace each ====',
    '',
    RUNTIME_TEXT.trimEnd(),
    '',
    '// ==== Runtime names the code above uses ====',
    '',
    'const V = Values;',
    'const R = Runtime;',
    '/** Thrown by `evaluate` when facts, ledger, parameters or the date are invalid; `errors` lists every problem. */',
    'export const PolicyInputError = Runtime.PolicyInputError;',
    'export type PolicyInputError = Runtime.PolicyInputError;',
    '',
  ];
  return parts.join('\n');
}
