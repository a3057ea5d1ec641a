// Amendments as documents. An amendment (修订/补充通知) is a .policy file whose
// header names the policy it amends (`修订：“萧人社〔2025〕3号”`) and carries
// its own 文号, 发布日期 and 施行日期. From its 施行日期 each of its
// declarations replaces the base's declaration of the same kind and name, or
// is added; `废止：名称，…` repeals benefits or provisions; `有效期` or
// `截止日期` in its header changes the policy's validity (有效期 counts from the
// base's 施行日期). The text in force on a date is the base with every
// amendment in force on that date applied in order of 施行日期 (then 发布日期):
// a consolidated policy text, compiled like any other, so every tool reads it.
// Each declaration remembers the document it came from, so a decision can say
// “依据萧人社〔2026〕5号修订后的二（三）7”; diagnostics in a declaration are
// mapped back into the document that wrote it. Nothing here does IO.
import { parse } from '../grammar/index.ts';
import type * as A from '../grammar/ast.ts';
import { compile, type Compilation, type CompilerHost } from './index.ts';
import { normaliseDate } from './facts.ts';
import type { PolicyDiagnostic } from './diagnostics.ts';
import type { Decision } from './evaluate.ts';
import { message, type Lang } from './messages.ts';

export interface PolicyDocument {
  /** Where it came from (a path), for diagnostics. */
  path: string;
  text: string;
}

export interface Amendment extends PolicyDocument {
  /** The 文号 of the policy it amends. */
  amends: string;
  docNumber: string;
  published?: string;
  effective: string;
  /** Declarations it replaces or adds: kind and name. */
  decls: { kind: string; name: string; range: A.Range }[];
  repeals: string[];
  /** Header fields it changes in the policy (有效期, 截止日期), with their source text. */
  headerFields: { key: string; text: string }[];
  headerRange: A.Range;
}

export interface AmendmentProblem {
  path: string;
  range: A.Range;
  code: 'P2040' | 'P2041' | 'P2042' | 'P2043';
  args: Record<string, string>;
}

export interface Consolidated {
  /** The text in force: the base as amended. */
  text: string;
  compilation: Compilation;
  /** The amendments applied, in order. */
  applied: Amendment[];
  /** For each declaration an amendment wrote: the 文号 of the last document that did. */
  basis: Map<string, string>;
  problems: AmendmentProblem[];
  /** Diagnostics of the consolidated text, each with the document (path) and range it belongs to. */
  diagnostics: (PolicyDiagnostic & { path: string })[];
}

const NAMED = new Set(['Fund', 'UnitDecl', 'Levels', 'Enum', 'Subject', 'Parameter', 'Benefit', 'Provision']);

const declName = (d: A.Decl): string | undefined => ('name' in d && d.name && typeof d.name === 'object' && 'text' in d.name ? (d.name as A.Name).text : undefined);

function stringOf(f: A.Field | undefined): string | undefined {
  const v = f?.values[0];
  return v && v.kind === 'String' ? v.label.zh : undefined;
}

function dateOf(f: A.Field | undefined, text: string): string | undefined {
  const v = f?.values[0];
  if (!v) return undefined;
  if (v.kind === 'Date') return v.iso;
  return normaliseDate(text.slice(v.range.start, v.range.end));
}

/** The amendment a text is, or undefined when it is not one (no `修订：` in its header). */
export function readAmendment(doc: PolicyDocument): Amendment | undefined {
  const { file } = parse(doc.text);
  const header = file.decls.find((d): d is A.PolicyDecl => d.kind === 'Policy');
  const field = (key: string) => header?.fields.find((f) => f.key === key);
  const amends = stringOf(field('Amends'));
  if (!header || !amends) return undefined;
  const repeals = (field('Repeals')?.values ?? []).flatMap((v) => (v.kind === 'Ref' ? [v.name.text] : []));
  const headerFields = header.fields.filter((f) => f.key === 'Validity' || f.key === 'Ends').map((f) => ({ key: f.key, text: doc.text.slice(f.range.start, f.range.end) }));
  const published = dateOf(field('Published'), doc.text);
  return {
    ...doc,
    amends,
    docNumber: stringOf(field('DocNumber')) ?? doc.path,
    ...(published && { published }),
    effective: dateOf(field('Effective'), doc.text) ?? '',
    decls: file.decls.flatMap((d) => (NAMED.has(d.kind) && declName(d) ? [{ kind: d.kind, name: declName(d)!, range: d.range }] : [])),
    repeals,
    headerFields,
    headerRange: header.range,
  };
}

/** The 文号 of a policy text, read without checking it. */
export function docNumberOf(text: string): string | undefined {
  const header = parse(text).file.decls.find((d): d is A.PolicyDecl => d.kind === 'Policy');
  return stringOf(header?.fields.find((f) => f.key === 'DocNumber'));
}

/** Amendments in the order they apply: 施行日期, then 发布日期, then 文号. */
export function ordered(amendments: Amendment[]): Amendment[] {
  return [...amendments].sort((a, b) => a.effective.localeCompare(b.effective) || (a.published ?? '').localeCompare(b.published ?? '') || a.docNumber.localeCompare(b.docNumber));
}

/** Two amendments that change one declaration from the same day: which applies is not decidable. */
export function conflicts(amendments: Amendment[]): AmendmentProblem[] {
  const out: AmendmentProblem[] = [];
  const seen = new Map<string, Amendment>();
  for (const a of ordered(amendments)) {
    const touched = [...a.decls.map((d) => ({ key: `${d.kind}:${d.name}`, name: d.name, range: d.range })), ...a.repeals.map((n) => ({ key: `repeal:${n}`, name: n, range: a.headerRange }))];
    for (const t of touched) {
      // A repeal and a replacement of the same name on one day conflict too.
      const keys = [t.key, `any:${t.name}`];
      const other = seen.get(`${a.effective}|any:${t.name}`);
      if (other && other !== a) out.push({ path: a.path, range: t.range, code: 'P2040', args: { name: t.name, date: a.effective, other: other.docNumber, doc: a.docNumber } });
      for (const k of keys) seen.set(`${a.effective}|${k}`, a);
    }
  }
  return out;
}

/** Replaces or inserts a header field (有效期, 截止日期) in the base's 政策 block. */
function setHeaderField(text: string, key: string, fieldText: string): string {
  const { file } = parse(text);
  const header = file.decls.find((d): d is A.PolicyDecl => d.kind === 'Policy');
  if (!header) return text;
  // 有效期 and 截止日期 both set the end: the amendment's one replaces either.
  const old = header.fields.filter((f) => f.key === 'Validity' || f.key === 'Ends');
  let out = text;
  for (const f of [...old].sort((a, b) => b.range.start - a.range.start)) {
    let end = f.range.end;
    // the field's terminator (；/;) and the line break after it go with it
    while (end < out.length && /[；;]/.test(out[end]!)) end++;
    if (out[end] === '\n') end++;
    let start = f.range.start;
    while (start > 0 && out[start - 1] === ' ') start--;
    out = out.slice(0, start) + out.slice(end);
  }
  void key;
  const closing = parse(out).file.decls.find((d): d is A.PolicyDecl => d.kind === 'Policy')!.range.end - 1;
  const semi = /[；;]\s*$/.test(fieldText) ? '' : '；';
  return out.slice(0, closing) + `  ${fieldText}${semi}\n` + out.slice(closing);
}

/** Applies one amendment to a text: replaced declarations in place, new ones at the end, repeals removed. */
function apply(text: string, a: Amendment, problems: AmendmentProblem[]): string {
  let out = text;
  const find = (kind: string, name: string) => parse(out).file.decls.find((d) => d.kind === kind && declName(d) === name);
  for (const d of a.decls) {
    const body = a.text.slice(d.range.start, d.range.end);
    const old = find(d.kind, d.name);
    if (old) out = out.slice(0, old.range.start) + body + out.slice(old.range.end);
    else out = out.replace(/\s*$/, '\n\n') + body + '\n';
  }
  for (const name of a.repeals) {
    const old = parse(out).file.decls.find((d) => (d.kind === 'Benefit' || d.kind === 'Provision') && declName(d) === name);
    if (!old) {
      problems.push({ path: a.path, range: a.headerRange, code: 'P2041', args: { name, doc: a.docNumber } });
      continue;
    }
    let end = old.range.end;
    if (out[end] === '\n') end++;
    out = out.slice(0, old.range.start) + out.slice(end);
    // Interactions naming the repealed benefit lose it (a group of one is no group).
    out = dropFromInteractions(out, name);
  }
  for (const f of a.headerFields) out = setHeaderField(out, f.key, f.text);
  return out;
}

function dropFromInteractions(text: string, name: string): string {
  const { file } = parse(text);
  let out = text;
  for (const d of [...file.decls].reverse()) {
    if (d.kind !== 'Interaction' || !d.members.some((m) => m.text === name)) continue;
    const rest = d.members.filter((m) => m.text !== name);
    if (rest.length < 2) out = out.slice(0, d.range.start) + out.slice(d.range.end);
    else {
      const src = out.slice(d.range.start, d.range.end);
      const first = d.members[0]!.range.start - d.range.start;
      const last = d.members[d.members.length - 1]!.range.end - d.range.start;
      out = out.slice(0, d.range.start) + src.slice(0, first) + rest.map((m) => m.text).join('，') + src.slice(last) + out.slice(d.range.end);
    }
  }
  return out;
}

/**
 * The text in force on `asOf` (every amendment when no date is given): the
 * base with the amendments of it that are in force applied in order, compiled,
 * its diagnostics mapped back into the document each declaration came from.
 */
export function consolidate(base: PolicyDocument, amendments: Amendment[], asOf?: string, host?: CompilerHost): Consolidated {
  const baseDoc = docNumberOf(base.text);
  const problems: AmendmentProblem[] = [];
  for (const a of amendments) {
    if (a.amends !== baseDoc) problems.push({ path: a.path, range: a.headerRange, code: 'P2042', args: { doc: a.docNumber, amends: a.amends, base: baseDoc ?? base.path } });
    if (!a.effective) problems.push({ path: a.path, range: a.headerRange, code: 'P2043', args: { doc: a.docNumber } });
  }
  const ours = amendments.filter((a) => a.amends === baseDoc && a.effective);
  problems.push(...conflicts(ours));
  const applied = ordered(ours).filter((a) => asOf === undefined || a.effective <= asOf);
  let text = base.text;
  const basis = new Map<string, string>();
  for (const a of applied) {
    text = apply(text, a, problems);
    for (const d of a.decls) basis.set(d.name, a.docNumber);
    for (const n of a.repeals) basis.set(n, a.docNumber);
  }
  // The text in force stands where the base does: its imports (引用) resolve from there.
  const compilation = compile(text, host ? { path: base.path, host } : {});
  return { text, compilation, applied, basis, problems, diagnostics: mapDiagnostics(compilation, base, applied, basis) };
}

/** A diagnostic in a declaration an amendment wrote belongs to that amendment, at the same offset in the declaration. */
function mapDiagnostics(c: Compilation, base: PolicyDocument, applied: Amendment[], basis: Map<string, string>): (PolicyDiagnostic & { path: string })[] {
  const decls = c.parse.file.decls;
  const baseDecls = parse(base.text).file.decls;
  return c.diagnostics.map((d) => {
    // A diagnostic of a file the policy imports (引用) already names that file.
    const file = (d as { file?: string }).file;
    if (file) return { ...d, path: file };
    const owner = decls.find((x) => x.range.start <= d.range.start && d.range.start < x.range.end);
    const name = owner && declName(owner);
    const doc = name ? basis.get(name) : undefined;
    const a = doc ? applied.find((x) => x.docNumber === doc && x.decls.some((y) => y.name === name && y.kind === owner!.kind)) : undefined;
    if (a && owner) {
      const src = a.decls.find((y) => y.name === name && y.kind === owner.kind)!;
      const shift = src.range.start - owner.range.start;
      return { ...d, path: a.path, range: { start: d.range.start + shift, end: d.range.end + shift } };
    }
    // Else the base: the same declaration there, or (for the header) the base's header.
    const same = owner && baseDecls.find((x) => x.kind === owner.kind && declName(x) === declName(owner));
    if (owner && same) {
      const shift = same.range.start - owner.range.start;
      return { ...d, path: base.path, range: { start: d.range.start + shift, end: d.range.end + shift } };
    }
    return { ...d, path: base.path, range: { start: 0, end: 0 } };
  });
}

/** “依据萧人社〔2026〕5号修订后的二（三）7” on each decision an amendment's text decided. */
export type DecisionInForce = Omit<Decision, 'benefits'> & { documents: string[]; benefits: (Decision['benefits'][number] & { basis?: string })[] };

export function withBasis(decision: Decision, c: Consolidated, lang: Lang): DecisionInForce {
  const baseDoc = c.compilation.model.header.docNumber ?? '';
  return {
    ...decision,
    documents: [baseDoc, ...c.applied.map((a) => a.docNumber)],
    benefits: decision.benefits.map((b) => {
      const doc = c.basis.get(b.id);
      return doc ? { ...b, basis: message('amend.basis', lang, { doc, clause: b.clause ?? b.title }) } : b;
    }),
  };
}
