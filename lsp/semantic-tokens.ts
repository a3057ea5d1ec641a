// Semantic tokens: keywords, literals and comments from the lexer, and every
// name classified by what it refers to (subject, fact, level, fund, …), with
// `declaration` on the declaring occurrence.
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import { keywordSpec, type Analysis, type SymbolKind } from './analysis.ts';

export const TOKEN_TYPES = [
  'keyword', 'string', 'number', 'comment', 'operator', 'enum', 'enumMember', 'class', 'property', 'variable', 'parameter', 'function', 'namespace', 'type',
] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly'] as const;
export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

type TokenType = (typeof TOKEN_TYPES)[number];
const TYPE_INDEX = new Map<string, number>(TOKEN_TYPES.map((tt, i) => [tt, i]));
const DECLARATION = 1;
const READONLY = 2;

const KIND_TYPE: Record<SymbolKind, [TokenType, number]> = {
  fund: ['variable', READONLY],
  levels: ['enum', 0],
  enum: ['enum', 0],
  level: ['enumMember', 0],
  enumValue: ['enumMember', 0],
  subject: ['class', 0],
  fact: ['property', 0],
  parameter: ['parameter', READONLY],
  benefit: ['function', 0],
  provision: ['namespace', 0],
  unit: ['keyword', 0],
};

interface Entry {
  start: number;
  end: number;
  type: TokenType;
  mods: number;
}

export function semanticEntries(a: Analysis): Entry[] {
  const entries: Entry[] = [];
  for (const c of a.comments) entries.push({ start: c.range.start, end: c.range.end, type: 'comment', mods: 0 });
  for (const tk of a.tokens) {
    const n = tk.tokenType.name;
    const start = tk.startOffset;
    const end = (tk.endOffset ?? start) + 1;
    if (n === 'String') entries.push({ start, end, type: 'string', mods: 0 });
    else if (n === 'Number' || n === 'DateLiteral') entries.push({ start, end, type: 'number', mods: 0 });
    else if (n === 'Identifier') {
      const occ = a.index.at(start);
      const sym = occ && occ.range.start === start ? a.index.symbols.get(occ.keys[0]!) : undefined;
      if (sym) {
        const [type, mods] = KIND_TYPE[sym.kind];
        entries.push({ start, end, type, mods: mods | (occ!.decl ? DECLARATION : 0) });
      }
    } else {
      const spec = keywordSpec(n);
      if (!spec) continue;
      const type: TokenType = spec.category === 'comparison' || spec.category === 'logic' ? 'operator' : spec.category === 'unit' ? 'type' : 'keyword';
      entries.push({ start, end, type, mods: 0 });
    }
  }
  entries.sort((x, y) => x.start - y.start);
  return entries;
}

export function semanticTokens(a: Analysis): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  for (const e of semanticEntries(a)) {
    const typeIndex = TYPE_INDEX.get(e.type)!;
    // A token may not span lines: multi-line comments are split per line.
    let from = e.start;
    while (from < e.end) {
      const pos = a.position(from);
      const nextLine = a.offset({ line: pos.line + 1, character: 0 });
      const to = Math.min(e.end, nextLine > from ? nextLine : a.text.length);
      let visible = to;
      while (visible > from && (a.text[visible - 1] === '\n' || a.text[visible - 1] === '\r')) visible--;
      if (visible > from) builder.push(pos.line, pos.character, visible - from, typeIndex, e.mods);
      if (to <= from) break;
      from = to;
    }
  }
  return builder.build();
}
