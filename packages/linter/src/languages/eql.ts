import { diagnostic, type Diagnostic, type Span } from '@esql-lint/core';
import * as eql from '@esql-lint/parser-eql';
import { typeFamily, type ResolvedSchema, type TypeFamily } from '@esql-lint/schema';
import { checkAllowedValue } from '../allowed-values.js';
import { checkFieldReferences } from '../fields.js';
import { DATASET_FIELDS, MODULE_FIELDS } from '../schema-context.js';
import type { QueryChecks } from './types.js';

type Node = eql.Node;

type Compared = Array<{ value: string; span: Span }>;

/** String values compared to a field with ==, :, in, like (the values that select datasets). */
function comparedStrings(ast: eql.Query, fields: Set<string>): Compared {
  return comparedByField(ast, [fields])[0];
}

/** `comparedStrings` for several field sets in one walk of the tree (one list per set, in tree order). */
function comparedByField(ast: eql.Query, sets: Array<Set<string>>): Compared[] {
  const outs: Compared[] = sets.map(() => []);
  const isField = (e: eql.Expression | undefined, fields: Set<string>): e is eql.Field => e?.type === 'Field' && fields.has(e.name);
  const strings = (out: Compared, es: (eql.Expression | undefined)[]) => {
    for (const e of es) if (e?.type === 'String') out.push({ value: e.value, span: e.span });
  };
  eql.walk(ast, {
    enter(n: Node) {
      for (let k = 0; k < sets.length; k++) {
        const fields = sets[k];
        const out = outs[k];
        if (n.type === 'Comparison' && n.operator === '==') {
          if (isField(n.left, fields)) strings(out, [n.right]);
          else if (isField(n.right, fields)) strings(out, [n.left]);
        } else if (n.type === 'InExpression' && !n.negated && isField(n.value, fields)) strings(out, n.list);
        else if (n.type === 'MatchExpression' && isField(n.value, fields)) {
          for (const p of n.patterns) if (p.type === 'String' && !p.value.includes('*') && !p.value.includes('?')) out.push({ value: p.value, span: p.span });
        }
      }
    },
  });
  return outs;
}

export const eqlChecks: QueryChecks<eql.Query> = {
  parse: (text) => eql.parse(text),
  schemaInput(ast) {
    const [datasets, modules] = comparedByField(ast, [DATASET_FIELDS, MODULE_FIELDS]);
    return { datasets: datasets.map((v) => v.value), modules: modules.map((v) => v.value) };
  },
  datasetSpan(ast, value) {
    return comparedStrings(ast, DATASET_FIELDS).find((v) => v.value === value)?.span;
  },
  check(ast, schema, report) {
    const refs = eql.fieldReferences(ast);
    checkFieldReferences({ refs, schema, report });
    checkEqlTypes(ast, schema, report);
  },
};

/** Families of the literals of EQL. */
function literalFamily(e: eql.Expression | undefined): TypeFamily | 'null' | undefined {
  switch (e?.type) {
    case 'String':
      return 'string';
    case 'Number':
      return 'number';
    case 'Boolean':
      return 'boolean';
    case 'Null':
      return 'null';
    default:
      return undefined;
  }
}

/** Parameter families of Elasticsearch's EQL functions (string functions take keyword-like fields). */
const FUNCTION_PARAMS: Record<string, { params: Array<TypeFamily | 'any'>; rest?: TypeFamily | 'any' }> = {
  between: { params: ['string', 'string', 'string', 'boolean'] },
  cidrmatch: { params: ['ip'], rest: 'string' },
  concat: { params: [], rest: 'any' },
  endswith: { params: ['string', 'string'] },
  startswith: { params: ['string', 'string'] },
  stringcontains: { params: ['string', 'string'] },
  indexof: { params: ['string', 'string', 'number'] },
  length: { params: ['string'] },
  number: { params: ['string', 'number'] },
  string: { params: ['any'] },
  substring: { params: ['string', 'number', 'number'] },
  add: { params: ['number', 'number'] },
  subtract: { params: ['number', 'number'] },
  multiply: { params: ['number', 'number'] },
  divide: { params: ['number', 'number'] },
  modulo: { params: ['number', 'number'] },
};

const FAMILY_NAMES: Record<string, string> = { string: 'a string', number: 'a number', ip: 'an IP', boolean: 'a boolean', date: 'a date' };

/** An EQL string literal of a value (fixes). One function, not one per value checked (issue 19: allocation per edit). */
const quoteEql = (x: string) => JSON.stringify(x);

/**
 * Types in EQL, as Elasticsearch's verifier sees them: text fields cannot be queried, comparisons need
 * compatible types, functions need arguments of their parameter types.
 */
export function checkEqlTypes(ast: eql.Query, schema: ResolvedSchema, report: (d: Diagnostic) => void): void {
  const familyOf = (f: eql.Field): { family: TypeFamily; type: string } | undefined => {
    const l = schema.lookup(f.name);
    if (l.kind !== 'known' && l.kind !== 'open') return undefined;
    return { family: typeFamily(l.type), type: l.type };
  };
  const compatible = (field: TypeFamily, literal: TypeFamily | 'null'): boolean => {
    if (literal === 'null' || field === 'other' || field === 'object' || field === 'geo') return true;
    if (field === 'string' || field === 'text') return literal === 'string';
    if (field === 'ip' || field === 'date') return literal === 'string';
    return field === literal;
  };
  const compare = (field: eql.Expression | undefined, values: (eql.Expression | undefined)[], op: string) => {
    if (field?.type !== 'Field') return;
    const t = familyOf(field);
    if (!t) return;
    for (const v of values) {
      if (v?.type === 'String' && !v.raw) checkAllowedValue(field.name, v.value, v.span, schema, report, quoteEql);
      const lit = literalFamily(v);
      if (!lit || !v || compatible(t.family, lit)) continue;
      report(diagnostic('type-mismatch', 'error', `"${field.name}" is a ${t.type} field and cannot be compared with ${op} to ${FAMILY_NAMES[lit] ?? lit} value.`, v.span));
    }
  };
  eql.walk(ast, {
    enter(n: Node) {
      switch (n.type) {
        case 'Field': {
          const t = familyOf(n);
          if (t?.family === 'text') {
            report(diagnostic('type-mismatch', 'error', `"${n.name}" is a ${t.type} field: Elasticsearch EQL cannot query text fields; use the keyword field instead.`, n.nameSpan));
          }
          break;
        }
        case 'Comparison':
          compare(n.left, [n.right], n.operator);
          compare(n.right, [n.left], n.operator);
          break;
        case 'InExpression':
          compare(n.value, n.list, 'in');
          break;
        case 'MatchExpression':
          if (n.value.type === 'Field') {
            const t = familyOf(n.value);
            if (t && (t.family === 'number' || t.family === 'boolean')) {
              report(diagnostic('type-mismatch', 'error', `"${n.value.name}" is a ${t.type} field: the ${n.operator} operator needs a string field.`, n.value.nameSpan));
            }
          }
          break;
        case 'FunctionCall': {
          const sig = FUNCTION_PARAMS[n.name.toLowerCase()];
          if (!sig) break;
          n.args.forEach((arg, i) => {
            const want = i < sig.params.length ? sig.params[i] : sig.rest;
            if (!want || want === 'any') return;
            let got: { family: TypeFamily | 'null'; type: string } | undefined;
            if (arg.type === 'Field') got = familyOf(arg);
            else {
              const lit = literalFamily(arg);
              if (lit) got = { family: lit, type: lit };
            }
            if (!got || got.family === 'null' || got.family === 'other' || got.family === 'object') return;
            const ok = want === 'string' ? got.family === 'string' || got.family === 'text' : want === 'ip' ? got.family === 'ip' : got.family === want;
            if (!ok) {
              const what = arg.type === 'Field' ? `"${arg.name}" (${got.type})` : `a ${got.type} value`;
              report(diagnostic('type-mismatch', 'error', `Argument ${i + 1} of ${n.name}() must be ${FAMILY_NAMES[want] ?? want}, not ${what}.`, arg.type === 'Field' ? arg.nameSpan : arg.span));
            }
          });
          break;
        }
      }
    },
  });
}
