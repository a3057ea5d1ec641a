// Summary document → one self-contained, printable HTML page: inline CSS, no
// scripts, no external resources. Everything is sized to the A4 content box
// and long text wraps, so nothing is wider than the page on screen or paper.
// Every string from the policy passes through escapeHtml.
import { message, type Lang } from '../messages.ts';
import type { Block, Field, SummaryDoc } from './doc.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const SUMMARY_CSS = `
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: #fff; color: #1b1b1b;
  font: 10.5pt/1.7 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Hiragino Sans GB", "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: anywhere; word-break: normal; line-break: strict;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
main { width: 100%; max-width: 180mm; margin: 0 auto; padding: 12mm 7mm; }
h1 { font-size: 17pt; line-height: 1.4; text-align: center; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 8mm 0 3mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #a61b1b; color: #a61b1b; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
h4 { font-size: 10.5pt; margin: 0 0 1.5mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2mm; }
p.lead { text-align: center; font-weight: 600; }
p.muted { color: #555; font-size: 9pt; text-align: center; margin-bottom: 4mm; }
section.benefit { border: 0.75pt solid #d4d4d4; border-left: 2.5pt solid #a61b1b; padding: 2.5mm 3.5mm 2mm; margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
dl.fields { display: grid; grid-template-columns: 5.2em minmax(0, 1fr); column-gap: 3mm; row-gap: 0.6mm; margin: 0 0 1mm; }
dl.fields dt { font-weight: 600; color: #444; }
html:lang(en) dl.fields { grid-template-columns: 7.6em minmax(0, 1fr); }
dl.fields dd { margin: 0; min-width: 0; }
dl.fields dd ul { margin: 0; padding-left: 1.1em; }
ul.items { margin: 0 0 2mm; padding-left: 1.2em; }
ul.items li { margin-bottom: 1mm; }
ul.items strong { font-weight: 600; }
table { width: 100%; max-width: 100%; border-collapse: collapse; table-layout: fixed; margin: 1.5mm 0 1mm; font-size: 10pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #bdbdbd; padding: 0.8mm 2mm; text-align: left; vertical-align: top; }
th { background: #f2f2f2; font-weight: 600; }
.note { margin: 1.5mm 0 0; padding: 1.2mm 3mm; background: #fff7e0; border-left: 2.5pt solid #d9a400; font-size: 9.5pt; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { margin-top: 6mm; }
}
`.trim();

function fields(rows: Field[]): string {
  const dd = (v: Field['value']) => (typeof v === 'string' ? escapeHtml(v) : `<ul>${v.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`);
  return `<dl class="fields">\n${rows.map((r) => `<dt>${escapeHtml(r.name)}</dt><dd>${dd(r.value)}</dd>`).join('\n')}\n</dl>`;
}

function table(head: string[], rows: string[][]): string {
  const tr = (cells: string[], tag: 'th' | 'td') => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<table>\n<thead>${tr(head, 'th')}</thead>\n<tbody>\n${rows.map((r) => tr(r, 'td')).join('\n')}\n</tbody>\n</table>`;
}

function block(b: Block, lang: Lang): string {
  switch (b.k) {
    case 'heading':
      return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
    case 'para':
      return b.role ? `<p class="${b.role}">${escapeHtml(b.text)}</p>` : `<p>${escapeHtml(b.text)}</p>`;
    case 'fields':
      return fields(b.rows);
    case 'list': {
      const colon = escapeHtml(message('summary.colon', lang));
      const li = (i: { term?: string; text: string }) => `<li>${i.term ? `<strong>${escapeHtml(i.term)}</strong>${colon}` : ''}${escapeHtml(i.text)}</li>`;
      return `<ul class="items">\n${b.items.map(li).join('\n')}\n</ul>`;
    }
    case 'table':
      return table(b.head, b.rows);
    case 'note':
      return `<p class="note">${escapeHtml(b.text)}</p>`;
    case 'group':
      return `<section class="${b.role}">\n${b.blocks.map((x) => block(x, lang)).join('\n')}\n</section>`;
  }
}

export function renderHtml(doc: SummaryDoc): string {
  return htmlPage(doc.lang, doc.title, doc.blocks.map((b) => block(b, doc.lang)));
}

/** A whole self-contained page: `title` (plain text) in its head, SUMMARY_CSS then `css`, the `body` lines in its main. */
export function htmlPage(lang: Lang, title: string, body: readonly string[], css?: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${SUMMARY_CSS}\n${css === undefined ? '' : `${css}\n`}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
