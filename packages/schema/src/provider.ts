import { wildcardPattern } from '@esql-lint/core';
import { dirname, isAbsolute } from '@esql-lint/core/platform';
import { BundleCatalog, type Catalog, ChainCatalog } from './catalog.js';
import { type CustomSchema, customSchemaFromData, loadCustomSchema } from './custom.js';
import { BUNDLED_ECS_VERSION, bundledEcsLayer, topLevelNames } from './ecs.js';
import { isOpenType, Layer } from './layer.js';
import { NAMESPACE_OVERRIDES, OTHER_KNOWN_PACKAGES, PackageSelector, type Selection } from './packages.js';
import { BundledIndexSchemas } from './index-schemas.js';
import { findRulesRepo, RulesRepo, rulesRepoAt } from './rules-repo.js';
import { loadRuleApiSchemas } from './data-files.js';
import type { FieldLookup, ResolvedSchema, RuleApiSchemas, RuleSchemaInput, SchemaExplanation, SchemaOptions, SchemaProvider } from './types.js';
import { compareVersions, dataFileProblem, parseVersion, readDataFile, stripCcs } from './util.js';

/** Creates a provider; it loads every schema file on first use and keeps it, so one provider serves a whole run. */
export function createSchemaProvider(options: SchemaOptions = {}): SchemaProvider {
  return new Provider(options);
}

interface StackChoice {
  version: string;
  from: SchemaExplanation['stack']['from'];
  ecs?: string;
  beats?: string;
  endgame?: string;
}

class Provider implements SchemaProvider {
  private readonly bundle = new BundleCatalog();
  private readonly bundledIndexSchemas = new BundledIndexSchemas();
  private bundledRuleSchemas: RuleApiSchemas | undefined;
  private readonly apiChoices = new Map<RulesRepo, Map<string, RuleApiSchemas>>();
  private readonly knownSets = new Map<Catalog, Map<RulesRepo | undefined, ReadonlySet<string>>>();
  private readonly repos = new Map<string, RulesRepo>();
  private readonly dirCache = new Map<string, { etc?: string; config?: string }>();
  private readonly repoByDir = new Map<string, RulesRepo | undefined>();
  private lastFile: string | undefined;
  private lastRepo: RulesRepo | undefined;
  private readonly catalogs = new Map<string, Catalog>();
  private readonly resolved = new Map<string, ResolvedSchemaImpl>();
  private readonly repoCustoms = new Map<string, CustomSchema | { error: string }>();
  private userCustoms: Array<CustomSchema | { error: string }> | undefined;

  constructor(private readonly options: SchemaOptions) {}

  private repoFor(input: RuleSchemaInput): RulesRepo | undefined {
    const opt = this.options.rulesRepoRoot;
    if (opt === false) return undefined;
    if (typeof opt !== 'string' && input.filePath) {
      // Asked several times per rule file (its queries, its rule schema): kept per absolute directory
      // (a relative one depends on the working directory), as findRulesRepo's own cache keeps what it found,
      // and for the last file asked.
      const file = input.filePath;
      if (file === this.lastFile) return this.lastRepo;
      const dir = dirname(file);
      if (!isAbsolute(dir)) return this.repoOf(findRulesRepo(dir, this.dirCache));
      let repo: RulesRepo | undefined;
      if (this.repoByDir.has(dir)) repo = this.repoByDir.get(dir);
      else this.repoByDir.set(dir, (repo = this.repoOf(findRulesRepo(dir, this.dirCache))));
      this.lastFile = file;
      this.lastRepo = repo;
      return repo;
    }
    return this.repoOf(typeof opt === 'string' ? rulesRepoAt(opt) : undefined);
  }

  private repoOf(found: { root: string; etcDir?: string; configFile?: string } | undefined): RulesRepo | undefined {
    if (!found) return undefined;
    const key = `${found.etcDir ?? ''}|${found.configFile ?? ''}`;
    let repo = this.repos.get(key);
    if (!repo) this.repos.set(key, (repo = new RulesRepo(found.root, found.etcDir, found.configFile)));
    return repo;
  }

  private catalogFor(repo: RulesRepo | undefined): Catalog {
    const repoCatalog = repo?.integrationCatalog();
    if (!repo || !repoCatalog) return this.bundle;
    const key = repo.etcDir ?? repo.root;
    let c = this.catalogs.get(key);
    if (!c) this.catalogs.set(key, (c = new ChainCatalog([repoCatalog, this.bundle])));
    return c;
  }

  /** Package names the catalog, the rules repository and our list know (read-only; kept per catalog and repository). */
  private knownPackages(catalog: Catalog, repo: RulesRepo | undefined): ReadonlySet<string> {
    let byRepo = this.knownSets.get(catalog);
    if (!byRepo) this.knownSets.set(catalog, (byRepo = new Map()));
    let known = byRepo.get(repo);
    if (!known) byRepo.set(repo, (known = new Set([...catalog.names(), ...OTHER_KNOWN_PACKAGES, ...(repo?.knownPackages() ?? [])])));
    return known;
  }

  private customs(): Array<CustomSchema | { error: string }> {
    return (this.userCustoms ??= (this.options.customSchemas ?? []).map((spec) => {
      try {
        return loadCustomSchema(spec);
      } catch (e) {
        return { error: `custom schema ${'path' in spec ? spec.path : spec.name}: ${dataFileProblem(e)}` };
      }
    }));
  }

  customSchemaProblems(): string[] {
    return this.customs().flatMap((c) => ('error' in c ? [c.error] : []));
  }

  private repoCustom(file: string): CustomSchema | { error: string } {
    let c = this.repoCustoms.get(file);
    if (!c) {
      try {
        c = customSchemaFromData(file.split(/[\\/]/).pop()!, readDataFile(file));
      } catch (e) {
        c = { error: `custom schema ${file}: ${dataFileProblem(e)}` };
      }
      this.repoCustoms.set(file, c);
    }
    return c;
  }

  ruleApiSchemas(input: { filePath?: string; minStackVersion?: string }): RuleApiSchemas {
    const repo = this.repoFor({ language: 'kuery', ...(input.filePath ? { filePath: input.filePath } : {}) });
    const versions = repo?.etcDir ? repo.apiSchemaVersions() : [];
    if (repo && versions.length) {
      // Asked for every rule file: the choice is kept per repository and min_stack_version.
      let byMin = this.apiChoices.get(repo);
      if (!byMin) this.apiChoices.set(repo, (byMin = new Map()));
      const key = input.minStackVersion ?? '\u0000';
      const hit = byMin.get(key);
      if (hit) return hit;
      const numbered = versions.filter((v) => parseVersion(v)).sort(compareVersions);
      // The lowest version that covers min_stack_version (compared by major.minor), else the newest.
      const min = parseVersion(input.minStackVersion);
      const version =
        (min ? numbered.find((v) => { const p = parseVersion(v)!; return p[0] > min[0] || (p[0] === min[0] && p[1] >= min[1]); }) : undefined) ??
        numbered.at(-1) ??
        versions[0];
      const chosen: RuleApiSchemas = { version, source: `${repo.etcDir}/api_schemas/${version}`, types: repo.apiSchemas(version) };
      byMin.set(key, chosen);
      return chosen;
    }
    const b = (this.bundledRuleSchemas ??= loadRuleApiSchemas() as RuleApiSchemas);
    return { version: b.version, source: `bundled: ${b.source}`, types: b.types };
  }

  resolve(input: RuleSchemaInput): ResolvedSchema {
    const repo = this.repoFor(input);
    const key = JSON.stringify([
      repo?.etcDir ?? '',
      repo?.configFile ?? '',
      input.language,
      sortedCopy(input.index),
      sortedCopy(input.datasets),
      sortedCopy(input.modules),
      sortedCopy(input.integrations),
      input.minStackVersion ?? '',
    ]);
    let r = this.resolved.get(key);
    if (!r) {
      r = this.build(input, repo);
      this.resolved.set(key, r);
    }
    return r;
  }

  /** Stack choices per repository and min_stack_version (read-only): every rule's schema asks one. */
  private readonly stackChoices = new Map<RulesRepo | undefined, Map<string, StackChoice>>();

  private chooseStack(repo: RulesRepo | undefined, min: string | undefined): StackChoice {
    let byMin = this.stackChoices.get(repo);
    if (!byMin) this.stackChoices.set(repo, (byMin = new Map()));
    const key = min ?? '\u0000';
    let choice = byMin.get(key);
    if (!choice) byMin.set(key, (choice = this.computeStack(repo, min)));
    return choice;
  }

  private computeStack(repo: RulesRepo | undefined, min: string | undefined): StackChoice {
    const map = repo?.stackMap() ?? {};
    const current = repo?.currentPackageVersion();
    let versions = Object.keys(map).sort(compareVersions);
    if (current) {
      const upTo = versions.filter((v) => compareVersions(v, current) <= 0);
      if (upTo.length) versions = upTo;
    }
    if (!versions.length) return { version: min ?? 'default', from: 'default' };
    let version: string;
    let from: StackChoice['from'];
    if (min) {
      version = versions.find((v) => compareVersions(v, min) >= 0) ?? versions.at(-1)!;
      from = 'min_stack_version';
    } else {
      version = versions.at(-1)!;
      from = 'newest';
    }
    const m = map[version];
    return { version, from, ecs: m.ecs, beats: m.beats, endgame: m.endgame };
  }

  private build(input: RuleSchemaInput, repo: RulesRepo | undefined): ResolvedSchemaImpl {
    const warnings: string[] = [];
    const index = input.index ?? [];
    const stripped = index.map(stripCcs);
    const stack = this.chooseStack(repo, input.minStackVersion);

    // ECS
    let ecs: Layer | undefined;
    let ecsSource = '@elastic/ecs';
    if (repo && stack.ecs) {
      ecs = repo.ecsLayer(stack.ecs);
      if (ecs) ecsSource = `${repo.etcDir}/ecs_schemas/${stack.ecs}`;
      else if (stack.ecs !== BUNDLED_ECS_VERSION) warnings.push(`ECS ${stack.ecs} not found in the rules repository: using @elastic/ecs ${BUNDLED_ECS_VERSION}`);
    }
    ecs ??= bundledEcsLayer();
    const ecsTop = topLevelNames(ecs);

    // integration packages
    const catalog = this.catalogFor(repo);
    const known = this.knownPackages(catalog, repo);
    const integrationStack = input.minStackVersion ?? repo?.currentPackageVersion() ?? (stack.from === 'default' ? '9.4.0' : stack.version);
    const selector = new PackageSelector(catalog, integrationStack, known);
    const selection = selector.select(input.datasets ?? [], index, input.integrations ?? [], input.language);

    // beats
    const beatTypes = [...new Set(stripped.filter((s) => s.includes('beat-*')).map((s) => s.split('-', 1)[0]))];
    const datasetValues = (input.datasets ?? []).map((d) => d.replace(/^["']|["']$/g, ''));
    const modules = input.modules?.length ? [...input.modules] : [...new Set(datasetValues.filter((d) => d.includes('.')).map((d) => d.split('.', 1)[0]))];
    const beatsLayers: Layer[] = [];
    let beats: SchemaExplanation['beats'] = null;
    if (beatTypes.length) {
      const version = repo && stack.beats && repo.beatsVersions().includes(stack.beats) ? stack.beats : undefined;
      if (repo && version) {
        for (const beat of beatTypes) {
          const root = repo.beatsLayer(version, beat);
          if (root) beatsLayers.push(root);
          for (const mod of modules) {
            const l = repo.beatsLayer(version, beat, mod, datasetValues);
            if (l) beatsLayers.push(l);
          }
        }
        beats = { version, beats: beatTypes, modules, source: `${repo.etcDir}/beats_schemas/v${version}.json.gz` };
      } else warnings.push(`beats schemas not available for ${beatTypes.join(', ')} indices (no detection-rules checkout${stack.beats ? ` with beats ${stack.beats}` : ''})`);
    }

    // endgame
    let endgameLayer: Layer | undefined;
    let endgame: SchemaExplanation['endgame'] = null;
    if (index.includes('endgame-*')) {
      endgameLayer = repo && stack.endgame ? repo.endgameLayer(stack.endgame) : undefined;
      if (endgameLayer) endgame = { version: stack.endgame!, source: `${repo!.etcDir}/endgame_schemas/${stack.endgame}` };
      else if (!repo?.etcDir) {
        // Outside a checkout: the endgame schema detection-rules ships, bundled.
        const b = this.bundledIndexSchemas.endgameLayer();
        endgameLayer = b.layer;
        endgame = { version: b.version, source: b.source };
      } else selection.unavailable.set('endgame', [{ kind: 'index', pattern: 'endgame-*' }]);
    }

    // non-ECS fields by index pattern (the checkout's non-ecs-schema.json, or the bundled copy outside one;
    // the bundled alerts and ML results index fields in both cases), endpoint schemas
    const nonEcsLayers: Layer[] = [];
    const nonEcsExplained: SchemaExplanation['nonEcs'] = [];
    const addNonEcs = (l: Layer | undefined, pattern: string, source: string) => {
      if (!l || nonEcsLayers.includes(l)) return;
      nonEcsLayers.push(l);
      nonEcsExplained.push({ pattern, fields: l.fields.size, source });
    };
    const nonEcsMap = repo?.etcDir ? repo.nonEcs() : this.bundledIndexSchemas.nonEcs();
    const nonEcsSource = repo?.etcDir ? 'non-ecs-schema.json' : this.bundledIndexSchemas.nonEcsSource;
    const ownIndices = this.bundledIndexSchemas.indices();
    for (const p of new Set([...index, ...stripped])) {
      addNonEcs(nonEcsMap.get(p), p, nonEcsSource);
      for (const [key, own] of ownIndices) if (key === p || wildcardPattern(key).test(p)) addNonEcs(own.layer, key, own.source);
    }
    const endpoint = repo?.etcDir ? repo.endpointLayer() : this.bundledIndexSchemas.endpointLayer();

    // custom schemas
    const customEntries: Array<CustomSchema | { error: string }> = [
      ...this.customs(),
      ...(repo ? repo.customSchemaFiles(stack.from === 'default' ? undefined : stack.version).map((f) => this.repoCustom(f)) : []),
    ];
    const customLayers: Layer[] = [];
    const customExplained: SchemaExplanation['customSchemas'] = [];
    const exclusivelyCovered = new Set<string>();
    const usedNames = new Set<string>([...selection.packages.keys()]);
    for (const sel of selection.packages.values()) for (const st of sel.streams) for (const d of st.datasets) usedNames.add(d);
    for (const ds of datasetValues) usedNames.add(ds);
    for (const c of customEntries) {
      if ('error' in c) {
        warnings.push(c.error);
        continue;
      }
      const keys: string[] = [];
      let fields = 0;
      for (const [key, layer] of c.byKey) {
        // A key applies by name (package, dataset), by index pattern, or as a concrete index name (a mapping's)
        // that one of the rule's patterns matches.
        const applies = key === '*' || usedNames.has(key) || index.includes(key) || stripped.some((p) => indexKeyMatches(key, p));
        if (applies) {
          customLayers.push(layer);
          keys.push(key);
          fields += layer.fields.size;
          if (c.exclusive) for (const p of stripped) if (key === '*' || indexKeyMatches(key, p)) exclusivelyCovered.add(p);
        }
      }
      if (keys.length) customExplained.push({ name: c.name, keys, fields, ...(c.exclusive ? { exclusive: true } : {}), format: c.format });
    }
    // A real mapping is the truth for its indices: when it covers every index of the rule, nothing else applies.
    const exclusive = stripped.length > 0 && stripped.every((p) => exclusivelyCovered.has(p));
    if (exclusive) {
      selection.packages.clear();
      selection.unavailable.clear();
    }

    const streamLayers: Layer[] = [];
    for (const sel of selection.packages.values()) for (const st of sel.streams) streamLayers.push(st.layer());

    const layers = exclusive
      ? customLayers
      : [...customLayers, ...(endpoint ? [endpoint.layer] : []), ...nonEcsLayers, ecs, ...streamLayers, ...beatsLayers, ...(endgameLayer ? [endgameLayer] : [])];

    // namespaces of packages we lack, and of incomplete streams
    const unavailableNs = new Map<string, string>();
    for (const name of selection.unavailable.keys()) {
      const pkg = name.split('.', 1)[0];
      for (const ns of NAMESPACE_OVERRIDES[pkg] ?? [pkg]) if (!unavailableNs.has(ns)) unavailableNs.set(ns, name);
    }
    const incompleteNs = new Map<string, { package: string; stream: string }>();
    const incompletePackages: string[] = [];
    for (const sel of selection.packages.values()) {
      for (const st of sel.streams) {
        if (st.complete) continue;
        incompletePackages.push(`${st.package}.${st.name}`);
        const nss = new Set([st.package, ...streamNamespaces(st.layer(), ecs!, ecsTop)]);
        for (const ns of nss) if (!incompleteNs.has(ns)) incompleteNs.set(ns, { package: st.package, stream: st.name });
      }
    }

    const explanation = (fieldCount: number): SchemaExplanation => ({
      language: input.language,
      rulesRepo: repo ? { root: repo.root, etcDir: repo.etcDir, configFile: repo.configFile } : null,
      stack: { version: stack.version, from: stack.from, minStackVersion: input.minStackVersion },
      ecs: exclusive
        ? { version: 'none', source: 'not layered: custom schemas that are the truth for their indices (mappings) cover every index of the rule' }
        : { version: ecs!.source.replace(/^ecs /, ''), source: ecsSource },
      beats: exclusive ? null : beats,
      endgame: exclusive ? null : endgame,
      endpointSchemas: exclusive ? [] : endpoint?.files ?? [],
      packages: [...selection.packages.values()].map((sel) => {
        const streams = [...sel.streams].map((s) => s.name);
        const incompleteStreams = [...sel.streams].filter((s) => !s.complete).map((s) => s.name);
        return {
          package: sel.def.name,
          streams,
          version: sel.def.version,
          source: sel.def.source,
          complete: incompleteStreams.length === 0,
          incompleteStreams,
          reasons: sel.reasons,
        };
      }),
      nonEcs: exclusive ? [] : nonEcsExplained,
      customSchemas: customExplained,
      unavailablePackages: [...selection.unavailable].map(([pkg, reasons]) => ({ package: pkg, reasons })),
      incompletePackages,
      fieldCount,
      warnings,
    });
    return new ResolvedSchemaImpl(layers, exclusive ? NO_FIELDS : ecs, selection, unavailableNs, incompleteNs, explanation, repo?.root);
  }
}

const NO_FIELDS = new Layer('none', new Map());

const namespaceCache = new WeakMap<Layer, WeakMap<Layer, string[]>>();

/**
 * The namespaces an incomplete stream's fields are in, beyond ECS's (in field order): memoized per
 * stream layer and ECS layer, as every rule that selects the stream needs them (a scan of all its fields).
 */
function streamNamespaces(stream: Layer, ecs: Layer, ecsTop: ReadonlySet<string>): string[] {
  let byEcs = namespaceCache.get(stream);
  if (!byEcs) namespaceCache.set(stream, (byEcs = new WeakMap()));
  let out = byEcs.get(ecs);
  if (!out) {
    const nss = new Set<string>();
    for (const f of stream.fields.keys()) {
      const dot = f.indexOf('.');
      const top = dot < 0 ? f : f.slice(0, dot);
      // A stream that adds its own fields right under an ECS namespace (gen_ai.completion) extends it.
      if (!ecsTop.has(top) || (dot >= 0 && f.indexOf('.', dot + 1) < 0 && ecs.fields.get(f) === undefined)) nss.add(top);
    }
    byEcs.set(ecs, (out = [...nss]));
  }
  return out;
}

/** Whether a custom schema key (an index pattern or a concrete index name) and a rule's index pattern meet. */
function indexKeyMatches(key: string, pattern: string): boolean {
  if (key === pattern) return true;
  if (key.includes('*') && wildcardPattern(key).test(pattern)) return true;
  return pattern.includes('*') && wildcardPattern(pattern).test(key);
}

function subKeyType(type: string): { type: string; parentType: string } {
  if (type.startsWith('object:')) return { type: type.slice(7), parentType: 'object' };
  if (type === 'flattened') return { type: 'keyword', parentType: 'flattened' };
  return { type, parentType: type };
}

class ResolvedSchemaImpl implements ResolvedSchema {
  readonly unavailablePackages: string[];
  private readonly cache = new Map<string, FieldLookup>();
  private names: readonly string[] | undefined;

  constructor(
    private readonly layers: readonly Layer[],
    private readonly ecs: Layer,
    selection: Selection,
    private readonly unavailableNs: ReadonlyMap<string, string>,
    private readonly incompleteNs: ReadonlyMap<string, { package: string; stream: string }>,
    private readonly explanation: (fieldCount: number) => SchemaExplanation,
    readonly rulesRepoRoot: string | undefined,
  ) {
    this.unavailablePackages = [...selection.unavailable.keys()];
  }

  lookup(field: string): FieldLookup {
    let r = this.cache.get(field);
    if (!r) {
      r = this.compute(field);
      this.cache.set(field, r);
    }
    return r;
  }

  private compute(field: string): FieldLookup {
    for (const l of this.layers) {
      const t = l.fields.get(field);
      if (t !== undefined) return { kind: 'known', type: t.startsWith('object:') ? 'object' : t, source: l.source };
    }
    for (const l of this.layers) {
      for (const p of l.patterns) {
        if (p.re.test(field)) return { kind: 'open', ...subKeyType(p.type), via: p.name, source: l.source };
      }
    }
    const parts = field.split('.');
    for (let i = parts.length - 1; i >= 1; i--) {
      const ancestor = parts.slice(0, i).join('.');
      let leaf = false;
      for (const l of this.layers) {
        const t = l.fields.get(ancestor);
        if (t === undefined) continue;
        if (isOpenType(t)) return { kind: 'open', ...subKeyType(t), via: ancestor, source: l.source };
        leaf = true;
      }
      if (leaf) break;
    }
    const top = parts[0];
    const unavailable = this.unavailableNs.get(top);
    if (unavailable) return { kind: 'unavailable', package: unavailable };
    const incomplete = this.incompleteNs.get(top);
    if (incomplete) return { kind: 'incomplete', package: incomplete.package, stream: incomplete.stream };
    return { kind: 'unknown' };
  }

  fieldNames(): readonly string[] {
    // The sorted union of the layers' sorted names (each layer's kept: layers are shared by many schemas).
    if (!this.names) this.names = this.layers.reduce<readonly string[]>((all, l) => mergeSorted(all, layerNames(l)), []);
    return this.names;
  }

  matchPattern(pattern: string): string[] {
    const re = wildcardPattern(pattern);
    // Only names that start with the pattern's text before its first '*' can match, and in the sorted
    // names they are one run: found by a binary search, not by testing every name.
    const names = this.fieldNames();
    const star = pattern.indexOf('*');
    const prefix = star === -1 ? pattern : pattern.slice(0, star);
    const out: string[] = [];
    for (let i = lowerBound(names, prefix); i < names.length && names[i].startsWith(prefix); i++) if (re.test(names[i])) out.push(names[i]);
    // schema names that are themselves patterns (`a.*.b`) match when written the same way
    for (const l of this.layers) for (const p of l.patterns) if ((p.name === pattern || re.test(p.name)) && !out.includes(p.name)) out.push(p.name);
    return out;
  }

  allowedValues(field: string): readonly string[] | undefined {
    return this.ecs.allowedValues?.get(field);
  }

  explain(): SchemaExplanation {
    return this.explanation(this.fieldNames().length);
  }
}

/** Each layer's field names but patterns, sorted (as `Array.prototype.sort` orders strings). */
const sortedLayerNames = new WeakMap<Layer, readonly string[]>();
function layerNames(l: Layer): readonly string[] {
  let names = sortedLayerNames.get(l);
  if (!names) sortedLayerNames.set(l, (names = [...l.fields.keys()].filter((n) => !n.includes('*')).sort()));
  return names;
}

/** The first index of a sorted list whose name is not below `name` (the list's length when none). */
function lowerBound(names: readonly string[], name: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (names[mid] < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The sorted union of two sorted lists without repeats: `[...new Set([...a, ...b])].sort()`. */
function mergeSorted(a: readonly string[], b: readonly string[]): readonly string[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x < y) {
      out.push(x);
      i++;
    } else if (y < x) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

const NO_NAMES: readonly string[] = [];
/** A list in sorted order for a key (the list itself when it has no order to change). */
const sortedCopy = (list: readonly string[] | undefined): readonly string[] => (!list || list.length === 0 ? NO_NAMES : list.length === 1 ? list : [...list].sort());
