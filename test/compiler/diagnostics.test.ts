// Golden diagnostics: each test/compiler/cases/NAME.policy has NAME.errors.txt
// with every diagnostic in Chinese and in English, the source line and `~~~`
// under the range. UPDATE_GOLDEN=1 rewrites the files; review them in the diff.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compiler/index.ts';
import { formatDiagnostic, LineIndex } from '../../compiler/diagnostics.ts';

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

describe('golden diagnostics', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(3));
  it.each(cases)('%s', (name) => {
    const text = readFileSync(join(DIR, name), 'utf8');
    const actual = render(name, text);
    const goldenPath = join(DIR, name.replace(/\.policy$/, '.errors.txt'));
    if (process.env['UPDATE_GOLDEN'] || !existsSync(goldenPath)) writeFileSync(goldenPath, actual);
    expect(actual).toBe(readFileSync(goldenPath, 'utf8'));
    // Every case file exists to show errors.
    expect(compile(text).diagnostics.length).toBeGreaterThan(0);
  });
});
