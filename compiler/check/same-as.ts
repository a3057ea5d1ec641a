// `金额：参照 X；` (`amount: same-as X;`): the amount rule of another benefit X, reused by name — the texts'
// "参照标准化养殖场实行补助", "按照第X项标准执行". X's 金额 (its formula or table) and, when this benefit writes no 最高 of
// its own, X's 最高 — computed on this benefit's subject, with this benefit's own conditions, ledger, fund and examples.
// Not to be confused with `符合 X 的条件` (meets.ts: X's conditions), nor with a referral to another policy.
//
// As with `符合 X 的条件`, X may be declared later, so the reference is filled in once every benefit is lowered:
// `sameAs` resolves the name and records the use; `expandSameAs` copies X's lowered amount (following X's own
// `参照`, P2205 when the chain loops; the walk is meets.ts's, benefit-refs.ts). After that the IR holds only what
// every backend already decides: nothing downstream knows the form, except the summary, which says whose
// standard it is (`Benefit.amountFrom`).
import type * as A from '../../grammar/ast.ts';
import type { Benefit } from '../model.ts';
import { topKey } from '../symbols.ts';
import { BenefitRefs, namedBenefit } from './benefit-refs.ts';
import type { CheckContext, Scope } from './context.ts';

/** One `金额：参照 X；` met while checking a benefit. */
export interface SameAsUse {
  /** The benefit it is written in. */
  from: string;
  /** The benefit named (X). */
  target: string;
  source: A.SameAsExpr;
  file: string | undefined;
  /** What the benefit's check does with its amount once it is filled in (就高不重复 compares with it). */
  then?: () => void;
}

/** Checks `参照 X` as the whole 金额 of benefit `scope.benefit`; the amount is filled in by expandSameAs. */
export function sameAs(c: CheckContext, e: A.SameAsExpr, scope: Scope) {
  const n = e.benefit;
  const sym = c.symbols.top(n.text);
  c.refer(n.range, sym ? [topKey(n.text)] : []);
  if (c.muted > 0 || scope.benefit === undefined) return;
  if (!namedBenefit(c, n, scope, 'P2203')) return;
  if (n.text === scope.benefit) {
    c.report('P2205', n.range, { chain: `${n.text} → ${n.text}` });
    return;
  }
  c.sameAs.push({ from: scope.benefit, target: n.text, source: e, file: c.file });
  // What it reads may change without this benefit changing: its memo record is never replayed.
  c.meetsIn.add(scope.benefit);
}

/** What a benefit's amount rule is, once its own `参照` is followed. */
type Rule = Pick<Benefit, 'amount' | 'amountSource' | 'bands' | 'ceiling' | 'ceilingInPrinciple' | 'amountFrom'> & { caseCeiling?: NonNullable<Benefit['caseCaps']>['ceiling'] };

/** Fills in every `参照 X` (see the file's comment). */
export function expandSameAs(c: CheckContext) {
  if (c.sameAs.length === 0) return;
  const uses = new Map<string, SameAsUse>();
  for (const u of c.sameAs) if (!uses.has(u.from)) uses.set(u.from, u);
  const report = (u: SameAsUse, code: 'P2204' | 'P2205' | 'P2207' | 'P2208', args: Record<string, string>) => refs.in(u.file, () => c.report(code, u.source.benefit.range, args));
  const own = (b: Benefit): Rule => ({
    amount: b.amount,
    amountSource: b.amountSource,
    bands: b.bands,
    ceiling: b.ceiling,
    ceilingInPrinciple: b.ceilingInPrinciple,
    amountFrom: b.amountFrom,
    caseCeiling: b.caseCaps?.ceiling,
  });
  /** The amount rule of benefit `id`, its own `参照` followed; undefined when it cannot be had (reported). */
  const refs: BenefitRefs<Rule | undefined> = new BenefitRefs(c, (id) => {
    const b = refs.benefits.get(id);
    const u = uses.get(id);
    if (!b || !u) return b ? own(b) : undefined;
    let rule: Rule | undefined;
    const x = refs.benefits.get(u.target);
    const chain = x && refs.loop(u.target);
    const other = x && !chain && refs.otherSubjects(b, u.target, x);
    if (!x) rule = undefined;
    else if (chain) report(u, 'P2205', { chain });
    else if (other) report(u, 'P2204', other);
    else {
      const r = refs.get(u.target);
      if (r && x.reviewed) report(u, 'P2208', { name: u.target, fact: x.reviewed.fact });
      else if (r && !r.amount) {
        const why = x.amountNotStated ? ['金额：未载明', 'amount: not-stated'] : x.outcome ? ['只有授予或视同', 'only a designation or an equivalence'] : ['没有金额', 'no amount'];
        report(u, 'P2207', { name: u.target, why: why[0]!, whyEn: why[1]! });
      } else if (r) rule = { ...r, amountFrom: u.target };
    }
    if (rule) {
      // This benefit's own 最高 stays; without one, X's (its constant or the one computed from the case).
      const capped = b.ceiling !== undefined || !!b.caseCaps?.ceiling;
      b.amount = structuredClone(rule.amount);
      b.amountSource = rule.amountSource;
      if (rule.bands) b.bands = rule.bands;
      b.amountFrom = u.target;
      if (!capped && rule.ceiling !== undefined) {
        b.ceiling = rule.ceiling;
        if (rule.ceilingInPrinciple) b.ceilingInPrinciple = true;
      }
      if (!capped && rule.caseCeiling) (b.caseCaps ??= {}).ceiling = { expr: structuredClone(rule.caseCeiling.expr), source: rule.caseCeiling.source };
      rule = own(b);
      // An amount paid by nobody named (P2007, as the checker says of an amount written out).
      if (!b.fund && !b.fundNotStated && !b.payer && !b.amountKind && !b.split) refs.in(u.file, () => c.report('P2007', b.nameRange, { name: b.id }));
    }
    if (u.then) refs.in(u.file, u.then);
    return rule;
  });
  for (const b of c.model.benefits) if (uses.has(b.id)) refs.get(b.id);
}
