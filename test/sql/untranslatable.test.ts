// Every policy and fixture either translates to SQL, or (harness.ts NOT_YET_SQL, the fixtures whose
// constructs the SQL backend does not translate yet) is a build error naming the construct — never a query that
// decides differently from the reference. Spark here: npm test runs the DuckDB queries of every policy in
// duckdb-differential.test.ts, the Spark ones only in test:deep.
import { describe, expect, it } from 'vitest';
import { spark } from '../../compiler/sql/dialect.ts';
import { translate } from '../../compiler/sql/translate.ts';
import { Untranslatable } from '../../compiler/sql/expr.ts';
import { allPolicies, compiled, nameOf } from '../emit/helpers.ts';
import { NOT_YET_SQL } from './harness.ts';

/** What the build error of each fixture in NOT_YET_SQL must name. */
const NAMED: Record<string, RegExp> = { across: /合并计算 with 培训补贴/, shared: /合并计算 with/, 'top-up': /合并计算 with 市级示范奖励/ };

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
