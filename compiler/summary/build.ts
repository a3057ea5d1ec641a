// Model → summary document. The order is the reader's: what each kind of
// applicant can receive (subjects in declaration order, their benefits in
// clause order as written), then the policy's particulars, the items whose
// amount other rules set (按规定), how benefits combine, the provisions, and
// any remaining readings.
import { inputSchema } from '../facts.ts';
import type * as A from '../../grammar/ast.ts';
import type { Comment } from '../../grammar/ast.ts';
import type { Lang, MessageId } from '../messages.ts';
import type { Benefit, Fact, Model, Type } from '../model.ts';
import { valueDisplay } from '../render.ts';
import type { Block, Field, SummaryDoc } from './doc.ts';
import {
  amountText,
  benefitPeriodText,
  bracketText,
  factNoun,
  factOf,
  benefitScope,
  cnNumber,
  condition,
  conditionsText,
  dateText,
  derivedLines,
  durationText,
  enumerate,
  keyTypeLabel,
  label,
  moneyText,
  refText,
  noun,
  paramNoun,
  paramsIn,
  moneyOverTime,
  quotaLines,
  roundingUnitId,
  t,
  type Scope,
} from './phrase.ts';
import { anchorKey, attachReadings } from './readings.ts';
import { periodEnd } from '../dates.ts';

interface Ctx {
  model: Model;
  lang: Lang;
  readings: Map<string, string[]>;
}

const benefitTitle = (b: Benefit, lang: Lang): string => label(b.label, lang, b.id);

function quotedTitleWithClause(b: Benefit, lang: Lang): string {
  const title = t(lang, 'summary.quoted', { text: benefitTitle(b, lang) });
  return b.clause ? t(lang, 'summary.titleClause', { title, clause: b.clause }) : title;
}

function notes(ctx: Ctx, key: string): Block[] {
  return (ctx.readings.get(key) ?? []).map((text) => ({ k: 'note', text: t(ctx.lang, 'summary.reading', { text }) }));
}

function heading2(ctx: Ctx, n: number, title: string): Block {
  return { k: 'heading', level: 2, text: t(ctx.lang, 'summary.h2', { n: ctx.lang === 'zh' ? cnNumber(n) : n, title }) };
}

// ---- one benefit ----

function outcomeFields(b: Benefit, s: Scope): { field?: Field; table?: { head: string[]; rows: string[][] } } {
  const { lang } = s;
  const o = b.outcome;
  if (!o) return {};
  if (o.kind === 'designation') {
    return { field: { name: t(lang, 'summary.field.designation'), value: t(lang, 'summary.designation', { title: label(o.label, lang, o.label.zh) }) } };
  }
  if (o.grant) return grantFields(o.source, s);
  const type = o.expr.type;
  const of = type.kind === 'enum' || type.kind === 'level' ? type.of : undefined;
  const target = of ? label((s.model.enums.get(of) ?? s.model.levels.get(of))?.label, lang, of) : '';
  const src = o.source.kind === 'Paren' ? o.source.expr : o.source;
  const name = t(lang, 'summary.field.equivalence');
  if (src.kind === 'Table') {
    const f = s.facts.get(src.by.text);
    return {
      field: { name, value: t(lang, 'summary.equivalence.table', { fact: f ? refText(src.by, s) : src.by.text, target }) },
      table: { head: [keyTypeLabel(src.by, s), target], rows: src.entries.map((en) => [refText(en.key, s), noun(en.value, s)]) },
    };
  }
  return { field: { name, value: t(lang, 'summary.equivalence.single', { value: noun(src, s) }) } };
}

/** 授予 by case: by a table or brackets (a row each: the key, what is granted), or a 若…否则 in words. */
function grantFields(source: A.Expr, s: Scope): { field?: Field; table?: { head: string[]; rows: string[][] } } {
  const { lang } = s;
  const src = source.kind === 'Paren' ? source.expr : source;
  const name = t(lang, 'summary.field.grant');
  if (src.kind === 'Table' || (src.kind === 'Brackets' && !src.progressive)) {
    const f = factOf(src.by, s);
    const fact = f ? factNoun(f, lang) : src.by.text;
    const rows = src.kind === 'Table' ? src.entries.map((en) => [refText(en.key, s), noun(en.value, s)]) : src.entries.map((en) => [bracketText(en, s), noun(en.value, s)]);
    return { field: { name, value: t(lang, 'summary.grant.table', { fact }) }, table: { head: [fact, name], rows } };
  }
  return { field: { name, value: noun(src, s) } };
}

function interactionLines(ctx: Ctx, b: Benefit): string[] {
  const { lang, model } = ctx;
  const byId = (id: string) => model.benefits.find((x) => x.id === id);
  const out: string[] = [];
  for (const i of model.interactions) {
    if (!i.members.includes(b.id)) continue;
    const others = enumerate(
      i.members.filter((m) => m !== b.id).flatMap((m) => (byId(m) ? [quotedTitleWithClause(byId(m)!, lang)] : [])),
      lang,
    );
    if (i.mode === 'higher-of') out.push(t(lang, 'summary.inter.higherOf', { others }));
    else if (i.mode === 'exclusive') out.push(t(lang, 'summary.inter.exclusive', { others }));
    else if (i.mode === 'choice') out.push(t(lang, 'summary.inter.choice', { others }));
    else if (i.members[0] === b.id) out.push(t(lang, 'summary.inter.priorityFirst', { others }));
    else {
      const first = byId(i.members[0]!);
      if (first) out.push(t(lang, 'summary.inter.priorityAfter', { first: quotedTitleWithClause(first, lang) }));
    }
  }
  return out;
}

/** The fields of one benefit as the summary shows them (also the rows of the 修订对照表, compiler/diff). */
export function benefitFields(model: Model, b: Benefit, lang: Lang, subject = b.subjects[0] ?? ''): { rows: Field[]; table?: { head: string[]; rows: string[][] } } {
  return benefitRows({ model, lang, readings: new Map() }, b, subject);
}

function benefitBlock(ctx: Ctx, b: Benefit, subject: string, n: number): Block {
  const { lang } = ctx;
  const { rows, table } = benefitRows(ctx, b, subject);
  const blocks: Block[] = [
    { k: 'heading', level: 4, text: t(lang, 'summary.h4', { n, title: benefitTitle(b, lang) }) },
    { k: 'fields', rows },
  ];
  if (table) blocks.push({ k: 'table', ...table });
  blocks.push(...notes(ctx, anchorKey('benefit', b.id)));
  return { k: 'group', role: 'benefit', blocks };
}

function benefitRows(ctx: Ctx, b: Benefit, subject: string): { rows: Field[]; table?: { head: string[]; rows: string[][] } } {
  const { lang, model } = ctx;
  const s = benefitScope(model, lang, b);
  const rows: Field[] = [];
  let table: { head: string[]; rows: string[][] } | undefined;
  // 未载明 in an informational field: the row says 原文未载明 where the value would stand.
  const notStated = (key: string, name: MessageId) => {
    if (b.notStated?.includes(key)) rows.push({ name: t(lang, name), value: t(lang, 'summary.notStated') });
  };
  if (b.clause) rows.push({ name: t(lang, 'summary.field.clause'), value: b.clause });
  notStated('Clause', 'summary.field.clause');
  rows.push({ name: t(lang, 'summary.field.conditions'), value: conditionsText(b, s) });
  const amount = amountText(b, s);
  if (amount) {
    rows.push({ name: t(lang, b.amountKind === 'tax-deduction' ? 'summary.field.deduction' : b.amountKind === 'loan' ? 'summary.field.loan' : 'summary.field.amount'), value: amount.text });
    table = amount.table;
  }
  const outcome = outcomeFields(b, s);
  if (outcome.field) rows.push(outcome.field);
  table ??= outcome.table;
  const money = moneyOverTime(b, s);
  if (money.limits.length) rows.push({ name: t(lang, 'summary.field.limit'), value: money.limits.join(t(lang, 'summary.clauseSep')) });
  if (money.payment) rows.push({ name: t(lang, 'summary.field.payment'), value: money.payment });
  if (money.runningTotal) rows.push({ name: t(lang, 'summary.field.runningTotal'), value: money.runningTotal });
  if (money.instalments) rows.push({ name: t(lang, 'summary.field.instalments'), value: money.instalments });
  // 视同享受: who is treated as whom.
  for (const x of b.treatedAs ?? []) rows.push({ name: t(lang, 'summary.field.treatedAs'), value: t(lang, 'summary.treatedAs', { a: condition(x.aSource, s), b: condition(x.bSource, s) }) });
  // 退还: when what was paid is returned, and how much of it.
  const cb = b.clawback;
  if (cb) {
    const when = condition(cb.source, s);
    const value = cb.share
      ? t(lang, 'summary.clawback.share', { condition: when, share: percentText(cb.share) })
      : cb.amount
        ? t(lang, 'summary.clawback.amount', { condition: when, amount: moneyText(cb.amount, lang) })
        : t(lang, 'summary.clawback.all', { condition: when });
    rows.push({ name: t(lang, 'summary.field.clawback'), value });
  }
  // 其中: the parts of the amount by kind, as the text states them.
  if (b.composition?.length) {
    const kindText = (k: 'voucher' | 'cash' | A.Label) => (k === 'voucher' || k === 'cash' ? t(lang, `kind.${k}`) : label(k, lang, k.zh));
    const items = b.composition.map((p) => {
      const kind = kindText(p.kind);
      if (p.remainder) return t(lang, 'summary.ofWhich.rest', { kind });
      // A use the text names (“用于奖励研发团队”) is said as one.
      const use = typeof p.kind !== 'string';
      if (p.atLeast) return t(lang, use ? 'summary.ofWhich.useAtLeast' : 'summary.ofWhich.atLeast', { kind, share: percentText(p.share!) });
      if (use && p.share) return t(lang, 'summary.ofWhich.use', { kind, share: percentText(p.share) });
      return p.share ? t(lang, 'summary.ofWhich.share', { kind, share: percentText(p.share) }) : t(lang, 'summary.ofWhich.amount', { kind, amount: moneyText(p.amount!, lang) });
    });
    const voucher = b.composition.some((p) => p.kind === 'voucher') ? t(lang, 'summary.ofWhich.voucherNote') : '';
    rows.push({ name: t(lang, 'summary.field.ofWhich'), value: items.join(lang === 'zh' ? '，' : ', ') + voucher });
  }
  // 义务: what whoever receives it must go on doing — listed as the text says it, never among the conditions.
  for (const o of b.obligations ?? []) rows.push({ name: t(lang, 'summary.field.obligation'), value: t(lang, o.clawback ? 'summary.obligation.clawback' : 'summary.obligation', { text: label(o.text, lang, o.text.zh) }) });
  // 转按: the cases handled under another policy, named as the text names it.
  const rf = b.referral;
  if (rf) {
    const when = rf.whenSource ? t(lang, 'summary.referral.when', { condition: condition(rf.whenSource, s) }) : '';
    rows.push({ name: t(lang, 'summary.field.referral'), value: t(lang, 'summary.referral', { condition: when, doc: label(rf.doc, lang, rf.doc.zh) }) });
  }
  const quota = quotaLines(b, s);
  if (quota.length) rows.push({ name: t(lang, 'summary.field.quota'), value: quota.length === 1 ? quota[0]! : quota });
  const period = benefitPeriodText(b, s);
  if (period) rows.push({ name: t(lang, 'summary.field.period'), value: period });
  if (b.delivery) rows.push({ name: t(lang, 'summary.field.delivery'), value: t(lang, `summary.delivery.${b.delivery}`) });
  notStated('Delivery', 'summary.field.delivery');
  if (b.fundNotStated) rows.push({ name: t(lang, 'summary.field.fund'), value: t(lang, 'summary.notStated') });
  if (b.payer) rows.push({ name: t(lang, 'summary.field.payer'), value: t(lang, 'summary.payer', { payer: label(b.payer, lang, b.payer.zh) }) });
  if (b.amountKind) rows.push({ name: t(lang, 'summary.field.amountKind'), value: t(lang, `summary.amountKind.${b.amountKind}`) });
  if (b.fund) {
    const fund = label(model.funds.get(b.fund)?.label, lang, b.fund);
    const fallback = b.fallbackFund && label(model.funds.get(b.fallbackFund)?.label, lang, b.fallbackFund);
    rows.push({ name: t(lang, 'summary.field.fund'), value: fallback ? t(lang, 'summary.fund.fallback', { fund, fallback }) : fund });
  }
  // 分担: the funds that share the amount, each with its part as the text states it.
  if (b.split) {
    const parts = b.split.map((p) => {
      const fund = label(model.funds.get(p.fund)?.label, lang, p.fund);
      const part = p.remainder ? t(lang, 'summary.split.rest') : p.share ? percentText(p.share) : moneyText(p.amount!, lang);
      return t(lang, p.atMost ? 'summary.split.atMost' : 'summary.split.part', { fund, part });
    });
    const bounded = b.split.some((p) => p.atMost);
    rows.push({ name: t(lang, 'summary.field.fund'), value: t(lang, bounded ? 'summary.split.bounded' : 'summary.split', { parts: parts.join(lang === 'zh' ? '，' : '; ') }) });
  }
  // Informational: what the text says across all applicants; no decision reads it.
  if (b.fundTotal) rows.push({ name: t(lang, 'summary.field.fundTotal'), value: t(lang, 'summary.informational', { text: noun(b.fundTotal, s) }) });
  if (b.recipients) rows.push({ name: t(lang, 'summary.field.recipients'), value: t(lang, 'summary.informational', { text: noun(b.recipients, s) }) });
  notStated('FundTotal', 'summary.field.fundTotal');
  notStated('Recipients', 'summary.field.recipients');
  notStated('Rounding', 'summary.field.rounding');
  if (b.rounding.stated) {
    const unit = t(lang, roundingUnitId(b.rounding));
    rows.push({ name: t(lang, 'summary.field.rounding'), value: t(lang, `summary.rounding.${b.rounding.mode}`, { unit }) });
  }
  const others = b.subjects.filter((x) => x !== subject).map((x) => label(model.subjects.get(x)?.label, lang, x));
  if (others.length) rows.push({ name: t(lang, 'summary.field.alsoFor'), value: enumerate(others, lang) });
  const derived = derivedLines(b, s);
  if (derived.length) rows.push({ name: t(lang, 'summary.field.derived'), value: derived.length === 1 ? derived[0]! : derived });
  const combos = interactionLines(ctx, b);
  if (combos.length) rows.push({ name: t(lang, 'summary.field.combination'), value: combos.length === 1 ? combos[0]! : combos });
  return table ? { rows, table } : { rows };
}

// ---- sections ----

function subjectsSection(ctx: Ctx, n: number): Block[] {
  const { lang, model } = ctx;
  const out: Block[] = [heading2(ctx, n, t(lang, 'summary.section.subjects'))];
  let i = 0;
  for (const subject of model.subjects.values()) {
    const benefits = model.benefits.filter((b) => b.subjects.includes(subject.name));
    if (benefits.length === 0) continue;
    i++;
    out.push({ k: 'heading', level: 3, text: t(lang, 'summary.h3', { n: lang === 'zh' ? cnNumber(i) : `${n}.${i}`, title: label(subject.label, lang, subject.name) }) });
    out.push(...notes(ctx, anchorKey('subject', subject.name)));
    benefits.forEach((b, j) => out.push(benefitBlock(ctx, b, subject.name, j + 1)));
  }
  return out;
}

/** A share as a percentage, exact: 60%, 33.3333%. */
function percentText(r: { n: bigint; d: bigint }): string {
  const v = { n: r.n * 100n, d: r.d };
  return `${v.n % v.d === 0n ? (v.n / v.d).toString() : (Number((v.n * 10000n) / v.d) / 10000).toString()}%`;
}

function fundUses(ctx: Ctx): string[] {
  const { lang, model } = ctx;
  const uses: { name: string; fund?: string; benefits: Benefit[] }[] = [...model.funds.values()]
    .map((f) => ({ name: label(f.label, lang, f.name), fund: f.name, benefits: model.benefits.filter((b) => b.fund === f.name || b.fallbackFund === f.name || b.split?.some((p) => p.fund === f.name)) }))
    .filter((u) => u.benefits.length > 0);
  // Benefits whose text names no fund are one more group, “原文未载明” — never given an invented fund.
  const unstated = model.benefits.filter((b) => b.fundNotStated);
  if (unstated.length) uses.push({ name: t(lang, 'summary.notStated'), benefits: unstated });
  // Amounts another party pays (付款方) are named with their payer: they are not a fund's.
  const payers = new Map<string, Benefit[]>();
  for (const b of model.benefits) if (b.payer) payers.set(label(b.payer, lang, b.payer.zh), [...(payers.get(label(b.payer, lang, b.payer.zh)) ?? []), b]);
  for (const [payer, benefits] of payers) uses.push({ name: t(lang, 'summary.fund.payer', { payer }), benefits });
  // As the text says it: the funds of the few items are named, the main fund pays “其余各项”.
  if (uses.length === 1) return [uses[0]!.name];
  const main = [...uses].sort((a, b) => b.benefits.length - a.benefits.length)[0];
  return uses.map((u) =>
    t(lang, 'summary.fundUse', {
      fund: u.name,
      items:
        u === main
          ? t(lang, 'summary.fund.rest')
          : enumerate(
              u.benefits.map((b) => {
                const title = t(lang, 'summary.quoted', { text: benefitTitle(b, lang) });
                return u.fund !== undefined && b.fallbackFund === u.fund ? t(lang, 'summary.fund.asFallback', { title }) : title;
              }),
              lang,
            ),
    }),
  );
}

/** The policy's particulars as the summary shows them (also the header row of the 修订对照表). */
export function headerFields(model: Model, lang: Lang): Field[] {
  return headerRows({ model, lang, readings: new Map() });
}

function headerRows(ctx: Ctx): Field[] {
  const { lang } = ctx;
  const h = ctx.model.header;
  const rows: Field[] = [];
  if (lang === 'en' && h.title?.en) rows.push({ name: t(lang, 'summary.field.originalTitle'), value: h.title.zh });
  const notStated = (key: string, name: MessageId) => {
    if (h.notStated?.includes(key)) rows.push({ name: t(lang, name), value: t(lang, 'summary.notStated') });
  };
  notStated('Title', 'summary.field.title');
  if (h.docNumber) rows.push({ name: t(lang, 'summary.field.docNumber'), value: h.docNumber });
  else if (h.docNumberNotStated) rows.push({ name: t(lang, 'summary.field.docNumber'), value: t(lang, 'summary.notStated') });
  if (h.issuers.length) {
    const issuers = h.issuers.map((i) => label(i, lang, i.zh));
    rows.push({ name: t(lang, 'summary.field.issuers'), value: issuers.length === 1 ? issuers[0]! : issuers });
  }
  notStated('Issuers', 'summary.field.issuers');
  if (h.published) rows.push({ name: t(lang, 'summary.field.published'), value: dateText(h.published, lang) });
  notStated('Published', 'summary.field.published');
  if (h.applyBy) rows.push({ name: t(lang, 'summary.field.applyBy'), value: t(lang, 'summary.applyBy', { date: dateText(h.applyBy, lang) }) });
  if (h.effective) rows.push({ name: t(lang, 'summary.field.effective'), value: dateText(h.effective, lang) });
  else if (h.effectiveNotStated) rows.push({ name: t(lang, 'summary.field.effective'), value: t(lang, 'summary.notStated') });
  const validity = validityText(ctx);
  if (validity) rows.push({ name: t(lang, 'summary.field.validity'), value: validity });
  if (h.interpreter) rows.push({ name: t(lang, 'summary.field.interpreter'), value: label(h.interpreter, lang, h.interpreter.zh) });
  notStated('Interpreter', 'summary.field.interpreter');
  const funds = fundUses(ctx);
  if (funds.length) rows.push({ name: t(lang, 'summary.field.funds'), value: funds.length === 1 ? funds[0]! : funds });
  return rows;
}

function policySection(ctx: Ctx, n: number): Block[] {
  const { lang, model } = ctx;
  const rows = headerRows(ctx);
  const fundNotes: Block[] = [...model.funds.values()].flatMap((f) =>
    (ctx.readings.get(anchorKey('fund', f.name)) ?? []).map((text): Block => ({ k: 'note', text: t(lang, 'summary.readingOn', { what: label(f.label, lang, f.name), text }) })),
  );
  return [heading2(ctx, n, t(lang, 'summary.section.policy')), { k: 'fields', rows }, ...notes(ctx, anchorKey('header')), ...fundNotes];
}

function validityText(ctx: Ctx): string | undefined {
  const { lang } = ctx;
  const h = ctx.model.header;
  const end = h.end && dateText(h.end, lang);
  if (h.validityMonths !== undefined && h.effective && end) {
    return t(lang, 'summary.validity.full', { duration: durationText(h.validityMonths, lang, true), from: dateText(h.effective, lang), end });
  }
  if (end) return t(lang, 'summary.validity.until', { end });
  if (h.validityMonths !== undefined) return durationText(h.validityMonths, lang, true);
  if (h.validityNotStated) return t(lang, 'summary.notStated');
  return undefined;
}

function leadText(ctx: Ctx): string | undefined {
  const { lang } = ctx;
  const h = ctx.model.header;
  const effective = h.effective && dateText(h.effective, lang);
  const end = h.end && dateText(h.end, lang);
  let period: string | undefined;
  if (effective && h.validityMonths !== undefined && end) period = t(lang, 'summary.lead.full', { effective, duration: durationText(h.validityMonths, lang, true), end });
  else if (effective && end) period = t(lang, 'summary.lead.until', { effective, end });
  else if (effective && h.validityNotStated) period = t(lang, 'summary.lead.openEnd', { effective });
  else if (effective) period = t(lang, 'summary.lead.from', { effective });
  if (h.docNumber && period) return t(lang, 'summary.lead.doc', { doc: h.docNumber, period });
  return h.docNumber ?? (period && t(lang, 'summary.lead.noDoc', { period }));
}

function paramsSection(ctx: Ctx, n: number): Block[] {
  const { lang, model } = ctx;
  if (model.params.size === 0) return [];
  const items = [...model.params.values()].map((p) => {
    const users = model.benefits.filter((b) => paramsIn(b.amountSource, model).has(p.name) || b.conditions.some((c) => paramsIn(c.source, model).has(p.name)));
    let text = users.length
      ? t(lang, 'summary.param.usedBy', { benefits: enumerate(users.map((b) => quotedTitleWithClause(b, lang)), lang) })
      : t(lang, 'summary.param.unused');
    // 3000元至6000元: the range the text fixes for it.
    const spec = inputSchema(model).params.get(p.name);
    if (spec?.k === 'quantity' && spec.q.range) text += t(lang, 'summary.param.range', { range: spec.q.range[lang] });
    // A catalogue: set per key value, with the ranges the text fixes for some of them.
    if (spec?.k === 'keyed') {
      const keys = enumerate(p.keys!.map((k) => (k.kind === 'text' ? t(lang, 'summary.param.textKey') : label((k.kind === 'level' ? model.levels.get(k.of) : model.enums.get(k.of))?.label, lang, k.of))), lang);
      text += t(lang, 'summary.param.keyed', { keys });
      if (spec.ranges?.length) text += t(lang, 'summary.param.range', { range: enumerate(spec.ranges.map((r) => `${valueDisplay(model, p.keys![r.key]!.kind === 'text' ? undefined : (p.keys![r.key] as Type), r.value, lang)}${lang === 'zh' ? '' : ': '}${r.range[lang]}`), lang) });
    }
    return { term: paramNoun(p, lang), text, notes: ctx.readings.get(anchorKey('param', p.name)) ?? [] };
  });
  const out: Block[] = [heading2(ctx, n, t(lang, 'summary.section.params')), { k: 'para', text: t(lang, 'summary.param.intro') }];
  out.push({ k: 'list', items: items.map(({ term, text }) => ({ term, text })) });
  for (const it of items) for (const text of it.notes) out.push({ k: 'note', text: t(lang, 'summary.readingOn', { what: it.term, text }) });
  return out;
}

function interactionsSection(ctx: Ctx, n: number): Block[] {
  const { lang, model } = ctx;
  const pools = poolLines(ctx);
  if (model.interactions.length === 0 && pools.length === 0) return [];
  const items = model.interactions.map((i) => {
    const list = enumerate(
      i.members.flatMap((m) => {
        const b = model.benefits.find((x) => x.id === m);
        return b ? [quotedTitleWithClause(b, lang)] : [];
      }),
      lang,
    );
    const id =
      i.mode === 'higher-of'
        ? 'summary.interSection.higherOf'
        : i.mode === 'exclusive'
          ? 'summary.interSection.exclusive'
          : i.mode === 'choice'
            ? 'summary.interSection.choice'
            : 'summary.interSection.priority';
    return { text: t(lang, id, { list }) };
  });
  items.unshift(...pools.map((text) => ({ text })));
  const readings = model.interactions.flatMap((_, i) => notes(ctx, anchorKey('interaction', String(i))));
  return [heading2(ctx, n, t(lang, 'summary.section.interactions')), { k: 'list', items }, ...readings];
}

/**
 * The policy's shared caps (header 每年累计不超过 / 累计不超过): over which benefits, how much, over which window; then those of
 * each imported document (its header's, over the benefits it declares).
 */
function poolLines(ctx: Ctx): string[] {
  const { model } = ctx;
  const out = model.header.pool ? headerPoolLines(ctx, model.header) : [];
  for (const d of model.documents) if (d.header.pool) out.push(...headerPoolLines(ctx, d.header, d.header.docNumber ?? d.file.replace(/^.*\//, '')));
  return out;
}

function headerPoolLines(ctx: Ctx, h: Model['header'], doc?: string): string[] {
  const { lang, model } = ctx;
  const pool = h.pool;
  if (!pool) return [];
  const scope = (fund: string | undefined) =>
    doc !== undefined
      ? t(lang, 'summary.pool.document', { doc })
      : fund
        ? t(lang, 'summary.pool.fund', { fund: label(model.funds.get(fund)?.label, lang, fund) })
        : t(lang, 'summary.pool.all');
  // A cap computed from the case is named as the text names it (its facts are those of every benefit it covers).
  const facts = new Map<string, Fact>();
  for (const sub of model.subjects.values()) for (const [k, f] of sub.facts) if (!facts.has(k)) facts.set(k, f);
  const amount = (cap: NonNullable<typeof pool.annual>): string => (cap.cap ? moneyText(cap.cap, lang) : cap.source ? noun(cap.source, { model, lang, facts }) : '');
  const out: string[] = [];
  if (pool.annual) out.push(t(lang, 'summary.pool.annual', { scope: scope(pool.annual.fund), amount: amount(pool.annual) }));
  if (pool.cumulative) {
    const p = pool.period;
    let window: string;
    if (!p) window = doc !== undefined ? t(lang, 'summary.pool.documentInForce', { doc }) : t(lang, 'summary.pool.inForce');
    else if ('rollingMonths' in p) window = t(lang, 'summary.capWindow.rolling', { duration: durationText(p.rollingMonths, lang) });
    else {
      const from = p.from?.k === 'date' ? p.from.iso : (h.effective ?? '');
      let to = p.until ?? h.end ?? '';
      if (p.lengthMonths !== undefined) {
        const byLength = periodEnd(from, p.lengthMonths);
        if (!to || byLength < to) to = byLength;
      }
      window = t(lang, 'summary.capWindow.dates', { from: dateText(from, lang), to: dateText(to, lang) });
    }
    out.push(t(lang, 'summary.pool.cumulative', { scope: scope(pool.cumulative.fund), amount: amount(pool.cumulative), window }));
  }
  return out;
}

function provisionsSection(ctx: Ctx, n: number): Block[] {
  const { lang, model } = ctx;
  if (model.provisions.length === 0) return [];
  const out: Block[] = [heading2(ctx, n, t(lang, 'summary.section.provisions'))];
  const items: { term?: string; text: string }[] = [];
  const pending: Block[] = [];
  for (const p of model.provisions) {
    const title = label(p.label, lang, p.id);
    const term = p.clause ? t(lang, 'summary.titleClause', { title, clause: p.clause }) : title;
    const content = p.content ? t(lang, 'summary.inChinese', { text: p.content }) : p.notStated?.includes('Content') ? t(lang, 'summary.notStated') : t(lang, 'summary.provision.noContent');
    items.push({ term, text: content });
    for (const text of ctx.readings.get(anchorKey('provision', p.id)) ?? []) pending.push({ k: 'note', text: t(lang, 'summary.readingOn', { what: term, text }) });
  }
  out.push({ k: 'list', items }, ...pending);
  return out;
}

/** Readings attached to things the summary does not show on their own (level and enum types), and trailing ones. */
function remainingNotes(ctx: Ctx, n: number): Block[] {
  const { lang, model } = ctx;
  const out: Block[] = [];
  const add = (key: string, what: string) => {
    for (const text of ctx.readings.get(key) ?? []) out.push({ k: 'note', text: what ? t(lang, 'summary.readingOn', { what, text }) : t(lang, 'summary.reading', { text }) });
  };
  for (const l of model.levels.values()) add(anchorKey('levels', l.name), label(l.label, lang, l.name));
  for (const e of model.enums.values()) add(anchorKey('enum', e.name), label(e.label, lang, e.name));
  add(anchorKey('end'), '');
  return out.length ? [heading2(ctx, n, t(lang, 'summary.section.notes')), ...out] : [];
}

export function buildSummary(model: Model, lang: Lang, comments?: readonly Comment[]): SummaryDoc {
  const ctx: Ctx = { model, lang, readings: attachReadings(model, comments ?? []) };
  const title = label(model.header.title, lang, t(lang, 'summary.untitled'));
  const blocks: Block[] = [{ k: 'heading', level: 1, text: title }, { k: 'para', text: t(lang, 'summary.subtitle'), role: 'lead' }];
  const lead = leadText(ctx);
  if (lead) blocks.push({ k: 'para', text: lead, role: 'lead' });
  blocks.push({ k: 'para', text: t(lang, 'summary.disclaimer'), role: 'muted' });
  let n = 0;
  const sections = [subjectsSection, policySection, paramsSection, interactionsSection, provisionsSection, remainingNotes];
  for (const section of sections) {
    const body = section(ctx, n + 1);
    if (body.length) {
      n++;
      blocks.push({ k: 'group', role: 'section', blocks: body });
    }
  }
  return { lang, title, blocks };
}
