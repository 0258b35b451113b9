/**
 * Builds the typed AST from the Chevrotain CST, and reports what Elasticsearch rejects after parsing
 * (LogicalPlanBuilder / ExpressionBuilder / the function registry): single-quoted strings, `=`,
 * process relationships, array indexes, `by` after `with`, join-key counts, maxspan and runs values,
 * unsupported pipes, unknown functions and wrong arities.
 */
import { closestMatches, diagnostic, type Diagnostic, type Fix, type Span } from '@esql-lint/core';
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import type { EqlCode } from './codes.js';
import { describeArity, EQL_FUNCTIONS, lookupFunction } from './functions.js';
import { decodeString } from './strings.js';

const SUPPORTED_PIPES = ['head', 'tail'];
/** Pipes of the EQL language that Elasticsearch recognises but does not run. */
const UNSUPPORTED_PIPES = ['count', 'filter', 'sort', 'unique', 'unique_count'];
const TIME_UNITS = ['ms', 's', 'm', 'h', 'd'];
const MAX_RUNS = 100;
const LONG_MAX = 9223372036854775807n;
const COMPARISON_TOKENS = ['Eq', 'Neq', 'Lt', 'Lte', 'Gt', 'Gte', 'Assign'];
const MATCH_TOKENS = ['Colon', 'Like', 'LikeInsensitive', 'Regex', 'RegexInsensitive'];
const STRING_TOKENS = ['DoubleString', 'TripleString', 'SingleString', 'QuestionString'];
const OR_TOKENS = ['Or'];
const AND_TOKENS = ['And'];
const ADDITIVE_TOKENS = ['Plus', 'Minus'];
const MULTIPLICATIVE_TOKENS = ['Star', 'Slash', 'Percent'];
const NO_NODES: CstNode[] = [];

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

function real(t: IToken | undefined): t is IToken {
  return t !== undefined && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
}

function tokSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

function cover(a: Span | undefined, b: Span | undefined): Span | undefined {
  if (!a) return b;
  if (!b) return a;
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

function children(n: CstNode): Children {
  return n.children as Children;
}

function tok(n: CstNode, name: string, i = 0): IToken | undefined {
  const list = children(n)[name];
  const t = list === undefined ? undefined : (list[i] as IToken | undefined);
  return real(t) ? t : undefined;
}

/** The first real token among the children named `names` (in that order of names), like `names.map(tok).find(real)`. */
function firstTok(n: CstNode, names: readonly string[]): IToken | undefined {
  for (const name of names) {
    const t = tok(n, name);
    if (t) return t;
  }
  return undefined;
}

function toks(n: CstNode, name: string): IToken[] {
  return ((children(n)[name] ?? []) as IToken[]).filter(real);
}

function sub(n: CstNode | undefined, name: string, i = 0): CstNode | undefined {
  return n ? (children(n)[name]?.[i] as CstNode | undefined) : undefined;
}

function subs(n: CstNode, name: string): CstNode[] {
  return (children(n)[name] ?? []) as CstNode[];
}

/**
 * The spans computed for nodes without a location (touched by error recovery), for one build: a Map
 * (a WeakMap's entries cost the garbage collector, a query of 250 recovered errors spent ~20 % of its
 * parse in them), emptied when `statement` ends so that no CST outlives its build.
 */
const spanCache = new Map<CstNode, Span | null>();

/** Whether `cstSpan(n)` is defined, without building the span in the common case. */
function hasSpan(n: CstNode): boolean {
  const loc = n.location;
  if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) return true;
  return cstSpan(n) !== undefined;
}

export function cstSpan(n: CstNode | undefined): Span | undefined {
  if (!n) return undefined;
  // Chevrotain tracks node offsets while parsing; nodes touched by error recovery may lack them.
  const loc = n.location;
  if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) return { start: loc.startOffset, end: loc.endOffset! + 1 };
  const cached = spanCache.get(n);
  if (cached !== undefined) return cached ?? undefined;
  const s = computeSpan(n);
  spanCache.set(n, s ?? null);
  return s;
}

/** The span of the real tokens under a CST node, undefined when it has none. */
function computeSpan(n: CstNode): Span | undefined {
  let s: Span | undefined;
  const ch = children(n);
  for (const name in ch) {
    const list = ch[name];
    if (list === undefined) continue;
    for (const e of list) {
      s = cover(s, isToken(e) ? (real(e) ? tokSpan(e) : undefined) : cstSpan(e));
    }
  }
  return s;
}

/** Elements of a node in source order (tokens and sub-nodes interleaved). */
function ordered(n: CstNode, names: string[]): Array<{ name: string; el: CstElement; at: number }> {
  const out: Array<{ name: string; el: CstElement; at: number }> = [];
  for (const name of names) {
    for (const el of children(n)[name] ?? []) {
      const at = isToken(el) ? (real(el) ? el.startOffset : NaN) : (cstSpan(el)?.start ?? NaN);
      if (!Number.isNaN(at)) out.push({ name, el, at });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  /** `partial`: the CST is incomplete (syntax errors), so checks that count queries or keys are skipped. */
  constructor(
    private readonly text: string,
    private readonly partial = false,
  ) {
    this.complete = !partial;
  }

  /**
   * No syntax error: the CST is complete, each node holds exactly one of its rule's alternatives, an
   * operator is there exactly when its operands are (none inserted by recovery, every location set).
   * The builder then looks up the likely child first; on a partial CST it keeps its defensive order.
   */
  private readonly complete: boolean;

  /**
   * `code`: `syntax-error` for what Elasticsearch's grammar refuses; what its parse-tree builder or
   * verifier refuses gets the code of its cause (see EqlCode).
   */
  private error(message: string, span: Span, fixes?: Fix[], code: EqlCode = 'syntax-error'): void {
    this.diagnostics.push(diagnostic(code, 'error', message, span, fixes));
  }

  private at(n: CstNode | undefined, fallback: number): Span {
    return cstSpan(n) ?? { start: fallback, end: fallback };
  }

  statement(n: CstNode): A.Query {
    try {
      return this.statementOf(n);
    } finally {
      spanCache.clear();
    }
  }

  private statementOf(n: CstNode): A.Query {
    const q = sub(n, 'query');
    const body = q ? this.query(q) : undefined;
    const pipes = subs(n, 'pipe')
      .map((p) => this.pipe(p))
      .filter((p): p is A.Pipe => p !== undefined);
    const span = cover(cstSpan(n), undefined) ?? { start: 0, end: 0 };
    return { type: 'Query', span, body, pipes };
  }

  private query(n: CstNode): A.QueryBody | undefined {
    const s = sub(n, 'sequence');
    if (s) return this.sequence(s);
    const sm = sub(n, 'sample');
    if (sm) return this.sample(sm);
    const j = sub(n, 'join');
    if (j) return this.join(j);
    const e = sub(n, 'eventFilter');
    if (e) return this.eventFilter(e);
    const span = cstSpan(n);
    return span ? { type: 'Error', span } : undefined;
  }

  // ---------------------------------------------------------------- queries

  private eventFilter(n: CstNode): A.EventQuery {
    let category: A.EventCategory | undefined;
    const any = tok(n, 'Any');
    const id = tok(n, 'Identifier');
    const str = sub(n, 'string');
    if (any) category = { type: 'EventCategory', span: tokSpan(any), name: 'any', any: true, quoted: false };
    else if (id) category = { type: 'EventCategory', span: tokSpan(id), name: id.image, any: false, quoted: false };
    else if (str) {
      const lit = this.string(str);
      if (lit) category = { type: 'EventCategory', span: lit.span, name: lit.value, any: false, quoted: true };
    }
    const e = sub(n, 'expression');
    const condition = e ? this.expression(e) : undefined;
    const span = this.at(n, 0);
    return { type: 'EventQuery', span, category, condition };
  }

  private term(n: CstNode): A.EventTerm | undefined {
    const span = cstSpan(n);
    if (!span) return undefined;
    const missing = tok(n, 'MissingOpen') !== undefined;
    const f = sub(n, 'eventFilter');
    const query = f && cstSpan(f) ? this.eventFilter(f) : undefined;
    const byNode = sub(n, 'by');
    const by = byNode ? this.joinKeys(byNode) : undefined;
    let runs: A.RunsOption | undefined;
    const key = tok(n, 'key');
    const num = sub(n, 'number');
    if (key) {
      const numTok = num ? (tok(num, 'IntegerLit') ?? tok(num, 'DecimalLit')) : undefined;
      const withTok = tok(n, 'With');
      runs = {
        type: 'RunsOption',
        span: cover(withTok ? tokSpan(withTok) : tokSpan(key), numTok ? tokSpan(numTok) : tokSpan(key))!,
        key: key.image,
        value: numTok?.image ?? '',
      };
      this.checkAssign(n, 'runs');
    }
    return { type: 'EventTerm', span, missing, query, by, runs };
  }

  /** `with maxspan==5m` / `with runs==2`: Elasticsearch wants `=` here. */
  private checkAssign(n: CstNode, what: string): void {
    const eq = tok(n, 'Eq');
    if (eq) {
      this.error(`Expected '=' but found '=='; write 'with ${what}=...'`, tokSpan(eq), [
        { title: "Replace '==' with '='", edits: [{ span: tokSpan(eq), newText: '=' }] },
      ]);
    }
  }

  private joinKeys(n: CstNode): A.ByClause {
    const keys = subs(n, 'expression')
      .map((e) => this.expression(e))
      .filter((e): e is A.Expression => e !== undefined);
    for (const k of keys) {
      let inner: A.Expression | undefined = k;
      while (inner?.type === 'Paren') inner = inner.expression;
      if (inner && inner.type !== 'Field' && inner.type !== 'Error') {
        this.error(`Unsupported join key [${this.text.slice(k.span.start, k.span.end)}]: 'by' keys must be field names`, k.span, undefined, 'invalid-sequence');
      }
    }
    return { type: 'ByClause', span: this.at(n, 0), keys };
  }

  private terms(n: CstNode): { terms: A.EventTerm[]; until: A.EventTerm | undefined } {
    const terms = subs(n, 'term')
      .map((t) => this.term(t))
      .filter((t): t is A.EventTerm => t !== undefined);
    const u = sub(n, 'until');
    return { terms, until: u ? this.term(u) : undefined };
  }

  private sequence(n: CstNode): A.SequenceQuery {
    const span = this.at(n, 0);
    const byNode = sub(n, 'by');
    const byAfterNode = sub(n, 'byAfter');
    let by = byNode ? this.joinKeys(byNode) : undefined;
    if (byAfterNode) {
      by = this.joinKeys(byAfterNode);
      this.error("Specify the sequence 'by' before 'with', not after: 'sequence by <keys> with maxspan=...'", by.span);
    }
    const params = sub(n, 'sequenceParams');
    const maxspan = params ? this.maxspan(params) : undefined;
    const { terms, until } = this.terms(n);
    const keyword = tok(n, 'Sequence');
    const headSpan = keyword ? tokSpan(keyword) : span;

    // Elasticsearch expands `with runs=N` into N copies of the query, the `until` query included (it is one of
    // the sequence's terms to its parser), checks the count, and only then takes the last copy as `until`.
    const expanded: boolean[] = [];
    let runsValid = true;
    for (const t of until ? [...terms, until] : terms) {
      const runs = this.runsOf(t);
      if (runs === undefined) runsValid = false;
      else for (let i = 0; i < runs; i++) expanded.push(t.missing);
    }
    const checkCounts = terms.length > 0 && runsValid && !this.partial;
    if (checkCounts && expanded.length < 2) {
      this.error(
        `A sequence requires a minimum of 2 queries, found [${expanded.length}]: add another [...] query or 'with runs=N'`,
        headSpan,
        undefined,
        'invalid-sequence',
      );
    } else if (checkCounts && until && expanded.length === 2) {
      this.error("A sequence requires a minimum of 2 queries, not counting the 'until' query: add another [...] query", headSpan, undefined, 'invalid-sequence');
    }
    if (!this.partial) this.checkKeyCounts(by, until ? [...terms, until] : terms);
    // What remains once `until` is taken off (Elasticsearch ignores the `!` of a missing `until` query).
    const queries = checkCounts ? (until ? expanded.slice(0, -1) : expanded) : terms.map((t) => t.missing);
    const missing = queries.filter((m) => m).length;
    if (missing > 0 && missing === queries.length && !this.partial) {
      this.error('A sequence requires at least one positive event query ([...]); all of them are missing events (![...])', headSpan, undefined, 'invalid-sequence');
    }
    if (missing > 0 && !maxspan && !this.partial) {
      this.error("A sequence with missing events (![...]) requires 'with maxspan=...'", headSpan, undefined, 'invalid-sequence');
    }
    return { type: 'SequenceQuery', span, by, maxspan, terms, until };
  }

  /** How many queries a term stands for (its runs), undefined when its runs option is invalid (reported). */
  private runsOf(t: A.EventTerm): number | undefined {
    const r = t.runs;
    if (!r) return 1;
    if (r.key !== 'runs') {
      this.error(`Unknown option '${r.key}' on a sequence query; the only option is 'runs' (with runs=N)`, r.span, undefined, 'invalid-sequence');
      return undefined;
    }
    if (r.value === '') return undefined;
    if (!/^\d+$/.test(r.value)) {
      this.error(`The runs value must be a positive integer, found [${r.value}]`, r.span, undefined, 'invalid-sequence');
      return undefined;
    }
    const v = Number(r.value);
    if (v < 1) {
      this.error(`A positive runs value is required; found [${r.value}]`, r.span, undefined, 'invalid-sequence');
      return undefined;
    }
    if (v > MAX_RUNS) {
      this.error(`A query cannot be repeated more than ${MAX_RUNS} times (runs); found [${r.value}]`, r.span, undefined, 'invalid-sequence');
      return undefined;
    }
    return v;
  }

  private checkKeyCounts(parent: A.ByClause | undefined, terms: A.EventTerm[]): void {
    let expected = -1;
    for (const t of terms) {
      const own = t.by?.keys.length ?? 0;
      if (expected < 0) expected = own;
      else if (own !== expected) {
        const where = t.by?.span ?? t.span;
        this.error(
          `Inconsistent number of join keys: the first query has ${expected} 'by' key${expected === 1 ? '' : 's'} but this one has ${own}` +
            (parent ? ' (not counting the shared keys of the header)' : ''),
          where,
          undefined,
          'invalid-sequence',
        );
      }
    }
  }

  private maxspan(n: CstNode): A.MaxSpan {
    const span = this.at(n, 0);
    this.checkAssign(n, 'maxspan');
    const num = sub(n, 'number');
    const numTok = num ? (tok(num, 'IntegerLit') ?? tok(num, 'DecimalLit')) : undefined;
    const unitTok = tok(n, 'unit');
    const value = numTok?.image ?? '';
    const unit = unitTok?.image;
    if (numTok) {
      if (numTok.tokenType.name === 'DecimalLit') {
        this.error(`Decimal time interval [${value}] not supported; use a positive integer with a unit (ms, s, m, h, d)`, tokSpan(numTok), undefined, 'invalid-sequence');
      } else if (BigInt(value) <= 0n) {
        this.error(`A positive maxspan value is required; found [${value}]`, tokSpan(numTok), undefined, 'invalid-sequence');
      } else if (!unitTok) {
        this.error(`No time unit specified for maxspan, did you mean [${value}s]? Units: ms, s, m, h, d`, tokSpan(numTok), [
          { title: `Use ${value}s`, edits: [{ span: { start: numTok.startOffset + value.length, end: numTok.startOffset + value.length }, newText: 's' }] },
        ], 'invalid-sequence');
      } else if (!TIME_UNITS.includes(unitTok.image)) {
        this.error(`Unrecognized time unit [${unitTok.image}] in maxspan; use one of ms, s, m, h, d`, tokSpan(unitTok), undefined, 'invalid-sequence');
      }
    }
    return { type: 'MaxSpan', span, value, unit };
  }

  private sample(n: CstNode): A.SampleQuery {
    const span = this.at(n, 0);
    const byNode = sub(n, 'by');
    const by = byNode ? this.joinKeys(byNode) : undefined;
    const { terms, until } = this.terms(n);
    const keyword = tok(n, 'Sample');
    const headSpan = keyword ? tokSpan(keyword) : span;
    if (terms.length < 2 && terms.length > 0 && !this.partial) {
      this.error(`A sample requires a minimum of 2 queries, found [${terms.length}]`, headSpan, undefined, 'invalid-sequence');
    }
    if (until) {
      const u = tok(n, 'Until');
      this.error("A sample does not support 'until' (only sequences do)", cover(u ? tokSpan(u) : undefined, until.span)!, undefined, 'invalid-sequence');
    }
    for (const t of terms) {
      if (t.missing) this.error('Missing events (![...]) are only supported in sequences, not in samples', t.span, undefined, 'invalid-sequence');
      if (t.runs) this.error("'with runs' is only supported in sequences, not in samples", t.runs.span, undefined, 'invalid-sequence');
    }
    if (!this.partial) this.checkKeyCounts(by, terms);
    return { type: 'SampleQuery', span, by, terms, until };
  }

  private join(n: CstNode): A.JoinQuery {
    const span = this.at(n, 0);
    const byNode = sub(n, 'by');
    const by = byNode ? this.joinKeys(byNode) : undefined;
    const { terms, until } = this.terms(n);
    const keyword = tok(n, 'Join');
    this.error("'join' queries are not supported by Elasticsearch EQL: use a 'sequence' or a 'sample'", keyword ? tokSpan(keyword) : span, undefined, 'unsupported-eql');
    for (const t of until ? [...terms, until] : terms) {
      if (t.missing) this.error('Missing events (![...]) are only supported in sequences', t.span, undefined, 'invalid-sequence');
      if (t.runs) this.error("'with runs' is only supported in sequences", t.runs.span, undefined, 'invalid-sequence');
    }
    return { type: 'JoinQuery', span, by, terms, until };
  }

  private pipe(n: CstNode): A.Pipe | undefined {
    const span = cstSpan(n);
    const nameTok = tok(n, 'name');
    if (!span) return undefined;
    const args = subs(n, 'expression')
      .map((e) => this.expression(e))
      .filter((e): e is A.Expression => e !== undefined);
    const name = nameTok?.image ?? '';
    const nameSpan = nameTok ? tokSpan(nameTok) : { start: span.end, end: span.end };
    if (nameTok) {
      if (SUPPORTED_PIPES.includes(name)) this.checkLimitPipe(name, args, span);
      else if (UNSUPPORTED_PIPES.includes(name)) {
        this.error(`pipe '${name}' is not supported by Elasticsearch EQL (only 'head' and 'tail' are)`, nameSpan, undefined, 'unsupported-eql');
      } else {
        const similar = closestMatches(name, [...SUPPORTED_PIPES, ...UNSUPPORTED_PIPES]);
        const hint = similar.length ? ` (did you mean ${similar.map((s) => `'${s}'`).join(' or ')}?)` : '';
        this.error(`Unrecognized pipe '${name}'${hint}; Elasticsearch EQL supports only 'head' and 'tail'`, nameSpan, undefined, 'unsupported-eql');
      }
    }
    return { type: 'Pipe', span, name, nameSpan, args };
  }

  private checkLimitPipe(name: string, args: A.Expression[], span: Span): void {
    if (args.length !== 1) {
      this.error(`Pipe '${name}' expects exactly one argument (a positive integer) but found ${args.length}`, span, undefined, 'invalid-pipe-argument');
      return;
    }
    const v = foldInteger(args[0]);
    if (v === undefined || v < 0) {
      this.error(`Pipe '${name}' expects a positive integer but found [${this.text.slice(args[0].span.start, args[0].span.end)}]`, args[0].span, undefined, 'invalid-pipe-argument');
    } else if (v > 2_147_483_647) {
      // Elasticsearch folds the argument to a Java int: a long literal, or int arithmetic that overflows, fails.
      this.error(`Pipe '${name}' expects a positive integer of at most 2147483647 but found [${this.text.slice(args[0].span.start, args[0].span.end)}]`, args[0].span, undefined, 'invalid-pipe-argument');
    }
  }

  // ------------------------------------------------------------ expressions

  expression(n: CstNode): A.Expression | undefined {
    return this.binaryChain(n, 'andExpression', OR_TOKENS, (e) => this.andExpression(e), (op, left, right, span) => ({
      type: 'LogicalExpression',
      span,
      operator: 'or',
      left,
      right,
    }));
  }

  private andExpression(n: CstNode): A.Expression | undefined {
    return this.binaryChain(n, 'notExpression', AND_TOKENS, (e) => this.notExpression(e), (op, left, right, span) => ({
      type: 'LogicalExpression',
      span,
      operator: 'and',
      left,
      right,
    }));
  }

  /** Left-associative chain of `operand (op operand)*`, operands and operator tokens interleaved by position. */
  private binaryChain(
    n: CstNode,
    operandName: string,
    opNames: readonly string[],
    operand: (n: CstNode) => A.Expression | undefined,
    make: (op: IToken, left: A.Expression, right: A.Expression | undefined, span: Span) => A.Expression,
  ): A.Expression | undefined {
    const ch = children(n);
    if (this.complete) {
      const operands = ch[operandName] as CstNode[] | undefined;
      if (operands !== undefined && operands.length === 1) return operand(operands[0]);
    }
    let hasOps = false;
    for (const name of opNames) if ((ch[name]?.length ?? 0) > 0) hasOps = true;
    if (!hasOps) {
      // The common case, a single operand: no operator to interleave.
      let left: A.Expression | undefined;
      for (const el of (ch[operandName] ?? NO_NODES) as CstNode[]) {
        if (!hasSpan(el)) continue;
        const e = operand(el);
        if (!left) left = e;
      }
      return left;
    }
    let left: A.Expression | undefined;
    let pending: IToken | undefined;
    for (const { name, el } of ordered(n, [operandName, ...opNames])) {
      if (name === operandName) {
        const e = operand(el as CstNode);
        if (pending && left) {
          left = make(pending, left, e, cover(left.span, e?.span ?? tokSpan(pending))!);
          pending = undefined;
        } else if (!left) left = e;
      } else {
        if (pending && left) left = make(pending, left, undefined, cover(left.span, tokSpan(pending))!);
        pending = el as IToken;
      }
    }
    if (pending && left) left = make(pending, left, undefined, cover(left.span, tokSpan(pending))!);
    return left;
  }

  protected notExpression(n: CstNode): A.Expression | undefined {
    if (this.complete) {
      const c = sub(n, 'comparison');
      if (c) return this.comparison(c);
    }
    const span = cstSpan(n);
    if (!span) return undefined;
    const notTok = tok(n, 'Not');
    if (notTok) {
      const inner = sub(n, 'notExpression');
      return { type: 'NotExpression', span, operand: inner ? this.notExpression(inner) : undefined };
    }
    const rel = tok(n, 'relationship');
    if (rel) {
      const of = tok(n, 'Of');
      const t = sub(n, 'term');
      this.error(
        `Process relationships ('${rel.image} of') are not supported by Elasticsearch EQL: use a sequence joined 'by' process.entity_id / process.parent.entity_id`,
        cover(tokSpan(rel), of ? tokSpan(of) : undefined)!,
        undefined,
        'unsupported-eql',
      );
      return { type: 'ProcessRelationship', span, relation: rel.image, term: t ? this.term(t) : undefined };
    }
    const c = sub(n, 'comparison');
    return c ? this.comparison(c) : undefined;
  }

  private comparison(n: CstNode): A.Expression | undefined {
    const parts = subs(n, 'additive');
    if (this.complete && parts.length === 1) return this.additive(parts[0]);
    const left = parts[0] ? this.additive(parts[0]) : undefined;
    const opTok = firstTok(n, COMPARISON_TOKENS);
    if (!opTok || !left) return left;
    const right = parts[1] ? this.additive(parts[1]) : undefined;
    let operator = opTok.image as A.ComparisonOperator;
    if (opTok.image === '=') {
      operator = '==';
      this.error("Expected '==' but found '='; EQL compares with '=='", tokSpan(opTok), [
        { title: "Replace '=' with '=='", edits: [{ span: tokSpan(opTok), newText: '==' }] },
      ]);
    }
    if (right && hasRequiredField(left) && hasRequiredField(right)) {
      this.error(
        `Elasticsearch EQL cannot compare a field with another field ([${this.text.slice(right.span.start, right.span.end)}] in '${operator}'): compare each one with a constant`,
        right.span,
        undefined,
        'field-comparison',
      );
    }
    return { type: 'Comparison', span: cover(left.span, right?.span ?? tokSpan(opTok))!, operator, left, right };
  }

  private additive(n: CstNode): A.Expression | undefined {
    return this.binaryChain(n, 'multiplicative', ADDITIVE_TOKENS, (e) => this.multiplicative(e), arith);
  }

  private multiplicative(n: CstNode): A.Expression | undefined {
    return this.binaryChain(n, 'unary', MULTIPLICATIVE_TOKENS, (e) => this.unary(e), arith);
  }

  private unary(n: CstNode): A.Expression | undefined {
    if (this.complete) {
      const p = sub(n, 'primary');
      if (p) {
        const value = this.primary(p);
        const pred = sub(n, 'predicate');
        return pred && value ? this.predicate(pred, value) : value;
      }
    }
    const span = cstSpan(n);
    if (!span) return undefined;
    const op = tok(n, 'Minus') ?? tok(n, 'Plus');
    if (op) {
      const inner = sub(n, 'unary');
      return { type: 'UnaryArithmetic', span, operator: op.image as '-' | '+', operand: inner ? this.unary(inner) : undefined };
    }
    const p = sub(n, 'primary');
    const value = p ? this.primary(p) : undefined;
    const pred = sub(n, 'predicate');
    if (!pred || !value) return value;
    return this.predicate(pred, value);
  }

  private predicate(n: CstNode, value: A.Expression): A.Expression {
    const span = cover(value.span, cstSpan(n))!;
    const inTok = tok(n, 'In') ?? tok(n, 'InInsensitive');
    if (inTok) {
      const list = subs(n, 'expression')
        .map((e) => this.expression(e))
        .filter((e): e is A.Expression => e !== undefined);
      for (const e of list) {
        if (hasRequiredField(e)) {
          this.error(
            `The values of '${inTok.image}' must be constants: Elasticsearch EQL cannot compare a field with another field ([${this.text.slice(e.span.start, e.span.end)}])`,
            e.span,
            undefined,
            'non-constant-value',
          );
        }
      }
      return {
        type: 'InExpression',
        span,
        value,
        negated: tok(n, 'Not') !== undefined,
        caseInsensitive: inTok.image === 'in~',
        list,
      };
    }
    const opTok = firstTok(n, MATCH_TOKENS);
    const operator = (opTok?.image ?? ':') as A.MatchOperator;
    const patterns = subs(n, 'matchValue')
      .map((m) => this.matchValue(m, operator))
      .filter((e): e is A.Expression => e !== undefined);
    return { type: 'MatchExpression', span, operator, value, patterns, list: tok(n, 'LParen') !== undefined };
  }

  private matchValue(n: CstNode, operator: string): A.Expression | undefined {
    const c = sub(n, 'constant');
    if (c) return this.constant(c);
    const e = sub(n, 'functionCall') ? this.functionCall(sub(n, 'functionCall')!) : sub(n, 'qualifiedName') ? this.field(sub(n, 'qualifiedName')!) : undefined;
    if (e) {
      this.error(
        `The right side of '${operator}' must be a constant (a string pattern), not ${e.type === 'Field' ? 'a field' : 'a function call'}; compare two values with '=='`,
        e.span,
        undefined,
        'non-constant-value',
      );
    }
    return e;
  }

  private primary(n: CstNode): A.Expression | undefined {
    const c = sub(n, 'constant');
    if (c) return this.constant(c);
    const f = sub(n, 'functionCall');
    if (f) return this.functionCall(f);
    const q = sub(n, 'qualifiedName');
    if (q) return this.field(q);
    const span = cstSpan(n);
    if (!span) return undefined;
    const e = sub(n, 'expression');
    return { type: 'Paren', span, expression: e ? this.expression(e) : undefined };
  }

  private functionCall(n: CstNode): A.Expression | undefined {
    const span = cstSpan(n);
    const nameTok = tok(n, 'name');
    if (!span || !nameTok) return undefined;
    const caseInsensitive = nameTok.image.endsWith('~');
    const name = caseInsensitive ? nameTok.image.slice(0, -1) : nameTok.image;
    const nameSpan = tokSpan(nameTok);
    const args = subs(n, 'expression')
      .map((e) => this.expression(e))
      .filter((e): e is A.Expression => e !== undefined);
    const info = lookupFunction(name);
    if (!info) {
      const similar = closestMatches(name, [...EQL_FUNCTIONS.values()].map((f) => f.name));
      const hint = similar.length ? `; did you mean ${similar.map((s) => `'${s}'`).join(' or ')}?` : '';
      const at = { start: nameSpan.start, end: nameSpan.start + name.length };
      const fixes = similar.slice(0, 1).map((f) => ({ title: `Replace with ${f}`, edits: [{ span: at, newText: f }] }));
      this.error(`Unknown function '${name}'${hint}`, at, fixes, 'unknown-function');
    } else {
      if (caseInsensitive && !info.caseInsensitive) {
        this.error(`Function '${info.name}' has no case-insensitive variant: remove the '~'`, nameSpan, undefined, 'unknown-function');
      }
      const rparen = tok(n, 'RParen');
      if (rparen && (args.length < info.minArgs || args.length > info.maxArgs)) {
        this.error(`Function '${info.name}' expects ${describeArity(info)} but got ${args.length}`, span, undefined, 'wrong-argument-count');
      }
    }
    return { type: 'FunctionCall', span, name, nameSpan, caseInsensitive, args };
  }

  private field(n: CstNode): A.Expression | undefined {
    const span = cstSpan(n);
    if (!span) return undefined;
    const optional = tok(n, 'Question') !== undefined;
    const path: string[] = [];
    let nameSpan: Span | undefined;
    for (const id of subs(n, 'identifier')) {
      const t = tok(id, 'Identifier') ?? tok(id, 'QuotedIdentifier');
      if (!t) continue;
      nameSpan = cover(nameSpan, tokSpan(t));
      if (t.image.startsWith('`')) {
        const closed = t.image.length >= 2 && (/`*$/.exec(t.image.slice(1))![0].length % 2 === 1);
        if (!closed) this.error('Unterminated backquoted name: add the closing \'`\'', tokSpan(t));
        const inner = closed ? t.image.slice(1, -1) : t.image.slice(1);
        path.push(inner.replace(/``/g, '`'));
      } else path.push(t.image);
    }
    const indexOpen = tok(n, 'indexOpen');
    if (indexOpen) {
      const closes = toks(n, 'indexClose');
      const end = closes.length ? tokSpan(closes[closes.length - 1]).end : span.end;
      this.error('Array indexes (field[0]) are not supported by Elasticsearch EQL', { start: indexOpen.startOffset, end }, undefined, 'unsupported-eql');
    }
    if (!nameSpan) return { type: 'Error', span };
    return { type: 'Field', span, name: path.join('.'), path, optional, nameSpan };
  }

  private constant(n: CstNode): A.Expression | undefined {
    const span = cstSpan(n);
    if (!span) return undefined;
    if (this.complete) {
      const s = sub(n, 'string');
      if (s) return this.string(s);
      const num = sub(n, 'number');
      if (num) return this.number(num);
    }
    if (tok(n, 'Null')) return { type: 'Null', span };
    if (tok(n, 'True')) return { type: 'Boolean', span, value: true };
    if (tok(n, 'False')) return { type: 'Boolean', span, value: false };
    const num = sub(n, 'number');
    if (num) return this.number(num);
    const s = sub(n, 'string');
    return s ? this.string(s) : undefined;
  }

  private number(n: CstNode): A.NumberLiteral | undefined {
    const t = tok(n, 'IntegerLit') ?? tok(n, 'DecimalLit');
    if (!t) return undefined;
    const integer = t.tokenType.name === 'IntegerLit';
    const value = Number(t.image);
    if (integer && BigInt(t.image) > LONG_MAX) this.error(`Number [${t.image}] is too large`, tokSpan(t), undefined, 'number-out-of-range');
    if (!Number.isFinite(value)) this.error(`Number [${t.image}] is too large`, tokSpan(t), undefined, 'number-out-of-range');
    return { type: 'Number', span: tokSpan(t), text: t.image, value, integer };
  }

  private string(n: CstNode): A.StringLiteral | undefined {
    const t = firstTok(n, STRING_TOKENS);
    if (!t) return undefined;
    const decoded = decodeString(t.image, t.startOffset);
    for (const p of decoded.problems) {
      const fix = t.image.startsWith("'") && p.message.includes('single-quoted') ? singleToDouble(t) : undefined;
      this.error(p.message, p.span, fix);
    }
    return { type: 'String', span: tokSpan(t), value: decoded.value, raw: decoded.raw };
  }
}

function arith(op: IToken, left: A.Expression, right: A.Expression | undefined, span: Span): A.Expression {
  return { type: 'BinaryArithmetic', span, operator: op.image as A.BinaryArithmetic['operator'], left, right };
}

function singleToDouble(t: IToken): Fix[] | undefined {
  const body = t.image.slice(1, t.image.endsWith("'") && t.image.length > 1 ? -1 : undefined);
  const converted = '"' + body.replace(/\\'/g, "'").replace(/(^|[^\\])((?:\\\\)*)"/g, '$1$2\\"') + '"';
  return [{ title: 'Use double quotes', edits: [{ span: tokSpan(t), newText: converted }], safe: true }];
}

/**
 * Whether an expression reads a field that is always there (not `?optional`): Elasticsearch cannot fold it to a
 * constant. (A missing optional field becomes `null`, so whether it folds depends on the mapping.)
 */
export function hasRequiredField(e: A.Expression | undefined): boolean {
  if (!e) return false;
  switch (e.type) {
    case 'Field':
      return !e.optional;
    case 'Paren':
      return hasRequiredField(e.expression);
    case 'UnaryArithmetic':
      return hasRequiredField(e.operand);
    case 'BinaryArithmetic':
      return hasRequiredField(e.left) || hasRequiredField(e.right);
    case 'FunctionCall':
      return e.args.some(hasRequiredField);
    default:
      return false;
  }
}

/** The value of a constant integer expression (what Elasticsearch folds for `head`/`tail`), else undefined. */
export function foldInteger(e: A.Expression | undefined): number | undefined {
  if (!e) return undefined;
  switch (e.type) {
    case 'Number':
      return e.integer ? e.value : undefined;
    case 'Paren':
      return foldInteger(e.expression);
    case 'UnaryArithmetic': {
      const v = foldInteger(e.operand);
      return v === undefined ? undefined : e.operator === '-' ? -v : v;
    }
    case 'BinaryArithmetic': {
      const l = foldInteger(e.left);
      const r = foldInteger(e.right);
      if (l === undefined || r === undefined) return undefined;
      switch (e.operator) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return r === 0 ? undefined : Math.trunc(l / r);
        case '%':
          return r === 0 ? undefined : l % r;
      }
    }
  }
  return undefined;
}
