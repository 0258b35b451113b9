/**
 * The KQL grammar (Kibana's `kuery` grammar, rule for rule, with the lexical rules in lexer.ts):
 *
 *   query       := orQuery?
 *   orQuery     := andQuery ('or' andQuery)*
 *   andQuery    := notQuery ('and' notQuery)*
 *   notQuery    := 'not'? subQuery
 *   subQuery    := '(' orQuery ')' | expression
 *   expression  := literal ( ':' ( '{' orQuery '}' | listOfValues ) | rangeOp literal )?
 *   listOfValues:= '(' orList ')' | literal
 *   orList      := andList ('or' andList)*
 *   andList     := notList ('and' notList)*
 *   notList     := 'not'? listOfValues
 *   literal     := quotedString | unquotedLiteral
 *
 * No semantic code here: build.ts turns the CST into the AST.
 */
import { fastLookahead, lazyLookahead, limitRecovery, unwindOnOverflow, type OverflowState, type RecoveryLimit } from '@esql-lint/core';
import { CstParser, EOF, EarlyExitException, LLkLookaheadStrategy, MismatchedTokenException, NoViableAltException, getLookaheadPaths, type CstNode, type IToken, type IParserErrorMessageProvider } from './chevrotain.js';
import {
  allTokens,
  And,
  Colon,
  LBrace,
  LParen,
  Not,
  Or,
  QuotedString,
  RangeOp,
  RBrace,
  RParen,
  UnquotedLiteral,
  UnterminatedString,
} from './lexer.js';

/**
 * messages.ts words every diagnostic from the exception's kind, token and rule stack, never from its
 * message: Chevrotain's default messages (which list every expected path, for each syntax error) are
 * not built.
 */
const UNUSED_MESSAGES: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: () => 'mismatch',
  buildNotAllInputParsedMessage: () => 'not all input parsed',
  buildNoViableAltMessage: () => 'no viable alternative',
  buildEarlyExitMessage: () => 'early exit',
};

/**
 * The deepest nesting the main path's Chevrotain parser is given. Its recursion costs ~0.5 KB of stack
 * per level of `(` in interpreted frames, but error recovery at the bottom walks the grammar along the
 * whole rule stack: ~14 KB per level of `{` (measured with `node --stack-size`: 'a:{' x16 + an error
 * needs ~245 KB, x32 ~467 KB). 16 levels stay under ~250 KB whatever the JIT has done, a quarter of
 * Node's default stack. Deeper (up to scan.ts MAX_NESTING) parse.ts lets the hand-written parser decide
 * alone: it parses a clean query, and reports the first error of any other (one diagnostic).
 */
export const REFERENCE_NESTING = 16;

/**
 * Rules the parser may have on its stack (4-5 per level of nesting, see the grammar above): past it, it
 * stops as if out of stack. parse.ts never gives it a text nested deeper than REFERENCE_NESTING, so this
 * only makes sure that no input at all can take it to the real end of the stack.
 */
const MAX_RULE_STACK = 6 * REFERENCE_NESTING + 8;

export class KqlParser extends CstParser {
  /**
   * `validate`: run Chevrotain's grammar checks (ambiguities, left recursion...) in performSelfAnalysis.
   * They only find faults of the grammar itself, so the parser in use skips them (start-up time) and
   * test/parser-validation.test.ts runs them.
   */
  constructor(validate = false) {
    super(allTokens, {
      recoveryEnabled: true,
      skipValidations: !validate,
      nodeLocationTracking: 'onlyOffset',
      maxLookahead: 2,
      // Chevrotain's LL(k) decisions, from paths grouped by first token, each function built on first use.
      // (validate: Chevrotain's own LL(k) functions, eager, so that a test can compare the decisions.)
      lookaheadStrategy: validate ? new LLkLookaheadStrategy({ maxLookahead: 2 }) : lazyLookahead(fastLookahead({ LLkLookaheadStrategy, getLookaheadPaths }), 2),
      errorMessageProvider: UNUSED_MESSAGES,
    });
    this.performSelfAnalysis();
    // The messages (UNUSED_MESSAGES) depend on the grammar position only: built once per position; the
    // per-error follow-set work of recovery is cached per rule stack (core recovery-cache.ts).
    this.recovery = limitRecovery(this, { getLookaheadPaths, NoViableAltException, EarlyExitException, MismatchedTokenException }, undefined, {
      grammarOnlyMessages: true,
      cacheFollows: { EOF },
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

  query = this.RULE('query', () => {
    this.OPTION(() => this.SUBRULE(this.orQuery));
  });

  orQuery = this.RULE('orQuery', () => {
    this.SUBRULE(this.andQuery);
    this.MANY(() => {
      this.CONSUME(Or);
      this.SUBRULE2(this.andQuery);
    });
  });

  andQuery = this.RULE('andQuery', () => {
    this.SUBRULE(this.notQuery);
    this.MANY(() => {
      this.CONSUME(And);
      this.SUBRULE2(this.notQuery);
    });
  });

  notQuery = this.RULE('notQuery', () => {
    this.OPTION(() => this.CONSUME(Not));
    this.SUBRULE(this.subQuery);
  });

  subQuery = this.RULE('subQuery', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.orQuery);
          this.CONSUME(RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.literal, { LABEL: 'field' });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(Colon);
            this.OR2([
              {
                ALT: () => {
                  this.CONSUME(LBrace);
                  this.SUBRULE(this.orQuery);
                  this.CONSUME(RBrace);
                },
              },
              { ALT: () => this.SUBRULE(this.listOfValues) },
            ]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(RangeOp);
            this.SUBRULE2(this.literal, { LABEL: 'rangeValue' });
          },
        },
      ]);
    });
  });

  listOfValues = this.RULE('listOfValues', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.orList);
          this.CONSUME(RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.literal) },
    ]);
  });

  orList = this.RULE('orList', () => {
    this.SUBRULE(this.andList);
    this.MANY(() => {
      this.CONSUME(Or);
      this.SUBRULE2(this.andList);
    });
  });

  andList = this.RULE('andList', () => {
    this.SUBRULE(this.notList);
    this.MANY(() => {
      this.CONSUME(And);
      this.SUBRULE2(this.notList);
    });
  });

  notList = this.RULE('notList', () => {
    this.OPTION(() => this.CONSUME(Not));
    this.SUBRULE(this.listOfValues);
  });

  literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.CONSUME(QuotedString) },
      { ALT: () => this.CONSUME(UnquotedLiteral) },
      // Kept in the tree for recovery; the lexer step reports it.
      { ALT: () => this.CONSUME(UnterminatedString) },
    ]);
  });
}

let parser: KqlParser | undefined;

/** A new parser with Chevrotain's grammar validations on (they throw on a faulty grammar): for tests. */
export function createValidatedParser(): KqlParser {
  return new KqlParser(true);
}

export function getParser(): KqlParser {
  parser ??= new KqlParser();
  return parser;
}

export type { CstNode, IToken };
