// `policy batch --report report.html`: the batch summary as one offline page
// — horizontal bar charts drawn as inline SVG (no script, no fonts or images
// fetched), and the same figures as tables beneath each chart. Bar lengths are
// the only floating-point numbers here; every amount printed is the exact
// decimal string of the summary.
import { message, type Lang, type MessageId } from '../messages.ts';
import type { BatchSummary } from './summary.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Bar {
  label: string;
  /** Exact text shown at the bar's end. */
  value: string;
  /** Size for drawing only. */
  size: number;
}

/** Approximate display width of a label in px at 13px (CJK ≈ 13, other ≈ 7.5). */
const textWidth = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/u.test(ch) ? 13 : 7.5), 0);

function barChart(id: string, title: string, bars: Bar[], none: string): string {
  if (!bars.length) return `<section id="${id}"><h2>${esc(title)}</h2><p class="none">${esc(none)}</p></section>`;
  const width = 760;
  const rowH = 24;
  const labelW = Math.min(340, Math.max(...bars.map((b) => textWidth(b.label))) + 12);
  // A label too long for its column is shortened with an ellipsis; the full text is in the bar's <title>.
  const fit = (s: string) => {
    if (textWidth(s) <= labelW - 12) return s;
    let out = '';
    for (const ch of s) {
      if (textWidth(out + ch + '…') > labelW - 12) break;
      out += ch;
    }
    return out + '…';
  };
  const valueW = Math.max(...bars.map((b) => textWidth(b.value))) + 12;
  const plotW = width - labelW - valueW;
  const max = Math.max(...bars.map((b) => b.size), 1);
  const height = bars.length * rowH + 8;
  const rows = bars
    .map((b, i) => {
      const y = 4 + i * rowH;
      const w = b.size > 0 ? Math.max(2, (b.size / max) * plotW) : 0;
      return (
        `<g class="bar" data-label="${esc(b.label)}" data-value="${esc(b.value)}">` +
        `<title>${esc(b.label)}: ${esc(b.value)}</title>` +
        `<text x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${esc(fit(b.label))}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" rx="2"></rect>` +
        `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + rowH / 2 + 4}" class="value">${esc(b.value)}</text>` +
        `</g>`
      );
    })
    .join('');
  return (
    `<section id="${id}"><h2>${esc(title)}</h2>` +
    `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows}</svg></section>`
  );
}

/** Fen of an exact yuan string, as a number for drawing only. */
const drawSize = (yuan: string) => Number(yuan.replace('.', ''));

function table(head: string[], rows: string[][], numeric: boolean[]): string {
  const th = head.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

export function renderReport(s: BatchSummary, lang: Lang): string {
  const m = (id: MessageId, args: Record<string, string | number> = {}) => message(id, lang, args);
  const none = m('batch.report.none');
  const title = m('batch.report.title', { title: `${s.policy.docNumber ?? ''} ${s.policy.title}`.trim() });
  const benefitLabel = (b: BatchSummary['benefits'][number]) => (b.clause ? `${b.clause} ${b.title}` : b.title);
  const eligible = s.benefits.filter((b) => b.eligible > 0);
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p class="meta">${esc(m('batch.summary.asOf', { date: s.asOf }))} · <span id="rows">${esc(m('batch.summary.rows', { rows: s.rows, evaluated: s.evaluated, rejected: s.rejected }))}</span> · ${esc(m('batch.summary.grandTotal'))} <b id="total">${esc(s.total)}</b></p>`,
    barChart('chart-count', m('batch.report.countChart'), eligible.map((b) => ({ label: benefitLabel(b), value: String(b.eligible), size: b.eligible })), none),
    barChart('chart-amount', m('batch.report.amountChart'), eligible.filter((b) => b.total !== '0.00' && !b.amountNotStated).map((b) => ({ label: benefitLabel(b), value: b.total, size: drawSize(b.total) })), none),
    barChart('chart-fund', m('batch.report.fundChart'), s.funds.map((f) => ({ label: f.title, value: f.total, size: drawSize(f.total) })), none),
    barChart('chart-missing', m('batch.report.missingChart'), s.missing.map((x) => ({ label: x.label, value: String(x.count), size: x.count })), none),
    `<section id="table-benefits"><h2>${esc(m('batch.summary.byBenefit'))}</h2>` +
      table(
        [m('batch.summary.clause'), m('batch.summary.benefit'), m('batch.summary.fund'), m('batch.summary.eligible'), m('batch.summary.total'), m('batch.summary.undetermined'), m('batch.summary.ineligible')],
        s.benefits.map((b) => [b.clause ?? '', b.title, b.fundTitle ?? '', String(b.eligible), b.total, String(b.undetermined), String(b.ineligible)]),
        [false, false, false, true, true, true, true],
      ) +
      `</section>`,
    `<section id="table-funds"><h2>${esc(m('batch.summary.byFund'))}</h2>` +
      table([m('batch.summary.fund'), m('batch.summary.eligible'), m('batch.summary.total')], s.funds.map((f) => [f.title, String(f.eligible), f.total]), [false, true, true]) +
      `</section>`,
    // 授予 / 视同: how many eligible decisions granted each outcome, per benefit (only for a policy that grants one).
    s.benefits.some((b) => b.outcomes?.length)
      ? `<section id="table-outcomes"><h2>${esc(m('batch.summary.byOutcome'))}</h2>` +
        table(
          [m('batch.summary.benefit'), m('batch.summary.outcome'), m('batch.summary.eligible')],
          s.benefits.flatMap((b) => (b.outcomes ?? []).map((o) => [b.title, o.outcome, String(o.count)])),
          [false, false, true],
        ) +
        `</section>`
      : '',
    s.rejects.length ? `<section id="table-rejects"><h2>${esc(m('batch.summary.rejects'))}</h2>` + table(['code', '#'], s.rejects.map((r) => [r.code, String(r.count)]), [false, true]) + `</section>` : '',
  ].join('\n');
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 24px; max-width: 800px; color: #1a1a1a; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
.meta { color: #555; font-size: 13px; }
svg { max-width: 100%; height: auto; font-size: 13px; }
svg rect { fill: #c0392b; } #chart-fund svg rect { fill: #2c6fbb; } #chart-missing svg rect { fill: #d48806; }
svg text { fill: #1a1a1a; } svg text.value { fill: #444; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; } .num { text-align: right; font-variant-numeric: tabular-nums; }
.none { color: #777; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
