/**
 * Turns Chevrotain's recognition errors into messages a rule author understands. The parser's error
 * message provider encodes the structured facts (expected token types, found token) as JSON; `describe`
 * turns them into prose.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import * as T from './lexer.js';

export interface ErrorFacts {
  kind: 'mismatch' | 'noViableAlt' | 'earlyExit' | 'notAllInput';
  expected: string[];
  rule: string;
}

const firstsCache = new WeakMap<object, string[]>();

/** The first token names of the paths; memoised per paths array (limitRecovery hands out the same arrays for a grammar position). */
function firsts(paths: TokenType[][][]): string[] {
  let names = firstsCache.get(paths);
  if (names) return names;
  const out = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path[0]) out.add(path[0].name);
  names = [...out];
  firstsCache.set(paths, names);
  return names;
}

const iterationCache = new WeakMap<object, string[]>();
function firstsOfIteration(paths: TokenType[][]): string[] {
  let names = iterationCache.get(paths);
  if (!names) iterationCache.set(paths, (names = firsts([paths])));
  return names;
}

export const structuredMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, ruleName }) {
    return JSON.stringify({ kind: 'mismatch', expected: [expected.name], rule: ruleName } satisfies ErrorFacts);
  },
  buildNotAllInputParsedMessage({ ruleName }) {
    return JSON.stringify({ kind: 'notAllInput', expected: [], rule: ruleName } satisfies ErrorFacts);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, ruleName }) {
    return JSON.stringify({ kind: 'noViableAlt', expected: firsts(expectedPathsPerAlt), rule: ruleName } satisfies ErrorFacts);
  },
  buildEarlyExitMessage({ expectedIterationPaths, ruleName }) {
    return JSON.stringify({ kind: 'earlyExit', expected: firstsOfIteration(expectedIterationPaths), rule: ruleName } satisfies ErrorFacts);
  },
};

const TOKENS_BY_NAME = new Map(T.allTokens.map((t) => [t.name, t]));
const KEYWORD_BY_TOKEN = new Map([...T.KEYWORDS].map(([word, t]) => [t.name, word]));

const EXPRESSION_STARTS = [
  'Identifier',
  'QuotedIdentifier',
  'TildeIdentifier',
  'DoubleString',
  'TripleString',
  'SingleString',
  'QuestionString',
  'IntegerLit',
  'DecimalLit',
  'Null',
  'True',
  'False',
  'LParen',
  'Minus',
  'Plus',
  'Question',
  'Not',
];
const STRING_TOKENS = ['DoubleString', 'TripleString', 'SingleString', 'QuestionString'];

/** Human labels for a set of expected token names, collapsing expression starts into "an expression". */
export function expectedLabels(names: string[]): string[] {
  const set = new Set(names);
  const labels: string[] = [];
  if (set.has('Identifier') && set.has('DoubleString') && set.has('IntegerLit')) {
    labels.push('an expression');
    for (const n of EXPRESSION_STARTS) set.delete(n);
  } else if (STRING_TOKENS.every((s) => set.has(s))) {
    labels.push(set.has('Identifier') && set.has('Any') ? 'an event category' : 'a string');
    for (const n of STRING_TOKENS) set.delete(n);
    if (set.has('Any')) set.delete('Identifier');
    set.delete('Any');
  }
  for (const n of set) labels.push(labelOf(n));
  return [...new Set(labels)];
}

export function labelOf(name: string): string {
  const kw = KEYWORD_BY_TOKEN.get(name);
  if (kw) return `'${kw}'`;
  switch (name) {
    case 'Identifier':
      return 'a name';
    case 'QuotedIdentifier':
      return 'a backquoted name';
    case 'TildeIdentifier':
      return 'a function name';
    case 'IntegerLit':
      return 'an integer';
    case 'DecimalLit':
      return 'a number';
    case 'EOF':
      return 'the end of the query';
  }
  if (STRING_TOKENS.includes(name)) return 'a string';
  const t = TOKENS_BY_NAME.get(name);
  return t?.LABEL ?? name;
}

export function joinAlternatives(labels: string[]): string {
  if (labels.length === 0) return 'something else';
  if (labels.length === 1) return labels[0];
  const shown = labels.slice(0, 8);
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

export function describeFound(t: IToken | undefined): string {
  if (!t || t.tokenType?.name === 'EOF' || !Number.isFinite(t.startOffset)) return 'the end of the query';
  const image = t.image.length > 40 ? t.image.slice(0, 37) + '...' : t.image;
  return `'${image}'`;
}

/** A hint for a common mistake at the offending token, or undefined. */
export function hintFor(found: IToken | undefined, next: IToken | undefined, expected: string[]): string | undefined {
  if (!found || !Number.isFinite(found.startOffset)) return undefined;
  const lower = found.image.toLowerCase();
  const kw = T.KEYWORDS.get(lower);
  if (kw && found.image !== lower) return `EQL keywords are lowercase: write '${lower}'`;
  if (found.tokenType === T.Not && next && [T.Like, T.LikeInsensitive, T.Regex, T.RegexInsensitive, T.Colon].includes(next.tokenType)) {
    return `'${next.image}' cannot be negated in place: write 'not <field> ${next.image} ...'`;
  }
  if ([T.Like, T.LikeInsensitive, T.Regex, T.RegexInsensitive, T.Colon].includes(found.tokenType) && expected.includes('In')) {
    return `only 'in' can follow 'not': negate the whole condition instead ('not <field> ${found.image} ...')`;
  }
  if (found.tokenType === T.Assign && expected.includes('Eq')) return "EQL compares with '=='";
  if (found.tokenType === T.Maxspan) return "'with maxspan=...' goes in the sequence header: 'sequence [by <keys>] with maxspan=...'";
  if (found.tokenType === T.Identifier && /^(descendant|child|event)$/.test(found.image) && next?.tokenType === T.Of) {
    return 'process relationships are not supported by Elasticsearch EQL';
  }
  return undefined;
}

/** The message for an unexpected character met by the lexer. */
export function lexerMessage(text: string, offset: number, length: number): string {
  const c = text[offset];
  const chunk = text.slice(offset, offset + length);
  if (c === '\u00a0') return 'Unexpected no-break space (U+00A0): use a normal space';
  if (/\s/.test(c)) return `Unexpected blank character (U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}): EQL allows only spaces, tabs and line breaks`;
  if (c === '!') return "Unexpected '!': EQL negates with 'not' and compares with '!='";
  if (c === '&') return "Unexpected '&': EQL combines conditions with 'and'";
  if (c === '~') return "Unexpected '~': the case-insensitive forms are 'in~', 'like~', 'regex~' and 'function~(...)'";
  if (c === '$') return "Unexpected '$': EQL has no variables";
  if (c === ';') return "Unexpected ';': an EQL query is a single statement";
  if (c === '{' || c === '}') return `Unexpected '${c}': EQL has no braces`;
  return `Unexpected character${length > 1 ? 's' : ''} '${chunk}'`;
}
