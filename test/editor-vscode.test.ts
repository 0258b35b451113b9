/**
 * The packaged VS Code extension in real VS Code: code-server (VS Code 1.100 for the browser) serves a
 * throw-away copy of test/editor-vscode/workspace with the .vsix installed in a throw-away profile, and
 * headless Debian Chromium, driven by playwright-core (test/editor-vscode/drive.mjs), does what a user
 * does: opens a rule with a misspelled field, reads the squiggle and the Problems panel, hovers a field,
 * completes a field name, applies the quick fix. Skips when code-server, Chromium or playwright-core
 * is missing (.ci/run installs them when it can: Debian's chromium, code-server into
 * ~/.cache/esql-lint-code-server through ../shared/tools/editor-e2e/setup-code-server.sh).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { driveVsCode, missing } from './editor-vscode/harness.js';

const HERE = join(__dirname, 'editor-vscode');
const FILE = 'shell_spawned_by_web_server.toml';
const COLOUR_FILE = 'rare_process_by_host_esql.toml';
const SKIP_MESSAGE = `VS Code end-to-end test skipped: missing ${missing.join(', ')}`;
if (missing.length) console.warn(SKIP_MESSAGE);

/** What drive.mjs saw, step by step. */
interface DriveResult {
  steps: {
    squiggle?: number;
    open?: { languageStatus: string | null };
    problems?: Array<{ label: string; message?: string; source?: string; code?: string; line?: string }>;
    hover?: string[];
    hoverAttempts?: number;
    completion?: { labels: string[]; detail?: string | null; lineAfterAccept?: string; lineAfterTyping?: string };
    quickfix?: { actions: string[]; lineAfter?: string; squigglesAfter?: number; problemsAfter?: unknown[]; lines?: string[] };
    colour?: { lines: Array<{ text: string; colours: string[] }>; foreground: string };
    signature?: { first: { text: string; active: string | null } | null; second: { text: string; active: string | null } | null };
    functionCompletion?: { labels: string[]; detail?: string | null; documentation?: string | null; lineAfterAccept?: string };
    editing?: { commented: string; uncommented: string; tripleQuote: string; bracket: string };
  };
  errors: Array<{ step: string; message: string; screenshot: string }>;
  timings: Record<string, number>;
}

describe.skipIf(missing.length > 0)('the VS Code extension in VS Code (code-server, headless Chromium)', () => {
  let out: string;
  let result: DriveResult;
  let driverLog = '';
  let failed = false;

  const reportOnFailure = () =>
    onTestFailed(() => {
      failed = true;
      console.log(`VS Code e2e failed: screenshots and logs kept in ${out}\n${driverLog}`);
    });

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'esql-lint-vscode-e2e-'));
    try {
      result = await driveVsCode<DriveResult>({
        out, workspace: join(HERE, 'workspace'), driver: join(HERE, 'drive.mjs'), env: { CS_FILE: FILE, CS_COLOUR_FILE: COLOUR_FILE },
        driverTimeoutMs: 170_000, log: (s) => (driverLog += s),
      });
    } catch (e) {
      failed = true;
      console.log(`VS Code e2e setup failed: screenshots and logs kept in ${out}`);
      throw e;
    }
  }, 240_000);

  afterAll(() => {
    // ESQL_LINT_E2E_KEEP=1 keeps the screenshots (docs/images/vscode-colour.png is colour.png of a run).
    if (process.env.ESQL_LINT_E2E_KEEP) console.log(`VS Code e2e: screenshots kept in ${out}`);
    else if (!failed && out) rmSync(out, { recursive: true, force: true });
  });

  it('every step found what it waited for', () => {
    reportOnFailure();
    expect(result.errors).toEqual([]);
  });

  it('shows the unknown field as a squiggle and in the Problems panel, with code and suggestion', () => {
    reportOnFailure();
    expect(result.steps.open?.languageStatus?.trim()).toBe('TOML');
    expect(result.steps.squiggle).toBe(1);
    const rows = result.steps.problems ?? [];
    // The file's row, then its one problem.
    expect(rows.map((r) => r.label)[0]).toBe(`1 problems in file ${FILE} of folder .`);
    expect(rows.slice(1).map(({ message, source, code, line }) => ({ message, source, code, line }))).toEqual([
      {
        message: 'Unknown field "process.parent.naem": it is in none of the schemas this rule runs against. Did you mean "process.parent.name"?',
        source: 'esql-lint',
        code: 'unknown-field',
        line: '[Ln 18, Col 3]',
      },
    ]);
  });

  it("shows a field's type on hover", () => {
    reportOnFailure();
    const hover = (result.steps.hover ?? []).join('\n');
    // The driver moves the mouse onto the field again when no hover came (see drive.mjs); say so.
    if ((result.steps.hoverAttempts ?? 1) > 1) console.log(`hover shown at mouse attempt ${result.steps.hoverAttempts}`);
    expect(hover).toContain('process.name: keyword');
  });

  it('completes a dotted field name and inserts it', () => {
    reportOnFailure();
    const completion = result.steps.completion;
    expect(completion?.labels.some((l) => /^host\.os\.type\b/.test(l)), JSON.stringify(completion?.labels)).toBe(true);
    expect(completion?.detail).toBe('keyword');
    expect(completion?.lineAfterAccept?.trimEnd()).toBe('  process.parent.naem : ("nginx", "httpd", "apache2") and host.os.type');
  });

  it('applies the "Replace with" quick fix, and the problem goes away', () => {
    reportOnFailure();
    const fix = result.steps.quickfix;
    expect(fix?.actions.some((a) => a.includes('Replace with process.parent.name')), JSON.stringify(fix?.actions)).toBe(true);
    expect(fix?.lineAfter?.trimEnd()).toBe('  process.parent.name : ("nginx", "httpd", "apache2") and host.os.type == "linux"');
    expect(fix?.squigglesAfter).toBe(0);
    expect(fix?.problemsAfter).toEqual([]);
  });

  it('colours the TOML (grammar) and the ES|QL query (semantic tokens) of a rule, each token kind in its colour', () => {
    reportOnFailure();
    const colour = result.steps.colour;
    expect(colour, 'the colour step ran').toBeDefined();
    const { lines, foreground } = colour!;
    /** The colour of the first character of `needle` on the first line holding `lineNeedle`. */
    const at = (lineNeedle: string, needle = lineNeedle) => {
      const line = lines.find((l) => l.text.includes(lineNeedle));
      expect(line, `a line with ${lineNeedle}`).toBeDefined();
      return line!.colours[line!.text.indexOf(needle)];
    };
    // TOML: table name, key, string, comment: each coloured, none the default foreground.
    const toml = { table: at('[rule]', 'rule'), key: at('language =', 'language'), string: at('language =', '"esql"'), comment: at('# An ES|QL rule') };
    for (const [what, c] of Object.entries(toml)) expect(c, what).not.toBe(foreground);
    expect(new Set(Object.values(toml)).size, JSON.stringify(toml)).toBeGreaterThanOrEqual(3);
    // The query: keywords, functions, fields, created columns, strings, numbers, comments.
    const query = {
      command: at('| stats', 'stats'),
      function: at('| stats', 'COUNT_DISTINCT'),
      field: at('| stats', 'host.id'),
      column: at('| stats', 'Esql.host_count'),
      string: at('event.type ==', '"start"'),
      number: at('<= 2', '2'),
      comment: at('// processes'),
    };
    for (const [what, c] of Object.entries(query)) expect(c, what).not.toBe(foreground);
    expect(new Set(Object.values(query)).size, JSON.stringify(query)).toBeGreaterThanOrEqual(5);
    // The same kind in the same colour wherever it is: every command word, every function.
    expect(at('from logs-', 'from')).toBe(query.command);
    expect(at('| eval', 'TO_LOWER')).toBe(query.function);
    expect(at('| keep', 'Esql.host_count')).toBe(query.column);
  });

  it('shows signature help in an ES|QL function call: the matching signature, the active parameter', () => {
    reportOnFailure();
    const sig = result.steps.signature;
    expect(sig?.first?.text).toContain('DATE_TRUNC(interval: date_period, date: date) -> date');
    expect(sig?.first?.text).toContain('Rounds down a date');
    expect(sig?.first?.active).toMatch(/^interval: date_period/);
    // After `1 day, `: the second parameter, with its documentation.
    expect(sig?.second?.active).toMatch(/^date: date/);
    expect(sig?.second?.text).toContain('Date expression');
  });

  it('completes an ES|QL function with its documentation and inserts a call', () => {
    reportOnFailure();
    const c = result.steps.functionCompletion;
    expect(c?.labels.some((l) => /^TO_LOWER\b/.test(l)), JSON.stringify(c?.labels)).toBe(true);
    expect(c?.detail).toContain('TO_LOWER(str: keyword) -> keyword');
    expect(c?.documentation).toMatch(/lower case/i);
    expect(c?.documentation).toContain('Reference');
    expect(c?.lineAfterAccept?.trimEnd()).toMatch(/^\| eval Esql\.low = TO_LOWER\(\)?$/);
  });

  it("toggles TOML comments with Ctrl+/ and closes ''' and brackets as they are typed", () => {
    reportOnFailure();
    const editing = result.steps.editing;
    expect(editing?.commented.trimEnd()).toBe('# risk_score = 21');
    expect(editing?.uncommented.trimEnd()).toBe('risk_score = 21');
    expect(editing?.tripleQuote.trimEnd()).toBe("setup = ''''''");
    expect(editing?.bracket.trimEnd()).toBe('tags = []');
  });
});
if (missing.length) it.skip(SKIP_MESSAGE, () => {});
