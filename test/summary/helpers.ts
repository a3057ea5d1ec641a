// Helpers for the summary tests: the real policies, compiled once each.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type Compilation } from '../../compiler/index.ts';
import { renderSummary } from '../../compiler/summary/index.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HERE = fileURLToPath(new URL('.', import.meta.url));
export const OUT_DIR = join(HERE, 'out');
export const GOLDEN_DIR = join(HERE, 'golden');
/** The source texts the policies encode, kept beside them in the repository. */
export const SEEDS_DIR = join(ROOT, 'policies', 'sources');

export const XIAOSHAN = join(ROOT, 'policies', 'xiaoshan-xinxiaojiang-2025-3.policy');

/** Every policy in policies/, so a new one is picked up without touching the tests. */
export const policyFiles = (): string[] =>
  readdirSync(join(ROOT, 'policies'))
    .filter((f) => f.endsWith('.policy'))
    .sort()
    .map((f) => join(ROOT, 'policies', f));

export const policyName = (file: string): string => basename(file, '.policy');

const cache = new Map<string, Compilation>();
export function compiled(file: string): Compilation {
  let c = cache.get(file);
  if (!c) {
    c = compile(readFileSync(file, 'utf8'));
    cache.set(file, c);
  }
  return c;
}

export function summaryOf(c: Compilation, lang: 'zh' | 'en', format: 'md' | 'html'): string {
  return renderSummary(c.model, { lang, format, comments: c.parse.comments });
}

/** A small valid policy around the given declarations, for focused tests. */
export function miniPolicy(decls: string, title = '测试政策'): string {
  return `政策 {
  标题：“${title}” / “Test policy”；
  文号：“测试〔2025〕1号”；
  发文机关：“测试局”；
  发布日期：2025年1月1日；
  施行日期：2025年2月1日；
  有效期：2年；
}
资金 专项资金 “专项资金” / “Special fund”；
${decls}
`;
}
