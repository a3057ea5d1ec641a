// Two decisions of one benefit, before and after an amendment: which way the
// subject moved, and the reason that made the difference. Used by the edge
// case search and the population impact. Nothing here does IO.
import type { BenefitDecision, Decision } from '../evaluate.ts';
import { validateFacts, validateLedger, type LedgerEntry } from '../facts.ts';
import type { Facts } from '../facts.ts';
import { message, type Lang } from '../messages.ts';
import type { Model } from '../model.ts';
import { parseDecimal, roundTo } from '../rational.ts';

export type Category = 'became-eligible' | 'stopped' | 'more' | 'less' | 'became-undetermined' | 'became-determined' | 'same';
export const CATEGORIES: Category[] = ['became-eligible', 'stopped', 'more', 'less', 'became-undetermined', 'became-determined'];

export const fenOf = (amount: string | null | undefined): bigint => (amount ? roundTo(parseDecimal(amount)!, 100n, 'half-up') : 0n);

/** A benefit the text no longer has (repealed) decides as not eligible. */
export function decisionOf(d: Decision, id: string): BenefitDecision | undefined {
  return d.benefits.find((b) => b.id === id);
}

export function categoryOf(a: BenefitDecision | undefined, b: BenefitDecision | undefined): Category {
  const sa = a?.status ?? 'ineligible';
  const sb = b?.status ?? 'ineligible';
  if (sa !== 'undetermined' && sb === 'undetermined') return 'became-undetermined';
  if (sa === 'undetermined' && sb !== 'undetermined') return 'became-determined';
  if (sa === 'undetermined') return 'same';
  if (sa !== 'eligible' && sb === 'eligible') return 'became-eligible';
  if (sa === 'eligible' && sb !== 'eligible') return 'stopped';
  if (sa === 'eligible') {
    const x = fenOf(a?.amount);
    const y = fenOf(b?.amount);
    if (y > x) return 'more';
    if (y < x) return 'less';
    // Same amount, another outcome (a designation or equivalence changed).
    if ((a?.outcome ?? '') !== (b?.outcome ?? '')) return 'more';
  }
  return 'same';
}

/** The decision in a few words: 29500元, 不符合, 待定. */
export function outcomeText(d: BenefitDecision | undefined, lang: Lang, repealed: boolean): string {
  if (!d) return message(repealed ? 'diff.outcome.repealed' : 'status.ineligible', lang);
  if (d.status === 'eligible') {
    if (d.amount) return message('summary.money', lang, { amount: d.amount.replace(/\.00$/, '') });
    if (d.outcome) return d.outcome;
    return message('status.eligible', lang);
  }
  return message(d.status === 'ineligible' ? 'status.ineligible' : 'status.undetermined', lang);
}

/** The reasons one decision gives and the other does not: the condition that made the difference. */
export function differenceReason(a: BenefitDecision | undefined, b: BenefitDecision | undefined, lang: Lang): string {
  const ra = new Set((a?.reasons ?? []).map((r) => r.message));
  const rb = new Set((b?.reasons ?? []).map((r) => r.message));
  const onlyA = [...ra].filter((x) => !rb.has(x));
  const onlyB = [...rb].filter((x) => !ra.has(x));
  const sep = message('summary.clauseSep', lang);
  if (!b) return message('diff.outcome.repealed', lang);
  if (!a) return message('diff.outcome.new', lang);
  const parts: string[] = [];
  if (onlyA.length) parts.push(message('diff.reason.before', lang, { reasons: onlyA.join(sep) }));
  if (onlyB.length) parts.push(message('diff.reason.after', lang, { reasons: onlyB.join(sep) }));
  if (!parts.length && a.ceiling !== b.ceiling) {
    const cut = (d: BenefitDecision) => (d.ceiling ? message('cli.ceiling', lang, { ceiling: d.ceiling }) : message('diff.reason.uncut', lang));
    parts.push(message('diff.reason.before', lang, { reasons: cut(a) }), message('diff.reason.after', lang, { reasons: cut(b) }));
  }
  if (!parts.length && fenOf(a.amount) !== fenOf(b.amount)) parts.push(message('diff.reason.amount', lang));
  return parts.join(sep);
}

/** Facts (JSON, as `policy eval` reads them) validated for one version: facts the version does not know are left out. */
export function factsFor(model: Model, subject: string, raw: Record<string, unknown>): { ok: true; facts: Facts } | { ok: false; errors: string[] } {
  const s = model.subjects.get(subject);
  if (!s) return { ok: true, facts: new Map() };
  const known: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (s.facts.has(k) && !s.facts.get(k)!.derived) known[k] = v;
  const r = validateFacts(model, subject, known);
  return r.ok ? r : { ok: false, errors: r.errors.map((e) => `${e.code} ${e.field}`) };
}

/**
 * A ledger validated for one version: payments of a benefit the other version
 * has but this one does not (repealed, or new) are left out; a benefit neither
 * version has is an error, never dropped.
 */
export function ledgerFor(model: Model, other: Model, raw: unknown[]): LedgerEntry[] | string[] {
  const ids = new Set(model.benefits.map((b) => b.id));
  const otherOnly = new Set(other.benefits.map((b) => b.id).filter((id) => !ids.has(id)));
  const r = validateLedger(
    model,
    raw.filter((e) => !(typeof e === 'object' && e !== null && otherOnly.has((e as { benefit?: string }).benefit ?? ''))),
  );
  return r.ok ? r.ledger : r.errors.map((e) => `${e.code} ${e.field}`);
}
