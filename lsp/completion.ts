// Completion: keywords in the spelling the file already uses, subjects, the
// facts of the subjects in scope of the benefit under the cursor, level and
// enum values, funds, parameters, benefits, and unit words after a number.
import { CompletionItemKind, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { IToken } from 'chevrotain';
import { KEYWORDS, keywordById, type KeywordCategory } from '../grammar/keywords.ts';
import { writeName } from '../grammar/tokens.ts';
import { FIELDS, fieldSpec, type Block } from '../compiler/check/fields.ts';
import type { Model, Type } from '../compiler/model.ts';
import { labelText } from '../compiler/render.ts';
import type { Analysis } from './analysis.ts';
import { benefitSubjects, cursorContext, topLevelStart, type CursorContext } from './context.ts';
import { typeText } from './hover.ts';
import { t, type Lang } from './i18n.ts';

const DECLARATIONS = ['Policy', 'Fund', 'UnitDecl', 'Levels', 'Enum', 'Subject', 'Parameter', 'Benefit', 'Provision', 'HigherOf', 'Exclusive', 'Priority', 'Choice'];
// Which fields a block takes and what may stand as their values: the checker's one schema.
const keysOf = (block: Block) => FIELDS[block].map((f) => f.key).filter((k) => k !== 'Fact');
const UNIT_IDS = KEYWORDS.filter((k) => k.category === 'unit').map((k) => k.id);
const EXPRESSION_CATEGORIES: KeywordCategory[] = ['logic', 'comparison'];

interface Env {
  a: Analysis;
  model: Model;
  kwLang: 'zh' | 'en';
  lang: Lang;
  full: boolean;
  ctx: CursorContext;
}

// Sort groups: what the context most likely wants first.
const SORT = { primary: '0', secondary: '1', keyword: '2', rest: '3' };

function keywordItem(env: Env, id: string, opts: { field?: boolean; sort?: string } = {}): CompletionItem {
  const spec = keywordById(id);
  const text = env.kwLang === 'en' ? spec.en[0]! : spec.zh[0]!;
  const other = env.kwLang === 'en' ? spec.zh[0]! : spec.en[0]!;
  const colon = env.full ? '：' : ': ';
  const item: CompletionItem = {
    label: text,
    kind: CompletionItemKind.Keyword,
    detail: other,
    documentation: spec.doc,
    sortText: (opts.sort ?? SORT.keyword) + text,
  };
  if (opts.field) item.insertText = text + colon;
  else if (spec.category === 'declaration') item.insertText = text + ' ';
  return item;
}

/** An amount in yuan a field takes as a value (舍入：100元 / 1万元), in the file's spelling of units (100 yuan / 1 wan-yuan). */
function stepItem(env: Env, step: bigint): CompletionItem {
  const wan = step % 10000n === 0n;
  const n = wan ? step / 10000n : step;
  const unit = keywordById(wan ? 'WanYuan' : 'Yuan');
  const text = env.kwLang === 'en' ? `${n} ${unit.en[0]!}` : `${n}${unit.zh[0]!}`;
  return { label: text, kind: CompletionItemKind.Value, detail: t('lsp.roundingStep', env.lang, { step: String(step) }), sortText: SORT.secondary + text };
}

function nameItem(label: string, kind: CompletionItemKind, detail: string | undefined, sort: string, doc?: string): CompletionItem {
  const item: CompletionItem = { label, kind, sortText: sort + label };
  // A name the texts write with brackets or a leading digit is inserted in 【】 (优秀（五星） → 【优秀（五星）】).
  const written = writeName(label);
  if (written !== label) item.insertText = written;
  if (detail) item.detail = detail;
  if (doc) item.documentation = doc;
  return item;
}

function factsInScope(env: Env): { subject: string; name: string; type: Type; label?: string }[] {
  // In the header (a shared cap computed from the case): the facts of every subject type, checked against each covered benefit.
  if (env.ctx.benefitOpen === undefined && env.ctx.block !== 'policy') return [];
  const subjects = env.ctx.benefitOpen === undefined ? [...env.model.subjects.keys()] : benefitSubjects(env.a.tokens, env.ctx.benefitOpen);
  const seen = new Set<string>();
  const out: { subject: string; name: string; type: Type; label?: string }[] = [];
  // Inside 合计（名单，…）: the members' facts come first (they shadow the applicant's).
  const list = openSumList(env.ctx.statement);
  const listType = list === undefined ? undefined : subjects.map((s) => env.model.subjects.get(s)?.facts.get(list)?.type).find((t) => t?.kind === 'list');
  const members = listType?.kind === 'list' ? listType.of : undefined;
  for (const s of members ? [members, ...subjects] : subjects) {
    for (const f of env.model.subjects.get(s)?.facts.values() ?? []) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      out.push({ subject: s, name: f.name, type: f.type, ...(f.label && { label: labelText(f.label, env.lang, f.name) }) });
    }
  }
  return out;
}

/** The list named by the innermost `合计（名单，…` still open before the cursor, if any. */
function openSumList(statement: readonly IToken[]): string | undefined {
  let depth = 0;
  for (let i = statement.length - 1; i >= 0; i--) {
    const name = statement[i]!.tokenType.name;
    if (name === 'RParen') depth++;
    else if (name === 'LParen') {
      if (depth > 0) depth--;
      else if (statement[i - 1]?.tokenType.name === 'SumOver') {
        const first = statement[i + 1];
        return first?.tokenType.name === 'Identifier' ? first.image : undefined;
      }
    }
  }
  return undefined;
}

function factItems(env: Env, filter: (t: Type) => boolean = () => true, sort = SORT.primary): CompletionItem[] {
  return factsInScope(env)
    .filter((f) => filter(f.type))
    .map((f) => nameItem(f.name, CompletionItemKind.Field, `${typeText(f.type, env.lang)} · ${f.subject}`, sort, f.label));
}

/** The values of a level or enum type. */
function valuesOf(env: Env, typeName: string, sort = SORT.primary): CompletionItem[] {
  const levels = env.model.levels.get(typeName);
  if (levels) {
    return levels.levels.flatMap((l) =>
      [l.name, ...l.aliases].map((n, i) => nameItem(n, CompletionItemKind.EnumMember, typeName, sort + String(l.rank).padStart(3, '0') + i, l.label && labelText(l.label, env.lang, l.name))),
    );
  }
  const e = env.model.enums.get(typeName);
  if (e) return e.values.map((v, i) => nameItem(v.name, CompletionItemKind.EnumMember, typeName, sort + String(i).padStart(3, '0'), v.label && labelText(v.label, env.lang, v.name)));
  return [];
}

function allValues(env: Env, sort: string): CompletionItem[] {
  return [...env.model.levels.keys(), ...env.model.enums.keys()].flatMap((n) => valuesOf(env, n, sort));
}

function factType(env: Env, name: string | undefined): Type | undefined {
  if (!name) return undefined;
  return factsInScope(env).find((f) => f.name === name)?.type;
}

function valuesForType(env: Env, type: Type | undefined, sort = SORT.primary): CompletionItem[] {
  if (!type) return [];
  if (type.kind === 'level' || type.kind === 'enum' || type.kind === 'perLevel') return valuesOf(env, type.of, sort);
  if (type.kind === 'bool') return ['Yes', 'No'].map((id) => keywordItem(env, id, { sort }));
  return [];
}

function subjectItems(env: Env): CompletionItem[] {
  return [...env.model.subjects.values()].map((s) => nameItem(s.name, CompletionItemKind.Class, s.label && labelText(s.label, env.lang, s.name), SORT.primary));
}

function fundItems(env: Env): CompletionItem[] {
  return [...env.model.funds.values()].map((f) => nameItem(f.name, CompletionItemKind.Constant, f.label && labelText(f.label, env.lang, f.name), SORT.primary));
}

function benefitItems(env: Env): CompletionItem[] {
  return env.model.benefits.map((b) => nameItem(b.id, CompletionItemKind.Function, b.label && labelText(b.label, env.lang, b.id), SORT.primary));
}

function typeItems(env: Env, fact = false): CompletionItem[] {
  const prev = env.ctx.prev?.tokenType.name;
  // `核定奖励额：核定 ▮` — a reviewed amount's range or 元.
  if (prev === 'Reviewed') return [keywordItem(env, 'Yuan', { sort: SORT.primary })];
  if (prev === 'By') return [...env.model.levels.keys()].map((n) => nameItem(n, CompletionItemKind.Enum, undefined, SORT.primary));
  if (prev && UNIT_IDS.includes(prev)) return [keywordItem(env, 'By', { sort: SORT.primary })];
  if (prev !== 'Colon') return [];
  return [
    ...['BoolType', 'TextType', 'Date', ...(fact ? ['Reviewed'] : [])].filter((id) => KEYWORDS.some((k) => k.id === id)).map((id) => keywordItem(env, id, { sort: SORT.primary })),
    ...[...env.model.levels.keys(), ...env.model.enums.keys()].map((n) => nameItem(n, CompletionItemKind.Enum, undefined, SORT.secondary)),
    ...UNIT_IDS.map((id) => keywordItem(env, id, { sort: SORT.keyword })),
  ];
}

/** Inside a condition or an amount: facts, parameters, values, operators. */
function expressionItems(env: Env, fieldKey: string | undefined): CompletionItem[] {
  const { ctx } = env;
  const prev = ctx.prev?.tokenType.name;
  // 按 X: a level, enum or per-level fact for a table, a quantity for brackets (then 分档).
  if (prev === 'By') return factItems(env, (t) => t.kind === 'level' || t.kind === 'enum' || t.kind === 'perLevel' || t.kind === 'quantity');
  const before = ctx.statement[ctx.statement.length - 2]?.tokenType.name;
  if (prev === 'Identifier' && before === 'By' && factType(env, ctx.prev!.image)?.kind === 'quantity')
    return [keywordItem(env, 'Brackets', { sort: SORT.primary }), keywordItem(env, 'Progressive', { sort: SORT.primary })];
  // The left side of a comparison decides the values: `取得证书等级 高级工及以上`, `基地类型 为 …`.
  let left: string | undefined;
  for (let i = ctx.statement.length - 1; i >= 0; i--) {
    const n = ctx.statement[i]!.tokenType.name;
    if (n === 'Comma' || n === 'Colon' || n === 'And' || n === 'Or' || n === 'Not') break;
    if (n === 'Identifier') {
      const type = factType(env, ctx.statement[i]!.image);
      if (type) {
        left = ctx.statement[i]!.image;
        break;
      }
    }
  }
  const leftType = factType(env, left);
  const items: CompletionItem[] = [];
  if (leftType && (leftType.kind === 'level' || leftType.kind === 'enum')) items.push(...valuesForType(env, leftType, SORT.primary));
  items.push(...factItems(env, () => true, left ? SORT.secondary : SORT.primary));
  for (const p of env.model.params.values()) items.push(nameItem(p.name, CompletionItemKind.Variable, p.label && labelText(p.label, env.lang, p.name), SORT.secondary));
  if (!leftType) items.push(...allValues(env, SORT.rest));
  // Period words only in a period, 按 only where a table can stand (amounts, equivalences, derived values).
  const PERIOD = ['From', 'Onward', 'Until'];
  const ONLY_IN_BRACKETS = ['Brackets', 'Progressive', 'Incl', 'Excl'];
  // 参照 stands only as the whole 金额 (offered there, right after the colon).
  const keywords = KEYWORDS.filter((k) => EXPRESSION_CATEGORIES.includes(k.category) && !PERIOD.includes(k.id) && k.id !== 'By' && k.id !== 'SameAs' && !ONLY_IN_BRACKETS.includes(k.id)).map((k) => k.id);
  keywords.push('Yes', 'No', 'AsOfDate');
  if (fieldKey === 'Period') keywords.push(...PERIOD);
  if (fieldKey !== 'Condition' && fieldKey !== 'Period') keywords.push('By');
  for (const id of keywords) items.push(keywordItem(env, id));
  return items;
}

const BRACKET_WORDS = ['Reaches', 'Exceeds', 'Surpasses', 'NotBelow', 'Under', 'NotExceeding', 'OrAbove', 'OrBelow', 'Until', 'Incl', 'Excl'];

function mapItems(env: Env): CompletionItem[] {
  const map = env.ctx.map!;
  if (map.opener === 'table') {
    if (map.position === 'key') return valuesForType(env, factType(env, map.by));
    return [];
  }
  if (map.opener === 'in') return valuesForType(env, factType(env, map.by));
  // 按 X 分档 { 满 B：… }: a bracket starts with a boundary word (or a bound, then 以上 / 以下 / 至).
  if (map.opener === 'brackets') return map.position === 'key' ? BRACKET_WORDS.map((id) => keywordItem(env, id, { sort: SORT.primary })) : [];
  // A literal map in an example: per-level counts `直接培养人数：{ 高级工：10人 }`.
  if (map.position === 'key') {
    const first = env.ctx.statement[0];
    const type = first?.tokenType.name === 'Identifier' ? factType(env, first.image) : undefined;
    return type ? valuesForType(env, type) : allValues(env, SORT.primary);
  }
  return [];
}

function statementStartItems(env: Env): CompletionItem[] {
  switch (env.ctx.block) {
    case 'top':
      return DECLARATIONS.map((id) => keywordItem(env, id, { sort: SORT.primary }));
    case 'policy':
      return keysOf('policy').map((id) => keywordItem(env, id, { field: true, sort: SORT.primary }));
    case 'benefit':
      return [...keysOf('benefit').map((id) => keywordItem(env, id, { field: true, sort: SORT.primary })), keywordItem(env, 'Example', { sort: SORT.secondary })];
    case 'provision':
      return keysOf('provision').map((id) => keywordItem(env, id, { field: true, sort: SORT.primary }));
    case 'example':
      return [
        ...factItems(env).map((i) => ({ ...i, insertText: i.label + (env.full ? '：' : ': ') })),
        ...keysOf('example').map((id) => keywordItem(env, id, { field: true, sort: SORT.secondary })),
      ];
    case 'subject':
      return [];
  }
}

function contextItems(env: Env): CompletionItem[] {
  const { ctx, model } = env;
  if (ctx.afterNumber) return [...UNIT_IDS.map((id) => keywordItem(env, id, { sort: SORT.primary }))];
  if (ctx.map) return mapItems(env);
  const st = ctx.statement;
  if (st.length === 0) return statementStartItems(env);
  const first = st[0]!.tokenType.name;
  const colon = st.findIndex((t) => t.tokenType.name === 'Colon');
  if (ctx.block === 'top') {
    if ((first === 'HigherOf' || first === 'Exclusive' || first === 'Priority' || first === 'Choice') && colon >= 0) {
      return model.benefits.map((b) => nameItem(b.id, CompletionItemKind.Function, b.label && labelText(b.label, env.lang, b.id), SORT.primary));
    }
    if (first === 'Parameter' && colon >= 0) return typeItems(env);
    return [];
  }
  if (colon < 0) return [];
  switch (ctx.block) {
    case 'subject':
      return typeItems(env, true);
    case 'policy': {
      const spec = fieldSpec('policy', first);
      // A shared cap: an amount (constant or computed from the case), then after a comma the fund whose benefits it covers.
      if (spec?.expression && spec.names === 'funds') return st.slice(colon + 1).some((x) => x.tokenType.name === 'Comma') ? fundItems(env) : expressionItems(env, first);
      return spec?.keywords ? spec.keywords.map((id) => keywordItem(env, id, { sort: SORT.primary })) : [];
    }
    case 'benefit': {
      // `符合 X 的条件`: after 符合 in an expression, the benefits whose conditions can be named.
      if (st.length > colon + 1 && st[st.length - 1]!.tokenType.name === 'Eligible') return benefitItems(env);
      // `金额：参照 X；`: after 参照, the benefits whose amount can be reused.
      if (st.length > colon + 1 && st[st.length - 1]!.tokenType.name === 'SameAs') return benefitItems(env);
      const spec = fieldSpec('benefit', first);
      // A field the schema does not know yet (being typed): offer what an expression can use.
      if (!spec) return expressionItems(env, first);
      if (spec.names === 'subjects') return subjectItems(env);
      if (spec.names === 'funds') return [...fundItems(env), ...(spec.keywords ?? []).map((id) => keywordItem(env, id, { sort: SORT.secondary }))];
      if (spec.names === 'benefits') return benefitItems(env);
      // The field's keywords (未载明, 参照 in 金额) stand as its whole value: offered right after the colon only.
      if (spec.keywords && spec.expression) return [...(st.length === colon + 1 ? spec.keywords.map((id) => keywordItem(env, id, { sort: SORT.primary })) : []), ...expressionItems(env, first)];
      if (spec.keywords) return [...spec.keywords.map((id) => keywordItem(env, id, { sort: SORT.primary })), ...(spec.yuanSteps ?? []).map((step) => stepItem(env, step))];
      return spec.expression ? expressionItems(env, first) : [];
    }
    case 'example': {
      if (first === 'Identifier') return valuesForType(env, factType(env, st[0]!.image));
      const spec = fieldSpec('example', first);
      return spec?.keywords ? spec.keywords.map((id) => keywordItem(env, id, { sort: SORT.primary })) : [];
    }
    default:
      return [];
  }
}

/** The most items one answer carries; a longer list is cut to the best matches of the typed word and marked incomplete. */
export const MAX_ITEMS = 100;

interface Candidates {
  items: CompletionItem[];
  range: ReturnType<Analysis['range']>;
  /** The word typed so far (what the items replace). */
  typed: string;
  /** When a `【` stands just before the word: the range with it (a name then replaces both, written 【name】). */
  opened?: ReturnType<Analysis['range']>;
}

/** The items of the context under the cursor, one per label, before they get their edit. */
function candidates(a: Analysis, offset: number, lang: Lang): Candidates | undefined {
  const parsed = a.compilation.parse;
  const ctx = cursorContext(a.tokens, a.comments, offset, topLevelStart(a.tokens, parsed.file.decls, parsed.errors, offset));
  if (!ctx) return undefined;
  const env: Env = { a, model: a.compilation.model, kwLang: a.keywordLang, lang, full: a.punctuation === 'full', ctx };
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const item of contextItems(env)) {
    if (seen.has(item.label)) continue;
    seen.add(item.label);
    items.push(item);
  }
  const opened = a.text.charAt(ctx.prefix.start - 1) === '【' ? a.range({ start: ctx.prefix.start - 1, end: ctx.prefix.end }) : undefined;
  return { items, range: a.range(ctx.prefix), typed: a.text.slice(ctx.prefix.start, ctx.prefix.end), ...(opened && { opened }) };
}

/** The item as sent: Chinese words have no word boundaries editors agree on, so it says exactly what is replaced. */
function finished(item: CompletionItem, c: Candidates): CompletionItem {
  const out: CompletionItem = { label: item.label, kind: item.kind };
  if (item.detail !== undefined) out.detail = item.detail;
  if (item.documentation !== undefined) out.documentation = item.documentation;
  out.sortText = item.sortText;
  // After a typed `【`, a name (not a keyword, not a quantity) replaces it too and is written whole in 【】.
  if (c.opened && item.kind !== CompletionItemKind.Keyword && item.kind !== CompletionItemKind.Value) {
    out.filterText = `【${item.label}`;
    out.textEdit = { range: c.opened, newText: item.insertText?.startsWith('【') ? item.insertText : `【${item.label}】` };
    return out;
  }
  out.filterText = item.label;
  out.textEdit = { range: c.range, newText: item.insertText ?? item.label };
  return out;
}

/** Whether the letters of `typed` occur in `label` in order (case-insensitive): what an editor's fuzzy filter keeps, or more. */
export function matchesTyped(label: string, typed: string): boolean {
  if (!typed) return true;
  const l = label.toLowerCase();
  const t = typed.toLowerCase();
  let j = 0;
  for (let i = 0; i < l.length && j < t.length; i++) if (l[i] === t[j]) j++;
  return j === t.length;
}

const bySortText = (x: CompletionItem, y: CompletionItem) => {
  const a = x.sortText ?? x.label;
  const b = y.sortText ?? y.label;
  return a < b ? -1 : a > b ? 1 : x.label < y.label ? -1 : x.label > y.label ? 1 : 0;
};

/** Every item of the context under the cursor. */
export function completion(a: Analysis, offset: number, lang: Lang): CompletionItem[] {
  const c = candidates(a, offset, lang);
  return c ? c.items.map((item) => finished(item, c)) : [];
}

/**
 * What the server answers: every item when there are at most MAX_ITEMS; otherwise the first
 * MAX_ITEMS (by sortText) of those matching the word typed so far, as a list marked incomplete,
 * so the editor asks again as the word grows instead of filtering a list it only has part of.
 */
export function completionList(a: Analysis, offset: number, lang: Lang): CompletionItem[] | CompletionList {
  const c = candidates(a, offset, lang);
  if (!c) return [];
  if (c.items.length <= MAX_ITEMS) return c.items.map((item) => finished(item, c));
  const kept = c.items.filter((item) => matchesTyped(item.label, c.typed)).sort(bySortText).slice(0, MAX_ITEMS);
  return { isIncomplete: true, items: kept.map((item) => finished(item, c)) };
}
