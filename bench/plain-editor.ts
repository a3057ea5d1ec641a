// A plain CodeMirror 6 editor (no language, no server, no panes): the baseline
// that bench/workbench.ts types into next to the workbench, in the same browser
// and the same run. Its width and font are the workbench editor's, so the same
// keystrokes cost the same layout. Bundled by bench/workbench.ts with esbuild.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';

const parent = document.querySelector('#editor') as HTMLElement;
let view: EditorView | undefined;
(globalThis as unknown as { plain: unknown }).plain = {
  open(text: string) {
    view?.destroy();
    view = new EditorView({
      parent,
      state: EditorState.create({ doc: text, extensions: [lineNumbers(), history(), drawSelection(), highlightActiveLine(), EditorView.lineWrapping, keymap.of([...defaultKeymap, ...historyKeymap])] }),
    });
  },
  get view() {
    return view;
  },
};
