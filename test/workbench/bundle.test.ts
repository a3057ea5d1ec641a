// The browser graph: the workbench page and its language-server worker bundle
// with esbuild for the browser, and contain no Node built-in. The guard that
// enforces this is itself tested on entries that do import one, so the test
// fails the day the compiler, the server or the formatter reaches for Node.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorkbench, esbuildOptions, type BuildResult, type BuiltinImport } from '../../workbench/build.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'wb-bundle-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the workbench bundles for the browser', () => {
  let result: BuildResult;
  const found: BuiltinImport[] = [];

  it('builds the page and the worker with no Node built-in in the graph', async () => {
    result = await buildWorkbench({ outdir: tmp(), found });
    expect(found).toEqual([]);
    expect(result.files.map((f) => f.path).sort()).toEqual(['index.html', 'main.js', 'workbench.css', 'worker.js']);
  });

  it('bundles the real compiler, language server and formatter (not a stand-in)', () => {
    const inputs = Object.keys(result.metafile.inputs);
    for (const f of ['lsp/browser.ts', 'lsp/server.ts', 'lsp/hover.ts', 'lsp/completion.ts', 'compiler/index.ts', 'compiler/check.ts', 'compiler/evaluate.ts', 'compiler/summary/index.ts', 'compiler/format/index.ts', 'compiler/format/printer.ts', 'grammar/parser.ts']) {
      expect(inputs, f).toContain(f);
    }
    // prettier's browser build, vscode-languageserver's browser connection
    expect(inputs.some((i) => /node_modules\/prettier\/standalone\.mjs$/.test(i))).toBe(true);
    expect(inputs.some((i) => /node_modules\/vscode-languageserver\/lib\/browser\/main\.js$/.test(i))).toBe(true);
    expect(inputs.filter((i) => i.includes('/lib/node/'))).toEqual([]);
  });

  it('reports the JavaScript loaded on first load (gzip) under the 1.5 MB target', () => {
    expect(result.firstLoadJsGzip).toBeGreaterThan(0);
    expect(result.firstLoadJsGzip).toBeLessThanOrEqual(1.5 * 1024 * 1024);
  });
});

describe('the Node built-in guard', () => {
  // The emitter reads no file (its runtime is bundled at build time, compiler/emit/runtime-text.ts): it builds for the browser.
  it('lets the TypeScript emitter through: it uses no Node built-in', async () => {
    const dir = tmp();
    const entry = join(process.cwd(), 'test/workbench', `.guard-${process.pid}-emitter.ts`);
    writeFileSync(entry, "import { emitTypeScript } from '../../compiler/emit/typescript.ts'; console.log(emitTypeScript);");
    const found: BuiltinImport[] = [];
    try {
      await esbuild.build({ ...esbuildOptions({ outdir: dir, found, entryPoints: { probe: entry } }), write: false });
      expect(found).toEqual([]);
    } finally {
      rmSync(entry, { force: true });
    }
  });

  const cases: [string, string][] = [
    ['node: scheme', "import { readFileSync } from 'node:fs'; console.log(readFileSync);"],
    ['bare built-in', "import { join } from 'path'; console.log(join);"],
    ['sub-path of a built-in', "import { promises } from 'fs/promises'; console.log(promises);"],
    ['through a compiler module', "import { run } from '../../compiler/cli/build.ts'; console.log(run);"],
  ];
  for (const [name, source] of cases) {
    it(`fails the build on a ${name}`, async () => {
      const dir = tmp();
      const entry = join(process.cwd(), 'test/workbench', `.guard-${process.pid}-${name.replace(/\W/g, '')}.ts`);
      writeFileSync(entry, source);
      const found: BuiltinImport[] = [];
      try {
        await expect(esbuild.build({ ...esbuildOptions({ outdir: dir, found, entryPoints: { probe: entry } }), write: false })).rejects.toThrow(/Node built-in/);
        expect(found.length).toBeGreaterThan(0);
      } finally {
        rmSync(entry, { force: true });
      }
    });
  }
});
