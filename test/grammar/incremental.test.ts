// Incremental compilation (grammar/incremental.ts) must give exactly what a
// full compile() gives: random edit sequences on the real policies, each
// version compiled from the previous one and from scratch, compared field by
// field (tree with ranges, tokens, comments, errors, diagnostics, model).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, type Compilation } from '../../compiler/index.ts';
import { diffEdit, reparse } from '../../grammar/incremental.ts';
import { parse } from '../../grammar/index.ts';
import { policyFiles, readPolicy } from '../helpers.ts';

const tokenView = (c: Compilation) => c.parse.tokens.map((t) => `${t.tokenType.name}@${t.startOffset}-${t.endOffset}:${t.image}`);

function expectSame(inc: Compilation, full: Compilation) {
  expect(inc.parse.file).toEqual(full.parse.file);
  expect(tokenView(inc)).toEqual(tokenView(full));
  expect(inc.parse.comments).toEqual(full.parse.comments);
  expect(inc.parse.errors).toEqual(full.parse.errors);
  expect(inc.diagnostics).toEqual(full.diagnostics);
  expect(inc.model).toEqual(full.model);
}

// Edits an author makes: type or delete a few characters, paste a line, change a digit, break and fix syntax.
const SNIPPETS = ['2', '5', '人', '是', 'x', '1', '0', '元', '；', '，', '}', '{', '“', '”', '\n', ' ', '  条件：是；\n', '// 注释\n', '资金 新资金 “新”；\n', '待遇', '(', ')', '+ 1元'];

// Mostly small edits (most keep the file valid, so most steps take the incremental path), some that break it.
const editArb = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.nat(12) }),
  ins: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('2', '5', ' ', '\n', '// 注释\n', '资金 新资金 “新”；\n') }, { weight: 2, arbitrary: fc.constantFrom(...SNIPPETS) }, { weight: 1, arbitrary: fc.constant('') }),
});

describe('incremental compile equals a full compile', () => {
  it('diffEdit finds the changed stretch', () => {
    expect(diffEdit('abcdef', 'abXYef')).toEqual({ start: 2, oldEnd: 4, newEnd: 4 });
    expect(diffEdit('aaa', 'aaaa')).toEqual({ start: 3, oldEnd: 3, newEnd: 4 });
    expect(diffEdit('abc', 'abc')).toEqual({ start: 3, oldEnd: 3, newEnd: 3 });
  });

  it('re-parses only part of the file for an edit inside one benefit', () => {
    const text = readPolicy();
    const prev = parse(text);
    const at = text.indexOf('金额：10万元');
    const next = text.slice(0, at) + '金额：11万元' + text.slice(at + '金额：10万元'.length);
    const r = reparse(prev, text, next);
    expect(r).toBeDefined();
    // Declarations far from the edit are the very same objects (not re-parsed).
    expect(r!.file.decls[0]).toBe(prev.file.decls[0]);
  });

  for (const path of policyFiles()) {
    const name = path.split('/').pop()!;
    it(`${name}: random edit sequences`, () => {
      const original = readPolicy(path);
      let steps = 0;
      let spliced = 0;
      fc.assert(
        fc.property(fc.array(editArb, { minLength: 1, maxLength: 8 }), (edits) => {
          let text = original;
          let prev = compile(text);
          for (const e of edits) {
            const at = Math.floor(e.at * text.length);
            text = text.slice(0, at) + e.ins + text.slice(Math.min(text.length, at + e.del));
            steps++;
            if (reparse(prev.parse, prev.text, text) && prev.text !== text) spliced++;
            const inc = compile(text, { previous: prev });
            expectSame(inc, compile(text));
            prev = inc;
          }
        }),
        // npm test: a fixed seed (the same sequences every run); test:deep: many random ones.
        process.env['INCREMENTAL_RUNS'] ? { numRuns: Number(process.env['INCREMENTAL_RUNS']) } : { numRuns: 3, seed: 20261201 } /* npm test; test:deep INCREMENTAL_RUNS=200 */,
      );
      // The comparison means something only if many steps took the incremental path (a random
      // edit often breaks the syntax, and a file with errors outside the edit is parsed whole).
      expect(spliced).toBeGreaterThanOrEqual(3);
    }, 120000);
  }
});
