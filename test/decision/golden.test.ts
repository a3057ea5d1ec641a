// The decision IR of every shipped policy and every backend fixture, printed (compiler/decision/print.ts) and
// compared with a golden file a reviewer reads beside the policy: the order of every benefit's decision steps.
// `UPDATE_GOLDEN=1 npx vitest run test/decision` rewrites them; review the diff.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compile } from '../../compiler/index.ts';
import { lowerPolicy } from '../../compiler/decision/lower.ts';
import { printProgram } from '../../compiler/decision/print.ts';
import { policyFiles, ROOT } from '../helpers.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const GOLDEN = join(ROOT, 'test/decision/golden');
const FIXTURES = ['test/emit/fixtures/cases.policy', 'test/emit/fixtures/zoo.policy', 'test/emit/fixtures/time.policy', 'test/emit/fixtures/between.policy', 'test/emit/fixtures/across.policy', 'test/emit/fixtures/keys.policy', 'test/emit/fixtures/loan.policy', 'test/emit/fixtures/conds.policy', 'test/emit/fixtures/reviewed.policy', 'test/emit/fixtures/units.policy', 'test/emit/fixtures/whole.policy', 'test/emit/fixtures/top-up.policy', 'test/emit/fixtures/scaled-units.policy', 'test/emit/fixtures/reviewed-base.policy', 'test/emit/fixtures/bracket-each.policy', 'test/emit/fixtures/bands.policy', 'test/emit/fixtures/clawback.policy', 'test/emit/fixtures/treated-as.policy', 'test/emit/fixtures/soft.policy', 'test/emit/fixtures/cap-in-principle.policy', 'test/emit/fixtures/obligation.policy', 'test/emit/fixtures/repeat.policy', 'test/emit/fixtures/same-as.policy', 'test/emit/fixtures/unstated-amount.policy', 'test/emit/fixtures/per-key.policy', 'test/emit/fixtures/referral.policy', 'test/emit/fixtures/distinct.policy', 'test/sql/fixtures/sql-hostile.policy'].map((f) => join(ROOT, f));

describe('decision IR goldens', () => {
  for (const file of [...policyFiles(), ...FIXTURES]) {
    it(basename(file), () => {
      const { model, diagnostics } = compile(readFileSync(file, 'utf8'), { path: file });
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const text = printProgram(lowerPolicy(model));
      const golden = join(GOLDEN, basename(file).replace(/\.policy$/, '.ir.txt'));
      if (UPDATE) writeFileSync(golden, text);
      expect(existsSync(golden), `${golden} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
