// policy check FILE… — diagnostics like a compiler's; exit 1 on errors.
import { CliError, compileFile, diagnosticsJson, printCheckResult, readSource, type CliArgs } from './common.ts';
import { readAmendment } from '../amend.ts';
import { keywordById } from '../../grammar/keywords.ts';
import { message, type Lang } from '../messages.ts';
import { inForce, loadFamily, printFamilyDiagnostics, type Family } from './family.ts';

/** The spellings of the `修订` header field: a text without any of them is no amendment, and is not parsed twice to find out. */
const AMENDS = [...keywordById('Amends').zh, ...keywordById('Amends').en];

function amendmentFamily(file: string, lang: Lang): Family | undefined {
  const text = readSource(file, lang);
  if (!AMENDS.some((w) => text.includes(w))) return undefined;
  return readAmendment({ path: file, text }) ? loadFamily(file, lang) : undefined;
}

/**
 * `--json` lists every diagnostic (a program reading it may want all of them; the text lists 100 and counts
 * the rest): written as it goes, in chunks, the same text JSON.stringify(all, null, 2) makes, without
 * holding that text or spreading the list as arguments (200,000 diagnostics overflowed the stack).
 * Time and memory are linear in the number of diagnostics (test/cli/hostile-encodings.test.ts; the bytes:
 * test/cli/json-writer.test.ts).
 */
export class JsonArrayWriter {
  private chunk = '';
  private count = 0;
  constructor(private readonly write: (text: string) => void = (text) => void process.stdout.write(text)) {}
  add(entries: Iterable<unknown>): void {
    for (const e of entries) {
      this.chunk += (this.count++ === 0 ? '[\n  ' : ',\n  ') + JSON.stringify(e, null, 2).replaceAll('\n', '\n  ');
      if (this.chunk.length >= 1 << 16) this.flush();
    }
  }
  private flush(): void {
    if (this.chunk) this.write(this.chunk);
    this.chunk = '';
  }
  end(): void {
    this.chunk += this.count ? '\n]\n' : '[]\n';
    this.flush();
  }
}

export async function run(args: CliArgs): Promise<number> {
  let failed = false;
  let unreadable = false;
  const json = new JsonArrayWriter();
  try {
    await checkEach(args, json, () => (failed = true), () => (unreadable = true));
  } finally {
    // An internal error after the first chunk still leaves valid JSON on stdout (what was listed), then exit 70.
    if (args.json) json.end();
  }
  return unreadable ? 2 : failed ? 1 : 0;
}

async function checkEach(args: CliArgs, json: JsonArrayWriter, fail: () => void, unreadable: () => void): Promise<void> {
  for (const file of args.positional) {
    let c;
    try {
      // An amendment is checked as the text it makes: its policy with every amendment beside it applied.
      const family = amendmentFamily(file, args.lang);
      if (family) {
        const amended = inForce(family);
        const lines: string[] = [];
        const errors = printFamilyDiagnostics(amended, family, args.lang, (s) => lines.push(s));
        if (errors) fail();
        if (args.json) json.add(lines.map((l) => ({ file, message: l.trimEnd() })));
        else process.stdout.write(lines.length ? lines.join('') : message('cli.noErrors', args.lang, { file }) + '\n');
        continue;
      }
      c = compileFile(file, args.lang);
    } catch (e) {
      // An unreadable file is reported and the others are still checked.
      if (!(e instanceof CliError)) throw e;
      process.stderr.write(e.message + '\n');
      unreadable();
      continue;
    }
    if (c.hasErrors) fail();
    if (args.json) json.add(diagnosticsJson(c, file, args.lang));
    else printCheckResult(c, file, args.lang);
  }
}
