// Lowering: the checked model (compiler/model.ts) → the decision IR (./types.ts). This is the one place that
// says in which order a benefit's decision steps run; the reference evaluator interprets the result and
// every other backend translates it.
import { documentBenefits, poolMembers, type Benefit, type CapPeriod, type Header, type Model, type PoolSlot } from '../model.ts';
import { frequencyCode, keyFacts, OPEN_END, OPEN_START, paymentWindow, type KeyFact, type LedgerRead } from '../ledger.ts';
import { periodEnd } from '../dates.ts';
import { roundTo, type Rat } from '../rational.ts';
import type { BenefitPlan, DecisionProgram, ExclusionGroup, PoolScope, Step } from './types.ts';

const lowered = new WeakMap<Model, DecisionProgram>();

/** The decision IR of a model (computed once per model). */
export function lowerPolicy(model: Model): DecisionProgram {
  let p = lowered.get(model);
  if (!p) lowered.set(model, (p = lowerUncached(model)));
  return p;
}

function lowerUncached(model: Model): DecisionProgram {
  const { effective, end } = model.header;
  const validity = { ...(effective && { effective }), ...(end && { end }) };
  return {
    validity,
    benefits: model.benefits.map((b) => lowerBenefit(b, validity, pools(model), alternatives(model, b), documentPools(model, b.file))),
    groups: model.interactions.map(
      (g): ExclusionGroup => ({ mode: g.mode, members: [...g.members], code: g.mode === 'higher-of' ? 'P4007' : g.mode === 'exclusive' ? 'P4008' : g.mode === 'choice' ? 'P4063' : 'P4009' }),
    ),
  };
}

/** The policy's shared caps (header 每年累计不超过 / 累计不超过) and the benefits each adds up. */
interface Pools {
  /** `fen` null: computed from the case (each member's `poolCaps`). */
  annual?: { fen: bigint | null; members: string[]; scope: PoolScope };
  cumulative?: { fen: bigint | null; members: string[]; scope: PoolScope; window: Pick<LedgerRead, 'window' | 'months' | 'from' | 'to'> };
  /** A document's shared caps (an imported file's header): the document, as its reasons name it (its 文号, else its file). */
  doc?: string;
}

/**
 * 自行选择: the other members of the choice groups `b` is in, and the 限一次 key facts all of them share (“同一项目”: a payment
 * of another alternative for the same key; none shared: any payment of another alternative).
 */
function alternatives(model: Model, b: Benefit): { others: string[]; keys: KeyFact[] } | undefined {
  const others: string[] = [];
  for (const g of model.interactions) if (g.mode === 'choice' && g.members.includes(b.id)) for (const m of g.members) if (m !== b.id && !others.includes(m)) others.push(m);
  if (others.length === 0) return undefined;
  const keyOf = (x: Benefit | undefined) => (x?.oncePer ?? []).flat().map((k) => k.fact);
  const mine = keyOf(b);
  const shared = mine.filter((f, i) => mine.indexOf(f) === i && others.every((o) => keyOf(model.benefits.find((x) => x.id === o)).includes(f)));
  return { others, keys: shared.map((fact) => ({ fact, orAbove: false })) };
}

const docPools = new WeakMap<Model, Map<string, Pools>>();

function pools(model: Model, header: Header = model.header, benefits: readonly Benefit[] = model.benefits, doc?: string): Pools {
  const pool: Header['pool'] = header.pool;
  const out: Pools = doc === undefined ? {} : { doc };
  const { effective, end } = header;
  const scope = (fund: string | undefined): PoolScope => (doc !== undefined ? 'document' : fund ? 'fund' : 'all');
  if (pool?.annual) out.annual = { fen: pool.annual.cap ? fen(pool.annual.cap) : null, members: poolMembers(benefits, pool.annual), scope: scope(pool.annual.fund) };
  if (pool?.cumulative)
    out.cumulative = {
      fen: pool.cumulative.cap ? fen(pool.cumulative.cap) : null,
      members: poolMembers(benefits, pool.cumulative),
      scope: scope(pool.cumulative.fund),
      window: capWindow(pool.period, { ...(effective && { effective }), ...(end && { end }) }, true),
    };
  return out;
}

/** The shared caps of the imported document that declares a benefit (its file's header), if it states any. */
function documentPools(model: Model, file: string | undefined): Pools | undefined {
  if (file === undefined) return undefined;
  let m = docPools.get(model);
  if (!m) {
    docPools.set(model, (m = new Map()));
    for (const d of model.documents)
      if (d.header.pool) m.set(d.file, pools(model, d.header, documentBenefits(model, d.file), d.header.docNumber ?? d.file.replace(/^.*\//, '')));
  }
  return m.get(file);
}

/** Money in the IR is integer fen (a 最高 / 每年累计不超过 stated in yuan, rounded half up to the fen). */
const fen = (r: Rat): bigint => roundTo(r, 100n, 'half-up');

/** The window of a cumulative cap: the days in force, the months up to the as-of date, or fixed dates. */
function capWindow(p: CapPeriod | undefined, validity: DecisionProgram['validity'], whole = false): Pick<LedgerRead, 'window' | 'months' | 'from' | 'to'> {
  // The policy's shared cap without 累计期间: the policy's whole period (not one benefit's days in force).
  if (!p && whole) return { window: 'dates', from: validity.effective ?? OPEN_START, to: validity.end ?? OPEN_END };
  if (!p) return { window: 'in-force' };
  if ('rollingMonths' in p) return { window: 'rolling', months: p.rollingMonths };
  const from = p.from?.k === 'date' ? p.from.iso : (validity.effective ?? OPEN_START);
  let to = p.until ?? OPEN_END;
  if (p.lengthMonths !== undefined) {
    const byLength = periodEnd(from, p.lengthMonths);
    if (byLength < to) to = byLength;
  }
  return { window: 'dates', from, to };
}

export function lowerBenefit(b: Benefit, validity: DecisionProgram['validity'], pool: Pools = {}, choice?: { others: string[]; keys: KeyFact[] }, docPool?: Pools): BenefitPlan {
  const steps: Step[] = [{ k: 'subject', subjects: [...b.subjects] }];
  // 退还: decided beside the decision, whatever it is (a benefit no longer in force or no longer met still has its payments returned).
  const cb = b.clawback;
  if (cb)
    steps.push({
      k: 'clawback',
      index: b.conditions.length,
      when: cb.when,
      source: cb.source,
      share: cb.share ? { n: cb.share.n, d: cb.share.d } : null,
      fen: cb.amount ? fen(cb.amount) : null,
      clause: b.clause ?? b.id,
      read: { agg: 'sum', window: 'all', match: null },
    });
  // 分期 (a grant over the days in force: 一次性 / 每次): the 有效期 bounds new grants; a grant whose first payment fell inside
  // it keeps its instalments falling due after the end — `grant` reads its payments within the days in force (P4124).
  const grantKeys = keyFacts({ oncePer: b.oncePer ?? null, oncePerYear: b.oncePerYear ?? null });
  const continues = b.instalments && validity.end && paymentWindow(b.payment ?? null) === 'in-force';
  const madeInForce: LedgerRead | undefined = continues
    ? { agg: 'sum', window: 'dates', from: validity.effective ?? OPEN_START, to: validity.end!, match: grantKeys.length ? { mode: 'exact', keys: grantKeys } : null }
    : undefined;
  steps.push({ k: 'validity', ...validity, ...(madeInForce && { grant: madeInForce }) });
  if (b.period)
    steps.push({
      k: 'period',
      ...(b.period.from && { from: b.period.from }),
      ...(b.period.lengthMonths !== undefined && { lengthMonths: b.period.lengthMonths }),
      ...(b.period.until && { until: b.period.until }),
    });
  b.conditions.forEach((c, index) => steps.push({ k: 'condition', index, expr: c.expr, source: c.source, ...(c.soft && { soft: c.soft }) }));
  steps.push({ k: 'fail-if-failed' }, { k: 'stop-if-division' });
  // 转按: a case referred to another policy is decided here as referred, before the ledger and the amount.
  const rf = b.referral;
  if (rf)
    steps.push({
      k: 'referral',
      doc: rf.doc.en !== undefined ? { zh: rf.doc.zh, en: rf.doc.en } : { zh: rf.doc.zh },
      index: b.conditions.length + (b.clawback ? 1 : 0) + 2 * (b.treatedAs?.length ?? 0),
      when: rf.when ?? null,
      source: rf.whenSource ?? null,
    });

  // The ledger: 每年限次, the key facts, 限一次 / 每年限一次, then the payment frequency (compiler/ledger.ts).
  const rules = { oncePer: b.oncePer ?? null, oncePerYear: b.oncePerYear ?? null };
  const keys = keyFacts(rules);
  const known: Step[] = [];
  // 合并计算: the payments of these benefits count as this one's for its limits.
  const counted = b.countedWith?.length ? { with: [...b.countedWith] } : {};
  // 分期: the instalments of one grant are several payments of one total; the instalment step settles them against
  // the ledger instead of 限一次 / 每年限一次 and the payment frequency.
  const staged = !!b.instalments;
  if (b.timesPerYear) known.push({ k: 'times-limit', expr: b.timesPerYear });
  if (b.maxDuration) known.push({ k: 'months-limit', expr: b.maxDuration });
  if (keys.length) known.push({ k: 'key-facts', facts: keys.map((k) => k.fact) });
  if (b.timesPerYear) known.push({ k: 'quota', rule: 'times-per-year', keys: [], read: { agg: 'count', window: 'year', match: null, ...counted } });
  // 最长享受 of a per-occasion benefit counts the payments with the same value of its key fact (one a month).
  const perKey = b.maxDurationKey ? { mode: 'exact' as const, keys: [{ fact: b.maxDurationKey, orAbove: false }] } : null;
  if (b.maxDuration) known.push({ k: 'quota', rule: 'months', keys: [], read: { agg: 'count', window: 'all', match: perKey, ...counted } });
  // 限一次 / 每年限一次: one quota step per key, each checked against the ledger on its own.
  if (!staged) for (const k of b.oncePer ?? []) if (k.length) known.push({ k: 'quota', rule: 'once', keys: k, read: { agg: 'latest', window: 'all', match: { mode: 'quota', keys: k } } });
  if (!staged)
    for (const k of b.oncePerYear ?? []) if (k.length) known.push({ k: 'quota', rule: 'once-per-year', keys: k, read: { agg: 'latest', window: 'year', match: { mode: 'quota', keys: k } } });
  // 限一次：N年内: a payment whose N years are not over by the as-of date (for the same key; with none, any payment) refuses.
  if (!staged)
    for (const w of b.oncePerWithin ?? [])
      known.push({ k: 'quota', rule: 'once-within', keys: w.keys, read: { agg: 'latest', window: 'within', months: w.months, match: w.keys.length ? { mode: 'quota', keys: w.keys } : null } });
  // 每年最多 / 最多: the distinct values of the key facts paid in the window (the subject's own is not a new one). 分期: a
  // later instalment of a grant already paid in part (the instalment step's read) is no new one either — the quota counts
  // grants, and the remainder of a project granted last year is not this year's project.
  const grant: LedgerRead | undefined = staged ? { agg: 'latest', window: paymentWindow(b.payment ?? null), match: keys.length ? { mode: 'exact', keys } : null } : undefined;
  for (const d of b.distinct ?? [])
    known.push({ k: 'quota', rule: d.perYear ? 'distinct-per-year' : 'distinct', keys: d.keys, limit: d.limit, ...(d.unit && { unit: { zh: d.unit, en: d.unitEn ?? d.unit } }), read: { agg: 'latest', window: d.perYear ? 'year' : 'all', match: null }, ...(grant && { grant }) });
  // 自行选择: once another alternative of the group was paid (for the same key facts they share), this one is not payable.
  if (choice) {
    known.push({ k: 'quota', rule: 'chosen', keys: choice.keys, read: { agg: 'latest', window: 'all', match: choice.keys.length ? { mode: 'exact', keys: choice.keys } : null, others: choice.others } });
  }
  // 每档一次: the brackets paid are read from the ledger (each entry's key is the value it was paid for).
  const pb = b.perBracket;
  if (pb) {
    if (!keys.some((k) => k.fact === pb.fact)) {
      const i = known.findIndex((s) => s.k === 'key-facts');
      if (i >= 0) known[i] = { k: 'key-facts', facts: [...(known[i] as { facts: string[] }).facts, pb.fact] };
      else known.push({ k: 'key-facts', facts: [pb.fact] });
    }
    known.push({ k: 'bracket-quota', fact: pb.fact, bounds: pb.bounds.map((x) => ({ low: { n: x.low.n, d: x.low.d }, incl: x.incl })), read: { agg: 'latest', window: 'all', match: null } });
  }
  // A cap per key (累计不超过：1000万元，项目编号；), 限一次：N年内 and 每年最多 / 最多: their key facts must be known too (a missing
  // one leaves the decision undetermined, P4012 naming it), and their reads match them.
  const capKeys = [
    ...(staged ? [] : (b.oncePerWithin ?? []).flatMap((w) => w.keys)),
    ...(b.distinct ?? []).flatMap((d) => d.keys),
    ...(b.amount ? (b.capKeys?.['annual-cap'] ?? []) : []),
    ...(b.amount ? (b.capKeys?.['cumulative-cap'] ?? []) : []),
  ];
  const ownKeys = known.find((s): s is Extract<Step, { k: 'key-facts' }> => s.k === 'key-facts');
  const extra = capKeys.map((k) => k.fact).filter((f, i, all) => all.indexOf(f) === i && !ownKeys?.facts.includes(f));
  if (extra.length) {
    if (ownKeys) ownKeys.facts.push(...extra);
    else known.splice(known.findIndex((s) => s.k === 'quota' || s.k === 'bracket-quota' || s.k === 'frequency' || s.k === 'repeat-unstated') >>> 0, 0, { k: 'key-facts', facts: extra });
  }
  const capMatch = (of: 'annual-cap' | 'cumulative-cap') => {
    const ks = b.capKeys?.[of];
    return ks?.length ? { mode: 'exact' as const, keys: ks } : null;
  };
  const exact = keys.length ? { mode: 'exact' as const, keys } : null;
  // 补差: a later payment tops up to the standard now reached (the top-up step), so the frequency does not refuse it.
  if (!b.runningTotal && !staged && !b.topUp && b.payment && b.payment !== 'per-occasion')
    known.push({
      k: 'frequency',
      payment: b.payment,
      keys,
      code: frequencyCode(b.payment, keys.length > 0),
      read: { agg: 'latest', window: paymentWindow(b.payment), match: exact },
    });
  if (b.repeatNotStated) known.push({ k: 'repeat-unstated', read: { agg: 'latest', window: 'all', match: null } });
  if (known.length) steps.push({ k: 'if-known', steps: known });

  const rv = b.reviewed;
  if (b.amount && rv) {
    // 核定: the range the text states, its top narrowed by a constant 最高 (“最高不超过X万元，具体金额由评审核定”).
    const declared = rv.high ? fen(rv.high) : null;
    const cap = b.ceiling && !rv.computed ? fen(b.ceiling) : null;
    const high = declared !== null && cap !== null ? (cap < declared ? cap : declared) : (declared ?? cap);
    steps.push({ k: 'reviewed', fact: rv.fact, expr: b.amount, low: rv.low ? fen(rv.low) : null, high, ...(rv.computed && { computed: true as const }) });
  } else if (b.amount) steps.push({ k: 'value', of: 'amount', expr: b.amount });
  if (b.amount && pb?.mode === 'each') steps.push({ k: 'bracket-sum', values: [...pb.values] });
  // 分段累进: each band's part, for the reasons (P4093).
  const bd = b.bands;
  if (b.amount && bd && !rv && !pb)
    steps.push({ k: 'bands', bands: { by: bd.by, labels: bd.parts.map((p) => p.label), partUnit: bd.partUnit, valueUnit: bd.valueUnit }, parts: bd.parts.map((p) => ({ part: p.part, value: p.value })) });
  if (b.outcome?.kind === 'equivalence') steps.push({ k: 'value', of: 'outcome', expr: b.outcome.expr });
  // Caps computed from the case: their facts are needed like the amount's.
  const caseCaps = b.amount ? (b.caseCaps ?? {}) : {};
  for (const of of ['ceiling', 'annual-cap', 'cumulative-cap'] as const) {
    const cap = caseCaps[of];
    if (cap) steps.push({ k: 'value', of, expr: cap.expr });
  }
  const stages = b.instalments && !b.instalments.notStated ? b.instalments.stages : null;
  // 分N年发放 with the yearly amount the text states: its facts are needed like the amount's.
  const yearly = b.instalments && !b.instalments.notStated ? b.instalments.yearly : undefined;
  if (b.amount && yearly?.amount) steps.push({ k: 'value', of: 'yearly', expr: yearly.amount });
  if (stages?.some((x) => x.when)) steps.push({ k: 'instalments-due', when: stages.map((x) => x.when ?? null) });
  steps.push({ k: 'stop-if-missing' }, { k: 'eligible', ...(b.outcome?.kind === 'designation' && { designation: b.outcome.label }), ...(b.amountNotStated && { unstated: true as const }) });
  // 视同享受: granted through the equivalence — said so (a note, P4090).
  b.treatedAs?.forEach((t, i) => steps.push({ k: 'treated-as', index: b.conditions.length + (b.clawback ? 1 : 0) + 2 * i, a: t.a, aSource: t.aSource, b: t.b, bSource: t.bSource }));

  if (b.amount) {
    steps.push({ k: 'round', scale: b.rounding.scale, mode: b.rounding.mode, ...(b.rounding.step ? { step: b.rounding.step } : {}) });
    if (b.ceiling || caseCaps.ceiling) steps.push({ k: 'ceiling', fen: b.ceiling ? fen(b.ceiling) : null, ...(b.ceilingInPrinciple && { inPrinciple: true as const }) });
    if (b.instalments)
      steps.push({
        k: 'instalments',
        stages: stages ? stages.map((x) => (x.remainder ? { remainder: true } : x.share ? { share: { n: x.share.n, d: x.share.d } } : { fen: fen(x.amount!) })) : null,
        read: { agg: 'sum', window: paymentWindow(b.payment ?? null), match: exact },
        ...(yearly && { yearly: { years: yearly.years } }),
      });
    if (b.runningTotal)
      steps.push({
        k: 'running-total',
        read: { agg: 'sum', window: paymentWindow(b.payment ?? null), match: exact },
        annualCap: b.annualCap && b.payment === 'annual' ? fen(b.annualCap) : null,
      });
    if (b.topUp) steps.push({ k: 'top-up', read: { agg: 'sum', window: paymentWindow(b.payment ?? null), match: null, ...counted } });
    if (b.annualCap || caseCaps['annual-cap']) steps.push({ k: 'annual-cap', fen: b.annualCap ? fen(b.annualCap) : null, read: { agg: 'sum', window: 'year', match: capMatch('annual-cap'), ...counted } });
    if (b.cumulativeCap || caseCaps['cumulative-cap'])
      steps.push({ k: 'cumulative-cap', fen: b.cumulativeCap ? fen(b.cumulativeCap) : null, read: { ...capWindow(b.capPeriod, validity), agg: 'sum', match: capMatch('cumulative-cap'), ...counted } });
    // The policy's shared caps: one more cap of each benefit they add up, counting every other one (合并计算 of all).
    // The alternatives of a 自行选择 group are not both paid: what one is granted now does not count against the other (their payments do).
    const alts = choice?.others.length ? { alternatives: [...choice.others] } : {};
    const others = (members: string[]) => ({ with: members.filter((m) => m !== b.id), ...alts });
    // A shared cap computed from the case is evaluated at its step (`expr`): an unknown fact in it matters only when it is reached.
    // The benefit's document's caps (an imported file's header) come first, then the policy's (the whole family's).
    const pe = b.poolCaps;
    const shared = (p: Pools | undefined, annual: PoolSlot, cumulative: PoolSlot) => {
      const doc = p?.doc !== undefined ? { doc: p.doc } : {};
      const pa = p?.annual;
      const ea = pe?.[annual];
      if (pa?.members.includes(b.id) && (pa.fen !== null || ea))
        steps.push({ k: 'annual-cap', fen: pa.fen, read: { agg: 'sum', window: 'year', match: null, ...others(pa.members) }, pool: pa.scope, ...(pa.fen === null && ea && { expr: ea.expr }), ...doc });
      const pc = p?.cumulative;
      const ec = pe?.[cumulative];
      if (pc?.members.includes(b.id) && (pc.fen !== null || ec))
        steps.push({ k: 'cumulative-cap', fen: pc.fen, read: { ...pc.window, agg: 'sum', match: null, ...others(pc.members) }, pool: pc.scope, ...(pc.fen === null && ec && { expr: ec.expr }), ...doc });
    };
    shared(docPool, 'document-annual', 'document-cumulative');
    shared(pool, 'annual', 'cumulative');
    steps.push({ k: 'positive' });
  }
  return {
    id: b.id,
    ...(b.clause !== undefined && { clause: b.clause }),
    ...(b.label && { label: b.label }),
    ...(b.fund && { fund: b.fund }),
    ...(b.payer && { payer: b.payer }),
    ...(b.amountKind && { kind: b.amountKind }),
    ...(b.payment && { payment: b.payment }),
    // A bounded part (不超过30%) fixes no split of the grant: no fund's part is reported (the summary states the bound).
    ...(b.split && !b.split.some((p) => p.atMost) && { split: b.split.map((p) => ({ fund: p.fund, size: p.remainder ? { remainder: true } : p.share ? { share: { n: p.share.n, d: p.share.d } } : { fen: fen(p.amount!) } })) }),
    // A part with only a floor (不低于50%) fixes no composition: no part is reported (the summary states the floor).
    ...(b.composition && !b.composition.some((p) => p.atLeast) && { composition: b.composition.map((p) => ({ kind: p.kind, size: p.remainder ? { remainder: true } : p.share ? { share: { n: p.share.n, d: p.share.d } } : { fen: fen(p.amount!) } })) }),
    ...(b.obligations && { obligations: b.obligations.map((o) => ({ text: o.text, clawback: !!o.clawback })) }),
    subjects: [...b.subjects],
    steps,
  };
}
