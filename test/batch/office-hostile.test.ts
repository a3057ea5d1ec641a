// An office export as offices really write one (issue #14's judging): Y/N and 1/0 for yes/no, amounts with
// thousands separators, 万元 or full-width digits, dates as 2024/1/5 or Excel serials, ids Excel shortened to
// 9.13301E+17, a GBK row pasted into a UTF-8 file, trailing nameless columns. The rule: a cell the batch cannot
// read exactly makes its row a reject naming the row and the problem; a row it reads decides exactly as the
// clean export's row does — never a different amount. Data-driven: each mutation below is applied to the rows it
// fits, and every mutated row is checked against its clean twin, row by row.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER, ID_COLUMN, officeRows } from '../../bench/office.ts';
import { AS_OF, PARAMS } from '../../bench/population.ts';
import { runBatch, BatchError } from '../../compiler/batch/run.ts';
import { csvLine } from '../../compiler/batch/csv.ts';
import { readPolicy } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'policy-office-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const N = 900;

/** RFC 4180 fields of one line the generator wrote (no line breaks inside its fields). */
function cellsOf(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out;
}

const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const BOOLS = ['院校在我区', '毕业前取得', '已毕业', '已备案认定企业', '开展新型学徒制', '数字职业证书', '在我区定点机构培训', '取得培训证书', '认定为区级技师工作室', '当年考核评估合格', '提供公益性实训服务', '入选浙江工匠或领军人才', '选树为区首席技师', '由我区选派'];
const MONEY = ['比武项目核定经费', '核定建设补助', '核定实训资助'];
const COUNTS = ['年度自主认定人次', '参加社会服务活动次数', '区级竞赛名次', '直接培养人数.技师', '直接培养人数.高级工'];
const DATE = ['培养期开始日期'];

/** A mutation: the columns it changes, what it makes of a cell (undefined: leaves it), and whether the batch may read the result. */
interface Mutation {
  name: string;
  columns: string[];
  cell: (v: string) => string | undefined;
  /** 'same': must decide as the clean row; 'reject': must be a reject with this code. */
  expect: 'same' | string;
}
const MUTATIONS: Mutation[] = [
  { name: 'yes/no as Y/N', columns: BOOLS, cell: (v) => (v === '是' ? 'Y' : v === '否' ? 'N' : undefined), expect: 'same' },
  { name: 'yes/no as 1/0', columns: BOOLS, cell: (v) => (v === '是' ? '1' : v === '否' ? '0' : undefined), expect: 'same' },
  { name: 'yes/no as TRUE/FALSE', columns: BOOLS, cell: (v) => (v === '是' ? 'TRUE' : v === '否' ? 'FALSE' : undefined), expect: 'same' },
  { name: 'yes/no padded', columns: BOOLS, cell: (v) => ` ${v} `, expect: 'same' },
  { name: 'yes/no as √/×', columns: BOOLS, cell: (v) => (v === '是' ? '√' : v === '否' ? '×' : undefined), expect: 'P3002' },
  { name: 'yes as full-width Ｙ', columns: BOOLS, cell: (v) => (v === '是' ? 'Ｙ' : undefined), expect: 'P3002' },
  { name: 'amount with thousands separators', columns: MONEY, cell: (v) => (Number(v) >= 1000 ? Number(v).toLocaleString('en-US', { minimumFractionDigits: 2 }) : undefined), expect: 'P3007' },
  { name: 'amount in full-width digits', columns: MONEY, cell: fullWidth, expect: 'P3007' },
  { name: 'amount in 万元', columns: MONEY, cell: (v) => `${Number(v) / 10000}万元`, expect: 'P3007' },
  { name: 'amount with 元', columns: MONEY, cell: (v) => `${v}元`, expect: 'P3007' },
  { name: 'amount with ¥', columns: MONEY, cell: (v) => `¥${v}`, expect: 'P3007' },
  { name: 'amount in scientific notation', columns: MONEY, cell: (v) => (Number(v) > 0 ? Number(v).toExponential() : undefined), expect: 'P3007' },
  { name: 'amount with a decimal comma', columns: MONEY, cell: (v) => (v.includes('.') ? v.replace('.', ',') : undefined), expect: 'P3007' },
  { name: 'amount negative in parentheses', columns: MONEY, cell: (v) => `(${v})`, expect: 'P3007' },
  { name: 'amount after a zero-width space', columns: MONEY, cell: (v) => `\u200b${v}`, expect: 'P3007' },
  { name: 'amount padded with spaces', columns: MONEY, cell: (v) => ` ${v} `, expect: 'same' },
  { name: 'count in full-width digits', columns: COUNTS, cell: fullWidth, expect: 'P3002' },
  { name: 'count with its unit', columns: COUNTS, cell: (v) => `${v}人`, expect: 'P3002' },
  { name: 'count in hexadecimal', columns: COUNTS, cell: (v) => `0x${Number(v).toString(16)}`, expect: 'P3002' },
  { name: 'count as 3.0', columns: COUNTS, cell: (v) => `${v}.0`, expect: 'same' },
  { name: 'date as 2024/1/5', columns: DATE, cell: (v) => v.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1/$2/$3'), expect: 'P3006' },
  { name: 'date as 2024年1月5日', columns: DATE, cell: (v) => v.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日'), expect: 'same' },
  { name: 'date as an Excel serial', columns: DATE, cell: (v) => String(Math.round((Date.parse(v) - Date.UTC(1899, 11, 30)) / 864e5)), expect: 'P3006' },
  { name: 'date with a time', columns: DATE, cell: (v) => `${v} 00:00:00`, expect: 'P3006' },
  { name: 'date as 6/5/22', columns: DATE, cell: (v) => v.replace(/^\d\d(\d\d)-0?(\d+)-0?(\d+)$/, '$2/$3/$1'), expect: 'P3006' },
  { name: 'date as 20240105', columns: DATE, cell: (v) => v.replace(/-/g, ''), expect: 'P3006' },
  { name: 'id padded with spaces', columns: [ID_COLUMN], cell: (v) => ` ${v} `, expect: 'same' },
  { name: 'id shortened by Excel to 9.13301E+17', columns: [ID_COLUMN], cell: (v) => Number(v).toExponential(5).toUpperCase(), expect: 'P3530' },
  { name: 'subject type padded', columns: ['申请对象'], cell: (v) => ` ${v}`, expect: 'same' },
  { name: 'level padded', columns: ['取得证书等级', '新获证书等级', '期满星级', '基地类型'], cell: (v) => `${v} `, expect: 'same' },
  { name: 'text with a line break, comma and quotes', columns: ['比武项目名称', '培训证书编号', '市级以上竞赛名称'], cell: (v) => `${v}\n第二行,"引号"`, expect: 'same' },
];

interface Row {
  /** 1-based data row. */
  row: number;
  mutation?: Mutation;
}
const rows: Row[] = [];
let clean = csvLine(HEADER);
let hostile = csvLine(HEADER);
let ledger = `${ID_COLUMN},待遇,日期,金额\n`;

/** Results of a run by row: `benefit:status:amount` joined, and the rejects' codes by row. */
async function decide(name: string, subjects: string, extra: { ledger?: string } = {}) {
  const out = join(dir, `${name}.out.csv`);
  const r = await runBatch({ policyText: readPolicy(), subjects, out, ledger: extra.ledger ?? join(dir, 'ledger.csv'), id: ID_COLUMN, asOf: AS_OF, params: { ...PARAMS }, lang: 'en', jobs: 1 });
  const results = new Map<number, string[]>();
  const lines = readFileSync(out, 'utf8').split('\n').slice(1).filter(Boolean);
  for (const l of lines) {
    const f = l.split(',');
    const row = Number(f[0]);
    (results.get(row) ?? results.set(row, []).get(row)!).push(`${f[3]}:${f[4]}:${f[5]}`);
  }
  const rejects = new Map<number, { codes: string[]; text: string }>();
  for (const l of readFileSync(join(dir, `${name}.out.rejects.jsonl`), 'utf8').split('\n').filter(Boolean)) {
    const j = JSON.parse(l) as { row: number; errors: { code: string; message: string }[] };
    rejects.set(j.row, { codes: j.errors.map((e) => e.code), text: j.errors.map((e) => e.message).join('; ') });
  }
  return { tally: r.tally, results, rejects };
}
let A: Awaited<ReturnType<typeof decide>>;
let B: Awaited<ReturnType<typeof decide>>;

beforeAll(async () => {
  const uses = new Map<Mutation, number>();
  for (const r of officeRows(N, 0)) {
    clean += r.line + '\n';
    ledger += r.ledgerLines;
    const cells = cellsOf(r.line);
    let line = r.line;
    let used: Mutation | undefined;
    // The least used mutation that fits the row (the date column, for one, is only some subjects').
    for (const m of [...MUTATIONS].sort((a, b) => (uses.get(a) ?? 0) - (uses.get(b) ?? 0))) {
      if (used) break;
      const out = [...cells];
      let hit = false;
      for (const c of m.columns) {
        const i = HEADER.indexOf(c);
        const v = out[i]!;
        const w = v === '' ? undefined : m.cell(v);
        if (w !== undefined && w !== v) (out[i] = w), (hit = true);
      }
      if (hit) (line = csvLine(out).slice(0, -1)), (used = m), uses.set(m, (uses.get(m) ?? 0) + 1);
    }
    rows.push({ row: r.i + 1, ...(used && { mutation: used }) });
    hostile += line + '\n';
  }
  writeFileSync(join(dir, 'clean.csv'), clean);
  writeFileSync(join(dir, 'hostile.csv'), hostile);
  writeFileSync(join(dir, 'ledger.csv'), ledger);
  A = await decide('clean', join(dir, 'clean.csv'));
  B = await decide('hostile', join(dir, 'hostile.csv'));
}, 120_000);

describe('policy batch over an office export as offices write one', () => {
  it('accounts for every row: results + rejects = input rows', () => {
    expect(A.tally.rows).toBe(N);
    expect(A.tally.rejected).toBe(0);
    expect(B.tally.rows).toBe(N);
    expect(B.tally.evaluated + B.tally.rejected).toBe(N);
    expect(B.results.size + B.rejects.size).toBe(N);
  });

  it.each(MUTATIONS.map((m) => [m.name, m] as const))('%s: every such row is a named reject or decides as the clean row', (_name, m) => {
    const mine = rows.filter((r) => r.mutation === m);
    expect(mine.length, 'rows this mutation applied to').toBeGreaterThan(0);
    for (const r of mine) {
      const reject = B.rejects.get(r.row);
      if (m.expect === 'same') {
        expect(reject?.text, `row ${r.row}`).toBeUndefined();
        expect(B.results.get(r.row), `row ${r.row}`).toEqual(A.results.get(r.row));
      } else {
        expect(reject?.codes, `row ${r.row}`).toContain(m.expect);
        expect(B.results.has(r.row), `row ${r.row}`).toBe(false);
      }
    }
  });

  it('rows no mutation fits decide as in the clean export', () => {
    for (const r of rows.filter((x) => !x.mutation)) expect(B.results.get(r.row)).toEqual(A.results.get(r.row));
  });
});

describe('policy batch over an export with damaged encodings and columns', () => {
  const cleanLines = () => clean.trimEnd().split('\n');

  it('a GBK row in a UTF-8 file past the first 64 KB is a reject naming the row, not mojibake (P3531)', async () => {
    const lines = cleanLines();
    const last = lines.length - 1;
    expect(Buffer.byteLength(lines.slice(0, last).join('\n'))).toBeGreaterThan(65536);
    const bytes = Buffer.concat([Buffer.from(lines.slice(0, last).join('\n') + '\n'), Buffer.from(lines[last]!.slice(0, 19)), Buffer.from([0xbc, 0xbc, 0xca, 0xa6]), Buffer.from(lines[last]!.slice(19) + '\n')]);
    writeFileSync(join(dir, 'mixed.csv'), bytes);
    const r = await decide('mixed', join(dir, 'mixed.csv'));
    expect(r.tally.rows).toBe(N);
    expect([...r.rejects.keys()]).toEqual([N]);
    expect(r.rejects.get(N)!.codes).toEqual(['P3531']);
    expect(r.rejects.get(N)!.text).toContain(`row ${N}`);
  });

  it('a GBK row in JSON Lines is a reject too (P3531)', async () => {
    const jsonl = join(dir, 'mixed.jsonl');
    // Past the first 64 KB (a file that starts with such bytes is refused as a whole: batch.notUtf8).
    const good = Array.from({ length: 1000 }, (_, i) => `{"${ID_COLUMN}":"A${i}","申请对象":"企业","开展新型学徒制":true}\n`).join('');
    writeFileSync(jsonl, Buffer.concat([Buffer.from(good + `{"${ID_COLUMN}":"B","申请对象":"`), Buffer.from([0xc6, 0xf3, 0xd2, 0xb5]), Buffer.from('"}\n')]));
    const r = await decide('mixed-jsonl', jsonl);
    expect(r.tally.rows).toBe(1001);
    expect([...r.rejects.keys()]).toEqual([1001]);
    expect(r.rejects.get(1001)?.codes).toEqual(['P3531']);
  });

  it('trailing nameless columns are read, and a value under one is a reject (P3532)', async () => {
    const lines = cleanLines().map((l) => `${l},,`);
    lines[3] += 'oops';
    writeFileSync(join(dir, 'trailing.csv'), lines.join('\r\n') + '\r\n');
    const r = await decide('trailing', join(dir, 'trailing.csv'));
    expect(r.tally.rows).toBe(N);
    expect([...r.rejects.keys()]).toEqual([3]);
    expect(r.rejects.get(3)!.codes).toEqual(['P3532']);
    expect(r.rejects.get(3)!.text).toContain(`column ${HEADER.length + 2}`);
    for (const [row, res] of r.results) expect(res, `row ${row}`).toEqual(A.results.get(row));
  });

  it('a ledger whose ids Excel shortened to scientific notation is refused before any row is decided (P3530)', async () => {
    const bad = ledger.replace(/\n(\d{18}),/, (_m, id: string) => `\n${Number(id).toExponential(5).toUpperCase()},`);
    expect(bad).not.toBe(ledger);
    writeFileSync(join(dir, 'ledger-sci.csv'), bad);
    const e = await decide('ledger-sci', join(dir, 'clean.csv'), { ledger: join(dir, 'ledger-sci.csv') }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BatchError);
    expect(JSON.stringify((e as BatchError).details)).toContain('P3530');
  });

  it.each([
    ['tab', '\t'],
    [';', ';'],
  ])('an export separated by %s is refused by name', async (name, sep) => {
    writeFileSync(join(dir, 'sep.csv'), clean.replaceAll(',', sep));
    const e = await decide('sep', join(dir, 'sep.csv')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BatchError);
    expect([(e as BatchError).id, (e as BatchError).args['separator']]).toEqual(['batch.notCommaSeparated', name]);
  });

  it('a UTF-16 export is refused by name', async () => {
    writeFileSync(join(dir, 'utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(clean, 'utf16le')]));
    const e = await decide('utf16', join(dir, 'utf16.csv')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BatchError);
    expect((e as BatchError).id).toBe('batch.utf16');
  });
});
