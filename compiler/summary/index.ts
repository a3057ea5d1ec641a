// Human-readable summaries (政策明白纸 / 申兑指南) generated from the policy, so
// the explainer cannot drift from the rules. `policy summary` and `policy
// build` call renderSummary; nothing here does IO.
import type { Comment } from '../../grammar/ast.ts';
import type { Model } from '../model.ts';
import { buildSummary } from './build.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';

export interface SummaryOptions {
  lang: 'zh' | 'en';
  format: 'md' | 'html';
  /** The parse's comments (compile(text).parse.comments): readings marked 解读： become notes to the reader. */
  comments?: Comment[];
}

export function renderSummary(model: Model, opts: SummaryOptions): string {
  const doc = buildSummary(model, opts.lang, opts.comments);
  return opts.format === 'html' ? renderHtml(doc) : renderMarkdown(doc);
}

export { buildSummary, benefitFields, headerFields } from './build.ts';
export { escapeHtml, htmlPage, SUMMARY_CSS } from './html.ts';
export { escapeMarkdown } from './markdown.ts';
export type { SummaryDoc, Block } from './doc.ts';
