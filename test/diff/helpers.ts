// Shared by the diff tests: the officer's amendments (fixtures/edits.json)
// applied to the shipped 萧人社〔2025〕3号, and a seeded shuffle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../grammar/index.ts';
import { compile, type Compilation } from '../../compiler/index.ts';
import { ROOT, XIAOSHAN, readPolicy } from '../helpers.ts';
import { seeded } from '../../compiler/diff/population.ts';

export const DIFF_DIR = join(ROOT, 'test', 'diff');
export const GOLDEN = join(DIFF_DIR, 'golden');
export const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

type Edit = [string, string] | { repeal: string };
export const EDITS: Record<string, Edit[]> = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(DIFF_DIR, 'fixtures', 'edits.json'), 'utf8')) as Record<string, Edit[] | string>).filter(([k]) => k !== '//'),
) as Record<string, Edit[]>;

export function applyEdits(text: string, edits: Edit[]): string {
  for (const e of edits) {
    if (Array.isArray(e)) {
      const at = text.indexOf(e[0]);
      if (at < 0 || text.indexOf(e[0], at + 1) >= 0) throw new Error(`edit does not match exactly once: ${e[0]}`);
      text = text.slice(0, at) + e[1] + text.slice(at + e[0].length);
    } else {
      const d = parse(text).file.decls.find((x) => 'name' in x && (x as { name: { text: string } }).name.text === e.repeal);
      if (!d) throw new Error(`no declaration ${e.repeal}`);
      text = text.slice(0, d.range.start) + text.slice(d.range.end);
    }
  }
  return text;
}

export const base = (): Compilation => compile(readPolicy(XIAOSHAN));

export function amended(name: string): Compilation {
  const c = compile(applyEdits(readPolicy(XIAOSHAN), EDITS[name]!));
  if (c.hasErrors) throw new Error(`${name}: ${c.diagnostics.map((d) => d.code).join(', ')}`);
  return c;
}

/** Mulberry32: a small seeded generator for shuffles (the one the population generator draws with). */
export const rng = seeded;

export function shuffle<T>(xs: T[], r: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
