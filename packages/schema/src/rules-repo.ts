import { dirname, isAbsolute, join, readDirectory as readdirSync, resolve } from '@esql-lint/core/platform';
import { type Catalog, RulesRepoIntegrationCatalog } from './catalog.js';
import { derivedFromFile } from './derived.js';
import { ecsLayerFromData } from './ecs.js';
import { ecsLayerDataFromFlat } from './ecs-layer-data.js';
import { flattenFieldsYml } from './fields-yml.js';
import { Layer } from './layer.js';
import { compareVersions, flattenObject, isDir, isFile, isRecord, readDataFile, readJsonFile } from './util.js';

const RESERVED_SCHEMA_NAMES = new Set(['beats', 'ecs', 'endgame']);

export type StackMap = Record<string, Record<string, string>>;

/**
 * The schema files of a detection-rules checkout (`detection_rules/etc/`) and/or of a custom rules directory
 * (`_config.yaml` naming its own `stack-schema-map.yaml`, `packages.yaml` and custom schemas).
 * Everything is read on first use and kept.
 */
export class RulesRepo {
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly root: string,
    readonly etcDir: string | undefined,
    readonly configFile: string | undefined,
  ) {}

  private once<T>(key: string, load: () => T): T {
    if (!this.memo.has(key)) {
      let value: T | undefined;
      try {
        value = load();
      } catch {
        value = undefined;
      }
      this.memo.set(key, value);
    }
    return this.memo.get(key) as T;
  }

  private config(): Record<string, unknown> | undefined {
    return this.once('config', () => {
      if (!this.configFile) return undefined;
      const c = derivedFromFile(this.configFile, 'data', readDataFile);
      return isRecord(c) ? c : undefined;
    });
  }

  private configPath(key: string): string | undefined {
    const files = this.config()?.files;
    const v = isRecord(files) ? files[key] : undefined;
    return typeof v === 'string' && this.configFile ? resolve(dirname(this.configFile), v) : undefined;
  }

  /** Asked by every schema built (customSchemaFiles): found once, as the other files of the checkout. */
  get stackMapFile(): string | undefined {
    return this.once('stackMapFile', () => {
      const fromConfig = this.configPath('stack_schema_map');
      if (fromConfig) return fromConfig;
      const f = this.etcDir ? join(this.etcDir, 'stack-schema-map.yaml') : undefined;
      return f && isFile(f) ? f : undefined;
    });
  }

  stackMap(): StackMap {
    return this.once('stackMap', () => {
      const file = this.stackMapFile;
      const raw = file ? derivedFromFile(file, 'data', readDataFile) : undefined;
      const out: StackMap = {};
      if (isRecord(raw)) {
        for (const [version, entry] of Object.entries(raw)) {
          if (!isRecord(entry)) continue;
          out[version] = Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, String(v)]));
        }
      }
      return out;
    }) ?? {};
  }

  /** The rules package's stack version (`packages.yaml` `package.name`, e.g. `9.6`). */
  currentPackageVersion(): string | undefined {
    return this.once('packageVersion', () => {
      const file = this.configPath('packages') ?? (this.etcDir ? join(this.etcDir, 'packages.yaml') : undefined);
      const raw = file && isFile(file) ? derivedFromFile(file, 'data', readDataFile) : undefined;
      const name = isRecord(raw) && isRecord(raw.package) ? raw.package.name : undefined;
      return name === undefined ? undefined : String(name);
    });
  }

  private etcFile(...parts: string[]): string | undefined {
    if (!this.etcDir) return undefined;
    const f = join(this.etcDir, ...parts);
    return isFile(f) ? f : undefined;
  }

  ecsVersions(): string[] {
    return this.once('ecsVersions', () => {
      const dir = this.etcDir ? join(this.etcDir, 'ecs_schemas') : undefined;
      if (!dir || !isDir(dir)) return [];
      return readdirSync(dir)
        .filter((v) => isFile(join(dir, v, 'ecs_flat.json.gz')) || isFile(join(dir, v, 'ecs_flat.json')))
        .sort(compareVersions);
    }) ?? [];
  }

  ecsLayer(version: string): Layer | undefined {
    return this.once(`ecs:${version}`, () => {
      const file = this.etcFile('ecs_schemas', version, 'ecs_flat.json.gz') ?? this.etcFile('ecs_schemas', version, 'ecs_flat.json');
      return file ? ecsLayerFromData(derivedFromFile(file, 'ecs-layer-1', (f) => ecsLayerDataFromFlat(readJsonFile(f))), `ecs ${version}`) : undefined;
    });
  }

  beatsVersions(): string[] {
    return this.once('beatsVersions', () => {
      const dir = this.etcDir ? join(this.etcDir, 'beats_schemas') : undefined;
      if (!dir || !isDir(dir)) return [];
      return readdirSync(dir)
        .map((f) => /^v(.+)\.json\.gz$/.exec(f)?.[1])
        .filter((v): v is string => !!v)
        .sort(compareVersions);
    }) ?? [];
  }

  /**
   * The fields of every beat, module and dataset folder of a beats schema file (what beatsLayer takes), kept
   * across runs (derived.ts): the file is 1.7 MB of JSON once unzipped, for ~0.5 MB of fields.
   */
  private beatsFields(version: string): BeatsFields | undefined {
    return this.once(`beats:${version}`, () => {
      const file = this.etcFile('beats_schemas', `v${version}.json.gz`);
      return file ? derivedFromFile(file, 'beats-fields-1', (f) => beatsFieldsOf(readJsonFile(f))) : undefined;
    });
  }

  /** Flattened beats fields of one beat's root, or of one module (optionally limited to datasets). */
  beatsLayer(version: string, beat: string, module?: string, datasets: readonly string[] = []): Layer | undefined {
    const key = `beatsLayer:${version}:${beat}:${module ?? ''}:${datasets.join(',')}`;
    return this.once(key, () => {
      const beatFields = own(this.beatsFields(version), beat);
      if (!beatFields) return undefined;
      if (!module) return new Layer(`beats ${version} ${beat}`, new Map(beatFields.root));
      const moduleFields = own(beatFields.modules, module);
      if (!moduleFields) return undefined;
      const out = new Map<string, string>();
      const wanted = datasets.length ? datasets : Object.keys(moduleFields.folders).filter((d) => !d.startsWith('_'));
      for (const ds of wanted) {
        const name = ds.startsWith(`${module}.`) ? ds.slice(module.length + 1) : ds;
        for (const [k, v] of own(moduleFields.folders, name) ?? []) out.set(k, v);
      }
      for (const [k, v] of moduleFields.own) out.set(k, v);
      return out.size ? new Layer(`beats ${version} ${beat}/${module}`, out) : undefined;
    });
  }

  endgameVersions(): string[] {
    return this.once('endgameVersions', () => {
      const dir = this.etcDir ? join(this.etcDir, 'endgame_schemas') : undefined;
      return dir && isDir(dir) ? readdirSync(dir).filter((v) => isFile(join(dir, v, 'endgame_ecs_mapping.json.gz'))).sort(compareVersions) : [];
    }) ?? [];
  }

  endgameLayer(version: string): Layer | undefined {
    return this.once(`endgame:${version}`, () => {
      const file = this.etcFile('endgame_schemas', version, 'endgame_ecs_mapping.json.gz');
      const raw = file ? readJsonFile(file) : undefined;
      return isRecord(raw) ? new Layer(`endgame ${version}`, flattenObject(raw)) : undefined;
    });
  }

  /** `endpoint_schemas/*.json.gz`, which detection-rules adds to every rule's schema. */
  endpointLayer(): { layer: Layer; files: string[] } | undefined {
    return this.once('endpoint', () => {
      const dir = this.etcDir ? join(this.etcDir, 'endpoint_schemas') : undefined;
      if (!dir || !isDir(dir)) return undefined;
      const files = readdirSync(dir).filter((f) => f.endsWith('.json.gz')).sort();
      const out = new Map<string, string>();
      for (const f of files) {
        // Each file's flattened fields kept across runs (derived.ts): a run that needs no other gzip file
        // never loads zlib.
        const fields = derivedFromFile(join(dir, f), 'flat-1', (file): Fields => {
          const raw = readJsonFile(file);
          return isRecord(raw) ? [...flattenObject(raw)] : [];
        });
        for (const [k, v] of fields) out.set(k, v);
      }
      return files.length ? { layer: new Layer('endpoint schemas', out), files } : undefined;
    });
  }

  /** `api_schemas/<version>/<version>.<type>.json`: the versions there, and one version's schemas by type. */
  apiSchemaVersions(): string[] {
    return this.once('apiSchemaVersions', () => {
      const dir = this.etcDir ? join(this.etcDir, 'api_schemas') : undefined;
      return dir && isDir(dir) ? readdirSync(dir).filter((v) => isDir(join(dir, v))) : [];
    });
  }

  apiSchemas(version: string): Record<string, unknown> {
    return this.once(`apiSchemas:${version}`, () => {
      const dir = join(this.etcDir!, 'api_schemas', version);
      const out: Record<string, unknown> = {};
      for (const f of readdirSync(dir).filter((f) => f.startsWith(`${version}.`) && f.endsWith('.json')).sort()) {
        // Each type's schema read on first use (issue 19, start-up: a one-rule run needs its rule's type,
        // not the eight files of ~14 KB), then kept as a plain property.
        const type = f.slice(version.length + 1, -'.json'.length);
        Object.defineProperty(out, type, {
          enumerable: true,
          configurable: true,
          get() {
            const schema = readJsonFile(join(dir, f));
            Object.defineProperty(out, type, { value: schema, enumerable: true, configurable: true, writable: true });
            return schema;
          },
        });
      }
      return out;
    });
  }

  /** `non-ecs-schema.json`: index pattern -> fields. */
  nonEcs(): Map<string, Layer> {
    return this.once('nonEcs', () => {
      const file = this.etcFile('non-ecs-schema.json');
      const raw = file ? readJsonFile(file) : undefined;
      const out = new Map<string, Layer>();
      if (isRecord(raw)) {
        for (const [pattern, fields] of Object.entries(raw)) {
          if (isRecord(fields)) out.set(pattern, new Layer(`non-ecs ${pattern}`, flattenObject(fields)));
        }
      }
      return out;
    }) ?? new Map();
  }

  integrationCatalog(): Catalog | undefined {
    return this.once('integrations', () => {
      const file = this.etcFile('integration-schemas.json.gz');
      return file ? new RulesRepoIntegrationCatalog(file, this.etcFile('integration-manifests.json.gz')) : undefined;
    });
  }

  /** Package names detection-rules knows (integration-manifests.json.gz). */
  knownPackages(): Set<string> {
    return this.once('knownPackages', () => {
      const file = this.etcFile('integration-manifests.json.gz');
      return new Set(file ? manifestPackageNames(file) : []);
    }) ?? new Set();
  }

  /**
   * Custom schema files named in the stack-schema-map for a stack version, plus `auto_gen_schema_file`:
   * kept per version (every schema built asks; each name's file check is a stat).
   */
  customSchemaFiles(stackVersion: string | undefined): string[] {
    return this.once(`customSchemaFiles:${stackVersion ?? ''}`, () => this.findCustomSchemaFiles(stackVersion)) ?? [];
  }

  private findCustomSchemaFiles(stackVersion: string | undefined): string[] {
    const map = this.stackMap();
    const base = this.stackMapFile ? dirname(this.stackMapFile) : this.root;
    const files: string[] = [];
    const entries = stackVersion && map[stackVersion] ? [map[stackVersion]] : Object.values(map);
    for (const entry of entries) {
      for (const [key, value] of Object.entries(entry)) {
        if (RESERVED_SCHEMA_NAMES.has(key)) continue;
        const p = isAbsolute(value) ? value : resolve(base, value);
        if (isFile(p) && !files.includes(p)) files.push(p);
      }
    }
    const auto = this.config()?.auto_gen_schema_file;
    if (typeof auto === 'string' && this.configFile) {
      const p = resolve(dirname(this.configFile), auto);
      if (isFile(p) && !files.includes(p)) files.push(p);
    }
    return files;
  }
}

type Fields = Array<[string, string]>;

/**
 * A beats schema reduced to what beatsLayer reads: per beat its root's fields, per module its own fields and
 * each sub-folder's (datasets) with the `<module>.` prefix, every list in the order metaFields sets them.
 */
interface BeatsFields {
  [beat: string]: { root: Fields; modules: { [module: string]: { own: Fields; folders: { [folder: string]: Fields } } } };
}

const own = <T>(o: Record<string, T> | undefined, key: string): T | undefined => (o && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);

const fieldsOf = (dir: Record<string, unknown>, prefix: string): Fields => {
  const out = new Map<string, string>();
  metaFields(dir, prefix, out);
  return [...out];
};

function beatsFieldsOf(raw: unknown): BeatsFields {
  const out: BeatsFields = {};
  if (!isRecord(raw)) return out;
  for (const [beat, beatDir] of Object.entries(raw)) {
    if (!isRecord(beatDir)) continue;
    const modules: BeatsFields[string]['modules'] = {};
    const moduleDirs = sub(beatDir, 'module');
    for (const module of Object.keys(moduleDirs ? folders(moduleDirs) : {})) {
      const moduleDir = sub(moduleDirs, module);
      if (!moduleDir) continue;
      const subFolders: { [folder: string]: Fields } = {};
      for (const name of Object.keys(folders(moduleDir))) {
        const dir = sub(moduleDir, name);
        if (dir) subFolders[name] = fieldsOf(dir, `${module}.`);
      }
      modules[module] = { own: fieldsOf(moduleDir, ''), folders: subFolders };
    }
    out[beat] = { root: fieldsOf(beatDir, ''), modules };
  }
  return out;
}

function folders(dir: Record<string, unknown>): Record<string, unknown> {
  return isRecord(dir.folders) ? dir.folders : {};
}

function sub(dir: Record<string, unknown> | undefined, name: string): Record<string, unknown> | undefined {
  if (!dir) return undefined;
  const f = folders(dir);
  const v = Object.prototype.hasOwnProperty.call(f, name) ? f[name] : undefined;
  return isRecord(v) ? v : undefined;
}

/** The `_meta/fields.yml` and `_meta/fields.common.yml` of a beats folder, flattened with a prefix. */
function metaFields(dir: Record<string, unknown>, prefix: string, out: Map<string, string>): void {
  const meta = sub(dir, '_meta');
  const files = meta && isRecord(meta.files) ? meta.files : {};
  for (const name of ['fields.yml', 'fields.common.yml']) {
    if (Object.prototype.hasOwnProperty.call(files, name)) flattenFieldsYml(files[name], prefix, out);
  }
}

/** Finds the detection-rules checkout and/or custom rules directory enclosing a directory. */
export function findRulesRepo(startDir: string, cache: Map<string, { etc?: string; config?: string }>): { root: string; etcDir?: string; configFile?: string } | undefined {
  const visited: string[] = [];
  let etc: string | undefined;
  let config: string | undefined;
  let dir = resolve(startDir);
  for (;;) {
    const hit = cache.get(dir);
    if (hit) {
      etc ??= hit.etc;
      config ??= hit.config;
      break;
    }
    visited.push(dir);
    if (!config && isFile(join(dir, '_config.yaml'))) config = join(dir, '_config.yaml');
    if (!etc && isFile(join(dir, 'detection_rules', 'etc', 'stack-schema-map.yaml'))) etc = join(dir, 'detection_rules', 'etc');
    if (etc) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const v of visited) cache.set(v, { etc, config });
  if (!etc && !config) return undefined;
  return { root: etc ? dirname(dirname(etc)) : dirname(config!), etcDir: etc, configFile: config };
}

/** Interprets an explicit `rulesRepoRoot`: a checkout root, its `detection_rules/etc`, or a custom rules dir. */
export function rulesRepoAt(root: string): { root: string; etcDir?: string; configFile?: string } | undefined {
  const r = resolve(root);
  const etc = isFile(join(r, 'detection_rules', 'etc', 'stack-schema-map.yaml'))
    ? join(r, 'detection_rules', 'etc')
    : isFile(join(r, 'stack-schema-map.yaml'))
      ? r
      : undefined;
  const config = isFile(join(r, '_config.yaml')) ? join(r, '_config.yaml') : undefined;
  if (!etc && !config) return undefined;
  return { root: r, etcDir: etc, configFile: config };
}

/**
 * The package names of an `integration-manifests.json.gz` (its keys), kept across runs (derived.ts): the
 * file is 1.2 MB of JSON once unzipped, and the schemas and the review checks need only its keys.
 */
export function manifestPackageNames(file: string): string[] {
  return derivedFromFile(file, 'keys', (f) => {
    const raw = readJsonFile(f);
    return isRecord(raw) ? Object.keys(raw) : [];
  });
}
