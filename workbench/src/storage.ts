// Work kept in the browser's localStorage, so a reload never loses an edit:
// for each open file its current text and the text it was opened with (the
// version the 修订对照 pane compares against), plus which file is shown and
// the interface language. Written on every edit (debounced by the caller) and
// flushed when the page is hidden or unloaded.

export const STORAGE_KEY = 'policy-workbench:v1';
const textKey = (name: string) => `${STORAGE_KEY}:text:${name}`;
const originalKey = (name: string) => `${STORAGE_KEY}:original:${name}`;

export interface StoredFile {
  name: string;
  text: string;
  /** The text as it was opened (shipped or read from disk). */
  original: string;
}

export interface StoredState {
  current: string | null;
  lang: 'zh' | 'en';
  files: Record<string, StoredFile>;
}

export const emptyState = (): StoredState => ({ current: null, lang: 'zh', files: {} });

/**
 * Reads the stored state: a small index (current file, language, file names)
 * and each file's current and opened text under keys of their own, so an edit
 * rewrites only the one text it changed. Anything unreadable is treated as
 * nothing stored and kept under another key, never overwritten by a guess.
 */
export function loadState(storage: Storage = localStorage): { state: StoredState; restored: boolean } {
  const raw = storage.getItem(STORAGE_KEY);
  if (!raw) return { state: emptyState(), restored: false };
  try {
    const v = JSON.parse(raw) as { current?: unknown; lang?: unknown; files?: unknown };
    const files: Record<string, StoredFile> = {};
    for (const name of Array.isArray(v.files) ? v.files : []) {
      if (typeof name !== 'string') continue;
      const text = storage.getItem(textKey(name));
      const original = storage.getItem(originalKey(name));
      if (text !== null && original !== null) files[name] = { name, text, original };
    }
    const current = typeof v.current === 'string' && files[v.current] ? v.current : null;
    return { state: { current, lang: v.lang === 'en' ? 'en' : 'zh', files }, restored: current !== null };
  } catch {
    storage.setItem(`${STORAGE_KEY}:unreadable:${Date.now()}`, raw);
    return { state: emptyState(), restored: false };
  }
}

/** Writes everything: the index and every file's texts (on opening or switching files). */
export function saveState(state: StoredState, storage: Storage = localStorage): void {
  for (const f of Object.values(state.files)) {
    storage.setItem(textKey(f.name), f.text);
    storage.setItem(originalKey(f.name), f.original);
  }
  saveIndex(state, storage);
}

/** Writes the index only (current file, language, names). */
export function saveIndex(state: StoredState, storage: Storage = localStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify({ current: state.current, lang: state.lang, files: Object.keys(state.files) }));
}

/** Writes one file's current text (on every edit, debounced). */
export function saveText(state: StoredState, name: string, storage: Storage = localStorage): void {
  const f = state.files[name];
  if (f) storage.setItem(textKey(name), f.text);
}
