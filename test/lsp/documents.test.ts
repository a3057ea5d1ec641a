// The document store compiles each version from the last compiled one through
// the texts in between (lsp/documents.ts): whatever the order of edits and
// requests, its analysis must equal a full compile() of the version's text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { DocumentStore } from '../../lsp/documents.ts';
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
            }
          });
        },
      ),
      process.env['INCREMENTAL_RUNS'] ? { numRuns: Number(process.env['INCREMENTAL_RUNS']) } : { numRuns: 10, seed: 20261201 },
    );
  }, 120000);
});
