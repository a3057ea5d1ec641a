// Hostile inputs (depth, width, length, encodings) found by an attack campaign
// (issue #17), each a regression test: no exception, a located diagnostic,
// every range inside the text, bounded output. The nesting limit (P1006,
// grammar/depth.ts) is what makes depth safe by design; the tests at the limit
// show the whole pipeline works there, and a child process with less than half of
// Node's default stack shows the margin.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import fc from 'fast-check';
import { MAX_NESTING, parse } from '../../grammar/index.ts';
import { compile } from '../../compiler/index.ts';
import { evaluate } from '../../compiler/evaluate.ts';
import { emitTypeScript } from '../../compiler/emit/index.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { renderSummary } from '../../compiler/summary/index.ts';
import { formatDiagnostic, LineIndex, messageText, SOURCE_WINDOW } from '../../compiler/diagnostics.ts';
import { readPolicy, ROOT, stripRanges } from '../helpers.ts';
import { MAX_BRACKETS } from '../../compiler/check/expressions.ts';
import { translate } from '../../compiler/sql/translate.ts';
import { dialectOf } from '../../compiler/sql/dialect.ts';

const HEAD = `政策 { 标题：“测试”；文号：“测〔2025〕1号”；施行日期：2025年1月1日；有效期：3年； }
资金 基金 “基金”；
对象 单位 “单位” { 人数：人 “人数”；在我区：是否 “在我区”； }
`;
export const hostilePolicy = (amount: string, cond = '在我区') =>
  HEAD + `待遇 补贴 “补贴” {\n  条款：“一”；\n  对象：单位；\n  资金：基金；\n  条件：${cond}；\n  金额：${amount}；\n}\n`;

const sum = (n: number) => Array(n).fill('1元').join(' + ');
const ands = (n: number) => Array(n).fill('在我区').join(' 且 ');

/** Too deep: each must give P1006, and nothing may throw. */
const TOO_DEEP: { name: string; text: string }[] = [
  { name: '1,000 nested parentheses', text: hostilePolicy('('.repeat(1000) + '100元' + ')'.repeat(1000)) },
  { name: '500 nested full-width parentheses', text: hostilePolicy('（'.repeat(500) + '100元' + '）'.repeat(500)) },
  { name: '100,000 unclosed parentheses', text: hostilePolicy('('.repeat(100000)) },
  { name: 'a 5,000-term sum', text: hostilePolicy(sum(5000)) },
  { name: 'a 5,000-term 且 chain', text: hostilePolicy('100元', ands(5000)) },
  { name: '1,000 unary minus signs', text: hostilePolicy('-'.repeat(1000) + '100元') },
  { name: '1,000 非', text: hostilePolicy('100元', '非 '.repeat(1000) + '在我区') },
  { name: 'signs and parentheses interleaved', text: hostilePolicy('(-'.repeat(700) + '1元' + ')'.repeat(700)) },
  { name: 'nested maps', text: hostilePolicy('按 人数 ' + '{ 甲：'.repeat(300) + '1元' + ' }'.repeat(300)) },
  { name: 'deep parentheses in 20 fields', text: hostilePolicy('1元', Array(20).fill('('.repeat(200) + '在我区' + ')'.repeat(200)).join('，')) },
];

describe('nesting deeper than the limit is P1006 with its range', () => {
  it.each(TOO_DEEP)('$name', async ({ text }) => {
    const c = compile(text);
    const deep = c.diagnostics.filter((d) => d.code === 'P1006');
    expect(deep.length).toBeGreaterThan(0);
    for (const d of c.diagnostics) {
      expect(d.range.start).toBeGreaterThanOrEqual(0);
      expect(d.range.end).toBeLessThanOrEqual(text.length);
      expect(d.range.start).toBeLessThanOrEqual(d.range.end);
    }
    // The cut lies inside the expression (on the 条件 or 金额 line).
    const line = new LineIndex(text).position(deep[0]!.range.start).line;
    expect(text.split('\n')[line]).toMatch(/^\s*(条件|金额)：/);
    expect(messageText(deep[0]!, 'en')).toContain(`more than ${MAX_NESTING} levels`);
    // The formatter refuses with the same diagnostic instead of overflowing.
    const f = await formatPolicy(text);
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.errors.map((e) => e.code)).toContain('P1006');
  });

  it('cuts only the part deeper than the limit and keeps the rest of the file', () => {
    const c = compile(hostilePolicy(sum(5000)));
    expect(c.diagnostics.map((d) => d.code)).toEqual(['P1006']);
    expect(c.model.benefits.map((b) => b.id)).toEqual(['补贴']);
  });
});

describe('at the limit everything works', () => {
  const AT_LIMIT = [
    { name: `${MAX_NESTING} parentheses`, amount: '('.repeat(MAX_NESTING) + '100元' + ')'.repeat(MAX_NESTING), fen: 10000n },
    { name: `a ${MAX_NESTING + 1}-term sum`, amount: sum(MAX_NESTING + 1), fen: BigInt(MAX_NESTING + 1) * 100n },
    { name: `${MAX_NESTING} signs`, amount: '-'.repeat(MAX_NESTING) + '100元', fen: 10000n },
  ];
  it.each(AT_LIMIT)('$name: check, evaluate, emit, format, summary', async ({ amount, fen }) => {
    const text = hostilePolicy(amount);
    const c = compile(text);
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const d = evaluate(c.model, '单位', new Map([['在我区', { t: 'bool', v: true }]]) as never, { asOf: '2025-06-01' });
    const b = d.benefits.find((x) => x.id === '补贴')!;
    expect(b.status).toBe('eligible');
    expect(BigInt(Math.round(Number(b.amount) * 100))).toBe(fen);
    expect(emitTypeScript(c.model).length).toBeGreaterThan(0);
    const f = await formatPolicy(text);
    expect(f.ok).toBe(true);
    if (f.ok) expect(stripRanges(parse(f.text).file)).toEqual(stripRanges(parse(text).file));
    expect(renderSummary(c.model, { lang: 'en', format: 'md' }).length).toBeGreaterThan(0);
  });

  it('one more level is P1006', () => {
    expect(compile(hostilePolicy('('.repeat(MAX_NESTING + 1) + '100元' + ')'.repeat(MAX_NESTING + 1))).diagnostics.map((d) => d.code)).toEqual(['P1006']);
    expect(compile(hostilePolicy(sum(MAX_NESTING + 2))).diagnostics.map((d) => d.code)).toEqual(['P1006']);
  });

  it('works with less than half of the default stack (the limit has a margin)', () => {
    const script = `
      import { compile } from './compiler/index.ts';
      import { formatPolicy } from './compiler/format/index.ts';
      import { emitTypeScript } from './compiler/emit/index.ts';
      import { renderSummary } from './compiler/summary/index.ts';
      const L = ${MAX_NESTING};
      const head = ${JSON.stringify(HEAD)};
      const pol = (a, c = '在我区') => head + '待遇 补贴 “补贴” {\\n  条款：“一”；\\n  对象：单位；\\n  资金：基金；\\n  条件：' + c + '；\\n  金额：' + a + '；\\n}\\n';
      const texts = [
        pol('('.repeat(L) + '100元' + ')'.repeat(L)),
        pol('('.repeat(L) + '；'),
        pol('('.repeat(100000)),
        pol('100元', '('.repeat(L) + '在我区' + ')'.repeat(L)),
        pol('-'.repeat(L) + '100元'),
      ];
      for (const t of texts) {
        const c = compile(t);
        await formatPolicy(t);
        if (!c.hasErrors) { emitTypeScript(c.model); renderSummary(c.model, { lang: 'zh', format: 'html' }); }
      }
      console.log('ok');
    `;
    const r = spawnSync(process.execPath, ['--stack-size=450', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
  }, 120000);
});

describe('a very long line prints a bounded window', () => {
  it('1.2 MB on one line with 2,600 diagnostics', () => {
    let text = '政策 { 标题：“x”；文号：“x”；施行日期：2025年1月1日；有效期：3年； } ';
    for (let i = 0; i < 2600; i++) text += `资金 甲 “${'x'.repeat(440)}”；`;
    expect(text.length).toBeGreaterThan(1_100_000);
    const c = compile(text);
    expect(c.diagnostics.length).toBeGreaterThanOrEqual(2599);
    const index = new LineIndex(text);
    let total = 0;
    for (const d of c.diagnostics) {
      const out = formatDiagnostic(d, 'f.policy', index, 'en');
      const [, source, marks] = out.split('\n');
      expect(source!.length).toBeLessThanOrEqual(SOURCE_WINDOW + 10);
      // The window is around the range: it shows the duplicate name.
      expect(source).toContain('资金 甲');
      total += out.length;
    }
    expect(total / c.diagnostics.length).toBeLessThan(400);
  });

  it('a window starts and ends on whole characters and marks the range', () => {
    const line = '𠀀'.repeat(200) + ' 错 ' + '𠀀'.repeat(200);
    const text = line + '\n';
    const at = line.indexOf('错');
    const out = formatDiagnostic({ code: 'P1001', severity: 'error', range: { start: at, end: at + 1 }, args: { char: '错' } }, 'f', new LineIndex(text), 'en');
    const [, source, marks] = out.split('\n');
    expect(source).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(source).toMatch(/^ {3}1 \| ….*…$/);
    expect(marks).toMatch(/^ {5}\| +~~$/);
  });

  it('a message quoting a huge token is shortened', () => {
    const name = '名'.repeat(100000);
    const c = compile(HEAD + `待遇 补贴 “补贴” { 条款：“一”；对象：${name}； }\n`);
    for (const d of c.diagnostics) expect(messageText(d, 'zh').length).toBeLessThan(400);
  });
});

describe('line breaks: \\n, \\r\\n and a lone \\r, as in LSP', () => {
  it('a lone \\r inside a string ends it: check and the formatter agree', async () => {
    const text = HEAD.replace('“测试”', '“测\r试”');
    const c = compile(text);
    expect(c.diagnostics.map((d) => d.code)).toContain('P1005');
    const f = await formatPolicy(text);
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.errors.map((e) => e.code)).toContain('P1005');
  });

  it('a file with lone \\r line breaks formats to the same tree', async () => {
    const text = readPolicy().replace(/\n/g, '\r');
    expect(compile(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const f = await formatPolicy(text);
    expect(f.ok).toBe(true);
    if (f.ok) expect(stripRanges(parse(f.text).file)).toEqual(stripRanges(parse(text).file));
  });

  it('LineIndex agrees with the LSP document on every offset', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '甲', '\n', '\r', '\r\n', '𠀀'), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const index = new LineIndex(text);
        const doc = TextDocument.create('file:///x', 'policy', 1, text);
        for (let o = 0; o <= text.length; o++) {
          // Inside a \r\n pair LSP has no position; compare everywhere else.
          if (text[o - 1] === '\r' && text[o] === '\n') continue;
          expect(index.position(o)).toEqual(doc.positionAt(o));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('full-width digits', () => {
  it('in an example’s per-level values: P1002 only, and the value is read', () => {
    const text = readPolicy().replace('直接培养人数：{ 高级工：10人，技师：2人 }', '直接培养人数：{ 高级工：１０人，技师：2人 }');
    const c = compile(text);
    expect(c.diagnostics.map((d) => `${d.code} ${messageText(d, 'en')}`)).toEqual(['P1002 full-width digit "１０" is not a number; write "10"']);
  });
  it('a per-level value that is not a quantity says what it found, never "undefined"', () => {
    const text = readPolicy().replace('直接培养人数：{ 高级工：10人，技师：2人 }', '直接培养人数：{ 高级工：人，技师：2人 }');
    const msgs = compile(text).diagnostics.map((d) => messageText(d, 'en'));
    expect(msgs.length).toBeGreaterThan(0);
    for (const m of msgs) expect(m).not.toContain('undefined');
  });
  it('a full-width number elsewhere reads as its ASCII value', () => {
    const c = compile(hostilePolicy('１２３元'));
    expect(c.diagnostics.map((d) => d.code)).toEqual(['P1002']);
    expect(JSON.stringify(stripRanges(c.parse.file))).toContain('"value":"123"');
  });
});

describe('generated code for long sums', () => {
  it('does not indent with the depth of the sum', () => {
    const sizes = [10, MAX_NESTING + 1].map((n) => {
      const c = compile(hostilePolicy(sum(n)));
      const code = emitTypeScript(c.model);
      const maxIndent = Math.max(...code.split('\n').map((l) => /^ */.exec(l)![0].length));
      expect(maxIndent).toBeLessThanOrEqual(12);
      return code.length;
    });
    // Linear: each extra term costs a line, not a line per level.
    expect((sizes[1]! - sizes[0]!) / (MAX_NESTING + 1 - 10)).toBeLessThan(40);
  });
  it('the generated evaluator of a long sum gives the reference amount', async () => {
    const c = compile(hostilePolicy(sum(MAX_NESTING + 1)));
    const dir = mkdtempSync(join(tmpdir(), 'policy-hostile-'));
    try {
      const file = join(dir, 'sum.ts');
      writeFileSync(file, emitTypeScript(c.model));
      const mod = (await import(file)) as { evaluateJson: (s: string, f: unknown, o: unknown) => { benefits: { id: string; amount: string }[] } };
      const generated = mod.evaluateJson('单位', { 在我区: true }, { asOf: '2025-06-01' }).benefits.find((b) => b.id === '补贴')!;
      const reference = evaluate(c.model, '单位', new Map([['在我区', { t: 'bool', v: true }]]) as never, { asOf: '2025-06-01' }).benefits.find((b) => b.id === '补贴')!;
      expect(generated.amount).toBe(reference.amount);
      expect(generated.amount).toBe(`${MAX_NESTING + 1}.00`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Found by the generated files of test/grammar/hostile-files.ts (issue #17, second campaign).
describe('tables with many brackets', () => {
  const table = (n: number) => '按 人数 分档 { ' + Array.from({ length: n }, (_, i) => `满 ${i + 1}人：${i}元`).join('，') + ' }';

  it(`more than ${MAX_BRACKETS} brackets is P2294 at the first one beyond the limit, for 分档 and 分段累进`, () => {
    for (const text of [hostilePolicy(table(5000)), hostilePolicy(table(MAX_BRACKETS + 1)), hostilePolicy(table(MAX_BRACKETS + 1).replace('分档', '分段累进'))]) {
      const c = compile(text);
      expect(c.diagnostics.map((d) => d.code)).toEqual(['P2294']);
      const d = c.diagnostics[0]!;
      expect(text.slice(d.range.start).startsWith(`满 ${MAX_BRACKETS + 1}人`)).toBe(true);
      expect(messageText(d, 'en')).toContain(`at most ${MAX_BRACKETS}`);
    }
  });

  it('SQL of a table grows linearly with its brackets (each case listed its missing facts twice: 40 brackets ran out of memory)', () => {
    const size = (n: number) => translate(compile(hostilePolicy(table(n))).model, { dialect: dialectOf('duckdb')!, asOf: '2025-06-01' }).reduce((a, q) => a + q.sql.length, 0);
    // Small sizes, so that the doubling fails here rather than running out of memory (it was 15 KB, 267 KB, 5.9 MB).
    const [a, b, c] = [4, 8, 12].map(size);
    // Linear: each bracket adds about the same text.
    expect((c! - b!) / 4).toBeLessThan(2 * ((b! - a!) / 4));
  });

  it(`at ${MAX_BRACKETS} brackets: the reference amount`, () => {
    const c = compile(hostilePolicy(table(MAX_BRACKETS)));
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const d = evaluate(c.model, '单位', new Map([['在我区', { t: 'bool', v: true }], ['人数', { t: 'num', v: { n: 30n, d: 1n }, unit: '人' }]]) as never, { asOf: '2025-06-01' });
    expect(d.benefits.find((x) => x.id === '补贴')!.amount).toBe('29.00');
  });
});

describe('a validity that ends after 9999', () => {
  it.each(['有效期：7976年', '有效期：' + '9'.repeat(400) + '年'])('%s is P2293, and no command shows Infinity or NaN', (validity) => {
    const text = hostilePolicy('100元').replace('有效期：3年', validity);
    const c = compile(text);
    expect(c.diagnostics.map((d) => d.code)).toEqual(['P2293']);
    const d = c.diagnostics[0]!;
    expect(text.slice(d.range.start, d.range.end)).toBe(validity.slice(4));
    expect(messageText(d, 'en')).toContain('ends after 9999-12-31');
    expect(c.model.header.end).toBeUndefined();
    expect(renderSummary(c.model, { lang: 'zh', format: 'md' })).not.toMatch(/Infinity|NaN/);
  });
  it('7975 years from 2025-01-01 ends on 9999-12-31', () => {
    const c = compile(hostilePolicy('100元').replace('有效期：3年', '有效期：7975年'));
    expect(c.diagnostics).toEqual([]);
    expect(c.model.header.end).toBe('9999-12-31');
  });
});
