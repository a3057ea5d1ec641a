// The summary (政策明白纸) and the 修订对照表 are whole HTML pages, rendered in
// the worker after every pause in typing. For a 5,000-line policy a page is
// ~150 KB and ~7,600 elements; sending it whole and laying it out whole on the
// page's thread each time is work in the way of the next key. So the worker
// cuts the page into its top-level blocks (the children of <main>: a heading,
// a benefit's section, a table …) and sends only the blocks that changed
// since the version the page shows — usually one benefit's section, or none.
// The page replaces just those blocks. Plain functions, tested in Node.

/** A page cut at the top level of its <main>: prefix (doctype … <main>), the blocks, suffix (</main> …). */
export interface DocBlocks {
  prefix: string;
  blocks: string[];
  suffix: string;
}

/**
 * What the worker sends for one page: against `base` (the id of the version
 * the page said it shows), keep the first `head` and the last `tail` blocks
 * and put `blocks` between them. Without `base`, `blocks` is the whole list.
 * `prefix`/`suffix` are present only when they differ from the base's.
 */
export interface DocDelta {
  id: string;
  base?: string;
  head: number;
  tail: number;
  blocks: string[];
  prefix?: string;
  suffix?: string;
}

/** Elements that have no end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(\/?)>/y;

interface Span {
  start: number;
  /** End of the start tag. */
  openEnd: number;
  /** Start of the end tag (= end for a void element). */
  closeStart: number;
  end: number;
}

/** The top-level elements of `s`, or null if it is anything else (text, a comment, unbalanced tags). */
function elements(s: string): Span[] | null {
  const out: Span[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && /\s/.test(s[i]!)) i++;
    if (i >= n) break;
    if (s[i] !== '<') return null;
    const start = i;
    let depth = 0;
    let openEnd = -1;
    let closeStart = -1;
    do {
      const lt = s.indexOf('<', i);
      if (lt < 0) return null;
      TAG.lastIndex = lt;
      const m = TAG.exec(s);
      if (!m) return null;
      i = TAG.lastIndex;
      if (openEnd < 0) openEnd = i;
      if (m[1]) {
        depth--;
        closeStart = lt;
      } else if (!VOID.has(m[2]!.toLowerCase()) && !m[3]) depth++;
      if (depth < 0) return null;
    } while (depth > 0);
    out.push({ start, openEnd, closeStart: closeStart < 0 ? i : closeStart, end: i });
  }
  return out;
}

const PART = / data-wb-part="(first|middle|last|only)"/;

/**
 * Cuts a page into blocks. The renderers escape every text and attribute,
 * so a `<` is always a tag; should the scanner meet anything else (text at
 * the top level, a comment, unbalanced tags), the whole inside of <main> is
 * one block — never a wrong cut, only a coarser one.
 *
 * A top-level element for which `descend(startTag)` holds (a grouping section
 * with no box of its own, such as the summary's `<section class="section">`
 * holding a part's benefits) is cut into its children, each inside a copy of
 * the element marked `data-wb-part` (first, middle, last, only), so that the
 * page keeps the ancestry the CSS sees and `joinDoc` can put it back together.
 */
export function splitDoc(html: string, descend: (startTag: string) => boolean = () => false): DocBlocks {
  const open = html.indexOf('<main>');
  const close = html.lastIndexOf('</main>');
  if (open < 0 || close < open) return { prefix: html, blocks: [], suffix: '' };
  const start = open + '<main>'.length;
  const prefix = html.slice(0, start);
  const suffix = html.slice(close);
  const inner = html.slice(start, close);
  const top = elements(inner);
  if (!top) return { prefix, blocks: inner.trim() ? [inner] : [], suffix };
  const blocks: string[] = [];
  for (const e of top) {
    const startTag = inner.slice(e.start, e.openEnd);
    const children = e.closeStart > e.openEnd && descend(startTag) && !PART.test(startTag) ? elements(inner.slice(e.openEnd, e.closeStart)) : null;
    if (!children || !children.length) {
      blocks.push(inner.slice(e.start, e.end));
      continue;
    }
    const body = inner.slice(e.openEnd, e.closeStart);
    const endTag = inner.slice(e.closeStart, e.end);
    children.forEach((c, k) => {
      const part = children.length === 1 ? 'only' : k === 0 ? 'first' : k === children.length - 1 ? 'last' : 'middle';
      blocks.push(`${startTag.slice(0, -1)} data-wb-part="${part}">${body.slice(c.start, c.end)}${endTag}`);
    });
  }
  return { prefix, blocks, suffix };
}

/** The page again from its blocks (for printing): the parts of a cut element are one element again. */
export function joinDoc(d: DocBlocks): string {
  const out: string[] = [];
  for (const b of d.blocks) {
    const m = PART.exec(b);
    const tagEnd = b.indexOf('>');
    if (!m || m.index > tagEnd) {
      out.push(b);
      continue;
    }
    const startTag = b.slice(0, m.index) + b.slice(m.index + m[0].length, tagEnd + 1);
    const endAt = b.lastIndexOf('</');
    const child = b.slice(tagEnd + 1, endAt);
    const part = m[1];
    out.push((part === 'first' || part === 'only' ? startTag + '\n' : '') + child + (part === 'last' || part === 'only' ? '\n' + b.slice(endAt) : ''));
  }
  return d.prefix + '\n' + out.join('\n') + '\n' + d.suffix;
}

/** The delta from `old` to `next`: the longest common run of blocks at the start and at the end. */
export function diffBlocks(old: readonly string[], next: readonly string[]): { head: number; tail: number } {
  const max = Math.min(old.length, next.length);
  let head = 0;
  while (head < max && old[head] === next[head]) head++;
  let tail = 0;
  while (tail < max - head && old[old.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  return { head, tail };
}

/**
 * The worker's side: remembers the last few pages it sent (by id), and
 * answers each new page as a delta against the one the page says it shows.
 */
export class DocSender {
  private sent = new Map<string, DocBlocks>();
  private next = 1;
  constructor(
    private readonly descend: (startTag: string) => boolean = () => false,
    private readonly keep = 8,
  ) {}

  delta(html: string, have: string | undefined): DocDelta {
    const doc = splitDoc(html, this.descend);
    const id = `d${this.next++}`;
    this.sent.set(id, doc);
    if (this.sent.size > this.keep) this.sent.delete(this.sent.keys().next().value!);
    const base = have === undefined ? undefined : this.sent.get(have);
    if (!base) return { id, head: 0, tail: 0, blocks: doc.blocks, prefix: doc.prefix, suffix: doc.suffix };
    const { head, tail } = diffBlocks(base.blocks, doc.blocks);
    return {
      id,
      base: have,
      head,
      tail,
      blocks: doc.blocks.slice(head, doc.blocks.length - tail),
      ...(doc.prefix !== base.prefix && { prefix: doc.prefix }),
      ...(doc.suffix !== base.suffix && { suffix: doc.suffix }),
    };
  }
}

/** The page's side, without a DOM: the blocks after a delta, or undefined when the delta is not against `shown`. */
export function applyDelta(shown: (DocBlocks & { id: string }) | undefined, d: DocDelta): (DocBlocks & { id: string }) | undefined {
  if (d.base === undefined) {
    if (d.prefix === undefined || d.suffix === undefined) return undefined;
    return { id: d.id, prefix: d.prefix, blocks: d.blocks, suffix: d.suffix };
  }
  if (!shown || shown.id !== d.base || d.head + d.tail > shown.blocks.length) return undefined;
  return {
    id: d.id,
    prefix: d.prefix ?? shown.prefix,
    suffix: d.suffix ?? shown.suffix,
    blocks: [...shown.blocks.slice(0, d.head), ...d.blocks, ...shown.blocks.slice(shown.blocks.length - d.tail)],
  };
}
