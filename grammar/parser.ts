// The Chevrotain grammar: pure rules, no actions. One parser instance is
// reused for every parse; recovery is on, so a file with errors still gives a
// CST (and then an AST) plus the list of every syntax error.
import { CstParser, LLkLookaheadStrategy, type CstNode, type IToken, type TokenType, tokenMatcher } from 'chevrotain';
import * as T from './tokens.ts';

const KW = T.KW;
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
    let f: ReturnType<LLk['buildLookaheadForAlternation']> | undefined;
    const build = () => (f ??= super.buildLookaheadForAlternation(options));
    return function (this: unknown, orAlts?: unknown) {
      return (build() as (this: unknown, alts?: unknown) => number | undefined).call(this, orAlts);
    } as ReturnType<LLk['buildLookaheadForAlternation']>;
  }

  override buildLookaheadForOptional(options: Parameters<LLk['buildLookaheadForOptional']>[0]) {
    let f: ReturnType<LLk['buildLookaheadForOptional']> | undefined;
    const build = () => (f ??= super.buildLookaheadForOptional(options));
    return function (this: unknown) {
      return (build() as (this: unknown) => boolean).call(this);
    } as ReturnType<LLk['buildLookaheadForOptional']>;
  }
}

class PolicyParser extends CstParser {
  // Alternatives are built once and reused: a fresh closure per call costs
  // (and under tsx every inline `ALT: () => …` also gets a __name wrapper).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private alts: any[] = [];
  /** The same for the options of AT_LEAST_ONE_SEP and MANY_SEP (fieldValues alone runs once per field). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private seps: any[] = [];

  /**
   * `validate`: run Chevrotain's grammar validations (ambiguities, left
   * recursion …). They cost about half of the parser's construction at every
   * start, so the shared instance skips them; test/grammar/validations.test.ts
   * builds one with them on, so a grammar mistake still fails `npm test`.
   */
  constructor(validate = false) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: 'onlyOffset',
      skipValidations: !validate,
      ...(!validate && { lookaheadStrategy: new LazyLookahead({ maxLookahead: 3 }) }),
    });
    this.performSelfAnalysis();
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
    return (CstParser.prototype as unknown as { getFollowsForInRuleRecovery: (t: TokenType, i: number) => TokenType[] }).getFollowsForInRuleRecovery.call(
      this,
      tokType,
      tokIdxInRule,
    );
  }

  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.decl));
  });

  decl = this.RULE('decl', () => {
    this.OR(this.alts[1] ??= [
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
  unitDecl = this.RULE('unitDecl', () => {
    this.CONSUME(kw('UnitDecl'));
    // A built-in unit's name (`计量单位 天`) is read too, so the checker can say it is built in (P2151).
    this.OR(this.alts[30] ??= [{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.UnitWord) }]);
    this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Semi);
  });

  importDecl = this.RULE('importDecl', () => {
    this.CONSUME(kw('Import'));
    this.CONSUME(T.StringLit);
    this.CONSUME(T.Semi);
  });

  label = this.RULE('label', () => {
    this.CONSUME(T.StringLit);
    this.OPTION(() => {
      this.CONSUME(T.Slash);
      this.CONSUME2(T.StringLit);
    });
  });

  policyDecl = this.RULE('policyDecl', () => {
    this.CONSUME(kw('Policy'));
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR(this.alts[90] ??= [{ ALT: () => this.SUBRULE(this.field) }, { GATE: this.atUnknownField, ALT: () => this.SUBRULE(this.unknownField) }]);
    });
    this.CONSUME(T.RBrace);
  });

  /** A name then `：` (or a name, a comparison word, `：` — 总额不超过：) where a field keyword belongs. */
  private atUnknownField = (): boolean =>
    tokenMatcher(this.LA(1), T.Identifier) &&
    (tokenMatcher(this.LA(2), T.Colon) ||
      ((tokenMatcher(this.LA(2), T.PrefixCmp) || tokenMatcher(this.LA(2), T.PostfixCmp)) && tokenMatcher(this.LA(3), T.Colon)));

  // `资金总额：5000万元；` — a name where a field keyword belongs (a misspelt or invented field) is read as a field,
  // so the checker names the fields the block takes (P2190) and the rest of the block is still read and checked.
  unknownField = this.RULE('unknownField', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.OR(this.alts[91] ??= [{ ALT: () => this.CONSUME(T.PrefixCmp) }, { ALT: () => this.CONSUME(T.PostfixCmp) }]);
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.fieldValues);
    this.CONSUME(T.Semi);
  });

  field = this.RULE('field', () => {
    this.CONSUME(T.FieldKey);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.fieldValues);
    this.CONSUME(T.Semi);
  });

  fieldValues = this.RULE('fieldValues', () => {
    this.AT_LEAST_ONE_SEP(this.seps[0] ??= { SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
  });

  fundDecl = this.RULE('fundDecl', () => {
    this.CONSUME(kw('Fund'));
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Semi);
  });

  levelsDecl = this.RULE('levelsDecl', () => {
    this.CONSUME(kw('Levels'));
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.levelItem);
    this.MANY(() => {
      this.OR(this.alts[2] ??= [{ ALT: () => this.CONSUME(T.Less) }, { ALT: () => this.CONSUME(T.Comma) }]);
      this.SUBRULE2(this.levelItem);
    });
    this.CONSUME(T.Semi);
  });

  levelItem = this.RULE('levelItem', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP(this.seps[1] ??= { SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier) });
      this.CONSUME(T.RParen);
    });
    this.OPTION2(() => this.SUBRULE(this.label));
  });

  enumDecl = this.RULE('enumDecl', () => {
    this.CONSUME(kw('Enum'));
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Colon);
    this.AT_LEAST_ONE_SEP(this.seps[2] ??= { SEP: T.Comma, DEF: () => this.SUBRULE(this.enumItem) });
    this.CONSUME(T.Semi);
  });

  enumItem = this.RULE('enumItem', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.label));
  });

  subjectDecl = this.RULE('subjectDecl', () => {
    this.CONSUME(kw('Subject'));
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.factDecl));
    this.CONSUME(T.RBrace);
  });

  // `名称：类型 “问题”；` or a derived fact `名称 = 算式 “说明”；`
  factDecl = this.RULE('factDecl', () => {
    this.CONSUME(T.Identifier);
    this.OR(this.alts[3] ??= [
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          // `核定奖励额：核定 20万元至500万元；` an amount the office sets case by case within the text's range
          this.OPTION2(() => this.CONSUME(kw('Reviewed')));
          this.SUBRULE(this.typeRef);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          this.SUBRULE(this.additive);
        },
      },
    ]);
    this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Semi);
  });

  parameterDecl = this.RULE('parameterDecl', () => {
    this.CONSUME(kw('Parameter'));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.Semi);
  });

  typeRef = this.RULE('typeRef', () => {
    this.OR(this.alts[4] ??= [
      { ALT: () => this.CONSUME(kw('BoolType')) },
      { ALT: () => this.CONSUME(kw('TextType')) },
      { ALT: () => this.CONSUME(kw('Date')) },
      // `见习人员：名单 见习人员；` a list of members, each with the facts of a subject type
      {
        ALT: () => {
          this.CONSUME(kw('ListOf'));
          this.CONSUME3(T.Identifier);
        },
      },
      // `补贴比例：%；` a percentage
      { ALT: () => this.CONSUME(T.Percent) },
      // `参数 补贴标准：3000元至6000元；` a range the text fixes for a parameter; `50%以下` one bound
      {
        ALT: () => {
          this.SUBRULE(this.numberLit);
          this.OR2(this.alts[94] ??= [
            {
              ALT: () => {
                this.CONSUME(kw('Until'));
                this.SUBRULE2(this.numberLit);
              },
            },
            { ALT: () => this.CONSUME(T.PostfixCmp) },
          ]);
        },
      },
      // `参数 比例：不超过50%；`, `最高3000元`, `不低于1000元`: one bound the text fixes
      {
        ALT: () => {
          this.OR3(this.alts[95] ??= [{ ALT: () => this.CONSUME(T.PrefixCmp) }, { ALT: () => this.CONSUME(kw('Ceiling')) }]);
          this.SUBRULE3(this.numberLit);
        },
      },
      { ALT: () => this.CONSUME(T.Identifier) },
      {
        ALT: () => {
          this.SUBRULE(this.unitRef);
          // `人 按 技能等级` (counts per level); for a parameter `元 按 职业类别，技能等级 { 初级工：1000元至1500元 }`
          // (a catalogue of standards keyed by those types, with the ranges the text fixes per key).
          this.OPTION(() => {
            this.CONSUME(kw('By'));
            this.SUBRULE(this.typeKey);
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.SUBRULE2(this.typeKey);
            });
            this.OPTION2(() => this.SUBRULE(this.rangeTable));
          });
        },
      },
    ]);
  });

  typeKey = this.RULE('typeKey', () => {
    this.OR(this.alts[25] ??= [{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(kw('TextType')) }]);
  });

  rangeTable = this.RULE('rangeTable', () => {
    this.CONSUME(T.LBrace);
    this.MANY_SEP(this.seps[3] ??= { SEP: T.Comma, DEF: () => this.SUBRULE(this.rangeEntry) });
    this.CONSUME(T.RBrace);
  });

  rangeEntry = this.RULE('rangeEntry', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.numberLit);
    this.CONSUME(kw('Until'));
    this.SUBRULE2(this.numberLit);
  });

  unitRef = this.RULE('unitRef', () => {
    this.CONSUME(T.UnitWord);
    this.SUBRULE(this.unitDen);
  });

  // `800元/天`: a name right after the slash (no space) is a declared unit; `1000元 / 天数` is a division.
  unitDen = this.RULE('unitDen', () => {
    this.OPTION(this.alts[0] ??= {
      GATE: () => tokenMatcher(this.LA(1), T.Slash) && (tokenMatcher(this.LA(2), T.UnitWord) || (tokenMatcher(this.LA(2), T.Identifier) && this.LA(2).startOffset === this.LA(1).startOffset + 1)),
      DEF: () => {
        this.CONSUME(T.Slash);
        this.OR(this.alts[24] ??= [{ ALT: () => this.CONSUME2(T.UnitWord) }, { ALT: () => this.CONSUME(T.Identifier) }]);
      },
    });
  });

  // `15天`, `3户`: a declared unit after a number.
  declaredUnit = this.RULE('declaredUnit', () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.unitDen);
  });

  benefitDecl = this.RULE('benefitDecl', () => {
    this.CONSUME(kw('Benefit'));
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR(this.alts[5] ??= [
        { ALT: () => this.SUBRULE(this.field) },
        { ALT: () => this.SUBRULE(this.exampleDecl) },
        { GATE: this.atUnknownField, ALT: () => this.SUBRULE(this.unknownField) },
      ]);
    });
    this.CONSUME(T.RBrace);
  });

  exampleDecl = this.RULE('exampleDecl', () => {
    this.CONSUME(kw('Example'));
    this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR(this.alts[6] ??= [{ ALT: () => this.SUBRULE(this.field) }, { ALT: () => this.SUBRULE(this.factEntry) }]);
    });
    this.CONSUME(T.RBrace);
  });

  factEntry = this.RULE('factEntry', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.fieldValues);
    this.CONSUME(T.Semi);
  });

  provisionDecl = this.RULE('provisionDecl', () => {
    this.CONSUME(kw('Provision'));
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.label));
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR(this.alts[92] ??= [{ ALT: () => this.SUBRULE(this.field) }, { GATE: this.atUnknownField, ALT: () => this.SUBRULE(this.unknownField) }]);
    });
    this.CONSUME(T.RBrace);
  });

  interactionDecl = this.RULE('interactionDecl', () => {
    this.OR(this.alts[7] ??= [
      { ALT: () => this.CONSUME(kw('HigherOf')) },
      { ALT: () => this.CONSUME(kw('Exclusive')) },
      { ALT: () => this.CONSUME(kw('Priority')) },
    ]);
    this.CONSUME(T.Colon);
    this.AT_LEAST_ONE_SEP(this.seps[4] ??= { SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier) });
    this.CONSUME(T.Semi);
  });

  // ---- expressions ----
  // Binary operators of one family share a rule (且/或; + − × ÷ /): the AST builder
  // applies precedence. Fewer rule levels keep the CST small, and parsing fast.
  expr = this.RULE('expr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.OR(this.alts[17] ??= [{ ALT: () => this.CONSUME(kw('Or')) }, { ALT: () => this.CONSUME(kw('And')) }]);
      this.SUBRULE2(this.notExpr);
    });
  });

  notExpr = this.RULE('notExpr', () => {
    this.OR(this.alts[8] ??= [
      {
        ALT: () => {
          this.CONSUME(kw('Not'));
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.compareExpr) },
    ]);
  });

  compareExpr = this.RULE('compareExpr', () => {
    this.SUBRULE(this.additive);
    // `退役日期 至 招用日期 1年以内`: the time elapsed between two dates, compared.
    this.OPTION2(() => this.SUBRULE(this.untilDate));
    this.OPTION(() => {
      this.OR(this.alts[9] ??= [
        {
          ALT: () => {
            this.CONSUME(T.PrefixCmp);
            this.SUBRULE2(this.additive);
            // `满 6个月以上`, `达到 500万元以上`: the texts say ≥ twice; read, so the checker can take it or say why not.
            this.OPTION5(() => this.CONSUME3(T.PostfixCmp));
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw('In'));
            this.CONSUME(T.LBrace);
            this.AT_LEAST_ONE_SEP(this.seps[5] ??= { SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
            this.CONSUME(T.RBrace);
          },
        },
        {
          ALT: () => {
            this.SUBRULE3(this.additive);
            // `2024年1月1日（含）以后`: a mark before the word, or after it (`以后（含）`).
            this.OPTION3(() => this.SUBRULE(this.boundMark));
            this.OR2(this.alts[19] ??= [
              {
                ALT: () => {
                  this.CONSUME2(T.PostfixCmp);
                  this.OPTION4(() => this.SUBRULE2(this.boundMark));
                },
              },
              // `年龄 16至24周岁`, `月收入 3000元至6000元`: a range as the text writes it, both ends included.
              {
                ALT: () => {
                  this.CONSUME(kw('Until'));
                  this.SUBRULE4(this.additive);
                },
              },
            ]);
          },
        },
        // `证书等级及以上` with no bound: relative to the value at hand (used by 限一次).
        { ALT: () => this.CONSUME(T.PostfixCmp) },
        // `高级工及以上` with the subject implied is not allowed; the bound needs a left side.
      ]);
    });
  });

  untilDate = this.RULE('untilDate', () => {
    this.CONSUME(kw('Until'));
    this.SUBRULE(this.additive);
  });

  additive = this.RULE('additive', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR(this.alts[10] ??= [
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Minus) },
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Divide) },
        { ALT: () => this.CONSUME(T.Slash) },
      ]);
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE('unary', () => {
    this.OR(this.alts[12] ??= [
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.primary);
          // `毕业日期 至今`: the time elapsed since a date.
          this.OPTION(() => this.CONSUME(kw('ToDate')));
        },
      },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR(this.alts[13] ??= [
      // `周岁（出生日期）`: the age in full years at the as-of date (before the bare unit 周岁).
      { GATE: () => tokenMatcher(this.LA(1), kw('Age')) && tokenMatcher(this.LA(2), T.LParen), ALT: () => this.SUBRULE(this.ageExpr) },
      // `年度（认定日期）`: the calendar year of a date.
      { ALT: () => this.SUBRULE(this.yearExpr) },
      { ALT: () => this.SUBRULE(this.wholeExpr) },
      { ALT: () => this.SUBRULE(this.numberLit) },
      { ALT: () => this.CONSUME(T.DateLit) },
      { ALT: () => this.SUBRULE(this.label) },
      { ALT: () => this.CONSUME(kw('Yes')) },
      { ALT: () => this.CONSUME(kw('No')) },
      // `培训补贴标准（职业类别，证书等级）`: a keyed parameter's value for these keys (before the bare name).
      { GATE: () => tokenMatcher(this.LA(1), T.Identifier) && tokenMatcher(this.LA(2), T.LParen), ALT: () => this.SUBRULE(this.callExpr) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.unitRef) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.mapLit) },
      { ALT: () => this.SUBRULE(this.tableExpr) },
      { ALT: () => this.SUBRULE(this.periodExpr) },
      { ALT: () => this.SUBRULE(this.ifExpr) },
      { ALT: () => this.SUBRULE(this.chooseExpr) },
      { ALT: () => this.SUBRULE(this.sumExpr) },
      // `符合 社会保险补贴 的条件`: another benefit's conditions (before the bare status word 符合 of examples).
      { GATE: () => tokenMatcher(this.LA(1), kw('Eligible')) && tokenMatcher(this.LA(2), T.Identifier), ALT: () => this.SUBRULE(this.meetsExpr) },
      { ALT: () => this.CONSUME(T.ValueWord) },
    ]);
  });

  ifExpr = this.RULE('ifExpr', () => {
    this.CONSUME(kw('If'));
    this.SUBRULE(this.expr);
    this.CONSUME(kw('Then'));
    this.SUBRULE2(this.expr);
    this.CONSUME(kw('Else'));
    this.SUBRULE3(this.expr);
  });

  yearExpr = this.RULE('yearExpr', () => {
    this.CONSUME(kw('YearOf'));
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expr);
    this.CONSUME(T.RParen);
  });

  wholeExpr = this.RULE('wholeExpr', () => {
    this.OR(this.alts[93] ??= [{ ALT: () => this.CONSUME(kw('Whole')) }, { ALT: () => this.CONSUME(kw('WholeUp')) }]);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expr);
    this.CONSUME(T.RParen);
  });

  ageExpr = this.RULE('ageExpr', () => {
    this.CONSUME(kw('Age'));
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expr);
    // `周岁（出生日期，见习开始日期）`: the age on another date than the as-of date.
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expr);
    });
    this.CONSUME(T.RParen);
  });

  chooseExpr = this.RULE('chooseExpr', () => {
    this.OR(this.alts[18] ??= [{ ALT: () => this.CONSUME(kw('LesserOf')) }, { ALT: () => this.CONSUME(kw('GreaterOf')) }]);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP(this.seps[6] ??= { SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
    this.CONSUME(T.RParen);
  });

  callExpr = this.RULE('callExpr', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP(this.seps[7] ??= { SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
    this.CONSUME(T.RParen);
  });

  // `符合 X 的条件` / `符合 X 条件` / `eligible X conditions`: the conditions of benefit X.
  meetsExpr = this.RULE('meetsExpr', () => {
    this.CONSUME(kw('Eligible'));
    this.CONSUME(T.Identifier);
    this.OR(this.alts[40] ??= [{ ALT: () => this.CONSUME(kw('Condition')) }, { ALT: () => this.CONSUME2(T.Identifier) }]);
  });

  // `合计（见习人员，每人金额[，每人条件]）`: the sum over the members of a list fact.
  sumExpr = this.RULE('sumExpr', () => {
    this.CONSUME(kw('SumOver'));
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP(this.seps[8] ??= { SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
    this.CONSUME(T.RParen);
  });

  numberLit = this.RULE('numberLit', () => {
    this.CONSUME(T.NumberLit);
    this.OPTION(() => {
      this.OR(this.alts[14] ??= [{ ALT: () => this.CONSUME(T.Percent) }, { ALT: () => this.SUBRULE(this.unitRef) }, { ALT: () => this.SUBRULE(this.declaredUnit) }]);
    });
  });

  parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expr);
    this.CONSUME(T.RParen);
  });

  mapLit = this.RULE('mapLit', () => {
    this.CONSUME(T.LBrace);
    this.MANY_SEP(this.seps[9] ??= { SEP: T.Comma, DEF: () => this.SUBRULE(this.mapEntry) });
    this.CONSUME(T.RBrace);
  });

  mapEntry = this.RULE('mapEntry', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.additive);
  });

  tableExpr = this.RULE('tableExpr', () => {
    this.CONSUME(kw('By'));
    this.CONSUME(T.Identifier);
    this.OR(this.alts[20] ??= [
      { ALT: () => this.SUBRULE(this.mapLit) },
      {
        ALT: () => {
          this.CONSUME(kw('Brackets'));
          this.CONSUME(T.LBrace);
          this.MANY_SEP(this.seps[10] ??= { SEP: T.Comma, DEF: () => this.SUBRULE(this.bracketEntry) });
          this.CONSUME(T.RBrace);
        },
      },
    ]);
  });

  // `满 1亿元：…`, `1亿元以上：…`, `5000万元（含）至1亿元（不含）：…` — a bracket's bounds, then its value.
  bracketEntry = this.RULE('bracketEntry', () => {
    this.OR(this.alts[21] ??= [
      {
        ALT: () => {
          this.CONSUME(T.PrefixCmp);
          this.SUBRULE(this.additive);
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.additive);
          this.OPTION(() => this.SUBRULE(this.boundMark));
          // A bare bound (no word) is read too, so the checker can say which words to write (P2063).
          this.OPTION3(() => this.OR2(this.alts[22] ??= [
            {
              ALT: () => {
                this.CONSUME(T.PostfixCmp);
                // `5人以上（不含）`: the mark after the word, in the text's order, as conditions read it.
                this.OPTION4(() => this.SUBRULE3(this.boundMark));
              },
            },
            {
              ALT: () => {
                this.CONSUME(kw('Until'));
                this.SUBRULE3(this.additive);
                this.OPTION2(() => this.SUBRULE2(this.boundMark));
              },
            },
          ]));
        },
      },
    ]);
    this.CONSUME(T.Colon);
    this.SUBRULE4(this.additive);
  });

  // `（含）` / `（不含）` after a bound.
  boundMark = this.RULE('boundMark', () => {
    this.CONSUME(T.LParen);
    this.OR(this.alts[23] ??= [{ ALT: () => this.CONSUME(kw('Incl')) }, { ALT: () => this.CONSUME(kw('Excl')) }]);
    this.CONSUME(T.RParen);
  });

  periodExpr = this.RULE('periodExpr', () => {
    this.OR(this.alts[15] ??= [
      {
        ALT: () => {
          this.CONSUME(kw('From'));
          this.SUBRULE(this.additive);
          this.OPTION(() => {
            this.CONSUME(kw('Onward'));
            this.SUBRULE2(this.additive);
          });
          this.OPTION2(() => {
            this.CONSUME(kw('Until'));
            this.SUBRULE3(this.additive);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(kw('Until'));
          this.SUBRULE4(this.additive);
        },
      },
    ]);
  });
}

/** The one parser, built on first use (a process that never parses, e.g. a language server not yet sent a file, never pays for it). */
let shared: PolicyParser | undefined;
const theParser = (): PolicyParser => (shared ??= new PolicyParser());

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
  const cst = parser.file();
  const errors = parser.errors.map((e) => ({
    message: e.message,
    token: e.token,
    ruleStack: e.context.ruleStack,
    previousToken: (e as unknown as { previousToken?: IToken }).previousToken,
    kind: e.name,
  }));
  return { cst, errors };
}
