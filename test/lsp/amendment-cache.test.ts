// A hover in an amendment reads the policy before and after it (two compiles of the whole policy):
// lsp/amendment.ts makes them once per text of the amendment and of the documents beside it. The
// answer must still follow a change to either.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amendmentHover } from '../../lsp/amendment.ts';
import { XIAOSHAN } from '../helpers.ts';
import { DIFF_DIR } from '../diff/helpers.ts';

describe('hover in an amendment: the consolidated policies are made once per set of texts', () => {
  const base = readFileSync(XIAOSHAN, 'utf8');
  const path = join(DIFF_DIR, 'fixtures', 'amendments', '02-lower-threshold.policy');
  const text = readFileSync(path, 'utf8');
  const uri = 'file:///amend/02.policy';
  const at = text.indexOf('待遇 企业认定奖励') + 4;
  const hover = (policy: string, amendment = text) => (amendmentHover(uri, amendment, at, 'zh', [{ uri: 'file:///amend/base.policy', text: policy }, { uri, text: amendment }]) ?? []).join('\n');

  it('follows the policy beside it and the amendment itself', () => {
    const first = hover(base);
    expect(first).toMatch(/\*\*原条文\*\*：.*满50人次/);
    expect(hover(base)).toBe(first);
    // The policy beside it changes: the old text follows.
    const changed = base.replace('年度自主认定人次 满 50人次；', '年度自主认定人次 满 60人次；');
    expect(changed).not.toBe(base);
    expect(hover(changed)).toMatch(/\*\*原条文\*\*：.*满60人次/);
    // The amendment changes: the new text follows.
    const amended = text.replace('年度自主认定人次 满 30人次；', '年度自主认定人次 满 40人次；');
    expect(amended).not.toBe(text);
    expect(hover(base, amended)).toMatch(/\*\*修订后\*\*：.*满40人次/);
    expect(hover(base)).toBe(first);
  });
});
