// The generated evaluator called from code with values that are not plain
// JSON: getters and Proxies that throw, cycles, 10k-deep arrays, a null
// options object, huge strings and many keys. validate(), validateLedger()
// and evaluate() must answer every one with field errors (PolicyInputError
// for evaluate), never let the raw exception escape, and keep messages short.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadGenerated, ROOT, type Generated, type InputErrorOut } from './helpers.ts';

const POLICY = join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy');
const SUBJECT = '企业';
const OK_FACTS = { 已备案认定企业: true, 年度自主认定人次: 70 };

const throwingGetter = () =>
  Object.defineProperty({ 已备案认定企业: true }, '年度自主认定人次', {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });
const throwingProxy = () =>
  new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('no keys');
      },
    },
  );
const revoked = () => {
  const r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
};
const cyclic = () => {
  const o: Record<string, unknown> = { 已备案认定企业: true };
  o['直接培养人数'] = o;
  return o;
};
const deepArray = (n: number) => {
  let a: unknown = 1;
  for (let i = 0; i < n; i++) a = [a];
  return a;
};
const manyKeys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

/** Facts that are not plain data, and the field each error must name. */
const FACTS: [string, () => unknown, string][] = [
  ['a getter that throws', throwingGetter, '年度自主认定人次'],
  ['a Proxy whose ownKeys throws', throwingProxy, ''],
  ['a revoked Proxy', revoked, ''],
  ['a cycle', cyclic, '直接培养人数'],
  ['a 10k-deep array in a fact', () => ({ 直接培养人数: deepArray(10_000) }), '直接培养人数'],
  ['a function', () => ({ 已备案认定企业: () => true }), '已备案认定企业'],
];

function expectBounded(errors: InputErrorOut[]) {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(e.code).toMatch(/^P3\d{3}$/);
    expect(e.message.length).toBeLessThan(400);
  }
}

describe('the generated evaluator refuses input that is not plain JSON', async () => {
  const m: Generated = await loadGenerated(POLICY);

  for (const [what, make, field] of FACTS) {
    it(`validate(): ${what}`, () => {
      const r = m.validate(SUBJECT, make(), 'en');
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expectBounded(r.errors);
      const e = r.errors.find((x) => x.code === 'P3020')!;
      expect(e, JSON.stringify(r.errors)).toBeDefined();
      // The path of the bad field (for deep nesting: the field, then where the nesting became too deep).
      expect(e.field.startsWith(field)).toBe(true);
      expect(e.field.length).toBeLessThan(300);
      expect(e.message).toContain('not plain JSON data');
    });
    it(`evaluate(): ${what} → PolicyInputError`, () => {
      let thrown: unknown;
      try {
        m.evaluate(SUBJECT, make(), { asOf: '2025-06-01', lang: 'zh' });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(m.PolicyInputError);
      const errors = (thrown as { errors: InputErrorOut[] }).errors;
      expectBounded(errors);
      expect(errors.some((e) => e.code === 'P3020' && e.message.includes('不是纯 JSON 数据'))).toBe(true);
    });
  }

  const OPTIONS: [string, () => unknown, string][] = [
    ['options = null', () => null, 'options'],
    ['options = "2025-06-01"', () => '2025-06-01', 'options'],
    ['an options getter that throws', () => Object.defineProperty({}, 'asOf', { enumerable: true, get: () => { throw new TypeError('nope'); } }), 'options.asOf'],
    ['a cyclic ledger', () => { const l: unknown[] = []; l.push(l); return { asOf: '2025-06-01', ledger: l }; }, 'options.ledger[0]'],
    ['a 10k-deep ledger', () => ({ asOf: '2025-06-01', ledger: deepArray(10_000) }), 'options.ledger'],
    ['params behind a throwing Proxy', () => ({ asOf: '2025-06-01', params: throwingProxy() }), 'options.params'],
  ];
  for (const [what, make, fieldPrefix] of OPTIONS) {
    it(`evaluate(): ${what} → PolicyInputError naming ${fieldPrefix}`, () => {
      let thrown: unknown;
      try {
        m.evaluate(SUBJECT, OK_FACTS, make() as { asOf: string });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(m.PolicyInputError);
      const errors = (thrown as { errors: InputErrorOut[] }).errors;
      expectBounded(errors);
      expect(errors.map((e) => e.field).some((f) => f.startsWith(fieldPrefix)), JSON.stringify(errors)).toBe(true);
    });
  }

  // The fast path: prepare() answers like validate(); context() like evaluate()'s options; decide() and explain()
  // refuse anything prepare() and context() did not make, with a PolicyInputError, never a TypeError.
  for (const [what, make, field] of FACTS) {
    it(`prepare(): ${what}`, () => {
      const r = m.prepare(SUBJECT, make(), { lang: 'en' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.some((e) => e.code === 'P3020' && e.field.startsWith(field))).toBe(true);
    });
  }
  for (const [what, make, fieldPrefix] of OPTIONS.filter(([w]) => !w.includes('ledger'))) {
    it(`context(): ${what} → PolicyInputError naming ${fieldPrefix}`, () => {
      let thrown: unknown;
      try {
        m.context(make() as { asOf: string });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(m.PolicyInputError);
      expect((thrown as { errors: InputErrorOut[] }).errors.some((e) => e.field.startsWith(fieldPrefix))).toBe(true);
    });
  }
  it('decide() and explain() with what prepare() and context() did not make → PolicyInputError naming it', () => {
    const p = m.prepare(SUBJECT, OK_FACTS);
    if (!p.ok) throw new Error('OK_FACTS are valid');
    const ctx = m.context({ asOf: '2025-06-01' });
    expect(m.decide(p.subject, ctx).find((d) => d.benefit === '企业认定奖励')).toEqual({ benefit: '企业认定奖励', status: 'eligible', fen: 4000000, code: null });
    for (const [subject, context, field] of [
      [null, ctx, 'subject'],
      [{ ...p.subject }, ctx, 'subject'],
      [p.subject, null, 'context'],
      [p.subject, { asOf: '2025-06-01' }, 'context'],
    ] as const) {
      for (const call of [() => m.decide(subject as object, context as object), () => m.explain(subject as object, context as object)]) {
        let thrown: unknown;
        try {
          call();
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(m.PolicyInputError);
        expect((thrown as { errors: InputErrorOut[] }).errors.map((e) => e.field)).toContain(field);
      }
    }
  });

  it('validateLedger(): a getter that throws inside an entry names the entry field', () => {
    const entry = Object.defineProperty({ benefit: '企业认定奖励', date: '2025-03-01' }, 'amount', { enumerable: true, get: () => { throw new Error('x'); } });
    const r = m.validateLedger([entry], 'en');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['ledger[0].amount']);
  });

  // npm test: 5 MB and 20,000 keys; npm run test:deep (HOSTILE_FULL=1): 50 MB and 200,000 (25 s of npm test at load 10).
  const FULL = !!process.env['HOSTILE_FULL'];
  const KEYS = FULL ? 200_000 : 20_000;
  it(`a ${FULL ? 50 : 5} MB value and ${KEYS.toLocaleString('en')} unknown keys give bounded messages`, () => {
    const big = m.validate(SUBJECT, { 年度自主认定人次: 'x'.repeat(FULL ? 50e6 : 5e6) }, 'en');
    expect(big.ok).toBe(false);
    if (!big.ok) expectBounded(big.errors);
    const many = m.validate(SUBJECT, manyKeys(KEYS), 'en');
    expect(many.ok).toBe(false);
    if (!many.ok) {
      expect(many.errors).toHaveLength(KEYS);
      expectBounded(many.errors.slice(0, 10));
    }
  });

  it('plain input still works the same', () => {
    const r = m.validate(SUBJECT, OK_FACTS, 'en');
    expect(r.ok).toBe(true);
    const d = m.evaluate(SUBJECT, OK_FACTS, { asOf: '2025-06-01' });
    expect(d.total).toBe('40000.00');
  });
});
