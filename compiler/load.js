// Loads the compiled JavaScript of the toolchain, building it when needed.
//
// The sources are TypeScript. Transpiling them at every start (tsx) costs
// about two seconds, so they are bundled once with esbuild into
// compiler/dist/ (gitignored): at install (`npm install` / `npm ci` run the
// `prepare` script, `node compiler/load.js --build`) and again whenever a
// source that went into the bundle has changed since (checked at every start
// by the size and mtime of each input esbuild recorded; a few milliseconds).
// A build goes to a fresh folder and compiler/dist/current.json is replaced
// atomically, so processes starting at the same time never see half a build.
// If the bundle cannot be built (no esbuild, a read-only install folder) the
// sources run through tsx instead, with one line on stderr saying so;
// POLICY_FROM_SOURCE=1 forces that.
//
// The `cli` entry (what `policy` and `policy-lsp` run) is also bundled as one
// CommonJS file, cli.cjs, compiled through node:vm with a V8 code cache
// (cli.<key>.cache beside it): the functions a command ran last time are
// loaded already compiled instead of being parsed and compiled again, which
// is most of what is left of a start once the sources are JavaScript. The
// cache is written at exit by a process that found none (or found one V8
// rejected: another node version or V8 flags), into a file named after the
// node version and flags, and the build warms it by running `policy check`
// on the seed policy once. Without cli.cjs (it cannot be built, e.g. a top-
// level await) the ESM entry runs, without a code cache.
//
// Entries: `cli` (compiler/cli.ts), `lsp` (lsp/stdio.ts), `compile-worker`
// (lsp/compile-worker.ts), `prettier-plugin` (compiler/format/plugin.ts),
// `batch-worker` (compiler/batch/worker.ts). In the bundle, `import.meta.url`
// keeps meaning the source file's URL, so files found relative to a source
// (policies/, worker bootstraps) are found from the bundle too.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import vm from 'node:vm';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'compiler', 'dist');
const CURRENT = join(DIST, 'current.json');

export const ENTRIES = {
  cli: 'compiler/cli.ts',
  lsp: 'lsp/stdio.ts',
  'compile-worker': 'lsp/compile-worker.ts',
  'prettier-plugin': 'compiler/format/plugin.ts',
  'batch-worker': 'compiler/batch/worker.ts',
};

/** Packages loaded from node_modules at run time rather than bundled. */
const EXTERNAL = ['prettier', 'prettier/*', 'esbuild', 'tsx', 'tsx/*', '@duckdb/*', 'playwright-core'];

/** The build recorded in current.json, if every input it was made from is unchanged. */
function freshBuild() {
  let current;
  try {
    current = JSON.parse(readFileSync(CURRENT, 'utf8'));
  } catch {
    return undefined;
  }
  if (!current || typeof current.dir !== 'string' || !Array.isArray(current.inputs)) return undefined;
  if (JSON.stringify(current.entries) !== JSON.stringify(ENTRIES)) return undefined;
  for (const [file, size, mtime] of current.inputs) {
    try {
      const st = statSync(join(ROOT, file));
      if (st.size !== size || st.mtimeMs !== mtime) return undefined;
    } catch {
      return undefined;
    }
  }
  const dir = join(DIST, current.dir);
  return existsSync(dir) ? dir : undefined;
}

/** Bundles the entries into a new folder under compiler/dist and makes it current. Returns the folder. */
export async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(DIST, { recursive: true });
  const name = `b-${Date.now().toString(36)}-${process.pid}`;
  const tmp = join(DIST, `.tmp-${name}`);
  // Stamps are taken before reading, so an edit made during the build makes it stale, never wrongly fresh.
  const keepImportMetaUrl = {
    name: 'source-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, join(ROOT, v)])),
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies are bundled too (chevrotain alone is hundreds of small
    // lodash-es modules: 0.3 s to load one by one); those that load files or
    // native code of their own at run time stay external.
    external: EXTERNAL,
    // Bundled CommonJS (vscode-languageserver) calls require() for Node's modules.
    banner: { js: "import { createRequire as __policyCreateRequire } from 'node:module'; const require = __policyCreateRequire(import.meta.url);" },
    metafile: true,
    absWorkingDir: ROOT,
    sourcemap: 'linked',
    sourcesContent: false,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'silent',
    plugins: [keepImportMetaUrl],
  });
  // The CLI again as one CommonJS file, for the code cache (see the top of this file).
  const cjs = await esbuild
    .build({
      entryPoints: { cli: join(ROOT, ENTRIES.cli) },
      outfile: join(tmp, 'cli.cjs'),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // import() of a package (@duckdb/node-api) becomes require(): node 20 does not run import() in
      // code loaded from a V8 code cache ("A dynamic import callback was not specified").
      supported: { 'dynamic-import': false },
      external: EXTERNAL,
      metafile: true,
      absWorkingDir: ROOT,
      minifyWhitespace: true,
      minifySyntax: true,
      logLevel: 'silent',
      plugins: [keepImportMetaUrl],
    })
    .catch(() => undefined);
  const inputs = [];
  // Everything bundled, and this file (a change to how we build makes every build stale).
  const sources = [...new Set([...Object.keys(result.metafile.inputs), ...Object.keys(cjs?.metafile.inputs ?? {})])].filter((f) => !f.startsWith('node_modules/'));
  for (const file of [...sources, 'package-lock.json', relative(ROOT, fileURLToPath(import.meta.url))]) {
    const st = statSync(join(ROOT, file));
    inputs.push([file, st.size, st.mtimeMs]);
  }
  renameSync(tmp, join(DIST, name));
  const pointer = join(DIST, `.current-${process.pid}.json`);
  writeFileSync(pointer, JSON.stringify({ dir: name, entries: ENTRIES, inputs }, null, 1));
  renameSync(pointer, CURRENT);
  prune(name);
  // Warm the code cache: `policy check` on the seed policy, once (a failure only leaves the cache to the first real run).
  const seed = join(ROOT, 'policies', 'xiaoshan-xinxiaojiang-2025-3.policy');
  if (cjs && existsSync(seed)) spawnSync(process.execPath, [join(ROOT, 'compiler', 'bin.js'), 'check', seed], { stdio: 'ignore', timeout: 60_000 });
  return join(DIST, name);
}

/** Runs dir/cli.cjs through node:vm with the code cache; returns its exports. */
function loadCjs(dir) {
  const file = join(dir, 'cli.cjs');
  const source = readFileSync(file, 'utf8');
  // V8 rejects a cache made by another node or under other flags: one cache per (version, flags).
  const key = [process.version, ...process.execArgv].join(' ');
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  const cacheFile = join(dir, `cli.${(h >>> 0).toString(36)}.cache`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // none yet: this process writes it at exit
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // a read-only install: every start compiles, as without a cache
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dir);
  return module.exports;
}

/** Removes builds other than `keep` that are older than ten minutes (a running process may still load chunks from one). */
function prune(keep) {
  const cutoff = Date.now() - 10 * 60 * 1000;
  for (const d of readdirSync(DIST)) {
    if (d === keep || d === 'current.json') continue;
    const p = join(DIST, d);
    try {
      if (statSync(p).mtimeMs < cutoff) rmSync(p, { recursive: true, force: true });
    } catch {
      // another process pruned it first
    }
  }
}

/** Imports an entry's module: from the bundle (built now if stale), or from the sources through tsx. */
export async function load(entry) {
  if (!process.env['POLICY_FROM_SOURCE']) {
    let dir = freshBuild();
    if (!dir) {
      try {
        dir = await build();
      } catch (e) {
        process.stderr.write(`policy: cannot build ${relative(process.cwd(), DIST) || DIST} (${String(e?.message ?? e).split('\n')[0]}); running the TypeScript sources through tsx (slower start)\n`);
      }
    }
    if (dir && entry === 'cli' && existsSync(join(dir, 'cli.cjs'))) return loadCjs(dir);
    if (dir) return import(pathToFileURL(join(dir, `${entry}.js`)).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(ROOT, ENTRIES[entry])).href);
}

// `node compiler/load.js --build` (the `prepare` script): build now.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2] === '--build') {
  const dir = await build();
  process.stdout.write(`built ${relative(ROOT, dir)}\n`);
}
