import { describe, expect, it } from 'vitest';
import { EQL_CODES } from '@esql-lint/parser-eql';
import { Linter } from '../src/index.js';
import { ruleMeta } from '../src/rules.js';

const linter = new Linter({});

/** Errors of an .eql file as `code text` (the text the range covers). */
function lint(q: string): string[] {
  return linter.lintText(q, 'q.eql').diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${q.slice(d.span.start, d.span.end)}`);
}

describe('EQL verifier-stage refusals have the code of their cause', () => {
  it('registers every code the EQL parser reports', () => {
    for (const code of EQL_CODES) expect(ruleMeta(code), code).toBeDefined();
  });

  it.each([
    ['process where startWith(process.name, "a")', ['unknown-function startWith']],
    ['process where startsWith(process.name)', ['wrong-argument-count startsWith(process.name)']],
    ['join [process where true] [file where true]', ['unsupported-eql join']],
    ['process where true | unique process.name', ['unsupported-eql unique']],
    ['process where process.pid == process.parent.pid', ['field-comparison process.parent.pid']],
    ['process where process.name in ("a", process.parent.name)', ['non-constant-value process.parent.name']],
    ['process where process.pid == 99999999999999999999', ['number-out-of-range 99999999999999999999']],
    ['sequence [process where true] by process.entity_id [file where true]', ['invalid-sequence [file where true]']],
    ['process where true | head -1', ['invalid-pipe-argument -1']],
    ['process where process.name = "a"', ['syntax-error =']],
    ['process where startsWith(process.name, "a")', []],
  ])('%s', (q, expected) => {
    expect(lint(q)).toEqual(expected);
  });

  it('offers the did-you-mean of an unknown function as a quick fix', () => {
    const q = 'process where stringContain(process.name, "a")';
    const d = linter.lintText(q, 'q.eql').diagnostics.find((x) => x.code === 'unknown-function');
    expect(d?.message).toContain("did you mean 'stringContains'");
    const edit = d?.fixes?.[0]?.edits[0];
    expect(edit && q.slice(0, edit.span.start) + edit.newText + q.slice(edit.span.end)).toBe('process where stringContains(process.name, "a")');
  });
});
