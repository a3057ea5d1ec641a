// What the plain-editor pages share (bench/plain-editor.ts, the benchmark's baseline; bench/workbench-variants.ts,
// the same plus chosen workbench extensions): the plain editor's extensions, and the editor exposed to the
// benchmark as `window.plain` — open(text) makes a new editor holding the text in the page's #editor.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';

/** The plain editor's extensions by name (a page may leave some out), in the order they are added. */
export const PLAIN: Record<string, () => Extension> = {
  lineNumbers: () => lineNumbers(),
  history: () => history(),
  drawSelection: () => drawSelection(),
  activeLine: () => highlightActiveLine(),
  wrap: () => EditorView.lineWrapping,
};

/** The plain editor's extensions less those named in `drop`, then its keys. */
export function plainExtensions(drop: ReadonlySet<string> = new Set()): Extension[] {
  return [
    ...Object.entries(PLAIN)
      .filter(([n]) => !drop.has(n))
      .map(([, f]) => f()),
    keymap.of([...defaultKeymap, ...historyKeymap]),
  ];
}

/**
 * Sets `window.plain`: `open(text)` replaces the editor with a new one holding `text`, made with `extensions()`
 * (then calls `opened`), and `view` is the current editor. Returns a getter of the current editor.
 */
export function exposePlainEditor(extensions: () => Extension[], opened?: (text: string) => void): () => EditorView | undefined {
  const parent = document.querySelector('#editor') as HTMLElement;
  let view: EditorView | undefined;
  (globalThis as unknown as { plain: unknown }).plain = {
    open(text: string) {
      view?.destroy();
      view = new EditorView({ parent, state: EditorState.create({ doc: text, extensions: extensions() }) });
      opened?.(text);
    },
    get view() {
      return view;
    },
  };
  return () => view;
}
