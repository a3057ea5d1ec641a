// Go to definition: from any use of a name to its declaration.
import type { Location } from 'vscode-languageserver';
import type { Analysis } from './analysis.ts';

export function definition(a: Analysis, offset: number): Location[] | null {
  const occ = a.index.at(offset);
  if (!occ) return null;
  const out: Location[] = [];
  for (const key of occ.keys) {
    const sym = a.index.symbols.get(key);
    if (sym && !sym.builtin) out.push(a.locate(sym.file, sym.nameRange));
  }
  return out.length ? out : null;
}
