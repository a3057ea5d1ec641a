// policy check --json writes its list in chunks as it goes (compiler/cli/check.ts JsonArrayWriter): the bytes must be
// those JSON.stringify(all, null, 2) makes of the whole list, for no entry, one, and more than a call can take as
// arguments (200,000: spreading them overflowed the stack before).
import { describe, expect, it } from 'vitest';
import { JsonArrayWriter } from '../../compiler/cli/check.ts';

function written(lists: unknown[][]): string {
  const out: string[] = [];
  const w = new JsonArrayWriter((text) => out.push(text));
  for (const l of lists) w.add(l);
  w.end();
  return out.join('');
}

const entry = (i: number) => ({ file: 'a.policy', code: `P${1000 + (i % 9000)}`, line: i, message: `第${i}条 "quoted" \\ 换行\n` });

describe('JsonArrayWriter', () => {
  it.each([
    ['no entry', [[]]],
    ['one entry', [[entry(1)]]],
    ['entries over several files, one of them empty', [[entry(1), entry(2)], [], [entry(3)]]],
    ['200,000 entries', [Array.from({ length: 200_000 }, (_, i) => entry(i))]],
  ])('%s: the bytes of JSON.stringify(all, null, 2)', (_name, lists) => {
    expect(written(lists)).toBe(JSON.stringify(lists.flat(), null, 2) + '\n');
  });
});
