// The 修订对照表 an officer publishes with an amendment: for each clause the
// amendment touches, the old text and the new text side by side (原条文 |
// 修订后条文), the changed words marked, and the change in one sentence. The
// clause text is the summary's (compiler/summary), so the table reads like
// the 政策明白纸; the HTML uses the summary's printable A4 style. No IO.
import { message, type Lang, type MessageId } from '../messages.ts';
import type { Benefit, Model } from '../model.ts';
import { benefitFields, escapeHtml, escapeMarkdown, headerFields, htmlPage } from '../summary/index.ts';
import type { Field } from '../summary/doc.ts';
import { label } from '../summary/phrase.ts';
import type { PolicyDiff } from './semantic.ts';
import { wordDiff, type Segment } from './words.ts';

export interface ComparisonRow {
  field: string;
  before: Segment[];
  after: Segment[];
}

export interface ComparisonClause {
  head: string;
  status: 'added' | 'removed' | 'changed';
  /** The change in one sentence (the semantic diff's). */
  summary: string;
  rows: ComparisonRow[];
}

export interface ComparisonDoc {
  lang: Lang;
  title: string;
  lead: string[];
  clauses: ComparisonClause[];
  /** Changes outside any clause: new questions for applicants, funds, combination rules. */
  other: string[];
}

const t = (lang: Lang, id: MessageId, args: Record<string, string | number> = {}) => message(id, lang, args);

const valueText = (v: Field['value'], lang: Lang) => (typeof v === 'string' ? v : v.join(t(lang, 'summary.clauseSep')));

/** A benefit's text as field rows, with a table amount spelt out as a row of its own. */
function benefitText(model: Model, b: Benefit, lang: Lang): Map<string, string> {
  const { rows, table } = benefitFields(model, b, lang);
  const out = new Map<string, string>();
  const subjects = b.subjects.map((s) => label(model.subjects.get(s)?.label, lang, s)).join(t(lang, 'summary.listSep'));
  out.set(t(lang, 'diff.field.subjects'), subjects);
  for (const r of rows) {
    if (r.name === t(lang, 'summary.field.alsoFor')) continue;
    out.set(r.name, valueText(r.value, lang));
    if (r.name === t(lang, 'summary.field.amount') && table)
      out.set(table.head[1] ?? t(lang, 'summary.col.standard'), table.rows.map(([k, v]) => t(lang, 'summary.pair', { k: k!, v: v! })).join(t(lang, 'summary.clauseSep')));
  }
  return out;
}

function rowsOf(before: Map<string, string> | undefined, after: Map<string, string> | undefined): ComparisonRow[] {
  const names = [...new Set([...(after?.keys() ?? []), ...(before?.keys() ?? [])])];
  return names.map((field) => {
    const a = before?.get(field) ?? '';
    const b = after?.get(field) ?? '';
    const d = wordDiff(a, b);
    return { field, before: a ? d.before : [], after: b ? d.after : [] };
  });
}

/** `documents` names the two texts when they are not simply the two headers' 文号 (an amendment: “萧人社〔2025〕3号（经萧人社〔2026〕8号修订）”). */
export function buildComparison(a: Model, b: Model, diff: PolicyDiff, documents?: { before: string; after: string }): ComparisonDoc {
  const { lang } = diff;
  const title = t(lang, 'diff.table.title', { title: label(b.header.title ?? a.header.title, lang, t(lang, 'summary.untitled')) });
  const lead: string[] = [];
  const doc = (m: Model) => m.header.docNumber ?? t(lang, 'diff.noEnd');
  lead.push(t(lang, 'diff.table.lead', documents ?? { before: doc(a), after: doc(b) }));
  const clauses: ComparisonClause[] = [];
  if (diff.header.length) {
    const fa = new Map(headerFields(a, lang).map((r) => [r.name, valueText(r.value, lang)]));
    const fb = new Map(headerFields(b, lang).map((r) => [r.name, valueText(r.value, lang)]));
    const rows = rowsOf(fa, fb).filter((r) => r.before.some((s) => s.mark !== 'same') || r.after.some((s) => s.mark !== 'same'));
    clauses.push({ head: t(lang, 'summary.section.policy'), status: 'changed', summary: diff.header.map((c) => c.text).join(t(lang, 'summary.clauseSep')), rows });
  }
  for (const c of diff.clauses) {
    if (c.status === 'unchanged') continue;
    const head = c.clause ? t(lang, 'diff.clauseHead', { clause: c.clause, title: c.title }) : c.title;
    let before: Map<string, string> | undefined;
    let after: Map<string, string> | undefined;
    if (c.kind === 'benefit') {
      const ba = a.benefits.find((x) => x.id === c.id);
      const bb = b.benefits.find((x) => x.id === c.id);
      before = ba && benefitText(a, ba, lang);
      after = bb && benefitText(b, bb, lang);
    } else {
      const content = (m: Model) => m.provisions.find((x) => x.id === c.id)?.content;
      const name = t(lang, 'diff.field.content');
      const pa = content(a);
      const pb = content(b);
      before = pa !== undefined || a.provisions.some((x) => x.id === c.id) ? new Map([[name, pa ?? '']]) : undefined;
      after = pb !== undefined || b.provisions.some((x) => x.id === c.id) ? new Map([[name, pb ?? '']]) : undefined;
    }
    const summary = c.status === 'changed' ? c.changes.map((x) => x.text).join(t(lang, 'summary.clauseSep')) : t(lang, c.status === 'added' ? 'diff.table.added' : 'diff.table.removed');
    clauses.push({ head, status: c.status, summary, rows: rowsOf(before, after) });
  }
  const other = [...diff.declarations, ...diff.interactions].map((c) => c.text);
  return { lang, title, lead, clauses, other };
}

// ---- Markdown ----

function mdSegments(segs: Segment[], empty: string): string {
  if (segs.length === 0) return empty;
  return segs.map((s) => (s.mark === 'same' ? escapeMarkdown(s.text) : s.mark === 'del' ? `~~${escapeMarkdown(s.text)}~~` : `**${escapeMarkdown(s.text)}**`)).join('');
}

export function renderComparisonMarkdown(doc: ComparisonDoc): string {
  const { lang } = doc;
  const colon = t(lang, 'summary.colon');
  const out: string[] = [`# ${escapeMarkdown(doc.title)}`, ...doc.lead.map((l) => `**${escapeMarkdown(l)}**`), `*${t(lang, 'diff.table.legend', { del: `~~${escapeMarkdown(t(lang, 'diff.table.delSample'))}~~`, ins: `**${escapeMarkdown(t(lang, 'diff.table.insSample'))}**` })}*`];
  if (doc.clauses.length === 0 && doc.other.length === 0) out.push(escapeMarkdown(t(lang, 'diff.none')));
  for (const c of doc.clauses) {
    out.push(`## ${escapeMarkdown(c.head)}`, `${escapeMarkdown(t(lang, 'diff.table.summary'))}${colon}${escapeMarkdown(c.summary)}`);
    const rows = c.rows.map((r) => {
      const cell = (segs: Segment[], empty: string) => (segs.length ? `**${escapeMarkdown(r.field)}**${colon}${mdSegments(segs, '')}` : escapeMarkdown(empty));
      return `| ${cell(r.before, t(lang, 'diff.table.none'))} | ${cell(r.after, t(lang, 'diff.table.deleted'))} |`;
    });
    out.push([`| ${escapeMarkdown(t(lang, 'diff.table.before'))} | ${escapeMarkdown(t(lang, 'diff.table.after'))} |`, '| --- | --- |', ...rows].join('\n'));
  }
  if (doc.other.length) out.push(`## ${escapeMarkdown(t(lang, 'diff.table.other'))}`, doc.other.map((x) => `- ${escapeMarkdown(x)}`).join('\n'));
  return out.join('\n\n') + '\n';
}

// ---- HTML ----

const TABLE_CSS = `
.legend { font-size: 9pt; color: #555; text-align: center; margin-bottom: 4mm; }
section.clause { margin: 0 0 5mm; }
section.clause h2 { font-size: 12pt; margin: 5mm 0 1.5mm; }
p.change { margin: 0 0 1.5mm; font-size: 9.5pt; padding: 1mm 2.5mm; background: #f6f6f6; border-left: 2.5pt solid #a61b1b; }
table.compare col { width: 50%; }
table.compare td { padding: 1mm 2mm; }
table.compare td .field { font-weight: 600; color: #444; }
table.compare td.empty { color: #888; font-style: italic; }
del { color: #a61b1b; text-decoration: line-through; text-decoration-thickness: 1pt; background: #fdeaea; }
ins { color: #0f5f1c; text-decoration: underline; text-decoration-thickness: 1pt; background: #e6f4e6; font-weight: 600; }
`.trim();

function htmlSegments(segs: Segment[]): string {
  return segs.map((s) => (s.mark === 'same' ? escapeHtml(s.text) : `<${s.mark}>${escapeHtml(s.text)}</${s.mark}>`)).join('');
}

export function renderComparisonHtml(doc: ComparisonDoc): string {
  const { lang } = doc;
  const colon = escapeHtml(t(lang, 'summary.colon'));
  const cell = (field: string, segs: Segment[], empty: string) =>
    segs.length ? `<td><span class="field">${escapeHtml(field)}</span>${colon}${htmlSegments(segs)}</td>` : `<td class="empty">${escapeHtml(empty)}</td>`;
  const body: string[] = [`<h1>${escapeHtml(doc.title)}</h1>`, ...doc.lead.map((l) => `<p class="lead">${escapeHtml(l)}</p>`)];
  body.push(`<p class="legend">${t(lang, 'diff.table.legend', { del: `<del>${escapeHtml(t(lang, 'diff.table.delSample'))}</del>`, ins: `<ins>${escapeHtml(t(lang, 'diff.table.insSample'))}</ins>` })}</p>`);
  if (doc.clauses.length === 0 && doc.other.length === 0) body.push(`<p>${escapeHtml(t(lang, 'diff.none'))}</p>`);
  for (const c of doc.clauses) {
    body.push(`<section class="clause ${c.status}">`, `<h2>${escapeHtml(c.head)}</h2>`, `<p class="change"><strong>${escapeHtml(t(lang, 'diff.table.summary'))}</strong>${colon}${escapeHtml(c.summary)}</p>`);
    body.push('<table class="compare">', '<colgroup><col><col></colgroup>', `<thead><tr><th>${escapeHtml(t(lang, 'diff.table.before'))}</th><th>${escapeHtml(t(lang, 'diff.table.after'))}</th></tr></thead>`, '<tbody>');
    for (const r of c.rows) body.push(`<tr>${cell(r.field, r.before, t(lang, 'diff.table.none'))}${cell(r.field, r.after, t(lang, 'diff.table.deleted'))}</tr>`);
    body.push('</tbody>', '</table>', '</section>');
  }
  if (doc.other.length) body.push(`<section class="clause"><h2>${escapeHtml(t(lang, 'diff.table.other'))}</h2><ul class="items">${doc.other.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul></section>`);
  return htmlPage(lang, doc.title, body, TABLE_CSS);
}
