// The compiled input check of a generated evaluator: one function per subject type, written from the same input
// schema the reference checks against (compiler/facts.ts inputSchema, compiler/input.ts checkFacts), that reads a
// subject's JSON facts in one pass — a `switch` on the key, then straight-line checks of that fact's declared type.
//
// It has no error semantics of its own. The common forms (a boolean, a safe whole number for a quantity, money as a
// plain decimal text, a per-level count of whole numbers, an enum or level value spelt exactly as declared, an ISO
// date, a trimmed text) become the Value input.ts makes of them; any
// other form of a declared fact is checked by input.ts's own `checkValue` (Runtime.checkInto); and anything that is
// not a fact it may take (a key the subject type does not have, a derived fact) or a value input.ts refuses makes it
// answer `undefined`, for the caller to run `checkFacts`, which names every error at its field. So it accepts exactly
// what `checkFacts` accepts, and builds the same facts in the same order (test/emit/compiled-check.test.ts checks
// both on random and hostile input, for every policy and fixture).
import type { FactSpec, InputSchema } from '../input.ts';
import { fieldType, type FieldKind } from './fast.ts';
import { commentText, lit, propKey } from './names.ts';

/**
 * Where a fact's value goes in the typed record the check builds beside the facts (the record the subject type's
 * `typed_…` reader makes of the facts; `decide.ts` quickOf takes it instead of reading the facts again): the variable
 * that holds it, and how the record holds it. Null: the fact is not in the record.
 */
interface TypedSlot {
  readonly v: string;
  readonly k: FieldKind;
}

/**
 * The statements that check one present (not null) value `v` of fact `k` and put it in `facts`, or return undefined.
 * `shared(value)` names a module constant holding that value (an enum or level value: one object for every subject
 * that gives it, so a reason that shows it is found by the value itself, decide.ts TableNaming.failed).
 */
function factCheck(subject: string, fact: string, spec: FactSpec, schema: InputSchema, indent: string, shared: (value: string) => string, slot: TypedSlot | null): string[] {
  // A value left to input.ts: the typed record is then the reader's (typed_…) — unless the fact is not in it.
  const general = slot ? `${indent}else if (R.checkInto(facts, ${lit(subject)}, k, v)) exact = false;\n${indent}else return undefined;` : `${indent}else if (!R.checkInto(facts, ${lit(subject)}, k, v)) return undefined;`;
  const only = slot ? `${indent}if (R.checkInto(facts, ${lit(subject)}, k, v)) exact = false;\n${indent}else return undefined;` : `${indent}if (!R.checkInto(facts, ${lit(subject)}, k, v)) return undefined;`;
  // `set` puts the value in the facts and, when the fact is in the typed record, `typed` (what its reader makes of it) in
  // its variable; `false`: the value in the record is left to the reader.
  const put = (set: string, typed: string | false | null): string =>
    !slot || typed === null ? `${set};` : typed === false ? `{ ${set}; exact = false; }` : `{ ${set}; ${slot.v} = ${typed}; }`;
  const kind = slot?.k.k;
  switch (spec.k) {
    case 'bool':
      return [`${indent}if (typeof v !== 'boolean') return undefined;`, `${indent}facts.set(k, v ? V.TRUE : V.FALSE);`, ...(kind === 'bool' ? [`${indent}${slot!.v} = v;`] : [])];
    case 'quantity': {
      // A safe whole number up to 10^12 (input.ts MAX_NUMBER; above it P3533): the exact integer (input.ts exactNumber),
      // unless a range or a rank (名, from 1) needs more.
      if (spec.q.range) return [only];
      const low = spec.q.rank ? 1 : 0;
      // Money also as a plain decimal text ("1500.50"), as an office exports it: Runtime.decimalText, else input.ts. In the
      // record: the exact value times its scale (Runtime.ratScaled; undefined where the reader refuses it).
      const scaledText = slot?.k.k === 'num' ? `{ facts.set(k, { t: 'num', v: r }); if ((${slot.v} = R.ratScaled(r, ${slot.k.scale}n)) === undefined) exact = false; }` : "facts.set(k, { t: 'num', v: r });";
      const text = spec.q.money && !spec.q.rank ? [`${indent}else if (typeof v === 'string' && (r = R.decimalText(v, 2)) !== undefined) ${scaledText}`] : [];
      // In the record: the whole number times its scale (+ 0: -0 read as 0, as Runtime.scaled reads it); beyond the safe
      // integers the reader refuses it (Inexact), so the record is left to the reader (Runtime.wholeScaled: undefined).
      const scale = slot?.k.k === 'num' ? slot.k.scale : null;
      const whole = `facts.set(k, v < R.WHOLE_SHARED ? R.wholeValue(v) : { t: 'num', v: { n: BigInt(v), d: 1n } })`;
      const first =
        scale === null
          ? `${indent}if (typeof v === 'number' && Number.isSafeInteger(v) && v >= ${low} && v <= 1e12) ${put(whole, null)}`
          : scale === 1n
            ? `${indent}if (typeof v === 'number' && Number.isSafeInteger(v) && v >= ${low} && v <= 1e12) ${put(whole, 'v + 0')}`
            : `${indent}if (typeof v === 'number' && Number.isSafeInteger(v) && v >= ${low} && v <= 1e12) { ${whole}; if ((${slot!.v} = R.wholeScaled(v, ${scale}n)) === undefined) exact = false; }`;
      return [
        // Small whole numbers (counts, ages, years) are shared values (Runtime.wholeValue).
        first,
        ...text,
        general,
      ];
    }
    case 'enum': {
      const values = [...(schema.enums.get(spec.of)?.values.keys() ?? [])];
      if (values.length === 0) return [only];
      const out: string[] = [];
      // In the record: the value's ordinal, its place in the enum's declaration (Runtime.ordinal).
      values.forEach((x, i) => out.push(`${indent}${i ? 'else ' : ''}if (v === ${lit(x)}) ${put(`facts.set(k, ${shared(`{ t: 'enum', name: ${lit(x)} }`)})`, kind === 'enum' ? String(i) : null)}`));
      out.push(general);
      return out;
    }
    case 'level': {
      // Each level by its declared name (aliases and spaces: input.ts); in the record, its rank.
      const levels = [...(schema.levels.get(spec.of)?.byName ?? [])].filter(([name, l]) => name === l.name);
      const out: string[] = [];
      levels.forEach(([name, l], i) => out.push(`${indent}${i ? 'else ' : ''}if (v === ${lit(name)}) ${put(`facts.set(k, ${shared(`{ t: 'level', name: ${lit(name)}, rank: ${l.rank} }`)})`, kind === 'level' ? String(l.rank) : null)}`));
      out.push(levels.length ? general : only);
      return out;
    }
    case 'date':
      return [`${indent}if (typeof v === 'string' && Dates.isValidIsoDate(v)) ${put("facts.set(k, { t: 'date', v })", kind === 'date' ? 'v' : null)}`, general];
    case 'text':
      return [`${indent}if (typeof v === 'string' && v !== '' && v.trim() === v) ${put("facts.set(k, { t: 'str', v })", kind === 'text' ? 'v' : null)}`, general];
    case 'perLevel': {
      // Whole numbers by level name or alias (Runtime.levelCounts); any other form: input.ts. In the record: the counts
      // by rank (Runtime.perLevel; at a scale other than 1 left to the reader, which may refuse them).
      if (spec.q.range) return [only];
      const typed = slot?.k.k === 'perLevel' ? (slot.k.scale === 1n ? `R.perLevel(w, ${lit(slot.k.of)}, 1n)` : false) : null;
      return [
        `${indent}if ((w = R.levelCounts(v, ${lit(spec.of)}, ${spec.q.rank ? 1 : 0})) !== undefined) ${put('facts.set(k, w)', typed)}`,
        general,
      ];
    }
    case 'derived':
    case 'unknown':
      // Never taken (derived: P3011, whatever its value): checkFacts names it.
      return [`${indent}return undefined;`];
    default:
      // 按等级的数量, 名单, a catalogue: input.ts checks them.
      void fact;
      return [only];
  }
}

/**
 * The compiled check of one subject type's facts, as the function `name`. With `fields` (the subject type's typed record,
 * compiler/emit/fast.ts), it also builds that record in the same pass, as the type's reader would make it of the facts,
 * and leaves it in Runtime.CHECKED beside the facts it belongs to — null when a value went to input.ts or does not fit
 * the record, which is then the reader's to make (test/emit/compiled-check.test.ts compares the two).
 */
export function checkFunction(name: string, subject: string, facts: ReadonlyMap<string, FactSpec>, schema: InputSchema, fields?: ReadonlyMap<string, FieldKind>): string[] {
  const slots = new Map<string, TypedSlot>();
  if (fields) for (const [f, k] of fields) if (k.k !== 'none') slots.set(f, { v: `t${slots.size}`, k });
  const typed = fields !== undefined && fields.size > 0;
  const head = [
    `/**`,
    ` * ${commentText(subject)}'s JSON facts checked in one pass, compiled from the input schema: the facts input.ts \`checkFacts\``,
    ` * makes of them, or undefined when a key is not one of its facts or a value is refused (\`checkFacts\` then names every error).`,
    ...(typed ? [` * The typed record of the fast path beside them, in Runtime.CHECKED (null: the reader's to make).`] : []),
    ` */`,
    `function ${name}(raw: Readonly<Record<string, unknown>>): Map<string, Value> | undefined {`,
  ];
  // No fact that may be given (none, or only derived ones): any key is refused.
  if (![...facts.values()].some((spec) => spec.k !== 'derived' && spec.k !== 'unknown'))
    return [...head, '  return Object.keys(raw).length === 0 ? new Map<string, Value>() : undefined;', '}', ''];
  const cases: string[] = [];
  // The enum and level values this check gives, one constant each (by their text: one per distinct value). Named
  // CHECKED_<n>_<function>: the module's Namer gives every other name one of its own prefixes (check_, fast_ …), and
  // adds `_2`, `_3` to tell apart names that sanitise alike, so `check_企业_2` may be another subject type's check.
  const constants = new Map<string, string>();
  const shared = (value: string): string => {
    let c = constants.get(value);
    if (c === undefined) constants.set(value, (c = `CHECKED_${constants.size}_${name}`));
    return c;
  };
  for (const [fact, spec] of facts) {
    if (spec.k === 'derived' || spec.k === 'unknown') continue; // the default: refused whatever its value
    cases.push(`      case ${lit(fact)}:`);
    cases.push('        if (v === null || v === undefined) break;');
    cases.push(...factCheck(subject, fact, spec, schema, '        ', shared, typed ? (slots.get(fact) ?? null) : null));
    cases.push('        break;');
  }
  // Whether a line of the cases uses a helper's result variable (the lines themselves: not joined once more to search them).
  const uses = (v: string): boolean => cases.some((line) => line.includes(v));
  const out: string[] = [
    ...[...constants].map(([value, c]) => `const ${c}: Value = ${value};`),
    ...head,
    '  const facts = new Map<string, Value>();',
    // The results of the helpers that check a form and make its value in one call (decimalText, levelCounts).
    ...(uses('(r = ') ? ['  let r: Rational.Rat | undefined;'] : []),
    ...(uses('(w = ') ? ['  let w: Value | undefined;'] : []),
    // The typed record's fields, each as its reader makes it (undefined: not given); `exact` false: the reader's to make.
    ...(typed ? [...slots.values()].map((s) => `  let ${s.v}: ${fieldType(s.k)};`) : []),
    ...(typed ? ['  let exact = true;'] : []),
    '  const keys = Object.keys(raw);',
    '  for (let i = 0; i < keys.length; i++) {',
    '    const k = keys[i]!;',
    '    const v = raw[k];',
    '    switch (k) {',
    ...cases,
  ];
  out.push('      default:', '        return undefined;', '    }', '  }');
  if (typed) {
    // One literal, its fields in the reader's order: the same shape of record as the reader's.
    const record = [...fields!].map(([f, k]) => `${propKey(f)}: ${k.k === 'none' ? 'undefined' : slots.get(f)!.v}`).join(', ');
    out.push('  R.CHECKED.facts = facts;', `  R.CHECKED.typed = exact ? { ${record} } : null;`);
  }
  out.push('  return facts;', '}', '');
  return out;
}
