import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const cache = new Map<string, boolean>();

/**
 * Whether a file lies inside a detection-rules checkout: one of its ancestor directories holds
 * `detection_rules/etc`. Cached per directory, so a run over thousands of rules stats each directory once.
 */
export function inDetectionRulesCheckout(filePath: string): boolean {
  return dirInCheckout(dirname(resolve(filePath)));
}

function dirInCheckout(dir: string): boolean {
  const cached = cache.get(dir);
  if (cached !== undefined) return cached;
  let found = existsSync(join(dir, 'detection_rules', 'etc'));
  if (!found) {
    const parent = dirname(dir);
    found = parent !== dir && dirInCheckout(parent);
  }
  cache.set(dir, found);
  return found;
}
