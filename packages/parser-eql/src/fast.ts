/**
 * The fast path of `parse` for queries without any error: a second Chevrotain parser (embedded actions, no
 * CST) over the same tokens. Its expression grammar is flattened: one repetition for `and`/`or`, one for
 * the comparison and arithmetic operators, precedence and associativity decided by the actions, so that a
 * comparison costs a few rule invocations instead of a CST node per precedence level of the main grammar
 * (parser.ts), which stays the reference and does all the error handling.
 *
 * The contract: `fastParse` either gives up (undefined) or gives the AST and the builder's diagnostics
 * that the main path gives. It gives up on any syntax error (no recovery here), on any sequence of
 * operators the main grammar does not derive (two comparisons in a row), and wherever the main builder
 * reports something inside an expression (the checks below mirror build.ts): those inputs take the main
 * path. The query structure around expressions (sequences, samples, terms, `by`, `with`, pipes) is the
 * main grammar's, copied, and is built by the main builder itself from CST-shaped nodes, so its checks and
 * messages are the same code. test/eql-fast-path.test.ts compares both paths.
 */
import { fastLookahead, lazyLookahead, limitRecovery, promoteLookahead, type Span } from '@esql-lint/core';
import type * as A from './ast.js';
import { AstBuilder, hasRequiredField } from './build.js';
import { EarlyExitException, EmbeddedActionsParser, LLkLookaheadStrategy, MismatchedTokenException, NoViableAltException, getLookaheadPaths, type CstNode, type IToken } from './chevrotain.js';
import { lookupFunction } from './functions.js';
import * as T from './lexer.js';
import { decodeString } from './strings.js';

/** A node shaped like Chevrotain's CST node (what the builder reads of one), for the query structure. */
interface Node {
  name: string;
  children: Record<string, Array<Node | IToken>>;
  location: { startOffset: number; endOffset: number };
  /** An expression node carries its AST, built by the actions. */
  ast?: A.Expression;
}

// Messages are never read here: any error sends the query to the main path.
const QUIET = {
  buildMismatchTokenMessage: () => 'mismatch',
  buildNotAllInputParsedMessage: () => 'not all input parsed',
  buildNoViableAltMessage: () => 'no viable alternative',
  buildEarlyExitMessage: () => 'early exit',
};

const LONG_MAX = 9223372036854775807n;
/**
 * Nesting (rules on the stack; ~4 per parenthesis here, ~8 in the main grammar) and prefix runs beyond
 * which the main path decides: how deep it can go depends on the stack left, and "too deeply nested" must
 * stay its verdict.
 */
const MAX_RULE_DEPTH = 120;
const MAX_PREFIXES = 100;
/** Thrown to abandon the fast path at once (not a recognition exception: Chevrotain lets it through). */
const GIVE_UP = new Error('EQL fast path: too deep');
const COMPARISONS = new Set([T.Eq, T.Neq, T.Lt, T.Lte, T.Gt, T.Gte]);
const MULTIPLICATIVE = new Set([T.Star, T.Slash, T.Percent]);

const tokSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });
const cover = (a: Span, b: Span): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });
const logical = (operator: 'and' | 'or', left: A.Expression, right: A.Expression): A.Expression => ({
  type: 'LogicalExpression',
  span: cover(left.span, right.span),
  operator,
  left,
  right,
});
const arith = (op: IToken, left: A.Expression, right: A.Expression): A.Expression => ({
  type: 'BinaryArithmetic',
  span: cover(left.span, right.span),
  operator: op.image as A.BinaryArithmetic['operator'],
  left,
  right,
});

/** `operands[from..to]` with `ops[from..to-1]` between them: `+`/`-` chains of `*`/`/`/`%` chains, left-associative. */
function additive(operands: A.Expression[], ops: IToken[], from: number, to: number): A.Expression {
  let sum: A.Expression | undefined;
  let sumOp: IToken | undefined;
  let product = operands[from];
  for (let i = from; i < to; i++) {
    const op = ops[i];
    const next = operands[i + 1];
    if (MULTIPLICATIVE.has(op.tokenType)) product = arith(op, product, next);
    else {
      sum = sum === undefined ? product : arith(sumOp!, sum, product);
      sumOp = op;
      product = next;
    }
  }
  return sum === undefined ? product : arith(sumOp!, sum, product);
}

class FastEqlParser extends EmbeddedActionsParser {
  /** Set by an action when the main path must decide (see the module comment). */
  bail = false;

  constructor() {
    super(T.allTokens, {
      recoveryEnabled: false,
      skipValidations: true,
      maxLookahead: 3,
      lookaheadStrategy: lazyLookahead(fastLookahead({ LLkLookaheadStrategy, getLookaheadPaths }), 3),
      errorMessageProvider: QUIET,
    });
    this.performSelfAnalysis();
    // Giving up on a syntax error costs one cached message and a light exception, not Chevrotain's
    // grammar walk for the expected paths (QUIET's messages depend on nothing).
    limitRecovery(this, { getLookaheadPaths, NoViableAltException, EarlyExitException, MismatchedTokenException }, undefined, { grammarOnlyMessages: true });
  }

  /** A CST-shaped node from `first` to the last token consumed. */
  private node(name: string, children: Node['children'], first: IToken): Node {
    return { name, children, location: { startOffset: first.startOffset, endOffset: this.LA(0).endOffset! } };
  }

  private exprNode(ast: A.Expression): Node {
    if (this.RECORDING_PHASE) return undefined as never;
    return { name: 'expression', children: {}, location: { startOffset: ast.span.start, endOffset: ast.span.end - 1 }, ast };
  }

  private end(): number {
    return this.LA(0).endOffset! + 1;
  }


  // The alternatives of the hot alternations, allocated once (Chevrotain's OR takes them as an array of
  // closures: a literal there allocates them at every call). Class fields: set before the rules below.
  private readonly numberAlts = [{ ALT: () => this.CONSUME(T.IntegerLit) }, { ALT: () => this.CONSUME(T.DecimalLit) }];
  private readonly stringAlts = [
      { ALT: () => this.CONSUME(T.DoubleString) },
      { ALT: () => this.CONSUME(T.TripleString) },
      { ALT: () => this.CONSUME(T.SingleString) },
      { ALT: () => this.CONSUME(T.QuestionString) },
    ];
  private readonly logicalAlts = [{ ALT: () => this.CONSUME(T.Or) }, { ALT: () => this.CONSUME(T.And) }];
  private readonly operatorAlts = [
          { ALT: () => this.CONSUME(T.Eq) },
          { ALT: () => this.CONSUME(T.Neq) },
          { ALT: () => this.CONSUME(T.Lt) },
          { ALT: () => this.CONSUME(T.Lte) },
          { ALT: () => this.CONSUME(T.Gt) },
          { ALT: () => this.CONSUME(T.Gte) },
          { ALT: () => this.CONSUME(T.Plus) },
          { ALT: () => this.CONSUME(T.Minus) },
          { ALT: () => this.CONSUME(T.Star) },
          { ALT: () => this.CONSUME(T.Slash) },
          { ALT: () => this.CONSUME(T.Percent) },
        ];
  private readonly signAlts = [{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }];
  private readonly atomAlts = [
      { ALT: () => this.SUBRULE(this.constant) },
      { ALT: () => this.SUBRULE(this.functionCall) },
      { ALT: () => this.SUBRULE(this.qualifiedName) },
      {
        ALT: (): A.Expression => {
          const open = this.CONSUME(T.LParen);
          const expression = this.SUBRULE(this.expression);
          const close = this.CONSUME(T.RParen);
          if (this.RECORDING_PHASE) return undefined as never;
          return { type: 'Paren', span: { start: open.startOffset, end: close.startOffset + close.image.length }, expression };
        },
      },
    ];
  private readonly inAlts = [{ ALT: () => this.CONSUME(T.In) }, { ALT: () => this.CONSUME(T.InInsensitive) }];
  private readonly matchAlts = [
            { ALT: () => this.CONSUME(T.Colon) },
            { ALT: () => this.CONSUME(T.Like) },
            { ALT: () => this.CONSUME(T.LikeInsensitive) },
            { ALT: () => this.CONSUME(T.Regex) },
            { ALT: () => this.CONSUME(T.RegexInsensitive) },
          ];
  private readonly functionNameAlts = [{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.TildeIdentifier) }];
  private readonly firstNameAlts = [{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.QuotedIdentifier) }];
  private readonly nextNameAlts = [{ ALT: () => this.CONSUME1(T.Identifier) }, { ALT: () => this.CONSUME1(T.QuotedIdentifier) }];
  private names: IToken[] = [];
  private readonly questionOption = () => this.CONSUME(T.Question);
  private readonly namePartAlts = [
    {
      ALT: () => {
        this.CONSUME(T.Dot);
        this.names.push(this.OR2(this.nextNameAlts));
      },
    },
    {
      ALT: () => {
        this.CONSUME(T.LBracket);
        this.AT_LEAST_ONE(() => this.CONSUME(T.IntegerLit));
        this.CONSUME(T.RBracket);
        this.bail = true; // unsupported-eql: array indexes
      },
    },
  ];
  private readonly namePartsMany = {
    // As in parser.ts: `[` starts an array index only when an integer follows.
    GATE: () => this.LA(1).tokenType !== T.LBracket || this.LA(2).tokenType === T.IntegerLit,
    DEF: () => this.OR1(this.namePartAlts),
  };
  private readonly constantAlts = [
      { ALT: () => this.CONSUME(T.Null) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.IntegerLit) },
      { ALT: () => this.CONSUME(T.DecimalLit) },
      { ALT: () => this.CONSUME(T.DoubleString) },
      { ALT: () => this.CONSUME(T.TripleString) },
      { ALT: () => this.CONSUME(T.SingleString) },
      { ALT: () => this.CONSUME(T.QuestionString) },
    ];

  // ------------------------------------------------------------------ query structure (as parser.ts)

  statement = this.RULE('statement', (): Node => {
    const first = this.LA(1);
    const query = this.SUBRULE(this.query);
    const pipes: Node[] = [];
    this.MANY(() => {
      pipes.push(this.SUBRULE(this.pipe));
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return this.node('statement', { query: [query], pipe: pipes }, first);
  });

  query = this.RULE('query', (): Node => {
    const first = this.LA(1);
    const children: Node['children'] = {};
    this.OR([
      { ALT: () => (children.sequence = [this.SUBRULE(this.sequence)]) },
      { ALT: () => (children.sample = [this.SUBRULE(this.sample)]) },
      { ALT: () => (children.join = [this.SUBRULE(this.join)]) },
      { ALT: () => (children.eventFilter = [this.SUBRULE(this.eventFilter)]) },
    ]);
    if (this.RECORDING_PHASE) return undefined as never;
    return this.node('query', children, first);
  });

  sequence = this.RULE('sequence', (): Node => {
    const first = this.LA(1);
    const c: Node['children'] = { Sequence: [this.CONSUME(T.Sequence)] };
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            c.by = [this.SUBRULE1(this.joinKeys)];
            this.OPTION1(() => (c.sequenceParams = [this.SUBRULE1(this.sequenceParams)]));
          },
        },
        {
          ALT: () => {
            c.sequenceParams = [this.SUBRULE2(this.sequenceParams)];
            this.OPTION2(() => (c.byAfter = [this.SUBRULE2(this.joinKeys)]));
          },
        },
      ]),
    );
    const terms: Node[] = [];
    this.AT_LEAST_ONE(() => {
      terms.push(this.SUBRULE(this.term));
    });
    c.term = terms;
    this.OPTION3(() => {
      c.Until = [this.CONSUME(T.Until)];
      c.until = [this.SUBRULE1(this.term)];
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return this.node('sequence', c, first);
  });

  sequenceParams = this.RULE('sequenceParams', (): Node => {
    const first = this.LA(1);
    const c: Node['children'] = { With: [this.CONSUME(T.With)], Maxspan: [this.CONSUME(T.Maxspan)] };
    this.OR([{ ALT: () => (c.Assign = [this.CONSUME(T.Assign)]) }, { ALT: () => (c.Eq = [this.CONSUME(T.Eq)]) }]);
    c.number = [this.SUBRULE(this.number)];
    this.OPTION(() => (c.unit = [this.CONSUME(T.Identifier)]));
    if (this.RECORDING_PHASE) return undefined as never;
    return this.node('sequenceParams', c, first);
  });

  sample = this.RULE('sample', (): Node => this.joinLike(T.Sample, 'sample'));

  join = this.RULE('join', (): Node => this.joinLike(T.Join, 'join'));

  /** The body of `sample` and `join` (the same productions; each rule records its own copy). */
  private joinLike(keyword: typeof T.Sample, name: string): Node {
    const first = this.LA(1);
    const c: Node['children'] = { [keyword.name]: [this.CONSUME(keyword)] };
    this.OPTION(() => (c.by = [this.SUBRULE(this.joinKeys)]));
    const terms: Node[] = [];
    this.AT_LEAST_ONE(() => {
      terms.push(this.SUBRULE(this.term));
    });
    c.term = terms;
    this.OPTION1(() => {
      c.Until = [this.CONSUME(T.Until)];
      c.until = [this.SUBRULE1(this.term)];
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return this.node(name, c, first);
  }

  pipe = this.RULE('pipe', (): Node => {
    const first = this.LA(1);
    const c: Node['children'] = { Pipe: [this.CONSUME(T.Pipe)], name: [this.CONSUME(T.Identifier)] };
    const args: Node[] = [];
    this.OPTION(() => {
      args.push(this.exprNode(this.SUBRULE(this.expression)));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        args.push(this.exprNode(this.SUBRULE1(this.expression)));
      });
    });
    if (this.RECORDING_PHASE) return undefined as never;
    c.expression = args;
    return this.node('pipe', c, first);
  });

  joinKeys = this.RULE('joinKeys', (): Node => {
    const first = this.LA(1);
    this.CONSUME(T.By);
    const keys: Node[] = [this.exprNode(this.SUBRULE(this.expression))];
    this.MANY(() => {
      this.CONSUME(T.Comma);
      keys.push(this.exprNode(this.SUBRULE1(this.expression)));
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return this.node('joinKeys', { expression: keys }, first);
  });

  term = this.RULE('term', (): Node => {
    const first = this.LA(1);
    const c: Node['children'] = {};
    this.OR([{ ALT: () => (c.LBracket = [this.CONSUME(T.LBracket)]) }, { ALT: () => (c.MissingOpen = [this.CONSUME(T.MissingOpen)]) }]);
    c.eventFilter = [this.SUBRULE(this.eventFilter)];
    this.CONSUME(T.RBracket);
    this.OPTION(() => (c.by = [this.SUBRULE(this.joinKeys)]));
    this.OPTION1(() => {
      c.With = [this.CONSUME(T.With)];
      c.key = [this.CONSUME(T.Identifier)];
      this.OR1([{ ALT: () => (c.Assign = [this.CONSUME(T.Assign)]) }, { ALT: () => (c.Eq = [this.CONSUME(T.Eq)]) }]);
      c.number = [this.SUBRULE(this.number)];
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return this.node('term', c, first);
  });

  eventFilter = this.RULE('eventFilter', (): Node => {
    const first = this.LA(1);
    const c: Node['children'] = {};
    this.OR([
      { ALT: () => (c.Any = [this.CONSUME(T.Any)]) },
      { ALT: () => (c.Identifier = [this.CONSUME(T.Identifier)]) },
      { ALT: () => (c.string = [this.SUBRULE(this.string)]) },
    ]);
    this.CONSUME(T.Where);
    const condition = this.SUBRULE(this.expression);
    if (this.RECORDING_PHASE) return undefined as never;
    c.expression = [this.exprNode(condition)];
    return this.node('eventFilter', c, first);
  });

  number = this.RULE('number', (): Node => {
    const t = this.OR(this.numberAlts);
    if (this.RECORDING_PHASE) return undefined as never;
    return this.node('number', { [t.tokenType.name]: [t] }, t);
  });

  string = this.RULE('string', (): Node => {
    const t = this.OR(this.stringAlts);
    if (this.RECORDING_PHASE) return undefined as never;
    return this.node('string', { [t.tokenType.name]: [t] }, t);
  });

  // ------------------------------------------------------------------ expressions, flattened

  /** `notOperand ((or | and) notOperand)*`: `and` binds tighter, both left-associative. */
  expression = this.RULE('expression', (): A.Expression => {
    if ((this as unknown as { RULE_STACK_IDX: number }).RULE_STACK_IDX > MAX_RULE_DEPTH && !this.RECORDING_PHASE) throw GIVE_UP;
    let left = this.SUBRULE(this.notOperand);
    let or: A.Expression | undefined;
    this.MANY(() => {
      const op = this.OR(this.logicalAlts);
      const right = this.SUBRULE1(this.notOperand);
      if (this.RECORDING_PHASE) return;
      if (op.tokenType === T.And) left = logical('and', left, right);
      else {
        or = or === undefined ? left : logical('or', or, left);
        left = right;
      }
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return or === undefined ? left : logical('or', or, left);
  });

  /** `not* operation` (process relationships, `x of [...]`, are left to the main path). */
  notOperand = this.RULE('notOperand', (): A.Expression => {
    const nots: IToken[] = [];
    this.MANY(() => {
      nots.push(this.CONSUME(T.Not));
    });
    let e = this.SUBRULE(this.operation);
    if (this.RECORDING_PHASE) return undefined as never;
    if (nots.length > MAX_PREFIXES) this.bail = true;
    if (nots.length > 0) {
      const end = this.end();
      for (let i = nots.length - 1; i >= 0; i--) e = { type: 'NotExpression', span: { start: nots[i].startOffset, end }, operand: e };
    }
    return e;
  });

  /** `unary (op unary)*` over the comparison and arithmetic operators; at most one comparison (non-associative). */
  operation = this.RULE('operation', (): A.Expression => {
    const operands: A.Expression[] = [this.SUBRULE(this.unary)];
    const ops: IToken[] = [];
    this.MANY(() => {
      ops.push(
        this.OR(this.operatorAlts),
      );
      operands.push(this.SUBRULE1(this.unary));
    });
    if (this.RECORDING_PHASE) return undefined as never;
    if (ops.length === 0) return operands[0];
    let comparison = -1;
    for (let i = 0; i < ops.length; i++) {
      if (!COMPARISONS.has(ops[i].tokenType)) continue;
      if (comparison >= 0) this.bail = true; // `a == b == c`: a syntax error of the main grammar
      comparison = i;
    }
    if (comparison < 0) return additive(operands, ops, 0, ops.length);
    const left = additive(operands, ops, 0, comparison);
    const right = additive(operands, ops, comparison + 1, ops.length);
    if (hasRequiredField(left) && hasRequiredField(right)) this.bail = true; // field-comparison
    return { type: 'Comparison', span: cover(left.span, right.span), operator: ops[comparison].image as A.ComparisonOperator, left, right };
  });

  /** `(- | +)* primary predicate?` */
  unary = this.RULE('unary', (): A.Expression => {
    const signs: IToken[] = [];
    this.MANY(() => {
      signs.push(this.OR(this.signAlts));
    });
    let value = this.OR1(this.atomAlts);
    this.OPTION(() => {
      value = this.SUBRULE(this.predicate, { ARGS: [value] });
    });
    if (this.RECORDING_PHASE) return undefined as never;
    if (signs.length > MAX_PREFIXES) this.bail = true;
    if (signs.length > 0) {
      const end = this.end();
      for (let i = signs.length - 1; i >= 0; i--) {
        value = { type: 'UnaryArithmetic', span: { start: signs[i].startOffset, end }, operator: signs[i].image as '-' | '+', operand: value };
      }
    }
    return value;
  });

  predicate = this.RULE('predicate', (value: A.Expression): A.Expression => {
    const first = this.LA(1);
    return this.OR([
      {
        ALT: (): A.Expression => {
          const not = this.OPTION(() => this.CONSUME(T.Not));
          const inTok = this.OR1(this.inAlts);
          this.CONSUME(T.LParen);
          const list = [this.SUBRULE(this.expression)];
          this.MANY(() => {
            this.CONSUME(T.Comma);
            list.push(this.SUBRULE1(this.expression));
          });
          this.CONSUME(T.RParen);
          if (this.RECORDING_PHASE) return undefined as never;
          for (const e of list) if (hasRequiredField(e)) this.bail = true; // non-constant-value
          const span = cover(value.span, { start: first.startOffset, end: this.end() });
          return { type: 'InExpression', span, value, negated: not !== undefined, caseInsensitive: inTok.image === 'in~', list };
        },
      },
      {
        ALT: (): A.Expression => {
          const op = this.OR2(this.matchAlts);
          const patterns: A.Expression[] = [];
          let list = false;
          // Fields and calls as patterns are reported by the main builder: not accepted here.
          this.OR3([
            {
              ALT: () => {
                this.CONSUME1(T.LParen);
                patterns.push(this.SUBRULE(this.constant));
                this.MANY1(() => {
                  this.CONSUME1(T.Comma);
                  patterns.push(this.SUBRULE1(this.constant));
                });
                this.CONSUME1(T.RParen);
                list = true;
              },
            },
            { ALT: () => patterns.push(this.SUBRULE2(this.constant)) },
          ]);
          if (this.RECORDING_PHASE) return undefined as never;
          const span = cover(value.span, { start: first.startOffset, end: this.end() });
          return { type: 'MatchExpression', span, operator: op.image as A.MatchOperator, value, patterns, list };
        },
      },
    ]);
  });

  functionCall = this.RULE('functionCall', (): A.Expression => {
    const nameTok = this.OR(this.functionNameAlts);
    this.CONSUME(T.LParen);
    const args: A.Expression[] = [];
    this.OPTION(() => {
      args.push(this.SUBRULE(this.expression));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        args.push(this.SUBRULE1(this.expression));
      });
    });
    const close = this.CONSUME(T.RParen);
    if (this.RECORDING_PHASE) return undefined as never;
    const caseInsensitive = nameTok.image.endsWith('~');
    const name = caseInsensitive ? nameTok.image.slice(0, -1) : nameTok.image;
    const info = lookupFunction(name);
    // unknown-function, a `~` the function has not, wrong-argument-count
    if (!info || (caseInsensitive && !info.caseInsensitive) || args.length < info.minArgs || args.length > info.maxArgs) this.bail = true;
    const span = { start: nameTok.startOffset, end: close.startOffset + close.image.length };
    return { type: 'FunctionCall', span, name, nameSpan: tokSpan(nameTok), caseInsensitive, args };
  });

  qualifiedName = this.RULE('qualifiedName', (): A.Expression => {
    const question = this.OPTION(this.questionOption);
    const names: IToken[] = [this.OR(this.firstNameAlts)];
    this.names = names; // no rule runs inside a qualified name: the cached closures below push here
    this.MANY(this.namePartsMany);
    if (this.RECORDING_PHASE) return undefined as never;
    const path: string[] = [];
    for (const t of names) {
      if (t.image.charCodeAt(0) === 96 /* ` */) {
        const closed = t.image.length >= 2 && /`*$/.exec(t.image.slice(1))![0].length % 2 === 1;
        if (!closed) this.bail = true; // unterminated backquoted name
        path.push((closed ? t.image.slice(1, -1) : t.image.slice(1)).replace(/``/g, '`'));
      } else path.push(t.image);
    }
    const last = names[names.length - 1];
    const nameSpan = { start: names[0].startOffset, end: last.startOffset + last.image.length };
    const span = { start: (question ?? names[0]).startOffset, end: this.end() };
    return { type: 'Field', span, name: path.join('.'), path, optional: question !== undefined, nameSpan };
  });

  constant = this.RULE('constant', (): A.Expression => {
    const t = this.OR(this.constantAlts);
    if (this.RECORDING_PHASE) return undefined as never;
    const span = tokSpan(t);
    switch (t.tokenType) {
      case T.Null:
        return { type: 'Null', span };
      case T.True:
        return { type: 'Boolean', span, value: true };
      case T.False:
        return { type: 'Boolean', span, value: false };
      case T.IntegerLit:
      case T.DecimalLit: {
        const integer = t.tokenType === T.IntegerLit;
        const value = Number(t.image);
        // number-out-of-range (an integer of fewer than 19 digits fits in a long)
        if ((integer && t.image.length >= 19 && BigInt(t.image) > LONG_MAX) || !Number.isFinite(value)) this.bail = true;
        return { type: 'Number', span, text: t.image, value, integer };
      }
      default: {
        const image = t.image;
        // A closed double-quoted string without a backslash is its body (what decodeString gives, faster).
        if (t.tokenType === T.DoubleString && image.length >= 2 && image.charCodeAt(image.length - 1) === 34 && !image.includes('\\')) {
          return { type: 'String', span, value: image.slice(1, -1), raw: false };
        }
        const decoded = decodeString(image, t.startOffset);
        if (decoded.problems.length > 0) this.bail = true; // the string's own syntax errors
        return { type: 'String', span, value: decoded.value, raw: decoded.raw };
      }
    }
  });
}

/** The main builder over the CST-shaped nodes: expressions come built. */
class FastBuilder extends AstBuilder {
  override expression(n: CstNode): A.Expression | undefined {
    return (n as unknown as Node).ast;
  }
}

let instance: FastEqlParser | null | undefined;
let parses = 0;

/**
 * The AST and the builder's diagnostics of an error-free token list (the lexer reported nothing), or
 * undefined when the main path must parse it.
 */
export function fastParse(text: string, tokens: IToken[]): { ast: A.Query; diagnostics: AstBuilder['diagnostics'] } | undefined {
  if (instance === null) return undefined;
  try {
    instance ??= new FastEqlParser();
  } catch {
    instance = null; // not expected (test/eql-fast-path.test.ts builds it): the main path parses everything
    return undefined;
  }
  try {
    const p = instance;
    p.bail = false;
    p.input = tokens;
    const root = p.statement();
    // Lookahead functions are computed on first use; once the common ones exist, decisions call them
    // directly (core promoteLookahead), and again later for the rarer ones.
    if (++parses === 16 || parses === 256 || parses === 4096) promoteLookahead((p as unknown as { lookAheadFuncsCache?: unknown }).lookAheadFuncsCache);
    if (p.bail || p.errors.length > 0 || root === undefined) return undefined;
    const builder = new FastBuilder(text, false);
    const ast = builder.statement(root as unknown as CstNode);
    return { ast, diagnostics: builder.diagnostics };
  } catch {
    // Too deep for the stack, or a fault of this path: the main path decides.
    return undefined;
  }
}
