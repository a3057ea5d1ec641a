// Keeps docs/language.md true to the implementation: every keyword spelling is
// in the keyword table, every diagnostic code is in the code table with its
// English message, and every policy code block parses (complete policies marked
// `policy compile` also check cleanly and pass their own examples).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KEYWORDS, lex, parse } from '../../grammar/index.ts';
import { compile } from '../../compiler/index.ts';
import { runExamples } from '../../compiler/examples.ts';
import { MESSAGES } from '../../compiler/messages.ts';
import { stripRanges } from '../helpers.ts';

const DOC_PATH = fileURLToPath(new URL('../../docs/language.md', import.meta.url));
const doc = readFileSync(DOC_PATH, 'utf8');
const lines = doc.split('\n');

interface Block {
  /** The words of the fence's info string: ```policy compile same-ast → ['policy', 'compile', 'same-ast']. */
  info: string[];
  body: string;
  /** 1-based line of the opening fence, for failure messages. */
  line: number;
}

function fencedBlocks(): Block[] {
  const out: Block[] = [];
  let open: { info: string[]; line: number; body: string[] } | undefined;
  lines.forEach((l, i) => {
    const fence = /^```(.*)$/.exec(l);
    if (!open && fence) open = { info: fence[1]!.trim().split(/\s+/).filter(Boolean), line: i + 1, body: [] };
    else if (open && /^```\s*$/.test(l)) {
      out.push({ info: open.info, body: open.body.join('\n'), line: open.line });
      open = undefined;
    } else if (open) open.body.push(l);
  });
  if (open) throw new Error(`docs/language.md: unclosed code fence at line ${open.line}`);
  return out;
}

const blocks = fencedBlocks();
const policyBlocks = blocks.filter((b) => b.info[0] === 'policy');
const fragmentBlocks = blocks.filter((b) => b.info[0] === 'policy-fragment');
const compileBlocks = policyBlocks.filter((b) => b.info.includes('compile'));
const tableRows = lines.filter((l) => l.startsWith('|'));
const name = (b: Block) => `line ${b.line}`;

describe('docs/language.md: keywords', () => {
  const spellings = KEYWORDS.flatMap((k) => [...k.zh, ...k.en].map((s) => ({ id: k.id, s })));

  it.each(spellings)('spelling $s ($id) appears in the doc', ({ s }) => {
    expect(doc).toContain('`' + s + '`');
  });

  it.each(KEYWORDS.map((k) => ({ id: k.id, k })))('$id has a keyword-table row listing all its spellings', ({ k }) => {
    const all = [...k.zh, ...k.en].map((s) => '`' + s + '`');
    const row = tableRows.find((r) => {
      const cells = r.split('|').map((c) => c.trim());
      // The first two cells of a keyword-table row are the Chinese and the English spellings.
      return cells[1] === k.zh.map((s) => '`' + s + '`').join(' ') && cells[2] === k.en.map((s) => '`' + s + '`').join(' ');
    });
    expect(row, `no table row "| ${all.join(' ')} |" for ${k.id}`).toBeDefined();
  });
});

describe('docs/language.md: code blocks', () => {
  it('has policy code blocks to check', () => {
    expect(policyBlocks.length).toBeGreaterThanOrEqual(10);
    expect(fragmentBlocks.length).toBeGreaterThanOrEqual(5);
    expect(compileBlocks.length).toBeGreaterThanOrEqual(1);
  });

  it('marks every policy-like block as policy or policy-fragment', () => {
    const known = new Set(['policy', 'policy-fragment', 'json', 'text']);
    for (const b of blocks) expect(known.has(b.info[0] ?? ''), `${name(b)}: info "${b.info.join(' ')}"`).toBe(true);
  });

  it.each(policyBlocks.map((b) => ({ at: name(b), b })))('```policy at $at parses without syntax errors', ({ b }) => {
    const r = parse(b.body);
    expect(r.errors.map((e) => `${e.code} ${JSON.stringify(b.body.slice(e.range.start, e.range.end + 10))}`)).toEqual([]);
    expect(r.file.decls.length).toBeGreaterThan(0);
  });

  it.each(fragmentBlocks.map((b) => ({ at: name(b), b })))('```policy-fragment at $at lexes without errors', ({ b }) => {
    const r = lex(b.body);
    expect(r.errors.map((e) => `${e.message} at ${JSON.stringify(e.char)}`)).toEqual([]);
    expect(r.tokens.length).toBeGreaterThan(0);
  });

  it.each(compileBlocks.map((b) => ({ at: name(b), b })))('```policy compile at $at checks cleanly and passes its examples', ({ b }) => {
    const c = compile(b.body);
    expect(c.diagnostics.map((d) => `${d.code} ${JSON.stringify(b.body.slice(d.range.start, d.range.end))}`)).toEqual([]);
    const results = runExamples(c.model, 'en');
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.passed).map((r) => `${r.benefit.id}: expected ${r.expected}, got ${r.actual}`)).toEqual([]);
  });

  it('the English rendering of the complete example has the same syntax tree', () => {
    const [zh, en] = compileBlocks;
    expect(zh && en).toBeTruthy();
    expect(stripRanges(parse(en!.body).file)).toEqual(stripRanges(parse(zh!.body).file));
  });
});

describe('docs/language.md: diagnostic codes', () => {
  const codes = Object.entries(MESSAGES).filter(([id]) => /^P\d{4}$/.test(id)) as [string, { en: string }][];

  it.each(codes.map(([code, m]) => ({ code, en: m.en })))('$code is in the code table with its English message', ({ code, en }) => {
    const row = tableRows.find((r) => r.startsWith(`| ${code} |`));
    expect(row, `no row "| ${code} | …" in the diagnostics table`).toBeDefined();
    expect(row).toContain('`' + en + '`');
  });

  it('mentions no code that does not exist', () => {
    const known = new Set(codes.map(([c]) => c));
    const mentioned = new Set([...doc.matchAll(/\bP\d{4}\b/g)].map((m) => m[0]));
    expect([...mentioned].filter((c) => !known.has(c))).toEqual([]);
  });
});
