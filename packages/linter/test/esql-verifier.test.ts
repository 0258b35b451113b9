/**
 * Case tables of Elasticsearch's ES|QL verifier rules that apply without data: each rule with queries
 * Elasticsearch accepts (no diagnostic) and refuses (the code and the text the diagnostic's range covers).
 */
import { queryTable } from './support.js';

const P = 'from logs-endpoint.events.process-*';
const N = 'from logs-endpoint.events.network-*';

queryTable('COALESCE, GREATEST, LEAST, MV_APPEND and CASE values have one type', [
  [`${P} | eval Esql.x = coalesce(process.name, host.name, "none")`, []],
  [`${P} | eval Esql.x = coalesce(process.pid, process.parent.pid, 0::long)`, []],
  [`${P} | eval Esql.x = coalesce(process.name, process.command_line)`, []],
  [`${P} | eval Esql.x = coalesce(process.pid, process.name)`, ['incompatible-types process.name']],
  [`${P} | eval Esql.x = coalesce(process.pid, 0)`, ['incompatible-types 0']],
  [`${P} | eval Esql.x = coalesce(null, process.pid, process.name)`, ['incompatible-types process.name']],
  [`${P} | eval Esql.x = greatest(process.pid, 1.5)`, ['incompatible-types 1.5']],
  [`${P} | eval Esql.x = least(@timestamp, process.start)`, []],
  [`${P} | eval Esql.x = mv_append(process.args, process.pid)`, ['incompatible-types process.pid']],
  [`${P} | eval Esql.x = case(process.pid > 1, "a", process.pid > 2, "b", "c")`, []],
  [`${P} | eval Esql.x = case(process.pid > 1, "a", 0)`, ['incompatible-types 0']],
  [`${P} | eval Esql.x = case(process.pid > 1, process.pid, null)`, []],
]);

queryTable('temporal amounts are not column values, and subtract in one order', [
  ['row a = 1 hour', ['time-span-value 1 hour']],
  [`${P} | eval Esql.y = 1 day`, ['time-span-value 1 day']],
  [`${P} | eval Esql.y = to_timeduration("1 hour")`, ['time-span-value to_timeduration("1 hour")']],
  [`${P} | eval Esql.y = now() - 1 day, Esql.z = @timestamp + 2 hours`, []],
  [`${P} | where @timestamp > now() - 1 day`, []],
  [`${P} | eval Esql.y = 1 day - now()`, ['incompatible-types 1 day - now()']],
  [`${P} | eval Esql.y = 1 day + now()`, []],
]);

queryTable('constant-only parameters', [
  [`${P} | stats Esql.p = percentile(process.pid, 95)`, []],
  [`${P} | stats Esql.p = percentile(process.pid, 90 + 5)`, []],
  [`${P} | stats Esql.p = percentile(process.pid, process.parent.pid)`, ['non-constant-value process.parent.pid']],
  [`${P} | stats Esql.c = count_distinct(process.name, process.pid)`, ['non-constant-value process.pid']],
  [`${P} | stats Esql.t = top(process.name, process.pid, "asc")`, ['non-constant-value process.pid']],
  [`${P} | eval Esql.d = date_trunc(1 hour, @timestamp)`, []],
  [`${P} | stats Esql.c = count(*) by Esql.b = bucket(@timestamp, 20, process.start, now())`, ['non-constant-value process.start']],
  [`${P} | stats Esql.c = count(*) by Esql.b = bucket(@timestamp, 20, "2024-01-01", now())`, []],
  [`${P} | stats Esql.p = percentile(process.pid, ?level)`, []],
]);

queryTable('whole-number parameters', [
  [`${P} | eval Esql.r = round(process.pid, 2)`, []],
  [`${P} | eval Esql.r = round(process.pid, 3.5)`, ['no-matching-signature 3.5']],
  [`${P} | eval Esql.s = substring(process.name, 1, 2.0)`, ['no-matching-signature 2.0']],
  [`${P} | eval Esql.l = left(process.name, 2)`, []],
]);

queryTable('allowed values, time-span strings and weights', [
  [`${P} | stats Esql.c = count(*) by Esql.b = bucket(@timestamp, "1 hour")`, []],
  [`${P} | stats Esql.c = count(*) by Esql.b = bucket(@timestamp, "1 yar")`, ['invalid-argument "1 yar"']],
  [`${P} | eval Esql.d = date_trunc("1 day", @timestamp)`, []],
  [`${P} | eval Esql.d = date_trunc("invalid", @timestamp)`, ['invalid-argument "invalid"']],
  [`${P} | eval Esql.s = mv_sort(process.args, "desc")`, []],
  [`${P} | eval Esql.s = mv_sort(process.args, "DESC")`, []],
  [`${P} | eval Esql.s = mv_sort(process.args, "down")`, ['invalid-argument "down"']],
  [`${P} | stats Esql.t = top(process.name, 3, "upward")`, ['invalid-argument "upward"']],
  [`${P} | stats Esql.t = top(process.name, 0, "asc")`, ['invalid-argument 0']],
  [`${P} | stats Esql.w = weighted_avg(process.pid, process.parent.pid)`, []],
  [`${P} | stats Esql.w = weighted_avg(process.pid, 0.0)`, ['invalid-argument 0.0']],
  [`${P} | stats Esql.w = weighted_avg(process.pid, null)`, ['invalid-argument null']],
]);

queryTable('strings that Elasticsearch converts to dates and IPs', [
  [`${P} | where @timestamp > "2024-01-31" and @timestamp < "2024-02-01T12:30:00.000Z"`, []],
  [`${P} | where @timestamp > "yesterday"`, ['invalid-argument "yesterday"']],
  [`${N} | where source.ip == "10.0.0.1" or source.ip != "::1"`, []],
  [`${N} | where source.ip == "10.0.0.0/8"`, ['invalid-argument "10.0.0.0/8"']],
  [`${N} | where cidr_match(source.ip, "10.0.0.0/8")`, []],
]);

queryTable('string literals in arithmetic, unsigned_long', [
  ['row a = 1 + "1"', ['incompatible-types 1 + "1"']],
  [`${P} | eval Esql.x = process.pid + "1"`, ['incompatible-types process.pid + "1"']],
  [`${P} | eval Esql.x = process.pid + 1`, []],
  ['row a = to_unsigned_long(1) + 1', ['incompatible-types to_unsigned_long(1) + 1']],
  ['row a = to_unsigned_long(1) + to_unsigned_long(2)', []],
  ['row a = -to_unsigned_long(1)', ['incompatible-types -to_unsigned_long(1)']],
]);

queryTable('SORT keys by type', [
  [`${P} | sort @timestamp desc, process.name`, []],
  [`${N} | sort source.geo.location`, ['unsupported-type source.geo.location']],
  [`${P} metadata _source | sort _source`, ['unsupported-type _source']],
  [`${N} | sort st_x(source.geo.location)`, []],
]);

queryTable('wildcards where Elasticsearch takes names', [
  [`${P} | rename process.name as Esql.pname | keep Esql.pname`, []],
  [`${P} | rename process.* as Esql.p*`, ['invalid-wildcard process.*']],
  [`${P} | enrich hosts* on host.name`, ['invalid-wildcard hosts*']],
  [`${P} | enrich hosts_policy on host.name with Esql.* = owner`, ['invalid-wildcard Esql.*']],
  [`${P} | enrich hosts_policy on host.name with owner`, []],
  [`${P} | drop *`, ['invalid-wildcard *']],
  [`${P} | drop process.*`, []],
  [`${P} | keep *`, []],
]);

queryTable('full-text search in WHERE and STATS only', [
  [`${P} | where process.command_line : "powershell"`, []],
  [`${P} | where match(process.command_line, "powershell")`, []],
  [`${P} | stats Esql.c = count(*) where process.command_line : "powershell"`, []],
  [`${P} | eval Esql.m = process.command_line : "powershell"`, ['misplaced-full-text process.command_line : "powershell"']],
  [`${P} | eval Esql.m = match(process.command_line, "powershell")`, ['misplaced-full-text match']],
  [`${P} | sort qstr("process.name:cmd.exe")`, ['misplaced-full-text qstr']],
]);

queryTable('METADATA fields', [
  [`${P} metadata _id, _version, _index, _score, _ignored, _index_mode, _source | keep _id`, []],
  [`${P} metadata _id, _uid | keep _id`, ['unknown-metadata-field _uid']],
  [`${P} metadata _id, _tsid | keep _id`, []],
]);

queryTable('FORK branches agree on column types', [
  [`${P} | fork (eval Esql.x = 1) (eval Esql.x = 2) | keep _fork, Esql.x`, []],
  [`${P} | fork (eval Esql.x = "a") (eval Esql.x = process.name) | keep Esql.x`, []],
  [`${P} | fork (eval Esql.x = 1) (eval Esql.x = "a") | keep Esql.x`, ['incompatible-types Esql.x']],
]);

queryTable('one error per cause: an unresolved name suppresses the checks that depend on it', [
  [`${P} | stats Esql.c = countzq(*)`, ['unknown-function countzq']],
  [`${P} | stats Esql.c = countzq(process.pid) by host.name`, ['unknown-function countzq']],
  [`${P} | eval Esql.x = coalesce(process.pid, nosuch_fn(process.name))`, ['unknown-function nosuch_fn']],
  [`${P} | stats Esql.p = percentile(process.pid, to_lowr(process.name))`, ['unknown-function to_lowr']],
  [`${P} | eval Esql.x = coalesce(process.pid, process.nmae)`, ['unknown-field process.nmae']],
  [`${P} | sort process.nmae`, ['unknown-field process.nmae']],
]);
