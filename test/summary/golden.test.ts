// Golden summaries of every real policy, in both languages and both formats,
// reviewed as text in the diff. UPDATE_GOLDEN=1 rewrites them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiled, GOLDEN_DIR, policyFiles, policyName, ROOT, summaryOf } from './helpers.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

// Fixtures whose summary wording is a construct's own (分段累进: the text's words, not a formula).
const FIXTURES = ['test/emit/fixtures/bands.policy', 'test/emit/fixtures/per-key.policy', 'test/emit/fixtures/referral.policy', 'test/emit/fixtures/distinct.policy'].map((f) => join(ROOT, f));

describe('golden summaries', () => {
  const files = [...policyFiles(), ...FIXTURES];
  it('finds the policies', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    for (const lang of ['zh', 'en'] as const) {
      for (const format of ['md', 'html'] as const) {
        const golden = join(GOLDEN_DIR, `${policyName(file)}.${lang}.${format}`);
        it(`${policyName(file)}.${lang}.${format}`, () => {
          const c = compiled(file);
          expect(c.hasErrors, 'the policy compiles without errors').toBe(false);
          const actual = summaryOf(c, lang, format);
          if (UPDATE) {
            mkdirSync(GOLDEN_DIR, { recursive: true });
            writeFileSync(golden, actual);
            return;
          }
          expect(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 npx vitest run test/summary and review the new file`).toBe(true);
          expect(actual).toBe(readFileSync(golden, 'utf8'));
        });
      }
    }
  }
});
