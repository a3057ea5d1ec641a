// The streaming CSV reader: RFC 4180 quoting, line breaks inside quotes, CRLF,
// a BOM, blank lines, malformed records that are reported and skipped, and
// exact byte offsets — whatever the chunk boundaries.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvLine, csvRecords, type CsvRecord } from '../../compiler/batch/csv.ts';

async function parse(text: string | Buffer, chunkSize = 1 << 20): Promise<CsvRecord[]> {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  async function* chunks() {
    for (let i = 0; i < buf.length; i += chunkSize) yield buf.subarray(i, i + chunkSize);
  }
  const out: CsvRecord[] = [];
  for await (const r of csvRecords(chunks())) out.push(r);
  return out;
}

const cases: { name: string; text: string; fields: string[][]; problems?: (string | undefined)[] }[] = [
  { name: 'plain', text: 'a,b,c\n1,2,3\n', fields: [['a', 'b', 'c'], ['1', '2', '3']] },
  { name: 'no final newline', text: 'a,b\n1,2', fields: [['a', 'b'], ['1', '2']] },
  { name: 'CRLF', text: 'a,b\r\n1,2\r\n', fields: [['a', 'b'], ['1', '2']] },
  { name: 'BOM', text: '\ufeff统一社会信用代码,申请对象\n1,企业\n', fields: [['统一社会信用代码', '申请对象'], ['1', '企业']] },
  { name: 'quoted comma and quote', text: 'a,b\n"x,y","he said ""hi"""\n', fields: [['a', 'b'], ['x,y', 'he said "hi"']] },
  { name: 'line break in quotes', text: 'a,b\n"line1\nline2",z\nq,r\n', fields: [['a', 'b'], ['line1\nline2', 'z'], ['q', 'r']] },
  { name: 'empty fields', text: 'a,b,c\n,,\n"",x,\n', fields: [['a', 'b', 'c'], ['', '', ''], ['', 'x', '']] },
  { name: 'blank lines skipped', text: 'a\n\n1\n\r\n2\n', fields: [['a'], ['1'], ['2']] },
  { name: 'Chinese text', text: '技能等级,金额\n高级技师,"1,500.00"\n', fields: [['技能等级', '金额'], ['高级技师', '1,500.00']] },
  {
    name: 'stray quote in an unquoted field',
    text: 'a,b\nx"y,z\n1,2\n',
    fields: [['a', 'b'], [], ['1', '2']],
    problems: [undefined, 'stray-quote', undefined],
  },
  {
    name: 'text after a closing quote',
    text: 'a,b\n"x"y,z\n1,2\n',
    fields: [['a', 'b'], [], ['1', '2']],
    problems: [undefined, 'stray-quote', undefined],
  },
  { name: 'unterminated quote at the end', text: 'a,b\n1,2\n"open,3\n', fields: [['a', 'b'], ['1', '2'], []], problems: [undefined, undefined, 'unterminated'] },
];

describe('csvRecords', () => {
  for (const c of cases) {
    for (const chunk of [1, 2, 3, 7, 1 << 20]) {
      it(`${c.name} (chunks of ${chunk} bytes)`, async () => {
        const recs = await parse(c.text, chunk);
        expect(recs.map((r) => r.fields)).toEqual(c.fields);
        expect(recs.map((r) => r.problem)).toEqual(c.problems ?? c.fields.map(() => undefined));
      });
    }
  }

  it('reports line numbers and exact end offsets', async () => {
    const text = 'h1,h2\n"a\nb",c\r\n\nd,e\n';
    const recs = await parse(text, 3);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 5]);
    const bytes = Buffer.from(text);
    expect(recs.map((r) => r.end)).toEqual([6, 15, bytes.length]);
    // Reading again from an end offset gives the remaining records.
    const rest: CsvRecord[] = [];
    async function* from() {
      yield bytes.subarray(recs[1]!.end);
    }
    for await (const r of csvRecords(from(), recs[1]!.end, recs[1]!.nextLine)) rest.push(r);
    expect(rest.map((r) => [r.fields, r.line, r.end])).toEqual([[['d', 'e'], 5, bytes.length]]);
  });

  it('round-trips any fields written by csvLine, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', '技', ',', '"', '\n', '\r', ' ', '1', '.') }), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 9 }),
        async (rows, chunk) => {
          // A record of one empty field is a blank line, which is not a record: keep ≥ 2 fields.
          const text = rows.map((r) => csvLine(r)).join('');
          const recs = await parse(text, chunk);
          expect(recs.map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
