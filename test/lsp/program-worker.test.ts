// A document that imports others (`引用`) is compiled on the diagnostics
// worker too (lsp/compile-worker.ts), with its path and the open documents'
// unsaved texts, which the worker reads before the disk.
import { describe, expect, it } from 'vitest';
import type { DiagnosticsWorker, WorkerProgram } from '../../lsp/diagnostics.ts';
import { CompileWorker } from '../../lsp/node-worker.ts';
import { inProcessClient } from './client.ts';
import { PROGRAM_MAIN, PROGRAM_RULES } from '../helpers.ts';

const MAIN = PROGRAM_MAIN;
// Not on the disk: only the editor has it.
const RULES = PROGRAM_RULES;

describe('a program of several files on the diagnostics worker', () => {
  it('compiles the importing document there, reading the open documents', async () => {
    const real = new CompileWorker(() => undefined);
    const jobs: (WorkerProgram | undefined)[] = [];
    const spy: DiagnosticsWorker = {
      get available() {
        return real.available;
      },
      compile: (key, text, program) => {
        jobs.push(program);
        return real.compile(key, text, program);
      },
      dispose: () => real.dispose(),
    };
    const client = inProcessClient({ worker: spy });
    try {
      await client.initialize({ initializationOptions: { diagnosticsDelay: 0 } });
      const dir = '/nonexistent-incr-test';
      const main = `file://${dir}/main.policy`;
      const rules = `file://${encodeURI(`${dir}/细则/补贴.policy`)}`;
      await client.open(rules, RULES, 1);
      await client.open(main, MAIN, 1);
      await client.diagnosticsFor(main, 1, 60_000);
      // An edit: the debounced diagnostics go to the worker.
      await client.change(main, 2, [{ text: MAIN + '\n' }]);
      const d2 = await client.diagnosticsFor(main, 2, 60_000);
      expect(jobs.length).toBeGreaterThan(0);
      expect(jobs[jobs.length - 1]!.path).toBe(`${dir}/main.policy`);
      expect(Object.keys(jobs[jobs.length - 1]!.files).sort()).toEqual([`${dir}/main.policy`, `${dir}/细则/补贴.policy`].sort());
      // The import was read from the open document (no P2051), and the fund it uses is declared in main.
      expect(d2.diagnostics.map((d) => d.code)).not.toContain('P2051');
      expect(d2.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
      // With the import gone from the open documents, the worker reports it unreadable.
      await client.close(rules);
      await client.change(main, 3, [{ text: MAIN + '\n\n' }]);
      const d3 = await client.diagnosticsFor(main, 3, 60_000);
      expect(d3.diagnostics.map((d) => d.code)).toContain('P2051');
    } finally {
      await client.shutdown();
    }
  }, 120000);
});
