// Hover on a benefit an open amendment changes: the amendment's document and
// date, what it changes in meaning (compiler/diff), and the clause's old and
// new text side by side as the summary words them. The policy it amends and
// the other amendments come from the documents beside it (open ones first,
// then the files a Node host reads); without its policy nothing is shown.
import { consolidate, docNumberOf, ordered, readAmendment, type Amendment } from '../compiler/amend.ts';
import { diffPolicies } from '../compiler/diff/index.ts';
import { parse } from '../grammar/index.ts';
import type { Model } from '../compiler/model.ts';
import { benefitFields } from '../compiler/summary/index.ts';
import { toPolicyDiagnostic, type PolicyDiagnostic } from '../compiler/diagnostics.ts';
import { md } from './hover.ts';
import { t, type Lang } from './i18n.ts';

export interface Neighbour {
  uri: string;
  text: string;
}

function meaning(model: Model, id: string, lang: Lang): string | undefined {
  const b = model.benefits.find((x) => x.id === id);
  if (!b) return undefined;
  const colon = t('summary.colon', lang);
  return benefitFields(model, b, lang)
    .rows.map((r) => `${r.name}${colon}${typeof r.value === 'string' ? r.value : r.value.join(t('summary.clauseSep', lang))}`)
    .join(t('summary.clauseSep', lang));
}

/**
 * What a hover in an amendment reads, for one text of it and of the documents beside it: the
 * policy before and after it (each a compile() of the whole policy with the amendments applied),
 * made once, not at each hover.
 */
type Amended = { self: Amendment; decls: ReturnType<typeof parse>['file']['decls'] } & ({ base: undefined } | { base: Neighbour; before: Model; after: Model });
const amendedCache = new Map<string, { text: string; neighbours: Neighbour[]; value: Amended | undefined }>();

function amended(uri: string, text: string, neighbours: Neighbour[]): Amended | undefined {
  const known = amendedCache.get(uri);
  const same = (a: Neighbour[], b: Neighbour[]) => a.length === b.length && a.every((n, k) => n.uri === b[k]!.uri && n.text === b[k]!.text);
  if (known && known.text === text && same(known.neighbours, neighbours)) return known.value;
  const value = readAmended(uri, text, neighbours);
  amendedCache.clear(); // one amendment at a time: the one being hovered
  amendedCache.set(uri, { text, neighbours, value });
  return value;
}

function readAmended(uri: string, text: string, neighbours: Neighbour[]): Amended | undefined {
  const self = readAmendment({ path: uri, text });
  if (!self) return undefined;
  const decls = parse(text).file.decls;
  const others = neighbours.filter((n) => n.uri !== uri);
  const base = others.find((n) => !readAmendment({ path: n.uri, text: n.text }) && docNumberOf(n.text) === self.amends);
  if (!base) return { self, decls, base: undefined };
  const family = ordered([self, ...others.flatMap((n) => [readAmendment({ path: n.uri, text: n.text })].filter((a): a is Amendment => !!a && a.amends === self.amends))]);
  const i = family.indexOf(self);
  const before = consolidate({ path: base.uri, text: base.text }, family.slice(0, i)).compilation.model;
  const after = consolidate({ path: base.uri, text: base.text }, family.slice(0, i + 1)).compilation.model;
  return { self, decls, base, before, after };
}

/** Markdown paragraphs for a hover at `offset` in an amendment, or undefined. */
export function amendmentHover(uri: string, text: string, offset: number, lang: Lang, neighbours: Neighbour[]): string[] | undefined {
  const a = amended(uri, text, neighbours);
  if (!a) return undefined;
  const decl = a.decls.find((d) => (d.kind === 'Benefit' || d.kind === 'Provision') && d.name.range.start <= offset && offset <= d.name.range.end);
  if (!decl || (decl.kind !== 'Benefit' && decl.kind !== 'Provision')) return undefined;
  const self = a.self;
  if (!a.base) return [t('lsp.hover.amendNoBase', lang, { amends: md(self.amends) })];
  const { before, after } = a;
  const id = decl.name.text;
  const clause = diffPolicies(before, after, lang).clauses.find((c) => c.id === id);
  const out = [t('lsp.hover.amendment', lang, { doc: md(self.docNumber), date: self.effective })];
  out.push(md(clause ? clause.text : t('diff.none', lang)));
  const old = meaning(before, id, lang);
  const now = meaning(after, id, lang);
  out.push(t('lsp.hover.amendedBefore', lang, { text: old ? md(old) : t('diff.table.none', lang) }));
  out.push(t('lsp.hover.amendedAfter', lang, { text: now ? md(now) : t('diff.table.deleted', lang) }));
  return out;
}

/**
 * The diagnostics of an amendment: checked as the text it makes (its policy
 * with the amendments up to it applied), keeping those that belong to this
 * file — on its own an amendment names subjects and funds it does not declare.
 * Undefined when the text is no amendment or its policy is not beside it.
 */
export function amendmentDiagnostics(uri: string, text: string, neighbours: Neighbour[]): PolicyDiagnostic[] | undefined {
  const self = readAmendment({ path: uri, text });
  if (!self) return undefined;
  const others = neighbours.filter((n) => n.uri !== uri);
  const base = others.find((n) => !readAmendment({ path: n.uri, text: n.text }) && docNumberOf(n.text) === self.amends);
  if (!base) return undefined;
  const family = ordered([self, ...others.flatMap((n) => [readAmendment({ path: n.uri, text: n.text })].filter((a): a is Amendment => !!a && a.amends === self.amends))]);
  const c = consolidate({ path: base.uri, text: base.text }, family.slice(0, family.indexOf(self) + 1));
  const own: PolicyDiagnostic[] = c.diagnostics.filter((d) => d.path === uri).map(({ path: _p, ...d }) => d);
  for (const p of c.problems.filter((p) => p.path === uri)) own.push(toPolicyDiagnostic(p));
  // The amendment's own syntax errors (its header is not part of the text in force).
  for (const e of compileSyntax(text)) own.push(e);
  return own;
}

function compileSyntax(text: string): PolicyDiagnostic[] {
  return parse(text).errors.map(toPolicyDiagnostic);
}
