// The JSON Schema of a policy's inputs is valid draft 2020-12, carries the
// Chinese and English labels, and is never more lenient than the validator:
// whatever the schema accepts, validate() accepts too.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Ajv2020Module from 'ajv/dist/2020.js';
import { emitSchema } from '../../compiler/emit/index.ts';
import { validateFacts, validateLedger } from '../../compiler/facts.ts';
import { inputArb } from './arbitraries.ts';
import { allPolicies, compiled, nameOf } from './helpers.ts';

// npm test: 500 requests; npm run test:deep: 1,500.
const SCHEMA_RUNS = Number(process.env['SCHEMA_RUNS'] ?? 500);

type Schema = { $defs: Record<string, { title?: string; description?: string; properties?: Record<string, { title?: string; description?: string }> }> };

// ajv is CommonJS: under NodeNext its default export is the module object.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as unknown as typeof Ajv2020Module.default;

function ajv() {
  return new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
}

/** A calendar-invalid date (2025-02-30) has the right shape; only the validator knows calendars. */
const DATE_SHAPE = /^\s*\d{4}(-|年)\d{1,2}(-|月)\d{1,2}日?\s*$/;

describe.each(allPolicies().map((p) => [nameOf(p), p]))('JSON Schema: %s', (_name, path) => {
  it('is a valid draft 2020-12 schema with labels in both languages', () => {
    const { model } = compiled(path);
    const schema = emitSchema(model) as Schema;
    const validate = ajv().compile(schema);
    expect(typeof validate).toBe('function');
    for (const [name, s] of model.subjects) {
      const def = schema.$defs[`facts.${name}`]!;
      expect(def.title).toBe(s.label?.zh ?? name);
      expect(def.description).toBe(s.label?.en ?? s.label?.zh ?? name);
      for (const [fname, f] of s.facts) {
        if (f.derived) {
          expect(def.properties?.[fname]).toBeUndefined();
          continue;
        }
        expect(def.properties?.[fname]?.title).toBe(f.label?.zh ?? fname);
        expect(def.properties?.[fname]?.description).toBe(f.label?.en ?? f.label?.zh ?? fname);
      }
    }
  });

  it('accepts the examples of the policy', () => {
    const { model } = compiled(path);
    const validate = ajv().compile(emitSchema(model));
    for (const b of model.benefits) {
      for (const ex of b.examples) {
        const ok = validate({ subject: b.subjects[0], facts: ex.facts, asOf: ex.asOf ?? model.header.effective });
        expect(ok, `${b.id} ${ex.label?.zh}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
  });

  it('is never more lenient than the validator', () => {
    const { model } = compiled(path);
    const validate = ajv().compile(emitSchema(model));
    let accepted = 0;
    fc.assert(
      fc.property(inputArb(model), (input) => {
        const request = JSON.parse(JSON.stringify({ subject: input.subject, facts: input.facts, asOf: input.asOf, ledger: input.ledger ?? null })) as {
          facts: Record<string, unknown>;
          ledger: unknown;
        };
        if (!validate(request)) return;
        accepted++;
        const facts = validateFacts(model, input.subject, request.facts);
        const ledger = validateLedger(model, request.ledger);
        // Beyond the schema's reach: a calendar-invalid date of the right shape, and a reviewed amount (核定) outside the
        // range the text states (a numeric range over decimal strings; the schema says it in a $comment).
        const errors = [...(facts.ok ? [] : facts.errors), ...(ledger.ok ? [] : ledger.errors)].filter(
          (e) => !(e.code === 'P3006' && DATE_SHAPE.test(JSON.parse(e.args['found'] ?? '""') as string)) && e.code !== 'P3030',
        );
        expect(errors).toEqual([]);
      }),
      { numRuns: SCHEMA_RUNS },
    );
    expect(accepted).toBeGreaterThan(SCHEMA_RUNS / 15);
  }, 60_000);
});
