import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, lintFiles } from '../packages/linter/src/index.js';

const ROOT = join(__dirname, '..');

describe('the shipped examples', () => {
  it('examples/rules lint clean (no error or warning) and cover all three languages', () => {
    const report = lintFiles(['examples/rules'], { cwd: ROOT });
    const problems = report.files.flatMap((f) => f.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${f.path}: ${d.code} ${d.message}`));
    expect(problems).toEqual([]);
    // (A Kibana export of rules in several languages has no one language.)
    expect(new Set(report.files.map((f) => f.language).filter(Boolean))).toEqual(new Set(['kuery', 'eql', 'esql']));
    expect(report.summary.skipped).toBe(0);
  });

  it('examples/bad shows every kind of mistake the linter knows, each file at least one', () => {
    const report = lintFiles(['examples/bad'], { cwd: ROOT });
    for (const f of report.files) expect(f.diagnostics.length, f.path).toBeGreaterThan(0);
    const seen = new Set(report.files.flatMap((f) => f.diagnostics.map((d) => d.code)));
    // Faults of the file system (permissions, FIFOs, concurrent writers) cannot live in a repository:
    // test/file-faults.test.ts makes each of them happen.
    // document-too-large is the language server's (packages/lsp/test/limits.test.ts makes it happen).
    const fileSystem = new Set(['internal-error', 'file-unreadable', 'file-unwritable', 'file-changed', 'not-a-rule-file', 'document-too-large']);
    expect(allRules().map((r) => r.code).filter((c) => !fileSystem.has(c) && !seen.has(c))).toEqual([]);
  });
});
