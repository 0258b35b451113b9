import { CstParser, EarlyExitException, LLkLookaheadStrategy, MismatchedTokenException, NoViableAltException, getLookaheadPaths, EOF, type IOrAlt, type IToken, type TokenType } from './chevrotain.js';
import { lazyLookahead, limitRecovery, limitRuleStack, promoteLookahead, unwindOnOverflow, type OverflowState, type RecoveryLimit } from '@esql-lint/core';
import * as T from './tokens.js';
import { errorMessageProvider } from './messages.js';

export const NAME_TOKENS = [
  T.UNQUOTED_IDENTIFIER, T.QUOTED_IDENTIFIER, T.PARAM, T.NAMED_OR_POSITIONAL_PARAM, T.DOUBLE_PARAMS,
  T.NAMED_OR_POSITIONAL_DOUBLE_PARAMS,
];
const SET_NAME_TOKENS = [T.UNQUOTED_IDENTIFIER, T.QUOTED_IDENTIFIER];
export const PATTERN_TOKENS = [T.ID_PATTERN, T.PARAM, T.NAMED_OR_POSITIONAL_PARAM, T.DOUBLE_PARAMS, T.NAMED_OR_POSITIONAL_DOUBLE_PARAMS];

/**
 * The deepest nesting (lexer.ts `scanned.nesting`: brackets and pending prefix operators) the main path
 * gives this parser. Its recursion costs ~6.5 KB of stack per level of `(` when cold (a level is about
 * ten rules, each a few frames): 150 levels filled Node's default stack, with or without an error at the
 * bottom. Deeper (up to MAX_EXPRESSION_DEPTH) index.ts lets the hand-written parser (fast.ts, ~0.5 KB
 * per level) decide alone.
 */
export const REFERENCE_NESTING = 32;

/**
 * Rules the parser may have on its stack: past it, it stops as if out of stack. index.ts never gives
 * it a text nested deeper than REFERENCE_NESTING, so this only makes sure that no input at all can take
 * it to the real end of the stack (whatever the host left of it).
 */
const MAX_RULE_STACK = 16 * REFERENCE_NESTING + 24;

/**
 * The ES|QL grammar as a Chevrotain CST parser. Rules hold no semantic code: build.ts turns the CST into
 * the typed AST and reports what Elasticsearch checks after parsing (unknown cast types, LIMIT values...).
 */
export class EsqlParser extends CstParser {
  /**
   * `validate`: Chevrotain's full self-analysis, as in development: its grammar validations (ambiguities,
   * left recursion...) and every lookahead function computed up front. Production skips the validations
   * (about half of the start-up; they find nothing in a grammar that passed them once) and computes each
   * lookahead function on first use; test/grammar.test.ts runs the validations and checks that both
   * parsers take the same decisions.
   */
  constructor(options: { validate?: boolean; traceInitPerf?: boolean } = {}) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      // Each lookahead function is computed when first needed (start-up), not all in performSelfAnalysis.
      lookaheadStrategy: options.validate === true ? new LLkLookaheadStrategy({ maxLookahead: 2 }) : lazyLookahead(LLkLookaheadStrategy, 2),
      errorMessageProvider,
      nodeLocationTracking: 'onlyOffset',
      skipValidations: options.validate !== true,
      traceInitPerf: options.traceInitPerf === true,
    });
    this.performSelfAnalysis();
    // Recovery glue (issue 15): light exceptions without the unread rule-stack context, and Chevrotain's
    // per-error follow-set work cached per rule stack (core recovery-cache.ts). Same errors and messages.
    this.recovery = limitRecovery(this, { getLookaheadPaths, NoViableAltException, EarlyExitException, MismatchedTokenException }, undefined, {
      lightExceptions: true,
      errorContext: false,
      cacheFollows: { EOF },
    });
    // Running out of stack stops the parse without a throw per rule on the stack (index.ts reports it).
    this.overflow = unwindOnOverflow(this);
    // Past MAX_RULE_STACK rules it stops as running out of stack would.
    limitRuleStack(this, MAX_RULE_STACK);
  }

  /** Whether the last parse ran out of stack (or past MAX_RULE_STACK): index.ts reports it. */
  readonly overflow: OverflowState;

  // The alternatives of the alternations that every expression goes through, built once (an array
  // literal in a rule body is allocated at each call). Same alternatives, same grammar.
  private comparisonAlts?: IOrAlt<unknown>[];
  private additiveAlts?: IOrAlt<unknown>[];
  private multiplicativeAlts?: IOrAlt<unknown>[];
  private unaryAlts?: IOrAlt<unknown>[];
  private notAlts?: IOrAlt<unknown>[];
  private simpleConstantAlts?: IOrAlt<unknown>[];

  /** Where recovery gave up on the last input (too many errors), if it did. */
  readonly recovery: RecoveryLimit;

  private isType(k: number, types: TokenType[]): boolean {
    const t = this.LA(k).tokenType;
    return types.includes(t);
  }

  /** `name.name... =` ahead (a named field of EVAL/STATS/ROW...). */
  private namedFieldAhead(): boolean {
    let k = 1;
    if (!this.isType(k, NAME_TOKENS)) return false;
    k++;
    while (this.LA(k).tokenType === T.DOT && this.isType(k + 1, NAME_TOKENS)) k += 2;
    return this.LA(k).tokenType === T.ASSIGN;
  }

  /** `pattern.pattern... =` ahead (ENRICH WITH new = field). */
  private namedPatternAhead(): boolean {
    let k = 1;
    if (!this.isType(k, PATTERN_TOKENS)) return false;
    k++;
    while (this.LA(k).tokenType === T.DOT && this.isType(k + 1, PATTERN_TOKENS)) k += 2;
    return this.LA(k).tokenType === T.ASSIGN;
  }

  public statements = this.RULE('statements', () => {
    // SET then a name: the LL(2) decision Chevrotain derives, written as a gate, because deriving it
    // (against everything that may follow: every source command) was a third of the start-up.
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.isType(2, SET_NAME_TOKENS),
      DEF: () => this.SUBRULE(this.setCommand),
    });
    this.OPTION({ MAX_LOOKAHEAD: 1, DEF: () => this.SUBRULE(this.sourceCommand) });
    this.SUBRULE(this.garbage);
    this.MANY2(() => {
      this.CONSUME(T.PIPE);
      this.OPTION2({ MAX_LOOKAHEAD: 1, DEF: () => this.SUBRULE(this.processingCommand) });
      this.SUBRULE2(this.garbage);
    });
  });

  /** Unexpected tokens up to the next `|`: reported by the AST builder. */
  public garbage = this.RULE('garbage', () => {
    this.MANY(() => this.CONSUME(T.Garbage));
  });

  public setCommand = this.RULE('setCommand', () => {
    this.CONSUME(T.SET);
    this.SUBRULE(this.identifier);
    this.CONSUME(T.ASSIGN);
    this.OR([
      { ALT: () => this.SUBRULE(this.mapExpression) },
      { ALT: () => this.SUBRULE(this.constant) },
    ]);
    this.CONSUME(T.SEMICOLON);
  });

  public sourceCommand = this.RULE('sourceCommand', () => {
    this.OR({
      MAX_LOOKAHEAD: 1,
      DEF: [
      { ALT: () => this.SUBRULE(this.fromCommand) },
      { ALT: () => this.SUBRULE(this.rowCommand) },
      { ALT: () => this.SUBRULE(this.showCommand) },
      { ALT: () => this.SUBRULE(this.promqlCommand) },
      { ALT: () => this.SUBRULE(this.explainCommand) },
      { ALT: () => this.SUBRULE(this.externalCommand) },
      ],
    });
  });

  public processingCommand = this.RULE('processingCommand', () => {
    this.OR({
      MAX_LOOKAHEAD: 1,
      DEF: [
      { ALT: () => this.SUBRULE(this.whereCommand) },
      { ALT: () => this.SUBRULE(this.evalCommand) },
      { ALT: () => this.SUBRULE(this.statsCommand) },
      { ALT: () => this.SUBRULE(this.inlineStatsCommand) },
      { ALT: () => this.SUBRULE(this.keepCommand) },
      { ALT: () => this.SUBRULE(this.renameCommand) },
      { ALT: () => this.SUBRULE(this.sortCommand) },
      { ALT: () => this.SUBRULE(this.limitCommand) },
      { ALT: () => this.SUBRULE(this.dissectCommand) },
      { ALT: () => this.SUBRULE(this.grokCommand) },
      { ALT: () => this.SUBRULE(this.enrichCommand) },
      { ALT: () => this.SUBRULE(this.mvExpandCommand) },
      { ALT: () => this.SUBRULE(this.joinCommand) },
      { ALT: () => this.SUBRULE(this.changePointCommand) },
      { ALT: () => this.SUBRULE(this.completionCommand) },
      { ALT: () => this.SUBRULE(this.rerankCommand) },
      { ALT: () => this.SUBRULE(this.sampleCommand) },
      { ALT: () => this.SUBRULE(this.forkCommand) },
      { ALT: () => this.SUBRULE(this.fuseCommand) },
      { ALT: () => this.SUBRULE(this.uriPartsCommand) },
      { ALT: () => this.SUBRULE(this.userAgentCommand) },
      { ALT: () => this.SUBRULE(this.bareCommand) },
      { ALT: () => this.SUBRULE(this.metricsInfoCommand) },
      { ALT: () => this.SUBRULE(this.tsInfoCommand) },
      { ALT: () => this.SUBRULE(this.mmrCommand) },
      ],
    });
  });

  // ------------------------------------------------------------ source commands

  public fromCommand = this.RULE('fromCommand', () => {
    this.OR([{ ALT: () => this.CONSUME(T.FROM) }, { ALT: () => this.CONSUME(T.TS) }]);
    this.SUBRULE(this.sourceOrSubquery);
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      this.SUBRULE2(this.sourceOrSubquery);
    });
    this.OPTION(() => {
      this.CONSUME(T.METADATA);
      this.CONSUME(T.UNQUOTED_SOURCE);
      this.MANY2(() => {
        this.CONSUME2(T.COMMA);
        this.CONSUME2(T.UNQUOTED_SOURCE);
      });
    });
  });

  public sourceOrSubquery = this.RULE('sourceOrSubquery', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.indexPattern) },
      { ALT: () => this.SUBRULE(this.subquery) },
    ]);
  });

  public subquery = this.RULE('subquery', () => {
    this.CONSUME(T.LP);
    this.SUBRULE(this.fromCommand);
    this.MANY(() => {
      this.CONSUME(T.PIPE);
      this.SUBRULE(this.processingCommand);
    });
    this.CONSUME(T.RP);
  });

  public indexPattern = this.RULE('indexPattern', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.QUOTED_STRING) },
      {
        ALT: () => {
          this.CONSUME(T.UNQUOTED_SOURCE);
          this.OPTION(() => {
            this.CONSUME(T.COLON);
            this.CONSUME2(T.UNQUOTED_SOURCE);
          });
          this.OPTION2(() => {
            this.CONSUME(T.CAST_OP);
            this.CONSUME3(T.UNQUOTED_SOURCE);
          });
        },
      },
    ]);
  });

  public rowCommand = this.RULE('rowCommand', () => {
    this.CONSUME(T.ROW);
    this.SUBRULE(this.fields);
  });

  public showCommand = this.RULE('showCommand', () => {
    this.CONSUME(T.SHOW);
    this.CONSUME(T.INFO);
  });

  public promqlCommand = this.RULE('promqlCommand', () => {
    this.CONSUME(T.PROMQL);
    this.OPTION(() => this.CONSUME(T.PROMQL_TEXT));
  });

  public explainCommand = this.RULE('explainCommand', () => {
    this.CONSUME(T.EXPLAIN);
    this.CONSUME(T.LP);
    this.SUBRULE(this.sourceCommand);
    this.MANY(() => {
      this.CONSUME(T.PIPE);
      this.SUBRULE(this.processingCommand);
    });
    this.CONSUME(T.RP);
  });

  public externalCommand = this.RULE('externalCommand', () => {
    this.CONSUME(T.EXTERNAL);
    this.OR([
      { ALT: () => this.CONSUME(T.QUOTED_STRING) },
      { ALT: () => this.SUBRULE(this.parameter) },
    ]);
    this.SUBRULE(this.commandOptions);
  });

  // ------------------------------------------------------------ processing commands

  public whereCommand = this.RULE('whereCommand', () => {
    this.CONSUME(T.WHERE);
    this.SUBRULE(this.booleanExpression);
  });

  public evalCommand = this.RULE('evalCommand', () => {
    this.CONSUME(T.EVAL);
    this.SUBRULE(this.fields);
  });

  public statsCommand = this.RULE('statsCommand', () => {
    this.CONSUME(T.STATS);
    this.SUBRULE(this.statsBody);
  });

  public inlineStatsCommand = this.RULE('inlineStatsCommand', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.INLINE);
          this.CONSUME(T.INLINE_STATS);
        },
      },
      { ALT: () => this.CONSUME(T.INLINESTATS) },
    ]);
    this.SUBRULE(this.statsBody);
  });

  public statsBody = this.RULE('statsBody', () => {
    this.OPTION(() => {
      this.SUBRULE(this.aggField);
      this.MANY(() => {
        this.CONSUME(T.COMMA);
        this.SUBRULE2(this.aggField);
      });
    });
    this.OPTION2(() => {
      this.CONSUME(T.BY);
      this.SUBRULE(this.fields);
    });
  });

  public aggField = this.RULE('aggField', () => {
    this.SUBRULE(this.field);
    this.OPTION(() => {
      this.CONSUME(T.WHERE);
      this.SUBRULE(this.booleanExpression);
    });
  });

  public fields = this.RULE('fields', () => {
    this.SUBRULE(this.field);
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      this.SUBRULE2(this.field);
    });
  });

  public field = this.RULE('field', () => {
    this.OPTION({
      // The gate implies the LL(2) paths (a name, then '.' or '='): one token of lookahead is enough.
      MAX_LOOKAHEAD: 1,
      GATE: () => this.namedFieldAhead(),
      DEF: () => {
        this.SUBRULE(this.qualifiedName);
        this.CONSUME(T.ASSIGN);
      },
    });
    this.SUBRULE(this.booleanExpression);
  });

  public keepCommand = this.RULE('keepCommand', () => {
    this.OR([{ ALT: () => this.CONSUME(T.KEEP) }, { ALT: () => this.CONSUME(T.DROP) }]);
    this.SUBRULE(this.qualifiedNamePattern);
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      this.SUBRULE2(this.qualifiedNamePattern);
    });
  });

  public renameCommand = this.RULE('renameCommand', () => {
    this.CONSUME(T.RENAME);
    this.SUBRULE(this.renameClause);
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      this.SUBRULE2(this.renameClause);
    });
  });

  public renameClause = this.RULE('renameClause', () => {
    this.SUBRULE(this.qualifiedNamePattern);
    this.OR([{ ALT: () => this.CONSUME(T.AS) }, { ALT: () => this.CONSUME(T.ASSIGN) }]);
    this.SUBRULE2(this.qualifiedNamePattern);
  });

  public sortCommand = this.RULE('sortCommand', () => {
    this.CONSUME(T.SORT);
    this.SUBRULE(this.orderExpression);
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      this.SUBRULE2(this.orderExpression);
    });
  });

  public orderExpression = this.RULE('orderExpression', () => {
    this.SUBRULE(this.booleanExpression);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.ASC) }, { ALT: () => this.CONSUME(T.DESC) }]));
    this.OPTION2(() => {
      this.CONSUME(T.NULLS);
      this.OR2([{ ALT: () => this.CONSUME(T.FIRST) }, { ALT: () => this.CONSUME(T.LAST) }]);
    });
  });

  public limitCommand = this.RULE('limitCommand', () => {
    this.CONSUME(T.LIMIT);
    this.SUBRULE(this.constant);
    this.OPTION(() => {
      this.CONSUME(T.BY);
      this.SUBRULE(this.fields);
    });
  });

  public dissectCommand = this.RULE('dissectCommand', () => {
    this.CONSUME(T.DISSECT);
    this.SUBRULE(this.primaryExpression);
    this.CONSUME(T.QUOTED_STRING);
    this.OPTION(() => {
      this.SUBRULE(this.dissectOption);
      this.MANY(() => {
        this.CONSUME(T.COMMA);
        this.SUBRULE2(this.dissectOption);
      });
    });
  });

  public dissectOption = this.RULE('dissectOption', () => {
    this.SUBRULE(this.identifier);
    this.CONSUME(T.ASSIGN);
    this.SUBRULE(this.constant);
  });

  public grokCommand = this.RULE('grokCommand', () => {
    this.CONSUME(T.GROK);
    this.SUBRULE(this.primaryExpression);
    this.CONSUME(T.QUOTED_STRING);
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      this.CONSUME2(T.QUOTED_STRING);
    });
  });

  public enrichCommand = this.RULE('enrichCommand', () => {
    this.CONSUME(T.ENRICH);
    this.OR([{ ALT: () => this.CONSUME(T.ENRICH_POLICY_NAME) }, { ALT: () => this.CONSUME(T.QUOTED_STRING) }]);
    this.OPTION(() => {
      this.CONSUME(T.ON);
      this.SUBRULE(this.qualifiedNamePattern);
    });
    this.OPTION2(() => {
      this.CONSUME(T.WITH);
      this.SUBRULE(this.enrichWithClause);
      this.MANY(() => {
        this.CONSUME(T.COMMA);
        this.SUBRULE2(this.enrichWithClause);
      });
    });
  });

  public enrichWithClause = this.RULE('enrichWithClause', () => {
    this.OPTION({
      GATE: () => this.namedPatternAhead(),
      DEF: () => {
        this.SUBRULE(this.qualifiedNamePattern);
        this.CONSUME(T.ASSIGN);
      },
    });
    this.SUBRULE2(this.qualifiedNamePattern);
  });

  public mvExpandCommand = this.RULE('mvExpandCommand', () => {
    this.CONSUME(T.MV_EXPAND);
    this.SUBRULE(this.qualifiedName);
  });

  public joinCommand = this.RULE('joinCommand', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.LOOKUP) },
      { ALT: () => this.CONSUME(T.LEFT) },
      { ALT: () => this.CONSUME(T.RIGHT) },
      { ALT: () => this.CONSUME(T.FULL) },
    ]);
    this.CONSUME(T.JOIN);
    this.SUBRULE(this.indexPattern);
    this.CONSUME(T.ON);
    this.SUBRULE(this.booleanExpression);
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      this.SUBRULE2(this.booleanExpression);
    });
  });

  public changePointCommand = this.RULE('changePointCommand', () => {
    this.CONSUME(T.CHANGE_POINT);
    this.SUBRULE(this.qualifiedName);
    this.OPTION(() => {
      this.CONSUME(T.ON);
      this.SUBRULE2(this.qualifiedName);
    });
    this.OPTION2(() => {
      this.CONSUME(T.AS);
      this.SUBRULE3(this.qualifiedName);
      this.CONSUME(T.COMMA);
      this.SUBRULE4(this.qualifiedName);
    });
  });

  public completionCommand = this.RULE('completionCommand', () => {
    this.CONSUME(T.COMPLETION);
    this.OPTION({
      GATE: () => this.namedFieldAhead(),
      DEF: () => {
        this.SUBRULE(this.qualifiedName);
        this.CONSUME(T.ASSIGN);
      },
    });
    this.SUBRULE(this.primaryExpression);
    this.SUBRULE(this.commandOptions);
  });

  public commandOptions = this.RULE('commandOptions', () => {
    this.OPTION(() => {
      this.CONSUME(T.WITH);
      this.SUBRULE(this.mapExpression);
    });
  });

  public rerankCommand = this.RULE('rerankCommand', () => {
    this.CONSUME(T.RERANK);
    this.OPTION({
      GATE: () => this.namedFieldAhead(),
      DEF: () => {
        this.SUBRULE(this.qualifiedName);
        this.CONSUME(T.ASSIGN);
      },
    });
    this.SUBRULE(this.constant);
    this.CONSUME(T.ON);
    this.SUBRULE(this.fields);
    this.SUBRULE(this.commandOptions);
  });

  public sampleCommand = this.RULE('sampleCommand', () => {
    this.CONSUME(T.SAMPLE);
    this.SUBRULE(this.constant);
  });

  public forkCommand = this.RULE('forkCommand', () => {
    this.CONSUME(T.FORK);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.forkBranch));
  });

  public forkBranch = this.RULE('forkBranch', () => {
    this.CONSUME(T.LP);
    this.SUBRULE(this.processingCommand);
    this.MANY(() => {
      this.CONSUME(T.PIPE);
      this.SUBRULE2(this.processingCommand);
    });
    this.CONSUME(T.RP);
  });

  public fuseCommand = this.RULE('fuseCommand', () => {
    this.CONSUME(T.FUSE);
    this.OPTION(() => this.SUBRULE(this.identifier));
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.SCORE);
            this.CONSUME(T.BY);
            this.SUBRULE(this.qualifiedName);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.KEY);
            this.CONSUME2(T.BY);
            this.SUBRULE2(this.qualifiedName);
            this.MANY2(() => {
              this.CONSUME(T.COMMA);
              this.SUBRULE3(this.qualifiedName);
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.GROUP);
            this.CONSUME3(T.BY);
            this.SUBRULE4(this.qualifiedName);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.WITH);
            this.SUBRULE(this.mapExpression);
          },
        },
      ]),
    );
  });

  public uriPartsCommand = this.RULE('uriPartsCommand', () => {
    this.OR([{ ALT: () => this.CONSUME(T.URI_PARTS) }, { ALT: () => this.CONSUME(T.REGISTERED_DOMAIN) }]);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.ASSIGN);
    this.SUBRULE(this.primaryExpression);
  });

  /** USER_AGENT and IP_LOCATION: the URI_PARTS form plus optional `WITH {...}` options. */
  public userAgentCommand = this.RULE('userAgentCommand', () => {
    this.OR([{ ALT: () => this.CONSUME(T.USER_AGENT) }, { ALT: () => this.CONSUME(T.IP_LOCATION) }]);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.ASSIGN);
    this.SUBRULE(this.primaryExpression);
    this.OPTION(() => {
      this.CONSUME(T.WITH);
      this.SUBRULE(this.mapExpression);
    });
  });

  /** Commands without arguments added after METRICS_INFO / TS_INFO. */
  public bareCommand = this.RULE('bareCommand', () => {
    this.OR([{ ALT: () => this.CONSUME(T.TS_COLLAPSE) }, { ALT: () => this.CONSUME(T.DEDUP) }]);
  });

  public metricsInfoCommand = this.RULE('metricsInfoCommand', () => {
    this.CONSUME(T.METRICS_INFO);
  });

  public tsInfoCommand = this.RULE('tsInfoCommand', () => {
    this.CONSUME(T.TS_INFO);
  });

  public mmrCommand = this.RULE('mmrCommand', () => {
    this.CONSUME(T.MMR);
    this.OPTION(() => this.SUBRULE(this.primaryExpression));
    this.CONSUME(T.ON);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.MMR_LIMIT);
    this.SUBRULE(this.constant);
    this.SUBRULE(this.commandOptions);
  });

  // ------------------------------------------------------------ names

  public qualifiedName = this.RULE('qualifiedName', () => {
    this.SUBRULE(this.identifierOrParameter);
    this.MANY(() => {
      this.CONSUME(T.DOT);
      this.SUBRULE2(this.identifierOrParameter);
    });
  });

  public identifierOrParameter = this.RULE('identifierOrParameter', () => {
    this.OR(NAME_TOKENS.map((t) => ({ ALT: () => this.CONSUME(t) })));
  });

  public qualifiedNamePattern = this.RULE('qualifiedNamePattern', () => {
    this.SUBRULE(this.identifierPattern);
    this.MANY(() => {
      this.CONSUME(T.DOT);
      this.SUBRULE2(this.identifierPattern);
    });
  });

  public identifierPattern = this.RULE('identifierPattern', () => {
    this.OR(PATTERN_TOKENS.map((t) => ({ ALT: () => this.CONSUME(t) })));
  });

  public identifier = this.RULE('identifier', () => {
    this.OR([{ ALT: () => this.CONSUME(T.UNQUOTED_IDENTIFIER) }, { ALT: () => this.CONSUME(T.QUOTED_IDENTIFIER) }]);
  });

  public parameter = this.RULE('parameter', () => {
    this.OR([{ ALT: () => this.CONSUME(T.PARAM) }, { ALT: () => this.CONSUME(T.NAMED_OR_POSITIONAL_PARAM) }]);
  });

  // ------------------------------------------------------------ expressions

  public booleanExpression = this.RULE('booleanExpression', () => {
    this.SUBRULE(this.andExpression);
    this.MANY(() => {
      this.CONSUME(T.OR);
      this.SUBRULE2(this.andExpression);
    });
  });

  public andExpression = this.RULE('andExpression', () => {
    this.SUBRULE(this.notExpression);
    this.MANY(() => {
      this.CONSUME(T.AND);
      this.SUBRULE2(this.notExpression);
    });
  });

  public notExpression = this.RULE('notExpression', () => {
    this.OR((this.notAlts ??= [
      {
        ALT: () => {
          this.CONSUME(T.NOT);
          this.SUBRULE(this.notExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.predicate) },
    ]));
  });

  /** A value expression with an optional IN / LIKE / RLIKE / IS NULL / `:` suffix. */
  public predicate = this.RULE('predicate', () => {
    this.SUBRULE(this.valueExpression);
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.OPTION2(() => this.CONSUME(T.NOT));
            this.OR2([
              {
                ALT: () => {
                  this.CONSUME(T.IN);
                  this.CONSUME(T.LP);
                  this.SUBRULE2(this.valueExpression);
                  this.MANY(() => {
                    this.CONSUME(T.COMMA);
                    this.SUBRULE3(this.valueExpression);
                  });
                  this.CONSUME(T.RP);
                },
              },
              {
                ALT: () => {
                  this.OR3([{ ALT: () => this.CONSUME(T.LIKE) }, { ALT: () => this.CONSUME(T.RLIKE) }]);
                  this.OR4([
                    { ALT: () => this.SUBRULE(this.likePattern) },
                    {
                      ALT: () => {
                        this.CONSUME2(T.LP);
                        this.SUBRULE2(this.likePattern);
                        this.MANY2(() => {
                          this.CONSUME2(T.COMMA);
                          this.SUBRULE3(this.likePattern);
                        });
                        this.CONSUME2(T.RP);
                      },
                    },
                  ]);
                },
              },
            ]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.IS);
            this.OPTION3(() => this.CONSUME2(T.NOT));
            this.CONSUME(T.NULL);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.COLON);
            this.SUBRULE(this.constant);
          },
        },
      ]),
    );
  });

  public likePattern = this.RULE('likePattern', () => {
    this.OR([{ ALT: () => this.CONSUME(T.QUOTED_STRING) }, { ALT: () => this.SUBRULE(this.parameter) }]);
  });

  public valueExpression = this.RULE('valueExpression', () => {
    this.SUBRULE(this.additiveExpression);
    this.OPTION(() => {
      this.OR((this.comparisonAlts ??= [T.EQ, T.NEQ, T.LT, T.LTE, T.GT, T.GTE, T.CIEQ].map((t) => ({ ALT: () => this.CONSUME(t) }))));
      this.SUBRULE2(this.additiveExpression);
    });
  });

  public additiveExpression = this.RULE('additiveExpression', () => {
    this.SUBRULE(this.multiplicativeExpression);
    this.MANY(() => {
      this.OR((this.additiveAlts ??= [{ ALT: () => this.CONSUME(T.PLUS) }, { ALT: () => this.CONSUME(T.MINUS) }]));
      this.SUBRULE2(this.multiplicativeExpression);
    });
  });

  public multiplicativeExpression = this.RULE('multiplicativeExpression', () => {
    this.SUBRULE(this.unaryExpression);
    this.MANY(() => {
      this.OR((this.multiplicativeAlts ??= [
        { ALT: () => this.CONSUME(T.ASTERISK) },
        { ALT: () => this.CONSUME(T.SLASH) },
        { ALT: () => this.CONSUME(T.PERCENT) },
      ]));
      this.SUBRULE2(this.unaryExpression);
    });
  });

  public unaryExpression = this.RULE('unaryExpression', () => {
    this.OR((this.unaryAlts ??= [
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.MINUS) }, { ALT: () => this.CONSUME(T.PLUS) }]);
          this.SUBRULE(this.unaryExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.primaryExpression) },
    ]));
  });

  public primaryExpression = this.RULE('primaryExpression', () => {
    this.SUBRULE(this.atom);
    this.MANY(() => {
      this.CONSUME(T.CAST_OP);
      this.SUBRULE(this.identifier);
    });
  });

  public atom = this.RULE('atom', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
      {
        GATE: () => this.LA(2).tokenType === T.LP && this.isType(1, [...NAME_TOKENS, T.FIRST, T.LAST]),
        ALT: () => this.SUBRULE(this.functionCall),
      },
      {
        GATE: () => !this.isType(1, [T.PARAM, T.NAMED_OR_POSITIONAL_PARAM]) || this.LA(2).tokenType === T.DOT,
        ALT: () => this.SUBRULE(this.qualifiedName),
      },
      { ALT: () => this.SUBRULE(this.exprConstant) },
      {
        ALT: () => {
          this.CONSUME(T.LP);
          this.SUBRULE(this.booleanExpression);
          this.CONSUME(T.RP);
        },
      },
      ],
    });
  });

  public functionCall = this.RULE('functionCall', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.identifierOrParameter) },
      { ALT: () => this.CONSUME(T.FIRST) },
      { ALT: () => this.CONSUME(T.LAST) },
    ]);
    this.CONSUME(T.LP);
    this.OPTION(() =>
      this.OR2([
        { ALT: () => this.CONSUME(T.ASTERISK) },
        {
          ALT: () => {
            this.SUBRULE(this.booleanExpression);
            this.MANY(() => {
              this.CONSUME(T.COMMA);
              this.OR3([
                { ALT: () => this.SUBRULE2(this.mapExpression) },
                { ALT: () => this.SUBRULE2(this.booleanExpression) },
              ]);
            });
          },
        },
      ]),
    );
    this.CONSUME(T.RP);
  });

  public mapExpression = this.RULE('mapExpression', () => {
    this.CONSUME(T.LEFT_BRACES);
    this.OPTION(() => {
      this.SUBRULE(this.mapEntry);
      this.MANY(() => {
        this.CONSUME(T.COMMA);
        this.SUBRULE2(this.mapEntry);
      });
    });
    this.CONSUME(T.RIGHT_BRACES);
  });

  public mapEntry = this.RULE('mapEntry', () => {
    this.CONSUME(T.QUOTED_STRING);
    this.CONSUME(T.COLON);
    this.OR([{ ALT: () => this.SUBRULE(this.mapExpression) }, { ALT: () => this.SUBRULE(this.constant) }]);
  });

  /** A constant inside an expression: signs are unary operators there, and `1 hour` is a time span. */
  public exprConstant = this.RULE('exprConstant', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.INTEGER_LITERAL);
          this.OPTION(() => this.CONSUME(T.UNQUOTED_IDENTIFIER));
        },
      },
      { ALT: () => this.SUBRULE(this.simpleConstant) },
      { ALT: () => this.SUBRULE(this.arrayLiteral) },
    ]);
  });

  /** A constant where Elasticsearch expects one (LIMIT, SAMPLE, options, map values): signs belong to numbers. */
  public constant = this.RULE('constant', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
      {
        ALT: () => {
          this.OPTION(() => this.SUBRULE(this.sign));
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.INTEGER_LITERAL);
                this.OPTION2(() => this.CONSUME(T.UNQUOTED_IDENTIFIER));
              },
            },
            { ALT: () => this.CONSUME(T.DECIMAL_LITERAL) },
          ]);
        },
      },
      { ALT: () => this.SUBRULE(this.simpleConstant) },
      { ALT: () => this.SUBRULE(this.arrayLiteral) },
      ],
    });
  });

  public sign = this.RULE('sign', () => {
    this.OR([{ ALT: () => this.CONSUME(T.PLUS) }, { ALT: () => this.CONSUME(T.MINUS) }]);
  });

  public simpleConstant = this.RULE('simpleConstant', () => {
    this.OR((this.simpleConstantAlts ??= [
      { ALT: () => this.CONSUME(T.NULL) },
      { ALT: () => this.CONSUME(T.TRUE) },
      { ALT: () => this.CONSUME(T.FALSE) },
      { ALT: () => this.CONSUME(T.DECIMAL_LITERAL) },
      { ALT: () => this.CONSUME(T.QUOTED_STRING) },
      { ALT: () => this.SUBRULE(this.parameter) },
    ]));
  });

  public arrayLiteral = this.RULE('arrayLiteral', () => {
    this.CONSUME(T.OPENING_BRACKET);
    this.SUBRULE(this.arrayElement);
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      this.SUBRULE2(this.arrayElement);
    });
    this.CONSUME(T.CLOSING_BRACKET);
  });

  public arrayElement = this.RULE('arrayElement', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.SUBRULE(this.sign));
          this.OR2([{ ALT: () => this.CONSUME(T.INTEGER_LITERAL) }, { ALT: () => this.CONSUME(T.DECIMAL_LITERAL) }]);
        },
      },
      { ALT: () => this.CONSUME(T.TRUE) },
      { ALT: () => this.CONSUME(T.FALSE) },
      { ALT: () => this.CONSUME(T.QUOTED_STRING) },
    ]);
  });
}

let instance: EsqlParser | undefined;

/** The single parser instance, created on first use. */
export function getParser(): EsqlParser {
  instance ??= new EsqlParser();
  return instance;
}

let parses = 0;

export function parseTokens(tokens: IToken[]) {
  const parser = getParser();
  parser.input = tokens;
  const cst = parser.statements();
  // Lookahead functions computed so far, called directly from now on (fast.ts does the same).
  if (++parses === 16 || parses === 256 || parses === 4096) promoteLookahead((parser as unknown as { lookAheadFuncsCache?: unknown }).lookAheadFuncsCache);
  return { cst, errors: parser.errors };
}

export { EOF };
