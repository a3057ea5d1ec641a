// policy batch FILE --subjects S --out R [--subject T] [--subject-column C] [--id C] [--ledger L]
//   [--date D] [--params P] [--jobs N] [--report HTML] [--resume] [--quiet] [--json]
// A thin shell over runBatch (compiler/batch): options → BatchRunOptions,
// Ctrl-C → abort (rows in flight are finished and checkpointed; a second
// Ctrl-C exits at once, the checkpoint still stands), errors → messages.
import { compileFile, flag, inputErrorsText, printDiagnostics, readJsonInput, type CliArgs } from './common.ts';
import { normaliseDate, validateParams, type InputError } from '../facts.ts';
import { message, type MessageId } from '../messages.ts';
import { todayIso } from './eval.ts';
import { runBatch, BatchError, companionFiles } from '../batch/run.ts';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { summaryText } from '../batch/summary.ts';
import { runSqlEngine } from './batch-sql.ts';

export async function run(args: CliArgs): Promise<number> {
  const lang = args.lang;
  const file = args.positional[0]!;
  const c = compileFile(file, lang);
  if (c.hasErrors) {
    printDiagnostics(c, file, lang);
    return 1;
  }
  const errors: InputError[] = [];
  const params: Record<string, string> = {};
  const paramsArg = flag(args, 'params');
  if (paramsArg !== undefined) {
    // A path, inline JSON or - (stdin), as every JSON option (common.ts), checked by the one rule for
    // parameters (facts.ts validateParams, as policy eval): errors name --params or params.NAME.
    const raw = await readJsonInput('--params', paramsArg, lang);
    const p = validateParams(c.model, raw);
    if (!p.ok) for (const e of p.errors) errors.push(e);
    else for (const k of Object.keys(p.params)) params[k] = String((raw as Record<string, unknown>)[k]);
  }
  const dateFlag = flag(args, 'date');
  const asOf = dateFlag !== undefined ? normaliseDate(dateFlag) : todayIso();
  if (!asOf) errors.push({ code: 'P3006', field: '--date', args: { found: dateFlag ?? '' } });
  if (errors.length) {
    process.stderr.write(inputErrorsText(errors, lang) + '\n');
    return 2;
  }
  const engine = flag(args, 'engine') ?? 'js';
  if (engine !== 'js') return runSqlEngine(c.model, args, engine as 'duckdb' | 'spark', asOf!, params);
  const jobsFlag = flag(args, 'jobs');
  // Each job is a worker thread with its own copy of the evaluator: --jobs 99999 started threads until the
  // machine stalled. More than a few per core gains nothing, so more is refused, never silently lowered.
  const maxJobs = Math.max(8, 4 * availableParallelism());
  const jobs = jobsFlag === undefined ? undefined : /^\d+$/.test(jobsFlag) && Number(jobsFlag) >= 1 && Number(jobsFlag) <= maxJobs ? Number(jobsFlag) : NaN;
  if (Number.isNaN(jobs)) {
    process.stderr.write(message('batch.badOption', lang, { option: '--jobs', found: jobsFlag ?? '', expected: lang === 'zh' ? `应为 1 至 ${maxJobs} 的整数` : `a whole number from 1 to ${maxJobs}` }) + '\n');
    return 2;
  }
  // The files written beside --out (R.rejects.jsonl, R.summary.json, the checkpoint) must not be an input either.
  const companions = companionFiles(flag(args, 'out')!);
  for (const [option, path] of [['--subjects', flag(args, 'subjects')], ['--ledger', flag(args, 'ledger')], ['--report', flag(args, 'report')], [file, file]] as const) {
    const hit = path === undefined ? undefined : Object.values(companions).find((c) => resolve(c) === resolve(path));
    if (hit) {
      process.stderr.write(message('cli.overwrites', lang, { option: '--out', path: hit, other: option }) + '\n');
      return 2;
    }
  }
  const quiet = args.flags.get('quiet') === true;
  const ac = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    // The first Ctrl-C finishes the rows in flight and writes the checkpoint; a second one exits now.
    if (++interrupts > 1) process.exit(130);
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const result = await runBatch({
      policyText: c.text,
      subjects: flag(args, 'subjects')!,
      out: flag(args, 'out')!,
      ...(flag(args, 'ledger') !== undefined && { ledger: flag(args, 'ledger')! }),
      ...(flag(args, 'subject') !== undefined && { subject: flag(args, 'subject')! }),
      ...(flag(args, 'subject-column') !== undefined && { subjectColumn: flag(args, 'subject-column')! }),
      ...(flag(args, 'id') !== undefined && { id: flag(args, 'id')! }),
      ...(flag(args, 'report') !== undefined && { report: flag(args, 'report')! }),
      asOf: asOf!,
      params,
      lang,
      ...(jobs !== undefined && { jobs }),
      resume: args.flags.get('resume') === true,
      progress: { mode: quiet ? 'quiet' : process.stderr.isTTY ? 'bar' : 'lines', sink: process.stderr },
      signal: ac.signal,
    });
    if (result.interrupted) {
      process.stderr.write(message('batch.interrupted', lang, { row: result.row }) + '\n');
      return 130;
    }
    // An --id or --subject-column that no row has (JSON Lines name their keys row by row, so this shows only at the
    // end): every row is in the rejects file, and the run is refused rather than ending as a success.
    const t0 = result.tally;
    const never = (code: string, flagName: string, id: MessageId) => {
      const column = flag(args, flagName);
      if (column === undefined || t0.rows === 0 || t0.evaluated !== 0 || (t0.rejects[code] ?? 0) !== t0.rows) return false;
      process.stderr.write(message(id, lang, { column, rows: t0.rows, rejects: result.files.rejects }) + '\n');
      return true;
    };
    if (never('P3506', 'id', 'batch.idNeverFound') || never('P3505', 'subject-column', 'batch.subjectNeverFound')) return 2;
    if (args.flags.get('json') === true) process.stdout.write(JSON.stringify(result.summary, null, 2) + '\n');
    else if (!quiet) process.stdout.write(summaryText(result.summary, lang));
    if (!quiet) {
      const t = result.tally;
      process.stderr.write(
        message('batch.done', lang, { rows: t.rows, evaluated: t.evaluated, rejected: t.rejected, seconds: result.seconds.toFixed(1), rate: Math.round(t.rows / result.seconds) }) + '\n',
      );
      process.stderr.write(message('batch.written', lang, { out: result.files.results, rejects: result.files.rejects, summary: result.files.summary }) + '\n');
    }
    return 0;
  } catch (e) {
    if (e instanceof BatchError) {
      process.stderr.write(message(e.id, lang, e.args) + '\n');
      for (const d of e.details) process.stderr.write(`  ${d}\n`);
      return 2;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
