import { describe, expect, it } from 'vitest';
import { lintText } from '../packages/linter/src/index.js';
import { formatStylish } from '../packages/cli/src/index.js';
import { colors } from '../packages/cli/src/formatters/colors.js';

function frameOf(text: string, name: string): string[] {
  const result = lintText(text, { filename: name, noConfig: true });
  const out = formatStylish({ files: [result], summary: { files: 1, errors: 1, warnings: 0, infos: 0, skipped: 0, partlyChecked: 0, partlyCheckedPackages: {} } }, { colors: colors(false), sourceOf: () => text });
  return out.split('\n');
}

describe('stylish code frames', () => {
  it('underline the exact range', () => {
    const [, code, carets] = frameOf('process where process.nmae == "a"\n', 'q.eql');
    expect(code).toBe('  1 | process where process.nmae == "a"');
    expect(carets).toBe('    |               ^^^^^^^^^^^^');
  });

  it('show a window of a very long line, with the carets still under the range', () => {
    const conditions = Array.from({ length: 30 }, (_, i) => `process.name == "${i}"`);
    conditions[20] = 'process.nmae == "x"';
    const [, code, carets] = frameOf(`from logs-endpoint.events.process-* | where ${conditions.join(' and ')}\n`, 'q.esql');
    expect(code.length).toBeLessThan(160);
    expect(code).toMatch(/^ {2}1 \| ….*…$/);
    const at = carets.indexOf('^');
    expect(code.slice(at, at + 'process.nmae'.length)).toBe('process.nmae');
    expect(carets).toMatch(/\| +\^{12}$/);
  });
});
