// The SQL target of `policy build`: options read and checked here, the SQL
// made by compiler/sql. A construct that cannot be translated is a build
// error naming it (exit 1); a bad --date or --params is an input error (exit 2).
import { readFileSync } from 'node:fs';
import type { Model } from '../model.ts';
import { message } from '../messages.ts';
import { closest } from '../input.ts';
import { normaliseDate, type InputError } from '../facts.ts';
import { parseDecimal, type Rat } from '../rational.ts';
import { dialectOf } from '../sql/dialect.ts';
import { ddl } from '../sql/ddl.ts';
import { translate } from '../sql/translate.ts';
import { Untranslatable } from '../sql/expr.ts';
import { flag, inputErrorsText, type CliArgs } from './common.ts';
import { todayIso } from './eval.ts';

export type SqlArtifacts = { ok: true; dialect: string; ddl: string; queries: string } | { ok: false; status: number; error: string };

/** Parameter values from --params (a JSON file or inline JSON), checked against the policy. */
export function readParams(model: Model, text: string | undefined, errors: InputError[]): Record<string, Rat> {
  const params: Record<string, Rat> = {};
  if (!text) return params;
  let raw: unknown;
  try {
    raw = JSON.parse(text.trim().startsWith('{') ? text : readFileSync(text, 'utf8'));
  } catch (e) {
    errors.push({ code: 'P3010', field: '--params', args: { found: (e as Error).message } });
    return params;
  }
  for (const [k, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    const r = typeof v === 'string' || typeof v === 'number' ? parseDecimal(String(v)) : undefined;
    const near = model.params.has(k) ? undefined : closest(k, model.params.keys());
    if (!model.params.has(k)) errors.push({ code: 'P3001', field: `params.${k}`, args: { param: k, ...(near && { near }) } });
    else if (!r || r.n < 0n) errors.push({ code: 'P3007', field: `params.${k}`, args: { found: JSON.stringify(v) } });
    else params[k] = r;
  }
  return params;
}

export function sqlArtifacts(model: Model, args: CliArgs): SqlArtifacts {
  const D = dialectOf(flag(args, 'dialect') ?? 'duckdb')!;
  const errors: InputError[] = [];
  const dateFlag = flag(args, 'date');
  const asOf = dateFlag ? normaliseDate(dateFlag) : todayIso();
  if (!asOf) errors.push({ code: 'P3006', field: '--date', args: { found: dateFlag ?? '' } });
  const params = readParams(model, flag(args, 'params'), errors);
  if (errors.length || !asOf)
    return { ok: false, status: 2, error: inputErrorsText(errors, args.lang) };
  try {
    const queries = translate(model, { dialect: D, asOf, params, lang: args.lang });
    const text = queries.map((q) => `${q.sql};\n`).join('\n');
    return { ok: true, dialect: D.name, ddl: ddl(model, D), queries: text };
  } catch (e) {
    if (e instanceof Untranslatable) return { ok: false, status: 1, error: message('sql.untranslatable', args.lang, { file: '{file}', construct: e.construct, where: e.where }) };
    throw e;
  }
}
