// The semantic diff: one golden per officer's amendment (a reviewer reads what
// the diff says in Chinese and English), and texts that differ only in form —
// every formatter style, shuffled declarations and conditions, other spellings
// of the same amount or formula — diff as 无实质变化.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.ts';
import { compile } from '../../compiler/index.ts';
import { formatPolicy } from '../../compiler/format/index.ts';
import { diffPolicies } from '../../compiler/diff/semantic.ts';
import { policyFiles, readPolicy, XIAOSHAN } from '../helpers.ts';
import { amended, base, EDITS, GOLDEN, rng, shuffle, UPDATE } from './helpers.ts';

function golden(name: string, text: string) {
  const path = join(GOLDEN, name);
  if (UPDATE || !existsSync(path)) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

describe('policy diff: what each amendment changes, in plain words', () => {
  for (const name of Object.keys(EDITS)) {
    it(name, () => {
      const a = base();
      const b = amended(name);
      const out: string[] = [];
      for (const lang of ['zh', 'en'] as const) {
        const d = diffPolicies(a.model, b.model, lang);
        expect(d.substantive).toBe(true);
        out.push(`# ${lang}`, ...d.lines, '');
        // One changed clause per line, each with at least one change (or added/removed).
        for (const c of d.clauses.filter((c) => c.status === 'changed')) expect(c.changes.length).toBeGreaterThan(0);
      }
      golden(`${name}.diff.txt`, out.join('\n'));
    });
  }

  it('names the issue’s example in one sentence', () => {
    const text = [['每年累计不超过：5万元；', '每年累计不超过：8万元；'], ...(EDITS['lower-threshold'] as [string, string][])].reduce((s, [f, t]) => s.replace(f!, t!), readPolicy(XIAOSHAN));
    const d = diffPolicies(base().model, compile(text).model, 'zh');
    expect(d.lines).toEqual(['二（三）7 职业技能等级认定企业自主认定奖励：本年度累计自主认定技能人才人次由满50人次改为满30人次（条件放宽）；计算公式相应调整（50人次改为30人次）；每年累计上限由5万元提高到8万元']);
  });
});

describe('no change in meaning', () => {
  for (const file of policyFiles()) {
    const text = readPolicy(file);
    const a = compile(text);
    const none = (b: string) => {
      const c = compile(b);
      expect(c.hasErrors, c.diagnostics.map((d) => d.code).join()).toBe(false);
      for (const lang of ['zh', 'en'] as const) expect(diffPolicies(a.model, c.model, lang).lines).toEqual([lang === 'zh' ? '无实质变化' : 'no change in meaning']);
    };
    const name = file.split('/').pop();
    it(`${name}: every formatter style`, async () => {
      for (const keywords of ['keep', 'zh', 'en'] as const)
        for (const punctuation of ['auto', 'full', 'half'] as const) {
          const f = await formatPolicy(text, { keywords, punctuation, printWidth: 60 });
          if (!f.ok) throw new Error('format failed');
          none(f.text);
        }
      // Nine styles of the largest policy (Dalian, 600 lines) take ~3 s alone and longer on a loaded machine.
    }, 30_000);
    it(`${name}: declarations, conditions, subjects and table entries shuffled; comments dropped`, () => {
      const parsed = parse(text);
      for (const seed of [1, 2, 3]) {
        const r = rng(seed);
        const pieces = shuffle(parsed.file.decls, r).map((d) => {
          let s = text.slice(d.range.start, d.range.end);
          // Shuffle the items of 条件：a，b，c； and 对象：a，b； (a list is a conjunction / a set).
          s = s.replace(/(条件|对象)：([^；]*)；/g, (_m, k: string, body: string) => `${k}：${shuffle(body.split(/，\s*(?![^{}]*})/), r).join('，')}；`);
          return s;
        });
        none(pieces.join('\n\n') + '\n');
      }
    });
  }

  it('other spellings of the same amount, comparison and formula', () => {
    const text = readPolicy(XIAOSHAN);
    const same = text
      .replace('每年累计不超过：5万元；', '每年累计不超过：50000元；')
      .replace('年度自主认定人次 满 50人次', '年度自主认定人次 ≥ 50人次')
      .replace('金额：3万元 + （年度自主认定人次 - 50人次） × 500元/人次；', '金额：500元/人次 × 年度自主认定人次 + 5000元；')
      .replace('条件：区级竞赛名次 3名以内；', '条件：非（区级竞赛名次 超过 3名）；')
      .replace('条件：已毕业；', '条件：已毕业 为 是；');
    expect(same).not.toBe(text);
    const c = compile(same);
    expect(c.hasErrors, c.diagnostics.map((d) => `${d.code} ${d.range.start}`).join()).toBe(false);
    expect(diffPolicies(compile(text).model, c.model, 'zh').lines).toEqual(['无实质变化']);
  });

  it('a real change next to cosmetic ones is still found', () => {
    const text = readPolicy(XIAOSHAN);
    const changed = text.replace('每年累计不超过：5万元；', '每年累计不超过：50001元；');
    expect(diffPolicies(compile(text).model, compile(changed).model, 'zh').lines).toEqual(['二（三）7 职业技能等级认定企业自主认定奖励：每年累计上限由5万元提高到5.0001万元']);
  });
});
