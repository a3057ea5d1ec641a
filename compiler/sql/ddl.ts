// The tables a data team provides: per subject type one table whose columns
// are the facts (plus an id), and one ledger of payments already made. Money is
// DECIMAL(18,2), never DOUBLE; counts are BIGINT; other quantities exact
// decimals with 6 places (what input validation accepts); levels and enums are
// text limited by CHECK to their names; per-level counts are maps.
import type { Fact, Model, Type } from '../model.ts';
import { isMoney, isCountUnit, isRankUnit } from '../units.ts';
import type { Dialect } from './dialect.ts';
import { Untranslatable } from './expr.ts';

export interface TableNames {
  /** The (quoted) table of subjects of a type. */
  subject(type: string): string;
  ledger: string;
  id: string;
  ledgerId: string;
  ledgerBenefit: string;
  ledgerDate: string;
  ledgerAmount: string;
}

/** Default names: a subject type's table is named after it; the ledger is 台账. */
export function tableNames(over: Partial<TableNames> = {}, dialect?: Dialect): TableNames {
  const q = dialect?.ident ?? ((s: string) => `"${s.replaceAll('"', '""')}"`);
  return {
    subject: (t) => q(t),
    ledger: q('台账'),
    id: 'id',
    ledgerId: 'id',
    ledgerBenefit: 'benefit',
    ledgerDate: 'date',
    ledgerAmount: 'amount',
    ...over,
  };
}

/** The facts a ledger entry records (限一次 / 每年限一次 keys, a cap's per-key facts, the 每档一次 bracketed fact): each is a text column `key.<fact>` of the ledger. */
export function ledgerKeyFacts(model: Model): string[] {
  const out = new Set<string>();
  for (const b of model.benefits) {
    for (const k of [...(b.oncePer ?? []), ...(b.oncePerYear ?? [])].flat()) out.add(k.fact);
    // A cap per key (累计不超过：1000万元，项目编号；): each payment records the facts it is counted per.
    if (b.amount) for (const k of [...(b.capKeys?.['annual-cap'] ?? []), ...(b.capKeys?.['cumulative-cap'] ?? [])]) out.add(k.fact);
    // 限一次：N年内 and 每年最多 / 最多: each payment records the facts they count by.
    for (const k of [...(b.oncePerWithin ?? []).flatMap((w) => w.keys), ...(b.distinct ?? []).flatMap((d) => d.keys)]) out.add(k.fact);
    // 每档一次: each payment records the value of the bracketed fact it was paid for.
    if (b.perBracket) out.add(b.perBracket.fact);
  }
  return [...out];
}

/** The SQL type of a stored fact. */
export function columnType(D: Dialect, model: Model, t: Type, where: string): string {
  switch (t.kind) {
    case 'bool':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'quantity':
      return isMoney(t.unit) ? D.money : isCountUnit(t.unit) ? D.count : D.quantity;
    case 'level':
    case 'enum':
    case 'text':
      return D.text;
    case 'perLevel':
      return D.mapOf(isMoney(t.unit) ? D.money : isCountUnit(t.unit) ? D.count : D.quantity);
    case 'list': {
      // 名单: a list of members, each a struct with a field per stored fact of the member's subject type.
      const of = model.subjects.get(t.of);
      if (!of) throw new Untranslatable(`a 名单 of ${t.of}`, where);
      const fields: [string, string][] = [];
      for (const f of of.facts.values()) {
        if (f.derived) continue;
        if (f.type.kind === 'list') throw new Untranslatable(`a 名单 inside a member of a 名单 (${t.of}.${f.name})`, where);
        fields.push([f.name, columnType(D, model, f.type, where)]);
      }
      return D.list.type(fields);
    }
    default:
      throw new Untranslatable(`a fact of type ${t.kind}`, where);
  }
}

/** The value constraints of a fact column, as a SQL condition (NULL = missing is always allowed). */
export function columnCheck(D: Dialect, model: Model, f: Fact): string | undefined {
  const c = D.ident(f.name);
  const t = f.type;
  switch (t.kind) {
    case 'quantity':
      return isRankUnit(t.unit) ? `${c} >= 1` : `${c} >= 0`;
    case 'level': {
      const lt = model.levels.get(t.of);
      return `${c} IN (${(lt?.levels ?? []).map((l) => D.str(l.name)).join(', ')})`;
    }
    case 'enum': {
      const et = model.enums.get(t.of);
      return `${c} IN (${(et?.values ?? []).map((v) => D.str(v.name)).join(', ')})`;
    }
    case 'text':
      return `trim(${c}) <> ''`;
    default:
      return undefined;
  }
}

/** CREATE TABLE statements for every subject type and the ledger. */
export function ddl(model: Model, D: Dialect, names: TableNames = tableNames({}, D)): string {
  const out: string[] = [`-- Tables for ${D.name}: one per subject type (a column per fact; NULL = not known) and the ledger.`];
  const spark = D.name === 'spark';
  for (const s of model.subjects.values()) {
    const cols = [`  ${D.ident(names.id)} ${D.text} NOT NULL`];
    const checks: string[] = [];
    for (const f of s.facts.values()) {
      if (f.derived) continue;
      cols.push(`  ${D.ident(f.name)} ${columnType(D, model, f.type, s.name)}${commentOf(D, f.label?.zh)}`);
      const check = columnCheck(D, model, f);
      if (check && !spark) checks.push(`  CHECK (${check})`);
    }
    if (!spark) checks.push(`  PRIMARY KEY (${D.ident(names.id)})`);
    // A 名单 column says how its members come (docs/sql.md “A 名单”).
    const lists = [...s.facts.values()].filter((f) => !f.derived && f.type.kind === 'list');
    const note = lists.map(
      (f) =>
        `-- ${commentText(f.name)}: a 名单 — one struct per member (a field per fact of ${commentText(f.type.kind === 'list' ? f.type.of : '')}), in order; policy batch reads it from one CSV/Parquet text cell holding the JSON array of the members' facts.\n`,
    );
    out.push(`${note.join('')}CREATE TABLE ${names.subject(s.name)} (\n${[...cols, ...checks].join(',\n')}\n)${spark ? ' USING parquet' : ''};`);
  }
  const keys = ledgerKeyFacts(model);
  const ids = model.benefits.map((b) => D.str(b.id)).join(', ');
  const ledgerCols = [
    `  ${D.ident(names.ledgerId)} ${D.text} NOT NULL`,
    `  ${D.ident(names.ledgerBenefit)} ${D.text} NOT NULL`,
    `  ${D.ident(names.ledgerDate)} DATE NOT NULL`,
    `  ${D.ident(names.ledgerAmount)} ${D.money} NOT NULL`,
    ...keys.map((k) => `  ${D.ident(`key.${k}`)} ${D.text}`),
  ];
  if (!spark) {
    ledgerCols.push(`  CHECK (${D.ident(names.ledgerAmount)} >= 0)`);
    if (ids) ledgerCols.push(`  CHECK (${D.ident(names.ledgerBenefit)} IN (${ids}))`);
  }
  out.push(`CREATE TABLE ${names.ledger} (\n${ledgerCols.join(',\n')}\n)${spark ? ' USING parquet' : ''};`);
  if (spark) out.push('-- Spark tables have no CHECK constraints: load through the validating view (docs/sql.md), or check the values listed there.');
  return out.join('\n\n') + '\n';
}

/** A name inside a `--` comment: one line, nothing a statement splitter or a substitution reads. */
function commentText(s: string): string {
  return s.replace(/[\r\n\u2028\u2029;$`'"\\]/g, ' ');
}

function commentOf(D: Dialect, text: string | undefined): string {
  return text && D.name === 'spark' ? ` COMMENT ${D.str(text)}` : '';
}
