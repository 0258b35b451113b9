import type { Diagnostic, LineIndex, Position, Span } from '@esql-lint/core';

export interface FilePosition extends Position {
  /** 0-based UTF-16 offset in the file. */
  offset: number;
}

/** Which rule of a file of several rules (a Kibana NDJSON export) a diagnostic is about. */
export interface RuleRef {
  /** The rule's `rule_id`. */
  id?: string;
  name?: string;
  /** The line its object starts on. */
  line: number;
}

/** A diagnostic located in a file: `span` in file offsets, `range` with 1-based lines and columns. */
export interface FileDiagnostic extends Diagnostic {
  range: { start: FilePosition; end: FilePosition };
  /** In a file of several rules: the rule it is about. */
  rule?: RuleRef;
}

export interface FileResult {
  path: string;
  /** The query language of the file's rule (`kuery`, `eql`, `esql`, ...), if any. */
  language?: string;
  diagnostics: FileDiagnostic[];
  /** The file holds nothing we check (a lucene or machine learning rule). */
  skipped: boolean;
  /** Why it was skipped. */
  skipReason?: string;
  /** Packages the rule uses that have no schema: their fields were not checked (the rule was only partly checked). */
  partlyChecked?: string[];
  /**
   * The file (or directory) could not be read or written: its diagnostics say why (`file-unreadable`,
   * `file-unwritable`). The CLI exits 2 at the end of a run with such a fault.
   */
  fault?: boolean;
  /** For NDJSON and JSON rule files: how many rules the file holds. */
  rules?: number;
  /** `--fix-dry-run`: the file's text with the safe fixes applied, when they would change it. */
  output?: string;
}

export interface LintSummary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  skipped: number;
  /** Files only partly checked (a package they use has no schema), and how many such files each package leaves so. */
  partlyChecked: number;
  partlyCheckedPackages: Record<string, number>;
  /** Files and directories that could not be read or written (see `FileResult.fault`). */
  faults: number;
  /** Errors and warnings that have a safe fix (`--fix` would apply it). */
  fixableErrors: number;
  fixableWarnings: number;
  /** Files found but not linted (config `ignores`, --ignore-pattern, .gitignore); absent when none. */
  ignored?: number;
}

export interface LintReport {
  files: FileResult[];
  summary: LintSummary;
  /** With `fix`: how many files were rewritten, with how many fixes. */
  fixed?: { files: number; fixes: number };
  /** The files found but not linted, and why; absent when none. */
  ignored?: Array<{ path: string; reason: string }>;
}

export function locate(lines: LineIndex, span: Span): { start: FilePosition; end: FilePosition } {
  return {
    start: { ...lines.position(span.start), offset: span.start },
    end: { ...lines.position(span.end), offset: span.end },
  };
}

/** The short form of a skip reason, for counting skips per reason: the text before a ':' or '('. */
export function skipKind(reason: string | undefined): string {
  return (reason ?? 'skipped').split(/[:(]/)[0].trim() || 'skipped';
}

export function summarize(files: FileResult[]): LintSummary {
  const s: LintSummary = { files: files.length, errors: 0, warnings: 0, infos: 0, skipped: 0, fixableErrors: 0, fixableWarnings: 0, partlyChecked: 0, partlyCheckedPackages: {}, faults: 0 };
  for (const f of files) {
    if (f.skipped) s.skipped++;
    if (f.fault) s.faults++;
    if (f.partlyChecked?.length) {
      s.partlyChecked++;
      for (const p of f.partlyChecked) s.partlyCheckedPackages[p] = (s.partlyCheckedPackages[p] ?? 0) + 1;
    }
    for (const d of f.diagnostics) {
      const fixable = d.fixes?.some((x) => x.safe) ?? false;
      if (d.severity === 'error') {
        s.errors++;
        if (fixable) s.fixableErrors++;
      } else if (d.severity === 'warning') {
        s.warnings++;
        if (fixable) s.fixableWarnings++;
      } else s.infos++;
    }
  }
  return s;
}
