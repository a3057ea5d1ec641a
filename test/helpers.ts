// Shared test helpers: AST comparison without ranges, and token-level
// rewrites of a policy into other spellings.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { lex, KEYWORDS } from '../grammar/index.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const POLICY_DIR = join(ROOT, 'policies');
export const policyFiles = (): string[] => readdirSync(POLICY_DIR).filter((f) => f.endsWith('.policy')).sort().map((f) => join(POLICY_DIR, f));
export const XIAOSHAN = join(POLICY_DIR, 'xiaoshan-xinxiaojiang-2025-3.policy');
export const readPolicy = (path = XIAOSHAN): string => readFileSync(path, 'utf8');

/** Every .policy file of the repository: shipped policies, checker cases (many with errors), fixtures. */
export function allPolicies(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.policy')) out.push(readFileSync(p, 'utf8'));
    }
  };
  for (const d of ['policies', 'test']) walk(join(ROOT, d));
  return out;
}

/** Deep copy without source positions, for "same AST" comparisons. */
export function stripRanges(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripRanges);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // `spelled`: which Chinese spelling of a word was written (达到 / 满), absent from the English spelling of the same file.
    for (const [k, x] of Object.entries(v)) if (k !== 'range' && k !== 'keyRange' && k !== 'spelled' && k !== 'twiceSpelled') out[k] = stripRanges(x);
    return out;
  }
  return v;
}

const HALF: Record<string, string> = { Colon: ':', Semi: ';', Comma: ',', LParen: '(', RParen: ')', LBrace: '{', RBrace: '}', Slash: '/' };

/** Rewrites every token: keywords to English, punctuation to half-width, “…” strings to "…". Comments kept. */
export function toEnglishHalfWidth(text: string, opts: { keywords: boolean; punctuation: boolean }): string {
  const { tokens } = lex(text);
  let out = '';
  let last = 0;
  for (const t of tokens) {
    out += text.slice(last, t.startOffset);
    let img = t.image;
    const kw = KEYWORDS.find((k) => k.id === t.tokenType.name);
    if (opts.keywords && kw) {
      img = kw.en[0]!;
      // English words need a space from neighbouring letters/digits: `50人次` → `50 person-times`.
      const before = text[t.startOffset - 1] ?? ' ';
      const after = text[t.endOffset! + 1] ?? ' ';
      if (/[\p{L}\p{N}_]/u.test(before)) img = ' ' + img;
      if (/[\p{L}\p{N}_]/u.test(after)) img = img + ' ';
    } else if (opts.punctuation && HALF[t.tokenType.name]) img = HALF[t.tokenType.name]!;
    else if (opts.punctuation && t.tokenType.name === 'String' && img.startsWith('“')) {
      img = JSON.stringify(img.slice(1, -1));
    }
    out += img;
    last = t.endOffset! + 1;
  }
  return out + text.slice(last);
}

/** A program of two files (test/compiler/program.test.ts, test/lsp/program-worker.test.ts): main.policy imports 细则/补贴.policy and that imports it back. */
export const PROGRAM_MAIN = `政策 {
  标题：“主文件”；
  文号：“测〔2025〕1号”；
  施行日期：2025年1月1日；
  有效期：3年；
}
引用 “细则/补贴.policy”；
资金 就业资金；
对象 个人 {
  年龄：周岁；
  已登记：是否；
}
`;

export const PROGRAM_RULES = `政策 {
  标题：“实施细则”；
  文号：“测〔2025〕2号”；
  施行日期：2025年3月1日；
  有效期：2年；
}
引用 “../main.policy”；
待遇 求职补贴 {
  条款：“三”；
  对象：个人；
  资金：就业资金；
  条件：已登记，年龄 不超过 24周岁；
  金额：1000元；
  示例 “登记的青年” {
    已登记：是；
    年龄：20周岁；
    期望：1000元；
  }
}
`;
