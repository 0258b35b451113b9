/**
 * The fast path of `parse` for queries without any error: a second Chevrotain parser (embedded actions, no
 * CST) over the same tokens that builds the AST as it goes. The grammar is parser.ts's, with `or` and `and`
 * in one repetition per level (grouped by the actions: `and` binds tighter) and `not`/sub-query/expression
 * folded into one rule, so that a term costs one or two rule invocations instead of a CST node per rule.
 *
 * The contract: `fastQuery` either gives up (undefined: any syntax error, deep nesting) or gives the AST body
 * that parser.ts + build.ts give. parse.ts calls it only when the lexer reported nothing.
 * test/kql-fast-path.test.ts compares both paths.
 */
import { fastLookahead, lazyLookahead, limitRecovery, promoteLookahead, type Span } from '@esql-lint/core';
import type { QueryExpression, RangeOperator, ValueExpression } from './ast.js';
import { fieldOf, literalOf, spanOf } from './build.js';
import { EarlyExitException, EmbeddedActionsParser, LLkLookaheadStrategy, MismatchedTokenException, NoViableAltException, getLookaheadPaths, type IToken } from './chevrotain.js';
import { allTokens, And, Colon, LBrace, LParen, Not, Or, QuotedString, RangeOp, RBrace, RParen, UnquotedLiteral } from './lexer.js';

// Messages are never read here: any error sends the query to the main path.
const QUIET = {
  buildMismatchTokenMessage: () => 'mismatch',
  buildNotAllInputParsedMessage: () => 'not all input parsed',
  buildNoViableAltMessage: () => 'no viable alternative',
  buildEarlyExitMessage: () => 'early exit',
};

/** Nesting (rules on the stack) beyond which the main path decides ("nested too deeply" stays its verdict). */
const MAX_RULE_DEPTH = 60;
/** Thrown to abandon the fast path at once (not a recognition exception: Chevrotain lets it through). */
const GIVE_UP = new Error('KQL fast path: too deep');

/** `a op b op c` as build.ts's `chain` makes it: the single operand itself, else an n-ary node. */
function group<T extends { span: Span }, K extends string>(type: K, operands: T[], ops: IToken[]): T | { type: K; span: Span; operands: T[] } {
  if (ops.length === 0) return operands[0];
  const parts: Array<Span | IToken> = operands.map((o) => o.span);
  for (const op of ops) parts.push(op);
  return { type, span: spanOf(parts, 0), operands };
}

/** Operands and operators of one `or`/`and` level, grouped as the main grammar nests them. */
class Chain<T extends { span: Span }> {
  private readonly ors: T[] = [];
  private readonly orOps: IToken[] = [];
  private ands: T[];
  private andOps: IToken[] = [];

  constructor(
    first: T,
    private readonly orType: string,
    private readonly andType: string,
  ) {
    this.ands = [first];
  }

  add(op: IToken, operand: T): void {
    if (op.tokenType === And) {
      this.andOps.push(op);
      this.ands.push(operand);
    } else {
      this.ors.push(group(this.andType, this.ands, this.andOps) as T);
      this.orOps.push(op);
      this.ands = [operand];
      this.andOps = [];
    }
  }

  build(): T {
    if (this.orOps.length === 0) return group(this.andType, this.ands, this.andOps) as T;
    this.ors.push(group(this.andType, this.ands, this.andOps) as T);
    return group(this.orType, this.ors, this.orOps) as T;
  }
}

class FastKqlParser extends EmbeddedActionsParser {
  constructor() {
    super(allTokens, {
      recoveryEnabled: false,
      skipValidations: true,
      maxLookahead: 2,
      lookaheadStrategy: lazyLookahead(fastLookahead({ LLkLookaheadStrategy, getLookaheadPaths }), 2),
      errorMessageProvider: QUIET,
    });
    this.performSelfAnalysis();
    // Giving up on a syntax error costs one cached message and a light exception, not Chevrotain's
    // grammar walk for the expected paths (QUIET's messages depend on nothing).
    limitRecovery(this, { getLookaheadPaths, NoViableAltException, EarlyExitException, MismatchedTokenException }, undefined, { grammarOnlyMessages: true });
  }

  // The alternatives of the hot alternations, allocated once (a literal in the call allocates them each time).
  private readonly opAlts = [{ ALT: () => this.CONSUME(Or) }, { ALT: () => this.CONSUME(And) }];
  private readonly valueOpAlts = [{ ALT: () => this.CONSUME1(Or) }, { ALT: () => this.CONSUME1(And) }];
  private readonly literalAlts = [{ ALT: () => this.CONSUME(QuotedString) }, { ALT: () => this.CONSUME(UnquotedLiteral) }];
  private readonly valueAlts = [{ ALT: () => this.CONSUME1(QuotedString) }, { ALT: () => this.CONSUME1(UnquotedLiteral) }];
  private readonly rangeAlts = [{ ALT: () => this.CONSUME2(QuotedString) }, { ALT: () => this.CONSUME2(UnquotedLiteral) }];

  private tooDeep(): void {
    if ((this as unknown as { RULE_STACK_IDX: number }).RULE_STACK_IDX > MAX_RULE_DEPTH && !this.RECORDING_PHASE) throw GIVE_UP;
  }

  /** `query := orQuery?` */
  query = this.RULE('query', (): QueryExpression | undefined => this.OPTION(() => this.SUBRULE(this.orQuery)));

  /** `notQuery (('or' | 'and') notQuery)*` */
  orQuery = this.RULE('orQuery', (): QueryExpression => {
    this.tooDeep();
    const first = this.SUBRULE(this.notQuery);
    const chain = this.RECORDING_PHASE ? undefined : new Chain<QueryExpression>(first, 'OrQuery', 'AndQuery');
    this.MANY(() => {
      const op = this.OR(this.opAlts);
      const operand = this.SUBRULE2(this.notQuery);
      chain?.add(op, operand);
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return chain!.build();
  });

  /** `'not'? ( '(' orQuery ')' | literal ( ':' ( '{' orQuery '}' | values ) | rangeOp literal )? )` */
  notQuery = this.RULE('notQuery', (): QueryExpression => {
    const not = this.OPTION(() => this.CONSUME(Not));
    const operand = this.OR([
      {
        ALT: (): QueryExpression => {
          const lp = this.CONSUME(LParen);
          const body = this.SUBRULE(this.orQuery);
          const rp = this.CONSUME(RParen);
          if (this.RECORDING_PHASE) return undefined as never;
          return { type: 'GroupQuery', span: spanOf([lp, body.span, rp], 0), body };
        },
      },
      {
        ALT: (): QueryExpression => {
          const lit = this.OR1(this.literalAlts);
          let result: QueryExpression | undefined;
          this.OPTION1(() =>
            this.OR2([
              {
                ALT: () => {
                  const colon = this.CONSUME(Colon);
                  this.OR3([
                    {
                      ALT: () => {
                        const lb = this.CONSUME(LBrace);
                        const body = this.SUBRULE2(this.orQuery);
                        const rb = this.CONSUME(RBrace);
                        if (this.RECORDING_PHASE) return;
                        const field = fieldOf(lit);
                        result = { type: 'NestedQuery', span: spanOf([field.span, colon, lb, body.span, rb], 0), field, body };
                      },
                    },
                    {
                      ALT: () => {
                        const value = this.SUBRULE(this.values);
                        if (this.RECORDING_PHASE) return;
                        const field = fieldOf(lit);
                        result = { type: 'MatchQuery', span: spanOf([field.span, colon, value.span], 0), field, value };
                      },
                    },
                  ]);
                },
              },
              {
                ALT: () => {
                  const op = this.CONSUME(RangeOp);
                  const bound = this.OR4(this.rangeAlts);
                  if (this.RECORDING_PHASE) return;
                  const field = fieldOf(lit);
                  const value = literalOf(bound);
                  result = { type: 'RangeQuery', span: spanOf([field.span, op, value.span], 0), field, operator: op.image as RangeOperator, value };
                },
              },
            ]),
          );
          if (this.RECORDING_PHASE) return undefined as never;
          if (result) return result;
          const value = literalOf(lit);
          return { type: 'TermQuery', span: value.span, value };
        },
      },
    ]);
    if (this.RECORDING_PHASE) return undefined as never;
    return not ? { type: 'NotQuery', span: spanOf([not, operand.span], 0), operand } : operand;
  });

  /** `listOfValues := '(' orList ')' | literal` */
  values = this.RULE('values', (): ValueExpression => {
    this.tooDeep();
    return this.OR([
      {
        ALT: (): ValueExpression => {
          const lp = this.CONSUME(LParen);
          const not = this.OPTION(() => this.CONSUME(Not));
          const first = this.notValue(not, this.SUBRULE(this.values));
          const chain = this.RECORDING_PHASE ? undefined : new Chain<ValueExpression>(first, 'OrValues', 'AndValues');
          this.MANY(() => {
            const op = this.OR1(this.valueOpAlts);
            const not2 = this.OPTION1(() => this.CONSUME1(Not));
            const operand = this.notValue(not2, this.SUBRULE1(this.values));
            chain?.add(op, operand);
          });
          const rp = this.CONSUME(RParen);
          if (this.RECORDING_PHASE) return undefined as never;
          const body = chain!.build();
          return { type: 'GroupValues', span: spanOf([lp, body.span, rp], 0), body };
        },
      },
      {
        ALT: (): ValueExpression => {
          const t = this.OR2(this.valueAlts);
          if (this.RECORDING_PHASE) return undefined as never;
          return literalOf(t);
        },
      },
    ]);
  });

  private notValue(not: IToken | undefined, operand: ValueExpression): ValueExpression {
    if (this.RECORDING_PHASE || !not) return operand;
    return { type: 'NotValue', span: spanOf([not, operand.span], 0), operand };
  }
}

let instance: FastKqlParser | null | undefined;
let parses = 0;

/**
 * The AST body of an error-free token list, `null` for an empty query, or undefined when the main path
 * must parse it.
 */
export function fastQuery(tokens: IToken[]): QueryExpression | null | undefined {
  if (instance === null) return undefined;
  try {
    instance ??= new FastKqlParser();
  } catch {
    instance = null; // not expected (test/kql-fast-path.test.ts builds it): the main path parses everything
    return undefined;
  }
  try {
    const p = instance;
    p.input = tokens;
    const body = p.query();
    // Lookahead functions are computed on first use; once the common ones exist, decisions call them
    // directly (core promoteLookahead), and again later for the rarer ones.
    if (++parses === 16 || parses === 256 || parses === 4096) promoteLookahead((p as unknown as { lookAheadFuncsCache?: unknown }).lookAheadFuncsCache);
    if (p.errors.length > 0) return undefined;
    return body ?? null;
  } catch {
    // Too deep, or a fault of this path: the main path decides.
    return undefined;
  }
}
