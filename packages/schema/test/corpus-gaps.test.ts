/**
 * Gap finder, not an assertion: extracts dotted field-looking tokens from the KQL / EQL corpus queries with a
 * crude regex and reports how many are 'unknown' to the resolved schema. Runs only with SCHEMA_GAPS=1.
 *   SCHEMA_GAPS=1 npx vitest run packages/schema/test/corpus-gaps.test.ts
 */
import { describe, it } from 'vitest';
import { corpusQueries, HAS_CORPUS } from '../../../test/support/corpus.js';
import { createSchemaProvider } from '../src/index.js';
import { ruleInput } from './support.js';

const RUN = HAS_CORPUS && process.env.SCHEMA_GAPS === '1';

describe.skipIf(!RUN)('corpus field gaps (report only)', () => {
  it('reports unknown dotted tokens', () => {
    const provider = createSchemaProvider(process.env.SCHEMA_GAPS_NO_REPO ? { rulesRepoRoot: false } : {});
    const counts = { known: 0, open: 0, unavailable: 0, incomplete: 0, unknown: 0 };
    const unknown = new Map<string, Set<string>>();
    const incomplete = new Map<string, number>();
    for (const lang of ['kuery', 'eql'] as const) {
      for (const q of corpusQueries(lang)) {
        if (q.deprecated) continue;
        const schema = provider.resolve(ruleInput(q));
        const text = q.query.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/'(?:[^'\\]|\\.)*'/g, "''")
          .replace(/:\s*\([^)]*\)/g, ':')
          .replace(/:\s*[^\s()]+/g, ':');
        const tokens = new Set(text.match(/(?<![\w.@"*\\-])@?[A-Za-z_][\w@-]*(?:\.[A-Za-z_0-9@][\w@-]*)+(?![\w(*])/g) ?? []);
        for (const t of tokens) {
          const r = schema.lookup(t);
          counts[r.kind]++;
          if (r.kind === 'unknown') {
            const s = unknown.get(t) ?? new Set();
            s.add(q.file.replace(/.*detection-rules\//, ''));
            unknown.set(t, s);
          }
          if (r.kind === 'incomplete') incomplete.set(`${r.package}: ${t}`, (incomplete.get(`${r.package}: ${t}`) ?? 0) + 1);
        }
      }
    }
    console.log(JSON.stringify(counts));
    for (const [t, files] of [...unknown].sort((a, b) => b[1].size - a[1].size)) console.log(`unknown ${t} x${files.size} e.g. ${[...files][0]}`);
    for (const [t, n] of incomplete) console.log(`incomplete ${t} x${n}`);
  });
});
