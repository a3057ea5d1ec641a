// A population exported as an office would: one CSV with Chinese headers
// (统一社会信用代码, 申请对象, then every fact; per-level counts as
// `直接培养人数.技师` columns), a ledger CSV joined on the id, and a share of
// malformed rows — unknown levels, negative counts, yes/no typos, bad dates,
// too few fields, stray or unclosed quotes. Deterministic: the same n gives the
// same files. Used by the batch tests and `npm run bench`.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { chunksOf, generateChunk, type Subject } from './population.ts';
import { Rng, mixSeed } from './prng.ts';

const LEVELS = ['初级工', '中级工', '高级工', '技师', '高级技师'];

/** Every fact column of the seed policy, in a stable order (per-level facts expanded). */
export const FACT_COLUMNS = [
  ...LEVELS.map((l) => `直接培养人数.${l}`),
  '院校在我区',
  '就读院校类型',
  '取得证书等级',
  '毕业前取得',
  '院校班型',
  '已毕业',
  '已备案认定企业',
  '年度自主认定人次',
  '期满星级',
  '开展新型学徒制',
  '比武项目核定经费',
  '新获证书等级',
  '数字职业证书',
  '在我区定点机构培训',
  '取得培训证书',
  '认定为区级技师工作室',
  '当年考核评估合格',
  '基地类型',
  '核定建设补助',
  '提供公益性实训服务',
  '核定实训资助',
  '入选浙江工匠或领军人才',
  '选树为区首席技师',
  '培养期开始日期',
  '由我区选派',
  '所获称号',
  '区级竞赛奖项',
  '区级竞赛名次',
  '参加社会服务活动次数',
  '学徒培训班次',
  '比武项目名称',
  '培训证书编号',
  '市级以上竞赛名称',
];
export const ID_COLUMN = '统一社会信用代码';
export const HEADER = [ID_COLUMN, '申请对象', ...FACT_COLUMNS];

const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The cells of one subject, as strings an office export would hold (是/否 for yes/no). */
export function cellsOf(id: string, s: Subject): string[] {
  const cells = new Map<string, string>();
  for (const [k, v] of Object.entries(s.facts)) {
    // A per-level count is one column per level; an office writes 0 for a level with nobody.
    if (v && typeof v === 'object') for (const l of LEVELS) cells.set(`${k}.${l}`, String((v as Record<string, number>)[l] ?? 0));
    else cells.set(k, typeof v === 'boolean' ? (v ? '是' : '否') : String(v));
  }
  return [id, s.type, ...FACT_COLUMNS.map((c) => cells.get(c) ?? '')];
}

export const idOf = (i: number) => `91330109${String(i).padStart(10, '0')}`;

/** A bad value of a fact of each subject type (what a typo in a spreadsheet gives). */
const BAD_VALUE: Record<string, [string, string]> = {
  企业职工: ['新获证书等级', '特级工'],
  院校学生: ['取得证书等级', '特级工'],
  企业: ['年度自主认定人次', '-3'],
  劳动者: ['在我区定点机构培训', '可能'],
  高技能人才: ['培养期开始日期', '2025-02-30'],
  竞赛选手: ['区级竞赛名次', '0'],
  实训基地: ['核定建设补助', '12.345'],
  培训机构: ['直接培养人数.技师', '1.5'],
  技师工作室: ['当年考核评估合格', 'maybe'],
  行业协会: ['比武项目核定经费', 'abc'],
  领航团成员: ['参加社会服务活动次数', '-1'],
};

/** The kinds of damage done to a malformed row. */
const DAMAGE = ['value', 'value', 'value', 'fields', 'stray-quote', 'subject', 'no-id', 'foreign-fact'] as const;

function damage(kind: (typeof DAMAGE)[number], cells: string[]): string {
  const c = [...cells];
  const type = c[1]!;
  switch (kind) {
    case 'value': {
      const [col, v] = BAD_VALUE[type]!;
      c[HEADER.indexOf(col)] = v;
      break;
    }
    case 'fields':
      return c.slice(0, 5).map(quote).join(',');
    case 'stray-quote':
      return c.map(quote).join(',').replace(/,/, ',x"y,');
    case 'subject':
      c[1] = '外星人';
      break;
    case 'no-id':
      c[0] = '';
      break;
    case 'foreign-fact':
      // A fact of another subject type filled in.
      c[HEADER.indexOf(type === '领航团成员' ? '已毕业' : '参加社会服务活动次数')] = type === '领航团成员' ? '是' : '3';
      break;
  }
  return c.map(quote).join(',');
}

export interface OfficeFiles {
  rows: number;
  malformed: number;
  ledgerRows: number;
}

/** One row of the export: the subject it was made from, its CSV line and ledger lines, and the damage done to it, if any. */
export interface OfficeRow {
  /** 0-based row number (the subject's index in the population). */
  i: number;
  id: string;
  subject: Subject;
  damage?: (typeof DAMAGE)[number];
  line: string;
  ledgerLines: string;
}

/**
 * The rows of an export of `n` subjects, in order; about `badShare` of them damaged. Deterministic (the same
 * `n` and share give the same rows), so a checker can walk the rows a file was written from without reading it.
 */
export function* officeRows(n: number, badShare = 0.01): Generator<OfficeRow> {
  const r = new Rng(mixSeed(77, n));
  let i = 0;
  for (const [index, size] of chunksOf(n)) {
    for (const s of generateChunk(index, size)) {
      const id = idOf(i);
      const cells = cellsOf(id, s);
      const kind = r.chance(badShare) ? DAMAGE[r.int(0, DAMAGE.length - 1)]! : undefined;
      const line = kind ? damage(kind, cells) : cells.map(quote).join(',');
      let ledgerLines = '';
      for (const e of s.ledger ?? []) ledgerLines += `${id},${e.benefit},${e.date},${e.amount}\n`;
      yield { i: i++, id, subject: s, ...(kind && { damage: kind }), line, ledgerLines };
    }
  }
}

/**
 * Writes `n` rows to `csvPath` and the ledger of those subjects to `ledgerPath`.
 * About `badShare` of the rows are malformed. Returns what was written.
 */
export async function writeOfficeFiles(n: number, csvPath: string, ledgerPath?: string, badShare = 0.01): Promise<OfficeFiles> {
  const out = createWriteStream(csvPath);
  const led = ledgerPath ? createWriteStream(ledgerPath) : undefined;
  const w = async (s: NodeJS.WritableStream, text: string) => {
    if (!s.write(text)) await once(s, 'drain');
  };
  await w(out, HEADER.map(quote).join(',') + '\n');
  if (led) await w(led, `${ID_COLUMN},待遇,日期,金额\n`);
  let malformed = 0;
  let ledgerRows = 0;
  let text = '';
  let ledText = '';
  for (const row of officeRows(n, badShare)) {
    if (row.damage) malformed++;
    text += row.line + '\n';
    ledText += row.ledgerLines;
    ledgerRows += row.subject.ledger?.length ?? 0;
    if (text.length > 1 << 20) {
      await w(out, text);
      if (led) await w(led, ledText);
      text = ledText = '';
    }
  }
  await w(out, text);
  if (led) await w(led, ledText);
  out.end();
  await once(out, 'finish');
  if (led) {
    led.end();
    await once(led, 'finish');
  }
  return { rows: n, malformed, ledgerRows };
}
