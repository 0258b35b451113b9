import { LineIndex } from '@esql-lint/core';
import { skipKind, type FileDiagnostic, type LintReport } from '@esql-lint/linter';
import { createTwoFilesPatch } from 'diff';
import { plural } from './plural.js';
import type { Colors } from './colors.js';

export interface StylishOptions {
  colors: Colors;
  /** The text of each file, for code frames. */
  sourceOf(path: string): string | undefined;
  /** List the files skipped and ignored, each with its reason (`--verbose`). */
  verbose?: boolean;
}

const MAX_FRAME_LINES = 3;

/** `path:line:col  severity  message  code`, each followed by a code frame of the range. */
export function formatStylish(report: LintReport, options: StylishOptions): string {
  const c = options.colors;
  const out: string[] = [];
  for (const file of report.files) {
    if (file.diagnostics.length === 0) continue;
    const text = options.sourceOf(file.path);
    const lines = text !== undefined ? new LineIndex(text) : undefined;
    let rule: string | undefined;
    for (const d of file.diagnostics) {
      // A file of several rules (a Kibana NDJSON export): a heading for each rule's diagnostics.
      const heading = d.rule ? `rule ${d.rule.name !== undefined ? `"${d.rule.name}"` : `on line ${d.rule.line}`}${d.rule.id !== undefined ? ` (rule_id ${d.rule.id})` : ''}` : undefined;
      if (heading && heading !== rule) out.push(c.bold(`${file.path}: ${heading}`));
      rule = heading;
      const sev = d.severity === 'error' ? c.red('error') : d.severity === 'warning' ? c.yellow('warning') : c.blue('info');
      const where = `${file.path}:${d.range.start.line}:${d.range.start.column}`;
      out.push(`${c.underline(where)}  ${sev}  ${d.message}  ${c.dim(d.code)}`);
      if (lines) out.push(codeFrame(lines, d, c));
    }
  }
  // --fix-dry-run: what --fix would change, as a unified diff per file.
  for (const file of report.files) {
    if (file.output === undefined) continue;
    const before = options.sourceOf(file.path);
    if (before === undefined) continue;
    out.push(colorDiff(unifiedDiff(file.path, before, file.output), c));
  }
  if (options.verbose) {
    for (const file of report.files) if (file.skipped) out.push(`${c.dim('skipped')}  ${file.path}  ${c.dim(file.skipReason ?? '')}`);
    for (const file of report.ignored ?? []) out.push(`${c.dim('ignored')}  ${file.path}  ${c.dim(file.reason)}`);
  }
  const s = report.summary;
  const problems = s.errors + s.warnings;
  const parts = [`${plural(s.files, 'file')} checked`];
  if (s.skipped) parts.push(`${s.skipped} skipped: ${skipCounts(report)}`);
  if (s.ignored) parts.push(`${s.ignored} ignored`);
  if (s.faults) parts.push(`${s.faults} could not be read or written`);
  const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${s.infos ? `, ${s.infos} info` : ''}`;
  const line = `${problems ? '✖' : '✔'} ${counts} (${parts.join(', ')})`;
  out.push(problems ? (s.errors ? c.bold(c.red(line)) : c.bold(c.yellow(line))) : line);
  if (s.partlyChecked) {
    const pkgs = Object.entries(s.partlyCheckedPackages).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    out.push(
      c.dim(
        `${s.partlyChecked} file${s.partlyChecked === 1 ? ' was' : 's were'} only partly checked: no schema for ` +
          `${pkgs.map(([p, n]) => `${p} (${n})`).join(', ')}; their fields were not checked (esql-lint --explain-schema FILE says why).`,
      ),
    );
  }
  if (s.fixableErrors || s.fixableWarnings) {
    out.push(`  ${plural(s.fixableErrors, 'error')} and ${plural(s.fixableWarnings, 'warning')} potentially fixable with \`--fix\`.`);
  }
  return out.join('\n') + '\n';
}

/** "228 deprecated rule, 2 no query to check": skipped files counted per reason, most first. */
function skipCounts(report: LintReport): string {
  const counts = new Map<string, number>();
  for (const f of report.files) if (f.skipped) counts.set(skipKind(f.skipReason), (counts.get(skipKind(f.skipReason)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${n} ${k}`).join(', ');
}

function unifiedDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 }).replace(/^=+\n/m, '').trimEnd();
}

function colorDiff(diff: string, c: Colors): string {
  return diff
    .split('\n')
    .map((l) => (l.startsWith('+++') || l.startsWith('---') ? c.bold(l) : l.startsWith('+') ? c.green(l) : l.startsWith('-') ? c.red(l) : l.startsWith('@@') ? c.blue(l) : l))
    .join('\n');
}

/** Lines longer than this are shown as a window around the range. */
const MAX_FRAME_WIDTH = 140;

function codeFrame(lines: LineIndex, d: FileDiagnostic, c: Colors): string {
  const { start, end } = d.range;
  const last = Math.min(end.line, start.line + MAX_FRAME_LINES - 1);
  const width = String(last).length;
  const frame: string[] = [];
  for (let line = start.line; line <= last; line++) {
    const full = lines.lineText(line).replace(/\t/g, ' ');
    let from = line === start.line ? start.column : 1;
    let to = line === end.line ? end.column : full.length + 1;
    let text = full;
    if (full.length > MAX_FRAME_WIDTH) {
      // A window that starts a little before the range, marked with ellipses where it cuts.
      const left = Math.max(0, Math.min(from - 1 - 20, full.length - MAX_FRAME_WIDTH));
      const right = Math.min(full.length, left + MAX_FRAME_WIDTH);
      text = (left > 0 ? '…' : '') + full.slice(left, right) + (right < full.length ? '…' : '');
      const shift = left - (left > 0 ? 1 : 0);
      from = Math.max(1, from - shift);
      to = Math.min(text.length + 1, Math.max(from + 1, to - shift));
    }
    frame.push(`${c.dim(`  ${String(line).padStart(width)} |`)} ${text}`);
    const carets = Math.max(1, to - from);
    frame.push(`${c.dim(`  ${' '.repeat(width)} |`)} ${' '.repeat(from - 1)}${(d.severity === 'error' ? c.red : c.yellow)('^'.repeat(carets))}`);
  }
  return frame.join('\n');
}
