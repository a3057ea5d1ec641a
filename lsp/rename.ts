// Rename: refuses keywords and anything that is not a declared name, checks
// the new name is one identifier (grammar's matchIdentifier, and not a keyword
// spelling) and that it does not collide with a declared name.
import { ErrorCodes, ResponseError, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { lex, matchIdentifier, nameText, writeName } from '../grammar/index.ts';
import { keywordSpec, tokenAt, type Analysis, type Occurrence } from './analysis.ts';
import { t, type Lang } from './i18n.ts';

function target(a: Analysis, offset: number, lang: Lang): Occurrence {
  const occ = a.index.at(offset);
  if (occ && occ.keys.length) return occ;
  const tok = tokenAt(a.tokens, offset);
  if (tok && keywordSpec(tok.tokenType.name)) throw new ResponseError(ErrorCodes.InvalidRequest, t('lsp.rename.keyword', lang, { name: tok.image }));
  throw new ResponseError(ErrorCodes.InvalidRequest, t('lsp.rename.nothing', lang));
}

export function prepareRename(a: Analysis, offset: number, lang: Lang): { range: Range; placeholder: string } {
  const occ = target(a, offset, lang);
  return { range: a.range(occ.range), placeholder: a.text.slice(occ.range.start, occ.range.end) };
}

/** One identifier token exactly, and not a keyword. */
export function isValidName(name: string): boolean {
  if (!name) return false;
  const m = matchIdentifier(name, 0);
  if (!m || m[0] !== name) return false;
  const lexed = lex(name);
  return lexed.errors.length === 0 && lexed.tokens.length === 1 && lexed.tokens[0]!.tokenType.name === 'Identifier';
}

export function rename(a: Analysis, offset: number, typed: string, lang: Lang): WorkspaceEdit {
  const occ = target(a, offset, lang);
  // A name as the texts write it (优秀（五星）, typed with or without its 【】) is written in 【】 everywhere.
  const newName = nameText(typed);
  const written = writeName(newName);
  if (!isValidName(written)) throw new ResponseError(ErrorCodes.InvalidParams, t('lsp.rename.invalid', lang, { name: typed }));
  const keys = new Set<string>();
  for (const k of occ.keys) for (const l of a.index.linked(k)) keys.add(l);
  const index = a.index;
  const oldNames = new Set([...keys].map((k) => index.symbols.get(k)?.name));
  if (oldNames.size === 1 && oldNames.has(newName)) return { changes: { [a.uri]: [] } };
  // A request view (documents.ts) has no names where declarations do not parse: an occurrence or a
  // declaration of either name there would be missed, so the rename waits for the text to parse.
  for (const b of a.blanks) {
    const text = a.text.slice(b.start, b.end);
    for (const n of [...oldNames, newName]) {
      if (n && text.includes(n)) throw new ResponseError(ErrorCodes.InvalidRequest, t('lsp.rename.syntaxError', lang, { name: n }));
    }
  }
  const globals = index.globalNames();
  const factNames = new Set<string>();
  for (const facts of index.subjectFacts.values()) for (const n of facts.keys()) factNames.add(n);
  for (const k of keys) {
    const sym = index.symbols.get(k);
    if (!sym) continue;
    let clash: boolean;
    if (sym.kind === 'fact') {
      // A fact may share a name with a type (院校班型：院校班型), not with a sibling fact, a value or a parameter it would shadow.
      const siblings = index.subjectFacts.get(sym.container!);
      const valueOrParam = [...index.symbols.values()].some((s) => s.name === newName && (s.kind === 'level' || s.kind === 'enumValue' || s.kind === 'parameter'));
      clash = (siblings?.has(newName) ?? false) || valueOrParam;
    } else {
      const shadowedByFact = (sym.kind === 'level' || sym.kind === 'enumValue' || sym.kind === 'parameter') && factNames.has(newName);
      clash = globals.has(newName) || shadowedByFact;
    }
    if (clash) throw new ResponseError(ErrorCodes.InvalidParams, t('lsp.rename.exists', lang, { name: newName }));
  }
  // Every file of the program that names the symbol is edited (imported files by their own URIs).
  const changes: Record<string, TextEdit[]> = { [a.uri]: [] };
  const seen = new Set<string>();
  for (const o of index.occurrencesOf(keys)) {
    const id = `${o.file ?? ''}:${o.range.start}:${o.range.end}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const { uri, range } = a.locate(o.file, o.range);
    (changes[uri] ??= []).push({ range, newText: written });
  }
  return { changes };
}
