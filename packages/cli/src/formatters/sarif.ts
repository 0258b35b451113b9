import { allRules, type LintReport } from '@esql-lint/linter';
import type { Log, ReportingDescriptor, Result } from 'sarif';

/** SARIF 2.1.0 as GitHub code scanning takes it: paths relative to the repository, UTF-16 columns. */
export function formatSarif(report: LintReport, version: string): string {
  const rules: ReportingDescriptor[] = allRules().map((r) => ({
    id: r.code,
    name: r.code,
    shortDescription: { text: r.description },
    help: { text: `${r.description} See docs/rules/${r.code}.md.` },
    defaultConfiguration: { level: r.defaultSeverity === 'info' ? 'note' : r.defaultSeverity },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = [];
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      results.push({
        ruleId: d.code,
        ...(index.has(d.code) ? { ruleIndex: index.get(d.code)! } : {}),
        level: d.severity === 'info' ? 'note' : d.severity,
        message: { text: d.message },
        // A rule of a Kibana NDJSON export: which one, by rule_id and name.
        ...(d.rule
          ? {
              properties: { ...(d.rule.id !== undefined ? { ruleId: d.rule.id } : {}), ...(d.rule.name !== undefined ? { ruleName: d.rule.name } : {}), ruleLine: d.rule.line },
            }
          : {}),
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: f.path.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
              region: {
                startLine: d.range.start.line,
                startColumn: d.range.start.column,
                endLine: d.range.end.line,
                endColumn: Math.max(d.range.end.column, d.range.end.line === d.range.start.line ? d.range.start.column + 1 : 1),
                charOffset: d.range.start.offset,
                charLength: d.range.end.offset - d.range.start.offset,
              },
            },
            ...(d.rule ? { logicalLocations: [{ kind: 'object', name: d.rule.name ?? d.rule.id ?? `line ${d.rule.line}`, ...(d.rule.id !== undefined ? { fullyQualifiedName: d.rule.id } : {}) }] } : {}),
          },
        ],
      });
    }
  }
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'esql-lint', version, semanticVersion: version, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
