// `policy batch … --engine duckdb|spark`: the same input files and output
// columns as the JS engine, decided by the generated SQL (compiler/sql/run.ts)
// on embedded DuckDB or through spark-sql. Options of the JS engine that have
// no meaning here (--jobs, --report, --resume) are refused, never ignored.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { summaryText, type BatchSummary } from '../batch/summary.ts';
import type { Model } from '../model.ts';
import { message } from '../messages.ts';
import { parseDecimal, type Rat } from '../rational.ts';
import { checkInputs, duckCsv, runDuckDB, runSpark, RunError, type SqlRunOptions } from '../sql/run.ts';
import { duckdb } from '../sql/dialect.ts';
import { Untranslatable } from '../sql/expr.ts';
import { openDuckDB } from '../sql/duckdb.ts';
import { flag, type CliArgs } from './common.ts';

export async function runSqlEngine(model: Model, args: CliArgs, engine: 'duckdb' | 'spark', asOf: string, params: Record<string, string>): Promise<number> {
  const lang = args.lang;
  for (const option of ['jobs', 'report', 'resume']) {
    if (args.flags.has(option)) {
      process.stderr.write(`policy batch: ${message('sql.notWithEngine', lang, { option: `--${option}`, engine })}\n`);
      return 2;
    }
  }
  if (engine === 'duckdb' && args.flags.has('master')) {
    process.stderr.write(`policy batch: ${message('sql.notWithEngine', lang, { option: '--master', engine })}\n`);
    return 2;
  }
  const rats: Record<string, Rat> = {};
  for (const [k, v] of Object.entries(params)) rats[k] = parseDecimal(v)!;
  const o: SqlRunOptions = {
    engine,
    input: flag(args, 'subjects')!,
    out: flag(args, 'out')!,
    asOf,
    params: rats,
    lang,
    ...(flag(args, 'ledger') !== undefined && { ledger: flag(args, 'ledger')! }),
    ...(flag(args, 'subject') !== undefined && { subject: flag(args, 'subject')! }),
    ...(flag(args, 'subject-column') !== undefined && { subjectColumn: flag(args, 'subject-column')! }),
    ...(flag(args, 'id') !== undefined && { id: flag(args, 'id')! }),
    ...(flag(args, 'master') !== undefined && { master: flag(args, 'master')! }),
  };
  const started = performance.now();
  try {
    // Before the headers are read: a file that is not there, or a format the engine does not read, is refused by name.
    checkInputs(o);
    let result;
    if (engine === 'duckdb') result = await runDuckDB(model, o);
    else {
      // spark-sql needs the column names to write the checks: read the headers with DuckDB (no data is loaded).
      const db = await openDuckDB();
      try {
        const cols = async (p: string) => (await db.all(`DESCRIBE SELECT * FROM ${/\.parquet$/i.test(p) ? `read_parquet(${duckdb.str(p)})` : duckCsv(p, true)}`)).map((r) => String(r['column_name']));
        result = await runSpark(model, o, await cols(o.input), o.ledger ? await cols(o.ledger) : undefined);
      } finally {
        db.close();
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    // DuckDB writes R.summary.json as the JS engine does: the same summary is printed (and --json prints it).
    const written = result.outputs[2] !== undefined ? (JSON.parse(readFileSync(result.outputs[2], 'utf8')) as BatchSummary) : undefined;
    const summary = written ?? { engine, rows: result.rows, rejected: result.rejected, seconds: Number(seconds), results: result.outputs[0], rejects: result.outputs[1] };
    if (args.flags.get('json') === true) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else if (args.flags.get('quiet') !== true) {
      if (written) process.stdout.write(summaryText(written, lang));
      process.stderr.write(message('sql.done', lang, { engine, rows: String(result.rows), rejected: String(result.rejected), seconds }) + '\n');
      process.stderr.write(message('sql.written', lang, { out: result.outputs[0]!, rejects: result.outputs[1]! }) + '\n');
    }
    return 0;
  } catch (e) {
    if (e instanceof Untranslatable) {
      process.stderr.write(message('sql.untranslatable', lang, { file: basename(args.positional[0]!), construct: e.construct, where: e.where }) + '\n');
      return 1;
    }
    if (e instanceof RunError) {
      process.stderr.write(message('sql.failed', lang, { engine, detail: message(e.id, lang, { ...e.args, engine }) }) + '\n');
      return 2;
    }
    if (e instanceof Error && /Binder Error|Parser Error|Conversion Error|IO Error|Invalid Input/.test(e.message)) {
      process.stderr.write(message('sql.failed', lang, { engine, detail: e.message }) + '\n');
      return 2;
    }
    throw e;
  }
}
