// Hover: what a name means. A fact shows its label and type; a benefit its
// plain-language summary (who, conditions, amount formula, caps, payment,
// fund, clause); a level its order; a fund its label; a keyword its doc.
import { inputSchema } from '../compiler/facts.ts';
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type * as A from '../grammar/ast.ts';
import { keywordById } from '../grammar/keywords.ts';
import { BLOCK_WORD, blocksOf, fieldSpec } from '../compiler/check/fields.ts';
import { message } from '../compiler/messages.ts';
import type { Model, Type } from '../compiler/model.ts';
import { labelText, renderExpr } from '../compiler/render.ts';
import { benefitScope, moneyOverTime } from '../compiler/summary/phrase.ts';
import { unitText } from '../compiler/units.ts';
import { ratToString } from '../compiler/rational.ts';
import { keywordSpec, tokenAt, type Analysis, type PolicySymbol } from './analysis.ts';
import { t, type Lang } from './i18n.ts';

/** Escapes the Markdown characters a policy text could contain. */
export function md(s: string): string {
  return s.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

export function typeText(type: Type, lang: Lang): string {
  switch (type.kind) {
    case 'bool':
      return t('lsp.type.bool', lang);
    case 'date':
      return t('lsp.type.date', lang);
    case 'quantity':
      if (type.percent) return t('lsp.type.percent', lang);
      return t('lsp.type.quantity', lang, { unit: unitText(type.unit, lang) });
    case 'level':
      return t('lsp.type.level', lang, { of: type.of });
    case 'enum':
      return t('lsp.type.enum', lang, { of: type.of });
    case 'perLevel':
      return t('lsp.type.perLevel', lang, { of: type.of, unit: unitText(type.unit, lang) });
    case 'list':
      return t('lsp.type.list', lang, { of: type.of });
    default:
      return t('lsp.type.unknown', lang);
  }
}

const label = (l: A.Label | undefined, lang: Lang): string | undefined => (l ? labelText(l, lang, '') : undefined);
const kw = (id: string, lang: Lang): string => {
  const spec = keywordById(id);
  return lang === 'zh' ? spec.zh[0]! : spec.en[0]!;
};

function benefitDecl(file: A.PolicyFile, name: string): A.BenefitDecl | undefined {
  return file.decls.find((d): d is A.BenefitDecl => d.kind === 'Benefit' && d.name.text === name);
}

function provisionDecl(file: A.PolicyFile, name: string): A.ProvisionDecl | undefined {
  return file.decls.find((d): d is A.ProvisionDecl => d.kind === 'Provision' && d.name.text === name);
}

/** The plain-language summary of a benefit, one line per part, in `lang`. */
export function benefitSummary(a: Analysis, name: string, lang: Lang): string[] {
  const model = a.compilation.model;
  const decl = benefitDecl(a.compilation.parse.file, name);
  const b = model.benefits.find((x) => x.id === name);
  const lines: string[] = [t('lsp.hover.benefit', lang, { name: md(name) })];
  const l = label(b?.label ?? decl?.label, lang);
  if (l) lines.push(md(l));
  if (!decl) return lines;
  const field = (key: string) => decl.fields.find((f) => f.key === key);
  const values = (key: string, sep: string) =>
    decl.fields
      .filter((f) => f.key === key)
      .flatMap((f) => f.values)
      .map((v) => renderExpr(v, lang))
      .join(sep);
  const sep = lang === 'zh' ? '，' : ', ';
  const clause = b?.clause ?? (field('Clause') ? values('Clause', sep).replace(/^[“"]|[”"]$/g, '') : undefined);
  if (clause) lines.push(t('lsp.hover.clause', lang, { clause: md(clause) }));
  if (field('Subject')) lines.push(t('lsp.hover.subjects', lang, { subjects: md(values('Subject', lang === 'zh' ? '、' : ', ')) }));
  if (field('Condition')) lines.push(t('lsp.hover.conditions', lang, { conditions: md(values('Condition', lang === 'zh' ? '；' : '; ')) }));
  else lines.push(t('lsp.hover.noConditions', lang));
  if (field('Amount')) lines.push(t('lsp.hover.amount', lang, { amount: md(values('Amount', sep)) }));
  // Money over time in the summary's words (compiler/summary/phrase.ts moneyOverTime): limits, 发放, 累计.
  const money = b ? moneyOverTime(b, benefitScope(model, lang, b)) : undefined;
  if (money?.limits.length) for (const limit of money.limits) lines.push(t('lsp.hover.limit', lang, { value: md(limit) }));
  else {
    if (field('Ceiling')) lines.push(t('lsp.hover.ceiling', lang, { value: md(values('Ceiling', sep)) }));
    if (field('AnnualCap')) lines.push(t('lsp.hover.annualCap', lang, { value: md(values('AnnualCap', sep)) }));
  }
  if (field('Period')) lines.push(t('lsp.hover.period', lang, { value: md(values('Period', sep)) }));
  if (money?.payment) lines.push(t('lsp.hover.payment', lang, { payment: md(money.payment) }));
  else if (field('Payment')) lines.push(t('lsp.hover.payment', lang, { payment: md(values('Payment', sep)) }));
  if (money?.runningTotal) lines.push(t('lsp.hover.runningTotal', lang, { value: md(money.runningTotal) }));
  if (money?.instalments) lines.push(t('lsp.hover.instalments', lang, { value: md(money.instalments) }));
  if (field('Grants')) lines.push(t('lsp.hover.grants', lang, { value: md(values('Grants', sep)) }));
  if (field('Equivalent')) lines.push(t('lsp.hover.equivalent', lang, { value: md(values('Equivalent', sep)) }));
  // Fields this summary has no wording of its own for (quotas, delivery, rounding, new fields): keyword and value.
  const worded = new Set(['Title', 'Clause', 'Subject', 'Condition', 'Amount', 'Ceiling', 'AnnualCap', 'Period', 'Payment', 'Grants', 'Equivalent', 'Fund', ...(money?.runningTotal ? ['RunningTotal'] : []), ...(money?.instalments ? ['Instalment'] : []), ...(money?.limits.length ? ['CumulativeCap', 'CapPeriod', 'CountedWith', 'CeilingInPrinciple'] : [])]);
  for (const f of decl.fields) {
    // A field the language does not have (P2190) is not shown.
    if (worded.has(f.key) || !f.values.length || f.factName) continue;
    lines.push(`${md(kw(f.key, lang))}${lang === 'zh' ? '：' : ': '}${md(f.values.map((v) => renderExpr(v, lang)).join(sep))}`);
  }
  const fundField = field('Fund');
  if (fundField) {
    // The first fund pays; a second one (if any) pays when the first cannot.
    const funds = fundField.values.map((v) => {
      const fundName = v.kind === 'Ref' ? v.name.text : renderExpr(v, lang);
      const fundLabel = label(model.funds.get(fundName)?.label, lang);
      return fundLabel && fundLabel !== fundName ? `${fundName}（${fundLabel}）` : fundName;
    });
    lines.push(t('lsp.hover.fundOf', lang, { fund: md(funds.join(sep)) }));
  } else if (field('Amount')) lines.push(t('lsp.hover.noFund', lang));
  if (decl.examples.length) lines.push(t('lsp.hover.examples', lang, { count: decl.examples.length }));
  return lines;
}

function symbolHover(a: Analysis, sym: PolicySymbol, lang: Lang): string[] {
  const model: Model = a.compilation.model;
  const out: string[] = [];
  const l = label(sym.label, lang);
  switch (sym.kind) {
    case 'fact': {
      const fact = model.subjects.get(sym.container!)?.facts.get(sym.name);
      out.push(t('lsp.hover.fact', lang, { name: md(sym.name), subject: md(sym.container!) }));
      if (l) out.push(md(l));
      if (fact) out.push(t('lsp.hover.type', lang, { type: md(typeText(fact.type, lang)) }));
      if (fact?.givenIn && fact.type.kind === 'quantity') out.push(t('lsp.hover.givenIn', lang, { unit: md(lang === 'en' ? (fact.givenIn.en ?? fact.givenIn.unit) : fact.givenIn.unit), base: md(unitText(fact.type.unit, lang)) }));
      if (fact?.reviewed) {
        // 核定: set case by case by the office; given, it is checked against the range the text states.
        const spec = inputSchema(model).subjects.get(sym.container!)?.get(sym.name);
        const range = spec?.k === 'quantity' && spec.q.range ? spec.q.range[lang] : undefined;
        out.push(range ? t('lsp.hover.reviewed', lang, { range: md(range) }) : t('lsp.hover.reviewedNoRange', lang));
      }
      break;
    }
    case 'benefit':
      return benefitSummary(a, sym.name, lang);
    case 'fund':
      out.push(t('lsp.hover.fund', lang, { name: md(sym.name) }));
      if (l) out.push(md(l));
      break;
    case 'unit':
      // A unit the policy declares (计量单位); the built-in units are keywords and hover as such.
      out.push(t('lsp.hover.unit', lang, { name: md(sym.name) }));
      if (l) out.push(md(l));
      {
        // `计量单位 万美元 = 10000美元`: a multiple, shown in the dimension's base unit.
        const u = model.units.get(sym.name);
        if (u?.scale) out.push(t('lsp.hover.unitMultiple', lang, { name: md(sym.name), scale: ratToString(u.scale, 12), base: md(unitText({ [u.dim]: 1 }, lang)) }));
      }
      break;
    case 'subject': {
      const subject = model.subjects.get(sym.name);
      out.push(t('lsp.hover.subject', lang, { name: md(sym.name), count: subject?.facts.size ?? 0 }));
      if (l) out.push(md(l));
      if (subject) for (const f of subject.facts.values()) out.push(`- ${md(f.name)}：${md(typeText(f.type, lang))}`);
      break;
    }
    case 'levels': {
      const levels = model.levels.get(sym.name);
      const list = levels?.levels.map((x) => x.name + (x.aliases.length ? `（${x.aliases.join('、')}）` : '')).join(' < ') ?? '';
      out.push(t('lsp.hover.levels', lang, { name: md(sym.name), levels: md(list) }));
      if (l) out.push(md(l));
      break;
    }
    case 'level': {
      const levels = model.levels.get(sym.container!);
      const main = sym.aliasOf ?? sym.name;
      const lv = levels?.levels.find((x) => x.name === main);
      out.push(
        t('lsp.hover.level', lang, {
          name: md(sym.name),
          type: md(sym.container!),
          rank: (lv?.rank ?? 0) + 1,
          count: levels?.levels.length ?? 0,
        }),
      );
      if (lv && (lv.aliases.length || sym.aliasOf)) out.push(md([lv.name, ...lv.aliases].join(' = ')));
      if (l) out.push(md(l));
      break;
    }
    case 'enum': {
      const e = model.enums.get(sym.name);
      out.push(t('lsp.hover.enum', lang, { name: md(sym.name), values: md(e?.values.map((v) => v.name).join(lang === 'zh' ? '、' : ', ') ?? '') }));
      if (l) out.push(md(l));
      break;
    }
    case 'enumValue':
      out.push(t('lsp.hover.enumValue', lang, { name: md(sym.name), type: md(sym.container!) }));
      if (l) out.push(md(l));
      break;
    case 'parameter': {
      const p = model.params.get(sym.name);
      out.push(t('lsp.hover.parameter', lang, { name: md(sym.name) }));
      if (l) out.push(md(l));
      if (p) out.push(t('lsp.hover.type', lang, { type: md(typeText(p.type, lang)) }));
      const spec = p && inputSchema(model).params.get(p.name);
      if (spec?.k === 'quantity' && spec.q.range) out.push(t('lsp.hover.bounds', lang, { range: md(spec.q.range[lang]) }));
      break;
    }
    case 'provision': {
      const p = model.provisions.find((x) => x.id === sym.name);
      const decl = provisionDecl(a.compilation.parse.file, sym.name);
      out.push(t('lsp.hover.provision', lang, { name: md(sym.name) }));
      const pl = label(p?.label ?? decl?.label, lang);
      if (pl) out.push(md(pl));
      if (p?.clause) out.push(t('lsp.hover.clause', lang, { clause: md(p.clause) }));
      if (p?.content) out.push(md(p.content));
      break;
    }
  }
  return out;
}

export function keywordHover(id: string, lang: Lang): string[] {
  const spec = keywordById(id);
  const out = [t('lsp.hover.keyword', lang, { spellings: md([...spec.zh, ...spec.en].join(' / ')) }), md(spec.doc)];
  // A field keyword: where it may stand and what it takes, from the checker's field schema.
  const blocks = blocksOf(id);
  if (spec.category === 'field' && blocks.length) {
    // Blocks where the field takes the same values share a line (每年累计不超过 in a benefit and, as the shared cap, in the header).
    const byTakes = new Map<string, string[]>();
    for (const b of blocks) {
      const takes = message(fieldSpec(b, id)!.takes, lang);
      byTakes.set(takes, [...(byTakes.get(takes) ?? []), message(BLOCK_WORD[b], lang)]);
    }
    for (const [takes, where] of byTakes) out.push(md(t('lsp.hover.fieldTakes', lang, { blocks: where.join(lang === 'zh' ? '、' : ', '), takes })));
  }
  return out;
}

export function hover(a: Analysis, offset: number, lang: Lang): Hover | null {
  const occ = a.index.at(offset);
  if (occ) {
    const parts: string[][] = [];
    for (const key of occ.keys) {
      const sym = a.index.symbols.get(key);
      if (sym) parts.push(symbolHover(a, sym, lang));
    }
    if (parts.length) {
      return {
        contents: { kind: MarkupKind.Markdown, value: parts.map((p) => p.join('\n\n')).join('\n\n---\n\n') },
        range: a.range(occ.range),
      };
    }
  }
  const tok = tokenAt(a.tokens, offset);
  if (tok && keywordSpec(tok.tokenType.name)) {
    return {
      contents: { kind: MarkupKind.Markdown, value: keywordHover(tok.tokenType.name, lang).join('\n\n') },
      range: a.range({ start: tok.startOffset, end: (tok.endOffset ?? tok.startOffset) + 1 }),
    };
  }
  return null;
}

export { kw as keywordText };
