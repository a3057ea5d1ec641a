// A readable text of the decision IR, for golden files a reviewer reads beside the policy
// (test/decision/golden/*.ir.txt) and for `policy build --target ir`-style debugging.
// One line per step, nested steps indented; expressions in a compact, language-neutral notation.
import type { KeyFact } from '../model.ts';
import type { IExpr } from '../model.ts';
import { fenToString, ratToString } from '../rational.ts';
import { childrenOf } from './reasons.ts';
import type { BenefitPlan, DecisionProgram, LedgerRead, Step } from './types.ts';

const CMP: Record<string, string> = { ge: '≥', gt: '>', le: '≤', lt: '<', eq: '=', ne: '≠' };
const ARITH: Record<string, string> = { '+': '+', '-': '−', '*': '×', '/': '÷' };

/** An expression of the model in a compact notation: facts by name, tables as `fact{key: value, …}`. */
export function printExpr(e: IExpr): string {
  switch (e.k) {
    case 'num':
      return ratToString(e.value);
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'date':
      return e.iso;
    case 'text':
      return JSON.stringify(e.label.zh);
    case 'fact':
      return e.name;
    case 'param':
      return `param ${e.name}`;
    case 'level':
      return `${e.of}.${e.name}`;
    case 'enum':
      return `${e.of}.${e.name}`;
    case 'arith':
      return `(${printExpr(e.l)} ${ARITH[e.op]} ${printExpr(e.r)})`;
    case 'neg':
      return `−${printExpr(e.e)}`;
    case 'cmp':
      return `(${printExpr(e.l)} ${CMP[e.op]} ${printExpr(e.r)})`;
    case 'in':
      return `(${printExpr(e.l)} in [${e.values.map(printExpr).join(', ')}])`;
    case 'and':
    case 'or':
      return `(${printExpr(e.l)} ${e.k} ${printExpr(e.r)})`;
    case 'not':
      return `not ${printExpr(e.e)}`;
    case 'lookup':
      return `${e.fact}{${e.entries.map((x) => `${x.key}: ${printExpr(x.value)}`).join(', ')}}`;
    case 'dot':
      return `Σ ${e.fact} × {${e.entries.map((x) => `${x.key}: ${printExpr(x.value)}`).join(', ')}}`;
    case 'if':
      return `(if ${printExpr(e.c)} then ${printExpr(e.t)} else ${printExpr(e.e)})`;
    case 'min':
    case 'max':
      return `${e.k}(${e.args.map(printExpr).join(', ')})`;
    case 'elapsed':
      return `${e.unit === 'day' ? 'days' : 'months'} since ${printExpr(e.from)}${e.to ? ` until ${printExpr(e.to)}` : ''}`;
    case 'year':
      return `year(${printExpr(e.of)})`;
    case 'whole':
      return `whole-${e.mode}(${printExpr(e.e)})`;
    case 'age':
      return `age(born ${printExpr(e.from)}${e.at ? `, at ${printExpr(e.at)}` : ''})`;
    case 'asOf':
      return 'as-of date';
    case 'nostd':
      return `no standard for ${printExpr(e.x)}`;
    case 'sum':
      return `Σ each of ${e.list}${e.cond ? ` where ${printExpr(e.cond)}` : ''}: ${printExpr(e.value)}`;
    case 'member':
      return `${e.list}[i].${e.name}`;
    case 'paramAt':
      return `${e.name}(${e.keys.map(printExpr).join(', ')})`;
    default:
      // A node added to the model later prints by its kind and children until it gets its own notation.
      return `${(e as { k: string }).k}(${childrenOf(e).map(printExpr).join(', ')})`;
  }
}

const keysText = (keys: readonly KeyFact[]): string => keys.map((k) => (k.orAbove ? `${k.fact}(or above)` : k.fact)).join(', ');

export function printRead(r: LedgerRead): string {
  const match = r.match ? ` match ${r.match.mode} [${keysText(r.match.keys)}]` : '';
  const window =
    r.window === 'rolling'
      ? `the ${r.months} months up to the as-of date`
      : r.window === 'within'
        ? `the payments whose ${r.months} months (counted forward from each) are not over by the as-of date`
        : r.window === 'dates'
          ? `${r.from} .. ${r.to}`
          : r.window;
  const counted = r.with?.length ? ` counting [${r.with.join(', ')}]` : r.others?.length ? ` of [${r.others.join(', ')}] only` : '';
  return `ledger ${r.agg} over ${window}${match}${counted}`;
}

function printStep(s: Step, indent: string, out: string[]): void {
  const line = (t: string): void => void out.push(indent + t);
  switch (s.k) {
    case 'subject':
      return line(`subject in [${s.subjects.join(', ')}] else ineligible P4001`);
    case 'validity':
      return line(`validity ${s.effective ?? '…'} .. ${s.end ?? '…'} else ineligible P4002 / P4025${s.grant ? ` — after the end, unless ${printRead(s.grant)} finds the grant's first payment (then the days in force run to the as-of date; eligible notes P4124)` : ''}`);
    case 'period': {
      const parts = [`from ${s.from ? printExpr(s.from) : 'policy start'}`];
      if (s.lengthMonths !== undefined) parts.push(`${s.lengthMonths} months`);
      if (s.until) parts.push(`until ${s.until}`);
      return line(`period ${parts.join(', ')}; outside → failed P4006 / P4026`);
    }
    case 'condition':
      return line(`condition ${s.index + 1}: ${printExpr(s.expr)}${s.soft ? ` (${s.soft}: false → undetermined ${s.soft === 'open' ? 'P4091' : 'P4092'} with nothing failed)` : ''}`);
    case 'fail-if-failed':
      return line('if failed → ineligible');
    case 'stop-if-division':
      return line('if nothing missing and a condition divided by zero or needs a parameter nobody gave → undetermined P4013 / P4010');
    case 'if-known':
      line('if nothing missing:');
      for (const x of s.steps) printStep(x, indent + '  ', out);
      return;
    case 'months-limit':
      return line(`months-limit = ${printExpr(s.expr)} (no standard → ineligible P4004; missing → undetermined P4012)`);
    case 'times-limit':
      return line(`times-limit = ${printExpr(s.expr)} (no standard → ineligible P4004; missing → undetermined P4012)`);
    case 'key-facts':
      return line(`key facts [${s.facts.join(', ')}] known, else undetermined P4012`);
    case 'quota': {
      const code = {
        'times-per-year': 'P4014',
        months: 'P4040',
        once: 'P4015',
        'once-per-year': 'P4020',
        chosen: 'P4064',
        'once-within': s.keys.length ? 'P4142' : 'P4143',
        distinct: 'P4141',
        'distinct-per-year': 'P4140',
      }[s.rule];
      const keys = s.keys.length ? ` by [${keysText(s.keys)}]` : '';
      const limit = s.limit !== undefined ? ` (${s.limit} distinct keys at most; the subject's own already paid is not a new one)` : '';
      const grant = s.grant ? `, unless ${printRead(s.grant)} finds the grant already paid in part (a later instalment)` : '';
      return line(`quota ${s.rule}${keys}${limit}: ${printRead(s.read)}${grant} → ineligible ${code}`);
    }
    case 'frequency':
      return line(`frequency ${s.payment}${s.keys.length ? ` by [${keysText(s.keys)}]` : ''}: ${printRead(s.read)} → ineligible ${s.code}`);
    case 'bracket-quota': {
      const bounds = s.bounds.map((b) => `${b.incl ? '≥' : '>'} ${b.low.d === 1n ? b.low.n : `${b.low.n}/${b.low.d}`}`).join(', ');
      return line(`bracket quota of ${s.fact} [${bounds}]: highest bracket paid from the keys of ${printRead(s.read)}; every bracket reached paid → ineligible P4060`);
    }
    case 'bands':
      return line(`bands of ${'fact' in s.bands.by ? s.bands.by.fact : s.bands.by.param}: [${s.parts.map((p, i) => `${s.bands.labels[i]!.zh}: ${printExpr(p.part)} × ${printExpr(p.value)}`).join('; ')}] (each part above 0 noted P4093 when paid)`);
    case 'bracket-sum':
      return line(`amount = sum of the brackets reached and not yet paid, of [${s.values.map(printExpr).join(', ')}] (one not computable, several due → each known P4058 / missing P4059 after P4012)`);
    case 'value':
      return line(`${s.of} = ${printExpr(s.expr)}`);
    case 'reviewed': {
      const range = s.computed
        ? `computed from ${s.fact}${s.low !== null && s.high !== null ? ` in ${fenToString(s.low)} .. ${fenToString(s.high)}, P4056` : ', P4057'}`
        : s.low !== null && s.high !== null
          ? `${fenToString(s.low)} .. ${fenToString(s.high)}, P4051`
          : s.high !== null
            ? `at most ${fenToString(s.high)}, P4052`
            : 'no range stated, P4053';
      return line(`amount = ${printExpr(s.expr)} (reviewed; not given → eligible pending review ${range})`);
    }
    case 'stop-if-missing':
      return line('if facts missing → undetermined P4012');
    case 'eligible':
      return line(`eligible${s.designation ? ` as ${JSON.stringify(s.designation.zh)}` : ''}${s.unstated ? ' without an amount (not stated in the text, P4135)' : ''}`);
    case 'round':
      return line(`round amount to ${s.step ? `a multiple of ${s.step} yuan` : s.scale === 100n ? 'fen' : s.scale === 10n ? 'jiao' : s.scale === 1n ? 'yuan' : `1/${s.scale}`} ${s.mode} (parameter not given → eligible P4010)`);
    case 'ceiling':
      return line(`ceiling ${capText(s.fen, 'ceiling')}${s.inPrinciple ? ' in principle (note P4120)' : ' (note P4023)'}`);
    case 'running-total':
      return line(`running total minus ${printRead(s.read)}${s.annualCap !== null ? `, entitlement capped at ${fenToString(s.annualCap)}` : ''} (nothing left → ineligible P4019; note P4024)`);
    case 'repeat-unstated':
      return line(`repeat not stated: ${printRead(s.read)} → undetermined P4089`);
    case 'treated-as':
      return line(`treated as: ${printExpr(s.a)} as ${printExpr(s.b)} (A holds, B not → note P4090)`);
    case 'referral':
      return line(`referral to ${JSON.stringify(s.doc.zh)}${s.when ? ` if ${printExpr(s.when)}` : ''}: nothing missing → ineligible ${s.when ? 'P4096' : 'P4095'} (missing → collected; no standard → P4004; not computable → undetermined P4013 / P4010)`);
    case 'clawback':
      return line(`clawback if ${printExpr(s.when)}: ${s.share ? `${s.share.n}/${s.share.d} of` : s.fen !== null ? `at most ${fenToString(s.fen)} of` : 'all of'} ${printRead(s.read)} (due P4086; unknown P4087 / P4088; nothing paid → none)`);
    case 'top-up':
      return line(`top-up: minus ${printRead(s.read)} (nothing left → ineligible P4055; note P4054)`);
    case 'annual-cap':
      return line(`${s.pool ? `policy's shared (${s.pool}) ` : ''}annual cap ${s.expr ? `${printExpr(s.expr)} (evaluated here, cut down to the fen; missing → undetermined P4012 + P4108 only when something is left to cut)` : capText(s.fen, 'annual-cap')} minus ${printRead(s.read)} (nothing left → ineligible P4005; note P4021 / P4022${s.pool ? `, then ${s.pool === 'all' ? 'P4061' : s.pool === 'document' ? `P4109 (${s.doc})` : 'P4062'}` : ''})`);
    case 'instalments-due':
      return line(`instalments due while [${s.when.map((w) => (w ? printExpr(w) : 'always')).join('; ')}] hold in order (missing → undetermined P4012)`);
    case 'instalments': {
      const stages = s.stages
        ? s.stages.map((x) => (x.remainder ? 'remainder' : x.share ? `${x.share.n}/${x.share.d}` : fenToString(x.fen ?? 0n))).join(', ')
        : 'not stated';
      const yearly = s.yearly ? ` over ${s.yearly.years} years (instalment k due k−1 full years after the first payment; note P4121 / P4122; yearly amount × years ≠ total → undetermined P4123)` : '';
      return line(`instalments [${stages}]${yearly}: due minus ${printRead(s.read)} (all paid → ineligible P4104; next not due → ineligible P4103; note P4105 / P4106)`);
    }
    case 'cumulative-cap':
      return line(`${s.pool ? `policy's shared (${s.pool}) ` : ''}cumulative cap ${s.expr ? `${printExpr(s.expr)} (evaluated here, cut down to the fen; missing → undetermined P4012 + P4108 only when something is left to cut)` : capText(s.fen, 'cumulative-cap')} minus ${printRead(s.read)} (nothing left → ineligible P4102; note P4100 / P4101${s.pool ? `, then ${s.pool === 'all' ? 'P4061' : s.pool === 'document' ? `P4109 (${s.doc})` : 'P4062'}` : ''})`);
    case 'positive':
      return line('amount ≤ 0 → ineligible P4011');
  }
}

/** A cap: its constant, or the value of its `value` step cut down to the fen. */
function capText(fen: bigint | null, of: string): string {
  return fen !== null ? fenToString(fen) : `${of} (down to the fen; parameter not given → eligible P4010)`;
}

export function printBenefit(b: BenefitPlan): string {
  const head = [`benefit ${b.id}`];
  if (b.clause !== undefined) head.push(`clause ${b.clause}`);
  if (b.fund) head.push(`fund ${b.fund}`);
  if (b.payer) head.push(`payer ${b.payer.zh}`);
  if (b.kind) head.push(`kind ${b.kind}`);
  if (b.payment) head.push(`payment ${b.payment}`);
  const out = [head.join(' · ')];
  for (const s of b.steps) printStep(s, '  ', out);
  return out.join('\n');
}

export function printProgram(p: DecisionProgram): string {
  const parts = [`policy in force ${p.validity.effective ?? '…'} .. ${p.validity.end ?? '…'}`];
  for (const b of p.benefits) parts.push(printBenefit(b));
  if (p.groups.length)
    parts.push(['exclusion groups (in order, after every benefit):', ...p.groups.map((g) => `  ${g.mode} [${g.members.join(', ')}] → the others ineligible ${g.code}`)].join('\n'));
  return parts.join('\n\n') + '\n';
}
