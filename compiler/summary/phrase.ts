// Surface expressions → plain Chinese or English for readers. Chinese keeps the
// policy's own words: numbers and units exactly as the author wrote them
// (10万元, 800元/人), comparison words from the keyword table (满, 及以上, 以内),
// fact labels instead of identifiers, enum values by their labels. English
// uses the policy's English labels and falls back to the Chinese text.
import { fractionWords } from '../number-words.ts';
import type * as A from '../../grammar/ast.ts';
import { keywordById, POSTFIX_COMPARISON_IDS } from '../../grammar/keywords.ts';
import { cmpOpOf } from '../check.ts';
import { isMessageId, message, type Lang, type MessageId } from '../messages.ts';
import type { Benefit, CapKind, Fact, IExpr, KeyFact, Model, Parameter } from '../model.ts';
import type { PolicySymbol } from '../symbols.ts';
import { cmp, div, fromInt, mul, parseDecimal, rat, ratToString, type Rat } from '../rational.ts';
import { monthBounds, periodEnd } from '../dates.ts';
import { levelLabel, renderBracketKey, renderExpr, renderUnit, unitNamer, type Namer } from '../render.ts';
import { isMoney, unitScale, unitText } from '../units.ts';

export interface Scope {
  model: Model;
  lang: Lang;
  /** Facts of the benefit's subjects (the first subject declaring a name wins). */
  facts: Map<string, Fact>;
}

export const t = (lang: Lang, id: MessageId, args: Record<string, string | number> = {}): string => message(id, lang, args);

/** A message id built at run time (units, payment kinds); falls back to the given text. */
function dyn(lang: Lang, id: string, fallback: string, args: Record<string, string | number> = {}): string {
  return isMessageId(id) ? message(id, lang, args) : fallback;
}

export function scopeFor(model: Model, lang: Lang, subjects: string[]): Scope {
  const facts = new Map<string, Fact>();
  for (const s of subjects) for (const [k, f] of model.subjects.get(s)?.facts ?? []) if (!facts.has(k)) facts.set(k, f);
  return { model, lang, facts };
}

export const benefitScope = (model: Model, lang: Lang, b: Benefit): Scope => scopeFor(model, lang, b.subjects);

/** A label in the reader's language; English falls back to the Chinese text, then to the name. */
export function label(l: A.Label | undefined, lang: Lang, fallback: string): string {
  if (!l) return fallback;
  return lang === 'en' ? (l.en ?? l.zh) : l.zh;
}

const unparen = (x: A.Expr): A.Expr => (x.kind === 'Paren' ? unparen(x.expr) : x);

// ---- names ----

type Resolved =
  | { k: 'fact'; fact: Fact }
  | { k: 'param'; param: Parameter }
  | { k: 'level'; of: string; name: string }
  | { k: 'enum'; of: string; name: string; label?: A.Label }
  | { k: 'unknown'; name: string };

/**
 * What a name in the surface text stands for: read from the one symbol table
 * the checker filled (compiler/symbols.ts), never resolved again here.
 */
export function resolved(n: A.Name, s: Scope): Resolved {
  const sym = s.model.symbols.symbolAt(n.range);
  if (!sym) return { k: 'unknown', name: n.text };
  return symbolResolved(sym, s) ?? { k: 'unknown', name: n.text };
}

function symbolResolved(sym: PolicySymbol, s: Scope): Resolved | undefined {
  switch (sym.kind) {
    case 'fact': {
      const fact = s.model.subjects.get(sym.container!)?.facts.get(sym.name);
      return fact ? { k: 'fact', fact } : undefined;
    }
    case 'parameter': {
      const param = s.model.params.get(sym.name);
      return param ? { k: 'param', param } : undefined;
    }
    case 'level':
      return { k: 'level', of: sym.container!, name: sym.aliasOf ?? sym.name };
    case 'enumValue':
      return { k: 'enum', of: sym.container!, name: sym.name, ...(sym.label && { label: sym.label }) };
    default:
      return undefined;
  }
}

/** A fact's label as a noun phrase: a question mark at the end is dropped. */
export function factNoun(f: Fact, lang: Lang): string {
  return label(f.label, lang, f.name).replace(/[？?]\s*$/, '');
}

export function paramNoun(p: Parameter, lang: Lang): string {
  return label(p.label, lang, p.name);
}

/** The reader's name of what a surface name stands for (a level, enum value, fact or parameter). */
export function refText(n: A.Name, s: Scope): string {
  return resolvedText(resolved(n, s), s);
}

/** The reader's name of a fact of the benefit's subjects, by its IR name. */
export function factText(name: string, s: Scope): string {
  // A member's fact (inside 合计, or a member's derived fact) is its own subject type's.
  const f = s.facts.get(name) ?? [...s.model.subjects.values()].find((x) => x.facts.has(name))?.facts.get(name);
  return f ? factNoun(f, s.lang) : name;
}

/** The reader's name of a level or enum value, by its IR name. */
export function valueText(name: string, s: Scope): string {
  const sym = s.model.symbols.value(name);
  const r = sym && symbolResolved(sym, s);
  return r ? resolvedText(r, s) : name;
}

function irNameText(e: IExpr & { name: string }, s: Scope): string {
  switch (e.k) {
    case 'fact':
      return factText(e.name, s);
    case 'param': {
      const p = s.model.params.get(e.name);
      return p ? paramNoun(p, s.lang) : e.name;
    }
    default:
      return valueText(e.name, s);
  }
}

function resolvedText(r: Resolved, s: Scope): string {
  switch (r.k) {
    case 'fact':
      return factNoun(r.fact, s.lang);
    case 'param':
      return paramNoun(r.param, s.lang);
    case 'level':
      // English names a level by its label (docs/language.md §4); Chinese keeps the policy's word (高级工及以上).
      return s.lang === 'zh' ? r.name : levelLabel(s.model, r.of, r.name, s.lang);
    case 'enum':
      return label(r.label, s.lang, r.name);
    case 'unknown':
      return r.name;
  }
}

/** The fact a surface name stands for, if it stands for one. */
export function factOf(n: A.Name, s: Scope): Fact | undefined {
  const r = resolved(n, s);
  return r.k === 'fact' ? r.fact : undefined;
}

/** The label of the level or enum type a table is keyed by (a surface name, or an IR fact name). */
export function keyTypeLabel(by: A.Name | string, s: Scope): string {
  const f = typeof by === 'string' ? s.facts.get(by) : factOf(by, s);
  const name = typeof by === 'string' ? by : by.text;
  const of = f && (f.type.kind === 'level' || f.type.kind === 'enum' || f.type.kind === 'perLevel') ? f.type.of : undefined;
  if (!of) return f ? factNoun(f, s.lang) : name;
  const type = s.model.levels.get(of) ?? s.model.enums.get(of);
  return label(type?.label, s.lang, of);
}

// ---- numbers, money, dates ----

const kw = (id: string, lang: Lang): string => {
  const spec = keywordById(id);
  return lang === 'zh' ? spec.zh[0]! : spec.en[0]!;
};

/** 1234567.5 → "1,234,567.5" */
function grouped(decimal: string): string {
  const [int, frac] = decimal.split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = int!.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + digits + (frac ? '.' + frac : '');
}

const TEN_THOUSAND = fromInt(10000);

/** Money known only as a value (ceilings, caps): 万元 from 10,000 up, as officers write it. */
export function moneyText(v: Rat, lang: Lang): string {
  if (lang === 'en') return t(lang, 'summary.money', { amount: grouped(ratToString(v)) });
  if (cmp(v, TEN_THOUSAND) >= 0) {
    const wan = div(v, TEN_THOUSAND);
    const text = ratToString(wan, 4);
    if (!text.includes('/')) return `${text}${kw('WanYuan', 'zh')}`;
  }
  return `${ratToString(v)}${kw('Yuan', 'zh')}`;
}

const MONEY_UNITS = new Set(['Yuan', 'WanYuan', 'YiYuan', 'Fen']);

/** A number literal: Chinese exactly as written (10万元, 500元/人次); English in plain yuan. */
export function numberText(e: A.NumberExpr, lang: Lang, units?: Namer): string {
  if (e.percent) return `${e.value}%`;
  if (!e.unit) return e.value;
  const { num, den } = e.unit;
  if (lang === 'zh' || e.unit.declared) return e.value + (lang === 'zh' ? '' : ' ') + renderUnit(e.unit, lang, units);
  let main: string;
  if (MONEY_UNITS.has(num)) {
    const value = mul(parseDecimal(e.value) ?? fromInt(0), unitScale(num));
    main = t(lang, 'summary.money', { amount: grouped(ratToString(value)) });
  } else {
    const plain = dyn(lang, `summary.unit.${num}`, `${e.value} ${kw(num, 'en')}`, { n: e.value });
    main = e.value === '1' ? dyn(lang, `summary.unit.${num}.one`, plain, { n: e.value }) : plain;
  }
  return den ? dyn(lang, `summary.per.${den}`, `${main}/${kw(den, 'en')}`, { x: main }) : main;
}


export function dateText(iso: string, lang: Lang): string {
  if (lang === 'en') return iso;
  // A month (`2017-05`, a bound of a date condition).
  if (iso.length === 7) return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月`;
  const [y, m, d] = iso.split('-').map(Number);
  return t(lang, 'summary.date', { y: y!, m: m!, d: d! });
}

const CN_DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 15 → 十五, 23 → 二十三 (section numbers, 有效期三年). */
export function cnNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  if (n < 20) return '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  if (n < 100) return CN_DIGITS[Math.floor(n / 10)] + '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  return String(n);
}

/** A duration in months: whole years as years (3年), else months. */
export function durationText(months: number, lang: Lang, chineseNumerals = false): string {
  if (months % 12 === 0) {
    const y = months / 12;
    // 有效期两年, not 二年: 2 as a count is 两.
    const n = lang === 'zh' && chineseNumerals ? (y === 2 ? '两' : cnNumber(y)) : y;
    return t(lang, y === 1 ? 'summary.years.one' : 'summary.years', { n });
  }
  return t(lang, months === 1 ? 'summary.months.one' : 'summary.months', { n: months });
}

export function paymentText(p: Benefit['payment'], lang: Lang): string | undefined {
  return p ? dyn(lang, `summary.payment.${p}`, p) : undefined;
}

/**
 * Money over time in an officer's words (docs/language.md §8.5): how often the benefit is paid and over which
 * period (发放), what a running total (累计) means for a claim, and the ceiling and the annual cap — for the
 * summary and the language server's hover, from the one message table.
 */
export function moneyOverTime(b: Benefit, s: Scope): { payment?: string; runningTotal?: string; instalments?: string; limits: string[] } {
  const { lang } = s;
  const out: { payment?: string; runningTotal?: string; instalments?: string; limits: string[] } = { limits: [] };
  // A running total is settled as it grows, so it is not “once per period”.
  if (b.payment && !b.runningTotal) out.payment = t(lang, `summary.${b.instalments ? 'paidStaged' : 'paid'}.${b.payment}` as MessageId);
  // “分别给予一次性补助” over kinds: 发放：每次 with 限一次 on the kind (an enum or level fact) is one-off for each kind, said
  // as the text says it; 限一次 on other facts (身份证号, 缴费所属期) names occasions, and stays 按次发放.
  const kind = (k: { fact: string }) => ['enum', 'level'].includes(s.facts.get(k.fact)?.type.kind ?? '');
  if (b.payment === 'per-occasion' && !b.runningTotal && !b.instalments && b.oncePer?.length && b.oncePer.every((g) => g.every(kind))) {
    const keys = enumerate(b.oncePer.map((group) => group.map((k) => { const f = s.facts.get(k.fact); return f ? factNoun(f, lang) : k.fact; }).join(lang === 'zh' ? '和' : ' and ')), lang);
    out.payment = t(lang, 'summary.paid.oncePerKey', { keys });
  }
  // 补差: a later, higher standard is paid as the difference (the frequency does not refuse it).
  if (b.topUp) out.payment = t(lang, 'summary.paidTopUp', { period: t(lang, `summary.runningPeriod.${b.payment ?? 'once'}` as MessageId) });
  if (b.runningTotal && b.payment) {
    out.payment = t(lang, 'summary.paidRunning', { period: t(lang, `summary.runningPeriod.${b.payment}` as MessageId) });
    const facts = enumerate(
      b.runningTotal.facts.map((n) => {
        const f = s.facts.get(n);
        return f ? factNoun(f, lang) : n;
      }),
      lang,
    );
    const period = t(lang, `summary.runningPeriod.${b.payment}` as MessageId);
    out.runningTotal = t(lang, b.ceiling || b.annualCap || b.caseCaps?.ceiling ? 'summary.runningTotalCapped' : 'summary.runningTotal', { facts, period });
  }
  // A cap is a constant amount, or computed from the case (the subject's facts): then it is named as the text names it.
  const capText = (r: Rat | undefined, of: CapKind): string | undefined => {
    if (r) return moneyText(r, lang);
    const src = b.caseCaps?.[of]?.source;
    return src ? noun(src, s) : undefined;
  };
  const ceiling = capText(b.ceiling, 'ceiling');
  const annual = capText(b.annualCap, 'annual-cap');
  const cumulative = capText(b.cumulativeCap, 'cumulative-cap');
  // 原则上最高: said as the text says it, with who decides an exception (never as a hard limit).
  if (ceiling) out.limits.push(t(lang, b.ceilingInPrinciple ? 'summary.limit.ceilingInPrinciple' : b.runningTotal ? 'summary.limit.ceilingTotal' : 'summary.limit.ceiling', { amount: ceiling }));
  // A cap per key (累计不超过：1000万元，项目编号；): said after the cap it qualifies.
  const perKey = (limit: string, of: 'annual-cap' | 'cumulative-cap'): string => {
    const ks = b.capKeys?.[of];
    return ks?.length ? t(lang, 'summary.limit.perKey', { limit, keys: ks.map((k) => factText(k.fact, s)).join(lang === 'zh' ? '和' : ' and ') }) : limit;
  };
  if (annual) out.limits.push(perKey(t(lang, 'summary.limit.annualCap', { amount: annual }), 'annual-cap'));
  const others = b.countedWith?.length
    ? enumerate(
        b.countedWith.map((id) => {
          const o = s.model.benefits.find((x) => x.id === id);
          return t(lang, 'summary.quoted', { text: label(o?.label, lang, id) });
        }),
        lang,
      )
    : '';
  if (cumulative) {
    const p = b.capPeriod;
    const range = (from: string, to: string) => t(lang, 'summary.capWindow.dates', { from: dateText(from, lang), to: dateText(to, lang) });
    let window: string;
    if (!p) window = t(lang, 'summary.capWindow.inForce');
    else if ('rollingMonths' in p) window = t(lang, 'summary.capWindow.rolling', { duration: durationText(p.rollingMonths, lang) });
    else {
      const from = p.from?.k === 'date' ? p.from.iso : (s.model.header.effective ?? '');
      let to = p.until ?? s.model.header.end ?? '';
      if (p.lengthMonths !== undefined) {
        const byLength = periodEnd(from, p.lengthMonths);
        if (!to || byLength < to) to = byLength;
      }
      window = range(from, to);
    }
    const counted = others ? t(lang, 'summary.countedWith', { others }) : '';
    out.limits.push(perKey(t(lang, 'summary.limit.cumulativeCap', { amount: cumulative, window, counted }), 'cumulative-cap'));
  } else if (others) out.limits.push(t(lang, 'summary.limit.countedWith', { others }));
  if (b.instalments?.notStated) out.instalments = t(lang, 'summary.instalments.notStated');
  else if (b.instalments?.yearly) {
    // 分N年发放: the years, from when they run, and what a late claim gets.
    const y = b.instalments.yearly;
    const each = y.amountSource ? t(lang, 'summary.instalments.yearlyAmount', { amount: noun(y.amountSource, s) }) : '';
    out.instalments = t(lang, 'summary.instalments.yearly', { years: String(y.years), each });
  } else if (b.instalments) {
    const stages = b.instalments.stages.map((x, i) => {
      const n = String(i + 1);
      const size = x.remainder
        ? t(lang, 'summary.instalment.remainder', { n })
        : t(lang, 'summary.instalment.share', { n, share: x.share ? `${ratToString(mul(x.share, rat(100n)))}%` : moneyText(x.amount!, lang) });
      return x.whenSource ? t(lang, 'summary.instalment.when', { stage: size, when: condition(x.whenSource, s) }) : size;
    });
    out.instalments = t(lang, 'summary.instalments.stated', { count: String(stages.length), stages: stages.join(t(lang, 'summary.clauseSep')) });
  }
  return out;
}

// ---- lists ----

/** a、b或c / a, b or c */
export function alternatives(items: string[], lang: Lang): string {
  if (items.length <= 1) return items[0] ?? '';
  return t(lang, 'summary.orList', { a: items.slice(0, -1).join(t(lang, 'summary.listSep')), b: items[items.length - 1]! });
}

export const enumerate = (items: string[], lang: Lang): string => items.join(t(lang, 'summary.listSep'));

// ---- expressions as noun phrases ----

const BIN_OPS = { '+': ' + ', '-': ' − ', '*': ' × ', '/': ' ÷ ' } as const;

export function noun(e: A.Expr, s: Scope): string {
  const { lang } = s;
  switch (e.kind) {
    case 'Number':
      return numberText(e, lang, unitNamer(s.model));
    case 'Date':
      return dateText(e.iso, lang);
    case 'String':
      return t(lang, 'summary.quoted', { text: label(e.label, lang, e.label.zh) });
    case 'Bool':
      return t(lang, e.value ? 'summary.yes' : 'summary.no');
    case 'Ref': {
      // 三分之一 / 百分之六十 (a number in words, compiler/check/expressions.ts): in English, the number.
      const fr = lang === 'en' && !factOf(e.name, s) ? fractionWords(e.name.text) : undefined;
      if (fr) return fr.den === 100 ? `${fr.num}%` : `${fr.num}/${fr.den}`;
      return refText(e.name, s);
    }
    case 'Unit':
      return renderUnit(e.unit, lang, unitNamer(s.model));
    case 'Keyword':
      return e.keyword === 'AsOfDate' ? t(lang, 'summary.asOfDate') : kw(e.keyword, lang);
    case 'Elapsed':
      return e.to ? t(lang, 'summary.elapsedTo', { x: noun(e.from, s), y: noun(e.to, s) }) : t(lang, 'summary.elapsed', { x: noun(e.from, s) });
    case 'YearOf':
      return t(lang, 'summary.yearOf', { x: noun(e.date, s) });
    case 'Whole':
      return t(lang, e.mode === 'up' ? 'summary.wholeUp' : 'summary.whole', { x: noun(e.arg, s) });
    case 'AgeOf':
      return e.at ? t(lang, 'summary.ageOn', { x: noun(e.birth, s), at: noun(e.at, s) }) : t(lang, 'summary.ageOf', { x: noun(e.birth, s) });
    case 'Binary':
      return noun(e.left, s) + BIN_OPS[e.op] + noun(e.right, s);
    case 'Neg':
      return '−' + noun(e.expr, s);
    case 'Paren':
      return t(lang, 'summary.paren', { x: noun(e.expr, s) });
    case 'Map':
    case 'Table': {
      const body = enumerate(
        e.entries.map((en) => t(lang, 'summary.pair', { k: refText(en.key, s), v: noun(en.value, s) })),
        lang,
      );
      return e.kind === 'Table' ? t(lang, 'summary.byTable', { by: refText(e.by, s), body }) : body;
    }
    case 'Brackets': {
      if (e.progressive) {
        const parts = enumerate(e.entries.map((en) => t(lang, 'summary.progressive.part', { band: bracketText(en, s), v: noun(en.value, s) })), lang);
        return t(lang, 'summary.byProgressive', { by: refText(e.by, s), body: parts });
      }
      const body = enumerate(
        e.entries.map((en) => t(lang, 'summary.pair', { k: bracketText(en, s), v: noun(en.value, s) })),
        lang,
      );
      return t(lang, 'summary.byBrackets', { by: refText(e.by, s), body });
    }
    case 'Period':
      return periodSurfaceText(e, s);
    case 'Compare':
    case 'In':
    case 'Logical':
    case 'Not':
    case 'Range':
      return condition(e, s);
    case 'Relative':
      if (e.prefix) return lang === 'zh' ? kw(e.op, 'zh') + noun(e.expr, s) : `${kw(e.op, 'en')} ${noun(e.expr, s)}`;
      return lang === 'zh' ? noun(e.expr, s) + kw(e.op, 'zh') : `${noun(e.expr, s)} ${kw(e.op, 'en')}`;
    case 'If':
      return t(lang, 'summary.if', { cond: condition(e.cond, s), a: noun(e.then, s), b: noun(e.else, s) });
    case 'Choose':
      return t(lang, e.op === 'min' ? 'summary.lesserOf' : 'summary.greaterOf', { items: enumerate(e.args.map((a) => noun(a, s)), lang) });
    case 'Call':
      return t(lang, 'summary.paramAt', { param: refText(e.name, s), keys: enumerate(e.args.map((a) => noun(a, s)), lang) });
    case 'Meets':
      return meetsText(e, s);
    case 'SameAs':
      return t(lang, 'summary.amount.sameAs', { benefit: t(lang, 'summary.quoted', { text: label(s.model.benefits.find((x) => x.id === e.benefit.text)?.label, lang, e.benefit.text) }), amount: '' });
    case 'SumOver': {
      const [list, value, cond] = e.args;
      if (!list || !value) return renderExpr(e, lang);
      const args = { list: noun(list, s), value: noun(value, s) };
      return cond ? t(lang, 'summary.sumOverIf', { ...args, cond: condition(cond, s) }) : t(lang, 'summary.sumOver', args);
    }
    case 'Error':
      return renderExpr(e, lang);
  }
}

const INCLUSIVE_BRACKET_WORDS = new Set(['OrAbove', 'AndAbove', 'OrBelow', 'AndBelow', 'Within', 'Reaches', 'Completes', 'NotBelow', 'GreaterEq', 'NotExceeding', 'NotAbove', 'LessEq']);

/** A bracket of a 分档 table: in Chinese as the text writes it, in English in words (at least X, under Y …). */
export function bracketText(en: A.BracketEntry, s: Scope): string {
  const { lang } = s;
  if (lang === 'zh') return renderBracketKey(en, lang);
  const incl = (b: A.BracketBound, dflt: boolean) => (b.mark ? b.mark === 'Incl' : dflt);
  if (en.low && en.high) {
    // 超过 B1 至 B2: the word says whether B1 is included.
    const lowIncl = en.op && !en.low.mark ? INCLUSIVE_BRACKET_WORDS.has(en.op) : undefined;
    // 12%以上不满18%: the second word says whether B2 is included.
    const highIncl = en.op2 && !en.high.mark ? INCLUSIVE_BRACKET_WORDS.has(en.op2) : undefined;
    const mark = (b: A.BracketBound) =>
      b.mark
        ? ' ' + t(lang, b.mark === 'Incl' ? 'summary.bracket.included' : 'summary.bracket.excluded')
        : (b === en.low && lowIncl === false) || (b === en.high && highIncl === false)
          ? ' ' + t(lang, 'summary.bracket.excluded')
          : '';
    return t(lang, 'summary.bracket.range', { lo: noun(en.low.value, s) + mark(en.low), hi: noun(en.high.value, s) + mark(en.high) });
  }
  const word = en.op !== undefined && INCLUSIVE_BRACKET_WORDS.has(en.op);
  if (en.low) return t(lang, incl(en.low, word) ? 'summary.bracket.atLeast' : 'summary.bracket.moreThan', { b: noun(en.low.value, s) });
  if (en.high) return t(lang, incl(en.high, word) ? 'summary.bracket.upTo' : 'summary.bracket.under', { b: noun(en.high.value, s) });
  return '?';
}

function periodSurfaceText(e: A.PeriodExpr, s: Scope): string {
  const from = e.from && noun(e.from, s);
  const length = e.length && noun(e.length, s);
  const until = e.until && noun(e.until, s);
  return periodParts(from, length, until, s.lang);
}

export function periodParts(from: string | undefined, length: string | undefined, until: string | undefined, lang: Lang): string {
  // 自 X 起 3年 至 D: whichever ends first, so both are said.
  if (from && length && until) return t(lang, 'summary.period.fromForUntil', { from, length, until });
  if (from && length) return t(lang, 'summary.period.fromFor', { from, length });
  if (from && until) return t(lang, 'summary.period.fromUntil', { from, until });
  if (until) return t(lang, 'summary.period.until', { until });
  if (from) return t(lang, 'summary.period.from', { from });
  return '';
}

/** The benefit's own period: 自三年培养期的开始日期起3年. */
export function benefitPeriodText(b: Benefit, s: Scope): string | undefined {
  const p = b.period;
  if (!p) return undefined;
  let from: string | undefined;
  if (p.from) {
    const e = p.from;
    if (e.k === 'fact') {
      const f = s.facts.get(e.name);
      from = f ? factNoun(f, s.lang) : e.name;
    } else if (e.k === 'date') from = dateText(e.iso, s.lang);
    else if (e.k === 'param') from = irNameText(e, s);
  }
  const length = p.lengthMonths !== undefined ? durationText(p.lengthMonths, s.lang) : undefined;
  const until = p.until ? dateText(p.until, s.lang) : undefined;
  return periodParts(from, length, until, s.lang) || undefined;
}

// ---- conditions as sentences ----

/**
 * A yes/no fact as a statement. The labels are the questions a 政策计算器 asks
 * (“证书是否在毕业前取得？”); the statement drops 是否 (“证书在毕业前取得”), and the
 * negation puts 未/不 where 是否 stood.
 */
export function boolStatement(f: Fact, positive: boolean, lang: Lang): string {
  if (lang === 'en') return t(lang, positive ? 'summary.bool.yes' : 'summary.bool.no', { q: label(f.label, 'en', f.name) });
  const q = (f.label?.zh ?? f.name).replace(/[？?]\s*$/, '');
  const at = q.indexOf('是否');
  if (at < 0) return positive ? q : t(lang, 'summary.bool.no', { q });
  const head = q.slice(0, at);
  const rest = q.slice(at + 2);
  if (positive) return head + (head === '' && rest.startsWith('为') ? rest.slice(1) : rest);
  return head + negatePredicate(rest);
}

/** 已毕业 → 未毕业, 在萧山区 → 不在萧山区, 为…企业 → 不是…企业, 合格 → 不合格, 经认定 → 未经认定. */
function negatePredicate(p: string): string {
  if (p.startsWith('已')) return '未' + p.slice(1);
  if (p.startsWith('为')) return '不是' + p.slice(1);
  if (/^(在|属于|是|合格|符合|同意)/.test(p)) return '不' + p;
  return '未' + p;
}

const POSTFIX = new Set(POSTFIX_COMPARISON_IDS);
/** Symbolic comparisons read as the statutory words with the same meaning. */
const SYMBOL_WORD: Record<string, string> = { GreaterEq: 'NotBelow', LessEq: 'NotAbove', Greater: 'Above', Less: 'Below', Equals: 'Is', NotEq: 'IsNot' };

function boolFactOf(e: A.Expr, s: Scope): Fact | undefined {
  while (e.kind === 'Paren') e = e.expr;
  if (e.kind !== 'Ref') return undefined;
  const f = factOf(e.name, s);
  return f && f.type.kind === 'bool' ? f : undefined;
}

const isLevelRef = (e: A.Expr, s: Scope): boolean => e.kind === 'Ref' && resolved(e.name, s).k === 'level';

function comparison(e: A.CompareExpr, s: Scope): string {
  const { lang } = s;
  const l = noun(e.left, s);
  const r = noun(e.right, s);
  const level = isLevelRef(e.right, s);
  const sem0 = cmpOpOf(e.op);
  const sem = !e.mark ? sem0 : sem0 === 'ge' || sem0 === 'gt' ? (e.mark === 'Incl' ? 'ge' : 'gt') : e.mark === 'Incl' ? 'le' : 'lt';
  const year = e.right.kind === 'Number' && !e.right.percent && e.right.unit?.num === 'Years' && !e.right.unit.den && /^[12][0-9]{3}$/.test(e.right.value) ? Number(e.right.value) : undefined;
  if (year !== undefined && (e.op === 'OnOrAfter' || e.op === 'OnOrBefore' || e.op === 'Earlier' || e.op === 'Later')) {
    // `成立日期 2018年及以后`: a date against a calendar year (the checker reads it as the year's first or last day).
    return t(lang, `summary.cmp.year.${sem}` as MessageId, { l, y: year, next: year + 1, prev: year - 1 });
  }
  if (e.right.kind === 'Date' && e.right.month && (e.op === 'OnOrAfter' || e.op === 'OnOrBefore' || e.op === 'Earlier' || e.op === 'Later')) {
    // `引进日期 2017年5月以后`: a month, read as its first or last day (the checker's monthCompared); the day is said.
    const { first, last } = monthBounds(e.right.iso);
    const bound = dateText(sem === 'ge' || sem === 'lt' ? first : last, lang);
    const prefix = e.op === 'Earlier' || e.op === 'Later' ? 'Word' : '';
    return t(lang, `summary.cmp.month.${sem}${prefix}` as MessageId, { l, r, word: kw(e.op, 'zh'), day: bound });
  }
  if (e.op === 'OnOrAfter' || e.op === 'OnOrBefore' || (lang === 'en' && (e.op === 'Earlier' || e.op === 'Later'))) {
    // A date on or after / before a day: the reading of the day itself is always said (含当日 / 不含当日).
    return t(lang, `summary.cmp.date.${sem}` as MessageId, { l, r, word: kw(e.op, 'zh') });
  }
  // 排名 前5名: as the text writes it.
  if (e.rank && e.right.kind === 'Number') return t(lang, 'summary.cmp.top', { l, n: e.right.value });
  if (lang === 'zh') {
    const op = SYMBOL_WORD[e.op] ?? e.op;
    // The word as the policy wrote it (达到, 不少于), not the first spelling.
    const mark = e.mark ? t(lang, e.mark === 'Incl' ? 'summary.mark.incl' : 'summary.mark.excl') : '';
    const word = e.spelled ?? kw(op, 'zh');
    if (POSTFIX.has(op)) return t(lang, level ? 'summary.cmp.postfixIs' : 'summary.cmp.postfixIn', { l, r, word: word + mark });
    // 增速达到40%（含）: the mark after the bound, where the text writes it.
    return t(lang, 'summary.cmp.prefix', { l, r: r + mark, word });
  }
  if (level && sem === 'ge') return t(lang, 'summary.cmp.geLevel', { l, r });
  if (level && sem === 'le') return t(lang, 'summary.cmp.leLevel', { l, r });
  if (sem === 'le' && e.right.kind === 'Number' && e.right.unit?.num === 'Rank' && !e.right.unit.den) return t(lang, 'summary.cmp.top', { l, n: e.right.value });
  return t(lang, `summary.cmp.${sem}`, { l, r });
}

/** A condition as a statement: “本年度自主认定技能人才人次满50人次”. */
/** `符合 X 的条件`: X by its title in the language. */
function meetsText(e: A.MeetsExpr, s: Scope): string {
  const o = s.model.benefits.find((x) => x.id === e.benefit.text);
  return t(s.lang, 'summary.meets', { benefit: t(s.lang, 'summary.quoted', { text: label(o?.label, s.lang, e.benefit.text) }) });
}

export function condition(e: A.Expr, s: Scope, positive = true): string {
  const { lang } = s;
  const negated = (text: string) => (positive ? text : t(lang, 'summary.cond.not', { x: text }));
  switch (e.kind) {
    case 'Paren':
      return condition(e.expr, s, positive);
    case 'Not':
      return condition(e.expr, s, !positive);
    case 'Ref': {
      const f = boolFactOf(e, s);
      return f ? boolStatement(f, positive, lang) : negated(noun(e, s));
    }
    case 'Bool':
      return t(lang, e.value === positive ? 'summary.yes' : 'summary.no');
    case 'Logical': {
      // 或 inside 且 (and the reverse) keeps its parentheses, so the reader sees the grouping.
      const side = (x: A.Expr) => {
        const inner = unparen(x);
        const text = condition(inner, s);
        return inner.kind === 'Logical' && inner.op !== e.op ? t(lang, 'summary.paren', { x: text }) : text;
      };
      const text = t(lang, e.op === 'and' ? 'summary.cond.and' : 'summary.cond.or', { a: side(e.left), b: side(e.right) });
      return negated(text);
    }
    case 'Compare': {
      const f = boolFactOf(e.left, s);
      const op = cmpOpOf(e.op);
      if (f && e.right.kind === 'Bool' && (op === 'eq' || op === 'ne')) {
        return boolStatement(f, positive === (e.right.value === (op === 'eq')), lang);
      }
      return negated(comparison(e, s));
    }
    case 'Range': {
      // `2017年5月（不含）至2020年2月（不含）`: an excluded end is said at that end (an unmarked end is included).
      if (e.lowMark !== 'Excl' && e.highMark !== 'Excl') return negated(t(lang, 'summary.cond.range', { l: noun(e.left, s), low: noun(e.low, s), high: noun(e.high, s) }));
      const mark = (m: 'Incl' | 'Excl' | undefined) => t(lang, m === 'Excl' ? 'summary.mark.excl' : 'summary.mark.incl');
      return negated(t(lang, 'summary.cond.rangeMarked', { l: noun(e.left, s), low: noun(e.low, s) + mark(e.lowMark), high: noun(e.high, s) + mark(e.highMark) }));
    }
    case 'In':
      return negated(t(lang, 'summary.cond.in', { l: noun(e.left, s), values: alternatives(e.values.map((v) => noun(v, s)), lang) }));
    default:
      return negated(noun(e, s));
  }
}

/**
 * All conditions of a benefit: in Chinese one sentence in the text's register
 * (“…，…的”), or a list when one of them is a disjunction (a comma could not
 * show which parts 或 joins); in English a list.
 */
export function conditionsText(b: Benefit, s: Scope): string | string[] {
  // 等情形 / 原则上: said as the text says them (one of the cases listed, …等; in principle), with who decides otherwise.
  const parts = b.conditions.map((c) => (c.soft ? t(s.lang, `summary.cond.${c.soft}`, { condition: condition(c.source, s) }) : condition(c.source, s)));
  if (parts.length === 0) return t(s.lang, 'summary.cond.none');
  if (parts.length === 1 && s.lang === 'en') return parts[0]!;
  const disjunction = b.conditions.some((c) => {
    const e = unparen(c.source);
    return e.kind === 'Logical' && e.op === 'or';
  });
  if (s.lang === 'en' || (disjunction && parts.length > 1)) return parts;
  return t(s.lang, 'summary.cond.sentence', { conditions: parts.join(t(s.lang, 'summary.cond.sep')) });
}

// ---- amounts ----

export interface AmountText {
  text: string;
  /** Amounts that vary by level or enum value. */
  table?: { head: string[]; rows: string[][] };
}

function tableOf(e: A.TableExpr, s: Scope, valueHead: string): AmountText['table'] {
  return {
    head: [keyTypeLabel(e.by, s), valueHead],
    rows: e.entries.map((en) => [refText(en.key, s), noun(en.value, s)]),
  };
}

const isRate = (e: A.Expr): e is A.NumberExpr => e.kind === 'Number' && !!e.unit?.den;

export function amountText(b: Benefit, s: Scope): AmountText | undefined {
  // 金额：未载明: the row says the text states none.
  if (b.amountNotStated) return { text: t(s.lang, 'summary.amount.notStated') };
  const own = amountOf(b, s);
  // 金额：参照 X: X's standard, said to be X's.
  const from = b.amountFrom !== undefined ? s.model.benefits.find((x) => x.id === b.amountFrom) : undefined;
  const out = own && b.amountFrom !== undefined ? { ...own, text: t(s.lang, 'summary.amount.sameAs', { benefit: t(s.lang, 'summary.quoted', { text: label(from?.label, s.lang, b.amountFrom) }), amount: own.text }) } : own;
  const rv = b.reviewed;
  if (!out || !rv?.computed) return out;
  // 按核定投资额的10%: the base is set case by case by the office, within the range the text states.
  const fact = b.subjects.map((n) => s.model.subjects.get(n)?.facts.get(rv.fact)).find((f) => f);
  const name = fact ? factNoun(fact, s.lang) : rv.fact;
  const text =
    rv.low && rv.high
      ? t(s.lang, 'summary.amount.reviewedBase', { amount: out.text, fact: name, low: yuanText(rv.low, s.lang), high: yuanText(rv.high, s.lang) })
      : t(s.lang, 'summary.amount.reviewedBaseNoRange', { amount: out.text, fact: name });
  return { ...out, text };
}

function amountOf(b: Benefit, s: Scope): AmountText | undefined {
  const e = b.amountSource;
  if (!e) return undefined;
  const { lang } = s;
  const stripped = e.kind === 'Paren' ? e.expr : e;
  switch (stripped.kind) {
    case 'Number': {
      const amount = numberText(stripped, lang, unitNamer(s.model));
      // 1000元 paid monthly is 每月1000元: say so where the figure is.
      const per = { annual: 'summary.amount.annual', monthly: 'summary.amount.monthly', 'per-occasion': 'summary.amount.perOccasion' } as const;
      const id = b.payment && b.payment !== 'once' && !stripped.unit?.den ? per[b.payment] : undefined;
      return { text: id ? t(lang, id, { amount }) : amount };
    }
    case 'Ref': {
      const r = resolved(stripped.name, s);
      if (r.k === 'param') return { text: t(lang, 'summary.amount.param', { section: t(lang, 'summary.section.params') }) };
      if (r.k === 'fact' && r.fact.reviewed) {
        // 核定: the office sets the figure case by case, within the range the text states.
        const { low, high } = r.fact.reviewed;
        if (low && high) return { text: t(lang, 'summary.amount.reviewed', { low: yuanText(low, lang), high: yuanText(high, lang) }) };
        return { text: t(lang, 'summary.amount.reviewedNoRange', {}) };
      }
      if (r.k === 'fact') return { text: t(lang, 'summary.amount.fact', { fact: factNoun(r.fact, lang) }) };
      break;
    }
    case 'Table': {
      const f = factOf(stripped.by, s);
      const fact = f ? factNoun(f, lang) : stripped.by.text;
      const perLevel = f?.type.kind === 'perLevel';
      return {
        text: t(lang, perLevel ? 'summary.amount.perLevel' : 'summary.amount.lookup', { fact }),
        table: tableOf(stripped, s, t(lang, 'summary.col.standard')),
      };
    }
    case 'Brackets': {
      const f = factOf(stripped.by, s);
      const fact = f ? factNoun(f, lang) : stripped.by.text;
      if (stripped.progressive) {
        // “60%（含）以下的增量部分按1%，60%以上的增量部分按1.2%”: each band's part at its rate, summed.
        const parts = enumerate(stripped.entries.map((en) => t(lang, 'summary.progressive.part', { band: bracketText(en, s), v: noun(en.value, s) })), lang);
        const rates = stripped.entries.every((en) => en.value.kind === 'Number' && en.value.percent);
        return {
          text: t(lang, 'summary.amount.progressive', { fact, parts }),
          table: { head: [t(lang, 'summary.col.part', { fact }), t(lang, rates ? 'summary.col.rate' : 'summary.col.standard')], rows: stripped.entries.map((en) => [bracketText(en, s), noun(en.value, s)]) },
        };
      }
      return {
        text: t(lang, 'summary.amount.brackets', { fact }),
        table: { head: [fact, t(lang, 'summary.col.standard')], rows: stripped.entries.map((en) => [bracketText(en, s), noun(en.value, s)]) },
      };
    }
    case 'Binary': {
      if (stripped.op === '*') {
        const [l, r] = [stripped.left, stripped.right];
        const rate = isRate(l) ? l : isRate(r) ? r : undefined;
        const other = rate === l ? r : l;
        if (rate && other.kind === 'Ref') return { text: t(lang, 'summary.amount.rate', { rate: numberText(rate, lang, unitNamer(s.model)), fact: noun(other, s) }) };
        const pct = l.kind === 'Number' && l.percent ? l : r.kind === 'Number' && r.percent ? r : undefined;
        if (pct) return { text: t(lang, 'summary.amount.percent', { pct: numberText(pct, lang, unitNamer(s.model)), base: noun(pct === l ? r : l, s) }) };
        // 上年度缴费 × 按 企业规模 { 大型企业：30%，… }: the rate comes from a table.
        const tbl = unparen(l).kind === 'Table' ? unparen(l) : unparen(r).kind === 'Table' ? unparen(r) : undefined;
        if (tbl && tbl.kind === 'Table') {
          const base = noun(tbl === unparen(l) ? r : l, s);
          const f = factOf(tbl.by, s);
          const fact = f ? factNoun(f, lang) : tbl.by.text;
          const rates = tbl.entries.every((en) => en.value.kind === 'Number' && en.value.percent);
          return {
            text: t(lang, rates ? 'summary.amount.tablePercent' : 'summary.amount.tableTimes', { base, fact }),
            table: tableOf(tbl, s, t(lang, rates ? 'summary.col.rate' : 'summary.col.standard')),
          };
        }
      }
      break;
    }
  }
  let formula = noun(e, s);
  // Full-width parentheses carry their own spacing.
  if (lang === 'zh') formula = formula.replace(/ （/g, '（').replace(/） /g, '）');
  return { text: t(lang, 'summary.amount.formula', { formula }) };
}

/** An amount in yuan as the texts write it: 20万元 when whole 万元 (Chinese), else 元; English in yuan. */
function yuanText(v: Rat, lang: Lang): string {
  const wan = div(v, rat(10000n));
  if (lang === 'zh') return wan.d === 1n ? `${ratToString(wan)}万元` : `${ratToString(v)}元`;
  return `${ratToString(v)} yuan`;
}

/** Names of parameters an expression uses (the “按规定” items behind an amount). */
export function paramsIn(e: A.Expr | undefined, model: Model, out = new Set<string>()): Set<string> {
  if (!e) return out;
  const visit = (x: A.Expr): void => {
    switch (x.kind) {
      case 'Ref':
        if (model.params.has(x.name.text)) out.add(x.name.text);
        break;
      case 'Binary':
      case 'Compare':
      case 'Logical':
        visit(x.left);
        visit(x.right);
        break;
      case 'In':
        visit(x.left);
        x.values.forEach(visit);
        break;
      case 'Not':
      case 'Neg':
      case 'Paren':
        visit(x.expr);
        break;
      case 'Map':
      case 'Table':
        x.entries.forEach((en) => visit(en.value));
        break;
      case 'Brackets':
        if (model.params.has(x.by.text)) out.add(x.by.text);
        // A progressive band may end at an expression (上年产值 × 60%).
        x.entries.forEach((en) => [en.low?.value, en.high?.value, en.value].forEach((y) => y && visit(y)));
        break;
      case 'Period':
        [x.from, x.length, x.until].forEach((y) => y && visit(y));
        break;
      case 'If':
        [x.cond, x.then, x.else].forEach(visit);
        break;
      case 'Range':
        [x.left, x.low, x.high].forEach(visit);
        break;
      case 'Choose':
      case 'SumOver':
        x.args.forEach(visit);
        break;
      case 'Call':
        if (model.params.has(x.name.text)) out.add(x.name.text);
        x.args.forEach(visit);
        break;
      default:
        break;
    }
  };
  visit(e);
  return out;
}

// ---- lowered values (quotas, derived facts keep no surface form) ----

/** An IR value as text: numbers with their unit, facts by label, lookups as “key value” pairs. */
/** Whether an IR expression adds up over a list (合计): irText does not word its per-member condition. */
function hasSum(e: IExpr): boolean {
  if (e.k === 'sum') return true;
  return Object.values(e).some((v) => (Array.isArray(v) ? v.some((x) => x && typeof x === 'object' && 'k' in x && hasSum(x as IExpr)) : v && typeof v === 'object' && 'k' in v && 'type' in v && hasSum(v as IExpr)));
}

export function irText(e: IExpr, s: Scope): string {
  const { lang } = s;
  switch (e.k) {
    case 'num': {
      const unit = e.type.kind === 'quantity' ? e.type.unit : {};
      const n = ratToString(e.value);
      if (isMoney(unit)) return moneyText(e.value, lang);
      const dims = Object.keys(unit);
      if (dims.length === 0) return n;
      const id = dims.length === 1 && unit[dims[0]!] === 1 ? UNIT_OF_DIM[dims[0]!] : undefined;
      if (id) {
        const plain = dyn(lang, `summary.unit.${id}`, n, { n });
        return n === '1' ? dyn(lang, `summary.unit.${id}.one`, plain, { n }) : plain;
      }
      return lang === 'zh' ? n + unitText(unit, lang) : `${n} ${unitText(unit, lang)}`;
    }
    case 'bool':
      return t(lang, e.value ? 'summary.yes' : 'summary.no');
    case 'date':
      return dateText(e.iso, lang);
    case 'text':
      return t(lang, 'summary.quoted', { text: label(e.label, lang, e.label.zh) });
    case 'fact':
    case 'param':
    case 'level':
    case 'enum':
      return irNameText(e, s);
    case 'arith':
      return irText(e.l, s) + BIN_OPS[e.op] + irText(e.r, s);
    case 'neg':
      return '−' + irText(e.e, s);
    case 'lookup':
    case 'dot':
      return t(lang, 'summary.byTable', {
        by: factText(e.fact, s),
        body: enumerate(e.entries.map((en) => t(lang, 'summary.pairTight', { k: valueText(en.key, s), v: irText(en.value, s) })), lang),
      });
    case 'year':
      return t(lang, 'summary.yearOf', { x: irText(e.of, s) });
    case 'whole':
      return t(lang, e.mode === 'up' ? 'summary.wholeUp' : 'summary.whole', { x: irText(e.e, s) });
    case 'age':
      return e.at ? t(lang, 'summary.ageOn', { x: irText(e.from, s), at: irText(e.at, s) }) : t(lang, 'summary.ageOf', { x: irText(e.from, s) });
    case 'elapsed':
      return e.to ? t(lang, 'summary.elapsedTo', { x: irText(e.from, s), y: irText(e.to, s) }) : t(lang, 'summary.elapsed', { x: irText(e.from, s) });
    case 'asOf':
      return t(lang, 'summary.asOfDate');
    case 'member':
      // Inside 合计: the member's fact, named as its subject type names it.
      return factText(e.name, s);
    case 'sum': {
      // 补贴合计 = 合计（学员，补贴额）: worded as the source form is (summary.sumOver).
      const args = { list: factText(e.list, s), value: irText(e.value, s) };
      return e.cond ? t(lang, 'summary.sumOverIf', { ...args, cond: irText(e.cond, s) }) : t(lang, 'summary.sumOver', args);
    }
    default:
      return '?';
  }
}

/** Unit keyword ids by dimension, for the unit messages. */
const UNIT_OF_DIM: Record<string, string> = { person: 'Person', 'person-times': 'PersonTimes', times: 'Times', month: 'Months', rank: 'Rank', age: 'Age' };

/** How often a benefit may be received: 每年限次 and 限一次 (per year). */
export function quotaLines(b: Benefit, s: Scope): string[] {
  const { lang } = s;
  const out: string[] = [];
  // 限一次：未载明: said as it is — the text does not say; the authority decides a second claim.
  if (b.repeatNotStated) out.push(t(lang, 'summary.quota.repeatNotStated'));
  const tpy = b.timesPerYear;
  if (tpy) {
    if (tpy.k === 'lookup') {
      const list = tpy.entries.map((en) => t(lang, 'summary.pairTight', { k: valueText(en.key, s), v: irText(en.value, s) })).join(t(lang, 'summary.clauseSep'));
      out.push(t(lang, 'summary.quota.timesBy', { fact: factText(tpy.fact, s), list }));
    } else out.push(t(lang, 'summary.quota.times', { n: irText(tpy, s) }));
  }
  if (b.maxDurationSource)
    out.push(
      b.maxDurationKey
        ? t(lang, 'summary.quota.maxDurationPer', { n: noun(b.maxDurationSource, s), key: factText(b.maxDurationKey, s) })
        : t(lang, 'summary.quota.maxDuration', { n: noun(b.maxDurationSource, s) }),
    );
  // One sentence per key: several 限一次 fields are several keys, each on its own.
  for (const [once, perYear] of [
    ...(b.oncePer ?? []).map((k) => [k, false] as const),
    ...(b.oncePerYear ?? []).map((k) => [k, true] as const),
  ]) {
    if (!once.length) continue;
    const names = once.map((k) => factText(k.fact, s));
    const keys = names.length > 1 ? t(lang, 'summary.andList', { a: enumerate(names.slice(0, -1), lang), b: names[names.length - 1]! }) : names[0]!;
    out.push(t(lang, perYear ? 'summary.quota.oncePerYear' : 'summary.quota.once', { keys }));
    for (const k of once) if (k.orAbove) out.push(t(lang, 'summary.quota.orAbove', { k: keyTypeLabel(k.fact, s) }));
  }
  const keyList = (ks: readonly KeyFact[]): string => {
    const names = ks.map((k) => factText(k.fact, s));
    return names.length > 1 ? t(lang, 'summary.andList', { a: enumerate(names.slice(0, -1), lang), b: names[names.length - 1]! }) : names[0]!;
  };
  // 限一次：N年内: once within the window, again from the day after it ends (counted from the last payment).
  for (const w of b.oncePerWithin ?? []) {
    const span = spanText(w.months, lang);
    out.push(w.keys.length ? t(lang, 'summary.quota.withinBy', { keys: keyList(w.keys), span }) : t(lang, 'summary.quota.within', { span }));
  }
  // 每年最多 / 最多: how many distinct keys, and that the same one again is not another.
  for (const d of b.distinct ?? []) out.push(t(lang, d.perYear ? 'summary.quota.distinctPerYear' : 'summary.quota.distinct', { limit: String(d.limit), unit: d.unit ?? '个', keys: keyList(d.keys) }));
  // 每档一次: each bracket once, when first reached; what a subject reaching several at once gets.
  if (b.perBracket)
    out.push(t(lang, b.perBracket.mode === 'each' ? 'summary.quota.perBracketEach' : 'summary.quota.perBracketHighest', { fact: factText(b.perBracket.fact, s) }));
  return out;
}

/** A whole number of months as the text says it: 3年 / 18个月, 3 years / 18 months. */
function spanText(months: number, lang: Lang): string {
  if (months % 12 === 0) return lang === 'zh' ? `${months / 12}年` : `${months / 12} year${months === 12 ? '' : 's'}`;
  return lang === 'zh' ? `${months}个月` : `${months} month${months === 1 ? '' : 's'}`;
}

/** Facts a benefit uses that are computed from others (裁员率 = A ÷ B), with their formula. */
export function derivedLines(b: Benefit, s: Scope): string[] {
  // By the fact itself: inside 合计 a name is a member's fact (of the member's subject type).
  const names = new Map<string, Fact>();
  const visit = (x: A.Expr | undefined): void => {
    if (!x) return;
    if (x.kind === 'Ref') {
      const f = factOf(x.name, s);
      if (f?.derived) names.set(x.name.text, f);
      return;
    }
    for (const v of Object.values(x)) {
      if (v && typeof v === 'object' && 'kind' in v) visit(v as A.Expr);
      if (Array.isArray(v)) for (const y of v) if (y && typeof y === 'object') visit(('kind' in y ? y : (y as { value?: A.Expr }).value) as A.Expr | undefined);
    }
  };
  b.conditions.forEach((c) => visit(c.source));
  visit(b.amountSource);
  // A yes/no fact computed from a condition is worded as that condition; a sum over a list (合计) as its source is written.
  const worded = (f: Fact) =>
    f.derivedSource && f.type.kind === 'bool' ? condition(f.derivedSource, s) : f.derivedSource && hasSum(f.derived!) ? noun(f.derivedSource, s) : irText(f.derived!, s);
  return [...names.values()].map((f) => t(s.lang, 'summary.derived', { fact: factNoun(f, s.lang), expr: worded(f) }));
}

/** The message naming what a benefit's amount is rounded to: 分, 元, or 十元 … 万元 (舍入：100元，…). */
export function roundingUnitId(r: Benefit['rounding']): MessageId {
  return r.step ? (`summary.rounding.${r.step}` as MessageId) : r.scale === 1n ? 'summary.rounding.yuan' : 'summary.rounding.fen';
}
