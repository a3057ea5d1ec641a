// Readings: comments starting with “解读：” record how the author read an
// ambiguity in the text. Each is attached to the declaration that encloses it
// (a comment inside a benefit explains that benefit) or else to the first
// declaration after it, and the summary shows it as a note to the reader.
import type { Comment, Range } from '../../grammar/ast.ts';
import type { Model } from '../model.ts';

export type AnchorKind = 'header' | 'fund' | 'levels' | 'enum' | 'subject' | 'param' | 'benefit' | 'provision' | 'interaction' | 'end';

export const anchorKey = (kind: AnchorKind, id = ''): string => `${kind}:${id}`;

const READING = /^解读\s*[：:]\s*/;

/** The reading a comment records, without comment markers and the 解读： prefix; undefined if it is not one. */
export function readingText(c: Comment): string | undefined {
  let body = c.text;
  if (c.block) body = body.replace(/^\/\*+/, '').replace(/\*+\/$/, '');
  else body = body.replace(/^\/\/+/, '');
  const lines = body
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*\*?\s?/, '').trim())
    .filter((l) => l.length > 0);
  const text = lines.join(c.block ? '' : ' ').trim();
  if (!READING.test(text)) return undefined;
  const rest = text.replace(READING, '').trim();
  return rest || undefined;
}

interface Anchor {
  key: string;
  range: Range;
  /** Whether a comment inside the range belongs to it (block declarations). */
  encloses: boolean;
}

function anchors(model: Model): Anchor[] {
  const out: Anchor[] = [];
  const h = model.header;
  const headerRanges = [h.range, h.title?.range, h.interpreter?.range, ...h.issuers.map((i) => i.range)].filter((r): r is Range => !!r);
  if (headerRanges.length) {
    out.push({
      key: anchorKey('header'),
      range: { start: Math.min(...headerRanges.map((r) => r.start)), end: Math.max(...headerRanges.map((r) => r.end)) },
      encloses: true,
    });
  }
  for (const f of model.funds.values()) out.push({ key: anchorKey('fund', f.name), range: f.range, encloses: false });
  for (const l of model.levels.values()) out.push({ key: anchorKey('levels', l.name), range: l.range, encloses: false });
  for (const e of model.enums.values()) out.push({ key: anchorKey('enum', e.name), range: e.range, encloses: false });
  for (const s of model.subjects.values()) out.push({ key: anchorKey('subject', s.name), range: s.range, encloses: true });
  for (const p of model.params.values()) out.push({ key: anchorKey('param', p.name), range: p.range, encloses: false });
  for (const b of model.benefits) out.push({ key: anchorKey('benefit', b.id), range: b.range, encloses: true });
  for (const p of model.provisions) out.push({ key: anchorKey('provision', p.id), range: p.range, encloses: true });
  model.interactions.forEach((i, n) => out.push({ key: anchorKey('interaction', String(n)), range: i.range, encloses: false }));
  return out;
}

/** Offsets where source code is known to start or end: a comment across one of them is not a continuation. */
function codeMarks(model: Model, list: Anchor[]): number[] {
  const marks = list.flatMap((a) => [a.range.start, a.range.end]);
  for (const b of model.benefits) {
    for (const c of b.conditions) marks.push(c.source.range.start, c.source.range.end);
    if (b.amountSource) marks.push(b.amountSource.range.start, b.amountSource.range.end);
  }
  return marks;
}

/** Longest gap between two line comments on consecutive lines: a line break and the indentation. */
const MAX_CONTINUATION_GAP = 2 + 24;

/** A line comment that starts a note of its own: a short label and a colon (语言限制：, 标准测算（汇编者）：, 原文：). */
const LABELLED = /^[^\s，。,.：:]{1,10}[：:]/;

/**
 * Readings with their ranges. A reading goes on over the line comments right below it
 * (“// 解读：……。” then “// ……。”), with nothing but indentation between — also after a
 * full stop, since a reading may have several sentences — until a line that starts a
 * labelled note of its own (“// 语言限制：……”), a blank line or code.
 */
function readings(model: Model, comments: readonly Comment[], list: Anchor[]): { text: string; range: Range }[] {
  const sorted = [...comments].sort((a, b) => a.range.start - b.range.start);
  const marks = codeMarks(model, list);
  const out: { text: string; range: Range }[] = [];
  let open: { text: string; range: Range } | undefined;
  for (const c of sorted) {
    const text = readingText(c);
    if (text) {
      open = c.block ? undefined : { text, range: { ...c.range } };
      out.push(open ?? { text, range: c.range });
      continue;
    }
    const gap = open ? c.range.start - open.range.end : Infinity;
    const continues =
      open &&
      !c.block &&
      gap > 0 &&
      gap <= MAX_CONTINUATION_GAP &&
      !LABELLED.test(c.text.replace(/^\/\/+/, '').trim()) &&
      !marks.some((m) => m > open!.range.end && m <= c.range.start);
    if (open && continues) {
      const more = c.text.replace(/^\/\/+/, '').trim();
      if (more) open.text += more;
      open.range.end = c.range.end;
    } else open = undefined;
  }
  return out;
}

/** Readings by anchor key, in source order. Readings after the last declaration go to `end:`. */
export function attachReadings(model: Model, comments: readonly Comment[] = []): Map<string, string[]> {
  const list = anchors(model);
  const out = new Map<string, string[]>();
  for (const { text, range } of readings(model, comments, list)) {
    const c = { range };
    const inside = list.filter((a) => a.encloses && a.range.start <= c.range.start && c.range.end <= a.range.end);
    const enclosing = inside.sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start))[0];
    const next = list.filter((a) => a.range.start >= c.range.end).sort((a, b) => a.range.start - b.range.start)[0];
    const key = (enclosing ?? next)?.key ?? anchorKey('end');
    out.set(key, [...(out.get(key) ?? []), text]);
  }
  return out;
}
