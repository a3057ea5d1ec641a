// A policy as SQL: per subject type, one query over a table of subjects (one
// column per fact) and a ledger table that returns one row per subject and
// benefit of that subject type — status, exact amount, fund, clause, reason
// codes, missing facts and the first failed condition.
//
// The query follows the steps of the reference decision (compiler/evaluate.ts
// `decide`, then `applyInteractions`) one to one; each step below is named
// after the step it mirrors:
//   validity → period → conditions → division errors → quotas (每年限次,
//   限一次) → amount and outcome → missing facts → amount, ceiling, annual cap
//   → not positive → exclusion groups (window functions, group by group).
// A construct it cannot express is a build error (Untranslatable) naming it.
import type { Benefit, KeyFact, Model, Subject } from '../model.ts';
import { keyFacts } from '../ledger.ts';
import type { Rat } from '../rational.ts';
import { roundTo } from '../rational.ts';
import { labelText, renderExpr } from '../render.ts';
import type { Lang } from '../messages.ts';
import type { Dialect } from './dialect.ts';
import { and, ExprCompiler, FALSE, isTrue, Layers, missingText, not, or, TRUE, Untranslatable, type Compiled, type Cond } from './expr.ts';
import { ledgerKeyFacts, tableNames, type TableNames } from './ddl.ts';

export interface SqlOptions {
  dialect: Dialect;
  /** The evaluation date; written into the query's first CTE (a data team changes that one line). */
  asOf: string;
  /** A DATE column of the subjects table holding each subject's own evaluation date (instead of asOf). */
  asOfColumn?: string;
  /** Values of 按规定 parameters, when known. */
  params?: Record<string, Rat>;
  /** Language of fund labels and condition texts. */
  lang?: Lang;
  tables?: Partial<TableNames>;
}

export interface SubjectQuery {
  subject: string;
  /** The table of subjects the query reads, as written in the SQL. */
  table: string;
  sql: string;
}

/** Missing facts are listed joined by this (as `policy batch` writes them). */
export const MISSING_SEP = ';';

/** Generated column names start with this prefix; a fact whose name does too cannot be translated. */
const P = '__';

export function translate(model: Model, opts: SqlOptions): SubjectQuery[] {
  const out: SubjectQuery[] = [];
  for (const subject of model.subjects.values()) {
    const benefits = model.benefits.filter((b) => b.subjects.includes(subject.name));
    out.push({ subject: subject.name, table: tableNames(opts.tables, opts.dialect).subject(subject.name), sql: subjectQuery(model, subject, benefits, opts) });
  }
  return out;
}

interface Part {
  c: Compiled;
  miss: { any: Cond; parts: { name: string; when: Cond }[] };
}

/** One benefit's decision as SQL expressions over the last layer. */
interface Decided {
  b: Benefit;
  status: string;
  fen: string;
  reasons: string;
  missing: string;
  condition: string;
}

function subjectQuery(model: Model, subject: Subject, benefits: Benefit[], opts: SqlOptions): string {
  const D = opts.dialect;
  const lang = opts.lang ?? 'zh';
  const names = tableNames(opts.tables, D);
  const q = D.ident;
  for (const f of subject.facts.keys()) {
    if (f.startsWith(P) || f === names.id) throw new Untranslatable(`a fact named ${f} (reserved column name)`, subject.name);
  }
  const layers = new Layers(`${P}v`);
  const bind = (s: string) => layers.bind(s);
  const asOf = `${P}as_of`;
  const ec = new ExprCompiler({
    model,
    subject,
    dialect: D,
    params: opts.params ?? {},
    column: (f) => q(f),
    layers,
    where: subject.name,
  });
  const part = (c: Compiled): Part => {
    const bound: Compiled = { ...c, ok: bind(c.ok), noStandard: bind(c.noStandard), external: bind(c.external), divByZero: bind(c.divByZero) };
    return { c: bound, miss: missingText(D, bound, bind) };
  };
  const missingList = (parts: { name: string; when: Cond }[]): string => {
    if (parts.length === 0) return D.str('');
    return `concat_ws(${D.str(MISSING_SEP)}, ${parts.map((p) => `CASE WHEN ${p.when} THEN ${D.str(p.name)} END`).join(', ')})`;
  };
  const codes = (list: { when: Cond; code: string }[]): string => {
    const live = list.filter((x) => x.when !== FALSE);
    if (live.length === 0) return D.str('');
    return `concat_ws(',', ${live.map((x) => (x.when === TRUE ? D.str(x.code) : `CASE WHEN ${x.when} THEN ${D.str(x.code)} END`)).join(', ')})`;
  };

  // Ledger aggregates per benefit, computed over the entries dated on or before the as-of date; the rules are
  // those of compiler/ledger.ts (ledgerRefusal, settle), written as SQL.
  const aggs: string[] = [];
  const ledgerCol = new Map<string, LedgerCols>();
  // The first day the benefit is in force for the subject: the policy's 施行日期, or a later start of its 期限.
  const inForceStart = (b: Benefit): string => {
    const eff = model.header.effective;
    const from = b.period?.from;
    if (!from) return D.date(eff ?? '0001-01-01');
    if (from.k === 'date') return D.date(eff && eff > from.iso ? eff : from.iso);
    if (from.k === 'fact') return eff ? `GREATEST(s.${q(from.name)}, ${D.date(eff)})` : `s.${q(from.name)}`;
    throw new Untranslatable('a period that does not start on a date', b.id);
  };
  const keyFacts = ledgerKeyFacts(model);
  benefits.forEach((b, i) => {
    const isB = `l.${P}lb = ${D.str(b.id)}`;
    const sameYear = `${D.yearOf(`l.${P}ld`)} = ${D.yearOf(`s.${asOf}`)}`;
    const sameMonth = `${sameYear} AND ${D.monthOf(`l.${P}ld`)} = ${D.monthOf(`s.${asOf}`)}`;
    const cols: LedgerCols = {};
    const keyMatch = (keys: readonly KeyFact[], exact: boolean): string =>
      keys
        .map((k) => {
          const had = `l.${q(`key.${k.fact}`)}`;
          const fact = subject.facts.get(k.fact);
          if (!fact || fact.derived) throw new Untranslatable(`限一次 by ${k.fact}`, b.id);
          const cur = `s.${q(k.fact)}`;
          if (fact.type.kind === 'level') {
            const lt = model.levels.get(fact.type.of)!;
            // A ledger key may spell the level by an alias (validateLedger stores the name).
            const rankOf = (x: string) => `(CASE ${lt.levels.flatMap((l) => [l.name, ...l.aliases].map((n) => `WHEN ${x} = ${D.str(n)} THEN ${l.rank}`)).join(' ')} END)`;
            return `(${had} IS NOT NULL AND ${rankOf(had)} ${k.orAbove && !exact ? '>=' : '='} ${rankOf(cur)})`;
          }
          if (k.orAbove) throw new Untranslatable(`及以上 on ${k.fact}`, b.id);
          return `(${had} IS NOT NULL AND ${had} = ${keyString(D, fact.type.kind, cur, k.fact, b.id)})`;
        })
        .join(' AND ');
    if (b.timesPerYear) {
      cols.count = `${P}cnt${i}`;
      aggs.push(`SUM(CASE WHEN ${isB} AND ${sameYear} THEN 1 ELSE 0 END) AS ${cols.count}`);
    }
    if (b.annualCap) {
      cols.paid = `${P}paid${i}`;
      aggs.push(`SUM(CASE WHEN ${isB} AND ${sameYear} THEN l.${P}lfen ELSE ${D.intLit(0n)} END) AS ${cols.paid}`);
    }
    if (b.oncePer?.length) {
      cols.hit = `${P}hit${i}`;
      aggs.push(`MAX(CASE WHEN ${isB} AND ${keyMatch(b.oncePer, false)} THEN 1 ELSE 0 END) AS ${cols.hit}`);
    }
    if (b.oncePerYear?.length) {
      cols.hitYear = `${P}hity${i}`;
      aggs.push(`MAX(CASE WHEN ${isB} AND ${sameYear} AND ${keyMatch(b.oncePerYear, false)} THEN 1 ELSE 0 END) AS ${cols.hitYear}`);
    }
    // The payment period (发放): the days in force, the calendar year, the calendar month; 每次 has none.
    let period: string | undefined;
    if (b.payment === 'once' || (b.payment === 'per-occasion' && b.runningTotal)) period = `l.${P}ld >= ${inForceStart(b)}`;
    else if (b.payment === 'annual') period = sameYear;
    else if (b.payment === 'monthly') period = sameMonth;
    const keys = keyFactsOf(b);
    const sameOccasion = keys.length ? ` AND ${keyMatch(keys, true)}` : '';
    if (b.runningTotal) {
      cols.period = `${P}rt${i}`;
      aggs.push(`SUM(CASE WHEN ${isB} AND ${period ?? 'TRUE'}${sameOccasion} THEN l.${P}lfen ELSE ${D.intLit(0n)} END) AS ${cols.period}`);
    } else if (period) {
      cols.freq = `${P}freq${i}`;
      aggs.push(`MAX(CASE WHEN ${isB} AND ${period}${sameOccasion} THEN 1 ELSE 0 END) AS ${cols.freq}`);
    }
    ledgerCol.set(b.id, cols);
  });
  const usesLedger = aggs.length > 0;

  // validity: the policy's period, as evaluate.ts checks it: not yet in force (P4002), expired (P4025).
  const h = model.header;
  const notYet: Cond = h.effective ? `(${P}as_of < ${D.date(h.effective)})` : FALSE;
  const expired: Cond = h.end ? `(${P}as_of > ${D.date(h.end)})` : FALSE;

  const decided: Decided[] = benefits.map((b) => decideBenefit(b));

  function decideBenefit(b: Benefit): Decided {
    const where = `${b.id}`;
    const led = ledgerCol.get(b.id)!;
    // period
    let periodFail: Cond = FALSE;
    let periodEarly: Cond = FALSE;
    let periodLate: Cond = FALSE;
    let periodMiss: Part['miss']['parts'] = [];
    if (b.period) {
      const start = b.period.from ? undefined : (h.effective ?? '0001-01-01');
      if (b.period.from) {
        const from = part(ec.compile(b.period.from));
        if (from.c.val.t !== 'date') throw new Untranslatable('a period that does not start on a date', where);
        periodMiss = from.miss.parts;
        const s = bind(from.c.val.v);
        let end = b.period.until ? D.date(b.period.until) : undefined;
        if (b.period.lengthMonths !== undefined) {
          const next = D.addMonths(s, b.period.lengthMonths);
          const byLength = `(CASE WHEN ${D.dayOf(next)} < ${D.dayOf(s)} THEN ${next} ELSE ${D.addDays(next, -1)} END)`;
          end = end ? `(CASE WHEN ${byLength} < ${end} THEN ${byLength} ELSE ${end} END)` : byLength;
        }
        periodEarly = bind(and(from.c.ok, `(${asOf} < ${s})`));
        periodLate = end ? bind(and(from.c.ok, `(${asOf} >= ${s})`, `(${asOf} > ${bind(end)})`)) : FALSE;
        periodFail = bind(or(periodEarly, periodLate));
      } else {
        let end = b.period.until ?? '9999-12-31';
        if (b.period.lengthMonths !== undefined) {
          const byLength = periodEndIso(start!, b.period.lengthMonths);
          if (byLength < end) end = byLength;
        }
        periodEarly = bind(`(${asOf} < ${D.date(start!)})`);
        periodLate = bind(`(${asOf} >= ${D.date(start!)} AND ${asOf} > ${D.date(end)})`);
        periodFail = bind(or(periodEarly, periodLate));
      }
    }
    // conditions
    const conds = b.conditions.map((c) => {
      const p = part(ec.compile(c.expr));
      const notOk = not(p.c.ok);
      const noMiss = not(p.miss.any);
      return {
        text: renderExpr(c.source, lang),
        miss: p.miss.parts,
        isFalse: bind(and(p.c.ok, not(isTrue(p.c.val.t === 'bool' ? p.c.val.v : FALSE)))),
        noStd: bind(and(notOk, noMiss, p.c.noStandard)),
        ext: bind(and(notOk, noMiss, not(p.c.noStandard), p.c.external)),
        divZero: bind(and(notOk, noMiss, not(p.c.noStandard), not(p.c.external))),
      };
    });
    // The first condition that needs an external parameter ends the decision (undetermined, P4010).
    const reached: Cond[] = [];
    let before: Cond = TRUE;
    for (const c of conds) {
      reached.push(before);
      before = and(before, not(c.ext));
    }
    const extStop = not(before);
    const condReasons = [
      { when: periodEarly, code: 'P4006' },
      { when: periodLate, code: 'P4026' },
      ...conds.flatMap((c, i) => [
        { when: and(reached[i]!, c.isFalse), code: 'P4003' },
        { when: and(reached[i]!, c.noStd), code: 'P4004' },
      ]),
    ];
    const extReasons = [...condReasons, ...conds.map((c, i) => ({ when: and(reached[i]!, c.ext), code: 'P4010' }))];
    const failed = bind(or(periodFail, ...conds.flatMap((c) => [c.isFalse, c.noStd])));
    const condMiss = [...periodMiss, ...conds.flatMap((c) => c.miss)];
    const noCondMiss = not(or(...condMiss.map((m) => m.when)));
    const divStop = and(noCondMiss, or(...conds.map((c) => c.divZero)));
    const divReasons = conds.map((c) => ({ when: c.divZero, code: 'P4013' }));

    // quotas: 每年限次 then 限一次, only when no fact is missing so far.
    type Exit = { when: Cond; status: string; reasons: { when: Cond; code: string }[]; missing?: string };
    const quotaExits: Exit[] = [];
    let timesExit: Exit | undefined;
    if (b.timesPerYear) {
      const t = part(ec.compile(b.timesPerYear));
      const tNotOk = not(t.c.ok);
      quotaExits.push({ when: and(tNotOk, t.c.noStandard), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4004' }] });
      quotaExits.push({
        when: and(tNotOk, not(t.c.noStandard), t.miss.any),
        status: 'undetermined',
        reasons: [{ when: TRUE, code: 'P4012' }],
        missing: missingList(t.miss.parts),
      });
      if (t.c.val.t !== 'num' && t.c.val.t !== 'none') throw new Untranslatable('每年限次 that is not a number', where);
      if (t.c.val.t === 'num') {
        const count = { n: `CAST(COALESCE(${led.count}, 0) AS ${D.int})`, d: 1n };
        timesExit = { when: and(t.c.ok, `(${ec.cmpNum(count, t.c.val.x)} >= 0)`), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4014' }] };
      }
    }
    // The key facts must be known; then 每年限次, 限一次, 每年限一次 and the payment frequency (ledgerRefusal).
    const keys = keyFactsOf(b);
    if (keys.length) {
      const keyMiss = keys.map((k) => ({ name: k.fact, when: `(${q(k.fact)} IS NULL)` }));
      quotaExits.push({ when: or(...keyMiss.map((k) => k.when)), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4012' }], missing: missingList(keyMiss) });
    }
    if (timesExit) quotaExits.push(timesExit);
    if (led.hit) quotaExits.push({ when: `(COALESCE(${led.hit}, 0) = 1)`, status: 'ineligible', reasons: [{ when: TRUE, code: 'P4015' }] });
    if (led.hitYear) quotaExits.push({ when: `(COALESCE(${led.hitYear}, 0) = 1)`, status: 'ineligible', reasons: [{ when: TRUE, code: 'P4020' }] });
    if (led.freq) {
      const code = { once: keys.length ? 'P4015' : 'P4016', annual: keys.length ? 'P4020' : 'P4017', monthly: 'P4018', 'per-occasion': 'P4015' }[b.payment!];
      quotaExits.push({ when: `(COALESCE(${led.freq}, 0) = 1)`, status: 'ineligible', reasons: [{ when: TRUE, code }] });
    }
    // amount and outcome
    const results: Part[] = [];
    const amount = b.amount ? part(ec.compile(b.amount)) : undefined;
    if (amount) results.push(amount);
    if (b.outcome?.kind === 'equivalence') results.push(part(ec.compile(b.outcome.expr)));
    const resultExits: Exit[] = [];
    let allMiss = condMiss;
    for (const r of results) {
      const notOk = not(r.c.ok);
      resultExits.push({ when: and(notOk, r.c.noStandard), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4004' }] });
      allMiss = [...allMiss, ...r.miss.parts];
      resultExits.push({ when: and(notOk, r.c.divByZero, not(r.miss.any)), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4013' }] });
    }
    // Merge the missing facts of every step, first mention first.
    const merged = new Map<string, Cond>();
    for (const m of allMiss) merged.set(m.name, merged.has(m.name) ? or(merged.get(m.name)!, m.when) : m.when);
    const missParts = [...merged].map(([name, when]) => ({ name, when: bind(when) }));
    const anyMiss = or(...missParts.map((m) => m.when));

    // the amount: rounded, capped, net of what the ledger shows paid this year, positive
    let fenExits: Exit[] = [];
    let fen = 'NULL';
    /** Reasons an eligible payment carries (P4021–P4024), in the order settle() gives them. */
    const notes: { when: Cond; code: string }[] = [];
    if (amount) {
      if (amount.c.val.t !== 'num' && amount.c.val.t !== 'none') throw new Untranslatable('an amount that is not a number', where);
      if (amount.c.val.t === 'num') {
        let f = ec.round(amount.c.val.x, b.rounding.scale, b.rounding.mode);
        if (b.rounding.scale !== 100n) f = `(${f} * ${D.intLit(100n / b.rounding.scale)})`;
        f = bind(f);
        // settle() of compiler/ledger.ts: ceiling, running total, annual cap — each says what it did (notes).
        const computed = f;
        if (b.ceiling) {
          const cap = D.intLit(roundTo(b.ceiling, 100n, 'half-up'));
          notes.push({ when: bind(`(${computed} > ${cap})`), code: 'P4023' });
          f = bind(`(CASE WHEN ${f} > ${cap} THEN ${cap} ELSE ${f} END)`);
        }
        let capCut: Cond = FALSE;
        if (b.runningTotal) {
          const paidP = `CAST(COALESCE(${led.period}, 0) AS ${D.int})`;
          let ent = f;
          if (b.annualCap && b.payment === 'annual') {
            const cap = D.intLit(roundTo(b.annualCap, 100n, 'half-up'));
            capCut = bind(`(${f} > ${cap})`);
            ent = bind(`(CASE WHEN ${f} > ${cap} THEN ${cap} ELSE ${f} END)`);
          }
          const due = bind(`(CASE WHEN ${ent} > ${paidP} THEN ${ent} - ${paidP} ELSE ${D.intLit(0n)} END)`);
          const paidSome = bind(`(${paidP} > 0)`);
          fenExits.push({ when: and(`(${due} = 0)`, paidSome), status: 'ineligible', reasons: [...notes, { when: TRUE, code: 'P4019' }] });
          notes.push({ when: paidSome, code: 'P4024' });
          f = due;
        }
        if (b.annualCap) {
          const capFen = roundTo(b.annualCap, 100n, 'half-up');
          const paid = `CAST(COALESCE(${led.paid}, 0) AS ${D.int})`;
          const headroom = bind(`(CASE WHEN ${D.intLit(capFen)} > ${paid} THEN ${D.intLit(capFen)} - ${paid} ELSE ${D.intLit(0n)} END)`);
          fenExits.push({ when: `(${headroom} = 0)`, status: 'ineligible', reasons: [...notes, { when: TRUE, code: 'P4005' }] });
          const limited = bind(or(`(${f} > ${headroom})`, capCut));
          f = bind(`(CASE WHEN ${f} > ${headroom} THEN ${headroom} ELSE ${f} END)`);
          notes.push({ when: and(`(${f} > 0)`, limited), code: 'P4022' }, { when: and(`(${f} > 0)`, not(limited)), code: 'P4021' });
        }
        fenExits.push({ when: `(${f} <= 0)`, status: 'ineligible', reasons: [...notes, { when: TRUE, code: 'P4011' }] });
        fen = f;
      }
      fenExits = [{ when: not(amount.c.ok), status: 'eligible', reasons: [{ when: TRUE, code: 'P4010' }] }, ...fenExits];
    }

    // The decision: the first exit that applies, in the reference's order.
    const exits: Exit[] = [
      { when: notYet, status: 'ineligible', reasons: [{ when: TRUE, code: 'P4002' }] },
      { when: expired, status: 'ineligible', reasons: [{ when: TRUE, code: 'P4025' }] },
      { when: extStop, status: 'undetermined', reasons: extReasons },
      { when: failed, status: 'ineligible', reasons: condReasons },
      { when: divStop, status: 'undetermined', reasons: divReasons },
      ...quotaExits.map((x) => ({ ...x, when: and(noCondMiss, x.when) })),
      ...resultExits,
      { when: anyMiss, status: 'undetermined', reasons: [{ when: TRUE, code: 'P4012' }], missing: missingList(missParts) },
      ...fenExits,
    ].filter((x) => x.when !== FALSE);
    const pick = (f: (x: Exit) => string, otherwise: string) => {
      const arms = [];
      for (const x of exits) {
        arms.push(`WHEN ${x.when} THEN ${f(x)}`);
        if (x.when === TRUE) break;
      }
      return arms.length === 0 ? otherwise : `(CASE ${arms.join(' ')} ELSE ${otherwise} END)`;
    };
    const firstFalse = conds.length
      ? `(CASE ${conds.map((c, i) => `WHEN ${and(reached[i]!, c.isFalse)} THEN ${D.str(c.text)}`).join(' ')} END)`
      : 'NULL';
    const status = pick((x) => D.str(x.status), D.str('eligible'));
    const eligibleFen = pick(() => 'NULL', fen);
    return {
      b,
      status,
      fen: eligibleFen,
      reasons: pick((x) => codes(x.reasons), codes(notes)),
      missing: pick((x) => x.missing ?? D.str(''), D.str('')),
      condition: pick((x) => (x.reasons === condReasons || x.reasons === extReasons ? firstFalse : 'NULL'), 'NULL'),
    };
  }

  // ---- the SQL text ----
  const id = q(names.id);
  const ctes: string[] = [];
  ctes.push(`${P}run AS (SELECT ${D.date(opts.asOf)} AS ${asOf})`);
  ctes.push(`${P}base AS (SELECT s.*, ${opts.asOfColumn ? `s.${q(opts.asOfColumn)}` : `r.${asOf}`} AS ${asOf} FROM ${names.subject(subject.name)} s CROSS JOIN ${P}run r)`);
  let from = `${P}base`;
  if (usesLedger) {
    const keyCols = keyFacts.map((f) => `, CAST(l.${q(`key.${f}`)} AS ${D.text}) AS ${q(`key.${f}`)}`).join('');
    ctes.push(
      `${P}ledger AS (SELECT l.${q(names.ledgerId)} AS ${P}lid, l.${q(names.ledgerBenefit)} AS ${P}lb, l.${q(names.ledgerDate)} AS ${P}ld, ` +
        `CAST(l.${q(names.ledgerAmount)} * 100 AS ${D.int}) AS ${P}lfen${keyCols} FROM ${names.ledger} l)`,
    );
    ctes.push(`${P}agg AS (SELECT s.${id} AS ${P}aid, ${aggs.join(', ')} FROM ${P}ledger l JOIN ${P}base s ON l.${P}lid = s.${id} AND l.${P}ld <= s.${asOf} GROUP BY s.${id})`);
    ctes.push(`${P}l0 AS (SELECT s.*, ${[...ledgerCol.values()].flatMap((c) => [c.count, c.paid, c.hit, c.hitYear, c.freq, c.period].filter(Boolean)).map((c) => `a.${c}`).join(', ')} FROM ${P}base s LEFT JOIN ${P}agg a ON a.${P}aid = s.${id})`);
    from = `${P}l0`;
  }
  layers.layers.forEach((cols, i) => {
    // The last layer is read once per benefit: computed once.
    const as = i === layers.layers.length - 1 && decided.length > 1 ? D.materialized : 'AS';
    ctes.push(`${P}l${i + 1} ${as} (SELECT *, ${cols.map((c) => `${c.expr} AS ${c.col}`).join(',\n    ')}\n  FROM ${from})`);
    from = `${P}l${i + 1}`;
  });
  const fundText = (b: Benefit) => (b.fund ? D.str(labelText(model.funds.get(b.fund)?.label, lang, b.fund)) : 'NULL');
  const toMoney = (fen: string) => `CAST(CAST(${fen} AS DECIMAL(38,0)) * CAST(0.01 AS DECIMAL(3,2)) AS ${D.money})`;
  const rows = decided.map(
    (d, i) =>
      `SELECT ${id} AS ${q('id')}, ${i} AS ${P}bi, ${D.str(d.b.id)} AS ${q('benefit')}, ${d.status} AS ${q('status')}, ${d.fen} AS ${P}fen, ` +
      `${fundText(d.b)} AS ${q('fund')}, ${d.b.clause !== undefined ? D.str(d.b.clause) : 'NULL'} AS ${q('clause')}, ${d.reasons} AS ${P}reasons, ` +
      `${d.missing} AS ${q('missing')}, ${d.condition} AS ${q('condition')} FROM ${from}`,
  );
  if (rows.length === 0) rows.push(`SELECT ${id} AS ${q('id')}, 0 AS ${P}bi, CAST(NULL AS ${D.text}) AS ${q('benefit')}, CAST(NULL AS ${D.text}) AS ${q('status')}, CAST(NULL AS ${D.int}) AS ${P}fen, CAST(NULL AS ${D.text}) AS ${q('fund')}, CAST(NULL AS ${D.text}) AS ${q('clause')}, '' AS ${P}reasons, '' AS ${q('missing')}, CAST(NULL AS ${D.text}) AS ${q('condition')} FROM ${from} WHERE FALSE`);
  ctes.push(`${P}d0 AS (\n  ${rows.join('\n  UNION ALL\n  ')}\n)`);
  // exclusion groups: group by group, among the members still eligible, keep one (window functions per subject).
  let cur = `${P}d0`;
  model.interactions.forEach((g, gi) => {
    const members = g.members.filter((m) => benefits.some((b) => b.id === m));
    if (members.length < 2) return;
    const pos = `(CASE ${q('benefit')} ${members.map((m, k) => `WHEN ${D.str(m)} THEN ${k}`).join(' ')} END)`;
    const inGroup = `(${q('benefit')} IN (${members.map((m) => D.str(m)).join(', ')}) AND ${q('status')} = 'eligible')`;
    const order = g.mode === 'higher-of' ? `COALESCE(${P}fen, 0) DESC, ${pos}` : pos;
    const code = { 'higher-of': 'P4007', exclusive: 'P4008', priority: 'P4009' }[g.mode];
    const next = `${P}g${gi}`;
    ctes.push(
      `${next}w AS (SELECT *, CASE WHEN ${inGroup} THEN ROW_NUMBER() OVER (PARTITION BY ${q('id')}, ${inGroup} ORDER BY ${order}) END AS ${P}rank FROM ${cur})`,
    );
    const demoted = `${P}rank > 1`;
    ctes.push(
      `${next} AS (SELECT ${q('id')}, ${P}bi, ${q('benefit')}, CASE WHEN ${demoted} THEN 'ineligible' ELSE ${q('status')} END AS ${q('status')}, ` +
        `CASE WHEN ${demoted} THEN NULL ELSE ${P}fen END AS ${P}fen, ${q('fund')}, ${q('clause')}, ` +
        // An eligible payment's reasons are P4010 or notes on the money (P4021–P4024), which go with the payment.
        `CASE WHEN ${demoted} THEN concat_ws(',', CASE WHEN ${P}reasons = 'P4010' THEN ${P}reasons END, '${code}') ELSE ${P}reasons END AS ${P}reasons, ${q('missing')}, ${q('condition')} FROM ${next}w)`,
    );
    cur = next;
  });
  const reason = `CASE WHEN ${P}reasons = '' THEN NULL ELSE split_part(${P}reasons, ',', 1) END`;
  const select =
    `SELECT ${q('id')}, ${D.str(subject.name)} AS ${q('subject')}, ${q('benefit')}, ${q('status')}, ${toMoney(`${P}fen`)} AS ${q('amount')}, ${q('fund')}, ${q('clause')}, ` +
    `${reason} AS ${q('reason')}, ${P}reasons AS ${q('reasons')}, ${q('missing')}, ${q('condition')}\nFROM ${cur}`;
  const head = `-- ${D.name}: decisions for subject type ${commentSafe(subject.name)} (${benefits.length} benefits)\n`;
  return `${head}WITH ${ctes.join(',\n')}\n${select}`;
}

interface LedgerCols {
  count?: string;
  paid?: string;
  hit?: string;
  hitYear?: string;
  /** 1 when the payment period (and occasion) already has a payment. */
  freq?: string;
  /** What the running total's period (and occasion) already paid, fen. */
  period?: string;
}

/** The key facts of a benefit (compiler/ledger.ts keyFacts). */
function keyFactsOf(b: Benefit): KeyFact[] {
  return keyFacts({ oncePer: b.oncePer ?? null, oncePerYear: b.oncePerYear ?? null });
}

function commentSafe(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]/g, ' ');
}

/** keyString() of evaluate.ts: how a fact's value is written in a ledger key. */
function keyString(D: Dialect, kind: string, col: string, fact: string, where: string): string {
  switch (kind) {
    case 'level':
    case 'enum':
    case 'text':
      return col;
    case 'bool':
      return `(CASE WHEN ${col} THEN 'true' ELSE 'false' END)`;
    case 'date':
      return `CAST(${col} AS ${D.text})`;
    default:
      throw new Untranslatable(`限一次 by ${fact}, a ${kind}`, where);
  }
}

/** periodEnd() of dates.ts for a start known when the SQL is generated. */
function periodEndIso(start: string, months: number): string {
  // Imported lazily to keep this module's dependencies to the IR and the dialect.
  return periodEndFn(start, months);
}
import { periodEnd as periodEndFn } from '../dates.ts';
