// The checker, split by concern (as Cedar's validator and rust-analyzer's
// hir-def / hir-ty are): declarations.ts (names and types declared),
// expressions.ts (types, units, resolution, lowering of expressions),
// fields.ts (the schema of every block's fields), lower.ts (blocks → IR),
// lints.ts, examples.ts. This file runs them in order over one file's AST, or
// over the files of a program sharing one symbol table. It never throws: every
// problem is a diagnostic with a code from messages.ts and an exact range.
import type * as A from '../../grammar/ast.ts';
import { documentBenefits, poolMembers, type Benefit, type Model } from '../model.ts';
import { SymbolTable, factKey, topKey, valueKey } from '../symbols.ts';
import { CheckContext, EMPTY_SCOPE, kwArgs, type Diagnostic, type Scope } from './context.ts';
import { declareBuiltinUnits, declareSymbols, enumDecl, fundDecl, unitDecl, unitMultiples, declareTop, levelsDecl, parameterDecl, subjectDecl, checkLists } from './declarations.ts';
import { examples } from './examples.ts';
import { expandMeets } from './meets.ts';
import { expandSameAs } from './same-as.ts';
import { visitNames } from './expressions.ts';
import { benefitDecl, header, interactionDecl, poolCapExprs, provisionDecl, scopeOf } from './lower.ts';
import { benefitLints, englishLabels, unused } from './lints.ts';
import { captured, quotesLine, replay, type CheckMemo, type DeclRecord } from './memo.ts';

export interface CheckResult {
  model: Model;
  diagnostics: Diagnostic[];
  /** Per-declaration records of a one-file program, for re-checking the next version (memo.ts). */
  memo?: CheckMemo;
}

export function check(file: A.PolicyFile, text: string): CheckResult {
  const c = new CheckContext(text);
  run(c, file);
  return { model: c.model, diagnostics: c.diags };
}

/** One file of a program: its name (undefined for compile(text)), text and tree. */
export interface CheckUnit {
  file?: string;
  text: string;
  ast: A.PolicyFile;
}

/**
 * Checks the files of a program as one policy: one symbol table and one model,
 * declarations visible in every file, the first unit's header the program's
 * own and the others' headers its documents.
 */
export function checkProgram(units: CheckUnit[], symbols?: SymbolTable, reuse?: (DeclRecord | undefined)[]): CheckResult {
  const first = units[0];
  const c = new CheckContext(first?.text ?? '', symbols, first?.file);
  for (const u of units) c.texts.set(u.file, u.text);
  const memo = runUnits(c, units, reuse);
  return { model: c.model, diagnostics: c.diags, ...(memo && { memo }) };
}

export function run(c: CheckContext, file: A.PolicyFile): Model {
  runUnits(c, [{ ...(c.file !== undefined && { file: c.file }), text: c.text, ast: file }]);
  return c.model;
}

/**
 * The phases, in order, over every declaration of the program. In a program of one file, each
 * benefit and provision is checked under a capture and its record kept (returned as the memo);
 * `reuse` gives the records still valid for this version (memo.ts), which are replayed instead.
 */
function runUnits(c: CheckContext, units: CheckUnit[], reuse?: (DeclRecord | undefined)[]): CheckMemo | undefined {
  declareBuiltinUnits(c);
  const single = units.length === 1;
  const records: (DeclRecord | undefined)[] = single ? new Array(units[0]!.ast.decls.length).fill(undefined) : [];
  if (!single) reuse = undefined;
  /** Every declaration with its file and index, in program order. */
  const decls = units.flatMap((u) => u.ast.decls.map((d, i) => ({ u, d, i })));
  const each = (f: (d: A.Decl, i: number) => void, only?: (d: A.Decl) => boolean) => {
    for (const { u, d, i } of decls) {
      if (only && !only(d)) continue;
      c.enter(u.file);
      f(d, i);
    }
  };
  units.forEach((u, i) => {
    c.enter(u.file);
    const policies = u.ast.decls.filter((d): d is A.PolicyDecl => d.kind === 'Policy');
    if (i === 0 && policies.length === 0) c.report('P2018', { start: 0, end: 0 });
    policies.slice(1).forEach((p) => c.report('P2015', { start: p.range.start, end: p.range.start + 2 }, kwArgs('field', 'Policy')));
  });
  each((d) => declareSymbols(c, d));
  // Declarations first, so uses may come before definitions.
  const values = new Map<string, A.Range>();
  each((d) => {
    if (d.kind === 'Fund') fundDecl(c, d);
    if (d.kind === 'UnitDecl') unitDecl(c, d);
    if (d.kind === 'Levels') levelsDecl(c, d, values);
    if (d.kind === 'Enum') enumDecl(c, d, values);
  });
  {
    const unitDecls: A.UnitDecl[] = [];
    each((d) => {
      if (d.kind === 'UnitDecl') unitDecls.push(d);
    });
    unitMultiples(c, unitDecls);
  }
  each((d) => {
    if (d.kind === 'Subject') subjectDecl(c, d);
    if (d.kind === 'Parameter') parameterDecl(c, d);
  });
  each((d) => {
    if (d.kind === 'Subject') checkLists(c, d);
  });
  units.forEach((u, i) => {
    const p = u.ast.decls.find((d): d is A.PolicyDecl => d.kind === 'Policy');
    if (!p) return;
    c.enter(u.file);
    const h = header(c, p);
    if (i === 0) c.model.header = h;
    // An imported document's shared cap (“本细则各项补助累计不超过…”) adds up the benefits that document declares.
    else c.model.documents.push({ file: u.file ?? '', header: h });
  });
  const lowered = new Map<string, { file: string | undefined; d: A.BenefitDecl; i: number }>();
  /** Declarations whose record was replayed (their examples and sweep are replayed too). */
  const kept = new Set<number>();
  each((d, i) => {
    if (d.kind !== 'Benefit' && d.kind !== 'Provision') return;
    const declared = declareTop(c, d.name);
    const old = reuse?.[i];
    if (old && old.kind === d.kind && old.declared === declared && !old.meets) {
      replay(c, old.body);
      if (old.benefit) {
        const b: Benefit = { ...old.benefit, examples: [] };
        c.model.benefits.push(b);
        lowered.set(b.id, { file: c.file, d: d as A.BenefitDecl, i });
      }
      if (old.provision) c.model.provisions.push(old.provision);
      records[i] = { ...old };
      kept.add(i);
      return;
    }
    const rec: DeclRecord = { kind: d.kind, name: d.name.text, declared, body: undefined!, decl: d, lines: false };
    [, rec.body] = captured(c, () => {
      if (d.kind === 'Benefit') {
        if (!declared) {
          c.quietly(() => benefitDecl(c, d));
          return;
        }
        const b = benefitDecl(c, d);
        benefitLints(c, b, d);
        c.model.benefits.push(b);
        lowered.set(b.id, { file: c.file, d, i });
        rec.benefit = { ...b, examples: [] };
        if (c.meetsIn.has(b.id)) rec.meets = true;
      } else if (declared) {
        rec.provision = provisionDecl(c, d);
        c.model.provisions.push(rec.provision);
      }
    });
    if (single) records[i] = rec;
  });
  // `符合 X 的条件`: every benefit is lowered, so each reference takes the conditions of the benefit it names.
  expandMeets(c);
  // `金额：参照 X；`: every benefit is lowered, so each takes the amount rule of the benefit it names.
  expandSameAs(c);
  each((d) => interactionDecl(c, d as A.InteractionDecl), (d) => d.kind === 'Interaction');
  // A shared cap of the policy (or of one of its documents) that covers no benefit (P2232): none pays an amount (from its fund).
  // One computed from the case is checked in the scope of each benefit it covers.
  const pooled = (file: string | undefined, h: typeof c.model.header, benefits: Benefit[], document: boolean) => {
    c.enter(file);
    for (const [key, cap] of [['AnnualCap', h.pool?.annual], ['CumulativeCap', h.pool?.cumulative]] as const)
      if (cap && poolMembers(benefits, cap).length === 0) {
        const fund = cap.fund ? c.model.funds.get(cap.fund) : undefined;
        c.report('P2232', cap.range, { ...kwArgs('field', key), fund: cap.fund ? `“${cap.fund}”` : '任何资金', fundEn: cap.fund ? `"${fund?.label?.en ?? cap.fund}"` : 'any fund' });
      }
    poolCapExprs(c, h.pool, (cap) => poolMembers(benefits, cap).map((id) => benefits.find((b) => b.id === id)!), document);
  };
  pooled(units[0]?.file, c.model.header, c.model.benefits, false);
  for (const doc of c.model.documents) if (doc.header.pool) pooled(doc.file, doc.header, documentBenefits(c.model, doc.file), true);
  c.enter(units[0]?.file);
  for (const b of c.model.benefits) {
    const { file, d, i } = lowered.get(b.id)!;
    c.enter(file);
    const old = kept.has(i) ? reuse?.[i]?.examples : undefined;
    if (old) {
      replay(c, old.capture);
      b.examples.push(...old.list);
      continue;
    }
    c.subjectless = b.subjects.length === 0;
    const [, capture] = captured(c, () => examples(c, b, d));
    const rec = records[i];
    if (rec) rec.examples = { capture, list: [...b.examples] };
  }
  c.enter(units[0]?.file);
  unused(c);
  for (const u of units) {
    c.enter(u.file);
    englishLabels(c, u.ast);
    sweep(c, u.ast, single ? { reuse, kept, records } : undefined);
  }
  c.enter(units[0]?.file);
  if (!single) return undefined;
  for (const rec of records) if (rec && !rec.lines) rec.lines = quotesLine([rec.body, rec.examples?.capture]);
  return { file: units[0]!.ast, records, kept: kept.size };
}

/**
 * Names the checker did not reach (in a field it rejected, a duplicate
 * declaration, an example of a duplicate benefit) are resolved by the same
 * rule without diagnostics, so the editor finds every name.
 */
function sweep(c: CheckContext, file: A.PolicyFile, memo?: { reuse: (DeclRecord | undefined)[] | undefined; kept: Set<number>; records: (DeclRecord | undefined)[] }) {
  c.quietly(() => {
    file.decls.forEach((d, i) => {
      if (d.kind !== 'Benefit' || !memo) return sweepDecl(c, d);
      const old = memo.kept.has(i) ? memo.reuse?.[i]?.sweep : undefined;
      if (old) return replay(c, old);
      const [, capture] = captured(c, () => sweepDecl(c, d));
      const rec = memo.records[i];
      if (rec) rec.sweep = capture;
    });
  });
}

function sweepDecl(c: CheckContext, d: A.Decl) {
  if (d.kind === 'Subject') {
    const facts = new Map(c.model.subjects.get(d.name.text)?.facts ?? []);
    for (const f of d.facts) if (f.formula) visitNames(c, f.formula, { facts, subjects: [d.name.text] });
  } else if (d.kind === 'Policy' || d.kind === 'Provision') {
    for (const f of d.fields) for (const v of f.values) visitNames(c, v, EMPTY_SCOPE());
  } else if (d.kind === 'Benefit') {
    const subjects: string[] = [];
    for (const f of d.fields) if (f.key === 'Subject') for (const v of f.values) if (v.kind === 'Ref' && c.model.subjects.has(v.name.text)) subjects.push(v.name.text);
    const scope: Scope = { ...scopeOf(c, subjects), benefit: d.name.text };
    for (const f of d.fields) {
      for (const v of f.values) {
        if ((f.key === 'Subject' || f.key === 'Fund') && v.kind === 'Ref') {
          if (!c.symbols.recorded(v.name.range, c.file)) c.refer(v.name.range, c.symbols.top(v.name.text) ? [topKey(v.name.text)] : []);
        } else visitNames(c, v, scope);
      }
    }
    for (const ex of d.examples) {
      for (const f of ex.fields) {
        if (f.factName && !c.symbols.recorded(f.factName.range, c.file)) {
          c.refer(f.factName.range, subjects.filter((s) => c.symbols.fact(s, f.factName!.text)).map((s) => factKey(s, f.factName!.text)));
        }
        for (const v of f.values) literalNames(c, v);
      }
    }
  } else if (d.kind === 'Interaction') {
    for (const m of d.members) if (!c.symbols.recorded(m.range, c.file)) c.refer(m.range, c.symbols.top(m.text) ? [topKey(m.text)] : []);
  }
}

/** In an example, a bare name is a value (技工院校). */
function literalNames(c: CheckContext, e: A.Expr) {
  if (e.kind === 'Ref' && !c.symbols.recorded(e.name.range, c.file))
    c.refer(e.name.range, c.symbols.value(e.name.text) ? [valueKey(e.name.text)] : []);
  if (e.kind === 'Map')
    for (const en of e.entries) {
      if (!c.symbols.recorded(en.key.range, c.file)) c.refer(en.key.range, c.symbols.value(en.key.text) ? [valueKey(en.key.text)] : []);
      literalNames(c, en.value);
    }
  if (e.kind === 'Neg' || e.kind === 'Paren') literalNames(c, e.expr);
}

export { CheckContext, SymbolTable };
export { cmpOpOf, closest, normaliseClause, type Diagnostic } from './context.ts';
