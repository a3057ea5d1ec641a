// The synthetic population for 萧人社〔2025〕3号: subjects of every type with
// facts drawn from plausible ranges, some facts missing, and for some
// enterprises and training bases a ledger of payments already made this year.
//
// Generated deterministically in chunks: chunk i always holds the same
// subjects, so the population is never held in memory whole, and a smaller
// run (BENCH_QUICK) is a prefix of the full one. Facts are the JSON an API
// caller would send: yuan as decimal strings, counts as numbers, levels and
// enum values by name.
import { mixSeed, Rng } from './prng.ts';

export const SEED = 20250123;
export const CHUNK = 10_000;
/** The date every subject is evaluated on (inside the policy period 2025-03-01 .. 2028-02-29). */
export const AS_OF = '2026-06-15';

/** Values for the policy's 按规定 parameters, as the generated evaluator takes them (decimal yuan strings). */
export const PARAMS = {
  企业职业培训补贴标准: '1500.00',
  职业培训补贴标准: '800.00',
  浙江工匠资助标准: '50000.00',
} as const;

export interface LedgerJson {
  benefit: string;
  date: string;
  amount: string;
}

export interface Subject {
  type: string;
  facts: Record<string, unknown>;
  ledger?: LedgerJson[];
}

const TYPES = [
  '企业职工',
  '劳动者',
  '院校学生',
  '企业',
  '竞赛选手',
  '高技能人才',
  '培训机构',
  '实训基地',
  '技师工作室',
  '行业协会',
  '领航团成员',
] as const;
const TYPE_WEIGHTS = [25, 20, 15, 10, 8, 6, 4, 4, 3, 2, 3];

export const SUBJECT_TYPES: readonly string[] = TYPES;

const LEVELS = ['初级工', '中级工', '高级工', '技师', '高级技师'] as const;
const LEVEL_WEIGHTS = [30, 30, 25, 10, 5];

/** Probability that any one fact is absent (unknown). */
const P_MISSING = 0.06;

/** A yuan amount as a decimal string with two places; about a third carry fen. */
function yuan(r: Rng, lo: number, hi: number): string {
  const y = r.int(lo, hi);
  const fen = r.chance(0.3) ? r.int(1, 99) : 0;
  return `${y}.${fen < 10 ? '0' : ''}${fen}`;
}

function perLevel(r: Rng, maxCount: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of LEVELS) if (r.chance(0.45)) out[l] = r.int(0, maxCount);
  return out;
}

function isoDate(r: Rng, fromYear: number, toYear: number): string {
  const y = r.int(fromYear, toYear);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Sets a fact unless this one is drawn as missing. */
function put(r: Rng, facts: Record<string, unknown>, name: string, value: unknown): void {
  if (!r.chance(P_MISSING)) facts[name] = value;
}

export function makeSubject(r: Rng): Subject {
  const type = r.weighted(TYPES, TYPE_WEIGHTS);
  const f: Record<string, unknown> = {};
  let ledger: LedgerJson[] | undefined;
  switch (type) {
    case '培训机构':
      put(r, f, '直接培养人数', perLevel(r, 40));
      break;
    case '院校学生':
      put(r, f, '院校在我区', r.chance(0.8));
      put(r, f, '就读院校类型', r.weighted(['技工院校', '中职院校', '其他院校'], [45, 40, 15]));
      put(r, f, '取得证书等级', r.weighted(LEVELS, LEVEL_WEIGHTS));
      put(r, f, '毕业前取得', r.chance(0.7));
      put(r, f, '院校班型', r.weighted(['中级工班', '高级工班', '预备技师班', '其他班型'], [35, 35, 15, 15]));
      put(r, f, '已毕业', r.chance(0.5));
      break;
    case '企业':
      put(r, f, '已备案认定企业', r.chance(0.4));
      put(r, f, '年度自主认定人次', r.int(0, 150));
      put(r, f, '期满星级', r.weighted(['五星', '四星', '其他星级'], [15, 30, 55]));
      put(r, f, '直接培养人数', perLevel(r, 30));
      put(r, f, '开展新型学徒制', r.chance(0.3));
      put(r, f, '比武项目核定经费', yuan(r, 0, 60000));
      // The facts that identify an occasion (限一次) are always on the application form.
      f['学徒培训班次'] = `班次${r.int(1, 9)}`;
      f['比武项目名称'] = `比武${r.int(1, 9)}`;
      if (r.chance(0.25)) {
        ledger = [{ benefit: '企业认定奖励', date: '2026-03-01', amount: `${r.int(1, 6) * 10000}.00` }];
        if (r.chance(0.3)) ledger.push({ benefit: '企业认定奖励', date: '2025-11-20', amount: '50000.00' });
        // A ledger never records a payment after the as-of date (that is an input error, P3015).
        if (r.chance(0.2)) ledger.push({ benefit: '企业认定奖励', date: '2026-05-20', amount: '20000.00' });
      }
      break;
    case '企业职工':
      put(r, f, '新获证书等级', r.weighted(LEVELS, LEVEL_WEIGHTS));
      put(r, f, '数字职业证书', r.chance(0.3));
      break;
    case '劳动者':
      put(r, f, '在我区定点机构培训', r.chance(0.6));
      put(r, f, '取得培训证书', r.chance(0.7));
      f['培训证书编号'] = `C${r.int(1, 99999)}`;
      break;
    case '技师工作室':
      put(r, f, '认定为区级技师工作室', r.chance(0.7));
      put(r, f, '当年考核评估合格', r.chance(0.8));
      break;
    case '实训基地':
      put(r, f, '基地类型', r.weighted(['区级公共实训基地', '区级乡村社区技能实训基地', '其他基地'], [40, 40, 20]));
      put(r, f, '核定建设补助', yuan(r, 0, 400000));
      put(r, f, '提供公益性实训服务', r.chance(0.6));
      put(r, f, '核定实训资助', yuan(r, 0, 150000));
      if (r.chance(0.25)) ledger = [{ benefit: '公益实训资助', date: '2026-02-10', amount: yuan(r, 10000, 120000) }];
      break;
    case '高技能人才':
      put(r, f, '入选浙江工匠或领军人才', r.chance(0.2));
      put(r, f, '选树为区首席技师', r.chance(0.4));
      put(r, f, '培养期开始日期', isoDate(r, 2022, 2027));
      break;
    case '竞赛选手':
      put(r, f, '由我区选派', r.chance(0.6));
      put(r, f, '所获称号', r.weighted(['全国技术能手', '省技术能手', '市技术能手', '未获称号'], [5, 15, 30, 50]));
      put(r, f, '区级竞赛奖项', r.weighted(['一等奖', '二等奖', '三等奖', '优胜奖', '未获奖'], [5, 10, 15, 20, 50]));
      put(r, f, '区级竞赛名次', r.int(1, 30));
      f['市级以上竞赛名称'] = `竞赛${r.int(1, 9)}`;
      break;
    case '行业协会':
      put(r, f, '比武项目核定经费', yuan(r, 0, 60000));
      f['比武项目名称'] = `比武${r.int(1, 9)}`;
      break;
    case '领航团成员':
      put(r, f, '参加社会服务活动次数', r.int(0, 12));
      break;
  }
  return ledger ? { type, facts: f, ledger } : { type, facts: f };
}

/** Subjects [i·CHUNK, i·CHUNK + size) of the population. */
export function generateChunk(index: number, size = CHUNK): Subject[] {
  const r = new Rng(mixSeed(SEED, index));
  const out: Subject[] = new Array(size);
  for (let i = 0; i < size; i++) out[i] = makeSubject(r);
  return out;
}

/** The chunks covering the first `n` subjects: [index, size] pairs. */
export function chunksOf(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i * CHUNK < n; i++) out.push([i, Math.min(CHUNK, n - i * CHUNK)]);
  return out;
}
