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
// Entries: `cli` (compiler/cli.ts), `lsp` (lsp/stdio.ts), `compile-worker`
// (lsp/compile-worker.ts), `prettier-plugin` (compiler/format/plugin.ts),
// `batch-worker` (compiler/batch/worker.ts). In the bundle, `import.meta.url`
// keeps meaning the source file's URL, so files found relative to a source
// (policies/, worker bootstraps) are found from the bundle too.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
  const inputs = [];
  // Everything bundled, and this file (a change to how we build makes every build stale).
  const sources = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  for (const file of [...sources, 'package-lock.json', relative(ROOT, fileURLToPath(import.meta.url))]) {
    const st = statSync(join(ROOT, file));
    inputs.push([file, st.size, st.mtimeMs]);
  }
  renameSync(tmp, join(DIST, name));
  const pointer = join(DIST, `.current-${process.pid}.json`);
  writeFileSync(pointer, JSON.stringify({ dir: name, entries: ENTRIES, inputs }, null, 1));
  renameSync(pointer, CURRENT);
  prune(name);
  return join(DIST, name);
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
