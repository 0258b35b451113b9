/**
 * The EQL grammar (rules only, no semantic code), after Elasticsearch's EqlBase.g4. A few rejected
 * forms are accepted here on purpose (`=` as a comparison, a `by` after `with`, `until` in a sample,
 * `with runs` on any term) so that the builder can reject them with a message saying why.
 */
import { fastLookahead, lazyLookahead, limitRecovery, unwindOnOverflow, type OverflowState, type RecoveryLimit } from '@esql-lint/core';
import { CstParser, EOF, EarlyExitException, LLkLookaheadStrategy, MismatchedTokenException, NoViableAltException, getLookaheadPaths, isRecognitionException, type CstNode, type IToken } from './chevrotain.js';
import * as T from './lexer.js';
import { structuredMessages } from './messages.js';

// The nesting this parser takes, in a module of its own: parse.ts reads it without loading this one.
import { REFERENCE_NESTING } from './reference-nesting.js';
export { REFERENCE_NESTING };

/**
 * Rules the parser may have on its stack (up to 10 a level): past it, it stops as if out of stack.
 * parse.ts never gives it a text nested deeper than REFERENCE_NESTING: this only makes sure that no
 * input at all takes it to the real end of the stack.
 */
const MAX_RULE_STACK = 10 * REFERENCE_NESTING + 24;

class EqlParser extends CstParser {
  /**
   * `unwind`: recover from NoViableAlt errors without throwing them (core recovery-unwind.ts); off only
   * for the test that compares it with Chevrotain's own throwing recovery.
   * `validate`: run Chevrotain's grammar checks (ambiguities, left recursion...) in performSelfAnalysis.
   * They cost a new process tens of ms and only find faults of the grammar itself, so the parser in use
   * skips them and test/parser-validation.test.ts runs them.
   */
  constructor(validate = false, unwind = true) {
    super(T.allTokens, {
      recoveryEnabled: true,
      skipValidations: !validate,
      maxLookahead: 3,
      // Chevrotain's LL(k) decisions, from paths grouped by first token, each function built on first use.
      // (validate: Chevrotain's own LL(k) functions, eager, so that a test can compare the decisions.)
      lookaheadStrategy: validate ? new LLkLookaheadStrategy({ maxLookahead: 3 }) : lazyLookahead(fastLookahead({ LLkLookaheadStrategy, getLookaheadPaths }), 3),
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: structuredMessages,
    });
    this.performSelfAnalysis();
    // The messages (structuredMessages) depend on the grammar position only: built once per position; the
    // per-error follow-set work of recovery is cached per rule stack (core recovery-cache.ts).
    this.recovery = limitRecovery(this, { getLookaheadPaths, NoViableAltException, EarlyExitException, MismatchedTokenException }, undefined, {
      grammarOnlyMessages: true,
      errorContext: false,
      cacheFollows: { EOF },
      // An alternation that nothing fits (most errors of an error-dense text) recovers without a throw
      // per rule (core recovery-unwind.ts): 1,100 misplaced `or`s cost 2-3 ms, mostly throws.
      unwindWithoutThrow: unwind ? { isRecognitionException } : undefined,
    });
    // Running out of stack (too deep a nesting) stops the parse without a throw per rule on the stack.
    this.overflow = unwindOnOverflow(this);
    // Chevrotain's bookkeeping at the start of each rule, then the rule-stack limit (MAX_RULE_STACK),
    // checked after the push (the rule's `finally` pops it again); stops the parse as running out would.
    // The depth is RULE_STACK_IDX + 1: Chevrotain never shrinks the RULE_STACK array (its length is the
    // deepest any parse went), so its length would stop every later parse once one had reached the limit.
    const self = this as unknown as { RULE_STACK_IDX: number; ruleInvocationStateUpdate: (...args: unknown[]) => void };
    const update = self.ruleInvocationStateUpdate;
    self.ruleInvocationStateUpdate = function (this: typeof self, ...args: unknown[]) {
      update.apply(this, args);
      if (this.RULE_STACK_IDX + 1 > MAX_RULE_STACK) throw new RangeError('Maximum rule depth exceeded');
    };
  }

  /** Where recovery gave up on the last input (too many errors), if it did. */
  readonly recovery: RecoveryLimit;

  /** Whether the last parse ran out of stack (parse reports it as its RangeError: nested too deeply). */
  readonly overflow: OverflowState;

  statement = this.RULE('statement', () => {
    this.SUBRULE(this.query);
    this.MANY(() => this.SUBRULE(this.pipe));
  });

  query = this.RULE('query', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.sequence) },
      { ALT: () => this.SUBRULE(this.sample) },
      { ALT: () => this.SUBRULE(this.join) },
      { ALT: () => this.SUBRULE(this.eventFilter) },
    ]);
  });

  sequence = this.RULE('sequence', () => {
    this.CONSUME(T.Sequence);
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.SUBRULE1(this.joinKeys, { LABEL: 'by' });
            this.OPTION1(() => this.SUBRULE1(this.sequenceParams));
          },
        },
        {
          ALT: () => {
            this.SUBRULE2(this.sequenceParams);
            this.OPTION2(() => this.SUBRULE2(this.joinKeys, { LABEL: 'byAfter' }));
          },
        },
      ]),
    );
    this.AT_LEAST_ONE(() => this.SUBRULE(this.term));
    this.OPTION3(() => {
      this.CONSUME(T.Until);
      this.SUBRULE1(this.term, { LABEL: 'until' });
    });
  });

  sequenceParams = this.RULE('sequenceParams', () => {
    this.CONSUME(T.With);
    this.CONSUME(T.Maxspan);
    this.OR([{ ALT: () => this.CONSUME(T.Assign) }, { ALT: () => this.CONSUME(T.Eq) }]);
    this.SUBRULE(this.number);
    this.OPTION(() => this.CONSUME(T.Identifier, { LABEL: 'unit' }));
  });

  sample = this.RULE('sample', () => {
    this.CONSUME(T.Sample);
    this.OPTION(() => this.SUBRULE(this.joinKeys, { LABEL: 'by' }));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.term));
    this.OPTION1(() => {
      this.CONSUME(T.Until);
      this.SUBRULE1(this.term, { LABEL: 'until' });
    });
  });

  join = this.RULE('join', () => {
    this.CONSUME(T.Join);
    this.OPTION(() => this.SUBRULE(this.joinKeys, { LABEL: 'by' }));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.term));
    this.OPTION1(() => {
      this.CONSUME(T.Until);
      this.SUBRULE1(this.term, { LABEL: 'until' });
    });
  });

  pipe = this.RULE('pipe', () => {
    this.CONSUME(T.Pipe);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE1(this.expression);
      });
    });
  });

  joinKeys = this.RULE('joinKeys', () => {
    this.CONSUME(T.By);
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE1(this.expression);
    });
  });

  term = this.RULE('term', () => {
    this.OR([{ ALT: () => this.CONSUME(T.LBracket) }, { ALT: () => this.CONSUME(T.MissingOpen) }]);
    this.SUBRULE(this.eventFilter);
    this.CONSUME(T.RBracket);
    this.OPTION(() => this.SUBRULE(this.joinKeys, { LABEL: 'by' }));
    this.OPTION1(() => {
      this.CONSUME(T.With);
      this.CONSUME(T.Identifier, { LABEL: 'key' });
      this.OR1([{ ALT: () => this.CONSUME(T.Assign) }, { ALT: () => this.CONSUME(T.Eq) }]);
      this.SUBRULE(this.number);
    });
  });

  eventFilter = this.RULE('eventFilter', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Any) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.string) },
    ]);
    this.CONSUME(T.Where);
    this.SUBRULE(this.expression);
  });

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpression);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE1(this.andExpression);
    });
  });

  andExpression = this.RULE('andExpression', () => {
    this.SUBRULE(this.notExpression);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE1(this.notExpression);
    });
  });

  notExpression = this.RULE('notExpression', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'relationship' });
          this.CONSUME(T.Of);
          this.SUBRULE(this.term);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Eq) },
        { ALT: () => this.CONSUME(T.Neq) },
        { ALT: () => this.CONSUME(T.Lt) },
        { ALT: () => this.CONSUME(T.Lte) },
        { ALT: () => this.CONSUME(T.Gt) },
        { ALT: () => this.CONSUME(T.Gte) },
        { ALT: () => this.CONSUME(T.Assign) },
      ]);
      this.SUBRULE1(this.additive);
    });
  });

  additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE1(this.multiplicative);
    });
  });

  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
        { ALT: () => this.CONSUME(T.Percent) },
      ]);
      this.SUBRULE1(this.unary);
    });
  });

  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.OR1([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]);
          this.SUBRULE(this.unary);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.primary);
          this.OPTION(() => this.SUBRULE(this.predicate));
        },
      },
    ]);
  });

  predicate = this.RULE('predicate', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Not));
          this.OR1([{ ALT: () => this.CONSUME(T.In) }, { ALT: () => this.CONSUME(T.InInsensitive) }]);
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE1(this.expression);
          });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Colon) },
            { ALT: () => this.CONSUME(T.Like) },
            { ALT: () => this.CONSUME(T.LikeInsensitive) },
            { ALT: () => this.CONSUME(T.Regex) },
            { ALT: () => this.CONSUME(T.RegexInsensitive) },
          ]);
          this.OR3([
            {
              ALT: () => {
                this.CONSUME1(T.LParen);
                this.SUBRULE(this.matchValue);
                this.MANY1(() => {
                  this.CONSUME1(T.Comma);
                  this.SUBRULE1(this.matchValue);
                });
                this.CONSUME1(T.RParen);
              },
            },
            { ALT: () => this.SUBRULE2(this.matchValue) },
          ]);
        },
      },
    ]);
  });

  /** Elasticsearch wants a constant here; fields and calls are accepted so the builder can say so. */
  matchValue = this.RULE('matchValue', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.constant) },
      { ALT: () => this.SUBRULE(this.functionCall) },
      { ALT: () => this.SUBRULE(this.qualifiedName) },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.constant) },
      { ALT: () => this.SUBRULE(this.functionCall) },
      { ALT: () => this.SUBRULE(this.qualifiedName) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  functionCall = this.RULE('functionCall', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) },
      { ALT: () => this.CONSUME(T.TildeIdentifier, { LABEL: 'name' }) },
    ]);
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE1(this.expression);
      });
    });
    this.CONSUME(T.RParen);
  });

  constant = this.RULE('constant', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Null) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.SUBRULE(this.number) },
      { ALT: () => this.SUBRULE(this.string) },
    ]);
  });

  number = this.RULE('number', () => {
    this.OR([{ ALT: () => this.CONSUME(T.IntegerLit) }, { ALT: () => this.CONSUME(T.DecimalLit) }]);
  });

  string = this.RULE('string', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.DoubleString) },
      { ALT: () => this.CONSUME(T.TripleString) },
      { ALT: () => this.CONSUME(T.SingleString) },
      { ALT: () => this.CONSUME(T.QuestionString) },
    ]);
  });

  qualifiedName = this.RULE('qualifiedName', () => {
    this.OPTION(() => this.CONSUME(T.Question));
    this.SUBRULE(this.identifier);
    this.MANY({
      // `[` starts an array index only when an integer follows: `by x [process where ...]` is the next term.
      GATE: () => this.LA(1).tokenType !== T.LBracket || this.LA(2).tokenType === T.IntegerLit,
      DEF: () =>
        this.OR([
          {
            ALT: () => {
              this.CONSUME(T.Dot);
              this.SUBRULE1(this.identifier);
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.LBracket, { LABEL: 'indexOpen' });
              this.AT_LEAST_ONE(() => this.CONSUME(T.IntegerLit, { LABEL: 'index' }));
              this.CONSUME(T.RBracket, { LABEL: 'indexClose' });
            },
          },
        ]),
    });
  });

  identifier = this.RULE('identifier', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.QuotedIdentifier) }]);
  });
}

let instance: EqlParser | undefined;

/** A new parser with Chevrotain's grammar validations on (they throw on a faulty grammar): for tests. */
export function createValidatedParser(): EqlParser {
  return new EqlParser(true);
}

/** A parser whose every syntax error is thrown, as Chevrotain's own recovery does: for tests. */
export function createThrowingParser(): EqlParser {
  return new EqlParser(false, false);
}

/** The one parser instance, created on first use. */
export function getParser(): EqlParser {
  instance ??= new EqlParser();
  return instance;
}

export type { EqlParser };
export type { CstNode, IToken };
