// docs/phrasebook.md (句式对照): every entry's ```policy block, put after the
// ```policy preamble block, compiles without errors and its examples — computed
// by hand from the sentence quoted above it — all pass.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, createProgram, memoryHost } from '../../compiler/index.ts';
import { runExamples } from '../../compiler/examples.ts';

const doc = readFileSync(fileURLToPath(new URL('../../docs/phrasebook.md', import.meta.url)), 'utf8');

interface Entry {
  title: string;
  info: string;
  body: string;
}

function entries(): Entry[] {
  const out: Entry[] = [];
  let title = '';
  let open: { info: string; body: string[] } | undefined;
  for (const line of doc.split('\n')) {
    const h = /^## (.*)$/.exec(line);
    if (h && !open) title = h[1]!;
    const fence = /^```(.*)$/.exec(line);
    if (!open && fence) open = { info: fence[1]!.trim(), body: [] };
    else if (open && /^```\s*$/.test(line)) {
      out.push({ title, info: open.info, body: open.body.join('\n') });
      open = undefined;
    } else if (open) open.body.push(line);
  }
  return out;
}

const all = entries();
const preamble = all.find((e) => e.info === 'policy preamble');
const snippets = all.filter((e) => e.info === 'policy');
// A ```policy compile block is a file of its own (its own header and declarations), checked the same way.
const files = all.filter((e) => e.info === 'policy compile');
// A ```policy family block is a policy family: files each introduced by `// ==== 名称.policy ====`, the first the main one.
const families = all.filter((e) => e.info === 'policy family');

function familyFiles(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  let name: string | undefined;
  for (const line of body.split('\n')) {
    const m = /^\/\/ ==== (.+\.policy) ====$/.exec(line);
    if (m) out[(name = `/family/${m[1]}`)] = '';
    else if (name) out[name] += `${line}\n`;
  }
  return out;
}

describe('docs/phrasebook.md', () => {
  it('has a preamble and at least a dozen sentence shapes', () => {
    expect(preamble).toBeDefined();
    expect(snippets.length).toBeGreaterThanOrEqual(12);
  });

  it.each(snippets.map((s) => ({ title: s.title, body: s.body })))('$title', ({ body }) => {
    const text = `${preamble!.body}\n${body}\n`;
    const c = compile(text);
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const results = runExamples(c.model);
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.passed).map((r) => `${r.benefit.id}: expected ${r.expected}, got ${r.actual}`)).toEqual([]);
  });

  it.each(files.map((s) => ({ title: s.title, body: s.body })))('$title (a file of its own)', ({ body }) => {
    const c = compile(`${body}\n`);
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const results = runExamples(c.model);
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.passed).map((r) => `${r.benefit.id}: expected ${r.expected}, got ${r.actual}`)).toEqual([]);
  });

  it.each(families.map((s) => ({ title: s.title, body: s.body })))('$title (a family of files)', ({ body }) => {
    const files = familyFiles(body);
    const names = Object.keys(files);
    expect(names.length).toBeGreaterThan(1);
    const p = createProgram(names[0]!, memoryHost(files));
    expect(p.files.length).toBe(names.length);
    expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const results = runExamples(p.model);
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.passed).map((r) => `${r.benefit.id}: expected ${r.expected}, got ${r.actual}`)).toEqual([]);
  });
});
