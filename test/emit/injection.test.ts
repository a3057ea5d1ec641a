// Strings and names from a policy can never inject code into the generated
// module or break it: titles, labels, clauses and names with quotes,
// backslashes, `*/`, `${}`, newlines and U+2028 come out exactly as written,
// and names that are special in JavaScript (__proto__, constructor,
// toString) or not valid identifiers work as any other.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { evaluate } from '../../compiler/evaluate.ts';
import { validateFacts } from '../../compiler/facts.ts';
import { commentText, identPart, isPlainIdentifier, lit, Namer } from '../../compiler/emit/names.ts';
import { codeOnly, compiled, INJECTION, loadGenerated, writeGenerated, type Generated } from './helpers.ts';

const HOSTILE = ['"', "'", '\\', '*/', '/*', '${x}', '`', '\n', '\r', '\u2028', '\u2029', '</script>', '\ud800', '\u0000', '//'];

describe('names.ts', () => {
  it('lit() is a string literal with the same value', () => {
    for (const s of [...HOSTILE, HOSTILE.join(''), '普通文字']) {
      const l = lit(s);
      expect(JSON.parse(l)).toBe(s);
      expect(l).not.toMatch(/[\n\r\u2028\u2029]/);
    }
  });
  it('commentText() cannot end a comment or a line', () => {
    for (const s of [...HOSTILE, HOSTILE.join('')]) expect(commentText(s)).not.toMatch(/\*\/|[\n\r\u2028\u2029]/);
  });
  it('identifiers are plain and unique', () => {
    const namer = new Namer(['evaluate']);
    const names = ['甲⃝', '甲⃞', 'a-b', 'a_b', '甲·乙', 'x\u{1F600}', 'evaluate'].map((n) => namer.name('benefit_', n));
    for (const n of names) expect(isPlainIdentifier(n)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect(namer.name('', 'evaluate')).toBe('evaluate_2');
    expect(identPart('a"b*/c')).toBe('a_b__c');
  });
});

describe('a policy full of hostile strings and names', () => {
  let G: Generated;
  beforeAll(async () => {
    delete (globalThis as Record<string, unknown>)['__pwned'];
    G = await loadGenerated(INJECTION);
  });

  it('compiles without errors', () => {
    expect(compiled(INJECTION).hasErrors).toBe(false);
  });

  it('runs no injected code, and gives the reference decisions for every subject', () => {
    const { model } = compiled(INJECTION);
    const facts = { constructor: true, 级别: 'constructor', 类: 'toString', 金额数: '1.50', x: true, y: true };
    for (const subject of G.SUBJECT_TYPES) {
      const own = Object.fromEntries(Object.entries(facts).filter(([k]) => model.subjects.get(subject)!.facts.has(k)));
      const json = JSON.parse(JSON.stringify(own)) as Record<string, unknown>;
      const ref = validateFacts(model, subject, json);
      if (!ref.ok) throw new Error(JSON.stringify(ref.errors));
      for (const lang of ['zh', 'en'] as const) {
        const expected = evaluate(model, subject, ref.facts, { asOf: '2025-06-01', lang, trace: true });
        expect(G.evaluate(subject, json, { asOf: '2025-06-01', lang, trace: true })).toEqual(expected);
      }
    }
    expect((globalThis as Record<string, unknown>)['__pwned']).toBeUndefined();
  });

  it('keeps every string exactly as written', () => {
    const { model } = compiled(INJECTION);
    const policy = G['policy'] as { title: { zh: string; en: string }; docNumber: string; benefits: { id: string; clause: string; title: { zh: string; en: string } }[] };
    expect(policy.title.zh).toBe(model.header.title!.zh);
    expect(policy.title.en).toBe(model.header.title!.en);
    expect(policy.title.zh).toContain('\u2028');
    expect(policy.title.zh).toContain('${globalThis.__pwned = 1}');
    expect(policy.docNumber).toBe(model.header.docNumber);
    expect(policy.benefits.map((b) => [b.id, b.clause, b.title.zh, b.title.en])).toEqual(
      model.benefits.map((b) => [b.id, b.clause, b.label?.zh ?? b.id, b.label?.en ?? b.label?.zh ?? b.id]),
    );
    const d = G.evaluate('__proto__', JSON.parse('{"constructor": true}'), { asOf: '2025-06-01' });
    const toString = d.benefits.find((b) => b.id === 'toString')!;
    expect(toString).toMatchObject({ status: 'eligible', amount: '100.00', clause: model.benefits[0]!.clause, fund: model.funds.get('F')!.label!.zh });
  });

  it('names special in JavaScript are ordinary facts, subjects and benefits', () => {
    // `__proto__` as a subject and as a JSON key, `constructor` as a fact, `toString` as a benefit and enum value.
    const bad = G.validate('__proto__', JSON.parse('{"__proto__": 1}'));
    expect(bad).toMatchObject({ ok: false, errors: [{ code: 'P3001', field: '__proto__' }] });
    const ok = G.validate('__proto__', JSON.parse('{"constructor": true, "类": " toString "}'));
    expect(ok.ok && Object.keys(ok.facts)).toEqual(['constructor', '类']);
    expect(ok.ok && Object.getPrototypeOf(ok.facts)).toBe(Object.prototype);
    expect(G.validateLedger([{ benefit: 'toString', date: '2025-01-01', amount: 1 }])).toEqual({ ok: true, ledger: [{ benefit: 'toString', date: '2025-01-01', amount: '1.00' }] });
    expect(G.validateLedger([{ benefit: 'hasOwnProperty', date: '2025-01-01', amount: 1 }])).toMatchObject({ ok: false, errors: [{ code: 'P3009' }] });
    expect(typeof G['evaluate___proto__']).toBe('function');
    // Two names that sanitise to the same identifier get distinct functions.
    expect(typeof G['evaluate_甲_']).toBe('function');
    expect(typeof G['evaluate_甲__2']).toBe('function');
  });

  it('puts policy text in comments only in a form that cannot end them', () => {
    const code = readFileSync(writeGenerated(INJECTION), 'utf8');
    for (const line of code.split('\n')) {
      const at = line.indexOf('//');
      if (line.trimStart().startsWith('//')) expect(line.slice(at)).not.toMatch(/[\u2028\u2029\r]/);
    }
    expect(code).not.toMatch(/[\u2028\u2029]/);
    // Outside comments and string literals, nothing of the policy's text is left: the injected code is inert.
    const bare = codeOnly(code);
    expect(bare).not.toContain('__pwned');
    expect(bare).not.toContain('*/');
    expect(bare).toContain('function benefit_toString(x: Ctx): Steps.Decided {');
  });
});
