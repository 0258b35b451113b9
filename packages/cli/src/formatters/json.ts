import type { LintReport } from '@esql-lint/linter';

/**
 * The stable JSON shape (docs/json-format.md): version 1; lines and columns 1-based in the file,
 * offsets 0-based UTF-16 code units, end exclusive.
 */
export function formatJson(report: LintReport): string {
  return (
    JSON.stringify({
      version: 1,
      files: report.files.map((f) => ({
        path: f.path,
        language: f.language ?? null,
        ...(f.skipped ? { skipped: true, skipReason: f.skipReason ?? null } : {}),
        ...(f.partlyChecked?.length ? { partlyChecked: f.partlyChecked } : {}),
        ...(f.fault ? { fault: true } : {}),
        ...(f.rules !== undefined ? { rules: f.rules } : {}),
        diagnostics: f.diagnostics.map((d) => ({
          code: d.code,
          severity: d.severity,
          message: d.message,
          range: d.range,
          ...(d.rule ? { rule: d.rule } : {}),
          ...(d.fixes?.length
            ? { fixes: d.fixes.map((x) => ({ title: x.title, ...(x.safe ? { safe: true } : {}), edits: x.edits.map((e) => ({ offset: e.span.start, end: e.span.end, newText: e.newText })) })) }
            : {}),
        })),
        ...(f.output !== undefined ? { output: f.output } : {}),
      })),
      ...(report.ignored?.length ? { ignored: report.ignored } : {}),
      summary: {
        files: report.summary.files,
        errors: report.summary.errors,
        warnings: report.summary.warnings,
        infos: report.summary.infos,
        fixableErrors: report.summary.fixableErrors,
        fixableWarnings: report.summary.fixableWarnings,
        skipped: report.summary.skipped,
        partlyChecked: report.summary.partlyChecked,
        partlyCheckedPackages: report.summary.partlyCheckedPackages,
        faults: report.summary.faults,
        ignored: report.summary.ignored ?? 0,
      },
    }, null, 2) + '\n'
  );
}
