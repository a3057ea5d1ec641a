// A policy and its amendments on disk: the .policy files of one folder that
// amend a policy (修订：文号) belong to it. `policy eval`, `policy check` and
// `policy diff` read a file's family here and decide with the text in force
// (compiler/amend.ts); a policy with no amendment beside it is read as before.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { conflicts, consolidate, docNumberOf, ordered, readAmendment, type Amendment, type Consolidated, type PolicyDocument } from '../amend.ts';
import { formatDiagnostic, LineIndex, toPolicyDiagnostic } from '../diagnostics.ts';
import { message, type Lang } from '../messages.ts';
import { CliError, readSource } from './common.ts';
import { diskHost } from './host.ts';

export interface Family {
  base: PolicyDocument;
  /** Every amendment of the base in the folder. */
  amendments: Amendment[];
  /** The file named on the command line, when it is an amendment. */
  target?: Amendment;
}

function siblings(file: string, lang: Lang): PolicyDocument[] {
  const dir = dirname(file);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.policy')).sort();
  } catch {
    return [];
  }
  return names.map((n) => join(dir, n)).filter((p) => resolve(p) !== resolve(file)).map((path) => ({ path, text: readSource(path, lang) }));
}

export function loadFamily(file: string, lang: Lang): Family {
  const doc = { path: file, text: readSource(file, lang) };
  // Paths as compileFile gives them, so a base's imports (引用) resolve from its folder.
  const target = readAmendment(doc);
  const others = siblings(file, lang);
  let base: PolicyDocument = doc;
  if (target) {
    const found = others.find((o) => !readAmendment(o) && docNumberOf(o.text) === target.amends);
    if (!found) throw new CliError(message('amend.noBase', lang, { file, amends: target.amends }));
    base = found;
  }
  const baseDoc = docNumberOf(base.text);
  const amendments = [...(target ? [target] : []), ...others.flatMap((o) => (o === base ? [] : [readAmendment(o)].filter((a): a is Amendment => !!a && a.amends === baseDoc)))];
  return { base, amendments: ordered(amendments), ...(target && { target }) };
}

/** Prints the problems and diagnostics of a text in force, each in its own file; true when there are errors. */
export function printFamilyDiagnostics(c: Consolidated, family: Family, lang: Lang, out: (s: string) => void = (s) => process.stderr.write(s)): boolean {
  const texts = new Map<string, string>([[family.base.path, family.base.text], ...family.amendments.map((a) => [a.path, a.text] as const)]);
  const index = new Map<string, LineIndex>();
  const at = (path: string) => {
    let i = index.get(path);
    if (!i) index.set(path, (i = new LineIndex(texts.get(path) ?? '')));
    return i;
  };
  for (const p of c.problems) out(formatDiagnostic(toPolicyDiagnostic(p), p.path, at(p.path), lang) + '\n');
  for (const d of c.diagnostics) out(formatDiagnostic(d, d.path, at(d.path), lang) + '\n');
  return c.problems.length > 0 || c.diagnostics.some((d) => d.severity === 'error');
}

/** The text in force on a date (every amendment when none is given). */
export function inForce(family: Family, asOf?: string): Consolidated {
  return consolidate(family.base, family.amendments, asOf, diskHost);
}

/** The texts before and after one amendment: the amendments that apply before it, then with it. */
export function aroundAmendment(family: Family, target: Amendment): { before: Consolidated; after: Consolidated } {
  const order = ordered(family.amendments);
  const i = order.indexOf(target);
  return { before: consolidate(family.base, order.slice(0, i), undefined, diskHost), after: consolidate(family.base, order.slice(0, i + 1), undefined, diskHost) };
}

export { conflicts };
