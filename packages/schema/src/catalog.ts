import { loadIntegrationBundle } from './data-files.js';
import { Layer } from './layer.js';
import { compareVersions, flattenObject, isRecord, parseVersion, readJsonFile } from './util.js';

export interface StreamDef {
  readonly package: string;
  readonly name: string;
  /** Dataset values (`aws.cloudtrail`) this stream is selected by. */
  readonly datasets: readonly string[];
  /** Exact index names this stream is selected by (`ml_beaconing.all`). */
  readonly index: readonly string[];
  readonly complete: boolean;
  /** Package-level fields (added to other indices by the package): used whenever the package is. */
  readonly packageLevel: boolean;
  layer(): Layer;
}

export interface PackageDef {
  readonly name: string;
  readonly source: string;
  readonly version?: string;
  readonly streams: readonly StreamDef[];
}

export interface Catalog {
  /** The package's schema for a stack version, or undefined when we have none. */
  get(pkg: string, stackVersion: string): PackageDef | undefined;
  /** Names of the packages this catalog has. */
  names(): readonly string[];
}

function lazyStream(
  pkg: string,
  name: string,
  datasets: string[],
  index: string[],
  complete: boolean,
  source: string,
  fields: () => Map<string, string>,
): StreamDef {
  let layer: Layer | undefined;
  return {
    package: pkg,
    name,
    datasets,
    index,
    complete,
    packageLevel: name === '_package',
    layer: () => (layer ??= new Layer(source, fields)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The bundle generated from ../shared/schema-sources (data/integrations.json)

interface BundleStream {
  dataset?: string;
  index?: string[];
  complete: boolean;
  fields: Record<string, string>;
}
interface Bundle {
  packages: Record<string, { version?: string; streams: Record<string, BundleStream> }>;
}

function loadBundleJson(): Bundle {
  return loadIntegrationBundle() as Bundle;
}

export class BundleCatalog implements Catalog {
  private bundle: Bundle | undefined;
  private readonly defs = new Map<string, PackageDef | undefined>();

  private data(): Bundle {
    return (this.bundle ??= loadBundleJson());
  }

  names(): readonly string[] {
    return Object.keys(this.data().packages);
  }

  get(pkg: string): PackageDef | undefined {
    if (this.defs.has(pkg)) return this.defs.get(pkg);
    const raw = Object.prototype.hasOwnProperty.call(this.data().packages, pkg) ? this.data().packages[pkg] : undefined;
    let def: PackageDef | undefined;
    if (raw) {
      const streams = Object.entries(raw.streams).map(([name, s]) =>
        lazyStream(pkg, name, s.dataset ? [s.dataset] : [], s.index ?? [], s.complete, name === '_package' ? pkg : `${pkg}.${name}`, () => new Map(Object.entries(s.fields))),
      );
      def = { name: pkg, source: 'bundled integrations', version: raw.version, streams };
    }
    this.defs.set(pkg, def);
    return def;
  }
}

// ---------------------------------------------------------------------------------------------------------
// detection-rules' etc/integration-schemas.json.gz: package -> version -> data stream -> { field: type }

type Manifests = Record<string, Record<string, { conditions?: { kibana?: { version?: string } } }>>;

/** Kibana versions a manifest's `conditions.kibana.version` (`^8.19.4 || ^9.2.1`) names. */
function kibanaVersions(condition: string | undefined): string[] {
  if (!condition) return [];
  return condition
    .replace(/[<>=^~]/g, '')
    .split('||')
    .map((s) => s.trim())
    .filter((s) => parseVersion(s));
}

/**
 * The package version detection-rules validates against for a stack version: the newest version whose newest
 * compatible Kibana version has the stack's major, or one of whose compatible versions is <= the stack.
 */
export function latestCompatibleVersion(versions: Record<string, { conditions?: { kibana?: { version?: string } } }>, stack: string): string | undefined {
  const stackV = parseVersion(stack);
  if (!stackV) return undefined;
  const sorted = Object.keys(versions).sort((a, b) => compareVersions(b, a));
  for (const version of sorted) {
    const compatible = kibanaVersions(versions[version]?.conditions?.kibana?.version);
    if (!compatible.length) continue;
    const highest = compatible.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
    if (parseVersion(highest)![0] === stackV[0]) return version;
    if (compatible.some((v) => compareVersions(v, stack) <= 0)) return version;
  }
  return undefined;
}

export class RulesRepoIntegrationCatalog implements Catalog {
  private schemas: Record<string, Record<string, Record<string, unknown>>> | undefined;
  private manifests: Manifests | undefined | null;
  private readonly defs = new Map<string, PackageDef | undefined>();

  constructor(
    private readonly schemaFile: string,
    private readonly manifestFile: string | undefined,
  ) {}

  private data(): Record<string, Record<string, Record<string, unknown>>> {
    if (!this.schemas) {
      const raw = readJsonFile(this.schemaFile);
      this.schemas = (isRecord(raw) ? raw : {}) as Record<string, Record<string, Record<string, unknown>>>;
    }
    return this.schemas;
  }

  private manifest(): Manifests | undefined {
    if (this.manifests === undefined) {
      try {
        this.manifests = this.manifestFile ? (readJsonFile(this.manifestFile) as Manifests) : null;
      } catch {
        this.manifests = null;
      }
    }
    return this.manifests ?? undefined;
  }

  names(): readonly string[] {
    return Object.keys(this.data());
  }

  /** `get`'s answers per package and stack version: every rule's schema asks them again (the data is read once). */
  private readonly answers = new Map<string, PackageDef | undefined>();

  get(pkg: string, stackVersion: string): PackageDef | undefined {
    const key = `${pkg}\u0000${stackVersion}`;
    if (this.answers.has(key)) return this.answers.get(key);
    const def = this.compute(pkg, stackVersion);
    this.answers.set(key, def);
    return def;
  }

  private compute(pkg: string, stackVersion: string): PackageDef | undefined {
    const versions = Object.prototype.hasOwnProperty.call(this.data(), pkg) ? this.data()[pkg] : undefined;
    if (!isRecord(versions) || !Object.keys(versions).length) return undefined;
    const manifests = this.manifest()?.[pkg];
    let version = manifests ? latestCompatibleVersion(manifests, stackVersion) : undefined;
    if (!version || !isRecord(versions[version])) version = Object.keys(versions).sort(compareVersions).at(-1)!;
    const key = `${pkg}@${version}`;
    if (this.defs.has(key)) return this.defs.get(key);
    const streams: StreamDef[] = [];
    for (const [name, fields] of Object.entries(versions[version] as Record<string, unknown>)) {
      if (name === 'jobs' || !isRecord(fields)) continue;
      const datasets = [`${pkg}.${name}`];
      if (pkg === 'endpoint') datasets.push(`endpoint.events.${name}`);
      streams.push(lazyStream(pkg, name, datasets, [], true, `${pkg}.${name} ${version}`, () => flattenObject(fields)));
    }
    const def: PackageDef = { name: pkg, source: 'integration-schemas.json.gz', version, streams };
    this.defs.set(key, def);
    return def;
  }
}

/** The first catalog that has a package wins. */
export class ChainCatalog implements Catalog {
  constructor(private readonly catalogs: readonly Catalog[]) {}
  get(pkg: string, stackVersion: string): PackageDef | undefined {
    for (const c of this.catalogs) {
      const def = c.get(pkg, stackVersion);
      if (def) return def;
    }
    return undefined;
  }
  private allNames: readonly string[] | undefined;
  names(): readonly string[] {
    // The catalogs' names are fixed once read: the union is made once.
    return (this.allNames ??= [...new Set(this.catalogs.flatMap((c) => c.names()))]);
  }
}
