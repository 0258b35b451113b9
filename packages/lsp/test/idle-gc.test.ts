/**
 * The pause after an edit collects the young generation when a lint might fill it (idle-gc.ts): a
 * minor collection then, none when there is room.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { idleCollector } from '../src/idle-gc.js';

/** The minor collections made while `during` runs. */
async function minorCollections(during: () => Promise<void>): Promise<number> {
  let minor = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minor++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  await during();
  // Entries are delivered asynchronously.
  await new Promise((r) => setTimeout(r, 50));
  observer.disconnect();
  return minor;
}

describe('idle collector', () => {
  it('collects the young generation in the pause when it has less room than a lint needs', async () => {
    const collector = idleCollector(5, Number.MAX_SAFE_INTEGER);
    const n = await minorCollections(async () => {
      collector.changed();
      await new Promise((r) => setTimeout(r, 60));
    });
    expect(n).toBeGreaterThanOrEqual(1);
  });

  it('waits for the edits to pause: changes in a row make one collection', async () => {
    const collector = idleCollector(30, Number.MAX_SAFE_INTEGER);
    const n = await minorCollections(async () => {
      for (let i = 0; i < 5; i++) {
        collector.changed();
        await new Promise((r) => setTimeout(r, 2));
      }
      await new Promise((r) => setTimeout(r, 80));
    });
    expect(n).toBe(1);
  });

  it('does nothing when there is room, or once disposed', async () => {
    const roomy = idleCollector(5, -Number.MAX_SAFE_INTEGER);
    const disposed = idleCollector(5, Number.MAX_SAFE_INTEGER);
    const n = await minorCollections(async () => {
      roomy.changed();
      disposed.changed();
      disposed.dispose();
      await new Promise((r) => setTimeout(r, 60));
    });
    expect(n).toBe(0);
  });
});
