// What the workbench's worker computes for the panes, checked in Node: the
// calculator form of each shipped policy (a golden a reviewer reads: what the
// 政策计算器 asks, with which input), the calculator's answers and input
// errors, the examples pane against runExamples, localStorage round trips, and
// the editor's highlighting of every keyword spelling in the keyword table.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYWORDS } from '../../grammar/keywords.ts';
import { compile } from '../../compiler/index.ts';
import { runExamples } from '../../compiler/examples.ts';
import type { Lang } from '../../compiler/messages.ts';
import { calculatorForm, evaluateForm, exampleRows, panes, type CalculatorForm, type FormFact } from '../../workbench/src/panes.ts';
import { lineSpans } from '../../workbench/src/policy-language.ts';
import { loadState, saveState, saveText, STORAGE_KEY, type StoredState } from '../../workbench/src/storage.ts';
import { policyFiles, readPolicy, ROOT } from '../helpers.ts';

const GOLDEN = join(ROOT, 'test/workbench/golden');

function formText(form: CalculatorForm): string {
  const out: string[] = [];
  for (const s of form.subjects) {
    out.push(`${s.label} (${s.name})`);
    const fact = (f: FormFact, indent: string) => {
      const extra = [f.of && `of ${f.of.name} (${f.of.label})`, f.unit && `unit ${f.unit}`, f.integer && 'whole', f.options && `options ${f.options.map((o) => (o.label === o.value ? o.value : `${o.value}=${o.label}`)).join('|')}`, f.derived && 'derived, not asked'].filter(Boolean);
      out.push(`${indent}${f.name}: ${f.input}${extra.length ? ` [${extra.join('; ')}]` : ''} — ${f.label}`);
      // A list's row editor: one column per fact of the member type.
      for (const x of f.members ?? []) fact(x, `${indent}  | `);
    };
    for (const f of s.facts) fact(f, '  ');
  }
  out.push(`ledger benefits: ${form.benefits.length}; default as-of ${form.defaultAsOf}`);
  return out.join('\n') + '\n';
}

describe('the calculator form of each shipped policy (golden)', () => {
  for (const file of policyFiles()) {
    for (const lang of ['zh', 'en'] as Lang[]) {
      it(`${basename(file)} (${lang})`, () => {
        const c = compile(readPolicy(file));
        const text = formText(calculatorForm(c.model, lang));
        const path = join(GOLDEN, `${basename(file, '.policy')}.form.${lang}.txt`);
        if (process.env['UPDATE_GOLDEN'] || !existsSync(path)) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(path, text);
        }
        expect(text).toBe(readFileSync(path, 'utf8'));
        // Every fact of every subject is in the form, derived ones marked.
        for (const s of c.model.subjects.values()) {
          const fs = calculatorForm(c.model, lang).subjects.find((x) => x.name === s.name)!;
          expect(fs.facts.map((f) => f.name)).toEqual([...s.facts.keys()]);
          for (const f of s.facts.values()) {
            const ff = fs.facts.find((x) => x.name === f.name)!;
            expect(!!ff.derived).toBe(!!f.derived);
            // A 名单 is a row editor whose columns are the member type's facts, with their own inputs.
            if (f.type.kind === 'list') {
              const of = c.model.subjects.get(f.type.of)!;
              expect(ff.input).toBe('list');
              expect(ff.members!.map((x) => x.name)).toEqual([...of.facts.keys()]);
              expect(ff.members!.map((x) => x.input)).toEqual(calculatorForm(c.model, lang).subjects.find((x) => x.name === of.name)!.facts.map((x) => x.input));
            } else expect(ff.members).toBeUndefined();
          }
        }
      });
    }
  }
});

describe('the calculator answers as the reference evaluator', () => {
  const c = compile(readPolicy());
  const asOf = c.model.header.effective!;
  it('names each bad input, in the page language', () => {
    const r = evaluateForm(c, 1, { uri: 'u', lang: 'en', subject: '企业', facts: { 年度自主认定人次: '7.5', 已备案认定企业: 'yes' }, ledger: [{ benefit: 'nope', date: '2025-13-01', amount: '-1' }], asOf });
    expect(r.ok).toBe(false);
    const fields = r.ok ? [] : r.errors.map((e) => e.field).sort();
    expect(fields).toEqual(['ledger[0].amount', 'ledger[0].benefit', 'ledger[0].date', '已备案认定企业', '年度自主认定人次'].sort());
    const bad = evaluateForm(c, 1, { uri: 'u', lang: 'zh', subject: '企业', facts: {}, ledger: [], asOf: '2025-02-30' });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.errors[0]!.field).toBe('asOf');
  });
  it('refuses to calculate while the policy has errors', () => {
    const broken = compile(readPolicy().replace('条件：已备案认定企业，', '条件：已备案认定企业企业，'));
    expect(broken.hasErrors).toBe(true);
    const r = evaluateForm(broken, 1, { uri: 'u', lang: 'zh', subject: '企业', facts: {}, ledger: [], asOf });
    expect(r.ok).toBe(false);
  });
  it('uses the ledger: what was paid this year counts against the annual cap', () => {
    const facts = { 已备案认定企业: true, 年度自主认定人次: '90' };
    const none = evaluateForm(c, 1, { uri: 'u', lang: 'zh', subject: '企业', facts, ledger: [], asOf: '2025-11-01' });
    const paid = evaluateForm(c, 1, { uri: 'u', lang: 'zh', subject: '企业', facts, ledger: [{ benefit: '企业认定奖励', date: '2025-06-01', amount: '30000' }], asOf: '2025-11-01' });
    const amount = (r: typeof none) => (r.ok ? r.benefits.find((b) => b.id === '企业认定奖励')!.amount : null);
    // The example 本年已领3万元 in the policy says the same (checked by the examples pane).
    expect(amount(none)).not.toBe(amount(paid));
    expect(amount(paid)).not.toBeNull();
  });
});

describe('only the pane on screen is computed', () => {
  it('computes what is asked for, and the counts always', () => {
    const c = compile(readPolicy());
    const only = panes(c, 'u', 1, 'zh', undefined, c, ['examples']);
    expect(Object.keys(only).sort()).toEqual(['errors', 'examples', 'uri', 'version', 'warnings']);
    const diff = panes(c, 'u', 1, 'zh', undefined, c, ['diff']);
    expect(diff.diff?.substantive).toBe(false);
    expect(diff.summaryHtml).toBeUndefined();
    const all = panes(c, 'u', 1, 'zh', undefined, c);
    expect(Object.keys(all).sort()).toEqual(['diff', 'errors', 'examples', 'form', 'summaryHtml', 'uri', 'version', 'warnings']);
  });
});

describe('the examples pane', () => {
  it('lists every example with the result runExamples gives, and where it is', () => {
    const text = readPolicy();
    const c = compile(text);
    const rows = exampleRows(c, 'zh');
    const reference = runExamples(c.model, 'zh');
    expect(rows.map((r) => [r.benefit, r.passed, r.expected, r.actual])).toEqual(reference.map((r) => [r.benefit.id, r.passed, r.expected, r.actual]));
    for (const r of rows) expect(text.startsWith('示例', r.offset)).toBe(true);
  });
  it('on a policy with errors, runs every example its errors do not reach, and still describes the rest', () => {
    const text = readPolicy();
    const clean = exampleRows(compile(text), 'zh');
    // An error in one benefit (outside its examples): that benefit's examples are not run, every other one is.
    const c = compile(text.replace('条款：“二（三）7”', '条款 “二（三）7”'));
    const p = panes(c, 'u', 3, 'zh');
    expect(p.errors).toBeGreaterThan(0);
    const broken = c.model.benefits.find((b) => b.clause === undefined || c.diagnostics.some((d) => d.severity === 'error' && d.range.start >= b.range.start && d.range.end <= b.range.end))!;
    const rows = p.examples!;
    expect(rows.length).toBe(clean.length);
    for (const [i, r] of rows.entries()) {
      if (r.benefit === broken.id) expect(r.notRun, `${r.benefit} ${r.label}`).toBe(true);
      else expect([r.benefit, r.passed, r.notRun, r.actual]).toEqual([clean[i]!.benefit, clean[i]!.passed, undefined, clean[i]!.actual]);
    }
    expect(rows.some((r) => r.notRun)).toBe(true);
    expect(rows.some((r) => r.passed)).toBe(true);
    expect(p.summaryHtml).toContain('<html');
    expect(p.form!.subjects.length).toBeGreaterThan(0);
    // An error outside every benefit (the header) stops them all, each saying so.
    const header = panes(compile(text.replace('标题：', '标题名：')), 'u', 4, 'zh');
    expect(header.examples!.length).toBe(clean.length);
    expect(header.examples!.every((r) => r.notRun && r.actual.includes('待遇之外'))).toBe(true);
  });
});

class MemoryStorage {
  map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, String(v));
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  clear() {
    this.map.clear();
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
}

describe('work kept in localStorage', () => {
  it('round-trips every file, the current one and the language; an edit rewrites only its own text', () => {
    const s = new MemoryStorage() as unknown as Storage;
    const state: StoredState = { current: 'a.policy', lang: 'en', files: { 'a.policy': { name: 'a.policy', text: 'A2', original: 'A1' }, 'b.policy': { name: 'b.policy', text: 'B', original: 'B' } } };
    saveState(state, s);
    state.files['a.policy']!.text = 'A3';
    saveText(state, 'a.policy', s);
    const back = loadState(s);
    expect(back.restored).toBe(true);
    expect(back.state).toEqual({ ...state, files: { ...state.files, 'a.policy': { name: 'a.policy', text: 'A3', original: 'A1' } } });
  });
  it('keeps an unreadable index under another key instead of losing it', () => {
    const s = new MemoryStorage();
    s.setItem(STORAGE_KEY, '{not json');
    const r = loadState(s as unknown as Storage);
    expect(r.restored).toBe(false);
    expect([...s.map.entries()].filter(([k, v]) => k.startsWith(`${STORAGE_KEY}:unreadable:`) && v === '{not json')).toHaveLength(1);
  });
});

describe('highlighting uses the lexer and the keyword table', () => {
  const STYLE: Record<string, string> = {
    declaration: 'keyword',
    interaction: 'keyword',
    field: 'propertyName',
    payment: 'atom',
    value: 'atom',
    rounding: 'atom',
    logic: 'operatorKeyword',
    comparison: 'operatorKeyword',
    unit: 'unit',
  };
  const cases = KEYWORDS.flatMap((k) => [...k.zh, ...k.en].map((spelling) => ({ spelling, id: k.id, style: STYLE[k.category]! })));
  it.each(cases)('$spelling ($id) is styled as $style', ({ spelling, style }) => {
    const line = `x ${spelling} y`;
    const at = 2;
    const span = lineSpans(line, false).spans.find((s) => s[0] === at);
    expect(span, `a token at ${at} in "${line}"`).toBeDefined();
    expect(line.slice(span![0], span![1])).toBe(spelling);
    expect(span![2]).toBe(style);
  });
  it('splits a comparison word off an identifier, and keeps the longer identifier over a keyword', () => {
    const spans = (l: string) => lineSpans(l, false).spans.map(([a, b, s]) => `${l.slice(a, b)}:${s}`);
    expect(spans('高级工及以上')).toEqual(['高级工:variableName', '及以上:operatorKeyword']);
    expect(spans('技师工作室')).toEqual(['技师工作室:variableName']);
    expect(spans('金额：3万元；')).toEqual(['金额:propertyName', '：:punctuation', '3:number', '万元:unit', '；:punctuation']);
  });
  it('draws one mark per look: none for plain-looking tokens, neighbours of one look merged', () => {
    const marks = (l: string) => lineSpans(l, false).marks.map(([a, b, s]) => `${l.slice(a, b)}:${s}`);
    expect(marks('金额：3万元；')).toEqual(['金额:propertyName', '3万元:number']);
    expect(marks('技师工作室')).toEqual([]);
    expect(marks('学历 属于 本科 且 人数 16 人')).toEqual(['属于:operator', '且:operator', '16 人:number']);
    expect(marks('金额 /* 解读：')).toEqual(['金额:propertyName', '/* 解读：:comment']);
    // Every styled token is inside a mark of its look.
    const line = '条件：年龄 大于等于 16 且 学历 属于 本科，金额：3万元 // 注';
    const r = lineSpans(line, false);
    for (const [a, b, s] of r.spans) {
      if (s === 'variableName' || s === 'punctuation') continue;
      expect(r.marks.some(([x, y]) => x <= a && b <= y), `${line.slice(a, b)} (${s}) marked`).toBe(true);
    }
  });
  it('carries a block comment across lines', () => {
    const first = lineSpans('金额 /* 解读：', false);
    expect(first.open).toBe(true);
    expect(first.spans.at(-1)![2]).toBe('comment');
    const second = lineSpans('仍是注释 */ 金额', true);
    expect(second.open).toBe(false);
    expect(second.spans.map((s) => s[2])).toEqual(['comment', 'propertyName']);
  });
});
