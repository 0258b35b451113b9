import { wildcardPattern } from '@esql-lint/core';
import type { Catalog, PackageDef, StreamDef } from './catalog.js';
import type { PackageReason } from './types.js';
import { stripCcs } from './util.js';

/** Packages detection-rules selects by `metadata.integration` even when the query names datasets. */
export const NON_DATASET_PACKAGES = new Set([
  'apm', 'auditd_manager', 'cloud_defend', 'corelight', 'endpoint', 'jamf_protect', 'network_traffic', 'pfsense',
  'system', 'windows', 'sentinel_one_cloud_funnel', 'ti_rapid7_threat_command', 'm365_defender', 'panw', 'crowdstrike',
]);
export const MACHINE_LEARNING_PACKAGES = new Set(['lmd', 'dga', 'ded', 'problemchild', 'beaconing', 'pad']);

/** Package names rules use that no bundled schema covers (so a dataset / index naming them is a package). */
export const OTHER_KNOWN_PACKAGES = [
  'apm', 'ded', 'elastic_security', 'google_secops', 'ibm_qradar', 'jamf_protect', 'lmd', 'microsoft_sentinel', 'pad',
  'splunk', 'sysmon_linux', 'ti_rapid7_threat_command',
];

/** Where a package without a schema puts its fields, when not under its own name. */
export const NAMESPACE_OVERRIDES: Record<string, string[]> = {
  apm: ['transaction', 'span', 'processor', 'numeric_labels', 'apm'],
  ti_rapid7_threat_command: ['ti_rapid7_threat_command', 'rapid7'],
};

export interface PackageSelection {
  def: PackageDef;
  streams: Set<StreamDef>;
  reasons: PackageReason[];
}

export interface Selection {
  packages: Map<string, PackageSelection>;
  /** Package (or `package.stream`) -> why the rule uses it, for packages we have no schema of. */
  unavailable: Map<string, PackageReason[]>;
}

const DATA_STREAM_INDEX = /^(?:logs|metrics|traces|synthetics|profiling)-(.*)$/;

function addReason(list: PackageReason[], r: PackageReason): void {
  if (!list.some((x) => x.kind === r.kind && ('value' in x ? x.value : x.pattern) === ('value' in r ? r.value : r.pattern))) list.push(r);
}

/** Each catalog's package names, as a set (a catalog's names are fixed once read). */
const namesCache = new WeakMap<Catalog, ReadonlySet<string>>();
function catalogNames(catalog: Catalog): ReadonlySet<string> {
  let names = namesCache.get(catalog);
  if (!names) namesCache.set(catalog, (names = new Set(catalog.names())));
  return names;
}

/** Each package's data streams a data stream index pattern's dataset part matches (read-only once made). */
const matchingCache = new WeakMap<PackageDef, Map<string, readonly StreamDef[]>>();
function streamsMatching(def: PackageDef, rest: string): readonly StreamDef[] {
  let byRest = matchingCache.get(def);
  if (!byRest) matchingCache.set(def, (byRest = new Map()));
  let streams = byRest.get(rest);
  if (!streams) {
    const re = wildcardPattern(rest);
    byRest.set(rest, (streams = def.streams.filter((st) => st.datasets.some((d) => re.test(`${d}-default`) || re.test(d)))));
  }
  return streams;
}

/** Each catalog's data streams by exact index name, per stack version (read-only once made). */
const exactIndexCache = new WeakMap<Catalog, Map<string, Map<string, StreamDef[]>>>();

/** Decides which packages and data streams a rule uses, from its datasets, index patterns and integrations. */
export class PackageSelector {
  private indexStreams: Map<string, StreamDef[]> | undefined;

  constructor(
    private readonly catalog: Catalog,
    private readonly stackVersion: string,
    private readonly knownPackages: ReadonlySet<string>,
  ) {}

  private get(pkg: string): PackageDef | undefined {
    return this.catalog.get(pkg, this.stackVersion);
  }

  private streamsByExactIndex(): Map<string, StreamDef[]> {
    if (!this.indexStreams) {
      // The same for every selector of one catalog and stack version (a rule's schema makes a selector):
      // kept per catalog and version.
      let byVersion = exactIndexCache.get(this.catalog);
      if (!byVersion) exactIndexCache.set(this.catalog, (byVersion = new Map()));
      let map = byVersion.get(this.stackVersion);
      if (!map) {
        map = new Map();
        for (const name of this.catalog.names()) {
          for (const s of this.get(name)?.streams ?? []) {
            for (const i of s.index) {
              const list = map.get(i);
              if (list) list.push(s);
              else map.set(i, [s]);
            }
          }
        }
        byVersion.set(this.stackVersion, map);
      }
      this.indexStreams = map;
    }
    return this.indexStreams;
  }

  /**
   * The longest package name (of the catalog or known) that `literal` starts with, followed by its end, a
   * `.` or a `-` (`logs-aws.cloudtrail-*` -> aws): each such prefix of the literal looked up, longest first,
   * not every name tested (issue 19: asked for the index patterns of every schema built, ~450 a corpus run).
   */
  private packageAtStart(literal: string): string | undefined {
    const names = catalogNames(this.catalog);
    const known = (name: string) => names.has(name) || this.knownPackages.has(name);
    if (known(literal)) return literal;
    for (let end = literal.length - 1; end >= 0; end--) {
      const c = literal.charCodeAt(end);
      if ((c === 0x2e || c === 0x2d) && known(literal.slice(0, end))) return literal.slice(0, end);
    }
    return undefined;
  }

  select(datasets: readonly string[], index: readonly string[], integrations: readonly string[], language: string): Selection {
    const packages = new Map<string, PackageSelection>();
    const unavailable = new Map<string, PackageReason[]>();
    const use = (def: PackageDef, streams: readonly StreamDef[], reason: PackageReason) => {
      let sel = packages.get(def.name);
      if (!sel) packages.set(def.name, (sel = { def, streams: new Set(), reasons: [] }));
      for (const s of streams) sel.streams.add(s);
      addReason(sel.reasons, reason);
    };
    const missing = (name: string, reason: PackageReason) => {
      const list = unavailable.get(name) ?? [];
      addReason(list, reason);
      unavailable.set(name, list);
    };

    for (const raw of datasets) {
      const value = raw.replace(/^["']|["']$/g, '');
      const reason: PackageReason = { kind: 'dataset', value };
      const pkg = value.split('.', 1)[0];
      const def = this.get(pkg);
      if (def) {
        const rest = value.slice(pkg.length + 1);
        const endpointEvent = pkg === 'endpoint' && rest.startsWith('events.') ? rest.split('.')[1] : undefined;
        const streams = value === pkg ? def.streams : def.streams.filter((s) => s.datasets.includes(value) || s.name === rest || s.name === endpointEvent);
        if (streams.length) use(def, streams, reason);
        else missing(value, reason);
      } else if (this.knownPackages.has(pkg)) missing(pkg, reason);
    }

    for (const pattern of index) {
      const s = stripCcs(pattern);
      const reason: PackageReason = { kind: 'index', pattern };
      const exact = this.streamsByExactIndex().get(s);
      if (exact) {
        for (const st of exact) use(this.get(st.package)!, [st], reason);
        continue;
      }
      if (s.startsWith('apm-')) {
        missing('apm', reason);
        continue;
      }
      const m = DATA_STREAM_INDEX.exec(s);
      if (!m) continue;
      const rest = m[1];
      const literal = rest.split('*', 1)[0];
      if (!literal) continue;
      const pkg = this.packageAtStart(literal);
      const def = pkg ? this.get(pkg) : undefined;
      if (def) {
        const streams = streamsMatching(def, rest);
        if (streams.length) use(def, streams, reason);
        else missing(literal.replace(/[.-]+$/, ''), reason);
      } else if (pkg) missing(pkg, reason);
    }

    const datasetPackages = new Set(datasets.map((d) => d.replace(/^["']|["']$/g, '').split('.', 1)[0]));
    for (const integration of integrations) {
      const reason: PackageReason = { kind: 'integration', value: integration };
      const def = this.get(integration);
      if (!def) {
        missing(integration, reason);
        continue;
      }
      const whole =
        NON_DATASET_PACKAGES.has(integration) ||
        MACHINE_LEARNING_PACKAGES.has(integration) ||
        (language === 'esql' && !datasetPackages.has(integration)) ||
        !packages.has(integration);
      use(def, whole ? def.streams : def.streams.filter((st) => st.packageLevel), reason);
    }

    // package-level fields go with any use of the package
    for (const sel of packages.values()) for (const st of sel.def.streams) if (st.packageLevel) sel.streams.add(st);
    return { packages, unavailable };
  }
}
