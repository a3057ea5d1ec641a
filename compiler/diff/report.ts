// The diff and the impact as text for a terminal, and the impact as a page
// leaders read: the figures in tables, and next to them charts drawn here as
// inline SVG (no script, no library, no network) — the change in total per
// fund and per benefit, the distribution of per-subject gains and losses, and
// the counts by category. Exact amounts are always printed from the exact
// decimal strings; a chart's geometry is the only place a float is used.
import { message, type Lang, type MessageId } from '../messages.ts';
import { escapeHtml, htmlPage } from '../summary/index.ts';
import type { Category } from './compare.ts';
import { CATEGORIES } from './compare.ts';
import type { EdgeCase } from './edges.ts';
import type { ImpactReport } from './impact.ts';
import type { PolicyDiff } from './semantic.ts';

const t = (lang: Lang, id: MessageId, args: Record<string, string | number> = {}) => message(id, lang, args);

const yuan = (lang: Lang, amount: string) => t(lang, 'summary.money', { amount: groupDigits(amount) });
const signed = (lang: Lang, amount: string) => (amount.startsWith('-') ? '−' + yuan(lang, amount.slice(1)) : amount === '0.00' ? yuan(lang, amount) : '+' + yuan(lang, amount));

function groupDigits(decimal: string): string {
  const [int, frac] = decimal.split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  return sign + int!.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? '.' + frac : '');
}

const catLabel = (lang: Lang, c: Category) => t(lang, `diff.cat.${c}` as MessageId);

// ---- text ----

export function renderDiffText(diff: PolicyDiff, edges: EdgeCase[] | undefined): string {
  const { lang } = diff;
  const out = [...diff.lines];
  if (edges && edges.length) {
    out.push('', t(lang, 'diff.edge.title'));
    let last = '';
    for (const e of edges) {
      const head = t(lang, 'diff.edge.head', { head: e.clause ? t(lang, 'diff.clauseHead', { clause: e.clause, title: e.title }) : e.title, subject: e.subjectTitle, date: e.asOf });
      if (head !== last) out.push(`  ${head}`);
      last = head;
      out.push(`    ${e.text}`);
    }
  }
  return out.join('\n') + '\n';
}

export function renderImpactText(r: ImpactReport, lang: Lang): string {
  const out: string[] = [];
  out.push(t(lang, 'diff.impact.head', { subjects: r.subjects, rejected: r.rejected }));
  out.push(t(lang, 'diff.impact.people', { gainers: r.gainers, losers: r.losers, unchanged: r.unchanged }));
  out.push(t(lang, 'diff.impact.total', { before: yuan(lang, r.before), after: yuan(lang, r.after), change: signed(lang, r.change) }));
  for (const f of r.funds) out.push(`  ${t(lang, 'diff.impact.fund', { fund: f.fund, before: yuan(lang, f.before), after: yuan(lang, f.after), change: signed(lang, f.change) })}`);
  for (const b of r.benefits) {
    const moved = CATEGORIES.filter((c) => b.counts[c] > 0);
    if (moved.length === 0 && b.change === '0.00') continue;
    out.push('', `${b.clause ? t(lang, 'diff.clauseHead', { clause: b.clause, title: b.title }) : b.title}：${signed(lang, b.change)}（${yuan(lang, b.before)} → ${yuan(lang, b.after)}）`);
    for (const c of moved) {
      out.push(`  ${catLabel(lang, c)}：${b.counts[c]}`);
      for (const ex of b.examples[c] ?? []) out.push(`    ${ex.id} ${ex.before} → ${ex.after}${ex.reason ? `（${ex.reason}）` : ''}`);
    }
  }
  if (r.rejected) {
    out.push('', t(lang, 'diff.impact.rejected', { n: r.rejected }));
    for (const x of r.rejects) out.push(`  ${t(lang, 'diff.impact.line', { line: x.line })} ${x.error}`);
  }
  return out.join('\n') + '\n';
}

// ---- charts ----

const W = 660;
const FONT = `font-family="Noto Sans CJK SC, Source Han Sans SC, sans-serif"`;

function clip(s: string, n: number): string {
  return [...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s;
}

/** Horizontal bars for values that may be negative (a change), with the exact label at the end of each bar. */
function divergingBars(rows: { label: string; value: number; text: string }[], title: string): string {
  const rowH = 22;
  const labelW = 230;
  const h = rows.length * rowH + 30;
  const max = Math.max(1, ...rows.map((r) => Math.abs(r.value)));
  const hasNeg = rows.some((r) => r.value < 0);
  const plotW = W - labelW - 110;
  const zero = labelW + (hasNeg ? plotW / 2 : 0);
  const scale = (hasNeg ? plotW / 2 : plotW) / max;
  const parts = [`<svg viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-label="${escapeHtml(title)}" ${FONT} font-size="11">`];
  parts.push(`<line x1="${zero}" y1="18" x2="${zero}" y2="${h - 6}" stroke="#888" stroke-width="1"/>`);
  rows.forEach((r, i) => {
    const y = 20 + i * rowH;
    const w = Math.abs(r.value) * scale;
    const x = r.value < 0 ? zero - w : zero;
    const colour = r.value < 0 ? '#a61b1b' : '#2e7d32';
    parts.push(`<text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${escapeHtml(clip(r.label, 18))}</text>`);
    parts.push(`<rect x="${x.toFixed(1)}" y="${y + 3}" width="${Math.max(w, r.value === 0 ? 0 : 1).toFixed(1)}" height="${rowH - 8}" fill="${colour}"/>`);
    const tx = r.value < 0 ? x - 4 : x + w + 4;
    parts.push(`<text x="${tx.toFixed(1)}" y="${y + 14}" text-anchor="${r.value < 0 ? 'end' : 'start'}">${escapeHtml(r.text)}</text>`);
  });
  parts.push(`<text x="0" y="11" font-weight="600">${escapeHtml(title)}</text></svg>`);
  return parts.join('');
}

/** Vertical bars (a histogram or counts), the count above each bar, the label below. */
function columns(cols: { label: string; value: number; colour: string }[], title: string): string {
  const h = 200;
  const top = 30;
  const bottom = 50;
  const colW = (W - 20) / cols.length;
  const max = Math.max(1, ...cols.map((c) => c.value));
  const parts = [`<svg viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-label="${escapeHtml(title)}" ${FONT} font-size="10">`];
  cols.forEach((c, i) => {
    const bh = ((h - top - bottom) * c.value) / max;
    const x = 10 + i * colW;
    const y = h - bottom - bh;
    parts.push(`<rect x="${(x + 3).toFixed(1)}" y="${y.toFixed(1)}" width="${(colW - 6).toFixed(1)}" height="${bh.toFixed(1)}" fill="${c.colour}"/>`);
    parts.push(`<text x="${(x + colW / 2).toFixed(1)}" y="${(y - 3).toFixed(1)}" text-anchor="middle">${c.value}</text>`);
    const words = c.label.split('\n');
    words.forEach((w, k) => parts.push(`<text x="${(x + colW / 2).toFixed(1)}" y="${h - bottom + 14 + k * 12}" text-anchor="middle">${escapeHtml(w)}</text>`));
  });
  parts.push(`<line x1="10" y1="${h - bottom}" x2="${W - 10}" y2="${h - bottom}" stroke="#888"/>`);
  parts.push(`<text x="0" y="11" font-weight="600">${escapeHtml(title)}</text></svg>`);
  return parts.join('');
}

const num = (s: string) => Number(s);

const IMPACT_CSS = `
.figures { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 2mm; margin: 3mm 0 4mm; }
.figure { border: 0.75pt solid #d4d4d4; border-top: 2.5pt solid #a61b1b; padding: 1.5mm 2mm; }
.figure .n { font-size: 12pt; font-weight: 700; }
.figure .k { font-size: 9pt; color: #555; }
figure.chart { margin: 2mm 0 3mm; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
td.num, th.num { text-align: right; }
th:first-child { width: 30%; }
table.examples th:first-child { width: 22%; }
table.counts { font-size: 8.5pt; }
table.counts th { font-size: 8pt; }
table.examples th:nth-child(2), table.examples th:nth-child(3) { width: 11%; }
table.examples th:nth-child(4) { width: 18%; }
.up { color: #2e7d32; } .down { color: #a61b1b; }
`.trim();

function htmlTable(head: string[], rows: string[][], numeric: boolean[], cls = ''): string {
  const cell = (tag: string, c: string, i: number) => `<${tag}${numeric[i] ? ' class="num"' : ''}>${c}</${tag}>`;
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h, i) => cell('th', escapeHtml(h), i)).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('')}</tbody></table>`;
}

const changeHtml = (lang: Lang, amount: string) => `<span class="${amount.startsWith('-') ? 'down' : amount === '0.00' ? '' : 'up'}">${escapeHtml(signed(lang, amount))}</span>`;

export function renderImpactHtml(r: ImpactReport, diff: PolicyDiff | undefined, opts: { lang: Lang; title: string; asOf: string }): string {
  const { lang } = opts;
  const e = escapeHtml;
  const body: string[] = [`<h1>${e(t(lang, 'diff.impact.title', { title: opts.title }))}</h1>`, `<p class="lead">${e(t(lang, 'diff.impact.lead', { subjects: r.subjects, date: opts.asOf }))}</p>`];
  body.push(
    '<div class="figures">',
    ...[
      [t(lang, 'diff.impact.k.change'), signed(lang, r.change)],
      [t(lang, 'diff.impact.k.gainers'), String(r.gainers)],
      [t(lang, 'diff.impact.k.losers'), String(r.losers)],
      [t(lang, 'diff.impact.k.rejected'), String(r.rejected)],
    ].map(([k, n]) => `<div class="figure"><div class="n">${e(n!)}</div><div class="k">${e(k!)}</div></div>`),
    '</div>',
  );
  if (diff) body.push(`<h2>${e(t(lang, 'diff.impact.h.changes'))}</h2>`, `<ul class="items">${diff.lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`);
  // per fund
  body.push(`<h2>${e(t(lang, 'diff.impact.h.funds'))}</h2>`);
  body.push(`<figure class="chart">${divergingBars(r.funds.map((f) => ({ label: f.fund, value: num(f.change), text: signed(lang, f.change) })), t(lang, 'diff.impact.chart.funds'))}</figure>`);
  body.push(htmlTable([t(lang, 'summary.field.fund'), t(lang, 'diff.impact.col.before'), t(lang, 'diff.impact.col.after'), t(lang, 'diff.impact.col.change')], r.funds.map((f) => [e(f.fund), e(yuan(lang, f.before)), e(yuan(lang, f.after)), changeHtml(lang, f.change)]), [false, true, true, true]));
  // per benefit
  const moved = r.benefits.filter((b) => b.change !== '0.00' || CATEGORIES.some((c) => b.counts[c] > 0));
  const title = (b: (typeof r.benefits)[number]) => (b.clause ? `${b.clause} ${b.title}` : b.title);
  body.push(`<h2>${e(t(lang, 'diff.impact.h.benefits'))}</h2>`);
  if (moved.length) body.push(`<figure class="chart">${divergingBars(moved.map((b) => ({ label: title(b), value: num(b.change), text: signed(lang, b.change) })), t(lang, 'diff.impact.chart.benefits'))}</figure>`);
  body.push(
    htmlTable(
      [t(lang, 'diff.impact.col.benefit'), ...CATEGORIES.map((c) => catLabel(lang, c)), t(lang, 'diff.impact.col.change')],
      moved.map((b) => [e(title(b)), ...CATEGORIES.map((c) => String(b.counts[c])), changeHtml(lang, b.change)]),
      [false, ...CATEGORIES.map(() => true), true],
      'counts',
    ),
  );
  // distribution
  body.push(`<h2>${e(t(lang, 'diff.impact.h.distribution'))}</h2>`);
  const bucketLabel = (b: (typeof r.histogram)[number]) =>
    b.from === '0.00' && b.to === '0.00' ? t(lang, 'diff.impact.bucket.zero') : b.from === null ? `< ${signed(lang, b.to!)}` : b.to === null ? `≥ ${signed(lang, b.from)}` : `${signed(lang, b.from)}\n${signed(lang, b.to)}`;
  const cols = r.histogram.map((b) => ({ label: bucketLabel(b).replace(/元/g, ''), value: b.count, colour: b.from === '0.00' && b.to === '0.00' ? '#9e9e9e' : (b.to ?? '1').startsWith('-') ? '#a61b1b' : '#2e7d32' }));
  const shown = cols.filter((c, i) => c.value > 0 || (i > 0 && cols[i - 1]!.value > 0));
  body.push(`<figure class="chart">${columns(shown.length ? shown : cols, t(lang, 'diff.impact.chart.distribution'))}</figure>`);
  // counts by category
  body.push(`<h2>${e(t(lang, 'diff.impact.h.categories'))}</h2>`);
  const colours: Record<string, string> = { 'became-eligible': '#2e7d32', more: '#66bb6a', stopped: '#a61b1b', less: '#e57373', 'became-undetermined': '#d9a400', 'became-determined': '#5c6bc0' };
  body.push(`<figure class="chart">${columns(CATEGORIES.map((c) => ({ label: catLabel(lang, c), value: moved.reduce((n, b) => n + b.counts[c], 0), colour: colours[c]! })), t(lang, 'diff.impact.chart.categories'))}</figure>`);
  // examples
  const exRows: string[][] = [];
  for (const b of moved) for (const c of CATEGORIES) for (const x of b.examples[c] ?? []) exRows.push([e(title(b)), e(catLabel(lang, c)), e(x.id), e(`${x.before} → ${x.after}`), e(x.reason)]);
  if (exRows.length) {
    body.push(`<h2>${e(t(lang, 'diff.impact.h.examples'))}</h2>`);
    body.push(htmlTable([t(lang, 'diff.impact.col.benefit'), t(lang, 'diff.impact.col.category'), t(lang, 'diff.impact.col.subject'), t(lang, 'diff.impact.col.decision'), t(lang, 'diff.impact.col.reason')], exRows, [false, false, false, false, false], 'examples'));
  }
  if (r.rejected) body.push(`<p class="note">${e(t(lang, 'diff.impact.rejected', { n: r.rejected }))} ${r.rejects.slice(0, 5).map((x) => e(`${t(lang, 'diff.impact.line', { line: x.line })} ${x.error}`)).join('；')}</p>`);
  return htmlPage(lang, t(lang, 'diff.impact.title', { title: opts.title }), body, IMPACT_CSS);
}
