// The TextMate grammar is generated from grammar/keywords.ts and committed;
// the VS Code manifest and language configuration are consistent with it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYWORDS } from '../../grammar/keywords.ts';
import { buildGrammar, GRAMMAR_PATH, grammarJson } from '../../lsp/textmate.ts';
import { POLICY, ROOT } from './client.ts';

const EXT = join(ROOT, 'lsp', 'vscode');

type Rule = { name?: string; match?: string; begin?: string; end?: string; patterns?: Rule[]; include?: string; captures?: Record<string, { name: string }> };

function rules(): Rule[] {
  const g = buildGrammar() as { patterns: Rule[]; repository: Record<string, Rule> };
  const out: Rule[] = [];
  const walk = (r: Rule) => {
    out.push(r);
    for (const p of r.patterns ?? []) walk(p);
  };
  for (const r of Object.values(g.repository)) walk(r);
  return out;
}

function repo(name: string): Rule[] {
  const g = buildGrammar() as { repository: Record<string, Rule> };
  return g.repository[name]!.patterns ?? [g.repository[name]!];
}

/** Scopes the grammar's rules of one repository entry give to a line (first match per position, as TextMate does per rule). */
/** What an editor would colour: like TextMate, the first pattern that matches at a position wins. */
function matches(line: string, entry: string): { text: string; scope: string }[] {
  const out: { text: string; scope: string }[] = [];
  const taken = new Set<number>();
  for (const r of repo(entry)) {
    if (!r.match) continue;
    const re = new RegExp(r.match, 'gu');
    for (const m of line.matchAll(re)) {
      if (taken.has(m.index!)) continue;
      taken.add(m.index!);
      if (r.captures) {
        for (const [i, c] of Object.entries(r.captures)) if (m[Number(i)]) out.push({ text: m[Number(i)]!, scope: c.name });
      } else out.push({ text: m[0], scope: r.name! });
    }
  }
  return out;
}

describe('TextMate grammar', () => {
  it('is committed exactly as lsp/textmate.ts generates it', () => {
    // Keywords changed? Regenerate with `npx tsx lsp/textmate.ts`.
    expect(readFileSync(GRAMMAR_PATH, 'utf8') === grammarJson(), 'lsp/vscode/syntaxes/policy.tmLanguage.json is stale: run npx tsx lsp/textmate.ts').toBe(true);
  });

  it('has only patterns that compile (as JavaScript unicode regexes; Oniguruma accepts the same subset)', () => {
    for (const r of rules()) {
      for (const src of [r.match, r.begin, r.end]) if (src) expect(() => new RegExp(src, 'u'), src).not.toThrow();
    }
  });

  it('knows every spelling of every keyword', () => {
    const text = grammarJson();
    for (const k of KEYWORDS) {
      for (const s of [...k.zh, ...k.en]) expect(text.includes(s.replace(/[-/]/g, (c) => (c === '/' ? '\\\\/' : c))), `${k.id}: ${s}`).toBe(true);
    }
  });

  it('colours the real policy sensibly', () => {
    const lines = readFileSync(POLICY, 'utf8').split('\n');
    // Strings are consumed first by the real grammar: leave them out here.
    const find = (prefix: string) => lines.find((l) => l.trimStart().startsWith(prefix))!.replace(/“(?:[^“”]|“[^“”]*”)*”|"[^"]*"/g, '');
    expect(matches(find('待遇 企业认定奖励'), 'declarations')).toEqual([
      { text: '待遇', scope: 'keyword.declaration.policy' },
      { text: '企业认定奖励', scope: 'entity.name.type.policy' },
    ]);
    expect(matches(find('条件：已备案认定企业，年度自主认定人次 满 50人次；'), 'fields')).toContainEqual({ text: '条件', scope: 'keyword.other.field.policy' });
    expect(matches(find('每年累计不超过：5万元；'), 'fields')).toContainEqual({ text: '每年累计不超过', scope: 'keyword.other.field.policy' });
    expect(matches(find('条件：已备案认定企业，年度自主认定人次 满 50人次；'), 'operators')).toEqual([{ text: '满', scope: 'keyword.operator.comparison.policy' }]);
    expect(matches(find('条件：已备案认定企业，年度自主认定人次 满 50人次；'), 'literals')).toEqual(
      expect.arrayContaining([
        { text: '50', scope: 'constant.numeric.policy' },
        { text: '人次', scope: 'keyword.other.unit.policy' },
      ]),
    );
    expect(matches(find('取得证书等级 高级工及以上；'), 'operators')).toEqual([{ text: '及以上', scope: 'keyword.operator.comparison.policy' }]);
    // Keyword-looking characters inside names stay names: 认定为区级技师工作室, 期满星级.
    expect(matches(find('条件：认定为区级技师工作室；'), 'operators')).toEqual([]);
    expect(matches(find('期满星级：星级'), 'operators')).toEqual([]);
    expect(matches(find('发放：一次性；'), 'values')).toEqual([{ text: '一次性', scope: 'constant.language.policy' }]);
    expect(matches(find('发布日期：2025年1月23日；'), 'literals')[0]).toEqual({ text: '2025年1月23日', scope: 'constant.numeric.date.policy' });
    expect(matches('  amount: 3 wan-yuan + 500 yuan/person-times;', 'literals')).toEqual(
      expect.arrayContaining([{ text: 'wan-yuan', scope: 'keyword.other.unit.policy' }, { text: 'yuan/person-times', scope: 'keyword.other.unit.policy' }]),
    );
    expect(matches('conditions: level or-more 高级工 and not-exceeding', 'englishKeywords').map((m) => m.text)).toEqual(['conditions', 'or-more', 'and', 'not-exceeding']);
  });
});

describe('VS Code extension manifest', () => {
  const pkg = JSON.parse(readFileSync(join(EXT, 'package.json'), 'utf8')) as Record<string, any>;

  it('contributes the policy language, its configuration and grammar', () => {
    expect(pkg['contributes'].languages).toEqual([expect.objectContaining({ id: 'policy', extensions: ['.policy'], configuration: './language-configuration.json' })]);
    expect(pkg['contributes'].grammars).toEqual([{ language: 'policy', scopeName: 'source.policy', path: './syntaxes/policy.tmLanguage.json' }]);
    expect((buildGrammar() as { scopeName: string }).scopeName).toBe('source.policy');
    expect(pkg['contributes'].configuration.properties['policy.language'].enum).toEqual(['auto', 'zh', 'en']);
    for (const file of [pkg['main'], 'language-configuration.json', 'syntaxes/policy.tmLanguage.json', 'LICENSE', 'README.md']) {
      expect(existsSync(join(EXT, file)), file).toBe(true);
    }
    expect(pkg['repository']).toBeDefined();
    expect(pkg['license']).toBe('MIT');
    expect(pkg['engines'].vscode).toMatch(/^\^1\./);
    expect(pkg['dependencies']).toBeUndefined();
  });

  it('declares comments and brackets, full-width ones included', () => {
    const conf = JSON.parse(readFileSync(join(EXT, 'language-configuration.json'), 'utf8')) as {
      comments: { lineComment: string; blockComment: string[] };
      brackets: string[][];
      autoClosingPairs: { open: string; close: string }[];
      wordPattern: { pattern: string; flags: string };
    };
    expect(conf.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    for (const pair of [['{', '}'], ['｛', '｝'], ['(', ')'], ['（', '）'], ['“', '”']]) expect(conf.brackets).toContainEqual(pair);
    expect(conf.autoClosingPairs).toContainEqual(expect.objectContaining({ open: '“', close: '”' }));
    // A Chinese name is one word; a comparison word after it is not part of it in the lexer, but is for the editor's word selection.
    const word = new RegExp(conf.wordPattern.pattern, conf.wordPattern.flags);
    expect('年度自主认定人次'.match(word)?.[0]).toBe('年度自主认定人次');
  });
});
