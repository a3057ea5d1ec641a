// 政策工作台: the page. A CodeMirror 6 editor connected (through
// @codemirror/lsp-client) to the project's language server, which runs in a
// Web Worker (worker.ts → lsp/browser.ts); panes beside it show what the
// worker computes from the same compilation: the summary, the examples and
// the calculator. Nothing heavy runs on this thread: typing only updates the
// editor; the panes are refreshed after a pause, from the worker's answers.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentUnit } from '@codemirror/language';
import { lintGutter, lintKeymap } from '@codemirror/lint';
import {
  findReferencesKeymap,
  formatDocument,
  formatKeymap,
  hoverTooltips,
  jumpToDefinitionKeymap,
  LSPClient,
  renameKeymap,
  serverCompletion,
  serverDiagnostics,
  signatureHelp,
  type Transport,
} from '@codemirror/lsp-client';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import shipped from 'virtual:shipped-policies';
import { message, MESSAGES, type Lang, type MessageId } from '../../compiler/messages.ts';
import { EVALUATE_METHOD, PANES_METHOD, type EvaluateParams, type EvaluateResult, type PaneName, type PanesParams, type PanesReply } from './panes.ts';
import { diffBlocks } from './doc-blocks.ts';
import { DocView } from './doc-view.ts';
import { stats } from './stats.ts';
import { policy } from './policy-language.ts';
import { Calculator } from './calculator.ts';
import { sanitizeHTML } from './sanitize.ts';
import { loadState, saveIndex, saveState, saveText, type StoredState } from './storage.ts';

const $ = <T extends HTMLElement = HTMLElement>(sel: string): T => document.querySelector(sel) as T;

const loaded = loadState();
const state: StoredState = loaded.state;
let lang: Lang = state.lang;
const m = (id: MessageId, args: Record<string, string | number> = {}) => message(id, lang, args);

// ---- the language server in a Web Worker ----
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const handlers = new Set<(value: string) => void>();
// Messages cross as JSON text both ways (worker.ts): nothing to stringify or parse here beyond what
// lsp-client itself parses.
worker.onmessage = (e: MessageEvent) => {
  const text = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
  stats.received++;
  stats.receivedChars += text.length;
  if (text.startsWith('{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics"')) stats.diagnostics++;
  for (const h of handlers) h(text);
};
worker.onerror = (e) => setStatus(m('workbench.serverDown', { message: e.message }), 'error');
const transport: Transport = {
  send: (msg) => {
    stats.sent++;
    // Counted for the tests: a whole-text change per sync would be 5,000 lines sent after every pause.
    if (msg.includes('"method":"textDocument/didChange"')) {
      if (msg.includes('"contentChanges":[{"text":')) stats.syncFull++;
      else stats.syncIncremental++;
      stats.syncChars += msg.length;
      stats.syncMaxChars = Math.max(stats.syncMaxChars, msg.length);
    }
    worker.postMessage(msg);
  },
  subscribe: (h) => handlers.add(h),
  unsubscribe: (h) => handlers.delete(h),
};
const client = new LSPClient({
  rootUri: 'file:///workbench/',
  initializationOptions: { language: lang, diagnosticsDelay: 150 },
  // languageServerExtensions(), except that the text is synced to the server by the page's own debounce
  // (one timer per pause) instead of lsp-client's autoSync, which sets and clears a timer on every key.
  extensions: [
    serverCompletion(),
    hoverTooltips(),
    { editorExtension: keymap.of([...formatKeymap, ...renameKeymap, ...jumpToDefinitionKeymap, ...findReferencesKeymap]) },
    signatureHelp(),
    { ...serverDiagnostics(), editorExtension: [] },
  ],
  timeout: 30000,
  sanitizeHTML,
}).connect(transport);

const uriOf = (name: string) => `file:///workbench/${encodeURIComponent(name)}`;

// ---- status line ----
function setStatus(text: string, kind: 'info' | 'error' | 'ok' = 'info') {
  const el = $('#status');
  // Unchanged text is not written again: a write restyles the header.
  if (el.textContent !== text) el.textContent = text;
  if (el.dataset['kind'] !== kind) el.dataset['kind'] = kind;
}

/**
 * A debounced task without a timer per key: an edit only records its time; one timer per pause checks
 * whether the pause has lasted `delay` and otherwise waits the rest.
 */
function debounced(delay: number, run: () => void) {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const wait = last + delay - performance.now();
    if (wait > 1) timer = setTimeout(check, wait);
    else {
      timer = undefined;
      run();
    }
  };
  return {
    /** Runs `run` once `delay` ms have passed since the last call (now, with `delay` 0). */
    poke(d = delay) {
      last = performance.now() + d - delay;
      if (timer === undefined) timer = setTimeout(check, Math.max(0, d));
      else if (d < delay) {
        clearTimeout(timer);
        timer = setTimeout(check, Math.max(0, d));
      }
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Runs `fn` when the page's thread is idle (at the latest after `timeout` ms). */
const whenIdle = (timeout: number) =>
  new Promise<void>((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout }) : setTimeout(resolve, 0)));

// ---- persistence ----
// The text goes to localStorage after a second without typing, when the thread is idle (writing 5,000
// lines takes a few ms, which a key arriving meanwhile would wait for), and at once when the page is
// hidden, closed or reloaded, so no edit is lost.
let saved: unknown;
function flushSave() {
  saveTimer.cancel();
  if (!view || !state.current || saved === view.state.doc) return;
  state.files[state.current]!.text = view.state.doc.toString();
  try {
    saveText(state, state.current);
    saved = view.state.doc;
    stats.saves++;
  } catch (e) {
    // Quota exceeded or storage disabled: say so, so the officer downloads the file.
    setStatus(m('workbench.storageFailed', { message: (e as Error).message }), 'error');
  }
}
/** The text goes to the server 500 ms after the last key (and before every request), as lsp-client's autoSync did. */
const syncTimer = debounced(500, () => client.sync());
const saveTimer = debounced(1000, () => void whenIdle(2000).then(flushSave));
const scheduleSave = () => saveTimer.poke();
addEventListener('pagehide', flushSave);
addEventListener('beforeunload', flushSave);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') flushSave();
});

// ---- the editor ----
let view: EditorView | undefined;

/** CodeMirror's own words (rename dialog, search and lint panels), from the message table. */
const phrases = new Compartment();
const PHRASE_PREFIX = 'workbench.phrase.';
function phraseTable(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of Object.keys(MESSAGES)) if (id.startsWith(PHRASE_PREFIX)) out[id.slice(PHRASE_PREFIX.length)] = m(id as MessageId);
  return out;
}

const saveCommand = (v: EditorView): boolean => {
  formatDocument(v);
  scheduleSave();
  return true;
};

function createEditor(name: string, text: string): EditorView {
  view?.destroy();
  const parent = $('#editor');
  parent.textContent = '';
  const v = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        // The browser's own caret and selection, not CodeMirror's drawSelection(): its caret is an element
        // placed after measuring the text's layout in every update (getClientRects) and blinks by a CSS
        // animation that never stops, which keeps the compositor's frame clock running — a key's frame then
        // waits for the next tick (up to 16.7 ms, half a frame on average) instead of beginning at once.
        // The native caret blinks from a timer, one small repaint per blink. (bench/workbench-profile.ts:
        // 2.5–3 ms less main-thread time per key; workbench/RESULTS.md.) Only secondary cursors of a
        // multiple selection go undrawn.
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        indentUnit.of('  '),
        // Completion asks the server (a compile of the new version in the worker): only after a pause in
        // typing, like the diagnostics, never once per key. Ctrl-Space asks at once.
        autocompletion({ activateOnTypingDelay: 400 }),
        lintGutter(),
        keymap.of([{ key: 'Mod-s', run: saveCommand, preventDefault: true }, ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
        policy(),
        phrases.of(EditorState.phrases.of(phraseTable())),
        client.plugin(uriOf(name), 'policy'),
        EditorView.lineWrapping,
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          stats.edits++;
          syncTimer.poke();
          scheduleSave();
          schedulePanes();
        }),
      ],
    }),
  });
  view = v;
  return v;
}

function openFile(name: string, text: string, original = text) {
  if (view && state.current) state.files[state.current]!.text = view.state.doc.toString();
  const existing = state.files[name];
  if (!existing) state.files[name] = { name, text, original };
  state.current = name;
  saveState(state);
  createEditor(name, state.files[name]!.text);
  renderFileList();
  schedulePanes(0);
}

// ---- panes ----
let panesSeq = 0;
let lastPanes: PanesReply | undefined;
const sentOriginal = new Map<string, string>();
const calculator = new Calculator($('#pane-calculator'), () => lang, (p) => evaluateRequest(p));
const summaryView = new DocView($('#summary-doc'));
const diffView = new DocView($('#diff-doc'));

/** Bumped by every edit: a pane result computed for an older text is not laid out while the officer types. */
let editEpoch = 0;
/**
 * The panes follow the text 800 ms after the last key (at once with 0); per key this only records the time.
 * Not sooner: a refresh computes the whole summary in the worker, and in the pauses between words (when
 * refreshing after 400 ms, 8 of 12 results in a run of bench:workbench came back after typing had resumed and
 * were dropped) that is CPU the page's thread is short of on a busy machine. Diagnostics come sooner (150 ms).
 */
const PANES_DELAY = 800;
const panesTimer = debounced(PANES_DELAY, () => void refreshPanes());

function schedulePanes(delay = PANES_DELAY) {
  editEpoch++;
  const panes = $('#panes');
  if (panes.dataset['stale'] !== 'true') panes.dataset['stale'] = 'true';
  panesTimer.poke(delay);
}

async function refreshPanes() {
  if (!view || !state.current) return;
  const seq = ++panesSeq;
  const epoch = editEpoch;
  const uri = uriOf(state.current);
  setStatus(m('workbench.checking'));
  try {
    await client.initializing;
    client.sync();
    // The opened version goes to the worker once per file (and again after a revert or reopen).
    const original = state.files[state.current]!.original;
    // Only the pane on screen is computed; the others are asked for when their tab is opened. The pages
    // come as deltas against the versions shown here.
    const have = { ...(summaryView.have && { summary: summaryView.have }), ...(diffView.have && { diff: diffView.have }) };
    const params: PanesParams = { uri, lang, want: [currentTab], have, ...(sentOriginal.get(uri) !== original && { original }) };
    stats.paneRequests++;
    const r = await client.request<PanesParams, PanesReply>(PANES_METHOD, params);
    sentOriginal.set(uri, original);
    // The deltas are applied to the pages' latest versions at once (strings only, no layout), so the next
    // request names them; a delta that does not apply asks for the whole page again.
    stats.blocksReceived += (r.summary?.blocks.length ?? 0) + (r.diff?.doc?.blocks.length ?? 0);
    const applied = [r.summary === undefined || summaryView.receive(r.summary), r.diff === undefined || diffView.receive(r.diff.doc)];
    if (applied.includes(false)) {
      schedulePanes(0);
      return;
    }
    // Typed into since the request: this result is already old, and laying out a pane would hold up the
    // keys. The refresh scheduled by that edit replaces it. Otherwise the panes are laid out when the
    // thread is idle, and only if no key came meanwhile.
    if (seq === panesSeq && epoch === editEpoch) await whenIdle(300);
    if (seq !== panesSeq || epoch !== editEpoch || r.uri !== uriOf(state.current)) {
      stats.paneRepliesDropped++;
      return;
    }
    if (r.version !== currentVersion()) stats.staleRenders++;
    lastPanes = r;
    renderPanes(r);
    stats.paneRenders++;
    $('#panes').dataset['stale'] = 'false';
    $('#panes').dataset['version'] = String(r.version);
  } catch (e) {
    if (seq === panesSeq) setStatus(m('workbench.serverDown', { message: e instanceof Error ? e.message : String(e) }), 'error');
  }
}

/** The version lsp-client has sent for the file on screen (what a pane reply is computed from). */
function currentVersion(): number | undefined {
  return state.current ? client.workspace.getFile(uriOf(state.current))?.version : undefined;
}

async function evaluateRequest(p: Omit<EvaluateParams, 'uri' | 'lang'>): Promise<EvaluateResult> {
  await client.initializing;
  client.sync();
  return client.request<EvaluateParams, EvaluateResult>(EVALUATE_METHOD, { ...p, uri: uriOf(state.current!), lang });
}

function renderPanes(r: PanesReply) {
  if (r.errors) setStatus(m('cli.errorCount', { errors: r.errors, warnings: r.warnings }), 'error');
  else if (r.warnings) setStatus(m('cli.errorCount', { errors: r.errors, warnings: r.warnings }), 'info');
  else setStatus(m('workbench.noProblems'), 'ok');
  if (r.summary) renderSummary(r);
  if (r.examples) renderExamples(r, r.examples);
  if (r.form) calculator.update(r, r.form);
  if (currentTab === 'diff') renderDiff(r);
}

function renderDiff(r: PanesReply) {
  const banner = $('#diff-banner');
  const d = r.diff;
  const why = !d ? '' : d.originalErrors ? m('workbench.diff.originalErrors', { errors: d.originalErrors }) : r.errors ? m('workbench.hasErrors', { errors: r.errors }) : '';
  banner.hidden = !why;
  if (banner.textContent !== why) banner.textContent = why;
  $('#pane-diff').dataset['substantive'] = String(!!d?.substantive);
  if (!d) diffView.receive(null);
  diffView.render();
}

/** Prints a page from a short-lived frame holding it. */
function printDoc(v: DocView) {
  const html = v.html();
  if (!html) return;
  const f = document.createElement('iframe');
  f.style.cssText = 'position:fixed;width:0;height:0;border:0;visibility:hidden';
  f.srcdoc = html;
  f.onload = () => {
    f.contentWindow?.print();
    setTimeout(() => f.remove(), 1000);
  };
  document.body.append(f);
}

function renderSummary(r: PanesReply) {
  const banner = $('#summary-banner');
  banner.hidden = !r.errors;
  const text = r.errors ? m('workbench.hasErrors', { errors: r.errors }) : '';
  if (banner.textContent !== text) banner.textContent = text;
  summaryView.render();
}

/** The rows shown in the examples pane, by what they show: a refresh rebuilds only the rows that changed. */
let exampleKeys: string[] = [];

function renderExamples(r: PanesReply, examples: NonNullable<PanesReply['examples']>) {
  const list = $('#examples-list');
  const head = $('#examples-head');
  // Each example passes, fails or is not run on its own (an error in it, its benefit or outside every benefit).
  const rows = examples;
  const passed = examples.filter((e) => e.passed).length;
  const notRun = examples.filter((e) => e.notRun).length;
  const failed = examples.length - passed - notRun;
  const tally = notRun ? m('cli.summaryNotRun', { passed, failed, notRun }) : m('cli.summary', { passed, failed });
  const headText = r.errors
    ? `${m('workbench.hasErrors', { errors: r.errors })}${examples.length ? ` ${tally}` : ''}`
    : !examples.length
      ? m('workbench.examples.none')
      : tally;
  if (head.textContent !== headText) head.textContent = headText;
  if (examples.length) head.dataset['failed'] = String(failed + notRun);
  const keys = rows.map((ex) => JSON.stringify([ex.passed, ex.notRun, ex.clause, ex.title, ex.label, ex.expected, ex.actual, ex.offset, lang]));
  const { head: same, tail } = diffBlocks(exampleKeys, keys);
  for (let i = 0; i < exampleKeys.length - same - tail; i++) list.children[same]!.remove();
  const ref = list.children[same] ?? null;
  for (let i = same; i < keys.length - tail; i++) list.insertBefore(exampleRow(rows[i]!), ref);
  stats.exampleRows += keys.length - tail - same;
  exampleKeys = keys;
}

function exampleRow(ex: NonNullable<PanesReply['examples']>[number]): HTMLLIElement {
  const li = document.createElement('li');
  li.className = ex.passed ? 'pass' : ex.notRun ? 'notrun' : 'fail';
  li.tabIndex = 0;
  li.dataset['offset'] = String(ex.offset);
  const mark = document.createElement('span');
  mark.className = 'mark';
  mark.textContent = ex.passed ? '✓' : ex.notRun ? '–' : '✗';
  mark.title = m(ex.passed ? 'workbench.examples.passed' : ex.notRun ? 'workbench.examples.notRun' : 'workbench.examples.failed');
  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = `${ex.clause ? m('workbench.calc.clause', { clause: ex.clause }) + ' ' : ''}${ex.title}${ex.label ? ` — ${ex.label}` : ''}`;
  const detail = document.createElement('span');
  detail.className = 'detail';
  detail.textContent = ex.notRun ? ex.actual : m('workbench.examples.result', { expected: ex.expected, actual: ex.actual });
  li.append(mark, title, detail);
  const jump = () => jumpTo(ex.offset);
  li.addEventListener('click', jump);
  li.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') jump();
  });
  return li;
}

function jumpTo(offset: number) {
  if (!view) return;
  const pos = Math.min(offset, view.state.doc.length);
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
  view.focus();
}

// ---- files ----
function renderFileList() {
  const sel = $<HTMLSelectElement>('#file-select');
  sel.textContent = '';
  const option = (name: string) => {
    const o = document.createElement('option');
    o.value = name;
    const f = state.files[name];
    o.textContent = f && f.text !== f.original ? `${name} *` : name;
    o.selected = name === state.current;
    return o;
  };
  const group = (id: MessageId, names: string[]) => {
    if (!names.length) return;
    const g = document.createElement('optgroup');
    g.label = m(id);
    g.append(...names.map(option));
    sel.append(g);
  };
  const shippedNames = shipped.map((f) => f.name);
  group('workbench.shipped', shippedNames);
  group('workbench.opened', Object.keys(state.files).filter((n) => !shippedNames.includes(n)));
}

function openByName(name: string) {
  const stored = state.files[name];
  if (stored) return openFile(name, stored.text, stored.original);
  const s = shipped.find((f) => f.name === name);
  if (s) openFile(name, s.text);
}

function download() {
  if (!view || !state.current) return;
  flushSave();
  const blob = new Blob([view.state.doc.toString()], { type: 'text/plain;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = state.current;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function openLocal(file: File) {
  try {
    const text = await file.text();
    // A file opened again replaces the stored copy only when the officer had no edits in it.
    const stored = state.files[file.name];
    if (stored && stored.text !== stored.original && stored.text !== text) {
      openFile(file.name, stored.text, stored.original);
      setStatus(m('workbench.restored'));
      return;
    }
    delete state.files[file.name];
    openFile(file.name, text);
    setStatus(m('workbench.openedFile', { file: file.name }));
  } catch (e) {
    setStatus(m('workbench.readFailed', { file: file.name, message: (e as Error).message }), 'error');
  }
}

/** `policy workbench FILE` serves FILE at files/NAME and opens the page with ?open=NAME. */
async function openFromServer(name: string) {
  try {
    const res = await fetch(`files/${encodeURIComponent(name)}`, { cache: 'no-store' });
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
    const text = await res.text();
    const stored = state.files[name];
    if (stored && stored.text !== stored.original && stored.text !== text) {
      openFile(name, stored.text, stored.original);
      setStatus(m('workbench.restored'));
    } else {
      delete state.files[name];
      openFile(name, text);
    }
  } catch (e) {
    setStatus(m('workbench.readFailed', { file: name, message: (e as Error).message }), 'error');
  }
}

function revert() {
  if (!state.current || !view) return;
  const f = state.files[state.current]!;
  if (!confirm(m('workbench.revertConfirm', { file: f.name }))) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: f.original } });
}

// ---- language ----
function applyLang() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = m('workbench.title');
  for (const el of document.querySelectorAll<HTMLElement>('[data-msg]')) el.textContent = m(el.dataset['msg'] as MessageId);
  for (const el of document.querySelectorAll<HTMLElement>('[data-msg-title]')) el.title = m(el.dataset['msgTitle'] as MessageId);
}

async function switchLang() {
  lang = lang === 'zh' ? 'en' : 'zh';
  state.lang = lang;
  saveIndex(state);
  applyLang();
  renderFileList();
  view?.dispatch({ effects: phrases.reconfigure(EditorState.phrases.of(phraseTable())) });
  await client.initializing;
  client.notification('workspace/didChangeConfiguration', { settings: { policy: { language: lang } } });
  if (lastPanes) calculator.reset();
  schedulePanes(0);
}

// ---- tabs ----
let currentTab: PaneName = 'summary';
function showTab(id: PaneName) {
  const changed = id !== currentTab;
  currentTab = id;
  for (const b of document.querySelectorAll<HTMLElement>('[data-tab]')) b.setAttribute('aria-selected', String(b.dataset['tab'] === id));
  for (const p of document.querySelectorAll<HTMLElement>('.pane')) p.hidden = p.id !== `pane-${id}`;
  summaryView.render();
  diffView.render();
  if (changed && view) schedulePanes(0);
}

// ---- start ----
applyLang();
for (const b of document.querySelectorAll<HTMLElement>('[data-tab]')) b.addEventListener('click', () => showTab(b.dataset['tab'] as PaneName));
showTab('summary');
$('#lang-switch').addEventListener('click', () => void switchLang());
$('#file-select').addEventListener('change', (e) => openByName((e.target as HTMLSelectElement).value));
$('#open-file').addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void openLocal(f);
  (e.target as HTMLInputElement).value = '';
});
$('#download').addEventListener('click', download);
$('#format').addEventListener('click', () => view && saveCommand(view));
$('#revert').addEventListener('click', revert);
$('#print').addEventListener('click', () => printDoc(summaryView));
$('#print-diff').addEventListener('click', () => printDoc(diffView));

const openParam = new URLSearchParams(location.search).get('open');
if (openParam) void openFromServer(openParam);
else if (state.current) {
  openByName(state.current);
  if (loaded.restored) setStatus(m('workbench.restored'));
} else openByName(shipped[0]!.name);

// For tests and measurements: the editor and the latest panes.
(globalThis as unknown as { workbench: unknown }).workbench = {
  get view() {
    return view;
  },
  get panes() {
    return lastPanes;
  },
  stats,
  flushSave,
  sanitizeHTML,
};
