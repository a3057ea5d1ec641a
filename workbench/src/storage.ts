// Work kept in the browser's localStorage, so a reload never loses an edit:
// for each open file its current text and the text it was opened with (the
// version the 修订对照 pane compares against), plus which file is shown and
// the interface language. Written on every edit (debounced by the caller) and
// flushed when the page is hidden or unloaded.

export const STORAGE_KEY = 'policy-workbench:v1';

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

/** Reads the stored state; anything unreadable is treated as nothing stored (and left in place, never overwritten by a guess). */
export function loadState(storage: Storage = localStorage): { state: StoredState; restored: boolean } {
  const raw = storage.getItem(STORAGE_KEY);
  if (!raw) return { state: emptyState(), restored: false };
  try {
    const v = JSON.parse(raw) as Partial<StoredState>;
    const files: Record<string, StoredFile> = {};
    for (const [k, f] of Object.entries(v.files ?? {})) {
      if (f && typeof f.text === 'string' && typeof f.original === 'string') files[k] = { name: k, text: f.text, original: f.original };
    }
    const current = typeof v.current === 'string' && files[v.current] ? v.current : null;
    return { state: { current, lang: v.lang === 'en' ? 'en' : 'zh', files }, restored: current !== null };
  } catch {
    // Keep the unreadable value under another key rather than losing it.
    storage.setItem(`${STORAGE_KEY}:unreadable:${Date.now()}`, raw);
    return { state: emptyState(), restored: false };
  }
}

export function saveState(state: StoredState, storage: Storage = localStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(state));
}
