// 合计 over a 名单 as SQL: one claim for many persons.
//
// A list fact is a column holding a list of structs — one struct per member, one field per stored fact of the
// member's subject type (compiler/sql/ddl.ts; DuckDB `STRUCT(…)[]`, Spark `ARRAY<STRUCT<…>>`). The sum maps
// every member, inside a lambda, to what evaluate.ts's `sum` needs of it, and then reads that list:
//
//   per member: f  — it fails: its condition is not known, or it holds and its value is not known
//               s  — its failure has a reason of its own (no standard, a parameter nobody gave, ÷ 0)
//               ns / ext / dz — which
//               m  — its missing facts as the reference names them (`人员[2].费用`; a fact of the claimant
//                    itself by its own name), in the reference's order (a name may come twice when only the row
//                    knows which of its mentions comes first; the reader keeps its first)
//               v  — the numerator of its value when it counts (its condition holds and its value is known), else 0
//   the sum:    known when the list is given and no member fails; then Σ v over a denominator fixed when the SQL
//               is generated (a value whose denominator depends on the member is a build error, named);
//               not known: the first failing member with a reason of its own decides (its reasons and missing
//               facts), else the missing facts of every failing member, first mention first.
//
// Expressions over a member's facts are written inside the lambda (they cannot be columns of a layer); anything
// that reads only the claimant's facts is bound to a layer column as usual and read from inside the lambda.
import type { IExpr } from '../model.ts';
import { and, ExprCompiler, FALSE, isTrue, mergeMiss, not, or, staticOrderHolds, TRUE, Untranslatable, type Compiled, type Cond, type MemberScope, type Miss } from './expr.ts';

/** Lambda parameters; facts cannot start with `__` (translate.ts), so they never meet a column. */
const X = '__x';
const I = '__i';
const Y = '__y';
const J = '__j';
/** Marks a missing fact of the member (named `列表[i].事实` per row) rather than of the claimant. */
const REL = '\u0001';
const LAMBDA = /\b__x\b/;

/**
 * Binds a member's subexpressions to fields of the member's struct, stage by stage (one list_transform per stage,
 * each member carrying its facts `__m`, its position `__i` and the fields computed so far), as Layers binds the
 * claimant's to columns: a value used in several places is computed once and the SQL stays linear in the policy.
 * An expression that reads no member goes to the claimant's layers.
 */
class MemberStages {
  readonly stages: { field: string; expr: string }[][] = [];
  private byExpr = new Map<string, string>();
  private stageOf = new Map<string, number>();
  constructor(private outer: { bind(sql: string): string }) {}

  bind(sql: string): string {
    if (!LAMBDA.test(sql)) return this.outer.bind(sql);
    if (/^__x\.__w\d+$/.test(sql)) return sql;
    const known = this.byExpr.get(sql);
    if (known) return known;
    let stage = 0;
    for (const m of sql.matchAll(/\b__x\.(__w\d+)\b/g)) stage = Math.max(stage, this.stageOf.get(m[1]!)! + 1);
    const field = `__w${this.byExpr.size}`;
    this.stageOf.set(field, stage);
    (this.stages[stage] ??= []).push({ field, expr: sql });
    const ref = `${X}.${field}`;
    this.byExpr.set(sql, ref);
    return ref;
  }
}

export function compileSum(outer: ExprCompiler, e: Extract<IExpr, { k: 'sum' }>): Compiled {
  const cx = outer.cx;
  const D = cx.dialect;
  const where = cx.where;
  const listFact = cx.subject.facts.get(e.list);
  if (!listFact || listFact.derived || listFact.type.kind !== 'list') throw new Untranslatable(`合计 (sum-over) over ${e.list}, not a stored 名单`, where);
  const of = cx.model.subjects.get(e.of);
  if (!of) throw new Untranslatable(`合计 (sum-over) over members of ${e.of}`, where);
  for (const f of of.facts.values()) if (!f.derived && f.type.kind === 'list') throw new Untranslatable(`a 名单 inside a member of ${e.list} (${f.name})`, where);
  const col = cx.column(e.list);
  const binder = new MemberStages(cx.layers);
  const mc = new ExprCompiler({ ...cx, subject: of, column: (f) => `${X}.__m.${D.ident(f)}`, layers: binder, members: undefined });
  const rel = (c: Compiled): Compiled => ({ ...c, miss: c.miss.map((m) => ({ ...m, name: REL + m.name })) });
  const scope: MemberScope = {
    member: (x) => {
      if (x.k === 'member') return rel(mc.compile({ k: 'fact', name: x.name, type: x.type, range: x.range }));
      if (x.k === 'lookup' || x.k === 'dot') {
        const { member: _member, ...own } = x;
        return rel(mc.compile(own as IExpr));
      }
      throw new Untranslatable(`a member's ${x.k}`, where);
    },
  };
  const sc = new ExprCompiler({ ...cx, layers: binder, members: scope });

  const C = e.cond ? sc.compile(e.cond) : undefined;
  const V = sc.compile(e.value);
  if (V.val.t !== 'num' && V.val.t !== 'none') throw new Untranslatable(`合计 of a ${V.val.t}`, where);
  if (V.val.t === 'num' && typeof V.val.x.d !== 'bigint') throw new Untranslatable(`合计 over ${e.list} of a value divided by a fact (its denominator differs by member)`, where);
  const d = V.val.t === 'num' ? (V.val.x.d as bigint) : 1n;

  const condFail = C ? not(C.ok) : FALSE;
  const taken = C ? and(C.ok, isTrue(C.val.t === 'bool' ? C.val.v : FALSE)) : TRUE;
  const valFail = and(taken, not(V.ok));
  const fail = or(condFail, valFail);
  const counts = and(taken, V.ok);
  const why = (f: (c: Compiled) => Cond) => or(C ? and(condFail, f(C)) : FALSE, and(valFail, f(V)));
  const ns = why((c) => c.noStandard);
  const ext = why((c) => c.external);
  const dz = why((c) => c.divByZero);
  // Every mention in the reference's order. Merged by name only when that keeps the order of the first mentions
  // that hold in every row (staticOrderHolds); otherwise each mention stays and the list of names read from the
  // members keeps each name once, at its first mention that holds (translate.ts missingList: joinDistinct). A
  // fact needed in two places (离校日期 至 开始日期 … 周岁（出生日期，开始日期）) comes first where it decides.
  const mentions = [...(C ? guardMiss(C.miss, and(condFail, not(C.ok))) : []), ...guardMiss(V.miss, and(valFail, not(V.ok)))];
  const names = staticOrderHolds(mentions) ? mergeMiss(mentions) : mentions;
  const idx = (i: string) => `CAST(${i} AS ${D.text})`;
  const n = V.val.t === 'num' ? `CAST(${V.val.x.n} AS ${D.int})` : D.intLit(0n);
  // Stage by stage: the member's facts and position, then each stage's fields (every earlier field carried on).
  let staged = D.list.transform(col, X, I, (x, i) => D.list.struct([['__m', x], ['__i', i]]));
  const carried: string[] = ['__m', '__i'];
  for (const stage of binder.stages) {
    const fields = stage ?? [];
    staged = D.list.transform(staged, X, J, (x) => D.list.struct([...carried.map((f): [string, string] => [f, `${x}.${f}`]), ...fields.map((f): [string, string] => [f.field, f.expr])]));
    carried.push(...fields.map((f) => f.field));
  }
  const perMember = D.list.transform(staged, X, J, (x) => {
    const i = `${x}.__i`;
    const nameOf = (m: Miss) => {
      if (m.list) throw new Untranslatable(`合计 (sum-over) inside 合计 over ${e.list}`, where);
      return m.name.startsWith(REL) ? `concat(${D.str(`${e.list}[`)}, ${idx(i)}, ${D.str(`].${m.name.slice(REL.length)}`)})` : D.str(m.name);
    };
    const missing = names.length ? D.list.filter(D.list.texts(names.map((m) => `(CASE WHEN ${m.when} THEN ${nameOf(m)} END)`)), Y, (y) => `(${y} IS NOT NULL)`) : D.list.texts([]);
    void x;
    return D.list.struct([
      ['f', fail],
      ['s', or(ns, ext, dz)],
      ['ns', ns],
      ['ext', ext],
      ['dz', dz],
      ['m', missing],
      ['v', counts === TRUE ? n : counts === FALSE ? D.intLit(0n) : `(CASE WHEN ${counts} THEN ${n} ELSE ${D.intLit(0n)} END)`],
    ]);
  });
  const sql = perMember;
  if (sql.length > 4_000_000) throw new Untranslatable(`合计 over ${e.list} (its SQL would be ${Math.round(sql.length / 1e6)} MB)`, where);
  const M = cx.layers.bind(sql);
  const present = `(${col} IS NOT NULL)`;
  const failing = cx.layers.bind(and(present, `COALESCE(${D.list.size(D.list.filter(M, Y, (y) => `${y}.f`))} > 0, FALSE)`));
  const W = cx.layers.bind(`(CASE WHEN ${present} THEN ${D.list.first(D.list.filter(M, Y, (y) => `(${y}.f AND ${y}.s)`))} END)`);
  const hasWhy = cx.layers.bind(`(${W} IS NOT NULL)`);
  const total = cx.layers.bind(`(CASE WHEN ${present} THEN ${D.list.sumInt(D.list.transform(M, Y, J, (y) => `${y}.v`))} ELSE ${D.intLit(0n)} END)`);
  const empty = D.list.texts([]);
  const all = cx.layers.bind(D.list.flatten(D.list.transform(M, Y, J, (y) => `(CASE WHEN ${y}.f THEN ${y}.m ELSE ${empty} END)`)));
  // A list of names counts as missing facts only when it names one: a member failing for ÷ 0 alone names none.
  const namesSome = (l: string) => `COALESCE(${D.list.size(l)} > 0, FALSE)`;
  return {
    ok: and(present, not(failing)),
    val: { t: 'num', x: { n: total, d } },
    miss: [
      { name: e.list, when: not(present) },
      { name: `\u0000${W}`, when: cx.layers.bind(and(hasWhy, namesSome(`${W}.m`))), list: `${W}.m` },
      { name: `\u0000${M}`, when: cx.layers.bind(and(failing, not(hasWhy), namesSome(all))), list: all },
    ],
    noStandard: and(hasWhy, `${W}.ns`),
    external: and(hasWhy, `${W}.ext`),
    divByZero: and(hasWhy, `${W}.dz`),
  };
}

function guardMiss(miss: Miss[], c: Cond): Miss[] {
  return miss.map((m) => ({ ...m, when: and(c, m.when) })).filter((m) => m.when !== FALSE);
}
