/** Turns Chevrotain's recognition errors into diagnostics a rule author understands. */
import { tokenMatcher, type IRecognitionException, type IToken } from './chevrotain.js';
import { diagnostic, type Diagnostic, type Position, type Span } from '@esql-lint/core';
import {
  And,
  BadEscape,
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
  isSpace,
} from './lexer.js';

const CODE = 'syntax-error';

const ESCAPES_HELP =
  'unquoted values accept \\\\ \\( \\) \\: \\< \\> \\" \\* \\{ \\} \\t \\r \\n \\uXXXX \\and \\or \\not; quote the value to keep other characters as they are';

export function shorten(s: string, max = 40): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

export function describeToken(t: IToken | undefined): string {
  if (!t || t.tokenType.name === 'EOF') return 'the end of the query';
  const name = t.tokenType.name;
  if (name === 'UnquotedLiteral') return `'${shorten(t.image)}'`;
  if (name === 'QuotedString' || name === 'UnterminatedString') return `the quoted string ${shorten(t.image)}`;
  return `'${t.image}'`;
}

export function tokenSpan(t: IToken | undefined, textLength: number): Span {
  if (!t || t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset)) return { start: textLength, end: textLength };
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

const is = (t: IToken | undefined, ...types: Parameters<typeof tokenMatcher>[1][]): boolean =>
  !!t && t.tokenType.name !== 'EOF' && types.some((ty) => tokenMatcher(t, ty));

const isValueToken = (t: IToken | undefined) => is(t, UnquotedLiteral, QuotedString, UnterminatedString);

/** Diagnostics found by the lexer alone. */
export function lexicalDiagnostics(tokens: IToken[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of tokens) {
    if (t.tokenType === UnterminatedString) {
      const escapedEnd = /\\"\s*$/.test(t.image) && t.image.length > 1;
      const hint = escapedEnd
        ? "the last '\"' is escaped by the '\\' before it (write \\\\ for a backslash at the end)"
        : 'inside quotes, write \\" for a quote and \\\\ for a backslash';
      out.push(
        diagnostic(CODE, 'error', `Unterminated quoted string: this '"' is never closed (${hint})`, {
          start: t.startOffset,
          end: t.startOffset + 1,
        }),
      );
    }
  }
  return out;
}

function badEscape(t: IToken, text: string): Diagnostic {
  const next = text[t.startOffset + 1];
  const seq = next === undefined ? '\\' : '\\' + next;
  const span = { start: t.startOffset, end: t.startOffset + seq.length };
  if (next === 'u') {
    const bad = '\\u' + /^[0-9a-f]{0,3}/i.exec(text.slice(t.startOffset + 2))![0];
    return diagnostic(CODE, 'error', `Invalid escape '${bad}': \\u must be followed by four hexadecimal digits`, {
      start: t.startOffset,
      end: t.startOffset + bad.length,
    });
  }
  const what = next === undefined ? "A '\\' at the end of the query escapes nothing" : `Invalid escape '${seq}'`;
  return diagnostic(CODE, 'error', `${what}: ${ESCAPES_HELP}`, span);
}

/** Which kind of thing was expected after `prev`, for "Expected a value after ':'"-style messages. */
function expectedAfter(prev: IToken | undefined, inValues: boolean): string {
  const thing = inValues ? 'a value' : 'a query';
  if (!prev) return 'a query';
  if (is(prev, Colon)) return "a value, '(' or '{' after ':'";
  if (is(prev, RangeOp)) return `a value after '${prev.image}'`;
  if (is(prev, Or, And)) return `${thing} after '${prev.image}'`;
  if (is(prev, Not)) return `${thing} after '${prev.image}'`;
  if (is(prev, LParen)) return `${thing} after '('`;
  if (is(prev, LBrace)) return "a query after '{'";
  return thing;
}

function notHint(t: IToken, text: string): string {
  const midWord = t.startOffset > 0 && !isSpace(text[t.startOffset - 1]) && !'(){}:<>"'.includes(text[t.startOffset - 1]);
  const word = `'${t.image}' followed by whitespace is the NOT operator${midWord ? ', even at the end of a word' : ''}`;
  return `${word}; to search for the word, escape it (\\${t.image}) or quote the value`;
}

/** Message for input found where the query could have ended or continued with 'and'/'or'. */
function trailingMessage(found: IToken, prev: IToken | undefined, text: string): string {
  if (is(found, Colon, RangeOp) && !is(prev, UnquotedLiteral, QuotedString, UnterminatedString, RParen, RBrace)) {
    return `Expected a field name before '${found.image}'`;
  }
  if (is(found, RParen)) return "Unbalanced ')': there is no '(' to close";
  if (is(found, RBrace)) return "Unbalanced '}': there is no '{' to close";
  if (is(found, Colon)) {
    const runOn = runOnHint(prev, text);
    if (runOn) return `Unexpected ':': ${runOn}`;
    return is(prev, UnquotedLiteral, QuotedString) && prev && isAfterColon(prev, text)
      ? "Unexpected ':' in a value: escape it (\\:) or quote the value"
      : "Unexpected ':': escape it (\\:) or quote the value";
  }
  if (is(found, RangeOp)) return `Unexpected '${found.image}': escape it (\\${found.image[0]}) or quote the value`;
  if (is(found, LBrace)) return "Unexpected '{': a nested query is written field:{ query }";
  if (is(found, Not)) return `Unexpected 'not': ${notHint(found, text)}; to combine, write 'and not' or 'or not'`;
  const what = describeToken(found);
  if (is(found, QuotedString, UnterminatedString, LParen) || isValueToken(found)) {
    return `Expected 'and', 'or' or the end of the query after ${describeToken(prev)}, but found ${what}; join terms with 'and'/'or', or quote the whole value`;
  }
  return `Expected 'and', 'or' or the end of the query, but found ${what}`;
}

/**
 * For `a:b c:d`: the unquoted value before the ':' ran on across words (`b c`), so the user probably
 * meant two terms.
 */
function runOnHint(prev: IToken | undefined, text: string): string | undefined {
  if (!prev || !is(prev, UnquotedLiteral) || !isAfterColon(prev, text)) return undefined;
  const m = /^(.*\S)[ \t\r\n\u00A0]+(\S+)$/s.exec(prev.image);
  if (!m) return undefined;
  return `the value '${shorten(m[1])}' runs on across words, so '${shorten(m[2])}' is read as part of it; join field:value terms with 'and' or 'or', or escape the ':' (\\:)`;
}

/** Whether the value token `t` follows a ':' (possibly inside a list of values). */
function isAfterColon(t: IToken, text: string): boolean {
  let i = t.startOffset - 1;
  while (i >= 0 && (isSpace(text[i]) || text[i] === '(')) i--;
  return text[i] === ':';
}

function inValueList(e: IRecognitionException): boolean {
  const stack = e.context?.ruleStack ?? [];
  return stack.some((r) => r === 'listOfValues' || r === 'orList' || r === 'andList' || r === 'notList');
}

function closing(e: IRecognitionException): string {
  const rule = e.context?.ruleStack?.at(-1);
  return rule === 'expression' ? '}' : ')';
}

/** "the '(' at line 2, column 5": the innermost bracket `open` still unclosed before `offset`. */
function openerAt(tokens: IToken[], offset: number, open: string, positionOf: (offset: number) => Position): string {
  const close = open === '(' ? ')' : '}';
  const stack: IToken[] = [];
  for (const t of tokens) {
    if (t.startOffset >= offset) break;
    if (t.image === open && (t.tokenType === LParen || t.tokenType === LBrace)) stack.push(t);
    else if (t.image === close && (t.tokenType === RParen || t.tokenType === RBrace)) stack.pop();
  }
  const opener = stack.at(-1);
  if (!opener) return `'${open}'`;
  const pos = positionOf(opener.startOffset);
  return `the '${open}' at line ${pos.line}, column ${pos.column}`;
}

/** The last token of `tokens` that starts before `offset`. */
function tokenBefore(tokens: IToken[], offset: number): IToken | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  let best: IToken | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < offset) {
      best = tokens[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** One diagnostic per recognition error; `tokens` are the lexed tokens of `text`. */
export function parserDiagnostic(e: IRecognitionException, text: string, tokens: IToken[], positionOf: (offset: number) => Position): Diagnostic {
  const found = e.token;
  const span = tokenSpan(found, text.length);
  if (is(found, BadEscape)) return badEscape(found, text);
  const atEnd = found.tokenType.name === 'EOF' || Number.isNaN(found.startOffset);
  const prev = tokenBefore(tokens, atEnd ? Infinity : found.startOffset);
  const foundText = describeToken(found);
  switch (e.name) {
    case 'NotAllInputParsedException':
      return diagnostic(CODE, 'error', trailingMessage(found, prev, text), span);
    case 'MismatchedTokenException': {
      const close = closing(e);
      const open = close === ')' ? '(' : '{';
      let msg = `Missing '${close}' to close ${openerAt(tokens, atEnd ? Infinity : found.startOffset, open, positionOf)}`;
      if (found.tokenType.name !== 'EOF') {
        msg += `: expected 'and', 'or' or '${close}' but found ${foundText}`;
        const runOn = is(found, Colon) ? runOnHint(prev, text) : undefined;
        if (runOn) msg += ` (${runOn})`;
        else if (is(found, Colon)) msg += " (escape ':' as \\: or quote the value)";
        else if (is(found, Not)) msg += ` (${notHint(found, text)})`;
      }
      return diagnostic(CODE, 'error', msg, span);
    }
    default: {
      if (is(found, Not) && is(prev, Not)) {
        return diagnostic(CODE, 'error', "Kibana accepts a single 'not' here: write 'not (not ...)' to negate twice", span);
      }
      if (is(found, Not) && is(prev, Colon, RangeOp)) {
        return diagnostic(
          CODE,
          'error',
          `A value can't start with 'not' here: write field:(not value) or not field:value; ${notHint(found, text)}`,
          span,
        );
      }
      if (is(found, Colon, RangeOp) && !inValueList(e) && !is(prev, Colon, RangeOp)) {
        return diagnostic(CODE, 'error', `Expected a field name before '${found.image}'`, span);
      }
      const expected = expectedAfter(prev, inValueList(e));
      const tail = found.tokenType.name === 'EOF' ? 'but the query ends here' : `but found ${foundText}`;
      let msg = `Expected ${expected}, ${tail}`;
      if (is(found, Colon, RangeOp) && is(prev, RangeOp, Colon)) msg += " (to use it in a value, escape it or quote the value)";
      return diagnostic(CODE, 'error', msg, span);
    }
  }
}

