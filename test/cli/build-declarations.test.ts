// `policy build` emits a generated module's declarations with tsc --noCheck (checking a module of 10,000 benefits
// took minutes and gigabytes). This holds that shortcut to what it claims: for every policy and fixture, the
// declarations emitted without checking are byte for byte those tsc emits while type-checking the module.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { DECLARATION_FLAGS } from '../../compiler/cli/build.ts';
import { allPolicies, ROOT, tempDir, writeGenerated } from '../emit/helpers.ts';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

function declarations(files: string[], out: string, extra: string[]): void {
  execFileSync(process.execPath, [TSC, ...DECLARATION_FLAGS, ...extra, '--outDir', out, ...files], { cwd: tempDir(), encoding: 'utf8', stdio: 'pipe' });
}

describe('policy build: declarations', () => {
  it('are the same with --noCheck as with the module type-checked, for every policy', () => {
    const files = allPolicies().map(writeGenerated);
    const checked = join(tempDir(), 'd-checked');
    const unchecked = join(tempDir(), 'd-unchecked');
    declarations(files, checked, []);
    declarations(files, unchecked, ['--noCheck']);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const name = basename(f, '.ts') + '.d.ts';
      const a = readFileSync(join(checked, name), 'utf8');
      expect(a.length, name).toBeGreaterThan(100);
      expect(readFileSync(join(unchecked, name), 'utf8'), name).toBe(a);
    }
  }, 120_000);
});
