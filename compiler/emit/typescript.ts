// The TypeScript emitter: one policy → one standalone evaluator module.
//
// The module has no imports. It starts with the public types (facts of each
// subject, levels, enums, ledger, decision), then the API (evaluate, one
// evaluate_<subject> per subject, validate, validateLedger), then one
// function per benefit in policy order — headed by its clause reference so a
// reviewer can read it beside the text — then the policy's tables, and ends
// with the runtime inlined from ./runtime.ts. Every string from the policy
// goes through lit()/commentText()/identPart() (./names.ts).
import { readFileSync } from 'node:fs';
import type { Label } from '../../grammar/ast.ts';
import { keywordById } from '../../grammar/keywords.ts';
import type { Benefit, IExpr, KeyFact, Model, Type, Unit } from '../model.ts';
import { MESSAGES, codesOf } from '../messages.ts';
import { ledgerKeyTypes, typeText } from '../facts.ts';
import { fenToString, ratToString, roundTo, type Rat } from '../rational.ts';
import { labelText, renderExpr } from '../render.ts';
import { isCountUnit, isMoney, isRankUnit, unitText } from '../units.ts';
import { commentText, lit, Namer, propKey } from './names.ts';

export interface EmitOptions {
  /** The policy's file name, for the header comment. */
  sourceName?: string;
}

const RUNTIME_MARKER = '// ---- runtime begins ----';
let runtimeCache: string | undefined;

const LEDGER_MARKER = '// ---- ledger begins ----';

/**
 * The runtime's source, without its header and the `declare const` tables the module defines, followed by
 * the ledger rules (compiler/ledger.ts, the same code the reference evaluator runs; its functions are
 * private to the generated module).
 */
export function runtimeSource(): string {
  if (runtimeCache === undefined) {
    const text = readFileSync(new URL('./runtime.ts', import.meta.url), 'utf8');
    const at = text.indexOf(RUNTIME_MARKER);
    if (at < 0) throw new Error('runtime.ts has no runtime marker');
    const ledger = readFileSync(new URL('../ledger.ts', import.meta.url), 'utf8');
    const from = ledger.indexOf(LEDGER_MARKER);
    if (from < 0) throw new Error('ledger.ts has no ledger marker');
    const rules = ledger
      .slice(from + LEDGER_MARKER.length)
      .replace(/^\s+/, '')
      .replace(/^export (function|const) /gm, '$1 ');
    runtimeCache = `${text.slice(at + RUNTIME_MARKER.length).replace(/^\s+/, '').trimEnd()}\n\n// ==== Ledger rules (from compiler/ledger.ts) ====\n\n${rules}`;
  }
  return runtimeCache;
}

/** Names the runtime defines; generated names never take them. */
const RESERVED = [
  'evaluate',
  'evaluateJson',
  'isSubjectType',
  'validate',
  'validateLedger',
  'policy',
  'RULES',
  'DERIVED',
  'MESSAGES',
  'POLICY_PERIOD',
  'SUBJECTS',
  'LEVELS',
  'ENUMS',
  'BENEFIT_IDS',
  'PARAMS',
  'FACT_DISPLAY',
  'ENUM_VALUE_LABELS',
  'INTERACTIONS',
  'YES',
  'NO',
  'BENEFIT_KEYS',
  'MONEY_NOTES',
  'ledgerRefusal',
  'settle',
  'keyFacts',
  'paymentPeriod',
  'fenText',
  'monthEnd',
  'inPeriod',
  'sameKey',
  'quotaHit',
  'keyText',
  'latest',
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

type Code =
  | { k: 'atom'; text: string }
  | { k: 'call'; fn: string; args: Code[] }
  | { k: 'array'; items: Code[] }
  | { k: 'thunk'; body: Code }
  | { k: 'switch'; head: string; cases: { key: string; value: Code }[] };

const atom = (t: string): Code => ({ k: 'atom', text: t });
const call = (fn: string, ...args: Code[]): Code => ({ k: 'call', fn, args });
const WIDTH = 120;

/** Flat text of each code node, computed once (layout asks for it at every level). */
const flatCache = new WeakMap<Code, string | null>();

function flat(c: Code): string | undefined {
  if (c.k === 'atom') return c.text;
  const hit = flatCache.get(c);
  if (hit !== undefined) return hit ?? undefined;
  const f = flatUncached(c);
  // A text wider than any line is never used flat: remembering "too wide" keeps the cache small.
  flatCache.set(c, f === undefined || f.length > WIDTH ? null : f);
  return f === undefined || f.length > WIDTH ? undefined : f;
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
      return b === undefined ? undefined : `() => ${b}`;
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
      return `() => ${layout(c.body, indent, used + 6)}`;
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
    case 'lookup':
      return call('lookup', atom('x'), atom(lit(e.fact)), { k: 'switch', head: '(key)', cases: e.entries.map((x) => ({ key: lit(x.key), value: exprCode(x.value) })) });
    case 'if':
      return call('ifThen', exprCode(e.c), exprCode(e.t), exprCode(e.e));
    case 'min':
    case 'max':
      return call(e.k === 'min' ? 'minOf' : 'maxOf', { k: 'array', items: e.args.map(exprCode) });
    case 'dot':
      return call(
        'dot',
        atom('x'),
        atom(lit(e.fact)),
        { k: 'array', items: e.entries.map((x) => ({ k: 'array', items: [atom(lit(x.key)), { k: 'thunk', body: exprCode(x.value) }] }) as Code) },
      );
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

function expectedCode(t: Type, model: Model): string {
  return `{ expected: ${lit(typeText(t, model, 'en'))}, expectedZh: ${lit(typeText(t, model, 'zh'))} }`;
}

function quantitySpec(u: Unit, model: Model): string {
  return `{ money: ${isMoney(u)}, count: ${isCountUnit(u)}, rank: ${isRankUnit(u)}, expected: ${expectedCode({ kind: 'quantity', unit: u }, model)} }`;
}

function factTypeSpec(t: Type, model: Model): string {
  switch (t.kind) {
    case 'bool':
      return `{ k: 'bool', expected: ${expectedCode(t, model)} }`;
    case 'date':
      return `{ k: 'date' }`;
    case 'quantity':
      return `{ k: 'quantity', q: ${quantitySpec(t.unit, model)} }`;
    case 'level':
      return `{ k: 'level', of: ${lit(t.of)} }`;
    case 'enum':
      return `{ k: 'enum', of: ${lit(t.of)} }`;
    case 'perLevel':
      return `{ k: 'perLevel', of: ${lit(t.of)}, q: ${quantitySpec(t.unit, model)}, expected: ${expectedCode(t, model)} }`;
    case 'text':
      return `{ k: 'text', expected: ${expectedCode(t, model)} }`;
    case 'unknown':
      return `{ k: 'unknown' }`;
  }
}

interface Names {
  level: Map<string, string>;
  enum: Map<string, string>;
  facts: Map<string, string>;
  evaluate: Map<string, string>;
  benefit: Map<string, string>;
  info: Map<string, string>;
}

function allocateNames(model: Model): Names {
  const namer = new Namer(RESERVED);
  const n: Names = { level: new Map(), enum: new Map(), facts: new Map(), evaluate: new Map(), benefit: new Map(), info: new Map() };
  for (const l of model.levels.keys()) n.level.set(l, namer.name('Level_', l));
  for (const e of model.enums.keys()) n.enum.set(e, namer.name('Enum_', e));
  for (const s of model.subjects.keys()) n.facts.set(s, namer.name('Facts_', s));
  for (const s of model.subjects.keys()) n.evaluate.set(s, namer.name('evaluate_', s));
  for (const b of model.benefits) {
    n.benefit.set(b.id, namer.name('benefit_', b.id));
    n.info.set(b.id, namer.name('INFO_', b.id));
  }
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
    '// A standalone evaluator: it imports nothing, computes money exactly (bigint fen and rationals, never a',
    '// JS number), and runs unchanged in Node and in a browser bundle. Its decisions equal the reference',
    '// evaluator (compiler/evaluate.ts) field by field.',
    '//',
    '//   evaluate(subjectType, facts, { asOf, ledger?, params?, lang?, trace? }) → Decision',
    '//   evaluate_<subject>(facts, options)   validate(subjectType, json)   validateLedger(json)',
    '//',
    '// Sections: types · API · benefits (one function each, headed by its clause) · policy tables · runtime.',
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
  out.push('export type PolicyDecision<S extends SubjectType = SubjectType> = Decision<S, BenefitId>;');
  out.push('export type PolicyBenefitDecision = BenefitDecision<BenefitId>;');
  out.push('');
  return out;
}

function apiSection(model: Model, names: Names): string[] {
  const h = model.header;
  const out: string[] = ['// ==== API ====', ''];
  out.push('/**');
  out.push(' * Decides every benefit of the policy for one subject, as of a date. Facts are checked first (as by');
  out.push(' * `validate`); bad facts, ledger entries, parameters or dates throw a PolicyInputError listing them all.');
  out.push(' */');
  out.push('export function evaluate<S extends SubjectType>(subjectType: S, facts: SubjectFacts[S], options: EvaluateOptions): PolicyDecision<S> {');
  out.push('  return evaluateImpl(subjectType, facts, options, RULES) as PolicyDecision<S>;');
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
  out.push('  return evaluateImpl(subjectType, facts, options, RULES) as PolicyDecision;');
  out.push('}', '');
  out.push('/** Is this one of the policy\'s subject types? */');
  out.push('export function isSubjectType(s: unknown): s is SubjectType {');
  out.push("  return typeof s === 'string' && SUBJECTS.has(s);");
  out.push('}', '');
  for (const [name, s] of model.subjects) {
    out.push(`/** ${docLabel(s.label, name)}: decides every benefit for these facts. */`);
    out.push(`export function ${names.evaluate.get(name)!}(facts: ${names.facts.get(name)!}, options: EvaluateOptions): PolicyDecision<${lit(name)}> {`);
    out.push(`  return evaluate(${lit(name)}, facts, options);`);
    out.push('}', '');
  }
  out.push('/** Checks JSON facts for a subject type: typed, normalised facts, or every field error (codes as `policy eval`). */');
  out.push("export function validate<S extends SubjectType>(subjectType: S, json: unknown, lang?: Lang): Validation<SubjectFacts[S]>;");
  out.push('export function validate(subjectType: string, json: unknown, lang?: Lang): Validation<SubjectFacts[SubjectType]>;');
  out.push("export function validate(subjectType: string, json: unknown, lang: Lang = 'zh'): Validation<SubjectFacts[SubjectType]> {");
  out.push('  return validateFactsImpl(subjectType, json, lang) as unknown as Validation<SubjectFacts[SubjectType]>;');
  out.push('}', '');
  out.push('/**');
  out.push(' * Checks a JSON ledger (an array, or `{ entries: [...] }`) of payments already made. With `asOf`, a payment');
  out.push(' * dated after it is an error; entries of a benefit with 限一次 / 每年限一次 must record those facts in `key`.');
  out.push(' */');
  out.push("export function validateLedger(json: unknown, lang: Lang = 'zh', asOf?: IsoDate): LedgerValidation<LedgerEntry> {");
  out.push('  return validateLedgerImpl(json, lang, asOf) as LedgerValidation<LedgerEntry>;');
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

function benefitSection(model: Model, b: Benefit, names: Names): string[] {
  const title = labelPair(b.label, b.id);
  const heading = `${b.clause ?? '(no clause)'} ${b.id}${b.label && b.label.zh !== b.id ? ` · ${b.label.zh}` : ''}`;
  const info = names.info.get(b.id)!;
  const fn = names.benefit.get(b.id)!;
  const out: string[] = [`// ---- ${commentText(heading)} ----`, ''];
  const fund = b.fund ? labelPair(model.funds.get(b.fund)?.label, b.fund) : undefined;
  out.push(`const ${info}: BenefitInfo = {`);
  out.push(`  id: ${lit(b.id)},`);
  out.push(`  clause: ${b.clause ? lit(b.clause) : 'null'},`);
  out.push(`  title: ${text(title)},`);
  out.push(`  subjects: [${b.subjects.map(lit).join(', ')}],`);
  out.push(`  fund: ${fund ? text(fund) : 'null'},`);
  out.push(`  payment: ${b.payment ? lit(b.payment) : 'null'},`);
  out.push(
    `  period: ${b.period ? `{ until: ${b.period.until ? lit(b.period.until) : 'null'}, months: ${b.period.lengthMonths ?? 'null'} }` : 'null'},`,
  );
  if (b.conditions.length === 0) out.push('  conditions: [],');
  else {
    out.push('  conditions: [');
    for (const c of b.conditions) {
      const t = { zh: renderExpr(c.source, 'zh'), en: renderExpr(c.source, 'en') };
      out.push(`    { text: ${text(t)}, facts: [${factsShown(c.expr).map(lit).join(', ')}] },`);
    }
    out.push('  ],');
  }
  out.push(`  rounding: { scale: ${b.rounding.scale}n, mode: ${lit(b.rounding.mode)} },`);
  const capFen = (r: Rat | undefined) => (r ? roundTo(r, 100n, 'half-up') : undefined);
  const ceiling = capFen(b.ceiling);
  const annual = capFen(b.annualCap);
  out.push(`  ceiling: ${ceiling !== undefined ? `${ceiling}n, // 最高 ${fenToString(ceiling)} 元` : 'null,'}`);
  out.push(`  annualCap: ${annual !== undefined ? `${annual}n, // 每年累计不超过 ${fenToString(annual)} 元` : 'null,'}`);
  out.push(`  designation: ${b.outcome?.kind === 'designation' ? text(labelPair(b.outcome.label, b.outcome.label.zh)) : 'null'},`);
  const keys = (ks: KeyFact[] | undefined) => (ks?.length ? `[${ks.map((k) => `{ fact: ${lit(k.fact)}, orAbove: ${k.orAbove} }`).join(', ')}]` : 'null');
  out.push(`  oncePer: ${keys(b.oncePer)},`);
  out.push(`  oncePerYear: ${keys(b.oncePerYear)},`);
  out.push(`  runningTotal: ${Boolean(b.runningTotal)},${b.runningTotal ? ` // 累计：${commentText(b.runningTotal.facts.join('，'))}` : ''}`);
  out.push('};', '');
  out.push(`/** ${commentText(heading)}${b.label?.en ? ` — ${commentText(b.label.en)}` : ''} */`);
  out.push(`function ${fn}(x: Ctx): BenefitDecision {`);
  out.push(`  const r = new Decider(x, ${info});`);
  out.push('  if (r.closed) return r.d;');
  if (b.period) {
    out.push(`  // 期限：${commentText(periodComment(b))}`);
    out.push(`  r.period(${b.period.from ? layout(exprCode(b.period.from), '  ', 9) : 'undefined'});`);
  }
  b.conditions.forEach((c, i) => {
    out.push(`  // 条件：${commentText(renderExpr(c.source, 'zh'))}`);
    out.push(`  r.condition(${i}, ${layout(exprCode(c.expr), '  ', 16)});`);
  });
  // After the conditions: failed, or undecidable (a value that cannot be computed), or refused by the ledger.
  if (b.period || b.conditions.length) out.push('  if (r.failed) return r.d;');
  if (b.timesPerYear) {
    out.push(`  // 每年限次：${commentText(renderTimes(b.timesPerYear))}`);
    out.push(`  const timesPerYear = ${layout(exprCode(b.timesPerYear), '  ', 22)};`);
  }
  if (b.payment) out.push(`  // 发放：${{ once: '一次性', annual: '每年', monthly: '每月', 'per-occasion': '每次' }[b.payment]}`);
  for (const [ks, word] of [
    [b.oncePer, '限一次'],
    [b.oncePerYear, '每年限一次'],
  ] as const) {
    if (ks?.length) out.push(`  // ${word}：${commentText(ks.map((k) => `${k.fact}${k.orAbove ? '及以上' : ''}`).join('，'))}`);
  }
  out.push(`  if (r.refused(${b.timesPerYear ? 'timesPerYear' : ''})) return r.d;`);
  if (b.amount && b.amountSource) out.push(`  // 金额：${commentText(renderExpr(b.amountSource, 'zh'))}`);
  if (b.ceiling) out.push(`  // 最高：${fenToString(ceiling!)} 元`);
  if (b.annualCap) out.push(`  // 每年累计不超过：${fenToString(annual!)} 元`);
  if (b.rounding.stated) out.push(`  // 舍入：${b.rounding.scale === 1n ? '元' : '分'}，${{ 'half-up': '四舍五入', down: '舍去', up: '进位' }[b.rounding.mode]}`);
  if (b.outcome?.kind === 'equivalence') out.push(`  // 视同：${commentText(renderExpr(b.outcome.source, 'zh'))}`);
  if (b.outcome?.kind === 'designation') out.push(`  // 授予：${commentText(b.outcome.label.zh)}`);
  const amount = b.amount ? layout(exprCode(b.amount), '    ') : 'undefined';
  const outcome = b.outcome?.kind === 'equivalence' ? layout(exprCode(b.outcome.expr), '    ') : 'undefined';
  const one = `  return r.finish(${amount}, ${outcome});`;
  if (!one.includes('\n') && one.length <= WIDTH) out.push(one);
  else out.push('  return r.finish(', `    ${amount},`, `    ${outcome},`, '  );');
  out.push('}', '');
  return out;
}

function benefitsSection(model: Model, names: Names): string[] {
  const out: string[] = ['// ==== Benefits, in policy order ====', ''];
  // Provisions (条文) compute nothing; they are listed where they stand so the file reads beside the text.
  const items: { start: number; lines: () => string[] }[] = [
    ...model.benefits.map((b) => ({ start: b.range.start, lines: () => benefitSection(model, b, names) })),
    ...model.provisions.map((p) => ({
      start: p.range.start,
      lines: () => [`// ---- ${commentText(`${p.clause ?? ''} ${p.id}${p.label && p.label.zh !== p.id ? ` · ${p.label.zh}` : ''}`.trim())} ---- (条文: no computation)`, ''],
    })),
  ].sort((a, b) => a.start - b.start);
  for (const it of items) out.push(...it.lines());
  out.push('/** Every benefit, in policy order. */');
  out.push('const RULES: readonly ((x: Ctx) => BenefitDecision)[] = [');
  for (const b of model.benefits) out.push(`  ${names.benefit.get(b.id)!},`);
  out.push('];');
  out.push('');
  return out;
}

function tablesSection(model: Model): string[] {
  const out: string[] = ['// ==== Policy tables ====', ''];
  // Every input error and reason code of compiler/messages.ts, with its zh/en template.
  const inputCodes = codesOf('P3');
  const reasonCodes = codesOf('P4');
  out.push(`export type InputErrorCode = ${inputCodes.map(lit).join(' | ')};`);
  out.push(`export type ReasonCode = ${reasonCodes.map(lit).join(' | ')};`, '');
  const codes = [...inputCodes, ...reasonCodes];
  out.push('const MESSAGES: Readonly<Record<MessageCode, Text>> = {');
  for (const c of codes) out.push(`  ${c}: ${text(MESSAGES[c])},`);
  out.push('};', '');
  out.push(`const POLICY_PERIOD = { effective: ${model.header.effective ? lit(model.header.effective) : 'null'}, end: ${model.header.end ? lit(model.header.end) : 'null'} };`);
  out.push('');
  out.push('const SUBJECTS: ReadonlyMap<string, ReadonlyMap<string, FactType>> = new Map([');
  for (const [name, s] of model.subjects) {
    out.push(`  [${lit(name)}, new Map<string, FactType>([`);
    for (const [fname, f] of s.facts) out.push(`    [${lit(fname)}, ${f.derived ? `{ k: 'derived' }` : factTypeSpec(f.type, model)}],`);
    out.push('  ])],');
  }
  out.push(']);', '');
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
  out.push('const LEVELS: ReadonlyMap<string, LevelSpec> = new Map([');
  for (const [name, lt] of model.levels) {
    const byName: string[] = [];
    const seen = new Set<string>();
    lt.levels.forEach((l) => {
      for (const spelling of [l.name, ...l.aliases]) {
        if (seen.has(spelling)) continue;
        seen.add(spelling);
        byName.push(`      [${lit(spelling)}, { name: ${lit(l.name)}, rank: ${l.rank}${l.label?.en ? `, label: ${text(labelPair(l.label, l.name))}` : ''} }],`);
      }
    });
    out.push(`  [${lit(name)}, {`);
    out.push('    byName: new Map([');
    out.push(...byName);
    out.push('    ]),');
    out.push(`    allowed: ${lit(lt.levels.map((l) => l.name).join('、'))},`);
    out.push('  }],');
  }
  out.push(']);', '');
  out.push('const ENUMS: ReadonlyMap<string, EnumSpec> = new Map([');
  for (const [name, et] of model.enums) {
    out.push(`  [${lit(name)}, {`);
    out.push(`    values: new Map([${et.values.map((v) => `[${lit(v.name)}, ${text(labelPair(v.label, v.name))}]`).join(', ')}]),`);
    out.push(`    allowed: ${lit(et.values.map((v) => v.name).join('、'))},`);
    out.push('  }],');
  }
  out.push(']);', '');
  out.push(`const BENEFIT_IDS: ReadonlySet<string> = new Set([${model.benefits.map((b) => lit(b.id)).join(', ')}]);`);
  out.push('const PARAMS: ReadonlyMap<string, QuantitySpec> = new Map([');
  for (const [name, p] of model.params) if (p.type.kind === 'quantity') out.push(`  [${lit(name)}, ${quantitySpec(p.type.unit, model)}],`);
  out.push(']);', '');
  out.push('/** The facts a ledger entry of each benefit must record (限一次 / 每年限一次), with their types. */');
  out.push('const BENEFIT_KEYS: ReadonlyMap<string, ReadonlyMap<string, FactType>> = new Map([');
  for (const b of model.benefits) {
    const kt = ledgerKeyTypes(model, b);
    if (kt.size) out.push(`  [${lit(b.id)}, new Map<string, FactType>([${[...kt].map(([f, t]) => `[${lit(f)}, ${factTypeSpec(t, model)}]`).join(', ')}])],`);
  }
  out.push(']);');
  out.push('');
  // How reasons show a fact: from the first subject that declares a fact of that name, as the reference does.
  out.push('const FACT_DISPLAY: ReadonlyMap<string, FactDisplay> = new Map([');
  const seen = new Set<string>();
  for (const s of model.subjects.values()) {
    for (const [fname, f] of s.facts) {
      if (seen.has(fname)) continue;
      seen.add(fname);
      const parts: string[] = [];
      if (f.label?.en) parts.push(`label: ${text(labelPair(f.label, fname))}`);
      if (f.type.kind === 'quantity') parts.push(`unit: ${text(unitPair(f.type.unit))}`);
      else if (f.type.kind === 'enum') {
        const et = model.enums.get(f.type.of);
        const entries = (et?.values ?? []).map((v) => `[${lit(v.name)}, ${text(labelPair(v.label, v.name))}]`);
        parts.push(`enumLabels: new Map<string, Text>([${entries.join(', ')}])`);
      }
      const spec = parts.length ? `{ ${parts.join(', ')} }` : '{}';
      out.push(`  [${lit(fname)}, ${spec}],`);
    }
  }
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
  out.push('const INTERACTIONS: readonly Interaction[] = [');
  for (const g of model.interactions) out.push(`  { mode: ${lit(g.mode)}, members: [${g.members.map(lit).join(', ')}] },`);
  out.push('];', '');
  out.push(`const YES: Text = ${text(kw('Yes'))};`);
  out.push(`const NO: Text = ${text(kw('No'))};`);
  out.push('');
  return out;
}

/** The evaluator module for a policy that compiled without errors. */
export function emitTypeScript(model: Model, options: EmitOptions = {}): string {
  const names = allocateNames(model);
  const parts = [
    ...header(model, options),
    ...typesSection(model, names),
    ...apiSection(model, names),
    ...benefitsSection(model, names),
    ...tablesSection(model),
    runtimeSource().trimEnd(),
    '',
  ];
  return parts.join('\n');
}
