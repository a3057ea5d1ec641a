// Every amount of money in the seed's monetary clauses must appear in the
// Chinese summary in the same section as its clause reference — the summary
// cannot silently drop or change a figure of the text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiled, SEEDS_DIR, summaryOf, XIAOSHAN } from './helpers.ts';

interface SeedAmount {
  clause: string;
  amount: string;
}

/**
 * Walks the seed's outline (一、 / (一) / 1.) and collects each amount in 元 or
 * 万元 with the clause it stands in, written as the policy writes clause
 * references: 二（三）7. Spaces inside numbers (“10 万元”) are removed first.
 */
export function seedAmounts(text: string): SeedAmount[] {
  const out: SeedAmount[] = [];
  let major: string | undefined;
  let sub: string | undefined;
  let item: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+/g, '');
    let m: RegExpExecArray | null;
    if ((m = /^([一二三四五六七八九十]+)、/.exec(line))) [major, sub, item] = [m[1], undefined, undefined];
    else if ((m = /^[（(]([一二三四五六七八九十]+)[)）]/.exec(line))) [sub, item] = [m[1], undefined];
    else if ((m = /^(\d+)[.．]/.exec(line))) item = m[1];
    if (!major) continue;
    const clause = `${major}${sub ? `（${sub}）` : ''}${item ?? ''}`;
    for (const a of line.matchAll(/(\d+(?:\.\d+)?)(万元|元)/g)) out.push({ clause, amount: a[1]! + a[2]! });
  }
  return out;
}

/** Markdown sections: the text between one heading and the next. */
const mdSections = (md: string): string[] => md.split(/\n(?=#{1,6} )/);
/** HTML sections: one benefit block each. */
const htmlSections = (html: string): string[] => html.split('<section class="benefit">').slice(1).map((s) => s.split('</section>')[0]!);

/** The amount as a whole figure: 500元 must not match inside 1500元. */
const figure = (amount: string) => new RegExp(`(?<![\\d.])${amount.replace('.', '\\.')}`);

describe('seed amounts in the Chinese summary', () => {
  const seed = readFileSync(join(SEEDS_DIR, 'xiaoshan-xinxiaojiang-2025-3.txt'), 'utf8');
  const amounts = seedAmounts(seed);

  it('extracts the monetary clauses of the seed', () => {
    expect([...new Set(amounts.map((a) => a.clause))]).toEqual(['二（一）2', '二（一）3', '二（二）4', '二（二）5', '二（三）7', '二（三）8', '二（四）10', '二（五）11', '二（五）12', '二（六）15']);
    expect(amounts).toHaveLength(28);
    expect(amounts).toContainEqual({ clause: '二（三）7', amount: '500元' });
    expect(amounts).toContainEqual({ clause: '二（二）5', amount: '10万元' });
  });

  const c = compiled(XIAOSHAN);
  for (const [format, split] of [
    ['md', mdSections],
    ['html', htmlSections],
  ] as const) {
    it(`puts each amount next to its clause (${format})`, () => {
      const sections = split(summaryOf(c, 'zh', format));
      const missing = amounts.filter(({ clause, amount }) => !sections.some((s) => s.includes(clause) && figure(amount).test(s)));
      expect(missing).toEqual([]);
    });
  }

  it('would notice a changed figure', () => {
    const sections = mdSections(summaryOf(c, 'zh', 'md'));
    const found = (clause: string, amount: string) => sections.some((s) => s.includes(clause) && figure(amount).test(s));
    expect(found('二（一）2', '800元')).toBe(true);
    expect(found('二（一）2', '80元')).toBe(false);
    expect(found('二（三）7', '500元')).toBe(true);
    expect(found('二（二）4', '500元')).toBe(false);
  });
});
