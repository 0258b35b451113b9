// `--cache`: the results of unchanged files, kept on disk between runs. An entry is used only when
// the file's content, its effective configuration, the schema data it is checked against and the
// esql-lint build are all the same as when it was stored; anything else is a miss.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findRulesRepo } from '@esql-lint/schema';
import type { SchemaFile } from './config.js';
import type { FileResult } from './result.js';

const FORMAT = 1;

export const DEFAULT_CACHE_FILE = '.esql-lint-cache';

interface CacheFile {
  format: number;
  /** The esql-lint build (version and code/data hash): another build discards the whole cache. */
  build: string;
  entries: Record<string, { key: string; result: FileResult }>;
}

// node:crypto loaded on first use: a run without --cache never loads it (a few ms of every start; issue 19).
export const sha1 = (data: string | Buffer): string => process.getBuiltinModule('node:crypto').createHash('sha1').update(data).digest('hex');

export class LintCache {
  private entries: CacheFile['entries'];
  private readonly fresh: CacheFile['entries'] = {};
  private dirty = false;
  hits = 0;
  misses = 0;

  private constructor(readonly location: string, private readonly build: string, entries: CacheFile['entries']) {
    this.entries = entries;
  }

  /** Opens the cache file at `location` (a missing, unreadable or foreign file is an empty cache). */
  static open(location: string, build: string): LintCache {
    let entries: CacheFile['entries'] = {};
    try {
      const data = JSON.parse(readFileSync(location, 'utf8')) as CacheFile;
      if (data && data.format === FORMAT && data.build === build && typeof data.entries === 'object') entries = data.entries;
    } catch {
      // No cache yet, or not one of ours: start empty.
    }
    return new LintCache(location, build, entries);
  }

  get(file: string, key: string): FileResult | undefined {
    const e = this.entries[file];
    if (e && e.key === key) {
      this.hits++;
      this.fresh[file] = e;
      return structuredClone(e.result);
    }
    this.misses++;
    return undefined;
  }

  set(file: string, key: string, result: FileResult): void {
    this.fresh[file] = { key, result };
    this.dirty = true;
  }

  /**
   * Writes the cache (atomically: a temporary file renamed over it). Entries of files this run did
   * not see are kept, so that linting one folder does not forget the others.
   */
  save(): void {
    if (!this.dirty && Object.keys(this.fresh).length === Object.keys(this.entries).length) return;
    const entries = { ...this.entries, ...this.fresh };
    const data: CacheFile = { format: FORMAT, build: this.build, entries };
    mkdirSync(dirname(this.location), { recursive: true });
    const tmp = `${this.location}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, this.location);
  }
}

/**
 * What, beyond a file's text and its settings, decides its results: the custom schema files (by
 * content) and the detection-rules checkout's schema files (`detection_rules/etc`, `_config.yaml`, by
 * size and modification time), cached per directory for the run.
 */
export class SchemaFingerprints {
  private readonly repoCache = new Map<string, { etc?: string; config?: string }>();
  private readonly byDir = new Map<string, string>();
  private readonly byFile = new Map<string, string>();

  forFile(file: string, schemas: readonly SchemaFile[] | undefined): string {
    const dir = dirname(file);
    let repo = this.byDir.get(dir);
    if (repo === undefined) {
      const found = findRulesRepo(dir, this.repoCache);
      const parts: string[] = [];
      if (found?.etcDir) parts.push(treeStamp(found.etcDir));
      if (found?.configFile) parts.push(fileStamp(found.configFile));
      repo = sha1(parts.join('\n'));
      this.byDir.set(dir, repo);
    }
    if (!schemas?.length) return repo;
    return sha1([repo, ...schemas.map((s) => this.contentOf(typeof s === 'string' ? s : s.path))].join('\n'));
  }

  private contentOf(file: string): string {
    let h = this.byFile.get(file);
    if (h === undefined) {
      try {
        h = sha1(readFileSync(file));
      } catch {
        h = 'unreadable';
      }
      this.byFile.set(file, h);
    }
    return `${file}:${h}`;
  }
}

function fileStamp(file: string): string {
  try {
    const st = statSync(file);
    return `${file}:${st.size}:${st.mtimeMs}`;
  } catch {
    return `${file}:-`;
  }
}

function treeStamp(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(fileStamp(p));
    }
  };
  walk(dir);
  return out.join('\n');
}
