// npm test runs every file in one of two workers (--maxWorkers=2 --no-isolate), each worker taking the next file
// of one queue as it becomes free. The wall time is shortest when the longest files start first and the short
// ones fill in at the end; vitest orders by the durations it cached at the previous run, but a clean clone (CI)
// has none, and then it orders by file size, which puts several of the slowest files (small files that run
// many random cases, or a browser) last. HEAVY names them, slowest first (durations in npm test, 2026-12-02, after the large hostile cases moved to test:deep); they start
// first, and the other files follow in vitest's own order. The durations of every file: `npm test -- --reporter=json
// --outputFile=t.json` (README, "Tests").
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const HEAVY = [
  'test/cli/tour.test.ts',
  'test/sql/cli.test.ts',
  'test/cli/hostile-encodings.test.ts',
  'test/emit/examples.test.ts',
  'test/sql/duckdb-differential.test.ts',
  'test/emit/differential.test.ts',
  'test/format/golden.test.ts',
  'test/cli/build-declarations.test.ts',
  'test/grammar/fuzz.test.ts',
  'test/sql/runner.test.ts',
  'test/cli/cli.test.ts',
  'test/sql/office.test.ts',
  'test/emit/module.test.ts',
  'test/workbench/page.test.ts',
  'test/format/prettier.test.ts',
  'test/emit/flat-strings.test.ts',
  'test/compiler/incremental-check.test.ts',
  'test/grammar/incremental.test.ts',
  'test/lsp/documents.test.ts',
  'test/cli/load.test.ts',
  'test/batch/batch.test.ts',
  'test/emit/compiled-check.test.ts',
  'test/summary/browser.test.ts',
  'test/diff/semantic.test.ts',
  'test/diff/cli.test.ts',
  'test/lsp/vsce.test.ts',
  'test/lsp/storm.test.ts',
  'test/batch/columns.test.ts',
  'test/diff/impact.test.ts',
  'test/grammar/validations.test.ts',
  'test/workbench/bundle.test.ts',
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
