/**
 * The rule's own schema: the `[rule]` table against the JSON Schema of its type (Kibana's detection engine
 * API as detection-rules publishes it in detection_rules/etc/api_schemas), the `[metadata]` table against
 * detection-rules' metadata fields, dates, and risk score against severity.
 */
import { closestMatches, diagnostic, type Diagnostic, type Fix, type Span } from '@esql-lint/core';
import type { RuleDocument } from '@esql-lint/rule-document';
import type { RuleApiSchemas, SchemaProvider } from '@esql-lint/schema';
import type AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import { ajvClass } from './ajv-class.js';
import { precompiledValidator, RULE_SCHEMA_AJV_OPTIONS } from './rule-validators.js';
import { surelyValid } from './json-schema-quick.js';

type Path = Array<string | number>;

let ajv: InstanceType<typeof AjvDraft04.default> | undefined;
const validators = new Map<string, ValidateFunction>();

function validatorFor(schemas: RuleApiSchemas, type: string): ValidateFunction | undefined {
  const key = `${schemas.source}|${type}`;
  let v = validators.get(key);
  if (!v) {
    const schema = schemas.types[type];
    if (!schema) return undefined;
    // Start-up: the bundles carry the bundled schemas' validators generated (rule-validators.ts).
    const compiled = precompiledValidator(schema) ?? (ajv ??= new (ajvClass())({ ...RULE_SCHEMA_AJV_OPTIONS })).compile(schema as object);
    validators.set(key, compiled);
    v = compiled;
  }
  return v;
}

/**
 * Places where detection-rules' generated API schemas lack a property that its own rule format and Kibana's
 * API have: a `value` in new_terms' history_window_start entries and in threat_mapping entries (every corpus
 * rule of those types has it), and the `type` of required_fields entries. Not reported.
 */
const SCHEMA_GAPS: Array<[RegExp, string]> = [
  [/^\/new_terms\/history_window_start\/\d+$/, 'value'],
  [/^\/threat_mapping\/\d+\/entries\/\d+$/, 'value'],
  [/^\/required_fields\/\d+$/, 'type'],
];

/** Whether ajv's additionalProperties error for `property` at `instancePath` is one of SCHEMA_GAPS (not reported). */
export const isSchemaGap = (instancePath: string, property: string) => SCHEMA_GAPS.some(([re, p]) => p === property && re.test(instancePath));

/** The `[name]` header line of a table, or the file start. */
function tableHeader(document: RuleDocument, name: string): Span {
  const m = new RegExp(`^[ \\t]*\\[[ \\t]*${name}[ \\t]*\\]`, 'm').exec(document.text);
  return m ? { start: m.index + m[0].indexOf('['), end: m.index + m[0].length } : { start: 0, end: 0 };
}

function pathOf(instancePath: string): Path {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function label(path: Path): string {
  return path.length ? path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('') : '[rule]';
}

const quote = (v: unknown) => JSON.stringify(v);

function renameFix(span: Span, to: string, document: RuleDocument): Fix {
  const bare = /^[A-Za-z0-9_-]+$/.test(to) ? to : JSON.stringify(to);
  const original = document.text.slice(span.start, span.end);
  return { title: `Rename to "${to}"`, edits: [{ span, newText: original.startsWith('"') ? JSON.stringify(to) : bare }] };
}

/**
 * Checks `[rule]` against its type's API schema. Missing required keys are reported only when `required` is
 * set (inside a detection-rules checkout, or when the code is configured): outside one, a rule file may be a
 * draft, and Kibana fills some of them in (author).
 */
export function checkRuleTable(document: RuleDocument, provider: SchemaProvider, report: (d: Diagnostic) => void, required: boolean): void {
  const rule = document.rule;
  const type = typeof rule.type === 'string' ? rule.type : undefined;
  const minStackVersion = typeof document.metadata.min_stack_version === 'string' ? document.metadata.min_stack_version : undefined;
  const schemas = provider.ruleApiSchemas({ filePath: document.path, ...(minStackVersion ? { minStackVersion } : {}) });
  const where = `Kibana's rule schema, api_schemas ${schemas.version}`;
  if (type === undefined) {
    if (rule.type === undefined && required) report(diagnostic('missing-rule-key', 'error', `[rule] needs a "type" (${Object.keys(schemas.types).filter((t) => t !== 'base').join(', ')}).`, tableHeader(document, 'rule')));
    return;
  }
  // Most rules are valid: a walk of the schema says so without compiling it (ajv's errors are only
  // needed, and its validator only compiled, when the rule may be invalid).
  const schema = schemas.types[type];
  if (schema && surelyValid(schema, rule, isSchemaGap)) return;
  const validate = validatorFor(schemas, type);
  if (!validate) {
    const span = document.valueSpan(['rule', 'type']) ?? tableHeader(document, 'rule');
    const known = Object.keys(schemas.types).filter((t) => t !== 'base');
    const guess = closestMatches(type, known, 1)[0];
    report(
      diagnostic('invalid-rule-value', 'error', `Unknown rule type "${type}": ${where} knows ${known.join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`, span,
        guess ? [{ title: `Change to "${guess}"`, edits: [{ span, newText: quote(guess) }] }] : undefined),
    );
    return;
  }
  if (validate(toJson(rule))) return;
  const seen = new Set<string>();
  // A misspelt required key is one mistake: the unknown key (with its rename), not also the missing one.
  const misspelt = new Set<string>();
  for (const e of validate.errors ?? []) {
    if (e.keyword !== 'additionalProperties') continue;
    const known = Object.keys(((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
    const guess = closestMatches((e.params as { additionalProperty: string }).additionalProperty, known, 1)[0];
    if (guess) misspelt.add(`${e.instancePath}|${guess}`);
  }
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'required' && misspelt.has(`${e.instancePath}|${(e.params as { missingProperty: string }).missingProperty}`)) continue;
    const d = toDiagnostic(e, document, where);
    if (!d || (d.code === 'missing-rule-key' && !required)) continue;
    const k = `${d.code}|${d.span.start}|${d.span.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    report(d);
  }
}

/** TOML values as JSON would carry them (dates as strings). */
function toJson(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(toJson);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

function toDiagnostic(e: ErrorObject, document: RuleDocument, where: string): Diagnostic | undefined {
  const path = pathOf(e.instancePath);
  const at = ['rule', ...path];
  const valueSpan = document.valueSpan(at) ?? document.keySpan(at) ?? document.keySpan(['rule']) ?? { start: 0, end: 0 };
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      if (isSchemaGap(e.instancePath, prop)) return undefined;
      const span = document.keySpan([...at, prop]) ?? valueSpan;
      const known = Object.keys(((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
      const guess = closestMatches(prop, known, 1)[0];
      const inMetadata = path.length === 0 && METADATA_KEYS.has(prop) ? ` "${prop}" belongs in [metadata].` : '';
      return diagnostic('unknown-rule-key', 'error', `Unknown key "${prop}" in ${path.length ? label(path) : '[rule]'}: ${where} has no such property.${guess ? ` Did you mean "${guess}"?` : ''}${inMetadata}`, span, guess ? [renameFix(span, guess, document)] : undefined);
    }
    case 'required': {
      const prop = (e.params as { missingProperty: string }).missingProperty;
      const span = path.length ? (document.keySpan(at) ?? valueSpan) : tableHeader(document, 'rule');
      return diagnostic('missing-rule-key', 'error', `${path.length ? label(path) : '[rule]'} needs "${prop}" (${where}).`, span);
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const guess = typeof e.data === 'string' ? closestMatches(e.data, allowed.filter((a): a is string => typeof a === 'string'), 1)[0] : undefined;
      return diagnostic('invalid-rule-value', 'error', `${label(path)} must be one of ${allowed.map(quote).join(', ')}, not ${quote(e.data)}.${guess ? ` Did you mean "${guess}"?` : ''}`, valueSpan,
        guess ? [{ title: `Change to "${guess}"`, edits: [{ span: valueSpan, newText: quote(guess) }] }] : undefined);
    }
    case 'type': {
      const t = (e.params as { type: string | string[] }).type;
      const want = (Array.isArray(t) ? t : [t]).map((x) => (x === 'integer' ? 'an integer' : x === 'array' ? 'an array' : x === 'object' ? 'a table' : `a ${x}`)).join(' or ');
      return diagnostic('invalid-rule-value', 'error', `${label(path)} must be ${want}, not ${describe(e.data)} (${where}).`, valueSpan);
    }
    case 'pattern':
      return diagnostic('invalid-rule-value', 'error', `${label(path)} ${quote(e.data)} does not have the expected form (${patternWords(path, (e.params as { pattern: string }).pattern)}).`, valueSpan);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const { comparison, limit } = e.params as { comparison: string; limit: number };
      return diagnostic('invalid-rule-value', 'error', `${label(path)} must be ${comparison} ${limit}, not ${quote(e.data)} (${where}).`, valueSpan);
    }
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength': {
      const { limit } = e.params as { limit: number };
      const what = e.keyword.endsWith('Items') ? (limit === 1 ? 'item' : 'items') : limit === 1 ? 'character' : 'characters';
      return diagnostic('invalid-rule-value', 'error', `${label(path)} must have ${e.keyword.startsWith('min') ? 'at least' : 'at most'} ${limit} ${what} (${where}).`, valueSpan);
    }
    default:
      return undefined; // anyOf/oneOf/if: their branches' errors say it better
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'a table';
  return `${typeof v === 'number' && Number.isInteger(v) ? 'the integer' : `the ${typeof v}`} ${quote(v)}`;
}

function patternWords(path: Path, pattern: string): string {
  const last = path[path.length - 1];
  if (last === 'rule_id') return 'a UUID such as "0ad3f1e2-0d6e-4a6a-9ad5-0a0c0e1f2a3b"';
  if (last === 'interval') return 'a number and a unit s, m, h or d, such as "5m"';
  if (last === 'reference') return 'the ATT&CK URL of that id, such as "https://attack.mitre.org/techniques/T1059/"';
  return `it must match /${pattern}/`;
}

// ---- [metadata] ------------------------------------------------------------------------------------------

const DATE = /^\d{4}\/\d{2}\/\d{2}$/;
const SEMVER = /^\d+\.\d+\.\d+$/;

/** detection-rules' rule metadata fields and what each takes. */
const METADATA_SCHEMA: Record<string, { kind: 'date' | 'string' | 'boolean' | 'stringOrList' | 'semver' | 'enum'; values?: readonly string[] }> = {
  creation_date: { kind: 'date' },
  updated_date: { kind: 'date' },
  deprecation_date: { kind: 'date' },
  deprecated_reason: { kind: 'string' },
  comments: { kind: 'string' },
  integration: { kind: 'stringOrList' },
  maturity: { kind: 'enum', values: ['development', 'experimental', 'beta', 'production', 'deprecated'] },
  min_stack_version: { kind: 'semver' },
  min_stack_comments: { kind: 'string' },
  os_type_list: { kind: 'stringOrList' },
  query_schema_validation: { kind: 'boolean' },
  related_endpoint_rules: { kind: 'stringOrList' },
  promotion: { kind: 'boolean' },
  bypass_bbr_timing: { kind: 'boolean' },
};
const METADATA_KEYS = new Set(Object.keys(METADATA_SCHEMA));

/** Checks the `[metadata]` table of a rule file: known keys, their values, and the order of the dates. */
export function checkMetadataTable(document: RuleDocument, report: (d: Diagnostic) => void): void {
  const meta = document.metadata;
  if (Object.keys(meta).length === 0 && document.keySpan(['metadata']) === undefined) return;
  for (const [key, value] of Object.entries(meta)) {
    const def = METADATA_SCHEMA[key];
    // Spans are looked up only for a diagnostic (most tables are valid).
    const keySpanOf = () => document.keySpan(['metadata', key]) ?? { start: 0, end: 0 };
    const valueSpanOf = () => document.valueSpan(['metadata', key]) ?? keySpanOf();
    if (!def) {
      const keySpan = keySpanOf();
      const guess = closestMatches(key, METADATA_KEYS, 1)[0];
      report(diagnostic('unknown-metadata-key', 'error', `Unknown key "${key}" in [metadata]: detection-rules' rule metadata has no such field.${guess ? ` Did you mean "${guess}"?` : ''}`, keySpan, guess ? [renameFix(keySpan, guess, document)] : undefined));
      continue;
    }
    const bad = (want: string) => report(diagnostic('invalid-metadata-value', 'error', `metadata.${key} must be ${want}, not ${describe(value instanceof Date ? value.toISOString() : value)}.`, valueSpanOf()));
    switch (def.kind) {
      case 'date':
        if (typeof value !== 'string' || !DATE.test(value) || !validDate(value)) bad('a date written YYYY/MM/DD, such as "2026/12/01"');
        break;
      case 'semver':
        if (typeof value !== 'string' || !SEMVER.test(value)) bad('a stack version written MAJOR.MINOR.PATCH, such as "9.1.0"');
        break;
      case 'boolean':
        if (typeof value !== 'boolean') bad('true or false');
        break;
      case 'string':
        if (typeof value !== 'string') bad('a string');
        break;
      case 'stringOrList':
        if (!(typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string')))) bad('a string or an array of strings');
        break;
      case 'enum':
        if (typeof value !== 'string' || !def.values!.includes(value)) {
          const guess = typeof value === 'string' ? closestMatches(value, def.values!, 1)[0] : undefined;
          const valueSpan = valueSpanOf();
          report(diagnostic('invalid-metadata-value', 'error', `metadata.${key} must be one of ${def.values!.map(quote).join(', ')}, not ${quote(value)}.${guess ? ` Did you mean "${guess}"?` : ''}`, valueSpan,
            guess ? [{ title: `Change to "${guess}"`, edits: [{ span: valueSpan, newText: quote(guess) }] }] : undefined));
        }
    }
  }
  const created = meta.creation_date;
  const updated = meta.updated_date;
  if (typeof created === 'string' && typeof updated === 'string' && DATE.test(created) && DATE.test(updated) && validDate(created) && validDate(updated) && updated < created) {
    report(diagnostic('invalid-metadata-value', 'error', `metadata.updated_date ${quote(updated)} is before creation_date ${quote(created)}.`, document.valueSpan(['metadata', 'updated_date']) ?? { start: 0, end: 0 }));
  }
}

/**
 * Whether a YYYY/MM/DD string (DATE) names a day of the calendar, as a round trip through `Date.UTC` says
 * (which reads years 0-99 as 1900-1999, so those never round-trip), by arithmetic (no Date per check).
 */
function validDate(s: string): boolean {
  const y = +s.slice(0, 4);
  const m = +s.slice(5, 7);
  const d = +s.slice(8, 10);
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}

// ---- risk score and severity --------------------------------------------------------------------------------

/** The risk score range detection-rules' tests require for each severity. */
const RISK_BY_SEVERITY: Record<string, [number, number]> = { low: [0, 21], medium: [22, 47], high: [48, 73], critical: [74, 100] };

export function checkRiskScore(document: RuleDocument, report: (d: Diagnostic) => void): void {
  const { severity, risk_score: risk } = document.rule;
  if (typeof severity !== 'string' || typeof risk !== 'number' || !RISK_BY_SEVERITY[severity]) return;
  const [lo, hi] = RISK_BY_SEVERITY[severity];
  if (risk >= lo && risk <= hi) return;
  const fitting = Object.entries(RISK_BY_SEVERITY).find(([, [a, b]]) => risk >= a && risk <= b)?.[0];
  report(
    diagnostic('risk-score-severity', 'warning', `risk_score ${risk} does not fit severity "${severity}" (${lo}–${hi}, as detection-rules requires)${fitting ? `; ${risk} is a "${fitting}" score` : ''}.`,
      document.valueSpan(['rule', 'risk_score']) ?? { start: 0, end: 0 }),
  );
}

// ---- ATT&CK mapping ----------------------------------------------------------------------------------------

/** The MITRE ATT&CK Enterprise tactics (id -> name), as rules name them in threat.tactic and in "Tactic:" tags. */
const TACTICS: Record<string, string> = {
  TA0001: 'Initial Access',
  TA0002: 'Execution',
  TA0003: 'Persistence',
  TA0004: 'Privilege Escalation',
  TA0005: 'Defense Evasion',
  TA0006: 'Credential Access',
  TA0007: 'Discovery',
  TA0008: 'Lateral Movement',
  TA0009: 'Collection',
  TA0010: 'Exfiltration',
  TA0011: 'Command and Control',
  TA0040: 'Impact',
  TA0042: 'Resource Development',
  TA0043: 'Reconnaissance',
};

/**
 * The ATT&CK mapping of `[[rule.threat]]`: tactic ids and names that go together, technique and sub-technique
 * ids of the right form (a sub-technique under its own technique), references that point at the id they sit
 * beside.
 */
export function checkAttackMapping(document: RuleDocument, report: (d: Diagnostic) => void): void {
  const threats = document.rule.threat;
  if (!Array.isArray(threats)) return;
  const bad = (path: Path, message: string, fix?: { to: string }) => {
    const span = document.valueSpan(['rule', 'threat', ...path]) ?? document.keySpan(['rule', 'threat']) ?? { start: 0, end: 0 };
    report(diagnostic('attack-mapping', 'error', message, span, fix ? [{ title: `Change to "${fix.to}"`, edits: [{ span, newText: quote(fix.to) }] }] : undefined));
  };
  threats.forEach((t: unknown, i: number) => {
    if (!t || typeof t !== 'object') return;
    const threat = t as Record<string, unknown>;
    if (threat.framework !== 'MITRE ATT&CK') return;
    const tactic = threat.tactic as Record<string, unknown> | undefined;
    if (tactic && typeof tactic.id === 'string') {
      const name = TACTICS[tactic.id];
      if (!name) bad([i, 'tactic', 'id'], `"${tactic.id}" is not an ATT&CK Enterprise tactic id (${Object.keys(TACTICS).join(', ')}).`);
      else {
        if (typeof tactic.name === 'string' && tactic.name !== name) bad([i, 'tactic', 'name'], `Tactic ${tactic.id} is "${name}", not "${tactic.name}".`, { to: name });
        const ref = `https://attack.mitre.org/tactics/${tactic.id}/`;
        if (wellFormedRef(tactic.reference) && tactic.reference !== ref) bad([i, 'tactic', 'reference'], `The reference of tactic ${tactic.id} is "${ref}".`, { to: ref });
      }
    }
    const techniques = Array.isArray(threat.technique) ? threat.technique : [];
    techniques.forEach((x: unknown, j: number) => {
      const tech = x as Record<string, unknown>;
      if (!tech || typeof tech.id !== 'string') return;
      if (!/^T\d{4}$/.test(tech.id)) bad([i, 'technique', j, 'id'], `"${tech.id}" is not an ATT&CK technique id (T followed by four digits, such as T1059).`);
      else {
        const ref = `https://attack.mitre.org/techniques/${tech.id}/`;
        if (wellFormedRef(tech.reference) && tech.reference !== ref) bad([i, 'technique', j, 'reference'], `The reference of technique ${tech.id} is "${ref}".`, { to: ref });
      }
      const subs = Array.isArray(tech.subtechnique) ? tech.subtechnique : [];
      subs.forEach((y: unknown, k: number) => {
        const sub = y as Record<string, unknown>;
        if (!sub || typeof sub.id !== 'string') return;
        const m = /^(T\d{4})\.(\d{3})$/.exec(sub.id);
        if (!m) bad([i, 'technique', j, 'subtechnique', k, 'id'], `"${sub.id}" is not an ATT&CK sub-technique id (such as T1059.001).`);
        else if (m[1] !== tech.id) bad([i, 'technique', j, 'subtechnique', k, 'id'], `Sub-technique ${sub.id} does not belong to technique ${tech.id}.`);
        else {
          const ref = `https://attack.mitre.org/techniques/${m[1]}/${m[2]}/`;
          if (wellFormedRef(sub.reference) && sub.reference !== ref) bad([i, 'technique', j, 'subtechnique', k, 'reference'], `The reference of sub-technique ${sub.id} is "${ref}".`, { to: ref });
        }
      });
    });
  });
}

/** A reference of the form the rule schema requires (a malformed one is the schema check's to report). */
function wellFormedRef(ref: unknown): ref is string {
  return typeof ref === 'string' && /^https:\/\/attack\.mitre\.org\/(tactics|techniques)\/[A-Z]+\d+\/(\d+\/)?$/.test(ref);
}
