// parse() reads a file straight into the AST (the grammar's actions, grammar/parser.ts) and falls back
// to the CST parser with recovery (grammar/build.ts makes its AST) when the file has a syntax error.
// Both must give the same result: the same tree (JSON, key order included), comments, tokens and
// errors, for every policy file of the repository, a synthetic one, and random edits of them (many
// of which break the syntax: then both paths are the CST parser, and the direct parser must have
// said so rather than return a tree).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.ts';
import { parseDirect, parseTokens } from '../../grammar/parser.ts';
import { limitNesting } from '../../grammar/depth.ts';
import { lex } from '../../grammar/tokens.ts';
import { synthPolicy } from '../../bench/synth.ts';
import { allPolicies } from '../helpers.ts';

const view = (text: string, path: 'direct' | 'cst') => {
  const p = parse(text, path);
  return JSON.stringify({ file: p.file, comments: p.comments, errors: p.errors, quiet: p.quiet, tokens: p.tokens.map((t) => `${t.tokenType.name}@${t.startOffset}:${t.image}`) });
};

/** The direct parser gives a tree exactly when the CST parser reads the tokens without a syntax error. */
function directWhenClean(text: string): boolean {
  const { tokens } = limitNesting(lex(text).tokens);
  const direct = parseDirect(tokens) !== undefined;
  expect(direct).toBe(parseTokens(tokens).errors.length === 0);
  return direct;
}

/** The two views' first difference with some context (the whole JSON of a long file is too much to read). */
function same(text: string): void {
  const a = view(text, 'direct');
  const b = view(text, 'cst');
  if (a === b) return;
  let i = 0;
  while (a[i] === b[i]) i++;
  expect(a.slice(Math.max(0, i - 300), i + 200)).toBe(b.slice(Math.max(0, i - 300), i + 200));
}

describe('parsing straight to the AST equals the CST path', () => {
  const texts = [...allPolicies(), synthPolicy(60)];

  it('every policy file of the repository and a synthetic one', () => {
    let direct = 0;
    for (const text of texts) {
      if (directWhenClean(text)) direct++;
      same(text);
    }
    // Most have no syntax error: the direct parser is what reads them.
    expect(direct).toBeGreaterThan(texts.length / 2);
  });

  it('a per-level count in a declared unit (张 按 失能程度, issue #12) is the same PerLevelType on both paths', () => {
    const clean = '计量单位 张 “张” / “beds”；\n等级 失能程度：轻度 < 重度；\n对象 机构 { 床位：张 按 失能程度；人数：人 按 失能程度；总床位：张；}\n';
    // A syntax error after the subject sends the text to the CST parser with recovery.
    for (const [text, path] of [[clean, 'direct'], [clean + '待遇 甲 {', 'cst']] as const) {
      const file = parse(text, path).file;
      const subject = file.decls.find((d) => d.kind === 'Subject');
      expect(subject?.kind).toBe('Subject');
      const types = subject?.kind === 'Subject' ? subject.facts.map((f) => f.type) : [];
      expect(types.map((t) => t?.kind)).toEqual(['PerLevelType', 'PerLevelType', 'NamedType']);
      const beds = types[0];
      expect(beds?.kind === 'PerLevelType' && { num: beds.unit.num, declared: beds.unit.declared?.num?.text, levels: beds.levels.text }).toEqual({ num: '张', declared: '张', levels: '失能程度' });
    }
    same(clean);
    same(clean + '待遇 甲 {');
  });

  it('bracket keys with two statutory words (12%以上18%以下, 12%以上不满18%, 超过 B1不超过B2) are the same on both paths', () => {
    const text = `对象 企业 { 增长：%；投入：元； }
待遇 甲 { 金额：按 增长 分档 { 12%以上18%（不含）以下：0.5万元，12%以上不满18%（含）：1万元，超过 1000万元（含）不超过5000万元：2万元 }； }
`;
    same(text);
    const json = JSON.stringify(parse(text, 'cst').file);
    expect(json.match(/"op2":/g)?.length).toBe(3);
    expect(parse(text).errors).toEqual([]);
  });

  it('random edits (many break the syntax; the direct parser must then decline)', () => {
    const edits = fc.record({
      which: fc.nat(texts.length - 1),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      ins: fc.constantFrom('；', '}', '{', ' ', '\n', '条件：是；', '待遇 甲 {', 'x', '（', '）', '，', '1', '元', '以上', '至', '且', '或', '+', '“a”', '按', '（含）'),
      del: fc.nat(4),
    });
    fc.assert(
      fc.property(edits, (e) => {
        const t = texts[e.which]!;
        const at = Math.floor(e.at * t.length);
        const text = t.slice(0, at) + e.ins + t.slice(at + e.del);
        directWhenClean(text);
        same(text);
      }),
      { numRuns: Number(process.env['DIRECT_RUNS'] ?? 150), seed: 20261202 },
    );
  }, 120000);
});
