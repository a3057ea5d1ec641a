// Counters of the work the page's thread does, for the tests (test/workbench/
// typing.test.ts) and the benchmark: what typing costs, counted rather than
// timed, so a regression (a full-text sync per key, a pane laid out while
// typing, a whole summary re-rendered for a one-word edit) fails a test on any
// machine, however busy. Read as `workbench.stats` in the page.
export const stats = {
  /** Transactions that changed the document (one per typed key). */
  edits: 0,
  /** textDocument/didChange notifications sent to the worker, whole-text and range changes. */
  syncFull: 0,
  syncIncremental: 0,
  /** Characters of all didChange notifications sent, and of the longest. */
  syncChars: 0,
  syncMaxChars: 0,
  /** Messages sent to the worker and received from it, and the characters received. */
  sent: 0,
  received: 0,
  receivedChars: 0,
  /** Diagnostics notifications applied to the editor. */
  diagnostics: 0,
  /** Pane requests sent, replies dropped because the text changed since, pane renders done. */
  paneRequests: 0,
  paneRepliesDropped: 0,
  paneRenders: 0,
  /** Pane renders done while the document was newer than the rendered reply (must stay 0). */
  staleRenders: 0,
  /** Summary / 修订对照表 blocks received from the worker (a delta carries only the changed ones). */
  blocksReceived: 0,
  /** Summary / 修订对照表 blocks parsed and inserted into the page, and times every block on screen was replaced. */
  blocksRendered: 0,
  docRebuilds: 0,
  /** Example rows (re)built. */
  exampleRows: 0,
  /** Texts written to localStorage. */
  saves: 0,
  /** Highlighting: lines lexed (cache misses), whole-viewport rebuilds, edits patched line by line. */
  linesLexed: 0,
  highlightRebuilds: 0,
  highlightPatches: 0,
  /** Characters scanned to find whether a block comment is open above the viewport. */
  commentScanChars: 0,
};

export type Stats = typeof stats;
