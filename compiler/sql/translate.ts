// A policy as SQL: per subject type, one query over a table of subjects (one
// column per fact) and a ledger table that returns one row per subject and
// benefit of that subject type — status, exact amount, fund, clause, reason
// codes, missing facts and the first failed condition.
//
// The query is translated from the decision IR (compiler/decision), the same steps the reference evaluator
// interprets: each step of a benefit becomes SQL conditions, and the steps that decide (validity, a failed
// condition, a missing fact, a quota, a cap …) become the arms of one CASE in the order of the steps — the
// first that holds decides, as in the reference. Each ledger read of the IR is an aggregate column joined per
// subject; exclusion groups are ROW_NUMBER windows, group by group.
// A construct it cannot express is a build error (Untranslatable) naming it.
import type { CapKind, IExpr, KeyFact, Model, Subject } from '../model.ts';
import { MONEY_NOTES, type BracketBound, type InstalmentSize } from '../ledger.ts';
import type { Rat } from '../rational.ts';
import { periodEnd } from '../dates.ts';
import { lowerPolicy } from '../decision/lower.ts';
import { AMOUNT_OPEN, countedOrder, countedWith } from '../decision/steps.ts';
import type { BenefitPlan, DecisionProgram, LedgerRead, Step } from '../decision/types.ts';
import { labelText, renderExpr } from '../render.ts';
import type { Lang } from '../messages.ts';
import type { Dialect } from './dialect.ts';
import { and, ExprCompiler, FALSE, isTrue, Layers, mergeMiss, missingText, not, or, staticOrderHolds, TRUE, Untranslatable, type Compiled, type Cond, type Miss, type Num } from './expr.ts';
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
  return translateProgram(model, lowerPolicy(model), opts);
}

/** The queries of a decision program (the model gives the subjects' facts, levels and labels). */
export function translateProgram(model: Model, program: DecisionProgram, opts: SqlOptions): SubjectQuery[] {
  const out: SubjectQuery[] = [];
  for (const subject of model.subjects.values()) {
    // The `subject` step: a subject type's query decides only the benefits for it.
    const benefits = program.benefits.filter((b) => b.steps.every((s) => s.k !== 'subject' || s.subjects.includes(subject.name)));
    out.push({ subject: subject.name, table: tableNames(opts.tables, opts.dialect).subject(subject.name), sql: subjectQuery(model, program, subject, benefits, opts) });
  }
  return out;
}

interface Part {
  c: Compiled;
  miss: { any: Cond; parts: Miss[] };
}

/**
 * What an earlier benefit grants the later ones counted with it (合并计算 within one evaluation; steps.ts Grant): `counted`
 * when granted with a known amount (`fen`, 0 for none), `open` when undetermined or eligible with an amount not known.
 */
interface SqlGrant {
  id: string;
  counted: Cond;
  open: Cond;
  fen: string;
}

/** One benefit's decision as SQL expressions over the last layer. */
interface Decided {
  plan: BenefitPlan;
  status: string;
  fen: string;
  reasons: string;
  /** The reasons an exclusion group's drop keeps (steps.ts drop: not P4071, P4012 or the money notes). */
  kept: string;
  missing: string;
  condition: string;
  /** 退还 / 追回, beside the decision (NULL status: nothing to return). */
  clawback?: SqlClawback;
  /** 授予 / 视同: what the benefit grants, its Chinese text (NULL when it cannot be computed); kept only when eligible. */
  outcome?: string;
  /** 分期: the grant's total, what was paid towards it and what is due by now, in fen; kept only when paid. */
  instalments?: { total: string; paid: string; due: string };
  /** 分段累进: each band X reaches (`when`), its number and its part × value half up to the fen; kept only when paid. */
  bands?: { when: Cond; no: number; fen: string }[];
}

/** A clawback as SQL expressions: status 'due' / 'undetermined' / NULL, fen returned, fen paid, its reason code, missing facts. */
interface SqlClawback {
  status: string;
  fen: string;
  paid: string;
  reason: string;
  missing: string;
}

function subjectQuery(model: Model, program: DecisionProgram, subject: Subject, benefits: BenefitPlan[], opts: SqlOptions): string {
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
    asOf,
  });
  const part = (c: Compiled): Part => {
    const bound: Compiled = { ...c, ok: bind(c.ok), noStandard: bind(c.noStandard), external: bind(c.external), divByZero: bind(c.divByZero) };
    return { c: bound, miss: missingText(D, bound, bind) };
  };
  /** The missing facts of an exit from every mention in order: each name once, at its first mention that holds. */
  const missingList = (mentions: Miss[]): string => {
    const parts = mentions.filter((p) => p.when !== FALSE);
    if (parts.length === 0) return D.str('');
    if (parts.every((p) => !p.list) && staticOrderHolds(parts))
      return `concat_ws(${D.str(MISSING_SEP)}, ${mergeMiss(parts).map((p) => `CASE WHEN ${bind(p.when)} THEN ${D.str(p.name)} END`).join(', ')})`;
    // Names whose order only the row knows, or members' facts (合计 over a 名单, named per row): one list, each name
    // once, at its first mention that holds.
    const empty = D.list.texts([]);
    const lists = parts.map((p) => `(CASE WHEN ${p.when} THEN ${p.list ?? D.list.texts([D.str(p.name)])} ELSE ${empty} END)`);
    return D.list.joinDistinct(D.list.concat(lists), MISSING_SEP);
  };
  /**
   * compiler/ledger.ts instalmentSizes in SQL (分期's instalments, 分担's parts): in order, each share of `total` half up to
   * the fen (the last of shares adding up to 100% takes what is left), an amount, or the remainder, never more than what
   * is left. `bind` names each intermediate (a layer column) or leaves it inline.
   */
  function sizesSql(total: string, stages: readonly InstalmentSize[], bind: (s: string) => string): string[] {
    const zero = D.intLit(0n);
    let sn = 0n;
    let sd = 1n;
    for (const x of stages) if (x.share) [sn, sd] = [sn * x.share.d + x.share.n * sd, sd * x.share.d];
    const whole = stages.every((x) => x.share) && sn === sd;
    let left = total;
    const sizes: string[] = [];
    stages.forEach((x, i) => {
      let size: string;
      if (x.remainder || (whole && i === stages.length - 1)) size = left;
      else if (x.share) size = D.idiv(`(${total} * ${D.intLit(x.share.n * 2n)} + ${D.intLit(x.share.d)})`, D.intLit(2n * x.share.d));
      else size = D.intLit(x.fen ?? 0n);
      size = bind(`(CASE WHEN ${size} > ${left} THEN ${left} ELSE ${size} END)`);
      size = bind(`(CASE WHEN ${size} < ${zero} THEN ${zero} ELSE ${size} END)`);
      sizes.push(size);
      left = bind(`(${left} - ${size})`);
    });
    return sizes;
  }
  const codes = (list: { when: Cond; code: string }[]): string => {
    const live = list.filter((x) => x.when !== FALSE);
    if (live.length === 0) return D.str('');
    return `concat_ws(',', ${live.map((x) => (x.when === TRUE ? D.str(x.code) : `CASE WHEN ${x.when} THEN ${D.str(x.code)} END`)).join(', ')})`;
  };

  // Ledger reads: every LedgerRead of the decision IR is one aggregate column over the ledger entries dated on or
  // before the subject's as-of date (compiler/ledger.ts readLedger, written as SQL): count → SUM of 1, sum → SUM of
  // fen, latest → MAX of 1 (the SQL needs only whether there is one; the date is for the reason text).
  const aggs: string[] = [];
  const aggCols: string[] = [];
  const readCols = new Map<string, string>();
  const keyFacts = ledgerKeyFacts(model);
  const keyMatch = (keys: readonly KeyFact[], exact: boolean, where: string): string =>
    keys
      .map((k) => {
        const had = `l.${q(`key.${k.fact}`)}`;
        const fact = subject.facts.get(k.fact);
        if (!fact || fact.derived) throw new Untranslatable(`限一次 by ${k.fact}`, where);
        const cur = `s.${q(k.fact)}`;
        if (fact.type.kind === 'level') {
          const lt = model.levels.get(fact.type.of)!;
          // A ledger key may spell the level by an alias (validateLedger stores the name).
          const rankOf = (x: string) => `(CASE ${lt.levels.flatMap((l) => [l.name, ...l.aliases].map((n) => `WHEN ${x} = ${D.str(n)} THEN ${l.rank}`)).join(' ')} END)`;
          return `(${had} IS NOT NULL AND ${rankOf(had)} ${k.orAbove && !exact ? '>=' : '='} ${rankOf(cur)})`;
        }
        if (k.orAbove && !exact) throw new Untranslatable(`及以上 on ${k.fact}`, where);
        return `(${had} IS NOT NULL AND ${had} = ${keyString(D, fact.type.kind, cur, k.fact, where)})`;
      })
      .join(' AND ');
  /** The aggregate column of one ledger read of a benefit. */
  const readColumn = (plan: BenefitPlan, read: LedgerRead, inForceStart: () => string, of?: string, grants: readonly SqlGrant[] = []): string => {
    const col = ledgerColumn(plan, read, inForceStart, of);
    // 合并计算 within one evaluation: the grants of the benefits named decided before this one, paid on the as-of date
    // (within every window that holds the as-of date; a fixed window may not).
    const same = sameOf(read, grants);
    if (same.length === 0) return col;
    if (of !== undefined) throw new Untranslatable(`每档一次 with 合并计算 with ${same[0]!.id}, a benefit of the same subject type`, plan.id);
    const inWindow: Cond = read.window === 'dates' ? bind(`(${asOf} >= ${D.date(read.from ?? '0001-01-01')} AND ${asOf} <= ${D.date(read.to ?? '9999-12-31')})`) : TRUE;
    const counted = same.map((g) => and(inWindow, g.counted));
    if (read.agg === 'latest') return bind(`(CASE WHEN ${or(...counted)} THEN 1 ELSE ${col} END)`);
    const add = counted.map((c, i) => `(CASE WHEN ${c} THEN ${read.agg === 'sum' ? `CAST(${same[i]!.fen} AS ${D.int})` : '1'} ELSE 0 END)`);
    return bind(`(COALESCE(${col}, 0) + ${add.join(' + ')})`);
  };
  const ledgerColumn = (plan: BenefitPlan, read: LedgerRead, inForceStart: () => string, of?: string, distinct?: string): string => {
    const sig = `${plan.id}\u0000${JSON.stringify(read)}${of === undefined ? '' : `\u0000${of}`}${distinct === undefined ? '' : `\u0000#${distinct}`}`;
    const known = readCols.get(sig);
    if (known) return known;
    const sameYear = `${D.yearOf(`l.${P}ld`)} = ${D.yearOf(`s.${asOf}`)}`;
    const window = {
      all: undefined,
      year: sameYear,
      month: `${sameYear} AND ${D.monthOf(`l.${P}ld`)} = ${D.monthOf(`s.${asOf}`)}`,
      // The days in force end on or after the as-of date whenever the decision reaches the ledger.
      'in-force': `l.${P}ld >= ${inForceStart()}`,
      // The months up to the as-of date, from the same day that many months before (compiler/ledger.ts monthsBefore).
      rolling: `l.${P}ld >= ${D.addMonths(`s.${asOf}`, -(read.months ?? 0))}`,
      // 限一次：N年内: each payment's months, counted forward from it, not over by the as-of date (compiler/ledger.ts sinceWindow).
      within: `${D.addMonths(`l.${P}ld`, read.months ?? 0)} >= s.${asOf}`,
      dates: `l.${P}ld >= ${D.date(read.from ?? '0001-01-01')} AND l.${P}ld <= ${D.date(read.to ?? '9999-12-31')}`,
    }[read.window as LedgerRead['window']];
    const match = read.match && read.match.keys.length ? keyMatch(read.match.keys, read.match.mode === 'exact', plan.id) : undefined;
    // 合并计算: the payments of the benefits this one is counted with count as its own.
    // 自行选择's `others`: only the other alternatives' payments.
    const benefits = read.others?.length
      ? `l.${P}lb IN (${read.others.map((b) => D.str(b)).join(', ')})`
      : read.with?.length
        ? `l.${P}lb IN (${[plan.id, ...read.with].map((b) => D.str(b)).join(', ')})`
        : `l.${P}lb = ${D.str(plan.id)}`;
    const when = [benefits, window, match].filter(Boolean).join(' AND ');
    const col = `${P}r${readCols.size}`;
    // `of`: the highest value of an expression over the entries read (NULL when none), instead of the read's aggregate.
    const value = of !== undefined ? of : read.agg === 'sum' ? `l.${P}lfen ELSE ${D.intLit(0n)}` : '1 ELSE 0';
    // `distinct`: how many distinct values of an expression the entries read hold (每年最多 / 最多).
    if (distinct !== undefined) aggs.push(`COUNT(DISTINCT CASE WHEN ${when} THEN ${distinct} END) AS ${col}`);
    else aggs.push(`${read.agg === 'latest' || of !== undefined ? 'MAX' : 'SUM'}(CASE WHEN ${when} THEN ${value} END) AS ${col}`);
    aggCols.push(col);
    readCols.set(sig, col);
    return col;
  };

  /** Whether the exclusion groups (就高 / 不得重复享受 / 优先) were applied in decideAll (合并计算), not by the windows below. */
  let groupsDecided = false;
  const decided: Decided[] = decideAll();

  /**
   * The benefits decided (declaration order). 合并计算 within one evaluation (steps.ts decideCounted): in countedOrder, each
   * benefit's reads of the benefits it names count what those decided before it grant (SqlGrant, from their status, fen
   * and reasons). The exclusion groups (not 自行选择) choose first, on every member's decision made without this
   * evaluation's grants (a member that counts others is decided a second time, alone, for that); a member they drop is
   * dropped again from its decision with the grants (unless that is ineligible: steps.ts drop) and grants nothing.
   */
  function decideAll(): Decided[] {
    const withs = benefits.map((b) => countedWith(b.steps).filter((id) => id !== b.id && benefits.some((x) => x.id === id)));
    if (withs.every((w) => w.length === 0)) return benefits.map((plan) => decideBenefit(plan, []));
    groupsDecided = true;
    const named = new Set(withs.flat());
    const indexOf = (id: string) => benefits.findIndex((b) => b.id === id);
    const out: (Decided | undefined)[] = benefits.map((plan, i) => (withs[i]!.length === 0 ? decideBenefit(plan, []) : undefined));
    /** Each member's decision without this evaluation's grants. */
    const alone = new Map<number, Decided>();
    const aloneOf = (i: number): Decided => {
      let d = out[i] && withs[i]!.length === 0 ? out[i] : alone.get(i);
      if (!d) alone.set(i, (d = decideBenefit(benefits[i]!, [])));
      return d;
    };
    // Group by group (steps.ts applyGroups) over the members' decisions alone: whether each is still eligible, and dropped
    // (by the first group that drops it: a member dropped is no longer eligible in the groups after).
    const eligible = new Map<string, Cond>();
    const dropped = new Map<string, { when: Cond; code: string }[]>();
    const fenOf = (id: string) => bind(`COALESCE(${aloneOf(indexOf(id)).fen}, 0)`);
    for (const g of program.groups) {
      const members = g.members.filter((m) => benefits.some((b) => b.id === m));
      if (members.length < 2 || g.mode === 'choice') continue;
      const el = members.map((m) => eligible.get(m) ?? bind(`(${aloneOf(indexOf(m)).status} = 'eligible')`));
      members.forEach((m, k) => {
        const beaten = members.flatMap((o, j) => {
          if (j === k) return [];
          if (g.mode !== 'higher-of') return j < k ? [el[j]!] : [];
          return [and(el[j]!, j < k ? `(${fenOf(o)} >= ${fenOf(m)})` : `(${fenOf(o)} > ${fenOf(m)})`)];
        });
        const drop = bind(and(el[k]!, or(...beaten)));
        if (drop !== FALSE) dropped.set(m, [...(dropped.get(m) ?? []), { when: drop, code: g.code }]);
        eligible.set(m, bind(and(el[k]!, not(drop))));
      });
    }
    /** steps.ts drop: a member the groups dropped, not ineligible with the grants, is ineligible with the group's reason. */
    const dropFrom = (d: Decided): Decided => {
      const drops = dropped.get(d.plan.id);
      if (!drops) return d;
      const status = bind(d.status);
      const now = bind(and(or(...drops.map((x) => x.when)), `(${status} <> 'ineligible')`));
      const why = `(CASE ${drops.map((x) => `WHEN ${x.when} THEN ${D.str(x.code)}`).join(' ')} END)`;
      return {
        plan: d.plan,
        status: `(CASE WHEN ${now} THEN 'ineligible' ELSE ${status} END)`,
        fen: `(CASE WHEN ${now} THEN NULL ELSE ${d.fen} END)`,
        reasons: `(CASE WHEN ${now} THEN concat_ws(',', NULLIF(${d.kept}, ''), ${why}) ELSE ${d.reasons} END)`,
        kept: d.kept,
        missing: `(CASE WHEN ${now} THEN ${D.str('')} ELSE ${d.missing} END)`,
        condition: d.condition,
        // 退还 is reported whatever the group makes of the decision (steps.ts drop keeps it).
        ...(d.clawback && { clawback: d.clawback }),
        // The outcome, instalments and bands are written only for an eligible decision (the final select).
        ...(d.outcome !== undefined && { outcome: d.outcome }),
        ...(d.instalments && { instalments: d.instalments }),
        ...(d.bands && { bands: d.bands }),
      };
    };
    const grants: SqlGrant[] = [];
    /** 自行选择: each alternative's grant before the others pruned it. */
    const baseCounted = new Map<string, Cond>();
    for (const i of countedOrder(benefits.map((b) => b.id), withs)) {
      const d = (out[i] = dropFrom(out[i] ?? decideBenefit(benefits[i]!, grants.slice())));
      const id = benefits[i]!.id;
      if (!named.has(id)) continue;
      const status = bind(d.status);
      const fen = bind(d.fen);
      const reasons = bind(d.reasons);
      // Eligible without an amount because it is not known (a parameter nobody gave, an amount pending review): open.
      const unknown = [...AMOUNT_OPEN].map((c) => `concat(',', ${reasons}, ',') LIKE '%,${c},%'`).join(' OR ');
      const open = bind(`(${status} = 'undetermined' OR (${status} = 'eligible' AND ${fen} IS NULL AND (${unknown})))`);
      const g: SqlGrant = { id, open, counted: bind(and(`(${status} = 'eligible')`, not(open))), fen: `COALESCE(${fen}, 0)` };
      // 自行选择 (steps.ts withAlternative): of the alternatives of a choice group granted so far, later benefits count only
      // the highest (the first listed on a tie).
      const group = program.groups.find((c) => c.mode === 'choice' && c.members.includes(id));
      if (group) {
        const gBase = g.counted;
        const base = new Map<string, Cond>([[id, gBase]]);
        const beats = (a: SqlGrant, b: SqlGrant) =>
          `(${a.fen} > ${b.fen}${group.members.indexOf(a.id) < group.members.indexOf(b.id) ? ` OR ${a.fen} = ${b.fen}` : ''})`;
        grants.forEach((r, k) => {
          if (!group.members.includes(r.id)) return;
          const rBase = baseCounted.get(r.id) ?? r.counted;
          grants[k] = { ...r, counted: bind(and(r.counted, not(and(gBase, beats(g, r))))) };
          g.counted = bind(and(g.counted, not(and(rBase, beats(r, g)))));
        });
        for (const [k, v] of base) baseCounted.set(k, v);
      }
      grants.push(g);
    }
    return out as Decided[];
  }

  /** One benefit's decision: its steps, in the order of the IR, as the exits of a CASE (the first that holds decides). */
  function decideBenefit(plan: BenefitPlan, grants: readonly SqlGrant[]): Decided {
    const where = plan.id;
    type Reasons = { when: Cond; code: string }[];
    /** `clear`: the exit clears the money notes first (steps.ts clearMoney: 视同享受's P4090 goes too). */
    type Exit = { when: Cond; status: string; reasons: Reasons; missing?: string; condition?: string; clear?: boolean };
    const exits: Exit[] = [];
    /** Missing facts so far, first mention first; each counts when its condition holds. */
    const miss: Miss[] = [];
    const noMissSoFar = (): Cond => not(or(...miss.map((m) => m.when)));
    let failed: Cond = FALSE;
    /** Reasons of the period and the conditions so far (P4006, P4026, P4003, P4004). */
    const reasons: Reasons = [];
    let policyStart = '0001-01-01';
    let effective: string | undefined;
    let inForce: () => string = () => D.date(effective ?? '0001-01-01');
    const condTexts: { when: Cond; text: string }[] = [];
    let clawback: SqlClawback | undefined;
    let outcome: string | undefined;
    let instalments: Decided['instalments'];
    const bandFens: NonNullable<Decided['bands']> = [];
    /** 等情形 / 原则上 known not to hold (P4091 / P4092), in condition order. */
    const soft: Reasons = [];
    const division: Reasons = [];
    /** Parameters nobody gave that conditions need (P4010, one per parameter, first mention first), as `stop-if-division` reports them. */
    const external = new Map<string, Cond>();
    /** 分期: whether the instalments before and including each one are due (by the `instalments-due` step). */
    let dueFlags: Cond[] | undefined;
    let times: Part | undefined;
    /** 最长享受, evaluated (the limit in months). */
    let months: Part | undefined;
    const values = new Map<'amount' | 'outcome' | 'yearly' | CapKind, Part>();
    let fen = 'NULL';
    /** Reasons an eligible payment carries (P4021–P4024), in the order the money steps give them. */
    const notes: Reasons = [];
    /** Notes given on being granted (视同享受, P4090): every later exit and the eligible decision carry them first. */
    const granted: Reasons = [];
    /** 金额：未载明 (the `eligible` step's `unstated`): P4135, the first reason of the eligible decision. */
    const unstated: Reasons = [];
    /** 分期 after the policy's end (the `validity` step's `grant`): when the as-of date is after it (the grant was made in force). */
    let continued: Cond = FALSE;
    let capCut: Cond = FALSE;
    /** 核定: the amount is pending review when its fact is not given (the `reviewed` step), with its reason code. */
    let pending: { when: Cond; code: string } | undefined;
    /** 分段累进: a note for each band X reaches (P4093, steps.ts bands), added when the amount is paid (round). */
    const bandNotes: Reasons = [];
    /** 每档一次 (the `bracket-quota` step): the bracket reached now, the highest paid (−1: none), and whether the step ran. */
    let brackets: { reached: string; paid: string; ran: Cond } | undefined;
    /** 每档一次：逐档 with a bracket's amount not computable: P4058 / P4059 per due bracket after P4012 (steps.ts bracketSum). */
    let bracketReasons: { when: Cond; code: string }[] = [];
    /**
     * A cap in fen: its constant, or (null) the value of its `value` step cut down to the fen (compiler/decision/steps.ts
     * capFen); a parameter nobody gave in it → eligible without an amount, P4010. Null when the cap is never known.
     */
    const capSql = (of: CapKind, f: bigint | null, exit: (x: Exit) => void): string | null => {
      if (f !== null) return D.intLit(f);
      const v = values.get(of);
      if (!v || (v.c.val.t !== 'num' && v.c.val.t !== 'none')) throw new Untranslatable('a cap that is not a number', where);
      exit({ when: not(v.c.ok), status: 'eligible', reasons: [{ when: TRUE, code: 'P4010' }], clear: true });
      if (v.c.val.t !== 'num') return null;
      const cap = bind(ec.round(v.c.val.x, 100n, 'down'));
      // A cap that comes out at zero or below: nothing is paid (steps.ts capFen, P4085).
      exit({ when: bind(and(v.c.ok, `(${cap} <= ${D.intLit(0n)})`)), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4085' }], clear: true });
      return cap;
    };
    /**
     * The policy's (or a document's) shared cap computed from the case, evaluated at its step (steps.ts poolCapFen): only
     * when there is something to cut (`live`: the amount so far above 0; otherwise the step changes nothing). Then no
     * standard → ineligible P4004; facts it needs not given → undetermined P4012 + P4108 naming them; ÷ 0 → undetermined
     * P4013; a parameter nobody gave → eligible without an amount P4010; at or below zero → ineligible P4085 — each
     * clearing the money notes. Else the cap in fen (cut down to the fen).
     */
    const poolCapSql = (expr: IExpr, exit: (x: Exit) => void, live: Cond): string => {
      const p = part(ec.compile(expr));
      if (p.c.val.t !== 'num') throw new Untranslatable('a shared cap computed from the case that is not a number', where);
      const notOk = bind(and(live, not(p.c.ok)));
      exit({ when: and(notOk, p.c.noStandard), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4004' }], clear: true });
      exit({ when: and(notOk, p.miss.any), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4012' }, { when: TRUE, code: 'P4108' }], missing: missingList(p.miss.parts), clear: true });
      exit({ when: and(notOk, p.c.divByZero), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4013' }], clear: true });
      exit({ when: notOk, status: 'eligible', reasons: [{ when: TRUE, code: 'P4010' }], clear: true });
      const cap = bind(ec.round(p.c.val.x, 100n, 'down'));
      exit({ when: bind(and(live, `(${cap} <= ${D.intLit(0n)})`)), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4085' }], clear: true });
      return cap;
    };
    /** What follows a shared cap's note or refusal (steps.ts poolNote), then (computed from the case) P4107. */
    // A cap per key (累计不超过：1000万元，项目编号；): its note or refusal is followed by P4094 (steps.ts perKey).
    const poolNotes = (s: { pool?: string; expr?: IExpr; read: LedgerRead }, when: Cond): Reasons =>
      s.pool
        ? [{ when, code: s.pool === 'all' ? 'P4061' : s.pool === 'fund' ? 'P4062' : 'P4109' }, ...(s.expr ? [{ when, code: 'P4107' }] : [])]
        : s.read.match?.keys.length
          ? [{ when, code: 'P4094' }]
          : [];
    /**
     * 合并计算 within one evaluation (steps.ts shared / countedNotes / openShared): a grant that is not known leaves the
     * decision undetermined (P4071) unless the limit is used up anyway; what the grants added is noted after the step's
     * own note or refusal (P4070 for a money limit, P4072 for 每年限次 / 最长享受).
     */
    const counted = (read: LedgerRead, code: 'P4070' | 'P4072', when: Cond = TRUE): Reasons => sameOf(read, grants).map((g) => ({ when: and(when, g.counted), code }));
    const anyOpen = (read: LedgerRead): Cond => bind(or(...sameOf(read, grants).map((g) => g.open)));
    const firstFalse = (): string => (condTexts.length ? `(CASE ${condTexts.map((c) => `WHEN ${c.when} THEN ${D.str(c.text)}`).join(' ')} END)` : 'NULL');

    const walk = (steps: readonly Step[], guard: Cond): void => {
      const exit = (x: Exit) => exits.push({ ...x, when: and(guard, x.when), ...(granted.length && !x.clear && { reasons: [...granted, ...x.reasons] }) });
      for (const s of steps) {
        switch (s.k) {
          case 'subject':
            // The query of a subject type has rows for its own benefits only (translate, above).
            break;
          case 'validity':
            // validity: not yet in force (P4002), expired (P4025).
            effective = s.effective;
            policyStart = s.effective ?? '0001-01-01';
            if (s.effective) exit({ when: `(${asOf} < ${D.date(s.effective)})`, status: 'ineligible', reasons: [{ when: TRUE, code: 'P4002' }] });
            if (s.end && s.grant) {
              // 分期: a grant with a payment on record in the days in force keeps its instalments after the end (steps.ts
              // validity); the days in force of its reads then have no end (the ledger holds no entry after the as-of date).
              const made = `COALESCE(${readColumn(plan, { ...s.grant, agg: 'latest' }, inForce, undefined, grants)}, 0) = 1`;
              exit({ when: `(${asOf} > ${D.date(s.end)} AND NOT (${made}))`, status: 'ineligible', reasons: [{ when: TRUE, code: 'P4025' }] });
              continued = bind(`(${asOf} > ${D.date(s.end)})`);
            } else if (s.end) exit({ when: `(${asOf} > ${D.date(s.end)})`, status: 'ineligible', reasons: [{ when: TRUE, code: 'P4025' }] });
            break;
          case 'period': {
            let early: Cond;
            let late: Cond;
            if (s.from) {
              const fromExpr = s.from;
              const from = part(ec.compile(fromExpr));
              if (from.c.val.t !== 'date') throw new Untranslatable('a period that does not start on a date', where);
              miss.push(...from.miss.parts);
              const start = bind(from.c.val.v);
              let end = s.until ? D.date(s.until) : undefined;
              if (s.lengthMonths !== undefined) {
                const next = D.addMonths(start, s.lengthMonths);
                const byLength = `(CASE WHEN ${D.dayOf(next)} < ${D.dayOf(start)} THEN ${next} ELSE ${D.addDays(next, -1)} END)`;
                end = end ? `(CASE WHEN ${byLength} < ${end} THEN ${byLength} ELSE ${end} END)` : byLength;
              }
              early = bind(and(from.c.ok, `(${asOf} < ${start})`));
              late = end ? bind(and(from.c.ok, `(${asOf} >= ${start})`, `(${asOf} > ${bind(end)})`)) : FALSE;
              // The ledger's window starts on the later of the policy's start and the period's (a base column or a date).
              const eff = effective;
              inForce = () => {
                if (fromExpr.k === 'date') return D.date(eff && eff > fromExpr.iso ? eff : fromExpr.iso);
                if (fromExpr.k === 'fact' && !subject.facts.get(fromExpr.name)?.derived)
                  return eff ? `GREATEST(s.${q(fromExpr.name)}, ${D.date(eff)})` : `s.${q(fromExpr.name)}`;
                throw new Untranslatable('a ledger window over a period that does not start on a date or a fact', where);
              };
            } else {
              let end = s.until ?? '9999-12-31';
              if (s.lengthMonths !== undefined) {
                const byLength = periodEnd(policyStart, s.lengthMonths);
                if (byLength < end) end = byLength;
              }
              early = bind(`(${asOf} < ${D.date(policyStart)})`);
              late = bind(`(${asOf} >= ${D.date(policyStart)} AND ${asOf} > ${D.date(end)})`);
            }
            reasons.push({ when: early, code: 'P4006' }, { when: late, code: 'P4026' });
            failed = or(failed, bind(or(early, late)));
            break;
          }
          case 'condition': {
            const p = part(ec.compile(s.expr));
            const notOk = not(p.c.ok);
            const noMiss = not(p.miss.any);
            let isFalse = bind(and(p.c.ok, not(isTrue(p.c.val.t === 'bool' ? p.c.val.v : FALSE))));
            if (s.soft) {
              // 等情形 / 原则上 known not to hold: not a failure — undetermined (P4091 / P4092) unless something else decides
              // (steps.ts condition, stopIfMissing). Unknown, it is a condition like any other.
              soft.push({ when: isFalse, code: s.soft === 'open' ? 'P4091' : 'P4092' });
              isFalse = FALSE;
            }
            const noStd = bind(and(notOk, noMiss, p.c.noStandard));
            const ext = bind(and(notOk, noMiss, not(p.c.noStandard), p.c.external));
            const divZero = bind(and(notOk, noMiss, not(p.c.noStandard), not(p.c.external)));
            miss.push(...p.miss.parts);
            reasons.push({ when: isFalse, code: 'P4003' }, { when: noStd, code: 'P4004' });
            condTexts.push({ when: isFalse, text: renderExpr(s.source, lang) });
            // A parameter nobody gave: collected (only what can change the result makes a decision undetermined).
            const param = firstExternal(s.expr, opts.params ?? {});
            if (ext !== FALSE && param !== undefined) external.set(param, or(external.get(param) ?? FALSE, ext));
            division.push({ when: divZero, code: 'P4013' });
            failed = or(failed, isFalse, noStd);
            break;
          }
          case 'fail-if-failed':
            exit({ when: failed, status: 'ineligible', reasons: [...reasons], condition: firstFalse() });
            break;
          case 'stop-if-division': {
            const ext: Reasons = [...external].map(([, when]) => ({ when: bind(when), code: 'P4010' }));
            exit({ when: and(noMissSoFar(), or(...division.map((x) => x.when), ...ext.map((x) => x.when))), status: 'undetermined', reasons: [...division, ...ext] });
            break;
          }
          case 'if-known':
            walk(s.steps, and(guard, noMissSoFar()));
            break;
          case 'times-limit':
          case 'months-limit': {
            // Evaluated like the Decider's limit: no standard → ineligible; missing facts → undetermined; a limit that
            // cannot be known (a parameter nobody gave, ÷ 0) is undetermined too, never "no limit".
            const t = part(ec.compile(s.expr));
            const tNotOk = not(t.c.ok);
            const known = and(tNotOk, not(t.c.noStandard), not(t.miss.any));
            exit({ when: and(tNotOk, t.c.noStandard), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4004' }] });
            exit({ when: and(tNotOk, not(t.c.noStandard), t.miss.any), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4012' }], missing: missingList(t.miss.parts) });
            exit({ when: and(known, t.c.external), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4050' }] });
            exit({ when: and(known, not(t.c.external)), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4013' }] });
            if (t.c.val.t !== 'num' && t.c.val.t !== 'none') throw new Untranslatable(`${s.k === 'times-limit' ? '每年限次' : '最长享受'} that is not a number`, where);
            if (s.k === 'times-limit') times = t;
            else months = t;
            break;
          }
          case 'key-facts': {
            const keyMiss = s.facts.map((f: string) => ({ name: f, when: `(${q(f)} IS NULL)` }));
            exit({ when: or(...keyMiss.map((k: { when: Cond }) => k.when)), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4012' }], missing: missingList(keyMiss) });
            break;
          }
          case 'quota': {
            // 每年最多 / 最多 read their own two columns below; every other quota one column of its read.
            const col = s.rule === 'distinct' || s.rule === 'distinct-per-year' ? '' : readColumn(plan, s.read, inForce, undefined, grants);
            if (s.rule === 'times-per-year' || s.rule === 'months') {
              const limit = s.rule === 'times-per-year' ? times : months;
              if (limit && limit.c.val.t === 'num') {
                const count = { n: `CAST(COALESCE(${col}, 0) AS ${D.int})`, d: 1n };
                exit({ when: and(limit.c.ok, `(${ec.cmpNum(count, limit.c.val.x)} >= 0)`), status: 'ineligible', reasons: [{ when: TRUE, code: s.rule === 'times-per-year' ? 'P4014' : 'P4040' }, ...counted(s.read, 'P4072')] });
                const same = sameOf(s.read, grants);
                if (same.length) {
                  // A grant of this evaluation that is not known could use the last time left.
                  const openN = { n: `(${count.n} + ${same.map((g) => `(CASE WHEN ${g.open} THEN 1 ELSE 0 END)`).join(' + ')})`, d: 1n };
                  exit({ when: and(limit.c.ok, anyOpen(s.read), `(${ec.cmpNum(openN, limit.c.val.x)} >= 0)`), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4071' }] });
                }
              }
            } else if (s.rule === 'distinct' || s.rule === 'distinct-per-year') {
              // 每年最多 / 最多 (ledger.ts distinctRefusal): the subject's own key not among those paid in the window, and `limit`
              // distinct keys paid there already. A key of several facts is one text, each value prefixed by its length.
              const cols = s.keys.map((k) => `l.${q(`key.${k.fact}`)}`);
              const tuple = cols.length === 1 ? cols[0]! : cols.map((c) => `CAST(length(${c}) AS ${D.text}) || ':' || ${c}`).join(` || '|' || `);
              const count = `CAST(COALESCE(${ledgerColumn(plan, s.read, inForce, undefined, tuple)}, 0) AS ${D.int})`;
              const own = readColumn(plan, { ...s.read, match: { mode: 'exact', keys: s.keys } }, inForce, undefined, grants);
              // 分期: a payment towards the subject's grant on record — a later instalment, not a new key.
              const started = s.grant ? ` AND COALESCE(${readColumn(plan, s.grant, inForce, undefined, grants)}, 0) = 0` : '';
              exit({ when: `(COALESCE(${own}, 0) = 0 AND ${count} >= ${s.limit ?? 0}${started})`, status: 'ineligible', reasons: [{ when: TRUE, code: s.rule === 'distinct' ? 'P4141' : 'P4140' }] });
            } else {
              const code = s.rule === 'once' ? 'P4015' : s.rule === 'chosen' ? 'P4064' : s.rule === 'once-within' ? (s.keys.length ? 'P4142' : 'P4143') : 'P4020';
              exit({ when: `(COALESCE(${col}, 0) = 1)`, status: 'ineligible', reasons: [{ when: TRUE, code }] });
            }
            break;
          }
          case 'repeat-unstated':
            // 限一次：未载明: a payment of this benefit on record → undetermined, P4089 (steps.ts repeatUnstated).
            exit({ when: `(COALESCE(${readColumn(plan, s.read, inForce, undefined, grants)}, 0) = 1)`, status: 'undetermined', reasons: [{ when: TRUE, code: 'P4089' }] });
            break;
          case 'frequency':
            exit({ when: `(COALESCE(${readColumn(plan, s.read, inForce, undefined, grants)}, 0) = 1)`, status: 'ineligible', reasons: [{ when: TRUE, code: s.code }] });
            break;
          case 'value': {
            const r = part(ec.compile(s.expr));
            values.set(s.of, r);
            const notOk = not(r.c.ok);
            exit({ when: and(notOk, r.c.noStandard), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4004' }] });
            miss.push(...r.miss.parts);
            exit({ when: and(notOk, r.c.divByZero, not(r.miss.any)), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4013' }] });
            break;
          }
          case 'bands':
            // 分段累进: the bands whose part is above 0 (steps.ts bands), noted when the amount is paid.
            for (const [i, b] of s.parts.entries()) {
              const p = part(ec.compile(b.part));
              if (p.c.val.t !== 'num') throw new Untranslatable('a band part that is not a number', where);
              const { n, d } = p.c.val.x;
              // n / d above 0 (d a constant or an expression of either sign).
              const positive = typeof d === 'bigint' ? (d > 0n ? `(${n} > 0)` : `(${n} < 0)`) : `((${n} <> 0) AND ((${n} > 0) = ((${d}) > 0)))`;
              const reached = bind(and(p.c.ok, positive));
              bandNotes.push({ when: reached, code: 'P4093' });
              // The band's part × value, half up to the fen (the batch's `bands` column; batch/decide.ts bandAmounts).
              const v = part(ec.compile(b.value));
              if (v.c.val.t !== 'num') throw new Untranslatable('a band value that is not a number', where);
              bandFens.push({ when: bind(and(reached, v.c.ok)), no: i + 1, fen: bind(ec.round(ec.mul(p.c.val.x, v.c.val.x), 100n, 'half-up')) });
            }
            break;
          case 'reviewed': {
            // 金额 that is a reviewed amount (核定): given, the amount; not given (its column NULL), pending review —
            // nothing missing, and the round step grants it without an amount (P4051 / P4052 / P4053, as steps.ts reviewed).
            // Computed from it (核定投资额 × 10%): as a `value` step for everything but the reviewed fact, never asked for.
            const r = part(ec.compile(s.expr));
            values.set('amount', r);
            const notOk = not(r.c.ok);
            const others = r.miss.parts.filter((m) => m.name !== s.fact);
            exit({ when: and(notOk, r.c.noStandard), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4004' }] });
            miss.push(...others);
            const othersMissing = or(...others.map((m) => m.when));
            exit({ when: and(notOk, r.c.divByZero, not(othersMissing)), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4013' }] });
            const ranged = s.low !== null && s.high !== null;
            const code = s.computed ? (ranged ? 'P4056' : 'P4057') : ranged ? 'P4051' : s.high !== null ? 'P4052' : 'P4053';
            pending = { when: bind(and(`(${q(s.fact)} IS NULL)`, notOk, not(r.c.external), not(othersMissing))), code };
            break;
          }
          case 'stop-if-missing': {
            // The missing facts of every step, first mention first.
            exit({ when: bind(or(...miss.map((m) => m.when))), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4012' }, ...bracketReasons, ...soft], missing: missingList(miss) });
            // 等情形 / 原则上 not holding, nothing else failing or missing: the authority decides.
            exit({ when: or(...soft.map((x) => x.when)), status: 'undetermined', reasons: [...soft] });
            break;
          }
          case 'eligible':
            // 金额：未载明: granted without an amount, said so (P4135) before anything noted after. Designations and
            // equivalences are not columns of the result.
            if (s.unstated) unstated.push({ when: TRUE, code: 'P4135' });
            // 分期 after the policy's end, a grant made in force (P4124, steps.ts eligible): carried as a grant's note.
            if (continued !== FALSE) granted.push({ when: continued, code: 'P4124' });
            // 授予 / 视同: the outcome as batch/decide.ts outcomeCell words it (a designation's Chinese text, an enum value's label).
            if (s.designation) outcome = D.str(s.designation.zh);
            else if (values.has('outcome')) outcome = outcomeSql(values.get('outcome')!, plan.steps, where);
            break;
          case 'treated-as': {
            // 视同享受: granted with A holding and B not → P4090 (compiler/decision/steps.ts treatedAs).
            const a = part(ec.compile(s.a));
            const bb = part(ec.compile(s.b));
            const holds = (p: Part) => and(p.c.ok, isTrue(p.c.val.t === 'bool' ? p.c.val.v : FALSE));
            granted.push({ when: bind(and(holds(a), not(holds(bb)))), code: 'P4090' });
            break;
          }
          case 'round': {
            const amount = values.get('amount');
            if (!amount) throw new Untranslatable('an amount rounded before it is computed', where);
            if (amount.c.val.t !== 'num' && amount.c.val.t !== 'none') throw new Untranslatable('an amount that is not a number', where);
            if (pending) exit({ when: pending.when, status: 'eligible', reasons: [{ when: TRUE, code: pending.code }] });
            exit({ when: not(amount.c.ok), status: 'eligible', reasons: [{ when: TRUE, code: 'P4010' }] });
            if (amount.c.val.t === 'num') {
              let f = ec.round(amount.c.val.x, s.scale, s.mode, s.step);
              if (s.step) f = `(${f} * ${D.intLit(s.step * 100n)})`;
              else if (s.scale !== 100n) f = `(${f} * ${D.intLit(100n / s.scale)})`;
              fen = bind(f);
            }
            notes.push(...bandNotes);
            break;
          }
          case 'ceiling': {
            if (fen === 'NULL') break;
            const cap = capSql('ceiling', s.fen, exit);
            if (cap === null) {
              fen = 'NULL';
              break;
            }
            // 原则上最高: the same cut, noted P4120 (the authority may depart from it) instead of P4023.
            notes.push({ when: bind(`(${fen} > ${cap})`), code: s.inPrinciple ? 'P4120' : 'P4023' });
            fen = bind(`(CASE WHEN ${fen} > ${cap} THEN ${cap} ELSE ${fen} END)`);
            break;
          }
          case 'running-total': {
            if (fen === 'NULL') break;
            const paidP = `CAST(COALESCE(${readColumn(plan, s.read, inForce, undefined, grants)}, 0) AS ${D.int})`;
            let ent = fen;
            if (s.annualCap !== null) {
              const cap = D.intLit(s.annualCap);
              capCut = bind(`(${fen} > ${cap})`);
              ent = bind(`(CASE WHEN ${fen} > ${cap} THEN ${cap} ELSE ${fen} END)`);
            }
            const due = bind(`(CASE WHEN ${ent} > ${paidP} THEN ${ent} - ${paidP} ELSE ${D.intLit(0n)} END)`);
            const paidSome = bind(`(${paidP} > 0)`);
            exit({ when: and(`(${due} = 0)`, paidSome), status: 'ineligible', reasons: [...paymentless(notes), { when: TRUE, code: 'P4019' }] , clear: true });
            notes.push({ when: paidSome, code: 'P4024' });
            fen = due;
            break;
          }
          case 'top-up': {
            // 补差: the standard now reached minus what was paid in the payment period (compiler/ledger.ts settleTopUp).
            if (fen === 'NULL') break;
            const paidT = `CAST(COALESCE(${readColumn(plan, s.read, inForce, undefined, grants)}, 0) AS ${D.int})`;
            const paidSome = bind(`(${paidT} > 0)`);
            exit({ when: and(paidSome, `(${fen} <= ${paidT})`), status: 'ineligible', reasons: [...paymentless(notes), { when: TRUE, code: 'P4055' }, ...counted(s.read, 'P4070')] , clear: true });
            exit({ when: anyOpen(s.read), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4071' }] });
            notes.push({ when: paidSome, code: 'P4054' }, ...counted(s.read, 'P4070', paidSome));
            fen = bind(`(CASE WHEN ${paidSome} THEN ${fen} - ${paidT} ELSE ${fen} END)`);
            break;
          }
          case 'annual-cap': {
            if (fen === 'NULL') break;
            // A shared cap computed from the case limits only an amount above 0 (steps.ts poolCapFen); a constant one always.
            const live: Cond = s.expr ? bind(`(${fen} > ${D.intLit(0n)})`) : TRUE;
            const cap = s.expr ? poolCapSql(s.expr, exit, live) : capSql('annual-cap', s.fen, exit);
            if (cap === null) {
              fen = 'NULL';
              break;
            }
            const paid = `CAST(COALESCE(${readColumn(plan, s.read, inForce, undefined, grants)}, 0) AS ${D.int})`;
            const headroom = bind(`(CASE WHEN ${cap} > ${paid} THEN ${cap} - ${paid} ELSE ${D.intLit(0n)} END)`);
            // The policy's shared cap (steps.ts annualCap with `pool`): P4061 / P4062 / P4109 (and P4107) after its note or refusal.
            exit({ when: and(live, `(${headroom} = 0)`), status: 'ineligible', reasons: [...paymentless(notes), { when: TRUE, code: 'P4005' }, ...poolNotes(s, TRUE), ...counted(s.read, 'P4070')] , clear: true });
            exit({ when: and(live, anyOpen(s.read)), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4071' }] });
            const limited = bind(or(`(${fen} > ${headroom})`, capCut));
            fen = bind(`(CASE WHEN ${fen} > ${headroom} THEN ${headroom} ELSE ${fen} END)`);
            notes.push({ when: and(`(${fen} > 0)`, limited), code: 'P4022' }, { when: and(`(${fen} > 0)`, not(limited)), code: 'P4021' }, ...poolNotes(s, `(${fen} > 0)`), ...counted(s.read, 'P4070', `(${fen} > 0)`));
            break;
          }
          case 'instalments-due': {
            // In order: an instalment is due while every condition up to it holds; the first that is unknown for
            // missing facts names them (they decide the payment); the first that is false or not computable stops.
            let prefix: Cond = TRUE;
            dueFlags = [];
            for (const w of s.when) {
              if (w) {
                const p = part(ec.compile(w));
                miss.push(...p.miss.parts.map((m) => ({ ...m, when: bind(and(prefix, m.when)) })));
                prefix = bind(and(prefix, p.c.ok, isTrue(p.c.val.t === 'bool' ? p.c.val.v : FALSE)));
              }
              dueFlags.push(prefix);
            }
            break;
          }
          case 'instalments': {
            // 分N年发放 reads the date of the grant's first payment, which the SQL ledger reads do not give yet.
            if (s.yearly) throw new Untranslatable('分N年发放 (yearly instalments: 分期：N年)', plan.id);
            if (fen === 'NULL') break;
            const total = fen;
            const paidP = `CAST(COALESCE(${readColumn(plan, s.read, inForce, undefined, grants)}, 0) AS ${D.int})`;
            const zero = D.intLit(0n);
            let owed: string;
            if (s.stages) {
              // compiler/ledger.ts instalmentSizes: each share half up to the fen, never more than what is left; the last of
              // shares adding up to 100% and 余款 take what is left.
              const sizes = sizesSql(total, s.stages, bind);
              const flags = dueFlags ?? s.stages.map(() => TRUE);
              owed = bind(`(${sizes.map((z, i) => (flags[i] === TRUE ? z : flags[i] === FALSE ? zero : `(CASE WHEN ${flags[i]} THEN ${z} ELSE ${zero} END)`)).join(' + ')})`);
            } else owed = total;
            const pay = bind(`(CASE WHEN ${owed} > ${paidP} THEN ${owed} - ${paidP} ELSE ${zero} END)`);
            const allPaid = bind(`(${paidP} >= ${total})`);
            exit({ when: and(`(${pay} = 0)`, allPaid), status: 'ineligible', reasons: [...paymentless(notes), { when: TRUE, code: 'P4104' }] , clear: true });
            exit({ when: `(${pay} = 0)`, status: 'ineligible', reasons: [...paymentless(notes), { when: TRUE, code: 'P4103' }] , clear: true });
            notes.push({ when: TRUE, code: s.stages ? 'P4105' : 'P4106' });
            instalments = { total, paid: paidP, due: owed };
            fen = pay;
            break;
          }
          case 'cumulative-cap': {
            if (fen === 'NULL') break;
            const paid = `CAST(COALESCE(${readColumn(plan, s.read, inForce, undefined, grants)}, 0) AS ${D.int})`;
            // A fixed window the as-of date is not in does not limit the payment (a cap computed from the case is evaluated still).
            const applies: Cond = s.read.window === 'dates' ? bind(`(${asOf} >= ${D.date(s.read.from ?? '0001-01-01')} AND ${asOf} <= ${D.date(s.read.to ?? '9999-12-31')})`) : TRUE;
            const live: Cond = s.expr ? bind(`(${fen} > ${D.intLit(0n)})`) : TRUE;
            const cap = s.expr ? poolCapSql(s.expr, exit, live) : capSql('cumulative-cap', s.fen, exit);
            if (cap === null) {
              fen = 'NULL';
              break;
            }
            const on = and(live, applies);
            const headroom = bind(`(CASE WHEN ${cap} > ${paid} THEN ${cap} - ${paid} ELSE ${D.intLit(0n)} END)`);
            exit({ when: and(on, `(${headroom} = 0)`), status: 'ineligible', reasons: [...paymentless(notes), { when: TRUE, code: 'P4102' }, ...poolNotes(s, TRUE), ...counted(s.read, 'P4070')] , clear: true });
            exit({ when: and(on, anyOpen(s.read)), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4071' }] });
            const limited = bind(and(on, `(${fen} > ${headroom})`));
            fen = bind(`(CASE WHEN ${limited} THEN ${headroom} ELSE ${fen} END)`);
            notes.push(
              { when: and(on, `(${fen} > 0)`, limited), code: 'P4101' },
              { when: and(on, `(${fen} > 0)`, not(limited)), code: 'P4100' },
              ...poolNotes(s, and(on, `(${fen} > 0)`)),
              ...counted(s.read, 'P4070', and(on, `(${fen} > 0)`)),
            );
            break;
          }
          case 'positive':
            if (fen !== 'NULL') exit({ when: `(${fen} <= 0)`, status: 'ineligible', reasons: [...notes, { when: TRUE, code: 'P4011' }] });
            break;
          case 'bracket-quota': {
            // 每档一次 (steps.ts bracketQuota; ledger.ts bracketReached / bracketPaid / bracketRefusal): the highest bracket
            // the fact's value reaches, the highest one an earlier payment's key value reaches (each entry's key records
            // the value it was paid for); every bracket reached paid already → ineligible, P4060. The fact is known here
            // (a key fact); the step runs only when nothing is missing so far (`guard`).
            const fact = subject.facts.get(s.fact);
            if (!fact || fact.derived || fact.type.kind !== 'quantity') throw new Untranslatable(`每档一次 by ${s.fact}, not a stored quantity`, where);
            const v = ec.columnValue(s.fact, q(s.fact));
            if (v.t !== 'num') throw new Untranslatable(`每档一次 by ${s.fact}, not a number`, where);
            const reached = bind(bracketOf(s.bounds, v.x, `${q(s.fact)} IS NULL`, (x, b) => ec.cmpNum(x, ec.lit(b))));
            // A key value as an exact decimal (validated keys are decimals of at most 6 places; anything else reaches none).
            const keyCol = `l.${q(`key.${s.fact}`)}`;
            const key = `TRY_CAST(${keyCol} AS DECIMAL(38,6))`;
            const paidIdx = bracketOf(s.bounds, { n: key, d: 1n }, `${key} IS NULL`, (x, b) => {
              const text = decimal6(b);
              if (text === undefined) throw new Untranslatable(`每档一次 with a threshold of more than 6 decimal places (${b.n}/${b.d})`, where);
              return `(CASE WHEN ${x.n} < CAST('${text}' AS DECIMAL(38,6)) THEN -1 WHEN ${x.n} > CAST('${text}' AS DECIMAL(38,6)) THEN 1 ELSE 0 END)`;
            });
            const paid = bind(`COALESCE(${readColumn(plan, s.read, inForce, paidIdx, grants)}, -1)`);
            exit({ when: bind(`(${reached} >= 0 AND ${reached} <= ${paid})`), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4060' }] });
            brackets = { reached, paid, ran: guard };
            break;
          }
          case 'bracket-sum': {
            // 每档一次：逐档 (steps.ts bracketSum): when the brackets were read and the amount is known, the amount is the sum
            // of the values of the brackets reached and not yet paid. The first of those values that fails without missing
            // facts decides as an amount would (no standard P4004, ÷ 0 P4013, a parameter nobody gave → no amount P4010);
            // else their missing facts, in bracket order, make the decision undetermined; else their sum.
            const amount = values.get('amount');
            if (!amount || !brackets) throw new Untranslatable('每档一次：逐档 without its amount or its brackets', where);
            if (amount.c.val.t !== 'num' && amount.c.val.t !== 'none') throw new Untranslatable('每档一次：逐档 of an amount that is not a number', where);
            const active = bind(and(brackets.ran, amount.c.ok));
            const bs = brackets;
            const vals = s.values.map((x) => part(ec.compile(x)));
            const due = vals.map((_, i) => bind(`(${bs.paid} < ${i} AND ${i} <= ${bs.reached})`));
            const failing = vals.map((x, i) => and(active, due[i]!, not(x.c.ok)));
            const special = vals.map((x, i) => bind(and(failing[i]!, not(x.miss.any))));
            const first = special.map((sp, i) => and(sp, ...special.slice(0, i).map((p) => not(p))));
            const anySpecial = bind(or(...special));
            exit({ when: bind(or(...vals.map((x, i) => and(first[i]!, x.c.noStandard)))), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4004' }] });
            exit({ when: bind(or(...vals.map((x, i) => and(first[i]!, not(x.c.noStandard), x.c.divByZero)))), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4013' }] });
            vals.forEach((x, i) => miss.push(...x.miss.parts.map((m) => ({ ...m, when: bind(and(active, due[i]!, not(anySpecial), m.when)) }))));
            let sum: Num = { n: D.intLit(0n), d: 1n };
            vals.forEach((x, i) => {
              if (x.c.val.t === 'none') return;
              if (x.c.val.t !== 'num') throw new Untranslatable('每档一次：逐档 of a bracket value that is not a number', where);
              const { n, d } = x.c.val.x;
              sum = ec.add(sum, { n: `(CASE WHEN ${due[i]} THEN ${n} ELSE ${D.intLit(0n)} END)`, d: typeof d === 'bigint' ? d : `(CASE WHEN ${due[i]} THEN ${d} ELSE ${D.intLit(1n)} END)` }, 1);
            });
            const sumVal = { t: 'num' as const, x: { n: bind(sum.n), d: typeof sum.d === 'bigint' ? sum.d : bind(sum.d) } };
            // Several brackets due and one's amount not computable for missing facts (the top one's is the amount's), none
            // failing otherwise: each due bracket's amount known (P4058) or missing (P4059), in bracket order.
            const dueAll = vals.map((x, i) => bind(and(bs.ran, due[i]!, not(x.c.ok))));
            const anySpecialAll = or(...vals.map((x, i) => and(dueAll[i]!, not(x.miss.any))));
            const amountMissing = and(not(amount.c.ok), amount.miss.any, not(amount.c.noStandard), not(amount.c.divByZero), not(amount.c.external));
            const breakdown = bind(and(bs.ran, `(${bs.reached} - ${bs.paid} >= 2)`, not(anySpecialAll), or(amountMissing, and(amount.c.ok, or(...dueAll)))));
            bracketReasons = vals.flatMap((x, i) => [
              { when: bind(and(breakdown, due[i]!, x.c.ok)), code: 'P4058' },
              { when: bind(and(breakdown, due[i]!, not(x.c.ok))), code: 'P4059' },
            ]);
            const ok = bind(and(amount.c.ok, not(or(...failing))));
            const c: Compiled = {
              ok,
              val: amount.c.val.t === 'num' ? ec.pick(active, amount.c.val, sumVal) : sumVal,
              miss: [],
              noStandard: or(and(not(amount.c.ok), amount.c.noStandard), ...vals.map((x, i) => and(first[i]!, x.c.noStandard))),
              external: or(and(not(amount.c.ok), amount.c.external), ...vals.map((x, i) => and(first[i]!, x.c.external))),
              divByZero: or(and(not(amount.c.ok), amount.c.divByZero), ...vals.map((x, i) => and(first[i]!, x.c.divByZero))),
            };
            values.set('amount', { c, miss: { any: FALSE, parts: [] } });
            break;
          }
          case 'referral': {
            // 转按 (steps.ts referral): with facts missing so far (or missing for `when`) it only collects them; else with
            // no `when` or `when` true → ineligible, referred (P4095 / P4096); `when` not computable → P4004 (no standard),
            // P4010 (a parameter nobody gave), P4013; false → decided here as usual.
            const p = s.when ? part(ec.compile(s.when)) : undefined;
            if (p) miss.push(...p.miss.parts);
            const known = noMissSoFar();
            if (!p) {
              exit({ when: known, status: 'ineligible', reasons: [{ when: TRUE, code: 'P4095' }] });
              break;
            }
            const notOk = bind(and(known, not(p.c.ok)));
            exit({ when: and(notOk, p.c.noStandard), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4004' }] });
            exit({ when: and(notOk, p.c.external), status: 'undetermined', reasons: [{ when: TRUE, code: 'P4010' }] });
            exit({ when: notOk, status: 'undetermined', reasons: [{ when: TRUE, code: 'P4013' }] });
            exit({ when: bind(and(known, p.c.ok, isTrue(p.c.val.t === 'bool' ? p.c.val.v : FALSE))), status: 'ineligible', reasons: [{ when: TRUE, code: 'P4096' }] });
            break;
          }
          case 'clawback': {
            // 退还 / 追回 (steps.ts clawback), beside the decision: of what this benefit paid up to the as-of date, nothing
            // when nothing was paid or the condition is false (or has no standard); all of it, a share (half up to the fen)
            // or at most an amount when it holds (due, P4086); unknown → undetermined, P4087 naming the missing facts, P4088.
            const p = part(ec.compile(s.when));
            const paid = bind(`CAST(COALESCE(${readColumn(plan, s.read, inForce, undefined, grants)}, 0) AS ${D.int})`);
            const some = `(${paid} > 0)`;
            const due = bind(and(some, p.c.ok, isTrue(p.c.val.t === 'bool' ? p.c.val.v : FALSE)));
            const unknown = bind(and(some, not(p.c.ok), or(p.miss.any, not(p.c.noStandard))));
            const returned = s.share
              ? D.idiv(`(${paid} * ${D.intLit(2n * s.share.n)} + ${D.intLit(s.share.d)})`, D.intLit(2n * s.share.d))
              : s.fen !== null
                ? `(CASE WHEN ${D.intLit(s.fen)} < ${paid} THEN ${D.intLit(s.fen)} ELSE ${paid} END)`
                : paid;
            clawback = {
              status: `(CASE WHEN ${due} THEN 'due' WHEN ${unknown} THEN 'undetermined' END)`,
              fen: `(CASE WHEN ${due} THEN ${returned} END)`,
              paid: `(CASE WHEN ${due} OR ${unknown} THEN ${paid} END)`,
              reason: `(CASE WHEN ${due} THEN 'P4086' WHEN ${unknown} THEN (CASE WHEN ${p.miss.any} THEN 'P4087' ELSE 'P4088' END) END)`,
              missing: `(CASE WHEN ${unknown} THEN ${missingList(p.miss.parts)} ELSE ${D.str('')} END)`,
            };
            break;
          }
          default:
            throw new Untranslatable(`the decision step ${(s as { k: string }).k}`, where);
        }
      }
    };
    walk(plan.steps, TRUE);

    // The decision: the first exit that applies, in the order of the steps.
    const live = exits.filter((x) => x.when !== FALSE);
    const pick = (f: (x: Exit) => string, otherwise: string) => {
      const arms = [];
      for (const x of live) {
        arms.push(`WHEN ${x.when} THEN ${f(x)}`);
        if (x.when === TRUE) break;
      }
      return arms.length === 0 ? otherwise : `(CASE ${arms.join(' ')} ELSE ${otherwise} END)`;
    };
    return {
      plan,
      status: pick((x) => D.str(x.status), D.str('eligible')),
      fen: pick(() => 'NULL', fen),
      reasons: pick((x) => codes(x.reasons), codes([...unstated, ...granted, ...notes])),
      kept: pick((x) => codes(x.reasons.filter((r) => !GONE_ON_DROP.has(r.code))), codes([...unstated, ...notes].filter((r) => !GONE_ON_DROP.has(r.code)))),
      missing: pick((x) => x.missing ?? D.str(''), D.str('')),
      condition: pick((x) => x.condition ?? 'NULL', 'NULL'),
      ...(clawback && { clawback }),
      ...(outcome !== undefined && { outcome }),
      ...(instalments && { instalments }),
      ...(bandFens.length && { bands: bandFens }),
    };
  }

  /** An outcome's value as its Chinese text (compiler/decision/reasons.ts outcomeText): a text, an enum value's label, a level's name. */
  function outcomeSql(p: Part, steps: readonly Step[], where: string): string {
    const v = p.c.val;
    const step = steps.find((x): x is Extract<Step, { k: 'value' }> => x.k === 'value' && x.of === 'outcome');
    const type = step?.expr.type;
    let text: string;
    if (v.t === 'str') text = v.v;
    else if (v.t === 'level') text = v.name;
    else if (v.t === 'enum' && type?.kind === 'enum') {
      const labelled = (model.enums.get(type.of)?.values ?? []).filter((x) => x.label && x.label.zh !== x.name);
      text = labelled.length ? `(CASE ${v.v} ${labelled.map((x) => `WHEN ${D.str(x.name)} THEN ${D.str(x.label!.zh)}`).join(' ')} ELSE ${v.v} END)` : v.v;
    } else throw new Untranslatable(`an outcome that is a ${v.t}`, where);
    return `(CASE WHEN ${p.c.ok} THEN CAST(${text} AS ${D.text}) END)`;
  }

  // ---- the SQL text ----
  const id = q(names.id);
  const ctes: string[] = [];
  ctes.push(`${P}run AS (SELECT ${D.date(opts.asOf)} AS ${asOf})`);
  ctes.push(`${P}base AS (SELECT s.*, ${opts.asOfColumn ? `s.${q(opts.asOfColumn)}` : `r.${asOf}`} AS ${asOf} FROM ${names.subject(subject.name)} s CROSS JOIN ${P}run r)`);
  let from = `${P}base`;
  if (aggs.length > 0) {
    const keyCols = keyFacts.map((f) => `, CAST(l.${q(`key.${f}`)} AS ${D.text}) AS ${q(`key.${f}`)}`).join('');
    ctes.push(
      `${P}ledger AS (SELECT l.${q(names.ledgerId)} AS ${P}lid, l.${q(names.ledgerBenefit)} AS ${P}lb, l.${q(names.ledgerDate)} AS ${P}ld, ` +
        `CAST(l.${q(names.ledgerAmount)} * 100 AS ${D.int}) AS ${P}lfen${keyCols} FROM ${names.ledger} l)`,
    );
    ctes.push(`${P}agg AS (SELECT s.${id} AS ${P}aid, ${aggs.join(', ')} FROM ${P}ledger l JOIN ${P}base s ON l.${P}lid = s.${id} AND l.${P}ld <= s.${asOf} GROUP BY s.${id})`);
    ctes.push(`${P}l0 AS (SELECT s.*, ${aggCols.map((c) => `a.${c}`).join(', ')} FROM ${P}base s LEFT JOIN ${P}agg a ON a.${P}aid = s.${id})`);
    from = `${P}l0`;
  }
  layers.layers.forEach((cols, i) => {
    // The last layer is read once per benefit: computed once.
    const as = i === layers.layers.length - 1 && decided.length > 1 ? D.materialized : 'AS';
    ctes.push(`${P}l${i + 1} ${as} (SELECT *, ${cols.map((c) => `${c.expr} AS ${c.col}`).join(',\n    ')}\n  FROM ${from})`);
    from = `${P}l${i + 1}`;
  });
  // A bare NULL has no type (Spark: VOID, which its CSV writer refuses when no benefit of a query has a fund or a clause).
  const fundText = (b: BenefitPlan) => (b.fund ? D.str(labelText(model.funds.get(b.fund)?.label, lang, b.fund)) : `CAST(NULL AS ${D.text})`);
  // A decided amount as DECIMAL(38,2), not the DECIMAL(18,2) facts are stored in: a count × a standard amount (each at
  // most 10^12, compiler/input.ts MAX_NUMBER) can pass 10^16 yuan, and a cast to DECIMAL(18,2) stopped the whole run.
  const toMoney = (fen: string) => `CAST(CAST(${fen} AS DECIMAL(38,0)) * CAST(0.01 AS DECIMAL(3,2)) AS DECIMAL(38,2))`;
  // 退还 / 追回 (a policy that has one, in every query of it): five more columns, carried through the groups unchanged.
  const withClawback = program.benefits.some((b) => b.steps.some((s) => s.k === 'clawback'));
  const nullText = `CAST(NULL AS ${D.text})`;
  const clawbackCols = (c: SqlClawback | undefined): string =>
    withClawback
      ? `, ${c?.status ?? nullText} AS ${P}cs, ${c?.fen ?? `CAST(NULL AS ${D.int})`} AS ${P}cfen, ${c?.paid ?? `CAST(NULL AS ${D.int})`} AS ${P}cpaid, ` +
        `${c?.reason ?? nullText} AS ${P}cr, ${c?.missing ?? D.str('')} AS ${P}cm`
      : '';
  // 授予 / 视同 (a policy that grants an outcome): one more column, the outcome's text, kept in the result only when eligible.
  const withOutcome = program.benefits.some((b) => b.steps.some((x) => (x.k === 'eligible' && x.designation) || (x.k === 'value' && x.of === 'outcome')));
  const outcomeCol = (o: string | undefined): string => (withOutcome ? `, ${o ?? nullText} AS ${P}oc` : '');
  // 分期 / 分段累进 (a policy with one): the instalments (`total=…;paid=…;due=…`) and the bands reached (`1=…;2=…`) as text,
  // written only for an eligible decision with an amount (batch/decide.ts parses them back).
  const withInstalments = program.benefits.some((b) => hasStep(b.steps, 'instalments'));
  const withBands = program.benefits.some((b) => hasStep(b.steps, 'bands'));
  const moneyText = (fen: string) => `CAST(${toMoney(fen)} AS ${D.text})`;
  const partsCols = (d: Decided | undefined): string => {
    let out = '';
    if (withInstalments) {
      const i = d?.instalments;
      out += `, ${i ? `concat('total=', ${moneyText(i.total)}, ';paid=', ${moneyText(i.paid)}, ';due=', ${moneyText(i.due)})` : nullText} AS ${P}in`;
    }
    if (withBands) {
      const b = d?.bands;
      out += `, ${b ? `NULLIF(concat_ws(';', ${b.map((x) => `CASE WHEN ${x.when} THEN concat('${x.no}=', ${moneyText(x.fen)}) END`).join(', ')}), '')` : nullText} AS ${P}bd`;
    }
    return out;
  };
  const carried = (withClawback ? `, ${P}cs, ${P}cfen, ${P}cpaid, ${P}cr, ${P}cm` : '') + (withOutcome ? `, ${P}oc` : '') + (withInstalments ? `, ${P}in` : '') + (withBands ? `, ${P}bd` : '');
  const rows = decided.map(
    (d, i) =>
      `SELECT ${id} AS ${q('id')}, ${i} AS ${P}bi, ${D.str(d.plan.id)} AS ${q('benefit')}, ${d.status} AS ${q('status')}, ${d.fen} AS ${P}fen, ` +
      `${fundText(d.plan)} AS ${q('fund')}, ${d.plan.clause !== undefined ? D.str(d.plan.clause) : nullText} AS ${q('clause')}, ${d.reasons} AS ${P}reasons, ` +
      `${d.missing} AS ${q('missing')}, ${d.condition} AS ${q('condition')}${clawbackCols(d.clawback)}${outcomeCol(d.outcome)}${partsCols(d)} FROM ${from}`,
  );
  if (rows.length === 0) rows.push(`SELECT ${id} AS ${q('id')}, 0 AS ${P}bi, ${nullText} AS ${q('benefit')}, ${nullText} AS ${q('status')}, CAST(NULL AS ${D.int}) AS ${P}fen, ${nullText} AS ${q('fund')}, ${nullText} AS ${q('clause')}, '' AS ${P}reasons, '' AS ${q('missing')}, ${nullText} AS ${q('condition')}${clawbackCols(undefined)}${outcomeCol(undefined)}${partsCols(undefined)} FROM ${from} WHERE FALSE`);
  ctes.push(`${P}d0 AS (\n  ${rows.join('\n  UNION ALL\n  ')}\n)`);
  // exclusion groups: group by group, among the members still eligible, keep one (window functions per subject).
  let cur = `${P}d0`;
  program.groups.forEach((g, gi) => {
    const members = g.members.filter((m) => benefits.some((b) => b.id === m));
    if (members.length < 2 || (groupsDecided && g.mode !== 'choice')) return;
    const pos = `(CASE ${q('benefit')} ${members.map((m, k) => `WHEN ${D.str(m)} THEN ${k}`).join(' ')} END)`;
    const inGroup = `(${q('benefit')} IN (${members.map((m) => D.str(m)).join(', ')}) AND ${q('status')} = 'eligible')`;
    if (g.mode === 'choice') {
      // 自行选择 (steps.ts applyGroups): with two or more eligible members, each is marked an alternative (P4063); none is dropped.
      const next = `${P}g${gi}`;
      ctes.push(`${next}w AS (SELECT *, CASE WHEN ${inGroup} THEN COUNT(*) OVER (PARTITION BY ${q('id')}, ${inGroup}) END AS ${P}alts FROM ${cur})`);
      ctes.push(
        `${next} AS (SELECT ${q('id')}, ${P}bi, ${q('benefit')}, ${q('status')}, ${P}fen, ${q('fund')}, ${q('clause')}, ` +
          `CASE WHEN ${P}alts > 1 THEN concat_ws(',', CASE WHEN ${P}reasons <> '' THEN ${P}reasons END, '${g.code}') ELSE ${P}reasons END AS ${P}reasons, ${q('missing')}, ${q('condition')}${carried} FROM ${next}w)`,
      );
      cur = next;
      return;
    }
    const order = g.mode === 'higher-of' ? `COALESCE(${P}fen, 0) DESC, ${pos}` : pos;
    const code = g.code;
    const next = `${P}g${gi}`;
    ctes.push(
      `${next}w AS (SELECT *, CASE WHEN ${inGroup} THEN ROW_NUMBER() OVER (PARTITION BY ${q('id')}, ${inGroup} ORDER BY ${order}) END AS ${P}rank FROM ${cur})`,
    );
    const demoted = `${P}rank > 1`;
    ctes.push(
      `${next} AS (SELECT ${q('id')}, ${P}bi, ${q('benefit')}, CASE WHEN ${demoted} THEN 'ineligible' ELSE ${q('status')} END AS ${q('status')}, ` +
        `CASE WHEN ${demoted} THEN NULL ELSE ${P}fen END AS ${P}fen, ${q('fund')}, ${q('clause')}, ` +
        // An eligible payment's reasons are P4010, an amount pending review (P4051–P4053, kept like P4010), or notes on the
        // money (P4021–P4024), which go with the payment.
        `CASE WHEN ${demoted} THEN concat_ws(',', CASE WHEN ${P}reasons IN (${[...AMOUNT_OPEN].map((c) => `'${c}'`).join(', ')}) THEN ${P}reasons END, '${code}') ELSE ${P}reasons END AS ${P}reasons, ${q('missing')}, ${q('condition')}${carried} FROM ${next}w)`,
    );
    cur = next;
  });
  const reason = `CASE WHEN ${P}reasons = '' THEN NULL ELSE split_part(${P}reasons, ',', 1) END`;
  // 分担: a grant shared by funds has no one fund; its fund column lists each fund's part of the amount paid
  // (“市级资金=60000.01;区级资金=40000.00”, compiler/ledger.ts instalmentSizes), NULL when nothing is paid.
  const split = benefits.filter((b) => b.split);
  const fundCol = split.length
    ? `(CASE ${q('benefit')} ${split.map((b) => `WHEN ${D.str(b.id)} THEN ${splitText(b, `${P}fen`)}`).join(' ')} ELSE CAST(${q('fund')} AS ${D.text}) END)`
    : `CAST(${q('fund')} AS ${D.text})`;
  function splitText(b: BenefitPlan, total: string): string {
    const parts = sizesSql(total, b.split!.map((p) => p.size), (x) => x);
    const text = b.split!.map((p, i) => `${D.str(`${labelText(model.funds.get(p.fund)?.label, lang, p.fund)}=`)}, CAST(${toMoney(parts[i]!)} AS ${D.text})`);
    return `(CASE WHEN ${q('status')} = 'eligible' AND ${total} IS NOT NULL THEN concat(${text.join(`, ';', `)}) END)`;
  }
  const select =
    `SELECT ${q('id')}, ${D.str(subject.name)} AS ${q('subject')}, ${q('benefit')}, ${q('status')}, ${toMoney(`${P}fen`)} AS ${q('amount')}, ${fundCol} AS ${q('fund')}, CAST(${q('clause')} AS ${D.text}) AS ${q('clause')}, ` +
    `${reason} AS ${q('reason')}, ${P}reasons AS ${q('reasons')}, ${q('missing')}, CAST(${q('condition')} AS ${D.text}) AS ${q('condition')}` +
    (withClawback
      ? `, CAST(${P}cs AS ${D.text}) AS ${q('clawback')}, ${toMoney(`${P}cfen`)} AS ${q('clawback_amount')}, ${toMoney(`${P}cpaid`)} AS ${q('clawback_paid')}, ` +
        `CAST(${P}cr AS ${D.text}) AS ${q('clawback_reason')}, ${P}cm AS ${q('clawback_missing')}`
      : '') +
    (withOutcome ? `, CAST(CASE WHEN ${q('status')} = 'eligible' THEN ${P}oc END AS ${D.text}) AS ${q('outcome')}` : '') +
    (withInstalments ? `, CAST(CASE WHEN ${q('status')} = 'eligible' AND ${P}fen IS NOT NULL THEN ${P}in END AS ${D.text}) AS ${q('instalments')}` : '') +
    (withBands ? `, CAST(CASE WHEN ${q('status')} = 'eligible' AND ${P}fen IS NOT NULL THEN ${P}bd END AS ${D.text}) AS ${q('bands')}` : '') +
    `\nFROM ${cur}`;
  const head = `-- ${D.name}: decisions for subject type ${commentSafe(subject.name)} (${benefits.length} benefits)\n`;
  return `${head}WITH ${ctes.join(',\n')}\n${select}`;
}

/** Whether a plan has a step of kind `k` (inside `if-known` too). */
export function hasStep(steps: readonly Step[], k: Step['k']): boolean {
  return steps.some((s) => s.k === k || (s.k === 'if-known' && hasStep(s.steps, k)));
}

function commentSafe(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]/g, ' ');
}

/** A refused payment's reasons keep no note of a payment (decision/steps.ts Decider.noted): the notes but the money notes. */
const paymentless = <T extends { code: string }>(notes: readonly T[]): T[] => notes.filter((r) => !MONEY_NOTES.has(r.code));

/** The reasons steps.ts drop takes from a decision an exclusion group drops: P4071, P4012 and the money notes. */
const GONE_ON_DROP: ReadonlySet<string> = new Set(['P4071', 'P4012', ...MONEY_NOTES]);

/** The grants of this evaluation a read that names other benefits (合并计算) counts. */
function sameOf(read: LedgerRead, grants: readonly SqlGrant[]): SqlGrant[] {
  return read.with?.length ? grants.filter((g) => read.with!.includes(g.id) && !read.alternatives?.includes(g.id)) : [];
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


/** The first parameter (left to right) of an expression that has no value in `params`: the one a P4010 names. */
function firstExternal(e: IExpr, params: Record<string, Rat>): string | undefined {
  if (e.k === 'param') return Object.hasOwn(params, e.name) ? undefined : e.name;
  for (const v of Object.values(e)) {
    if (v && typeof v === 'object') {
      const list = Array.isArray(v) ? v : [v];
      for (const x of list) {
        const inner = x && typeof x === 'object' && 'k' in x ? (x as IExpr) : x && typeof x === 'object' && 'value' in x ? ((x as { value: IExpr }).value) : undefined;
        if (inner && typeof inner === 'object' && 'k' in inner) {
          const found = firstExternal(inner, params);
          if (found) return found;
        }
      }
    }
  }
  return undefined;
}

/**
 * ledger.ts bracketReached as SQL: the highest bracket (index, lowest first) a value reaches — above its threshold,
 * or on it when the bracket counts its threshold — else −1 (also when `isNull`). `cmp` orders a value and a threshold.
 */
function bracketOf(bounds: readonly BracketBound[], x: Num, isNull: string, cmp: (x: Num, b: { n: bigint; d: bigint }) => string): string {
  const arms = bounds.map((b, i) => `WHEN ${cmp(x, b.low)} ${b.incl ? '>=' : '>'} 0 THEN ${i}`).reverse();
  return `(CASE WHEN ${isNull} THEN -1 ${arms.join(' ')} ELSE -1 END)`;
}

/** A rational as a decimal text of at most 6 places, or undefined when it has none. */
function decimal6(r: { n: bigint; d: bigint }): string | undefined {
  const scaled = r.n * 1_000_000n;
  if (scaled % r.d !== 0n) return undefined;
  const v = scaled / r.d;
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(7, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}
