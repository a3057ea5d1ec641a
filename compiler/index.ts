// compile(): the pure pipeline parse → check (lowering to the IR). Tools (CLI,
// language server, emitters) call this and never re-implement a phase.
import { parse, type ParseResult } from '../grammar/index.ts';
import { reparseWithReuse } from '../grammar/incremental.ts';
import { reusable } from './check/memo.ts';
import type { Model } from './model.ts';
import type { PolicyDiagnostic } from './diagnostics.ts';
import { buildProgram, type CompilerHost, type Program } from './program.ts';

export interface Compilation {
  text: string;
  parse: ParseResult;
  /** The model of the whole program (this text and the files it imports). */
  model: Model;
  /** This text's diagnostics (no `file`), then those of the files it imports (with `file`). */
  diagnostics: PolicyDiagnostic[];
  hasErrors: boolean;
  /** The program this text is the root of: its files, when it imports any. */
  program: Program;
}

export interface CompileOptions {
  /** The text's own path, against which its imports resolve. */
  path?: string;
  /** Where imported files are read from; without one, an import is reported as unreadable. */
  host?: CompilerHost;
  /**
   * The compilation of an earlier version of the same text: only the top-level declarations
   * the edit touched are re-parsed (grammar/incremental.ts) and re-checked with what depends on
   * them (compiler/check/memo.ts); the result is the same as without it.
   */
  previous?: Compilation;
}

/**
 * The pure pipeline for one text: parse, then check it (with the files it
 * imports, read through `host`) into the typed IR. The text's names and
 * diagnostics carry no file; those of imported files carry their paths.
 */
export function compile(text: string, options: CompileOptions = {}): Compilation {
  const previous = options.previous;
  const re = previous && reparseWithReuse(previous.parse, previous.text, text);
  const parsed = re?.parse ?? parse(text);
  // What the previous check gave for the declarations the edit did not touch is replayed (check/memo.ts).
  const memo = re && previous.program.memo;
  const reuse = memo && reusable(memo, previous.text, previous.parse.file.decls, text, parsed.file.decls, re.reuse);
  const program = buildProgram(options.path ?? 'main.policy', text, parsed, options.host, true, reuse);
  const { model, diagnostics } = program;
  return { text, parse: parsed, model, diagnostics, hasErrors: program.hasErrors, program };
}

export { carried } from './check/memo.ts';
export { createProgram, memoryHost, resolveImport, type CompilerHost, type Program, type SourceFile } from './program.ts';

export { evaluate, type Decision, type BenefitDecision, type EvalOptions } from './evaluate.ts';
export { validateFacts, validateLedger, type InputError, type LedgerEntry } from './facts.ts';
export type { Model } from './model.ts';
export type { PolicyDiagnostic } from './diagnostics.ts';
