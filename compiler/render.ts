// Renders surface expressions and values as plain text in Chinese or English,
// for evaluation reasons, LSP hovers and summaries. Chinese uses the policy's
// own words (满50人次, 高级工及以上) and full-width punctuation.
import type * as A from '../grammar/ast.ts';
import { keywordById } from '../grammar/keywords.ts';
import type { Lang } from './messages.ts';
import { renderValue as renderInputValue, type Value } from './input.ts';
import type { Model, Unit } from './model.ts';
import { unitText } from './units.ts';

const kwText = (id: string, lang: Lang): string => {
  const spec = keywordById(id);
  return lang === 'zh' ? spec.zh[0]! : spec.en[0]!;
};

const SYMBOLS: Record<string, string> = { GreaterEq: '≥', LessEq: '≤', NotEq: '≠', Greater: '>', Less: '<', Equals: '=' };
const POSTFIX = new Set(['OrAbove', 'AndAbove', 'OrBelow', 'AndBelow', 'Within', 'Beyond']);

export function renderUnit(u: A.UnitRef, lang: Lang): string {
  // A declared unit (计量单位 天) is shown by its name.
  const part = (id: string, declared: boolean) => (declared ? id : kwText(id, lang));
  return part(u.num, !!u.declared?.num) + (u.den ? '/' + part(u.den, !!u.declared?.den) : '');
}

export function renderNumber(e: A.NumberExpr, lang: Lang): string {
  if (e.percent) return `${e.value}%`;
  if (!e.unit) return e.value;
  return lang === 'zh' ? `${e.value}${renderUnit(e.unit, lang)}` : `${e.value} ${renderUnit(e.unit, lang)}`;
}

export function renderExpr(e: A.Expr, lang: Lang): string {
  const zh = lang === 'zh';
  switch (e.kind) {
    case 'Number':
      return renderNumber(e, lang);
    case 'Date':
      return e.iso;
    case 'String':
      return zh ? `“${e.label.zh}”` : `"${e.label.en ?? e.label.zh}"`;
    case 'Bool':
      return kwText(e.value ? 'Yes' : 'No', lang);
    case 'Ref':
      return e.name.text;
    case 'Unit':
      return renderUnit(e.unit, lang);
    case 'Keyword':
      return kwText(e.keyword, lang);
    case 'Binary': {
      const op = { '+': ' + ', '-': ' − ', '*': ' × ', '/': ' ÷ ' }[e.op];
      return renderExpr(e.left, lang) + op + renderExpr(e.right, lang);
    }
    case 'Compare': {
      const l = renderExpr(e.left, lang);
      const r = renderExpr(e.right, lang);
      if (SYMBOLS[e.op]) return `${l} ${SYMBOLS[e.op]} ${r}`;
      if (POSTFIX.has(e.op)) return zh ? `${l} ${r}${kwText(e.op, lang)}` : `${l} ${r} ${kwText(e.op, lang)}`;
      return zh ? `${l}${kwText(e.op, lang)}${r}` : `${l} ${kwText(e.op, lang)} ${r}`;
    }
    case 'In':
      return zh
        ? `${renderExpr(e.left, lang)}属于${e.values.map((v) => renderExpr(v, lang)).join('、')}`
        : `${renderExpr(e.left, lang)} in {${e.values.map((v) => renderExpr(v, lang)).join(', ')}}`;
    case 'Logical':
      return `${renderExpr(e.left, lang)} ${kwText(e.op === 'and' ? 'And' : 'Or', lang)} ${renderExpr(e.right, lang)}`;
    case 'Not':
      return zh ? `非${renderExpr(e.expr, lang)}` : `not ${renderExpr(e.expr, lang)}`;
    case 'Neg':
      return `−${renderExpr(e.expr, lang)}`;
    case 'Paren':
      return zh ? `（${renderExpr(e.expr, lang)}）` : `(${renderExpr(e.expr, lang)})`;
    case 'Map':
    case 'Table': {
      const body = e.entries.map((en) => `${en.key.text}${zh ? '：' : ': '}${renderExpr(en.value, lang)}`).join(zh ? '，' : ', ');
      const prefix = e.kind === 'Table' ? (zh ? `按${e.by.text}` : `by ${e.by.text} `) : '';
      return zh ? `${prefix}｛${body}｝` : `${prefix}{${body}}`;
    }
    case 'Period': {
      const parts: string[] = [];
      if (e.from) parts.push(zh ? `自${renderExpr(e.from, lang)}` : `from ${renderExpr(e.from, lang)}`);
      if (e.length) parts.push(zh ? `起${renderExpr(e.length, lang)}` : `for ${renderExpr(e.length, lang)}`);
      if (e.until) parts.push(zh ? `至${renderExpr(e.until, lang)}` : `until ${renderExpr(e.until, lang)}`);
      return parts.join(zh ? '' : ' ');
    }
    case 'Relative':
      return zh ? `${renderExpr(e.expr, lang)}${kwText(e.op, lang)}` : `${renderExpr(e.expr, lang)} ${kwText(e.op, lang)}`;
    case 'Range':
      return zh
        ? `${renderExpr(e.left, lang)} ${renderExpr(e.low, lang)}至${renderExpr(e.high, lang)}`
        : `${renderExpr(e.left, lang)} ${renderExpr(e.low, lang)} ${kwText('Until', lang)} ${renderExpr(e.high, lang)}`;
    case 'If':
      return [kwText('If', lang), renderExpr(e.cond, lang), kwText('Then', lang), renderExpr(e.then, lang), kwText('Else', lang), renderExpr(e.else, lang)].join(' ');
    case 'Choose': {
      const args = e.args.map((a) => renderExpr(a, lang)).join(zh ? '，' : ', ');
      return zh ? `${kwText(e.op === 'min' ? 'LesserOf' : 'GreaterOf', lang)}（${args}）` : `${kwText(e.op === 'min' ? 'LesserOf' : 'GreaterOf', lang)}(${args})`;
    }
    case 'Elapsed':
      return zh ? `${renderExpr(e.from, lang)}至今` : `${renderExpr(e.from, lang)} ${kwText('ToDate', lang)}`;
    case 'AgeOf':
    {
      const args = [e.birth, ...(e.at ? [e.at] : [])].map((x) => renderExpr(x, lang)).join(zh ? '，' : ', ');
      return zh ? `${kwText('Age', lang)}（${args}）` : `${kwText('Age', lang)}(${args})`;
    }
    case 'Brackets': {
      const body = e.entries.map((en) => `${renderBracketKey(en, lang)}${zh ? '：' : ': '}${renderExpr(en.value, lang)}`).join(zh ? '，' : ', ');
      return zh ? `按${e.by.text}${kwText('Brackets', lang)}｛${body}｝` : `by ${e.by.text} ${kwText('Brackets', lang)} {${body}}`;
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
  if (en.op && only) {
    if (POSTFIX.has(en.op)) return zh ? `${bound(only)}${kwText(en.op, lang)}` : `${bound(only)} ${kwText(en.op, lang)}`;
    if (SYMBOLS[en.op]) return `${SYMBOLS[en.op]} ${bound(only)}`;
    return zh ? `${kwText(en.op, lang)}${bound(only)}` : `${kwText(en.op, lang)} ${bound(only)}`;
  }
  if (en.low && en.high) return zh ? `${bound(en.low)}至${bound(en.high)}` : `${bound(en.low)} ${kwText('Until', lang)} ${bound(en.high)}`;
  return only ? bound(only) : '?';
}

export function renderValue(v: Value, lang: Lang, unit?: Unit): string {
  return renderInputValue(v, lang, { yes: kwText('Yes', lang), no: kwText('No', lang) }, unit ? unitText(unit, lang) : undefined);
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
