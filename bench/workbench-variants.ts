// A plain CodeMirror 6 editor (bench/plain-editor.ts's) plus the workbench's editor extensions named in
// `?ext=` (comma-separated), for bench/workbench-profile.ts: what each extension costs a key, without the
// language server. `?ext=all` adds every one. Not shipped; bundled by the profile tool.
import { autocompletion, closeBrackets } from '@codemirror/autocomplete';
import { bracketMatching } from '@codemirror/language';
import { lintGutter } from '@codemirror/lint';
import { highlightSelectionMatches } from '@codemirror/search';
import type { Extension } from '@codemirror/state';
import { EditorView, highlightActiveLineGutter } from '@codemirror/view';
import { policy } from '../workbench/src/policy-language.ts';
import { exposePlainEditor, PLAIN, plainExtensions } from './plain-editor-base.ts';

const EXT: Record<string, () => Extension> = {
  highlight: () => policy(),
  // Experiments on how the marks are drawn: no bold or italic faces; each line a paint layer of its own.
  flat: () => EditorView.theme({ '.pl-keyword': { fontWeight: 'normal' }, '.pl-comment': { fontStyle: 'normal' } }),
  lineLayers: () => EditorView.theme({ '.cm-line': { position: 'relative' } }),
  contentLayer: () => EditorView.theme({ '.cm-content': { willChange: 'transform' } }),
  activeLineGutter: () => highlightActiveLineGutter(),
  brackets: () => bracketMatching(),
  closeBrackets: () => closeBrackets(),
  selectionMatches: () => highlightSelectionMatches(),
  completion: () => autocompletion({ activateOnTypingDelay: 400 }),
  lintGutter: () => lintGutter(),
};
const q = new URLSearchParams(location.search);
const names = (q.get('ext') ?? '').split(',').filter(Boolean);
const drop = new Set((q.get('drop') ?? '').split(',').filter(Boolean));
const ALL = ['highlight', 'activeLineGutter', 'brackets', 'closeBrackets', 'selectionMatches', 'completion', 'lintGutter'];
const chosen = names.flatMap((n) => (n === 'all' ? ALL : [n]));
for (const n of [...chosen, ...drop]) if (!(n in EXT) && !(n in PLAIN)) throw new Error(`unknown extension ${n}`);

exposePlainEditor(() => [...plainExtensions(drop), ...chosen.map((n) => EXT[n]!())]);
