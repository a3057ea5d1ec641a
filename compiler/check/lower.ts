// Lowering blocks to the IR (model.ts): the policy header, benefits, provisions
// and interactions. Each block's fields are validated against the one schema
// (fields.ts) — unknown fields, repeats, value counts — and then lowered by the
// field's handler below.
import type * as A from '../../grammar/ast.ts';
import { benefitIndex, isValidIsoDate } from '../facts.ts';
import { addDays, addMonths, periodEnd } from '../dates.ts';
import type { Benefit, CapKind, CapPeriod, Condition, Fact, Header, IExpr, Instalment, KeyFact, Model, Payment, Type, Unit, YearlyInstalments } from '../model.ts';
import { add, cmp, isInteger, mul, ONE, parseDecimal, ratToString, ZERO, type Rat, type RoundingMode } from '../rational.ts';
import { DIMENSIONLESS, unitScale } from '../units.ts';
import { topKey } from '../symbols.ts';
import { isMoney, sameUnit, unitText } from '../units.ts';
import type { MessageId } from '../messages.ts';
import { closest, EMPTY_SCOPE, kwArgs, normaliseClause, unitArgs, word, type CheckContext, type Scope } from './context.ts';
import { expr, ref, visitNames, walkNames } from './expressions.ts';
import { BANDS } from './progressive.ts';
import { sameAs } from './same-as.ts';
import { BLOCK_WORD, FIELDS, fieldSpec, ROUNDING_STEPS, type Block } from './fields.ts';
import { keywordById } from '../../grammar/keywords.ts';

export const fieldName = (c: CheckContext, f: A.Field): string => c.slice(f.keyRange);

/** A field's key for a message in both languages (`key`, `keyEn`): its keyword's spellings, or the fact name as written. */
export const fieldArgs = (c: CheckContext, f: A.Field, key: string): Record<string, string> => (f.factName ? { [key]: fieldName(c, f) } : kwArgs(key, f.key));

/** The one value of a single-valued field (P2021 otherwise); undefined when unusable. */
export function single(c: CheckContext, f: A.Field): A.Expr | undefined {
  if (f.values.length !== 1) {
    c.report('P2021', f.range, { ...fieldArgs(c, f, 'field'), expected: 1, found: f.values.length });
    return undefined;
  }
  const v = f.values[0]!;
  return v.kind === 'Error' ? undefined : v;
}

export function expectString(c: CheckContext, f: A.Field): A.Label | undefined {
  const v = single(c, f);
  if (!v) return undefined;
  if (v.kind !== 'String') {
    c.report('P2010', v.range, { ...word('expected', 'word.text'), found: c.slice(v.range) });
    return undefined;
  }
  return v.label;
}

/**
 * A fact given in a declared multiple (`出口额：万美元；`) is read as value × scale, while the ledger records the value as
 * given: it cannot key a quota or 每档一次 (P2224, naming the field and the base unit to declare it in instead).
 */
function givenInMultiple(c: CheckContext, n: A.Name, scope: Scope, field: string): boolean {
  const g = scope.facts.get(n.text)?.givenIn;
  if (!g) return false;
  const base = c.model.units.get(g.unit);
  const baseName = base ? (unitText({ [base.dim]: 1 }, 'zh')) : '';
  c.report('P2224', n.range, { name: n.text, unit: g.unit, base: baseName, ...kwArgs('field', FIELD_KW[field]!) });
  return true;
}
const FIELD_KW: Record<string, string> = {
  'once-per-bracket': 'OncePerBracket',
  'once-per': 'OncePer',
  'once-per-year': 'OncePerYear',
  'annual-cap': 'AnnualCap',
  'cumulative-cap': 'CumulativeCap',
  'distinct-per-year': 'DistinctPerYear',
  distinct: 'DistinctKeys',
};

/** The facts an expression reads, in order of first mention (a 合计's members' facts are not the subject's). */
function factsIn(e: IExpr, out = new Set<string>()): Set<string> {
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const v of x) walk(v);
      return;
    }
    const o = x as Record<string, unknown>;
    if (o['k'] === 'fact' && o['name']) out.add(o['name'] as string);
    if (o['k'] === 'sum') return;
    // for…in, not Object.entries: no array per node (the same keys in the same order: plain objects).
    for (const key in o) if (key !== 'type' && key !== 'range') walk(o[key]);
  };
  walk(e);
  return out;
}

export function expectDate(c: CheckContext, f: A.Field): string | undefined {
  const v = single(c, f);
  if (!v) return undefined;
  if (v.kind !== 'Date') {
    c.report('P2010', v.range, { ...word('expected', 'word.date'), found: c.slice(v.range) });
    return undefined;
  }
  if (!isValidIsoDate(v.iso)) {
    c.report('P2025', v.range, { date: c.slice(v.range) });
    return undefined;
  }
  return v.iso;
}

/** A constant quantity of the given unit (money caps, validity). */
export function expectConstant(c: CheckContext, f: A.Field, unit: Unit): Rat | undefined {
  const v = single(c, f);
  if (!v) return undefined;
  const e = expr(c, v, EMPTY_SCOPE());
  if (e.type.kind !== 'quantity' || !sameUnit(e.type.unit, unit) || e.k !== 'num') {
    if (e.type.kind !== 'unknown') c.report('P2010', v.range, { expected: unitText(unit, 'zh'), expectedEn: unitText(unit, 'en'), found: c.slice(v.range) });
    return undefined;
  }
  if (e.value.n <= 0n) {
    c.report('P2028', v.range, fieldArgs(c, f, 'what'));
    return undefined;
  }
  return e.value;
}

/** P2015 for a non-repeatable field written twice. */
export function duplicateFields(c: CheckContext, block: Block, fields: A.Field[]) {
  const seen = new Set<string>();
  for (const f of fields) {
    if (fieldSpec(block, f.key)?.repeatable || f.factName) continue;
    if (seen.has(f.key)) c.report('P2015', f.keyRange, { field: fieldName(c, f) });
    seen.add(f.key);
  }
}

/**
 * `资金总额：…；` — a name where a field keyword belongs (grammar: unknownField): P2190 names the fields the block
 * takes, from the schema, in the language of the message, and the nearest spelling of one when the name is near
 * enough to be a misspelling (also the quick fix). Its values are not read: what they mean depends on the field.
 */
function unknownField(c: CheckContext, block: Block, f: A.Field) {
  const keys = FIELDS[block].map((s) => s.key);
  const spellings = (lang: 'zh' | 'en') => keys.map((k) => keywordById(k)[lang][0]!);
  const written = f.factName!.text;
  // Suggest in the script the name is written in: a Chinese name gets a Chinese spelling.
  const latin = /^[\x00-\x7f]+$/.test(written);
  // Ties go to a spelling that starts as the name does (最高金额 → 最高).
  const prefix = (a: string) => [...a].findIndex((ch, i) => written[i] !== ch);
  const common = (a: string) => (prefix(a) < 0 ? a.length : prefix(a));
  const candidates = keys.flatMap((k) => (latin ? keywordById(k).en : keywordById(k).zh)).sort((a, b) => common(b) - common(a));
  c.report(
    'P2190',
    f.keyRange,
    { field: written, ...word('where', BLOCK_WORD[block]), fields: spellings('zh').join('、'), fieldsEn: spellings('en').join(', ') },
    closest(written, candidates),
  );
}

/**
 * Validates a field against the schema and hands its values to `lower`:
 * P2016 for a field the block does not take, P2021 for a wrong count.
 */
function dispatch(c: CheckContext, block: Block, f: A.Field, lower: (values: A.Expr[]) => void, notStated?: (key: string) => void) {
  const values = fieldValues(c, block, f);
  if (values === NOT_STATED) notStated?.(f.key);
  else if (values) lower(values);
}

/** `fieldValues` of a field whose whole value is 未载明 (the text does not state it). */
const NOT_STATED = 'notStated';

/**
 * `dispatch` without callbacks (a benefit's fields, the bulk of a policy, make no closures per field): the values to
 * lower, NOT_STATED, or undefined when the field was reported and is not lowered.
 */
function fieldValues(c: CheckContext, block: Block, f: A.Field): A.Expr[] | typeof NOT_STATED | undefined {
  if (f.factName && block !== 'example') {
    unknownField(c, block, f);
    return undefined;
  }
  const spec = fieldSpec(block, f.key);
  if (!spec) {
    c.report('P2016', f.keyRange, { field: fieldName(c, f), ...word('where', BLOCK_WORD[block]) });
    return undefined;
  }
  const ns = f.values.find(isNotStated);
  if (ns && spec.notStated) {
    // 未载明 in an informational field: the text does not state it (the summary says so); nothing else beside it.
    if (f.values.length > 1) c.report('P2060', f.range, { ...fieldArgs(c, f, 'field'), ...word('other', 'word.statedValue') });
    return NOT_STATED;
  }
  if (ns && !spec.keywords?.includes('NotStated')) {
    // A field that changes the result cannot be "not stated": say what to write instead.
    c.report('P2199', ns.range, { ...fieldArgs(c, f, 'field'), ...word('instead', NOT_STATED_HINT[f.key] ?? 'word.notStatedOmit') });
    return undefined;
  }
  if (typeof spec.arity === 'object' && f.values.length > spec.arity.max) {
    c.report('P2021', f.range, { ...fieldArgs(c, f, 'field'), expected: `1-${spec.arity.max}`, found: f.values.length });
    return f.values.slice(0, spec.arity.max);
  }
  return f.values;
}

/**
 * A name standing as the whole 金额 that names nothing (“金额：设备补助核定额；” with the fact not declared): P2202, which
 * says how an approved amount is declared (核定 元) and how an amount the text does not state is written — not the
 * plain P2004. True when reported.
 */
function undeclaredAmount(c: CheckContext, v: A.RefExpr, scope: Scope): boolean {
  const n = v.name.text;
  if (scope.subjects.length !== 1 || scope.facts.has(n) || c.model.params.has(n) || c.symbols.top(n) || c.symbols.value(n) || c.names.has(n)) return false;
  // `三万元`: a figure in Chinese numerals, taught by P2174.
  if (/^[一二两三四五六七八九十百千万]+(元|万元)$/.test(n)) return false;
  c.report('P2202', v.range, { name: n, subject: scope.subjects[0]! }, closest(n, [...scope.facts.keys(), ...c.model.params.keys()]));
  return true;
}

/** The benefit fields that act on its amount: beside `金额：未载明` they are P2209. */
const AMOUNT_FIELDS: readonly string[] = ['Ceiling', 'AnnualCap', 'CumulativeCap', 'CapPeriod', 'Instalment', 'Split', 'OfWhich', 'TopUp', 'RunningTotal', 'OncePerBracket', 'Rounding', 'HigherThanOther'];

/** What to write instead of 未载明 in a field that changes the result (P2199). */
/** One unit of things counted (个, 人, 次, a declared 张): one dimension to the power 1, no time and no money. */
const isCountUnit = (u: Unit): boolean => {
  const dims = Object.entries(u).filter(([, p]) => p !== 0);
  return dims.length === 1 && dims[0]![1] === 1 && !['month', 'day', 'age', 'rank'].includes(dims[0]![0]);
};

/**
 * A count granted (授予：… 1个 … 2个), as the text of each count: the outcome is a designation like any other (2个 /
 * 2 items), so the reference, the generated code and SQL decide it as a 视同 of texts. Only counts written as numbers
 * in a table or 若…否则 (what the texts do): a count computed from the case is P2264.
 */
function countText(c: CheckContext, e: IExpr, unit: Unit): IExpr | undefined {
  const text = { kind: 'text' } as const;
  switch (e.k) {
    case 'num': {
      const n = e.value.d === 1n ? e.value.n.toString() : undefined;
      if (n === undefined) break;
      return { k: 'text', label: { zh: `${n}${unitText(unit, 'zh')}`, en: `${n} ${unitText(unit, 'en')}`, range: e.range }, type: text, range: e.range };
    }
    case 'lookup': {
      const entries: { key: string; value: IExpr }[] = [];
      for (const en of e.entries) {
        const v = countText(c, en.value, unit);
        if (!v) return undefined;
        entries.push({ key: en.key, value: v });
      }
      return { ...e, entries, type: text };
    }
    case 'if': {
      const t = countText(c, e.t, unit);
      const f = t && countText(c, e.e, unit);
      return t && f ? { ...e, t, e: f, type: text } : undefined;
    }
    case 'nostd':
      return { ...e, type: text };
    default:
      break;
  }
  c.report('P2264', e.range, { found: c.slice(e.range) });
  return undefined;
}

/** The words that make a value an upper bound (`不超过 X`, `X以内`): a cap, which 金额 cannot be. */
const UPPER_BOUNDS: ReadonlySet<string> = new Set(['NotExceeding', 'NotAbove', 'Below', 'Under', 'Within', 'OrBelow', 'AndBelow', 'LessEq', 'Less']);

const NOT_STATED_HINT: Readonly<Record<string, MessageId>> = {
  Ceiling: 'word.notStatedCap',
  CeilingInPrinciple: 'word.notStatedCap',
  AnnualCap: 'word.notStatedCap',
  CumulativeCap: 'word.notStatedCap',
  HigherThanOther: 'word.notStatedParam',
  TimesPerYear: 'word.notStatedCap',
  MaxDuration: 'word.notStatedCap',
  Subject: 'word.notStatedRequired',
};

// ---- the policy header ----

type Handler<T> = (c: CheckContext, f: A.Field, values: A.Expr[], target: T) => void;

/** `未载明` as a field's value: the text does not state it (资金, 有效期 / 截止日期, 文号). */
export const isNotStated = (v: A.Expr | undefined): boolean => v?.kind === 'Keyword' && v.keyword === 'NotStated';

/** A header field written `未载明`: sets the flag; true when handled. */
function headerNotStated(c: CheckContext, f: A.Field, h: Header, flag: 'validityNotStated' | 'docNumberNotStated' | 'effectiveNotStated'): boolean {
  if (!f.values.some(isNotStated)) return false;
  if (f.values.length > 1) c.report('P2060', f.range, { ...fieldArgs(c, f, 'field'), ...word('other', 'word.statedValue') });
  h[flag] = true;
  return true;
}

const HEADER: Record<string, Handler<Header>> = {
  Title: (c, f, _, h) => {
    const l = expectString(c, f);
    if (l) h.title = l;
  },
  DocNumber: (c, f, _, h) => {
    if (headerNotStated(c, f, h, 'docNumberNotStated')) return;
    const l = expectString(c, f);
    if (l) h.docNumber = l.zh;
  },
  Interpreter: (c, f, _, h) => {
    const l = expectString(c, f);
    if (l) h.interpreter = l;
  },
  Issuers: (c, _f, values, h) => {
    for (const v of values) {
      if (v.kind === 'String') h.issuers.push(v.label);
      else if (v.kind !== 'Error') c.report('P2010', v.range, { ...word('expected', 'word.text'), found: c.slice(v.range) });
    }
  },
  Published: (c, f, _, h) => {
    const d = expectDate(c, f);
    if (d) h.published = d;
  },
  // 申报截止 is informational (docs/language.md §3): the summary states it, no decision reads it.
  ApplyBy: (c, f, _, h) => {
    const d = expectDate(c, f);
    if (d) h.applyBy = d;
  },
  Effective: (c, f, _, h) => {
    if (headerNotStated(c, f, h, 'effectiveNotStated')) return;
    const d = expectDate(c, f);
    if (d) h.effective = d;
  },
  Ends: (c, f, _, h) => {
    if (headerNotStated(c, f, h, 'validityNotStated')) return;
    const d = expectDate(c, f);
    if (d) h.end = d;
  },
  Amends: (c, f, _, h) => {
    const l = expectString(c, f);
    if (l) h.amends = l.zh;
  },
  Repeals: (c, _f, values, h) => {
    for (const v of values) {
      if (v.kind === 'Ref') (h.repeals ??= []).push(v.name.text);
      else if (v.kind !== 'Error') c.report('P2010', v.range, { ...word('expected', 'word.declName'), found: c.slice(v.range) });
    }
  },
  AnnualCap: (c, f, values, h) => poolCap(c, f, values, h, 'annual'),
  CumulativeCap: (c, f, values, h) => poolCap(c, f, values, h, 'cumulative'),
  CapPeriod: (c, f, _, h) => {
    const holder = {} as Benefit;
    capPeriod(c, f, holder, EMPTY_SCOPE());
    if (holder.capPeriod) (h.pool ??= {}).period = holder.capPeriod;
  },
  Validity: (c, f, _, h) => {
    if (headerNotStated(c, f, h, 'validityNotStated')) return;
    const m = expectConstant(c, f, { month: 1 });
    if (!m) return;
    if (!isInteger(m)) c.report('P2010', f.range, { ...word('expected', 'word.months'), found: c.slice(f.range) });
    else h.validityMonths = Number(m.n);
  },
};

/**
 * 每年累计不超过 / 累计不超过 in the header: the policy's shared cap (“各项奖励合计每年不超过200万元”), a positive constant
 * amount or an amount computed from the case (“累计不超过企业当年对区级财政贡献”), optionally followed by the fund whose
 * benefits it covers. A constant that is not a positive amount is P2230.
 */
function poolCap(c: CheckContext, f: A.Field, values: A.Expr[], h: Header, of: 'annual' | 'cumulative') {
  const [v, fundRef] = values;
  if (!v || v.kind === 'Error') return;
  // No subject's facts are in scope here: a constant is the cap; anything else is computed from the case, checked in the
  // scope of each benefit it covers once every benefit is lowered (check/index.ts poolCapExprs).
  const e = c.quietly(() => expr(c, v, EMPTY_SCOPE()));
  const constant = e.k === 'num' && e.type.kind === 'quantity' && isMoney(e.type.unit);
  if ((constant && e.value.n <= 0n) || (e.k === 'num' && !constant) || isNotStated(v)) {
    c.report('P2230', v.range, { found: c.slice(v.range) });
    return;
  }
  let fund: string | undefined;
  if (fundRef) {
    if (fundRef.kind === 'Ref') c.refer(fundRef.name.range, c.symbols.top(fundRef.name.text) ? [topKey(fundRef.name.text)] : []);
    if (fundRef.kind === 'Ref' && c.model.funds.has(fundRef.name.text)) {
      fund = fundRef.name.text;
      c.use(fund);
    } else if (fundRef.kind === 'Ref') {
      c.report('P2006', fundRef.range, { name: fundRef.name.text }, closest(fundRef.name.text, c.model.funds.keys()));
      return;
    } else {
      if (fundRef.kind !== 'Error') c.report('P2010', fundRef.range, { ...word('expected', 'word.anyFund'), found: c.slice(fundRef.range) });
      return;
    }
  }
  (h.pool ??= {})[of] = { ...(e.k === 'num' ? { cap: e.value } : { source: v }), ...(fund && { fund }), range: f.range };
}

/**
 * The policy's shared caps computed from the case (header 每年累计不超过 / 累计不超过 as an expression): checked in the scope
 * of every benefit they cover, once all are lowered. A fact the cap reads must be a fact of each covered benefit's subject
 * (P2275, naming the fact, the subject and the benefit — the cap adds up benefits that may be for different kinds of
 * subject); the cap is money (P2230). Each covered benefit gets the cap lowered for its subject (`poolCaps`).
 */
export function poolCapExprs(c: CheckContext, pool: Header['pool'], members: (cap: { fund?: string }) => Benefit[], document = false) {
  for (const of of ['annual', 'cumulative'] as const) {
    const slot = document ? (`document-${of}` as const) : of;
    const cap = pool?.[of];
    const source = cap?.source;
    if (!cap || !source) continue;
    const covered = members(cap);
    const names: A.Name[] = [];
    walkNames(source, { ref: (n) => names.push(n), table: (n) => names.push(n) });
    const facts = names.filter((n) => !c.model.params.has(n.text) && [...c.model.subjects.values()].some((s) => s.facts.has(n.text)));
    let bad = false;
    const reported = new Set<string>();
    for (const b of covered)
      for (const s of b.subjects)
        for (const n of facts) {
          if (c.model.subjects.get(s)?.facts.has(n.text) || reported.has(`${s}\u0000${n.text}`)) continue;
          reported.add(`${s}\u0000${n.text}`);
          c.report('P2275', n.range, { name: n.text, subject: s, benefit: b.id, ...kwArgs('field', of === 'annual' ? 'AnnualCap' : 'CumulativeCap') });
          bad = true;
        }
    if (bad) continue;
    const byScope = new Map<string, IExpr | null>();
    let first = true;
    for (const b of covered) {
      const key = b.subjects.join('\u0000');
      if (!byScope.has(key)) {
        const scope: Scope = { ...scopeOf(c, b.subjects), benefit: b.id };
        // The first scope reports what is wrong with the expression (a name nothing declares, a type); the others are the same text.
        const check = () => expr(c, source, scope);
        const e = first ? check() : c.quietly(check);
        let lowered: IExpr | null = e;
        if (e.type.kind === 'unknown') lowered = null;
        else if (e.type.kind !== 'quantity' || !isMoney(e.type.unit)) {
          if (first) c.report('P2230', source.range, { found: c.slice(source.range) });
          lowered = null;
        }
        first = false;
        byScope.set(key, lowered);
      }
      const e = byScope.get(key);
      if (e) (b.poolCaps ??= {})[slot] = { expr: e, source };
    }
    if (!byScope.size) c.quietly(() => visitNames(c, source, EMPTY_SCOPE()));
  }
}

/** A policy header, checked and lowered (the program's own, or an imported document's). */
export function header(c: CheckContext, p: A.PolicyDecl): Header {
  const h: Header = { range: p.range, issuers: [] };
  duplicateFields(c, 'policy', p.fields);
  for (const f of p.fields) dispatch(c, 'policy', f, (values) => HEADER[f.key]!(c, f, values, h), (key) => (h.notStated ??= []).push(key));
  const at = { start: p.range.start, end: p.range.start + 2 };
  // A header with an unknown field (P2190) may hold the missing one misspelt: P2190 says so, nothing more.
  const misspelt = p.fields.some((f) => f.factName);
  if (!h.title && !h.notStated?.includes('Title') && !misspelt) c.report('P2014', at, kwArgs('field', 'Title'));
  if (!h.docNumber && !h.docNumberNotStated && !misspelt) c.report('P2034', at);
  if (!h.effective && !h.effectiveNotStated && !misspelt) c.report('P2193', at);
  if (h.effectiveNotStated) {
    // No start: nothing refuses an as-of date as too early, and a duration of validity has nothing to run from.
    const f = p.fields.find((x) => x.key === 'Effective')!;
    c.report('P2141', f.range);
    const v = p.fields.find((x) => x.key === 'Validity' && !x.values.some(isNotStated));
    if (v && !p.fields.some((x) => x.key === 'Ends')) c.report('P2142', v.range, { duration: c.slice(v.values[0]?.range ?? v.range) });
  }
  let tooLong = false;
  if (h.effective && h.validityMonths !== undefined && !h.end) {
    // Dates are four-digit years everywhere (ISO text, SQL DATE, the summary): a validity that ends after 9999
    // (有效期：100000年) is reported, not turned into an end of "Infinity年NaN月".
    const end = periodEnd(h.effective, h.validityMonths);
    if (end.length === 10 && end <= '9999-12-31') h.end = end;
    else {
      const v = p.fields.find((x) => x.key === 'Validity')!;
      c.report('P2293', v.values[0]?.range ?? v.range, { duration: c.slice(v.values[0]?.range ?? v.range), effective: h.effective });
      delete h.validityMonths;
      tooLong = true;
    }
  }
  if (h.pool?.period && !p.fields.some((x) => x.key === 'CumulativeCap')) c.report('P2104', p.fields.find((x) => x.key === 'CapPeriod')!.keyRange, kwArgs('field', 'CapPeriod'));
  // An amendment keeps the validity of the policy it amends unless it changes it.
  if (!h.end && h.validityMonths === undefined && !h.amends && !h.validityNotStated && !misspelt && !tooLong) c.report('P2192', at);
  // `有效期：未载明` says the text states no end; an end stated elsewhere in the header contradicts it.
  if (h.validityNotStated && (h.end !== undefined || h.validityMonths !== undefined)) {
    const f = p.fields.find((x) => (x.key === 'Validity' || x.key === 'Ends') && x.values.some(isNotStated))!;
    c.report('P2060', f.range, { ...fieldArgs(c, f, 'field'), ...kwArgs('other', h.end !== undefined && !p.fields.some((x) => x.key === 'Validity' && !x.values.some(isNotStated)) ? 'Ends' : 'Validity') });
    delete h.validityNotStated;
  }
  return h;
}

// ---- benefits ----

export function subjectsOf(c: CheckContext, values: A.Expr[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (v.kind !== 'Ref') {
      // 未载明 is P2199 (dispatch says what to write).
      if (v.kind !== 'Error' && !isNotStated(v)) c.report('P2010', v.range, { ...word('expected', 'word.subject'), found: c.slice(v.range) });
      continue;
    }
    c.refer(v.name.range, c.symbols.top(v.name.text) ? [topKey(v.name.text)] : []);
    if (!c.model.subjects.has(v.name.text)) {
      c.report('P2003', v.range, { name: v.name.text }, closest(v.name.text, c.model.subjects.keys()));
      continue;
    }
    out.push(v.name.text);
  }
  return out;
}

/** The facts usable in a benefit: those of its first subject (the others must agree on each fact used). */
export function scopeOf(c: CheckContext, subjects: string[]): Scope {
  // Read only (Scope.facts is a ReadonlyMap): the subject's own map, not a copy per benefit.
  const facts = c.model.subjects.get(subjects[0] ?? '')?.facts ?? new Map<string, Fact>();
  return { facts, subjects };
}

interface BenefitTarget {
  b: Benefit;
  scope: Scope;
}

const PAYMENTS: Record<string, Payment> = { Once: 'once', Annually: 'annual', Monthly: 'monthly', PerOccasion: 'per-occasion' };
const DELIVERY = { NoApplication: 'no-application', OnApplication: 'on-application' } as const;
const ROUNDING: Record<string, RoundingMode> = { HalfUp: 'half-up', Down: 'down', Up: 'up' };

const BENEFIT: Record<string, Handler<BenefitTarget>> = {
  Subject: () => {},
  Clause: (c, f, _, { b }) => {
    const l = expectString(c, f);
    if (l) b.clause = normaliseClause(l.zh);
  },
  Title: (c, f, _, { b }) => {
    const l = expectString(c, f);
    if (l) b.label = l;
  },
  // `资金：主资金，备用资金；` — the second is the fallback when the first cannot pay.
  Fund: (c, f, values, { b }) => {
    const funds: string[] = [];
    if (values.some(isNotStated)) {
      // `资金：未载明` — the text names no fund; saying so is not naming one.
      if (values.length > 1) c.report('P2060', f.range, { ...fieldArgs(c, f, 'field'), ...word('other', 'word.fund') });
      b.fundNotStated = true;
      return;
    }
    for (const v of values) {
      if (v.kind === 'Ref') c.refer(v.name.range, c.symbols.top(v.name.text) ? [topKey(v.name.text)] : []);
      if (v.kind === 'Ref' && c.model.funds.has(v.name.text)) {
        funds.push(v.name.text);
        c.use(v.name.text);
      } else if (v.kind === 'Ref') c.report('P2006', v.range, { name: v.name.text }, closest(v.name.text, c.model.funds.keys()));
      else if (v.kind !== 'Error') c.report('P2010', v.range, { ...word('expected', 'word.fund'), found: c.slice(v.range) });
    }
    if (funds[0]) b.fund = funds[0];
    if (funds[1]) b.fallbackFund = funds[1];
  },
  Delivery: (c, f, _, { b }) => {
    const v = single(c, f);
    if (v?.kind === 'Keyword' && v.keyword in DELIVERY) b.delivery = DELIVERY[v.keyword as keyof typeof DELIVERY];
    else if (v) c.report('P2010', v.range, { ...word('expected', 'word.delivery'), found: c.slice(v.range) });
  },
  TimesPerYear: (c, f, _, { b, scope }) => {
    const v = single(c, f);
    if (!v) return;
    const e = expr(c, v, scope);
    if (e.type.kind === 'quantity' && sameUnit(e.type.unit, { times: 1 })) b.timesPerYear = e;
    else if (e.type.kind !== 'unknown') c.report('P2010', v.range, { ...word('expected', 'word.times'), ...c.typeArgs('found', e.type) });
  },
  MaxDuration: (c, f, values, { b, scope }) => {
    const [v, per] = values;
    if (!v || v.kind === 'Error') return;
    // A second value names the fact whose payments are counted (per-occasion benefits; checked in benefitDecl).
    if (per && per.kind === 'Ref') {
      const k = ref(c, per.name, scope);
      if (k.k === 'fact') b.maxDurationKey = k.name;
    } else if (per && per.kind !== 'Error') c.report('P2010', per.range, { ...word('expected', 'word.keyFact'), found: c.slice(per.range) });
    const e = expr(c, v, scope);
    if (e.type.kind === 'quantity' && sameUnit(e.type.unit, { month: 1 })) {
      b.maxDuration = e;
      b.maxDurationSource = v;
    }
    else if (e.type.kind !== 'unknown') c.report('P2010', v.range, { ...word('expected', 'word.duration'), ...c.typeArgs('found', e.type) });
  },
  OncePer: (c, f, values, t) => oncePer(c, f, values, t, false),
  OncePerYear: (c, f, values, t) => oncePer(c, f, values, t, true),
  DistinctPerYear: (c, f, values, t) => distinct(c, f, values, t, true),
  DistinctKeys: (c, f, values, t) => distinct(c, f, values, t, false),
  RunningTotal: (c, _f, values, t) => runningTotal(c, values, t),
  Payment: (c, f, _, { b }) => {
    const v = single(c, f);
    if (v?.kind === 'Keyword' && PAYMENTS[v.keyword]) b.payment = PAYMENTS[v.keyword];
    else if (v) c.report('P2010', v.range, { ...word('expected', 'word.payment'), found: c.slice(v.range) });
  },
  Condition: (c, _f, values, { b, scope }) => {
    for (const v of values) {
      if (v.kind === 'Error') continue;
      const e = expr(c, v, scope);
      if (e.type.kind !== 'bool' && e.type.kind !== 'unknown') {
        c.report('P2010', v.range, { ...word('expected', 'word.condition'), ...c.typeArgs('found', e.type) });
        continue;
      }
      b.conditions.push({ expr: e, source: v } satisfies Condition);
    }
  },
  // 原则上：C，…； — each a soft condition (a rule with exceptions the authority decides).
  InPrinciple: (c, _f, values, { b, scope }) => {
    for (const v of values) {
      if (v.kind === 'Error') continue;
      const e = expr(c, v, scope);
      if (e.type.kind === 'bool') b.conditions.push({ expr: e, source: v, implied: true, soft: 'in-principle' });
      else if (e.type.kind !== 'unknown') c.report('P2010', v.range, { ...word('expected', 'word.condition'), ...c.typeArgs('found', e.type) });
    }
  },
  // 等情形：A，B，C； — one soft condition, A 或 B 或 C, the list left open (“等”).
  OpenList: (c, _f, values, { b, scope }) => {
    const vs = values.filter((v) => v.kind !== 'Error');
    if (vs.length === 0) return;
    const source = vs.slice(1).reduce<A.Expr>((l, r) => ({ kind: 'Logical', op: 'or', left: l, right: r, range: { start: vs[0]!.range.start, end: r.range.end } }), vs[0]!);
    const e = expr(c, source, scope);
    if (e.type.kind === 'bool') b.conditions.push({ expr: e, source, implied: true, soft: 'open' });
    else if (e.type.kind !== 'unknown') c.report('P2010', source.range, { ...word('expected', 'word.condition'), ...c.typeArgs('found', e.type) });
  },
  Amount: (c, f, _, { b, scope }) => {
    const v = single(c, f);
    if (!v) return;
    // `金额：不超过 总投入 × 30%` — the text's cap written as the amount: say where a cap goes (P2262).
    if (v.kind === 'Relative' && UPPER_BOUNDS.has(v.op)) {
      c.report('P2262', v.range, { found: c.slice(v.range), cap: c.slice(v.expr.range) });
      c.quietly(() => expr(c, v.expr, scope));
      return;
    }
    // `金额：未载明` — the text states no amount: eligibility is decided, a grant has none (docs §6.6).
    if (isNotStated(v)) {
      b.amountNotStated = true;
      return;
    }
    // `金额：参照 X；` — X's amount rule, filled in once every benefit is lowered (same-as.ts).
    if (v.kind === 'SameAs') {
      sameAs(c, v, scope);
      return;
    }
    if (v.kind === 'Ref' && undeclaredAmount(c, v, scope)) return;
    // `金额：核定奖励额；` — a reviewed amount (核定) as the whole 金额, or the base of a computation (`核定投资额 × 10%`).
    c.reviewedAllowed = true;
    let e: IExpr;
    try {
      e = expr(c, v, scope);
    } finally {
      c.reviewedAllowed = false;
    }
    if (e.type.kind === 'quantity' && isMoney(e.type.unit)) {
      b.amount = e;
      b.amountSource = v;
      // 分段累进 as the whole 金额: the reasons show each band's part (P4093).
      const bands = BANDS.get(e);
      if (bands) b.bands = bands;
      const reviewed = [...factsIn(e)].filter((name) => scope.facts.get(name)?.reviewed);
      // One amount waits for one review: a second reviewed fact in it is P2223.
      if (reviewed.length > 1) c.report('P2223', v.range, { names: reviewed.join('、'), namesEn: reviewed.join(', ') });
      const rv = reviewed.length === 1 ? scope.facts.get(reviewed[0]!)!.reviewed : undefined;
      if (rv) b.reviewed = { fact: reviewed[0]!, ...rv, ...(e.k !== 'fact' && { computed: true as const }) };
    } else if (e.type.kind !== 'unknown' && !perUnitAmount(c, v, e.type) && !rateAmount(c, v, e.type, scope)) c.report('P2010', v.range, { ...word('expected', 'word.money'), ...c.typeArgs('found', e.type) });
  },
  Ceiling: (c, f, _, t) => (t.b.ceilingInPrinciple ? c.report('P2270', f.keyRange, {}) : capField(c, f, t, 'ceiling')),
  // 原则上最高：50万元； — the same ceiling, the text's rule “in principle” (a cut is noted P4120); one of the two only (P2270).
  CeilingInPrinciple: (c, f, _, t) => {
    if (t.b.ceiling || t.b.caseCaps?.ceiling) return c.report('P2270', f.keyRange, {});
    t.b.ceilingInPrinciple = true;
    capField(c, f, t, 'ceiling');
  },
  AnnualCap: (c, f, _, t) => capField(c, f, t, 'annual-cap'),
  Period: (c, f, _, { b, scope }) => period(c, f, b, scope),
  Grants: (c, f, _, { b, scope }) => {
    const v = single(c, f);
    if (!v) return;
    if (v.kind === 'String') {
      b.outcome = { kind: 'designation', label: v.label };
      return;
    }
    // 授予：按 X { …：“A”，…：“B” } / 若 … 则 “A” 否则 “B” / 按 合同金额 分档 { …：1个，…：2个 } — an outcome by case.
    const e = expr(c, v, scope);
    const t = e.type;
    if (t.kind === 'text' || t.kind === 'enum' || t.kind === 'level') b.outcome = { kind: 'equivalence', expr: e, source: v, grant: true };
    else if (t.kind === 'quantity' && isMoney(t.unit)) c.report('P2263', v.range, { found: c.slice(v.range) });
    else if (t.kind === 'quantity' && isCountUnit(t.unit)) {
      const counted = countText(c, e, t.unit);
      if (counted) b.outcome = { kind: 'equivalence', expr: counted, source: v, grant: true };
    } else if (t.kind !== 'unknown') c.report('P2010', v.range, { ...word('expected', 'word.grant'), ...c.typeArgs('found', t) });
  },
  Equivalent: (c, f, _, { b, scope }) => {
    const v = single(c, f);
    if (!v) return;
    const e = expr(c, v, scope);
    if (e.type.kind === 'enum' || e.type.kind === 'text' || e.type.kind === 'level') b.outcome = { kind: 'equivalence', expr: e, source: v };
    else if (e.type.kind !== 'unknown') c.report('P2010', v.range, { ...word('expected', 'word.outcome'), ...c.typeArgs('found', e.type) });
  },
  Rounding: (c, f, _, { b }) => rounding(c, f, b),
  Payer: (c, f, _, { b }) => {
    const l = expectString(c, f);
    if (l) b.payer = l;
  },
  AmountKind: (c, f, _, { b }) => {
    const v = single(c, f);
    if (v?.kind === 'Keyword' && v.keyword === 'TaxDeduction') b.amountKind = 'tax-deduction';
    else if (v?.kind === 'Keyword' && v.keyword === 'Loan') b.amountKind = 'loan';
    else if (v?.kind === 'Keyword' && v.keyword === 'Voucher') b.amountKind = 'voucher';
    else if (v) c.report('P2010', v.range, { ...word('expected', 'word.amountKind'), found: c.slice(v.range) });
  },
  CumulativeCap: (c, f, _, t) => capField(c, f, t, 'cumulative-cap'),
  CapPeriod: (c, f, _, { b, scope }) => capPeriod(c, f, b, scope),
  CountedWith: (c, _f, values, { b }) => countedWith(c, values, b),
  // 就高不重复: read once every field is (it compares with the amount): higherThanOther.
  HigherThanOther: () => {},
  // 每档一次: read once the amount is (it names the amount's brackets): perBracket.
  OncePerBracket: () => {},
  FundTotal: (c, f, _, { b, scope }) => {
    const v = informational(c, f, scope, 'word.fundTotal', (t) => t.kind === 'quantity' && isMoney(t.unit));
    if (v) b.fundTotal = v;
  },
  Recipients: (c, f, _, { b, scope }) => {
    const v = informational(c, f, scope, 'word.recipients', (t) => t.kind === 'quantity' && !isMoney(t.unit));
    if (v) b.recipients = v;
  },
  Instalment: (c, f, values, { b, scope }) => instalment(c, f, values, b, scope),
  Split: (c, f, values, { b }) => splitField(c, f, values, b),
  OfWhich: (c, f, values, { b }) => ofWhichField(c, f, values, b),
  // 补差：是 — pay the standard now reached minus what was already paid (docs §6.15).
  TopUp: (c, f, _, { b }) => {
    const v = single(c, f);
    if (v?.kind === 'Bool') b.topUp = v.value;
    else if (v) c.report('P2010', v.range, { ...word('expected', 'word.yesNo'), found: c.slice(v.range) });
  },
  // A 退还 after an 义务 that gave the clawback: P2271 (a second 退还 field is P2015, by the schema).
  Clawback: (c, f, values, { b, scope }) => (b.obligations?.some((o) => o.clawback) ? c.report('P2271', f.keyRange, {}) : clawback(c, f, values, b, scope)),
  Obligation: (c, f, values, { b, scope }) => obligation(c, f, values, b, scope),
  Referral: (c, f, values, { b, scope }) => referral(c, f, values, b, scope),
  TreatedAs: (c, f, values, { b, scope }) => {
    const [a, x] = values;
    if (!a || a.kind === 'Error' || x?.kind === 'Error') return;
    if (!x) {
      c.report('P2248', f.range, { found: c.slice(f.range) });
      return;
    }
    const ea = expr(c, a, scope);
    const eb = expr(c, x, scope);
    for (const [e, v] of [[ea, a], [eb, x]] as const)
      if (e.type.kind !== 'bool' && e.type.kind !== 'unknown') c.report('P2010', v.range, { ...word('expected', 'word.condition'), ...c.typeArgs('found', e.type) });
    if (ea.type.kind === 'bool' && eb.type.kind === 'bool') (b.treatedAs ??= []).push({ a: ea, aSource: a, b: eb, bSource: x });
  },
};

/** An expression without its ranges (and types), for comparing two written alike. */
const shape = (e: IExpr): string => JSON.stringify(e, (k, v: unknown) => (k === 'range' || k === 'type' ? undefined : typeof v === 'bigint' ? String(v) : v));

/**
 * 视同享受：A，B — every B in the benefit's conditions is read `B 或 A`; when B is `F 为 V` and A `F 为 W` (one enum or level
 * fact), a table by F in the amount or a cap that has V and not W pays W as V. B found nowhere: P2247.
 */
function applyTreatedAs(c: CheckContext, b: Benefit) {
  for (const t of b.treatedAs ?? []) {
    const want = shape(t.b);
    let found = 0;
    const subst = (e: IExpr): IExpr => {
      if (shape(e) === want) {
        found++;
        return { k: 'or', l: e, r: t.a, type: e.type, range: e.range };
      }
      switch (e.k) {
        case 'and':
        case 'or':
          return { ...e, l: subst(e.l), r: subst(e.r) };
        case 'not':
          return { ...e, e: subst(e.e) };
        default:
          return e;
      }
    };
    for (const cond of b.conditions) cond.expr = subst(cond.expr);
    // A kind treated as another (F 为 W as F 为 V): a table by F pays W as V where it has no entry of its own for W.
    const kind = (e: IExpr) => (e.k === 'cmp' && e.op === 'eq' && e.l.k === 'fact' && (e.r.k === 'enum' || e.r.k === 'level') ? { fact: e.l.name, value: e.r.name } : undefined);
    const kb = kind(t.b);
    const ka = kind(t.a);
    if (kb && ka && kb.fact === ka.fact) {
      const tables = (e: IExpr): IExpr => {
        if (e.k === 'lookup' && e.fact === kb.fact) {
          const from = e.entries.find((x) => x.key === kb.value);
          if (from && !e.entries.some((x) => x.key === ka.value)) {
            found++;
            return { ...e, entries: [...e.entries, { key: ka.value, value: from.value }] };
          }
          return e;
        }
        switch (e.k) {
          case 'arith':
            return { ...e, l: tables(e.l), r: tables(e.r) };
          case 'if':
            return { ...e, c: e.c, t: tables(e.t), e: tables(e.e) };
          case 'min':
          case 'max':
            return { ...e, args: e.args.map(tables) };
          default:
            return e;
        }
      };
      if (b.amount) b.amount = tables(b.amount);
      if (b.caseCaps) for (const k of Object.keys(b.caseCaps) as CapKind[]) if (b.caseCaps[k]) b.caseCaps[k] = { ...b.caseCaps[k]!, expr: tables(b.caseCaps[k]!.expr) };
    }
    if (found === 0) c.report('P2247', t.bSource.range, { found: c.slice(t.bSource.range) });
  }
}

/**
 * `退还：未通过验收；` / `退还：弄虚作假，50%；` / `退还：…，10万元；` — a yes/no condition on the subject's facts, then
 * optionally how much of what was paid is returned: a share (0–100%] or an amount (P2244 otherwise). One field per
 * benefit: several cases (未通过验收、弄虚作假) are one condition joined by 或.
 */
/**
 * `转按：“面上政策”；` / `转按：“面上政策”，落户序号 满 4；` — cases handled under another policy (第四家开始按面上政策执行): the
 * other policy's name (a text, with its English label if the file has them), then optionally the condition that picks the
 * cases referred. Referring every case of a benefit that has an amount leaves nothing to pay here (P2250).
 */
function referral(c: CheckContext, _f: A.Field, values: A.Expr[], b: Benefit, scope: Scope) {
  const [doc, when] = values;
  if (!doc || doc.kind === 'Error' || when?.kind === 'Error') return;
  if (doc.kind !== 'String') {
    c.report('P2010', doc.range, { ...word('expected', 'word.referral'), found: c.slice(doc.range) });
    return;
  }
  const out: NonNullable<Benefit['referral']> = { doc: doc.label };
  if (when) {
    const e = expr(c, when, scope);
    if (e.type.kind !== 'bool') {
      if (e.type.kind !== 'unknown') c.report('P2010', when.range, { ...word('expected', 'word.condition'), ...c.typeArgs('found', e.type) });
      return;
    }
    out.when = e;
    out.whenSource = when;
  }
  b.referral = out;
}

function clawback(c: CheckContext, _f: A.Field, values: A.Expr[], b: Benefit, scope: Scope) {
  const [when, size] = values;
  if (!when || when.kind === 'Error' || size?.kind === 'Error') return;
  const e = expr(c, when, scope);
  if (e.type.kind !== 'bool') {
    if (e.type.kind !== 'unknown') c.report('P2010', when.range, { ...word('expected', 'word.condition'), ...c.typeArgs('found', e.type) });
    return;
  }
  const out: NonNullable<Benefit['clawback']> = { when: e, source: when };
  if (size) {
    const part = constantPart(c.quietly(() => expr(c, size, EMPTY_SCOPE())));
    if (!part) {
      c.report('P2244', size.range, { found: c.slice(size.range) });
      return;
    }
    Object.assign(out, part);
    out.sizeSource = size;
  }
  b.clawback = out;
}

/**
 * `义务：“获补企业5年内不得迁出”；` — an ongoing obligation, informational (never a condition of the decision). With a breach
 * condition after the text (`义务：“…”，五年内迁出，50%；`) the text also states the consequence: that condition and size are
 * the benefit's 退还 (clawback, checked as that field is), so the money to return is decided by the one clawback step. A
 * benefit has one clawback: a second consequence (another 义务 with one, or a 退还 field) is P2271.
 */
function obligation(c: CheckContext, f: A.Field, values: A.Expr[], b: Benefit, scope: Scope) {
  const [text, when, size] = values;
  if (!text || text.kind === 'Error') return;
  if (text.kind !== 'String') {
    c.report('P2010', text.range, { ...word('expected', 'word.obligationText'), found: c.slice(text.range) });
    return;
  }
  const o: NonNullable<Benefit['obligations']>[number] = { text: text.label, source: text };
  if (when) {
    if (b.clawback) c.report('P2271', when.range, {});
    else {
      clawback(c, f, [when, ...(size ? [size] : [])], b, scope);
      if (b.clawback) o.clawback = true;
    }
  }
  (b.obligations ??= []).push(o);
}

/**
 * 最高 / 每年累计不超过 / 累计不超过: a positive constant amount (`ceiling`, `annualCap`, `cumulativeCap`), or an amount
 * computed from the case — “累计补贴金额不超过其实缴出资额” is `累计不超过：实缴出资额；` (`caseCaps`). Anything that
 * is not money is P2010 naming what a cap takes.
 */
function capField(c: CheckContext, f: A.Field, { b, scope }: BenefitTarget, of: CapKind) {
  // 每年累计不超过 / 累计不超过 may name the key facts the cap is per (`累计不超过：1000万元，项目编号；`, 单个项目累计不超过…).
  if (of !== 'ceiling' && f.values.length > 1) {
    const keys = keyFactsOf(c, f.values.slice(1), scope, of, false);
    if (keys.length) (b.capKeys ??= {})[of] = keys;
  }
  const v = of === 'ceiling' ? single(c, f) : f.values[0]?.kind === 'Error' ? undefined : f.values[0];
  if (!v) return;
  const e = expr(c, v, scope);
  if (e.type.kind === 'unknown') return;
  if (e.type.kind !== 'quantity' || !isMoney(e.type.unit)) {
    c.report('P2010', v.range, { ...word('expected', 'word.capAmount'), ...c.typeArgs('found', e.type) });
    return;
  }
  if (e.k !== 'num') {
    (b.caseCaps ??= {})[of] = { expr: e, source: v };
    return;
  }
  if (e.value.n <= 0n) {
    c.report('P2028', v.range, fieldArgs(c, f, 'what'));
    return;
  }
  if (of === 'ceiling') b.ceiling = e.value;
  else if (of === 'annual-cap') b.annualCap = e.value;
  else b.cumulativeCap = e.value;
}

/**
 * `就高不重复：其他政策同一事项支持金额；` — “与本市其他政策有重叠的，按照从优、就高、不重复的原则执行”: the benefit is
 * granted only when its amount (capped by a constant 最高) is higher than what the subject gets from other policies for
 * the same matter. It is one more condition, `金额 高于 X`, so every backend decides it as a condition and the reason
 * shows both amounts (P4003). Without 金额 it is P2162.
 */
function higherThanOther(c: CheckContext, d: A.BenefitDecl, b: Benefit, scope: Scope, inheritedCeiling?: A.Expr) {
  const f = d.fields.find((x) => x.key === 'HigherThanOther');
  const other = f?.values[0];
  if (!f || !other || other.kind === 'Error') return;
  if (!b.amountSource) {
    c.report('P2162', f.keyRange, kwArgs('field', 'HigherThanOther'));
    return;
  }
  const ceiling = d.fields.find((x) => x.key === 'Ceiling' || x.key === 'CeilingInPrinciple')?.values[0] ?? inheritedCeiling;
  const left: A.Expr =
    b.ceiling && ceiling ? { kind: 'Choose', op: 'min', args: [b.amountSource, ceiling], range: f.range } as A.Expr : b.amountSource;
  const source = { kind: 'Compare', op: 'Above', left, right: other, range: f.range } as A.Expr;
  // The amount may be a reviewed amount (核定): the comparison then waits for it (docs §6.6); what it is compared with may not.
  c.reviewedAllowed = !!b.reviewed;
  let e: IExpr;
  try {
    e = expr(c, source, scope);
  } finally {
    c.reviewedAllowed = false;
  }
  if (b.reviewed && other.kind === 'Ref' && scope.facts.get(other.name.text)?.reviewed) c.report('P2182', other.range, { name: other.name.text });
  if (e.type.kind === 'bool') b.conditions.push({ expr: e, source, implied: true } satisfies Condition);
}

/**
 * `每档一次：逐档；` / `每档一次：最高档；` — “首次突破1亿元、5亿元、10亿元的，分别给予50万元、100万元、200万元”: each bracket of the
 * amount's `按 X 分档` table is paid once in the subject's life, when first reached. The amount must be that table
 * (P2163), its brackets thresholds only (P2164: 突破 B, 满 B, B以上 — a bracket is reached for good), X a fact given with
 * each claim (P2165: the ledger records its value), and no other rule may say how often it is paid (P2166).
 */
function perBracket(c: CheckContext, d: A.BenefitDecl, b: Benefit, scope: Scope) {
  const f = d.fields.find((x) => x.key === 'OncePerBracket');
  const v = f?.values[0];
  if (!f || !v || v.kind === 'Error') return;
  if (f.values.length !== 1 || v.kind !== 'Keyword' || (v.keyword !== 'EachBracket' && v.keyword !== 'HighestBracket')) {
    c.report('P2010', v.range, { ...word('expected', 'word.bracketMode'), found: c.slice(v.range) });
    return;
  }
  const mode = v.keyword === 'EachBracket' ? ('each' as const) : ('highest' as const);
  const amountSource = d.fields.find((x) => x.key === 'Amount')?.values[0];
  if (!amountSource || amountSource.kind !== 'Brackets') {
    c.report('P2163', amountSource?.range ?? f.keyRange);
    return;
  }
  for (const other of d.fields)
    if ((other.key === 'Payment' && b.payment !== 'per-occasion') || other.key === 'RunningTotal' || other.key === 'Instalment') c.report('P2166', other.keyRange, kwArgs('field', other.key));
  const x = ref(c, amountSource.by, scope);
  const fact = x.k === 'fact' ? scope.facts.get(x.name) : undefined;
  if (givenInMultiple(c, amountSource.by, scope, 'once-per-bracket')) return;
  if (x.k !== 'fact' || !fact || fact.derived) {
    if (x.type.kind !== 'unknown') c.report('P2165', amountSource.by.range, { name: amountSource.by.text });
    return;
  }
  if (!b.amount) return;
  // The lowered table is a chain of 若 … 则 … , highest bracket outermost, ending in `nostd`.
  const bounds: { low: Rat; incl: boolean }[] = [];
  const values: IExpr[] = [];
  let e: IExpr = b.amount;
  while (e.k === 'if') {
    const cond = e.c;
    const lo = cond.k === 'cmp' ? cond : cond.k === 'and' ? cond.l : undefined;
    if (!lo || lo.k !== 'cmp' || (lo.op !== 'ge' && lo.op !== 'gt') || lo.r.k !== 'num') {
      c.report('P2164', cond.range, { bracket: c.slice(cond.range).trim() });
      return;
    }
    bounds.unshift({ low: lo.r.value, incl: lo.op === 'ge' });
    values.unshift(e.t);
    e = e.e;
  }
  if (e.k !== 'nostd' || bounds.length === 0) return;
  // An open bracket got the next threshold as its upper end when lowered; every bracket here is a threshold only.
  for (const en of amountSource.entries)
    if (en.high) {
      c.report('P2164', en.keyRange, { bracket: c.slice(en.keyRange).trim() });
      return;
    }
  b.perBracket = { mode, fact: x.name, bounds, values };
}

/**
 * `金额：500元/次；` is a rate (元 per 次), not money: P2200 says to multiply by the count — the subject's fact counted in
 * that unit when there is one (`500元/次 × 培训次数`), else a fact to declare. True when reported.
 */
function rateAmount(c: CheckContext, v: A.Expr, t: Type, scope: Scope): boolean {
  if (t.kind !== 'quantity') return false;
  const u = t.unit as Record<string, number>;
  const others = Object.entries(u).filter(([d]) => d !== 'yuan');
  if (u['yuan'] !== 1 || others.length !== 1 || others[0]![1] !== -1) return false;
  const per: Unit = { [others[0]![0]]: 1 };
  const count = [...scope.facts.values()].find((f) => f.type.kind === 'quantity' && !f.type.percent && sameUnit(f.type.unit, per));
  const found = c.slice(v.range);
  const perZh = unitText(per, 'zh');
  const name = count?.name ?? `${perZh}数`;
  c.report('P2200', v.range, {
    found,
    fix: `${found} × ${name}`,
    declare: count ? '' : `（先在申请对象中声明“${name}：${perZh}；”）`,
    declareEn: count ? '' : ` (first declare "${name}: ${unitText(per, 'en')};" in the subject)`,
    ...unitArgs('per', per),
  });
  return true;
}

/**
 * `金额：1000元 × 人数；` is 元·人, not money: the standard per person is a rate, `1000元/人 × 人数` (P2195 writes it out).
 * True when reported.
 */
function perUnitAmount(c: CheckContext, v: A.Expr, t: Type): boolean {
  if (t.kind !== 'quantity' || v.kind !== 'Binary' || v.op !== '*') return false;
  const u = t.unit as Record<string, number>;
  const others = Object.entries(u).filter(([d]) => d !== 'yuan');
  if (u['yuan'] !== 1 || others.length !== 1 || others[0]![1] !== 1) return false;
  const lit = [v.left, v.right].find((x): x is A.NumberExpr => x.kind === 'Number' && !!x.unit && !x.unit.den);
  if (!lit) return false;
  const per: Unit = { [others[0]![0]]: 1 };
  const found = c.slice(v.range);
  const fix = c.slice({ start: v.range.start, end: lit.range.end }) + '/' + unitText(per, 'zh') + c.slice({ start: lit.range.end, end: v.range.end });
  c.report('P2195', v.range, { found, fix, ...unitArgs('per', per) });
  return true;
}

/**
 * 资金总额 / 名额: informational, so only what the summary can state as the text does — a positive constant of the
 * right kind, or the text in quotes; anything else (a fact, money as places) is P2010 naming what it takes.
 */
function informational(c: CheckContext, f: A.Field, scope: Scope, takes: 'word.fundTotal' | 'word.recipients', ok: (t: Type) => boolean): A.Expr | undefined {
  const v = single(c, f);
  if (!v) return undefined;
  if (v.kind === 'String') return v;
  const e = expr(c, v, scope);
  if (e.type.kind === 'unknown') return undefined;
  if (e.k === 'num' && ok(e.type) && cmp(e.value, ZERO) > 0) return v;
  c.report('P2010', v.range, { ...word('expected', takes), found: c.slice(v.range) });
  return undefined;
}

/** `累计期间：3年；` (the 36 months up to the as-of date) or `累计期间：自 D1 至 D2；` (a fixed period). */
function capPeriod(c: CheckContext, f: A.Field, b: Benefit, scope: Scope) {
  const v = single(c, f);
  if (!v) return;
  if (v.kind === 'Period') {
    const holder: Benefit = { ...b };
    delete holder.period;
    period(c, f, holder, scope);
    const got = (holder as { period?: Benefit['period'] }).period;
    // A fixed window is fixed dates: a period from a fact would move with each subject.
    if (got?.from && got.from.k !== 'date') {
      c.report('P2105', v.range, { found: c.slice(v.range) });
      return;
    }
    if (got) {
      b.capPeriod = got;
      b.capPeriodSource = v;
    }
    return;
  }
  const e = expr(c, v, scope);
  if (e.k === 'num' && e.type.kind === 'quantity' && sameUnit(e.type.unit, { month: 1 }) && isInteger(e.value) && e.value.n > 0n) {
    b.capPeriod = { rollingMonths: Number(e.value.n) } satisfies CapPeriod;
    b.capPeriodSource = v;
  } else if (e.type.kind !== 'unknown') c.report('P2105', v.range, { found: c.slice(v.range) });
}

/** `合并计算：甲，乙；` — benefits whose payments count as this one's for its limits. */
function countedWith(c: CheckContext, values: A.Expr[], b: Benefit) {
  const out: string[] = [];
  for (const v of values) {
    if (v.kind !== 'Ref') {
      if (v.kind !== 'Error') c.report('P2010', v.range, { ...word('expected', 'word.benefitName'), found: c.slice(v.range) });
      continue;
    }
    const name = v.name.text;
    const sym = c.symbols.top(name);
    c.refer(v.name.range, sym ? [topKey(name)] : []);
    if (sym?.kind !== 'benefit') {
      const benefits = [...c.symbols.symbols.values()].filter((s) => s.kind === 'benefit').map((s) => s.name);
      c.report('P2024', v.range, { name }, closest(name, benefits));
      continue;
    }
    if (name === b.id) {
      c.report('P2106', v.range, { name });
      continue;
    }
    if (!out.includes(name)) out.push(name);
  }
  b.countedWith = out;
}

/**
 * `分期：60%；` `分期：余款，通过验收；` — one instalment each field, in order: its size (a share of the total, an
 * amount, or the remainder) and optionally the condition it is paid on. `分期：未载明；` — staged, stages not stated.
 */
function instalment(c: CheckContext, f: A.Field, values: A.Expr[], b: Benefit, scope: Scope) {
  if (values.some(isNotStated)) {
    if (values.length > 1 || (b.instalments && !b.instalments.notStated)) c.report('P2060', f.range, { ...fieldArgs(c, f, 'field'), ...word('other', 'word.otherInstalments') });
    else b.instalments = { notStated: true };
    return;
  }
  if (b.instalments?.notStated) {
    c.report('P2060', f.range, { ...fieldArgs(c, f, 'field'), ...word('other', 'word.otherInstalments') });
    return;
  }
  const [size, when] = values;
  if (!size || size.kind === 'Error') return;
  // 分N年发放 is the benefit's only 分期 (P2212).
  if (b.instalments && !b.instalments.notStated && b.instalments.yearly) {
    c.report('P2212', f.range, { field: c.slice(f.range) });
    BROKEN_INSTALMENTS.add(b);
    return;
  }
  const stage: Instalment = { source: size };
  if (size.kind === 'Keyword' && size.keyword === 'Remainder') stage.remainder = true;
  else {
    // The subject's facts are in scope, so that `分期：按 层次 {…}` is said to be no constant size (P2101, pointing to the
    // yearly form), not an unknown name.
    const e = expr(c, size, scope);
    // `分期：5年；` (分5年发放): a whole number of years, not a share or an amount.
    if (e.k === 'num' && e.type.kind === 'quantity' && sameUnit(e.type.unit, { month: 1 })) {
      yearlyInstalments(c, f, size, e.value, when, b, scope);
      return;
    }
    const part = constantPart(e);
    if (!part) {
      // A money amount by case (分期：按 层次 {…}): the yearly form says it (P2215).
      if (e.type.kind === 'quantity' && isMoney(e.type.unit)) c.report('P2215', size.range, { found: c.slice(size.range) });
      else if (e.type.kind !== 'unknown') c.report('P2101', size.range, { found: c.slice(size.range) });
      // The shares left cannot be summed as written: no P2100 that leaves this one out.
      BROKEN_INSTALMENTS.add(b);
      return;
    }
    Object.assign(stage, part);
  }
  if (when && when.kind !== 'Error') {
    const e = expr(c, when, scope);
    if (e.type.kind === 'bool') {
      stage.when = e;
      stage.whenSource = when;
    } else if (e.type.kind !== 'unknown') c.report('P2010', when.range, { ...word('expected', 'word.condition'), ...c.typeArgs('found', e.type) });
  }
  const list = b.instalments && !b.instalments.notStated ? b.instalments.stages : [];
  if (list.at(-1)?.remainder) c.report('P2102', list.at(-1)!.source.range);
  list.push(stage);
  b.instalments = { stages: list };
}

/**
 * `分担：市级资金，60%；` — one fund's part of the one grant: a share (0–100%], an amount, or 余款 (the rest). P2233 for
 * anything else, P2236 for a fund written twice, P2237 for 余款 before another part.
 */
/**
 * `分期：5年；` `分期：5年，按 层次 { 顶尖人才：20万元，… }；` — the total paid in N yearly instalments (分5年发放, 按年度拨付),
 * optionally with the yearly amount the text states (money, by case). N is a whole number of years from 2 to 50 (P2213);
 * the form is the benefit's only 分期 (P2212); a condition in place of the yearly amount is P2214 (the years decide).
 */
function yearlyInstalments(c: CheckContext, f: A.Field, size: A.Expr, months: Rat, when: A.Expr | undefined, b: Benefit, scope: Scope) {
  const years = cmp(months, ZERO) > 0 && months.d === 1n && months.n % 12n === 0n ? Number(months.n / 12n) : 0;
  if (years < 2 || years > 50) {
    c.report('P2213', size.range, { found: c.slice(size.range) });
    return;
  }
  if (b.instalments && !b.instalments.notStated && b.instalments.stages.length) {
    c.report('P2212', f.range, { field: c.slice(f.range) });
    BROKEN_INSTALMENTS.add(b);
    return;
  }
  const share = { n: 1n, d: BigInt(years) };
  const stages: Instalment[] = Array.from({ length: years }, () => ({ source: size, share }));
  const yearly: YearlyInstalments = { years };
  if (when && when.kind !== 'Error') {
    const e = expr(c, when, scope);
    if (e.type.kind === 'quantity' && isMoney(e.type.unit)) {
      yearly.amount = e;
      yearly.amountSource = when;
    } else if (e.type.kind === 'bool') c.report('P2214', when.range, { found: c.slice(when.range), years: String(years) });
    else if (e.type.kind !== 'unknown') c.report('P2010', when.range, { ...word('expected', 'word.money'), ...c.typeArgs('found', e.type) });
  }
  b.instalments = { stages, yearly };
}

/** A constant part of an amount (分期, 分担, 退还): a share in (0, 1] or a positive amount of money; else undefined. */
function constantPart(e: ReturnType<typeof expr>): { share: Rat } | { amount: Rat } | undefined {
  if (e.k !== 'num' || e.type.kind !== 'quantity' || e.value.n <= 0n) return undefined;
  if (sameUnit(e.type.unit, DIMENSIONLESS)) return cmp(e.value, ONE) <= 0 ? { share: e.value } : undefined;
  return isMoney(e.type.unit) ? { amount: e.value } : undefined;
}

function splitField(c: CheckContext, f: A.Field, values: A.Expr[], b: Benefit) {
  const [fundRef, size] = values;
  if (!fundRef || fundRef.kind === 'Error' || size?.kind === 'Error') return;
  if (fundRef.kind !== 'Ref' || !size) {
    c.report('P2233', f.range, { found: c.slice(f.range) });
    return;
  }
  c.refer(fundRef.name.range, c.symbols.top(fundRef.name.text) ? [topKey(fundRef.name.text)] : []);
  const fund = fundRef.name.text;
  if (!c.model.funds.has(fund)) {
    c.report('P2006', fundRef.range, { name: fund }, closest(fund, c.model.funds.keys()));
    return;
  }
  c.use(fund);
  const part: NonNullable<Benefit['split']>[number] = { fund, source: size };
  // `不超过30%` / `30%以下` / `30%以内`: a part the text bounds from above (“市级财政承担不超过30%”); any other word is P2276.
  let value: A.Expr = size;
  if (size.kind === 'Relative') {
    if (!AT_MOST.has(size.op)) {
      c.report('P2276', size.range, { found: c.slice(size.range) });
      return;
    }
    part.atMost = true;
    value = size.expr;
  }
  if (value.kind === 'Keyword' && value.keyword === 'Remainder' && !part.atMost) part.remainder = true;
  else {
    // A constant: a name here (a fact) is not a part (P2233, not P2002).
    const constant = constantPart(c.quietly(() => expr(c, value, EMPTY_SCOPE())));
    if (!constant) {
      c.report('P2233', size.range, { found: c.slice(size.range) });
      return;
    }
    Object.assign(part, constant);
  }
  const list = (b.split ??= []);
  if (list.some((x) => x.fund === fund)) {
    c.report('P2236', fundRef.range, { name: fund });
    return;
  }
  if (list.at(-1)?.remainder) c.report('P2237', list.at(-1)!.source.range);
  list.push(part);
}

/** The words that set a floor on a 其中 part: 不低于, 满 (prefix), 以上 (postfix) — the boundary included. */
const AT_LEAST = new Set(['NotBelow', 'Reaches', 'OrAbove']);

/**
 * `其中：消费券，28万元；` — one part of the amount by kind: 消费券 (vouchers), 现金 (cash) or a use the text names in quotes, then
 * a constant share or amount, 余款 (the rest), or a floor (`不低于50%`, `50%以上`: “奖励资金的50%以上用于奖励研发团队”). Anything
 * else is P2272.
 */
function ofWhichField(c: CheckContext, f: A.Field, values: A.Expr[], b: Benefit) {
  const [kindV, size] = values;
  if (!kindV || kindV.kind === 'Error' || size?.kind === 'Error') return;
  const kind =
    kindV.kind === 'Keyword' && kindV.keyword === 'Voucher' ? ('voucher' as const) : kindV.kind === 'Keyword' && kindV.keyword === 'Cash' ? ('cash' as const) : kindV.kind === 'String' ? kindV.label : undefined;
  if (!kind || !size) {
    c.report('P2272', f.range, { found: c.slice(f.range) });
    return;
  }
  const part: NonNullable<Benefit['composition']>[number] = { kind, source: size };
  let value: A.Expr = size;
  if (size.kind === 'Relative') {
    if (!AT_LEAST.has(size.op)) {
      c.report('P2272', size.range, { found: c.slice(size.range) });
      return;
    }
    part.atLeast = true;
    value = size.expr;
  }
  if (value.kind === 'Keyword' && value.keyword === 'Remainder' && !part.atLeast) part.remainder = true;
  else {
    const constant = constantPart(c.quietly(() => expr(c, value, EMPTY_SCOPE())));
    if (!constant || (part.atLeast && !('share' in constant))) {
      c.report('P2272', size.range, { found: c.slice(size.range) });
      return;
    }
    Object.assign(part, constant);
  }
  (b.composition ??= []).push(part);
}

/**
 * The parts of the amount, once every 其中 field is read: it needs 金额 (P2274), only the last part may be 余款 (P2274), and
 * fixed parts cover the amount — shares adding up to 100%, or a last 余款 after parts that leave something (P2273: the
 * text's “其中…” names one part; the rest is written as 其中：现金，余款；). With a floor (不低于50%) the parts are not fixed:
 * nothing is required of the others.
 */
function checkComposition(c: CheckContext, d: A.BenefitDecl, b: Benefit) {
  const at = d.fields.find((x) => x.key === 'OfWhich');
  if (!at) return;
  if (!d.fields.some((x) => x.key === 'Amount')) {
    c.report('P2274', at.keyRange);
    return;
  }
  const parts = b.composition;
  if (!parts?.length || parts.length !== d.fields.filter((x) => x.key === 'OfWhich').length) return;
  if (parts.slice(0, -1).some((p) => p.remainder)) {
    c.report('P2274', parts.find((p) => p.remainder)!.source.range);
    return;
  }
  if (parts.some((p) => p.atLeast)) return;
  const sum = parts.reduce((a, p) => add(a, p.share ?? ZERO), ZERO);
  const rest = parts.at(-1)!.remainder;
  if (rest ? cmp(sum, ONE) >= 0 : cmp(sum, ONE) !== 0 || parts.some((p) => p.amount)) c.report('P2273', at.keyRange, { sum: `${Number((sum.n * 10000n) / sum.d) / 100}%` });
}

/** The words that bound a 分担 part from above: 不超过, 不高于 (prefix), 以下, 以内 (postfix) — the boundary included. */
const AT_MOST = new Set(['NotExceeding', 'NotAbove', 'OrBelow', 'Within']);

/** The split, once every 分担 field is read: shares add up to 100% (or 余款 / an amount takes the rest); not with 资金, 付款方, 金额性质; needs 金额. */
function checkSplit(c: CheckContext, d: A.BenefitDecl, b: Benefit) {
  const at = d.fields.find((x) => x.key === 'Split');
  if (!at) return;
  const other = d.fields.find((x) => x.key === 'Fund' || x.key === 'Payer' || x.key === 'AmountKind');
  if (other) c.report('P2235', other.keyRange, kwArgs('field', other.key));
  else if (!d.fields.some((x) => x.key === 'Amount')) c.report('P2238', at.keyRange);
  const parts = b.split;
  // A part already reported (P2233, P2006, P2236) leaves the sum unknown.
  if (!parts?.length || parts.length !== d.fields.filter((x) => x.key === 'Split').length) return;
  // Without 余款 the shares are the whole amount (an amount part needs 余款 after it); with it, they leave something.
  const sum = parts.reduce((a, p) => add(a, p.share ?? ZERO), ZERO);
  const rest = parts.some((p) => p.remainder);
  // A bounded part (不超过30%) leaves the rest to another fund: the text's “其余由…承担” is a 余款 part (P2277).
  const bounded = parts.find((p) => p.atMost);
  if (bounded && !rest) {
    c.report('P2277', bounded.source.range, { found: c.slice(bounded.source.range) });
    return;
  }
  if (rest ? cmp(sum, ONE) >= 0 : cmp(sum, ONE) !== 0 || parts.some((p) => p.amount)) c.report('P2234', at.keyRange, { sum: `${Number((sum.n * 10000n) / sum.d) / 100}%` });
}

/** The instalments, once every 分期 field is read: shares add up to 100% (or a remainder takes the rest). */
/** Benefits with an instalment that could not be read (P2101, P2212): their shares are not summed (P2100). */
const BROKEN_INSTALMENTS = new WeakSet<Benefit>();

function checkInstalments(c: CheckContext, d: A.BenefitDecl, b: Benefit) {
  if (!b.instalments || BROKEN_INSTALMENTS.has(b)) return;
  const at = d.fields.find((x) => x.key === 'Instalment')!;
  if (b.runningTotal) c.report('P2103', at.keyRange);
  if (b.instalments.notStated) return;
  const stages = b.instalments.stages;
  if (stages.some((s) => s.remainder || s.amount)) return;
  const sum = stages.reduce((a, s) => add(a, s.share ?? ZERO), ZERO);
  if (cmp(sum, ONE) !== 0) {
    const pct = Number(sum.n * 10000n / sum.d) / 100;
    c.report('P2100', at.keyRange, { sum: `${pct}%` });
  }
}

function oncePer(c: CheckContext, f: A.Field, values: A.Expr[], { b, scope }: BenefitTarget, perYear: boolean) {
  // 限一次：未载明 — whether it may be received again is not stated: alone (P2060 beside a key or another 限一次), not with a
  // field that already says how it is paid again (累计, 分期, 补差, 每档一次: P2249).
  if (values.some(isNotStated)) {
    if (perYear || values.length > 1 || b.oncePer?.length || b.oncePerWithin?.length || b.repeatNotStated) c.report('P2060', f.range, { ...fieldArgs(c, f, 'field'), ...word('other', 'word.keyFact') });
    else b.repeatNotStated = true;
    return;
  }
  if (b.repeatNotStated) c.report('P2060', f.range, { ...fieldArgs(c, f, 'field'), ...word('other', 'word.keyFact') });
  // 限一次：3年内[，项目编号] — once within a rolling window (同一企业3年内只能享受一次；每三年可申请一次).
  const first = values[0];
  if (first?.kind === 'Relative' && first.op === 'Within') {
    if (perYear) {
      c.report('P2283', first.range, { found: c.slice(first.range) });
      return;
    }
    const months = withinMonths(c, first.expr, scope);
    const keys = keyFactsOf(c, values.slice(1), scope, 'once-per', false);
    if (months !== undefined && keys.length === values.length - 1) (b.oncePerWithin ??= []).push({ months, keys });
    return;
  }
  const keys = keyFactsOf(c, values, scope, perYear ? 'once-per-year' : 'once-per', true);
  // 限一次 and 每年限一次 are separate rules: a benefit may state both, and both apply. Each field is one key: several
  // 限一次 fields (同一人只能享受一次；同一企业同一岗位只能享受一次) are several keys, each checked on its own.
  if (keys.length === 0) return;
  if (perYear) (b.oncePerYear ??= []).push(keys);
  else (b.oncePer ??= []).push(keys);
}

/** The window of `限一次：3年内`: a constant whole number of months or years above zero (P2280 otherwise), in months. */
function withinMonths(c: CheckContext, v: A.Expr, scope: Scope): number | undefined {
  const e = expr(c, v, scope);
  if (e.type.kind === 'unknown') return undefined;
  if (e.k === 'num' && e.type.kind === 'quantity' && sameUnit(e.type.unit, { month: 1 }) && isInteger(e.value) && e.value.n > 0n && e.value.n <= 1200n) return Number(e.value.n);
  c.report('P2280', v.range, { found: c.slice(v.range) });
  return undefined;
}

/**
 * `每年最多：2，项目编号；` / `最多：5，企业名称；` — at most N distinct keys paid (a year / ever): a whole number above zero (bare, or
 * in a count unit the policy declares: 2个, 5家; P2281 otherwise), then the facts that tell one key from another (P2282 when
 * none is written; given with each claim, as 限一次's).
 */
function distinct(c: CheckContext, f: A.Field, values: A.Expr[], { b, scope }: BenefitTarget, perYear: boolean) {
  const [n, ...rest] = values;
  if (!n || n.kind === 'Error') return;
  const e = expr(c, n, scope);
  let limit: number | undefined;
  const countUnit = (u: Unit) => Object.keys(u).every((d) => d.startsWith('decl:') || d === 'person') && Object.values(u).every((p) => p === 1);
  if (e.k === 'num' && e.type.kind === 'quantity' && countUnit(e.type.unit) && isInteger(e.value) && e.value.n > 0n && e.value.n <= 1000000n) limit = Number(e.value.n);
  else if (e.type.kind !== 'unknown') c.report('P2281', n.range, { found: c.slice(n.range), ...kwArgs('field', f.key) });
  if (rest.length === 0) {
    c.report('P2282', f.keyRange, kwArgs('field', f.key));
    return;
  }
  const keys = keyFactsOf(c, rest, scope, perYear ? 'distinct-per-year' : 'distinct', false);
  const named = e.type.kind === 'quantity' && Object.keys(e.type.unit).length ? e.type.unit : undefined;
  const unit = named && { unit: unitText(named, 'zh'), unitEn: unitText(named, 'en') };
  if (limit !== undefined && keys.length === rest.length) (b.distinct ??= []).push({ limit, keys, perYear, ...unit });
}

/**
 * The key facts a field lists (限一次, 每年限一次, a cap per key): facts of the subject given with each claim (the ledger records
 * them with a payment; P2180 for a derived fact, P2224 for one given in a multiple), a level fact with `及以上` only where
 * `orAbove` is allowed.
 */
function keyFactsOf(c: CheckContext, values: readonly A.Expr[], scope: Scope, field: string, orAboveAllowed: boolean): KeyFact[] {
  const keys: KeyFact[] = [];
  for (const v of values) {
    const inner = v.kind === 'Relative' ? v.expr : v;
    if (inner.kind !== 'Ref') {
      // `限一次：所在年度（证书日期）`: a value computed in place is no key, for the reason a derived fact is none (P2252).
      if (['Call', 'YearOf', 'AgeOf', 'Elapsed', 'Whole', 'Binary', 'If', 'Choose', 'Map', 'Table'].includes(inner.kind)) c.report('P2252', v.range, { found: c.slice(v.range) });
      else if (inner.kind !== 'Error') c.report('P2010', v.range, { ...word('expected', 'word.keyFact'), found: c.slice(v.range) });
      continue;
    }
    const e = ref(c, inner.name, scope);
    if (givenInMultiple(c, inner.name, scope, field)) continue;
    if (e.k !== 'fact') {
      if (e.type.kind !== 'unknown') c.report('P2010', v.range, { ...word('expected', 'word.keyFact'), found: inner.name.text });
      continue;
    }
    // The ledger tells occasions apart by facts given with each claim; a derived fact is computed, never recorded with a payment.
    if (scope.facts.get(inner.name.text)?.derived) {
      c.report('P2180', v.range, { name: inner.name.text });
      continue;
    }
    const orAbove = v.kind === 'Relative';
    if (orAbove && (!orAboveAllowed || (v.op !== 'OrAbove' && v.op !== 'AndAbove') || e.type.kind !== 'level')) {
      c.report('P2010', v.range, { ...word('expected', orAboveAllowed ? 'word.levelOrAbove' : 'word.keyFact'), found: c.slice(v.range) });
      continue;
    }
    keys.push({ fact: inner.name.text, orAbove });
  }
  return keys;
}

/** `累计：年度自主认定人次；` — these facts are running totals over the payment period (发放). */
function runningTotal(c: CheckContext, values: A.Expr[], { b, scope }: BenefitTarget) {
  const facts: string[] = [];
  for (const v of values) {
    if (v.kind === 'Error') continue;
    const e = v.kind === 'Ref' ? ref(c, v.name, scope) : undefined;
    if (!e || e.k !== 'fact' || (e.type.kind !== 'quantity' && e.type.kind !== 'perLevel')) {
      if (!e || e.type.kind !== 'unknown') c.report('P2010', v.range, { ...word('expected', 'word.runningTotal'), found: c.slice(v.range) });
      continue;
    }
    facts.push(e.name);
  }
  if (facts.length) b.runningTotal = { facts };
}

/** Lowers a benefit; returns it (the caller adds it to the model unless its name was a duplicate). */
export function benefitDecl(c: CheckContext, d: A.BenefitDecl): Benefit {
  duplicateFields(c, 'benefit', d.fields);
  const b: Benefit = {
    ...(c.file !== undefined && { file: c.file }),
    id: d.name.text,
    ...(d.label && { label: d.label }),
    subjects: [],
    conditions: [],
    rounding: { scale: 100n, mode: 'half-up', stated: false },
    examples: [],
    range: d.range,
    nameRange: d.name.range,
  };
  const subjectField = d.fields.find((f) => f.key === 'Subject');
  // A benefit with an unknown field (P2190) may hold a required one misspelt: P2190 says so, no "missing" error.
  const misspelt = d.fields.some((f) => f.factName);
  if (subjectField) b.subjects = subjectsOf(c, subjectField.values);
  else if (!misspelt) c.report('P2031', d.name.range, { name: d.name.text });
  const scope = { ...scopeOf(c, b.subjects), benefit: d.name.text };
  c.subjectless = b.subjects.length === 0;
  const target: BenefitTarget = { b, scope };
  for (const f of d.fields) {
    const values = fieldValues(c, 'benefit', f);
    if (values === NOT_STATED) (b.notStated ??= []).push(f.key);
    else if (values) BENEFIT[f.key]!(c, f, values, target);
  }
  if (!b.clause && !b.notStated?.includes('Clause') && !misspelt) c.report('P2008', d.name.range, { name: d.name.text });
  applyTreatedAs(c, b);
  if (b.repeatNotStated) {
    const other = d.fields.find((x) => x.key === 'RunningTotal' || x.key === 'Instalment' || x.key === 'TopUp' || x.key === 'OncePerBracket');
    if (other) c.report('P2249', d.fields.find((x) => x.key === 'OncePer')!.keyRange, kwArgs('other', other.key));
  }
  // 限一次：3年内 says it may be received again once the window is over: instalments are one grant (the instalment step
  // settles them, not the window) and 发放：一次性 is paid once only, so the window would be silently void (P2217).
  if (b.oncePerWithin?.length && (b.instalments || b.payment === 'once')) {
    const within = d.fields.find((x) => x.key === 'OncePer' && x.values[0]?.kind === 'Relative' && x.values[0].op === 'Within');
    const [p, o] = [kwArgs('p', 'Payment'), kwArgs('o', 'Once')];
    const other = b.instalments ? kwArgs('other', 'Instalment') : { other: `${p.p}：${o.o}`, otherEn: `${p.pEn}: ${o.oEn}` };
    if (within) c.report('P2217', within.range, { within: c.slice(within.values[0]!.range), ...other });
  }
  // 分期：N年 is one grant paid over N years; 发放：每年 / 每月 makes each year (month) a new grant, whose instalments count
  // only that period's payments: instalment 1 would be paid again every period and the later ones never (P2218).
  const yearlyOf = b.instalments && !b.instalments.notStated ? b.instalments.yearly : undefined;
  if (yearlyOf && (b.payment === 'annual' || b.payment === 'monthly')) {
    const at = d.fields.find((x) => x.key === 'Instalment')!;
    const [p, e] = [kwArgs('p', 'Payment'), kwArgs('e', b.payment === 'annual' ? 'Annually' : 'Monthly')];
    c.report('P2218', at.range, {
      field: c.slice(at.range),
      years: String(yearlyOf.years),
      payment: `${p.p}：${e.e}`,
      paymentEn: `${p.pEn}: ${e.eEn}`,
      ...word('period', b.payment === 'annual' ? 'word.calendarYear' : 'word.calendarMonth'),
    });
  } else if (yearlyOf && !BROKEN_INSTALMENTS.has(b) && c.model.header.effective && c.model.header.end) {
    // The last of N yearly instalments falls due N−1 full years after the first payment (from the day after): first paid on
    // the 施行日期 at the earliest, it cannot fall due inside the 有效期 — informational, the instalments of a grant made in
    // force keep falling due after the end (P4124); P2219 names both.
    const { effective, end } = c.model.header;
    const last = addDays(addMonths(effective, 12 * (yearlyOf.years - 1)), 1);
    if (last > end) {
      const at = d.fields.find((x) => x.key === 'Instalment')!;
      c.report('P2219', at.range, { field: c.slice(at.range), years: String(yearlyOf.years), full: String(yearlyOf.years - 1), last, end });
    }
  }
  // 最长享受 counts the months paid: a monthly benefit has one payment per month; a per-occasion one counts its
  // payments per value of the 限一次 fact the field names (each occasion one month).
  const maxField = d.fields.find((x) => x.key === 'MaxDuration');
  if (b.maxDuration && maxField) {
    if (b.maxDurationKey !== undefined && (b.payment !== 'per-occasion' || !b.oncePer?.some((key) => key.some((k) => k.fact === b.maxDurationKey))))
      c.report('P2134', maxField.values[1]?.range ?? maxField.keyRange, { name: b.maxDurationKey });
    else if (b.maxDurationKey === undefined && b.payment !== 'monthly') c.report('P2063', maxField.keyRange, kwArgs('field', 'MaxDuration'));
  }
  // 金额：未载明: the fields that act on an amount have none to act on (P2209).
  if (b.amountNotStated)
    for (const x of d.fields)
      if (AMOUNT_FIELDS.includes(x.key) && !x.values.some(isNotStated)) c.report('P2209', x.keyRange, kwArgs('field', x.key));
  checkInstalments(c, d, b);
  checkSplit(c, d, b);
  checkComposition(c, d, b);
  // With `金额：参照 X` the amount is X's, known once every benefit is lowered: the comparison is made then (same-as.ts).
  const referring = c.sameAs.at(-1);
  if (referring?.from === b.id && !referring.then)
    referring.then = () => {
      // X's constant 最高, taken over when this benefit writes none, caps the amount compared (as written out it would).
      const own = d.fields.some((x) => x.key === 'Ceiling' || x.key === 'CeilingInPrinciple');
      const at = d.fields.find((x) => x.key === 'HigherThanOther')?.range ?? d.range;
      const inherited: A.Expr | undefined = !own && b.ceiling ? { kind: 'Number', value: ratToString(b.ceiling), unit: { num: 'Yuan', range: at }, range: at } : undefined;
      // X's amount is resolved again here: only the names written in this benefit are recorded (the others are X's own
      // occurrences, recorded when X was checked, perhaps in another file).
      const refer = c.refer;
      c.refer = (range, keys) => {
        if (range.start >= d.range.start && range.end <= d.range.end) refer.call(c, range, keys);
      };
      try {
        higherThanOther(c, d, b, scope, inherited);
      } finally {
        c.refer = refer;
      }
    };
  else higherThanOther(c, d, b, scope);
  perBracket(c, d, b, scope);
  // 累计 caps the yearly entitlement of an annual running total by the constant 每年累计不超过 (P2160 otherwise).
  if (b.runningTotal && b.caseCaps?.['annual-cap']) c.report('P2160', b.caseCaps['annual-cap'].source.range);
  if (b.capPeriod && !b.cumulativeCap && !b.caseCaps?.['cumulative-cap']) {
    const f = d.fields.find((x) => x.key === 'CapPeriod')!;
    c.report('P2104', f.keyRange, kwArgs('field', 'CapPeriod'));
  }
  // 补差 settles the standard against what was paid, as 累计 and 分期 do in their own way: one of them (P2183); it needs an amount (P2184).
  const topUpField = d.fields.find((x) => x.key === 'TopUp');
  if (b.topUp && topUpField) {
    const other = d.fields.find((x) => x.key === 'RunningTotal' || x.key === 'Instalment');
    if (other) c.report('P2183', topUpField.keyRange, kwArgs('other', other.key));
    if (!d.fields.some((x) => x.key === 'Amount')) c.report('P2184', topUpField.keyRange);
  }
  if (b.countedWith?.length && !b.topUp && !b.timesPerYear && !b.maxDuration && !b.annualCap && !b.cumulativeCap && !b.caseCaps?.['annual-cap'] && !b.caseCaps?.['cumulative-cap']) c.report('P2107', d.name.range, { name: d.name.text });
  // 转按 of every case: nothing is granted here, so an amount or outcome could never be paid (P2250); none is needed.
  const referAll = d.fields.find((f) => f.key === 'Referral' && f.values.length === 1);
  if (referAll && (b.amount || b.outcome) && b.referral) c.report('P2250', referAll.range, { doc: b.referral.doc.zh });
  const hasOutcomeField = !!referAll || d.fields.some((f) => ['Amount', 'Grants', 'Equivalent'].includes(f.key));
  if (!b.amount && !b.outcome && !hasOutcomeField && !misspelt) c.report('P2017', d.name.range, { name: d.name.text });
  // Who pays, and what the amount is: a fund, another payer (付款方), or no payment at all (金额性质：税前扣除).
  const fundField = d.fields.find((f) => f.key === 'Fund');
  const payerField = d.fields.find((f) => f.key === 'Payer');
  const kindField = d.fields.find((f) => f.key === 'AmountKind');
  if (payerField && fundField) c.report('P2120', payerField.keyRange);
  // 消费券 are paid for by a fund (资金 required, P2007); the other kinds are not money a fund pays (P2121 / P2161).
  if (kindField && b.amountKind && b.amountKind !== 'voucher') for (const other of [fundField, payerField]) if (other) c.report(b.amountKind === 'loan' ? 'P2161' : 'P2121', other.keyRange, kwArgs('field', other.key));
  for (const x of [payerField, kindField]) if (x && !d.fields.some((f) => f.key === 'Amount')) c.report('P2122', x.keyRange, kwArgs('field', x.key));
  if (b.amount && !b.fund && !fundField && !payerField && (!kindField || b.amountKind === 'voucher') && !b.split && !misspelt) c.report('P2007', d.name.range, { name: d.name.text });
  return b;
}

export function period(c: CheckContext, f: A.Field, b: Benefit, scope: Scope) {
  const v = single(c, f);
  if (!v) return;
  if (v.kind !== 'Period') {
    c.report('P2029', v.range);
    return;
  }
  const p: NonNullable<Benefit['period']> = {};
  if (v.from) {
    const e = expr(c, v.from, scope);
    if (e.type.kind === 'date') p.from = e;
    else if (e.type.kind !== 'unknown') c.report('P2010', v.from.range, { ...word('expected', 'word.date'), ...c.typeArgs('found', e.type) });
    if (e.k === 'date') inPolicyPeriod(c, e.iso, v.from.range);
  }
  if (v.length) {
    const e = expr(c, v.length, scope);
    if (e.k === 'num' && e.type.kind === 'quantity' && sameUnit(e.type.unit, { month: 1 }) && isInteger(e.value) && e.value.n > 0n) p.lengthMonths = Number(e.value.n);
    else c.report('P2010', v.length.range, { ...word('expected', 'word.duration'), found: c.slice(v.length.range) });
  }
  if (v.until) {
    const e = expr(c, v.until, scope);
    if (e.k === 'date') {
      p.until = e.iso;
      inPolicyPeriod(c, e.iso, v.until.range);
    } else c.report('P2010', v.until.range, { ...word('expected', 'word.date'), found: c.slice(v.until.range) });
  }
  if (!p.from && !p.until) c.report('P2029', v.range);
  b.period = p;
}

function inPolicyPeriod(c: CheckContext, iso: string, range: A.Range) {
  const { effective, end } = c.model.header;
  if (effective && end && (iso < effective || iso > end)) c.report('P2013', range, { date: iso, start: effective, end });
}

/** The multiples of yuan an amount may be rounded to (fields.ts ROUNDING_STEPS). */
const STEPS: ReadonlySet<bigint> = new Set(ROUNDING_STEPS);

/** `100元` / `1万元` in `舍入：100元，四舍五入；`: the step in yuan, or undefined when it is no such step. */
function roundingStep(u: A.Expr | undefined): bigint | undefined {
  if (u?.kind !== 'Number' || u.percent || !u.unit || u.unit.den || u.unit.declared || (u.unit.num !== 'Yuan' && u.unit.num !== 'WanYuan')) return undefined;
  const v = parseDecimal(u.value);
  if (!v) return undefined;
  const yuan = mul(v, unitScale(u.unit.num));
  return yuan.d === 1n && STEPS.has(yuan.n) ? yuan.n : undefined;
}

export function rounding(c: CheckContext, f: A.Field, b: Benefit) {
  const [u, m] = f.values;
  const step = roundingStep(u);
  if (step && f.values.length === 2 && m?.kind === 'Keyword' && ROUNDING[m.keyword]) {
    b.rounding = { scale: 1n, mode: ROUNDING[m.keyword]!, stated: true, step };
    return;
  }
  if (
    f.values.length !== 2 ||
    u?.kind !== 'Unit' ||
    (u.unit.num !== 'Yuan' && u.unit.num !== 'Fen') ||
    u.unit.den ||
    m?.kind !== 'Keyword' ||
    !ROUNDING[m.keyword]
  ) {
    c.report('P2030', f.range);
    return;
  }
  b.rounding = { scale: u.unit.num === 'Yuan' ? 1n : 100n, mode: ROUNDING[m.keyword]!, stated: true };
}

// ---- provisions and interactions ----

export function provisionDecl(c: CheckContext, d: A.ProvisionDecl): Model['provisions'][number] {
  duplicateFields(c, 'provision', d.fields);
  const p: Model['provisions'][number] = { id: d.name.text, ...(d.label && { label: d.label }), range: d.range };
  for (const f of d.fields) {
    dispatch(
      c,
      'provision',
      f,
      () => {
        const l = expectString(c, f);
        if (!l) return;
        if (f.key === 'Clause') p.clause = normaliseClause(l.zh);
        else if (f.key === 'Title') p.label = l;
        else p.content = l.zh;
      },
      (key) => (p.notStated ??= []).push(key),
    );
  }
  if (!p.clause && !p.notStated?.includes('Clause') && !d.fields.some((f) => f.factName)) c.report('P2008', d.name.range, { name: d.name.text });
  return p;
}

export function interactionDecl(c: CheckContext, d: A.InteractionDecl) {
  const modes = { HigherOf: 'higher-of', Exclusive: 'exclusive', Priority: 'priority', Choice: 'choice' } as const;
  const members: string[] = [];
  const ids = benefitIndex(c.model);
  for (const m of d.members) {
    c.refer(m.range, c.symbols.top(m.text) ? [topKey(m.text)] : []);
    if (ids.has(m.text)) members.push(m.text);
    else c.report('P2024', m.range, { name: m.text }, closest(m.text, c.model.benefits.map((b) => b.id)));
  }
  if (d.members.length < 2) c.report('P2023', d.range, kwArgs('mode', d.mode));
  c.model.interactions.push({ mode: modes[d.mode as keyof typeof modes] ?? 'exclusive', members, range: d.range });
}
