// Builds the workbench with esbuild and (with --serve) serves it on localhost.
//
//   npm run build:workbench            → workbench/dist/ (static; any web server can host it)
//   npm run workbench [-- FILE]        → builds, serves on http://localhost:5178/, opens FILE if given
//   policy workbench [FILE]            → the same through the CLI
//
// The browser graph (page + language-server worker) must not contain a Node
// built-in: nodeBuiltinGuard fails the build naming the module and who imports
// it. The shipped policies (policies/*.policy) are bundled into the page.
import { readdirSync, readFileSync, mkdirSync, rmSync, copyFileSync, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { builtinModules } from 'node:module';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { message, type Lang } from '../compiler/messages.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
export const DEFAULT_OUT = join(HERE, 'dist');
export const ENTRIES = { main: join(HERE, 'src/main.ts'), worker: join(HERE, 'src/worker.ts') };

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** A Node built-in module reached from the browser graph: what, and from where. */
export interface BuiltinImport {
  module: string;
  importer: string;
}

/**
 * Fails the build on any import of a Node built-in (`node:fs`, `fs`, `path` …)
 * in the bundled graph, listing every one found with its importer. `found`
 * collects them for callers that want the list.
 */
export function nodeBuiltinGuard(found: BuiltinImport[] = []): esbuild.Plugin {
  return {
    name: 'no-node-builtins',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.split('/')[0]!;
        const name = args.path.startsWith('node:') ? args.path : BUILTINS.has(args.path) ? args.path : BUILTINS.has(bare) && !args.path.startsWith('.') ? bare : undefined;
        if (!name) return undefined;
        const importer = relative(ROOT, args.importer) || args.importer;
        found.push({ module: args.path, importer });
        return { errors: [{ text: `Node built-in "${args.path}" in the browser graph (imported by ${importer})` }] };
      });
    },
  };
}

/** `import shipped from 'virtual:shipped-policies'`: every policies/*.policy file as { name, text }. */
function shippedPolicies(dir = join(ROOT, 'policies')): esbuild.Plugin {
  return {
    name: 'shipped-policies',
    setup(build) {
      build.onResolve({ filter: /^virtual:shipped-policies$/ }, (args) => ({ path: args.path, namespace: 'shipped' }));
      build.onLoad({ filter: /.*/, namespace: 'shipped' }, () => {
        const files = readdirSync(dir)
          .filter((f) => f.endsWith('.policy'))
          .sort();
        const list = files.map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
        return { contents: `export default ${JSON.stringify(list)};`, loader: 'js', watchFiles: files.map((f) => join(dir, f)) };
      });
    },
  };
}

export interface BuildOptions {
  outdir?: string;
  minify?: boolean;
  /** Entry points to bundle (default: the page and the worker). */
  entryPoints?: Record<string, string>;
  /** Also write index.html and the CSS (default: yes). */
  page?: boolean;
  found?: BuiltinImport[];
}

export interface OutputFile {
  path: string;
  bytes: number;
  gzip: number;
}

export interface BuildResult {
  outdir: string;
  files: OutputFile[];
  /** Gzipped JavaScript the page loads before it is usable: the page bundle and the worker. */
  firstLoadJsGzip: number;
  metafile: esbuild.Metafile;
}

export function esbuildOptions(o: BuildOptions = {}): esbuild.BuildOptions {
  return {
    entryPoints: o.entryPoints ?? ENTRIES,
    outdir: o.outdir ?? DEFAULT_OUT,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: o.minify ?? true,
    sourcemap: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    write: true,
    plugins: [nodeBuiltinGuard(o.found), shippedPolicies()],
  };
}

function listFiles(dir: string): OutputFile[] {
  return readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => {
      const data = readFileSync(join(dir, f));
      return { path: f, bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
    });
}

export async function buildWorkbench(o: BuildOptions = {}): Promise<BuildResult> {
  const outdir = o.outdir ?? DEFAULT_OUT;
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const r = await esbuild.build(esbuildOptions({ ...o, outdir }));
  if (o.page ?? true) {
    copyFileSync(join(HERE, 'index.html'), join(outdir, 'index.html'));
    copyFileSync(join(HERE, 'src/workbench.css'), join(outdir, 'workbench.css'));
  }
  const files = listFiles(outdir);
  const firstLoadJsGzip = files.filter((f) => f.path.endsWith('.js')).reduce((s, f) => s + f.gzip, 0);
  return { outdir, files, firstLoadJsGzip, metafile: r.metafile! };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.policy': 'text/plain; charset=utf-8',
};

/**
 * Serves a built folder on localhost. With `file`, GET /files/<its name>
 * returns that file's text and the page opens it (`/?open=<name>`); nothing
 * else outside the folder is served.
 */
export function serveWorkbench(outdir: string, port: number, file?: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    if (file && path === `/files/${basename(file)}`) {
      res.writeHead(200, { 'content-type': TYPES['.policy']!, 'cache-control': 'no-store' });
      res.end(readFileSync(file));
      return;
    }
    if (path === '/') path = '/index.html';
    const target = resolve(outdir, '.' + path);
    if (!target.startsWith(resolve(outdir)) || !existsSync(target) || !statSync(target).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(target));
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      const p = typeof addr === 'object' && addr ? addr.port : port;
      const base = `http://localhost:${p}/`;
      ok({ server, url: file ? `${base}?open=${encodeURIComponent(basename(file))}` : base });
    });
  });
}

export const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

export interface MainOptions {
  serve: boolean;
  port?: number;
  /** A .policy file the page opens (served read-only at /files/NAME). */
  file?: string;
  lang: Lang;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

/** `npm run workbench` / `npm run build:workbench` / `policy workbench`. Returns an exit code (serving never returns). */
export async function runWorkbench(o: MainOptions): Promise<number> {
  const out = o.out ?? ((s: string) => process.stdout.write(s));
  const err = o.err ?? ((s: string) => process.stderr.write(s));
  const port = o.port ?? 5178;
  if (o.file && (!existsSync(o.file) || !statSync(o.file).isFile())) {
    err(message('cli.cannotRead', o.lang, { file: o.file, reason: message(existsSync(o.file) ? 'cli.io.EISDIR' : 'cli.io.ENOENT', o.lang) }) + '\n');
    return 2;
  }
  let result: BuildResult;
  try {
    result = await buildWorkbench();
  } catch (e) {
    err(message('workbench.cli.buildFailed', o.lang, { message: (e as Error).message }) + '\n');
    return 1;
  }
  for (const f of result.files) out(`  ${f.path.padEnd(16)} ${kib(f.bytes).padStart(11)}  gzip ${kib(f.gzip).padStart(10)}\n`);
  out(message('workbench.cli.built', o.lang, { size: kib(result.firstLoadJsGzip), dir: relative(process.cwd(), result.outdir) || '.' }) + '\n');
  if (!o.serve) return 0;
  const { url } = await serveWorkbench(result.outdir, port, o.file);
  out(message('workbench.cli.serving', o.lang, { url }) + '\n');
  await new Promise(() => undefined);
  return 0;
}

// `node --import tsx workbench/build.ts [--serve] [--port N] [--lang zh|en] [FILE]` (the npm scripts).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    options: { serve: { type: 'boolean' }, port: { type: 'string' }, lang: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const lang: Lang = values.lang === 'en' ? 'en' : 'zh';
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    process.stderr.write(message('workbench.cli.badPort', lang, { found: String(values.port) }) + '\n');
    process.exit(2);
  }
  if (positionals.length > 1) {
    process.stderr.write(message('cli.extraArgument', lang, { found: positionals[1]! }) + '\n');
    process.exit(2);
  }
  runWorkbench({ serve: !!values.serve, ...(port !== undefined && { port }), ...(positionals[0] && { file: positionals[0] }), lang }).then((code) => process.exit(code));
}
