import { LineIndex } from '@esql-lint/core';
import type { FileDiagnostic, LintReport } from '@esql-lint/linter';
import type { Colors } from './colors.js';

export interface StylishOptions {
  colors: Colors;
  /** The text of each file, for code frames. */
  sourceOf(path: string): string | undefined;
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
  const s = report.summary;
  const problems = s.errors + s.warnings;
  const parts = [`${s.files} file${s.files === 1 ? '' : 's'} checked`];
  if (s.skipped) parts.push(`${s.skipped} skipped`);
  if (s.faults) parts.push(`${s.faults} could not be read or written`);
  const counts = `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}${s.infos ? `, ${s.infos} info` : ''}`;
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
  return out.join('\n') + '\n';
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
