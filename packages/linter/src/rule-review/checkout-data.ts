/**
 * What the review checks read from a detection-rules checkout, loaded once per checkout (not per file):
 * its ATT&CK data (`detection_rules/etc/attack-v<version>.json.gz`, the lowest version as detection-rules'
 * baseline, a STIX bundle) and its technique redirects (`attack-technique-redirects.json`, revoked id ->
 * replacement). Either may be absent: the checks then do what the rest allows.
 */
import { isDirectory, join, readDirectory, readTextFile } from '@esql-lint/core/platform';
import { manifestPackageNames } from '@esql-lint/schema';

export interface AttackTechnique {
  name: string;
  /** Tactic names (as the data names them) the technique belongs to. */
  tactics: ReadonlySet<string>;
  revoked: boolean;
  deprecated: boolean;
}

export interface AttackData {
  /** The file it came from (for messages), e.g. `attack-v18.1.0.json.gz`. */
  file: string;
  /** Tactic name -> id. */
  tactics: ReadonlyMap<string, string>;
  /** Technique and sub-technique id -> what the data says of it. */
  techniques: ReadonlyMap<string, AttackTechnique>;
}

export interface CheckoutData {
  etcDir: string | undefined;
  attack: AttackData | undefined;
  /** Revoked technique id -> its replacement. */
  redirects: ReadonlyMap<string, string>;
  /** Why the ATT&CK data could not be read, if a file is there but broken. */
  attackError?: string;
  /** The packages of `integration-manifests.json.gz` (undefined without it). */
  packages: ReadonlySet<string> | undefined;
}

const cache = new Map<string, CheckoutData>();

/** The etc directory of a checkout root (`detection_rules/etc`), or of a custom rules directory (`etc`). */
function etcOf(root: string): string | undefined {
  for (const dir of [join(root, 'detection_rules', 'etc'), join(root, 'etc')]) if (isDirectory(dir)) return dir;
  return undefined;
}

/** The data of the checkout at `root`, read on first use. */
export function checkoutData(root: string): CheckoutData {
  let data = cache.get(root);
  if (!data) {
    data = load(etcOf(root));
    cache.set(root, data);
  }
  return data;
}

function versionOf(file: string): number[] {
  return (/^attack-v([\d.]+)\.json\.gz$/.exec(file)?.[1] ?? '0').split('.').map(Number);
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

function load(etcDir: string | undefined): CheckoutData {
  const out: CheckoutData = { etcDir, attack: undefined, redirects: new Map(), packages: undefined };
  if (!etcDir) return out;
  try {
    const r = JSON.parse(readTextFile(join(etcDir, 'attack-technique-redirects.json'))) as { mapping?: Record<string, string> };
    out.redirects = new Map(Object.entries(r.mapping ?? {}).filter(([, v]) => typeof v === 'string'));
  } catch {
    // absent or unreadable: no redirects
  }
  try {
    // The schemas read the same keys (and keep them across runs).
    out.packages = new Set(manifestPackageNames(join(etcDir, 'integration-manifests.json.gz')));
  } catch {
    // absent or unreadable: datasets are not matched with packages
  }
  let files: string[] = [];
  try {
    files = readDirectory(etcDir).filter((f) => /^attack-v[\d.]+\.json\.gz$/.test(f));
  } catch {
    return out;
  }
  if (!files.length) return out;
  const file = files.sort((a, b) => compareVersions(versionOf(a), versionOf(b)))[0];
  try {
    out.attack = parseAttack(file, JSON.parse(readTextFile(join(etcDir, file), true)));
  } catch (e) {
    out.attackError = `${file}: ${(e as Error).message}`;
  }
  return out;
}

interface StixObject {
  type?: string;
  name?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  external_references?: Array<{ source_name?: string; external_id?: string }>;
  kill_chain_phases?: Array<{ kill_chain_name?: string; phase_name?: string }>;
}

/** Tactics and techniques of an ATT&CK STIX bundle, as detection-rules reads them. */
export function parseAttack(file: string, bundle: { objects?: StixObject[] }): AttackData {
  const tactics = new Map<string, string>();
  const techniques = new Map<string, AttackTechnique>();
  const objects = Array.isArray(bundle.objects) ? bundle.objects : [];
  for (const o of objects) {
    const ref = o.external_references?.[0];
    if (o.type === 'x-mitre-tactic' && typeof o.name === 'string' && ref?.external_id) tactics.set(o.name, ref.external_id);
  }
  // A kill chain phase names its tactic in lower case with dashes ("defense-evasion").
  const byPhase = new Map([...tactics.keys()].map((n) => [n.toLowerCase(), n]));
  for (const o of objects) {
    const ref = o.external_references?.[0];
    if (o.type !== 'attack-pattern' || ref?.source_name !== 'mitre-attack' || !ref.external_id || typeof o.name !== 'string') continue;
    const inTactics = new Set<string>();
    for (const p of o.kill_chain_phases ?? []) {
      if (p.kill_chain_name !== 'mitre-attack' || !p.phase_name) continue;
      const t = byPhase.get(p.phase_name.replace(/-/g, ' '));
      if (t) inTactics.add(t);
    }
    techniques.set(ref.external_id, { name: o.name, tactics: inTactics, revoked: o.revoked === true, deprecated: o.x_mitre_deprecated === true });
  }
  return { file, tactics, techniques };
}
