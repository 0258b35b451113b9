import { EmbeddedActionsParser, LLkLookaheadStrategy, type IOrAlt, type IToken, type TokenType } from './chevrotain.js';
import { lazyLookahead, promoteLookahead, type Span } from '@esql-lint/core';
import type * as A from './ast.js';
import * as T from './tokens.js';
import { METADATA_FIELDS, castTypes, decodePattern, decodeString, dissectFields, grokFields, paramLiteral, stringLiteral, timeUnits, unquoteName } from './build.js';
import { NAME_TOKENS, PATTERN_TOKENS } from './parser.js';

/**
 * The fast path of `parse`: a second Chevrotain parser, with embedded actions, that builds the AST of a
 * clean query directly (no CST, one rule per operand instead of one per precedence level, operator
 * precedence applied in the actions). It covers the commands and expressions that real rules use; it
 * gives up ("bails") on anything else: a syntax error, a command it does not know, or any construct on
 * which the reference path (parser.ts + build.ts) reports a diagnostic. `parse` then runs the reference
 * path, so every verdict, message and partial AST of a query with problems is the reference path's own.
 * Where it succeeds, its AST is the reference path's, node for node and span for span
 * (test/fast-path.test.ts compares both on every fixture, corpus query and their mutations).
 *
 * It accepts no more than the reference grammar: each of its rules is a reference rule or several of
 * them merged (booleanExpression = notExpression/andExpression chains, valueExpression = comparison,
 * additive and multiplicative chains, operand = unary signs) with the same alternatives, gates and
 * order.
 */

/** Thrown (never out of this module) when the fast path gives up. */
const BAIL = { bail: true };

const FUNCTION_NAME_TOKENS = [...NAME_TOKENS, T.FIRST, T.LAST];

const tokSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.endOffset! + 1 });

function cover(a: Span, b: Span): Span {
  return { start: a.start < b.start ? a.start : b.start, end: a.end > b.end ? a.end : b.end };
}

function binary(left: A.Expression, op: IToken, right: A.Expression): A.BinaryExpression {
  const o = tokSpan(op);
  let start = o.start;
  let end = o.end;
  if (left.span.start < start) start = left.span.start;
  if (left.span.end > end) end = left.span.end;
  if (right.span.start < start) start = right.span.start;
  if (right.span.end > end) end = right.span.end;
  return {
    type: 'BinaryExpression',
    span: { start, end },
    operator: op.image.toLowerCase() as A.BinaryExpression['operator'],
    left,
    right,
    operatorSpan: tokSpan(op),
  };
}

/** Two precedence levels, both left-associative: `high` operators bind tighter than the others. */
function fold(operands: A.Expression[], ops: IToken[], high: (t: TokenType) => boolean): A.Expression {
  let low: A.Expression | undefined;
  let lowOp: IToken | undefined;
  let acc = operands[0];
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k];
    if (high(op.tokenType)) acc = binary(acc, op, operands[k + 1]);
    else {
      low = low === undefined ? acc : binary(low, lowOp!, acc);
      lowOp = op;
      acc = operands[k + 1];
    }
  }
  return low === undefined ? acc : binary(low, lowOp!, acc);
}

const isMultiplicative = (t: TokenType) => t === T.ASTERISK || t === T.SLASH || t === T.PERCENT;
const isAnd = (t: TokenType) => t === T.AND;

function identifier(t: IToken): A.Identifier {
  const id: A.Identifier = { type: 'Identifier', span: tokSpan(t), name: unquoteName(t.image) };
  if (t.tokenType === T.QUOTED_IDENTIFIER) id.quoted = true;
  return id;
}

/** INTEGER_LITERAL with an optional time unit, `prefix` the sign of a constant. */
function integerLiteral(int: IToken, unit: IToken | undefined, prefix: string, span: Span): A.Literal {
  if (unit) {
    const u = unit.image.toLowerCase();
    if (!timeUnits.has(u)) throw BAIL;
    return { type: 'Literal', literalType: 'timespan', span, value: prefix + int.image, unit: u, unitSpan: tokSpan(unit) };
  }
  return { type: 'Literal', literalType: 'integer', span, value: prefix + int.image };
}

const BINARY_OPERATORS = [T.OR, T.AND, T.EQ, T.NEQ, T.LT, T.LTE, T.GT, T.GTE, T.CIEQ, T.PLUS, T.MINUS, T.ASTERISK, T.SLASH, T.PERCENT];

type Suffix =
  | { kind: 'in'; negated: boolean; list: A.Expression[]; end: number }
  | { kind: 'like'; negated: boolean; like: IToken; patterns: A.Literal[]; list: boolean; end: number }
  | { kind: 'null'; negated: boolean; end: number }
  | { kind: 'match'; query: A.Literal | A.ListLiteral; end: number };

/** One predicate of a boolean expression: NOTs, a value expression (`cmp`: index of its comparison in `ops`), a suffix. */
interface Pred {
  start: number;
  nots: IToken[] | undefined;
  operands: A.Expression[];
  ops: IToken[];
  cmp: number;
  suffix: Suffix | undefined;
}

/** The expression of a predicate, as the reference notExpression / predicate / valueExpression build it. */
function predicate(p: Pred): A.Expression {
  let value: A.Expression;
  if (!p.ops.length) value = p.operands[0];
  else if (p.cmp < 0) value = fold(p.operands, p.ops, isMultiplicative);
  else {
    const k = p.cmp;
    const left = k === 0 ? p.operands[0] : fold(p.operands.slice(0, k + 1), p.ops.slice(0, k), isMultiplicative);
    const right = k === p.ops.length - 1 ? p.operands[k + 1] : fold(p.operands.slice(k + 1), p.ops.slice(k + 1), isMultiplicative);
    value = binary(left, p.ops[k], right);
  }
  let e = p.suffix ? applySuffix(value, p.suffix, { start: p.start, end: p.suffix.end }) : value;
  if (p.nots) {
    for (let k = p.nots.length - 1; k >= 0; k--) e = { type: 'UnaryExpression', span: cover(tokSpan(p.nots[k]), e.span), operator: 'not', operand: e };
  }
  return e;
}

function applySuffix(expression: A.Expression, s: Suffix, span: Span): A.Expression {
  switch (s.kind) {
    case 'in':
      return { type: 'InExpression', span, expression, negated: s.negated, list: s.list };
    case 'like':
      return { type: 'LikeExpression', span, operator: s.like.image.toLowerCase() as 'like' | 'rlike', expression, negated: s.negated, patterns: s.patterns, list: s.list };
    case 'null':
      return { type: 'IsNullExpression', span, expression, negated: s.negated };
    case 'match': {
      let field: A.Expression = expression;
      let fieldType: A.Identifier | undefined;
      if (field.type === 'Cast' && field.expr.type === 'Column') {
        fieldType = { type: 'Identifier', span: field.targetTypeSpan, name: field.targetType };
        field = field.expr;
      }
      if (field.type !== 'Column') throw BAIL;
      const m: A.MatchExpression = { type: 'MatchExpression', span, field, query: s.query.type === 'Literal' ? s.query : undefined };
      if (fieldType) m.fieldType = fieldType;
      return m;
    }
  }
}

/** The column of a qualified name's tokens, `end` the end of the last. */
function column(tokens: IToken[], end: number): A.Column {
  if (tokens.length === 1) {
    // One part, the common case: no join.
    const t = tokens[0];
    const name = t.tokenType === T.QUOTED_IDENTIFIER ? unquoteName(t.image) : t.image;
    const col: A.Column = { type: 'Column', span: { start: t.startOffset, end }, name, parts: [name] };
    if (t.tokenType !== T.QUOTED_IDENTIFIER && t.tokenType !== T.UNQUOTED_IDENTIFIER) col.parameterized = true;
    return col;
  }
  const parts: string[] = [];
  let parameterized = false;
  for (const t of tokens) {
    if (t.tokenType === T.QUOTED_IDENTIFIER) parts.push(unquoteName(t.image));
    else {
      if (t.tokenType !== T.UNQUOTED_IDENTIFIER) parameterized = true;
      parts.push(t.image);
    }
  }
  const col: A.Column = { type: 'Column', span: { start: tokens[0].startOffset, end }, name: parts.length === 1 ? parts[0] : parts.join('.'), parts };
  if (parameterized) col.parameterized = true;
  return col;
}

export class FastEsqlParser extends EmbeddedActionsParser {
  constructor(options: { eager?: boolean } = {}) {
    super(T.allTokens, {
      recoveryEnabled: false,
      maxLookahead: 2,
      lookaheadStrategy: options.eager ? new LLkLookaheadStrategy({ maxLookahead: 2 }) : lazyLookahead(LLkLookaheadStrategy, 2),
      skipValidations: true,
    });
    this.performSelfAnalysis();
  }

  // A syntax error ends the fast path: give up at once, without the expected-token paths and message
  // Chevrotain computes for each error (tens of µs per failing parse); the reference path explains.
  // (Chevrotain's internal hooks, called only on a mismatch, a failed alternation or repetition.)
  raiseNoAltException(): never {
    throw BAIL;
  }

  raiseEarlyExitException(): never {
    throw BAIL;
  }

  consumeInternalError(): never {
    throw BAIL;
  }

  /** End offset (exclusive) of the last consumed token. */
  private end(): number {
    return this.LA(0).endOffset! + 1;
  }

  private isType(k: number, types: TokenType[]): boolean {
    return types.includes(this.LA(k).tokenType);
  }

  /** `name.name... =` ahead (a named field of EVAL/STATS/ROW...). */
  private namedFieldAhead(): boolean {
    let k = 1;
    if (!this.isType(k, NAME_TOKENS)) return false;
    k++;
    while (this.LA(k).tokenType === T.DOT && this.isType(k + 1, NAME_TOKENS)) k += 2;
    return this.LA(k).tokenType === T.ASSIGN;
  }

  private tokenAlts(idx: number, types: TokenType[]): IOrAlt<IToken>[] {
    return types.map((t) => ({ ALT: () => this.consume(idx, t) }));
  }

  private nameAlts?: IOrAlt<IToken>[];
  private nameAlts2?: IOrAlt<IToken>[];
  private dottedNameAlts?: IOrAlt<IToken>[];
  private patternAlts?: IOrAlt<IToken>[];
  private patternAlts2?: IOrAlt<IToken>[];
  private functionNameAlts?: IOrAlt<IToken>[];
  private signAlts?: IOrAlt<IToken>[];
  private arithAlts?: IOrAlt<IToken>[];
  private arithAlts2?: IOrAlt<IToken>[];
  private comparisonAlts?: IOrAlt<IToken>[];
  private binaryAlts?: IOrAlt<IToken>[];
  private atomAlts?: IOrAlt<A.Expression>[];

  public statements = this.RULE('statements', (): A.Query => {
    const commands: A.Command[] = [this.SUBRULE(this.sourceCommand)];
    this.MANY(() => {
      this.CONSUME(T.PIPE);
      commands.push(this.SUBRULE(this.processingCommand));
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return { type: 'Query', span: { start: commands[0].span.start, end: commands[commands.length - 1].span.end }, settings: [], commands };
  });

  // The command alternations, built once (an array literal in a rule is allocated at each call).
  private sourceAlts?: { MAX_LOOKAHEAD: number; DEF: IOrAlt<A.Command>[] };
  private processingAlts?: { MAX_LOOKAHEAD: number; DEF: IOrAlt<A.Command>[] };

  public sourceCommand = this.RULE('sourceCommand', (): A.Command =>
    this.OR((this.sourceAlts ??= {
      MAX_LOOKAHEAD: 1,
      DEF: [{ ALT: () => this.SUBRULE(this.fromCommand) }, { ALT: () => this.SUBRULE(this.rowCommand) }],
    })),
  );

  public processingCommand = this.RULE('processingCommand', (): A.Command =>
    this.OR((this.processingAlts ??= {
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
        { ALT: () => this.SUBRULE(this.mvExpandCommand) },
        { ALT: () => this.SUBRULE(this.completionCommand) },
      ],
    })),
  );

  // ------------------------------------------------------------ source commands

  public fromCommand = this.RULE('fromCommand', (): A.FromCommand | A.TsCommand => {
    const kw = this.OR([{ ALT: () => this.CONSUME(T.FROM) }, { ALT: () => this.CONSUME(T.TS) }]);
    const sources = [this.SUBRULE(this.indexPattern)];
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      sources.push(this.SUBRULE2(this.indexPattern));
    });
    const meta: IToken[] = [];
    this.OPTION(() => {
      this.CONSUME(T.METADATA);
      meta.push(this.CONSUME(T.UNQUOTED_SOURCE));
      this.MANY2(() => {
        this.CONSUME2(T.COMMA);
        meta.push(this.CONSUME2(T.UNQUOTED_SOURCE));
      });
    });
    if (this.RECORDING_PHASE) return undefined as never;
    const metadata: A.Identifier[] = [];
    const seen = new Set<string>();
    for (const t of meta) {
      const name = t.image;
      if (!METADATA_FIELDS.includes(name.toLowerCase()) || seen.has(name)) throw BAIL;
      seen.add(name);
      metadata.push({ type: 'Identifier', span: tokSpan(t), name });
    }
    return { type: kw.tokenType === T.TS ? 'TsCommand' : 'FromCommand', span: { start: kw.startOffset, end: this.end() }, sources, subqueries: [], metadata };
  });

  public indexPattern = this.RULE('indexPattern', (): A.IndexSource =>
    this.OR([
      {
        ALT: () => {
          const q = this.CONSUME(T.QUOTED_STRING);
          if (this.RECORDING_PHASE) return undefined as never;
          return { type: 'IndexSource', span: tokSpan(q), index: decodeString(q.image).value, quoted: true };
        },
      },
      {
        ALT: () => {
          const a = this.CONSUME(T.UNQUOTED_SOURCE);
          let b: IToken | undefined;
          let c: IToken | undefined;
          this.OPTION(() => {
            this.CONSUME(T.COLON);
            b = this.CONSUME2(T.UNQUOTED_SOURCE);
          });
          this.OPTION2(() => {
            this.CONSUME(T.CAST_OP);
            c = this.CONSUME3(T.UNQUOTED_SOURCE);
          });
          if (this.RECORDING_PHASE) return undefined as never;
          const src: A.IndexSource = { type: 'IndexSource', span: { start: a.startOffset, end: this.end() }, index: (b ? b.image : a.image), quoted: false };
          if (b) src.cluster = a.image;
          if (c) {
            src.selector = c.image;
            const s = c.image.toLowerCase();
            if (s !== 'data' && s !== 'failures') throw BAIL;
          }
          return src;
        },
      },
    ]),
  );

  public rowCommand = this.RULE('rowCommand', (): A.RowCommand => {
    const kw = this.CONSUME(T.ROW);
    const assignments = this.SUBRULE(this.fields);
    if (this.RECORDING_PHASE) return undefined as never;
    return { type: 'RowCommand', span: { start: kw.startOffset, end: this.end() }, assignments };
  });

  // ------------------------------------------------------------ processing commands

  public whereCommand = this.RULE('whereCommand', (): A.WhereCommand => {
    const kw = this.CONSUME(T.WHERE);
    const condition = this.SUBRULE(this.booleanExpression);
    if (this.RECORDING_PHASE) return undefined as never;
    return { type: 'WhereCommand', span: { start: kw.startOffset, end: this.end() }, condition };
  });

  public evalCommand = this.RULE('evalCommand', (): A.EvalCommand => {
    const kw = this.CONSUME(T.EVAL);
    const assignments = this.SUBRULE(this.fields);
    if (this.RECORDING_PHASE) return undefined as never;
    return { type: 'EvalCommand', span: { start: kw.startOffset, end: this.end() }, assignments };
  });

  public statsCommand = this.RULE('statsCommand', (): A.StatsCommand => {
    const kw = this.CONSUME(T.STATS);
    const body = this.SUBRULE(this.statsBody);
    if (this.RECORDING_PHASE) return undefined as never;
    if (!body.aggregates.length && !body.by.length) throw BAIL;
    return { type: 'StatsCommand', span: { start: kw.startOffset, end: this.end() }, aggregates: body.aggregates, by: body.by };
  });

  public inlineStatsCommand = this.RULE('inlineStatsCommand', (): A.InlineStatsCommand => {
    const kw = this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.INLINE);
          this.CONSUME(T.INLINE_STATS);
          return t;
        },
      },
      { ALT: () => this.CONSUME(T.INLINESTATS) },
    ]);
    const body = this.SUBRULE(this.statsBody);
    if (this.RECORDING_PHASE) return undefined as never;
    if (!body.aggregates.length) throw BAIL;
    return {
      type: 'InlineStatsCommand',
      span: { start: kw.startOffset, end: this.end() },
      aggregates: body.aggregates,
      by: body.by,
      syntax: kw.tokenType === T.INLINESTATS ? 'inlinestats' : 'inline stats',
    };
  });

  public statsBody = this.RULE('statsBody', (): { aggregates: A.Aggregate[]; by: A.Assignment[] } => {
    const aggregates: A.Aggregate[] = [];
    let by: A.Assignment[] = [];
    this.OPTION(() => {
      aggregates.push(this.SUBRULE(this.aggField));
      this.MANY(() => {
        this.CONSUME(T.COMMA);
        aggregates.push(this.SUBRULE2(this.aggField));
      });
    });
    this.OPTION2(() => {
      this.CONSUME(T.BY);
      by = this.SUBRULE(this.fields);
    });
    return { aggregates, by };
  });

  public aggField = this.RULE('aggField', (): A.Aggregate => {
    const start = this.LA(1).startOffset;
    const base = this.SUBRULE(this.field);
    const where = this.OPTION(() => {
      this.CONSUME(T.WHERE);
      return this.SUBRULE(this.booleanExpression);
    });
    if (this.RECORDING_PHASE) return undefined as never;
    const agg: A.Aggregate = { type: 'Aggregate', span: { start, end: this.end() }, expression: base.expression };
    if (base.name) agg.name = base.name;
    if (where) agg.where = where;
    return agg;
  });

  public fields = this.RULE('fields', (): A.Assignment[] => {
    const out = [this.SUBRULE(this.field)];
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      out.push(this.SUBRULE2(this.field));
    });
    return out;
  });

  public field = this.RULE('field', (): A.Assignment => {
    const start = this.LA(1).startOffset;
    const name = this.OPTION({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.namedFieldAhead(),
      DEF: () => {
        const n = this.SUBRULE(this.qualifiedName);
        this.CONSUME(T.ASSIGN);
        return n;
      },
    });
    const expression = this.SUBRULE(this.booleanExpression);
    if (this.RECORDING_PHASE) return undefined as never;
    const a: A.Assignment = { type: 'Assignment', span: { start, end: this.end() }, expression };
    if (name) a.name = name;
    return a;
  });

  public keepCommand = this.RULE('keepCommand', (): A.KeepCommand | A.DropCommand => {
    const kw = this.OR([{ ALT: () => this.CONSUME(T.KEEP) }, { ALT: () => this.CONSUME(T.DROP) }]);
    const columns = [this.SUBRULE(this.qualifiedNamePattern)];
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      columns.push(this.SUBRULE2(this.qualifiedNamePattern));
    });
    if (this.RECORDING_PHASE) return undefined as never;
    const span = { start: kw.startOffset, end: this.end() };
    return kw.tokenType === T.DROP ? { type: 'DropCommand', span, columns } : { type: 'KeepCommand', span, columns };
  });

  public renameCommand = this.RULE('renameCommand', (): A.RenameCommand => {
    const kw = this.CONSUME(T.RENAME);
    const renames = [this.SUBRULE(this.renameClause)];
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      renames.push(this.SUBRULE2(this.renameClause));
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return { type: 'RenameCommand', span: { start: kw.startOffset, end: this.end() }, renames };
  });

  public renameClause = this.RULE('renameClause', (): A.RenameClause => {
    const start = this.LA(1).startOffset;
    const x = this.SUBRULE(this.qualifiedNamePattern);
    const op = this.OR([{ ALT: () => this.CONSUME(T.AS) }, { ALT: () => this.CONSUME(T.ASSIGN) }]);
    const y = this.SUBRULE2(this.qualifiedNamePattern);
    if (this.RECORDING_PHASE) return undefined as never;
    const as = op.tokenType === T.AS;
    return { type: 'RenameClause', span: { start, end: this.end() }, oldName: as ? x : y, newName: as ? y : x, syntax: as ? 'as' : 'assign' };
  });

  public sortCommand = this.RULE('sortCommand', (): A.SortCommand => {
    const kw = this.CONSUME(T.SORT);
    const orders = [this.SUBRULE(this.orderExpression)];
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      orders.push(this.SUBRULE2(this.orderExpression));
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return { type: 'SortCommand', span: { start: kw.startOffset, end: this.end() }, orders };
  });

  public orderExpression = this.RULE('orderExpression', (): A.SortOrder => {
    const start = this.LA(1).startOffset;
    const expression = this.SUBRULE(this.booleanExpression);
    const dir = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.ASC) }, { ALT: () => this.CONSUME(T.DESC) }]));
    const nulls = this.OPTION2(() => {
      this.CONSUME(T.NULLS);
      return this.OR2([{ ALT: () => this.CONSUME(T.FIRST) }, { ALT: () => this.CONSUME(T.LAST) }]);
    });
    if (this.RECORDING_PHASE) return undefined as never;
    const order: A.SortOrder = { type: 'SortOrder', span: { start, end: this.end() }, expression };
    if (dir) order.direction = dir.tokenType === T.ASC ? 'asc' : 'desc';
    if (nulls) order.nulls = nulls.tokenType === T.FIRST ? 'first' : 'last';
    return order;
  });

  public limitCommand = this.RULE('limitCommand', (): A.LimitCommand => {
    const kw = this.CONSUME(T.LIMIT);
    const count = this.SUBRULE(this.constant);
    if (this.RECORDING_PHASE) return undefined as never;
    if (!(count.type === 'Literal' && ((count.literalType === 'integer' && !count.value.startsWith('-')) || count.literalType === 'param'))) throw BAIL;
    return { type: 'LimitCommand', span: { start: kw.startOffset, end: this.end() }, count };
  });

  public dissectCommand = this.RULE('dissectCommand', (): A.DissectCommand => {
    const kw = this.CONSUME(T.DISSECT);
    const input = this.primary();
    const pt = this.CONSUME(T.QUOTED_STRING);
    const options: A.DissectOption[] = [];
    this.OPTION(() => {
      options.push(this.SUBRULE(this.dissectOption));
      this.MANY(() => {
        this.CONSUME(T.COMMA);
        options.push(this.SUBRULE2(this.dissectOption));
      });
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return { type: 'DissectCommand', span: { start: kw.startOffset, end: this.end() }, input, pattern: stringLiteral(pt), options, fields: dissectFields(pt) };
  });

  public dissectOption = this.RULE('dissectOption', (): A.DissectOption => {
    const id = this.OR([{ ALT: () => this.CONSUME(T.UNQUOTED_IDENTIFIER) }, { ALT: () => this.CONSUME(T.QUOTED_IDENTIFIER) }]);
    this.CONSUME(T.ASSIGN);
    const value = this.SUBRULE(this.constant);
    if (this.RECORDING_PHASE) return undefined as never;
    const name = identifier(id);
    if (name.name.toLowerCase() !== 'append_separator') throw BAIL;
    if (!(value.type === 'Literal' && (value.literalType === 'string' || value.literalType === 'param'))) throw BAIL;
    return { type: 'DissectOption', span: { start: id.startOffset, end: this.end() }, name, value };
  });

  public grokCommand = this.RULE('grokCommand', (): A.GrokCommand => {
    const kw = this.CONSUME(T.GROK);
    const input = this.primary();
    const patterns = [this.CONSUME(T.QUOTED_STRING)];
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      patterns.push(this.CONSUME2(T.QUOTED_STRING));
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return {
      type: 'GrokCommand',
      span: { start: kw.startOffset, end: this.end() },
      input,
      patterns: patterns.map(stringLiteral),
      fields: patterns.flatMap((p) => grokFields(p)),
    };
  });

  public mvExpandCommand = this.RULE('mvExpandCommand', (): A.MvExpandCommand => {
    const kw = this.CONSUME(T.MV_EXPAND);
    const column = this.SUBRULE(this.qualifiedName);
    if (this.RECORDING_PHASE) return undefined as never;
    return { type: 'MvExpandCommand', span: { start: kw.startOffset, end: this.end() }, column };
  });

  public completionCommand = this.RULE('completionCommand', (): A.CompletionCommand => {
    const kw = this.CONSUME(T.COMPLETION);
    const target = this.OPTION({
      GATE: () => this.namedFieldAhead(),
      DEF: () => {
        const n = this.SUBRULE(this.qualifiedName);
        this.CONSUME(T.ASSIGN);
        return n;
      },
    });
    const prompt = this.primary();
    const options = this.OPTION2(() => {
      this.CONSUME(T.WITH);
      return this.SUBRULE(this.mapExpression);
    });
    if (this.RECORDING_PHASE) return undefined as never;
    const cmd: A.CompletionCommand = { type: 'CompletionCommand', span: { start: kw.startOffset, end: this.end() }, prompt };
    if (target) cmd.target = target;
    if (options) cmd.options = options;
    return cmd;
  });

  // ------------------------------------------------------------ names

  public qualifiedName = this.RULE('qualifiedName', (): A.Column => {
    const first = this.OR((this.nameAlts ??= this.tokenAlts(1, NAME_TOKENS)));
    const tokens = [first];
    this.MANY(() => {
      this.CONSUME(T.DOT);
      tokens.push(this.OR2((this.nameAlts2 ??= this.tokenAlts(2, NAME_TOKENS))));
    });
    if (this.RECORDING_PHASE) return undefined as never;
    return column(tokens, this.end());
  });

  public qualifiedNamePattern = this.RULE('qualifiedNamePattern', (): A.ColumnPattern => {
    const first = this.OR((this.patternAlts ??= this.tokenAlts(1, PATTERN_TOKENS)));
    const tokens = [first];
    this.MANY(() => {
      this.CONSUME(T.DOT);
      tokens.push(this.OR2((this.patternAlts2 ??= this.tokenAlts(2, PATTERN_TOKENS))));
    });
    if (this.RECORDING_PHASE) return undefined as never;
    const parts: string[] = [];
    let wildcard = false;
    let parameterized = false;
    for (const t of tokens) {
      if (t.tokenType === T.ID_PATTERN) {
        const d = decodePattern(t.image);
        parts.push(d.name);
        wildcard ||= d.wildcard;
      } else {
        parameterized = true;
        parts.push(t.image);
      }
    }
    const pat: A.ColumnPattern = { type: 'ColumnPattern', span: { start: first.startOffset, end: this.end() }, name: parts.join('.'), parts, wildcard };
    if (parameterized) pat.parameterized = true;
    return pat;
  });

  // ------------------------------------------------------------ expressions

  /**
   * The reference booleanExpression, andExpression, notExpression, predicate and valueExpression in one
   * loop: `NOT* operand`, then binary operators (OR, AND, comparisons, arithmetic), each followed by an
   * operand (with NOT* after OR and AND), or a predicate suffix (IN, LIKE, RLIKE, IS NULL, `:`).
   * Precedence is applied after the loop; what the reference grammar does not accept in that order (a
   * second comparison, NOT after another operator, an operator after a suffix) gives up.
   */
  public booleanExpression = this.RULE('booleanExpression', (): A.Expression => {
    const preds: Pred[] = [];
    const logic: IToken[] = [];
    let nots: IToken[] | undefined;
    this.MANY(() => (nots ??= []).push(this.CONSUME(T.NOT)));
    let pred: Pred = { start: this.LA(1).startOffset, nots, operands: [this.SUBRULE(this.operand)], ops: [], cmp: -1, suffix: undefined };
    preds.push(pred);
    this.MANY2(() =>
      this.OR([
        {
          ALT: () => {
            const op = this.OR2((this.binaryAlts ??= this.tokenAlts(2, BINARY_OPERATORS)));
            let inner: IToken[] | undefined;
            this.MANY3(() => (inner ??= []).push(this.CONSUME2(T.NOT)));
            const start = this.LA(1).startOffset;
            const operand = this.SUBRULE2(this.operand);
            if (this.RECORDING_PHASE) return;
            const type = op.tokenType;
            if (type === T.AND || type === T.OR) {
              logic.push(op);
              pred = { start, nots: inner, operands: [operand], ops: [], cmp: -1, suffix: undefined };
              preds.push(pred);
              return;
            }
            if (inner || pred.suffix) throw BAIL;
            if (type === T.EQ || type === T.NEQ || type === T.LT || type === T.LTE || type === T.GT || type === T.GTE || type === T.CIEQ) {
              if (pred.cmp >= 0 || type === T.CIEQ) throw BAIL;
              pred.cmp = pred.ops.length;
            }
            pred.ops.push(op);
            pred.operands.push(operand);
          },
        },
        {
          ALT: () => {
            const suffix = this.SUBRULE(this.predicateSuffix);
            if (this.RECORDING_PHASE) return;
            if (pred.suffix) throw BAIL;
            pred.suffix = suffix;
          },
        },
      ]),
    );
    if (this.RECORDING_PHASE) return undefined as never;
    const first = predicate(preds[0]);
    if (preds.length === 1) return first;
    const operands = preds.map(predicate);
    return fold(operands, logic, isAnd);
  });

  /** IN (...), LIKE / RLIKE patterns, IS NULL, `: constant`, each maybe negated. */
  public predicateSuffix = this.RULE('predicateSuffix', (): Suffix =>
    this.OR([
      {
        ALT: () => {
          const not = this.OPTION(() => this.CONSUME(T.NOT));
          return this.OR2([
            {
              ALT: (): Suffix => {
                this.CONSUME(T.IN);
                this.CONSUME(T.LP);
                const list = [this.SUBRULE(this.valueExpression)];
                this.MANY(() => {
                  this.CONSUME(T.COMMA);
                  list.push(this.SUBRULE2(this.valueExpression));
                });
                this.CONSUME(T.RP);
                return { kind: 'in', negated: !!not, list, end: this.end() };
              },
            },
            {
              ALT: (): Suffix => {
                const like = this.OR3([{ ALT: () => this.CONSUME(T.LIKE) }, { ALT: () => this.CONSUME(T.RLIKE) }]);
                let list = false;
                const patterns: A.Literal[] = [];
                this.OR4([
                  { ALT: () => patterns.push(this.SUBRULE(this.likePattern)) },
                  {
                    ALT: () => {
                      this.CONSUME2(T.LP);
                      patterns.push(this.SUBRULE2(this.likePattern));
                      this.MANY2(() => {
                        this.CONSUME2(T.COMMA);
                        patterns.push(this.SUBRULE3(this.likePattern));
                      });
                      this.CONSUME2(T.RP);
                      list = true;
                    },
                  },
                ]);
                return { kind: 'like', negated: !!not, like, patterns, list, end: this.end() };
              },
            },
          ]);
        },
      },
      {
        ALT: (): Suffix => {
          this.CONSUME(T.IS);
          const not = this.OPTION2(() => this.CONSUME2(T.NOT));
          this.CONSUME(T.NULL);
          return { kind: 'null', negated: !!not, end: this.end() };
        },
      },
      {
        ALT: (): Suffix => {
          this.CONSUME(T.COLON);
          return { kind: 'match', query: this.SUBRULE(this.constant), end: this.end() };
        },
      },
    ]),
  );

  public likePattern = this.RULE('likePattern', (): A.Literal =>
    this.OR([
      { ALT: () => this.literalToken(this.CONSUME(T.QUOTED_STRING)) },
      { ALT: () => this.literalToken(this.CONSUME(T.PARAM)) },
      { ALT: () => this.literalToken(this.CONSUME(T.NAMED_OR_POSITIONAL_PARAM)) },
    ]),
  );

  /** additive [comparison additive], the additive chains with multiplicative precedence. */
  public valueExpression = this.RULE('valueExpression', (): A.Expression => {
    const first = this.SUBRULE(this.operand);
    let operands: A.Expression[] | undefined;
    let ops: IToken[] | undefined;
    this.MANY(() => {
      (ops ??= []).push(this.OR((this.arithAlts ??= this.tokenAlts(1, [T.PLUS, T.MINUS, T.ASTERISK, T.SLASH, T.PERCENT]))));
      (operands ??= [first]).push(this.SUBRULE2(this.operand));
    });
    const cmp = this.OPTION(() => {
      const op = this.OR2((this.comparisonAlts ??= this.tokenAlts(2, [T.EQ, T.NEQ, T.LT, T.LTE, T.GT, T.GTE, T.CIEQ])));
      const rFirst = this.SUBRULE3(this.operand);
      let rOperands: A.Expression[] | undefined;
      let rOps: IToken[] | undefined;
      this.MANY2(() => {
        (rOps ??= []).push(this.OR3((this.arithAlts2 ??= this.tokenAlts(3, [T.PLUS, T.MINUS, T.ASTERISK, T.SLASH, T.PERCENT]))));
        (rOperands ??= [rFirst]).push(this.SUBRULE4(this.operand));
      });
      if (this.RECORDING_PHASE) return undefined as never;
      return { op, right: rOperands ? fold(rOperands, rOps!, isMultiplicative) : rFirst };
    });
    if (this.RECORDING_PHASE) return undefined as never;
    const left = operands ? fold(operands, ops!, isMultiplicative) : first;
    if (!cmp) return left;
    if (cmp.op.tokenType === T.CIEQ) throw BAIL;
    return binary(left, cmp.op, cmp.right);
  });

  /**
   * Unary signs over a primary expression: the reference unaryExpression, primaryExpression, atom,
   * functionCall, qualifiedName and exprConstant in one rule, the atom decided by its first token (the
   * reference atom's gates are the checks after a name: `(` makes a call, a parameter without `.` is a
   * literal).
   */
  public operand = this.RULE('operand', (): A.Expression => {
    let signs: IToken[] | undefined;
    this.MANY(() => (signs ??= []).push(this.OR((this.signAlts ??= this.tokenAlts(1, [T.MINUS, T.PLUS])))));
    let e = this.OR2((this.atomAlts ??= this.makeAtomAlts()));
    this.MANY2(() => {
      this.CONSUME(T.CAST_OP);
      const t = this.OR3([{ ALT: () => this.CONSUME2(T.UNQUOTED_IDENTIFIER) }, { ALT: () => this.CONSUME2(T.QUOTED_IDENTIFIER) }]);
      if (this.RECORDING_PHASE) return;
      const id = identifier(t);
      const targetType = id.name.toLowerCase();
      if (id.name && !castTypes.includes(targetType)) throw BAIL;
      e = { type: 'Cast', span: cover(e.span, id.span), expr: e, targetType, targetTypeSpan: id.span };
    });
    if (this.RECORDING_PHASE || !signs) return e;
    for (let k = signs.length - 1; k >= 0; k--) {
      const op = signs[k];
      e = { type: 'UnaryExpression', span: cover(tokSpan(op), e.span), operator: op.image as '-' | '+', operand: e };
    }
    return e;
  });

  /** The reference primaryExpression where a command takes one (DISSECT, GROK, COMPLETION): no signs. */
  private primary(): A.Expression {
    const t = this.LA(1).tokenType;
    if ((t === T.MINUS || t === T.PLUS) && !this.RECORDING_PHASE) throw BAIL;
    return this.SUBRULE(this.operand);
  }

  private makeAtomAlts(): IOrAlt<A.Expression>[] {
    const token = (type: TokenType, make: (t: IToken) => A.Expression): IOrAlt<A.Expression> => ({
      ALT: () => {
        const t = this.consume(1, type);
        return this.RECORDING_PHASE ? (undefined as never) : make(t);
      },
    });
    return [
      { ALT: () => this.nameOrCall() },
      {
        ALT: () => {
          const int = this.CONSUME(T.INTEGER_LITERAL);
          const unit = this.OPTION(() => this.CONSUME(T.UNQUOTED_IDENTIFIER));
          if (this.RECORDING_PHASE) return undefined as never;
          return integerLiteral(int, unit, '', { start: int.startOffset, end: this.end() });
        },
      },
      token(T.NULL, (t) => ({ type: 'Literal', literalType: 'null', span: tokSpan(t), value: null })),
      token(T.TRUE, (t) => ({ type: 'Literal', literalType: 'boolean', span: tokSpan(t), value: true })),
      token(T.FALSE, (t) => ({ type: 'Literal', literalType: 'boolean', span: tokSpan(t), value: false })),
      token(T.DECIMAL_LITERAL, (t) => ({ type: 'Literal', literalType: 'decimal', span: tokSpan(t), value: t.image })),
      token(T.QUOTED_STRING, stringLiteral),
      { ALT: () => this.SUBRULE(this.arrayLiteral) },
      {
        ALT: () => {
          this.CONSUME(T.LP);
          const e = this.SUBRULE(this.booleanExpression);
          this.CONSUME(T.RP);
          return e;
        },
      },
    ];
  }

  /** A name: a function call when `(` follows, else a column, or a parameter literal (`?`, `?x` without `.`). */
  private nameOrCall(): A.Expression {
    const first = this.OR4((this.functionNameAlts ??= this.tokenAlts(4, FUNCTION_NAME_TOKENS)));
    const call = this.OPTION2(() => this.SUBRULE(this.callArguments));
    let dotted: IToken[] | undefined;
    this.MANY3(() => {
      this.CONSUME(T.DOT);
      (dotted ??= [first]).push(this.OR5((this.dottedNameAlts ??= this.tokenAlts(5, NAME_TOKENS))));
    });
    if (this.RECORDING_PHASE) return undefined as never;
    const type = first.tokenType;
    if (call) {
      if (dotted) throw BAIL;
      const fn: A.FunctionCall = {
        type: 'FunctionCall',
        span: { start: first.startOffset, end: this.end() },
        name: type === T.QUOTED_IDENTIFIER ? unquoteName(first.image) : first.image,
        nameSpan: tokSpan(first),
        args: call.args,
      };
      if (call.star) fn.star = true;
      if (call.map) fn.options = call.map;
      return fn;
    }
    if (type === T.FIRST || type === T.LAST) throw BAIL;
    if (!dotted && (type === T.PARAM || type === T.NAMED_OR_POSITIONAL_PARAM)) return paramLiteral(first);
    return column(dotted ?? [first], this.end());
  }

  /** `( [* | expression (, expression | map)*] )` of a function call. */
  public callArguments = this.RULE('callArguments', (): { args: A.Expression[]; star: boolean; map: A.MapExpression | undefined } => {
    this.CONSUME(T.LP);
    const args: A.Expression[] = [];
    let star = false;
    let map: A.MapExpression | undefined;
    let maps = 0;
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.ASTERISK);
            star = true;
          },
        },
        {
          ALT: () => {
            args.push(this.SUBRULE(this.booleanExpression));
            this.MANY(() => {
              this.CONSUME(T.COMMA);
              this.OR2([
                {
                  ALT: () => {
                    const m = this.SUBRULE(this.mapExpression);
                    // A map must be the last argument, and only the first counts (reference path).
                    if (maps++ === 0) map = m;
                  },
                },
                {
                  ALT: () => {
                    const e = this.SUBRULE2(this.booleanExpression);
                    if (map && !this.RECORDING_PHASE) throw BAIL;
                    args.push(e);
                  },
                },
              ]);
            });
          },
        },
      ]),
    );
    this.CONSUME(T.RP);
    if (this.RECORDING_PHASE) return undefined as never;
    if (maps > 1) throw BAIL;
    return { args, star, map };
  });

  public mapExpression = this.RULE('mapExpression', (): A.MapExpression => {
    const open = this.CONSUME(T.LEFT_BRACES);
    const entries: A.MapEntry[] = [];
    this.OPTION(() => {
      entries.push(this.SUBRULE(this.mapEntry));
      this.MANY(() => {
        this.CONSUME(T.COMMA);
        entries.push(this.SUBRULE2(this.mapEntry));
      });
    });
    this.CONSUME(T.RIGHT_BRACES);
    if (this.RECORDING_PHASE) return undefined as never;
    return { type: 'MapExpression', span: { start: open.startOffset, end: this.end() }, entries };
  });

  public mapEntry = this.RULE('mapEntry', (): A.MapEntry => {
    const k = this.CONSUME(T.QUOTED_STRING);
    this.CONSUME(T.COLON);
    const value = this.OR([{ ALT: () => this.SUBRULE(this.mapExpression) }, { ALT: () => this.SUBRULE(this.constant) }]);
    if (this.RECORDING_PHASE) return undefined as never;
    return { type: 'MapEntry', span: { start: k.startOffset, end: this.end() }, key: stringLiteral(k), value };
  });

  /** A constant where Elasticsearch expects one (LIMIT, options, map values): signs belong to numbers. */
  public constant = this.RULE('constant', (): A.Literal | A.ListLiteral =>
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const start = this.LA(1).startOffset;
            const sign = this.OPTION(() => this.OR3([{ ALT: () => this.CONSUME(T.PLUS) }, { ALT: () => this.CONSUME(T.MINUS) }]));
            return this.OR2([
              {
                ALT: () => {
                  const int = this.CONSUME(T.INTEGER_LITERAL);
                  const unit = this.OPTION2(() => this.CONSUME(T.UNQUOTED_IDENTIFIER));
                  if (this.RECORDING_PHASE) return undefined as never;
                  return integerLiteral(int, unit, sign?.image === '-' ? '-' : '', { start, end: this.end() });
                },
              },
              {
                ALT: (): A.Literal => {
                  const dec = this.CONSUME(T.DECIMAL_LITERAL);
                  if (this.RECORDING_PHASE) return undefined as never;
                  return { type: 'Literal', literalType: 'decimal', span: { start, end: this.end() }, value: (sign?.image === '-' ? '-' : '') + dec.image };
                },
              },
            ]);
          },
        },
        { ALT: () => this.SUBRULE(this.simpleConstant) },
        { ALT: () => this.SUBRULE(this.arrayLiteral) },
      ],
    }),
  );

  public simpleConstant = this.RULE('simpleConstant', (): A.Literal =>
    this.OR([
      { ALT: () => this.literalToken(this.CONSUME(T.NULL)) },
      { ALT: () => this.literalToken(this.CONSUME(T.TRUE)) },
      { ALT: () => this.literalToken(this.CONSUME(T.FALSE)) },
      { ALT: () => this.literalToken(this.CONSUME(T.DECIMAL_LITERAL)) },
      { ALT: () => this.literalToken(this.CONSUME(T.QUOTED_STRING)) },
      { ALT: () => this.literalToken(this.CONSUME(T.PARAM)) },
      { ALT: () => this.literalToken(this.CONSUME(T.NAMED_OR_POSITIONAL_PARAM)) },
    ]),
  );

  /** The literal of a one-token constant (NULL, TRUE, FALSE, decimal, string, parameter). */
  private literalToken(t: IToken): A.Literal {
    if (this.RECORDING_PHASE) return undefined as never;
    const span = tokSpan(t);
    switch (t.tokenType) {
      case T.NULL:
        return { type: 'Literal', literalType: 'null', span, value: null };
      case T.TRUE:
        return { type: 'Literal', literalType: 'boolean', span, value: true };
      case T.FALSE:
        return { type: 'Literal', literalType: 'boolean', span, value: false };
      case T.DECIMAL_LITERAL:
        return { type: 'Literal', literalType: 'decimal', span, value: t.image };
      case T.QUOTED_STRING:
        return stringLiteral(t);
    }
    return paramLiteral(t);
  }

  public arrayLiteral = this.RULE('arrayLiteral', (): A.ListLiteral => {
    const open = this.CONSUME(T.OPENING_BRACKET);
    const elements = [this.SUBRULE(this.arrayElement)];
    this.MANY(() => {
      this.CONSUME(T.COMMA);
      elements.push(this.SUBRULE2(this.arrayElement));
    });
    this.CONSUME(T.CLOSING_BRACKET);
    if (this.RECORDING_PHASE) return undefined as never;
    const kind = (e: A.Literal) => (e.literalType === 'integer' || e.literalType === 'decimal' ? 'number' : e.literalType);
    if (elements.some((e) => kind(e) !== kind(elements[0]))) throw BAIL;
    return { type: 'ListLiteral', span: { start: open.startOffset, end: this.end() }, elements };
  });

  public arrayElement = this.RULE('arrayElement', (): A.Literal =>
    this.OR([
      {
        ALT: () => {
          const start = this.LA(1).startOffset;
          const sign = this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.PLUS) }, { ALT: () => this.CONSUME(T.MINUS) }]));
          const n = this.OR3([{ ALT: () => this.CONSUME(T.INTEGER_LITERAL) }, { ALT: () => this.CONSUME(T.DECIMAL_LITERAL) }]);
          if (this.RECORDING_PHASE) return undefined as never;
          const value = (sign?.image === '-' ? '-' : '') + n.image;
          const span = { start, end: this.end() };
          return n.tokenType === T.INTEGER_LITERAL ? { type: 'Literal', literalType: 'integer', span, value } : { type: 'Literal', literalType: 'decimal', span, value };
        },
      },
      { ALT: () => this.literalToken(this.CONSUME(T.TRUE)) },
      { ALT: () => this.literalToken(this.CONSUME(T.FALSE)) },
      { ALT: () => this.literalToken(this.CONSUME(T.QUOTED_STRING)) },
    ]),
  );
}

let instance: FastEsqlParser | undefined;
let parses = 0;

/**
 * The AST of a clean query (no lexer diagnostics given), or undefined when the fast path gives up and
 * the reference path must parse it.
 */
export function fastParse(tokens: IToken[]): A.Query | undefined {
  const parser = (instance ??= new FastEsqlParser());
  try {
    parser.input = tokens;
    const ast = parser.statements();
    // Lookahead functions are computed on first use (start-up); once the common ones exist, calls go
    // to them directly. Again later for the rarer ones.
    if (++parses === 16 || parses === 256 || parses === 4096) promoteLookahead((parser as unknown as { lookAheadFuncsCache?: unknown }).lookAheadFuncsCache);
    return parser.errors.length ? undefined : ast;
  } catch {
    // BAIL, or a query nested beyond the stack: the reference path reports it.
    return undefined;
  }
}
