// The compiled input check of a generated evaluator (compiler/emit/check.ts: one function per subject type) against
// the runtime's checkFacts (compiler/input.ts), inside the same generated module, on random and hostile facts: it
// accepts exactly what checkFacts accepts, and then builds the same facts (values and order). Where it refuses, the
// module runs checkFacts, so the errors are checkFacts' own. The typed record of the fast path the check builds beside
// the facts (Runtime.CHECKED) equals what the subject type's reader makes of those facts. FC_RUNS sets the runs per policy (npm test: 1,000 on three
// policies that have every kind of fact between them; npm run test:deep: FC_RUNS on every policy and fixture).
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { emitTypeScript } from '../../compiler/emit/index.ts';
import type { Model, Type } from '../../compiler/model.ts';
import { inputArb } from './arbitraries.ts';
import { allPolicies, compiled, FIXTURES, nameOf, ROOT, tempDir, ZOO } from './helpers.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 1000);
const SEED = process.env['FC_SEED'] ? Number(process.env['FC_SEED']) : undefined;
const POLICIES = process.env['FC_RUNS']
  ? allPolicies()
  : [join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy'), ZOO, join(FIXTURES, 'members.policy')];

interface Hooks {
  compiledCheck(subject: string, raw: Readonly<Record<string, unknown>>): Map<string, unknown> | undefined;
  runtimeCheck(subject: string, raw: unknown): { ok: true; facts: Map<string, unknown> } | { ok: false; errors: unknown[] };
  /** The typed record the last compiled check built beside `facts` (null: left to the reader), and the reader's ('inexact': it refused). */
  typedRecords(subject: string, facts: Map<string, unknown>): { built: object | null; reader: object | 'inexact' };
}

/** The generated module with two test hooks appended: its compiled check and its runtime's checkFacts. */
async function load(path: string): Promise<Hooks> {
  const text =
    emitTypeScript(compiled(path).model, { sourceName: basename(path) }) +
    '\nexport const compiledCheck = (s: string, raw: Readonly<Record<string, unknown>>) => SUBJECT_PLANS.get(s)!.check(raw);' +
    '\nexport const runtimeCheck = (s: string, raw: unknown) => Input.checkFacts(SCHEMA, s, raw);' +
    '\nexport const typedRecords = (s: string, facts: Map<string, Value>) => {' +
    '\n  const built = Runtime.CHECKED.facts === facts ? Runtime.CHECKED.typed : null;' +
    "\n  try { return { built, reader: SUBJECT_PLANS.get(s)!.typed(facts) }; } catch (e) { if (e instanceof Runtime.Inexact) return { built, reader: 'inexact' }; throw e; }" +
    '\n};\n';
  const file = join(tempDir(), `${nameOf(path)}.check.ts`);
  writeFileSync(file, text);
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Hooks;
}

/** Values a fact of each kind takes only in one of its forms, or not at all. */
const NUMBERS: unknown[] = [0, -0, 1, -1, 2, 50, 1.5, 0.1, 2 ** 53, -(2 ** 53), 1e21, NaN, Infinity, '0', '1', ' 1 ', '1.50', '1.005', '12.34', '-1', '1e3', '0x10', '２', '',
  // Money as a plain decimal text (Runtime.decimalText): trailing zeros, leading zeros, no digits on one side, too many digits.
  '0.10', '100.00', '0.00', '007.50', '1.', '.5', '1.2.3', '1,000.00', '999999999999999', '9999999999999999', '99999999999999.99', '999999999999999.9', '１.5'];
const TEXTS: unknown[] = ['', ' ', 'abc', ' abc', 'abc ', '\u00a0五星', '2025-03-01', '2025年3月1日', ' 2025-03-01', '2025-02-30', '2025-3-1', '2025-13-01'];
const OTHER: unknown[] = [true, false, [], [1], [{}], {}, { 高级工: 1 }, { 高级工: -1 }, { 高级工: '2' }, { 高级工: 1.5 }, { x: 1 }, null, undefined,
  { 高级工: 0, 技师: 3 }, { 技师: 3, 高级工: 2 }, { '高级工 ': 1 }, { 高级工: 2 ** 53 }, { 高级工: 1, 初级工: 0, 中级工: 4, 技师: 0, 高级技师: 7 }];

/** No edit of a fact. */
const NONE = Symbol('none');

/** The hostile values for one fact: its kind's, and the declared spellings of its enum or level with spaces around. */
function poolOf(model: Model, t: Type | undefined): unknown[] {
  const spelt: string[] = [];
  if (t?.kind === 'enum') for (const v of model.enums.get(t.of)?.values ?? []) spelt.push(v.name);
  if (t?.kind === 'level' || t?.kind === 'perLevel') for (const l of model.levels.get(t.of)?.levels ?? []) spelt.push(l.name);
  return [...NUMBERS, ...TEXTS, ...OTHER, ...spelt, ...spelt.map((v) => ` ${v}`), ...spelt.map((v) => `${v} `)];
}

/** Random facts of a policy (inputArb), then each fact now and then set to a hostile value; an unknown key; `__proto__`. */
function hostileFacts(model: Model): fc.Arbitrary<{ subject: string; raw: Record<string, unknown> }> {
  return inputArb(model).chain(({ subject, facts }) => {
    const declared = [...(model.subjects.get(subject)?.facts ?? [])];
    return fc
      .tuple(
        fc.tuple(...declared.map(([, f]) => fc.oneof({ arbitrary: fc.constant(NONE), weight: 5 }, { arbitrary: fc.constantFrom(...poolOf(model, f.type)), weight: 1 }))),
        fc.nat({ max: 29 }),
      )
      .map(([values, extra]) => {
        const raw: Record<string, unknown> = { ...facts };
        values.forEach((v, i) => {
          if (v !== NONE) raw[declared[i]![0]] = v;
        });
        if (extra === 0) raw['无此事实'] = 1;
        if (extra === 1) raw['constructor'] = null;
        if (extra === 2) Object.defineProperty(raw, '__proto__', { value: 1, enumerable: true, writable: true, configurable: true });
        return { subject, raw };
      });
  });
}

describe('the compiled input check equals the runtime checkFacts', () => {
  for (const path of POLICIES) {
    it(`${nameOf(path)}: accepts what checkFacts accepts, with the same facts`, async () => {
      const model = compiled(path).model;
      const m = await load(path);
      let accepted = 0;
      let refused = 0;
      let built = 0;
      const withFields = [...model.subjects.values()].some((s) => [...s.facts.values()].some((f) => !f.derived && f.type.kind !== 'list'));
      const compare = (subject: string, raw: Record<string, unknown>) => {
        const r = m.runtimeCheck(subject, raw);
        const c = m.compiledCheck(subject, raw);
        expect(c !== undefined, `${subject} accepted: ${JSON.stringify(raw)}`).toBe(r.ok);
        if (c && r.ok) {
          accepted++;
          expect([...c]).toEqual([...r.facts]);
          // The record built in the same pass, when it was: the reader's, field for field (and in the reader's order).
          const t = m.typedRecords(subject, c);
          if (t.built !== null) {
            built++;
            expect(t.reader, `${subject} typed: ${JSON.stringify(raw)}`).not.toBe('inexact');
            expect(Object.entries(t.built)).toStrictEqual(Object.entries(t.reader));
          }
        } else refused++;
      };
      // Every hostile value of its kind, one fact at a time, for every fact of every subject type.
      for (const [subject, s] of model.subjects)
        for (const [name, f] of s.facts) for (const v of poolOf(model, f.type)) compare(subject, { [name]: v });
      fc.assert(
        fc.property(hostileFacts(model), ({ subject, raw }) => {
          if (model.subjects.has(subject)) compare(subject, raw);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      // Both outcomes were exercised (a check that refused everything, or accepted everything, would be caught here).
      expect(accepted).toBeGreaterThan(RUNS / 20);
      expect(refused).toBeGreaterThan(RUNS / 20);
      // …and the record was built for many accepted facts (the rest hold a form left to input.ts, or no fact at all).
      if (withFields) expect(built).toBeGreaterThan(accepted / 10);
    }, 120_000);
  }
});
