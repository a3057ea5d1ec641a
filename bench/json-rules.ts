// 萧人社〔2025〕3号 in json-rules-engine: what a JavaScript developer would
// otherwise use. Eligibility is the engine's JSON rules (one engine per
// subject type); the amount is computed in plain code from the event's
// params, as json-rules-engine leaves arithmetic to the application. Facts
// are the same JSON as the other implementations; money is integer fen.
//
// The engine answers yes/no, not "unknown": a rule whose fact is missing
// simply does not fire. So this implementation reports eligible benefits and
// their amounts, which is what the agreement check compares.
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { yuanToFen, type HwLedgerEntry, type HwParams } from './handwritten.ts';

type Amount =
  | { kind: 'fixed'; fen: number }
  | { kind: 'param'; name: keyof HwParams }
  | { kind: 'fact'; fact: string; ceiling?: number; annualCap?: number }
  | { kind: 'table'; fact: string; fen: Record<string, number> }
  | { kind: 'perLevel'; fact: string; fen: Record<string, number> }
  | { kind: 'base-plus'; fact: string; from: number; base: number; each: number; annualCap: number }
  | { kind: 'times'; fact: string; fen: number }
  | { kind: 'none' };

interface BenefitRule {
  id: string;
  subjects: string[];
  conditions: TopLevelCondition;
  amount: Amount;
}

const SENIOR_OR_ABOVE = ['高级工', '技师', '高级技师'];
const is = (fact: string, value: unknown) => ({ fact, operator: 'equal', value });
const known = (fact: string) => ({ fact, operator: 'known', value: true });

/** The rules, as data. */
export const RULES: BenefitRule[] = [
  {
    id: '培训机构培养资助',
    subjects: ['培训机构'],
    conditions: { all: [known('直接培养人数')] },
    amount: { kind: 'perLevel', fact: '直接培养人数', fen: { 高级工: 80000, 技师: 100000, 高级技师: 150000 } },
  },
  {
    id: '院校学生资助',
    subjects: ['院校学生'],
    conditions: {
      all: [
        is('院校在我区', true),
        { fact: '就读院校类型', operator: 'in', value: ['技工院校', '中职院校'] },
        is('毕业前取得', true),
        { fact: '取得证书等级', operator: 'in', value: SENIOR_OR_ABOVE },
      ],
    },
    amount: { kind: 'fixed', fen: 200000 },
  },
  {
    id: '技师工作室开办补助',
    subjects: ['技师工作室'],
    conditions: { all: [is('认定为区级技师工作室', true)] },
    amount: { kind: 'fixed', fen: 10000000 },
  },
  {
    id: '技师工作室运行补助',
    subjects: ['技师工作室'],
    conditions: { all: [is('认定为区级技师工作室', true), is('当年考核评估合格', true)] },
    amount: { kind: 'fixed', fen: 3000000 },
  },
  {
    id: '公共实训基地建设补助',
    subjects: ['实训基地'],
    conditions: { all: [is('基地类型', '区级公共实训基地'), known('核定建设补助')] },
    amount: { kind: 'fact', fact: '核定建设补助', ceiling: 30000000 },
  },
  {
    id: '公益实训资助',
    subjects: ['实训基地'],
    conditions: { all: [is('提供公益性实训服务', true), known('核定实训资助')] },
    amount: { kind: 'fact', fact: '核定实训资助', annualCap: 10000000 },
  },
  {
    id: '乡村实训基地建设补助',
    subjects: ['实训基地'],
    conditions: { all: [is('基地类型', '区级乡村社区技能实训基地'), known('核定建设补助')] },
    amount: { kind: 'fact', fact: '核定建设补助', ceiling: 15000000 },
  },
  {
    id: '企业学徒培训补贴',
    subjects: ['企业'],
    conditions: { all: [is('开展新型学徒制', true)] },
    amount: { kind: 'param', name: '企业职业培训补贴标准' },
  },
  {
    id: '企业认定奖励',
    subjects: ['企业'],
    conditions: { all: [is('已备案认定企业', true), { fact: '年度自主认定人次', operator: 'greaterThanInclusive', value: 50 }] },
    amount: { kind: 'base-plus', fact: '年度自主认定人次', from: 50, base: 3000000, each: 50000, annualCap: 5000000 },
  },
  {
    id: '企业星级评估奖励',
    subjects: ['企业'],
    conditions: { all: [is('已备案认定企业', true), { fact: '期满星级', operator: 'in', value: ['五星', '四星'] }] },
    amount: { kind: 'table', fact: '期满星级', fen: { 五星: 3000000, 四星: 2000000 } },
  },
  {
    id: '企业培养资助',
    subjects: ['企业'],
    conditions: { all: [known('直接培养人数')] },
    amount: { kind: 'perLevel', fact: '直接培养人数', fen: { 高级工: 100000, 技师: 150000, 高级技师: 200000 } },
  },
  {
    id: '职业培训补贴',
    subjects: ['劳动者'],
    conditions: { all: [is('在我区定点机构培训', true), is('取得培训证书', true)] },
    amount: { kind: 'param', name: '职业培训补贴标准' },
  },
  {
    id: '数字技能资助',
    subjects: ['企业职工'],
    conditions: { all: [is('数字职业证书', true), { fact: '新获证书等级', operator: 'in', value: SENIOR_OR_ABOVE }] },
    amount: { kind: 'fixed', fen: 100000 },
  },
  {
    id: '浙江工匠资助',
    subjects: ['高技能人才'],
    conditions: { all: [is('入选浙江工匠或领军人才', true)] },
    amount: { kind: 'param', name: '浙江工匠资助标准' },
  },
  {
    id: '首席技师津贴',
    subjects: ['高技能人才'],
    conditions: { all: [is('选树为区首席技师', true), is('在三年培养期内', true)] },
    amount: { kind: 'fixed', fen: 100000 },
  },
  {
    id: '市级以上竞赛奖励',
    subjects: ['竞赛选手'],
    conditions: {
      all: [is('由我区选派', true), { fact: '所获称号', operator: 'in', value: ['全国技术能手', '省技术能手', '市技术能手'] }],
    },
    amount: { kind: 'table', fact: '所获称号', fen: { 全国技术能手: 1000000, 省技术能手: 500000, 市技术能手: 300000 } },
  },
  {
    id: '区级竞赛奖励',
    subjects: ['竞赛选手'],
    conditions: { all: [{ fact: '区级竞赛奖项', operator: 'in', value: ['一等奖', '二等奖', '三等奖', '优胜奖'] }] },
    amount: { kind: 'table', fact: '区级竞赛奖项', fen: { 一等奖: 200000, 二等奖: 150000, 三等奖: 100000, 优胜奖: 50000 } },
  },
  {
    id: '萧山区技术能手',
    subjects: ['竞赛选手'],
    conditions: { all: [{ fact: '区级竞赛名次', operator: 'lessThanInclusive', value: 3 }] },
    amount: { kind: 'none' },
  },
  {
    id: '技术比武经费资助',
    subjects: ['行业协会', '企业'],
    conditions: { all: [known('比武项目核定经费')] },
    amount: { kind: 'fact', fact: '比武项目核定经费', ceiling: 3000000 },
  },
  {
    id: '职称评审学历视同',
    subjects: ['院校学生'],
    conditions: { all: [is('已毕业', true), { fact: '院校班型', operator: 'in', value: ['中级工班', '高级工班', '预备技师班'] }] },
    amount: { kind: 'none' },
  },
  {
    id: '领航团服务补贴',
    subjects: ['领航团成员'],
    conditions: { all: [{ fact: '参加社会服务活动次数', operator: 'greaterThanInclusive', value: 1 }] },
    amount: { kind: 'times', fact: '参加社会服务活动次数', fen: 100000 },
  },
];

function daysIn(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** asOf within the three years starting on `start` (the start day counting). */
function withinThreeYears(start: string, asOf: string): boolean {
  if (asOf < start) return false;
  const y = Number(start.slice(0, 4)) + 3;
  const m = Number(start.slice(5, 7));
  const d = Number(start.slice(8, 10));
  const pad = (n: number) => (n < 10 ? '0' : '') + n;
  const dim = daysIn(y, m);
  const end =
    d > dim
      ? `${y}-${pad(m)}-${pad(dim)}`
      : d > 1
        ? `${y}-${pad(m)}-${pad(d - 1)}`
        : m === 1
          ? `${y - 1}-12-31`
          : `${y}-${pad(m - 1)}-${pad(daysIn(y, m - 1))}`;
  return asOf <= end;
}

export interface JreDecision {
  id: string;
  fen: number;
}

export interface JsonRules {
  /** The eligible benefits of one subject, with their amounts in fen. */
  evaluate(
    type: string,
    facts: Record<string, unknown>,
    ledger: readonly HwLedgerEntry[] | undefined,
    asOf: string,
  ): Promise<JreDecision[]>;
}

export function createJsonRules(params: HwParams): JsonRules {
  const engines = new Map<string, Engine>();
  const byId = new Map(RULES.map((r) => [r.id, r]));
  const engineFor = (type: string): Engine => {
    let engine = engines.get(type);
    if (engine) return engine;
    engine = new Engine([], { allowUndefinedFacts: true });
    engine.addOperator('known', (v: unknown, want: unknown) => (v !== undefined && v !== null) === want);
    engine.addFact('在三年培养期内', async (_params, almanac) => {
      const start = (await almanac.factValue('培养期开始日期')) as string | undefined;
      const asOf = (await almanac.factValue('asOf')) as string;
      return start === undefined || start === null ? undefined : withinThreeYears(start, asOf);
    });
    for (const r of RULES) {
      if (!r.subjects.includes(type)) continue;
      const rule: RuleProperties = { name: r.id, conditions: r.conditions, event: { type: 'benefit', params: { id: r.id } } };
      engine.addRule(rule);
    }
    engines.set(type, engine);
    return engine;
  };

  const paidThisYear = (ledger: readonly HwLedgerEntry[] | undefined, id: string, asOf: string): number => {
    let paid = 0;
    const year = asOf.slice(0, 4);
    for (const e of ledger ?? []) if (e.benefit === id && e.date.startsWith(year) && e.date <= asOf) paid += yuanToFen(e.amount);
    return paid;
  };

  /** The amount in fen, or undefined when nothing is paid (amount 0, or nothing left under the annual cap). */
  const amountOf = (
    a: Amount,
    facts: Record<string, unknown>,
    id: string,
    ledger: readonly HwLedgerEntry[] | undefined,
    asOf: string,
  ): number | undefined => {
    let fen: number;
    let annualCap: number | undefined;
    switch (a.kind) {
      case 'none':
        return 0;
      case 'fixed':
        fen = a.fen;
        break;
      case 'param':
        fen = params[a.name];
        break;
      case 'fact':
        fen = yuanToFen(facts[a.fact]);
        if (a.ceiling !== undefined && fen > a.ceiling) fen = a.ceiling;
        annualCap = a.annualCap;
        break;
      case 'table':
        fen = a.fen[facts[a.fact] as string]!;
        break;
      case 'perLevel': {
        const counts = facts[a.fact] as Record<string, number>;
        fen = 0;
        for (const [level, rate] of Object.entries(a.fen)) fen += (counts[level] ?? 0) * rate;
        break;
      }
      case 'base-plus':
        fen = a.base + ((facts[a.fact] as number) - a.from) * a.each;
        annualCap = a.annualCap;
        break;
      case 'times':
        fen = (facts[a.fact] as number) * a.fen;
        break;
    }
    // Both capped benefits are running totals over the calendar year (累计): the year's amount, capped, less what was paid.
    if (annualCap !== undefined) {
      const due = Math.min(fen, annualCap) - paidThisYear(ledger, id, asOf);
      if (due <= 0) return undefined;
      fen = due;
    }
    return fen > 0 ? fen : undefined;
  };

  return {
    async evaluate(type, facts, ledger, asOf) {
      if (asOf < '2025-03-01' || asOf > '2028-02-29') return []; // the policy's period (施行日期 + 3 years)
      const { events } = await engineFor(type).run({ ...facts, asOf });
      const out: JreDecision[] = [];
      for (const e of events) {
        const id = (e.params as { id: string }).id;
        const fen = amountOf(byId.get(id)!.amount, facts, id, ledger, asOf);
        if (fen !== undefined) out.push({ id, fen });
      }
      return out;
    },
  };
}
