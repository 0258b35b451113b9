import type { LintReport } from '@esql-lint/linter';

/** Escaping of GitHub Actions workflow commands. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=...,line=...,col=...::message` workflow commands, one per diagnostic. */
export function formatGithub(report: LintReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      const kind = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      const props = [
        `file=${escapeProperty(f.path)}`,
        `line=${d.range.start.line}`,
        `col=${d.range.start.column}`,
        `endLine=${d.range.end.line}`,
        `endColumn=${d.range.end.column}`,
        `title=${escapeProperty(`esql-lint ${d.code}`)}`,
      ];
      out.push(`::${kind} ${props.join(',')}::${escapeData(`${d.message} (${d.code})`)}`);
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}
