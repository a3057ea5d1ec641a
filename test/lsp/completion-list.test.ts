// The server's completion answer (completionList): the whole list while it is short, and past
// MAX_ITEMS the best matches of the typed word marked isIncomplete, so an editor asks again as the
// word grows. The contract checked here is the editor's view: whatever an editor would keep from
// the whole list for the word typed so far, it keeps from the answer too (while that fits).
import { describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { synthPolicy } from '../../bench/synth.ts';
import { compile } from '../../compiler/index.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { completion, completionList, MAX_ITEMS } from '../../lsp/completion.ts';
import { POLICY } from './client.ts';
import { readFileSync } from 'node:fs';

const analyse = (text: string) => new Analysis('file:///t.policy', 1, text, compile);
const itemsOf = (r: CompletionItem[] | CompletionList) => (Array.isArray(r) ? r : r.items);
const sortKey = (i: CompletionItem) => `${i.sortText ?? i.label}\u0000${i.label}`;
/** Two editor filters: Neovim's default (the label starts with the word) and a looser one (the word's letters in order). */
const FILTERS: [string, (label: string, typed: string) => boolean][] = [
  ['prefix', (label, typed) => label.toLowerCase().startsWith(typed.toLowerCase())],
  ['subsequence', (label, typed) => {
    let j = 0;
    for (const ch of label.toLowerCase()) if (ch === typed[j]?.toLowerCase()) j++;
    return j === typed.length;
  }],
];

describe('completion list: capped and incomplete past MAX_ITEMS', { timeout: 120000 }, () => {
  // 150 benefits: a 就高 list names them all (more than MAX_ITEMS).
  const base = synthPolicy(150) + '\n就高：';
  const benefits = compile(base.slice(0, -'\n就高：'.length)).model.benefits.map((b) => b.id);

  it('the context really lists more than MAX_ITEMS names', () => {
    expect(benefits.length).toBeGreaterThan(MAX_ITEMS);
    const a = analyse(base);
    expect(completion(a, base.length, 'zh').length).toBe(benefits.length);
  });

  // The typed word: nothing, a prefix of every name, of about a third, of one name, of none.
  for (const typed of ['', '待', '待遇', '待遇一', '待遇一零', '待遇一零七', '遇一', '待遇X']) {
    it(`typed «${typed}»`, () => {
      const text = base + typed;
      const a = analyse(text);
      const offset = text.length;
      const all = completion(a, offset, 'zh');
      const r = completionList(a, offset, 'zh');
      const got = itemsOf(r);
      // Incomplete exactly when the whole list is longer than the cap; never more than the cap.
      expect(Array.isArray(r)).toBe(all.length <= MAX_ITEMS);
      if (!Array.isArray(r)) expect(r.isIncomplete).toBe(true);
      expect(got.length).toBeLessThanOrEqual(MAX_ITEMS);
      // Every item sent is the whole list's item, unchanged (range, text, sort order).
      const byLabel = new Map(all.map((i) => [i.label, i]));
      for (const i of got) expect(i).toEqual(byLabel.get(i.label));
      for (const [name, keep] of FILTERS) {
        const wanted = all.filter((i) => keep(i.label, typed));
        const shown = got.filter((i) => keep(i.label, typed));
        if (wanted.length <= MAX_ITEMS) {
          // What the editor would show from the whole list, it shows from the answer.
          expect(shown.map((i) => i.label).sort(), name).toEqual(wanted.map((i) => i.label).sort());
        } else {
          // Cut: the editor shows a full page, and nothing left out sorts before what was kept.
          expect(shown.length, name).toBe(MAX_ITEMS);
          const last = shown.map(sortKey).sort().at(-1)!;
          const left = wanted.filter((i) => !shown.includes(i) && !got.some((g) => g.label === i.label));
          expect(left.every((i) => sortKey(i) > last), name).toBe(true);
        }
      }
    });
  }

  it('a short list is the whole list, as a plain array', () => {
    const text = readFileSync(POLICY, 'utf8');
    const a = analyse(text);
    for (let offset = 0; offset < text.length; offset += 97) {
      const r = completionList(a, offset, 'zh');
      const all = completion(a, offset, 'zh');
      expect(all.length).toBeLessThanOrEqual(MAX_ITEMS);
      expect(r).toEqual(all);
    }
  });
});
