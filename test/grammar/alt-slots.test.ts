// grammar/parser.ts caches each OR's alternatives in a numbered slot (`this.alts[N] ??= [...]`): two ORs that
// share a slot silently parse with the other's alternatives. Every slot number is used by exactly one OR.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';

describe('the parser’s cached alternatives', () => {
  it('use each slot number once', () => {
    const source = readFileSync(join(ROOT, 'grammar/parser.ts'), 'utf8');
    const slots = [...source.matchAll(/this\.alts\[(\d+)\]\s*\?\?=/g)].map((m) => Number(m[1]));
    expect(slots.length).toBeGreaterThan(10);
    const seen = new Map<number, number>();
    for (const s of slots) seen.set(s, (seen.get(s) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([s]) => s)).toEqual([]);
  });
});
