// Every generated hostile file (test/grammar/hostile-files.ts: depth, width,
// length, encodings) through every `policy` command that reads a policy, run in
// this process through the CLI's `main` (spawning a process per file and
// command would cost minutes): no internal error (exit 70), no stack trace, no
// hang, every diagnostic's range inside the file, output bounded by a constant
// per diagnostic. npm test runs the files small, each through `check --json`
// and one other command in turn; npm run test:deep runs every command at the
// sizes of the attack campaign (1,000 nested parentheses, 5,000-term chains, 1.2 MB).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../compiler/cli.ts';
import { DEEP, hostileFiles, HOSTILE_SCALE } from '../grammar/hostile-files.ts';

const tmp = mkdtempSync(join(tmpdir(), 'policy-hostile-tour-'));
const write = (name: string, data: string | Uint8Array) => {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
};
const facts = write('facts.json', JSON.stringify({ 在我区: true, 人数: 12 }));
const subjects = write('subjects.csv', 'id,在我区,人数\n1,true,12\n2,false,3\n');
const base = write('base.policy', hostileFiles({ depth: 1, width: 1, length: 1 })[0]!.text);

/** `main(argv)` with stdout and stderr captured (commands run one at a time: the capture is global). */
async function runHere(args: string[]): Promise<{ status: number; out: string }> {
  let out = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  const capture = ((s: string | Uint8Array) => ((out += String(s)), true)) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    return { status: await main(args), out };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

const COMMANDS: { name: string; args: (f: string, out: string) => string[] }[] = [
  { name: 'check', args: (f) => ['check', f, '--lang', 'en'] },
  { name: 'eval', args: (f) => ['eval', f, '--subject', '单位', '--facts', facts, '--date', '2025-06-01', '--lang', 'en'] },
  { name: 'test', args: (f) => ['test', f, '--lang', 'zh'] },
  { name: 'fmt --check', args: (f) => ['fmt', '--check', f, '--lang', 'en'] },
  { name: 'build', args: (f, out) => ['build', f, '--out', out, '--lang', 'en'] },
  { name: 'build --target ir', args: (f, out) => ['build', f, '--target', 'ir', '--out', out, '--lang', 'en'] },
  { name: 'build --target sql', args: (f, out) => ['build', f, '--target', 'sql', '--out', out, '--lang', 'en'] },
  { name: 'summary', args: (f) => ['summary', f, '--lang', 'en'] },
  { name: 'summary html', args: (f, out) => ['summary', f, '--format', 'html', '--out', join(out, 's.html'), '--lang', 'zh'] },
  { name: 'diff', args: (f) => ['diff', base, f, '--lang', 'en'] },
  { name: 'population', args: (f, out) => ['population', f, '--n', '5', '--out', join(out, 'p.csv'), '--lang', 'en'] },
  { name: 'batch', args: (f, out) => ['batch', f, '--subjects', subjects, '--subject', '单位', '--out', join(out, 'b.csv'), '--jobs', '1', '--quiet', '--lang', 'en'] },
];

// npm test: every second file (the language-server tour takes others); test:deep: all of them.
const FILES = hostileFiles(HOSTILE_SCALE).map((f, i) => ({ ...f, i })).filter(({ i }) => DEEP || i % 2 === 0);

describe('hostile files through every command', () => {
  it.each(FILES)('$name', { timeout: DEEP ? 3_600_000 : 60_000 }, async ({ name, text, bytes, i }) => {
    const file = write(`f${i}.policy`, bytes ?? text);
    // check --json first: the diagnostics every other command's output is bounded by.
    const json = await runHere(['check', file, '--json', '--lang', 'en']);
    // A UTF-16 file (with a byte-order mark or without) is refused by name as unreadable (exit 2), by every command alike.
    if (bytes && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || /UTF-16/.test(name))) {
      expect(json.status).toBe(2);
      expect(json.out).toContain('is UTF-16 text; it must be UTF-8');
      return;
    }
    expect([0, 1]).toContain(json.status);
    const diags = JSON.parse(json.out) as { code: string; line: number; column: number; endLine: number; endColumn: number; range: { start: number; end: number } }[];
    const lines = text.split(/\r\n|\r|\n/);
    for (const d of diags) {
      // Ranges are UTF-16 offsets into the text as read; lines and columns inside it.
      expect(d.range.start).toBeGreaterThanOrEqual(0);
      expect(d.range.end).toBeGreaterThanOrEqual(d.range.start);
      expect(d.range.end).toBeLessThanOrEqual(text.length);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.endLine).toBeLessThanOrEqual(lines.length);
      expect(d.column).toBeLessThanOrEqual((lines[d.line - 1]?.length ?? 0) + 1);
    }
    const bound = 100_000 + 8 * text.length + 600 * diags.length;
    // npm test: check --json and one other command per file, in turn; test:deep: every command.
    for (const c of DEEP ? COMMANDS : [COMMANDS[i % COMMANDS.length]!]) {
      const out = write(`o${i}-${c.name.replace(/\W+/g, '_')}`, '');
      const r = await runHere(c.args(file, out.replace(/$/, '.d')));
      // 0 done, 1 the policy has errors (or an example failed / not formatted / a difference), 2 an input not understood.
      expect({ command: c.name, status: r.status }).toEqual({ command: c.name, status: expect.toSatisfy((s: number) => s >= 0 && s <= 2) });
      expect(r.out).not.toMatch(/internal error|RangeError|Maximum call stack|TypeError|\n\s+at [\w.<]+ \(/);
      expect({ command: c.name, length: r.out.length <= bound }).toEqual({ command: c.name, length: true });
    }
  });
});
