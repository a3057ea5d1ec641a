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
import { commentText, lit } from './names.ts';

/**
 * The statements that check one present (not null) value `v` of fact `k` and put it in `facts`, or return undefined.
 * `shared(value)` names a module constant holding that value (an enum or level value: one object for every subject
 * that gives it, so a reason that shows it is found by the value itself, decide.ts TableNaming.failed).
 */
function factCheck(subject: string, fact: string, spec: FactSpec, schema: InputSchema, indent: string, shared: (value: string) => string): string[] {
  const general = `!R.checkInto(facts, ${lit(subject)}, k, v)`;
  switch (spec.k) {
    case 'bool':
      return [`${indent}if (typeof v !== 'boolean') return undefined;`, `${indent}facts.set(k, v ? V.TRUE : V.FALSE);`];
    case 'quantity': {
      // A safe whole number: the exact integer (input.ts exactNumber), unless a range or a rank (名, from 1) needs more.
      if (spec.q.range) return [`${indent}if (${general}) return undefined;`];
      const low = spec.q.rank ? 1 : 0;
      // Money also as a plain decimal text ("1500.50"), as an office exports it: Runtime.decimalText, else input.ts.
      const text = spec.q.money && !spec.q.rank ? [`${indent}else if (typeof v === 'string' && (r = R.decimalText(v, 2)) !== undefined) facts.set(k, { t: 'num', v: r });`] : [];
      return [
        // Small whole numbers (counts, ages, years) are shared values (Runtime.wholeValue).
        `${indent}if (typeof v === 'number' && Number.isSafeInteger(v) && v >= ${low}) facts.set(k, v < R.WHOLE_SHARED ? R.wholeValue(v) : { t: 'num', v: { n: BigInt(v), d: 1n } });`,
        ...text,
        `${indent}else if (${general}) return undefined;`,
      ];
    }
    case 'enum': {
      const values = [...(schema.enums.get(spec.of)?.values.keys() ?? [])];
      if (values.length === 0) return [`${indent}if (${general}) return undefined;`];
      const out: string[] = [];
      values.forEach((x, i) => out.push(`${indent}${i ? 'else ' : ''}if (v === ${lit(x)}) facts.set(k, ${shared(`{ t: 'enum', name: ${lit(x)} }`)});`));
      out.push(`${indent}else if (${general}) return undefined;`);
      return out;
    }
    case 'level': {
      // Each level by its declared name (aliases and spaces: input.ts).
      const levels = [...(schema.levels.get(spec.of)?.byName ?? [])].filter(([name, l]) => name === l.name);
      const out: string[] = [];
      levels.forEach(([name, l], i) => out.push(`${indent}${i ? 'else ' : ''}if (v === ${lit(name)}) facts.set(k, ${shared(`{ t: 'level', name: ${lit(name)}, rank: ${l.rank} }`)});`));
      out.push(`${indent}${levels.length ? 'else ' : ''}if (${general}) return undefined;`);
      return out;
    }
    case 'date':
      return [`${indent}if (typeof v === 'string' && Dates.isValidIsoDate(v)) facts.set(k, { t: 'date', v });`, `${indent}else if (${general}) return undefined;`];
    case 'text':
      return [`${indent}if (typeof v === 'string' && v !== '' && v.trim() === v) facts.set(k, { t: 'str', v });`, `${indent}else if (${general}) return undefined;`];
    case 'perLevel': {
      // Whole numbers by level name or alias (Runtime.levelCounts); any other form: input.ts.
      if (spec.q.range) return [`${indent}if (${general}) return undefined;`];
      return [
        `${indent}if ((w = R.levelCounts(v, ${lit(spec.of)}, ${spec.q.rank ? 1 : 0})) !== undefined) facts.set(k, w);`,
        `${indent}else if (${general}) return undefined;`,
      ];
    }
    case 'derived':
    case 'unknown':
      // Never taken (derived: P3011, whatever its value): checkFacts names it.
      return [`${indent}return undefined;`];
    default:
      // 按等级的数量, 名单, a catalogue: input.ts checks them.
      void fact;
      return [`${indent}if (${general}) return undefined;`];
  }
}

/** The compiled check of one subject type's facts, as the function `name`. */
export function checkFunction(name: string, subject: string, facts: ReadonlyMap<string, FactSpec>, schema: InputSchema): string[] {
  const head = [
    `/**`,
    ` * ${commentText(subject)}'s JSON facts checked in one pass, compiled from the input schema: the facts input.ts \`checkFacts\``,
    ` * makes of them, or undefined when a key is not one of its facts or a value is refused (\`checkFacts\` then names every error).`,
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
    cases.push(...factCheck(subject, fact, spec, schema, '        ', shared));
    cases.push('        break;');
  }
  const text = cases.join('\n');
  const out: string[] = [
    ...[...constants].map(([value, c]) => `const ${c}: Value = ${value};`),
    ...head,
    '  const facts = new Map<string, Value>();',
    // The results of the helpers that check a form and make its value in one call (decimalText, levelCounts).
    ...(text.includes('(r = ') ? ['  let r: Rational.Rat | undefined;'] : []),
    ...(text.includes('(w = ') ? ['  let w: Value | undefined;'] : []),
    '  const keys = Object.keys(raw);',
    '  for (let i = 0; i < keys.length; i++) {',
    '    const k = keys[i]!;',
    '    const v = raw[k];',
    '    switch (k) {',
    ...cases,
  ];
  out.push('      default:', '        return undefined;', '    }', '  }', '  return facts;', '}', '');
  return out;
}
