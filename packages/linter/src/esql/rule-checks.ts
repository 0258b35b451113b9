import { diagnostic, type Diagnostic, type Span } from '@esql-lint/core';
import type * as esql from '@esql-lint/parser-esql';
import { stringList, type RuleDocument } from '@esql-lint/rule-document';
import type { ResolvedSchema } from '@esql-lint/schema';
import { fieldLookupDiagnostic } from '../fields.js';
import { innerSpan, investigationFieldDiagnostic, metadataFields } from '../metadata-fields.js';
import type { LintOptions } from '../linter.js';
import { hasEsqlPrefix, type EsqlAnalysis } from './analyze.js';
import { esqlTypeOfField, family } from './types.js';

export interface RuleCheckInput {
  ast: esql.Query;
  analysis: EsqlAnalysis;
  schema: ResolvedSchema;
  document: RuleDocument;
  options: LintOptions;
  /** Query offsets. */
  report(d: Diagnostic): void;
  /** File offsets. */
  reportFile(d: Diagnostic): void;
  hasSyntaxErrors: boolean;
}

const REQUIRED_METADATA = ['_id', '_version', '_index'];
/** Metadata settings that name columns of the query's output. */
const COLUMN_SETTINGS = new Set(['investigation_fields', 'required_fields', 'new_terms']);

/** Whether the detection-rules-only checks apply: a `[rule]` of type esql. */
export function isEsqlRule(document: RuleDocument): boolean {
  return document.kind === 'rule' && (document.rule.type === 'esql' || document.rule.language === 'esql');
}

/**
 * What detection-rules and Kibana enforce on ES|QL rules, on the AST: METADATA and KEEP of `_id`,
 * `_version`, `_index` for non-aggregating queries, a KEEP, the `Esql.` naming convention of created
 * columns, the columns named in the rule's metadata, and the ignored `index` field.
 */
export function checkEsqlRule(input: RuleCheckInput): void {
  const { document, ast } = input;
  if (!isEsqlRule(document)) return;
  const source = ast.commands[0];
  if (!source) return;
  const sourceSpan = firstLine(source.span, input);
  checkIndexField(input);
  if (input.hasSyntaxErrors) return;

  const text = queryText(input);
  if (!DR_KEEP.test(text)) {
    input.report(diagnostic('esql-missing-keep', 'error', 'An ES|QL rule needs a KEEP command listing the columns its alerts carry (detection-rules refuses rules without one).', sourceSpan));
  }

  const { analysis } = input;
  const why = missingMetadataReason(input, text);
  if (why) {
    const fix = (source.type === 'FromCommand' || source.type === 'TsCommand') && REQUIRED_METADATA.some((m) => !analysis.metadata.has(m))
      ? [{ title: 'Add METADATA _id, _version, _index', edits: [metadataEdit(source, input)], safe: true }]
      : [];
    input.report(diagnostic('esql-missing-metadata', 'error', why, sourceSpan, fix));
  } else if (!kibanaAggregating(ast) && analysis.metadata.has('_id') && !analysis.uncertain && !analysis.hasColumn('_id')) {
    // Kibana's rule form: a query without STATS must return _id (it builds the alert ids from it).
    const lastKeep = [...ast.commands].reverse().find((c) => c.type === 'KeepCommand' || c.type === 'DropCommand');
    if (lastKeep) {
      input.report(diagnostic('esql-missing-metadata', 'error', 'A rule query without STATS must return _id (Kibana builds the alerts from it): keep it (KEEP _id, _version, _index, ...).', firstLine(lastKeep.span, input)));
    }
  }

  if (!analysis.uncertain) {
    checkNaming(input);
    checkMetadataColumns(input);
  }
}

/** detection-rules (rule.py): a query text with `stats ... by` is aggregating and needs no METADATA. */
const DR_AGGREGATING = /\bstats\b.*?\bby\b/s;
/** detection-rules (rule.py): the METADATA clause it looks for: `_id`, `_version`, `_index` first, in any order, comma-separated. */
const DR_METADATA = /from\s+(?:\S+\s*,\s*)*\S+\s+metadata\s+(?:_id|_version|_index)(?:,\s*(?:_id|_version|_index)){2}/;
/** detection-rules (rule.py): a KEEP command, found in the text as `| keep`. */
const DR_KEEP = /\|\s*keep\b/i;

/** Kibana's rule form: aggregating means a STATS command (INLINE STATS does not count). */
function kibanaAggregating(ast: esql.Query): boolean {
  return ast.commands.some((c) => c.type === 'StatsCommand');
}

/**
 * Why the query lacks the METADATA that detection-rules and Kibana demand of a non-aggregating rule,
 * or undefined. detection-rules exempts queries with `stats ... by` and otherwise wants
 * `metadata _id, _version, _index` (its rule.py); Kibana exempts queries with a STATS command and
 * otherwise wants `metadata` with `_id` before the first pipe (its rule form).
 */
function missingMetadataReason(input: RuleCheckInput, text: string): string | undefined {
  const lower = text.toLowerCase();
  const missing = REQUIRED_METADATA.filter((m) => !input.analysis.metadata.has(m));
  const drFails = !DR_AGGREGATING.test(lower) && !DR_METADATA.test(lower);
  const kibanaFails = !kibanaAggregating(input.ast) && !/metadata[\s\S]*_id/i.test(text.split('|')[0]);
  if (!drFails && !kibanaFails) return undefined;
  if (kibanaFails && !drFails) {
    return 'A rule query without a STATS command needs METADATA _id in FROM: Kibana counts only STATS (not INLINE STATS) as aggregating, and builds the alerts of other queries from _id.';
  }
  const exempt = kibanaFails ? 'without STATS ... BY' : 'whose STATS has no BY';
  if (missing.length) {
    return `A rule query ${exempt} needs METADATA _id, _version, _index in FROM (missing: ${missing.join(', ')}): Kibana uses them to build and deduplicate alerts, and detection-rules refuses the rule otherwise.`;
  }
  return `detection-rules looks for "METADATA _id, _version, _index" (the three first, in any order, each comma right after a name) in a rule query ${exempt}: write the METADATA clause that way.`;
}

function queryText(input: RuleCheckInput): string {
  return input.document.queries.find((q) => q.language === 'esql')?.text ?? '';
}

/** The span of a command cut at its first line (a multi-line KEEP would cover the whole query). */
function firstLine(span: Span, input: RuleCheckInput): Span {
  const text = queryText(input);
  const nl = text.slice(span.start, span.end).search(/\r?\n/);
  return nl < 0 ? span : { start: span.start, end: span.start + nl };
}

function metadataEdit(source: esql.FromCommand | esql.TsCommand, input: RuleCheckInput): { span: Span; newText: string } {
  if (source.metadata.length) {
    const last = source.metadata[source.metadata.length - 1];
    const missing = REQUIRED_METADATA.filter((m) => !input.analysis.metadata.has(m));
    return { span: { start: last.span.end, end: last.span.end }, newText: ', ' + missing.join(', ') };
  }
  const lastSource = source.sources[source.sources.length - 1];
  const at = lastSource?.span.end ?? source.span.end;
  // The keyword follows the case of the source command (`from` -> `metadata`).
  const lower = /^[a-z]/.test(queryText(input).slice(source.span.start, source.span.start + 1));
  return { span: { start: at, end: at }, newText: ` ${lower ? 'metadata' : 'METADATA'} _id, _version, _index` };
}

function namingEnabled(input: RuleCheckInput): boolean {
  const setting = input.options.rules?.['esql-column-naming'];
  if (setting === 'off') return false;
  return setting !== undefined || input.schema.rulesRepoRoot !== undefined;
}

/**
 * detection-rules' convention: an output column that is not an index field is named `Esql.*` or
 * `Esql_priv.*`; one that reuses an index field's name keeps that field's type.
 */
function checkNaming(input: RuleCheckInput): void {
  if (!namingEnabled(input)) return;
  const { analysis, schema } = input;
  for (const col of analysis.columns.values()) {
    // Columns that only pass a `KEEP *` were not chosen by name: production rules do this freely.
    if (col.origin !== 'created' || !col.span || col.keptByPattern || hasEsqlPrefix(col.name)) continue;
    const lookup = schema.lookup(col.name);
    if (lookup.kind === 'unknown') {
      input.report(diagnostic('esql-column-naming', 'warning', `Column "${col.name}" is created by the query: detection-rules expects created columns to be named Esql.* (or Esql_priv.* for personal data), e.g. "Esql.${col.name.replace(/\./g, '_')}".`, col.span, [
        { title: `Rename to Esql.${col.name.replace(/\./g, '_')}`, edits: [{ span: col.span, newText: `Esql.${col.name.replace(/\./g, '_')}` }] },
      ]));
    } else if (lookup.kind === 'known') {
      const fieldType = esqlTypeOfField(lookup.type);
      if (fieldType !== 'unknown' && col.type !== 'unknown' && family(fieldType) !== family(col.type)) {
        input.report(diagnostic('esql-column-naming', 'warning', `Column "${col.name}" reuses the name of a ${lookup.type} index field but holds ${col.type} values: name it Esql.* or keep the field's type (detection-rules checks output columns against the index mappings).`, col.span));
      }
    }
  }
}

/**
 * The fields the rule's metadata names (investigation_fields, required_fields, new_terms...) are
 * columns the query returns (or, for a query without STATS, fields of its source documents).
 */
function checkMetadataColumns(input: RuleCheckInput): void {
  const { analysis, schema, document } = input;
  for (const field of metadataFields(document)) {
    const span = innerSpan(document, field.span);
    const lookup = schema.lookup(field.name);
    const investigation = field.setting === 'investigation_fields';
    if (!COLUMN_SETTINGS.has(field.setting)) {
      // timestamp_override and the like name fields of the source indices.
      const d = fieldLookupDiagnostic(schema, field.name, lookup, span, { context: `in ${field.setting}` });
      if (d) input.reportFile(d);
      continue;
    }
    if (analysis.hasColumn(field.name)) {
      const col = analysis.columns.get(field.name);
      if (field.setting === 'required_fields' && col?.origin === 'created' && lookup.kind === 'unknown') {
        input.reportFile(diagnostic('unknown-field', 'error', `required_fields lists "${field.name}", a column the query creates: required fields are index fields the rule needs.`, span));
        continue;
      }
      const actual = analysis.columnType(field.name);
      const declared = field.declaredType && esqlTypeOfField(field.declaredType.type);
      if (declared && actual && actual !== 'unknown' && declared !== 'unknown' && family(actual) !== family(declared)) {
        input.reportFile(diagnostic('type-mismatch', 'error', `required_fields declares "${field.name}" as ${field.declaredType!.type}, but the query returns it as ${actual}.`, field.declaredType!.span));
      }
      continue;
    }
    if (investigation) {
      // Kibana accepts any name and shows what the alert has: only a name that exists nowhere is worth a warning.
      if (lookup.kind !== 'unknown' || field.name.includes('*')) continue;
      const d = investigationFieldDiagnostic(schema, field.name, lookup.kind, span);
      if (d) input.reportFile(analysis.createdAnywhere(field.name) ? { ...d, message: `investigation_fields names "${field.name}", which the query creates but does not return: Kibana will show nothing for it.`, fixes: [] } : d);
      continue;
    }
    // Alerts of a query without STATS carry their source documents' fields.
    if (!analysis.aggregating && lookup.kind !== 'unknown') {
      const d = fieldLookupDiagnostic(schema, field.name, lookup, span, { context: `in ${field.setting}` });
      if (d) input.reportFile(d);
      continue;
    }
    if (lookup.kind === 'unknown' && !hasEsqlPrefix(field.name) && !analysis.createdAnywhere(field.name)) {
      const d = fieldLookupDiagnostic(schema, field.name, lookup, span, { context: `in ${field.setting}` });
      if (d) input.reportFile(d);
      continue;
    }
    const after = analysis.aggregating ? ' (after STATS, only its aggregates and BY groups are)' : '';
    input.reportFile(diagnostic('unknown-column', 'error', `${field.setting} names "${field.name}", which is not a column the query returns${after}.`, span));
  }
}

/** ES|QL rules take their indices from FROM: Kibana ignores `index`, detection-rules refuses it. */
function checkIndexField(input: RuleCheckInput): void {
  const { document, ast } = input;
  const index = stringList(document.rule.index);
  if (index.length === 0) return;
  const from = new Set<string>();
  for (const c of ast.commands) {
    if (c.type === 'FromCommand' || c.type === 'TsCommand') for (const s of c.sources) from.add(s.cluster ? `${s.cluster}:${s.index}` : s.index);
  }
  let reported = false;
  index.forEach((pattern, i) => {
    if (from.has(pattern)) return;
    const span = document.valueSpan(['rule', 'index', i]);
    if (!span) return;
    reported = true;
    input.reportFile(diagnostic('esql-index-mismatch', 'error', `Index pattern "${pattern}" is not in the query's FROM (${[...from].join(', ') || 'none'}): ES|QL rules read the indices of FROM and ignore \`index\` (detection-rules refuses the field).`, span));
  });
  if (!reported) {
    const span = document.valueSpan(['rule', 'index']);
    if (span) input.reportFile(diagnostic('esql-index-mismatch', 'error', 'ES|QL rules ignore `index` (they read the indices of FROM) and detection-rules refuses the field: remove it.', span));
  }
}
