// A plain CodeMirror 6 editor (no language, no server, no panes): the baseline
// that bench/workbench.ts types into next to the workbench, in the same browser
// and the same run. Its width and font are the workbench editor's, so the same
// keystrokes cost the same layout. Bundled by bench/workbench.ts with esbuild.
//
// With `?caret=native`, the browser's own caret instead of CodeMirror's drawn one (as the workbench).
//
// With `?worker=1` the page also starts the workbench's Web Worker (the
// language server) and, like the workbench, sends it the text and asks for the
// summary after every pause in typing — but does nothing with the answers. The
// page's own work per key is then a plain editor's, while the worker takes the
// same CPU as in the workbench: on a busy machine that is CPU the page's
// thread does not get (the browser's threads share one scheduling group).
import { EditorView } from '@codemirror/view';
import { exposePlainEditor, plainExtensions } from './plain-editor-base.ts';

const URI = 'file:///workbench/plain.policy';

const busyWorker = new URLSearchParams(location.search).get('worker') === '1';
const nativeCaret = new URLSearchParams(location.search).get('caret') === 'native';
const worker = busyWorker ? new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }) : undefined;
let id = 0;
let version = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let last = 0;
const send = (msg: object) => worker?.postMessage(JSON.stringify({ jsonrpc: '2.0', ...msg }));
if (worker) {
  worker.onmessage = () => undefined;
  send({
    id: ++id,
    method: 'initialize',
    params: {
      processId: null,
      rootUri: 'file:///workbench/',
      capabilities: {},
      initializationOptions: { language: 'zh', diagnosticsDelay: 150 },
    },
  });
  send({ method: 'initialized', params: {} });
}
/** 400 ms after the last key: the text to the worker, and a summary asked for (as the workbench does). */
function afterPause() {
  const wait = last + 400 - performance.now();
  if (wait > 1) {
    timer = setTimeout(afterPause, wait);
    return;
  }
  timer = undefined;
  const view = currentView();
  if (!view) return;
  send({
    method: 'textDocument/didChange',
    params: { textDocument: { uri: URI, version: ++version }, contentChanges: [{ text: view.state.doc.toString() }] },
  });
  send({ id: ++id, method: 'workbench/panes', params: { uri: URI, lang: 'zh', want: ['summary'] } });
}

const currentView = exposePlainEditor(
  () => [
    ...plainExtensions(new Set(nativeCaret ? ['drawSelection'] : [])),
    EditorView.updateListener.of((u) => {
      if (!worker || !u.docChanged) return;
      last = performance.now();
      timer ??= setTimeout(afterPause, 400);
    }),
  ],
  (text) => {
    if (!worker) return;
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'policy', version: ++version, text } } });
    send({ id: ++id, method: 'workbench/panes', params: { uri: URI, lang: 'zh', want: ['summary'] } });
  },
);
