// Re-checking only what an edit touches. A policy is a flat list of top-level
// declarations; benefits and provisions (the bulk of a policy) are checked one
// by one against the declarations they name, so what checking one contributed
// — its diagnostics, the names it recorded in the symbol table, the funds and
// parameters it used, its lowered IR and its examples — is kept as a record
// and replayed, in the same order, while it cannot have changed. The checker
// runs every phase as before (index.ts); only the work on a kept benefit or
// provision is replaced by its record.
//
// A record is kept for a declaration the edit did not touch (grammar/incremental.ts
// says which) when
//   - every declaration the edit touched, before and after, is a benefit, a
//     provision or an interaction (an edit to anything they read — a subject,
//     fund, level, enum, parameter, the header, an import — checks everything), and
//   - it names none of the benefits and provisions the edit touched (their
//     names are the only thing a benefit can read of another), and
//   - its diagnostics quote no line number, or no line break was added or removed.
// Whether its name is a duplicate is decided again each time. A property test
// (test/compiler/incremental-check.test.ts) checks over random edit sequences
// that the result equals a full compile().
import type * as A from '../../grammar/ast.ts';
import { shift, type Reuse } from '../../grammar/incremental.ts';
import type { Benefit, Example, Provision } from '../model.ts';
import type { Occurrence } from '../symbols.ts';
import type { CheckContext, Diagnostic } from './context.ts';

/** What one piece of checking contributed to the shared state. */
export interface Capture {
  diags: Diagnostic[];
  occ: Occurrence[];
  unions: [string, string][];
  used: string[];
}

/** What checking one benefit or provision gave. */
export interface DeclRecord {
  kind: 'Benefit' | 'Provision';
  name: string;
  /** Its name was free (not a duplicate), so it entered the model. */
  declared: boolean;
  body: Capture;
  /** The lowered benefit, without its examples (they are checked after every benefit). */
  benefit?: Benefit;
  provision?: Provision;
  examples?: { capture: Capture; list: Example[] };
  sweep?: Capture;
  /** The declaration checked (its names are read only when an edit needs them: `idents`). */
  decl: A.Decl;
  /** Every name written in the declaration, worked out on the first edit that asks. */
  idents?: string[];
  /** Some diagnostic quotes a line number. */
  lines: boolean;
  /** It names another benefit's conditions (符合 X 的条件): re-checked every time, never replayed. */
  meets?: boolean;
}

/** The records of one check of one file, by declaration index. */
export interface CheckMemo {
  /** The tree they were made from. */
  file: A.PolicyFile;
  records: (DeclRecord | undefined)[];
  /** How many of them were replayed from the previous version's check (tests and benchmarks read it). */
  kept: number;
}

/** Runs `f`, capturing what it reports and records. */
export function captured<T>(c: CheckContext, f: () => T): [T, Capture] {
  const cap: Capture = { diags: [], occ: [], unions: [], used: [] };
  const before = c.capture;
  const tap = c.symbols.tap;
  c.capture = cap;
  c.symbols.tap = cap;
  try {
    return [f(), cap];
  } finally {
    c.capture = before;
    c.symbols.tap = tap;
  }
}

/** Replays a capture: the same diagnostics, occurrences, links and uses, in the same order. */
export function replay(c: CheckContext, cap: Capture) {
  for (const d of cap.diags) c.diags.push(d);
  c.symbols.replay(cap.occ, cap.unions);
  for (const u of cap.used) c.used.add(u);
}

/** Every name written in a declaration (a superset of what checking it can look up). */
export function identsOf(d: A.Decl): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o['text'] === 'string' && o['range']) out.add(o['text']);
    for (const k in o) {
      const x = o[k];
      if (x && typeof x === 'object' && k !== 'range' && !k.endsWith('Range')) walk(x);
    }
  };
  walk(d);
  return [...out];
}

export const quotesLine = (caps: (Capture | undefined)[]): boolean =>
  caps.some((cap) => cap?.diags.some((d) => d.args['line'] !== undefined));

const isBody = (d: A.Decl): boolean => d.kind === 'Benefit' || d.kind === 'Provision' || d.kind === 'Interaction';

/**
 * The records of `prev` still valid for the declarations of `decls` (moved to their new offsets),
 * by index; undefined when the edit touched something every declaration may read. The re-parsed
 * stretch has a declaration of margin on each side: one whose text is unchanged keeps its record.
 */
export function reusable(
  prev: CheckMemo,
  prevText: string,
  prevDecls: A.Decl[],
  text: string,
  decls: A.Decl[],
  r: Reuse,
): (DeclRecord | undefined)[] | undefined {
  if (prevDecls !== prev.file.decls) return undefined;
  const same = (o: A.Decl, n: A.Decl) => o.kind === n.kind && prevText.slice(o.range.start, o.range.end) === text.slice(n.range.start, n.range.end);
  // Pairs (new index, old index) of declarations whose text is unchanged, and the changed ones between.
  const pairs: [number, number][] = [];
  for (let k = 0; k < r.before; k++) pairs.push([k, k]);
  let lo = 0;
  while (lo < r.added && r.before + lo < r.oldAfter && same(prevDecls[r.before + lo]!, decls[r.before + lo]!)) {
    pairs.push([r.before + lo, r.before + lo]);
    lo++;
  }
  let hi = 0;
  while (hi < r.added - lo && r.oldAfter - 1 - hi >= r.before + lo && same(prevDecls[r.oldAfter - 1 - hi]!, decls[r.before + r.added - 1 - hi]!)) {
    pairs.push([r.before + r.added - 1 - hi, r.oldAfter - 1 - hi]);
    hi++;
  }
  for (let k = r.before + r.added; k < decls.length; k++) pairs.push([k, k - r.before - r.added + r.oldAfter]);
  const changed = [...prevDecls.slice(r.before + lo, r.oldAfter - hi), ...decls.slice(r.before + lo, r.before + r.added - hi)];
  if (!changed.every(isBody)) return undefined;
  const names = new Set<string>();
  for (const d of changed) if (d.kind === 'Benefit' || d.kind === 'Provision') names.add(d.name.text);
  const editAt = r.before + lo;
  const out: (DeclRecord | undefined)[] = new Array(decls.length).fill(undefined);
  for (const [k, oldK] of pairs) {
    const rec = prev.records[oldK];
    if (!rec || rec.name !== (decls[k] as { name?: A.Name }).name?.text) continue;
    if (names.size && (rec.idents ??= identsOf(rec.decl)).some((n) => n !== rec.name && names.has(n))) continue;
    if (k >= editAt && r.lineDelta !== 0 && rec.lines) continue;
    const delta = decls[k]!.range.start - prevDecls[oldK]!.range.start;
    out[k] = delta === 0 ? rec : moved(rec, delta);
  }
  return out;
}

/** A record with every range moved by `delta`. */
function moved(rec: DeclRecord, delta: number): DeclRecord {
  return {
    ...rec,
    body: shift(rec.body, delta),
    ...(rec.benefit && { benefit: shift(rec.benefit, delta) }),
    ...(rec.provision && { provision: shift(rec.provision, delta) }),
    ...(rec.examples && { examples: shift(rec.examples, delta) }),
    ...(rec.sweep && { sweep: shift(rec.sweep, delta) }),
  };
}

/** The memo carried to a re-parsed tree (records still valid, moved), so several edits in a row keep it. */
export function carried(prev: CheckMemo, prevText: string, prevDecls: A.Decl[], text: string, next: A.PolicyFile, r: Reuse): CheckMemo | undefined {
  const records = reusable(prev, prevText, prevDecls, text, next.decls, r);
  return records && { file: next, records, kept: 0 };
}
