// Identifier quoting and string literals per dialect: hostile names and texts
// come back from DuckDB exactly as written (as a column name and as a value),
// and the Spark spellings contain no character that could end a literal, a
// statement or a comment, or start a ${…} substitution of the spark-sql shell.
// (The Spark round trip itself runs in the Spark test, test/sql/spark.test.ts,
// on test/sql/fixtures/sql-hostile.policy.)
import { describe, expect, it } from 'vitest';
import { duckdb, spark, SqlNameError } from '../../compiler/sql/dialect.ts';
import { openDuckDB } from '../../compiler/sql/duckdb.ts';

const HOSTILE = [
  "x'); DROP TABLE t; --",
  'a"b',
  'a``b`',
  '${hivevar:x} ${env:HOME}',
  '\\\' \\\\ \\n',
  '/* not a comment */ -- nor this',
  'line\nbreak\r\nand\u2028sep\u2029',
  '统一社会信用代码',
  '甲·乙́ 😀',
  ';',
  "''",
  '',
  ' leading and trailing ',
];

describe('DuckDB quoting', () => {
  it('every hostile text round-trips as a value and as a column name', async () => {
    const db = await openDuckDB();
    try {
      for (const s of HOSTILE) {
        const name = s === '' ? 'empty' : s;
        const rows = await db.all(`SELECT ${duckdb.str(s)} AS ${duckdb.ident(name)}`);
        expect(Object.keys(rows[0]!), JSON.stringify(s)).toEqual([name]);
        expect(rows[0]![name], JSON.stringify(s)).toBe(s);
      }
    } finally {
      db.close();
    }
  });
  it('refuses a NUL, which no SQL text can carry', () => {
    expect(() => duckdb.str('a\0b')).toThrow(SqlNameError);
    expect(() => spark.ident('a\0b')).toThrow(SqlNameError);
  });
});

describe('Spark quoting', () => {
  it('string literals hold no character that ends a literal, a statement or a comment, or starts a substitution', () => {
    for (const s of HOSTILE) {
      const lit = spark.str(s);
      const body = lit.slice(1, -1);
      expect(lit.startsWith("'") && lit.endsWith("'")).toBe(true);
      expect(body, JSON.stringify(s)).not.toMatch(/['"`;$\n\r\u2028\u2029]|--|\/\*|\\(?!u[0-9a-f]{4})/);
      // Decoding the \uXXXX escapes gives the text back.
      expect(body.replace(/\\u([0-9a-f]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))).toBe(s);
    }
  });
  it('identifiers are backquoted with backquotes doubled', () => {
    expect(spark.ident('a`b')).toBe('`a``b`');
    expect(spark.ident('统一社会信用代码')).toBe('`统一社会信用代码`');
  });
});
