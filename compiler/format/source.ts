// The prettier parser for .policy files. It parses with grammar/index.ts and
// refuses files with syntax errors; the token list and comments that the
// printer needs are kept beside the AST (keyed by the root node), because the
// surface AST stores keyword ids, not spellings.
import type { IToken } from 'chevrotain';
import type { Parser } from 'prettier';
import { parse } from '../../grammar/index.ts';
import type { Comment, PolicyFile } from '../../grammar/index.ts';
import { PolicySyntaxError } from './errors.ts';
import type { Node } from './printer.ts';

export interface PolicySource {
  text: string;
  tokens: IToken[];
  comments: Comment[];
}

const sources = new WeakMap<PolicyFile, PolicySource>();

export function sourceOf(file: PolicyFile): PolicySource {
  const src = sources.get(file);
  if (!src) throw new Error('this policy AST was not produced by the policy prettier parser');
  return src;
}

const locStart = (node: Node): number => (node as { range?: { start: number } }).range?.start ?? 0;
const locEnd = (node: Node): number => (node as { range?: { end: number } }).range?.end ?? 0;

export const policyParser: Parser<Node> = {
  astFormat: 'policy-ast',
  parse(text: string): PolicyFile {
    const result = parse(text);
    if (result.errors.length > 0) throw new PolicySyntaxError(result.errors, text);
    sources.set(result.file, { text, tokens: result.tokens, comments: result.comments });
    return result.file;
  },
  locStart,
  locEnd,
};
