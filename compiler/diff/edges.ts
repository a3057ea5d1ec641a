// Edge cases without a population: the smallest subjects whose decision
// differs between two versions. For each benefit the amendment touches (or
// every benefit, around a changed validity), the facts the benefit reads get
// candidate values from their declared types and from both versions' own
// numbers — each threshold and the values next to it, where the amount meets
// a cap, every level, every enum value, yes and no, and "not known" for a
// fact only one version asks about — and every combination is decided by
// both versions with the public evaluate(). Nothing here does IO.
import { evaluate, type Decision } from '../evaluate.ts';
import type { Facts } from '../facts.ts';
import type { Lang } from '../messages.ts';
import { message } from '../messages.ts';
import type { Benefit, Fact, IExpr, Model } from '../model.ts';
import * as R from '../rational.ts';
import { addDays } from '../dates.ts';
import { unitText } from '../units.ts';
import { childrenOf } from '../evaluate.ts';
import { label } from '../summary/phrase.ts';
import { categoryOf, decisionOf, differenceReason, factsFor, outcomeText, type Category } from './compare.ts';
import { linear, normalise } from './canon.ts';
import type { PolicyDiff } from './semantic.ts';

export interface EdgeCase {
  benefit: string;
  clause: string | null;
  title: string;
  subject: string;
  /** The subject type's label in the requested language. */
  subjectTitle: string;
  asOf: string;
  /** The facts as `policy eval --facts` reads them. */
  facts: Record<string, unknown>;
  category: Category;
  before: string;
  after: string;
  /** The condition or cap that made the difference. */
  reason: string;
  /** “本年度自主认定技能人才人次 49人次，…：不符合 → 29500元” */
  text: string;
}

export interface EdgeOptions {
  lang?: Lang;
  /** At most this many cases per benefit (the smallest first). */
  perBenefit?: number;
  /** The as-of date inside both versions (default: the later 施行日期); an amendment passes its own. */
  at?: string;
  /** Combinations tried per benefit and subject before falling back to one fact at a time. */
  maxCombinations?: number;
}

/** A candidate value: the JSON a 政策计算器 would send, or undefined for “not known”. */
type Candidate = unknown;

function factNames(e: IExpr | undefined, facts: Map<string, Fact>, out: Set<string>) {
  if (!e) return;
  if (e.k === 'fact' || e.k === 'lookup' || e.k === 'dot') {
    const name = e.k === 'fact' ? e.name : e.fact;
    const f = facts.get(name);
    // A derived fact is computed: its inputs are what a subject supplies.
    if (f?.derived) factNames(f.derived, facts, out);
    else out.add(name);
  }
  for (const c of childrenOf(e)) factNames(c, facts, out);
}

function benefitFacts(b: Benefit, facts: Map<string, Fact>): Set<string> {
  const out = new Set<string>();
  for (const c of b.conditions) factNames(c.expr, facts, out);
  factNames(b.amount, facts, out);
  if (b.outcome?.kind === 'equivalence') factNames(b.outcome.expr, facts, out);
  factNames(b.period?.from, facts, out);
  factNames(b.timesPerYear, facts, out);
  for (const k of [...(b.oncePer ?? []), ...(b.oncePerYear ?? [])].flat()) out.add(k.fact);
  return out;
}

/** Constants a fact is compared with, anywhere in a benefit. */
function thresholds(e: IExpr | undefined, fact: string, out: R.Rat[]) {
  if (!e) return;
  const n = normalise(e);
  if (n.k === 'cmp') {
    const lin = linear(n.l);
    if (lin && lin.size <= 2 && lin.has(`f:${fact}`) && n.r.k === 'num') {
      // k × fact + m ⋚ c  →  fact = (c − m) / k
      const k = lin.get(`f:${fact}`)!;
      const m = lin.get('#') ?? R.ZERO;
      if (lin.size === 1 || lin.has('#')) out.push(R.div(R.sub(n.r.value, m), k));
    }
  }
  for (const c of childrenOf(n)) thresholds(c, fact, out);
}

/** Where the amount, linear in one fact, meets a cap. */
function capPoints(b: Benefit, fact: string, out: R.Rat[]) {
  if (!b.amount) return;
  const lin = linear(b.amount);
  if (!lin || !lin.has(`f:${fact}`)) return;
  if ([...lin.keys()].some((k) => k !== '#' && k !== `f:${fact}`)) return;
  const k = lin.get(`f:${fact}`)!;
  const m = lin.get('#') ?? R.ZERO;
  for (const cap of [b.ceiling, b.annualCap]) if (cap) out.push(R.div(R.sub(cap, m), k));
}

const ratJson = (r: R.Rat): string | number => (r.d === 1n && r.n <= BigInt(Number.MAX_SAFE_INTEGER) && r.n >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(r.n) : R.fenToString(R.roundTo(r, 100n, 'half-up')));

function quantityCandidates(points: R.Rat[], money: boolean): Candidate[] {
  const set = new Map<string, R.Rat>();
  const add = (r: R.Rat) => {
    if (r.n < 0n) return;
    set.set(`${r.n}/${r.d}`, r);
  };
  add(R.ZERO);
  // The smallest positive amount or count: the first subject a new rule reaches.
  add(R.ONE);
  const step = money ? R.rat(1n, 100n) : R.ONE;
  for (const p of points) {
    // A fractional point: the whole numbers on either side.
    const lo = R.rat(p.n >= 0n ? p.n / p.d : -((-p.n + p.d - 1n) / p.d));
    const base = money ? R.rat(R.roundTo(p, 100n, 'down'), 100n) : lo;
    for (const r of [R.sub(base, step), base, R.add(base, step), R.add(base, R.add(step, step))]) if (money || r.d === 1n) add(r);
  }
  return [...set.values()].sort(R.cmp).map(ratJson);
}

export function candidatesFor(fact: string, models: Model[], subject: string, benefits: Benefit[]): Candidate[] {
  const decl = models.map((m) => m.subjects.get(subject)?.facts.get(fact)).find((f) => f);
  if (!decl) return [undefined];
  const inBoth = models.every((m) => m.subjects.get(subject)?.facts.has(fact));
  const out: Candidate[] = [];
  const t = decl.type;
  switch (t.kind) {
    case 'bool':
      out.push(true, false);
      break;
    case 'level': {
      const names = new Set<string>();
      for (const m of models) for (const l of m.levels.get(t.of)?.levels ?? []) names.add(l.name);
      out.push(...names);
      break;
    }
    case 'enum': {
      const names = new Set<string>();
      for (const m of models) for (const v of m.enums.get(t.of)?.values ?? []) names.add(v.name);
      out.push(...names);
      break;
    }
    case 'quantity': {
      const points: R.Rat[] = [];
      for (const b of benefits) {
        for (const c of b.conditions) thresholds(c.expr, fact, points);
        capPoints(b, fact, points);
        if (b.amount && b.amount.k === 'fact' && b.amount.name === fact) for (const cap of [b.ceiling, b.annualCap]) if (cap) points.push(cap);
      }
      // A place (名) starts at 1.
      out.push(...quantityCandidates(points, 'yuan' in t.unit).filter((v) => !('rank' in t.unit) || Number(v) >= 1));
      // A count compared with nothing still needs a positive value.
      if (out.length === 1) out.push(1, 10);
      break;
    }
    case 'perLevel': {
      const levels = new Set<string>();
      for (const m of models) for (const l of m.levels.get(t.of)?.levels ?? []) levels.add(l.name);
      out.push({});
      for (const l of levels) out.push({ [l]: 1 });
      out.push(Object.fromEntries([...levels].map((l) => [l, 10])));
      break;
    }
    case 'date':
      // Filled in per as-of date (see datesFor).
      out.push('');
      break;
    default:
      out.push(undefined);
  }
  // A fact only one version asks about: leaving it out shows who becomes undetermined.
  if (!inBoth) out.push(undefined);
  return out;
}

/** Dates a period's start can take around an as-of date: the edges of each version's period. */
function periodStarts(asOf: string, benefits: Benefit[]): string[] {
  const out = new Set<string>([asOf, addDays(asOf, 1)]);
  for (const b of benefits) {
    const months = b.period?.lengthMonths;
    if (months === undefined) continue;
    const y = Number(asOf.slice(0, 4));
    const m = Number(asOf.slice(5, 7)) - 1 - months;
    const yy = y + Math.floor(m / 12);
    const mm = ((m % 12) + 12) % 12;
    const start = `${String(yy).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}-${asOf.slice(8, 10)}`;
    out.add(start);
    out.add(addDays(start, 1));
    out.add(addDays(start, -1));
  }
  return [...out].filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d))).sort();
}

/** As-of dates: one inside both texts' validity, and each day only one version is in force. */
function datesFor(a: Model, b: Model, at?: string): string[] {
  const out = new Set<string>();
  const eff = [a.header.effective, b.header.effective].filter((x): x is string => !!x).sort();
  const start = at ?? eff[eff.length - 1] ?? '2025-01-01';
  out.add(start);
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    if (x.header.end && (!y.header.end || y.header.end > x.header.end)) out.add(addDays(x.header.end, 1));
    if (x.header.effective && y.header.effective && x.header.effective < y.header.effective) out.add(x.header.effective);
  }
  return [...out].sort();
}

function* product(lists: Candidate[][]): Generator<Candidate[]> {
  const idx = lists.map(() => 0);
  if (lists.some((l) => l.length === 0)) return;
  for (;;) {
    yield idx.map((i, k) => lists[k]![i]);
    let k = lists.length - 1;
    while (k >= 0) {
      idx[k]!++;
      if (idx[k]! < lists[k]!.length) break;
      idx[k] = 0;
      k--;
    }
    if (k < 0) return;
  }
}

function factsText(model: Model, subject: string, facts: Record<string, unknown>, lang: Lang): string {
  const s = model.subjects.get(subject);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(facts)) {
    const f = s?.facts.get(k);
    // zh: the officer's own name for the fact; en: its English label.
    const name = lang === 'zh' ? k : label(f?.label, 'en', k).replace(/\?\s*$/, '');
    let value: string;
    if (v === undefined) value = message('diff.edge.unknown', lang);
    else if (typeof v === 'boolean') value = message(v ? 'summary.yes' : 'summary.no', lang);
    else if (typeof v === 'object') value = Object.entries(v as Record<string, number>).map(([l, n]) => `${l}${lang === 'zh' ? '' : ' '}${n}`).join(message('summary.listSep', lang)) || message('diff.edge.none', lang);
    else if (f?.type.kind === 'quantity') value = lang === 'zh' ? `${v}${unitWord(f, lang)}` : `${v} ${unitWord(f, lang)}`;
    else if (f?.type.kind === 'enum') {
      const of = f.type.of;
      const ev = model.enums.get(of)?.values.find((x) => x.name === v);
      value = label(ev?.label, lang, String(v));
    } else value = String(v);
    parts.push(message('diff.edge.pair', lang, { k: name, v: value }));
  }
  return parts.join(message('diff.edge.sep', lang)) || message('diff.edge.none', lang);
}

function unitWord(f: Fact, lang: Lang): string {
  return f.type.kind === 'quantity' ? unitText(f.type.unit, lang) : '';
}

/** The smallest subjects whose decision differs between the versions, benefit by benefit. */
export function findEdgeCases(a: Model, b: Model, diff: PolicyDiff, opts: EdgeOptions = {}): EdgeCase[] {
  const lang = opts.lang ?? diff.lang;
  const perBenefit = opts.perBenefit ?? 12;
  const maxCombinations = opts.maxCombinations ?? 4000;
  const datesChanged = diff.header.some((c) => c.field === 'header.validity' || c.field === 'header.effective');
  const touched = new Set(diff.clauses.filter((c) => c.kind === 'benefit' && c.status !== 'unchanged').map((c) => c.id));
  // A changed declaration (a new enum value, a fact's type) can move any benefit that reads it.
  const declarationsChanged = diff.declarations.length > 0 || diff.interactions.length > 0;
  const ids = [...new Set([...b.benefits.map((x) => x.id), ...a.benefits.map((x) => x.id)])].filter((id) => touched.has(id) || datesChanged || declarationsChanged);
  const dates = datesFor(a, b, opts.at);
  const out: EdgeCase[] = [];
  // A decision is of the whole model (benefits interact: 互斥, 从高, shared caps), so it is worked out once per
  // model, subject, date and facts and read for every benefit: the search tries the same facts for each benefit
  // that reads them, and evaluating the model per benefit and try made a diff of 2,000 changed benefits quadratic
  // (400: 10 s, 2,000: minutes).
  const decisions = new Map<string, Decision>();
  const decisionFor = (m: Model, side: string, subject: string, facts: Facts, asOf: string): Decision => {
    const key = `${side}|${subject}|${asOf}|${JSON.stringify([...facts], factKey)}`;
    let d = decisions.get(key);
    if (!d) {
      if (decisions.size >= 100_000) decisions.clear();
      decisions.set(key, (d = evaluate(m, subject, facts, { asOf, lang })));
    }
    return d;
  };
  for (const id of ids) {
    const ba = a.benefits.find((x) => x.id === id);
    const bb = b.benefits.find((x) => x.id === id);
    const versions = [ba, bb].filter((x): x is Benefit => !!x);
    const subjects = [...new Set(versions.flatMap((x) => x.subjects))];
    // Around a changed validity an untouched benefit needs one example, not a dozen.
    const limit = touched.has(id) || declarationsChanged ? perBenefit : Math.min(perBenefit, 2);
    const found: EdgeCase[] = [];
    const seen = new Set<string>();
    for (const subject of subjects) {
      const allFacts = new Map<string, Fact>();
      for (const m of [a, b]) for (const [k, f] of m.subjects.get(subject)?.facts ?? []) if (!allFacts.has(k)) allFacts.set(k, f);
      const names = [...new Set(versions.flatMap((v) => [...benefitFacts(v, allFacts)]))].filter((n) => allFacts.has(n));
      const lists = names.map((n) => candidatesFor(n, [a, b], subject, versions));
      for (const asOf of datesChanged ? dates : [dates[0]!]) {
        const dateLists = lists.map((l, i) => (allFacts.get(names[i]!)?.type.kind === 'date' ? periodStarts(asOf, versions) : l));
        const size = dateLists.reduce((n, l) => n * l.length, 1);
        const combos: Candidate[][] = size <= maxCombinations ? [...product(dateLists)] : oneAtATime(dateLists);
        for (const values of combos) {
          if (found.length >= limit * 8) break;
          const facts: Record<string, unknown> = {};
          names.forEach((n, i) => {
            if (values[i] !== undefined) facts[n] = values[i];
          });
          const fa = factsFor(a, subject, facts);
          const fb = factsFor(b, subject, facts);
          if (!fa.ok || !fb.ok) continue;
          const da = decisionOf(decisionFor(a, 'a', subject, fa.facts, asOf), id);
          const db = decisionOf(decisionFor(b, 'b', subject, fb.facts, asOf), id);
          const category = categoryOf(da, db);
          if (category === 'same') continue;
          const before = outcomeText(da, lang, false);
          const after = outcomeText(db, lang, !!ba && !bb);
          const key = `${subject}|${asOf}|${before}|${after}`;
          // One case per transition: the first found is the smallest (candidates ascend).
          if (seen.has(key)) continue;
          seen.add(key);
          const shown = Object.fromEntries(names.map((n, i) => [n, values[i]]));
          const text = message('diff.edge.case', lang, {
            facts: factsText(b.subjects.has(subject) ? b : a, subject, shown, lang),
            before,
            after,
          });
          found.push({
            benefit: id,
            clause: (bb ?? ba)!.clause ?? null,
            title: label((bb ?? ba)!.label, lang, id),
            subject,
            subjectTitle: label((b.subjects.get(subject) ?? a.subjects.get(subject))?.label, lang, subject),
            asOf,
            facts,
            category,
            before,
            after,
            reason: differenceReason(da, db, lang),
            text,
          });
        }
      }
    }
    out.push(...found.slice(0, limit));
  }
  return out;
}

/** JSON of fact values as a key: bigints (rationals) and per-level maps (Map, which JSON writes as {}) spelled out. */
function factKey(_: string, v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Map) return { map: [...v] };
  if (v instanceof Set) return { set: [...v] };
  return v;
}

/** Too many combinations: vary one fact at a time around the first value of each. */
function oneAtATime(lists: Candidate[][]): Candidate[][] {
  const base = lists.map((l) => l[0]);
  const out: Candidate[][] = [base];
  lists.forEach((l, i) => {
    for (const v of l.slice(1)) out.push(base.map((x, k) => (k === i ? v : x)));
  });
  return out;
}
