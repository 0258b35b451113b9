// Prints "N passed, N failed, N skipped" over one or more vitest JSON reports (npm test, npm run
// test:e2e, ...). A report that is missing or unreadable counts as one failure: its step did not report.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
if (files.length === 0) {
  console.log('no test report given');
  failed++;
}
for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`no test report at ${file}: ${e.message}`);
    failed++;
    continue;
  }
  const suites = report.testResults ?? [];
  // A file that failed to load has no assertions: count it once as failed.
  const brokenFiles = suites.filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0) + brokenFiles;
  skipped += report.numPendingTests + report.numTodoTests;
  if (files.length > 1) console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
