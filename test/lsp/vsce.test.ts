// The VS Code extension packages offline with `vsce package`: no network, no
// dependencies to install, no bundler. vsce is the project's dev dependency;
// lsp/vscode has a package.json of its own, so a bare `npx @vscode/vsce` there
// would look in lsp/vscode/node_modules and try the network: `--prefix` points
// npx at the repository's node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './client.ts';

const EXT = join(ROOT, 'lsp', 'vscode');
const VSCE = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
const dir = mkdtempSync(join(tmpdir(), 'policy-vsce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The entries of a zip file (a .vsix), read from its central directory. */
function zipEntries(file: string): Map<string, Buffer> {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + size);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** `unshare -n` runs a command without any network, when this machine allows it. */
function offlinePrefix(): string[] {
  const probe = spawnSync('unshare', ['-n', 'true']);
  return probe.status === 0 ? ['unshare', '-n'] : [];
}

describe('VS Code extension packaging', () => {
  it('packages lsp/vscode into a .vsix with vsce, offline', () => {
    expect(existsSync(VSCE), 'node_modules/@vscode/vsce is a dev dependency: run npm install').toBe(true);
    const out = join(dir, 'policy.vsix');
    const prefix = offlinePrefix();
    const command = [...prefix, 'npx', '--prefix', ROOT, '@vscode/vsce', 'package', '--out', out];
    const stdout = execFileSync(command[0]!, command.slice(1), { cwd: EXT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
    expect(stdout).toContain('DONE');
    expect(statSync(out).size).toBeGreaterThan(1000);
    const entries = zipEntries(out);
    for (const name of ['extension/package.json', 'extension/extension.js', 'extension/language-configuration.json', 'extension/syntaxes/policy.tmLanguage.json', 'extension/LICENSE.txt', 'extension/readme.md']) {
      expect([...entries.keys()], name).toContain(name);
    }
    // Nothing but the client: no TypeScript, no node_modules.
    expect([...entries.keys()].filter((n) => n.endsWith('.ts') || n.includes('node_modules'))).toEqual([]);
    const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8')) as {
      contributes: { languages: { id: string; extensions: string[] }[] };
      dependencies?: unknown;
    };
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'policy', extensions: ['.policy'] });
    expect(manifest.dependencies).toBeUndefined();
    expect(entries.get('extension/syntaxes/policy.tmLanguage.json')!.toString('utf8')).toBe(readFileSync(join(EXT, 'syntaxes', 'policy.tmLanguage.json'), 'utf8'));
  }, 150000);
});
