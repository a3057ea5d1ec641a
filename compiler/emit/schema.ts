// JSON Schema (draft 2020-12) of a policy's inputs: the facts of each subject
// type, the ledger of payments already made, the external parameters, and a
// request combining them. Titles are the Chinese labels, descriptions the
// English ones, so form generators and API docs can show either.
//
// The schema describes the canonical spellings. The validator in the
// generated module (and compiler/facts.ts) is slightly more lenient: it also
// trims spaces around level and enum names. Anything the schema accepts, the
// validator accepts.
import type { Label } from '../../grammar/ast.ts';
import type { Fact, Model, ParamKey, Type, Unit } from '../model.ts';
import { ledgerKeyTypes } from '../facts.ts';
import { labelText } from '../render.ts';
import { ratToString } from '../rational.ts';
import { isCountUnit, isMoney, isRankUnit, unitText } from '../units.ts';

type Schema = Record<string, unknown>;

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const DATE_PATTERN = '^\\s*\\d{4}(-|年)\\d{1,2}(-|月)\\d{1,2}日?\\s*$';
const MONEY_PATTERN = '^\\s*\\d+(\\.\\d{1,2})?\\s*$';
/** 名: a place in a ranking, from 1 (leading zeros and spaces allowed, as the validator trims and reads them). */
const RANK_PATTERN = '^\\s*0*[1-9][0-9]*(\\.0{1,6})?\\s*$';
const COUNT_PATTERN = '^\\s*\\d+(\\.0{1,6})?\\s*$';
const DECIMAL_PATTERN = '^\\s*\\d+(\\.\\d{1,6})?\\s*$';

/** title (Chinese) and description (English), falling back to the name. */
function labelled(l: Label | undefined, name: string): Schema {
  return { title: labelText(l, 'zh', name), description: labelText(l, 'en', name) };
}

/** A JSON pointer to `$defs/<key>`, percent-encoded for use in `$ref`. */
const ref = (key: string): Schema => ({ $ref: `#/$defs/${encodeURIComponent(key.replace(/~/g, '~0').replace(/\//g, '~1'))}` });

/**
 * Numbers: money only as decimal strings (a JS number never holds yuan); other quantities as whole JSON
 * numbers or decimal strings.
 */
function quantity(u: Unit, nullable: boolean): Schema {
  const kind = isMoney(u) ? 'money' : isCountUnit(u) ? 'count' : 'other';
  const types = kind === 'money' ? ['string'] : ['integer', 'string'];
  const pattern = kind === 'money' ? MONEY_PATTERN : isRankUnit(u) ? RANK_PATTERN : kind === 'count' ? COUNT_PATTERN : DECIMAL_PATTERN;
  return {
    type: nullable ? [...types, 'null'] : types,
    ...(kind !== 'money' && { minimum: isRankUnit(u) ? 1 : 0, maximum: Number.MAX_SAFE_INTEGER }),
    pattern,
    $comment:
      kind === 'money'
        ? '元: a decimal string with at most two decimals, e.g. "1500.00"'
        : kind === 'count'
          ? `${unitText(u, 'en')}: a whole number`
          : `${unitText(u, 'en')}: a whole number, or a decimal string with at most six decimals`,
  };
}

/**
 * A reviewed amount (核定 20万元至500万元): its range is checked by the validator (P3030); a range over decimal strings is
 * not expressible in JSON Schema, so the schema states it in words, as it does a date's calendar.
 */
function reviewedComment(f: Fact): Schema {
  const r = f.reviewed;
  if (!r?.low || !r.high) return {};
  return { $comment: `元: a decimal string with at most two decimals, set case by case by the office within ${ratToString(r.low, 2)} to ${ratToString(r.high, 2)} yuan (both included; outside: P3030)` };
}

/** A fact given in a declared multiple (出口额：万美元): its values are in that unit, not the base unit. */
function givenInComment(f: Fact): Schema {
  const g = f.givenIn;
  if (!g) return {};
  const money = f.type.kind === 'quantity' && isMoney(f.type.unit);
  return { $comment: `${g.en ?? g.unit} (${g.unit}, ${ratToString(g.scale, 12)} ${f.type.kind === 'quantity' ? unitText(f.type.unit, 'en') : ''} each): ${money ? 'a decimal string with at most two decimals' : 'a whole number, or a decimal string with at most six decimals'}` };
}

function levelSpellings(model: Model, of: string): string[] {
  const lt = model.levels.get(of);
  return lt ? [...new Set(lt.levels.flatMap((l) => [l.name, ...l.aliases]))] : [];
}

function factSchema(model: Model, t: Type): Schema {
  switch (t.kind) {
    case 'bool':
      return { type: ['boolean', 'null'] };
    case 'date':
      return { type: ['string', 'null'], pattern: DATE_PATTERN, $comment: 'yyyy-mm-dd (or 2025年3月1日)' };
    case 'quantity':
      return quantity(t.unit, true);
    case 'level':
      return { anyOf: [ref(`level.${t.of}`), { type: 'null' }] };
    case 'enum':
      return { anyOf: [ref(`enum.${t.of}`), { type: 'null' }] };
    case 'perLevel':
      return {
        type: ['object', 'null'],
        propertyNames: { enum: levelSpellings(model, t.of) },
        additionalProperties: quantity(t.unit, false),
        $comment: `${unitText(t.unit, 'en')} for each level of ${t.of}`,
      };
    case 'text':
      return { type: ['string', 'null'], pattern: '\\S', $comment: 'free text, not empty' };
    case 'list':
      return { type: ['array', 'null'], items: ref(`facts.${t.of}`), $comment: `the members, each with the facts of ${t.of}` };
    case 'unknown':
      return { not: {} };
  }
}

/** A keyed parameter (a catalogue): one object level per key (level, enum or any text), quantities at the leaves. */
function keyedSchema(model: Model, keys: readonly ParamKey[], unit: Unit): Schema {
  const [k, ...rest] = keys;
  if (!k) return quantity(unit, false);
  const names = k.kind === 'level' ? levelSpellings(model, k.of) : k.kind === 'enum' ? (model.enums.get(k.of)?.values.map((v) => v.name) ?? []) : undefined;
  return {
    type: ['object', 'null'],
    ...(names && { propertyNames: { enum: names } }),
    additionalProperties: keyedSchema(model, rest, unit),
    $comment: `keyed by ${k.kind === 'text' ? 'any text' : k.of}`,
  };
}

/** The JSON Schema of the facts of each subject, the ledger, the parameters and a whole request. */
export function emitSchema(model: Model): Schema {
  const defs: [string, Schema][] = [];
  for (const [name, lt] of model.levels) {
    defs.push([
      `level.${name}`,
      {
        ...labelled(lt.label, name),
        $comment: `ordered, lowest first: ${lt.levels.map((l) => l.name).join(' < ')}; aliases are accepted`,
        enum: levelSpellings(model, name),
      },
    ]);
  }
  for (const [name, et] of model.enums) {
    defs.push([`enum.${name}`, { ...labelled(et.label, name), anyOf: et.values.map((v) => ({ const: v.name, ...labelled(v.label, v.name) })) }]);
  }
  for (const [name, s] of model.subjects) {
    defs.push([
      `facts.${name}`,
      {
        ...labelled(s.label, name),
        type: 'object',
        // Derived facts are computed, never supplied: they are not properties, so additionalProperties rejects them.
        properties: Object.fromEntries(
          [...s.facts].filter(([, f]) => !f.derived).map(([fname, f]) => [fname, { ...labelled(f.label, fname), ...factSchema(model, f.type), ...reviewedComment(f), ...givenInComment(f) }]),
        ),
        additionalProperties: false,
        $comment: 'every fact is optional; an absent or null fact is unknown and may leave a benefit undetermined',
      },
    ]);
  }
  defs.push([
    'date',
    { title: '日期', description: 'a date, yyyy-mm-dd (or 2025年3月1日)', type: 'string', pattern: DATE_PATTERN },
  ]);
  defs.push([
    'ledgerEntry',
    {
      title: '已领记录',
      description: 'a payment already made',
      type: 'object',
      properties: {
        benefit: {
          title: '待遇',
          description: 'benefit',
          anyOf: model.benefits.map((b) => ({
            const: b.id,
            title: `${b.clause ? b.clause + ' ' : ''}${labelText(b.label, 'zh', b.id)}`,
            description: labelText(b.label, 'en', b.id),
          })),
        },
        date: { ...ref('date'), title: '发放日期', description: 'date paid' },
        amount: { ...quantity({ yuan: 1 }, false), title: '金额（元）', description: 'amount in yuan' },
        key: {
          title: '限一次的事实取值',
          description: 'for 限一次 / 每年限一次 (required there): the values of the listed facts when it was paid',
          type: 'object',
          additionalProperties: { type: ['string', 'number', 'boolean'] },
        },
      },
      required: ['benefit', 'date', 'amount'],
      // A benefit paid once per occasion needs the facts that identify the occasion, and only those; others take none.
      ...(model.benefits.length && {
        allOf: model.benefits.map((b) => {
          const kt = ledgerKeyTypes(model, b);
          return {
            if: { properties: { benefit: { const: b.id } }, required: ['benefit'] },
            then: kt.size
              ? {
                  properties: {
                    key: { type: 'object', properties: Object.fromEntries([...kt].map(([f, t]) => [f, factSchema(model, t)])), required: [...kt.keys()], additionalProperties: false },
                  },
                  required: ['key'],
                }
              : { properties: { key: { type: 'object', maxProperties: 0 } } },
          };
        }),
      }),
    },
  ]);
  defs.push(['ledgerEntries', { type: 'array', items: ref('ledgerEntry') }]);
  defs.push([
    'ledger',
    {
      title: '台账',
      description: 'payments already made: payment frequency (发放), 限一次, running totals (累计) and annual caps count them; none may be dated after asOf',
      anyOf: [{ type: 'null' }, ref('ledgerEntries'), { type: 'object', properties: { entries: ref('ledgerEntries') }, required: ['entries'] }],
    },
  ]);
  defs.push([
    'params',
    {
      title: '按规定确定的金额',
      description: 'amounts set by other rules (按规定)',
      type: ['object', 'null'],
      properties: Object.fromEntries(
        [...model.params].map(([name, p]) => [name, { ...labelled(p.label, name), ...(p.type.kind === 'quantity' ? (p.keys ? keyedSchema(model, p.keys, p.type.unit) : quantity(p.type.unit, true)) : {}) }]),
      ),
      additionalProperties: false,
    },
  ]);
  const subjects = [...model.subjects.keys()];
  const title = [model.header.docNumber, model.header.title?.zh].filter(Boolean).join(' ');
  return {
    $schema: DRAFT,
    title: title || 'policy',
    description: `${model.header.title?.en ? model.header.title.en + '. ' : ''}Inputs of the policy evaluator: a request names a subject type and gives its facts; $defs holds the facts of each subject type, the ledger and the parameters.`,
    type: 'object',
    properties: {
      subject: { title: '申请对象类型', description: 'subject type', enum: subjects },
      facts: { title: '事实', description: 'facts of the subject', type: 'object' },
      asOf: { ...ref('date'), title: '评估日期', description: 'as-of date' },
      ledger: ref('ledger'),
      params: ref('params'),
      lang: { enum: ['zh', 'en'] },
    },
    required: ['subject', 'facts'],
    allOf: subjects.map((s) => ({
      if: { properties: { subject: { const: s } }, required: ['subject'] },
      then: { properties: { facts: ref(`facts.${s}`) } },
    })),
    $defs: Object.fromEntries(defs),
  };
}
