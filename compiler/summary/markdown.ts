// Summary document → Markdown (CommonMark + GFM tables). All text is escaped,
// so a title with <script> or * _ | stays text in any Markdown renderer.
import { message, type Lang } from '../messages.ts';
import type { Block, Field, SummaryDoc } from './doc.ts';

/**
 * Backslash-escapes the ASCII punctuation Markdown gives meaning to inside a line. Markdown is not HTML: `R&D` stays
 * `R&D`; only an `&` that would start an entity reference (`&amp;`, `&#38;`) is escaped, with a backslash (`\&amp;`).
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|#~]/g, (c) => '\\' + c)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** Text that starts a line: also neutralise list and heading markers. */
const escapeLineStart = (s: string): string => escapeMarkdown(s).replace(/^(\d+)([.)])/, '$1\\$2').replace(/^([-+=])/, '\\$1');

function fields(rows: Field[], colon: string): string {
  return rows
    .map((r) => {
      const head = `- **${escapeMarkdown(r.name)}**${colon}`;
      if (typeof r.value === 'string') return head + escapeMarkdown(r.value);
      return head.trimEnd() + '\n' + r.value.map((v) => `  - ${escapeLineStart(v)}`).join('\n');
    })
    .join('\n');
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => escapeMarkdown(c) || ' ').join(' | ')} |`;
  return [line(head), `| ${head.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

function block(b: Block, lang: Lang): string[] {
  const colon = message('summary.colon', lang);
  switch (b.k) {
    case 'heading':
      return [`${'#'.repeat(b.level)} ${escapeMarkdown(b.text)}`];
    case 'para':
      return [b.role === 'lead' ? `**${escapeMarkdown(b.text)}**` : b.role === 'muted' ? `*${escapeMarkdown(b.text)}*` : escapeLineStart(b.text)];
    case 'fields':
      return [fields(b.rows, colon)];
    case 'list':
      return [b.items.map((i) => (i.term ? `- **${escapeMarkdown(i.term)}**${colon}${escapeMarkdown(i.text)}` : `- ${escapeLineStart(i.text)}`)).join('\n')];
    case 'table':
      return [table(b.head, b.rows)];
    case 'note':
      return [`> ${escapeLineStart(b.text)}`];
    case 'group':
      return b.blocks.flatMap((x) => block(x, lang));
  }
}

export function renderMarkdown(doc: SummaryDoc): string {
  return doc.blocks.flatMap((b) => block(b, doc.lang)).join('\n\n') + '\n';
}
