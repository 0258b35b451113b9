import { loadIndexSchemas } from './data-files.js';
import { Layer } from './layer.js';
import { isRecord } from './util.js';

/** The part of data/index-schemas.json each user reads (see scripts/generate-index-schemas.mjs). */
interface IndexSchemasData {
  nonEcs: { source: string; byIndex: Record<string, Record<string, string>> };
  indices: Record<string, { source: string; fields: Record<string, string> }>;
  endgame: { version: string; source: string; fields: Record<string, string> };
  endpoint: { files: string[]; source: string; fields: Record<string, string> };
}

/**
 * The schemas a detection-rules checkout supplies by index pattern (non-ECS fields, endgame, endpoint), as
 * bundled for rules kept outside a checkout, and the alerts and ML results index fields. Loaded on first use.
 */
export class BundledIndexSchemas {
  private data: IndexSchemasData | undefined;
  private nonEcsLayers: Map<string, Layer> | undefined;
  private indexLayers: Map<string, { layer: Layer; source: string }> | undefined;
  private endgame: Layer | undefined;
  private endpoint: Layer | undefined;

  private load(): IndexSchemasData {
    if (!this.data) {
      const raw = loadIndexSchemas();
      if (!isRecord(raw) || !isRecord(raw.indices)) throw new Error('data/index-schemas.json is malformed');
      this.data = raw as unknown as IndexSchemasData;
    }
    return this.data;
  }

  /** detection-rules' non-ECS fields by exact index pattern (its non-ecs-schema.json), for rules outside a checkout. */
  nonEcs(): ReadonlyMap<string, Layer> {
    return (this.nonEcsLayers ??= new Map(
      Object.entries(this.load().nonEcs.byIndex).map(([p, fields]) => [p, new Layer(`non-ecs ${p} (bundled)`, new Map(Object.entries(fields)))]),
    ));
  }

  get nonEcsSource(): string {
    return `bundled: ${this.load().nonEcs.source}`;
  }

  /** Fields of Elastic's own indices (alerts, ML results) by index pattern, with their source. */
  indices(): ReadonlyMap<string, { layer: Layer; source: string }> {
    return (this.indexLayers ??= new Map(
      Object.entries(this.load().indices).map(([p, d]) => [p, { layer: new Layer(`${p} (bundled)`, new Map(Object.entries(d.fields))), source: `bundled: ${d.source}` }]),
    ));
  }

  endgameLayer(): { layer: Layer; version: string; source: string } {
    const d = this.load().endgame;
    this.endgame ??= new Layer(`endgame ${d.version} (bundled)`, new Map(Object.entries(d.fields)));
    return { layer: this.endgame, version: d.version, source: `bundled: ${d.source}` };
  }

  endpointLayer(): { layer: Layer; files: string[] } {
    const d = this.load().endpoint;
    this.endpoint ??= new Layer('endpoint schemas (bundled)', new Map(Object.entries(d.fields)));
    return { layer: this.endpoint, files: d.files.map((f) => `bundled: ${d.source}/${f}`) };
  }
}
