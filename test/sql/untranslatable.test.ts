// Fixtures whose constructs the SQL backend does not translate yet (harness.ts NOT_YET_SQL): building SQL for them is
// a build error naming the construct, never a query that decides differently from the reference.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { duckdb } from '../../compiler/sql/dialect.ts';
import { translate } from '../../compiler/sql/translate.ts';
import { Untranslatable } from '../../compiler/sql/expr.ts';
import { compiled } from '../emit/helpers.ts';
import { ROOT } from '../helpers.ts';
import { NOT_YET_SQL } from './harness.ts';

const NAMED: Record<string, RegExp> = { units: /每档一次/ };

describe('constructs SQL refuses by name', () => {
  for (const name of NOT_YET_SQL)
    it(name, () => {
      const { model } = compiled(join(ROOT, `test/emit/fixtures/${name}.policy`));
      let thrown: unknown;
      try {
        translate(model, { dialect: duckdb, asOf: '2025-01-01' });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(Untranslatable);
      expect(String((thrown as Error).message)).toMatch(NAMED[name] ?? /./);
    });
});
