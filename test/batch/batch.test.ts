// `runBatch` over files an office would export: every input row ends up in
// exactly one of results or rejects, the rejects are exactly the malformed
// rows, the totals per benefit equal the reference evaluator's over the same
// subjects, an interrupted run resumes without duplicating a row, and the
// formats (CSV, JSON Lines, Parquet) give the same decisions.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { fenToString, parseDecimal, roundTo, type Rat } from '../../compiler/rational.ts';
import { runBatch, BatchError, evaluateBatch, emptyTally, summarize, summaryText, type BatchRunOptions } from '../../compiler/batch/index.ts';
import { writeOfficeFiles, ID_COLUMN, idOf } from '../../bench/office.ts';
import { AS_OF, PARAMS, generateChunk, chunksOf, type Subject } from '../../bench/population.ts';
import { ROOT, XIAOSHAN, readPolicy } from '../helpers.ts';

const N = Number(process.env['BATCH_ROWS'] ?? 1500);
const DIR = join(ROOT, 'test', 'batch', 'out');
const policyText = readPolicy(XIAOSHAN);
const model = compile(policyText).model;
const params: Record<string, Rat> = Object.fromEntries(Object.entries(PARAMS).map(([k, v]) => [k, parseDecimal(v)!]));

function population(n: number): Subject[] {
  return chunksOf(n).flatMap(([i, size]) => generateChunk(i, size));
}

/** The reference: per benefit, eligible count and exact total over the given subjects (by row number). */
function reference(subjects: Subject[], rows: Iterable<number>) {
  const out = new Map<string, { eligible: number; fen: bigint; undetermined: number }>();
  for (const row of rows) {
    const s = subjects[row - 1]!;
    const f = validateFacts(model, s.type, s.facts);
    const l = validateLedger(model, s.ledger ?? []);
    if (!f.ok || !l.ok) throw new Error(`reference cannot validate row ${row}`);
    const d = evaluate(model, s.type, f.facts, { asOf: AS_OF, ledger: l.ledger, params });
    model.benefits.forEach((b, i) => {
      if (!b.subjects.includes(s.type)) return;
      const x = d.benefits[i]!;
      const t = out.get(b.id) ?? { eligible: 0, fen: 0n, undetermined: 0 };
      if (x.status === 'eligible') {
        t.eligible++;
        t.fen += x.amount ? roundTo(parseDecimal(x.amount)!, 100n, 'half-up') : 0n;
      }
      if (x.status === 'undetermined') t.undetermined++;
      out.set(b.id, t);
    });
  }
  return out;
}

const base = (over: Partial<BatchRunOptions>): BatchRunOptions => ({
  policyText,
  subjects: join(DIR, 'subjects.csv'),
  out: join(DIR, 'results.csv'),
  ledger: join(DIR, 'ledger.csv'),
  id: ID_COLUMN,
  asOf: AS_OF,
  params: { ...PARAMS },
  jobs: 2,
  ...over,
});

const csvRows = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l !== '');
const rejectRows = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { row: number; errors: { code: string; field: string; message: string }[] });

let written: Awaited<ReturnType<typeof writeOfficeFiles>>;
let subjects: Subject[];

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  written = await writeOfficeFiles(N, join(DIR, 'subjects.csv'), join(DIR, 'ledger.csv'), 0.03);
  subjects = population(N);
}, 120_000);

describe('policy batch over an office CSV export', () => {
  let result: Awaited<ReturnType<typeof runBatch>>;
  beforeAll(async () => {
    result = await runBatch(base({}));
  }, 300_000);

  it('puts every input row in exactly one of results or rejects', () => {
    expect(result.interrupted).toBe(false);
    const resultRows = new Set(csvRows(result.files.results).map((l) => Number(l.slice(0, l.indexOf(',')))));
    const rejected = rejectRows(result.files.rejects).map((r) => r.row);
    expect(new Set(rejected).size).toBe(rejected.length);
    for (const r of rejected) expect(resultRows.has(r)).toBe(false);
    const all = [...resultRows, ...rejected].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(result.tally.rows).toBe(N);
    expect(result.tally.evaluated + result.tally.rejected).toBe(N);
    expect(result.tally.rejected).toBe(rejected.length);
    expect(result.tally.results).toBe(csvRows(result.files.results).length);
  });

  it('rejects exactly the malformed rows, each with named errors', () => {
    const rejects = rejectRows(result.files.rejects);
    expect(rejects.length).toBe(written.malformed);
    for (const r of rejects) {
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) {
        expect(e.code).toMatch(/^P3\d{3}$/);
        expect(e.message.length).toBeGreaterThan(5);
      }
    }
    const codes = new Set(rejects.flatMap((r) => r.errors.map((e) => e.code)));
    // The damage kinds of bench/office.ts: bad values, too few fields, stray quotes, unknown type, no id, a fact of another type.
    for (const c of ['P3502', 'P3503', 'P3005', 'P3506', 'P3001']) expect(codes, c).toContain(c);
  });

  it('totals per benefit equal the reference evaluator over the same subjects', () => {
    const evaluated = new Set(csvRows(result.files.results).map((l) => Number(l.slice(0, l.indexOf(',')))));
    const ref = reference(subjects, evaluated);
    const got = new Map(result.summary.benefits.map((b) => [b.id, b]));
    expect([...ref.keys()].sort()).toEqual([...got.keys()].sort());
    for (const [id, r] of ref) {
      expect(got.get(id)!.eligible, id).toBe(r.eligible);
      expect(got.get(id)!.total, id).toBe(fenToString(r.fen));
      expect(got.get(id)!.undetermined, id).toBe(r.undetermined);
    }
    // The ledger was joined: some enterprise has already received the year's award (a running total: P4019).
    expect(csvRows(result.files.results).some((l) => l.includes(',P4019,'))).toBe(true);
  });

  it('writes the summary file with per-fund totals that add up', () => {
    const s = JSON.parse(readFileSync(result.files.summary, 'utf8')) as ReturnType<typeof summarize>;
    expect(s.rows).toBe(N);
    const fundFen = s.funds.reduce((n, f) => n + roundTo(parseDecimal(f.total)!, 100n, 'half-up'), 0n);
    const benefitFen = s.benefits.filter((b) => b.fund).reduce((n, b) => n + roundTo(parseDecimal(b.total)!, 100n, 'half-up'), 0n);
    expect(fundFen).toBe(benefitFen);
    expect(s.missing.length).toBeGreaterThan(0);
    expect(s.missing[0]!.count).toBeGreaterThanOrEqual(s.missing.at(-1)!.count);
    expect(existsSync(result.files.checkpoint)).toBe(false);
  });

  it('gives byte-identical results with one worker or with tiny chunks', async () => {
    const one = await runBatch(base({ out: join(DIR, 'one.csv'), jobs: 1, chunkRows: 97 }));
    expect(readFileSync(one.files.results, 'utf8')).toBe(readFileSync(result.files.results, 'utf8'));
    expect(readFileSync(one.files.rejects, 'utf8')).toBe(readFileSync(result.files.rejects, 'utf8'));
  }, 300_000);

  it('gives byte-identical results with the id join spread over many partitions', async () => {
    const many = await runBatch(base({ out: join(DIR, 'many.csv'), joinPartitions: 13 }));
    expect(readFileSync(many.files.results, 'utf8')).toBe(readFileSync(result.files.results, 'utf8'));
    expect(readFileSync(many.files.rejects, 'utf8')).toBe(readFileSync(result.files.rejects, 'utf8'));
    expect(many.summary).toEqual(result.summary);
  }, 300_000);

  it('stops on abort with complete files up to the checkpoint, and --resume finishes without duplicates', async () => {
    const ac = new AbortController();
    const out = join(DIR, 'resumed.csv');
    let updates = 0;
    const first = await runBatch(
      base({
        out,
        joinPartitions: 5,
        chunkRows: 100,
        signal: ac.signal,
        progress: {
          mode: 'lines',
          lineInterval: 0,
          sink: {
            write: () => {
              if (++updates === 2) ac.abort();
              return true;
            },
          },
        },
      }),
    );
    expect(first.interrupted).toBe(true);
    expect(first.row).toBeGreaterThan(0);
    expect(first.row).toBeLessThan(N);
    expect(existsSync(first.files.checkpoint)).toBe(true);
    // Output so far: only rows up to the checkpoint, every line complete.
    const partial = csvRows(out);
    expect(partial.every((l) => Number(l.slice(0, l.indexOf(','))) <= first.row)).toBe(true);
    // Starting afresh over an unfinished run is refused, never silent.
    await expect(runBatch(base({ out }))).rejects.toThrow(/batch.pendingCheckpoint/);
    // A crash after the checkpoint leaves a torn line; resume cuts it off.
    appendFileSync(out, '999999,torn');
    const second = await runBatch(base({ out, resume: true, joinPartitions: 5 }));
    expect(second.interrupted).toBe(false);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(result.files.results, 'utf8'));
    expect(readFileSync(second.files.rejects, 'utf8')).toBe(readFileSync(result.files.rejects, 'utf8'));
    expect(second.summary).toEqual(result.summary);
  }, 300_000);

  it('finishes when the rows are an exact multiple of the chunk size and every reply arrives at once', async () => {
    // Regression: with all chunks answered and written in one turn before the end of the input was seen,
    // the run waited for a reply that was never coming. Many tiny chunks make that turn likely.
    const subjects = join(DIR, 'exact.csv');
    await writeOfficeFiles(200, subjects, undefined, 0);
    for (const chunkRows of [5, 10, 25, 50, 100, 200]) {
      const r = await runBatch(base({ subjects, ledger: undefined, out: join(DIR, `exact-${chunkRows}.csv`), chunkRows }));
      expect(r.interrupted).toBe(false);
      expect(r.tally.rows).toBe(200);
    }
  }, 120_000);

  it('takes the ledger as JSON Lines too, with the same results', async () => {
    const [head, ...rows] = readFileSync(join(DIR, 'ledger.csv'), 'utf8').trim().split('\n');
    const cols = head!.split(',');
    writeFileSync(join(DIR, 'ledger.jsonl'), rows.map((r) => JSON.stringify(Object.fromEntries(r.split(',').map((v, i) => [cols[i], v])))).join('\n') + '\n');
    const r = await runBatch(base({ ledger: join(DIR, 'ledger.jsonl'), out: join(DIR, 'ledger-jsonl.csv') }));
    expect(readFileSync(r.files.results, 'utf8')).toBe(readFileSync(result.files.results, 'utf8'));
  }, 300_000);

  it('reports ledger rows whose id no subject row carries', async () => {
    const ledger = join(DIR, 'ledger-extra.csv');
    writeFileSync(ledger, readFileSync(join(DIR, 'ledger.csv'), 'utf8') + '91330109-WRITTEN-DIFFERENTLY,企业认定奖励,2026-03-01,10000.00\n');
    const r = await runBatch(base({ ledger, out: join(DIR, 'ledger-extra-results.csv') }));
    expect(r.summary.ledger!.rows).toBe(written.ledgerRows + 1);
    expect(r.summary.ledger!.unmatchedIds).toContain('91330109-WRITTEN-DIFFERENTLY');
    expect(result.summary.ledger!.unmatchedRows + 1).toBe(r.summary.ledger!.unmatchedRows);
    expect(summaryText(r.summary, 'en')).toContain('91330109-WRITTEN-DIFFERENTLY');
  }, 300_000);

  it('refuses to resume with nothing to resume, or a checkpoint of another run', async () => {
    await expect(runBatch(base({ out: join(DIR, 'nothing.csv'), resume: true }))).rejects.toThrow(/batch.noCheckpoint/);
  });
});

describe('duplicate subject ids', () => {
  // An id that comes twice would decide (and pay) one subject twice: the later row is a P3508 reject naming
  // the row that was decided, and every row is still in exactly one of results or rejects.
  const file = join(DIR, 'dups.csv');
  const rows = 300;
  beforeAll(async () => {
    await writeOfficeFiles(rows, file, undefined, 0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    // Row 3 again with other facts (its type kept), row 120 again verbatim, and row 3 a third time.
    const again = (row: number) => lines[row]!;
    appendFileSync(file, [again(3).replace(/,(是|否),/, (_m, v: string) => `,${v === '是' ? '否' : '是'},`), again(120), again(3)].join('\n') + '\n');
  }, 60_000);

  const check = (r: Awaited<ReturnType<typeof runBatch>>) => {
    expect(r.tally.rows).toBe(rows + 3);
    expect(r.tally.evaluated + r.tally.rejected).toBe(rows + 3);
    const rejects = rejectRows(r.files.rejects);
    expect(rejects.map((x) => [x.row, x.errors.map((e) => e.code)])).toEqual([
      [rows + 1, ['P3508']],
      [rows + 2, ['P3508']],
      [rows + 3, ['P3508']],
    ]);
    expect(rejects[0]!.errors[0]!.message).toBe(`${ID_COLUMN}: id ${idOf(2)} is in row 3 already and again in row ${rows + 1}; a subject is decided once, so this row is not`);
    expect(rejects[1]!.errors[0]!.message).toContain(`id ${idOf(119)} is in row 120 already`);
    expect(rejects[2]!.errors[0]!.message).toContain(`is in row 3 already and again in row ${rows + 3}`);
    // The first occurrences are decided, once each.
    const decided = csvRows(r.files.results).map((l) => l.split(',')).filter((c) => c[1] === idOf(2) || c[1] === idOf(119));
    expect(new Set(decided.map((c) => c[0]))).toEqual(new Set(['3', '120']));
  };

  it('rejects the later rows, naming the first, in any chunking', async () => {
    for (const [chunkRows, joinPartitions] of [[1000, 1], [7, 1], [50, 7]] as const) check(await runBatch(base({ subjects: file, ledger: undefined, out: join(DIR, `dups-${chunkRows}.csv`), chunkRows, joinPartitions, lang: 'en' })));
  }, 120_000);

  it('still finds them after an interrupted run is resumed', async () => {
    const ac = new AbortController();
    const out = join(DIR, 'dups-resumed.csv');
    let updates = 0;
    const first = await runBatch(
      base({
        subjects: file,
        ledger: undefined,
        out,
        chunkRows: 40,
        joinPartitions: 3,
        lang: 'en',
        jobs: 1,
        signal: ac.signal,
        progress: { mode: 'lines', lineInterval: 0, sink: { write: () => (++updates === 5 && ac.abort(), true) } },
      }),
    );
    expect(first.interrupted).toBe(true);
    expect(first.row).toBeGreaterThan(120);
    expect(first.row).toBeLessThan(rows);
    check(await runBatch(base({ subjects: file, ledger: undefined, out, lang: 'en', resume: true, joinPartitions: 3 })));
  }, 120_000);

  it('evaluateBatch decides an id given twice once', async () => {
    const [a, b] = population(2);
    const items = [];
    for await (const x of evaluateBatch(model, [{ id: 'A', subject: a!.type, facts: a!.facts }, { id: 'B', subject: b!.type, facts: b!.facts }, { id: 'A', subject: b!.type, facts: b!.facts }], { asOf: AS_OF, params, lang: 'en' })) items.push(x);
    expect(items.map((x) => x.ok)).toEqual([true, true, false]);
    const r = items[2]!;
    expect(r.ok ? [] : r.reject.errors.map((e) => e.message)).toEqual(['id: id A is in row 1 already and again in row 3; a subject is decided once, so this row is not']);
  });
});

describe('formats', () => {
  it('JSON Lines in (facts as JSON, ledger inline) and out gives the reference totals', async () => {
    const n = 600;
    const subs = population(n);
    writeFileSync(join(DIR, 'subjects.jsonl'), subs.map((s, i) => JSON.stringify({ id: idOf(i), subject: s.type, facts: s.facts, ...(s.ledger && { ledger: s.ledger }) })).join('\n') + '\n');
    const r = await runBatch(base({ subjects: join(DIR, 'subjects.jsonl'), out: join(DIR, 'results.jsonl'), ledger: undefined, id: 'id' }));
    expect(r.tally.rejected).toBe(0);
    const lines = readFileSync(join(DIR, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ row: 1, id: idOf(0), subject: subs[0]!.type });
    const ref = reference(subs, Array.from({ length: n }, (_, i) => i + 1));
    for (const b of r.summary.benefits) expect(b.total, b.id).toBe(fenToString(ref.get(b.id)!.fen));
  }, 300_000);

  it('a fixed --subject with a column of another type is refused before any row is read', async () => {
    await expect(runBatch(base({ subject: '企业职工' }))).rejects.toThrow(/batch.unknownColumn/);
    await expect(runBatch(base({ id: '纳税人识别号' }))).rejects.toThrow(/batch.noIdColumn/);
    await expect(runBatch(base({ out: join(DIR, 'results.xlsx') }))).rejects.toThrow(/batch.unknownFormat/);
  });

  it('a GBK export is refused by name', async () => {
    const gbk = Buffer.from([0xc9, 0xea, 0xc7, 0xeb, 0xb6, 0xd4, 0xcf, 0xf3, 0x0a]); // 申请对象 in GBK
    writeFileSync(join(DIR, 'gbk.csv'), gbk);
    const e = await runBatch(base({ subjects: join(DIR, 'gbk.csv'), ledger: undefined })).catch((x) => x);
    expect(e).toBeInstanceOf(BatchError);
    expect((e as BatchError).id).toBe('batch.notUtf8');
  });

  it('Parquet in and out (DuckDB) gives the same decisions as CSV', async () => {
    const { connectDuckDB } = await import('../../compiler/batch/parquet.ts');
    const db = await connectDuckDB();
    const pq = join(DIR, 'subjects.parquet');
    // Only well-formed rows: DuckDB's own CSV reader, used here to make the Parquet file, would stop at a malformed one.
    const good = join(DIR, 'good.csv');
    await writeOfficeFiles(800, good, undefined, 0);
    await db.connection.run(`COPY (SELECT * FROM read_csv('${good}', header = true, all_varchar = true, delim = ',', quote = '"')) TO '${pq}' (FORMAT parquet)`);
    const fromCsv = await runBatch(base({ subjects: good, out: join(DIR, 'good-results.csv') }));
    const fromPq = await runBatch(base({ subjects: pq, out: join(DIR, 'results.parquet') }));
    expect(fromPq.summary).toEqual(fromCsv.summary);
    const rows = await db.connection.runAndReadAll(`SELECT count(*) AS n, sum(amount)::VARCHAR AS total FROM read_parquet('${join(DIR, 'results.parquet')}')`);
    const [{ n, total }] = rows.getRowObjectsJson() as { n: string; total: string }[];
    expect(Number(n)).toBe(fromCsv.tally.results);
    expect(total).toBe(fromCsv.summary.total);
    db.close();
  }, 300_000);
});

describe('evaluateBatch (the in-process API)', () => {
  it('takes an array or an async iterable and agrees with runBatch', async () => {
    const subs = population(300);
    const tally = emptyTally();
    const items = [];
    for await (const x of evaluateBatch(model, subs.map((s, i) => ({ id: idOf(i), subject: s.type, facts: s.facts, ...(s.ledger && { ledger: s.ledger }) })), { asOf: AS_OF, params, tally })) items.push(x);
    expect(items.length).toBe(300);
    expect(items.every((x) => x.ok)).toBe(true);
    async function* gen() {
      for (const [i, s] of subs.entries()) yield { id: idOf(i), subject: s.type, facts: s.facts, ...(s.ledger && { ledger: s.ledger }) };
    }
    const again = [];
    for await (const x of evaluateBatch(model, gen(), { asOf: AS_OF, params })) again.push(x);
    expect(again).toEqual(items);
    const ref = reference(subs, Array.from({ length: 300 }, (_, i) => i + 1));
    for (const b of summarize(model, tally, AS_OF, 'zh').benefits) expect(b.total).toBe(fenToString(ref.get(b.id)!.fen));
    const bad = [];
    for await (const x of evaluateBatch(model, [{ subject: '企业', facts: { 年度自主认定人次: -1 } }], { asOf: AS_OF })) bad.push(x);
    expect(bad[0]).toMatchObject({ ok: false, reject: { row: 1, errors: [{ code: 'P3003', field: '年度自主认定人次' }] } });
  });
});
