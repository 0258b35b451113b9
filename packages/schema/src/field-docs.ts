import { loadEcsFlat, loadIntegrationBundle } from './data-files.js';
import { isRecord } from './util.js';

/** What ECS says about one of its fields (for editor hovers and completion documentation). */
export interface EcsFieldDoc {
  description: string;
  type: string;
  example?: string;
  /** The values ECS allows, with what each means. */
  allowedValues?: Array<{ name: string; description: string }>;
}

let ecsDocs: Map<string, EcsFieldDoc> | undefined;

/** The ECS description of a field (bundled `@elastic/ecs`), loaded on first use. */
export function ecsFieldDoc(name: string): EcsFieldDoc | undefined {
  if (!ecsDocs) {
    ecsDocs = new Map();
    const flat = loadEcsFlat();
    if (isRecord(flat)) {
      for (const [field, def] of Object.entries(flat)) {
        if (!isRecord(def)) continue;
        const doc: EcsFieldDoc = { description: String(def.short ?? def.description ?? ''), type: String(def.type ?? 'keyword') };
        if (def.example !== undefined) doc.example = String(def.example);
        if (Array.isArray(def.allowed_values)) {
          doc.allowedValues = def.allowed_values.filter(isRecord).map((v) => ({ name: String(v.name), description: String(v.description ?? '').trim() }));
        }
        ecsDocs.set(field, doc);
      }
    }
  }
  return ecsDocs.get(name);
}

/** A data stream of a bundled integration package. */
export interface KnownDataStream {
  package: string;
  stream: string;
  /** `aws.cloudtrail` */
  dataset: string;
}

let streams: KnownDataStream[] | undefined;

/** Every data stream of the bundled integrations (their `event.dataset` / `data_stream.dataset` values). */
export function knownDataStreams(): readonly KnownDataStream[] {
  if (!streams) {
    streams = [];
    const bundle = loadIntegrationBundle();
    const packages = isRecord(bundle) && isRecord(bundle.packages) ? bundle.packages : {};
    for (const [pkg, def] of Object.entries(packages)) {
      if (!isRecord(def) || !isRecord(def.streams)) continue;
      for (const [stream, s] of Object.entries(def.streams)) {
        if (stream === '_package' || !isRecord(s)) continue;
        streams.push({ package: pkg, stream, dataset: typeof s.dataset === 'string' ? s.dataset : `${pkg}.${stream}` });
      }
    }
    streams.sort((a, b) => a.dataset.localeCompare(b.dataset));
  }
  return streams;
}
