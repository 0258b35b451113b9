// `--concurrency`: how many worker threads lint beside the main thread (which lints too).
import { loadavg } from 'node:os';
import { describe, expect, it } from 'vitest';
import { AUTO_PARALLEL_MIN_CORES, AUTO_PARALLEL_MIN_FILES, busyCores, workerCount } from '../src/index.js';

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

describe('busyCores', () => {
  it('the load average, or the tasks runnable now besides this one when fewer (Linux /proc/loadavg)', () => {
    // Idle now, after a heavy command: the average still counts it.
    expect(busyCores('1.98 2.40 2.46 1/85 9009\n', 1.98)).toBe(0);
    expect(busyCores('1.98 2.40 2.46 2/92 9231\n', 1.98)).toBe(1);
    // Busier now than the average says: the average.
    expect(busyCores('0.20 0.40 0.46 5/92 9231\n', 0.2)).toBe(0.2);
    // Nothing to read (other systems) or a format not known: the average.
    expect(busyCores(null, 1.7)).toBe(1.7);
    expect(busyCores('garbage', 1.7)).toBe(1.7);
    expect(busyCores('1 2 3 1/85 9', Number.NaN)).toBeNaN();
    // What the CLI decides from it on two cores: a worker once the cores are free again.
    expect(workerCount('auto', 2000, 2, busyCores('1.98 2.40 2.46 1/85 9009\n', 1.98))).toBe(1);
    expect(workerCount('auto', 2000, 2, busyCores('2.50 2.40 2.46 3/85 9009\n', 2.5))).toBe(0);
  });
  it('reads this machine: a number no greater than its load average', () => {
    const n = busyCores();
    expect(Number.isNaN(n) || (n >= 0 && n <= loadavg()[0] + 1)).toBe(true);
  });
});
