// A subjects file without the column of a fact decides the fact missing, in every engine: for every policy the SQL
// backend runs, a file with only the id and subject columns, and for each kind of fact (yes/no, level, enum, date,
// money and other quantities, percentages, per-key facts, 名单, text) a file without the columns of the facts of that
// kind, are run through the JS engine and `--engine duckdb`; the files written are equal byte for byte. (DuckDB once
// failed with "Cannot mix values of type VARCHAR and INTEGER" when no column of a subject type was present.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../../compiler/batch/run.ts';
import { runDuckDB } from '../../compiler/sql/run.ts';
import type { Fact, Model } from '../../compiler/model.ts';
import { compiled, nameOf } from '../emit/helpers.ts';
import { csvText, randomCases, rawSubjects, sqlPolicies } from './harness.ts';

const AS_OF = '2025-09-01';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-sql-missing-cols-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The kind of a fact as the cells of a file spell it. */
function kindOf(f: Fact): string {
  const t = f.type;
  if (t.kind === 'quantity') return t.percent ? 'percent' : t.unit.yuan ? 'money' : 'quantity';
  return t.kind;
}

/** The column sets to drop: every fact column (`*`), and the columns of each kind of fact the policy has. */
function drops(model: Model): Map<string, Set<string>> {
  const byKind = new Map<string, Set<string>>();
  const all = new Set<string>();
  for (const s of model.subjects.values())
    for (const f of s.facts.values()) {
      if (f.derived) continue;
      const cols = f.type.kind === 'perLevel' ? model.levels.get(f.type.of)!.levels.map((l) => `${f.name}.${l.name}`) : [f.name];
      const k = kindOf(f);
      if (!byKind.has(k)) byKind.set(k, new Set());
      for (const c of cols) {
        byKind.get(k)!.add(c);
        all.add(c);
      }
    }
  return new Map([['*', all], ...[...byKind].sort(([a], [b]) => (a < b ? -1 : 1))]);
}

async function agree(path: string, model: Model, name: string, header: string[], rows: string[][]) {
  const subjects = join(dir, `${name}.csv`);
  writeFileSync(subjects, csvText(header, rows));
  await runDuckDB(model, { engine: 'duckdb', input: subjects, out: join(dir, `${name}-sql.csv`), asOf: AS_OF });
  await runBatch({ policyText: readFileSync(path, 'utf8'), subjects, out: join(dir, `${name}-js.csv`), asOf: AS_OF, jobs: 1 });
  for (const f of ['.csv', '.rejects.jsonl', '.summary.json']) expect(readFileSync(join(dir, `${name}-sql${f}`), 'utf8'), `${name}${f}`).toBe(readFileSync(join(dir, `${name}-js${f}`), 'utf8'));
}

/** Per policy, the drops to run: `*` for every policy, each kind in the first two policies that have it (enough to meet every kind's check, and under a minute on a loaded machine). */
function plan(): [string, string, string[]][] {
  const seen = new Map<string, number>();
  return sqlPolicies().map((p) => {
    const kinds = [...drops(compiled(p).model).keys()].filter((k) => {
      if (k === '*') return true;
      seen.set(k, (seen.get(k) ?? 0) + 1);
      return seen.get(k)! <= 2;
    });
    return [nameOf(p), p, kinds];
  });
}

describe('policy batch: columns of facts absent from the subjects file, JS = DuckDB', () => {
  it.each(plan())('%s', { timeout: 600_000 }, async (name, path, kinds) => {
    const { model } = compiled(path);
    const cases = randomCases(model, 12, 7);
    const raw = rawSubjects(model, cases, 3);
    const all = drops(model);
    for (const kind of kinds) {
      const cols = all.get(kind)!;
      const keep = raw.header.map((c, i) => (cols.has(c) ? -1 : i)).filter((i) => i >= 0);
      await agree(path, model, `${name}-${kind === '*' ? 'none' : kind}`, keep.map((i) => raw.header[i]!), raw.rows.map((r) => keep.map((i) => r[i]!)));
    }
  });

  it('covers every kind of fact', () => {
    const covered = new Set(plan().flatMap(([, , k]) => k));
    expect([...covered].sort()).toEqual(['*', 'bool', 'date', 'enum', 'level', 'list', 'money', 'perLevel', 'percent', 'quantity', 'text']);
  });
});
