// Every policy and fixture either translates to SQL, or (harness.ts NOT_YET_SQL, the fixtures whose
// constructs the SQL backend does not translate yet) is a build error naming the construct — never a query that
// decides differently from the reference. Every fixture translates but those in NOT_YET_SQL; the caps per key
// (累计不超过：…，项目编号) were the last refused. Spark here: npm test runs the DuckDB queries
// of every policy in duckdb-differential.test.ts, the Spark ones only in test:deep.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { spark } from '../../compiler/sql/dialect.ts';
import { translate } from '../../compiler/sql/translate.ts';
import { Untranslatable } from '../../compiler/sql/expr.ts';
import { allPolicies, compiled, nameOf } from '../emit/helpers.ts';
import { NOT_YET_SQL } from './harness.ts';

/** What the build error of each fixture in NOT_YET_SQL must name. */
const NAMED: Record<string, RegExp> = { 'yearly-instalments': /分N年发放/ };

describe('SQL translates every construct or refuses it by name', () => {
  for (const path of allPolicies()) {
    const name = nameOf(path);
    it(name, () => {
      const { model } = compiled(path);
      let thrown: unknown;
      try {
        translate(model, { dialect: spark, asOf: '2025-01-01' });
      } catch (e) {
        thrown = e;
      }
      if (!NOT_YET_SQL.has(name)) expect(thrown, name).toBeUndefined();
      else {
        expect(thrown).toBeInstanceOf(Untranslatable);
        expect(String((thrown as Error).message)).toMatch(NAMED[name] ?? /./);
      }
    });
  }
});

describe('合并计算 by a member of an exclusion group', () => {
  // The group chooses on its members' decisions made without this evaluation's grants (steps.ts decideCounted); SQL decides
  // such a member twice (alone for the group, with the grants for its amount). It used to be refused; it translates now,
  // and test/sql/fixtures/grouped-counted.policy holds its decisions equal to the reference (duckdb-differential.test.ts).
  const text = readFileSync(fileURLToPath(new URL('../emit/fixtures/shared.policy', import.meta.url)), 'utf8');
  it('translates, the member decided alone and with the grants', () => {
    const grouped = text.replace('就高：高档奖励，低档奖励；', '就高：高档奖励，低档奖励，配套奖励；');
    expect(grouped).not.toBe(text);
    const c = compile(grouped);
    expect(c.hasErrors, c.diagnostics.map((d) => d.code).join(', ')).toBe(false);
    const [q] = translate(c.model, { dialect: spark, asOf: '2025-01-01' });
    // The group's reason is given from the decision with the grants (steps.ts drop), not by a window over the rows.
    expect(q!.sql).toMatch(/THEN 'P4007'/);
    expect(q!.sql).not.toMatch(/__g\d+w AS/);
    expect(() => translate(compile(text).model, { dialect: spark, asOf: '2025-01-01' })).not.toThrow();
  });
});
