import { describe, expect, it } from 'vitest';
import { corpusQueries } from '../../../test/support/corpus.js';
import { ADVERSARIAL, randomBytes } from '../../../test/support/adversarial.mjs';
import type { Node } from '../src/ast.js';
import { parse } from '../src/index.js';
import { CHILD_KEYS, children, childrenGeneric } from '../src/walk.js';

// children() reads each node type's child keys from a table (CHILD_KEYS); it must give exactly the generic
// reading (every node-valued property, stably sorted by start): the same nodes, in the same order.

/** One query per command and construct the table lists (snapshot-only ones parse with `snapshot`). */
const HANDMADE = [
  'SET a = 1; SET b = "x"; SET m = {"k": [1, 2], "n": {"x": true}}; FROM a',
  'FROM logs-*, "q-*", remote:idx::data METADATA _id, _index',
  'FROM a, (FROM b | WHERE c > 1 | KEEP d) METADATA _index | KEEP e',
  'TS metrics-* | STATS max(rate(x)) BY bucket(@timestamp, 1 minute)',
  'ROW a = 1, b = "x", c = [1, 2], d = 1 hour, e = -1.5e3, f = ?p, g = ?, h = ?1, [true, false]',
  'SHOW INFO',
  'FROM a | WHERE a == 1 AND NOT b OR -c * 2 > d AND e IN (1, f) AND g NOT LIKE ("a*", "b") AND h RLIKE "x" AND i IS NOT NULL',
  'FROM a | WHERE title : "x" AND f::keyword : "y" AND match(x, "q", {"fuzziness": 2}) AND a::long > 1',
  'FROM a | EVAL x = to_lower(b), y = a + 1, z = CASE(a > 1, "p", "q") | EVAL c::integer',
  'FROM a | STATS c = count(*), m = max(b) WHERE b > 1 BY host.name, d = bucket(@timestamp, 1 hour)',
  'FROM a | INLINE STATS c = count(*) BY h | INLINESTATS d = min(e)',
  'FROM a | KEEP a*, `b c`, d | DROP e.*',
  'FROM a | RENAME a AS b, c = d',
  'FROM a | SORT a DESC NULLS LAST, b ASC, c',
  'FROM a | LIMIT 10',
  'FROM a | DISSECT a "%{b} %{c}" APPEND_SEPARATOR = "-"',
  'FROM a | GROK a "%{IP:ip} %{WORD:w}"',
  'FROM a | ENRICH p ON a WITH b = c, d',
  'FROM a | MV_EXPAND a',
  'FROM a | LOOKUP JOIN l ON a, b',
  'FROM a | CHANGE_POINT v ON k AS t, p',
  'FROM a | COMPLETION r = prompt WITH {"inference_id": "x"}',
  'FROM a | RERANK r = "q" ON a, b = c WITH {"inference_id": "x"}',
  'FROM a | SAMPLE 0.5',
  'FROM a | FORK (WHERE a > 1) (WHERE b < 2 | LIMIT 3)',
  'FROM a | FORK (WHERE a) (WHERE b) | FUSE linear SCORE BY s KEY BY k, l GROUP BY g WITH {"normalizer": "none"}',
  'FROM a | URI_PARTS p = u | REGISTERED_DOMAIN d = h | USER_AGENT ua = agent WITH {"x": 1} | IP_LOCATION loc = ip',
  'FROM a | TS_COLLAPSE | DEDUP | MMR [1, 2] ON v LIMIT 3 WITH {"lambda": 0.5}',
  'METRICS_INFO | TS_INFO',
  'EXPLAIN (FROM a | LIMIT 1)',
  'EXTERNAL "s3://x" WITH {"k": 1}',
  'PROMQL rate(x[5m])',
  'FROM a | LEFT JOIN l ON a == b | LIMIT 5 BY c',
  'FROM a | FOO bar | WHERE',
  'FROM a | WHERE (a',
  'FROM a | EVAL = | STATS BY | KEEP',
];

function inputs(): string[] {
  const out = [...HANDMADE];
  for (const { query } of corpusQueries('esql')) {
    out.push(query);
    // prefixes: broken trees of the reference path (error recovery)
    for (let k = 1; k < 4; k++) out.push(query.slice(0, Math.floor((query.length * k) / 4)));
  }
  for (const a of ADVERSARIAL) if (a.language === 'esql') out.push(a.make(1));
  for (let s = 1; s <= 20; s++) out.push('FROM a | ' + randomBytes(200, s));
  return out;
}

function allNodes(root: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    stack.push(...childrenGeneric(n));
  }
  return out;
}

describe('ES|QL walk: children by the table of child keys', () => {
  it('gives the generic reading on every node (same nodes, same order)', () => {
    const mismatches: string[] = [];
    const seen = new Set<string>();
    let nodes = 0;
    for (const text of inputs()) {
      for (const snapshot of HANDMADE.includes(text) ? [false, true] : [false]) {
        for (const n of allNodes(parse(text, { snapshot }).ast)) {
          nodes++;
          seen.add(n.type);
          const a = children(n);
          const b = childrenGeneric(n);
          if (a.length !== b.length || a.some((c, i) => c !== b[i])) mismatches.push(`${JSON.stringify(text.slice(0, 80))}: ${n.type} at ${n.span.start}`);
        }
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(nodes).toBeGreaterThan(1000);
    // the handmade queries reach (nearly) every node type of the table
    const unseen = Object.keys(CHILD_KEYS).filter((t) => !seen.has(t));
    expect(unseen.length).toBeLessThanOrEqual(6);
  });

  it('lists exactly the node-valued keys each node type has', () => {
    // every node-valued key of a parsed node is in its type's list (a missing key would lose children)
    const missing = new Set<string>();
    for (const text of HANDMADE) {
      for (const n of allNodes(parse(text, { snapshot: true }).ast)) {
        const keys = CHILD_KEYS[n.type];
        for (const [k, v] of Object.entries(n)) {
          if (k === 'span') continue;
          const holdsNode = (x: unknown) => typeof x === 'object' && x !== null && typeof (x as Node).type === 'string' && 'span' in x;
          if ((Array.isArray(v) ? v.some(holdsNode) : holdsNode(v)) && !keys.includes(k)) missing.add(`${n.type}.${k}`);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });
});
