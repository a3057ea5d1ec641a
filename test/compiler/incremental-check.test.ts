// Re-checking only what an edit touches (compiler/check/memo.ts) must give
// exactly what a full compile() gives. Random edit sequences, aimed inside the
// benefits of the real policies and of a synthetic one (where most edits keep
// the checker's records of the other declarations) and sometimes anywhere
// (definitions, which make everything be checked again): each version is
// compiled from the previous one and from scratch and compared field by field
// — diagnostics, the model, the symbol table with every occurrence in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, type Compilation } from '../../compiler/index.ts';
import { synthPolicy } from '../../bench/synth.ts';
import { policyFiles, readPolicy } from '../helpers.ts';

function expectSame(inc: Compilation, full: Compilation) {
  expect(inc.diagnostics).toEqual(full.diagnostics);
  expect(inc.hasErrors).toBe(full.hasErrors);
  expect(inc.model.symbols.occurrences).toEqual(full.model.symbols.occurrences);
  expect(inc.model).toEqual(full.model);
}

// What an author types inside a benefit, after a `；` (so the syntax stays
// valid): whole fields naming other declarations (a benefit's name, an
// unknown name, a missing fund), line breaks (a duplicate table key's message
// quotes a line), a new benefit or provision (a new name), a duplicate one.
const FIELDS = [
  '\n',
  '\n\n',
  ' ',
  '\n  条件：未知条件；',
  '\n  条件：是，是；',
  '\n  金额：1000元；',
  '\n  最高：1元；',
  '\n  资金：不存在的资金；',
  '\n  发放：每次；',
  '\n  条件：新待遇；',
  '\n  条件：待遇一；',
  ' }\n待遇 新待遇 “新” { 条款：“九”；对象：企业；金额：1元；资金：专项资金；',
  ' }\n条文 新条文 “新” { 条款：“九”；内容：“无”；',
  ' }\n待遇 待遇二 “重名” { 条款：“九”；金额：1元；',
];
// Anything anywhere, which often breaks the syntax or touches a definition (then everything is checked).
const ANY = ['2', '5', '\n', ' ', '元', '；', '，', 'x', '(', '}', '待遇一', '  条件：是；\n'];

type Edit = { kind: 'field' | 'digit' | 'any'; which: number; at: number; pick: number; del: number };
const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.oneof({ weight: 4, arbitrary: fc.constant('field' as const) }, { weight: 4, arbitrary: fc.constant('digit' as const) }, { weight: 1, arbitrary: fc.constant('any' as const) }),
  which: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  pick: fc.nat(1000),
  del: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(6) }),
});

/** The text after one edit; positions are chosen inside a benefit or provision of the current version. */
function apply(c: Compilation, e: Edit): string {
  const text = c.text;
  const bodies = c.parse.file.decls.filter((d) => d.kind === 'Benefit' || d.kind === 'Provision');
  const target = bodies[Math.floor(e.which * bodies.length)];
  const [lo, hi] = target ? [target.range.start, target.range.end] : [0, text.length];
  const spots = (re: RegExp) => [...text.slice(lo, hi).matchAll(re)].map((m) => lo + m.index!);
  if (e.kind === 'field') {
    const semis = spots(/；/g);
    if (semis.length) {
      const at = semis[Math.floor(e.at * semis.length)]! + 1;
      return text.slice(0, at) + FIELDS[e.pick % FIELDS.length] + text.slice(at);
    }
  }
  if (e.kind === 'digit') {
    const digits = spots(/[0-9]/g);
    if (digits.length) {
      const at = digits[Math.floor(e.at * digits.length)]!;
      return text.slice(0, at) + String(e.pick % 10) + text.slice(at + 1);
    }
  }
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + ANY[e.pick % ANY.length] + text.slice(Math.min(text.length, at + e.del));
}

function run(original: string, numRuns: number, seed: number) {
  let steps = 0;
  let kept = 0;
  fc.assert(
    fc.property(fc.array(editArb, { minLength: 1, maxLength: 10 }), (edits) => {
      let prev = compile(original);
      for (const e of edits) {
        const text = apply(prev, e);
        const inc = compile(text, { previous: prev });
        expectSame(inc, compile(text));
        steps++;
        if ((inc.program.memo?.kept ?? 0) > 0) kept++;
        prev = inc;
      }
    }),
    process.env['INCREMENTAL_RUNS'] ? { numRuns: Number(process.env['INCREMENTAL_RUNS']) } : { numRuns, seed },
  );
  return { steps, kept };
}

describe('re-checking only what an edit touches equals a full compile', () => {
  it('a synthetic policy of 40 benefits', () => {
    const { steps, kept } = run(synthPolicy(40), 4, 20261202); // npm test 4 sequences (70 s of a CI run at load 25 with 8); test:deep INCREMENTAL_RUNS
    // The comparison means something only if most steps replayed records of untouched declarations.
    expect(kept).toBeGreaterThan(steps / 3);
  }, 120000);

  for (const path of policyFiles()) {
    const name = path.split('/').pop()!;
    it(`${name}: random edits inside its benefits`, () => {
      const { steps, kept } = run(readPolicy(path), 2, 20261203); // npm test 2 per policy; test:deep INCREMENTAL_RUNS
      expect(kept).toBeGreaterThanOrEqual(Math.min(3, steps));
    }, 120000);
  }

  it('a kept benefit is the very same lowering, only moved', () => {
    const text = synthPolicy(20);
    const prev = compile(text);
    const at = text.indexOf('金额：2000元') + '金额：2'.length;
    // Two characters typed in the first benefit: everything after it moves by two.
    const next = compile(text.slice(0, at) + '00' + text.slice(at), { previous: prev });
    expect(next.program.memo!.kept).toBeGreaterThan(15);
    const last = next.model.benefits[next.model.benefits.length - 1]!;
    const before = prev.model.benefits[prev.model.benefits.length - 1]!;
    expect(last.range.start).toBe(before.range.start + 2);
    expect(next.model.benefits[0]!.amount).not.toEqual(prev.model.benefits[0]!.amount);
  });
});

describe('what a kept declaration depends on', () => {
  /** Compiles `steps` in turn, each from the previous; every version equals a full compile. */
  function sequence(texts: string[]): Compilation[] {
    const out: Compilation[] = [];
    let prev = compile(texts[0]!);
    out.push(prev);
    for (const t of texts.slice(1)) {
      prev = compile(t, { previous: prev });
      expectSame(prev, compile(t));
      out.push(prev);
    }
    return out;
  }
  const base = synthPolicy(20);
  const insertAfter = (text: string, marker: string, what: string, nth = 0) => {
    let at = -1;
    for (let k = 0; k <= nth; k++) at = text.indexOf(marker, at + 1);
    if (at < 0) throw new Error(`no ${marker}`);
    return text.slice(0, at + marker.length) + what + text.slice(at + marker.length);
  };

  it('a benefit naming another is checked again when that one is added', () => {
    const v1 = insertAfter(base, '金额：2000元；', '\n  条件：新待遇；');
    const v2 = insertAfter(v1, '内容：“本条不计算金额。”；\n}\n', '\n待遇 新待遇 “新” {\n  条款：“九”；\n  对象：对象零；\n  资金：专项资金；\n  金额：1元；\n}\n', 1);
    const [a, b] = sequence([v1, v2]);
    // The name 新待遇 in the first benefit now stands for a declaration (go-to-definition finds it).
    const at = v1.indexOf('条件：新待遇') + 4;
    expect(a!.model.symbols.at(at)).toBeUndefined();
    expect(b!.model.symbols.at(at)?.keys).toEqual(['top:新待遇']);
    expect(b!.program.memo!.kept).toBeGreaterThan(10);
  });

  it('a message quoting a line is made again when lines move', () => {
    const v1 = base.replace('五星：3万元，四星：2万元', '五星：3万元，五星：2万元');
    const v2 = insertAfter(v1, '金额：2000元；', '\n\n');
    const [a, b] = sequence([v1, v2]);
    const lines = (c: Compilation) => c.diagnostics.filter((d) => d.code === 'P2001').map((d) => d.args['line']);
    expect(lines(a!)).not.toEqual(lines(b!));
    expect(b!.program.memo!.kept).toBeGreaterThan(10);
  });

  it('a benefit whose name becomes a duplicate is checked again', () => {
    const v1 = base;
    const v2 = insertAfter(v1, '内容：“本条不计算金额。”；\n}\n', '\n待遇 待遇一九 “重名” {\n  条款：“九”；\n  对象：对象零；\n  资金：专项资金；\n  金额：1元；\n}\n', 0);
    const [a, b] = sequence([v1, v2]);
    // The later 待遇一九 (kept from the first version) is now the duplicate.
    const later = v2.lastIndexOf('待遇 待遇一九') + 3;
    expect(a!.diagnostics.some((d) => d.code === 'P2001')).toBe(false);
    expect(b!.diagnostics.filter((d) => d.code === 'P2001').map((d) => d.range.start)).toEqual([later]);
    expect(b!.program.memo!.kept).toBeGreaterThan(10);
  });
});
