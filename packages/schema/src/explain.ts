import type { PackageReason, SchemaExplanation } from './types.js';

function reason(r: PackageReason): string {
  if (r.kind === 'dataset') return `dataset "${r.value}"`;
  if (r.kind === 'index') return `index ${r.pattern}`;
  return `metadata.integration "${r.value}"`;
}

/** Human-readable text of a schema explanation (for `esql-lint --explain-schema FILE`). */
export function formatSchemaExplanation(e: SchemaExplanation): string {
  const out: string[] = [];
  out.push(`Schema for a ${e.language} rule: ${e.fieldCount} known fields`);
  out.push(
    e.rulesRepo
      ? `Rules repository: ${e.rulesRepo.root}${e.rulesRepo.etcDir ? ` (schemas in ${e.rulesRepo.etcDir})` : ''}${e.rulesRepo.configFile ? ` (config ${e.rulesRepo.configFile})` : ''}`
      : 'Rules repository: none (bundled schemas only)',
  );
  const from =
    e.stack.from === 'min_stack_version'
      ? `from min_stack_version ${e.stack.minStackVersion}`
      : e.stack.from === 'newest'
        ? 'newest in stack-schema-map (no min_stack_version)'
        : 'no stack-schema-map';
  out.push(`Stack: ${e.stack.version} (${from})`);
  out.push(`ECS: ${e.ecs.version} (${e.ecs.source})`);
  if (e.beats) out.push(`Beats: ${e.beats.version}, ${e.beats.beats.join(', ')}${e.beats.modules.length ? `; modules ${e.beats.modules.join(', ')}` : ''}`);
  if (e.endgame) out.push(`Endgame: ${e.endgame.version}`);
  if (e.endpointSchemas.length) out.push(`Endpoint schemas: ${e.endpointSchemas.join(', ')}`);
  if (e.packages.length) {
    out.push('Integration packages:');
    for (const p of e.packages) {
      const streams = p.streams.map((s) => (p.incompleteStreams.includes(s) ? `${s} (incomplete)` : s)).join(', ');
      out.push(`  ${p.package}${p.version ? ` ${p.version}` : ''}: ${streams || '(no streams)'} [${p.source}]; because of ${p.reasons.map(reason).join(', ')}`);
    }
  } else out.push('Integration packages: none');
  for (const n of e.nonEcs) out.push(`Non-ECS fields for ${n.pattern}: ${n.fields}`);
  for (const c of e.customSchemas) {
    const what = c.format === 'mapping' ? ' (Elasticsearch mapping)' : c.format === 'field-caps' ? ' (field capabilities)' : '';
    out.push(`Custom schema ${c.name}${what}: ${c.fields} fields for ${c.keys.join(', ')}${c.exclusive ? '; the truth for these indices (ECS and packages not layered on top)' : ''}`);
  }
  for (const u of e.unavailablePackages) out.push(`No schema for ${u.package} (${u.reasons.map(reason).join(', ')}): its fields are not checked`);
  if (e.incompletePackages.length) out.push(`Known incomplete: ${e.incompletePackages.join(', ')} (missing fields there are warnings)`);
  for (const w of e.warnings) out.push(`Warning: ${w}`);
  return out.join('\n') + '\n';
}
