import { it } from 'vitest';
import { lex } from '../src/index.js';
import { getParser } from '../src/parser.js';
it('msgs', () => {
  for (const q of ['', 'a:b and ', 'a <', 'a:']) {
    const paths = getParser().computeContentAssist('query', lex(q));
    console.log(JSON.stringify(q), JSON.stringify(paths.map(p => [p.nextTokenType.name, p.ruleStack, p.occurrenceStack, p.nextTokenOccurrence])));
  }
});
