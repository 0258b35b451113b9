/**
 * Verdicts checked against Elastic's own sources. Each table names its source:
 * - Elasticsearch's ES|QL verifier (x-pack/plugin/esql: Aggregate.java's checks of STATS, Verifier's
 *   binary comparisons) and VerifierTests (testAggsExpressionsInStatsAggs, testGroupingInsideAggsAsGrouping,
 *   testAggFilterOnNonAggregates, testAggFilterOnBucketingOrAggFunctions, testImplicitCastingErrorMessages);
 * - Elastic's "ES|QL implicit casting" reference page;
 * - detection-rules' rule.py (ESQLRuleData.validates_esql_data) and Kibana's ES|QL rule form validator.
 * Cases are [query or rule file, expected `code covered-text` list]; an empty list means valid.
 */
import { describe, expect, it } from 'vitest';
import { codesAndText, rule } from './support.js';

const P = 'from logs-endpoint.events.process-*';
const META = `${P} metadata _id, _version, _index`;

function table(name: string, cases: Array<[string, string[]]>, file = 'q.esql') {
  describe(name, () => {
    it.each(cases)('%s', (text, expected) => {
      expect(codesAndText(text, file).map(([code, covered]) => `${code} ${covered}`)).toEqual(expected);
    });
  });
}

table('STATS aggregates (Elasticsearch Aggregate verification)', [
  // Expressions over BY groups need no aggregate function.
  [`${P} | stats Esql.x = length(host.name) + 1 by host.name`, []],
  [`${P} | stats Esql.c = count(*) + length(host.name) by host.name`, []],
  [`${P} | stats Esql.c = count(*) by Esql.g = process.pid % 3 | keep Esql.c, Esql.g`, []],
  // A BY group alone is refused ("grouping key [x] already specified in the STATS BY clause").
  [`${P} | stats host.name by host.name`, ['aggregate-misuse host.name']],
  [`${P} | stats Esql.x = host.name by host.name`, ['aggregate-misuse host.name']],
  [`${P} | stats Esql.e by Esql.e = process.pid + 1`, ['aggregate-misuse Esql.e']],
  // ...but an aggregate may use a BY group's name inside an expression.
  [`${P} | stats Esql.x = count(*) + Esql.g by Esql.g = process.pid % 3`, []],
  // A column of a BY expression, outside an aggregate function.
  [`${P} | stats Esql.x = max(process.pid) + process.pid by Esql.g = process.pid % 3`, ['aggregate-misuse process.pid']],
  [`${P} | stats Esql.x = avg(process.pid), host.name by user.name`, ['aggregate-misuse host.name']],
  // A constant is not an aggregate ("expected an aggregate function but found [5]").
  [`${P} | stats 5 by host.name`, ['aggregate-misuse 5']],
  [`${P} | stats Esql.x = 1 + 2`, ['aggregate-misuse 1 + 2']],
  [`${P} | stats Esql.x = count(*) + 1`, []],
  // Grouping functions: only repeated inside an expression, never alone.
  [`${P} | stats bucket(@timestamp, 1 hour) by bucket(@timestamp, 1 hour)`, ['aggregate-misuse bucket(@timestamp, 1 hour)']],
  [`${P} | stats Esql.z = bucket(@timestamp, 1 hour) by Esql.t = bucket(@timestamp, 1 hour)`, ['aggregate-misuse bucket(@timestamp, 1 hour)']],
  [`${P} | stats Esql.c = count(*) by bucket(@timestamp, 1 day) | keep \`bucket(@timestamp, 1 day)\`, Esql.c`, []],
  [`${P} | stats Esql.c = count(*) by Esql.b = bucket(bucket(@timestamp, 1 hour), 1 day)`, ['aggregate-misuse bucket']],
  [`${P} | stats max(process.pid) by max(process.pid)`, ['aggregate-misuse max']],
]);

table('the WHERE of a STATS aggregate (Elasticsearch Aggregate verification)', [
  [`${P} | stats Esql.c = count(*) where process.name == "a" by host.name`, []],
  [`${P} | stats Esql.m = max(process.pid) where bucket(@timestamp, 1 hour) > now() by bucket(@timestamp, 1 hour)`, []],
  [`${P} | stats Esql.m = max(process.pid) where bucket(@timestamp, 2 hours) > now() by bucket(@timestamp, 1 hour)`, ['aggregate-misuse bucket']],
  [`${P} | stats Esql.x = process.pid + 1 where process.pid > 1 by process.pid`, ['aggregate-misuse process.pid > 1']],
  [`${P} | stats Esql.m = max(process.pid) where max(process.pid) > 1 by host.name`, ['aggregate-misuse max']],
  [`${P} | stats Esql.c = count(*) where process.name by host.name`, ['incompatible-types process.name']],
]);

table('comparisons (Elasticsearch binary comparison rules)', [
  [`${P} | where process.name == process.command_line`, []],
  [`${P} | where process.pid > 1.5 and process.pid < 9223372036854775807`, []],
  [`${P} | where host.ip > "10.0.0.1" and host.ip != "10.0.0.2"`, []],
  [`${P} | where @timestamp >= "2024-01-01T00:00:00Z"`, []],
  [`${P} | where host.ip == process.name`, ['incompatible-types host.ip == process.name']],
  [`${P} | where process.pid + 1 > "2"`, ['incompatible-types process.pid + 1 > "2"']],
  [`${P} | eval Esql.b = true | where Esql.b == "true" and Esql.b != false`, []],
  // Booleans only compare for equality.
  [`${P} | eval Esql.b = true | where Esql.b < false`, ['incompatible-types Esql.b < false']],
]);

table('implicit casting of string literals (Elastic docs, VerifierTests)', [
  // Function arguments take a number written as a string; a string that is no number is refused.
  [`${P} | eval Esql.r = round(process.pid, "2")`, []],
  [`${P} | eval Esql.r = round(process.pid, "c")`, ['no-matching-signature "c"']],
  // Time spans: in function arguments, not with operators.
  [`${P} | eval Esql.t = date_trunc("1 hour", @timestamp)`, []],
  [`${P} | eval Esql.t = @timestamp + "1 day"`, ['incompatible-types @timestamp + "1 day"']],
  [`${P} | eval Esql.t = "2024-01-01T00:00:00Z" + 1 day`, []],
  [`${P} | where host.ip in ("1.2.3.4", "10.0.0.1")`, []],
  [`${P} | where process.pid in ("1", 2)`, ['incompatible-types "1"']],
]);

const naming = (query: string) => rule('esql', query);

table('detection-rules and Kibana checks of ES|QL rules', [
  // detection-rules exempts `stats ... by`; Kibana exempts any STATS command.
  [naming(`${P}\n| stats Esql.c = count(*) by host.name\n| keep host.name, Esql.c`), []],
  [naming(`${P}\n| stats Esql.c = count(*)\n| keep Esql.c`), [`esql-missing-metadata ${P}`]],
  [naming(`${META}\n| stats Esql.c = count(*)\n| keep Esql.c`), []],
  // INLINE STATS does not make a query aggregating for Kibana.
  [naming(`${P}\n| inline stats Esql.c = count(*) by host.name\n| keep host.name, Esql.c`), [`esql-missing-metadata ${P}`]],
  [naming(`${P} metadata _id\n| inline stats Esql.c = count(*) by host.name\n| keep _id, host.name, Esql.c`), []],
  // detection-rules wants the three fields first, each comma right after a name.
  [naming(`${P} metadata _id, _index, _score, _version\n| keep _id, _version, _index`), [`esql-missing-metadata ${P} metadata _id, _index, _score, _version`]],
  [naming(`${P} metadata _index,_version,_id,_score\n| keep _id, _version, _index`), []],
  [naming(`${P} metadata _id, _version\n| keep _id, _version`), [`esql-missing-metadata ${P} metadata _id, _version`]],
  // Only _id must be returned (Kibana); _version and _index may be dropped.
  [naming(`${META}\n| keep _id, process.name`), []],
  [naming(`${META}\n| keep _version, _index, process.name`), ['esql-missing-metadata keep _version, _index, process.name']],
  [naming(`${META}\n| keep _id, _version, process.name\n| drop _id`), ['esql-missing-metadata drop _id']],
  // detection-rules finds KEEP as `| keep` in the text: a KEEP in a FORK branch does not count.
  [naming(`${META}\n| fork (keep _id, _version, _index) (keep _id)`), [`esql-missing-keep ${META}`]],
  [naming(`${META}\n| fork (where true | keep _id, _version, _index) (where false | keep _id)`), []],
], 'rule.toml');
