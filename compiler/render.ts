// Renders surface expressions and values as plain text in Chinese or English,
// for evaluation reasons, LSP hovers and summaries. Chinese uses the policy's
// own words (满50人次, 高级工及以上) and full-width punctuation.
import type * as A from '../grammar/ast.ts';
import { keywordById, POSTFIX_COMPARISON_IDS } from '../grammar/keywords.ts';
import type { Lang } from './messages.ts';
import { ordinal, renderValue as renderInputValue, type Value } from './input.ts';
import type { Fact, IExpr, Model, Type, Unit } from './model.ts';
import { isRankUnit, unitText } from './units.ts';
import { mul, parseDecimal, rat, ratToString } from './rational.ts';

const kwText = (id: string, lang: Lang): string => {
  const spec = keywordById(id);
  return lang === 'zh' ? spec.zh[0]! : spec.en[0]!;
};

const SYMBOLS: Record<string, string> = { GreaterEq: '≥', LessEq: '≤', NotEq: '≠', Greater: '>', Less: '<', Equals: '=' };
const POSTFIX = new Set(POSTFIX_COMPARISON_IDS);

export function renderUnit(u: A.UnitRef, lang: Lang, names?: Namer): string {
  // A declared unit (计量单位 天 “天” / “days”) is shown by its name in Chinese, by its label in English when `names` knows it.
  const part = (id: string, declared: boolean) => (declared ? ((lang === 'en' ? names?.(id)?.text : undefined) ?? id) : kwText(id, lang));
  return part(u.num, !!u.declared?.num) + (u.den ? '/' + part(u.den, !!u.declared?.den) : '');
}

export { ordinal };

const SCALED_YUAN: Readonly<Record<string, bigint>> = { WanYuan: 10000n, YiYuan: 100000000n };

/** 1000000 → 1,000,000 (the integer part grouped by thousands). */
const groupDigits = (decimal: string): string => {
  const [int, frac] = decimal.split('.');
  return int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? '.' + frac : '');
};

export function renderNumber(e: A.NumberExpr, lang: Lang, names?: Namer): string {
  if (e.percent) return `${e.value}%`;
  if (!e.unit) return e.value;
  // A rank reads as a place in English: 3名 → 3rd place.
  if (lang === 'en' && e.unit.num === 'Rank' && !e.unit.den) return `${ordinal(e.value)} place`;
  // 万元 / 亿元 read as yuan in English (100万元 → 1,000,000 yuan): "wan-yuan" is the keyword, not a word a reader knows.
  const scale = lang === 'en' && !e.unit.declared?.num ? SCALED_YUAN[e.unit.num] : undefined;
  const value = scale ? parseDecimal(e.value) : undefined;
  if (scale && value) return `${groupDigits(ratToString(mul(value, rat(scale)), 12))} yuan${e.unit.den ? renderUnit(e.unit, lang, names).slice(renderUnit({ ...e.unit, den: undefined } as A.UnitRef, lang, names).length) : ''}`;
  return lang === 'zh' ? `${e.value}${renderUnit(e.unit, lang)}` : `${e.value} ${renderUnit(e.unit, lang, names)}`;
}

/**
 * How a name is shown: a fact, level or enum value, subject, parameter, fund or benefit, in one language.
 * `bool` marks a yes/no fact, which English shows as “question — yes”.
 */
export type Namer = (name: string) => { text: string; bool?: boolean } | undefined;

/** English prose for the postfix comparison words (the keyword spellings are syntax, not prose). */
const POSTFIX_EN: Record<string, string> = { OrAbove: 'or more', AndAbove: 'or above', OrBelow: 'or less', AndBelow: 'or below', Within: 'or less', OnOrAfter: 'or later', OnOrBefore: 'or earlier' };

const isRank = (e: A.Expr): boolean => e.kind === 'Number' && e.unit?.num === 'Rank' && !e.unit.den;

/**
 * An expression as text. Chinese keeps the policy's own words (identifiers, 满50人次, 高级工及以上). English
 * shows names by their English labels when `names` is given (the rule of `displayName`), in English word order.
 */
export function renderExpr(e: A.Expr, lang: Lang, names?: Namer): string {
  return render(e, lang, names, false);
}

function render(e: A.Expr, lang: Lang, names: Namer | undefined, asValue: boolean): string {
  const zh = lang === 'zh';
  const sub = (x: A.Expr, value = true) => render(x, lang, names, value);
  switch (e.kind) {
    case 'Number':
      return renderNumber(e, lang, names);
    case 'Date':
      return e.iso;
    case 'String':
      return zh ? `“${e.label.zh}”` : `"${e.label.en ?? e.label.zh}"`;
    case 'Bool':
      return kwText(e.value ? 'Yes' : 'No', lang);
    case 'Ref': {
      const n = zh ? undefined : names?.(e.name.text);
      if (!n) return e.name.text;
      // A yes/no fact standing as a condition: “Registered enterprise? — yes”.
      return n.bool && !asValue ? `${n.text} — ${kwText('Yes', lang)}` : n.text;
    }
    case 'Unit':
      return renderUnit(e.unit, lang, names);
    case 'Keyword':
      return kwText(e.keyword, lang);
    case 'Binary': {
      const op = { '+': ' + ', '-': ' − ', '*': ' × ', '/': ' ÷ ' }[e.op];
      return sub(e.left) + op + sub(e.right);
    }
    case 'Compare': {
      const l = sub(e.left);
      const r = sub(e.right);
      if (SYMBOLS[e.op]) return `${l} ${SYMBOLS[e.op]} ${r}`;
      // 排名 前5名 (English: 5th place or better).
      if (e.rank) return zh ? `${l} 前${r}` : `${l}: ${r} or better`;
      if (POSTFIX.has(e.op)) {
        // 2024年1月1日以后（不含）: the mark after the word.
        // In English an inclusive word says it already: (incl) only where the word does not.
        const mark = !e.mark ? '' : zh ? `（${kwText(e.mark, lang)}）` : e.mark === 'Incl' && e.op !== 'Beyond' ? '' : ` (${kwText(e.mark, lang)})`;
        if (zh) return `${l} ${r}${e.spelled ?? kwText(e.op, lang)}${mark}`;
        if (e.mark === 'Excl' && (e.op === 'OnOrAfter' || e.op === 'OnOrBefore')) return `${l}: ${e.op === 'OnOrAfter' ? 'after' : 'before'} ${r}`;
        if (e.op === 'Beyond') return `${l}: more than ${r}`;
        // 3名以内: 3rd place or better.
        const word = e.op === 'Within' && isRank(e.right) ? 'or better' : (POSTFIX_EN[e.op] ?? kwText(e.op, lang));
        return `${l}: ${r} ${word}${mark}`;
      }
      const twice = e.twice ? (zh ? (e.twiceSpelled ?? kwText(e.twice, lang)) : ` ${kwText(e.twice, lang)}`) : '';
      // 超过100万元（含）, 达到40%（含）以上: the text's mark after the bound; in Chinese the word as the policy wrote it.
      const marked = !e.mark ? '' : zh ? `（${kwText(e.mark, lang)}）` : ` (${kwText(e.mark, lang)})`;
      return zh ? `${l}${e.spelled ?? kwText(e.op, lang)}${r}${marked}${twice}` : `${l} ${kwText(e.op, lang).replace(/-/g, ' ')} ${r}${marked}${twice}`;
    }
    case 'In':
      return zh
        ? `${sub(e.left)}属于${e.values.map((v) => sub(v)).join('、')}`
        : `${sub(e.left)} in {${e.values.map((v) => sub(v)).join(', ')}}`;
    case 'Logical':
      return `${sub(e.left, false)} ${kwText(e.op === 'and' ? 'And' : 'Or', lang)} ${sub(e.right, false)}`;
    case 'Not': {
      if (zh) return `非${sub(e.expr, false)}`;
      const n = e.expr.kind === 'Ref' ? names?.(e.expr.name.text) : undefined;
      return n?.bool ? `${n.text} — ${kwText('No', lang)}` : `not ${sub(e.expr, false)}`;
    }
    case 'Neg':
      return `−${sub(e.expr)}`;
    case 'Paren':
      return zh ? `（${sub(e.expr, asValue)}）` : `(${sub(e.expr, asValue)})`;
    case 'Map':
    case 'Table': {
      const key = (k: A.Name) => (zh ? k.text : (names?.(k.text)?.text ?? k.text));
      const body = e.entries.map((en) => `${key(en.key)}${zh ? '：' : ': '}${sub(en.value)}`).join(zh ? '，' : ', ');
      const prefix = e.kind === 'Table' ? (zh ? `按${e.by.text}` : `by ${key(e.by)} `) : '';
      return zh ? `${prefix}｛${body}｝` : `${prefix}{${body}}`;
    }
    case 'Period': {
      const parts: string[] = [];
      if (e.from) parts.push(zh ? `自${sub(e.from)}` : `from ${sub(e.from)}`);
      if (e.length) parts.push(zh ? `起${sub(e.length)}` : `for ${sub(e.length)}`);
      if (e.until) parts.push(zh ? `至${sub(e.until)}` : `until ${sub(e.until)}`);
      return parts.join(zh ? '' : ' ');
    }
    case 'Relative':
      if (e.prefix) return zh ? `${kwText(e.op, lang)}${sub(e.expr)}` : `${kwText(e.op, lang)} ${sub(e.expr)}`;
      return zh ? `${sub(e.expr)}${kwText(e.op, lang)}` : `${sub(e.expr)} ${kwText(e.op, lang)}`;
    case 'Range':
    {
      // 1亿元（含）至5亿元（不含）
      const m = (x: A.RangeExpr['lowMark']) => (!x ? '' : zh ? `（${kwText(x, lang)}）` : ` (${kwText(x, lang)})`);
      return zh
        ? `${sub(e.left)} ${sub(e.low)}${m(e.lowMark)}至${sub(e.high)}${m(e.highMark)}`
        : `${sub(e.left)}: ${sub(e.low)}${m(e.lowMark)} ${kwText('Until', lang)} ${sub(e.high)}${m(e.highMark)}`;
    }
    case 'If':
      return [kwText('If', lang), sub(e.cond, false), kwText('Then', lang), sub(e.then), kwText('Else', lang), sub(e.else)].join(' ');
    case 'Choose': {
      const args = e.args.map((a) => sub(a)).join(zh ? '，' : ', ');
      return zh ? `${kwText(e.op === 'min' ? 'LesserOf' : 'GreaterOf', lang)}（${args}）` : `${kwText(e.op === 'min' ? 'LesserOf' : 'GreaterOf', lang)}(${args})`;
    }
    case 'Call': {
      const args = e.args.map((a) => sub(a)).join(zh ? '，' : ', ');
      const n = zh ? e.name.text : (names?.(e.name.text)?.text ?? e.name.text);
      return zh ? `${n}（${args}）` : `${n}(${args})`;
    }
    case 'SameAs':
      return zh ? `${kwText('SameAs', lang)}${e.benefit.text}` : `same as ${names?.(e.benefit.text)?.text ?? e.benefit.text}`;
    case 'Meets': {
      if (zh) return `${kwText('Eligible', lang)}${e.benefit.text}的条件`;
      return `meets the conditions of ${names?.(e.benefit.text)?.text ?? e.benefit.text}`;
    }
    case 'SumOver': {
      const args = e.args.map((a, i) => sub(a, i !== 2)).join(zh ? '，' : ', ');
      return zh ? `${kwText('SumOver', lang)}（${args}）` : `${kwText('SumOver', lang)}(${args})`;
    }
    case 'Elapsed':
      if (e.to) return zh ? `${sub(e.from)}至${sub(e.to)}` : `${sub(e.from)} ${kwText('Until', lang)} ${sub(e.to)}`;
      return zh ? `${sub(e.from)}至今` : `${sub(e.from)} ${kwText('ToDate', lang)}`;
    case 'YearOf':
      return zh ? `${kwText('YearOf', lang)}（${sub(e.date)}）` : `${kwText('YearOf', lang)}(${sub(e.date)})`;
    case 'Whole': {
      const fn = e.mode === 'up' ? 'WholeUp' : 'Whole';
      return zh ? `${kwText(fn, lang)}（${sub(e.arg)}）` : `${kwText(fn, lang)}(${sub(e.arg)})`;
    }
    case 'AgeOf':
    {
      const args = [e.birth, ...(e.at ? [e.at] : [])].map((x) => renderExpr(x, lang)).join(zh ? '，' : ', ');
      return zh ? `${kwText('Age', lang)}（${args}）` : `${kwText('Age', lang)}(${args})`;
    }
    case 'Brackets': {
      const body = e.entries.map((en) => `${renderBracketKey(en, lang)}${zh ? '：' : ': '}${renderExpr(en.value, lang)}`).join(zh ? '，' : ', ');
      const word = kwText(e.progressive ? 'Progressive' : 'Brackets', lang);
      return zh ? `按${e.by.text}${word}｛${body}｝` : `by ${e.by.text} ${word} {${body}}`;
    }
    case 'Error':
      return '?';
  }
}

/** A bracket's bounds as written: 满1亿元, 1亿元以上, 5000万元（含）至1亿元（不含）. */
export function renderBracketKey(en: A.BracketEntry, lang: Lang): string {
  const zh = lang === 'zh';
  const bound = (b: A.BracketBound) => renderExpr(b.value, lang) + (b.mark ? (zh ? `（${kwText(b.mark, lang)}）` : ` (${kwText(b.mark, lang)})`) : '');
  const only = en.low ?? en.high;
  // In Chinese the words as the policy wrote them (达到2亿元以上, not 满).
  const opText = (zh && en.spelled) || (en.op ? kwText(en.op, lang) : '');
  const twiceText = (zh && en.twiceSpelled) || (en.twice ? kwText(en.twice, lang) : '');
  if (en.op && en.op2 && en.low && en.high) {
    // 12%以上18%以下, 12%以上不满18%: both words, as written.
    const w2 = (zh && en.spelled2) || kwText(en.op2, lang);
    const second = POSTFIX.has(en.op2) ? (zh ? `${bound(en.high)}${w2}` : `${bound(en.high)} ${w2}`) : zh ? `${w2}${bound(en.high)}` : `${w2} ${bound(en.high)}`;
    if (!POSTFIX.has(en.op)) return zh ? `${opText}${bound(en.low)}${second}` : `${opText} ${bound(en.low)}, ${second}`;
    return zh ? `${bound(en.low)}${opText}${second}` : `${bound(en.low)} ${opText}, ${second}`;
  }
  if (en.op && en.low && en.high && !POSTFIX.has(en.op)) {
    // 超过36000元至144000元
    const w = SYMBOLS[en.op] ?? opText;
    return zh ? `${w}${bound(en.low)}至${bound(en.high)}` : `${w} ${bound(en.low)} ${kwText('Until', lang)} ${bound(en.high)}`;
  }
  if (en.op && only) {
    // 达到2亿元以上: both words, as written.
    if (en.twice) return zh ? `${opText}${bound(only)}${twiceText}` : `${opText} ${bound(only)} ${twiceText}`;
    if (POSTFIX.has(en.op)) return zh ? `${bound(only)}${opText}` : `${bound(only)} ${opText}`;
    if (SYMBOLS[en.op]) return `${SYMBOLS[en.op]} ${bound(only)}`;
    return zh ? `${opText}${bound(only)}` : `${opText} ${bound(only)}`;
  }
  if (en.low && en.high) return zh ? `${bound(en.low)}至${bound(en.high)}` : `${bound(en.low)} ${kwText('Until', lang)} ${bound(en.high)}`;
  return only ? bound(only) : '?';
}

export function renderValue(v: Value, lang: Lang, unit?: Unit): string {
  return renderInputValue(v, lang, { yes: kwText('Yes', lang), no: kwText('No', lang) }, unit ? unitText(unit, lang) : undefined, unit ? isRankUnit(unit) : false);
}

/** The unit a fact's value is given in: a declared multiple's (出口额：万美元) name, else its type's unit. */
export function factUnitText(f: Fact, lang: Lang): string | undefined {
  if (f.type.kind !== 'quantity') return undefined;
  if (f.givenIn) return lang === 'en' ? (f.givenIn.en ?? f.givenIn.unit) : f.givenIn.unit;
  // A rate — a fact declared `%`, or a derived ratio of like quantities (增速 = 增量 ÷ 上年产值) — is shown as a percentage
  // (20%, compiler/input.ts renderValue); another plain number without a unit word (not “0.2无单位数”).
  const plain = Object.values(f.type.unit).every((p) => p === 0);
  if (plain && (f.type.percent || (f.derived?.k === 'arith' && f.derived.op === '/'))) return '%';
  return plain ? undefined : unitText(f.type.unit, lang);
}

/**
 * The unit a value in no bracket of a 分档 table is shown in (P4004), and whether it is a rank: a fact's as the fact is
 * given (factUnitText: a rate as 11.99%, not “0.1199无单位数”), of the first subject type that declares it (as reasons
 * name facts); another value's in its type's unit, none for a plain number. The reference (evaluate.ts `nostd`) and the
 * generated module (emit/typescript.ts, its `noBracket` call) both take it from here.
 */
export function noBracketUnit(model: Model, x: IExpr, lang: Lang): { unit: string | undefined; rank: boolean } {
  const unit = x.type.kind === 'quantity' ? x.type.unit : undefined;
  const rank = unit ? isRankUnit(unit) : false;
  const fact = x.k === 'fact' ? [...model.subjects.values()].find((s) => s.facts.has(x.name))?.facts.get(x.name) : undefined;
  if (fact) return { unit: factUnitText(fact, lang), rank };
  const plain = !unit || Object.values(unit).every((p) => p === 0);
  return { unit: plain ? undefined : unitText(unit, lang), rank };
}

/** A value in no bracket of a 分档 table as the reference's P4004 shows it (noBracketUnit). */
export function noBracketValue(model: Model, x: IExpr, v: Value, lang: Lang): string {
  const { unit, rank } = noBracketUnit(model, x, lang);
  return renderInputValue(v, lang, { yes: kwText('Yes', lang), no: kwText('No', lang) }, unit, rank);
}

/** A fact's value as given, in the unit it is given in. */
export function renderFactValue(v: Value, lang: Lang, f: Fact | undefined): string {
  const unit = f?.type.kind === 'quantity' ? f.type.unit : undefined;
  return renderInputValue(v, lang, { yes: kwText('Yes', lang), no: kwText('No', lang) }, f ? factUnitText(f, lang) : undefined, unit ? isRankUnit(unit) : false);
}

/** A label in the requested language, falling back to Chinese, then to the name. */
export function labelText(l: A.Label | undefined, lang: Lang, fallback: string): string {
  if (!l) return fallback;
  return lang === 'en' ? (l.en ?? l.zh) : l.zh;
}

export function enumLabel(model: Model, of: string, name: string, lang: Lang): string {
  const v = model.enums.get(of)?.values.find((x) => x.name === name);
  return labelText(v?.label, lang, name);
}

export function levelLabel(model: Model, of: string, name: string, lang: Lang): string {
  const v = model.levels.get(of)?.levels.find((x) => x.name === name || x.aliases.includes(name));
  return labelText(v?.label, lang, v?.name ?? name);
}

/**
 * The one rule for how English output names something (docs/language.md §4): its English label; without one,
 * its Chinese label; without a label, its identifier. Chinese output names everything by its identifier,
 * as the policy's own words do.
 */
export function displayName(label: A.Label | undefined, name: string, lang: Lang): string {
  return lang === 'zh' ? name : labelText(label, lang, name);
}

/** A fact's display name: declared by the first subject that has a fact of that name. */
export function factDisplay(model: Model, fact: string, lang: Lang): string {
  if (lang === 'zh') return fact;
  const f = [...model.subjects.values()].find((s) => s.facts.has(fact))?.facts.get(fact);
  return displayName(f?.label, fact, lang);
}

/** A value of a level or enum fact, by its label in either language (an alias shows its level's label). */
export function valueDisplay(model: Model, type: Type | undefined, name: string, lang: Lang): string {
  if (type?.kind === 'enum') return enumLabel(model, type.of, name, lang);
  if (type?.kind === 'level' || type?.kind === 'perLevel') return levelLabel(model, type.of, name, lang);
  return name;
}

/**
 * Names for `renderExpr` in English: facts (a yes/no fact is marked), level values and aliases, enum values,
 * subjects, parameters, funds and benefits, each by `displayName`. Chinese needs no namer.
 */
export function modelNamer(model: Model): Namer {
  const names = new Map<string, { text: string; bool?: boolean }>();
  const put = (name: string, label: A.Label | undefined, bool?: boolean) => {
    if (!names.has(name)) names.set(name, { text: labelText(label, 'en', name), ...(bool && { bool }) });
  };
  for (const s of model.subjects.values()) for (const f of s.facts.values()) put(f.name, f.label, f.type.kind === 'bool');
  for (const t of model.levels.values()) {
    put(t.name, t.label);
    for (const l of t.levels) for (const n of [l.name, ...l.aliases]) put(n, l.label ?? { zh: l.name, range: t.range });
  }
  for (const t of model.enums.values()) {
    put(t.name, t.label);
    for (const v of t.values) put(v.name, v.label);
  }
  for (const s of model.subjects.values()) put(s.name, s.label);
  for (const p of model.params.values()) put(p.name, p.label);
  for (const f of model.funds.values()) put(f.name, f.label);
  for (const b of model.benefits) put(b.id, b.label);
  for (const u of model.units.values()) put(u.name, u.label);
  return (name) => names.get(name);
}

/** Names for `renderUnit` in English: the policy's declared units (计量单位) by `displayName`. */
export function unitNamer(model: Model): Namer {
  return (name) => {
    const u = model.units.get(name);
    return u && { text: labelText(u.label, 'en', name) };
  };
}
