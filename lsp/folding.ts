// Folding ranges: every multi-line block (`{…}`), multi-line declarations
// without braces (levels, enums), and runs of comments.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Analysis } from './analysis.ts';

export function foldingRanges(a: Analysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const line = (offset: number) => a.position(offset).line;
  const stack: number[] = [];
  for (const tk of a.tokens) {
    const n = tk.tokenType.name;
    if (n === 'LBrace') stack.push(tk.startOffset);
    else if (n === 'RBrace' && stack.length) {
      const open = stack.pop()!;
      const startLine = line(open);
      // Keep the closing brace's line visible.
      const endLine = line(tk.startOffset) - 1;
      if (endLine > startLine) out.push({ startLine, endLine });
    }
  }
  for (const d of a.compilation.parse.file.decls) {
    if (d.kind !== 'Levels' && d.kind !== 'Enum') continue;
    const startLine = line(d.range.start);
    const endLine = line(d.range.end);
    if (endLine > startLine) out.push({ startLine, endLine });
  }
  // Comment runs: consecutive lines holding line comments, and multi-line block comments.
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const c of a.comments) {
    const s = line(c.range.start);
    const e = line(Math.max(c.range.start, c.range.end - 1));
    if (c.block) {
      flush();
      if (e > s) out.push({ startLine: s, endLine: e, kind: FoldingRangeKind.Comment });
      continue;
    }
    if (run && s === run.end + 1) run.end = s;
    else {
      flush();
      run = { start: s, end: s };
    }
  }
  flush();
  out.sort((x, y) => x.startLine - y.startLine || y.endLine - x.endLine);
  return out;
}
