// Code actions:
// - quick fix: an unknown name → the closest declared name (the checker's suggestion);
// - quick fix: full-width digits → ASCII digits (P1002);
// - quick fix: a benefit that pays money without a fund (P2007) → insert
//   `资金：<the fund most benefits in the file use>；`;
// - source actions: punctuation normalised to the file's majority width, to
//   full width, or to half width (outside strings and comments).
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type * as A from '../grammar/ast.ts';
import { keywordById } from '../grammar/keywords.ts';
import { writeName } from '../grammar/tokens.ts';
import type { PolicyDiagnostic } from '../compiler/diagnostics.ts';
import type { Analysis } from './analysis.ts';
import { MAX_PUBLISHED, toLspDiagnostic } from './diagnostics.ts';
import { t, type Lang } from './i18n.ts';

export const KIND_PUNCTUATION = `${CodeActionKind.Source}.normalizePunctuation`;

const FULL: Record<string, string> = { Colon: '：', Semi: '；', Comma: '，', LParen: '（', RParen: '）', LBrace: '｛', RBrace: '｝' };
const HALF: Record<string, string> = { Colon: ':', Semi: ';', Comma: ',', LParen: '(', RParen: ')', LBrace: '{', RBrace: '}' };
const CLASS: Record<string, string> = { Colon: 'colon', Semi: 'semi', Comma: 'comma', LParen: 'paren', RParen: 'paren', LBrace: 'brace', RBrace: 'brace' };
const FULL_OPERATORS: Record<string, string> = { '＋': '+', '－': '-', '＊': '*', '／': '/', '＞': '>', '＜': '<', '＝': '=', '％': '%', '＞＝': '>=', '＜＝': '<=', '！＝': '!=' };
const isHalf = (s: string) => /^[\x20-\x7e]+$/.test(s);

type Target = 'majority' | 'full' | 'half';

/** Edits that respell punctuation tokens; strings and comments are never touched (they are not punctuation tokens). */
export function punctuationEdits(a: Analysis, target: Target): TextEdit[] {
  const tokens = a.tokens;
  const fullByClass = new Map<string, boolean>();
  if (target === 'majority') {
    const counts = new Map<string, { full: number; half: number }>();
    for (const tk of tokens) {
      const cls = CLASS[tk.tokenType.name];
      if (!cls) continue;
      const c = counts.get(cls) ?? { full: 0, half: 0 };
      if (isHalf(tk.image)) c.half++;
      else c.full++;
      counts.set(cls, c);
    }
    // Ties go full-width, as in the formatter.
    for (const [cls, c] of counts) fullByClass.set(cls, c.full >= c.half);
  }
  const edits: TextEdit[] = [];
  for (const tk of tokens) {
    const n = tk.tokenType.name;
    const range = { start: tk.startOffset, end: (tk.endOffset ?? tk.startOffset) + 1 };
    let want: string | undefined;
    if (CLASS[n]) {
      const full = target === 'majority' ? fullByClass.get(CLASS[n]!)! : target === 'full';
      if (full) want = isHalf(tk.image) ? FULL[n] : undefined;
      else want = isHalf(tk.image) ? undefined : HALF[n];
    } else if (target === 'half' && FULL_OPERATORS[tk.image]) want = FULL_OPERATORS[tk.image];
    if (want !== undefined && want !== tk.image) edits.push({ range: a.range(range), newText: want });
  }
  return edits;
}

/** The fund most benefits name; ties go to the fund declared first. */
export function mostUsedFund(file: A.PolicyFile): string | undefined {
  const declared = file.decls.filter((d): d is A.FundDecl => d.kind === 'Fund').map((d) => d.name.text);
  if (!declared.length) return undefined;
  const counts = new Map<string, number>(declared.map((n) => [n, 0]));
  for (const d of file.decls) {
    if (d.kind !== 'Benefit') continue;
    for (const f of d.fields) {
      const v = f.key === 'Fund' ? f.values[0] : undefined;
      if (v?.kind === 'Ref' && counts.has(v.name.text)) counts.set(v.name.text, counts.get(v.name.text)! + 1);
    }
  }
  let best = declared[0]!;
  for (const n of declared) if (counts.get(n)! > counts.get(best)!) best = n;
  return best;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t\u3000]*/.exec(text.slice(start, offset))![0];
}

function addFundAction(a: Analysis, d: PolicyDiagnostic, diag: Diagnostic, lang: Lang): CodeAction | undefined {
  const file = a.compilation.parse.file;
  const benefit = file.decls.find((x): x is A.BenefitDecl => x.kind === 'Benefit' && x.name.range.start === d.range.start);
  const fund = mostUsedFund(file);
  if (!benefit || !fund) return undefined;
  const full = a.punctuation === 'full';
  const spec = keywordById('Fund');
  const key = a.keywordLang === 'en' ? spec.en[0]! : spec.zh[0]!;
  const text = `${key}${full ? '：' : ': '}${fund}${full ? '；' : ';'}`;
  // After the subject (or clause, or title) field, in its indentation; else first in the block.
  const anchor = ['Subject', 'Clause', 'Title'].map((k) => benefit.fields.find((f) => f.key === k)).find((f) => f !== undefined);
  let at: number;
  let insert: string;
  if (anchor) {
    at = anchor.range.end;
    insert = `\n${indentAt(a.text, anchor.range.start)}${text}`;
  } else {
    const brace = a.tokens.find((tk) => tk.tokenType.name === 'LBrace' && tk.startOffset >= benefit.name.range.end);
    if (!brace) return undefined;
    at = brace.startOffset + 1;
    insert = `\n${indentAt(a.text, benefit.range.start)}  ${text}`;
  }
  return {
    title: t('lsp.fix.addFund', lang, { text }),
    kind: CodeActionKind.QuickFix,
    diagnostics: [diag],
    isPreferred: true,
    edit: { changes: { [a.uri]: [{ range: a.range({ start: at, end: at }), newText: insert }] } },
  };
}

const overlaps = (r: A.Range, s: A.Range) => r.start <= s.end && s.start <= r.end;

function wanted(only: string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function codeActions(a: Analysis, params: CodeActionParams, lang: Lang): CodeAction[] {
  const out: CodeAction[] = [];
  const only = params.context.only;
  const range = { start: a.offset(params.range.start), end: a.offset(params.range.end) };
  // A request view (documents.ts) checks the text without its declarations that do not parse, so a
  // name declared there reads as unknown: it offers fixes only for diagnostics the client has too.
  const sent = a.blanks.length ? new Set(params.context.diagnostics.map((d) => `${d.code}@${a.offset(d.range.start)}:${a.offset(d.range.end)}`)) : undefined;
  if (wanted(only, CodeActionKind.QuickFix)) {
    for (const d of a.compilation.diagnostics) {
      if (sent && !sent.has(`${d.code}@${d.range.start}:${d.range.end}`)) continue;
      // As many quick fixes as diagnostics are published at most (a hostile file has one per token).
      if (out.length >= MAX_PUBLISHED) break;
      if (!overlaps(d.range, range)) continue;
      if (!(d.suggestion || ((d.code === 'P1055' || d.code === 'P2211' || d.code === 'P1070' || d.code === 'P1086') && d.args['fix']) || (d.code === 'P1002' && d.args['ascii']) || d.code === 'P2007')) continue;
      const diag = toLspDiagnostic(a, d, lang);
      if (d.suggestion) {
        out.push({
          title: t('lsp.fix.replace', lang, { name: d.suggestion }),
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          isPreferred: true,
          edit: { changes: { [a.uri]: [{ range: a.range(d.range), newText: writeName(d.suggestion) }] } },
        });
      } else if ((d.code === 'P1055' || d.code === 'P2211' || d.code === 'P1070') && d.args['fix']) {
        // A name as the texts write it (优秀（五星）): the same text in 【】.
        out.push({
          title: t('lsp.fix.replace', lang, { name: d.args['fix'] }),
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          isPreferred: true,
          edit: { changes: { [a.uri]: [{ range: a.range(d.range), newText: d.args['fix'] }] } },
        });
      } else if (d.code === 'P1086' && d.args['word']) {
        // `3000立方米（以上）`: the brackets dropped, the word kept — the range is the bracketed word.
        out.push({
          title: t('lsp.fix.replace', lang, { name: d.args['fix']! }),
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          isPreferred: true,
          edit: { changes: { [a.uri]: [{ range: a.range(d.range), newText: d.args['word'] }] } },
        });
      } else if (d.code === 'P1002' && d.args['ascii']) {
        out.push({
          title: t('lsp.fix.digits', lang, { ascii: d.args['ascii'] }),
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          isPreferred: true,
          edit: { changes: { [a.uri]: [{ range: a.range(d.range), newText: d.args['ascii'] }] } },
        });
      } else if (d.code === 'P2007') {
        const action = addFundAction(a, d, diag, lang);
        if (action) out.push(action);
      }
    }
  }
  const targets: [Target, 'lsp.fix.majority' | 'lsp.fix.fullWidth' | 'lsp.fix.halfWidth'][] = [
    ['majority', 'lsp.fix.majority'],
    ['full', 'lsp.fix.fullWidth'],
    ['half', 'lsp.fix.halfWidth'],
  ];
  for (const [target, title] of targets) {
    const kind = `${KIND_PUNCTUATION}.${target}`;
    if (!wanted(only, kind)) continue;
    const edits = punctuationEdits(a, target);
    if (edits.length) out.push({ title: t(title, lang), kind, edit: { changes: { [a.uri]: edits } } });
  }
  return out;
}
