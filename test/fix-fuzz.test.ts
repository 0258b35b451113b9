/**
 * Fuzzing `--fix` and `esql-lint format` on mutated rule files (the corpus read at test time only; UTF-8,
 * with a byte order mark, CRLF, UTF-16LE and an invalid byte): the safe fixes are chosen and applied to the
 * file's bytes as `fixSourceFile` does (chooseSafeEdits + applyEditsToBytes, a few rounds), the format edits
 * as the format command does (formatDocument + applyEditsToBytes). Each asserts: no throw, edits inside
 * the text and not overlapping, bytes changed only inside the edited ranges, fixing the fixed file changes
 * nothing more once fixes stop applying, formatting the formatted file changes nothing.
 *
 * `npm test` runs a bounded number of cases (FUZZ_RUNS, default 60); `npm run fuzz` runs many more.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Linter, applyEditsToBytes, applySafeFixes, chooseSafeEdits, decodeSource, formatDocument, type FormatOptions } from '../packages/linter/src/index.js';
import { corpusRuleFiles, HAS_CORPUS } from './support/corpus.js';
import { editAt, rng } from './support/fuzz.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const LOG = process.env.FUZZ_LOG;

const PIECES = [' ', '\n', '\r\n', '\t', '(', ')', '[', ']', '"', "'", "'''", '"""', '\\', '*', ',', '|', '=', '#', '\u0000', '🙂', 'é', '  ', '| where ', ' and ', 'METADATA _id', '\nindex = [', '\n[metadata]\n', '## Setup', '## setup'];

/** Changes that the review checks have safe fixes for: a missing METADATA, tag, integration, building block type, a misspelt tactic, heading, type. */
const FIXABLE: Array<[RegExp, string]> = [
  [/ METADATA _id, _version, _index/i, ''],
  [/(\nname = ")([A-Z][a-z]+)/, '$1$2x'],
  [/## Setup/, '## setup'],
  [/"Domain: Endpoint",\s*/, ''],
  [/"(Data Source: [^"]*)",\s*/, ''],
  [/type = "keyword"/, 'type = "long"'],
  [/building_block_type = "default"/, 'building_block_type = "defalt"'],
  [/building_block_type = "default"\r?\n/, ''],
  [/"Rule Type: BBR",?\s*/, ''],
  [/integration = \["[^"]*",?\s*/, 'integration = ['],
];

function mutate(text: string, r: () => number): string {
  let t = text;
  // Half the files: something to fix, and at most one other edit (most edits break the TOML).
  if (r() < 0.5) {
    for (const [re, to] of FIXABLE) if (r() < 0.5) t = t.replace(re, to);
    if (r() < 0.5) return t;
  }
  for (let n = 0; n < 1 + Math.floor(r() * 3); n++) t = editAt(t, Math.floor(r() * (t.length + 1)), r, PIECES);
  return t;
}

/** The file's bytes in one of the encodings a rule file may come in. */
function encode(text: string, r: () => number): Buffer {
  switch (Math.floor(r() * 6)) {
    case 0:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 1:
      return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');
    case 2:
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 3: {
      const b = Buffer.from(text, 'utf8');
      const at = Math.floor(r() * (b.length + 1));
      return Buffer.concat([b.subarray(0, at), Buffer.from([0xff]), b.subarray(at)]);
    }
    default:
      return Buffer.from(text, 'utf8');
  }
}

/** How many fix rounds and formats changed something (FUZZ_STATS prints them). */
const stats = { fixed: 0, formatted: 0 };

interface Edit {
  span: { start: number; end: number };
  newText: string;
}

/** Problems of edits to `text` and of their result `next` (the bytes), empty when all is well. */
function checkEdits(what: string, bytes: Buffer, edits: readonly Edit[], next: Buffer | undefined): string[] {
  const source = decodeSource(bytes);
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  for (const [i, e] of sorted.entries()) {
    if (!(e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= source.text.length)) return [`${what}: edit ${e.span.start}-${e.span.end} outside 0-${source.text.length}`];
    const prev = sorted[i - 1];
    // (An insertion right before a replacement that starts there, in that order, is one change: `|eval` -> `| EVAL`.)
    if (prev && (e.span.start < prev.span.end || (e.span.start === prev.span.start && e.span.start === e.span.end))) return [`${what}: edits ${prev.span.start}-${prev.span.end} and ${e.span.start}-${e.span.end} overlap`];
  }
  if (!next) return [];
  // The bytes between the edits are the file's own, in order; an edit's bytes are its text, encoded.
  let pos = 0;
  let at = 0;
  for (const e of sorted) {
    const from = source.toByte(e.span.start);
    const kept = bytes.subarray(pos, from);
    if (!next.subarray(at, at + kept.length).equals(kept)) return [`${what}: bytes changed outside the edits, before text offset ${e.span.start}`];
    at += kept.length;
    const inserted = source.encode(e.newText);
    if (!next.subarray(at, at + inserted.length).equals(inserted)) return [`${what}: the edit at ${e.span.start} is not its text`];
    at += inserted.length;
    pos = source.toByte(e.span.end);
  }
  if (!next.subarray(at).equals(bytes.subarray(pos))) return [`${what}: bytes changed outside the edits, after the last one`];
  return [];
}

/** `--fix`: up to five rounds of safe fixes on the bytes (as fixSourceFile); the bytes and the problems. */
function fix(linter: Linter, path: string, original: Buffer, problems: string[]): Buffer {
  let bytes = original;
  for (let round = 0; round < 5; round++) {
    const source = decodeSource(bytes);
    const result = linter.lintText(source.text, path);
    const { edits, applied } = chooseSafeEdits(result, (f) => !f.edits.some((e) => source.invalid.some((o) => o >= e.span.start && o < e.span.end)));
    if (!applied) break;
    stats.fixed++;
    const next = applyEditsToBytes(bytes, source, edits);
    problems.push(...checkEdits(`fix round ${round + 1}`, bytes, edits, next));
    if (!next) break;
    bytes = next;
  }
  return bytes;
}

/** `esql-lint format`: the format edits applied to the bytes (as the format command); the bytes and the problems. */
function format(path: string, bytes: Buffer, options: FormatOptions, problems: string[]): Buffer {
  const source = decodeSource(bytes);
  const result = formatDocument(source.text, path, options);
  const next = applyEditsToBytes(bytes, source, result.edits);
  if (result.edits.length) stats.formatted++;
  problems.push(...checkEdits('format', bytes, result.edits, next));
  if (next && !decodeSource(next).text.replace(/\s+/g, '').length && source.text.replace(/\s+/g, '').length) problems.push('format: emptied the file');
  return next ?? bytes;
}

describe.skipIf(!HAS_CORPUS)('fuzz: --fix and format on mutated rule files', () => {
  it(`${RUNS} mutated files: fixes and format edits change bytes only inside their ranges, twice is stable`, () => {
    const linter = new Linter({});
    const files = corpusRuleFiles();
    const r = rng(SEED);
    const failures: string[] = [];
    const OPTIONS: FormatOptions[] = [{}, { keywordCase: 'upper' }, { keywordCase: 'lower', lineWidth: 40 }];
    for (let i = 0; i < RUNS; i++) {
      // The corpus path: inside the checkout, where the review checks (and their safe fixes) are on.
      const path = files[Math.floor(r() * files.length)];
      const bytes = encode(mutate(readFileSync(path, 'utf8'), r), r);
      if (LOG) writeFileSync(LOG, bytes);
      const problems: string[] = [];
      try {
        let undecodable = false;
        try {
          decodeSource(bytes);
        } catch {
          undecodable = true;
        }
        if (!undecodable) {
          const fixed = fix(linter, path, bytes, problems);
          const again = fix(linter, path, fixed, problems);
          // Fixing twice is stable: a second --fix finds nothing more to do.
          if (!again.equals(fixed)) problems.push(`fix: a second --fix changed the file again (${fixed.length} -> ${again.length} bytes)`);
          // `--fix` of standard input fixes the text (applySafeFixes, as cli.ts): the same result where no byte is invalid.
          const source = decodeSource(bytes);
          if (!source.invalid.length) {
            let text = source.text;
            for (let round = 0; round < 5; round++) {
              const next = applySafeFixes(text, linter.lintText(text, path));
              if (!next.applied) break;
              text = next.text;
            }
            if (text !== decodeSource(fixed).text) problems.push('fix: the text fixes (standard input) differ from the byte fixes');
          }
          const options = OPTIONS[i % OPTIONS.length];
          const formatted = format(path, bytes, options, problems);
          const twice = format(path, formatted, options, problems);
          if (!twice.equals(formatted)) problems.push(`format ${JSON.stringify(options)}: not idempotent`);
        }
      } catch (e) {
        problems.push(`threw ${(e as Error)?.stack?.split('\n').slice(0, 4).join(' ')}`);
      }
      if (problems.length) {
        if (LOG) writeFileSync(`${LOG}.fail-${i}.toml`, bytes);
        failures.push(`${path.slice(path.lastIndexOf('/rules') + 1)} #${i}: ${problems[0]}`);
      }
    }
    if (process.env.FUZZ_STATS) console.log(`fix rounds applied: ${stats.fixed}, formats with edits: ${stats.formatted}`);
    expect(failures.slice(0, 8)).toEqual([]);
  });
});

describe('fuzz findings (linter)', () => {
  it('a rule name of 40,000 characters and a note with "### Investigating": lints (was "Regular expression too large")', () => {
    // Found by the language service fuzz test: a slice of the query repeated into the name.
    const linter = new Linter({ rules: { 'investigation-guide': 'error' } });
    const rule = (name: string, heading: string) =>
      `[metadata]\nmaturity = "production"\n\n[rule]\nname = "${name}"\ntype = "query"\nlanguage = "kuery"\nindex = ["logs-*"]\ntags = ["Resources: Investigation Guide"]\nnote = """\n## Triage and analysis\n\n### ${heading}\n"""\nquery = 'a : b'\n`;
    const long = 'Shell | rename a as b '.repeat(2000);
    const guide = (r: ReturnType<Linter['lintText']>) => r.diagnostics.filter((d) => d.code === 'investigation-guide' || d.code === 'internal-error').map((d) => d.message);
    expect(guide(linter.lintText(rule(long, `Investigating  ${long.toUpperCase()}`), 'r.toml'))).toEqual([]);
    expect(guide(linter.lintText(rule(long, 'Investigating something else'), 'r.toml'))).toEqual([`The "### Investigating" heading of the investigation guide names the rule: "### Investigating ${long}".`]);
    expect(guide(linter.lintText(rule('Odd (name) [x]*', 'Investigating\todd (NAME) [x]*'), 'r.toml'))).toEqual([]);
  });
});
