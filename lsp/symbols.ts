// Document symbols (the outline): the header, funds, level and enum types with
// their values, subjects with their facts, parameters, benefits named by
// clause reference and title, provisions, and interaction rules.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type * as A from '../grammar/ast.ts';
import { normaliseClause } from '../compiler/check.ts';
import { labelText } from '../compiler/render.ts';
import type { Analysis } from './analysis.ts';
import { keywordText, typeText } from './hover.ts';
import type { Lang } from './i18n.ts';

function clauseOf(fields: A.Field[]): string | undefined {
  const f = fields.find((x) => x.key === 'Clause');
  const v = f?.values[0];
  return v?.kind === 'String' ? normaliseClause(v.label.zh) : undefined;
}

function titleOf(fields: A.Field[], label: A.Label | undefined, lang: Lang): string | undefined {
  if (label) return labelText(label, lang, '');
  const f = fields.find((x) => x.key === 'Title');
  const v = f?.values[0];
  return v?.kind === 'String' ? labelText(v.label, lang, '') : undefined;
}

export function documentSymbols(a: Analysis, lang: Lang): DocumentSymbol[] {
  const file = a.compilation.parse.file;
  const model = a.compilation.model;
  const sym = (name: string, kind: SymbolKind, range: A.Range, selection: A.Range, detail?: string, children?: DocumentSymbol[]): DocumentSymbol => {
    // The selection must lie inside the range, whatever recovery produced.
    const whole = { start: Math.min(range.start, selection.start), end: Math.max(range.end, selection.end) };
    const out: DocumentSymbol = { name: name || '?', kind, range: a.range(whole), selectionRange: a.range(selection) };
    if (detail) out.detail = detail;
    if (children?.length) out.children = children;
    return out;
  };
  const out: DocumentSymbol[] = [];
  for (const d of file.decls) {
    switch (d.kind) {
      case 'Policy': {
        const title = titleOf(d.fields, undefined, lang);
        const docNumber = d.fields.find((f) => f.key === 'DocNumber')?.values[0];
        const head = { start: d.range.start, end: Math.min(d.range.end, d.range.start + 2) };
        out.push(sym(title ?? keywordText('Policy', lang), SymbolKind.Module, d.range, head, docNumber?.kind === 'String' ? docNumber.label.zh : undefined));
        break;
      }
      case 'Fund':
        out.push(sym(d.name.text, SymbolKind.Constant, d.range, d.name.range, d.label && labelText(d.label, lang, d.name.text)));
        break;
      case 'UnitDecl':
        out.push(sym(d.name.text, SymbolKind.Constant, d.range, d.name.range, d.label && labelText(d.label, lang, d.name.text)));
        break;
      case 'Levels':
        out.push(
          sym(
            d.name.text,
            SymbolKind.Enum,
            d.range,
            d.name.range,
            d.label && labelText(d.label, lang, d.name.text),
            d.levels.map((l) => sym(l.name.text, SymbolKind.EnumMember, l.range, l.name.range, l.aliases.map((x) => x.text).join('、') || undefined)),
          ),
        );
        break;
      case 'Enum':
        out.push(
          sym(
            d.name.text,
            SymbolKind.Enum,
            d.range,
            d.name.range,
            d.label && labelText(d.label, lang, d.name.text),
            d.values.map((v) => sym(v.name.text, SymbolKind.EnumMember, v.range, v.name.range, v.label && labelText(v.label, lang, v.name.text))),
          ),
        );
        break;
      case 'Subject': {
        const subject = model.subjects.get(d.name.text);
        const facts = d.facts.map((f) => {
          const type = subject?.facts.get(f.name.text)?.type;
          return sym(f.name.text, SymbolKind.Field, f.range, f.name.range, type ? typeText(type, lang) : undefined);
        });
        out.push(sym(d.name.text, SymbolKind.Class, d.range, d.name.range, d.label && labelText(d.label, lang, d.name.text), facts));
        break;
      }
      case 'Parameter':
        out.push(sym(d.name.text, SymbolKind.Variable, d.range, d.name.range, d.label && labelText(d.label, lang, d.name.text)));
        break;
      case 'Benefit': {
        const clause = clauseOf(d.fields);
        const title = titleOf(d.fields, d.label, lang);
        const name = [clause, title ?? d.name.text].filter(Boolean).join(' ');
        const examples = d.examples.map((ex, i) => {
          const at = { start: ex.range.start, end: Math.min(ex.range.end, ex.range.start + 2) };
          return sym(ex.label ? labelText(ex.label, lang, '') : `${keywordText('Example', lang)} ${i + 1}`, SymbolKind.Event, ex.range, at);
        });
        out.push(sym(name, SymbolKind.Function, d.range, d.name.range, d.name.text, examples));
        break;
      }
      case 'Provision': {
        const clause = clauseOf(d.fields);
        const title = titleOf(d.fields, d.label, lang);
        out.push(sym([clause, title ?? d.name.text].filter(Boolean).join(' '), SymbolKind.Namespace, d.range, d.name.range, d.name.text));
        break;
      }
      case 'Interaction': {
        const head = { start: d.range.start, end: Math.min(d.range.end, d.range.start + 2) };
        const mode = keywordText(d.mode, lang);
        out.push(sym(`${mode}：${d.members.map((m) => m.text).join('，')}`, SymbolKind.Operator, d.range, head));
        break;
      }
    }
  }
  return out;
}
