// Golden completions: what the server answers (completionList()) at a deterministic sample of
// cursor positions in three policies (Chinese full-width, English half-width,
// sums over lists), item by item, reviewed as text in the diff. A change to
// how the items are built, cached or filtered must leave this file unchanged.
// UPDATE_GOLDEN=1 rewrites the files under test/lsp/golden/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { compile } from '../../compiler/index.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { completionList } from '../../lsp/completion.ts';
import { ROOT } from './client.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const GOLDEN_DIR = join(ROOT, 'test/lsp/golden');
const FILES = ['test/lsp/fixtures/xiaoshan.policy', 'test/lsp/fixtures/features-en.policy', 'test/emit/fixtures/members.policy'];
/** Tokens after which completion is asked for (where an editor triggers it or a user presses Ctrl-Space). */
const AFTER = new Set(['Colon', 'Comma', 'Semi', 'LBrace', 'LParen', 'By', 'Number', 'Eligible', 'In', 'Reviewed', 'SumOver', 'Brackets']);
/** At most this many positions per file. */
const MAX_POSITIONS = 70;

/** Cursor offsets: after trigger tokens, at statement starts, in the middle of names; an even sample of them. */
function positions(a: Analysis): number[] {
  const toks = a.tokens;
  const set = new Set<number>();
  toks.forEach((t, i) => {
    const end = (t.endOffset ?? t.startOffset) + 1;
    const n = t.tokenType.name;
    if (AFTER.has(n)) set.add(end);
    if ((n === 'Semi' || n === 'LBrace') && toks[i + 1]) set.add(toks[i + 1]!.startOffset);
    if (n === 'Identifier' && t.image.length > 1) set.add(t.startOffset + (t.image.length >> 1));
  });
  const all = [...set].sort((x, y) => x - y);
  const step = Math.max(1, Math.ceil(all.length / MAX_POSITIONS));
  return all.filter((_, i) => i % step === 0);
}

const range = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
  `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** A short fingerprint of a documentation text (FNV-1a): the keyword docs repeat in every list. */
function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return `doc#${h.toString(16).padStart(8, '0')}`;
}

function itemLine(item: CompletionItem): string {
  const doc = typeof item.documentation === 'string' ? item.documentation : item.documentation?.value;
  const edit = item.textEdit && 'range' in item.textEdit ? `${range(item.textEdit.range)} ${JSON.stringify(item.textEdit.newText)}` : '-';
  const rest = Object.keys(item).filter((k) => !['label', 'kind', 'detail', 'sortText', 'filterText', 'textEdit', 'documentation'].includes(k));
  return [item.label, item.kind, item.detail ?? '-', item.sortText ?? '-', item.filterText ?? '-', edit, doc ? fingerprint(doc) : '-', ...rest.map((k) => `${k}=${JSON.stringify((item as Record<string, unknown>)[k])}`)].join(' | ');
}

/** The golden text of one file: each position, its surroundings, and the items answered there. */
export function completionGolden(text: string): string {
  const a = new Analysis('file:///golden.policy', 1, text, compile);
  const out: string[] = [];
  for (const offset of positions(a)) {
    const r: CompletionItem[] | CompletionList = completionList(a, offset, 'zh');
    const items = Array.isArray(r) ? r : r.items;
    const p = a.position(offset);
    const around = JSON.stringify(text.slice(Math.max(0, offset - 12), offset) + '▮' + text.slice(offset, offset + 8));
    out.push(`## ${p.line}:${p.character} ${around}${Array.isArray(r) ? '' : ` isIncomplete=${r.isIncomplete}`} — ${items.length} items`);
    for (const item of items) out.push(itemLine(item));
  }
  return out.join('\n') + '\n';
}

describe('golden completions', { timeout: 120000 }, () => {
  for (const file of FILES) {
    const name = basename(file, '.policy');
    const golden = join(GOLDEN_DIR, `completion.${name}.txt`);
    it(name, () => {
      const actual = completionGolden(readFileSync(join(ROOT, file), 'utf8'));
      expect(actual.split('\n## ').length, 'positions were sampled').toBeGreaterThan(20);
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(golden, actual);
        return;
      }
      expect(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 npx vitest run test/lsp/completion-golden.test.ts and review it`).toBe(true);
      expect(actual).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
