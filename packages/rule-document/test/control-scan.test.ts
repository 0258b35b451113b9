import { describe, expect, it } from 'vitest';
import { controlScan, scanUnitsOf } from '../src/control-scan.js';
import { parseToml } from '../src/index.js';

const isControl = (c: number) => (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127;

describe('control-character scan (WebAssembly)', () => {
  it('is there on Node (the reader falls back to searches without it)', () => {
    expect(controlScan).toBeTypeOf('function');
  });

  it('finds every unit value 0-65535 that is a control character, at every place of a 16-unit step and in the tail', () => {
    const scan = controlScan!;
    const problems: string[] = [];
    for (const n of [1, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 95]) {
      const u = scanUnitsOf(n + 1)!;
      for (let c = 0; c < 65536; c++) {
        // Lengths and places cover the lanes of both halves of a step, the last step and the tail.
        const at = (c * 7) % n;
        u.fill(0x61, 0, n);
        u[at] = c;
        u[n] = 0; // after the units scanned: never looked at
        if (scan(n) !== isControl(c)) problems.push(`U+${c.toString(16)} at ${at} of ${n}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('reads the units of the text it is given, after a larger text grew its memory', () => {
    const big = 'a = "' + 'x'.repeat(300_000) + '"\n';
    expect(() => parseToml(big + 'b = "\u0001"')).toThrow(/U\+0001/);
    expect(parseToml(big).value.a).toHaveLength(300_000);
    expect(() => parseToml('c = "\u007f"')).toThrow(/U\+007F/);
    expect(parseToml('c = "\u017f\u0100"').value.c).toBe('\u017f\u0100');
  });
});
