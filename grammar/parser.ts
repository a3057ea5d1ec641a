// The Chevrotain grammar, written once for two parsers. The direct parser runs
// the rules' actions and returns the AST (no recovery: it is for files without
// a syntax error, most of what is parsed). The CST parser skips the actions and
// gives a concrete syntax tree with recovery on, so a file with errors still
// gives a tree (grammar/build.ts makes the AST of it) and every syntax error.
// One instance of each is reused for every parse. For a file without errors both
// give the same AST (test/grammar/direct.test.ts).
import { CstParser, EmbeddedActionsParser, getLookaheadPaths, LLkLookaheadStrategy, type CstNode, type IParserConfig, type IToken, type TokenType, tokenMatcher } from 'chevrotain';
import * as T from './tokens.ts';
import { asciiDigits, nameText } from './tokens.ts';
import type * as A from './ast.ts';
import { ARITH_LEVELS, binary, boundedValue, dateNode, fold, LOGICAL_LEVELS, logical, name, POSTFIX_UPPER, PREFIX_UPPER, spelledAs, stringValue, tokRange, withLabel } from './build.ts';

const KW = T.KW;
const KW_YES = KW['Yes']!;
const KW_NO = KW['No']!;
const kw = (id: string): TokenType => {
  const t = KW[id];
  if (!t) throw new Error(`no keyword token ${id}`);
  return t;
};

export { FIELD_KEYS, UNIT_IDS, PREFIX_COMPARISONS, SYMBOL_COMPARISONS, POSTFIX_COMPARISONS } from './tokens.ts';

const symbolTokens: Record<string, TokenType> = {
  GreaterEq: T.GreaterEq,
  LessEq: T.LessEq,
  NotEq: T.NotEq,
  Greater: T.Greater,
  Less: T.Less,
  Equals: T.Equals,
};

export const tokenById = (id: string): TokenType => KW[id] ?? symbolTokens[id]!;

/** Rule-stack depth beyond which in-rule recovery is not tried (about five nested parentheses). */
const DEEP_RULE_STACK = 48;

/**
 * Chevrotain's LL(k) lookahead, each decision's function built on its first use rather than all of
 * them while the parser is constructed: a command that parses one file and exits pays only for the
 * decisions its file reaches (the functions are the same; test/grammar/validations.test.ts builds
 * the parser with the eager strategy and its validations, and the parsers must agree).
 */
type LLk = InstanceType<typeof LLkLookaheadStrategy>;

class LazyLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: Parameters<LLk['buildLookaheadForAlternation']>[0]) {
    let f: Choose | undefined;
    const build = (): Choose => (f ??= alternativeByFirstToken(options));
    return function (this: Lookahead, orAlts?: { GATE?: () => boolean }[]) {
      return build().call(this, orAlts);
    } as ReturnType<LLk['buildLookaheadForAlternation']>;
  }

  override buildLookaheadForOptional(options: Parameters<LLk['buildLookaheadForOptional']>[0]) {
    let f: ((this: Lookahead) => boolean) | undefined;
    const build = () => (f ??= optionalByFirstToken(options));
    return function (this: Lookahead) {
      return build().call(this);
    } as ReturnType<LLk['buildLookaheadForOptional']>;
  }
}

/** What a lookahead function reads: the parser's next tokens. */
interface Lookahead {
  LA_FAST(k: number): IToken;
}

type Choose = (this: Lookahead, orAlts?: { GATE?: () => boolean }[]) => number | undefined;

/**
 * The lookahead function of an alternation: the first alternative (in order) whose gate, if any, holds
 * and one of whose lookahead paths matches the next tokens — Chevrotain's rule, over Chevrotain's paths
 * — but only the alternatives with a path that starts with the next token's type are tried (a table by
 * token type), instead of every alternative and every gate in turn (primary has 20 alternatives and
 * three gates). The same choice: an alternative skipped has no path whose first token matches.
 */
function alternativeByFirstToken(options: Parameters<LLk['buildLookaheadForAlternation']>[0]): Choose {
  const paths = getLookaheadPaths({ occurrence: options.prodOccurrence, rule: options.rule, prodType: 'Alternation', maxLookahead: options.maxLookahead });
  /** Alternatives with an empty path (they match whatever follows). */
  const always: number[] = [];
  const byToken: number[][] = [];
  paths.forEach((alt, t) => {
    if (alt.some((p) => p.length === 0)) {
      always.push(t);
      return;
    }
    const firsts = new Set<number>();
    for (const path of alt) for (const idx of [path[0]!.tokenTypeIdx!, ...(path[0]!.categoryMatches ?? [])]) firsts.add(idx);
    for (const idx of firsts) (byToken[idx] ??= []).push(t);
  });
  /**
   * Per next token type, the alternatives to try in order, each with only its paths that start with that type
   * (the rest cannot match: tried before, they were tested and failed every time); an alternative with an empty
   * path (`paths` null) matches as soon as its gate holds.
   */
  type Candidate = { t: number; paths: TokenType[][] | null };
  const startsWith = (path: TokenType[], idx: number) => path[0]!.tokenTypeIdx === idx || (path[0]!.categoryMatches ?? []).includes(idx);
  const table: Candidate[][] = byToken.map((list, idx) =>
    [...new Set([...list, ...always])].sort((a, b) => a - b).map((t) => ({ t, paths: always.includes(t) ? null : paths[t]!.filter((p) => startsWith(p, idx)) })),
  );
  const alwaysOnly: Candidate[] = always.map((t) => ({ t, paths: null }));
  return function (this: Lookahead, orAlts?: { GATE?: () => boolean }[]) {
    for (const c of table[this.LA_FAST(1).tokenTypeIdx] ?? alwaysOnly) {
      const gate = orAlts?.[c.t]?.GATE;
      if (gate !== undefined && gate.call(this) === false) continue;
      if (c.paths === null) return c.t;
      next: for (const path of c.paths) {
        for (let i = 1; i < path.length; i++) if (!tokenMatcher(this.LA_FAST(i + 1), path[i]!)) continue next;
        return c.t;
      }
    }
    return undefined;
  };
}

/**
 * The lookahead function of an OPTION / MANY / AT_LEAST_ONE…: whether one of the production's
 * lookahead paths (Chevrotain's, up to maxLookahead tokens) matches the next tokens — as Chevrotain's own
 * function, which tries every path in turn, but only the paths that start with the next token's type are
 * tried (a table by token type). A production whose paths need more than one token (`且 …`, `+ …` inside
 * an expression) has dozens of them, and is asked after every operand; most of the time the next token
 * starts none. The same answers (test/grammar/validations.test.ts compares with the eager parser).
 */
function optionalByFirstToken(options: Parameters<LLk['buildLookaheadForOptional']>[0]): (this: Lookahead) => boolean {
  const paths = getLookaheadPaths({ occurrence: options.prodOccurrence, rule: options.rule, prodType: options.prodType, maxLookahead: options.maxLookahead })[0] ?? [];
  if (paths.some((p) => p.length === 0)) return () => true;
  const byToken: TokenType[][][] = [];
  for (const path of paths) {
    const first = path[0]!;
    for (const idx of new Set([first.tokenTypeIdx!, ...(first.categoryMatches ?? [])])) (byToken[idx] ??= []).push(path);
  }
  return function (this: Lookahead) {
    const candidates = byToken[this.LA_FAST(1).tokenTypeIdx];
    if (candidates === undefined) return false;
    next: for (const path of candidates) {
      for (let i = 1; i < path.length; i++) if (!tokenMatcher(this.LA_FAST(i + 1), path[i]!)) continue next;
      return true;
    }
    return false;
  };
}

/**
 * The parser's base: Chevrotain's CstParser (`ast` false: a concrete syntax tree, with recovery, for
 * files with errors) or its EmbeddedActionsParser (`ast` true: each rule returns its piece of the
 * AST, built by the actions in the rules below). The two differ only in the `outputCst` setting they
 * give Chevrotain's parser, so one class of rules serves both: the grammar is written once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ParserBase = function (this: unknown, tokens: TokenType[], config: IParserConfig & { ast?: boolean }) {
  return Reflect.construct(config.ast ? EmbeddedActionsParser : CstParser, [tokens, config], new.target);
} as unknown as typeof EmbeddedActionsParser;
ParserBase.prototype = Object.create(EmbeddedActionsParser.prototype);

/** The values a rule collects through a MANY_SEP / AT_LEAST_ONE_SEP (whose options are built once). */
type Bag = unknown[];

class PolicyParser extends ParserBase {
  // Alternatives are built once and reused: a fresh closure per call costs
  // (and under tsx every inline `ALT: () => …` also gets a __name wrapper).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private alts: any[] = [];
  /** The same for the options of AT_LEAST_ONE_SEP and MANY_SEP (fieldValues alone runs once per field). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private seps: any[] = [];
  /**
   * The same for the actions of OPTION and MANY in the rules every value passes through (expr, compareExpr,
   * additive, unary, numberLit, label, fieldValues): built once, not a closure (and its context) per call.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private acts: Record<string, any> = {};
  /**
   * The operators and operands the MANY of `expr` and of `additive` read, for every call in progress (each
   * call takes back what it pushed, above the length it found): no pair of arrays and closure per call.
   */
  private ops: IToken[] = [];
  private operands: A.Expr[] = [];
  /**
   * True when the rules build the AST (the direct parser, after the grammar is recorded): then every
   * rule returns its node. False in the CST parser and while Chevrotain records the grammar.
   */
  private building = false;
  /** The lists the separated repetitions of the rules being parsed are collecting (innermost last). */
  private bags: Bag[] = [];
  /** The last number literal read (the stand-in for a part cut by the nesting limit, grammar/depth.ts, is an error node). */
  private lastNumber: IToken | undefined;

  /**
   * `validate`: run Chevrotain's grammar validations (ambiguities, left
   * recursion …). They cost about half of the parser's construction at every
   * start, so the shared instance skips them; test/grammar/validations.test.ts
   * builds one with them on, so a grammar mistake still fails `npm test`.
   * `ast`: the direct parser (no recovery: a file with a syntax error is parsed again by the CST parser).
   */
  constructor(validate = false, ast = false) {
    super(T.allTokens, {
      recoveryEnabled: !ast,
      maxLookahead: 3,
      nodeLocationTracking: ast ? 'none' : 'onlyOffset',
      skipValidations: !validate,
      ...(!validate && { lookaheadStrategy: new LazyLookahead({ maxLookahead: 3 }) }),
      ast,
    } as IParserConfig);
    this.performSelfAnalysis();
    this.building = ast;
  }

  /** Where the rule about to read starts (its first token's offset); 0 unless building. */
  private at(): number {
    return this.building ? this.LA(1).startOffset : 0;
  }

  /** The range from `start` to the end of the last token read. */
  private upTo(start: number): A.Range {
    return { start, end: this.LA(0).endOffset! + 1 };
  }

  /** A new list for a separated repetition's values (building only). */
  private open(): Bag {
    const bag: Bag = [];
    this.bags.push(bag);
    return bag;
  }

  private close<V>(bag: Bag): V[] {
    this.bags.pop();
    return bag as V[];
  }

  /** Forgets the lists of a parse that stopped at an error. */
  resetBags(): void {
    this.bags.length = 0;
    this.ops.length = 0;
    this.operands.length = 0;
  }

  /** Collects a value into the innermost open list. */
  private collect(v: unknown): void {
    if (this.building) this.bags[this.bags.length - 1]!.push(v);
  }

  /** The repetition whose re-entries after a re-sync run in a loop (see tryInRepetitionRecovery); innermost only. */
  private resuming: { rule: Function; args: unknown[]; depth: number; next?: unknown[] } | undefined;

  /**
   * Repetition recovery: when a MANY / AT_LEAST_ONE[_SEP] stops at a token that cannot follow it,
   * Chevrotain skips ahead to where another iteration can start and re-enters the repetition by
   * calling it again from inside the recovery — one level of the JS stack per re-sync, so a file
   * with ~2,500 such errors in one repetition (2,500 benefits each with a bad 分档 key, P1070)
   * overflowed the stack. Here the re-entry is a loop: Chevrotain's own recovery runs with the
   * re-entry replaced by a note, and the outermost recovery of that repetition (same rule
   * invocation: same rule depth; same repetition: same arguments) makes the noted calls one after
   * another. The re-entry is the last thing each nested call does, so the tokens read, the errors
   * saved and their order are the same as with the recursion.
   */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  tryInRepetitionRecovery(grammarRule: Function, grammarRuleArgs: unknown[], lookAheadFunc: () => boolean, expectedTokType: TokenType): void {
    const base = (CstParser.prototype as unknown as { tryInRepetitionRecovery: (...a: unknown[]) => void }).tryInRepetitionRecovery;
    const depth = (this as unknown as { RULE_STACK_IDX: number }).RULE_STACK_IDX;
    const outer = this.resuming;
    if (outer && outer.rule === grammarRule && outer.depth === depth && outer.args.length === grammarRuleArgs.length && outer.args.every((a, i) => a === grammarRuleArgs[i])) {
      // A re-entry of the repetition the outer recovery is looping over: note it; the loop makes the call.
      base.call(this, (...a: unknown[]) => void (outer.next = a), grammarRuleArgs, lookAheadFunc, expectedTokType);
      return;
    }
    const frame: NonNullable<PolicyParser['resuming']> = { rule: grammarRule, args: grammarRuleArgs, depth };
    this.resuming = frame;
    try {
      base.call(this, (...a: unknown[]) => void (frame.next = a), grammarRuleArgs, lookAheadFunc, expectedTokType);
      while (frame.next) {
        const args = frame.next;
        frame.next = undefined;
        grammarRule.apply(this, args);
      }
    } finally {
      this.resuming = outer;
    }
  }

  /**
   * In-rule recovery (inserting or deleting one token) walks the grammar to
   * find what may follow; deep inside nested expressions that walk is costly in
   * time and stack, so there the parser re-synchronises instead (the nesting
   * limit in depth.ts bounds the depth; this keeps its margin wide).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  getFollowsForInRuleRecovery(tokType: TokenType, tokIdxInRule: number): TokenType[] {
    const self = this as unknown as { RULE_STACK_IDX: number };
    if (self.RULE_STACK_IDX > DEEP_RULE_STACK) return [];
    // What may follow depends only on the grammar path (the rule and occurrence stacks, the token and its index in
    // the rule) and the grammar: walked once per path, not once per error (a file with 10,000 alike errors walked
    // the grammar 10,000 times, half of its parse).
    const { RULE_STACK: rules, RULE_OCCURRENCE_STACK: occurrences } = this as unknown as { RULE_STACK: number[]; RULE_OCCURRENCE_STACK: number[] };
    let key = `${(tokType as { tokenTypeIdx?: number }).tokenTypeIdx}:${tokIdxInRule}`;
    for (let i = 0; i <= self.RULE_STACK_IDX; i++) key += `;${rules[i]}.${occurrences[i]}`;
    let follows = this.followsByPath.get(key);
    if (!follows) {
      follows = (CstParser.prototype as unknown as { getFollowsForInRuleRecovery: (t: TokenType, i: number) => TokenType[] }).getFollowsForInRuleRecovery.call(
        this,
        tokType,
        tokIdxInRule,
      );
      if (this.followsByPath.size >= 5000) this.followsByPath.clear();
      this.followsByPath.set(key, follows);
    }
    return follows;
  }
  /** getFollowsForInRuleRecovery's answers by grammar path (the grammar never changes; bounded in size). */
  private readonly followsByPath = new Map<string, TokenType[]>();

  /**
   * Re-sync scans: per follow set (the rule stack's), the token index a scan started from, where it found the
   * first token of the set, and which type of the set matched there. Chevrotain's findReSyncTokenType scans
   * forward from the error for a token of the follow set, from every error again: where the set's nearest token
   * is far (the end of the file), n errors made n scans of the rest of the file — 10,000 benefits each with a
   * name-shaped 分档 key (P1070) took minutes. A later scan with the same set that starts inside a scanned
   * stretch ends at the same token (none before it matched), so it is answered from here: linear in the file.
   */
  private resyncScans = new Map<string, { from: number; at: number; type: TokenType }>();

  override reset(): void {
    super.reset();
    this.resyncScans?.clear();
  }

  findReSyncTokenType(): TokenType {
    const self = this as unknown as { flattenFollowSet(): TokenType[]; currIdx: number };
    const set = self.flattenFollowSet();
    let key = '';
    for (const t of set) key += (t as { tokenTypeIdx?: number }).tokenTypeIdx + ',';
    const from = self.currIdx + 1;
    const known = this.resyncScans.get(key);
    if (known && known.from <= from && from <= known.at) return known.type;
    for (let k = 1; ; k++) {
      const token = this.LA(k);
      for (const type of set) {
        if (tokenMatcher(token, type)) {
          this.resyncScans.set(key, { from, at: from + k - 1, type });
          return type;
        }
      }
    }
  }

  file = this.RULE('file', (): A.Decl[] | undefined => {
    const decls: A.Decl[] = [];
    this.MANY(() => {
      const d = this.SUBRULE(this.decl);
      if (this.building && d) decls.push(d);
    });
    return this.building ? decls : undefined;
  });

  decl = this.RULE('decl', (): A.Decl | undefined => {
    return this.OR(this.alts[1] ??= [
      { ALT: () => this.SUBRULE(this.policyDecl) },
      { ALT: () => this.SUBRULE(this.fundDecl) },
      { ALT: () => this.SUBRULE(this.levelsDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.subjectDecl) },
      { ALT: () => this.SUBRULE(this.parameterDecl) },
      { ALT: () => this.SUBRULE(this.benefitDecl) },
      { ALT: () => this.SUBRULE(this.provisionDecl) },
      { ALT: () => this.SUBRULE(this.interactionDecl) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.unitDecl) },
    ]);
  });

  // `计量单位 天 “天” / “days”；` — a unit the policy declares.
  unitDecl = this.RULE('unitDecl', (): A.UnitDecl | undefined => {
    const s = this.at();
    this.CONSUME(kw('UnitDecl'));
    // A built-in unit's name (`计量单位 天`) is read too, so the checker can say it is built in (P2151).
    const t = this.OR<{ id?: IToken; word?: IToken }>(this.alts[30] ??= [{ ALT: () => ({ id: this.CONSUME(T.Identifier) }) }, { ALT: () => ({ word: this.CONSUME(T.UnitWord) }) }]);
    // `计量单位 万美元 = 10000美元`: a multiple of another unit.
    const multiple = this.OPTION2(() => {
      this.CONSUME(T.Equals);
      return this.SUBRULE(this.numberLit);
    });
    const l = this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Semi);
    if (!this.building) return undefined;
    return withLabel({ kind: 'UnitDecl', name: name(t.id ?? t.word)!, ...(t.word && { builtin: true as const }), ...(multiple && { multiple }), range: this.upTo(s) }, l);
  });

  importDecl = this.RULE('importDecl', (): A.ImportDecl | undefined => {
    const s = this.at();
    this.CONSUME(kw('Import'));
    const t = this.CONSUME(T.StringLit);
    this.CONSUME(T.Semi);
    if (!this.building) return undefined;
    return { kind: 'Import', path: stringValue(t.image), pathRange: tokRange(t), range: this.upTo(s) };
  });

  label = this.RULE('label', (): A.Label | undefined => {
    const s = this.at();
    const zh = this.CONSUME(T.StringLit);
    const en = this.OPTION<IToken>(this.acts['labelEn'] ??= () => {
      this.CONSUME(T.Slash);
      return this.CONSUME2(T.StringLit);
    });
    if (!this.building) return undefined;
    const out: A.Label = { zh: stringValue(zh.image), range: this.upTo(s) };
    if (en) out.en = stringValue(en.image);
    return out;
  });

  policyDecl = this.RULE('policyDecl', (): A.PolicyDecl | undefined => {
    const s = this.at();
    const fields: A.Field[] = [];
    this.CONSUME(kw('Policy'));
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const f = this.OR<A.Field>(this.alts[90] ??= [{ ALT: () => this.SUBRULE(this.field) }, { GATE: this.atUnknownField, ALT: () => this.SUBRULE(this.unknownField) }]);
      if (this.building) fields.push(f);
    });
    this.CONSUME(T.RBrace);
    return this.building ? { kind: 'Policy', fields, range: this.upTo(s) } : undefined;
  });

  /** A name then `：` (or a name, a comparison word, `：` — 总额不超过：) where a field keyword belongs. */
  private atUnknownField = (): boolean =>
    tokenMatcher(this.LA(1), T.Identifier) &&
    (tokenMatcher(this.LA(2), T.Colon) ||
      ((tokenMatcher(this.LA(2), T.PrefixCmp) || tokenMatcher(this.LA(2), T.PostfixCmp)) && tokenMatcher(this.LA(3), T.Colon)));

  // `资金总额：5000万元；` — a name where a field keyword belongs (a misspelt or invented field) is read as a field,
  // so the checker names the fields the block takes (P2190) and the rest of the block is still read and checked.
  unknownField = this.RULE('unknownField', (): A.Field | undefined => {
    const s = this.at();
    const id = this.CONSUME(T.Identifier);
    const cmp = this.OPTION(() => {
      return this.OR<IToken>(this.alts[91] ??= [{ ALT: () => this.CONSUME(T.PrefixCmp) }, { ALT: () => this.CONSUME(T.PostfixCmp) }]);
    });
    this.CONSUME(T.Colon);
    const values = this.SUBRULE(this.fieldValues);
    this.CONSUME(T.Semi);
    if (!this.building) return undefined;
    const keyRange = cmp ? { start: id.startOffset, end: tokRange(cmp).end } : tokRange(id);
    return { kind: 'Field', key: 'Fact', factName: { text: cmp ? id.image + cmp.image : nameText(id.image), range: keyRange }, keyRange, values: values!, range: this.upTo(s) };
  });

  field = this.RULE('field', (): A.Field | undefined => {
    const s = this.at();
    const key = this.CONSUME(T.FieldKey);
    this.CONSUME(T.Colon);
    const values = this.SUBRULE(this.fieldValues);
    this.CONSUME(T.Semi);
    if (!this.building) return undefined;
    return { kind: 'Field', key: key.tokenType.name, keyRange: tokRange(key), values: values!, range: this.upTo(s) };
  });

  fieldValues = this.RULE('fieldValues', (): A.Expr[] | undefined => {
    const bag = this.building ? this.open() : undefined;
    this.AT_LEAST_ONE_SEP(this.seps[0] ??= {
      SEP: T.Comma,
      DEF: () => {
        if (this.building) {
          const v = this.simpleValue();
          if (v) return this.collect(v);
        }
        // `分担：市级资金，不超过30%；`: a value bounded by a prefix comparison word (a share the text caps, not a fixed one).
        const bound = this.OPTION<IToken>(this.acts['valueBound'] ??= () => this.CONSUME(T.PrefixCmp));
        const e = this.SUBRULE(this.expr);
        this.collect(this.building && bound && e ? boundedValue(bound, e) : e);
      },
    });
    return bag && this.close(bag);
  });

  /**
   * The direct parser's short cut for the values most fields hold — one name, keyword, 是/否, number (with a built-in
   * unit) or label, then the field's `；` or `，`: the node `expr` makes of them, read without the seven rules (and their
   * lookahead) between fieldValues and primary. Past such a value no rule of that chain reads a `；` or `，`, and each
   * token type here starts one alternative of primary only, so the grammar reads these tokens as exactly this node
   * (test/grammar/direct.test.ts compares with the CST parser's tree). Anything else: undefined, the rules read it.
   */
  private simpleValue(): A.Expr | undefined {
    const t1 = this.LA(1);
    const type = t1.tokenType;
    const ends = (t: IToken) => t.tokenType === T.Semi || t.tokenType === T.Comma;
    const t2 = this.LA(2);
    if (ends(t2)) {
      const range = { start: t1.startOffset, end: t1.endOffset! + 1 };
      if (type === T.Identifier) {
        this.CONSUME(T.Identifier);
        return { kind: 'Ref', name: name(t1)!, range };
      }
      if (type === T.StringLit) {
        this.CONSUME(T.StringLit);
        return { kind: 'String', label: { zh: stringValue(t1.image), range: { start: range.start, end: range.end } }, range };
      }
      if (type === KW_YES || type === KW_NO) {
        this.CONSUME(type);
        return { kind: 'Bool', value: type === KW_YES, range };
      }
      if (tokenMatcher(t1, T.ValueWord)) {
        this.CONSUME(T.ValueWord);
        return { kind: 'Keyword', keyword: type.name, range };
      }
      if (type === T.NumberLit && t1.payload === undefined) {
        this.CONSUME(T.NumberLit);
        this.lastNumber = t1;
        return { kind: 'Number', value: asciiDigits(t1.image), range };
      }
      return undefined;
    }
    if (type === T.NumberLit && t1.payload === undefined && tokenMatcher(t2, T.UnitWord) && ends(this.LA(3))) {
      this.CONSUME(T.NumberLit);
      this.CONSUME(T.UnitWord);
      this.lastNumber = t1;
      return { kind: 'Number', value: asciiDigits(t1.image), range: { start: t1.startOffset, end: t2.endOffset! + 1 }, unit: { num: t2.tokenType.name, range: tokRange(t2) } };
    }
    if (type === T.StringLit && t2.tokenType === T.Slash && this.LA(3).tokenType === T.StringLit && ends(this.LA(4))) {
      const t3 = this.LA(3);
      this.CONSUME(T.StringLit);
      this.CONSUME(T.Slash);
      this.CONSUME2(T.StringLit);
      const range = { start: t1.startOffset, end: t3.endOffset! + 1 };
      return { kind: 'String', label: { zh: stringValue(t1.image), range: { start: range.start, end: range.end }, en: stringValue(t3.image) }, range };
    }
    return undefined;
  }

  fundDecl = this.RULE('fundDecl', (): A.FundDecl | undefined => {
    const s = this.at();
    this.CONSUME(kw('Fund'));
    const id = this.CONSUME(T.Identifier);
    const l = this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Semi);
    return this.building ? withLabel({ kind: 'Fund', name: name(id)!, range: this.upTo(s) }, l) : undefined;
  });

  levelsDecl = this.RULE('levelsDecl', (): A.LevelsDecl | undefined => {
    const s = this.at();
    this.CONSUME(kw('Levels'));
    const id = this.CONSUME(T.Identifier);
    const l = this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Colon);
    const levels = [this.SUBRULE(this.levelItem)!];
    this.MANY(() => {
      this.OR(this.alts[2] ??= [{ ALT: () => this.CONSUME(T.Less) }, { ALT: () => this.CONSUME(T.Comma) }]);
      levels.push(this.SUBRULE2(this.levelItem)!);
    });
    this.CONSUME(T.Semi);
    return this.building ? withLabel({ kind: 'Levels', name: name(id)!, levels, range: this.upTo(s) }, l) : undefined;
  });

  levelItem = this.RULE('levelItem', (): A.LevelItem | undefined => {
    const s = this.at();
    const id = this.CONSUME(T.Identifier);
    const bag = this.building ? this.open() : undefined;
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP(this.seps[1] ??= { SEP: T.Comma, DEF: () => this.collect(this.CONSUME2(T.Identifier)) });
      this.CONSUME(T.RParen);
    });
    const aliases = bag && this.close<IToken>(bag);
    const l = this.OPTION2(() => this.SUBRULE(this.label));
    return aliases ? withLabel({ name: name(id)!, aliases: aliases.map((t) => name(t)!), range: this.upTo(s) }, l) : undefined;
  });

  enumDecl = this.RULE('enumDecl', (): A.EnumDecl | undefined => {
    const s = this.at();
    this.CONSUME(kw('Enum'));
    const id = this.CONSUME(T.Identifier);
    const l = this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Colon);
    const bag = this.building ? this.open() : undefined;
    this.AT_LEAST_ONE_SEP(this.seps[2] ??= { SEP: T.Comma, DEF: () => this.collect(this.SUBRULE(this.enumItem)) });
    const values = bag && this.close<A.EnumItem>(bag);
    this.CONSUME(T.Semi);
    return values ? withLabel({ kind: 'Enum', name: name(id)!, values, range: this.upTo(s) }, l) : undefined;
  });

  enumItem = this.RULE('enumItem', (): A.EnumItem | undefined => {
    const s = this.at();
    const id = this.CONSUME(T.Identifier);
    const l = this.OPTION(() => this.SUBRULE(this.label));
    return this.building ? withLabel({ name: name(id)!, range: this.upTo(s) }, l) : undefined;
  });

  subjectDecl = this.RULE('subjectDecl', (): A.SubjectDecl | undefined => {
    const s = this.at();
    const facts: A.FactDecl[] = [];
    this.CONSUME(kw('Subject'));
    const id = this.CONSUME(T.Identifier);
    const l = this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const f = this.SUBRULE(this.factDecl);
      if (this.building) facts.push(f!);
    });
    this.CONSUME(T.RBrace);
    return this.building ? withLabel({ kind: 'Subject', name: name(id)!, facts, range: this.upTo(s) }, l) : undefined;
  });

  // `名称：类型 “问题”；` or a derived fact `名称 = 算式 “说明”；`
  factDecl = this.RULE('factDecl', (): A.FactDecl | undefined => {
    const s = this.at();
    const id = this.CONSUME(T.Identifier);
    let reviewed: IToken | undefined;
    const body = this.OR(this.alts[3] ??= [
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          // `核定奖励额：核定 20万元至500万元；` an amount the office sets case by case within the text's range
          const rv = this.OPTION2(() => this.CONSUME(kw('Reviewed')));
          const type = this.SUBRULE(this.typeRef);
          // `规上企业：主营收入 2000万元及以上；`, `大企业：是否 = …；`: a condition after `：` — read, so the checker says to write `=` (P1016).
          const after = this.OPTION3({
            GATE: this.notNameOrString,
            DEF: () => ({ eq: this.OPTION4(() => this.CONSUME2(T.Equals)), formula: this.SUBRULE2(this.expr) }),
          });
          return { rv, type, after };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          // An amount, or a yes/no fact the text defines by a condition (`规上企业 = 主营收入 2000万元及以上 且 纳统`).
          return { formula: this.SUBRULE(this.expr) };
        },
      },
    ]) as { rv?: IToken; type?: A.TypeRef; formula?: A.Expr; after?: { eq?: IToken; formula?: A.Expr } };
    const l = this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Semi);
    if (!this.building) return undefined;
    reviewed = body.rv;
    const range = this.upTo(s);
    if (body.type && body.after?.formula) {
      const f = body.after.formula;
      const written = { start: body.type.range.start, end: f.range.end };
      const colonFormula = { range: written, formula: body.after.eq && body.type.kind === 'BoolType' ? f.range : written, ...(body.after.eq && { equals: true as const }) };
      return withLabel({ kind: 'Fact', name: name(id)!, type: body.type, formula: f, colonFormula, range }, l);
    }
    if (body.type) return withLabel({ kind: 'Fact', name: name(id)!, type: body.type, ...(reviewed && { reviewed: tokRange(reviewed) }), range }, l);
    return withLabel({ kind: 'Fact', name: name(id)!, formula: body.formula!, range }, l);
  });

  parameterDecl = this.RULE('parameterDecl', (): A.ParameterDecl | undefined => {
    const s = this.at();
    this.CONSUME(kw('Parameter'));
    const id = this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    const type = this.SUBRULE(this.typeRef);
    const l = this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Semi);
    return this.building ? withLabel({ kind: 'Parameter', name: name(id)!, type: type!, range: this.upTo(s) }, l) : undefined;
  });

  typeRef = this.RULE('typeRef', (): A.TypeRef | undefined => {
    const s = this.at();
    const t = this.OR(this.alts[4] ??= [
      { ALT: () => this.CONSUME(kw('BoolType')) && { kind: 'BoolType' } },
      { ALT: () => this.CONSUME(kw('TextType')) && { kind: 'TextType' } },
      { ALT: () => this.CONSUME(kw('Date')) && { kind: 'DateType' } },
      // `见习人员：名单 见习人员；` a list of members, each with the facts of a subject type
      {
        ALT: () => {
          this.CONSUME(kw('ListOf'));
          return { kind: 'ListType', of: this.CONSUME3(T.Identifier) };
        },
      },
      // `补贴比例：%；` a percentage
      { ALT: () => this.CONSUME(T.Percent) && { kind: 'PercentType' } },
      // `参数 补贴标准：3000元至6000元；` a range the text fixes for a parameter; `50%以下` one bound
      {
        ALT: () => {
          const low = this.SUBRULE(this.numberLit);
          const rest = this.OR2<object>(this.alts[94] ??= [
            {
              ALT: () => {
                this.CONSUME(kw('Until'));
                return { kind: 'RangeType', high: this.SUBRULE2(this.numberLit) };
              },
            },
            { ALT: () => ({ kind: 'BoundType', word: this.CONSUME(T.PostfixCmp), postfix: true }) },
          ]);
          return { ...rest, low };
        },
      },
      // `参数 比例：不超过50%；`, `最高3000元`, `不低于1000元`: one bound the text fixes
      {
        ALT: () => {
          const word = this.OR3<IToken>(this.alts[95] ??= [{ ALT: () => this.CONSUME(T.PrefixCmp) }, { ALT: () => this.CONSUME(kw('Ceiling')) }]);
          return { kind: 'BoundType', word, postfix: false, low: this.SUBRULE3(this.numberLit) };
        },
      },
      {
        ALT: () => {
          const id = this.CONSUME(T.Identifier);
          // `张 按 失能程度`: a unit the policy declares, counted per level (or keying a parameter) like a built-in one.
          const keys: A.TypeKey[] = [];
          const table = this.OPTION3(() => {
            this.CONSUME2(kw('By'));
            keys.push(this.SUBRULE3(this.typeKey)!);
            this.MANY2(() => {
              this.CONSUME2(T.Comma);
              keys.push(this.SUBRULE4(this.typeKey)!);
            });
            return this.OPTION4(() => this.SUBRULE2(this.rangeTable));
          });
          if (!this.building || keys.length === 0) return { kind: 'NamedType', name: id };
          return { kind: 'unit', unit: { num: id.image, declared: { num: name(id)! }, range: tokRange(id) }, keys, table };
        },
      },
      {
        ALT: () => {
          const unit = this.SUBRULE(this.unitRef);
          const keys: A.TypeKey[] = [];
          // `人 按 技能等级` (counts per level); for a parameter `元 按 职业类别，技能等级 { 初级工：1000元至1500元 }`
          // (a catalogue of standards keyed by those types, with the ranges the text fixes per key).
          const table = this.OPTION(() => {
            this.CONSUME(kw('By'));
            keys.push(this.SUBRULE(this.typeKey)!);
            this.MANY(() => {
              this.CONSUME(T.Comma);
              keys.push(this.SUBRULE2(this.typeKey)!);
            });
            return this.OPTION2(() => this.SUBRULE(this.rangeTable));
          });
          return { kind: 'unit', unit, keys, table };
        },
      },
    ]) as { kind: string; of?: IToken; low?: A.NumberExpr; high?: A.NumberExpr; word?: IToken; postfix?: boolean; name?: IToken; unit?: A.UnitRef; keys?: A.TypeKey[]; table?: A.KeyRange[] };
    if (!this.building) return undefined;
    const range = this.upTo(s);
    switch (t.kind) {
      case 'BoolType':
      case 'TextType':
      case 'DateType':
      case 'PercentType':
        return { kind: t.kind, range };
      case 'ListType':
        return { kind: 'ListType', of: name(t.of)!, range };
      case 'RangeType':
        return { kind: 'RangeType', low: t.low!, high: t.high!, range };
      case 'BoundType':
        return { kind: 'BoundType', bound: t.low!, word: t.word!.tokenType.name, wordRange: tokRange(t.word!), postfix: t.postfix!, range };
      case 'NamedType':
        return { kind: 'NamedType', name: name(t.name)!, range };
    }
    const keys = t.keys!;
    if (keys.length === 0) return { kind: 'QuantityType', unit: t.unit!, range };
    if (keys.length === 1 && keys[0]!.kind === 'Name' && !t.table) return { kind: 'PerLevelType', unit: t.unit!, levels: keys[0]!.name, range };
    return { kind: 'KeyedType', unit: t.unit!, keys, ...(t.table && { ranges: t.table }), range };
  });

  typeKey = this.RULE('typeKey', (): A.TypeKey | undefined => {
    const s = this.at();
    const t = this.OR<IToken | undefined>(this.alts[25] ??= [{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => void this.CONSUME(kw('TextType')) }]);
    if (!this.building) return undefined;
    return t ? { kind: 'Name', name: name(t)! } : { kind: 'Text', range: this.upTo(s) };
  });

  rangeTable = this.RULE('rangeTable', (): A.KeyRange[] | undefined => {
    this.CONSUME(T.LBrace);
    const bag = this.building ? this.open() : undefined;
    this.MANY_SEP(this.seps[3] ??= { SEP: T.Comma, DEF: () => this.collect(this.SUBRULE(this.rangeEntry)) });
    const ranges = bag && this.close<A.KeyRange>(bag);
    this.CONSUME(T.RBrace);
    return ranges;
  });

  rangeEntry = this.RULE('rangeEntry', (): A.KeyRange | undefined => {
    const s = this.at();
    const id = this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    const low = this.SUBRULE(this.numberLit);
    this.CONSUME(kw('Until'));
    const high = this.SUBRULE2(this.numberLit);
    return this.building ? { key: name(id)!, low: low!, high: high!, range: this.upTo(s) } : undefined;
  });

  unitRef = this.RULE('unitRef', (): A.UnitRef | undefined => {
    const s = this.at();
    const word = this.CONSUME(T.UnitWord);
    const den = this.SUBRULE(this.unitDen);
    if (!this.building) return undefined;
    const out: A.UnitRef = { num: word.tokenType.name, range: this.upTo(s) };
    return withDen(out, den);
  });

  // `800元/天`: a name right after the slash (no space) is a declared unit; `1000元 / 天数` is a division.
  unitDen = this.RULE('unitDen', (): IToken | undefined => {
    return this.OPTION(this.alts[0] ??= {
      GATE: () => tokenMatcher(this.LA(1), T.Slash) && (tokenMatcher(this.LA(2), T.UnitWord) || (tokenMatcher(this.LA(2), T.Identifier) && this.LA(2).startOffset === this.LA(1).startOffset + 1)),
      DEF: () => {
        this.CONSUME(T.Slash);
        return this.OR(this.alts[24] ??= [{ ALT: () => this.CONSUME2(T.UnitWord) }, { ALT: () => this.CONSUME(T.Identifier) }]);
      },
    });
  });

  // `15天`, `3户`: a declared unit after a number.
  declaredUnit = this.RULE('declaredUnit', (): A.UnitRef | undefined => {
    const s = this.at();
    const own = this.CONSUME(T.Identifier);
    const den = this.SUBRULE(this.unitDen);
    if (!this.building) return undefined;
    const out: A.UnitRef = { num: own.image, declared: { num: name(own)! }, range: this.upTo(s) };
    return withDen(out, den);
  });

  benefitDecl = this.RULE('benefitDecl', (): A.BenefitDecl | undefined => {
    const s = this.at();
    const fields: A.Field[] = [];
    const examples: A.ExampleDecl[] = [];
    this.CONSUME(kw('Benefit'));
    const id = this.CONSUME(T.Identifier);
    const l = this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const f = this.OR(this.alts[5] ??= [
        { ALT: () => this.SUBRULE(this.field) },
        { ALT: () => this.SUBRULE(this.exampleDecl) },
        { GATE: this.atUnknownField, ALT: () => this.SUBRULE(this.unknownField) },
      ]) as A.Field | A.ExampleDecl | undefined;
      if (this.building) (f!.kind === 'Example' ? examples : fields).push(f as A.Field & A.ExampleDecl);
    });
    this.CONSUME(T.RBrace);
    return this.building ? withLabel({ kind: 'Benefit', name: name(id)!, fields, examples, range: this.upTo(s) }, l) : undefined;
  });

  exampleDecl = this.RULE('exampleDecl', (): A.ExampleDecl | undefined => {
    const s = this.at();
    const fields: A.Field[] = [];
    this.CONSUME(kw('Example'));
    const l = this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const f = this.OR<A.Field>(this.alts[6] ??= [{ ALT: () => this.SUBRULE(this.field) }, { ALT: () => this.SUBRULE(this.factEntry) }]);
      if (this.building) fields.push(f!);
    });
    this.CONSUME(T.RBrace);
    return this.building ? withLabel({ kind: 'Example', fields, range: this.upTo(s) }, l) : undefined;
  });

  factEntry = this.RULE('factEntry', (): A.Field | undefined => {
    const s = this.at();
    const id = this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    const values = this.SUBRULE(this.fieldValues);
    this.CONSUME(T.Semi);
    return this.building ? { kind: 'Field', key: 'Fact', factName: name(id)!, keyRange: tokRange(id), values: values!, range: this.upTo(s) } : undefined;
  });

  provisionDecl = this.RULE('provisionDecl', (): A.ProvisionDecl | undefined => {
    const s = this.at();
    const fields: A.Field[] = [];
    this.CONSUME(kw('Provision'));
    const id = this.CONSUME(T.Identifier);
    const l = this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const f = this.OR<A.Field>(this.alts[92] ??= [{ ALT: () => this.SUBRULE(this.field) }, { GATE: this.atUnknownField, ALT: () => this.SUBRULE(this.unknownField) }]);
      if (this.building) fields.push(f!);
    });
    this.CONSUME(T.RBrace);
    return this.building ? withLabel({ kind: 'Provision', name: name(id)!, fields, range: this.upTo(s) }, l) : undefined;
  });

  interactionDecl = this.RULE('interactionDecl', (): A.InteractionDecl | undefined => {
    const s = this.at();
    const mode = this.OR<IToken>(this.alts[7] ??= [
      { ALT: () => this.CONSUME(kw('HigherOf')) },
      { ALT: () => this.CONSUME(kw('Exclusive')) },
      { ALT: () => this.CONSUME(kw('Priority')) },
      { ALT: () => this.CONSUME(kw('Choice')) },
    ]);
    this.CONSUME(T.Colon);
    const bag = this.building ? this.open() : undefined;
    this.AT_LEAST_ONE_SEP(this.seps[4] ??= { SEP: T.Comma, DEF: () => this.collect(this.CONSUME(T.Identifier)) });
    const members = bag && this.close<IToken>(bag);
    this.CONSUME(T.Semi);
    return members ? { kind: 'Interaction', mode: mode.tokenType.name, members: members.map((t) => name(t)!), range: this.upTo(s) } : undefined;
  });

  // ---- expressions ----
  // Binary operators of one family share a rule (且/或; + − × ÷ /): the AST builder
  // applies precedence. Fewer rule levels keep the CST small, and parsing fast.
  expr = this.RULE('expr', (): A.Expr | undefined => {
    const first = this.SUBRULE(this.notExpr);
    const from = this.ops.length;
    this.MANY(this.acts['exprMore'] ??= () => {
      const op = this.OR<IToken>(this.alts[17] ??= [{ ALT: () => this.CONSUME(kw('Or')) }, { ALT: () => this.CONSUME(kw('And')) }]);
      const next = this.SUBRULE2(this.notExpr);
      if (!this.building) return;
      this.ops.push(op);
      this.operands.push(next!);
    });
    return this.ops.length > from ? fold([first!, ...this.operands.splice(from)], this.ops.splice(from), LOGICAL_LEVELS, logical) : first;
  });

  notExpr = this.RULE('notExpr', (): A.Expr | undefined => {
    return this.OR(this.alts[8] ??= [
      {
        ALT: () => {
          const not = this.CONSUME(kw('Not'));
          const e = this.SUBRULE(this.notExpr);
          if (!this.building) return undefined;
          return { kind: 'Not', expr: e!, range: { start: not.startOffset, end: Math.max(e!.range.end, tokRange(not).end) } };
        },
      },
      { ALT: () => this.SUBRULE(this.compareExpr) },
    ]);
  });

  compareExpr = this.RULE('compareExpr', (): A.Expr | undefined => {
    const s = this.at();
    const first = this.SUBRULE(this.additive);
    // `退役日期 至 招用日期 1年以内`: the time elapsed between two dates, compared.
    const until = this.OPTION2<{ until: IToken; to: A.Expr } | undefined>(this.acts['untilDate'] ??= () => this.SUBRULE(this.untilDate));
    // A string after a value is no bound (no comparison compares with one after it): the label of a derived fact
    // (`规上企业 = 主营收入 2000万元及以上 且 纳统 “是否规上”；`) ends the condition.
    const rest = this.OPTION(this.acts['compareRest'] ??= { GATE: this.notString, DEF: () => {
      return this.OR(this.alts[9] ??= [
        // `排名 前5名`: a rank as the texts write it (前五名, 前10名), read as `5名以内` (≤ 5).
        {
          GATE: () => this.LA(1).image === '前' && tokenMatcher(this.LA(2), T.NumberLit),
          ALT: () => {
            const word = this.CONSUME4(T.PostfixCmp);
            const right = this.SUBRULE5(this.additive);
            return { k: 'rank', word, right };
          },
        },
        {
          ALT: () => {
            const prefix = this.CONSUME(T.PrefixCmp);
            const right = this.SUBRULE2(this.additive);
            // `超过 100万元（含）`, `达到 40%（含）以上`: the text's mark after a prefix word's bound.
            const mark = this.OPTION6(() => this.SUBRULE3(this.boundMark));
            // `满 6个月以上`, `达到 500万元以上`: the texts say ≥ twice; read, so the checker can take it or say why not.
            const twice = this.OPTION5(() => {
              const word = this.CONSUME3(T.PostfixCmp);
              return { word, after: this.OPTION7(() => this.SUBRULE4(this.boundMark)) };
            });
            return { k: 'prefix', prefix, right, twice: twice?.word, mark: mark ?? twice?.after };
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw('In'));
            this.CONSUME(T.LBrace);
            const bag = this.building ? this.open() : undefined;
            this.AT_LEAST_ONE_SEP(this.seps[5] ??= { SEP: T.Comma, DEF: () => this.collect(this.SUBRULE(this.expr)) });
            const values = bag && this.close<A.Expr>(bag);
            this.CONSUME(T.RBrace);
            return { k: 'in', values };
          },
        },
        {
          ALT: () => {
            const right = this.SUBRULE3(this.additive);
            // `2024年1月1日（含）以后`: a mark before the word, or after it (`以后（含）`).
            const before = this.OPTION3(() => this.SUBRULE(this.boundMark));
            const word = this.OR2<object>(this.alts[19] ??= [
              {
                ALT: () => {
                  const postfix = this.CONSUME2(T.PostfixCmp);
                  const after = this.OPTION4(() => this.SUBRULE2(this.boundMark));
                  return { k: 'postfix', postfix, after };
                },
              },
              // `年龄 16至24周岁`, `月收入 3000元至6000元`: a range as the text writes it, both ends included
              // unless marked: `1亿元（含）至5亿元（不含）`.
              {
                ALT: () => {
                  this.CONSUME(kw('Until'));
                  const high = this.SUBRULE4(this.additive);
                  return { k: 'range', high, highMark: this.OPTION8(() => this.SUBRULE5(this.boundMark)) };
                },
              },
            ]);
            return { ...word, right, before };
          },
        },
        // `证书等级及以上` with no bound: relative to the value at hand (used by 限一次).
        { ALT: () => ({ k: 'relative', postfix: this.CONSUME(T.PostfixCmp) }) },
        // `高级工及以上` with the subject implied is not allowed; the bound needs a left side.
      ]);
    } });
    if (!this.building) return undefined;
    // The range is made only when there is a comparison (most values are a bare operand).
    return !until && !rest ? first : compareNode(first!, until, rest as CompareRest | undefined, this.upTo(s));
  });

  private notString = (): boolean => this.LA(1).tokenType !== T.StringLit;
  /** After a fact's type, a name or a string (an unterminated label) is no condition: the usual syntax error. */
  private notNameOrString = (): boolean => this.LA(1).tokenType !== T.StringLit && this.LA(1).tokenType !== T.Identifier;

  untilDate = this.RULE('untilDate', (): { until: IToken; to: A.Expr } | undefined => {
    const until = this.CONSUME(kw('Until'));
    const to = this.SUBRULE(this.additive);
    return this.building ? { until, to: to! } : undefined;
  });

  additive = this.RULE('additive', (): A.Expr | undefined => {
    const first = this.SUBRULE(this.unary);
    const from = this.ops.length;
    this.MANY(this.acts['additiveMore'] ??= () => {
      const op = this.OR<IToken>(this.alts[10] ??= [
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Minus) },
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Divide) },
        { ALT: () => this.CONSUME(T.Slash) },
      ]);
      const next = this.SUBRULE2(this.unary);
      if (!this.building) return;
      this.ops.push(op);
      this.operands.push(next!);
    });
    return this.ops.length > from ? fold([first!, ...this.operands.splice(from)], this.ops.splice(from), ARITH_LEVELS, binary) : first;
  });

  unary = this.RULE('unary', (): A.Expr | undefined => {
    return this.OR(this.alts[12] ??= [
      {
        ALT: () => {
          const minus = this.CONSUME(T.Minus);
          const e = this.SUBRULE(this.unary);
          if (!this.building) return undefined;
          return { kind: 'Neg', expr: e!, range: { start: minus.startOffset, end: Math.max(e!.range.end, tokRange(minus).end) } };
        },
      },
      {
        ALT: () => {
          const e = this.SUBRULE(this.primary);
          // `毕业日期 至今`: the time elapsed since a date.
          const since = this.OPTION<IToken>(this.acts['toDate'] ??= () => this.CONSUME(kw('ToDate')));
          if (!this.building || !since) return e;
          return { kind: 'Elapsed', from: e!, range: { start: e!.range.start, end: tokRange(since).end } };
        },
      },
    ]);
  });

  primary = this.RULE('primary', (): A.Expr | undefined => {
    const s = this.at();
    const e = this.OR(this.alts[13] ??= [
      // `周岁（出生日期）`: the age in full years at the as-of date (before the bare unit 周岁).
      { GATE: () => tokenMatcher(this.LA(1), kw('Age')) && tokenMatcher(this.LA(2), T.LParen), ALT: () => this.SUBRULE(this.ageExpr) },
      // `年度（认定日期）`: the calendar year of a date.
      { ALT: () => this.SUBRULE(this.yearExpr) },
      { ALT: () => this.SUBRULE(this.wholeExpr) },
      {
        ALT: () => {
          const n = this.SUBRULE(this.numberLit);
          // The stand-in for a part cut by the nesting limit (grammar/depth.ts; already reported as P1006).
          const t = this.lastNumber;
          return this.building && (t?.payload as { nestingCut?: boolean } | undefined)?.nestingCut ? ({ kind: 'Error', range: tokRange(t!) } as const) : n;
        },
      },
      { ALT: () => ({ kind: 'date', iso: this.CONSUME(T.DateLit) }) },
      { ALT: () => ({ kind: 'String', label: this.SUBRULE(this.label) }) },
      { ALT: () => this.CONSUME(kw('Yes')) && { kind: 'Bool', value: true } },
      { ALT: () => this.CONSUME(kw('No')) && { kind: 'Bool', value: false } },
      // `培训补贴标准（职业类别，证书等级）`: a keyed parameter's value for these keys (before the bare name).
      { GATE: () => tokenMatcher(this.LA(1), T.Identifier) && tokenMatcher(this.LA(2), T.LParen), ALT: () => this.SUBRULE(this.callExpr) },
      { ALT: () => ({ kind: 'ref', name: this.CONSUME(T.Identifier) }) },
      { ALT: () => ({ kind: 'Unit', unit: this.SUBRULE(this.unitRef) }) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => ({ kind: 'Map', entries: this.SUBRULE(this.mapLit) }) },
      { ALT: () => this.SUBRULE(this.tableExpr) },
      { ALT: () => this.SUBRULE(this.periodExpr) },
      { ALT: () => this.SUBRULE(this.ifExpr) },
      { ALT: () => this.SUBRULE(this.chooseExpr) },
      { ALT: () => this.SUBRULE(this.sumExpr) },
      // `符合 社会保险补贴 的条件`: another benefit's conditions (before the bare status word 符合 of examples).
      { GATE: () => tokenMatcher(this.LA(1), kw('Eligible')) && tokenMatcher(this.LA(2), T.Identifier), ALT: () => this.SUBRULE(this.meetsExpr) },
      { ALT: () => this.SUBRULE(this.sameAsExpr) },
      { ALT: () => ({ kind: 'keyword', keyword: this.CONSUME(T.ValueWord) }) },
    ]) as PrimaryParts;
    if (!this.building) return undefined;
    return primaryNode(e, this.upTo(s));
  });

  ifExpr = this.RULE('ifExpr', (): Partial<A.IfExpr> | undefined => {
    this.CONSUME(kw('If'));
    const cond = this.SUBRULE(this.expr);
    this.CONSUME(kw('Then'));
    const then = this.SUBRULE2(this.expr);
    this.CONSUME(kw('Else'));
    const otherwise = this.SUBRULE3(this.expr);
    return this.building ? { kind: 'If', cond: cond!, then: then!, else: otherwise! } : undefined;
  });

  yearExpr = this.RULE('yearExpr', (): Partial<A.YearExpr> | undefined => {
    this.CONSUME(kw('YearOf'));
    this.CONSUME(T.LParen);
    const date = this.SUBRULE(this.expr);
    this.CONSUME(T.RParen);
    return this.building ? { kind: 'YearOf', date: date! } : undefined;
  });

  wholeExpr = this.RULE('wholeExpr', (): Partial<A.WholeExpr> | undefined => {
    const mode = this.OR<'down' | 'up'>(this.alts[93] ??= [{ ALT: () => this.CONSUME(kw('Whole')) && 'down' }, { ALT: () => this.CONSUME(kw('WholeUp')) && 'up' }]);
    this.CONSUME(T.LParen);
    const arg = this.SUBRULE(this.expr);
    this.CONSUME(T.RParen);
    return this.building ? { kind: 'Whole', mode, arg: arg! } : undefined;
  });

  ageExpr = this.RULE('ageExpr', (): Partial<A.AgeExpr> | undefined => {
    this.CONSUME(kw('Age'));
    this.CONSUME(T.LParen);
    const birth = this.SUBRULE(this.expr);
    // `周岁（出生日期，见习开始日期）`: the age on another date than the as-of date.
    const on = this.OPTION(() => {
      this.CONSUME(T.Comma);
      return this.SUBRULE2(this.expr);
    });
    this.CONSUME(T.RParen);
    return this.building ? { kind: 'AgeOf', birth: birth!, ...(on && { at: on }) } : undefined;
  });

  chooseExpr = this.RULE('chooseExpr', (): Partial<A.ChooseExpr> | undefined => {
    const op = this.OR<'min' | 'max'>(this.alts[18] ??= [{ ALT: () => this.CONSUME(kw('LesserOf')) && 'min' }, { ALT: () => this.CONSUME(kw('GreaterOf')) && 'max' }]);
    this.CONSUME(T.LParen);
    const bag = this.building ? this.open() : undefined;
    this.AT_LEAST_ONE_SEP(this.seps[6] ??= { SEP: T.Comma, DEF: () => this.collect(this.SUBRULE(this.expr)) });
    const args = bag && this.close<A.Expr>(bag);
    this.CONSUME(T.RParen);
    return args ? { kind: 'Choose', op, args } : undefined;
  });

  callExpr = this.RULE('callExpr', (): Partial<A.CallExpr> | undefined => {
    const id = this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    const bag = this.building ? this.open() : undefined;
    this.AT_LEAST_ONE_SEP(this.seps[7] ??= { SEP: T.Comma, DEF: () => this.collect(this.SUBRULE(this.expr)) });
    const args = bag && this.close<A.Expr>(bag);
    this.CONSUME(T.RParen);
    return args ? { kind: 'Call', name: name(id)!, args } : undefined;
  });

  // `符合 X 的条件` / `符合 X 条件` / `eligible X conditions`: the conditions of benefit X.
  meetsExpr = this.RULE('meetsExpr', (): Partial<A.MeetsExpr> | undefined => {
    this.CONSUME(kw('Eligible'));
    const id = this.CONSUME(T.Identifier);
    const tail = this.OR<IToken | undefined>(this.alts[40] ??= [{ ALT: () => void this.CONSUME(kw('Condition')) }, { ALT: () => this.CONSUME2(T.Identifier) }]);
    if (!this.building) return undefined;
    // `的条件` is one identifier: anything else after the name is not this form.
    const other = tail && tail.image !== '的条件';
    return { kind: 'Meets', benefit: name(id)!, ...(other && { tail: { text: tail.image, range: tokRange(tail) } }) };
  });

  // `参照 标准化养殖场补助` / `same-as …`: another benefit's amount rule (as the whole 金额).
  sameAsExpr = this.RULE('sameAsExpr', (): Partial<A.SameAsExpr> | undefined => {
    this.CONSUME(kw('SameAs'));
    const id = this.CONSUME(T.Identifier);
    return this.building ? { kind: 'SameAs', benefit: name(id)! } : undefined;
  });

  // `合计（见习人员，每人金额[，每人条件]）`: the sum over the members of a list fact.
  sumExpr = this.RULE('sumExpr', (): Partial<A.SumOverExpr> | undefined => {
    this.CONSUME(kw('SumOver'));
    this.CONSUME(T.LParen);
    const bag = this.building ? this.open() : undefined;
    this.AT_LEAST_ONE_SEP(this.seps[8] ??= { SEP: T.Comma, DEF: () => this.collect(this.SUBRULE(this.expr)) });
    const args = bag && this.close<A.Expr>(bag);
    this.CONSUME(T.RParen);
    return args ? { kind: 'SumOver', args } : undefined;
  });

  numberLit = this.RULE('numberLit', (): A.NumberExpr | undefined => {
    const s = this.at();
    const t = this.CONSUME(T.NumberLit);
    const suffix = this.OPTION(this.acts['numberSuffix'] ??= () => {
      return this.OR(this.alts[14] ??= [{ ALT: () => this.CONSUME(T.Percent) }, { ALT: () => this.SUBRULE(this.unitRef) }, { ALT: () => this.SUBRULE(this.declaredUnit) }]);
    }) as IToken | A.UnitRef | undefined;
    if (!this.building) return undefined;
    this.lastNumber = t;
    const out: A.NumberExpr = { kind: 'Number', value: asciiDigits(t.image), range: this.upTo(s) };
    if (suffix && 'tokenType' in suffix) out.percent = true;
    else if (suffix) out.unit = suffix;
    return out;
  });

  parenExpr = this.RULE('parenExpr', (): Partial<A.ParenExpr> | undefined => {
    this.CONSUME(T.LParen);
    const e = this.SUBRULE(this.expr);
    this.CONSUME(T.RParen);
    return this.building ? { kind: 'Paren', expr: e! } : undefined;
  });

  mapLit = this.RULE('mapLit', (): A.MapEntry[] | undefined => {
    this.CONSUME(T.LBrace);
    const bag = this.building ? this.open() : undefined;
    this.MANY_SEP(this.seps[9] ??= { SEP: T.Comma, DEF: () => this.collect(this.SUBRULE(this.mapEntry)) });
    const entries = bag && this.close<A.MapEntry>(bag);
    this.CONSUME(T.RBrace);
    return entries;
  });

  mapEntry = this.RULE('mapEntry', (): A.MapEntry | undefined => {
    const s = this.at();
    const id = this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    const value = this.SUBRULE(this.additive);
    return this.building ? { key: name(id)!, value: value!, range: this.upTo(s) } : undefined;
  });

  tableExpr = this.RULE('tableExpr', (): Partial<A.TableExpr> | Partial<A.BracketsExpr> | undefined => {
    this.CONSUME(kw('By'));
    const by = this.CONSUME(T.Identifier);
    const t = this.OR(this.alts[20] ??= [
      { ALT: () => ({ kind: 'Table', entries: this.SUBRULE(this.mapLit) }) },
      {
        ALT: () => {
          // `分档`: the value of the bracket X falls in; `分段累进`: each part of X in a band at that band's rate, summed.
          const progressive = this.OR3<boolean>(this.alts[96] ??= [{ ALT: () => !this.CONSUME(kw('Brackets')) }, { ALT: () => !!this.CONSUME(kw('Progressive')) }]);
          this.CONSUME(T.LBrace);
          const bag = this.building ? this.open() : undefined;
          this.MANY_SEP(this.seps[10] ??= { SEP: T.Comma, DEF: () => this.collect(this.SUBRULE(this.bracketEntry)) });
          const entries = bag && this.close<A.BracketEntry>(bag);
          this.CONSUME(T.RBrace);
          return { kind: 'Brackets', entries, progressive };
        },
      },
    ]) as { kind: 'Table'; entries: A.MapEntry[] } | { kind: 'Brackets'; entries: A.BracketEntry[]; progressive: boolean };
    if (!this.building) return undefined;
    if (t.kind === 'Table') return { kind: 'Table', by: name(by)!, entries: t.entries };
    return t.progressive ? { kind: 'Brackets', by: name(by)!, entries: t.entries, progressive: true } : { kind: 'Brackets', by: name(by)!, entries: t.entries };
  });

  // `满 1亿元：…`, `1亿元以上：…`, `5000万元（含）至1亿元（不含）：…` — a bracket's bounds, then its value.
  bracketEntry = this.RULE('bracketEntry', (): A.BracketEntry | undefined => {
    const s = this.at();
    const bound = this.OR(this.alts[21] ??= [
      {
        ALT: () => {
          const prefix = this.CONSUME(T.PrefixCmp);
          const first = this.SUBRULE(this.additive);
          // `超过 100万元（含）：…` (the text's “超过…（含下同）”).
          const before = this.OPTION5(() => this.SUBRULE4(this.boundMark));
          // `超过12%不超过18%：…`: a second bound with its own prefix word.
          const second = this.option(14, () => {
            const word2 = this.CONSUME4(T.PrefixCmp);
            const high = this.subrule(15, this.additive);
            return { word2, high, highMark: this.option(16, () => this.subrule(16, this.boundMark)) };
          });

          // `达到 2亿元以上：…`: the same bound said twice, as conditions read it (the checker decides whether the words agree).
          const twice = this.OPTION8(() => {
            const postfix = this.CONSUME2(T.PostfixCmp);
            return { twice: postfix, twiceMark: this.OPTION9(() => this.SUBRULE6(this.boundMark)) };
          });
          // `超过 36000元至144000元：…` (“超过…至…的部分”).
          const upTo = this.OPTION6(() => {
            this.CONSUME2(kw('Until'));
            const high = this.SUBRULE5(this.additive);
            return { high, highMark: this.OPTION7(() => this.SUBRULE5(this.boundMark)) };
          });
          return { prefix, first, before, ...twice, ...upTo, ...second };
        },
      },
      {
        ALT: () => {
          const first = this.SUBRULE2(this.additive);
          const before = this.OPTION(() => this.SUBRULE(this.boundMark));
          // A bare bound (no word) is read too, so the checker can say which words to write (P2063).
          const word = this.OPTION3(() => this.OR2<object>(this.alts[22] ??= [
            {
              ALT: () => {
                const postfix = this.CONSUME(T.PostfixCmp);
                // `5人以上（不含）`: the mark after the word, in the text's order, as conditions read it.
                const after = this.OPTION4(() => this.SUBRULE3(this.boundMark));
                // `12%以上18%以下：…`, `12%以上不满18%：…`: a second bound with its own statutory word (民法典 第1259条).
                const second = this.OPTION1(() =>
                  this.OR3<SecondBound>(this.alts[97] ??= [
                    {
                      ALT: () => {
                        const high = this.SUBRULE6(this.additive);
                        const highMark = this.option(10, () => this.subrule(10, this.boundMark));
                        const word2 = this.CONSUME3(T.PostfixCmp);
                        return { high, word2, highMark: this.option(11, () => this.subrule(11, this.boundMark)) ?? highMark };
                      },
                    },
                    {
                      ALT: () => {
                        const word2 = this.CONSUME3(T.PrefixCmp);
                        const high = this.subrule(13, this.additive);
                        return { high, word2, highMark: this.option(12, () => this.subrule(12, this.boundMark)) };
                      },
                    },
                  ]),
                );
                return { postfix, after, ...second };
              },
            },
            {
              ALT: () => {
                this.CONSUME(kw('Until'));
                const high = this.SUBRULE3(this.additive);
                return { high, highMark: this.OPTION2(() => this.SUBRULE2(this.boundMark)) };
              },
            },
          ]));
          return { first, before, ...word };
        },
      },
    ]) as BracketBounds;
    const colon = this.CONSUME(T.Colon);
    const value = this.SUBRULE4(this.additive);
    if (!this.building) return undefined;
    return bracketNode(bound, colon, value!, this.upTo(s));
  });

  // `（含）` / `（不含）` after a bound.
  boundMark = this.RULE('boundMark', (): 'Incl' | 'Excl' | undefined => {
    this.CONSUME(T.LParen);
    const m = this.OR<'Incl' | 'Excl'>(this.alts[23] ??= [{ ALT: () => this.CONSUME(kw('Incl')) && 'Incl' }, { ALT: () => this.CONSUME(kw('Excl')) && 'Excl' }]);
    this.CONSUME(T.RParen);
    return this.building ? m : undefined;
  });

  periodExpr = this.RULE('periodExpr', (): PeriodParts | undefined => {
    return this.OR(this.alts[15] ??= [
      {
        ALT: () => {
          this.CONSUME(kw('From'));
          const from = this.SUBRULE(this.additive);
          const length = this.OPTION(() => {
            this.CONSUME(kw('Onward'));
            return this.SUBRULE2(this.additive);
          });
          const until = this.OPTION2(() => {
            this.CONSUME(kw('Until'));
            return this.SUBRULE3(this.additive);
          });
          return this.building ? { kind: 'Period', from, length, until } : undefined;
        },
      },
      {
        ALT: () => {
          this.CONSUME2(kw('Until'));
          const until = this.SUBRULE4(this.additive);
          return this.building ? { kind: 'Period', until } : undefined;
        },
      },
    ]);
  });
}

// ---- The direct path's nodes: what grammar/build.ts makes of the same CST when it has no error ----

/** What compareExpr read after its left side. */
type CompareRest =
  | { k: 'prefix'; prefix: IToken; right: A.Expr; twice?: IToken; mark?: 'Incl' | 'Excl' }
  | { k: 'in'; values: A.Expr[] }
  | { k: 'postfix'; postfix: IToken; after?: 'Incl' | 'Excl'; right: A.Expr; before?: 'Incl' | 'Excl' }
  | { k: 'range'; high: A.Expr; right: A.Expr; before?: 'Incl' | 'Excl'; highMark?: 'Incl' | 'Excl' }
  | { k: 'relative'; postfix: IToken }
  | { k: 'rank'; word: IToken; right: A.Expr };

/** What bracketEntry read before its `：`. */
/** The second bound of `12%以上18%以下` / `12%以上不满18%`. */
interface SecondBound {
  high: A.Expr;
  word2: IToken;
  highMark?: 'Incl' | 'Excl';
}

interface BracketBounds {
  first: A.Expr;
  prefix?: IToken;
  before?: 'Incl' | 'Excl';
  /** `达到 2亿元以上`: a postfix word after a prefix word's bound, and a mark after it. */
  twice?: IToken;
  twiceMark?: 'Incl' | 'Excl';
  postfix?: IToken;
  after?: 'Incl' | 'Excl';
  high?: A.Expr;
  highMark?: 'Incl' | 'Excl';
  /** The word of the second bound after a postfix word (`12%以上18%以下`). */
  word2?: IToken;
}

interface PeriodParts {
  kind: 'Period';
  from?: A.Expr;
  length?: A.Expr;
  until?: A.Expr;
}

/** The parts of primary's alternatives, before the range of the primary is known. */
type PrimaryParts =
  | A.Expr
  | PeriodParts
  | { kind: 'date'; iso: IToken }
  | { kind: 'ref'; name: IToken }
  | { kind: 'keyword'; keyword: IToken }
  | { kind: 'String'; label: A.Label }
  | { kind: 'Unit'; unit: A.UnitRef }
  | { kind: 'Map'; entries: A.MapEntry[] }
  | { kind: 'Bool'; value: boolean }
  | { kind: 'If'; cond: A.Expr; then: A.Expr; else: A.Expr }
  | { kind: 'YearOf'; date: A.Expr }
  | { kind: 'Whole'; mode: 'down' | 'up'; arg: A.Expr }
  | { kind: 'AgeOf'; birth: A.Expr; at?: A.Expr }
  | { kind: 'Choose'; op: 'min' | 'max'; args: A.Expr[] }
  | { kind: 'Call'; name: A.Name; args: A.Expr[] }
  | { kind: 'Meets'; benefit: A.Name; tail?: { text: string; range: A.Range } }
  | { kind: 'SameAs'; benefit: A.Name }
  | { kind: 'SumOver'; args: A.Expr[] }
  | { kind: 'Paren'; expr: A.Expr }
  | { kind: 'Table'; by: A.Name; entries: A.MapEntry[] }
  | { kind: 'Brackets'; by: A.Name; entries: A.BracketEntry[]; progressive?: true };

function withDen(out: A.UnitRef, den: IToken | undefined): A.UnitRef {
  if (!den) return out;
  if (tokenMatcher(den, T.UnitWord)) out.den = den.tokenType.name;
  else {
    out.den = den.image;
    out.declared = { ...out.declared, den: name(den)! };
  }
  return out;
}

function compareNode(first: A.Expr, until: { until: IToken; to: A.Expr } | undefined, rest: CompareRest | undefined, range: A.Range): A.Expr {
  const left: A.Expr = until
    ? { kind: 'Elapsed', from: first, to: until.to, range: { start: first.range.start, end: Math.max(until.to.range.end, tokRange(until.until).end) } }
    : first;
  if (!rest) return left;
  switch (rest.k) {
    case 'in':
      return { kind: 'In', left, values: rest.values, range };
    case 'range':
      return { kind: 'Range', left, low: rest.right, high: rest.high, ...(rest.before && { lowMark: rest.before }), ...(rest.highMark && { highMark: rest.highMark }), range };
    case 'relative':
      return { kind: 'Relative', op: rest.postfix.tokenType.name, expr: left, range };
    case 'rank':
      return { kind: 'Compare', op: 'Within', left, right: rest.right, rank: true, range };
    case 'prefix': {
      const twice = rest.twice?.tokenType.name;
      return { kind: 'Compare', op: rest.prefix.tokenType.name, left, right: rest.right, ...(rest.mark && { mark: rest.mark }), ...(twice && { twice }), ...spelledAs(rest.prefix), ...spelledAs(rest.twice, 'twiceSpelled'), range };
    }
    case 'postfix': {
      const mark = rest.before ?? rest.after;
      return { kind: 'Compare', op: rest.postfix.tokenType.name, left, right: rest.right, ...(mark && { mark }), ...spelledAs(rest.postfix), range };
    }
  }
}

const withMark = (v: A.Expr, m: 'Incl' | 'Excl' | undefined): A.BracketBound => (m ? { value: v, mark: m } : { value: v });

function bracketNode(b: BracketBounds, colon: IToken, value: A.Expr, at: A.Range): A.BracketEntry {
  const keyRange = { start: at.start, end: colon.startOffset };
  const first = b.first;
  if (b.prefix) {
    const op = b.prefix.tokenType.name;
    const bound = withMark(first, b.before ?? b.twiceMark);
    const twice = b.twice && { twice: b.twice.tokenType.name, ...spelledAs(b.twice, 'twiceSpelled') };
    if (b.word2 && b.high) return { op, low: withMark(first, b.before), high: withMark(b.high, b.highMark), op2: b.word2.tokenType.name, ...spelledAs(b.word2, 'spelled2'), value, ...spelledAs(b.prefix), keyRange, range: at };
    // `超过 B1 至 B2`: the word bounds B1, 至 reaches B2 (included unless marked).
    if (b.high) return { op, low: bound, high: withMark(b.high, b.highMark), value, ...twice, ...spelledAs(b.prefix), keyRange, range: at };
    return { op, ...(PREFIX_UPPER.has(op) ? { high: bound } : { low: bound }), value, ...twice, ...spelledAs(b.prefix), keyRange, range: at };
  }
  if (b.postfix) {
    const op = b.postfix.tokenType.name;
    const bound = withMark(first, b.before ?? b.after);
    if (b.word2 && b.high) return { op, low: bound, high: withMark(b.high, b.highMark), op2: b.word2.tokenType.name, ...spelledAs(b.word2, 'spelled2'), value, ...spelledAs(b.postfix), keyRange, range: at };
    return { op, ...(POSTFIX_UPPER.has(op) ? { high: bound } : { low: bound }), value, ...spelledAs(b.postfix), keyRange, range: at };
  }
  if (b.high) return { low: withMark(first, b.before), high: withMark(b.high, b.highMark), value, keyRange, range: at };
  // A bare bound: the checker asks for a word (P2063).
  return { low: withMark(first, b.before), value, keyRange, range: at, bare: true };
}

function primaryNode(e: PrimaryParts, range: A.Range): A.Expr {
  switch (e.kind) {
    case 'date':
      return dateNode(e.iso.image, range);
    case 'ref':
      return { kind: 'Ref', name: name(e.name)!, range };
    case 'keyword':
      return { kind: 'Keyword', keyword: e.keyword.tokenType.name, range };
    case 'String':
      return { kind: 'String', label: e.label, range };
    case 'Unit':
      return { kind: 'Unit', unit: e.unit, range };
    case 'Map':
      return { kind: 'Map', entries: e.entries, range };
    case 'Bool':
      return { kind: 'Bool', value: e.value, range };
    case 'If':
      return { kind: 'If', cond: e.cond, then: e.then, else: e.else, range };
    case 'YearOf':
      return { kind: 'YearOf', date: e.date, range };
    case 'Whole':
      return { kind: 'Whole', mode: e.mode, arg: e.arg, range };
    case 'AgeOf': {
      const out: A.AgeExpr = { kind: 'AgeOf', birth: e.birth, range };
      if (e.at) out.at = e.at;
      return out;
    }
    case 'Choose':
      return { kind: 'Choose', op: e.op, args: e.args, range };
    case 'Call':
      return { kind: 'Call', name: e.name, args: e.args, range };
    case 'SumOver':
      return { kind: 'SumOver', args: e.args, range };
    case 'Meets': {
      const out: A.MeetsExpr = { kind: 'Meets', benefit: e.benefit, range };
      if (e.tail) out.tail = e.tail;
      return out;
    }
    case 'SameAs':
      return { kind: 'SameAs', benefit: e.benefit, range };
    case 'Paren':
      return { kind: 'Paren', expr: e.expr, range };
    case 'Table':
      return { kind: 'Table', by: e.by, entries: e.entries, range };
    case 'Brackets':
      return { kind: 'Brackets', by: e.by, entries: e.entries, ...(e.progressive && { progressive: true as const }), range };
    case 'Period': {
      const out: A.PeriodExpr = { kind: 'Period', range };
      if (e.from) out.from = e.from;
      if (e.length) out.length = e.length;
      if (e.until) out.until = e.until;
      return out;
    }
  }
  // A number (its own range is the primary's) or the error node of a cut part.
  return e;
}

/** The CST parser, built on first use (a process that never parses, e.g. a language server not yet sent a file, never pays for it). */
let shared: PolicyParser | undefined;
const theParser = (): PolicyParser => (shared ??= new PolicyParser());
/** The direct parser, built on first use too (a file with errors needs both). */
let direct: PolicyParser | undefined;

/** A parser built with Chevrotain's grammar validations on (throws if the grammar is ambiguous or malformed): for tests. */
export const validatedParser = (): PolicyParser => new PolicyParser(true);
export type { PolicyParser };

export interface SyntaxError {
  message: string;
  token: IToken;
  /** The rule stack, innermost last: tells which construct was being read. */
  ruleStack: string[];
  previousToken?: IToken;
  kind: string;
}

export function parseTokens(tokens: IToken[], parser: PolicyParser = theParser()): { cst: CstNode; errors: SyntaxError[] } {
  parser.input = tokens;
  // Recovery throws and catches an exception at every syntax error; their stack traces are never read, and
  // capturing them was most of the time of a file with thousands of errors.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let cst: CstNode;
  try {
    cst = parser.file() as unknown as CstNode;
  } finally {
    Error.stackTraceLimit = limit;
  }
  const errors = parser.errors.map((e) => ({
    message: e.message,
    token: e.token,
    ruleStack: e.context.ruleStack,
    previousToken: (e as unknown as { previousToken?: IToken }).previousToken,
    kind: e.name,
  }));
  return { cst, errors };
}

/**
 * The top-level declarations of `tokens` read straight into the AST, or undefined when they have a
 * syntax error (the caller then parses them with parseTokens, whose recovery reads past it).
 */
export function parseDirect(tokens: IToken[]): A.Decl[] | undefined {
  const parser = (direct ??= new PolicyParser(false, true));
  parser.resetBags();
  parser.input = tokens;
  let decls: A.Decl[] | undefined;
  try {
    decls = parser.file();
  } catch {
    // Parsing never fails: whatever stopped the direct path (a tree its actions did not expect), the
    // CST parser, which runs no actions, reads the file instead.
    decls = undefined;
  }
  const ok = parser.errors.length === 0 && decls !== undefined;
  // The parser keeps its input until the next parse: let the tokens go now.
  parser.input = [];
  return ok ? decls : undefined;
}
