// A CLI run over many files: the plan (files found, less those ignored), the cache, and the files
// that missed it linted on this thread or by worker threads. The report is the same whichever way the
// files were linted: results are put back in the plan's order.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData, type WorkerOptions } from 'node:worker_threads';
import { ConfigError } from './config.js';
import { LintCache, SchemaFingerprints, sha1 } from './cache.js';
import { readSourceFile, type FileFault } from './file-io.js';
import { displayPath, LinterPool, lintPlannedFile, planFiles, reportOf, type FilePlan, type LintFilesOptions } from './files.js';
import type { FileResult, LintReport } from './result.js';

export interface RunOptions extends LintFilesOptions {
  /** Keep results on disk between runs (`--cache`): the file, and the build it is valid for. */
  cache?: { location: string; build: string };
  /** Worker threads: a number (1: none), or 'auto' (workers for runs of more than a few hundred files, from 3 cores). */
  concurrency?: number | 'auto';
  /** The script a worker runs (the bundled CLI passes itself); by default the linter's worker module. */
  workerUrl?: URL;
  /**
   * `--fix-dry-run`: compute the safe fixes without writing; a file they would change gets its fixed
   * text in `output` and the diagnostics that would remain.
   */
  fixDryRun?: boolean;
}

/** The options a worker needs to lint as this thread would (plain data: they cross threads). */
interface WorkerSettings {
  options: Pick<RunOptions, 'overrides' | 'noConfig' | 'baseConfig' | 'cwd' | 'fixDryRun'>;
}

/** Runs of more files than this get worker threads with `concurrency: 'auto'`. */
export const AUTO_PARALLEL_MIN_FILES = 300;

/**
 * `concurrency: 'auto'` starts workers only with at least this many cores. This thread lints too, so
 * on two cores one worker joins it: each thread loads the parsers and schemas and warms up on its own
 * (about as much work as linting a thousand rules), which two workers beside an idle main thread did not
 * repay (whole corpus, idle machine: 6.7 s vs 5.2 s one thread, before this thread took its share).
 */
export const AUTO_PARALLEL_MIN_CORES = 2;

/**
 * How many worker threads lint beside this thread (which lints too), for `concurrency` threads in all
 * (or 'auto': one per core, at most 8, less the cores other work keeps busy) and `files` files to lint
 * on `cores` cores, with `load` the cores other work keeps busy (`busyCores`); 0: this thread alone.
 *
 * 'auto' counts only the cores other work leaves free (as `make -l`): each thread warms up on its own,
 * so two threads cost ~1.3x the CPU of one, which pays only when the second thread gets a core of its
 * own. On this 2-core machine busy with other work (load 3 to 18), the whole corpus took 4.8-9.5 s on one
 * thread and 5.3-14.5 s on two (alternated runs, medians of 3); idle, two threads were the faster.
 */
export function workerCount(concurrency: RunOptions['concurrency'], files: number, cores = availableParallelism(), load = busyCores()): number {
  if (concurrency === undefined || concurrency === 'auto') {
    if (files <= AUTO_PARALLEL_MIN_FILES || cores < AUTO_PARALLEL_MIN_CORES) return 0;
    // One worker per core that other work leaves more than half free (this thread lints anyway): on
    // 2 cores, a worker while the load average is below 1.5.
    const free = Math.floor(cores - (Number.isFinite(load) ? Math.max(0, load) : 0) + 0.5);
    return Math.max(0, Math.min(Math.min(cores, 8) - 1, free));
  }
  // At least 8 files per thread.
  const n = Math.min(concurrency, Math.max(1, Math.ceil(files / 8)));
  return n - 1;
}

/**
 * How many cores other work keeps busy, for `workerCount`: the load average over the last minute, or the
 * tasks runnable now besides this one when they are fewer (Linux: `/proc/loadavg`'s "running/total"). The
 * average lags by about a minute: right after a heavy command (`npm ci` before the lint in CI, a previous
 * run) it still counts work that has ended, and the whole corpus was linted on one thread of two idle cores.
 */
export function busyCores(procLoadavg: string | null = readProcLoadavg(), average = loadavg()[0]): number {
  const m = procLoadavg === null ? null : /\s(\d+)\/\d+\s/.exec(procLoadavg);
  if (!m || !Number.isFinite(average)) return average;
  return Math.min(average, Math.max(0, Number(m[1]) - 1));
}

function readProcLoadavg(): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return readFileSync('/proc/loadavg', 'latin1');
  } catch {
    return null;
  }
}

/** Lints files and directories as the CLI does: ignores, cache, worker threads. */
export async function lintProject(paths: readonly string[], options: RunOptions = {}): Promise<LintReport> {
  const plan = planFiles(paths, options);
  const results: Array<FileResult | undefined> = new Array(plan.files.length);
  let done = 0;
  const progress = () => options.onFile?.(++done, plan.files.length);
  const fixed = { files: 0, fixes: 0 };
  const fileOptions = { ...(options.fix ? { fix: true } : {}), ...(options.fixDryRun ? { fixDryRun: true } : {}) };

  // The cache (not with --fix, which writes): a key per file from its bytes and everything else that
  // decides its result. Paths with a fault are never cached.
  const cache = options.cache && !options.fix ? LintCache.open(options.cache.location, options.cache.build) : undefined;
  const keys: string[] = [];
  const reads: Array<ReturnType<typeof readSourceFile> | undefined> = [];
  const todo: number[] = [];
  if (cache) {
    const fingerprints = new SchemaFingerprints();
    const settingsKeys = new Map<string, string>();
    plan.files.forEach((file, i) => {
      if (plan.faults.has(file)) return void todo.push(i);
      const read = readSourceFile(file, plan.regular?.has(file));
      if ('fault' in read) {
        reads[i] = read;
        return void todo.push(i);
      }
      const { config, key } = plan.linters.configFor(file);
      let settings = settingsKeys.get(key);
      if (settings === undefined) settingsKeys.set(key, (settings = JSON.stringify([config, Boolean(options.fixDryRun)])));
      const k = sha1(`${sha1(read.file.bytes)}\n${settings}\n${fingerprints.forFile(file, config.schemas)}`);
      keys[i] = k;
      const hit = cache.get(file, k);
      if (hit) {
        hit.path = displayPath(plan.cwd, file);
        results[i] = hit;
        progress();
      } else {
        reads[i] = read;
        todo.push(i);
      }
    });
  } else plan.files.forEach((_, i) => todo.push(i));

  // --fix writes files: one thread, in order.
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const workers = options.fix || !workerUrl ? 0 : workerCount(options.concurrency, todo.length);
  const lintHere = (i: number) => {
    const outcome = lintPlannedFile(plan, plan.files[i], { ...fileOptions, ...(reads[i] ? { read: reads[i] } : {}) });
    reads[i] = undefined;
    if (outcome.written) {
      fixed.files++;
      fixed.fixes += outcome.fixes;
    }
    return outcome.result;
  };
  const onResult = (i: number, result: FileResult | undefined) => {
    results[i] = result;
    progress();
  };
  if (workers > 0) await lintInWorkers(plan, todo, workers, workerUrl!, options, onResult, lintHere);
  else for (const i of todo) onResult(i, lintHere(i));
  if (cache) {
    for (const i of todo) if (keys[i] && results[i] && !results[i]!.fault) cache.set(plan.files[i], keys[i], results[i]!);
    try {
      cache.save();
    } catch (e) {
      throw new ConfigError(`cannot write the cache ${cache.location}: ${(e as Error).message}`);
    }
  }
  const report = reportOf(plan, results.filter((r): r is FileResult => r !== undefined));
  if (options.fix) report.fixed = fixed;
  return report;
}

/**
 * The linter's own worker script, compiled next to this module (from sources: the built one); none
 * when this module was bundled without it (then the files are linted on this thread).
 */
function defaultWorkerUrl(): URL | undefined {
  for (const candidate of ['./worker.js', '../dist/worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/**
 * A worker's young generation, in MB (V8's default on 64-bit: 48, semi-spaces of 16). Each thread
 * holds its own heap: this thread and one worker over the whole corpus peaked at 211 MB of RSS with the
 * default, 195 MB with 16, 189 MB with 12 (medians of 3; the CPU time moved within the noise).
 */
const WORKER_YOUNG_GENERATION_MB = 12;

/**
 * Lints the files `todo` (indices into the plan) on this thread and `count` worker threads. Every thread
 * takes small batches until none are left (smaller towards the end; this thread from the front of the list,
 * the workers from its end), so a slow file does not hold up the others and the threads finish together.
 * This thread yields to the event loop between its batches (the workers' replies are read then); each worker
 * holds a second batch meanwhile, so it never waits.
 */
async function lintInWorkers(
  plan: FilePlan,
  todo: number[],
  count: number,
  url: URL,
  options: RunOptions,
  onResult: (i: number, r: FileResult | undefined) => void,
  lintHere: (i: number) => FileResult | undefined,
): Promise<void> {
  const settings: WorkerSettings = {
    options: {
      cwd: plan.cwd,
      ...(options.overrides ? { overrides: options.overrides } : {}),
      ...(options.noConfig ? { noConfig: true } : {}),
      ...(options.baseConfig ? { baseConfig: options.baseConfig } : {}),
      ...(options.fixDryRun ? { fixDryRun: true } : {}),
    },
  };
  const threads = count + 1;
  // This thread takes batches from the front of the (sorted) list, the workers from its end: each thread
  // reads other directories, so fewer distinct schemas and rule kinds per thread (whole corpus, two
  // threads, six alternated rounds: 1.07 -> 1.035 s wall, CPU -2 %).
  let head = 0;
  let tail = todo.length;
  const takeIndices = (fromEnd: boolean): number[] => {
    const left = tail - head;
    const size = Math.max(0, Math.min(32, left, Math.ceil(left / (threads * 4))));
    if (fromEnd) return todo.slice((tail -= size), tail + size);
    head += size;
    return todo.slice(head - size, head);
  };
  const take = (): WorkItem[] =>
    takeIndices(true).map((i) => {
      const file = plan.files[i];
      return { i, file, ...(plan.faults.has(file) ? { fault: plan.faults.get(file) } : {}), ...(plan.regular?.has(file) ? { regular: true } : {}) };
    });
  let failure: Error | undefined;
  const workersDone = Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolvePromise, reject) => {
        const worker = startWorker(url, { workerData: { esqlLintWorker: settings }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
        let settled = false;
        let pending = 0;
        const fail = (e: Error) => {
          if (settled) return;
          settled = true;
          failure ??= e;
          void worker.terminate();
          reject(e);
        };
        const send = () => {
          const items = take();
          if (!items.length) return false;
          pending++;
          worker.postMessage({ items });
          return true;
        };
        worker.on('message', (msg: WorkerReply) => {
          if (msg.error) return fail(msg.error.config ? new ConfigError(msg.error.message) : new Error(`worker: ${msg.error.message}`));
          pending--;
          for (const r of msg.results ?? []) onResult(r.i, r.result ?? undefined);
          if (send() || pending > 0) return;
          settled = true;
          void worker.terminate().then(() => resolvePromise());
        });
        worker.on('error', fail);
        worker.on('exit', (code) => fail(new Error(`a worker thread stopped (exit code ${code})`)));
        if (send()) send();
        else {
          settled = true;
          void worker.terminate().then(() => resolvePromise());
        }
      }),
    ),
  );
  // A failed worker rejects workersDone; this thread stops taking files then.
  workersDone.catch(() => undefined);
  for (let batch = takeIndices(false); batch.length && !failure; batch = takeIndices(false)) {
    for (const i of batch) onResult(i, lintHere(i));
    await new Promise<void>((r) => setImmediate(r));
  }
  await workersDone;
}

/**
 * A worker with this process's Node options (workerExecArgv). Node refuses options a worker cannot take
 * in its execArgv, V8's among them (`node --interrupt-budget=... esql-lint --concurrency 2` threw
 * ERR_WORKER_INVALID_EXEC_ARGV): V8's flags are the process's and apply to its workers already, so the
 * refused ones (Node's error lists them) are left out and the worker started again.
 */
function startWorker(url: URL, options: Omit<WorkerOptions, 'execArgv'>): Worker {
  const execArgv = workerExecArgv();
  try {
    return new Worker(url, { ...options, execArgv });
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    const refused = new Set(String((e as Error).message).replace(/^[^:]*:\s*/, '').split(/,\s*/));
    return new Worker(url, { ...options, execArgv: execArgv.filter((a) => !refused.has(a)) });
  }
}

/**
 * The Node options of this process for the workers, less the `source` export condition that test
 * runners set (it resolves our packages to their TypeScript sources, which a plain worker cannot load).
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--conditions' || argv[i] === '-C') {
      if (argv[i + 1] !== 'source') out.push(argv[i], argv[i + 1]);
      i++;
    } else if (argv[i] !== '--conditions=source') out.push(argv[i]);
  }
  return out;
}

/** A file for a worker: its index in the plan, its fault from the search, whether the search saw a regular file. */
interface WorkItem {
  i: number;
  file: string;
  fault?: FileFault;
  regular?: boolean;
}

interface WorkerReply {
  results?: Array<{ i: number; result: FileResult | null }>;
  error?: { message: string; config: boolean };
}

/**
 * The worker side: called by a worker script (the linter's worker module, or the bundled CLI when it
 * finds itself started as a worker). Returns false when this thread is not an esql-lint worker.
 */
export function runLintWorker(): boolean {
  const settings = (workerData as { esqlLintWorker?: WorkerSettings } | undefined)?.esqlLintWorker;
  if (isMainThread || !parentPort || !settings) return false;
  const linters = new LinterPool(settings.options);
  const cwd = settings.options.cwd ?? process.cwd();
  const port = parentPort;
  const fileOptions = settings.options.fixDryRun ? { fixDryRun: true } : {};
  const none = new Map<string, FileFault>();
  port.on('message', (msg: { items: WorkItem[] }) => {
    try {
      const results = msg.items.map(({ i, file, fault, regular }) => {
        const plan = { cwd, linters, faults: fault ? new Map([[file, fault]]) : none, ...(regular ? { regular: new Set([file]) } : {}) };
        return { i, result: lintPlannedFile(plan, file, fileOptions).result ?? null };
      });
      port.postMessage({ results } satisfies WorkerReply);
    } catch (e) {
      port.postMessage({ error: { message: (e as Error)?.message ?? String(e), config: e instanceof ConfigError } } satisfies WorkerReply);
    }
  });
  return true;
}

