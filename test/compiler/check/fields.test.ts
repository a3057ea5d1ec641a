// The field schema (compiler/check/fields.ts) is the one description of every
// block's fields: the checker validates against it and completion and hover
// read it. Data-driven over the schema itself, so a field added there is tested.
import { describe, expect, it } from 'vitest';
import { FIELDS, fieldSpec, type Block } from '../../../compiler/check/fields.ts';
import { KEYWORDS, keywordById } from '../../../grammar/keywords.ts';
import { compile } from '../../../compiler/index.ts';
import { Analysis } from '../../../lsp/analysis.ts';
import { completion } from '../../../lsp/completion.ts';
import { keywordHover } from '../../../lsp/hover.ts';
import { message } from '../../../compiler/messages.ts';
import { benefit, codes, HEADER } from './helpers.ts';

const FIELD_IDS = KEYWORDS.filter((k) => k.category === 'field').map((k) => k.id);
const zh = (id: string) => keywordById(id).zh[0]!;

/** A plausible value for a field, so only the placement is wrong. */
const SAMPLE: Record<string, string> = {
  Title: '“标题”', DocNumber: '“文号”', Issuers: '“机关”', Published: '2025年1月1日', Effective: '2025年1月1日', Validity: '3年',
  Ends: '2027年1月1日', Interpreter: '“机关”', Clause: '“一”', Condition: '已登记', Amount: '100元', Ceiling: '100元', AnnualCap: '100元',
  Payment: '一次性', Period: '至 2026年1月1日', Grants: '“称号”', Equivalent: '类型', Rounding: '元，四舍五入', TimesPerYear: '2次',
  OncePerYear: '证书等级', OncePer: '证书等级', Delivery: '依申请', Content: '“内容”', Expect: '符合', Date: '2025年6月1日', Paid: '2025年2月1日，100元',
  Amends: '“测〔2024〕1号”', Repeals: '奖励', Subject: '企业', Fund: '专项资金', Fact: '',
  CumulativeCap: '100元', CapPeriod: '3年', Instalment: '余款',
};

function inBlock(block: Block, field: string): string {
  const line = `${field}：${SAMPLE[FIELD_IDS.find((id) => zh(id) === field) ?? ''] ?? '“x”'}；`;
  switch (block) {
    case 'policy':
      return HEADER.replace('  有效期：3年；', `  有效期：3年；\n  ${line}`);
    case 'benefit':
      return benefit('金额：100元；\n  ' + line);
    case 'provision':
      return `${HEADER}条文 总则 {\n  条款：“一”；\n  ${line}\n}\n`;
    case 'example':
      return benefit('金额：100元；\n  示例 {\n    期望：100元；\n    ' + line + '\n  }');
  }
}

const BLOCKS: Block[] = ['policy', 'benefit', 'provision', 'example'];

describe('fields a block does not take are P2016; those it takes are not', () => {
  const cases = BLOCKS.flatMap((block) => FIELD_IDS.filter((id) => id !== 'Example').map((id) => ({ block, id, allowed: !!fieldSpec(block, id) })));
  it.each(cases)('$id in $block', ({ block, id, allowed }) => {
    if (block === 'policy' && ['Title', 'DocNumber', 'Effective', 'Validity'].includes(id)) return; // already in the header: P2015
    if (block === 'benefit' && ['Clause', 'Amount'].includes(id)) return;
    if (block === 'provision' && id === 'Clause') return;
    if (block === 'example' && id === 'Expect') return;
    const found = codes(inBlock(block, zh(id)));
    if (allowed) expect(found).not.toContain('P2016');
    else expect(found).toContain('P2016');
  });
});

describe('repeats and value counts follow the schema', () => {
  const benefitFields = FIELDS.benefit.filter((f) => SAMPLE[f.key] !== undefined && !['Subject', 'Fund', 'Clause'].includes(f.key));
  it.each(benefitFields.map((f) => ({ key: f.key, repeatable: !!f.repeatable })))('$key twice in a benefit: P2015 unless repeatable', ({ key, repeatable }) => {
    const line = `${zh(key)}：${SAMPLE[key]}；`;
    const found = codes(benefit(`金额：100元；\n  ${key === 'Amount' ? '' : line}\n  ${line}`));
    if (repeatable) expect(found).not.toContain('P2015');
    else expect(found).toContain('P2015');
  });
  const single = FIELDS.benefit.filter((f) => f.arity === 1 && SAMPLE[f.key] && f.key !== 'Clause');
  it.each(single.map((f) => f.key))('%s takes one value: two are P2021', (key) => {
    const text = benefit(`${key === 'Amount' ? '' : '金额：100元；'}\n  ${zh(key)}：${SAMPLE[key]}，${SAMPLE[key]}；`);
    expect(codes(text)).toContain('P2021');
  });
  it('资金 takes up to two (a fund and its fallback): three are P2021 naming 1-2', () => {
    const c = compile(benefit('资金：专项资金，专项资金，专项资金；\n  金额：100元；'));
    expect(c.diagnostics.find((d) => d.code === 'P2021')?.args['expected']).toBe('1-2');
  });
});

describe('completion and hover read the schema', () => {
  const text = benefit('金额：100元；\n  ');
  const a = new Analysis('file:///t.policy', 1, text, compile);
  it('a benefit offers exactly its schema fields (and 示例)', () => {
    const offset = text.indexOf('金额：100元；') + '金额：100元；\n  '.length;
    const labels = completion(a, offset, 'zh').map((i) => i.label);
    expect(new Set(labels)).toEqual(new Set([...FIELDS.benefit.map((f) => zh(f.key)), '示例']));
  });
  it.each(FIELDS.benefit.filter((f) => f.keywords).map((f) => f.key))('after %s： the values are its schema keywords (and its declared names and amounts)', (key) => {
    const t2 = benefit(`金额：100元；\n  ${zh(key)}：`);
    const a2 = new Analysis('file:///t.policy', 1, t2, compile);
    const labels = completion(a2, t2.lastIndexOf('：') + 1, 'zh').map((i) => i.label);
    const spec = fieldSpec('benefit', key)!;
    const names = spec.names === 'funds' ? [...a2.compilation.model.funds.keys()] : [];
    // The amounts it takes (舍入：100元 … 1万元), as the file writes them.
    const steps = (spec.yuanSteps ?? []).map((s) => (s % 10000n === 0n ? `${s / 10000n}万元` : `${s}元`));
    const expected = [...spec.keywords!.map(zh), ...names, ...steps];
    // A field whose values are expressions too (分期：60%，通过验收) also offers what an expression can use.
    if (spec.expression) {
      expect(labels).toEqual(expect.arrayContaining(expected));
      expect(labels.length).toBeGreaterThan(expected.length);
    }
    else expect(new Set(labels)).toEqual(new Set(expected));
  });
  it.each(FIELDS.policy.filter((f) => f.keywords).map((f) => f.key))('after %s： in the header the values are its schema keywords', (key) => {
    const t2 = `政策 {\n  标题：“示例”；\n  ${zh(key)}：\n}\n`;
    const a2 = new Analysis('file:///t.policy', 1, t2, compile);
    const labels = completion(a2, t2.lastIndexOf('：') + 1, 'zh').map((i) => i.label);
    expect(new Set(labels)).toEqual(new Set(fieldSpec('policy', key)!.keywords!.map(zh)));
  });
  it.each(FIELDS.policy.map((f) => f.key).filter((k) => keywordById(k).category === 'field'))('hover on %s says what it takes in the header', (key) => {
    const lines = keywordHover(key, 'en').join('\n');
    expect(lines).toContain(message(fieldSpec('policy', key)!.takes, 'en').replace(/([\\`*_[\]<>#|])/g, '\\$1'));
  });
  it.each(FIELDS.benefit.map((f) => f.key).filter((k) => keywordById(k).category === 'field'))('hover on %s says what it takes', (key) => {
    const lines = keywordHover(key, 'en').join('\n');
    expect(lines).toContain(message(fieldSpec('benefit', key)!.takes, 'en').replace(/([\\`*_[\]<>#|])/g, '\\$1'));
  });
});
