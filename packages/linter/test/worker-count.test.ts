// `--concurrency`: how many worker threads lint beside the main thread (which lints too).
import { describe, expect, it } from 'vitest';
import { AUTO_PARALLEL_MIN_CORES, AUTO_PARALLEL_MIN_FILES, workerCount } from '../src/index.js';

describe('workerCount', () => {
  it('auto: this thread alone for few files or on one core; one thread per core (at most 8) otherwise', () => {
    expect(workerCount('auto', AUTO_PARALLEL_MIN_FILES, 8)).toBe(0);
    expect(workerCount(undefined, 2000, 1)).toBe(0);
    expect(workerCount('auto', 2000, 2)).toBe(1);
    expect(workerCount('auto', 2000, AUTO_PARALLEL_MIN_CORES)).toBe(AUTO_PARALLEL_MIN_CORES - 1);
    expect(workerCount('auto', 2000, 32)).toBe(7);
  });
  it('a number asks for that many threads in all (none besides this one for one, or for a handful of files)', () => {
    expect(workerCount(1, 2000, 8)).toBe(0);
    expect(workerCount(2, 2000, 2)).toBe(1);
    expect(workerCount(3, 2000, 2)).toBe(2);
    expect(workerCount(4, 10, 8)).toBe(1);
  });
});
