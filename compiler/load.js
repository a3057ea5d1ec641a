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
// One build at a time: a process or thread that finds the bundle stale takes
// compiler/dist/.build.lock (created exclusively; a lock whose holder died or
// that is older than two minutes is taken over) and builds; the others wait
// for it and use its build (they built too, all at once, each into its own
// folder — and two threads of one process shared a folder name, so one of
// them failed and fell back to tsx). Each input's size and mtime are taken
// before esbuild reads it, so an edit made during a build makes it stale,
// never wrongly fresh. A process marks the build it runs from (.in-use-<pid>
// in its folder) and old builds are removed only when no live process marks
// them: a language server started hours ago keeps its bundle (it loads
// chunks and the compile worker from it later).
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
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import vm from 'node:vm';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// POLICY_DIST: another folder for the bundle (the tests of this file build into a temporary one).
const DIST = process.env['POLICY_DIST'] || join(ROOT, 'compiler', 'dist');
const CURRENT = join(DIST, 'current.json');
const LOCK = join(DIST, '.build.lock');
/** A lock older than this is taken over (its holder hangs); a build takes seconds. */
const LOCK_STALE_MS = 120_000;
/** A name no other process or thread of this one uses. */
const unique = () => `${Date.now().toString(36)}-${process.pid}-${threadId}-${randomBytes(3).toString('hex')}`;

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
export async function build(onBuilt) {
  const esbuild = await import('esbuild');
  mkdirSync(DIST, { recursive: true });
  const name = `b-${unique()}`;
  const tmp = join(DIST, `.tmp-${name}`);
  // Stamps are taken before reading, so an edit made during the build makes it stale, never wrongly fresh:
  // this file's and the lock file's now, each source's as esbuild loads it (the first time, of the two builds).
  const stamps = new Map();
  const stamp = (file) => {
    const rel = relative(ROOT, file).replaceAll('\\', '/');
    if (stamps.has(rel)) return;
    const st = statSync(file);
    stamps.set(rel, [rel, st.size, st.mtimeMs]);
  };
  stamp(join(ROOT, 'package-lock.json'));
  stamp(fileURLToPath(import.meta.url));
  const keepImportMetaUrl = {
    name: 'source-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /.*/ }, (args) => {
        if (args.path.includes(`${join('node_modules', '')}`) || args.namespace !== 'file') return undefined;
        stamp(args.path);
        if (!args.path.endsWith('.ts')) return undefined;
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
  // Everything bundled, and this file (a change to how we build makes every build stale).
  const sources = [...new Set([...Object.keys(result.metafile.inputs), ...Object.keys(cjs?.metafile.inputs ?? {})])].filter((f) => !f.startsWith('node_modules/'));
  for (const file of sources) stamp(join(ROOT, file)); // none should be left: each was stamped as it loaded
  const inputs = [...stamps.values()];
  renameSync(tmp, join(DIST, name));
  const pointer = join(DIST, `.current-${unique()}.json`);
  writeFileSync(pointer, JSON.stringify({ dir: name, entries: ENTRIES, inputs }, null, 1));
  renameSync(pointer, CURRENT);
  markInUse(join(DIST, name));
  prune(name);
  onBuilt?.();
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

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e?.code === 'EPERM';
  }
};

/** Marks `dir` as used by this process until it exits (prune leaves it alone); a read-only install is not marked. */
const marked = new Set();
function markInUse(dir) {
  if (marked.has(dir)) return;
  marked.add(dir);
  const marker = join(dir, `.in-use-${process.pid}`);
  try {
    writeFileSync(marker, '');
    // Worker threads share the marker: the main thread's exit removes it.
    if (threadId === 0) process.once('exit', () => { try { unlinkSync(marker); } catch { /* pruned or read-only */ } });
  } catch {
    // read-only: never pruned from here either
  }
}

/** Whether a live process marks `dir` as the build it runs from. */
function inUse(dir) {
  try {
    return readdirSync(dir).some((f) => f.startsWith('.in-use-') && alive(Number(f.slice('.in-use-'.length))));
  } catch {
    return false;
  }
}

/**
 * Removes builds other than `keep` that are older than ten minutes and that no live process runs from (a
 * running process may still load chunks from one), and pointer files and unfinished builds left by a crash.
 */
function prune(keep) {
  const cutoff = Date.now() - 10 * 60 * 1000;
  for (const d of readdirSync(DIST)) {
    if (d === keep || d === 'current.json' || d === '.build.lock') continue;
    const p = join(DIST, d);
    try {
      if (statSync(p).mtimeMs < cutoff && !inUse(p)) rmSync(p, { recursive: true, force: true });
    } catch {
      // another process pruned it first
    }
  }
}

const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes the build lock; false if another live process or thread holds it (then wait for it and look again). */
function tryLock() {
  mkdirSync(DIST, { recursive: true });
  try {
    const fd = openSync(LOCK, 'wx');
    writeFileSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (e) {
    if (e?.code !== 'EEXIST') throw e;
  }
  // Held: by a dead process, or for too long, it is taken over (renamed away first, so two takers cannot both win).
  try {
    const holder = Number(readFileSync(LOCK, 'utf8').trim());
    const age = Date.now() - statSync(LOCK).mtimeMs;
    if ((holder && !alive(holder)) || age > LOCK_STALE_MS) {
      const away = join(DIST, `.lock-${unique()}`);
      renameSync(LOCK, away);
      rmSync(away, { force: true });
    }
  } catch {
    // released or taken over meanwhile
  }
  return false;
}

/**
 * The folder of a fresh build, building it when needed: one process or thread builds while the others wait
 * for it (at most LOCK_STALE_MS each time the lock changes hands) and use its build.
 */
export async function bundle() {
  for (;;) {
    const fresh = freshBuild();
    if (fresh) {
      markInUse(fresh);
      return fresh;
    }
    if (tryLock()) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try { unlinkSync(LOCK); } catch { /* taken over */ }
      };
      try {
        // Built by the holder we waited for, between our look and our lock?
        const again = freshBuild();
        if (again) {
          markInUse(again);
          return again;
        }
        return await build(release); // released once current.json is written, before the code cache is warmed
      } finally {
        release();
      }
    }
    pause(50);
  }
}

/** Imports an entry's module: from the bundle (built now if stale), or from the sources through tsx. */
export async function load(entry) {
  if (!process.env['POLICY_FROM_SOURCE']) {
    let dir;
    try {
      dir = await bundle();
    } catch (e) {
      process.stderr.write(`policy: cannot build ${relative(process.cwd(), DIST) || DIST} (${String(e?.message ?? e).split('\n')[0]}); running the TypeScript sources through tsx (slower start)\n`);
    }
    if (dir && entry === 'cli' && existsSync(join(dir, 'cli.cjs'))) return loadCjs(dir);
    if (dir) return import(pathToFileURL(join(dir, `${entry}.js`)).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(ROOT, ENTRIES[entry])).href);
}

// `node compiler/load.js --build` (the `prepare` script): build now, unless the bundle is fresh already.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2] === '--build') {
  const dir = await bundle();
  process.stdout.write(`built ${relative(ROOT, dir)}\n`);
}
