// The differential harness: random subjects (from the arbitraries the
// generated-evaluator test uses: every fact kind, NULLs, boundary values,
// ledgers) are validated, written to tables through the generated DDL, decided
// by the generated SQL, and compared row by row with the reference evaluator.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, type BenefitDecision } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger, type Facts, type LedgerEntry, type Value } from '../../compiler/facts.ts';
import type { Model } from '../../compiler/model.ts';
import { parseDecimal, ratToString, type Rat } from '../../compiler/rational.ts';
import { addDays } from '../../compiler/dates.ts';
import type { Dialect } from '../../compiler/sql/dialect.ts';
import { columnType, ddl, ledgerKeyFacts, tableNames } from '../../compiler/sql/ddl.ts';
import { inputArb } from '../emit/arbitraries.ts';

export interface Case {
  id: string;
  asOf: string;
  subject: string;
  facts: Facts;
  ledger: LedgerEntry[];
}

export interface Row {
  id: string;
  benefit: string;
  status: string;
  amount: string | null;
  reasons: string;
  missing: string;
}

/** As-of dates to probe: around the policy's own dates. */
export function asOfDates(model: Model): string[] {
  const h = model.header;
  const base = [h.effective, h.end, h.published].filter((d): d is string => !!d);
  const out = new Set<string>();
  for (const d of base.length ? base : ['2025-06-01']) for (const k of [-1, 0, 1, 40, 200]) out.add(addDays(d, k));
  return [...out].sort();
}

/** `n` valid random subjects per as-of date (inputs that fail validation are drawn again). */
export function randomCases(model: Model, n: number, seed: number): Case[] {
  const arb = inputArb(model);
  const dates = asOfDates(model);
  const out: Case[] = [];
  let s = seed;
  while (out.length < n) {
    const batch = fc.sample(arb, { numRuns: Math.min(2000, (n - out.length) * 2), seed: s++ });
    for (const input of batch) {
      if (out.length >= n) break;
      const vf = validateFacts(model, input.subject, input.facts);
      if (!vf.ok) continue;
      const vl = validateLedger(model, input.ledger);
      if (!vl.ok) continue;
      out.push({ id: `s${out.length}`, asOf: dates[out.length % dates.length]!, subject: input.subject, facts: vf.facts, ledger: vl.ledger });
    }
  }
  return out;
}

function jsonValue(v: Value): unknown {
  switch (v.t) {
    case 'bool':
      return v.v;
    case 'num':
      return ratToString(v.v, 6);
    case 'date':
      return v.v;
    case 'level':
    case 'enum':
      return v.name;
    case 'str':
      return v.v;
    case 'map':
      return Object.fromEntries([...v.v].map(([k, x]) => [k, ratToString(x, 6)]));
    case 'text':
      return v.label.zh;
  }
}

/** Writes the cases as NDJSON files and returns the statements that create and fill the tables (DuckDB). */
export function duckdbLoad(model: Model, D: Dialect, cases: Case[], dir: string): string[] {
  const names = tableNames({}, D);
  // Each subject carries its own as-of date (the translation's asOfColumn option).
  const stmts = [ddl(model, D, names), ...[...model.subjects.keys()].map((s) => `ALTER TABLE ${names.subject(s)} ADD COLUMN as_of DATE`)];
  for (const s of model.subjects.values()) {
    const file = join(dir, `subjects-${[...model.subjects.keys()].indexOf(s.name)}.ndjson`);
    const facts = [...s.facts.values()].filter((f) => !f.derived);
    const lines = cases
      .filter((c) => c.subject === s.name)
      .map((c) => JSON.stringify({ id: c.id, as_of: c.asOf, ...Object.fromEntries(facts.map((f, i) => [`f${i}`, c.facts.has(f.name) ? jsonValue(c.facts.get(f.name)!) : null])) }));
    writeFileSync(file, lines.join('\n') + '\n');
    if (lines.length === 0) continue;
    const cols = [`'id': 'VARCHAR'`, `'as_of': 'DATE'`, ...facts.map((f, i) => `'f${i}': '${f.type.kind === 'perLevel' ? 'JSON' : 'VARCHAR'}'`)];
    const sel = [`id`, ...facts.map((f, i) => `CAST(f${i} AS ${columnType(D, model, f.type, s.name)})`), 'as_of'];
    stmts.push(`INSERT INTO ${names.subject(s.name)} SELECT ${sel.join(', ')} FROM read_json('${file}', format = 'newline_delimited', columns = {${cols.join(', ')}})`);
  }
  const keys = ledgerKeyFacts(model);
  const ledgerFile = join(dir, 'ledger.ndjson');
  const entries = cases.flatMap((c) =>
    c.ledger.map((e) =>
      JSON.stringify({ id: c.id, benefit: e.benefit, date: e.date, amount: ratToString(e.amount, 2), ...Object.fromEntries(keys.map((k, i) => [`k${i}`, e.key?.[k] ?? null])) }),
    ),
  );
  writeFileSync(ledgerFile, entries.join('\n') + '\n');
  if (entries.length) {
    const cols = [`'id': 'VARCHAR'`, `'benefit': 'VARCHAR'`, `'date': 'DATE'`, `'amount': 'VARCHAR'`, ...keys.map((_, i) => `'k${i}': 'VARCHAR'`)];
    stmts.push(
      `INSERT INTO ${names.ledger} SELECT id, benefit, date, CAST(amount AS DECIMAL(18,2))${keys.map((_, i) => `, k${i}`).join('')} FROM read_json('${ledgerFile}', format = 'newline_delimited', columns = {${cols.join(', ')}})`,
    );
  }
  return stmts;
}

/** The reference's rows for the same cases: only the benefits of each subject's type. */
export function referenceRows(model: Model, cases: Case[], params: Record<string, Rat>): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const c of cases) {
    const d = evaluate(model, c.subject, c.facts, { asOf: c.asOf, ledger: c.ledger, params });
    for (const b of d.benefits) {
      const benefit = model.benefits.find((x) => x.id === b.id)!;
      if (!benefit.subjects.includes(c.subject)) continue;
      out.set(`${c.id}\u0000${b.id}`, rowOf(c.id, b));
    }
  }
  return out;
}

function rowOf(id: string, b: BenefitDecision): Row {
  return { id, benefit: b.id, status: b.status, amount: b.amount, reasons: b.reasons.map((r) => r.code).join(','), missing: b.missing.join('、') };
}

/** Normalises an engine's result row. */
export function sqlRow(r: Record<string, unknown>): Row {
  const amount = r['amount'] === null || r['amount'] === undefined ? null : String(r['amount']);
  return {
    id: String(r['id']),
    benefit: String(r['benefit']),
    status: String(r['status']),
    amount: amount === null ? null : (parseDecimal(amount) ? fixed2(amount) : amount),
    reasons: String(r['reasons'] ?? ''),
    missing: String(r['missing'] ?? ''),
  };
}

function fixed2(s: string): string {
  const [w, f = ''] = s.split('.');
  return `${w}.${(f + '00').slice(0, 2)}`;
}

export const PARAM_SETS = (model: Model): Record<string, Rat>[] => {
  const names = [...model.params.keys()];
  if (names.length === 0) return [{}];
  const values = ['1500.50', '0.01', '30000', '2.5'];
  return [{}, Object.fromEntries(names.map((n, i) => [n, parseDecimal(values[i % values.length]!)!]))];
};
