import type { LintReport } from '@esql-lint/linter';

const escapeXml = (s: string) =>
  s
    // Characters XML 1.0 cannot carry at all.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/**
 * JUnit XML as CI systems read it (GitLab `artifacts:reports:junit`, Jenkins, Azure): one test suite per
 * file, one failing test case per error or warning (infos are left out), a passing case for a clean
 * file, skipped files marked skipped.
 */
export function formatJunit(report: LintReport): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const suites: string[] = [];
  for (const f of report.files) {
    const problems = f.diagnostics.filter((d) => d.severity !== 'info');
    const cases: string[] = [];
    const name = escapeXml(f.path);
    if (problems.length === 0) {
      cases.push(f.skipped
        ? `    <testcase classname="${name}" name="${name}" time="0"><skipped message="${escapeXml(f.skipReason ?? 'skipped')}"/></testcase>`
        : `    <testcase classname="${name}" name="${name}" time="0"/>`);
    }
    for (const d of problems) {
      const where = `${f.path}:${d.range.start.line}:${d.range.start.column}`;
      cases.push(
        `    <testcase classname="${name}" name="${escapeXml(`${where} ${d.code}`)}" time="0">` +
          `<failure message="${escapeXml(d.message)}" type="${escapeXml(d.severity)}">${escapeXml(`${d.severity}: ${d.message} (${d.code}) at ${where}`)}</failure></testcase>`,
      );
    }
    const suiteFailures = problems.length;
    const suiteSkipped = problems.length === 0 && f.skipped ? 1 : 0;
    tests += cases.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    suites.push(`  <testsuite name="${name}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}" time="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  out.push(`<testsuites name="esql-lint" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`);
  out.push(...suites);
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
