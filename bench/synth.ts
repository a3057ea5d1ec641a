// Synthetic policies of any size for the compiler and language-server
// benchmarks. The text is valid (the benchmarks check compile() reports no
// errors) and uses the constructs of the real policies in similar proportions:
// subjects with boolean, level, enum, money, count, per-level and date facts;
// benefits with conditions, fixed amounts, tables by level or enum, per-level
// sums, amounts from facts with 最高, formulas with 每年累计不超过, periods,
// designations, equivalences, external parameters; examples and provisions.
// One subject per ten benefits; names carry Chinese-numeral suffixes.

const DIGITS = '零一二三四五六七八九';
/** 12 → 一二 (distinct numbers, distinct names; identifiers may not contain ASCII digits after Chinese letters). */
const cn = (n: number): string => String(n).replace(/\d/g, (d) => DIGITS[Number(d)]!);

function header(): string {
  return `// A synthetic policy for benchmarks.

政策 {
  标题：“合成政策” / “Synthetic policy”；
  文号：“合成〔2025〕1号”；
  发文机关：“合成机关”；
  发布日期：2025年1月1日；
  施行日期：2025年3月1日；
  有效期：3年；
}

资金 专项资金 “专项资金” / “Special fund”；

等级 技能等级 “技能等级” / “Skill level”：
  初级工（五级） “初级工” / “Elementary worker” < 中级工（四级） “中级工” / “Intermediate worker” <
  高级工（三级） “高级工” / “Senior worker” < 技师（二级） “技师” / “Technician” < 高级技师（一级） “高级技师” / “Senior technician”；

枚举 星级 “星级” / “Star rating”：
  五星 “五星” / “Five stars”，
  四星 “四星” / “Four stars”，
  其他星级 “三星及以下” / “Three stars or fewer”；

枚举 学历 “学历” / “Education”：
  大专 “大专” / “Junior college”，
  本科 “本科” / “Bachelor's degree”；

参数 培训补贴标准：元 “培训补贴（按规定）” / “Training subsidy (as regulated)”；
`;
}

function subject(i: number): string {
  const s = cn(i);
  return `
对象 对象${s} “对象${s}” / “Subject ${i}” {
  资格甲${s}：是否 “是否符合资格甲？” / “Qualifies (A)?”；
  资格乙${s}：是否 “是否符合资格乙？” / “Qualifies (B)?”；
  等级${s}：技能等级 “证书等级” / “Certificate level”；
  星级${s}：星级 “星级评估结果” / “Star rating”；
  核定额${s}：元 “核定金额” / “Approved amount”；
  人次${s}：人次 “本年度认定人次” / “Certifications this year”；
  培养${s}：人 按 技能等级 “各等级培养人数” / “Persons trained per level”；
  开始日${s}：日期 “培养期开始日期” / “Start of the training period”；
}
`;
}

function benefit(j: number): string {
  const n = cn(j);
  const s = cn(Math.floor(j / 10));
  const head = (label: string, payment: string) => `
待遇 待遇${n} “${label}${n}” / “Benefit ${j}” {
  条款：“二（${n}）”；
  对象：对象${s}；
  资金：专项资金；${payment ? `\n  发放：${payment}；` : ''}`;
  switch (j % 10) {
    case 0:
      return `${head('资格补助', '一次性')}
  条件：资格甲${s}，等级${s} 高级工及以上；
  金额：2000元；

  示例 “技师” { 资格甲${s}：是；等级${s}：技师；期望：2000元； }
  示例 “中级工不符合” { 资格甲${s}：是；等级${s}：中级工；期望：不符合； }
}
`;
    case 1:
      return `${head('星级奖励', '一次性')}
  条件：资格乙${s}；
  金额：按 星级${s} { 五星：3万元，四星：2万元 }；

  示例 “五星” { 资格乙${s}：是；星级${s}：五星；期望：30000元； }
}
`;
    case 2:
      return `${head('培养资助', '一次性')}
  金额：按 培养${s} { 高级工：1000元/人，技师：1500元/人，高级技师：2000元/人 }；
}
`;
    case 3:
      return `${head('建设补助', '一次性')}
  条件：资格甲${s}；
  金额：核定额${s}；
  最高：30万元；

  示例 “按上限给付” { 资格甲${s}：是；核定额${s}：400000元；期望：300000元； }
}
`;
    case 4:
      return `${head('认定奖励', '每年')}
  条件：资格乙${s}，人次${s} 满50人次；
  金额：3万元 + (人次${s} - 50人次) × 500元/人次；
  每年累计不超过：5万元；

  示例 “70人次” { 资格乙${s}：是；人次${s}：70人次；期望：40000元； }
}
`;
    case 5:
      return `${head('工作津贴', '每月')}
  条件：资格甲${s}；
  期限：自 开始日${s} 起 3年；
  金额：1000元；
}
`;
    case 6:
      return `${head('称号认定', '')}
  条件：人次${s} 满10人次；
  授予：“能手” / “Expert”；
}
`;
    case 7:
      return `${head('培训补贴', '每次')}
  条件：资格甲${s}，资格乙${s}；
  限一次：等级${s}；
  金额：培训补贴标准；
}
`;
    case 8:
      return `${head('星级资助', '每次')}
  条件：星级${s} 属于 { 五星，四星 }，资格甲${s}；
  累计：人次${s}；
  金额：500元/人次 × 人次${s}；
}
`;
    default:
      return `${head('学历视同', '')}
  条件：资格乙${s}；
  视同：按 星级${s} { 五星：本科，四星：大专 }；
}

条文 条文${n} “条文${n}” / “Provision ${j}” {
  条款：“三（${n}）”；
  内容：“本条不计算金额。”；
}
`;
  }
}

/** A policy with `benefits` benefits (and one subject per ten of them). */
export function synthPolicy(benefits: number): string {
  const parts = [header()];
  for (let i = 0; i < Math.ceil(benefits / 10); i++) parts.push(subject(i));
  for (let j = 0; j < benefits; j++) parts.push(benefit(j));
  return parts.join('');
}

/** The smallest synthetic policy with at least `lines` lines (for the language-server benchmark). */
export function synthPolicyOfLines(lines: number): string {
  let lo = 1;
  let hi = 1;
  while (synthPolicy(hi).split('\n').length < lines) hi *= 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (synthPolicy(mid).split('\n').length < lines) lo = mid + 1;
    else hi = mid;
  }
  return synthPolicy(lo);
}
