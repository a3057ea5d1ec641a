// compiler/load.js: processes and threads that find the bundle stale at the same time build it once, and
// all run from that build (two threads of one process used to share a folder name, one failing back to
// tsx; processes each built their own). Old builds a live process runs from are kept; a lock left by a
// dead process is taken over. Builds into a temporary POLICY_DIST, so the repository's bundle is untouched.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';

const LOAD = pathToFileURL(join(ROOT, 'compiler/load.js')).href;

// Each process asks for the bundle from its main thread and two worker threads at once, then runs the CLI.
const SCRIPT = `
import { Worker } from 'node:worker_threads';
const m = await import(${JSON.stringify(LOAD)});
const inThread = () => new Promise((resolve, reject) => {
  const w = new Worker(${JSON.stringify(`const m = await import(${JSON.stringify(LOAD)}); (await import('node:worker_threads')).parentPort.postMessage(await m.bundle());`)}, { eval: true, type: 'module' });
  w.once('message', resolve); w.once('error', reject);
});
const dirs = await Promise.all([m.bundle(), inThread(), inThread()]);
const cli = await m.load('cli');
process.stdout.write(JSON.stringify({ dirs, main: typeof cli.main }));
`;

function run(dist: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT, env: { ...process.env, POLICY_DIST: dist }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('compiler/load.js under concurrency', () => {
  it('two processes of three threads each, all finding no bundle: one build, used by all; live builds kept, dead ones pruned', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'policy-dist-'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const old = (Date.now() - 3600_000) / 1000;
    const oldBuild = (name: string, marker?: number) => {
      mkdirSync(join(dist, name));
      if (marker !== undefined) writeFileSync(join(dist, name, `.in-use-${marker}`), '');
      utimesSync(join(dist, name), old, old);
    };
    oldBuild('b-old-live', process.pid); // an editor's language server running from an hour-old build
    oldBuild('b-old-dead', dead);
    oldBuild('b-old-unmarked');
    writeFileSync(join(dist, '.build.lock'), `${dead}\n`); // a build that crashed
    const [a, b] = await Promise.all([run(dist), run(dist)]);
    for (const r of [a, b]) {
      expect(r.stderr).not.toMatch(/cannot build|Error/);
      expect(r.status).toBe(0);
    }
    const ra = JSON.parse(a.stdout) as { dirs: string[]; main: string };
    const rb = JSON.parse(b.stdout) as { dirs: string[]; main: string };
    expect(ra.main).toBe('function');
    const current = JSON.parse(readFileSync(join(dist, 'current.json'), 'utf8')) as { dir: string };
    expect(new Set([...ra.dirs, ...rb.dirs])).toEqual(new Set([join(dist, current.dir)]));
    const left = readdirSync(dist).sort();
    expect(left.filter((d) => d.startsWith('b-') && d !== current.dir)).toEqual(['b-old-live']);
    expect(left.filter((d) => d.startsWith('.'))).toEqual([]); // no lock, pointer or unfinished build left
    expect(existsSync(join(dist, current.dir, 'cli.cjs'))).toBe(true);
    // The processes are gone: their marks are too.
    expect(readdirSync(join(dist, current.dir)).filter((f) => f.startsWith('.in-use-'))).toEqual([]);
  }, 300_000);
});
