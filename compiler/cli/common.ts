// Shared CLI plumbing: argument parsing, reading files, printing diagnostics.
import { readFileSync } from 'node:fs';
import type { Lang } from '../messages.ts';
import { compile, type Compilation } from '../index.ts';
import { formatDiagnostic, LineIndex, messageText } from '../diagnostics.ts';

export interface CliArgs {
  positional: string[];
  flags: Map<string, string | true>;
  lang: Lang;
  json: boolean;
}

/** `--key value`, `--key=value` and boolean `--flag`. Flags listed in BOOLEAN never take a value. */
const BOOLEAN = new Set(['json', 'check', 'stdio', 'trace', 'help', 'write']);

export function parseArgs(argv: string[]): CliArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else {
        const key = a.slice(2);
        const next = argv[i + 1];
        if (!BOOLEAN.has(key) && next !== undefined && !next.startsWith('--')) {
          flags.set(key, next);
          i++;
        } else flags.set(key, true);
      }
    } else positional.push(a);
  }
  const langFlag = flags.get('lang');
  const envLang = (process.env['POLICY_LANG'] ?? process.env['LANG'] ?? '').toLowerCase().startsWith('en') ? 'en' : 'zh';
  const lang: Lang = langFlag === 'en' || langFlag === 'zh' ? langFlag : envLang;
  return { positional, flags, lang, json: flags.get('json') === true };
}

export function flag(args: CliArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function readSource(file: string): string {
  return readFileSync(file, 'utf8');
}

export function compileFile(file: string): Compilation {
  return compile(readSource(file));
}

export function printDiagnostics(c: Compilation, file: string, lang: Lang, out: (s: string) => void = (s) => process.stderr.write(s)): void {
  const index = new LineIndex(c.text);
  for (const d of c.diagnostics) out(formatDiagnostic(d, file, index, lang) + '\n');
}

export function diagnosticsJson(c: Compilation, file: string, lang: Lang) {
  const index = new LineIndex(c.text);
  return c.diagnostics.map((d) => {
    const start = index.position(d.range.start);
    const end = index.position(d.range.end);
    return {
      file,
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
