// The document store compiles each version from the last compiled one through
// the texts in between (lsp/documents.ts): whatever the order of edits and
// requests, its analysis must equal a full compile() of the version's text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { DocumentStore, staleView } from '../../lsp/documents.ts';
import { Analysis } from '../../lsp/analysis.ts';
import { hover } from '../../lsp/hover.ts';
import { definition } from '../../lsp/definition.ts';
import { rename } from '../../lsp/rename.ts';
import { codeActions } from '../../lsp/code-actions.ts';
import type { Diagnostic } from 'vscode-languageserver';
import { synthPolicy } from '../../bench/synth.ts';
import { readPolicy } from '../helpers.ts';

describe('document store: incremental analyses equal full compiles', () => {
  it('random edits, analyses asked for at random versions', () => {
    const original = readPolicy();
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat(3), ins: fc.constantFrom('1', '0', ' ', '\n', '；', '}', ''), ask: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        (edits) => {
          const store = new DocumentStore();
          const uri = 'untitled:doc.policy';
          let text = original;
          store.open(uri, 'policy', 1, text);
          void store.analysis(uri).compilation;
          edits.forEach((e, i) => {
            const at = Math.floor(e.at * text.length);
            const end = Math.min(text.length, at + e.del);
            const doc = store.get(uri)!;
            store.change(uri, i + 2, [{ range: { start: doc.positionAt(at), end: doc.positionAt(end) }, text: e.ins }]);
            text = text.slice(0, at) + e.ins + text.slice(end);
            if (e.ask) {
              const c = store.analysis(uri).compilation;
              const full = compile(text);
              expect(c.text).toBe(text);
              expect(c.parse.file).toEqual(full.parse.file);
              expect(c.diagnostics).toEqual(full.diagnostics);
              expect(c.model).toEqual(full.model);
            }
          });
        },
      ),
      process.env['INCREMENTAL_RUNS'] ? { numRuns: Number(process.env['INCREMENTAL_RUNS']) } : { numRuns: 4, seed: 20261201 },
    );
  }, 120000);
});

describe('requests answered from the last compiled version (staleView)', () => {
  it('a position outside the edited declaration: the answer of the current version, without compiling', () => {
    const store = new DocumentStore();
    const uri = 'untitled:doc.policy';
    let text = synthPolicy(30);
    store.open(uri, 'policy', 1, text);
    void store.analysis(uri).compilation;
    // Two lines added in the first benefit: every later position moves.
    const at = text.indexOf('金额：2000元；') + '金额：2000元；'.length;
    const doc = store.get(uri)!;
    store.change(uri, 2, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: '\n\n  ' }]);
    text = text.slice(0, at) + '\n\n  ' + text.slice(at);
    const cur = store.analysis(uri);
    const earlier = store.earlier(uri)!;
    expect(earlier.version).toBe(1);
    const compiled = store.compilations;
    // A fact in a later benefit's condition, a name of a subject, and a place in the edited benefit.
    const later = text.lastIndexOf('条件：资格甲') + '条件：资'.length;
    const subject = text.lastIndexOf('对象：对象') + '对象：对'.length;
    const views = [later, subject].map((o) => staleView(earlier, cur, o)!);
    expect(views.every(Boolean)).toBe(true);
    expect(staleView(earlier, cur, at - 3)).toBeUndefined();
    const hovers = views.map((v) => v.result(hover(v.analysis, v.offset, 'zh')));
    const defs = views.map((v) => v.result(definition(v.analysis, v.offset)));
    expect(store.compilations).toBe(compiled);
    // The same answers as the current version gives once compiled.
    expect(hovers).toEqual([later, subject].map((o) => hover(cur, o, 'zh')));
    expect(defs).toEqual([later, subject].map((o) => definition(cur, o)));
    expect(hovers[0]!.range!.start.line).toBe(earlier.position(later - 4).line + 2);
  });
});

describe('request views of versions with syntax errors (DocumentStore.view)', () => {
  // Random edits that often break the syntax: the view must be compile() of its own text (the
  // current text with the blanked stretches as spaces), that text must parse, the blanks must hold
  // every character the view drops, and no view may parse and check the whole text again.
  it('random breaking edits: each view is exactly compile() of the text with its blanks, and never a whole-file compile', () => {
    const original = synthPolicy(40);
    let blanked = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat(4), ins: fc.constantFrom('1', ' ', '\n', '；', '｝', '｛', '（', '：', '金额', '', '待遇 甲 {') }),
          { minLength: 1, maxLength: 10 },
        ),
        (edits) => {
          const store = new DocumentStore();
          const uri = 'untitled:doc.policy';
          let text = original;
          store.open(uri, 'policy', 1, text);
          void store.analysis(uri).compilation;
          const whole = store.wholeFileCompiles;
          edits.forEach((e, i) => {
            const at = Math.floor(e.at * text.length);
            const end = Math.min(text.length, at + e.del);
            const doc = store.get(uri)!;
            store.change(uri, i + 2, [{ range: { start: doc.positionAt(at), end: doc.positionAt(end) }, text: e.ins }]);
            text = text.slice(0, at) + e.ins + text.slice(end);
            const v = store.view(uri);
            expect(v.text).toBe(text);
            const c = v.compilation;
            expect(c.text.length).toBe(text.length);
            // Outside the blanks the compiled text is the text; inside, spaces with the line breaks kept.
            let at2 = 0;
            for (const b of v.blanks) {
              expect(c.text.slice(at2, b.start)).toBe(text.slice(at2, b.start));
              expect(c.text.slice(b.start, b.end)).toBe(text.slice(b.start, b.end).replace(/[^\r\n]/g, ' '));
              at2 = b.end;
            }
            expect(c.text.slice(at2)).toBe(text.slice(at2));
            const full = compile(c.text);
            expect(c.parse.file).toEqual(full.parse.file);
            expect(c.diagnostics).toEqual(full.diagnostics);
            expect(c.model).toEqual(full.model);
            // The view's tokens are the lexer's tokens of the real text (the blanks' included).
            const real = compile(text);
            expect(v.tokens.map((t) => [t.startOffset, t.image])).toEqual(
              real.parse.tokens.filter((t) => Number.isFinite(t.startOffset) && !t.isInsertedInRecovery).map((t) => [t.startOffset, t.image]),
            );
            if (v.blanks.length) blanked++;
            else expect(c.text).toBe(text);
          });
          expect(store.wholeFileCompiles).toBe(whole);
        },
      ),
      process.env['INCREMENTAL_RUNS'] ? { numRuns: Number(process.env['INCREMENTAL_RUNS']) } : { numRuns: 12, seed: 20261203 },
    );
    // The edits did break the text: many views had blanks.
    expect(blanked).toBeGreaterThan(10);
  }, 240000);
});

describe('requests that would be wrong without the blanked declarations', () => {
  const setup = () => {
    const store = new DocumentStore();
    const uri = 'untitled:doc.policy';
    let text = synthPolicy(30);
    store.open(uri, 'policy', 1, text);
    void store.analysis(uri).compilation;
    const edit = (version: number, at: number, end: number, insert: string) => {
      const doc = store.get(uri)!;
      store.change(uri, version, [{ range: { start: doc.positionAt(at), end: doc.positionAt(end) }, text: insert }]);
      text = text.slice(0, at) + insert + text.slice(end);
    };
    // The first benefit's amount loses its right operand: it does not parse and is blanked in the view.
    const broken = text.indexOf('金额：2000元；') + '金额：2000元'.length;
    edit(2, broken, broken, ' +');
    // A later benefit names a fact that does not exist (the checker suggests the one meant).
    const typo = text.indexOf('条件：资格甲一') + '条件：资格甲'.length;
    edit(3, typo, typo + 1, '亿');
    const v = store.view(uri);
    expect(v.blanks.length).toBe(1);
    expect(v.blanked(broken)).toBe(true);
    return { store, uri, text, v, typo };
  };

  it('rename refuses a name that appears in a blanked declaration, and renames one that does not', () => {
    const { text, v, store } = setup();
    // The fund: every benefit names it, the blanked one too.
    const fund = text.lastIndexOf('资金：专项资金') + '资金：专项'.length;
    expect(() => rename(v, fund, '就业资金', 'en')).toThrow(/专项资金.*syntax errors/);
    // A fact of the second subject: nothing of it is blanked.
    const fact = text.lastIndexOf('条件：资格乙一') + '条件：资格'.length;
    const edit = rename(v, fact, '资格丙一', 'en');
    expect(Object.values(edit.changes!)[0]!.length).toBe((text.match(/资格乙一/g) ?? []).length);
    expect(store.wholeFileCompiles).toBe(1);
  });

  it('quick fixes from a view only for diagnostics the client has', () => {
    const { uri, v, typo } = setup();
    const d = v.compilation.diagnostics.find((x) => x.range.start <= typo && typo <= x.range.end && x.suggestion);
    expect(d?.suggestion).toBe('资格甲一');
    const at = { start: v.position(typo), end: v.position(typo) };
    const quick = (diagnostics: Diagnostic[]) => codeActions(v, { textDocument: { uri }, range: at, context: { diagnostics, only: ['quickfix'] } }, 'en');
    expect(quick([])).toEqual([]);
    const sent: Diagnostic = { range: v.range(d!.range), code: d!.code, message: '' };
    expect(quick([sent]).map((x) => x.title)).toEqual([expect.stringContaining('资格甲一')]);
  });
});

describe('a densely broken document', () => {
  it('opened with hundreds of syntax errors, edited elsewhere: the view blanks them without re-parsing them, and answers the rest exactly', () => {
    const store = new DocumentStore();
    const uri = 'untitled:doc.policy';
    const good = synthPolicy(20);
    const cut = good.indexOf('\n待遇 ');
    let text = good.slice(0, cut) + '\n' + '待遇 { ；}\n'.repeat(300) + good.slice(cut);
    store.open(uri, 'policy', 1, text);
    expect(store.analysis(uri).compilation.parse.errors.length).toBeGreaterThan(100);
    const at = text.lastIndexOf('金额：2000元') + '金额：200'.length;
    const doc = store.get(uri)!;
    store.change(uri, 2, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + 1) }, text: '7' }]);
    text = text.slice(0, at) + '7' + text.slice(at + 1);
    const v = store.view(uri);
    expect(v.blanks.reduce((n, b) => n + b.errors, 0)).toBeGreaterThan(100);
    expect(v.blanked(cut + 10)).toBe(true);
    expect(v.blanked(at)).toBe(false);
    const fact = text.lastIndexOf('条件：资格甲', at) + '条件：资格'.length;
    const full = new Analysis(uri, 2, text, (t) => compile(t));
    expect(hover(v, fact, 'zh')).toEqual(hover(full, fact, 'zh'));
    expect(definition(v, fact)).toEqual(definition(full, fact));
    // Another edit in the broken stretch: it stays blanked (its errors are not parsed again), the rest answers.
    const d2 = store.get(uri)!;
    store.change(uri, 3, [{ range: { start: d2.positionAt(cut + 5), end: d2.positionAt(cut + 5) }, text: '；' }]);
    text = text.slice(0, cut + 5) + '；' + text.slice(cut + 5);
    const w = store.view(uri);
    expect(w.blanked(cut + 5)).toBe(true);
    expect(hover(w, fact + 1, 'zh')).toEqual(hover(new Analysis(uri, 3, text, (t) => compile(t)), fact + 1, 'zh'));
    expect(store.wholeFileCompiles).toBe(1);
  });
});
