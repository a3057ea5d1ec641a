// Syntax errors name the expected token types from one table (the message
// table's token.* entries and the keyword table), in both languages: every
// token type the lexer knows has a name a reader understands.
import { describe, expect, it } from 'vitest';
import { allTokens } from '../../grammar/tokens.ts';
import { tokenName } from '../../compiler/diagnostics.ts';

const SKIPPED = new Set(['WhiteSpace', 'Newline', 'LineComment', 'BlockComment', 'Comment', 'Unknown']);

describe('token names', () => {
  const names = allTokens.map((t) => t.name).filter((n) => !SKIPPED.has(n) && !/Comment|WhiteSpace/.test(n));
  it.each(names)('%s has a Chinese and an English name', (name) => {
    const zh = tokenName(name, 'zh');
    const en = tokenName(name, 'en');
    expect(zh).not.toBe(name);
    expect(en).not.toBe(name);
    // English names no Chinese words; symbols are spelt as typed on an ASCII keyboard where one exists.
    expect(en).not.toMatch(/[\u3000-\u303f\uff00-\uffef]/);
  });
  it('agrees with what the compiler prints for a syntax error', () => {
    expect(tokenName('NotEq', 'en')).toBe('"!="');
    expect(tokenName('String', 'zh')).toBe('“文字”');
  });
});
