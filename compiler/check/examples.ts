// Example validation: each example's facts are turned into the JSON an API
// caller would send and validated by the same code (facts.ts validateFacts), so
// examples and callers share one validation path; its date, ledger entries
// (已领) and expectation are checked and lowered into the benefit.
import type * as A from '../../grammar/ast.ts';
import { validateFacts, validateLedger, validateParams, validateValue, type InputError } from '../facts.ts';
import type { Benefit, Example, IExpr, Type } from '../model.ts';
import type { TextLabel as Label } from '../input.ts';
import { enumLabel } from '../render.ts';
import { add, div, rat, sub, type Rat } from '../rational.ts';
import { factKey, SymbolTable, topKey } from '../symbols.ts';
import { isMoney, sameUnit, unitText } from '../units.ts';
import { closest, EMPTY_SCOPE, kwArgs, UNKNOWN, unitArgs, word, type CheckContext } from './context.ts';
import { expr } from './expressions.ts';
import { BLOCK_WORD, fieldSpec } from './fields.ts';
import { duplicateFields, expectDate, fieldName, single } from './lower.ts';

/**
 * The day an example with no 日期 is decided on: the policy's 施行日期, else its 发布日期 (施行日期：未载明), else its last day
 * in force (截止日期), else 2000-01-01 (any day counts as in force then; P2265 says so at the first such example).
 */
export function exampleDay(h: { effective?: string; published?: string; end?: string }): string {
  return h.effective ?? h.published ?? h.end ?? '2000-01-01';
}

const STATUS = { Eligible: 'eligible', Ineligible: 'ineligible', Undetermined: 'undetermined' } as const;

export function examples(c: CheckContext, b: Benefit, d: A.BenefitDecl) {
  const subject = b.subjects[0];
  for (const ex of d.examples) {
    const facts: Record<string, unknown> = {};
    const out: Example = { facts, paid: [], expect: { status: 'eligible' }, range: ex.range, ...(ex.label && { label: ex.label }) };
    let hasExpect = false;
    // A field written twice (日期, 期望, 期望退还) or a fact given twice is an error at the second, never "the last wins":
    // `期望：2000元；期望：1000元；` would test only the second expectation.
    duplicateFields(c, 'example', ex.fields);
    const factsSeen = new Set<string>();
    for (const f of ex.fields) {
      if (f.key === 'Fact' && f.factName) {
        if (factsSeen.has(f.factName.text)) {
          c.report('P2015', f.keyRange, { field: f.factName.text });
          continue;
        }
        factsSeen.add(f.factName.text);
      } else {
        // The second 日期 / 期望 / 期望退还 (P2015 above) is not read: the first is the example's.
        const spec = fieldSpec('example', f.key);
        if (spec && !spec.repeatable && ex.fields.findIndex((g) => g.key === f.key) !== ex.fields.indexOf(f)) continue;
      }
      // `期望：授予 “示范商户”；` — the text's verb written in the expectation: say how an outcome is expected.
      // (The parser read 授予 as a field of its own right after an 期望 left without a value.)
      const prev = ex.fields[ex.fields.indexOf(f) - 1];
      if ((f.key === 'Grants' || f.key === 'Equivalent') && prev?.key === 'Expect' && prev.values.every((x) => x.kind === 'Error')) {
        c.report('P2292', f.keyRange, { ...kwArgs('field', f.key) });
        continue;
      }
      if (!fieldSpec('example', f.key) || (f.key === 'Fact' && !f.factName)) {
        c.report('P2016', f.keyRange, { field: fieldName(c, f), ...word('where', BLOCK_WORD.example) });
        continue;
      }
      if (f.key === 'Fact' && f.factName) {
        const fact = subject ? c.model.subjects.get(subject)?.facts.get(f.factName.text) : undefined;
        // A list (名单) is written as its members, one `{ 事实：值，… }` each: `见习人员：{ … }，{ … }；`.
        if (fact?.type.kind === 'list') {
          c.refer(f.factName.range, b.subjects.filter((s) => c.symbols.fact(s, f.factName!.text)).map((s) => factKey(s, f.factName!.text)));
          // `见习人员：无；` is a list with no members (alone: P2060 beside members).
          const none = f.values.filter((v) => v.kind === 'Keyword' && v.keyword === 'NoMembers');
          if (none.length) {
            if (f.values.length > 1) c.report('P2143', none[0]!.range, { name: f.factName.text });
            else facts[f.factName.text] = [];
            continue;
          }
          const items = f.values.filter((v) => v.kind !== 'Error').map((v) => listMemberJson(c, v, fact.type.kind === 'list' ? fact.type.of : ''));
          if (items.every((x) => x !== undefined)) facts[f.factName.text] = items;
          continue;
        }
        const v = single(c, f);
        c.refer(f.factName.range, b.subjects.filter((s) => c.symbols.fact(s, f.factName!.text)).map((s) => factKey(s, f.factName!.text)));
        if (!fact) {
          if (subject)
            c.report('P2004', f.factName.range, { name: f.factName.text, subject }, closest(f.factName.text, c.model.subjects.get(subject)?.facts.keys() ?? []));
          continue;
        }
        if (v) {
          const json = literalJson(c, v, fact.type, fact.givenIn?.scale);
          if (json !== undefined) facts[f.factName.text] = json;
        }
      } else if (f.key === 'Date') {
        const dte = expectDate(c, f);
        if (dte) out.asOf = dte;
      } else if (f.key === 'Paid') paid(c, f, out);
      else if (f.key === 'Parameter') paramValues(c, f, out);
      else if (f.key === 'Expect') {
        hasExpect = true;
        // `期望：符合，“示范商户”；` reads as the text does: eligible, with that outcome (or amount).
        const [first, second] = f.values;
        const eligibleWith = f.values.length === 2 && first?.kind === 'Keyword' && first.keyword === 'Eligible' && second?.kind !== 'Keyword' && second?.kind !== 'Error';
        const v = eligibleWith ? second : single(c, f);
        if (v?.kind === 'Keyword' && v.keyword in STATUS) out.expect = { status: STATUS[v.keyword as keyof typeof STATUS] };
        // A name is an outcome only for a benefit that grants one (else it is an unknown word: P2026 as before).
        else if (v?.kind === 'String' || (v?.kind === 'Ref' && b.outcome)) expectOutcome(c, b, v, out);
        else if (v) {
          const e = expr(c, v, EMPTY_SCOPE());
          if (e.k === 'num' && e.type.kind === 'quantity' && isMoney(e.type.unit)) {
            // One rule for all money input: at most two decimals (fen), never rounded silently.
            if ((e.value.n * 100n) % e.value.d !== 0n) c.report('P2038', v.range, { found: c.slice(v.range) });
            else out.expect = { status: 'eligible', amount: e.value };
          } else if (b.outcome && e.k === 'num' && e.type.kind === 'quantity' && !isMoney(e.type.unit) && Object.values(e.type.unit).some((x) => x !== 0)) {
            // 期望：2个 — a count granted (授予 … 2个), as the decision words it.
            const unit = e.type.unit;
            const n = e.value.d === 1n ? e.value.n.toString() : c.slice(v.range);
            expectOutcome(c, b, v, out, { zh: `${n}${unitText(unit, 'zh')}`, en: `${n} ${unitText(unit, 'en')}` });
          } else c.report('P2026', v.range);
        }
      } else if (f.key === 'ExpectClawback') {
        // 期望退还：5万元 / 0元 / 待定 — what the benefit's 退还 gives (P2246 without a 退还 to test, P2026 for another value).
        const v = single(c, f);
        if (!b.clawback) c.report('P2246', f.keyRange);
        else if (v?.kind === 'Keyword' && v.keyword === 'Undetermined') out.expectClawback = { undetermined: true };
        else if (v) {
          const e = expr(c, v, EMPTY_SCOPE());
          if (e.k === 'num' && e.type.kind === 'quantity' && isMoney(e.type.unit) && e.value.n >= 0n && (e.value.n * 100n) % e.value.d === 0n) out.expectClawback = { amount: e.value };
          else c.report('P2026', v.range);
        }
      }
    }
    if (!hasExpect) c.report('P2026', ex.range);
    // 施行日期：未载明 and no 发布日期: a benefit's first example with no 日期 says which day such examples are decided on (P2265).
    const h = c.model.header;
    if (!out.asOf && !h.effective && !h.published && h.effectiveNotStated && !b.examples.some((e) => !e.asOf)) {
      c.report('P2265', ex.range, { date: exampleDay(h) });
    }
    if (subject) {
      const r = validateFacts(c.model, subject, facts);
      if (!r.ok) for (const err of r.errors) reportInput(c, err, ex);
    }
    if (out.paid.length) paidLedger(c, b, ex, out);
    b.examples.push(out);
  }
}

/** What a benefit can grant (授予 / 视同): each outcome's words and the value names that mean it; `open` when it grants a text fact's value. */
interface Grantable {
  outcomes: { label: Label; names: string[]; keys: string[] }[];
  open: boolean;
}

/** The outcomes a benefit's 授予 / 视同 can give: a designation, or the leaves of a table, brackets or 若…否则 of them. */
function grantable(c: CheckContext, b: Benefit): Grantable | undefined {
  const o = b.outcome;
  if (!o) return undefined;
  if (o.kind === 'designation') return { outcomes: [{ label: o.label, names: [], keys: [] }], open: false };
  const g: Grantable = { outcomes: [], open: false };
  const add = (label: Label, names: string[], keys: string[] = []) => {
    if (!g.outcomes.some((x) => x.label.zh === label.zh)) g.outcomes.push({ label, names, keys });
  };
  const enumValue = (of: string, name: string) => add({ zh: enumLabel(c.model, of, name, 'zh'), en: enumLabel(c.model, of, name, 'en') }, [name], [topKey(name)]);
  const walk = (e: IExpr): void => {
    switch (e.k) {
      case 'text':
        return add({ zh: e.label.zh, en: e.label.en ?? e.label.zh }, []);
      case 'enum':
        return enumValue(e.of, e.name);
      case 'level':
        return add({ zh: e.name, en: e.name }, [e.name]);
      case 'lookup':
      case 'dot':
        for (const en of e.entries) walk(en.value);
        return;
      case 'if':
        walk(e.t);
        walk(e.e);
        return;
      case 'nostd':
        return;
      default:
        // A fact's value (视同：学历): every value of its type, or any text.
        if (e.type.kind === 'enum') for (const v of c.model.enums.get(e.type.of)?.values ?? []) enumValue(e.type.of, v.name);
        else if (e.type.kind === 'level') for (const l of c.model.levels.get(e.type.of)?.levels ?? []) add({ zh: l.name, en: l.name }, [l.name, ...l.aliases]);
        else g.open = true;
    }
  };
  walk(o.expr);
  return g;
}

/**
 * `期望：“示范商户”；` / `期望：2个；` / `期望：本科；` — the example expects the benefit eligible with that outcome (授予 / 视同):
 * P2290 when the benefit grants none, P2291 when it is not one the benefit can give (the ones it can are listed).
 */
function expectOutcome(c: CheckContext, b: Benefit, v: A.Expr, out: Example, count?: Label) {
  const found = v.kind === 'String' ? v.label.zh : c.slice(v.range);
  const g = grantable(c, b);
  if (!g) {
    c.report('P2290', v.range, { found, benefit: b.id });
    return;
  }
  const text = count ? count.zh : v.kind === 'String' ? v.label.zh : v.kind === 'Ref' ? v.name.text : found;
  const hit = g.outcomes.find((x) => x.label.zh === text || (v.kind === 'Ref' && x.names.includes(text)));
  if (v.kind === 'Ref') c.refer(v.name.range, hit?.keys ?? []);
  if (hit) {
    out.expect = { status: 'eligible', outcome: hit.label };
    return;
  }
  // A text fact's value (视同：职称名称) may be any text: a string is taken as written.
  if (g.open && v.kind === 'String') {
    out.expect = { status: 'eligible', outcome: { zh: v.label.zh, en: v.label.en ?? v.label.zh } };
    return;
  }
  const zh = g.outcomes.map((x) => `“${x.label.zh}”`).join('、');
  const en = g.outcomes.map((x) => `"${x.label.en ?? x.label.zh}"`).join(', ');
  c.report('P2291', v.range, { found, benefit: b.id, allowed: zh || '—', allowedEn: en || '—' });
}

/** `已领：日期，金额[，{ 事实：值 … }]` — the optional map is the entry's key for 限一次. */
function paid(c: CheckContext, f: A.Field, out: Example) {
  // An entry of another benefit (合并计算) names it last: `已领：日期，金额，乙；`.
  const last = f.values.at(-1);
  const other = f.values.length >= 3 && last?.kind === 'Ref' ? last : undefined;
  const values = other ? f.values.slice(0, -1) : f.values;
  const [dv, av, kv] = values;
  const amount = av ? expr(c, av, EMPTY_SCOPE()) : undefined;
  if (other) {
    c.refer(other.name.range, c.symbols.top(other.name.text) ? [topKey(other.name.text)] : []);
    if (c.symbols.top(other.name.text)?.kind !== 'benefit') {
      c.report('P2024', other.range, { name: other.name.text });
      return;
    }
  }
  if (
    values.length < 2 ||
    values.length > 3 ||
    dv?.kind !== 'Date' ||
    !amount ||
    amount.k !== 'num' ||
    amount.type.kind !== 'quantity' ||
    !isMoney(amount.type.unit) ||
    (kv && kv.kind !== 'Map')
  ) {
    c.report('P2010', f.range, { ...word('expected', 'word.paid'), found: c.slice(f.range) });
    return;
  }
  const entry: Example['paid'][number] = { date: dv.iso, amount: amount.value, ...(other && { benefit: other.name.text }) };
  if (kv?.kind === 'Map') {
    entry.key = {};
    for (const en of kv.entries) {
      const v = en.value;
      // A quantity key (1500万元, 3人) is its value in base units, as an API caller sends it.
      const n = v.kind === 'Number' ? expr(c, v, EMPTY_SCOPE()) : undefined;
      entry.key[en.key.text] =
        v.kind === 'String' ? v.label.zh : v.kind === 'Ref' ? v.name.text : v.kind === 'Date' ? v.iso : n?.k === 'num' ? ratDecimal(n.value) : c.slice(v.range);
    }
  }
  out.paid.push(entry);
}

/** The example's ledger goes through the same validation as API input: keys, dates after 日期, sub-fen amounts. */
function paidLedger(c: CheckContext, b: Benefit, ex: A.ExampleDecl, out: Example) {
  const paidFields = ex.fields.filter((f) => f.key === 'Paid');
  const json = out.paid.map((p) => ({ benefit: p.benefit ?? b.id, date: p.date, amount: ratDecimal(p.amount), ...(p.key && { key: p.key }) }));
  const r = validateLedger(c.model, json, out.asOf ?? c.model.header.effective);
  if (r.ok) {
    out.paid = r.ledger.map((e) => ({ date: e.date, amount: e.amount, ...(e.key && { key: e.key }), ...(e.benefit !== b.id && { benefit: e.benefit }) }));
    return;
  }
  for (const err of r.errors) {
    const i = Number(/^ledger\[(\d+)\]/.exec(err.field)?.[1] ?? 0);
    const f = paidFields[i];
    c.report(err.code, f?.range ?? ex.range, { ...err.args, field: f ? fieldName(c, f) : err.field });
  }
}

function reportInput(c: CheckContext, err: InputError, ex: A.ExampleDecl) {
  const field = ex.fields.find((f) => f.factName?.text === err.field.split(/[.[]/)[0]);
  c.report(err.code, field?.range ?? ex.range, { ...err.args, field: err.field });
}

/** An example's literal as the JSON an API caller would send (`scale`: a fact given in a multiple, 万美元, takes the value in it). */
export function literalJson(c: CheckContext, v: A.Expr, type: Type, scale?: Rat): unknown {
  switch (v.kind) {
    case 'Bool':
      return v.value;
    case 'Date':
      return v.iso;
    case 'Ref': {
      // A literal names a value of the fact's type (技工院校), never a fact.
      const expected = type.kind === 'level' || type.kind === 'enum' ? { expected: { kind: type.kind, of: type.of } } : {};
      c.refer(v.name.range, SymbolTable.keysOf(c.symbols.resolve(v.name.text, { subjects: [], literal: true, ...expected })));
      return v.name.text;
    }
    case 'String':
      return v.label.zh;
    case 'Number': {
      const e = expr(c, v, EMPTY_SCOPE());
      if (e.k !== 'num') return undefined;
      // 补贴比例：60 is not 60%: a percentage is written with its sign.
      if (type.kind === 'quantity' && type.percent && !v.percent && !v.unit) {
        c.report('P2074', v.range, { found: v.value, fraction: ratDecimal(div(e.value, rat(100n))) });
        return undefined;
      }
      // 人数：3 for a count of 人: the unit is part of the value (P2175 says which to write).
      if (type.kind === 'quantity' && !v.unit && !v.percent && Object.keys(type.unit).length > 0 && !type.percent) {
        c.report('P2175', v.range, { found: v.value, ...unitArgs('unit', type.unit) });
        return undefined;
      }
      if (type.kind === 'quantity' && e.type.kind === 'quantity' && !sameUnit(type.unit, e.type.unit)) {
        c.report('P2009', v.range, { ...unitArgs('left', type.unit), ...unitArgs('right', e.type.unit), ...word('op', 'word.compare') });
        return undefined;
      }
      return ratDecimal(scale ? div(e.value, scale) : e.value);
    }
    case 'Neg':
      if (v.expr.kind === 'Number') return `-${literalJson(c, v.expr, type, scale)}`;
      return literalJson(c, v.expr, type, scale);
    case 'Map': {
      const o: Record<string, unknown> = {};
      let bad = false;
      for (const en of v.entries) {
        const inner = type.kind === 'perLevel' ? ({ kind: 'quantity', unit: type.unit } as Type) : UNKNOWN;
        if (type.kind === 'perLevel') c.refer(en.key.range, SymbolTable.keysOf(c.symbols.resolve(en.key.text, { subjects: [], literal: true, expected: { kind: 'level', of: type.of } })));
        const json = literalJson(c, en.value, inner);
        // An entry that is not a literal was reported where it stands: the map is not a value then.
        if (json === undefined) bad = true;
        o[en.key.text] = json;
      }
      return bad ? undefined : o;
    }
    default: {
      // 工业销售收入：200亿元 + 1元 — a formula of constants: an example value is one literal; P2191 names it.
      if (v.kind === 'Binary' || v.kind === 'Paren') {
        const e = expr(c, v, EMPTY_SCOPE());
        const value = e.type.kind === 'quantity' && type.kind === 'quantity' && sameUnit(type.unit, e.type.unit) ? sumOf(c, v) : undefined;
        if (value && type.kind === 'quantity') {
          c.report('P2191', v.range, { found: c.slice(v.range), value: ratDecimal(value), ...unitArgs('unit', type.unit) });
          return undefined;
        }
        if (e.type.kind === 'unknown') return undefined;
      }
      c.report('P2010', v.range, { ...c.typeArgs('expected', type), found: c.slice(v.range) });
      return undefined;
    }
  }
}

/** One member of a list in an example: `{ 事实：值，… }` with the facts of the member subject type. */
function listMemberJson(c: CheckContext, v: A.Expr, of: string): Record<string, unknown> | undefined {
  if (v.kind !== 'Map') {
    c.report('P2010', v.range, { ...c.typeArgs('expected', { kind: 'list', of }), found: c.slice(v.range) });
    return undefined;
  }
  // `{ }` would be a member of whom nothing is known: an empty list is `无`, a member names at least one fact.
  if (v.entries.length === 0) {
    c.report('P2144', v.range, { subject: of });
    return undefined;
  }
  const facts = c.model.subjects.get(of)?.facts;
  const o: Record<string, unknown> = {};
  let bad = false;
  for (const en of v.entries) {
    const fact = facts?.get(en.key.text);
    c.refer(en.key.range, fact ? [factKey(of, en.key.text)] : []);
    if (!fact) {
      c.report('P2004', en.key.range, { name: en.key.text, subject: of }, closest(en.key.text, facts?.keys() ?? []));
      bad = true;
      continue;
    }
    const json = literalJson(c, en.value, fact.type, fact.givenIn?.scale);
    if (json === undefined) bad = true;
    o[en.key.text] = json;
  }
  return bad ? undefined : o;
}

export function ratDecimal(r: Rat): string {
  // Example literals are decimal by construction (scale powers of 10 and 12).
  for (let digits = 0; digits <= 6; digits++) {
    const scale = 10n ** BigInt(digits);
    if ((r.n * scale) % r.d === 0n) {
      const v = (r.n * scale) / r.d;
      if (digits === 0) return v.toString();
      const s = v.toString().padStart(digits + 1, '0');
      return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
    }
  }
  return `${r.n}/${r.d}`;
}

/** `参数：培训补贴标准（电工，高级工） = 2000元` — one entry of a keyed parameter, validated as API params are. */
function keyedParamValue(c: CheckContext, left: A.CallExpr, right: A.Expr, out: Example) {
  const name = left.name;
  const p = c.model.params.get(name.text);
  c.refer(name.range, p ? [topKey(name.text)] : []);
  if (!p?.keys) {
    c.report('P2131', name.range, { name: name.text }, closest(name.text, [...c.model.params.values()].filter((x) => x.keys).map((x) => x.name)));
    return;
  }
  if (left.args.length !== p.keys.length) {
    c.report('P2133', left.range, { name: p.name, expected: p.keys.length, keys: p.keys.map((k) => (k.kind === 'text' ? '文字' : k.of)).join('，'), found: left.args.length });
    return;
  }
  const keys: string[] = [];
  for (const [i, a] of left.args.entries()) {
    const k = p.keys[i]!;
    const json = literalJson(c, a, k.kind === 'text' ? { kind: 'text' } : { kind: k.kind, of: k.of });
    if (typeof json !== 'string') return;
    keys.push(json);
  }
  const value = literalJson(c, right, p.type);
  if (value === undefined) return;
  // Nested as a caller sends it, so the keys, the value and the range the text fixes are checked the same way.
  const nested = keys.reduceRight<unknown>((acc, k) => ({ [k]: acc }), value);
  const check = validateParams(c.model, { [name.text]: nested });
  if (!check.ok) {
    for (const e of check.errors) c.report(e.code, right.range, { ...e.args, field: e.field.replace(/^params\./, '') });
    return;
  }
  for (const [entry, r] of Object.entries(check.params)) {
    // The same entry given twice in the example: P2015 at the second, which is not read.
    if (out.params && Object.prototype.hasOwnProperty.call(out.params, entry)) {
      c.report('P2015', left.range, { field: c.slice(left.range) });
      continue;
    }
    (out.params ??= {})[entry] = r;
  }
}

/** `参数：标准 = 1250元/人，控制目标 = 4.5%；` — parameter values for this example (validated as API params are). */
function paramValues(c: CheckContext, f: A.Field, out: Example) {
  for (const v of f.values) {
    if (v.kind === 'Error') continue;
    if (v.kind !== 'Compare' || (v.op !== 'Equals' && v.op !== 'Is') || (v.left.kind !== 'Ref' && v.left.kind !== 'Call')) {
      c.report('P2010', v.range, { ...word('expected', 'word.paramValue'), found: c.slice(v.range) });
      continue;
    }
    if (v.left.kind === 'Call') {
      keyedParamValue(c, v.left, v.right, out);
      continue;
    }
    const name = v.left.name;
    const p = c.model.params.get(name.text);
    c.refer(name.range, c.symbols.top(name.text)?.kind === 'parameter' ? [topKey(name.text)] : []);
    // A parameter given twice in the example: P2015 at the second, which is not read.
    if (out.params && Object.prototype.hasOwnProperty.call(out.params, name.text)) {
      c.report('P2015', name.range, { field: name.text });
      continue;
    }
    if (!p) {
      c.report('P2002', name.range, { name: name.text }, closest(name.text, c.model.params.keys()));
      continue;
    }
    const json = literalJson(c, v.right, p.type);
    if (json === undefined) continue;
    const errors: InputError[] = [];
    const value = validateValue(c.model, p.type, json, `params.${name.text}`, errors);
    for (const e of errors) c.report(e.code, v.right.range, { ...e.args, field: name.text });
    if (value?.t !== 'num') continue;
    // The range the text fixes (参数 标准：3000元至6000元) holds in examples as for every caller.
    const check = validateParams(c.model, { [name.text]: json });
    if (!check.ok) {
      for (const e of check.errors) c.report(e.code, v.right.range, { ...e.args, field: name.text });
      continue;
    }
    (out.params ??= {})[name.text] = value.v;
  }
}

/** The value of a sum of literals (200亿元 + 1元), in the base unit; undefined for anything else. */
function sumOf(c: CheckContext, v: A.Expr): Rat | undefined {
  if (v.kind === 'Paren') return sumOf(c, v.expr);
  if (v.kind === 'Number') {
    const e = expr(c, v, EMPTY_SCOPE());
    return e.k === 'num' ? e.value : undefined;
  }
  if (v.kind !== 'Binary' || (v.op !== '+' && v.op !== '-')) return undefined;
  const l = sumOf(c, v.left);
  const r = sumOf(c, v.right);
  return l && r ? (v.op === '+' ? add(l, r) : sub(l, r)) : undefined;
}
