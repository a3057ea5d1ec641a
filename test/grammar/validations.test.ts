// The shared lexer and parser skip Chevrotain's validations to start fast
// (grammar/tokens.ts, grammar/parser.ts); these build them with the
// validations on, so an ambiguous alternative or a malformed token still fails.
import { describe, expect, it } from 'vitest';
import { parseTokens, validatedParser } from '../../grammar/parser.ts';
import { lex, validatedLexer } from '../../grammar/tokens.ts';
import { allPolicies } from '../helpers.ts';

describe('Chevrotain validations', () => {
  it('the token definitions pass the lexer validations', () => {
    expect(validatedLexer().lexerDefinitionErrors).toEqual([]);
  });
  it('the grammar passes the parser validations', () => {
    expect(() => validatedParser()).not.toThrow();
  });
  it('the shared parser (lookahead built on first use) reads every policy as the eager one does, errors included', () => {
    const eager = validatedParser();
    const texts = allPolicies();
    // Broken texts too: recovery asks the lookahead functions other questions.
    for (const t of [...texts, ...texts.map((t) => t.replace(/；/g, (m, i: number) => (i % 7 === 0 ? '' : m)))]) {
      const { tokens } = lex(t);
      const a = parseTokens(tokens);
      const b = parseTokens(tokens, eager);
      expect(a.cst).toEqual(b.cst);
      expect(a.errors.map((e) => e.message)).toEqual(b.errors.map((e) => e.message));
    }
  });
});
