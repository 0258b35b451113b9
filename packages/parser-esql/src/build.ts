import { EOF, type CstNode, type IToken, type TokenType } from './chevrotain.js';
import { closestMatches, diagnostic, summaryDiagnostic, type Diagnostic, type Span } from '@esql-lint/core';
import type { DroppedPipes } from './garbage-runs.js';
import { commandNames } from '@elastic/esql-definitions';
import { inlineCasts } from '@elastic/esql-definitions/inline-cast';
import { TIME_SPAN_UNITS } from '@elastic/esql-definitions/time';
import type * as A from './ast.js';
import { GROK_PATTERN_NAMES } from './grok-patterns.js';
import * as T from './tokens.js';
import { describeToken } from './messages.js';

type Child = CstNode | IToken;

const isToken = (c: Child): c is IToken => (c as IToken).tokenType !== undefined;
const validToken = (t: IToken | undefined): t is IToken =>
  !!t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && t.tokenType !== EOF;

const NONE: readonly never[] = [];

function toks(node: CstNode | undefined, name: string): IToken[] {
  const list = node?.children[name] as IToken[] | undefined;
  if (!list) return NONE as unknown as IToken[];
  return list.every((t) => validToken(t)) ? list : list.filter(validToken);
}
/** The first real token of a child list (no array built: called for every keyword test). */
function tok(node: CstNode | undefined, name: string): IToken | undefined {
  const list = node?.children[name] as IToken[] | undefined;
  if (!list) return undefined;
  for (const t of list) if (validToken(t)) return t;
  return undefined;
}
function subs(node: CstNode | undefined, name: string): CstNode[] {
  return (node?.children[name] ?? NONE) as unknown as CstNode[];
}
function sub(node: CstNode | undefined, name: string): CstNode | undefined {
  return node?.children[name]?.[0] as CstNode | undefined;
}

/** All real tokens under a CST node, in the order of its children lists. */
function allTokens(node: CstNode, out: IToken[] = []): IToken[] {
  const children = node.children;
  for (const key in children) {
    for (const c of children[key] as Child[]) {
      if (isToken(c)) {
        if (validToken(c)) out.push(c);
      } else allTokens(c, out);
    }
  }
  return out;
}

/** The tokens of a `garbage` node: none, without an array, when it is empty (a `|` after each `|`). */
function garbageTokens(node: CstNode | undefined): IToken[] {
  return node && node.children.Garbage ? allTokens(node) : (NONE as unknown as IToken[]);
}

/** `allTokens(node)[0]`, without collecting the others. */
function firstToken(node: CstNode): IToken | undefined {
  const children = node.children;
  for (const key in children) {
    for (const c of children[key] as Child[]) {
      if (isToken(c)) {
        if (validToken(c)) return c;
      } else {
        const t = firstToken(c);
        if (t) return t;
      }
    }
  }
  return undefined;
}

const boundsCache = new WeakMap<CstNode, Span | null>();

/**
 * The extent of the real tokens under a node, computed once per node from its children's extents
 * (linear in the tree, where collecting every node's tokens was quadratic in its depth).
 */
function bounds(node: CstNode): Span | null {
  const hit = boundsCache.get(node);
  if (hit !== undefined) return hit;
  let start = Infinity;
  let end = -Infinity;
  const children = node.children;
  for (const key in children) {
    for (const c of children[key] as Child[]) {
      if (isToken(c)) {
        if (!validToken(c)) continue;
        if (c.startOffset < start) start = c.startOffset;
        if (c.endOffset! + 1 > end) end = c.endOffset! + 1;
      } else {
        const b = bounds(c);
        if (!b) continue;
        if (b.start < start) start = b.start;
        if (b.end > end) end = b.end;
      }
    }
  }
  const result = start === Infinity ? null : { start, end };
  boundsCache.set(node, result);
  return result;
}

const tokSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.endOffset! + 1 });

/** Decoded value of a `"..."` or `"""..."""` string token. */
export function decodeString(image: string): { value: string; tripleQuoted: boolean } {
  if (image.startsWith('"""') && image.length >= 6 && image.endsWith('"""')) {
    return { value: image.slice(3, -3), tripleQuoted: true };
  }
  const inner = image.slice(1, image.length > 1 && image.endsWith('"') ? -1 : undefined);
  return { value: unescape(inner), tripleQuoted: false };
}

/** `s` with each backslash and the character after it replaced by that character (`\\t \\n \\r`: tab, newline, return). */
function unescape(s: string): string {
  let k = s.indexOf('\\');
  if (k < 0) return s;
  let out = '';
  let last = 0;
  // A backslash at the very end (an unterminated string) stays.
  while (k >= 0 && k + 1 < s.length) {
    const c = s[k + 1];
    out += s.slice(last, k) + (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c);
    last = k + 2;
    k = s.indexOf('\\', last);
  }
  return last === 0 ? s : out + s.slice(last);
}

/** The literal of a string token (also fast.ts's). */
export function stringLiteral(t: IToken): A.StringLiteral {
  const { value, tripleQuoted } = decodeString(t.image);
  return { type: 'Literal', literalType: 'string', span: tokSpan(t), value, tripleQuoted };
}

/** The literal of a parameter token: `?`, `?name`, `?1` (also fast.ts's). */
export function paramLiteral(t: IToken): A.ParamLiteral {
  const v = t.image.slice(1);
  return {
    type: 'Literal',
    literalType: 'param',
    span: tokSpan(t),
    paramKind: v === '' ? 'anonymous' : /^\d+$/.test(v) ? 'positional' : 'named',
    value: v === '' ? undefined : v,
  };
}

/** Value of a backquoted name: backquotes removed, doubled backquotes unescaped. */
export function unquoteName(image: string): string {
  if (image.length >= 2 && image.startsWith('`') && image.endsWith('`')) return image.slice(1, -1).replace(/``/g, '`');
  return image;
}

/** Decodes an ID_PATTERN (a run of unquoted pattern parts and backquoted parts). */
export function decodePattern(image: string): { name: string; wildcard: boolean } {
  let name = '';
  let wildcard = false;
  let i = 0;
  while (i < image.length) {
    if (image[i] === '`') {
      let j = i + 1;
      while (j < image.length) {
        if (image[j] === '`' && image[j + 1] === '`') j += 2;
        else if (image[j] === '`') break;
        else j++;
      }
      name += image.slice(i + 1, j).replace(/``/g, '`');
      i = j + 1;
    } else {
      if (image[i] === '*') wildcard = true;
      name += image[i++];
    }
  }
  return { name, wildcard };
}

/** The diagnostic of a `|` with no command after it (also fast.ts's). */
export const EMPTY_PIPE = "Expected a command after '|'";

export const castTypes = Object.keys(inlineCasts);
export const timeUnits = new Set(TIME_SPAN_UNITS.map((u) => u.toLowerCase()));
export const METADATA_FIELDS = ['_id', '_index', '_version', '_score', '_source', '_ignored', '_index_mode', '_tier', '_tsid', '_size'];
export const ENRICH_MODES = ['_any', '_coordinator', '_remote'];

/** The Elasticsearch release whose grammar the default (non-snapshot) verdicts follow. */
export const RELEASED_VERSION = '9.5';

const didYouMean = (s: string[]) => (s.length ? `; did you mean ${s.join(', ')}?` : '');

/**
 * The messages of the builder's checks, also fast.ts's: it gives up on them (`refuse`), and a query
 * nested past REFERENCE_NESTING, which it reads alone, reports them from there.
 */
/** Java's Integer.MAX_VALUE: an integer literal above it is a long in Elasticsearch. */
const MAX_INT = 2_147_483_647;

/**
 * What is wrong with the count of a LIMIT, or undefined: Elasticsearch takes a parameter or an integer
 * literal that folds to a non-negative Java int (a long such as 10000000000 is refused, as a decimal is).
 */
export function limitCountProblem(count: A.Literal, text: string): string | undefined {
  if (count.literalType === 'param') return undefined;
  const written = text.slice(count.span.start, count.span.end);
  if (count.literalType !== 'integer' || count.value.startsWith('-')) return CHECKS.limit(written);
  return Number(count.value) > MAX_INT ? CHECKS.limitTooLarge(written) : undefined;
}

export const CHECKS = {
  snapshotOnly: (what: string) => `${what} is only available in snapshot builds of Elasticsearch (not in release ${RELEASED_VERSION})`,
  metadataUnknown: (name: string) => `Unsupported METADATA field '${name}'${didYouMean(closestMatches(name, METADATA_FIELDS))}`,
  metadataTwice: (name: string) => `METADATA field '${name}' is listed twice`,
  selector: (selector: string) => `Invalid index selector '::${selector}': use ::data or ::failures`,
  inlineStatsEmpty: 'INLINE STATS needs at least one aggregation',
  statsEmpty: 'STATS needs at least one aggregation or BY grouping, e.g. STATS count = COUNT(*) BY host.name',
  limit: (text?: string) => (text === undefined ? 'LIMIT expects a non-negative integer' : `LIMIT expects a non-negative integer, not ${text}`),
  limitTooLarge: (text: string) => `LIMIT expects a non-negative integer of at most ${MAX_INT}, not ${text} (a long, which Elasticsearch refuses here)`,
  dissectOption: (name: string) => `Invalid DISSECT option '${name}': the only option is APPEND_SEPARATOR`,
  dissectSeparator: 'APPEND_SEPARATOR expects a string',
  dissectNoKeys: 'Invalid DISSECT pattern: it has no key to extract, such as %{name} (%{} and %{?name} only skip text)',
  dissectReference: (key: string) => `Reference keys such as ${key} are not supported in ES|QL's DISSECT patterns: name the keys, as in %{name}`,
  keepStarTwice: 'KEEP takes * at most once',
  tsSubquery: 'TS does not take subqueries: only FROM does',
  grokRegex: (why: string) => `Invalid GROK pattern: ${why}, so the regular expression does not compile`,
  grokUnknownPattern: (name: string) =>
    `Unknown grok pattern '${name}': Elasticsearch's built-in patterns (ECS) have no such name${didYouMean(closestMatches(name, GROK_PATTERN_NAMES, 3))}`,
  grokDuplicate: (name: string, a: string, b: string) =>
    `Invalid GROK pattern: the attribute [${name}] is defined multiple times with different types (${a} and ${b}); Elasticsearch merges only captures written alike: write the same %{SYNTAX:name:type} each time, or use another name`,
  enrichMode: (mode: string) => `Invalid ENRICH mode '${mode}': it must be one of _ANY, _COORDINATOR, _REMOTE`,
  joinSelector: 'LOOKUP JOIN does not accept index selectors',
  joinPattern: (index: string) => `LOOKUP JOIN takes one lookup index, not a pattern: * is not allowed in ${index}`,
  joinRemote: (index: string) => `LOOKUP JOIN does not support remote clusters: the lookup index ${index} must be on the local cluster`,
  joinFieldTwice: (name: string) => `JOIN ON names ${name} twice: list each field once`,
  sample: 'SAMPLE expects a probability between 0 and 1 (exclusive), such as SAMPLE 0.1',
  forkOneBranch: 'FORK needs at least two branches',
  forkBranches: 'FORK accepts at most 8 branches',
  castType: (name: string) => `Unknown data type '${name}' in cast${didYouMean(closestMatches(name.toLowerCase(), castTypes))}`,
  timeUnit: (image: string) => `Unknown time unit '${image}'${didYouMean(closestMatches(image.toLowerCase(), [...timeUnits]))}`,
  mixedList: 'The values of a list [...] must all be numbers, all strings or all booleans',
  matchField: "The match operator ':' needs a field name on its left, such as message : \"error\"",
  mapLast: 'Named parameters {...} must be the last argument of a function',
};
/** Commands of Elasticsearch's development branch (documented for 9.6) that esql-lint does not parse. */
const UNRELEASED_COMMANDS = new Set(['HIGHLIGHT', 'DENSE_VECTOR']);
const SOURCE_COMMAND_TOKENS = new Set<TokenType>([T.FROM, T.TS, T.ROW, T.SHOW, T.PROMQL, T.EXPLAIN, T.EXTERNAL]);
const PROCESSING_COMMAND_TOKENS = new Set<TokenType>(
  Object.values(T.commandKeywords).filter((t) => !SOURCE_COMMAND_TOKENS.has(t) && t !== T.SET),
);

/** The command names without a space, for the did-you-mean of an unknown command (one list: core indexes it). */
const ONE_WORD_COMMANDS = commandNames.filter((c) => !c.includes(' '));

/**
 * Whether a CST node has any child: after a syntax error, recovery may leave a processingCommand with
 * none (`FROM (FROM a | WHERE)`: `WHERE)` is one unknown word), which the parser reported already.
 */
function hasChildren(n: CstNode): boolean {
  for (const _ in n.children) return true;
  return false;
}

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  /** The suggestions for each unknown command word (upper-cased) met in this query: one look-up per word. */
  private readonly commandSuggestions = new Map<string, string[]>();

  constructor(
    private readonly text: string,
    private readonly snapshot: boolean,
    /** Pipes the parser was not given (garbage-runs.ts): reported after the `|` they followed. */
    private readonly droppedPipes?: DroppedPipes,
  ) {}

  /** `code`: `syntax-error` unless a refusal has a code of its own (`unknown-metadata-field`). */
  private error(message: string, span: Span, code = 'syntax-error') {
    this.diagnostics.push(diagnostic(code, 'error', message, span));
  }

  private snapshotOnly(what: string, span: Span) {
    if (!this.snapshot) this.error(CHECKS.snapshotOnly(what), span);
  }

  private span(node: CstNode | undefined, fallback?: Span): Span {
    // Chevrotain tracks node offsets while parsing; nodes touched by error recovery may lack them.
    const loc = node?.location;
    if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) return { start: loc.startOffset, end: loc.endOffset! + 1 };
    const b = node ? bounds(node) : null;
    return b ? { start: b.start, end: b.end } : (fallback ?? { start: this.text.length, end: this.text.length });
  }

  private cover(...parts: Array<Span | undefined>): Span {
    let start = Infinity;
    let end = -Infinity;
    for (const p of parts) {
      if (!p) continue;
      if (p.start < start) start = p.start;
      if (p.end > end) end = p.end;
    }
    if (start === Infinity) return { start: this.text.length, end: this.text.length };
    return { start, end };
  }

  /**
   * The text of an operand: its CST node's range, which holds the parentheses around it (its AST
   * node's span leaves them out), or, when recovery left the node without offsets, the AST node's span.
   */
  private outer(n: CstNode | undefined, e: A.Expression | undefined): Span | undefined {
    const loc = n?.location;
    if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) return { start: loc.startOffset, end: loc.endOffset! + 1 };
    return e?.span;
  }

  /** cover(a, b, c) of three parts, without the rest-parameter array (every binary expression). */
  private cover3(a: Span | undefined, b: Span, c: Span | undefined): Span {
    let start = b.start;
    let end = b.end;
    if (a) {
      if (a.start < start) start = a.start;
      if (a.end > end) end = a.end;
    }
    if (c) {
      if (c.start < start) start = c.start;
      if (c.end > end) end = c.end;
    }
    return { start, end };
  }

  // ---------------------------------------------------------------- query

  query(cst: CstNode): A.Query {
    const settings = subs(cst, 'setCommand').map((s) => this.setCommand(s));
    const commands: A.Command[] = [];
    const garbage = subs(cst, 'garbage');
    const pipes = ((cst.children.PIPE ?? []) as IToken[]).filter(validToken);
    const source = sub(cst, 'sourceCommand');
    if (source) commands.push(this.sourceCommand(source));
    const firstGarbage = garbageTokens(garbage[0]);
    if (!source) {
      const first = firstGarbage[0];
      if (first) {
        commands.push(this.errorCommand(firstGarbage, 'start'));
      } else if (!settings.length || pipes.length || true) {
        const at = pipes[0] ? tokSpan(pipes[0]) : { start: this.text.length, end: this.text.length };
        this.error(
          pipes[0]
            ? "Expected a source command such as FROM or ROW before '|'"
            : 'Empty query: expected a source command such as FROM, ROW, SHOW or TS',
          at,
        );
      }
    } else if (firstGarbage.length) {
      this.trailingGarbage(firstGarbage, commands[commands.length - 1]);
    }
    // Each PIPE is followed by an optional processing command and garbage, in order.
    const processing = subs(cst, 'processingCommand');
    let p = 0;
    for (let k = 0; k < pipes.length; k++) {
      const pipe = pipes[k];
      const next = pipes[k + 1]?.startOffset ?? Infinity;
      const cmdNode = processing[p];
      let cmd: A.Command | undefined;
      const cmdStart = cmdNode && this.span(cmdNode, { start: pipe.endOffset! + 1, end: pipe.endOffset! + 1 }).start;
      if (cmdNode && cmdStart! > pipe.startOffset && cmdStart! < next) {
        cmd = this.processingCommand(cmdNode);
        commands.push(cmd);
        p++;
      }
      const g = garbageTokens(garbage[k + 1]);
      if (!cmd && g.length) {
        commands.push(this.errorCommand(g, 'after-pipe'));
      } else if (g.length && cmd) {
        this.trailingGarbage(g, cmd);
      } else if (!cmd) {
        this.error(EMPTY_PIPE, tokSpan(pipe));
        const dropped = this.droppedPipes?.get(pipe.startOffset);
        if (dropped) {
          for (const s of dropped.spans) this.error(EMPTY_PIPE, s);
          if (dropped.extraSpan) this.diagnostics.push(summaryDiagnostic('syntax-error', 'error', dropped.extra, dropped.extraSpan));
        }
      }
    }
    // cover() of every setting, command and pipe, without spreading them into arguments (50,000 pipes).
    let start = Infinity;
    let end = -Infinity;
    const extend = (s: Span) => {
      if (s.start < start) start = s.start;
      if (s.end > end) end = s.end;
    };
    for (const s of settings) extend(s.span);
    for (const c of commands) extend(c.span);
    for (const t of pipes) extend({ start: t.startOffset, end: t.endOffset! + 1 });
    const any = settings.length + commands.length + pipes.length > 0;
    const span = !any ? { start: 0, end: this.text.length } : start === Infinity ? { start: this.text.length, end: this.text.length } : { start, end };
    return { type: 'Query', span, settings, commands };
  }

  private errorCommand(tokens: IToken[], where: 'start' | 'after-pipe'): A.ErrorCommand {
    const first = tokens[0];
    const span = { start: first.startOffset, end: tokens[tokens.length - 1].endOffset! + 1 };
    const word = first.image;
    if (first.tokenType === T.INVALID) {
      // The lexer already reported it.
    } else if (where === 'start' && PROCESSING_COMMAND_TOKENS.has(first.tokenType)) {
      this.error(`A query must start with a source command such as FROM or ROW, not ${word.toUpperCase()}`, tokSpan(first));
    } else if (where === 'after-pipe' && SOURCE_COMMAND_TOKENS.has(first.tokenType)) {
      this.error(`${word.toUpperCase()} is a source command: it can only start a query`, tokSpan(first));
    } else if (first.tokenType === T.UNKNOWN_CMD) {
      const upper = word.toUpperCase();
      const glued = /^([a-z_]+)[^a-z_0-9]/i.exec(word);
      const gluedKeyword = glued && T.commandKeywords[glued[1].toLowerCase()] ? glued[1].toUpperCase() : undefined;
      const known = commandNames.includes(upper) || UNRELEASED_COMMANDS.has(upper);
      let suggestions = this.commandSuggestions.get(upper);
      if (!suggestions) this.commandSuggestions.set(upper, (suggestions = closestMatches(upper, ONE_WORD_COMMANDS)));
      this.error(
        gluedKeyword
          ? `Unknown command '${word}': put a space after ${gluedKeyword} (Elasticsearch reads a command name up to the next space)`
          : UNRELEASED_COMMANDS.has(upper)
            ? this.snapshot
              ? `The ${upper} command (Elasticsearch development builds) is not supported by esql-lint yet`
              : `The ${upper} command is not in a released Elasticsearch version (${RELEASED_VERSION}); it is only available in snapshot builds`
            : known
              ? `The ${upper} command is not supported by this version of the ES|QL grammar`
              : `Unknown command '${word}'${suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : ''}`,
        tokSpan(first),
      );
    } else {
      this.error(`Expected a command but found ${describeToken(first)}`, tokSpan(first));
    }
    return { type: 'ErrorCommand', span, name: first.tokenType === T.UNKNOWN_CMD || PROCESSING_COMMAND_TOKENS.has(first.tokenType) || SOURCE_COMMAND_TOKENS.has(first.tokenType) ? word : undefined };
  }

  private trailingGarbage(tokens: IToken[], cmd: A.Command | undefined) {
    const first = tokens.find((t) => t.tokenType !== T.INVALID);
    if (!first) return;
    if (tokens[0].tokenType === T.INVALID && tokens[0] !== first) return;
    let hint = '';
    if (first.tokenType === T.ASSIGN) hint = "; ES|QL compares with '==', not '='";
    else if (
      PROCESSING_COMMAND_TOKENS.has(first.tokenType) ||
      SOURCE_COMMAND_TOKENS.has(first.tokenType) ||
      T.commandKeywords[first.image.toLowerCase()]
    ) {
      hint = "; commands are separated by '|'";
    } else if (first.tokenType === T.CIEQ) hint = '';
    const after = cmd ? ` after the ${commandLabel(cmd)} command` : '';
    this.error(`Unexpected ${describeToken(first)}${after}${hint}`, tokSpan(first));
  }

  // ---------------------------------------------------------------- commands

  private setCommand(n: CstNode): A.SetCommand {
    const id = sub(n, 'identifier');
    const map = sub(n, 'mapExpression');
    const c = sub(n, 'constant');
    return {
      type: 'SetCommand',
      span: this.span(n),
      name: id && this.identifier(id),
      value: map ? this.mapExpression(map) : c ? this.constant(c) : undefined,
    };
  }

  private sourceCommand(n: CstNode): A.Command {
    const [name, c] = Object.entries(n.children)[0] as [string, CstNode[]];
    const node = c[0];
    switch (name) {
      case 'fromCommand':
        return this.fromCommand(node);
      case 'rowCommand':
        return { type: 'RowCommand', span: this.span(node), assignments: this.fields(sub(node, 'fields')) };
      case 'showCommand':
        return { type: 'ShowCommand', span: this.span(node), item: tok(node, 'INFO') ? 'info' : undefined };
      case 'promqlCommand': {
        const t = tok(node, 'PROMQL_TEXT');
        return { type: 'PromqlCommand', span: this.span(node), text: t?.image ?? '' };
      }
      case 'explainCommand': {
        const span = this.span(node);
        this.snapshotOnly('EXPLAIN', tokSpan(tok(node, 'EXPLAIN')!));
        const commands: A.Command[] = [];
        const src = sub(node, 'sourceCommand');
        if (src) commands.push(this.sourceCommand(src));
        for (const p of subs(node, 'processingCommand')) if (hasChildren(p)) commands.push(this.processingCommand(p));
        return { type: 'ExplainCommand', span, commands };
      }
      case 'externalCommand': {
        this.snapshotOnly('EXTERNAL', tokSpan(tok(node, 'EXTERNAL')!));
        const s = tok(node, 'QUOTED_STRING');
        const p = sub(node, 'parameter');
        return {
          type: 'ExternalCommand',
          span: this.span(node),
          source: s ? this.stringLiteral(s) : p ? this.param(p) : undefined,
          options: this.commandOptions(sub(node, 'commandOptions')),
        };
      }
    }
    return { type: 'ErrorCommand', span: this.span(node) };
  }

  private fromCommand(n: CstNode): A.FromCommand | A.TsCommand {
    const sources: A.IndexSource[] = [];
    const subqueries: A.Subquery[] = [];
    for (const s of subs(n, 'sourceOrSubquery')) {
      const ip = sub(s, 'indexPattern');
      const sq = sub(s, 'subquery');
      if (ip) {
        const src = this.indexPattern(ip);
        if (src) sources.push(src);
      } else if (sq) {
        const span = this.span(sq);
        const commands: A.Command[] = [];
        const f = sub(sq, 'fromCommand');
        if (f) commands.push(this.fromCommand(f));
        for (const p of subs(sq, 'processingCommand')) if (hasChildren(p)) commands.push(this.processingCommand(p));
        subqueries.push({ type: 'Subquery', span, commands });
      }
    }
    const metaTokens = toks(n, 'UNQUOTED_SOURCE');
    const metadata: A.Identifier[] = [];
    const seen = new Set<string>();
    for (const t of metaTokens) {
      const name = t.image;
      const span = tokSpan(t);
      if (!METADATA_FIELDS.includes(name.toLowerCase())) {
        this.error(CHECKS.metadataUnknown(name), span, 'unknown-metadata-field');
      } else if (seen.has(name)) {
        this.error(CHECKS.metadataTwice(name), span);
      }
      seen.add(name);
      metadata.push({ type: 'Identifier', span, name });
    }
    if (tok(n, 'TS') && subqueries.length) this.error(CHECKS.tsSubquery, subqueries[0].span);
    return {
      type: tok(n, 'TS') ? 'TsCommand' : 'FromCommand',
      span: this.span(n),
      sources,
      subqueries,
      metadata,
    };
  }

  private indexPattern(n: CstNode): A.IndexSource | undefined {
    const q = tok(n, 'QUOTED_STRING');
    if (q) return { type: 'IndexSource', span: tokSpan(q), index: decodeString(q.image).value, quoted: true };
    const parts = toks(n, 'UNQUOTED_SOURCE');
    if (!parts.length) return undefined;
    const hasCluster = !!tok(n, 'COLON');
    const hasSelector = !!tok(n, 'CAST_OP');
    const [a, b, c] = parts;
    const cluster = hasCluster ? a.image : undefined;
    const index = hasCluster ? b?.image : a.image;
    const selector = hasSelector ? (hasCluster ? c : b)?.image : undefined;
    const src: A.IndexSource = { type: 'IndexSource', span: this.span(n), index: index ?? '', quoted: false };
    if (cluster !== undefined) src.cluster = cluster;
    if (selector !== undefined) {
      src.selector = selector;
      if (!['data', 'failures'].includes(selector.toLowerCase())) {
        const st = hasCluster ? c : b;
        this.error(CHECKS.selector(selector), tokSpan(st!));
      }
    }
    return src;
  }

  private processingCommand(n: CstNode): A.Command {
    const [name, c] = Object.entries(n.children)[0] as [string, CstNode[]];
    const node = c[0];
    const span = this.span(node);
    switch (name) {
      case 'whereCommand':
        return { type: 'WhereCommand', span, condition: this.expr(sub(node, 'booleanExpression')) };
      case 'evalCommand':
        return { type: 'EvalCommand', span, assignments: this.fields(sub(node, 'fields')) };
      case 'statsCommand':
      case 'inlineStatsCommand': {
        const body = sub(node, 'statsBody');
        const aggregates = subs(body, 'aggField').map((a) => this.aggField(a));
        const by = this.fields(sub(body, 'fields'));
        const keyword = tok(node, 'STATS') ?? tok(node, 'INLINE') ?? tok(node, 'INLINESTATS');
        if (name === 'inlineStatsCommand') {
          if (!aggregates.length && keyword) {
            this.error(CHECKS.inlineStatsEmpty, this.cover(keyword && tokSpan(keyword), tok(node, 'INLINE_STATS') && tokSpan(tok(node, 'INLINE_STATS')!)));
          }
          return {
            type: 'InlineStatsCommand',
            span,
            aggregates,
            by,
            syntax: tok(node, 'INLINESTATS') ? 'inlinestats' : 'inline stats',
          };
        }
        if (!aggregates.length && !by.length && keyword && !node.recoveredNode) {
          this.error(CHECKS.statsEmpty, tokSpan(keyword));
        }
        return { type: 'StatsCommand', span, aggregates, by };
      }
      case 'keepCommand': {
        const columns = subs(node, 'qualifiedNamePattern').map((p) => this.pattern(p));
        const star = tok(node, 'DROP') ? undefined : keepStarProblem(columns);
        if (star) this.error(CHECKS.keepStarTwice, star);
        return tok(node, 'DROP') ? { type: 'DropCommand', span, columns } : { type: 'KeepCommand', span, columns };
      }
      case 'renameCommand':
        return {
          type: 'RenameCommand',
          span,
          renames: subs(node, 'renameClause').map((rc) => {
            const [x, y] = subs(rc, 'qualifiedNamePattern').map((p) => this.pattern(p));
            const as = !!tok(rc, 'AS');
            return {
              type: 'RenameClause',
              span: this.span(rc),
              oldName: as ? x : y,
              newName: as ? y : x,
              syntax: as ? 'as' : 'assign',
            };
          }),
        };
      case 'sortCommand':
        return {
          type: 'SortCommand',
          span,
          orders: subs(node, 'orderExpression').map((o) => {
            const order: A.SortOrder = { type: 'SortOrder', span: this.span(o), expression: this.expr(sub(o, 'booleanExpression')) };
            if (tok(o, 'ASC')) order.direction = 'asc';
            if (tok(o, 'DESC')) order.direction = 'desc';
            if (tok(o, 'FIRST')) order.nulls = 'first';
            if (tok(o, 'LAST')) order.nulls = 'last';
            return order;
          }),
        };
      case 'limitCommand': {
        const cn = sub(node, 'constant');
        const count = cn ? this.constant(cn) : undefined;
        if (count && count.type === 'Literal') {
          const problem = limitCountProblem(count, this.text);
          if (problem) this.error(problem, count.span);
        } else if (count) {
          this.error(CHECKS.limit(), count.span);
        }
        const cmd: A.LimitCommand = { type: 'LimitCommand', span, count: count?.type === 'Literal' ? count : undefined };
        const by = tok(node, 'BY');
        if (by) {
          this.snapshotOnly('LIMIT ... BY', tokSpan(by));
          cmd.by = this.fields(sub(node, 'fields'));
        }
        return cmd;
      }
      case 'dissectCommand': {
        const pt = tok(node, 'QUOTED_STRING');
        const options = subs(node, 'dissectOption').map((o) => {
          const idn = sub(o, 'identifier');
          const name = idn ? this.identifier(idn) : { type: 'Identifier' as const, span: this.span(o), name: '' };
          const cn = sub(o, 'constant');
          const value = cn ? this.constant(cn) : undefined;
          if (idn && name.name.toLowerCase() !== 'append_separator') {
            this.error(CHECKS.dissectOption(name.name), name.span);
          } else if (value && !(value.type === 'Literal' && (value.literalType === 'string' || value.literalType === 'param'))) {
            this.error(CHECKS.dissectSeparator, value.span);
          }
          return { type: 'DissectOption' as const, span: this.span(o), name, value };
        });
        const dissect = pt ? dissectProblem(pt) : undefined;
        if (dissect) this.error(dissect.message, dissect.span);
        return {
          type: 'DissectCommand',
          span,
          input: this.primary(sub(node, 'primaryExpression')),
          pattern: pt && this.stringLiteral(pt),
          options,
          fields: pt ? dissectFields(pt) : [],
        };
      }
      case 'grokCommand': {
        const patterns = toks(node, 'QUOTED_STRING');
        const problem = grokProblem(patterns);
        if (problem) this.error(problem.message, problem.span);
        return {
          type: 'GrokCommand',
          span,
          input: this.primary(sub(node, 'primaryExpression')),
          patterns: patterns.map((p) => this.stringLiteral(p)),
          fields: patterns.flatMap((p) => grokFields(p)),
        };
      }
      case 'enrichCommand': {
        const pt = tok(node, 'ENRICH_POLICY_NAME') ?? tok(node, 'QUOTED_STRING');
        let policy: A.Identifier | undefined;
        if (pt) {
          const quoted = pt.tokenType === T.QUOTED_STRING;
          const name = quoted ? decodeString(pt.image).value : pt.image;
          policy = { type: 'Identifier', span: tokSpan(pt), name };
          if (quoted) policy.quoted = true;
          const colon = name.indexOf(':');
          if (!quoted && colon >= 0 && !ENRICH_MODES.includes(name.slice(0, colon).toLowerCase())) {
            this.error(CHECKS.enrichMode(name.slice(0, colon)), { start: pt.startOffset, end: pt.startOffset + colon });
          }
        }
        const patterns = subs(node, 'qualifiedNamePattern');
        const cmd: A.EnrichCommand = {
          type: 'EnrichCommand',
          span,
          policy,
          with: subs(node, 'enrichWithClause').map((w) => {
            const ps = subs(w, 'qualifiedNamePattern').map((p) => this.pattern(p));
            const named = !!tok(w, 'ASSIGN');
            const f: A.EnrichField = { type: 'EnrichField', span: this.span(w), field: named ? ps[1] : ps[0] };
            if (named) f.newName = ps[0];
            return f;
          }),
        };
        if (patterns[0]) cmd.on = this.pattern(patterns[0]);
        return cmd;
      }
      case 'mvExpandCommand':
        return { type: 'MvExpandCommand', span, column: this.column(sub(node, 'qualifiedName')) };
      case 'joinCommand': {
        const kind = tok(node, 'LOOKUP') ?? tok(node, 'LEFT') ?? tok(node, 'RIGHT') ?? tok(node, 'FULL');
        const joinType = (kind?.image.toLowerCase() ?? 'lookup') as A.JoinCommand['joinType'];
        if (kind && joinType !== 'lookup') this.snapshotOnly(`${joinType.toUpperCase()} JOIN`, tokSpan(kind));
        const ip = sub(node, 'indexPattern');
        const target = ip && this.indexPattern(ip);
        if (target?.selector) this.error(CHECKS.joinSelector, target.span);
        const conditions = subs(node, 'booleanExpression').map((e) => this.expr(e)).filter((e): e is A.Expression => !!e);
        const problem = target?.selector ? undefined : joinProblem(target, conditions);
        if (problem) this.error(problem.message, problem.span);
        return { type: 'JoinCommand', span, joinType, target, conditions };
      }
      case 'changePointCommand': {
        const names = subs(node, 'qualifiedName').map((q) => this.column(q));
        const hasOn = !!tok(node, 'ON');
        const hasAs = !!tok(node, 'AS');
        const cmd: A.ChangePointCommand = { type: 'ChangePointCommand', span, value: names[0] };
        let k = 1;
        if (hasOn) cmd.key = names[k++];
        if (hasAs) {
          cmd.typeName = names[k++];
          cmd.pvalueName = names[k++];
        }
        return cmd;
      }
      case 'completionCommand': {
        const cmd: A.CompletionCommand = { type: 'CompletionCommand', span, prompt: this.primary(sub(node, 'primaryExpression')) };
        const target = sub(node, 'qualifiedName');
        if (target) cmd.target = this.column(target);
        const options = this.commandOptions(sub(node, 'commandOptions'));
        if (options) cmd.options = options;
        return cmd;
      }
      case 'rerankCommand': {
        const cn = sub(node, 'constant');
        const cmd: A.RerankCommand = {
          type: 'RerankCommand',
          span,
          query: cn ? this.constant(cn) : undefined,
          fields: this.fields(sub(node, 'fields')),
        };
        const target = sub(node, 'qualifiedName');
        if (target) cmd.target = this.column(target);
        const options = this.commandOptions(sub(node, 'commandOptions'));
        if (options) cmd.options = options;
        return cmd;
      }
      case 'sampleCommand': {
        const cn = sub(node, 'constant');
        const p = cn ? this.constant(cn) : undefined;
        if (p && !(p.type === 'Literal' && p.literalType === 'param')) {
          const v = p.type === 'Literal' && (p.literalType === 'decimal' || p.literalType === 'integer') ? Number(p.value) : NaN;
          if (!(v > 0 && v < 1)) this.error(CHECKS.sample, p.span);
        }
        return { type: 'SampleCommand', span, probability: p?.type === 'Literal' ? p : undefined };
      }
      case 'forkCommand': {
        const branches = subs(node, 'forkBranch').map((b) => ({
          type: 'ForkBranch' as const,
          span: this.span(b),
          commands: subs(b, 'processingCommand').filter(hasChildren).map((p) => this.processingCommand(p)),
        }));
        const kw = tok(node, 'FORK');
        if (kw && branches.length === 1) this.error(CHECKS.forkOneBranch, this.cover(tokSpan(kw), branches[0].span));
        if (branches.length > 8) this.error(CHECKS.forkBranches, branches[8].span);
        return { type: 'ForkCommand', span, branches };
      }
      case 'fuseCommand': {
        const cmd: A.FuseCommand = { type: 'FuseCommand', span, key: [] };
        const id = sub(node, 'identifier');
        if (id) cmd.method = this.identifier(id);
        // qualifiedName children are in text order; attribute each to the closest preceding keyword.
        const kws = [...toks(node, 'SCORE'), ...toks(node, 'KEY'), ...toks(node, 'GROUP')].sort((a, b) => a.startOffset - b.startOffset);
        for (const q of subs(node, 'qualifiedName')) {
          const col = this.column(q);
          if (!col) continue;
          const owner = kws.filter((k) => k.startOffset < col.span.start).pop();
          if (owner?.tokenType === T.SCORE) cmd.score = col;
          else if (owner?.tokenType === T.GROUP) cmd.group = col;
          else cmd.key.push(col);
        }
        const map = sub(node, 'mapExpression');
        if (map) cmd.options = this.mapExpression(map);
        return cmd;
      }
      case 'uriPartsCommand': {
        const target = this.column(sub(node, 'qualifiedName'));
        const expression = this.primary(sub(node, 'primaryExpression'));
        return tok(node, 'REGISTERED_DOMAIN')
          ? { type: 'RegisteredDomainCommand', span, target, expression }
          : { type: 'UriPartsCommand', span, target, expression };
      }
      case 'userAgentCommand': {
        const target = this.column(sub(node, 'qualifiedName'));
        const expression = this.primary(sub(node, 'primaryExpression'));
        const cmd: A.UserAgentCommand | A.IpLocationCommand = tok(node, 'IP_LOCATION')
          ? { type: 'IpLocationCommand', span, target, expression }
          : { type: 'UserAgentCommand', span, target, expression };
        const map = sub(node, 'mapExpression');
        if (map) cmd.options = this.mapExpression(map);
        return cmd;
      }
      case 'bareCommand': {
        const dedup = tok(node, 'DEDUP');
        if (dedup) {
          this.snapshotOnly('DEDUP', tokSpan(dedup));
          return { type: 'DedupCommand', span };
        }
        return { type: 'TsCollapseCommand', span };
      }
      case 'metricsInfoCommand':
        return { type: 'MetricsInfoCommand', span };
      case 'tsInfoCommand':
        return { type: 'TsInfoCommand', span };
      case 'mmrCommand': {
        const cn = sub(node, 'constant');
        const limit = cn ? this.constant(cn) : undefined;
        const cmd: A.MmrCommand = {
          type: 'MmrCommand',
          span,
          on: this.column(sub(node, 'qualifiedName')),
          limit: limit?.type === 'Literal' ? limit : undefined,
        };
        const qv = sub(node, 'primaryExpression');
        if (qv) cmd.queryVector = this.primary(qv);
        const options = this.commandOptions(sub(node, 'commandOptions'));
        if (options) cmd.options = options;
        return cmd;
      }
    }
    return { type: 'ErrorCommand', span };
  }

  private commandOptions(n: CstNode | undefined): A.MapExpression | undefined {
    const map = sub(n, 'mapExpression');
    return map && this.mapExpression(map);
  }

  private fields(n: CstNode | undefined): A.Assignment[] {
    return subs(n, 'field').map((f) => this.field(f));
  }

  private field(n: CstNode): A.Assignment {
    const a: A.Assignment = { type: 'Assignment', span: this.span(n), expression: this.expr(sub(n, 'booleanExpression')) };
    const name = sub(n, 'qualifiedName');
    if (name) a.name = this.column(name);
    return a;
  }

  private aggField(n: CstNode): A.Aggregate {
    const f = sub(n, 'field');
    const base = f ? this.field(f) : undefined;
    const agg: A.Aggregate = { type: 'Aggregate', span: this.span(n), expression: base?.expression };
    if (base?.name) agg.name = base.name;
    const where = sub(n, 'booleanExpression');
    if (where) agg.where = this.expr(where);
    return agg;
  }

  // ---------------------------------------------------------------- names

  private identifier(n: CstNode): A.Identifier {
    const t = tok(n, 'UNQUOTED_IDENTIFIER') ?? tok(n, 'QUOTED_IDENTIFIER');
    if (!t) return { type: 'Identifier', span: this.span(n), name: '' };
    const id: A.Identifier = { type: 'Identifier', span: tokSpan(t), name: unquoteName(t.image) };
    if (t.tokenType === T.QUOTED_IDENTIFIER) id.quoted = true;
    return id;
  }

  private column(n: CstNode | undefined): A.Column | undefined {
    if (!n) return undefined;
    const parts: string[] = [];
    let parameterized = false;
    for (const p of subs(n, 'identifierOrParameter')) {
      const t = firstToken(p);
      if (!t) continue;
      if (t.tokenType === T.QUOTED_IDENTIFIER) parts.push(unquoteName(t.image));
      else {
        if (t.tokenType !== T.UNQUOTED_IDENTIFIER) parameterized = true;
        parts.push(t.image);
      }
    }
    if (!parts.length) return undefined;
    const col: A.Column = { type: 'Column', span: this.span(n), name: parts.join('.'), parts };
    if (parameterized) col.parameterized = true;
    return col;
  }

  private pattern(n: CstNode): A.ColumnPattern {
    const parts: string[] = [];
    let wildcard = false;
    let parameterized = false;
    for (const p of subs(n, 'identifierPattern')) {
      const t = firstToken(p);
      if (!t) continue;
      if (t.tokenType === T.ID_PATTERN) {
        const d = decodePattern(t.image);
        parts.push(d.name);
        wildcard ||= d.wildcard;
      } else {
        parameterized = true;
        parts.push(t.image);
      }
    }
    const pat: A.ColumnPattern = { type: 'ColumnPattern', span: this.span(n), name: parts.join('.'), parts, wildcard };
    if (parameterized) pat.parameterized = true;
    return pat;
  }

  // ---------------------------------------------------------------- expressions

  expr(n: CstNode | undefined): A.Expression | undefined {
    if (!n) return undefined;
    switch (n.name) {
      case 'booleanExpression':
        return this.binaryChain(n, 'andExpression', ['OR']);
      case 'andExpression':
        return this.binaryChain(n, 'notExpression', ['AND']);
      case 'notExpression': {
        const not = tok(n, 'NOT');
        if (not) {
          const inner = sub(n, 'notExpression');
          const operand = this.expr(inner);
          return { type: 'UnaryExpression', span: this.cover(tokSpan(not), this.outer(inner, operand)), operator: 'not', operand };
        }
        return this.expr(sub(n, 'predicate'));
      }
      case 'predicate':
        return this.predicate(n);
      case 'valueExpression':
        return this.binaryChain(n, 'additiveExpression', ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'CIEQ']);
      case 'additiveExpression':
        return this.binaryChain(n, 'multiplicativeExpression', ['PLUS', 'MINUS']);
      case 'multiplicativeExpression':
        return this.binaryChain(n, 'unaryExpression', ['ASTERISK', 'SLASH', 'PERCENT']);
      case 'unaryExpression': {
        const op = tok(n, 'MINUS') ?? tok(n, 'PLUS');
        if (op) {
          const inner = sub(n, 'unaryExpression');
          const operand = this.expr(inner);
          return {
            type: 'UnaryExpression',
            span: this.cover(tokSpan(op), this.outer(inner, operand)),
            operator: op.image as '-' | '+',
            operand,
          };
        }
        return this.primary(sub(n, 'primaryExpression'));
      }
      case 'primaryExpression':
        return this.primary(n);
    }
    return undefined;
  }

  private binaryChain(n: CstNode, operandRule: string, opNames: string[]): A.Expression | undefined {
    const operands = subs(n, operandRule);
    // Most levels of the precedence chain hold one operand and no operator: pass it through.
    let ops: IToken[] | undefined;
    for (const o of opNames) {
      const list = n.children[o] as IToken[] | undefined;
      if (!list) continue;
      for (const t of list) if (validToken(t)) (ops ??= []).push(t);
    }
    if (!ops) return this.expr(operands[0]);
    if (ops.length > 1) ops.sort((a, b) => a.startOffset - b.startOffset);
    let left = this.expr(operands[0]);
    // The chain's text so far (parentheses around its operands included).
    let leftSpan = this.outer(operands[0], left);
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k];
      const right = this.expr(operands[k + 1]);
      const span = this.cover3(leftSpan, tokSpan(op), this.outer(operands[k + 1], right));
      let operator = op.image.toLowerCase() as A.BinaryExpression['operator'];
      if (op.tokenType === T.CIEQ) {
        this.snapshotOnly("The case-insensitive comparison '=~'", tokSpan(op));
        operator = '==' as const;
      }
      left = {
        type: 'BinaryExpression',
        span,
        operator,
        left,
        right,
        operatorSpan: tokSpan(op),
      };
      leftSpan = span;
    }
    return left;
  }

  private predicate(n: CstNode): A.Expression | undefined {
    const values = subs(n, 'valueExpression');
    const expression = this.expr(values[0]);
    if (!expression) return undefined;
    const span = this.span(n, expression.span);
    const negated = toks(n, 'NOT').length > 0;
    if (tok(n, 'IN')) {
      const list = values.slice(1).map((v) => this.expr(v)).filter((e): e is A.Expression => !!e);
      return { type: 'InExpression', span, expression, negated, list };
    }
    const like = tok(n, 'LIKE') ?? tok(n, 'RLIKE');
    if (like) {
      const patterns = subs(n, 'likePattern')
        .map((p) => {
          const s = tok(p, 'QUOTED_STRING');
          const prm = sub(p, 'parameter');
          return s ? this.stringLiteral(s) : prm ? this.param(prm) : undefined;
        })
        .filter((e): e is A.StringLiteral | A.ParamLiteral => !!e);
      const list = !!tok(n, 'LP');
      if (list && like.tokenType === T.RLIKE) {
        // RLIKE ("a", "b") is accepted by recent Elasticsearch versions like LIKE (...).
      }
      return { type: 'LikeExpression', span, operator: like.image.toLowerCase() as 'like' | 'rlike', expression, negated, patterns, list };
    }
    if (tok(n, 'IS')) return { type: 'IsNullExpression', span, expression, negated };
    const colon = tok(n, 'COLON');
    if (colon) {
      const cn = sub(n, 'constant');
      const q = cn ? this.constant(cn) : undefined;
      let field: A.Expression = expression;
      let fieldType: A.Identifier | undefined;
      if (field.type === 'Cast' && field.expr.type === 'Column') {
        fieldType = { type: 'Identifier', span: field.targetTypeSpan, name: field.targetType };
        field = field.expr;
      }
      if (field.type !== 'Column') {
        this.error(CHECKS.matchField, expression.span);
        return expression;
      }
      const m: A.MatchExpression = { type: 'MatchExpression', span, field, query: q?.type === 'Literal' ? q : undefined };
      if (fieldType) m.fieldType = fieldType;
      return m;
    }
    return expression;
  }

  private primary(n: CstNode | undefined): A.Expression | undefined {
    if (!n) return undefined;
    const atom = sub(n, 'atom');
    let e = this.atom(atom);
    const start = this.outer(atom, e);
    const casts = toks(n, 'CAST_OP');
    const types = subs(n, 'identifier');
    for (let k = 0; k < casts.length; k++) {
      const idn = types[k];
      if (!e || !idn) break;
      const id = this.identifier(idn);
      const targetType = id.name.toLowerCase();
      if (id.name && !castTypes.includes(targetType)) this.error(CHECKS.castType(id.name), id.span);
      e = { type: 'Cast', span: this.cover(start, id.span), expr: e, targetType, targetTypeSpan: id.span };
    }
    return e;
  }

  private atom(n: CstNode | undefined): A.Expression | undefined {
    if (!n) return undefined;
    const fc = sub(n, 'functionCall');
    if (fc) return this.functionCall(fc);
    const qn = sub(n, 'qualifiedName');
    if (qn) return this.column(qn);
    const c = sub(n, 'exprConstant');
    if (c) return this.constant(c);
    return this.expr(sub(n, 'booleanExpression'));
  }

  private functionCall(n: CstNode): A.FunctionCall {
    const nameNode = sub(n, 'identifierOrParameter');
    const nameTok = (nameNode && firstToken(nameNode)) ?? tok(n, 'FIRST') ?? tok(n, 'LAST');
    const name = nameTok ? (nameTok.tokenType === T.QUOTED_IDENTIFIER ? unquoteName(nameTok.image) : nameTok.image) : '';
    const fn: A.FunctionCall = {
      type: 'FunctionCall',
      span: this.span(n),
      name,
      nameSpan: nameTok ? tokSpan(nameTok) : this.span(n),
      args: subs(n, 'booleanExpression').map((b) => this.expr(b)).filter((e): e is A.Expression => !!e),
    };
    if (tok(n, 'ASTERISK')) fn.star = true;
    const maps = subs(n, 'mapExpression');
    if (maps.length > 0) {
      fn.options = this.mapExpression(maps[0]);
      const last = fn.args[fn.args.length - 1];
      // Elasticsearch's grammar takes one map, after the last argument: `f(a, {...}, {...})` is refused too.
      if ((last && last.span.start > fn.options.span.start) || maps.length > 1) {
        this.error(CHECKS.mapLast, fn.options.span);
      }
    }
    return fn;
  }

  private mapExpression(n: CstNode): A.MapExpression {
    return {
      type: 'MapExpression',
      span: this.span(n),
      entries: subs(n, 'mapEntry').map((e) => {
        const k = tok(e, 'QUOTED_STRING');
        const m = sub(e, 'mapExpression');
        const c = sub(e, 'constant');
        return {
          type: 'MapEntry' as const,
          span: this.span(e),
          key: k ? this.stringLiteral(k) : { type: 'Literal' as const, literalType: 'string' as const, span: this.span(e), value: '', tripleQuoted: false },
          value: m ? this.mapExpression(m) : c ? this.constant(c) : undefined,
        };
      }),
    };
  }

  private stringLiteral(t: IToken): A.StringLiteral {
    return stringLiteral(t);
  }

  private param(n: CstNode): A.ParamLiteral | undefined {
    const t = firstToken(n);
    return t && paramLiteral(t);
  }

  /** constant, exprConstant, simpleConstant. */
  private constant(n: CstNode): A.Literal | A.ListLiteral | undefined {
    const simple = sub(n, 'simpleConstant');
    if (simple) return this.constant(simple);
    const arr = sub(n, 'arrayLiteral');
    if (arr) return this.arrayLiteral(arr);
    const prm = sub(n, 'parameter');
    if (prm) return this.param(prm);
    const signNode = sub(n, 'sign');
    const sign = signNode ? firstToken(signNode) : undefined;
    const prefix = sign?.image === '-' ? '-' : '';
    const span = this.span(n);
    const int = tok(n, 'INTEGER_LITERAL');
    if (int) {
      const unit = tok(n, 'UNQUOTED_IDENTIFIER');
      if (unit) {
        const u = unit.image.toLowerCase();
        if (!timeUnits.has(u)) this.error(CHECKS.timeUnit(unit.image), tokSpan(unit));
        return { type: 'Literal', literalType: 'timespan', span, value: prefix + int.image, unit: u, unitSpan: tokSpan(unit) };
      }
      return { type: 'Literal', literalType: 'integer', span, value: prefix + int.image };
    }
    const dec = tok(n, 'DECIMAL_LITERAL');
    if (dec) return { type: 'Literal', literalType: 'decimal', span, value: prefix + dec.image };
    const str = tok(n, 'QUOTED_STRING');
    if (str) return this.stringLiteral(str);
    if (tok(n, 'NULL')) return { type: 'Literal', literalType: 'null', span, value: null };
    if (tok(n, 'TRUE')) return { type: 'Literal', literalType: 'boolean', span, value: true };
    if (tok(n, 'FALSE')) return { type: 'Literal', literalType: 'boolean', span, value: false };
    return undefined;
  }

  private arrayLiteral(n: CstNode): A.ListLiteral {
    const elements = subs(n, 'arrayElement')
      .map((e) => this.constant(e))
      .filter((e): e is A.Literal => !!e && e.type === 'Literal');
    const kinds = new Set(elements.map((e) => (e.literalType === 'integer' || e.literalType === 'decimal' ? 'number' : e.literalType)));
    if (kinds.size > 1) this.error(CHECKS.mixedList, this.span(n));
    return { type: 'ListLiteral', span: this.span(n), elements };
  }
}

export function commandLabel(cmd: A.Command): string {
  const map: Partial<Record<A.Command['type'], string>> = {
    FromCommand: 'FROM', TsCommand: 'TS', RowCommand: 'ROW', ShowCommand: 'SHOW', WhereCommand: 'WHERE',
    EvalCommand: 'EVAL', StatsCommand: 'STATS', InlineStatsCommand: 'INLINE STATS', KeepCommand: 'KEEP',
    DropCommand: 'DROP', RenameCommand: 'RENAME', SortCommand: 'SORT', LimitCommand: 'LIMIT', DissectCommand: 'DISSECT',
    GrokCommand: 'GROK', EnrichCommand: 'ENRICH', MvExpandCommand: 'MV_EXPAND', JoinCommand: 'JOIN',
    ChangePointCommand: 'CHANGE_POINT', CompletionCommand: 'COMPLETION', RerankCommand: 'RERANK', SampleCommand: 'SAMPLE',
    ForkCommand: 'FORK', FuseCommand: 'FUSE', UriPartsCommand: 'URI_PARTS', RegisteredDomainCommand: 'REGISTERED_DOMAIN',
    MetricsInfoCommand: 'METRICS_INFO', TsInfoCommand: 'TS_INFO', MmrCommand: 'MMR', PromqlCommand: 'PROMQL',
    UserAgentCommand: 'USER_AGENT', IpLocationCommand: 'IP_LOCATION', TsCollapseCommand: 'TS_COLLAPSE', DedupCommand: 'DEDUP',
    ExplainCommand: 'EXPLAIN', ExternalCommand: 'EXTERNAL',
  };
  return map[cmd.type] ?? 'previous';
}

// ---------------------------------------------------------------- GROK / DISSECT pattern fields

function patternField(t: IToken, name: string, offsetInImage: number): A.PatternField {
  const start = t.startOffset + offsetInImage;
  return { type: 'PatternField', span: { start, end: start + name.length }, name };
}

/**
 * The DISSECT pattern's problem Elasticsearch refuses at parse time, if any: a pattern without a key that
 * extracts something ("Invalid pattern for dissect": its dissect parser finds no keys, or only skipped ones,
 * `%{}` and `%{?name}`), or with reference keys (`%{*name}` / `%{&name}`, which ES|QL does not support, and
 * which its dissect parser refuses unless they come in pairs).
 */
export function dissectProblem(t: IToken): { message: string; span: Span } | undefined {
  const whole = { start: t.startOffset, end: t.startOffset + t.image.length };
  let extracts = false;
  for (const m of t.image.matchAll(/%\{([^}]*?)\}/g)) {
    const key = m[1];
    const lead = /^[+*&?]*/.exec(key)![0];
    if (lead.includes('*') || lead.includes('&')) {
      const start = t.startOffset + m.index!;
      return { message: CHECKS.dissectReference(m[0]), span: { start, end: start + m[0].length } };
    }
    const name = key.slice(lead.length).replace(/->$/, '').replace(/\/\d+$/, '');
    if (name !== '' && !lead.includes('?')) extracts = true;
  }
  return extracts ? undefined : { message: CHECKS.dissectNoKeys, span: whole };
}

/**
 * The LOOKUP JOIN problem Elasticsearch refuses at parse time, if any, after the selector check: a target
 * with `*` (one lookup index, not a pattern), a remote target (`cluster:index`), or an ON list naming one
 * field twice.
 */
export function joinProblem(target: A.IndexSource | undefined, conditions: readonly A.Expression[]): { message: string; span: Span } | undefined {
  if (target) {
    const written = target.cluster !== undefined ? `${target.cluster}:${target.index}` : target.index;
    if (written.includes('*')) return { message: CHECKS.joinPattern(written), span: target.span };
    const colon = target.index.indexOf(':');
    const quotedRemote = target.quoted && colon > 0 && target.index[colon + 1] !== ':' && !target.index.startsWith('<');
    if (target.cluster !== undefined || quotedRemote) return { message: CHECKS.joinRemote(written), span: target.span };
  }
  if (conditions.length > 1) {
    const seen = new Set<string>();
    for (const c of conditions) {
      if (c.type !== 'Column') continue;
      if (seen.has(c.name)) return { message: CHECKS.joinFieldTwice(c.name), span: c.span };
      seen.add(c.name);
    }
  }
  return undefined;
}

/** A second unquoted `*` in a KEEP: Elasticsearch refuses it. */
export function keepStarProblem(columns: readonly A.ColumnPattern[]): Span | undefined {
  let seen = false;
  for (const c of columns) {
    if (!(c.wildcard && c.name === '*')) continue;
    if (seen) return c.span;
    seen = true;
  }
  return undefined;
}

/** Fields created by a DISSECT pattern: `%{name}`, `%{+name}`, `%{name->}`... (`%{?skip}` creates none). */
export function dissectFields(t: IToken): A.PatternField[] {
  const out: A.PatternField[] = [];
  const seen = new Set<string>();
  for (const m of t.image.matchAll(/%\{([^}]*)\}/g)) {
    const key = m[1];
    const lead = /^[+?*&]*/.exec(key)![0];
    if (lead.includes('?') || lead.includes('*') || lead.includes('&')) continue;
    const name = key.slice(lead.length).replace(/->$/, '').replace(/\/\d+$/, '');
    if (!name || seen.has(name)) continue;
    seen.add(name);
    out.push(patternField(t, name, m.index! + 2 + lead.length));
  }
  return out;
}

/**
 * What keeps a GROK pattern's regular expression from compiling, of what can be told without a regex
 * engine: unbalanced parentheses, and `(?P<name>` (Python's named groups, which the Oniguruma syntax of
 * Elasticsearch's grok does not have). `%{...}` references expand to balanced expressions; escapes and
 * character classes are skipped.
 */
function grokRegexProblem(pattern: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[') {
      // A class: up to its unescaped ']' (a ']' first in it, or after '^', is a character).
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      let nested = 0;
      for (; j < pattern.length; j++) {
        if (pattern[j] === '\\') j++;
        else if (pattern[j] === '[') nested++;
        else if (pattern[j] === ']' && nested-- === 0) break;
      }
      if (j >= pattern.length) return 'a [ character class is not closed';
      i = j;
    } else if (c === '(') {
      if (pattern.startsWith('(?P<', i) || pattern.startsWith('(?P=', i) || pattern.startsWith('(?P>', i)) return `${pattern.slice(i, i + 4)} is not a group this regular expression syntax has (write (?<name>...))`;
      depth++;
    } else if (c === ')') {
      if (depth === 0) return 'a ) closes no (';
      depth--;
    }
  }
  return depth > 0 ? `${depth === 1 ? 'a ( is' : `${depth} ( are`} not closed` : undefined;
}

let grokNames: ReadonlySet<string> | undefined;
const grokPatternNames = (): ReadonlySet<string> => (grokNames ??= new Set(GROK_PATTERN_NAMES));

/**
 * The GROK patterns' problem Elasticsearch refuses at parse time, if any: one column named by two different
 * captures (`%{NUMBER:a} %{WORD:a}`, `%{WORD:a} %{WORD:a:int}`, `(?<a>x) %{WORD:a}`). Its grok library
 * merges captures only when written alike (`%{WORD:a} %{WORD:a}` is one column, across patterns too); any
 * other repetition leaves two columns of one name, which ES|QL refuses as "defined multiple times with
 * different types". Reported at the second capture.
 */
export function grokProblem(patterns: readonly IToken[]): { message: string; span: Span } | undefined {
  // A pattern the bank does not have fails first (the grok library is built before the fields are looked at).
  for (const t of patterns) {
    // As the grok library reads a reference: %{NAME}, %{NAME:field}, %{NAME:field:type}; %{NAME=...} defines
    // NAME in place. Anything else after `%{` is text to match.
    for (const m of t.image.matchAll(/%\{([A-z0-9]+)(?::[\w@[\]:.-]+)?(=)?/g)) {
      if (m[2] || grokPatternNames().has(m[1])) continue;
      const start = t.startOffset + m.index! + 2;
      return { message: CHECKS.grokUnknownPattern(m[1]), span: { start, end: start + m[1].length } };
    }
    const why = grokRegexProblem(decodeString(t.image).value);
    if (why) return { message: CHECKS.grokRegex(why), span: { start: t.startOffset, end: t.startOffset + t.image.length } };
  }
  const first = new Map<string, string>();
  for (const t of patterns) {
    const captures = [
      ...[...t.image.matchAll(/%\{(\w+:([^:}]+)(?::\w+)?)\}/g)].map((m) => ({ group: m[1], name: m[2], at: m.index! + m[0].indexOf(':') + 1 })),
      ...[...t.image.matchAll(/\(\?<([A-Za-z][\w.@-]*)>/g)].map((m) => ({ group: m[1], name: m[1], at: m.index! + 3 })),
    ].sort((a, b) => a.at - b.at);
    for (const c of captures) {
      const before = first.get(c.name);
      if (before === undefined) first.set(c.name, c.group);
      else if (before !== c.group) {
        const shown = (g: string) => (g === c.name ? `(?<${g}>...)` : `%{${g}}`);
        return {
          message: CHECKS.grokDuplicate(c.name, shown(before), shown(c.group)),
          span: patternField(t, c.name, c.at).span,
        };
      }
    }
  }
  return undefined;
}

/** Fields created by a GROK pattern: `%{SYNTAX:name}`, `%{SYNTAX:name:type}` and `(?<name>...)`. */
export function grokFields(t: IToken): A.PatternField[] {
  const out: A.PatternField[] = [];
  for (const m of t.image.matchAll(/%\{\w+:([^:}]+)(?::\w+)?\}/g)) {
    out.push(patternField(t, m[1], m.index! + m[0].indexOf(':') + 1));
  }
  for (const m of t.image.matchAll(/\(\?<([A-Za-z][\w.@-]*)>/g)) {
    out.push(patternField(t, m[1], m.index! + 3));
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
