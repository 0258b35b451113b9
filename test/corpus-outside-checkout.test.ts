/**
 * The corpus copied out of its detection-rules checkout, as a team that keeps its rules in its own repository
 * would have it: the bundled schemas must give the same verdicts (no false unknown-field / type-mismatch error),
 * and every rule left partly checked must be listed, with its reason, in packages/schema/README.md.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles, type LintReport } from '@esql-lint/linter';
import { CORPUS_DIR, HAS_CORPUS, NO_CORPUS_MESSAGE } from './support/corpus.js';

const SCHEMA_README = resolve(__dirname, '../packages/schema/README.md');

describe.skipIf(!HAS_CORPUS)('the corpus outside a detection-rules checkout', () => {
  let dir: string | undefined;
  let cached: LintReport | undefined;
  const report = (): LintReport => {
    if (!cached) {
      dir = mkdtempSync(join(tmpdir(), 'esql-lint-outside-'));
      for (const sub of ['rules', 'rules_building_block']) cpSync(join(CORPUS_DIR, sub), join(dir, sub), { recursive: true });
      cached = lintFiles([join(dir, 'rules'), join(dir, 'rules_building_block')], { cwd: dir, noConfig: true });
    }
    return cached;
  };
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports no unknown-field or type-mismatch error on any production rule', () => {
    const wrong = report().files.flatMap((f) =>
      f.diagnostics.filter((d) => d.severity === 'error' && (d.code === 'unknown-field' || d.code === 'type-mismatch')).map((d) => `${f.path}:${d.range.start.line} ${d.code} ${d.message}`),
    );
    expect(wrong).toEqual([]);
    expect(report().summary.errors).toBe(0);
  }, 300_000); // the whole corpus: seconds alone, far longer on a busy machine

  it('leaves at most 30 rules partly checked, each listed with its reason in the schema README', () => {
    const r = report();
    expect(r.summary.partlyChecked).toBeLessThanOrEqual(30);
    const readme = readFileSync(SCHEMA_README, 'utf8');
    const section = readme.slice(readme.indexOf('<!-- partly-checked:begin'), readme.indexOf('<!-- partly-checked:end'));
    const listed: Record<string, number> = {};
    for (const m of section.matchAll(/^\| ([\w.]+) \| (\d+) \| (.+) \|$/gm)) listed[m[1]] = Number(m[2]);
    expect(listed).toEqual(r.summary.partlyCheckedPackages);
    expect(section).toContain(`${r.summary.partlyChecked} rules of`);
    // every partly checked file says so in its own diagnostics too
    for (const f of r.files) if (f.partlyChecked) expect(f.diagnostics.some((d) => d.code === 'schema-unavailable')).toBe(true);
  });
});
if (!HAS_CORPUS) it.skip('corpus tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
