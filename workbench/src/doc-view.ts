// A page (the summary or the 修订对照表) shown in a pane: the worker's deltas
// (doc-blocks.ts) are applied to the latest version as strings, and the DOM is
// brought to that version by replacing only the blocks that differ from what
// it shows — after a one-word edit one benefit's section is parsed and laid
// out, not the 7,600 elements of a 5,000-line policy's summary. The page sits
// in a shadow root of the pane, so its CSS stays its own.
import { applyDelta, diffBlocks, joinDoc, type DocBlocks, type DocDelta } from './doc-blocks.ts';
import { stats } from './stats.ts';

type Version = DocBlocks & { id: string };

/** The page's CSS scoped to a shadow root: `html`/`body` rules style the host. */
export function scopeCss(css: string): string {
  return css.replace(/\bhtml:lang\(([^)]*)\)/g, ':host(:lang($1))').replace(/(^|[\s,}])(html|body)(?=[\s,{.:#[>~+])/g, '$1:host');
}

/**
 * Each block sits in a wrapper of its own, a block formatting context (so its height is its own, margins
 * included); spacers stand for the blocks above and below the window that is in the DOM.
 */
const WRAPPER_CSS = 'div.wb-block { display: flow-root; } div.wb-spacer { display: block; }';

/** The renderers escape every policy string; should one ever fail to, nothing here may run. */
function defuse(root: DocumentFragment | Element) {
  for (const x of root.querySelectorAll('script, iframe, object, embed, link, meta, base')) x.remove();
  for (const el of root.querySelectorAll('*')) for (const a of [...el.attributes]) if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) el.removeAttribute(a.name);
}

interface Shown {
  text: string;
  el: HTMLElement;
}

/**
 * A page shown in a pane. Only the blocks within a screen of what is visible are in the DOM (a 5,000-line
 * policy's summary is 430 blocks and 7,600 elements: laid out whole, every frame of typing in the editor
 * beside it paid for its size); the others are a spacer of their measured (or estimated) height. Scrolling
 * brings blocks in and out; an update replaces only the blocks whose text changed.
 */
export class DocView {
  /** Versions received (by id, the last few): a delta is applied to the one it names. */
  private versions = new Map<string, Version>();
  /** The latest version; null when there is no page (e.g. 修订对照 with errors), undefined before the first. */
  private latest: Version | null | undefined;
  private prefix: string | undefined;
  private main: HTMLElement | undefined;
  private style: HTMLStyleElement | undefined;
  private before: HTMLElement | undefined;
  private after: HTMLElement | undefined;
  /** The blocks in the DOM, in order. */
  private shown: Shown[] = [];
  /** Measured heights (px) by block text, at the current width. */
  private heights = new Map<string, number>();
  private measured = { px: 0, chars: 0 };
  private width = 0;
  private frame = 0;
  /** The pane's scroll position and height, as last reported (read here, they would force a layout). */
  private scrollTop = 0;
  private screen = 0;
  private readonly sizes: ResizeObserver;

  constructor(private readonly host: HTMLElement) {
    this.sizes = new ResizeObserver((entries) => {
      let changed = false;
      for (const e of entries) {
        const el = e.target as HTMLElement;
        const text = this.textOf.get(el);
        const h = e.borderBoxSize?.[0]?.blockSize ?? el.getBoundingClientRect().height;
        if (text === undefined || !el.isConnected || h === 0) continue;
        if (this.heights.get(text) !== h) {
          if (!this.heights.has(text)) {
            this.measured.px += h;
            this.measured.chars += text.length;
          }
          this.heights.set(text, h);
          changed = true;
        }
      }
      if (changed) this.schedule();
    });
    new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]!.contentRect;
      this.screen = box.height;
      const w = box.width;
      if (w === this.width) return;
      // Another width, other heights.
      this.width = w;
      this.heights.clear();
      this.measured = { px: 0, chars: 0 };
      this.schedule();
    }).observe(host);
    host.addEventListener(
      'scroll',
      () => {
        this.scrollTop = host.scrollTop;
        this.schedule();
      },
      { passive: true },
    );
  }

  private textOf = new WeakMap<HTMLElement, string>();

  /** The id of the latest version, sent with the next request so that the reply is a delta against it. */
  get have(): string | undefined {
    return this.latest?.id;
  }

  /** The latest page whole (for printing). */
  html(): string {
    return this.latest ? joinDoc(this.latest) : '';
  }

  /** Takes a reply; false when it could not be applied (then the next request asks for the whole page). */
  receive(d: DocDelta | null): boolean {
    if (d === null) {
      this.latest = null;
      return true;
    }
    const v = applyDelta(d.base === undefined ? undefined : this.versions.get(d.base), d);
    if (!v) {
      this.latest = undefined;
      this.versions.clear();
      return false;
    }
    this.versions.set(v.id, v);
    if (this.versions.size > 4) this.versions.delete(this.versions.keys().next().value!);
    this.latest = v;
    return true;
  }

  private schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private heightOf(text: string): number {
    return this.heights.get(text) ?? (this.measured.chars ? (this.measured.px / this.measured.chars) * text.length : 40 + text.length / 8);
  }

  /** Brings the DOM to the latest version, if the pane is on screen (a hidden one is brought up to date when shown). */
  render(): void {
    if (this.host.closest<HTMLElement>('.pane')?.hidden) return;
    const v = this.latest ?? { prefix: '', blocks: [], suffix: '' };
    const root = this.host.shadowRoot ?? this.host.attachShadow({ mode: 'open' });
    if (!this.main || !this.style || !this.before || !this.after || this.prefix !== v.prefix) {
      // The head of the page (its CSS, its language) changed, or this is the first page.
      const head = new DOMParser().parseFromString(v.prefix + v.suffix, 'text/html');
      this.style ??= document.createElement('style');
      this.style.textContent = scopeCss([...head.querySelectorAll('style')].map((x) => x.textContent ?? '').join('\n')) + '\n' + WRAPPER_CSS;
      this.host.lang = head.documentElement.lang;
      this.prefix = v.prefix;
      if (!this.main || !this.before || !this.after) {
        this.main = document.createElement('main');
        this.before = document.createElement('div');
        this.after = document.createElement('div');
        this.before.className = this.after.className = 'wb-spacer';
        this.main.append(this.before, this.after);
        root.replaceChildren(this.style, this.main);
      }
    }
    const blocks = v.blocks;
    // The window: the blocks within a screen above and below what is visible.
    const screen = this.screen || 800;
    const from = Math.max(0, this.scrollTop - screen);
    const to = this.scrollTop + 2 * screen;
    let y = 0;
    let first = blocks.length;
    let last = blocks.length;
    let above = 0;
    for (let i = 0; i < blocks.length; i++) {
      const h = this.heightOf(blocks[i]!);
      if (first === blocks.length && y + h > from) {
        first = i;
        above = y;
      }
      y += h;
      if (first !== blocks.length && y >= to) {
        last = i + 1;
        break;
      }
    }
    let below = 0;
    for (let i = last; i < blocks.length; i++) below += this.heightOf(blocks[i]!);
    const want = blocks.slice(first, last);
    // Keep the elements of blocks whose text is unchanged; parse only the others.
    const old = new Map<string, Shown[]>();
    for (const s of this.shown) {
      const list = old.get(s.text);
      if (list) list.push(s);
      else old.set(s.text, [s]);
    }
    const next: (Shown | string)[] = want.map((text) => old.get(text)?.shift() ?? text);
    for (const list of old.values()) for (const s of list) {
      this.sizes.unobserve(s.el);
      s.el.remove();
    }
    const fresh = next.filter((x): x is string => typeof x === 'string');
    const made = fresh.length ? this.parse(fresh) : [];
    if (fresh.length && fresh.length === want.length && this.shown.length) stats.docRebuilds++;
    stats.blocksRendered += fresh.length;
    let k = 0;
    const shown: Shown[] = next.map((x) => (typeof x === 'string' ? { text: x, el: made[k++]! } : x));
    let cursor: ChildNode | null = this.before.nextSibling;
    for (const s of shown) {
      if (s.el === cursor) cursor = cursor.nextSibling;
      else {
        if (!s.el.isConnected) {
          this.textOf.set(s.el, s.text);
          this.sizes.observe(s.el);
        }
        this.main.insertBefore(s.el, cursor);
      }
    }
    this.shown = shown;
    const px = (n: number) => `${Math.round(n)}px`;
    if (this.before.style.height !== px(above)) this.before.style.height = px(above);
    if (this.after.style.height !== px(below)) this.after.style.height = px(below);
  }

  /** The blocks as wrapped elements, parsed inert (a template) and defused before they join the page. */
  private parse(blocks: string[]): HTMLElement[] {
    const tpl = document.createElement('template');
    tpl.innerHTML = blocks.map((b) => `<div class="wb-block">${b}</div>`).join('');
    let out = [...tpl.content.children] as HTMLElement[];
    if (out.length !== blocks.length) {
      // A block the HTML parser closes differently than the scanner cut it: parse each on its own.
      out = blocks.map((b) => {
        const one = document.createElement('template');
        one.innerHTML = b;
        const w = document.createElement('div');
        w.className = 'wb-block';
        w.append(one.content);
        return w;
      });
    }
    for (const w of out) defuse(w);
    return out;
  }
}
