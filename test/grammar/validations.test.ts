// The shared lexer and parser skip Chevrotain's validations to start fast
// (grammar/tokens.ts, grammar/parser.ts); these build them with the
// validations on, so an ambiguous alternative or a malformed token still fails.
import { describe, expect, it } from 'vitest';
import { validatedParser } from '../../grammar/parser.ts';
import { validatedLexer } from '../../grammar/tokens.ts';

describe('Chevrotain validations', () => {
  it('the token definitions pass the lexer validations', () => {
    expect(validatedLexer().lexerDefinitionErrors).toEqual([]);
  });
  it('the grammar passes the parser validations', () => {
    expect(() => validatedParser()).not.toThrow();
  });
});
