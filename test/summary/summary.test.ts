// What the summary says: conditions as sentences in the policy's own words,
// standards, ceilings and caps, periods, the header, the 按规定 items, the
// provisions, readings as notes; English with labels and a Chinese fallback;
// text escaped in both formats.
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { buildSummary, renderSummary } from '../../compiler/summary/index.ts';
import { attachReadings, readingText } from '../../compiler/summary/readings.ts';
import { cnNumber, moneyText } from '../../compiler/summary/phrase.ts';
import { fromInt, parseDecimal } from '../../compiler/rational.ts';
import { compiled, miniPolicy, summaryOf, XIAOSHAN } from './helpers.ts';

const c = compiled(XIAOSHAN);
const zh = summaryOf(c, 'zh', 'md');
const en = summaryOf(c, 'en', 'md');

/** The Markdown section (heading to next heading) whose heading contains `title`. */
function section(md: string, title: string): string {
  const s = md.split(/\n(?=#{1,6} )/).find((x) => x.split('\n')[0]!.includes(title));
  if (!s) throw new Error(`no section “${title}”`);
  return s;
}

describe('Chinese summary of 萧人社〔2025〕3号', () => {
  it('writes conditions as sentences with the text’s comparison words and labels', () => {
    expect(section(zh, '职业技能等级认定企业自主认定奖励')).toContain(
      '**适用情形**：经人社保部门备案的职业技能等级认定（试点）企业，本年度累计自主认定技能人才人次满50人次的',
    );
    expect(section(zh, '院校学生高技能人才资助')).toContain(
      '就读院校在萧山区范围内，就读院校类型为技工院校或中职院校，证书在毕业前取得，取得的职业资格证书（职业技能等级证书）等级为高级工及以上的',
    );
    expect(section(zh, '认定“萧山区技术能手”')).toContain('区级职业技能竞赛名次在3名以内的');
    expect(section(zh, '区级公共实训基地建设补助')).toContain('实训基地类型为区级公共实训基地的');
    expect(zh).not.toMatch(/是否|？/);
  });

  it('gives standards as written, tables where they vary, ceilings and yearly caps', () => {
    const training = section(zh, '培训机构培养高技能人才资助');
    expect(training).toContain('| 职业资格（职业技能等级） | 标准 |');
    expect(training).toContain('| 高级工 | 800元/人 |');
    expect(training).toContain('| 高级技师 | 1500元/人 |');
    expect(section(zh, '认定企业期满星级评估奖励')).toContain('| 五星 | 3万元 |');
    expect(section(zh, '技师工作室开办经费补助')).toMatch(/补助标准\*\*：10万元\n- \*\*发放方式\*\*：一次性/);
    expect(section(zh, '技师工作室运行经费补助')).toContain('**补助标准**：每年3万元');
    expect(section(zh, '区级公共实训基地建设补助')).toContain('**限额**：最高30万元');
    expect(section(zh, '公益性实训服务资助')).toContain('**限额**：每年累计不超过10万元');
    const reward = section(zh, '职业技能等级认定企业自主认定奖励');
    expect(reward).toContain('3万元 +（本年度累计自主认定技能人才人次 − 50人次）× 500元/人次');
    expect(reward).toContain('每年累计不超过5万元');
    const chief = section(zh, '区首席技师工作津贴');
    expect(chief).toContain('**补助标准**：每月1000元');
    expect(chief).toContain('**享受期限**：自三年培养期的开始日期起3年');
    expect(section(zh, '领航团成员专项服务补贴')).toContain('1000元/次，按本政策施行以来累计参加区人社保部门组织的职业技能社会服务活动的次数计发');
  });

  it('names the fund and the clause of every benefit', () => {
    expect(section(zh, '企业新型学徒制职业培训补贴')).toContain('**资金来源**：职业技能提升专账资金');
    expect(section(zh, '企业新型学徒制职业培训补贴')).toContain('**政策依据**：二（三）6');
    for (const b of c.model.benefits) expect(zh).toContain(`**政策依据**：${b.clause}`);
  });

  it('groups benefits by subject, in declaration order, with a benefit open to two subjects under both', () => {
    const headings = zh.split('\n').filter((l) => l.startsWith('### ')).map((l) => l.replace(/^### （.+?）/, ''));
    const expected = [...c.model.subjects.values()].filter((s) => c.model.benefits.some((b) => b.subjects.includes(s.name))).map((s) => s.label!.zh);
    expect(headings).toEqual(expected);
    expect(headings.slice(0, 3)).toEqual(['培训机构', '院校学生', '企业']);
    expect(zh.match(/#### \d+\. 技术比武项目经费资助/g)).toHaveLength(2);
    expect(section(zh, '技术比武项目经费资助')).toContain('**同样适用于**：行业协会（学会）');
  });

  it('states the policy’s particulars', () => {
    expect(zh.split('\n')[0]).toBe('# 关于深化“新萧匠”高技能人才队伍建设的意见');
    expect(zh).toContain('萧人社〔2025〕3号，自2025年3月1日起施行，有效期三年，至2028年2月29日止。');
    const info = section(zh, '政策基本信息');
    expect(info).toContain('**文号**：萧人社〔2025〕3号');
    expect(info).toContain('  - 杭州市萧山区人力资源和社会保障局');
    expect(info).toContain('**发布日期**：2025年1月23日');
    expect(info).toContain('**有效期**：三年（2025年3月1日至2028年2月29日）');
    expect(info).toContain('**解释机关**：区人力社保局');
    expect(info).toContain('职业技能提升专账资金：“企业新型学徒制职业培训补贴”、“职业培训补贴”');
    expect(info).toContain('人才专项资金：其余各项');
  });

  it('lists the 按规定 items as such, and the provisions with their content', () => {
    const params = section(zh, '按规定执行的事项');
    for (const p of c.model.params.values()) expect(params).toContain(`**${p.label!.zh}**：具体标准按有关规定执行`);
    expect(section(zh, '企业新型学徒制职业培训补贴')).toContain('按规定给予，本文未规定具体标准');
    const provisions = section(zh, '其他条文');
    for (const p of c.model.provisions) expect(provisions).toContain(`**${p.label!.zh}（${p.clause}）**：${p.content}`);
  });

  it('shows each reading (解读) as a note where it belongs', () => {
    const readings = c.parse.comments.map(readingText).filter((x) => x);
    // One per 解读 comment in the file (the opening comment only mentions the word).
    expect(readings).toHaveLength(c.parse.comments.filter((x) => /^\/\/\s*解读：/.test(x.text)).length);
    expect(readings.length).toBeGreaterThanOrEqual(15);
    expect(section(zh, '职业技能等级认定企业自主认定奖励')).toContain('> 说明：本项为对原文的理解。原文“按500元/人”，按自主认定的人次计算。');
    expect(section(zh, '区级公共实训基地建设补助')).toContain('“最高30万元”只给出上限');
    expect(section(zh, '市级以上职业技能竞赛获奖奖励')).toContain('两项均可享受');
    expect(section(zh, '其他条文')).toContain('说明（加强职业（技工）院校建设（二（一）1））：本项为对原文的理解。第1项提到“师资培训补助”');
    // The file's opening comment mentions 解读 but is not a reading.
    expect(zh).not.toContain('compute nothing');
    for (const r of readings) expect(zh).toContain(r!);
  });
});

describe('English summary', () => {
  it('uses the English labels and keeps the Chinese where none is given', () => {
    expect(en.split('\n')[0]).toBe('# Opinions on Deepening the Development of the ‘New Xiaoshan Craftsmen’ High-Skill Talent Workforce');
    const reward = section(en, 'Certification enterprises: reward for self-certification');
    expect(reward).toContain('- Skill certifications made by the enterprise this year, so far: at least 50 person-times');
    expect(reward).toContain('at most 50,000 yuan in total per year');
    expect(section(en, 'Training institutions: support')).toContain('| Senior worker (level 3) | 800 yuan per person |');
    expect(section(en, 'Designation: Xiaoshan District Technical Expert')).toContain('Place at the district competition: top 3');
    expect(section(en, 'About the policy')).toContain('**Original title**: 关于深化“新萧匠”高技能人才队伍建设的意见');
    expect(section(en, 'About the policy')).toContain('  - 杭州市萧山区财政局');
    expect(section(en, 'Other provisions')).toContain('(in Chinese) 建立组织部门牵头抓总');
    expect(en).not.toMatch(/[一-龥]{2,}(?:资助|补贴)\*\*/);
  });
});

describe('phrasing details', () => {
  const text = miniPolicy(`
对象 企业 “企业” / “Enterprise” {
  已毕业：是否 “是否已毕业？” / “Has graduated?”；
  在区内：是否 “是否在萧山区内？”；
  缴费：元 “上年度实际缴纳失业保险费” / “Contributions paid last year”；
  人数：人 “参保职工人数”；
}
// 解读：返还按上年度缴费计算。
待遇 稳岗返还 “稳岗返还” / “Job retention refund” {
  条款：“一(二)3”；对象：企业；资金：专项资金；发放：一次性；
  条件：非 已毕业，在区内 为 否；
  金额：缴费 × 60%；
  舍入：元，四舍五入；
}
待遇 乙 “乙补贴” {
  条款：“二”；对象：企业；资金：专项资金；发放：每月；
  条件：人数 超过 30人 或 (人数 不满 5人)；
  金额：1.5万元；
  期限：至 2026年6月30日；
}
就高：稳岗返还，乙；
`);
  const m = compile(text);
  const zhMini = renderSummary(m.model, { lang: 'zh', format: 'md', comments: m.parse.comments });
  const enMini = renderSummary(m.model, { lang: 'en', format: 'md', comments: m.parse.comments });

  // The snippet gives English labels only where a test reads them (P2090 warns about the rest).
  it('compiles', () => expect(m.diagnostics.filter((d) => d.code !== 'P2090')).toEqual([]));
  it('negates yes/no facts in Chinese', () => {
    expect(zhMini).toContain('**适用情形**：未毕业，不在萧山区内的');
  });
  it('reads or, percentages, rounding, periods and 就高', () => {
    expect(zhMini).toContain('参保职工人数超过30人，或者参保职工人数不满5人的');
    expect(zhMini).toContain('按上年度实际缴纳失业保险费的60%计发');
    expect(zhMini).toContain('计算结果按元四舍五入');
    expect(zhMini).toContain('**补助标准**：每月1.5万元');
    expect(zhMini).toContain('**享受期限**：至2026年6月30日');
    expect(zhMini).toContain('与“乙补贴”（二）就高享受，不重复享受');
    expect(section(zhMini, '政策衔接')).toContain('- “稳岗返还”（一（二）3）、“乙补贴”（二）：就高享受，不重复享受。');
    expect(zhMini).toContain('有效期两年');
    expect(zhMini).toContain('**资金来源**：专项资金\n');
  });
  it('reads a rate that depends on an enum as a rate table', () => {
    const p = compile(
      miniPolicy(`枚举 规模 “企业规模” / “Size”： 大型 “大型企业” / “Large”， 中小微 “中小微企业” / “SME”；
对象 企业 “企业” { 缴费：元 “上年度实际缴纳失业保险费” / “Contributions paid last year”； 企业规模：规模 “企业规模” / “Size”； }
待遇 稳岗返还 “稳岗返还” { 条款：“一”；对象：企业；资金：专项资金；金额：缴费 × 按 企业规模 { 大型：30%，中小微：60% }；舍入：元，四舍五入； }
`),
    );
    expect(p.hasErrors).toBe(false);
    const md = renderSummary(p.model, { lang: 'zh', format: 'md' });
    expect(md).toContain('**补助标准**：按上年度实际缴纳失业保险费的相应比例计发，比例按企业规模确定（见下表）');
    expect(md).toContain('| 企业规模 | 比例 |\n| --- | --- |\n| 大型企业 | 30% |\n| 中小微企业 | 60% |');
    expect(renderSummary(p.model, { lang: 'en', format: 'md' })).toContain('| Large | 30% |');
  });
  it('falls back to the Chinese label in English', () => {
    expect(enMini).toContain('  - Has graduated? — no\n  - 是否在萧山区内？ — no');
    expect(enMini).toContain('#### 2. 乙补贴');
    expect(enMini).toContain('60% of Contributions paid last year');
    expect(enMini).toContain('15,000 yuan a month');
  });
  it('leaves readings out when no comments are given', () => {
    expect(zhMini).toContain('返还按上年度缴费计算');
    expect(renderSummary(m.model, { lang: 'zh', format: 'md' })).not.toContain('返还按上年度缴费计算');
  });
  it('formats money as officers write it', () => {
    expect(moneyText(fromInt(300000), 'zh')).toBe('30万元');
    expect(moneyText(fromInt(15000), 'zh')).toBe('1.5万元');
    expect(moneyText(fromInt(5000), 'zh')).toBe('5000元');
    expect(moneyText(parseDecimal('12345.5')!, 'zh')).toBe('12345.5元');
    expect(moneyText(parseDecimal('12500')!, 'zh')).toBe('1.25万元');
    expect(moneyText(fromInt(1234567), 'en')).toBe('1,234,567 yuan');
    expect([1, 3, 10, 12, 20, 35].map(cnNumber)).toEqual(['一', '三', '十', '十二', '二十', '三十五']);
  });
});

describe('quotas, delivery, fallback funds and derived facts', () => {
  const p = compile(
    miniPolicy(`资金 后备资金 “后备资金” / “Reserve fund”；
等级 证书等级 “证书等级” / “Certificate level”： 初级工 < 中级工 < 高级工；
枚举 职业类别 “职业类别” / “Occupation category”： 紧缺 “紧缺职业” / “Shortage”， 一般 “一般职业” / “Other”；
对象 职工 “职工” / “Worker” {
  新增人数：人 “新增人数” / “New recipients”；
  平均人数：人 “平均人数” / “Average insured”；
  裁员率 = 新增人数 ÷ 平均人数 “裁员率” / “Layoff rate”；
  证书等级：证书等级 “证书等级” / “Certificate level”；
  职业：文字 “职业” / “Occupation”；
  类别：职业类别 “职业类别” / “Occupation category”；
}
// 解读：第一行没有结束，
// 第二行接着说明。
待遇 甲 “甲补贴” / “Subsidy A” {
  条款：“一”；对象：职工；资金：专项资金，后备资金；发放：每次；经办：免申即享；
  条件：裁员率 不高于 5%；
  金额：按 证书等级 { 初级工：1000元，中级工：1500元，高级工：2000元 }；
  每年限次：按 类别 { 紧缺：3次，一般：1次 }；
  限一次：职业，证书等级及以上；
}
待遇 乙 “乙补贴” { 条款：“二”；对象：职工；资金：专项资金；金额：800元；每年限一次：职业；每年限次：2次； }
// 这一行不是解读。
// 解读：两者都符合时保留甲。
不得重复享受：甲，乙；
`),
  );
  const md = renderSummary(p.model, { lang: 'zh', format: 'md', comments: p.parse.comments });
  const enMd = renderSummary(p.model, { lang: 'en', format: 'md', comments: p.parse.comments });
  it('compiles', () => expect(p.diagnostics.filter((d) => d.code !== 'P2090')).toEqual([]));
  it('says how often a benefit may be received', () => {
    expect(section(md, '甲补贴')).toContain(
      '- **享受次数**：\n  - 每年最多享受次数按职业类别确定：紧缺职业3次；一般职业1次\n  - 职业、证书等级相同的，只能享受一次\n  - 已按较高证书等级享受的，不再按较低等级享受',
    );
    expect(section(md, '乙补贴')).toContain('  - 每年最多享受2次\n  - 职业相同的，每年只能享受一次');
    expect(section(enMd, 'Subsidy A')).toContain('  - at most, per year: Shortage: 3 times; Other: once\n  - only once for the same Occupation and Certificate level');
  });
  it('names 免申即享, the fallback fund and how a derived fact is computed', () => {
    const a = section(md, '甲补贴');
    expect(a).toContain('**办理方式**：免申即享');
    expect(a).toContain('**资金来源**：专项资金；不足时从后备资金列支');
    expect(a).toContain('**计算口径**：裁员率 = 新增人数 ÷ 平均人数');
    expect(section(md, '政策基本信息')).toContain('  - 后备资金：“甲补贴”（不足时列支）');
  });
  it('joins a reading that goes on over the next comment line, and attaches readings to interactions', () => {
    expect(section(md, '甲补贴')).toContain('> 说明：本项为对原文的理解。第一行没有结束，第二行接着说明。');
    const combos = section(md, '政策衔接');
    expect(combos).toContain('> 说明：本项为对原文的理解。两者都符合时保留甲。');
    expect(md).not.toContain('这一行不是解读');
  });
});

describe('readings', () => {
  it('attaches to the enclosing declaration, else to the next one', () => {
    const r = attachReadings(c.model, c.parse.comments);
    expect([...r.keys()]).toEqual([
      'provision:院校建设',
      'benefit:培训机构培养资助',
      'benefit:技师工作室运行补助',
      'benefit:公共实训基地建设补助',
      'benefit:公益实训资助',
      'benefit:企业学徒培训补贴',
      'benefit:企业认定奖励',
      'benefit:企业培养资助',
      'benefit:职业培训补贴',
      'benefit:浙江工匠资助',
      'benefit:市级以上竞赛奖励',
      'benefit:区级竞赛奖励',
      'benefit:技术比武经费资助',
      'benefit:领航团服务补贴',
    ]);
  });
  it('accepts block comments and half-width colons, ignores other comments', () => {
    const mk = (text: string, block = false) => ({ text, block, range: { start: 0, end: text.length } });
    expect(readingText(mk('/* 解读: 多行\n * 说明 */', true))).toBe('多行说明');
    expect(readingText(mk('// 解读：一行'))).toBe('一行');
    expect(readingText(mk('// 本条解读：不是'))).toBeUndefined();
    expect(readingText(mk('// 解读：'))).toBeUndefined();
  });
  it('keeps a reading inside the 政策 { … } header with the header, after any of its fields', () => {
    // It used to go to the next declaration (here the fund) when it came after the header's last labelled field.
    const text = miniPolicy('对象 甲 “甲” { 数：人 “人数”； }\n待遇 乙 “乙补贴” { 条款：“一”；对象：甲；资金：专项资金；金额：800元； }\n').replace(
      '  有效期：2年；\n}',
      '  有效期：2年；\n  // 解读：摘录未载明施行日期，按发布日期施行。\n}',
    );
    const p = compile(text);
    expect([...attachReadings(p.model, p.parse.comments).keys()]).toEqual(['header:']);
    const md = renderSummary(p.model, { lang: 'zh', format: 'md', comments: p.parse.comments });
    expect(section(md, '政策基本信息')).toContain('> 说明：本项为对原文的理解。摘录未载明施行日期，按发布日期施行。');
    expect(md).not.toContain('说明（专项资金）');
  });
  it('puts readings on funds and trailing readings under other notes', () => {
    const p = compile(miniPolicy('对象 甲 “甲” { 数：人 “人数”； }\n待遇 乙 “乙补贴” { 条款：“一”；对象：甲；资金：专项资金；金额：800元； }\n// 解读：末尾的说明。\n'));
    const md = renderSummary(p.model, { lang: 'zh', format: 'md', comments: p.parse.comments });
    expect(section(md, '其他说明')).toContain('> 说明：本项为对原文的理解。末尾的说明。');
  });
});

describe('分别给予一次性补助 over kinds', () => {
  it('says one-off for each kind, not per occasion (发放：每次 with 限一次 on the kind)', () => {
    const text = miniPolicy('枚举 资质：甲级，乙级；\n对象 企业 “企业” { 新认定资质：资质 “本次新认定的资质”； }\n待遇 乙 “资质补助” { 条款：“一”；对象：企业；资金：专项资金；金额：按 新认定资质 { 甲级：20万元，乙级：10万元 }；发放：每次；限一次：新认定资质； }\n');
    const p = compile(text);
    expect(renderSummary(p.model, { lang: 'zh', format: 'md' })).toContain('一次性发放：同一申请对象按本次新认定的资质各享受一次，同一种不重复享受');
    expect(renderSummary(p.model, { lang: 'en', format: 'md' })).toContain('one-off for each');
    // Without 限一次 it stays per occasion.
    const q = compile(text.replace('限一次：新认定资质；', ''));
    expect(renderSummary(q.model, { lang: 'zh', format: 'md' })).toContain('按次发放');
  });
});

describe('escaping', () => {
  const title = '关于<script>alert(1)</script>&“x”*_[y]|的通知';
  const p = compile(miniPolicy('对象 甲 “甲” { 数：人 “人数”； }\n待遇 乙 “乙<b>补贴</b>” { 条款：“一”；对象：甲；资金：专项资金；金额：800元； }\n', title));
  it('escapes every string in HTML', () => {
    const html = renderSummary(p.model, { lang: 'zh', format: 'html' });
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain('<h1>关于&lt;script&gt;alert(1)&lt;/script&gt;&amp;“x”*_[y]|的通知</h1>');
    expect(html).toContain('<title>关于&lt;script&gt;');
    expect(html).toContain('乙&lt;b&gt;补贴&lt;/b&gt;');
  });
  it('escapes Markdown so no renderer sees markup', () => {
    const md = renderSummary(p.model, { lang: 'zh', format: 'md' });
    expect(md).not.toMatch(/(?<!\\)[<>]/);
    expect(md.split('\n')[0]).toBe('# 关于\\<script\\>alert(1)\\</script\\>&“x”\\*\\_\\[y\\]\\|的通知');
  });
  it('leaves & alone in Markdown (R&D), escaping only an & that would start an entity', () => {
    const q = compile(miniPolicy('对象 甲 “甲” { 数：人 “人数”； }\n待遇 乙 “R&D投入补贴 &amp; &#38;” { 条款：“一（R&D投入）”；对象：甲；资金：专项资金；金额：800元； }\n'));
    const md = renderSummary(q.model, { lang: 'zh', format: 'md' });
    expect(md).toContain('R&D投入补贴 \\&amp; &\\#38;');
    expect(md).toContain('一（R&D投入）');
    expect(md).not.toContain('R&amp;D');
    // HTML still escapes it.
    expect(renderSummary(q.model, { lang: 'zh', format: 'html' })).toContain('R&amp;D投入补贴 &amp;amp; &amp;#38;');
  });
  it('builds one document for both formats', () => {
    const doc = buildSummary(p.model, 'zh');
    expect(doc.title).toBe(title);
    expect(doc.blocks[0]).toEqual({ k: 'heading', level: 1, text: title });
  });
});

describe('periods and readings', () => {
  const text = `政策 { 标题：“期限”；文号：“测试〔2025〕1号”；施行日期：2025-01-01；有效期：5年； }
资金 专项资金；
对象 人员 { 入职日期：日期； }
// 解读：第一句。
// 第二句也是这条解读。
// 语言限制：这一行是另一条说明。
待遇 补贴 {
  条款：“一”；对象：人员；资金：专项资金；
  期限：自 入职日期 起 3年 至 2027年6月30日；
  金额：100元；
}
`;
  const m = compile(text);
  const zh = renderSummary(m.model, { lang: 'zh', format: 'md', comments: m.parse.comments });
  const en = renderSummary(m.model, { lang: 'en', format: 'md', comments: m.parse.comments });
  it('says both the length and the end date of 自 X 起 3年 至 D', () => {
    expect(zh).toContain('自入职日期起3年，最迟至2027年6月30日');
    expect(en).toContain('for 3 years from 入职日期, until 2027-06-30 at the latest');
  });
  it('keeps a reading going over a line after a full stop, and stops at a labelled note', () => {
    expect(zh).toContain('第一句。第二句也是这条解读。');
    expect(zh).not.toContain('这一行是另一条说明');
  });
});

describe('money over time in words (发放, 累计, caps), the same for the summary and the hover', () => {
  const c = compiled(XIAOSHAN);
  const en = summaryOf(c, 'en', 'md');
  const zh = summaryOf(c, 'zh', 'md');
  it('says a running total is claimed more than once and paid as a difference, with the annual cap per calendar year', () => {
    const reward = section(zh, '职业技能等级认定企业自主认定奖励');
    expect(reward).toContain('**发放方式**：可多次申请，按本自然年度累计结算（见“累计计算”）');
    expect(reward).toContain('**累计计算**：本年度累计自主认定技能人才人次按本自然年度累计：每次申请按累计数计算本自然年度应享总额（不超过限额），扣除本自然年度已发放的部分后发放差额；没有差额的不予发放');
    expect(reward).toContain('**限额**：每年累计不超过5万元（按自然年度；当年已发放的计入，只付剩余额度）');
    expect(section(en, 'Certification enterprises: reward for self-certification')).toContain(
      '**Running total**: Skill certifications made by the enterprise this year, so far counts up over the calendar year',
    );
  });
  it('says a one-off is paid once, and a ceiling is per payment', () => {
    expect(section(zh, '技师工作室开办经费补助')).toContain('**发放方式**：一次性发放：同一申请对象在政策（或本项期限）有效期内只享受一次');
    expect(section(zh, '区级公共实训基地建设补助')).toContain('**限额**：最高30万元（每次给付）');
    expect(section(en, 'Public training base: construction subsidy')).toContain('at most 300,000 yuan per payment');
  });
});

describe('declared units (计量单位) in English', () => {
  const text = miniPolicy(`资金 就业资金 “就业补助资金” / “Employment fund”；
计量单位 课时 “课时” / “class hour”；
对象 个人 “个人” / “Person” {
  培训课时：课时 “实际培训课时” / “Class hours of training”；
}
待遇 培训生活补助 “培训生活补助” / “Training living allowance” {
  条款：“一”；对象：个人；资金：就业资金；发放：一次性；
  金额：80元/课时 × 较低者（培训课时，15课时）；
  示例 { 培训课时：10课时；期望：800元； }
}
`);
  const c = compile(text);
  it('compiles clean', () => expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]));
  it('the English summary names the unit by its English label, the Chinese one by its name', () => {
    const en = renderSummary(c.model, { lang: 'en', format: 'md', comments: c.parse.comments });
    const amount = en.split('\n').find((l) => l.includes('80 yuan'))!;
    expect(amount).toContain('80 yuan/class hour');
    expect(amount).toContain('15 class hour');
    expect(amount).not.toContain('课时');
    const zh = renderSummary(c.model, { lang: 'zh', format: 'md', comments: c.parse.comments });
    expect(zh).toContain('80元/课时');
  });
});
