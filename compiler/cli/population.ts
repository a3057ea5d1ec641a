// policy population FILE… --n N --seed S [--subject TYPE] [--missing P] [--out PATH]
// A synthetic population as JSON Lines (one subject a line, as `policy diff
// --population` reads it), drawn from the policies' declared types and their
// own thresholds; several files (a policy and its amended text) draw from
// the facts of both. Written line by line: a million subjects need no memory.
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { message } from '../messages.ts';
import { population } from '../diff/index.ts';
import { CliError, compileFile, flag, printDiagnostics, readSource, type CliArgs } from './common.ts';
import { readAmendment } from '../amend.ts';
import { aroundAmendment, loadFamily, printFamilyDiagnostics } from './family.ts';

export async function run(args: CliArgs): Promise<number> {
  const lang = args.lang;
  const models = [];
  for (const file of args.positional) {
    // An amendment draws from the text it makes (its policy with it applied).
    const amendment = readAmendment({ path: file, text: readSource(file, lang) });
    if (amendment) {
      const family = loadFamily(file, lang);
      const { after } = aroundAmendment(family, family.target!);
      if (printFamilyDiagnostics(after, family, lang)) return 1;
      models.push(after.compilation.model);
      continue;
    }
    const c = compileFile(file, lang);
    if (c.hasErrors) {
      printDiagnostics(c, file, lang);
      return 1;
    }
    models.push(c.model);
  }
  const int = (name: string, fallback?: number): number => {
    const v = flag(args, name);
    if (v === undefined && fallback !== undefined) return fallback;
    const n = Number(v);
    if (!/^\d+$/.test(v ?? '') || !Number.isSafeInteger(n)) throw new CliError(message('diff.cli.badNumber', lang, { option: `--${name}`, found: v ?? '' }));
    return n;
  };
  const n = int('n');
  const seed = int('seed', 1);
  const missingFlag = flag(args, 'missing');
  const missing = missingFlag === undefined ? 0.02 : Number(missingFlag);
  if (!(missing >= 0 && missing <= 1)) throw new CliError(message('diff.cli.badNumber', lang, { option: '--missing', found: missingFlag ?? '' }));
  const subject = flag(args, 'subject');
  if (subject && !models.some((m) => m.subjects.has(subject)))
    throw new CliError(message('P3005', lang, { found: subject, allowed: [...new Set(models.flatMap((m) => [...m.subjects.keys()]))].join('、') }));
  const out = flag(args, 'out');
  if (out) mkdirSync(dirname(out), { recursive: true });
  const sink = out ? createWriteStream(out) : process.stdout;
  for (const rec of population(models, { n, seed, missing, ...(subject && { subjects: [subject] }) })) {
    if (!sink.write(JSON.stringify(rec) + '\n')) await once(sink, 'drain');
  }
  if (out) {
    (sink as ReturnType<typeof createWriteStream>).end();
    await once(sink, 'finish');
    process.stderr.write(message('summary.cli.written', lang, { file: out }) + '\n');
  }
  return 0;
}
