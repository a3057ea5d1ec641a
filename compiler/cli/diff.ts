// policy diff OLD NEW | policy diff FILE --from REV
//   [--format text|md|html] [--json] [--out PATH] [--edges N]
//   [--population subjects.jsonl [--date D] [--ledger ledger.jsonl]]
// What an amendment changes in meaning (text), the 修订对照表 (md, html), the
// smallest cases decided differently, and — over a population streamed from a
// JSON Lines file, one subject per line, never held in memory — who gains and
// who loses (text, or the impact page with --format html). A progress bar on
// a terminal; none when stderr is piped.
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { createInterface } from 'node:readline';
import { compile, type Compilation } from '../index.ts';
import { normaliseDate } from '../facts.ts';
import { clip } from './args.ts';
import { message, type Lang } from '../messages.ts';
import { label } from '../summary/phrase.ts';
import { Progress } from '../batch/progress.ts';
import {
  addLine,
  buildComparison,
  diffPolicies,
  findEdgeCases,
  ImpactAccumulator,
  renderComparisonHtml,
  renderComparisonMarkdown,
  renderDiffText,
  renderImpactHtml,
  renderImpactText,
  type ImpactReport,
} from '../diff/index.ts';
import { CliError, flag, ioReason, printDiagnostics, readSource, type CliArgs } from './common.ts';
import { todayIso } from './eval.ts';
import { readAmendment } from '../amend.ts';
import { aroundAmendment, loadFamily, printFamilyDiagnostics } from './family.ts';

/** A file at a git revision, read with `git show REV:./FILE` from the file's folder. */
function atRevision(file: string, rev: string, lang: Lang): string {
  try {
    return execFileSync('git', ['-C', dirname(file) || '.', 'show', `${rev}:./${basename(file)}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const detail = String((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n')[0];
    throw new CliError(message('diff.cli.noRevision', lang, { file, rev, detail: detail ?? '' }));
  }
}

function compiled(text: string, name: string, lang: Lang): Compilation | undefined {
  const c = compile(text);
  if (c.hasErrors) {
    printDiagnostics(c, name, lang);
    return undefined;
  }
  return c;
}

/** Prior payments by subject id: a JSON array, or JSON Lines, of {subject, benefit, date, amount}. */
function readLedgers(path: string, lang: Lang): Map<string, unknown[]> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(message('cli.cannotRead', lang, { file: clip(path, 300), reason: ioReason(e, lang) }));
  }
  let entries: unknown[];
  try {
    const trimmed = text.trim();
    entries = trimmed.startsWith('[') ? (JSON.parse(trimmed) as unknown[]) : trimmed.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
  } catch (e) {
    throw new CliError(message('diff.cli.badLedger', lang, { file: path, detail: (e as Error).message }));
  }
  const out = new Map<string, unknown[]>();
  entries.forEach((e, i) => {
    const id = (e as { subject?: unknown })?.subject;
    if (typeof id !== 'string') throw new CliError(message('diff.cli.ledgerSubject', lang, { file: path, n: i + 1 }));
    const { subject: _s, ...rest } = e as Record<string, unknown>;
    const list = out.get(id) ?? [];
    list.push(rest);
    out.set(id, list);
  });
  return out;
}

async function impactOf(a: Compilation, b: Compilation, path: string, opts: { asOf: string; lang: Lang; ledgers?: Map<string, unknown[]> }): Promise<ImpactReport> {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error(path), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    throw new CliError(message('cli.cannotRead', opts.lang, { file: clip(path, 300), reason: ioReason(e, opts.lang) }));
  }
  const acc = new ImpactAccumulator(a.model, b.model, { asOf: opts.asOf, lang: opts.lang, ...(opts.ledgers && { ledgers: opts.ledgers }) });
  const progress = new Progress({ mode: process.stderr.isTTY ? 'bar' : 'quiet', sink: process.stderr, lang: opts.lang });
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  let bytes = 0;
  for await (const line of lines) {
    n++;
    bytes += Buffer.byteLength(line, 'utf8') + 1;
    addLine(acc, line, n, opts.lang);
    if ((n & 1023) === 0) progress.update(n, bytes, size);
  }
  progress.update(n, size, size, true);
  progress.finish();
  return acc.result();
}

export async function run(args: CliArgs): Promise<number> {
  const lang = args.lang;
  const from = flag(args, 'from');
  const [first, second] = args.positional;
  if (!first || (from && second !== undefined)) throw new CliError(message('diff.cli.usage', lang));
  let a: Compilation | undefined;
  let b: Compilation | undefined;
  let oldName: string;
  let newName: string;
  let documents: { before: string; after: string } | undefined;
  let at: string | undefined;
  // An amendment (alone, or after the policy it amends): the text in force before it against the text with it.
  const amendmentFile = !from && (second === undefined ? first : second);
  const amendment = amendmentFile ? readAmendment({ path: amendmentFile, text: readSource(amendmentFile, lang) }) : undefined;
  if (amendment) {
    const family = loadFamily(amendmentFile as string, lang);
    const { before, after } = aroundAmendment(family, family.target!);
    if (printFamilyDiagnostics(after, family, lang)) return 1;
    [a, b] = [before.compilation, after.compilation];
    const name = (c: typeof before) => (c.applied.length ? message('amend.asAmended', lang, { base: c.compilation.model.header.docNumber ?? '', amendments: c.applied.map((x) => x.docNumber).join(message('summary.listSep', lang)) }) : (c.compilation.model.header.docNumber ?? family.base.path));
    documents = { before: name(before), after: name(after) };
    at = family.target!.effective;
    oldName = family.base.path;
    newName = amendmentFile as string;
  } else {
    if (!from && second === undefined) throw new CliError(message('diff.cli.usage', lang));
    const oldText = from ? atRevision(first, from, lang) : readSource(first, lang);
    const newText = readSource(from ? first : second!, lang);
    oldName = from ? `${first}@${from}` : first;
    newName = from ? first : second!;
    a = compiled(oldText, oldName, lang);
    b = compiled(newText, newName, lang);
  }
  if (!a || !b) return 1;
  const out = flag(args, 'out');
  const format = flag(args, 'format') ?? (out && extname(out).toLowerCase().startsWith('.htm') ? 'html' : out && extname(out).toLowerCase() === '.md' ? 'md' : 'text');
  const diff = diffPolicies(a.model, b.model, lang);
  const edgesFlag = flag(args, 'edges');
  const perBenefit = edgesFlag === undefined ? 12 : Number(edgesFlag);
  if (!Number.isInteger(perBenefit) || perBenefit < 0) throw new CliError(message('diff.cli.badNumber', lang, { option: '--edges', found: edgesFlag ?? '' }));
  const population = flag(args, 'population');
  const dateFlag = flag(args, 'date');
  const asOf = dateFlag ? normaliseDate(dateFlag) : todayIso();
  if (!asOf) throw new CliError(message('P3006', lang, { field: '--date', found: dateFlag ?? '' }));
  const ledgerPath = flag(args, 'ledger');
  if ((ledgerPath || dateFlag) && !population) throw new CliError(message('diff.cli.needsPopulation', lang, { option: ledgerPath ? '--ledger' : '--date' }));
  if (population && format === 'md') throw new CliError(message('diff.cli.mdPopulation', lang));

  let text: string;
  let impact: ImpactReport | undefined;
  if (population) impact = await impactOf(a, b, population, { asOf, lang, ...(ledgerPath && { ledgers: readLedgers(ledgerPath, lang) }) });
  if (args.json) {
    const edges = perBenefit ? findEdgeCases(a.model, b.model, diff, { lang, perBenefit, ...(at && { at }) }) : [];
    text = JSON.stringify({ old: oldName, new: newName, diff, edges, ...(impact && { impact }) }, null, 2) + '\n';
  } else if (format === 'md' || (format === 'html' && !impact)) {
    const doc = buildComparison(a.model, b.model, diff, documents);
    text = format === 'md' ? renderComparisonMarkdown(doc) : renderComparisonHtml(doc);
  } else if (format === 'html') {
    const title = label(b.model.header.title, lang, message('summary.untitled', lang));
    text = renderImpactHtml(impact!, diff, { lang, title, asOf });
  } else {
    text = renderDiffText(diff, perBenefit ? findEdgeCases(a.model, b.model, diff, { lang, perBenefit, ...(at && { at }) }) : undefined);
    if (impact) text += '\n' + renderImpactText(impact, lang);
  }
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    process.stderr.write(message('summary.cli.written', lang, { file: out }) + '\n');
  } else process.stdout.write(text);
  return 0;
}
