// Misunderstood command lines are refused, never run with a default (issue #17's standard: "a misunderstood
// option never runs silently"), and an output path that is an input — or another output — is refused before
// anything is written: `policy summary p.policy --out p.policy` overwrote the policy, `policy batch … --report`
// onto the subjects file overwrote the subjects, and `--jobs 99999` started threads until the machine stalled.
import { copyFileSync, linkSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { runHere } from './hostile-run.ts';

const D = mkdtempSync(join(tmpdir(), 'policy-hostile-options-'));
const P = join(D, 'p.policy');
copyFileSync(join(ROOT, 'policies/xiaoshan-xinxiaojiang-2025-3.policy'), P);
const S = join(D, 's.csv');
writeFileSync(S, 'id,申请对象,已毕业\n1,院校学生,是\n');
const LINK = join(D, 'link.policy');
linkSync(P, LINK);
const F = '{"已毕业":true}';
const batch = (...more: string[]) => ['batch', P, '--subjects', S, '--out', join(D, 'r.csv'), ...more];

const CASES: { name: string; args: string[]; says: RegExp }[] = [
  { name: 'a misspelt option', args: ['eval', P, '--subject', '院校学生', '--facts', F, '--ledgr', '[]'], says: /unknown option --ledgr.*--ledger/ },
  { name: 'an option of another tool', args: ['eval', P, '--subject', '院校学生', '--facts', F, '--as-of=2024-13-01'], says: /unknown option --as-of/ },
  { name: 'a date with month 13', args: ['eval', P, '--subject', '院校学生', '--facts', F, '--date', '2024-13-01'], says: /--date: invalid date/ },
  { name: 'a date given twice', args: ['eval', P, '--subject', '院校学生', '--facts', F, '--date', '2025-01-01', '--date', '2025-02-01'], says: /--date.*more than once|twice/ },
  { name: 'an option where a value belongs', args: ['eval', P, '--subject', '院校学生', '--facts', '--json'], says: /--facts/ },
  { name: 'facts that are a date, not JSON or a file', args: ['eval', P, '--subject', '院校学生', '--facts', '2024-01-01'], says: /--facts: cannot read 2024-01-01/ },
  { name: 'a value for a flag', args: ['check', P, '--json=false'], says: /--json/ },
  { name: 'a width of 0', args: ['fmt', P, '--check', '--print-width', '0'], says: /--print-width/ },
  { name: 'a width of 1e9', args: ['fmt', P, '--check', '--print-width', '1e9'], says: /--print-width/ },
  { name: '--jobs 0', args: batch('--jobs', '0'), says: /--jobs.*"0"/ },
  { name: '--jobs 1.5', args: batch('--jobs', '1.5'), says: /--jobs.*"1\.5"/ },
  { name: '--jobs 99999 (threads until the machine stalls)', args: batch('--jobs', '99999'), says: /--jobs.*"99999".*from 1 to \d+/ },
  { name: 'summary --out onto the policy', args: ['summary', P, '--out', P], says: /--out .*p\.policy is the same file as .*p\.policy/ },
  { name: 'summary --out onto a hard link of the policy', args: ['summary', P, '--out', LINK], says: /--out .*link\.policy is the same file as/ },
  { name: 'population --out onto the policy', args: ['population', P, '--n', '2', '--out', P], says: /--out .* is the same file as/ },
  { name: 'diff --out onto the policy', args: ['diff', P, '--from', P, '--out', P], says: /--out .* is the same file as/ },
  { name: 'batch --out onto the subjects', args: ['batch', P, '--subjects', S, '--out', S], says: /--out .*s\.csv is the same file as --subjects/ },
  { name: 'batch --report onto the subjects', args: batch('--report', S), says: /--report .*s\.csv is the same file as --subjects/ },
  { name: 'batch --report onto the results', args: batch('--report', join(D, 'r.csv')), says: /--report .*r\.csv is the same file as --out/ },
  { name: 'batch --out whose rejects file is the subjects', args: ['batch', P, '--subjects', join(D, 'x.rejects.jsonl'), '--out', join(D, 'x.csv')], says: /x\.rejects\.jsonl is the same file as --subjects/ },
  { name: 'batch --ledger that is the subjects file (no benefit, date, amount)', args: batch('--ledger', S), says: /the ledger has no column benefit \/ 待遇, date \/ 日期, amount \/ 金额/ },
];

describe('misunderstood command lines are refused', () => {
  it.each(CASES)('$name', async ({ args, says }) => {
    writeFileSync(join(D, 'x.rejects.jsonl'), '{"id":"1","申请对象":"院校学生"}\n');
    const policy = readFileSync(P, 'utf8');
    const subjects = readFileSync(S, 'utf8');
    const r = await runHere([...args, '--lang', 'en']);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(says);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readFileSync(P, 'utf8')).toBe(policy);
    expect(readFileSync(S, 'utf8')).toBe(subjects);
    expect(readFileSync(join(D, 'x.rejects.jsonl'), 'utf8')).toContain('院校学生');
  }, 60_000);

  it('the same refusal in Chinese', async () => {
    const r = await runHere(['summary', P, '--out', P, '--lang', 'zh']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('是同一个文件：写入会覆盖它');
  });
});
