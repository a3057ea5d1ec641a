// Golden diagnostics: each test/compiler/cases/NAME.policy has NAME.errors.txt
// with every diagnostic in Chinese and in English, the source line and `~~~`
// under the range. UPDATE_GOLDEN=1 rewrites the files; review them in the diff.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compiler/index.ts';
import { formatDiagnostic, LineIndex } from '../../compiler/diagnostics.ts';
import { MESSAGES } from '../../compiler/messages.ts';

const DIR = join(import.meta.dirname, 'cases');
const cases = readdirSync(DIR).filter((f) => f.endsWith('.policy')).sort();

function render(file: string, text: string): string {
  const c = compile(text);
  const index = new LineIndex(text);
  const out: string[] = [];
  for (const lang of ['zh', 'en'] as const) {
    out.push(`==== ${lang} ====`);
    for (const d of c.diagnostics) out.push(formatDiagnostic(d, file, index, lang));
  }
  return out.join('\n') + '\n';
}

/** Codes compile() cannot produce from one file, and where they are tested instead. */
const ELSEWHERE: Record<string, string> = {
  P1006: 'input too deeply nested for the parser: test/grammar/hostile.test.ts (a golden would be megabytes)',
  P1091: 'the language server cap on published diagnostics (lsp/cap.ts): test/lsp/cap.test.ts, test/lsp/hostile.test.ts',
  P2050: 'programs of several files: test/compiler/program.test.ts',
  P2051: 'programs of several files: test/compiler/program.test.ts',
  P2052: 'programs of several files: test/compiler/program.test.ts',
  P2040: 'amendments (compiler/amend.ts): test/diff/amend.test.ts',
  P2041: 'amendments (compiler/amend.ts): test/diff/amend.test.ts',
  P2042: 'amendments (compiler/amend.ts): test/diff/amend.test.ts',
  P2043: 'amendments (compiler/amend.ts): test/diff/amend.test.ts',
};

describe('golden diagnostics', () => {
  it('every syntax and semantic code appears in some golden file', () => {
    const goldens = readdirSync(DIR)
      .filter((f) => f.endsWith('.errors.txt'))
      .map((f) => readFileSync(join(DIR, f), 'utf8'))
      .join('\n');
    const missing = Object.keys(MESSAGES).filter((id) => /^P[12]\d{3}$/.test(id) && !ELSEWHERE[id] && !goldens.includes(` ${id}: `));
    expect(missing, 'codes with no golden case: add one to test/compiler/cases').toEqual([]);
  });
  it('has cases', () => expect(cases.length).toBeGreaterThan(3));
  it.each(cases)('%s', (name) => {
    const text = readFileSync(join(DIR, name), 'utf8');
    const actual = render(name, text);
    const goldenPath = join(DIR, name.replace(/\.policy$/, '.errors.txt'));
    if (process.env['UPDATE_GOLDEN']) writeFileSync(goldenPath, actual);
    // A new case fails until its golden is written (UPDATE_GOLDEN=1) and reviewed.
    expect(existsSync(goldenPath), `${goldenPath} is missing: run UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(actual).toBe(readFileSync(goldenPath, 'utf8'));
    // Every case file exists to show errors.
    expect(compile(text).diagnostics.length).toBeGreaterThan(0);
  });
});
