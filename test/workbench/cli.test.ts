// `policy workbench [FILE]` as a user runs it: builds, serves on localhost,
// serves FILE for the page to open, and nothing outside the built folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const BIN = join(ROOT, 'compiler/bin.js');
const FILE = 'policies/national-unemployment-insurance-2025.policy';
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill();
});

describe('policy workbench', () => {
  it('builds, serves the page on localhost and the FILE it was given', async () => {
    child = spawn(process.execPath, [BIN, 'workbench', '--port', '0', '--lang', 'en', FILE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no URL within 60 s; output:\n${output}`)), 60000);
      const onData = (d: Buffer) => {
        output += d.toString();
        const m = /policy workbench: (http:\/\/localhost:\d+\/\S*)/.exec(output);
        if (m) {
          clearTimeout(timer);
          ok(m[1]!);
        }
      };
      child!.stdout!.on('data', onData);
      child!.stderr!.on('data', onData);
      child!.on('exit', (code) => fail(new Error(`exited with ${code}:\n${output}`)));
    });
    expect(output).toMatch(/JavaScript on first load: [\d.]+ KiB gzip/);
    const u = new URL(url);
    expect(u.searchParams.get('open')).toBe('national-unemployment-insurance-2025.policy');
    const page = await fetch(new URL('/', u));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="main.js">');
    const file = await fetch(new URL('/files/national-unemployment-insurance-2025.policy', u));
    expect(await file.text()).toBe(readFileSync(join(ROOT, FILE), 'utf8'));
    expect((await fetch(new URL('/%2e%2e/package.json', u))).status).toBe(404);
    expect((await fetch(new URL('/files/package.json', u))).status).toBe(404);
  });

  it('refuses a port that is not a number with a message', () => {
    const bad = spawnSync(process.execPath, [BIN, 'workbench', '--port', 'http', '--lang', 'en'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('option --port: "http" is not a port number');
  });
});
