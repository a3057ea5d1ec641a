// The document store compiles each version from the last compiled one through
// the texts in between (lsp/documents.ts): whatever the order of edits and
// requests, its analysis must equal a full compile() of the version's text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { DocumentStore, staleView } from '../../lsp/documents.ts';
import { hover } from '../../lsp/hover.ts';
import { definition } from '../../lsp/definition.ts';
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
