// `--concurrency`: how many worker threads lint beside the main thread (which lints too).
import { describe, expect, it } from 'vitest';
import { AUTO_PARALLEL_MIN_CORES, AUTO_PARALLEL_MIN_FILES, workerCount } from '../src/index.js';

describe('workerCount', () => {
  it('auto: this thread alone for few files or on one core; one thread per free core (at most 8) otherwise', () => {
    expect(workerCount('auto', AUTO_PARALLEL_MIN_FILES, 8, 0)).toBe(0);
    expect(workerCount(undefined, 2000, 1, 0)).toBe(0);
    expect(workerCount('auto', 2000, 2, 0)).toBe(1);
    expect(workerCount('auto', 2000, AUTO_PARALLEL_MIN_CORES, 0)).toBe(AUTO_PARALLEL_MIN_CORES - 1);
    expect(workerCount('auto', 2000, 32, 0)).toBe(7);
  });
  it('auto: cores busy with other work (the load average) are not counted', () => {
    expect(workerCount('auto', 2000, 2, 1.4)).toBe(1);
    expect(workerCount('auto', 2000, 2, 1.6)).toBe(0);
    expect(workerCount('auto', 2000, 2, 12)).toBe(0);
    expect(workerCount('auto', 2000, 2, 1)).toBe(1);
    expect(workerCount('auto', 2000, 8, 3.2)).toBe(5);
    expect(workerCount('auto', 2000, 8, Number.NaN)).toBe(7);
  });
  it('a number asks for that many threads in all, whatever the load (none besides this one for one, or for a handful of files)', () => {
    expect(workerCount(1, 2000, 8, 0)).toBe(0);
    expect(workerCount(2, 2000, 2, 0)).toBe(1);
    expect(workerCount(2, 2000, 2, 12)).toBe(1);
    expect(workerCount(3, 2000, 2, 0)).toBe(2);
    expect(workerCount(4, 10, 8, 0)).toBe(1);
  });
});
