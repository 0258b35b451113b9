import type { Span } from '@esql-lint/core';
import * as esql from '@esql-lint/parser-esql';
import { analyzeEsql, checkEsqlRule } from '../esql/index.js';
import { checkMinStackVersion, STACK_VERSION_CODE } from '../esql/stack-version.js';
import { checkEsqlValues } from '../esql/values.js';
import { DATASET_FIELDS } from '../schema-context.js';
import type { QueryChecks } from './types.js';

/** Index patterns of the query's source commands. */
export function sourcePatterns(ast: esql.Query): string[] {
  const out: string[] = [];
  for (const c of ast.commands) {
    if (c.type === 'FromCommand' || c.type === 'TsCommand') for (const s of c.sources) out.push(s.cluster ? `${s.cluster}:${s.index}` : s.index);
  }
  return out;
}

function datasetValues(ast: esql.Query): Array<{ value: string; span: Span }> {
  const out: Array<{ value: string; span: Span }> = [];
  const isDataset = (e: esql.Node | undefined) => e?.type === 'Column' && DATASET_FIELDS.has(e.name);
  esql.walk(ast, {
    enter(n: esql.Node) {
      if (n.type === 'BinaryExpression' && n.operator === '==') {
        const other = isDataset(n.left) ? n.right : isDataset(n.right) ? n.left : undefined;
        if (other?.type === 'Literal' && other.literalType === 'string') out.push({ value: other.value, span: other.span });
      } else if (n.type === 'InExpression' && !n.negated && isDataset(n.expression)) {
        for (const v of n.list) if (v.type === 'Literal' && v.literalType === 'string') out.push({ value: v.value, span: v.span });
      }
    },
  });
  return out;
}

export const esqlChecks: QueryChecks<esql.Query> = {
  parse: (text, options) => esql.parse(text, { snapshot: options.snapshot ?? false }),
  schemaInput(ast) {
    return { datasets: datasetValues(ast).map((d) => d.value), index: sourcePatterns(ast) };
  },
  datasetSpan(ast, value) {
    return datasetValues(ast).find((d) => d.value === value)?.span;
  },
  check(ast, schema, report, context) {
    const analysis = analyzeEsql(ast, schema, { text: context.text, snapshot: context.options.snapshot ?? false });
    // A command with a syntax error gets that error, not the type errors of its half-parsed tree.
    // A command's region runs to the next command: recovery may leave the offending tokens outside its span.
    const regions = ast.commands.map((c, i) => ({ start: c.span.start, end: ast.commands[i + 1]?.span.start ?? Infinity }));
    const broken = regions.filter((r) => context.syntaxErrors.some((e) => e.start >= r.start && e.start < r.end));
    const inBroken = (d: { span: Span }) => broken.some((r) => d.span.start >= r.start && d.span.start < r.end);
    for (const d of analysis.diagnostics) if (!inBroken(d)) report(d);
    checkEsqlRule({ ast, analysis, schema, document: context.document, options: context.options, report, reportFile: context.reportFile, hasSyntaxErrors: context.hasSyntaxErrors });
    checkEsqlValues(ast, schema, report);
    // A detection-rules review check: on inside a checkout, or when the code is set.
    const setting = context.options.rules?.[STACK_VERSION_CODE];
    if (setting !== 'off' && (setting !== undefined || schema.rulesRepoRoot !== undefined)) checkMinStackVersion(ast, context.document, context.reportFile);
  },
};
