// `符合 X 的条件` (`eligible X conditions`): the conditions of another benefit X, reused by name — the texts'
// "符合X补贴申领条件的", "同等享受X政策". Only X's conditions, never its amount, ledger, period or examples.
//
// A benefit may name one declared later, so the reference is lowered in two steps. While a benefit is checked,
// `meets` resolves the name, records the use and returns a placeholder node (a condition of type yes/no).
// Once every benefit is lowered, `expandMeets` replaces each placeholder by X's conditions: written alone as
// one item of 条件, it becomes X's conditions, one condition each (so a reason names the very condition of X
// that failed or is missing); inside a larger expression (`符合 X 的条件 或 …`) it becomes their conjunction.
// After that the IR holds only the nodes every backend already decides: nothing downstream knows the form.
// A reference that loops (X names Y, Y names X) is P2172; X of another subject type is P2171. The walk in dependency
// order is the one `金额：参照 X` (same-as.ts) takes too: benefit-refs.ts.
import type * as A from '../../grammar/ast.ts';
import type { Condition, IExpr } from '../model.ts';
import { topKey } from '../symbols.ts';
import { BenefitRefs, namedBenefit } from './benefit-refs.ts';
import { UNKNOWN, type CheckContext, type Scope } from './context.ts';

/** One `符合 X 的条件` met while checking a benefit. */
export interface MeetsUse {
  node: IExpr;
  /** The benefit named (X). */
  target: string;
  /** The benefit it is written in. */
  from: string;
  source: A.MeetsExpr;
  file: string | undefined;
}

const placeholder = (range: A.Range): IExpr => ({ k: 'bool', value: true, type: { kind: 'bool' }, range });
const bad = (range: A.Range): IExpr => ({ k: 'bool', value: false, type: UNKNOWN, range });

/** Checks `符合 X 的条件` inside benefit `scope.benefit`: X must be a benefit; the node is filled in by expandMeets. */
export function meets(c: CheckContext, e: A.MeetsExpr, scope: Scope): IExpr {
  const n = e.benefit;
  const sym = c.symbols.top(n.text);
  c.refer(n.range, sym ? [topKey(n.text)] : []);
  // A duplicate declaration is walked quietly for its names only: it has no conditions to share.
  if (c.muted > 0) return bad(e.range);
  if (e.tail) {
    c.report('P1030', e.tail.range, { found: e.tail.text, benefit: n.text });
    return bad(e.range);
  }
  if (!namedBenefit(c, n, scope, 'P2170')) return bad(e.range);
  if (scope.benefit === undefined || scope.member) {
    c.report('P2173', e.range, { name: n.text });
    return bad(e.range);
  }
  if (n.text === scope.benefit) {
    c.report('P2172', n.range, { name: n.text, chain: `${n.text} → ${n.text}` });
    return bad(e.range);
  }
  const node = placeholder(e.range);
  c.meets.push({ node, target: n.text, from: scope.benefit, source: e, file: c.file });
  c.meetsIn.add(scope.benefit);
  return node;
}

/** Replaces every placeholder of `meets` by the named benefit's conditions (see the file's comment). */
export function expandMeets(c: CheckContext) {
  if (c.meets.length === 0) return;
  const uses = new Map<IExpr, MeetsUse>();
  const byBenefit = new Map<string, MeetsUse[]>();
  for (const u of c.meets) {
    uses.set(u.node, u);
    byBenefit.set(u.from, [...(byBenefit.get(u.from) ?? []), u]);
  }
  const report = (u: MeetsUse, code: 'P2171' | 'P2172', args: Record<string, string>) => refs.in(u.file, () => c.report(code, u.source.benefit.range, args));
  /** The conditions of benefit `id` with its own references expanded. */
  const refs: BenefitRefs<Condition[]> = new BenefitRefs(c, (id) => {
    const b = refs.benefits.get(id);
    if (!b) return [];
    /** A reference's conditions, or undefined (reported) when it loops or reads another subject type. */
    const target = (u: MeetsUse): Condition[] | undefined => {
      const x = refs.benefits.get(u.target);
      if (!x) return undefined;
      const other = refs.otherSubjects(b, u.target, x);
      if (other) {
        report(u, 'P2171', other);
        return undefined;
      }
      const chain = refs.loop(u.target);
      if (chain) {
        report(u, 'P2172', { name: u.target, chain });
        return undefined;
      }
      // Only what X's 条件 states: a condition implied by another of X's fields (就高不重复, on X's amount) is X's own.
      return refs.get(u.target).filter((k) => !k.implied);
    };
    const fill = (u: MeetsUse) => {
      const conds = target(u);
      const r = u.node.range;
      const value: IExpr = !conds
        ? bad(r)
        : conds.map((k) => structuredClone(k.expr)).reduce<IExpr | undefined>((l, x) => (l ? { k: 'and', l, r: x, type: { kind: 'bool' }, range: r } : x), undefined) ?? { k: 'bool', value: true, type: { kind: 'bool' }, range: r };
      for (const key of Object.keys(u.node)) delete (u.node as Record<string, unknown>)[key];
      Object.assign(u.node, value);
    };
    const out: Condition[] = [];
    const own = byBenefit.get(id) ?? [];
    for (const k of b.conditions) {
      const u = uses.get(k.expr);
      if (u && k.source === u.source) {
        // Written alone: X's conditions, each a condition of this benefit.
        const conds = target(u);
        if (conds) out.push(...conds.map((x) => ({ expr: structuredClone(x.expr), source: x.source })));
        else out.push({ expr: bad(u.node.range), source: k.source });
        continue;
      }
      out.push(k);
    }
    for (const u of own) if (!out.some((k) => k.source === u.source)) fill(u);
    b.conditions = out;
    return out;
  });
  for (const b of c.model.benefits) refs.get(b.id);
}
