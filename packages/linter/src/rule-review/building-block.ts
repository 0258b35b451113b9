/**
 * `building-block`: building block rules live in rules_building_block/ with `building_block_type = "default"`
 * and the tag "Rule Type: BBR", and look back far enough; rules elsewhere have no building_block_type.
 */
import { diagnostic, type Span } from '@esql-lint/core';
import { addToArrayFix, headerOrStart, insertKeyFix } from './edits.js';
import { pathParts, str, tagsOf, tagsSpan, type ReviewContext } from './context.js';
import { BBR_MIN_INTERVAL_MS, BBR_MIN_LOOKBACK_MS, BUILDING_BLOCK_DIR, TAG } from './facts.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration `5m`, `2h` in milliseconds, if it is one. */
function durationMs(s: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(s);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}

export function checkBuildingBlock({ document, report }: ReviewContext): void {
  const { rule, metadata } = document;
  const parts = pathParts(document.path);
  const inDir = parts.slice(0, -1).includes(BUILDING_BLOCK_DIR);
  const directly = parts[parts.length - 2] === BUILDING_BLOCK_DIR;
  const type = rule.building_block_type;
  // Spans are looked up only where a check needs one (most rules have no building_block_type).
  const keySpan = () => document.keySpan(['rule', 'building_block_type']);
  const valueSpan = () => document.valueSpan(['rule', 'building_block_type']);
  const bad = (message: string, span: Span, fix?: ReturnType<typeof insertKeyFix>) => report(diagnostic('building-block', 'error', message, span, fix ? [fix] : undefined));

  if (inDir) {
    if (type === undefined) {
      bad(`A rule in ${BUILDING_BLOCK_DIR}/ is a building block rule: it needs building_block_type = "default".`, headerOrStart(document, 'rule'),
        insertKeyFix(document, 'rule', 'building_block_type', '"default"', 'Add building_block_type = "default"'));
    } else if (type !== 'default') {
      const span = valueSpan();
      if (span) bad(`building_block_type must be "default", not ${JSON.stringify(type)}.`, span, { title: 'Change to "default"', edits: [{ span, newText: '"default"' }], safe: true });
    }
    const span = directly ? undefined : keySpan();
    if (span) bad(`Building block rules sit directly in ${BUILDING_BLOCK_DIR}/, not in a folder below it.`, span);
  } else if (type !== undefined) {
    const span = keySpan();
    if (span) bad(`A building block rule (building_block_type) belongs in ${BUILDING_BLOCK_DIR}/; this file is elsewhere. Move it, or remove building_block_type if it is not a building block.`, span);
  }
  if (!inDir && type === undefined) return;

  if (inDir && !tagsOf(document).includes(TAG.buildingBlock)) {
    bad(`A building block rule needs the tag "${TAG.buildingBlock}".`, tagsSpan(document), addToArrayFix(document, ['rule', 'tags'], [TAG.buildingBlock], `Add the tag "${TAG.buildingBlock}"`));
  }

  // Building blocks run rarely over a long look-back (unless bypass_bbr_timing): from at least now-119m, interval
  // at least 60m. Checked in rules_building_block/ only: a building block elsewhere is one mistake, its place.
  if (!inDir || type === undefined || metadata.bypass_bbr_timing === true) return;
  const from = str(rule.from);
  const interval = str(rule.interval);
  if (from === undefined || interval === undefined) {
    bad(`A building block rule needs "from" (at least now-119m) and "interval" (at least 60m), or bypass_bbr_timing = true in [metadata].`, keySpan() ?? headerOrStart(document, 'rule'));
    return;
  }
  const lookback = from.startsWith('now-') ? durationMs(from.slice(4)) : undefined;
  if (lookback !== undefined && lookback < BBR_MIN_LOOKBACK_MS) {
    bad(`A building block rule looks back at least 119 minutes: "from" must be now-119m or earlier, not "${from}" (or set bypass_bbr_timing = true in [metadata]).`, document.valueSpan(['rule', 'from'])!);
  }
  const every = durationMs(interval);
  if (every !== undefined && every < BBR_MIN_INTERVAL_MS) {
    bad(`A building block rule runs at most hourly: "interval" must be 60m or more, not "${interval}" (or set bypass_bbr_timing = true in [metadata]).`, document.valueSpan(['rule', 'interval'])!);
  }
}
