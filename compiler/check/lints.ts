// Lints: rules that flag a policy that compiles but says something suspect —
// a cap below the fixed amount it caps (P2011), conditions that can never hold
// together (P2012), an amount that may have fractions of a fen with no rounding
// stated (P2019), a fund or parameter no benefit uses (P2032).
import type * as A from '../../grammar/ast.ts';
import type { Benefit, IExpr, Unit } from '../model.ts';
import { cmp as ratCmp, mul, rat, ZERO, type Rat } from '../rational.ts';
import { sameUnit } from '../units.ts';
import type { CheckContext } from './context.ts';

/** P2011: a constant amount above its own cap. */
export function capChecks(c: CheckContext, b: Benefit, d: A.BenefitDecl) {
  if (!b.amount || b.amount.k !== 'num') return;
  const fixed = b.amount.value;
  for (const [key, cap] of [
    [b.ceilingInPrinciple ? 'CeilingInPrinciple' : 'Ceiling', b.ceiling],
    ['AnnualCap', b.annualCap],
  ] as const) {
    if (cap && ratCmp(cap, fixed) < 0) {
      const f = d.fields.find((x) => x.key === key)!;
      c.report('P2011', f.values[0]?.range ?? f.range, { cap: c.slice(f.values[0]!.range), amount: c.slice(b.amount.range) });
    }
  }
}

const FLIP = { ge: 'le', gt: 'lt', le: 'ge', lt: 'gt', eq: 'eq', ne: 'ne' } as const;

/** P2012: interval analysis of top-level conditions of the form fact ⋚ constant. */
export function neverHolds(c: CheckContext, b: Benefit) {
  const bounds = new Map<string, { lo: Rat; loStrict: boolean; hi?: Rat; hiStrict: boolean }>();
  for (const cond of b.conditions) {
    const e = cond.expr;
    if (e.k !== 'cmp') continue;
    let fact: string | undefined;
    let value: Rat | undefined;
    let op = e.op;
    const num = (x: IExpr): Rat | undefined => (x.k === 'num' ? x.value : x.k === 'level' ? rat(BigInt(x.rank)) : undefined);
    if (e.l.k === 'fact' && num(e.r)) [fact, value] = [e.l.name, num(e.r)];
    else if (e.r.k === 'fact' && num(e.l)) {
      [fact, value] = [e.r.name, num(e.l)];
      op = FLIP[op];
    }
    if (!fact || !value || op === 'ne') continue;
    const type = e.l.k === 'fact' ? e.l.type : e.r.type;
    const other = e.l.k === 'fact' ? e.r : e.l;
    if (
      type.kind === 'quantity'
        ? other.k !== 'num' || !sameUnit(type.unit, (other.type as { unit: Unit }).unit)
        : type.kind !== 'level' || other.k !== 'level'
    )
      continue;
    const cur = bounds.get(fact) ?? {
      lo: ZERO,
      loStrict: false,
      ...(type.kind === 'level' && { hi: rat(BigInt((c.model.levels.get(type.of)?.levels.length ?? 1) - 1)) }),
      hiStrict: false,
    };
    if (op === 'ge' || op === 'gt' || op === 'eq') {
      const c2 = ratCmp(value, cur.lo);
      if (c2 > 0 || (c2 === 0 && op === 'gt')) [cur.lo, cur.loStrict] = [value, op === 'gt'];
    }
    if (op === 'le' || op === 'lt' || op === 'eq') {
      const c2 = cur.hi ? ratCmp(value, cur.hi) : -1;
      if (c2 < 0 || (c2 === 0 && op === 'lt')) [cur.hi, cur.hiStrict] = [value, op === 'lt'];
    }
    bounds.set(fact, cur);
    if (cur.hi) {
      const c3 = ratCmp(cur.lo, cur.hi);
      if (c3 > 0 || (c3 === 0 && (cur.loStrict || cur.hiStrict))) {
        c.report('P2012', cond.source.range, { fact });
        bounds.delete(fact);
      }
    }
  }
}

/**
 * P2019: an amount that divides with no rounding stated. A percentage or a fractional rate of an amount in fen ends
 * in a finite decimal, which the default (half-up to the fen) rounds as anyone would: a warning on every 30% taught
 * nothing. A division by a fact, a parameter or a number like 3 or 12 need not end at all (1000元 ÷ 3), and such a
 * split is where texts state their rounding (按月平均、按人均分、取整到元): there the warning asks to check the text.
 */
export function roundingLint(c: CheckContext, b: Benefit, d: A.BenefitDecl) {
  // A 舍入 that is written but wrong is P2030 on its own line: no second warning that none is stated.
  const written = d.fields.some((f) => f.key === 'Rounding');
  if (b.amount && !b.rounding.stated && !written && mayNotEnd(b.amount)) c.report('P2019', d.fields.find((f) => f.key === 'Amount')!.range);
}

/** A number whose reciprocal is a finite decimal (its numerator is 2^a·5^b): dividing by it ends. */
function endsWhenDividing(v: { n: bigint; d: bigint }): boolean {
  let n = v.n < 0n ? -v.n : v.n;
  if (n === 0n) return false;
  for (const p of [2n, 5n]) while (n % p === 0n) n /= p;
  return n === 1n;
}

/** Could this amount be a fraction that never ends as a decimal (a division by a fact, a parameter or by 3, 12 …)? */
export function mayNotEnd(e: IExpr): boolean {
  switch (e.k) {
    case 'arith':
      if (e.op === '/' && !(e.r.k === 'num' && endsWhenDividing(e.r.value))) return true;
      return mayNotEnd(e.l) || mayNotEnd(e.r);
    case 'neg':
      return mayNotEnd(e.e);
    case 'lookup':
    case 'dot':
      return e.entries.some((x) => mayNotEnd(x.value));
    case 'if':
      return mayNotEnd(e.t) || mayNotEnd(e.e);
    case 'min':
    case 'max':
      return e.args.some(mayNotEnd);
    default:
      return false;
  }
}

/** 累计 needs a period (发放 一次性/每年/每月, P2035) and should be used in the amount (P2036); 每次 needs the facts that identify an occasion (P2037). */
export function paymentChecks(c: CheckContext, b: Benefit, d: A.BenefitDecl) {
  const field = (key: string) => d.fields.find((f) => f.key === key);
  const rt = field('RunningTotal');
  if (b.runningTotal && !b.payment) c.report('P2035', rt!.keyRange);
  if (b.runningTotal && b.amount) {
    const used = new Set<string>();
    const walk = (e: IExpr): void => {
      if (e.k === 'fact') used.add(e.name);
      if (e.k === 'lookup' || e.k === 'dot') used.add(e.fact);
      for (const x of Object.values(e)) {
        if (x && typeof x === 'object' && 'k' in x) walk(x as IExpr);
        if (Array.isArray(x)) for (const y of x) if (y && typeof y === 'object') walk(('value' in y && 'key' in y ? y.value : y) as IExpr);
      }
    };
    walk(b.amount);
    for (const fct of b.runningTotal.facts) if (!used.has(fct)) c.report('P2036', rt!.range, { name: fct });
  }
  const pay = field('Payment');
  // A 限一次 that is written but names no known fact already has its error (P2004): no warning that none is written.
  const keyWritten = d.fields.some((f) => f.key === 'OncePer' || f.key === 'OncePerYear');
  if (pay && b.payment === 'per-occasion' && b.amount && !b.runningTotal && !b.perBracket && !b.repeatNotStated && !b.oncePer?.length && !b.oncePerYear?.length && !keyWritten) c.report('P2037', pay.range, { name: d.name.text });
}

/** The lints of one benefit, in the order they are reported. */
export function benefitLints(c: CheckContext, b: Benefit, d: A.BenefitDecl) {
  paymentChecks(c, b, d);
  recognitionKey(c, b, d);
  capChecks(c, b, d);
  neverHolds(c, b);
  roundingLint(c, b, d);
}

/** Words that name a recognition an authority grants and may grant again (复审 every 3 years, 重新认定, 年度评定). */
const RECOGNITION = /认定|复审|评定|认证|评为|命名|授牌/;

/**
 * P2251: `限一次：未载明` on a benefit whose conditions read a recognition (“首次认定和通过复审的高新技术企业，分别给予…”). A
 * recognition that recurs is paid once each, told apart by what identifies it — its date (`限一次：认定日期；`) — which is
 * not a second claim the text leaves open. The hint names the subject's date fact of a recognition when it has one.
 */
function recognitionKey(c: CheckContext, b: Benefit, d: A.BenefitDecl) {
  if (!b.repeatNotStated) return;
  const field = d.fields.find((f) => f.key === 'OncePer');
  if (!field) return;
  const facts = new Map(b.subjects.flatMap((s) => [...(c.model.subjects.get(s)?.facts ?? [])]));
  const named = (n: string) => RECOGNITION.test(n) || RECOGNITION.test(facts.get(n)?.label?.zh ?? '');
  const read: string[] = [];
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(walk);
    const o = x as { kind?: unknown; name?: { text?: unknown } };
    if (o.kind === 'Ref' && typeof o.name?.text === 'string') read.push(o.name.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'range') walk(v);
  };
  for (const f of d.fields) if (f.key === 'Condition') walk(f.values);
  const hit = read.find((n) => facts.has(n) && named(n));
  if (!hit) return;
  const date = [...facts.values()].find((f) => f.type.kind === 'date' && !f.derived && named(f.name))?.name;
  c.report('P2251', field.range, { name: hit, key: date ?? '认定日期', keyEn: date ?? 'recognition-date' });
}

/** P2032: funds and parameters no benefit uses. */
export function unused(c: CheckContext) {
  const at = c.file;
  for (const [name, d] of [...c.model.funds, ...c.model.params]) {
    if (c.used.has(name)) continue;
    c.enter(c.symbols.top(name)?.file);
    c.report('P2032', d.range, { name });
  }
  c.enter(at);
}

/**
 * P2090: in a file that writes English labels, every name English output shows needs one — the title,
 * funds, level and enum types and their values, subjects, facts, parameters, benefits and provisions.
 * Without one, English output shows the Chinese label, or else the identifier (docs/language.md §4).
 */
export function englishLabels(c: CheckContext, file: A.PolicyFile) {
  const named: { name: A.Name | undefined; label: A.Label | undefined; at: A.Range }[] = [];
  for (const d of file.decls) {
    switch (d.kind) {
      case 'Policy': {
        const f = d.fields.find((x) => x.key === 'Title');
        const v = f?.values[0];
        if (f && v?.kind === 'String') named.push({ name: { text: v.label.zh, range: v.range }, label: v.label, at: v.range });
        break;
      }
      case 'Levels':
        named.push({ name: d.name, label: d.label, at: d.name.range });
        for (const l of d.levels) named.push({ name: l.name, label: l.label, at: l.name.range });
        break;
      case 'Enum':
        named.push({ name: d.name, label: d.label, at: d.name.range });
        for (const v of d.values) named.push({ name: v.name, label: v.label, at: v.name.range });
        break;
      case 'Subject':
        named.push({ name: d.name, label: d.label, at: d.name.range });
        for (const f of d.facts) named.push({ name: f.name, label: f.label, at: f.name.range });
        break;
      case 'Fund':
      case 'Parameter':
      case 'Benefit':
      case 'Provision':
        named.push({ name: d.name, label: d.label, at: d.name.range });
        break;
    }
  }
  if (!named.some((n) => n.label?.en !== undefined)) return;
  for (const n of named) {
    if (!n.name || n.label?.en !== undefined) continue;
    c.report('P2090', n.at, { name: n.name.text, shown: n.label?.zh ?? n.name.text });
  }
}
