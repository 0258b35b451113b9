/**
 * `esql-min-stack-version`: a rule's `metadata.min_stack_version` must be at least the stack version that
 * introduced every ES|QL command and function its query uses (detection-rules' reviewers check this by
 * hand: a rule installed on an older stack fails to run). The versions are facts of Elasticsearch's ES|QL
 * reference (availability-data.ts, generated); names without a known version are not checked.
 */
import { diagnostic, type Diagnostic } from '@esql-lint/core';
import * as esql from '@esql-lint/parser-esql';
import type { RuleDocument } from '@esql-lint/rule-document';
import { COMMANDS } from './commands.js';
import { COMMAND_AVAILABILITY, FUNCTION_AVAILABILITY, type Availability } from './availability-data.js';

export const STACK_VERSION_CODE = 'esql-min-stack-version';

/** `9.3.0` -> [9, 3, 0]; undefined for anything else (its form is invalid-metadata-value's to report). */
function parseVersion(v: unknown): [number, number, number] | undefined {
  const m = typeof v === 'string' ? /^(\d+)\.(\d+)\.(\d+)$/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a)!;
  const y = parseVersion(b)!;
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The version a feature needs: its first appearance, in technical preview or GA. */
function introduced(a: Availability): string {
  return a.preview ?? a.ga!;
}

function describe(name: string, a: Availability): string {
  if (a.preview && a.ga) return `${name} (technical preview in ${a.preview}, GA in ${a.ga})`;
  if (a.preview) return `${name} (technical preview since ${a.preview})`;
  return `${name} (since ${a.ga})`;
}

export interface EsqlFeature {
  name: string;
  availability: Availability;
}

/** The commands and functions of a query with a known first version, each once, in query order. */
export function versionedFeatures(ast: esql.Query): EsqlFeature[] {
  const seen = new Map<string, EsqlFeature>();
  esql.walk(ast, {
    enter(n: esql.Node) {
      let name: string | undefined;
      let a: Availability | undefined;
      if (n.type === 'FunctionCall') {
        name = n.name.toUpperCase();
        a = FUNCTION_AVAILABILITY[n.name.toLowerCase()];
      } else if (n.type in COMMANDS) {
        name = COMMANDS[n.type as esql.Command['type']].name;
        a = name ? COMMAND_AVAILABILITY[name] : undefined;
      }
      if (name && a && !seen.has(name)) seen.set(name, { name, availability: a });
    },
  });
  return [...seen.values()];
}

/**
 * Reports, at `metadata.min_stack_version` (file offsets), the features of the query that need a later
 * stack, with the version they need and a fix that raises min_stack_version to it. Nothing when the rule
 * names no min_stack_version (detection-rules then ships it to every supported stack: no single version to
 * compare) or names it in a form of its own.
 */
export function checkMinStackVersion(ast: esql.Query, document: RuleDocument, reportFile: (d: Diagnostic) => void): void {
  const declared = document.metadata.min_stack_version;
  if (typeof declared !== 'string' || !parseVersion(declared)) return;
  const span = document.valueSpan(['metadata', 'min_stack_version']);
  if (!span) return;
  const late = versionedFeatures(ast).filter((f) => compareVersions(introduced(f.availability), declared) > 0);
  if (!late.length) return;
  late.sort((a, b) => compareVersions(introduced(b.availability), introduced(a.availability)) || a.name.localeCompare(b.name));
  const needed = introduced(late[0].availability);
  const quoteChar = document.text[span.start] === "'" ? "'" : '"';
  reportFile(
    diagnostic(
      STACK_VERSION_CODE,
      'error',
      `min_stack_version ${declared} is older than the ES|QL this query uses: ${late.map((f) => describe(f.name, f.availability)).join(', ')}. The rule needs stack ${needed} or later (Elasticsearch's ES|QL reference).`,
      span,
      [{ title: `Change min_stack_version to "${needed}"`, edits: [{ span, newText: `${quoteChar}${needed}${quoteChar}` }] }],
    ),
  );
}
