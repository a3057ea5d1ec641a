// 萧人社〔2025〕3号 written by hand: what a developer would write without the
// DSL, as a practical upper bound on speed. Plain code over the same JSON
// facts the generated evaluator takes; money is integer fen in JS numbers
// (safe integers, never float yuan). It trusts its input (no validation) and
// returns only a status and an amount per benefit: no reasons, no trace.
//
// Semantics follow the policy as the reference evaluator reads it: a
// condition that is false makes a benefit ineligible, otherwise an unknown
// (missing) fact makes it undetermined; a table with no entry for the value
// (e.g. 期满星级 其他星级) makes it ineligible; caps, then the annual cap
// against this year's ledger; an amount of 0 or less is ineligible.

export type Status = 'eligible' | 'ineligible' | 'undetermined';

export interface HwDecision {
  id: string;
  status: Status;
  /** Integer fen; 0 unless eligible. */
  fen: number;
}

export interface HwLedgerEntry {
  benefit: string;
  date: string;
  amount: string | number;
}

export interface HwParams {
  /** 企业新型学徒制职业培训补贴 (按规定), fen. */
  企业职业培训补贴标准: number;
  /** 职业培训补贴 (按规定), fen. */
  职业培训补贴标准: number;
  /** 新时代浙江工匠资助 (按规定), fen. */
  浙江工匠资助标准: number;
}

type Facts = Record<string, unknown>;

const POLICY_START = '2025-03-01';
const POLICY_END = '2028-02-29';

const LEVEL_RANK: Record<string, number> = { 初级工: 0, 中级工: 1, 高级工: 2, 技师: 3, 高级技师: 4 };
const SENIOR = 2; // 高级工

/** "12345.67" | 12345 → fen, exactly. */
export function yuanToFen(v: unknown): number {
  if (typeof v === 'number') return Math.round(v * 100);
  const s = String(v);
  const dot = s.indexOf('.');
  if (dot < 0) return Number(s) * 100;
  const frac = s.slice(dot + 1);
  return Number(s.slice(0, dot)) * 100 + (frac.length === 1 ? Number(frac) * 10 : Number(frac.slice(0, 2)));
}

const no = (id: string): HwDecision => ({ id, status: 'ineligible', fen: 0 });
const unknown = (id: string): HwDecision => ({ id, status: 'undetermined', fen: 0 });
/** Eligible when the amount is positive (after caps), else ineligible. */
const pay = (id: string, fen: number): HwDecision => (fen > 0 ? { id, status: 'eligible', fen } : no(id));
const grant = (id: string): HwDecision => ({ id, status: 'eligible', fen: 0 });

const missing = (v: unknown): boolean => v === undefined || v === null;

/** Fen already paid for a benefit in the calendar year of `asOf`, up to `asOf`. */
function paidThisYear(ledger: readonly HwLedgerEntry[] | undefined, benefit: string, asOf: string): number {
  if (!ledger) return 0;
  const year = asOf.slice(0, 4);
  let paid = 0;
  for (const e of ledger) if (e.benefit === benefit && e.date.startsWith(year) && e.date <= asOf) paid += yuanToFen(e.amount);
  return paid;
}

/** A running total over the calendar year (累计): the year's amount, capped, less what was paid; nothing left → ineligible. */
function underAnnualCap(id: string, fen: number, cap: number, ledger: readonly HwLedgerEntry[] | undefined, asOf: string): HwDecision {
  const due = Math.min(fen, cap) - paidThisYear(ledger, id, asOf);
  if (due <= 0) return no(id);
  return pay(id, due);
}

function daysIn(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const iso = (y: number, m: number, d: number): string => `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;

/** Last day (inclusive) of the three years starting on `start`. */
function threeYearsEnd(start: string): string {
  const y = Number(start.slice(0, 4)) + 3;
  const m = Number(start.slice(5, 7));
  const d = Number(start.slice(8, 10));
  const dim = daysIn(y, m);
  if (d > dim) return iso(y, m, dim);
  if (d > 1) return iso(y, m, d - 1);
  return m === 1 ? iso(y - 1, 12, 31) : iso(y, m - 1, daysIn(y, m - 1));
}

/** Σ count × rate over the levels in the table; undefined when the counts are unknown. */
function perLevelFen(counts: unknown, senior: number, technician: number, seniorTechnician: number): number | undefined {
  if (missing(counts)) return undefined;
  const c = counts as Record<string, number | undefined>;
  return (c['高级工'] ?? 0) * senior + (c['技师'] ?? 0) * technician + (c['高级技师'] ?? 0) * seniorTechnician;
}

/** 技术比武经费资助 (行业协会 and 企业): the approved cost, at most 3万元. */
function contestFunding(f: Facts): HwDecision {
  const cost = f['比武项目核定经费'];
  if (missing(cost)) return unknown('技术比武经费资助');
  const fen = yuanToFen(cost);
  return pay('技术比武经费资助', fen > 3000000 ? 3000000 : fen);
}

/** Every benefit the subject type can have, decided. */
export function evaluateHandwritten(
  type: string,
  f: Facts,
  ledger: readonly HwLedgerEntry[] | undefined,
  asOf: string,
  params: HwParams,
): HwDecision[] {
  if (asOf < POLICY_START || asOf > POLICY_END) return [];
  switch (type) {
    case '培训机构': {
      const fen = perLevelFen(f['直接培养人数'], 80000, 100000, 150000);
      return [fen === undefined ? unknown('培训机构培养资助') : pay('培训机构培养资助', fen)];
    }
    case '院校学生': {
      const inDistrict = f['院校在我区'];
      const school = f['就读院校类型'];
      const before = f['毕业前取得'];
      const level = f['取得证书等级'];
      let student: HwDecision;
      if (
        inDistrict === false ||
        (!missing(school) && school !== '技工院校' && school !== '中职院校') ||
        before === false ||
        (!missing(level) && LEVEL_RANK[level as string]! < SENIOR)
      )
        student = no('院校学生资助');
      else if (missing(inDistrict) || missing(school) || missing(before) || missing(level)) student = unknown('院校学生资助');
      else student = pay('院校学生资助', 200000);
      const graduated = f['已毕业'];
      const cls = f['院校班型'];
      let equivalence: HwDecision;
      if (graduated === false || cls === '其他班型') equivalence = no('职称评审学历视同');
      else if (missing(graduated) || missing(cls)) equivalence = unknown('职称评审学历视同');
      else equivalence = grant('职称评审学历视同');
      return [student, equivalence];
    }
    case '技师工作室': {
      const recognised = f['认定为区级技师工作室'];
      const passed = f['当年考核评估合格'];
      const opening =
        recognised === false
          ? no('技师工作室开办补助')
          : missing(recognised)
            ? unknown('技师工作室开办补助')
            : pay('技师工作室开办补助', 10000000);
      const running =
        recognised === false || passed === false
          ? no('技师工作室运行补助')
          : missing(recognised) || missing(passed)
            ? unknown('技师工作室运行补助')
            : pay('技师工作室运行补助', 3000000);
      return [opening, running];
    }
    case '实训基地': {
      const kind = f['基地类型'];
      const build = f['核定建设补助'];
      const decideBuild = (id: string, want: string, ceiling: number): HwDecision => {
        if (!missing(kind) && kind !== want) return no(id);
        if (missing(kind) || missing(build)) return unknown(id);
        const fen = yuanToFen(build);
        return pay(id, fen > ceiling ? ceiling : fen);
      };
      const serves = f['提供公益性实训服务'];
      const grantFen = f['核定实训资助'];
      const training =
        serves === false
          ? no('公益实训资助')
          : missing(serves) || missing(grantFen)
            ? unknown('公益实训资助')
            : underAnnualCap('公益实训资助', yuanToFen(grantFen), 10000000, ledger, asOf);
      return [
        decideBuild('公共实训基地建设补助', '区级公共实训基地', 30000000),
        training,
        decideBuild('乡村实训基地建设补助', '区级乡村社区技能实训基地', 15000000),
      ];
    }
    case '企业': {
      const registered = f['已备案认定企业'];
      const apprentices = f['开展新型学徒制'];
      const apprenticeship =
        apprentices === false
          ? no('企业学徒培训补贴')
          : missing(apprentices)
            ? unknown('企业学徒培训补贴')
            : pay('企业学徒培训补贴', params.企业职业培训补贴标准);
      const times = f['年度自主认定人次'] as number | undefined;
      const certification =
        registered === false || (!missing(times) && times! < 50)
          ? no('企业认定奖励')
          : missing(registered) || missing(times)
            ? unknown('企业认定奖励')
            : underAnnualCap('企业认定奖励', 3000000 + (times! - 50) * 50000, 5000000, ledger, asOf);
      const stars = f['期满星级'];
      const starFen = stars === '五星' ? 3000000 : stars === '四星' ? 2000000 : 0;
      const rating =
        registered === false || (!missing(stars) && starFen === 0)
          ? no('企业星级评估奖励')
          : missing(registered) || missing(stars)
            ? unknown('企业星级评估奖励')
            : pay('企业星级评估奖励', starFen);
      const trained = perLevelFen(f['直接培养人数'], 100000, 150000, 200000);
      return [
        apprenticeship,
        certification,
        rating,
        trained === undefined ? unknown('企业培养资助') : pay('企业培养资助', trained),
        contestFunding(f),
      ];
    }
    case '劳动者': {
      const trained = f['在我区定点机构培训'];
      const certified = f['取得培训证书'];
      return [
        trained === false || certified === false
          ? no('职业培训补贴')
          : missing(trained) || missing(certified)
            ? unknown('职业培训补贴')
            : pay('职业培训补贴', params.职业培训补贴标准),
      ];
    }
    case '企业职工': {
      const digital = f['数字职业证书'];
      const level = f['新获证书等级'];
      return [
        digital === false || (!missing(level) && LEVEL_RANK[level as string]! < SENIOR)
          ? no('数字技能资助')
          : missing(digital) || missing(level)
            ? unknown('数字技能资助')
            : pay('数字技能资助', 100000),
      ];
    }
    case '高技能人才': {
      const selected = f['入选浙江工匠或领军人才'];
      const craftsman =
        selected === false
          ? no('浙江工匠资助')
          : missing(selected)
            ? unknown('浙江工匠资助')
            : pay('浙江工匠资助', params.浙江工匠资助标准);
      const chief = f['选树为区首席技师'];
      const start = f['培养期开始日期'] as string | undefined;
      const outside = !missing(start) && (asOf < start! || asOf > threeYearsEnd(start!));
      const allowance =
        outside || chief === false
          ? no('首席技师津贴')
          : missing(start) || missing(chief)
            ? unknown('首席技师津贴')
            : pay('首席技师津贴', 100000);
      return [craftsman, allowance];
    }
    case '竞赛选手': {
      const sent = f['由我区选派'];
      const title = f['所获称号'];
      const titleFen = title === '全国技术能手' ? 1000000 : title === '省技术能手' ? 500000 : title === '市技术能手' ? 300000 : 0;
      const city =
        sent === false || (!missing(title) && titleFen === 0)
          ? no('市级以上竞赛奖励')
          : missing(sent) || missing(title)
            ? unknown('市级以上竞赛奖励')
            : pay('市级以上竞赛奖励', titleFen);
      const award = f['区级竞赛奖项'];
      const awardFen =
        award === '一等奖' ? 200000 : award === '二等奖' ? 150000 : award === '三等奖' ? 100000 : award === '优胜奖' ? 50000 : 0;
      const district = missing(award) ? unknown('区级竞赛奖励') : pay('区级竞赛奖励', awardFen);
      const place = f['区级竞赛名次'] as number | undefined;
      const expert = missing(place) ? unknown('萧山区技术能手') : place! <= 3 ? grant('萧山区技术能手') : no('萧山区技术能手');
      return [city, district, expert];
    }
    case '行业协会':
      return [contestFunding(f)];
    case '领航团成员': {
      const times = f['参加社会服务活动次数'] as number | undefined;
      return [missing(times) ? unknown('领航团服务补贴') : times! >= 1 ? pay('领航团服务补贴', 100000 * times!) : no('领航团服务补贴')];
    }
    default:
      throw new Error(`unknown subject type ${type}`);
  }
}
