import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from './chevrotain.js';
import * as T from './tokens.js';

/** How a token is named in messages: `'where'`, `'='`, `the end of the query`. */
export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the query';
  const image = token.image.length > 40 ? token.image.slice(0, 37) + '...' : token.image;
  if (token.tokenType === T.QUOTED_STRING) return `the string ${image}`;
  return `'${image}'`;
}

export function labelOf(type: TokenType): string {
  if (type === EOF) return 'the end of the query';
  const l = T.tokenLabels.get(type);
  if (!l) return type.name;
  return l.kind === 'keyword' || l.label.length <= 3 ? `'${l.label}'` : `a ${l.label}`;
}

const ruleDescriptions: Record<string, string> = {
  atom: 'an expression',
  unaryExpression: 'an expression',
  primaryExpression: 'an expression',
  multiplicativeExpression: 'an expression',
  additiveExpression: 'an expression',
  valueExpression: 'an expression',
  predicate: 'an expression',
  notExpression: 'an expression',
  andExpression: 'an expression',
  booleanExpression: 'an expression',
  field: 'an expression',
  fields: 'an expression',
  identifierOrParameter: 'a field name',
  qualifiedName: 'a field name',
  identifierPattern: 'a field name or pattern',
  qualifiedNamePattern: 'a field name or pattern',
  identifier: 'a name',
  indexPattern: 'an index pattern',
  sourceOrSubquery: 'an index pattern',
  constant: 'a literal value',
  exprConstant: 'a literal value',
  simpleConstant: 'a literal value',
  arrayElement: 'a number, string or boolean',
  likePattern: 'a string pattern',
  mapEntry: 'a "key": value entry',
  sourceCommand: 'a source command (FROM, ROW, SHOW, TS...)',
};

/** A hint for a keyword found where a name was expected. */
function reservedHint(actual: IToken): string {
  const label = T.tokenLabels.get(actual.tokenType);
  if (label?.kind === 'keyword' && /^[a-z_]+$/i.test(actual.image)) {
    return `; '${actual.image}' is a reserved word here, quote it with backquotes to use it as a name: \`${actual.image}\``;
  }
  return '';
}

function hintFor(actual: IToken, ruleName: string): string {
  if (actual.tokenType === T.ASSIGN && !['field', 'renameClause', 'enrichWithClause', 'dissectOption', 'setCommand', 'uriPartsCommand'].includes(ruleName)) {
    return "; ES|QL compares with '==', not '='";
  }
  const literalWords = ['not', 'null', 'true', 'false'];
  if (
    (['identifierOrParameter', 'qualifiedName', 'identifier', 'identifierPattern'].includes(ruleName) ||
      ruleDescriptions[ruleName] === 'an expression') &&
    !literalWords.includes(actual.image.toLowerCase())
  ) {
    return reservedHint(actual);
  }
  return '';
}

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    return `Expected ${labelOf(expected)} but found ${describeToken(actual)}${hintFor(actual, ruleName)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `Unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const first = actual[0];
    const described = ruleDescriptions[ruleName];
    if (described) return `Expected ${described} but found ${describeToken(first)}${hintFor(first, ruleName)}`;
    const labels = new Set<string>();
    for (const alt of expectedPathsPerAlt) for (const path of alt) if (path[0]) labels.add(labelOf(path[0]));
    const list = [...labels];
    const expected = list.length === 1 ? list[0] : `one of ${list.slice(0, 8).join(', ')}${list.length > 8 ? ', ...' : ''}`;
    return `Expected ${expected} but found ${describeToken(first)}${hintFor(first, ruleName)}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    if (ruleName === 'forkCommand') {
      return `FORK needs at least one branch in parentheses, such as FORK (WHERE a > 1) (WHERE b < 2), but found ${describeToken(actual[0])}`;
    }
    return `Unexpected ${describeToken(actual[0])}`;
  },
};
