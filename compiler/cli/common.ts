// Shared CLI plumbing: the parsed arguments, reading files, printing diagnostics.
// Parsing itself is args.ts, driven by the option table in commands.ts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { diskHost } from './host.ts';
import { message, type Lang } from '../messages.ts';
import { compile, type Compilation } from '../index.ts';
import { formatDiagnostic, LineIndex, messageText } from '../diagnostics.ts';
import { clip } from './args.ts';
import { inputErrorText, type InputError } from '../facts.ts';

/** A command's arguments, as parsed against its entry in the option table (commands.ts). */
export interface CliArgs {
  command: string;
  positional: string[];
  /** Only declared options: a string value, or true for a boolean option that was given. */
  flags: Map<string, string | true>;
  lang: Lang;
  json: boolean;
}

/**
 * A failure the user can act on (a file that cannot be read, input that is not
 * JSON): main() prints the message, without a stack, and exits with `status`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly status = 2,
  ) {
    super(message);
  }
}

export function flag(args: CliArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Why a file could not be read, in words (the errno code when we have none). */
export function ioReason(e: unknown, lang: Lang): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return message('cli.io.ENOENT', lang);
    case 'EISDIR':
      return message('cli.io.EISDIR', lang);
    case 'EACCES':
    case 'EPERM':
      return message('cli.io.EACCES', lang);
    case 'ENOTDIR':
    case 'EROFS':
    case 'ENOSPC':
      return message(`cli.io.${code}`, lang);
    default:
      return code ?? String((e as Error)?.message ?? e);
  }
}

export function readSource(file: string, lang: Lang = 'en'): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new CliError(message('cli.cannotRead', lang, { file: clip(file, 300), reason: ioReason(e, lang) }));
  }
  // A UTF-16 file (Windows Notepad's "Unicode") read as UTF-8 is a NUL between every two characters: one
  // message naming the encoding, rather than a diagnostic for each character (megabytes of them).
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || looksUtf16(bytes)) throw new CliError(message('cli.utf16', lang, { file: clip(file, 300) }));
  return bytes.toString('utf8');
}

/**
 * UTF-16 without a byte-order mark (some converters and `iconv -t UTF-16LE` write none): in its first 4 KB the NUL
 * bytes (the high bytes of ASCII letters, digits, spaces, line ends) are a twentieth of the bytes or more and sit
 * nearly all at even or nearly all at odd offsets. UTF-8 text has no NUL bytes but those written into it, which fall
 * at either parity.
 */
function looksUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  const nul = [0, 0];
  for (let i = 0; i < n; i++) if (bytes[i] === 0) nul[i & 1]!++;
  const total = nul[0]! + nul[1]!;
  return total >= 8 && total * 20 >= n && Math.max(nul[0]!, nul[1]!) >= 0.9 * total;
}

let stdinTakenBy: string | undefined;

/**
 * The JSON given to an option such as --facts: `-` reads stdin, text starting
 * with `{`, `[` or `"` is the JSON itself, anything else is a file path.
 */
export async function readJsonInput(option: string, spec: string, lang: Lang): Promise<unknown> {
  let text: string;
  let source: string;
  const inline = /^\s*[[{"]/.test(spec);
  if (spec === '-') {
    if (stdinTakenBy !== undefined && stdinTakenBy !== option) throw new CliError(message('cli.stdinTwice', lang, { option, other: stdinTakenBy }));
    stdinTakenBy = option;
    source = message('cli.stdin', lang);
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } else if (inline) {
    source = message('cli.inlineJson', lang);
    text = spec;
  } else {
    source = spec;
    try {
      text = readSource(spec, lang);
    } catch (e) {
      throw e instanceof CliError ? new CliError(`${option}: ${e.message}`, e.status) : e;
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(message('cli.badJson', lang, { option, source: clip(source), reason: clip(String((e as Error).message), 120) }));
  }
}

/** Compiles a file with the files it imports, read from the disk. */
export function compileFile(file: string, lang: Lang = 'en'): Compilation {
  return compile(readSource(file, lang), { path: resolve(file).split('\\').join('/'), host: diskHost });
}

/** The text and line index of a diagnostic's file: the file compiled, or one it imports. */
/** Each text's line index, made once: one per diagnostic made `check --json` quadratic (a scan of the file each). */
const lineIndexes = new Map<string, LineIndex>();
function lineIndexOf(text: string): LineIndex {
  let index = lineIndexes.get(text);
  if (!index) {
    if (lineIndexes.size >= 16) lineIndexes.clear();
    lineIndexes.set(text, (index = new LineIndex(text)));
  }
  return index;
}

function sourceOf(c: Compilation, file: string, d: { file?: string }): { name: string; index: LineIndex } {
  if (d.file === undefined) return { name: file, index: lineIndexOf(c.text) };
  const f = c.program.files.find((x) => x.path === d.file);
  return { name: d.file, index: lineIndexOf(f?.text ?? '') };
}

/**
 * At most this many diagnostics are printed as text; the rest are counted (`policy check --json` lists every
 * one). A file of invisible or binary characters gives a diagnostic per character: hundreds of kilobytes of
 * output for a few kilobytes of input, which no one reads.
 */
export const MAX_LISTED_DIAGNOSTICS = 100;

export function printDiagnostics(c: Compilation, file: string, lang: Lang, out: (s: string) => void = (s) => process.stderr.write(s)): void {
  for (const d of c.diagnostics.slice(0, MAX_LISTED_DIAGNOSTICS)) {
    const src = sourceOf(c, file, d);
    out(formatDiagnostic(d, src.name, src.index, lang) + '\n');
  }
  const more = c.diagnostics.length - MAX_LISTED_DIAGNOSTICS;
  if (more > 0) out(message('cli.moreDiagnostics', lang, { count: more }) + '\n');
}

/** What `policy check` (and the demo) prints for one file: its diagnostics and their count, or "no problems found". */
export function printCheckResult(c: Compilation, file: string, lang: Lang): void {
  const out = (s: string) => process.stdout.write(s);
  if (c.diagnostics.length === 0) {
    out(message('cli.noErrors', lang, { file }) + '\n');
    return;
  }
  printDiagnostics(c, file, lang, out);
  const errors = c.diagnostics.filter((d) => d.severity === 'error').length;
  out(message('cli.errorCount', lang, { errors, warnings: c.diagnostics.length - errors }) + '\n');
}

export function diagnosticsJson(c: Compilation, file: string, lang: Lang) {
  return c.diagnostics.map((d) => {
    const { name, index } = sourceOf(c, file, d);
    const start = index.position(d.range.start);
    const end = index.position(d.range.end);
    return {
      file: name,
      code: d.code,
      severity: d.severity,
      message: messageText(d, lang),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      range: d.range,
    };
  });
}

/** At most this many input errors are listed; the rest are counted. */
export const MAX_LISTED_ERRORS = 20;

/** Input errors as the CLI prints them: a heading, at most MAX_LISTED_ERRORS lines of bounded length, then "… and K more". */
export function inputErrorsText(errors: readonly InputError[], lang: Lang): string {
  const lines = [message('cli.inputErrors', lang)];
  for (const e of errors.slice(0, MAX_LISTED_ERRORS)) lines.push(`  ${e.code} ${clip(inputErrorText(e, lang), 300)}`);
  if (errors.length > MAX_LISTED_ERRORS) lines.push(`  ${message('cli.moreErrors', lang, { count: errors.length - MAX_LISTED_ERRORS })}`);
  return lines.join('\n');
}
