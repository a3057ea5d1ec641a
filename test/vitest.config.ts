// npm test runs every file in one of two workers (--maxWorkers=2 --no-isolate), each worker taking the next file
// of one queue as it becomes free. The wall time is shortest when the longest files start first and the short
// ones fill in at the end; vitest orders by the durations it cached at the previous run, but a clean clone (CI)
// has none, and then it orders by file size, which puts several of the slowest files (small files that run
// many random cases, or a browser) last. HEAVY names them, slowest first (durations in npm test, 2026-12-02); they start
// first, and the other files follow in vitest's own order.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const HEAVY = [
  'test/emit/differential.test.ts',
  'test/sql/runner.test.ts',
  'test/cli/tour.test.ts',
  'test/grammar/fuzz.test.ts',
  'test/sql/duckdb-differential.test.ts',
  'test/workbench/page.test.ts',
  'test/batch/cli.test.ts',
  'test/emit/module.test.ts',
  'test/batch/batch.test.ts',
  'test/cli/cli.test.ts',
  'test/format/prettier.test.ts',
  'test/emit/schema.test.ts',
  'test/diff/cli.test.ts',
  'test/format/property.test.ts',
  'test/compiler/incremental-check.test.ts',
  'test/grammar/incremental.test.ts',
  'test/cli/build-declarations.test.ts',
  'test/format/format.test.ts',
  'test/summary/browser.test.ts',
  'test/bench/agreement.test.ts',
  'test/emit/cli.test.ts',
  'test/lsp/storm.test.ts',
  'test/grammar/direct.test.ts',
];

class HeavyFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = HEAVY.indexOf(relative(f.project.config.root, f.moduleId).replaceAll('\\', '/'));
      return i < 0 ? HEAVY.length : i;
    };
    // Array.prototype.sort is stable: files outside HEAVY keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  // This file lives in test/ (the repository's top-level names are fixed); the root stays the repository.
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    sequence: { sequencer: HeavyFirst },
  },
});
