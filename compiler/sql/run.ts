// Running the generated SQL where the data is: embedded DuckDB (default) or
// Apache Spark through its `spark-sql` launcher. Both read CSV or Parquet,
// check every value in SQL (compiler/sql/load.ts), decide with the generated
// queries (compiler/sql/translate.ts) and write one row per subject and benefit
// (`id, subject, benefit, status, amount, fund, clause, reason, reasons,
// missing, condition`) plus the rejected rows (`id, subject, code, field`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Model } from '../model.ts';
import type { Rat } from '../rational.ts';
import { duckdb, spark, type Dialect } from './dialect.ts';
import { ledgerKeyFacts, tableNames } from './ddl.ts';
import { ledgerSelect, typedSelect, type RawColumns } from './load.ts';
import { translate } from './translate.ts';
import { openDuckDB, EngineUnavailable } from './duckdb.ts';
import { Misaligned, writeResults, type WriteOptions } from './write.ts';
import { ledgerCells, scanLedger } from '../batch/ledger.ts';
import type { JoinedLedger } from '../batch/decide.ts';
import type { Lang } from '../messages.ts';
import type { Tally } from '../batch/summary.ts';

export interface SqlRunOptions {
  engine: 'duckdb' | 'spark';
  input: string;
  ledger?: string;
  out: string;
  asOf: string;
  params?: Record<string, Rat>;
  /** Every row is of this subject type; otherwise the column 申请对象 / subject says. */
  subject?: string;
  subjectColumn?: string;
  id?: string;
  threads?: number;
  memoryLimit?: string;
  /** spark-sql master, default local[2]. */
  master?: string;
  /** Language of the reject messages and the summary's labels (DuckDB). */
  lang?: Lang;
}

export interface SqlRunResult {
  /** Result rows written (one per subject and benefit). */
  rows: number;
  /** Input rows rejected. */
  rejected: number;
  /** DuckDB: the batch's tally (the summary's counts), as the JS engine's. */
  tally?: Tally;
  outputs: string[];
  sql: string;
}

export class RunError extends Error {
  constructor(
    readonly id: 'sql.noInput' | 'sql.misaligned' | 'sql.format' | 'sql.noIdColumn' | 'sql.noSubjectColumn' | 'sql.ledgerColumns' | 'sql.ledgerUnreadable' | 'sql.sparkMissing' | 'sql.sparkFailed',
    readonly args: Record<string, string>,
  ) {
    super(`${id} ${JSON.stringify(args)}`);
  }
}

const SUBJECT_COLUMNS = ['申请对象', 'subject'];
/** Spark's column for a CSV record whose number of fields is not the header's (see runScript). */
const SPARK_CORRUPT = '__corrupt_record';

/**
 * DuckDB's reader of a CSV file as `policy batch` reads one (compiler/batch/csv.ts): a header row, comma
 * separated, RFC 4180 quotes, every cell as text. The options are spelled out, never sniffed: the sniffer
 * takes a sample of rows and, on an office export with sparse columns and a few damaged rows, can settle on
 * "one column" and read the whole header as a single name. With `rejects`, a line the reader cannot split
 * into the header's columns is kept in DuckDB's `reject_errors` table instead of failing the query (see
 * `readerRejects`), so that it can be reported, never dropped.
 */
export function duckCsv(path: string, rejects = false): string {
  return `read_csv(${duckdb.str(path)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = true${rejects ? ', store_rejects = true, ignore_errors = true' : ''})`;
}

/** The lines DuckDB's CSV reader set aside (`duckCsv(path, true)`), as the JS engine's codes: P3502 wrong number of fields, P3503 a stray quote, P3504 an unclosed quote or an over-long line. */
const readerRejects = (path: string) =>
  `SELECT e.line, CASE WHEN bool_or(e.error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS')) THEN 'P3502' WHEN bool_or(e.error_type = 'UNQUOTED VALUE') THEN 'P3503' ELSE 'P3504' END AS code, ` +
  `any_value(e.csv_line) AS csv_line FROM reject_errors e JOIN reject_scans s ON s.scan_id = e.scan_id AND s.file_id = e.file_id WHERE s.file_path = ${duckdb.str(path)} GROUP BY e.line`;
const formatOf = (path: string): 'csv' | 'parquet' | undefined => {
  const e = extname(path).toLowerCase();
  return e === '.csv' ? 'csv' : e === '.parquet' ? 'parquet' : undefined;
};

/** The statements of a whole run, for either engine (views over the files, typed tables, decisions). */
export function runScript(model: Model, D: Dialect, o: SqlRunOptions, columns: string[], ledgerColumns: string[] | undefined): { setup: string[]; decide: string[]; rejects: string; numbered?: { decisions: string; rejects: string }; idColumn: string } {
  const q = D.ident;
  // DuckDB over Parquet (runDuckDB reads a CSV into Parquet first): every row keeps its place in the file
  // (file_row_number, `__idx` from there on), so that the results are written in input order, as the JS engine writes them.
  const numbered = D.name === 'duckdb' && formatOf(o.input) === 'parquet';
  const src = (path: string) => {
    const f = formatOf(path);
    if (D.name === 'duckdb') return f === 'csv' ? duckCsv(path) : `read_parquet(${D.str(path)}${numbered && path === o.input ? ', file_row_number = true' : ''})`;
    return f === 'csv' ? `csv.${q(path)}` : `parquet.${q(path)}`;
  };
  // Spark reads a file through a view with options: a header line, RFC 4180 quotes ("" inside a quoted field).
  // Its CSV reader is lenient: a line with too few fields is filled with NULLs (missing facts!) and one with
  // too many loses the extra ones. So a CSV is read with its columns declared (every one text) plus a
  // column for corrupt records (SPARK_CORRUPT), which holds the line of each record whose number of fields
  // is not the header's: the view `name` has the other records, `name`__bad the damaged ones with their row
  // number (multiLine reads a file whole as one partition, so monotonically_increasing_id() counts its
  // records from 0). Damaged subject lines are rejected (P3502, as the other engines do), damaged ledger
  // lines make an error of their subject's ledger.
  const view = (name: string, path: string, cols: string[]): string[] =>
    D.name === 'duckdb'
      ? [`CREATE OR REPLACE TEMP VIEW ${name} AS SELECT * FROM ${src(path)}`]
      : formatOf(path) === 'csv'
        ? [
            `CREATE OR REPLACE TEMPORARY VIEW ${name}__file (${[...cols, SPARK_CORRUPT].map((c) => `${q(c)} STRING`).join(', ')}) USING csv OPTIONS (path ${D.str(path)}, header 'true', quote '"', escape '"', multiLine 'true', mode 'PERMISSIVE', columnNameOfCorruptRecord ${D.str(SPARK_CORRUPT)})`,
            `CREATE OR REPLACE TEMPORARY VIEW ${name} AS SELECT ${cols.map(q).join(', ')} FROM ${name}__file WHERE ${q(SPARK_CORRUPT)} IS NULL`,
            `CREATE OR REPLACE TEMPORARY VIEW ${name}__bad AS SELECT * FROM (SELECT *, monotonically_increasing_id() + 1 AS __row FROM ${name}__file) WHERE ${q(SPARK_CORRUPT)} IS NOT NULL`,
          ]
        : [`CREATE OR REPLACE TEMPORARY VIEW ${name} USING parquet OPTIONS (path ${D.str(path)})`];
  const damaged = (name: string, path: string) => D.name === 'spark' && formatOf(path) === 'csv' && `${name}__bad`;
  const id = o.id ?? (['id', 'ID', '编号'].find((c) => columns.includes(c)) || 'id');
  if (!columns.includes(id)) throw new RunError('sql.noIdColumn', { column: id, columns: columns.join(', ') });
  const subjectColumn = o.subject ? undefined : (o.subjectColumn ?? SUBJECT_COLUMNS.find((c) => columns.includes(c)));
  if (!o.subject && !subjectColumn) throw new RunError('sql.noSubjectColumn', { columns: SUBJECT_COLUMNS.join(' / ') });
  const raw: RawColumns = { columns, id, ...(subjectColumn && { subjectColumn }), ...(o.subject && { subject: o.subject }), ...(numbered && { row: ROW }) };
  const names = tableNames({}, D);
  const setup: string[] = [];
  const tmp = D.name === 'duckdb' ? 'TEMP ' : 'TEMPORARY ';
  setup.push(...view('__raw', o.input, columns));
  const blankId = `NULLIF(trim(CAST(${q(id)} AS ${D.text})), '') IS NULL`;
  // An id that comes twice would decide one subject twice (and count its ledger twice): as in the JS engine, the later
  // rows are rejected (P3508) naming the first, which alone is decided.
  if (numbered) setup.push(`CREATE OR REPLACE TABLE __firsts AS SELECT trim(CAST(${q(id)} AS ${D.text})) AS id, min(${ROW}) AS first FROM __raw WHERE NOT (${blankId}) GROUP BY 1`);
  const firstOnly = (t: string) => (numbered ? ` AND ${t}.__idx = (SELECT f.first FROM __firsts f WHERE f.id = ${t}.${q('id')})` : '');
  const types = o.subject ? [o.subject] : [...model.subjects.keys()];
  const typed: string[] = [];
  const views: string[] = [];
  types.forEach((t, i) => {
    const s = model.subjects.get(t)!;
    const facts = [...s.facts.values()].filter((f) => !f.derived).map((f) => q(f.name));
    setup.push(`CREATE OR REPLACE ${tmp}VIEW __typed${i} AS ${typedSelect(model, s, D, '__raw', raw)}`);
    // DuckDB: a table of the run's database file (runDuckDB), so it lives on disk past the memory limit.
    if (D.name === 'duckdb') setup.push(`CREATE OR REPLACE TABLE __checked${i} AS SELECT * FROM __typed${i}`);
    else setup.push(`CACHE TABLE __checked${i} AS SELECT * FROM __typed${i}`);
    typed.push(`__checked${i}`);
    views.push(
      `CREATE OR REPLACE ${tmp}VIEW ${names.subject(t)} AS SELECT ${[q('id'), ...facts].join(', ')} FROM __checked${i} WHERE __error IS NULL AND ${q('id')} NOT IN (SELECT ${q('id')} FROM __ledgerchecked WHERE __error IS NOT NULL AND ${q('id')} IS NOT NULL)${firstOnly(`__checked${i}`)}`,
    );
  });
  if (o.ledger && ledgerColumns) {
    setup.push(...view('__rawledger', o.ledger, ledgerColumns));
    const bad = damaged('__rawledger', o.ledger);
    // A damaged ledger line counts as a bad row of its subject's ledger (P3502): the subject is rejected.
    const l = ledgerSelect(model, D, bad ? `(SELECT ${ledgerColumns.map(q).join(', ')}, NULL AS __damaged FROM __rawledger UNION ALL SELECT ${ledgerColumns.map(q).join(', ')}, 'P3502' AS __damaged FROM ${bad}) __ledgerlines` : '__rawledger', ledgerColumns, id, !!bad, o.asOf);
    if (l.missing.length) throw new RunError('sql.ledgerColumns', { columns: l.missing.join(', ') });
    // Checked once, read by every subject type's view and by the rejects.
    setup.push(D.name === 'duckdb' ? `CREATE OR REPLACE TABLE __ledgerchecked AS ${l.sql}` : `CACHE TABLE __ledgerchecked AS ${l.sql}`);
  } else {
    const keys = ledgerKeyFacts(model);
    const keyCols = keys.map((k) => `, CAST(NULL AS ${D.text}) AS ${q(`key.${k}`)}`).join('');
    setup.push(
      `CREATE OR REPLACE ${tmp}VIEW __ledgerchecked AS SELECT CAST(NULL AS ${D.text}) AS ${q('id')}, CAST(NULL AS ${D.text}) AS ${q('benefit')}, CAST(NULL AS DATE) AS ${q('date')}, CAST(NULL AS ${D.money}) AS ${q('amount')}${keyCols}, CAST(NULL AS ${D.text}) AS __error WHERE FALSE`,
    );
  }
  // A subject with a bad ledger row is rejected: deciding it as if nothing had been paid could pay too much.
  const ledgerCols = [q('id'), q('benefit'), q('date'), q('amount'), ...ledgerKeyFacts(model).map((k) => q(`key.${k}`))];
  setup.push(`CREATE OR REPLACE ${tmp}VIEW ${names.ledger} AS SELECT ${ledgerCols.join(', ')} FROM __ledgerchecked WHERE ${q('id')} NOT IN (SELECT ${q('id')} FROM __ledgerchecked WHERE __error IS NOT NULL AND ${q('id')} IS NOT NULL)`);
  setup.push(...views);
  const queries = translate(model, { dialect: D, asOf: o.asOf, ...(o.params && { params: o.params }) }).filter((x) => types.includes(x.subject));
  const badLedger = `SELECT ${q('id')} AS id, min(__error) AS code FROM __ledgerchecked WHERE __error IS NOT NULL GROUP BY ${q('id')}`;
  const decideSql = queries.map((x) => x.sql.replace(/\s+$/, ''));
  // Rows no subject type takes: blank id (P3506), blank subject type (P3505), unknown subject type (P3005).
  const blank = (c: string) => `NULLIF(trim(CAST(${q(c)} AS ${D.text})), '') IS NULL`;
  const unplaced = subjectColumn
    ? [
        `SELECT trim(CAST(${q(id)} AS ${D.text})) AS id, trim(CAST(${q(subjectColumn)} AS ${D.text})) AS subject, ` +
          `CASE WHEN ${blank(id)} THEN 'P3506' WHEN ${blank(subjectColumn)} THEN 'P3505' ELSE 'P3005' END AS code, ` +
          `CASE WHEN ${blank(id)} THEN ${D.str(id)} ELSE ${D.str(subjectColumn)} END AS field FROM __raw ` +
          `WHERE ${blank(id)} OR ${blank(subjectColumn)} OR NOT trim(CAST(${q(subjectColumn)} AS ${D.text})) IN (${types.map((t) => D.str(t)).join(', ')})`,
      ]
    : [`SELECT CAST(NULL AS ${D.text}) AS id, ${D.str(o.subject!)} AS subject, 'P3506' AS code, ${D.str(id)} AS field FROM __raw WHERE ${blank(id)}`];
  // Lines of a CSV with too few or too many fields (Spark; DuckDB's reader sets them aside in runDuckDB).
  const bad = damaged('__raw', o.input);
  if (bad)
    unplaced.push(
      `SELECT NULLIF(trim(${q(id)}), '') AS id, ${subjectColumn ? `NULLIF(trim(${q(subjectColumn)}), '')` : D.str(o.subject!)} AS subject, 'P3502' AS code, concat('row ', CAST(__row AS STRING)) AS field FROM ${bad}`,
    );
  const rejects = [
    ...unplaced,
    ...typed.map((t, i) => `SELECT ${q('id')} AS id, ${D.str(types[i]!)} AS subject, __error AS code, __field AS field FROM ${t} WHERE __error IS NOT NULL`),
    ...types.map(
      (t, i) =>
        `SELECT c.${q('id')} AS id, ${D.str(t)} AS subject, b.code AS code, ${D.str('ledger')} AS field FROM ${typed[i]} c JOIN (${badLedger}) b ON b.id = c.${q('id')} WHERE c.__error IS NULL`,
    ),
  ].join('\n UNION ALL\n');
  if (!numbered) return { setup, decide: decideSql, rejects, idColumn: id };
  // With row numbers: the decisions with the row of their subject (the views hold first rows only, so an id is one row),
  // and the rejects with theirs — a later row of an id is P3508 whatever else is wrong with it; its bad ledger otherwise.
  const decisions = `SELECT f.first AS __idx, d.* FROM (${decideSql.map((s) => `(${s})`).join('\nUNION ALL\n')}) d JOIN __firsts f ON f.id = d.${q('id')}`;
  const numberedRejects = [
    ...(subjectColumn
      ? [
          `SELECT ${ROW} AS __idx, NULLIF(trim(CAST(${q(id)} AS ${D.text})), '') AS id, CASE WHEN ${blank(id)} THEN 'P3506' WHEN ${blank(subjectColumn)} THEN 'P3505' ELSE 'P3005' END AS code, ` +
            `CASE WHEN ${blank(id)} THEN ${D.str(id)} ELSE ${D.str(subjectColumn)} END AS field, CAST(NULL AS BIGINT) AS first FROM __raw ` +
            `WHERE ${blank(id)} OR ${blank(subjectColumn)} OR NOT trim(CAST(${q(subjectColumn)} AS ${D.text})) IN (${types.map((t) => D.str(t)).join(', ')})`,
        ]
      : [`SELECT ${ROW} AS __idx, CAST(NULL AS ${D.text}) AS id, 'P3506' AS code, ${D.str(id)} AS field, CAST(NULL AS BIGINT) AS first FROM __raw WHERE ${blank(id)}`]),
    ...typed.map(
      (t) =>
        `SELECT c.__idx, c.${q('id')} AS id, CASE WHEN f.first <> c.__idx THEN 'P3508' WHEN c.__error IS NOT NULL THEN c.__error ELSE b.code END AS code, ` +
        `CASE WHEN f.first <> c.__idx THEN ${D.str(id)} WHEN c.__error IS NOT NULL THEN c.__field ELSE 'ledger' END AS field, f.first AS first ` +
        `FROM ${t} c JOIN __firsts f ON f.id = c.${q('id')} LEFT JOIN (${badLedger}) b ON b.id = c.${q('id')} WHERE f.first <> c.__idx OR c.__error IS NOT NULL OR b.code IS NOT NULL`,
    ),
  ].join('\n UNION ALL\n');
  return { setup, decide: decideSql, rejects, numbered: { decisions, rejects: numberedRejects }, idColumn: id };
}

/** The column DuckDB numbers the rows of a Parquet file with (`read_parquet(…, file_row_number = true)`), from 0. */
const ROW = 'file_row_number';

/**
 * The subjects and ledger files exist and are of a format the SQL engines read (CSV, Parquet): a JSON Lines file, which
 * the JS engine reads, is refused by name (sql.format), never read as CSV.
 */
export function checkInputs(o: Pick<SqlRunOptions, 'input' | 'ledger'>): void {
  for (const p of [o.input, o.ledger].filter((x): x is string => !!x)) {
    if (!existsSync(p)) throw new RunError('sql.noInput', { path: p });
    if (!formatOf(p)) throw new RunError('sql.format', { path: p });
  }
}

/** Runs a batch on embedded DuckDB. */
export async function runDuckDB(model: Model, o: SqlRunOptions): Promise<SqlRunResult> {
  checkInputs(o);
  // Memory: the checked tables of a run live in a database file of the run's own (not in memory), the
  // operators spill to its folder past the memory limit (DUCKDB_MEMORY_LIMIT, default 1GB), and rows are not
  // kept in insertion order (the output is one row per subject and benefit, in no promised order), so DuckDB
  // may stream them out. The file and the folder are removed at the end.
  const work = mkdtempSync(join(tmpdir(), 'policy-duckdb-'));
  const memoryLimit = o.memoryLimit ?? process.env['DUCKDB_MEMORY_LIMIT'] ?? '1GB';
  // One DuckDB thread unless told (DUCKDB_THREADS): the run's queries are small pipelines over one file, and a second
  // thread cost ~1.5× the CPU of the checked tables (50,000-row office CSV, bench/sql-batch-ab.ts) while the writer on
  // the main thread, not DuckDB, sets the pace.
  const threads = o.threads ?? (Number(process.env['DUCKDB_THREADS']) || 1);
  let db: Awaited<ReturnType<typeof openDuckDB>>;
  try {
    db = await openDuckDB({ threads, memoryLimit, path: join(work, 'run.duckdb'), tempDirectory: join(work, 'spill'), preserveInsertionOrder: false });
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  try {
    // The database file is removed at the end: closing it need not write its tables back first.
    await db.run('PRAGMA disable_checkpoint_on_shutdown');
    const D = duckdb;
    const describe = async (path: string) => (await db.all(`DESCRIBE SELECT * FROM ${formatOf(path) === 'csv' ? duckCsv(path, true) : `read_parquet(${D.str(path)})`}`)).map((r) => String(r['column_name']));
    // A CSV ledger is read with the reader's rejects kept: a ledger line that cannot be read stops the run
    // (deciding its subject as if nothing had been paid could pay too much).
    // A CSV ledger is read once, into a Parquet file of the run's own in file order: the checks, the report of unmatched
    // rows and the ledgers of rejected subjects all read that copy.
    let ledger = o.ledger;
    if (o.ledger && formatOf(o.ledger) === 'csv') {
      ledger = join(work, 'ledger.parquet');
      await db.run('SET preserve_insertion_order = true');
      await db.run(`COPY (SELECT * FROM ${duckCsv(o.ledger, true)}) TO ${D.str(ledger)} (FORMAT parquet)`);
      await db.run('SET preserve_insertion_order = false');
      const bad = await db.all(`${readerRejects(o.ledger)} ORDER BY e.line LIMIT 5`);
      if (bad.length) throw new RunError('sql.ledgerUnreadable', { path: o.ledger, lines: bad.map((b) => `${b['line']} (${b['code']})`).join(', ') });
    }
    // A CSV of subjects is read once, into a Parquet file of the run's own (each subject type's query reads
    // the input again, and a columnar file is cheap to read again). Lines the reader cannot split into the
    // header's columns become rejects, as in the JS engine, never lost.
    let input = o.input;
    if (formatOf(o.input) === 'csv') {
      input = join(work, 'subjects.parquet');
      // In file order (the row numbers of the results come from it), whatever the run's setting.
      await db.run('SET preserve_insertion_order = true');
      await db.run(`COPY (SELECT * FROM ${duckCsv(o.input, true)}) TO ${D.str(input)} (FORMAT parquet)`);
      await db.run('SET preserve_insertion_order = false');
      await db.run(
        `CREATE OR REPLACE TEMP TABLE __readerrejects AS SELECT NULLIF(trim(split_part(csv_line, ',', 1), ' "'), '') AS id, NULLIF(trim(split_part(csv_line, ',', 2), ' "'), '') AS subject, code, 'row ' || CAST(line - 1 AS VARCHAR) AS field FROM (${readerRejects(o.input)})`,
      );
    } else await db.run(`CREATE OR REPLACE TEMP TABLE __readerrejects (id VARCHAR, subject VARCHAR, code VARCHAR, field VARCHAR)`);
    const columns = await describe(input);
    const ledgerColumns = ledger ? await describe(ledger) : undefined;
    const script = runScript(model, D, { ...o, input, ...(ledger && { ledger }) }, columns, ledgerColumns);
    for (const s of script.setup) await db.run(s);
    mkdirSync(resolve(o.out, '..'), { recursive: true });
    // The lines DuckDB's reader set aside (a CSV): the JS engine's reader names their errors as it reads them.
    const readerLines = new Map<number, string>();
    if (formatOf(o.input) === 'csv') for (const r of await db.all(readerRejects(o.input))) readerLines.set(Number(r['line']), String(r['code']));
    // With a ledger file: its rows, and the rows whose id no subject row carries (the first 20 such ids, by their first
    // row). A subject row carries its id as the JS engine reads it (batch/run.ts idOf: any record with cells, a line of too
    // few or too many fields too; not a line its reader cannot split), so the report is made after the rows are written
    // (writeResults gives the lines the two readers read differently), with the same ids as the JS engine's.
    let ledgerReport: WriteOptions['ledger'];
    if (o.ledger) {
      const lid = D.ident(o.id ?? script.idColumn);
      const lrows = `(SELECT trim(CAST(${lid} AS VARCHAR)) AS id, file_row_number FROM read_parquet(${D.str(ledger!)}, file_row_number = true))`;
      const sid = D.ident(script.idColumn);
      ledgerReport = async (differ) => {
        // The ids the JS engine's reader gives the subject rows: DuckDB's rows but those it read and the JS reader could not
        // split (by row), and the ids of the lines only the JS reader split into cells.
        const notRead = differ.jsUnread.length ? ` AND ${ROW} NOT IN (${differ.jsUnread.join(', ')})` : '';
        const onlyJs = differ.jsOnlyIds.map((x) => ` UNION SELECT ${D.str(x)}`).join('');
        await db.run(`CREATE OR REPLACE TEMP TABLE __carried AS SELECT trim(CAST(${sid} AS VARCHAR)) AS id FROM __raw WHERE NULLIF(trim(CAST(${sid} AS VARCHAR)), '') IS NOT NULL${notRead}${onlyJs}`);
        const unmatched = `SELECT id, min(file_row_number) AS first, count(*) AS n FROM ${lrows} l WHERE NOT EXISTS (SELECT 1 FROM __carried f WHERE f.id = l.id) GROUP BY id`;
        const total = await db.all(`SELECT (SELECT count(*) FROM ${lrows}) AS rows, (SELECT COALESCE(sum(n), 0) FROM (${unmatched})) AS unmatched`);
        const ids = await db.all(`SELECT id FROM (${unmatched}) ORDER BY first LIMIT 20`);
        return { rows: Number(total[0]!['rows']), unmatchedRows: Number(total[0]!['unmatched']), unmatchedIds: ids.map((r) => String(r['id'])) };
      };
    }
    // The subjects rejected for a bad ledger row: their ledger rows as the JS engine joins them, so that the reject names
    // every error by ledger row, as the JS engine's does.
    let badLedgers: Map<string, JoinedLedger> | undefined;
    if (o.ledger) {
      const bad = new Set((await db.all(`SELECT DISTINCT ${D.ident('id')} AS id FROM __ledgerchecked WHERE __error IS NOT NULL AND ${D.ident('id')} IS NOT NULL`)).map((r) => String(r['id'])));
      if (bad.size) {
        const found = new Map<string, JoinedLedger>();
        const add = (lid: string, entry: Record<string, unknown>, row: number) => {
          if (!bad.has(lid)) return;
          let j = found.get(lid);
          if (!j) found.set(lid, (j = { entries: [], rows: [] }));
          j.entries.push(entry);
          j.rows!.push(row);
        };
        if (formatOf(o.ledger) === 'csv') {
          // From the run's copy of the ledger (its cells as text, in file order: row = file_row_number + 1), not a second
          // read of the file: only the rows of the subjects rejected, each made an entry as the batch reader makes it.
          const cols = ledgerColumns!;
          const sid = D.ident(script.idColumn);
          const rows = await db.all(
            `SELECT file_row_number AS __row, ${cols.map((c) => D.ident(c)).join(', ')} FROM read_parquet(${D.str(ledger!)}, file_row_number = true) ` +
              `WHERE trim(CAST(${sid} AS VARCHAR)) IN (SELECT ${D.ident('id')} FROM __ledgerchecked WHERE __error IS NOT NULL) ORDER BY file_row_number`,
          );
          for (const r of rows) {
            const one = ledgerCells(cols, cols.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))), script.idColumn);
            if (one) add(one.id, one.entry, Number(r['__row']) + 1);
          }
        } else await scanLedger(o.ledger, script.idColumn, add);
        badLedgers = found;
      }
    }
    let written;
    try {
      written = await writeResults(model, db.connection, {
        input: o.input,
        out: o.out,
        asOf: o.asOf,
        lang: o.lang ?? 'zh',
        ...(o.subject !== undefined && { subject: o.subject }),
        ...(o.subjectColumn !== undefined && { subjectColumn: o.subjectColumn }),
        id: script.idColumn,
        readerLines,
        decisions: script.numbered!.decisions,
        rejects: script.numbered!.rejects,
        ...(ledgerReport && { ledger: ledgerReport }),
        ...(badLedgers && { badLedgers }),
      });
    } catch (e) {
      if (e instanceof Misaligned) throw new RunError('sql.misaligned', { detail: e.message });
      throw e;
    }
    return { rows: written.tally.results, rejected: written.tally.rejected, tally: written.tally, outputs: [o.out, written.files.rejects, written.files.summary], sql: [...script.setup, ...script.decide].join(';\n') + ';\n' };
  } finally {
    db.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The spark-sql launcher, if Spark is installed (pip install pyspark puts it on PATH). */
export function sparkSqlCommand(): string | undefined {
  const fromEnv = process.env['SPARK_HOME'] ? join(process.env['SPARK_HOME'], 'bin', 'spark-sql') : undefined;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    const p = join(dir, 'spark-sql');
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/** The statements of one run on Spark, writing to `out` (a directory of CSV or Parquet parts) and `out`.rejects. */
function sparkStatements(model: Model, o: SqlRunOptions, columns: string[], ledgerColumns?: string[]): { statements: string[]; out: string; outFmt: 'csv' | 'parquet' } {
  const D = spark;
  const abs = { ...o, input: resolve(o.input), ...(o.ledger && { ledger: resolve(o.ledger) }) };
  const script = runScript(model, D, abs, columns, ledgerColumns);
  const out = resolve(o.out);
  const outFmt = formatOf(out) === 'csv' || !formatOf(out) ? 'csv' : 'parquet';
  const union = script.decide.map((s) => `SELECT * FROM (${s})`).join('\nUNION ALL\n');
  const statements = [
    'SET spark.sql.ansi.enabled=true',
    'SET spark.sql.session.timeZone=UTC',
    ...script.setup,
    // RFC 4180 quoting ("" inside a quoted field), as every reader of the results (and the row count below) expects;
    // Spark's default escape is a backslash, which DuckDB's reader with escape '"' refuses.
    `INSERT OVERWRITE DIRECTORY ${D.str(out)} USING ${outFmt} OPTIONS (header 'true'${outFmt === 'csv' ? `, escape '"'` : ''}) ${union}`,
    `INSERT OVERWRITE DIRECTORY ${D.str(out + '.rejects')} USING json SELECT * FROM (${script.rejects})`,
  ];
  return { statements, out, outFmt };
}

/** Runs a script through spark-sql; resolves with its log. */
async function sparkSql(text: string, master: string | undefined): Promise<string> {
  const cmd = sparkSqlCommand();
  if (!cmd) throw new RunError('sql.sparkMissing', {});
  const work = mkdtempSync(join(tmpdir(), 'policy-spark-'));
  const file = join(work, 'run.sql');
  writeFileSync(file, text);
  try {
    return await new Promise<string>((res, rej) => {
      // The plan of a policy with many benefits is large: Catalyst needs more than the default 1 GiB driver heap
      // (the zoo fixture ran out of it). SPARK_DRIVER_MEMORY overrides.
      const args = ['--master', master ?? 'local[2]', '--driver-memory', process.env['SPARK_DRIVER_MEMORY'] ?? '4g', '--conf', 'spark.ui.enabled=false', '--conf', 'spark.sql.variable.substitute=false', '--conf', `spark.sql.warehouse.dir=${join(work, 'warehouse')}`, '--conf', `spark.driver.extraJavaOptions=-Dderby.system.home=${work}`, '-S', '-f', file];
      const p = spawn(cmd, args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
      let buf = '';
      p.stdout.on('data', (d) => (buf += d));
      p.stderr.on('data', (d) => (buf += d));
      p.on('error', rej);
      // The log's end is often a plan printout; the line that says what went wrong comes first.
      const cause = () => buf.split('\n').find((l) => /Exception:|\[[A-Z][A-Z_]{4,}\]/.test(l))?.slice(0, 2000);
      p.on('close', (code) => (code === 0 ? res(buf) : rej(new RunError('sql.sparkFailed', { code: String(code), log: `${cause() ?? ''}\n…\n${buf.slice(-4000)}` }))));
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Counts what Spark wrote (DuckDB reads the part files). */
async function countSparkOutput(out: string, outFmt: 'csv' | 'parquet'): Promise<{ rows: number; rejected: number }> {
  const parts = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.') && !f.startsWith('_')).map((f) => join(dir, f)) : []);
  const db = await openDuckDB();
  let rows = 0;
  let rejected = 0;
  try {
    const files = (dir: string) => `[${parts(dir).map((f) => duckdb.str(f)).join(', ')}]`;
    if (parts(out).length)
      rows = Number((await db.all(`SELECT count(*) AS n FROM ${outFmt === 'csv' ? `read_csv(${files(out)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')` : `read_parquet(${files(out)})`}`))[0]!['n']);
    if (parts(out + '.rejects').length) rejected = Number((await db.all(`SELECT count(*) AS n FROM read_json(${files(out + '.rejects')}, format = 'newline_delimited')`))[0]!['n']);
  } finally {
    db.close();
  }
  return { rows, rejected };
}

/** Runs a batch on Apache Spark with spark-sql (local[2] unless `master` says otherwise). Output: a directory of CSV or Parquet parts. */
export async function runSpark(model: Model, o: SqlRunOptions, columns: string[], ledgerColumns?: string[]): Promise<SqlRunResult & { log: string }> {
  if (!sparkSqlCommand()) throw new RunError('sql.sparkMissing', {});
  checkInputs(o);
  const { statements, out, outFmt } = sparkStatements(model, o, columns, ledgerColumns);
  const text = statements.join(';\n') + ';\n';
  const log = await sparkSql(text, o.master);
  const { rows, rejected } = await countSparkOutput(out, outFmt);
  return { rows, rejected, outputs: [out, out + '.rejects'], sql: text, log };
}

/**
 * Several runs in one Spark session (one spark-sql process): starting Spark costs a minute or more, so the
 * differential test runs every policy in one session. The views and cached tables of a run are dropped
 * before the next one defines its own.
 */
export async function runSparkMany(jobs: { model: Model; o: SqlRunOptions; columns: string[]; ledgerColumns?: string[] }[], master?: string): Promise<(SqlRunResult & { log: string })[]> {
  if (!sparkSqlCommand()) throw new RunError('sql.sparkMissing', {});
  for (const j of jobs) checkInputs(j.o);
  const runs = jobs.map((j) => sparkStatements(j.model, j.o, j.columns, j.ledgerColumns));
  const all: string[] = [];
  // Before a job, every cached table and view of the one before is dropped, newest first: replacing a view a
  // cached table was built on makes Spark re-plan that table against the new view, which has other columns.
  const name = /^(?:CREATE OR REPLACE TEMPORARY VIEW|CACHE TABLE) (`(?:[^`]|``)*`|[^\s(]+)/;
  let previous: string[] = [];
  for (const r of runs) {
    if (previous.length) all.push('CLEAR CACHE', ...[...new Set(previous)].reverse().map((n) => `DROP VIEW IF EXISTS ${n}`));
    all.push(...r.statements);
    previous = r.statements.flatMap((st) => name.exec(st)?.[1] ?? []);
  }
  const text = all.join(';\n') + ';\n';
  const log = await sparkSql(text, master);
  const out: (SqlRunResult & { log: string })[] = [];
  for (const r of runs) out.push({ ...(await countSparkOutput(r.out, r.outFmt)), outputs: [r.out, r.out + '.rejects'], sql: text, log });
  return out;
}
