// Edge cases without a population: a golden per amendment that a reviewer
// reads ("年度自主认定人次 49人次：不符合 → 39500元"), and every case re-decided
// by both versions must really differ as stated.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPolicies, findEdgeCases, renderDiffText } from '../../compiler/diff/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { amended, base, EDITS, GOLDEN, UPDATE } from './helpers.ts';

function golden(name: string, text: string) {
  const path = join(GOLDEN, name);
  if (UPDATE || !existsSync(path)) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

describe('edge cases', () => {
  for (const name of Object.keys(EDITS)) {
    it(name, () => {
      const a = base().model;
      const b = amended(name).model;
      const text: string[] = [];
      for (const lang of ['zh', 'en'] as const) {
        const d = diffPolicies(a, b, lang);
        const cases = findEdgeCases(a, b, d, { lang });
        expect(cases.length, 'an amendment that changes meaning has a case decided differently').toBeGreaterThan(0);
        text.push(renderDiffText(d, cases));
        // Re-decide each case independently: the stated before/after must be what the versions say.
        for (const c of cases) {
          const dec = (m: typeof a) => {
            if (!m.subjects.has(c.subject)) return undefined;
            const facts = Object.fromEntries(Object.entries(c.facts).filter(([k]) => m.subjects.get(c.subject)!.facts.has(k)));
            const v = validateFacts(m, c.subject, facts);
            if (!v.ok) throw new Error(JSON.stringify(v.errors));
            return evaluate(m, c.subject, v.facts, { asOf: c.asOf }).benefits.find((x) => x.id === c.benefit);
          };
          const x = dec(a);
          const y = dec(b);
          expect([x?.status, x?.amount]).not.toEqual([y?.status, y?.amount]);
        }
      }
      golden(`${name}.edges.txt`, text.join('\n'));
    });
  }

  it('the threshold’s neighbours are the cases found first', () => {
    const a = base().model;
    const b = amended('lower-threshold').model;
    const cases = findEdgeCases(a, b, diffPolicies(a, b, 'zh'));
    const texts = cases.map((c) => c.text);
    expect(texts).toContain('已备案认定企业 是，年度自主认定人次 30人次：不符合 → 30000元');
    expect(texts).toContain('已备案认定企业 是，年度自主认定人次 49人次：不符合 → 39500元');
    // 29 is below both thresholds: decided alike, never listed.
    expect(texts.some((t) => t.includes(' 29人次'))).toBe(false);
  });

  it('no change, no case', () => {
    const a = base().model;
    expect(findEdgeCases(a, a, diffPolicies(a, a, 'zh'))).toEqual([]);
  });
});
