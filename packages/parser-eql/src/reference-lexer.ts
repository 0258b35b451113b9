/** Chevrotain's Lexer over lexer.ts's definitions: the specification of scan.ts (test/lexer-equivalence.test.ts). */
import { Lexer } from './chevrotain.js';
import { allTokens } from './lexer.js';

/** `validate`: Chevrotain's checks of the token definitions; the lexer in use skips them (start-up time), tests run them. */
export function createLexer(validate = false): Lexer {
  return new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: !validate });
}

