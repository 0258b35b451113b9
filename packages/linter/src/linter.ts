import { capDiagnostics, LineIndex, MAX_DIAGNOSTICS_PER_CODE, type Diagnostic, type Fix, type ParseResult, type Span, type TextEdit } from '@esql-lint/core';
import { encodeForLiteral, isLintableFile, parseRuleDocument, type EmbeddedQuery, type RuleDocument } from '@esql-lint/rule-document';
import { ruleMeta, type RuleSetting } from './rules.js';
import type { SchemaFile } from './config.js';
import { locate, type FileDiagnostic, type FileResult, type RuleRef } from './result.js';
import { languageSupport, type QueryChecks } from './languages.js';
import { applySuppressions, findSuppressions } from './suppressions.js';
import { checkRuleMetadata } from './metadata.js';
import { checkAttackMapping, checkMetadataTable, checkRiskScore, checkRuleTable } from './rule-table.js';
import { checkMetadataFields, checkThreatMappingValues } from './metadata-fields.js';
import { checkRuleReview } from './rule-review/index.js';
import { checkSchedule } from './schedule.js';
import { reportUnavailable, resolveSchema, schemaProvider, type QuerySchemaInput } from './schema-context.js';
import type { SchemaExplanation, SchemaProvider } from '@esql-lint/schema';

export interface LintOptions {
  /** Severity per diagnostic code; 'off' drops the code. */
  rules?: Record<string, RuleSetting>;
  /** Accept what Elasticsearch enables only in snapshot builds (ES|QL). */
  snapshot?: boolean;
  /** Custom schema files (JSON or fields.yml). */
  schemas?: SchemaFile[];
  /** Honour `esql-lint-disable` comments (default true; `--no-inline-config` turns them off). */
  inlineConfig?: boolean;
}

/** What a document-level check sees. Spans it reports are in file offsets. */
export interface DocumentContext {
  document: RuleDocument;
  options: LintOptions;
  report(d: Diagnostic): void;
}

/**
 * Parses made already for queries of the document being linted (the language service's, of the same
 * version): `lintDocument` uses them instead of parsing again. Undefined for a query not parsed yet.
 */
export type ParsedQueries = (document: RuleDocument, query: EmbeddedQuery) => ParsedQuery | undefined;

/** A parse handed to the linter, with what its schema is resolved from (one walk of the tree, shared). */
export interface ParsedQuery {
  result: ParseResult<unknown>;
  /** `support.schemaInput(result.ast)`, made once for this parse (the language service needs it too). */
  schemaInput?: () => QuerySchemaInput;
}

/** Rule types that need no query, or whose language we do not check. */
const UNCHECKED_LANGUAGES = new Set(['lucene']);

/**
 * Lints rule documents. Holds what is worth keeping across files (schemas); create one per run and
 * reuse it.
 */
export class Linter {
  private provider: SchemaProvider | undefined;
  /** The detection-rules checkout (or rules directory) of each directory linted, as the schema provider finds it. */
  private readonly repoRoots = new Map<string, string | undefined>();

  constructor(readonly options: LintOptions = {}) {}

  /** The schema provider, created on first use and shared with other linters of the same schemas. */
  get schemas(): SchemaProvider {
    return (this.provider ??= schemaProvider(this.options.schemas));
  }

  /** Checks detection-rules makes in its own tests are on inside a checkout (or rules directory), or when set. */
  private inRulesRepo(document: RuleDocument, code: string): boolean {
    const setting = this.options.rules?.[code];
    if (setting === 'off') return false;
    return setting !== undefined || this.rulesRepoRoot(document) !== undefined;
  }

  /**
   * The root of the checkout (or rules directory) `document` lies in, if any. It depends only on the
   * file's directory (the provider keeps what it found per directory), so it is asked once per directory.
   */
  private rulesRepoRoot(document: RuleDocument): string | undefined {
    // The directory part of the path (no Node API here: the linter builds for browsers too).
    const cut = Math.max(document.path.lastIndexOf('/'), document.path.lastIndexOf('\\'));
    const dir = cut < document.path.length - 1 ? document.path.slice(0, cut + 1) : undefined;
    if (dir !== undefined && this.repoRoots.has(dir)) return this.repoRoots.get(dir);
    const root = this.schemas.resolve({ language: 'kuery', filePath: document.path }).rulesRepoRoot;
    if (dir !== undefined) this.repoRoots.set(dir, root);
    return root;
  }

  lintText(text: string, path: string): FileResult {
    // A README or a YAML file named on the command line is not read as TOML (its first line would be
    // a syntax error): it is said to be what it is.
    if (!isLintableFile(path)) return this.notARuleFile(path);
    return this.lintDocument(parseRuleDocument(text, path));
  }

  private notARuleFile(path: string): FileResult {
    const result: FileResult = { path, diagnostics: [], skipped: true, skipReason: 'not a rule file' };
    const setting = this.options.rules?.['not-a-rule-file'];
    if (setting === 'off') return result;
    const span = { start: 0, end: 0 };
    result.diagnostics.push({
      code: 'not-a-rule-file',
      severity: setting ?? 'warning',
      message: 'Not a rule file: esql-lint reads .toml rule files and .esql, .eql, .kql query files',
      span,
      range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
    });
    return result;
  }

  /** Lints a parsed document; `parsed` hands over parses of its queries made already (see ParsedQueries). */
  lintDocument(document: RuleDocument, parsed?: ParsedQueries): FileResult {
    if (document.kind === 'rules') return this.lintRules(document, parsed);
    const raw: Diagnostic[] = [...document.diagnostics];
    const language = typeof document.rule.language === 'string' ? document.rule.language : document.queries[0]?.language;
    const result: FileResult = { path: document.path, diagnostics: [], skipped: false };
    if (language) result.language = language;
    if (document.diagnostics.length) {
      result.diagnostics = this.finish(document, raw);
      return result;
    }

    // detection-rules keeps deprecated rules for the record and validates none of their queries (they
    // often target fields of stacks long gone): they are skipped, after the TOML check.
    if (document.kind === 'rule' && document.metadata.maturity === 'deprecated') {
      result.skipped = true;
      result.skipReason = 'deprecated rule (maturity = "deprecated"): not validated, as in detection-rules';
      return result;
    }

    const docCtx: DocumentContext = { document, options: this.options, report: (d) => raw.push(d) };
    let review = false;
    if (document.kind === 'rule') {
      checkRuleMetadata(docCtx);
      // The rule's own schema, in the TOML layout of detection-rules (other hosts name some keys differently).
      if (/\.toml$/i.test(document.path)) {
        const report = (d: Diagnostic) => raw.push(d);
        checkRuleTable(document, this.schemas, report, this.inRulesRepo(document, 'missing-rule-key'));
        checkMetadataTable(document, report);
        checkRiskScore(document, report);
        checkAttackMapping(document, report);
        review = true;
        checkSchedule(document, report);
      }
    }
    // The datasets the rule's query compares (event.dataset, data_stream.dataset), for the review checks.
    const datasets: string[] | undefined = review ? [] : undefined;

    let checked = 0;
    const partly = new Set<string>();
    for (const query of document.queries) {
      const support = languageSupport(query.language);
      if (!support) continue;
      checked++;
      const before = raw.length;
      try {
        for (const pkg of this.lintQuery(document, query, support, raw, datasets, parsed)) partly.add(pkg);
        // At most MAX_DIAGNOSTICS_PER_CODE of one code per query, then one "N more".
        if (raw.length - before > MAX_DIAGNOSTICS_PER_CODE) raw.splice(before, raw.length - before, ...capDiagnostics(raw.slice(before)));
      } catch (e) {
        // A bug of ours must not stop a run over thousands of files: say so on this query and go on.
        raw.push({
          code: 'internal-error',
          severity: 'error',
          message: `esql-lint failed while checking this query (${(e as Error)?.message ?? String(e)}); please report it.`,
          span: query.map.spanToHost({ start: 0, end: 0 }),
        });
      }
    }
    if (review) {
      // What detection-rules' unit tests and reviews check (rule-review/): on inside a checkout, or when set.
      const root = this.rulesRepoRoot(document);
      checkRuleReview(document, root, (code) => {
        const setting = this.options.rules?.[code];
        return setting !== 'off' && (setting !== undefined || root !== undefined);
      }, (d) => raw.push(d), { datasets: datasets ?? [] });
    }
    if (checked === 0 && raw.length === 0) {
      result.skipped = true;
      result.skipReason = document.queries.length
        ? `language ${document.queries.map((q) => q.language || '(none)').join(', ')} is not checked`
        : UNCHECKED_LANGUAGES.has(String(language)) ? `language ${language} is not checked` : 'no query to check';
    }
    if (partly.size) result.partlyChecked = [...partly].sort();
    result.diagnostics = this.finish(document, raw);
    return result;
  }

  /**
   * A file of several rules (a Kibana NDJSON export, a JSON array): each rule is linted as a document
   * of its own; its diagnostics carry the rule's `rule_id`, `name` and line. The file's own
   * diagnostics (JSON syntax, lines that are not rules) come with them.
   */
  private lintRules(document: RuleDocument, parsed?: ParsedQueries): FileResult {
    const rules = document.rules ?? [];
    const result: FileResult = { path: document.path, diagnostics: this.finish(document, [...document.diagnostics]), skipped: false };
    const languages = new Set<string>();
    const partly = new Set<string>();
    const reasons = new Set<string>();
    let skipped = 0;
    for (const rule of rules) {
      const sub = this.lintDocument(rule, parsed);
      const tag: RuleRef = { line: document.lines.position(rule.ruleSpan?.start ?? 0).line };
      if (rule.ruleId !== undefined) tag.id = rule.ruleId;
      if (rule.ruleName !== undefined) tag.name = rule.ruleName;
      for (const d of sub.diagnostics) result.diagnostics.push({ ...d, rule: tag });
      if (sub.language) languages.add(sub.language);
      sub.partlyChecked?.forEach((p) => partly.add(p));
      if (sub.skipped) {
        skipped++;
        if (sub.skipReason) reasons.add(sub.skipReason);
      }
    }
    result.diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
    if (languages.size === 1) result.language = [...languages][0];
    if (partly.size) result.partlyChecked = [...partly].sort();
    result.rules = rules.length;
    if (rules.length === 0 || skipped === rules.length) {
      if (result.diagnostics.every((d) => d.severity === 'info')) {
        result.skipped = true;
        result.skipReason = rules.length === 0 ? 'no detection rule in this file (no object with rule_id and type)' : [...reasons].join('; ');
      }
    }
    return result;
  }

  /** Checks one query; returns the packages the query uses that have no schema (its fields went unchecked). */
  private lintQuery(document: RuleDocument, query: EmbeddedQuery, support: QueryChecks<unknown>, raw: Diagnostic[], datasets?: string[], parsedQueries?: ParsedQueries): readonly string[] {
    // Fix texts are query text: inside a basic TOML string they need the string's escapes.
    const encode = (value: string) => (query.encode ? query.encode(value) : document.kind === 'query' ? value : encodeForLiteral(document.text, query.literalSpan.start, value));
    const toFile = (d: Diagnostic): Diagnostic => {
      const fixes = d.fixes
        ?.map((f) => {
          const edits = f.edits.map((e) => ({ span: query.map.spanToHost(e.span), newText: encode(e.newText) }));
          return edits.every((e) => e.newText !== undefined) ? { ...f, edits: edits as TextEdit[] } : undefined;
        })
        .filter((f): f is Fix => f !== undefined);
      const { fixes: _dropped, ...rest } = d;
      return { ...rest, span: query.map.spanToHost(d.span), ...(fixes?.length ? { fixes } : {}) };
    };
    const report = (d: Diagnostic) => raw.push(toFile(d));
    const reportFile = (d: Diagnostic) => raw.push(d);
    // The language service's parse of this version when it made one.
    const given = parsedQueries?.(document, query);
    const parsed = given?.result ?? this.parseQuery(document, query, support);
    parsed.diagnostics.forEach(report);
    const input = given?.schemaInput?.() ?? support.schemaInput(parsed.ast);
    if (datasets && query.key === 'query' && input.datasets) datasets.push(...input.datasets);
    const schema = resolveSchema(this.schemas, document, query, input);
    const firstLine = { start: 0, end: Math.max(0, query.text.search(/\r?\n|$/)) };
    reportUnavailable(schema, document, reportFile, report, (v) => support.datasetSpan(parsed.ast, v), firstLine);
    support.check(parsed.ast, schema, report, { document, text: query.text, options: this.options, reportFile, hasSyntaxErrors: parsed.diagnostics.length > 0, syntaxErrors: parsed.diagnostics.map((d) => d.span) });
    // ES|QL rules name output columns in their metadata: the ES|QL checks handle those. The fields an
    // indicator match rule maps to (threat_mapping values) live in the threat indices.
    if (query.key === 'threat_query') checkThreatMappingValues(document, schema, reportFile);
    else if (query.language !== 'esql') checkMetadataFields(document, schema, reportFile);
    return schema.unavailablePackages;
  }

  /**
   * The parse of `query` of `document` exactly as linting makes it: the language service parses each
   * version once with it and hands the parses to `lintDocument` (ParsedQueries), so an edited document
   * is parsed once for its features and its diagnostics. Nothing is kept here: a table of parses keyed
   * by query objects (a WeakMap) kept every tree of older versions alive through young-generation
   * collections until the next full one (issue 19: garbage-collection pauses after each edit).
   */
  parseQuery(document: RuleDocument, query: EmbeddedQuery, support: QueryChecks<unknown>): ParseResult<unknown> {
    // Messages that cite a position (an unclosed bracket) cite the file's line and column.
    return support.parse(query.text, this.options, (offset) => document.lines.position(query.map.toHost(offset)));
  }

  /**
   * Which schemas each query of a document is checked against, and why: the same resolution as
   * linting (stack version, packages by dataset / index / integration, beats, endgame, custom).
   */
  explainSchema(document: RuleDocument): Array<{ query: number; language: string; explanation: SchemaExplanation }> {
    const out: Array<{ query: number; language: string; explanation: SchemaExplanation }> = [];
    document.queries.forEach((query, i) => {
      const support = languageSupport(query.language);
      if (!support) return;
      const parsed = support.parse(query.text, this.options);
      const schema = resolveSchema(this.schemas, query.owner ?? document, query, support.schemaInput(parsed.ast));
      out.push({ query: i, language: query.language, explanation: schema.explain() });
    });
    return out;
  }

  /**
   * The result of a file that could not be read or written, with the fault as a diagnostic at its
   * start (severity from the settings; undefined when the user turned that code off).
   */
  faultResult(path: string, fault: { code: string; message: string }): FileResult | undefined {
    const d = this.fileDiagnostic(fault.code, fault.message);
    if (!d) return undefined;
    return { path, diagnostics: [d], skipped: false, ...(fault.code === 'file-changed' ? {} : { fault: true }) };
  }

  /**
   * A diagnostic about the file itself (its bytes, reading or writing it) at `span` of `text` (the
   * file's start without them), with the severity the settings give its code; undefined when off.
   */
  fileDiagnostic(code: string, message: string, span: Span = { start: 0, end: 0 }, text = ''): FileDiagnostic | undefined {
    const setting = this.options.rules?.[code];
    if (setting === 'off') return undefined;
    const severity = setting ?? ruleMeta(code)?.defaultSeverity ?? 'error';
    return { code, severity, message, span, range: locate(new LineIndex(text), span) };
  }

  /** Applies severities, drops what is off and what inline comments suppress, sorts and locates. */
  private finish(document: RuleDocument, raw: Diagnostic[]): FileDiagnostic[] {
    let out = this.settle(document, raw);
    if (this.options.inlineConfig !== false) {
      const { kept, reports } = applySuppressions(findSuppressions(document), out);
      if (reports.length) out = [...kept, ...this.settle(document, reports)];
      else out = kept;
    }
    out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
    return out;
  }

  /** Applies severities (dropping what is off) and locates. */
  private settle(document: RuleDocument, raw: Diagnostic[]): FileDiagnostic[] {
    const out: FileDiagnostic[] = [];
    const seen = new Set<string>();
    for (const d of raw) {
      const setting = this.options.rules?.[d.code];
      if (setting === 'off') continue;
      // The registry decides each code's severity (one source of truth); users override it per code.
      const severity = setting ?? ruleMeta(d.code)?.defaultSeverity ?? d.severity;
      // A field the schema may lag on is worth one warning per query, not one per occurrence.
      const key = d.code === 'unverified-field' ? `${d.code}|${d.message}` : `${d.code}|${d.span.start}|${d.span.end}|${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...d, severity, range: locate(document.lines, d.span) });
    }
    return out;
  }
}
