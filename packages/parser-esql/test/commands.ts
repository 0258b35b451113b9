// Queries with the commands that the fast path (src/fast.ts) took over from the reference path: clean,
// snapshot-only and broken forms (fast-path.test.ts, depth.test.ts).

/** The commands the fast path took over from the reference path (issue 19), clean: on the fast path. */
export const NEW_COMMANDS = [
  'FROM a | ENRICH p ON a.b WITH x = y.z, w, `q`.r, n.* | ENRICH _remote:p | ENRICH "q:p" WITH a*',
  'FROM a | LOOKUP JOIN lk ON host.name, b | LOOKUP JOIN lk2 ON a == b AND c > 1 | LOOKUP JOIN "lk" ON x',
  'FROM a | FORK (WHERE a > 1) (WHERE b > 2 | LIMIT 3) (FORK (LIMIT 1) (LIMIT 2) | KEEP a)',
  'FROM a | FORK ' + '(LIMIT 1) '.repeat(8),
  'FROM a | CHANGE_POINT v | CHANGE_POINT v ON k AS t, pv | CHANGE_POINT v AS t, pv | change_point `v`.w on k',
  'FROM a | SAMPLE 0.5 | SAMPLE ?p | SAMPLE .001 | SAMPLE +0.5',
  'FROM a | RERANK "q" ON a, b = c WITH {"inference_id": "x"} | RERANK s = "q" ON a | RERANK ?q ON x',
  'FROM a | FUSE | FUSE linear SCORE BY s KEY BY a, b GROUP BY g WITH {"a": 1} | FUSE KEY BY a SCORE BY s1 SCORE BY s2 WITH {"a": 1} WITH {"b": 2}',
  'FROM a | URI_PARTS u = url | REGISTERED_DOMAIN d = host.name::keyword | USER_AGENT ua = ua_string WITH {"x": true} | IP_LOCATION g = (ip)',
  'FROM a | TS_COLLAPSE | METRICS_INFO | TS_INFO',
  'FROM a | MMR ON v LIMIT 10 | MMR [1, 2] ON v LIMIT 10 WITH {"l": 0.5} | MMR ?q ON v LIMIT ?n | MMR f(x) ON v LIMIT [1]',
  'SHOW INFO',
  'PROMQL rate(x[5m]) | WHERE a',
  'PROMQL',
  'FROM a, (FROM b | WHERE c), d, (TS m | LOOKUP JOIN lk ON a | FORK (LIMIT 1) (LIMIT 2)) METADATA _id',
  'SET a = 1; SET a = {"x": 1, "y": {"z": [1, 2]}}; SET `b` = "s"; FROM a',
];

/** Constructs of Elasticsearch's snapshot builds: the fast path takes them in snapshot mode only. */
export const SNAPSHOT_ONLY = [
  'FROM a | LEFT JOIN lk ON a | RIGHT JOIN lk ON a, b | FULL JOIN lk ON a == b',
  'FROM a | DEDUP',
  'FROM a | LIMIT 10 BY a, b = c',
  'EXPLAIN (FROM a | WHERE b | LOOKUP JOIN lk ON a)',
  'EXPLAIN (EXPLAIN (ROW a = 1))',
  'EXTERNAL "s3://x" WITH {"a": 1} | WHERE a',
  'EXTERNAL ?p',
  'FROM a | WHERE a =~ "b" AND c IN (d =~ "e", f) AND g =~ h + 1',
];

/** Forms of those commands on which the reference path reports a problem (in both modes). */
export const BROKEN_COMMANDS = [
  'FROM a | ENRICH _nope:p ON a',
  'FROM a | ENRICH p ON a WITH',
  'FROM a | ENRICH p WITH a = ',
  'FROM a | LOOKUP JOIN lk::data ON a',
  'FROM a | LOOKUP JOIN lk',
  'FROM a | LOOKUP JOIN lk AS l ON a',
  'FROM a | FORK (WHERE a > 1)',
  'FROM a | FORK ' + '(LIMIT 1) '.repeat(9),
  'FROM a | FORK (WHERE a | | LIMIT 1) (LIMIT 2)',
  'FROM a | FORK (LIMIT 1) (LIMIT -1)',
  'FROM a | FORK',
  'FROM a | CHANGE_POINT v AS t',
  'FROM a | SAMPLE 1',
  'FROM a | SAMPLE -0.5',
  'FROM a | SAMPLE [0.5]',
  'FROM a | RERANK "q"',
  'FROM a | FUSE KEY BY',
  'FROM a | URI_PARTS u = -x',
  'FROM a | USER_AGENT ua',
  'FROM a | MMR ON v',
  'FROM a | MMR ON v LIMIT 1 nope',
  'FROM a | EVAL x = f(a, {"a": 1}, {"b": 2})',
];
