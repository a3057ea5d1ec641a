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
import { keywordById } from '../../grammar/keywords.ts';

export interface Family {
  base: PolicyDocument;
  /** Every amendment of the base in the folder. */
  amendments: Amendment[];
  /** The file named on the command line, when it is an amendment. */
  target?: Amendment;
}

/** The spellings of the `修订` header field: a text without any of them amends nothing, and is not parsed to find out. */
const AMENDS = [...keywordById('Amends').zh, ...keywordById('Amends').en];
const mayAmend = (text: string): boolean => AMENDS.some((w) => text.includes(w));

function siblings(file: string, lang: Lang): PolicyDocument[] {
  const dir = dirname(file);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.policy')).sort();
  } catch {
    return [];
  }
  const docs: PolicyDocument[] = [];
  for (const path of names.map((n) => join(dir, n)).filter((p) => resolve(p) !== resolve(file))) {
    try {
      docs.push({ path, text: readSource(path, lang) });
    } catch (e) {
      // A file beside this one that cannot be read (UTF-16, no permission) does not stop this one: said, then skipped.
      if (!(e instanceof CliError)) throw e;
      process.stderr.write(message('amend.siblingSkipped', lang, { error: e.message }) + '\n');
    }
  }
  return docs;
}

export function loadFamily(file: string, lang: Lang): Family {
  const doc = { path: file, text: readSource(file, lang) };
  // Paths as compileFile gives them, so a base's imports (引用) resolve from its folder.
  // Only texts that can be amendments (or the base an amendment names) are parsed: every sibling of a folder of
  // large policies parsed for each \`policy eval\` cost seconds, and minutes beside a few megabyte-sized files.
  const target = mayAmend(doc.text) ? readAmendment(doc) : undefined;
  const others = siblings(file, lang);
  let base: PolicyDocument = doc;
  if (target) {
    const found = others.find((o) => o.text.includes(target.amends) && !readAmendment(o) && docNumberOf(o.text) === target.amends);
    if (!found) throw new CliError(message('amend.noBase', lang, { file, amends: target.amends }));
    base = found;
  }
  const baseDoc = docNumberOf(base.text);
  const amendments = [...(target ? [target] : []), ...others.flatMap((o) => (o === base || !mayAmend(o.text) ? [] : [readAmendment(o)].filter((a): a is Amendment => !!a && a.amends === baseDoc)))];
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
