import { diagnostic, type Diagnostic } from '@esql-lint/core';
import * as kql from '@esql-lint/parser-kql';
import { typeFamily, type ResolvedSchema } from '@esql-lint/schema';
import { checkAllowedValue } from '../allowed-values.js';
import { checkFieldReferences } from '../fields.js';
import { DATASET_FIELDS, MODULE_FIELDS } from '../schema-context.js';
import type { QueryChecks } from './types.js';

/** The comparisons of a tree, computed once: schema selection and the checks both need them. */
const comparisonsCache = new WeakMap<kql.Query, kql.ValueComparison[]>();
function comparisonsOf(ast: kql.Query): kql.ValueComparison[] {
  let c = comparisonsCache.get(ast);
  if (!c) comparisonsCache.set(ast, (c = kql.valueComparisons(ast)));
  return c;
}

/** KQL: field existence and detection-rules' value/type rules. */
export const kqlChecks: QueryChecks<kql.Query> = {
  parse: (text, _options, positionOf) => kql.parse(text, positionOf ? { positionOf } : {}),
  schemaInput(ast) {
    const comparisons = comparisonsOf(ast);
    const values = (fields: Set<string>) =>
      comparisons.filter((c) => fields.has(c.field.name) && !c.value.exists && !c.value.wildcard).map((c) => c.value.text);
    return { datasets: values(DATASET_FIELDS), modules: values(MODULE_FIELDS) };
  },
  datasetSpan(ast, value) {
    return comparisonsOf(ast).find((c) => DATASET_FIELDS.has(c.field.name) && c.value.text === value)?.value.span;
  },
  check(ast, schema, report) {
    checkFieldReferences({ refs: kql.fieldReferences(ast), schema, report });
    for (const c of comparisonsOf(ast)) {
      const d = checkKqlValue(c, schema);
      if (d) report(d);
      else if (!c.value.exists && !c.value.wildcard && c.operator === ':') {
        checkAllowedValue(c.field.name, c.value.text, c.value.span, schema, report, (v) => (c.value.quoted ? JSON.stringify(v) : v));
      }
    }
  },
};

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function isIp(value: string): boolean {
  const [addr, bits, ...rest] = value.split('/');
  if (rest.length) return false;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return false;
  if (IPV4.test(addr)) return bits === undefined || Number(bits) <= 32;
  // IPv6: detection-rules accepts any value containing "::"; otherwise eight hex groups.
  if (addr.includes('::')) return /^[0-9a-fA-F:.]+$/.test(addr);
  return /^([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}$/.test(addr);
}

function fieldType(schema: ResolvedSchema, name: string): string | undefined {
  const l = schema.lookup(name);
  return l.kind === 'known' || l.kind === 'open' ? l.type : undefined;
}

/**
 * The verdicts of detection-rules' KQL validator: an unquoted wildcard needs a keyword or wildcard
 * field; numeric fields need numbers, ip fields IPs or CIDR blocks, booleans true/false, dates strings.
 */
export function checkKqlValue(c: kql.ValueComparison, schema: ResolvedSchema): Diagnostic | undefined {
  if (c.value.exists || c.field.wildcard) return undefined;
  const type = fieldType(schema, c.field.name);
  if (!type) return undefined;
  const family = typeFamily(type);
  const v = c.value;
  const shown = v.quoted ? JSON.stringify(v.text) : v.text;
  if (v.wildcard && c.operator === ':') {
    if (type === 'keyword' || type === 'wildcard' || family === 'object') return undefined;
    return diagnostic('type-mismatch', 'error', `A wildcard cannot be used on "${c.field.name}", a ${type} field: wildcards need a keyword or wildcard field.`, v.span);
  }
  const numeric = !v.quoted && v.text.trim() !== '' && Number.isFinite(Number(v.text));
  switch (family) {
    case 'number':
      if (Number.isFinite(Number(v.text)) && v.text.trim() !== '') return undefined;
      return diagnostic('type-mismatch', 'error', `"${c.field.name}" is a ${type} field: ${shown} is not a number.`, v.span);
    case 'ip':
      if (!numeric && isIp(v.text)) return undefined;
      return diagnostic('type-mismatch', 'error', `"${c.field.name}" is an ip field: ${shown} is not an IP address or CIDR block.`, v.span);
    case 'boolean':
      if (!v.quoted && (v.text === 'true' || v.text === 'false')) return undefined;
      return diagnostic('type-mismatch', 'error', `"${c.field.name}" is a boolean field: use true or false (unquoted), not ${shown}.`, v.span);
    case 'date':
      if (!numeric) return undefined;
      return diagnostic('type-mismatch', 'error', `"${c.field.name}" is a date field: compare it with a quoted date or date math such as "now-1d", not ${shown}.`, v.span);
    default:
      return undefined;
  }
}
