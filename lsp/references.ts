// Find references: every occurrence of the symbol(s) under the cursor.
import type { Location } from 'vscode-languageserver';
import type { Analysis } from './analysis.ts';

export function references(a: Analysis, offset: number, includeDeclaration: boolean): Location[] {
  const occ = a.index.at(offset);
  if (!occ || occ.keys.length === 0) return [];
  return a.index
    .occurrencesOf(new Set(occ.keys))
    .filter((o) => includeDeclaration || !o.decl)
    .map((o) => a.locate(o.file, o.range));
}
