/**
 * Young-generation collections in the pause after an edit (issue 19, diagnostics after an edit).
 *
 * Each lint of a large rule allocates about 1 MB (the query's syntax tree is most of it, and it stays
 * alive with the document's version). V8 collects its young generation when it is full, so about one
 * lint in ten paid a scavenge: 2-4 ms on an idle machine, 10-70 ms on a loaded one, where the parallel
 * scavenger's threads wait for a core. Diagnostics are debounced (DIAGNOSTICS_DELAY_MS): the server
 * waits anyway after a change. So shortly after a change, when the young generation has less room left
 * than a lint of a large document needs, the server collects it there and then (V8's minor collection,
 * the same scavenge V8 would run later), and the lint that follows finds room.
 *
 * The collection runs when the young generation is nearly full only: the scavenges are not more, they
 * are moved. Without V8's `gc` function (a runtime that refuses the flag), nothing is done.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How long after a change the collection is considered: after the change's own work, well before the debounce ends. */
export const IDLE_GC_DELAY_MS = 20;

/**
 * The room a lint may need (a few lints of a 50 KB rule). V8 starts its own scavenge, as a task that runs
 * before the diagnostics are written (vscode-jsonrpc writes from a setImmediate), once the young
 * generation is 80 % full (V8's --scavenge-task-trigger): the pause collects it when a lint could get there.
 */
export const IDLE_GC_MIN_ROOM = 3 * 1024 * 1024;

/** V8's default --scavenge-task-trigger: the share of the young generation at which it schedules a scavenge. */
const SCAVENGE_TASK_TRIGGER = 0.8;

type MinorGc = (options: { type: 'minor' }) => void;

let minorGc: MinorGc | null | undefined;

/** V8's `gc` function, taken once: `--expose-gc` set at run time makes it available to a new context. */
function collector(): MinorGc | null {
  if (minorGc !== undefined) return minorGc;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('typeof gc === "function" ? gc : undefined') as MinorGc | undefined;
    minorGc = gc ?? null;
  } catch {
    minorGc = null;
  }
  return minorGc;
}

/** The room of the young generation (bytes) before V8 schedules a scavenge, or undefined when V8 does not tell. */
function youngRoom(): number | undefined {
  for (const s of getHeapSpaceStatistics()) {
    if (s.space_name !== 'new_space') continue;
    const capacity = s.space_used_size + s.space_available_size;
    return capacity * SCAVENGE_TASK_TRIGGER - s.space_used_size;
  }
  return undefined;
}

export interface IdleCollector {
  /** A document changed: collect the young generation in the pause if it has little room left. */
  changed(): void;
  dispose(): void;
}

export function idleCollector(delayMs = IDLE_GC_DELAY_MS, minRoom = IDLE_GC_MIN_ROOM): IdleCollector {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    const room = youngRoom();
    if (room === undefined || room >= minRoom) return;
    const gc = collector();
    if (!gc) return;
    try {
      gc({ type: 'minor' });
    } catch {
      minorGc = null;
    }
  };
  return {
    changed() {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(run, delayMs);
      timer.unref?.();
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
