import type { LintReport } from '@esql-lint/linter';

/**
 * GitLab's code quality report (`artifacts:reports:codequality`): a JSON array of issues with
 * `description`, `check_name`, `fingerprint`, `severity` and `location`. The fingerprint is stable
 * across runs while the problem stays (file, code, message and which occurrence it is, not its line),
 * so GitLab can tell new problems from old ones in a merge request.
 */
export function formatGitlab(report: LintReport): string {
  const { createHash } = process.getBuiltinModule('node:crypto');
  const issues: unknown[] = [];
  for (const f of report.files) {
    const path = f.path.split('\\').join('/').replace(/^\.\//, '');
    const seen = new Map<string, number>();
    for (const d of f.diagnostics) {
      const base = `${path}\0${d.code}\0${d.message}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      issues.push({
        type: 'issue',
        description: `${d.message} (${d.code})`,
        check_name: d.code,
        categories: ['Bug Risk'],
        fingerprint: createHash('sha256').update(`${base}\0${n}`).digest('hex').slice(0, 32),
        severity: d.severity === 'error' ? 'major' : d.severity === 'warning' ? 'minor' : 'info',
        location: {
          path,
          positions: {
            begin: { line: d.range.start.line, column: d.range.start.column },
            end: { line: d.range.end.line, column: d.range.end.column },
          },
        },
      });
    }
  }
  return JSON.stringify(issues, null, 2) + '\n';
}
