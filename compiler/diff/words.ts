// Which words changed between two texts, for the 修订对照表: Chinese is
// compared character by character, numbers (5, 1.5, 300,000) and Latin words
// as whole tokens, by a longest common subsequence. Nothing here does IO.

export interface Segment {
  text: string;
  /** same: in both texts; del: only in the old one; ins: only in the new one. */
  mark: 'same' | 'del' | 'ins';
}

const TOKEN = /\d+(?:[.,]\d+)*|[A-Za-z]+(?:['’-][A-Za-z]+)*|\s+|[\s\S]/gu;

export const tokens = (s: string): string[] => s.match(TOKEN) ?? [];

function push(out: Segment[], text: string, mark: Segment['mark']) {
  const last = out[out.length - 1];
  if (last && last.mark === mark) last.text += text;
  else out.push({ text, mark });
}

/** The old text with deletions marked, and the new text with insertions marked. */
export function wordDiff(before: string, after: string): { before: Segment[]; after: Segment[] } {
  const a = tokens(before);
  const b = tokens(after);
  // Trim the common head and tail first: most clauses change in one place.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const n = am.length;
  const m = bm.length;
  // lcs[i][j]: the LCS length of am[i..] and bm[j..]
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = am[i] === bm[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const outA: Segment[] = [];
  const outB: Segment[] = [];
  const headText = a.slice(0, head).join('');
  if (headText) {
    push(outA, headText, 'same');
    push(outB, headText, 'same');
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) {
      push(outA, am[i]!, 'same');
      push(outB, bm[j]!, 'same');
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) push(outB, bm[j++]!, 'ins');
    else push(outA, am[i++]!, 'del');
  }
  const tailText = a.slice(a.length - tail).join('');
  if (tailText) {
    push(outA, tailText, 'same');
    push(outB, tailText, 'same');
  }
  return { before: outA, after: outB };
}
